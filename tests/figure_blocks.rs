//! Figure and indicators blocks on the three-language fixture: a figure without a
//! caption gets one naming its chart in the page's language; a problem in a block is
//! shown at the block's fence line (or at the line of the key it is about), with a hint
//! about that problem.

mod common;

use common::{Fixture, select, text};

const FIXTURE: &str = "tests/fixtures/trilingual";

/// The French page whose figures are at lines 14 (fence) to 17 and 19 to 22.
const FRENCH: &str = "content/2024/fr/01-introduction.md";

/// Rewrites one file of the project.
fn edit(f: &Fixture, rel: &str, change: impl FnOnce(String) -> String) {
    let path = f.root().join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, change(text)).unwrap();
}

/// The errors `rapport check --format json` reports.
fn errors(f: &Fixture) -> Vec<serde_json::Value> {
    let out = f.run(&["check", "--format", "json"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let all: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)));
    all.into_iter()
        .filter(|d| d["severity"] == "error")
        .collect()
}

/// (file, line, column, hint) of an error.
fn place(d: &serde_json::Value) -> (&str, u64, u64) {
    (
        d["path"].as_str().unwrap(),
        d["line"].as_u64().unwrap(),
        d["column"].as_u64().unwrap(),
    )
}

#[test]
fn a_figure_without_a_caption_is_captioned_by_its_chart_in_each_language() {
    let f = Fixture::copy_of(FIXTURE);
    for lang in ["fr", "en", "es"] {
        edit(
            &f,
            &format!("content/2024/{lang}/01-introduction.md"),
            |page| {
                let lines = page.lines().filter(|l| !l.starts_with("caption = "));
                lines.map(|l| format!("{l}\n")).collect()
            },
        );
    }
    f.build();
    let expected = [
        (
            "fr/introduction",
            "Figure 1. Projets achevés en 2024, par produit et élément transversal",
            "Figure 2. Projets achevés en 2024, par catégorie",
        ),
        (
            "en/introduction",
            "Figure 1. Completed projects in 2024, by output and cross-cutting driver",
            "Figure 2. Completed projects in 2024, by category",
        ),
        (
            "es/introduccion",
            "Gráfico 1. Proyectos finalizados en 2024, por producto y factor transversal",
            "Gráfico 2. Proyectos finalizados en 2024, por categoría",
        ),
    ];
    for (page, first, second) in expected {
        let doc = f.page(&format!("2024/{page}/index.html"));
        let captions: Vec<String> = select(&doc, "figure.chart > figcaption")
            .iter()
            .map(text)
            .collect();
        assert_eq!(captions, [first, second], "{page}");
    }
}

#[test]
fn a_problem_with_a_block_as_a_whole_is_shown_at_its_fence_line() {
    let f = Fixture::copy_of(FIXTURE);
    edit(&f, FRENCH, |page| {
        page.replace("chart = \"completed-by-output\"\n", "")
            .replace(
                "```{figure}\nchart = \"completed-by-category\"",
                "```{carte}\nchart = \"completed-by-category\"",
            )
    });
    edit(&f, "content/2024/fr/03-axe-b.md", |page| {
        page.replace("output = \"B.1\"\n", "")
    });
    // (The other languages now have one figure more: that is reported at their pages.)
    let errors: Vec<_> = (errors(&f).into_iter())
        .filter(|d| d["path"].as_str().unwrap().starts_with("content/2024/fr/"))
        .collect();
    let mut places: Vec<_> = errors.iter().map(place).collect();
    places.sort();
    assert_eq!(
        places,
        [
            (FRENCH, 14, 1),
            (FRENCH, 18, 1),
            ("content/2024/fr/03-axe-b.md", 10, 1),
        ],
        "{errors:#?}"
    );
}

#[test]
fn a_problem_with_one_key_is_shown_at_its_line_and_only_a_bad_chart_lists_the_charts() {
    let f = Fixture::copy_of(FIXTURE);
    edit(&f, FRENCH, |page| {
        page.replace("chart = \"completed-by-output\"", "chart = \"camembert\"")
            .replace(
                "caption = \"Projets achevés, par catégorie\"",
                "caption = \"Projets achevés, par catégorie\"\ncouleur = \"bleu\"",
            )
    });
    let errors = errors(&f);
    let found: Vec<(u64, &str)> = errors
        .iter()
        .map(|d| (place(d).1, d["hint"].as_str().unwrap_or_default()))
        .collect();
    assert_eq!(found.len(), 2, "{errors:#?}");
    let (chart_line, chart_hint) = found[0];
    assert_eq!(chart_line, 15, "{errors:#?}");
    assert!(chart_hint.contains("completed-by-category"), "{chart_hint}");
    let (key_line, key_hint) = found[1];
    assert_eq!(key_line, 22, "{errors:#?}");
    assert!(key_hint.contains("`couleur`"), "{key_hint}");
    assert!(!key_hint.contains("completed-by"), "{key_hint}");
}
