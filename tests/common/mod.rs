//! Shared helpers for integration tests: small fixture projects in temporary folders,
//! the real binary, and parsed HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

mod builder;
pub mod pdf;
pub mod svg;

#[allow(unused_imports)] // each test binary uses its own part
pub use builder::{Edition, INDICATORS, Page, ProjectBuilder, copy_dir, repo, write};

/// The rapport binary, run in `root`.
pub fn rapport(root: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_rapport"));
    command.current_dir(root);
    command
}

/// A project in a temporary folder, with the repository's default theme.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// The project a builder describes, written into a temporary folder.
    pub fn new(project: &ProjectBuilder) -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        project.write_to(dir.path());
        Fixture { dir }
    }

    /// A minimal bilingual project: two pages with numbered paragraphs, a footnote,
    /// an indicator table and cross-language links ([`ProjectBuilder::bilingual`]).
    pub fn bilingual() -> Fixture {
        Fixture::new(&ProjectBuilder::bilingual())
    }

    /// An empty folder with the repository's default theme.
    pub fn empty() -> Fixture {
        let dir = tempfile::tempdir().expect("temporary folder");
        copy_dir(
            &repo().join("themes/default"),
            &dir.path().join("themes/default"),
        );
        Fixture { dir }
    }

    /// A copy of a folder of the repository (a fixture kept as files, such as
    /// `tests/fixtures/editions`), with the repository's default theme.
    pub fn copy_of(rel: &str) -> Fixture {
        let f = Fixture::empty();
        copy_dir(&repo().join(rel), f.root());
        f
    }

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the project, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        write(self.root(), rel, text);
    }

    /// Runs the rapport binary with arguments, in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        rapport(self.root())
            .args(args)
            .output()
            .expect("run rapport")
    }

    /// Runs the rapport binary and asserts success.
    pub fn run_ok(&self, args: &[&str]) -> Output {
        let out = self.run(args);
        assert!(
            out.status.success(),
            "rapport {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// Builds the project into `output/` with the binary and asserts success.
    pub fn build(&self) -> Output {
        let out = self.run(&["build"]);
        assert!(
            out.status.success(),
            "build failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The output folder.
    pub fn out(&self) -> PathBuf {
        self.root().join("output")
    }

    /// Reads a built file as text.
    pub fn read(&self, rel: &str) -> String {
        let path = self.out().join(rel);
        std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    /// Whether a built file exists.
    pub fn exists(&self, rel: &str) -> bool {
        self.out().join(rel).is_file()
    }

    /// Reads a built page and parses it.
    pub fn page(&self, rel: &str) -> scraper::Html {
        scraper::Html::parse_document(&self.read(rel))
    }
}

/// Writes every file of a snapshot under a folder.
pub fn write_tree(dir: &Path, files: &BTreeMap<String, Vec<u8>>) {
    for (rel, bytes) in files {
        let path = dir.join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, bytes).expect("write");
    }
}

/// Every file under a folder, relative path → bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut files = BTreeMap::new();
    if !dir.exists() {
        return files;
    }
    for entry in walkdir::WalkDir::new(dir).sort_by_file_name() {
        let entry = entry.expect("walk");
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(dir).expect("prefix");
            files.insert(
                rel.to_string_lossy().into_owned(),
                std::fs::read(entry.path()).expect("read"),
            );
        }
    }
    files
}

/// Selects elements with a CSS selector.
pub fn select<'a>(doc: &'a scraper::Html, css: &str) -> Vec<scraper::ElementRef<'a>> {
    let selector = scraper::Selector::parse(css).expect("selector");
    doc.select(&selector).collect()
}

/// The text of an element, whitespace collapsed.
pub fn text(el: &scraper::ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The text of an element with ASCII whitespace collapsed: the no-break spaces of French
/// numbers and punctuation are kept.
pub fn text_keeping_nbsp(el: &scraper::ElementRef<'_>) -> String {
    el.text()
        .collect::<String>()
        .split_ascii_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// An attribute of an element, which must be there.
pub fn attr<'a>(el: &scraper::ElementRef<'a>, name: &str) -> &'a str {
    el.value()
        .attr(name)
        .unwrap_or_else(|| panic!("no {name} on {}", el.html()))
}

/// Adds `count` binary assets of `size` bytes to the 2022 edition: enough data that
/// writing the site takes a while.
pub fn add_assets(f: &Fixture, count: usize, size: usize) {
    let dir = f.root().join("content/2022/data");
    std::fs::create_dir_all(&dir).expect("folder");
    for i in 0..count {
        let byte = (i % 251) as u8;
        std::fs::write(dir.join(format!("table-{i:04}.bin")), vec![byte; size]).expect("write");
    }
}

/// Loads, validates and renders a project in memory, as `build` does before writing;
/// panics with every located problem when the project has errors.
pub fn render_in_memory(root: &Path) -> rapport::core::output::Output {
    let prepared = match rapport::prepare(root, None) {
        Ok(p) => p,
        Err(rapport::core::diagnostics::Error::Content(d)) => panic!(
            "{}",
            d.iter()
                .map(|d| d.to_string())
                .collect::<Vec<_>>()
                .join("\n")
        ),
        Err(e) => panic!("{e}"),
    };
    rapport::render_project(&prepared).expect("render").0
}
