//! Writing: the site on disk, swapped in atomically (`staging`), an edition packed as an
//! archive (`archive`), and a new edition's folder (`scaffold`).

pub mod archive;
pub mod scaffold;
pub mod staging;

use std::path::Path;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::publish;
use crate::render::Counts;
use crate::render::project::Project;

/// Publishes a prepared project straight into a staging folder beside `out_dir`, each page
/// written as soon as it is rendered, then swaps the folder in: the same bytes as
/// [`publish::render_project`] then [`staging::publish`], without holding the site in memory.
/// Returns what was built, how many files were written, and warnings about publishing
/// (a previous site that could not be removed once the new one was in place).
pub fn write_project(
    project: &Project,
    out_dir: &Path,
) -> Result<(Counts, usize, Diagnostics), Error> {
    write_publication(publish::site(project)?, out_dir)
        .map(|(counts, files, warnings, _)| (counts, files, warnings))
}

/// [`write_project`], with the editions' PDFs that `pdfs` names made while the pages are
/// rendered and written into the same staging folder, so that they are swapped in with
/// the site or not at all. Also returns how many PDFs were made, and their warnings among
/// the others.
pub fn write_project_with(
    project: &mut Project,
    out_dir: &Path,
    pdfs: publish::Pdfs,
) -> Result<(Counts, usize, Diagnostics, usize), Error> {
    write_publication(publish::site_with(project, pdfs)?, out_dir)
}

fn write_publication(
    publication: publish::SitePublication<'_>,
    out_dir: &Path,
) -> Result<(Counts, usize, Diagnostics, usize), Error> {
    let staging = staging::Staging::new(out_dir)?;
    let published = publication.publish(
        &|path, bytes| staging.write(&path, &bytes),
        crate::render::Record::Nothing,
    )?;
    staging.write_all(&published.rest)?;
    let mut warnings = published.warnings;
    warnings.extend(staging.commit()?);
    let mut written = published.rendered;
    written.extend(published.rest.iter().map(|(p, _)| p.to_string()));
    Ok((published.counts, written.len(), warnings, published.pdfs))
}
