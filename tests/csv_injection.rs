//! Open data that a spreadsheet program opens without running anything: texts from the
//! data files that begin like a formula (`=`, `+`, `-`, `@`, a tab, a carriage return)
//! are written with a leading `'` and quoted, as OWASP recommends; numbers stay numbers.

mod common;

use common::Fixture;

/// The CSV text parsed into rows of cells.
fn rows(text: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

fn hostile_project() -> Fixture {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/indicators.toml",
        r#"[[indicators]]
id = "1.1.a"
output = "1.1"
description.fr = '=HYPERLINK("http://evil.example","x")'
description.en = "@SUM(1+1)*cmd|' /C calc'!A0"
verification.fr = "+1+1"
verification.en = "-2+3"
[indicators.baseline]
text.fr = "\t=1+1"
text.en = "\r=1+1"
value = 3
unit = "count"
[indicators.milestone]
text.fr = "-1.5"
text.en = "-"
value = 1.5
unit = "count"
[indicators.current]
text.fr = "-3"
text.en = "=A1"
value = 2
unit = "count"
"#,
    );
    f.write(
        "content/2022/projects.toml",
        r#"[[categories]]
id = "c"
label.fr = "=1+1"
label.en = "Plain"

[[projects]]
id = "p"
name.fr = "-cmd"
name.en = "@cmd"
output = "1.1"
category = "c"
status = "completed"
year = 2022
"#,
    );
    f.build();
    f
}

fn cell(rows: &[Vec<String>], column: usize) -> &str {
    &rows[1][column]
}

#[test]
fn formula_texts_are_neutralized_and_numbers_kept() {
    let f = hostile_project();
    let read = |rel: &str| {
        std::fs::read_to_string(f.root().join("output/2022").join(rel)).expect("a CSV file")
    };
    let fr = rows(&read("fr/data/indicators.csv"));
    let en = rows(&read("en/data/indicators.csv"));
    // id, output, output title, description, verification, then the baseline's text,
    // value, unit, count, total, as-of date, pending, then the milestone's.
    assert_eq!(cell(&fr, 3), "'=HYPERLINK(\"http://evil.example\",\"x\")");
    assert_eq!(cell(&en, 3), "'@SUM(1+1)*cmd|' /C calc'!A0");
    assert_eq!(cell(&fr, 4), "'+1+1");
    assert_eq!(cell(&en, 4), "'-2+3");
    assert_eq!(cell(&fr, 5), "'\t=1+1");
    assert_eq!(cell(&en, 5), "'\r=1+1");
    assert_eq!(cell(&fr, 6), "3");
    assert_eq!(cell(&fr, 12), "-1.5", "a text that is a number stays one");
    assert_eq!(cell(&en, 12), "'-");
    assert_eq!(cell(&fr, 13), "1.5");
    assert_eq!(cell(&fr, 19), "-3", "a negative number is no formula");
    assert_eq!(cell(&en, 19), "'=A1");

    let projects_fr = rows(&read("fr/data/projects.csv"));
    let projects_en = rows(&read("en/data/projects.csv"));
    assert_eq!(cell(&projects_fr, 1), "'-cmd");
    assert_eq!(cell(&projects_en, 1), "'@cmd");
    assert_eq!(cell(&projects_fr, 5), "'=1+1");

    // Whatever the file, no cell begins like a formula unless it is a number.
    for file in [&fr, &en, &projects_fr, &projects_en] {
        for cell in file.iter().flatten() {
            let starts_formula = cell.starts_with(['=', '+', '-', '@', '\t', '\r']);
            assert!(
                !starts_formula || cell.parse::<f64>().is_ok(),
                "{cell:?} would run as a formula"
            );
        }
    }
}

#[test]
fn neutralized_cells_are_quoted_and_numbers_are_not() {
    let f = hostile_project();
    let text = std::fs::read_to_string(f.root().join("output/2022/fr/data/indicators.csv"))
        .expect("a CSV file");
    let record = text.lines().nth(1).expect("the indicator's row");
    assert!(
        record.contains(",\"'+1+1\","),
        "the neutralized cell is quoted: {record}"
    );
    assert!(record.contains(",-1.5,1.5,"), "numbers are bare: {record}");
}

/// The JSON files are data for programs, not for spreadsheets: texts stay as written.
#[test]
fn json_keeps_texts_as_written() {
    let f = hostile_project();
    let json = std::fs::read_to_string(f.root().join("output/2022/fr/data/indicators.json"))
        .expect("a JSON file");
    let json: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(json["indicators"][0]["verification"], "+1+1");
}
