//! Search: an index per edition and language, built from the model at build time, and a
//! search page per language that loads the indexes of its language's editions.
//!
//! `text` owns how text becomes terms (folding, numbers, bigrams, stop words, stems);
//! `extract` what of a page is indexed and where a result links; `index` the index
//! script's format; `page` the search page. The theme's `static/search.js` is the query
//! side. A page's entries are read from the render's own pass over its Markdown
//! ([`PageText`]); the render loop makes an edition's index in a language once its pages
//! in that language are rendered, as it does the printable page, and hands it on like a
//! page: `serve` makes again the index of an edition whose pages it renders again.

mod extract;
mod index;
pub(crate) mod page;
pub(crate) mod text;

pub(crate) use self::extract::PageText;
pub(crate) use self::index::IndexedPage;

use self::index::{IndexedEdition, script};
use crate::core::model::Edition;
use crate::core::routes;

pub use text::lacks_stemmer;

/// The index script of one edition in one language, from its pages in reading order.
pub(crate) fn edition_index(edition: &Edition, lang: &str, pages: &[IndexedPage]) -> Vec<u8> {
    let title = edition_title(edition, lang);
    script(
        &IndexedEdition {
            year: edition.year,
            lang,
            title: &title,
            home: routes::edition_home(edition.year, lang),
        },
        pages,
    )
}

/// An edition's title in a language, else its year.
pub(crate) fn edition_title(edition: &Edition, lang: &str) -> String {
    (edition.meta.title.get_ref().get(lang).cloned()).unwrap_or_else(|| edition.year.to_string())
}
