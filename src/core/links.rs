//! Links as a browser resolves them: the one resolver of URLs written in a file of the
//! site, URL schemes, and base URLs.

/// A base URL with exactly one trailing slash.
pub fn base_url(url: &str) -> String {
    format!("{}/", url.trim_end_matches('/'))
}

/// `a/b.css?x#y` → (`a/b.css`, `?x#y`).
pub fn split_suffix(url: &str) -> (&str, &str) {
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
pub fn resolve_with_base(from: &str, url: &str, base: Option<&str>) -> Option<String> {
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

/// Whether a URL starts with a scheme (`https:`, `mailto:`): it leads outside the site.
pub fn has_scheme(url: &str) -> bool {
    url.find(':').is_some_and(|i| {
        i > 0
            && url[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
    })
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
    fn unsafe_schemes_are_recognized_as_browsers_read_them() {
        assert_eq!(unsafe_scheme("javascript:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme(" JaVa\tScRipt:alert(1)"), Some("javascript"));
        assert_eq!(unsafe_scheme("data:text/html,x"), Some("data"));
        assert_eq!(unsafe_scheme("https://example.org/javascript:"), None);
        assert_eq!(unsafe_scheme("02-outcome.md#p3"), None);
    }
}
