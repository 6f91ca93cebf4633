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

use std::collections::{BTreeMap, HashMap};

use crate::core::diagnostics::Error;
use crate::core::html::{edit_tags, rewrite_css_urls, rewrite_urls};
use crate::core::links::{base_url, resolve, resolve_with_base};
use crate::core::model::Site;
use crate::core::output::Output;
use crate::core::paths::STATIC_DIR;
use crate::render::assets::{fingerprint_assets, renamed_url};
use crate::render::project::Project;
use crate::render::{self, Counts, opendata};

mod sitemap;
pub use sitemap::public_url;
use sitemap::{sitemap, sitemap_entry, sitemap_xml};

/// The bilingual page hosts serve for a missing address.
pub const NOT_FOUND: &str = "404.html";

/// Renders a prepared project into memory, with its open data, and makes it ready to
/// publish (fingerprinted assets, sitemap, robots.txt): what `build` writes, `serve`
/// serves and `archive` packs.
pub fn render_project(project: &Project) -> Result<(Output, Counts), Error> {
    let (mut output, counts) = render::site(&project.site, &project.theme)?;
    opendata::add(&project.site, &project.theme.i18n, &mut output)?;
    finish(&project.site, &mut output);
    Ok((output, counts))
}

/// Runs every publishing step over a rendered site.
pub fn finish(site: &Site, output: &mut Output) {
    let base = site.config.base_url.as_deref().map(base_url);
    fingerprint(output, base.as_deref());
    inline_not_found_assets(output, base.as_deref());
    robots_and_sitemap(output, base.as_deref(), sitemap);
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

// ---------------------------------------------------------------------------------------
// Fingerprinted assets
// ---------------------------------------------------------------------------------------

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

#[cfg(test)]
mod tests {
    use super::*;

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
}
