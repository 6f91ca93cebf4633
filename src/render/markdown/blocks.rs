//! Rapport blocks (`{indicators}`, `{figure}`) in a page body: found in the order of the
//! page's outline, replaced by a placeholder while the Markdown is rendered, and filled
//! with the HTML the render stage's callback gave once the page's HTML is whole (and
//! sanitized: the blocks' HTML is already safe).

use pulldown_cmark::{CodeBlockKind, Event, Tag};

use crate::core::outline::block_kind;

/// Whether an event opens a rapport block: the outline finds the same ones, in the same
/// order.
pub(crate) fn is_block_start(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) if block_kind(info).is_some())
}

pub(super) fn block_placeholder(index: usize) -> String {
    format!("\u{FFFC}rapport-block-{index}\u{FFFC}")
}

/// Puts each block's HTML in place of the first occurrence of its placeholder, in one
/// pass: replacing them one after the other would copy the page once per block.
pub(super) fn fill_block_placeholders(html: &str, blocks: &[String]) -> String {
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

#[cfg(test)]
mod tests {
    use crate::core::outline::outline;
    use crate::render::markdown::tests::{block_kinds, render_plain};
    use crate::render::markdown::{RenderSettings, render};

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
            paragraph_title: "Paragraph {n}",
            typography: &crate::render::typography::NONE,
            numbers: None,
            read_events: None,
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
            paragraph_title: "Paragraph {n}",
            typography: &crate::render::typography::NONE,
            numbers: None,
            read_events: None,
        };
        let r = render(source, &mut settings);
        assert_eq!(given, [1]);
        assert!(
            r.footnotes[0].html.contains("{indicators}"),
            "{}",
            r.footnotes[0].html
        );
    }
}
