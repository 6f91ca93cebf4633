//! Stale translations shown to the writer, in the preview only: every numbered
//! paragraph whose source (the first language's) changed since its translation was
//! accepted into the edition's translations lock gets a visible note at its start, which
//! screen readers announce as a note. `build` never shows it: only `serve` calls this.

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::core::html::{edit_tags, escape_text};
use crate::core::model::Site;
use crate::core::output::Output;
use crate::core::routes;
use crate::core::translation::{LOCK_FILE, Lock, State, states};
use crate::core::units::UnitKind;

/// The marker's class, for a project's own stylesheet to restyle it.
pub(crate) const MARKER_CLASS: &str = "rapport-stale";

/// Dark text on a pale amber ground with a strong border (well above 4.5:1), on its own
/// line so that it never hides the paragraph's number.
const MARKER_STYLE: &str = "display:block;margin:0 0 0.25rem;padding:0.1rem 0.4rem;background:#fff4d6;color:#1a1a1a;border:0.15rem solid #8a5a00;font-family:system-ui,sans-serif;font-size:0.9rem;font-weight:normal";

/// Marks the stale paragraphs of the pages in `output` (the whole site, or the pages a
/// rebuild wrote).
fn mark(output: &mut Output, site: &Site) {
    let languages = site.config.language_codes();
    let Some((source, others)) = languages.split_first() else {
        return;
    };
    for edition in &site.editions {
        // Read afresh: `rapport translations --accept` may have run since the preview started.
        let Some(lock) =
            crate::load::translations_lock(&edition.dir).and_then(|text| Lock::parse(&text).ok())
        else {
            continue;
        };
        for lang in others {
            if !lock.entries.keys().any(|(l, _, _)| l == lang) {
                continue;
            }
            let mut by_page: BTreeMap<String, Vec<String>> = BTreeMap::new();
            for row in states(edition, source, lang, &lock) {
                let marked = matches!(row.state, State::Stale | State::Unrecorded)
                    && row.source.kind == UnitKind::Paragraph;
                if let (true, Some(page)) = (marked, row.set.translations.get(lang)) {
                    by_page
                        .entry(routes::page(edition.year, lang, &page.slug))
                        .or_default()
                        .push(row.unit.clone());
                }
            }
            for (path, ids) in by_page {
                let Some(html) = output
                    .get(&path)
                    .map(|b| String::from_utf8_lossy(b).into_owned())
                else {
                    continue;
                };
                let marked = mark_paragraphs(&html, &ids, source);
                output.insert(path, marked.into_bytes());
            }
        }
    }
}

/// The translated pages of the editions with a translations lock as rendered, without
/// their notes: when a source page changes, its translations are not rendered again (they
/// did not change), but their notes may have, so they are marked again from here.
#[derive(Default)]
pub(crate) struct Marker {
    unmarked: BTreeMap<String, Vec<u8>>,
}

impl Marker {
    /// Marks a whole build, and remembers its translated pages.
    pub(crate) fn everything(&mut self, output: &mut Output, site: &Site) {
        self.unmarked.clear();
        self.remember(output, site);
        mark(output, site);
    }

    /// Marks the pages a rebuild wrote, with the translations of the source pages among
    /// `changed` (files, as the watcher saw them) added.
    pub(crate) fn patch(&mut self, written: &mut Output, site: &Site, changed: &[PathBuf]) {
        self.remember(written, site);
        for path in translations_of_changed_sources(site, changed) {
            if written.get(&path).is_none()
                && let Some(bytes) = self.unmarked.get(&path)
            {
                written.insert(path, bytes.clone());
            }
        }
        mark(written, site);
    }

    fn remember(&mut self, output: &Output, site: &Site) {
        let source = site.config.language_codes().into_iter().next();
        for edition in site
            .editions
            .iter()
            .filter(|e| e.dir.join(LOCK_FILE).is_file())
        {
            for (lang, page) in edition.pages.iter().flat_map(|set| set.translations.iter()) {
                let path = routes::page(edition.year, lang, &page.slug);
                if Some(lang) != source.as_ref()
                    && let Some(bytes) = output.get(&path)
                {
                    self.unmarked.insert(path, bytes.to_vec());
                }
            }
        }
    }
}

/// The addresses of the translations of the source pages among `changed`, in editions
/// with a translations lock.
fn translations_of_changed_sources(site: &Site, changed: &[PathBuf]) -> Vec<String> {
    // The watcher's paths are absolute, the model's start from the root as given.
    let changed: Vec<PathBuf> = changed
        .iter()
        .filter_map(|p| std::fs::canonicalize(p).ok())
        .collect();
    let Some(source) = site.config.language_codes().into_iter().next() else {
        return Vec::new();
    };
    let mut paths = Vec::new();
    for edition in site
        .editions
        .iter()
        .filter(|e| e.dir.join(LOCK_FILE).is_file())
    {
        for set in &edition.pages {
            let source_changed = set
                .translations
                .get(&source)
                .and_then(|page| std::fs::canonicalize(&page.path).ok())
                .is_some_and(|path| changed.contains(&path));
            if source_changed {
                let others = set.translations.iter().filter(|(lang, _)| **lang != source);
                paths.extend(
                    others.map(|(lang, page)| routes::page(edition.year, lang, &page.slug)),
                );
            }
        }
    }
    paths
}

/// The page with a note at the start of each paragraph whose id is in `ids`.
fn mark_paragraphs(html: &str, ids: &[String], source: &str) -> String {
    let note = format!(
        "<span class=\"{MARKER_CLASS}\" role=\"note\" style=\"{MARKER_STYLE}\">{}</span>",
        escape_text(&format!(
            "Possibly stale translation: the `{source}` source of this paragraph changed since the translation was accepted (rapport translations --accept)."
        ))
    );
    edit_tags(html, |tag| {
        let id = tag.attr("id")?;
        (tag.name == "p" && ids.iter().any(|i| i == id)).then(|| format!("{}{note}", tag.source))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_paragraphs_named_get_the_note() {
        let html = "<p id=\"p1\" class=\"numbered\">a</p><p id=\"p2\">b</p><h2 id=\"p1x\">c</h2>";
        let marked = mark_paragraphs(html, &["p2".to_string()], "fr");
        let doc = scraper::Html::parse_fragment(&marked);
        let notes: Vec<String> = doc
            .select(&scraper::Selector::parse("p > span.rapport-stale[role=note]").unwrap())
            .map(|n| {
                n.parent()
                    .and_then(scraper::ElementRef::wrap)
                    .map(|p| p.value().id().unwrap_or("").to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(notes, ["p2"]);
    }
}
