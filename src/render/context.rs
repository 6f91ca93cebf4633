//! What templates see: the page context and its parts (links, language alternates, the
//! edition, printable sections), the pieces every kind of page shares (the base context,
//! the edition as templates see it, breadcrumbs, the link to the latest edition), and
//! the last step of every page, rendering its template.

use std::borrow::Cow;

use serde::Serialize;

use super::markdown::{Footnote, Heading};
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::{Edition, Site};
use crate::core::routes;

pub(super) struct RenderedPage {
    pub(super) files: Vec<(String, Vec<u8>)>,
    pub(super) charts: usize,
}

#[derive(Serialize)]
pub(super) struct Link {
    pub(super) title: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    pub(super) name: String,
    pub(super) url: String,
    pub(super) current: bool,
}

#[derive(Serialize)]
pub(super) struct EditionContext {
    pub(super) year: u16,
    pub(super) title: String,
    /// The publication date as written in the data, `YYYY-MM-DD` (for `datetime`).
    pub(super) date: Option<String>,
    /// The publication date as the page's language writes it ("15 mars 2025").
    pub(super) date_text: Option<String>,
    pub(super) home: String,
    pub(super) print: String,
    pub(super) pages: Vec<Link>,
    pub(super) latest: bool,
    pub(super) latest_year: u16,
    /// For an archived edition: the same page in the latest edition, else its home.
    pub(super) latest_link: Option<Link>,
    /// The edition's open data files.
    pub(super) downloads: Vec<Link>,
}

#[derive(Serialize)]
pub(super) struct Section {
    pub(super) title: String,
    pub(super) id: String,
    pub(super) html: String,
    pub(super) headings: Vec<Heading>,
}

#[derive(Serialize, Default)]
pub(super) struct PageContext<'a> {
    pub(super) lang: String,
    /// The theme's strings in the page's language, borrowed: they are the same for
    /// thousands of pages.
    pub(super) t: Cow<'a, crate::render::i18n::Strings>,
    pub(super) site_title: String,
    pub(super) root: String,
    pub(super) path: String,
    pub(super) title: String,
    /// The page's summary for search engines and link previews, when its author gave one.
    pub(super) description: Option<String>,
    pub(super) content: String,
    pub(super) headings: Vec<Heading>,
    pub(super) footnotes: Vec<Footnote>,
    pub(super) alternates: Vec<Alternate>,
    pub(super) breadcrumbs: Vec<Link>,
    pub(super) edition: Option<EditionContext>,
    pub(super) editions: Vec<EditionListing>,
    pub(super) sections: Vec<Section>,
    pub(super) previous: Option<Link>,
    pub(super) next: Option<Link>,
    pub(super) canonical: Option<String>,
    pub(super) first_paragraph: usize,
    pub(super) last_paragraph: usize,
}

#[derive(Serialize)]
pub(super) struct EditionListing {
    pub(super) year: u16,
    pub(super) titles: Vec<Alternate>,
}

pub(super) fn base_context<'a>(
    site: &Site,
    theme: &'a Theme,
    lang: &str,
    path: &str,
) -> PageContext<'a> {
    PageContext {
        lang: lang.to_string(),
        t: Cow::Borrowed(theme.template_strings(lang)),
        site_title: site
            .config
            .title
            .get_ref()
            .get(lang)
            .cloned()
            .unwrap_or_default(),
        root: routes::root_prefix(path),
        path: path.to_string(),
        canonical: (site.config.base_url.as_deref())
            .map(|b| routes::address(&crate::core::links::base_url(b), path)),
        ..PageContext::default()
    }
}

pub(super) fn finish(
    theme: &Theme,
    template: &str,
    ctx: &PageContext<'_>,
    mut files: Vec<(String, Vec<u8>)>,
    charts: usize,
) -> Result<RenderedPage, Diagnostic> {
    let carried: usize = ctx.content.len()
        + ctx.sections.iter().map(|s| s.html.len()).sum::<usize>()
        + ctx.footnotes.iter().map(|f| f.html.len()).sum::<usize>();
    let html = theme.render(template, ctx, carried)?;
    files.push((ctx.path.clone(), html));
    Ok(RenderedPage { files, charts })
}

/// The edition as templates see it; `with_pages` lists its pages, which costs a link per
/// page for every page rendered: only where a template reads them.
pub(super) fn edition_context(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
    current: Option<usize>,
    with_pages: bool,
) -> EditionContext {
    let date = edition.meta.date.as_ref().map(|d| d.get_ref().clone());
    EditionContext {
        year: edition.year,
        title: theme.i18n.typeset(
            lang,
            edition
                .meta
                .title
                .get_ref()
                .get(lang)
                .map_or("", String::as_str),
        ),
        date_text: date.as_deref().map(|d| theme.i18n.date(lang, d)),
        date,
        home: routes::edition_home(edition.year, lang),
        print: routes::print(edition.year, lang),
        pages: edition
            .pages
            .iter()
            .enumerate()
            .filter(|_| with_pages)
            .filter_map(|(i, set)| {
                let page = set.translations.get(lang)?;
                Some(Link {
                    title: theme.i18n.typeset(lang, &page.front.title),
                    url: routes::page(edition.year, lang, &page.slug),
                    current: Some(i) == current,
                })
            })
            .collect(),
        latest: site.latest().is_none_or(|l| l.year == edition.year),
        latest_year: site.latest().map_or(edition.year, |l| l.year),
        latest_link: None,
        downloads: Vec::new(),
    }
}

/// For a page of an archived edition: a link to the same page in the latest edition
/// (`same_page` finds it there), else to the latest edition's home. `None` for the latest
/// edition itself.
pub(super) fn latest_link(
    site: &Site,
    theme: &Theme,
    edition: &Edition,
    lang: &str,
    same_page: impl Fn(&Edition) -> Option<String>,
) -> Option<Link> {
    let latest = site.latest().filter(|l| l.year != edition.year)?;
    let year = latest.year.to_string();
    Some(match same_page(latest) {
        Some(url) => Link {
            title: theme
                .i18n
                .fill(lang, "archived_same_page", &[("year", &year)]),
            url,
            current: false,
        },
        None => Link {
            title: theme
                .i18n
                .fill(lang, "archived_latest_home", &[("year", &year)]),
            url: routes::edition_home(latest.year, lang),
            current: false,
        },
    })
}

pub(super) fn alternates(
    site: &Site,
    theme: &Theme,
    lang: &str,
    path_in: impl Fn(&str) -> Option<String>,
) -> Vec<Alternate> {
    site.config
        .language_codes()
        .into_iter()
        .filter_map(|l| {
            Some(Alternate {
                name: theme.i18n.get(&l, "language_name").to_string(),
                url: path_in(&l)?,
                current: l == lang,
                lang: l,
            })
        })
        .collect()
}

pub(super) fn breadcrumbs(edition: &Edition, lang: &str, theme: &Theme) -> Vec<Link> {
    vec![
        Link {
            title: theme.i18n.get(lang, "home").to_string(),
            url: routes::SITE_INDEX.into(),
            current: false,
        },
        Link {
            title: edition
                .meta
                .title
                .get_ref()
                .get(lang)
                .map_or_else(|| edition.year.to_string(), |t| theme.i18n.typeset(lang, t)),
            url: routes::edition_home(edition.year, lang),
            current: false,
        },
    ]
}
