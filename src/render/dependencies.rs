//! What each rendered page read: recorded as pages are rendered, so that a rebuild after
//! a change renders again exactly the pages that read what changed, and no rule about
//! which page depends on which input lives anywhere but here, beside the rendering.
//!
//! The configuration, the theme and the list of editions are read by every page: a change
//! to them rebuilds everything, so they are not recorded.

use rustc_hash::{FxHashMap, FxHashSet};
use std::path::Path;

use crate::core::links::{self, normalize};
use crate::core::model::{Edition, Page, Site};
use crate::load::CONTENT_DIR;
use crate::render::PageKey;

/// One thing a page may read from the model.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Input {
    /// A page's Markdown file (front matter and body) in one language.
    Source {
        /// The edition's year.
        year: u16,
        /// The page set's pairing key (`PageSet::key`).
        name: String,
        /// The language code.
        lang: String,
    },
    /// An edition's own data (`edition.toml`, indicators, projects) and files.
    Edition(u16),
    /// The titles of an edition's pages in one language, as listed and linked to.
    Titles {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// Where each page of an edition starts its paragraph, footnote and figure numbers in
    /// one language: the counts of the pages before it.
    Numbering {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// The blocks of an edition's pages in one language: which page shows an indicator.
    Blocks {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// The address (output path) of a page, in every language: it is linked to by file.
    Address {
        /// The edition's year.
        year: u16,
        /// The page set's pairing key (`PageSet::key`).
        name: String,
    },
    /// Any page's address: read through links written in data files.
    AnyAddress,
    /// Which indicators of an edition have a trend page.
    TrendPages(u16),
}

impl Input {
    /// The edition this input belongs to, if one.
    pub(crate) fn year(&self) -> Option<u16> {
        match self {
            Input::Source { year, .. }
            | Input::Titles { year, .. }
            | Input::Numbering { year, .. }
            | Input::Blocks { year, .. }
            | Input::Address { year, .. } => Some(*year),
            Input::Edition(year) | Input::TrendPages(year) => Some(*year),
            Input::AnyAddress => None,
        }
    }
}

/// For each page rendered: what it read and which files it produced.
#[derive(Debug, Default, Clone)]
pub(crate) struct Dependencies {
    /// Input → the pages that read it.
    readers: FxHashMap<Input, FxHashSet<PageKey>>,
    /// Page → what it read and the files it produced.
    pages: FxHashMap<PageKey, (Vec<Input>, Vec<String>)>,
}

impl Dependencies {
    /// Notes a rendered page.
    pub(crate) fn note(&mut self, key: PageKey, reads: Vec<Input>, files: Vec<String>) {
        for input in &reads {
            self.readers
                .entry(input.clone())
                .or_default()
                .insert(key.clone());
        }
        self.pages.insert(key, (reads, files));
    }

    /// Whether the page was rendered.
    pub(crate) fn has(&self, key: &PageKey) -> bool {
        self.pages.contains_key(key)
    }

    /// Every page rendered.
    pub(crate) fn pages(&self) -> impl Iterator<Item = &PageKey> {
        self.pages.keys()
    }

    /// The files a page produced.
    pub(crate) fn files(&self, key: &PageKey) -> &[String] {
        self.pages.get(key).map_or(&[], |(_, files)| files)
    }

    /// Every file the pages produced.
    pub(crate) fn all_files(&self) -> FxHashSet<&str> {
        let files = self.pages.values().flat_map(|(_, files)| files);
        files.map(String::as_str).collect()
    }

    /// The pages that read any of `inputs`.
    pub(crate) fn readers_of<'i>(
        &self,
        inputs: impl IntoIterator<Item = &'i Input>,
    ) -> FxHashSet<PageKey> {
        (inputs.into_iter())
            .filter_map(|input| self.readers.get(input))
            .flat_map(|keys| keys.iter().cloned())
            .collect()
    }

    /// The pages that read any input that `changed` selects.
    pub(crate) fn readers(&self, changed: impl Fn(&Input) -> bool) -> FxHashSet<PageKey> {
        (self.readers.iter())
            .filter(|(input, _)| changed(input))
            .flat_map(|(_, keys)| keys.iter().cloned())
            .collect()
    }

    /// Forgets a page (rendered again, or gone).
    pub(crate) fn forget(&mut self, key: &PageKey) {
        let Some((reads, _)) = self.pages.remove(key) else {
            return;
        };
        for input in reads {
            if let Some(keys) = self.readers.get_mut(&input) {
                keys.remove(key);
                if keys.is_empty() {
                    self.readers.remove(&input);
                }
            }
        }
    }

    /// Takes in what `other` recorded, in place of what this had for the same pages.
    pub(crate) fn merge(&mut self, other: Dependencies) {
        for (key, (reads, files)) in other.pages {
            self.forget(&key);
            self.note(key, reads, files);
        }
    }
}

/// What the page `key` reads to render.
pub(crate) fn reads(site: &Site, key: &PageKey) -> Vec<Input> {
    let position = |year: u16| site.editions.iter().position(|e| e.year == year);
    let titles = |year: u16, lang: &str| Input::Titles {
        year,
        lang: lang.to_string(),
    };
    match key {
        PageKey::NotFound => Vec::new(),
        // The editions it searches, by title.
        PageKey::Search { lang } => (site.editions.iter())
            .flat_map(|e| [Input::Edition(e.year), titles(e.year, lang)])
            .collect(),
        PageKey::SiteIndex => (site.editions.iter())
            .map(|e| Input::Edition(e.year))
            .collect(),
        // Its key facts draw the pages' figures and link to the tables of indicators.
        PageKey::EditionHome { year, lang } => vec![
            Input::Edition(*year),
            titles(*year, lang),
            Input::Blocks {
                year: *year,
                lang: lang.clone(),
            },
            Input::Numbering {
                year: *year,
                lang: lang.clone(),
            },
        ],
        PageKey::Narrative { year, name, lang } => {
            let Some(edition) = position(*year).map(|e| &site.editions[e]) else {
                return Vec::new();
            };
            let mut reads = edition_page(edition, lang);
            let set = edition.pages.iter().find(|set| set.key == *name);
            if let Some(page) = set.and_then(|set| set.translations.get(lang)) {
                reads.extend(body(site, edition, name, lang, page));
            }
            if site.latest().is_some_and(|l| l.year != *year) {
                // The link to the same page in the latest edition, found by its key or
                // by the file name of one of its translations.
                let latest = site.latest().map_or(*year, |l| l.year);
                let files = set.into_iter().flat_map(|set| set.translations.values());
                let names = std::iter::once(name.clone()).chain(files.map(Page::file_name_key));
                reads.extend(names.map(|name| Input::Address { year: latest, name }));
            }
            reads
        }
        // Made of the edition's pages in the language, as the printable page is.
        PageKey::Print { year, lang } | PageKey::SearchIndex { year, lang } => {
            let Some(edition) = position(*year).map(|e| &site.editions[e]) else {
                return Vec::new();
            };
            let mut reads = edition_page(edition, lang);
            for set in &edition.pages {
                if let Some(page) = set.translations.get(lang) {
                    reads.extend(body(site, edition, &set.key, lang, page));
                }
            }
            reads
        }
        PageKey::Trend { year, lang, .. } => {
            let Some(e) = position(*year) else {
                return Vec::new();
            };
            let mut reads = edition_page(&site.editions[e], lang);
            // The values of every edition so far, and where each shows the indicator.
            for edition in &site.editions[..=e] {
                reads.push(Input::Edition(edition.year));
                reads.push(Input::Blocks {
                    year: edition.year,
                    lang: lang.clone(),
                });
            }
            // The link to the same indicator's page in the latest edition.
            if let Some(latest) = site.latest() {
                reads.push(Input::TrendPages(latest.year));
            }
            reads
        }
    }
}

/// What every page of an edition reads: the edition, and its pages' titles and addresses.
fn edition_page(edition: &Edition, lang: &str) -> Vec<Input> {
    vec![
        Input::Edition(edition.year),
        Input::Titles {
            year: edition.year,
            lang: lang.to_string(),
        },
    ]
}

/// What a narrative page's body reads: its source, its numbering, the pages it links to
/// by file, and for indicator tables the edition's trend pages.
fn body(site: &Site, edition: &Edition, name: &str, lang: &str, page: &Page) -> Vec<Input> {
    let mut reads = vec![
        Input::Source {
            year: edition.year,
            name: name.to_string(),
            lang: lang.to_string(),
        },
        Input::Numbering {
            year: edition.year,
            lang: lang.to_string(),
        },
    ];
    let content = normalize(&site.root.join(CONTENT_DIR));
    for (url, _) in &page.outline.links {
        if let Some((year, name)) = linked_page(site, &content, &page.path, url) {
            reads.push(Input::Address { year, name });
        }
    }
    // Alternates: the page's translations.
    reads.push(Input::Address {
        year: edition.year,
        name: name.to_string(),
    });
    if page.outline.blocks.iter().any(|b| b.kind == "indicators") {
        reads.push(Input::TrendPages(edition.year));
        if edition.sources.values().any(|text| text.contains(".md")) {
            // Indicator cells may link to any page.
            reads.push(Input::AnyAddress);
        }
    }
    reads
}

/// The (year, pairing key) of the page a link written in `source` names by its Markdown
/// file. A file that is no page (yet) goes by its file name: when it comes, its edition is
/// read again and the file name's address changes with its key's.
fn linked_page(site: &Site, content: &Path, source: &Path, url: &str) -> Option<(u16, String)> {
    let link = links::content_link(source, url);
    let relative = link.page()?.strip_prefix(content).ok()?;
    let mut parts = relative.iter().map(|p| p.to_str());
    let year = parts.next()??.parse().ok()?;
    let lang = parts.next()??;
    let file = parts.next()??;
    if parts.next().is_some() {
        return None;
    }
    let key = (site.editions.iter().find(|e| e.year == year))
        .and_then(|edition| {
            edition.pages.iter().find(|set| {
                (set.translations.get(lang))
                    .is_some_and(|p| p.path.file_name().and_then(|f| f.to_str()) == Some(file))
            })
        })
        .map(|set| set.key.clone());
    Some((
        year,
        key.or_else(|| Some(file.strip_suffix(".md")?.to_string()))?,
    ))
}
