//! Pairing pages across languages (and editions): by `translation_key` when a page gives
//! one, so that translators may name files in their own language, else by file name. On
//! the three-language fixture, whose Spanish pages 02 and 03 have Spanish file names.

mod common;

use common::{Fixture, attr, select};

const FIXTURE: &str = "tests/fixtures/trilingual";

/// The problems `rapport check --format json` reports.
fn check(f: &Fixture) -> Vec<serde_json::Value> {
    let out = f.run(&["check", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The errors among `problems` about pairing (a missing translation, a shared key).
fn pairing_errors(problems: &[serde_json::Value]) -> Vec<&serde_json::Value> {
    problems
        .iter()
        .filter(|d| d["severity"] == "error")
        .filter(|d| {
            let message = d["message"].as_str().unwrap_or_default();
            message.contains("translation") || message.contains("paired as")
        })
        .collect()
}

/// Where the language switcher of a built page leads, by language.
fn switcher(f: &Fixture, page: &str) -> Vec<(String, String)> {
    let doc = f.page(page);
    select(&doc, "a.lang-switch[hreflang]")
        .iter()
        .map(|a| (attr(a, "hreflang").to_string(), attr(a, "href").to_string()))
        .collect()
}

/// Rewrites one file of the project.
fn edit(f: &Fixture, rel: &str, change: impl FnOnce(String) -> String) {
    let path = f.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
}

#[test]
fn pages_with_translated_file_names_pair_by_their_translation_key() {
    let f = Fixture::copy_of(FIXTURE);
    f.build();
    assert_eq!(
        switcher(&f, "2024/es/eje-a/index.html"),
        [
            ("fr".into(), "../../../2024/fr/axe-a/index.html".into()),
            ("en".into(), "../../../2024/en/axis-a/index.html".into()),
        ]
    );
    let to_spanish = switcher(&f, "2024/fr/axe-b/index.html");
    assert!(
        to_spanish.contains(&("es".into(), "../../../2024/es/eje-b/index.html".into())),
        "{to_spanish:?}"
    );
}

#[test]
fn pages_without_a_key_still_pair_by_file_name_beside_pages_with_one() {
    let f = Fixture::copy_of(FIXTURE);
    f.build();
    assert_eq!(
        switcher(&f, "2024/es/introduccion/index.html"),
        [
            (
                "fr".into(),
                "../../../2024/fr/introduction/index.html".into()
            ),
            (
                "en".into(),
                "../../../2024/en/introduction/index.html".into()
            ),
        ]
    );
}

#[test]
fn check_finds_no_translation_problem_in_the_fixture() {
    let f = Fixture::copy_of(FIXTURE);
    let problems = check(&f);
    let errors: Vec<_> = problems
        .iter()
        .filter(|d| d["severity"] == "error")
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn a_key_missing_in_one_language_is_one_error_per_unpaired_page_naming_the_key() {
    let f = Fixture::copy_of(FIXTURE);
    edit(&f, "content/2024/es/02-eje-a.md", |page| {
        page.replace("translation_key = \"axis-a\"\n", "")
    });
    let problems = check(&f);
    let errors = pairing_errors(&problems);
    let places: Vec<(&str, u64, u64)> = errors
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                path,
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
            )
        })
        .collect();
    // The French page, whose key no Spanish page has, at its key; the Spanish page,
    // paired by a file name no other language has, at the start of the file.
    assert_eq!(
        places,
        [
            ("content/2024/es/02-eje-a.md", 1, 1),
            ("content/2024/fr/02-axe-a.md", 4, 1),
        ],
        "{errors:#?}"
    );
    for d in errors {
        let hint = d["hint"].as_str().unwrap_or_default();
        assert!(hint.contains("`translation_key`"), "{d:#?}");
    }
}

#[test]
fn an_unpaired_page_is_reported_once_at_the_page_not_at_its_folder() {
    let f = Fixture::copy_of(FIXTURE);
    std::fs::remove_file(f.root().join("content/2024/es/01-introduction.md")).unwrap();
    let problems = check(&f);
    let errors = pairing_errors(&problems);
    assert_eq!(errors.len(), 1, "{errors:#?}");
    let error = errors[0];
    assert_eq!(error["path"], "content/2024/fr/01-introduction.md");
    assert_eq!(
        (error["line"].as_u64(), error["column"].as_u64()),
        (Some(1), Some(1))
    );
    let message = error["message"].as_str().unwrap();
    assert!(message.contains("no `es` translation"), "{message}");
    assert!(
        error["hint"]
            .as_str()
            .unwrap()
            .contains("`translation_key`")
    );
}

#[test]
fn two_pages_of_one_language_with_the_same_key_are_an_error_naming_both() {
    let f = Fixture::copy_of(FIXTURE);
    edit(&f, "content/2024/es/03-eje-b.md", |page| {
        page.replace("\"axis-b\"", "\"axis-a\"")
    });
    let problems = check(&f);
    let duplicate: Vec<_> = pairing_errors(&problems)
        .into_iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("paired as `axis-a`")
        })
        .collect();
    assert_eq!(duplicate.len(), 1, "{problems:#?}");
    let d = duplicate[0];
    assert_eq!(d["path"], "content/2024/es/03-eje-b.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert!(
        d["message"].as_str().unwrap().contains("02-eje-a.md"),
        "{d:#?}"
    );
    assert!(d["hint"].as_str().unwrap().contains("`translation_key`"));
}

#[test]
fn an_archived_edition_paired_by_file_name_links_to_the_same_page_in_a_keyed_edition() {
    let f = Fixture::copy_of(FIXTURE);
    // An older edition written before the keys, its Spanish pages named as the French.
    common::copy_dir(
        &f.root().join("content/2024"),
        &f.root().join("content/2023"),
    );
    edit(&f, "content/2023/edition.toml", |meta| {
        meta.replace("year = 2024", "year = 2023")
    });
    for rel in ["fr/02-axe-a.md", "en/02-axe-a.md", "es/02-eje-a.md"] {
        edit(&f, &format!("content/2023/{rel}"), |page| {
            page.replace("translation_key = \"axis-a\"\n", "")
        });
    }
    std::fs::rename(
        f.root().join("content/2023/es/02-eje-a.md"),
        f.root().join("content/2023/es/02-axe-a.md"),
    )
    .unwrap();
    f.build();
    let doc = f.page("2023/es/eje-a/index.html");
    let links: Vec<&str> = select(&doc, ".archived-notice a")
        .iter()
        .map(|a| attr(a, "href"))
        .collect();
    assert_eq!(links, ["../../../2024/es/eje-a/index.html"]);
}
