//! Raw HTML from authors, made safe with ammonia: no scripts, no event handlers, no
//! `javascript:` URLs, no styles that could hide content.

use std::collections::HashSet;
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
pub fn html(fragment: &str) -> String {
    builder().clean(fragment).to_string()
}

/// URL schemes that run code or smuggle documents in a reader's browser.
pub const UNSAFE_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

/// The scheme of `url` when it is one of [`UNSAFE_SCHEMES`], read as a browser reads it:
/// ignoring case, surrounding spaces and the tabs and line breaks browsers drop.
pub fn unsafe_scheme(url: &str) -> Option<&'static str> {
    // Most links are relative: without a colon there is no scheme at all.
    if !url.contains(':') {
        return None;
    }
    let cleaned: String = url
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_ascii_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(16)
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = cleaned.split_once(':')?.0;
    UNSAFE_SCHEMES.iter().copied().find(|s| *s == scheme)
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
    fn unsafe_schemes_are_recognized_as_browsers_read_them() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme(" JaVa\tScRipt:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme("data:text/html,x"), Some("data"));
        assert_eq!(unsafe_scheme("https://example.org/javascript:"), None);
        assert_eq!(unsafe_scheme("02-outcome.md#p3"), None);
    }

    #[test]
    fn rapport_markup_survives() {
        let ours = "<p id=\"p3\" class=\"numbered\"><a class=\"pnum\" href=\"#p3\" title=\"Paragraph 3\">3.</a> Text</p>";
        assert_eq!(html(ours), ours);
    }
}
