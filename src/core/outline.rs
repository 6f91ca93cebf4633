//! What a page contains, read from its Markdown without rendering it: numbered
//! paragraphs, footnotes, rapport blocks, links, headings and nesting. Enough to number
//! paragraphs, footnotes and figures through an edition, to compare languages, and to
//! validate a page before anything is rendered.

use std::collections::HashSet;

use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::core::nesting::{MAX_NESTING, RawNesting};

/// The marker that makes a paragraph unnumbered.
pub(crate) const UNNUMBERED_MARKER: &str = "{-}";

/// Ids that rapport gives to its own elements; a heading never takes one of these shapes.
pub(crate) const RESERVED_ID_PREFIXES: [&str; 3] = ["p", "fn-", "fnref-"];

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
}

/// A rapport block found in a page: ```` ```{kind} ```` with a TOML body, as written; the
/// load stage reads its body once, into a [`crate::core::model::PageBlock`].
#[derive(Debug, Clone, PartialEq)]
pub struct Block {
    /// The name in braces: `indicators`, `figure`.
    pub kind: String,
    /// The TOML body.
    pub body: String,
    /// Byte offset of the body in the Markdown source.
    pub body_offset: usize,
    /// Byte offset of the opening fence (```` ```{figure} ````) in the Markdown source:
    /// a problem with the block as a whole is shown there.
    pub fence_offset: usize,
}

/// What a page contains, known before rendering: enough to number paragraphs, footnotes
/// and figures through an edition and to compare languages.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outline {
    /// Numbered paragraphs on the page.
    pub paragraphs: usize,
    /// Footnote labels in the order of their first reference.
    pub footnotes: Vec<String>,
    /// Footnote definitions present on the page, with their byte offsets.
    pub footnote_definitions: Vec<(String, usize)>,
    /// Footnote references with their byte offsets.
    pub footnote_references: Vec<(String, usize)>,
    /// The rapport blocks, in order.
    pub blocks: Vec<Block>,
    /// Link and image destinations with their byte offsets.
    pub links: Vec<(String, usize)>,
    /// Level-1 headings in the body, by offset (the page title is the only `h1`).
    pub h1_offsets: Vec<usize>,
    /// Whether the page contains raw HTML.
    pub has_raw_html: bool,
    /// Where elements first nest deeper than [`MAX_NESTING`], Markdown and raw HTML
    /// together; see [`Outline::too_deep_for_sanitizer`].
    pub too_deep: Option<usize>,
}

impl Outline {
    /// Where the page nests elements deeper than [`MAX_NESTING`] although it goes through
    /// the HTML sanitizer (it has raw HTML or a link with an unsafe scheme).
    pub fn too_deep_for_sanitizer(&self) -> Option<usize> {
        let sanitized = self.has_raw_html
            || self
                .links
                .iter()
                .any(|(url, _)| crate::core::links::unsafe_scheme(url).is_some());
        self.too_deep.filter(|_| sanitized)
    }
}

/// The depth of open elements through a page: those Markdown makes and those raw HTML
/// opens.
#[derive(Default)]
struct Nesting {
    markdown: usize,
    raw: RawNesting,
    too_deep: Option<usize>,
}

impl Nesting {
    fn open_markdown(&mut self, offset: usize) {
        self.markdown += 1;
        self.note(self.raw.depth(), offset);
    }

    fn close_markdown(&mut self) {
        self.markdown = self.markdown.saturating_sub(1);
    }

    fn note(&mut self, raw_depth: usize, offset: usize) {
        if self.too_deep.is_none() && self.markdown + raw_depth > MAX_NESTING {
            self.too_deep = Some(offset);
        }
    }

    /// Follows the tags of a piece of raw HTML found at `offset`.
    fn raw_html(&mut self, html: &str, offset: usize) {
        let mut deepest = None;
        let markdown = self.markdown;
        self.raw.read(html, |depth, at| {
            if deepest.is_none() && markdown + depth > MAX_NESTING {
                deepest = Some((depth, offset + at));
            }
        });
        if let Some((depth, at)) = deepest {
            self.note(depth, at);
        }
    }
}

/// Reads a page's structure without rendering it.
pub(crate) fn outline(source: &str) -> Outline {
    let mut outline = Outline::default();
    let mut depth = 0usize;
    let mut seen_labels = HashSet::new();
    let mut in_block: Option<(String, usize, usize)> = None;
    let mut block_body = String::new();
    let mut paragraph_start = false;
    let mut nesting = Nesting::default();
    for (event, range) in Parser::new_ext(source, options()).into_offset_iter() {
        match &event {
            // An HTML block is no element of its own: its lines are raw HTML.
            Event::Start(Tag::HtmlBlock) | Event::End(TagEnd::HtmlBlock) => {}
            Event::Start(_) => nesting.open_markdown(range.start),
            Event::End(_) => nesting.close_markdown(),
            Event::Html(html) | Event::InlineHtml(html) => nesting.raw_html(html, range.start),
            _ => {}
        }
        if paragraph_start {
            paragraph_start = false;
            if !starts_unnumbered(&event) {
                outline.paragraphs += 1;
            }
        }
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => paragraph_start = true,
            Event::Start(Tag::CodeBlock(kind)) => {
                if let CodeBlockKind::Fenced(info) = &kind
                    && let Some(kind) = block_kind(info)
                {
                    in_block = Some((kind.to_string(), usize::MAX, range.start));
                    block_body.clear();
                }
                depth += 1;
            }
            Event::Text(text) if in_block.is_some() => {
                if let Some((_, offset, _)) = &mut in_block
                    && *offset == usize::MAX
                {
                    *offset = range.start;
                }
                block_body.push_str(&text);
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((kind, offset, fence_offset)) = in_block.take() {
                    let body_offset = if offset == usize::MAX {
                        range.start
                    } else {
                        offset
                    };
                    outline.blocks.push(Block {
                        kind,
                        body: std::mem::take(&mut block_body),
                        body_offset,
                        fence_offset,
                    });
                }
                depth = depth.saturating_sub(1);
            }
            Event::FootnoteReference(label) => {
                if seen_labels.insert(label.to_string()) {
                    outline.footnotes.push(label.to_string());
                }
                outline
                    .footnote_references
                    .push((label.to_string(), range.start));
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                outline
                    .footnote_definitions
                    .push((label.to_string(), range.start));
                depth += 1;
            }
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                outline.links.push((dest_url.to_string(), range.start));
            }
            Event::Start(Tag::Heading {
                level: HeadingLevel::H1,
                ..
            }) => outline.h1_offsets.push(range.start),
            Event::Html(_) | Event::InlineHtml(_) => outline.has_raw_html = true,
            Event::Start(tag) if is_container(&tag) => depth += 1,
            Event::End(tag) if is_container_end(&tag) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    outline.too_deep = nesting.too_deep;
    outline
}

pub(crate) fn block_kind(info: &str) -> Option<&str> {
    let info = info.trim();
    info.strip_prefix('{')?.strip_suffix('}').map(str::trim)
}

pub(crate) fn starts_unnumbered(event: &Event<'_>) -> bool {
    matches!(event, Event::Text(t) if t.starts_with(UNNUMBERED_MARKER))
}

pub(crate) fn is_container(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Table(_)
            | Tag::HtmlBlock
            | Tag::DefinitionList
    )
}

pub(crate) fn is_container_end(tag: &TagEnd) -> bool {
    matches!(
        tag,
        TagEnd::BlockQuote(_)
            | TagEnd::List(_)
            | TagEnd::Item
            | TagEnd::Table
            | TagEnd::HtmlBlock
            | TagEnd::DefinitionList
            | TagEnd::FootnoteDefinition
    )
}

/// A readable, stable URL fragment or path segment: ASCII letters, digits and hyphens.
pub(crate) fn slugify(text: &str) -> String {
    let ascii = deunicode::deunicode(text).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    let mut pending_hyphen = false;
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_hyphen && !slug.is_empty() {
                slug.push('-');
            }
            pending_hyphen = false;
            slug.push(c);
        } else {
            pending_hyphen = true;
        }
    }
    truncate_at_word(slug, 64)
}

fn truncate_at_word(slug: String, max: usize) -> String {
    if slug.len() <= max {
        return slug;
    }
    let cut = slug[..max].rfind('-').unwrap_or(max);
    slug[..cut].to_string()
}
