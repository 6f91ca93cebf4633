//! What templates see: the page context and its parts (links, language alternates, the
//! edition, printable sections), the pieces every kind of page shares (the base context,
//! the edition as templates see it, breadcrumbs, the link to the latest edition), and
//! the last step of every page, rendering its template.

use std::borrow::Cow;

use serde::Serialize;

use super::markdown::{Footnote, Heading};
use super::theme::Theme;
use crate::core::diagnostics::Diagnostic;
use crate::core::language;
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

/// A link to an edition's PDF: its address, its language (`hreflang`) and its size as
/// the language writes it ("1,2 Mo").
#[derive(Serialize)]
pub(super) struct PdfLink {
    pub(super) url: String,
    pub(super) lang: String,
    pub(super) size: String,
}

#[derive(Serialize)]
pub(super) struct Alternate {
    pub(super) lang: String,
    /// The direction of `lang` (`ltr`, `rtl`), for the `dir` beside each `lang`.
    pub(super) dir: &'static str,
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
    /// The official document's symbol (`GB.347/PFA/1`), the same in every language:
    /// templates isolate it (`<bdi>`), since its direction is not the page's.
    pub(super) symbol: Option<String>,
    pub(super) home: String,
    pub(super) print: String,
    pub(super) pages: Vec<Link>,
    pub(super) latest: bool,
    pub(super) latest_year: u16,
    /// For an archived edition: the same page in the latest edition, else its home.
    pub(super) latest_link: Option<Link>,
    /// The edition's open data files.
    pub(super) downloads: Vec<Link>,
    /// The edition's official PDF in the page's language, when the build made it.
    pub(super) pdf: Option<PdfLink>,
    /// The edition's summary in the page's language, else its title.
    pub(super) description: String,
    /// On the edition's home: the report's key facts.
    pub(super) glance: Option<Glance>,
}

/// The report at a glance, on the edition's home: every value from the edition's data.
#[derive(Serialize)]
pub(super) struct Glance {
    /// `[totals] completed_projects`, formatted, when the edition states it.
    pub(super) stated_total: Option<String>,
    /// The completed projects the register itemizes, formatted.
    pub(super) itemized: String,
    /// Whether the register's count differs from the stated total.
    pub(super) differs: bool,
    /// The edition's figures, as its pages draw them (first of each chart kind).
    pub(super) figures: Vec<GlanceFigure>,
    /// Each indicator's status against its milestone, in file order.
    pub(super) indicators: Vec<IndicatorStatus>,
    /// The status table's column headings, in the edition's wording (`[labels]`).
    pub(super) columns: GlanceColumns,
}

/// The headings of the status table on the edition's home: the indicator column and the
/// status column, which names the edition's own milestone label.
#[derive(Serialize)]
pub(super) struct GlanceColumns {
    pub(super) indicator: String,
    pub(super) status: String,
}

/// A figure on the edition's home, and the page that shows it.
#[derive(Serialize)]
pub(super) struct GlanceFigure {
    pub(super) html: String,
    pub(super) page: Link,
}

/// One indicator's status against its milestone.
#[derive(Serialize)]
pub(super) struct IndicatorStatus {
    pub(super) id: String,
    pub(super) description: String,
    /// `reached`, `not-reached` or `no-value` (see `core::status`).
    pub(super) status: &'static str,
    /// The status in words, from the UI strings.
    pub(super) label: String,
    /// The indicator's row on the page whose table shows it, if one does.
    pub(super) url: Option<String>,
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
    /// The direction of the page's language, `ltr` or `rtl` (`core::language`).
    pub(super) dir: &'static str,
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
    /// The first and last paragraph numbers as the page's language writes them (`٣`).
    pub(super) paragraph_numbers: [String; 2],
    /// The site's summary in the page's language, else its title: the meta description
    /// of pages that have no other.
    pub(super) site_description: String,
    /// On the landing page: the site in each of its languages.
    pub(super) languages: Vec<SiteLanguage>,
    /// The search page of the page's language, which every page's header links to.
    pub(super) search_url: String,
    /// On the search page: the editions it searches and the words it ignores.
    pub(super) search: Option<super::search::page::SearchContext>,
}

/// The site in one language, for the landing page.
#[derive(Serialize)]
pub(super) struct SiteLanguage {
    pub(super) lang: String,
    /// The direction of `lang`.
    pub(super) dir: &'static str,
    /// The language's name in itself.
    pub(super) name: String,
    pub(super) site_title: String,
    pub(super) site_description: String,
    /// The word for "Editions" in that language.
    pub(super) editions: String,
}

/// What the template sees: the page's context and the one meta description it gets.
#[derive(Serialize)]
struct Finished<'c, 'a> {
    #[serde(flatten)]
    page: &'c PageContext<'a>,
    meta_description: &'c str,
}

impl PageContext<'_> {
    /// The page's own description, else its edition's, else the site's.
    fn meta_description(&self) -> &str {
        let own = self.description.as_deref().filter(|d| !d.trim().is_empty());
        let edition = self.edition.as_ref().map(|e| e.description.as_str());
        own.or(edition.filter(|d| !d.trim().is_empty()))
            .unwrap_or(&self.site_description)
    }
}

/// The site's summary in a language, else its title.
pub(super) fn site_description(site: &Site, lang: &str) -> String {
    let described = site.config.description.as_ref().and_then(|d| d.get(lang));
    let title = site.config.title.get_ref().get(lang);
    described.or(title).cloned().unwrap_or_default()
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
        dir: language::direction(lang).as_str(),
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
        site_description: site_description(site, lang),
        search_url: routes::search_page(lang),
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
    let finished = Finished {
        page: ctx,
        meta_description: ctx.meta_description(),
    };
    let html = theme.render(template, &finished, carried)?;
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
    let title = theme.i18n.typeset(
        lang,
        edition
            .meta
            .title
            .get_ref()
            .get(lang)
            .map_or("", String::as_str),
    );
    let described = edition.meta.description.as_ref().and_then(|d| d.get(lang));
    let date = edition.meta.date.as_ref().map(|d| d.get_ref().clone());
    EditionContext {
        year: edition.year,
        description: described.cloned().unwrap_or_else(|| title.clone()),
        title,
        date_text: date.as_deref().map(|d| theme.i18n.date(lang, d)),
        date,
        symbol: (edition.meta.symbol.as_ref())
            .map(|s| s.get_ref().trim().to_string())
            .filter(|s| !s.is_empty()),
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
        pdf: (site.pdf_sizes.get(edition.year, lang)).map(|bytes| PdfLink {
            url: routes::pdf(edition.year, lang),
            lang: lang.to_string(),
            size: crate::render::pdf_data::size_text(&theme.i18n, lang, bytes),
        }),
        glance: None,
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
                dir: language::direction(&l).as_str(),
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
