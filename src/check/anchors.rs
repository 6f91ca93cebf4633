//! `#fragments` of links, against the ids of the rendered pages: a missing anchor is an
//! error, with a hint that names the page holding a paragraph `#pN`, or the nearest
//! heading id of the target page.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use crate::core::diagnostics::{Diagnostic, nearest};
use crate::core::output::Output;

use super::links::Targets;

/// The `id`s of every rendered HTML page.
pub(super) struct Anchors {
    ids: HashMap<String, BTreeSet<String>>,
}

impl Anchors {
    pub(super) fn new(output: &Output) -> Anchors {
        let ids = output
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.to_string(), html_ids(&String::from_utf8_lossy(bytes))))
            .collect();
        Anchors { ids }
    }

    fn of(&self, page: &str) -> Option<&BTreeSet<String>> {
        self.ids.get(page)
    }
}

/// The values of `id="…"` attributes in an HTML text.
fn html_ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 4..];
        let Some(end) = rest.find('"') else { break };
        if before.is_some_and(char::is_whitespace) {
            ids.insert(unescape(&rest[..end]));
        }
        rest = &rest[end..];
    }
    ids
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A link's target page and fragment.
pub(super) struct Found<'a> {
    pub(super) year: u16,
    pub(super) lang: &'a str,
    pub(super) out: &'a str,
    pub(super) fragment: &'a str,
}

/// `#fragment` on the output page must be one of its ids.
pub(super) fn anchor(
    file: &Path,
    target: &Found<'_>,
    anchors: &Anchors,
    targets: &Targets,
    found: &mut Vec<(usize, Diagnostic)>,
    offset: usize,
) {
    let Found {
        year,
        lang,
        out,
        fragment,
    } = *target;
    let Some(ids) = anchors.of(out) else { return };
    if fragment.is_empty() || ids.contains(fragment) {
        return;
    }
    let mut d = Diagnostic::error(
        file,
        format!("anchor `#{fragment}` does not exist on {out}"),
    );
    let paragraph = fragment
        .strip_prefix('p')
        .and_then(|n| n.parse::<usize>().ok());
    let hint = match paragraph {
        Some(n) => match targets.paragraph(year, lang, n) {
            Some(file) => format!(
                "paragraph {n} is on {}: link to that file with `#p{n}`",
                file.display()
            ),
            None => format!(
                "the {year} edition has paragraphs p1 to p{} in `{lang}`",
                targets.last_paragraph(year, lang)
            ),
        },
        None => {
            let headings: Vec<&str> = ids
                .iter()
                .map(String::as_str)
                .filter(|id| !is_generated(id))
                .collect();
            match nearest(fragment, headings.iter().copied()) {
                Some(near) => format!("did you mean `#{near}`?"),
                None if headings.is_empty() => {
                    "the page has no heading ids; link to a paragraph `#pN`".to_string()
                }
                None => format!(
                    "headings on that page: {}",
                    headings
                        .iter()
                        .take(12)
                        .map(|h| format!("#{h}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    d = d.with_hint(hint);
    found.push((offset, d));
}

/// Ids that rapport gives its own elements (paragraphs, notes, tables), not headings.
fn is_generated(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    };
    numbered("p")
        || numbered("fn-")
        || numbered("fnref-")
        || id.starts_with("indicators-")
        || id.starts_with("figure-")
        || !id.chars().any(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_read_from_html() {
        let ids =
            html_ids("<p id=\"p3\" class=\"x\"><h2 id=\"a&amp;b\">x</h2><div data-id=\"no\">");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a&b", "p3"]);
    }

    #[test]
    fn generated_ids_are_not_offered_as_headings() {
        assert!(is_generated("p12"));
        assert!(is_generated("fnref-3-2"));
        assert!(!is_generated("produit-1-1"));
        assert!(!is_generated("pourquoi"));
    }
}
