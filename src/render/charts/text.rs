//! Text measurement for chart layout, from a font shipped with rapport.
//!
//! Charts are laid out at build time, so the width of every label must be known without
//! asking the system for fonts: the widths come from Liberation Sans
//! (`assets/fonts/`, SIL Open Font License), whose metrics match Arial and Helvetica.
//! The SVG names that family first in its font stack, so a reader's browser draws the
//! text at the widths measured here, on every machine.

use std::sync::OnceLock;

use ttf_parser::Face;

/// The font whose metrics lay out chart text.
const FONT: &[u8] = include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf");

/// The CSS font stack of chart text: the measured font first, then families with the
/// same metrics.
pub(crate) const FONT_STACK: &str = "Liberation Sans, Arimo, Arial, Helvetica, sans-serif";

struct Metrics {
    face: Face<'static>,
    units_per_em: f64,
    fallback_advance: f64,
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let face = Face::parse(FONT, 0).expect("the shipped chart font is a valid TrueType font");
        let units_per_em = f64::from(face.units_per_em());
        // A character the font lacks is measured as wide as an `M`, to err on the side
        // of room.
        let fallback_advance = face
            .glyph_index('M')
            .and_then(|g| face.glyph_hor_advance(g))
            .map_or(units_per_em, f64::from);
        Metrics {
            face,
            units_per_em,
            fallback_advance,
        }
    })
}

/// The advance width of `text` set at `size` (in the chart's user units), without
/// kerning (which only ever narrows it).
pub(crate) fn width(text: &str, size: f64) -> f64 {
    let m = metrics();
    let units: f64 = text
        .chars()
        .map(|c| {
            m.face
                .glyph_index(c)
                .and_then(|g| m.face.glyph_hor_advance(g))
                .map_or(m.fallback_advance, f64::from)
        })
        .sum();
    units / m.units_per_em * size
}

/// Splits `text` into lines no wider than `max_width` at `size`, breaking at spaces
/// (never at no-break spaces). A word wider than a whole line is broken between
/// characters rather than cut or left to overflow.
pub(crate) fn wrap(text: &str, size: f64, max_width: f64) -> Vec<String> {
    let space = width(" ", size);
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut line_width = 0.0;
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let word_width = width(word, size);
        let joined = if line.is_empty() {
            word_width
        } else {
            line_width + space + word_width
        };
        if joined <= max_width {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
            line_width = joined;
            continue;
        }
        if !line.is_empty() {
            lines.push(std::mem::take(&mut line));
        }
        line_width = 0.0;
        if word_width <= max_width {
            line.push_str(word);
            line_width = word_width;
            continue;
        }
        for c in word.chars() {
            let mut buf = [0; 4];
            let char_width = width(c.encode_utf8(&mut buf), size);
            if line_width + char_width > max_width && !line.is_empty() {
                lines.push(std::mem::take(&mut line));
                line_width = 0.0;
            }
            line.push(c);
            line_width += char_width;
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn wrapping_keeps_every_word_within_the_width() {
        let text = "Recours accru aux processus automatisés et aux applications pour améliorer l’efficience opérationnelle";
        let lines = wrap(text, 15.0, 200.0);
        assert!(lines.len() >= 3, "{lines:?}");
        assert!(lines.iter().all(|l| width(l, 15.0) <= 200.0));
        assert_eq!(lines.join(" "), text);
    }

    #[test]
    fn overlong_words_are_broken_not_cut() {
        let lines = wrap("Anticonstitutionnellement", 15.0, 60.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), "Anticonstitutionnellement");
        assert!(lines.iter().all(|l| width(l, 15.0) <= 60.0));
    }

    #[test]
    fn no_break_spaces_hold_together() {
        let lines = wrap("Total\u{a0}: 69", 15.0, 50.0);
        assert_eq!(lines, ["Total\u{a0}:", "69"]);
    }
}
