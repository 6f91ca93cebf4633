//! Reads a project folder into the site model. The only stage that reads files.
//!
//! Every problem becomes a located [`Diagnostic`]; loading goes on past a bad file so that
//! one run reports as much as it can.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::de::DeserializeOwned;

use crate::core::diagnostics::{Diagnostic, Diagnostics, MAX_PER_FILE, nearest};
use crate::core::model::{
    BlockContent, BlockProblem, Config, Edition, EditionMeta, FigureBlock, FrontMatter, Indicators,
    IndicatorsBlock, Page, PageBlock, PageSet, Register, Site,
};
use crate::core::outline::Block;
use crate::core::routes;

/// The project's settings file.
pub const CONFIG_FILE: &str = "rapport.toml";
/// The folder that holds the editions.
pub const CONTENT_DIR: &str = "content";

/// Loads a whole project: the site (what could be read of it) and every problem found,
/// or only problems when even `rapport.toml` cannot be read. An edition whose
/// `edition.toml` cannot be read is there with a stand-in for it (see
/// `edition_for_checking`), and an error.
pub fn site(root: &Path) -> Result<(Site, Diagnostics), Diagnostics> {
    let mut problems = Diagnostics::new();
    let config = config_partial(root, &mut problems);
    let languages = config
        .as_ref()
        .map(Config::language_codes)
        .unwrap_or_default();
    let editions = editions(root, &languages, &mut problems);
    match config {
        Some(config) => Ok((
            Site {
                root: root.to_path_buf(),
                config,
                editions,
            },
            problems,
        )),
        None => Err(problems),
    }
}

/// Reads `rapport.toml`.
pub fn config(root: &Path) -> Result<Config, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        return Err(Diagnostic::error(
            &path,
            "no rapport.toml: expected a project folder with rapport.toml, content/ and themes/",
        )
        .with_hint("pass the project folder with --root DIR"));
    }
    let source = read_text(&path)?;
    parse_toml(&path, &source)
}

/// Reads `rapport.toml` as far as it can: an unknown key is reported, and the rest of the
/// project is still read with the settings that are known.
fn config_partial(root: &Path, problems: &mut Diagnostics) -> Option<Config> {
    let path = root.join(CONFIG_FILE);
    if !path.is_file() {
        // `config` words the missing file.
        return config(root).map_err(|d| problems.push(d)).ok();
    }
    let source = read_text(&path).map_err(|d| problems.push(d)).ok()?;
    let (config, found) = parse_toml_partial(&path, &source, &source, 0);
    problems.extend(found.into_iter().collect());
    config
}

/// Reads a file as UTF-8 text, without a byte-order mark.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    // A FIFO or a device (`/dev/zero`) behind a content name would block or never end.
    let metadata = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if !metadata.is_file() {
        return Err(not_a_regular_file(path));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let byte = e.as_bytes()[valid];
            Err(Diagnostic::error(
                path,
                format!("the file is not valid UTF-8 (byte 0x{byte:02x}): expected UTF-8 text"),
            )
            .at_offset(&prefix, valid)
            .with_hint("save the file as UTF-8 in your editor"))
        }
    }
}

fn not_a_regular_file(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "not a regular file (a pipe, socket or device): expected a text or asset file",
    )
    .with_hint("remove it from the project folder")
}

/// Parses a whole TOML file into `T`, locating any error.
pub fn parse_toml<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    parse_toml_fragment(path, source, source, 0)
}

/// Parses TOML that sits `offset` bytes into `file_text` (front matter, a block body),
/// locating any error in the file.
pub fn parse_toml_fragment<T: DeserializeOwned>(
    path: &Path,
    fragment: &str,
    file_text: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(fragment).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let at = offset + e.span().map_or(0, |s| s.start);
        Diagnostic::error(path, message).at_offset(file_text, at)
    })
}

/// Parses TOML that sits `offset` bytes into `file_text` as far as it can: each unknown
/// key is reported and left out, so that the known keys are still read and what depends
/// on them still checked. Returns the value, when one could be made, and every problem.
pub fn parse_toml_partial<T: DeserializeOwned>(
    path: &Path,
    fragment: &str,
    file_text: &str,
    offset: usize,
) -> (Option<T>, Vec<Diagnostic>) {
    let (value, errors) = read_toml_partial(fragment, MAX_PER_FILE);
    let problems = errors
        .iter()
        .map(|e| {
            let message = e.message().trim().replace('\n', " ");
            let at = offset + e.span().map_or(0, |s| s.start);
            Diagnostic::error(path, message).at_offset(file_text, at)
        })
        .collect();
    (value, problems)
}

/// [`parse_toml_partial`] without locating its problems, in at most `passes` passes (one
/// unknown key is dropped after each): the errors, whose spans are in `fragment`.
fn read_toml_partial<T: DeserializeOwned>(
    fragment: &str,
    passes: usize,
) -> (Option<T>, Vec<toml::de::Error>) {
    let mut table = match toml::de::DeTable::parse(fragment) {
        Ok(table) => table,
        Err(e) => return (None, vec![e]),
    };
    let mut errors = Vec::new();
    // Each pass drops one unknown key; past the budget the file is refused as it is.
    for _ in 0..passes {
        match T::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(value) => return (Some(value), errors),
            Err(e) => {
                let dropped = e.message().starts_with("unknown field")
                    && e.span().is_some_and(|at| drop_key_at(table.get_mut(), &at));
                errors.push(e);
                if !dropped {
                    return (None, errors);
                }
            }
        }
    }
    (None, errors)
}

/// Removes the key written at `at`, wherever it is nested; whether one was found.
fn drop_key_at(table: &mut toml::de::DeTable<'_>, at: &std::ops::Range<usize>) -> bool {
    let key = table.keys().find(|key| key.span() == *at).cloned();
    if let Some(key) = key {
        return table.remove(&key).is_some();
    }
    table
        .iter_mut()
        .any(|(_, value)| drop_key_in(value.get_mut(), at))
}

fn drop_key_in(value: &mut toml::de::DeValue<'_>, at: &std::ops::Range<usize>) -> bool {
    match value {
        toml::de::DeValue::Table(table) => drop_key_at(table, at),
        toml::de::DeValue::Array(items) => {
            items.iter_mut().any(|item| drop_key_in(item.get_mut(), at))
        }
        _ => false,
    }
}

fn editions(root: &Path, languages: &[String], problems: &mut Diagnostics) -> Vec<Edition> {
    let content = root.join(CONTENT_DIR);
    let entries = match std::fs::read_dir(&content) {
        Ok(entries) => entries,
        Err(e) => {
            problems.push(Diagnostic::error(
                &content,
                format!("cannot read the content folder: {e}: expected content/<year>/"),
            ));
            return Vec::new();
        }
    };
    let mut years: Vec<(u16, PathBuf)> = Vec::new();
    let mut names: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    names.sort();
    for path in names {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') {
            continue;
        }
        match year_of(&name) {
            Some(year) if path.is_dir() => years.push((year, path)),
            _ => problems.push(
                Diagnostic::error(
                    &path,
                    format!("`{name}` is not an edition: expected a folder named after a year, such as content/2022/"),
                )
                .with_hint("move other files into an edition folder"),
            ),
        }
    }
    if years.is_empty() && !problems.has_errors() {
        problems.push(Diagnostic::error(
            &content,
            "no edition: expected at least one folder content/<year>/",
        ));
    }
    let results: Vec<(Edition, Diagnostics)> = years
        .into_par_iter()
        .map(|(year, dir)| edition_for_checking(year, &dir, languages))
        .collect();
    let mut editions = Vec::new();
    for (edition, found) in results {
        editions.push(edition);
        problems.extend(found);
    }
    editions
}

fn year_of(name: &str) -> Option<u16> {
    if name.len() == 4 && name.bytes().all(|b| b.is_ascii_digit()) {
        name.parse().ok()
    } else {
        None
    }
}

/// Loads one edition folder.
pub fn edition(year: u16, dir: &Path, languages: &[String]) -> Result<Edition, Diagnostics> {
    match edition_partial(year, dir, languages) {
        (Some(edition), problems) if !problems.has_errors() => Ok(edition),
        (_, problems) => Err(problems),
    }
}

/// Loads what can be loaded of an edition folder, with every problem found: the edition
/// is there when its `edition.toml` is readable, even if some pages are not, so that
/// validation can go on and report everything at once.
pub fn edition_partial(
    year: u16,
    dir: &Path,
    languages: &[String],
) -> (Option<Edition>, Diagnostics) {
    let (edition, problems) = edition_for_checking(year, dir, languages);
    let readable = edition.sources.contains_key(&dir.join("edition.toml"));
    (readable.then_some(edition), problems)
}

/// Loads an edition folder even when its `edition.toml` cannot be read, with a stand-in
/// for it (the folder's year, no outcome, output or title), so that `check` still checks
/// its pages and data files. Validation knows the stand-in by its missing source and
/// checks nothing against it; such an edition always comes with an error, so it is never
/// rendered.
fn edition_for_checking(year: u16, dir: &Path, languages: &[String]) -> (Edition, Diagnostics) {
    let mut problems = Diagnostics::new();
    let mut sources = BTreeMap::new();
    let meta = required_toml::<EditionMeta>(&dir.join("edition.toml"), &mut problems, &mut sources);
    let indicators =
        optional_toml::<Indicators>(&dir.join("indicators.toml"), &mut problems, &mut sources);
    let projects =
        optional_toml::<Register>(&dir.join("projects.toml"), &mut problems, &mut sources);
    let (markdown_files, assets) = walk_edition(dir, languages, &mut problems);
    let pages = page_sets(dir, languages, markdown_files, &mut problems);
    let meta = meta.unwrap_or_else(|| EditionMeta {
        year: toml::Spanned::new(0..0, year),
        date: None,
        title: toml::Spanned::new(0..0, BTreeMap::new()),
        totals: Default::default(),
        outcomes: Vec::new(),
        outputs: Vec::new(),
        labels: BTreeMap::new(),
    });
    let edition = Edition {
        year,
        dir: dir.to_path_buf(),
        meta,
        pages,
        indicators: indicators.unwrap_or_default(),
        projects: projects.unwrap_or_default(),
        assets,
        sources,
    };
    (edition, problems)
}

type Sources = BTreeMap<PathBuf, String>;

fn required_toml<T: DeserializeOwned>(
    path: &Path,
    problems: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<T> {
    if !path.is_file() {
        problems.push(Diagnostic::error(
            path,
            format!(
                "missing {}: every edition needs one",
                path.file_name()
                    .map(|n| n.to_string_lossy())
                    .unwrap_or_default()
            ),
        ));
        return None;
    }
    optional_toml(path, problems, sources)
}

/// Reads a data file as far as it can (see [`parse_toml_partial`]). Its text is kept for
/// locating problems whenever its data is known: an absent file is kept as empty text (it
/// holds no data), and a file that could not be read at all is not kept, so that what
/// refers to it is not reported again as missing.
fn optional_toml<T: DeserializeOwned>(
    path: &Path,
    problems: &mut Diagnostics,
    sources: &mut Sources,
) -> Option<T> {
    if !path.exists() {
        sources.insert(path.to_path_buf(), String::new());
        return None;
    }
    let source = match read_text(path) {
        Ok(source) => source,
        Err(d) => {
            problems.push(d);
            return None;
        }
    };
    let (value, found) = parse_toml_partial(path, &source, &source, 0);
    problems.extend(found.into_iter().collect());
    if value.is_some() {
        sources.insert(path.to_path_buf(), source);
    }
    value
}

const EDITION_DATA_FILES: [&str; 3] = ["edition.toml", "indicators.toml", "projects.toml"];

/// Finds the Markdown files of each language folder and the edition's other files.
///
/// Hidden files and folders (a name starting with `.`) are never read nor published. A
/// symbolic link may lead only inside the edition folder, and every published name must
/// map to a plain site path ([`routes::edition_file`]): anything else is an error, so that
/// no file outside the edition, and no name that climbs out of the output, is published.
fn walk_edition(
    dir: &Path,
    languages: &[String],
    problems: &mut Diagnostics,
) -> (BTreeMap<String, Vec<PathBuf>>, Vec<PathBuf>) {
    let mut markdown: BTreeMap<String, Vec<PathBuf>> = BTreeMap::new();
    let mut assets = Vec::new();
    let edition = std::fs::canonicalize(dir).ok();
    let mut walker = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_path_buf();
                let message = if e.loop_ancestor().is_some() {
                    "a symbolic link loops back to a folder above it: expected a tree without loops"
                        .to_string()
                } else {
                    format!("cannot read: {e}")
                };
                problems.push(Diagnostic::error(path, message));
                continue;
            }
        };
        let path = entry.path();
        let rel = path.strip_prefix(dir).unwrap_or(path);
        let name = entry.file_name().to_string_lossy();
        let file_type = entry.file_type();
        if name.starts_with('.') {
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if let Some(problem) = entry
            .path_is_symlink()
            .then(|| link_problem(path, edition.as_deref()))
            .flatten()
        {
            problems.push(problem);
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !file_type.is_dir() && !file_type.is_file() {
            problems.push(not_a_regular_file(path));
            continue;
        }
        if let Err(reason) = routes::edition_file(0, rel) {
            problems.push(
                Diagnostic::error(path, format!("this name cannot be published: {reason}"))
                    .with_hint("rename it with letters, digits, `-`, `_` and `.` only"),
            );
            if file_type.is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if file_type.is_dir() {
            if entry.depth() == 1 {
                check_language_folder(path, &name, languages, problems);
            }
            continue;
        }
        let first = rel
            .components()
            .next()
            .map(|c| c.as_os_str().to_string_lossy().into_owned());
        let in_language = first.as_ref().filter(|f| languages.contains(f));
        match (entry.depth(), in_language) {
            (1, _) if EDITION_DATA_FILES.contains(&name.as_ref()) => {}
            (1, _) if name.ends_with(".toml") => problems.push(
                Diagnostic::error(path, format!("unknown data file `{name}`"))
                    .with_hint(format!("expected one of {}", EDITION_DATA_FILES.join(", "))),
            ),
            (2, Some(lang)) if name.ends_with(".md") => {
                markdown
                    .entry(lang.clone())
                    .or_default()
                    .push(path.to_path_buf());
            }
            _ => assets.push(rel.to_path_buf()),
        }
    }
    (markdown, assets)
}

/// What is wrong with a symbolic link of the edition whose real path is `edition`, if
/// anything: it must lead to a file or folder inside the edition, and not to a hidden one,
/// which would then be published under the link's name.
fn link_problem(link: &Path, edition: Option<&Path>) -> Option<Diagnostic> {
    let inside = std::fs::canonicalize(link)
        .ok()
        .zip(edition)
        .and_then(|(real, edition)| Some(real.strip_prefix(edition).ok()?.to_path_buf()));
    let Some(inside) = inside else {
        return Some(
            Diagnostic::error(link, "a symbolic link leads outside the edition folder: expected links only to files and folders of the same edition, so that no other file is ever published")
                .with_hint("copy the file into the edition folder"),
        );
    };
    let hidden = inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'));
    hidden.then(|| {
        Diagnostic::error(
            link,
            format!(
                "a symbolic link leads to the hidden `{}`: hidden files and folders are never published, under their own name or another",
                inside.display()
            ),
        )
        .with_hint("link to a file whose name does not start with `.`, or remove the link")
    })
}

fn check_language_folder(
    path: &Path,
    name: &str,
    languages: &[String],
    problems: &mut Diagnostics,
) {
    if languages.is_empty() {
        // rapport.toml could not be read: its error says so; every folder would look wrong.
        return;
    }
    // A folder of Markdown pages named like a language is a language folder; any other
    // folder (images, documents) is copied as it is.
    let looks_like_language = name.len() <= 3 && name.chars().all(|c| c.is_ascii_lowercase());
    if looks_like_language && !languages.iter().any(|l| l == name) && holds_markdown(path) {
        let mut d = Diagnostic::error(
            path,
            format!(
                "`{name}` holds pages but is not a language of the site: expected one of {}",
                languages.join(", ")
            ),
        );
        if let Some(near) = nearest(name, languages.iter().map(String::as_str)) {
            d = d.with_hint(format!("did you mean `{near}`?"));
        } else {
            d = d.with_hint("add it to `languages` in rapport.toml");
        }
        problems.push(d);
    }
}

fn holds_markdown(dir: &Path) -> bool {
    std::fs::read_dir(dir).is_ok_and(|entries| {
        entries
            .filter_map(Result::ok)
            .any(|e| e.path().extension().is_some_and(|x| x == "md"))
    })
}

fn page_sets(
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
pub fn default_slug(stem: &str) -> String {
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

    #[test]
    fn unknown_keys_are_named() {
        let err =
            parse_toml::<FrontMatter>(Path::new("a.md"), "title = \"A\"\ntilte = 1\n").unwrap_err();
        assert!(err.message.contains("tilte"), "{err}");
        assert_eq!(err.line, 2);
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
