//! Every file built from the bundled sample and from `tests/fixtures/editions` has the
//! bytes recorded in `tests/checksums/*.sha256`: a change to the code that moves no rule
//! changes no output byte. When a change to the output is intended, `bash
//! scripts/checksums.sh` writes the lists again, and the diff shows which files changed.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use sha2::{Digest, Sha256};

use common::{repo, snapshot};

fn recorded(name: &str) -> BTreeMap<String, String> {
    let path = repo().join("tests/checksums").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{name}: {e}"));
    text.lines()
        .filter_map(|line| line.split_once("  "))
        .map(|(sum, path)| (path.to_string(), sum.to_string()))
        .collect()
}

fn built(root: &Path) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let out = dir.path().join("site");
    let status = Command::new(env!("CARGO_BIN_EXE_rapport"))
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(&out)
        .output()
        .expect("run rapport");
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    snapshot(&out)
        .into_iter()
        .filter(|(path, _)| path != ".rapport-output")
        .map(|(path, bytes)| {
            let sum = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            (path, sum)
        })
        .collect()
}

fn assert_same(name: &str, root: &Path) {
    let expected = recorded(name);
    let actual = built(root);
    let differ: Vec<&String> = expected
        .keys()
        .chain(actual.keys())
        .filter(|path| expected.get(*path) != actual.get(*path))
        .collect();
    assert!(
        differ.is_empty(),
        "{name}: {} file(s) differ from the recorded build (if intended, run `bash scripts/checksums.sh` and review the diff): {differ:?}",
        differ.len()
    );
}

#[test]
fn the_sample_builds_the_recorded_bytes() {
    assert_same("sample.sha256", &repo());
}

#[test]
fn the_three_edition_fixture_builds_the_recorded_bytes() {
    assert_same("editions.sha256", &repo().join("tests/fixtures/editions"));
}
