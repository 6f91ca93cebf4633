//! Short pieces of inline Markdown outside a page body (a table cell, a caption, a text
//! from a data file), rendered without a surrounding paragraph and never as blocks.

use std::fmt::Write as _;

use pulldown_cmark::{CowStr, Event, Parser, Tag, TagEnd};

use crate::core::outline::options;

use super::links::has_unsafe_url;

/// Escapes what would start a block at the beginning of a line (`1. `, `- `, `# `, `> `),
/// so that a table cell reading "2021. Done" stays text instead of becoming a list.
pub(crate) fn without_block_markers(source: &str) -> String {
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

/// The words of inline Markdown (a description from the data), without its markup: for
/// a chart's text alternative, or a list that shows the words but not their links.
pub(crate) fn plain_text(markdown: &str) -> String {
    let mut text = String::new();
    for event in Parser::new(markdown) {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

/// Renders a short piece of inline Markdown (a table cell, a caption, a figure's note)
/// to HTML, without the surrounding paragraph: relative links are rewritten by `resolve`
/// (text from data files, whose links are relative to the file, not to the page that
/// shows them), and the language's typography is applied to the text, never to its code
/// spans or URLs.
pub(crate) fn render_inline_typeset(
    source: &str,
    sanitize: Option<&dyn Fn(&str) -> String>,
    resolve: &dyn Fn(&str) -> Option<String>,
    typography: &crate::render::typography::Rules,
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
    let events = crate::render::typography::typeset_events(events.collect(), typography);
    pulldown_cmark::html::push_html(&mut html, events.into_iter());
    let _ = write!(html, "");
    match sanitize {
        Some(sanitize) if raw => sanitize(html.trim_end()),
        _ => html.trim_end().to_string(),
    }
}

#[cfg(test)]
mod tests {
    /// The Markdown alone: no link rewritten, no typography.
    fn render_inline(source: &str, sanitize: Option<&dyn Fn(&str) -> String>) -> String {
        render_inline_typeset(
            source,
            sanitize,
            &|_| None,
            &crate::render::typography::NONE,
        )
    }

    use super::*;

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
}
