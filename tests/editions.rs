//! Yearly editions and publishing, end to end on a three-edition fixture
//! (`tests/fixtures/editions/`): 2021, 2022 and 2023 in French and English; a page present
//! in 2022 only; indicator 1.1.a reported in 2021 and 2023, 1.1.b in all three (pending in
//! 2023); pages paired across editions by file name while their slugs differ.
//!
//! Everything is built by the real binary and read back as parsed HTML, XML, CSV, JSON
//! and zip. The 50-edition benchmark is `#[ignore]`d: run it with
//! `cargo test --release --test editions -- --ignored --nocapture`.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::io::Read as _;
use std::path::{Component, Path, PathBuf};
use std::time::Instant;

use common::{Fixture, attr, copy_dir, repo, select, snapshot as files, text_keeping_nbsp as text};
use scraper::{Html, Selector};
use sha2::{Digest, Sha256};

const BASE: &str = "https://example.org/rapports/";
const YEARS: [&str; 3] = ["2021", "2022", "2023"];
const LANGS: [&str; 2] = ["fr", "en"];

/// The fixture copied into a temporary folder with the repository's default theme.
type Project = Fixture;

fn project() -> Project {
    Fixture::copy_of("tests/fixtures/editions")
}

fn is_external(url: &str) -> bool {
    url.starts_with('#')
        || url.contains("://")
        || url.starts_with("mailto:")
        || url.starts_with("data:")
}

/// Where a relative URL written in the file `from` (a path under the site) leads, and its
/// fragment; an independent reading of what a browser does.
fn target(from: &str, url: &str) -> (String, Option<String>) {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (url, None),
    };
    let mut out = PathBuf::new();
    for c in Path::new(from)
        .parent()
        .unwrap_or(Path::new(""))
        .join(path)
        .components()
    {
        match c {
            Component::ParentDir => assert!(out.pop(), "{url} climbs above the site from {from}"),
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    let mut out = out.to_string_lossy().replace('\\', "/");
    if path.ends_with('/') || path.is_empty() {
        out = format!(
            "{}index.html",
            if out.is_empty() {
                String::new()
            } else {
                format!("{out}/")
            }
        );
    }
    (out, fragment)
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

// ---------------------------------------------------------------------------------------
// Editions
// ---------------------------------------------------------------------------------------

#[test]
fn the_landing_page_lists_editions_latest_first_in_each_language() {
    let p = project();
    p.build();
    let doc = p.page("index.html");
    let years: Vec<String> = select(&doc, "li.edition .edition-year")
        .iter()
        .map(text)
        .collect();
    assert_eq!(years, ["2023", "2022", "2021"]);
    for (edition, year) in select(&doc, "li.edition").iter().zip(YEARS.iter().rev()) {
        let links: Vec<(String, String)> = edition
            .select(&Selector::parse("a").unwrap())
            .map(|a| {
                (
                    attr(&a, "hreflang").to_string(),
                    attr(&a, "href").to_string(),
                )
            })
            .collect();
        assert_eq!(
            links,
            LANGS.map(|l| (l.to_string(), format!("{year}/{l}/index.html")))
        );
        for (_, href) in links {
            assert!(p.exists(&href), "{href}");
        }
    }
}

/// The archived notice of a page and where its link leads.
fn notice(p: &Project, rel: &str) -> Option<(String, String)> {
    let doc = p.page(rel);
    let notices = select(&doc, ".archived-notice");
    assert!(notices.len() <= 1, "{rel}: one notice at most");
    let n = notices.first()?;
    let links = select(&doc, ".archived-notice a");
    assert_eq!(
        links.len(),
        1,
        "{rel}: the notice links to the latest edition"
    );
    let (to, _) = target(rel, attr(&links[0], "href"));
    Some((text(n), to))
}

#[test]
fn archived_editions_link_every_page_to_its_pair_in_the_latest_edition() {
    let p = project();
    p.build();
    let cases = [
        // Paired by file name though the slugs differ.
        (
            "2021/fr/intro-fr/index.html",
            "2023/fr/introduction/index.html",
        ),
        (
            "2021/en/intro-en/index.html",
            "2023/en/introduction/index.html",
        ),
        (
            "2022/en/outcome-1/index.html",
            "2023/en/outcome-1/index.html",
        ),
        // Present in 2022 only: the latest edition's home.
        ("2022/fr/dossier/index.html", "2023/fr/index.html"),
        ("2022/en/special/index.html", "2023/en/index.html"),
        ("2021/fr/index.html", "2023/fr/index.html"),
        ("2022/en/print/index.html", "2023/en/print/index.html"),
        (
            "2022/fr/indicators/1-1-b/index.html",
            "2023/fr/indicators/1-1-b/index.html",
        ),
    ];
    for (page, expected) in cases {
        let (words, to) =
            notice(&p, page).unwrap_or_else(|| panic!("{page} has no archived notice"));
        assert_eq!(to, expected, "{page}");
        assert!(p.exists(&to), "{to}");
        assert!(words.contains("2023"), "{page}: {words}");
    }
    assert!(
        notice(&p, "2021/en/index.html")
            .unwrap()
            .0
            .starts_with("An archived edition")
    );
    assert!(
        notice(&p, "2021/fr/index.html")
            .unwrap()
            .0
            .starts_with("Édition archivée")
    );
    // Every page of an archived edition has one; none of the latest does (the search
    // pages, `search/<lang>/`, belong to no edition).
    for (rel, _) in files(&p.out()) {
        if !rel.ends_with(".html") || !rel.contains('/') || rel.starts_with("search/") {
            continue;
        }
        let archived = !rel.starts_with("2023/");
        assert_eq!(notice(&p, &rel).is_some(), archived, "{rel}");
    }
}

#[test]
fn indicator_pages_show_the_values_over_the_years_so_far() {
    let p = project();
    p.build();
    let rows = |rel: &str| -> Vec<Vec<String>> {
        let doc = p.page(rel);
        select(&doc, "table.trend tbody tr")
            .iter()
            .map(|tr| {
                tr.select(&Selector::parse("th, td").unwrap())
                    .map(|c| text(&c))
                    .collect()
            })
            .collect()
    };
    // 1.1.a: reported in 2021 and 2023; Edition, Value, Current status, Baseline, Milestone.
    assert_eq!(
        rows("2023/en/indicators/1-1-a/index.html"),
        [
            [
                "2021",
                "16%",
                "16%: 21 of 131 offices.",
                "10% (2020)",
                "100%"
            ],
            [
                "2023",
                "88.5%",
                "88.5%: 122 of 138 offices, including the new ones.",
                "10% (2020)",
                "100%"
            ],
        ]
    );
    let fr = rows("2023/fr/indicators/1-1-a/index.html");
    assert_eq!(fr[1][1], "88,5\u{a0}%", "French number format");
    assert_eq!(
        fr[0][2], "16\u{a0}%\u{a0}: 21 bureaux sur 131.",
        "French typography"
    );
    // 1.1.b: all three, the latest still to be reported; as of 2022, two editions.
    let b = rows("2023/en/indicators/1-1-b/index.html");
    assert_eq!(b.iter().map(|r| r[0].as_str()).collect::<Vec<_>>(), YEARS);
    assert_eq!(
        b.iter().map(|r| r[1].as_str()).collect::<Vec<_>>(),
        ["1", "3", "— To be reported"]
    );
    assert_eq!(rows("2022/fr/indicators/1-1-b/index.html").len(), 2);
    // No page where fewer than two editions so far report the indicator.
    for absent in [
        "2021/en/indicators/1-1-a/index.html",
        "2021/en/indicators/1-1-b/index.html",
        "2022/en/indicators/1-1-a/index.html",
    ] {
        assert!(!p.exists(absent), "{absent}");
    }
    // Each year links to the row of the table that shows it in its edition.
    let doc = p.page("2023/fr/indicators/1-1-a/index.html");
    for a in select(&doc, "table.trend tbody th a") {
        let (to, fragment) = target("2023/fr/indicators/1-1-a/index.html", attr(&a, "href"));
        let fragment = fragment.expect("a row anchor");
        let page = p.page(&to);
        assert_eq!(
            select(&page, &format!("tr#{fragment}")).len(),
            1,
            "{to}#{fragment}"
        );
    }
    // A localized, accessible chart of the numeric values.
    let svg = select(&doc, "figure.trend-chart svg[role=img]");
    assert_eq!(svg.len(), 1);
    let labelled_by = attr(&svg[0], "aria-labelledby");
    for id in labelled_by.split_whitespace() {
        assert_eq!(select(&doc, &format!("svg #{id}")).len(), 1, "{id}");
    }
    assert_eq!(
        text(&select(&doc, "svg desc")[0]),
        "2021\u{a0}: 16\u{a0}%\u{a0}; 2023\u{a0}: 88,5\u{a0}%."
    );
    // The indicator tables link to the pages, where they exist.
    let trend_links = |rel: &str| -> Vec<String> {
        let doc = p.page(rel);
        select(&doc, "table.indicators a.indicator-trend")
            .iter()
            .map(|a| target(rel, attr(a, "href")).0)
            .collect()
    };
    assert_eq!(
        trend_links("2023/en/outcome-1/index.html"),
        [
            "2023/en/indicators/1-1-a/index.html",
            "2023/en/indicators/1-1-b/index.html"
        ]
    );
    assert_eq!(
        trend_links("2022/fr/resultat-1/index.html"),
        ["2022/fr/indicators/1-1-b/index.html"]
    );
    assert!(trend_links("2021/fr/resultat-1/index.html").is_empty());
}

// ---------------------------------------------------------------------------------------
// Publishing
// ---------------------------------------------------------------------------------------

#[test]
fn the_sitemap_lists_every_indexable_page_with_its_language_alternates() {
    let p = project();
    p.build();
    let xml = p.read("sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).expect("well-formed sitemap");
    let sm = "http://www.sitemaps.org/schemas/sitemap/0.9";
    let xhtml = "http://www.w3.org/1999/xhtml";
    let mut entries: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for url in doc.descendants().filter(|n| n.has_tag_name((sm, "url"))) {
        let loc = url
            .children()
            .find(|n| n.has_tag_name((sm, "loc")))
            .and_then(|n| n.text())
            .expect("loc")
            .to_string();
        let alternates = url
            .children()
            .filter(|n| n.has_tag_name((xhtml, "link")))
            .map(|n| {
                assert_eq!(n.attribute("rel"), Some("alternate"));
                (
                    n.attribute("hreflang").unwrap().to_string(),
                    n.attribute("href").unwrap().to_string(),
                )
            })
            .collect();
        assert!(entries.insert(loc, alternates).is_none(), "each page once");
    }
    assert_eq!(
        entries[&format!("{BASE}2021/en/intro-en/")],
        BTreeMap::from([
            ("en".to_string(), format!("{BASE}2021/en/intro-en/")),
            ("fr".to_string(), format!("{BASE}2021/fr/intro-fr/"))
        ])
    );
    assert_eq!(
        entries[&format!("{BASE}2023/fr/indicators/1-1-a/")]["en"],
        format!("{BASE}2023/en/indicators/1-1-a/")
    );
    assert!(entries.contains_key(BASE), "the landing page");
    // Every indexable page is listed, and every edition's PDF in each language, and
    // nothing else: not the 404 page, not the printable versions nor the search pages
    // (noindex).
    let mut expected: BTreeSet<String> = files(&p.out())
        .keys()
        .filter(|f| {
            f.ends_with("index.html") && !f.contains("/print/") && !f.starts_with("search/")
        })
        .map(|f| format!("{BASE}{}", f.trim_end_matches("index.html")))
        .collect();
    for year in YEARS {
        for lang in LANGS {
            let pdf = format!("{year}/{lang}/report-{year}-{lang}.pdf");
            assert!(p.exists(&pdf), "{pdf} is built");
            expected.insert(format!("{BASE}{pdf}"));
        }
    }
    assert_eq!(entries.keys().cloned().collect::<BTreeSet<_>>(), expected);
    assert!(
        entries[&format!("{BASE}2022/en/report-2022-en.pdf")].is_empty(),
        "a PDF has no alternates"
    );
    for alternates in entries.values() {
        for href in alternates.values() {
            assert!(entries.contains_key(href), "alternate {href} is listed too");
        }
    }
    // Canonical links agree with the sitemap.
    let page = p.page("2022/en/special/index.html");
    assert_eq!(
        attr(&select(&page, "link[rel=canonical]")[0], "href"),
        format!("{BASE}2022/en/special/")
    );
    assert!(
        p.read("robots.txt")
            .lines()
            .any(|l| l == format!("Sitemap: {BASE}sitemap.xml"))
    );
}

#[test]
fn without_a_base_url_there_is_no_sitemap_and_the_command_line_can_give_one() {
    let p = project();
    let config = p.root().join("rapport.toml");
    let text = std::fs::read_to_string(&config)
        .unwrap()
        .replace("base_url = \"https://example.org/rapports\"\n", "");
    std::fs::write(&config, text).unwrap();
    p.build();
    assert!(!p.exists("sitemap.xml"));
    assert!(!p.read("robots.txt").contains("Sitemap"));
    assert!(select(&p.page("2022/fr/index.html"), "link[rel=canonical]").is_empty());
    p.run_ok(&["build", "--base-url", "https://staging.example.net/r/"]);
    assert!(
        p.read("robots.txt")
            .contains("Sitemap: https://staging.example.net/r/sitemap.xml")
    );
    assert!(
        p.read("sitemap.xml")
            .contains("<loc>https://staging.example.net/r/2022/fr/</loc>")
    );
}

#[test]
fn assets_are_fingerprinted_and_every_reference_resolves() {
    let p = project();
    p.build();
    let site = files(&p.out());
    let statics: Vec<&String> = site.keys().filter(|f| f.starts_with("static/")).collect();
    assert!(!statics.is_empty());
    for path in &statics {
        let name = path.rsplit('/').next().unwrap();
        let parts: Vec<&str> = name.split('.').collect();
        assert!(parts.len() >= 3, "{path} carries a hash");
        let hash = parts[parts.len() - 2];
        assert_eq!(
            hash,
            &sha256(&site[*path])[..8],
            "{path}: the hash of its content"
        );
    }
    assert!(!site.contains_key("static/style.css"));
    let mut references = 0;
    for (rel, bytes) in &site {
        if !rel.ends_with(".html") || rel == "404.html" {
            continue;
        }
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for el in select(&doc, "[href], [src]") {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            if is_external(url) {
                continue;
            }
            let (to, fragment) = target(rel, url);
            assert!(site.contains_key(&to), "{rel}: {url} → {to} does not exist");
            if let (Some(fragment), true) = (fragment, to.ends_with(".html")) {
                let page = Html::parse_document(std::str::from_utf8(&site[&to]).unwrap());
                assert!(
                    !select(&page, &format!("[id='{fragment}']")).is_empty(),
                    "{rel}: {url}: no #{fragment}"
                );
            }
            references += 1;
        }
        let stylesheets = select(&doc, "link[rel=stylesheet]");
        assert_eq!(stylesheets.len(), 1, "{rel}");
        assert!(
            attr(&stylesheets[0], "href").contains("static/style."),
            "{rel}"
        );
    }
    assert!(references > 300, "{references} references checked");
    // The 404 page carries its style sheet and script inline: it is served at any depth.
    let not_found = p.page("404.html");
    assert!(select(&not_found, "link[rel=stylesheet]").is_empty());
    assert!(select(&not_found, "script[src]").is_empty());
    let style = text(&select(&not_found, "style")[0]);
    assert!(style.len() > 1000, "the whole style sheet");
    for a in select(&not_found, "a[href]") {
        let href = attr(&a, "href");
        assert!(
            href.starts_with('#') || href.starts_with(BASE),
            "{href} works at any depth"
        );
    }
}

/// Parses CSV text into rows of fields.
fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    reader
        .records()
        .map(|r| r.expect("csv record").iter().map(str::to_string).collect())
        .collect()
}

fn toml_file(p: &Project, rel: &str) -> toml::Table {
    std::fs::read_to_string(p.root().join(rel))
        .unwrap()
        .parse()
        .expect("toml")
}

/// A TOML number as CSV writes it.
fn number(value: &toml::Value) -> String {
    value
        .as_float()
        .or_else(|| value.as_integer().map(|i| i as f64))
        .map(|f| f.to_string())
        .expect("number")
}

#[test]
fn open_data_files_hold_the_toml_data_in_each_language() {
    let p = project();
    p.build();
    for year in YEARS {
        let indicators = toml_file(&p, &format!("content/{year}/indicators.toml"));
        let indicators = indicators["indicators"].as_array().unwrap();
        let projects = toml_file(&p, &format!("content/{year}/projects.toml"));
        let projects = projects["projects"].as_array().unwrap();
        for lang in LANGS {
            let dir = format!("{year}/{lang}/data");
            // Indicators, CSV: a localized header, then one row per indicator.
            let rows = csv_rows(&p.read(&format!("{dir}/indicators.csv")));
            let header = &rows[0];
            assert_eq!(header[0], if lang == "fr" { "Identifiant" } else { "Id" });
            let col = |name: &str| {
                header
                    .iter()
                    .position(|h| h == name)
                    .unwrap_or_else(|| panic!("no column {name} in {header:?}"))
            };
            let current = if lang == "fr" {
                "État actuel"
            } else {
                "Current status"
            };
            let current_value = if lang == "fr" {
                "État actuel\u{a0}: valeur"
            } else {
                "Current status: value"
            };
            let pending = if lang == "fr" {
                "État actuel\u{a0}: à communiquer"
            } else {
                "Current status: to be reported"
            };
            assert_eq!(rows.len(), indicators.len() + 1);
            for (row, indicator) in rows[1..].iter().zip(indicators) {
                assert_eq!(row.len(), header.len());
                assert_eq!(row[0], indicator["id"].as_str().unwrap());
                assert_eq!(
                    row[col(if lang == "fr" {
                        "Indicateur"
                    } else {
                        "Indicator"
                    })],
                    indicator["description"][lang].as_str().unwrap()
                );
                let cell = &indicator["current"];
                assert_eq!(
                    row[col(current)],
                    cell.get("text").map_or("", |t| t[lang].as_str().unwrap())
                );
                assert_eq!(
                    row[col(current_value)],
                    cell.get("value").map(number).unwrap_or_default()
                );
                assert_eq!(
                    row[col(pending)] == "true",
                    cell.get("pending")
                        .is_some_and(|v| v.as_bool() == Some(true))
                );
            }
            // Indicators, JSON: structured values with units.
            let json: serde_json::Value =
                serde_json::from_str(&p.read(&format!("{dir}/indicators.json"))).expect("json");
            assert_eq!(json["edition"], year.parse::<u16>().unwrap());
            assert_eq!(json["language"], lang);
            let list = json["indicators"].as_array().unwrap();
            assert_eq!(list.len(), indicators.len());
            for (record, indicator) in list.iter().zip(indicators) {
                assert_eq!(record["id"], indicator["id"].as_str().unwrap());
                assert_eq!(
                    record["output"]["id"],
                    indicator["output"].as_str().unwrap()
                );
                assert_eq!(
                    record["description"],
                    indicator["description"][lang].as_str().unwrap()
                );
                for cell in ["baseline", "milestone", "current"] {
                    match indicator.get(cell) {
                        None => assert!(record[cell].is_null(), "{cell}"),
                        Some(source) => {
                            for key in ["value", "count", "total"] {
                                assert_eq!(
                                    record[cell].get(key).and_then(serde_json::Value::as_f64),
                                    source.get(key).map(|v| number(v).parse::<f64>().unwrap()),
                                    "{year} {lang} {cell}.{key}"
                                );
                            }
                            assert_eq!(
                                record[cell].get("unit").and_then(|u| u.as_str()),
                                source.get("unit").and_then(|u| u.as_str())
                            );
                            assert_eq!(
                                record[cell].get("text").and_then(|u| u.as_str()),
                                source.get("text").map(|t| t[lang].as_str().unwrap())
                            );
                            assert_eq!(
                                record[cell]["pending"].as_bool().unwrap_or(false),
                                source.get("pending").is_some()
                            );
                        }
                    }
                }
            }
            // Projects, CSV and JSON.
            let rows = csv_rows(&p.read(&format!("{dir}/projects.csv")));
            assert_eq!(rows.len(), projects.len() + 1);
            let json: serde_json::Value =
                serde_json::from_str(&p.read(&format!("{dir}/projects.json"))).expect("json");
            let records = json["projects"].as_array().unwrap();
            for ((row, record), project) in rows[1..].iter().zip(records).zip(projects) {
                let id = project["id"].as_str().unwrap();
                let name = project["name"][lang].as_str().unwrap();
                let status = project["status"].as_str().unwrap();
                let paragraphs: Vec<i64> = project["paragraphs"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|v| v.as_integer().unwrap())
                    .collect();
                assert_eq!(
                    (row[0].as_str(), row[1].as_str(), row[6].as_str()),
                    (id, name, status)
                );
                assert_eq!(
                    row[10],
                    paragraphs
                        .iter()
                        .map(i64::to_string)
                        .collect::<Vec<_>>()
                        .join(" ")
                );
                assert_eq!(record["id"], id);
                assert_eq!(record["name"], name);
                assert_eq!(record["status"]["id"], status);
                assert_eq!(
                    record["category"]["id"],
                    project["category"].as_str().unwrap()
                );
                assert_eq!(record["paragraphs"], serde_json::json!(paragraphs));
                assert_eq!(
                    record.get("year").and_then(|y| y.as_i64()),
                    project.get("year").and_then(|y| y.as_integer())
                );
                assert_eq!(
                    record.get("expected").and_then(|y| y.as_str()),
                    project.get("expected").and_then(|y| y.as_str())
                );
            }
            // Linked from the edition's home and from the indicator tables.
            let home = format!("{year}/{lang}/index.html");
            let doc = p.page(&home);
            let listed: BTreeSet<String> = select(&doc, "ul.formats a")
                .iter()
                .map(|a| target(&home, attr(a, "href")).0)
                .collect();
            for file in [
                "indicators.csv",
                "indicators.json",
                "projects.csv",
                "projects.json",
            ] {
                assert!(
                    listed.contains(&format!("{dir}/{file}")),
                    "{home} lists {file}"
                );
            }
            let outcome = format!(
                "{year}/{lang}/{}/index.html",
                if lang == "fr" {
                    "resultat-1"
                } else {
                    "outcome-1"
                }
            );
            let doc = p.page(&outcome);
            let downloads: Vec<String> = select(&doc, ".data-downloads a")
                .iter()
                .map(|a| target(&outcome, attr(a, "href")).0)
                .collect();
            assert_eq!(
                downloads,
                [
                    format!("{dir}/indicators.csv"),
                    format!("{dir}/indicators.json")
                ]
            );
        }
    }
}

// ---------------------------------------------------------------------------------------
// Archives
// ---------------------------------------------------------------------------------------

fn unzip(bytes: &[u8]) -> Vec<(String, Vec<u8>, zip::DateTime, Option<u32>)> {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip");
    (0..archive.len())
        .map(|i| {
            let mut file = archive.by_index(i).unwrap();
            let mut content = Vec::new();
            file.read_to_end(&mut content).unwrap();
            assert_eq!(file.compression(), zip::CompressionMethod::Deflated);
            (
                file.name().expect("a UTF-8 name").to_string(),
                content,
                file.last_modified().unwrap_or_default(),
                file.unix_mode(),
            )
        })
        .collect()
}

#[test]
fn an_archive_is_self_contained_verifiable_and_deterministic() {
    let p = project();
    p.run_ok(&["archive", "2022", "--output", "a.zip"]);
    p.run_ok(&["archive", "2022", "--output", "b.zip"]);
    let bytes = std::fs::read(p.root().join("a.zip")).unwrap();
    assert_eq!(
        bytes,
        std::fs::read(p.root().join("b.zip")).unwrap(),
        "two runs, the same bytes"
    );
    let entries = unzip(&bytes);
    let names: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
    let mut sorted = names.clone();
    sorted.sort_unstable();
    assert_eq!(names, sorted, "entries in path order");
    for (name, _, time, mode) in &entries {
        assert!(name.starts_with("edition-2022/"), "{name}");
        assert_eq!(
            (
                time.year(),
                time.month(),
                time.day(),
                time.hour(),
                time.minute()
            ),
            (1980, 1, 1, 0, 0),
            "{name}"
        );
        assert_eq!(mode.map(|m| m & 0o777), Some(0o644), "{name}");
    }
    let contents: BTreeMap<String, Vec<u8>> = entries
        .into_iter()
        .map(|(n, c, ..)| (n.trim_start_matches("edition-2022/").to_string(), c))
        .collect();
    let text = |name: &str| String::from_utf8(contents[name].clone()).unwrap();
    assert!(text("bagit.txt").starts_with("BagIt-Version: 1.0\n"));
    // The manifest names every payload file once, with its SHA-256.
    let manifest: BTreeMap<String, String> = text("manifest-sha256.txt")
        .lines()
        .map(|l| {
            let (hash, path) = l.split_once("  ").expect("`hash  path`");
            (path.to_string(), hash.to_string())
        })
        .collect();
    let payload: BTreeMap<&String, &Vec<u8>> = contents
        .iter()
        .filter(|(n, _)| n.starts_with("data/"))
        .collect();
    assert_eq!(
        manifest.keys().collect::<Vec<_>>(),
        payload.keys().copied().collect::<Vec<_>>()
    );
    for (path, bytes) in &payload {
        assert_eq!(manifest[*path], sha256(bytes), "{path}");
    }
    for line in text("tagmanifest-sha256.txt").lines() {
        let (hash, path) = line.split_once("  ").unwrap();
        assert_eq!(hash, sha256(&contents[path]), "{path}");
    }
    let octets: usize = payload.values().map(|b| b.len()).sum();
    assert!(text("bag-info.txt").contains(&format!("Payload-Oxum: {octets}.{}\n", payload.len())));
    // The edition, both languages, its assets; no other edition.
    for lang in LANGS {
        assert!(contents.contains_key(&format!("data/2022/{lang}/index.html")));
        assert!(contents.contains_key(&format!("data/2022/{lang}/data/indicators.csv")));
    }
    assert!(contents.keys().any(|n| n.starts_with("data/static/style.")));
    // The edition's official PDF in each language, in the manifest (checked above) and
    // linked from the edition's home (every link resolves inside the archive, below).
    for lang in LANGS {
        let pdf = format!("2022/{lang}/report-2022-{lang}.pdf");
        assert!(
            contents[&format!("data/{pdf}")].starts_with(b"%PDF-"),
            "{pdf} in the bag"
        );
        let home = Html::parse_document(&text(&format!("data/2022/{lang}/index.html")));
        let linked = select(&home, "a[type='application/pdf']").iter().any(|a| {
            target(&format!("data/2022/{lang}/index.html"), attr(a, "href")).0
                == format!("data/{pdf}")
        });
        assert!(linked, "the archived home links {pdf}");
    }
    assert!(
        !contents
            .keys()
            .any(|n| n.ends_with(".pdf") && !n.starts_with("data/2022/")),
        "no other edition's PDF"
    );
    assert!(
        !contents
            .keys()
            .any(|n| n.starts_with("data/2021/") || n.starts_with("data/2023/"))
    );
    // Opened from disk, every link and style works: relative references resolve inside the
    // archive, and links that leave the edition go to the published site.
    let mut outside = 0;
    for (name, bytes) in contents.iter().filter(|(n, _)| n.ends_with(".html")) {
        let doc = Html::parse_document(std::str::from_utf8(bytes).unwrap());
        for el in select(&doc, "[href], [src]") {
            let url = el
                .value()
                .attr("href")
                .or_else(|| el.value().attr("src"))
                .unwrap();
            if url.starts_with(BASE) {
                outside += 1;
                continue;
            }
            if is_external(url) {
                continue;
            }
            let (to, _) = target(name, url);
            assert!(
                contents.contains_key(&to),
                "{name}: {url} → {to} is not in the archive"
            );
        }
        if name.starts_with("data/2022/") {
            assert_eq!(
                select(&doc, "link[rel=stylesheet]").len(),
                1,
                "{name} is styled"
            );
        }
    }
    assert!(
        outside > 0,
        "the archived notice leads to the published latest edition"
    );
    let home = Html::parse_document(&text("index.html"));
    let homes: Vec<String> = select(&home, "a")
        .iter()
        .map(|a| target("index.html", attr(a, "href")).0)
        .collect();
    assert_eq!(
        homes,
        ["data/2022/fr/index.html", "data/2022/en/index.html"]
    );
}

#[test]
fn archiving_a_missing_edition_is_a_usage_error() {
    let p = project();
    let out = p.run(&["archive", "2019"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("no edition 2019") && stderr.contains("2021, 2022, 2023"),
        "{stderr}"
    );
}

// ---------------------------------------------------------------------------------------
// New editions
// ---------------------------------------------------------------------------------------

#[test]
fn new_edition_scaffolds_the_next_year_and_never_overwrites() {
    let p = project();
    let before = files(&p.root().join("content"));
    // An existing year is refused, and nothing changes.
    for year in ["2023", "2021"] {
        let out = p.run(&["new-edition", year]);
        assert_eq!(out.status.code(), Some(2), "new-edition {year}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("already exists"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    assert_eq!(files(&p.root().join("content")), before);
    // From the latest edition by default.
    let out = p.run_ok(&["new-edition", "2024"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("from the 2023 edition"));
    let new = files(&p.root().join("content/2024"));
    let names: Vec<&str> = new.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "edition.toml",
            "en/01-introduction.md",
            "en/03-outcome.md",
            "fr/01-introduction.md",
            "fr/03-outcome.md",
            "indicators.toml",
            "projects.toml"
        ]
    );
    let edition = toml_file(&p, "content/2024/edition.toml");
    assert_eq!(edition["year"].as_integer(), Some(2024));
    assert_eq!(
        edition["title"]["en"].as_str(),
        Some("2024 progress report on the 2021–2025 strategy")
    );
    assert!(edition.get("date").is_none() && edition.get("totals").is_none());
    assert_eq!(edition["outputs"].as_array().unwrap().len(), 1);
    let indicators = toml_file(&p, "content/2024/indicators.toml");
    let a = &indicators["indicators"][0];
    assert_eq!(a["baseline"]["value"].as_float(), Some(10.0));
    assert_eq!(a["milestone"]["text"]["fr"].as_str(), Some("100 %"));
    assert_eq!(
        a["current"].as_table().unwrap().clone(),
        toml::Table::from_iter([("pending".to_string(), toml::Value::Boolean(true))])
    );
    let projects = toml_file(&p, "content/2024/projects.toml");
    assert_eq!(projects["categories"].as_array().unwrap().len(), 1);
    assert!(
        projects
            .get("projects")
            .and_then(|v| v.as_array())
            .is_none_or(Vec::is_empty)
    );
    let page = String::from_utf8(new["fr/03-outcome.md"].clone()).unwrap();
    assert!(
        page.starts_with("+++\ntitle = \"Résultat 1\"\nweight = 3\nslug = \"resultat-1\"\n+++\n"),
        "{page}"
    );
    assert!(
        page.contains("{-} À rédiger.")
            && page.contains("## Indicateurs {#indicateurs}")
            && page.contains("```{indicators}")
    );
    assert!(!page.contains("Troisième paragraphe"));
    // A second run refuses.
    assert_eq!(
        p.run(&["new-edition", "2024", "--from", "2022"])
            .status
            .code(),
        Some(2)
    );
    // The project builds: 2024 is the latest, its values to be reported, 2023 archived.
    p.build();
    let doc = p.page("2024/en/outcome-1/index.html");
    let pending: Vec<String> = select(&doc, "table.indicators td.empty .empty-label")
        .iter()
        .map(text)
        .collect();
    assert!(
        pending.iter().filter(|t| *t == "To be reported").count() >= 2,
        "{pending:?}"
    );
    assert!(select(&doc, ".archived-notice").is_empty());
    assert!(
        select(&doc, "p[id^=p]").is_empty(),
        "placeholders are unnumbered"
    );
    let (_, to) = notice(&p, "2023/fr/introduction/index.html").expect("2023 is archived");
    assert_eq!(to, "2024/fr/introduction/index.html");
    // From an older edition on request: its page present in 2022 only comes along.
    p.run_ok(&["new-edition", "2025", "--from", "2022"]);
    assert!(p.root().join("content/2025/fr/02-special.md").is_file());
    assert_eq!(
        toml_file(&p, "content/2025/edition.toml")["title"]["fr"].as_str(),
        Some("Rapport d’étape 2025 sur la stratégie 2021-2025")
    );
}

// ---------------------------------------------------------------------------------------
// Benchmark
// ---------------------------------------------------------------------------------------

/// Builds a generated project of 50 editions × 2 languages (each a copy of the sample 2022
/// edition in `content/2022`) and prints the timings. No timed assertion.
#[test]
#[ignore = "a benchmark: cargo test --release --test editions -- --ignored --nocapture"]
fn benchmark_fifty_editions() {
    let repo = repo();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::copy(repo.join("rapport.toml"), root.join("rapport.toml")).unwrap();
    copy_dir(&repo.join("themes/default"), &root.join("themes/default"));
    let sample = repo.join("content/2022");
    for year in 1976..2026u16 {
        let to = root.join(format!("content/{year}"));
        copy_dir(&sample, &to);
        let meta = std::fs::read_to_string(to.join("edition.toml")).unwrap();
        std::fs::write(
            to.join("edition.toml"),
            meta.replacen("year = 2022", &format!("year = {year}"), 1),
        )
        .unwrap();
    }
    let started = Instant::now();
    let project = rapport::prepare(root, Some("https://example.org/rapports/")).expect("prepare");
    let loaded = started.elapsed();
    let (mut output, counts) =
        rapport::render::site(&project.site, &project.theme).expect("render");
    let rendered = started.elapsed() - loaded;
    let data_started = Instant::now();
    rapport::render::opendata::add(&project.site, &project.theme.i18n, &mut output)
        .expect("open data");
    let data = data_started.elapsed();
    let publish_started = Instant::now();
    rapport::publish::finish(&project.site, &mut output);
    let published = publish_started.elapsed();
    let total_bytes: usize = output.iter().map(|(_, b)| b.len()).sum();
    let write_started = Instant::now();
    rapport::write::staging::publish(&output, &root.join("output")).expect("write");
    let written = write_started.elapsed();
    let archive_started = Instant::now();
    let files = rapport::write::archive::bag(&project.site, &output, 2000);
    let zip = rapport::write::archive::zip(&files).expect("zip");
    let archived = archive_started.elapsed();
    let cli_started = Instant::now();
    let status = common::rapport(root)
        .args(["build", "--root"])
        .arg(root)
        .output()
        .unwrap();
    assert!(status.status.success());
    let cli = cli_started.elapsed();
    println!(
        "50 editions x 2 languages: {} pages, {} charts, {} files, {:.1} MB",
        counts.pages,
        counts.charts,
        output.len(),
        total_bytes as f64 / 1e6
    );
    println!("load + validate: {:>7.0} ms", loaded.as_secs_f64() * 1e3);
    println!(
        "render (pages, charts, trend pages): {:>7.0} ms",
        rendered.as_secs_f64() * 1e3
    );
    println!(
        "open data (CSV, JSON): {:>7.0} ms",
        data.as_secs_f64() * 1e3
    );
    println!(
        "publish pass (fingerprints, 404, sitemap): {:>7.0} ms",
        published.as_secs_f64() * 1e3
    );
    println!("write to disk: {:>7.0} ms", written.as_secs_f64() * 1e3);
    println!(
        "archive one edition ({} files, {} bytes): {:>7.0} ms",
        files.len(),
        zip.len(),
        archived.as_secs_f64() * 1e3
    );
    println!(
        "`rapport build` (whole command): {:>7.0} ms",
        cli.as_secs_f64() * 1e3
    );
}
