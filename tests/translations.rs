//! Translations that stay true: `check` compares the numbers, links, note references and
//! code of every paragraph across languages; the translations lock flags paragraphs
//! whose source changed (`rapport translations`, `--accept`).

mod common;

use common::{Edition, Fixture, INDICATORS, Page, ProjectBuilder};

/// A bilingual project whose one page says `fr` in French and `en` in English.
fn project(fr: &str, en: &str) -> Fixture {
    project_with(&["fr", "en"], &[("fr", fr), ("en", en)])
}

fn project_with(languages: &[&str], bodies: &[(&str, &str)]) -> Fixture {
    let mut builder = ProjectBuilder::new()
        .languages(languages)
        .edition(Edition::standard(2022))
        .indicators(2022, INDICATORS);
    for (lang, body) in bodies {
        builder = builder.page(2022, lang, "01-intro", Page::new("Intro", 1).body(body));
    }
    Fixture::new(&builder)
}

/// `check --format json`'s diagnostics: (path, line, severity, message, hint).
fn diagnostics(fixture: &Fixture, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["check", "--format", "json"];
    all.extend(args);
    let out = fixture.run(&all);
    serde_json::from_slice::<Vec<serde_json::Value>>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
}

/// The diagnostics whose message contains `text`.
fn about(fixture: &Fixture, text: &str) -> Vec<serde_json::Value> {
    diagnostics(fixture, &[])
        .into_iter()
        .filter(|d| d["message"].as_str().is_some_and(|m| m.contains(text)))
        .collect()
}

#[test]
fn a_number_changed_in_one_language_is_caught_with_both_places_and_what_each_lacks() {
    let f = project(
        "Premier.\n\nLe Bureau a achevé 69 projets en 2022.\n",
        "First.\n\nThe Office completed 68 projects in 2022.\n",
    );
    let found = about(&f, "same numbers");
    assert_eq!(found.len(), 1, "{found:#?}");
    let d = &found[0];
    assert_eq!(d["severity"], "warning");
    assert!(
        d["path"].as_str().unwrap().ends_with("en/01-intro.md"),
        "{d}"
    );
    assert_eq!(d["line"], 8, "the English paragraph's line: {d}");
    let message = d["message"].as_str().unwrap();
    assert!(message.starts_with("p2 "), "{message}");
    assert!(message.contains("`en` lacks 69"), "{message}");
    assert!(message.contains("`fr` lacks 68"), "{message}");
    let hint = d["hint"].as_str().unwrap();
    assert!(
        hint.contains("fr/01-intro.md:8:1"),
        "the French place: {hint}"
    );
    assert!(
        hint.contains("achevé 69 projets"),
        "an excerpt of each: {hint}"
    );
    assert!(hint.contains("completed 68 projects"), "{hint}");
}

#[test]
fn numbers_written_as_each_language_writes_them_are_not_flagged() {
    let f = project_with(
        &["fr", "en", "es"],
        &[
            (
                "fr",
                "Au total, 3 409 agents ; 88,5 % des bureaux ; 1 234 567,25 CHF ; produit 1.1 ; 2022-2025.\n",
            ),
            (
                "en",
                "In all, 3,409 staff; 88.5% of offices; CHF 1,234,567.25; output 1.1; 2022–2025.\n",
            ),
            (
                "es",
                "En total, 3.409 funcionarios; 88,5 % de las oficinas; 1.234.567,25 CHF; producto 1.1; 2022-2025.\n",
            ),
        ],
    );
    let found = about(&f, "numbers");
    assert!(found.is_empty(), "{found:#?}");
}

#[test]
fn a_decimal_read_in_the_wrong_language_is_another_number() {
    // "3,409" is 3.409 in French: an English grouping copied into French is caught.
    let f = project("Au total, 3,409 agents.\n", "In all, 3,409 staff.\n");
    let found = about(&f, "same numbers");
    assert_eq!(found.len(), 1, "{found:#?}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`en` lacks 3.409") && message.contains("`fr` lacks 3409"),
        "{message}"
    );
}

#[test]
fn links_note_references_and_code_must_agree_in_count() {
    let f = project(
        "Voir [le texte](https://example.org/fr)[^a], avec `rapport check`.\n\n[^a]: Une note.\n",
        "See the text, with rapport check.\n\n[^a]: A note.\n",
    );
    let messages: Vec<String> = about(&f, "p1 has")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        messages
            .iter()
            .any(|m| m.contains("0 link(s) in `en` but 1 in `fr`")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("0 footnote reference(s)")),
        "{messages:?}"
    );
    assert!(
        messages.iter().any(|m| m.contains("0 inline code span(s)")),
        "{messages:?}"
    );
}

#[test]
fn table_cells_headings_and_notes_are_compared_too() {
    let f = project(
        "Premier[^a].\n\n## Produit 2\n\n| a | b |\n|---|---|\n| 12 | 14 % |\n\n[^a]: Voir 2021.\n",
        "First[^a].\n\n## Output 3\n\n| a | b |\n|---|---|\n| 12 | 15% |\n\n[^a]: See 2020.\n",
    );
    let units: Vec<String> = about(&f, "same numbers")
        .iter()
        .map(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .split(' ')
                .next()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(units, ["h1", "t1.r2.c2", "n1"], "heading, cell and note");
}

#[test]
fn the_marker_opts_a_paragraph_out_on_either_side() {
    let f = project(
        "Disponible 24 heures sur 24, 7 jours sur 7.\n\nEn 2022.\n",
        "Available 24 hours a day, 7 days a week. <!-- rapport:differs: a French idiom -->\n\nIn 2021.\n",
    );
    let found = about(&f, "same numbers");
    assert_eq!(found.len(), 1, "only the second paragraph: {found:#?}");
    assert!(found[0]["message"].as_str().unwrap().starts_with("p2 "));
}

#[test]
fn strict_makes_the_warnings_errors() {
    let f = project("En 2022.\n", "In 2021.\n");
    let plain = f.run(&["check"]);
    assert!(plain.status.success(), "a warning alone passes");
    let strict = f.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&strict.stderr);
    assert!(
        stderr.contains("en/01-intro.md:6:1: error: p1 does not write the same numbers"),
        "{stderr}"
    );
}

#[test]
fn a_changed_source_paragraph_is_stale_until_accepted_and_nothing_else_is() {
    let f = project("Premier.\n\nDeuxième.\n", "First.\n\nSecond.\n");
    assert!(about(&f, "stale").is_empty(), "no lock, nothing flagged");
    let accepted = f.run_ok(&["translations", "--accept", "en"]);
    let table = String::from_utf8_lossy(&accepted.stdout);
    assert!(
        table.contains("2022     en                2      0            0        0"),
        "{table}"
    );
    assert!(f.root().join("content/2022/translations.lock").is_file());
    assert!(
        about(&f, "stale").is_empty(),
        "nothing changed, nothing stale"
    );
    // The source changes; re-wrapping its lines alone would not count.
    f.write(
        "content/2022/fr/01-intro.md",
        "+++\ntitle = \"Intro\"\nweight = 1\n+++\n\nPremier.\n\nDeuxième, revu.\n",
    );
    let stale = about(&f, "stale");
    assert_eq!(stale.len(), 1, "{stale:#?}");
    assert!(
        stale[0]["path"]
            .as_str()
            .unwrap()
            .ends_with("en/01-intro.md")
    );
    assert_eq!(stale[0]["line"], 8);
    assert!(
        stale[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("p2 in `en` may be stale")
    );
    assert!(
        stale[0]["hint"]
            .as_str()
            .unwrap()
            .contains("fr/01-intro.md:8:1")
    );
    let status = f.run_ok(&["translations", "--edition", "2022"]);
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(
        table.contains("2022     en                1      1            0        0"),
        "{table}"
    );
    assert!(table.contains("stale    en p2"), "{table}");
    f.run_ok(&["translations", "--accept", "en"]);
    assert!(about(&f, "stale").is_empty(), "accepted");
}

#[test]
fn whitespace_alone_does_not_make_a_translation_stale() {
    let f = project("Premier paragraphe long.\n", "First paragraph.\n");
    f.run_ok(&["translations", "--accept", "en"]);
    f.write(
        "content/2022/fr/01-intro.md",
        "+++\ntitle = \"Intro\"\nweight = 1\n+++\n\nPremier\nparagraphe   long.\n",
    );
    assert!(about(&f, "stale").is_empty());
}

#[test]
fn a_lock_in_conflict_is_a_located_error_and_accept_is_the_way_out() {
    let f = project("Premier.\n\nDeuxième.\n", "First.\n\nSecond.\n");
    f.run_ok(&["translations", "--accept", "en"]);
    let lock = std::fs::read_to_string(f.root().join("content/2022/translations.lock")).unwrap();
    let mut lines: Vec<&str> = lock.lines().collect();
    let last = lines.pop().unwrap().to_string();
    let fields: Vec<&str> = last.split('\t').collect();
    let theirs = format!(
        "{}\t{}\t0000000000000000\t{}",
        fields[0], fields[1], fields[3]
    );
    let conflicted = format!(
        "{}\n<<<<<<< HEAD\n{last}\n=======\n{theirs}\n>>>>>>> other\n",
        lines.join("\n")
    );
    f.write("content/2022/translations.lock", &conflicted);
    let found = about(&f, "in conflict");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["severity"], "error");
    assert_eq!(found[0]["line"], lines.len() + 1, "at the first marker");
    assert!(found[0]["hint"].as_str().unwrap().contains("--accept"));
    let status = f.run(&["translations"]);
    assert_eq!(
        status.status.code(),
        Some(1),
        "the status names the conflict too"
    );
    f.run_ok(&["translations", "--accept", "en"]);
    assert!(about(&f, "conflict").is_empty());
    assert!(about(&f, "stale").is_empty());
}

#[test]
fn accepting_the_source_or_an_unknown_language_is_a_usage_error() {
    let f = project("Premier.\n", "First.\n");
    for lang in ["fr", "de"] {
        let out = f.run(&["translations", "--accept", lang]);
        assert_eq!(out.status.code(), Some(2), "{lang}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("expected one of en"));
    }
    assert!(!f.root().join("content/2022/translations.lock").exists());
}

#[test]
fn a_paragraph_inserted_above_flags_itself_and_not_those_it_renumbers() {
    let f = project("Premier.\n\nDeuxième.\n", "First.\n\nSecond.\n");
    f.run_ok(&["translations", "--accept", "en"]);
    f.write(
        "content/2022/fr/01-intro.md",
        "+++\ntitle = \"Intro\"\nweight = 1\n+++\n\nNouveau.\n\nPremier.\n\nDeuxième.\n",
    );
    f.write(
        "content/2022/en/01-intro.md",
        "+++\ntitle = \"Intro\"\nweight = 1\n+++\n\nNew.\n\nFirst.\n\nSecond.\n",
    );
    let stale: Vec<String> = about(&f, "stale")
        .iter()
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(stale.len(), 1, "{stale:?}");
    assert!(stale[0].starts_with("p1 in `en` may be stale"), "{stale:?}");
}
