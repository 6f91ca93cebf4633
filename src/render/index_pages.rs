//! The pages made of lists rather than a body of their own: the site's landing page, the
//! 404 page, and each edition's home in one language.

use super::charts;
use super::context::{
    Alternate, EditionListing, Glance, GlanceColumns, GlanceFigure, IndicatorStatus, Link,
    RenderedPage, SiteLanguage, alternates, base_context, edition_context, finish, latest_link,
    site_description,
};
use super::link_map::LinkMap;
use super::markdown::plain_text;
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::language;
use crate::core::model::{BlockContent, ChartKind, Edition, Site};
use crate::core::outline::slugify;
use crate::core::routes;
use crate::core::select::projects_in_scope;
use crate::core::status::{MilestoneStatus, indicator_status};

/// The site-wide pages (landing, 404) in each language: one page, so no address; each
/// entry named by the UI string `name_key` in its own language.
fn same_page_in_each_language(
    theme: &Theme,
    languages: &[String],
    lang: &str,
    name_key: &str,
) -> Vec<Alternate> {
    languages
        .iter()
        .map(|l| Alternate {
            lang: l.clone(),
            dir: language::direction(l).as_str(),
            name: theme.i18n.get(l, name_key).to_string(),
            url: String::new(),
            current: l == lang,
        })
        .collect()
}

pub(super) fn site_index(site: &Site, theme: &Theme) -> Result<RenderedPage, Diagnostic> {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let path = routes::SITE_INDEX.to_string();
    let mut ctx = base_context(site, theme, &lang, &path);
    ctx.title = ctx.site_title.clone();
    ctx.alternates = same_page_in_each_language(theme, &languages, &lang, "language_name");
    ctx.languages = languages
        .iter()
        .map(|l| SiteLanguage {
            lang: l.clone(),
            dir: language::direction(l).as_str(),
            name: theme.i18n.get(l, "language_name").to_string(),
            site_title: site
                .config
                .title
                .get_ref()
                .get(l)
                .cloned()
                .unwrap_or_default(),
            site_description: site_description(site, l),
            editions: theme.i18n.get(l, "editions").to_string(),
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
                    dir: language::direction(l).as_str(),
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
    ctx.alternates = same_page_in_each_language(theme, &languages, &lang, "page_not_found");
    finish(theme, "404.html", &ctx, Vec::new(), 0)
}

pub(super) fn edition_home(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
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
    ed.glance = Some(glance(site, theme, links, edition, lang, &ctx.root));
    ctx.edition = Some(ed);
    finish(theme, "edition.html", &ctx, Vec::new(), 0)
}

/// The report's key facts for the edition's home: its stated total beside the register's
/// count, its figures, and each indicator's status against its milestone.
fn glance(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    lang: &str,
    root: &str,
) -> Glance {
    let numbers = theme.i18n.numbers(lang);
    let stated = (edition.meta.totals.completed_projects.as_ref()).map(|t| *t.get_ref());
    let itemized = projects_in_scope(edition, ChartKind::CompletedByOutput);
    let itemized = u32::try_from(itemized).unwrap_or(u32::MAX);
    Glance {
        stated_total: stated.map(|n| numbers.number(f64::from(n))),
        itemized: numbers.number(f64::from(itemized)),
        differs: stated.is_some_and(|n| n != itemized),
        figures: figures(site, theme, links, edition, lang, root),
        indicators: indicator_statuses(site, theme, links, edition, lang),
        columns: GlanceColumns {
            indicator: theme.i18n.column_label(edition, lang, "indicator"),
            status: theme.i18n.fill(
                lang,
                "status_column",
                &[(
                    "milestone",
                    &theme.i18n.column_label(edition, lang, "milestone"),
                )],
            ),
        },
    }
}

/// The first figure of each chart kind in the edition's pages, drawn as that page draws
/// it (same number, caption and data table); its standalone file is that page's.
fn figures(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    lang: &str,
    root: &str,
) -> Vec<GlanceFigure> {
    let sanitizer = theme.sanitizer(site.config.trusted_html);
    let sanitize: Option<&dyn Fn(&str) -> String> =
        sanitizer.as_ref().map(|s| s as &dyn Fn(&str) -> String);
    let mut seen: Vec<ChartKind> = Vec::new();
    let mut figures = Vec::new();
    for (index, set) in edition.pages.iter().enumerate() {
        let Some(page) = set.translations.get(lang) else {
            continue;
        };
        let mut number = links.offsets(edition, lang, index).2;
        for block in &page.blocks {
            if !matches!(block.content, BlockContent::Figure(_)) {
                continue;
            }
            if let Some(figure) = block.figure()
                && !seen.contains(figure.chart.get_ref())
            {
                seen.push(*figure.chart.get_ref());
                let chart = charts::figure(&charts::FigureRequest {
                    edition,
                    block: figure,
                    lang,
                    i18n: &theme.i18n,
                    number,
                    root,
                    sanitize,
                });
                figures.push(GlanceFigure {
                    html: chart.html,
                    page: Link {
                        title: page.front.title.clone(),
                        url: routes::page(edition.year, lang, &page.slug),
                        current: false,
                    },
                });
            }
            number += 1;
        }
    }
    figures
}

/// Each indicator's status against its milestone, in words, linked to the row of the
/// table that shows it.
fn indicator_statuses(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    lang: &str,
) -> Vec<IndicatorStatus> {
    let position = site.editions.iter().position(|e| e.year == edition.year);
    edition
        .indicators
        .indicators
        .iter()
        .map(|indicator| {
            let id = indicator.id.get_ref();
            let status = indicator_status(indicator);
            let url = position
                .and_then(|e| links.trends.shown_on(e, lang, id))
                .map(|slug| {
                    format!(
                        "{}#indicator-{}",
                        routes::page(edition.year, lang, slug),
                        slugify(id)
                    )
                });
            IndicatorStatus {
                id: id.clone(),
                // The words alone: the row links to the indicator's table, which shows
                // the description with its links.
                description: theme.i18n.typeset(
                    lang,
                    &plain_text(
                        (indicator.description.get_ref().get(lang)).map_or("", String::as_str),
                    ),
                ),
                status: status.name(),
                label: theme.i18n.get(lang, status_key(status)).to_string(),
                url,
            }
        })
        .collect()
}

/// The UI string that names a status.
fn status_key(status: MilestoneStatus) -> &'static str {
    match status {
        MilestoneStatus::Reached => "milestone_reached",
        MilestoneStatus::NotReached => "milestone_not_reached",
        MilestoneStatus::NoValue => "milestone_no_value",
    }
}
