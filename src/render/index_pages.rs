//! The pages made of lists rather than a body of their own: the site's landing page, the
//! 404 page, and each edition's home in one language.

use super::context::{
    Alternate, EditionListing, Link, RenderedPage, alternates, base_context, edition_context,
    finish, latest_link,
};
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::{Edition, Site};
use crate::core::routes;

pub(super) fn site_index(site: &Site, theme: &Theme) -> Result<RenderedPage, Diagnostic> {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let path = routes::SITE_INDEX.to_string();
    let mut ctx = base_context(site, theme, &lang, &path);
    ctx.title = ctx.site_title.clone();
    ctx.alternates = languages
        .iter()
        .map(|l| Alternate {
            lang: l.clone(),
            name: theme.i18n.get(l, "language_name").to_string(),
            url: String::new(),
            current: *l == lang,
        })
        .collect();
    ctx.editions = site
        .editions
        .iter()
        .rev()
        .map(|e| EditionListing {
            year: e.year,
            titles: languages
                .iter()
                .map(|l| Alternate {
                    lang: l.clone(),
                    name: e.meta.title.get_ref().get(l).cloned().unwrap_or_default(),
                    url: routes::edition_home(e.year, l),
                    current: *l == lang,
                })
                .collect(),
        })
        .collect();
    finish(theme, "index.html", &ctx, Vec::new(), 0)
}

pub(super) fn not_found(site: &Site, theme: &Theme) -> Result<RenderedPage, Diagnostic> {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let mut ctx = base_context(site, theme, &lang, routes::NOT_FOUND);
    // A 404 page is served at any depth, so its links cannot be relative; they lead to
    // the site root through the base URL when known, else to the host root.
    ctx.root = site
        .config
        .base_url
        .as_ref()
        .map_or("/".to_string(), |b| format!("{}/", b.trim_end_matches('/')));
    ctx.title = theme.i18n.get(&lang, "page_not_found").to_string();
    ctx.canonical = None;
    ctx.alternates = languages
        .iter()
        .map(|l| Alternate {
            lang: l.clone(),
            name: theme.i18n.get(l, "page_not_found").to_string(),
            url: String::new(),
            current: *l == lang,
        })
        .collect();
    finish(theme, "404.html", &ctx, Vec::new(), 0)
}

pub(super) fn edition_home(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
) -> Result<RenderedPage, Diagnostic> {
    let path = routes::edition_home(edition.year, lang);
    let mut ctx = base_context(site, theme, lang, &path);
    let mut ed = edition_context(site, theme, edition, lang, None, true);
    ed.latest_link = latest_link(site, theme, edition, lang, |latest| {
        Some(routes::edition_home(latest.year, lang))
    });
    ed.downloads = crate::render::opendata::links(edition, lang, &theme.i18n)
        .into_iter()
        .map(|(title, url)| Link {
            title,
            url,
            current: false,
        })
        .collect();
    ctx.title = ed.title.clone();
    ctx.alternates = alternates(site, theme, lang, |l| {
        Some(routes::edition_home(edition.year, l))
    });
    ctx.breadcrumbs = vec![Link {
        title: theme.i18n.get(lang, "home").to_string(),
        url: routes::SITE_INDEX.into(),
        current: false,
    }];
    ctx.next = ed.pages.first().map(|p| Link {
        title: p.title.clone(),
        url: p.url.clone(),
        current: false,
    });
    ctx.edition = Some(ed);
    finish(theme, "edition.html", &ctx, Vec::new(), 0)
}
