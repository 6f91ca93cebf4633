//! What CLDR says about a language code, through ICU4X's compiled data: whether it knows
//! the language at all, and which way its script is written. The one owner of "the
//! direction of a language": pages (`dir` on `<html>` and on every element in another
//! language), the PDF and the charts all ask here, never a list of their own.

use icu_locale::{LocaleDirectionality, LocaleExpander, TransformResult};
use icu_locale_core::{LanguageIdentifier, Locale};

/// The direction a language is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Direction {
    /// Left to right (Latin, Cyrillic, Han…): `ltr`.
    #[serde(rename = "ltr")]
    LeftToRight,
    /// Right to left (Arabic, Hebrew, Thaana…): `rtl`.
    #[serde(rename = "rtl")]
    RightToLeft,
}

impl Direction {
    /// The value of an HTML `dir` attribute (and of SVG's `direction`): `ltr` or `rtl`.
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::LeftToRight => "ltr",
            Direction::RightToLeft => "rtl",
        }
    }

    /// Whether this is right to left.
    pub fn is_rtl(self) -> bool {
        self == Direction::RightToLeft
    }
}

/// The extended likely-subtags data: every language CLDR has a likely script for, not
/// only the ones it has locale data for (`new_common` would not know Pashto or Sindhi).
static DIRECTIONALITY: LocaleDirectionality = LocaleDirectionality::new_extended();
static EXPANDER: LocaleExpander = LocaleExpander::new_extended();

/// The language, script and region of a code, read as a whole locale so that a code with
/// extensions (`ar-u-nu-latn`) keeps its language.
fn identifier(lang: &str) -> Option<LanguageIdentifier> {
    lang.parse::<Locale>().ok().map(|locale| locale.id)
}

/// The direction of a language code (`ar`, `fa-AF`, `az-Arab`, `pt-BR`): from the script
/// it names, else from the script CLDR says it is most likely written in. A code CLDR does
/// not know, or cannot parse, reads left to right; validation reports it
/// ([`is_known`]) before anything is rendered.
pub fn direction(lang: &str) -> Direction {
    let Some(id) = identifier(lang) else {
        return Direction::LeftToRight;
    };
    if DIRECTIONALITY.is_right_to_left(&id) {
        Direction::RightToLeft
    } else {
        Direction::LeftToRight
    }
}

/// Whether CLDR knows the language of a code: its likely-subtags data can complete it
/// (`ar` → `ar-Arab-EG`). A well-formed code whose language CLDR has never heard of
/// (`xx`, `qq`) cannot be, and would get no direction, digits nor dates of its own.
pub fn is_known(lang: &str) -> bool {
    let Some(mut id) = identifier(lang) else {
        return false;
    };
    if id.language.is_unknown() {
        return false;
    }
    // Only the language is asked about: a script or region given with it (`zh-Hant`,
    // `fr-CA`) would let the expander fill in the rest of a language it does not know.
    id.script = None;
    id.region = None;
    id.variants.clear();
    EXPANDER.maximize(&mut id) == TransformResult::Modified
}

/// The script CLDR says a code is most likely written in, as its four-letter code:
/// `Hans` for `zh` and `zh-CN`, `Hant` for `zh-TW` and `zh-Hant`, `Arab` for `ar`. `None`
/// for a code it does not know or cannot parse.
pub fn likely_script(lang: &str) -> Option<String> {
    let mut id = identifier(lang)?;
    EXPANDER.maximize(&mut id);
    id.script.map(|script| script.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn right_to_left_languages_come_from_cldr() {
        for rtl in [
            "ar",
            "ar-EG",
            "he",
            "fa",
            "ur",
            "ps",
            "ckb",
            "dv",
            "yi",
            "az-Arab",
            "ar-u-nu-latn",
        ] {
            assert_eq!(direction(rtl), Direction::RightToLeft, "{rtl}");
        }
        for ltr in [
            "fr", "en", "zh", "zh-Hans", "ru", "es", "pt-BR", "az", "ar-Latn",
        ] {
            assert_eq!(direction(ltr), Direction::LeftToRight, "{ltr}");
        }
        assert_eq!(direction("not a code"), Direction::LeftToRight);
        assert_eq!(Direction::RightToLeft.as_str(), "rtl");
    }

    #[test]
    fn each_code_has_the_script_cldr_gives_it() {
        let script = |lang: &str| likely_script(lang).unwrap_or_default();
        assert_eq!(script("zh"), "Hans");
        assert_eq!(script("zh-CN"), "Hans");
        assert_eq!(script("zh-TW"), "Hant");
        assert_eq!(script("zh-Hant"), "Hant");
        assert_eq!(script("sr"), "Cyrl");
        assert_eq!(script("sr-Latn"), "Latn");
        assert_eq!(script("ar"), "Arab");
        assert_eq!(likely_script("not a code"), None);
    }

    #[test]
    fn languages_cldr_does_not_know_are_told_apart() {
        for known in [
            "ar",
            "zh",
            "zh-Hans",
            "zh-Hant-TW",
            "ru",
            "fr-CA",
            "es-419",
            "sw",
            "ar-u-nu-arab",
        ] {
            assert!(is_known(known), "{known}");
        }
        for unknown in ["xx", "qq", "xx-Latn", "und", "not a code", "abcd"] {
            assert!(!is_known(unknown), "{unknown}");
        }
    }
}
