//! A page's section of the edition's printable page, made from the body already rendered
//! for the page itself: headings one level down, page-local ids prefixed.

use std::collections::HashSet;

use super::heading_ids::is_heading_anchor;
use super::{Footnote, Heading, Rendered};

/// A page body rendered for its own page, made into its section of the edition's printable
/// page: every heading one level down (the page title becomes the section's `h2`), and
/// the ids that are only unique within a page (headings, indicator tables) prefixed with
/// `prefix`, with the in-page links to them. Paragraph, footnote and figure ids are unique
/// in the edition and stay.
///
/// This is the printable page's body without rendering the Markdown a second time: a
/// scan of the tags rapport itself wrote, which escape `"`, `<` and `>` in text and
/// attribute values alike.
pub(crate) fn for_print(rendered: &Rendered, prefix: &str) -> Rendered {
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
/// changes: a heading, a link, or an indicator table's wrapper, table, caption or cells
/// (whose ids and `headers` tie data cells to their headings).
fn may_change(after: &[u8]) -> bool {
    match after {
        [b'h', b'1'..=b'6', ..] | [b'/', b'h', b'1'..=b'6', ..] | [b'a', b' ', ..] => true,
        _ => [&b"div "[..], b"table ", b"caption ", b"th ", b"td "]
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
            if name.ends_with(" headers=") {
                let Some(list) = value.split('"').next() else {
                    continue;
                };
                let prefixed: Vec<String> = list
                    .split(' ')
                    .map(|token| match token.starts_with("indicators-") {
                        true => format!("{}{token}", self.prefix),
                        false => token.to_string(),
                    })
                    .collect();
                let out = out.get_or_insert_with(|| String::with_capacity(tag.len() + 64));
                out.push_str(&tag[copied..=quote]);
                out.push_str(&prefixed.join(" "));
                copied = quote + 1 + list.len();
                continue;
            }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::tests::block_kinds;
    use crate::render::markdown::{RenderSettings, render};

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
            paragraph_title: "Paragraph {n}",
            typography: &crate::render::typography::NONE,
            numbers: None,
            read_events: None,
        };
        render(source, &mut settings)
    }

    /// The shape of the ids an indicator table carries (see `tables::indicators_table`).
    fn indicator_table_stand_in(id: &str, kind: &str) -> String {
        format!(
            "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{id}-caption\" tabindex=\"0\">\n<table class=\"indicators\" id=\"{id}\">\n<caption id=\"{id}-caption\">{kind}</caption><tr id=\"indicator-1.a\"><th scope=\"rowgroup\" id=\"{id}-output-1\" headers=\"{id}-output\">1</th><td headers=\"{id}-baseline {id}-1-a {id}-output-1\"><a href=\"#p1\">1</a></td></tr></table></div>\n"
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
            include_str!("../../../content/2022/fr/01-introduction.md"),
            include_str!("../../../content/2022/fr/02-outcome-1.md"),
            include_str!("../../../content/2022/en/03-outcome-2.md"),
            include_str!("../../../content/2022/en/04-cross-cutting.md"),
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
}
