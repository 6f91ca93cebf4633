//! The pages every reader lands on, on the three-language fixture
//! (`tests/fixtures/trilingual/`): the site's landing page in every language, a favicon
//! and a meta description on every page, and each edition's home with the report's key
//! facts (stated total and register count, the two figures, each indicator's status
//! against its milestone, links to the printable page and the open data).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Fixture, attr, repo, select, text_keeping_nbsp as text};
use scraper::{ElementRef, Html};

const LANGS: [&str; 3] = ["fr", "en", "es"];

fn built() -> Fixture {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    f.build();
    f
}

/// A UI string of the default theme, read from its file.
fn ui(lang: &str, key: &str) -> String {
    let path = repo().join(format!("themes/default/i18n/{lang}.toml"));
    let text = std::fs::read_to_string(&path).expect("UI strings");
    let table: toml::Table = toml::from_str(&text).expect("UI strings parse");
    table[key].as_str().expect("a string").to_string()
}

/// A value of the fixture's TOML files, by dotted path.
fn fixture_text(file: &str, path: &[&str]) -> String {
    let full = repo().join("tests/fixtures/trilingual").join(file);
    let mut value: toml::Value =
        toml::from_str(&std::fs::read_to_string(full).expect("fixture")).expect("toml");
    for key in path {
        value = value[*key].clone();
    }
    value.as_str().expect("a string").to_string()
}

/// The language an element's text is in: its own `lang`, or its nearest ancestor's.
fn language_of(el: ElementRef<'_>) -> Option<String> {
    std::iter::once(el)
        .chain(el.ancestors().filter_map(ElementRef::wrap))
        .find_map(|e| e.value().attr("lang").map(str::to_string))
}

/// Every non-blank text node of the page's body with the language it is in.
fn body_texts(doc: &Html) -> Vec<(String, Option<String>)> {
    let body = select(doc, "body")[0];
    body.descendants()
        .filter_map(|node| {
            let t = node.value().as_text()?;
            let words = t.split_whitespace().collect::<Vec<_>>().join(" ");
            if words.is_empty() {
                return None;
            }
            let parent = node.parent().and_then(ElementRef::wrap)?;
            Some((words, language_of(parent)))
        })
        .collect()
}

#[test]
fn the_landing_page_speaks_every_language_each_in_its_own_lang() {
    let f = built();
    let doc = f.page("index.html");
    assert_eq!(attr(&select(&doc, "html")[0], "lang"), "fr");
    let texts = body_texts(&doc);
    for lang in LANGS {
        let expected = [
            fixture_text("rapport.toml", &["title", lang]),
            ui(lang, "editions"),
            fixture_text("content/2024/edition.toml", &["title", lang]),
        ];
        for wanted in &expected {
            let found: Vec<_> = texts.iter().filter(|(t, _)| t == wanted).collect();
            assert!(
                !found.is_empty(),
                "{lang}: `{wanted}` is not on the landing page"
            );
            for (t, in_lang) in found {
                assert_eq!(
                    in_lang.as_deref(),
                    Some(lang),
                    "`{t}` is not marked as {lang}"
                );
            }
        }
        let links = select(&doc, &format!("main a[hreflang=\"{lang}\"]"));
        assert_eq!(links.len(), 1, "{lang}: one link to the edition");
        assert_eq!(attr(&links[0], "lang"), lang);
        assert_eq!(attr(&links[0], "href"), format!("2024/{lang}/index.html"));
    }
    // Text in a language other than the page's is all marked: no English or Spanish
    // title or heading reads as French.
    for (t, in_lang) in &texts {
        if in_lang.as_deref() == Some("fr") {
            assert!(
                !LANGS[1..]
                    .iter()
                    .any(|l| *t == fixture_text("rapport.toml", &["title", l])),
                "`{t}` is marked as French"
            );
        }
    }
    let headings: Vec<String> = select(&doc, "main h1, main h2, main h3")
        .iter()
        .map(|h| h.value().name().to_string())
        .collect();
    assert_eq!(headings, ["h1", "h2"], "one h1, then the editions heading");
}

/// Every HTML file of the output, by path relative to it.
fn pages(out: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![out.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).expect("read output") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "html") {
                found.push(path.strip_prefix(out).expect("inside").to_path_buf());
            }
        }
    }
    found.sort();
    found
}

#[test]
fn every_page_links_one_favicon_that_exists() {
    let f = built();
    let out = f.out();
    let pages = pages(&out);
    assert!(pages.len() > 10, "the whole site: {pages:?}");
    for page in pages {
        let doc = Html::parse_document(&std::fs::read_to_string(out.join(&page)).expect("page"));
        let icons = select(&doc, "link[rel=\"icon\"]");
        assert_eq!(icons.len(), 1, "{}: one icon link", page.display());
        let href = attr(&icons[0], "href");
        // The 404 page is served at any depth, where no link to a file works: its icon
        // is in the page, as its stylesheet is.
        if page == Path::new("404.html") {
            let svg = href
                .strip_prefix("data:image/svg+xml,")
                .unwrap_or_else(|| panic!("404.html: an inline SVG icon, not {href}"));
            let svg = percent_encoding::percent_decode_str(svg).decode_utf8_lossy();
            let favicon = std::fs::read_dir(out.join("static"))
                .expect("static")
                .map(|e| e.expect("entry").path())
                .find(|p| p.to_string_lossy().contains("favicon"))
                .expect("the favicon file");
            assert_eq!(svg, std::fs::read_to_string(favicon).expect("favicon"));
            continue;
        }
        let file = match href.strip_prefix('/') {
            Some(from_root) => out.join(from_root),
            None => {
                assert!(
                    !href.contains("://"),
                    "{}: relative, {href}",
                    page.display()
                );
                out.join(&page).parent().expect("folder").join(href)
            }
        };
        assert!(file.is_file(), "{}: {href} is not a file", page.display());
        assert!(href.ends_with(".svg"), "{href}: the SVG favicon");
    }
}

fn meta_description(f: &Fixture, page: &str) -> String {
    let doc = f.page(page);
    let metas = select(&doc, "meta[name=\"description\"]");
    assert_eq!(metas.len(), 1, "{page}: one meta description");
    attr(&metas[0], "content").to_string()
}

#[test]
fn each_page_describes_itself_or_falls_back_to_its_edition_then_the_site() {
    let f = built();
    assert_eq!(
        meta_description(&f, "2024/fr/introduction/index.html"),
        "Ce que la stratégie numérique a accompli en 2024."
    );
    for lang in LANGS {
        let edition = fixture_text("content/2024/edition.toml", &["description", lang]);
        assert_eq!(
            meta_description(&f, &format!("2024/{lang}/index.html")),
            edition
        );
        assert_eq!(
            meta_description(&f, &format!("2024/{lang}/print/index.html")),
            edition
        );
    }
    assert_eq!(
        meta_description(&f, "2024/es/eje-a/index.html"),
        "Dónde está la estrategia digital a finales de 2024."
    );
    assert_eq!(
        meta_description(&f, "index.html"),
        fixture_text("rapport.toml", &["title", "fr"])
    );

    // Without an edition description, the edition's title stands in.
    let path = f.root().join("content/2024/edition.toml");
    let toml = std::fs::read_to_string(&path).expect("edition.toml");
    let start = toml.find("[description]").expect("a description table");
    let end = start + toml[start..].find("\n\n").expect("its end");
    std::fs::write(&path, format!("{}{}", &toml[..start], &toml[end..])).expect("write");
    f.build();
    assert_eq!(
        meta_description(&f, "2024/en/axis-a/index.html"),
        fixture_text("content/2024/edition.toml", &["title", "en"])
    );
}

/// The page a relative link of `from` leads to, and its fragment.
fn follow(out: &Path, from: &str, href: &str) -> (PathBuf, Option<String>) {
    let (path, fragment) = match href.split_once('#') {
        Some((p, frag)) => (p, Some(frag.to_string())),
        None => (href, None),
    };
    let mut target = out.join(from).parent().expect("folder").to_path_buf();
    for part in path.split('/') {
        match part {
            ".." => {
                target.pop();
            }
            "." | "" => {}
            other => target.push(other),
        }
    }
    (target, fragment)
}

#[test]
fn the_edition_home_shows_the_key_facts_in_every_language() {
    let f = built();
    let out = f.out();
    let expected = BTreeMap::from([
        ("A.1.a", "milestone_not_reached"), // 2480 < 3200
        ("A.1.b", "milestone_reached"),     // 55 >= 50
        ("A.2.a", "milestone_no_value"),    // pending
        ("B.1.a", "milestone_not_reached"), // 95 < 150
    ]);
    for lang in LANGS {
        let home = format!("2024/{lang}/index.html");
        let doc = f.page(&home);

        // The stated total, and the register's count where it differs.
        let totals: BTreeMap<String, String> = select(&doc, ".key-totals div")
            .iter()
            .map(|d| (text(&select_in(d, "dt")[0]), text(&select_in(d, "dd")[0])))
            .collect();
        assert_eq!(
            totals
                .get(&ui(lang, "key_stated_total"))
                .map(String::as_str),
            Some("12")
        );
        assert_eq!(
            totals.get(&ui(lang, "key_itemized")).map(String::as_str),
            Some("5")
        );

        // The two figures, each with its text alternative and its data table.
        let figures = select(&doc, ".glance figure.chart");
        assert_eq!(figures.len(), 2, "{lang}: two figures");
        for figure in &figures {
            let svg = &select_in(figure, "svg[role=\"img\"]")[0];
            let named_by = attr(svg, "aria-labelledby");
            for id in named_by.split_whitespace() {
                let named = select(&doc, &format!("[id=\"{id}\"]"));
                assert_eq!(named.len(), 1, "{lang}: #{id}");
                assert!(!text(&named[0]).is_empty(), "{lang}: #{id} has words");
            }
            let table = &select_in(figure, "details table")[0];
            let total = text(&select_in(table, "tfoot td")[0]);
            assert_eq!(total, "12", "{lang}: the data table's total");
            assert!(select_in(table, "tbody tr").len() >= 2);
        }

        // Each indicator's status in words, linked to its row on its page.
        let rows = select(&doc, "table.statuses tbody tr");
        assert_eq!(rows.len(), expected.len(), "{lang}: one row per indicator");
        for row in rows {
            let id_cell = &select_in(&row, "th[scope=\"row\"]")[0];
            let id = text(id_cell);
            let key = expected[id.as_str()];
            let words = text(&select_in(&row, "td.status")[0]);
            assert_eq!(words, ui(lang, key), "{lang}: {id}'s status in words");
            let link = &select_in(id_cell, "a")[0];
            let (page, fragment) = follow(&out, &home, attr(link, "href"));
            let target = Html::parse_document(&std::fs::read_to_string(&page).expect("page"));
            let fragment = fragment.expect("a fragment");
            assert_eq!(
                select(&target, &format!("tr[id=\"{fragment}\"]")).len(),
                1,
                "{lang}: {id} links to its row"
            );
        }

        // The printable page and the open data.
        let formats: Vec<String> = select(&doc, "ul.formats a")
            .iter()
            .map(|a| attr(a, "href").to_string())
            .collect();
        assert!(
            formats.iter().any(|h| h.ends_with("print/index.html")),
            "{formats:?}"
        );
        assert!(
            formats.iter().any(|h| h.ends_with("data/indicators.csv")),
            "{formats:?}"
        );
        for href in &formats {
            assert!(follow(&out, &home, href).0.is_file(), "{lang}: {href}");
        }
    }
}

fn select_in<'a>(el: &ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).expect("selector");
    el.select(&selector).collect()
}

#[test]
fn the_status_list_shows_an_indicators_description_as_words_not_markup() {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    let path = f.root().join("content/2024/indicators.toml");
    let data = std::fs::read_to_string(&path).expect("indicators.toml");
    let data = data.replacen(
        "description.en = \"Datasets published on the portal\"",
        "description.en = \"Datasets published on the [portal](https://example.org/data) in *open* formats\"",
        1,
    );
    std::fs::write(&path, data).expect("write");
    f.build();
    let doc = f.page("2024/en/index.html");
    let row = select(&doc, "table.statuses tbody tr")
        .into_iter()
        .find(|r| text(&select_in(r, "th")[0]) == "B.1.a")
        .expect("B.1.a's row");
    assert_eq!(
        text(&select_in(&row, "td")[0]),
        "Datasets published on the portal in open formats"
    );
}
