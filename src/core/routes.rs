//! Where files are published: the one owner of every path of the site, built here and
//! parsed back here ([`parse`]), of the names no page may take ([`is_reserved_slug`]), of
//! the mapping from a file of an edition folder to its path in the site, and of what a path
//! in the site may look like.
//!
//! The rules for names taken from the content (what a plain site path is, [`is_plain`];
//! an edition file's site path, [`edition_file`]; copied files that would land on a
//! generated one, [`collisions`]) live in `names` and are re-exported here, so that
//! `routes` stays the one place to ask about an output path.
//!
//! Every page is a folder with an `index.html`, and every internal link is relative
//! ([`root_prefix`]), so the site works under any sub-path and from disk.

use std::path::Path;

use crate::core::outline::slugify;

mod names;

pub use names::is_plain;
pub(crate) use names::{CopiedFile, collisions, edition_file, plain_name};

/// The landing page, which lists editions and languages.
pub(crate) const SITE_INDEX: &str = "index.html";

/// The page a server shows for a path the site does not have.
pub(crate) const NOT_FOUND: &str = "404.html";

/// The sitemap, written when the site has a base URL.
pub(crate) const SITEMAP: &str = "sitemap.xml";

/// The instructions for crawlers, always written.
pub(crate) const ROBOTS: &str = "robots.txt";

/// The folder of the theme's static assets in the output.
pub(crate) const STATIC_DIR: &str = "static/";

/// The file name of every page: a page is a folder, so its address ends with `/`.
const PAGE_FILE: &str = "index.html";

/// The site path of a static asset of the theme, from its path in the theme's folder.
pub(crate) fn static_file(name: &str) -> String {
    format!("{STATIC_DIR}{name}")
}

/// The output path of an edition's home page.
pub(crate) fn edition_home(year: u16, lang: &str) -> String {
    format!("{year}/{lang}/{PAGE_FILE}")
}

/// The output path of a narrative page.
pub fn page(year: u16, lang: &str, slug: &str) -> String {
    format!("{year}/{lang}/{slug}/{PAGE_FILE}")
}

/// The first part of an edition's PDF's file name.
pub const PDF_NAME: &str = "report";

/// The output path of an edition's official PDF in a language:
/// `2024/fr/report-2024-fr.pdf`, a name that still says which once downloaded.
pub fn pdf(year: u16, lang: &str) -> String {
    format!("{year}/{lang}/{PDF_NAME}-{year}-{lang}.pdf")
}

/// The output path of an edition's single printable page.
pub fn print(year: u16, lang: &str) -> String {
    in_folder(year, lang, Folder::Print, PAGE_FILE)
}

/// The output path of an indicator's trend page in an edition.
pub fn trend(year: u16, lang: &str, id: &str) -> String {
    let id = slugify(id);
    in_folder(year, lang, Folder::Trends, &format!("{id}/{PAGE_FILE}"))
}

/// The output path of a chart's standalone SVG file.
pub fn chart(year: u16, lang: &str, name: &str) -> String {
    in_folder(year, lang, Folder::Charts, &format!("{name}.svg"))
}

/// The folder of the site-wide search pages, one per language.
pub(crate) const SEARCH_DIR: &str = "search/";

/// The output path of the search page of a language, which searches every edition in
/// that language: `search/fr/index.html`.
pub fn search_page(lang: &str) -> String {
    format!("{SEARCH_DIR}{lang}/{PAGE_FILE}")
}

/// The output path of the search index of an edition in one language, a script the
/// search page loads with `<script src>` (no `fetch`, so it works from disk):
/// `2022/fr/search/index.js`. It lives in the edition's folder, so an archived edition
/// carries it.
pub fn search_index(year: u16, lang: &str) -> String {
    in_folder(year, lang, Folder::Search, SEARCH_INDEX_FILE)
}

/// The file name of an edition's search index in its folder.
const SEARCH_INDEX_FILE: &str = "index.js";

/// The output path of an open data file of an edition in one language.
pub(crate) fn data_file(year: u16, lang: &str, file: DataFile) -> String {
    in_folder(year, lang, Folder::Data, file.name())
}

fn in_folder(year: u16, lang: &str, folder: Folder, rest: &str) -> String {
    format!("{year}/{lang}/{}/{rest}", folder.name())
}

/// The URL, from the site root, of a file of the content folder, from its path relative
/// to that folder: a file of an edition folder is published at that path
/// ([`edition_file`]), with its spaces written `%20`.
pub(crate) fn content_file_url(relative: &Path) -> String {
    relative
        .to_string_lossy()
        .replace('\\', "/")
        .replace(' ', "%20")
}

/// The prefix that leads from a page back to the site root: `../../../` for
/// `2022/fr/intro/index.html`. Every internal link is relative so the site works under any
/// sub-path and from disk.
pub(crate) fn root_prefix(path: &str) -> String {
    "../".repeat(path.matches('/').count())
}

/// The folders rapport generates in an edition's language folder, beside the pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Folder {
    /// The printable page.
    Print,
    /// The open data files.
    Data,
    /// The trend pages of indicators.
    Trends,
    /// The standalone SVG files of charts.
    Charts,
    /// The search index of the edition in the language.
    Search,
}

impl Folder {
    /// Every folder, for [`is_reserved_slug`].
    const ALL: [Folder; 5] = [
        Folder::Print,
        Folder::Data,
        Folder::Trends,
        Folder::Charts,
        Folder::Search,
    ];

    /// The folder's name in the site.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Print => "print",
            Folder::Data => "data",
            Folder::Trends => "indicators",
            Folder::Charts => "charts",
            Folder::Search => "search",
        }
    }

    /// Whether a page may not take the folder's name as its slug.
    fn reserves_slug(self) -> bool {
        match self {
            Folder::Print | Folder::Data | Folder::Trends | Folder::Search => true,
            // Never reserved: a page called `charts` shares the folder with chart files it
            // cannot collide with (`index.html` against `*.svg`), and projects use it.
            Folder::Charts => false,
        }
    }
}

/// Whether no page may take `slug`: the name of a folder rapport generates beside the
/// pages (a new [`Folder`] must say whether it reserves its name), or of the static folder.
pub(crate) fn is_reserved_slug(slug: &str) -> bool {
    Some(slug) == STATIC_DIR.strip_suffix('/')
        || Folder::ALL
            .iter()
            .any(|folder| folder.reserves_slug() && folder.name() == slug)
}

/// The open data files of an edition in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DataFile {
    /// The indicators as CSV.
    IndicatorsCsv,
    /// The indicators as JSON.
    IndicatorsJson,
    /// The project register as CSV.
    ProjectsCsv,
    /// The project register as JSON.
    ProjectsJson,
}

impl DataFile {
    const ALL: [DataFile; 4] = [
        DataFile::IndicatorsCsv,
        DataFile::IndicatorsJson,
        DataFile::ProjectsCsv,
        DataFile::ProjectsJson,
    ];

    /// The file's name in the data folder.
    pub(crate) fn name(self) -> &'static str {
        match self {
            DataFile::IndicatorsCsv => "indicators.csv",
            DataFile::IndicatorsJson => "indicators.json",
            DataFile::ProjectsCsv => "projects.csv",
            DataFile::ProjectsJson => "projects.json",
        }
    }
}

/// What a site path is, read back from its shape: the inverse of the functions above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Route<'p> {
    /// [`SITE_INDEX`].
    SiteIndex,
    /// [`NOT_FOUND`].
    NotFound,
    /// [`SITEMAP`].
    Sitemap,
    /// [`ROBOTS`].
    Robots,
    /// A file of [`STATIC_DIR`], with its path in that folder.
    Static(&'p str),
    /// [`edition_home`].
    EditionHome {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
    },
    /// [`page`].
    Page {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
        /// The page's slug.
        slug: &'p str,
    },
    /// [`print`].
    Print {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
    },
    /// [`trend`].
    Trend {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
        /// The indicator id as it is in the path (slugified).
        id: &'p str,
    },
    /// [`chart`].
    Chart {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
        /// The chart's name, without `.svg`.
        name: &'p str,
    },
    /// [`data_file`].
    Data {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
        /// Which file.
        file: DataFile,
    },
    /// [`search_page`].
    SearchPage {
        /// The language code.
        lang: &'p str,
    },
    /// [`search_index`].
    SearchIndex {
        /// The edition's year.
        year: u16,
        /// The language code.
        lang: &'p str,
    },
    /// Any other path in an edition's folder: a file copied from the edition folder.
    EditionFile {
        /// The edition's year.
        year: u16,
    },
}

impl<'p> Route<'p> {
    /// The edition the path belongs to, if any.
    pub(crate) fn year(&self) -> Option<u16> {
        match *self {
            Route::SiteIndex
            | Route::NotFound
            | Route::Sitemap
            | Route::Robots
            | Route::Static(_)
            | Route::SearchPage { .. } => None,
            Route::EditionHome { year, .. }
            | Route::Page { year, .. }
            | Route::Print { year, .. }
            | Route::Trend { year, .. }
            | Route::Chart { year, .. }
            | Route::Data { year, .. }
            | Route::SearchIndex { year, .. }
            | Route::EditionFile { year } => Some(year),
        }
    }

    /// The language of a generated file of an edition, if it is one.
    pub(crate) fn lang(&self) -> Option<&'p str> {
        match *self {
            Route::EditionHome { lang, .. }
            | Route::Page { lang, .. }
            | Route::Print { lang, .. }
            | Route::Trend { lang, .. }
            | Route::Chart { lang, .. }
            | Route::Data { lang, .. }
            | Route::SearchPage { lang }
            | Route::SearchIndex { lang, .. } => Some(lang),
            _ => None,
        }
    }
}

/// The public address of an output path under a base URL with its trailing slash (a
/// canonical link, a sitemap entry, an archived link): `2022/fr/intro/index.html` → `<base>2022/fr/intro/`.
pub(crate) fn address(base: &str, path: &str) -> String {
    format!("{base}{}", path.strip_suffix("index.html").unwrap_or(path))
}

/// What the site path `path` is, from its shape alone; `None` for a path outside every
/// route. A file copied from an edition folder may have the shape of a generated one
/// (`2022/fr/notes/index.html` reads as a page): it is refused at build when it would
/// land on one ([`collisions`]).
pub(crate) fn parse(path: &str) -> Option<Route<'_>> {
    if let Some(name) = path.strip_prefix(STATIC_DIR) {
        return Some(Route::Static(name));
    }
    if let Some(rest) = path.strip_prefix(SEARCH_DIR) {
        let (lang, file) = rest.split_once('/')?;
        return (file == PAGE_FILE && !lang.is_empty()).then_some(Route::SearchPage { lang });
    }
    let route = match path {
        SITE_INDEX => Route::SiteIndex,
        NOT_FOUND => Route::NotFound,
        SITEMAP => Route::Sitemap,
        ROBOTS => Route::Robots,
        _ => {
            let (year, rest) = path.split_once('/')?;
            let year = edition_year(year)?;
            edition_route(year, rest).unwrap_or(Route::EditionFile { year })
        }
    };
    Some(route)
}

/// The year a folder of the site names: its digits exactly as a year is written, so that
/// `02022/` is not the folder of 2022.
fn edition_year(folder: &str) -> Option<u16> {
    folder
        .parse::<u16>()
        .ok()
        .filter(|year| year.to_string() == folder)
}

/// A generated file of the edition of `year`, from its path in the edition's folder.
fn edition_route(year: u16, rest: &str) -> Option<Route<'_>> {
    let parts: Vec<&str> = rest.split('/').collect();
    let folder = |name: &str| Folder::ALL.into_iter().find(|f| f.name() == name);
    let route = match parts.as_slice() {
        [lang, PAGE_FILE] => Route::EditionHome { year, lang },
        [lang, name, PAGE_FILE] if folder(name) == Some(Folder::Print) => {
            Route::Print { year, lang }
        }
        [lang, slug, PAGE_FILE] => Route::Page { year, lang, slug },
        [lang, name, id, PAGE_FILE] if folder(name) == Some(Folder::Trends) => {
            Route::Trend { year, lang, id }
        }
        [lang, name, file] => match folder(name)? {
            Folder::Charts => Route::Chart {
                year,
                lang,
                name: file.strip_suffix(".svg")?,
            },
            Folder::Data => Route::Data {
                year,
                lang,
                file: DataFile::ALL.into_iter().find(|f| f.name() == *file)?,
            },
            Folder::Search if *file == SEARCH_INDEX_FILE => Route::SearchIndex { year, lang },
            Folder::Print | Folder::Trends | Folder::Search => return None,
        },
        _ => return None,
    };
    Some(route)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_route_is_parsed_back() {
        let cases = [
            (SITE_INDEX.to_string(), Route::SiteIndex),
            (NOT_FOUND.to_string(), Route::NotFound),
            (SITEMAP.to_string(), Route::Sitemap),
            (ROBOTS.to_string(), Route::Robots),
            (static_file("style.css"), Route::Static("style.css")),
            (
                edition_home(2022, "fr"),
                Route::EditionHome {
                    year: 2022,
                    lang: "fr",
                },
            ),
            (
                page(2022, "fr", "intro"),
                Route::Page {
                    year: 2022,
                    lang: "fr",
                    slug: "intro",
                },
            ),
            (
                print(2022, "fr"),
                Route::Print {
                    year: 2022,
                    lang: "fr",
                },
            ),
            (
                trend(2022, "fr", "1.1.a"),
                Route::Trend {
                    year: 2022,
                    lang: "fr",
                    id: "1-1-a",
                },
            ),
            (
                chart(2022, "en", "figure-1"),
                Route::Chart {
                    year: 2022,
                    lang: "en",
                    name: "figure-1",
                },
            ),
            (
                data_file(2022, "en", DataFile::ProjectsJson),
                Route::Data {
                    year: 2022,
                    lang: "en",
                    file: DataFile::ProjectsJson,
                },
            ),
            (search_page("ar"), Route::SearchPage { lang: "ar" }),
            (
                search_index(2022, "ar"),
                Route::SearchIndex {
                    year: 2022,
                    lang: "ar",
                },
            ),
        ];
        for (path, route) in cases {
            assert_eq!(parse(&path), Some(route), "{path}");
        }
    }

    #[test]
    fn generated_paths_keep_their_shape() {
        assert_eq!(page(2022, "fr", "intro"), "2022/fr/intro/index.html");
        assert_eq!(edition_home(2022, "fr"), "2022/fr/index.html");
        assert_eq!(print(2022, "fr"), "2022/fr/print/index.html");
        assert_eq!(
            trend(2022, "fr", "1.1.a"),
            "2022/fr/indicators/1-1-a/index.html"
        );
        assert_eq!(chart(2022, "fr", "figure-1"), "2022/fr/charts/figure-1.svg");
        assert_eq!(
            data_file(2022, "fr", DataFile::IndicatorsCsv),
            "2022/fr/data/indicators.csv"
        );
        assert_eq!(static_file("a/b.css"), "static/a/b.css");
        assert_eq!(search_page("fr"), "search/fr/index.html");
        assert_eq!(search_index(2022, "fr"), "2022/fr/search/index.js");
        assert_eq!(
            content_file_url(Path::new("2022/fr/mon image.png")),
            "2022/fr/mon%20image.png"
        );
    }

    #[test]
    fn other_paths_of_an_edition_are_its_files() {
        let file = |year| Some(Route::EditionFile { year });
        assert_eq!(parse("2022/fr/images/logo.png"), file(2022));
        assert_eq!(parse("2022/fr/data/notes.txt"), file(2022));
        assert_eq!(parse("2022/fr/indicators.csv"), file(2022));
        assert_eq!(parse("2022/index.html"), file(2022));
        assert_eq!(
            parse("20221/fr/index.html").and_then(|r| r.year()),
            Some(20221)
        );
        assert_eq!(parse("02022/fr/index.html"), None);
        assert_eq!(parse("about.html"), None);
        assert_eq!(parse("2022"), None);
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_prefix("index.html"), "");
        assert_eq!(root_prefix("2022/fr/index.html"), "../../");
        assert_eq!(root_prefix("2022/fr/intro/index.html"), "../../../");
    }

    #[test]
    fn reserved_slugs_are_the_generated_folders() {
        for slug in ["print", "data", "static", "indicators", "search"] {
            assert!(is_reserved_slug(slug), "{slug}");
        }
        for slug in ["charts", "intro", "statics", ""] {
            assert!(!is_reserved_slug(slug), "{slug}");
        }
    }
}
