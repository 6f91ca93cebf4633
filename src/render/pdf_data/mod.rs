//! The data side of an edition's PDF: one edition in one language as plain data
//! ([`ReportData`], serialized as `report.json`), with the chart files it names, for a
//! Typst template to lay out. Content never becomes Typst code: the template places
//! these strings as text.
//!
//! Built from the same model and by the same owners as the web pages: paragraph,
//! footnote and figure numbers run through the edition as on the web (the link map's
//! offsets, the Markdown's own numbering), heading ids and the ids only unique on a page
//! take the page's slug as on the printable page, tables and charts take their words from
//! `tables` and `charts`, text gets the language's typography (never code).
//!
//! Raw HTML in Markdown is never passed on as markup: its text content is kept, with
//! the languages, quotations and line breaks its tags mark ([`raw_html`]).
//!
//! It reads no file and fails no build: what validation refused never gets here, and a
//! link the PDF cannot follow keeps its text.

mod data_blocks;
mod links;
mod make;
mod model;
mod raw_html;
#[cfg(test)]
mod tests;
mod tree;
mod walk;

pub(crate) use model::{Document, Labels, ReportData, Section};

use super::link_map::{LinkMap, edition_numbering};
use super::project::Project;
use super::theme::Theme;
use crate::core::links::{base_url, normalize};
use crate::core::model::{BlockContent, Edition, Page, PageBlock, Site};
use data_blocks::DataBlocks;
use links::PdfLinks;
use walk::{WalkSettings, page_blocks};

pub use make::{
    BuiltPdf, MAX_PDF_DATA, MAX_PDF_DEPTH, edition_pdf, edition_pdfs, edition_pdfs_of, pdf_date,
    size_text,
};

/// An edition's PDF data in one language: the document and the chart files it names.
pub(crate) struct PdfData {
    /// What `report.json` holds.
    pub(crate) report: ReportData,
    /// Each chart file the report names (`charts/figure-1.svg`), with its bytes.
    pub(crate) charts: Vec<(String, Vec<u8>)>,
}

/// An edition's PDF source in one language, as files: what the template reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfSource {
    /// `report.json`: the document as JSON.
    pub json: Vec<u8>,
    /// The chart files it names, by path (`charts/figure-1.svg`).
    pub files: Vec<(String, Vec<u8>)>,
}

/// The PDF source of edition `year` in `lang`, when the project has that edition and
/// language.
pub fn pdf_source(project: &Project, year: u16, lang: &str) -> Option<PdfSource> {
    let site = &project.site;
    if !site.config.language_codes().iter().any(|l| l == lang) {
        return None;
    }
    let edition = site.editions.iter().find(|e| e.year == year)?;
    let links = LinkMap::new(site);
    let data = report_data(site, &project.theme, &links, edition, lang);
    // Serializing plain strings, numbers and lists cannot fail.
    let json = serde_json::to_vec(&data.report).unwrap_or_default();
    Some(PdfSource {
        json,
        files: data.charts,
    })
}

/// Edition `edition` in `lang`, as its PDF shows it.
pub(super) fn report_data(
    site: &Site,
    theme: &Theme,
    links: &LinkMap,
    edition: &Edition,
    lang: &str,
) -> PdfData {
    let pages: Vec<&Page> = (edition.pages.iter())
        .filter_map(|set| set.translations.get(lang))
        .collect();
    let pdf_links = PdfLinks {
        map: links,
        sections: pages
            .iter()
            .map(|p| (normalize(&p.path), p.slug.clone()))
            .collect(),
        base_url: site.config.base_url.as_deref().map(base_url),
    };
    let offsets = edition_numbering(edition, &site.config.language_codes())
        .remove(lang)
        .unwrap_or_default();
    let mut charts = Vec::new();
    let mut sections = Vec::new();
    for (index, set) in edition.pages.iter().enumerate() {
        let Some(page) = set.translations.get(lang) else {
            continue;
        };
        let start = offsets.get(index).copied().unwrap_or((1, 1, 1));
        let place = PagePlace {
            edition,
            lang,
            page,
            start,
        };
        sections.push(section(theme, &pdf_links, &place, &mut charts));
    }
    let ids = tree::targets(&sections);
    for section in &mut sections {
        tree::unlink_missing(&mut section.blocks, &ids);
    }
    PdfData {
        report: ReportData {
            document: document(site, theme, edition, lang),
            sections,
        },
        charts,
    }
}

/// A page of the edition in the PDF's language, with where its numbers start.
struct PagePlace<'a> {
    edition: &'a Edition,
    lang: &'a str,
    page: &'a Page,
    /// Its first paragraph, footnote and figure numbers in the edition.
    start: (usize, usize, usize),
}

/// A narrative page as a section.
fn section(
    theme: &Theme,
    links: &PdfLinks<'_>,
    place: &PagePlace<'_>,
    charts: &mut Vec<(String, Vec<u8>)>,
) -> Section {
    let PagePlace {
        edition,
        lang,
        page,
        start,
    } = *place;
    let slug = page.slug.as_str();
    let data_file = edition.dir.join("indicators.toml");
    let page_link = |url: &str| links.resolve(&page.path, slug, url);
    let cell_link = |url: &str| links.resolve(&data_file, slug, url);
    let mut data = DataBlocks {
        edition,
        lang,
        i18n: &theme.i18n,
        slug,
        cell_link: &cell_link,
        page_link: &page_link,
        tables: 0,
        next_figure: start.2,
        charts: Vec::new(),
    };
    // The page's blocks were read when it was loaded, and validation refused the site
    // had any of them a problem: each is drawn from its typed value.
    let mut block = |index: usize| match page.blocks.get(index).and_then(PageBlock::read) {
        Some(BlockContent::Indicators(Some(parsed))) => data.indicators(parsed),
        Some(BlockContent::Figure(Some(figure))) => vec![data.figure(figure)],
        _ => Vec::new(),
    };
    let mut settings = WalkSettings {
        first_paragraph: start.0,
        first_footnote: start.1,
        slug,
        typography: theme.i18n.typography(lang),
        link: &page_link,
        block: &mut block,
    };
    let (blocks, _) = page_blocks(page.body(), &mut settings);
    charts.append(&mut data.charts);
    Section {
        id: slug.to_string(),
        title: theme.i18n.typeset(lang, &page.front.title),
        blocks,
    }
}

/// The title page's and the metadata's data.
fn document(site: &Site, theme: &Theme, edition: &Edition, lang: &str) -> Document {
    let i18n = &theme.i18n;
    let title = (edition.meta.title.get_ref().get(lang))
        .map(|t| i18n.typeset(lang, t))
        .unwrap_or_default();
    let organisation = (site.config.title.get_ref().get(lang))
        .map(|t| i18n.typeset(lang, t))
        .unwrap_or_default();
    let date = edition.meta.date.as_ref().map(|d| d.get_ref().clone());
    let label = |key: &str| i18n.get(lang, key).to_string();
    Document {
        lang: lang.to_string(),
        dir: crate::core::language::direction(lang).as_str(),
        title,
        organisation,
        date_text: date.as_deref().map(|d| i18n.date(lang, d)),
        date,
        symbol: edition
            .meta
            .symbol
            .as_ref()
            .map(|s| s.get_ref().trim().to_string()),
        year: edition.year,
        digits: (0..10).map(|d| i18n.numbers(lang).counter(d)).collect(),
        labels: Labels {
            contents: label("contents"),
            page: label("page"),
            figure: label("figure"),
            table: label("table"),
            notes: label("footnotes"),
            paragraph: label("paragraph"),
        },
    }
}
