//! Which translations are up to date: the translations lock of an edition
//! (`content/<year>/translations.lock`), and the state of every unit of every page in a
//! language against it. The first language of the site is the source; a translation
//! records, per source unit, the fingerprint of the source text it was made from.
//!
//! The lock is a text file, one line per language, page and unit, sorted, so that two
//! branches that accepted different pages merge without a conflict:
//!
//! ```text
//! # rapport translations lock …
//! en→p12→3f2a9c1b7d4e5a60→02-outcome-1
//! ```
//!
//! (language, unit id, fingerprint, page key, separated by tabs, shown `→` here; the key
//! last, so that it may hold spaces).

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::core::model::{Edition, Page, PageSet};
use crate::core::units::{Unit, by_id, fingerprint, first_paragraphs, units};

/// The lock's file name, in the edition's folder.
pub const LOCK_FILE: &str = "translations.lock";

/// What the lock file says first.
const HEADER: &str = "# rapport translations lock: the version of each source paragraph every translation was made from.\n\
# Written by `rapport translations --accept LANG`; commit it with the content. Do not edit it by hand.\n";

/// One recorded unit: (language, page key, unit id).
pub type LockKey = (String, String, String);

/// A translations lock: for each language, page and unit, the fingerprint of the source
/// text its translation was made from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Lock {
    /// The recorded fingerprints.
    pub entries: BTreeMap<LockKey, String>,
}

/// Why a lock file cannot be read, at a line (1-based).
#[derive(Debug, Clone, PartialEq)]
pub struct LockProblem {
    /// The line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub hint: String,
}

impl Lock {
    /// Reads a lock file's text.
    pub fn parse(text: &str) -> Result<Lock, LockProblem> {
        let mut entries = BTreeMap::new();
        for (n, line) in text.lines().enumerate() {
            if is_conflict_marker(line) {
                return Err(LockProblem {
                    line: n + 1,
                    message: "the translations lock is in conflict (a merge left `<<<<<<<`, `=======`, `>>>>>>>` lines in it)".into(),
                    hint: "review the translations the two branches changed, then run `rapport translations --accept LANG` for each language: it rewrites the file from the content, keeping the other languages' lines both sides agree on".into(),
                });
            }
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.splitn(4, '\t').collect();
            match fields.as_slice() {
                [lang, unit, hash, key]
                    if !lang.is_empty() && !unit.is_empty() && is_fingerprint(hash) =>
                {
                    entries.insert(
                        (lang.to_string(), key.to_string(), unit.to_string()),
                        hash.to_string(),
                    );
                }
                _ => {
                    return Err(LockProblem {
                        line: n + 1,
                        message: "expected `LANG<tab>UNIT<tab>FINGERPRINT<tab>PAGE`".into(),
                        hint: "the file is written by `rapport translations --accept LANG`: run it to write it again".into(),
                    });
                }
            }
        }
        Ok(Lock { entries })
    }

    /// Reads a lock file left in conflict by a merge, keeping the lines both sides agree
    /// on (a unit recorded otherwise on each side is dropped: it is then not recorded,
    /// and shown so until it is accepted again).
    pub fn parse_resolving(text: &str) -> Lock {
        let (ours, theirs) = sides(text);
        let (Ok(ours), Ok(theirs)) = (Lock::parse(&ours), Lock::parse(&theirs)) else {
            return Lock::default();
        };
        let entries = ours
            .entries
            .into_iter()
            .filter(|(key, hash)| theirs.entries.get(key) == Some(hash))
            .collect();
        Lock { entries }
    }

    /// The lock's text: the header, then one sorted line per entry.
    pub fn to_text(&self) -> String {
        let mut text = HEADER.to_string();
        for ((lang, key, unit), hash) in &self.entries {
            text.push_str(&format!("{lang}\t{unit}\t{hash}\t{key}\n"));
        }
        text
    }

    /// Replaces every entry of a language with the fingerprints of the edition's source
    /// as it is now, for the units its translation has.
    pub fn accept(&mut self, edition: &Edition, source: &str, lang: &str) {
        self.entries.retain(|(l, _, _), _| l != lang);
        for row in states(edition, source, lang, &Lock::default()) {
            if row.state != State::Missing {
                self.entries.insert(
                    (lang.to_string(), row.key.clone(), row.unit.clone()),
                    row.fingerprint.clone(),
                );
            }
        }
    }
}

fn is_conflict_marker(line: &str) -> bool {
    ["<<<<<<<", "=======", ">>>>>>>", "|||||||"]
        .iter()
        .any(|m| line.starts_with(m))
}

/// The two sides of a file in conflict: lines outside conflicts go to both.
fn sides(text: &str) -> (String, String) {
    let (mut ours, mut theirs) = (String::new(), String::new());
    // 0: outside, 1: ours, 2: base (diff3), 3: theirs
    let mut part = 0;
    for line in text.lines() {
        match line.get(..7).unwrap_or("") {
            "<<<<<<<" => part = 1,
            "|||||||" => part = 2,
            "=======" => part = 3,
            ">>>>>>>" => part = 0,
            _ => {
                let line = format!("{line}\n");
                match part {
                    0 => {
                        ours.push_str(&line);
                        theirs.push_str(&line);
                    }
                    1 => ours.push_str(&line),
                    3 => theirs.push_str(&line),
                    _ => {}
                }
            }
        }
    }
    (ours, theirs)
}

fn is_fingerprint(text: &str) -> bool {
    text.len() == 16 && text.chars().all(|c| c.is_ascii_hexdigit())
}

/// Where a translated unit stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum State {
    /// Made from the source as it is now.
    UpToDate,
    /// The source changed since the translation was accepted.
    Stale,
    /// The lock has no record of it: the edition has no lock, or the unit is newer
    /// than the last `--accept`.
    Unrecorded,
    /// The translation has no such unit (or no such page).
    Missing,
}

/// One source unit and its translation's state.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The page set.
    pub set: &'a PageSet,
    /// Its pairing key.
    pub key: String,
    /// The unit's id.
    pub unit: String,
    /// The source unit.
    pub source: Unit,
    /// The translated unit, when there is one.
    pub target: Option<Unit>,
    /// The source text's fingerprint now.
    pub fingerprint: String,
    /// The state.
    pub state: State,
}

/// Every source unit of an edition, with its translation into `lang` and its state
/// against `lock`.
pub fn states<'a>(edition: &'a Edition, source: &str, lang: &str, lock: &Lock) -> Vec<Row<'a>> {
    let sources = edition_units(edition, source);
    let targets = edition_units(edition, lang);
    // The fingerprints accepted for each page in this language.
    let mut page_hashes: HashMap<&str, HashSet<&str>> = HashMap::new();
    for ((l, key, _), hash) in &lock.entries {
        if l == lang {
            page_hashes
                .entry(key.as_str())
                .or_default()
                .insert(hash.as_str());
        }
    }
    let mut rows = Vec::new();
    for ((set, source_page, source_units), (_, target_page, target_units)) in
        sources.into_iter().zip(targets)
    {
        let (Some(source_page), target_page) = (source_page, target_page) else {
            continue;
        };
        let targets = by_id(&target_units);
        for unit in source_units {
            let fingerprint = fingerprint(unit.source(source_page.body()));
            let target =
                target_page.and_then(|_| targets.get(unit.id.as_str()).map(|u| (*u).clone()));
            let recorded = lock
                .entries
                .get(&(lang.to_string(), set.key.clone(), unit.id.clone()));
            // A paragraph that moved (one inserted above renumbers those after it) keeps
            // the text its translation was accepted for: it is up to date.
            let accepted_on_page = page_hashes
                .get(set.key.as_str())
                .is_some_and(|hashes| hashes.contains(fingerprint.as_str()));
            let state = match (&target, recorded) {
                (None, _) => State::Missing,
                (Some(_), _) if accepted_on_page => State::UpToDate,
                (Some(_), None) => State::Unrecorded,
                (Some(_), Some(_)) => State::Stale,
            };
            rows.push(Row {
                set,
                key: set.key.clone(),
                unit: unit.id.clone(),
                source: unit,
                target,
                fingerprint,
                state,
            });
        }
    }
    rows
}

/// Each page set of an edition with its page in `lang` and that page's units, in reading
/// order; paragraph numbers run through the edition in that language.
pub fn edition_units<'a>(
    edition: &'a Edition,
    lang: &str,
) -> Vec<(&'a PageSet, Option<&'a Page>, Vec<Unit>)> {
    let pages: Vec<Option<&Page>> = edition
        .pages
        .iter()
        .map(|set| set.translations.get(lang))
        .collect();
    let firsts = first_paragraphs(pages.iter().map(|p| p.map_or(0, |p| p.outline.paragraphs)));
    edition
        .pages
        .iter()
        .zip(pages)
        .zip(firsts)
        .map(|((set, page), first)| {
            let found =
                page.map_or_else(Vec::new, |p| units(p.body(), first, &p.outline.footnotes));
            (set, page, found)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lock_reads_back_what_it_wrote() {
        let mut lock = Lock::default();
        lock.entries.insert(
            ("en".into(), "02 outcome".into(), "p12".into()),
            "0123456789abcdef".into(),
        );
        assert_eq!(Lock::parse(&lock.to_text()), Ok(lock));
    }

    #[test]
    fn a_lock_in_conflict_is_named_at_its_marker_and_resolves_to_what_both_sides_agree() {
        let text = "en\tp1\t0123456789abcdef\tintro\n<<<<<<< HEAD\nen\tp2\t1111111111111111\tintro\n=======\nen\tp2\t2222222222222222\tintro\n>>>>>>> other\n";
        let problem = Lock::parse(text).unwrap_err();
        assert_eq!(problem.line, 2);
        let resolved = Lock::parse_resolving(text);
        assert_eq!(resolved.entries.len(), 1, "{resolved:?}");
        assert!(
            resolved
                .entries
                .contains_key(&("en".into(), "intro".into(), "p1".into()))
        );
    }
}
