//! XLIFF 2.1 for translators: `export` writes an edition's units for a language,
//! `import` writes a translated file back into the language's Markdown pages; `codes`
//! turns inline Markdown into XLIFF inline codes and back; `read` reads a file with
//! every problem located.

pub(crate) mod codes;
pub mod export;
pub mod import;
mod read;

use crate::core::diagnostics::{Diagnostic, Error};
use crate::core::model::Edition;
use crate::core::translation::{LOCK_FILE, Lock, State};

/// XLIFF 2's namespace (2.1 keeps 2.0's).
pub(crate) const NAMESPACE: &str = "urn:oasis:names:tc:xliff:document:2.0";

/// The category of the note that names a `<file>`'s edition.
pub(crate) const EDITION_NOTE: &str = "rapport-edition";

/// Which units an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Only {
    /// Those whose source changed since their translation was accepted (and, once the
    /// language has been accepted, those added since).
    Stale,
    /// Those with no translation.
    Missing,
    /// Every unit.
    All,
}

impl Only {
    fn includes(self, state: State, recorded: bool) -> bool {
        match self {
            Only::All => true,
            Only::Missing => state == State::Missing,
            Only::Stale => state == State::Stale || (recorded && state == State::Unrecorded),
        }
    }
}

/// The source language, once `lang` is known to be a translated language of the site.
fn target_language<'a>(languages: &'a [String], lang: &str) -> Result<&'a str, Error> {
    let (source, others) = languages
        .split_first()
        .ok_or_else(|| Error::Usage("rapport.toml lists no language".into()))?;
    if !others.iter().any(|l| l == lang) {
        return Err(Error::Usage(format!(
            "`{lang}` is not a language this site is translated into: expected one of {}",
            others.join(", ")
        )));
    }
    Ok(source)
}

/// The edition's lock, or an empty one; a lock that does not read is an error.
fn lock(edition: &Edition) -> Result<Lock, Error> {
    let (path, text) = edition.source(LOCK_FILE);
    Lock::parse(text).map_err(|problem| {
        Error::Content(
            Diagnostic::error(&path, problem.message)
                .at(problem.line, 1)
                .with_hint(problem.hint)
                .into(),
        )
    })
}
