//! Indicator tables: accessible HTML tables grouped by outcome and output, with a header
//! cell per row, built from `indicators.toml` for one language.

use std::fmt::Write as _;

use crate::core::html::escape_attr;
use crate::core::model::{Cell, Edition, Indicator, IndicatorsBlock};
use crate::core::select::selected;
use crate::render::i18n::I18n;

/// Everything a table needs to be drawn in one language.
pub(crate) struct TableRequest<'a> {
    /// The edition the indicators belong to.
    pub edition: &'a Edition,
    /// What the author asked for.
    pub block: &'a IndicatorsBlock,
    /// The language.
    pub lang: &'a str,
    /// UI strings and number formats.
    pub i18n: &'a I18n,
    /// A unique id for this table on its page.
    pub id: &'a str,
    /// Sanitizer for Markdown in cells, when raw HTML is not trusted.
    pub sanitize: Option<&'a dyn Fn(&str) -> String>,
    /// Where the table links to (trend pages, data downloads), when anywhere.
    pub links: Option<&'a TableLinks<'a>>,
}

/// The links an indicator table offers, as URLs relative to its page.
pub(crate) struct TableLinks<'a> {
    /// An indicator's page of values over the years, by id, when it has one.
    pub trend: &'a dyn Fn(&str) -> Option<String>,
    /// The table's data as files to download: (label, URL).
    pub downloads: Vec<(String, String)>,
    /// Rewrites a relative link written in a cell (relative to `indicators.toml`).
    pub cell: &'a dyn Fn(&str) -> Option<String>,
}

/// The columns of every row, in order, after the group's column (`output`) when the
/// table shows one.
pub(super) const VALUE_COLUMNS: [&str; 5] = [
    "indicator",
    "verification",
    "baseline",
    "milestone",
    "current",
];

/// The table's HTML: a captioned table in a focusable, labelled scroll region.
pub(crate) fn indicators_table(req: &TableRequest<'_>) -> String {
    let indicators = selected(req.edition, req.block);
    let caption = req.i18n.typeset(req.lang, &caption(req));
    let mut html = String::new();
    let caption_id = format!("{}-caption", req.id);
    let _ = write!(
        html,
        "<div class=\"table-scroll\" role=\"region\" aria-labelledby=\"{caption_id}\" tabindex=\"0\">\n<table class=\"indicators\" id=\"{}\">\n<caption id=\"{caption_id}\">{}</caption>\n",
        req.id,
        escape_attr(&caption)
    );
    let groups = group_by_output(&indicators);
    let show_groups = !caption_names_the_only_group(req, &groups);
    html.push_str("<thead><tr>");
    if show_groups {
        let _ = write!(
            html,
            "<th scope=\"col\" id=\"{}\">{}</th>",
            escape_attr(&header_id(req, "output")),
            escape_attr(&req.i18n.column_label(req.edition, req.lang, "output"))
        );
    }
    for key in VALUE_COLUMNS {
        let id = if show_groups {
            format!(" id=\"{}\"", escape_attr(&header_id(req, key)))
        } else {
            String::new()
        };
        let _ = write!(
            html,
            "<th scope=\"col\"{id}>{}</th>",
            escape_attr(&column_label(req, key))
        );
    }
    html.push_str("</tr></thead>\n");
    for (output, rows) in groups {
        html.push_str("<tbody>\n");
        let group_id = show_groups.then(|| header_id(req, &format!("output-{output}")));
        for (i, indicator) in rows.iter().enumerate() {
            let heading = group_id.as_ref().map(|id| GroupHeading {
                id: id.clone(),
                label: req.i18n.typeset(req.lang, &output_label(req, output)),
                rows: rows.len(),
                first: i == 0,
            });
            row(&mut html, indicator, heading.as_ref(), req);
        }
        html.push_str("</tbody>\n");
    }
    html.push_str("</table>\n</div>\n");
    if let Some(links) = req.links.filter(|l| !l.downloads.is_empty()) {
        let items: Vec<String> = links
            .downloads
            .iter()
            .map(|(label, url)| {
                format!(
                    "<a href=\"{}\">{}</a>",
                    escape_attr(url),
                    escape_attr(label)
                )
            })
            .collect();
        let _ = writeln!(
            html,
            "<p class=\"data-downloads\">{}</p>",
            items.join(" · ")
        );
    }
    html
}

/// A cell's inline Markdown as HTML, its relative links pointing where they should.
fn cell_markdown(text: &str, req: &TableRequest<'_>) -> String {
    let none = |_: &str| None;
    let resolve: &dyn Fn(&str) -> Option<String> = match req.links {
        Some(links) => links.cell,
        None => &none,
    };
    let typography = req.i18n.typography(req.lang);
    crate::render::markdown::render_inline_typeset(text, req.sanitize, resolve, typography)
}

/// A column heading, from the one owner of column wording.
pub(crate) fn column_label(req: &TableRequest<'_>, key: &str) -> String {
    req.i18n.column_label(req.edition, req.lang, key)
}

pub(super) fn caption(req: &TableRequest<'_>) -> String {
    if let Some(caption) = &req.block.caption {
        return caption.clone();
    }
    let title_of = |id: &str, outcome: bool| -> String {
        let title = if outcome {
            req.edition
                .meta
                .outcomes
                .iter()
                .find(|o| o.id.get_ref() == id)
                .and_then(|o| o.title.get_ref().get(req.lang).cloned())
        } else {
            req.edition
                .output(id)
                .and_then(|o| o.title.get_ref().get(req.lang).cloned())
        };
        title.unwrap_or_default()
    };
    if let Some(outcome) = &req.block.outcome {
        let title = title_of(outcome.get_ref(), true);
        return req.i18n.fill_isolated(
            req.lang,
            "indicators_for_outcome",
            &[("id", outcome.get_ref()), ("title", &title)],
        );
    }
    if let Some(output) = &req.block.output {
        let title = title_of(output.get_ref(), false);
        return req.i18n.fill_isolated(
            req.lang,
            "output_heading",
            &[("id", output.get_ref()), ("title", &title)],
        );
    }
    req.i18n.get(req.lang, "indicators").to_string()
}

pub(super) fn group_by_output<'e>(
    indicators: &[&'e Indicator],
) -> Vec<(&'e str, Vec<&'e Indicator>)> {
    let mut groups: Vec<(&str, Vec<&Indicator>)> = Vec::new();
    for indicator in indicators {
        let output = indicator.output.get_ref().as_str();
        match groups.iter_mut().find(|(o, _)| *o == output) {
            Some((_, rows)) => rows.push(indicator),
            None => groups.push((output, vec![indicator])),
        }
    }
    groups
}

/// A group's heading cell: the first cell of the group's first row, spanning its rows.
struct GroupHeading {
    id: String,
    label: String,
    rows: usize,
    /// Whether this row is the group's first, which holds the heading cell.
    first: bool,
}

/// A header cell's id, unique on the page: the table's id and a slug of `key`.
fn header_id(req: &TableRequest<'_>, key: &str) -> String {
    format!("{}-{}", req.id, crate::core::outline::slugify(key))
}

/// `cell`, which starts with `<td`, given a `headers` attribute when there are any.
fn with_headers(cell: &str, headers: Option<&str>) -> String {
    match (headers, cell.strip_prefix("<td")) {
        (Some(h), Some(rest)) => format!("<td headers=\"{}\"{rest}", escape_attr(h)),
        _ => cell.to_string(),
    }
}

/// "Output B.1. Open data portal" in the table's language.
pub(super) fn output_label(req: &TableRequest<'_>, output: &str) -> String {
    let title = req
        .edition
        .output(output)
        .and_then(|o| o.title.get_ref().get(req.lang).cloned())
        .unwrap_or_default();
    req.i18n.fill_isolated(
        req.lang,
        "output_heading",
        &[("id", output), ("title", &title)],
    )
}

/// A block that asks for one output (`output = "B.1"`) names that output in its caption
/// (the default caption is the output's heading): when it is also the table's only group,
/// a group heading would only repeat the caption.
pub(super) fn caption_names_the_only_group(
    req: &TableRequest<'_>,
    groups: &[(&str, Vec<&Indicator>)],
) -> bool {
    match (&req.block.output, groups) {
        (Some(output), [(only, _)]) => output.get_ref() == only,
        _ => false,
    }
}

fn row(
    html: &mut String,
    indicator: &Indicator,
    group: Option<&GroupHeading>,
    req: &TableRequest<'_>,
) {
    let lang = req.lang;
    let description = indicator
        .description
        .get_ref()
        .get(lang)
        .map_or("", String::as_str);
    let _ = write!(
        html,
        "<tr id=\"indicator-{}\">",
        escape_attr(&crate::core::outline::slugify(indicator.id.get_ref()))
    );
    // A row header spanning the group's rows is what Chromium's accessibility tree
    // associates with each of their cells (a `scope="colgroup"` heading row is given to
    // every cell of the table, a `scope="rowgroup"` one spanning columns to none, and
    // `headers` is ignored); `scope="rowgroup"` says the same under the HTML table model.
    // Tools that read the HTML table model literally (HTML_CodeSniffer's H43) ask for
    // explicit `headers` once a table has two levels of headings; Chromium ignores them.
    let row_id = group.map(|_| header_id(req, indicator.id.get_ref()));
    if let Some(group) = group.filter(|g| g.first) {
        let _ = write!(
            html,
            "<th scope=\"rowgroup\" rowspan=\"{}\" class=\"group\" id=\"{}\" headers=\"{}\">{}</th>",
            group.rows,
            escape_attr(&group.id),
            escape_attr(&header_id(req, "output")),
            escape_attr(&group.label)
        );
    }
    let row_attrs = match (&row_id, group) {
        (Some(id), Some(g)) => format!(
            " id=\"{}\" headers=\"{} {}\"",
            escape_attr(id),
            escape_attr(&header_id(req, "indicator")),
            escape_attr(&g.id)
        ),
        _ => String::new(),
    };
    let headers_of = |key: &str| {
        row_id
            .as_ref()
            .zip(group)
            .map(|(r, g)| format!("{} {r} {}", header_id(req, key), g.id))
    };
    let _ = write!(
        html,
        "<th scope=\"row\"{row_attrs}><span class=\"indicator-id\" dir=\"auto\">{}</span> {}",
        escape_attr(indicator.id.get_ref()),
        cell_markdown(description, req)
    );
    if let Some(url) = req.links.and_then(|l| (l.trend)(indicator.id.get_ref())) {
        let _ = write!(
            html,
            " <a class=\"indicator-trend\" href=\"{}\">{}</a>",
            escape_attr(&url),
            escape_attr(req.i18n.get(lang, "values_over_years"))
        );
    }
    html.push_str("</th>");
    let verification = indicator
        .verification
        .as_ref()
        .and_then(|v| v.get_ref().get(lang))
        .map(|t| cell_markdown(t, req));
    let mut cell = String::new();
    match verification {
        Some(v) => {
            let _ = write!(cell, "<td>{v}</td>");
        }
        None => empty_cell(&mut cell, req, false),
    }
    html.push_str(&with_headers(&cell, headers_of("verification").as_deref()));
    for (value, key) in indicator
        .cells()
        .into_iter()
        .zip(["baseline", "milestone", "current"])
    {
        cell.clear();
        value_cell(&mut cell, value, req);
        html.push_str(&with_headers(&cell, headers_of(key).as_deref()));
    }
    html.push_str("</tr>\n");
}

fn value_cell(html: &mut String, cell: Option<&Cell>, req: &TableRequest<'_>) {
    match cell {
        Some(cell) => match cell.text_in(req.lang) {
            Some(text) => {
                let _ = write!(html, "<td>{}</td>", cell_markdown(text, req));
            }
            None if cell.pending => empty_cell(html, req, true),
            None => empty_cell(html, req, false),
        },
        None => empty_cell(html, req, false),
    }
}

/// An empty cell stays empty in meaning: a visible dash and a spoken explanation, never
/// a made-up value.
fn empty_cell(html: &mut String, req: &TableRequest<'_>, pending: bool) {
    push_empty_cell(html, req.i18n, req.lang, pending);
}

/// The UI string that words an empty value cell, or one still to be reported.
pub(super) fn empty_cell_key(pending: bool) -> &'static str {
    if pending {
        "pending_cell"
    } else {
        "empty_cell"
    }
}

/// Writes an empty (or still to be reported) value cell in a language.
pub(crate) fn push_empty_cell(html: &mut String, i18n: &I18n, lang: &str, pending: bool) {
    let key = empty_cell_key(pending);
    let _ = write!(
        html,
        "<td class=\"empty\"><span class=\"empty-mark\" aria-hidden=\"true\">—</span> <span class=\"empty-label\">{}</span></td>",
        escape_attr(i18n.get(lang, key))
    );
}
