//! HTML as rapport reads and writes it: escaping, and an exact scanner for start tags and
//! their attributes, which publishing and archives use to rewrite links.

use std::borrow::Cow;
use std::ops::Range;

/// Escapes text for an HTML attribute value: `&`, `<`, `>`, `"` and `'`. Safe in element
/// content too, where rapport uses it for every text it writes (labels, numbers, titles).
pub(crate) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Escapes text for element content only, leaving quotes as they are: `&`, `<` and `>`.
/// For raw HTML shown as text, where quotes are common and need no escaping.
pub(crate) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

// ---------------------------------------------------------------------------------------
// An exact scanner for tags and their attributes
// ---------------------------------------------------------------------------------------

/// A start tag found in a document.
pub(crate) struct Tag<'a> {
    /// The element name, lowercase.
    pub name: Cow<'a, str>,
    /// The tag's source text, from `<` to `>`.
    pub source: &'a str,
    /// The attributes in order.
    pub attributes: Vec<Attribute<'a>>,
}

/// An attribute of a [`Tag`].
pub(crate) struct Attribute<'a> {
    /// The name, lowercase.
    pub name: Cow<'a, str>,
    /// The value with character references decoded; empty for a bare attribute.
    pub value: Cow<'a, str>,
    /// Where the raw value sits in the tag's source (inside any quotes).
    pub range: Option<Range<usize>>,
    /// Where the whole attribute (name, `=` and value) sits in the tag's source.
    pub span: Range<usize>,
}

impl Tag<'_> {
    /// An attribute's decoded value.
    pub(crate) fn attr(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|a| a.name == name)
            .map(|a| a.value.as_ref())
    }
}

/// The attributes that hold a URL which rapport may rewrite.
const URL_ATTRIBUTES: [&str; 3] = ["href", "src", "xlink:href"];

/// Rewrites the URL in every `href`, `src` and `xlink:href` attribute for which `rewrite`
/// returns a new one; the rest of the document is copied byte for byte.
pub(crate) fn rewrite_urls(html: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> String {
    edit_tags(html, |tag| {
        let mut edits: Vec<(Range<usize>, String)> = Vec::new();
        for attribute in &tag.attributes {
            let Some(range) = &attribute.range else {
                continue;
            };
            if URL_ATTRIBUTES.contains(&attribute.name.as_ref())
                && let Some(new) = rewrite(&attribute.value)
            {
                edits.push((range.clone(), escape_attr(&new)));
            }
        }
        if edits.is_empty() {
            return None;
        }
        let mut out = String::with_capacity(tag.source.len() + 16);
        let mut copied = 0;
        for (range, text) in edits {
            out.push_str(&tag.source[copied..range.start]);
            out.push_str(&text);
            copied = range.end;
        }
        out.push_str(&tag.source[copied..]);
        Some(out)
    })
}

/// Every URL in an `href`, `src` or `xlink:href` attribute, in document order.
#[cfg(test)]
pub(crate) fn urls(html: &str) -> Vec<String> {
    let mut found = Vec::new();
    rewrite_urls(html, |url| {
        found.push(url.to_string());
        None
    });
    found
}

/// Calls `edit` on every start tag of an HTML or SVG document (not inside comments, nor
/// inside `script`, `style` or `textarea` contents) and replaces the tag's source with what
/// it returns.
pub(crate) fn edit_tags(html: &str, mut edit: impl FnMut(&Tag<'_>) -> Option<String>) -> String {
    let mut out = String::new();
    let mut copied = 0;
    let mut i = 0;
    // One attribute list for every tag in turn: documents have thousands of tags.
    let mut spare = Vec::new();
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        let rest = &html[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") || rest.starts_with("</") {
            i = start + rest.find('>').map_or(rest.len(), |e| e + 1);
            continue;
        }
        let Some((tag, end)) = parse_tag(html, start, std::mem::take(&mut spare)) else {
            i = start + 1;
            continue;
        };
        if let Some(replacement) = edit(&tag) {
            // Sized for the whole document at once: pages are large and edits are few.
            if out.is_empty() {
                out.reserve(html.len() + 64);
            }
            out.push_str(&html[copied..start]);
            out.push_str(&replacement);
            copied = end;
        }
        i = end;
        if ["script", "style", "textarea"].contains(&tag.name.as_ref())
            && !tag.source.ends_with("/>")
        {
            let closing = format!("</{}", tag.name);
            i = find_ascii_case_insensitive(html, i, &closing).unwrap_or(html.len());
        }
        spare = tag.attributes;
    }
    if copied == 0 {
        return html.to_string();
    }
    out.push_str(&html[copied..]);
    out
}

pub(crate) fn find_ascii_case_insensitive(
    haystack: &str,
    from: usize,
    needle: &str,
) -> Option<usize> {
    let bytes = haystack.as_bytes();
    let needle = needle.as_bytes();
    (from..bytes.len().saturating_sub(needle.len() - 1))
        .find(|&k| bytes[k..k + needle.len()].eq_ignore_ascii_case(needle))
}

/// Parses the start tag at `start` (a `<`): the tag and the offset just past its `>`.
fn parse_tag<'a>(
    html: &'a str,
    start: usize,
    mut attributes: Vec<Attribute<'a>>,
) -> Option<(Tag<'a>, usize)> {
    attributes.clear();
    let bytes = html.as_bytes();
    let mut k = start + 1;
    if !bytes.get(k)?.is_ascii_alphabetic() {
        return None;
    }
    while k < bytes.len() && !bytes[k].is_ascii_whitespace() && bytes[k] != b'>' && bytes[k] != b'/'
    {
        k += 1;
    }
    let name = lowercase(&html[start + 1..k]);
    loop {
        while k < bytes.len() && (bytes[k].is_ascii_whitespace() || bytes[k] == b'/') {
            k += 1;
        }
        if k >= bytes.len() {
            return None;
        }
        if bytes[k] == b'>' {
            k += 1;
            break;
        }
        let name_start = k;
        while k < bytes.len()
            && !bytes[k].is_ascii_whitespace()
            && !matches!(bytes[k], b'=' | b'>' | b'/')
        {
            k += 1;
        }
        let attribute_name = lowercase(&html[name_start..k]);
        let mut j = k;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            attributes.push(Attribute {
                name: attribute_name,
                value: Cow::Borrowed(""),
                range: None,
                span: name_start - start..k - start,
            });
            continue;
        }
        j += 1;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        let (range, next) = match bytes.get(j)? {
            quote @ (b'"' | b'\'') => {
                let close = html[j + 1..].find(*quote as char)? + j + 1;
                (j + 1..close, close + 1)
            }
            _ => {
                let mut e = j;
                while e < bytes.len() && !bytes[e].is_ascii_whitespace() && bytes[e] != b'>' {
                    e += 1;
                }
                (j..e, e)
            }
        };
        attributes.push(Attribute {
            name: attribute_name,
            value: decode_references(&html[range.clone()]),
            range: Some(range.start - start..range.end - start),
            span: name_start - start..next - start,
        });
        k = next;
    }
    Some((
        Tag {
            name,
            source: &html[start..k],
            attributes,
        },
        k,
    ))
}

/// Decodes the character references that attribute values use: `&amp;`, `&quot;`,
/// `&#39;`, `&lt;`, `&gt;` and numeric ones.
pub(crate) fn decode_references(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|end| {
            let entity = &rest[1..end];
            let c = match entity {
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "lt" => Some('<'),
                "gt" => Some('>'),
                _ => entity
                    .strip_prefix("#x")
                    .or_else(|| entity.strip_prefix("#X"))
                    .map(|h| u32::from_str_radix(h, 16))
                    .or_else(|| entity.strip_prefix('#').map(str::parse::<u32>))
                    .and_then(Result::ok)
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// A name in lowercase, borrowed when it already is.
fn lowercase(name: &str) -> Cow<'_, str> {
    if name.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(name.to_ascii_lowercase())
    } else {
        Cow::Borrowed(name)
    }
}

/// Rewrites the URL of every `url(…)` in a stylesheet for which `rewrite` returns one.
pub(crate) fn rewrite_css_urls(
    css: &str,
    mut rewrite: impl FnMut(&str) -> Option<String>,
) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(found) = find_ascii_case_insensitive(rest, 0, "url(") {
        let open = found + 4;
        out.push_str(&rest[..open]);
        rest = &rest[open..];
        let Some(close) = rest.find(')') else { break };
        let raw = &rest[..close];
        let url = raw.trim().trim_matches(['"', '\'']);
        match rewrite(url) {
            Some(new) => out.push_str(&raw.replacen(url, &new, 1)),
            None => out.push_str(raw),
        }
        rest = &rest[close..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_escaping_leaves_quotes_and_attribute_escaping_does_not() {
        let text = "<a href=\"x\">Tom & Jerry's</a>";
        assert_eq!(
            escape_text(text),
            "&lt;a href=\"x\"&gt;Tom &amp; Jerry's&lt;/a&gt;"
        );
        assert_eq!(
            escape_attr(text),
            "&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;"
        );
    }

    #[test]
    fn only_url_attributes_of_tags_are_rewritten() {
        let html = "<p>static/style.css</p><!-- <a href=\"static/style.css\"> --><link rel=stylesheet href='static/style.css'><a title=\"static/style.css\" href=\"static/style.css#x\">static/style.css</a><script>var s = '<a href=\"static/style.css\">';</script>";
        let out = rewrite_urls(html, |u| {
            u.starts_with("static/style.css")
                .then(|| u.replace("style.css", "style.1.css"))
        });
        assert_eq!(
            out,
            "<p>static/style.css</p><!-- <a href=\"static/style.css\"> --><link rel=stylesheet href='static/style.1.css'><a title=\"static/style.css\" href=\"static/style.1.css#x\">static/style.css</a><script>var s = '<a href=\"static/style.css\">';</script>"
        );
    }

    #[test]
    fn character_references_are_decoded_and_re_escaped() {
        let html = "<a href=\"a?x=1&amp;y=2\">";
        assert_eq!(urls(html), ["a?x=1&y=2"]);
        assert_eq!(
            rewrite_urls(html, |u| Some(format!("b{u}"))),
            "<a href=\"ba?x=1&amp;y=2\">"
        );
        assert_eq!(decode_references("&#39;&#x41;&bogus; &"), "'A&bogus; &");
    }

    #[test]
    fn css_urls_are_rewritten() {
        let css = "a{background:url( \"img/a.png\" )} b{background:URL(img/b.png)}";
        let out = rewrite_css_urls(css, |u| {
            (u == "img/a.png").then(|| "img/a.1.png".to_string())
        });
        assert_eq!(
            out,
            "a{background:url( \"img/a.1.png\" )} b{background:URL(img/b.png)}"
        );
    }
}
