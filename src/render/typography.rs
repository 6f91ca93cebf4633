//! Typography per language, applied to text as a page is rendered: the no-break spaces
//! that keep "12" with "%", "Axe A" with its colon and "«" with its word on one line.
//!
//! The rules are data, read from the `[typography]` table of each language's UI strings
//! (the theme's, overridden key by key by the project's); this module owns the engine
//! that every renderer of narrative and data text calls. It only ever sees text: code,
//! URLs, attributes and raw HTML are left out by its callers, and by [`typeset_events`]
//! for Markdown.

use std::borrow::Cow;

use pulldown_cmark::{Event, LinkType, Tag, TagEnd, TextMergeStream};
use serde::Deserialize;

/// U+00A0, the no-break space.
pub(crate) const NO_BREAK_SPACE: char = '\u{a0}';
/// U+202F, the narrow no-break space.
pub(crate) const NARROW_NO_BREAK_SPACE: char = '\u{202f}';

/// The `[typography]` table of one UI strings file, each key optional so that a project
/// overrides only the keys it writes.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RulesFile {
    no_break_before: Option<String>,
    no_break_after: Option<String>,
    narrow_no_break_before: Option<String>,
    narrow_no_break_after: Option<String>,
    insert_missing: Option<bool>,
    units: Option<Vec<String>>,
    group_digits: Option<bool>,
}

impl RulesFile {
    /// This file's keys over `base`'s.
    pub(crate) fn over(self, base: RulesFile) -> RulesFile {
        RulesFile {
            no_break_before: self.no_break_before.or(base.no_break_before),
            no_break_after: self.no_break_after.or(base.no_break_after),
            narrow_no_break_before: self.narrow_no_break_before.or(base.narrow_no_break_before),
            narrow_no_break_after: self.narrow_no_break_after.or(base.narrow_no_break_after),
            insert_missing: self.insert_missing.or(base.insert_missing),
            units: self.units.or(base.units),
            group_digits: self.group_digits.or(base.group_digits),
        }
    }
}

/// The typography of one language.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Rules {
    /// Characters preceded by a no-break space, and the space each takes.
    before: Vec<(char, char)>,
    /// Characters followed by a no-break space, and the space each takes.
    after: Vec<(char, char)>,
    /// Whether a space the author left out is put in, as French typography wants ("12%",
    /// "«mot»"), or only the spaces written are made no-break ones.
    insert_missing: bool,
    /// Words that stay with the number before them when a space parts them ("12 %",
    /// "9 días").
    units: Vec<String>,
    /// Whether a space between groups of digits ("3 200") is a narrow no-break one.
    group_digits: bool,
    /// The first bytes of the characters a rule is about (the marks before and after
    /// which a space goes, and digits): text is looked at only around them.
    triggers: LeadBytes,
}

/// A set of first bytes of UTF-8 characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct LeadBytes([u64; 4]);

impl LeadBytes {
    const EMPTY: LeadBytes = LeadBytes([0; 4]);

    fn add(&mut self, c: char) {
        let mut buffer = [0; 4];
        let byte = c.encode_utf8(&mut buffer).as_bytes()[0];
        self.0[usize::from(byte / 64)] |= 1 << (byte % 64);
    }

    fn contains(&self, byte: u8) -> bool {
        self.0[usize::from(byte / 64)] & (1 << (byte % 64)) != 0
    }
}

/// No rules: text is left as written.
pub(crate) static NONE: Rules = Rules {
    before: Vec::new(),
    after: Vec::new(),
    insert_missing: false,
    units: Vec::new(),
    group_digits: false,
    triggers: LeadBytes::EMPTY,
};

impl From<RulesFile> for Rules {
    fn from(file: RulesFile) -> Rules {
        let spaced = |chars: &Option<String>, space: char| -> Vec<(char, char)> {
            chars
                .iter()
                .flat_map(|s| s.chars())
                .filter(|c| !c.is_whitespace())
                .map(|c| (c, space))
                .collect()
        };
        let mut before = spaced(&file.narrow_no_break_before, NARROW_NO_BREAK_SPACE);
        before.extend(spaced(&file.no_break_before, NO_BREAK_SPACE));
        let mut after = spaced(&file.narrow_no_break_after, NARROW_NO_BREAK_SPACE);
        after.extend(spaced(&file.no_break_after, NO_BREAK_SPACE));
        let mut triggers = LeadBytes::default();
        for c in before
            .iter()
            .chain(&after)
            .map(|(c, _)| *c)
            .chain('0'..='9')
        {
            triggers.add(c);
        }
        Rules {
            triggers,
            before,
            after,
            insert_missing: file.insert_missing.unwrap_or(false),
            units: file
                .units
                .unwrap_or_default()
                .into_iter()
                .filter(|u| !u.trim().is_empty())
                .collect(),
            group_digits: file.group_digits.unwrap_or(false),
        }
    }
}

impl Rules {
    fn is_empty(&self) -> bool {
        self.before.is_empty()
            && self.after.is_empty()
            && self.units.is_empty()
            && !self.group_digits
    }

    fn space_before(&self, c: char) -> Option<char> {
        self.before.iter().find(|(p, _)| *p == c).map(|(_, s)| *s)
    }

    fn space_after(&self, c: char) -> Option<char> {
        self.after.iter().find(|(p, _)| *p == c).map(|(_, s)| *s)
    }

    /// The text with the language's no-break spaces. Borrowed when nothing changes, which
    /// is most texts: every text event of every page comes through here, so the text is
    /// looked at only around the characters a rule is about (a mark, a digit): a space
    /// changes only beside one of them, and only they take a missing space.
    pub(crate) fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.is_empty() {
            return Cow::Borrowed(text);
        }
        let bytes = text.as_bytes();
        let mut edit = Edit::new(text);
        // Spaces before this byte have been decided.
        let mut decided = 0;
        let mut from = 0;
        while let Some(offset) = bytes[from..]
            .iter()
            .position(|b| self.triggers.contains(*b))
        {
            // A first byte is never inside a character: `at` is a boundary.
            let at = from + offset;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            let end = at + c.len_utf8();
            from = end;
            let (before, after) = (self.space_before(c), self.space_after(c));
            if before.is_none() && after.is_none() && !c.is_ascii_digit() {
                continue;
            }
            if at > decided && bytes[at - 1] == b' ' {
                let previous = text[..at - 1].chars().next_back();
                if let Some(space) = self.space_at(previous, &text[at..]) {
                    edit.replace(at - 1, at, space);
                }
                decided = at;
            }
            if self.insert_missing {
                let next = text[end..].chars().next();
                if let Some(space) = before
                    && let Some(previous) = text[..at].chars().next_back()
                    && needs_space_before(c, previous, next)
                {
                    edit.insert(at, space);
                }
                if let Some(space) = after
                    && next.is_some_and(char::is_alphanumeric)
                {
                    edit.insert(end, space);
                }
            }
            if bytes.get(end) == Some(&b' ') {
                if let Some(space) = self.space_at(Some(c), &text[end + 1..]) {
                    edit.replace(end, end + 1, space);
                }
                decided = end + 1;
            }
        }
        edit.finish()
    }

    /// The no-break space that an ordinary space between `previous` and `after` becomes,
    /// if any.
    fn space_at(&self, previous: Option<char>, after: &str) -> Option<char> {
        if let Some(space) = after.chars().next().and_then(|n| self.space_before(n)) {
            return Some(space);
        }
        if let Some(space) = previous.and_then(|p| self.space_after(p)) {
            return Some(space);
        }
        if !previous.is_some_and(|p| p.is_ascii_digit()) {
            return None;
        }
        if self.group_digits && is_digit_group(after) {
            return Some(NARROW_NO_BREAK_SPACE);
        }
        self.units
            .iter()
            .any(|unit| starts_with_word(after, unit))
            .then_some(NO_BREAK_SPACE)
    }
}

/// A text being changed: copied only from its first change on, in order.
struct Edit<'t> {
    text: &'t str,
    out: Option<String>,
    /// How much of `text` is in `out` already.
    copied: usize,
}

impl<'t> Edit<'t> {
    fn new(text: &'t str) -> Edit<'t> {
        Edit {
            text,
            out: None,
            copied: 0,
        }
    }

    /// Copies the text up to `at`, then writes `space`.
    fn put(&mut self, at: usize, space: char) {
        let out = self
            .out
            .get_or_insert_with(|| String::with_capacity(self.text.len() + 8));
        out.push_str(&self.text[self.copied..at]);
        out.push(space);
        self.copied = at;
    }

    /// Puts `space` before the character at `at`.
    fn insert(&mut self, at: usize, space: char) {
        self.put(at, space);
    }

    /// Puts `space` in place of the text from `at` to `end`.
    fn replace(&mut self, at: usize, end: usize, space: char) {
        self.put(at, space);
        self.copied = end;
    }

    fn finish(self) -> Cow<'t, str> {
        match self.out {
            None => Cow::Borrowed(self.text),
            Some(mut out) => {
                out.push_str(&self.text[self.copied..]);
                Cow::Owned(out)
            }
        }
    }
}

/// Whether a punctuation mark written against its word ("Note:", "12%") takes the space
/// it lacks: only after a word or a number, and for a colon only where a space or the end
/// follows, so that "14:30" and "https://" stay as written.
fn needs_space_before(c: char, previous: char, next: Option<char>) -> bool {
    if previous.is_whitespace() || previous == NO_BREAK_SPACE || previous == NARROW_NO_BREAK_SPACE {
        return false;
    }
    let ends_here = next.is_none_or(|n| n.is_whitespace() || !n.is_alphanumeric());
    match c {
        '%' => previous.is_ascii_digit(),
        '»' => true,
        // After a closing mark too: "16%:" is "16 % :".
        _ => {
            (previous.is_alphanumeric() || ")]%»”".contains(previous))
                && ends_here
                && next != Some('/')
        }
    }
}

/// Three digits and then no digit: the next group of a number written "3 200".
fn is_digit_group(rest: &str) -> bool {
    let rest = rest.as_bytes();
    rest.len() >= 3
        && rest[..3].iter().all(u8::is_ascii_digit)
        && !rest.get(3).is_some_and(u8::is_ascii_digit)
}

fn starts_with_word(text: &str, word: &str) -> bool {
    text.strip_prefix(word)
        .is_some_and(|rest| !rest.chars().next().is_some_and(char::is_alphanumeric))
}

/// Applies `rules` to the text of a Markdown event stream, never to code, to an image's
/// alternative text (an attribute), or to an autolink's text (a URL); raw HTML is
/// another kind of event and is never touched. Adjacent texts are merged first, as
/// pulldown-cmark splits them at the marks it considers ("atteignable", "!").
pub(crate) fn typeset_events<'a>(events: Vec<Event<'a>>, rules: &Rules) -> Vec<Event<'a>> {
    if rules.is_empty() {
        return events;
    }
    let mut skipped = 0usize;
    TextMergeStream::new(events.into_iter())
        .map(|event| match event {
            Event::Start(ref tag) if is_left_as_written(tag) => {
                skipped += 1;
                event
            }
            Event::End(TagEnd::CodeBlock | TagEnd::Image) => {
                skipped = skipped.saturating_sub(1);
                event
            }
            Event::End(TagEnd::Link) if skipped > 0 => {
                skipped -= 1;
                event
            }
            Event::Text(text) if skipped == 0 => match rules.apply(&text) {
                Cow::Borrowed(_) => Event::Text(text),
                Cow::Owned(changed) => Event::Text(changed.into()),
            },
            other => other,
        })
        .collect()
}

/// Tags whose text is not prose: code, an image's alternative text, a URL shown as
/// itself. A link inside a skipped tag is counted too, so that its end balances.
fn is_left_as_written(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::CodeBlock(_)
            | Tag::Image { .. }
            | Tag::Link {
                link_type: LinkType::Autolink | LinkType::Email,
                ..
            }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn french() -> Rules {
        Rules::from(RulesFile {
            no_break_before: Some(":%".into()),
            narrow_no_break_before: Some(";!?»".into()),
            narrow_no_break_after: Some("«".into()),
            insert_missing: Some(true),
            units: Some(vec!["km".into(), "jours".into()]),
            group_digits: Some(true),
            ..RulesFile::default()
        })
    }

    fn english() -> Rules {
        Rules::from(RulesFile {
            units: Some(vec!["%".into(), "km".into()]),
            ..RulesFile::default()
        })
    }

    #[test]
    fn french_spaces_before_and_after_punctuation_do_not_break() {
        let fr = french();
        assert_eq!(fr.apply("Axe A : des"), "Axe A\u{a0}: des");
        assert_eq!(fr.apply("12 %"), "12\u{a0}%");
        assert_eq!(
            fr.apply("« un guichet » ; oui ! non ?"),
            "«\u{202f}un guichet\u{202f}»\u{202f}; oui\u{202f}! non\u{202f}?"
        );
        assert_eq!(
            fr.apply("3 200 et 1 250 000"),
            "3\u{202f}200 et 1\u{202f}250\u{202f}000"
        );
        assert_eq!(fr.apply("en 2 jours, 5 km"), "en 2\u{a0}jours, 5\u{a0}km");
    }

    #[test]
    fn french_puts_in_the_spaces_left_out_but_not_in_times_or_urls() {
        let fr = french();
        assert_eq!(
            fr.apply("12% et «mot» ; Note: oui!"),
            "12\u{a0}% et «\u{202f}mot\u{202f}»\u{202f}; Note\u{a0}: oui\u{202f}!"
        );
        assert_eq!(
            fr.apply("à 14:30, voir https://exemple.org"),
            "à 14:30, voir https://exemple.org"
        );
        assert_eq!(fr.apply(":début"), ":début");
        assert_eq!(fr.apply("16%: oui?!"), "16\u{a0}%\u{a0}: oui\u{202f}?!");
    }

    #[test]
    fn other_languages_keep_only_numbers_with_their_units() {
        let en = english();
        assert_eq!(
            en.apply("12 % and 3 km: fine"),
            "12\u{a0}% and 3\u{a0}km: fine"
        );
        assert_eq!(en.apply("12% of 3 kmh"), "12% of 3 kmh");
        assert_eq!(en.apply("in 2024 300 projects"), "in 2024 300 projects");
        assert_eq!(NONE.apply("12 % : «"), "12 % : «");
    }

    #[test]
    fn a_project_overrides_one_key_and_keeps_the_others() {
        let theme = RulesFile {
            no_break_before: Some(":".into()),
            units: Some(vec!["%".into()]),
            ..RulesFile::default()
        };
        let project = RulesFile {
            units: Some(vec![]),
            ..RulesFile::default()
        };
        let rules = Rules::from(project.over(theme));
        assert_eq!(rules.apply("12 % : x"), "12 %\u{a0}: x");
    }

    #[test]
    fn markdown_code_image_text_and_autolinks_are_left_as_written() {
        let source = "Texte : `12 %` ![a : b](i.png) <https://a.org/x?y> [lien : ici](https://b.org/?q=1 \"t : u\")\n\n```\ncode : 12 %\n```\n";
        let events: Vec<Event<'_>> = pulldown_cmark::Parser::new(source).collect();
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, typeset_events(events, &french()).into_iter());
        assert_eq!(
            html,
            "<p>Texte\u{a0}: <code>12 %</code> <img src=\"i.png\" alt=\"a : b\" /> <a href=\"https://a.org/x?y\">https://a.org/x?y</a> <a href=\"https://b.org/?q=1\" title=\"t : u\">lien\u{a0}: ici</a></p>\n<pre><code>code : 12 %\n</code></pre>\n"
        );
    }

    /// The rules applied character by character, everywhere: what `apply`, which looks
    /// only around the characters rules are about, must give.
    fn applied_everywhere(rules: &Rules, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::new();
        for (i, &c) in chars.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            if c == ' ' {
                let after: String = chars[i + 1..].iter().collect();
                out.push(rules.space_at(previous, &after).unwrap_or(' '));
                continue;
            }
            if rules.insert_missing
                && let Some(space) = rules.space_before(c)
                && let Some(previous) = previous
                && needs_space_before(c, previous, next)
            {
                out.push(space);
            }
            out.push(c);
            if rules.insert_missing
                && let Some(space) = rules.space_after(c)
                && next.is_some_and(char::is_alphanumeric)
            {
                out.push(space);
            }
        }
        out
    }

    #[test]
    fn looking_only_around_marks_and_digits_changes_what_a_full_pass_would() {
        let alphabet: Vec<char> = "a1 2:;!?%«»é\u{a0}/jours%3 200 km€x".chars().collect();
        // A small deterministic generator: the same texts on every run.
        let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for rules in [french(), english()] {
            for _ in 0..20_000 {
                let length = (next() % 12) as usize;
                let text: String = (0..length)
                    .map(|_| alphabet[(next() % alphabet.len() as u64) as usize])
                    .collect();
                assert_eq!(
                    rules.apply(&text),
                    applied_everywhere(&rules, &text),
                    "{text:?}"
                );
            }
        }
    }

    /// The default theme's rules of a language, as its UI strings file gives them.
    fn theme_rules(file: &str) -> Rules {
        let table: toml::Table = toml::from_str(file).expect("UI strings parse");
        let typography = table["typography"].clone();
        Rules::from(typography.try_into::<RulesFile>().expect("[typography]"))
    }

    #[test]
    fn each_language_of_the_theme_keeps_numbers_with_their_units_and_only_french_spaces_its_colons()
    {
        let files = [
            ("fr", include_str!("../../themes/default/i18n/fr.toml")),
            ("en", include_str!("../../themes/default/i18n/en.toml")),
            ("es", include_str!("../../themes/default/i18n/es.toml")),
            ("de", include_str!("../../themes/default/i18n/de.toml")),
            ("it", include_str!("../../themes/default/i18n/it.toml")),
            ("pt", include_str!("../../themes/default/i18n/pt.toml")),
            ("ar", include_str!("../../themes/default/i18n/ar.toml")),
            ("zh", include_str!("../../themes/default/i18n/zh.toml")),
            ("ru", include_str!("../../themes/default/i18n/ru.toml")),
        ];
        for (lang, file) in files {
            let rules = theme_rules(file);
            assert_eq!(rules.apply("12 %"), "12\u{a0}%", "{lang}");
            assert_eq!(rules.apply("5 km"), "5\u{a0}km", "{lang}");
            let colon = rules.apply("Axe A : texte");
            let url = rules.apply("https://example.org/a:b 14:30");
            assert_eq!(url, "https://example.org/a:b 14:30", "{lang}");
            if lang == "fr" {
                assert_eq!(colon, "Axe A\u{a0}: texte");
                assert_eq!(rules.apply("« mot »"), "«\u{202f}mot\u{202f}»");
                assert_eq!(rules.apply("3 200 projets"), "3\u{202f}200 projets");
            } else {
                assert_eq!(colon, "Axe A : texte", "{lang}: colons as written");
                assert_eq!(rules.apply("« mot »"), "« mot »", "{lang}");
            }
        }
    }
}
