//! Links as a browser resolves them: the one resolver of URLs written in content
//! ([`content_link`]) and of URLs written in a file of the site ([`resolve`]), URL
//! schemes, and base URLs.

use std::borrow::Cow;
use std::path::{Component, Path, PathBuf};

/// A base URL with exactly one trailing slash.
pub fn base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// `a/b.css?x#y` → (`a/b.css`, `?x#y`).
pub(crate) fn split_suffix(url: &str) -> (&str, &str) {
    let cut = url.find(['?', '#']).unwrap_or(url.len());
    url.split_at(cut)
}

/// The output path a URL written in the file `from` points to: relative, root-relative
/// (`/static/…`), or under the base URL. `None` for other sites, `mailto:` and the like,
/// fragments alone, and paths that climb above the site.
pub fn resolve(from: &str, url: &str) -> Option<String> {
    resolve_with_base(from, url, None)
}

/// [`resolve`], where a URL under `base` (the site's base URL, if any) also leads into
/// the site.
pub(crate) fn resolve_with_base(from: &str, url: &str, base: Option<&str>) -> Option<String> {
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

/// What a link written in a content file (a page, a data file) points to, read the one
/// way that `build` renders it, `check` checks it and `serve` follows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum ContentLink<'u> {
    /// Another site, `mailto:` and the like: a URL with a scheme, or `//host/…`.
    Outside,
    /// A root-relative `/…`, which no relative rewriting can keep inside the site.
    RootRelative,
    /// A place on the same page: `#p3`, or a URL with no path at all.
    Here {
        /// The `#fragment`, if any.
        fragment: Option<Fragment<'u>>,
    },
    /// A file beside the source, a page when its name ends with `.md`.
    File {
        /// The path as written, percent-decoded, without query or fragment.
        written: Cow<'u, str>,
        /// The file it names: the source's folder joined with `written`, `.` and `..`
        /// resolved by name.
        target: PathBuf,
        /// The `#fragment`, if any.
        fragment: Option<Fragment<'u>>,
    },
}

/// A link's `#fragment` (without the `#`), as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fragment<'u>(pub &'u str);

impl Fragment<'_> {
    /// As written, for a URL that keeps it: the browser decodes it when it looks for the id.
    pub(crate) fn as_written(&self) -> &str {
        self.0
    }

    /// Percent-decoded, as a browser compares it with the ids of the page.
    pub(crate) fn decoded(&self) -> Cow<'_, str> {
        percent_encoding::percent_decode_str(self.0).decode_utf8_lossy()
    }
}

impl ContentLink<'_> {
    /// The Markdown file a link names, if it names one.
    pub(crate) fn page(&self) -> Option<&Path> {
        match self {
            ContentLink::File {
                written, target, ..
            } if written.ends_with(".md") => Some(target),
            _ => None,
        }
    }
}

/// What `url`, written in the content file `source`, points to. The path is cut at the
/// first `#` (the fragment) and then at the first `?` (a query means nothing to a static
/// file), and percent-decoded (`%20` and friends name the file); the URL is read as written,
/// untrimmed.
pub(crate) fn content_link<'u>(source: &Path, url: &'u str) -> ContentLink<'u> {
    if url.starts_with("//") || has_scheme(url) {
        return ContentLink::Outside;
    }
    if url.starts_with('/') {
        return ContentLink::RootRelative;
    }
    let (path, fragment) = match url.split_once('#') {
        Some((path, fragment)) => (path, Some(Fragment(fragment))),
        None => (url, None),
    };
    let path = path.split_once('?').map_or(path, |(path, _)| path);
    if path.is_empty() {
        return ContentLink::Here { fragment };
    }
    let written = percent_encoding::percent_decode_str(path).decode_utf8_lossy();
    let folder = source.parent().unwrap_or(Path::new(""));
    let target = normalize(&folder.join(written.as_ref()));
    ContentLink::File {
        written,
        target,
        fragment,
    }
}

/// A path with `.` and `..` resolved by their names alone (links name files that may
/// not exist, so the file system cannot be asked).
pub(crate) fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::ParentDir => {
                out.pop();
            }
            Component::CurDir => {}
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Whether a URL starts with a scheme (`https:`, `mailto:`): it leads outside the site.
pub(crate) fn has_scheme(url: &str) -> bool {
    url.find(':').is_some_and(|i| {
        i > 0
            && url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
}

/// URL schemes that run code or smuggle documents in a reader's browser.
pub(crate) const UNSAFE_SCHEMES: [&str; 3] = ["javascript", "vbscript", "data"];

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

    #[test]
    fn content_links_are_read_one_way() {
        let source = Path::new("content/2022/fr/01-a.md");
        let file =
            |written: &str, target: &str, fragment: Option<&'static str>| ContentLink::File {
                written: Cow::Owned(written.to_string()),
                target: PathBuf::from(target),
                fragment: fragment.map(Fragment),
            };
        assert_eq!(
            content_link(source, "../../2021/fr/02-b.md#p5"),
            file(
                "../../2021/fr/02-b.md",
                "content/2021/fr/02-b.md",
                Some("p5")
            )
        );
        assert_eq!(
            content_link(source, "02%2Db.md?x#%C3%A9t%C3%A9"),
            file("02-b.md", "content/2022/fr/02-b.md", Some("%C3%A9t%C3%A9"))
        );
        assert_eq!(
            content_link(source, "a.md#%C3%A9t%C3%A9")
                .page()
                .map(Path::to_path_buf),
            Some(PathBuf::from("content/2022/fr/a.md"))
        );
        assert_eq!(Fragment("%C3%A9t%C3%A9").decoded(), "été");
        assert_eq!(content_link(source, "images/a.png").page(), None);
        assert_eq!(
            content_link(source, "https://x.org/a.md"),
            ContentLink::Outside
        );
        assert_eq!(content_link(source, "//x.org/a.md"), ContentLink::Outside);
        assert_eq!(
            content_link(source, "/2022/a.md"),
            ContentLink::RootRelative
        );
        let here = |fragment: Option<&'static str>| ContentLink::Here {
            fragment: fragment.map(Fragment),
        };
        assert_eq!(content_link(source, "#p3"), here(Some("p3")));
        assert_eq!(content_link(source, "?x#p3"), here(Some("p3")));
        assert_eq!(content_link(source, ""), here(None));
    }

    #[test]
    fn schemes_are_recognized() {
        assert!(has_scheme("https://x"));
        assert!(has_scheme("mailto:a@b"));
        assert!(!has_scheme("02-outcome.md#p5"));
        assert!(!has_scheme("../en/a.md"));
        assert!(!has_scheme(":x"));
    }

    #[test]
    fn unsafe_schemes_are_recognized_as_browsers_read_them() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme(" JaVa\tScRipt:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme("data:text/html,x"), Some("data"));
        assert_eq!(unsafe_scheme("https://example.org/javascript:"), None);
        assert_eq!(unsafe_scheme("02-outcome.md#p3"), None);
    }
}
