//! Where files are published: the one owner of every path of the site, built here and
//! parsed back here ([`parse`]), of the names no page may take ([`is_reserved_slug`]), of
//! the mapping from a file of an edition folder to its path in the site, and of what a path
//! in the site may look like.
//!
//! A site path is plain: relative, `/`-separated, each segment a real name (never empty,
//! `.` or `..`), with no backslash, no colon and no control character. A colon would make
//! `e:n/logo.png` a drive-relative path on Windows (zip extractors refuse such an entry, or
//! write it elsewhere), a data stream in `a:b.png`, and a URL scheme in a relative link.
//! Every path that reaches the
//! disk or an archive passes [`is_plain`], so no file name in the content can make rapport
//! write outside the output folder, or an archive entry that climbs out of its folder.
//!
//! Every page is a folder with an `index.html`, and every internal link is relative
//! ([`root_prefix`]), so the site works under any sub-path and from disk.

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use crate::core::diagnostics::{Diagnostic, Diagnostics};
use crate::core::outline::slugify;

/// The landing page, which lists editions and languages.
pub const SITE_INDEX: &str = "index.html";

/// The page a server shows for a path the site does not have.
pub const NOT_FOUND: &str = "404.html";

/// The sitemap, written when the site has a base URL.
pub const SITEMAP: &str = "sitemap.xml";

/// The instructions for crawlers, always written.
pub const ROBOTS: &str = "robots.txt";

/// The folder of the theme's static assets in the output.
pub const STATIC_DIR: &str = "static/";

/// The file name of every page: a page is a folder, so its address ends with `/`.
const PAGE_FILE: &str = "index.html";

/// The site path of a static asset of the theme, from its path in the theme's folder.
pub fn static_file(name: &str) -> String {
    format!("{STATIC_DIR}{name}")
}

/// The output path of an edition's home page.
pub fn edition_home(year: u16, lang: &str) -> String {
    format!("{year}/{lang}/{PAGE_FILE}")
}

/// The output path of a narrative page.
pub fn page(year: u16, lang: &str, slug: &str) -> String {
    format!("{year}/{lang}/{slug}/{PAGE_FILE}")
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

/// The output path of an open data file of an edition in one language.
pub fn data_file(year: u16, lang: &str, file: DataFile) -> String {
    in_folder(year, lang, Folder::Data, file.name())
}

fn in_folder(year: u16, lang: &str, folder: Folder, rest: &str) -> String {
    format!("{year}/{lang}/{}/{rest}", folder.name())
}

/// The URL, from the site root, of a file of the content folder, from its path relative
/// to that folder: a file of an edition folder is published at that path
/// ([`edition_file`]), with its spaces written `%20`.
pub fn content_file_url(relative: &Path) -> String {
    relative
        .to_string_lossy()
        .replace('\\', "/")
        .replace(' ', "%20")
}

/// The prefix that leads from a page back to the site root: `../../../` for
/// `2022/fr/intro/index.html`. Every internal link is relative so the site works under any
/// sub-path and from disk.
pub fn root_prefix(path: &str) -> String {
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
}

impl Folder {
    /// Every folder, for [`is_reserved_slug`].
    const ALL: [Folder; 4] = [Folder::Print, Folder::Data, Folder::Trends, Folder::Charts];

    /// The folder's name in the site.
    pub fn name(self) -> &'static str {
        match self {
            Folder::Print => "print",
            Folder::Data => "data",
            Folder::Trends => "indicators",
            Folder::Charts => "charts",
        }
    }

    /// Whether a page may not take the folder's name as its slug.
    fn reserves_slug(self) -> bool {
        match self {
            Folder::Print | Folder::Data | Folder::Trends => true,
            // Never reserved: a page called `charts` shares the folder with chart files it
            // cannot collide with (`index.html` against `*.svg`), and projects use it.
            Folder::Charts => false,
        }
    }
}

/// Whether no page may take `slug`: the name of a folder rapport generates beside the
/// pages (a new [`Folder`] must say whether it reserves its name), or of the static folder.
pub fn is_reserved_slug(slug: &str) -> bool {
    Some(slug) == STATIC_DIR.strip_suffix('/')
        || Folder::ALL
            .iter()
            .any(|folder| folder.reserves_slug() && folder.name() == slug)
}

/// The open data files of an edition in one language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DataFile {
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
    pub fn name(self) -> &'static str {
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
pub enum Route<'p> {
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
    /// Any other path in an edition's folder: a file copied from the edition folder.
    EditionFile {
        /// The edition's year.
        year: u16,
    },
}

impl<'p> Route<'p> {
    /// The edition the path belongs to, if any.
    pub fn year(&self) -> Option<u16> {
        match *self {
            Route::SiteIndex
            | Route::NotFound
            | Route::Sitemap
            | Route::Robots
            | Route::Static(_) => None,
            Route::EditionHome { year, .. }
            | Route::Page { year, .. }
            | Route::Print { year, .. }
            | Route::Trend { year, .. }
            | Route::Chart { year, .. }
            | Route::Data { year, .. }
            | Route::EditionFile { year } => Some(year),
        }
    }

    /// The language of a generated file of an edition, if it is one.
    pub fn lang(&self) -> Option<&'p str> {
        match *self {
            Route::EditionHome { lang, .. }
            | Route::Page { lang, .. }
            | Route::Print { lang, .. }
            | Route::Trend { lang, .. }
            | Route::Chart { lang, .. }
            | Route::Data { lang, .. } => Some(lang),
            _ => None,
        }
    }
}

/// What the site path `path` is, from its shape alone; `None` for a path outside every
/// route. A file copied from an edition folder may have the shape of a generated one
/// (`2022/fr/notes/index.html` reads as a page): it is refused at build when it would
/// land on one ([`collisions`]).
pub fn parse(path: &str) -> Option<Route<'_>> {
    if let Some(name) = path.strip_prefix(STATIC_DIR) {
        return Some(Route::Static(name));
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
            Folder::Print | Folder::Trends => return None,
        },
        _ => return None,
    };
    Some(route)
}

/// Whether `path` is a plain site path: see the [module documentation](self).
pub fn is_plain(path: &str) -> bool {
    !path.is_empty() && path.split('/').all(is_plain_segment)
}

fn is_plain_segment(segment: &str) -> bool {
    !segment.is_empty()
        && segment != "."
        && segment != ".."
        && !segment
            .chars()
            .any(|c| c == '\\' || c == ':' || c.is_control())
}

/// The site path of a file of the edition of `year`, from its path relative to the
/// edition folder: `fr/images/logo.png` → `2022/fr/images/logo.png`. Refuses a name that
/// is not plain once decoded, with the reason.
pub fn edition_file(year: u16, relative: &Path) -> Result<String, String> {
    Ok(format!("{year}/{}", plain_name(relative)?))
}

/// A path relative to a folder of the project (an edition, a theme's `static/`) as a plain
/// `/`-separated site path, or the reason it cannot be one.
pub fn plain_name(relative: &Path) -> Result<String, String> {
    let mut path = String::new();
    for component in relative.components() {
        let Component::Normal(name) = component else {
            return Err("the path is not a plain relative path".into());
        };
        let Some(name) = name.to_str() else {
            return Err(format!(
                "the name `{}` is not valid UTF-8: expected a name a browser can ask for",
                name.to_string_lossy()
            ));
        };
        if name.contains('\\') {
            return Err(format!(
                "the name `{name}` holds a backslash, which some systems read as a folder separator: expected letters, digits, `-`, `_` or `.`"
            ));
        }
        if name.contains(':') {
            return Err(format!(
                "the name `{name}` holds a colon, which Windows reads as a drive or a data stream and a browser as a link's scheme: expected letters, digits, `-`, `_` or `.`"
            ));
        }
        if name.chars().any(char::is_control) || !is_plain_segment(name) {
            return Err(format!(
                "the name `{}` holds a control character or is not a plain name",
                name.escape_default()
            ));
        }
        if !path.is_empty() {
            path.push('/');
        }
        path.push_str(name);
    }
    if path.is_empty() {
        return Err("the path names the folder itself".into());
    }
    Ok(path)
}

/// A file of an edition folder that is published as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CopiedFile {
    /// The site path.
    pub path: String,
    /// The file it is copied from.
    pub source: PathBuf,
}

/// One error for each copied file that would land on a generated file, or on a folder of
/// generated files, or would need one of them to be a folder: `generated` holds every
/// generated site path. Copying it would silently replace a page, a chart or a data file
/// with content that is never sanitized.
pub fn collisions(copied: &[CopiedFile], generated: &BTreeSet<String>) -> Diagnostics {
    let mut problems = Diagnostics::default();
    for file in copied {
        if let Some(taken) = generated_at(&file.path, generated) {
            problems.push(
                Diagnostic::error(
                    &file.source,
                    format!(
                        "this file would be published at {}, where rapport writes the generated file {taken}: expected a name of its own",
                        file.path
                    ),
                )
                .with_hint("rename or move the file; rapport never replaces a page, chart or data file it generates"),
            );
        }
    }
    problems
}

/// The generated path that `path` collides with: the same path, a generated file below
/// it (so `path` would have to be a folder), or a generated file at one of its folders.
fn generated_at<'g>(path: &str, generated: &'g BTreeSet<String>) -> Option<&'g str> {
    if let Some(same) = generated.get(path) {
        return Some(same);
    }
    let folder = format!("{path}/");
    if let Some(below) = generated.range(folder.clone()..).next()
        && below.starts_with(&folder)
    {
        return Some(below);
    }
    let mut ancestors = path.match_indices('/').map(|(i, _)| &path[..i]);
    ancestors.find_map(|ancestor| generated.get(ancestor).map(String::as_str))
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
        for slug in ["print", "data", "static", "indicators"] {
            assert!(is_reserved_slug(slug), "{slug}");
        }
        for slug in ["charts", "intro", "statics", ""] {
            assert!(!is_reserved_slug(slug), "{slug}");
        }
    }

    #[test]
    fn plain_paths_have_only_real_names() {
        assert!(is_plain("2022/fr/index.html"));
        assert!(is_plain("static/style.1a2b3c4d.css"));
        for bad in [
            "",
            "/etc/passwd",
            "a//b",
            "a/./b",
            "2022/../../x",
            "x\\..\\..\\index.html",
            "a/b\u{0}c",
            "a/\nb",
            "a/",
            "edition-2022/data/2022/e:n/images/l",
            "c:/x",
            "a/b:stream",
        ] {
            assert!(!is_plain(bad), "{bad:?}");
        }
    }

    #[test]
    fn edition_files_are_published_under_their_year() {
        assert_eq!(
            edition_file(2022, Path::new("fr/images/logo.png")).as_deref(),
            Ok("2022/fr/images/logo.png")
        );
        let backslash = edition_file(2022, Path::new("x\\..\\..\\index.html"));
        assert!(backslash.is_err_and(|e| e.contains("backslash")));
        assert!(edition_file(2022, Path::new("../x.png")).is_err());
        assert!(edition_file(2022, Path::new("/x.png")).is_err());
        assert!(edition_file(2022, Path::new("")).is_err());
        assert!(edition_file(2022, Path::new("a\tb.png")).is_err());
        let colon = edition_file(2022, Path::new("e:n/images/logo.png"));
        assert!(colon.is_err_and(|e| e.contains("colon")));
    }

    #[cfg(unix)]
    #[test]
    fn names_that_are_not_utf8_are_refused() {
        use std::os::unix::ffi::OsStrExt;
        let name = std::ffi::OsStr::from_bytes(b"photo-\xff.png");
        let refused = edition_file(2022, Path::new(name));
        assert!(refused.is_err_and(|e| e.contains("UTF-8")));
    }

    #[test]
    fn collisions_name_the_generated_file() {
        let generated: BTreeSet<String> = [
            "2022/fr/index.html",
            "2022/fr/intro/index.html",
            "2022/en/charts/figure-1.svg",
        ]
        .map(String::from)
        .into();
        let copied = |path: &str| CopiedFile {
            path: path.into(),
            source: PathBuf::from("content").join(path),
        };
        let found = |path: &str| {
            collisions(&[copied(path)], &generated)
                .iter()
                .map(|d| d.message.clone())
                .collect::<Vec<_>>()
        };
        assert!(found("2022/fr/index.html")[0].contains("2022/fr/index.html"));
        assert!(found("2022/fr/intro")[0].contains("2022/fr/intro/index.html"));
        assert!(found("2022/en/charts/figure-1.svg/x.png")[0].contains("figure-1.svg"));
        assert!(found("2022/fr/logo.png").is_empty());
        assert!(found("2022/fr/intro-notes/a.pdf").is_empty());
    }
}
