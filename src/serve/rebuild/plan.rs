//! Which files to read again, from the paths the file watcher reports: a page alone, its
//! edition whole, or, for anything outside the editions, the whole project ([`Plan`]).

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::load::CONTENT_DIR;

use super::Rebuilder;

/// The data files of an edition: a change to one reloads the edition.
const DATA_FILES: [&str; 3] = ["edition.toml", "indicators.toml", "projects.toml"];

/// The files to read again.
#[derive(Debug, Default)]
pub(super) struct Plan {
    pub(super) everything: bool,
    /// Editions to load whole, by index.
    pub(super) editions: BTreeSet<usize>,
    /// Pages to load alone: (edition index, page set index, language).
    pub(super) pages: BTreeSet<(usize, usize, String)>,
}

impl Plan {
    pub(super) fn everything() -> Plan {
        Plan {
            everything: true,
            ..Plan::default()
        }
    }
}

/// What one changed path asks for.
#[derive(Debug, PartialEq)]
enum Touch {
    /// Nothing a build reads: a file that came and went (an editor's temporary file).
    Nothing,
    /// A known page that is still there: (edition index, page set index, language).
    Page(usize, usize, String),
    /// Anything else in an edition folder: the edition is read again whole.
    Edition(usize),
    /// Anything outside the editions.
    Everything,
}

impl Rebuilder {
    pub(super) fn plan(&self, changed: &BTreeSet<PathBuf>) -> Plan {
        let mut plan = Plan::default();
        for path in changed {
            match self.touch(path) {
                Touch::Nothing => {}
                Touch::Page(e, s, lang) => {
                    plan.pages.insert((e, s, lang));
                }
                Touch::Edition(e) => {
                    plan.editions.insert(e);
                }
                Touch::Everything => return Plan::everything(),
            }
        }
        plan
    }

    /// The path relative to the project, as plain names; `None` outside it.
    fn relative<'p>(&self, path: &'p Path) -> Option<Vec<&'p str>> {
        let relative = self
            .real_root
            .as_deref()
            .and_then(|real| path.strip_prefix(real).ok())
            .or_else(|| path.strip_prefix(&self.root).ok())?;
        relative
            .components()
            .map(|c| match c {
                Component::Normal(name) => name.to_str(),
                _ => None,
            })
            .collect()
    }

    fn touch(&self, path: &Path) -> Touch {
        let Some(parts) = self.relative(path) else {
            return Touch::Everything;
        };
        // Compared with the model's paths, which start from the root as it was given.
        let local: PathBuf = parts.iter().fold(self.root.clone(), |p, part| p.join(part));
        match parts.as_slice() {
            [CONTENT_DIR, year, rest @ ..] => {
                let edition = self
                    .project
                    .site
                    .editions
                    .iter()
                    .position(|e| e.year.to_string() == *year);
                match edition {
                    Some(e) => self.touch_in_edition(e, rest, &local),
                    // Folders and files starting with a dot are not read.
                    None if year.starts_with('.') => Touch::Nothing,
                    // A new edition, or a file beside the editions (an error).
                    None => Touch::Everything,
                }
            }
            // rapport.toml, the content folder itself, themes/, templates/, i18n/, or
            // anything else: whatever it is, a full build reads it right.
            _ => Touch::Everything,
        }
    }

    fn touch_in_edition(&self, e: usize, rest: &[&str], path: &Path) -> Touch {
        let edition = &self.project.site.editions[e];
        match rest {
            // The edition folder itself: gone, or something in it came or went.
            [] if path.is_dir() => Touch::Edition(e),
            [] => Touch::Everything,
            [file] if DATA_FILES.contains(file) => Touch::Edition(e),
            [lang, file] if file.ends_with(".md") => {
                let known = edition.pages.iter().position(|set| {
                    set.translations
                        .get(*lang)
                        .is_some_and(|page| page.path == path)
                });
                match known {
                    Some(s) if path.is_file() => Touch::Page(e, s, lang.to_string()),
                    Some(_) => Touch::Edition(e),
                    None => self.touch_other(e, path),
                }
            }
            _ => self.touch_other(e, path),
        }
    }

    /// Any other path of an edition: it matters if it is there now (an asset, a folder,
    /// a page in a new place) or if the edition had something there.
    fn touch_other(&self, e: usize, path: &Path) -> Touch {
        let edition = &self.project.site.editions[e];
        let had = |file: &Path| file.starts_with(path);
        let known = edition.assets.iter().any(|a| had(&edition.dir.join(a)))
            || edition
                .pages
                .iter()
                .flat_map(|set| set.translations.values())
                .any(|page| had(&page.path));
        if known || std::fs::symlink_metadata(path).is_ok() {
            Touch::Edition(e)
        } else {
            Touch::Nothing
        }
    }
}
