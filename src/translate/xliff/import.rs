//! `rapport xliff import FILE`: writes the targets of a translated XLIFF file into the
//! target language's Markdown pages, each at its unit's place, keeping everything around
//! it (front matter, `{-}` markers, `{#id}` attributes, note labels, link addresses) byte
//! for byte. A target that says what the page says already changes nothing, and a page
//! with no changed unit is not written.
//!
//! Everything is checked before anything is written: a file that is not XLIFF, or is for
//! another edition or language, a unit whose source no longer matches the project's, a
//! target whose inline codes were deleted or reordered, or a unit with no place in the
//! translation, and no Markdown file is touched.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::model::{Edition, Site};
use crate::core::translation::{Lock, Row, states};

use super::codes::{broken, same, to_markdown};
use super::export::encoded;
use super::read::{File, Unit, Xliff, read};
use crate::translate::load_site;

/// What `rapport xliff import` is asked.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The XLIFF file.
    pub file: PathBuf,
}

/// What an import changed.
#[derive(Debug, Clone)]
pub struct ImportReport {
    /// The language written.
    pub lang: String,
    /// The units whose translation changed.
    pub units: usize,
    /// The Markdown files written.
    pub files: Vec<PathBuf>,
}

/// A change to make: the bytes `range` of a page's file become `text`.
struct Splice {
    range: std::ops::Range<usize>,
    text: String,
}

/// Imports a translated XLIFF file into the project.
pub fn import(options: &ImportOptions) -> Result<ImportReport, Error> {
    let text = std::fs::read(&options.file).map_err(|e| Error::io(&options.file, e))?;
    let text = String::from_utf8(text).map_err(|e| {
        Error::Content(
            Diagnostic::error(&options.file, format!("not UTF-8 text: {e}"))
                .at(1, 1)
                .into(),
        )
    })?;
    let xliff = read(&options.file, &text).map_err(Error::Content)?;
    let site = load_site(&options.root)?;
    let plan = plan(&site, &options.root, &options.file, &xliff).map_err(Error::Content)?;
    let mut files = Vec::new();
    let units = plan.values().map(|(_, s)| s.len()).sum();
    for (path, (source, mut splices)) in plan {
        splices.sort_by_key(|s| std::cmp::Reverse(s.range.start));
        let mut text = source;
        for splice in splices {
            text.replace_range(splice.range, &splice.text);
        }
        crate::write::archive::write_atomically(&path, text.as_bytes())?;
        files.push(path);
    }
    Ok(ImportReport {
        lang: xliff.trg_lang.value,
        units,
        files,
    })
}

type Plan = BTreeMap<PathBuf, (String, Vec<Splice>)>;

/// Every change the file asks for, by Markdown file (with its current text), or every
/// reason to refuse it.
fn plan(site: &Site, root: &Path, path: &Path, xliff: &Xliff) -> Result<Plan, Diagnostics> {
    let mut problems = Diagnostics::new();
    let error =
        |at: (usize, usize), message: String| Diagnostic::error(path, message).at(at.0, at.1);
    let languages = site.config.language_codes();
    let (source, lang) = (&xliff.src_lang.value, &xliff.trg_lang.value);
    if languages.first() != Some(source) {
        problems.push(error(
            xliff.src_lang.at,
            format!(
                "the file translates from `{source}`, but this site's source language is `{}`",
                languages.first().map_or("", String::as_str)
            ),
        ));
    }
    if !languages.iter().skip(1).any(|l| l == lang) {
        problems.push(error(
            xliff.trg_lang.at,
            format!(
                "the file translates into `{lang}`, which is not a language this site is translated into (expected one of {})",
                languages.iter().skip(1).cloned().collect::<Vec<_>>().join(", ")
            ),
        ));
    }
    if problems.has_errors() {
        return Err(problems);
    }
    let mut plan = Plan::new();
    for file in &xliff.files {
        let Some(edition) = edition_of(site, root, file, &mut problems, &error) else {
            continue;
        };
        let lock = Lock::default();
        let rows = states(edition, source, lang, &lock);
        let original = &file.original.value;
        let page_rows: Vec<&Row<'_>> = rows
            .iter()
            .filter(|r| {
                r.set
                    .translations
                    .get(source.as_str())
                    .is_some_and(|p| same_path(&p.path, root, original))
            })
            .collect();
        let Some(target_page) = page_rows
            .first()
            .map(|r| r.set)
            .or_else(|| set_of(edition, source, root, original))
            .and_then(|set| set.translations.get(lang.as_str()))
        else {
            problems.push(error(
                file.original.at,
                format!("no `{lang}` page pairs with `{original}`: create it (a copy of the source page will do), then import again"),
            ));
            continue;
        };
        for unit in &file.units {
            match unit_splice(&page_rows, unit, lang) {
                Ok(None) => {}
                Ok(Some(splice)) => {
                    let entry = plan
                        .entry(target_page.path.clone())
                        .or_insert_with(|| (target_page.source.clone(), Vec::new()));
                    entry.1.push(Splice {
                        range: target_page.body_offset + splice.range.start
                            ..target_page.body_offset + splice.range.end,
                        text: splice.text,
                    });
                }
                Err(message) => problems.push(error(unit.at, message)),
            }
        }
    }
    if problems.has_errors() {
        Err(problems)
    } else {
        Ok(plan)
    }
}

/// The edition a `<file>` belongs to: its edition note's year, which must be an edition
/// of the site holding its `original` page.
fn edition_of<'a>(
    site: &'a Site,
    root: &Path,
    file: &File,
    problems: &mut Diagnostics,
    error: &dyn Fn((usize, usize), String) -> Diagnostic,
) -> Option<&'a Edition> {
    let Some(note) = &file.edition else {
        problems.push(error(
            file.original.at,
            format!("`<file>` has no `<note category=\"{}\">` naming its edition: import a file exported by `rapport xliff export`", super::EDITION_NOTE),
        ));
        return None;
    };
    let Some(edition) = site
        .editions
        .iter()
        .find(|e| e.year.to_string() == note.value)
    else {
        problems.push(error(
            note.at,
            format!(
                "the file is for edition `{}`, which this site does not have",
                note.value
            ),
        ));
        return None;
    };
    let in_edition = edition
        .pages
        .iter()
        .flat_map(|s| s.translations.values())
        .any(|p| same_path(&p.path, root, &file.original.value));
    if !in_edition {
        problems.push(error(
            file.original.at,
            format!(
                "`{}` is no page of the {} edition: the file is for another edition or project",
                file.original.value, edition.year
            ),
        ));
        return None;
    }
    Some(edition)
}

fn set_of<'a>(
    edition: &'a Edition,
    source: &str,
    root: &Path,
    original: &str,
) -> Option<&'a crate::core::model::PageSet> {
    edition.pages.iter().find(|s| {
        s.translations
            .get(source)
            .is_some_and(|p| same_path(&p.path, root, original))
    })
}

fn same_path(path: &Path, root: &Path, original: &str) -> bool {
    let relative = path.strip_prefix(root).unwrap_or(path);
    relative.to_string_lossy().replace('\\', "/") == original
}

/// The change one unit asks for: `None` when it has no target or its target is the
/// translation as it is; an error naming the unit when it cannot be imported.
fn unit_splice(rows: &[&Row<'_>], unit: &Unit, lang: &str) -> Result<Option<Splice>, String> {
    let Some(row) = rows.iter().find(|r| r.unit == unit.id) else {
        return Err(format!(
            "unit {} is not in the source page any more: export the file again",
            unit.id
        ));
    };
    let (source, target) = encoded(row);
    if !same(&unit.source, &source.nodes) {
        return Err(format!(
            "unit {}: its source is no longer the project's (the source paragraph changed since the export): export the file again and translate the new source",
            unit.id
        ));
    }
    let Some(new) = &unit.target else {
        return Ok(None);
    };
    if target.as_ref().is_some_and(|t| same(new, &t.nodes)) {
        return Ok(None);
    }
    let (Some(current), reference) = (&row.target, target.as_ref().unwrap_or(&source)) else {
        return Err(format!(
            "unit {} has no place in the `{lang}` page (the translation lacks this paragraph): add it there, then import again",
            unit.id
        ));
    };
    if let Some(why) = broken(reference, new) {
        return Err(format!(
            "unit {}: {why}; the target must keep every inline code of the source, once, in its place",
            unit.id
        ));
    }
    Ok(Some(Splice {
        range: current.range.clone(),
        text: to_markdown(reference, new),
    }))
}
