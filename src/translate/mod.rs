//! `rapport translations` and `rapport xliff`: the translator's side of a project. The
//! status of every language's translation against the edition's translations lock, the
//! lock written once a translation is reviewed (`--accept`), and the XLIFF 2.1 exchange
//! with translation tools (`xliff`).
//!
//! Reads the project through [`load`]; writes only the lock (`accept`) and, on import,
//! the Markdown pages of the language imported.

pub mod xliff;

use std::path::{Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Error};
use crate::core::model::{Edition, Site};
use crate::core::translation::{LOCK_FILE, Lock, State, states};
use crate::load;
use crate::write::archive::write_atomically;

/// What `rapport translations` is asked.
#[derive(Debug, Clone)]
pub struct TranslationsOptions {
    /// The project folder.
    pub root: PathBuf,
    /// One edition, or every edition.
    pub edition: Option<u16>,
    /// Record the current state of this language's translation.
    pub accept: Option<String>,
}

/// The state of one language's translation of one edition.
#[derive(Debug, Clone, PartialEq)]
pub struct LanguageStatus {
    /// The edition's year.
    pub year: u16,
    /// The language.
    pub lang: String,
    /// Units whose translation was made from the source as it is.
    pub up_to_date: usize,
    /// Units whose source changed since their translation was accepted.
    pub stale: Vec<Place>,
    /// Units the lock has no record of.
    pub unrecorded: usize,
    /// Source units with no translation.
    pub missing: Vec<Place>,
    /// Whether the edition has a lock at all.
    pub locked: bool,
}

/// A unit, named by its id and where its translation (or, when it has none, its
/// source) is written.
#[derive(Debug, Clone, PartialEq)]
pub struct Place {
    /// The unit's id.
    pub unit: String,
    /// `path:line:col`.
    pub at: String,
}

/// The status of every language other than the source, for the editions asked; with
/// `accept`, records that language's current state in each edition's lock first.
pub fn translations(options: &TranslationsOptions) -> Result<Vec<LanguageStatus>, Error> {
    let site = load_site(&options.root)?;
    let languages = site.config.language_codes();
    let (source, others) = languages
        .split_first()
        .ok_or_else(|| Error::Usage("rapport.toml lists no language".into()))?;
    if let Some(lang) = &options.accept {
        if !others.contains(lang) {
            return Err(Error::Usage(format!(
                "`{lang}` is not a translated language of this site: expected one of {}",
                others.join(", ")
            )));
        }
        for edition in editions(&site, options.edition)? {
            accept(edition, source, lang)?;
        }
    }
    // Read back what was written: the status shows the lock as it is on disk.
    let site = if options.accept.is_some() {
        load_site(&options.root)?
    } else {
        site
    };
    let mut statuses = Vec::new();
    for edition in editions(&site, options.edition)? {
        let lock = read_lock(edition)?;
        for lang in others {
            statuses.push(status(edition, source, lang, lock.as_ref()));
        }
    }
    Ok(statuses)
}

/// Loads a project; its content errors are the command's.
pub(crate) fn load_site(root: &Path) -> Result<Site, Error> {
    load::site(root)
        .map(|(site, _)| site)
        .map_err(Error::Content)
}

/// The editions asked for: one year (which must exist), or all.
pub(crate) fn editions(site: &Site, year: Option<u16>) -> Result<Vec<&Edition>, Error> {
    let found = editions_of(site, year);
    match year {
        Some(year) if found.is_empty() => Err(Error::Usage(format!(
            "no edition {year}: expected one of {}",
            site.editions
                .iter()
                .map(|e| e.year.to_string())
                .collect::<Vec<_>>()
                .join(", ")
        ))),
        _ => Ok(found),
    }
}

fn editions_of(site: &Site, year: Option<u16>) -> Vec<&Edition> {
    site.editions
        .iter()
        .filter(|e| year.is_none_or(|y| e.year == y))
        .collect()
}

/// The edition's lock: `None` when it has none; an error, located, when it does not
/// read (a merge conflict among others), with the way out in its hint.
fn read_lock(edition: &Edition) -> Result<Option<Lock>, Error> {
    let (path, text) = edition.source(LOCK_FILE);
    if !edition.sources.contains_key(&path) {
        return Ok(None);
    }
    Lock::parse(text).map(Some).map_err(|problem| {
        Error::Content(
            Diagnostic::error(&path, problem.message)
                .at(problem.line, 1)
                .with_hint(problem.hint)
                .into(),
        )
    })
}

/// Records `lang`'s translation of an edition as made from its source as it is now.
/// A lock left in conflict by a merge is read as both sides agree, so that accepting
/// is also the way out of the conflict.
fn accept(edition: &Edition, source: &str, lang: &str) -> Result<(), Error> {
    let (path, text) = edition.source(LOCK_FILE);
    let mut lock = match Lock::parse(text) {
        Ok(lock) => lock,
        Err(_) => Lock::parse_resolving(text),
    };
    lock.accept(edition, source, lang);
    write_atomically(&path, lock.to_text().as_bytes())
}

fn status(edition: &Edition, source: &str, lang: &str, lock: Option<&Lock>) -> LanguageStatus {
    let empty = Lock::default();
    let mut status = LanguageStatus {
        year: edition.year,
        lang: lang.to_string(),
        up_to_date: 0,
        stale: Vec::new(),
        unrecorded: 0,
        missing: Vec::new(),
        locked: lock.is_some(),
    };
    for row in states(edition, source, lang, lock.unwrap_or(&empty)) {
        let shown = |page: Option<&crate::core::model::Page>, offset: usize| {
            page.map(|p| {
                let d =
                    Diagnostic::warning(&p.path, "").at_offset(&p.source, p.body_offset + offset);
                format!(
                    "{}:{}:{}",
                    p.path.strip_prefix(".").unwrap_or(&p.path).display(),
                    d.line,
                    d.column
                )
            })
            .unwrap_or_default()
        };
        match row.state {
            State::UpToDate => status.up_to_date += 1,
            State::Unrecorded => status.unrecorded += 1,
            State::Stale => status.stale.push(Place {
                unit: row.unit.clone(),
                at: shown(
                    row.set.translations.get(lang),
                    row.target.as_ref().map_or(0, |t| t.range.start),
                ),
            }),
            State::Missing => status.missing.push(Place {
                unit: row.unit.clone(),
                at: shown(row.set.translations.get(source), row.source.range.start),
            }),
        }
    }
    status
}
