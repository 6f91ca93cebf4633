//! The output map and its publication on disk. The only stage that writes files.
//!
//! A build is written to a temporary folder beside the output folder, then swapped in
//! with one atomic rename: readers and hosts see the old site or the new one, never a mix.
//! rapport only ever replaces a folder it created itself (it leaves a marker file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostics::Error;

/// The marker file that says a folder was written by rapport.
pub const MARKER: &str = ".rapport-output";

/// Every file of a built site: relative path (with `/`) → bytes, in sorted order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Output {
    files: BTreeMap<String, Vec<u8>>,
}

impl Output {
    /// An empty site.
    pub fn new() -> Output {
        Output::default()
    }

    /// Adds or replaces a file.
    pub fn insert(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    /// A file's bytes.
    pub fn get(&self, path: &str) -> Option<&[u8]> {
        self.files.get(path).map(Vec::as_slice)
    }

    /// The files in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().map(|(p, b)| (p.as_str(), b.as_slice()))
    }

    /// How many files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there are no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Removes a file and returns it.
    pub fn remove(&mut self, path: &str) -> Option<Vec<u8>> {
        self.files.remove(path)
    }
}

/// Checks that `output` may be written for a project at `root`: never the project itself,
/// a folder holding it, its content or themes, nor a non-empty folder rapport did not
/// create (unless `force`).
pub fn check_destination(root: &Path, output: &Path, force: bool) -> Result<(), Error> {
    let root = absolute(root);
    let out = absolute(output);
    if out == root || root.starts_with(&out) {
        return Err(Error::Usage(format!(
            "refusing to write the site into {}: it would replace the project itself; choose an output folder inside the project, such as output/",
            output.display()
        )));
    }
    for protected in [
        crate::load::CONTENT_DIR,
        crate::theme::THEMES_DIR,
        crate::theme::TEMPLATES_DIR,
    ] {
        if out.starts_with(root.join(protected)) {
            return Err(Error::Usage(format!(
                "refusing to write the site into {}: it is inside {protected}/; choose a folder outside it, such as output/",
                output.display()
            )));
        }
    }
    if out.is_file() {
        return Err(Error::Usage(format!(
            "{} is a file: expected a folder for the site",
            output.display()
        )));
    }
    let non_empty = std::fs::read_dir(&out)
        .map(|mut d| d.next().is_some())
        .unwrap_or(false);
    if non_empty && !out.join(MARKER).is_file() && !force {
        return Err(Error::Usage(format!(
            "refusing to replace {}: it is not empty and was not written by rapport; empty it, choose another --output, or pass --force",
            output.display()
        )));
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    std::fs::canonicalize(&joined).unwrap_or_else(|_| crate::render::normalize(&joined))
}

/// Writes the site to `dir` atomically, replacing what was there.
pub fn publish(site: &Output, dir: &Path) -> Result<(), Error> {
    let staging = Staging::new(dir)?;
    staging.write_all(site)?;
    staging.commit()
}

/// A folder being written beside the output folder, for a build that writes files as they
/// are rendered rather than holding the whole site in memory. [`Staging::commit`] swaps it
/// in whole; dropped before that, it is removed and the previous site is left as it was.
pub struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    path: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder for the output folder `dir`, with its marker.
    pub fn new(dir: &Path) -> Result<Staging, Error> {
        let parent = dir
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."))
            .to_path_buf();
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let name = dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "output".into());
        remove_leftovers(&parent, &name);
        let path = parent.join(format!(".{name}.rapport-new-{}", std::process::id()));
        let staging = Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            path,
            committed: false,
        };
        std::fs::create_dir_all(&staging.path).map_err(|e| Error::io(&staging.path, e))?;
        // The marker goes first, so an interrupted staging folder is recognized as ours.
        let marker = staging.path.join(MARKER);
        std::fs::write(
            &marker,
            b"written by rapport; safe to delete with this folder\n",
        )
        .map_err(|e| Error::io(&marker, e))?;
        Ok(staging)
    }

    /// Writes one file (relative path with `/`), creating its folders; safe to call from
    /// several threads at once.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.target(path)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
    }

    /// Where a file of the site goes in the staging folder; never outside it.
    fn target(&self, path: &str) -> Result<PathBuf, Error> {
        if !crate::paths::is_plain(path) {
            return Err(Error::Usage(format!(
                "refusing to write `{}`: not a plain relative path inside the output folder",
                path.escape_default()
            )));
        }
        Ok(self.path.join(path))
    }

    /// Writes every file of a map, in parallel.
    pub fn write_all(&self, site: &Output) -> Result<(), Error> {
        for (path, _) in site.iter() {
            self.target(path)?;
        }
        let mut dirs: Vec<PathBuf> = site
            .iter()
            .filter_map(|(p, _)| Path::new(p).parent().map(|d| self.path.join(d)))
            .collect();
        dirs.dedup();
        for d in &dirs {
            std::fs::create_dir_all(d).map_err(|e| Error::io(d, e))?;
        }
        let files: Vec<(&str, &[u8])> = site.iter().collect();
        files.par_iter().try_for_each(|(path, bytes)| {
            let target = self.target(path)?;
            std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
        })
    }

    /// Swaps the staging folder in for the output folder: readers see the old site or the
    /// new one, never a mix.
    pub fn commit(mut self) -> Result<(), Error> {
        swap_in(&self.path, &self.dir, &self.parent, &self.name)?;
        self.committed = true;
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.path);
        }
    }
}

/// Removes staging folders that an interrupted build left beside the output.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefixes = [
        format!(".{name}.rapport-new-"),
        format!(".{name}.rapport-old-"),
    ];
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if prefixes.iter().any(|p| file_name.starts_with(p.as_str()))
            && entry.path().join(MARKER).is_file()
        {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

fn swap_in(staging: &Path, dir: &Path, parent: &Path, name: &str) -> Result<(), Error> {
    if !dir.exists() {
        return std::fs::rename(staging, dir).map_err(|e| Error::io(dir, e));
    }
    let exchanged = rustix::fs::renameat_with(
        rustix::fs::CWD,
        staging,
        rustix::fs::CWD,
        dir,
        rustix::fs::RenameFlags::EXCHANGE,
    );
    match exchanged {
        // The staging path now holds the previous site.
        Ok(()) => std::fs::remove_dir_all(staging).map_err(|e| Error::io(staging, e)),
        Err(_) => {
            // No atomic exchange on this file system: two renames, old site kept until the
            // new one is in place.
            let old = parent.join(format!(".{name}.rapport-old-{}", std::process::id()));
            std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
            if let Err(e) = std::fs::rename(staging, dir) {
                let _ = std::fs::rename(&old, dir);
                return Err(Error::io(dir, e));
            }
            std::fs::remove_dir_all(&old).map_err(|e| Error::io(&old, e))
        }
    }
}
