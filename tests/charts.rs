//! Charts end to end: small fixture projects rendered in memory, every SVG parsed with a
//! real XML parser and every data table with a real HTML parser.
//!
//! What a chart draws is checked against the data it was drawn from: the bars, their
//! labels and values, lengths proportional to values, the remainder of the edition's
//! stated total, the accessible name and description, and the table beside the chart.

mod common;

use std::collections::BTreeSet;
use std::time::Instant;

use common::svg::{collapse, content, has_class, parse, points, values};
use common::{Edition, Fixture, Page, ProjectBuilder, repo, select, text};
use rapport::core::output::Output;

// ---------------------------------------------------------------------------------------
// Fixtures

/// The edition: outcome 1 with outputs 1.1 and 1.2, and the cross-cutting output X;
/// `total` is its stated number of completed projects.
fn edition(total: Option<u32>) -> Edition {
    Edition::new(2022)
        .completed_projects(total)
        .outcome("1", "Une OIT efficiente", "An efficient ILO")
        .output(
            "1.1",
            Some("1"),
            "Processus automatisés",
            "Automated processes",
        )
        .output("1.2", Some("1"), "Travail à distance", "Remote work")
        .output(
            "X",
            None,
            "Élément transversal : sécurité",
            "Cross-cutting driver: security",
        )
}

const CATEGORIES: &str = r#"[[categories]]
id = "automation"
label.fr = "Automatisation"
label.en = "Automation"
[[categories]]
id = "security"
label.fr = "Sécurité de l’information"
label.en = "Information security"
[[categories]]
id = "web"
label.fr = "Site Web"
label.en = "Website"
"#;

/// A project of the register: (output, category, status, year).
type P = (&'static str, &'static str, &'static str, Option<u16>);

/// The default register: four completed in 2022 (2 + 0 + 2 by output; 1 + 2 + 1 by
/// category), one in progress, one completed in 2021 (not counted).
const REGISTER: &[P] = &[
    ("1.1", "automation", "completed", Some(2022)),
    ("1.1", "security", "completed", None),
    ("1.2", "web", "in-progress", None),
    ("X", "security", "completed", Some(2022)),
    ("X", "web", "completed", None),
    ("1.2", "automation", "completed", Some(2021)),
];

fn projects_toml(projects: &[P]) -> String {
    let mut toml = CATEGORIES.to_string();
    for (i, (output, category, status, year)) in projects.iter().enumerate() {
        toml.push_str(&format!(
            "[[projects]]\nid = \"p{i}\"\nname.fr = \"Projet {i}\"\nname.en = \"Project {i}\"\noutput = \"{output}\"\ncategory = \"{category}\"\nstatus = \"{status}\"\n"
        ));
        if let Some(year) = year {
            toml.push_str(&format!("year = {year}\n"));
        }
    }
    toml
}

const INDICATORS: &str = r#"[[indicators]]
id = "1.1.a"
output = "1.1"
description.fr = "Pourcentage des bureaux"
description.en = "Percentage of offices"
[indicators.baseline]
text.fr = "16 %"
text.en = "16%"
value = 16
unit = "percent"
[indicators.milestone]
text.fr = "100 %"
text.en = "100%"
value = 100
unit = "percent"
[indicators.current]
text.fr = "88,5 %"
text.en = "88.5%"
value = 88.5
unit = "percent"

[[indicators]]
id = "1.1.b"
output = "1.1"
description.fr = "Applications remplacées"
description.en = "Applications replaced"
[indicators.baseline]
text.fr = "12 applications."
text.en = "12 applications."
value = 12
unit = "count"
[indicators.current]
text.fr = "Planification en cours."
text.en = "Planning under way."

[[indicators]]
id = "1.2.a"
output = "1.2"
description.fr = "Utilisateurs"
description.en = "Users"
[indicators.baseline]
text.fr = "Sans objet."
text.en = "Not applicable."
[indicators.milestone]
text.fr = "1 000"
text.en = "1,000"
value = 1000
unit = "count"
[indicators.current]
text.fr = "3 409 utilisateurs"
text.en = "3,409 users"
value = 3409
unit = "count"

[[indicators]]
id = "1.2.b"
output = "1.2"
description.fr = "Bureaux mis à niveau"
description.en = "Offices upgraded"
[indicators.baseline]
text.fr = "62 bureaux."
text.en = "62 offices."
value = 62
unit = "count"
[indicators.milestone]
text.fr = "25 %"
text.en = "25%"
value = 25
unit = "percent"
[indicators.current]
text.fr = "11 %"
text.en = "11%"
value = 11
unit = "percent"
"#;

fn page(lang: &str) -> Page {
    let (title, p) = if lang == "fr" {
        ("Introduction", "Paragraphe")
    } else {
        ("Introduction", "Paragraph")
    };
    let (c1, c2) = if lang == "fr" {
        (
            "Projets achevés, par produit",
            "Projets achevés, par catégorie",
        )
    } else {
        (
            "Completed projects by output",
            "Completed projects by category",
        )
    };
    Page::new(title, 1).slug("intro").body(&format!(
        "{p} 1.\n\n{p} 2.\n\n{p} 3.\n\n```{{figure}}\nchart = \"completed-by-output\"\ncaption = \"{c1}\"\nnote = \"A *note*.\"\n```\n\n```{{figure}}\nchart = \"completed-by-category\"\ncaption = \"{c2}\"\n```\n\n{p} 4.\n\n```{{indicators}}\noutcome = \"1\"\n```\n"
    ))
}

/// A bilingual project with the figures after paragraph 3 and an indicator table.
fn project(projects: &[P], total: Option<u32>, indicators: &str) -> Fixture {
    let mut project = ProjectBuilder::new()
        .edition(edition(total))
        .projects(2022, &projects_toml(projects))
        .indicators(2022, indicators);
    for lang in ["fr", "en"] {
        project = project.page(2022, lang, "01-intro", page(lang));
    }
    Fixture::new(&project)
}

fn render(f: &Fixture) -> Output {
    common::render_in_memory(f.root())
}

fn file(out: &Output, path: &str) -> String {
    String::from_utf8(
        out.get(path)
            .unwrap_or_else(|| panic!("no {path}"))
            .to_vec(),
    )
    .expect("UTF-8")
}

fn intro(out: &Output, lang: &str) -> String {
    file(out, &format!("2022/{lang}/intro/index.html"))
}

/// The inline SVG of the element with `id` in a page's HTML (the first `<svg>` after it).
fn inline_svg(html: &str, id: &str) -> String {
    let at = html
        .find(&format!("id=\"{id}\""))
        .unwrap_or_else(|| panic!("no #{id}"));
    let start = at + html[at..].find("<svg").expect("an svg");
    let end = start + html[start..].find("</svg>").expect("svg end") + "</svg>".len();
    html[start..end].to_string()
}

// ---------------------------------------------------------------------------------------
// Reading a chart back from its SVG

/// The text of an HTML element, collapsed like `svg::content`.
fn html_text(el: &scraper::ElementRef<'_>) -> String {
    collapse(&el.text().collect::<String>())
}

/// A row of a data table: its header cell and its value.
type Row = (String, String);

/// The rows of a figure's data table: (header cell, value) per row of the body, and the
/// footer's total.
fn table(html: &str, figure: &str) -> (String, Vec<Row>, Option<Row>) {
    let doc = scraper::Html::parse_document(html);
    let summary = select(&doc, &format!("#{figure} details > summary"));
    assert_eq!(summary.len(), 1);
    let caption = select(&doc, &format!("#{figure} details table caption"))
        .first()
        .map(html_text)
        .unwrap_or_default();
    let rows = |part: &str| -> Vec<(String, String)> {
        select(&doc, &format!("#{figure} details table {part} tr"))
            .iter()
            .map(|tr| {
                let th: Vec<_> = tr
                    .select(&scraper::Selector::parse("th[scope=row]").unwrap())
                    .collect();
                let td: Vec<_> = tr
                    .select(&scraper::Selector::parse("td").unwrap())
                    .collect();
                assert_eq!(
                    (th.len(), td.len()),
                    (1, 1),
                    "one header and one value per row"
                );
                (html_text(&th[0]), html_text(&td[0]))
            })
            .collect()
    };
    let cols = select(
        &doc,
        &format!("#{figure} details table thead th[scope=col]"),
    );
    assert_eq!(cols.len(), 2);
    (
        format!("{}|{caption}", html_text(&summary[0])),
        rows("tbody"),
        rows("tfoot").into_iter().next(),
    )
}

// ---------------------------------------------------------------------------------------
// Figures 1 and 2

#[test]
fn figure_1_counts_completed_projects_per_output_in_edition_order() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let fr = parse(&inline_svg(&intro(&out, "fr"), "figure-1"));
    let labels: Vec<&str> = fr.bars.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Produit 1.1. Processus automatisés",
            "Produit 1.2. Travail à distance",
            "Élément transversal\u{a0}: sécurité",
            "Non détaillés dans le présent rapport"
        ]
    );
    assert_eq!(values(&fr), [2, 0, 2, 6]);
    assert_eq!(
        fr.bars.iter().map(|b| b.remainder).collect::<Vec<_>>(),
        [false, false, false, true]
    );
    let en = parse(&inline_svg(&intro(&out, "en"), "figure-1"));
    let labels: Vec<&str> = en.bars.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Output 1.1. Automated processes",
            "Output 1.2. Remote work",
            "Cross-cutting driver: security",
            "Not itemized in this report"
        ]
    );
    assert_eq!(values(&en), [2, 0, 2, 6]);
}

#[test]
fn figure_2_counts_completed_projects_per_category_in_register_order() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let chart = parse(&inline_svg(&intro(&out, "en"), "figure-2"));
    let labels: Vec<&str> = chart.bars.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        [
            "Automation",
            "Information security",
            "Website",
            "Not itemized in this report"
        ]
    );
    assert_eq!(values(&chart), [1, 2, 1, 6]);
}

#[test]
fn bar_lengths_are_proportional_to_values() {
    let register: Vec<P> = [("1.1", 7), ("1.2", 3), ("X", 1)]
        .iter()
        .flat_map(|&(output, n)| std::iter::repeat_n((output, "web", "completed", None), n))
        .collect();
    let out = render(&project(&register, Some(24), INDICATORS));
    for figure in ["figure-1", "figure-2"] {
        let chart = parse(&inline_svg(&intro(&out, "fr"), figure));
        let values = values(&chart);
        let largest = chart
            .bars
            .iter()
            .zip(&values)
            .max_by_key(|(_, v)| **v)
            .unwrap();
        let unit = largest.0.length / f64::from(*largest.1);
        for (bar, value) in chart.bars.iter().zip(&values) {
            assert!(
                (bar.length - unit * f64::from(*value)).abs() <= 1.0,
                "{figure}: {} is {} long for {value}",
                bar.label,
                bar.length
            );
        }
    }
}

#[test]
fn totals_equal_the_register_plus_the_remainder_and_the_stated_total() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    for lang in ["fr", "en"] {
        let html = intro(&out, lang);
        for figure in ["figure-1", "figure-2"] {
            let chart = parse(&inline_svg(&html, figure));
            let values = values(&chart);
            let register: u32 = chart
                .bars
                .iter()
                .zip(&values)
                .filter(|(b, _)| !b.remainder)
                .map(|(_, v)| v)
                .sum();
            let remainder: u32 = chart
                .bars
                .iter()
                .zip(&values)
                .filter(|(b, _)| b.remainder)
                .map(|(_, v)| v)
                .sum();
            assert_eq!(register, 4, "completed in 2022, by the register");
            assert_eq!(register + remainder, 10, "the stated total");
            let (_, _, total) = table(&html, figure);
            assert_eq!(total.expect("a total row").1, "10");
        }
    }
}

#[test]
fn a_register_above_the_stated_total_draws_no_remainder_and_says_so() {
    let out = render(&project(REGISTER, Some(3), INDICATORS));
    let chart = parse(&inline_svg(&intro(&out, "en"), "figure-1"));
    assert!(chart.bars.iter().all(|b| !b.remainder));
    assert_eq!(values(&chart), [2, 0, 2]);
    assert!(chart.desc.contains("The register counts 4 completed projects, more than the total of 3 stated by the report"), "{}", chart.desc);
    let fr = parse(&inline_svg(&intro(&out, "fr"), "figure-1"));
    assert!(
        fr.desc
            .contains("Le registre compte 4 projets achevés, soit plus que le total de 3"),
        "{}",
        fr.desc
    );
}

#[test]
fn without_a_stated_total_there_is_no_remainder() {
    let out = render(&project(REGISTER, None, INDICATORS));
    let chart = parse(&inline_svg(&intro(&out, "en"), "figure-2"));
    assert_eq!(values(&chart), [1, 2, 1]);
    assert!(chart.desc.ends_with("Total: 4."), "{}", chart.desc);
}

#[test]
fn an_empty_register_draws_a_chart_that_says_so() {
    for (total, expected) in [(None, vec![]), (Some(5), vec![5])] {
        let out = render(&project(&[], total, INDICATORS));
        for (lang, message) in [
            ("fr", "Aucun projet enregistré"),
            ("en", "No projects recorded"),
        ] {
            let html = intro(&out, lang);
            let svg = inline_svg(&html, "figure-1");
            let chart = parse(&svg);
            assert_eq!(values(&chart), expected);
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let said = doc
                .descendants()
                .filter(|n| has_class(*n, "message"))
                .flat_map(|g| g.children().filter(|n| n.has_tag_name("text")).map(content))
                .collect::<Vec<_>>()
                .join(" ");
            assert_eq!(said, message);
            assert!(chart.desc.contains(message), "{}", chart.desc);
            let doc = scraper::Html::parse_document(&html);
            let details = select(&doc, "#figure-1 details");
            assert!(text(&details[0]).contains(if expected.is_empty() { message } else { "5" }));
        }
    }
}

#[test]
fn the_data_table_equals_the_chart() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    for (lang, summary) in [("fr", "Données du graphique"), ("en", "Chart data")] {
        let html = intro(&out, lang);
        for figure in ["figure-1", "figure-2"] {
            let chart = parse(&inline_svg(&html, figure));
            let (head, rows, total) = table(&html, figure);
            assert_eq!(head, format!("{summary}|{}", chart.title));
            let drawn: Vec<(String, String)> = chart
                .bars
                .iter()
                .map(|b| (b.label.clone(), b.value.clone()))
                .collect();
            assert_eq!(rows, drawn, "{lang} {figure}");
            let (label, value) = total.unwrap();
            assert_eq!(label, "Total");
            assert_eq!(
                value.parse::<u32>().unwrap(),
                values(&chart).iter().sum::<u32>()
            );
        }
    }
}

#[test]
fn the_accessible_name_and_description_are_localized_and_give_the_key_values() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let fr = parse(&inline_svg(&intro(&out, "fr"), "figure-1"));
    assert_eq!(fr.title, "Figure 1. Projets achevés, par produit");
    for part in [
        "Diagramme à barres horizontales",
        "Valeur la plus élevée\u{a0}: Produit 1.1 et Élément transversal\u{a0}: sécurité (2).",
        "Valeur la plus faible\u{a0}: Produit 1.2 (0).",
        "Projets détaillés dans le présent rapport\u{a0}: 4",
        "non détaillés, barre hachurée distincte\u{a0}: 6",
        "total indiqué dans le rapport\u{a0}: 10.",
    ] {
        assert!(fr.desc.contains(part), "missing «{part}» in {}", fr.desc);
    }
    let en = parse(&inline_svg(&intro(&out, "en"), "figure-2"));
    assert_eq!(en.title, "Figure 2. Completed projects by category");
    for part in [
        "Horizontal bar chart: number of completed projects by project category.",
        "Largest: Information security (2).",
        "Smallest: Automation and Website (1).",
        "Projects itemized in this report: 4; not itemized, a separate hatched bar: 6; total stated by the report: 10.",
    ] {
        assert!(en.desc.contains(part), "missing «{part}» in {}", en.desc);
    }
}

#[test]
fn figures_are_numbered_captioned_and_carry_their_note() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let doc = scraper::Html::parse_document(&intro(&out, "fr"));
    let captions: Vec<String> = select(&doc, "figure.chart > figcaption")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        captions[..2],
        [
            "Figure 1. Projets achevés, par produit",
            "Figure 2. Projets achevés, par catégorie"
        ]
    );
    let note = select(&doc, "#figure-1 .chart-note em");
    assert_eq!(note.len(), 1, "the note's Markdown is rendered");
    // The figures follow paragraph 3, where the author placed them.
    let html = intro(&out, "fr");
    assert!(html.find("id=\"p3\"").unwrap() < html.find("id=\"figure-1\"").unwrap());
    assert!(html.find("id=\"figure-2\"").unwrap() < html.find("id=\"p4\"").unwrap());
}

#[test]
fn ids_are_unique_on_every_page() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    for (path, bytes) in out.iter().filter(|(p, _)| p.ends_with(".html")) {
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(bytes));
        let mut seen = BTreeSet::new();
        for el in select(&doc, "[id]") {
            let id = el.value().attr("id").unwrap();
            assert!(seen.insert(id.to_string()), "{path}: duplicate id {id}");
        }
        for el in select(&doc, "[aria-labelledby], [aria-describedby]") {
            for attr in ["aria-labelledby", "aria-describedby"] {
                for id in el.value().attr(attr).unwrap_or_default().split_whitespace() {
                    assert!(seen.contains(id), "{path}: {attr} points at missing #{id}");
                }
            }
        }
    }
}

#[test]
fn each_chart_links_to_a_standalone_svg_with_the_same_accessible_name() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    for lang in ["fr", "en"] {
        let page = format!("2022/{lang}/intro/index.html");
        let html = file(&out, &page);
        let doc = scraper::Html::parse_document(&html);
        let links = select(&doc, "figure.chart .chart-download a[href]");
        assert_eq!(links.len(), 4, "two figures and two indicator charts");
        for (link, figure) in links.iter().zip([
            "figure-1",
            "figure-2",
            "indicator-1-1-a-progress",
            "indicator-1-2-a-progress",
        ]) {
            let href = link.value().attr("href").unwrap();
            assert!(href.starts_with("../../../"), "relative: {href}");
            let target = href.trim_start_matches("../../../");
            assert!(
                target.starts_with(&format!("2022/{lang}/charts/")) && target.ends_with(".svg"),
                "{target}"
            );
            let standalone = file(&out, target);
            assert!(standalone.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\""));
            let (alone, inline) = (parse(&standalone), parse(&inline_svg(&html, figure)));
            assert_eq!((alone.title, alone.desc), (inline.title, inline.desc));
            assert_eq!(
                text(link),
                if lang == "fr" {
                    "Télécharger le graphique (SVG)"
                } else {
                    "Download the chart (SVG)"
                }
            );
        }
    }
}

#[test]
fn charts_are_byte_identical_across_builds() {
    let f = project(REGISTER, Some(10), INDICATORS);
    let (a, b) = (render(&f), render(&f));
    let charts: Vec<&str> = a
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.contains("/charts/"))
        .collect();
    assert_eq!(charts.len(), 8);
    assert_eq!(a, b);
}

// ---------------------------------------------------------------------------------------
// Indicator progress

/// The points of a progress chart: (class, label, value text, x of the marker).
fn progress_points(svg: &str) -> Vec<(String, String, String, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| has_class(*n, "point"))
        .map(|g| {
            let class = g
                .attribute("class")
                .unwrap()
                .trim_start_matches("point ")
                .to_string();
            let texts: Vec<String> = g
                .children()
                .filter(|n| n.has_tag_name("text"))
                .map(content)
                .collect();
            let stem = g
                .children()
                .filter(|n| n.has_tag_name("polyline"))
                .find(|n| n.attribute("stroke-width") == Some("4"))
                .expect("a stem");
            let p = points(stem);
            (class, texts[0].clone(), texts[1].clone(), p[1].0 - p[0].0)
        })
        .collect()
}

#[test]
fn indicators_with_numeric_values_in_one_unit_get_a_progress_chart() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let html = intro(&out, "fr");
    let doc = scraper::Html::parse_document(&html);
    let charted: Vec<&str> = select(&doc, "figure.chart-progress")
        .iter()
        .map(|f| f.value().attr("id").unwrap())
        .collect();
    // 1.1.b has no numeric current status; 1.2.b mixes a count with percentages.
    assert_eq!(
        charted,
        ["indicator-1-1-a-progress", "indicator-1-2-a-progress"]
    );
    let points = progress_points(&inline_svg(&html, "indicator-1-1-a-progress"));
    let drawn: Vec<(&str, &str, &str)> = points
        .iter()
        .map(|(c, l, v, _)| (c.as_str(), l.as_str(), v.as_str()))
        .collect();
    assert_eq!(
        drawn,
        [
            ("baseline", "Base de référence", "16\u{a0}%"),
            ("milestone", "Étape", "100\u{a0}%"),
            ("current", "État actuel", "88,5\u{a0}%")
        ]
    );
    // One scale from zero: stem lengths proportional to the values.
    let unit = points[1].3 / 100.0;
    for ((_, _, _, length), value) in points.iter().zip([16.0, 100.0, 88.5]) {
        assert!((length - unit * value).abs() <= 1.0, "{length} for {value}");
    }
    let chart = parse(&inline_svg(&html, "indicator-1-1-a-progress"));
    assert_eq!(
        chart.title,
        "Indicateur 1.1.a\u{a0}: Base de référence, Étape, État actuel"
    );
    assert_eq!(
        chart.desc,
        "Diagramme à points sur une échelle de 0\u{a0}% à 100\u{a0}%. Pourcentage des bureaux. Base de référence\u{a0}: 16\u{a0}%. Étape\u{a0}: 100\u{a0}%. État actuel\u{a0}: 88,5\u{a0}%."
    );
    let rows: Vec<(String, String)> = select(&doc, "#indicator-1-1-a-progress details tbody tr")
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
    let drawn: Vec<(String, String)> = points
        .iter()
        .map(|(_, l, v, _)| (l.clone(), v.clone()))
        .collect();
    assert_eq!(rows, drawn, "the table equals the chart");
}

#[test]
fn numbers_follow_the_locale_and_missing_values_are_not_drawn() {
    let out = render(&project(REGISTER, Some(10), INDICATORS));
    let fr = progress_points(&inline_svg(&intro(&out, "fr"), "indicator-1-2-a-progress"));
    let en = progress_points(&inline_svg(&intro(&out, "en"), "indicator-1-2-a-progress"));
    // No baseline value: two points, and the counts are grouped per locale.
    assert_eq!(
        fr.iter().map(|p| p.2.as_str()).collect::<Vec<_>>(),
        ["1\u{202f}000", "3\u{202f}409"]
    );
    assert_eq!(
        en.iter().map(|p| p.2.as_str()).collect::<Vec<_>>(),
        ["1,000", "3,409"]
    );
    assert_eq!(
        en.iter().map(|p| p.1.as_str()).collect::<Vec<_>>(),
        ["Milestone", "Current status"]
    );
    let en_pct = progress_points(&inline_svg(&intro(&out, "en"), "indicator-1-1-a-progress"));
    assert_eq!(en_pct[2].2, "88.5%");
}

#[test]
fn a_milestone_unit_unlike_the_current_status_is_a_located_error() {
    let broken = INDICATORS.replace(
        "[indicators.current]\ntext.fr = \"3 409 utilisateurs\"\ntext.en = \"3,409 users\"\nvalue = 3409\nunit = \"count\"",
        "[indicators.current]\ntext.fr = \"3 409 utilisateurs\"\ntext.en = \"3,409 users\"\nvalue = 34\nunit = \"percent\"",
    );
    let f = project(REGISTER, Some(10), &broken);
    let Err(rapport::core::diagnostics::Error::Content(problems)) =
        rapport::prepare(f.root(), None)
    else {
        panic!("expected an error")
    };
    let lines: Vec<String> = problems.iter().map(|d| d.to_string()).collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    // The error points at the current status's unit: the line after `value = 34`, at the value.
    let line = broken[..broken.find("value = 34").unwrap()].lines().count() + 2;
    let expected = format!(
        "indicators.toml:{line}:8: error: indicator `1.2.a`: the current status is in `percent` but the milestone is in `count`"
    );
    assert!(
        lines[0].contains(&expected),
        "{}\nexpected {expected}",
        lines[0]
    );
    assert!(
        lines[0].contains("valid values: percent, count"),
        "{}",
        lines[0]
    );
}

// ---------------------------------------------------------------------------------------
// A benchmark (on the sample: nothing of it is asserted; the sample's own charts are
// checked against the printed report in tests/fidelity.rs)

/// Times the rendering of one figure (layout, plotters, accessible wrapper, table).
/// `cargo test --release --test charts -- --ignored --nocapture render_time`
#[test]
#[ignore = "a benchmark: run on demand"]
fn render_time_of_one_chart() {
    let prepared = rapport::prepare(&repo(), None).expect("the sample is valid");
    let edition = prepared.site.latest().expect("an edition");
    let block: rapport::core::model::FigureBlock = toml::from_str(
        "chart = \"completed-by-output\"\ncaption = \"Projets achevés, par produit\"",
    )
    .expect("a figure block");
    let request = rapport::render::charts::FigureRequest {
        edition,
        block: &block,
        lang: "fr",
        i18n: &prepared.theme.i18n,
        number: 1,
        root: "../../../",
        sanitize: None,
    };
    let indicator = edition.indicators.indicators.first().expect("an indicator");
    for _ in 0..50 {
        std::hint::black_box(rapport::render::charts::figure(&request));
    }
    let runs = 2000;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(rapport::render::charts::figure(&request));
    }
    let figure = started.elapsed() / runs;
    let started = Instant::now();
    for _ in 0..runs {
        std::hint::black_box(rapport::render::charts::indicator_progress(
            edition,
            indicator,
            "fr",
            &prepared.theme.i18n,
            "../../../",
        ));
    }
    let progress = started.elapsed() / runs;
    println!("figure 1 (8 bars, with its table and standalone file): {figure:?} per chart");
    println!("indicator progress chart: {progress:?} per chart");
    // Measuring one label: Latin glyph by glyph, Arabic shaped, Chinese at 1 em.
    for (lang, label) in [
        (
            "fr",
            "Recours accru aux processus automatisés et aux applications",
        ),
        (
            "ar",
            "زيادة استخدام العمليات والتطبيقات المؤتمتة لتحسين الكفاءة",
        ),
        ("zh", "更多地利用自动化流程和应用程序，提高业务效率"),
    ] {
        let started = Instant::now();
        for _ in 0..runs {
            std::hint::black_box(rapport::render::charts::text_width(lang, label, 16.0));
        }
        println!(
            "measuring a label in {lang}: {:?}",
            started.elapsed() / runs
        );
    }
}
