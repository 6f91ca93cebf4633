//! Text measurement and line breaking for chart layout, from fonts shipped with rapport.
//!
//! Charts are laid out at build time, so the width of every label must be known without
//! asking the system for fonts. Each character is measured with the first font of the
//! chart's font stack that has it, as a browser picks fonts:
//!
//! - Liberation Sans (SIL Open Font License), whose metrics match Arial and Helvetica:
//!   Latin, Greek, Cyrillic and Hebrew, measured glyph by glyph (no kerning, which only
//!   ever narrows text);
//! - Noto Sans Arabic (SIL Open Font License), *shaped* with rustybuzz: an Arabic letter
//!   takes another form, and another width, beside its neighbours, and only shaping
//!   knows which;
//! - no font for Chinese, Japanese and Korean: every CJK font sets ideographs, kana,
//!   hangul and full-width punctuation (East Asian Width W or F) on a 1 em square, so
//!   they measure 1 em. A CJK font only to read that number from would add some 16 MB
//!   (one region's subset of Noto Sans CJK) to a 62 MB binary; the rule costs nothing,
//!   and the SVG leaves the choice of the CJK font to the browser (the generic
//!   `sans-serif` resolved by the chart's language), which keeps each region's glyph
//!   forms (Simplified Chinese, Japanese…) right.
//!
//! Both fonts are in `assets/fonts/` with their licences: no system font, and the same
//! bytes on every machine. A character no font has is measured as wide as an `M`, to
//! err on the side of room; a combining mark or format character no font has, as
//! nothing.
//!
//! Lines break at the opportunities of Unicode's line breaking algorithm (UAX #14, by
//! ICU4X's segmenter, the one Typst's PDF uses): at spaces in Latin, Cyrillic or Arabic
//! text, between ideographs in Chinese and Japanese (never before a closing mark such as
//! `，` or `。`), never at a no-break space.

use std::sync::OnceLock;

use crate::core::language;
use icu_properties::CodePointMapData;
use icu_properties::props::{EastAsianWidth, GeneralCategory};
use icu_segmenter::options::LineBreakOptions;
use icu_segmenter::{GraphemeClusterSegmenter, LineSegmenter};

/// The font for Latin, Greek, Cyrillic and Hebrew text.
const LATIN_FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");
/// The font for Arabic text.
const ARABIC_FONT: &[u8] = include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf");

/// The CSS font stack of a chart in a language written in Latin (or another script
/// Liberation Sans has): the measured font first, then families with its metrics.
const LATIN_STACK: &str = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif";
/// The font stack of a chart in Arabic: the measured Arabic font first, so that Arabic
/// text, and the digits and punctuation among it, take the widths measured here.
const ARABIC_STACK: &str = "Noto Sans Arabic, Liberation Sans, Arimo, Arial, Helvetica, sans-serif";

/// The fonts of a chart's text, in the order its font stack names them: the bundled font
/// for the language's script first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Fonts {
    /// Liberation Sans, then Noto Sans Arabic (for Arabic among Latin text).
    Latin,
    /// Noto Sans Arabic, then Liberation Sans (for Latin among Arabic text).
    Arabic,
}

impl Fonts {
    /// The fonts of a language, from the script CLDR gives it (`ar`, `fa` and `ur` are
    /// written in Arabic; `az-Arab` is too). A tag ICU4X cannot read gets Latin first.
    pub(crate) fn for_language(lang: &str) -> Fonts {
        if language::likely_script(lang).as_deref() == Some("Arab") {
            Fonts::Arabic
        } else {
            Fonts::Latin
        }
    }

    /// The CSS font stack that draws text at the widths measured here.
    pub(crate) fn stack(self) -> &'static str {
        match self {
            Fonts::Latin => LATIN_STACK,
            Fonts::Arabic => ARABIC_STACK,
        }
    }

    /// The advance width of `text` set at `size` (in the chart's user units).
    pub(crate) fn width(self, text: &str, size: f64) -> f64 {
        let f = faces();
        // Everything not set in the Arabic font is summed in Liberation Sans's units and
        // scaled once, as Latin text always was (the same widths to the last bit).
        let mut plain_units = 0.0;
        let mut arabic = 0.0;
        // The start of the run of Arabic-font characters being read, if any.
        let mut run: Option<usize> = None;
        for (i, c) in text.char_indices() {
            match self.source(f, c) {
                Source::Arabic => {
                    run.get_or_insert(i);
                }
                Source::Plain(units) => {
                    if let Some(start) = run.take() {
                        arabic += f.arabic_width(&text[start..i], size);
                    }
                    plain_units += units;
                }
            }
        }
        if let Some(start) = run {
            arabic += f.arabic_width(&text[start..], size);
        }
        plain_units / f.latin_units_per_em * size + arabic
    }

    /// The font that sets `c`: the first of the stack that has it.
    fn source(self, f: &Faces, c: char) -> Source {
        let in_arabic = |c| f.in_arabic(c);
        match self {
            Fonts::Latin => match f.latin_advance(c) {
                Some(units) => Source::Plain(units),
                None if in_arabic(c) => Source::Arabic,
                None => Source::Plain(f.fallback_advance(c)),
            },
            Fonts::Arabic if in_arabic(c) => Source::Arabic,
            Fonts::Arabic => {
                Source::Plain(f.latin_advance(c).unwrap_or_else(|| f.fallback_advance(c)))
            }
        }
    }

    /// Splits `text` into lines no wider than `max_width` at `size`, at the line break
    /// opportunities of UAX #14. Runs of spaces count as one, as SVG shows them; a line
    /// neither starts nor ends with a space. A word wider than a whole line is broken
    /// between characters (grapheme clusters) rather than cut or left to overflow.
    pub(crate) fn wrap(self, text: &str, size: f64, max_width: f64) -> Vec<String> {
        let text = text
            .split(' ')
            .filter(|w| !w.is_empty())
            .collect::<Vec<_>>()
            .join(" ");
        let mut lines = Vec::new();
        let mut line = String::new();
        let mut line_width = 0.0;
        // The spaces after the line's last word: drawn only if another word follows.
        let mut gap = "";
        for segment in segments(&text) {
            let word = segment.trim_end_matches(' ');
            let spaces = &segment[word.len()..];
            if word.is_empty() {
                continue;
            }
            let word_width = self.width(word, size);
            let joined = if line.is_empty() {
                word_width
            } else {
                line_width + self.width(gap, size) + word_width
            };
            if joined <= max_width {
                if !line.is_empty() {
                    line.push_str(gap);
                }
                line.push_str(word);
                line_width = joined;
                gap = spaces;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            line_width = 0.0;
            gap = spaces;
            if word_width <= max_width {
                line.push_str(word);
                line_width = word_width;
                continue;
            }
            for cluster in clusters(word) {
                let cluster_width = self.width(cluster, size);
                if line_width + cluster_width > max_width && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                    line_width = 0.0;
                }
                line.push_str(cluster);
                line_width += cluster_width;
            }
        }
        if !line.is_empty() {
            lines.push(line);
        }
        if lines.is_empty() {
            lines.push(String::new());
        }
        lines
    }
}

/// `text` cut at its line break opportunities (UAX #14): each piece is a word with the
/// spaces after it, or one ideograph with the punctuation that may not be parted from it.
fn segments(text: &str) -> Vec<&str> {
    let breaks: Vec<usize> = LineSegmenter::new_auto(LineBreakOptions::default())
        .segment_str(text)
        .collect();
    breaks.windows(2).map(|w| &text[w[0]..w[1]]).collect()
}

/// `word` cut into user-perceived characters, so that a forced break never separates a
/// letter from its accents or vowel marks.
fn clusters(word: &str) -> Vec<&str> {
    let breaks: Vec<usize> = GraphemeClusterSegmenter::new().segment_str(word).collect();
    breaks.windows(2).map(|w| &word[w[0]..w[1]]).collect()
}

/// The bundled fonts, parsed once.
struct Faces {
    latin: ttf_parser::Face<'static>,
    latin_units_per_em: f64,
    /// The advance of an `M`, for a character no font has.
    m_advance: f64,
    arabic: rustybuzz::Face<'static>,
    arabic_units_per_em: f64,
    /// The plan for shaping Arabic text right to left, made once: making it is most of
    /// the cost of shaping a label.
    arabic_plan: rustybuzz::ShapePlan,
    /// Liberation Sans's advance of each character below [`TABLE`], if it has it.
    latin_advances: Vec<Option<u16>>,
    /// Whether Noto Sans Arabic has each character below [`TABLE`].
    arabic_glyphs: Vec<bool>,
}

/// The characters whose font and advance are looked up once, when the fonts are parsed:
/// U+0000 to U+06FF (Latin, Greek, Cyrillic, Hebrew and Arabic), nearly every character
/// of nearly every label. A lookup in a font's character map costs some 20 times more.
const TABLE: u32 = 0x700;

fn faces() -> &'static Faces {
    static FACES: OnceLock<Faces> = OnceLock::new();
    FACES.get_or_init(|| {
        let latin = ttf_parser::Face::parse(LATIN_FONT, 0)
            .expect("the shipped Latin chart font is a valid TrueType font");
        let latin_units_per_em = f64::from(latin.units_per_em());
        let m_advance = latin
            .glyph_index('M')
            .and_then(|g| latin.glyph_hor_advance(g))
            .map_or(latin_units_per_em, f64::from);
        let arabic = rustybuzz::Face::from_slice(ARABIC_FONT, 0)
            .expect("the shipped Arabic chart font is a valid TrueType font");
        let arabic_units_per_em = f64::from(arabic.units_per_em());
        let below = |c: u32| char::from_u32(c);
        let latin_advances = (0..TABLE)
            .map(|c| {
                below(c)
                    .and_then(|c| latin.glyph_index(c))
                    .and_then(|g| latin.glyph_hor_advance(g))
            })
            .collect();
        let arabic_glyphs = (0..TABLE)
            .map(|c| below(c).is_some_and(|c| arabic.glyph_index(c).is_some()))
            .collect();
        let arabic_plan = rustybuzz::ShapePlan::new(
            &arabic,
            rustybuzz::Direction::RightToLeft,
            Some(rustybuzz::script::ARABIC),
            None,
            &[],
        );
        Faces {
            latin,
            latin_units_per_em,
            m_advance,
            arabic,
            arabic_units_per_em,
            arabic_plan,
            latin_advances,
            arabic_glyphs,
        }
    })
}

impl Faces {
    /// The width of a run set in the Arabic font: the advances of its shaped glyphs
    /// (joining forms, ligatures such as lam-alef, marks of no width).
    fn arabic_width(&self, run: &str, size: f64) -> f64 {
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(run);
        // Direction and script from the text itself: right to left for Arabic letters.
        buffer.guess_segment_properties();
        let glyphs = if buffer.direction() == rustybuzz::Direction::RightToLeft
            && buffer.script() == rustybuzz::script::ARABIC
        {
            rustybuzz::shape_with_plan(&self.arabic, &self.arabic_plan, buffer)
        } else {
            rustybuzz::shape(&self.arabic, &[], buffer)
        };
        let units: i64 = glyphs
            .glyph_positions()
            .iter()
            .map(|p| i64::from(p.x_advance))
            .sum();
        units as f64 / self.arabic_units_per_em * size
    }

    /// A character's advance in Liberation Sans, in its units, if it has the character.
    fn latin_advance(&self, c: char) -> Option<f64> {
        match self.latin_advances.get(c as usize) {
            Some(advance) => advance.map(f64::from),
            None => self
                .latin
                .glyph_index(c)
                .and_then(|g| self.latin.glyph_hor_advance(g))
                .map(f64::from),
        }
    }

    /// Whether the Arabic font has a character.
    fn in_arabic(&self, c: char) -> bool {
        match self.arabic_glyphs.get(c as usize) {
            Some(has) => *has,
            None => self.arabic.glyph_index(c).is_some(),
        }
    }

    /// The advance, in Liberation Sans's units, of a character no bundled font has: 1 em
    /// for a wide East Asian character, nothing for a mark, an `M` for anything else.
    fn fallback_advance(&self, c: char) -> f64 {
        // Marks first: some are East Asian wide (U+302A…U+302F) yet take no room.
        if matches!(
            CodePointMapData::<GeneralCategory>::new().get(c),
            GeneralCategory::NonspacingMark
                | GeneralCategory::EnclosingMark
                | GeneralCategory::Format
                | GeneralCategory::Control
        ) {
            return 0.0;
        }
        let width = CodePointMapData::<EastAsianWidth>::new().get(c);
        if width == EastAsianWidth::Wide || width == EastAsianWidth::Fullwidth {
            self.latin_units_per_em
        } else {
            self.m_advance
        }
    }
}

/// Where a character's width comes from.
enum Source {
    /// The Arabic font, shaped with its neighbours.
    Arabic,
    /// An advance of its own, in Liberation Sans's units.
    Plain(f64),
}

#[cfg(test)]
mod tests {
    use super::*;

    const LATIN: Fonts = Fonts::Latin;

    fn width(text: &str, size: f64) -> f64 {
        LATIN.width(text, size)
    }

    #[test]
    fn widths_follow_the_font() {
        // Liberation Sans, like Arial: `i` is narrow, `W` wide, and width scales with size.
        assert!(width("iiii", 16.0) < width("WWWW", 16.0));
        let w = width("Produit 1.1", 16.0);
        assert!((width("Produit 1.1", 32.0) - 2.0 * w).abs() < 1e-9);
        assert!(w > 60.0 && w < 100.0, "{w}");
        // The French number and percent spaces are in the font.
        assert!(width("3\u{202f}409\u{a0}%", 16.0) < width("3M409M%", 16.0));
    }

    #[test]
    fn the_fonts_follow_the_script_of_the_language() {
        assert_eq!(Fonts::for_language("ar"), Fonts::Arabic);
        assert_eq!(Fonts::for_language("fa"), Fonts::Arabic);
        assert_eq!(Fonts::for_language("ur"), Fonts::Arabic);
        assert_eq!(Fonts::for_language("ar-u-nu-latn"), Fonts::Arabic);
        for lang in ["fr", "en", "ru", "zh", "zh-Hans", "ja", "he", "not a tag"] {
            assert_eq!(Fonts::for_language(lang), Fonts::Latin, "{lang}");
        }
        assert!(Fonts::Arabic.stack().starts_with("Noto Sans Arabic,"));
        assert!(Fonts::Latin.stack().starts_with("Liberation Sans,"));
    }

    #[test]
    fn arabic_is_shaped_not_summed_letter_by_letter() {
        // "المشاريع المنجزة" (completed projects). Joined, the letters take their
        // narrower medial and final forms, and lam-alef becomes one glyph: the shaped
        // width is well under the sum of the letters' isolated forms.
        let text = "المشاريع المنجزة";
        let shaped = Fonts::Arabic.width(text, 16.0);
        let isolated: f64 = text
            .chars()
            .map(|c| Fonts::Arabic.width(c.encode_utf8(&mut [0; 4]), 16.0))
            .sum();
        assert!(
            shaped > 60.0 && shaped < 0.9 * isolated,
            "{shaped} {isolated}"
        );
        // The plan made once shapes as a plan made for each text would.
        let f = faces();
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let glyphs = rustybuzz::shape(&f.arabic, &[], buffer);
        let units: i32 = glyphs.glyph_positions().iter().map(|p| p.x_advance).sum();
        assert_eq!(shaped, f64::from(units) / f.arabic_units_per_em * 16.0);
        // Among Latin text, Arabic is still set (and measured) in the Arabic font, not
        // as a row of `M`s; only its space is Liberation Sans's.
        let m = width("M", 16.0) * text.chars().count() as f64;
        let among_latin = LATIN.width(text, 16.0);
        assert!((among_latin - shaped).abs() < 1.0, "{among_latin} {shaped}");
        assert!(among_latin < 0.7 * m, "{among_latin} {m}");
        // Arabic digits and the Arabic comma come from the Arabic font.
        assert!(Fonts::Arabic.width("٣٤٥، ١٢", 16.0) > 0.0);
    }

    #[test]
    fn wide_east_asian_characters_are_one_em() {
        assert_eq!(width("已完成项目", 16.0), 80.0);
        assert_eq!(width("，。、", 10.0), 30.0);
        assert_eq!(width("プロジェクト", 10.0), 60.0);
        // Marks and format characters no font has take no room, wide or not.
        assert_eq!(width("\u{2066}\u{2069}", 16.0), 0.0);
        assert_eq!(width("\u{302a}", 16.0), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Recours accru aux processus automatisés et aux applications pour améliorer l’efficience opérationnelle";
        let lines = LATIN.wrap(text, 15.0, 200.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 15.0) <= 200.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn chinese_wraps_between_ideographs_and_keeps_punctuation_with_them() {
        let text = "更多地利用自动化流程和应用程序，提高业务效率。";
        let lines = LATIN.wrap(text, 16.0, 100.0);
        assert!(lines.len() >= 4, "{lines:?}");
        assert_eq!(lines.concat(), text);
        assert!(lines.iter().all(|l| width(l, 16.0) <= 100.0), "{lines:?}");
        // No line starts with a closing mark (UAX #14: no break before it).
        assert!(
            lines.iter().all(|l| !l.starts_with(['，', '。'])),
            "{lines:?}"
        );
    }

    #[test]
    fn arabic_and_russian_wrap_at_spaces() {
        for (fonts, text) in [
            (
                Fonts::Arabic,
                "زيادة استخدام العمليات والتطبيقات المؤتمتة لتحسين الكفاءة التشغيلية",
            ),
            (
                LATIN,
                "Более широкое использование автоматизированных процессов и приложений",
            ),
        ] {
            let lines = fonts.wrap(text, 16.0, 180.0);
            assert!(lines.len() >= 3, "{lines:?}");
            assert_eq!(lines.join(" "), text);
            assert!(
                lines.iter().all(|l| fonts.width(l, 16.0) <= 180.0),
                "{lines:?}"
            );
        }
    }

    #[test]
    fn overlong_words_are_broken_not_cut() {
        let lines = LATIN.wrap("Anticonstitutionnellement", 15.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "Anticonstitutionnellement");
        assert!(lines.iter().all(|l| width(l, 15.0) <= 60.0));
        // A forced break never parts a letter from its combining accent.
        let lines = LATIN.wrap("e\u{301}e\u{301}e\u{301}e\u{301}e\u{301}", 15.0, 20.0);
        assert!(lines.iter().all(|l| l.starts_with('e')), "{lines:?}");
    }

    #[test]
    fn no_break_spaces_hold_together() {
        let lines = LATIN.wrap("Total\u{a0}: 69", 15.0, 50.0);
        assert_eq!(lines, ["Total\u{a0}:", "69"]);
    }
}
