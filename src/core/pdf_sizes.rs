//! The sizes of the editions' PDFs, which a build makes while it renders the pages: the
//! pages that link a PDF read its size here, and wait for it.

use std::collections::BTreeMap;

/// The size in bytes of each edition's PDF, by (year, language). A build makes the PDFs
/// while it renders the pages ([`PdfSizes::pending`]); a page that links a PDF waits
/// until they are made, so every other page is rendered meanwhile.
#[derive(Debug, Clone)]
pub struct PdfSizes(std::sync::OnceLock<BTreeMap<(u16, String), u64>>);

impl Default for PdfSizes {
    fn default() -> Self {
        PdfSizes::none()
    }
}

impl PdfSizes {
    /// No PDF, and nothing to wait for.
    pub fn none() -> PdfSizes {
        PdfSizes(std::sync::OnceLock::from(BTreeMap::new()))
    }

    /// PDFs being made: [`PdfSizes::get`] waits until [`PdfSizes::set`] is called, which
    /// whoever makes them must do whatever happens (with no sizes when they fail).
    pub fn pending() -> PdfSizes {
        PdfSizes(std::sync::OnceLock::new())
    }

    /// Records the sizes of the PDFs made; a second call changes nothing.
    pub fn set(&self, sizes: BTreeMap<(u16, String), u64>) {
        // Only the first call counts: a later one is the fallback of a maker that failed.
        let _ = self.0.set(sizes);
    }

    /// The size of edition `year`'s PDF in `lang`, once the PDFs are made.
    pub fn get(&self, year: u16, lang: &str) -> Option<u64> {
        self.0.wait().get(&(year, lang.to_string())).copied()
    }
}
