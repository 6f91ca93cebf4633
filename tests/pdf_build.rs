//! The PDF of an edition from its source, end to end: the three-language fixture (with a
//! page of notes, quotations, a Markdown table, code and Typst syntax added) through
//! `pdf_data` and the default template to PDF bytes, read back with real tools.
//!
//! Needs `pdftotext` and `qpdf` (Debian: `apt-get install -y poppler-utils qpdf`;
//! `scripts/test.sh` installs them).

mod common;

use std::path::Path;
use std::sync::OnceLock;

use common::Fixture;
use common::pdf::{self, info, text as words, tool};
use rapport::render::pdf::PdfEngine;
use rapport::render::pdf_data::{edition_pdf, pdf_source};
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
         <blockquote lang=\"en\">\n\nA quotation in English.\n\n</blockquote>\n\n\
         Voir le [paragraphe 1](01-introduction.md#p1), la [note](#fn-1) et \
         [la section](#section-titre).\n\n\
         | A | B |\n|---|--:|\n| 1 | `2` |\n\n\
         ```rust\nlet x = \"#code $\";\n```\n\n\
         [^a]: Note A avec renvoi[^c].\n\
         [^b]: Note B.\n\
         [^c]: Note C, dans une note.\n"
    )
}

/// One language's PDF with the data it was made from.
struct Made {
    lang: &'static str,
    json: Value,
    bytes: Vec<u8>,
}

/// A copy of the fixture loaded, with its PDF engine.
fn load(f: &Fixture) -> (rapport::Project, PdfEngine) {
    let project = rapport::prepare(f.root(), None).expect("the fixture loads");
    let engine = PdfEngine::load(f.root(), &project.site.config.theme).expect("the engine");
    (project, engine)
}

/// The fixture's 2024 edition in one language as PDF bytes, made without warnings.
fn compile(engine: &PdfEngine, project: &rapport::Project, lang: &str) -> Vec<u8> {
    match edition_pdf(engine, project, 2024, lang) {
        Some(Ok(pdf)) => {
            assert!(pdf.warnings.is_empty(), "{lang}: {:?}", pdf.warnings);
            pdf.bytes
        }
        Some(Err(problems)) => panic!("{lang}: {:?}", problems.into_sorted()),
        None => panic!("no edition 2024 in {lang}"),
    }
}

/// The fixture with a page of notes in each language, and each language's PDF made twice.
fn made() -> &'static (Vec<Made>, Vec<Vec<u8>>) {
    static MADE: OnceLock<(Vec<Made>, Vec<Vec<u8>>)> = OnceLock::new();
    MADE.get_or_init(|| {
        let f = Fixture::copy_of("tests/fixtures/trilingual");
        for (lang, title) in LANGS.iter().zip(["Notes", "Notes", "Notas"]) {
            f.write(
                &format!("content/2024/{lang}/04-notes.md"),
                &notes_page(title),
            );
        }
        let (project, engine) = load(&f);
        let pdf = |lang: &str| compile(&engine, &project, lang);
        let made = LANGS
            .iter()
            .map(|lang| {
                let source = pdf_source(&project, 2024, lang).expect("the source");
                Made {
                    lang,
                    json: serde_json::from_slice(&source.json).expect("JSON"),
                    bytes: pdf(lang),
                }
            })
            .collect();
        let again = LANGS.iter().map(|lang| pdf(lang)).collect();
        (made, again)
    })
}

/// The text of runs, a note's call as `|` (its number is a superscript, its text below).
fn runs_text(runs: &Value) -> String {
    let mut out = String::new();
    for run in runs.as_array().expect("runs") {
        match run["kind"].as_str().expect("kind") {
            "text" | "code" => out.push_str(run["text"].as_str().expect("text")),
            "note" | "note_ref" => out.push('|'),
            "break" => out.push(' '),
            _ => out.push_str(&runs_text(&run["runs"])),
        }
    }
    out
}

/// Every block in reading order; with `notes`, the blocks of each note instead.
fn blocks<'a>(list: &'a Value, notes: bool, out: &mut Vec<&'a Value>) {
    for block in list.as_array().expect("blocks") {
        if !notes {
            out.push(block);
        }
        match block["kind"].as_str() {
            Some("list") => (block["items"].as_array().expect("items").iter())
                .for_each(|item| blocks(item, notes, out)),
            Some("quote") => blocks(&block["blocks"], notes, out),
            _ => {}
        }
        if notes && let Some(runs) = block.get("runs") {
            note_blocks(runs, out);
        }
    }
}

fn note_blocks<'a>(runs: &'a Value, out: &mut Vec<&'a Value>) {
    for run in runs.as_array().expect("runs") {
        if run["kind"] == "note" {
            blocks(&run["blocks"], false, out);
            blocks(&run["blocks"], true, out);
        }
        if let Some(inner) = run.get("runs") {
            note_blocks(inner, out);
        }
    }
}

/// The numbered paragraphs, in the data's order: (number, first words).
fn numbered(json: &Value) -> Vec<(u64, String)> {
    let mut out = Vec::new();
    for section in json["sections"].as_array().expect("sections") {
        let mut list = Vec::new();
        blocks(&section["blocks"], false, &mut list);
        for block in list {
            if let Some(number) = block["number"]
                .as_u64()
                .filter(|_| block["kind"] == "paragraph")
            {
                let text = runs_text(&block["runs"]);
                let before_a_note = text.split('|').next().unwrap_or_default();
                out.push((number, first_words(before_a_note)));
            }
        }
    }
    out
}

/// The first three words: long enough to be that paragraph's, short enough to sit on its
/// first line (no hyphenation break inside).
fn first_words(text: &str) -> String {
    text.split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn every_numbered_paragraph_comes_out_with_its_number_in_reading_order() {
    for made in &made().0 {
        let text = words(&made.bytes);
        let paragraphs = numbered(&made.json);
        let numbers: Vec<u64> = paragraphs.iter().map(|(n, _)| *n).collect();
        let expected: Vec<u64> = (1..=numbers.len() as u64).collect();
        assert_eq!(numbers, expected, "{}: paragraphs are not 1..N", made.lang);
        assert!(numbers.len() > 5, "{}: too few paragraphs", made.lang);
        let mut from = 0;
        for (number, start) in &paragraphs {
            let needle = format!("{number}. {start}");
            let found = text[from..].find(&needle).unwrap_or_else(|| {
                panic!(
                    "{}: `{needle}` missing after byte {from} of:\n{text}",
                    made.lang
                )
            });
            from += found + needle.len();
        }
    }
}

#[test]
fn the_footnotes_are_printed_and_typst_syntax_is_text() {
    for made in &made().0 {
        let text = words(&made.bytes);
        let mut notes = Vec::new();
        for section in made.json["sections"].as_array().expect("sections") {
            blocks(&section["blocks"], true, &mut notes);
        }
        let notes: Vec<String> = (notes.iter())
            .filter_map(|b| b.get("runs").map(runs_text))
            .collect();
        assert_eq!(notes.len(), 3, "{}: the page's three notes", made.lang);
        // Each note's text, piece by piece around the calls of notes inside it.
        for piece in notes.iter().flat_map(|n| n.split('|')) {
            let piece = piece.split_whitespace().collect::<Vec<_>>().join(" ");
            assert!(
                piece.is_empty() || text.contains(&piece),
                "{}: note text `{piece}` missing from:\n{text}",
                made.lang
            );
        }
        assert!(
            text.contains(TYPST),
            "{}: `{TYPST}` not literal in:\n{text}",
            made.lang
        );
    }
}

#[test]
fn every_pdf_passes_qpdf_check() {
    for made in &made().0 {
        let out = tool("qpdf", &["--check", "PDF"], &made.bytes);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}: qpdf --check: {out:?}",
            made.lang
        );
    }
}

#[test]
fn two_runs_give_the_same_bytes() {
    let (made, again) = made();
    for (made, again) in made.iter().zip(again) {
        assert!(made.bytes == *again, "{}: two runs differ", made.lang);
    }
    assert!(made[0].bytes != made[1].bytes, "two languages give one PDF");
}

#[test]
fn an_edition_without_a_date_is_dated_the_last_day_of_its_year() {
    use rapport::render::pdf_data::pdf_date;
    assert_eq!(pdf_date(2024, None), (2024, 12, 31));
    assert_eq!(pdf_date(2024, Some("2025-03-15")), (2025, 3, 15));
    assert_eq!(pdf_date(2024, Some("2025-03")), (2025, 3, 1));
    assert_eq!(pdf_date(2024, Some("2025")), (2025, 1, 1));
}

/// The fixture built with `rapport build`'s library call, PDFs on or off.
fn build(no_pdf: bool, config_pdf: Option<bool>) -> (Fixture, std::path::PathBuf) {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    if let Some(on) = config_pdf {
        let config = f.root().join("rapport.toml");
        let text = std::fs::read_to_string(&config).expect("rapport.toml");
        // Top-level keys come before the first table.
        let text = text.replacen("[title]", &format!("pdf = {on}\n\n[title]"), 1);
        std::fs::write(&config, text).expect("write rapport.toml");
    }
    let out = f.root().join("output");
    let options = rapport::BuildOptions {
        no_pdf,
        ..rapport::BuildOptions::new(f.root())
    };
    let report = rapport::build(&options).expect("the fixture builds");
    let expected = if no_pdf || config_pdf == Some(false) {
        0
    } else {
        3
    };
    assert_eq!(report.pdfs, expected);
    (f, out)
}

/// The links to a PDF on a page: (href, type, hreflang, the text after the link).
fn pdf_links(page: &Path) -> Vec<(String, String, String, String)> {
    let html = std::fs::read_to_string(page).expect("the page");
    let doc = scraper::Html::parse_document(&html);
    let selector = scraper::Selector::parse("a[href$='.pdf']").expect("selector");
    doc.select(&selector)
        .map(|a| {
            let attr = |name: &str| a.value().attr(name).unwrap_or_default().to_string();
            let after = (a.next_sibling())
                .and_then(|n| n.value().as_text().map(|t| t.trim().to_string()))
                .unwrap_or_default();
            (attr("href"), attr("type"), attr("hreflang"), after)
        })
        .collect()
}

#[test]
fn a_build_writes_each_pdf_and_links_it_with_its_size_from_the_edition_home_and_print_page() {
    let (_f, out) = build(false, None);
    for (lang, unit) in [("fr", "ko"), ("en", "kB"), ("es", "kB")] {
        let path = out.join(format!("2024/{lang}/report-2024-{lang}.pdf"));
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        assert!(bytes.starts_with(b"%PDF-"), "{lang}: not a PDF");
        assert!(
            bytes.len() < 1_000_000,
            "{lang}: the fixture's PDF is small"
        );
        let size = format!("(PDF, {}\u{a0}{unit})", bytes.len().div_ceil(1000));
        for (page, href) in [
            (
                "index.html",
                format!("../../2024/{lang}/report-2024-{lang}.pdf"),
            ),
            (
                "print/index.html",
                format!("../../../2024/{lang}/report-2024-{lang}.pdf"),
            ),
        ] {
            let links = pdf_links(&out.join(format!("2024/{lang}/{page}")));
            let expected = (
                href.clone(),
                "application/pdf".to_string(),
                lang.to_string(),
                size.clone(),
            );
            assert_eq!(links, vec![expected], "{lang} {page}");
        }
    }
}

#[test]
fn no_pdf_and_pdf_false_make_no_pdf_and_no_link() {
    for (no_pdf, config) in [(true, None), (false, Some(false))] {
        let (_f, out) = build(no_pdf, config);
        let pdfs = walkdir::WalkDir::new(&out)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.path().extension().is_some_and(|x| x == "pdf"))
            .count();
        assert_eq!(pdfs, 0, "--no-pdf {no_pdf}, pdf = {config:?}");
        assert!(pdf_links(&out.join("2024/fr/index.html")).is_empty());
    }
}

/// Quotations nested `depth` deep on a page of each language.
fn nested_quotes(depth: usize) -> rapport::BuildReport {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    let body: String = (1..=depth)
        .map(|i| format!("{}niveau {i}\n\n", "> ".repeat(i)))
        .collect();
    for lang in LANGS {
        f.write(
            &format!("content/2024/{lang}/04-deep.md"),
            &format!("+++\ntitle = \"Deep\"\nweight = 4\nslug = \"deep\"\ntranslation_key = \"deep\"\n+++\n\nTexte.\n\n{body}"),
        );
    }
    rapport::build(&rapport::BuildOptions::new(f.root())).expect("the web pages build")
}

#[test]
fn content_nested_past_the_limit_gets_a_warning_naming_it_and_no_pdf() {
    let within = nested_quotes(12);
    assert_eq!(within.pdfs, 3, "{:?}", within.warnings);
    let beyond = nested_quotes(20);
    assert_eq!(beyond.pdfs, 0);
    let limit = format!(
        "over the {} levels",
        rapport::render::pdf_data::MAX_PDF_DEPTH
    );
    let warned = beyond.warnings.into_sorted();
    assert_eq!(
        warned.iter().filter(|w| w.message.contains(&limit)).count(),
        3,
        "{warned:?}"
    );
}

#[test]
fn pdfinfo_and_pdffonts_see_a_tagged_a4_document_with_its_title_and_every_font_embedded() {
    for made in &made().0 {
        let info = info(&made.bytes);
        assert_eq!(info["Tagged"], "yes", "{}", made.lang);
        assert!(
            info["Page size"].ends_with("(A4)"),
            "{}: {info:?}",
            made.lang
        );
        assert_eq!(
            info["Title"],
            made.json["document"]["title"].as_str().unwrap()
        );
        assert_eq!(
            info["Author"],
            made.json["document"]["organisation"].as_str().unwrap()
        );
        // The fixture's edition is dated 2025-03-15: the PDF's dates, at midnight UTC.
        assert!(
            info["CreationDate"].contains("Mar 15 00:00:00 2025"),
            "{info:?}"
        );
        let out = tool("pdffonts", &["PDF"], &made.bytes);
        let fonts = String::from_utf8_lossy(&out.stdout);
        let rows: Vec<Vec<&str>> = (fonts.lines().skip(2))
            .map(|l| l.split_whitespace().collect())
            .collect();
        assert!(!rows.is_empty(), "{}: no fonts", made.lang);
        for row in rows {
            // name, type…, encoding, emb, sub, uni, object, generation: emb is 5th from the end.
            assert_eq!(
                row[row.len() - 5],
                "yes",
                "{}: not embedded: {row:?}",
                made.lang
            );
        }
    }
}

/// The edition's date as the PDF carries it (the fixture's is 2025-03-15).
fn edition_date(json: &Value) -> (i32, u8, u8) {
    rapport::render::pdf_data::pdf_date(2024, json["document"]["date"].as_str())
}

#[test]
fn every_pdf_declares_its_language_title_and_conformance_in_the_catalog_and_xmp() {
    for made in &made().0 {
        let document = &made.json["document"];
        assert_eq!(edition_date(&made.json), (2025, 3, 15));
        pdf::assert_declared(
            &pdf::parse(&made.bytes),
            &pdf::Declared {
                lang: made.lang,
                title: document["title"].as_str().expect("a title"),
                creator: document["organisation"].as_str().expect("an organisation"),
                date: edition_date(&made.json),
            },
        );
    }
}

#[test]
fn a_quotation_in_another_language_is_tagged_with_its_language() {
    for made in &made().0 {
        let pdf = pdf::parse(&made.bytes);
        let quotes: Vec<Value> = (pdf.structure().into_iter())
            .filter(|e| pdf::role(e) == "/BlockQuote")
            .collect();
        assert_eq!(quotes.len(), 1, "{}: the notes page's quotation", made.lang);
        // In the English PDF the quotation is in the document's language: no /Lang needed.
        let expected = if made.lang == "en" {
            [Value::Null, "u:en".into()].to_vec()
        } else {
            ["u:en".into()].to_vec()
        };
        assert!(
            expected.contains(&quotes[0]["/Lang"]),
            "{}: the quotation's /Lang: {}",
            made.lang,
            quotes[0]
        );
    }
}

#[test]
fn every_pdf_marks_its_running_header_and_page_numbers_as_artifacts() {
    for made in &made().0 {
        let title = made.json["document"]["title"].as_str().expect("a title");
        pdf::assert_furniture_is_artifacts(&made.bytes, title);
    }
}

/// An indicator of output A.1 named by its number, with a description long enough to
/// take two lines of its cell.
fn indicator(n: usize) -> String {
    format!(
        "\n[[indicators]]\nid = \"A.1.z{n:02}\"\noutput = \"A.1\"\n\
         description.fr = \"Indicateur supplémentaire numéro {n:02} pour allonger le tableau de l’axe A\"\n\
         description.en = \"Additional indicator number {n:02} to lengthen the table of axis A\"\n\
         description.es = \"Indicador adicional número {n:02} para alargar la tabla del eje A\"\n\n\
         [indicators.baseline]\ntext.fr = \"{n}\"\ntext.en = \"{n}\"\ntext.es = \"{n}\"\n"
    )
}

#[test]
fn a_table_running_over_pages_repeats_its_header_row_on_each() {
    let f = Fixture::copy_of("tests/fixtures/trilingual");
    let path = f.root().join("content/2024/indicators.toml");
    let mut toml = std::fs::read_to_string(&path).expect("indicators.toml");
    toml.extend((1..=60).map(indicator));
    std::fs::write(&path, toml).expect("write indicators.toml");
    let (project, engine) = load(&f);
    let bytes = compile(&engine, &project, "fr");
    let source = pdf_source(&project, 2024, "fr").expect("the source");
    let json: Value = serde_json::from_slice(&source.json).expect("JSON");
    // Axis A's table: the one with the added rows.
    let table = (json["sections"].as_array().expect("sections").iter())
        .flat_map(|s| s["blocks"].as_array().expect("blocks"))
        .find(|b| b["kind"] == "table" && b.to_string().contains("A.1.z60"))
        .expect("axis A's table");
    let header: String = (table["columns"].as_array().expect("columns").iter())
        .map(|c| pdf::squeezed(c.as_str().expect("a column heading")))
        .collect();
    let pages = pdf::info(&bytes)["Pages"].parse().expect("a page count");
    let spanned: Vec<(usize, String)> = (1..=pages)
        .map(|page| (page, pdf::squeezed(&pdf::page_text(&bytes, page))))
        .filter(|(_, text)| text.contains("A.1.z"))
        .collect();
    assert!(
        spanned.len() >= 3,
        "the table spans {} pages",
        spanned.len()
    );
    for (page, text) in &spanned {
        assert_eq!(
            text.matches(&header).count(),
            1,
            "page {page}: the header row `{header}` is not once in:\n{text}"
        );
    }
    // The rows in order, each once: the table goes on where the previous page stopped.
    let all: String = spanned.iter().map(|(_, t)| t.as_str()).collect();
    let mut from = 0;
    for n in 1..=60 {
        let id = format!("A.1.z{n:02}");
        let found = all[from..]
            .find(&id)
            .unwrap_or_else(|| panic!("{id} missing or out of order"));
        from += found + id.len();
    }
}

/// The check of the furniture itself: page numbers moved from artifacts into a
/// paragraph's marked content (the QDF form of a real PDF, edited, its lengths fixed by
/// qpdf's `fix-qdf`) must be refused.
#[test]
fn the_artifact_check_refuses_page_numbers_in_tagged_content() {
    let made = &made().0[0];
    let dir = tempfile::tempdir().expect("a temporary folder");
    let qdf = dir.path().join("qdf.pdf");
    let qdf_arg = qdf.to_str().expect("a UTF-8 path");
    let out = tool(
        "qpdf",
        &["--qdf", "--object-streams=disable", "PDF", qdf_arg],
        &made.bytes,
    );
    assert!(out.status.success(), "qpdf --qdf: {out:?}");
    let qdf = std::fs::read(&qdf).expect("the QDF");
    let footer: &[u8] = b"/Artifact<</Attached[/Bottom]/Subtype/Footer/Type/Pagination>>BDC";
    let mut edited = Vec::new();
    let mut rest = &qdf[..];
    while let Some(at) = rest.windows(footer.len()).position(|w| w == footer) {
        edited.extend_from_slice(&rest[..at]);
        edited.extend_from_slice(b"/P<</MCID 999>>BDC");
        rest = &rest[at + footer.len()..];
    }
    edited.extend_from_slice(rest);
    assert!(edited.len() < qdf.len(), "Typst's footer marking changed");
    let fixed = tool("fix-qdf", &["PDF"], &edited);
    assert!(fixed.status.success(), "fix-qdf: {fixed:?}");
    let title = made.json["document"]["title"].as_str().expect("a title");
    pdf::assert_furniture_is_artifacts(&made.bytes, title);
    let refused = std::panic::catch_unwind(|| {
        pdf::assert_furniture_is_artifacts(&fixed.stdout, title);
    });
    let message = match refused {
        Ok(()) => panic!("page numbers in tagged content passed"),
        Err(e) => e.downcast::<String>().map(|m| *m).unwrap_or_default(),
    };
    assert!(message.contains("is not an artifact"), "{message}");
}
