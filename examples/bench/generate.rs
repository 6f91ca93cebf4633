//! The synthetic corpus: a rapport project of `editions × languages × pages` and the same
//! Markdown as a Hugo site.
//!
//! Deterministic: every page draws its words from a generator seeded by its edition and
//! position only, so two runs write the same bytes, and every language of a page has the
//! same structure (paragraphs, headings, table, footnotes, blocks) in its own words.

use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The size and shape of a corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Editions (yearly reports), the latest in 2025.
    pub editions: usize,
    /// Language codes; the first is the default.
    pub languages: Vec<String>,
    /// Narrative pages per edition and language.
    pub pages: usize,
}

impl Shape {
    /// The shape of a corpus of about `total` narrative pages in two languages, 100 pages
    /// per edition (a small total gets fewer pages per edition, never fewer than 1).
    pub fn bilingual(total: usize) -> Shape {
        Shape::bilingual_by(total, 100)
    }

    /// As [`Shape::bilingual`], with up to `per_edition` pages per edition and language
    /// (one edition of 2,500 pages: `bilingual_by(5000, 2500)`).
    pub fn bilingual_by(total: usize, per_edition: usize) -> Shape {
        let languages = vec!["fr".to_string(), "en".to_string()];
        let per_language = (total / 2).max(1);
        let pages = per_language.min(per_edition.max(1));
        let editions = per_language.div_ceil(pages);
        Shape {
            editions,
            languages,
            pages,
        }
    }

    /// Narrative pages in all languages.
    pub fn total_pages(&self) -> usize {
        self.editions * self.languages.len() * self.pages
    }

    fn first_year(&self) -> usize {
        2026 - self.editions
    }

    /// A one-line description, stored beside the corpus to know when to regenerate it.
    pub fn stamp(&self) -> String {
        format!(
            "editions={} languages={} pages={} generator=1\n",
            self.editions,
            self.languages.join(","),
            self.pages
        )
    }
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    /// Markdown pages in all languages.
    pub pages: usize,
    /// Words in those pages' bodies.
    pub words: usize,
}

/// Writes `dir/rapport` (a rapport project using the theme folder `theme`) and
/// `dir/hugo` (a Hugo site with the same Markdown), replacing what was there.
pub fn corpus(dir: &Path, shape: &Shape, theme: &Path) -> io::Result<Written> {
    if dir.exists() {
        fs::remove_dir_all(dir)?;
    }
    let project = dir.join("rapport");
    let hugo = dir.join("hugo");
    fs::create_dir_all(&project)?;
    fs::write(project.join("rapport.toml"), rapport_toml(shape))?;
    copy_tree(theme, &project.join("themes").join("default"))?;
    hugo_skeleton(&hugo, shape)?;
    let mut written = Written::default();
    for e in 0..shape.editions {
        let year = shape.first_year() + e;
        let edition_dir = project.join("content").join(year.to_string());
        fs::create_dir_all(&edition_dir)?;
        fs::write(edition_dir.join("edition.toml"), edition_toml(year))?;
        fs::write(edition_dir.join("indicators.toml"), indicators_toml(e))?;
        fs::write(edition_dir.join("projects.toml"), projects_toml(year))?;
        for lang in &shape.languages {
            let lang_dir = edition_dir.join(lang);
            let hugo_dir = hugo.join("content").join(lang).join(year.to_string());
            fs::create_dir_all(&lang_dir)?;
            fs::create_dir_all(&hugo_dir)?;
            fs::write(
                hugo_dir.join("_index.md"),
                format!("+++\ntitle = \"{}\"\n+++\n", edition_title(year, lang)),
            )?;
            for p in 0..shape.pages {
                let page = page(shape, e, p, lang);
                written.pages += 1;
                written.words += page.words;
                let name = format!("{}.md", page_name(p));
                fs::write(lang_dir.join(&name), &page.text)?;
                fs::write(hugo_dir.join(&name), for_hugo(&page.text))?;
            }
        }
    }
    fs::write(dir.join("stamp"), shape.stamp())?;
    Ok(written)
}

pub fn copy_tree(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type()?.is_dir() {
            copy_tree(&entry.path(), &target)?;
        } else {
            fs::copy(entry.path(), target)?;
        }
    }
    Ok(())
}

fn rapport_toml(shape: &Shape) -> String {
    let languages: Vec<String> = shape.languages.iter().map(|l| format!("\"{l}\"")).collect();
    let mut s = format!(
        "languages = [{}]\ntheme = \"default\"\n\n[title]\n",
        languages.join(", ")
    );
    for lang in &shape.languages {
        let _ = writeln!(
            s,
            "{lang} = \"{}\"",
            if lang == "fr" {
                "Rapports synthétiques"
            } else {
                "Synthetic reports"
            }
        );
    }
    s
}

fn edition_title(year: usize, lang: &str) -> String {
    if lang == "fr" {
        format!("Rapport d’étape {year}")
    } else {
        format!("{year} progress report")
    }
}

const OUTPUTS: [(&str, &str); 4] = [("1.1", "1"), ("1.2", "1"), ("2.1", "2"), ("2.2", "2")];

fn edition_toml(year: usize) -> String {
    let mut s = format!(
        "year = {year}\ndate = \"{}-03-15\"\n\n[title]\nfr = \"{}\"\nen = \"{}\"\n\n[totals]\ncompleted_projects = 12\n",
        year + 1,
        edition_title(year, "fr"),
        edition_title(year, "en")
    );
    for outcome in ["1", "2"] {
        let _ = write!(
            s,
            "\n[[outcomes]]\nid = \"{outcome}\"\ntitle.fr = \"Résultat {outcome}\"\ntitle.en = \"Outcome {outcome}\"\n"
        );
    }
    for (output, outcome) in OUTPUTS {
        let _ = write!(
            s,
            "\n[[outputs]]\nid = \"{output}\"\noutcome = \"{outcome}\"\ntitle.fr = \"Produit {output}\"\ntitle.en = \"Output {output}\"\n"
        );
    }
    s
}

/// A strategy runs four years: its editions report the same indicators, so each gets
/// trend pages; the next strategy names new ones.
fn indicator_id(edition: usize, output: &str) -> String {
    let period = edition / 4;
    let mut letters = String::new();
    let mut n = period;
    loop {
        letters.insert(0, char::from(b'a' + (n % 26) as u8));
        n /= 26;
        if n == 0 {
            break;
        }
        n -= 1;
    }
    format!("{output}.{letters}")
}

fn indicators_toml(edition: usize) -> String {
    let mut s = String::new();
    for (k, (output, _)) in OUTPUTS.iter().enumerate() {
        let id = indicator_id(edition, output);
        let current = 20 + (edition % 4) * 15 + k * 3;
        let _ = write!(
            s,
            "[[indicators]]\nid = \"{id}\"\noutput = \"{output}\"\ndescription.fr = \"Pourcentage des bureaux équipés ({id}).\"\ndescription.en = \"Percentage of offices equipped ({id}).\"\nverification.fr = \"Registre des bureaux.\"\nverification.en = \"Register of offices.\"\n\n\
             [indicators.baseline]\ntext.fr = \"{b} %\"\ntext.en = \"{b}%\"\nvalue = {b}\nunit = \"percent\"\n\n\
             [indicators.milestone]\ntext.fr = \"90 %\"\ntext.en = \"90%\"\nvalue = 90\nunit = \"percent\"\n\n\
             [indicators.current]\ntext.fr = \"{current} %\"\ntext.en = \"{current}%\"\nvalue = {current}\nunit = \"percent\"\n\n",
            b = 10 + k * 2,
        );
    }
    s
}

fn projects_toml(year: usize) -> String {
    let mut s = String::from(
        "[[categories]]\nid = \"automation\"\nlabel.fr = \"Automatisation\"\nlabel.en = \"Automation\"\n\n\
         [[categories]]\nid = \"security\"\nlabel.fr = \"Sécurité\"\nlabel.en = \"Security\"\n\n",
    );
    for k in 0..8 {
        let (output, _) = OUTPUTS[k % OUTPUTS.len()];
        let category = if k % 2 == 0 { "automation" } else { "security" };
        let (status, year_line) = match k % 3 {
            0 | 1 => ("completed", format!("year = {year}\n")),
            _ => ("in-progress", String::new()),
        };
        let _ = write!(
            s,
            "[[projects]]\nid = \"project-{k}\"\nname.fr = \"Projet {k}\"\nname.en = \"Project {k}\"\noutput = \"{output}\"\ncategory = \"{category}\"\nstatus = \"{status}\"\n{year_line}paragraphs = [{}]\n\n",
            k + 1
        );
    }
    s
}

fn page_name(p: usize) -> String {
    format!("{:04}-section-{:04}", p + 1, p + 1)
}

/// A deterministic generator (SplitMix64).
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const EN_WORDS: &[&str] = &[
    "the",
    "of",
    "and",
    "to",
    "in",
    "a",
    "for",
    "is",
    "on",
    "that",
    "by",
    "with",
    "as",
    "were",
    "its",
    "strategy",
    "office",
    "project",
    "data",
    "digital",
    "services",
    "system",
    "support",
    "staff",
    "progress",
    "management",
    "information",
    "technology",
    "improved",
    "platform",
    "security",
    "delivery",
    "capacity",
    "knowledge",
    "cloud",
    "applications",
    "process",
    "automation",
    "review",
    "outcome",
    "output",
    "indicator",
    "milestone",
    "baseline",
    "users",
    "network",
    "training",
    "access",
    "remote",
    "work",
    "teams",
    "governance",
    "risk",
    "budget",
    "completed",
    "launched",
    "implementation",
    "efficiency",
    "transparent",
    "participatory",
    "agile",
    "resources",
    "department",
    "field",
    "offices",
    "countries",
    "partners",
    "reporting",
    "quality",
    "design",
    "migration",
    "infrastructure",
    "continuity",
    "analytics",
    "dashboard",
    "workflow",
    "portal",
    "policy",
    "standards",
    "assessment",
    "evaluation",
    "year",
];

const FR_WORDS: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "et",
    "à",
    "en",
    "du",
    "pour",
    "par",
    "sur",
    "dans",
    "avec",
    "une",
    "un",
    "stratégie",
    "bureau",
    "projet",
    "données",
    "numérique",
    "services",
    "système",
    "appui",
    "personnel",
    "progrès",
    "gestion",
    "information",
    "technologie",
    "amélioré",
    "plateforme",
    "sécurité",
    "prestation",
    "capacité",
    "connaissances",
    "nuage",
    "applications",
    "procédure",
    "automatisation",
    "examen",
    "résultat",
    "produit",
    "indicateur",
    "étape",
    "référence",
    "utilisateurs",
    "réseau",
    "formation",
    "accès",
    "distance",
    "travail",
    "équipes",
    "gouvernance",
    "risque",
    "budget",
    "achevé",
    "lancé",
    "mise",
    "œuvre",
    "efficience",
    "transparente",
    "participative",
    "souple",
    "ressources",
    "département",
    "terrain",
    "pays",
    "partenaires",
    "rapport",
    "qualité",
    "conception",
    "migration",
    "infrastructure",
    "continuité",
    "analyse",
    "tableau",
    "flux",
    "portail",
    "politique",
    "normes",
    "évaluation",
    "année",
];

/// One generated page.
pub struct GeneratedPage {
    /// The Markdown file.
    pub text: String,
    /// Words in its body.
    pub words: usize,
}

struct Writer {
    rng: Rng,
    words: &'static [&'static str],
    count: usize,
    out: String,
}

impl Writer {
    fn word(&mut self) -> &'static str {
        self.count += 1;
        self.words[self.rng.below(self.words.len())]
    }

    fn words(&mut self, n: usize) -> String {
        let mut s = String::new();
        for k in 0..n {
            if k > 0 {
                s.push(' ');
            }
            s.push_str(self.word());
        }
        s
    }

    fn sentence(&mut self, n: usize) -> String {
        let mut s = self.words(n);
        if let Some(first) = s.chars().next() {
            let upper: String = first.to_uppercase().collect();
            s.replace_range(..first.len_utf8(), &upper);
        }
        s.push('.');
        s
    }

    /// A paragraph of about `n` words with emphasis, and the given inline extras.
    fn paragraph(&mut self, n: usize, extra: &str) {
        let mut left = n;
        let mut sentences = Vec::new();
        while left > 0 {
            let len = (8 + self.rng.below(12)).min(left);
            left -= len;
            let mut s = self.sentence(len);
            match self.rng.below(6) {
                0 => s = format!("{} *{}*.", s.trim_end_matches('.'), self.words(2)),
                1 => s = format!("{} **{}**.", s.trim_end_matches('.'), self.words(2)),
                _ => {}
            }
            sentences.push(s);
        }
        let _ = write!(self.out, "{}{extra}\n\n", sentences.join(" "));
    }
}

/// Page `p` of edition `e` in `lang`.
pub fn page(shape: &Shape, e: usize, p: usize, lang: &str) -> GeneratedPage {
    let words = if lang == "fr" { FR_WORDS } else { EN_WORDS };
    let mut w = Writer {
        rng: Rng::new(((e as u64) << 32) ^ p as u64 ^ 0x5EED),
        words,
        count: 0,
        out: String::new(),
    };
    let fr = lang == "fr";
    let other = shape.languages.iter().find(|l| *l != lang).cloned();
    let title = w.sentence(4);
    w.count = 0;
    let _ = write!(
        w.out,
        "+++\ntitle = \"{}\"\nweight = {}\n+++\n\n",
        title.trim_end_matches('.'),
        p + 1
    );
    w.paragraph(60, "[^a]");
    let next = page_name((p + 1) % shape.pages);
    let link = if fr {
        "la section suivante"
    } else {
        "the next section"
    };
    w.paragraph(60, &format!(" See [{link}]({next}.md)."));
    for section in 0..4 {
        let heading = w.sentence(3);
        let _ = write!(w.out, "## {}\n\n", heading.trim_end_matches('.'));
        w.paragraph(70, "");
        match section {
            0 => {
                let (a, b) = if fr {
                    ("Indicateur", "Valeur")
                } else {
                    ("Indicator", "Value")
                };
                let _ = write!(w.out, "| {a} | {b} | 2023 | 2024 |\n|---|---:|---:|---:|\n");
                for row in 0..6 {
                    let label = w.words(3);
                    let _ = writeln!(
                        w.out,
                        "| {label} | {} | {} | {} |",
                        10 + row * 7,
                        20 + row * 5,
                        30 + row * 3
                    );
                }
                w.out.push('\n');
            }
            1 => {
                for _ in 0..4 {
                    let item = w.sentence(12);
                    let _ = writeln!(w.out, "- {item}");
                }
                w.out.push('\n');
            }
            2 => {
                let note = w.sentence(20);
                let _ = write!(w.out, "{{-}} {note}\n\n");
            }
            _ => {}
        }
        let cross = match (&other, section) {
            (Some(other), 3) => format!(
                " [{}](../{other}/{}.md)",
                if fr { "Autre langue" } else { "Other language" },
                page_name(p)
            ),
            _ => String::new(),
        };
        w.paragraph(75, "[^b]");
        w.paragraph(
            75,
            &format!(" [INFOTEC](https://example.org/infotec/{p}){cross}."),
        );
    }
    if p % 10 == 3 {
        let (output, _) = OUTPUTS[(e + p) % OUTPUTS.len()];
        let _ = write!(w.out, "```{{indicators}}\noutput = \"{output}\"\n```\n\n");
    }
    if p % 10 == 7 {
        let caption = if fr {
            "Projets achevés, par produit"
        } else {
            "Completed projects by output"
        };
        let _ = write!(
            w.out,
            "```{{figure}}\nchart = \"completed-by-output\"\ncaption = \"{caption}\"\n```\n\n"
        );
    }
    w.paragraph(60, "");
    let a = w.sentence(14);
    let b = w.sentence(14);
    let _ = write!(
        w.out,
        "[^a]: {a}\n[^b]: {b} [GB.343](https://example.org/gb343).\n"
    );
    GeneratedPage {
        words: w.count,
        text: w.out,
    }
}

/// The same page for Hugo: rapport's own syntax made plain (`{-}` dropped, rapport blocks
/// kept as TOML code blocks).
pub fn for_hugo(text: &str) -> String {
    text.replace("{-} ", "")
        .replace("```{indicators}", "```toml")
        .replace("```{figure}", "```toml")
}

fn hugo_skeleton(dir: &Path, shape: &Shape) -> io::Result<()> {
    let mut config = String::from(
        "baseURL = \"https://example.org/\"\ntitle = \"Synthetic reports\"\ndisableKinds = [\"taxonomy\", \"term\", \"RSS\", \"sitemap\", \"robotsTXT\"]\n",
    );
    let _ = writeln!(
        config,
        "defaultContentLanguage = \"{}\"\ndefaultContentLanguageInSubdir = true\n",
        shape.languages[0]
    );
    for (i, lang) in shape.languages.iter().enumerate() {
        let _ = write!(
            config,
            "[languages.{lang}]\ncontentDir = \"content/{lang}\"\nlanguageName = \"{lang}\"\nweight = {}\n\n",
            i + 1
        );
    }
    let layouts = dir.join("layouts").join("_default");
    fs::create_dir_all(&layouts)?;
    fs::create_dir_all(dir.join("static"))?;
    fs::write(dir.join("config.toml"), config)?;
    fs::write(layouts.join("baseof.html"), HUGO_BASEOF)?;
    fs::write(layouts.join("single.html"), HUGO_SINGLE)?;
    fs::write(layouts.join("list.html"), HUGO_LIST)?;
    Ok(())
}

/// Hugo templates that show what rapport's default theme shows on a page: header,
/// languages, breadcrumbs, title, table of contents, content with footnotes, pager.
const HUGO_BASEOF: &str = r#"<!DOCTYPE html>
<html lang="{{ .Language.Lang }}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
<link rel="stylesheet" href="{{ "style.css" | relURL }}">
{{ range .Translations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}</head>
<body>
<header class="site-header"><p class="site-title"><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></p>
<nav class="languages"><ul>{{ range .AllTranslations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.LanguageName }}</a></li>{{ end }}</ul></nav>
</header>
<nav class="breadcrumbs"><ol><li><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a></li>{{ with .Parent }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}<li aria-current="page">{{ .Title }}</li></ol></nav>
<main id="main">
{{ block "main" . }}{{ end }}
</main>
<footer class="site-footer"><p>{{ .Site.Title }}</p></footer>
</body>
</html>
"#;

const HUGO_SINGLE: &str = r#"{{ define "main" }}<article class="narrative">
<h1>{{ .Title }}</h1>
<nav class="toc">{{ .TableOfContents }}</nav>
{{ .Content }}
</article>
<nav class="pager"><ul>{{ with .PrevInSection }}<li><a href="{{ .RelPermalink }}" rel="prev">{{ .Title }}</a></li>{{ end }}{{ with .NextInSection }}<li><a href="{{ .RelPermalink }}" rel="next">{{ .Title }}</a></li>{{ end }}</ul></nav>
{{ end }}
"#;

const HUGO_LIST: &str = r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ol>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ol>
{{ end }}
"#;
