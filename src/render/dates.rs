//! Dates as a reader of each language writes them: "15 mars 2025", "15 de marzo de 2025",
//! "15 March 2025", through ICU4X's compiled data, for `YYYY-MM-DD`, `YYYY-MM` and
//! `YYYY`. The one owner of every date a page shows; the machine-readable ISO form stays
//! with the caller (a `datetime` attribute, open data).

use icu_calendar::{Date, Gregorian};
use icu_datetime::FixedCalendarDateTimeFormatter;
use icu_datetime::fieldsets::{Y, YM, YMD};
use icu_locale_core::Locale;

use crate::render::numbers::{self, Digits};

/// The long date formats of one language; `None` where ICU4X has no data for it, and the
/// ISO text is shown as written.
pub(crate) struct DateFormat {
    day: Option<FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
    month: Option<FixedCalendarDateTimeFormatter<Gregorian, YM>>,
    year: Option<FixedCalendarDateTimeFormatter<Gregorian, Y>>,
}

impl std::fmt::Debug for DateFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("DateFormat")
            .field("localized", &self.day.is_some())
            .finish()
    }
}

/// A date that no real edition has, to tell a language's own format from the root
/// locale's one that ICU4X falls back to.
const PROBE: (i32, u8, u8) = (2001, 2, 3);

impl DateFormat {
    /// The formats of a language code such as `fr` or `es`, with the digits its numbers
    /// have (`digits` of its UI strings). Report dates are Gregorian whatever the reader's
    /// calendar, as their `datetime` attribute is.
    pub(crate) fn new(lang: &str, digits: &Digits) -> DateFormat {
        let none = DateFormat {
            day: None,
            month: None,
            year: None,
        };
        let Ok(locale) = numbers::locale(lang, digits) else {
            return none;
        };
        let day = FixedCalendarDateTimeFormatter::try_new((&locale).into(), YMD::long()).ok();
        if !has_own_data(&locale, day.as_ref()) {
            return none;
        }
        DateFormat {
            day,
            month: FixedCalendarDateTimeFormatter::try_new((&locale).into(), YM::long()).ok(),
            year: FixedCalendarDateTimeFormatter::try_new((&locale).into(), Y::long()).ok(),
        }
    }

    /// `2025-03-15` as the language writes it; `2025-03` and `2025` too. Any other text,
    /// or a language without data, is returned as written.
    pub(crate) fn long(&self, iso: &str) -> String {
        self.try_long(iso).unwrap_or_else(|| iso.to_string())
    }

    fn try_long(&self, iso: &str) -> Option<String> {
        let parts: Vec<&str> = iso.split('-').collect();
        let number = |p: &str| p.parse::<u16>().ok();
        Some(match parts.as_slice() {
            [y, m, d] => {
                let date = gregorian(number(y)?, number(m)?, number(d)?)?;
                self.day.as_ref()?.format(&date).to_string()
            }
            [y, m] => {
                let date = gregorian(number(y)?, number(m)?, 1)?;
                self.month.as_ref()?.format(&date).to_string()
            }
            [y] => {
                let date = gregorian(number(y)?, 1, 1)?;
                self.year.as_ref()?.format(&date).to_string()
            }
            _ => return None,
        })
    }
}

fn gregorian(year: u16, month: u16, day: u16) -> Option<Date<Gregorian>> {
    Date::try_new_gregorian(
        i32::from(year),
        u8::try_from(month).ok()?,
        u8::try_from(day).ok()?,
    )
    .ok()
}

/// Whether ICU4X knows the language, rather than falling back silently to its root
/// locale, whose "2001 M02 3" no reader writes: then the ISO date reads better.
fn has_own_data(
    locale: &Locale,
    formatter: Option<&FixedCalendarDateTimeFormatter<Gregorian, YMD>>,
) -> bool {
    let Some(formatter) = formatter else {
        return false;
    };
    if locale.id.language.is_unknown() {
        return true;
    }
    let Ok(root) = FixedCalendarDateTimeFormatter::<Gregorian, _>::try_new(
        Locale::UNKNOWN.into(),
        YMD::long(),
    ) else {
        return true;
    };
    let (y, m, d) = PROBE;
    let Ok(probe) = Date::try_new_gregorian(y, m, d) else {
        return true;
    };
    formatter.format(&probe).to_string() != root.format(&probe).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_read_as_each_language_writes_them() {
        assert_eq!(
            DateFormat::new("fr", &Digits::Auto).long("2025-03-15"),
            "15 mars 2025"
        );
        assert_eq!(
            DateFormat::new("es", &Digits::Auto).long("2025-03-15"),
            "15 de marzo de 2025"
        );
        assert_eq!(
            DateFormat::new("en", &Digits::Auto).long("2025-03-15"),
            "March 15, 2025"
        );
        assert_eq!(
            DateFormat::new("en-GB", &Digits::Auto).long("2025-03-15"),
            "15 March 2025"
        );
        assert_eq!(
            DateFormat::new("fr", &Digits::Auto).long("2025-03"),
            "mars 2025"
        );
        assert_eq!(DateFormat::new("fr", &Digits::Auto).long("2025"), "2025");
    }

    #[test]
    fn dates_take_the_digits_of_the_language_s_numbers() {
        let arab = Digits::System("arab".parse().expect("a numbering system"));
        assert_eq!(
            DateFormat::new("ar", &Digits::Auto).long("2025-03-15"),
            "15 مارس 2025"
        );
        assert_eq!(
            DateFormat::new("ar", &arab).long("2025-03-15"),
            "١٥ مارس ٢٠٢٥"
        );
        assert_eq!(
            DateFormat::new("ar-EG", &Digits::latin()).long("2025-03"),
            "مارس 2025"
        );
        assert_eq!(
            DateFormat::new("zh", &Digits::Auto).long("2025-03-15"),
            "2025年3月15日"
        );
        assert_eq!(
            DateFormat::new("ru", &Digits::Auto).long("2025-03-15"),
            "15 марта 2025\u{202f}г."
        );
    }

    #[test]
    fn a_language_without_data_or_a_strange_date_keeps_the_iso_text() {
        assert_eq!(
            DateFormat::new("xx", &Digits::Auto).long("2025-03-15"),
            "2025-03-15"
        );
        assert_eq!(
            DateFormat::new("not a tag", &Digits::Auto).long("2025-03-15"),
            "2025-03-15"
        );
        assert_eq!(
            DateFormat::new("fr", &Digits::Auto).long("2025-13-45"),
            "2025-13-45"
        );
        assert_eq!(DateFormat::new("fr", &Digits::Auto).long("soon"), "soon");
        assert_eq!(DateFormat::new("fr", &Digits::Auto).long(""), "");
    }
}
