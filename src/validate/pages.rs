//! Checks an edition's pages: URL-safe, unique and unreserved slugs, the same numbered
//! paragraphs, footnotes and figures in every language, body headings, nesting depth and
//! unsafe links; then each page's data blocks ([`super::blocks`]).

use std::collections::BTreeMap;
use std::path::Path;

use crate::core::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::core::model::{Edition, Page, Site};

use super::blocks;
use super::budget::Budget;

pub(super) fn check(
    site: &Site,
    edition: &Edition,
    languages: &[String],
    problems: &mut Diagnostics,
) {
    slugs(edition, languages, problems);
    alignment(edition, languages, problems);
    for set in &edition.pages {
        for page in set.translations.values() {
            let mut budget = Budget::new();
            for offset in page.outline.h1_offsets.iter().filter(|_| budget.take()) {
                problems.push(
                    Diagnostic::warning(
                        &page.path,
                        "a level-1 heading in the body: the page title is the only `#` heading",
                    )
                    .at_offset(&page.source, page.body_offset + offset)
                    .with_hint("start body headings at `##`"),
                );
            }
            if let Some(d) = budget.summary(&page.path, "level-1 headings", Severity::Warning) {
                problems.push(d);
            }
            if let Some(offset) = page.outline.too_deep_for_sanitizer() {
                problems.push(too_deep(page, offset));
            }
            blocks::check(site, edition, page, problems);
        }
    }
}

fn too_deep(page: &crate::core::model::Page, offset: usize) -> Diagnostic {
    let limit = crate::core::nesting::MAX_NESTING;
    Diagnostic::error(
        &page.path,
        format!("elements nested more than {limit} deep on a page with raw HTML"),
    )
    .at_offset(&page.source, page.body_offset + offset)
    .with_hint(format!(
        "close some elements before this one; browsers nest at most {limit} deep, and the HTML sanitizer takes minutes on deeper pages"
    ))
}

fn slugs(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    for lang in languages {
        let mut seen: BTreeMap<&str, &Path> = BTreeMap::new();
        for set in &edition.pages {
            let Some(page) = set.translations.get(lang) else {
                continue;
            };
            if page.slug.is_empty() || page.slug != crate::core::outline::slugify(&page.slug) {
                problems.push(Diagnostic::error(&page.path, format!("slug `{}` is not URL-safe: expected lowercase letters, digits and hyphens", page.slug)).at(1, 1));
            }
            if crate::core::routes::is_reserved_slug(&page.slug) {
                problems.push(
                    Diagnostic::error(
                        &page.path,
                        format!("slug `{}` is reserved by rapport", page.slug),
                    )
                    .at(1, 1)
                    .with_hint("choose another slug in the front matter"),
                );
            }
            if let Some(other) = seen.insert(&page.slug, &page.path) {
                problems.push(
                    Diagnostic::error(
                        &page.path,
                        format!(
                            "duplicate slug `{}`: {} has it too",
                            page.slug,
                            other.display()
                        ),
                    )
                    .at(1, 1)
                    .with_hint("set a distinct `slug` in the front matter"),
                );
            }
        }
    }
}

/// Every language must number the same paragraphs and footnotes and show the same
/// figures; the first page where they diverge is reported.
fn alignment(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    let Some(reference) = languages.first() else {
        return;
    };
    type Measure = fn(&Page) -> usize;
    let measures: [(&str, Measure); 3] = [
        ("numbered paragraphs", |p| p.outline.paragraphs),
        ("footnotes", |p| p.outline.footnotes.len()),
        ("figures", Page::figures),
    ];
    for lang in &languages[1..] {
        for (what, measure) in measures {
            let diverging = edition.pages.iter().filter_map(|set| {
                let a = set.translations.get(reference)?;
                let b = set.translations.get(lang)?;
                (measure(a) != measure(b)).then_some((a, b))
            });
            for (a, b) in diverging {
                problems.push(
                    Diagnostic::error(
                        &b.path,
                        format!(
                            "languages diverge here: `{lang}` has {} {what}, `{reference}` has {} ({})",
                            measure(b),
                            measure(a),
                            a.path.display()
                        ),
                    )
                    .at_offset(&b.source, b.body_offset)
                    .with_hint("every language numbers the same paragraphs; mark notes with `{-}`"),
                );
            }
        }
    }
}

/// Links and images whose URL would run code in the reader's browser (`javascript:`).
/// The sanitizer would strip them; the author should hear about it first.
pub(super) fn unsafe_links(edition: &Edition, problems: &mut Diagnostics) {
    for page in edition
        .pages
        .iter()
        .flat_map(|set| set.translations.values())
    {
        let mut budget = Budget::new();
        for (url, offset) in &page.outline.links {
            if let Some(scheme) = crate::core::links::unsafe_scheme(url).filter(|_| budget.take()) {
                problems.push(
                    Diagnostic::error(&page.path, format!("a `{scheme}:` link: such URLs can run code in the reader's browser and are not allowed"))
                        .at_offset(&page.source, page.body_offset + offset)
                        .with_hint("link to a page's .md file or an https:// address; `trusted_html = true` in rapport.toml lifts this for trusted authors"),
                );
            }
        }
        if let Some(d) = budget.summary(&page.path, "unsafe links", Severity::Error) {
            problems.push(d);
        }
    }
}
