//! Charts read back from their SVG with a real XML parser: the bars, their labels,
//! values and lengths, the accessible name and description. Used by the chart tests on
//! fixtures and by the sample's fidelity tests.
#![allow(dead_code)]

/// A bar chart as drawn.
#[derive(Debug)]
pub struct Chart {
    pub title: String,
    pub desc: String,
    pub bars: Vec<Bar>,
}

/// One bar: its label, its value as printed, its drawn length, and whether it is the
/// remainder of a stated total.
#[derive(Debug)]
pub struct Bar {
    pub label: String,
    pub value: String,
    pub length: f64,
    pub remainder: bool,
}

/// Text with runs of ASCII white space collapsed (no-break spaces are part of numbers
/// and French punctuation, and are kept).
pub fn collapse(text: &str) -> String {
    text.split(|c: char| c.is_ascii_whitespace())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an SVG node, collapsed.
pub fn content(node: roxmltree::Node<'_, '_>) -> String {
    collapse(node.text().unwrap_or_default())
}

/// The points of a `polyline`.
pub fn points(node: roxmltree::Node<'_, '_>) -> Vec<(f64, f64)> {
    node.attribute("points")
        .unwrap_or_default()
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').expect("x,y");
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

/// Whether a node carries a class.
pub fn has_class(node: roxmltree::Node<'_, '_>, class: &str) -> bool {
    node.attribute("class")
        .is_some_and(|c| c.split_whitespace().any(|c| c == class))
}

/// Parses a chart and checks what every chart must be: an accessible, scalable SVG
/// whose text is real text in a CSS font stack.
pub fn parse(svg: &str) -> Chart {
    let doc = roxmltree::Document::parse(svg).unwrap_or_else(|e| panic!("not XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    assert_eq!(root.attribute("role"), Some("img"));
    assert!(
        root.attribute("width").is_none() && root.attribute("height").is_none(),
        "fixed size"
    );
    let view_box: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split(' ')
        .map(|n| n.parse().unwrap())
        .collect();
    assert_eq!(view_box.len(), 4);
    let labelled_by: Vec<&str> = root
        .attribute("aria-labelledby")
        .expect("aria-labelledby")
        .split(' ')
        .collect();
    assert_eq!(labelled_by.len(), 2);
    let by_id = |id: &str| {
        doc.descendants()
            .find(|n| n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no #{id}"))
    };
    let (title, desc) = (by_id(labelled_by[0]), by_id(labelled_by[1]));
    assert_eq!(title.tag_name().name(), "title");
    assert_eq!(desc.tag_name().name(), "desc");
    for t in doc.descendants().filter(|n| n.has_tag_name("text")) {
        assert!(
            t.attribute("font-family")
                .is_some_and(|f| f.ends_with("sans-serif")),
            "font stack"
        );
        assert_eq!(t.attribute("fill"), Some("currentColor"));
        let x: f64 = t.attribute("x").unwrap().parse().unwrap();
        assert!(x >= 0.0 && x <= view_box[2], "text outside the chart");
    }
    let bars = doc
        .descendants()
        .filter(|n| has_class(*n, "bar"))
        .map(|g| {
            let texts: Vec<String> = g
                .children()
                .filter(|n| n.has_tag_name("text"))
                .map(content)
                .collect();
            let (value, label) = texts.split_last().expect("a value");
            let remainder = has_class(g, "remainder");
            let length = if remainder {
                let outline = g
                    .children()
                    .filter(|n| n.has_tag_name("polyline"))
                    .find(|n| points(*n).len() == 5)
                    .expect("outline");
                let xs: Vec<f64> = points(outline).iter().map(|p| p.0).collect();
                xs.iter().cloned().fold(f64::MIN, f64::max)
                    - xs.iter().cloned().fold(f64::MAX, f64::min)
            } else {
                let rect = g
                    .children()
                    .find(|n| n.has_tag_name("rect"))
                    .expect("a bar");
                assert_eq!(rect.attribute("fill"), Some("#0072B2"));
                rect.attribute("width").unwrap().parse().unwrap()
            };
            Bar {
                label: label.join(" "),
                value: value.clone(),
                length,
                remainder,
            }
        })
        .collect();
    Chart {
        title: content(title),
        desc: content(desc),
        bars,
    }
}

/// The bars' values as numbers (digit-group separators dropped).
pub fn values(chart: &Chart) -> Vec<u32> {
    chart
        .bars
        .iter()
        .map(|b| {
            b.value
                .replace(['\u{202f}', '\u{a0}', ','], "")
                .parse()
                .unwrap()
        })
        .collect()
}
