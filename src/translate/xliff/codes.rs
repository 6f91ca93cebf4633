//! A unit's inline Markdown as XLIFF 2.1 inline codes, and back. Text stays text; a
//! mark around text (emphasis, a link, an image's description) becomes a `<pc>` whose
//! opening and closing Markdown are in the unit's `<originalData>`; a mark with nothing to
//! translate inside (a note reference, inline code, a hard break, raw HTML) becomes a
//! `<ph>`. Every code is `canDelete="no"` and `canCopy="no"`, so translation tools keep
//! them; an import checks they are all there, each once, nested as in the source, and the
//! note references in their order (their order numbers the notes).

use std::collections::BTreeMap;

use crate::core::html::{escape_attr, escape_text};
use crate::core::units::{Mark, Piece};

/// A unit's content as a tree of text and codes.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Node {
    /// Text.
    Text(String),
    /// A paired code around content.
    Pc {
        id: String,
        start: String,
        end: String,
        kind: Option<Mark>,
        children: Vec<Node>,
    },
    /// A standalone code.
    Ph {
        id: String,
        data: String,
        kind: Option<Mark>,
    },
}

/// A unit's content encoded: its nodes and the Markdown each data id stands for.
#[derive(Debug, Clone, Default)]
pub(crate) struct Encoded {
    pub(crate) nodes: Vec<Node>,
    pub(crate) data: BTreeMap<String, String>,
}

/// Encodes pieces; `id_of` gives each code's id (called in order, with its mark), data
/// ids are `prefix1`, `prefix2`…
pub(crate) fn encode(
    pieces: &[Piece],
    prefix: &str,
    mut id_of: impl FnMut(Mark) -> String,
) -> Encoded {
    let mut encoded = Encoded::default();
    let mut stack: Vec<Vec<Node>> = vec![Vec::new()];
    let mut opened: Vec<(String, String, Mark)> = Vec::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => {
                if let Some(level) = stack.last_mut() {
                    level.push(Node::Text(text.clone()));
                }
            }
            Piece::Open(mark, raw) => {
                let id = id_of(*mark);
                let data = add_data(&mut encoded.data, prefix, raw);
                opened.push((id, data, *mark));
                stack.push(Vec::new());
            }
            Piece::Close(_, raw) => {
                let end = add_data(&mut encoded.data, prefix, raw);
                let children = stack.pop().unwrap_or_default();
                if let (Some((id, start, kind)), Some(level)) = (opened.pop(), stack.last_mut()) {
                    level.push(Node::Pc {
                        id,
                        start,
                        end,
                        kind: Some(kind),
                        children,
                    });
                }
            }
            Piece::Atom(mark, raw) => {
                let id = id_of(*mark);
                let data = add_data(&mut encoded.data, prefix, raw);
                if let Some(level) = stack.last_mut() {
                    level.push(Node::Ph {
                        id,
                        data,
                        kind: Some(*mark),
                    });
                }
            }
        }
    }
    encoded.nodes = stack.into_iter().next().unwrap_or_default();
    encoded
}

fn add_data(data: &mut BTreeMap<String, String>, prefix: &str, raw: &str) -> String {
    let id = format!("{prefix}{}", data.len() + 1);
    data.insert(id.clone(), raw.to_string());
    id
}

/// The code ids of a source's pieces: `1`, `2`… in order.
pub(crate) fn source_ids() -> impl FnMut(Mark) -> String {
    let mut n = 0;
    move |_| {
        n += 1;
        n.to_string()
    }
}

/// The code ids of a translation's pieces: the n-th mark of a kind takes the id of the
/// n-th mark of that kind in the source, so that translation tools match them; a mark
/// the source lacks gets `x1`, `x2`…
pub(crate) fn target_ids(source: &[Piece]) -> impl FnMut(Mark) -> String {
    let mut by_kind: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut n = 0;
    for piece in source {
        if let Piece::Open(mark, _) | Piece::Atom(mark, _) = piece {
            n += 1;
            by_kind
                .entry(format!("{mark:?}"))
                .or_default()
                .push(n.to_string());
        }
    }
    let mut used: BTreeMap<String, usize> = BTreeMap::new();
    let mut extra = 0;
    move |mark| {
        let kind = format!("{mark:?}");
        let k = used.entry(kind.clone()).or_default();
        *k += 1;
        match by_kind.get(&kind).and_then(|ids| ids.get(*k - 1)) {
            Some(id) => id.clone(),
            None => {
                extra += 1;
                format!("x{extra}")
            }
        }
    }
}

/// The XLIFF of nodes (the content of a `<source>` or `<target>`).
pub(crate) fn to_xml(nodes: &[Node]) -> String {
    let mut xml = String::new();
    for node in nodes {
        match node {
            Node::Text(text) => xml.push_str(&escape_text(&xml_chars(text))),
            Node::Pc {
                id,
                start,
                end,
                kind,
                children,
            } => {
                xml.push_str(&format!(
                    "<pc id=\"{}\" dataRefStart=\"{}\" dataRefEnd=\"{}\" type=\"{}\" canCopy=\"no\" canDelete=\"no\">{}</pc>",
                    escape_attr(id),
                    escape_attr(start),
                    escape_attr(end),
                    code_type(*kind),
                    to_xml(children)
                ));
            }
            Node::Ph { id, data, kind } => xml.push_str(&format!(
                "<ph id=\"{}\" dataRef=\"{}\" type=\"{}\" canCopy=\"no\" canDelete=\"no\"/>",
                escape_attr(id),
                escape_attr(data),
                code_type(*kind)
            )),
        }
    }
    xml
}

/// Characters XML 1.0 cannot carry (C0 controls but tab and line breaks) dropped.
pub(crate) fn xml_chars(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || matches!(c, '\t' | '\n' | '\r') || (*c as u32) >= 0x7f)
        .collect()
}

/// XLIFF's code types: `fmt` (formatting), `link`, `image`, `other`.
fn code_type(kind: Option<Mark>) -> &'static str {
    match kind {
        Some(Mark::Emphasis | Mark::Strong | Mark::Strikethrough | Mark::Break) => "fmt",
        Some(Mark::Link) => "link",
        Some(Mark::Image) => "image",
        _ => "other",
    }
}

/// Whether two contents say the same, whitespace runs counting as one space and data
/// ids aside (a tool may re-wrap text; the data is the project's, never the file's).
pub(crate) fn same(a: &[Node], b: &[Node]) -> bool {
    signature(a) == signature(b)
}

fn signature(nodes: &[Node]) -> String {
    let mut out = String::new();
    for node in nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Pc { id, children, .. } => {
                out.push_str(&format!("\u{1}{id}\u{2}{}\u{3}", signature(children)));
            }
            Node::Ph { id, .. } => out.push_str(&format!("\u{4}{id}\u{5}")),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Each code of a content: (id, whether it is paired, the id of the code around it).
fn codes(nodes: &[Node], parent: Option<&str>, out: &mut Vec<(String, bool, Option<String>)>) {
    for node in nodes {
        match node {
            Node::Text(_) => {}
            Node::Pc { id, children, .. } => {
                out.push((id.clone(), true, parent.map(str::to_string)));
                codes(children, Some(id), out);
            }
            Node::Ph { id, .. } => out.push((id.clone(), false, parent.map(str::to_string))),
        }
    }
}

/// Why a new content breaks the Markdown of `reference` (whose codes it must keep),
/// when it does: a code deleted, added, repeated, turned from paired to standalone,
/// moved into or out of another, or note references reordered.
pub(crate) fn broken(reference: &Encoded, new: &[Node]) -> Option<String> {
    let (mut expected, mut found) = (Vec::new(), Vec::new());
    codes(&reference.nodes, None, &mut expected);
    codes(new, None, &mut found);
    for (id, paired, _) in &found {
        if found.iter().filter(|(other, _, _)| other == id).count() > 1 {
            return Some(format!("inline code {id} appears more than once"));
        }
        match expected.iter().find(|(e, _, _)| e == id) {
            None => return Some(format!("inline code {id} is not one of the source's")),
            Some((_, p, _)) if p != paired => {
                return Some(format!(
                    "inline code {id} changed from paired to standalone or back"
                ));
            }
            _ => {}
        }
    }
    for (id, _, parent) in &expected {
        match found.iter().find(|(f, _, _)| f == id) {
            None => {
                return Some(format!(
                    "inline code {id} ({}) was deleted",
                    describe(reference, id)
                ));
            }
            Some((_, _, p)) if p != parent => {
                return Some(format!(
                    "inline code {id} ({}) was moved into or out of another code",
                    describe(reference, id)
                ));
            }
            _ => {}
        }
    }
    let notes = |codes: &[(String, bool, Option<String>)]| -> Vec<String> {
        codes
            .iter()
            .filter(|(id, _, _)| is_note(reference, id))
            .map(|(id, _, _)| id.clone())
            .collect()
    };
    if notes(&expected) != notes(&found) {
        return Some(
            "the note references were reordered (their order numbers the notes)".to_string(),
        );
    }
    None
}

/// The Markdown a code stands for, shortened, to name it in a message.
fn describe(reference: &Encoded, id: &str) -> String {
    let markdown = find(&reference.nodes, id)
        .map(|node| match node {
            Node::Pc { start, end, .. } => format!(
                "{}…{}",
                reference.data.get(start).map_or("", String::as_str),
                reference.data.get(end).map_or("", String::as_str)
            ),
            Node::Ph { data, .. } => reference.data.get(data).cloned().unwrap_or_default(),
            Node::Text(_) => String::new(),
        })
        .unwrap_or_default();
    let short: String = markdown.chars().take(40).collect();
    format!("`{short}`")
}

fn is_note(reference: &Encoded, id: &str) -> bool {
    matches!(
        find(&reference.nodes, id),
        Some(Node::Ph {
            kind: Some(Mark::NoteRef),
            ..
        })
    )
}

fn find<'a>(nodes: &'a [Node], id: &str) -> Option<&'a Node> {
    nodes.iter().find_map(|node| match node {
        Node::Pc {
            id: own, children, ..
        } => (own == id).then_some(node).or_else(|| find(children, id)),
        Node::Ph { id: own, .. } if own == id => Some(node),
        _ => None,
    })
}

/// The Markdown of a new content: its text escaped, each code as the reference's
/// Markdown for that id (never the file's data: a translation tool cannot change it).
pub(crate) fn to_markdown(reference: &Encoded, nodes: &[Node]) -> String {
    let mut out = String::new();
    write_markdown(reference, nodes, &mut out);
    out
}

fn write_markdown(reference: &Encoded, nodes: &[Node], out: &mut String) {
    for node in nodes {
        match node {
            Node::Text(text) => {
                let flat: String = text
                    .chars()
                    .map(|c| {
                        if matches!(c, '\n' | '\r' | '\t') {
                            ' '
                        } else {
                            c
                        }
                    })
                    .collect();
                // Leading spaces would turn the block into code (four) or mean nothing.
                let flat = if out.is_empty() {
                    flat.trim_start()
                } else {
                    &flat
                };
                out.push_str(&escape_markdown(flat, out.is_empty()));
            }
            Node::Pc { id, children, .. } => {
                if let Some(Node::Pc { start, end, .. }) = find(&reference.nodes, id) {
                    out.push_str(reference.data.get(start).map_or("", String::as_str));
                    write_markdown(reference, children, out);
                    out.push_str(reference.data.get(end).map_or("", String::as_str));
                }
            }
            Node::Ph { id, .. } => {
                if let Some(Node::Ph { data, .. }) = find(&reference.nodes, id) {
                    out.push_str(reference.data.get(data).map_or("", String::as_str));
                }
            }
        }
    }
}

/// Text as Markdown that reads as this text: the characters that would start a mark
/// escaped, and at the start of a block those that would change its kind (`#`, `>`,
/// `-`, `1.`).
pub(crate) fn escape_markdown(text: &str, at_start: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '~' | '|' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    if at_start {
        let trimmed = out.trim_start();
        let digits = trimmed.chars().take_while(char::is_ascii_digit).count();
        let after_digits = trimmed[digits..].chars().next();
        let starts_block = matches!(
            trimmed.chars().next(),
            Some('#' | '>' | '-' | '+' | '=' | '{')
        ) || (digits > 0 && matches!(after_digits, Some('.' | ')')));
        if starts_block {
            let at = out.len() - trimmed.len() + if digits > 0 { digits } else { 0 };
            out.insert(at, '\\');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_marks_in_text_are_escaped_and_block_starts_too() {
        assert_eq!(escape_markdown("a *b* [c]", false), "a \\*b\\* \\[c\\]");
        assert_eq!(
            escape_markdown("# not a heading", true),
            "\\# not a heading"
        );
        assert_eq!(escape_markdown("2022. A year", true), "2022\\. A year");
        assert_eq!(escape_markdown("2022. A year", false), "2022. A year");
    }
}
