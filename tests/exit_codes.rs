//! One exit code per kind of failure, as the README lists them: 0 success, 1 content
//! errors, 2 the command invoked wrongly, 3 a file, folder, port or archive the system
//! refused. (101, an internal error, cannot be provoked from outside; `main.rs` tests
//! its mapping.)

mod common;

use std::process::Output;

use common::Fixture;

const CONTENT: i32 = 1;
const USAGE: i32 = 2;
const ENVIRONMENT: i32 = 3;

/// The exit code and stderr of a finished run.
fn code(out: &Output) -> (i32, String) {
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    (
        out.status.code().expect("an exit code, not a signal"),
        stderr,
    )
}

#[test]
fn a_working_build_exits_zero() {
    let f = Fixture::bilingual();
    let (code, stderr) = code(&f.run(&["build"]));
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn content_errors_exit_one_from_build_and_check() {
    let f = Fixture::bilingual();
    f.write("content/2022/fr/01-intro.md", "+++\ntitle = 3\n+++\nText\n");
    for command in ["build", "check"] {
        let (code, stderr) = code(&f.run(&[command]));
        assert_eq!(code, CONTENT, "{command}: {stderr}");
        assert!(stderr.contains("01-intro.md:"), "{command}: {stderr}");
    }
}

#[test]
fn a_command_invoked_wrongly_exits_two() {
    let f = Fixture::bilingual();
    for args in [
        &["build", "--no-such-flag"][..],
        &["build", "--root", "no-such-folder"],
        &["archive", "1999"],
        &["check", "--format", "yaml"],
    ] {
        let (code, stderr) = code(&f.run(args));
        assert_eq!(code, USAGE, "{args:?}: {stderr}");
    }
}

/// Permissions do not stop root, so the failure comes from a path under a regular file:
/// no one can create a folder there.
#[test]
fn an_output_that_cannot_be_written_exits_three() {
    let f = Fixture::bilingual();
    let (code, stderr) = code(&f.run(&["build", "--output", "rapport.toml/site"]));
    assert_eq!(code, ENVIRONMENT, "{stderr}");
    assert!(stderr.starts_with("rapport: error: "), "{stderr}");
    assert!(stderr.contains("rapport.toml"), "{stderr}");
}

#[test]
fn an_archive_that_cannot_be_written_exits_three() {
    let f = Fixture::bilingual();
    let args = ["archive", "2022", "--output", "rapport.toml/edition.zip"];
    let (code, stderr) = code(&f.run(&args));
    assert_eq!(code, ENVIRONMENT, "{stderr}");
}

/// 192.0.2.1 (TEST-NET-1, RFC 5737) is no address of this machine: binding it fails at
/// once, without taking a port from anyone.
#[test]
fn a_server_that_cannot_listen_exits_three() {
    let f = Fixture::bilingual();
    let (code, stderr) = code(&f.run(&["serve", "--bind", "192.0.2.1", "--port", "0"]));
    assert_eq!(code, ENVIRONMENT, "{stderr}");
    assert!(stderr.contains("cannot listen on 192.0.2.1"), "{stderr}");
}

#[test]
fn check_as_json_exits_with_the_same_codes() {
    let f = Fixture::bilingual();
    let missing = ["check", "--format", "json", "--root", "no-such-folder"];
    assert_eq!(code(&f.run(&missing)).0, USAGE);
    f.write("content/2022/fr/01-intro.md", "+++\ntitle = 3\n+++\nText\n");
    assert_eq!(code(&f.run(&["check", "--format", "json"])).0, CONTENT);
}

#[test]
fn help_lists_every_exit_code() {
    let f = Fixture::empty();
    let out = f.run(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(help.contains("Exit codes:"), "{help}");
    for line in ["  0 ", "  1 ", "  2 ", "  3 ", "  101 "] {
        assert!(help.contains(line), "`{line}` missing from:\n{help}");
    }
}
