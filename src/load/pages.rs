//! Reads the Markdown pages of an edition: each page's `+++` front matter, its slug and
//! outline, and the body of each of its blocks (read once, here); then pairs the pages
//! of each language by file name into page sets, in their order.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::core::diagnostics::{Diagnostic, Diagnostics, MAX_PER_FILE};
use crate::core::model::{
    BlockContent, BlockProblem, FigureBlock, FrontMatter, IndicatorsBlock, Page, PageBlock, PageSet,
};
use crate::core::outline::Block;

use super::text::{parse_toml_partial, read_text, read_toml_partial};

pub(super) fn page_sets(
    dir: &Path,
    languages: &[String],
    files: BTreeMap<String, Vec<PathBuf>>,
    problems: &mut Diagnostics,
) -> Vec<PageSet> {
    let loaded: Vec<(String, PartialPage)> = files
        .into_iter()
        .flat_map(|(lang, paths)| paths.into_iter().map(move |p| (lang.clone(), p)))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(lang, path)| {
            let page = match read_text(&path) {
                Ok(source) => page_partial(&path, source),
                Err(d) => (None, vec![d]),
            };
            (lang, page)
        })
        .collect();
    let mut by_name: BTreeMap<String, BTreeMap<String, Page>> = BTreeMap::new();
    for (lang, (page, found)) in loaded {
        problems.extend(found.into_iter().collect());
        if let Some(page) = page {
            let name = file_stem(&page.path);
            by_name.entry(name).or_default().insert(lang, page);
        }
    }
    // A page that exists but was refused or could not be read is reported once, not
    // again as a missing translation.
    let reported: std::collections::BTreeSet<PathBuf> =
        problems.iter().map(|d| d.path.clone()).collect();
    let mut sets = Vec::new();
    for (name, translations) in by_name {
        for lang in languages {
            if !translations.contains_key(lang)
                && !reported.contains(&dir.join(lang).join(format!("{name}.md")))
            {
                let (other_lang, other) = translations
                    .iter()
                    .next()
                    .map(|(l, p)| (l.clone(), p.path.clone()))
                    .unwrap_or_default();
                problems.push(
                    Diagnostic::error(
                        &other,
                        format!(
                            "page `{name}.md` has no `{lang}` translation: expected {}",
                            dir.join(lang).join(format!("{name}.md")).display()
                        ),
                    )
                    .with_hint(format!(
                        "pages are paired by file name; this one exists in `{other_lang}`"
                    )),
                );
            }
        }
        let weight = languages
            .iter()
            .find_map(|l| translations.get(l))
            .map_or(0, |p| p.front.weight);
        sets.push(PageSet {
            name,
            weight,
            translations,
        });
    }
    sets.sort_by(|a, b| (a.weight, &a.name).cmp(&(b.weight, &b.name)));
    sets
}

fn file_stem(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Reads one Markdown page: front matter and body.
pub fn page(path: &Path) -> Result<Page, Diagnostic> {
    page_from_source(path, read_text(path)?)
}

/// Parses one Markdown page from its text (already read, without a byte-order mark);
/// `path` only locates problems and pairs translations.
pub fn page_from_source(path: &Path, source: String) -> Result<Page, Diagnostic> {
    match page_partial(path, source) {
        (Some(page), problems) if problems.is_empty() => Ok(page),
        (_, problems) => Err(problems
            .into_iter()
            .next()
            .unwrap_or_else(|| Diagnostic::error(path, "the page could not be read"))),
    }
}

/// A page as far as it could be read, and the problems found in it.
type PartialPage = (Option<Page>, Vec<Diagnostic>);

/// Reads what can be read of a page, with every problem found: a page whose front matter
/// has an unknown key, or whose title or body is empty, is still there, so that its body
/// is checked in the same run.
fn page_partial(path: &Path, source: String) -> PartialPage {
    let (front_source, front_offset, body_offset) = match split_front_matter(path, &source) {
        Ok(parts) => parts,
        Err(d) => return (None, vec![d]),
    };
    let (front, mut problems) =
        parse_toml_partial::<FrontMatter>(path, front_source, &source, front_offset);
    let Some(front) = front else {
        return (None, problems);
    };
    if front.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(path, "the page title is empty: expected `title = \"…\"`").at(2, 1),
        );
    }
    let body = &source[body_offset..];
    if body.trim().is_empty() {
        problems.push(
            Diagnostic::error(path, "the page has no content after its front matter")
                .at_offset(&source, body_offset),
        );
    }
    let slug = match &front.slug {
        Some(slug) => slug.get_ref().clone(),
        None => default_slug(&file_stem(path)),
    };
    let outline = crate::core::outline::outline(body);
    let blocks = read_blocks(&outline.blocks);
    let page = Page {
        path: path.to_path_buf(),
        front,
        slug,
        body_offset,
        source,
        outline,
        blocks,
    };
    (Some(page), problems)
}

/// Reads the body of each rapport block of a page, once: validation reports what could not
/// be read, render draws what was.
fn read_blocks(blocks: &[Block]) -> Vec<PageBlock> {
    let mut problems = 0;
    blocks
        .iter()
        .map(|written| {
            // Validation reports at most MAX_PER_FILE problems of a file and checks no block
            // after them: a later body is read in one pass, not once per unknown key.
            let passes = if problems < MAX_PER_FILE {
                MAX_PER_FILE
            } else {
                1
            };
            let block = read_block(written, passes);
            problems += block.problems.len();
            block
        })
        .collect()
}

/// Reads one block's body by its kind; an unknown kind is validation's to report.
fn read_block(written: &Block, passes: usize) -> PageBlock {
    let (content, errors) = match written.kind.as_str() {
        "indicators" => {
            let (block, errors) = read_toml_partial::<IndicatorsBlock>(&written.body, passes);
            (BlockContent::Indicators(block), errors)
        }
        // A figure has no optional key worth keeping: it is read whole or not at all.
        "figure" => match toml::from_str::<FigureBlock>(&written.body) {
            Ok(figure) => (BlockContent::Figure(Some(figure)), Vec::new()),
            Err(e) => (BlockContent::Figure(None), vec![e]),
        },
        _ => (BlockContent::Unknown, Vec::new()),
    };
    let problems = errors
        .iter()
        .map(|e| BlockProblem {
            message: e.message().trim().replace('\n', " "),
            at: e.span().map_or(0, |s| s.start),
        })
        .collect();
    PageBlock {
        written: written.clone(),
        content,
        problems,
    }
}

/// The slug of a file name: without a leading number such as `01-`, made URL-safe.
pub(crate) fn default_slug(stem: &str) -> String {
    let trimmed = stem.trim_start_matches(|c: char| c.is_ascii_digit());
    let trimmed = trimmed.trim_start_matches(['-', '_', '.', ' ']);
    let base = if trimmed.is_empty() { stem } else { trimmed };
    crate::core::outline::slugify(base)
}

/// Splits `+++` front matter from the body: (front matter, its offset, body offset).
fn split_front_matter<'a>(
    path: &Path,
    source: &'a str,
) -> Result<(&'a str, usize, usize), Diagnostic> {
    let expected =
        "expected the page to start with TOML front matter between `+++` lines (title, weight)";
    if source.trim().is_empty() {
        return Err(Diagnostic::error(path, format!("the page is empty: {expected}")).at(1, 1));
    }
    let first_line_end = source.find('\n').map_or(source.len(), |i| i + 1);
    if source[..first_line_end].trim_end() != "+++" {
        return Err(Diagnostic::error(path, format!("no front matter: {expected}")).at(1, 1));
    }
    let mut offset = first_line_end;
    for line in source[first_line_end..].split_inclusive('\n') {
        if line.trim_end() == "+++" {
            let front = &source[first_line_end..offset];
            return Ok((front, first_line_end, offset + line.len()));
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        path,
        "the front matter is not closed: expected a `+++` line after it",
    )
    .at(1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::load::text::parse_toml_fragment;

    #[test]
    fn default_slugs_drop_the_ordering_number() {
        assert_eq!(default_slug("01-introduction"), "introduction");
        assert_eq!(default_slug("2022"), "2022");
        assert_eq!(default_slug("03_Résultat 2"), "resultat-2");
    }

    #[test]
    fn front_matter_is_split_with_crlf_lines() {
        let src = "+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n";
        let (front, at, body) = split_front_matter(Path::new("a.md"), src).unwrap();
        assert_eq!(front, "title = \"A\"\r\n");
        assert_eq!(at, 5);
        assert_eq!(&src[body..], "Body\r\n");
    }

    #[test]
    fn front_matter_errors_point_into_the_file() {
        let src = "+++\ntitle = \"A\"\nweight = \"x\"\n+++\nBody\n";
        let (front, at, _) = split_front_matter(Path::new("a.md"), src).unwrap();
        let err =
            parse_toml_fragment::<FrontMatter>(Path::new("a.md"), front, src, at).unwrap_err();
        assert_eq!((err.line, err.column), (3, 10), "{err}");
    }

    /// A page's blocks are read once, when it is loaded: typed values, or the problems
    /// (placed in the block's body) that validation will report.
    #[test]
    fn blocks_are_read_when_the_page_is_loaded() {
        let src = "+++\ntitle = \"A\"\n+++\nText.\n\n```{figure}\nchart = \"completed-by-output\"\ncaption = \"C\"\n```\n\n```{figure}\nchart = \"pie\"\n```\n\n```{indicators}\noutput = \"1.1\"\ncolour = 1\n```\n\n```{map}\n```\n";
        let page = page_from_source(Path::new("a.md"), src.to_string()).unwrap();
        assert_eq!(page.blocks.len(), 4);
        assert_eq!(page.figures(), 2);
        assert_eq!(page.indicator_tables(), 1);
        let figure = page.blocks[0].figure().map(|f| *f.chart.get_ref());
        assert_eq!(
            figure,
            Some(crate::core::model::ChartKind::CompletedByOutput)
        );
        assert!(matches!(page.blocks[1].content, BlockContent::Figure(None)));
        assert_eq!(
            page.blocks[1].problems[0].at, 8,
            "{:?}",
            page.blocks[1].problems
        );
        // An unknown key is reported and left out; what is known is still read.
        let indicators = &page.blocks[2];
        assert!(indicators.problems[0].message.contains("colour"));
        assert!(indicators.indicators().is_none());
        match &indicators.content {
            BlockContent::Indicators(Some(b)) => assert!(b.output.is_some()),
            other => panic!("{other:?}"),
        }
        assert!(matches!(page.blocks[3].content, BlockContent::Unknown));
        assert!(page.blocks[3].problems.is_empty());
    }
}
