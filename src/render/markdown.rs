//! Markdown to HTML, as pulldown-cmark event transforms: numbered paragraphs, heading ids,
//! edition-wide footnotes, relative links and rapport blocks (`{indicators}`, `{figure}`).
//!
//! This module knows nothing of files or templates: links are rewritten and blocks are
//! rendered through callbacks that the render stage provides.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fmt::Write as _;

use crate::core::html::escape_attr;
use crate::core::outline::{
    RESERVED_ID_PREFIXES, UNNUMBERED_MARKER, block_kind, is_container, is_container_end, options,
    slugify,
};
use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Parser, Tag, TagEnd};

/// Where a page sits in its edition and how to resolve what it refers to.
pub struct RenderSettings<'a> {
    /// The number of the page's first numbered paragraph.
    pub first_paragraph: usize,
    /// The number of the page's first footnote.
    pub first_footnote: usize,
    /// Prefix for heading ids. rapport's pages use none: their printable sections are
    /// derived from the rendered body by [`for_print`], whose test renders with a prefix
    /// as the reference.
    pub heading_prefix: &'a str,
    /// Levels to add to every heading (0 on rapport's pages; see `heading_prefix`).
    pub heading_shift: u8,
    /// Rewrites a link destination; `None` leaves it as written.
    pub resolve_link: &'a dyn Fn(&str) -> Option<String>,
    /// Renders a rapport block to HTML (already safe), given its index among the page's
    /// blocks in the order of its outline: the block's body was read when the page was
    /// loaded, and is not read again here.
    pub render_block: &'a mut dyn FnMut(usize) -> String,
    /// Sanitizes raw HTML when the page has any; `None` keeps it (trusted content).
    pub sanitize: Option<&'a dyn Fn(&str) -> String>,
    /// Accessible label of a paragraph number link, e.g. "Paragraph".
    pub paragraph_label: &'a str,
    /// Accessible label of a footnote back-link, e.g. "Back to the text".
    pub backlink_label: &'a str,
}

/// A heading of the rendered page, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 2 to 6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A footnote of the rendered page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Footnote {
    /// Its number in the edition.
    pub number: usize,
    /// The `id` of the note (`fn-N`).
    pub id: String,
    /// The ids of the references to it, for back-links.
    pub references: Vec<String>,
    /// The note's content as HTML.
    pub html: String,
}

/// A rendered page body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// The body HTML (without the footnotes).
    pub html: String,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// The footnotes, in order of reference.
    pub footnotes: Vec<Footnote>,
    /// Numbered paragraphs rendered.
    pub paragraphs: usize,
}

/// Renders a page body to HTML.
pub fn render(source: &str, settings: &mut RenderSettings<'_>) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    let mut state = State::new(settings.first_paragraph, settings.first_footnote);
    // A `javascript:` link is as dangerous as a raw `<script>`: both go through the sanitizer.
    state.saw_raw_html = events.iter().any(has_unsafe_url);
    let (body, definitions, body_blocks) = split_footnote_definitions(events);
    state.body_blocks = body_blocks.into_iter();
    let body = state.transform(body, settings);
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, body.into_iter());
    let footnotes = state.footnotes(definitions, settings);
    let mut html = match settings.sanitize {
        Some(sanitize) if state.saw_raw_html => sanitize(&html),
        _ => html,
    };
    if !state.blocks.is_empty() {
        html = fill_block_placeholders(&html, &state.blocks);
    }
    Rendered {
        html,
        headings: state.headings,
        footnotes,
        paragraphs: state.paragraph - settings.first_paragraph,
    }
}

type Definitions<'a> = BTreeMap<String, Vec<Event<'a>>>;

/// Sets the footnote definitions apart from the body. Also gives the index, in the order
/// of the page's outline, of each rapport block the body shows: a block inside a footnote
/// definition stays a code block but keeps its place in that order.
fn split_footnote_definitions(
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

/// Whether an event opens a rapport block: the outline finds the same ones, in the same
/// order.
fn is_block_start(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if block_kind(info).is_some())
}

fn block_placeholder(index: usize) -> String {
    format!("\u{FFFC}rapport-block-{index}\u{FFFC}")
}

/// Puts each block's HTML in place of the first occurrence of its placeholder, in one
/// pass: replacing them one after the other would copy the page once per block.
fn fill_block_placeholders(html: &str, blocks: &[String]) -> String {
    const START: &str = "\u{FFFC}rapport-block-";
    let mut out = String::with_capacity(html.len() + blocks.iter().map(String::len).sum::<usize>());
    let mut filled = vec![false; blocks.len()];
    let mut copied = 0;
    for at in memchr::memmem::find_iter(html.as_bytes(), START) {
        if at < copied {
            continue;
        }
        let digits_at = at + START.len();
        let digits = html[digits_at..]
            .bytes()
            .take_while(u8::is_ascii_digit)
            .count();
        let end = digits_at + digits;
        if !html[end..].starts_with('\u{FFFC}') {
            continue;
        }
        let index = html[digits_at..end].parse::<usize>().ok();
        let Some(index) = index.filter(|i| filled.get(*i) == Some(&false)) else {
            continue;
        };
        filled[index] = true;
        out.push_str(&html[copied..at]);
        out.push_str(&blocks[index]);
        copied = end + '\u{FFFC}'.len_utf8();
    }
    out.push_str(&html[copied..]);
    out
}

struct State {
    paragraph: usize,
    next_footnote: usize,
    footnote_numbers: HashMap<String, usize>,
    footnote_refs: BTreeMap<usize, Vec<String>>,
    footnote_order: Vec<String>,
    headings: Vec<Heading>,
    used_ids: HashSet<String>,
    /// The next number to try after each base id that was already taken.
    next_suffix: HashMap<String, usize>,
    blocks: Vec<String>,
    /// The outline index of each block of the body, in order (see
    /// [`split_footnote_definitions`]).
    body_blocks: std::vec::IntoIter<usize>,
    saw_raw_html: bool,
}

impl State {
    fn new(first_paragraph: usize, first_footnote: usize) -> Self {
        State {
            paragraph: first_paragraph,
            next_footnote: first_footnote,
            footnote_numbers: HashMap::new(),
            footnote_refs: BTreeMap::new(),
            footnote_order: Vec::new(),
            headings: Vec::new(),
            used_ids: HashSet::new(),
            next_suffix: HashMap::new(),
            blocks: Vec::new(),
            body_blocks: Vec::new().into_iter(),
            saw_raw_html: false,
        }
    }

    fn transform<'a>(
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
                    out.push(Event::InlineHtml(self.footnote_reference(&label).into()));
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
        format!(
            "<p id=\"p{n}\" class=\"numbered\"><a class=\"pnum\" href=\"#p{n}\" title=\"{label} {n}\">{n}.</a> ",
            label = escape_attr(settings.paragraph_label)
        )
    }

    fn push_heading<'a>(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        inner: Vec<Event<'a>>,
        settings: &mut RenderSettings<'_>,
        out: &mut Vec<Event<'a>>,
    ) {
        let text = plain_text(&inner);
        let base = explicit_id
            .map(|id| clean_id(&id))
            .unwrap_or_else(|| slugify(&text));
        let id = self.unique_id(&format!("{}{}", settings.heading_prefix, base));
        let level_number = (level as u8 + settings.heading_shift).min(6);
        let class_attr = if classes.is_empty() {
            String::new()
        } else {
            let joined: Vec<&str> = classes.iter().map(|c| c.as_ref()).collect();
            format!(" class=\"{}\"", escape_attr(&joined.join(" ")))
        };
        out.push(Event::Html(
            format!("<h{level_number} id=\"{id}\"{class_attr}>").into(),
        ));
        let inner = self.transform_inline(inner, settings);
        out.extend(inner);
        out.push(Event::Html(format!("</h{level_number}>\n").into()));
        self.headings.push(Heading {
            level: level_number,
            id,
            text,
        });
    }

    fn unique_id(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let base = if is_reserved_id(base) {
            format!("s-{base}")
        } else {
            base.to_string()
        };
        if self.used_ids.insert(base.clone()) {
            return base;
        }
        // Resuming each base at its own counter keeps a page of N equal headings linear;
        // numbers below the counter are known to be taken, so the ids are those a search
        // from `-2` upwards gives.
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used_ids.insert(candidate.clone()) {
                return candidate;
            }
        }
    }

    fn footnote_reference(&mut self, label: &str) -> String {
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
            "<sup class=\"footnote-ref\"><a href=\"#fn-{number}\" id=\"{ref_id}\" aria-describedby=\"footnotes-label\">{number}</a></sup>"
        )
    }

    fn footnotes(
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
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, events.into_iter());
        if let Some(sanitize) = settings.sanitize
            && self.saw_raw_html
        {
            html = sanitize(&html);
        }
        Some(Footnote {
            number,
            id: format!("fn-{number}"),
            references: self.footnote_refs.remove(&number).unwrap_or_default(),
            html,
        })
    }

    /// Rewrites the inline events of a heading or a footnote: footnote references,
    /// relative links and images; notes raw HTML for the sanitizer.
    fn transform_inline<'a>(
        &mut self,
        events: Vec<Event<'a>>,
        settings: &mut RenderSettings<'_>,
    ) -> Vec<Event<'a>> {
        events
            .into_iter()
            .map(|event| match event {
                Event::FootnoteReference(label) => {
                    Event::InlineHtml(self.footnote_reference(&label).into())
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

/// A page body rendered for its own page, made into its section of the edition's printable
/// page: every heading one level down (the page title becomes the section's `h2`), and
/// the ids that are only unique within a page (headings, indicator tables) prefixed with
/// `prefix`, with the in-page links to them. Paragraph, footnote and figure ids are unique
/// in the edition and stay.
///
/// This is the printable page's body without rendering the Markdown a second time: a
/// scan of the tags rapport itself wrote, which escape `"`, `<` and `>` in text and
/// attribute values alike.
pub fn for_print(rendered: &Rendered, prefix: &str) -> Rendered {
    let heading_ids: HashSet<&str> = rendered.headings.iter().map(|h| h.id.as_str()).collect();
    let prefixed = Prefixer {
        prefix,
        heading_ids: &heading_ids,
    };
    Rendered {
        html: prefixed.body(&rendered.html),
        headings: rendered
            .headings
            .iter()
            .map(|h| Heading {
                level: (h.level + 1).min(6),
                id: format!("{prefix}{}", h.id),
                text: h.text.clone(),
            })
            .collect(),
        footnotes: rendered
            .footnotes
            .iter()
            .map(|note| Footnote {
                html: prefixed.body(&note.html),
                ..note.clone()
            })
            .collect(),
        paragraphs: rendered.paragraphs,
    }
}

/// Whether the tag whose name starts `after` its `<` can be one that [`for_print`]
/// changes: a heading, a link, or an indicator table's wrapper, table or caption.
fn may_change(after: &[u8]) -> bool {
    match after {
        [b'h', b'1'..=b'6', ..] | [b'/', b'h', b'1'..=b'6', ..] | [b'a', b' ', ..] => true,
        _ => [&b"div "[..], b"table ", b"caption "]
            .iter()
            .any(|name| after.starts_with(name)),
    }
}

/// The rewriting behind [`for_print`].
struct Prefixer<'a> {
    prefix: &'a str,
    heading_ids: &'a HashSet<&'a str>,
}

impl Prefixer<'_> {
    fn body(&self, html: &str) -> String {
        let mut out = String::with_capacity(html.len() + html.len() / 32);
        let mut copied = 0;
        // The level of the heading whose closing tag is still to come.
        let mut open_heading: Option<u8> = None;
        let bytes = html.as_bytes();
        for start in memchr::memchr_iter(b'<', bytes) {
            if start < copied || !may_change(&bytes[start + 1..]) {
                continue;
            }
            let Some(len) = memchr::memchr(b'>', &bytes[start..]) else {
                break;
            };
            let tag = &html[start..=start + len];
            let replacement = match open_heading {
                Some(level) if tag.len() == 5 && tag.starts_with("</h") => {
                    open_heading = None;
                    Some(format!("</h{}>", (level + 1).min(6)))
                }
                _ => self
                    .heading_start(tag, &mut open_heading)
                    .or_else(|| self.attributes(tag)),
            };
            if let Some(replacement) = replacement {
                out.push_str(&html[copied..start]);
                out.push_str(&replacement);
                copied = start + tag.len();
            }
        }
        out.push_str(&html[copied..]);
        out
    }

    /// `<h2 id="context">` → `<h3 id="intro-context">`, for the headings of the page.
    fn heading_start(&self, tag: &str, open_heading: &mut Option<u8>) -> Option<String> {
        let rest = tag.strip_prefix("<h")?;
        let level = rest.bytes().next().filter(|b| (b'1'..=b'6').contains(b))? - b'0';
        let attributes = rest[1..].strip_prefix(" id=\"")?;
        let (id, after) = attributes.split_once('"')?;
        if !self.heading_ids.contains(id) {
            return None;
        }
        *open_heading = Some(level);
        Some(format!(
            "<h{} id=\"{}{id}\"{after}",
            (level + 1).min(6),
            self.prefix
        ))
    }

    /// In-page links to headings, and the ids of indicator tables and their captions.
    fn attributes(&self, tag: &str) -> Option<String> {
        let mut out: Option<String> = None;
        let mut copied = 0;
        for quote in memchr::memchr_iter(b'"', tag.as_bytes()) {
            let (name, value) = (&tag[..quote], &tag[quote + 1..]);
            let prefix_at = if name.ends_with(" href=") {
                let fragment = value.strip_prefix('#').map(|v| v.split('"').next());
                fragment
                    .flatten()
                    .filter(|f| is_heading_anchor(f))
                    .map(|_| quote + 2)
            } else if value.starts_with("indicators-")
                && [" id=", " aria-labelledby=", " aria-describedby="]
                    .iter()
                    .any(|attribute| name.ends_with(attribute))
            {
                Some(quote + 1)
            } else {
                None
            };
            if let Some(at) = prefix_at {
                let out = out.get_or_insert_with(|| String::with_capacity(tag.len() + 32));
                out.push_str(&tag[copied..at]);
                out.push_str(self.prefix);
                copied = at;
            }
        }
        out.map(|mut out| {
            out.push_str(&tag[copied..]);
            out
        })
    }
}

/// An id given by hand (`{#id}`), kept to the characters that are safe in an attribute
/// and a URL fragment.
fn clean_id(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_.:".contains(c) {
                c
            } else {
                '-'
            }
        })
        .collect()
}

fn has_unsafe_url(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
        if crate::core::links::unsafe_scheme(dest_url).is_some())
}

/// Whether a fragment can name a heading: not one of the ids rapport gives paragraphs,
/// footnotes, figures and indicator rows, which are unique in a whole edition.
pub fn is_heading_anchor(fragment: &str) -> bool {
    !is_reserved_id(fragment)
        && !["figure-", "indicator-"]
            .iter()
            .any(|prefix| fragment.starts_with(prefix))
}

fn is_reserved_id(id: &str) -> bool {
    RESERVED_ID_PREFIXES.iter().any(|prefix| {
        id.strip_prefix(prefix).is_some_and(|rest| {
            *prefix != "p" || (!rest.is_empty() && rest.chars().all(|c| c.is_ascii_digit()))
        })
    })
}

fn rewrite<'a>(url: CowStr<'a>, settings: &RenderSettings<'_>) -> CowStr<'a> {
    match (settings.resolve_link)(&url) {
        Some(new) => new.into(),
        None => url,
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

/// The plain text of inline events (for heading ids and tables of contents).
pub fn plain_text(events: &[Event<'_>]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Escapes what would start a block at the beginning of a line (`1. `, `- `, `# `, `> `),
/// so that a table cell reading "2021. Done" stays text instead of becoming a list.
fn without_block_markers(source: &str) -> String {
    source
        .split_inclusive('\n')
        .map(|line| {
            let trimmed = line.trim_start();
            let indent = &line[..line.len() - trimmed.len()];
            let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
            let after_digits = &trimmed[digits..];
            if digits > 0 && (after_digits.starts_with(". ") || after_digits.starts_with(") ")) {
                format!("{indent}{}\\{}", &trimmed[..digits], after_digits)
            } else if trimmed.starts_with('>')
                || ["- ", "* ", "+ ", "# ", "## ", "### "]
                    .iter()
                    .any(|marker| trimmed.starts_with(marker))
            {
                format!("{indent}\\{trimmed}")
            } else {
                line.to_string()
            }
        })
        .collect()
}

/// Renders a short piece of inline Markdown (a table cell, a caption) to HTML, without
/// the surrounding paragraph.
pub fn render_inline(source: &str, sanitize: Option<&dyn Fn(&str) -> String>) -> String {
    render_inline_linked(source, sanitize, &|_| None)
}

/// [`render_inline`], with relative links rewritten by `resolve` (text from data files,
/// whose links are relative to the file, not to the page that shows them).
pub fn render_inline_linked(
    source: &str,
    sanitize: Option<&dyn Fn(&str) -> String>,
    resolve: &dyn Fn(&str) -> Option<String>,
) -> String {
    let mut html = String::new();
    let mut raw = false;
    let source = without_block_markers(source);
    let events = Parser::new_ext(&source, options()).filter_map(|event| match event {
        Event::Start(Tag::Paragraph) | Event::End(TagEnd::Paragraph) => None,
        Event::Start(Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        }) => {
            raw |= crate::core::links::unsafe_scheme(&dest_url).is_some();
            let dest_url = resolve(&dest_url).map_or(dest_url, CowStr::from);
            Some(Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }))
        }
        Event::Html(_) | Event::InlineHtml(_) => {
            raw = true;
            Some(event)
        }
        other => {
            raw |= has_unsafe_url(&other);
            Some(other)
        }
    });
    let events: Vec<Event<'_>> = events.collect();
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let _ = write!(html, "");
    match sanitize {
        Some(sanitize) if raw => sanitize(html.trim_end()),
        _ => html.trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nesting::MAX_NESTING;
    use crate::core::outline::outline;

    fn render_plain(source: &str, first: usize) -> Rendered {
        let resolve = |_: &str| None;
        let kinds = block_kinds(source);
        let mut blocks = |i: usize| format!("<div class=\"block\">{}</div>", kinds[i]);
        let mut settings = RenderSettings {
            first_paragraph: first,
            first_footnote: 1,
            heading_prefix: "",
            heading_shift: 0,
            resolve_link: &resolve,
            render_block: &mut blocks,
            sanitize: None,
            paragraph_label: "Paragraph",
            backlink_label: "Back",
        };
        render(source, &mut settings)
    }

    /// A page rendered for its own page (`prefix` empty), or the way its printable
    /// section used to be rendered: a second Markdown pass with prefixed ids and shifted
    /// headings, the oracle of [`for_print`].
    fn render_with_prefix(source: &str, prefix: &str) -> Rendered {
        let resolve = |url: &str| {
            let fragment = url.strip_prefix('#')?;
            (!prefix.is_empty() && is_heading_anchor(fragment))
                .then(|| format!("#{prefix}{fragment}"))
        };
        let mut table = 0;
        let kinds = block_kinds(source);
        let mut blocks = |i: usize| {
            table += 1;
            indicator_table_stand_in(&format!("{prefix}indicators-{table}"), &kinds[i])
        };
        let mut settings = RenderSettings {
            first_paragraph: 4,
            first_footnote: 2,
            heading_prefix: prefix,
            heading_shift: u8::from(!prefix.is_empty()),
            resolve_link: &resolve,
            render_block: &mut blocks,
            sanitize: None,
            paragraph_label: "Paragraph",
            backlink_label: "Back",
        };
        render(source, &mut settings)
    }

    /// The kind of each block of a page, by its index in the outline.
    fn block_kinds(source: &str) -> Vec<String> {
        outline(source).blocks.into_iter().map(|b| b.kind).collect()
    }

    /// The shape of the ids an indicator table carries (see `tables::indicators_table`).
    fn indicator_table_stand_in(id: &str, kind: &str) -> String {
        format!(
            "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n<table class=\"indicators\" id=\"{id}\">\n<caption id=\"{id}-caption\">{kind}</caption><tr id=\"indicator-1.a\"><td><a href=\"#p1\">1</a></td></tr></table></div>\n"
        )
    }

    fn body_of(file: &str) -> &str {
        file.splitn(3, "+++").nth(2).unwrap_or(file)
    }

    /// The printable section made from the page's own body is what a second rendering
    /// with prefixed ids and shifted headings gives, on the sample's pages and on pages
    /// made to trip a scanner.
    #[test]
    fn print_sections_reuse_the_page_body_exactly() {
        let mut sources: Vec<String> = [
            include_str!("../../content/2022/fr/01-introduction.md"),
            include_str!("../../content/2022/fr/02-outcome-1.md"),
            include_str!("../../content/2022/en/03-outcome-2.md"),
            include_str!("../../content/2022/en/04-cross-cutting.md"),
        ]
        .iter()
        .map(|f| body_of(f).to_string())
        .collect();
        sources.push(
            "## Context\n\nSee [below](#context-2), [a paragraph](#p5), [a note](#fn-2), \
             [a figure](#figure-1), [a table](#indicators-1) and [elsewhere](other.md#context).\n\n\
             ## Context\n\nAgain[^a], with `<h2 id=\"context\">` as code and \
             [a \"quoted\" title](#context \"title with \\\"quotes\\\" and <h2>\").\n\n\
             ### A [linked](#context) heading with a note[^b] {#custom-id .special}\n\n\
             ###### Deepest\n\n```{indicators}\nids = [\"1.a\"]\n```\n\n\
             ```html\n<h3 id=\"context\">not a heading</h3> href=\"#context\"\n```\n\n\
             > ## Quoted heading\n>\n> [back up](#quoted-heading)\n\n\
             {-} A note on [the context](#context).\n\n\
             [^a]: A note pointing to [the heading](#custom-id) and [a paragraph](#p4).\n\
             [^b]: Another, with ```{figure}``` text.\n"
                .to_string(),
        );
        for source in &sources {
            let expected = render_with_prefix(source, "intro-");
            let actual = for_print(&render_with_prefix(source, ""), "intro-");
            assert_eq!(actual.html, expected.html, "{source}");
            assert_eq!(actual.headings, expected.headings);
            assert_eq!(actual.footnotes, expected.footnotes);
            assert_eq!(actual.paragraphs, expected.paragraphs);
        }
    }

    #[test]
    fn top_level_paragraphs_are_counted_not_nested_ones() {
        let src = "One.\n\n> quoted\n\n- item\n\n  loose\n\nTwo.[^a]\n\n{-} Note.\n\n[^a]: Foot.\n";
        let o = outline(src);
        assert_eq!(o.paragraphs, 2);
        assert_eq!(o.footnotes, vec!["a".to_string()]);
    }

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
    fn heading_ids_are_readable_and_unique() {
        let r = render_plain(
            "## Produit 1.1. Éléments\n\n## Produit 1.1. Éléments\n\n## p1\n",
            1,
        );
        let ids: Vec<&str> = r.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(
            ids,
            ["produit-1-1-elements", "produit-1-1-elements-2", "s-p1"]
        );
    }

    /// The search that heading ids were once found by: `-2`, `-3`… from the start, each
    /// time. Its ids are the contract; the counter per base id only makes them cheaper.
    fn ids_by_search(bases: &[&str]) -> Vec<String> {
        let mut used = HashSet::new();
        bases
            .iter()
            .map(|base| {
                let mut candidate = base.to_string();
                let mut n = 2;
                while !used.insert(candidate.clone()) {
                    candidate = format!("{base}-{n}");
                    n += 1;
                }
                candidate
            })
            .collect()
    }

    #[test]
    fn heading_ids_are_those_a_search_from_2_gives() {
        let names = ["a", "a-2", "a-3", "a-2-2", "b"];
        let mut sequences: Vec<Vec<&str>> = vec![Vec::new()];
        for _ in 0..5 {
            sequences = sequences
                .iter()
                .flat_map(|s| {
                    names.iter().map(move |n| {
                        let mut s = s.clone();
                        s.push(n);
                        s
                    })
                })
                .collect();
        }
        for bases in sequences {
            let source: String = bases
                .iter()
                .map(|b| format!("## {b} {{#{b}}}\n\n"))
                .collect();
            let ids: Vec<String> = render_plain(&source, 1)
                .headings
                .into_iter()
                .map(|h| h.id)
                .collect();
            assert_eq!(ids, ids_by_search(&bases), "{bases:?}");
        }
    }

    fn nested_divs(depth: usize) -> String {
        format!(
            "Text.\n\n{}{}",
            "<div>\n".repeat(depth),
            "</div>\n".repeat(depth)
        )
    }

    #[test]
    fn raw_html_nested_too_deep_is_found_at_the_first_element_too_many() {
        let source = nested_divs(MAX_NESTING + 10);
        let at = outline(&source).too_deep_for_sanitizer();
        let line_of_513th = 2 + MAX_NESTING + 1;
        assert_eq!(
            at.map(|offset| source[..offset].lines().count()),
            Some(line_of_513th - 1),
            "the offset is the start of the line of the element too many"
        );
        assert_eq!(at.map(|offset| &source[offset..offset + 5]), Some("<div>"));
        assert_eq!(outline(&nested_divs(MAX_NESTING)).too_deep, None);
    }

    #[test]
    fn elements_that_cannot_nest_do_not_count() {
        for element in ["<p>", "<li>", "<br>", "<img src=\"a.png\">", "<!-- x -->"] {
            let source = format!(
                "Text.\n\n<div>\n{}\n</div>\n",
                element.repeat(2 * MAX_NESTING)
            );
            assert_eq!(outline(&source).too_deep, None, "{element}");
        }
        let closed = "<span>a</span>".repeat(2 * MAX_NESTING);
        assert_eq!(outline(&format!("Text {closed}.\n")).too_deep, None);
        let paths = "<path d=\"M0 0\"/>".repeat(2 * MAX_NESTING);
        assert_eq!(outline(&format!("<svg>{paths}</svg>\n")).too_deep, None);
        // Outside SVG and MathML, HTML reads `<div/>` as an element left open.
        let open = "<div/>".repeat(2 * MAX_NESTING);
        assert!(outline(&format!("{open}\n")).too_deep.is_some());
    }

    #[test]
    fn deep_markdown_without_raw_html_is_not_sanitized_so_not_limited() {
        let quotes = format!("{}deep\n", "> ".repeat(2 * MAX_NESTING));
        assert!(outline(&quotes).too_deep.is_some());
        assert_eq!(outline(&quotes).too_deep_for_sanitizer(), None);
        let with_html = format!("{}deep <b>bold</b>\n", "> ".repeat(2 * MAX_NESTING));
        assert!(outline(&with_html).too_deep_for_sanitizer().is_some());
    }

    #[test]
    fn many_blocks_each_take_their_place() {
        let source: String = (0..50)
            .map(|i| format!("```{{figure}}\nn = {i}\n```\n\n"))
            .collect();
        let mut n = 0;
        let resolve = |_: &str| None;
        let mut blocks = |_: usize| {
            n += 1;
            format!("<div class=\"block\">{n}</div>")
        };
        let mut settings = RenderSettings {
            first_paragraph: 1,
            first_footnote: 1,
            heading_prefix: "",
            heading_shift: 0,
            resolve_link: &resolve,
            render_block: &mut blocks,
            sanitize: None,
            paragraph_label: "Paragraph",
            backlink_label: "Back",
        };
        let html = render(&source, &mut settings).html;
        let expected: String = (1..=50)
            .map(|n| format!("<div class=\"block\">{n}</div>"))
            .collect();
        assert_eq!(html.replace('\n', ""), expected);
    }

    #[test]
    fn blocks_are_rendered_by_the_callback() {
        let r = render_plain("Text.\n\n```{figure}\nchart = \"x\"\n```\n", 1);
        assert!(r.html.contains("<div class=\"block\">figure</div>"));
        let o = outline("```{figure}\nchart = \"x\"\n```\n");
        assert_eq!(o.blocks[0].body, "chart = \"x\"\n");
    }

    /// A block inside a footnote definition stays code, and keeps its place in the
    /// outline's order: the body's next block is still given its own index.
    #[test]
    fn blocks_are_given_their_index_in_the_outline() {
        let source = "A[^n].\n\n[^n]: Note.\n\n    ```{indicators}\n    ids = []\n    ```\n\n```{figure}\nchart = \"x\"\n```\n";
        assert_eq!(block_kinds(source), ["indicators", "figure"]);
        let mut given = Vec::new();
        let resolve = |_: &str| None;
        let mut blocks = |i: usize| {
            given.push(i);
            String::new()
        };
        let mut settings = RenderSettings {
            first_paragraph: 1,
            first_footnote: 1,
            heading_prefix: "",
            heading_shift: 0,
            resolve_link: &resolve,
            render_block: &mut blocks,
            sanitize: None,
            paragraph_label: "Paragraph",
            backlink_label: "Back",
        };
        let r = render(source, &mut settings);
        assert_eq!(given, [1]);
        assert!(
            r.footnotes[0].html.contains("{indicators}"),
            "{}",
            r.footnotes[0].html
        );
    }

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
            paragraph_label: "Paragraph",
            backlink_label: "Back",
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
    fn inline_text_never_turns_into_blocks() {
        assert_eq!(
            render_inline("2021. Done, see *this*.", None),
            "2021. Done, see <em>this</em>."
        );
        assert_eq!(render_inline("- not a list", None), "- not a list");
        assert_eq!(
            render_inline("**bold** 16%", None),
            "<strong>bold</strong> 16%"
        );
    }

    #[test]
    fn hand_given_heading_ids_cannot_break_out_of_the_attribute() {
        let r = render_plain("## Evil {#x\"onmouseover=\"alert(1)}\n", 1);
        assert!(!r.html.contains("onmouseover=\""), "{}", r.html);
    }

    #[test]
    fn indented_code_in_a_quote_does_not_count_the_quote_as_top_level() {
        let src = "One.\n\n> quoted\n>\n>     code\n>\n> after code in quote\n\nTwo.\n";
        assert_eq!(outline(src).paragraphs, 2);
        assert_eq!(render_plain(src, 1).paragraphs, 2);
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

    #[test]
    fn slugs_are_ascii() {
        assert_eq!(
            slugify("Élément transversal déterminant"),
            "element-transversal-determinant"
        );
        assert_eq!(slugify("  --  "), "");
    }
}
