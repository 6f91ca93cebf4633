//! Reads the editions: the year folders under `content/`, and in each its data files
//! (`edition.toml`, `indicators.toml`, `projects.toml`) and its pages, loaded in parallel.
//! The text of each data file is kept to locate the problems validation finds.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{Edition, EditionMeta, Indicators, Register};
use crate::core::translation::LOCK_FILE;

use super::CONTENT_DIR;
use super::pages::page_sets;
use super::text::{parse_toml_partial, read_text};
use super::walk::walk_edition;

pub(super) fn all(root: &Path, languages: &[String], problems: &mut Diagnostics) -> Vec<Edition> {
    let content = root.join(CONTENT_DIR);
    let entries = match std::fs::read_dir(&content) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Diagnostic::error(
                &content,
                format!("cannot read the content folder: {e}: expected content/<year>/"),
            ));
            return Vec::new();
        }
    };
    let mut years: Vec<(u16, PathBuf)> = Vec::new();
    let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        match year_of(&name) {
            Some(year) if path.is_dir() => years.push((year, path)),
            _ => problems.push(
                Diagnostic::error(
                    &path,
                    format!("`{name}` is not an edition: expected a folder named after a year, such as content/2022/"),
                )
                .with_hint("move other files into an edition folder"),
            ),
        }
    }
    if years.is_empty() && !problems.has_errors() {
        problems.push(Diagnostic::error(
            &content,
            "no edition: expected at least one folder content/<year>/",
        ));
    }
    let results: Vec<(Edition, Diagnostics)> = years
        .into_par_iter()
        .map(|(year, dir)| edition_for_checking(year, &dir, languages))
        .collect();
    let mut editions = Vec::new();
    for (edition, found) in results {
        editions.push(edition);
        problems.extend(found);
    }
    editions
}

fn year_of(name: &str) -> Option<u16> {
    if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) {
        name.parse().ok()
    } else {
        None
    }
}

/// Loads one edition folder.
pub(crate) fn edition(year: u16, dir: &Path, languages: &[String]) -> Result<Edition, Diagnostics> {
    match edition_partial(year, dir, languages) {
        (Some(edition), problems) if !problems.has_errors() => Ok(edition),
        (_, problems) => Err(problems),
    }
}

/// Loads what can be loaded of an edition folder, with every problem found: the edition
/// is there when its `edition.toml` is readable, even if some pages are not, so that
/// validation can go on and report everything at once.
pub(crate) fn edition_partial(
    year: u16,
    dir: &Path,
    languages: &[String],
) -> (Option<Edition>, Diagnostics) {
    let (edition, problems) = edition_for_checking(year, dir, languages);
    let readable = edition.sources.contains_key(&dir.join("edition.toml"));
    (readable.then_some(edition), problems)
}

/// Loads an edition folder even when its `edition.toml` cannot be read, with a stand-in
/// for it (the folder's year, no outcome, output or title), so that `check` still checks
/// its pages and data files. Validation knows the stand-in by its missing source and
/// checks nothing against it; such an edition always comes with an error, so it is never
/// rendered.
fn edition_for_checking(year: u16, dir: &Path, languages: &[String]) -> (Edition, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut sources = BTreeMap::new();
    let meta = required_toml::<EditionMeta>(&dir.join("edition.toml"), &mut problems, &mut sources);
    let indicators =
        optional_toml::<Indicators>(&dir.join("indicators.toml"), &mut problems, &mut sources);
    let projects =
        optional_toml::<Register>(&dir.join("projects.toml"), &mut problems, &mut sources);
    translations_lock(&dir.join(LOCK_FILE), &mut problems, &mut sources);
    let (markdown_files, assets) = walk_edition(dir, languages, &mut problems);
    let pages = page_sets(dir, languages, markdown_files, &mut problems);
    let meta = meta.unwrap_or_else(|| EditionMeta {
        year: toml::Spanned::new(0..0, year),
        date: None,
        symbol: None,
        title: toml::Spanned::new(0..0, BTreeMap::new()),
        description: None,
        totals: Default::default(),
        outcomes: Vec::new(),
        outputs: Vec::new(),
        labels: BTreeMap::new(),
    });
    let edition = Edition {
        year,
        dir: dir.to_path_buf(),
        meta,
        pages,
        indicators: indicators.unwrap_or_default(),
        projects: projects.unwrap_or_default(),
        assets,
        sources,
    };
    (edition, problems)
}

type Sources = BTreeMap<PathBuf, String>;

/// Keeps the text of the edition's translations lock, when it has one, for `check` and
/// `rapport translations` to read (`core::translation`); a build never reads it.
fn translations_lock(path: &Path, problems: &mut Diagnostics, sources: &mut Sources) {
    if !path.exists() {
        return;
    }
    match read_text(path) {
        Ok(text) => {
            sources.insert(path.to_path_buf(), text);
        }
        Err(d) => problems.push(d),
    }
}

fn required_toml<T: DeserializeOwned>(
    path: &Path,
    problems: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<T> {
    if !path.is_file() {
        problems.push(Diagnostic::error(
            path,
            format!(
                "missing {}: every edition needs one",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
        ));
        return None;
    }
    optional_toml(path, problems, sources)
}

/// Reads a data file as far as it can (see [`parse_toml_partial`]). Its text is kept for
/// locating problems whenever its data is known: an absent file is kept as empty text (it
/// holds no data), and a file that could not be read at all is not kept, so that what
/// refers to it is not reported again as missing.
fn optional_toml<T: DeserializeOwned>(
    path: &Path,
    problems: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<T> {
    if !path.exists() {
        sources.insert(path.to_path_buf(), String::new());
        return None;
    }
    let source = match read_text(path) {
        Ok(source) => source,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let (value, found) = parse_toml_partial(path, &source, &source, 0);
    problems.extend(found.into_iter().collect());
    if value.is_some() {
        sources.insert(path.to_path_buf(), source);
    }
    value
}
