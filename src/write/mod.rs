//! Writing: the site on disk, swapped in atomically (`staging`), an edition packed as an
//! archive (`archive`), and a new edition's folder (`scaffold`).

pub mod archive;
pub mod scaffold;
pub mod staging;

use std::path::Path;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::publish;
use crate::render::Counts;
use crate::render::pdf_data::edition_pdfs_of;
use crate::render::project::Project;

/// Makes the editions' PDFs (of edition `only` when given), notes each one's size in the
/// site (the pages show it, so they are rendered afterwards) and the PDFs' warnings in the
/// project; returns them as files to publish beside the site. Shared by `build` and
/// `archive`, so both link and ship the same PDFs.
pub fn make_pdfs(
    project: &mut Project,
    only: Option<u16>,
) -> Result<Vec<(String, Vec<u8>)>, Error> {
    let (pdfs, not_made) = edition_pdfs_of(project, only).map_err(Error::Content)?;
    project.warnings.extend(not_made);
    let mut files = Vec::with_capacity(pdfs.len());
    for pdf in pdfs {
        project
            .warnings
            .extend(pdf.warnings.into_iter().collect::<Diagnostics>());
        let size = u64::try_from(pdf.bytes.len()).unwrap_or(u64::MAX);
        project.site.pdf_sizes.insert((pdf.year, pdf.lang), size);
        files.push((pdf.path, pdf.bytes));
    }
    Ok(files)
}

/// Publishes a prepared project straight into a staging folder beside `out_dir`, each page
/// written as soon as it is rendered, then swaps the folder in: the same bytes as
/// [`publish::render_project`] then [`staging::publish`], without holding the site in memory.
/// Returns what was built, how many files were written, and warnings about publishing
/// (a previous site that could not be removed once the new one was in place).
pub fn write_project(
    project: &Project,
    out_dir: &Path,
) -> Result<(Counts, usize, Diagnostics), Error> {
    write_project_with(project, out_dir, Vec::new())
}

/// [`write_project`], with files made beside the site (the editions' PDFs) written into
/// the same staging folder, so that they are swapped in with it or not at all.
pub fn write_project_with(
    project: &Project,
    out_dir: &Path,
    extra: Vec<(String, Vec<u8>)>,
) -> Result<(Counts, usize, Diagnostics), Error> {
    let publication = publish::site(project)?.with_files(extra);
    let staging = staging::Staging::new(out_dir)?;
    let published = publication.publish(
        &|path, bytes| staging.write(&path, &bytes),
        crate::render::Record::Nothing,
    )?;
    staging.write_all(&published.rest)?;
    let warnings = staging.commit()?;
    let mut written = published.rendered;
    written.extend(published.rest.iter().map(|(p, _)| p.to_string()));
    Ok((published.counts, written.len(), warnings))
}
