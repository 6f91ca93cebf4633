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
    common::render_in_memory(root)
}

fn fixture() -> Output {
    render(&common::repo().join(FIXTURE))
}

fn file(out: &Output, path: &str) -> String {
    String::from_utf8(
        out.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .to_vec(),
    )
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
            (
                class.trim_start_matches("point ").to_string(),
                lines.join(" "),
            )
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
        // The last three columns: baseline, milestone, current.
        let last = &headings[headings.len() - 3..];
        assert_eq!(last[1..], [milestone, current], "{lang} table");
        assert_eq!(last[0], label("baseline"), "{lang}: the theme's baseline");

        let described = sentences(&description(&doc, "indicator-a-1-a-progress"));
        for word in [milestone, current] {
            assert!(
                described
                    .iter()
                    .any(|s| s.starts_with(word) && s[word.len()..].trim_start().starts_with(':')),
                "{lang}: no sentence on `{word}` in {described:?}"
            );
        }
        // The chart's data table names its rows the same way.
        let rows: Vec<String> = select(&doc, "#indicator-a-1-a-progress details tbody th")
            .iter()
            .map(html_text)
            .collect();
        assert_eq!(rows, [label("baseline"), milestone.into(), current.into()]);
        // And its caption names the columns as the table heads them.
        let caption = select(&doc, "#indicator-a-1-a-progress figcaption")
            .first()
            .map(html_text)
            .unwrap_or_default();
        for word in [milestone, current] {
            assert!(caption.contains(word), "{lang}: caption {caption:?}");
        }
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
    assert!(
        !problems.has_errors(),
        "{:?}",
        problems.iter().collect::<Vec<_>>()
    );
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
    assert_eq!(
        drawn_value(&out, "es", "indicator-a-1-a", "milestone"),
        "3200"
    );
    assert_eq!(
        spaces(&drawn_value(&out, "fr", "indicator-a-1-a", "milestone")),
        "3 200"
    );
    assert_eq!(
        drawn_value(&out, "en", "indicator-a-1-a", "milestone"),
        "3,200"
    );

    let warnings = number_warnings(&common::repo().join(FIXTURE));
    let located: Vec<(usize, usize)> = warnings.iter().map(|d| (d.line, d.column)).collect();
    let file = "content/2024/indicators.toml";
    assert_eq!(
        located,
        [line_col(file, "\"3.200\""), line_col(file, "\"2.480\"")],
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
    assert_eq!(
        drawn_value(&out, "es", "indicator-a-1-a", "milestone"),
        "3.200"
    );
    assert_eq!(
        drawn_value(&out, "es", "indicator-a-1-a", "current"),
        "2.480"
    );
    // The baseline's text writes 1250, as CLDR would: now the chart groups it.
    assert_eq!(
        drawn_value(&out, "es", "indicator-a-1-a", "baseline"),
        "1.250"
    );
    // Two-digit values and other languages are untouched.
    assert_eq!(
        drawn_value(&out, "en", "indicator-a-1-a", "milestone"),
        "3,200"
    );
    let warnings = number_warnings(f.root());
    assert!(
        warnings.iter().all(|w| w.message.contains("baseline")),
        "{warnings:?}"
    );
    assert_eq!(
        warnings.len(),
        1,
        "the baseline 1250 now reads 1.250: {warnings:?}"
    );
    let hint = warnings[0].hint.as_deref().unwrap_or_default();
    assert!(hint.contains("number_grouping"), "{hint}");
}

// ---------------------------------------------------------------------------------------
// Point 5: figures that show or omit their empty groups

/// The title of the cross-cutting element T, which has no project.
fn cross_cutting(lang: &str) -> &'static str {
    match lang {
        "fr" => "Élément transversal : sécurité de l’information",
        "en" => "Cross-cutting element: information security",
        _ => "Elemento transversal: seguridad de la información",
    }
}

fn intro_path(lang: &str) -> String {
    let slug = if lang == "es" {
        "introduccion"
    } else {
        "introduction"
    };
    format!("2024/{lang}/{slug}/index.html")
}

/// Figure 1 as drawn (bar label, value) and its data table's body rows (label, value),
/// with the text of its omitted-groups note, if any.
type Figure = (Vec<(String, String)>, Vec<(String, String)>, Option<String>);

fn figure_1(out: &Output, lang: &str) -> Figure {
    let chart = common::svg::parse(&file(out, &format!("2024/{lang}/charts/figure-1.svg")));
    let bars = chart
        .bars
        .iter()
        .map(|b| (spaces(&b.label), spaces(&b.value)))
        .collect();
    let doc = scraper::Html::parse_document(&file(out, &intro_path(lang)));
    let rows = select(&doc, "#figure-1 details tbody tr")
        .iter()
        .map(|tr| {
            let cells: Vec<String> = tr
                .children()
                .filter_map(scraper::ElementRef::wrap)
                .map(|c| html_text(&c))
                .collect();
            (cells[0].clone(), cells[1].clone())
        })
        .collect();
    let note = select(&doc, "#figure-1 p.chart-omitted")
        .first()
        .map(html_text);
    (bars, rows, note)
}

/// A copy of the fixture whose figure 1 says `empty = "<choice>"` in every language.
fn with_empty(choice: &str) -> Fixture {
    let f = Fixture::copy_of(FIXTURE);
    for lang in LANGS {
        let path = f
            .root()
            .join(format!("content/2024/{lang}/01-introduction.md"));
        let page = std::fs::read_to_string(&path).expect("page");
        let page = page.replacen(
            "chart = \"completed-by-output\"\n",
            &format!("chart = \"completed-by-output\"\nempty = \"{choice}\"\n"),
            1,
        );
        std::fs::write(&path, page).expect("write");
    }
    f
}

#[test]
fn empty_groups_are_shown_as_bars_of_zero_by_default_and_on_request() {
    let show = with_empty("show");
    for out in [fixture(), render(show.root())] {
        for lang in LANGS {
            let (bars, rows, note) = figure_1(&out, lang);
            let t = spaces(cross_cutting(lang));
            assert!(bars.contains(&(t.clone(), "0".into())), "{lang}: {bars:?}");
            assert!(rows.contains(&(t, "0".into())), "{lang}: {rows:?}");
            assert_eq!(note, None, "{lang}");
        }
    }
}

#[test]
fn omitted_empty_groups_leave_the_chart_and_its_table_and_are_named_under_it() {
    let f = with_empty("omit");
    let out = render(f.root());
    for lang in LANGS {
        let (bars, rows, note) = figure_1(&out, lang);
        let t = spaces(cross_cutting(lang));
        assert!(
            bars.iter().all(|(label, _)| *label != t),
            "{lang}: {bars:?}"
        );
        assert!(
            rows.iter().all(|(label, _)| *label != t),
            "{lang}: {rows:?}"
        );
        // A.1, A.2, B.1 and the part of the stated total the register does not itemize.
        assert_eq!(bars.len(), 4, "{lang}: {bars:?}");
        assert_eq!(rows.len(), 4, "{lang}: {rows:?}");
        let note = note.unwrap_or_else(|| panic!("{lang}: no note naming the omitted groups"));
        assert!(note.contains(&t), "{lang}: {note}");
        // In the page's language: the theme's sentence around the group's title.
        let words = match lang {
            "fr" => "Aucun projet achevé",
            "en" => "No completed project",
            _ => "Ningún proyecto finalizado",
        };
        assert!(note.starts_with(words), "{lang}: {note}");
        // The total still counts every project.
        let doc = scraper::Html::parse_document(&file(&out, &intro_path(lang)));
        let total = select(&doc, "#figure-1 details tfoot td");
        assert_eq!(html_text(&total[0]), "12", "{lang}");
    }
}

#[test]
fn an_unknown_empty_choice_is_an_error_at_its_line_listing_the_choices() {
    let f = with_empty("hide");
    let problems = match rapport::check(f.root()) {
        Ok(problems) | Err(rapport::diagnostics::Error::Content(problems)) => problems,
        Err(e) => panic!("{e}"),
    };
    let errors: Vec<_> = problems.iter().filter(|d| d.is_error()).collect();
    assert_eq!(errors.len(), 3, "one per language: {errors:?}");
    for lang in LANGS {
        let rel = format!("content/2024/{lang}/01-introduction.md");
        let error = errors
            .iter()
            .find(|d| d.path.ends_with(&rel))
            .unwrap_or_else(|| panic!("no error in {rel}: {errors:?}"));
        let text = std::fs::read_to_string(f.root().join(&rel)).unwrap();
        let line = text
            .lines()
            .position(|l| l.starts_with("empty = "))
            .unwrap()
            + 1;
        assert_eq!(error.line, line, "{error:?}");
        let hint = error.hint.as_deref().unwrap_or_default();
        assert!(hint.contains("show") && hint.contains("omit"), "{hint}");
        assert!(!hint.contains("completed-by-output"), "{hint}");
    }
}
