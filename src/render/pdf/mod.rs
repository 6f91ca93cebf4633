//! The PDF edition's engine: Typst, embedded as a library, lays out a theme's PDF template
//! and exports a tagged PDF that conforms to PDF/UA-1 and PDF/A-2a.
//!
//! The contract with the data side (`render::pdf_data`):
//! - the **templates** are the theme's `pdf/` folder (see [`crate::render::theme::pdf_templates`]),
//!   whose [`MAIN_TEMPLATE`] is compiled; every file of it is served at `/<name>`;
//! - the **data** is one JSON document, served to the template as [`DATA_PATH`]
//!   (`json("/report.json")`). Content reaches Typst only as values read from it, never as
//!   markup, so `#`, `$`, `*` or `]` in a paragraph come out as text;
//! - the **files** (SVG charts) are served at the paths the job names, e.g.
//!   `/charts/f-2.svg`, which the JSON gives to the template;
//! - the **fonts** are the bundled ones, then a project's `fonts/` folder ([`PdfFonts`]).
//!
//! [`compile`] returns the PDF's bytes, or rapport diagnostics located in the template, the
//! JSON document or, for what concerns the document as a whole, the main template.
//!
//! # The JSON document the default template reads
//!
//! Its types, every field documented, are in `render::pdf_data::model` (`ReportData`);
//! optional fields are written as `null`, and the template reads them with
//! `.at(key, default: none)`, so an absent field is the same.
//!
//! ```text
//! { "document": { "lang": "fr", "dir": "ltr" | "rtl", "title": "…", "organisation": "…",
//!                 "date": "2025-03-15" | null, "date_text": "15 mars 2025" | null,
//!                 "symbol": "GB.347/PFA/1" | null, "year": 2024,
//!                 "digits": ["0", "1", …, "9"] (the language's, "٠"… in an Arabic-Indic report),
//!                 "labels": { "contents", "page", "figure", "table", "notes", "paragraph" } },
//!   "sections": [ { "id": "<page slug>", "title": "…", "blocks": [Block] } ] }
//!
//! Block = { "kind": "heading", "level": 2..6, "id": "<slug>-<id>", "runs": [Run] }
//!       | { "kind": "paragraph", "number": 12 | null, "id": "p12" | null, "runs": [Run] }
//!       | { "kind": "list", "ordered": bool, "start": 1 | null, "items": [[Block]] }
//!       | { "kind": "quote", "lang": "en" | null, "blocks": [Block] }
//!       | { "kind": "code", "text": "…\n", "lang": "rust" | null }
//!       | { "kind": "table", "id", "caption": "…", "columns": ["…"],
//!           "groups": [{ "heading": "…" | null, "rows": [[[Run]]] }] }  // one column more
//!                                   // than a row's cells: the group's heading spans its rows
//!       | { "kind": "gfm_table", "align": ["left"|"center"|"right"|"none"],
//!           "header": [[Run]], "rows": [[[Run]]] }
//!       | { "kind": "figure", "number": 3 | null, "id", "caption": "…", "svg": "charts/<id>.svg",
//!           "alt": "…", "note": [Run] | null, "omitted": "…" | null }
//!       | { "kind": "rule" }
//! Run   = { "kind": "text" | "code", "text": "…" } | { "kind": "break" }
//!       | { "kind": "emph" | "strong" | "strike", "runs": [Run] }
//!       | { "kind": "link", "url": "https://…" | null, "target": "p12" | null, "runs": [Run] }
//!       | { "kind": "note", "number": 1, "id": "fn-1", "blocks": [Block] }  // at its first call
//!       | { "kind": "note_ref", "number": 1, "target": "fn-1" }             // a later call
//!       | { "kind": "lang", "lang": "en", "runs": [Run] }
//! ```
//!
//! Numbers (paragraphs, notes, figures) are the data's, as on the web, never Typst's
//! counters. What the data guarantees, or Typst would refuse the document: every `target`
//! is an id that occurs once in the document (`pdf_data` unlinks the others); text
//! carries no `\n`; every `svg` is one of the job's files, under a name stable across
//! builds (file ids are interned for the process). The template itself leaves out an
//! empty heading and falls back on the caption for an empty `alt` (PDF/UA-1).

mod engine;
mod fonts;
mod located;

use std::path::{Path, PathBuf};

use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};

use crate::core::diagnostics::{Diagnostic, Diagnostics};

pub use engine::{Pdf, PdfJob, compile};
pub use fonts::{FONTS_DIR, PdfFonts};

/// The template Typst compiles; it reads the rest of the folder by import or path.
pub const MAIN_TEMPLATE: &str = "report.typ";

/// Where the template finds the JSON document.
pub const DATA_PATH: &str = "/report.json";

/// One file of a theme's `pdf/` folder.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Its name inside the folder, with `/` separators: `report.typ`, `parts/table.typ`.
    pub name: String,
    /// Where it comes from, for diagnostics: a project file, or the built-in theme's.
    pub path: PathBuf,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

/// A theme's PDF templates, parsed once and shared by every edition and language.
pub struct PdfTemplates {
    main: FileId,
    /// Typst sources (`.typ`), with the path diagnostics name.
    sources: Vec<(FileId, Source, PathBuf)>,
    /// Any other file of the folder (an image, a logo), served as bytes.
    others: Vec<(FileId, typst::foundations::Bytes, PathBuf)>,
}

impl PdfTemplates {
    /// Checks and parses the folder's files. A folder without [`MAIN_TEMPLATE`], a source
    /// that is not UTF-8, or a name Typst cannot address is an error at that file;
    /// `folder` names the folder when the main template is missing.
    pub fn new(files: Vec<TemplateFile>, folder: &Path) -> Result<PdfTemplates, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut sources = Vec::new();
        let mut others = Vec::new();
        for file in files {
            let Some(id) = virtual_id(&file.name) else {
                problems.push(Diagnostic::error(
                    &file.path,
                    "this name cannot be served to the PDF template",
                ));
                continue;
            };
            if file.name.ends_with(".typ") {
                match String::from_utf8(file.bytes) {
                    Ok(text) => sources.push((id, Source::new(id, text), file.path)),
                    Err(_) => problems.push(Diagnostic::error(
                        &file.path,
                        "the PDF template is not valid UTF-8",
                    )),
                }
            } else {
                others.push((id, typst::foundations::Bytes::new(file.bytes), file.path));
            }
        }
        let main = virtual_id(MAIN_TEMPLATE);
        let main = main.filter(|id| sources.iter().any(|(s, _, _)| s == id));
        match main {
            Some(main) if !problems.has_errors() => Ok(PdfTemplates {
                main,
                sources,
                others,
            }),
            Some(_) => Err(problems),
            None => {
                problems.push(
                    Diagnostic::error(
                        folder,
                        format!("the PDF templates have no `{MAIN_TEMPLATE}`"),
                    )
                    .with_hint(
                        "the PDF edition compiles this file; copy it from the default theme",
                    ),
                );
                Err(problems)
            }
        }
    }

    /// The path diagnostics give for the main template.
    fn main_path(&self) -> &Path {
        self.sources
            .iter()
            .find(|(id, _, _)| *id == self.main)
            .map_or(Path::new(MAIN_TEMPLATE), |(_, _, path)| path.as_path())
    }
}

/// A project's PDF templates and fonts, loaded once per build and shared by every
/// edition and language: what `rapport build` needs to make each PDF with [`compile`].
pub struct PdfEngine {
    /// The theme's (or the project's) templates, parsed.
    pub templates: PdfTemplates,
    /// The bundled fonts, then the project's `fonts/`.
    pub fonts: PdfFonts,
}

impl PdfEngine {
    /// Loads the templates of theme `theme` (with the project's `pdf/` overrides) and the
    /// fonts of the project at `root`.
    pub fn load(root: &Path, theme: &str) -> Result<PdfEngine, Diagnostics> {
        let files = crate::render::theme::pdf_templates(root, theme)?;
        let folder = root
            .join(crate::render::theme::THEMES_DIR)
            .join(theme)
            .join(crate::render::theme::PDF_DIR);
        let templates = PdfTemplates::new(files, &folder);
        let fonts = PdfFonts::load(root);
        match (templates, fonts) {
            (Ok(templates), Ok(fonts)) => Ok(PdfEngine { templates, fonts }),
            (templates, fonts) => {
                let mut problems = Diagnostics::new();
                problems.extend(templates.err().unwrap_or_default());
                problems.extend(fonts.err().unwrap_or_default());
                Err(problems)
            }
        }
    }

    /// One PDF: see [`compile`].
    pub fn compile(&self, job: PdfJob) -> Result<Pdf, Diagnostics> {
        compile(&self.templates, &self.fonts, job)
    }
}

/// The Typst file id of a served name (`report.typ`, `/charts/f-2.svg`); `None` when Typst
/// would not accept it as a path (`..` climbing out of the root).
///
/// Ids are interned for the life of the process, at most 65,535 of them, so every name
/// served must be stable from one build to the next (see the hand-over notes).
fn virtual_id(name: &str) -> Option<FileId> {
    let rooted = format!("/{}", name.trim_start_matches('/'));
    if rooted.split('/').any(|part| part == "..") {
        return None;
    }
    let path = VirtualPath::new(&rooted).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, path).intern())
}
