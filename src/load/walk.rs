//! Walks one edition folder: sorts its files into the Markdown pages of each language
//! and the assets published as they are, and refuses what must never be published
//! (hidden names, links out of the edition, names that are not plain site paths, pipes
//! and devices).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::core::routes;
use crate::core::translation::LOCK_FILE;

use super::text::not_a_regular_file;

const EDITION_DATA_FILES: [&str; 3] = ["edition.toml", "indicators.toml", "projects.toml"];

/// Finds the Markdown files of each language folder and the edition's other files.
///
/// Hidden files and folders (a name starting with `.`) are never read nor published. A
/// symbolic link may lead only inside the edition folder, and every published name must
/// map to a plain site path ([`routes::edition_file`]): anything else is an error, so that
/// no file outside the edition, and no name that climbs out of the output, is published.
pub(super) fn walk_edition(
    dir: &Path,
    languages: &[String],
    problems: &mut Diagnostics,
) -> (BTreeMap<String, Vec<PathBuf>>, Vec<PathBuf>) {
    let mut markdown: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut assets = Vec::new();
    let edition = std::fs::canonicalize(dir).ok();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it: expected a tree without loops"
                        .to_string()
                } else {
                    format!("cannot read: {e}")
                };
                problems.push(Diagnostic::error(path, message));
                continue;
            }
        };
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let name = entry.file_name().to_string_lossy();
        let file_type = entry.file_type();
        if name.starts_with('.') {
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if let Some(problem) = entry
            .path_is_symlink()
            .then(|| link_problem(path, edition.as_deref()))
            .flatten()
        {
            problems.push(problem);
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !file_type.is_dir() && !file_type.is_file() {
            problems.push(not_a_regular_file(path));
            continue;
        }
        if let Err(reason) = routes::edition_file(0, rel) {
            problems.push(
                Diagnostic::error(path, format!("this name cannot be published: {reason}"))
                    .with_hint("rename it with letters, digits, `-`, `_` and `.` only"),
            );
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if file_type.is_dir() {
            if entry.depth() == 1 {
                check_language_folder(path, &name, languages, problems);
            }
            continue;
        }
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let in_language = first.as_ref().filter(|f| languages.contains(f));
        match (entry.depth(), in_language) {
            (1, _) if EDITION_DATA_FILES.contains(&name.as_ref()) => {}
            // The translations lock is the project's, never published.
            (1, _) if name == LOCK_FILE => {}
            (1, _) if name.ends_with(".toml") => problems.push(
                Diagnostic::error(path, format!("unknown data file `{name}`"))
                    .with_hint(format!("expected one of {}", EDITION_DATA_FILES.join(", "))),
            ),
            (2, Some(lang)) if name.ends_with(".md") => {
                markdown
                    .entry(lang.clone())
                    .or_default()
                    .push(path.to_path_buf());
            }
            _ => assets.push(rel.to_path_buf()),
        }
    }
    (markdown, assets)
}

/// What is wrong with a symbolic link of the edition whose real path is `edition`, if
/// anything: it must lead to a file or folder inside the edition, and not to a hidden one,
/// which would then be published under the link's name.
fn link_problem(link: &Path, edition: Option<&Path>) -> Option<Diagnostic> {
    let inside = std::fs::canonicalize(link)
        .ok()
        .zip(edition)
        .and_then(|(real, edition)| Some(real.strip_prefix(edition).ok()?.to_path_buf()));
    let Some(inside) = inside else {
        return Some(
            Diagnostic::error(link, "a symbolic link leads outside the edition folder: expected links only to files and folders of the same edition, so that no other file is ever published")
                .with_hint("copy the file into the edition folder"),
        );
    };
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    hidden.then(|| {
        Diagnostic::error(
            link,
            format!(
                "a symbolic link leads to the hidden `{}`: hidden files and folders are never published, under their own name or another",
                inside.display()
            ),
        )
        .with_hint("link to a file whose name does not start with `.`, or remove the link")
    })
}

fn check_language_folder(
    path: &Path,
    name: &str,
    languages: &[String],
    problems: &mut Diagnostics,
) {
    if languages.is_empty() {
        // rapport.toml could not be read: its error says so; every folder would look wrong.
        return;
    }
    // A folder of Markdown pages named like a language is a language folder; any other
    // folder (images, documents) is copied as it is.
    let looks_like_language = name.len() <= 3 && name.chars().all(|c| c.is_ascii_lowercase());
    if looks_like_language && !languages.iter().any(|l| l == name) && holds_markdown(path) {
        let mut d = Diagnostic::error(
            path,
            format!(
                "`{name}` holds pages but is not a language of the site: expected one of {}",
                languages.join(", ")
            ),
        );
        if let Some(near) = nearest(name, languages.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean `{near}`?"));
        } else {
            d = d.with_hint("add it to `languages` in rapport.toml");
        }
        problems.push(d);
    }
}

fn holds_markdown(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "md"))
    })
}
