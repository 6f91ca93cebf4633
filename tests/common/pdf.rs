//! PDFs read back with real tools, as parsed structures: poppler-utils' `pdftotext`
//! (text, and words with their boxes as XHTML) and `pdfinfo`, and qpdf's JSON of the
//! objects, with each stream's decoded data. On top of the objects: the catalog, the
//! structure tree, the outline (bookmarks), the link annotations, the XMP metadata and
//! the marked content of a page's content stream.
//!
//! Needs `pdftotext`, `pdfinfo` and `qpdf` (Debian: `apt-get install -y poppler-utils
//! qpdf`; `scripts/test.sh` installs them).
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::process::{Command, Output};

use serde_json::{Map, Value};

/// A paragraph of every character Typst markup would read as code: it must come out
/// of a PDF as text.
pub const TYPST: &str = "Prix 5 $ # titre * étoile ] crochet @ref #set text(red) fin.";

/// Runs a PDF tool on `bytes`, written to a temporary file that `"PDF"` in `args`
/// stands for; fails with how to install the tool when it is missing.
pub fn tool(name: &str, args: &[&str], bytes: &[u8]) -> Output {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("report.pdf");
    std::fs::write(&path, bytes).expect("write the PDF");
    let path = path.to_str().expect("a UTF-8 path");
    let args: Vec<&str> = args
        .iter()
        .map(|a| if *a == "PDF" { path } else { a })
        .collect();
    Command::new(name).args(&args).output().unwrap_or_else(|e| {
        panic!("cannot run `{name}` ({e}): install it with `apt-get install -y poppler-utils qpdf` (scripts/test.sh does)")
    })
}

/// Whitespace collapsed: line breaks and justification are layout, not text.
pub fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Text to compare across HTML, data and PDF: every kind of white space taken out (line
/// breaks are layout, the HTML's no-break spaces typography) and soft hyphens (of words
/// hyphenated at a line's end) dropped.
pub fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{ad}')
        .collect()
}

/// The PDF's text in content order (`pdftotext -raw`), whitespace collapsed.
pub fn text(bytes: &[u8]) -> String {
    let out = tool("pdftotext", &["-raw", "-enc", "UTF-8", "PDF", "-"], bytes);
    assert!(out.status.success(), "pdftotext: {out:?}");
    words(&String::from_utf8_lossy(&out.stdout))
}

/// The text of one page (from 1), as [`text`].
pub fn page_text(bytes: &[u8], page: usize) -> String {
    let n = page.to_string();
    let args = ["-raw", "-enc", "UTF-8", "-f", &n, "-l", &n, "PDF", "-"];
    let out = tool("pdftotext", &args, bytes);
    assert!(out.status.success(), "pdftotext: {out:?}");
    words(&String::from_utf8_lossy(&out.stdout))
}

/// A word as `pdftotext -bbox` places it: top-left origin, in points.
#[derive(Debug, Clone)]
pub struct Word {
    pub text: String,
    pub x_min: f64,
    pub x_max: f64,
    pub y_min: f64,
    pub y_max: f64,
}

/// A page's height and its words, as `pdftotext -bbox` gives them.
#[derive(Debug)]
pub struct WordPage {
    pub height: f64,
    pub words: Vec<Word>,
}

/// Every page's words with their boxes, read from `pdftotext -bbox`'s XHTML.
pub fn word_boxes(bytes: &[u8]) -> Vec<WordPage> {
    let out = tool("pdftotext", &["-bbox", "-enc", "UTF-8", "PDF", "-"], bytes);
    assert!(out.status.success(), "pdftotext -bbox: {out:?}");
    let xhtml = String::from_utf8(out.stdout).expect("UTF-8");
    let options = roxmltree::ParsingOptions {
        allow_dtd: true,
        ..Default::default()
    };
    let doc = roxmltree::Document::parse_with_options(&xhtml, options).expect("XHTML");
    let number = |n: roxmltree::Node<'_, '_>, a: &str| -> f64 {
        n.attribute(a).and_then(|v| v.parse().ok()).expect(a)
    };
    doc.descendants()
        .filter(|n| n.has_tag_name("page"))
        .map(|page| WordPage {
            height: number(page, "height"),
            words: (page.children().filter(|n| n.has_tag_name("word")))
                .map(|w| Word {
                    text: w.text().unwrap_or_default().to_string(),
                    x_min: number(w, "xMin"),
                    x_max: number(w, "xMax"),
                    y_min: number(w, "yMin"),
                    y_max: number(w, "yMax"),
                })
                .collect(),
        })
        .collect()
}

/// `pdfinfo`'s fields, by name.
pub fn info(bytes: &[u8]) -> BTreeMap<String, String> {
    let out = tool("pdfinfo", &["-enc", "UTF-8", "PDF"], bytes);
    assert!(out.status.success(), "pdfinfo: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
        .collect()
}

/// A PDF's objects as qpdf's JSON gives them ("obj:12 0 R" → {"value": …} or
/// {"stream": {"dict": …}}), and each stream's data, decoded.
pub struct Pdf {
    pub objects: Map<String, Value>,
    pub streams: BTreeMap<String, Vec<u8>>,
}

/// Parses a PDF with `qpdf --json=2`, its streams' data decoded into files and read.
pub fn parse(bytes: &[u8]) -> Pdf {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let prefix = dir.path().join("stream");
    let prefix_arg = format!("--json-stream-prefix={}", prefix.display());
    let args = [
        "--json=2",
        "--json-key=qpdf",
        "--json-stream-data=file",
        &prefix_arg,
        "PDF",
    ];
    let out = tool("qpdf", &args, bytes);
    assert!(out.status.success(), "qpdf --json: {out:?}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("qpdf's JSON");
    let objects = json["qpdf"][1].as_object().expect("the objects").clone();
    let streams = objects
        .iter()
        .filter_map(|(key, o)| {
            let file = o["stream"]["datafile"].as_str()?;
            Some((key.clone(), std::fs::read(file).expect("a stream's data")))
        })
        .collect();
    Pdf { objects, streams }
}

/// The key of an indirect reference ("12 0 R" → "obj:12 0 R"), if `value` is one.
pub fn reference(value: &Value) -> Option<String> {
    (value.as_str())
        .filter(|s| s.ends_with(" R"))
        .map(|r| format!("obj:{r}"))
}

/// An object's value (a stream's dictionary), following an indirect reference.
pub fn resolve<'a>(objects: &'a Map<String, Value>, value: &'a Value) -> &'a Value {
    match reference(value) {
        Some(key) => {
            let object = &objects[&key];
            object.get("value").unwrap_or(&object["stream"]["dict"])
        }
        None => value,
    }
}

/// A text string of qpdf's JSON ("u:…" for UTF-16, "b:…" for bytes) as text.
pub fn string(value: &Value) -> String {
    let s = value
        .as_str()
        .unwrap_or_else(|| panic!("not a string: {value}"));
    s.strip_prefix("u:").unwrap_or(s).to_string()
}

impl Pdf {
    pub fn resolve<'a>(&'a self, value: &'a Value) -> &'a Value {
        resolve(&self.objects, value)
    }

    /// The document catalog.
    pub fn catalog(&self) -> &Value {
        (self.objects.values())
            .filter_map(|o| o.get("value"))
            .find(|v| v["/Type"] == "/Catalog")
            .expect("a catalog")
    }

    /// The pages in order, by their object key ("obj:12 0 R"), through the page tree.
    pub fn pages(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut stack = vec![self.catalog()["/Pages"].clone()];
        while let Some(node) = stack.pop() {
            let key = reference(&node).expect("pages are indirect");
            let dict = self.resolve(&node);
            match dict["/Kids"].as_array() {
                Some(kids) => stack.extend(kids.iter().rev().cloned()),
                None => out.push(key),
            }
        }
        out
    }

    /// The structure elements under the tree's root, depth first.
    pub fn structure(&self) -> Vec<Value> {
        structure(
            &self.objects,
            self.resolve(&self.catalog()["/StructTreeRoot"]),
        )
    }

    /// The decoded data of a stream, by an indirect reference to it.
    pub fn stream(&self, value: &Value) -> &[u8] {
        let key = reference(value).unwrap_or_else(|| panic!("not a reference: {value}"));
        &self.streams[&key]
    }

    /// The catalog's XMP metadata, as text.
    pub fn xmp(&self) -> String {
        let metadata = &self.catalog()["/Metadata"];
        assert_eq!(self.resolve(metadata)["/Subtype"], "/XML", "{metadata}");
        String::from_utf8(self.stream(metadata).to_vec()).expect("XMP in UTF-8")
    }

    /// The outline (bookmarks), depth first: (depth from 0, title, the entry).
    pub fn outline(&self) -> Vec<(usize, String, Value)> {
        let mut out = Vec::new();
        let Some(root) = self.catalog().get("/Outlines") else {
            return out;
        };
        let mut stack = vec![(0, self.resolve(root)["/First"].clone())];
        while let Some((depth, item)) = stack.pop() {
            if item.is_null() {
                continue;
            }
            let entry = self.resolve(&item).clone();
            stack.push((depth, entry["/Next"].clone()));
            stack.push((depth + 1, entry["/First"].clone()));
            out.push((depth, string(&entry["/Title"]), entry));
        }
        out
    }

    /// The named destination `name`, through the catalog's `/Names /Dests` tree (or
    /// its older `/Dests` dictionary).
    pub fn named_destination(&self, name: &str) -> Option<&Value> {
        let catalog = self.catalog();
        if let Some(dests) = catalog.get("/Dests") {
            return self.resolve(dests).get(format!("/{name}"));
        }
        let mut stack = vec![&self.resolve(&catalog["/Names"])["/Dests"]];
        while let Some(node) = stack.pop() {
            let node = self.resolve(node);
            if let Some(pairs) = node["/Names"].as_array() {
                for pair in pairs.chunks(2) {
                    if pair[0].as_str().map(|k| k.strip_prefix("u:").unwrap_or(k)) == Some(name) {
                        return Some(&pair[1]);
                    }
                }
            }
            if let Some(kids) = node["/Kids"].as_array() {
                stack.extend(kids);
            }
        }
        None
    }

    /// The page (from 1) a destination leads to: an explicit one (`[page /XYZ …]`), a
    /// named one, or a dictionary with `/D`.
    pub fn destination_page(&self, dest: &Value) -> Option<usize> {
        let dest = match dest.as_str() {
            Some(s) if !s.ends_with(" R") => self.named_destination(&string(dest))?,
            _ => dest,
        };
        let dest = self.resolve(dest);
        let dest = dest.get("/D").map_or(dest, |d| self.resolve(d));
        let page = reference(dest.as_array()?.first()?)?;
        self.pages().iter().position(|p| *p == page).map(|i| i + 1)
    }

    /// The link annotations of every page.
    pub fn links(&self) -> Vec<Link> {
        let mut out = Vec::new();
        for (i, page) in self.pages().iter().enumerate() {
            let annots = self.objects[page]["value"]
                .get("/Annots")
                .map_or(Value::Null, |a| self.resolve(a).clone());
            for annot in annots.as_array().into_iter().flatten() {
                let annot = self.resolve(annot);
                if annot["/Subtype"] != "/Link" {
                    continue;
                }
                let action = annot.get("/A").map(|a| self.resolve(a));
                let uri = (action.filter(|a| a["/S"] == "/URI")).map(|a| string(&a["/URI"]));
                let goto = action.filter(|a| a["/S"] == "/GoTo").map(|a| &a["/D"]);
                let target = (annot.get("/Dest").or(goto)).map(|d| self.destination_page(d));
                out.push(Link {
                    page: i + 1,
                    uri,
                    target,
                });
            }
        }
        out
    }

    /// The text a page's content stream shows, each piece with where it stands and in
    /// which marked content.
    pub fn shown_text(&self, page: usize) -> Vec<Shown> {
        let dict = &self.objects[&self.pages()[page - 1]]["value"];
        let contents = match self.resolve(&dict["/Contents"]) {
            Value::Array(parts) => parts.clone(),
            _ => vec![dict["/Contents"].clone()],
        };
        let mut data = Vec::new();
        for part in &contents {
            data.extend_from_slice(self.stream(part));
            data.push(b'\n');
        }
        shown(&data)
    }
}

/// A link annotation: its page (from 1), its URI if external, and the page (from 1) an
/// internal one leads to (`Some(None)` when its destination does not resolve).
#[derive(Debug)]
pub struct Link {
    pub page: usize,
    pub uri: Option<String>,
    pub target: Option<Option<usize>>,
}

/// The structure elements under a tree's root, depth first, each with its dictionary.
pub fn structure(objects: &Map<String, Value>, root: &Value) -> Vec<Value> {
    let mut found = Vec::new();
    let mut stack = vec![resolve(objects, &root["/K"]).clone()];
    while let Some(node) = stack.pop() {
        match &node {
            Value::Array(items) => {
                stack.extend(items.iter().rev().map(|i| resolve(objects, i).clone()))
            }
            Value::Object(dict) if dict.contains_key("/S") => {
                if let Some(kids) = dict.get("/K") {
                    stack.push(resolve(objects, kids).clone());
                }
                found.push(node);
            }
            _ => {}
        }
    }
    found
}

/// A structure element's role ("/P", "/H1").
pub fn role(element: &Value) -> &str {
    element["/S"].as_str().unwrap_or_default()
}

/// A structure element's attribute dictionaries (`/A`: one or an array).
pub fn attributes<'a>(objects: &'a Map<String, Value>, element: &'a Value) -> Vec<&'a Value> {
    match resolve(objects, &element["/A"]) {
        Value::Array(list) => list.iter().map(|a| resolve(objects, a)).collect(),
        Value::Null => Vec::new(),
        one => vec![one],
    }
}

/// XMP metadata: the value of each property (`pdfaid:part`, `dc:title`), by its
/// namespace prefix as written and local name; a property holding an `rdf:Alt`, `Seq`
/// or `Bag` gives its items' texts joined by `|`.
pub fn xmp_properties(xmp: &str) -> BTreeMap<String, String> {
    let doc = roxmltree::Document::parse(xmp).unwrap_or_else(|e| panic!("XMP: {e}\n{xmp}"));
    const RDF: &str = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    let description = (doc.descendants())
        .find(|n| n.tag_name().name() == "Description" && n.tag_name().namespace() == Some(RDF))
        .expect("an rdf:Description");
    let mut out = BTreeMap::new();
    for property in description.children().filter(|n| n.is_element()) {
        let namespace = property.tag_name().namespace().unwrap_or_default();
        let prefix = property.lookup_prefix(namespace).unwrap_or_default();
        let items: Vec<String> = (property.descendants())
            .filter(|n| n.tag_name().name() == "li" && n.tag_name().namespace() == Some(RDF))
            .map(|li| li.text().unwrap_or_default().to_string())
            .collect();
        let value = if items.is_empty() {
            property.text().unwrap_or_default().to_string()
        } else {
            items.join("|")
        };
        out.insert(format!("{prefix}:{}", property.tag_name().name()), value);
    }
    out
}

/// A piece of text a content stream shows (`Tj`, `TJ`, `'`, `"`): the height of its
/// origin on the page (points from the bottom) and the marked content around it,
/// outermost first: each tag ("/Artifact", "/Span") with whether it has an `/MCID`.
#[derive(Debug, Clone)]
pub struct Shown {
    pub y: f64,
    pub marked: Vec<(String, bool)>,
}

impl Shown {
    /// Inside an `/Artifact` and in no structure element's marked content.
    pub fn is_artifact(&self) -> bool {
        self.marked.iter().any(|(tag, _)| tag == "/Artifact")
            && !self.marked.iter().any(|(_, mcid)| *mcid)
    }
}

/// A token of a content stream.
#[derive(Debug, Clone, PartialEq)]
enum Token {
    Number(f64),
    Name(String),
    Other,
    Operator(String),
}

fn delimiter(c: u8) -> bool {
    c.is_ascii_whitespace() || b"()<>[]{}/%".contains(&c)
}

/// The tokens of a content stream; strings, arrays and dictionaries become `Other`
/// (their names and numbers are kept as tokens).
fn tokens(data: &[u8]) -> Vec<Token> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c.is_ascii_whitespace() {
            i += 1;
        } else if c == b'%' {
            while i < data.len() && data[i] != b'\n' && data[i] != b'\r' {
                i += 1;
            }
        } else if c == b'(' {
            let mut depth = 0;
            while i < data.len() {
                match data[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => depth -= 1,
                    _ => {}
                }
                i += 1;
                if depth == 0 {
                    break;
                }
            }
            out.push(Token::Other);
        } else if data[i..].starts_with(b"<<") || data[i..].starts_with(b">>") {
            i += 2;
            out.push(Token::Other);
        } else if c == b'<' {
            while i < data.len() && data[i] != b'>' {
                i += 1;
            }
            i += 1;
            out.push(Token::Other);
        } else if b"[]{}>)".contains(&c) {
            i += 1;
            out.push(Token::Other);
        } else {
            let start = i;
            i += 1;
            while i < data.len() && !delimiter(data[i]) {
                i += 1;
            }
            let word = String::from_utf8_lossy(&data[start..i]).into_owned();
            let inline_image = word == "ID";
            out.push(if c == b'/' {
                Token::Name(word)
            } else if let Ok(n) = word.parse() {
                Token::Number(n)
            } else {
                Token::Operator(word)
            });
            if inline_image {
                // An inline image's data, up to `EI`.
                while i < data.len()
                    && !(data[i..].starts_with(b"EI") && data[i - 1].is_ascii_whitespace())
                {
                    i += 1;
                }
                i += 2;
            }
        }
    }
    out
}

type Matrix = [f64; 6];

/// `a` then `b`: the matrix product a × b of PDF's row-vector convention.
fn times(a: &Matrix, b: &Matrix) -> Matrix {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

const IDENTITY: Matrix = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];

/// The text a content stream shows, with the graphics state's transformation and the
/// text matrix followed so that each piece's height on the page is known.
fn shown(data: &[u8]) -> Vec<Shown> {
    let mut out = Vec::new();
    let mut operands: Vec<Token> = Vec::new();
    let mut ctm = IDENTITY;
    let mut saved = Vec::new();
    let (mut tm, mut line) = (IDENTITY, IDENTITY);
    let mut leading = 0.0;
    let mut marked: Vec<(String, bool)> = Vec::new();
    for token in tokens(data) {
        let Token::Operator(op) = token else {
            operands.push(token);
            continue;
        };
        let numbers: Vec<f64> = (operands.iter())
            .filter_map(|t| match t {
                Token::Number(n) => Some(*n),
                _ => None,
            })
            .collect();
        let last = |n: usize| -> Option<&[f64]> { numbers.get(numbers.len().checked_sub(n)?..) };
        let matrix = || -> Matrix {
            let m = last(6).unwrap_or_else(|| panic!("`{op}` without six numbers"));
            [m[0], m[1], m[2], m[3], m[4], m[5]]
        };
        match op.as_str() {
            "q" => saved.push(ctm),
            "Q" => ctm = saved.pop().expect("Q without q"),
            "cm" => ctm = times(&matrix(), &ctm),
            "BT" => (tm, line) = (IDENTITY, IDENTITY),
            "Tm" => (tm, line) = (matrix(), matrix()),
            "TL" => leading = numbers[0],
            "Td" | "TD" | "T*" | "'" | "\"" => {
                let (x, y) = match op.as_str() {
                    "Td" | "TD" => (numbers[0], numbers[1]),
                    _ => (0.0, -leading),
                };
                if op == "TD" {
                    leading = -y;
                }
                line = times(&[1.0, 0.0, 0.0, 1.0, x, y], &line);
                tm = line;
            }
            _ => {}
        }
        match op.as_str() {
            "Tj" | "TJ" | "'" | "\"" => out.push(Shown {
                y: times(&tm, &ctm)[5],
                marked: marked.clone(),
            }),
            "BMC" | "BDC" => {
                let tag = (operands.iter())
                    .find_map(|t| match t {
                        Token::Name(n) => Some(n.clone()),
                        _ => None,
                    })
                    .expect("a marked-content tag");
                let mcid = operands.contains(&Token::Name("/MCID".to_string()));
                marked.push((tag, mcid));
            }
            "EMC" => {
                marked.pop().expect("EMC without BMC or BDC");
            }
            _ => {}
        }
        operands.clear();
    }
    out
}

/// What a report's PDF must declare of itself.
pub struct Declared<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub creator: &'a str,
    /// The edition's date (year, month, day): the PDF's dates are its midnight, UTC.
    pub date: (i32, u8, u8),
}

/// Checks the catalog (structure tree, language, marked, title shown) and the XMP
/// metadata (PDF/UA-1, PDF/A-2a, title, creator, language, dates) of a report's PDF.
pub fn assert_declared(pdf: &Pdf, expected: &Declared<'_>) {
    let lang = expected.lang;
    let catalog = pdf.catalog();
    let tree = pdf.resolve(&catalog["/StructTreeRoot"]);
    assert_eq!(tree["/Type"], "/StructTreeRoot", "{lang}: {catalog}");
    assert_eq!(catalog["/Lang"], format!("u:{lang}"));
    assert_eq!(
        pdf.resolve(&catalog["/MarkInfo"])["/Marked"],
        true,
        "{lang}"
    );
    let preferences = pdf.resolve(&catalog["/ViewerPreferences"]);
    assert_eq!(preferences["/DisplayDocTitle"], true, "{lang}");
    let xmp = xmp_properties(&pdf.xmp());
    let (y, m, d) = expected.date;
    let midnight = format!("{y:04}-{m:02}-{d:02}T00:00:00");
    for (property, value) in [
        ("pdfuaid:part", "1"),
        ("pdfaid:part", "2"),
        ("pdfaid:conformance", "A"),
        ("dc:title", expected.title),
        ("dc:creator", expected.creator),
        ("dc:language", lang),
    ] {
        let found = xmp.get(property).map(String::as_str);
        assert_eq!(found, Some(value), "{lang}: XMP {property} in {xmp:?}");
    }
    for property in ["xmp:CreateDate", "xmp:ModifyDate"] {
        let date = xmp.get(property).map(String::as_str).unwrap_or_default();
        let utc = (date.strip_suffix("Z"))
            .or_else(|| date.strip_suffix("+00:00"))
            .unwrap_or_else(|| panic!("{lang}: XMP {property} `{date}` is not in UTC"));
        assert_eq!(utc, midnight, "{lang}: XMP {property}");
    }
}

/// The page's margin (2.5 cm, the default template's), in points.
pub const MARGIN: f64 = 2.5 / 2.54 * 72.0;

/// Checks that the page furniture is there and marked as artifacts: on every page
/// after the title page, the running header's words (the report's `title`, then maybe
/// the current section) stand in the top margin and the page's number, counted from the
/// page after the title page, in the bottom margin; and every piece of text the content
/// stream shows in either margin is inside `/Artifact` marked content, never in a
/// structure element's (with an `/MCID`).
pub fn assert_furniture_is_artifacts(bytes: &[u8], title: &str) {
    let pdf = parse(bytes);
    let pages = word_boxes(bytes);
    assert!(pages.len() > 2, "too few pages: {}", pages.len());
    for (i, page) in pages.iter().enumerate().skip(1) {
        let number = i + 1;
        let joined = |top: bool| {
            let found: Vec<&str> = (page.words.iter())
                .filter(|w| {
                    if top {
                        w.y_max < MARGIN
                    } else {
                        w.y_min > page.height - MARGIN
                    }
                })
                .map(|w| w.text.as_str())
                .collect();
            found.join(" ")
        };
        let header = joined(true);
        assert!(
            header.starts_with(&words(title)),
            "page {number}: the running header is `{header}`"
        );
        assert_eq!(joined(false), i.to_string(), "page {number}: its number");
        let shown = pdf.shown_text(number);
        // A line's baseline stands on the margin's edge at the most: 1 pt of leeway.
        let (top, bottom): (Vec<&Shown>, Vec<&Shown>) = (shown.iter())
            .filter(|s| s.y > page.height - MARGIN + 1.0 || s.y < MARGIN - 1.0)
            .partition(|s| s.y > page.height / 2.0);
        assert!(
            !top.is_empty() && !bottom.is_empty(),
            "page {number}: no furniture shown"
        );
        for s in top.iter().chain(&bottom) {
            assert!(
                s.is_artifact(),
                "page {number}: text at {} pt in the margin is not an artifact: {:?}",
                s.y,
                s.marked
            );
        }
    }
}
