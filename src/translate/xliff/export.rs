//! `rapport xliff export`: an edition's units (`core::units`) in one XLIFF 2.1 file for a
//! target language: one `<file>` per page (its `original` the source page), one `<unit>`
//! per paragraph, heading, table cell, list item and footnote paragraph, with the unit's
//! id; the existing translation, when there is one, as the target.

use std::path::{Path, PathBuf};

use crate::core::diagnostics::Error;
use crate::core::html::{escape_attr, escape_text};
use crate::core::model::Edition;
use crate::core::translation::{Lock, Row, State, states};

use super::codes::{encode, source_ids, target_ids, to_xml, xml_chars};
use super::{EDITION_NOTE, NAMESPACE, Only};
use crate::translate::{editions, load_site};

/// What `rapport xliff export` is asked.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The edition.
    pub edition: u16,
    /// The target language.
    pub to: String,
    /// Which units.
    pub only: Only,
    /// The file to write [default: `xliff/<year>-<source>-<lang>.xlf` in the project].
    pub output: Option<PathBuf>,
}

/// What an export wrote.
#[derive(Debug, Clone)]
pub struct ExportReport {
    /// The file.
    pub path: PathBuf,
    /// Its units.
    pub units: usize,
    /// Its `<file>` elements (pages with at least one unit).
    pub pages: usize,
}

/// Writes an edition's units for a language as an XLIFF 2.1 file.
pub fn export(options: &ExportOptions) -> Result<ExportReport, Error> {
    let site = load_site(&options.root)?;
    let edition = editions(&site, Some(options.edition))?
        .into_iter()
        .next()
        .ok_or_else(|| Error::Internal("an edition found and lost".into()))?;
    let languages = site.config.language_codes();
    let source = super::target_language(&languages, &options.to)?;
    let lock = super::lock(edition)?;
    let (xml, units, pages) = document(
        edition,
        &options.root,
        source,
        &options.to,
        &lock,
        options.only,
    );
    let path = options.output.clone().unwrap_or_else(|| {
        options
            .root
            .join("xliff")
            .join(format!("{}-{source}-{}.xlf", edition.year, options.to))
    });
    crate::write::archive::write_atomically(&path, xml.as_bytes())?;
    Ok(ExportReport { path, units, pages })
}

/// The XLIFF document of an edition for `lang`, with its number of units and pages.
pub(crate) fn document(
    edition: &Edition,
    root: &Path,
    source: &str,
    lang: &str,
    lock: &Lock,
    only: Only,
) -> (String, usize, usize) {
    let recorded = lock.entries.keys().any(|(l, _, _)| l == lang);
    let rows = states(edition, source, lang, lock);
    let mut xml = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<xliff xmlns=\"{NAMESPACE}\" version=\"2.1\" srcLang=\"{}\" trgLang=\"{}\">\n",
        escape_attr(source),
        escape_attr(lang)
    );
    let (mut units, mut pages) = (0, 0);
    for (n, set) in edition.pages.iter().enumerate() {
        let chosen: Vec<&Row<'_>> = rows
            .iter()
            .filter(|r| std::ptr::eq(r.set, set) && only.includes(r.state, recorded))
            .collect();
        let Some(page) = set.translations.get(source) else {
            continue;
        };
        if chosen.is_empty() {
            continue;
        }
        pages += 1;
        let original = page.path.strip_prefix(root).unwrap_or(&page.path);
        xml.push_str(&format!(
            "  <file id=\"f{}\" original=\"{}\">\n    <notes>\n      <note category=\"{EDITION_NOTE}\">{}</note>\n    </notes>\n",
            n + 1,
            escape_attr(&original.to_string_lossy().replace('\\', "/")),
            edition.year
        ));
        for row in chosen {
            units += 1;
            xml.push_str(&unit(row));
        }
        xml.push_str("  </file>\n");
    }
    xml.push_str("</xliff>\n");
    (xml, units, pages)
}

/// One `<unit>`: a note when the translation may be stale, the Markdown of its codes,
/// and its segment.
fn unit(row: &Row<'_>) -> String {
    let (source, target) = encoded(row);
    let mut xml = format!("    <unit id=\"{}\">\n", escape_attr(&row.unit));
    if row.state == State::Stale {
        xml.push_str("      <notes>\n        <note category=\"rapport-state\">The source changed since this translation was accepted: review the target.</note>\n      </notes>\n");
    }
    let data: Vec<(&String, &String)> = source
        .data
        .iter()
        .chain(target.iter().flat_map(|t| t.data.iter()))
        .collect();
    if !data.is_empty() {
        xml.push_str("      <originalData>\n");
        for (id, markdown) in data {
            xml.push_str(&format!(
                "        <data id=\"{}\">{}</data>\n",
                escape_attr(id),
                escape_text(&xml_chars(markdown))
            ));
        }
        xml.push_str("      </originalData>\n");
    }
    let state = if target.is_some() {
        "translated"
    } else {
        "initial"
    };
    xml.push_str(&format!(
        "      <segment state=\"{state}\">\n        <source>{}</source>\n",
        to_xml(&source.nodes)
    ));
    if let Some(target) = &target {
        xml.push_str(&format!(
            "        <target>{}</target>\n",
            to_xml(&target.nodes)
        ));
    }
    xml.push_str("      </segment>\n    </unit>\n");
    xml
}

/// Encodes a row's source and translation (if any) as the export writes them.
pub(crate) fn encoded(row: &Row<'_>) -> (super::codes::Encoded, Option<super::codes::Encoded>) {
    let source = encode(&row.source.pieces, "d", source_ids());
    let target = row
        .target
        .as_ref()
        .map(|t| encode(&t.pieces, "t", target_ids(&row.source.pieces)));
    (source, target)
}
