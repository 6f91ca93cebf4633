//! The incremental rebuild that `serve` runs on every save gives, file for file and byte
//! for byte, what a full build of the same files gives: after each edit of a series (a
//! paragraph, a title, a paragraph added, data, a page added, moved and removed, a broken
//! page and its fix…), on a copy of the bundled sample with a second edition, with and
//! without a base URL.
//!
//! The sample is used as a realistic multi-page project, never for its facts: every edit
//! is made at a place of its structure (after the front matter, the first `en = "` of a
//! table, a page's slug), not at its wording, so editing the sample's text or figures
//! changes nothing here.

mod common;

use std::path::{Path, PathBuf};

use common::{copy_dir, repo, write};
use rapport::core::output::Output;
use rapport::serve::rebuild::{Addresses, Rebuilder, Rebuilt};

/// The sample (`rapport.toml`, `content/`, `themes/`), with a copy of its edition as
/// 2021 whose pages link to a page of 2022: indicators over two editions (trend pages),
/// archived pages that link to the latest edition, links across editions.
fn sample(base_url: Option<&str>) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let mut config = std::fs::read_to_string(repo().join("rapport.toml")).unwrap();
    if let Some(base) = base_url {
        config = format!("base_url = \"{base}\"\n{config}");
    }
    std::fs::write(root.join("rapport.toml"), config).unwrap();
    copy_dir(&repo().join("content"), &root.join("content"));
    copy_dir(&repo().join("themes"), &root.join("themes"));
    copy_dir(&root.join("content/2022"), &root.join("content/2021"));
    edit(root, "content/2021/edition.toml", |t| {
        t.replacen("year = 2022", "year = 2021", 1)
    });
    let site = full_build(root, base_url);
    for (lang, text) in [("fr", "Voir"), ("en", "See")] {
        let target = format!("2022/{lang}/02-outcome-1.md");
        let link = format!("../../{target}#p{}", first_paragraph(root, &site, &target));
        edit(
            root,
            &format!("content/2021/{lang}/01-introduction.md"),
            |t| t.replacen(BODY, &format!("{BODY}{text} [2022]({link}).\n\n"), 1),
        );
    }
    dir
}

/// Where a page's body starts: after the closing line of its front matter.
const BODY: &str = "+++\n\n";

/// The number of the first numbered paragraph of a page (`2022/fr/02-outcome-1.md`), as
/// the built `site` shows it at the address its front matter gives.
fn first_paragraph(root: &Path, site: &Output, page: &str) -> usize {
    let source = std::fs::read_to_string(root.join("content").join(page)).unwrap();
    let slug = source
        .lines()
        .find_map(|l| l.strip_prefix("slug = \"")?.strip_suffix('"'))
        .unwrap_or_else(|| panic!("{page} has no slug"));
    let folder = page.rsplit_once('/').expect("a folder").0;
    let html = site
        .get(&format!("{folder}/{slug}/index.html"))
        .unwrap_or_else(|| panic!("{page} is not built at its slug"));
    let html = std::str::from_utf8(html).expect("UTF-8");
    let at = html.find("<p id=\"p").expect("a numbered paragraph") + "<p id=\"p".len();
    let digits: String = html[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().expect("a paragraph number")
}

fn edit(root: &Path, rel: &str, change: impl FnOnce(String) -> String) -> PathBuf {
    let path = root.join(rel);
    let text = std::fs::read_to_string(&path).unwrap();
    let changed = change(text.clone());
    assert_ne!(changed, text, "{rel}: the edit changes nothing");
    std::fs::write(&path, changed).unwrap();
    path
}

/// The site as a full build makes it now.
fn full_build(root: &Path, base_url: Option<&str>) -> Output {
    let project = rapport::prepare(root, base_url).expect("the project builds");
    rapport::render_project(&project).expect("it renders").0
}

/// The served site, kept up to date by the rebuilder alone.
struct Incremental {
    rebuilder: Rebuilder,
    site: Output,
    /// The base URL a full build must be given to match.
    base_url: Option<String>,
}

impl Incremental {
    fn start(root: &Path, addresses: Addresses, base_url: Option<&str>) -> Incremental {
        let (rebuilder, site) = Rebuilder::new(root, addresses).expect("the sample builds");
        Incremental {
            rebuilder,
            site,
            base_url: base_url.map(str::to_string),
        }
    }

    /// Rebuilds after `changed`; returns how many pages were rendered (`None`: all).
    fn rebuild(&mut self, changed: &[PathBuf]) -> Option<usize> {
        match self.rebuilder.rebuild(changed).expect("the change builds") {
            Rebuilt::Everything(site) => {
                self.site = site;
                None
            }
            Rebuilt::Patch {
                pages,
                written,
                removed,
            } => {
                for path in &removed {
                    assert!(self.site.remove(path).is_some(), "{path} was not there");
                }
                for (path, bytes) in written.iter() {
                    self.site.insert(path, bytes.to_vec());
                }
                Some(pages)
            }
        }
    }

    /// Every path and every byte as a full build of the files as they are now.
    fn assert_as_full_build(&self, root: &Path, step: &str) {
        let full = full_build(root, self.base_url.as_deref());
        let differ: Vec<&str> = full
            .iter()
            .filter(|(path, bytes)| self.site.get(path) != Some(*bytes))
            .map(|(path, _)| path)
            .chain(
                self.site
                    .iter()
                    .filter(|(path, _)| full.get(path).is_none())
                    .map(|(path, _)| path),
            )
            .collect();
        assert!(
            differ.is_empty(),
            "{step}: {} file(s) differ from a full build: {differ:?}",
            differ.len()
        );
        let warnings = |d: &rapport::core::diagnostics::Diagnostics| {
            d.clone()
                .into_sorted()
                .into_iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
        };
        let project = rapport::prepare(root, self.base_url.as_deref()).unwrap();
        assert_eq!(
            warnings(self.rebuilder.warnings()),
            warnings(&project.warnings),
            "{step}: warnings"
        );
    }
}

/// Runs the series of edits, checking the site against a full build after each.
fn edits_give_a_full_builds_bytes(addresses: Addresses, base_url: Option<&str>) {
    let project = sample(base_url);
    let root = project.path();
    // `ServerRoot` turns a configured base URL into the server's root.
    let full_base = match addresses {
        Addresses::ServerRoot => base_url.map(|_| ""),
        Addresses::AsConfigured => None,
    };
    let mut site = Incremental::start(root, addresses, full_base);
    site.assert_as_full_build(root, "first build");
    let pages = site
        .site
        .iter()
        .filter(|(p, _)| p.ends_with(".html"))
        .count();

    // A word in a paragraph: the page and its edition's printable page, nothing else.
    let page = edit(root, "content/2022/fr/01-introduction.md", |t| {
        t.replacen(BODY, &format!("{BODY}(modifiée) "), 1)
    });
    assert_eq!(site.rebuild(&[page]), Some(2));
    site.assert_as_full_build(root, "a paragraph's text");

    // A page's description: the page alone (its head), and the printable page.
    let page = edit(root, "content/2022/en/04-cross-cutting.md", |t| {
        t.replacen("+++\n\n", "description = \"Cross-cutting.\"\n+++\n\n", 1)
    });
    assert_eq!(site.rebuild(&[page]), Some(2));
    site.assert_as_full_build(root, "a description");

    // A warning comes (a level-1 heading in the body), and goes.
    let heading = "\n# Un titre de trop\n\n";
    let page = edit(root, "content/2022/fr/01-introduction.md", |t| {
        t.replacen("\n\n", heading, 1)
    });
    site.rebuild(&[page]).expect("a partial rebuild");
    site.assert_as_full_build(root, "a warning");
    assert!(
        (site.rebuilder.warnings().iter()).any(|d| !d.is_error() && d.message.contains("level-1")),
        "the warning is reported"
    );
    let page = edit(root, "content/2022/fr/01-introduction.md", |t| {
        t.replacen(heading, "\n\n", 1)
    });
    site.rebuild(&[page]).expect("a partial rebuild");
    site.assert_as_full_build(root, "a warning gone");

    // Saved without a change: nothing to render.
    let same = root.join("content/2022/en/04-cross-cutting.md");
    std::fs::write(&same, std::fs::read(&same).unwrap()).unwrap();
    assert_eq!(site.rebuild(&[same]), Some(0));

    // A title: every page of the edition in that language lists it.
    let page = edit(root, "content/2022/en/02-outcome-1.md", |t| {
        t.replacen("title = \"", "title = \"Renamed: ", 1)
    });
    let rendered = site.rebuild(&[page]).expect("a partial rebuild");
    assert!(
        rendered > 2 && rendered < pages / 2,
        "{rendered} of {pages}"
    );
    site.assert_as_full_build(root, "a title");

    // A paragraph added in one language only: the languages diverge, an error located in
    // the page; the last good site stands.
    let fr = edit(root, "content/2022/fr/03-outcome-2.md", |t| {
        t.replacen("\n\n", "\n\nUn paragraphe ajouté.\n\n", 1)
    });
    let Err(rapport::core::diagnostics::Error::Content(problems)) =
        site.rebuilder.rebuild(std::slice::from_ref(&fr))
    else {
        panic!("diverging languages are an error")
    };
    assert!(
        problems
            .iter()
            .any(|d| d.is_error() && d.path.ends_with("en/03-outcome-2.md") && d.line > 1),
        "{problems:?}"
    );
    // …and in the other: every later paragraph of the edition is renumbered.
    let en = edit(root, "content/2022/en/03-outcome-2.md", |t| {
        t.replacen("\n\n", "\n\nAn added paragraph.\n\n", 1)
    });
    site.rebuild(&[en]).expect("a partial rebuild");
    site.assert_as_full_build(root, "a paragraph added");

    // A broken page: its problem, located; fixed, the site is as a full build.
    let broken = edit(root, "content/2022/fr/04-cross-cutting.md", |t| {
        t.replacen("weight = ", "weight = \"", 1)
    });
    match site.rebuilder.rebuild(std::slice::from_ref(&broken)) {
        Err(rapport::core::diagnostics::Error::Content(problems)) => assert!(
            problems
                .iter()
                .any(|d| d.path == broken && d.line == 3 && d.is_error()),
            "{problems:?}"
        ),
        other => panic!("a broken page builds: {other:?}"),
    }
    let fixed = edit(root, "content/2022/fr/04-cross-cutting.md", |t| {
        t.replacen("weight = \"", "weight = ", 1)
    });
    site.rebuild(&[fixed]);
    site.assert_as_full_build(root, "a broken page, fixed");

    // An indicators block of the archived edition that shows other indicators: its
    // charts change, and the later edition's trend pages link to where each is shown.
    let fr = edit(root, "content/2021/fr/03-outcome-2.md", |t| {
        t.replacen("outcome = \"2\"", "ids = [\"1.1.a\"]", 1)
    });
    site.rebuild(&[fr]).expect("a partial rebuild");
    site.assert_as_full_build(root, "an indicators block");

    // Data: the edition, its open data and the trend pages of every edition.
    let data = edit(root, "content/2021/indicators.toml", |t| {
        t.replacen("text.en = \"", "text.en = \"Edited: ", 1)
    });
    site.rebuild(&[data]).expect("a partial rebuild");
    site.assert_as_full_build(root, "indicators.toml");

    // An indicator new in 2022, then reported in 2021 too: 2022 gains its trend pages,
    // and the 2022 table that shows it links to them.
    let indicator = "\n[[indicators]]\nid = \"1.1.z\"\noutput = \"1.1\"\ndescription.fr = \"Nouveau.\"\ndescription.en = \"New.\"\n";
    for year in ["2022", "2021"] {
        let data = edit(root, &format!("content/{year}/indicators.toml"), |t| {
            format!("{t}{indicator}")
        });
        site.rebuild(&[data]).expect("a partial rebuild");
        site.assert_as_full_build(root, &format!("an indicator new in {year}"));
    }
    // …and no longer in 2021: its trend pages are gone.
    let data = edit(root, "content/2021/indicators.toml", |t| {
        t.replace(indicator, "")
    });
    site.rebuild(&[data]).expect("a partial rebuild");
    site.assert_as_full_build(root, "an indicator gone from 2021");

    // A page added in both languages, and an image beside the pages.
    let added: Vec<PathBuf> = [("fr", "Annexe"), ("en", "Annex")]
        .iter()
        .map(|(lang, title)| {
            write(
                root,
                &format!("content/2022/{lang}/05-annex.md"),
                &format!("+++\ntitle = \"{title}\"\nweight = 5\n+++\n\n{title}.\n"),
            )
        })
        .chain([write(root, "content/2022/fr/images/chart.svg", "<svg/>")])
        .collect();
    site.rebuild(&added).expect("a partial rebuild");
    site.assert_as_full_build(root, "a page added");

    // A new slug in the latest edition: its address moves, and so do the links to it from
    // the archived edition (its pages link to the same page in the latest edition, and one
    // links to this page by its file).
    let moved = edit(root, "content/2022/fr/02-outcome-1.md", |t| {
        t.replacen("slug = \"", "slug = \"moved-", 1)
    });
    site.rebuild(&[moved]).expect("a partial rebuild");
    site.assert_as_full_build(root, "a new slug");

    // A page removed in both languages, with an editor's temporary file that came and went.
    let removed: Vec<PathBuf> = ["fr", "en"]
        .iter()
        .map(|lang| {
            let path = root.join(format!("content/2022/{lang}/05-annex.md"));
            std::fs::remove_file(&path).unwrap();
            path
        })
        .chain([root.join("content/2022/fr/01-introduction.md.tmp")])
        .collect();
    site.rebuild(&removed).expect("a partial rebuild");
    site.assert_as_full_build(root, "a page removed");

    // Nothing a build reads: nothing to do.
    let gone = root.join("content/2022/en/01-introduction.md.tmp");
    assert_eq!(site.rebuild(&[gone]), Some(0));

    // The configuration: everything.
    let config = edit(root, "rapport.toml", |t| {
        t.replacen("en = \"", "en = \"Edited: ", 1)
    });
    assert_eq!(site.rebuild(&[config]), None);
    site.assert_as_full_build(root, "rapport.toml");
}

#[test]
fn edits_rebuilt_in_part_give_a_full_builds_bytes() {
    edits_give_a_full_builds_bytes(Addresses::AsConfigured, None);
}

#[test]
fn edits_rebuilt_in_part_give_a_full_builds_bytes_with_a_base_url_and_sitemap() {
    edits_give_a_full_builds_bytes(Addresses::AsConfigured, Some("https://example.org/r/"));
}

#[test]
fn edits_rebuilt_in_part_give_a_full_builds_bytes_for_a_preview() {
    edits_give_a_full_builds_bytes(Addresses::ServerRoot, Some("https://example.org/r/"));
}

/// A file saved while serving at the path of a generated page is refused, as a build
/// refuses it, and the site recovers once it is moved away.
#[test]
fn a_file_saved_over_a_generated_page_is_refused_while_serving() {
    let dir = sample(None);
    let root = dir.path();
    let mut served = Incremental::start(root, Addresses::AsConfigured, None);
    let over = write(
        root,
        "content/2022/en/index.html",
        "<title>not the home</title>\n",
    );
    let refused = served.rebuilder.rebuild(std::slice::from_ref(&over));
    let Err(rapport::core::diagnostics::Error::Content(problems)) = refused else {
        panic!("the rebuild accepted a file over the edition home");
    };
    assert!(
        problems
            .iter()
            .any(|d| d.message.contains("generated file 2022/en/index.html")),
        "{problems:?}"
    );
    std::fs::remove_file(&over).unwrap();
    served.rebuild(&[over]);
    served.assert_as_full_build(root, "the file moved away");
}

/// Pages paired by `translation_key` under names that differ (the three-language
/// fixture): an edit, a key that no longer pairs and its fix, and a renamed file keep the
/// served site as a full build makes it.
#[test]
fn pages_paired_by_key_are_rebuilt_as_a_full_build_makes_them() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    copy_dir(&repo().join("tests/fixtures/trilingual"), root);
    let mut site = Incremental::start(root, Addresses::AsConfigured, None);
    site.assert_as_full_build(root, "first build");

    let page = edit(root, "content/2024/es/02-eje-a.md", |t| {
        t.replacen(BODY, &format!("{BODY}(modificado) "), 1)
    });
    site.rebuild(&[page]).expect("a partial rebuild");
    site.assert_as_full_build(root, "a paragraph of a keyed page");

    // A key that pairs with nothing: one error, at the page; the last good site stands.
    let page = edit(root, "content/2024/es/02-eje-a.md", |t| {
        t.replacen(
            "translation_key = \"axis-a\"",
            "translation_key = \"eje-a\"",
            1,
        )
    });
    let Err(rapport::core::diagnostics::Error::Content(problems)) =
        site.rebuilder.rebuild(std::slice::from_ref(&page))
    else {
        panic!("a key that pairs with nothing is an error")
    };
    assert!(
        problems.iter().any(|d| d.message.contains("translation")),
        "{problems:?}"
    );
    let page = edit(root, "content/2024/es/02-eje-a.md", |t| {
        t.replacen(
            "translation_key = \"eje-a\"",
            "translation_key = \"axis-a\"",
            1,
        )
    });
    site.rebuild(&[page]).expect("the fix rebuilds");
    site.assert_as_full_build(root, "the key fixed");

    // A translation renamed, its key kept: still paired.
    let from = root.join("content/2024/es/03-eje-b.md");
    let to = root.join("content/2024/es/03-datos-abiertos.md");
    std::fs::rename(&from, &to).unwrap();
    site.rebuild(&[from, to])
        .expect("a renamed translation rebuilds");
    site.assert_as_full_build(root, "a translation renamed");
}
