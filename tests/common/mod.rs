//! Shared helpers for integration tests: small fixture projects in temporary folders,
//! the real binary, and parsed HTML.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A project in a temporary folder, with the repository's default theme.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A minimal bilingual project: two pages with numbered paragraphs, a footnote,
    /// an indicator table and cross-language links.
    pub fn bilingual() -> Fixture {
        let f = Fixture::empty();
        f.write(
            "rapport.toml",
            "languages = [\"fr\", \"en\"]\n[title]\nfr = \"Rapports\"\nen = \"Reports\"\n",
        );
        f.write(
            "content/2022/edition.toml",
            r#"year = 2022
date = "2023-03-01"
[title]
fr = "Rapport 2022"
en = "2022 report"
[totals]
completed_projects = 3
[[outcomes]]
id = "1"
title.fr = "Une OIT efficiente"
title.en = "An efficient ILO"
[[outputs]]
id = "1.1"
outcome = "1"
title.fr = "Processus automatisés"
title.en = "Automated processes"
"#,
        );
        f.write(
            "content/2022/indicators.toml",
            r#"[[indicators]]
id = "1.1.a"
output = "1.1"
description.fr = "Pourcentage des bureaux"
description.en = "Percentage of offices"
verification.fr = "Registre"
verification.en = "Register"
[indicators.baseline]
text.fr = "16%: 21 bureaux sur 131."
text.en = "16%: 21 of 131 offices."
value = 16
unit = "percent"
[indicators.milestone]
text.fr = "100%"
text.en = "100%"
value = 100
unit = "percent"
"#,
        );
        f.write(
            "content/2022/fr/01-intro.md",
            "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n\nPremier paragraphe[^n].\n\nDeuxième, voir [le résultat](02-resultat.md#p3) et [English](../en/01-intro.md#p2).\n\n{-} Une note non numérotée.\n\n[^n]: Une note.\n",
        );
        f.write(
            "content/2022/en/01-intro.md",
            "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n\nFirst paragraph[^n].\n\nSecond, see [the outcome](02-resultat.md#p3) and [français](../fr/01-intro.md#p2).\n\n{-} An unnumbered note.\n\n[^n]: A note.\n",
        );
        f.write(
            "content/2022/fr/02-resultat.md",
            "+++\ntitle = \"Résultat 1\"\nweight = 2\nslug = \"resultat-1\"\n+++\n\nTroisième.\n\n## Produit 1.1\n\nQuatrième.\n\n## Indicateurs\n\n```{indicators}\noutcome = \"1\"\n```\n",
        );
        f.write(
            "content/2022/en/02-resultat.md",
            "+++\ntitle = \"Outcome 1\"\nweight = 2\nslug = \"outcome-1\"\n+++\n\nThird.\n\n## Output 1.1\n\nFourth.\n\n## Indicators\n\n```{indicators}\noutcome = \"1\"\n```\n",
        );
        f
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

    /// The project folder.
    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// Writes a file of the project, creating folders.
    pub fn write(&self, rel: &str, text: &str) {
        let path = self.root().join(rel);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }

    /// Runs the rapport binary with arguments, in the project folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_rapport"))
            .args(args)
            .current_dir(self.root())
            .output()
            .expect("run rapport")
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

    /// Reads a built page and parses it.
    pub fn page(&self, rel: &str) -> scraper::Html {
        let path = self.root().join("output").join(rel);
        let text =
            std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        scraper::Html::parse_document(&text)
    }
}

/// Copies a folder tree.
pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.expect("walk");
        let rel = entry.path().strip_prefix(from).expect("prefix");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("mkdir");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy");
        }
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
