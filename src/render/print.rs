//! An edition's printable page in one language: the bodies of its narrative pages, in
//! page order, as sections of one page, with their footnotes gathered at the end.

use super::context::{
    RenderedPage, Section, alternates, base_context, breadcrumbs, edition_context, finish,
    latest_link,
};
use super::markdown::Footnote;
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::{Edition, Site};
use crate::core::routes;

/// A narrative page's body as a section of its edition's printable page.
pub(super) struct PrintPart {
    pub(super) lang: usize,
    pub(super) page: usize,
    pub(super) section: Section,
    pub(super) footnotes: Vec<Footnote>,
}

/// An edition's printable page in one language, from the sections its narrative pages
/// gave (in page order).
pub(super) fn print(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
    parts: Vec<PrintPart>,
) -> Result<RenderedPage, Diagnostic> {
    let path = routes::print(edition.year, lang);
    let mut ctx = base_context(site, theme, lang, &path);
    let mut footnotes = Vec::new();
    for part in parts {
        footnotes.extend(part.footnotes);
        ctx.sections.push(part.section);
    }
    let mut ed = edition_context(site, theme, edition, lang, None, true);
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        Some(routes::print(latest.year, lang))
    });
    ctx.title = ed.title.clone();
    ctx.footnotes = footnotes;
    ctx.alternates = alternates(site, theme, lang, |l| Some(routes::print(edition.year, l)));
    ctx.breadcrumbs = breadcrumbs(edition, lang, theme);
    ctx.edition = Some(ed);
    // The charts and their standalone files are counted and written with the narrative
    // pages; the print page only repeats them.
    finish(theme, "print.html", &ctx, Vec::new(), 0)
}
