//! A chart's values as an HTML table in a `<details>` under it, and the link to its
//! standalone SVG file: the parts of a chart's figure that only the web page has.

use std::fmt::Write as _;

use crate::core::html::escape_attr;
use crate::render::i18n::I18n;

/// One row of a chart's data table.
pub(super) struct Row {
    pub(super) label: String,
    pub(super) value: String,
    pub(super) class: Option<&'static str>,
}

/// A chart's values as a table: one row per bar or point, exactly as drawn.
pub(super) struct DataTable<'a> {
    pub(super) caption: &'a str,
    pub(super) headers: [&'a str; 2],
    pub(super) rows: Vec<Row>,
    pub(super) total: Option<Row>,
    pub(super) empty: &'a str,
}

pub(super) fn details(table: &DataTable<'_>, lang: &str, i18n: &I18n) -> String {
    let mut html = String::new();
    let _ = writeln!(
        html,
        "<details class=\"chart-data\">\n<summary>{}</summary>",
        escape_attr(i18n.get(lang, "chart_data"))
    );
    if table.rows.is_empty() {
        let _ = writeln!(html, "<p>{}</p>\n</details>", escape_attr(table.empty));
        return html;
    }
    let _ = writeln!(
        html,
        "<table>\n<caption>{}</caption>",
        escape_attr(table.caption)
    );
    let _ = writeln!(
        html,
        "<thead><tr><th scope=\"col\">{}</th><th scope=\"col\">{}</th></tr></thead>\n<tbody>",
        escape_attr(table.headers[0]),
        escape_attr(table.headers[1])
    );
    let row = |html: &mut String, row: &Row| {
        let class = row
            .class
            .map(|c| format!(" class=\"{c}\""))
            .unwrap_or_default();
        let _ = writeln!(
            html,
            "<tr{class}><th scope=\"row\">{}</th><td>{}</td></tr>",
            escape_attr(&row.label),
            escape_attr(&row.value)
        );
    };
    for r in &table.rows {
        row(&mut html, r);
    }
    html.push_str("</tbody>\n");
    if let Some(total) = &table.total {
        html.push_str("<tfoot>\n");
        row(&mut html, total);
        html.push_str("</tfoot>\n");
    }
    html.push_str("</table>\n</details>\n");
    html
}

pub(super) fn download(
    root: &str,
    path: &str,
    name: &str,
    caption_id: &str,
    lang: &str,
    i18n: &I18n,
) -> String {
    format!(
        "<p class=\"chart-download\"><a href=\"{}\" download=\"{name}.svg\" type=\"image/svg+xml\" aria-describedby=\"{caption_id}\">{}</a></p>\n",
        escape_attr(&format!("{root}{path}")),
        escape_attr(i18n.get(lang, "download_svg"))
    )
}
