//! An edition's own column wording (`[labels]` of edition.toml) on the three-language
//! fixture: every column of the indicator tables may be renamed, the output column among
//! them, and a label that is wrong is an error at its own line.

mod common;

use common::{Fixture, select, text};

const FIXTURE: &str = "tests/fixtures/trilingual";

/// The fixture with `lines` added to the `[labels]` table of its edition.
fn with_labels(lines: &str) -> Fixture {
    let f = Fixture::copy_of(FIXTURE);
    let path = f.root().join("content/2024/edition.toml");
    let edition = std::fs::read_to_string(&path).expect("edition.toml");
    let edition = edition.replacen("[labels]\n", &format!("[labels]\n{lines}"), 1);
    std::fs::write(&path, edition).expect("write edition.toml");
    f
}

#[test]
fn the_output_column_is_headed_in_the_editions_words() {
    let f = with_labels(
        "output.fr = \"Axe et produit\"\noutput.en = \"Axis and output\"\noutput.es = \"Eje y producto\"\n",
    );
    f.build();
    for (lang, slug, heading) in [
        ("fr", "axe-a", "Axe et produit"),
        ("en", "axis-a", "Axis and output"),
        ("es", "eje-a", "Eje y producto"),
    ] {
        let doc = f.page(&format!("2024/{lang}/{slug}/index.html"));
        let first: Vec<String> = select(&doc, "table.indicators thead th:first-child")
            .iter()
            .map(text)
            .collect();
        assert!(!first.is_empty(), "{lang}: no indicator table");
        for h in first {
            assert_eq!(h, heading, "{lang}");
        }
    }
}

#[test]
fn a_wrong_label_is_an_error_at_its_line() {
    let f = with_labels("milstone.fr = \"Jalon\"\noutput.fr = \"Axe\"\n");
    let edition = std::fs::read_to_string(f.root().join("content/2024/edition.toml")).unwrap();
    let labels_line = 1 + edition.lines().position(|l| l == "[labels]").unwrap();
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let unknown = stderr
        .lines()
        .find(|l| l.contains("unknown column label `milstone`"))
        .unwrap_or_else(|| panic!("no unknown-label error in {stderr}"));
    let at = format!("edition.toml:{}:1:", labels_line + 1);
    assert!(unknown.contains(&at), "{unknown}");
    let missing = stderr
        .lines()
        .find(|l| l.contains("column label `output` has no `en` text"))
        .unwrap_or_else(|| panic!("no missing-language error in {stderr}"));
    let at = format!("edition.toml:{}:1:", labels_line + 2);
    assert!(missing.contains(&at), "{missing}");
    assert!(
        stderr.contains("expected one of output, indicator"),
        "{stderr}"
    );
}
