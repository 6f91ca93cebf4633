//! The sitemap: one entry per indexable page, with `hreflang` alternates taken from each
//! page's own `<link rel="alternate">`, and one per edition's official PDF.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::core::html::{edit_tags, escape_attr};
use crate::core::links::resolve;
use crate::core::routes::{self, STATIC_DIR};

use super::NOT_FOUND;

// ---------------------------------------------------------------------------------------
// Sitemap
// ---------------------------------------------------------------------------------------

/// The sitemap of a site, entry by entry: page path → its `<url>` element, made by
/// [`sitemap_entry`]. Kept as entries, so that a rebuild replaces those of the pages it
/// publishes again and drops those of the pages that are gone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sitemap {
    entries: BTreeMap<String, String>,
}

impl Sitemap {
    /// Notes a published file: its entry replaces the one its path had; a file without one
    /// (not a page, the 404 page, a `noindex` page) has none any more.
    pub(super) fn record(&mut self, path: &str, bytes: &[u8], base: &str) {
        match sitemap_entry(path, bytes, base) {
            Some(entry) => self.entries.insert(path.to_string(), entry),
            None => self.entries.remove(path),
        };
    }

    /// Drops the entry of a file the site no longer has.
    pub fn forget(&mut self, path: &str) {
        self.entries.remove(path);
    }

    /// `sitemap.xml`: every indexable page (not the 404 page, not `noindex` pages such as
    /// the printable versions), each with the language versions its own head declares.
    pub fn xml(&self) -> String {
        let mut xml = String::from(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
        );
        self.entries.values().for_each(|entry| xml.push_str(entry));
        xml.push_str("</urlset>\n");
        xml
    }
}

/// A page's `<url>` element in the sitemap; `None` for files that have none.
fn sitemap_entry(path: &str, bytes: &[u8], base: &str) -> Option<String> {
    if is_edition_pdf(path) {
        // The official PDFs are documents in their own right, to be found by search
        // engines; a PDF has no head to read alternates from.
        return Some(format!(
            "<url>\n<loc>{}</loc>\n</url>\n",
            escape_attr(&routes::address(base, path))
        ));
    }
    if !path.ends_with(".html") || path == NOT_FOUND || path.starts_with(STATIC_DIR) {
        return None;
    }
    let html = std::str::from_utf8(bytes).ok()?;
    let head = PageHead::read(path, html);
    if head.noindex {
        return None;
    }
    let mut xml = String::new();
    let _ = writeln!(
        xml,
        "<url>\n<loc>{}</loc>",
        escape_attr(&routes::address(base, path))
    );
    if head.alternates.len() > 1 {
        for (lang, target) in &head.alternates {
            let _ = writeln!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_attr(lang),
                escape_attr(&routes::address(base, target))
            );
        }
    }
    xml.push_str("</url>\n");
    Some(xml)
}

/// Whether `path` is an edition's official PDF (`2022/fr/report-2022-fr.pdf`, see
/// [`routes::pdf`]), the only PDFs a site publishes outside its edition files.
fn is_edition_pdf(path: &str) -> bool {
    let mut parts = path.split('/');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(year), Some(lang), Some(_), None) => year
            .parse::<u16>()
            .is_ok_and(|year| routes::pdf(year, lang) == path),
        _ => false,
    }
}

/// What a sitemap needs from a page's head.
struct PageHead {
    noindex: bool,
    /// hreflang → output path.
    alternates: BTreeMap<String, String>,
}

impl PageHead {
    fn read(path: &str, html: &str) -> PageHead {
        let mut head = PageHead {
            noindex: false,
            alternates: BTreeMap::new(),
        };
        let head_end = html.find("</head>").unwrap_or(html.len());
        edit_tags(&html[..head_end], |tag| {
            match tag.name.as_ref() {
                "meta"
                    if tag
                        .attr("name")
                        .is_some_and(|n| n.eq_ignore_ascii_case("robots")) =>
                {
                    head.noindex |= tag
                        .attr("content")
                        .is_some_and(|c| c.to_ascii_lowercase().contains("noindex"));
                }
                "link"
                    if tag
                        .attr("rel")
                        .is_some_and(|r| r.eq_ignore_ascii_case("alternate")) =>
                {
                    if let (Some(lang), Some(target)) = (
                        tag.attr("hreflang"),
                        tag.attr("href").and_then(|h| resolve(path, h)),
                    ) {
                        head.alternates.insert(lang.to_string(), target);
                    }
                }
                _ => {}
            }
            None
        });
        head
    }
}
