//! Checks the data blocks of a page (` ```{indicators} `, ` ```{figure} `) against the
//! edition's data files: what could not be read when the page was loaded, unknown ids,
//! and blocks that select or draw nothing. Problems are located in the page file.

use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics, MAX_PER_FILE, Severity};
use crate::core::model::{
    BlockContent, BlockProblem, Edition, EmptyGroups, FigureBlock, IndicatorsBlock, PageBlock, Site,
};

use super::{known, unknown_id};

pub(super) fn check(
    site: &Site,
    edition: &Edition,
    page: &crate::core::model::Page,
    all: &mut Diagnostics,
) {
    let mut found = Diagnostics::new();
    for (index, block) in page.blocks.iter().enumerate() {
        if found.iter().count() >= MAX_PER_FILE {
            let left = page.blocks.len() - index;
            found.push(
                Diagnostic::error(
                    &page.path,
                    format!("… and {left} more block(s) in this file, not checked"),
                )
                .with_hint("fix the ones above and check again"),
            );
            break;
        }
        let place = BlockPlace {
            site,
            edition,
            page,
            block,
        };
        match &block.content {
            BlockContent::Indicators(read) => indicators_block(&place, read.as_ref(), &mut found),
            BlockContent::Figure(read) => figure_block(&place, read.as_ref(), &mut found),
            BlockContent::Unknown => found.push(
                place
                    .error_at_fence(format!(
                        "unknown block `{{{}}}`: expected {{indicators}} or {{figure}}",
                        block.written.kind
                    ))
                    .with_hint("rapport blocks are ```{indicators} and ```{figure}; a code block to show as it is has no braces (```toml)"),
            ),
        }
    }
    all.extend(found);
}

/// A data block and where it stands.
struct BlockPlace<'a> {
    site: &'a Site,
    edition: &'a Edition,
    page: &'a crate::core::model::Page,
    block: &'a PageBlock,
}

impl BlockPlace<'_> {
    /// The block's TOML body, as a byte offset into the page file.
    fn body_offset(&self) -> usize {
        self.page.body_offset + self.block.written.body_offset
    }

    /// The problems met reading the block's body when the page was loaded: at the line
    /// of the key each is about, else at the block's fence; each with a hint about it.
    fn read_problems(&self) -> Vec<Diagnostic> {
        let kind = self.block.written.kind.as_str();
        (self.block.problems.iter())
            .map(|p| {
                let hint = problem_hint(kind, p);
                match (p.at, &p.key) {
                    (Some(at), Some(_)) => Diagnostic::error(&self.page.path, p.message.as_str())
                        .at_offset(&self.page.source, self.body_offset() + at),
                    (Some(at), None) => self.error_at_fence(format!(
                        "{} (line {} of the {{{kind}}} block)",
                        p.message,
                        self.body_line(at)
                    )),
                    (None, _) => self.error_at_fence(p.message.clone()),
                }
                .with_hint(hint)
            })
            .collect()
    }

    /// The line of the block's body that holds byte `at`, counted from 1.
    fn body_line(&self, at: usize) -> usize {
        let body = &self.block.written.body;
        body.get(..at)
            .map_or(1, |before| before.matches('\n').count() + 1)
    }

    /// Where the block's opening fence (```` ```{indicators} ````) starts in the page
    /// file: a problem with the block as a whole is shown there.
    fn fence_offset(&self) -> usize {
        self.page.body_offset + self.block.written.fence_offset
    }

    /// A data file of the edition, as the author knows it (relative to the project).
    fn data_file(&self, name: &str) -> String {
        let path = self.edition.dir.join(name);
        path.strip_prefix(&self.site.root)
            .unwrap_or(&path)
            .display()
            .to_string()
    }

    fn error_at_fence(&self, message: String) -> Diagnostic {
        Diagnostic::error(&self.page.path, message)
            .at_offset(&self.page.source, self.fence_offset())
    }
}

/// Checks an indicators block: `read` is what could be read of its body.
fn indicators_block(
    place: &BlockPlace<'_>,
    read: Option<&IndicatorsBlock>,
    problems: &mut Diagnostics,
) {
    let (edition, page) = (place.edition, place.page);
    let offset = place.body_offset();
    let found = place.read_problems();
    let before = problems.iter().count() + found.len();
    problems.extend(found.into_iter().collect());
    let Some(b) = read else { return };
    let ids = |list: &[&Spanned<String>]| -> Vec<String> {
        list.iter().map(|s| s.get_ref().clone()).collect()
    };
    let output_ids = ids(&edition
        .meta
        .outputs
        .iter()
        .map(|o| &o.id)
        .collect::<Vec<_>>());
    let outcome_ids = ids(&edition
        .meta
        .outcomes
        .iter()
        .map(|o| &o.id)
        .collect::<Vec<_>>());
    let indicator_ids = ids(&edition
        .indicators
        .indicators
        .iter()
        .map(|i| &i.id)
        .collect::<Vec<_>>());
    let mut check = |s: &Spanned<String>, what: &str, valid: &[String]| {
        if !valid.contains(s.get_ref()) {
            let valid: Vec<&str> = valid.iter().map(String::as_str).collect();
            let mut d = unknown_id(&page.path, &page.source, s, what, &valid);
            let base =
                Diagnostic::error(&page.path, "").at_offset(&page.source, offset + s.span().start);
            d.line = base.line;
            d.column = base.column;
            problems.push(d);
        }
    };
    let edition_known = known(edition, "edition.toml");
    if let Some(o) = b.outcome.as_ref().filter(|_| edition_known) {
        check(o, "outcome", &outcome_ids)
    }
    if let Some(o) = b.output.as_ref().filter(|_| edition_known) {
        check(o, "output", &output_ids)
    }
    let indicators_known = known(edition, "indicators.toml");
    if indicators_known {
        for id in b.ids.iter().flatten() {
            check(id, "indicator", &indicator_ids)
        }
    }
    if b.outcome.is_none() && b.output.is_none() && b.ids.is_none() {
        problems.push(
            place
                .error_at_fence(
                    "an indicators block must say which indicators: expected `outcome`, `output` or `ids`".to_string(),
                )
                .with_hint("add `outcome = \"1\"`, `output = \"1.1\"` or `ids = [\"1.1.a\"]` to the block"),
        );
        return;
    }
    // A block already reported, a data file that could not be read, or an indicator of an
    // unknown output (reported in the data file; it may be meant for this block) says
    // nothing more.
    let misfiled = edition
        .indicators
        .indicators
        .iter()
        .any(|i| edition.output(i.output.get_ref()).is_none());
    if problems.iter().count() > before || !indicators_known || !edition_known || misfiled {
        return;
    }
    if crate::core::select::selected(edition, b).is_empty() {
        let file = place.data_file("indicators.toml");
        problems.push(
            place
                .error_at_fence(format!(
                    "the {{indicators}} block selects no indicator: {} matches none in {file}",
                    selection(b)
                ))
                .with_hint(if edition.indicators.indicators.is_empty() {
                    format!("{file} has no indicators; add them, or remove the block")
                } else {
                    "add its indicators to the data file, or remove the block".to_string()
                }),
        );
    }
}

/// What an indicators block asks for, as the author wrote it.
fn selection(block: &IndicatorsBlock) -> String {
    let mut parts = Vec::new();
    if let Some(o) = &block.outcome {
        parts.push(format!("outcome = \"{}\"", o.get_ref()));
    }
    if let Some(o) = &block.output {
        parts.push(format!("output = \"{}\"", o.get_ref()));
    }
    if let Some(ids) = &block.ids {
        let list: Vec<String> = ids.iter().map(|i| format!("\"{}\"", i.get_ref())).collect();
        parts.push(format!("ids = [{}]", list.join(", ")));
    }
    format!("`{}`", parts.join(", "))
}

/// Checks a figure block: `read` is its body, when it could be read.
fn figure_block(place: &BlockPlace<'_>, read: Option<&FigureBlock>, problems: &mut Diagnostics) {
    let edition = place.edition;
    let Some(figure) = read else {
        problems.extend(place.read_problems().into_iter().collect());
        return;
    };
    if !known(edition, "projects.toml") || !known(edition, "edition.toml") {
        return;
    }
    let kind = *figure.chart.get_ref();
    let stated = edition.meta.totals.completed_projects.is_some();
    if stated || crate::core::select::projects_in_scope(edition, kind) > 0 {
        return;
    }
    let chart = match kind {
        crate::core::model::ChartKind::CompletedByOutput => "completed-by-output",
        crate::core::model::ChartKind::CompletedByCategory => "completed-by-category",
    };
    let file = place.data_file("projects.toml");
    let mut d = place
        .error_at_fence(format!(
            "the {{figure}} block draws nothing: `chart = \"{chart}\"` counts no project completed in {} in {file}",
            edition.year
        ))
        .with_hint(
            "record the completed projects in projects.toml, state `totals.completed_projects` in edition.toml, or remove the block",
        );
    // An edition scaffolded by `new-edition` has its figures and no project yet: while
    // it is a draft (no publication date), its charts say "no projects recorded".
    if edition.meta.date.is_none() {
        d.severity = Severity::Warning;
        d.message
            .push_str(" (an error once the edition has a publication `date`)");
    }
    problems.push(d);
}

/// The chart kinds a figure block can draw, as they are written.
const CHART_KINDS: &str = "completed-by-output, completed-by-category";

/// A hint about a problem reading a block's body: what the key it is about takes, what
/// keys the block takes, or how its body is written.
fn problem_hint(kind: &str, problem: &BlockProblem) -> String {
    match (kind, problem.key.as_deref(), problem.at) {
        ("figure", Some("chart"), _) => format!("charts: {CHART_KINDS}"),
        // A figure lacking a key lacks its chart, the one key it needs.
        ("figure", Some("empty"), _) => format!(
            "`empty` takes one of {}: `show` draws a group with no completed project as a bar of 0 (the default), `omit` leaves it out and names it under the chart",
            EmptyGroups::CHOICES.join(", ")
        ),
        ("figure", None, None) => {
            format!("a {{figure}} block names its chart: `chart = \"…\"`, one of {CHART_KINDS}")
        }
        (_, Some(key @ ("caption" | "note")), _) => {
            format!("`{key}` is text in quotes: `{key} = \"…\"`")
        }
        ("indicators", Some(key @ ("outcome" | "output")), _) => {
            format!("`{key}` is an id of edition.toml in quotes: `{key} = \"1\"`")
        }
        ("indicators", Some("ids"), _) => {
            "`ids` is a list of indicator ids: `ids = [\"1.1.a\", \"1.1.b\"]`".to_string()
        }
        (_, Some(key), _) => format!(
            "`{key}` is not a key of a {{{kind}}} block: correct or remove it (the message lists its keys)"
        ),
        (_, None, _) => {
            "the body of a block is TOML: one `key = value` line per key, text in quotes"
                .to_string()
        }
    }
}
