//! Writing a chart's layout as SVG, with plotters' SVG backend: each group of marks into
//! its `<g class="…">`, the ink as `currentColor`, and for Typst's SVG renderer (the PDF)
//! text placed without the attributes it ignores.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos};

use super::draw::{INK, INK_HEX, Layout, Mark, WIDTH};

/// What reads a chart's SVG, which decides how a right-to-left chart's text is anchored.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Reader {
    /// A browser (the page's inline SVG and the standalone file): the SVG root says
    /// `direction="rtl"`, under which `text-anchor="start"` is the text's right end.
    Browser,
    /// Typst's SVG renderer (usvg 0.47, for the PDF), which ignores `direction`: the SVG
    /// says nothing of it, and text anchored at its start is anchored by its right end
    /// (`text-anchor="end"`) instead.
    Typst,
}

/// Draws a layout's groups with plotters and returns them as SVG elements, each group in
/// its `<g>`, with [`INK`] turned into `currentColor`.
pub(crate) fn render(layout: &Layout, reader: Reader) -> String {
    let size = (WIDTH as u32, layout.height.max(1) as u32);
    let text = Lettering {
        stack: layout.fonts.stack(),
        physical: layout.rtl && reader == Reader::Typst,
    };
    let mut out = String::new();
    for group in &layout.groups {
        out.push_str(&format!("<g class=\"{}\">\n", group.class));
        out.push_str(&draw_group(size, &group.marks, text));
        out.push_str("</g>\n");
    }
    out
}

/// How a layout's text is written.
#[derive(Clone, Copy)]
struct Lettering {
    /// Its font stack.
    stack: &'static str,
    /// Anchored by its physical ends: a start anchor of right-to-left text becomes an
    /// end anchor (and an end anchor a start one).
    physical: bool,
}

fn draw_group(size: (u32, u32), marks: &[Mark], text: Lettering) -> String {
    let mut buf = String::new();
    {
        let area = SVGBackend::with_string(&mut buf, size).into_drawing_area();
        for mark in marks {
            draw_mark(&area, mark, text).expect("drawing SVG into a string cannot fail");
        }
        area.present()
            .expect("drawing SVG into a string cannot fail");
    }
    // plotters writes a whole document; keep the elements between its <svg> and </svg>.
    let body = buf.split_once(">\n").map_or("", |(_, rest)| rest);
    let body = body.strip_suffix("</svg>\n").unwrap_or(body);
    let body = body
        .replace(INK_HEX, "currentColor")
        .replace(" opacity=\"1\"", "");
    if text.physical { fold_dy(&body) } else { body }
}

/// plotters' SVG with each text's `dy` folded into its `y`. For usvg (the PDF's SVG
/// renderer), which shifts only the *first* character of right-to-left text by `dy`: the
/// rest of an Arabic label would sit 0.76 em higher than its first letter. An `em` is the
/// text's `font-size`, an `ex` half of it, as usvg reckons them.
fn fold_dy(body: &str) -> String {
    let mut out = String::with_capacity(body.len());
    for line in body.split_inclusive('\n') {
        match folded(line) {
            Some(tag) => out.push_str(&tag),
            None => out.push_str(line),
        }
    }
    out
}

/// A `<text …>` start tag as plotters writes it (`x`, `y`, `dy`, …, `font-size`, on one
/// line) with `dy` folded into `y`, or None for any other line.
fn folded(line: &str) -> Option<String> {
    let attribute = |name: &str| -> Option<&str> {
        let start = line.find(&format!(" {name}=\""))? + name.len() + 3;
        line[start..].split('"').next()
    };
    if !line.starts_with("<text ") {
        return None;
    }
    let (y, dy) = (attribute("y")?, attribute("dy")?);
    let size: f64 = attribute("font-size")?.parse().ok()?;
    let shift = if let Some(em) = dy.strip_suffix("em") {
        em.parse::<f64>().ok()? * size
    } else {
        dy.strip_suffix("ex")?.parse::<f64>().ok()? * size / 2.0
    };
    let baseline = y.parse::<f64>().ok()? + shift;
    // Hundredths of a unit: enough for a baseline, and the same bytes on every machine.
    let baseline = format!("{:.2}", baseline);
    let baseline = baseline.trim_end_matches('0').trim_end_matches('.');
    Some(line.replacen(
        &format!(" y=\"{y}\" dy=\"{dy}\""),
        &format!(" y=\"{baseline}\""),
        1,
    ))
}

type Area<'a> = DrawingArea<SVGBackend<'a>, plotters::coord::Shift>;
type DrawResult = Result<(), DrawingAreaErrorKind<std::io::Error>>;

fn draw_mark(area: &Area<'_>, mark: &Mark, text_style: Lettering) -> DrawResult {
    match mark {
        Mark::Rect { from, to, color } => area.draw(&Rectangle::new([*from, *to], color.filled())),
        Mark::Outline {
            from,
            to,
            color,
            width,
        } => {
            // An outline as a closed path: plotters' SVG rectangles have no stroke width.
            let points = vec![*from, (to.0, from.1), *to, (from.0, to.1), *from];
            area.draw(&PathElement::new(points, color.stroke_width(*width)))
        }
        Mark::Line {
            points,
            color,
            width,
        } => area.draw(&PathElement::new(
            points.clone(),
            color.stroke_width(*width),
        )),
        Mark::Dot {
            center,
            radius,
            color,
        } => area.draw(&Circle::new(*center, *radius, color.filled())),
        Mark::Shape { points, color } => area.draw(&Polygon::new(points.clone(), color.filled())),
        Mark::Text {
            at,
            text,
            size,
            h,
            v,
        } => {
            // plotters writes font-size as the given size divided by 1.24.
            let font = FontDesc::new(
                FontFamily::Name(text_style.stack),
                size * 1.24,
                FontStyle::Normal,
            );
            let h = match (*h, text_style.physical) {
                (HPos::Left, true) => HPos::Right,
                (HPos::Right, true) => HPos::Left,
                (h, _) => h,
            };
            let style = TextStyle::from(font).color(&INK).pos(Pos::new(h, *v));
            area.draw(&Text::new(text.as_str(), *at, style))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::charts::draw::{BarSpec, bars, mirror};
    use crate::render::charts::text::Fonts;

    #[test]
    fn the_pdf_copy_places_text_on_its_baseline_without_dy() {
        let line = "<text x=\"392\" y=\"8\" dy=\"0.76em\" text-anchor=\"end\" font-size=\"16\" fill=\"currentColor\">\n";
        assert_eq!(
            folded(line).as_deref(),
            Some(
                "<text x=\"392\" y=\"20.16\" text-anchor=\"end\" font-size=\"16\" fill=\"currentColor\">\n"
            )
        );
        let line = "<text x=\"19\" y=\"80\" dy=\"0.5ex\" font-size=\"16\">\n";
        assert_eq!(
            folded(line).as_deref(),
            Some("<text x=\"19\" y=\"84\" font-size=\"16\">\n")
        );
        assert_eq!(folded("<rect x=\"1\" y=\"2\"/>\n"), None);
        let specs = [BarSpec {
            label: "الناتج 1.2. العمل عن بعد",
            value: 3,
            value_text: "3".into(),
            remainder: false,
        }];
        let layout = mirror(bars(&specs, None, Fonts::Arabic));
        let pdf = render(&layout, Reader::Typst);
        let browser = render(&layout, Reader::Browser);
        assert!(!pdf.contains(" dy=") && pdf.contains("<text"), "{pdf}");
        assert!(browser.contains(" dy=\"0.76em\""), "{browser}");
    }

    #[test]
    fn rendering_is_plain_svg_in_current_colour() {
        let specs = [BarSpec {
            label: "Output 1.1",
            value: 3,
            value_text: "3".into(),
            remainder: false,
        }];
        let svg = render(&bars(&specs, None, Fonts::Latin), Reader::Browser);
        assert!(svg.starts_with("<g class=\"bar\">\n<text"), "{svg}");
        assert!(svg.contains("fill=\"currentColor\""));
        assert!(svg.contains("font-size=\"16\""), "{svg}");
        assert!(svg.contains(&format!("font-family=\"{}\"", Fonts::Latin.stack())));
        assert!(!svg.contains("<svg") && !svg.contains(INK_HEX));
        assert_eq!(
            svg,
            render(&bars(&specs, None, Fonts::Latin), Reader::Browser)
        );
    }
}
