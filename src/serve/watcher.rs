//! Watching the project and rebuilding it: `rapport.toml`, `content/`, `themes/`,
//! `templates/` and `i18n/` of the root, through `notify` (native events, or polling with
//! `--poll`). Each batch of changed paths goes to the [`Rebuilder`], which renders again
//! only what they affect.
//!
//! One editor save is one rebuild: changes are gathered until the project has been quiet
//! for [`QUIET`], then built once. The debounce is ours, a few lines over the raw events,
//! because the debouncer crates time each path separately (a save that writes a temporary
//! file and renames it over the page would come as two batches, so two rebuilds) and
//! notify-debouncer-mini drops the event kinds, so it cannot tell the reads of our own
//! rebuild (inotify reports opens) from edits. Anything outside these names, the output
//! folder first, is ignored.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::site::{Files, Live};
use super::stale::Marker;
use crate::core::diagnostics::Error;
use crate::load::{CONFIG_FILE, CONTENT_DIR};
use crate::render::theme::{TEMPLATES_DIR, THEMES_DIR};
use crate::serve::rebuild::{Rebuilder, Rebuilt};

/// How long the project must stay unchanged before a rebuild starts. One save's events
/// come close together: measured with inotify on ext4 and tmpfs, 15 saves each, the
/// largest gap between two events of one save was 0.05 ms for a write, 0.3 ms for a
/// temporary file renamed over the page, 0.7 ms for 1 MB written in 8 kB chunks and
/// 2.8 ms for vim writing 1 MB with a backup and fsync. 25 ms is nine times the largest
/// (it was 50 ms when a rebuild took seconds anyway).
pub(super) const QUIET: Duration = Duration::from_millis(25);
/// A rebuild starts after this long even while changes keep coming.
const LONGEST_WAIT: Duration = Duration::from_millis(500);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The project's own UI strings, which the theme reads over its own.
const I18N_DIR: &str = "i18n";
/// The folders of the root that a build reads.
const FOLDERS: [&str; 4] = [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR, I18N_DIR];

/// Starts watching `root` and rebuilding it into `live` on a thread of its own.
/// `warnings` are those of the build being served, so only new ones are printed.
pub(super) fn spawn(
    root: PathBuf,
    live: Arc<Live>,
    poll: bool,
    rebuilder: Rebuilder,
    warnings: Vec<String>,
    marker: Marker,
) -> notify::Result<()> {
    let watched = std::fs::canonicalize(&root)?;
    let (sender, changes) = channel::<Vec<PathBuf>>();
    // Named as changed when events were lost: a change of the configuration rebuilds all.
    let everything = vec![watched.join(CONFIG_FILE)];
    let handler = move |event: notify::Result<notify::Event>| match event {
        Ok(event) if event.need_rescan() => {
            // The system's queue overflowed: whatever changed, a full rebuild sees it.
            let _ = sender.send(everything.clone());
        }
        Ok(event) if !is_read(&event.kind) && !is_folder_time(&event) => {
            // The receiver only goes away when the process ends.
            let _ = sender.send(event.paths);
        }
        Ok(_) => {}
        Err(e) => eprintln!("rapport: warning: watching for changes: {e}"),
    };
    let mut watcher: Box<dyn Watcher + Send> = if poll {
        // The poller compares modification times in whole seconds: without comparing
        // contents too, a second save within the same second would go unseen.
        let config = notify::Config::default()
            .with_poll_interval(POLL_INTERVAL)
            .with_compare_contents(true);
        Box::new(PollWatcher::new(handler, config)?)
    } else {
        Box::new(RecommendedWatcher::new(handler, notify::Config::default())?)
    };
    // The root itself, not recursively: rapport.toml (editors often replace it by a rename)
    // and the creation of a watched folder.
    watcher.watch(&watched, RecursiveMode::NonRecursive)?;
    watch_folders(watcher.as_mut(), &watched);
    std::thread::Builder::new()
        .name("rapport-rebuild".into())
        .spawn(move || {
            let mut state = Rebuilding {
                root,
                rebuilder,
                warnings,
                marker,
            };
            while let Some(paths) = next_change(&changes, &watched) {
                if paths
                    .iter()
                    .any(|p| FOLDERS.iter().any(|f| *p == watched.join(f)))
                {
                    // A folder was created or replaced (a checkout, a rename): watch it anew.
                    watch_folders(watcher.as_mut(), &watched);
                }
                state.rebuild(&live, &paths);
            }
        })
        .map_err(|e| notify::Error::generic(&e.to_string()))?;
    Ok(())
}

/// Reads, including our own, are not changes.
fn is_read(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(MetadataKind::AccessTime))
    )
}

/// A folder's modification time changes when an entry is added to it, removed or renamed.
/// The poller reports that, but also the entry itself: the folder's change says nothing
/// more, and would have the whole folder read again.
fn is_folder_time(event: &notify::Event) -> bool {
    matches!(
        event.kind,
        EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime))
    ) && event.paths.iter().all(|p| p.is_dir())
}

fn watch_folders(watcher: &mut dyn Watcher, root: &Path) {
    for folder in FOLDERS {
        let path = root.join(folder);
        if path.is_dir()
            && let Err(e) = watcher.watch(&path, RecursiveMode::Recursive)
        {
            eprintln!("rapport: warning: cannot watch {folder}/ for changes: {e}");
        }
    }
}

/// Waits for a change that a build reads, then for the project to be quiet; returns the
/// changed paths, or `None` when the watcher has stopped.
fn next_change(changes: &Receiver<Vec<PathBuf>>, root: &Path) -> Option<Vec<PathBuf>> {
    let mut relevant = Vec::new();
    while relevant.is_empty() {
        relevant.extend(
            changes
                .recv()
                .ok()?
                .into_iter()
                .filter(|p| is_relevant(p, root)),
        );
    }
    let first = Instant::now();
    let mut last = first;
    loop {
        let deadline = (last + QUIET).min(first + LONGEST_WAIT);
        let Some(wait) = deadline
            .checked_duration_since(Instant::now())
            .filter(|w| !w.is_zero())
        else {
            break;
        };
        match changes.recv_timeout(wait) {
            Ok(paths) => {
                let before = relevant.len();
                relevant.extend(paths.into_iter().filter(|p| is_relevant(p, root)));
                if relevant.len() > before {
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => break,
            Err(RecvTimeoutError::Disconnected) => return None,
        }
    }
    Some(relevant)
}

/// Whether a build reads `path`: `rapport.toml` or anything in the watched folders, less
/// editors' scratch files (hidden files, `~` backups, vim's swap and `4913` probe).
fn is_relevant(path: &Path, root: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else {
        return false;
    };
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let scratch = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913";
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    !scratch
        && (relative == Path::new(CONFIG_FILE)
            || first.is_some_and(|f| FOLDERS.contains(&f.as_str())))
}

/// What the rebuild thread keeps between changes.
struct Rebuilding {
    root: PathBuf,
    rebuilder: Rebuilder,
    /// Notes on stale translations, and the pages they go on.
    marker: Marker,
    /// The warnings printed last, so that only a different list is printed again.
    warnings: Vec<String>,
}

impl Rebuilding {
    fn rebuild(&mut self, live: &Live, paths: &[PathBuf]) {
        let started = Instant::now();
        // A bug that panics in one build must not end the rebuilds: the panic is printed,
        // the last good site stays served, and the next save tries again (from scratch:
        // the rebuilder knows it was interrupted).
        let rebuilder = &mut self.rebuilder;
        let result =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| rebuilder.rebuild(paths)))
                .unwrap_or_else(|_| {
                    Err(Error::Internal(
                        "internal error while building (see above); please report it".into(),
                    ))
                });
        match result {
            Ok(rebuilt) => {
                let (site, marker) = (&self.rebuilder.project().site, &mut self.marker);
                let (changed, what) = match rebuilt {
                    Rebuilt::Everything(mut output) => {
                        marker.everything(&mut output, site);
                        (
                            live.publish(Files::from_output(output)),
                            "everything".to_string(),
                        )
                    }
                    Rebuilt::Patch {
                        pages,
                        mut written,
                        removed,
                    } => {
                        marker.patch(&mut written, site, paths);
                        (live.patch(written, &removed), pages_rendered(pages))
                    }
                };
                self.print_warnings();
                let ms = started.elapsed().as_secs_f64() * 1000.0;
                println!("rebuilt in {ms:.1} ms ({what}): {}", changes(&changed));
            }
            Err(error) => {
                let problems = super::problems(&error, &self.root);
                problems.iter().for_each(|(_, line)| eprintln!("{line}"));
                let errors: Vec<String> = problems
                    .into_iter()
                    .filter(|(is_error, _)| *is_error)
                    .map(|(_, line)| line)
                    .collect();
                eprintln!(
                    "rapport: {} error(s); still serving the last good site (fix the file and save to rebuild)",
                    errors.len()
                );
                live.fail(errors);
            }
        }
    }

    /// Prints the warnings when they are not those printed last.
    fn print_warnings(&mut self) {
        let warnings = super::warning_lines(&self.rebuilder, &self.root);
        if warnings != self.warnings {
            warnings.iter().for_each(|w| eprintln!("{w}"));
            self.warnings = warnings;
        }
    }
}

fn pages_rendered(pages: usize) -> String {
    match pages {
        1 => "1 page rendered".to_string(),
        n => format!("{n} pages rendered"),
    }
}

/// What changed for readers, in a few words.
fn changes(changed: &[String]) -> String {
    match changed {
        [] => "no page changed".to_string(),
        [one] => format!("{one} changed"),
        many => format!("{} files changed", many.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::Sender;

    #[test]
    fn only_what_a_build_reads_is_relevant() {
        let root = Path::new("/p");
        for path in [
            "/p/rapport.toml",
            "/p/content/2022/fr/a.md",
            "/p/themes/default/static/style.css",
            "/p/templates/page.html",
            "/p/i18n/fr.toml",
        ] {
            assert!(is_relevant(Path::new(path), root), "{path}");
        }
        for path in [
            "/p/output/index.html",
            "/p/.output.rapport-new-1/index.html",
            "/p/target/debug/rapport",
            "/p/README.md",
            "/p",
            "/elsewhere/content/a.md",
            "/p/content/2022/fr/.a.md.swp",
            "/p/content/2022/fr/a.md~",
            "/p/content/2022/fr/4913",
        ] {
            assert!(!is_relevant(Path::new(path), root), "{path}");
        }
    }

    #[test]
    fn our_own_reads_are_not_changes() {
        use notify::event::{AccessKind, AccessMode, CreateKind, DataChange};
        assert!(is_read(&EventKind::Access(AccessKind::Open(
            AccessMode::Any
        ))));
        assert!(is_read(&EventKind::Access(AccessKind::Close(
            AccessMode::Read
        ))));
        assert!(!is_read(&EventKind::Modify(ModifyKind::Data(
            DataChange::Any
        ))));
        assert!(!is_read(&EventKind::Create(CreateKind::File)));
    }

    #[test]
    fn a_folders_new_time_is_not_a_change_but_its_files_are() {
        use notify::event::DataChange;
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("a.md");
        std::fs::write(&file, "x").unwrap();
        let event = |kind, path: &Path| notify::Event::new(kind).add_path(path.to_path_buf());
        let time = EventKind::Modify(ModifyKind::Metadata(MetadataKind::WriteTime));
        assert!(is_folder_time(&event(time, dir.path())));
        assert!(!is_folder_time(&event(time, &file)));
        let data = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        assert!(!is_folder_time(&event(data, dir.path())));
    }

    fn send_after(sender: &Sender<Vec<PathBuf>>, delay_ms: u64, path: &str) {
        std::thread::sleep(Duration::from_millis(delay_ms));
        sender.send(vec![PathBuf::from(path)]).unwrap();
    }

    #[test]
    fn a_burst_of_changes_is_one_rebuild() {
        let (sender, changes) = channel();
        let writer = std::thread::spawn(move || {
            // An editor's save: a temporary file, a rename, a touch of the folder, then
            // output/ being written, which is not waited for.
            send_after(&sender, 0, "/p/content/a.md.tmp");
            send_after(&sender, 5, "/p/content/a.md");
            send_after(&sender, 5, "/p/content");
            send_after(&sender, 5, "/p/output/x.html");
            sender
        });
        let batch = next_change(&changes, Path::new("/p")).unwrap();
        assert_eq!(batch.len(), 3, "{batch:?}");
        drop(writer.join().unwrap());
        assert!(next_change(&changes, Path::new("/p")).is_none());
    }
}
