//! The fuzzed surface, shared by `fuzz/fuzz_targets/render.rs` (cargo-fuzz) and
//! `tests/properties.rs` (proptest, the bounded smoke CI runs): a French page, an English
//! page (front matter + Markdown) and an `indicators.toml`, taken through the whole
//! pipeline in memory — parse, validate, `check`, render — with no file written.
//!
//! [`run`] must never panic, whatever the text; [`hostile_markup`] says what a rendered
//! site must never contain when raw HTML is not trusted.
#![allow(dead_code)]

// Included here as well as in `common`: the fuzz crate includes this file alone, without
// `common` and its dependencies. A test that uses both (hostile.rs) loads it twice.
#[allow(clippy::duplicate_mod)]
#[path = "../common/builder.rs"]
mod builder;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::OnceLock;

use rapport::core::diagnostics::Diagnostics;
use rapport::core::model::{Config, Edition, EditionMeta, Indicators, PageSet, Register, Site};
use rapport::core::output::Output;
use rapport::render::theme::Theme;

/// One fuzz input.
#[derive(Debug, Clone)]
pub struct Input<'a> {
    /// `content/2022/fr/01-page.md`, front matter included.
    pub fr: &'a str,
    /// `content/2022/en/01-page.md`.
    pub en: &'a str,
    /// `content/2022/indicators.toml`.
    pub indicators: &'a str,
    /// `trusted_html = true` in rapport.toml.
    pub trusted: bool,
}

impl<'a> Input<'a> {
    /// Splits fuzzer bytes into the three texts at NUL characters; the first byte's low
    /// bit sets `trusted`.
    pub fn from_text(text: &'a str) -> Input<'a> {
        let trusted = text.bytes().next().is_some_and(|b| b & 1 == 1 && b < 0x20);
        let mut parts = text.splitn(3, '\0');
        Input {
            fr: parts.next().unwrap_or(""),
            en: parts.next().unwrap_or(""),
            indicators: parts.next().unwrap_or(""),
            trusted,
        }
    }
}

/// The edition of every input: the standard fixture edition and a cross-cutting output.
fn edition() -> &'static str {
    static TEXT: OnceLock<String> = OnceLock::new();
    TEXT.get_or_init(|| {
        builder::Edition::standard(2022)
            .output("X", None, "Élément transversal", "Cross-cutting driver")
            .toml()
    })
}

const PROJECTS: &str = r#"[[categories]]
id = "apps"
label.fr = "Applications"
label.en = "Applications"
[[projects]]
id = "erp"
name.fr = "Progiciel <b>intégré</b>"
name.en = "Integrated <script>alert(1)</script> ERP"
output = "1.1"
category = "apps"
status = "completed"
year = 2022
"#;

/// The repository (for the theme).
pub use builder::repo;

/// The default theme, loaded once.
pub fn theme() -> &'static Theme {
    static THEME: OnceLock<Theme> = OnceLock::new();
    THEME.get_or_init(|| {
        Theme::load(&repo(), "default", &["fr".to_string(), "en".to_string()])
            .unwrap_or_else(|d| panic!("theme: {:?}", d.into_sorted()))
    })
}

/// The text of the theme's JavaScript files.
/// `<year>/<lang>/search/index.js`, and nothing else.
fn is_search_index(path: &str) -> bool {
    let parts: Vec<&str> = path.split('/').collect();
    matches!(parts.as_slice(), [year, lang, "search", "index.js"]
        if year.chars().all(|c| c.is_ascii_digit()) && !lang.is_empty() && rapport::core::routes::is_plain(lang))
}

fn theme_scripts() -> &'static Vec<String> {
    static SCRIPTS: OnceLock<Vec<String>> = OnceLock::new();
    SCRIPTS.get_or_init(|| {
        let dir = repo().join("themes/default/static");
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.extension().is_some_and(|x| x == "js"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// The theme's icons (`static/favicon*`), as text: the 404 page carries its icon inline.
fn theme_icons() -> &'static Vec<String> {
    static ICONS: OnceLock<Vec<String>> = OnceLock::new();
    ICONS.get_or_init(|| {
        let dir = repo().join("themes/default/static");
        std::fs::read_dir(dir)
            .map(|d| {
                d.filter_map(Result::ok)
                    .map(|e| e.path())
                    .filter(|p| p.to_string_lossy().contains("favicon"))
                    .filter_map(|p| std::fs::read_to_string(p).ok())
                    .collect()
            })
            .unwrap_or_default()
    })
}

/// Whether an element is the theme's icon inlined as a `data:` URL (the 404 page's).
fn is_theme_icon(name: &str, element: &scraper::node::Element) -> bool {
    let rel_icon = element
        .attr("rel")
        .is_some_and(|r| r.split_ascii_whitespace().any(|r| r == "icon"));
    let data = element
        .attr("href")
        .and_then(|h| h.strip_prefix("data:image/svg+xml,"));
    match data {
        Some(data) if name == "link" && rel_icon => {
            let decoded = percent_decoded(data);
            theme_icons().contains(&decoded)
        }
        _ => false,
    }
}

/// `%XX` sequences decoded (this file uses only `std`).
fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// What one pass produced.
pub struct Outcome {
    /// Every problem found (load, validation, `check`).
    pub problems: Diagnostics,
    /// The rendered site, when the input was valid.
    pub output: Option<Output>,
}

/// Takes one input through parse, validation, `check` and render.
pub fn run(input: &Input<'_>) -> Outcome {
    let root = Path::new("/fuzz");
    let dir = root.join("content/2022");
    let mut problems = Diagnostics::new();
    let config_text = format!(
        "languages = [\"fr\", \"en\"]\ntrusted_html = {}\n[title]\nfr = \"Rapports <script>alert(1)</script>\"\nen = \"Reports \\\" onmouseover=\\\"alert(1)\"\n",
        input.trusted
    );
    let config: Config = rapport::load::text::parse_toml(&root.join("rapport.toml"), &config_text)
        .expect("fixed configuration");
    let meta: EditionMeta = rapport::load::text::parse_toml(&dir.join("edition.toml"), edition())
        .expect("fixed edition");
    let projects: Register = rapport::load::text::parse_toml(&dir.join("projects.toml"), PROJECTS)
        .expect("fixed register");
    let indicators_path = dir.join("indicators.toml");
    let indicators =
        match rapport::load::text::parse_toml::<Indicators>(&indicators_path, input.indicators) {
            Ok(i) => i,
            Err(d) => {
                problems.push(d);
                Indicators::default()
            }
        };
    let mut translations = BTreeMap::new();
    for (lang, text) in [("fr", input.fr), ("en", input.en)] {
        let path = dir.join(lang).join("01-page.md");
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match rapport::load::pages::page_from_source(&path, text.to_string()) {
            Ok(page) => {
                translations.insert(lang.to_string(), page);
            }
            Err(d) => problems.push(d),
        }
    }
    if translations.len() < 2 || problems.has_errors() {
        return Outcome {
            problems,
            output: None,
        };
    }
    let weight = translations["fr"].front.weight;
    let mut sources = BTreeMap::new();
    sources.insert(dir.join("edition.toml"), edition().to_string());
    sources.insert(dir.join("projects.toml"), PROJECTS.to_string());
    sources.insert(indicators_path, input.indicators.to_string());
    let edition = Edition {
        year: 2022,
        dir: dir.clone(),
        meta,
        pages: vec![PageSet {
            key: "01-page".into(),
            weight,
            translations,
        }],
        indicators,
        projects,
        assets: Vec::new(),
        sources,
    };
    let site = Site {
        root: root.to_path_buf(),
        config,
        editions: vec![edition],
        pdf_sizes: Default::default(),
    };
    match rapport::check::site_checks(&site, Some(theme())) {
        Ok((found, output)) => {
            problems.extend(found);
            Outcome { problems, output }
        }
        Err(e) => {
            problems.push(rapport::core::diagnostics::Diagnostic::error(
                root,
                e.to_string(),
            ));
            Outcome {
                problems,
                output: None,
            }
        }
    }
}

/// What no rendered page may contain when raw HTML is not trusted: a script other than the
/// theme's own, an event-handler attribute, a `javascript:`/`vbscript:`/`data:` URL, or
/// markup that hides content. Returns the first offence found.
pub fn hostile_markup(output: &Output) -> Option<String> {
    for (path, bytes) in output.iter() {
        if !path.ends_with(".html") {
            continue;
        }
        let html = String::from_utf8_lossy(bytes);
        let doc = scraper::Html::parse_document(&html);
        for node in doc.root_element().descendants() {
            let Some(element) = node.value().as_element() else {
                continue;
            };
            let name = element.name();
            // The theme's own scripts: a file under static/ (its name may carry a hash), or
            // that file's text inlined (the 404 page, served at any depth); and, on a
            // search page, the search indexes rapport writes (`<year>/<lang>/search/index.js`).
            let inline: String = scraper::ElementRef::wrap(node)
                .map(|e| e.text().collect())
                .unwrap_or_default();
            let theme_script = match element.attr("src") {
                Some(src) => {
                    let file = src.rsplit('/').next().unwrap_or("");
                    let theme_file = src.contains("static/")
                        && ["rapport.", "search."].iter().any(|n| file.starts_with(n))
                        && file.ends_with(".js");
                    let index = path.starts_with("search/")
                        && is_search_index(src.trim_start_matches("../"));
                    (theme_file || index) && inline.trim().is_empty()
                }
                None => theme_scripts().iter().any(|s| s.trim() == inline.trim()),
            };
            if name == "script" && !theme_script {
                let html = scraper::ElementRef::wrap(node)
                    .map(|e| e.html())
                    .unwrap_or_default();
                return Some(format!("{path}: a <script> element: {html}"));
            }
            if matches!(name, "iframe" | "object" | "embed" | "base") {
                return Some(format!("{path}: a <{name}> element"));
            }
            let theme_icon = is_theme_icon(name, element);
            for (attr, value) in element.attrs() {
                let attr = attr.to_ascii_lowercase();
                if attr.starts_with("on") {
                    return Some(format!("{path}: <{name} {attr}=…>"));
                }
                let url_attribute = matches!(
                    attr.as_str(),
                    "href" | "src" | "action" | "formaction" | "xlink:href"
                ) && !(theme_icon && attr == "href");
                if let Some(scheme) =
                    rapport::core::links::unsafe_scheme(value).filter(|_| url_attribute)
                {
                    return Some(format!("{path}: <{name} {attr}=\"{scheme}:…\">"));
                }
                if attr == "hidden" {
                    return Some(format!("{path}: <{name} hidden>"));
                }
                if attr == "style" {
                    let style: String = value
                        .to_ascii_lowercase()
                        .chars()
                        .filter(|c| !c.is_whitespace())
                        .collect();
                    if [
                        "display:none",
                        "visibility:hidden",
                        "opacity:0",
                        "font-size:0",
                    ]
                    .iter()
                    .any(|h| style.contains(h))
                    {
                        return Some(format!("{path}: <{name} style=\"{value}\">"));
                    }
                }
            }
        }
    }
    None
}
