//! Translations that may be stale: a unit whose source (the first language's) changed
//! since its translation was accepted into the edition's translations lock
//! (`core::translation`). An edition without a lock flags nothing; a lock left in
//! conflict by a merge is an error at its first conflict line, with the way out.

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Edition;
use crate::core::translation::{LOCK_FILE, Lock, State, states};

/// Warns at every translated unit whose source changed since it was accepted.
pub(super) fn stale(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    let Some(lock) = lock(edition, problems) else {
        return;
    };
    let Some((source, others)) = languages.split_first() else {
        return;
    };
    for lang in others {
        // A language never accepted has no record to be stale against.
        if !lock.entries.keys().any(|(l, _, _)| l == lang) {
            continue;
        }
        for row in states(edition, source, lang, &lock) {
            let (State::Stale | State::Unrecorded, Some(target)) = (row.state, &row.target) else {
                continue;
            };
            let (Some(page_a), Some(page_b)) = (
                row.set.translations.get(source),
                row.set.translations.get(lang),
            ) else {
                continue;
            };
            let at_a = Diagnostic::warning(&page_a.path, "")
                .at_offset(&page_a.source, page_a.body_offset + row.source.range.start);
            let why = if row.state == State::Stale {
                format!("its `{source}` source changed since the translation was accepted")
            } else {
                format!("its `{source}` source was added after the last accepted translation")
            };
            problems.push(
                Diagnostic::warning(
                    &page_b.path,
                    format!("{} in `{lang}` may be stale: {why}", row.unit),
                )
                .at_offset(&page_b.source, page_b.body_offset + target.range.start)
                .with_hint(format!(
                    "the source is at {}:{}:{}; bring the translation up to date, then run `rapport translations --accept {lang}`",
                    super::drift::shown(&page_a.path).display(),
                    at_a.line,
                    at_a.column
                )),
            );
        }
    }
}

/// The edition's lock, when it has one that reads; a lock that does not read is an
/// error at its line.
fn lock(edition: &Edition, problems: &mut Diagnostics) -> Option<Lock> {
    if !crate::validate::known(edition, LOCK_FILE) {
        return None;
    }
    let (path, text) = edition.source(LOCK_FILE);
    match Lock::parse(text) {
        Ok(lock) => Some(lock),
        Err(problem) => {
            problems.push(
                Diagnostic::error(&path, problem.message)
                    .at(problem.line, 1)
                    .with_hint(problem.hint),
            );
            None
        }
    }
}
