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

use std::collections::{BTreeSet, HashMap};
use std::sync::Mutex;

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::html::{edit_tags, escape_attr, rewrite_css_urls, rewrite_urls};
use crate::core::links::{base_url, resolve, resolve_with_base};
use crate::core::model::{PdfSizes, Site};
use crate::core::output::Output;
use crate::core::routes::{CopiedFile, NOT_FOUND, ROBOTS, SITEMAP, STATIC_DIR};
use crate::render::assets::{fingerprint_assets, renamed_url};
use crate::render::dependencies::Dependencies;
use crate::render::pdf_data::edition_pdfs_of;
use crate::render::project::Project;
use crate::render::{self, Counts, Record, opendata};

mod sitemap;
pub use sitemap::Sitemap;

/// Renders a prepared project into memory, with its open data, and publishes it
/// (fingerprinted assets, sitemap, robots.txt): what `serve` serves and `archive` packs,
/// the same bytes as [`crate::write_project`] writes.
pub fn render_project(project: &Project) -> Result<(Output, Counts), Error> {
    in_memory(site(project)?).map(|(output, counts, _)| (output, counts))
}

/// [`render_project`], with the editions' PDFs that `pdfs` names made beside the pages and
/// published with them (listed in the sitemap, linked from the pages). Returns their
/// warnings too.
pub fn render_project_with(
    project: &mut Project,
    pdfs: Pdfs,
) -> Result<(Output, Counts, Diagnostics), Error> {
    in_memory(site_with(project, pdfs)?)
}

/// A publication collected in memory.
fn in_memory(publication: SitePublication<'_>) -> Result<(Output, Counts, Diagnostics), Error> {
    let pages = Mutex::new(Output::new());
    let published = publication.publish(
        &|path, bytes| {
            lock(&pages).insert(path, bytes);
            Ok(())
        },
        Record::Nothing,
    )?;
    let mut output = pages.into_inner().unwrap_or_else(|e| e.into_inner());
    // The copied files win over a rendered file of the same path.
    let mut rest = published.rest;
    move_files(&mut rest, &mut output);
    Ok((output, published.counts, published.warnings))
}

/// Moves every file of `from` into `to`, replacing a file of the same path.
pub(crate) fn move_files(from: &mut Output, to: &mut Output) {
    let paths: Vec<String> = from.iter().map(|(p, _)| p.to_string()).collect();
    for path in paths {
        if let Some(bytes) = from.remove(&path) {
            to.insert(path, bytes);
        }
    }
}

/// A whole site, published: what [`SitePublication::publish`] did not hand to its sink.
pub(crate) struct Published {
    /// What was rendered.
    pub counts: Counts,
    /// What each page read, and the files it produced.
    pub dependencies: Dependencies,
    /// The paths of the rendered files handed to the sink (pages, charts), each once.
    pub rendered: BTreeSet<String>,
    /// The files published last, which win over a rendered file of the same path: static
    /// assets, edition files, open data, the 404 page, `robots.txt`, `sitemap.xml`.
    pub rest: Output,
    /// The sitemap's entries, for a later partial publication ([`Publisher::resume`]).
    pub sitemap: Sitemap,
    /// The PDFs made, among `rest`.
    pub pdfs: usize,
    /// Warnings of the PDFs: editions over a limit, and so not made; templates.
    pub warnings: Diagnostics,
}

/// Starts publishing the whole site: reads and fingerprints the files that are copied
/// rather than rendered (static assets, edition files). [`SitePublication::publish`] does
/// the rest.
/// The one way a whole site is published, whether into memory ([`render_project`]), onto
/// disk ([`crate::write_project`]) or for `serve`.
pub(crate) fn site(project: &Project) -> Result<SitePublication<'_>, Error> {
    let (mut rest, copied) = render::assets(&project.site, &project.theme)?;
    let publisher = Publisher::new(&project.site, &mut rest);
    Ok(SitePublication {
        project,
        rest,
        copied,
        publisher,
        pdfs: Pdfs::None,
    })
}

/// Which editions' PDFs a publication makes beside the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pdfs {
    /// None (`--no-pdf`, `pdf = false`, `serve`).
    None,
    /// Every edition's, in every language (`build`).
    All,
    /// One edition's, in every language (`archive`).
    Edition(u16),
}

/// [`site`], making the PDFs `pdfs` names while the pages are rendered: the pages that
/// link a PDF wait for its size ([`crate::core::model::PdfSizes`]).
pub(crate) fn site_with(project: &mut Project, pdfs: Pdfs) -> Result<SitePublication<'_>, Error> {
    if pdfs != Pdfs::None {
        project.site.pdf_sizes = PdfSizes::pending();
    }
    let mut publication = site(project)?;
    publication.pdfs = pdfs;
    Ok(publication)
}

/// A whole site being published (see [`site`]).
pub(crate) struct SitePublication<'a> {
    project: &'a Project,
    rest: Output,
    copied: Vec<CopiedFile>,
    publisher: Publisher,
    pdfs: Pdfs,
}

impl SitePublication<'_> {
    /// Renders every page and hands each rendered file to `sink`, from several threads,
    /// as soon as its page is rendered and published, so that the site need not be held
    /// in memory; returns the files published last.
    pub(crate) fn publish(
        self,
        sink: &(dyn Fn(String, Vec<u8>) -> Result<(), Error> + Sync),
        record: Record,
    ) -> Result<Published, Error> {
        let SitePublication {
            project,
            mut rest,
            copied,
            publisher,
            pdfs,
        } = self;
        let (site, theme) = (&project.site, &project.theme);
        // Paths already handed on: a chart shown on several pages is published once.
        let handed = Mutex::new(BTreeSet::new());
        let render_pages = || {
            render::pages_streamed(
                site,
                theme,
                &|path, bytes| {
                    let Some((path, bytes)) = publisher.file(path, bytes) else {
                        return Ok(());
                    };
                    if !lock(&handed).insert(path.clone()) {
                        return Ok(());
                    }
                    sink(path, bytes)
                },
                record,
            )
        };
        let (pages, made) = std::thread::scope(|scope| {
            let maker = (pdfs != Pdfs::None).then(|| scope.spawn(|| make_pdfs(project, pdfs)));
            let pages = render_pages();
            let made = maker.map(|maker| {
                maker.join().unwrap_or_else(|_| {
                    site.pdf_sizes.set(Default::default());
                    Err(Error::Internal(
                        "making the PDFs failed unexpectedly".into(),
                    ))
                })
            });
            (pages, made)
        });
        let (counts, dependencies) = pages?;
        let (files, warnings) = made.transpose()?.unwrap_or_default();
        let pdf_count = files.len();
        // Published last, like the other files made whole: the sitemap lists them.
        for (path, bytes) in files {
            rest.insert(path, bytes);
        }
        let rendered = handed.into_inner().unwrap_or_else(|e| e.into_inner());
        render::refuse_collisions(site, &copied, rendered.iter().map(String::as_str))?;
        opendata::add(site, &theme.i18n, &mut rest)?;
        let sitemap = publisher.finish(&mut rest);
        Ok(Published {
            counts,
            dependencies,
            rendered,
            rest,
            sitemap,
            pdfs: pdf_count,
            warnings,
        })
    }
}

/// Runs every publishing step over a whole rendered site in memory.
pub fn finish(site: &Site, output: &mut Output) {
    let publisher = Publisher::new(site, output);
    publisher.finish(output);
}

/// A file made whole, to publish: its path and bytes.
type File = (String, Vec<u8>);

/// The PDFs `pdfs` names, as files to publish, with their warnings. Records their sizes in
/// the site whatever happens, so that no page waits for them for ever.
fn make_pdfs(project: &Project, pdfs: Pdfs) -> Result<(Vec<File>, Diagnostics), Error> {
    /// Releases the pages waiting for the sizes when making the PDFs fails.
    struct Release<'a>(&'a PdfSizes);
    impl Drop for Release<'_> {
        fn drop(&mut self) {
            self.0.set(Default::default());
        }
    }
    let sizes = &project.site.pdf_sizes;
    let _release = Release(sizes);
    let only = match pdfs {
        Pdfs::Edition(year) => Some(year),
        Pdfs::All | Pdfs::None => None,
    };
    let (made, mut warnings) = edition_pdfs_of(project, only).map_err(Error::Content)?;
    let mut files = Vec::new();
    let mut made_sizes = std::collections::BTreeMap::new();
    for pdf in made {
        warnings.extend(pdf.warnings.into_iter().collect::<Diagnostics>());
        let size = u64::try_from(pdf.bytes.len()).unwrap_or(u64::MAX);
        made_sizes.insert((pdf.year, pdf.lang), size);
        files.push((pdf.path, pdf.bytes));
    }
    sizes.set(made_sizes);
    Ok((files, warnings))
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|e| e.into_inner())
}

/// The publishing pass, file by file: every publication goes through it, of a whole site
/// ([`site`], [`finish`]) or of the pages a rebuild rendered again.
///
/// The static assets are fingerprinted first ([`Publisher::new`]); each rendered file is
/// then rewritten as it comes ([`Publisher::file`]), and its sitemap entry noted; the files
/// kept in memory are finished last ([`Publisher::finish`]), with the sitemap and
/// `robots.txt`.
pub(crate) struct Publisher {
    base: Option<String>,
    renamed: HashMap<String, String>,
    sitemap: Mutex<Sitemap>,
    /// Files that must wait for the assets: the 404 page, which takes them inline.
    held: Mutex<Vec<(String, Vec<u8>)>>,
}

impl Publisher {
    /// Fingerprints the static assets in `assets` (renamed in place); it must hold every
    /// file under `static/` that the site will have.
    pub(crate) fn new(site: &Site, assets: &mut Output) -> Publisher {
        Publisher::resume(site, assets, Sitemap::default())
    }

    /// As [`Publisher::new`], for a publication of some files of a site whose sitemap was
    /// `sitemap`: their entries replace theirs.
    pub(crate) fn resume(site: &Site, assets: &mut Output, sitemap: Sitemap) -> Publisher {
        let base = site.config.base_url.as_deref().map(base_url);
        let renamed = fingerprint_assets(assets, base.as_deref());
        Publisher {
            base,
            renamed,
            sitemap: Mutex::new(sitemap),
            held: Default::default(),
        }
    }

    /// A rendered file, ready to write: its references to static assets rewritten. `None`
    /// when it is kept for [`Publisher::finish`]. Safe to call from several threads at once.
    pub(crate) fn file(&self, path: String, bytes: Vec<u8>) -> Option<(String, Vec<u8>)> {
        if path == NOT_FOUND {
            lock(&self.held).push((path, bytes));
            return None;
        }
        // Checked for old asset names before anything else: most pages have none.
        let needs_rewrite = is_document(&path) && mentions_renamed(&bytes, &self.renamed);
        let rewritten = needs_rewrite
            .then(|| std::str::from_utf8(&bytes).ok())
            .flatten()
            .and_then(|text| rewrite_document(&path, text, &self.renamed, self.base.as_deref()));
        let bytes = rewritten.map_or(bytes, String::into_bytes);
        if let Some(base) = &self.base {
            lock(&self.sitemap).record(&path, &bytes, base);
        }
        Some((path, bytes))
    }

    /// Drops the sitemap entry of a file the site no longer has.
    pub(crate) fn forget(&self, path: &str) {
        lock(&self.sitemap).forget(path);
    }

    /// Finishes the files kept in memory (`rest`: the fingerprinted assets, edition files,
    /// open data) and what [`Publisher::file`] held back, and adds the sitemap (with a base
    /// URL) and `robots.txt`. Files in `rest` replace rendered files of the same path, as
    /// later files do in the map. Returns the sitemap's entries.
    pub(crate) fn finish(self, rest: &mut Output) -> Sitemap {
        let base = self.base.as_deref();
        for (path, bytes) in self.held.into_inner().unwrap_or_else(|e| e.into_inner()) {
            if rest.get(&path).is_none() {
                rest.insert(path, bytes);
            }
        }
        rewrite_documents(rest, &self.renamed, base);
        inline_not_found_assets(rest, base);
        let mut sitemap = self.sitemap.into_inner().unwrap_or_else(|e| e.into_inner());
        match base {
            Some(base) => {
                for (path, bytes) in rest.iter() {
                    sitemap.record(path, bytes, base);
                }
                rest.insert(SITEMAP, sitemap.xml().into_bytes());
                rest.insert(
                    ROBOTS,
                    format!("User-agent: *\nDisallow:\n\nSitemap: {base}{SITEMAP}\n").into_bytes(),
                );
            }
            None => rest.insert(ROBOTS, b"User-agent: *\nDisallow:\n".to_vec()),
        }
        sitemap
    }
}

// ---------------------------------------------------------------------------------------
// Fingerprinted assets
// ---------------------------------------------------------------------------------------

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

// ---------------------------------------------------------------------------------------
// 404
// ---------------------------------------------------------------------------------------

/// Puts the 404 page's stylesheets, scripts and icon inline: a host serves it at any
/// depth, where no relative link works, and without a base URL its root-relative links
/// only work at a host's root (or, with one, before the site is online).
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
            "link" if tag.attr("rel").is_some_and(is_icon) => {
                let url = tag.attr("href")?;
                let target = resolve_with_base(NOT_FOUND, url, base)
                    .filter(|t| t.starts_with(STATIC_DIR))?;
                return Some(inline_icon(tag.attr("rel")?, &target, output.get(&target)?));
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

/// Whether a `rel` names the page's icon (`icon`, `shortcut icon`).
fn is_icon(rel: &str) -> bool {
    rel.split_ascii_whitespace()
        .any(|r| r.eq_ignore_ascii_case("icon"))
}

/// An icon link whose file is in a `data:` URL, percent-encoded (any bytes, SVG or not).
fn inline_icon(rel: &str, target: &str, bytes: &[u8]) -> String {
    let extension = target.rsplit('.').next().unwrap_or("");
    let mime = match extension.to_ascii_lowercase().as_str() {
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "ico" => "image/x-icon",
        "gif" => "image/gif",
        "webp" => "image/webp",
        _ => "application/octet-stream",
    };
    let data = percent_encoding::percent_encode(bytes, percent_encoding::NON_ALPHANUMERIC);
    format!(
        "<link rel=\"{}\" href=\"data:{mime},{data}\" type=\"{mime}\">",
        escape_attr(rel)
    )
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
