//! rapport: a static report-site generator.
//!
//! The pipeline runs one way, one folder per stage, each using only the stages before it
//! (`tests/architecture.rs` holds every `use crate::` to that order):
//!
//! - [`core`]: the model, problems, the output map and where files are published; no I/O;
//! - [`load`] reads a project into the model;
//! - [`validate`] cross-checks it;
//! - [`render`] turns it into an output map: pages (Markdown, tables, charts, theme, UI
//!   strings) and open data;
//! - [`publish`] finishes the map: fingerprinted assets, the 404 page, the sitemap;
//! - [`write`] puts it on disk atomically, or in an archive, and scaffolds editions;
//! - [`check`], [`serve`] and [`translate`] (translation status, XLIFF) are commands over
//!   the stages.
//!
//! Problems travel as located [`core::diagnostics::Diagnostic`]s and are rendered once,
//! by the command-line interface.

#![warn(missing_docs)]
#![warn(unreachable_pub)]

pub mod check;
pub mod core;
pub mod load;
pub mod publish;
pub mod render;
pub mod serve;
pub mod translate;
pub(crate) mod validate;
pub mod write;

pub use crate::core::{diagnostics, model};

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::render::Counts;
use crate::write::staging as output;
use diagnostics::{Diagnostics, Error};

pub use publish::render_project;
pub use render::project::{Project, prepare};
pub use write::write_project;

/// What to build and where.
#[derive(Debug, Clone, Default)]
pub struct BuildOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The output folder; `output/` in the project by default.
    pub output: Option<PathBuf>,
    /// Overrides the configuration's base URL.
    pub base_url: Option<String>,
    /// Replace a non-empty output folder that rapport did not create.
    pub force: bool,
    /// Make no PDF, whatever `pdf` in `rapport.toml` says (`--no-pdf`).
    pub no_pdf: bool,
}

impl BuildOptions {
    /// Options for a project folder, with the defaults.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            ..Default::default()
        }
    }

    /// The output folder these options write to.
    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("output"))
    }
}

/// A finished build.
#[derive(Debug)]
pub struct BuildReport {
    /// What was produced.
    pub counts: Counts,
    /// Problems that did not stop the build.
    pub warnings: Diagnostics,
    /// Wall time of the build.
    pub elapsed: Duration,
    /// Files written.
    pub files: usize,
    /// PDFs made (one per edition and language), among the files written.
    pub pdfs: usize,
}

/// Builds a project into its output folder. On any error the previous output is left as
/// it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Error> {
    let started = Instant::now();
    let out_dir = options.output_dir();
    output::check_destination(&options.root, &out_dir, options.force)?;
    // A swap that a killed build left half done is finished first: even if this build
    // fails, the output folder is there again.
    output::recover(&out_dir)?;
    let mut project = prepare(&options.root, options.base_url.as_deref())?;
    let pdfs = match project.site.config.pdf && !options.no_pdf {
        true => publish::Pdfs::All,
        false => publish::Pdfs::None,
    };
    let (counts, files, published, pdfs) = write::write_project_with(&mut project, &out_dir, pdfs)?;
    let mut warnings = project.warnings;
    warnings.extend(published);
    Ok(BuildReport {
        counts,
        warnings,
        elapsed: started.elapsed(),
        files,
        pdfs,
    })
}

/// Checks a project as `rapport check` does: everything a build validates, plus links,
/// anchors, footnotes, translations and metadata (see [`check`](mod@check)). Returns the
/// warnings, or every problem when there is an error.
pub fn check(root: &Path) -> Result<Diagnostics, Error> {
    let problems = check::project(root)?;
    if problems.has_errors() {
        return Err(Error::Content(problems));
    }
    Ok(problems)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A build written page by page has the bytes of the in-memory site that `serve` and
    /// `archive` use, with and without a base URL (sitemap).
    #[test]
    fn a_streamed_build_writes_the_in_memory_site() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        for base in [None, Some("https://example.org/reports/")] {
            let project = prepare(root, base).expect("the sample loads");
            let (site, _) = render_project(&project).expect("the sample renders");
            let dir = tempfile::tempdir().expect("a temporary folder");
            let out = dir.path().join("site");
            let (_, files, _) = write_project(&project, &out).expect("the sample is written");
            assert_eq!(files, site.len());
            let mut written = 0;
            for entry in walkdir::WalkDir::new(&out)
                .into_iter()
                .filter_map(Result::ok)
            {
                let rel = entry
                    .path()
                    .strip_prefix(&out)
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                if !entry.file_type().is_file() || rel == output::MARKER {
                    continue;
                }
                let bytes = std::fs::read(entry.path()).expect("readable");
                assert_eq!(site.get(&rel), Some(bytes.as_slice()), "{rel}");
                written += 1;
            }
            assert_eq!(written, site.len());
        }
    }
}
