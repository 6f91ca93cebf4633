//! The page of an indicator's values over the editions so far, in one edition and
//! language: the series the trend index holds, drawn by [`trends`] in the page template.

use super::context::{
    RenderedPage, alternates, base_context, breadcrumbs, edition_context, finish, latest_link,
};
use super::link_map::LinkMap;
use super::theme::Theme;
use super::trends;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::Site;
use crate::core::routes;

/// A page of an indicator's values over the editions so far (see [`trends`]).
pub(super) fn trend(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    index: usize,
    id: &str,
    lang: &str,
) -> Result<RenderedPage, Diagnostic> {
    let edition = &site.editions[index];
    let Some(points) = links.trends.series(site, index, id, lang) else {
        return Err(Diagnostic::error(
            &edition.dir,
            format!("indicator `{id}` has no values over the years"),
        ));
    };
    let path = routes::trend(edition.year, lang, id);
    let mut ctx = base_context(site, theme, lang, &path);
    let sanitizer = theme.sanitizer(site.config.trusted_html);
    let sanitize_ref: Option<&dyn Fn(&str) -> String> =
        sanitizer.as_ref().map(|s| s as &dyn Fn(&str) -> String);
    let (content, charts) = trends::html(&points, lang, &theme.i18n, &ctx.root, sanitize_ref);
    ctx.title = trends::title(id, lang, &theme.i18n);
    ctx.content = content;
    ctx.alternates = alternates(site, theme, lang, |l| {
        Some(routes::trend(edition.year, l, id))
    });
    ctx.breadcrumbs = breadcrumbs(edition, lang, theme);
    let latest_index = site.editions.len().saturating_sub(1);
    let mut ed = edition_context(
        site,
        theme,
        edition,
        lang,
        None,
        theme.pages_list_their_edition(),
    );
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        links
            .trends
            .has_page(latest_index, id)
            .then(|| routes::trend(latest.year, lang, id))
    });
    ctx.edition = Some(ed);
    finish(theme, "page.html", &ctx, Vec::new(), charts)
}
