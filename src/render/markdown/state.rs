//! The pass over a page body's event stream: numbered paragraphs, headings, rapport
//! blocks, footnote references, and link and image destinations, each rewritten in place.
//!
//! [`State`] is what the pass carries from one event to the next; the headings and the
//! footnotes add their own methods to it ([`super::heading_ids`], [`super::footnotes`]).

use std::collections::{BTreeMap, HashMap};

use pulldown_cmark::{Event, Tag, TagEnd};

use crate::core::html::escape_attr;
use crate::core::outline::{UNNUMBERED_MARKER, is_container, is_container_end};

use super::blocks::{block_placeholder, is_block_start};
use super::heading_ids::HeadingIds;
use super::links::rewrite;
use super::{Heading, RenderSettings};

/// What the pass over a body carries from one event to the next, and what it gives back:
/// the headings, the footnotes referred to, the blocks' HTML.
pub(super) struct State {
    pub(super) paragraph: usize,
    pub(super) next_footnote: usize,
    pub(super) footnote_numbers: HashMap<String, usize>,
    pub(super) footnote_refs: BTreeMap<usize, Vec<String>>,
    pub(super) footnote_order: Vec<String>,
    pub(super) headings: Vec<Heading>,
    pub(super) heading_ids: HeadingIds,
    pub(super) blocks: Vec<String>,
    /// The outline index of each block of the body, in order (see
    /// [`split_footnote_definitions`](super::footnotes::split_footnote_definitions)).
    pub(super) body_blocks: std::vec::IntoIter<usize>,
    pub(super) saw_raw_html: bool,
}

impl State {
    pub(super) fn new(first_paragraph: usize, first_footnote: usize) -> Self {
        State {
            paragraph: first_paragraph,
            next_footnote: first_footnote,
            footnote_numbers: HashMap::new(),
            footnote_refs: BTreeMap::new(),
            footnote_order: Vec::new(),
            headings: Vec::new(),
            heading_ids: HeadingIds::default(),
            blocks: Vec::new(),
            body_blocks: Vec::new().into_iter(),
            saw_raw_html: false,
        }
    }

    pub(super) fn transform<'a>(
        &mut self,
        events: Vec<Event<'a>>,
        settings: &mut RenderSettings<'_>,
    ) -> Vec<Event<'a>> {
        let mut out = Vec::with_capacity(events.len() + 16);
        let mut depth = 0usize;
        let mut iter = events.into_iter().peekable();
        while let Some(event) = iter.next() {
            match event {
                Event::Start(Tag::Paragraph) if depth == 0 => {
                    if let Some(Event::Text(text)) = iter.peek()
                        && let Some(rest) = text.strip_prefix(UNNUMBERED_MARKER)
                    {
                        let rest = rest.trim_start().to_string();
                        iter.next();
                        out.push(Event::Html("<p class=\"unnumbered\">".into()));
                        out.push(Event::Text(rest.into()));
                        continue;
                    }
                    out.push(Event::Html(self.open_numbered_paragraph(settings).into()));
                }
                Event::Start(Tag::Heading {
                    level, id, classes, ..
                }) => {
                    let inner = take_until_heading_end(&mut iter);
                    self.push_heading(level, id, &classes, inner, settings, &mut out);
                }
                ref event if is_block_start(event) => {
                    skip_code_block(&mut iter);
                    // The outline and this pass read the same Markdown: every block of
                    // the body has its index.
                    let html = match self.body_blocks.next() {
                        Some(index) => (settings.render_block)(index),
                        None => String::new(),
                    };
                    out.push(Event::Html(block_placeholder(self.blocks.len()).into()));
                    self.blocks.push(html);
                }
                Event::FootnoteReference(label) => {
                    let reference = self.footnote_reference(&label, settings);
                    out.push(Event::InlineHtml(reference.into()));
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => out.push(Event::Start(Tag::Link {
                    link_type,
                    dest_url: rewrite(dest_url, settings),
                    title,
                    id,
                })),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => out.push(Event::Start(Tag::Image {
                    link_type,
                    dest_url: rewrite(dest_url, settings),
                    title,
                    id,
                })),
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.saw_raw_html = true;
                    out.push(event);
                }
                Event::Start(ref tag) if is_container(tag) => {
                    depth += 1;
                    out.push(event);
                }
                Event::End(ref tag) if is_container_end(tag) => {
                    depth = depth.saturating_sub(1);
                    out.push(event);
                }
                other => out.push(other),
            }
        }
        out
    }

    fn open_numbered_paragraph(&mut self, settings: &RenderSettings<'_>) -> String {
        let n = self.paragraph;
        self.paragraph += 1;
        let shown = settings.counter(n);
        // The id and the address keep 0–9; what the reader sees is in the page's digits.
        format!(
            "<p id=\"p{n}\" class=\"numbered\"><a class=\"pnum\" href=\"#p{n}\" title=\"{title}\">{shown}.</a> ",
            title = escape_attr(&settings.paragraph_title.replace("{n}", &shown)),
        )
    }

    /// Rewrites the inline events of a heading or a footnote: footnote references,
    /// relative links and images; notes raw HTML for the sanitizer.
    pub(super) fn transform_inline<'a>(
        &mut self,
        events: Vec<Event<'a>>,
        settings: &mut RenderSettings<'_>,
    ) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => {
                    Event::InlineHtml(self.footnote_reference(&label, settings).into())
                }
                Event::Start(Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Link {
                    link_type,
                    dest_url: rewrite(dest_url, settings),
                    title,
                    id,
                }),
                Event::Start(Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                }) => Event::Start(Tag::Image {
                    link_type,
                    dest_url: rewrite(dest_url, settings),
                    title,
                    id,
                }),
                Event::Html(_) | Event::InlineHtml(_) => {
                    self.saw_raw_html = true;
                    event
                }
                other => other,
            })
            .collect()
    }
}

fn take_until_heading_end<'a>(iter: &mut impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    let mut inner = Vec::new();
    for event in iter.by_ref() {
        if matches!(event, Event::End(TagEnd::Heading(_))) {
            break;
        }
        inner.push(event);
    }
    inner
}

/// Passes over the body of a rapport block: it was read when the page was loaded.
fn skip_code_block<'a>(iter: &mut impl Iterator<Item = Event<'a>>) {
    for event in iter.by_ref() {
        if matches!(event, Event::End(TagEnd::CodeBlock)) {
            break;
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::core::outline::outline;
    use crate::render::markdown::tests::render_plain;

    #[test]
    fn paragraphs_continue_from_the_first_number() {
        let r = render_plain("Alpha.\n\nBeta.\n\n{-} Gamma.\n", 5);
        assert!(r.html.contains("id=\"p5\""));
        assert!(r.html.contains("id=\"p6\""));
        assert!(!r.html.contains("id=\"p7\""));
        assert!(r.html.contains("<p class=\"unnumbered\">Gamma.</p>"));
        assert_eq!(r.paragraphs, 2);
    }

    #[test]
    fn indented_code_in_a_quote_does_not_count_the_quote_as_top_level() {
        let src = "One.\n\n> quoted\n>\n>     code\n>\n> after code in quote\n\nTwo.\n";
        assert_eq!(outline(src).paragraphs, 2);
        assert_eq!(render_plain(src, 1).paragraphs, 2);
    }
}
