//! Numbers as each language writes them (ICU4X), with the digit grouping and the digits
//! its UI strings choose (`number_grouping`, `digits`): one formatter per language, used
//! by tables, charts, the edition's home and the open data alike.

use std::path::{Path, PathBuf};

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_decimal::options::{DecimalFormatterOptions, GroupingStrategy};
use icu_locale_core::Locale;
use icu_locale_core::extensions::unicode::{Value, key, value};

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

/// The UI string that chooses a language's digits.
pub const DIGITS_KEY: &str = "digits";

/// Which digits numbers and dates are written with: the values of [`DIGITS_KEY`]. CLDR
/// gives each locale a default numbering system: Latin digits for `ar` (since CLDR 42),
/// Arabic-Indic ones (٣٢٠٠) for `ar-EG` or `ar-SA`, Persian ones for `fa`. Reports differ
/// in which they use: the report decides.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Digits {
    /// The locale's default numbering system in CLDR: `auto`.
    #[default]
    Auto,
    /// A CLDR numbering system (`-u-nu-…`): `latin` (0–9, CLDR's `latn`), `arab`
    /// (٠–٩), `arabext` (۰–۹)…
    System(Value),
}

impl Digits {
    /// Latin digits, 0–9.
    pub fn latin() -> Digits {
        Digits::System(value!("latn"))
    }

    fn parse(text: &str) -> Option<Digits> {
        match text.trim() {
            "auto" => Some(Digits::Auto),
            "latin" | "latn" => Some(Digits::latin()),
            other => other.parse().ok().map(Digits::System),
        }
    }
}

/// The locale ICU4X formats a language's numbers and dates with: its code, with Latin
/// digits asked for (`-u-nu-latn`) when the language's UI strings choose them.
pub(crate) fn locale(lang: &str, digits: &Digits) -> Result<Locale, String> {
    let mut locale: Locale = lang
        .parse()
        .map_err(|_| format!("`{lang}` is not a language code: expected one such as fr, en"))?;
    if let Digits::System(system) = digits {
        locale
            .extensions
            .unicode
            .keywords
            .set(key!("nu"), system.clone());
    }
    Ok(locale)
}

/// A language's digits, from its merged strings; a value that names no numbering system
/// ICU4X has digits for is an error at the line of the file that set it.
pub(super) fn digits(
    lang: &str,
    merged: &Strings,
    source: Option<&(PathBuf, String)>,
) -> Result<Digits, Diagnostic> {
    let Some(value) = merged.get(DIGITS_KEY) else {
        return Ok(Digits::Auto);
    };
    let hint = "expected `auto` (the locale's own digits in CLDR), `latin` (0–9) or a CLDR numbering system such as `arab` (٠–٩)";
    let digits = Digits::parse(value)
        .ok_or_else(|| unknown_value(DIGITS_KEY, value, source).with_hint(hint))?;
    if let Digits::System(system) = &digits {
        // ICU4X falls back to the locale's own digits for a system it has none for: only
        // Latin digits where `latn` was asked for tell that it had them.
        let formatter = locale(lang, &digits).ok().and_then(|locale| {
            DecimalFormatter::try_new((&locale).into(), DecimalFormatterOptions::default()).ok()
        });
        let latin = formatter.as_ref().is_some_and(writes_latin_digits);
        if latin != (*system == value!("latn")) {
            let (path, text) = located(source);
            return Err(Diagnostic::error(
                path,
                format!("CLDR has no `{system}` digits for `{lang}`"),
            )
            .at_offset(text, text_offset(DIGITS_KEY, text))
            .with_hint(hint));
        }
    }
    Ok(digits)
}

/// An error on a setting of the UI strings, at the line of the file that set it.
fn unknown_value(key: &str, value: &str, source: Option<&(PathBuf, String)>) -> Diagnostic {
    let (path, text) = located(source);
    Diagnostic::error(path, format!("unknown `{key}` value `{value}`"))
        .at_offset(text, text_offset(key, text))
}

/// The file that set a setting of the UI strings, and its text.
fn located(source: Option<&(PathBuf, String)>) -> (&Path, &str) {
    source.map_or((Path::new(""), ""), |(p, t)| (p.as_path(), t.as_str()))
}

/// Where a key is set in a UI strings file: the start of the line that begins with it.
fn text_offset(key: &str, text: &str) -> usize {
    text.match_indices(key)
        .map(|(i, _)| i)
        .find(|&i| text[..i].ends_with('\n') || i == 0)
        .unwrap_or(0)
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
        unknown_value(GROUPING_KEY, value, source).with_hint(format!(
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

/// Whether a formatter writes the digits 0–9.
fn writes_latin_digits(decimal: &DecimalFormatter) -> bool {
    let all = decimal.format(&Decimal::from(1_234_567_890)).to_string();
    all.chars()
        .filter(|c| c.is_numeric())
        .all(|c| c.is_ascii_digit())
}

/// A percent pattern for Latin digits: CLDR's `latn` percent sign `%` in place of the
/// Arabic one (U+066A, which CLDR's `arab` symbols pair with ٠–٩), without the marks that
/// kept it beside Arabic-Indic digits. A theme writes one pattern per language, for its
/// Arabic-Indic digits where it has them; the digits the locale ends up with choose.
fn latin_percent(pattern: &str) -> String {
    pattern
        .chars()
        .filter(|c| !matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}'))
        .map(|c| if c == '\u{66a}' { '%' } else { c })
        .collect()
}

/// Formats numbers for one locale.
pub struct NumberFormat {
    decimal: DecimalFormatter,
    percent_pattern: String,
    grouping: Grouping,
    /// The locale's digit-group separator (`.` in Spanish, U+202F in French).
    separator: String,
    /// The locale's zero (`0`, `٠`, `۰`): its other digits follow it in Unicode.
    zero: char,
}

impl NumberFormat {
    /// A formatter for a language code such as `fr` or `en`, grouping digits as told.
    pub fn new(
        lang: &str,
        percent_pattern: String,
        grouping: Grouping,
        digits: Digits,
    ) -> Result<NumberFormat, String> {
        let locale = locale(lang, &digits)?;
        let options = DecimalFormatterOptions::from(grouping.strategy());
        let decimal = DecimalFormatter::try_new((&locale).into(), options)
            .map_err(|e| format!("no number format for `{lang}`: {e}"))?;
        // Whichever digits the locale ends up with choose the percent sign.
        let latin = writes_latin_digits(&decimal);
        let percent_pattern = if !percent_pattern.contains("{n}") {
            "{n}%".to_string()
        } else if latin {
            latin_percent(&percent_pattern)
        } else {
            percent_pattern
        };
        let separator = group_separator(&decimal);
        let zero = (decimal.format(&Decimal::from(0)).to_string().chars())
            .find(|c| c.is_numeric())
            .unwrap_or('0');
        Ok(NumberFormat {
            decimal,
            percent_pattern,
            grouping,
            separator,
            zero,
        })
    }

    /// The locale's digit-group and decimal separators as ICU4X writes them (` ` U+202F
    /// and `,` in French, `,` and `.` in English, `.` and `,` in Spanish), so that `check`
    /// reads the numbers of a text as its language writes them.
    pub fn separators(&self) -> (String, String) {
        let sample = String::new();
        let half = "0.5"
            .parse::<Decimal>()
            .map(|d| self.decimal.format(&d).to_string())
            .unwrap_or(sample);
        let decimal = half
            .chars()
            .skip_while(|c| !c.is_numeric())
            .skip_while(|c| c.is_numeric())
            .take_while(|c| !c.is_numeric())
            .collect();
        (self.separator.clone(), decimal)
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

    /// A counter (a paragraph's or a note's number) in the locale's digits, never grouped:
    /// `1234`, `١٢٣٤`. Unicode encodes every script's digits from zero to nine in a row.
    pub fn counter(&self, n: usize) -> String {
        n.to_string()
            .chars()
            .map(|c| {
                let offset = c.to_digit(10).unwrap_or(0);
                char::from_u32(u32::from(self.zero) + offset).unwrap_or(c)
            })
            .collect()
    }

    /// A number with its unit: `88,5 %` in French, `88.5%` in English.
    pub fn measure(&self, value: f64, unit: Unit) -> String {
        match unit {
            Unit::Percent => self.percent_pattern.replace("{n}", &self.number(value)),
            Unit::Count => self.number(value),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn format(lang: &str, pattern: &str, digits: Digits) -> NumberFormat {
        NumberFormat::new(lang, pattern.to_string(), Grouping::Auto, digits).expect("a format")
    }

    /// CLDR's Arabic percent pattern for Arabic-Indic digits, as the theme's ar.toml has it.
    const ARABIC_PERCENT: &str = "{n}\u{66a}\u{61c}";

    #[test]
    fn digits_follow_the_locale_unless_the_report_chooses() {
        let number =
            |lang: &str, digits: Digits| format(lang, ARABIC_PERCENT, digits).number(3200.5);
        // CLDR's default for `ar` is Latin digits; for `ar-EG`, Arabic-Indic ones.
        assert_eq!(number("ar", Digits::Auto), "3,200.5");
        assert_eq!(number("ar-EG", Digits::Auto), "٣٬٢٠٠٫٥");
        assert_eq!(number("ar", Digits::System(value!("arab"))), "٣٬٢٠٠٫٥");
        assert_eq!(number("ar-EG", Digits::latin()), "3,200.5");
        assert_eq!(number("fa", Digits::Auto), "۳٬۲۰۰٫۵");
        let source = (
            PathBuf::from("i18n/fr.toml"),
            "# Digits\ndigits = \"xyzzy\"\n".to_string(),
        );
        let merged = Strings::from([("digits".to_string(), "xyzzy".to_string())]);
        let unknown = digits("fr", &merged, Some(&source)).expect_err("no such digits");
        assert!(
            unknown.message.contains("no `xyzzy` digits for `fr`"),
            "{unknown:?}"
        );
        assert_eq!((unknown.line, unknown.column), (2, 1));
        let merged = Strings::from([("digits".to_string(), "arab".to_string())]);
        assert_eq!(
            digits("ar", &merged, Some(&source)),
            Ok(Digits::System(value!("arab")))
        );
    }

    #[test]
    fn separators_are_the_locale_s() {
        let separators = |lang: &str| format(lang, "{n}%", Digits::Auto).separators();
        assert_eq!(separators("fr"), ("\u{202f}".to_string(), ",".to_string()));
        assert_eq!(separators("en"), (",".to_string(), ".".to_string()));
        assert_eq!(separators("es"), (".".to_string(), ",".to_string()));
        assert_eq!(separators("ar-EG"), ("٬".to_string(), "٫".to_string()));
    }

    #[test]
    fn counters_are_written_in_the_locale_s_digits_without_groups() {
        assert_eq!(format("fr", "{n}%", Digits::Auto).counter(1234), "1234");
        assert_eq!(format("ar-EG", "{n}%", Digits::Auto).counter(1234), "١٢٣٤");
        assert_eq!(format("fa", "{n}%", Digits::Auto).counter(90), "۹۰");
        assert_eq!(format("ar-EG", "{n}%", Digits::latin()).counter(7), "7");
    }

    #[test]
    fn the_percent_sign_follows_the_digits() {
        let percent = |lang: &str, digits: Digits| {
            format(lang, ARABIC_PERCENT, digits).measure(12.5, Unit::Percent)
        };
        assert_eq!(percent("ar-EG", Digits::Auto), "١٢٫٥٪\u{61c}");
        assert_eq!(percent("ar-EG", Digits::latin()), "12.5%");
        assert_eq!(percent("ar", Digits::Auto), "12.5%");
        let ru = format("ru", "{n}\u{a0}%", Digits::Auto);
        assert_eq!(ru.measure(12.5, Unit::Percent), "12,5\u{a0}%");
    }

    #[test]
    fn russian_groups_with_a_no_break_space_and_chinese_with_a_comma() {
        assert_eq!(
            format("ru", "{n}%", Digits::Auto).number(1234567.0),
            "1\u{a0}234\u{a0}567"
        );
        assert_eq!(
            format("zh", "{n}%", Digits::Auto).number(1234567.0),
            "1,234,567"
        );
    }
}
