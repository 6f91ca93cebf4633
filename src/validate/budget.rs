//! How many problems of one kind a file reports: the first [`MAX_PER_FILE`] are located,
//! the rest counted in one summary, so that a broken file does not bury the others.

use std::path::Path;

use crate::core::diagnostics::{Diagnostic, MAX_PER_FILE, Severity};

/// Counts the problems of one kind in one file, so that only the first
/// [`MAX_PER_FILE`] are located and reported.
#[derive(Debug)]
pub(crate) struct Budget {
    left: usize,
    skipped: usize,
}

impl Default for Budget {
    fn default() -> Self {
        Budget::new()
    }
}

impl Budget {
    /// A fresh budget of [`MAX_PER_FILE`] problems.
    pub(crate) fn new() -> Budget {
        Budget {
            left: MAX_PER_FILE,
            skipped: 0,
        }
    }

    /// Whether one more problem may be reported; counts it otherwise.
    pub(crate) fn take(&mut self) -> bool {
        if self.left > 0 {
            self.left -= 1;
            true
        } else {
            self.skipped += 1;
            false
        }
    }

    /// A problem of `severity` that says how many were left out, if any.
    pub(crate) fn summary(
        &self,
        path: &Path,
        what: &str,
        severity: Severity,
    ) -> Option<Diagnostic> {
        (self.skipped > 0).then(|| Diagnostic {
            severity,
            ..Diagnostic::error(
                path,
                format!(
                    "… and {} more {what} in this file, not listed",
                    self.skipped
                ),
            )
            .with_hint("fix the ones above and check again")
        })
    }
}
