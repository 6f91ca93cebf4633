//! Languages and directions in what the project writes: elements of its pages marked with
//! a language CLDR does not know, and sides written as `left` and `right` in its own
//! templates and stylesheets, when one of its languages is written right to left: `margin-left` is the start of a line in
//! French and its end in Arabic. The default theme says `margin-inline-start` instead, so
//! one stylesheet serves both directions; a project that overrides it is warned where it
//! does not.

use std::path::Path;

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::html::{edit_tags, find_ascii_case_insensitive};
use crate::core::language;
use crate::core::model::Page;
use crate::render::theme::Theme;

/// Warns at every physical side in the theme files the project wrote, when a language of
/// the site is written right to left.
pub(super) fn physical_sides(theme: &Theme, languages: &[String], problems: &mut Diagnostics) {
    let Some(rtl) = languages.iter().find(|l| language::direction(l).is_rtl()) else {
        return;
    };
    for (path, text) in theme.own_files() {
        let found = if path.extension().is_some_and(|e| e == "css") {
            css_sides(text, 0)
        } else {
            html_sides(text)
        };
        for side in found {
            problems.push(warning(path, text, rtl, &side));
        }
    }
}

/// Warns at every element of a page's raw HTML marked with a language CLDR does not know
/// (`<blockquote lang="xx">`): it would get no direction of its own, nor would a reader's
/// software know how to read it.
pub(super) fn marked_languages(page: &Page, problems: &mut Diagnostics) {
    let body = page.body();
    // Most pages mark no language: only those are scanned.
    if find_ascii_case_insensitive(body, 0, "lang").is_none() {
        return;
    }
    edit_tags(body, |tag| {
        let lang = tag.attr("lang")?.trim();
        if lang.is_empty() || language::is_known(lang) {
            return None;
        }
        let at = tag.source.as_ptr() as usize - body.as_ptr() as usize;
        problems.push(
            Diagnostic::warning(
                &page.path,
                format!("`<{} lang=\"{lang}\">`: not a language CLDR knows", tag.name),
            )
            .at_offset(&page.source, page.body_offset + at)
            .with_hint("write a BCP 47 code such as ar, en, es, fr, ru or zh, with a region or script after a hyphen (pt-BR)"),
        );
        None
    });
}

/// A physical side found at a byte offset of a file: the declaration or attribute as
/// written, and what to write instead.
#[derive(Debug, PartialEq, Eq)]
struct Side {
    offset: usize,
    written: String,
    instead: &'static str,
}

fn warning(path: &Path, text: &str, rtl: &str, side: &Side) -> Diagnostic {
    Diagnostic::warning(
        path,
        format!(
            "`{}` is a physical side: in `{rtl}`, written right to left, it is the wrong one",
            side.written
        ),
    )
    .at_offset(text, side.offset)
    .with_hint(format!(
        "write `{}`, which follows the page's direction (`dir` on <html>)",
        side.instead
    ))
}

/// Physical properties, and the logical one that replaces each.
const PROPERTIES: &[(&str, &str)] = &[
    ("margin-left", "margin-inline-start"),
    ("margin-right", "margin-inline-end"),
    ("padding-left", "padding-inline-start"),
    ("padding-right", "padding-inline-end"),
    ("border-left", "border-inline-start"),
    ("border-right", "border-inline-end"),
    ("left", "inset-inline-start"),
    ("right", "inset-inline-end"),
];

/// Properties whose values `left` and `right` are physical, and what replaces them.
const VALUES: &[(&str, &str)] = &[
    ("text-align", "text-align: start or end"),
    ("float", "float: inline-start or inline-end"),
    ("clear", "clear: inline-start or inline-end"),
];

/// The physical sides in CSS text (a stylesheet, a `style` attribute or element), which
/// starts at byte `base` of its file.
fn css_sides(css: &str, base: usize) -> Vec<Side> {
    let css = &without_comments(css);
    let mut found = Vec::new();
    let mut start = 0;
    for (i, c) in css.char_indices().chain(std::iter::once((css.len(), ';'))) {
        if !matches!(c, ';' | '{' | '}' | '"' | '\'') {
            continue;
        }
        let declaration = &css[start..i];
        let offset = start + (declaration.len() - declaration.trim_start().len());
        start = i + 1;
        let Some((property, value)) = declaration.split_once(':') else {
            continue;
        };
        let property = property.trim().to_ascii_lowercase();
        let value = value.trim().to_ascii_lowercase();
        let physical = PROPERTIES
            .iter()
            .find(|(p, _)| property == *p || property.starts_with(&format!("{p}-")))
            .map(|(_, instead)| *instead)
            .or_else(|| {
                let side = value.trim_end_matches("!important").trim();
                VALUES
                    .iter()
                    .find(|(p, _)| property == *p && (side == "left" || side == "right"))
                    .map(|(_, instead)| *instead)
            });
        if let Some(instead) = physical {
            found.push(Side {
                offset: base + offset,
                written: format!("{property}: {value}"),
                instead,
            });
        }
    }
    found
}

/// CSS with its comments blanked out byte for byte, so that offsets stay those of the
/// file and words in a comment ("the left margin: …") are not read as declarations.
fn without_comments(css: &str) -> String {
    let mut bytes = css.as_bytes().to_vec();
    let mut from = 0;
    while let Some(start) = css[from..].find("/*").map(|i| from + i) {
        let end = css[start + 2..]
            .find("*/")
            .map_or(css.len(), |i| start + 2 + i + 2);
        bytes[start..end].fill(b' ');
        from = end;
    }
    // Whole characters were blanked (a comment starts and ends at ASCII marks).
    String::from_utf8(bytes).unwrap_or_else(|_| css.to_string())
}

/// The physical sides in an HTML template: in `style` attributes and elements, and in
/// `align="left"` or `align="right"`.
fn html_sides(html: &str) -> Vec<Side> {
    let mut found = Vec::new();
    edit_tags(html, |tag| {
        // The tag's source is a slice of the template: its offset is where it starts.
        let at = tag.source.as_ptr() as usize - html.as_ptr() as usize;
        for attribute in &tag.attributes {
            let Some(range) = &attribute.range else {
                continue;
            };
            match attribute.name.as_ref() {
                "style" => found.extend(css_sides(&tag.source[range.clone()], at + range.start)),
                "align" if ["left", "right"].contains(&attribute.value.trim()) => {
                    found.push(Side {
                        offset: at + attribute.span.start,
                        written: format!("align=\"{}\"", attribute.value),
                        instead: "a class whose CSS says text-align: start or end",
                    })
                }
                _ => {}
            }
        }
        if tag.name == "style" {
            let body = at + tag.source.len();
            let end = find_ascii_case_insensitive(html, body, "</style").unwrap_or(html.len());
            found.extend(css_sides(&html[body..end], body));
        }
        None
    });
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(sides: &[Side]) -> Vec<&str> {
        sides.iter().map(|s| s.written.as_str()).collect()
    }

    #[test]
    fn physical_sides_are_found_and_logical_ones_are_not() {
        let css = ".a { margin-left: 1rem; margin-inline-start: 1rem; text-align: right }\n/* old; left: 0; é */ .b{float:left;text-align:start;border-right-width:2px;left:0;inset-inline-end:0}";
        let sides = css_sides(css, 0);
        assert_eq!(
            written(&sides),
            [
                "margin-left: 1rem",
                "text-align: right",
                "float: left",
                "border-right-width: 2px",
                "left: 0"
            ]
        );
        assert_eq!(&css[sides[0].offset..sides[0].offset + 11], "margin-left");
    }

    #[test]
    fn in_templates_only_styles_and_align_count() {
        let html = "<p>Left: right here</p>\n<div class=\"x\" style=\"padding-right: 2px; color: red\">\n<style>\n.n { float: right }\n</style>\n<td align=\"left\">";
        let sides = html_sides(html);
        assert_eq!(
            written(&sides),
            ["padding-right: 2px", "float: right", "align=\"left\""]
        );
        assert_eq!(&html[sides[1].offset..sides[1].offset + 5], "float");
        assert!(html[sides[2].offset..].starts_with("align="));
    }
}
