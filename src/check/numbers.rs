//! Numbers that must read the same in a chart and in the table beside it: the value a
//! progress chart writes for a cell against the number the cell's text writes, per
//! language. A difference is a warning at the cell's text in `indicators.toml`.
//!
//! Only the number is compared, and every kind of space (regular, no-break, narrow
//! no-break) counts as one, since typography may change spaces but not numbers.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Edition;
use crate::render::charts::progress_values;
use crate::render::i18n::I18n;
use crate::render::numbers::GROUPING_KEY;

/// The cell texts of `indicators.toml`, with where each is written; everything else in
/// the file is read elsewhere.
#[derive(Deserialize)]
struct File {
    #[serde(default)]
    indicators: Vec<Row>,
}

#[derive(Deserialize)]
struct Row {
    baseline: Option<Texts>,
    milestone: Option<Texts>,
    current: Option<Texts>,
}

#[derive(Deserialize)]
struct Texts {
    #[serde(default)]
    text: BTreeMap<String, Spanned<String>>,
}

impl Row {
    fn cell(&self, key: &str) -> Option<&Texts> {
        match key {
            "baseline" => self.baseline.as_ref(),
            "milestone" => self.milestone.as_ref(),
            _ => self.current.as_ref(),
        }
    }
}

/// Warns where a progress chart writes a cell's value otherwise than the cell's text.
pub(super) fn chart_numbers(
    edition: &Edition,
    languages: &[String],
    i18n: &I18n,
    problems: &mut Diagnostics,
) {
    let file = "indicators.toml";
    if !crate::validate::known(edition, file) {
        return;
    }
    let (path, source) = edition.source(file);
    // A file that does not parse was reported by validation.
    let Ok(located) = toml::from_str::<File>(source) else {
        return;
    };
    for (indicator, row) in edition
        .indicators
        .indicators
        .iter()
        .zip(&located.indicators)
    {
        for lang in languages {
            for (key, drawn) in progress_values(indicator, lang, i18n) {
                let Some(text) = row.cell(key).and_then(|t| t.text.get(lang)) else {
                    continue;
                };
                if let Some(problem) = compare(&drawn, text.get_ref(), lang, i18n) {
                    problems.push(
                        Diagnostic::warning(
                            &path,
                            format!(
                                "the chart of indicator {} writes `{}` where the `{key}` text in `{lang}` writes `{}`",
                                indicator.id.get_ref(),
                                problem.drawn,
                                problem.written
                            ),
                        )
                        .at_offset(source, text.span().start)
                        .with_hint(problem.hint),
                    );
                }
            }
        }
    }
}

/// A number a chart writes otherwise than its cell's text.
struct Mismatch {
    drawn: String,
    written: String,
    hint: String,
}

/// Compares the chart's number with the first number of the cell's text; `None` when
/// they read the same, or when the text writes no number, or when another number of the
/// text is the chart's (a cell may add a year: "1 250 (2022)").
fn compare(drawn: &str, text: &str, lang: &str, i18n: &I18n) -> Option<Mismatch> {
    let drawn = numbers_in(drawn).into_iter().next()?;
    let written = numbers_in(text);
    let first = written.first()?.clone();
    if written.contains(&drawn) {
        return None;
    }
    let hint = if digits(&first) == digits(&drawn) {
        grouping_hint(&drawn, &first, lang, i18n)
    } else {
        format!(
            "the cell's `value` and its text disagree: write `{drawn}` in the text, or correct the value"
        )
    };
    Some(Mismatch {
        drawn,
        written: first,
        hint,
    })
}

/// What to change when only the writing differs.
fn grouping_hint(drawn: &str, written: &str, lang: &str, i18n: &I18n) -> String {
    let grouped = |n: &str| n.chars().any(|c| !c.is_ascii_digit()) && digits(n).len() > 3;
    let current = i18n
        .strings(lang)
        .get(GROUPING_KEY)
        .map_or("auto", String::as_str);
    let suggested = match (grouped(written), grouped(drawn)) {
        (true, false) => Some("always"),
        (false, true) if digits(written).len() <= 4 => Some("min2"),
        (false, true) => Some("never"),
        _ => None,
    };
    match suggested {
        Some(value) => format!(
            "the chart groups digits as `{GROUPING_KEY}` says for `{lang}` (now `{current}`): set `{GROUPING_KEY} = \"{value}\"` in i18n/{lang}.toml, or write the text as the chart does (`{drawn}`)"
        ),
        None => format!("write the number as the chart does for `{lang}` (`{drawn}`)"),
    }
}

/// The numbers written in a text, in order, with every kind of space as a plain space:
/// a run of digits with the separators between them (`3 200`, `3.200`, `88,5`).
fn numbers_in(text: &str) -> Vec<String> {
    let chars: Vec<char> = text
        .chars()
        .map(|c| if is_space(c) { ' ' } else { c })
        .collect();
    let mut numbers = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            i += 1;
            continue;
        }
        let mut number = String::new();
        while i < chars.len() {
            let c = chars[i];
            let joins = matches!(c, ',' | '.' | ' ' | '\'' | '’')
                && chars.get(i + 1).is_some_and(char::is_ascii_digit)
                && !number.is_empty();
            if c.is_ascii_digit() || joins {
                number.push(c);
                i += 1;
            } else {
                break;
            }
        }
        numbers.push(number);
    }
    numbers
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
}

fn digits(number: &str) -> String {
    number.chars().filter(char::is_ascii_digit).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_with_their_separators_and_any_space() {
        assert_eq!(numbers_in("1 250 (2022)"), ["1 250", "2022"]);
        assert_eq!(numbers_in("1\u{202f}250\u{a0}%"), ["1 250"]);
        assert_eq!(numbers_in("3.200"), ["3.200"]);
        assert_eq!(numbers_in("88,5 %: meta superada."), ["88,5"]);
        assert_eq!(numbers_in("objectif dépassé"), Vec::<String>::new());
        assert_eq!(numbers_in("2 jours"), ["2"]);
    }
}
