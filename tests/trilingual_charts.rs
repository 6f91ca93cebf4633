//! Charts of the three-language fixture (`tests/fixtures/trilingual`): the edition's own
//! column wording in legends, descriptions and data tables; descriptions made of whole
//! sentences; numbers that read the same in a chart and in its cell's text; figures that
//! show or omit their empty groups.
//!
//! Every SVG is read with roxmltree, every page with scraper.

mod common;

use common::svg::{content, has_class};
use common::{Fixture, select};
use rapport::core::output::Output;

const FIXTURE: &str = "tests/fixtures/trilingual";
const LANGS: [&str; 3] = ["fr", "en", "es"];

/// Renders a project in memory.
fn render(root: &std::path::Path) -> Output {
    let prepared = match rapport::prepare(root, None) {
        Ok(p) => p,
        Err(rapport::core::diagnostics::Error::Content(d)) => panic!(
            "{}",
            d.iter().map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
        ),
        Err(e) => panic!("{e}"),
    };
    rapport::render_project(&prepared).expect("render").0
}

fn fixture() -> Output {
    render(&common::repo().join(FIXTURE))
}

fn file(out: &Output, path: &str) -> String {
    String::from_utf8(out.get(path).unwrap_or_else(|| panic!("no {path}")).to_vec())
        .expect("UTF-8")
}

/// The page of axis A, whose indicator table and progress charts show A.1.a and A.1.b.
fn axis_a(out: &Output, lang: &str) -> scraper::Html {
    let slug = match lang {
        "fr" => "axe-a",
        "en" => "axis-a",
        _ => "eje-a",
    };
    scraper::Html::parse_document(&file(out, &format!("2024/{lang}/{slug}/index.html")))
}

/// All kinds of spaces as one: French typography adds no-break spaces this test is not
/// about.
fn spaces(text: &str) -> String {
    text.replace(['\u{a0}', '\u{202f}'], " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn html_text(el: &scraper::ElementRef<'_>) -> String {
    spaces(&el.text().collect::<String>())
}

/// The edition's own wording of the milestone and current-status columns.
fn edition_labels(lang: &str) -> [&'static str; 2] {
    match lang {
        "fr" => ["Jalon (fin 2025)", "Situation (fin 2024)"],
        "en" => ["Milestone (end 2025)", "Status (end 2024)"],
        _ => ["Hito (fin de 2025)", "Situación (fin de 2024)"],
    }
}

/// The points of a standalone progress chart: (class, label) per point.
fn legend(svg: &str) -> Vec<(String, String)> {
    let doc = roxmltree::Document::parse(svg).expect("SVG");
    doc.descendants()
        .filter(|n| has_class(*n, "point"))
        .map(|g| {
            let class = g.attribute("class").unwrap_or_default();
            let label: Vec<String> = g
                .children()
                .filter(|n| n.has_tag_name("text"))
                .map(|t| spaces(&content(t)))
                .collect();
            // Every text but the last (the value) is a line of the label.
            let (_, lines) = label.split_last().expect("a value");
            (class.trim_start_matches("point ").to_string(), lines.join(" "))
        })
        .collect()
}

/// The description of a chart on a page, from its `<desc>`.
fn description(doc: &scraper::Html, figure: &str) -> String {
    let desc = select(doc, &format!("#{figure} svg desc"));
    assert_eq!(desc.len(), 1, "one description for #{figure}");
    html_text(&desc[0])
}

/// A description cut into sentences: after each terminal mark followed by a space.
fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        current.push(c);
        if matches!(c, '.' | '!' | '?') && chars.peek() == Some(&' ') {
            out.push(current.trim().to_string());
            current.clear();
        }
    }
    if !current.trim().is_empty() {
        out.push(current.trim().to_string());
    }
    out
}

// ---------------------------------------------------------------------------------------
// Point 3: one source for column wording

#[test]
fn progress_charts_use_the_editions_column_labels_like_the_tables() {
    let out = fixture();
    for lang in LANGS {
        let [milestone, current] = edition_labels(lang);
        let svg = file(&out, &format!("2024/{lang}/charts/indicator-a-1-a.svg"));
        let points = legend(&svg);
        let label = |class: &str| {
            points
                .iter()
                .find(|(c, _)| c == class)
                .map(|(_, l)| l.clone())
                .unwrap_or_else(|| panic!("no {class} point in {lang}"))
        };
        assert_eq!(label("milestone"), milestone, "{lang} legend");
        assert_eq!(label("current"), current, "{lang} legend");

        let doc = axis_a(&out, lang);
        // The table beside the chart: the same headings, from the same owner.
        let headings: Vec<String> = select(&doc, "table.indicators thead th")
            .iter()
            .map(html_text)
            .collect();
        assert_eq!(headings[3..], [milestone, current], "{lang} table");
        assert_eq!(headings[2], label("baseline"), "{lang}: the theme's baseline");

        let described = sentences(&description(&doc, "indicator-a-1-a-progress"));
        for word in [milestone, current] {
            assert!(
                described.iter().any(|s| s.starts_with(&format!("{word}"))
                    && s[word.len()..].trim_start().starts_with(':')),
                "{lang}: no sentence on `{word}` in {described:?}"
            );
        }
        // The chart's data table names its rows the same way.
        let rows: Vec<String> = select(&doc, "#indicator-a-1-a-progress details tbody th")
            .iter()
            .map(html_text)
            .collect();
        assert_eq!(rows, [label("baseline"), milestone.into(), current.into()]);
    }
}

// ---------------------------------------------------------------------------------------
// Point 9: descriptions made of whole sentences

#[test]
fn chart_descriptions_are_whole_sentences_in_every_language() {
    let out = fixture();
    let data_description = |lang: &str| match lang {
        "fr" => "Nombre de démarches accessibles en ligne.",
        "en" => "Number of procedures available online.",
        _ => "Número de trámites disponibles en línea.",
    };
    for lang in LANGS {
        let doc = axis_a(&out, lang);
        for figure in ["indicator-a-1-a-progress", "indicator-a-1-b-progress"] {
            let text = description(&doc, figure);
            let parts = sentences(&text);
            assert!(parts.len() >= 4, "{lang} {figure}: {parts:?}");
            for sentence in &parts {
                assert!(
                    sentence.ends_with(['.', '!', '?']),
                    "{lang} {figure}: `{sentence}` does not end a sentence"
                );
                assert!(
                    !sentence.ends_with("..") && !sentence.contains(". ."),
                    "{lang} {figure}: doubled stop in `{sentence}`"
                );
            }
        }
        let parts = sentences(&description(&doc, "indicator-a-1-a-progress"));
        assert_eq!(parts[1], data_description(lang), "{lang}: {parts:?}");
        let [milestone, _] = edition_labels(lang);
        assert!(
            parts[2..].iter().any(|s| s.starts_with(milestone)),
            "{lang}: {parts:?}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Point 4: numbers that read the same in a chart and in its table

/// The value a standalone progress chart writes for one of its points.
fn drawn_value(out: &Output, lang: &str, chart: &str, class: &str) -> String {
    let svg = file(out, &format!("2024/{lang}/charts/{chart}.svg"));
    let doc = roxmltree::Document::parse(&svg).expect("SVG");
    let point = doc
        .descendants()
        .find(|n| has_class(*n, "point") && has_class(*n, class))
        .unwrap_or_else(|| panic!("no {class} point"));
    let texts: Vec<String> = point
        .children()
        .filter(|n| n.has_tag_name("text"))
        .map(content)
        .collect();
    texts.last().expect("a value").clone()
}

/// The warnings `check` gives about a chart's numbers.
fn number_warnings(root: &std::path::Path) -> Vec<rapport::diagnostics::Diagnostic> {
    let problems = rapport::check(root).expect("check runs");
    assert!(!problems.has_errors(), "{:?}", problems.iter().collect::<Vec<_>>());
    problems
        .iter()
        .filter(|d| d.message.contains("the chart of indicator"))
        .cloned()
        .collect()
}

/// The 1-based line and column of the first occurrence of `needle` in a fixture file.
fn line_col(rel: &str, needle: &str) -> (usize, usize) {
    let text = std::fs::read_to_string(common::repo().join(FIXTURE).join(rel)).expect("read");
    let at = text.find(needle).unwrap_or_else(|| panic!("no {needle}"));
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    (line, column)
}

#[test]
fn spanish_four_digit_numbers_follow_cldr_and_check_warns_where_the_text_groups_them() {
    let out = fixture();
    assert_eq!(drawn_value(&out, "es", "indicator-a-1-a", "milestone"), "3200");
    assert_eq!(
        spaces(&drawn_value(&out, "fr", "indicator-a-1-a", "milestone")),
        "3 200"
    );
    assert_eq!(drawn_value(&out, "en", "indicator-a-1-a", "milestone"), "3,200");

    let warnings = number_warnings(&common::repo().join(FIXTURE));
    let located: Vec<(usize, usize)> = warnings.iter().map(|d| (d.line, d.column)).collect();
    let file = "content/2024/indicators.toml";
    assert_eq!(
        located,
        [
            line_col(file, "\"3.200\""),
            line_col(file, "\"2.480\"")
        ],
        "{warnings:?}"
    );
    for warning in &warnings {
        assert!(warning.path.ends_with(file), "{warning:?}");
        assert!(!warning.is_error());
        assert!(warning.message.contains("`es`"), "{warning:?}");
        let hint = warning.hint.as_deref().unwrap_or_default();
        assert!(
            hint.contains("number_grouping = \"always\"") && hint.contains("i18n/es.toml"),
            "{hint}"
        );
    }
}

#[test]
fn a_project_grouping_setting_makes_the_chart_read_like_the_text() {
    let f = Fixture::copy_of(FIXTURE);
    f.write("i18n/es.toml", "number_grouping = \"always\"\n");
    let out = render(f.root());
    assert_eq!(drawn_value(&out, "es", "indicator-a-1-a", "milestone"), "3.200");
    assert_eq!(drawn_value(&out, "es", "indicator-a-1-a", "current"), "2.480");
    // The baseline's text writes 1250, as CLDR would: now the chart groups it.
    assert_eq!(drawn_value(&out, "es", "indicator-a-1-a", "baseline"), "1.250");
    // Two-digit values and other languages are untouched.
    assert_eq!(drawn_value(&out, "en", "indicator-a-1-a", "milestone"), "3,200");
    let warnings = number_warnings(f.root());
    assert!(
        warnings.iter().all(|w| w.message.contains("baseline")),
        "{warnings:?}"
    );
    assert_eq!(warnings.len(), 1, "the baseline 1250 now reads 1.250: {warnings:?}");
    let hint = warnings[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("number_grouping"), "{hint}");
}
