//! What the charts show, computed from the model: the numbers and their labels in one
//! language, before any drawing.

use crate::core::model::{ChartKind, Edition, EmptyGroups, Indicator, Project, Unit};
use crate::core::select::completed_in;
use crate::render::i18n::{I18n, isolate};

/// One bar of a bar chart.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Bar {
    /// The label drawn with the bar and shown in the data table.
    pub label: String,
    /// A shorter name for the chart's description ("Output 1.1").
    pub short: String,
    /// The count.
    pub value: u32,
    /// The bar is the part of the stated total that the register does not itemize.
    pub remainder: bool,
}

/// The data of a bar chart of completed projects.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct BarData {
    /// The bars in order: one per output or category, then the remainder if any.
    pub bars: Vec<Bar>,
    /// Completed projects the register itemizes.
    pub counted: u32,
    /// The total the edition states, if it states one.
    pub stated: Option<u32>,
    /// The register records no project at all.
    pub empty: bool,
    /// The groups left out for having no completed project (`empty = "omit"`), by label.
    pub omitted: Vec<String>,
}

impl BarData {
    /// The bars of the register, without the remainder.
    pub(super) fn itemized(&self) -> impl Iterator<Item = &Bar> {
        self.bars.iter().filter(|b| !b.remainder)
    }

    /// The remainder bar's value, if there is one.
    pub(super) fn remainder(&self) -> Option<u32> {
        self.bars.iter().find(|b| b.remainder).map(|b| b.value)
    }

    /// The total the chart shows: the register plus the remainder.
    pub(super) fn total(&self) -> u32 {
        self.bars.iter().map(|b| b.value).sum()
    }
}

/// The bars of a figure: completed projects per output (in `edition.toml` order) or per
/// category (in `projects.toml` order), and the remainder of the stated total.
pub(crate) fn completed(
    edition: &Edition,
    kind: ChartKind,
    empty_groups: EmptyGroups,
    lang: &str,
    i18n: &I18n,
) -> BarData {
    let register = &edition.projects;
    let completed: Vec<&Project> = register
        .projects
        .iter()
        .filter(|p| completed_in(p, edition.year))
        .collect();
    let empty = register.projects.is_empty();
    let mut bars: Vec<Bar> = Vec::new();
    if !empty {
        match kind {
            ChartKind::CompletedByOutput => {
                for output in &edition.meta.outputs {
                    let id = output.id.get_ref();
                    let title = i18n.typeset(
                        lang,
                        output.title.get_ref().get(lang).map_or("", String::as_str),
                    );
                    // Only the id is isolated: a label's lines are drawn one by one, and an
                    // isolate around the title would open on one line and close on another.
                    let id_text = isolate(lang, id);
                    let (label, short) = if output.outcome.is_some() {
                        (
                            i18n.fill(
                                lang,
                                "output_heading",
                                &[("id", &id_text), ("title", &title)],
                            ),
                            i18n.fill(lang, "chart_output_short", &[("id", &id_text)]),
                        )
                    } else {
                        // A cross-cutting element is named by its title alone.
                        (title.clone(), title)
                    };
                    let value = count(&completed, |p| p.output.get_ref() == id);
                    bars.push(Bar {
                        label,
                        short,
                        value,
                        remainder: false,
                    });
                }
            }
            ChartKind::CompletedByCategory => {
                for category in &register.categories {
                    let id = category.id.get_ref();
                    let label = i18n.typeset(
                        lang,
                        category
                            .label
                            .get_ref()
                            .get(lang)
                            .map_or("", String::as_str),
                    );
                    let value = count(&completed, |p| p.category.get_ref() == id);
                    bars.push(Bar {
                        short: label.clone(),
                        label,
                        value,
                        remainder: false,
                    });
                }
            }
        }
    }
    let mut omitted = Vec::new();
    if empty_groups == EmptyGroups::Omit {
        let (shown, left_out): (Vec<Bar>, Vec<Bar>) = bars.into_iter().partition(|b| b.value > 0);
        bars = shown;
        omitted = left_out.into_iter().map(|b| b.label).collect();
    }
    // Projects whose output or category is undefined are validation errors; counting
    // the drawn bars keeps the total equal to what the chart shows regardless.
    let counted: u32 = bars.iter().map(|b| b.value).sum();
    let stated = edition
        .meta
        .totals
        .completed_projects
        .as_ref()
        .map(|t| *t.get_ref());
    if let Some(stated) = stated
        && stated > counted
    {
        let label = i18n.get(lang, "chart_remainder").to_string();
        bars.push(Bar {
            short: label.clone(),
            label,
            value: stated - counted,
            remainder: true,
        });
    }
    BarData {
        bars,
        counted,
        stated,
        empty,
        omitted,
    }
}

fn count(projects: &[&Project], matches: impl Fn(&Project) -> bool) -> u32 {
    let n = projects.iter().filter(|p| matches(p)).count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Which value of an indicator a point shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stage {
    /// The baseline.
    Baseline,
    /// The milestone.
    Milestone,
    /// The current status.
    Current,
}

impl Stage {
    /// The UI string key of its name (also the column names of indicator tables).
    pub(super) fn key(self) -> &'static str {
        match self {
            Stage::Baseline => "baseline",
            Stage::Milestone => "milestone",
            Stage::Current => "current",
        }
    }
}

/// The numeric values of an indicator, on one scale.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct ProgressData {
    /// The unit every value shares.
    pub unit: Unit,
    /// The values in order: baseline, milestone, current status (those that are numeric).
    pub points: Vec<(Stage, f64)>,
    /// The end of the scale: 100 for percentages (or more, if a value is above),
    /// a round number at or above the largest count otherwise.
    pub max: f64,
}

/// The values a progress chart shows: the current status must be a number, with a
/// baseline or a milestone, and every number in one unit. Anything else has no chart:
/// a chart of unlike quantities would mislead.
pub(crate) fn progress(indicator: &Indicator) -> Option<ProgressData> {
    let [baseline, milestone, current] = indicator.cells();
    let (_, unit) = current?.measure()?;
    let stages = [Stage::Baseline, Stage::Milestone, Stage::Current];
    let mut points = Vec::new();
    for (stage, cell) in stages.into_iter().zip([baseline, milestone, current]) {
        let Some((value, u)) = cell.and_then(|c| c.measure()) else {
            continue;
        };
        if u != unit || !value.is_finite() || value < 0.0 {
            return None;
        }
        points.push((stage, value));
    }
    if points.len() < 2 {
        return None;
    }
    let largest = points.iter().map(|(_, v)| *v).fold(0.0, f64::max);
    let max = match unit {
        Unit::Percent => nice_ceiling(largest.max(100.0)),
        Unit::Count => nice_ceiling(largest),
    };
    Some(ProgressData { unit, points, max })
}

/// The smallest of 1, 2, 2.5, 5 × 10ⁿ at or above `value` (at least 1).
pub(crate) fn nice_ceiling(value: f64) -> f64 {
    if value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    for step in [1.0, 2.0, 2.5, 5.0, 10.0] {
        if step * magnitude >= value {
            return step * magnitude;
        }
    }
    10.0 * magnitude
}

#[cfg(test)]
mod tests {
    use super::*;

    fn indicator(cells: &str) -> Indicator {
        let toml = format!("id = \"1.1.a\"\noutput = \"1.1\"\ndescription.en = \"Share\"\n{cells}");
        toml::from_str(&toml).expect("an indicator")
    }

    #[test]
    fn progress_needs_a_numeric_current_status_and_one_unit() {
        let all = indicator(
            "[baseline]\nvalue = 16\nunit = \"percent\"\n[milestone]\nvalue = 100\nunit = \"percent\"\n[current]\nvalue = 32\nunit = \"percent\"\n",
        );
        let data = progress(&all).expect("a chart");
        assert_eq!(
            data.points,
            [
                (Stage::Baseline, 16.0),
                (Stage::Milestone, 100.0),
                (Stage::Current, 32.0)
            ]
        );
        assert_eq!((data.unit, data.max), (Unit::Percent, 100.0));

        let no_baseline = indicator(
            "[milestone]\nvalue = 10\nunit = \"percent\"\n[current]\nvalue = 57\nunit = \"percent\"\n",
        );
        assert_eq!(progress(&no_baseline).expect("a chart").points.len(), 2);

        let no_current = indicator(
            "[baseline]\nvalue = 12\nunit = \"count\"\n[milestone]\nvalue = 4\nunit = \"count\"\n",
        );
        assert!(progress(&no_current).is_none());

        let mixed = indicator(
            "[baseline]\nvalue = 62\nunit = \"count\"\n[milestone]\nvalue = 25\nunit = \"percent\"\n[current]\nvalue = 11\nunit = \"percent\"\n",
        );
        assert!(progress(&mixed).is_none());

        let alone = indicator("[current]\nvalue = 11\nunit = \"percent\"\n");
        assert!(progress(&alone).is_none());

        let counts = indicator(
            "[milestone]\nvalue = 1000\nunit = \"count\"\n[current]\nvalue = 3409\nunit = \"count\"\n",
        );
        assert_eq!(progress(&counts).expect("a chart").max, 5000.0);
    }

    #[test]
    fn completed_means_completed_in_the_edition_year() {
        let project = |extra: &str| -> Project {
            let toml =
                format!("id = \"p\"\nname.en = \"P\"\noutput = \"1.1\"\ncategory = \"c\"\n{extra}");
            toml::from_str(&toml).expect("a project")
        };
        assert!(completed_in(&project("status = \"completed\""), 2022));
        assert!(completed_in(
            &project("status = \"completed\"\nyear = 2022"),
            2022
        ));
        assert!(!completed_in(
            &project("status = \"completed\"\nyear = 2021"),
            2022
        ));
        assert!(!completed_in(&project("status = \"in-progress\""), 2022));
    }

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.0), 1.0);
        assert_eq!(nice_ceiling(7.0), 10.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(100.0), 100.0);
        assert_eq!(nice_ceiling(101.0), 200.0);
        assert_eq!(nice_ceiling(240.0), 250.0);
        assert_eq!(nice_ceiling(3409.0), 5000.0);
    }
}
