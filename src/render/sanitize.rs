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
    // Pages nested this deep are refused before they are rendered (see
    // `markdown::Outline::too_deep_for_sanitizer`); anything else (a text from a data file)
    // is shown as written rather than parsed in a time that grows with its depth squared.
    if nests_too_deep(fragment) {
        return escape_text(fragment);
    }
    builder().clean(fragment).to_string()
}

/// How deep elements may nest in HTML that goes through the sanitizer: as deep as
/// browsers build them (Blink stops nesting at 512). The HTML parser behind the sanitizer
/// (html5ever) looks through every open element for each new one, so HTML nested N deep
/// costs time in N squared: 100,000 nested `<div>` took minutes.
pub const MAX_NESTING: usize = 512;

/// Elements that never nest in themselves: void elements, and those whose end tag may be
/// left out because the next one closes them (`<p>`, `<li>`, `<td>`…).
const NON_NESTING_ELEMENTS: [&str; 27] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track",
    "wbr", "param", "keygen", "p", "li", "dt", "dd", "rt", "rp", "optgroup", "option", "tr", "td",
    "th", "colgroup",
];

/// The depth of the elements that HTML opens, followed tag by tag as a parser nests them:
/// a linear scan, and an estimate that errs on the deep side.
#[derive(Debug, Default)]
pub struct RawNesting {
    depth: usize,
    /// Open `<svg>` and `<math>` elements: only in them does `/>` close an element (HTML
    /// reads `<div/>` as `<div>`).
    foreign: usize,
    /// Whether a comment begun in an earlier piece is still open.
    in_comment: bool,
}

impl RawNesting {
    /// The number of elements open.
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// Follows the tags of the next piece of HTML; `opened` receives the depth and the
    /// byte offset in `html` of each element it opens.
    pub fn read(&mut self, html: &str, mut opened: impl FnMut(usize, usize)) {
        let bytes = html.as_bytes();
        let mut from = 0;
        if self.in_comment {
            match memchr::memmem::find(bytes, b"-->") {
                Some(end) => (self.in_comment, from) = (false, end + 3),
                None => return,
            }
        }
        while let Some(found) = memchr::memchr(b'<', &bytes[from..]) {
            let at = from + found;
            let rest = &bytes[at + 1..];
            from = at + 1;
            if rest.starts_with(b"!--") {
                match memchr::memmem::find(&rest[3..], b"-->") {
                    Some(end) => from = at + 4 + end + 3,
                    None => {
                        self.in_comment = true;
                        return;
                    }
                }
                continue;
            }
            if self.tag(rest) {
                opened(self.depth, at);
            }
        }
    }

    /// Follows the tag whose text follows its `<`; whether it opened an element.
    fn tag(&mut self, rest: &[u8]) -> bool {
        let (closing, name) = match rest {
            [b'/', name @ ..] => (true, name),
            name => (false, name),
        };
        let length = name
            .iter()
            .take_while(|b| b.is_ascii_alphanumeric() || **b == b'-')
            .count();
        if length == 0 || !name[0].is_ascii_alphabetic() {
            return false;
        }
        let name = String::from_utf8_lossy(&name[..length]).to_ascii_lowercase();
        if NON_NESTING_ELEMENTS.contains(&name.as_str()) {
            return false;
        }
        let foreign = name == "svg" || name == "math";
        if closing {
            self.depth = self.depth.saturating_sub(1);
            self.foreign -= usize::from(foreign && self.foreign > 0);
            false
        } else if self.foreign > 0 && self_closing(&rest[length..]) {
            false
        } else {
            self.depth += 1;
            self.foreign += usize::from(foreign);
            true
        }
    }
}

/// Whether the rest of a start tag, after its name, ends with `/>`.
fn self_closing(after_name: &[u8]) -> bool {
    memchr::memchr(b'>', after_name).is_some_and(|end| end > 0 && after_name[end - 1] == b'/')
}

fn nests_too_deep(fragment: &str) -> bool {
    let mut deep = false;
    RawNesting::default().read(fragment, |depth, _| deep |= depth > MAX_NESTING);
    deep
}

/// HTML shown as text.
fn escape_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    for c in html.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
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
