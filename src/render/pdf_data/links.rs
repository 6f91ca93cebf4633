//! Where a link written in the content leads in an edition's PDF: to a place in the
//! document when the page it names is one of the PDF's sections, else to the web (a URL
//! under the site's base URL, when the site has one), else nowhere (its text stays).
//!
//! Read with the one reader of content links, `core::links::content_link`; the site's
//! addresses come from the link map, as on the web.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use super::walk::LinkTo;
use crate::core::links::{ContentLink, content_link, normalize, unsafe_scheme};
use crate::render::link_map::LinkMap;
use crate::render::markdown::is_heading_anchor;

/// The links of one edition's PDF in one language.
pub(super) struct PdfLinks<'a> {
    /// The site's addresses.
    pub(super) map: &'a LinkMap,
    /// Each page of the PDF, by its Markdown source, to its section id (its slug).
    pub(super) sections: HashMap<PathBuf, String>,
    /// The site's base URL with one trailing slash, when it has one.
    pub(super) base_url: Option<String>,
}

impl PdfLinks<'_> {
    /// Where `url`, written in the file `source` and shown in the section `slug`, leads.
    pub(super) fn resolve(&self, source: &Path, slug: &str, url: &str) -> LinkTo {
        let link = content_link(source, url);
        match &link {
            ContentLink::Outside if unsafe_scheme(url).is_some() => LinkTo::Text,
            ContentLink::Outside => LinkTo::Url(url.to_string()),
            ContentLink::RootRelative => self.on_the_web(url.trim_start_matches('/')),
            ContentLink::Here { fragment: None } => LinkTo::Target(slug.to_string()),
            ContentLink::Here {
                fragment: Some(fragment),
            } => LinkTo::Target(place(slug, &fragment.decoded())),
            ContentLink::File { fragment, .. } => {
                let section = link
                    .page()
                    .and_then(|page| self.sections.get(&normalize(page)));
                match (section, fragment) {
                    (Some(section), None) => LinkTo::Target(section.clone()),
                    (Some(section), Some(fragment)) => {
                        LinkTo::Target(place(section, &fragment.decoded()))
                    }
                    (None, _) => match self.map.resolve(source, url) {
                        Some(path) => self.on_the_web(&path),
                        None => LinkTo::Text,
                    },
                }
            }
        }
    }

    fn on_the_web(&self, path: &str) -> LinkTo {
        match &self.base_url {
            Some(base) => LinkTo::Url(format!("{base}{path}")),
            None => LinkTo::Text,
        }
    }
}

/// The id of a place on a page in the PDF: a heading's id is only unique on its page, and
/// takes the page's slug before it, as on the printable page; paragraph, note and figure
/// ids are unique in the edition and stay.
fn place(section: &str, fragment: &str) -> String {
    if is_heading_anchor(fragment) {
        format!("{section}-{fragment}")
    } else {
        fragment.to_string()
    }
}
