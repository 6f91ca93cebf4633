//! Active content in files published as they are: a script, an event handler or a
//! `javascript:` URL in an HTML or SVG file of an edition folder. Such files are never
//! sanitized, so each is worth a warning located at its tag.

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Edition;

/// HTML and SVG files of an edition folder are published as they are, never sanitized:
/// they are the author's own documents, like a PDF. A script in one of them runs on the
/// site's origin, so each is worth a warning, located at its tag.
pub(super) fn active_content(edition: &Edition, problems: &mut Diagnostics) {
    for rel in &edition.assets {
        let is_markup = rel.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["html", "htm", "svg", "xhtml"].contains(&e.to_ascii_lowercase().as_str())
        });
        let path = edition.dir.join(rel);
        let Some(text) = is_markup
            .then(|| std::fs::read(&path).ok())
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
        else {
            continue;
        };
        if let Some((offset, what)) = first_active_content(&text) {
            problems.push(
                Diagnostic::warning(&path, format!("{what} in a file that is published as it is, unsanitized: its code would run on the site"))
                    .at_offset(&text, offset)
                    .with_hint("remove it, or publish the document as a PDF; only Markdown pages are sanitized"),
            );
        }
    }
}

/// The offset and kind of the first script, event handler or `javascript:` URL of a
/// document.
fn first_active_content(text: &str) -> Option<(usize, String)> {
    let mut found = None;
    crate::core::html::edit_tags(text, |tag| {
        if found.is_some() {
            return None;
        }
        let offset = tag.source.as_ptr() as usize - text.as_ptr() as usize;
        let what = if tag.name == "script" {
            Some("a `<script>` element".to_string())
        } else if let Some(handler) = tag.attributes.iter().find(|a| a.name.starts_with("on")) {
            Some(format!("an event handler attribute `{}`", handler.name))
        } else {
            tag.attributes
                .iter()
                .any(|a| {
                    ["href", "src", "xlink:href", "action", "formaction"].contains(&a.name.as_ref())
                        && a.value
                            .trim_start()
                            .to_ascii_lowercase()
                            .starts_with("javascript:")
                })
                .then(|| "a `javascript:` URL".to_string())
        };
        found = what.map(|w| (offset, w));
        None
    });
    found
}
