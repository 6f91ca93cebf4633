//! The bad-input corpus: every folder of `tests/bad_input/` is a small broken project
//! with an `expect.toml` that says what `rapport build` must answer: the exit code, a
//! fragment of its one-line `path:line:col: error: message`, and where it points.
//!
//! Each case is copied to a temporary folder with the repository's default theme and a
//! previously published `output/`; the real binary builds it. Whatever the input, rapport
//! must not panic, overflow its stack or hang, and a failed build must leave `output/`
//! byte-identical. Cases marked `generate` are completed here (binary files, 50 MB, links
//! and pipes that git cannot hold).

mod common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{copy_dir, repo, snapshot};

/// What a case expects; see any `tests/bad_input/*/expect.toml`.
#[derive(Debug, serde::Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    /// What is broken, in one line.
    about: String,
    /// The exit code: 1 content error, 2 usage error, 0 a working build.
    exit: i32,
    /// A fragment of the error line.
    message: Option<String>,
    /// The file the error points at, relative to the project.
    file: Option<String>,
    line: Option<usize>,
    column: Option<usize>,
    /// Extra arguments to `rapport build`.
    #[serde(default)]
    args: Vec<String>,
    /// A generator that completes the project (see [`generate`]).
    generate: Option<String>,
    /// Whether the error is a located `path:line:col: error:` line (default: exit 1).
    located: Option<bool>,
    /// The longest the build may take, in seconds (default: [`TIMEOUT`]).
    seconds: Option<u64>,
}

/// How long one build may take before it counts as a hang.
const TIMEOUT: Duration = Duration::from_secs(300);

fn corpus() -> Vec<(String, PathBuf, Expect)> {
    let dir = repo().join("tests/bad_input");
    let mut cases = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("tests/bad_input") {
        let path = entry.expect("entry").path();
        if !path.is_dir() {
            continue;
        }
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(path.join("expect.toml"))
            .unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
        let expect: Expect =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{name}/expect.toml: {e}"));
        cases.push((name, path, expect));
    }
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

#[test]
fn the_corpus_has_at_least_25_broken_projects() {
    let cases = corpus();
    let broken = cases.iter().filter(|(_, _, e)| e.exit != 0).count();
    assert!(broken >= 25, "only {broken} broken projects");
    for required in [
        "invalid-toml-config",
        "wrong-type-year",
        "unknown-key-config",
        "duplicate-indicator-id",
        "duplicate-slug",
        "page-missing-translation",
        "paragraph-count-differs",
        "non-utf8",
        "byte-order-mark",
        "crlf-line-ends",
        "empty-page",
        "huge-page",
        "deep-block-quotes",
        "deep-lists",
        "symlink-loop",
        "unreadable-file",
        "edition-not-a-year",
        "output-inside-content",
        "output-is-project-root",
        "name-with-backslash",
        "symlink-outside-edition",
        "non-utf8-file-names",
        "content-over-generated-page",
        "content-over-page-folder",
        "content-over-open-data",
        "theme-file-with-backslash",
    ] {
        assert!(
            cases.iter().any(|(n, _, _)| n == required),
            "missing case {required}"
        );
    }
}

/// Runs every case, two at a time, and reports every failure at once.
#[test]
fn every_case_gives_its_error_and_leaves_output_untouched() {
    let cases = corpus();
    let queue = std::sync::Mutex::new(cases.iter().collect::<Vec<_>>());
    let results = std::sync::Mutex::new(BTreeMap::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let Some((name, dir, expect)) = queue.lock().unwrap().pop() else {
                        break;
                    };
                    let started = Instant::now();
                    let result = std::panic::catch_unwind(|| run_case(name, dir, expect))
                        .unwrap_or_else(|_| Err("the test harness panicked".into()));
                    results
                        .lock()
                        .unwrap()
                        .insert(name.clone(), (result, started.elapsed()));
                }
            });
        }
    });
    let results = results.into_inner().unwrap();
    let mut failures = Vec::new();
    for (name, (result, elapsed)) in &results {
        match result {
            Ok(line) => eprintln!("ok   {name} ({:.1} s): {line}", elapsed.as_secs_f64()),
            Err(why) => {
                eprintln!("FAIL {name} ({:.1} s): {why}", elapsed.as_secs_f64());
                failures.push(name.clone());
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} case(s) failed: {failures:?}",
        failures.len()
    );
}

/// A case in a temporary folder, with the theme and a previously published site.
fn prepare(dir: &Path, expect: &Expect) -> (tempfile::TempDir, Option<u32>) {
    let tmp = tempfile::tempdir().expect("temporary folder");
    let root = tmp.path();
    copy_dir(dir, root);
    std::fs::remove_file(root.join("expect.toml")).expect("expect.toml");
    if !root.join("themes").exists() {
        copy_dir(&repo().join("themes/default"), &root.join("themes/default"));
    }
    let out = root.join("output");
    std::fs::create_dir_all(out.join("2022/old")).expect("output");
    std::fs::write(out.join(".rapport-output"), "written by rapport\n").expect("marker");
    std::fs::write(
        out.join("index.html"),
        "<!doctype html><title>Old site</title><p>old site</p>\n",
    )
    .expect("old page");
    std::fs::write(
        out.join("2022/old/index.html"),
        "<!doctype html><title>Old</title>\n",
    )
    .expect("old page");
    let user = expect.generate.as_ref().and_then(|g| generate(g, root));
    (tmp, user)
}

/// The unprivileged user that runs a case when root would read through permissions.
const NOBODY: u32 = 65534;

/// Completes a case with what git cannot hold or should not: binary text, huge files,
/// deep nesting, symbolic links, unreadable files, named pipes. Returns the user id to run
/// rapport as, when it must not be root.
fn generate(generator: &str, root: &Path) -> Option<u32> {
    let fr = root.join("content/2022/fr/01-intro.md");
    let en = root.join("content/2022/en/01-intro.md");
    let page = |title: &str, body: &[u8]| -> Vec<u8> {
        let mut bytes = format!("+++\ntitle = \"{title}\"\nweight = 1\n+++\n\n").into_bytes();
        bytes.extend_from_slice(body);
        bytes
    };
    match generator {
        // "Un été." in Latin-1: the first bad byte is `é` at line 6, column 4.
        "latin1-page" => {
            std::fs::write(&fr, page("Introduction", b"Un \xe9t\xe9.\n\nDeux.\n")).unwrap()
        }
        "png-page" => std::fs::write(&fr, b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01").unwrap(),
        "nul-bytes" => {
            std::fs::write(
                &fr,
                page("Introduction", b"Premier\0 paragraphe.\n\nDeux\0.\n"),
            )
            .unwrap();
            std::fs::write(&en, page("Introduction", b"First\0 paragraph.\n\nTwo\0.\n")).unwrap();
        }
        "huge-page" => {
            // 50 MB of ordinary paragraphs, with emphasis, links and footnote-like text.
            let paragraph = "Le Bureau a poursuivi la *modernisation* de ses systèmes, voir [la suite](#p1) et les **résultats** obtenus en 2022; les indicateurs sont présentés à la fin de chaque section.\n\n";
            let body = paragraph.repeat(50 * 1024 * 1024 / paragraph.len() + 1);
            std::fs::write(&fr, page("Introduction", body.as_bytes())).unwrap();
            std::fs::write(&en, page("Introduction", body.as_bytes())).unwrap();
        }
        "deep-quotes" => {
            let body = format!("Un.\n\n{}profond\n\nDeux.\n", ">".repeat(10_000));
            std::fs::write(&fr, page("Introduction", body.as_bytes())).unwrap();
            std::fs::write(&en, page("Introduction", body.as_bytes())).unwrap();
        }
        "deep-lists" => {
            let body = format!("Un.\n\n{}profond\n\nDeux.\n", "- ".repeat(10_000));
            std::fs::write(&fr, page("Introduction", body.as_bytes())).unwrap();
            std::fs::write(&en, page("Introduction", body.as_bytes())).unwrap();
        }
        "many-headings" => {
            let body: String = (0..40_000)
                .map(|i| {
                    format!("# Titre {i}\n\nParagraphe {i}, avec assez de texte pour peser.\n\n")
                })
                .collect();
            std::fs::write(&fr, page("Introduction", body.as_bytes())).unwrap();
            std::fs::write(&en, page("Introduction", body.as_bytes())).unwrap();
        }
        "deep-toml" => {
            let text = format!("x = {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
            std::fs::write(root.join("content/2022/indicators.toml"), text).unwrap();
        }
        "symlink-loop" => {
            std::os::unix::fs::symlink("..", root.join("content/2022/fr/loop")).unwrap();
        }
        "backslash-name" => {
            // On Windows, or once a backslash is read as a separator, this climbs out of
            // the staging folder and above the project.
            std::fs::write(
                root.join("content/2022/fr/x\\..\\..\\..\\..\\escaped.html"),
                "<!doctype html><title>escaped</title><script>alert(1)</script>\n",
            )
            .unwrap();
        }
        "theme-backslash-name" => {
            std::fs::write(
                root.join("themes/default/static/..\\..\\evil.css"),
                "body { background: url(javascript:alert(1)) }\n",
            )
            .unwrap();
        }
        "symlink-to-dotenv" => {
            std::fs::write(root.join(".env"), "SECRET_TOKEN=do-not-publish\n").unwrap();
            std::os::unix::fs::symlink("../../../.env", root.join("content/2022/fr/env.txt"))
                .unwrap();
        }
        "non-utf8-names" => {
            use std::os::unix::ffi::OsStrExt;
            let images = root.join("content/2022/fr/images");
            std::fs::create_dir_all(&images).unwrap();
            for (name, bytes) in [
                (&b"photo-\xff.png"[..], b"first"),
                (b"photo-\xfe.png", b"other"),
            ] {
                std::fs::write(images.join(std::ffi::OsStr::from_bytes(name)), bytes).unwrap();
            }
        }
        "unreadable" => {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&fr, std::fs::Permissions::from_mode(0o000)).unwrap();
            if std::fs::read(&fr).is_ok() {
                // Running as root (as CI does): permissions do not stop root's reads, so
                // this case runs rapport as the unprivileged user `nobody` instead.
                eprintln!(
                    "note: unreadable-file: chmod 000 does not stop root; running rapport as uid {NOBODY} for this case"
                );
                for entry in walkdir::WalkDir::new(root)
                    .into_iter()
                    .filter_map(Result::ok)
                {
                    if entry.path() != fr && entry.file_type().is_dir() {
                        std::fs::set_permissions(
                            entry.path(),
                            std::fs::Permissions::from_mode(0o755),
                        )
                        .unwrap();
                    }
                }
                return Some(NOBODY);
            }
        }
        "fifo" => {
            std::fs::remove_file(&fr).unwrap();
            let status = Command::new("mkfifo").arg(&fr).status().expect("mkfifo");
            assert!(status.success(), "mkfifo failed");
        }
        other => panic!("unknown generator {other}"),
    }
    None
}

/// Runs the binary with a time limit; returns (exit code, stdout, stderr).
fn run_binary(
    root: &Path,
    args: &[String],
    timeout: Duration,
    user: Option<u32>,
) -> Result<(Option<i32>, String, String), String> {
    let mut command = common::rapport(root);
    if let Some(uid) = user {
        use std::os::unix::process::CommandExt;
        command.uid(uid).gid(uid);
    }
    let mut child = command
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run rapport: {e}"))?;
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stdout.read_to_end(&mut s);
        s
    });
    let err_reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = stderr.read_to_end(&mut s);
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "rapport {} did not finish in {} s",
                args.join(" "),
                timeout.as_secs()
            ));
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let stdout = String::from_utf8_lossy(&out_reader.join().unwrap()).into_owned();
    let stderr = String::from_utf8_lossy(&err_reader.join().unwrap()).into_owned();
    Ok((status.code(), stdout, stderr))
}

fn run_case(name: &str, dir: &Path, expect: &Expect) -> Result<String, String> {
    let (tmp, user) = prepare(dir, expect);
    let root = tmp.path();
    let before = snapshot(&root.join("output"));
    let mut args = vec!["build".to_string()];
    args.extend(expect.args.iter().cloned());
    let timeout = expect.seconds.map_or(TIMEOUT, Duration::from_secs);
    let (code, _stdout, stderr) = run_binary(root, &args, timeout, user)?;
    if stderr.contains("panicked") || stderr.contains("has overflowed its stack") {
        return Err(format!("rapport crashed:\n{stderr}"));
    }
    let code = code.ok_or_else(|| format!("rapport was killed by a signal:\n{stderr}"))?;
    if code != expect.exit {
        return Err(format!(
            "exit code {code}, expected {} ({})\n{stderr}",
            expect.exit, expect.about
        ));
    }
    leftovers(root)?;
    if expect.exit == 0 {
        let after = snapshot(&root.join("output"));
        if !after.contains_key("index.html") || after.contains_key("2022/old/index.html") {
            return Err("the build succeeded but did not replace output/".into());
        }
        // Valid input passes `check` too, within the same time.
        let (code, _, check_stderr) = run_binary(root, &["check".to_string()], timeout, user)?;
        if code != Some(0) || check_stderr.contains("panicked") {
            return Err(format!(
                "`rapport check` failed (exit {code:?}):\n{check_stderr}"
            ));
        }
        return Ok(format!("built {} files; check passes", after.len()));
    }
    if snapshot(&root.join("output")) != before {
        return Err(format!("a failed build changed output/ ({name})"));
    }
    let line = error_line(expect, &stderr)?;
    // `check` must find the same problem (it validates everything a build does).
    if expect.args.is_empty() {
        let (code, _, check_stderr) = run_binary(root, &["check".to_string()], timeout, user)?;
        if code != Some(expect.exit) || !check_stderr.contains(&line) {
            return Err(format!(
                "`rapport check` did not report `{line}` (exit {code:?}):\n{check_stderr}"
            ));
        }
    }
    Ok(line)
}

/// The error line that matches the expectation.
fn error_line(expect: &Expect, stderr: &str) -> Result<String, String> {
    let located_form = regex::Regex::new(r"^[^:]+:(\d+):(\d+): error: ").unwrap();
    let located = expect.located.unwrap_or(expect.exit == 1);
    let fragment = expect.message.as_deref().unwrap_or("");
    let candidates: Vec<&str> = stderr
        .lines()
        .filter(|l| {
            if located {
                located_form.is_match(l)
            } else {
                l.starts_with("rapport: error: ")
            }
        })
        .collect();
    if candidates.is_empty() {
        return Err(format!(
            "no {} error line in:\n{stderr}",
            if located { "located" } else { "usage" }
        ));
    }
    let found = candidates.iter().find(|l| {
        let caps = located_form.captures(l);
        let number = |i: usize| caps.as_ref().and_then(|c| c[i].parse::<usize>().ok());
        l.contains(fragment)
            && expect
                .file
                .as_ref()
                .is_none_or(|f| l.starts_with(&format!("{f}:")))
            && expect.line.is_none_or(|n| number(1) == Some(n))
            && expect.column.is_none_or(|n| number(2) == Some(n))
    });
    match found {
        Some(line) => Ok(line.to_string()),
        None => Err(format!(
            "no error line with `{fragment}` at {}:{}:{} in:\n{stderr}",
            expect.file.as_deref().unwrap_or("*"),
            expect.line.map_or("*".into(), |n| n.to_string()),
            expect.column.map_or("*".into(), |n| n.to_string()),
        )),
    }
}

/// No staging folder is left beside the output.
fn leftovers(root: &Path) -> Result<(), String> {
    for entry in std::fs::read_dir(root).map_err(|e| e.to_string())? {
        let name = entry
            .map_err(|e| e.to_string())?
            .file_name()
            .to_string_lossy()
            .into_owned();
        if name.contains(".rapport-new-") || name.contains(".rapport-old-") {
            return Err(format!("a staging folder was left behind: {name}"));
        }
    }
    Ok(())
}
