//! Text alternatives of a page's images: read from the Markdown, since an image without
//! one is a warning the author can fix where it is written.

use pulldown_cmark::{Event, Options, Parser};

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::model::Page;

/// An image without a text alternative says nothing to a screen reader (WCAG 1.1.1).
/// A decorative image is rare in a report; the author is warned, not stopped.
pub(super) fn image_descriptions(page: &Page, problems: &mut Diagnostics) {
    let mut alt: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(page.body(), Options::all()).into_offset_iter() {
        match event {
            Event::Start(pulldown_cmark::Tag::Image { .. }) => {
                alt = Some((range.start, String::new()))
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, words)) = &mut alt {
                    words.push_str(&text);
                }
            }
            Event::End(pulldown_cmark::TagEnd::Image) => {
                if let Some((offset, words)) = alt.take()
                    && words.trim().is_empty()
                {
                    problems.push(
                        Diagnostic::warning(&page.path, "an image without a text alternative: screen readers cannot say what it shows")
                            .at_offset(&page.source, page.body_offset + offset)
                            .with_hint("describe it between the brackets: ![what it shows](file.png)"),
                    );
                }
            }
            _ => {}
        }
    }
}
