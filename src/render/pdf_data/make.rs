//! Making the PDFs: an edition's data through the PDF engine, every edition and language
//! of a build a few at a time, and the size the pages show.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

use super::super::i18n::I18n;
use super::super::pdf::{Pdf, PdfEngine, PdfJob};
use super::super::project::Project;
use super::pdf_source;
use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::routes;

/// How many PDFs are laid out at once: Typst holds a whole document in memory while it
/// lays it out (hundreds of MB for a long report), so a build makes two at a time
/// whatever the number of cores.
const PDF_WORKERS: usize = 2;

/// The PDF of edition `year` in `lang`, laid out by `engine`: its data, its chart files,
/// its identity (`rapport:<year>:<lang>`, the same every build) and its date.
/// `None` when the project has no such edition or language.
pub fn edition_pdf(
    engine: &PdfEngine,
    project: &Project,
    year: u16,
    lang: &str,
) -> Option<Result<Pdf, Diagnostics>> {
    let source = pdf_source(project, year, lang)?;
    let edition = project.site.editions.iter().find(|e| e.year == year)?;
    let date = pdf_date(year, edition.meta.date.as_ref().map(|d| d.get_ref().as_str()));
    let job = PdfJob {
        data: source.json,
        // Generated data: a problem in it is rapport's, and the path says which PDF.
        data_path: edition.dir.join(format!("{year}-{lang}.pdf (report.json)")),
        files: source.files,
        lang: lang.to_string(),
        ident: format!("rapport:{year}:{lang}"),
        date,
    };
    Some(engine.compile(job))
}

/// The PDF's date (PDF/A requires one, and nothing comes from the clock): the edition's
/// `date` (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`, the missing parts taken as 1), or, for an
/// edition without one, 31 December of its year.
pub fn pdf_date(year: u16, date: Option<&str>) -> (i32, u8, u8) {
    let mut parts = date.unwrap_or_default().split('-').map(str::parse::<u32>);
    match (parts.next(), parts.next(), parts.next()) {
        (Some(Ok(y)), month, day) => {
            let part = |p: Option<Result<u32, _>>| p.and_then(Result::ok).unwrap_or(1);
            let y = i32::try_from(y).unwrap_or(i32::from(year));
            let m = u8::try_from(part(month).clamp(1, 12)).unwrap_or(1);
            let d = u8::try_from(part(day).clamp(1, 31)).unwrap_or(1);
            (y, m, d)
        }
        _ => (i32::from(year), 12, 31),
    }
}

/// One PDF of a build.
#[derive(Debug)]
pub struct BuiltPdf {
    /// The edition's year.
    pub year: u16,
    /// The language.
    pub lang: String,
    /// Its output path ([`routes::pdf`]).
    pub path: String,
    /// Its bytes.
    pub bytes: Vec<u8>,
    /// The template's warnings.
    pub warnings: Vec<Diagnostic>,
}

/// Every edition's PDF in every language, [`PDF_WORKERS`] at a time, in (year, language)
/// order. Every failure is reported, located; then no PDF is returned.
pub fn edition_pdfs(project: &Project) -> Result<Vec<BuiltPdf>, Diagnostics> {
    let site = &project.site;
    let engine = PdfEngine::load(&site.root, &site.config.theme)?;
    let jobs: Vec<(u16, String)> = (site.editions.iter())
        .flat_map(|e| site.config.language_codes().into_iter().map(|l| (e.year, l)))
        .collect();
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    let worker = || {
        while let Some((year, lang)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let made = edition_pdf(&engine, project, *year, lang);
            // A language an edition lacks has no PDF; that is not a problem.
            if let Some(made) = made {
                let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                done.push(((*year, lang.clone()), made));
            }
        }
    };
    std::thread::scope(|scope| {
        for _ in 0..PDF_WORKERS.min(jobs.len()) {
            scope.spawn(worker);
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|e| e.into_inner());
    done.sort_by(|a, b| a.0.cmp(&b.0));
    let mut problems = Diagnostics::new();
    let mut pdfs = Vec::new();
    for ((year, lang), made) in done {
        match made {
            Ok(pdf) => pdfs.push(BuiltPdf {
                path: routes::pdf(year, &lang),
                year,
                lang,
                bytes: pdf.bytes,
                warnings: pdf.warnings,
            }),
            Err(found) => problems.extend(found),
        }
    }
    if problems.has_errors() {
        return Err(problems);
    }
    Ok(pdfs)
}

/// A file's size as the pages show it, in the language's number format: `850 kB`
/// (rounded up, never `0 kB`), `1.2 MB` / `1,2 Mo` (one decimal), with the theme's units
/// (`size_kb`, `size_mb`).
pub fn size_text(i18n: &I18n, lang: &str, bytes: u64) -> String {
    let numbers = i18n.numbers(lang);
    if bytes < 1_000_000 {
        let kb = bytes.div_ceil(1000).max(1);
        i18n.fill(lang, "size_kb", &[("n", &numbers.number(kb as f64))])
    } else {
        let tenths = (bytes + 50_000) / 100_000;
        let mb = tenths as f64 / 10.0;
        i18n.fill(lang, "size_mb", &[("n", &numbers.number(mb))])
    }
}
