//! The publication of the output map on disk. The only stage that writes the site.
//!
//! A build is written to a temporary folder beside the output folder, then swapped in
//! with one atomic rename: readers and hosts see the old site or the new one, never a mix.
//! rapport only ever replaces a folder it created itself (it leaves a marker file).

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::links::normalize;
use crate::core::output::Output;

/// The marker file that says a folder was written by rapport.
pub const MARKER: &str = ".rapport-output";

/// Checks that `output` may be written for a project at `root`: never the project itself,
/// a folder holding it, its content, themes or templates, a home folder or a folder
/// holding hidden files such as `.git` (whatever `force` says), nor a non-empty folder
/// rapport did not create (unless `force`). Each rule is applied to the real path, with
/// symbolic links followed, so that a link cannot lead the site into the sources.
pub fn check_destination(root: &Path, output: &Path, force: bool) -> Result<(), Error> {
    refuse_dangling_link(output)?;
    let root = real_path(root);
    let out = real_path(output);
    let refuse = |why: String| {
        Err(Error::Usage(format!(
            "refusing to write the site into {}: {why}",
            output.display()
        )))
    };
    if out == root || root.starts_with(&out) {
        return refuse("it would replace the project itself; choose an output folder inside the project, such as output/".into());
    }
    for protected in [
        crate::load::CONTENT_DIR,
        crate::render::theme::THEMES_DIR,
        crate::render::theme::TEMPLATES_DIR,
    ] {
        if out.starts_with(root.join(protected)) {
            return refuse(format!(
                "it is inside {protected}/{}; choose a folder outside it, such as output/",
                shown_real_path(output, &out)
            ));
        }
    }
    if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
        let home = real_path(Path::new(&home));
        if out == home || home.starts_with(&out) {
            return refuse(format!(
                "it is the home folder {} or holds it; choose a folder such as output/ in the project (--force does not apply)",
                home.display()
            ));
        }
    }
    if out.is_file() {
        return Err(Error::Usage(format!(
            "{} is a file: expected a folder for the site",
            output.display()
        )));
    }
    let hidden = hidden_entries(&out);
    if !hidden.is_empty() {
        return refuse(format!(
            "it holds {}, which a build would delete; choose another --output (--force does not apply to a folder holding hidden files)",
            hidden.join(", ")
        ));
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

/// An output that is a link to nothing would be replaced by a folder, or written where
/// the link points once it exists: neither is what was asked.
fn refuse_dangling_link(output: &Path) -> Result<(), Error> {
    let is_link = std::fs::symlink_metadata(output).is_ok_and(|m| m.file_type().is_symlink());
    if is_link && !output.exists() {
        let target = std::fs::read_link(output).unwrap_or_default();
        return Err(Error::Usage(format!(
            "{} is a symbolic link to {}, which does not exist: expected a folder for the site; remove the link or make it point to a folder",
            output.display(),
            target.display()
        )));
    }
    Ok(())
}

/// ` (really <path>)` when links lead `given` somewhere else than it says.
fn shown_real_path(given: &Path, real: &Path) -> String {
    let plain = normalize(&std::env::current_dir().unwrap_or_default().join(given));
    if plain == real {
        String::new()
    } else {
        format!(" (really {})", real.display())
    }
}

/// Hidden entries directly in `dir` (`.git`, `.ssh`, `.env`…) other than rapport's marker.
/// rapport never publishes a hidden file at the top of a site, so these are someone
/// else's, and replacing the folder would delete them. macOS's Finder leaves `.DS_Store`
/// in any folder it shows: that one is nobody's work.
fn hidden_entries(dir: &Path) -> Vec<String> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut names: Vec<String> = entries
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.') && n != MARKER && n != ".DS_Store")
        .collect();
    names.sort();
    names
}

/// The absolute path with every link followed: the longest existing ancestor resolved by
/// the system, the rest (not yet created) appended with `.` and `..` applied.
fn real_path(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    for ancestor in joined.ancestors() {
        if let Ok(real) = std::fs::canonicalize(ancestor) {
            let rest = joined.strip_prefix(ancestor).unwrap_or(Path::new(""));
            return normalize(&real.join(rest));
        }
    }
    normalize(&joined)
}

/// Writes the site to `dir` atomically, replacing what was there. Returns warnings: a
/// previous site that could not be removed once the new one was in place.
pub fn publish(site: &Output, dir: &Path) -> Result<Diagnostics, Error> {
    let staging = Staging::new(dir)?;
    staging.write_all(site)?;
    staging.commit()
}

/// The folder that holds `dir`, and `dir`'s name: staging folders and the lock go there.
fn parent_and_name(dir: &Path) -> (PathBuf, String) {
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let name = dir
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".into());
    (parent, name)
}

/// An advisory lock on one output folder, held by the one build that may stage, clean up
/// beside it and swap it; a second build waits for it. The lock file,
/// `.NAME.rapport-lock` beside the folder, is removed on release.
pub(crate) struct OutputLock {
    path: PathBuf,
    // Closing the file releases the lock, after `drop` has removed its name.
    _file: std::fs::File,
}

impl OutputLock {
    /// Takes the lock of the output folder `dir`, creating the folder that holds it;
    /// calls `on_wait` once if another build holds it, then waits for that build.
    pub(crate) fn acquire(dir: &Path, on_wait: impl FnOnce()) -> Result<OutputLock, Error> {
        let (parent, name) = parent_and_name(dir);
        std::fs::create_dir_all(&parent).map_err(|e| Error::io(&parent, e))?;
        let path = parent.join(format!(".{name}.rapport-lock"));
        let mut on_wait = Some(on_wait);
        loop {
            let file = std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&path)
                .map_err(|e| Error::io(&path, e))?;
            match file.try_lock() {
                Ok(()) => {}
                Err(std::fs::TryLockError::WouldBlock) => {
                    if let Some(on_wait) = on_wait.take() {
                        on_wait();
                    }
                    file.lock().map_err(|e| Error::io(&path, e))?;
                }
                Err(std::fs::TryLockError::Error(e)) => return Err(Error::io(&path, e)),
            }
            // The build before us removes the file as it lets go: a lock on a file that
            // no longer has this name guards nothing, so take the lock of the current one.
            if is_same_file(&file, &path) {
                return Ok(OutputLock { path, _file: file });
            }
        }
    }
}

impl Drop for OutputLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn is_same_file(file: &std::fs::File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Prints that this build waits for another one of the same output folder.
fn say_waiting(dir: &Path) -> impl FnOnce() {
    let shown = dir.display().to_string();
    move || eprintln!("rapport: waiting for another build of {shown}/ to finish…")
}

/// Finishes a swap that a killed build left half done (a kill between the two renames
/// of the fallback swap leaves the previous site and the new one beside no output
/// folder), under the output folder's lock, so that the output folder is back before
/// anything else is checked or fails.
pub fn recover(dir: &Path) -> Result<(), Error> {
    let (parent, name) = parent_and_name(dir);
    // The usual case costs no lock, and creates nothing for a build that will fail.
    if std::fs::symlink_metadata(dir).is_ok() || !has_previous_site_beside(&parent, &name) {
        return Ok(());
    }
    let _lock = OutputLock::acquire(dir, say_waiting(dir))?;
    finish_interrupted_swap(&parent, &name, dir)
}

fn has_previous_site_beside(parent: &Path, name: &str) -> bool {
    let prefix = format!(".{name}.rapport-old-");
    std::fs::read_dir(parent).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
    })
}

/// A folder being written beside the output folder, for a build that writes files as they
/// are rendered rather than holding the whole site in memory. [`Staging::commit`] swaps it
/// in whole; dropped before that, it is removed and the previous site is left as it was.
/// It holds the output folder's lock from creation to the end, so no other build removes
/// it as a leftover or swaps its own site in meanwhile.
pub(crate) struct Staging {
    dir: PathBuf,
    parent: PathBuf,
    name: String,
    path: PathBuf,
    committed: bool,
    warnings: Diagnostics,
    // Released after `drop` has removed an uncommitted staging folder.
    _lock: OutputLock,
}

impl Staging {
    /// Creates the staging folder for the output folder `dir`, with its marker; waits
    /// for another build of the same folder to finish first.
    pub(crate) fn new(dir: &Path) -> Result<Staging, Error> {
        let lock = OutputLock::acquire(dir, say_waiting(dir))?;
        let (parent, name) = parent_and_name(dir);
        finish_interrupted_swap(&parent, &name, dir)?;
        let warnings = remove_leftovers(&parent, &name);
        let path = parent.join(format!(".{name}.rapport-new-{}", std::process::id()));
        let staging = Staging {
            dir: dir.to_path_buf(),
            parent,
            name,
            path,
            committed: false,
            warnings,
            _lock: lock,
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
    pub(crate) fn write(&self, path: &str, bytes: &[u8]) -> Result<(), Error> {
        let target = self.target(path)?;
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
        }
        std::fs::write(&target, bytes).map_err(|e| Error::io(&target, e))
    }

    /// Where a file of the site goes in the staging folder; never outside it.
    fn target(&self, path: &str) -> Result<PathBuf, Error> {
        if !crate::core::routes::is_plain(path) {
            return Err(Error::Usage(format!(
                "refusing to write `{}`: not a plain relative path inside the output folder",
                path.escape_default()
            )));
        }
        Ok(self.path.join(path))
    }

    /// Writes every file of a map, in parallel.
    pub(crate) fn write_all(&self, site: &Output) -> Result<(), Error> {
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
    /// new one, never a mix. An error means the previous site is still in place; once the
    /// new site is in place, what goes wrong after (removing the previous one) comes back
    /// as a warning, with the leftover's path.
    pub(crate) fn commit(mut self) -> Result<Diagnostics, Error> {
        let leftover = match swap_in(&self.path, &self.dir, &self.parent, &self.name) {
            Ok(leftover) => leftover,
            Err(e) => {
                // A swap that failed half way leaves no output folder: the new site is
                // kept for the next build to put in place.
                self.committed = std::fs::symlink_metadata(&self.dir).is_err();
                return Err(e);
            }
        };
        self.committed = true;
        let mut warnings = std::mem::take(&mut self.warnings);
        if let Some((path, e)) = leftover {
            warnings.push(
                Diagnostic::warning(
                    &path,
                    format!(
                        "the new site is published in {}, but the previous site could not be removed: {e}",
                        self.dir.display()
                    ),
                )
                .with_hint("delete this folder; the next build tries again"),
            );
        }
        Ok(warnings)
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_marked(&self.path);
        }
    }
}

fn staging_prefixes(name: &str) -> [String; 2] {
    [
        format!(".{name}.rapport-new-"),
        format!(".{name}.rapport-old-"),
    ]
}

/// Removes the staging folders that interrupted builds left beside the output. Called
/// under the output folder's lock, so every such folder belongs to a build that is gone.
/// A folder that cannot be removed is reported, and the build goes on.
fn remove_leftovers(parent: &Path, name: &str) -> Diagnostics {
    let mut warnings = Diagnostics::new();
    let prefixes = staging_prefixes(name);
    let Ok(entries) = std::fs::read_dir(parent) else {
        return warnings;
    };
    for entry in entries.filter_map(Result::ok) {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        if !prefixes.iter().any(|p| file_name.starts_with(p.as_str())) {
            continue;
        }
        if !entry.path().join(MARKER).is_file() {
            // A build killed between creating its folder and writing the marker left it
            // empty; anything with files but no marker is not known to be ours.
            let _ = std::fs::remove_dir(entry.path());
            continue;
        }
        if let Err(e) = remove_marked(&entry.path()) {
            warnings.push(
                Diagnostic::warning(
                    entry.path(),
                    format!("an earlier build left this folder, and it could not be removed: {e}"),
                )
                .with_hint("delete it by hand"),
            );
        }
    }
    warnings
}

/// Puts back the output folder that a build killed between the two renames of the
/// fallback swap left missing: `.NAME.rapport-old-PID` (the previous site) and
/// `.NAME.rapport-new-PID` (the new one, complete: the swap starts only once every file
/// is written) beside no `NAME`. The swap is finished, as the killed build meant to.
fn finish_interrupted_swap(parent: &Path, name: &str, dir: &Path) -> Result<(), Error> {
    if std::fs::symlink_metadata(dir).is_ok() {
        return Ok(());
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return Ok(());
    };
    let old_prefix = format!(".{name}.rapport-old-");
    let mut halves: Vec<(PathBuf, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let file_name = e.file_name().to_string_lossy().into_owned();
            let pid = file_name.strip_prefix(&old_prefix)?;
            let new = parent.join(format!(".{name}.rapport-new-{pid}"));
            (e.path().join(MARKER).is_file() && new.join(MARKER).is_file()).then(|| (new, e.path()))
        })
        .collect();
    halves.sort();
    let Some((new, old)) = halves.pop() else {
        return Ok(());
    };
    std::fs::rename(&new, dir).map_err(|e| Error::io(dir, e))?;
    // What cannot be removed now is reported by the next build's clean-up.
    let _ = remove_marked(&old);
    Ok(())
}

/// Whether a test asked for a fault at a step of the swap, through the environment
/// variable `RAPPORT_TEST_FAULT` (names separated by commas). Debug builds, or the
/// `fault-injection` feature, only: a release binary never reads it. Faults: `no-exchange` (a file system without an atomic
/// exchange), `abort-between-renames` (killed between the two fallback renames),
/// `fail-removal` (the previous site cannot be removed, as even root sees on an
/// immutable or read-only file system).
fn fault(name: &str) -> bool {
    cfg!(any(debug_assertions, feature = "fault-injection"))
        && std::env::var("RAPPORT_TEST_FAULT").is_ok_and(|v| v.split(',').any(|f| f == name))
}

fn exchange(staging: &Path, dir: &Path) -> std::io::Result<()> {
    if fault("no-exchange") {
        return Err(rustix::io::Errno::INVAL.into());
    }
    rustix::fs::renameat_with(
        rustix::fs::CWD,
        staging,
        rustix::fs::CWD,
        dir,
        rustix::fs::RenameFlags::EXCHANGE,
    )
    .map_err(std::io::Error::from)
}

fn remove_previous_site(path: &Path) -> std::io::Result<()> {
    if fault("fail-removal") {
        return Err(rustix::io::Errno::ACCESS.into());
    }
    remove_marked(path)
}

/// Removes a folder rapport wrote, its marker last: a removal cut short (a kill, a
/// file that will not go) leaves a folder still known as rapport's, which the next build
/// removes.
fn remove_marked(path: &Path) -> std::io::Result<()> {
    for entry in std::fs::read_dir(path)? {
        let entry = entry?;
        if entry.file_name() == MARKER {
            continue;
        }
        if entry.file_type()?.is_dir() {
            std::fs::remove_dir_all(entry.path())?;
        } else {
            std::fs::remove_file(entry.path())?;
        }
    }
    std::fs::remove_dir_all(path)
}

/// Puts `staging` in place of `dir`. An error leaves the previous site in place. Once the
/// new site is in place the swap has succeeded, whatever follows: a previous site that
/// cannot be removed is returned with its path, not as an error.
fn swap_in(
    staging: &Path,
    dir: &Path,
    parent: &Path,
    name: &str,
) -> Result<Option<(PathBuf, std::io::Error)>, Error> {
    if std::fs::symlink_metadata(dir).is_err() {
        std::fs::rename(staging, dir).map_err(|e| Error::io(dir, e))?;
        return Ok(None);
    }
    // The previous site ends under this name, whichever way the swap goes.
    let previous = match exchange(staging, dir) {
        Ok(()) => staging.to_path_buf(),
        Err(_) => {
            // No atomic exchange on this file system: two renames. A kill between them
            // leaves no `dir`; the next build finishes the swap (finish_interrupted_swap).
            let old = parent.join(format!(".{name}.rapport-old-{}", std::process::id()));
            std::fs::rename(dir, &old).map_err(|e| Error::io(dir, e))?;
            if fault("abort-between-renames") {
                std::process::abort();
            }
            if let Err(e) = std::fs::rename(staging, dir) {
                return Err(match std::fs::rename(&old, dir) {
                    Ok(()) => Error::io(dir, e),
                    Err(undo) => Error::Io {
                        path: old.clone(),
                        source: std::io::Error::other(format!(
                            "the new site could not be put in place ({e}), nor the previous one put back ({undo}): the previous site is in this folder; the next build puts a site back"
                        )),
                    },
                });
            }
            old
        }
    };
    Ok(remove_previous_site(&previous).err().map(|e| (previous, e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A second holder waits, is told so once, gets the lock when the first lets go, and
    /// no lock file stays behind.
    #[test]
    fn the_output_lock_makes_a_second_build_wait() {
        let parent = tempfile::tempdir().expect("a temporary folder");
        let dir = parent.path().join("site");
        let first = OutputLock::acquire(&dir, || panic!("nobody holds it yet")).expect("lock");
        let (waiting, told) = std::sync::mpsc::channel();
        let second = std::thread::spawn({
            let dir = dir.clone();
            move || {
                let lock = OutputLock::acquire(&dir, move || waiting.send(()).expect("send"));
                lock.is_ok()
            }
        });
        told.recv().expect("the second holder waits");
        drop(first);
        assert!(second.join().expect("no panic"));
        let names: Vec<_> = std::fs::read_dir(parent.path())
            .expect("readable")
            .map(|e| e.expect("entry").file_name())
            .collect();
        assert!(names.is_empty(), "{names:?}");
    }

    #[test]
    fn the_real_path_follows_links_of_existing_ancestors() {
        let root = tempfile::tempdir().expect("a temporary folder");
        let real = std::fs::canonicalize(root.path()).expect("canonical");
        std::fs::create_dir(real.join("content")).expect("mkdir");
        std::os::unix::fs::symlink(real.join("content"), real.join("link")).expect("link");
        assert_eq!(
            real_path(&real.join("link/not/yet/../site")),
            real.join("content/not/site")
        );
    }
}
