//! The one builder of test projects: `rapport.toml`, editions, pages, indicators and
//! project registers, written into a folder (or read as texts, for tests that render in
//! memory). Tests build their own fixtures with it, so no test depends on the sample
//! report in `content/`: editing the sample cannot break them.
//!
//! Only `std` is used here, because the fuzz target includes `tests/surface`, which
//! includes this file, and the fuzz crate has none of the test dependencies.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

/// The repository root (the fuzz crate, in `fuzz/`, finds it above its own folder).
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|p| p.join("themes/default").is_dir())
        .expect("repository root")
        .to_path_buf()
}

/// An `edition.toml`: its year, date, title, stated total, outcomes and outputs.
#[derive(Debug, Clone)]
pub struct Edition {
    year: u16,
    date: Option<String>,
    title: (String, String),
    completed_projects: Option<u32>,
    outcomes: Vec<(String, String, String)>,
    outputs: Vec<(String, Option<String>, String, String)>,
}

impl Edition {
    /// An edition with no date, no total, no outcome and no output, titled "Rapport
    /// {year}" / "{year} report".
    pub fn new(year: u16) -> Edition {
        Edition {
            year,
            date: None,
            title: (format!("Rapport {year}"), format!("{year} report")),
            completed_projects: None,
            outcomes: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// The edition most fixtures use: dated, three completed projects, outcome 1 and its
    /// output 1.1.
    pub fn standard(year: u16) -> Edition {
        Edition::new(year)
            .date("2023-03-01")
            .completed_projects(Some(3))
            .outcome("1", "Une OIT efficiente", "An efficient ILO")
            .output(
                "1.1",
                Some("1"),
                "Processus automatisés",
                "Automated processes",
            )
    }

    /// The publication date.
    pub fn date(mut self, date: &str) -> Edition {
        self.date = Some(date.to_string());
        self
    }

    /// The French and English titles.
    pub fn title(mut self, fr: &str, en: &str) -> Edition {
        self.title = (fr.to_string(), en.to_string());
        self
    }

    /// The stated number of completed projects (`[totals]`), or none.
    pub fn completed_projects(mut self, total: Option<u32>) -> Edition {
        self.completed_projects = total;
        self
    }

    /// Adds an outcome.
    pub fn outcome(mut self, id: &str, fr: &str, en: &str) -> Edition {
        self.outcomes
            .push((id.to_string(), fr.to_string(), en.to_string()));
        self
    }

    /// Adds an output, under an outcome or cross-cutting (`None`).
    pub fn output(mut self, id: &str, outcome: Option<&str>, fr: &str, en: &str) -> Edition {
        self.outputs.push((
            id.to_string(),
            outcome.map(str::to_string),
            fr.to_string(),
            en.to_string(),
        ));
        self
    }

    /// The year.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// The text of `edition.toml`.
    pub fn toml(&self) -> String {
        let mut text = format!("year = {}\n", self.year);
        if let Some(date) = &self.date {
            text.push_str(&format!("date = \"{date}\"\n"));
        }
        let (fr, en) = &self.title;
        text.push_str(&format!("[title]\nfr = \"{fr}\"\nen = \"{en}\"\n"));
        if let Some(total) = self.completed_projects {
            text.push_str(&format!("[totals]\ncompleted_projects = {total}\n"));
        }
        for (id, fr, en) in &self.outcomes {
            text.push_str(&format!(
                "[[outcomes]]\nid = \"{id}\"\ntitle.fr = \"{fr}\"\ntitle.en = \"{en}\"\n"
            ));
        }
        for (id, outcome, fr, en) in &self.outputs {
            text.push_str(&format!("[[outputs]]\nid = \"{id}\"\n"));
            if let Some(outcome) = outcome {
                text.push_str(&format!("outcome = \"{outcome}\"\n"));
            }
            text.push_str(&format!("title.fr = \"{fr}\"\ntitle.en = \"{en}\"\n"));
        }
        text
    }
}

/// A page: front matter (title, weight, optional slug) and a Markdown body.
#[derive(Debug, Clone)]
pub struct Page {
    title: String,
    weight: u32,
    slug: Option<String>,
    body: String,
}

impl Page {
    /// A page with a title, a weight and an empty body.
    pub fn new(title: &str, weight: u32) -> Page {
        Page {
            title: title.to_string(),
            weight,
            slug: None,
            body: String::new(),
        }
    }

    /// The slug of its address.
    pub fn slug(mut self, slug: &str) -> Page {
        self.slug = Some(slug.to_string());
        self
    }

    /// The Markdown after the front matter and its blank line.
    pub fn body(mut self, body: &str) -> Page {
        self.body = body.to_string();
        self
    }

    /// The text of the `.md` file.
    pub fn text(&self) -> String {
        let mut text = format!(
            "+++\ntitle = \"{}\"\nweight = {}\n",
            self.title, self.weight
        );
        if let Some(slug) = &self.slug {
            text.push_str(&format!("slug = \"{slug}\"\n"));
        }
        text.push_str("+++\n\n");
        text.push_str(&self.body);
        text
    }
}

/// A whole project: configuration, then files in the order they were added.
#[derive(Debug, Clone)]
pub struct ProjectBuilder {
    languages: Vec<String>,
    title: (String, String),
    options: Vec<String>,
    files: Vec<(String, String)>,
    theme: bool,
}

impl Default for ProjectBuilder {
    fn default() -> Self {
        ProjectBuilder::new()
    }
}

impl ProjectBuilder {
    /// A French and English project titled "Rapports" / "Reports", with the repository's
    /// default theme and no edition.
    pub fn new() -> ProjectBuilder {
        ProjectBuilder {
            languages: vec!["fr".to_string(), "en".to_string()],
            title: ("Rapports".to_string(), "Reports".to_string()),
            options: Vec::new(),
            files: Vec::new(),
            theme: true,
        }
    }

    /// A minimal bilingual project: two pages with numbered paragraphs, a footnote, an
    /// unnumbered note, an indicator table and cross-language links.
    pub fn bilingual() -> ProjectBuilder {
        ProjectBuilder::new()
            .edition(Edition::standard(2022))
            .indicators(2022, INDICATORS)
            .page(
                2022,
                "fr",
                "01-intro",
                Page::new("Introduction", 1).body("Premier paragraphe[^n].\n\nDeuxième, voir [le résultat](02-resultat.md#p3) et [English](../en/01-intro.md#p2).\n\n{-} Une note non numérotée.\n\n[^n]: Une note.\n"),
            )
            .page(
                2022,
                "en",
                "01-intro",
                Page::new("Introduction", 1).body("First paragraph[^n].\n\nSecond, see [the outcome](02-resultat.md#p3) and [français](../fr/01-intro.md#p2).\n\n{-} An unnumbered note.\n\n[^n]: A note.\n"),
            )
            .page(
                2022,
                "fr",
                "02-resultat",
                Page::new("Résultat 1", 2).slug("resultat-1").body("Troisième.\n\n## Produit 1.1\n\nQuatrième.\n\n## Indicateurs\n\n```{indicators}\noutcome = \"1\"\n```\n"),
            )
            .page(
                2022,
                "en",
                "02-resultat",
                Page::new("Outcome 1", 2).slug("outcome-1").body("Third.\n\n## Output 1.1\n\nFourth.\n\n## Indicators\n\n```{indicators}\noutcome = \"1\"\n```\n"),
            )
    }

    /// The languages of `rapport.toml`.
    pub fn languages(mut self, languages: &[&str]) -> ProjectBuilder {
        self.languages = languages.iter().map(|l| l.to_string()).collect();
        self
    }

    /// The French and English site titles.
    pub fn title(mut self, fr: &str, en: &str) -> ProjectBuilder {
        self.title = (fr.to_string(), en.to_string());
        self
    }

    /// A line of `rapport.toml` before `languages` (`trusted_html = true`, a comment…).
    pub fn option(mut self, line: &str) -> ProjectBuilder {
        self.options.push(line.to_string());
        self
    }

    /// Leaves out the `themes/` folder (the built-in default theme is used).
    pub fn without_theme(mut self) -> ProjectBuilder {
        self.theme = false;
        self
    }

    /// Adds `content/{year}/edition.toml`.
    pub fn edition(self, edition: Edition) -> ProjectBuilder {
        let rel = format!("content/{}/edition.toml", edition.year());
        self.file(&rel, &edition.toml())
    }

    /// Adds `content/{year}/{lang}/{name}.md`.
    pub fn page(self, year: u16, lang: &str, name: &str, page: Page) -> ProjectBuilder {
        self.file(&format!("content/{year}/{lang}/{name}.md"), &page.text())
    }

    /// Adds `content/{year}/indicators.toml`.
    pub fn indicators(self, year: u16, text: &str) -> ProjectBuilder {
        self.file(&format!("content/{year}/indicators.toml"), text)
    }

    /// Adds `content/{year}/projects.toml`.
    pub fn projects(self, year: u16, text: &str) -> ProjectBuilder {
        self.file(&format!("content/{year}/projects.toml"), text)
    }

    /// Adds (or replaces) any file of the project.
    pub fn file(mut self, rel: &str, text: &str) -> ProjectBuilder {
        self.files.retain(|(path, _)| path != rel);
        self.files.push((rel.to_string(), text.to_string()));
        self
    }

    /// The text of `rapport.toml`.
    pub fn config(&self) -> String {
        let mut text = String::new();
        for line in &self.options {
            text.push_str(line);
            text.push('\n');
        }
        let languages: Vec<String> = self.languages.iter().map(|l| format!("\"{l}\"")).collect();
        let (fr, en) = &self.title;
        text.push_str(&format!(
            "languages = [{}]\n[title]\nfr = \"{fr}\"\nen = \"{en}\"\n",
            languages.join(", ")
        ));
        text
    }

    /// The text of a file added to the project.
    pub fn text(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|(path, _)| path == rel)
            .map(|(_, text)| text.as_str())
    }

    /// Writes the project into `root`: `rapport.toml`, every file, and the default theme.
    pub fn write_to(&self, root: &Path) {
        write(root, "rapport.toml", &self.config());
        for (rel, text) in &self.files {
            write(root, rel, text);
        }
        if self.theme {
            copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
        }
    }
}

/// The indicator of [`ProjectBuilder::bilingual`]: output 1.1, a baseline and a milestone.
pub const INDICATORS: &str = r#"[[indicators]]
id = "1.1.a"
output = "1.1"
description.fr = "Pourcentage des bureaux"
description.en = "Percentage of offices"
verification.fr = "Registre"
verification.en = "Register"
[indicators.baseline]
text.fr = "16%: 21 bureaux sur 131."
text.en = "16%: 21 of 131 offices."
value = 16
unit = "percent"
[indicators.milestone]
text.fr = "100%"
text.en = "100%"
value = 100
unit = "percent"
"#;

/// Writes a file under `root`, creating its folders.
pub fn write(root: &Path, rel: &str, text: &str) -> PathBuf {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(&path, text).expect("write");
    path
}

/// Copies a folder tree; a symbolic link is copied as the file it leads to, never walked.
pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("mkdir");
    let mut entries: Vec<_> = std::fs::read_dir(from)
        .expect("read folder")
        .map(|e| e.expect("entry"))
        .collect();
    entries.sort_by_key(|e| e.file_name());
    for entry in entries {
        let target = to.join(entry.file_name());
        if entry.file_type().expect("file type").is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
    }
}
