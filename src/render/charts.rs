//! Charts drawn at build time from the edition's data, as accessible inline SVG.
//!
//! Owns the figures authors place with a ```` ```{figure} ```` block (completed projects
//! by output or by category) and the progress chart beside each numeric indicator. Each
//! chart is an SVG with `role="img"`, a localized `<title>` and `<desc>` (what it shows
//! and its key values), followed by its data table in a `<details>` and a link to the
//! same SVG as a standalone file. The numbers come from [`data`], the marks from
//! [`draw`] (plotters' SVG backend), text widths and line breaks from the fonts shipped
//! in `assets/fonts/` and Unicode's rules ([`text`]): no system font, and the same bytes
//! on every machine. A chart in a right-to-left language is mirrored and says
//! `direction="rtl"`.
//!
//! It must not read files or fail a build: validation has already reported bad data,
//! and a chart that cannot be drawn honestly is not drawn.

mod data;
mod data_table;
mod draw;
mod svg;
mod text;

use std::fmt::Write as _;

use crate::core::html::escape_attr;
use crate::core::language;
use crate::core::model::{ChartKind, Edition, FigureBlock, Indicator, Unit};
use crate::core::outline::slugify;
use crate::core::routes;
use crate::render::i18n::I18n;
use crate::render::markdown::{plain_text, render_inline_typeset};

use data::{BarData, Stage};
use data_table::{DataTable, Row, details, download};
use draw::{BarSpec, Layout, PointSpec};
use svg::Reader;
use text::Fonts;

/// A chart ready to place in a page, with the standalone files it links to.
pub struct ChartHtml {
    /// The figure's HTML.
    pub html: String,
    /// Files to write beside the site (standalone SVG), by output path.
    pub files: Vec<(String, Vec<u8>)>,
}

/// What a numbered figure needs.
pub struct FigureRequest<'a> {
    /// The edition whose data it draws.
    pub edition: &'a Edition,
    /// The author's block.
    pub block: &'a FigureBlock,
    /// The language.
    pub lang: &'a str,
    /// UI strings and numbers.
    pub i18n: &'a I18n,
    /// The figure's number in the edition.
    pub number: usize,
    /// The prefix from the page to the site root.
    pub root: &'a str,
    /// Sanitizer for Markdown in notes.
    pub sanitize: Option<&'a dyn Fn(&str) -> String>,
}

/// A chart as the edition's PDF shows it: the same drawing, caption and description as
/// the page's, with its standalone SVG file.
pub(crate) struct PdfChart {
    /// The caption: for a numbered figure, the text after "Figure N.".
    pub(crate) caption: String,
    /// The text description (the SVG's `<desc>`), the chart's alternative text.
    pub(crate) description: String,
    /// The standalone SVG file.
    pub(crate) svg: Vec<u8>,
    /// The sentence naming the groups left out for having no project, if any.
    pub(crate) omitted: Option<String>,
}

/// A numbered figure, drawn: what its HTML and the PDF's data are made of.
struct DrawnFigure {
    data: BarData,
    /// The caption after "Figure N.", typeset.
    title: String,
    /// "Figure N. …".
    caption: String,
    description: String,
    inline: String,
    standalone: String,
    /// The standalone SVG as the PDF's renderer reads it.
    pdf: String,
    omitted: Option<String>,
}

fn draw_figure(req: &FigureRequest<'_>) -> DrawnFigure {
    let (lang, i18n) = (req.lang, req.i18n);
    let kind = *req.block.chart.get_ref();
    let data = data::completed(req.edition, kind, req.block.empty_groups(), lang, i18n);
    let numbers = i18n.numbers(lang);
    let number = |n: u32| numbers.number(f64::from(n));
    let specs: Vec<BarSpec<'_>> = data
        .bars
        .iter()
        .map(|b| BarSpec {
            label: &b.label,
            value: b.value,
            value_text: number(b.value),
            remainder: b.remainder,
        })
        .collect();
    let message = data.empty.then(|| i18n.get(lang, "chart_no_projects"));
    let layout = draw::bars(&specs, message, Fonts::for_language(lang));
    let title = i18n.typeset(
        lang,
        &i18n.figure_caption(lang, req.block, req.edition.year),
    );
    let caption = i18n.figure_numbered(lang, &numbers.counter(req.number), &title);
    let description = bars_description(&data, kind, lang, i18n);
    let id = format!("figure-{}-{lang}", req.number);
    let chart = Chart::new(id, lang, &caption, &description, layout);
    let [inline, standalone, pdf] =
        [SvgCopy::Inline, SvgCopy::Standalone, SvgCopy::Pdf].map(|copy| chart.svg(copy));
    let omitted = omitted_note(&data, lang, i18n);
    DrawnFigure {
        data,
        title,
        caption,
        description,
        inline,
        standalone,
        pdf,
        omitted,
    }
}

/// A numbered figure for the edition's PDF.
pub(crate) fn figure_for_pdf(req: &FigureRequest<'_>) -> PdfChart {
    let drawn = draw_figure(req);
    PdfChart {
        caption: drawn.title,
        description: drawn.description,
        svg: drawn.pdf.into_bytes(),
        omitted: drawn.omitted,
    }
}

/// A numbered figure: completed projects by output or by category, with the part of the
/// edition's stated total that the register does not itemize as its own hatched bar.
pub fn figure(req: &FigureRequest<'_>) -> ChartHtml {
    let (lang, i18n) = (req.lang, req.i18n);
    let kind = *req.block.chart.get_ref();
    let drawn = draw_figure(req);
    let (data, caption) = (&drawn.data, &drawn.caption);
    let numbers = i18n.numbers(lang);
    let number = |n: u32| numbers.number(f64::from(n));
    let name = format!("figure-{}", req.number);
    let path = routes::chart(req.edition.year, lang, &name);

    let mut html = String::new();
    let caption_id = format!("{name}-caption");
    let _ = writeln!(html, "<figure class=\"chart\" id=\"{name}\">");
    let _ = writeln!(
        html,
        "<figcaption id=\"{caption_id}\">{}</figcaption>",
        escape_attr(caption)
    );
    html.push_str(&drawn.inline);
    if let Some(omitted) = &drawn.omitted {
        let _ = writeln!(
            html,
            "<p class=\"chart-note chart-omitted\">{}</p>",
            escape_attr(omitted)
        );
    }
    if let Some(note) = req.block.note.as_deref().filter(|n| !n.trim().is_empty()) {
        let _ = writeln!(
            html,
            "<p class=\"chart-note\">{}</p>",
            render_inline_typeset(note, req.sanitize, &|_| None, i18n.typography(lang))
        );
    }
    let header = match kind {
        ChartKind::CompletedByOutput => "chart_output",
        ChartKind::CompletedByCategory => "chart_category",
    };
    let rows: Vec<Row> = data
        .bars
        .iter()
        .map(|b| Row {
            label: b.label.clone(),
            value: number(b.value),
            class: b.remainder.then_some("remainder"),
        })
        .collect();
    let total = (!rows.is_empty()).then(|| Row {
        label: i18n.get(lang, "chart_total").into(),
        value: number(data.total()),
        class: None,
    });
    let table = DataTable {
        caption,
        headers: [i18n.get(lang, header), i18n.get(lang, "chart_completed")],
        rows,
        total,
        empty: i18n.get(lang, "chart_no_projects"),
    };
    html.push_str(&details(&table, lang, i18n));
    html.push_str(&download(req.root, &path, &name, &caption_id, lang, i18n));
    html.push_str("</figure>\n");
    ChartHtml {
        html,
        files: vec![(path, drawn.standalone.into_bytes())],
    }
}

/// Draws an indicator's progress chart, if it has numeric values in one unit.
fn draw_progress(
    edition: &Edition,
    indicator: &Indicator,
    lang: &str,
    i18n: &I18n,
) -> Option<DrawnProgress> {
    let data = data::progress(indicator)?;
    let numbers = i18n.numbers(lang);
    let measure = |v: f64| numbers.measure(v, data.unit);
    let id = indicator.id.get_ref();
    let name = format!("indicator-{}", slugify(id));
    let labels: Vec<String> = data
        .points
        .iter()
        .map(|(stage, _)| i18n.column_label(edition, lang, stage.key()))
        .collect();
    let specs: Vec<PointSpec<'_>> = data
        .points
        .iter()
        .zip(&labels)
        .map(|((stage, value), label)| PointSpec {
            label,
            value: *value,
            value_text: measure(*value),
            marker: match stage {
                Stage::Baseline => 0,
                Stage::Milestone => 1,
                Stage::Current => 2,
            },
            class: stage.key(),
        })
        .collect();
    let fractions: &[f64] = match data.unit {
        Unit::Percent => &[0.0, 0.25, 0.5, 0.75, 1.0],
        Unit::Count => &[0.0, 0.5, 1.0],
    };
    let ticks: Vec<(f64, String)> = fractions
        .iter()
        .map(|f| (f * data.max, measure(f * data.max)))
        .collect();
    let layout = draw::dots(&specs, data.max, &ticks, Fonts::for_language(lang));

    let caption = i18n.fill_isolated(
        lang,
        "chart_progress_caption",
        &[
            ("id", id),
            ("baseline", &i18n.column_label(edition, lang, "baseline")),
            ("milestone", &i18n.column_label(edition, lang, "milestone")),
            ("current", &i18n.column_label(edition, lang, "current")),
        ],
    );
    let what = indicator
        .description
        .get_ref()
        .get(lang)
        .map(|d| plain_text(d))
        .unwrap_or_default();
    let mut sentences = vec![i18n.fill_isolated(
        lang,
        "chart_progress_desc",
        &[
            ("min", &measure(0.0)),
            ("max", &measure(data.max)),
            ("description", &i18n.sentence(lang, &what)),
        ],
    )];
    for (label, spec) in labels.iter().zip(&specs) {
        sentences.push(i18n.fill_isolated(
            lang,
            "chart_value",
            &[("label", label), ("value", &spec.value_text)],
        ));
    }
    let description = i18n.sentences(lang, &sentences);
    let chart = Chart::new(
        format!("{name}-progress-{lang}"),
        lang,
        &caption,
        &description,
        layout,
    );
    let rows = labels
        .iter()
        .zip(&specs)
        .map(|(label, spec)| (label.clone(), spec.value_text.clone()))
        .collect();
    Some(DrawnProgress {
        inline: chart.svg(SvgCopy::Inline),
        standalone: chart.svg(SvgCopy::Standalone),
        pdf: chart.svg(SvgCopy::Pdf),
        name,
        caption,
        description,
        rows,
    })
}

/// An indicator's progress chart, drawn: what its HTML and the PDF's data are made of.
struct DrawnProgress {
    /// `indicator-<id>`, the name of its file.
    name: String,
    caption: String,
    description: String,
    inline: String,
    standalone: String,
    /// The standalone SVG as the PDF's renderer reads it.
    pdf: String,
    /// Each point's label and value, as drawn.
    rows: Vec<(String, String)>,
}

/// An indicator's progress chart for the edition's PDF, if it has one.
pub(crate) fn progress_for_pdf(
    edition: &Edition,
    indicator: &Indicator,
    lang: &str,
    i18n: &I18n,
) -> Option<PdfChart> {
    let drawn = draw_progress(edition, indicator, lang, i18n)?;
    Some(PdfChart {
        caption: drawn.caption,
        description: drawn.description,
        svg: drawn.pdf.into_bytes(),
        omitted: None,
    })
}

/// The progress chart of an indicator with numeric values, if it has them: baseline,
/// milestone and current status as points on one scale. An indicator whose current
/// status is not a number, or whose numbers are in different units, has none.
pub fn indicator_progress(
    edition: &Edition,
    indicator: &Indicator,
    lang: &str,
    i18n: &I18n,
    root: &str,
) -> Option<ChartHtml> {
    let drawn = draw_progress(edition, indicator, lang, i18n)?;
    let (name, caption) = (&drawn.name, &drawn.caption);
    let path = routes::chart(edition.year, lang, name);

    let mut html = String::new();
    let caption_id = format!("{name}-progress-caption");
    let _ = writeln!(
        html,
        "<figure class=\"chart chart-progress\" id=\"{name}-progress\">"
    );
    let _ = writeln!(
        html,
        "<figcaption id=\"{caption_id}\">{}</figcaption>",
        escape_attr(caption)
    );
    html.push_str(&drawn.inline);
    let rows = (drawn.rows.iter())
        .map(|(label, value)| Row {
            label: label.clone(),
            value: value.clone(),
            class: None,
        })
        .collect();
    let table = DataTable {
        caption,
        headers: [
            i18n.get(lang, "chart_measure"),
            i18n.get(lang, "chart_value_column"),
        ],
        rows,
        total: None,
        empty: "",
    };
    html.push_str(&details(&table, lang, i18n));
    html.push_str(&download(root, &path, name, &caption_id, lang, i18n));
    html.push_str("</figure>\n");
    Some(ChartHtml {
        html,
        files: vec![(path, drawn.standalone.into_bytes())],
    })
}

/// The values an indicator's progress chart writes, by indicator column (`baseline`,
/// `milestone`, `current`), exactly as the chart writes them: `check` compares them with
/// the text of the cells in the table beside the chart. None when it has no chart.
pub(crate) fn progress_values(
    indicator: &Indicator,
    lang: &str,
    i18n: &I18n,
) -> Vec<(&'static str, String)> {
    let Some(data) = data::progress(indicator) else {
        return Vec::new();
    };
    let numbers = i18n.numbers(lang);
    data.points
        .iter()
        .map(|(stage, value)| (stage.key(), numbers.measure(*value, data.unit)))
        .collect()
}

/// The width chart text in `lang` takes when set at `size` (in a chart's user units), as
/// the layout measures it: with the fonts the chart's SVG names first. For tests (and a
/// future `check`) that hold every drawn text to its chart's width.
pub fn text_width(lang: &str, text: &str, size: f64) -> f64 {
    Fonts::for_language(lang).width(text, size)
}

/// What the bar chart shows, in words: its subject, its largest and smallest bars, and
/// how its total relates to the edition's stated total.
fn bars_description(data: &BarData, kind: ChartKind, lang: &str, i18n: &I18n) -> String {
    let numbers = i18n.numbers(lang);
    let number = |n: u32| numbers.number(f64::from(n));
    let subject = match kind {
        ChartKind::CompletedByOutput => "chart_by_output",
        ChartKind::CompletedByCategory => "chart_by_category",
    };
    let mut parts = vec![i18n.get(lang, subject).to_string()];
    if data.empty {
        parts.push(i18n.get(lang, "chart_no_projects").to_string());
    }
    let itemized: Vec<_> = data.itemized().collect();
    let extreme = |value: u32| -> String {
        let tied: Vec<&str> = (itemized.iter())
            .filter(|b| b.value == value)
            .map(|b| b.short.as_str())
            .collect();
        i18n.list(lang, &tied)
    };
    if let (Some(max), Some(min)) = (
        itemized.iter().map(|b| b.value).max(),
        itemized.iter().map(|b| b.value).min(),
    ) {
        parts.push(i18n.fill_isolated(
            lang,
            "chart_largest",
            &[("label", &extreme(max)), ("value", &number(max))],
        ));
        if min < max {
            parts.push(i18n.fill_isolated(
                lang,
                "chart_smallest",
                &[("label", &extreme(min)), ("value", &number(min))],
            ));
        }
    }
    let counted = number(data.counted);
    parts.extend(omitted_note(data, lang, i18n));
    parts.push(match (data.stated, data.remainder()) {
        (Some(stated), Some(remainder)) => i18n.fill_isolated(
            lang,
            "chart_with_remainder",
            &[
                ("counted", &counted),
                ("remainder", &number(remainder)),
                ("total", &number(stated)),
            ],
        ),
        (Some(stated), None) if data.counted > stated => i18n.fill_isolated(
            lang,
            "chart_over_total",
            &[("counted", &counted), ("total", &number(stated))],
        ),
        _ => i18n.fill_isolated(lang, "chart_register_total", &[("total", &counted)]),
    });
    i18n.sentences(lang, &parts)
}

/// The sentence naming the groups a figure leaves out for having no completed project,
/// if it leaves any out.
fn omitted_note(data: &BarData, lang: &str, i18n: &I18n) -> Option<String> {
    if data.omitted.is_empty() {
        return None;
    }
    let groups = i18n.list(lang, &data.omitted);
    Some(i18n.fill_isolated(lang, "chart_omitted", &[("groups", &groups)]))
}

/// Which copy of a chart's SVG to write.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SvgCopy {
    /// Inline in a page, whose `lang` it takes.
    Inline,
    /// A standalone file, with an XML declaration and its language.
    Standalone,
    /// The standalone file as the PDF's SVG renderer reads it: the same drawing, with
    /// right-to-left text anchored without `direction` (see [`Reader`]).
    Pdf,
}

/// A chart's SVG document, with its accessible name and description.
struct Chart<'a> {
    /// The prefix of its element ids, unique on a page.
    id: String,
    lang: &'a str,
    title: &'a str,
    description: &'a str,
    /// The height of its `viewBox`.
    height: i32,
    /// Mirrored for a right-to-left language.
    rtl: bool,
    /// Its marks, drawn for browsers.
    body: String,
    /// Its marks, drawn for the PDF's renderer: only a right-to-left chart's differ.
    pdf_body: Option<String>,
}

impl<'a> Chart<'a> {
    /// A laid-out chart, mirrored if its language is written right to left.
    fn new(
        id: String,
        lang: &'a str,
        title: &'a str,
        description: &'a str,
        layout: Layout,
    ) -> Self {
        let layout = if language::direction(lang).is_rtl() {
            draw::mirror(layout)
        } else {
            layout
        };
        Chart {
            id,
            lang,
            title,
            description,
            height: layout.height,
            rtl: layout.rtl,
            body: svg::render(&layout, Reader::Browser),
            pdf_body: layout.rtl.then(|| svg::render(&layout, Reader::Typst)),
        }
    }

    /// One copy of the SVG.
    fn svg(&self, copy: SvgCopy) -> String {
        let id = &self.id;
        let mut svg = String::new();
        if copy != SvgCopy::Inline {
            svg.push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        }
        let mut attributes = String::new();
        if copy != SvgCopy::Inline {
            let _ = write!(attributes, " xml:lang=\"{}\"", escape_attr(self.lang));
        }
        let body = match (copy, &self.pdf_body) {
            (SvgCopy::Pdf, Some(pdf_body)) => pdf_body,
            _ => &self.body,
        };
        if self.rtl && copy != SvgCopy::Pdf {
            attributes.push_str(" direction=\"rtl\"");
        }
        let _ = writeln!(
            svg,
            "<svg xmlns=\"http://www.w3.org/2000/svg\"{attributes} viewBox=\"0 0 {} {}\" role=\"img\" aria-labelledby=\"{id}-title {id}-desc\">",
            draw::WIDTH,
            self.height
        );
        let _ = writeln!(
            svg,
            "<title id=\"{id}-title\">{}</title>",
            escape_attr(self.title)
        );
        let _ = writeln!(
            svg,
            "<desc id=\"{id}-desc\">{}</desc>",
            escape_attr(self.description)
        );
        svg.push_str(body);
        svg.push_str("</svg>\n");
        svg
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chart_in(lang: &str) -> Chart<'_> {
        let specs = [BarSpec {
            label: "المشاريع المنجزة",
            value: 3,
            value_text: "3".into(),
            remainder: false,
        }];
        let layout = draw::bars(&specs, None, Fonts::for_language(lang));
        Chart::new("c".into(), lang, "t", "d", layout)
    }

    /// Each text's `text-anchor` and `x`, and the root's `direction`.
    fn anchors(svg: &str) -> (Option<String>, Vec<(String, f64)>) {
        let doc = roxmltree::Document::parse(svg).expect("XML");
        let direction = doc.root_element().attribute("direction").map(String::from);
        let texts = doc
            .descendants()
            .filter(|n| n.has_tag_name("text"))
            .map(|t| {
                (
                    t.attribute("text-anchor").unwrap_or_default().to_string(),
                    t.attribute("x")
                        .and_then(|x| x.parse().ok())
                        .unwrap_or(-1.0),
                )
            })
            .collect();
        (direction, texts)
    }

    #[test]
    fn the_pdf_copy_of_a_right_to_left_chart_anchors_text_without_direction() {
        // Browsers: `direction="rtl"`, the label anchored at its start on the right.
        let arabic = chart_in("ar");
        let (direction, texts) = anchors(&arabic.svg(SvgCopy::Standalone));
        assert_eq!(direction.as_deref(), Some("rtl"));
        assert_eq!(texts[0], ("start".to_string(), 392.0));
        // Typst's usvg ignores `direction`: the same place, anchored by the text's end.
        let (direction, pdf_texts) = anchors(&arabic.svg(SvgCopy::Pdf));
        assert_eq!(direction, None);
        assert_eq!(pdf_texts[0], ("end".to_string(), 392.0));
        assert_eq!(texts.len(), pdf_texts.len());
        // A left-to-right chart's PDF copy is its standalone file.
        let french = chart_in("fr");
        assert_eq!(french.svg(SvgCopy::Pdf), french.svg(SvgCopy::Standalone));
        assert_eq!(
            anchors(&french.svg(SvgCopy::Inline)).1[0],
            ("start".to_string(), 8.0)
        );
    }

    #[test]
    fn markdown_becomes_plain_words() {
        assert_eq!(
            plain_text("Share of [www.ilo.org](https://www.ilo.org) *compliant*"),
            "Share of www.ilo.org compliant"
        );
    }
}
