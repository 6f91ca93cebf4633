//! The translatable units of a page: one per paragraph, heading, table cell, list item
//! and footnote paragraph, with a stable id that is the same in every language, the
//! byte range of its text in the page and its inline structure (text, and the Markdown
//! marks around it: emphasis, links, note references, code). The one rule of what a
//! "paragraph and its translation" is: `check` compares units, the translations lock
//! hashes them, the XLIFF exchange carries them, `serve` marks them.
//!
//! Ids: a numbered paragraph is `p<number>`, its number through the edition (`p12`, as
//! its `id` on the page); the others count per page and kind: `h3` (third heading), `u2`
//! (second unnumbered paragraph), `n1` (first footnote in the order of its references,
//! `n1.2` for its second paragraph), `t1.r2.c3` (a table's cell), `l4` (fourth list item
//! or paragraph in a list or quote). Every language numbers the same paragraphs
//! (validation), so the ids pair the languages' units.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, LinkType, Parser, Tag, TagEnd};
use sha2::{Digest, Sha256};

use crate::core::outline::{UNNUMBERED_MARKER, options};

/// What a unit is, which also says how it is counted in its id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnitKind {
    /// A numbered top-level paragraph: `p12`.
    Paragraph,
    /// A top-level paragraph starting with `{-}`: `u2`.
    Unnumbered,
    /// A heading: `h3`.
    Heading,
    /// A table cell: `t1.r2.c3`.
    Cell,
    /// A paragraph of a footnote: `n1`, `n1.2`.
    Note,
    /// A list item's text, or a paragraph in a list or a quote: `l4`.
    Nested,
}

/// One translatable unit of a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    /// Its id, the same in every language (see the module's comment).
    pub id: String,
    /// What it is.
    pub kind: UnitKind,
    /// The byte range of its text in the page's body: after any `{-}` marker, `## ` or
    /// `[^note]: `, before a heading's `{#id}`.
    pub range: Range<usize>,
    /// Its text and marks, in order.
    pub pieces: Vec<Piece>,
}

/// A Markdown mark inside a unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    /// `*…*`
    Emphasis,
    /// `**…**`
    Strong,
    /// `~~…~~`
    Strikethrough,
    /// `[…](…)`, and `<https://…>` (as an atom).
    Link,
    /// `![…](…)`
    Image,
    /// `` `…` ``
    Code,
    /// `[^label]`
    NoteRef,
    /// Inline raw HTML, comments among it.
    Html,
    /// A hard line break.
    Break,
}

/// A run of text or a mark of a unit: the pieces of a unit, in order, rebuild it.
#[derive(Debug, Clone, PartialEq)]
pub enum Piece {
    /// Text as a reader reads it (escapes and entities decoded; a soft line break is a
    /// space).
    Text(String),
    /// The opening of a mark around text, as written (`*`, `[`).
    Open(Mark, String),
    /// Its closing, as written (`*`, `](url)`).
    Close(Mark, String),
    /// A mark with no translatable text inside, as written (`` `code` ``, `[^1]`).
    Atom(Mark, String),
}

impl Unit {
    /// The unit's text as written in `body`.
    pub fn source<'a>(&self, body: &'a str) -> &'a str {
        body.get(self.range.clone()).unwrap_or("")
    }

    /// How many marks of a kind the unit holds (links count their autolinks too).
    pub fn count(&self, mark: Mark) -> usize {
        self.pieces
            .iter()
            .filter(|p| matches!(p, Piece::Open(m, _) | Piece::Atom(m, _) if *m == mark))
            .count()
    }

    /// The text a reader reads, a mark with no text inside standing as a space, so that
    /// two numbers on either side of a note reference stay two.
    pub fn plain_text(&self) -> String {
        let mut text = String::new();
        for piece in &self.pieces {
            match piece {
                Piece::Text(t) => text.push_str(t),
                Piece::Atom(..) => text.push(' '),
                Piece::Open(..) | Piece::Close(..) => {}
            }
        }
        text
    }

    /// Whether the unit carries an HTML comment starting with `marker`.
    pub fn has_comment(&self, marker: &str) -> bool {
        self.pieces.iter().any(|p| match p {
            Piece::Atom(Mark::Html, html) => html
                .strip_prefix("<!--")
                .is_some_and(|rest| rest.trim_start().starts_with(marker)),
            _ => false,
        })
    }
}

/// The version of a unit's text that a translation was made from: a SHA-256 of the text
/// as written with every run of whitespace as one space (re-wrapping a paragraph is no
/// change), first 16 hexadecimal digits.
pub fn fingerprint(text: &str) -> String {
    let normalized = text.split_whitespace().collect::<Vec<_>>().join(" ");
    let digest = Sha256::digest(normalized.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// Counters of the ids given on a page.
#[derive(Default)]
struct Counters {
    paragraph: usize,
    unnumbered: usize,
    heading: usize,
    table: usize,
    row: usize,
    cell: usize,
    nested: usize,
    note: Option<(usize, usize)>,
    unreferenced: usize,
}

/// The units of a page's body, in reading order. `first_paragraph` is the number of
/// the page's first numbered paragraph in its edition; `notes` the footnote labels in
/// the order of their first reference (`Outline::footnotes`), which numbers notes alike
/// in every language whatever their labels.
pub fn units(body: &str, first_paragraph: usize, notes: &[String]) -> Vec<Unit> {
    let events: Vec<(Event<'_>, Range<usize>)> = Parser::new_ext(body, options())
        .into_offset_iter()
        .collect();
    let mut units = Vec::new();
    let mut counters = Counters {
        paragraph: first_paragraph.saturating_sub(1),
        ..Counters::default()
    };
    // Containers open around the current event: lists, quotes, notes, tables, blocks.
    let mut depth = 0usize;
    let mut i = 0;
    while i < events.len() {
        let (event, _) = &events[i];
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell) => {
                let end = matching_end(&events, i);
                let kind = unit_kind(event, depth, &events[i + 1..end], &counters);
                if let Some(unit) = make_unit(body, &events[i + 1..end], kind, &mut counters) {
                    units.push(unit);
                }
                i = end + 1;
                continue;
            }
            Event::Start(Tag::Item) => {
                depth += 1;
                // A tight list item's text is its own unit, up to a nested list.
                let inline_end = (i + 1..events.len())
                    .find(|&j| !is_inline(&events[j].0))
                    .unwrap_or(events.len());
                if inline_end > i + 1 {
                    let kind = UnitKind::Nested;
                    if let Some(unit) =
                        make_unit(body, &events[i + 1..inline_end], kind, &mut counters)
                    {
                        units.push(unit);
                    }
                    i = inline_end;
                    continue;
                }
            }
            Event::Start(Tag::FootnoteDefinition(label)) => {
                // A note never referred to comes after those that are, in file order.
                let number = match notes.iter().position(|l| l == label.as_ref()) {
                    Some(p) => p + 1,
                    None => {
                        counters.unreferenced += 1;
                        notes.len() + counters.unreferenced
                    }
                };
                counters.note = Some((number, 0));
                depth += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => {
                counters.note = None;
                depth = depth.saturating_sub(1);
            }
            Event::Start(Tag::Table(_)) => {
                counters.table += 1;
                counters.row = 0;
                depth += 1;
            }
            Event::Start(Tag::TableHead | Tag::TableRow) => {
                counters.row += 1;
                counters.cell = 0;
            }
            Event::Start(Tag::CodeBlock(_)) => {
                // A code block, a rapport block among them, is never translated.
                i = matching_end(&events, i) + 1;
                continue;
            }
            Event::Start(Tag::BlockQuote(_) | Tag::List(_) | Tag::HtmlBlock) => depth += 1,
            Event::End(
                TagEnd::BlockQuote(_)
                | TagEnd::List(_)
                | TagEnd::HtmlBlock
                | TagEnd::Item
                | TagEnd::Table,
            ) => depth = depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    units
}

/// The index of the event that closes the one at `start`.
fn matching_end(events: &[(Event<'_>, Range<usize>)], start: usize) -> usize {
    let mut level = 0usize;
    for (j, (event, _)) in events.iter().enumerate().skip(start) {
        match event {
            Event::Start(_) => level += 1,
            Event::End(_) => {
                level = level.saturating_sub(1);
                if level == 0 {
                    return j;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. }
        ),
        Event::End(tag) => matches!(
            tag,
            TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Image
        ),
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::InlineMath(_) => true,
        _ => false,
    }
}

fn unit_kind(
    start: &Event<'_>,
    depth: usize,
    inner: &[(Event<'_>, Range<usize>)],
    counters: &Counters,
) -> UnitKind {
    match start {
        Event::Start(Tag::Heading { .. }) => UnitKind::Heading,
        Event::Start(Tag::TableCell) => UnitKind::Cell,
        _ if counters.note.is_some() => UnitKind::Note,
        _ if depth > 0 => UnitKind::Nested,
        _ if matches!(inner.first(), Some((Event::Text(t), _)) if t.starts_with(UNNUMBERED_MARKER)) => {
            UnitKind::Unnumbered
        }
        _ => UnitKind::Paragraph,
    }
}

/// The unit made of `inner` (the events inside its block), with its id; `None` for an
/// empty one (an empty table cell, a paragraph of only `{-}`).
fn make_unit(
    body: &str,
    inner: &[(Event<'_>, Range<usize>)],
    kind: UnitKind,
    counters: &mut Counters,
) -> Option<Unit> {
    let id = next_id(kind, counters);
    let mut pieces = pieces(body, inner);
    let mut start = inner.first()?.1.start;
    let end = inner.iter().map(|(_, r)| r.end).max()?;
    if kind == UnitKind::Unnumbered
        && let Some(Piece::Text(text)) = pieces.first_mut()
    {
        let rest = text[UNNUMBERED_MARKER.len()..].trim_start();
        let skipped = text.len() - rest.len();
        *text = rest.to_string();
        start += skipped;
    }
    if pieces.first() == Some(&Piece::Text(String::new())) {
        pieces.remove(0);
    }
    if pieces.is_empty() || start >= end {
        return None;
    }
    Some(Unit {
        id,
        kind,
        range: start..end,
        pieces,
    })
}

fn next_id(kind: UnitKind, c: &mut Counters) -> String {
    match kind {
        UnitKind::Paragraph => {
            c.paragraph += 1;
            format!("p{}", c.paragraph)
        }
        UnitKind::Unnumbered => {
            c.unnumbered += 1;
            format!("u{}", c.unnumbered)
        }
        UnitKind::Heading => {
            c.heading += 1;
            format!("h{}", c.heading)
        }
        UnitKind::Cell => {
            c.cell += 1;
            format!("t{}.r{}.c{}", c.table, c.row, c.cell)
        }
        UnitKind::Note => {
            let (number, paragraphs) = c.note.get_or_insert((0, 0));
            *paragraphs += 1;
            if *paragraphs == 1 {
                format!("n{number}")
            } else {
                format!("n{number}.{paragraphs}")
            }
        }
        UnitKind::Nested => {
            c.nested += 1;
            format!("l{}", c.nested)
        }
    }
}

/// The pieces of a run of inline events: text as read, marks as written.
fn pieces(body: &str, inner: &[(Event<'_>, Range<usize>)]) -> Vec<Piece> {
    let raw = |r: &Range<usize>| body.get(r.clone()).unwrap_or("").to_string();
    let mut out: Vec<Piece> = Vec::new();
    let mut i = 0;
    while i < inner.len() {
        let (event, range) = &inner[i];
        match event {
            Event::Text(t) => push_text(&mut out, t),
            Event::SoftBreak => push_text(&mut out, " "),
            Event::Code(_) => out.push(Piece::Atom(Mark::Code, raw(range))),
            Event::InlineMath(_) => out.push(Piece::Atom(Mark::Code, raw(range))),
            Event::FootnoteReference(_) => out.push(Piece::Atom(Mark::NoteRef, raw(range))),
            Event::InlineHtml(_) | Event::Html(_) => out.push(Piece::Atom(Mark::Html, raw(range))),
            Event::HardBreak => out.push(Piece::Atom(Mark::Break, raw(range))),
            Event::Start(tag) => {
                let end = matching_end(inner, i);
                let mark = match tag {
                    Tag::Emphasis => Mark::Emphasis,
                    Tag::Strong => Mark::Strong,
                    Tag::Strikethrough => Mark::Strikethrough,
                    Tag::Image { .. } => Mark::Image,
                    Tag::Link {
                        link_type: LinkType::Autolink | LinkType::Email,
                        ..
                    } => {
                        out.push(Piece::Atom(Mark::Link, raw(range)));
                        i = end + 1;
                        continue;
                    }
                    _ => Mark::Link,
                };
                let children = &inner[i + 1..end];
                let (open_end, close_start) = match (children.first(), children.last()) {
                    (Some((_, first)), Some(_)) => (
                        first.start,
                        children
                            .iter()
                            .map(|(_, r)| r.end)
                            .max()
                            .unwrap_or(range.end),
                    ),
                    _ => (range.end, range.end),
                };
                out.push(Piece::Open(mark, raw(&(range.start..open_end))));
                out.extend(pieces(body, children));
                out.push(Piece::Close(mark, raw(&(close_start..range.end))));
                i = end + 1;
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Adds text, joined to the text before it (the parser splits text at escapes).
fn push_text(out: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = out.last_mut() {
        last.push_str(text);
    } else {
        out.push(Piece::Text(text.to_string()));
    }
}

/// The number of each page's first numbered paragraph, for pages whose outlines number
/// `counts` paragraphs each, in reading order.
pub fn first_paragraphs(counts: impl IntoIterator<Item = usize>) -> Vec<usize> {
    let mut next = 1;
    counts
        .into_iter()
        .map(|n| {
            let first = next;
            next += n;
            first
        })
        .collect()
}

/// The units of a page by id.
pub fn by_id(units: &[Unit]) -> HashMap<&str, &Unit> {
    units.iter().map(|u| (u.id.as_str(), u)).collect()
}
