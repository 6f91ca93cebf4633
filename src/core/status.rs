//! An indicator's status against its milestone: reached, not reached, or no value. One
//! rule for every output form (the site, the printable page, a future PDF): each asks
//! here, none decides for itself.
//!
//! Pure: it reads the structured values of the baseline, milestone and current status
//! (`value` and `unit`), never their text, which is the report's wording and may say
//! anything.

use crate::core::model::{Cell, Indicator, Unit};

/// Where an indicator's current status stands against its milestone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MilestoneStatus {
    /// The current value is at the milestone, or beyond it in the direction of progress.
    Reached,
    /// The current value falls short of the milestone.
    NotReached,
    /// No comparison is possible: the current status is pending or not a number, the
    /// milestone is not a number, or the two are in different units.
    NoValue,
}

impl MilestoneStatus {
    /// A stable name for classes, data files and UI string keys: `reached`,
    /// `not-reached`, `no-value`.
    pub fn name(self) -> &'static str {
        match self {
            MilestoneStatus::Reached => "reached",
            MilestoneStatus::NotReached => "not-reached",
            MilestoneStatus::NoValue => "no-value",
        }
    }
}

/// The status of an indicator, from its structured values.
pub fn indicator_status(indicator: &Indicator) -> MilestoneStatus {
    let [baseline, milestone, current] = indicator.cells();
    status(baseline, milestone, current)
}

/// The rule. Progress goes up unless the milestone is below a baseline in the same unit:
/// then lower is better (a response time, an error rate). The milestone counts as
/// reached when the current value equals it.
pub fn status(
    baseline: Option<&Cell>,
    milestone: Option<&Cell>,
    current: Option<&Cell>,
) -> MilestoneStatus {
    let measure = |cell: Option<&Cell>| cell.filter(|c| !c.pending).and_then(Cell::measure);
    let (Some((target, unit)), Some((now, now_unit))) = (measure(milestone), measure(current))
    else {
        return MilestoneStatus::NoValue;
    };
    if unit != now_unit || !target.is_finite() || !now.is_finite() {
        return MilestoneStatus::NoValue;
    }
    let lower_is_better = measure(baseline)
        .is_some_and(|(start, start_unit): (f64, Unit)| start_unit == unit && target < start);
    let reached = if lower_is_better {
        now <= target
    } else {
        now >= target
    };
    if reached {
        MilestoneStatus::Reached
    } else {
        MilestoneStatus::NotReached
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(value: f64, unit: Unit) -> Cell {
        toml::from_str(&format!(
            "value = {value:?}\nunit = \"{}\"",
            match unit {
                Unit::Percent => "percent",
                Unit::Count => "count",
            }
        ))
        .expect("a cell written by the test")
    }

    fn count(value: f64) -> Cell {
        cell(value, Unit::Count)
    }

    fn pending() -> Cell {
        Cell {
            pending: true,
            ..Cell::default()
        }
    }

    #[test]
    fn below_a_rising_milestone_is_not_reached() {
        let s = status(
            Some(&count(1250.0)),
            Some(&count(3200.0)),
            Some(&count(2480.0)),
        );
        assert_eq!(s, MilestoneStatus::NotReached);
    }

    #[test]
    fn at_or_above_a_rising_milestone_is_reached() {
        let p = |v| cell(v, Unit::Percent);
        assert_eq!(
            status(Some(&p(12.0)), Some(&p(50.0)), Some(&p(55.0))),
            MilestoneStatus::Reached
        );
        assert_eq!(
            status(Some(&p(12.0)), Some(&p(50.0)), Some(&p(50.0))),
            MilestoneStatus::Reached
        );
    }

    #[test]
    fn a_milestone_below_the_baseline_means_lower_is_better() {
        let (base, target) = (count(9.0), count(3.0));
        assert_eq!(
            status(Some(&base), Some(&target), Some(&count(2.0))),
            MilestoneStatus::Reached
        );
        assert_eq!(
            status(Some(&base), Some(&target), Some(&count(3.0))),
            MilestoneStatus::Reached
        );
        assert_eq!(
            status(Some(&base), Some(&target), Some(&count(5.0))),
            MilestoneStatus::NotReached
        );
    }

    #[test]
    fn without_a_comparable_baseline_higher_is_better() {
        let s = status(None, Some(&count(3.0)), Some(&count(5.0)));
        assert_eq!(s, MilestoneStatus::Reached);
        let percent_base = cell(90.0, Unit::Percent);
        let s = status(Some(&percent_base), Some(&count(3.0)), Some(&count(2.0)));
        assert_eq!(s, MilestoneStatus::NotReached);
    }

    #[test]
    fn pending_missing_or_incomparable_values_have_no_value() {
        let target = count(50.0);
        assert_eq!(
            status(None, Some(&target), Some(&pending())),
            MilestoneStatus::NoValue
        );
        assert_eq!(status(None, Some(&target), None), MilestoneStatus::NoValue);
        assert_eq!(
            status(None, None, Some(&count(60.0))),
            MilestoneStatus::NoValue
        );
        assert_eq!(
            status(None, Some(&Cell::default()), Some(&count(60.0))),
            MilestoneStatus::NoValue
        );
        let percent = cell(60.0, Unit::Percent);
        assert_eq!(
            status(None, Some(&target), Some(&percent)),
            MilestoneStatus::NoValue
        );
    }

    #[test]
    fn a_pending_cell_with_a_value_is_still_pending() {
        let mut current = count(60.0);
        current.pending = true;
        assert_eq!(
            status(None, Some(&count(50.0)), Some(&current)),
            MilestoneStatus::NoValue
        );
    }
}
