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
                self.separate();
                self.flush_at_top();
            }
            Event::End(TagEnd::Paragraph | TagEnd::TableCell) => self.separate(),
            Event::Text(t) | Event::Code(t) => self.text(t),
            Event::SoftBreak | Event::HardBreak => self.separate(),
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
                        text: text.trim().to_string(),
                    });
                } else {
                    self.text(&text);
                    self.separate();
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

    /// A space between two pieces of text (lines, cells, paragraphs of a list item), one
    /// only: the text is kept as written otherwise, and shown in a snippet, where HTML
    /// collapses white space anyway.
    fn separate(&mut self) {
        if self.skipped > 0 {
            return;
        }
        if let Some(entry) = &mut self.current
            && !entry.text.is_empty()
            && !entry.text.ends_with(' ')
        {
            entry.text.push(' ');
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
        trim_in_place(&mut entry.text);
        if !entry.text.is_empty() {
            self.out.push(entry);
        }
    }
}

/// The text without white space at either end, in place.
fn trim_in_place(text: &mut String) {
    let end = text.trim_end().len();
    text.truncate(end);
    let start = text.len() - text.trim_start().len();
    text.drain(..start);
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
    fn pieces_of_text_are_separated_by_one_space_and_entries_trimmed() {
        let body = "a\nb  \n\n- c\n\n  d\n- e\n\n| x | y |\n|---|---|\n| 1 | 2 |\n";
        let got: Vec<String> = entries("T", body, 1).into_iter().map(|e| e.text).collect();
        assert_eq!(got, ["T", "a b", "c d e", "x y 1 2"]);
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
