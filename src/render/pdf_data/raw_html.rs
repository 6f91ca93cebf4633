//! Raw HTML written in Markdown, as the PDF shows it: never as markup. Its text content
//! is kept (tags, comments, scripts and styles left out, character references decoded),
//! and three things are read from its tags: a language (`<span lang="en">…</span>`, and
//! the `lang` of an HTML block's first element), a quotation (`<blockquote lang="en">`
//! alone on its lines, then Markdown, then `</blockquote>`), and a line break (`<br>`).
//! Everything else an element means (a class, a link, an image) is dropped.

use crate::core::html::{decode_references, edit_tags, find_ascii_case_insensitive};

/// What an HTML block of a page gives the PDF.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum HtmlBlock {
    /// A block with text: its text content, and the language of its first element.
    Text {
        /// The text, whitespace collapsed.
        text: String,
        /// The first element's `lang`, when it is a valid language code.
        lang: Option<String>,
    },
    /// `<blockquote>` alone: the Markdown blocks up to `</blockquote>` are a quotation.
    OpenQuote(Option<String>),
    /// A closing tag alone (`</blockquote>`), by its lowercase name.
    Close(String),
    /// Nothing to show (a comment, an empty element).
    Nothing,
}

/// What an inline HTML tag gives the PDF.
#[derive(Debug, PartialEq, Eq)]
pub(super) enum InlineTag {
    /// `<span>`, with its `lang` when it is a valid language code.
    SpanOpen(Option<String>),
    /// `</span>`.
    SpanClose,
    /// `<br>`.
    Break,
    /// `<script>` or `<style>`, whose content is no text: left out up to its closing tag.
    Hidden(String),
    /// Any other tag or comment: left out.
    Other,
}

/// Reads an HTML block.
pub(super) fn block(html: &str) -> HtmlBlock {
    let text = text_content(html);
    let first = first_tag(html);
    if !text.is_empty() {
        let lang = first.and_then(|(_, lang)| lang);
        return HtmlBlock::Text { text, lang };
    }
    let trimmed = html.trim();
    if let Some(name) = closing_name(trimmed) {
        return HtmlBlock::Close(name);
    }
    match first {
        Some((name, lang)) if name == "blockquote" && trimmed.matches('<').count() == 1 => {
            HtmlBlock::OpenQuote(lang)
        }
        _ => HtmlBlock::Nothing,
    }
}

/// Reads an inline HTML tag.
pub(super) fn inline(html: &str) -> InlineTag {
    let trimmed = html.trim();
    if let Some(name) = closing_name(trimmed) {
        return match name.as_str() {
            "span" => InlineTag::SpanClose,
            _ => InlineTag::Other,
        };
    }
    match first_tag(trimmed) {
        Some((name, lang)) if name == "span" && !trimmed.ends_with("/>") => {
            InlineTag::SpanOpen(lang)
        }
        Some((name, _)) if name == "br" => InlineTag::Break,
        Some((name, _)) if name == "script" || name == "style" => InlineTag::Hidden(name),
        _ => InlineTag::Other,
    }
}

/// The name of a closing tag that is the whole of `html` (`</span>`), lowercase.
pub(super) fn closing_name(html: &str) -> Option<String> {
    let name = html.strip_prefix("</")?.strip_suffix('>')?.trim();
    let valid = !name.is_empty() && name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    valid.then(|| name.to_ascii_lowercase())
}

/// The first start tag's name and its `lang`, when that is a valid language code.
fn first_tag(html: &str) -> Option<(String, Option<String>)> {
    let mut found = None;
    edit_tags(html, |tag| {
        if found.is_none() {
            let lang = tag.attr("lang").and_then(language_code);
            found = Some((tag.name.to_string(), lang));
        }
        None
    });
    found
}

/// A language code as the PDF may carry it: letters, digits and hyphens, starting with a
/// letter (`en`, `pt-BR`, `sr-Latn`), at most 35 characters (BCP 47's longest).
pub(super) fn language_code(value: &str) -> Option<String> {
    let value = value.trim();
    let valid = (1..=35).contains(&value.len())
        && value.starts_with(|c: char| c.is_ascii_alphabetic())
        && value
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-');
    valid.then(|| value.to_string())
}

/// The text of an HTML fragment: tags, comments and the content of scripts and styles
/// left out, character references decoded, whitespace collapsed to single spaces.
pub(super) fn text_content(html: &str) -> String {
    let mut text = String::new();
    let mut i = 0;
    while let Some(found) = html[i..].find('<') {
        let start = i + found;
        text.push_str(&html[i..start]);
        let rest = &html[start..];
        let next = rest[1..].chars().next();
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |e| e + 3);
            continue;
        }
        if !next.is_some_and(|c| c.is_ascii_alphabetic() || "/!?".contains(c)) {
            // A `<` that opens no tag is text.
            text.push('<');
            i = start + 1;
            continue;
        }
        let end = start + tag_end(rest);
        let name = tag_name(&html[start..end]);
        // Elements that break a line in a browser part words in the text.
        text.push(' ');
        i = end;
        if (name == "script" || name == "style") && !html[start..end].starts_with("</") {
            let closing = format!("</{name}");
            i = find_ascii_case_insensitive(html, i, &closing).unwrap_or(html.len());
        }
    }
    text.push_str(&html[i..]);
    let decoded = decode_references(&text);
    decoded.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The length of the tag that starts `rest`, up to its `>` outside quoted values.
fn tag_end(rest: &str) -> usize {
    let mut quote = None;
    for (at, b) in rest.bytes().enumerate() {
        match (quote, b) {
            (None, b'"' | b'\'') => quote = Some(b),
            (Some(q), _) if q == b => quote = None,
            (None, b'>') => return at + 1,
            _ => {}
        }
    }
    rest.len()
}

/// A tag's lowercase name (`</Span>` → `span`).
fn tag_name(tag: &str) -> String {
    tag.trim_start_matches(['<', '/'])
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_kept_and_markup_never() {
        assert_eq!(
            text_content(
                "<div class=\"x\" title='a>b'>Un <b>mot</b> &amp; <!-- non --> <script>alert(1)</script>fin</div>"
            ),
            "Un mot & fin"
        );
        assert_eq!(text_content("a < b"), "a < b");
    }

    #[test]
    fn languages_quotes_and_breaks_are_read() {
        assert_eq!(
            block("<p lang=\"en\">Hello</p>\n"),
            HtmlBlock::Text {
                text: "Hello".into(),
                lang: Some("en".into())
            }
        );
        assert_eq!(
            block("<blockquote lang=\"en\">\n"),
            HtmlBlock::OpenQuote(Some("en".into()))
        );
        assert_eq!(
            block("</blockquote>\n"),
            HtmlBlock::Close("blockquote".into())
        );
        assert_eq!(block("<!-- note -->\n"), HtmlBlock::Nothing);
        assert_eq!(
            inline("<span lang=\"es\">"),
            InlineTag::SpanOpen(Some("es".into()))
        );
        assert_eq!(
            inline("<span lang=\"\\\" onload=x\">"),
            InlineTag::SpanOpen(None)
        );
        assert_eq!(inline("</SPAN>"), InlineTag::SpanClose);
        assert_eq!(inline("<br/>"), InlineTag::Break);
        assert_eq!(inline("<img src=x>"), InlineTag::Other);
    }
}
