//! What changed: which inputs a change touched, found by comparing the model before and
//! after, and so which recorded pages must be rendered again ([`Scope`]).

use std::collections::BTreeSet;

use rustc_hash::FxHashSet;
use std::path::PathBuf;

use crate::core::model::{Edition, Page, Site};
use crate::render::PageKey;
use crate::render::dependencies::{Dependencies, Input};
use crate::render::trends;

use super::reload::Replaced;

/// The pages whose output may differ after a change, and the editions whose copied files
/// (own files, open data) must be copied again. Which pages read what is what rendering
/// recorded ([`Dependencies`]); only which inputs changed is worked out here, by comparing
/// the model before and after.
#[derive(Debug, Default)]
pub(super) struct Scope {
    /// Editions read again: their copied files are copied again, and every input of
    /// theirs but the addresses of their pages may have changed.
    pub(super) editions: BTreeSet<u16>,
    /// Inputs that changed, besides those of `editions`.
    pub(super) inputs: FxHashSet<Input>,
    /// The pages that read a changed input.
    pub(super) pages: FxHashSet<PageKey>,
}

impl Scope {
    pub(super) fn of(
        site: &Site,
        replaced: &Replaced,
        trend_pages_before: &BTreeSet<(u16, String)>,
        record: &Dependencies,
    ) -> Scope {
        let mut scope = Scope::default();
        for (e, s, lang, old) in &replaced.pages {
            let edition = &site.editions[*e];
            let set = &edition.pages[*s];
            if let Some(new) = set.translations.get(lang) {
                scope.page_changed(edition.year, &set.key, lang, old, new);
            }
        }
        for (e, old) in &replaced.editions {
            scope.edition_changed(&site.editions[*e], old);
        }
        if !replaced.editions.is_empty() {
            // An edition's indicators decide which editions have trend pages.
            let now = trend_pages(site);
            let moved = trend_pages_before.symmetric_difference(&now);
            (scope.inputs).extend(moved.map(|(year, _)| Input::TrendPages(*year)));
        }
        // A page read again changes a few inputs, asked about by name; an edition read again
        // changes every input of its year, found by looking at them all.
        scope.pages = if scope.editions.is_empty() {
            record.readers_of(&scope.inputs)
        } else {
            record.readers(|input| scope.changed(input))
        };
        scope
    }

    fn changed(&self, input: &Input) -> bool {
        let whole_edition = !matches!(input, Input::Address { .. } | Input::TrendPages(_))
            && input
                .year()
                .is_some_and(|year| self.editions.contains(&year));
        whole_edition || self.inputs.contains(input)
    }

    fn page_changed(&mut self, year: u16, name: &str, lang: &str, old: &Page, new: &Page) {
        if old.source == new.source {
            return;
        }
        let lang = lang.to_string();
        self.inputs.insert(Input::Source {
            year,
            name: name.to_string(),
            lang: lang.clone(),
        });
        let counts = |p: &Page| {
            let o = &p.outline;
            (o.paragraphs, o.footnotes.len(), p.figures())
        };
        if counts(old) != counts(new) {
            let lang = lang.clone();
            self.inputs.insert(Input::Numbering { year, lang });
        }
        if old.front.title != new.front.title {
            let lang = lang.clone();
            self.inputs.insert(Input::Titles { year, lang });
        }
        // Blocks by what they say, not where: text added above one moves it.
        let blocks = |p: &Page| {
            p.outline
                .blocks
                .iter()
                .map(|b| (b.kind.clone(), b.body.clone()))
                .collect::<Vec<_>>()
        };
        if blocks(old) != blocks(new) {
            self.inputs.insert(Input::Blocks { year, lang });
        }
    }

    fn edition_changed(&mut self, new: &Edition, old: &Edition) {
        self.editions.insert(new.year);
        let moved = moved_pages(old, new);
        if moved.is_empty() {
            return;
        }
        self.inputs.insert(Input::AnyAddress);
        // A moved page's address changes under its key and under its file name: a link
        // to a file that was no page yet reads the latter.
        let names = (old.pages.iter().chain(&new.pages)).flat_map(|set| {
            let moved = (set.translations.values()).filter(|p| moved.contains(&p.path));
            moved
                .flat_map(|p| [set.key.clone(), p.file_name_key()])
                .collect::<Vec<_>>()
        });
        let addresses = names.map(|name| Input::Address {
            year: new.year,
            name,
        });
        self.inputs.extend(addresses.collect::<Vec<_>>());
    }

    pub(super) fn is_empty(&self) -> bool {
        self.editions.is_empty() && self.pages.is_empty()
    }

    /// Whether the page must be rendered again: it read what changed, or it is new.
    pub(super) fn wants(&self, key: &PageKey, record: &Dependencies) -> bool {
        self.pages.contains(key) || !record.has(key)
    }
}

/// Every (year, indicator id) that has a trend page.
pub(super) fn trend_pages(site: &Site) -> BTreeSet<(u16, String)> {
    trends::Index::new(site)
        .pages()
        .into_iter()
        .map(|(e, id)| (site.editions[e].year, id))
        .collect()
}

/// The Markdown files whose page has a new address, or none any more, or is new.
fn moved_pages(old: &Edition, new: &Edition) -> BTreeSet<PathBuf> {
    let addresses = |edition: &Edition| -> BTreeSet<(PathBuf, String)> {
        edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
            .map(|page| (page.path.clone(), page.slug.clone()))
            .collect()
    };
    addresses(old)
        .symmetric_difference(&addresses(new))
        .map(|(path, _)| path.clone())
        .collect()
}
