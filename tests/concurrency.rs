//! Publication under concurrency and interruption: two builds into one output folder,
//! a build killed at any moment or between the two renames of the fallback swap, a
//! cleanup that fails after the new site is live, and a killed `new-edition`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::{Fixture, add_assets, rapport, snapshot, write_tree};

/// Names beside the output folder that rapport uses while it works.
fn work_folders(parent: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(parent)
        .unwrap()
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".output.rapport-"))
        .collect();
    names.sort();
    names
}

fn file_set(dir: &Path) -> BTreeSet<String> {
    snapshot(dir).into_keys().collect()
}

fn two_builds_at_once(rounds: usize) {
    let f = Fixture::bilingual();
    add_assets(&f, 60, 64 * 1024);
    let reference = f.root().join("reference");
    let out = rapport(f.root())
        .args(["build", "--output", "reference"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let expected = snapshot(&reference);
    std::fs::remove_dir_all(&reference).unwrap();
    let mut waited = 0;
    for round in 1..=rounds {
        let children: Vec<_> = (0..2)
            .map(|_| {
                rapport(f.root())
                    .arg("build")
                    .stdout(Stdio::null())
                    .stderr(Stdio::piped())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(out.status.success(), "round {round}: {stderr}");
            if stderr.contains("waiting for another build") {
                waited += 1;
            }
        }
        let output = f.root().join("output");
        assert!(
            output.join(".rapport-output").is_file(),
            "round {round}: no marker"
        );
        assert_eq!(
            file_set(&output),
            expected.keys().cloned().collect::<BTreeSet<_>>(),
            "round {round}: not the files of one build"
        );
        assert!(snapshot(&output) == expected, "round {round}: other bytes");
        assert_eq!(
            work_folders(f.root()),
            Vec::<String>::new(),
            "round {round}"
        );
    }
    eprintln!("{rounds} rounds of two builds at once: all complete; {waited} build(s) waited");
}

#[test]
fn two_builds_at_once_leave_one_complete_site() {
    two_builds_at_once(12);
}

/// The rounds of a long test: `ROUNDS` in the environment, or `default`.
fn rounds(default: usize) -> usize {
    std::env::var("ROUNDS")
        .ok()
        .and_then(|r| r.parse().ok())
        .unwrap_or(default)
}

/// `cargo test --test concurrency -- --ignored`: the 100 rounds of the issue.
#[test]
#[ignore]
fn two_builds_at_once_a_hundred_times() {
    two_builds_at_once(rounds(100));
}

/// Kills a build at spread-out moments with SIGKILL; the output folder is always the old
/// site or the new one, and the next build publishes the new one with nothing left over.
fn killed_builds(rounds: usize) {
    let f = Fixture::bilingual();
    f.build();
    let output = f.root().join("output");
    let old = snapshot(&output);
    add_assets(&f, 200, 128 * 1024);
    let out = rapport(f.root())
        .args(["build", "--output", "reference"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let new = snapshot(&f.root().join("reference"));
    std::fs::remove_dir_all(f.root().join("reference")).unwrap();
    let (mut saw_old, mut saw_new) = (0, 0);
    for round in 0..rounds {
        let mut child = rapport(f.root())
            .arg("build")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(5 + (round as u64 * 37) % 400));
        child.kill().ok();
        child.wait().unwrap();
        let now = snapshot(&output);
        if now == old {
            saw_old += 1;
        } else if now == new {
            saw_new += 1;
            // Back to the old site for the next round.
            std::fs::remove_dir_all(&output).unwrap();
            write_tree(&output, &old);
        } else {
            panic!(
                "round {round}: output/ is neither the old site nor the new one ({} files)",
                now.len()
            );
        }
    }
    let status = rapport(f.root()).arg("build").output().unwrap();
    assert!(
        status.status.success(),
        "{}",
        String::from_utf8_lossy(&status.stderr)
    );
    assert!(snapshot(&output) == new);
    assert_eq!(work_folders(f.root()), Vec::<String>::new());
    eprintln!(
        "{rounds} killed builds: old site {saw_old} time(s), new site {saw_new}, never a mix"
    );
}

/// `cargo test --test concurrency -- --ignored`: builds killed at 40 moments (`ROUNDS=N`
/// for more).
#[test]
#[ignore]
fn builds_killed_at_many_moments() {
    killed_builds(rounds(40));
}

/// A build killed between the two renames of the fallback swap (file systems without an
/// atomic exchange) leaves no output folder; the next build finishes the swap, even when
/// it fails itself.
#[test]
fn a_build_killed_between_the_fallback_renames_is_finished_by_the_next() {
    needs_fault_injection();
    let f = Fixture::bilingual();
    f.build();
    let output = f.root().join("output");
    let old = snapshot(&output);
    f.write(
        "content/2022/en/01-intro.md",
        &std::fs::read_to_string(f.root().join("content/2022/en/01-intro.md"))
            .unwrap()
            .replace("First paragraph", "First, revised, paragraph"),
    );
    let killed = rapport(f.root())
        .arg("build")
        .env("RAPPORT_TEST_FAULT", "no-exchange,abort-between-renames")
        .output()
        .unwrap();
    assert!(!killed.status.success(), "the build was not stopped");
    assert!(
        !output.exists(),
        "the build stopped before the first rename"
    );
    // The two halves of the swap, and the killed build's lock file (a file that locks
    // nothing once its process is gone).
    let left: Vec<String> = work_folders(f.root())
        .into_iter()
        .filter(|n| !n.ends_with("rapport-lock"))
        .collect();
    assert_eq!(left.len(), 2, "{left:?}");

    // A broken project: the next build fails, yet puts the finished site in place.
    let intro = f.root().join("content/2022/fr/01-intro.md");
    let good = std::fs::read_to_string(&intro).unwrap();
    std::fs::write(&intro, "+++\ntitle = 3\n+++\n").unwrap();
    let failed = rapport(f.root()).arg("build").output().unwrap();
    assert_eq!(failed.status.code(), Some(1));
    let now = snapshot(&output);
    assert!(now != old && !now.is_empty(), "output/ is not the new site");
    assert_eq!(work_folders(f.root()), Vec::<String>::new());

    std::fs::write(&intro, good).unwrap();
    let out = rapport(f.root()).arg("build").output().unwrap();
    assert!(out.status.success());
    assert!(
        snapshot(&output) == now,
        "the finished swap is not the new site"
    );
}

/// Without an atomic exchange, a build publishes through two renames.
#[test]
fn the_fallback_swap_publishes_the_site() {
    let f = Fixture::bilingual();
    f.build();
    let before = snapshot(&f.root().join("output"));
    let out = rapport(f.root())
        .arg("build")
        .env("RAPPORT_TEST_FAULT", "no-exchange")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(snapshot(&f.root().join("output")) == before);
    assert_eq!(work_folders(f.root()), Vec::<String>::new());
}

/// When the previous site cannot be removed after the swap, the build says the new site
/// is published and names what is left, and exits 0.
#[test]
fn a_cleanup_failure_after_the_swap_is_a_warning() {
    needs_fault_injection();
    for fault in ["fail-removal", "no-exchange,fail-removal"] {
        let f = Fixture::bilingual();
        f.build();
        let output = f.root().join("output");
        // A folder the build's user may not empty. Root ignores permissions: the fault
        // injection stands in for it there.
        let locked = output.join("2022/locked");
        std::fs::create_dir_all(locked.join("inner")).unwrap();
        std::fs::write(locked.join("inner/file"), "x").unwrap();
        set_mode(&locked, 0o555);
        f.write(
            "content/2022/en/01-intro.md",
            &std::fs::read_to_string(f.root().join("content/2022/en/01-intro.md"))
                .unwrap()
                .replace("First paragraph", "First, revised, paragraph"),
        );
        let mut build = rapport(f.root());
        build.arg("build");
        if is_root(f.root()) {
            build.env("RAPPORT_TEST_FAULT", fault);
        } else if fault.contains("no-exchange") {
            build.env("RAPPORT_TEST_FAULT", "no-exchange");
        }
        let out = build.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{fault}: {stderr}");
        assert!(
            stderr.contains("warning: the new site is published in ./output, but the previous site could not be removed"),
            "{fault}: {stderr}"
        );
        let left = work_folders(f.root());
        assert_eq!(left.len(), 1, "{fault}: {left:?}");
        assert!(
            stderr.contains(&left[0]),
            "{fault}: the path is not named: {stderr}"
        );
        assert!(
            !output.join("2022/locked").exists(),
            "{fault}: the old site is live"
        );
        let page = f.page("2022/en/intro/index.html");
        let text: String = page.root_element().text().collect();
        assert!(text.contains("First, revised, paragraph"), "{fault}");
        // Once the folder can be removed, the next build removes it.
        set_mode(&f.root().join(&left[0]).join("2022/locked"), 0o755);
        let out = rapport(f.root()).arg("build").output().unwrap();
        assert!(out.status.success());
        assert_eq!(work_folders(f.root()), Vec::<String>::new(), "{fault}");
    }
}

/// Whether the tests run as root, who may remove a read-only folder: a file they create
/// belongs to them.
fn is_root(dir: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    let probe = dir.join("owner-probe");
    std::fs::write(&probe, "").unwrap();
    let uid = std::fs::metadata(&probe).unwrap().uid();
    std::fs::remove_file(probe).unwrap();
    uid == 0
}

fn set_mode(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// `--output link/site` with `link` → `content/` writes into the content: refused on the
/// real path. So are a home folder and a folder holding `.git` or `.ssh`, even with
/// `--force`.
#[test]
fn the_output_folder_is_judged_by_its_real_path_and_contents() {
    let f = Fixture::bilingual();
    std::os::unix::fs::symlink(f.root().join("content"), f.root().join("link")).unwrap();
    std::os::unix::fs::symlink(f.root().join("themes"), f.root().join("tlink")).unwrap();
    std::os::unix::fs::symlink(f.root(), f.root().join("here")).unwrap();
    for dot in [".git", ".ssh"] {
        std::fs::create_dir_all(f.root().join(format!("holder{dot}/{dot}"))).unwrap();
    }
    std::fs::create_dir_all(f.root().join("env-holder")).unwrap();
    std::fs::write(f.root().join("env-holder/.env"), "SECRET=1").unwrap();
    let home = tempfile::tempdir().unwrap();
    let before = snapshot(f.root());
    for (output, force) in [
        ("link/site", false),
        ("link/2022/site", true),
        ("tlink/x", true),
        ("here", true),
        ("here/content/y", false),
        ("holder.git", true),
        ("holder.ssh", true),
        ("env-holder", true),
        (home.path().to_str().unwrap(), true),
    ] {
        let mut command = rapport(f.root());
        command.args(["build", "--output", output]);
        if force {
            command.arg("--force");
        }
        let out = command.env("HOME", home.path()).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "--output {output}: {stderr}");
        assert!(
            stderr.starts_with("rapport: error: refusing"),
            "--output {output}: {stderr}"
        );
    }
    assert_eq!(snapshot(f.root()), before);
}

/// A missing `--root` and a dangling `--output` symlink are usage errors (exit 2).
#[test]
fn a_missing_root_and_a_dangling_output_link_are_usage_errors() {
    let f = Fixture::bilingual();
    for args in [
        vec!["build", "--root", "nowhere"],
        vec!["check", "--root", "nowhere"],
        vec!["new-edition", "2023", "--root", "nowhere"],
        vec!["archive", "2022", "--root", "nowhere"],
    ] {
        let out = rapport(f.root()).args(&args).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains("nowhere") && stderr.contains("does not exist"),
            "{args:?}: {stderr}"
        );
    }
    std::os::unix::fs::symlink(f.root().join("gone"), f.root().join("dangling")).unwrap();
    let out = rapport(f.root())
        .args(["build", "--output", "dangling"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("dangling") && stderr.contains("symbolic link"),
        "{stderr}"
    );
    assert!(!f.root().join("gone").exists());
}

/// The PID of a process that has ended.
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

/// A killed `new-edition` leaves `content/.YEAR.rapport-new-PID`: never published nor
/// checked, and removed by the next `new-edition` once its process is gone.
#[test]
fn a_killed_new_edition_leaves_nothing_for_long() {
    let f = Fixture::bilingual();
    let dead = f
        .root()
        .join(format!("content/.2023.rapport-new-{}", dead_pid()));
    let other_year = f
        .root()
        .join(format!("content/.2030.rapport-new-{}", dead_pid()));
    let alive = f
        .root()
        .join(format!("content/.2023.rapport-new-{}", std::process::id()));
    for dir in [&dead, &other_year, &alive] {
        std::fs::create_dir_all(dir.join("en")).unwrap();
        std::fs::write(dir.join("edition.toml"), "year = 2023\nbroken = [").unwrap();
        std::fs::write(dir.join("en/01-x.md"), "+++\ntitle = 1\n+++\n").unwrap();
    }
    let check = rapport(f.root()).arg("check").output().unwrap();
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    f.build();
    let built = file_set(&f.root().join("output"));
    assert!(
        built
            .iter()
            .all(|p| !p.contains("2023") && !p.contains("rapport-new"))
    );

    let out = rapport(f.root())
        .args(["new-edition", "2024"])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!dead.exists(), "the leftover of a dead process stayed");
    assert!(
        !other_year.exists(),
        "the leftover of a dead process stayed"
    );
    assert!(alive.exists(), "a folder of a running process was removed");
    assert!(f.root().join("content/2024/edition.toml").is_file());
}

/// The faults these tests inject are read only by debug builds and by the
/// `fault-injection` feature (which `scripts/test.sh` turns on for its release tests).
fn needs_fault_injection() {
    if !cfg!(any(debug_assertions, feature = "fault-injection")) {
        panic!(
            "this test injects faults: run it in a debug build or with --features fault-injection"
        );
    }
}
