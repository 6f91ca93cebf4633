//! The data of an edition's PDF (`report.json` and its chart files) on the three-language
//! fixture, with a page of notes, quotations, lists, a Markdown table, code and Typst
//! syntax added: the same paragraph numbers, footnotes, table columns and chart
//! descriptions as the web pages, and content that stays text.

mod common;

use std::collections::BTreeSet;

use common::{Fixture, select, text};
use rapport::core::routes;
use rapport::render::pdf_data::{PdfSource, pdf_source};
use serde_json::Value;

use common::pdf::TYPST;

const LANGS: [&str; 3] = ["fr", "en", "es"];

fn notes_page(title: &str) -> String {
    format!(
        "+++\ntitle = \"{title}\"\nweight = 4\nslug = \"notes\"\ntranslation_key = \"notes\"\n+++\n\n\
         Premier paragraphe avec une note[^a] et une autre[^b], puis la première encore[^a].\n\n\
         {TYPST}\n\n\
         ## Section titre\n\n\
         {{-}} Un paragraphe non numéroté.\n\n\
         > Une citation.\n\n\
         - un\n- deux\n\n\
         <blockquote lang=\"en\">\n\nA quotation in English.\n\n</blockquote>\n\n\
         Voir le [paragraphe 1](01-introduction.md#p1), la [note](#fn-1), [la section](#section-titre) \
         et <span lang=\"en\">some *English*</span>.\n\n\
         | A | B |\n|---|--:|\n| 1 | `2` |\n\n\
         ```rust\nlet x = \"#code $\";\n```\n\n\
         [^a]: Note A avec renvoi[^c].\n\
         [^b]: Note B.\n\
         [^c]: Note C, dans une note.\n"
    )
}

/// The fixture, with the page of notes in each language and a document symbol.
fn fixture() -> Fixture {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    for (lang, title) in LANGS.iter().zip(["Notes", "Notes", "Notas"]) {
        f.write(
            &format!("content/2024/{lang}/04-notes.md"),
            &notes_page(title),
        );
    }
    let edition = f.root().join("content/2024/edition.toml");
    let toml = std::fs::read_to_string(&edition).expect("edition.toml");
    let toml = toml.replacen(
        "date = \"2025-03-15\"",
        "date = \"2025-03-15\"\nsymbol = \"GB.999/TEST/1\"",
        1,
    );
    std::fs::write(&edition, toml).expect("write edition.toml");
    f
}

/// The project's web pages in memory, and its PDF data in each language.
struct Built {
    site: rapport::core::output::Output,
    pdf: Vec<(&'static str, PdfSource, Value)>,
}

fn built() -> Built {
    let f = fixture();
    let project = rapport::prepare(f.root(), None).expect("the fixture loads");
    let (site, _) = rapport::render_project(&project).expect("the fixture renders");
    let pdf = LANGS
        .iter()
        .map(|lang| {
            let source = pdf_source(&project, 2024, lang).expect("the edition and language");
            let json = serde_json::from_slice(&source.json).expect("report.json is JSON");
            (*lang, source, json)
        })
        .collect();
    Built { site, pdf }
}

impl Built {
    fn page(&self, path: &str) -> scraper::Html {
        let bytes = self.site.get(path).unwrap_or_else(|| panic!("no {path}"));
        scraper::Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
    }
}

fn sections(json: &Value) -> &Vec<Value> {
    json["sections"].as_array().expect("sections")
}

/// Every block of a list, depth first in reading order, notes' blocks included.
fn all_blocks<'a>(blocks: &'a Value, out: &mut Vec<&'a Value>) {
    for block in blocks.as_array().expect("blocks") {
        out.push(block);
        match block["kind"].as_str() {
            Some("list") => {
                for item in block["items"].as_array().expect("items") {
                    all_blocks(item, out);
                }
            }
            Some("quote") => all_blocks(&block["blocks"], out),
            _ => {}
        }
        if let Some(runs) = block.get("runs") {
            note_blocks(runs, out);
        }
    }
}

fn note_blocks<'a>(runs: &'a Value, out: &mut Vec<&'a Value>) {
    for run in runs.as_array().expect("runs") {
        if run["kind"] == "note" {
            all_blocks(&run["blocks"], out);
        }
        if let Some(inner) = run.get("runs") {
            note_blocks(inner, out);
        }
    }
}

/// The runs as the web page's text reads: a note as its number.
fn runs_text(runs: &Value) -> String {
    let mut out = String::new();
    for run in runs.as_array().expect("runs") {
        match run["kind"].as_str().expect("kind") {
            "text" | "code" => out.push_str(run["text"].as_str().expect("text")),
            "note" | "note_ref" => out.push_str(&run["number"].to_string()),
            "break" => out.push(' '),
            _ => out.push_str(&runs_text(&run["runs"])),
        }
    }
    out
}

/// Every run of a list, depth first, inside notes too.
fn all_runs<'a>(runs: &'a Value, out: &mut Vec<&'a Value>) {
    for run in runs.as_array().expect("runs") {
        out.push(run);
        if let Some(inner) = run.get("runs") {
            all_runs(inner, out);
        }
        if run["kind"] == "note" {
            let mut blocks = Vec::new();
            all_blocks(&run["blocks"], &mut blocks);
            for block in blocks {
                if let Some(runs) = block.get("runs") {
                    all_runs(runs, out);
                }
            }
        }
    }
}

fn section_blocks(json: &Value) -> Vec<(String, Vec<&Value>)> {
    sections(json)
        .iter()
        .map(|s| {
            let mut blocks = Vec::new();
            all_blocks(&s["blocks"], &mut blocks);
            (s["id"].as_str().expect("id").to_string(), blocks)
        })
        .collect()
}

#[test]
fn paragraphs_are_numbered_as_on_the_web_in_reading_order() {
    let b = built();
    for (lang, _, json) in &b.pdf {
        let mut pdf_ids = Vec::new();
        let mut web_ids = Vec::new();
        for (slug, blocks) in section_blocks(json) {
            let numbered =
                (blocks.iter()).filter(|b| b["kind"] == "paragraph" && !b["number"].is_null());
            for block in numbered {
                let number = block["number"].as_u64().expect("a number");
                assert_eq!(block["id"], format!("p{number}"), "{lang}");
                pdf_ids.push(number);
            }
            let page = b.page(&routes::page(2024, lang, &slug));
            for p in select(&page, "p.numbered") {
                let id = p.value().attr("id").expect("id");
                web_ids.push(id[1..].parse::<u64>().expect("pN"));
            }
        }
        let expected: Vec<u64> = (1..=web_ids.len() as u64).collect();
        assert_eq!(web_ids, expected, "{lang}: the web numbers 1..N");
        assert_eq!(
            pdf_ids, web_ids,
            "{lang}: the PDF numbers the same paragraphs"
        );
        assert!(pdf_ids.len() > 8, "{lang}: {pdf_ids:?}");
    }
}

#[test]
fn footnotes_have_the_web_numbers_and_content_at_their_first_reference() {
    let b = built();
    for (lang, _, json) in &b.pdf {
        let notes_section = &sections(json).last().expect("a section")["blocks"];
        let mut runs = Vec::new();
        for block in notes_section.as_array().expect("blocks") {
            if let Some(r) = block.get("runs") {
                all_runs(r, &mut runs);
            }
        }
        let notes: Vec<(u64, String)> = runs
            .iter()
            .filter(|r| r["kind"] == "note")
            .map(|r| {
                let n = r["number"].as_u64().expect("number");
                assert_eq!(r["id"], format!("fn-{n}"));
                let blocks = r["blocks"].as_array().expect("blocks");
                let text: Vec<String> = blocks.iter().map(|b| runs_text(&b["runs"])).collect();
                (n, text.join(" "))
            })
            .collect();
        let refs: Vec<&Value> = runs
            .iter()
            .copied()
            .filter(|r| r["kind"] == "note_ref")
            .collect();
        assert_eq!(refs.len(), 1, "{lang}: the second reference to note A");
        assert_eq!(refs[0]["target"], "fn-1");
        let page = b.page(&routes::page(2024, lang, "notes"));
        let mut web: Vec<(u64, String)> = select(&page, "section.footnotes li")
            .iter()
            .map(|li| {
                let id = li.value().attr("id").expect("id");
                let n = id.trim_start_matches("fn-").parse().expect("fn-N");
                (n, text(li).replace('↩', "").trim().to_string())
            })
            .collect();
        let mut sorted = notes.clone();
        sorted.sort();
        web.sort();
        assert_eq!(sorted, web, "{lang}");
        // Note C is referred to from note A: numbered after the body's notes, as on the web.
        let order: Vec<u64> = notes.iter().map(|(n, _)| *n).collect();
        assert_eq!(
            order,
            [1, 3, 2],
            "{lang}: in reading order, note C inside note A"
        );
    }
}

#[test]
fn typst_syntax_stays_one_text_run_with_its_characters() {
    let b = built();
    for (lang, _, json) in &b.pdf {
        let blocks = section_blocks(json);
        let paragraph = (blocks.iter().flat_map(|(_, b)| b))
            .find(|b| b["kind"] == "paragraph" && runs_text(&b["runs"]).contains("@ref"))
            .expect("the Typst paragraph");
        let runs = paragraph["runs"].as_array().expect("runs");
        assert_eq!(runs.len(), 1, "{lang}: {runs:?}");
        assert_eq!(runs[0]["kind"], "text");
        let text = runs[0]["text"].as_str().expect("text");
        for c in ['#', '$', '*', ']', '@', '('] {
            assert!(text.contains(c), "{lang}: {c} in {text}");
        }
        let collapse = |s: &str| s.replace(['\u{a0}', '\u{202f}'], " ");
        assert_eq!(collapse(text), collapse(TYPST), "{lang}");
        // The same text as on the web, typography included.
        let page = b.page(&routes::page(2024, lang, "notes"));
        let web = select(&page, "p.numbered")
            .into_iter()
            .map(|p| p.text().collect::<String>())
            .find(|t| t.contains("@ref"))
            .expect("on the web");
        assert!(web.ends_with(text), "{lang}: {web:?} / {text:?}");
    }
}

#[test]
fn indicator_tables_have_the_web_columns_groups_and_cells() {
    let b = built();
    for (lang, _, json) in &b.pdf {
        let mut tables = 0;
        for (slug, blocks) in section_blocks(json) {
            let page = b.page(&routes::page(2024, lang, &slug));
            let web_tables = select(&page, "table.indicators");
            let pdf_tables: Vec<&&Value> = blocks.iter().filter(|b| b["kind"] == "table").collect();
            assert_eq!(pdf_tables.len(), web_tables.len(), "{lang} {slug}");
            for (i, table) in pdf_tables.iter().enumerate() {
                tables += 1;
                let web_id = format!("indicators-{}", i + 1);
                let css = |rest: &str| format!("table#{web_id} {rest}");
                let columns: Vec<String> =
                    select(&page, &css("thead th")).iter().map(text).collect();
                let pdf_columns: Vec<String> = (table["columns"].as_array().expect("columns"))
                    .iter()
                    .map(|c| c.as_str().expect("a label").to_string())
                    .collect();
                assert_eq!(pdf_columns, columns, "{lang} {slug}");
                assert_eq!(table["id"], format!("{slug}-{web_id}"));
                let caption = select(&page, &css("caption"));
                assert_eq!(table["caption"].as_str(), Some(text(&caption[0]).as_str()));
                let headings: Vec<String> = select(&page, &css("th[scope=rowgroup]"))
                    .iter()
                    .map(text)
                    .collect();
                let groups = table["groups"].as_array().expect("groups");
                let pdf_headings: Vec<String> = groups
                    .iter()
                    .filter_map(|g| g["heading"].as_str().map(str::to_string))
                    .collect();
                assert_eq!(pdf_headings, headings, "{lang} {slug}");
                let rows: Vec<&Value> = groups
                    .iter()
                    .flat_map(|g| g["rows"].as_array().expect("rows"))
                    .collect();
                let web_rows = select(&page, &css("tbody tr"));
                assert_eq!(rows.len(), web_rows.len());
                for (row, web_row) in rows.iter().zip(&web_rows) {
                    let cells: Vec<String> = (row.as_array().expect("cells").iter())
                        .map(runs_text)
                        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
                        .collect();
                    let web_cells: Vec<String> = select_in(web_row, "th[scope=row], td")
                        .iter()
                        .map(text)
                        .collect();
                    assert_eq!(cells, web_cells, "{lang} {slug}");
                }
            }
        }
        assert_eq!(tables, 2, "{lang}");
    }
}

fn select_in<'a>(el: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    el.select(&scraper::Selector::parse(css).expect("selector"))
        .collect()
}

#[test]
fn figures_carry_the_web_description_as_alt_and_their_svg() {
    let b = built();
    for (lang, source, json) in &b.pdf {
        let figure_word = json["document"]["labels"]["figure"]
            .as_str()
            .expect("figure");
        let mut figures = 0;
        for (slug, blocks) in section_blocks(json) {
            let page = b.page(&routes::page(2024, lang, &slug));
            let web: Vec<(String, String)> = select(&page, "figure.chart")
                .iter()
                .map(|f| {
                    let desc = select_in(f, "svg desc");
                    let caption = select_in(f, "figcaption");
                    (text(&caption[0]), desc[0].text().collect::<String>())
                })
                .collect();
            let pdf: Vec<&&Value> = blocks.iter().filter(|b| b["kind"] == "figure").collect();
            assert_eq!(pdf.len(), web.len(), "{lang} {slug}");
            for (figure, (caption, desc)) in pdf.iter().zip(&web) {
                figures += 1;
                assert_eq!(figure["alt"].as_str(), Some(desc.as_str()), "{lang}");
                let pdf_caption = match figure["number"].as_u64() {
                    Some(n) => format!(
                        "{figure_word} {n}. {}",
                        figure["caption"].as_str().expect("caption")
                    ),
                    None => figure["caption"].as_str().expect("caption").to_string(),
                };
                assert_eq!(
                    pdf_caption.split_whitespace().collect::<Vec<_>>().join(" "),
                    *caption
                );
                let path = figure["svg"].as_str().expect("svg");
                let bytes = (source.files.iter())
                    .find(|(p, _)| p == path)
                    .map(|(_, b)| b)
                    .unwrap_or_else(|| panic!("{path} comes with the data"));
                let svg = std::str::from_utf8(bytes).expect("UTF-8");
                let doc = roxmltree::Document::parse(svg).expect("the SVG parses");
                assert_eq!(doc.root_element().tag_name().name(), "svg");
            }
        }
        assert!(
            figures >= 3,
            "{lang}: two numbered figures and progress charts"
        );
        let paths: BTreeSet<&str> = source.files.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            paths.len(),
            source.files.len(),
            "{lang}: one file per chart"
        );
    }
}

const BLOCKS: [&str; 10] = [
    "heading",
    "paragraph",
    "list",
    "quote",
    "code",
    "table",
    "gfm_table",
    "figure",
    "rule",
    "",
];
const RUNS: [&str; 10] = [
    "text", "emph", "strong", "strike", "code", "link", "note", "note_ref", "lang", "break",
];

#[test]
fn the_json_has_the_agreed_shape() {
    let b = built();
    for (lang, source, json) in &b.pdf {
        let reparsed: Value =
            serde_json::from_str(&serde_json::to_string(json).expect("text")).expect("round trip");
        assert_eq!(&reparsed, json);
        assert_eq!(
            serde_json::from_slice::<Value>(&source.json).expect("bytes"),
            reparsed
        );
        let doc = &json["document"];
        assert_eq!(doc["lang"], *lang);
        assert_eq!(
            doc["dir"], "ltr",
            "{lang}: French and English read left to right"
        );
        assert_eq!(doc["year"], 2024);
        assert_eq!(doc["date"], "2025-03-15");
        assert_eq!(doc["symbol"], "GB.999/TEST/1");
        let date_text = doc["date_text"].as_str().expect("date_text");
        assert!(
            date_text.contains("15") && date_text.contains("2025"),
            "{date_text}"
        );
        for key in ["title", "organisation"] {
            assert!(!doc[key].as_str().expect(key).is_empty(), "{lang} {key}");
        }
        for key in ["contents", "page", "figure", "table", "notes", "paragraph"] {
            let label = doc["labels"][key].as_str().expect(key);
            assert!(!label.is_empty() && label != key, "{lang}: {key} = {label}");
        }
        let ids: Vec<&str> = sections(json)
            .iter()
            .map(|s| s["id"].as_str().expect("id"))
            .collect();
        assert_eq!(ids.len(), 4, "{lang}: {ids:?}");
        assert_eq!(ids.last(), Some(&"notes"));
        let mut kinds = BTreeSet::new();
        for (_, blocks) in section_blocks(json) {
            for block in blocks {
                let kind = block["kind"].as_str().expect("a block's kind");
                assert!(BLOCKS.contains(&kind), "{kind}");
                kinds.insert(kind.to_string());
                let mut runs = Vec::new();
                if let Some(r) = block.get("runs") {
                    all_runs(r, &mut runs);
                }
                for run in runs {
                    let kind = run["kind"].as_str().expect("a run's kind");
                    assert!(RUNS.contains(&kind), "{kind}");
                    if kind == "text" {
                        assert!(!run["text"].as_str().expect("text").contains('\n'));
                    }
                }
            }
        }
        let expected = [
            "heading",
            "paragraph",
            "list",
            "quote",
            "code",
            "table",
            "gfm_table",
            "figure",
        ];
        for kind in expected {
            assert!(kinds.contains(kind), "{lang}: a {kind} block");
        }
    }
}

#[test]
fn languages_quotes_links_and_code_are_data() {
    let b = built();
    let (_, _, json) = &b.pdf[0];
    let notes = &sections(json).last().expect("notes")["blocks"];
    let blocks = notes.as_array().expect("blocks");
    let quote = blocks
        .iter()
        .find(|b| b["kind"] == "quote" && b["lang"] == "en")
        .expect("the English quotation");
    assert_eq!(quote["blocks"][0]["kind"], "paragraph");
    assert!(
        quote["blocks"][0]["number"].is_u64(),
        "numbered, as on the web"
    );
    let plain_quote = blocks
        .iter()
        .find(|b| b["kind"] == "quote" && b["lang"].is_null());
    assert!(plain_quote.is_some());
    let mut runs = Vec::new();
    for block in blocks {
        if let Some(r) = block.get("runs") {
            all_runs(r, &mut runs);
        }
    }
    let span = runs
        .iter()
        .find(|r| r["kind"] == "lang")
        .expect("the English span");
    assert_eq!(span["lang"], "en");
    assert_eq!(runs_text(&span["runs"]), "some English");
    let targets: Vec<&str> = runs
        .iter()
        .filter(|r| r["kind"] == "link")
        .filter_map(|r| r["target"].as_str())
        .collect();
    assert_eq!(targets, ["p1", "fn-1", "notes-section-titre"]);
    let heading = blocks
        .iter()
        .find(|b| b["kind"] == "heading")
        .expect("heading");
    assert_eq!(heading["id"], "notes-section-titre");
    assert_eq!(heading["level"], 2);
    // The printable page gives the heading the same id.
    let print = b.page(&routes::print(2024, "fr"));
    assert_eq!(select(&print, "#notes-section-titre").len(), 1);
    let code = blocks.iter().find(|b| b["kind"] == "code").expect("code");
    assert_eq!(code["text"], "let x = \"#code $\";\n");
    assert_eq!(code["lang"], "rust");
    let table = blocks
        .iter()
        .find(|b| b["kind"] == "gfm_table")
        .expect("table");
    assert_eq!(table["align"], serde_json::json!(["none", "right"]));
    assert_eq!(
        table["rows"][0][1][0],
        serde_json::json!({"kind": "code", "text": "2"})
    );
    let unnumbered = blocks
        .iter()
        .find(|b| b["kind"] == "paragraph" && runs_text(&b["runs"]).contains("non numéroté"))
        .expect("the unnumbered paragraph");
    assert!(unnumbered["number"].is_null() && unnumbered["id"].is_null());
    assert!(!runs_text(&unnumbered["runs"]).contains("{-}"));
}

#[test]
fn a_document_symbol_must_be_one_line_of_text() {
    for bad in ["\"\"", "\"GB.1\\nPFA\""] {
        let f = fixture();
        let edition = f.root().join("content/2024/edition.toml");
        let toml = std::fs::read_to_string(&edition).expect("edition.toml");
        std::fs::write(&edition, toml.replace("\"GB.999/TEST/1\"", bad)).expect("write");
        let Err(error) = rapport::prepare(f.root(), None) else {
            panic!("{bad} is refused");
        };
        let message = format!("{error:?}");
        assert!(message.contains("document symbol"), "{message}");
    }
}
