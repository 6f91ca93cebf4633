//! Passes over a finished tree of blocks: the notes' content put in at their first
//! reference, the ids a link may target, and links to places the document lacks made
//! text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::model::{Block, Run, Section, merge_texts};

/// Puts each note's content into its first reference.
pub(super) fn fill_notes(blocks: &mut [Block], contents: &mut HashMap<usize, Vec<Block>>) {
    for block in blocks {
        match block {
            Block::Heading { runs, .. } | Block::Paragraph { runs, .. } => {
                fill_runs(runs, contents)
            }
            Block::List { items, .. } => items.iter_mut().for_each(|b| fill_notes(b, contents)),
            Block::Quote { blocks, .. } => fill_notes(blocks, contents),
            Block::GfmTable { header, rows, .. } => {
                header.iter_mut().for_each(|c| fill_runs(c, contents));
                rows.iter_mut()
                    .flatten()
                    .for_each(|c| fill_runs(c, contents));
            }
            Block::Code { .. } | Block::Table(_) | Block::Figure(_) | Block::Rule => {}
        }
    }
}

fn fill_runs(runs: &mut [Run], contents: &mut HashMap<usize, Vec<Block>>) {
    for run in runs {
        match run {
            Run::Note { number, blocks, .. } => {
                *blocks = contents.remove(number).unwrap_or_default();
                fill_notes(blocks, contents);
            }
            Run::Emph { runs }
            | Run::Strong { runs }
            | Run::Strike { runs }
            | Run::Link { runs, .. }
            | Run::Lang { runs, .. } => fill_runs(runs, contents),
            Run::Text { .. } | Run::Code { .. } | Run::NoteRef { .. } | Run::Break => {}
        }
    }
}

/// Every id a link may target in the sections: sections, headings, numbered paragraphs,
/// notes, tables and figures. An id given twice (a page slug `p1`, say) is left out: a
/// link to it would be ambiguous, and Typst refuses a label that occurs more than once.
pub(super) fn targets(sections: &[Section]) -> BTreeSet<String> {
    let mut ids = Ids::default();
    for section in sections {
        ids.insert(section.id.clone());
        block_ids(&section.blocks, &mut ids);
    }
    (ids.0.into_iter())
        .filter(|(_, count)| *count == 1)
        .map(|(id, _)| id)
        .collect()
}

/// Ids with how often each occurs.
#[derive(Default)]
struct Ids(BTreeMap<String, usize>);

impl Ids {
    fn insert(&mut self, id: String) {
        *self.0.entry(id).or_default() += 1;
    }
}

impl Extend<String> for Ids {
    fn extend<T: IntoIterator<Item = String>>(&mut self, ids: T) {
        ids.into_iter().for_each(|id| self.insert(id));
    }
}

fn block_ids(blocks: &[Block], ids: &mut Ids) {
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

fn run_ids(runs: &[Run], ids: &mut Ids) {
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
    *runs = merge_texts(out);
}
