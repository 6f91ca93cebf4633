//! Search: the page of each language, linked from every page; the index of each edition
//! and language, what it holds, where its results lead, and its bytes; the archived
//! edition's own search; the `check` note for a language without a stemmer.

mod common;

use std::collections::BTreeMap;
use std::io::Read;

use common::{Fixture, Page, ProjectBuilder, snapshot};
use scraper::{Html, Selector};

fn select<'a>(doc: &'a Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    doc.select(&Selector::parse(css).unwrap()).collect()
}

/// Where a relative URL written in the file `from` (a site path) leads, without its
/// fragment; `None` for an absolute or root-relative URL, which would break on disk or
/// under a sub-path.
fn resolve(from: &str, url: &str) -> Option<String> {
    if url.contains("://") || url.starts_with('/') || url.starts_with("data:") {
        return None;
    }
    let url = url.split('#').next().unwrap_or(url);
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for segment in url.split('/') {
        match segment {
            ".." => {
                parts.pop()?;
            }
            "." | "" => {}
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// The data of an index script, as JSON.
fn index(f: &Fixture, rel: &str) -> serde_json::Value {
    let text = f.read(rel);
    let json = text
        .strip_prefix("(self.rapportSearch = self.rapportSearch || []).push(")
        .and_then(|t| t.strip_suffix(");\n"))
        .unwrap_or_else(|| {
            panic!(
                "{rel} is not an index script: {}",
                &text[..80.min(text.len())]
            )
        });
    serde_json::from_str(json).unwrap()
}

/// The entries (page path, anchor, paragraph number, text) holding a typed word, as the
/// search page finds them: the word's stem, then its postings.
fn found(index: &serde_json::Value, word: &str) -> Vec<(String, String, u64, String)> {
    let Some(stem) = index["terms"][word].as_u64() else {
        return Vec::new();
    };
    let mut id = 0;
    let gaps = index["stems"][stem as usize][1].as_array().unwrap();
    gaps.iter()
        .map(|gap| {
            id += gap.as_u64().unwrap();
            let entry = &index["entries"][id as usize];
            let page = &index["pages"][entry[0].as_u64().unwrap() as usize];
            (
                page[0].as_str().unwrap().to_string(),
                entry[1].as_str().unwrap().to_string(),
                entry[2].as_u64().unwrap(),
                entry[3].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn sample() -> Fixture {
    let f = Fixture::empty();
    common::copy_dir(&common::repo().join("content"), &f.root().join("content"));
    std::fs::copy(
        common::repo().join("rapport.toml"),
        f.root().join("rapport.toml"),
    )
    .unwrap();
    f.run_ok(&["build", "--no-pdf"]);
    f
}

#[test]
fn every_page_links_to_the_search_page_of_its_language() {
    let f = sample();
    let mut pages = 0;
    for rel in snapshot(&f.out()).keys().filter(|p| p.ends_with(".html")) {
        if rel == "404.html" {
            continue;
        }
        let doc = f.page(rel);
        let lang = select(&doc, "html")[0]
            .value()
            .attr("lang")
            .unwrap()
            .to_string();
        let links = select(&doc, "header p.search-link a");
        assert_eq!(links.len(), 1, "{rel}: one search link in the header");
        let href = links[0].value().attr("href").unwrap();
        let target = resolve(rel, href).unwrap_or_else(|| panic!("{rel}: {href} is not relative"));
        assert_eq!(target, format!("search/{lang}/index.html"), "{rel}");
        assert!(f.exists(&target), "{rel}: {target}");
        pages += 1;
    }
    assert!(pages > 10);
}

#[test]
fn the_search_page_is_a_labelled_form_with_a_live_count_and_a_plain_fallback() {
    let f = sample();
    for lang in ["fr", "en"] {
        let rel = format!("search/{lang}/index.html");
        let doc = f.page(&rel);
        assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some(lang));
        let input = select(&doc, "form[role=search] input[type=search]");
        assert_eq!(input.len(), 1, "{rel}");
        let id = input[0].value().attr("id").unwrap();
        let label = select(&doc, &format!("label[for={id}]"));
        assert!(
            !label[0].text().collect::<String>().trim().is_empty(),
            "{rel}: labelled"
        );
        let status = select(&doc, "[role=status][aria-live=polite]");
        assert_eq!(status.len(), 1, "{rel}: a live region for the count");
        // Without JavaScript: a sentence, and each edition's contents, by relative links.
        let fallback = select(&doc, "#search-nojs a");
        let homes: Vec<String> = fallback
            .iter()
            .map(|a| resolve(&rel, a.value().attr("href").unwrap()).unwrap())
            .collect();
        assert_eq!(homes, [format!("2022/{lang}/index.html")], "{rel}");
        // The index is a script loaded by a relative `src`: it loads from disk and under
        // any path, where `fetch` would not.
        let scripts: Vec<String> = select(&doc, "script[src]")
            .iter()
            .map(|s| resolve(&rel, s.value().attr("src").unwrap()).unwrap())
            .collect();
        let own = format!("2022/{lang}/search/index.js");
        assert!(scripts.contains(&own), "{rel}: {scripts:?}");
        assert!(scripts.iter().all(|s| f.exists(s)), "{rel}: {scripts:?}");
    }
}

#[test]
fn a_word_finds_its_paragraph_in_its_language_whatever_its_accents_or_form() {
    let f = sample();
    let fr = index(&f, "2022/fr/search/index.js");
    let en = index(&f, "2022/en/search/index.js");
    assert_eq!(fr["lang"], "fr");
    // Typed without accents, "cybersecurite" is the folded word of "cybersécurité".
    let hits = found(&fr, "cybersecurite");
    assert!(!hits.is_empty());
    for (page, anchor, number, text) in &hits {
        assert!(page.starts_with("2022/fr/"), "{page}");
        assert!(text.to_lowercase().contains("cybersécurité"), "{text}");
        if *number > 0 {
            assert_eq!(anchor, &format!("p{number}"));
            // The paragraph the result links to is on that page, with that text.
            let doc = f.page(page);
            let p = select(&doc, &format!("[id={anchor}]"));
            assert_eq!(p.len(), 1, "{page}#{anchor}");
            assert!(p[0].text().collect::<String>().contains("cybersécurité"));
        }
    }
    // The English index has the English paragraphs, and no French word.
    let hits = found(&en, "cybersecurity");
    assert!(!hits.is_empty());
    assert!(hits.iter().all(|(page, ..)| page.starts_with("2022/en/")));
    assert!(found(&en, "cybersecurite").is_empty());
    // Forms of a word share its stem: "migration" and "migrations" lead to the same list.
    assert_eq!(fr["terms"]["migration"], fr["terms"]["migrations"]);
    // Stop words are not indexed, and only they: "information", the report's subject, is
    // a stop word of the long ISO lists, not of NLTK's.
    assert!(fr["terms"].get("les").is_none() && en["terms"].get("the").is_none());
    assert!(!found(&en, "information").is_empty());
    assert!(!found(&fr, "information").is_empty());
}

#[test]
fn grouped_numbers_and_chinese_are_searchable_as_written() {
    let f = Fixture::copy_of("tests/fixtures/six");
    f.run_ok(&["build", "--no-pdf"]);
    let fr = index(&f, "2025/fr/search/index.js");
    // "12 400" is one number: the reader types it with a space, the page has a no-break
    // space, both fold to "12400".
    let hits = found(&fr, "12400");
    assert!(!hits.is_empty(), "12 400 is indexed as one number");
    assert!(
        hits.iter()
            .any(|(.., text)| text.contains("12\u{a0}400") || text.contains("12 400"))
    );
    let zh = index(&f, "2025/zh/search/index.js");
    let pairs = zh["terms"].as_object().unwrap();
    assert!(
        pairs
            .keys()
            .any(|k| k.chars().count() == 2
                && k.chars().all(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "Chinese pairs"
    );
    let ar = index(&f, "2025/ar/search/index.js");
    assert!(ar["terms"].as_object().unwrap().len() > 20);
    let doc = f.page("search/ar/index.html");
    assert_eq!(select(&doc, "html")[0].value().attr("dir"), Some("rtl"));
}

#[test]
fn the_index_is_the_same_bytes_build_after_build() {
    let f = Fixture::copy_of("tests/fixtures/six");
    f.run_ok(&["build", "--no-pdf"]);
    let first: BTreeMap<String, Vec<u8>> = snapshot(&f.out())
        .into_iter()
        .filter(|(p, _)| p.contains("search/"))
        .collect();
    f.run_ok(&["build", "--no-pdf"]);
    let second: BTreeMap<String, Vec<u8>> = snapshot(&f.out())
        .into_iter()
        .filter(|(p, _)| p.contains("search/"))
        .collect();
    assert!(first.len() >= 12, "{:?}", first.keys());
    assert_eq!(first, second);
}

#[test]
fn an_archived_edition_carries_its_own_search_and_no_other_edition_s() {
    let f = Fixture::copy_of("tests/fixtures/editions");
    let out = f.run_ok(&["archive", "2022", "--output", "a.zip"]);
    assert!(out.status.success());
    let bytes = std::fs::read(f.root().join("a.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut files = BTreeMap::new();
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).unwrap();
        let mut text = String::new();
        if entry.read_to_string(&mut text).is_ok() {
            files.insert(entry.name().unwrap().to_string(), text);
        }
    }
    for lang in ["fr", "en"] {
        let rel = format!("search/{lang}/index.html");
        let page = &files[&format!("edition-2022/data/{rel}")];
        let doc = Html::parse_document(page);
        let scripts: Vec<String> = select(&doc, "script[src]")
            .iter()
            .map(|s| resolve(&rel, s.value().attr("src").unwrap()).unwrap())
            .collect();
        let own = format!("2022/{lang}/search/index.js");
        assert!(scripts.contains(&own), "{scripts:?}");
        for script in &scripts {
            assert!(
                files.contains_key(&format!("edition-2022/data/{script}")),
                "{script} is in the archive"
            );
        }
        assert!(
            !scripts
                .iter()
                .any(|s| s.starts_with("2021/") || s.starts_with("2023/"))
        );
        // The archived pages link to the archived search page.
        let home =
            Html::parse_document(&files[&format!("edition-2022/data/2022/{lang}/index.html")]);
        let link = select(&home, "header p.search-link a")[0]
            .value()
            .attr("href")
            .unwrap();
        assert_eq!(
            resolve(&format!("2022/{lang}/index.html"), link).as_deref(),
            Some(rel.as_str())
        );
    }
}

/// A project in French, English and Korean (which has no stemmer), one page each, with
/// `ko_strings` as its Korean UI strings.
fn korean_project(ko_strings: &str) -> ProjectBuilder {
    let titles = "[title]\nfr = \"R\"\nen = \"R\"\nko = \"R\"\n";
    ProjectBuilder::new()
        .file(
            "content/2022/edition.toml",
            &format!("year = 2022\n{titles}"),
        )
        .page(2022, "fr", "01-a", Page::new("Un", 1).body("Bonjour.\n"))
        .page(2022, "en", "01-a", Page::new("One", 1).body("Hello.\n"))
        .page(
            2022,
            "ko",
            "01-a",
            Page::new("하나", 1).body("안녕하세요.\n"),
        )
        .file("i18n/ko.toml", ko_strings)
        .file(
            "rapport.toml",
            &format!("languages = [\"fr\", \"en\", \"ko\"]\n{titles}"),
        )
}

#[test]
fn check_says_when_a_language_has_no_stemmer() {
    let ko = std::fs::read_to_string(common::repo().join("themes/default/i18n/en.toml")).unwrap();
    let project = korean_project(&ko);
    let f = Fixture::new(&project);
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let notes: Vec<&str> = stderr
        .lines()
        .filter(|l| l.contains("no stemmer"))
        .collect();
    assert_eq!(notes.len(), 1, "{stderr}");
    assert!(
        notes[0].contains("ko/01-a.md") && notes[0].contains("warning"),
        "{}",
        notes[0]
    );
    // And the build indexes Korean words as written.
    f.run_ok(&["build", "--no-pdf"]);
    let ko = index(&f, "2022/ko/search/index.js");
    assert!(ko["terms"].get("안녕하세요").is_some(), "{}", ko["terms"]);
}

#[test]
fn a_language_file_without_the_search_strings_is_a_located_error() {
    let en = std::fs::read_to_string(common::repo().join("themes/default/i18n/en.toml")).unwrap();
    let without: String = en
        .lines()
        .filter(|l| !l.starts_with("search_label "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, en);
    let project = korean_project(&without);
    let f = Fixture::new(&project);
    let out = f.run(&["build", "--no-pdf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr
            .lines()
            .any(|l| l.contains("i18n/ko.toml") && l.contains("missing UI string `search_label`")),
        "{stderr}"
    );
}
