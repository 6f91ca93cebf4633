//! Publishing: the last pass over the rendered output map, before it is written, served
//! or archived.
//!
//! - Static assets are fingerprinted (`static/style.css` → `static/style.1a2b3c4d.css`,
//!   from a SHA-256 of the content) so hosts can cache them forever; every `href`/`src`
//!   that points at one is rewritten, and nothing else is touched.
//! - `404.html` carries its stylesheet and script inline, so it is styled whatever the
//!   depth or sub-path a host serves it at.
//! - With a base URL: `sitemap.xml`, with `hreflang` alternates taken from each page's
//!   own `<link rel="alternate">`; `robots.txt` always, naming the sitemap when there is
//!   one. Sitemaps need absolute addresses, so there is none without a base URL.
//!
//! Also home to the small, exact HTML scanner that archives use to rewrite links.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::ops::Range;

use sha2::{Digest, Sha256};

use crate::core::diagnostics::Error;
use crate::core::model::Site;
use crate::core::output::Output;
use crate::render::markdown::escape_attr;

/// The folder of the theme's static assets in the output.
pub const STATIC_DIR: &str = "static/";
/// The bilingual page hosts serve for a missing address.
pub const NOT_FOUND: &str = "404.html";

/// Runs every publishing step over a rendered site.
pub fn finish(site: &Site, output: &mut Output) -> Result<(), Error> {
    let base = site.config.base_url.as_deref().map(base_url);
    fingerprint(output, base.as_deref());
    inline_not_found_assets(output, base.as_deref());
    robots_and_sitemap(output, base.as_deref(), sitemap);
    Ok(())
}

/// Adds `robots.txt`, and `sitemap.xml` (made by `sitemap`) when there is a base URL.
fn robots_and_sitemap(
    output: &mut Output,
    base: Option<&str>,
    sitemap: impl FnOnce(&Output, &str) -> String,
) {
    match base {
        Some(base) => {
            output.insert("sitemap.xml", sitemap(output, base).into_bytes());
            output.insert(
                "robots.txt",
                format!("User-agent: *\nDisallow:\n\nSitemap: {base}sitemap.xml\n").into_bytes(),
            );
        }
        None => output.insert("robots.txt", b"User-agent: *\nDisallow:\n".to_vec()),
    }
}

/// A base URL with exactly one trailing slash.
pub fn base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

// ---------------------------------------------------------------------------------------
// Fingerprinted assets
// ---------------------------------------------------------------------------------------

/// The first 8 hex digits of the SHA-256 of `bytes`.
pub fn hash8(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest[..4].iter().fold(String::new(), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

/// `static/style.css` with hash `1a2b3c4d` → `static/style.1a2b3c4d.css`.
fn fingerprinted_name(path: &str, hash: &str) -> String {
    let (dir, name) = path.rsplit_once('/').map_or(("", path), |(d, n)| (d, n));
    let name = match name.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() => format!("{stem}.{hash}.{ext}"),
        _ => format!("{name}.{hash}"),
    };
    if dir.is_empty() {
        name
    } else {
        format!("{dir}/{name}")
    }
}

/// Renames every static asset after its content and rewrites the references to it.
/// Stylesheets are renamed last, after their own `url(…)` references are rewritten, so a
/// stylesheet's name changes when an image it uses changes.
fn fingerprint(output: &mut Output, base: Option<&str>) {
    let renamed = fingerprint_assets(output, base);
    rewrite_documents(output, &renamed, base);
}

/// Points every HTML, CSS and SVG file of `output` at the renamed assets.
fn rewrite_documents(output: &mut Output, renamed: &HashMap<String, String>, base: Option<&str>) {
    let documents: Vec<String> = output
        .iter()
        .map(|(p, _)| p)
        .filter(|p| is_document(p))
        .map(str::to_string)
        .collect();
    for path in documents {
        let Some(text) = output.get(&path).and_then(|b| std::str::from_utf8(b).ok()) else {
            continue;
        };
        if let Some(rewritten) = rewrite_document(&path, text, renamed, base) {
            output.insert(path, rewritten.into_bytes());
        }
    }
}

/// Renames the static assets of `output` after their content; returns old path → new:
/// the names [`Stream::new`] and [`finish`] give them, and templates link to.
pub fn fingerprint_assets(output: &mut Output, base: Option<&str>) -> HashMap<String, String> {
    let assets: Vec<String> = output
        .iter()
        .map(|(p, _)| p)
        .filter(|p| p.starts_with(STATIC_DIR))
        .map(str::to_string)
        .collect();
    let (stylesheets, others): (Vec<String>, Vec<String>) =
        assets.into_iter().partition(|p| p.ends_with(".css"));
    let mut renamed = HashMap::new();
    for path in others.iter().chain(stylesheets.iter()) {
        let Some(mut bytes) = output.remove(path) else {
            continue;
        };
        if path.ends_with(".css")
            && let Ok(css) = std::str::from_utf8(&bytes)
        {
            bytes =
                rewrite_css_urls(css, |url| renamed_url(path, url, &renamed, base)).into_bytes();
        }
        let new = fingerprinted_name(path, &hash8(&bytes));
        output.insert(new.clone(), bytes);
        renamed.insert(path.clone(), new);
    }
    renamed
}

/// Whether a file may refer to static assets: HTML and SVG outside `static/`.
fn is_document(path: &str) -> bool {
    (path.ends_with(".html") || path.ends_with(".svg")) && !path.starts_with(STATIC_DIR)
}

/// A document with its references to renamed assets rewritten; `None` when it has none.
fn rewrite_document(
    path: &str,
    text: &str,
    renamed: &HashMap<String, String>,
    base: Option<&str>,
) -> Option<String> {
    if !mentions_renamed(text.as_bytes(), renamed) {
        return None;
    }
    Some(rewrite_urls(text, |url| {
        renamed_url(path, url, renamed, base)
    }))
}

/// Whether `text` may refer to an asset by its old name: some `static/` is followed by an
/// old name, or by anything that could spell one otherwise (a character reference, a
/// percent-encoding, a dot segment). Pages whose templates link to the published names
/// (`asset()`) then need no scan at all.
fn mentions_renamed(text: &[u8], renamed: &HashMap<String, String>) -> bool {
    let is_end = |c: &u8| b"\"'()<>,?#".contains(c) || c.is_ascii_whitespace();
    memchr::memmem::find_iter(text, STATIC_DIR).any(|at| {
        let after = &text[at + STATIC_DIR.len()..];
        let name = &after[..after.iter().position(is_end).unwrap_or(after.len())];
        name.starts_with(b".")
            || name.iter().any(|c| b"%&\\".contains(c))
            || renamed
                .keys()
                .any(|old| old.as_bytes().strip_prefix(STATIC_DIR.as_bytes()) == Some(name))
    })
}

/// The publishing pass done file by file, for a build that writes each page as soon as
/// it is rendered instead of holding the whole site in memory: the same bytes as
/// [`finish`] over the whole map.
///
/// The static assets are fingerprinted first ([`Stream::new`]); each rendered file is then
/// rewritten as it comes ([`Stream::file`]); what was kept in memory is finished last
/// ([`Stream::finish`]), with the sitemap of every page.
pub struct Stream {
    base: Option<String>,
    renamed: HashMap<String, String>,
    /// Page path → its sitemap entry.
    sitemap: std::sync::Mutex<BTreeMap<String, String>>,
    /// Files that must wait for the assets: the 404 page, which takes them inline.
    held: std::sync::Mutex<Vec<(String, Vec<u8>)>>,
}

impl Stream {
    /// Fingerprints the static assets in `assets` (renamed in place); it must hold every
    /// file under `static/` that the site will have.
    pub fn new(site: &Site, assets: &mut Output) -> Stream {
        let base = site.config.base_url.as_deref().map(base_url);
        let renamed = fingerprint_assets(assets, base.as_deref());
        Stream {
            base,
            renamed,
            sitemap: Default::default(),
            held: Default::default(),
        }
    }

    /// A rendered file, ready to write: its references to static assets rewritten. `None`
    /// when it is kept for [`Stream::finish`]. Safe to call from several threads at once.
    pub fn file(&self, path: String, bytes: Vec<u8>) -> Option<(String, Vec<u8>)> {
        if path == NOT_FOUND {
            self.held
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .push((path, bytes));
            return None;
        }
        // Checked for old asset names before anything else: most pages have none.
        let needs_rewrite = is_document(&path) && mentions_renamed(&bytes, &self.renamed);
        let rewritten = needs_rewrite
            .then(|| std::str::from_utf8(&bytes).ok())
            .flatten()
            .and_then(|text| rewrite_document(&path, text, &self.renamed, self.base.as_deref()));
        let bytes = rewritten.map_or(bytes, String::into_bytes);
        if let Some(base) = &self.base
            && let Some(entry) = sitemap_entry(&path, &bytes, base)
        {
            self.sitemap
                .lock()
                .unwrap_or_else(|e| e.into_inner())
                .insert(path.clone(), entry);
        }
        Some((path, bytes))
    }

    /// Finishes the files kept in memory (`rest`: the fingerprinted assets, edition files,
    /// open data) and what [`Stream::file`] held back, and adds the sitemap and
    /// `robots.txt`. Files in `rest` replace rendered files of the same path, as later
    /// files do in the map.
    pub fn finish(self, rest: &mut Output) {
        let base = self.base.as_deref();
        for (path, bytes) in self.held.into_inner().unwrap_or_else(|e| e.into_inner()) {
            if rest.get(&path).is_none() {
                rest.insert(path, bytes);
            }
        }
        rewrite_documents(rest, &self.renamed, base);
        inline_not_found_assets(rest, base);
        let mut entries = self.sitemap.into_inner().unwrap_or_else(|e| e.into_inner());
        robots_and_sitemap(rest, base, |rest, base| {
            for (path, bytes) in rest.iter() {
                match sitemap_entry(path, bytes, base) {
                    Some(entry) => entries.insert(path.to_string(), entry),
                    None => entries.remove(path),
                };
            }
            sitemap_xml(entries.into_values())
        });
    }
}

/// The new form of `url` (as written in `from`) when it points at a renamed file: only
/// its last path segment changes.
fn renamed_url(
    from: &str,
    url: &str,
    renamed: &HashMap<String, String>,
    base: Option<&str>,
) -> Option<String> {
    let (path, suffix) = split_suffix(url);
    // Most URLs lead to pages: rule them out by file name before resolving them.
    let name = path.rsplit('/').next()?;
    if !renamed.keys().any(|k| k.rsplit('/').next() == Some(name)) {
        return None;
    }
    let target = resolve_with_base(from, url, base)?;
    let new = renamed.get(&target)?;
    let new_name = new.rsplit('/').next()?;
    let prefix = path.rfind('/').map_or("", |i| &path[..=i]);
    Some(format!("{prefix}{new_name}{suffix}"))
}

/// `a/b.css?x#y` → (`a/b.css`, `?x#y`).
fn split_suffix(url: &str) -> (&str, &str) {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    url.split_at(cut)
}

/// The output path a URL written in the file `from` points to: relative, root-relative
/// (`/static/…`), or under the base URL. `None` for other sites, `mailto:` and the like,
/// fragments alone, and paths that climb above the site.
pub fn resolve(from: &str, url: &str) -> Option<String> {
    resolve_with_base(from, url, None)
}

fn resolve_with_base(from: &str, url: &str, base: Option<&str>) -> Option<String> {
    let (path, _) = split_suffix(url);
    if path.is_empty() {
        return None;
    }
    let (start, path): (Vec<&str>, &str) =
        if let Some(rest) = base.and_then(|b| path.strip_prefix(b)) {
            (Vec::new(), rest)
        } else if path.starts_with("//") || has_scheme(path) {
            return None;
        } else if let Some(rest) = path.strip_prefix('/') {
            (Vec::new(), rest)
        } else {
            let mut dir: Vec<&str> = from.split('/').collect();
            dir.pop();
            (dir, path)
        };
    let mut segments = start;
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop()?;
            }
            s => segments.push(s),
        }
    }
    let mut resolved = segments.join("/");
    if path.ends_with('/') || resolved.is_empty() {
        if !resolved.is_empty() {
            resolved.push('/');
        }
        resolved.push_str("index.html");
    }
    Some(resolved)
}

fn has_scheme(url: &str) -> bool {
    url.find(':').is_some_and(|i| {
        i > 0
            && url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

// ---------------------------------------------------------------------------------------
// 404
// ---------------------------------------------------------------------------------------

/// Puts the 404 page's stylesheets and scripts inline: a host serves it at any depth, where
/// no relative link works, and without a base URL its root-relative links only work at a
/// host's root.
fn inline_not_found_assets(output: &mut Output, base: Option<&str>) {
    let Some(html) = output
        .get(NOT_FOUND)
        .and_then(|b| std::str::from_utf8(b).ok())
    else {
        return;
    };
    let inlined = edit_tags(html, |tag| {
        let url = match tag.name.as_ref() {
            "link"
                if tag
                    .attr("rel")
                    .is_some_and(|r| r.eq_ignore_ascii_case("stylesheet")) =>
            {
                tag.attr("href")?
            }
            "script" => tag.attr("src")?,
            _ => return None,
        };
        let target =
            resolve_with_base(NOT_FOUND, url, base).filter(|t| t.starts_with(STATIC_DIR))?;
        let text = std::str::from_utf8(output.get(&target)?).ok()?;
        Some(match tag.name.as_ref() {
            // The closing `</script>` of the original element follows.
            "script" => format!("<script>{}", text.replace("</script", "<\\/script")),
            _ => {
                // What the stylesheet refers to, from wherever the page is served.
                let root = base.unwrap_or("/");
                let css =
                    rewrite_css_urls(text, |u| resolve(&target, u).map(|t| format!("{root}{t}")));
                format!("<style>{}</style>", css.replace("</style", "<\\/style"))
            }
        })
    });
    output.insert(NOT_FOUND, inlined.into_bytes());
}

// ---------------------------------------------------------------------------------------
// Sitemap
// ---------------------------------------------------------------------------------------

/// The public address of an output path: `2022/fr/intro/index.html` → `<base>2022/fr/intro/`.
pub fn public_url(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// `sitemap.xml`: every indexable page (not the 404 page, not `noindex` pages such as the
/// printable versions), each with the language versions its own head declares.
fn sitemap(output: &Output, base: &str) -> String {
    sitemap_xml(
        output
            .iter()
            .filter_map(|(path, bytes)| sitemap_entry(path, bytes, base)),
    )
}

fn sitemap_xml(entries: impl Iterator<Item = String>) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    entries.for_each(|entry| xml.push_str(&entry));
    xml.push_str("</urlset>\n");
    xml
}

/// A page's `<url>` element in the sitemap; `None` for files that have none.
fn sitemap_entry(path: &str, bytes: &[u8], base: &str) -> Option<String> {
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
        escape_attr(&public_url(base, path))
    );
    if head.alternates.len() > 1 {
        for (lang, target) in &head.alternates {
            let _ = writeln!(
                xml,
                "<xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                escape_attr(lang),
                escape_attr(&public_url(base, target))
            );
        }
    }
    xml.push_str("</url>\n");
    Some(xml)
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

// ---------------------------------------------------------------------------------------
// An exact scanner for tags and their attributes
// ---------------------------------------------------------------------------------------

/// A start tag found in a document.
pub struct Tag<'a> {
    /// The element name, lowercase.
    pub name: Cow<'a, str>,
    /// The tag's source text, from `<` to `>`.
    pub source: &'a str,
    /// The attributes in order.
    pub attributes: Vec<Attribute<'a>>,
}

/// An attribute of a [`Tag`].
pub struct Attribute<'a> {
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
    pub fn attr(&self, name: &str) -> Option<&str> {
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
pub fn rewrite_urls(html: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> String {
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
pub fn urls(html: &str) -> Vec<String> {
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
pub fn edit_tags(html: &str, mut edit: impl FnMut(&Tag<'_>) -> Option<String>) -> String {
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

fn find_ascii_case_insensitive(haystack: &str, from: usize, needle: &str) -> Option<usize> {
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
pub fn decode_references(text: &str) -> Cow<'_, str> {
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
pub fn rewrite_css_urls(css: &str, mut rewrite: impl FnMut(&str) -> Option<String>) -> String {
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
    fn names_carry_the_hash_before_the_extension() {
        assert_eq!(
            fingerprinted_name("static/style.css", "1a2b3c4d"),
            "static/style.1a2b3c4d.css"
        );
        assert_eq!(
            fingerprinted_name("static/fonts/a.b.woff2", "00ff00ff"),
            "static/fonts/a.b.00ff00ff.woff2"
        );
        assert_eq!(
            fingerprinted_name("static/LICENSE", "00ff00ff"),
            "static/LICENSE.00ff00ff"
        );
    }

    #[test]
    fn urls_resolve_like_a_browser() {
        assert_eq!(
            resolve("2022/fr/intro/index.html", "../../../static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            resolve("2022/fr/index.html", "intro/index.html#p3").as_deref(),
            Some("2022/fr/intro/index.html")
        );
        assert_eq!(
            resolve("404.html", "/static/a.js?v=1").as_deref(),
            Some("static/a.js")
        );
        assert_eq!(
            resolve("2022/fr/index.html", "../").as_deref(),
            Some("2022/index.html")
        );
        assert_eq!(resolve("index.html", "../x"), None);
        assert_eq!(resolve("index.html", "https://example.org/"), None);
        assert_eq!(resolve("index.html", "#top"), None);
        assert_eq!(
            resolve_with_base(
                "404.html",
                "https://ex.org/r/static/s.css",
                Some("https://ex.org/r/")
            )
            .as_deref(),
            Some("static/s.css")
        );
    }

    /// Pages that link to the published names are left alone; a page that names an asset
    /// by its old name, however spelled, is still rewritten.
    #[test]
    fn only_documents_naming_old_asset_names_are_scanned() {
        let renamed: HashMap<String, String> = [(
            "static/style.css".to_string(),
            "static/style.1a2b3c4d.css".to_string(),
        )]
        .into();
        let page =
            |href: &str| format!("<link rel=\"stylesheet\" href=\"{href}\"><p>static/ text</p>");
        let rewrite = |href: &str| rewrite_document("a/b/index.html", &page(href), &renamed, None);
        assert_eq!(rewrite("../../static/style.1a2b3c4d.css"), None);
        assert_eq!(rewrite("../../static/other.css"), None);
        for old in [
            "../../static/style.css",
            "../../static/style.css?v=2",
            "../../static/./style.css",
            "../../static/style&#46;css",
        ] {
            let rewritten = rewrite(old).unwrap_or_else(|| panic!("{old} is scanned"));
            assert!(
                rewritten.contains("style.1a2b3c4d.css"),
                "{old}: {rewritten}"
            );
        }
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
