//! `rapport check`: everything a build validates, plus the checks a build can live
//! without but readers cannot: links and `#anchors` that lead somewhere, footnotes whose
//! references and definitions match, translations with the same figures, files that
//! exist, and an edition's publication metadata.
//!
//! Reads the project through [`load`], renders it in memory through [`render`] and
//! resolves anchors against the ids of the rendered pages; writes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser};

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error, Severity, nearest};
use crate::core::links::{self, ContentLink, normalize};
use crate::core::model::{BlockContent, Edition, Page, Site};
use crate::core::output::Output;
use crate::core::routes;
use crate::render::theme::Theme;
use crate::validate::budget::Budget;
use crate::{load, render, validate};

/// Checks a project. Returns every problem, errors and warnings together; the caller
/// decides what an error means (exit 1). `Err` only when the project cannot be read.
pub fn project(root: &Path) -> Result<Diagnostics, Error> {
    let (site, mut problems) = match load::site(root) {
        Ok(loaded) => loaded,
        Err(problems) => return Ok(problems),
    };
    let theme = match Theme::load(root, &site.config.theme, &site.config.language_codes()) {
        Ok(theme) => Some(theme),
        Err(d) => {
            problems.extend(d);
            None
        }
    };
    problems.extend(site_checks(&site, theme.as_ref())?.0);
    Ok(problems)
}

/// Checks a loaded site (validation, then the checks of this module); renders it in
/// memory with `theme`, when given and the site is valid, to resolve anchors. Returns the
/// problems and the rendered site, if it was rendered.
pub fn site_checks(
    site: &Site,
    theme: Option<&Theme>,
) -> Result<(Diagnostics, Option<Output>), Error> {
    let mut problems = validate::site(site);
    // Anchors need the rendered pages, and rendering needs what a build needs.
    let rendered = match theme {
        Some(theme) if !problems.has_errors() => match render::site(site, theme) {
            Ok((output, _)) => Some(output),
            Err(Error::Content(d)) => {
                problems.extend(d);
                None
            }
            Err(e) => return Err(e),
        },
        _ => None,
    };
    let targets = Targets::new(site);
    let languages = site.config.language_codes();
    for edition in &site.editions {
        active_content(edition, &mut problems);
        metadata(edition, &mut problems);
        translations(edition, &languages, &mut problems);
        for page in edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
        {
            footnotes(page, &mut problems);
            image_descriptions(page, &mut problems);
        }
    }
    let anchors = rendered.as_ref().map(Anchors::new);
    for edition in &site.editions {
        for page in edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
        {
            links(
                site,
                edition,
                page,
                &targets,
                anchors.as_ref(),
                &mut problems,
            );
        }
    }
    Ok((problems, rendered))
}

/// HTML and SVG files of an edition folder are published as they are, never sanitized:
/// they are the author's own documents, like a PDF. A script in one of them runs on the
/// site's origin, so each is worth a warning, located at its tag.
fn active_content(edition: &Edition, problems: &mut Diagnostics) {
    for rel in &edition.assets {
        let is_markup = rel.extension().and_then(|e| e.to_str()).is_some_and(|e| {
            ["html", "htm", "svg", "xhtml"].contains(&e.to_ascii_lowercase().as_str())
        });
        let path = edition.dir.join(rel);
        let Some(text) = is_markup
            .then(|| std::fs::read(&path).ok())
            .flatten()
            .map(|b| String::from_utf8_lossy(&b).into_owned())
        else {
            continue;
        };
        if let Some((offset, what)) = first_active_content(&text) {
            problems.push(
                Diagnostic::warning(&path, format!("{what} in a file that is published as it is, unsanitized: its code would run on the site"))
                    .at_offset(&text, offset)
                    .with_hint("remove it, or publish the document as a PDF; only Markdown pages are sanitized"),
            );
        }
    }
}

/// The offset and kind of the first script, event handler or `javascript:` URL of a
/// document.
fn first_active_content(text: &str) -> Option<(usize, String)> {
    let mut found = None;
    crate::core::html::edit_tags(text, |tag| {
        if found.is_some() {
            return None;
        }
        let offset = tag.source.as_ptr() as usize - text.as_ptr() as usize;
        let what = if tag.name == "script" {
            Some("a `<script>` element".to_string())
        } else if let Some(handler) = tag.attributes.iter().find(|a| a.name.starts_with("on")) {
            Some(format!("an event handler attribute `{}`", handler.name))
        } else {
            tag.attributes
                .iter()
                .any(|a| {
                    ["href", "src", "xlink:href", "action", "formaction"].contains(&a.name.as_ref())
                        && a.value
                            .trim_start()
                            .to_ascii_lowercase()
                            .starts_with("javascript:")
                })
                .then(|| "a `javascript:` URL".to_string())
        };
        found = what.map(|w| (offset, w));
        None
    });
    found
}

/// The publication date: missing is worth a warning (a draft may not have one yet).
fn metadata(edition: &Edition, problems: &mut Diagnostics) {
    if !validate::known(edition, "edition.toml") {
        return;
    }
    let (path, _) = edition.source("edition.toml");
    if edition.meta.date.is_none() {
        problems.push(
            Diagnostic::warning(&path, "the edition has no publication `date`")
                .at(1, 1)
                .with_hint("add `date = \"YYYY-MM-DD\"` once the report is published"),
        );
    }
}

/// Translations show the same figures, in the same order, and the same number of
/// headings and indicator tables (paragraphs and footnotes are checked by every build).
fn translations(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    let Some((reference, others)) = languages.split_first() else {
        return;
    };
    for set in &edition.pages {
        let Some(a) = set.translations.get(reference) else {
            continue;
        };
        for lang in others {
            let Some(b) = set.translations.get(lang) else {
                continue;
            };
            let (charts_a, charts_b) = (charts(a), charts(b));
            if charts_a.len() == charts_b.len() {
                for (n, ((x, _), (y, offset))) in charts_a.iter().zip(&charts_b).enumerate() {
                    if x != y {
                        problems.push(
                            Diagnostic::error(
                                &b.path,
                                format!(
                                    "figure {} draws `{y}` in `{lang}` but `{x}` in `{reference}`",
                                    n + 1
                                ),
                            )
                            .at_offset(&b.source, b.body_offset + offset)
                            .with_hint(format!(
                                "translations show the same figures in the same order ({})",
                                a.path.display()
                            )),
                        );
                    }
                }
            }
            if a.indicator_tables() != b.indicator_tables() {
                problems.push(
                    Diagnostic::error(
                        &b.path,
                        format!(
                            "`{lang}` has {} indicator table(s), `{reference}` has {} ({})",
                            b.indicator_tables(),
                            a.indicator_tables(),
                            a.path.display()
                        ),
                    )
                    .at_offset(&b.source, b.body_offset),
                );
            }
            let (ha, hb) = (headings(a), headings(b));
            if ha != hb {
                problems.push(
                    Diagnostic::warning(
                        &b.path,
                        format!(
                            "`{lang}` has {hb} heading(s), `{reference}` has {ha} ({})",
                            a.path.display()
                        ),
                    )
                    .at_offset(&b.source, b.body_offset)
                    .with_hint("translations usually share their structure"),
                );
            }
        }
    }
}

fn charts(page: &Page) -> Vec<(String, usize)> {
    page.blocks
        .iter()
        .filter_map(|b| match &b.content {
            // A figure that could not be read (validation reported it) draws no chart.
            BlockContent::Figure(figure) => Some((
                figure
                    .as_ref()
                    .map_or(String::new(), |f| format!("{:?}", f.chart.get_ref())),
                b.written.body_offset,
            )),
            _ => None,
        })
        .collect()
}

/// An image without a text alternative says nothing to a screen reader (WCAG 1.1.1).
/// A decorative image is rare in a report; the author is warned, not stopped.
fn image_descriptions(page: &Page, problems: &mut Diagnostics) {
    let mut alt: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(page.body(), Options::all()).into_offset_iter() {
        match event {
            Event::Start(pulldown_cmark::Tag::Image { .. }) => {
                alt = Some((range.start, String::new()))
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = &mut alt {
                    words.push_str(&text);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((offset, words)) = alt.take()
                    && words.trim().is_empty()
                {
                    problems.push(
                        Diagnostic::warning(&page.path, "an image without a text alternative: screen readers cannot say what it shows")
                            .at_offset(&page.source, page.body_offset + offset)
                            .with_hint("describe it between the brackets: ![what it shows](file.png)"),
                    );
                }
            }
            _ => {}
        }
    }
}

fn headings(page: &Page) -> usize {
    Parser::new_ext(page.body(), Options::ENABLE_HEADING_ATTRIBUTES)
        .filter(|e| matches!(e, Event::Start(pulldown_cmark::Tag::Heading { .. })))
        .count()
}

/// Every `[^label]` has a definition, every definition is used, none is defined twice.
fn footnotes(page: &Page, problems: &mut Diagnostics) {
    let mut found: Vec<(usize, Diagnostic)> = Vec::new();
    let mut defined: BTreeMap<&str, usize> = BTreeMap::new();
    for (label, offset) in &page.outline.footnote_definitions {
        if defined.contains_key(label.as_str()) {
            let message = format!(
                "footnote `[^{label}]` is defined twice: only the first definition is shown"
            );
            found.push((*offset, Diagnostic::error(&page.path, message)));
        } else {
            defined.insert(label, *offset);
        }
    }
    let referenced: BTreeSet<&str> = page.outline.footnotes.iter().map(String::as_str).collect();
    for (label, offset) in &defined {
        if !referenced.contains(label) {
            let message = format!(
                "footnote `[^{label}]` is defined but never referenced: it would not be shown"
            );
            found.push((
                *offset,
                Diagnostic::error(&page.path, message)
                    .with_hint("reference it in the text, or delete it"),
            ));
        }
    }
    for (label, offset) in undefined_references(page.body()) {
        let message = format!(
            "footnote reference `[^{label}]` has no definition: it would show as plain text"
        );
        let d = Diagnostic::error(&page.path, message);
        let d = match nearest(&label, defined.keys().copied()) {
            Some(near) => d.with_hint(format!("did you mean `[^{near}]`?")),
            None => d.with_hint(format!("add a line `[^{label}]: …` to the page")),
        };
        found.push((offset, d));
    }
    let mut budget = Budget::new();
    for (offset, d) in found {
        if budget.take() {
            problems.push(d.at_offset(&page.source, page.body_offset + offset));
        }
    }
    if let Some(d) = budget.summary(&page.path, "footnote problems", Severity::Error) {
        problems.push(d);
    }
}

/// Footnote references that the parser left as text because nothing defines them.
fn undefined_references(body: &str) -> Vec<(String, usize)> {
    // Runs of adjacent text events, with each piece's place in the run and in the source.
    let mut found = Vec::new();
    let mut run = String::new();
    let mut pieces: Vec<(usize, usize, bool)> = Vec::new();
    let mut run_end = usize::MAX;
    let flush = |run: &mut String,
                 pieces: &mut Vec<(usize, usize, bool)>,
                 found: &mut Vec<(String, usize)>| {
        let mut from = 0;
        while let Some(i) = run[from..].find("[^").map(|i| from + i) {
            from = i + 2;
            let rest = &run[i + 2..];
            let Some(end) = rest.find(']') else { break };
            let label = &rest[..end];
            if label.is_empty() || label.contains(|c: char| c.is_whitespace() || c == '[') {
                continue;
            }
            let piece = pieces.iter().rev().find(|(at, _, _)| *at <= i);
            if let Some((at, source_start, true)) = piece {
                found.push((label.to_string(), source_start + (i - at)));
            }
        }
        run.clear();
        pieces.clear();
    };
    for (event, range) in Parser::new_ext(body, Options::ENABLE_FOOTNOTES).into_offset_iter() {
        match event {
            Event::Text(text) => {
                if range.start != run_end {
                    flush(&mut run, &mut pieces, &mut found);
                }
                // An escaped `\[` or an entity reads differently in the source: not a
                // reference.
                let escaped = body[..range.start].ends_with('\\');
                let literal = !escaped && body.get(range.clone()) == Some(text.as_ref());
                pieces.push((run.len(), range.start, literal));
                run.push_str(&text);
                run_end = range.end;
            }
            _ => {
                flush(&mut run, &mut pieces, &mut found);
                run_end = usize::MAX;
            }
        }
    }
    flush(&mut run, &mut pieces, &mut found);
    found
}

/// The first and last paragraph numbers of a page, and its file.
type ParagraphRange = (usize, usize, PathBuf);

/// Where the pages and files of the site are, by source path.
struct Targets {
    /// A Markdown file → its output page and edition year.
    pages: HashMap<PathBuf, (String, u16)>,
    /// Paragraph number → the file holding it, per edition year and language.
    paragraphs: HashMap<(u16, String), Vec<ParagraphRange>>,
}

impl Targets {
    fn new(site: &Site) -> Targets {
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
    fn paragraph(&self, year: u16, lang: &str, n: usize) -> Option<&Path> {
        let ranges = self.paragraphs.get(&(year, lang.to_string()))?;
        ranges
            .iter()
            .find(|(first, last, _)| (*first..=*last).contains(&n))
            .map(|(_, _, p)| p.as_path())
    }

    fn last_paragraph(&self, year: u16, lang: &str) -> usize {
        self.paragraphs
            .get(&(year, lang.to_string()))
            .and_then(|r| r.last())
            .map_or(0, |(_, last, _)| *last)
    }
}

/// The `id`s of every rendered HTML page.
struct Anchors {
    ids: HashMap<String, BTreeSet<String>>,
}

impl Anchors {
    fn new(output: &Output) -> Anchors {
        let ids = output
            .iter()
            .filter(|(path, _)| path.ends_with(".html"))
            .map(|(path, bytes)| (path.to_string(), html_ids(&String::from_utf8_lossy(bytes))))
            .collect();
        Anchors { ids }
    }

    fn of(&self, page: &str) -> Option<&BTreeSet<String>> {
        self.ids.get(page)
    }
}

/// The values of `id="…"` attributes in an HTML text.
fn html_ids(html: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    let mut rest = html;
    while let Some(i) = rest.find("id=\"") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 4..];
        let Some(end) = rest.find('"') else { break };
        if before.is_some_and(char::is_whitespace) {
            ids.insert(unescape(&rest[..end]));
        }
        rest = &rest[end..];
    }
    ids
}

fn unescape(text: &str) -> String {
    text.replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Every relative link and image of a page leads to a page, a paragraph, a heading or a
/// file of the site.
fn links(
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

/// A link's target page and fragment.
struct Found<'a> {
    year: u16,
    lang: &'a str,
    out: &'a str,
    fragment: &'a str,
}

/// `#fragment` on the output page must be one of its ids.
fn anchor(
    file: &Path,
    target: &Found<'_>,
    anchors: &Anchors,
    targets: &Targets,
    found: &mut Vec<(usize, Diagnostic)>,
    offset: usize,
) {
    let Found {
        year,
        lang,
        out,
        fragment,
    } = *target;
    let Some(ids) = anchors.of(out) else { return };
    if fragment.is_empty() || ids.contains(fragment) {
        return;
    }
    let mut d = Diagnostic::error(
        file,
        format!("anchor `#{fragment}` does not exist on {out}"),
    );
    let paragraph = fragment
        .strip_prefix('p')
        .and_then(|n| n.parse::<usize>().ok());
    let hint = match paragraph {
        Some(n) => match targets.paragraph(year, lang, n) {
            Some(file) => format!(
                "paragraph {n} is on {}: link to that file with `#p{n}`",
                file.display()
            ),
            None => format!(
                "the {year} edition has paragraphs p1 to p{} in `{lang}`",
                targets.last_paragraph(year, lang)
            ),
        },
        None => {
            let headings: Vec<&str> = ids
                .iter()
                .map(String::as_str)
                .filter(|id| !is_generated(id))
                .collect();
            match nearest(fragment, headings.iter().copied()) {
                Some(near) => format!("did you mean `#{near}`?"),
                None if headings.is_empty() => {
                    "the page has no heading ids; link to a paragraph `#pN`".to_string()
                }
                None => format!(
                    "headings on that page: {}",
                    headings
                        .iter()
                        .take(12)
                        .map(|h| format!("#{h}"))
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }
        }
    };
    d = d.with_hint(hint);
    found.push((offset, d));
}

/// Ids that rapport gives its own elements (paragraphs, notes, tables), not headings.
fn is_generated(id: &str) -> bool {
    let numbered = |prefix: &str| {
        id.strip_prefix(prefix)
            .is_some_and(|r| !r.is_empty() && r.bytes().all(|b| b.is_ascii_digit() || b == b'-'))
    };
    numbered("p")
        || numbered("fn-")
        || numbered("fnref-")
        || id.starts_with("indicators-")
        || id.starts_with("figure-")
        || !id.chars().any(|c| c.is_ascii_alphabetic())
}

fn language_of(edition: &Edition, page: &Page) -> String {
    page.path
        .strip_prefix(&edition.dir)
        .ok()
        .and_then(|rel| rel.components().next())
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undefined_footnote_references_are_found_with_their_offsets() {
        let body = "One[^a] and two[^b].\n\nEscaped \\[^c] and `[^d]`.\n\n[^a]: Defined.\n";
        let found = undefined_references(body);
        assert_eq!(found, vec![("b".to_string(), 15)]);
        assert_eq!(&body[15..19], "[^b]");
    }

    #[test]
    fn ids_are_read_from_html() {
        let ids =
            html_ids("<p id=\"p3\" class=\"x\"><h2 id=\"a&amp;b\">x</h2><div data-id=\"no\">");
        assert_eq!(ids.into_iter().collect::<Vec<_>>(), ["a&b", "p3"]);
    }

    #[test]
    fn generated_ids_are_not_offered_as_headings() {
        assert!(is_generated("p12"));
        assert!(is_generated("fnref-3-2"));
        assert!(!is_generated("produit-1-1"));
        assert!(!is_generated("pourquoi"));
    }
}
