//! Compiles a PDF template with its data: the in-memory Typst `World`, the layout, and the
//! export with fixed identity and dates.

use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use typst::diag::{FileError, FileResult, PackageError, SourceDiagnostic, Warned};
use typst::foundations::{Bytes, Datetime, Duration, Smart};
use typst::model::Document;
use typst::syntax::{FileId, Source, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::fonts::PdfFonts;
use super::located::{self, Origin};
use super::{DATA_PATH, PdfTemplates, virtual_id};
use crate::core::diagnostics::{Diagnostic, Diagnostics};

/// What one PDF is made of, besides the shared templates and fonts.
pub struct PdfJob {
    /// The JSON document the template reads at [`DATA_PATH`].
    pub data: Vec<u8>,
    /// The path a diagnostic about the JSON document names (it is generated, so an error
    /// in it is rapport's; the path says which edition and language).
    pub data_path: PathBuf,
    /// Further files, by the path the template asks for (`charts/f-2.svg` is served at
    /// `/charts/f-2.svg`), with their bytes.
    pub files: Vec<(String, Vec<u8>)>,
    /// The language the template must declare (`set text(lang: …)`), which becomes the
    /// PDF's `/Lang`: a template that forgets it would get English silently.
    pub lang: String,
    /// A stable identity for the PDF's document id, e.g. `rapport:2022:fr`; never a clock
    /// or a path.
    pub ident: String,
    /// The edition's date (year, month, day): the PDF's dates when the template sets
    /// none. PDF/A-2a requires a date; nothing comes from the clock.
    pub date: (i32, u8, u8),
}

/// A compiled PDF.
#[derive(Debug)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Warnings from the template, located (the build goes on).
    pub warnings: Vec<Diagnostic>,
}

/// Typst's standard library, built once: it is hashed into every memoised call, and one
/// library per document would keep no cache between them.
static LIBRARY: LazyLock<LazyHash<Library>> = LazyLock::new(|| LazyHash::new(Library::default()));

/// Compiles `templates` with a job's data and fonts, and exports a PDF conforming to
/// PDF/UA-1 and PDF/A-2a. Same inputs, same bytes.
pub fn compile(
    templates: &PdfTemplates,
    fonts: &PdfFonts,
    job: PdfJob,
) -> Result<Pdf, Diagnostics> {
    check_scripts(fonts, &job)?;
    let world = ReportWorld::new(templates, fonts, &job)?;
    let result = laid_out(&world).and_then(|(document, warnings)| {
        check_document(&world, &document, &job)?;
        let bytes = export(&world, &document, &job)?;
        Ok(Pdf { bytes, warnings })
    });
    // Typst's memo cache only grows otherwise; what a later PDF shares with this one
    // (the parsed templates, the fonts) is quick to compute again.
    typst::comemo::evict(0);
    result
}

/// Refuses text that no font can show, naming its script and what to do, before Typst
/// would draw it as empty boxes. A document that is not JSON is left to Typst, which
/// locates the mistake.
fn check_scripts(fonts: &PdfFonts, job: &PdfJob) -> Result<(), Diagnostics> {
    let Ok(data) = serde_json::from_slice::<serde_json::Value>(&job.data) else {
        return Ok(());
    };
    let missing = fonts.uncovered(&data);
    if missing.is_empty() {
        return Ok(());
    }
    Err(missing
        .into_iter()
        .map(|(script, sample)| {
            Diagnostic::error(
                &job.data_path,
                format!("the PDF's fonts cannot show the {script} script (for example «{sample}»)"),
            )
            .with_hint(format!(
                "add a .ttf or .otf font covering {script} to the project's `{}/` folder",
                super::FONTS_DIR
            ))
        })
        .collect())
}

/// Lays the document out. Typst's warnings come back located; those that would make a
/// wrong PDF (a font the set lacks) are errors.
fn laid_out(world: &ReportWorld) -> Result<(PagedDocument, Vec<Diagnostic>), Diagnostics> {
    let Warned { output, warnings } = guarded(world, || typst::compile::<PagedDocument>(world))?;
    let warnings: Vec<Diagnostic> = warnings.iter().map(|w| world.locate(w)).collect();
    match output {
        Ok(document) => {
            let (errors, warnings): (Vec<_>, Vec<_>) =
                warnings.into_iter().partition(Diagnostic::is_error);
            if errors.is_empty() {
                Ok((document, warnings))
            } else {
                Err(errors.into_iter().collect())
            }
        }
        Err(errors) => Err(errors
            .iter()
            .map(|e| world.locate(e))
            .chain(warnings.into_iter().filter(Diagnostic::is_error))
            .collect()),
    }
}

/// What the export would refuse with a message of Typst's, refused first with rapport's
/// own: no title, or a language other than the edition's.
fn check_document(
    world: &ReportWorld,
    document: &PagedDocument,
    job: &PdfJob,
) -> Result<(), Diagnostics> {
    let info = document.info();
    let main = world.templates.main_path();
    let mut problems = Diagnostics::new();
    if info.title.as_deref().is_none_or(|t| t.trim().is_empty()) {
        problems.push(
            Diagnostic::error(main, "the PDF template gives the document no title")
                .with_hint("PDF/UA-1 requires one: `#set document(title: r.title)`"),
        );
    }
    let declared = match &info.locale {
        Smart::Custom(locale) => Some(locale.lang.as_str().to_string()),
        Smart::Auto => None,
    };
    let expected = job.lang.split(['-', '_']).next().unwrap_or_default();
    if declared.as_deref() != Some(expected) {
        let found = declared.map_or("none".to_string(), |l| format!("`{l}`"));
        problems.push(
            Diagnostic::error(
                main,
                format!(
                    "the PDF template declares the language {found}, but this PDF is in `{}`",
                    job.lang
                ),
            )
            .with_hint("set it once at the top of the template: `#set text(lang: r.lang)`"),
        );
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems)
    }
}

/// Writes the PDF: tagged, PDF 1.7 (the only version where PDF/UA-1's tags and PDF/A-2
/// meet), with an id and dates taken from the job, never from the clock.
fn export(
    world: &ReportWorld,
    document: &PagedDocument,
    job: &PdfJob,
) -> Result<Vec<u8>, Diagnostics> {
    let (year, month, day) = job.date;
    let date = Datetime::from_ymd(year, month, day).ok_or_else(|| {
        Diagnostics::from(Diagnostic::error(
            &job.data_path,
            format!("the PDF's date {year:04}-{month:02}-{day:02} is not a date"),
        ))
    })?;
    let standards = PdfStandards::new(&[PdfStandard::V_1_7, PdfStandard::Ua_1, PdfStandard::A_2a])
        .map_err(|e| {
            Diagnostics::from(Diagnostic::error(
                world.templates.main_path(),
                format!("the PDF standards cannot be combined: {}", e.message()),
            ))
        })?;
    let options = PdfOptions {
        ident: Smart::Custom(job.ident.clone()),
        // Typst's default names its own version, which would change the bytes with every
        // upgrade of the library for no reader's benefit.
        creator: Smart::Custom(Some("rapport".to_string())),
        timestamp: Some(Timestamp::new_utc(date)),
        page_ranges: None,
        standards,
        tagged: true,
        pretty: false,
    };
    guarded(world, || typst_pdf::pdf(document, &options))?
        .map_err(|errors| errors.iter().map(|e| world.locate(e)).collect())
}

/// Runs a step of Typst's, turning a panic inside it into an error at the main template:
/// Typst still has internal panics, and no input may crash a build.
fn guarded<T>(world: &ReportWorld, step: impl FnOnce() -> T) -> Result<T, Diagnostics> {
    catch_unwind(AssertUnwindSafe(step)).map_err(|panic| {
        let reason = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no reason given".to_string());
        Diagnostics::from(
            Diagnostic::error(
                world.templates.main_path(),
                format!("the PDF engine failed on this template: {reason}"),
            )
            .with_hint("this is a bug in Typst or rapport; simplify the template to find the part that triggers it"),
        )
    })
}

/// Everything Typst may read: the templates, the JSON document, the job's files, the
/// fonts. No file system, no package download, no clock.
pub(super) struct ReportWorld<'a> {
    pub(super) templates: &'a PdfTemplates,
    fonts: &'a PdfFonts,
    /// The data and the job's files, by id.
    files: HashMap<FileId, Bytes>,
    /// The JSON document's id and the path its diagnostics name.
    data: (FileId, &'a Path),
}

impl<'a> ReportWorld<'a> {
    fn new(
        templates: &'a PdfTemplates,
        fonts: &'a PdfFonts,
        job: &'a PdfJob,
    ) -> Result<ReportWorld<'a>, Diagnostics> {
        let mut files = HashMap::new();
        let mut problems = Diagnostics::new();
        let data_id = virtual_id(DATA_PATH).ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                &job.data_path,
                "no path for the PDF data",
            ))
        })?;
        files.insert(data_id, Bytes::new(job.data.clone()));
        for (name, bytes) in &job.files {
            match virtual_id(name) {
                Some(id) if !files.contains_key(&id) && !templates.serves(id) => {
                    files.insert(id, Bytes::new(bytes.clone()));
                }
                _ => problems.push(Diagnostic::error(
                    &job.data_path,
                    format!("the PDF's file `{name}` cannot be served: its name is not a plain path, or another file has it"),
                )),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        Ok(ReportWorld {
            templates,
            fonts,
            files,
            data: (data_id, &job.data_path),
        })
    }

    /// A Typst diagnostic as rapport's, at the file and line it concerns.
    fn locate(&self, diagnostic: &SourceDiagnostic) -> Diagnostic {
        located::diagnostic(self, diagnostic)
    }

    /// Where a file id comes from, for diagnostics: a template source (with its text),
    /// the JSON document, or neither.
    pub(super) fn origin(&self, id: FileId) -> Origin<'_> {
        if let Some((_, source, path)) = self.templates.sources.iter().find(|(s, _, _)| *s == id) {
            return Origin::Text(path, source.text());
        }
        if id == self.data.0 {
            let text = self
                .files
                .get(&id)
                .and_then(|b| std::str::from_utf8(b.as_slice()).ok());
            return match text {
                Some(text) => Origin::Text(self.data.1, text),
                None => Origin::Other(self.data.1),
            };
        }
        match self.templates.others.iter().find(|(s, _, _)| *s == id) {
            Some((_, _, path)) => Origin::Other(path),
            None => Origin::Unknown,
        }
    }
}

impl PdfTemplates {
    /// Whether a template file already has this id.
    fn serves(&self, id: FileId) -> bool {
        self.sources.iter().any(|(s, _, _)| *s == id)
            || self.others.iter().any(|(s, _, _)| *s == id)
    }
}

impl World for ReportWorld<'_> {
    fn library(&self) -> &LazyHash<Library> {
        &LIBRARY
    }

    fn book(&self) -> &LazyHash<FontBook> {
        self.fonts.book()
    }

    fn main(&self) -> FileId {
        self.templates.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        refuse_packages(id)?;
        self.templates
            .sources
            .iter()
            .find(|(s, _, _)| *s == id)
            .map(|(_, source, _)| source.clone())
            .ok_or_else(|| not_found(id))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        refuse_packages(id)?;
        if let Some((_, source, _)) = self.templates.sources.iter().find(|(s, _, _)| *s == id) {
            return Ok(Bytes::from_string(source.text().to_string()));
        }
        if let Some((_, bytes, _)) = self.templates.others.iter().find(|(s, _, _)| *s == id) {
            return Ok(bytes.clone());
        }
        self.files.get(&id).cloned().ok_or_else(|| not_found(id))
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.font(index)
    }

    /// No date from the clock: a template that asks for today's date gets an error, and
    /// the PDF the same bytes every build.
    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        None
    }
}

/// Packages (`@preview/…`) would be downloaded: the PDF uses only what the theme ships.
fn refuse_packages(id: FileId) -> FileResult<()> {
    match id.root() {
        VirtualRoot::Package(spec) => Err(FileError::Package(PackageError::NotFound(spec.clone()))),
        VirtualRoot::Project => Ok(()),
    }
}

fn not_found(id: FileId) -> FileError {
    FileError::NotFound(id.vpath().get_with_slash().into())
}
