//! Publication is atomic and confined: a build killed mid-write leaves the previous site
//! byte for byte, the next build removes what the killed one left, rapport writes nothing
//! outside its output folder, and it only replaces a folder it created.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::{Fixture, add_assets, rapport, snapshot, write_tree};

fn staging_folders(root: &Path) -> Vec<String> {
    std::fs::read_dir(root)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.rapport-new-") || n.starts_with(".output.rapport-old-"))
        .collect()
}

fn status(f: &Fixture, args: &[&str]) -> (i32, String) {
    let out = f.run(args);
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().expect("exit code"), stderr)
}

#[test]
fn a_killed_build_leaves_the_old_site_and_the_next_build_cleans_up() {
    let f = Fixture::bilingual();
    f.build();
    let old = snapshot(&f.root().join("output"));
    // The new version of the project, and the site it gives (builds are deterministic).
    add_assets(&f, 400, 256 * 1024);
    f.write(
        "content/2022/en/01-intro.md",
        &std::fs::read_to_string(f.root().join("content/2022/en/01-intro.md"))
            .unwrap()
            .replace("First paragraph", "First, revised, paragraph"),
    );
    let (code, stderr) = status(&f, &["build", "--output", "reference"]);
    assert_eq!(code, 0, "{stderr}");
    let new = snapshot(&f.root().join("reference"));
    std::fs::remove_dir_all(f.root().join("reference")).unwrap();
    assert_ne!(old, new);

    let mut caught = false;
    for attempt in 1..=5 {
        let mut child = rapport(f.root())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("run rapport");
        let started = Instant::now();
        let mut seen = false;
        while started.elapsed() < Duration::from_secs(120) {
            if !staging_folders(f.root()).is_empty() {
                seen = true;
                break;
            }
            if child.try_wait().unwrap().is_some() {
                break;
            }
            std::hint::spin_loop();
        }
        child.kill().ok(); // SIGKILL: no cleanup code runs.
        child.wait().unwrap();
        let now = snapshot(&f.root().join("output"));
        assert!(
            now == old || now == new,
            "attempt {attempt}: output/ is neither the old site nor the new one"
        );
        if seen && now == old {
            caught = true;
            eprintln!(
                "attempt {attempt}: killed mid-write; leftover {:?}",
                staging_folders(f.root())
            );
            break;
        }
        // The build finished before the kill: put the old site back and try again.
        eprintln!("attempt {attempt}: the build finished before it could be killed; retrying");
        std::fs::remove_dir_all(f.root().join("output")).unwrap();
        write_tree(&f.root().join("output"), &old);
    }
    assert!(caught, "could not kill a build mid-write in 5 attempts");
    assert_eq!(
        snapshot(&f.root().join("output")),
        old,
        "output/ changed under a killed build"
    );
    assert!(
        !staging_folders(f.root()).is_empty(),
        "the killed build left no staging folder (it was killed before writing)"
    );

    let (code, stderr) = status(&f, &["build"]);
    assert_eq!(code, 0, "{stderr}");
    assert_eq!(
        staging_folders(f.root()),
        Vec::<String>::new(),
        "the next build left the staging folder"
    );
    assert!(
        snapshot(&f.root().join("output")) == new,
        "the next build did not publish the new site"
    );
}

/// Every file under `dir` except those under `skip` (relative paths).
fn snapshot_except(dir: &Path, skip: &[&str]) -> BTreeMap<String, Vec<u8>> {
    snapshot(dir)
        .into_iter()
        .filter(|(rel, _)| !skip.iter().any(|s| rel.starts_with(s)))
        .collect()
}

#[test]
fn a_build_writes_nothing_outside_its_output_folder() {
    let outer = tempfile::tempdir().unwrap();
    let f = Fixture::bilingual();
    let site = outer.path().join("site");
    std::fs::write(outer.path().join("neighbour.txt"), "not rapport's").unwrap();
    let project_before = snapshot_except(f.root(), &["output"]);
    let outer_before = snapshot_except(outer.path(), &["site"]);
    for _ in 0..2 {
        let (code, stderr) = status(&f, &["build", "--output", site.to_str().unwrap()]);
        assert_eq!(code, 0, "{stderr}");
    }
    assert_eq!(
        snapshot_except(f.root(), &["output"]),
        project_before,
        "the project changed"
    );
    assert_eq!(
        snapshot_except(outer.path(), &["site"]),
        outer_before,
        "the folder beside the output changed"
    );
    assert!(site.join(".rapport-output").is_file());
    assert!(!f.root().join("output").exists());
    let names: Vec<String> = std::fs::read_dir(outer.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        names.iter().all(|n| n == "site" || n == "neighbour.txt"),
        "{names:?}"
    );
}

#[test]
fn a_failed_build_creates_nothing() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/fr/01-intro.md",
        "+++\ntitle = \"Intro\"\nweight = \"un\"\n+++\n\nTexte.\n",
    );
    let before = snapshot(f.root());
    let (code, stderr) = status(&f, &["build"]);
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(snapshot(f.root()), before);
    assert!(!f.root().join("output").exists());
    assert!(staging_folders(f.root()).is_empty());
}

#[test]
fn a_non_empty_folder_without_the_marker_is_only_replaced_with_force() {
    let f = Fixture::bilingual();
    let out = f.root().join("output");
    std::fs::create_dir_all(&out).unwrap();
    std::fs::write(out.join("thesis.docx"), "someone's work").unwrap();
    let (code, stderr) = status(&f, &["build"]);
    assert_eq!(code, 2, "{stderr}");
    assert!(
        stderr.contains("not empty and was not written by rapport"),
        "{stderr}"
    );
    assert!(stderr.contains("--force"), "{stderr}");
    assert_eq!(
        std::fs::read_to_string(out.join("thesis.docx")).unwrap(),
        "someone's work"
    );

    let (code, stderr) = status(&f, &["build", "--force"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(!out.join("thesis.docx").exists());
    assert!(out.join(".rapport-output").is_file());
    // Now rapport created it: later builds replace it without --force.
    let (code, stderr) = status(&f, &["build"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_output_folder_may_not_hold_the_project_or_its_sources() {
    let f = Fixture::bilingual();
    let before = snapshot(f.root());
    for output in [
        ".",
        "..",
        "content",
        "content/2022/site",
        "themes",
        "themes/default/static",
        "/",
    ] {
        let (code, stderr) = status(&f, &["build", "--output", output]);
        assert_eq!(code, 2, "--output {output}: {stderr}");
        assert!(
            stderr.starts_with("rapport: error: refusing"),
            "--output {output}: {stderr}"
        );
    }
    assert_eq!(snapshot(f.root()), before);
}
