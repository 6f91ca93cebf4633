//! Open data: each edition's indicators and project register as CSV and JSON, in every
//! language, beside the pages that show them (`<year>/<lang>/data/`).
//!
//! Texts are given as the data files word them (inline Markdown kept as written), with
//! headers and labels in the page's language; ids, units, statuses and numbers are
//! language-neutral codes, so the files of two languages join row by row. Pure: the model
//! in, files into the output map.

use serde::Serialize;

use crate::core::diagnostics::Error;
use crate::core::model::{Cell, Edition, Indicator, Project, Site, Status, Unit};
use crate::core::output::Output;
use crate::core::routes::{self, DataFile};
use crate::render::i18n::I18n;

/// Every file this module writes for the site, by site path.
pub fn paths(site: &Site) -> Vec<String> {
    let mut paths = Vec::new();
    for edition in &site.editions {
        for lang in site.config.language_codes() {
            if !edition.indicators.indicators.is_empty() {
                paths.push(routes::data_file(
                    edition.year,
                    &lang,
                    DataFile::IndicatorsCsv,
                ));
                paths.push(routes::data_file(
                    edition.year,
                    &lang,
                    DataFile::IndicatorsJson,
                ));
            }
            if !edition.projects.projects.is_empty() {
                paths.push(routes::data_file(
                    edition.year,
                    &lang,
                    DataFile::ProjectsCsv,
                ));
                paths.push(routes::data_file(
                    edition.year,
                    &lang,
                    DataFile::ProjectsJson,
                ));
            }
        }
    }
    paths
}

/// The files this module writes for an edition in a language, with their link labels:
/// indicators first, then the project register; a register with no project gets none.
pub fn links(edition: &Edition, lang: &str, i18n: &I18n) -> Vec<(String, String)> {
    let mut links = indicator_links(edition, lang, i18n);
    if !edition.projects.projects.is_empty() {
        links.push((
            i18n.get(lang, "data_projects_csv").to_string(),
            routes::data_file(edition.year, lang, DataFile::ProjectsCsv),
        ));
        links.push((
            i18n.get(lang, "data_projects_json").to_string(),
            routes::data_file(edition.year, lang, DataFile::ProjectsJson),
        ));
    }
    links
}

/// The indicator files of an edition in a language, with their link labels (none when
/// the edition has no indicators).
pub(crate) fn indicator_links(edition: &Edition, lang: &str, i18n: &I18n) -> Vec<(String, String)> {
    if edition.indicators.indicators.is_empty() {
        return Vec::new();
    }
    vec![
        (
            i18n.get(lang, "data_indicators_csv").to_string(),
            routes::data_file(edition.year, lang, DataFile::IndicatorsCsv),
        ),
        (
            i18n.get(lang, "data_indicators_json").to_string(),
            routes::data_file(edition.year, lang, DataFile::IndicatorsJson),
        ),
    ]
}

/// Adds every edition's data files in every language to the output.
pub fn add(site: &Site, i18n: &I18n, output: &mut Output) -> Result<(), Error> {
    for edition in &site.editions {
        for lang in site.config.language_codes() {
            if !edition.indicators.indicators.is_empty() {
                output.insert(
                    routes::data_file(edition.year, &lang, DataFile::IndicatorsCsv),
                    indicators_csv(edition, &lang, i18n)?,
                );
                output.insert(
                    routes::data_file(edition.year, &lang, DataFile::IndicatorsJson),
                    json(&indicators_document(edition, &lang))?,
                );
            }
            if !edition.projects.projects.is_empty() {
                output.insert(
                    routes::data_file(edition.year, &lang, DataFile::ProjectsCsv),
                    projects_csv(edition, &lang, i18n)?,
                );
                output.insert(
                    routes::data_file(edition.year, &lang, DataFile::ProjectsJson),
                    json(&projects_document(edition, &lang, i18n))?,
                );
            }
        }
    }
    Ok(())
}

/// Open data is rapport's own structures written into memory: no content makes that
/// fail, so a failure here (and in [`csv_error`]) is a bug, not a usage error.
fn json(value: &impl Serialize) -> Result<Vec<u8>, Error> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|e| Error::Internal(format!("cannot write open data as JSON: {e}")))?;
    bytes.push(b'\n');
    Ok(bytes)
}

fn csv_error(e: impl std::fmt::Display) -> Error {
    Error::Internal(format!("cannot write open data as CSV: {e}"))
}

/// A CSV writer that quotes every cell but numbers, so that spreadsheet programs that
/// honour quotes read texts as texts, and ends lines with CRLF (RFC 4180, as documented).
fn csv_writer() -> csv::Writer<Vec<u8>> {
    csv::WriterBuilder::new()
        .quote_style(csv::QuoteStyle::NonNumeric)
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new())
}

/// Writes a row, every cell [`neutralized`].
fn write_row<S: AsRef<str>>(
    writer: &mut csv::Writer<Vec<u8>>,
    cells: impl IntoIterator<Item = S>,
) -> Result<(), Error> {
    let cells = cells
        .into_iter()
        .map(|cell| neutralized(cell.as_ref()).into_owned());
    writer.write_record(cells).map_err(csv_error)
}

/// The first characters that make a spreadsheet program read a cell as a formula, which
/// it may run ("CSV injection"; OWASP's list).
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell that a spreadsheet program shows and never runs: a text that begins like a
/// formula gets a leading `'`, as OWASP recommends (and the writer quotes it). A number
/// written in full (`-3`, `-1.5`, `+2e3`) is no formula and stays a number.
pub fn neutralized(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(FORMULA_STARTS) && !is_plain_number(cell) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

/// Whether `text` is a decimal number and nothing else: an optional sign, digits with at
/// most one decimal point, an optional exponent. Not `inf` or `NaN`, which a spreadsheet
/// reads as names in a formula.
fn is_plain_number(text: &str) -> bool {
    let unsigned = text.strip_prefix(['+', '-']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((mantissa, exponent)) => (mantissa, Some(exponent)),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !(whole.is_empty() && fraction.is_empty()) && digits(whole) && digits(fraction) && exponent_ok
}

/// A text in one language, empty when absent.
fn text_in(text: Option<&toml::Spanned<crate::core::model::Localized>>, lang: &str) -> String {
    text.and_then(|t| t.get_ref().get(lang))
        .cloned()
        .unwrap_or_default()
}

fn output_title(edition: &Edition, id: &str, lang: &str) -> String {
    edition
        .output(id)
        .and_then(|o| o.title.get_ref().get(lang).cloned())
        .unwrap_or_default()
}

/// A column heading, from the one owner of column wording.
fn column(edition: &Edition, i18n: &I18n, lang: &str, key: &str) -> String {
    i18n.column_label(edition, lang, key)
}

/// A number as machines read it: `16`, `88.5`.
fn number(value: Option<&toml::Spanned<f64>>) -> String {
    value.map(|v| v.get_ref().to_string()).unwrap_or_default()
}

fn unit_code(unit: Unit) -> &'static str {
    match unit {
        Unit::Percent => "percent",
        Unit::Count => "count",
    }
}

const CELLS: [&str; 3] = ["baseline", "milestone", "current"];
const CELL_PARTS: [&str; 7] = [
    "",
    "data_value",
    "data_unit",
    "data_count",
    "data_total",
    "data_as_of",
    "data_pending",
];

fn indicators_csv(edition: &Edition, lang: &str, i18n: &I18n) -> Result<Vec<u8>, Error> {
    let mut writer = csv_writer();
    let mut header = vec![
        i18n.get(lang, "data_id").to_string(),
        i18n.get(lang, "data_output").to_string(),
        i18n.get(lang, "data_output_title").to_string(),
        column(edition, i18n, lang, "indicator"),
        column(edition, i18n, lang, "verification"),
    ];
    for cell in CELLS {
        let name = column(edition, i18n, lang, cell);
        for part in CELL_PARTS {
            header.push(if part.is_empty() {
                name.clone()
            } else {
                i18n.fill(lang, part, &[("column", &name)])
            });
        }
    }
    write_row(&mut writer, &header)?;
    for indicator in &edition.indicators.indicators {
        let output = indicator.output.get_ref();
        let mut record = vec![
            indicator.id.get_ref().clone(),
            output.clone(),
            output_title(edition, output, lang),
            text_in(Some(&indicator.description), lang),
            text_in(indicator.verification.as_ref(), lang),
        ];
        for cell in indicator.cells() {
            record.extend(cell_fields(cell, lang));
        }
        write_row(&mut writer, &record)?;
    }
    writer.into_inner().map_err(csv_error)
}

fn cell_fields(cell: Option<&Cell>, lang: &str) -> [String; 7] {
    let Some(cell) = cell else {
        return Default::default();
    };
    [
        text_in(cell.text.as_ref(), lang),
        number(cell.value.as_ref()),
        cell.unit
            .as_ref()
            .map(|u| unit_code(*u.get_ref()).to_string())
            .unwrap_or_default(),
        number(cell.count.as_ref()),
        number(cell.total.as_ref()),
        cell.as_of.clone().unwrap_or_default(),
        if cell.pending {
            "true".into()
        } else {
            String::new()
        },
    ]
}

/// `indicators.json`.
#[derive(Serialize)]
struct IndicatorsDocument {
    edition: u16,
    language: String,
    title: String,
    indicators: Vec<IndicatorRecord>,
}

/// Something referred to by id, with its title in the file's language.
#[derive(Serialize)]
struct Reference {
    id: String,
    #[serde(skip_serializing_if = "String::is_empty")]
    title: String,
}

/// A code with its label in the file's language.
#[derive(Serialize)]
struct Labelled {
    id: String,
    label: String,
}

#[derive(Serialize)]
struct IndicatorRecord {
    id: String,
    output: Reference,
    description: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    verification: Option<String>,
    baseline: Option<CellRecord>,
    milestone: Option<CellRecord>,
    current: Option<CellRecord>,
}

/// A value cell: the report's wording and, where numeric, the structured value.
#[derive(Serialize)]
struct CellRecord {
    #[serde(skip_serializing_if = "Option::is_none")]
    text: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unit: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    count: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    as_of: Option<String>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pending: bool,
}

fn cell_record(cell: Option<&Cell>, lang: &str) -> Option<CellRecord> {
    let cell = cell?;
    Some(CellRecord {
        text: cell
            .text
            .as_ref()
            .and_then(|t| t.get_ref().get(lang))
            .cloned(),
        value: cell.value.as_ref().map(|v| *v.get_ref()),
        unit: cell.unit.as_ref().map(|u| unit_code(*u.get_ref())),
        count: cell.count.as_ref().map(|v| *v.get_ref()),
        total: cell.total.as_ref().map(|v| *v.get_ref()),
        as_of: cell.as_of.clone(),
        pending: cell.pending,
    })
}

fn indicator_record(edition: &Edition, indicator: &Indicator, lang: &str) -> IndicatorRecord {
    let [baseline, milestone, current] = indicator.cells();
    let output = indicator.output.get_ref();
    IndicatorRecord {
        id: indicator.id.get_ref().clone(),
        output: Reference {
            id: output.clone(),
            title: output_title(edition, output, lang),
        },
        description: text_in(Some(&indicator.description), lang),
        verification: indicator
            .verification
            .as_ref()
            .and_then(|v| v.get_ref().get(lang))
            .cloned(),
        baseline: cell_record(baseline, lang),
        milestone: cell_record(milestone, lang),
        current: cell_record(current, lang),
    }
}

fn indicators_document(edition: &Edition, lang: &str) -> IndicatorsDocument {
    IndicatorsDocument {
        edition: edition.year,
        language: lang.to_string(),
        title: text_in(Some(&edition.meta.title), lang),
        indicators: edition
            .indicators
            .indicators
            .iter()
            .map(|i| indicator_record(edition, i, lang))
            .collect(),
    }
}

/// A status as a code (`in-progress`) and the key of its label.
fn status(status: Status) -> (&'static str, &'static str) {
    match status {
        Status::Completed => ("completed", "status_completed"),
        Status::InProgress => ("in-progress", "status_in_progress"),
        Status::Planned => ("planned", "status_planned"),
    }
}

fn category_label(edition: &Edition, id: &str, lang: &str) -> String {
    edition
        .projects
        .categories
        .iter()
        .find(|c| c.id.get_ref() == id)
        .and_then(|c| c.label.get_ref().get(lang).cloned())
        .unwrap_or_default()
}

fn projects_csv(edition: &Edition, lang: &str, i18n: &I18n) -> Result<Vec<u8>, Error> {
    let mut writer = csv_writer();
    let header: Vec<&str> = [
        "data_id",
        "data_name",
        "data_output",
        "data_output_title",
        "data_category",
        "data_category_label",
        "data_status",
        "data_status_label",
        "data_year",
        "data_expected",
        "paragraphs",
    ]
    .iter()
    .map(|key| i18n.get(lang, key))
    .collect();
    write_row(&mut writer, &header)?;
    for project in &edition.projects.projects {
        let (code, label) = status(*project.status.get_ref());
        let output = project.output.get_ref();
        let category = project.category.get_ref();
        let record = [
            project.id.get_ref().clone(),
            text_in(Some(&project.name), lang),
            output.clone(),
            output_title(edition, output, lang),
            category.clone(),
            category_label(edition, category, lang),
            code.to_string(),
            i18n.get(lang, label).to_string(),
            project.year.map(|y| y.to_string()).unwrap_or_default(),
            project.expected.clone().unwrap_or_default(),
            project
                .paragraphs
                .iter()
                .map(u32::to_string)
                .collect::<Vec<_>>()
                .join(" "),
        ];
        write_row(&mut writer, &record)?;
    }
    writer.into_inner().map_err(csv_error)
}

/// `projects.json`.
#[derive(Serialize)]
struct ProjectsDocument {
    edition: u16,
    language: String,
    title: String,
    categories: Vec<Labelled>,
    projects: Vec<ProjectRecord>,
}

#[derive(Serialize)]
struct ProjectRecord {
    id: String,
    name: String,
    output: Reference,
    category: Labelled,
    status: Labelled,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    expected: Option<String>,
    paragraphs: Vec<u32>,
}

fn project_record(edition: &Edition, project: &Project, lang: &str, i18n: &I18n) -> ProjectRecord {
    let (code, label) = status(*project.status.get_ref());
    let output = project.output.get_ref();
    let category = project.category.get_ref();
    ProjectRecord {
        id: project.id.get_ref().clone(),
        name: text_in(Some(&project.name), lang),
        output: Reference {
            id: output.clone(),
            title: output_title(edition, output, lang),
        },
        category: Labelled {
            id: category.clone(),
            label: category_label(edition, category, lang),
        },
        status: Labelled {
            id: code.to_string(),
            label: i18n.get(lang, label).to_string(),
        },
        year: project.year,
        expected: project.expected.clone(),
        paragraphs: project.paragraphs.clone(),
    }
}

fn projects_document(edition: &Edition, lang: &str, i18n: &I18n) -> ProjectsDocument {
    ProjectsDocument {
        edition: edition.year,
        language: lang.to_string(),
        title: text_in(Some(&edition.meta.title), lang),
        categories: edition
            .projects
            .categories
            .iter()
            .map(|c| Labelled {
                id: c.id.get_ref().clone(),
                label: c.label.get_ref().get(lang).cloned().unwrap_or_default(),
            })
            .collect(),
        projects: edition
            .projects
            .projects
            .iter()
            .map(|p| project_record(edition, p, lang, i18n))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts_that_begin_like_formulas_get_a_quote_mark() {
        for cell in [
            "=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1", "-", "-inf", "+NaN", "-3 %",
            "-1.5.2", "-e5",
        ] {
            assert_eq!(neutralized(cell), format!("'{cell}"), "{cell:?}");
        }
    }

    #[test]
    fn numbers_and_other_texts_stay_as_written() {
        for cell in [
            "-3", "-1.5", "+2", "-.5", "-2.", "1e21", "-2E-3", "16", "", "Text", " =1", "1.1.a",
        ] {
            assert_eq!(neutralized(cell), cell, "{cell:?}");
        }
    }

    #[test]
    fn cells_are_quoted_but_numbers() {
        let mut writer = csv_writer();
        write_row(&mut writer, ["=1+1", "-3", "text", ""]).expect("row");
        let bytes = writer.into_inner().expect("bytes");
        assert_eq!(
            String::from_utf8_lossy(&bytes),
            "\"'=1+1\",-3,\"text\",\"\"\r\n"
        );
    }
}
