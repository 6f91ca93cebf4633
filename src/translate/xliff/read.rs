//! Reads an XLIFF 2 file into what an import needs: its languages, and per `<file>` its
//! `original`, its edition note and its units' source and target content. Every
//! problem is a diagnostic at its line and column in the file.

use std::path::Path;

use roxmltree::{Document, Node as XmlNode};

use crate::core::diagnostics::{Diagnostic, Diagnostics};

use super::NAMESPACE;
use super::codes::Node;

/// A read XLIFF file.
pub(super) struct Xliff {
    pub(super) src_lang: Located<String>,
    pub(super) trg_lang: Located<String>,
    pub(super) files: Vec<File>,
}

/// A value and where it is written (line, column).
pub(super) struct Located<T> {
    pub(super) value: T,
    pub(super) at: (usize, usize),
}

/// One `<file>`: one page.
pub(super) struct File {
    pub(super) original: Located<String>,
    pub(super) edition: Option<Located<String>>,
    pub(super) units: Vec<Unit>,
}

/// One `<unit>`: its segments' sources and targets joined.
pub(super) struct Unit {
    pub(super) id: String,
    pub(super) at: (usize, usize),
    pub(super) source: Vec<Node>,
    pub(super) target: Option<Vec<Node>>,
}

/// Reads an XLIFF 2 document, with every problem located.
pub(super) fn read(path: &Path, text: &str) -> Result<Xliff, Diagnostics> {
    let document = Document::parse(text).map_err(|e| {
        let pos = e.pos();
        Diagnostics::from(
            Diagnostic::error(path, format!("not well-formed XML: {e}"))
                .at(pos.row as usize, pos.col as usize)
                .with_hint("a translation tool should save XLIFF 2.1 as it was exported"),
        )
    })?;
    let mut problems = Diagnostics::new();
    let root = document.root_element();
    let at = |node: XmlNode<'_, '_>| {
        let pos = document.text_pos_at(node.range().start);
        (pos.row as usize, pos.col as usize)
    };
    let error = |node: XmlNode<'_, '_>, message: String| {
        let (line, col) = at(node);
        Diagnostic::error(path, message).at(line, col)
    };
    if root.tag_name().name() != "xliff" || root.tag_name().namespace() != Some(NAMESPACE) {
        return Err(error(
            root,
            format!(
                "expected an XLIFF 2 document (`<xliff xmlns=\"{NAMESPACE}\">`), found `<{}>`",
                root.tag_name().name()
            ),
        )
        .into());
    }
    if !root
        .attribute("version")
        .is_some_and(|v| v.starts_with("2."))
    {
        problems.push(error(root, "expected `version=\"2.1\"` (XLIFF 2)".into()));
    }
    let attribute = |node: XmlNode<'_, '_>, name: &str, problems: &mut Diagnostics| match node
        .attribute(name)
    {
        Some(value) => Some(Located {
            value: value.to_string(),
            at: at(node),
        }),
        None => {
            problems.push(error(
                node,
                format!("`<{}>` has no `{name}`", node.tag_name().name()),
            ));
            None
        }
    };
    let src_lang = attribute(root, "srcLang", &mut problems);
    let trg_lang = attribute(root, "trgLang", &mut problems);
    let mut files = Vec::new();
    for file in root.children().filter(|n| is(n, "file")) {
        let Some(original) = attribute(file, "original", &mut problems) else {
            continue;
        };
        let edition = file
            .children()
            .filter(|n| is(n, "notes"))
            .flat_map(|n| n.children())
            .find(|n| is(n, "note") && n.attribute("category") == Some(super::EDITION_NOTE))
            .map(|n| Located {
                value: n.text().unwrap_or("").trim().to_string(),
                at: at(n),
            });
        let mut units = Vec::new();
        for unit in file.descendants().filter(|n| is(n, "unit")) {
            match read_unit(unit, &at) {
                Ok(found) => units.push(found),
                Err((node, message)) => problems.push(error(node, message)),
            }
        }
        files.push(File {
            original,
            edition,
            units,
        });
    }
    match (src_lang, trg_lang) {
        (Some(src_lang), Some(trg_lang)) if !problems.has_errors() => Ok(Xliff {
            src_lang,
            trg_lang,
            files,
        }),
        _ => Err(problems),
    }
}

fn is(node: &XmlNode<'_, '_>, name: &str) -> bool {
    node.is_element()
        && node.tag_name().name() == name
        && node.tag_name().namespace() == Some(NAMESPACE)
}

type Problem<'a, 'i> = (XmlNode<'a, 'i>, String);

fn read_unit<'a, 'i>(
    unit: XmlNode<'a, 'i>,
    at: &dyn Fn(XmlNode<'_, '_>) -> (usize, usize),
) -> Result<Unit, Problem<'a, 'i>> {
    let id = unit
        .attribute("id")
        .ok_or_else(|| (unit, "`<unit>` has no `id`".to_string()))?
        .to_string();
    let mut source = Vec::new();
    let mut target: Option<Vec<Node>> = None;
    // A tool may split a unit into several segments (and keep the space between them
    // in `<ignorable>`): their sources, and their targets, are joined in order.
    for part in unit
        .children()
        .filter(|n| is(n, "segment") || is(n, "ignorable"))
    {
        let part_source = part.children().find(|n| is(n, "source")).ok_or_else(|| {
            (
                part,
                format!(
                    "unit {id}: a `<{}>` has no `<source>`",
                    part.tag_name().name()
                ),
            )
        })?;
        let read_source = content(part_source)?;
        match part.children().find(|n| is(n, "target")) {
            Some(t) => target.get_or_insert_with(Vec::new).extend(content(t)?),
            None if is(&part, "ignorable") => {
                if let Some(t) = target.as_mut() {
                    t.extend(read_source.clone());
                }
            }
            None => {}
        }
        source.extend(read_source);
    }
    // An empty target is no translation.
    let target = target.filter(|t| {
        !t.iter()
            .all(|n| matches!(n, Node::Text(s) if s.trim().is_empty()))
    });
    Ok(Unit {
        id,
        at: at(unit),
        source,
        target,
    })
}

/// The content of a `<source>` or `<target>`: text, `<pc>` and `<ph>`; a `<mrk>`
/// (a tool's annotation) is read through; `<cp>` is its character.
fn content<'a, 'i>(element: XmlNode<'a, 'i>) -> Result<Vec<Node>, Problem<'a, 'i>> {
    let mut nodes = Vec::new();
    for child in element.children() {
        if child.is_text() {
            nodes.push(Node::Text(child.text().unwrap_or("").to_string()));
            continue;
        }
        if !child.is_element() {
            continue;
        }
        let required = |name: &str| {
            child.attribute(name).map(str::to_string).ok_or_else(|| {
                (
                    child,
                    format!("`<{}>` has no `{name}`", child.tag_name().name()),
                )
            })
        };
        match child.tag_name().name() {
            "pc" => nodes.push(Node::Pc {
                id: required("id")?,
                start: child.attribute("dataRefStart").unwrap_or("").to_string(),
                end: child.attribute("dataRefEnd").unwrap_or("").to_string(),
                kind: None,
                children: content(child)?,
            }),
            "ph" => nodes.push(Node::Ph {
                id: required("id")?,
                data: child.attribute("dataRef").unwrap_or("").to_string(),
                kind: None,
            }),
            "mrk" => nodes.extend(content(child)?),
            "cp" => {
                let hex = required("hex")?;
                let c = u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32);
                nodes.push(Node::Text(c.map(String::from).unwrap_or_default()));
            }
            other => {
                return Err((
                    child,
                    format!(
                        "`<{other}>` is not read by rapport: expected text, `<pc>` and `<ph>` as exported (keep the codes as the file gave them)"
                    ),
                ));
            }
        }
    }
    Ok(nodes)
}
