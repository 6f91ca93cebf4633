//! A page's rapport blocks in the PDF: an indicator table with the progress charts after
//! it, and numbered figures. Their words come from the owners the web page asks
//! (`tables` for captions, groups and column labels, `charts` for drawings, captions and
//! descriptions); only the form differs: data instead of HTML.

use super::model::{Block, Figure, Group, IndicatorTable, Run, merge_texts};
use super::walk::{LinkTo, inline_runs};
use crate::core::model::{Cell, Edition, FigureBlock, Indicator, IndicatorsBlock};
use crate::core::outline::slugify;
use crate::core::select::selected;
use crate::render::charts::{self, FigureRequest, PdfChart};
use crate::render::i18n::I18n;
use crate::render::tables::{self, TableRequest};

/// What a page's blocks are drawn with, and what they give besides their blocks.
pub(super) struct DataBlocks<'a> {
    pub(super) edition: &'a Edition,
    pub(super) lang: &'a str,
    pub(super) i18n: &'a I18n,
    /// The page's slug, which prefixes the ids only unique on a page.
    pub(super) slug: &'a str,
    /// Where a link written in a cell of `indicators.toml` leads.
    pub(super) cell_link: &'a dyn Fn(&str) -> LinkTo,
    /// Where a link in a figure's note leads (written on the page).
    pub(super) page_link: &'a dyn Fn(&str) -> LinkTo,
    /// The page's indicator tables so far.
    pub(super) tables: usize,
    /// The next figure's number in the edition.
    pub(super) next_figure: usize,
    /// The chart files the blocks refer to, by path.
    pub(super) charts: Vec<(String, Vec<u8>)>,
}

impl DataBlocks<'_> {
    /// An indicator table, then the progress chart of each of its indicators that has one,
    /// as on the page.
    pub(super) fn indicators(&mut self, block: &IndicatorsBlock) -> Vec<Block> {
        self.tables += 1;
        let id = format!("indicators-{}", self.tables);
        let req = TableRequest {
            edition: self.edition,
            block,
            lang: self.lang,
            i18n: self.i18n,
            id: &id,
            sanitize: None,
            links: None,
        };
        let indicators = selected(self.edition, block);
        let groups = tables::group_by_output(&indicators);
        let show_groups = !tables::caption_names_the_only_group(&req, &groups);
        let group_column = show_groups.then_some("output");
        let columns = (group_column.into_iter().chain(tables::VALUE_COLUMNS))
            .map(|key| tables::column_label(&req, key))
            .collect();
        let groups = groups
            .iter()
            .map(|(output, rows)| Group {
                heading: show_groups.then(|| {
                    self.i18n
                        .typeset(self.lang, &tables::output_label(&req, output))
                }),
                rows: rows.iter().map(|indicator| self.row(indicator)).collect(),
            })
            .collect();
        let table = IndicatorTable {
            id: format!("{}-{id}", self.slug),
            caption: self.i18n.typeset(self.lang, &tables::caption(&req)),
            columns,
            groups,
        };
        let mut blocks = vec![Block::Table(table)];
        for indicator in indicators {
            let chart = charts::progress_for_pdf(self.edition, indicator, self.lang, self.i18n);
            if let Some(chart) = chart {
                let id = format!(
                    "{}-indicator-{}-progress",
                    self.slug,
                    slugify(indicator.id.get_ref())
                );
                blocks.push(Block::Figure(self.chart(chart, None, id, None)));
            }
        }
        blocks
    }

    /// A numbered figure.
    pub(super) fn figure(&mut self, block: &FigureBlock) -> Block {
        let number = self.next_figure;
        self.next_figure += 1;
        let chart = charts::figure_for_pdf(&FigureRequest {
            edition: self.edition,
            block,
            lang: self.lang,
            i18n: self.i18n,
            number,
            root: "",
            sanitize: None,
        });
        let note = (block.note.as_deref())
            .filter(|n| !n.trim().is_empty())
            .map(|n| inline_runs(n, self.i18n.typography(self.lang), self.page_link));
        Block::Figure(self.chart(chart, Some(number), format!("figure-{number}"), note))
    }

    fn chart(
        &mut self,
        chart: PdfChart,
        number: Option<usize>,
        id: String,
        note: Option<Vec<Run>>,
    ) -> Figure {
        let svg = format!("charts/{id}.svg");
        self.charts.push((svg.clone(), chart.svg));
        Figure {
            number,
            id,
            caption: chart.caption,
            svg,
            alt: chart.description,
            note,
            omitted: chart.omitted,
        }
    }

    /// An indicator's five cells, as the page's row shows them.
    fn row(&self, indicator: &Indicator) -> Vec<Vec<Run>> {
        let lang = self.lang;
        let description = indicator
            .description
            .get_ref()
            .get(lang)
            .map_or("", String::as_str);
        let mut first = vec![Run::Text {
            text: format!("{} ", indicator.id.get_ref()),
        }];
        first.extend(self.markdown(description));
        let verification = (indicator.verification.as_ref())
            .and_then(|v| v.get_ref().get(lang))
            .map_or_else(|| self.empty(false), |text| self.markdown(text));
        let mut cells = vec![merge_texts(first), verification];
        cells.extend(indicator.cells().into_iter().map(|cell| self.value(cell)));
        cells
    }

    fn value(&self, cell: Option<&Cell>) -> Vec<Run> {
        match cell {
            Some(cell) => match cell.text_in(self.lang) {
                Some(text) => self.markdown(text),
                None => self.empty(cell.pending),
            },
            None => self.empty(false),
        }
    }

    /// An empty value cell: the dash the page shows and the theme's wording, which the
    /// page gives screen readers and shows in italics.
    fn empty(&self, pending: bool) -> Vec<Run> {
        let label = self.i18n.get(self.lang, tables::empty_cell_key(pending));
        vec![
            Run::Text {
                text: "— ".into()
            },
            Run::Emph {
                runs: vec![Run::Text { text: label.into() }],
            },
        ]
    }

    fn markdown(&self, text: &str) -> Vec<Run> {
        inline_runs(text, self.i18n.typography(self.lang), self.cell_link)
    }
}
