//! The theme's static assets named after their content (`static/style.css` →
//! `static/style.1a2b3c4d.css`, from a SHA-256 of the bytes), so hosts can cache them
//! forever: the names templates link to through `asset()`, and publishing gives them.

use std::collections::HashMap;
use std::fmt::Write as _;

use sha2::{Digest, Sha256};

use crate::core::html::rewrite_css_urls;
use crate::core::links::{resolve_with_base, split_suffix};
use crate::core::output::Output;
use crate::core::routes::STATIC_DIR;

/// The first 8 hex digits of the SHA-256 of `bytes`.
pub(crate) fn hash8(bytes: &[u8]) -> String {
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

/// Renames the static assets of `output` after their content; returns old path → new:
/// the names the publishing pass (`crate::publish::Publisher`) gives them, and templates link to.
pub(crate) fn fingerprint_assets(
    output: &mut Output,
    base: Option<&str>,
) -> HashMap<String, String> {
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

/// The new form of `url` (as written in `from`) when it points at a renamed file: only
/// its last path segment changes.
pub(crate) fn renamed_url(
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
}
