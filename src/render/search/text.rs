//! How text becomes search terms: the one rule, applied to every page at build time and
//! mirrored, step for step, by the theme's `search.js` on what the reader types.
//!
//! 1. **Runs.** The text is cut into runs of letters, digits and marks (Unicode
//!    `Alphabetic`, `N*`, `M*`). A number's groups stay one run: digits, then a group
//!    separator (space, no-break space, narrow no-break space, thin space, `'`, `’`, `٬`)
//!    followed by exactly three digits, or a decimal separator (`.`, `,`, `٫`) followed by
//!    digits, as many times as they come: "3 409" and "3 409,5" are one run each.
//! 2. **Folding.** Each run is folded: compatibility decomposition (NFKD), lower case,
//!    every mark removed (accents, Arabic short vowels), `œ` `æ` `ß` `ς` written `oe` `ae`
//!    `ss` `σ`, Arabic-Indic digits written 0–9, then composed again (NFC, so a Hangul
//!    syllable stays one character). "Été", "ETE" and "été" fold alike.
//! 3. **Terms.** A folded run is split again: Han, Hiragana and Katakana characters into
//!    overlapping pairs (bigrams; a lone character stands alone), a number into its
//!    digits without group separators (decimal separators kept: "3409", "3409,5"), the
//!    rest into words.
//! 4. **Stop words and stems** (words only): a word on the language's stop list (NLTK's,
//!    through the `stop-words` crate) is dropped; any other word gets its Snowball stem
//!    (`rust-stemmers`), computed on the run before folding so that accents guide the
//!    stemmer, then folded. A language without a stemmer keeps the word as its own stem.
//!
//! The query side never stems: the index maps every word it holds to its stem, so a
//! typed word is looked up, and the stemming rule has a single owner, here.

use rust_stemmers::{Algorithm, Stemmer};
use rustc_hash::{FxHashMap, FxHashSet};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;
use unicode_script::{Script, UnicodeScript};

/// One term of a text: the folded form a reader's query is matched against, and the stem
/// that gathers its forms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Term {
    /// The folded word, number or bigram.
    pub(crate) term: String,
    /// The folded stem; the term itself for numbers, bigrams and unstemmed languages.
    pub(crate) stem: String,
}

/// The Snowball algorithm for a language, by its primary subtag (`fr-CA` → French).
fn algorithm(lang: &str) -> Option<Algorithm> {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    Some(match primary.to_ascii_lowercase().as_str() {
        "ar" => Algorithm::Arabic,
        "da" => Algorithm::Danish,
        "de" => Algorithm::German,
        "el" => Algorithm::Greek,
        "en" => Algorithm::English,
        "es" => Algorithm::Spanish,
        "fi" => Algorithm::Finnish,
        "fr" => Algorithm::French,
        "hu" => Algorithm::Hungarian,
        "it" => Algorithm::Italian,
        "nb" | "nn" | "no" => Algorithm::Norwegian,
        "nl" => Algorithm::Dutch,
        "pt" => Algorithm::Portuguese,
        "ro" => Algorithm::Romanian,
        "ru" => Algorithm::Russian,
        "sv" => Algorithm::Swedish,
        "ta" => Algorithm::Tamil,
        "tr" => Algorithm::Turkish,
        _ => return None,
    })
}

/// Whether a language's text is read as character pairs rather than words.
fn reads_characters(lang: &str) -> bool {
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    matches!(primary.to_ascii_lowercase().as_str(), "zh" | "ja")
}

/// Whether the search indexes a language's words by their plain form only: it has no
/// Snowball stemmer and is not read by characters. `check` says so.
pub fn lacks_stemmer(lang: &str) -> bool {
    algorithm(lang).is_none() && !reads_characters(lang)
}

/// The language's stop words, folded; none for a language the list does not know (the
/// character-read languages among them: their stop lists are words, not pairs).
pub(crate) fn stop_words(lang: &str) -> Vec<String> {
    if reads_characters(lang) {
        return Vec::new();
    }
    let primary = lang.split(['-', '_']).next().unwrap_or(lang);
    let mut words: Vec<String> = stop_words::lookup(primary.to_ascii_lowercase())
        .unwrap_or_default()
        .iter()
        .map(|w| fold(w))
        .filter(|w| !w.is_empty())
        .collect();
    words.sort();
    words.dedup();
    words
}

/// Turns the text of one language into terms, remembering each run it has seen: a
/// report repeats its words, and stemming is the slow part. Terms and stems are numbered
/// as they are first met ([`Analyzer::term`], [`Analyzer::stem`]), so that a text's
/// terms cost one lookup of each run.
pub(crate) struct Analyzer {
    stemmer: Option<Stemmer>,
    stop: FxHashSet<String>,
    seen: FxHashMap<Box<str>, Box<[(u32, u32)]>>,
    terms: Interned,
    stems: Interned,
}

/// Strings numbered in the order they are first met.
#[derive(Default)]
struct Interned {
    ids: FxHashMap<String, u32>,
    strings: Vec<String>,
}

impl Interned {
    fn id(&mut self, string: String) -> u32 {
        if let Some(&id) = self.ids.get(&string) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(string.clone());
        self.ids.insert(string, id);
        id
    }
}

impl Analyzer {
    /// An analyzer for `lang`.
    pub(crate) fn new(lang: &str) -> Self {
        Analyzer {
            stemmer: algorithm(lang).map(Stemmer::create),
            stop: stop_words(lang).into_iter().collect(),
            seen: FxHashMap::default(),
            terms: Interned::default(),
            stems: Interned::default(),
        }
    }

    /// Calls `each` with the number of every term of `text` and of its stem, in order.
    pub(crate) fn term_ids(&mut self, text: &str, each: &mut dyn FnMut(u32, u32)) {
        for run in runs(text) {
            if let Some(ids) = self.seen.get(run) {
                ids.iter().for_each(|&(term, stem)| each(term, stem));
                continue;
            }
            let ids: Box<[(u32, u32)]> = (self.analyze(run).into_iter())
                .map(|t| (self.terms.id(t.term), self.stems.id(t.stem)))
                .collect();
            ids.iter().for_each(|&(term, stem)| each(term, stem));
            self.seen.insert(run.into(), ids);
        }
    }

    /// The term numbered `id`.
    pub(crate) fn term(&self, id: u32) -> &str {
        &self.terms.strings[id as usize]
    }

    /// The stem numbered `id`.
    pub(crate) fn stem(&self, id: u32) -> &str {
        &self.stems.strings[id as usize]
    }

    /// How many stems have been met.
    pub(crate) fn stem_count(&self) -> usize {
        self.stems.strings.len()
    }

    /// How many terms have been met.
    pub(crate) fn term_count(&self) -> usize {
        self.terms.strings.len()
    }

    fn analyze(&self, run: &str) -> Vec<Term> {
        let folded = fold(run);
        let pieces = pieces(&folded);
        let single_word = pieces.len() == 1 && matches!(pieces[0], Piece::Word(_));
        let mut out = Vec::with_capacity(pieces.len());
        for piece in pieces {
            match piece {
                Piece::Word(word) if self.stop.contains(word) => {}
                Piece::Word(word) => {
                    let stem = match &self.stemmer {
                        // The stemmer reads accents: stem the run as written, then fold.
                        Some(stemmer) if single_word => fold(&stemmer.stem(&run.to_lowercase())),
                        Some(stemmer) => fold(&stemmer.stem(word)),
                        None => word.to_string(),
                    };
                    out.push(Term {
                        term: word.to_string(),
                        stem,
                    });
                }
                Piece::Exact(term) => out.push(Term {
                    stem: term.clone(),
                    term,
                }),
            }
        }
        out
    }
}

/// A character that belongs to a run: a letter, a digit or a mark.
fn in_run(c: char) -> bool {
    match c {
        _ if c.is_ascii() => c.is_ascii_alphanumeric(),
        // Latin letters with accents, the most frequent outside ASCII, all alphabetic but
        // for × and ÷: spared the Unicode tables.
        '\u{C0}'..='\u{24F}' => c != '×' && c != '÷',
        _ => c.is_alphanumeric() || is_combining_mark(c),
    }
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
        || ('\u{660}'..='\u{669}').contains(&c)
        || ('\u{6F0}'..='\u{6F9}').contains(&c)
}

fn is_group_separator(c: char) -> bool {
    matches!(
        c,
        ' ' | '\u{A0}' | '\u{202F}' | '\u{2009}' | '\'' | '\u{2019}' | '\u{66C}'
    )
}

fn is_decimal_separator(c: char) -> bool {
    matches!(c, '.' | ',' | '\u{66B}')
}

/// The runs of a text (step 1 of the module's rule).
pub(crate) fn runs(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let start = edge(rest, true)?;
        let run = &rest[start..];
        let end = run_end(run);
        rest = &run[end..];
        Some(&run[..end])
    })
}

/// Where the first character of `text` that is (`inside`) or is not in a run starts.
/// ASCII is looked at byte by byte: every word of a site passes here twice.
fn edge(text: &str, inside: bool) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        if b.is_ascii() {
            if b.is_ascii_alphanumeric() == inside {
                return Some(i);
            }
            i += 1;
            continue;
        }
        // `i` is at the start of a character: only whole characters are stepped over.
        let c = text[i..].chars().next()?;
        if in_run(c) == inside {
            return Some(i);
        }
        i += c.len_utf8();
    }
    None
}

/// Where the run at the start of `text` ends, a number's groups included.
fn run_end(text: &str) -> usize {
    let end = edge(text, false).unwrap_or(text.len());
    if !text[..end].chars().all(is_digit) {
        return end;
    }
    let mut end = end;
    loop {
        let rest = &text[end..];
        let Some(separator) = rest.chars().next() else {
            return end;
        };
        let after = &rest[separator.len_utf8()..];
        let digits = after.find(|c| !is_digit(c)).unwrap_or(after.len());
        let digit_count = after[..digits].chars().count();
        let next_in_run = after[digits..].chars().next().is_some_and(in_run);
        let grouped = is_group_separator(separator) && digit_count == 3 && !next_in_run;
        let decimal = is_decimal_separator(separator) && digit_count > 0 && !next_in_run;
        if !(grouped || decimal) {
            return end;
        }
        end += separator.len_utf8() + digits;
    }
}

/// Folds a run (step 2 of the module's rule).
pub(crate) fn fold(run: &str) -> String {
    let lower: String = if run.is_ascii() {
        return run.to_ascii_lowercase();
    } else {
        run.nfkd().collect::<String>().to_lowercase()
    };
    let mut out = String::with_capacity(lower.len());
    for c in lower.chars() {
        match c {
            c if is_combining_mark(c) => {}
            'œ' => out.push_str("oe"),
            'æ' => out.push_str("ae"),
            'ß' => out.push_str("ss"),
            'ς' => out.push('σ'),
            '\u{660}'..='\u{669}' => out.push(char::from(b'0' + (c as u32 - 0x660) as u8)),
            '\u{6F0}'..='\u{6F9}' => out.push(char::from(b'0' + (c as u32 - 0x6F0) as u8)),
            c => out.push(c),
        }
    }
    // Composed again: a Hangul syllable stays one character.
    out.nfc().collect()
}

/// A piece of a folded run (step 3 of the module's rule).
#[derive(Debug, PartialEq, Eq)]
enum Piece<'a> {
    /// A word, to stem.
    Word(&'a str),
    /// A number or a bigram: matched as it is.
    Exact(String),
}

fn is_cjk(c: char) -> bool {
    matches!(
        c.script(),
        Script::Han | Script::Hiragana | Script::Katakana
    )
}

fn pieces(folded: &str) -> Vec<Piece<'_>> {
    if folded.starts_with(|c: char| c.is_ascii_digit())
        && folded.chars().all(|c| !c.is_alphabetic())
    {
        let digits: String = folded.chars().filter(|c| !is_group_separator(*c)).collect();
        return vec![Piece::Exact(digits)];
    }
    let mut out = Vec::new();
    let mut rest = folded;
    while let Some(c) = rest.chars().next() {
        let end = match is_cjk(c) {
            true => rest.find(|c: char| !is_cjk(c)).unwrap_or(rest.len()),
            false => rest
                .find(|c: char| is_cjk(c) || !in_run(c))
                .unwrap_or(rest.len()),
        };
        let end = end.max(c.len_utf8());
        let piece = &rest[..end];
        rest = &rest[end..];
        if is_cjk(c) {
            out.extend(bigrams(piece).map(Piece::Exact));
        } else if piece.chars().all(in_run) {
            out.push(Piece::Word(piece));
        }
    }
    out
}

/// Overlapping pairs of characters; a lone character alone.
fn bigrams(run: &str) -> impl Iterator<Item = String> + '_ {
    let chars: Vec<char> = run.chars().collect();
    let pairs = chars.len().saturating_sub(1).max(1);
    (0..pairs).map(move |i| chars[i..(i + 2).min(chars.len())].iter().collect())
}

/// The folded terms of a text with their stems.
#[cfg(test)]
pub(crate) fn analyze(lang: &str, text: &str) -> Vec<Term> {
    let mut analyzer = Analyzer::new(lang);
    let mut ids = Vec::new();
    analyzer.term_ids(text, &mut |term, stem| ids.push((term, stem)));
    (ids.into_iter())
        .map(|(term, stem)| Term {
            term: analyzer.term(term).to_string(),
            stem: analyzer.stem(stem).to_string(),
        })
        .collect()
}

/// A stem for display in tests: the term when no stemmer applies.
#[cfg(test)]
fn stems(lang: &str, text: &str) -> Vec<String> {
    analyze(lang, text).into_iter().map(|t| t.stem).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(lang: &str, text: &str) -> Vec<String> {
        analyze(lang, text).into_iter().map(|t| t.term).collect()
    }

    #[test]
    fn the_latin_shortcut_agrees_with_the_unicode_tables() {
        for c in ('\u{80}'..='\u{2FF}').chain(['\u{300}', '\u{64B}', '٣', '中', '\u{A0}']) {
            assert_eq!(
                in_run(c),
                c.is_alphanumeric() || is_combining_mark(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn accents_and_case_fold_alike() {
        assert_eq!(terms("fr", "Sécurité SECURITE securité"), ["securite"; 3]);
        assert_eq!(terms("fr", "Œuvre"), ["oeuvre"]);
        // Arabic short vowels are marks: a vowelled word folds to the plain one.
        assert_eq!(terms("ar", "الْمَشْرُوع"), terms("ar", "المشروع"));
    }

    #[test]
    fn forms_of_a_word_share_a_stem() {
        let s = stems("fr", "migration migrations");
        assert_eq!(s[0], s[1]);
        let s = stems("en", "projects project");
        assert_eq!(s[0], s[1]);
        let s = stems("ru", "проекты проектов");
        assert_eq!(s[0], s[1]);
    }

    #[test]
    fn stop_words_are_dropped() {
        assert_eq!(
            terms("fr", "la mise en œuvre de la stratégie"),
            ["mise", "oeuvre", "strategie"]
        );
        assert_eq!(terms("en", "the and of"), Vec::<String>::new());
    }

    #[test]
    fn numbers_keep_their_groups_as_written() {
        assert_eq!(terms("fr", "3 409 projets"), ["3409", "projets"]);
        assert_eq!(terms("fr", "3\u{202F}409"), ["3409"]);
        assert_eq!(terms("fr", "1,5 %"), ["1,5"]);
        assert_eq!(terms("en", "3,409 projects"), ["3,409", "projects"]);
        // A year beside a count is two numbers: groups have three digits.
        assert_eq!(terms("en", "2022 2023"), ["2022", "2023"]);
        assert_eq!(terms("ar", "٣٤٠٩"), ["3409"]);
        // A sentence's comma is no decimal separator.
        assert_eq!(terms("en", "in 2022, we"), ["2022"]);
    }

    #[test]
    fn chinese_is_read_in_pairs() {
        assert_eq!(terms("zh", "云迁移"), ["云迁", "迁移"]);
        assert_eq!(terms("zh", "云"), ["云"]);
        assert_eq!(terms("zh", "ILO云"), ["ilo", "云"]);
    }

    #[test]
    fn languages_without_stemmer_keep_words() {
        assert!(lacks_stemmer("ko"));
        assert!(!lacks_stemmer("zh"));
        assert!(!lacks_stemmer("fr-CA"));
        assert_eq!(stems("ko", "프로젝트"), ["프로젝트"]);
        assert_eq!(terms("ko", "프로젝트")[0].chars().count(), 4);
    }

    #[test]
    fn odd_text_gives_no_term_and_no_panic() {
        assert!(terms("fr", ".*+?^${}()|[]\\").is_empty());
        assert!(terms("ar", "\u{200F}\u{202B}").is_empty());
        assert_eq!(terms("fr", "3 40"), ["3", "40"]);
    }
}
