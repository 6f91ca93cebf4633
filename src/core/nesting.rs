//! How deep a page's elements nest, Markdown and raw HTML together: the HTML sanitizer
//! takes time in the square of the depth, so validation refuses pages nested deeper than
//! browsers build them before they reach it.

/// How deep elements may nest in HTML that goes through the sanitizer: as deep as
/// browsers build them (Blink stops nesting at 512). The HTML parser behind the sanitizer
/// (html5ever) looks through every open element for each new one, so HTML nested N deep
/// costs time in N squared: 100,000 nested `<div>` took minutes.
pub(crate) const MAX_NESTING: usize = 512;

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
pub(crate) struct RawNesting {
    depth: usize,
    /// Open `<svg>` and `<math>` elements: only in them does `/>` close an element (HTML
    /// reads `<div/>` as `<div>`).
    foreign: usize,
    /// Whether a comment begun in an earlier piece is still open.
    in_comment: bool,
}

impl RawNesting {
    /// The number of elements open.
    pub(crate) fn depth(&self) -> usize {
        self.depth
    }

    /// Follows the tags of the next piece of HTML; `opened` receives the depth and the
    /// byte offset in `html` of each element it opens.
    pub(crate) fn read(&mut self, html: &str, mut opened: impl FnMut(usize, usize)) {
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
