//! Cross-checks a loaded site: references between files, every text in every language,
//! and languages that number the same paragraphs. Reports every problem at once.
//!
//! This module runs the checks and holds the helpers they share to locate a problem in a
//! TOML file; each submodule checks one part of the site:
//!
//! - `config`: `rapport.toml` (languages, title);
//! - `data`: an edition's data files (`edition.toml`, `indicators.toml`, `projects.toml`);
//! - `pages`: its pages (slugs, paragraph numbering across languages, headings, links);
//! - `blocks`: the data blocks of a page, against the data files;
//! - [`budget`]: how many problems of one kind a file reports.

mod blocks;
pub(crate) mod budget;
mod config;
mod data;
mod pages;

use std::collections::BTreeSet;
use std::path::Path;

use toml::Spanned;

use crate::core::diagnostics::{Diagnostic, Diagnostics, nearest};
use crate::core::model::{Edition, Localized, Site};

/// Checks the whole site; returns every problem (errors and warnings).
pub(crate) fn site(site: &Site) -> Diagnostics {
    let mut problems = Diagnostics::new();
    let languages = site.config.language_codes();
    config::check(site, &languages, &mut problems);
    for edition in &site.editions {
        data::check(edition, &languages, &mut problems);
        pages::check(site, edition, &languages, &mut problems);
        if !site.config.trusted_html {
            pages::unsafe_links(edition, &mut problems);
        }
    }
    problems
}

fn spanned_error<T>(path: &Path, source: &str, at: &Spanned<T>, message: String) -> Diagnostic {
    Diagnostic::error(path, message).at_offset(source, at.span().start)
}

fn localized(
    path: &Path,
    source: &str,
    what: &str,
    text: &Spanned<Localized>,
    languages: &[String],
    problems: &mut Diagnostics,
) {
    for lang in languages {
        let missing = text.get_ref().get(lang).is_none_or(|t| t.trim().is_empty());
        if missing {
            problems.push(
                spanned_error(
                    path,
                    source,
                    text,
                    format!("`{what}` has no `{lang}` text: expected one for every language"),
                )
                .with_hint(format!("add `{what}.{lang} = \"…\"`")),
            );
        }
    }
    for lang in text.get_ref().keys() {
        if !languages.contains(lang) {
            problems.push(
                spanned_error(
                    path,
                    source,
                    text,
                    format!("`{what}` has text for `{lang}`, which is not a language of the site"),
                )
                .with_hint(format!("languages: {}", languages.join(", "))),
            );
        }
    }
}

fn unknown_id(
    path: &Path,
    source: &str,
    at: &Spanned<String>,
    what: &str,
    valid: &[&str],
) -> Diagnostic {
    let mut d = spanned_error(
        path,
        source,
        at,
        format!("unknown {what} `{}`", at.get_ref()),
    );
    let hint = match nearest(at.get_ref(), valid.iter().copied()) {
        Some(near) => format!("did you mean `{near}`? valid values: {}", valid.join(", ")),
        None => format!("valid values: {}", valid.join(", ")),
    };
    d = d.with_hint(hint);
    d
}

fn duplicates<'a>(
    path: &Path,
    source: &str,
    what: &str,
    ids: impl Iterator<Item = &'a Spanned<String>>,
    problems: &mut Diagnostics,
) {
    let mut seen = BTreeSet::new();
    for id in ids {
        if !seen.insert(id.get_ref().as_str()) {
            problems.push(spanned_error(
                path,
                source,
                id,
                format!("duplicate {what} id `{}`: ids must be unique", id.get_ref()),
            ));
        }
    }
}

/// Whether a data file of the edition was read: an absent file is read as empty; a file
/// that could not be read has been reported, and what refers to it is not checked again.
pub(crate) fn known(edition: &Edition, file: &str) -> bool {
    edition.sources.contains_key(&edition.dir.join(file))
}
