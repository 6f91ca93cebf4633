//! The texts of indicator tables in every language (`indicators.toml`: an indicator's
//! description and means of verification, and its baseline, milestone and current status
//! cells) write the same numbers as the first language's.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use crate::core::diagnostics::Diagnostics;
use crate::core::model::Edition;

use super::drift::{Pair, Side};
use super::text_numbers::Separators;

/// The texts of `indicators.toml`, with where each is written.
#[derive(Deserialize)]
struct File {
    #[serde(default)]
    indicators: Vec<Row>,
}

type Texts = BTreeMap<String, Spanned<String>>;

#[derive(Deserialize)]
struct Row {
    id: Option<String>,
    #[serde(default)]
    description: Texts,
    #[serde(default)]
    verification: Texts,
    baseline: Option<Cell>,
    milestone: Option<Cell>,
    current: Option<Cell>,
}

#[derive(Deserialize)]
struct Cell {
    #[serde(default)]
    text: Texts,
}

/// Warns at each text of `lang` whose numbers differ from the reference language's.
pub(super) fn indicator_cells(
    edition: &Edition,
    (reference, seps_a): (&str, &Separators),
    (lang, seps_b): (&str, &Separators),
    problems: &mut Diagnostics,
) {
    let Some((path, source, located)) = super::located_indicators::<File>(edition) else {
        return;
    };
    for row in &located.indicators {
        let id = row.id.as_deref().unwrap_or("?");
        let texts = [
            ("description", Some(&row.description)),
            ("verification", Some(&row.verification)),
            ("baseline", row.baseline.as_ref().map(|c| &c.text)),
            ("milestone", row.milestone.as_ref().map(|c| &c.text)),
            ("current", row.current.as_ref().map(|c| &c.text)),
        ];
        for (key, texts) in texts {
            let Some((a, b)) = texts.and_then(|t| Some((t.get(reference)?, t.get(lang)?))) else {
                continue;
            };
            let side = |lang, text: &Spanned<String>, seps| Side {
                lang,
                path: path.clone(),
                source,
                offset: text.span().start,
                text: text.get_ref().clone(),
                seps,
            };
            Pair {
                name: format!("the `{key}` of indicator {id}"),
                a: side(reference, a, seps_a),
                b: side(lang, b, seps_b),
            }
            .numbers(problems);
        }
    }
}
