//! A page's footnotes: every reference defined, every definition referenced, none
//! defined twice. References with no definition are found in the text the Markdown parser
//! left as it is, located at their offset in the source.

use std::collections::{BTreeMap, BTreeSet};

use pulldown_cmark::{Event, Options, Parser};

use crate::core::diagnostics::{Diagnostic, Diagnostics, Severity, nearest};
use crate::core::model::Page;
use crate::validate::budget::Budget;

/// Every `[^label]` has a definition, every definition is used, none is defined twice.
pub(super) fn footnotes(page: &Page, problems: &mut Diagnostics) {
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
    for (label, offset) in &page.outline.footnote_definitions {
        if defined.contains_key(label.as_str()) {
            let message = format!(
                "footnote `[^{label}]` is defined twice: only the first definition is shown"
            );
            found.push((*offset, Diagnostic::error(&page.path, message)));
        } else {
            defined.insert(label, *offset);
        }
    }
    let referenced: BTreeSet<&str> = page.outline.footnotes.iter().map(String::as_str).collect();
    for (label, offset) in &defined {
        if !referenced.contains(label) {
            let message = format!(
                "footnote `[^{label}]` is defined but never referenced: it would not be shown"
            );
            found.push((
                *offset,
                Diagnostic::error(&page.path, message)
                    .with_hint("reference it in the text, or delete it"),
            ));
        }
    }
    for (label, offset) in undefined_references(page.body()) {
        let message = format!(
            "footnote reference `[^{label}]` has no definition: it would show as plain text"
        );
        let d = Diagnostic::error(&page.path, message);
        let d = match nearest(&label, defined.keys().copied()) {
            Some(near) => d.with_hint(format!("did you mean `[^{near}]`?")),
            None => d.with_hint(format!("add a line `[^{label}]: …` to the page")),
        };
        found.push((offset, d));
    }
    let mut budget = Budget::new();
    for (offset, d) in found {
        if budget.take() {
            problems.push(d.at_offset(&page.source, page.body_offset + offset));
        }
    }
    if let Some(d) = budget.summary(&page.path, "footnote problems", Severity::Error) {
        problems.push(d);
    }
}

/// Footnote references that the parser left as text because nothing defines them.
fn undefined_references(body: &str) -> Vec<(String, usize)> {
    // Runs of adjacent text events, with each piece's place in the run and in the source.
    let mut found = Vec::new();
    let mut run = String::new();
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let mut run_end = usize::MAX;
    let flush = |run: &mut String,
                 pieces: &mut Vec<(usize, usize, bool)>,
                 found: &mut Vec<(String, usize)>| {
        let mut from = 0;
        while let Some(i) = run[from..].find("[^").map(|i| from + i) {
            from = i + 2;
            let rest = &run[i + 2..];
            let Some(end) = rest.find(']') else { break };
            let label = &rest[..end];
            if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[') {
                continue;
            }
            let piece = pieces.iter().rev().find(|(at, _, _)| *at <= i);
            if let Some((at, source_start, true)) = piece {
                found.push((label.to_string(), source_start + (i - at)));
            }
        }
        run.clear();
        pieces.clear();
    };
    for (event, range) in Parser::new_ext(body, Options::ENABLE_FOOTNOTES).into_offset_iter() {
        match event {
            Event::Text(text) => {
                if range.start != run_end {
                    flush(&mut run, &mut pieces, &mut found);
                }
                // An escaped `\[` or an entity reads differently in the source: not a
                // reference.
                let escaped = body[..range.start].ends_with('\\');
                let literal = !escaped && body.get(range.clone()) == Some(text.as_ref());
                pieces.push((run.len(), range.start, literal));
                run.push_str(&text);
                run_end = range.end;
            }
            _ => {
                flush(&mut run, &mut pieces, &mut found);
                run_end = usize::MAX;
            }
        }
    }
    flush(&mut run, &mut pieces, &mut found);
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_footnote_references_are_found_with_their_offsets() {
        let body = "One[^a] and two[^b].\n\nEscaped \\[^c] and `[^d]`.\n\n[^a]: Defined.\n";
        let found = undefined_references(body);
        assert_eq!(found, vec![("b".to_string(), 15)]);
        assert_eq!(&body[15..19], "[^b]");
    }
}
