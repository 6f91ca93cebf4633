//! The search page of a language (`search/<lang>/index.html`): a form, a live region for
//! the results count, the results list, and the indexes of the language's editions
//! loaded by `<script src>`; without JavaScript, a plain sentence and the editions'
//! contents pages.

use serde::Serialize;

use super::super::context::{RenderedPage, alternates, base_context, finish};
use super::super::theme::Theme;
use super::edition_title;
use super::text::stop_words;
use crate::core::diagnostics::Diagnostic;
use crate::core::model::Site;
use crate::core::routes;

/// The UI strings the search page and its script read: every language file must define
/// them (checked with the theme's other required strings, in `render::i18n`).
pub(crate) const UI_KEYS: &[&str] = &[
    "search",
    "search_title",
    "search_label",
    "search_hint",
    "search_edition",
    "search_all_editions",
    "search_button",
    "search_needs_js",
    "search_count_zero",
    "search_count_one",
    "search_count_two",
    "search_count_few",
    "search_count_many",
    "search_count_other",
    "search_none",
    "search_stop_only",
    "search_shown",
    "search_more",
    "search_unavailable",
];

/// What the search template sees beside the page's context.
#[derive(Serialize)]
pub(in crate::render) struct SearchContext {
    /// The editions in the language, latest first.
    editions: Vec<SearchEdition>,
    /// The words the index leaves out, folded, separated by spaces: a query made only of
    /// them is told so rather than finding nothing.
    stop_words: String,
}

/// An edition the search page searches.
#[derive(Serialize)]
struct SearchEdition {
    year: u16,
    title: String,
    /// Its home (its contents), a site path.
    home: String,
    /// Its index script, a site path.
    index: String,
}

pub(in crate::render) fn search_page(
    site: &Site,
    theme: &Theme,
    lang: &str,
) -> Result<RenderedPage, Diagnostic> {
    let path = routes::search_page(lang);
    let mut ctx = base_context(site, theme, lang, &path);
    ctx.title = theme.i18n.get(lang, "search_title").to_string();
    ctx.alternates = alternates(site, theme, lang, |l| Some(routes::search_page(l)));
    let editions = (site.editions.iter().rev())
        .filter(|e| {
            e.pages
                .iter()
                .any(|set| set.translations.contains_key(lang))
        })
        .map(|e| SearchEdition {
            year: e.year,
            title: edition_title(e, lang),
            home: routes::edition_home(e.year, lang),
            index: routes::search_index(e.year, lang),
        })
        .collect();
    ctx.search = Some(SearchContext {
        editions,
        stop_words: stop_words(lang).join(" "),
    });
    finish(theme, "search.html", &ctx, Vec::new(), 0)
}
