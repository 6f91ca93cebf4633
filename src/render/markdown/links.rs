//! Link and image destinations in a page: rewritten by the render stage's resolver, and
//! checked for a dangerous scheme (`javascript:`), which sends the page through the
//! sanitizer as raw HTML would.

use pulldown_cmark::{CowStr, Event, Tag};

use super::RenderSettings;

/// Whether an event opens a link or an image with a dangerous scheme.
pub(super) fn has_unsafe_url(event: &Event<'_>) -> bool {
    matches!(event, Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
        if crate::core::links::unsafe_scheme(dest_url).is_some())
}

/// A destination as the render stage's resolver rewrites it, or as written.
pub(super) fn rewrite<'a>(url: CowStr<'a>, settings: &RenderSettings<'_>) -> CowStr<'a> {
    match (settings.resolve_link)(&url) {
        Some(new) => new.into(),
        None => url,
    }
}
