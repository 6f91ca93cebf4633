//! Relative links and images of a page: each leads to a page of the site, or to a file an
//! edition publishes. Links are read as a build reads them ([`links::content_link`]), so
//! what passes here is what the site links to; their `#fragments` are checked by
//! [`anchors`](super::anchors).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Diagnostics, Severity, nearest};
use crate::core::links::{self, ContentLink, normalize};
use crate::core::model::{Edition, Page, Site};
use crate::core::routes;
use crate::validate::budget::Budget;

use super::anchors::{Anchors, Found, anchor};

/// The first and last paragraph numbers of a page, and its file.
type ParagraphRange = (usize, usize, PathBuf);

/// Where the pages and files of the site are, by source path.
pub(super) struct Targets {
    /// A Markdown file → its output page and edition year.
    pages: HashMap<PathBuf, (String, u16)>,
    /// Paragraph number → the file holding it, per edition year and language.
    paragraphs: HashMap<(u16, String), Vec<ParagraphRange>>,
}

impl Targets {
    pub(super) fn new(site: &Site) -> Targets {
        let mut pages = HashMap::new();
        let mut paragraphs: HashMap<(u16, String), Vec<ParagraphRange>> = HashMap::new();
        for edition in &site.editions {
            for set in &edition.pages {
                for (lang, page) in &set.translations {
                    pages.insert(
                        normalize(&page.path),
                        (routes::page(edition.year, lang, &page.slug), edition.year),
                    );
                    let ranges = paragraphs.entry((edition.year, lang.clone())).or_default();
                    let first = ranges.last().map_or(1, |(_, last, _)| last + 1);
                    let shown = page.path.strip_prefix(&site.root).unwrap_or(&page.path);
                    ranges.push((
                        first,
                        first + page.outline.paragraphs - 1,
                        shown.to_path_buf(),
                    ));
                }
            }
        }
        Targets { pages, paragraphs }
    }

    /// Which page of an edition holds paragraph `n`.
    pub(super) fn paragraph(&self, year: u16, lang: &str, n: usize) -> Option<&Path> {
        let ranges = self.paragraphs.get(&(year, lang.to_string()))?;
        ranges
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&n))
            .map(|(_, _, p)| p.as_path())
    }

    pub(super) fn last_paragraph(&self, year: u16, lang: &str) -> usize {
        self.paragraphs
            .get(&(year, lang.to_string()))
            .and_then(|r| r.last())
            .map_or(0, |(_, last, _)| *last)
    }
}

/// Every relative link and image of a page leads to a page, a paragraph, a heading or a
/// file of the site.
pub(super) fn links(
    site: &Site,
    edition: &Edition,
    page: &Page,
    targets: &Targets,
    anchors: Option<&Anchors>,
    problems: &mut Diagnostics,
) {
    let lang = language_of(edition, page);
    // Problems are located at the end, and only the first few: see `Budget`.
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    for (url, offset) in &page.outline.links {
        let found = &mut found;
        let locate = |d: Diagnostic| (*offset, d);
        if url.trim().is_empty() {
            found.push(locate(
                Diagnostic::warning(&page.path, "a link with no target")
                    .with_hint("write `[text](target.md)`"),
            ));
            continue;
        }
        // Read as `build` reads it, so that what passes here is what the site links to.
        let link = links::content_link(&page.path, url);
        let (path, target, fragment) = match &link {
            ContentLink::Outside => continue,
            ContentLink::RootRelative => {
                found.push(locate(
                    Diagnostic::error(&page.path, format!("`{url}` is an absolute link: it breaks when the site is served under a sub-path or opened from disk"))
                        .with_hint("link to the Markdown file or asset relative to this page"),
                ));
                continue;
            }
            ContentLink::Here { fragment } => {
                if let (Some(fragment), Some(anchors)) = (fragment, anchors) {
                    let own = routes::page(edition.year, &lang, &page.slug);
                    let target_of = Found {
                        year: edition.year,
                        lang: &lang,
                        out: &own,
                        fragment: &fragment.decoded(),
                    };
                    anchor(&page.path, &target_of, anchors, targets, found, *offset);
                }
                continue;
            }
            ContentLink::File {
                written,
                target,
                fragment,
            } => (written, target, fragment),
        };
        if link.page().is_some() {
            match targets.pages.get(target) {
                Some((out, year)) => {
                    let target_lang = routes::parse(out)
                        .and_then(|r| r.lang())
                        .unwrap_or_default();
                    if let (Some(fragment), Some(anchors)) = (fragment, anchors) {
                        let target_of = Found {
                            year: *year,
                            lang: target_lang,
                            out,
                            fragment: &fragment.decoded(),
                        };
                        anchor(&page.path, &target_of, anchors, targets, found, *offset);
                    }
                }
                None => {
                    let mut d = Diagnostic::error(
                        &page.path,
                        format!("`{path}` is not a page of the site"),
                    );
                    let siblings: Vec<String> = targets
                        .pages
                        .keys()
                        .filter(|p| p.parent() == target.parent())
                        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                        .collect();
                    let name = target
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default();
                    if let Some(near) = nearest(&name, siblings.iter().map(String::as_str)) {
                        d = d.with_hint(format!("did you mean `{near}`?"));
                    } else if !siblings.is_empty() {
                        let mut sorted = siblings.clone();
                        sorted.sort();
                        d = d.with_hint(format!("pages beside it: {}", sorted.join(", ")));
                    }
                    found.push(locate(d));
                }
            }
            continue;
        }
        if let Some(d) = asset(site, edition, page, path, target) {
            found.push(locate(d));
        }
    }
    let mut budget = Budget::new();
    for (offset, d) in found {
        if budget.take() {
            problems.push(d.at_offset(&page.source, page.body_offset + offset));
        }
    }
    if let Some(d) = budget.summary(&page.path, "link problems", Severity::Error) {
        problems.push(d);
    }
}

/// A link to a file that is not a page: it must exist inside an edition, which publishes it.
fn asset(
    site: &Site,
    edition: &Edition,
    page: &Page,
    path: &str,
    target: &Path,
) -> Option<Diagnostic> {
    let inside = site
        .editions
        .iter()
        .find(|e| target.starts_with(normalize(&e.dir)));
    let Some(owner) = inside else {
        return Some(
            Diagnostic::error(
                &page.path,
                format!("`{path}` is outside the edition folders: it would not be published"),
            )
            .with_hint(format!(
                "put the file in {}",
                edition
                    .dir
                    .strip_prefix(&site.root)
                    .unwrap_or(&edition.dir)
                    .display()
            )),
        );
    };
    let rel = target.strip_prefix(normalize(&owner.dir)).unwrap_or(target);
    if owner.assets.iter().any(|a| a == rel) {
        return None;
    }
    if target.is_dir() {
        return Some(Diagnostic::error(
            &page.path,
            format!("`{path}` is a folder: expected a page's .md file or a file"),
        ));
    }
    let mut d = Diagnostic::error(&page.path, format!("`{path}` does not exist"));
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let names: Vec<String> = owner
        .assets
        .iter()
        .filter_map(|a| a.file_name().map(|n| n.to_string_lossy().into_owned()))
        .collect();
    if let Some(near) = nearest(&name, names.iter().map(String::as_str)) {
        let full = owner
            .assets
            .iter()
            .find(|a| a.file_name().is_some_and(|n| n.to_string_lossy() == near));
        d = d.with_hint(format!(
            "did you mean `{}`?",
            full.map_or(near.to_string(), |f| f.display().to_string())
        ));
    }
    Some(d)
}

fn language_of(edition: &Edition, page: &Page) -> String {
    page.path
        .strip_prefix(&edition.dir)
        .ok()
        .and_then(|rel| rel.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default()
}
