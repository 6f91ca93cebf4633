//! Indicators across editions. Where two or more editions report the same indicator id,
//! every edition that reports it gets, in each language, a page with the indicator's
//! values over the years *up to that edition*: a table and an accessible SVG chart.
//!
//! A trend page lives under its edition (`<year>/<lang>/indicators/<id>/`), so an
//! archived edition keeps its own pages, and they never change when a later edition
//! appears: editions join by stable indicator ids, never by position.
//!
//! Pure: the model in, HTML out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::core::html::escape_attr;
use crate::core::model::{Cell, Edition, Indicator, PageBlock, Site, Unit};
use crate::core::outline::slugify;
use crate::core::routes;
use crate::render::i18n::I18n;

/// Which editions report which indicator, and where each edition shows it.
#[derive(Debug, Default)]
pub(crate) struct Index {
    /// Indicator id → (edition index, indicator index), oldest edition first.
    by_id: BTreeMap<String, Vec<(usize, usize)>>,
    /// (edition index, language, indicator id) → the slug of the page whose table shows it.
    shown_on: BTreeMap<(usize, String, String), String>,
}

/// One edition's report of an indicator.
pub(crate) struct Point<'s> {
    /// The edition.
    pub edition: &'s Edition,
    /// The indicator as that edition reports it.
    pub indicator: &'s Indicator,
    /// The page of that edition whose indicator table shows it, by language slug.
    pub page_slug: Option<String>,
}

impl Index {
    /// Indexes every edition's indicators.
    pub(crate) fn new(site: &Site) -> Index {
        let mut index = Index::default();
        for (e, edition) in site.editions.iter().enumerate() {
            for (i, indicator) in edition.indicators.indicators.iter().enumerate() {
                index
                    .by_id
                    .entry(indicator.id.get_ref().clone())
                    .or_default()
                    .push((e, i));
            }
            for set in &edition.pages {
                for (lang, page) in &set.translations {
                    for parsed in page.blocks.iter().filter_map(PageBlock::indicators) {
                        for indicator in crate::core::select::selected(edition, parsed) {
                            index
                                .shown_on
                                .entry((e, lang.clone(), indicator.id.get_ref().clone()))
                                .or_insert_with(|| page.slug.clone());
                        }
                    }
                }
            }
        }
        index
    }

    /// The editions up to and including edition `edition` that report indicator `id`,
    /// oldest first; `None` unless there are two or more and `edition` is one of them.
    pub(crate) fn series<'s>(
        &self,
        site: &'s Site,
        edition: usize,
        id: &str,
        lang: &str,
    ) -> Option<Vec<Point<'s>>> {
        let reports = self.by_id.get(id)?;
        let upto: Vec<&(usize, usize)> = reports.iter().filter(|(e, _)| *e <= edition).collect();
        if upto.len() < 2 || upto.last().is_none_or(|(e, _)| *e != edition) {
            return None;
        }
        Some(
            upto.into_iter()
                .map(|&(e, i)| Point {
                    edition: &site.editions[e],
                    indicator: &site.editions[e].indicators.indicators[i],
                    page_slug: self
                        .shown_on
                        .get(&(e, lang.to_string(), id.to_string()))
                        .cloned(),
                })
                .collect(),
        )
    }

    /// The slug of the page of edition `edition` whose indicator table shows `id` in
    /// `lang`, if one does.
    pub(crate) fn shown_on(&self, edition: usize, lang: &str, id: &str) -> Option<&str> {
        (self
            .shown_on
            .get(&(edition, lang.to_string(), id.to_string())))
        .map(String::as_str)
    }

    /// Whether edition `edition` has a trend page for indicator `id`.
    pub(crate) fn has_page(&self, edition: usize, id: &str) -> bool {
        self.by_id.get(id).is_some_and(|reports| {
            reports.iter().any(|(e, _)| *e == edition)
                && reports.iter().filter(|(e, _)| *e <= edition).count() >= 2
        })
    }

    /// Every (edition index, indicator id) that has a trend page, in order.
    pub(crate) fn pages(&self) -> Vec<(usize, String)> {
        let mut pages: Vec<(usize, String)> = self
            .by_id
            .iter()
            .flat_map(|(id, reports)| reports.iter().map(move |(e, _)| (*e, id.clone())))
            .filter(|(e, id)| self.has_page(*e, id))
            .collect();
        pages.sort();
        pages
    }
}

/// The page title: "Indicator 1.1.a over the years".
pub(crate) fn title(id: &str, lang: &str, i18n: &I18n) -> String {
    i18n.fill_isolated(lang, "trend_title", &[("id", id)])
}

/// The body of a trend page: the indicator's description, a table of its values by
/// edition and a chart of its numeric current values; with the number of charts (0 or 1).
pub(crate) fn html(
    points: &[Point<'_>],
    lang: &str,
    i18n: &I18n,
    root: &str,
    sanitize: Option<&dyn Fn(&str) -> String>,
) -> (String, usize) {
    let Some(latest) = points.last() else {
        return (String::new(), 0);
    };
    let id = latest.indicator.id.get_ref();
    let mut html = String::new();
    let description = latest
        .indicator
        .description
        .get_ref()
        .get(lang)
        .map_or("", String::as_str);
    let _ = writeln!(
        html,
        "<p class=\"indicator-description\"><span class=\"indicator-id\" dir=\"auto\">{}</span> {}</p>",
        escape_attr(id),
        data_text(description, lang, i18n, sanitize)
    );
    if let Some(verification) = latest
        .indicator
        .verification
        .as_ref()
        .and_then(|v| v.get_ref().get(lang))
    {
        let _ = writeln!(
            html,
            "<dl class=\"indicator-facts\"><dt>{}</dt><dd>{}</dd></dl>",
            escape_attr(i18n.get(lang, "verification")),
            data_text(verification, lang, i18n, sanitize)
        );
    }
    html.push_str(&table(points, lang, i18n, root, sanitize));
    match chart(points, lang, i18n) {
        Some(chart) => {
            html.push_str(&chart);
            (html, 1)
        }
        None => (html, 0),
    }
}

fn table(
    points: &[Point<'_>],
    lang: &str,
    i18n: &I18n,
    root: &str,
    sanitize: Option<&dyn Fn(&str) -> String>,
) -> String {
    let id = points
        .last()
        .map_or("", |p| p.indicator.id.get_ref().as_str());
    let caption = i18n.fill_isolated(lang, "trend_caption", &[("id", id)]);
    let mut html = String::new();
    let _ = write!(
        html,
        "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"trend-caption\" tabindex=\"0\">\n<table class=\"indicators trend\" id=\"trend\">\n<caption id=\"trend-caption\">{}</caption>\n<thead><tr>",
        escape_attr(&caption)
    );
    for key in ["edition", "value", "current", "baseline", "milestone"] {
        let _ = write!(
            html,
            "<th scope=\"col\">{}</th>",
            escape_attr(i18n.get(lang, key))
        );
    }
    html.push_str("</tr></thead>\n<tbody>\n");
    for point in points {
        let year = point.edition.year;
        let target = match &point.page_slug {
            Some(slug) => format!(
                "{}#indicator-{}",
                routes::page(year, lang, slug),
                slugify(id)
            ),
            None => routes::edition_home(year, lang),
        };
        let _ = write!(
            html,
            "<tr><th scope=\"row\"><a href=\"{}{}\">{year}</a></th>",
            escape_attr(root),
            escape_attr(&target)
        );
        let current = point.indicator.current.as_ref().map(|c| c.get_ref());
        match current.and_then(Cell::measure) {
            Some((value, unit)) => {
                let _ = write!(
                    html,
                    "<td class=\"number\">{}</td>",
                    escape_attr(&i18n.numbers(lang).measure(value, unit))
                );
            }
            None => empty(&mut html, lang, i18n, current.is_some_and(|c| c.pending)),
        }
        for cell in [
            current,
            point.indicator.baseline.as_ref().map(|c| c.get_ref()),
            point.indicator.milestone.as_ref().map(|c| c.get_ref()),
        ] {
            match cell.and_then(|c| c.text_in(lang)) {
                Some(text) => {
                    let _ = write!(html, "<td>{}</td>", data_text(text, lang, i18n, sanitize));
                }
                None => empty(&mut html, lang, i18n, cell.is_some_and(|c| c.pending)),
            }
        }
        html.push_str("</tr>\n");
    }
    html.push_str("</tbody>\n</table>\n</div>\n");
    html
}

fn empty(html: &mut String, lang: &str, i18n: &I18n, pending: bool) {
    crate::render::tables::push_empty_cell(html, i18n, lang, pending);
}

// Drawn at the size the theme shows charts (at most 25rem wide), so 14-unit text reads
// as 14 px.
const WIDTH: f64 = 400.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 56.0;
const RIGHT: f64 = 32.0;
const TOP: f64 = 28.0;
const BOTTOM: f64 = 36.0;
/// The least room a year label needs; with more editions than fit, every n-th is labelled.
const LABEL_WIDTH: f64 = 44.0;

/// A line chart of the numeric current values, when at least two editions give one in
/// the same unit (the latest edition's unit). The table above holds the same data.
fn chart(points: &[Point<'_>], lang: &str, i18n: &I18n) -> Option<String> {
    let measures: Vec<(u16, f64, Unit)> = points
        .iter()
        .filter_map(|p| {
            let (value, unit) = p.indicator.current.as_ref()?.get_ref().measure()?;
            Some((p.edition.year, value, unit))
        })
        .collect();
    let unit = measures.last()?.2;
    let values: Vec<(u16, f64)> = measures
        .iter()
        .filter(|m| m.2 == unit)
        .map(|m| (m.0, m.1))
        .collect();
    if values.len() < 2 {
        return None;
    }
    let numbers = i18n.numbers(lang);
    let id = points.last()?.indicator.id.get_ref();
    let top_value = match unit {
        Unit::Percent => 100f64.max(values.iter().map(|v| v.1).fold(0.0, f64::max)),
        Unit::Count => nice_ceiling(values.iter().map(|v| v.1).fold(0.0, f64::max)),
    };
    let first_year = f64::from(points.first()?.edition.year);
    let last_year = f64::from(points.last()?.edition.year);
    let span = (last_year - first_year).max(1.0);
    let x = |year: u16| LEFT + (f64::from(year) - first_year) / span * (WIDTH - LEFT - RIGHT);
    let y = |value: f64| TOP + (1.0 - value / top_value) * (HEIGHT - TOP - BOTTOM);
    // Label every `step`-th year (counted from the first) and the last one.
    let step = (LABEL_WIDTH / ((WIDTH - LEFT - RIGHT) / span))
        .ceil()
        .max(1.0) as u16;
    let first = points.first()?.edition.year;
    let last = points.last()?.edition.year;
    let labelled =
        |year: u16| year == last || ((year - first).is_multiple_of(step) && last - year >= step);
    let title = i18n.fill_isolated(lang, "trend_chart_title", &[("id", id)]);
    let description = values
        .iter()
        .map(|(year, value)| {
            i18n.fill_isolated(
                lang,
                "trend_point",
                &[
                    ("year", &year.to_string()),
                    ("value", &numbers.measure(*value, unit)),
                ],
            )
        })
        .collect::<Vec<_>>()
        // Each point has a colon and maybe a decimal comma: the language's own separator
        // between points (`list_separator`: "; ", "؛ ", "；").
        .join(i18n.get(lang, "list_separator"));
    let description = i18n.sentence(lang, &description);
    // The years run left to right in every language: in a right-to-left page the chart
    // says so, or its labels' anchors would follow the page's direction and swap sides.
    let direction = match crate::core::language::direction(lang).is_rtl() {
        true => " direction=\"ltr\"",
        false => "",
    };
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<figure class=\"chart trend-chart\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\" width=\"100%\" role=\"img\" aria-labelledby=\"trend-chart-title trend-chart-desc\" font-family=\"inherit\" font-size=\"14\"{direction}>\n<title id=\"trend-chart-title\">{}</title>\n<desc id=\"trend-chart-desc\">{}</desc>\n",
        escape_attr(&title),
        escape_attr(&description)
    );
    // Axes and gridlines: 0, half and top.
    for fraction in [0.0, 0.5, 1.0] {
        let value = top_value * fraction;
        let gy = y(value);
        let _ = writeln!(
            svg,
            "<line x1=\"{LEFT}\" y1=\"{gy:.1}\" x2=\"{:.1}\" y2=\"{gy:.1}\" stroke=\"currentColor\" stroke-opacity=\"{}\"/>\n<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"currentColor\">{}</text>",
            WIDTH - RIGHT,
            if fraction == 0.0 { "1" } else { "0.25" },
            LEFT - 8.0,
            gy + 5.0,
            escape_attr(&numbers.measure(value, unit))
        );
    }
    let path: Vec<String> = values
        .iter()
        .map(|(year, value)| format!("{:.1},{:.1}", x(*year), y(*value)))
        .collect();
    let _ = writeln!(
        svg,
        "<polyline points=\"{}\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"3\"/>",
        path.join(" ")
    );
    for (year, value) in &values {
        let (px, py) = (x(*year), y(*value));
        let _ = writeln!(
            svg,
            "<circle cx=\"{px:.1}\" cy=\"{py:.1}\" r=\"4\" fill=\"currentColor\"/>"
        );
        if labelled(*year) {
            let _ = writeln!(
                svg,
                "<text x=\"{px:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>",
                py - 10.0,
                escape_attr(&numbers.measure(*value, unit))
            );
        }
    }
    for point in points.iter().filter(|p| labelled(p.edition.year)) {
        let _ = writeln!(
            svg,
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"currentColor\">{}</text>",
            x(point.edition.year),
            HEIGHT - BOTTOM + 24.0,
            point.edition.year
        );
    }
    let _ = write!(
        svg,
        "</svg>\n<figcaption>{}</figcaption>\n</figure>\n",
        escape_attr(&title)
    );
    Some(svg)
}

/// The smallest of 1, 2, 5 × 10ⁿ at or above `value` (at least 1).
fn nice_ceiling(value: f64) -> f64 {
    if value <= 1.0 {
        return 1.0;
    }
    let magnitude = 10f64.powf(value.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .iter()
        .map(|m| m * magnitude)
        .find(|c| *c >= value)
        .unwrap_or(value)
}

/// Inline Markdown from the data, with the language's typography.
fn data_text(
    text: &str,
    lang: &str,
    i18n: &I18n,
    sanitize: Option<&dyn Fn(&str) -> String>,
) -> String {
    let typography = i18n.typography(lang);
    crate::render::markdown::render_inline_typeset(text, sanitize, &|_| None, typography)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ceilings_are_round() {
        assert_eq!(nice_ceiling(0.5), 1.0);
        assert_eq!(nice_ceiling(12.0), 20.0);
        assert_eq!(nice_ceiling(50.0), 50.0);
        assert_eq!(nice_ceiling(51.0), 100.0);
        assert_eq!(nice_ceiling(3409.0), 5000.0);
    }
}
