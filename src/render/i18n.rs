//! Words and numbers in each language: the theme's UI strings and locale-aware number
//! formatting (ICU4X), shared by tables, charts and templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use fixed_decimal::Decimal;
use icu_decimal::DecimalFormatter;
use icu_locale_core::Locale;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{Edition, Unit};
use crate::load;

/// UI strings for one language, by key.
pub(crate) type Strings = BTreeMap<String, String>;

/// The UI strings and number formats of every site language.
pub struct I18n {
    strings: BTreeMap<String, Strings>,
    numbers: BTreeMap<String, NumberFormat>,
}

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
    "sentence_end",
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
        for lang in languages {
            let mut merged = Strings::new();
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
                match load::text::parse_toml::<Strings>(path, &text) {
                    Ok(map) => merged.extend(map),
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
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(I18n { strings, numbers })
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

    /// Text as one sentence of a language: trimmed, ending with exactly one terminal
    /// mark. Data text (a description, a cell) may or may not end with a full stop;
    /// descriptions built from it must neither run on nor double the stop.
    pub fn sentence(&self, lang: &str, text: &str) -> String {
        let text = text.trim_end_matches(is_space).trim_start_matches(is_space);
        if text.is_empty() {
            return String::new();
        }
        let end = self.get(lang, "sentence_end");
        let body = text.trim_end_matches(CLOSERS);
        if body.ends_with("...") || body.ends_with(end) && !body.ends_with("..") {
            return text.to_string();
        }
        if body.ends_with("..") {
            // A doubled stop, from a template's stop after data text that had one.
            let cut = body.len() - 1;
            return format!("{}{}", &text[..cut], &text[cut + 1..]);
        }
        if body.ends_with(|c: char| TERMINALS.contains(&c)) {
            return text.to_string();
        }
        format!("{text}{end}")
    }

    /// Sentences joined into one text, each ending with exactly one terminal mark
    /// ([`I18n::sentence`]); empty parts are left out.
    pub fn sentences<S: AsRef<str>>(&self, lang: &str, parts: &[S]) -> String {
        parts
            .iter()
            .map(|p| self.sentence(lang, p.as_ref()))
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// The wording of an indicator column (`indicator`, `verification`, `baseline`,
    /// `milestone`, `current`) for an edition in a language: the edition's own label
    /// (`[labels]` in edition.toml) when it gives one, else the theme's UI string. Tables,
    /// charts, their text alternatives and the open data all ask here, so that a column
    /// reads the same wherever it appears.
    pub fn column_label(&self, edition: &Edition, lang: &str, key: &str) -> String {
        edition
            .meta
            .labels
            .get(key)
            .and_then(|l| l.get(lang))
            .filter(|l| !l.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| self.get(lang, key).to_string())
    }

    /// The number formatter of a language.
    pub fn numbers(&self, lang: &str) -> &NumberFormat {
        self.numbers
            .get(lang)
            .or_else(|| self.numbers.values().next())
            .expect("languages were validated before formatting numbers")
    }
}

/// Marks that end a sentence in the languages rapport ships (`sentence_end` of the UI
/// strings is added when none is there).
const TERMINALS: &[char] = &['.', '!', '?', '…', '。', '！', '？'];

/// Closing quotes and brackets, which may follow a sentence's terminal mark.
const CLOSERS: &[char] = &['»', '”', '’', '"', '\'', ')', ']', '›'];

/// Spaces around a sentence, including the no-break spaces of French typography.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
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

    /// The default theme's strings for `lang`, with `extra` lines overriding them.
    fn theme(lang: &str, extra: &str) -> I18n {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let theme = std::fs::read(dir.join(format!("{lang}.toml"))).expect("theme strings");
        let files = vec![
            (format!("{lang}.toml"), dir.join("theme"), theme),
            (format!("{lang}.toml"), dir.join("project"), extra.as_bytes().to_vec()),
        ];
        I18n::from_files(files, &[lang.to_string()], &dir).expect("valid strings")
    }

    #[test]
    fn sentences_end_with_exactly_one_terminal_mark() {
        let i18n = theme("es", "");
        let s = |t: &str| i18n.sentence("es", t);
        assert_eq!(s("Número de trámites"), "Número de trámites.");
        assert_eq!(s("Número de trámites.  "), "Número de trámites.");
        assert_eq!(s("Número de trámites.."), "Número de trámites.");
        assert_eq!(s("¿Cuántos trámites?"), "¿Cuántos trámites?");
        assert_eq!(s("¡Meta superada!\u{a0}"), "¡Meta superada!");
        assert_eq!(s("Y así..."), "Y así...");
        assert_eq!(s("«una ventanilla única»"), "«una ventanilla única».");
        assert_eq!(s("«una ventanilla única.»"), "«una ventanilla única.»");
        assert_eq!(s("Plazo (en días)"), "Plazo (en días).");
        assert_eq!(s("  "), "");
        assert_eq!(
            i18n.sentences("es", &["Base de referencia: 3200", "", "Hito: 50 %."]),
            "Base de referencia: 3200. Hito: 50 %."
        );
    }

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
