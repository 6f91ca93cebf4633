//! The walk over a page's Markdown, on its own: numbering, notes, raw HTML and code.

use super::model::{Block, Run};
use super::walk::{LinkTo, WalkSettings, page_blocks};

/// A page walked from paragraph 5 and note 3, with links as `Target(url)`.
fn walk(source: &str) -> Vec<Block> {
    let mut nothing = |_: usize| Vec::new();
    let link = |url: &str| LinkTo::Target(url.trim_start_matches('#').to_string());
    let mut settings = WalkSettings {
        first_paragraph: 5,
        first_footnote: 3,
        slug: "page",
        typography: &crate::render::typography::NONE,
        link: &link,
        block: &mut nothing,
    };
    page_blocks(source, &mut settings).0
}

fn text(text: &str) -> Run {
    Run::Text { text: text.into() }
}

fn paragraph(number: Option<usize>, runs: Vec<Run>) -> Block {
    Block::Paragraph {
        number,
        id: number.map(|n| format!("p{n}")),
        runs,
    }
}

#[test]
fn top_level_paragraphs_are_numbered_from_the_page_offset() {
    let blocks = walk("One.\n\n{-} Not.\n\n> Quoted.\n\n- item\n\nTwo.\n");
    assert_eq!(
        blocks,
        [
            paragraph(Some(5), vec![text("One.")]),
            paragraph(None, vec![text("Not.")]),
            Block::Quote {
                lang: None,
                dir: None,
                blocks: vec![paragraph(None, vec![text("Quoted.")])]
            },
            Block::List {
                ordered: false,
                start: None,
                items: vec![vec![paragraph(None, vec![text("item")])]]
            },
            paragraph(Some(6), vec![text("Two.")]),
        ]
    );
}

#[test]
fn notes_are_given_at_their_first_reference_and_numbered_as_the_html_does() {
    let blocks = walk("A[^x] B[^y] A[^x].\n\n[^y]: Why[^z].\n[^x]: Ex.\n[^z]: Zed.\n");
    let note = |number: usize, blocks: Vec<Block>| Run::Note {
        number,
        id: format!("fn-{number}"),
        blocks,
    };
    assert_eq!(
        blocks,
        [paragraph(
            Some(5),
            vec![
                text("A"),
                note(3, vec![paragraph(None, vec![text("Ex.")])]),
                text(" B"),
                note(
                    4,
                    vec![paragraph(
                        None,
                        vec![
                            text("Why"),
                            note(5, vec![paragraph(None, vec![text("Zed.")])]),
                            text("."),
                        ]
                    )]
                ),
                text(" A"),
                Run::NoteRef {
                    number: 3,
                    target: "fn-3".into()
                },
                text("."),
            ]
        )]
    );
}

#[test]
fn raw_html_is_text_and_never_markup() {
    let blocks = walk(
        "Un <span lang=\"en\">word <b>here</b></span><script>x</script>.\n\n<div lang=\"de\"><i>Wort</i> &amp; mehr</div>\n",
    );
    assert_eq!(
        blocks,
        [
            paragraph(
                Some(5),
                vec![
                    text("Un "),
                    Run::Lang {
                        lang: "en".into(),
                        runs: vec![text("word here")]
                    },
                    text("."),
                ]
            ),
            paragraph(
                None,
                vec![Run::Lang {
                    lang: "de".into(),
                    runs: vec![text("Wort & mehr")]
                }]
            ),
        ]
    );
}

#[test]
fn headings_take_the_page_slug_and_code_stays_as_written() {
    let blocks = walk("## Same\n\n## Same\n\n```\n*not* emphasis\n```\n\nText `#code`.\n");
    let heading = |id: &str| Block::Heading {
        level: 2,
        id: id.into(),
        runs: vec![text("Same")],
    };
    assert_eq!(
        blocks,
        [
            heading("page-same"),
            heading("page-same-2"),
            Block::Code {
                text: "*not* emphasis\n".into(),
                lang: None
            },
            paragraph(
                Some(5),
                vec![
                    text("Text "),
                    Run::Code {
                        text: "#code".into()
                    },
                    text(".")
                ]
            ),
        ]
    );
}
