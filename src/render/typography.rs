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
}

/// No rules: text is left as written.
pub(crate) static NONE: Rules = Rules {
    before: Vec::new(),
    after: Vec::new(),
    insert_missing: false,
    units: Vec::new(),
    group_digits: false,
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
        Rules {
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

    /// The text with the language's no-break spaces.
    pub(crate) fn apply<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if self.is_empty() {
            return Cow::Borrowed(text);
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len() + 8);
        for (i, &c) in chars.iter().enumerate() {
            let previous = i.checked_sub(1).map(|p| chars[p]);
            let next = chars.get(i + 1).copied();
            if c == ' ' {
                out.push(self.space_at(&chars, i).unwrap_or(' '));
                continue;
            }
            if self.insert_missing
                && let Some(space) = self.space_before(c)
                && let Some(previous) = previous
                && needs_space_before(c, previous, next)
            {
                out.push(space);
            }
            out.push(c);
            if self.insert_missing
                && let Some(space) = self.space_after(c)
                && next.is_some_and(char::is_alphanumeric)
            {
                out.push(space);
            }
        }
        if out == text {
            Cow::Borrowed(text)
        } else {
            Cow::Owned(out)
        }
    }

    /// The no-break space that the ordinary space at `i` becomes, if any.
    fn space_at(&self, chars: &[char], i: usize) -> Option<char> {
        let previous = i.checked_sub(1).map(|p| chars[p]);
        let next = chars.get(i + 1).copied();
        if let Some(space) = next.and_then(|n| self.space_before(n)) {
            return Some(space);
        }
        if let Some(space) = previous.and_then(|p| self.space_after(p)) {
            return Some(space);
        }
        if !previous.is_some_and(|p| p.is_ascii_digit()) {
            return None;
        }
        if self.group_digits && is_digit_group(&chars[i + 1..]) {
            return Some(NARROW_NO_BREAK_SPACE);
        }
        let rest: String = chars[i + 1..].iter().take(32).collect();
        self.units
            .iter()
            .any(|unit| starts_with_word(&rest, unit))
            .then_some(NO_BREAK_SPACE)
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
fn is_digit_group(rest: &[char]) -> bool {
    rest.len() >= 3
        && rest[..3].iter().all(char::is_ascii_digit)
        && !rest.get(3).is_some_and(char::is_ascii_digit)
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
}
