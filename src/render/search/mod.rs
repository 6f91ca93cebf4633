//! Search: an index per edition and language, built from the model at build time, and a
//! search page per language that loads the indexes of its language's editions.
//!
//! `text` owns how text becomes terms (folding, numbers, bigrams, stop words, stems);
//! `extract` what of a page is indexed and where a result links; `index` the index
//! script's format; `page` the search page. The theme's `static/search.js` is the query
//! side. The indexes are made while the pages render and handed on one by one, as the
//! pages are (`each`); `serve` makes again only the indexes of the editions it rebuilds
//! (`add_editions`).

mod extract;
mod index;
pub(crate) mod page;
pub(crate) mod text;

use rayon::prelude::*;

use self::extract::entries;
use self::index::{IndexedEdition, IndexedPage, script};
use super::link_map::edition_numbering;
use super::theme::Theme;
use crate::core::diagnostics::Error;
use crate::core::model::{Edition, Site};
use crate::core::output::Output;
use crate::core::routes;

pub use text::lacks_stemmer;

/// Makes the search index of every edition in every language, in parallel, and hands
/// each to `sink` (path, bytes) as soon as it is made.
pub(crate) fn each(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Error> + Sync),
) -> Result<(), Error> {
    jobs(site, &all_years(site))
        .par_iter()
        .try_for_each(|(edition, lang)| {
            let bytes = edition_index(theme, edition, lang);
            sink(routes::search_index(edition.year, lang), bytes)
        })
}

fn all_years(site: &Site) -> Vec<u16> {
    site.editions.iter().map(|e| e.year).collect()
}

/// Every edition of `years` with every language of the site.
fn jobs<'s>(site: &'s Site, years: &[u16]) -> Vec<(&'s Edition, String)> {
    let languages = site.config.language_codes();
    (site.editions.iter())
        .filter(|e| years.contains(&e.year))
        .flat_map(|e| languages.iter().map(move |l| (e, l.clone())))
        .collect()
}

/// Adds the search indexes of the editions of `years`, in every language.
pub(crate) fn add_editions(site: &Site, theme: &Theme, years: &[u16], output: &mut Output) {
    for (path, bytes) in indexes(site, theme, years) {
        output.insert(path, bytes);
    }
}

/// The search indexes of the editions of `years`, in every language, made in parallel.
fn indexes(site: &Site, theme: &Theme, years: &[u16]) -> Vec<(String, Vec<u8>)> {
    jobs(site, years)
        .par_iter()
        .map(|(edition, lang)| {
            let bytes = edition_index(theme, edition, lang);
            (routes::search_index(edition.year, lang), bytes)
        })
        .collect()
}

/// The index script of one edition in one language.
fn edition_index(theme: &Theme, edition: &Edition, lang: &str) -> Vec<u8> {
    let numbering = edition_numbering(edition, &[lang.to_string()]);
    let starts = numbering.get(lang);
    let pages: Vec<IndexedPage> = (edition.pages.iter().enumerate())
        .filter_map(|(i, set)| {
            let page = set.translations.get(lang)?;
            let first = starts.and_then(|s| s.get(i)).map_or(1, |s| s.0);
            let title = theme.i18n.typeset(lang, &page.front.title);
            Some(IndexedPage {
                path: routes::page(edition.year, lang, &page.slug),
                entries: entries(&title, page.body(), first),
                title,
            })
        })
        .collect();
    let title = edition_title(edition, lang);
    script(
        &IndexedEdition {
            year: edition.year,
            lang,
            title: &title,
            home: routes::edition_home(edition.year, lang),
        },
        &pages,
    )
}

/// An edition's title in a language, else its year.
pub(crate) fn edition_title(edition: &Edition, lang: &str) -> String {
    (edition.meta.title.get_ref().get(lang).cloned()).unwrap_or_else(|| edition.year.to_string())
}
