//! Watching the project and rebuilding it: `rapport.toml`, `content/`, `themes/` and
//! `templates/` of the root, through `notify` (native events, or polling with `--poll`).
//!
//! One editor save is one rebuild: changes are gathered until the project has been quiet
//! for [`QUIET`], then built once. The debounce is ours, a few lines over the raw events,
//! because the debouncer crates time each path separately (a save that writes a temporary
//! file and renames it over the page would come as two batches, so two rebuilds) and
//! notify-debouncer-mini drops the event kinds, so it cannot tell the reads of our own
//! rebuild (inotify reports opens) from edits. Anything outside the four names, the output
//! folder first, is ignored.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use notify::event::{MetadataKind, ModifyKind};
use notify::{EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher};

use super::site::Live;
use crate::diagnostics::Error;
use crate::load::{CONFIG_FILE, CONTENT_DIR};
use crate::theme::{TEMPLATES_DIR, THEMES_DIR};

/// How long the project must stay unchanged before a rebuild starts.
pub(super) const QUIET: Duration = Duration::from_millis(50);
/// A rebuild starts after this long even while changes keep coming.
const LONGEST_WAIT: Duration = Duration::from_millis(500);
/// How often `--poll` looks at the files.
const POLL_INTERVAL: Duration = Duration::from_millis(200);
/// The folders of the root that a build reads.
const FOLDERS: [&str; 3] = [CONTENT_DIR, THEMES_DIR, TEMPLATES_DIR];

/// Starts watching `root` and rebuilding it into `live` on a thread of its own.
/// `warnings` are those of the build being served, so only new ones are printed.
pub(super) fn spawn(
    root: PathBuf,
    live: Arc<Live>,
    poll: bool,
    warnings: Vec<String>,
) -> notify::Result<()> {
    let watched = std::fs::canonicalize(&root)?;
    let (sender, changes) = channel::<Vec<PathBuf>>();
    let handler = move |event: notify::Result<notify::Event>| match event {
        Ok(event) if !is_read(&event.kind) => {
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
            let mut warnings = warnings;
            while let Some(paths) = next_change(&changes, &watched) {
                if paths
                    .iter()
                    .any(|p| FOLDERS.iter().any(|f| *p == watched.join(f)))
                {
                    // A folder was created or replaced (a checkout, a rename): watch it anew.
                    watch_folders(watcher.as_mut(), &watched);
                }
                rebuild(&root, &live, &mut warnings);
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

fn rebuild(root: &Path, live: &Live, warnings: &mut Vec<String>) {
    let started = Instant::now();
    // A bug that panics in one build must not end the rebuilds: the panic is printed, the
    // last good site stays served, and the next save tries again.
    let result = std::panic::catch_unwind(|| super::build(root)).unwrap_or_else(|_| {
        Err(Error::Usage(
            "internal error while building (see above); please report it".into(),
        ))
    });
    match result {
        Ok(built) => {
            let changed = live.publish(built.files);
            if built.warnings != *warnings {
                built.warnings.iter().for_each(|w| eprintln!("{w}"));
                *warnings = built.warnings;
            }
            let what = match changed.len() {
                0 => "no page changed".to_string(),
                1 => format!("{} changed", changed[0]),
                n => format!("{n} files changed"),
            };
            let ms = started.elapsed().as_secs_f64() * 1000.0;
            println!("rebuilt in {ms:.1} ms: {what}");
        }
        Err(error) => {
            let problems = super::problems(&error, root);
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
