//! Which data a block selects: the rules that validation and rendering share, so that a
//! block validation accepts draws exactly what it checked.

use crate::core::model::{ChartKind, Edition, Indicator, IndicatorsBlock, Project, Status};

/// The indicators a block asks for, in file order.
pub(crate) fn selected<'e>(edition: &'e Edition, block: &IndicatorsBlock) -> Vec<&'e Indicator> {
    let outputs_of_outcome = |outcome: &str| -> Vec<&str> {
        edition
            .meta
            .outputs
            .iter()
            .filter(|o| o.outcome.as_ref().is_some_and(|oc| oc.get_ref() == outcome))
            .map(|o| o.id.get_ref().as_str())
            .collect()
    };
    edition
        .indicators
        .indicators
        .iter()
        .filter(|i| {
            let output = i.output.get_ref().as_str();
            let by_outcome = block
                .outcome
                .as_ref()
                .is_some_and(|o| outputs_of_outcome(o.get_ref()).contains(&output));
            let by_output = block.output.as_ref().is_some_and(|o| o.get_ref() == output);
            let by_id = block
                .ids
                .as_ref()
                .is_some_and(|ids| ids.iter().any(|id| id.get_ref() == i.id.get_ref()));
            by_outcome || by_output || by_id
        })
        .collect()
}

/// A project counts as completed in an edition when its status says so and its year, if
/// given, is the edition's.
pub(crate) fn completed_in(project: &Project, year: u16) -> bool {
    *project.status.get_ref() == Status::Completed && project.year.is_none_or(|y| y == year)
}

/// How many of the register's projects a figure counts: those completed in the
/// edition's year under one of its bars (an output of `edition.toml`, a category of
/// `projects.toml`), before the remainder of a stated total. Validation refuses a figure
/// that would count none and show nothing else.
pub(crate) fn projects_in_scope(edition: &Edition, kind: ChartKind) -> usize {
    let register = &edition.projects;
    let has_bar = |p: &Project| match kind {
        ChartKind::CompletedByOutput => edition.output(p.output.get_ref()).is_some(),
        ChartKind::CompletedByCategory => register
            .categories
            .iter()
            .any(|c| c.id.get_ref() == p.category.get_ref()),
    };
    register
        .projects
        .iter()
        .filter(|p| completed_in(p, edition.year) && has_bar(p))
        .count()
}
