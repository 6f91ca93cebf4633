//! The PDF engine on its own: the default template with a hand-written JSON document,
//! checked with real PDF tools (poppler-utils' `pdftotext`, `qpdf`), and templates with
//! mistakes, whose errors must come back located in the template.
//!
//! Needs `pdftotext` and `qpdf` (Debian: `apt-get install -y poppler-utils qpdf`).

mod common;

use std::path::{Path, PathBuf};

use common::pdf::{self as tools, attributes, role, tool, words};
use rapport::diagnostics::{Diagnostic, Severity};
use rapport::render::pdf::{self, PdfFonts, PdfJob, PdfTemplates, TemplateFile};
use serde_json::{Value, json};

/// A paragraph made of Typst's syntax: it must come out as these very characters.
const HOSTILE: &str = r#"#set text(red) $x^2$ *not bold* _no_ ] @ref // no comment <x> \ -- ..."#;

/// A chart whose text is real SVG text, in the charts' font.
const CHART: &str = r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200" viewBox="0 0 400 200"><rect x="10" y="50" width="60" height="140" fill="#336"/><text x="20" y="30" font-family="Liberation Sans, Arimo, Arial, sans-serif" font-size="14">Taux 2022</text></svg>"##;

fn runs(text: &str) -> Value {
    json!([{ "kind": "text", "text": text }])
}

/// A small report with one of each kind of block and run.
fn sample() -> Value {
    json!({
        "document": {
            "lang": "fr", "title": "Rapport annuel 2022", "organisation": "Organisation d’exemple",
            "date": "2023-03-15", "date_text": "15 mars 2023", "symbol": "GB.347/PFA/1",
            "year": 2022, "labels": { "contents": "Table des matières", "figure": "Figure", "table": "Tableau" }
        },
        "sections": [{
            "id": "s-1", "title": "Introduction",
            "blocks": [
                { "kind": "paragraph", "number": 1, "id": "p-1", "runs": runs(HOSTILE) },
                { "kind": "paragraph", "number": 2, "id": "p-2", "runs": [
                    { "kind": "text", "text": "Texte " },
                    { "kind": "emph", "runs": runs("souligné") },
                    { "kind": "text", "text": " et " },
                    { "kind": "strong", "runs": runs("fort") },
                    { "kind": "note", "number": 1, "id": "fn-1", "blocks": [
                        { "kind": "paragraph", "number": null, "id": null, "runs": runs("Une note de bas de page.") }
                    ]},
                    { "kind": "text", "text": ", " },
                    { "kind": "code", "text": "x = 1" },
                    { "kind": "text", "text": ", " },
                    { "kind": "link", "url": "https://example.org/", "target": null, "runs": runs("un lien") },
                    { "kind": "text", "text": ", " },
                    { "kind": "link", "url": null, "target": "p-1", "runs": runs("§ 1") },
                    { "kind": "text", "text": ", " },
                    { "kind": "lang", "lang": "en", "runs": runs("in English") }
                ]},
                { "kind": "heading", "level": 2, "id": "h-1", "runs": runs("Indicateurs") },
                { "kind": "table", "id": "t-1", "caption": "Taux",
                  "columns": ["Pays", "Taux"],
                  "groups": [{ "heading": null, "rows": [[runs("France"), runs("12,5")], [runs("Italie"), runs("9,1")]] }] },
                { "kind": "figure", "number": 1, "id": "f-1", "caption": "Un graphique",
                  "svg": "charts/f-1.svg", "alt": "Barres : taux de 2022", "note": runs("Source : exemple."), "omitted": null },
                { "kind": "list", "ordered": false, "start": null, "items": [
                    [{ "kind": "paragraph", "runs": runs("premier") }],
                    [{ "kind": "paragraph", "runs": runs("second") }]
                ]},
                { "kind": "quote", "lang": "en", "blocks": [
                    { "kind": "paragraph", "runs": runs("A quotation.") }
                ]}
            ]
        }]
    })
}

fn default_templates() -> PdfTemplates {
    let empty = tempfile::tempdir().expect("a temporary folder");
    let files = rapport::render::theme::pdf_templates(empty.path(), "default")
        .expect("the built-in PDF templates");
    PdfTemplates::new(files, Path::new("pdf")).expect("the built-in templates parse")
}

fn job(data: &Value) -> PdfJob {
    PdfJob {
        data: serde_json::to_vec_pretty(data).expect("JSON"),
        data_path: PathBuf::from("report-2022-fr.json"),
        files: vec![("charts/f-1.svg".to_string(), CHART.as_bytes().to_vec())],
        lang: "fr".to_string(),
        ident: "rapport:2022:fr".to_string(),
        date: (2023, 3, 15),
    }
}

fn compile_sample() -> Vec<u8> {
    match pdf::compile(&default_templates(), &PdfFonts::bundled(), job(&sample())) {
        Ok(pdf) => {
            assert!(pdf.warnings.is_empty(), "warnings: {:?}", pdf.warnings);
            pdf.bytes
        }
        Err(problems) => panic!("the sample does not compile: {:?}", problems.into_sorted()),
    }
}

#[test]
fn typst_syntax_in_the_data_comes_out_as_text() {
    let out = tool(
        "pdftotext",
        &["-enc", "UTF-8", "PDF", "-"],
        &compile_sample(),
    );
    assert!(out.status.success(), "pdftotext failed: {out:?}");
    let text = words(&String::from_utf8_lossy(&out.stdout));
    assert!(
        text.contains(&format!("1. {HOSTILE}")),
        "not found literally in:\n{text}"
    );
    for expected in [
        "Rapport annuel 2022",
        "Une note de bas de page.",
        "GB.347/PFA/1",
        "Taux 2022",
    ] {
        assert!(
            text.contains(expected),
            "`{expected}` missing from:\n{text}"
        );
    }
}

#[test]
fn the_pdf_passes_qpdf_check() {
    let out = tool("qpdf", &["--check", "PDF"], &compile_sample());
    assert_eq!(out.status.code(), Some(0), "qpdf --check: {out:?}");
}

#[test]
fn two_compilations_give_the_same_bytes() {
    let first = compile_sample();
    let second = compile_sample();
    assert!(first == second, "two builds of the same report differ");
    let other = pdf::compile(
        &default_templates(),
        &PdfFonts::bundled(),
        PdfJob {
            ident: "rapport:2022:en".to_string(),
            ..job(&sample())
        },
    )
    .expect("compiles");
    assert!(other.bytes != first, "the ident does not reach the PDF");
}

#[test]
fn the_pdf_is_tagged_with_its_language_and_title_shown() {
    let pdf = tools::parse(&compile_sample());
    let catalog = pdf.catalog();
    assert!(
        catalog.get("/StructTreeRoot").is_some(),
        "no structure tree: {catalog}"
    );
    assert_eq!(catalog["/Lang"], "u:fr");
    assert_eq!(pdf.resolve(&catalog["/MarkInfo"])["/Marked"], true);
    let preferences = pdf.resolve(&catalog["/ViewerPreferences"]);
    assert_eq!(preferences["/DisplayDocTitle"], true);
    let tree = pdf.resolve(&catalog["/StructTreeRoot"]);
    assert_eq!(tree["/Type"], "/StructTreeRoot");
}

fn template(text: &str) -> PdfTemplates {
    let file = TemplateFile {
        name: "report.typ".to_string(),
        path: PathBuf::from("themes/mine/pdf/report.typ"),
        bytes: text.as_bytes().to_vec(),
    };
    PdfTemplates::new(vec![file], Path::new("themes/mine/pdf")).expect("a template")
}

fn errors_of(templates: &PdfTemplates, data: &Value) -> Vec<Diagnostic> {
    match pdf::compile(templates, &PdfFonts::bundled(), job(data)) {
        Ok(_) => panic!("the template compiled"),
        Err(problems) => problems.into_sorted(),
    }
}

const HEAD: &str = "#let r = json(\"/report.json\")\n#set document(title: r.document.title)\n#set text(lang: r.document.lang, font: \"Liberation Serif\")\n";

#[test]
fn a_syntax_error_is_located_in_the_template() {
    let errors = errors_of(&template(&format!("{HEAD}Text\nMore ] text\n")), &sample());
    assert_eq!(errors.len(), 1, "{errors:?}");
    let e = &errors[0];
    assert_eq!(e.path, Path::new("themes/mine/pdf/report.typ"));
    assert_eq!((e.line, e.column), (5, 6), "{e}");
    assert_eq!(e.severity, Severity::Error);
    assert!(e.message.contains("closing bracket"), "{e}");
}

#[test]
fn an_evaluation_error_is_located_in_the_template() {
    let errors = errors_of(
        &template(&format!("{HEAD}\n  #r.document.missing\n")),
        &sample(),
    );
    let e = &errors[0];
    assert_eq!(
        (e.path.as_path(), e.line, e.column),
        (Path::new("themes/mine/pdf/report.typ"), 5, 15),
        "{e}"
    );
}

#[test]
fn bad_json_is_located_in_the_data() {
    let templates = template(&format!("{HEAD}Text\n"));
    let mut broken = job(&sample());
    broken.data = b"{\n  \"document\": oops\n}".to_vec();
    let errors = match pdf::compile(&templates, &PdfFonts::bundled(), broken) {
        Ok(_) => panic!("compiled"),
        Err(p) => p.into_sorted(),
    };
    let at_data = errors
        .iter()
        .find(|e| e.path == Path::new("report-2022-fr.json"));
    let e = at_data.unwrap_or_else(|| panic!("no error at the data: {errors:?}"));
    assert_eq!(e.line, 2, "{e}");
}

#[test]
fn a_template_without_title_or_language_gets_rapports_words() {
    let errors = errors_of(&template("Text\n"), &sample());
    let messages: Vec<&str> = errors.iter().map(|e| e.message.as_str()).collect();
    assert!(
        messages.iter().any(|m| m.contains("no title")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .any(|m| m.contains("declares the language none")),
        "{messages:?}"
    );
    assert!(
        errors
            .iter()
            .all(|e| e.path == Path::new("themes/mine/pdf/report.typ"))
    );
}

#[test]
fn an_image_without_alternative_text_is_refused_at_the_template() {
    let text = format!("{HEAD}Text\n#image(\"/charts/f-1.svg\")\n");
    let errors = errors_of(&template(&text), &sample());
    let e = &errors[0];
    assert_eq!(
        (e.path.as_path(), e.line),
        (Path::new("themes/mine/pdf/report.typ"), 5),
        "{e}"
    );
    assert!(e.message.contains("alt"), "{e}");
}

#[test]
fn a_template_asking_for_today_or_a_package_gets_an_error_not_the_clock_or_network() {
    for line in ["#datetime.today()", "#import \"@preview/x:0.1.0\": *"] {
        let errors = errors_of(&template(&format!("{HEAD}{line}\n")), &sample());
        assert_eq!(errors[0].line, 4, "{line}: {errors:?}");
    }
}

/// Writes the sample's PDF to look at (`pdftoppm -r 70 -png …`):
/// `cargo test --test pdf_engine write_the_sample -- --ignored`.
#[test]
#[ignore]
fn write_the_sample() {
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rapport-2022-fr.pdf");
    std::fs::write(&path, compile_sample()).expect("write the sample");
    println!("{}", path.display());
}

#[test]
fn a_project_pdf_folder_overrides_the_themes_templates() {
    let project = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(project.path().join("pdf")).expect("pdf/");
    std::fs::write(project.path().join("pdf/report.typ"), "Mine\n").expect("a template");
    std::fs::write(project.path().join("pdf/logo.svg"), CHART).expect("a logo");
    let files = rapport::render::theme::pdf_templates(project.path(), "default").expect("files");
    let names: Vec<(&str, &Path)> = files
        .iter()
        .map(|f| (f.name.as_str(), f.path.as_path()))
        .collect();
    let main = names
        .iter()
        .find(|(n, _)| *n == "report.typ")
        .expect("report.typ");
    assert_eq!(main.1, project.path().join("pdf/report.typ"));
    assert_eq!(
        files
            .iter()
            .find(|f| f.name == "report.typ")
            .map(|f| f.bytes.as_slice()),
        Some(&b"Mine\n"[..])
    );
    assert!(names.iter().any(|(n, _)| *n == "logo.svg"));
}

#[test]
fn a_script_the_fonts_lack_is_named_with_the_fonts_folder() {
    let mut data = sample();
    data["sections"][0]["blocks"][0]["runs"] = runs("नमस्ते");
    let errors = errors_of(&default_templates(), &data);
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].message.contains("Devanagari"), "{}", errors[0]);
    assert!(
        errors[0]
            .hint
            .as_deref()
            .is_some_and(|h| h.contains("`fonts/`"))
    );
}

#[test]
fn the_engine_loads_a_projects_fonts_and_the_built_in_templates() {
    let project = tempfile::tempdir().expect("a temporary folder");
    std::fs::create_dir(project.path().join("fonts")).expect("fonts/");
    let serif = include_bytes!("../assets/fonts/LiberationSerif-Regular.ttf");
    std::fs::write(project.path().join("fonts/Extra.ttf"), serif).expect("a font");
    let engine = pdf::PdfEngine::load(project.path(), "default").expect("loads");
    assert!(engine.compile(job(&sample())).is_ok());
    std::fs::write(project.path().join("fonts/broken.otf"), b"not a font").expect("a file");
    let problems = match pdf::PdfEngine::load(project.path(), "default") {
        Ok(_) => panic!("a broken font loaded"),
        Err(p) => p.into_sorted(),
    };
    assert_eq!(problems[0].path, project.path().join("fonts/broken.otf"));
}

#[test]
fn the_structure_has_headings_tables_with_header_cells_figures_with_alt_and_notes() {
    let pdf = tools::parse(&compile_sample());
    let elements = pdf.structure();
    let roles: Vec<&str> = elements.iter().map(role).collect();
    for expected in [
        "/H1",
        "/H2",
        "/P",
        "/Table",
        "/TH",
        "/TD",
        "/Figure",
        "/Note",
        "/Link",
        "/BlockQuote",
    ] {
        assert!(roles.contains(&expected), "no {expected} in {roles:?}");
    }
    let chart = elements
        .iter()
        .find(|e| role(e) == "/Figure" && e.get("/Alt").is_some())
        .unwrap_or_else(|| panic!("no Figure with /Alt: {elements:?}"));
    assert_eq!(chart["/Alt"], "u:Barres : taux de 2022");
    let scoped = |e: &&Value| {
        attributes(&pdf.objects, e)
            .iter()
            .any(|a| a["/Scope"] == "/Column")
    };
    let headers: Vec<&Value> = elements.iter().filter(|e| role(e) == "/TH").collect();
    assert_eq!(headers.len(), 2, "{headers:?}");
    assert!(
        headers.iter().all(scoped),
        "TH without /Scope /Column: {headers:?}"
    );
    let english: Vec<&Value> = elements.iter().filter(|e| e["/Lang"] == "u:en").collect();
    assert!(!english.is_empty(), "no element in English: {roles:?}");
}

/// How long a long report takes (run in release: `cargo test --release --test pdf_engine
/// long_report -- --ignored --nocapture`): 50 sections of 40 numbered paragraphs, each
/// with a note, and a table per section.
#[test]
#[ignore]
fn long_report_timing() {
    let mut data = sample();
    let mut sections = Vec::new();
    let mut number = 0;
    for s in 0..50 {
        let mut blocks = Vec::new();
        for _ in 0..40 {
            number += 1;
            blocks.push(json!({ "kind": "paragraph", "number": number, "id": format!("p-{number}"), "runs": [
                { "kind": "text", "text": "Le Conseil d’administration a examiné le rapport et pris note des progrès accomplis dans la mise en œuvre du programme, en particulier pour les indicateurs de résultats. " },
                { "kind": "note", "number": number, "id": format!("fn-{number}"), "blocks": [{ "kind": "paragraph", "runs": runs("Document de référence, paragraphe cité.") }] },
                { "kind": "text", "text": "Il a demandé que les prochains rapports présentent des données ventilées par région." }
            ]}));
        }
        blocks.push(json!({ "kind": "table", "id": format!("t-{s}"), "caption": "Taux",
            "columns": ["Pays", "2021", "2022"],
            "groups": [{ "heading": null, "rows": (0..30).map(|i| json!([runs(&format!("Pays {i}")), runs("12,5"), runs("13,1")])).collect::<Vec<_>>() }] }));
        sections.push(
            json!({ "id": format!("s-{s}"), "title": format!("Section {s}"), "blocks": blocks }),
        );
    }
    data["sections"] = Value::Array(sections);
    let started = std::time::Instant::now();
    let pdf =
        pdf::compile(&default_templates(), &PdfFonts::bundled(), job(&data)).expect("compiles");
    let elapsed = started.elapsed();
    let path = Path::new(env!("CARGO_TARGET_TMPDIR")).join("long-report.pdf");
    std::fs::write(&path, &pdf.bytes).expect("write");
    let pages = tools::info(&pdf.bytes)["Pages"].clone();
    println!(
        "{number} paragraphs, {pages} pages, {} bytes, {elapsed:?}",
        pdf.bytes.len()
    );
}
