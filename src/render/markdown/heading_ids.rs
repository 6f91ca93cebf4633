//! Heading ids: readable (slugs of the heading's text, or given by hand with `{#id}`),
//! unique in the page, and never one of the ids rapport gives paragraphs, footnotes,
//! figures and indicator rows, which are unique in a whole edition.

use std::collections::{HashMap, HashSet};

use pulldown_cmark::{CowStr, Event, HeadingLevel};

use crate::core::html::escape_attr;
use crate::core::outline::{RESERVED_ID_PREFIXES, slugify};

use super::state::State;
use super::{Heading, RenderSettings};

impl State {
    pub(super) fn push_heading<'a>(
        &mut self,
        level: HeadingLevel,
        explicit_id: Option<CowStr<'a>>,
        classes: &[CowStr<'a>],
        inner: Vec<Event<'a>>,
        settings: &mut RenderSettings<'_>,
        out: &mut Vec<Event<'a>>,
    ) {
        let text = plain_text(&inner);
        let id = self
            .heading_ids
            .next(settings.heading_prefix, explicit_id.as_deref(), &text);
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
}

/// The ids of a page's headings, given in order: the one owner of their rule, for the
/// page's HTML and for the edition's PDF data alike.
#[derive(Default)]
pub(crate) struct HeadingIds {
    used: HashSet<String>,
    /// The next number to try after each base id that was already taken.
    next_suffix: HashMap<String, usize>,
}

impl HeadingIds {
    /// The id of the next heading of the page: `prefix` and the id given by hand
    /// (`{#id}`) or else a slug of the heading's plain `text`, made unique in the page.
    pub(crate) fn next(&mut self, prefix: &str, explicit: Option<&str>, text: &str) -> String {
        let base = explicit.map(clean_id).unwrap_or_else(|| slugify(text));
        self.unique(&format!("{prefix}{base}"))
    }

    fn unique(&mut self, base: &str) -> String {
        let base = if base.is_empty() { "section" } else { base };
        let base = if is_reserved_id(base) {
            format!("s-{base}")
        } else {
            base.to_string()
        };
        if self.used.insert(base.clone()) {
            return base;
        }
        // Resuming each base at its own counter keeps a page of N equal headings linear;
        // numbers below the counter are known to be taken, so the ids are those a search
        // from `-2` upwards gives.
        let next = self.next_suffix.entry(base.clone()).or_insert(2);
        loop {
            let candidate = format!("{base}-{next}");
            *next += 1;
            if self.used.insert(candidate.clone()) {
                return candidate;
            }
        }
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

/// Whether a fragment can name a heading: not one of the ids rapport gives paragraphs,
/// footnotes, figures and indicator rows, which are unique in a whole edition.
pub(crate) fn is_heading_anchor(fragment: &str) -> bool {
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

/// The plain text of inline events (for heading ids and tables of contents).
pub(crate) fn plain_text(events: &[Event<'_>]) -> String {
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

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use crate::core::outline::slugify;
    use crate::render::markdown::tests::render_plain;

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

    #[test]
    fn hand_given_heading_ids_cannot_break_out_of_the_attribute() {
        let r = render_plain("## Evil {#x\"onmouseover=\"alert(1)}\n", 1);
        assert!(!r.html.contains("onmouseover=\""), "{}", r.html);
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
