//! Numbers as each language writes them (ICU4X), with the digit grouping its UI strings
//! choose (`number_grouping`): one formatter per language, used by tables, charts, the
//! edition's home and the open data alike.

use std::path::{Path, PathBuf};

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale;

use crate::core::diagnostics::Diagnostic;
use crate::core::model::Unit;
use crate::render::i18n::Strings;

/// The UI string that sets how a language groups the digits of numbers.
pub const GROUPING_KEY: &str = "number_grouping";

/// When numbers get a digit-group separator (`3 200`, `3,200`, `3.200`): the values of
/// [`GROUPING_KEY`]. CLDR's rule for Spanish, Polish or Portuguese leaves four-digit
/// numbers ungrouped (`3200`), which a report may not; this lets the report decide.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Grouping {
    /// The language's own rule (CLDR's minimum grouping digits): `auto`.
    Auto,
    /// From four digits on (minimum grouping digits 1): `always`. ICU4X's own `Always`
    /// is its `Auto`, so [`NumberFormat`] completes it.
    Always,
    /// From five digits on (minimum grouping digits 2): `min2`.
    Min2,
    /// Never: `never`.
    Never,
}

impl Grouping {
    /// The values a UI strings file may give, in the order the docs list them.
    pub const CHOICES: [&str; 4] = ["auto", "always", "min2", "never"];

    fn parse(value: &str) -> Option<Grouping> {
        match value.trim() {
            "auto" => Some(Grouping::Auto),
            "always" => Some(Grouping::Always),
            "min2" => Some(Grouping::Min2),
            "never" => Some(Grouping::Never),
            _ => None,
        }
    }

    fn strategy(self) -> GroupingStrategy {
        match self {
            Grouping::Auto => GroupingStrategy::Auto,
            Grouping::Always => GroupingStrategy::Always,
            Grouping::Min2 => GroupingStrategy::Min2,
            Grouping::Never => GroupingStrategy::Never,
        }
    }
}

/// A language's grouping, from its merged strings; an unknown value is an error at the
/// line of the file that set it.
pub(super) fn grouping(
    merged: &Strings,
    source: Option<&(PathBuf, String)>,
) -> Result<Grouping, Diagnostic> {
    let Some(value) = merged.get(GROUPING_KEY) else {
        return Ok(Grouping::Auto);
    };
    Grouping::parse(value).ok_or_else(|| {
        let (path, text) = source.map_or((Path::new(""), ""), |(p, t)| (p.as_path(), t.as_str()));
        let at = text
            .match_indices(GROUPING_KEY)
            .map(|(i, _)| i)
            .find(|&i| text[..i].ends_with('\n') || i == 0)
            .unwrap_or(0);
        Diagnostic::error(path, format!("unknown `{GROUPING_KEY}` value `{value}`"))
            .at_offset(text, at)
            .with_hint(format!(
                "expected one of {}: `always` groups from 4 digits (3.200), `auto` follows the language's CLDR rule",
                Grouping::CHOICES.join(", ")
            ))
    })
}

/// The separator a formatter puts between digit groups, read from a number every
/// locale groups (seven digits are past any CLDR minimum grouping).
fn group_separator(decimal: &DecimalFormatter) -> String {
    let sample = decimal.format(&Decimal::from(1_234_567)).to_string();
    sample
        .chars()
        .skip_while(|c| !c.is_numeric())
        .skip_while(|c| c.is_numeric())
        .take_while(|c| !c.is_numeric())
        .collect()
}

/// Groups the integer part of a formatted number from four digits on. ICU4X treats
/// `Always` as `Auto`, so a locale whose CLDR minimum grouping is 2 or 3 (Spanish: 3200)
/// leaves numbers of up to 4 or 5 integer digits ungrouped; those are grouped here by
/// threes. Longer ones were grouped by ICU4X, with the locale's own sizes.
fn group_from_four_digits(formatted: &str, separator: &str) -> String {
    if separator.is_empty() || formatted.contains(separator) {
        return formatted.to_string();
    }
    let start = formatted
        .find(|c: char| c.is_numeric())
        .unwrap_or(formatted.len());
    let (sign, rest) = formatted.split_at(start);
    let end = rest.find(|c: char| !c.is_numeric()).unwrap_or(rest.len());
    let (integer, tail) = rest.split_at(end);
    let digits: Vec<char> = integer.chars().collect();
    if digits.len() <= 3 {
        return formatted.to_string();
    }
    let mut grouped = String::from(sign);
    for (i, digit) in digits.iter().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push_str(separator);
        }
        grouped.push(*digit);
    }
    grouped.push_str(tail);
    grouped
}

/// Formats numbers for one locale.
pub struct NumberFormat {
    decimal: DecimalFormatter,
    percent_pattern: String,
    grouping: Grouping,
    /// The locale's digit-group separator (`.` in Spanish, U+202F in French).
    separator: String,
}

impl NumberFormat {
    /// A formatter for a language code such as `fr` or `en`, grouping digits as told.
    pub fn new(
        lang: &str,
        percent_pattern: String,
        grouping: Grouping,
    ) -> Result<NumberFormat, String> {
        let locale: Locale = lang
            .parse()
            .map_err(|_| format!("`{lang}` is not a language code: expected one such as fr, en"))?;
        let options = DecimalFormatterOptions::from(grouping.strategy());
        let decimal = DecimalFormatter::try_new((&locale).into(), options)
            .map_err(|e| format!("no number format for `{lang}`: {e}"))?;
        let percent_pattern = if percent_pattern.contains("{n}") {
            percent_pattern
        } else {
            "{n}%".to_string()
        };
        let separator = group_separator(&decimal);
        Ok(NumberFormat {
            decimal,
            percent_pattern,
            grouping,
            separator,
        })
    }

    /// How this format groups digits.
    pub fn grouping(&self) -> Grouping {
        self.grouping
    }

    /// A plain number: `3 409` in French, `3,409` in English; at most two decimals.
    pub fn number(&self, value: f64) -> String {
        let text = format!("{:.2}", value);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        match text.parse::<Decimal>() {
            Ok(decimal) => {
                let formatted = self.decimal.format(&decimal).to_string();
                if self.grouping == Grouping::Always {
                    group_from_four_digits(&formatted, &self.separator)
                } else {
                    formatted
                }
            }
            Err(_) => text.to_string(),
        }
    }

    /// A number with its unit: `88,5 %` in French, `88.5%` in English.
    pub fn measure(&self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Percent => self.percent_pattern.replace("{n}", &self.number(value)),
            Unit::Count => self.number(value),
        }
    }
}
