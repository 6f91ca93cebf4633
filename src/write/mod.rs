//! Writing: the site on disk, swapped in atomically (`staging`), an edition packed as an
//! archive (`archive`), and a new edition's folder (`scaffold`).

pub mod archive;
pub mod scaffold;
pub mod staging;

use std::path::Path;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::publish;
use crate::render::project::Project;
use crate::render::{self, Counts, opendata};

/// Renders a prepared project straight into a staging folder beside `out_dir`, each page
/// written as soon as it is rendered, then swaps the folder in: the same bytes as
/// [`publish::render_project`] then [`staging::publish`], without holding the site in memory.
/// Returns what was built, how many files were written, and warnings about publishing
/// (a previous site that could not be removed once the new one was in place).
pub fn write_project(
    project: &Project,
    out_dir: &Path,
) -> Result<(Counts, usize, Diagnostics), Error> {
    let (site, theme) = (&project.site, &project.theme);
    let (mut rest, copied) = render::assets(site, theme)?;
    let stream = publish::Stream::new(site, &mut rest);
    let staging = staging::Staging::new(out_dir)?;
    // Paths already written: a chart shown on several pages is written once.
    let written = std::sync::Mutex::new(std::collections::HashSet::new());
    let counts = render::pages_streamed(site, theme, &|path, bytes| {
        let Some((path, bytes)) = stream.file(path, bytes) else {
            return Ok(());
        };
        if !written
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(path.clone())
        {
            return Ok(());
        }
        staging.write(&path, &bytes)
    })?;
    {
        let rendered = written.lock().unwrap_or_else(|e| e.into_inner());
        render::refuse_collisions(site, &copied, rendered.iter().map(String::as_str))?;
    }
    opendata::add(site, &theme.i18n, &mut rest)?;
    stream.finish(&mut rest);
    staging.write_all(&rest)?;
    let published = staging.commit()?;
    let mut written = written.into_inner().unwrap_or_else(|e| e.into_inner());
    written.extend(rest.iter().map(|(p, _)| p.to_string()));
    Ok((counts, written.len(), published))
}
