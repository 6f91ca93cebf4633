//! The shape of `report.json`, the one file through which an edition's content reaches
//! the PDF template: plain data, serialized with serde, that the template only ever
//! places as text (never evaluated as Typst markup).
//!
//! Every optional field is written as `null` rather than left out, so that the template
//! can read `b.number` on any paragraph. Blocks and runs are tagged unions whose tag is
//! the field `kind`.

use serde::Serialize;

/// One edition in one language, as its PDF shows it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct ReportData {
    /// The title page, the document's metadata and the template's words.
    pub(crate) document: Document,
    /// One section per narrative page, in reading order (pages by weight).
    pub(crate) sections: Vec<Section>,
}

/// What the title page, the PDF's metadata and the page furniture show.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Document {
    /// The language code (`fr`): the document's language.
    pub(crate) lang: String,
    /// The direction the language is written in, `ltr` or `rtl` (`core::language`), for
    /// the template's `text(dir: …)`.
    pub(crate) dir: &'static str,
    /// The edition's title in the language, typeset.
    pub(crate) title: String,
    /// The site's title in the language (the organisation's name for the report), the
    /// PDF's author.
    pub(crate) organisation: String,
    /// The edition's publication date as written in `edition.toml` (`YYYY-MM-DD`,
    /// `YYYY-MM` or `YYYY`), when it has one.
    pub(crate) date: Option<String>,
    /// The same date as the language writes it in full ("15 mars 2025"), when there is one.
    pub(crate) date_text: Option<String>,
    /// The official document's symbol (`GB.347/PFA/1`), when `edition.toml` gives one.
    pub(crate) symbol: Option<String>,
    /// The edition's year.
    pub(crate) year: u16,
    /// The language's ten digits, zero first (`0`…`9`, `٠`…`٩`), for the numbers the
    /// template counts itself (paragraphs, notes, figures, pages), written as the web
    /// pages write them (the `digits` UI string).
    pub(crate) digits: Vec<String>,
    /// The words the template writes around the content, from the theme's UI strings.
    pub(crate) labels: Labels,
}

/// The template's own words in the document's language (the theme's UI strings, which a
/// project overrides key by key).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Labels {
    /// The table of contents' heading (`contents`).
    pub(crate) contents: String,
    /// The word before a page number (`page`).
    pub(crate) page: String,
    /// The word before a figure's number (`figure`).
    pub(crate) figure: String,
    /// The word before a table's number (`table`).
    pub(crate) table: String,
    /// The heading of notes (`footnotes`).
    pub(crate) notes: String,
    /// The name of a numbered paragraph (`paragraph`), e.g. for a link's tooltip.
    pub(crate) paragraph: String,
}

/// A narrative page as a section of the PDF.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Section {
    /// The page's slug: unique in the edition, the target of links to the page.
    pub(crate) id: String,
    /// The page's title, typeset: the section's level-1 heading.
    pub(crate) title: String,
    /// The page's body.
    pub(crate) blocks: Vec<Block>,
}

/// A block of a section, tagged `kind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Block {
    /// A heading of the body: `##` is level 2 (the section's title is level 1).
    Heading {
        /// 2 to 6.
        level: u8,
        /// `<page slug>-<heading id on its page>`, as on the printable page.
        id: String,
        /// The heading's text.
        runs: Vec<Run>,
    },
    /// A paragraph; a numbered one has its edition-wide number and id `pN`, as on the web.
    Paragraph {
        /// The number shown before it; `null` for an unnumbered paragraph (`{-}`, or one
        /// inside a list, quote, note or table).
        number: Option<usize>,
        /// `pN` for a numbered paragraph, `null` otherwise.
        id: Option<String>,
        /// Its text.
        runs: Vec<Run>,
    },
    /// A list.
    List {
        /// Numbered or bulleted.
        ordered: bool,
        /// The first number of a numbered list, `null` for a bulleted one.
        start: Option<u64>,
        /// Each item's blocks.
        items: Vec<Vec<Block>>,
    },
    /// A quotation.
    Quote {
        /// Its language when it is marked with another one (`<blockquote lang="en">`).
        lang: Option<String>,
        /// That language's direction, `ltr` or `rtl` (`core::language`), when it has one:
        /// a quotation written the other way keeps its paragraph numbers on the
        /// document's side.
        dir: Option<&'static str>,
        /// Its blocks.
        blocks: Vec<Block>,
    },
    /// A code block, as written.
    Code {
        /// The code; lines end with `\n`.
        text: String,
        /// The first word of the fence's info string (`rust`), if any.
        lang: Option<String>,
    },
    /// An indicator table.
    Table(IndicatorTable),
    /// A table written in Markdown.
    GfmTable {
        /// Each column's alignment: `left`, `center`, `right` or `none`.
        align: Vec<&'static str>,
        /// The header row's cells.
        header: Vec<Vec<Run>>,
        /// The body rows' cells.
        rows: Vec<Vec<Vec<Run>>>,
    },
    /// A chart: a numbered figure, or an indicator's progress chart after its table.
    Figure(Figure),
    /// A thematic break.
    Rule,
}

/// An indicator table, as on the page: the same caption, columns, groups and cells.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct IndicatorTable {
    /// `<page slug>-indicators-<n>` (n counts the page's tables), as on the printable page.
    pub(crate) id: String,
    /// The caption, typeset.
    pub(crate) caption: String,
    /// The column headings, the HTML table's. Six when the groups have headings (the
    /// first column is then the group's: its heading spans the group's rows), else five.
    pub(crate) columns: Vec<String>,
    /// The rows, grouped by output.
    pub(crate) groups: Vec<Group>,
}

/// The rows of one output in an indicator table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Group {
    /// The output's heading ("Output B.1. Open data portal"), `null` when the table shows
    /// no group column.
    pub(crate) heading: Option<String>,
    /// Each row's five cells (indicator, verification, baseline, milestone, current),
    /// each as runs. The first cell's runs start with the indicator's id; an empty value
    /// reads "—" and the theme's wording (`empty_cell`, `pending_cell`), emphasized.
    pub(crate) rows: Vec<Vec<Vec<Run>>>,
}

/// A chart.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Figure {
    /// The figure's number in the edition (`Figure 3`); `null` for a progress chart.
    pub(crate) number: Option<usize>,
    /// `figure-N` for a numbered figure (as on the web), else
    /// `<page slug>-indicator-<id>-progress`.
    pub(crate) id: String,
    /// The caption: for a numbered figure the text after "Figure N." (the template writes
    /// `labels.figure`, the number and ". " before it).
    pub(crate) caption: String,
    /// The chart file's path among the files that come with the data
    /// (`charts/figure-1.svg`).
    pub(crate) svg: String,
    /// The chart's text description, its alternative text: the SVG's `<desc>` on the web.
    pub(crate) alt: String,
    /// The author's note under the figure (`note` of the block), if any.
    pub(crate) note: Option<Vec<Run>>,
    /// The sentence naming the groups the figure leaves out for having no project, if any.
    pub(crate) omitted: Option<String>,
}

/// A piece of inline content, tagged `kind`.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum Run {
    /// Text, with the language's typography (no-break spaces); never contains a line break.
    Text {
        /// The text.
        text: String,
    },
    /// Emphasis.
    Emph {
        /// Its content.
        runs: Vec<Run>,
    },
    /// Strong emphasis.
    Strong {
        /// Its content.
        runs: Vec<Run>,
    },
    /// Struck-out text (`~~…~~`).
    Strike {
        /// Its content.
        runs: Vec<Run>,
    },
    /// Inline code, as written.
    Code {
        /// The code.
        text: String,
    },
    /// A link: to another site (`url`) or to a place in the document (`target`, the id of
    /// a section, heading, paragraph, note, table or figure), never both.
    Link {
        /// An external address.
        url: Option<String>,
        /// The id of a place in this document.
        target: Option<String>,
        /// The link's text.
        runs: Vec<Run>,
    },
    /// A footnote, where it is first referred to, with its content.
    Note {
        /// Its number in the edition, as on the web.
        number: usize,
        /// `fn-N`.
        id: String,
        /// Its content.
        blocks: Vec<Block>,
    },
    /// A second or later reference to a footnote already given.
    NoteRef {
        /// The note's number.
        number: usize,
        /// The note's id, `fn-N`.
        target: String,
    },
    /// Text in another language (`<span lang="en">…</span>`).
    Lang {
        /// The language code.
        lang: String,
        /// Its content.
        runs: Vec<Run>,
    },
    /// A hard line break.
    Break,
}

/// Joins adjacent text runs, as pulldown-cmark splits text at the marks it considers.
pub(super) fn merge_texts(runs: Vec<Run>) -> Vec<Run> {
    let mut out: Vec<Run> = Vec::with_capacity(runs.len());
    for run in runs {
        match (out.last_mut(), run) {
            (Some(Run::Text { text }), Run::Text { text: more }) => text.push_str(&more),
            (_, run) => out.push(run),
        }
    }
    out
}
