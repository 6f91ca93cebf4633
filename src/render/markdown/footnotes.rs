//! Edition-wide footnotes: the definitions set apart from the body, each reference
//! numbered from the edition's offset with its own back-link id, and the notes rendered
//! in the order they are first referred to (a note may refer to another).

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Tag, TagEnd};

use super::blocks::is_block_start;
use super::state::State;
use super::{Footnote, RenderSettings};

pub(crate) type Definitions<'a> = BTreeMap<String, Vec<Event<'a>>>;

/// Sets the footnote definitions apart from the body. Also gives the index, in the order
/// of the page's outline, of each rapport block the body shows: a block inside a footnote
/// definition stays a code block but keeps its place in that order.
pub(crate) fn split_footnote_definitions(
    events: Vec<Event<'_>>,
) -> (Vec<Event<'_>>, Definitions<'_>, Vec<usize>) {
    let mut body = Vec::with_capacity(events.len());
    let mut definitions = BTreeMap::new();
    let mut current: Option<(String, Vec<Event<'_>>)> = None;
    let mut nesting = 0usize;
    let mut blocks = 0usize;
    let mut body_blocks = Vec::new();
    for event in events {
        if is_block_start(&event) {
            if current.is_none() {
                body_blocks.push(blocks);
            }
            blocks += 1;
        }
        match (&mut current, event) {
            (None, Event::Start(Tag::FootnoteDefinition(label))) => {
                current = Some((label.to_string(), Vec::new()));
                nesting = 0;
            }
            (Some(_), Event::Start(Tag::FootnoteDefinition(_))) => nesting += 1,
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) if nesting > 0 => nesting -= 1,
            (Some(_), Event::End(TagEnd::FootnoteDefinition)) => {
                if let Some((label, events)) = current.take() {
                    definitions.entry(label).or_insert(events);
                }
            }
            (Some((_, events)), event) => events.push(event),
            (None, event) => body.push(event),
        }
    }
    (body, definitions, body_blocks)
}

impl State {
    pub(super) fn footnote_reference(
        &mut self,
        label: &str,
        settings: &RenderSettings<'_>,
    ) -> String {
        let number = match self.footnote_numbers.get(label) {
            Some(n) => *n,
            None => {
                let n = self.next_footnote;
                self.next_footnote += 1;
                self.footnote_numbers.insert(label.to_string(), n);
                self.footnote_order.push(label.to_string());
                n
            }
        };
        let refs = self.footnote_refs.entry(number).or_default();
        let ref_id = if refs.is_empty() {
            format!("fnref-{number}")
        } else {
            format!("fnref-{number}-{}", refs.len() + 1)
        };
        refs.push(ref_id.clone());
        format!(
            "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"{ref_id}\" aria-describedby=\"footnotes-label\">{shown}</a></sup>",
            shown = settings.counter(number)
        )
    }

    pub(super) fn footnotes(
        &mut self,
        mut definitions: Definitions<'_>,
        settings: &mut RenderSettings<'_>,
    ) -> Vec<Footnote> {
        // A note may refer to another note: the queue grows while it is worked through.
        let mut notes = Vec::new();
        let mut next = 0;
        while next < self.footnote_order.len() {
            let label = self.footnote_order[next].clone();
            next += 1;
            notes.extend(self.footnote(&label, &mut definitions, settings));
        }
        notes
    }

    fn footnote(
        &mut self,
        label: &str,
        definitions: &mut Definitions<'_>,
        settings: &mut RenderSettings<'_>,
    ) -> Option<Footnote> {
        let events = definitions.remove(label)?;
        let number = self.footnote_numbers[label];
        let events = self.transform_inline(events, settings);
        let events = crate::render::typography::typeset_events(events, settings.typography);
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if let Some(sanitize) = settings.sanitize
            && self.saw_raw_html
        {
            html = sanitize(&html);
        }
        Some(Footnote {
            number,
            shown: settings.counter(number),
            id: format!("fn-{number}"),
            references: self.footnote_refs.remove(&number).unwrap_or_default(),
            html,
        })
    }
}

#[cfg(test)]
mod tests {
    use crate::core::outline::outline;
    use crate::render::markdown::tests::render_plain;
    use crate::render::markdown::{RenderSettings, render};

    #[test]
    fn footnotes_are_numbered_from_the_edition_offset() {
        let resolve = |_: &str| None;
        let mut blocks = |_: usize| String::new();
        let mut settings = RenderSettings {
            first_paragraph: 1,
            first_footnote: 3,
            heading_prefix: "",
            heading_shift: 0,
            resolve_link: &resolve,
            render_block: &mut blocks,
            sanitize: None,
            paragraph_title: "Paragraph {n}",
            typography: &crate::render::typography::NONE,
            numbers: None,
            read_events: None,
        };
        let r = render(
            "A[^x] and B[^y] and A[^x].\n\n[^y]: Why.\n[^x]: Ex.\n",
            &mut settings,
        );
        let numbers: Vec<usize> = r.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [3, 4]);
        assert_eq!(r.footnotes[0].references, ["fnref-3", "fnref-3-2"]);
    }

    #[test]
    fn a_note_that_refers_to_another_note_renders_both() {
        let r = render_plain("A[^a].\n\n[^a]: Note with ref[^b].\n\n[^b]: Inner.\n", 1);
        let numbers: Vec<usize> = r.footnotes.iter().map(|f| f.number).collect();
        assert_eq!(numbers, [1, 2]);
        assert!(
            r.footnotes[0].html.contains("href=\"#fn-2\""),
            "{}",
            r.footnotes[0].html
        );
        assert_eq!(
            outline("A[^a].\n\n[^a]: Note with ref[^b].\n\n[^b]: Inner.\n")
                .footnotes
                .len(),
            2
        );
    }
}
