//! The site model: plain data read from a project, with no I/O and no HTML.
//!
//! The TOML files deserialize straight into these types; identifiers that other data
//! refers to keep their source span so that validation can point at them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::{Deserialize, Serialize};
use toml::Spanned;

use crate::core::outline::{Block, Outline};
pub use crate::core::pdf_sizes::PdfSizes;

/// A text in every language of the site, keyed by language code.
pub type Localized = BTreeMap<String, String>;

/// `rapport.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// The languages, in order; the first is the default.
    pub languages: Vec<Spanned<String>>,
    /// The site title per language.
    pub title: Spanned<Localized>,
    /// The theme's folder name under `themes/`.
    #[serde(default = "default_theme")]
    pub theme: String,
    /// The address the site is published at, for sitemaps and canonical links.
    #[serde(default)]
    pub base_url: Option<String>,
    /// Keep raw HTML in Markdown as written (only for trusted authors).
    #[serde(default)]
    pub trusted_html: bool,
    /// The site's summary per language, for the landing page's meta description; the
    /// site title otherwise.
    #[serde(default)]
    pub description: Option<Localized>,
    /// Make the official PDF of every edition in every language (`pdf = false` turns it
    /// off; so does `rapport build --no-pdf`).
    #[serde(default = "default_pdf")]
    pub pdf: bool,
}

fn default_theme() -> String {
    "default".to_string()
}

fn default_pdf() -> bool {
    true
}

impl Config {
    /// The language codes in order.
    pub fn language_codes(&self) -> Vec<String> {
        self.languages.iter().map(|l| l.get_ref().clone()).collect()
    }
}

/// A whole project, loaded.
#[derive(Debug, Clone)]
pub struct Site {
    /// The project folder.
    pub root: PathBuf,
    /// `rapport.toml`.
    pub config: Config,
    /// The editions, oldest first.
    pub editions: Vec<Edition>,
    /// The size of each edition's PDF this build makes: the pages link to a PDF only when
    /// it has one. None when no PDF is made (`serve`, `--no-pdf`, `pdf = false`).
    pub pdf_sizes: PdfSizes,
}

impl Site {
    /// The most recent edition.
    pub fn latest(&self) -> Option<&Edition> {
        self.editions.last()
    }
}

/// One yearly edition: `content/<year>/`.
#[derive(Debug, Clone)]
pub struct Edition {
    /// The year, from the folder name.
    pub year: u16,
    /// The folder.
    pub dir: PathBuf,
    /// `edition.toml`.
    pub meta: EditionMeta,
    /// The narrative pages, in reading order; each with all its translations.
    pub pages: Vec<PageSet>,
    /// `indicators.toml`.
    pub indicators: Indicators,
    /// `projects.toml`.
    pub projects: Register,
    /// Other files of the edition (images, documents), relative to `dir`.
    pub assets: Vec<PathBuf>,
    /// The text of each data file, by path, for locating problems.
    pub sources: BTreeMap<PathBuf, String>,
}

impl Edition {
    /// The text of one of the edition's data files (empty when absent).
    pub fn source(&self, file: &str) -> (PathBuf, &str) {
        let path = self.dir.join(file);
        let text = self.sources.get(&path).map_or("", String::as_str);
        (path, text)
    }
}

impl Edition {
    /// The title of the output with this id, in a language.
    pub fn output(&self, id: &str) -> Option<&OutputDef> {
        self.meta.outputs.iter().find(|o| o.id.get_ref() == id)
    }
}

/// `edition.toml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EditionMeta {
    /// The edition's year; must match its folder.
    pub year: Spanned<u16>,
    /// The publication date, `YYYY-MM-DD` (or `YYYY-MM`, `YYYY`).
    #[serde(default)]
    pub date: Option<Spanned<String>>,
    /// The official document's symbol, the same in every language (`GB.347/PFA/1`),
    /// shown on the title page of the edition's PDF.
    #[serde(default)]
    pub symbol: Option<Spanned<String>>,
    /// The edition's title per language.
    pub title: Spanned<Localized>,
    /// The edition's summary per language, the meta description of its pages that have
    /// none of their own; the edition's title otherwise.
    #[serde(default)]
    pub description: Option<Localized>,
    /// Totals the text states.
    #[serde(default)]
    pub totals: Totals,
    /// The strategy's outcomes.
    #[serde(default)]
    pub outcomes: Vec<OutcomeDef>,
    /// The strategy's outputs (and cross-cutting elements: outputs without an outcome).
    #[serde(default)]
    pub outputs: Vec<OutputDef>,
    /// Column headings of the indicator tables for this edition, overriding the theme's
    /// (`milestone`, `current`…), e.g. "Milestone (end 2023)".
    #[serde(default)]
    pub labels: BTreeMap<String, Localized>,
}

/// The indicator-table columns an edition may head in its own words (`[labels]` of
/// edition.toml), each with the UI string that heads it otherwise. Tables, charts, open
/// data and the edition's home all head their columns from this one list.
pub const COLUMNS: [(&str, &str); 6] = [
    ("output", "output_column"),
    ("indicator", "indicator"),
    ("verification", "verification"),
    ("baseline", "baseline"),
    ("milestone", "milestone"),
    ("current", "current"),
];

/// Totals stated by the report's text.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Totals {
    /// The number of projects completed in the year, as the text states it.
    #[serde(default)]
    pub completed_projects: Option<Spanned<u32>>,
}

/// An outcome of the strategy.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeDef {
    /// `1`, `2`…
    pub id: Spanned<String>,
    /// Title per language.
    pub title: Spanned<Localized>,
}

/// An output of the strategy, or a cross-cutting element when it has no outcome.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutputDef {
    /// `1.1`, `2.3`, `X`…
    pub id: Spanned<String>,
    /// The outcome it belongs to.
    #[serde(default)]
    pub outcome: Option<Spanned<String>>,
    /// Title per language.
    pub title: Spanned<Localized>,
}

/// `indicators.toml`.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicators {
    /// The indicators, in file order.
    #[serde(default)]
    pub indicators: Vec<Indicator>,
}

/// One indicator row: what is measured, how, and its values.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Indicator {
    /// `1.1.a`…
    pub id: Spanned<String>,
    /// The output it measures.
    pub output: Spanned<String>,
    /// What is measured, per language.
    pub description: Spanned<Localized>,
    /// Means of verification, per language.
    #[serde(default)]
    pub verification: Option<Spanned<Localized>>,
    /// The baseline.
    #[serde(default)]
    pub baseline: Option<Spanned<Cell>>,
    /// The milestone.
    #[serde(default)]
    pub milestone: Option<Spanned<Cell>>,
    /// The current status.
    #[serde(default)]
    pub current: Option<Spanned<Cell>>,
}

impl Indicator {
    /// The three value columns in order: baseline, milestone, current status.
    pub fn cells(&self) -> [Option<&Cell>; 3] {
        [
            self.baseline.as_ref().map(|c| c.get_ref()),
            self.milestone.as_ref().map(|c| c.get_ref()),
            self.current.as_ref().map(|c| c.get_ref()),
        ]
    }
}

/// A value cell of an indicator table.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Cell {
    /// The cell as the report words it, per language (inline Markdown).
    #[serde(default)]
    pub text: Option<Spanned<Localized>>,
    /// A number, when the cell is numeric.
    #[serde(default)]
    pub value: Option<Spanned<f64>>,
    /// The unit of `value`.
    #[serde(default)]
    pub unit: Option<Spanned<Unit>>,
    /// "count of total": the count.
    #[serde(default)]
    pub count: Option<Spanned<f64>>,
    /// "count of total": the total.
    #[serde(default)]
    pub total: Option<Spanned<f64>>,
    /// The date the value refers to.
    #[serde(default)]
    pub as_of: Option<String>,
    /// The value is still to be reported (a new edition's empty current status).
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pending: bool,
}

impl Cell {
    /// The cell's text in a language, if the report gives one.
    pub fn text_in(&self, lang: &str) -> Option<&str> {
        self.text
            .as_ref()
            .and_then(|t| t.get_ref().get(lang))
            .map(String::as_str)
            .filter(|t| !t.trim().is_empty())
    }

    /// The numeric value with its unit.
    pub fn measure(&self) -> Option<(f64, Unit)> {
        Some((
            *self.value.as_ref()?.get_ref(),
            *self.unit.as_ref()?.get_ref(),
        ))
    }
}

/// The unit of a numeric value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Unit {
    /// A percentage, 0–100.
    Percent,
    /// A count of things.
    Count,
}

/// `projects.toml`: the register of initiatives.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Register {
    /// The categories this edition classifies projects by.
    #[serde(default)]
    pub categories: Vec<CategoryDef>,
    /// The projects.
    #[serde(default)]
    pub projects: Vec<Project>,
}

/// A project category.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryDef {
    /// Identifier.
    pub id: Spanned<String>,
    /// Label per language.
    pub label: Spanned<Localized>,
}

/// One initiative of the register.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Project {
    /// Identifier.
    pub id: Spanned<String>,
    /// Name per language.
    pub name: Spanned<Localized>,
    /// The output (or cross-cutting element) it contributes to.
    pub output: Spanned<String>,
    /// Its category.
    pub category: Spanned<String>,
    /// Its status as the text states it.
    pub status: Spanned<Status>,
    /// The year it was completed.
    #[serde(default)]
    pub year: Option<u16>,
    /// Expected completion, as the text gives it.
    #[serde(default)]
    pub expected: Option<String>,
    /// The paragraphs that describe it.
    #[serde(default)]
    pub paragraphs: Vec<u32>,
}

/// A project's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Done.
    Completed,
    /// Under way.
    InProgress,
    /// Scheduled.
    Planned,
}

/// The front matter of a narrative page.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    /// The page title (its `h1`).
    pub title: String,
    /// Reading order; lower first.
    #[serde(default)]
    pub weight: i64,
    /// The URL segment; defaults to the file name without a leading number.
    #[serde(default)]
    pub slug: Option<Spanned<String>>,
    /// A short summary for the contents list and search engines.
    #[serde(default)]
    pub description: Option<String>,
    /// What pairs the page with its translations (and with the same page in other
    /// editions) when their file names differ, as Hugo's `translationKey` does; without
    /// it, pages are paired by file name.
    #[serde(default)]
    pub translation_key: Option<Spanned<String>>,
}

/// One narrative page in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// The Markdown file.
    pub path: PathBuf,
    /// Its front matter.
    pub front: FrontMatter,
    /// The URL segment.
    pub slug: String,
    /// Byte offset of the body (the Markdown after the front matter) in the file.
    pub body_offset: usize,
    /// The whole file's text: the body is read from it, problems are located in it.
    pub source: String,
    /// What the body contains.
    pub outline: Outline,
    /// The outline's rapport blocks, their bodies read.
    pub blocks: Vec<PageBlock>,
}

impl Page {
    /// The Markdown after the front matter (a slice of the file's text, not a copy: a
    /// large site holds every page in memory).
    pub fn body(&self) -> &str {
        &self.source[self.body_offset..]
    }

    /// What pairs the page with its translations and with the same page in other
    /// editions: its `translation_key`, or else its file name without `.md`. The one
    /// rule of pairing: every stage asks it, through [`PageSet::key`].
    pub fn pairing_key(&self) -> String {
        match &self.front.translation_key {
            Some(key) => key.get_ref().clone(),
            None => self.file_name_key(),
        }
    }

    /// The file name without `.md`: the pairing key of a page without `translation_key`.
    pub fn file_name_key(&self) -> String {
        self.path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    }

    /// Where the `translation_key` line of the front matter starts its text, when the
    /// page gives one: pairing problems are shown there.
    pub fn translation_key_offset(&self) -> Option<usize> {
        let key = self.front.translation_key.as_ref()?;
        let value = (self.front_offset() + key.span().start).min(self.source.len());
        let line = self.source[..value].rfind('\n').map_or(0, |i| i + 1);
        let indent = self.source[line..value].len() - self.source[line..value].trim_start().len();
        Some(line + indent)
    }

    /// Where the front matter's TOML starts: after the opening `+++` line.
    fn front_offset(&self) -> usize {
        self.source.find('\n').map_or(0, |i| i + 1)
    }

    /// How many figure blocks the page has, read or not: a figure whose body has a
    /// problem still takes its number.
    pub fn figures(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| matches!(b.content, BlockContent::Figure(_)))
            .count()
    }

    /// How many indicators blocks the page has, read or not.
    pub fn indicator_tables(&self) -> usize {
        self.blocks
            .iter()
            .filter(|b| matches!(b.content, BlockContent::Indicators(_)))
            .count()
    }
}

/// A rapport block of a page, its body read once, when the page is loaded: validation
/// reports what could not be read, render draws what was.
#[derive(Debug, Clone)]
pub struct PageBlock {
    /// The block as the page writes it: its kind, body and place.
    pub written: Block,
    /// What its body says.
    pub content: BlockContent,
    /// What could not be read in its body, in order; validation locates and reports them.
    pub problems: Vec<BlockProblem>,
}

impl PageBlock {
    /// What the block says, when its body was read without a problem. Validation refuses
    /// a site with any other before it is rendered.
    pub fn read(&self) -> Option<&BlockContent> {
        self.problems.is_empty().then_some(&self.content)
    }

    /// The indicators block, when it is one and was read without a problem.
    pub fn indicators(&self) -> Option<&IndicatorsBlock> {
        match self.read()? {
            BlockContent::Indicators(block) => block.as_ref(),
            _ => None,
        }
    }

    /// The figure block, when it is one and was read without a problem.
    pub fn figure(&self) -> Option<&FigureBlock> {
        match self.read()? {
            BlockContent::Figure(block) => block.as_ref(),
            _ => None,
        }
    }
}

/// What a rapport block says, by its kind.
#[derive(Debug, Clone)]
pub enum BlockContent {
    /// ```` ```{indicators} ````: what could be read of it; `None` when nothing could.
    Indicators(Option<IndicatorsBlock>),
    /// ```` ```{figure} ````; `None` when its body could not be read.
    Figure(Option<FigureBlock>),
    /// A kind rapport does not know (the block's `written.kind`).
    Unknown,
}

/// A problem reading a block's body: the TOML parser's message, and where in the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BlockProblem {
    /// What is wrong, on one line.
    pub message: String,
    /// Byte offset in the block's body; `None` when the problem is with the body as a
    /// whole (a key it lacks).
    pub at: Option<usize>,
    /// The key on whose `key = value` line the problem is, when it is on one.
    pub key: Option<String>,
}

/// The body of an ```` ```{indicators} ```` block: which indicators to show.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IndicatorsBlock {
    /// Every indicator of this outcome.
    #[serde(default)]
    pub outcome: Option<Spanned<String>>,
    /// Every indicator of this output.
    #[serde(default)]
    pub output: Option<Spanned<String>>,
    /// These indicators.
    #[serde(default)]
    pub ids: Option<Vec<Spanned<String>>>,
    /// The table's caption; a default names the outcome or output.
    #[serde(default)]
    pub caption: Option<String>,
}

/// The body of a ```` ```{figure} ```` block: a numbered chart drawn from the data.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FigureBlock {
    /// Which chart: see [`ChartKind`].
    pub chart: Spanned<ChartKind>,
    /// The caption, after "Figure N."; by default, one naming the chart's kind and the
    /// edition's year, from the theme's UI strings.
    #[serde(default)]
    pub caption: Option<String>,
    /// A note under the figure (inline Markdown).
    #[serde(default)]
    pub note: Option<String>,
    /// What to do with a group (an output, a category) with no completed project:
    /// `show` it as a bar of 0 (the default) or `omit` it and name it under the chart.
    #[serde(default)]
    pub empty: Option<Spanned<EmptyGroups>>,
}

impl FigureBlock {
    /// The figure's choice for empty groups, `show` unless it says otherwise.
    pub fn empty_groups(&self) -> EmptyGroups {
        self.empty
            .as_ref()
            .map_or_else(EmptyGroups::default, |e| *e.get_ref())
    }
}

/// What a figure does with a group that has no completed project.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum EmptyGroups {
    /// A bar of 0, in its place.
    #[default]
    Show,
    /// No bar and no row in the data table; a note under the chart names the group.
    Omit,
}

impl EmptyGroups {
    /// The values `empty` takes, as written in a block.
    pub const CHOICES: [&str; 2] = ["show", "omit"];
}

/// The charts a figure block can draw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChartKind {
    /// Completed projects per output and cross-cutting element.
    CompletedByOutput,
    /// Completed projects per category.
    CompletedByCategory,
}

/// A page and its translations, paired by their key ([`Page::pairing_key`]).
#[derive(Debug, Clone)]
pub struct PageSet {
    /// The pairing key its translations share: their `translation_key`, or else their
    /// file name without `.md`. It names the page in other editions too.
    pub key: String,
    /// Reading order (the default language's weight).
    pub weight: i64,
    /// The translations by language code.
    pub translations: BTreeMap<String, Page>,
}
