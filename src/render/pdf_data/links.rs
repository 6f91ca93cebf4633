//! Where a link written in the content leads in an edition's PDF: to a place in the
//! document when the page it names is one of the PDF's sections, else to the web (a URL
//! under the site's base URL, when the site has one), else nowhere (its text stays).
//!
//! Read with the one reader of content links, `core::links::content_link`; the site's
//! addresses come from the link map, as on the web.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use super::model::{Block, Run, Section};
use super::walk::LinkTo;
use crate::core::links::{ContentLink, content_link, normalize, unsafe_scheme};
use crate::render::link_map::LinkMap;
use crate::render::markdown::is_heading_anchor;

/// The links of one edition's PDF in one language.
pub(super) struct PdfLinks<'a> {
    /// The site's addresses.
    pub(super) map: &'a LinkMap,
    /// Each page of the PDF, by its Markdown source, to its section id (its slug).
    pub(super) sections: HashMap<PathBuf, String>,
    /// The site's base URL with one trailing slash, when it has one.
    pub(super) base_url: Option<String>,
}

impl PdfLinks<'_> {
    /// Where `url`, written in the file `source` and shown in the section `slug`, leads.
    pub(super) fn resolve(&self, source: &Path, slug: &str, url: &str) -> LinkTo {
        let link = content_link(source, url);
        match &link {
            ContentLink::Outside if unsafe_scheme(url).is_some() => LinkTo::Text,
            ContentLink::Outside => LinkTo::Url(url.to_string()),
            ContentLink::RootRelative => self.on_the_web(url.trim_start_matches('/')),
            ContentLink::Here { fragment: None } => LinkTo::Target(slug.to_string()),
            ContentLink::Here {
                fragment: Some(fragment),
            } => LinkTo::Target(place(slug, &fragment.decoded())),
            ContentLink::File { fragment, .. } => {
                let section = link
                    .page()
                    .and_then(|page| self.sections.get(&normalize(page)));
                match (section, fragment) {
                    (Some(section), None) => LinkTo::Target(section.clone()),
                    (Some(section), Some(fragment)) => {
                        LinkTo::Target(place(section, &fragment.decoded()))
                    }
                    (None, _) => match self.map.resolve(source, url) {
                        Some(path) => self.on_the_web(&path),
                        None => LinkTo::Text,
                    },
                }
            }
        }
    }

    fn on_the_web(&self, path: &str) -> LinkTo {
        match &self.base_url {
            Some(base) => LinkTo::Url(format!("{base}{path}")),
            None => LinkTo::Text,
        }
    }
}

/// The id of a place on a page in the PDF: a heading's id is only unique on its page, and
/// takes the page's slug before it, as on the printable page; paragraph, note and figure
/// ids are unique in the edition and stay.
fn place(section: &str, fragment: &str) -> String {
    if is_heading_anchor(fragment) {
        format!("{section}-{fragment}")
    } else {
        fragment.to_string()
    }
}

/// Every id a link may target in the sections: sections, headings, numbered paragraphs,
/// notes, tables and figures.
pub(super) fn targets(sections: &[Section]) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for section in sections {
        ids.insert(section.id.clone());
        block_ids(&section.blocks, &mut ids);
    }
    ids
}

fn block_ids(blocks: &[Block], ids: &mut BTreeSet<String>) {
    for block in blocks {
        match block {
            Block::Heading { id, runs, .. } => {
                ids.insert(id.clone());
                run_ids(runs, ids);
            }
            Block::Paragraph { id, runs, .. } => {
                ids.extend(id.clone());
                run_ids(runs, ids);
            }
            Block::List { items, .. } => items.iter().for_each(|b| block_ids(b, ids)),
            Block::Quote { blocks, .. } => block_ids(blocks, ids),
            Block::Table(table) => {
                ids.insert(table.id.clone());
                let cells = table.groups.iter().flat_map(|g| g.rows.iter().flatten());
                cells.for_each(|c| run_ids(c, ids));
            }
            Block::GfmTable { header, rows, .. } => {
                header
                    .iter()
                    .chain(rows.iter().flatten())
                    .for_each(|c| run_ids(c, ids));
            }
            Block::Figure(figure) => {
                ids.insert(figure.id.clone());
            }
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn run_ids(runs: &[Run], ids: &mut BTreeSet<String>) {
    for run in runs {
        match run {
            Run::Note { id, blocks, .. } => {
                ids.insert(id.clone());
                block_ids(blocks, ids);
            }
            Run::Emph { runs }
            | Run::Strong { runs }
            | Run::Strike { runs }
            | Run::Link { runs, .. }
            | Run::Lang { runs, .. } => run_ids(runs, ids),
            Run::Text { .. } | Run::Code { .. } | Run::NoteRef { .. } | Run::Break => {}
        }
    }
}

/// Makes every link to a place the document does not have (an indicator's row, a note
/// that was never defined, a mistyped anchor) its text alone: a link to a missing label
/// would stop the template.
pub(super) fn unlink_missing(blocks: &mut [Block], ids: &BTreeSet<String>) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => unlink_runs(runs, ids),
            Block::List { items, .. } => items.iter_mut().for_each(|b| unlink_missing(b, ids)),
            Block::Quote { blocks, .. } => unlink_missing(blocks, ids),
            Block::Table(table) => {
                let cells = table
                    .groups
                    .iter_mut()
                    .flat_map(|g| g.rows.iter_mut().flatten());
                cells.for_each(|c| unlink_runs(c, ids));
            }
            Block::GfmTable { header, rows, .. } => {
                let cells = header.iter_mut().chain(rows.iter_mut().flatten());
                cells.for_each(|c| unlink_runs(c, ids));
            }
            Block::Figure(figure) => {
                if let Some(note) = &mut figure.note {
                    unlink_runs(note, ids);
                }
            }
            Block::Code { .. } | Block::Rule => {}
        }
    }
}

fn unlink_runs(runs: &mut Vec<Run>, ids: &BTreeSet<String>) {
    let mut out = Vec::with_capacity(runs.len());
    for mut run in runs.drain(..) {
        match &mut run {
            Run::Link {
                target: Some(target),
                runs: inner,
                ..
            } if !ids.contains(target.as_str()) => {
                unlink_runs(inner, ids);
                out.append(inner);
                continue;
            }
            Run::Note { blocks, .. } => unlink_missing(blocks, ids),
            Run::Emph { runs }
            | Run::Strong { runs }
            | Run::Strike { runs }
            | Run::Link { runs, .. }
            | Run::Lang { runs, .. } => unlink_runs(runs, ids),
            Run::Text { .. } | Run::Code { .. } | Run::Break => {}
            Run::NoteRef { target, number } => {
                if !ids.contains(target.as_str()) {
                    out.push(Run::Text {
                        text: number.to_string(),
                    });
                    continue;
                }
            }
        }
        out.push(run);
    }
    *runs = super::model::merge_texts(out);
}
