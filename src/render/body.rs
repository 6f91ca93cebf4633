//! A narrative page's body: its Markdown rendered with links resolved through the link
//! map, numbering continued from the pages before it, and its blocks drawn from their
//! typed values as indicator tables and charts, whose files it collects.

use pulldown_cmark::Event;

use super::link_map::LinkMap;
use super::markdown::{self, RenderSettings};
use super::search::PageText;
use super::theme::Theme;
use super::{charts, tables};
use crate::core::model::{BlockContent, Edition, Page, PageBlock, Site};
use crate::core::routes;

pub(super) struct BodyResult {
    pub(super) rendered: markdown::Rendered,
    pub(super) files: Vec<(String, Vec<u8>)>,
    pub(super) charts: usize,
}

/// A page of an edition in one language: where a body is rendered from.
pub(super) struct Place<'a> {
    pub(super) edition: &'a Edition,
    pub(super) index: usize,
    pub(super) lang: &'a str,
    pub(super) page: &'a Page,
}

/// Renders the body of the page at `place`, for the page at address `from`; `search`, when
/// given, reads the body's text for the edition's search index on the way.
pub(super) fn render_body(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    place: Place<'_>,
    from: &str,
    search: Option<&mut PageText>,
) -> BodyResult {
    let Place {
        edition,
        index,
        lang,
        page,
    } = place;
    let (first_paragraph, first_footnote, first_figure) = links.offsets(edition, lang, index);
    let root = routes::root_prefix(from);
    let resolve = |url: &str| {
        if url.starts_with('#') {
            return None;
        }
        links
            .resolve(&page.path, url)
            .map(|target| format!("{root}{target}"))
    };
    let sanitizer = theme.sanitizer(site.config.trusted_html);
    let sanitize_ref: Option<&dyn Fn(&str) -> String> =
        sanitizer.as_ref().map(|s| s as &dyn Fn(&str) -> String);
    let mut files = Vec::new();
    let mut charts = 0;
    let mut figure_number = first_figure;
    let mut table_number = 0;
    // The page's blocks were read when it was loaded, and validation refused the site
    // had any of them a problem: each is drawn from its typed value.
    let mut render_block = |index: usize| -> String {
        match page.blocks.get(index).and_then(PageBlock::read) {
            Some(BlockContent::Indicators(Some(parsed))) => {
                table_number += 1;
                let id = format!("indicators-{table_number}");
                // The page's edition is one of the site's; were it not, it has no trend page.
                let edition_index = site.editions.iter().position(|e| e.year == edition.year);
                let trend = |indicator: &str| {
                    let e = edition_index?;
                    links
                        .trends
                        .has_page(e, indicator)
                        .then(|| format!("{root}{}", routes::trend(edition.year, lang, indicator)))
                };
                let downloads =
                    crate::render::opendata::indicator_links(edition, lang, &theme.i18n)
                        .into_iter()
                        .map(|(label, url)| (label, format!("{root}{url}")))
                        .collect();
                let data_file = edition.dir.join("indicators.toml");
                let cell = |url: &str| {
                    links
                        .resolve(&data_file, url)
                        .map(|target| format!("{root}{target}"))
                };
                let table_links = tables::TableLinks {
                    trend: &trend,
                    downloads,
                    cell: &cell,
                };
                let req = tables::TableRequest {
                    edition,
                    block: parsed,
                    lang,
                    i18n: &theme.i18n,
                    id: &id,
                    sanitize: sanitize_ref,
                    links: Some(&table_links),
                };
                let mut html = tables::indicators_table(&req);
                for indicator in crate::core::select::selected(edition, parsed) {
                    if let Some(chart) =
                        charts::indicator_progress(edition, indicator, lang, &theme.i18n, &root)
                    {
                        charts += 1;
                        html.push_str(&chart.html);
                        files.extend(chart.files);
                    }
                }
                html
            }
            Some(BlockContent::Figure(Some(figure))) => {
                let number = figure_number;
                figure_number += 1;
                charts += 1;
                let chart = charts::figure(&charts::FigureRequest {
                    edition,
                    block: figure,
                    lang,
                    i18n: &theme.i18n,
                    number,
                    root: &root,
                    sanitize: sanitize_ref,
                });
                files.extend(chart.files);
                chart.html
            }
            // An unknown kind, or a body with a problem: validation reported it.
            _ => String::new(),
        }
    };
    let paragraph_title = theme.i18n.paragraph_title(lang);
    let mut read_events = search.map(|text| move |event: &Event<'_>| text.event(event));
    let mut settings = RenderSettings {
        first_paragraph,
        first_footnote,
        heading_prefix: "",
        heading_shift: 0,
        resolve_link: &resolve,
        render_block: &mut render_block,
        sanitize: sanitize_ref,
        paragraph_title: &paragraph_title,
        typography: theme.i18n.typography(lang),
        numbers: Some(theme.i18n.numbers(lang)),
        read_events: (read_events.as_mut()).map(|read| read as &mut dyn FnMut(&Event<'_>)),
    };
    let rendered = markdown::render(page.body(), &mut settings);
    BodyResult {
        rendered,
        files,
        charts,
    }
}
