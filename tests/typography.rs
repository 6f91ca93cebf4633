//! Typography per language and localized dates, on the three-language fixture
//! (`tests/fixtures/trilingual`): the built HTML parsed, its texts read with their
//! no-break spaces.

mod common;

use common::{Fixture, attr, select, text_keeping_nbsp};

const NBSP: char = '\u{a0}';
const NNBSP: char = '\u{202f}';

fn built() -> Fixture {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    f.build();
    f
}

/// The text of the first element `css` selects whose text (spaces of any kind read as
/// ordinary ones) contains `words`.
fn text_of(f: &Fixture, page: &str, css: &str, words: &str) -> String {
    let doc = f.page(page);
    let found = select(&doc, css)
        .iter()
        .map(text_keeping_nbsp)
        .find(|t| t.replace([NBSP, NNBSP], " ").contains(words));
    found.unwrap_or_else(|| panic!("no `{css}` with \"{words}\" in {page}"))
}

#[test]
fn french_keeps_numbers_colons_and_guillemets_with_their_words() {
    let f = built();
    let intro = text_of(&f, "2024/fr/introduction/index.html", "main p", "45 %");
    assert!(
        intro.contains(&format!("45{NBSP}%")) || intro.contains(&format!("45{NNBSP}%")),
        "{intro:?}"
    );
    assert!(intro.contains(&format!("achevés{NNBSP};")), "{intro:?}");
    let groups = text_of(&f, "2024/fr/introduction/index.html", "main p", "3 200");
    assert!(groups.contains(&format!("3{NNBSP}200")), "{groups:?}");
    assert!(
        groups.contains(&format!("atteignable{NNBSP}!")),
        "{groups:?}"
    );
    let axis = text_of(&f, "2024/fr/axe-a/index.html", "main p", "guichet");
    assert!(axis.contains(&format!("juin{NBSP}:")), "{axis:?}");
    assert!(
        axis.contains(&format!("«{NNBSP}un guichet unique{NNBSP}»")),
        "{axis:?}"
    );
    let title = text_of(&f, "2024/fr/axe-a/index.html", "h1", "Axe A");
    assert_eq!(
        title,
        format!("Axe A{NBSP}: des services en ligne pour tous")
    );
}

#[test]
fn code_spans_and_urls_are_left_as_written() {
    let f = built();
    for (lang, slug, href) in [
        ("fr", "axe-b", "https://donnees.example.org/?vue=liste:nom"),
        ("en", "axis-b", "https://data.example.org/?view=list:name"),
        (
            "es",
            "eje-b",
            "https://datos.example.org/?vista=lista:nombre",
        ),
    ] {
        let doc = f.page(&format!("2024/{lang}/{slug}/index.html"));
        let code: Vec<String> = select(&doc, "main p code")
            .iter()
            .map(text_keeping_nbsp)
            .collect();
        assert_eq!(code, ["12 %"], "{lang}");
        let links = select(&doc, "main p a:not(.pnum)");
        let hrefs: Vec<&str> = links.iter().map(|a| attr(a, "href")).collect();
        assert!(hrefs.contains(&href), "{lang}: {hrefs:?}");
        let autolink = links
            .iter()
            .find(|a| attr(a, "href").ends_with("/faq?"))
            .unwrap_or_else(|| panic!("{lang}: no autolink"));
        assert_eq!(
            text_keeping_nbsp(autolink),
            attr(autolink, "href"),
            "{lang}"
        );
    }
    let fr = text_of(&f, "2024/fr/axe-b/index.html", "main p", "tels quels");
    assert!(fr.contains(&format!("quels{NBSP}:")), "{fr:?}");
}

#[test]
fn english_and_spanish_keep_only_numbers_with_their_units() {
    let f = built();
    let es = text_of(&f, "2024/es/introduccion/index.html", "main p", "45 %");
    assert!(es.contains(&format!("45{NBSP}%")), "{es:?}");
    let es = text_of(&f, "2024/es/eje-a/index.html", "main p", "ventanilla");
    assert!(es.contains("junio: «una ventanilla única»"), "{es:?}");
    let es = text_of(&f, "2024/es/eje-a/index.html", "main p", "2 días");
    assert!(es.contains(&format!("2{NBSP}días;")), "{es:?}");
    let en = text_of(&f, "2024/en/axis-b/index.html", "main p", "9 days");
    assert!(en.contains(&format!("9{NBSP}days: ")), "{en:?}");
    assert!(en.contains("as written; answers"), "{en:?}");
    let en = text_of(&f, "2024/en/introduction/index.html", "main p", "45%");
    assert!(en.contains("45% of"), "{en:?}");
}

#[test]
fn indicator_cells_are_typeset_in_their_language() {
    let f = built();
    let fr = text_of(
        &f,
        "2024/fr/axe-a/index.html",
        "table.indicators td",
        "12 %",
    );
    assert_eq!(fr, format!("12{NBSP}% (2022)"));
    let fr = text_of(
        &f,
        "2024/fr/axe-a/index.html",
        "table.indicators td",
        "3 200",
    );
    assert_eq!(fr, format!("3{NNBSP}200"));
    let es = text_of(
        &f,
        "2024/es/eje-a/index.html",
        "table.indicators td",
        "12 %",
    );
    assert_eq!(es, format!("12{NBSP}% (2022)"));
}

#[test]
fn a_project_changes_the_rules_in_its_own_ui_strings() {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    f.write(
        "i18n/fr.toml",
        "[typography]\nno_break_before = \"\"\nnarrow_no_break_before = \";!?»:%\"\nunits = []\n",
    );
    f.build();
    let intro = text_of(&f, "2024/fr/introduction/index.html", "main p", "45 %");
    assert!(intro.contains(&format!("45{NNBSP}%")), "{intro:?}");
    let axis = text_of(&f, "2024/fr/axe-a/index.html", "main p", "guichet");
    assert!(axis.contains(&format!("juin{NNBSP}:")), "{axis:?}");
    assert!(
        axis.contains(&format!("«{NNBSP}un")),
        "the theme's other keys stay"
    );
    let days = text_of(&f, "2024/fr/axe-a/index.html", "main p", "2 jours");
    assert!(days.contains("2 jours"), "{days:?}");
}

#[test]
fn the_publication_date_is_written_in_each_language() {
    let f = built();
    for (lang, expected) in [
        ("fr", "15 mars 2025"),
        ("en", "March 15, 2025"),
        ("es", "15 de marzo de 2025"),
    ] {
        let doc = f.page(&format!("2024/{lang}/index.html"));
        let times = select(&doc, "main time");
        assert_eq!(times.len(), 1, "{lang}");
        assert_eq!(attr(&times[0], "datetime"), "2025-03-15", "{lang}");
        assert_eq!(text_keeping_nbsp(&times[0]), expected, "{lang}");
    }
}

#[test]
fn chart_labels_and_table_captions_are_typeset() {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    let page = f.root().join("content/2024/fr/02-axe-a.md");
    let text = std::fs::read_to_string(&page).expect("page");
    let text = text.replace(
        "caption = \"Indicateurs de l’axe A\"",
        "caption = \"Indicateurs : axe A\"",
    );
    std::fs::write(&page, text).expect("write page");
    f.build();
    // The cross-cutting element's title, drawn as a bar label in the standalone chart.
    let svg = f.read("2024/fr/charts/figure-1.svg");
    let doc = roxmltree::Document::parse(&svg).expect("SVG");
    let labels: Vec<String> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.descendants().filter_map(|t| t.text()).collect::<String>())
        .collect();
    assert!(
        labels
            .iter()
            .any(|l| l.contains(&format!("Élément transversal{NBSP}:"))),
        "{labels:?}"
    );
    // An indicator table's caption, written by the author in the block.
    let caption = text_of(
        &f,
        "2024/fr/axe-a/index.html",
        "table.indicators caption",
        "axe A",
    );
    assert_eq!(caption, format!("Indicateurs{NBSP}: axe A"));
    // English keeps its colons as written.
    let svg = f.read("2024/en/charts/figure-1.svg");
    assert!(svg.contains("Cross-cutting element: information security"));
}

/// The three-language fixture with French as Canadian French (`fr-CA`): every `fr` key of
/// its data and its `fr/` folder renamed.
fn as_canadian_french() -> Fixture {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    let root = f.root().to_path_buf();
    let mut files = vec![root.join("rapport.toml")];
    for name in ["edition.toml", "indicators.toml", "projects.toml"] {
        files.push(root.join("content/2024").join(name));
    }
    for path in files {
        let text = std::fs::read_to_string(&path).expect("data file");
        let text: String = text
            .lines()
            .map(|line| {
                if let Some(rest) = line.strip_prefix("fr = ") {
                    format!("\"fr-CA\" = {rest}")
                } else {
                    line.replacen(".fr = ", ".\"fr-CA\" = ", 1)
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        let text = text.replace("[\"fr\", \"en\", \"es\"]", "[\"fr-CA\", \"en\", \"es\"]");
        std::fs::write(&path, text).expect("write");
    }
    std::fs::rename(
        root.join("content/2024/fr"),
        root.join("content/2024/fr-CA"),
    )
    .expect("rename");
    f
}

#[test]
fn a_regional_language_reads_its_base_languages_strings_and_rules_under_its_own() {
    let f = as_canadian_french();
    // Only what Canadian French words differently: one string.
    f.write("i18n/fr-CA.toml", "published = \"Paru le\"\n");
    f.build();
    let doc = f.page("2024/fr-CA/index.html");
    assert_eq!(attr(&select(&doc, "html")[0], "lang"), "fr-CA");
    let date = text_of(&f, "2024/fr-CA/index.html", ".edition-date", "2025");
    assert!(date.starts_with("Paru le"), "{date:?}");
    let time = &select(&doc, ".edition-date time")[0];
    assert_eq!(text_keeping_nbsp(time), "15 mars 2025");
    // French typography, from fr.toml.
    let title = text_of(&f, "2024/fr-CA/axe-a/index.html", "h1", "Axe A");
    assert_eq!(
        title,
        format!("Axe A{NBSP}: des services en ligne pour tous")
    );
}
