//! Translation drift: what a paragraph says in each language. Each unit of a page
//! (`core::units`: paragraphs, headings, table cells, list items, footnotes) is compared
//! with its counterpart in the first language of the site: the same numbers
//! (`text_numbers`, read as each language writes them), and as many links, footnote
//! references and inline code spans. A difference is a warning on the translation, with
//! both locations, what each side lacks and an excerpt of each.
//!
//! A unit that differs on purpose carries the comment `<!-- rapport:differs -->` (in
//! either language); it is not compared.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{Edition, Page};
use crate::core::translation::edition_units;
use crate::core::units::{Mark, Unit, by_id};
use crate::render::i18n::I18n;
use crate::render::numbers::{Digits, Grouping, NumberFormat};

use super::cells;
use super::text_numbers::{Separators, located_numbers};

/// The comment that opts a unit out of the comparison.
pub(crate) const DIFFERS_MARKER: &str = "rapport:differs";

/// Compares every translated unit of an edition, and every text of its indicator
/// tables, with its source.
pub(super) fn drift<'a>(
    edition: &'a Edition,
    languages: &[String],
    i18n: Option<&I18n>,
    problems: &mut Diagnostics,
) {
    let Some((reference, others)) = languages.split_first() else {
        return;
    };
    let sources = edition_units(edition, reference);
    let seps_a = separators(reference, i18n);
    for lang in others {
        let seps_b = separators(lang, i18n);
        for ((_, a, units_a), (_, b, units_b)) in sources.iter().zip(edition_units(edition, lang)) {
            let (Some(a), Some(b)) = (a, b) else {
                continue;
            };
            let targets = by_id(&units_b);
            for unit_a in units_a {
                let Some(unit_b) = targets.get(unit_a.id.as_str()) else {
                    continue;
                };
                if unit_a.has_comment(DIFFERS_MARKER) || unit_b.has_comment(DIFFERS_MARKER) {
                    continue;
                }
                let side = |lang, page: &'a Page, unit: &Unit, seps| Side {
                    lang,
                    path: page.path.clone(),
                    source: &page.source,
                    offset: page.body_offset + unit.range.start,
                    text: unit.plain_text(),
                    seps,
                };
                let pair = Pair {
                    name: unit_a.id.clone(),
                    a: side(reference, a, unit_a, &seps_a),
                    b: side(lang, b, unit_b, &seps_b),
                };
                pair.numbers(problems);
                pair.marks(unit_a, unit_b, problems);
            }
        }
        cells::indicator_cells(edition, (reference, &seps_a), (lang, &seps_b), problems);
    }
}

/// The separators of a language: its UI strings' number format, or ICU4X's defaults
/// when the theme could not be read.
fn separators(lang: &str, i18n: Option<&I18n>) -> Separators {
    let (group, decimal) = match i18n {
        Some(i18n) => i18n.numbers(lang).separators(),
        None => NumberFormat::new(lang, "{n}%".into(), Grouping::Auto, Digits::Auto)
            .map(|f| f.separators())
            .unwrap_or_else(|_| (",".into(), ".".into())),
    };
    Separators::new(&group, &decimal)
}

/// One side of a comparison: a text in a language, and where it is written.
pub(super) struct Side<'a> {
    pub(super) lang: &'a str,
    pub(super) path: PathBuf,
    pub(super) source: &'a str,
    pub(super) offset: usize,
    pub(super) text: String,
    pub(super) seps: &'a Separators,
}

/// A text and its translation; `name` says which (`p12`, `indicator 1.1.a, current`).
pub(super) struct Pair<'a> {
    pub(super) name: String,
    pub(super) a: Side<'a>,
    pub(super) b: Side<'a>,
}

impl Pair<'_> {
    /// Warns when the two sides do not write the same numbers.
    pub(super) fn numbers(&self, problems: &mut Diagnostics) {
        let in_a = located_numbers(&self.a.text, self.a.seps);
        let in_b = located_numbers(&self.b.text, self.b.seps);
        let values =
            |found: &[(String, usize)]| found.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
        let (only_a, only_b) = difference(&values(&in_a), &values(&in_b));
        if only_a.is_empty() && only_b.is_empty() {
            return;
        }
        let mut lacks = Vec::new();
        if !only_a.is_empty() {
            lacks.push(format!("`{}` lacks {}", self.b.lang, only_a.join(", ")));
        }
        if !only_b.is_empty() {
            lacks.push(format!("`{}` lacks {}", self.a.lang, only_b.join(", ")));
        }
        let message = format!(
            "{} does not write the same numbers in `{}` and `{}`: {}",
            self.name,
            self.b.lang,
            self.a.lang,
            lacks.join("; ")
        );
        // Quote each side where the first number the other lacks is written.
        let at = |found: &[(String, usize)], missing: &[String]| {
            missing
                .first()
                .and_then(|m| found.iter().find(|(n, _)| n == m))
                .map_or(0, |(_, at)| *at)
        };
        let excerpts = (
            excerpt(&self.a.text, at(&in_a, &only_a)),
            excerpt(&self.b.text, at(&in_b, &only_b)),
        );
        problems.push(self.warning(message, excerpts));
    }

    /// Warns when two units have a different number of links, note references or code
    /// spans.
    fn marks(&self, a: &Unit, b: &Unit, problems: &mut Diagnostics) {
        let kinds = [
            (Mark::Link, "link(s)"),
            (Mark::NoteRef, "footnote reference(s)"),
            (Mark::Code, "inline code span(s)"),
        ];
        for (mark, name) in kinds {
            let (in_a, in_b) = (a.count(mark), b.count(mark));
            if in_a != in_b {
                let message = format!(
                    "{} has {in_b} {name} in `{}` but {in_a} in `{}`",
                    self.name, self.b.lang, self.a.lang
                );
                let excerpts = (excerpt(&self.a.text, 0), excerpt(&self.b.text, 0));
                problems.push(self.warning(message, excerpts));
            }
        }
    }

    /// A warning at the translation, naming the source's place and quoting both.
    fn warning(&self, message: String, (excerpt_a, excerpt_b): (String, String)) -> Diagnostic {
        let at_a = Diagnostic::warning(&self.a.path, "").at_offset(self.a.source, self.a.offset);
        Diagnostic::warning(&self.b.path, message)
            .at_offset(self.b.source, self.b.offset)
            .with_hint(format!(
                "`{}` at {}:{}:{}: “{excerpt_a}”; `{}`: “{excerpt_b}”. Correct the translation, or mark a difference meant so with `<!-- {DIFFERS_MARKER} -->` in the paragraph",
                self.a.lang,
                shown(&self.a.path).display(),
                at_a.line,
                at_a.column,
                self.b.lang,
            ))
    }
}

/// What each list has that the other has not, counting repeats (`[3, 3]` against `[3]`
/// lacks one 3).
fn difference(a: &[String], b: &[String]) -> (Vec<String>, Vec<String>) {
    let mut counts: BTreeMap<&str, isize> = BTreeMap::new();
    for n in a {
        *counts.entry(n).or_default() += 1;
    }
    for n in b {
        *counts.entry(n).or_default() -= 1;
    }
    let mut only_a = Vec::new();
    let mut only_b = Vec::new();
    // In the order the source writes them, then the translation.
    for n in a {
        if let Some(c) = counts.get_mut(n.as_str())
            && *c > 0
        {
            only_a.push(n.clone());
            *c -= 1;
        }
    }
    for n in b {
        if let Some(c) = counts.get_mut(n.as_str())
            && *c < 0
        {
            only_b.push(n.clone());
            *c += 1;
        }
    }
    (only_a, only_b)
}

/// About 80 characters of a text around the character at `at`, cut at spaces.
fn excerpt(text: &str, at: usize) -> String {
    let chars: Vec<char> = text.chars().collect();
    let start = at.saturating_sub(30);
    let end = (start + 80).min(chars.len());
    let mut cut: String = chars[start..end].iter().collect();
    if end < chars.len() {
        cut = cut
            .rsplit_once(' ')
            .map_or(cut.clone(), |(head, _)| head.to_string());
        cut.push('…');
    }
    if start > 0 {
        cut = cut
            .split_once(' ')
            .map_or(cut.clone(), |(_, tail)| tail.to_string());
        cut.insert(0, '…');
    }
    cut.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A path as the user gave it: without a leading `./`, as diagnostics print theirs.
pub(super) fn shown(path: &std::path::Path) -> &std::path::Path {
    path.strip_prefix(".").unwrap_or(path)
}
