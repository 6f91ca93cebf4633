//! Words and numbers in each language: the theme's UI strings and locale-aware number
//! formatting (ICU4X), shared by tables, charts and templates.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use icu_list::ListFormatter;
use icu_list::options::{ListFormatterOptions, ListLength};

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::language;
use crate::core::model::{COLUMNS, ChartKind, Edition, FigureBlock};
use crate::load;
use crate::render::dates::DateFormat;
use crate::render::numbers::{DIGITS_KEY, Digits, GROUPING_KEY, Grouping, NumberFormat};
use crate::render::numbers::{digits, grouping};
use crate::render::typography::{Rules, RulesFile};

/// UI strings for one language, by key.
pub(crate) type Strings = BTreeMap<String, String>;

/// The UI strings and number formats of every site language.
pub struct I18n {
    strings: BTreeMap<String, Strings>,
    numbers: BTreeMap<String, NumberFormat>,
    dates: BTreeMap<String, DateFormat>,
    typography: BTreeMap<String, Rules>,
    lists: BTreeMap<String, ListFormatter>,
    /// What `check` tells about the strings, though they build (see [`I18n::warnings`]).
    warnings: Diagnostics,
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
    "figure_caption_by_output",
    "figure_caption_by_category",
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
    "chart_omitted",
    "list_separator",
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
        let mut lists = BTreeMap::new();
        let mut warnings = Diagnostics::new();
        for lang in languages {
            let mut merged = Strings::new();
            let mut rules = RulesFile::default();
            let mut found = None;
            // The files that last set `number_grouping` and `digits`, to locate a wrong value.
            let mut grouping_source = None;
            let mut digits_source = None;
            let candidates = strings_file_names(lang);
            let in_order = candidates
                .iter()
                .flat_map(|candidate| files.iter().filter(move |(name, ..)| name == candidate));
            for (_, path, bytes) in in_order {
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
                        if strings.contains_key(GROUPING_KEY) {
                            grouping_source = Some((path.clone(), text.clone()));
                        }
                        if strings.contains_key(DIGITS_KEY) {
                            digits_source = Some((path.clone(), text.clone()));
                        }
                        merged.extend(strings);
                        rules = typography.over(rules);
                    }
                    Err(d) => problems.push(d),
                }
                found = Some(path.clone());
            }
            let Some(path) = found else {
                problems.push(
                    Diagnostic::error(dir, format!("no UI strings for `{lang}`: expected {} in the theme or the project", candidates.iter().rev().map(|c| format!("i18n/{c}")).collect::<Vec<_>>().join(" or ")))
                        .with_hint(format!("copy i18n/en.toml of the default theme to i18n/{lang}.toml in your project and translate it")),
                );
                continue;
            };
            if let Some(warning) = other_script(lang, &candidates, &files, &path) {
                warnings.push(warning);
            }
            for key in REQUIRED_KEYS
                .iter()
                .chain(crate::render::search::page::UI_KEYS)
            {
                if !merged.contains_key(*key) {
                    problems.push(Diagnostic::error(
                        &path,
                        format!("missing UI string `{key}`"),
                    ));
                }
            }
            let grouping = match grouping(&merged, grouping_source.as_ref()) {
                Ok(grouping) => grouping,
                Err(d) => {
                    problems.push(d);
                    Grouping::Auto
                }
            };
            let digits = match digits(lang, &merged, digits_source.as_ref()) {
                Ok(digits) => digits,
                Err(d) => {
                    problems.push(d);
                    Digits::Auto
                }
            };
            match NumberFormat::new(
                lang,
                merged.get("percent_pattern").cloned().unwrap_or_default(),
                grouping,
                digits.clone(),
            ) {
                Ok(format) => {
                    numbers.insert(lang.clone(), format);
                }
                Err(message) => problems.push(Diagnostic::error(&path, message)),
            }
            strings.insert(lang.clone(), merged);
            dates.insert(lang.clone(), DateFormat::new(lang, &digits));
            if let Some(list) = list_formatter(lang) {
                lists.insert(lang.clone(), list);
            }
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
                lists,
                warnings,
            })
        }
    }

    /// What a project should know about its UI strings though they build: a language
    /// that reads only the strings of its base language, written in another script.
    pub fn warnings(&self) -> &Diagnostics {
        &self.warnings
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

    /// The accessible name of a paragraph's number, with `{n}` where the number goes:
    /// the language's optional `paragraph_title` ("第{n}段": Chinese puts the word
    /// around the number), else its `paragraph` then the number ("Paragraphe {n}").
    pub fn paragraph_title(&self, lang: &str) -> std::borrow::Cow<'_, str> {
        match self.strings(lang).get("paragraph_title") {
            Some(pattern) if pattern.contains("{n}") => pattern.into(),
            _ => format!("{} {{n}}", self.get(lang, "paragraph")).into(),
        }
    }

    /// A numbered figure's caption: the language's optional `figure_numbered` with `{n}`
    /// and `{title}` ("图1　…"), else its `figure`, the number, a full stop and the title
    /// ("Figure 1. …").
    pub fn figure_numbered(&self, lang: &str, number: &str, title: &str) -> String {
        let values = [("n", number), ("title", title)];
        match self.strings(lang).get("figure_numbered") {
            Some(pattern) if pattern.contains("{n}") && pattern.contains("{title}") => {
                self.fill(lang, "figure_numbered", &values)
            }
            _ => format!("{} {number}. {title}", self.get(lang, "figure")),
        }
    }

    /// A string with `{name}` placeholders filled.
    pub fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut text = self.get(lang, key).to_string();
        for (name, value) in values {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// A string with `{name}` placeholders filled for a page to show, each value isolated
    /// from the words around it when the language is written right to left (between U+2068
    /// FIRST STRONG ISOLATE and U+2069 POP DIRECTIONAL ISOLATE): an id such as `1.1.a`
    /// inside Arabic text would otherwise read `a.1.1`. Files of data (CSV, JSON) take
    /// [`I18n::fill`], without the marks.
    pub fn fill_isolated(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        if !language::direction(lang).is_rtl() {
            return self.fill(lang, key, values);
        }
        let isolated: Vec<(&str, String)> = values
            .iter()
            .map(|(name, value)| (*name, isolate(lang, value)))
            .collect();
        let values: Vec<(&str, &str)> = isolated.iter().map(|(n, v)| (*n, v.as_str())).collect();
        self.fill(lang, key, &values)
    }

    /// A figure's caption (after "Figure N."): the block's own, or else one that names
    /// the chart's kind and scope, in the page's language.
    pub fn figure_caption(&self, lang: &str, figure: &FigureBlock, year: u16) -> String {
        if let Some(caption) = &figure.caption {
            return caption.clone();
        }
        let key = match figure.chart.get_ref() {
            ChartKind::CompletedByOutput => "figure_caption_by_output",
            ChartKind::CompletedByCategory => "figure_caption_by_category",
        };
        self.fill(lang, key, &[("year", &year.to_string())])
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
    /// ([`I18n::sentence`]); empty parts are left out. A space parts them, except after
    /// a full-width mark (Chinese and Japanese `。`, `！`), which carries its own room.
    pub fn sentences<S: AsRef<str>>(&self, lang: &str, parts: &[S]) -> String {
        let mut text = String::new();
        for sentence in parts.iter().map(|p| self.sentence(lang, p.as_ref())) {
            if sentence.is_empty() {
                continue;
            }
            if text.chars().next_back().is_some_and(|c| !is_wide(c)) {
                text.push(' ');
            }
            text.push_str(&sentence);
        }
        text
    }

    /// The wording of an indicator column (a key of [`COLUMNS`]: `output`, `indicator`,
    /// `verification`, `baseline`, `milestone`, `current`) for an edition in a language:
    /// the edition's own label (`[labels]` in edition.toml) when it gives one, else the
    /// theme's UI string. Tables, charts, their text alternatives, the open data and the
    /// edition's home all ask here, so that a column reads the same wherever it appears.
    pub fn column_label(&self, edition: &Edition, lang: &str, key: &str) -> String {
        edition
            .meta
            .labels
            .get(key)
            .and_then(|l| l.get(lang))
            .filter(|l| !l.trim().is_empty())
            .cloned()
            .unwrap_or_else(|| {
                let ui_key = COLUMNS
                    .iter()
                    .find(|(column, _)| *column == key)
                    .map_or(key, |(_, ui)| ui);
                self.get(lang, ui_key).to_string()
            })
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
const TERMINALS: &[char] = &['.', '!', '?', '…', '。', '！', '？', '؟', '۔'];

/// Closing quotes and brackets, which may follow a sentence's terminal mark.
const CLOSERS: &[char] = &['»', '”', '’', '"', '\'', ')', ']', '›'];

/// Spaces around a sentence, including the no-break spaces of French typography.
fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{a0}' || c == '\u{202f}'
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

/// A value set inside a sentence of `lang`: between U+2068 FIRST STRONG ISOLATE and U+2069
/// POP DIRECTIONAL ISOLATE when the language is written right to left (see
/// [`I18n::fill_isolated`]), as it is otherwise.
pub(crate) fn isolate(lang: &str, value: &str) -> String {
    if language::direction(lang).is_rtl() {
        format!("\u{2068}{value}\u{2069}")
    } else {
        value.to_string()
    }
}

/// Whether a character is East Asian wide or full-width (a CJK ideograph, `。`, `！`).
fn is_wide(c: char) -> bool {
    use icu_properties::{CodePointMapData, props::EastAsianWidth};
    let width = CodePointMapData::<EastAsianWidth>::new().get(c);
    width == EastAsianWidth::Wide || width == EastAsianWidth::Fullwidth
}

/// The UI strings files a language reads, from the most general to its own: `fr-CA`
/// reads `fr.toml`, then `fr-CA.toml` key by key over it, so that a regional variant
/// needs a file only for what it words differently.
fn strings_file_names(lang: &str) -> Vec<String> {
    let parts: Vec<&str> = lang.split('-').collect();
    (1..=parts.len())
        .map(|n| format!("{}.toml", parts[..n].join("-")))
        .collect()
}

/// A warning for a regional or script variant (`zh-TW`, `zh-Hant`, `sr-Latn`) that has no
/// strings file of its own and so reads its base language's (`zh.toml`), when CLDR says
/// the two are written in different scripts: its pages would show Simplified Chinese, or
/// Cyrillic, around text in Traditional Chinese, or Latin. `read` is the last file read.
fn other_script(
    lang: &str,
    candidates: &[String],
    files: &[(String, PathBuf, Vec<u8>)],
    read: &Path,
) -> Option<Diagnostic> {
    let (base, own) = candidates.split_first()?;
    if own.is_empty() || files.iter().any(|(name, ..)| own.contains(name)) {
        return None;
    }
    let base_lang = base.trim_end_matches(".toml");
    let (script, base_script) = (
        language::likely_script(lang)?,
        language::likely_script(base_lang)?,
    );
    if script == base_script {
        return None;
    }
    let own_file = own.last()?;
    Some(
        Diagnostic::warning(
            read,
            format!(
                "`{lang}` is written in {script} script, but its only UI strings are those of `{base_lang}`, in {base_script}"
            ),
        )
        .with_hint(format!(
            "give `{lang}` its own i18n/{own_file} with every key, translated from i18n/{base}"
        )),
    )
}

/// CLDR's list patterns of a language ("A, B and C"); `None` for a code ICU4X cannot read.
fn list_formatter(lang: &str) -> Option<ListFormatter> {
    let locale: icu_locale_core::Locale = lang.parse().ok()?;
    let options = ListFormatterOptions::default().with_length(ListLength::Wide);
    ListFormatter::try_new_and((&locale).into(), options).ok()
}

impl I18n {
    /// Items joined as a sentence of the language joins them, from CLDR's list patterns:
    /// "A, B and C", "A، B وC", "A、B和C", "A, B и C". Generated text that names several
    /// things asks here rather than joining with a separator of its own. A language
    /// without list data joins with its `list_separator`.
    pub fn list<S: AsRef<str>>(&self, lang: &str, items: &[S]) -> String {
        match self.lists.get(lang) {
            Some(list) => list.format(items.iter().map(AsRef::as_ref)).to_string(),
            None => items
                .iter()
                .map(AsRef::as_ref)
                .collect::<Vec<_>>()
                .join(self.get(lang, "list_separator")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::Unit;

    /// The default theme's strings for `lang`, with `extra` lines overriding them.
    fn theme(lang: &str, extra: &str) -> I18n {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let theme = std::fs::read(dir.join(format!("{lang}.toml"))).expect("theme strings");
        let files = vec![
            (format!("{lang}.toml"), dir.join("theme"), theme),
            (
                format!("{lang}.toml"),
                dir.join("project"),
                extra.as_bytes().to_vec(),
            ),
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
        let zh = theme("en", "sentence_end = \"。\"");
        assert_eq!(
            zh.sentences("en", &["基线：16%", "阶段目标：100%。", "Total: 3"]),
            "基线：16%。阶段目标：100%。Total: 3。"
        );
    }

    #[test]
    fn sentences_end_and_join_as_each_script_writes_them() {
        let ar = theme("ar", "");
        assert_eq!(ar.sentence("ar", "هل تحقق الهدف؟"), "هل تحقق الهدف؟");
        assert_eq!(ar.sentence("ar", "عدد المكاتب"), "عدد المكاتب.");
        let zh = theme("zh", "");
        assert_eq!(zh.sentence("zh", "办事处百分比"), "办事处百分比。");
        assert_eq!(zh.sentence("zh", "目标是否实现？"), "目标是否实现？");
        assert_eq!(
            zh.sentences("zh", &["基线：16%", "里程碑：100%。", "Total"]),
            "基线：16%。里程碑：100%。Total。"
        );
        let ru = theme("ru", "");
        assert_eq!(ru.sentences("ru", &["Итог", "Всё."]), "Итог. Всё.");
    }

    #[test]
    fn grouping_is_a_setting_of_each_language() {
        let es = |extra: &str| theme("es", extra).numbers("es").number(3200.0);
        assert_eq!(es(""), "3200", "CLDR's Spanish rule");
        assert_eq!(es("number_grouping = \"always\""), "3.200");
        assert_eq!(es("number_grouping = \"never\""), "3200");
        let min2 = theme("es", "number_grouping = \"min2\"");
        assert_eq!(min2.numbers("es").number(32000.0), "32.000");
        assert_eq!(theme("en", "").numbers("en").number(3200.0), "3,200");
        let always = theme("es", "number_grouping = \"always\"");
        let always = always.numbers("es");
        assert_eq!(always.number(3200.5), "3.200,5");
        assert_eq!(always.number(-3200.0), "-3.200");
        assert_eq!(always.number(320.0), "320");
        assert_eq!(always.number(1234567.0), "1.234.567");

        let dir = Path::new("i18n");
        let files = vec![(
            "es.toml".to_string(),
            dir.join("es.toml"),
            b"# grouping\nnumber_grouping = \"sometimes\"\n".to_vec(),
        )];
        let problems = I18n::from_files(files, &["es".to_string()], dir).unwrap_err();
        let wrong = problems
            .iter()
            .find(|d| d.message.contains("number_grouping"))
            .expect("an error on the grouping");
        assert_eq!((wrong.line, wrong.column), (2, 1));
        assert!(
            wrong
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("auto, always, min2, never"))
        );
    }

    #[test]
    fn lists_are_joined_with_each_language_s_own_words_and_marks() {
        let items = ["A", "B", "C"];
        let list = |lang: &str| theme(lang, "").list(lang, &items);
        assert_eq!(list("en"), "A, B, and C");
        assert_eq!(list("fr"), "A, B et C");
        assert_eq!(list("ar"), "A وB وC");
        assert_eq!(list("zh"), "A、B和C");
        assert_eq!(list("ru"), "A, B и C");
        assert_eq!(theme("ar", "").list("ar", &["A", "B"]), "A وB");
    }

    #[test]
    fn numbers_follow_the_locale() {
        let fr =
            NumberFormat::new("fr", "{n}\u{a0}%".into(), Grouping::Auto, Digits::Auto).unwrap();
        let en = NumberFormat::new("en", "{n}%".into(), Grouping::Auto, Digits::Auto).unwrap();
        assert_eq!(fr.number(3409.0), "3\u{202f}409");
        assert_eq!(en.number(3409.0), "3,409");
        assert_eq!(fr.measure(88.5, Unit::Percent), "88,5\u{a0}%");
        assert_eq!(en.measure(88.5, Unit::Percent), "88.5%");
        assert_eq!(en.number(16.0), "16");
    }
}
