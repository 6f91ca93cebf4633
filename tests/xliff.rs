//! XLIFF 2.1 for translators: `rapport xliff export` and `rapport xliff import`, round
//! trips, refusals, and the exported file read by a real XLIFF library (translate-toolkit,
//! from the virtual environment `scripts/ensure-xliff-reader.sh` makes).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::{Edition, Fixture, INDICATORS, Page, ProjectBuilder};

const FR: &str = "Le *résultat* 1 a été [atteint](02-suite.md#p3) en 2022[^a].\n\n## Produit 1.1\n\n{-} Une note non numérotée, avec `code`.\n\n| Objet | Valeur |\n|---|---|\n| Bureaux | 12 |\n\n- un point\n- deux points\n\n[^a]: Voir le **rapport** de 2021.\n";
const EN: &str = "Outcome *1* was [reached](02-suite.md#p3) in 2022[^a].\n\n## Output 1.1\n\n{-} An unnumbered note, with `code`.\n\n| Item | Value |\n|---|---|\n| Offices | 12 |\n\n- one point\n- two points\n\n[^a]: See the **report** of 2021.\n";

fn project() -> Fixture {
    Fixture::new(
        &ProjectBuilder::new()
            .edition(Edition::standard(2022))
            .indicators(2022, INDICATORS)
            .page(2022, "fr", "01-intro", Page::new("Intro", 1).body(FR))
            .page(2022, "en", "01-intro", Page::new("Intro", 1).body(EN))
            .page(
                2022,
                "fr",
                "02-suite",
                Page::new("Suite", 2).body("Troisième.\n"),
            )
            .page(
                2022,
                "en",
                "02-suite",
                Page::new("Next", 2).body("Third.\n"),
            ),
    )
}

/// Every file of the project's content, by path.
fn content(root: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir(root.join("content"))
}

fn walkdir(dir: PathBuf) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walkdir(path));
        } else {
            files.insert(path.clone(), std::fs::read(&path).unwrap());
        }
    }
    files
}

fn export(f: &Fixture, args: &[&str]) -> String {
    let mut all = vec![
        "xliff",
        "export",
        "--edition",
        "2022",
        "--to",
        "en",
        "--output",
        "out.xlf",
    ];
    all.extend(args);
    f.run_ok(&all);
    std::fs::read_to_string(f.root().join("out.xlf")).unwrap()
}

const NS: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The text of an element, `<ph id="3"/>` as `{3}` and `<pc id="1">…</pc>` as `{1:…}`.
fn flat(node: roxmltree::Node<'_, '_>) -> String {
    node.children()
        .map(|c| match c.tag_name().name() {
            _ if c.is_text() => c.text().unwrap_or("").to_string(),
            "ph" => format!("{{{}}}", c.attribute("id").unwrap()),
            "pc" => format!("{{{}:{}}}", c.attribute("id").unwrap(), flat(c)),
            other => panic!("unexpected <{other}>"),
        })
        .collect()
}

/// The units of an XLIFF document: id → (source text, target text), codes as `{id}`.
fn units(xml: &str) -> BTreeMap<String, (String, Option<String>)> {
    let doc = roxmltree::Document::parse(xml).unwrap();
    let root = doc.root_element();
    assert_eq!(root.tag_name().namespace(), Some(NS));
    assert_eq!(root.attribute("version"), Some("2.1"));
    doc.descendants()
        .filter(|n| n.has_tag_name((NS, "unit")))
        .map(|u| {
            let source = u
                .descendants()
                .find(|n| n.has_tag_name((NS, "source")))
                .unwrap();
            let target = u.descendants().find(|n| n.has_tag_name((NS, "target")));
            (
                u.attribute("id").unwrap().to_string(),
                (flat(source), target.map(flat)),
            )
        })
        .collect()
}

#[test]
fn every_paragraph_heading_cell_item_and_note_is_a_unit_with_its_translation() {
    let f = project();
    let xml = export(&f, &[]);
    let found = units(&xml);
    let ids: Vec<&str> = found.keys().map(String::as_str).collect();
    assert_eq!(
        ids,
        [
            "h1", "l1", "l2", "n1", "p1", "p2", "t1.r1.c1", "t1.r1.c2", "t1.r2.c1", "t1.r2.c2",
            "u1"
        ]
    );
    let (source, target) = &found["p1"];
    assert_eq!(source, "Le {1:résultat} 1 a été {2:atteint} en 2022{3}.");
    assert_eq!(
        target.as_deref(),
        Some("Outcome {1:1} was {2:reached} in 2022{3}.")
    );
    assert_eq!(
        found["u1"].0, "Une note non numérotée, avec {1}.",
        "no `{{-}}` marker"
    );
    assert_eq!(found["h1"].0, "Produit 1.1", "no `##`");
    assert_eq!(found["n1"].0, "Voir le {1:rapport} de 2021.", "no `[^a]:`");
    assert_eq!(found["p2"].1.as_deref(), Some("Third."));
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let file = doc
        .descendants()
        .find(|n| n.has_tag_name((NS, "file")))
        .unwrap();
    assert_eq!(
        file.attribute("original"),
        Some("content/2022/fr/01-intro.md")
    );
    let data: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name((NS, "data")))
        .filter_map(|n| n.text())
        .collect();
    assert!(
        data.contains(&"](02-suite.md#p3)") && data.contains(&"[^a]"),
        "{data:?}"
    );
}

#[test]
fn only_missing_and_only_stale_choose_their_units() {
    let f = project();
    assert!(units(&export(&f, &["--only", "missing"])).is_empty());
    assert!(
        units(&export(&f, &["--only", "stale"])).is_empty(),
        "no lock, nothing stale"
    );
    f.run_ok(&["translations", "--accept", "en"]);
    f.write(
        "content/2022/fr/02-suite.md",
        "+++\ntitle = \"Suite\"\nweight = 2\n+++\n\nTroisième, revu.\n",
    );
    let stale = units(&export(&f, &["--only", "stale"]));
    assert_eq!(stale.keys().collect::<Vec<_>>(), ["p2"]);
    assert_eq!(
        stale["p2"],
        ("Troisième, revu.".to_string(), Some("Third.".to_string()))
    );
}

#[test]
fn export_then_import_without_changes_leaves_every_file_as_it_was() {
    let f = project();
    let before = content(f.root());
    export(&f, &[]);
    let out = f.run_ok(&["xliff", "import", "out.xlf"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("imported 0 changed unit(s)"));
    assert_eq!(content(f.root()), before);
}

#[test]
fn changed_targets_are_written_into_their_places_and_nothing_else_changes() {
    let f = project();
    let before = content(f.root());
    let xml = export(&f, &[])
        .replace(
            "<target>Outcome <pc id=\"1\"",
            "<target>In 2022, outcome <pc id=\"1\"",
        )
        .replace(" in 2022<ph id=\"3\"", "<ph id=\"3\"")
        .replace(
            "<target>Third.</target>",
            "<target>The *third* one &amp; [more].</target>",
        )
        .replace("<target>Offices</target>", "<target># Offices</target>");
    f.write("out.xlf", &xml);
    f.run_ok(&["xliff", "import", "out.xlf"]);
    let after = content(f.root());
    let en = |name: &str| {
        String::from_utf8(after[&f.root().join("content/2022/en").join(name)].clone()).unwrap()
    };
    assert_eq!(
        en("01-intro.md"),
        format!(
            "+++\ntitle = \"Intro\"\nweight = 1\n+++\n\n{}",
            EN.replace(
                "Outcome *1* was [reached](02-suite.md#p3) in 2022[^a].",
                "In 2022, outcome *1* was [reached](02-suite.md#p3)[^a]."
            )
            .replace("| Offices |", "| \\# Offices |")
        )
    );
    assert_eq!(
        en("02-suite.md"),
        "+++\ntitle = \"Next\"\nweight = 2\n+++\n\nThe \\*third\\* one \\& \\[more\\].\n",
        "text is escaped, so that it reads as typed"
    );
    let changed: Vec<_> = after
        .iter()
        .filter(|(p, b)| before.get(*p) != Some(*b))
        .map(|(p, _)| p.clone())
        .collect();
    assert_eq!(changed.len(), 2, "{changed:?}");
    // The new text builds and reads as typed.
    f.build();
    let page = f.page("2022/en/suite/index.html");
    let p = page
        .select(&scraper::Selector::parse("#p2").unwrap())
        .next()
        .unwrap();
    assert!(
        p.text()
            .collect::<String>()
            .contains("The *third* one & [more].")
    );
}

#[test]
fn a_unit_whose_source_changed_is_refused_by_name_and_nothing_is_written() {
    let f = project();
    export(&f, &[]);
    f.write(
        "content/2022/fr/02-suite.md",
        "+++\ntitle = \"Suite\"\nweight = 2\n+++\n\nTroisième, revu.\n",
    );
    let xml = std::fs::read_to_string(f.root().join("out.xlf"))
        .unwrap()
        .replace("<target>Third.</target>", "<target>Third, again.</target>");
    f.write("out.xlf", &xml);
    let before = content(f.root());
    let out = f.run(&["xliff", "import", "out.xlf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("out.xlf:")
            && stderr.contains("unit p2: its source is no longer the project's"),
        "{stderr}"
    );
    assert_eq!(content(f.root()), before);
}

#[test]
fn deleted_or_reordered_inline_codes_are_refused_with_the_unit_id() {
    let f = project();
    let xml = export(&f, &[]);
    let cases = [
        // The note reference deleted.
        xml.replace("in 2022<ph id=\"3\" dataRef=\"t5\" type=\"other\" canCopy=\"no\" canDelete=\"no\"/>.", "in 2022."),
        // The link moved inside the emphasis.
        xml.replace(
            "<pc id=\"1\" dataRefStart=\"t1\" dataRefEnd=\"t2\" type=\"fmt\" canCopy=\"no\" canDelete=\"no\">1</pc> was <pc id=\"2\" dataRefStart=\"t3\" dataRefEnd=\"t4\" type=\"link\" canCopy=\"no\" canDelete=\"no\">reached</pc>",
            "<pc id=\"1\" dataRefStart=\"t1\" dataRefEnd=\"t2\" type=\"fmt\" canCopy=\"no\" canDelete=\"no\">1 was <pc id=\"2\" dataRefStart=\"t3\" dataRefEnd=\"t4\" type=\"link\" canCopy=\"no\" canDelete=\"no\">reached</pc></pc>",
        ),
    ];
    let before = content(f.root());
    for (n, case) in cases.iter().enumerate() {
        assert_ne!(case, &xml, "case {n} changes the file");
        f.write("out.xlf", case);
        let out = f.run(&["xliff", "import", "out.xlf"]);
        assert_eq!(out.status.code(), Some(1), "case {n}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains("unit p1: inline code"),
            "case {n}: {stderr}"
        );
        assert_eq!(content(f.root()), before, "case {n}");
    }
}

#[test]
fn malformed_xliff_or_a_file_for_another_language_or_edition_is_a_located_error() {
    let f = project();
    let xml = export(&f, &[]);
    let before = content(f.root());
    let cases = [
        (
            xml.replace("</segment>", "</segmen>"),
            "not well-formed XML",
        ),
        (
            xml.replace("trgLang=\"en\"", "trgLang=\"de\""),
            "not a language this site is translated into",
        ),
        (
            xml.replace("srcLang=\"fr\"", "srcLang=\"en\""),
            "source language is `fr`",
        ),
        (
            xml.replace(">2022</note>", ">2021</note>"),
            "edition `2021`",
        ),
        (
            xml.replace("content/2022/fr/01-intro.md", "content/2023/fr/01-intro.md"),
            "is no page of the 2022 edition",
        ),
        ("<html/>".to_string(), "expected an XLIFF 2 document"),
    ];
    for (text, expected) in cases {
        f.write("out.xlf", &text);
        let out = f.run(&["xliff", "import", "out.xlf"]);
        assert_eq!(out.status.code(), Some(1), "{expected}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        let line = stderr
            .lines()
            .find(|l| l.contains(expected))
            .unwrap_or_else(|| panic!("{expected}: {stderr}"));
        let mut parts = line.splitn(4, ':');
        assert_eq!(parts.next(), Some("out.xlf"), "{line}");
        assert!(
            parts.next().unwrap().parse::<usize>().unwrap() >= 1,
            "a line: {line}"
        );
        assert!(
            parts.next().unwrap().parse::<usize>().unwrap() >= 1,
            "a column: {line}"
        );
        assert_eq!(content(f.root()), before, "{expected}");
    }
}

/// translate-toolkit's XLIFF 2 reader, in the environment scripts/ensure-xliff-reader.sh
/// makes (`RAPPORT_XLIFF_PYTHON` names another Python that has it).
fn reader_python() -> PathBuf {
    let python = std::env::var_os("RAPPORT_XLIFF_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| common::repo().join("target/xliff-reader/bin/python"));
    assert!(
        python.is_file(),
        "{} is missing: run `bash scripts/ensure-xliff-reader.sh` (a virtual environment with translate-toolkit), or set RAPPORT_XLIFF_PYTHON",
        python.display()
    );
    python
}

#[test]
fn translate_toolkit_reads_the_exported_file_and_its_edits_import() {
    let f = project();
    export(&f, &[]);
    let script = common::repo().join("tests/xliff/read_with_translate_toolkit.py");
    let out = std::process::Command::new(reader_python())
        .arg(&script)
        .arg(f.root().join("out.xlf"))
        .arg(f.root().join("edited.xlf"))
        .output()
        .expect("run python");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let read: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(read["srcLang"], "fr");
    assert_eq!(read["trgLang"], "en");
    let units = read["units"].as_array().unwrap();
    assert_eq!(units.len(), 11);
    let p2 = units.iter().find(|u| u["id"] == "p2").unwrap();
    assert_eq!(p2["source"], "Troisième.");
    assert_eq!(p2["target"], "Third.");
    assert_eq!(p2["translated"], true);
    // The script set p2's target through translate-toolkit and saved the file.
    f.run_ok(&["xliff", "import", "edited.xlf"]);
    let page = std::fs::read_to_string(f.root().join("content/2022/en/02-suite.md")).unwrap();
    assert_eq!(
        page,
        "+++\ntitle = \"Next\"\nweight = 2\n+++\n\nThe third paragraph.\n"
    );
}

/// Text a translator may type, Markdown's special characters among it.
fn typed_text() -> impl proptest::strategy::Strategy<Value = String> {
    proptest::string::string_regex("[a-zé0-9 *_`#<>&|~!.()\\[\\]\\\\+=-]{1,40}").unwrap()
}

#[test]
fn any_typed_target_reads_back_as_typed_and_an_untouched_export_changes_nothing() {
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let config = Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    };
    let mut runner =
        TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha));
    let normalized = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    runner
        .run(&typed_text(), |typed| {
            let f = project();
            let xml = export(&f, &[]);
            let escaped = typed
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            f.write(
                "in.xlf",
                &xml.replace(
                    "<target>Third.</target>",
                    &format!("<target>{escaped}</target>"),
                ),
            );
            let imported = f.run(&["xliff", "import", "in.xlf"]);
            proptest::prop_assert!(
                imported.status.success(),
                "{}",
                String::from_utf8_lossy(&imported.stderr)
            );
            let again = units(&export(&f, &[]));
            let expected = normalized(&typed);
            if expected.is_empty() {
                return Ok(());
            }
            proptest::prop_assert_eq!(again["p2"].1.as_deref().map(normalized), Some(expected));
            // Exported as it is now, imported untouched: no file changes.
            let before = content(f.root());
            f.run_ok(&["xliff", "import", "out.xlf"]);
            proptest::prop_assert_eq!(content(f.root()), before);
            Ok(())
        })
        .unwrap();
}

#[test]
fn a_unit_missing_in_the_translation_is_exported_as_missing_and_cannot_be_placed() {
    let f = Fixture::new(
        &ProjectBuilder::new()
            .edition(Edition::standard(2022))
            .indicators(2022, INDICATORS)
            .page(
                2022,
                "fr",
                "01-intro",
                Page::new("Intro", 1).body("Premier.\n\n{-} Une note.\n"),
            )
            .page(
                2022,
                "en",
                "01-intro",
                Page::new("Intro", 1).body("First.\n"),
            ),
    );
    let missing = units(&export(&f, &["--only", "missing"]));
    assert_eq!(missing.keys().collect::<Vec<_>>(), ["u1"]);
    assert_eq!(missing["u1"], ("Une note.".to_string(), None));
    let status = f.run_ok(&["translations"]);
    let table = String::from_utf8_lossy(&status.stdout);
    assert!(
        table.contains("missing  en u1       content/2022/fr/01-intro.md:8:5"),
        "{table}"
    );
    let xml = std::fs::read_to_string(f.root().join("out.xlf"))
        .unwrap()
        .replace(
            "<source>Une note.</source>",
            "<source>Une note.</source>\n        <target>A note.</target>",
        );
    f.write("out.xlf", &xml);
    let before = content(f.root());
    let out = f.run(&["xliff", "import", "out.xlf"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("unit u1 has no place in the `en` page"),
        "{stderr}"
    );
    assert_eq!(content(f.root()), before);
}
