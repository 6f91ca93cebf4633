//! Checks `rapport.toml`: its languages (listed once, each a language tag CLDR knows) and its
//! title in every one of them.

use std::collections::BTreeSet;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::language;
use crate::core::model::Site;
use crate::load;

use super::{localized, spanned_error};

pub(super) fn check(site: &Site, languages: &[String], problems: &mut Diagnostics) {
    let path = site.root.join(load::CONFIG_FILE);
    let source = std::fs::read_to_string(&path).unwrap_or_default();
    if languages.is_empty() {
        problems.push(
            Diagnostic::error(
                &path,
                "`languages` is empty: expected at least one, such as [\"fr\", \"en\"]",
            )
            .at(1, 1),
        );
    }
    let mut seen = BTreeSet::new();
    for lang in &site.config.languages {
        if !seen.insert(lang.get_ref()) {
            problems.push(spanned_error(
                &path,
                &source,
                lang,
                format!("language `{}` is listed twice", lang.get_ref()),
            ));
        }
        if !is_language_tag(lang.get_ref()) {
            problems.push(spanned_error(
                &path,
                &source,
                lang,
                format!(
                    "`{}` is not a language code: expected a BCP 47 tag such as fr, en, pt-BR",
                    lang.get_ref()
                ),
            ));
        } else if !language::is_known(lang.get_ref()) {
            problems.push(
                spanned_error(
                    &path,
                    &source,
                    lang,
                    format!(
                        "`{}` is not a language CLDR knows: expected an ISO 639 language code",
                        lang.get_ref()
                    ),
                )
                .with_hint(
                    "the UN's six are ar, en, es, fr, ru and zh; a region or script follows a hyphen (pt-BR, zh-Hant)",
                ),
            );
        }
    }
    localized(
        &path,
        &source,
        "title",
        &site.config.title,
        languages,
        problems,
    );
}

/// A BCP 47 language tag as used in URLs and `lang` attributes: a 2–3 letter lowercase
/// language, then optional ASCII alphanumeric subtags (`pt-BR`, `zh-Hant`).
fn is_language_tag(tag: &str) -> bool {
    let mut parts = tag.split('-');
    let language = parts.next().unwrap_or_default();
    (2..=3).contains(&language.len())
        && language.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}
