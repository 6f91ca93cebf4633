//! `rapport check`: everything a build validates, plus the checks a build can live
//! without but readers cannot: links and `#anchors` that lead somewhere, footnotes whose
//! references and definitions match, translations with the same figures, files that
//! exist, and an edition's publication metadata.
//!
//! Reads the project through [`load`], renders it in memory through [`render`] and
//! resolves anchors against the ids of the rendered pages; writes nothing.
//!
//! Each check has its module: `links` (links and the files they lead to, by source
//! path), `anchors` (`#fragments` against the ids of the rendered pages), `footnotes`,
//! `translations` (the same figures and structure in every language), `drift` (the same
//! numbers, links, note references and code in every paragraph, read per language by
//! `text_numbers`), `stale` (translations whose source changed since they were
//! accepted), `numbers` (a
//! chart's numbers written as its table's cells write them), `images` (text
//! alternatives), `active` (scripts in files published as they are) and `direction`
//! (languages CLDR does not know marked in pages, and `left` and `right` in the project's
//! own templates and stylesheets, when a language is written right to left). This module runs them in order, with the edition's metadata
//! check.

mod active;
mod anchors;
mod cells;
mod direction;
mod drift;
mod footnotes;
mod images;
mod links;
mod numbers;
mod stale;
mod text_numbers;
mod translations;

use std::path::Path;

use rayon::prelude::*;

use crate::core::diagnostics::{Diagnostic, Diagnostics, Error};
use crate::core::model::{Edition, Site};
use crate::core::output::Output;
use crate::render::theme::Theme;
use crate::{load, render, validate};

use anchors::Anchors;
use links::Targets;

/// An edition's `indicators.toml` read again with where each value is written, into the
/// shape a check needs (`T`), with its path and text; `None` when the edition has none,
/// or when it does not parse (validation has reported that).
fn located_indicators<T: serde::de::DeserializeOwned>(
    edition: &Edition,
) -> Option<(std::path::PathBuf, &str, T)> {
    let file = "indicators.toml";
    if !validate::known(edition, file) {
        return None;
    }
    let (path, source) = edition.source(file);
    let located = toml::from_str::<T>(source).ok()?;
    Some((path, source, located))
}

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
    if let Some(theme) = theme {
        direction::physical_sides(theme, &languages, &mut problems);
        problems.extend(theme.i18n.warnings().clone());
    }
    for edition in &site.editions {
        active::active_content(edition, &mut problems);
        metadata(edition, &mut problems);
        search_stemming(edition, &languages, &mut problems);
        translations::translations(edition, &languages, &mut problems);
        if let Some(theme) = theme {
            numbers::chart_numbers(edition, &languages, &theme.i18n, &mut problems);
        }
        for page in edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
        {
            footnotes::footnotes(page, &mut problems);
            direction::marked_languages(page, &mut problems);
            images::image_descriptions(page, &mut problems);
        }
    }
    // What every paragraph says in every language: the longest checks, one edition per
    // thread; diagnostics are sorted when printed, so the order they come in is free.
    let said: Vec<Diagnostics> = site
        .editions
        .par_iter()
        .map(|edition| {
            let mut found = Diagnostics::new();
            drift::drift(edition, &languages, theme.map(|t| &t.i18n), &mut found);
            stale::stale(edition, &languages, &mut found);
            found
        })
        .collect();
    said.into_iter().for_each(|found| problems.extend(found));
    let anchors = rendered.as_ref().map(Anchors::new);
    for edition in &site.editions {
        for page in edition
            .pages
            .iter()
            .flat_map(|set| set.translations.values())
        {
            links::links(
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

/// A language the search cannot stem is searched by its words as written: said once per
/// edition, at its first page in that language, so the author knows why a plural finds
/// nothing.
fn search_stemming(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
    for lang in languages
        .iter()
        .filter(|l| render::search::lacks_stemmer(l))
    {
        let first = (edition.pages.iter()).find_map(|set| set.translations.get(lang));
        if let Some(page) = first {
            problems.push(
                Diagnostic::warning(
                    &page.path,
                    format!("the search has no stemmer for `{lang}`: its pages are indexed by their words as written, so another form of a word (a plural, a conjugation) does not find them"),
                )
                .with_hint("stemmed languages: ar, da, de, el, en, es, fi, fr, hu, it, nl, no, pt, ro, ru, sv, ta, tr; zh and ja are indexed by pairs of characters"),
            );
        }
    }
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
