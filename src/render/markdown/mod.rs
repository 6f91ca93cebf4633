//! Markdown to HTML, as pulldown-cmark event transforms: numbered paragraphs, heading ids,
//! edition-wide footnotes, relative links and rapport blocks (`{indicators}`, `{figure}`).
//!
//! This module knows nothing of files or templates: links are rewritten and blocks are
//! rendered through callbacks that the render stage provides. It owns a page's entry
//! point, [`render`], and what it returns; the work is done in submodules: the
//! event-stream pass over the body (`state`), heading ids (`heading_ids`), footnotes
//! (`footnotes`), rapport blocks (`blocks`), link destinations (`links`), the
//! printable page's sections (`print`) and short inline texts (`inline`).

mod blocks;
mod footnotes;
mod heading_ids;
mod inline;
mod links;
mod print;
mod state;

use pulldown_cmark::{Event, Parser};

use crate::core::html::{edit_tags, find_ascii_case_insensitive};
use crate::core::language;
use crate::core::outline::options;
use crate::render::numbers::NumberFormat;
use crate::render::typography::{Rules, typeset_events};

use blocks::fill_block_placeholders;
use links::has_unsafe_url;
use state::State;

pub(crate) use blocks::is_block_start;
pub(crate) use footnotes::{Definitions, split_footnote_definitions};
pub(crate) use heading_ids::{HeadingIds, is_heading_anchor, plain_text as events_text};
pub(crate) use inline::{plain_text, render_inline_typeset, without_block_markers};
pub(crate) use print::for_print;

/// Where a page sits in its edition and how to resolve what it refers to.
pub(crate) struct RenderSettings<'a> {
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
    /// Accessible name of a paragraph number's link, with `{n}` for the number:
    /// "Paragraph {n}", "第{n}段" (see [`crate::render::i18n::I18n::paragraph_title`]).
    pub paragraph_title: &'a str,
    /// The page language's typography, applied to its text (never to code or URLs).
    pub typography: &'a Rules,
    /// The page language's numbers, for the numbers of paragraphs and notes in its digits
    /// (`٣` where the language writes Arabic-Indic digits); `None` writes 0–9.
    pub numbers: Option<&'a NumberFormat>,
    /// Reads every event of the body as parsed, before any is rewritten, footnote
    /// definitions where they were written: what the search index takes from the page,
    /// without parsing it a second time. `None` on pages nothing else reads.
    pub read_events: Option<&'a mut dyn FnMut(&Event<'_>)>,
}

impl RenderSettings<'_> {
    /// A paragraph's or a note's number as the page's language writes it.
    pub(crate) fn counter(&self, n: usize) -> String {
        self.numbers.map_or_else(|| n.to_string(), |f| f.counter(n))
    }
}

/// A heading of the rendered page, for its table of contents.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Heading {
    /// 2 to 6.
    pub level: u8,
    /// The `id` attribute.
    pub id: String,
    /// Plain text.
    pub text: String,
}

/// A footnote of the rendered page.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub(crate) struct Footnote {
    /// Its number in the edition.
    pub number: usize,
    /// Its number as the page's language writes it (`3`, `٣`), which the template shows
    /// when it differs from `number`.
    pub shown: String,
    /// The `id` of the note (`fn-N`).
    pub id: String,
    /// The ids of the references to it, for back-links.
    pub references: Vec<String>,
    /// The note's content as HTML.
    pub html: String,
}

/// A rendered page body.
#[derive(Debug, Clone, Default)]
pub(crate) struct Rendered {
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
pub(crate) fn render(source: &str, settings: &mut RenderSettings<'_>) -> Rendered {
    let events: Vec<Event<'_>> = Parser::new_ext(source, options()).collect();
    if let Some(read) = settings.read_events.as_mut() {
        events.iter().for_each(read);
    }
    let mut state = State::new(settings.first_paragraph, settings.first_footnote);
    // A `javascript:` link is as dangerous as a raw `<script>`: both go through the sanitizer.
    state.saw_raw_html = events.iter().any(has_unsafe_url);
    let (body, definitions, body_blocks) = split_footnote_definitions(events);
    state.body_blocks = body_blocks.into_iter();
    // After the pass, whose heading ids are slugs of the text as written.
    let body = typeset_events(state.transform(body, settings), settings.typography);
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
    let html = mark_directions(html);
    let footnotes = footnotes
        .into_iter()
        .map(|f| Footnote {
            html: mark_directions(f.html),
            ..f
        })
        .collect();
    Rendered {
        html,
        headings: state.headings,
        footnotes,
        paragraphs: state.paragraph - settings.first_paragraph,
    }
}

/// Gives every element that an author marked with a language (`<blockquote lang="ar">`)
/// the direction of that language, unless the author gave one: a quotation in Arabic on a
/// French page reads right to left, one in French on an Arabic page left to right, and
/// either is isolated from the text around it (an element with `dir` is, in HTML).
fn mark_directions(html: String) -> String {
    // Most pages mark no language: only those are scanned.
    if find_ascii_case_insensitive(&html, 0, "lang").is_none() {
        return html;
    }
    edit_tags(&html, |tag| {
        let lang = tag.attr("lang")?.trim();
        if lang.is_empty() || tag.attr("dir").is_some() {
            return None;
        }
        let dir = language::direction(lang).as_str();
        let source = tag.source;
        let close = if source.ends_with("/>") { 2 } else { 1 };
        let (open, end) = source.split_at(source.len() - close);
        Some(format!("{} dir=\"{dir}\"{end}", open.trim_end()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::nesting::MAX_NESTING;
    use crate::core::outline::outline;

    /// A page rendered with no prefix, no link rewriting, and each block shown as its kind.
    pub(super) fn render_plain(source: &str, first: usize) -> Rendered {
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
            paragraph_title: "Paragraph {n}",
            typography: &crate::render::typography::NONE,
            numbers: None,
            read_events: None,
        };
        render(source, &mut settings)
    }

    /// The kind of each block of a page, by its index in the outline.
    pub(super) fn block_kinds(source: &str) -> Vec<String> {
        outline(source).blocks.into_iter().map(|b| b.kind).collect()
    }

    #[test]
    fn elements_marked_with_a_language_get_its_direction_unless_they_have_one() {
        let page = render_plain(
            "<blockquote lang=\"ar\">\n\nنص مقتبس.\n\n</blockquote>\n\n<p lang=\"fr\" dir=\"auto\">x</p>\n\nText <span LANG=he>y</span> <q lang=\"ru\">z</q>[^a]\n\n[^a]: <span lang=\"fa\">w</span>\n",
            1,
        );
        let html = format!("{}{}", page.html, page.footnotes[0].html);
        let doc = scraper::Html::parse_fragment(&html);
        let dirs: Vec<(String, Option<String>)> = doc
            .select(&scraper::Selector::parse("[lang]").expect("selector"))
            .map(|e| {
                let v = e.value();
                (
                    v.attr("lang").unwrap_or_default().to_string(),
                    v.attr("dir").map(str::to_string),
                )
            })
            .collect();
        let expected = [
            ("ar", "rtl"),
            ("fr", "auto"),
            ("he", "rtl"),
            ("ru", "ltr"),
            ("fa", "rtl"),
        ];
        let expected: Vec<(String, Option<String>)> = expected
            .iter()
            .map(|(l, d)| (l.to_string(), Some(d.to_string())))
            .collect();
        assert_eq!(dirs, expected);
    }

    #[test]
    fn top_level_paragraphs_are_counted_not_nested_ones() {
        let src = "One.\n\n> quoted\n\n- item\n\n  loose\n\nTwo.[^a]\n\n{-} Note.\n\n[^a]: Foot.\n";
        let o = outline(src);
        assert_eq!(o.paragraphs, 2);
        assert_eq!(o.footnotes, vec!["a".to_string()]);
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
}
