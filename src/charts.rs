//! Charts drawn at build time as accessible inline SVG.

use crate::i18n::I18n;
use crate::model::{Edition, FigureBlock, Indicator};

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

/// A numbered figure.
pub fn figure(req: &FigureRequest<'_>) -> ChartHtml {
    let caption = crate::tables::escape(&req.block.caption);
    ChartHtml {
        html: format!(
            "<figure class=\"chart\" id=\"figure-{n}\"><figcaption>{} {n}. {caption}</figcaption></figure>\n",
            crate::tables::escape(req.i18n.get(req.lang, "figure")),
            n = req.number
        ),
        files: Vec::new(),
    }
}

/// The progress chart of an indicator with numeric values, if it has them.
pub fn indicator_progress(_edition: &Edition, _indicator: &Indicator, _lang: &str, _i18n: &I18n, _root: &str) -> Option<ChartHtml> {
    None
}
