//! Numbers that must read the same in a chart and in the table beside it: the value a
//! progress chart writes for a cell against the number the cell's text writes, per
//! language. A difference is a warning at the cell's text in `indicators.toml`.
//!
//! Only the number is compared, and every kind of space (regular, no-break, narrow
//! no-break) counts as one, since typography may change spaces but not numbers. Digits
//! of any script count (٣٢٠٠ is a number, as 3200 is), so that a chart in Arabic-Indic
//! digits (`digits = "arab"`) is compared too.

use std::collections::BTreeMap;

use icu_properties::CodePointMapData;
use icu_properties::props::GeneralCategory;
use serde::Deserialize;
use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Edition;
use crate::render::charts::progress_values;
use crate::render::i18n::I18n;
use crate::render::numbers::{DIGITS_KEY, GROUPING_KEY};

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
    let Some((path, source, located)) = super::located_indicators::<File>(edition) else {
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
    let hint = if digits(&first) == digits(&drawn) && is_latin(&first) != is_latin(&drawn) {
        digits_hint(&drawn, lang, i18n)
    } else if digits(&first) == digits(&drawn) {
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

/// What to change when the chart writes other digits than the text (٣٢٠٠ and 3200).
fn digits_hint(drawn: &str, lang: &str, i18n: &I18n) -> String {
    let current = i18n
        .strings(lang)
        .get(DIGITS_KEY)
        .map_or("auto", String::as_str);
    let suggested = if is_latin(drawn) { "arab" } else { "latin" };
    format!(
        "the chart writes the digits `{DIGITS_KEY}` says for `{lang}` (now `{current}`): set `{DIGITS_KEY} = \"{suggested}\"` (or the text's own numbering system) in i18n/{lang}.toml, or write the text with the chart's digits (`{drawn}`)"
    )
}

/// Whether a number is written with the digits 0–9.
fn is_latin(number: &str) -> bool {
    number
        .chars()
        .filter(|c| digit_value(*c).is_some())
        .all(|c| c.is_ascii_digit())
}

/// The value of a decimal digit of any script (Unicode general category Nd): 0–9 for
/// `0`–`9`, `٠`–`٩`, `۰`–`۹`, `０`–`９`… Unicode encodes each script's digits as a run of
/// ten code points from zero, so a digit's value is its place in its run.
pub(super) fn digit_value(c: char) -> Option<u32> {
    if let Some(value) = c.to_digit(10) {
        return Some(value);
    }
    let categories = CodePointMapData::<GeneralCategory>::new();
    let is_digit = |c: char| categories.get(c) == GeneralCategory::DecimalNumber;
    if !is_digit(c) {
        return None;
    }
    // Runs of mathematical digits follow each other: count back to the run's start.
    let place = (1..=u32::from(c))
        .take_while(|back| char::from_u32(u32::from(c) - back).is_some_and(is_digit))
        .count();
    u32::try_from(place % 10).ok()
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
    let is_digit = |c: &char| digit_value(*c).is_some();
    while i < chars.len() {
        if !is_digit(&chars[i]) {
            i += 1;
            continue;
        }
        let mut number = String::new();
        while i < chars.len() {
            let c = chars[i];
            // The Arabic thousands and decimal separators (٬ ٫) join digits as , and . do.
            let joins = matches!(c, ',' | '.' | ' ' | '\'' | '’' | '\u{66b}' | '\u{66c}')
                && chars.get(i + 1).is_some_and(is_digit)
                && !number.is_empty();
            if is_digit(&c) || joins {
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

/// The digits of a number, as values: `3 200` and `٣٬٢٠٠` both give `3200`.
fn digits(number: &str) -> String {
    number
        .chars()
        .filter_map(digit_value)
        .filter_map(|d| char::from_digit(d, 10))
        .collect()
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
        assert_eq!(numbers_in("١٦٪؜: ٢١ مكتباً"), ["١٦", "٢١"]);
        assert_eq!(numbers_in("٣٬٢٠٠٫٥"), ["٣٬٢٠٠٫٥"]);
        assert_eq!(numbers_in("5 km²"), ["5"]);
    }

    #[test]
    fn digits_of_every_script_have_their_value() {
        assert_eq!(digits("٣٬٢٠٠٫٥"), "32005");
        assert_eq!(digits("۱۲"), "12");
        assert_eq!(digits("１２"), "12");
        assert_eq!(digits("𝟗𝟘"), "90", "mathematical digits, in runs of ten");
        assert!(is_latin("3 200") && !is_latin("٣٢٠٠"));
    }
}
