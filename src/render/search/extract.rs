//! What a page offers the search: its title, its headings and its top-level blocks as
//! plain text, each with the place on the page a result links to.
//!
//! Numbered paragraphs link to themselves (`#p12`), headings to their ids; an unnumbered
//! paragraph, a list, a table or a quotation links to the numbered paragraph or heading
//! before it, the nearest place a reader can be sent to. The rules asked of their owners:
//! which paragraphs are numbered (`core::outline`), heading ids (`markdown::HeadingIds`).
//! Footnotes, code and rapport blocks (`{indicators}`, `{figure}`: data, not prose) and
//! raw HTML are not indexed.

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::core::outline::{UNNUMBERED_MARKER, is_container, is_container_end};
use crate::render::markdown::HeadingIds;

/// One place of a page a result can link to, with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The fragment the result links to, without `#`; empty for the page itself.
    pub(crate) anchor: String,
    /// The paragraph's number, for a numbered paragraph.
    pub(crate) number: Option<usize>,
    /// The plain text.
    pub(crate) text: String,
}

/// Reads a page's entries from the events of its body, as the render's own pass over
/// them goes (see `render::markdown::RenderSettings::read_events`): the page is parsed
/// once, for its HTML and for its search entries.
pub(crate) struct PageText {
    out: Vec<Entry>,
    /// The entry being read.
    current: Option<Entry>,
    /// The heading being read: its explicit id and its text so far.
    heading: Option<(Option<String>, String)>,
    /// The last place a reader can be sent to: a paragraph's or a heading's id.
    place: String,
    next_number: usize,
    depth: usize,
    /// Inside footnotes and code blocks: text that is not indexed.
    skipped: usize,
    paragraph_start: bool,
    ids: HeadingIds,
}

impl PageText {
    /// A page titled `title` whose first numbered paragraph is `first_paragraph`: its
    /// title is its first entry, linking to the page itself.
    pub(crate) fn new(title: &str, first_paragraph: usize) -> Self {
        PageText {
            out: vec![Entry {
                anchor: String::new(),
                number: None,
                text: title.to_string(),
            }],
            current: None,
            heading: None,
            place: String::new(),
            next_number: first_paragraph,
            depth: 0,
            skipped: 0,
            paragraph_start: false,
            ids: HeadingIds::default(),
        }
    }

    /// The page's entries: its title first, then its body's blocks in reading order.
    pub(crate) fn finish(mut self) -> Vec<Entry> {
        self.flush();
        self.out
    }

    /// Reads the next event of the body, in the order the parser gives them.
    pub(crate) fn event(&mut self, event: &Event<'_>) {
        if std::mem::take(&mut self.paragraph_start) {
            self.start_paragraph(event);
        }
        if self.heading.is_some() {
            self.heading_event(event);
            return;
        }
        match event {
            Event::Start(Tag::Paragraph) if self.depth == 0 && self.skipped == 0 => {
                self.flush();
                self.paragraph_start = true;
            }
            Event::Start(Tag::Heading { id, .. }) if self.skipped == 0 => {
                self.flush_at_top();
                self.heading = Some((id.as_deref().map(str::to_string), String::new()));
            }
            Event::Start(Tag::CodeBlock(_) | Tag::FootnoteDefinition(_)) => {
                self.flush_at_top();
                self.skipped += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::FootnoteDefinition) => {
                self.skipped = self.skipped.saturating_sub(1);
            }
            Event::Start(tag) if is_container(tag) => {
                if self.depth == 0 && self.skipped == 0 {
                    self.flush();
                    self.current = Some(self.entry_here(None));
                }
                self.depth += 1;
            }
            Event::End(tag) if is_container_end(tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.text(" ");
                self.flush_at_top();
            }
            Event::End(TagEnd::Paragraph | TagEnd::TableCell) => self.text(" "),
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
            _ => {}
        }
    }

    /// An event inside a heading: its text, as its id is made of (`markdown::HeadingIds`),
    /// until its end gives it its id. A top-level heading is an entry of its own; one in
    /// a list or a quotation is text of that entry.
    fn heading_event(&mut self, event: &Event<'_>) {
        let Some((_, text)) = &mut self.heading else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            Event::End(TagEnd::Heading(_)) => {
                let Some((id, text)) = self.heading.take() else {
                    return;
                };
                let anchor = self.ids.next("", id.as_deref(), &text);
                self.place = anchor.clone();
                if self.depth == 0 {
                    self.out.push(Entry {
                        anchor,
                        number: None,
                        text: collapse(&text),
                    });
                } else {
                    self.text(&text);
                    self.text(" ");
                }
            }
            _ => {}
        }
    }

    /// The first event of a top-level paragraph says whether it is numbered.
    fn start_paragraph(&mut self, first: &Event<'_>) {
        let unnumbered = matches!(first, Event::Text(t) if t.starts_with(UNNUMBERED_MARKER));
        let number = (!unnumbered).then(|| {
            let n = self.next_number;
            self.next_number += 1;
            self.place = format!("p{n}");
            n
        });
        self.current = Some(self.entry_here(number));
    }

    fn entry_here(&self, number: Option<usize>) -> Entry {
        Entry {
            anchor: self.place.clone(),
            number,
            text: String::new(),
        }
    }

    fn text(&mut self, text: &str) {
        if self.skipped > 0 {
            return;
        }
        if let Some(entry) = &mut self.current {
            let text = match entry.text.is_empty() {
                true => text.strip_prefix(UNNUMBERED_MARKER).unwrap_or(text),
                false => text,
            };
            entry.text.push_str(text);
        }
    }

    fn flush_at_top(&mut self) {
        if self.depth == 0 {
            self.flush();
        }
    }

    fn flush(&mut self) {
        let Some(mut entry) = self.current.take() else {
            return;
        };
        entry.text = collapse(&entry.text);
        if !entry.text.is_empty() {
            self.out.push(entry);
        }
    }
}

/// Runs of white space as one space, none at either end: what `split_whitespace` and
/// `join(" ")` give. Every paragraph of a site goes through it, and nearly all are single
/// spaced already, with a space at the end: those are only trimmed.
fn collapse(text: &str) -> String {
    let trimmed = text.trim_matches(' ');
    if is_single_spaced(trimmed) {
        return trimmed.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut word_start = None;
    for (i, c) in text.char_indices() {
        match (c.is_whitespace(), word_start) {
            (true, Some(start)) => {
                push_word(&mut out, &text[start..i]);
                word_start = None;
            }
            (false, None) => word_start = Some(i),
            _ => {}
        }
    }
    if let Some(start) = word_start {
        push_word(&mut out, &text[start..]);
    }
    out
}

/// Whether `text`'s only white space is single ASCII spaces between words, read byte by
/// byte: a UTF-8 sequence of a non-ASCII white space (U+0085, U+00A0, U+1680, U+2000 to
/// U+200A, U+2028, U+2029, U+202F, U+205F, U+3000) says no.
fn is_single_spaced(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    let mut after_space = false;
    for (i, &b) in bytes.iter().enumerate() {
        let next = |n: usize| bytes.get(i + n).copied().unwrap_or(0);
        let white = match b {
            b' ' if after_space => return false,
            b' ' => {
                after_space = true;
                continue;
            }
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' => true,
            0xC2 => matches!(next(1), 0x85 | 0xA0),
            0xE1 => next(1) == 0x9A && next(2) == 0x80,
            0xE2 => match next(1) {
                0x80 => matches!(next(2), 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF),
                0x81 => next(2) == 0x9F,
                _ => false,
            },
            0xE3 => next(1) == 0x80 && next(2) == 0x80,
            _ => false,
        };
        if white {
            return false;
        }
        after_space = false;
    }
    true
}

fn push_word(out: &mut String, word: &str) {
    if !out.is_empty() {
        out.push(' ');
    }
    out.push_str(word);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::outline::options;

    fn entries(title: &str, body: &str, first: usize) -> Vec<Entry> {
        let mut page = PageText::new(title, first);
        for event in pulldown_cmark::Parser::new_ext(body, options()) {
            page.event(&event);
        }
        page.finish()
    }

    #[test]
    fn white_space_is_collapsed_as_split_whitespace_would() {
        let mut texts = vec![
            String::new(),
            " ".into(),
            "a".into(),
            " a  b\t\nc ".into(),
            "été  où « là » — ’ … ".into(),
        ];
        // Every white space character, and its neighbours in the code charts.
        for c in ('\u{0}'..='\u{3001}').filter(|c| c.is_whitespace() || (*c as u32) % 7 == 0) {
            texts.push(format!("a{c}b c"));
        }
        for text in texts {
            let expected = text.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(collapse(&text), expected, "{text:?}");
        }
    }

    #[test]
    fn paragraphs_are_numbered_from_the_page_start_and_others_link_nearby() {
        let body = "Un *premier* paragraphe.\n\n## Titre\n\n{-} Non numéroté.\n\n- a\n- b\n\nDeuxième.[^1]\n\n[^1]: Une note.\n\n```{indicators}\noutcome = \"1\"\n```\n";
        let got = entries("Page", body, 7);
        let got: Vec<(&str, Option<usize>, &str)> = got
            .iter()
            .map(|e| (e.anchor.as_str(), e.number, e.text.as_str()))
            .collect();
        assert_eq!(
            got,
            [
                ("", None, "Page"),
                ("p7", Some(7), "Un premier paragraphe."),
                ("titre", None, "Titre"),
                ("titre", None, "Non numéroté."),
                ("titre", None, "a b"),
                ("p8", Some(8), "Deuxième."),
            ]
        );
    }
}
