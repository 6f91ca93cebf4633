//! What a page offers the search: its title, its headings and its top-level blocks as
//! plain text, each with the place on the page a result links to.
//!
//! Numbered paragraphs link to themselves (`#p12`), headings to their ids; an unnumbered
//! paragraph, a list, a table or a quotation links to the numbered paragraph or heading
//! before it, the nearest place a reader can be sent to. The rules asked of their owners:
//! which paragraphs are numbered (`core::outline`), heading ids (`markdown::HeadingIds`).
//! Footnotes, code and rapport blocks (`{indicators}`, `{figure}`: data, not prose) and
//! raw HTML are not indexed.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use crate::core::outline::{UNNUMBERED_MARKER, is_container, is_container_end, options};
use crate::render::markdown::{HeadingIds, events_text};

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

/// The entries of a page: its title first, then its body's blocks in reading order.
/// `first_paragraph` is the number of the page's first numbered paragraph.
pub(crate) fn entries(title: &str, body: &str, first_paragraph: usize) -> Vec<Entry> {
    let mut walk = Walk {
        out: vec![Entry {
            anchor: String::new(),
            number: None,
            text: title.to_string(),
        }],
        current: None,
        place: String::new(),
        next_number: first_paragraph,
        depth: 0,
        skipped: 0,
        paragraph_start: false,
        ids: HeadingIds::default(),
    };
    let mut events = Parser::new_ext(body, options());
    while let Some(event) = events.next() {
        walk.event(event, &mut events);
    }
    walk.flush();
    walk.out
}

struct Walk {
    out: Vec<Entry>,
    /// The entry being read.
    current: Option<Entry>,
    /// The last place a reader can be sent to: a paragraph's or a heading's id.
    place: String,
    next_number: usize,
    depth: usize,
    /// Inside footnotes and code blocks: text that is not indexed.
    skipped: usize,
    paragraph_start: bool,
    ids: HeadingIds,
}

impl Walk {
    fn event<'a>(&mut self, event: Event<'a>, rest: &mut impl Iterator<Item = Event<'a>>) {
        if std::mem::take(&mut self.paragraph_start) {
            self.start_paragraph(&event);
        }
        match event {
            Event::Start(Tag::Paragraph) if self.depth == 0 && self.skipped == 0 => {
                self.flush();
                self.paragraph_start = true;
            }
            Event::Start(Tag::Heading { id, .. }) if self.skipped == 0 => {
                self.flush();
                let inner: Vec<Event<'_>> = rest
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .collect();
                let text = events_text(&inner);
                let anchor = self.ids.next("", id.as_deref(), &text);
                self.place = anchor.clone();
                if self.depth == 0 {
                    self.out.push(Entry {
                        anchor,
                        number: None,
                        text,
                    });
                } else {
                    self.text(&text);
                }
            }
            Event::Start(Tag::CodeBlock(_) | Tag::FootnoteDefinition(_)) => {
                self.flush_at_top();
                self.skipped += 1;
            }
            Event::End(TagEnd::CodeBlock | TagEnd::FootnoteDefinition) => {
                self.skipped = self.skipped.saturating_sub(1);
            }
            Event::Start(tag) if is_container(&tag) => {
                if self.depth == 0 && self.skipped == 0 {
                    self.flush();
                    self.current = Some(self.entry_here(None));
                }
                self.depth += 1;
            }
            Event::End(tag) if is_container_end(&tag) => {
                self.depth = self.depth.saturating_sub(1);
                self.text(" ");
                self.flush_at_top();
            }
            Event::End(TagEnd::Paragraph | TagEnd::TableCell) => self.text(" "),
            Event::Text(t) | Event::Code(t) => self.text(&t),
            Event::SoftBreak | Event::HardBreak => self.text(" "),
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
        let collapsed = entry.text.split_whitespace().collect::<Vec<_>>().join(" ");
        entry.text = collapsed;
        if !entry.text.is_empty() {
            self.out.push(entry);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
