//! Typst's diagnostics as rapport's: at the template's (or the JSON document's) file, line
//! and column, in rapport's words where Typst's would point at its own internals.

use std::path::Path;

use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpan;

use super::engine::ReportWorld;
use crate::core::diagnostics::Diagnostic;

/// Where a file Typst read comes from.
pub(super) enum Origin<'a> {
    /// A file with text: a template, or the JSON document.
    Text(&'a Path, &'a str),
    /// A file without text to count lines in (an image of the theme's).
    Other(&'a Path),
    /// A file rapport did not serve (a path the template made up, a chart).
    Unknown,
}

/// The rapport diagnostic for one of Typst's.
pub(super) fn diagnostic(world: &ReportWorld, d: &SourceDiagnostic) -> Diagnostic {
    let (message, mut hints) = words(d);
    // Where it happened; when Typst gives no place (an export error) or a place rapport
    // did not serve, the innermost call in a template says where it came from, and the
    // main template stands for the document as a whole.
    let spans = std::iter::once(d.span).chain(d.trace.iter().map(|t| DiagSpan::from(t.span)));
    let here = spans.filter_map(|span| place(world, span)).next();
    let mut located = match here {
        Some((path, line, column)) => Diagnostic::error(path, message).at(line, column),
        None => Diagnostic::error(world.templates.main_path(), message),
    };
    for point in &d.trace {
        if let Some((path, line, column)) = place(world, point.span.into()) {
            hints.push(format!("{} at {}:{line}:{column}", point.v, path.display()));
        }
    }
    if !hints.is_empty() {
        located = located.with_hint(hints.join("; "));
    }
    if d.severity == Severity::Warning && !is_fatal_warning(&d.message) {
        located.severity = crate::core::diagnostics::Severity::Warning;
    }
    located
}

/// A warning that would make a wrong PDF: a font the set does not have means text in
/// another face than the template asked for.
fn is_fatal_warning(message: &str) -> bool {
    message.starts_with("unknown font family")
}

/// The message and hints, in rapport's words for the document-wide errors Typst reports
/// without a place.
fn words(d: &SourceDiagnostic) -> (String, Vec<String>) {
    let hints: Vec<String> = d.hints.iter().map(|h| h.v.to_string()).collect();
    let message = d.message.as_str();
    let own = |m: &str, h: &str| (m.to_string(), vec![h.to_string()]);
    if message.contains("missing document title") {
        own(
            "the PDF template gives the document no title",
            "PDF/UA-1 requires one: `#set document(title: r.title)`",
        )
    } else if message.contains("missing document date") {
        own(
            "the PDF template removes the document's date, which PDF/A-2a requires",
            "leave `document(date: …)` unset: the edition's date is used",
        )
    } else if message.contains("missing document language") {
        own(
            "the PDF template declares no language",
            "set it once at the top of the template: `#set text(lang: r.lang)`",
        )
    } else {
        (message.to_string(), hints)
    }
}

/// The file, line and column (1-based) of a span, when it points into a file rapport
/// served.
fn place<'a>(world: &'a ReportWorld, span: DiagSpan) -> Option<(&'a Path, usize, usize)> {
    let id = span.id()?;
    match world.origin(id) {
        Origin::Text(path, text) => {
            let start = world.range(span).map_or(0, |r| r.start);
            let (line, column) = crate::core::diagnostics::line_col(text, start);
            Some((path, line, column))
        }
        Origin::Other(path) => Some((path, 1, 1)),
        Origin::Unknown => None,
    }
}
