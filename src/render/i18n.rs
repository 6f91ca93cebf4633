//! Words and numbers in each language: the theme's UI strings and locale-aware number
//! formatting (ICU4X), shared by tables, charts and templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Unit;
use crate::load;
use crate::render::dates::DateFormat;
use crate::render::typography::{Rules, RulesFile};

/// UI strings for one language, by key.
pub(crate) type Strings = BTreeMap<String, String>;

/// The UI strings and number formats of every site language.
pub struct I18n {
    strings: BTreeMap<String, Strings>,
    numbers: BTreeMap<String, NumberFormat>,
    dates: BTreeMap<String, DateFormat>,
    typography: BTreeMap<String, Rules>,
}

/// Reads a UI strings file: its strings, and its `[typography]` table. Read key by key
/// rather than as one struct, so that a value of the wrong type is located at its line.
fn read_strings_file(path: &Path, text: &str) -> Result<(Strings, RulesFile), Diagnostic> {
    let table: BTreeMap<String, toml::Spanned<toml::Value>> = load::text::parse_toml(path, text)?;
    let mut strings = Strings::new();
    let mut rules = RulesFile::default();
    for (key, value) in table {
        let at = value.span().start;
        match (key.as_str(), value.into_inner()) {
            (_, toml::Value::String(string)) => {
                strings.insert(key, string);
            }
            (TYPOGRAPHY, toml::Value::Table(table)) => {
                rules = toml::Value::Table(table)
                    .try_into()
                    .map_err(|e: toml::de::Error| {
                        Diagnostic::error(path, format!("[{TYPOGRAPHY}]: {}", e.message().trim()))
                            .at_offset(text, at)
                            .with_hint("see \"Languages\" in docs/content-format.md for its keys")
                    })?;
            }
            (_, other) => {
                return Err(Diagnostic::error(
                    path,
                    format!("`{key}`: expected a string, found {}", other.type_str()),
                )
                .at_offset(text, at));
            }
        }
    }
    Ok((strings, rules))
}

/// The table of a UI strings file that holds the language's typography rules.
const TYPOGRAPHY: &str = "typography";

impl std::fmt::Debug for I18n {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("I18n")
            .field("languages", &self.strings.keys())
            .finish()
    }
}

/// Keys every language file must define, so that no page shows a missing label.
pub(crate) const REQUIRED_KEYS: &[&str] = &[
    "skip_to_content",
    "paragraph",
    "footnotes",
    "back_to_text",
    "contents",
    "on_this_page",
    "home",
    "editions",
    "language",
    "indicator",
    "verification",
    "baseline",
    "milestone",
    "current",
    "empty_cell",
    "pending_cell",
    "figure",
    "chart_data",
    "download_svg",
    "chart_output",
    "chart_output_short",
    "chart_category",
    "chart_completed",
    "chart_remainder",
    "chart_total",
    "chart_no_projects",
    "chart_by_output",
    "chart_by_category",
    "chart_largest",
    "chart_smallest",
    "chart_register_total",
    "chart_with_remainder",
    "chart_over_total",
    "chart_progress_caption",
    "chart_progress_desc",
    "chart_value",
    "chart_measure",
    "chart_value_column",
    "percent_pattern",
    "print_version",
    "page_not_found",
];

impl I18n {
    /// Reads the UI strings from `i18n/<lang>.toml` files (name, display path, bytes), the
    /// later files overriding the earlier ones key by key (a project's over its theme's).
    pub fn from_files(
        files: Vec<(String, PathBuf, Vec<u8>)>,
        languages: &[String],
        dir: &Path,
    ) -> Result<I18n, Diagnostics> {
        let mut problems = Diagnostics::new();
        let mut strings = BTreeMap::new();
        let mut numbers = BTreeMap::new();
        let mut dates = BTreeMap::new();
        let mut typography = BTreeMap::new();
        for lang in languages {
            let mut merged = Strings::new();
            let mut rules = RulesFile::default();
            let mut found = None;
            for (name, path, bytes) in &files {
                if *name != format!("{lang}.toml") {
                    continue;
                }
                let text = match String::from_utf8(bytes.clone()) {
                    Ok(text) => text,
                    Err(_) => {
                        problems.push(Diagnostic::error(
                            path,
                            "not valid UTF-8: expected UTF-8 text",
                        ));
                        continue;
                    }
                };
                match read_strings_file(path, &text) {
                    Ok((strings, typography)) => {
                        merged.extend(strings);
                        rules = typography.over(rules);
                    }
                    Err(d) => problems.push(d),
                }
                found = Some(path.clone());
            }
            let Some(path) = found else {
                problems.push(
                    Diagnostic::error(dir, format!("no UI strings for `{lang}`: expected i18n/{lang}.toml in the theme or the project"))
                        .with_hint(format!("copy i18n/en.toml of the default theme to i18n/{lang}.toml in your project and translate it")),
                );
                continue;
            };
            for key in REQUIRED_KEYS {
                if !merged.contains_key(*key) {
                    problems.push(Diagnostic::error(
                        &path,
                        format!("missing UI string `{key}`"),
                    ));
                }
            }
            match NumberFormat::new(
                lang,
                merged.get("percent_pattern").cloned().unwrap_or_default(),
            ) {
                Ok(format) => {
                    numbers.insert(lang.clone(), format);
                }
                Err(message) => problems.push(Diagnostic::error(&path, message)),
            }
            strings.insert(lang.clone(), merged);
            dates.insert(lang.clone(), DateFormat::new(lang));
            typography.insert(lang.clone(), Rules::from(rules));
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(I18n {
                strings,
                numbers,
                dates,
                typography,
            })
        }
    }

    /// All strings of a language.
    pub fn strings(&self, lang: &str) -> &Strings {
        static EMPTY: Strings = Strings::new();
        self.strings.get(lang).unwrap_or(&EMPTY)
    }

    /// One string, or its key when missing (never fails a build that validation passed).
    pub fn get<'a>(&'a self, lang: &str, key: &'a str) -> &'a str {
        self.strings(lang).get(key).map_or(key, String::as_str)
    }

    /// A string with `{name}` placeholders filled.
    pub fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(lang, key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// The number formatter of a language.
    pub fn numbers(&self, lang: &str) -> &NumberFormat {
        self.numbers
            .get(lang)
            .or_else(|| self.numbers.values().next())
            .expect("languages were validated before formatting numbers")
    }
}

impl I18n {
    /// A date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`) as the language writes it in full; the
    /// ISO text as written when the language has no date data.
    pub fn date(&self, lang: &str, iso: &str) -> String {
        match self.dates.get(lang) {
            Some(format) => format.long(iso),
            None => iso.to_string(),
        }
    }

    /// The language's typography rules (none for a language the site does not have).
    pub(crate) fn typography(&self, lang: &str) -> &Rules {
        self.typography
            .get(lang)
            .unwrap_or(&crate::render::typography::NONE)
    }

    /// Text from the data (a title, a name) with the language's typography, for a
    /// template or a caller that escapes it.
    pub fn typeset(&self, lang: &str, text: &str) -> String {
        self.typography(lang).apply(text).into_owned()
    }
}

/// Formats numbers for one locale.
pub struct NumberFormat {
    decimal: DecimalFormatter,
    percent_pattern: String,
}

impl NumberFormat {
    /// A formatter for a language code such as `fr` or `en`.
    pub fn new(lang: &str, percent_pattern: String) -> Result<NumberFormat, String> {
        let locale: Locale = lang
            .parse()
            .map_err(|_| format!("`{lang}` is not a language code: expected one such as fr, en"))?;
        let decimal = DecimalFormatter::try_new((&locale).into(), Default::default())
            .map_err(|e| format!("no number format for `{lang}`: {e}"))?;
        let percent_pattern = if percent_pattern.contains("{n}") {
            percent_pattern
        } else {
            "{n}%".to_string()
        };
        Ok(NumberFormat {
            decimal,
            percent_pattern,
        })
    }

    /// A plain number: `3 409` in French, `3,409` in English; at most two decimals.
    pub fn number(&self, value: f64) -> String {
        let text = format!("{:.2}", value);
        let text = text.trim_end_matches('0').trim_end_matches('.');
        match text.parse::<Decimal>() {
            Ok(decimal) => self.decimal.format(&decimal).to_string(),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_follow_the_locale() {
        let fr = NumberFormat::new("fr", "{n}\u{a0}%".into()).unwrap();
        let en = NumberFormat::new("en", "{n}%".into()).unwrap();
        assert_eq!(fr.number(3409.0), "3\u{202f}409");
        assert_eq!(en.number(3409.0), "3,409");
        assert_eq!(fr.measure(88.5, Unit::Percent), "88,5\u{a0}%");
        assert_eq!(en.measure(88.5, Unit::Percent), "88.5%");
        assert_eq!(en.number(16.0), "16");
    }
}
