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

/// The most data (`report.json`, in bytes) a PDF is laid out from. Typst holds the whole
/// document in memory while laying it out (about 750 MB for 280 printed pages, 1.95 GB
/// for 640 pages made from 3.9 MB of data, measured in release: docs/performance.md), so
/// a larger edition gets a warning naming this limit and no PDF, rather than exhausting
/// the machine; its web pages are built.
pub const MAX_PDF_DATA: usize = 4_000_000;

/// How deep `report.json` may nest (a list in a list in a quote…). Typst reads JSON up to
/// 128 levels, calls functions up to 80 deep and applies show rules up to 64 deep, and
/// the template spends several of each per level of blocks: 12 nested quotations (31
/// levels of JSON) still compile, 16 do not. A page nested deeper gets a warning naming
/// the limit and no PDF.
pub const MAX_PDF_DEPTH: usize = 32;

/// The stack of a thread that makes PDFs: the data is built by recursion over the page's
/// nesting, which validation lets go thousands deep.
const PDF_STACK: usize = 256 * 1024 * 1024;

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
    if source.json.len() > MAX_PDF_DATA {
        return Some(Err(too_large(&edition.dir, year, lang, source.json.len())));
    }
    let depth = json_depth(&source.json);
    if depth > MAX_PDF_DEPTH {
        return Some(Err(too_deep(&edition.dir, year, lang, depth)));
    }
    let date = pdf_date(
        year,
        edition.meta.date.as_ref().map(|d| d.get_ref().as_str()),
    );
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

/// The warning for an edition too large to lay out within [`MAX_PDF_DATA`].
fn too_large(dir: &std::path::Path, year: u16, lang: &str, bytes: usize) -> Diagnostics {
    let mb = |b: usize| b as f64 / 1_000_000.0;
    let warning = Diagnostic::warning(
        dir,
        format!(
            "no PDF of edition {year} in `{lang}`: its content is {:.1} MB of data, over the {:.0} MB limit of a PDF (Typst lays a whole document out in memory)",
            mb(bytes),
            mb(MAX_PDF_DATA)
        ),
    )
    .with_hint("the web pages are built; 4 MB is about 640 printed pages, laid out in about 2 GB of memory; build with --no-pdf, or set pdf = false in rapport.toml, to make no PDF");
    std::iter::once(warning).collect()
}

/// The warning for an edition nested deeper than [`MAX_PDF_DEPTH`].
fn too_deep(dir: &std::path::Path, year: u16, lang: &str, depth: usize) -> Diagnostics {
    let warning = Diagnostic::warning(
        dir,
        format!(
            "no PDF of edition {year} in `{lang}`: its content nests {depth} levels deep, over the {MAX_PDF_DEPTH} levels a PDF is laid out with"
        ),
    )
    .with_hint("the web pages are built; nest the edition's lists and quotations less deeply, or build with --no-pdf");
    std::iter::once(warning).collect()
}

/// How deep JSON text nests (objects and arrays), read without recursion.
fn json_depth(json: &[u8]) -> usize {
    let (mut depth, mut deepest, mut in_string, mut escaped) = (0usize, 0, false, false);
    for &byte in json {
        if in_string {
            match byte {
                _ if escaped => escaped = false,
                b'\\' => escaped = true,
                b'"' => in_string = false,
                _ => {}
            }
            continue;
        }
        match byte {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
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
/// order, with the warnings of those not made (over [`MAX_PDF_DATA`]). Every failure is
/// reported, located; then no PDF is returned.
pub fn edition_pdfs(project: &Project) -> Result<(Vec<BuiltPdf>, Diagnostics), Diagnostics> {
    edition_pdfs_of(project, None)
}

/// As [`edition_pdfs`], of one edition only when `only` names it (`rapport archive` needs
/// no other edition's PDFs).
pub fn edition_pdfs_of(
    project: &Project,
    only: Option<u16>,
) -> Result<(Vec<BuiltPdf>, Diagnostics), Diagnostics> {
    let site = &project.site;
    let jobs: Vec<(u16, String)> = (site.editions.iter())
        .filter(|e| only.is_none_or(|year| e.year == year))
        .flat_map(|e| {
            site.config
                .language_codes()
                .into_iter()
                .map(|l| (e.year, l))
        })
        .collect();
    // A pool of their own, for everything the PDFs need: Typst works in parallel with
    // rayon, and the pages rendered meanwhile on the global pool wait for these PDFs'
    // sizes, so work queued there might never run. One loop per thread keeps PDF_WORKERS
    // documents in memory at most.
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(PDF_WORKERS.min(jobs.len()).max(1))
        .stack_size(PDF_STACK)
        .thread_name(|_| "pdf".to_string())
        .build()
        .map_err(|e| {
            let problem = format!("cannot start the threads that make the PDFs: {e}");
            Diagnostics::from_iter([Diagnostic::error(&site.root, problem)])
        })?;
    let engine = pool.install(|| PdfEngine::load(&site.root, &site.config.theme))?;
    let next = AtomicUsize::new(0);
    let done = Mutex::new(Vec::new());
    pool.broadcast(|_| {
        while let Some((year, lang)) = jobs.get(next.fetch_add(1, Ordering::Relaxed)) {
            let made = edition_pdf(&engine, project, *year, lang);
            // A language an edition lacks has no PDF; that is not a problem.
            if let Some(made) = made {
                let mut done = done.lock().unwrap_or_else(|e| e.into_inner());
                done.push(((*year, lang.clone()), made));
            }
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
    Ok((pdfs, problems))
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
