//! The fonts the PDF may use: rapport's bundled OFL faces, then a project's own.
//!
//! Nothing comes from the system: the same project gives the same PDF on every machine,
//! and a character no font covers is an error, never a silent box.

use std::path::{Path, PathBuf};
use std::sync::{Arc, LazyLock};

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

use crate::core::diagnostics::{Diagnostic, Diagnostics};

/// The bundled faces, in the order the font book numbers them. Liberation Serif is the
/// text face (the styles the template uses: Typst does not synthesise bold or italic),
/// Liberation Sans the charts' (the face their labels were measured with), Liberation
/// Mono inline code's, Noto Sans Arabic (regular and bold) text in Arabic script, which the
/// Liberation faces lack. All SIL Open Font License 1.1, licences beside them in
/// `assets/fonts/`. Chinese, Japanese and Korean fonts weigh 16–20 MB each, so a project
/// in those languages adds its own to `fonts/`.
const BUNDLED: [&[u8]; 8] = [
    include_bytes!("../../../assets/fonts/LiberationSerif-Regular.ttf"),
    include_bytes!("../../../assets/fonts/LiberationSerif-Bold.ttf"),
    include_bytes!("../../../assets/fonts/LiberationSerif-Italic.ttf"),
    include_bytes!("../../../assets/fonts/LiberationSerif-BoldItalic.ttf"),
    include_bytes!("../../../assets/fonts/LiberationSans-Regular.ttf"),
    include_bytes!("../../../assets/fonts/LiberationMono-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansArabic-Regular.ttf"),
    include_bytes!("../../../assets/fonts/NotoSansArabic-Bold.ttf"),
];

/// The folder of a project's own fonts, added after the bundled ones.
pub const FONTS_DIR: &str = "fonts";

/// Font files Typst reads; WOFF and WOFF2 are web formats it does not.
const FONT_EXTENSIONS: [&str; 4] = ["ttf", "otf", "ttc", "otc"];

/// A set of fonts and the book Typst looks them up in. Cheap to clone.
#[derive(Clone)]
pub struct PdfFonts {
    inner: Arc<Inner>,
}

struct Inner {
    fonts: Vec<Font>,
    book: LazyHash<FontBook>,
}

impl PdfFonts {
    /// The bundled fonts alone, parsed once per process.
    pub fn bundled() -> PdfFonts {
        static BUNDLED_SET: LazyLock<PdfFonts> =
            LazyLock::new(|| PdfFonts::from_fonts(bundled_fonts()));
        BUNDLED_SET.clone()
    }

    /// The bundled fonts, then every font file of the project's `fonts/` folder in name
    /// order (a stable order keeps the PDF's bytes stable). A project without the folder
    /// gets the bundled fonts alone.
    pub fn load(root: &Path) -> Result<PdfFonts, Diagnostics> {
        let dir = root.join(FONTS_DIR);
        if !dir.is_dir() {
            return Ok(PdfFonts::bundled());
        }
        let mut files = Vec::new();
        let mut problems = Diagnostics::new();
        for entry in walkdir::WalkDir::new(&dir).sort_by_file_name() {
            match entry {
                Ok(entry) if entry.file_type().is_file() => match std::fs::read(entry.path()) {
                    Ok(bytes) => files.push((entry.path().to_path_buf(), bytes)),
                    Err(e) => problems.push(Diagnostic::error(
                        entry.path(),
                        format!("cannot read the font: {e}"),
                    )),
                },
                Ok(_) => {}
                Err(e) => problems.push(Diagnostic::error(
                    &dir,
                    format!("cannot read the fonts folder: {e}"),
                )),
            }
        }
        if problems.has_errors() {
            return Err(problems);
        }
        PdfFonts::with_files(files)
    }

    /// The bundled fonts, then the faces of `files` (path, bytes) in the order given.
    pub fn with_files(files: Vec<(PathBuf, Vec<u8>)>) -> Result<PdfFonts, Diagnostics> {
        let mut fonts = bundled_fonts();
        let mut problems = Diagnostics::new();
        for (path, bytes) in files {
            match project_faces(&path, bytes) {
                Ok(faces) => fonts.extend(faces),
                Err(d) => problems.push(d),
            }
        }
        if problems.has_errors() {
            Err(problems)
        } else {
            Ok(PdfFonts::from_fonts(fonts))
        }
    }

    fn from_fonts(fonts: Vec<Font>) -> PdfFonts {
        let book = LazyHash::new(FontBook::from_fonts(fonts.iter()));
        PdfFonts {
            inner: Arc::new(Inner { fonts, book }),
        }
    }

    /// The book Typst looks fonts up in.
    pub(super) fn book(&self) -> &LazyHash<FontBook> {
        &self.inner.book
    }

    /// The font the book numbers `index`.
    pub(super) fn font(&self, index: usize) -> Option<Font> {
        self.inner.fonts.get(index).cloned()
    }

    /// The family names of the set, first to last, without repeats.
    pub fn families(&self) -> Vec<String> {
        let mut names: Vec<String> = Vec::new();
        for font in &self.inner.fonts {
            let family = &font.info().family;
            if !names.iter().any(|n| n == family.as_str()) {
                names.push(family.to_string());
            }
        }
        names
    }
}

impl PdfFonts {
    /// The characters of `data`'s strings that no font of the set can show, grouped by
    /// script (`Devanagari`, `Han`), a few of each, scripts in the order first met.
    /// Typst would lay them out as empty boxes, which PDF/UA-1 then refuses with a message
    /// about a font; this names the script instead, before anything is laid out.
    pub fn uncovered(&self, data: &serde_json::Value) -> Vec<(&'static str, String)> {
        let mut seen = std::collections::HashSet::new();
        let mut missing: Vec<(&'static str, String)> = Vec::new();
        let mut strings = vec![data];
        while let Some(value) = strings.pop() {
            match value {
                serde_json::Value::String(s) => {
                    for c in s.chars().filter(|&c| seen.insert(c) && !self.covers(c)) {
                        note_missing(&mut missing, c);
                    }
                }
                serde_json::Value::Array(items) => strings.extend(items.iter().rev()),
                serde_json::Value::Object(fields) => strings.extend(fields.values().rev()),
                _ => {}
            }
        }
        missing
    }

    /// Whether some font of the set has a glyph for `c`, or `c` needs none.
    fn covers(&self, c: char) -> bool {
        invisible(c)
            || self
                .inner
                .fonts
                .iter()
                .any(|f| f.info().coverage.contains(c as u32))
    }
}

/// Characters that are drawn as nothing (spaces, controls, and Unicode's default
/// ignorable code points: joiners, soft hyphens, bidirectional marks and isolates,
/// variation selectors): no font needs to have them.
fn invisible(c: char) -> bool {
    use icu_properties::{CodePointSetData, props::DefaultIgnorableCodePoint};
    c.is_whitespace()
        || c.is_control()
        || CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
}

/// Adds `c` under its script, keeping a handful of examples per script.
fn note_missing(missing: &mut Vec<(&'static str, String)>, c: char) {
    use unicode_script::UnicodeScript;
    let script = c.script().full_name();
    match missing.iter_mut().find(|(s, _)| *s == script) {
        Some((_, sample)) if sample.chars().count() < 8 => sample.push(c),
        Some(_) => {}
        None => missing.push((script, c.to_string())),
    }
}

fn bundled_fonts() -> Vec<Font> {
    BUNDLED
        .iter()
        .flat_map(|data| Font::iter(Bytes::new(*data)))
        .collect()
}

/// Every face of one of the project's font files; an error names the file and what Typst
/// can read instead.
fn project_faces(path: &Path, bytes: Vec<u8>) -> Result<Vec<Font>, Diagnostic> {
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if !FONT_EXTENSIONS.contains(&extension.as_str()) {
        return Err(
            Diagnostic::error(path, "this file of `fonts/` is not a font the PDF can use")
                .with_hint("put only .ttf, .otf, .ttc or .otc files in `fonts/` (not WOFF)"),
        );
    }
    let faces: Vec<Font> = Font::iter(Bytes::new(bytes)).collect();
    if faces.is_empty() {
        return Err(Diagnostic::error(path, "this font file could not be read")
            .with_hint("check that it is a complete TrueType or OpenType font"));
    }
    Ok(faces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bundled_faces_all_parse_in_their_order() {
        let fonts = PdfFonts::bundled();
        assert_eq!(fonts.inner.fonts.len(), BUNDLED.len());
        assert_eq!(
            fonts.families(),
            [
                "Liberation Serif",
                "Liberation Sans",
                "Liberation Mono",
                "Noto Sans Arabic"
            ]
        );
    }

    #[test]
    fn arabic_is_covered_and_chinese_is_named() {
        let data =
            serde_json::json!({"ar": "مياه مأمونة لكل أسرة، 2025", "zh": "每户都能获得安全用水"});
        let missing = PdfFonts::bundled().uncovered(&data);
        let scripts: Vec<&str> = missing.iter().map(|(s, _)| *s).collect();
        assert_eq!(scripts, ["Han"]);
    }

    #[test]
    fn characters_no_font_covers_are_named_by_script() {
        let data = serde_json::json!({"a": ["Été, 12\u{202F}%", {"b": "नमस्ते 你好"}], "c": "\u{00AD}\u{2068}1.1.a\u{2069}\u{200F}"});
        let missing = PdfFonts::bundled().uncovered(&data);
        let scripts: Vec<&str> = missing.iter().map(|(s, _)| *s).collect();
        assert_eq!(scripts, ["Devanagari", "Han"]);
        assert!(missing[1].1.contains('你'));
    }

    #[test]
    fn a_project_font_that_is_not_one_is_an_error_at_its_file() {
        let bad = PdfFonts::with_files(vec![(PathBuf::from("fonts/x.ttf"), b"nope".to_vec())]);
        let problems = bad.err().expect("an error").into_sorted();
        assert_eq!(problems[0].path, Path::new("fonts/x.ttf"));
        let woff = PdfFonts::with_files(vec![(PathBuf::from("fonts/x.woff2"), vec![0; 8])]);
        assert!(
            woff.err().expect("an error").into_sorted()[0]
                .hint
                .as_deref()
                .is_some_and(|h| h.contains("not WOFF"))
        );
    }
}
