//! Reads a file as UTF-8 text (never a pipe or a device), and parses TOML with every
//! problem located in the file it sits in, even when the TOML is only a part of it (front
//! matter, a block body). Partial parsing leaves unknown keys out so that what is known is
//! still read and checked.

use std::path::Path;

use serde::de::DeserializeOwned;

use crate::core::diagnostics::{Diagnostic, MAX_PER_FILE};

/// Reads a file as UTF-8 text, without a byte-order mark.
pub(crate) fn read_text(path: &Path) -> Result<String, Diagnostic> {
    // A FIFO or a device (`/dev/zero`) behind a content name would block or never end.
    let metadata = std::fs::metadata(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    if !metadata.is_file() {
        return Err(not_a_regular_file(path));
    }
    let bytes = std::fs::read(path)
        .map_err(|e| Diagnostic::error(path, format!("cannot read the file: {e}")))?;
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..3);
            }
            Ok(text)
        }
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let prefix = String::from_utf8_lossy(&e.as_bytes()[..valid]).into_owned();
            let byte = e.as_bytes()[valid];
            Err(Diagnostic::error(
                path,
                format!("the file is not valid UTF-8 (byte 0x{byte:02x}): expected UTF-8 text"),
            )
            .at_offset(&prefix, valid)
            .with_hint("save the file as UTF-8 in your editor"))
        }
    }
}

pub(super) fn not_a_regular_file(path: &Path) -> Diagnostic {
    Diagnostic::error(
        path,
        "not a regular file (a pipe, socket or device): expected a text or asset file",
    )
    .with_hint("remove it from the project folder")
}

/// Parses a whole TOML file into `T`, locating any error.
pub fn parse_toml<T: DeserializeOwned>(path: &Path, source: &str) -> Result<T, Diagnostic> {
    parse_toml_fragment(path, source, source, 0)
}

/// Parses TOML that sits `offset` bytes into `file_text` (front matter, a block body),
/// locating any error in the file.
pub(crate) fn parse_toml_fragment<T: DeserializeOwned>(
    path: &Path,
    fragment: &str,
    file_text: &str,
    offset: usize,
) -> Result<T, Diagnostic> {
    toml::from_str(fragment).map_err(|e| {
        let message = e.message().trim().replace('\n', " ");
        let at = offset + e.span().map_or(0, |s| s.start);
        Diagnostic::error(path, message).at_offset(file_text, at)
    })
}

/// Parses TOML that sits `offset` bytes into `file_text` as far as it can: each unknown
/// key is reported and left out, so that the known keys are still read and what depends
/// on them still checked. Returns the value, when one could be made, and every problem.
pub(crate) fn parse_toml_partial<T: DeserializeOwned>(
    path: &Path,
    fragment: &str,
    file_text: &str,
    offset: usize,
) -> (Option<T>, Vec<Diagnostic>) {
    let (value, errors) = read_toml_partial(fragment, MAX_PER_FILE);
    let problems = errors
        .iter()
        .map(|e| {
            let message = e.message().trim().replace('\n', " ");
            let at = offset + e.span().map_or(0, |s| s.start);
            Diagnostic::error(path, message).at_offset(file_text, at)
        })
        .collect();
    (value, problems)
}

/// [`parse_toml_partial`] without locating its problems, in at most `passes` passes (one
/// unknown key is dropped after each): the errors, whose spans are in `fragment`.
pub(super) fn read_toml_partial<T: DeserializeOwned>(
    fragment: &str,
    passes: usize,
) -> (Option<T>, Vec<toml::de::Error>) {
    let mut table = match toml::de::DeTable::parse(fragment) {
        Ok(table) => table,
        Err(e) => return (None, vec![e]),
    };
    let mut errors = Vec::new();
    // Each pass drops one unknown key; past the budget the file is refused as it is.
    for _ in 0..passes {
        match T::deserialize(toml::de::Deserializer::from(table.clone())) {
            Ok(value) => return (Some(value), errors),
            Err(e) => {
                let dropped = e.message().starts_with("unknown field")
                    && e.span().is_some_and(|at| drop_key_at(table.get_mut(), &at));
                errors.push(e);
                if !dropped {
                    return (None, errors);
                }
            }
        }
    }
    (None, errors)
}

/// Removes the key written at `at`, wherever it is nested; whether one was found.
fn drop_key_at(table: &mut toml::de::DeTable<'_>, at: &std::ops::Range<usize>) -> bool {
    let key = table.keys().find(|key| key.span() == *at).cloned();
    if let Some(key) = key {
        return table.remove(&key).is_some();
    }
    table
        .iter_mut()
        .any(|(_, value)| drop_key_in(value.get_mut(), at))
}

fn drop_key_in(value: &mut toml::de::DeValue<'_>, at: &std::ops::Range<usize>) -> bool {
    match value {
        toml::de::DeValue::Table(table) => drop_key_at(table, at),
        toml::de::DeValue::Array(items) => {
            items.iter_mut().any(|item| drop_key_in(item.get_mut(), at))
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::core::model::FrontMatter;

    #[test]
    fn unknown_keys_are_named() {
        let err =
            parse_toml::<FrontMatter>(Path::new("a.md"), "title = \"A\"\ntilte = 1\n").unwrap_err();
        assert!(err.message.contains("tilte"), "{err}");
        assert_eq!(err.line, 2);
    }
}
