//! Turns the validated site model into the output map: every page rendered through the
//! theme's Tera templates, with static assets and edition files beside them.
//!
//! Pure: reads only the model and the compiled templates, writes nothing to disk.
//!
//! This file is the stage's entry points (the whole site, pages streamed, pages selected
//! for a rebuild, the copied files). The pages themselves: `jobs` runs every page in
//! parallel; `link_map` resolves links and numbering; `context` is what templates see;
//! `index_pages`, `narrative` (its `body`), `print` and `trend_page` build each kind.

pub(crate) mod assets;
pub mod charts;
pub(crate) mod dates;
pub(crate) mod dependencies;
pub mod i18n;
pub(crate) mod markdown;
pub mod numbers;
pub mod opendata;
pub mod pdf;
pub mod pdf_data;
pub mod project;
pub(crate) mod sanitize;
pub mod search;
pub(crate) mod tables;
pub mod theme;
pub(crate) mod trends;
pub(crate) mod typography;

mod body;
mod context;
mod index_pages;
mod jobs;
mod link_map;
mod narrative;
mod print;
mod trend_page;

use std::collections::BTreeSet;

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::model::Site;
use crate::core::output::Output;
use crate::core::routes::{self, CopiedFile};
use crate::render::theme::Theme;
use dependencies::Dependencies;
pub(crate) use jobs::Record;
use jobs::{render_pages, render_pages_where};

/// What a build produced, for the summary line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counts {
    /// Editions built.
    pub editions: usize,
    /// Languages.
    pub languages: usize,
    /// HTML pages written.
    pub pages: usize,
    /// Charts drawn.
    pub charts: usize,
}

/// Renders the whole site.
pub fn site(site: &Site, theme: &Theme) -> Result<(Output, Counts), Error> {
    let (pages, counts, _) = render_pages(site, theme, &Ok, Record::Nothing)?;
    let mut output = Output::new();
    for (path, bytes) in pages.into_iter().flatten() {
        output.insert(path, bytes);
    }
    theme.copy_static(&mut output);
    let copied = edition_files(site)?;
    refuse_collisions(site, &copied, output.iter().map(|(p, _)| p))?;
    copy_files(&copied, &mut output)?;
    Ok((output, counts))
}

/// Renders every page and hands each file to `sink` as soon as its page is rendered, from
/// several threads at once, so that a large site is never held in memory whole. The
/// files that are not rendered (static assets, edition files) are in [`assets`]. Returns
/// what was rendered, and what each page read when `record` asks for it.
pub(crate) fn pages_streamed(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Error> + Sync),
    record: Record,
) -> Result<(Counts, Dependencies), Error> {
    let each = |files: Vec<(String, Vec<u8>)>| {
        files
            .into_iter()
            .try_for_each(|(path, bytes)| sink(path, bytes))
    };
    render_pages(site, theme, &each, record).map(|(_, counts, record)| (counts, record))
}

/// The files of the site that are copied rather than rendered: the theme's static assets
/// and each edition's own files (listed in [`edition_files`]). Whoever renders the pages
/// must then [`refuse_collisions`] between the two.
pub(crate) fn assets(site: &Site, theme: &Theme) -> Result<(Output, Vec<CopiedFile>), Error> {
    let mut output = Output::new();
    theme.copy_static(&mut output);
    let copied = edition_files(site)?;
    copy_files(&copied, &mut output)?;
    Ok((output, copied))
}

/// A page of the site, named by what it shows: what a partial rebuild asks for.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum PageKey {
    /// The landing page, `index.html`.
    SiteIndex,
    /// `404.html`.
    NotFound,
    /// An edition's home in one language.
    EditionHome {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// A narrative page, with its charts.
    Narrative {
        /// The edition's year.
        year: u16,
        /// The page set's pairing key (`PageSet::key`), shared by its translations.
        name: String,
        /// The language code.
        lang: String,
    },
    /// An edition's printable page in one language.
    Print {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// An edition's search index in one language (not a page, but made of its pages like
    /// the printable page, and rebuilt when they change).
    SearchIndex {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: String,
    },
    /// The search page of a language.
    Search {
        /// The language code.
        lang: String,
    },
    /// An indicator's values over the years, in one edition and language.
    Trend {
        /// The edition's year.
        year: u16,
        /// The indicator's id.
        id: String,
        /// The language code.
        lang: String,
    },
}

/// Renders only the pages `wanted` selects, with the charts of the narrative pages among
/// them: what a rebuild after a small change needs. Static assets, edition files and open
/// data are not included (see [`assets`] and [`crate::render::opendata::add`]).
pub(crate) fn selected(
    site: &Site,
    theme: &Theme,
    wanted: &(dyn Fn(&PageKey) -> bool + Sync),
) -> Result<(Output, Counts, Dependencies), Error> {
    let (pages, counts, record) =
        render_pages_where(site, theme, wanted, &Ok, Record::Dependencies)?;
    let mut output = Output::new();
    for (path, bytes) in pages.into_iter().flatten() {
        output.insert(path, bytes);
    }
    Ok((output, counts, record))
}

/// The files of every edition folder that are published as they are.
pub(crate) fn edition_files(site: &Site) -> Result<Vec<CopiedFile>, Error> {
    let mut files = Vec::new();
    let mut problems = Diagnostics::new();
    for edition in &site.editions {
        for rel in &edition.assets {
            let source = edition.dir.join(rel);
            match routes::edition_file(edition.year, rel) {
                Ok(path) => files.push(CopiedFile { path, source }),
                Err(reason) => problems.push(Diagnostic::error(
                    &source,
                    format!("this name cannot be published: {reason}"),
                )),
            }
        }
    }
    if problems.has_errors() {
        return Err(Error::Content(problems));
    }
    Ok(files)
}

/// Fails when a copied file would land on a file that rapport generates: one of
/// `rendered` (pages and charts) or the open data.
pub(crate) fn refuse_collisions<'a>(
    site: &Site,
    copied: &[CopiedFile],
    rendered: impl IntoIterator<Item = &'a str>,
) -> Result<(), Error> {
    let mut generated: BTreeSet<String> = rendered.into_iter().map(str::to_string).collect();
    generated.extend(crate::render::opendata::paths(site));
    let problems = routes::collisions(copied, &generated);
    if problems.has_errors() {
        return Err(Error::Content(problems));
    }
    Ok(())
}

/// Reads the copied files into the output.
pub(crate) fn copy_files(copied: &[CopiedFile], output: &mut Output) -> Result<(), Error> {
    for file in copied {
        let bytes = std::fs::read(&file.source).map_err(|e| Error::io(&file.source, e))?;
        output.insert(file.path.clone(), bytes);
    }
    Ok(())
}
