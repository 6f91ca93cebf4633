//! Raw HTML from authors, made safe with ammonia: no scripts, no event handlers, no
//! `javascript:` URLs, no styles that could hide content.

use std::collections::HashSet;

use crate::core::html::escape_text;
use crate::core::nesting::{MAX_NESTING, RawNesting};
use std::sync::OnceLock;

fn builder() -> &'static ammonia::Builder<'static> {
    static BUILDER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    BUILDER.get_or_init(|| {
        let mut b = ammonia::Builder::default();
        b.link_rel(None)
            .add_generic_attributes(["id", "lang", "dir", "title", "aria-describedby"])
            .add_tag_attributes("a", ["href", "hreflang"])
            .add_tag_attributes("td", ["colspan", "rowspan"])
            .add_tag_attributes("th", ["colspan", "rowspan", "scope"])
            .add_allowed_classes("p", ["numbered", "unnumbered"])
            .add_allowed_classes("a", ["pnum"])
            .add_allowed_classes("sup", ["footnote-ref"])
            .url_schemes(HashSet::from(["http", "https", "mailto", "tel"]))
            .strip_comments(true);
        b
    })
}

/// Sanitizes an HTML fragment.
pub(crate) fn html(fragment: &str) -> String {
    // Pages nested this deep are refused before they are rendered (see
    // `markdown::Outline::too_deep_for_sanitizer`); anything else (a text from a data file)
    // is shown as written rather than parsed in a time that grows with its depth squared.
    if nests_too_deep(fragment) {
        return escape_text(fragment);
    }
    builder().clean(fragment).to_string()
}

fn nests_too_deep(fragment: &str) -> bool {
    let mut deep = false;
    RawNesting::default().read(fragment, |depth, _| deep |= depth > MAX_NESTING);
    deep
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_handlers_and_javascript_urls_are_removed() {
        let dirty = "<p onclick=\"x()\">a<script>alert(1)</script><a href=\"javascript:alert(1)\">b</a><span style=\"display:none\">c</span></p>";
        let clean = html(dirty);
        assert!(!clean.contains("script"));
        assert!(!clean.contains("onclick"));
        assert!(!clean.contains("javascript"));
        assert!(!clean.contains("display"));
        assert!(clean.contains(">c</span>"));
    }

    #[test]
    fn html_nested_deeper_than_browsers_build_is_shown_as_text_not_parsed() {
        let deep = format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000));
        let clean = html(&deep);
        assert!(
            clean.starts_with("&lt;div&gt;&lt;div&gt;"),
            "{}",
            &clean[..40]
        );
        let shallow = format!(
            "{}x{}",
            "<div>".repeat(MAX_NESTING),
            "</div>".repeat(MAX_NESTING)
        );
        assert_eq!(html(&shallow), shallow);
    }

    #[test]
    fn comments_and_elements_that_cannot_nest_do_not_count() {
        let depth = |html: &str| {
            let mut nesting = RawNesting::default();
            let mut deepest = 0;
            nesting.read(html, |depth, _| deepest = deepest.max(depth));
            deepest
        };
        assert_eq!(depth("<div><p>a<p>b<br><img src=x><li>c</div>"), 1);
        assert_eq!(depth("<!-- <div><div> --><span>x</span>"), 1);
        assert_eq!(depth("<svg><path d=\"M0\"/><path/></svg>"), 1);
        assert_eq!(depth("<div/><div/>"), 2);
        let mut nesting = RawNesting::default();
        nesting.read("<div><!-- <div>", |_, _| {});
        nesting.read("<div> --><div>", |_, _| {});
        assert_eq!(nesting.depth(), 2);
    }

    #[test]
    fn rapport_markup_survives() {
        let ours = "<p id=\"p3\" class=\"numbered\"><a class=\"pnum\" href=\"#p3\" title=\"Paragraph 3\">3.</a> Text</p>";
        assert_eq!(html(ours), ours);
    }
}
