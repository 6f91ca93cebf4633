//! Reading the planned files again into the model ([`Loaded`]), and what they replaced
//! ([`Replaced`]): kept to compare with, and put back when the change does not build.

use rayon::prelude::*;

use std::path::PathBuf;

use crate::core::diagnostics::Diagnostics;
use crate::core::model::{Edition, Page};
use crate::load;

use super::Rebuilder;
use super::plan::Plan;

/// What was replaced in the model, to compare with and to put back on failure.
#[derive(Default)]
pub(super) struct Replaced {
    /// (edition index, page set index, language, the page as it was).
    pub(super) pages: Vec<(usize, usize, String, Page)>,
    /// (edition index, the edition as it was).
    pub(super) editions: Vec<(usize, Edition)>,
    /// Problems found while loading the new files.
    pub(super) problems: Diagnostics,
    /// The files read again, whose loading problems the new ones replace: pages and
    /// edition folders.
    pub(super) reloaded: Vec<PathBuf>,
}

/// Files read again, not yet in the model.
#[derive(Default)]
pub(super) struct Loaded {
    pub(super) pages: Vec<(usize, usize, String, Page)>,
    pub(super) editions: Vec<(usize, Edition)>,
    pub(super) problems: Diagnostics,
}

impl Rebuilder {
    /// Reads the planned files: pages alone when they keep their place in the edition
    /// (slug, weight and pairing key) and have every translation, their editions
    /// otherwise. `None` when an edition cannot be loaded at all (no readable
    /// `edition.toml`).
    pub(super) fn load(&self, plan: Plan) -> Option<Loaded> {
        let site = &self.project.site;
        let languages = site.config.language_codes();
        let mut editions = plan.editions;
        let mut pages = Vec::new();
        for (e, s, lang) in plan.pages {
            if editions.contains(&e) {
                continue;
            }
            let set = &site.editions[e].pages[s];
            // A missing translation is reported at a page of its set, as the edition's
            // load pairs them: the edition is read again to report it again.
            let paired = languages.iter().all(|l| set.translations.contains_key(l));
            let old = set.translations.get(&lang).filter(|_| paired);
            match old.map(|old| (old, load::pages::page(&old.path))) {
                Some((old, Ok(new))) if keeps_its_place(old, &new) => {
                    pages.push((e, s, lang, new));
                }
                // A problem is reported as the edition's load reports it; a new slug,
                // weight or pairing key moves the page.
                _ => {
                    editions.insert(e);
                }
            }
        }
        pages.retain(|(e, ..)| !editions.contains(e));
        let editions: Vec<(usize, Option<Edition>, Diagnostics)> = editions
            .into_par_iter()
            .map(|e| {
                let old = &site.editions[e];
                let (edition, problems) =
                    load::editions::edition_partial(old.year, &old.dir, &languages);
                (e, edition, problems)
            })
            .collect();
        let mut loaded = Loaded {
            pages,
            ..Loaded::default()
        };
        for (e, edition, problems) in editions {
            loaded.editions.push((e, edition?));
            loaded.problems.extend(problems);
        }
        Some(loaded)
    }

    /// Puts the loaded files into the model; returns what they replaced.
    pub(super) fn replace(&mut self, loaded: Loaded) -> Replaced {
        let site = &mut self.project.site;
        let mut replaced = Replaced {
            problems: loaded.problems,
            ..Replaced::default()
        };
        for (e, s, lang, page) in loaded.pages {
            let set = &mut site.editions[e].pages[s];
            replaced.reloaded.push(page.path.clone());
            if let Some(old) = set.translations.insert(lang.clone(), page) {
                replaced.pages.push((e, s, lang, old));
            }
        }
        for (e, edition) in loaded.editions {
            replaced.reloaded.push(edition.dir.clone());
            let old = std::mem::replace(&mut site.editions[e], edition);
            replaced.editions.push((e, old));
        }
        replaced
    }

    pub(super) fn put_back(&mut self, replaced: Replaced) {
        let site = &mut self.project.site;
        for (e, old) in replaced.editions {
            site.editions[e] = old;
        }
        for (e, s, lang, old) in replaced.pages {
            site.editions[e].pages[s].translations.insert(lang, old);
        }
    }
}

/// Whether a page read again keeps its place: the same address, the same place in the
/// reading order and the same translations (its pairing key).
fn keeps_its_place(old: &Page, new: &Page) -> bool {
    new.slug == old.slug
        && new.front.weight == old.front.weight
        && new.pairing_key() == old.pairing_key()
}
