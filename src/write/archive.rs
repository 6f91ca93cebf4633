//! `rapport archive YEAR`: one edition as a self-contained zip for the records.
//!
//! The zip holds one folder, `edition-<year>/`, laid out as a BagIt bag (RFC 8493):
//!
//! ```text
//! edition-2022/bagit.txt               BagIt version and encoding
//! edition-2022/bag-info.txt            what the bag holds; payload size (Payload-Oxum)
//! edition-2022/manifest-sha256.txt     `sha256  data/path` for every payload file
//! edition-2022/tagmanifest-sha256.txt  the same for the four files beside data/
//! edition-2022/index.html              opens the edition from disk
//! edition-2022/data/index.html         the archive's landing page (the site's home)
//! edition-2022/data/2022/<lang>/…      every page, chart and data file of the edition
//! edition-2022/data/2022/<lang>/report-2022-<lang>.pdf   its official PDF (`pdf = true`)
//! edition-2022/data/static/…           the fingerprinted style sheet and script
//! edition-2022/data/search/<lang>/…     the search page, which searches this edition
//! ```
//!
//! The pages are the published pages, rendered by the same build. Links that leave the
//! edition (to other editions, the latest edition's notice) become absolute links to the
//! published site when a base URL is known, and plain text otherwise, so nothing in the
//! archive points at a missing file; a script of another edition (its search index) is
//! left out rather than loaded from the site, so the archived search searches the
//! archived edition, from disk, alone. Deterministic: sorted entries, the zip epoch
//! (1980-01-01 00:00) as every timestamp, fixed permissions (0644, Unix), deflate at a
//! fixed level: the same project gives the same bytes.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::core::diagnostics::{Diagnostics, Error};
use crate::core::html::escape_attr;
use crate::core::model::Site;
use crate::core::output::Output;
use crate::core::routes::{self, STATIC_DIR};
use crate::publish::Pdfs;

/// What to archive and where.
#[derive(Debug, Clone)]
pub struct ArchiveOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The edition.
    pub year: u16,
    /// The zip file; `archives/edition-<year>.zip` in the project by default.
    pub output: Option<PathBuf>,
    /// Overrides the configuration's base URL (used for links that leave the edition).
    pub base_url: Option<String>,
}

impl ArchiveOptions {
    /// The zip file these options write.
    pub fn output_file(&self) -> PathBuf {
        self.output.clone().unwrap_or_else(|| {
            self.root
                .join("archives")
                .join(format!("edition-{}.zip", self.year))
        })
    }
}

/// A written archive.
#[derive(Debug)]
pub struct ArchiveReport {
    /// The zip file.
    pub path: PathBuf,
    /// Files in the zip.
    pub files: usize,
    /// Size of the zip in bytes.
    pub bytes: usize,
    /// Problems that did not stop the archive (such as an edition too large for a PDF).
    pub warnings: Diagnostics,
}

/// Builds the project in memory and writes one edition's archive.
pub fn edition(options: &ArchiveOptions) -> Result<ArchiveReport, Error> {
    let mut project = crate::render::project::prepare(&options.root, options.base_url.as_deref())?;
    let years: Vec<String> = project
        .site
        .editions
        .iter()
        .map(|e| e.year.to_string())
        .collect();
    if !project.site.editions.iter().any(|e| e.year == options.year) {
        return Err(Error::Usage(format!(
            "no edition {} to archive: the editions are {}",
            options.year,
            years.join(", ")
        )));
    }
    // The edition's official PDFs belong in the record, and its pages link them.
    let pdfs = match project.site.config.pdf {
        true => Pdfs::Edition(options.year),
        false => Pdfs::None,
    };
    let (output, _, mut warnings) = crate::publish::render_project_with(&mut project, pdfs)?;
    warnings.extend(std::mem::take(&mut project.warnings));
    let files = bag(&project.site, &output, options.year);
    let bytes = zip(&files)?;
    let path = options.output_file();
    write_atomically(&path, &bytes)?;
    Ok(ArchiveReport {
        path,
        files: files.len(),
        bytes: bytes.len(),
        warnings,
    })
}

/// The archive's files: zip path → bytes, sorted.
pub fn bag(site: &Site, output: &Output, year: u16) -> BTreeMap<String, Vec<u8>> {
    let base = site
        .config
        .base_url
        .as_deref()
        .map(crate::core::links::base_url);
    let edition_dir = format!("{year}/");
    let mut payload: BTreeMap<String, Vec<u8>> = output
        .iter()
        .filter(|(path, _)| {
            path.starts_with(&edition_dir)
                || path.starts_with(STATIC_DIR)
                || path.starts_with(routes::SEARCH_DIR)
        })
        .map(|(path, bytes)| (path.to_string(), bytes.to_vec()))
        .collect();
    payload.insert(
        routes::SITE_INDEX.into(),
        landing_page(site, &payload, year, "").into_bytes(),
    );
    let paths: Vec<String> = payload.keys().cloned().collect();
    for path in paths
        .iter()
        .filter(|p| p.ends_with(".html") || p.ends_with(".svg"))
    {
        let Some(text) = payload.get(path).and_then(|b| std::str::from_utf8(b).ok()) else {
            continue;
        };
        let kept = keep_inside(
            path,
            text,
            |target| payload.contains_key(target),
            base.as_deref(),
        );
        payload.insert(path.clone(), kept.into_bytes());
    }
    let name = format!("edition-{year}/");
    let mut files = BTreeMap::new();
    let mut manifest = String::new();
    let mut octets = 0;
    for (path, bytes) in &payload {
        let _ = writeln!(manifest, "{}  data/{}", sha256(bytes), bagit_path(path));
        octets += bytes.len();
    }
    let mut tags: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    tags.insert(
        "bagit.txt".into(),
        b"BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n".to_vec(),
    );
    tags.insert(
        "bag-info.txt".into(),
        bag_info(site, year, octets, payload.len()).into_bytes(),
    );
    tags.insert("manifest-sha256.txt".into(), manifest.into_bytes());
    tags.insert(
        routes::SITE_INDEX.into(),
        landing_page(site, &payload, year, "data/").into_bytes(),
    );
    let mut tag_manifest = String::new();
    for (path, bytes) in &tags {
        let _ = writeln!(tag_manifest, "{}  {}", sha256(bytes), bagit_path(path));
    }
    tags.insert("tagmanifest-sha256.txt".into(), tag_manifest.into_bytes());
    for (path, bytes) in tags {
        files.insert(format!("{name}{path}"), bytes);
    }
    for (path, bytes) in payload {
        files.insert(format!("{name}data/{path}"), bytes);
    }
    files
}

fn sha256(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// A path as BagIt manifests write it: `%`, CR and LF percent-encoded.
fn bagit_path(path: &str) -> String {
    path.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn bag_info(site: &Site, year: u16, octets: usize, count: usize) -> String {
    let lang = site
        .config
        .language_codes()
        .into_iter()
        .next()
        .unwrap_or_default();
    let site_title = site
        .config
        .title
        .get_ref()
        .get(&lang)
        .cloned()
        .unwrap_or_default();
    let edition_title = site
        .editions
        .iter()
        .find(|e| e.year == year)
        .and_then(|e| e.meta.title.get_ref().get(&lang).cloned())
        .unwrap_or_default();
    let one_line = |s: &str| s.replace(['\r', '\n'], " ");
    let mut info = format!(
        "External-Identifier: edition-{year}\nExternal-Description: {} – {}\nBag-Software-Agent: rapport {}\nPayload-Oxum: {octets}.{count}\n",
        one_line(&site_title),
        one_line(&edition_title),
        env!("CARGO_PKG_VERSION")
    );
    if let Some(base) = &site.config.base_url {
        let _ = writeln!(
            info,
            "Source-URL: {}{year}/",
            crate::core::links::base_url(base)
        );
    }
    info
}

/// A small page listing the edition's home in every language: the archive's home
/// (`prefix` empty, inside `data/`) and the bag's entry page (`prefix` = `data/`).
fn landing_page(
    site: &Site,
    payload: &BTreeMap<String, Vec<u8>>,
    year: u16,
    prefix: &str,
) -> String {
    let languages = site.config.language_codes();
    let lang = languages.first().cloned().unwrap_or_default();
    let site_title = site
        .config
        .title
        .get_ref()
        .get(&lang)
        .cloned()
        .unwrap_or_default();
    let edition = site.editions.iter().find(|e| e.year == year);
    let stylesheet = payload
        .keys()
        .find(|p| p.starts_with(STATIC_DIR) && p.ends_with(".css"));
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{} – {year}</title>\n",
        escape_attr(&lang),
        escape_attr(&site_title)
    );
    if let Some(css) = stylesheet {
        let _ = writeln!(
            html,
            "<link rel=\"stylesheet\" href=\"{prefix}{}\">",
            escape_attr(css)
        );
    }
    let _ = write!(
        html,
        "</head>\n<body>\n<main id=\"main\" class=\"wrap\">\n<h1>{}</h1>\n<ul class=\"editions\">\n",
        escape_attr(&site_title)
    );
    for l in &languages {
        let title = edition
            .and_then(|e| e.meta.title.get_ref().get(l).cloned())
            .unwrap_or_else(|| year.to_string());
        let home = crate::core::routes::edition_home(year, l);
        if payload.contains_key(&home) {
            let _ = writeln!(
                html,
                "<li lang=\"{l}\"><a href=\"{prefix}{}\" hreflang=\"{l}\">{}</a></li>",
                escape_attr(&home),
                escape_attr(&title),
                l = escape_attr(l)
            );
        }
    }
    html.push_str("</ul>\n</main>\n</body>\n</html>\n");
    html
}

/// Rewrites a page's links that point outside the archive (`inside` says what is in it):
/// to the published page under `base` when known, else the link is removed (an `<a>`
/// keeps its text, a `<link>` element is dropped).
fn keep_inside(
    path: &str,
    html: &str,
    inside: impl Fn(&str) -> bool,
    base: Option<&str>,
) -> String {
    crate::core::html::edit_tags(html, |tag| {
        let outside: Vec<&crate::core::html::Attribute> = tag
            .attributes
            .iter()
            .filter(|a| ["href", "src", "xlink:href"].contains(&a.name.as_ref()))
            .filter(|a| {
                crate::core::links::resolve(path, &a.value).is_some_and(|target| !inside(&target))
            })
            .collect();
        if outside.is_empty() {
            return None;
        }
        if base.is_none() && tag.name == "link" {
            return Some(String::new());
        }
        // An archive runs no code from elsewhere: the script element stays, empty.
        let base = base.filter(|_| tag.name != "script");
        let mut out = String::new();
        let mut copied = 0;
        for attribute in outside {
            match base {
                Some(base) => {
                    let target =
                        crate::core::links::resolve(path, &attribute.value).unwrap_or_default();
                    let fragment = attribute
                        .value
                        .find('#')
                        .map_or("", |i| &attribute.value[i..]);
                    let range = attribute.range.clone().unwrap_or(attribute.span.clone());
                    out.push_str(&tag.source[copied..range.start]);
                    out.push_str(&escape_attr(&format!(
                        "{}{fragment}",
                        crate::core::routes::address(base, &target)
                    )));
                    copied = range.end;
                }
                None => {
                    // Drop the attribute and the whitespace before it.
                    let start = tag.source[..attribute.span.start].trim_end().len();
                    out.push_str(&tag.source[copied..start]);
                    copied = attribute.span.end;
                }
            }
        }
        out.push_str(&tag.source[copied..]);
        Some(out)
    })
}

/// The zip: entries in path order, each deflated, with the zip epoch as its time and
/// Unix permissions 0644.
pub fn zip(files: &BTreeMap<String, Vec<u8>>) -> Result<Vec<u8>, Error> {
    // The zip is written to memory: what fails is the format's limits or memory itself,
    // never the command nor the content.
    let zip_error =
        |e: zip::result::ZipError| Error::Environment(format!("cannot write the archive: {e}"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(6))
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644)
        .system(zip::System::Unix);
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (path, bytes) in files {
        // An entry that climbs out of its folder would write anywhere on extraction.
        if !crate::core::routes::is_plain(path) {
            return Err(Error::Usage(format!(
                "cannot write the archive: the entry `{}` is not a plain relative path",
                path.escape_default()
            )));
        }
        writer
            .start_file(path.as_str(), options)
            .map_err(zip_error)?;
        writer
            .write_all(bytes)
            .map_err(|e| Error::Environment(format!("cannot write the archive: {e}")))?;
    }
    Ok(writer.finish().map_err(zip_error)?.into_inner())
}

/// Writes a file through a temporary sibling and a rename: a reader sees the old file
/// or the new one, never half of one.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let parent = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| Error::io(parent, e))?;
    if path.is_dir() {
        return Err(Error::Usage(format!(
            "{} is a folder: expected a file name",
            path.display()
        )));
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let staging = parent.join(format!(".{name}.rapport-new-{}", std::process::id()));
    std::fs::write(&staging, bytes).map_err(|e| Error::io(&staging, e))?;
    std::fs::rename(&staging, path).map_err(|e| {
        let _ = std::fs::remove_file(&staging);
        Error::io(path, e)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_leaving_the_archive_become_absolute_or_plain_text() {
        let html = "<a href=\"../../2023/fr/index.html#p1\" class=x>2023</a><a href=\"intro/index.html\">in</a><link rel=\"alternate\" href=\"../../2023/fr/index.html\">";
        let inside = |p: &str| p.starts_with("2022/");
        let with_base = keep_inside(
            "2022/fr/index.html",
            html,
            inside,
            Some("https://ex.org/r/"),
        );
        assert_eq!(
            with_base,
            "<a href=\"https://ex.org/r/2023/fr/#p1\" class=x>2023</a><a href=\"intro/index.html\">in</a><link rel=\"alternate\" href=\"https://ex.org/r/2023/fr/\">"
        );
        let without = keep_inside("2022/fr/index.html", html, inside, None);
        assert_eq!(
            without,
            "<a class=x>2023</a><a href=\"intro/index.html\">in</a>"
        );
        let scripts = "<script src=\"../../2023/fr/search/index.js\" defer></script><script src=\"../../2022/fr/search/index.js\" defer></script>";
        assert_eq!(
            keep_inside(
                "search/fr/index.html",
                scripts,
                inside,
                Some("https://ex.org/r/")
            ),
            "<script defer></script><script src=\"../../2022/fr/search/index.js\" defer></script>"
        );
    }

    #[test]
    fn bagit_paths_are_encoded() {
        assert_eq!(bagit_path("a%b\nc"), "a%25b%0Ac");
    }
}
