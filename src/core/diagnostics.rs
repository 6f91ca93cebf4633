//! Located problems found in a project: what went wrong, where, and how to fix it.
//!
//! Every stage reports problems as [`Diagnostic`]s; the CLI renders them once, as
//! `path:line:col: error: message`. Nothing here prints.

use std::fmt;
use std::path::{Path, PathBuf};

/// Past this many problems of one kind in one file, the rest are counted, not located:
/// locating one costs a pass over the file, and a thousand lines of one mistake help no
/// one (a page with 40,000 misplaced headings must not take minutes to check).
pub(crate) const MAX_PER_FILE: usize = 25;

/// How serious a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot go on.
    Error,
    /// Worth fixing; the build still succeeds.
    Warning,
}

/// One problem in one file, at a line and column (both 1-based).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    /// The file, relative to the project root where possible.
    pub path: PathBuf,
    /// 1-based line; 1 (with column 1) when the problem concerns the whole file.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong and what was expected.
    pub message: String,
    /// An optional suggestion: valid values, the nearest match.
    pub hint: Option<String>,
}

impl Diagnostic {
    /// An error about a whole file, placed at its start until located more precisely.
    pub fn error(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            path: path.into(),
            line: 1,
            column: 1,
            severity: Severity::Error,
            message: message.into(),
            hint: None,
        }
    }

    /// A warning about a whole file.
    pub fn warning(path: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// The same problem as an error (`check --strict` makes every warning one).
    pub fn as_error(mut self) -> Self {
        self.severity = Severity::Error;
        self
    }

    /// Places the problem at a byte offset of `source`.
    pub fn at_offset(self, source: &str, offset: usize) -> Self {
        let (line, column) = line_col(source, offset);
        self.at(line, column)
    }

    /// Places the problem at a line and column.
    pub fn at(mut self, line: usize, column: usize) -> Self {
        self.line = line;
        self.column = column;
        self
    }

    /// Adds a hint.
    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The same diagnostic with its path made relative to `root` when it lies inside.
    pub fn relative_to(mut self, root: &Path) -> Self {
        if let Ok(rel) = self.path.strip_prefix(root) {
            self.path = rel.to_path_buf();
        }
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(
            f,
            "{}:{}:{}: {}: {}",
            self.path.display(),
            self.line,
            self.column,
            severity,
            self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// Converts a byte offset into a 1-based line and character column.
pub(crate) fn line_col(source: &str, offset: usize) -> (usize, usize) {
    let offset = floor_char_boundary(source, offset.min(source.len()));
    let before = &source[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A collection of problems, sorted by file, line and column when reported.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// No problems yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Records a problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Records every problem of another collection.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any problem is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The problems, sorted by file, line, column, then message; duplicates removed.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.path, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.path, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }

    /// The problems in the order they were recorded.
    pub fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics { items: vec![d] }
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

/// The error of a library operation. Each variant is one kind of failure, and the CLI
/// gives each kind its own exit code (see `main.rs` and the README): the variant says
/// whose move it is — the author's, the caller's, the system's, or ours.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The project has errors; each is located. The author fixes the content.
    #[error("the project has {} problem(s)", .0.iter().count())]
    Content(Diagnostics),
    /// The command was invoked wrongly: a bad argument, an output folder it must not
    /// write into, a year that names no edition. The caller changes the command.
    #[error("{0}")]
    Usage(String),
    /// A file or folder could not be read or written for a reason outside the content
    /// (a missing parent, a file where a folder is needed, a full disk, permissions).
    #[error("{}: {source}", path.display())]
    Io {
        /// The file or folder concerned.
        path: PathBuf,
        /// What the system said.
        source: std::io::Error,
    },
    /// The system refused something that concerns no single file: a port that cannot be
    /// bound, a runtime that cannot start, an archive too large for its format.
    #[error("{0}")]
    Environment(String),
    /// A bug in rapport: a broken invariant or a caught panic. Nobody but us can fix it.
    #[error("{0}")]
    Internal(String),
}

impl Error {
    /// An I/O failure on `path`.
    pub fn io(path: impl Into<PathBuf>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Content(d)
    }
}

impl From<Diagnostic> for Error {
    fn from(d: Diagnostic) -> Self {
        Error::Content(d.into())
    }
}

/// The levenshtein-nearest candidate to `word`, for "did you mean" hints.
pub(crate) fn nearest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 2).max(2))
        .min()
        .map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(row[j]).min(row[j + 1])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_character_columns() {
        let src = "a = 1\nété = x\n";
        assert_eq!(line_col(src, 0), (1, 1));
        assert_eq!(line_col(src, 6), (2, 1));
        // "été" is 5 bytes, 3 characters: the space after it is column 4.
        assert_eq!(line_col(src, 11), (2, 4));
    }

    #[test]
    fn diagnostics_render_as_path_line_col() {
        let d = Diagnostic::error("content/2022/edition.toml", "expected a string")
            .at(3, 7)
            .with_hint("for example \"2022\"");
        assert_eq!(
            d.to_string(),
            "content/2022/edition.toml:3:7: error: expected a string (hint: for example \"2022\")"
        );
    }

    #[test]
    fn nearest_suggests_close_names_only() {
        assert_eq!(nearest("tilte", ["title", "weight", "slug"]), Some("title"));
        assert_eq!(nearest("zzzzzz", ["title", "weight"]), None);
    }
}
