//! Checks an edition's data files: `edition.toml` (year, date, column labels, outcomes
//! and outputs), `indicators.toml` (outputs, texts, values and units) and `projects.toml`
//! (outputs, categories, paragraphs). A data file that could not be read is not checked
//! against.

use std::path::Path;

use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{COLUMNS, Edition};

use super::{duplicates, known, localized, spanned_error, unknown_id};

pub(super) fn check(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    if !known(edition, "edition.toml") {
        // Its error is reported; the data files are still checked, but not against it.
        indicators(edition, languages, None, problems);
        projects(edition, languages, None, problems);
        return;
    }
    let (path, source) = edition.source("edition.toml");
    let meta = &edition.meta;
    if *meta.year.get_ref() != edition.year {
        problems.push(spanned_error(
            &path,
            source,
            &meta.year,
            format!(
                "year {} does not match the folder {}: expected year = {}",
                meta.year.get_ref(),
                edition.year,
                edition.year
            ),
        ));
    }
    localized(&path, source, "title", &meta.title, languages, problems);
    if let Some(d) = &meta.date {
        date(&path, source, d, problems);
    }
    if let Some(symbol) = &meta.symbol {
        document_symbol(&path, source, symbol, problems);
    }
    for (key, text) in &meta.labels {
        let at = label_offset(source, key);
        if !COLUMNS.iter().any(|(column, _)| column == key) {
            let keys: Vec<&str> = COLUMNS.iter().map(|(column, _)| *column).collect();
            problems.push(
                Diagnostic::error(&path, format!("unknown column label `{key}`"))
                    .with_hint(format!("expected one of {}", keys.join(", ")))
                    .at_offset(source, at),
            );
        }
        for lang in languages {
            if !text.contains_key(lang) {
                problems.push(
                    Diagnostic::error(&path, format!("column label `{key}` has no `{lang}` text"))
                        .with_hint(format!("add `{key}.{lang} = \"…\"` under [labels]"))
                        .at_offset(source, at),
                );
            }
        }
    }
    duplicates(
        &path,
        source,
        "outcome",
        meta.outcomes.iter().map(|o| &o.id),
        problems,
    );
    duplicates(
        &path,
        source,
        "output",
        meta.outputs.iter().map(|o| &o.id),
        problems,
    );
    let outcome_ids: Vec<&str> = meta
        .outcomes
        .iter()
        .map(|o| o.id.get_ref().as_str())
        .collect();
    for outcome in &meta.outcomes {
        localized(&path, source, "title", &outcome.title, languages, problems);
    }
    for output in &meta.outputs {
        localized(&path, source, "title", &output.title, languages, problems);
        if let Some(outcome) = &output.outcome
            && !outcome_ids.contains(&outcome.get_ref().as_str())
        {
            problems.push(unknown_id(&path, source, outcome, "outcome", &outcome_ids));
        }
    }
    let output_ids: Vec<&str> = meta
        .outputs
        .iter()
        .map(|o| o.id.get_ref().as_str())
        .collect();
    indicators(edition, languages, Some(&output_ids), problems);
    projects(edition, languages, Some(&output_ids), problems);
}

/// Where `[labels]` first gives `key` (`milestone.fr = …`, `milestone = { … }`, or
/// `labels.milestone.fr = …` at the top level); the file's start when it cannot be found,
/// since labels are read without positions.
fn label_offset(source: &str, key: &str) -> usize {
    let mut in_labels = false;
    let mut offset = 0;
    for line in source.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('[') {
            in_labels = trimmed.trim_end().trim_end_matches(|c: char| c != ']') == "[labels]";
        } else {
            let written = if in_labels {
                trimmed
            } else {
                trimmed.strip_prefix("labels.").unwrap_or("")
            };
            let rest = written.strip_prefix(key).unwrap_or("");
            if !written.is_empty()
                && written.starts_with(key)
                && rest.trim_start().starts_with(['.', '='])
            {
                return offset + (line.len() - trimmed.len());
            }
        }
        offset += line.len();
    }
    0
}

/// `output_ids` are the outputs of `edition.toml`, when it could be read.
fn indicators(
    edition: &Edition,
    languages: &[String],
    output_ids: Option<&[&str]>,
    problems: &mut Diagnostics,
) {
    let (path, source) = edition.source("indicators.toml");
    let list = &edition.indicators.indicators;
    duplicates(
        &path,
        source,
        "indicator",
        list.iter().map(|i| &i.id),
        problems,
    );
    for indicator in list {
        if let Some(output_ids) = output_ids
            && !output_ids.contains(&indicator.output.get_ref().as_str())
        {
            problems.push(unknown_id(
                &path,
                source,
                &indicator.output,
                "output",
                output_ids,
            ));
        }
        localized(
            &path,
            source,
            "description",
            &indicator.description,
            languages,
            problems,
        );
        if let Some(v) = &indicator.verification {
            localized(&path, source, "verification", v, languages, problems);
        }
        let cells = [
            &indicator.baseline,
            &indicator.milestone,
            &indicator.current,
        ];
        for cell in cells.into_iter().flatten() {
            let c = cell.get_ref();
            if let Some(text) = &c.text {
                localized(&path, source, "text", text, languages, problems);
            }
            match (&c.value, &c.unit) {
                (Some(v), None) => problems.push(spanned_error(
                    &path,
                    source,
                    v,
                    "a value without a unit: expected `unit = \"percent\"` or `unit = \"count\"`"
                        .into(),
                )),
                (Some(v), Some(_)) if !v.get_ref().is_finite() || *v.get_ref() < 0.0 => problems
                    .push(spanned_error(
                        &path,
                        source,
                        v,
                        format!("value {} is not a non-negative number", v.get_ref()),
                    )),
                _ => {}
            }
            for part in [&c.count, &c.total].into_iter().flatten() {
                if !part.get_ref().is_finite() || *part.get_ref() < 0.0 {
                    problems.push(spanned_error(
                        &path,
                        source,
                        part,
                        format!("{} is not a non-negative number", part.get_ref()),
                    ));
                }
            }
        }
        milestone_unit(&path, source, indicator, problems);
    }
}

/// The milestone and the current status are compared (in tables and progress charts),
/// so their numbers must be in one unit.
fn milestone_unit(
    path: &Path,
    source: &str,
    indicator: &crate::core::model::Indicator,
    problems: &mut Diagnostics,
) {
    let unit = |cell: &Option<Spanned<crate::core::model::Cell>>| {
        cell.as_ref().and_then(|c| c.get_ref().unit.clone())
    };
    let (Some(milestone), Some(current)) = (unit(&indicator.milestone), unit(&indicator.current))
    else {
        return;
    };
    if milestone.get_ref() != current.get_ref() {
        let name = |u: &crate::core::model::Unit| match u {
            crate::core::model::Unit::Percent => "percent",
            crate::core::model::Unit::Count => "count",
        };
        problems.push(
            spanned_error(
                path,
                source,
                &current,
                format!(
                    "indicator `{}`: the current status is in `{}` but the milestone is in `{}`: they must share a unit to be compared",
                    indicator.id.get_ref(),
                    name(current.get_ref()),
                    name(milestone.get_ref())
                ),
            )
            .with_hint(format!("valid values: percent, count; expected unit = \"{}\" here, or change the milestone's", name(milestone.get_ref()))),
        );
    }
}

fn projects(
    edition: &Edition,
    languages: &[String],
    output_ids: Option<&[&str]>,
    problems: &mut Diagnostics,
) {
    let (path, source) = edition.source("projects.toml");
    let register = &edition.projects;
    duplicates(
        &path,
        source,
        "category",
        register.categories.iter().map(|c| &c.id),
        problems,
    );
    duplicates(
        &path,
        source,
        "project",
        register.projects.iter().map(|p| &p.id),
        problems,
    );
    let category_ids: Vec<&str> = register
        .categories
        .iter()
        .map(|c| c.id.get_ref().as_str())
        .collect();
    for category in &register.categories {
        localized(&path, source, "label", &category.label, languages, problems);
    }
    let paragraphs = edition
        .pages
        .iter()
        .filter_map(|p| p.translations.values().next())
        .map(|p| p.outline.paragraphs)
        .sum::<usize>();
    for project in &register.projects {
        localized(&path, source, "name", &project.name, languages, problems);
        if let Some(output_ids) = output_ids
            && !output_ids.contains(&project.output.get_ref().as_str())
        {
            problems.push(unknown_id(
                &path,
                source,
                &project.output,
                "output",
                output_ids,
            ));
        }
        if !category_ids.contains(&project.category.get_ref().as_str()) {
            problems.push(unknown_id(
                &path,
                source,
                &project.category,
                "category",
                &category_ids,
            ));
        }
        for n in &project.paragraphs {
            if *n == 0 || *n as usize > paragraphs {
                problems.push(spanned_error(&path, source, &project.id, format!("project `{}` refers to paragraph {n}, but the edition has paragraphs 1 to {paragraphs}", project.id.get_ref())));
            }
        }
    }
}

/// Checks a publication date: `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
/// A document symbol is printed on one line of the PDF's title page: some text, without
/// line breaks or other control characters.
fn document_symbol(
    path: &Path,
    source: &str,
    symbol: &Spanned<String>,
    problems: &mut Diagnostics,
) {
    let text = symbol.get_ref();
    let problem = if text.trim().is_empty() {
        Some("the document symbol is empty")
    } else if text.chars().any(char::is_control) {
        Some("the document symbol has a line break or a control character")
    } else {
        None
    };
    if let Some(problem) = problem {
        problems.push(
            spanned_error(path, source, symbol, problem.to_string())
                .with_hint("for example symbol = \"GB.347/PFA/1\", or leave the key out"),
        );
    }
}

fn date(path: &Path, source: &str, date: &Spanned<String>, problems: &mut Diagnostics) {
    let text = date.get_ref();
    let parts: Vec<&str> = text.split('-').collect();
    let numeric = |p: &str, len: usize| p.len() == len && p.bytes().all(|b| b.is_ascii_digit());
    let valid = match parts.as_slice() {
        [y] => numeric(y, 4),
        [y, m] => {
            numeric(y, 4) && numeric(m, 2) && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
        }
        [y, m, d] => {
            numeric(y, 4)
                && numeric(m, 2)
                && numeric(d, 2)
                && (1..=12).contains(&m.parse::<u8>().unwrap_or(0))
                && (1..=days_in_month(y.parse().unwrap_or(0), m.parse().unwrap_or(0)))
                    .contains(&d.parse::<u8>().unwrap_or(0))
        }
        _ => false,
    };
    if !valid {
        problems.push(
            spanned_error(
                path,
                source,
                date,
                format!("`{text}` is not a date: expected YYYY-MM-DD (or YYYY-MM, YYYY)"),
            )
            .with_hint("for example date = \"2023-03-15\""),
        );
    }
}

fn leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}
