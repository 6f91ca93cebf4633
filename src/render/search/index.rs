//! The search index of one edition in one language: a small script that adds the
//! edition's data to `self.rapportSearch`, a list the search page reads.
//!
//! A script rather than JSON because a page opened from disk may load a script
//! (`<script src>`) but may not `fetch` a file. The format is rapport's own, because no
//! maintained index format is both loadable this way and stemmed at build time by the
//! Snowball stemmers the issue asks for (elasticlunr's and Pagefind's are not); it is
//! kept to what the query needs:
//!
//! ```text
//! (self.rapportSearch = self.rapportSearch || []).push({
//!   "v": 1, "edition": 2022, "lang": "fr", "title": "…", "home": "2022/fr/index.html",
//!   "pages": [["2022/fr/resultat-1/index.html", "Résultat 1 …"], …],  // site paths, titles
//!   "entries": [[0, "p12", 12, "text"], …],   // page, anchor, paragraph number (0: none), text
//!   "stems": [["migrat", [3, 1, 40]], …],     // stem, its entries as gaps (3, 4, 44)
//!   "terms": {"migration": 0, "migrations": 0, …}  // every indexed word → its stem's place
//! });
//! ```
//!
//! Everything is sorted (stems and terms by their UTF-8 bytes, entries in reading order),
//! so the bytes are the same build after build.

use std::collections::BTreeMap;

use serde::Serialize;

use super::extract::Entry;
use super::text::Analyzer;

/// The version of the format above; the search page ignores an index of another.
const VERSION: u32 = 1;

/// One page of the edition, as the index lists it.
pub(crate) struct IndexedPage {
    /// The page's site path.
    pub(crate) path: String,
    /// Its title.
    pub(crate) title: String,
    /// Its entries (see `extract`).
    pub(crate) entries: Vec<Entry>,
}

/// What the index says of its edition.
pub(crate) struct IndexedEdition<'a> {
    pub(crate) year: u16,
    pub(crate) lang: &'a str,
    pub(crate) title: &'a str,
    pub(crate) home: String,
}

#[derive(Serialize)]
struct Index<'a> {
    v: u32,
    edition: u16,
    lang: &'a str,
    title: &'a str,
    home: &'a str,
    pages: Vec<(&'a str, &'a str)>,
    entries: Vec<(usize, &'a str, usize, &'a str)>,
    stems: Vec<(&'a str, Vec<u32>)>,
    terms: BTreeMap<&'a str, usize>,
}

/// The index script of an edition in one language.
pub(crate) fn script(edition: &IndexedEdition<'_>, pages: &[IndexedPage]) -> Vec<u8> {
    let mut analyzer = Analyzer::new(edition.lang);
    // By stem number: the entries holding it; by term number: its stem.
    let mut postings: Vec<Vec<u32>> = Vec::new();
    let mut stem_of: Vec<u32> = Vec::new();
    let mut entries = Vec::new();
    for (p, page) in pages.iter().enumerate() {
        for entry in &page.entries {
            let id = entries.len() as u32;
            entries.push((
                p,
                entry.anchor.as_str(),
                entry.number.unwrap_or(0),
                entry.text.as_str(),
            ));
            analyzer.term_ids(&entry.text, &mut |term, stem| {
                if postings.len() <= stem as usize {
                    postings.resize_with(stem as usize + 1, Vec::new);
                }
                let list = &mut postings[stem as usize];
                if list.last() != Some(&id) {
                    list.push(id);
                }
                if stem_of.len() <= term as usize {
                    stem_of.resize(term as usize + 1, stem);
                }
            });
        }
    }
    // Stems in byte order, each term pointing at its stem's place in that order.
    let mut order: Vec<u32> = (0..analyzer.stem_count() as u32).collect();
    order.sort_unstable_by(|a, b| analyzer.stem(*a).cmp(analyzer.stem(*b)));
    let mut place = vec![0; order.len()];
    for (i, stem) in order.iter().enumerate() {
        place[*stem as usize] = i;
    }
    let stems: Vec<(&str, Vec<u32>)> = (order.iter())
        .map(|&stem| {
            let ids = postings.get(stem as usize).map_or(&[][..], Vec::as_slice);
            (analyzer.stem(stem), gaps(ids))
        })
        .collect();
    let terms: BTreeMap<&str, usize> = (0..analyzer.term_count() as u32)
        .map(|term| {
            let stem = stem_of.get(term as usize).copied().unwrap_or_default();
            (analyzer.term(term), place[stem as usize])
        })
        .collect();
    let index = Index {
        v: VERSION,
        edition: edition.year,
        lang: edition.lang,
        title: edition.title,
        home: &edition.home,
        pages: (pages.iter())
            .map(|p| (p.path.as_str(), p.title.as_str()))
            .collect(),
        entries,
        stems,
        terms,
    };
    // Sized once: the texts are most of the index, the terms and postings about half as
    // much again; growing a large buffer step by step costs more than filling it.
    let text_bytes: usize = (pages.iter())
        .flat_map(|p| &p.entries)
        .map(|e| e.text.len())
        .sum();
    let mut out = Vec::with_capacity(text_bytes + text_bytes / 2 + 4096);
    out.extend_from_slice(b"(self.rapportSearch = self.rapportSearch || []).push(");
    // Serializing strings and numbers into a Vec cannot fail.
    let _ = serde_json::to_writer(&mut out, &index);
    out.extend_from_slice(b");\n");
    out
}

/// Ascending ids as the gaps between them (the first from 0): smaller numbers to write.
fn gaps(ids: &[u32]) -> Vec<u32> {
    let mut last = 0;
    ids.iter()
        .map(|&id| {
            let gap = id - last;
            last = id;
            gap
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gaps_are_differences() {
        assert_eq!(gaps(&[3, 4, 44]), [3, 1, 40]);
    }
}
