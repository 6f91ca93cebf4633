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
//! ```text
//! { "document": { "lang": "fr",             // "fr", "pt-BR"; the same as PdfJob::lang
//!                 "title": "…", "organisation": "…",
//!                 "date": "2023-03-15",     // shown when date_text is absent
//!                 "date_text": "15 mars 2023", "symbol": "GB.347/PFA/1" },   // optional
//!   "labels": { "contents": "Table des matières" },  // optional; Typst's own word otherwise
//!   "sections": [ { "id": "s-1", "title": "…" /* or [Run] */, "blocks": [Block] } ] }
//!
//! Block = { "kind": "heading", "level": 2, "id": "…", "runs": [Run] }   // level 2–6: the
//!                                                      // section's title is level 1
//!       | { "kind": "paragraph", "number": 12, "id": "p-12", "runs": [Run] } // number, id optional
//!       | { "kind": "list", "ordered": false, "items": [[Block]] }
//!       | { "kind": "table", "number": 3, "id": "t-3", "caption": Text,
//!           "align": ["left", "right"],                // optional, one per column
//!           "header": [Text], "rows": [[Text]] }     // columns = header's length
//!       | { "kind": "figure", "number": 2, "id": "f-2", "caption": Text,
//!           "svg_path": "charts/f-2.svg", "alt": "…", "note": Text }   // note optional
//!       | { "kind": "quote", "lang": "en", "blocks": [Block] }          // lang optional
//! Run   = { "kind": "text", "text": "…" } | { "kind": "code", "text": "…" }
//!       | { "kind": "emph" | "strong", "runs": [Run] }
//!       | { "kind": "link", "url": "https://…" | "target": "p-12", "runs": [Run] }
//!       | { "kind": "note", "number": 1, "blocks": [Block] }   // a footnote, at its call
//!       | { "kind": "lang", "lang": "en", "runs": [Run] }
//! Text  = "plain string" | [Run] | null
//! ```
//!
//! What the data must guarantee, or Typst refuses the document: every `target` is the
//! `id` of a block of the same document, and ids are unique; a heading's runs are not
//! empty; every figure has a non-empty `alt` (PDF/UA-1); every `svg_path` is one of the
//! job's files; text carries no `\n` (a newline in a string is a line break).

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
