//! Translations of a page against the reference language (the first of the site): the
//! same figures in the same order, the same number of indicator tables and of headings.
//! Paragraphs and footnotes are compared by every build, in validation.

use pulldown_cmark::{Event, Options, Parser};

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::{BlockContent, Edition, Page};

/// Translations show the same figures, in the same order, and the same number of
/// headings and indicator tables (paragraphs and footnotes are checked by every build).
pub(super) fn translations(edition: &Edition, languages: &[String], problems: &mut Diagnostics) {
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
                    // A figure that could not be read was reported where it is written.
                    if x != y && !x.is_empty() && !y.is_empty() {
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

fn headings(page: &Page) -> usize {
    Parser::new_ext(page.body(), Options::ENABLE_HEADING_ATTRIBUTES)
        .filter(|e| matches!(e, Event::Start(pulldown_cmark::Tag::Heading { .. })))
        .count()
}
