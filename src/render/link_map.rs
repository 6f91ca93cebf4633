//! The link map: where every page and Markdown source is published, so that a link
//! written as a relative path to a file of `content/` becomes the output path it leads
//! to; and where each page's paragraph, footnote and figure numbers start in its
//! edition.
//!
//! Built once, before any page renders, and shared read-only by every page job.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use super::trends;
use crate::core::links::{self, ContentLink, normalize};
use crate::core::model::{Edition, Page, PageSet, Site};
use crate::core::routes;
use crate::load;

/// The output path of each page, and of each Markdown source, for links.
pub(super) struct LinkMap {
    by_source: HashMap<PathBuf, String>,
    content_dir: PathBuf,
    /// Which indicators have pages of values over the years.
    pub(super) trends: trends::Index,
    /// Year → language → where each page's paragraphs, footnotes and figures start:
    /// running totals through the edition, computed once rather than for every page.
    numbering: HashMap<u16, HashMap<String, Vec<Offsets>>>,
    /// The latest edition's pages by pairing key, and by language and file name, for
    /// the links from archived editions.
    latest_pages: HashMap<String, usize>,
    latest_files: HashMap<(String, String), usize>,
}

/// The first paragraph, footnote and figure numbers of a page in its edition.
pub(super) type Offsets = (usize, usize, usize);

impl LinkMap {
    pub(super) fn new(site: &Site) -> LinkMap {
        // Built before any page renders, so each edition's share is built in parallel.
        let languages = site.config.language_codes();
        let by_source = site
            .editions
            .par_iter()
            .flat_map_iter(|edition| {
                edition.pages.iter().flat_map(move |set| {
                    set.translations.iter().map(move |(lang, page)| {
                        let out = routes::page(edition.year, lang, &page.slug);
                        (normalize(&page.path), out)
                    })
                })
            })
            .collect();
        let numbering = site
            .editions
            .par_iter()
            .map(|edition| (edition.year, edition_numbering(edition, &languages)))
            .collect();
        let latest_pages = site.latest().map_or_else(HashMap::new, |latest| {
            let names = latest.pages.iter().enumerate();
            names.map(|(i, set)| (set.key.clone(), i)).collect()
        });
        let latest_files = site.latest().map_or_else(HashMap::new, |latest| {
            let sets = latest.pages.iter().enumerate();
            sets.flat_map(|(i, set)| {
                (set.translations.iter())
                    .map(move |(lang, p)| ((lang.clone(), p.file_name_key()), i))
            })
            .collect()
        });
        LinkMap {
            latest_pages,
            latest_files,
            by_source,
            content_dir: normalize(&site.root.join(load::CONTENT_DIR)),
            trends: trends::Index::new(site),
            numbering,
        }
    }

    /// The same page as `set` in the latest edition, in `lang`: the one with the same
    /// pairing key, or else one with the file name of one of its translations, so that
    /// an edition that gave its pages a `translation_key` still pairs with those before.
    pub(super) fn in_latest<'e>(
        &self,
        latest: &'e Edition,
        set: &PageSet,
        lang: &str,
    ) -> Option<&'e Page> {
        let by_file = || {
            (set.translations.iter())
                .find_map(|(l, page)| self.latest_files.get(&(l.clone(), page.file_name_key())))
        };
        let index = self.latest_pages.get(&set.key).or_else(by_file)?;
        latest.pages.get(*index)?.translations.get(lang)
    }

    /// Where page `index` of `edition` starts its paragraphs, footnotes and figures in
    /// `lang`.
    pub(super) fn offsets(&self, edition: &Edition, lang: &str, index: usize) -> Offsets {
        self.numbering
            .get(&edition.year)
            .and_then(|langs| langs.get(lang))
            .and_then(|starts| starts.get(index))
            .copied()
            .unwrap_or((1, 1, 1))
    }

    /// The output path a relative link from `source` points to, with its fragment as
    /// written; `None` for links that stay as they are written (other sites, the same
    /// page, root-relative paths).
    pub(super) fn resolve(&self, source: &Path, url: &str) -> Option<String> {
        let link = links::content_link(source, url);
        let ContentLink::File {
            target, fragment, ..
        } = &link
        else {
            return None;
        };
        let out = match link.page() {
            Some(page) => self.by_source.get(page)?.clone(),
            None => {
                let rel = target.strip_prefix(&self.content_dir).ok()?;
                routes::content_file_url(rel)
            }
        };
        Some(match fragment {
            Some(fragment) => format!("{out}#{}", fragment.as_written()),
            None => out,
        })
    }
}

/// Where each page of an edition starts its paragraphs, footnotes and figures, in each
/// language: running totals through the edition.
pub(super) fn edition_numbering(
    edition: &Edition,
    languages: &[String],
) -> HashMap<String, Vec<Offsets>> {
    languages
        .iter()
        .map(|lang| {
            let mut next = (1, 1, 1);
            let starts = edition.pages.iter().map(|set| {
                let start = next;
                if let Some(page) = set.translations.get(lang) {
                    next.0 += page.outline.paragraphs;
                    next.1 += page.outline.footnotes.len();
                    next.2 += page.figures();
                }
                start
            });
            (lang.clone(), starts.collect())
        })
        .collect()
}
