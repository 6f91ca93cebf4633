//! The names a file of the content takes in the site: what a site path may look like
//! ([`is_plain`]), the site path of a file of an edition folder ([`edition_file`]) or of a
//! theme's static folder ([`plain_name`]), and the copied files that would land on a
//! generated one ([`collisions`]). Re-exported by [`routes`](super), which owns every
//! output path; this module holds only the rules for names that come from the disk.
//!
//! A site path is plain: relative, `/`-separated, each segment a real name (never empty,
//! `.` or `..`), with no backslash, no colon and no control character. A colon would make
//! `e:n/logo.png` a drive-relative path on Windows (zip extractors refuse such an entry, or
//! write it elsewhere), a data stream in `a:b.png`, and a URL scheme in a relative link.
//! Every path that reaches the
//! disk or an archive passes [`is_plain`], so no file name in the content can make rapport
//! write outside the output folder, or an archive entry that climbs out of its folder.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Diagnostics};

/// Whether `path` is a plain site path: see the [module documentation](self).
pub fn is_plain(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(is_plain_segment)
}

fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment
            .chars()
            .any(|c| c == '\\' || c == ':' || c.is_control())
}

/// The site path of a file of the edition of `year`, from its path relative to the
/// edition folder: `fr/images/logo.png` → `2022/fr/images/logo.png`. Refuses a name that
/// is not plain once decoded, with the reason.
pub(crate) fn edition_file(year: u16, relative: &Path) -> Result<String, String> {
    Ok(format!("{year}/{}", plain_name(relative)?))
}

/// A path relative to a folder of the project (an edition, a theme's `static/`) as a plain
/// `/`-separated site path, or the reason it cannot be one.
pub(crate) fn plain_name(relative: &Path) -> Result<String, String> {
    let mut path = String::new();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err("the path is not a plain relative path".into());
        };
        let Some(name) = name.to_str() else {
            return Err(format!(
                "the name `{}` is not valid UTF-8: expected a name a browser can ask for",
                name.to_string_lossy()
            ));
        };
        if name.contains('\\') {
            return Err(format!(
                "the name `{name}` holds a backslash, which some systems read as a folder separator: expected letters, digits, `-`, `_` or `.`"
            ));
        }
        if name.contains(':') {
            return Err(format!(
                "the name `{name}` holds a colon, which Windows reads as a drive or a data stream and a browser as a link's scheme: expected letters, digits, `-`, `_` or `.`"
            ));
        }
        if name.chars().any(char::is_control) || !is_plain_segment(name) {
            return Err(format!(
                "the name `{}` holds a control character or is not a plain name",
                name.escape_default()
            ));
        }
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(name);
    }
    if path.is_empty() {
        return Err("the path names the folder itself".into());
    }
    Ok(path)
}

/// A file of an edition folder that is published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct CopiedFile {
    /// The site path.
    pub path: String,
    /// The file it is copied from.
    pub source: PathBuf,
}

/// One error for each copied file that would land on a generated file, or on a folder of
/// generated files, or would need one of them to be a folder: `generated` holds every
/// generated site path. Copying it would silently replace a page, a chart or a data file
/// with content that is never sanitized.
pub(crate) fn collisions(copied: &[CopiedFile], generated: &BTreeSet<String>) -> Diagnostics {
    let mut problems = Diagnostics::default();
    for file in copied {
        if let Some(taken) = generated_at(&file.path, generated) {
            problems.push(
                Diagnostic::error(
                    &file.source,
                    format!(
                        "this file would be published at {}, where rapport writes the generated file {taken}: expected a name of its own",
                        file.path
                    ),
                )
                .with_hint("rename or move the file; rapport never replaces a page, chart or data file it generates"),
            );
        }
    }
    problems
}

/// The generated path that `path` collides with: the same path, a generated file below
/// it (so `path` would have to be a folder), or a generated file at one of its folders.
fn generated_at<'g>(path: &str, generated: &'g BTreeSet<String>) -> Option<&'g str> {
    if let Some(same) = generated.get(path) {
        return Some(same);
    }
    let folder = format!("{path}/");
    if let Some(below) = generated.range(folder.clone()..).next()
        && below.starts_with(&folder)
    {
        return Some(below);
    }
    let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
    ancestors.find_map(|ancestor| generated.get(ancestor).map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_paths_have_only_real_names() {
        assert!(is_plain("2022/fr/index.html"));
        assert!(is_plain("static/style.1a2b3c4d.css"));
        for bad in [
            "",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "2022/../../x",
            "x\\..\\..\\index.html",
            "a/b\u{0}c",
            "a/\nb",
            "a/",
            "edition-2022/data/2022/e:n/images/l",
            "c:/x",
            "a/b:stream",
        ] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }

    #[test]
    fn edition_files_are_published_under_their_year() {
        assert_eq!(
            edition_file(2022, Path::new("fr/images/logo.png")).as_deref(),
            Ok("2022/fr/images/logo.png")
        );
        let backslash = edition_file(2022, Path::new("x\\..\\..\\index.html"));
        assert!(backslash.is_err_and(|e| e.contains("backslash")));
        assert!(edition_file(2022, Path::new("../x.png")).is_err());
        assert!(edition_file(2022, Path::new("/x.png")).is_err());
        assert!(edition_file(2022, Path::new("")).is_err());
        assert!(edition_file(2022, Path::new("a\tb.png")).is_err());
        let colon = edition_file(2022, Path::new("e:n/images/logo.png"));
        assert!(colon.is_err_and(|e| e.contains("colon")));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_refused() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"photo-\xff.png");
        let refused = edition_file(2022, Path::new(name));
        assert!(refused.is_err_and(|e| e.contains("UTF-8")));
    }

    #[test]
    fn collisions_name_the_generated_file() {
        let generated: BTreeSet<String> = [
            "2022/fr/index.html",
            "2022/fr/intro/index.html",
            "2022/en/charts/figure-1.svg",
        ]
        .map(String::from)
        .into();
        let copied = |path: &str| CopiedFile {
            path: path.into(),
            source: PathBuf::from("content").join(path),
        };
        let found = |path: &str| {
            collisions(&[copied(path)], &generated)
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert!(found("2022/fr/index.html")[0].contains("2022/fr/index.html"));
        assert!(found("2022/fr/intro")[0].contains("2022/fr/intro/index.html"));
        assert!(found("2022/en/charts/figure-1.svg/x.png")[0].contains("figure-1.svg"));
        assert!(found("2022/fr/logo.png").is_empty());
        assert!(found("2022/fr/intro-notes/a.pdf").is_empty());
    }
}
