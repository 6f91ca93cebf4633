//! Chart layout: positions every mark from the data and the shipped font's metrics
//! (`svg` then writes the marks with plotters' SVG backend).
//!
//! Layout is pure arithmetic on integers of the chart's own units (a 400-unit wide
//! `viewBox`), so the same data gives the same bytes on every machine. Each logical part
//! of a chart (a bar with its label and value, a point, an axis) is drawn into its own
//! `<g class="…">`, which lets tests and style sheets find it.
//!
//! A layout is made in the writing direction of left-to-right languages, with text
//! anchored at its start; for a right-to-left language it is then mirrored ([`mirror`]):
//! bars grow from the right, labels sit on the right, the axis runs from right to left.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::text::Fonts;

/// The chart's width in user units. Narrow on purpose: the SVG scales to its container,
/// and text set at 16 units stays legible (about 11.5 px) on a 320 px wide screen.
pub(crate) const WIDTH: i32 = 400;
const PAD: i32 = 8;
/// Label and value text size.
pub(crate) const TEXT_SIZE: f64 = 16.0;
/// Axis text size.
const SMALL_SIZE: f64 = 14.0;
const LINE: i32 = 19;
const BAR_HEIGHT: i32 = 22;
const LABEL_GAP: i32 = 4;
const ROW_GAP: i32 = 14;
const VALUE_GAP: i32 = 6;
const HATCH_SPACING: i32 = 7;
/// Room left for fonts wider than the measured one: a reader without Arial, Helvetica or
/// Liberation Sans gets the browser's sans-serif (DejaVu Sans is some 12% wider), and
/// text must still fit, never be cut.
const SLACK: f64 = 1.15;

/// The width text may take on a line, in measured units.
fn text_room(room: i32) -> f64 {
    f64::from(room) / SLACK
}

/// The room to keep for text that measures `width`.
fn text_extent(width: f64) -> i32 {
    (width * SLACK).ceil() as i32
}

/// A colour that is replaced by `currentColor`, so that text and axes take the page's
/// text colour in light and dark schemes (and black in a standalone file).
pub(crate) const INK: RGBColor = RGBColor(1, 2, 3);
pub(crate) const INK_HEX: &str = "#010203";

/// The marks' colours (Okabe–Ito), each with at least 3:1 contrast against both the
/// light (#ffffff) and the dark (#121212) page background. Colour never carries meaning
/// alone: every bar and point is labelled, and the remainder is hatched.
pub(crate) const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// The remainder and the milestone.
pub(crate) const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// The current status.
pub(crate) const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);

/// One thing to draw, in chart units.
#[derive(Clone)]
pub(crate) enum Mark {
    /// A filled rectangle.
    Rect {
        from: (i32, i32),
        to: (i32, i32),
        color: RGBColor,
    },
    /// A rectangle's outline.
    Outline {
        from: (i32, i32),
        to: (i32, i32),
        color: RGBColor,
        width: u32,
    },
    /// A line through points.
    Line {
        points: Vec<(i32, i32)>,
        color: RGBColor,
        width: u32,
    },
    /// A filled circle.
    Dot {
        center: (i32, i32),
        radius: i32,
        color: RGBColor,
    },
    /// A filled polygon.
    Shape {
        points: Vec<(i32, i32)>,
        color: RGBColor,
    },
    /// One line of text; `y` is the top of the line for `VPos::Top`, its middle for
    /// `VPos::Center`.
    Text {
        at: (i32, i32),
        text: String,
        size: f64,
        h: HPos,
        v: VPos,
    },
}

/// A named part of a chart.
#[derive(Clone)]
pub(crate) struct Group {
    /// The `class` of its `<g>`.
    pub class: String,
    /// Its marks, in drawing order.
    pub marks: Vec<Mark>,
}

/// A laid-out chart: its height (the width is [`WIDTH`]) and its parts.
#[derive(Clone)]
pub(crate) struct Layout {
    /// Height in chart units.
    pub height: i32,
    /// The parts in drawing order.
    pub groups: Vec<Group>,
    /// The fonts its text was measured with.
    pub fonts: Fonts,
    /// Mirrored for a right-to-left language.
    pub rtl: bool,
}

/// A bar as the layout needs it: its label, its value and the value's text.
pub(crate) struct BarSpec<'a> {
    /// The label above the bar.
    pub label: &'a str,
    /// The value.
    pub value: u32,
    /// The value as written beside the bar.
    pub value_text: String,
    /// A hatched bar, set apart from the others.
    pub remainder: bool,
}

/// Horizontal bars, each under its label (wrapped to the chart's width), with its value
/// written at its end. Lengths are proportional to values, from a common zero.
/// `message`, if any, is written above the bars (for "no projects recorded").
pub(crate) fn bars(specs: &[BarSpec<'_>], message: Option<&str>, fonts: Fonts) -> Layout {
    let mut groups = Vec::new();
    let mut y = PAD;
    if let Some(message) = message {
        let mut marks = Vec::new();
        for line in fonts.wrap(message, TEXT_SIZE, text_room(WIDTH - 2 * PAD)) {
            marks.push(text_mark((PAD, y), line, TEXT_SIZE, HPos::Left, VPos::Top));
            y += LINE;
        }
        groups.push(Group {
            class: "message".into(),
            marks,
        });
        y += ROW_GAP;
    }
    let widest_value = specs
        .iter()
        .map(|s| text_extent(fonts.width(&s.value_text, TEXT_SIZE)))
        .max()
        .unwrap_or(0);
    let room = WIDTH - 2 * PAD - VALUE_GAP - widest_value;
    let largest = specs.iter().map(|s| s.value).max().unwrap_or(0).max(1);
    for (i, spec) in specs.iter().enumerate() {
        if spec.remainder && i > 0 {
            y += ROW_GAP;
        }
        let mut marks = Vec::new();
        for line in fonts.wrap(spec.label, TEXT_SIZE, text_room(WIDTH - 2 * PAD)) {
            marks.push(text_mark((PAD, y), line, TEXT_SIZE, HPos::Left, VPos::Top));
            y += LINE;
        }
        y += LABEL_GAP;
        let length = bar_length(spec.value, largest, room);
        let (from, to) = ((PAD, y), (PAD + length, y + BAR_HEIGHT));
        if spec.remainder {
            marks.extend(hatch(from, to, VERMILLION));
            marks.push(Mark::Outline {
                from,
                to,
                color: VERMILLION,
                width: 2,
            });
        } else {
            marks.push(Mark::Rect {
                from,
                to,
                color: BLUE,
            });
        }
        // The zero line, so that a bar of zero still has a visible start.
        marks.push(Mark::Line {
            points: vec![(PAD, y - 3), (PAD, y + BAR_HEIGHT + 3)],
            color: INK,
            width: 2,
        });
        let value_at = (PAD + length + VALUE_GAP, y + BAR_HEIGHT / 2);
        marks.push(text_mark(
            value_at,
            spec.value_text.clone(),
            TEXT_SIZE,
            HPos::Left,
            VPos::Center,
        ));
        let class = if spec.remainder {
            "bar remainder"
        } else {
            "bar"
        };
        groups.push(Group {
            class: class.into(),
            marks,
        });
        y += BAR_HEIGHT + ROW_GAP;
    }
    Layout {
        height: y - ROW_GAP + PAD,
        groups,
        fonts,
        rtl: false,
    }
}

/// The length of a bar of `value` when the largest value fills `room`.
pub(crate) fn bar_length(value: u32, largest: u32, room: i32) -> i32 {
    (f64::from(value) / f64::from(largest.max(1)) * f64::from(room)).round() as i32
}

/// Diagonal hatching clipped to a rectangle: lines x + y = k, every few units.
fn hatch(from: (i32, i32), to: (i32, i32), color: RGBColor) -> Vec<Mark> {
    let mut marks = Vec::new();
    let (x0, y0, x1, y1) = (from.0, from.1, to.0, to.1);
    if x1 <= x0 {
        return marks;
    }
    let mut k = x0 + y0 + HATCH_SPACING / 2;
    while k < x1 + y1 {
        let start_x = x0.max(k - y1);
        let end_x = x1.min(k - y0);
        if end_x > start_x {
            marks.push(Mark::Line {
                points: vec![(start_x, k - start_x), (end_x, k - end_x)],
                color,
                width: 2,
            });
        }
        k += HATCH_SPACING;
    }
    marks
}

/// A point of a dot chart.
pub(crate) struct PointSpec<'a> {
    /// Its row label ("Baseline").
    pub label: &'a str,
    /// Its value.
    pub value: f64,
    /// The value as written beside the point.
    pub value_text: String,
    /// Its marker: 0 circle, 1 diamond, 2 square (with the colour of its index).
    pub marker: usize,
    /// The `class` of its group.
    pub class: &'a str,
}

const MARKER: i32 = 7;

/// A dot chart: one row per point, its label above a stem from zero to the point, the
/// value written beside it, over one axis from 0 to `max` with labelled ticks (thinned
/// to every other one when their labels would touch).
pub(crate) fn dots(
    points: &[PointSpec<'_>],
    max: f64,
    ticks: &[(f64, String)],
    fonts: Fonts,
) -> Layout {
    let value_width = points
        .iter()
        .map(|p| text_extent(fonts.width(&p.value_text, TEXT_SIZE)))
        .max()
        .unwrap_or(0);
    let tick_width = ticks
        .iter()
        .map(|(_, t)| text_extent(fonts.width(t, SMALL_SIZE)))
        .max()
        .unwrap_or(0);
    let first_tick = ticks
        .first()
        .map_or(0, |(_, t)| text_extent(fonts.width(t, SMALL_SIZE)));
    let x0 = PAD + (MARKER + 1).max(first_tick / 2);
    let x1 = WIDTH - PAD - (value_width + VALUE_GAP + MARKER).max(tick_width / 2);
    let scale = |v: f64| x0 + (v / max.max(f64::MIN_POSITIVE) * f64::from(x1 - x0)).round() as i32;
    let mut groups = Vec::new();
    let mut y = PAD;
    for point in points {
        let color = [BLUE, VERMILLION, GREEN][point.marker % 3];
        let mut marks = Vec::new();
        for line in fonts.wrap(point.label, TEXT_SIZE, text_room(WIDTH - 2 * PAD)) {
            marks.push(text_mark((PAD, y), line, TEXT_SIZE, HPos::Left, VPos::Top));
            y += LINE;
        }
        let yc = y + LABEL_GAP + MARKER + 1;
        let x = scale(point.value);
        marks.push(Mark::Line {
            points: vec![(x0, yc - MARKER), (x0, yc + MARKER)],
            color: INK,
            width: 2,
        });
        marks.push(Mark::Line {
            points: vec![(x0, yc), (x, yc)],
            color,
            width: 4,
        });
        marks.push(match point.marker % 3 {
            0 => Mark::Dot {
                center: (x, yc),
                radius: MARKER,
                color,
            },
            1 => Mark::Shape {
                points: vec![
                    (x, yc - MARKER - 1),
                    (x + MARKER + 1, yc),
                    (x, yc + MARKER + 1),
                    (x - MARKER - 1, yc),
                ],
                color,
            },
            _ => Mark::Rect {
                from: (x - MARKER + 1, yc - MARKER + 1),
                to: (x + MARKER - 1, yc + MARKER - 1),
                color,
            },
        });
        marks.push(text_mark(
            (x + MARKER + VALUE_GAP, yc),
            point.value_text.clone(),
            TEXT_SIZE,
            HPos::Left,
            VPos::Center,
        ));
        groups.push(Group {
            class: format!("point {}", point.class),
            marks,
        });
        y = yc + MARKER + 1 + ROW_GAP;
    }
    let axis_y = y - ROW_GAP + 6;
    let mut marks = vec![Mark::Line {
        points: vec![(x0, axis_y), (x1, axis_y)],
        color: INK,
        width: 1,
    }];
    let mut step = 1;
    while ticks.len() > 2 && step < ticks.len() {
        let shown = ticks
            .iter()
            .step_by(step)
            .map(|(v, _)| scale(*v))
            .collect::<Vec<_>>();
        if shown.windows(2).all(|w| w[1] - w[0] >= tick_width + 6) {
            break;
        }
        step *= 2;
    }
    for (value, label) in ticks.iter().step_by(step) {
        let x = scale(*value);
        marks.push(Mark::Line {
            points: vec![(x, axis_y), (x, axis_y + 5)],
            color: INK,
            width: 1,
        });
        marks.push(text_mark(
            (x, axis_y + 7),
            label.clone(),
            SMALL_SIZE,
            HPos::Center,
            VPos::Top,
        ));
    }
    groups.push(Group {
        class: "axis".into(),
        marks,
    });
    Layout {
        height: axis_y + 7 + LINE + PAD,
        groups,
        fonts,
        rtl: false,
    }
}

fn text_mark(at: (i32, i32), text: String, size: f64, h: HPos, v: VPos) -> Mark {
    Mark::Text {
        at,
        text,
        size,
        h,
        v,
    }
}

/// A layout mirrored for a right-to-left language: every x becomes its distance from the
/// right edge, so that bars grow leftwards from a zero line on the right and labels sit
/// on the right. Text stays anchored at its start, which in such a chart is its right
/// end ([`Reader`] says how each reader is told).
pub(crate) fn mirror(layout: Layout) -> Layout {
    let groups = layout
        .groups
        .into_iter()
        .map(|g| Group {
            class: g.class,
            marks: g.marks.into_iter().map(mirror_mark).collect(),
        })
        .collect();
    Layout {
        groups,
        rtl: true,
        ..layout
    }
}

fn flip((x, y): (i32, i32)) -> (i32, i32) {
    (WIDTH - x, y)
}

/// A rectangle's corners, top left first, from two opposite corners.
fn corners(a: (i32, i32), b: (i32, i32)) -> ((i32, i32), (i32, i32)) {
    ((a.0.min(b.0), a.1.min(b.1)), (a.0.max(b.0), a.1.max(b.1)))
}

fn mirror_mark(mark: Mark) -> Mark {
    match mark {
        Mark::Rect { from, to, color } => {
            let (from, to) = corners(flip(from), flip(to));
            Mark::Rect { from, to, color }
        }
        Mark::Outline {
            from,
            to,
            color,
            width,
        } => {
            let (from, to) = corners(flip(from), flip(to));
            Mark::Outline {
                from,
                to,
                color,
                width,
            }
        }
        Mark::Line {
            points,
            color,
            width,
        } => Mark::Line {
            points: points.into_iter().map(flip).collect(),
            color,
            width,
        },
        Mark::Dot {
            center,
            radius,
            color,
        } => Mark::Dot {
            center: flip(center),
            radius,
            color,
        },
        Mark::Shape { points, color } => Mark::Shape {
            points: points.into_iter().map(flip).collect(),
            color,
        },
        Mark::Text {
            at,
            text,
            size,
            h,
            v,
        } => Mark::Text {
            at: flip(at),
            text,
            size,
            h,
            v,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The relative luminance of an sRGB colour (WCAG 2).
    fn luminance(color: RGBColor) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.04045 {
                c / 12.92
            } else {
                ((c + 0.055) / 1.055).powf(2.4)
            }
        };
        0.2126 * channel(color.0) + 0.7152 * channel(color.1) + 0.0722 * channel(color.2)
    }

    /// The WCAG contrast ratio of two colours.
    fn contrast(a: RGBColor, b: RGBColor) -> f64 {
        let (la, lb) = (luminance(a), luminance(b));
        (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
    }

    #[test]
    fn every_mark_colour_contrasts_with_both_backgrounds() {
        let white = RGBColor(0xff, 0xff, 0xff);
        let dark = RGBColor(0x12, 0x12, 0x12);
        for color in [BLUE, VERMILLION, GREEN] {
            assert!(
                contrast(color, white) >= 3.0,
                "{color:?} on white: {}",
                contrast(color, white)
            );
            assert!(
                contrast(color, dark) >= 3.0,
                "{color:?} on #121212: {}",
                contrast(color, dark)
            );
        }
    }

    #[test]
    fn bars_are_proportional_and_fit() {
        let specs: Vec<BarSpec<'_>> = [(7, false), (2, false), (0, false), (35, true)]
            .iter()
            .map(|&(value, remainder)| BarSpec {
                label: "A label",
                value,
                value_text: value.to_string(),
                remainder,
            })
            .collect();
        let layout = bars(&specs, None, Fonts::Latin);
        let widths: Vec<i32> = layout
            .groups
            .iter()
            .map(|g| {
                g.marks
                    .iter()
                    .find_map(|m| match m {
                        Mark::Rect { from, to, .. } | Mark::Outline { from, to, .. } => {
                            Some(to.0 - from.0)
                        }
                        _ => None,
                    })
                    .unwrap()
            })
            .collect();
        assert_eq!(widths[2], 0);
        let unit = f64::from(widths[3]) / 35.0;
        for (w, v) in widths.iter().zip([7, 2, 0, 35]) {
            assert!(
                (f64::from(*w) - unit * f64::from(v)).abs() <= 1.0,
                "{w} for {v}"
            );
        }
        assert!(widths.iter().all(|w| PAD + w < WIDTH));
        assert_eq!(layout.groups[3].class, "bar remainder");
    }

    #[test]
    fn hatching_stays_inside_its_rectangle() {
        let lines = hatch((10, 20), (60, 42), VERMILLION);
        assert!(lines.len() > 5);
        for mark in lines {
            let Mark::Line { points, .. } = mark else {
                panic!()
            };
            for (x, y) in points {
                assert!(
                    (10..=60).contains(&x) && (20..=42).contains(&y),
                    "({x}, {y})"
                );
            }
        }
    }
}
