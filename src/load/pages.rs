//! Reads the Markdown pages of an edition: each page's `+++` front matter, its slug and
//! outline, and the body of each of its blocks (read once, here); then pairs the pages
//! of each language into page sets by their pairing key (`translation_key`, or else the
//! file name), in their order.

use std::collections::{BTreeMap, BTreeSet};
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
    let mut by_key: BTreeMap<String, BTreeMap<String, Page>> = BTreeMap::new();
    // A page that exists but was refused or could not be read may be the missing
    // translation of another: it is reported once, not again as a missing translation.
    let mut refused: BTreeSet<String> = BTreeSet::new();
    for (lang, (page, found)) in read_pages(files) {
        problems.extend(found.into_iter().collect());
        match page {
            Some(page) => pair(&mut by_key, lang, page, problems),
            None => {
                refused.insert(lang);
            }
        }
    }
    let mut sets = Vec::new();
    for (key, translations) in by_key {
        let missing: Vec<&str> = (languages.iter())
            .filter(|l| !translations.contains_key(*l) && !refused.contains(*l))
            .map(String::as_str)
            .collect();
        let reference = languages.iter().find_map(|l| translations.get(l));
        if let Some(page) = reference.filter(|_| !missing.is_empty()) {
            problems.push(missing_translations(dir, page, &missing));
        }
        let weight = reference.map_or(0, |p| p.front.weight);
        let file_name = reference.map(Page::file_name_key).unwrap_or_default();
        sets.push((
            weight,
            file_name,
            PageSet {
                key,
                weight,
                translations,
            },
        ));
    }
    // In reading order: by weight, then by file name (the first language's).
    sets.sort_by(|a, b| (a.0, &a.1, &a.2.key).cmp(&(b.0, &b.1, &b.2.key)));
    sets.into_iter().map(|(_, _, set)| set).collect()
}

/// Reads every page of an edition, in parallel, keeping their order.
fn read_pages(files: BTreeMap<String, Vec<PathBuf>>) -> Vec<(String, PartialPage)> {
    files
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
        .collect()
}

/// Puts a page with its translations, by its pairing key; a second page of the same
/// language with the same key is an error, and is left out.
fn pair(
    by_key: &mut BTreeMap<String, BTreeMap<String, Page>>,
    lang: String,
    page: Page,
    problems: &mut Diagnostics,
) {
    let translations = by_key.entry(page.pairing_key()).or_default();
    match translations.get(&lang) {
        Some(first) => problems.push(duplicate_key(&lang, first, &page)),
        None => {
            translations.insert(lang, page);
        }
    }
}

/// Where a pairing problem of `page` is shown: at its `translation_key`, or else at the
/// start of the file (its file name is what pairs it).
fn at_pairing_key(d: Diagnostic, page: &Page) -> Diagnostic {
    match page.translation_key_offset() {
        Some(offset) => d.at_offset(&page.source, offset),
        None => d.at(1, 1),
    }
}

/// Two pages of one language that would both be the translation of the same page.
fn duplicate_key(lang: &str, first: &Page, second: &Page) -> Diagnostic {
    let key = second.pairing_key();
    let message = format!(
        "two `{lang}` pages are paired as `{key}`: this one and {}",
        first.path.display()
    );
    at_pairing_key(Diagnostic::error(&second.path, message), second).with_hint(
        "give each page of a language its own `translation_key` (its translations share it); a page without one is paired by its file name",
    )
}

/// A page whose translation in some languages was not found: one error, at the page.
fn missing_translations(dir: &Path, page: &Page, missing: &[&str]) -> Diagnostic {
    let file = page.path.file_name().map(|f| f.to_string_lossy());
    let file = file.unwrap_or_default();
    let langs: Vec<String> = missing.iter().map(|l| format!("`{l}`")).collect();
    let expected: Vec<String> = match &page.front.translation_key {
        Some(key) => missing
            .iter()
            .map(|l| {
                format!(
                    "a page in {} with `translation_key = \"{}\"`",
                    dir.join(l).display(),
                    key.get_ref()
                )
            })
            .collect(),
        None => missing
            .iter()
            .map(|l| dir.join(l).join(file.as_ref()).display().to_string())
            .collect(),
    };
    let message = format!(
        "page `{file}` has no {} translation: expected {}",
        langs.join(" or "),
        expected.join(" and ")
    );
    let hint = match &page.front.translation_key {
        Some(key) => format!(
            "pages are paired by their `translation_key`: give the translation `translation_key = \"{}\"` in its front matter",
            key.get_ref()
        ),
        None => format!(
            "pages are paired by file name: name the translation `{file}`, or give every translation the same `translation_key` in its front matter"
        ),
    };
    at_pairing_key(Diagnostic::error(&page.path, message), page).with_hint(hint)
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
    let Some(mut front) = front else {
        return (None, problems);
    };
    if front.title.trim().is_empty() {
        problems.push(
            Diagnostic::error(path, "the page title is empty: expected `title = \"…\"`").at(2, 1),
        );
    }
    if let Some(d) = blank_translation_key(path, &source, front_offset, &mut front) {
        problems.push(d);
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

/// An empty `translation_key` is refused, and the page paired by its file name.
fn blank_translation_key(
    path: &Path,
    source: &str,
    front_offset: usize,
    front: &mut FrontMatter,
) -> Option<Diagnostic> {
    let key = front
        .translation_key
        .take_if(|k| k.get_ref().trim().is_empty())?;
    Some(
        Diagnostic::error(path, "the `translation_key` is empty")
            .at_offset(source, front_offset + key.span().start)
            .with_hint("give the page and its translations the same non-empty `translation_key`, or leave it out to pair them by file name"),
    )
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
        .map(|e| block_problem(&written.body, e))
        .collect();
    PageBlock {
        written: written.clone(),
        content,
        problems,
    }
}

/// A problem reading a block's body, with the key whose line it is on.
fn block_problem(body: &str, error: &toml::de::Error) -> BlockProblem {
    // An empty span at the start is the body as a whole: a key it lacks.
    let at = (error.span())
        .filter(|s| *s != (0..0))
        .map(|s| s.start.min(body.len()));
    BlockProblem {
        message: error.message().trim().replace('\n', " "),
        key: at.and_then(|at| key_on_line(body, at)),
        at,
    }
}

/// The key named by the `key = value` line of a TOML body that holds byte `at`.
fn key_on_line(body: &str, at: usize) -> Option<String> {
    let start = body.get(..at)?.rfind('\n').map_or(0, |i| i + 1);
    let line = body[start..].lines().next()?;
    let (key, _) = line.split_once('=')?;
    let key = key.trim().trim_matches(['"', '\'']);
    let named = !key.is_empty() && !key.starts_with(['[', '#']);
    named.then(|| key.to_string())
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
        let problem = &page.blocks[1].problems[0];
        assert_eq!(problem.at, Some(8), "{problem:?}");
        assert_eq!(problem.key.as_deref(), Some("chart"));
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
