//! A page body's Markdown as blocks and runs: the pulldown-cmark events of the same
//! parse, the same numbering and the same typography as its HTML, walked into a tree
//! instead of written as markup.
//!
//! What has an owner is asked of it: top-level paragraphs and the `{-}` marker
//! (`core::outline`), heading ids (`markdown::HeadingIds`), footnote definitions and the
//! order of rapport blocks (`markdown::split_footnote_definitions`), typography
//! (`typography::typeset_events`). Footnotes are numbered as the HTML numbers them: in
//! the order the body first refers to them, then those the notes refer to, note after
//! note.

use std::collections::{HashMap, VecDeque};
use std::iter::Peekable;

use pulldown_cmark::{Alignment, CodeBlockKind, Event, Parser, Tag, TagEnd};

use super::model::{Block, Run, merge_texts};
use super::raw_html::{self, HtmlBlock, InlineTag};
use crate::core::language;
use crate::core::outline::{UNNUMBERED_MARKER, is_container, is_container_end, options};
use crate::render::markdown::{
    Definitions, HeadingIds, events_text, is_block_start, split_footnote_definitions,
};
use crate::render::typography::{Rules, typeset_events};

type Events<'a> = Peekable<std::vec::IntoIter<Event<'a>>>;

/// Where a link leads in the PDF.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum LinkTo {
    /// Another site, or a page of the site that the PDF does not contain.
    Url(String),
    /// A place in the PDF, by id.
    Target(String),
    /// Nowhere the PDF can lead: the link's text stays, as text.
    Text,
}

/// What a page's walk needs from the render stage.
pub(super) struct WalkSettings<'s> {
    /// The number of the page's first numbered paragraph.
    pub(super) first_paragraph: usize,
    /// The number of the page's first footnote.
    pub(super) first_footnote: usize,
    /// The page's slug, which prefixes its heading ids.
    pub(super) slug: &'s str,
    /// The language's typography.
    pub(super) typography: &'s Rules,
    /// Where a link written on the page leads.
    pub(super) link: &'s dyn Fn(&str) -> LinkTo,
    /// A rapport block's blocks, given its index in the page's outline.
    pub(super) block: &'s mut dyn FnMut(usize) -> Vec<Block>,
}

/// A page body as blocks, with the number of paragraphs it numbered.
pub(super) fn page_blocks(source: &str, settings: &mut WalkSettings<'_>) -> (Vec<Block>, usize) {
    let events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    let (body, definitions, body_blocks) = split_footnote_definitions(events);
    let prepared = prepare(body);
    let mut walk = Walk {
        settings,
        numbered: prepared.numbered.into(),
        heading_ids: prepared.heading_ids.into(),
        body_blocks: body_blocks.into(),
        paragraphs: 0,
        notes: Notes::default(),
        in_note: false,
    };
    walk.notes.next = walk.settings.first_footnote;
    let body = typeset_events(prepared.events, walk.settings.typography);
    let mut blocks = walk.blocks(&mut body.into_iter().peekable(), true, None);
    let mut contents = walk.note_contents(definitions);
    super::tree::fill_notes(&mut blocks, &mut contents);
    (blocks, walk.paragraphs)
}

/// A body's events made ready for the walk, with what must be read before typography
/// changes the text.
struct Prepared<'a> {
    events: Vec<Event<'a>>,
    /// For each top-level paragraph in order, whether it is numbered; the `{-}` marker
    /// is taken off the text of those that are not, as the HTML does.
    numbered: Vec<bool>,
    /// The page's heading ids, in order, from the headings' text as written.
    heading_ids: Vec<String>,
}

/// Reads what the walk must know before typography: which top-level paragraphs are
/// numbered, the heading ids; and makes each HTML block one `Event::Html`.
fn prepare(events: Vec<Event<'_>>) -> Prepared<'_> {
    let mut out = Vec::with_capacity(events.len());
    let mut numbered = Vec::new();
    let mut heading_ids = Vec::new();
    let mut ids = HeadingIds::default();
    let mut depth = 0usize;
    let mut iter = events.into_iter().peekable();
    while let Some(event) = iter.next() {
        match event {
            Event::Start(Tag::Paragraph) if depth == 0 => {
                out.push(event);
                let marked =
                    matches!(iter.peek(), Some(Event::Text(t)) if t.starts_with(UNNUMBERED_MARKER));
                numbered.push(!marked);
                if marked && let Some(Event::Text(text)) = iter.next() {
                    let rest = text[UNNUMBERED_MARKER.len()..].trim_start().to_string();
                    out.push(Event::Text(rest.into()));
                }
            }
            Event::Start(Tag::Heading { level, ref id, .. }) => {
                let explicit = id.as_ref().map(|id| id.to_string());
                let inner: Vec<Event<'_>> = iter
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::Heading(_))))
                    .collect();
                heading_ids.push(ids.next("", explicit.as_deref(), &events_text(&inner)));
                out.push(event);
                out.extend(inner);
                out.push(Event::End(TagEnd::Heading(level)));
            }
            Event::Start(Tag::HtmlBlock) => {
                let html: String = iter
                    .by_ref()
                    .take_while(|e| !matches!(e, Event::End(TagEnd::HtmlBlock)))
                    .filter_map(|e| match e {
                        Event::Html(h) | Event::Text(h) => Some(h.into_string()),
                        _ => None,
                    })
                    .collect();
                out.push(Event::Html(html.into()));
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
    Prepared {
        events: out,
        numbered,
        heading_ids,
    }
}

/// The footnotes of a page: their numbers, in the order of first reference.
#[derive(Default)]
struct Notes {
    next: usize,
    numbers: HashMap<String, usize>,
    order: Vec<String>,
}

/// The walk over one page.
struct Walk<'w, 's> {
    settings: &'w mut WalkSettings<'s>,
    numbered: VecDeque<bool>,
    heading_ids: VecDeque<String>,
    body_blocks: VecDeque<usize>,
    paragraphs: usize,
    notes: Notes,
    /// Inside a footnote: rapport blocks stay code, headings are not the page's.
    in_note: bool,
}

impl Walk<'_, '_> {
    /// Blocks until the end of the enclosing container (consumed), or until an HTML block
    /// that closes `close` (consumed), or the end.
    fn blocks(&mut self, it: &mut Events<'_>, top: bool, close: Option<&str>) -> Vec<Block> {
        let mut out = Vec::new();
        while let Some(event) = it.peek() {
            if is_inline(event) {
                let runs = self.loose_runs(it);
                if !runs.is_empty() {
                    out.push(paragraph(None, runs));
                }
                continue;
            }
            let Some(event) = it.next() else { break };
            match event {
                Event::End(_) => break,
                Event::Html(html) => match raw_html::block(&html) {
                    HtmlBlock::Close(name) if close == Some(name.as_str()) => break,
                    HtmlBlock::OpenQuote(lang) => {
                        let blocks = self.blocks(it, top, Some("blockquote"));
                        let dir = (lang.as_deref()).map(|l| language::direction(l).as_str());
                        out.push(Block::Quote { lang, dir, blocks });
                    }
                    HtmlBlock::Text { text, lang } => {
                        out.push(paragraph(None, lang_runs(lang, text)))
                    }
                    HtmlBlock::Close(_) | HtmlBlock::Nothing => {}
                },
                Event::Start(tag) => self.block(tag, it, top, &mut out),
                Event::Rule => out.push(Block::Rule),
                _ => {}
            }
        }
        out
    }

    fn block(&mut self, tag: Tag<'_>, it: &mut Events<'_>, top: bool, out: &mut Vec<Block>) {
        match tag {
            Tag::Paragraph => {
                let number = (top && self.numbered.pop_front().unwrap_or(true)).then(|| {
                    self.paragraphs += 1;
                    self.settings.first_paragraph + self.paragraphs - 1
                });
                let runs = self.runs(it);
                out.push(paragraph(number, runs));
            }
            Tag::Heading { level, .. } => {
                let runs = self.runs(it);
                match (self.in_note, self.heading_ids.pop_front()) {
                    (false, Some(id)) => out.push(Block::Heading {
                        level: level as u8,
                        id: format!("{}-{id}", self.settings.slug),
                        runs,
                    }),
                    _ => out.push(paragraph(None, vec![Run::Strong { runs }])),
                }
            }
            Tag::BlockQuote(_) => {
                let blocks = self.blocks(it, false, None);
                out.push(Block::Quote {
                    lang: None,
                    dir: None,
                    blocks,
                });
            }
            Tag::List(start) => {
                let mut items = Vec::new();
                while let Some(event) = it.next() {
                    match event {
                        Event::Start(Tag::Item) => items.push(self.blocks(it, false, None)),
                        Event::End(_) => break,
                        _ => {}
                    }
                }
                let ordered = start.is_some();
                out.push(Block::List {
                    ordered,
                    start,
                    items,
                });
            }
            Tag::CodeBlock(kind) => {
                let start = Event::Start(Tag::CodeBlock(kind));
                let text = code_text(it);
                // A rapport block in a footnote stays code, and has no index of the body.
                if is_block_start(&start) && !self.in_note {
                    if let Some(index) = self.body_blocks.pop_front() {
                        out.extend((self.settings.block)(index));
                    }
                } else if let Event::Start(Tag::CodeBlock(kind)) = start {
                    out.push(Block::Code {
                        text,
                        lang: info_lang(&kind),
                    });
                }
            }
            Tag::Table(align) => out.push(self.table(&align, it)),
            // A definition in a definition is set apart with it; anything else unknown
            // is skipped whole.
            _ => skip_to_end(it),
        }
    }

    /// A table written in Markdown: its head's cells, then its rows'.
    fn table(&mut self, align: &[Alignment], it: &mut Events<'_>) -> Block {
        let mut header = Vec::new();
        let mut rows = Vec::new();
        while let Some(event) = it.next() {
            match event {
                Event::Start(Tag::TableHead) => header = self.cells(it),
                Event::Start(Tag::TableRow) => rows.push(self.cells(it)),
                Event::End(TagEnd::Table) => break,
                _ => {}
            }
        }
        let align = align.iter().map(|a| alignment(*a)).collect();
        Block::GfmTable {
            align,
            header,
            rows,
        }
    }

    fn cells(&mut self, it: &mut Events<'_>) -> Vec<Vec<Run>> {
        let mut cells = Vec::new();
        while let Some(event) = it.next() {
            match event {
                Event::Start(Tag::TableCell) => cells.push(self.runs(it)),
                Event::End(_) => break,
                _ => {}
            }
        }
        cells
    }

    /// Runs until the end of the enclosing tag (consumed).
    fn runs(&mut self, it: &mut Events<'_>) -> Vec<Run> {
        let mut runs = Vec::new();
        while let Some(event) = it.next() {
            if let Event::End(_) = event {
                break;
            }
            self.inline(event, it, &mut runs);
        }
        merge_texts(runs)
    }

    /// The inline events of a tight list item, up to the next block.
    fn loose_runs(&mut self, it: &mut Events<'_>) -> Vec<Run> {
        let mut runs = Vec::new();
        while it.peek().is_some_and(is_inline) {
            if let Some(event) = it.next() {
                self.inline(event, it, &mut runs);
            }
        }
        merge_texts(runs)
    }

    /// Runs up to the `</span>` that closes a `<span lang>` (consumed), or up to the end
    /// of the enclosing tag (left for the caller).
    fn span_runs(&mut self, it: &mut Events<'_>) -> Vec<Run> {
        let mut runs = Vec::new();
        let mut depth = 0usize;
        while let Some(event) = it.peek() {
            if let Event::End(_) = event {
                break;
            }
            let Some(event) = it.next() else { break };
            if let Event::InlineHtml(html) = &event {
                match raw_html::inline(html) {
                    InlineTag::SpanClose if depth == 0 => break,
                    InlineTag::SpanClose => depth -= 1,
                    InlineTag::SpanOpen(None) => depth += 1,
                    _ => {}
                }
            }
            self.inline(event, it, &mut runs);
        }
        merge_texts(runs)
    }

    fn inline<'a>(&mut self, event: Event<'a>, it: &mut Events<'a>, out: &mut Vec<Run>) {
        match event {
            Event::Text(text) => out.push(Run::Text {
                text: text.into_string(),
            }),
            Event::Code(text) => out.push(Run::Code {
                text: text.into_string(),
            }),
            Event::SoftBreak => out.push(Run::Text { text: " ".into() }),
            Event::HardBreak => out.push(Run::Break),
            Event::FootnoteReference(label) => out.push(self.note_reference(&label)),
            Event::InlineHtml(html) => match raw_html::inline(&html) {
                InlineTag::SpanOpen(Some(lang)) => {
                    let runs = self.span_runs(it);
                    out.push(Run::Lang { lang, runs });
                }
                InlineTag::Break => out.push(Run::Break),
                InlineTag::Hidden(name) => skip_hidden(it, &name),
                _ => {}
            },
            Event::Start(Tag::Emphasis) => out.push(Run::Emph {
                runs: self.runs(it),
            }),
            Event::Start(Tag::Strong) => out.push(Run::Strong {
                runs: self.runs(it),
            }),
            Event::Start(Tag::Strikethrough) => out.push(Run::Strike {
                runs: self.runs(it),
            }),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let runs = self.runs(it);
                out.push(match (self.settings.link)(&dest_url) {
                    LinkTo::Url(url) => Run::Link {
                        url: Some(url),
                        target: None,
                        runs,
                    },
                    LinkTo::Target(id) => Run::Link {
                        url: None,
                        target: Some(id),
                        runs,
                    },
                    LinkTo::Text => return out.extend(runs),
                });
            }
            // An image's alternative text stands for it (the PDF embeds no image yet).
            Event::Start(_) => out.extend(self.runs(it)),
            _ => {}
        }
    }

    /// A footnote reference: the note itself the first time (its content filled in once
    /// every note is read), a reference to it afterwards.
    fn note_reference(&mut self, label: &str) -> Run {
        if let Some(&number) = self.notes.numbers.get(label) {
            return Run::NoteRef {
                number,
                target: format!("fn-{number}"),
            };
        }
        let number = self.notes.next;
        self.notes.next += 1;
        self.notes.numbers.insert(label.to_string(), number);
        self.notes.order.push(label.to_string());
        Run::Note {
            number,
            id: format!("fn-{number}"),
            blocks: Vec::new(),
        }
    }

    /// Each note's blocks by number, read in the order the notes were first referred to;
    /// a note may refer to another, which joins the queue.
    fn note_contents(&mut self, mut definitions: Definitions<'_>) -> HashMap<usize, Vec<Block>> {
        self.in_note = true;
        let mut contents = HashMap::new();
        let mut next = 0;
        while let Some(label) = self.notes.order.get(next).cloned() {
            next += 1;
            let Some(events) = definitions.remove(&label) else {
                continue;
            };
            let events = typeset_events(events, self.settings.typography);
            let blocks = self.blocks(&mut events.into_iter().peekable(), false, None);
            contents.insert(self.notes.numbers[&label], blocks);
        }
        contents
    }
}

fn paragraph(number: Option<usize>, runs: Vec<Run>) -> Block {
    Block::Paragraph {
        number,
        id: number.map(|n| format!("p{n}")),
        runs,
    }
}

fn lang_runs(lang: Option<String>, text: String) -> Vec<Run> {
    let runs = vec![Run::Text { text }];
    match lang {
        Some(lang) => vec![Run::Lang { lang, runs }],
        None => runs,
    }
}

/// Whether an event belongs to the inline content of a paragraph.
fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::FootnoteReference(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_) => true,
        Event::Start(tag) => matches!(
            tag,
            Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Superscript
                | Tag::Subscript
        ),
        _ => false,
    }
}

fn code_text(it: &mut Events<'_>) -> String {
    let mut text = String::new();
    for event in it.by_ref() {
        match event {
            Event::Text(t) => text.push_str(&t),
            Event::End(_) => break,
            _ => {}
        }
    }
    text
}

fn info_lang(kind: &CodeBlockKind<'_>) -> Option<String> {
    match kind {
        CodeBlockKind::Fenced(info) => info.split_whitespace().next().map(str::to_string),
        CodeBlockKind::Indented => None,
    }
}

fn alignment(align: Alignment) -> &'static str {
    match align {
        Alignment::None => "none",
        Alignment::Left => "left",
        Alignment::Center => "center",
        Alignment::Right => "right",
    }
}

/// Skips a script's or a style's content, up to its closing tag (consumed) or the end of
/// the enclosing tag (left for the caller).
fn skip_hidden(it: &mut Events<'_>, name: &str) {
    while let Some(event) = it.peek() {
        if let Event::End(_) = event {
            return;
        }
        if let Some(Event::InlineHtml(html)) = it.next()
            && raw_html::closing_name(html.trim()).as_deref() == Some(name)
        {
            return;
        }
    }
}

/// Skips past the end of a tag whose start was just read, nested tags included.
fn skip_to_end(it: &mut Events<'_>) {
    let mut depth = 0usize;
    for event in it.by_ref() {
        match event {
            Event::Start(_) => depth += 1,
            Event::End(_) if depth == 0 => break,
            Event::End(_) => depth -= 1,
            _ => {}
        }
    }
}

/// A short piece of inline Markdown from the data (a table cell, a figure's note) as
/// runs: read as the HTML reads it (`markdown::without_block_markers`, no paragraph),
/// with the language's typography. Footnote references mean nothing there and are left
/// out.
pub(super) fn inline_runs(
    source: &str,
    typography: &Rules,
    link: &dyn Fn(&str) -> LinkTo,
) -> Vec<Run> {
    let source = crate::render::markdown::without_block_markers(source);
    let events: Vec<Event<'_>> = Parser::new_ext(&source, options())
        .filter(|e| {
            !matches!(
                e,
                Event::Start(Tag::Paragraph)
                    | Event::End(TagEnd::Paragraph)
                    | Event::FootnoteReference(_)
            )
        })
        .collect();
    let mut nothing = |_: usize| Vec::new();
    let mut settings = WalkSettings {
        first_paragraph: 1,
        first_footnote: 1,
        slug: "",
        typography,
        link,
        block: &mut nothing,
    };
    let mut walk = Walk {
        settings: &mut settings,
        numbered: VecDeque::new(),
        heading_ids: VecDeque::new(),
        body_blocks: VecDeque::new(),
        paragraphs: 0,
        notes: Notes::default(),
        in_note: true,
    };
    let mut it = typeset_events(events, typography).into_iter().peekable();
    let mut runs = Vec::new();
    while let Some(event) = it.peek() {
        if is_inline(event) {
            runs.extend(walk.loose_runs(&mut it));
        } else {
            it.next();
        }
    }
    merge_texts(runs)
}
