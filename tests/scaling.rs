//! Time that grows with the size of a page, not with its square: a page four times as
//! large takes about four times as long, never sixteen. Ratios only, no absolute times:
//! the machine's speed cancels out, and the best of a few runs keeps a busy machine's
//! noise out of the ratio.

mod common;

use std::time::{Duration, Instant};

use common::{Edition, Fixture, Page, ProjectBuilder};

/// Between a ratio of 4 (linear) and 16 (quadratic): a page 4 times as large may take at
/// most this many times as long.
const MAX_RATIO: f64 = 8.0;

/// Runs of each size; the fastest counts.
const RUNS: usize = 3;

/// A project whose two pages (one a language) have `body` after a first paragraph.
fn project_with_body(body: &str) -> Fixture {
    let mut project = ProjectBuilder::new().edition(Edition::new(2022).date("2023-03-01"));
    for lang in ["fr", "en"] {
        let page = Page::new("Introduction", 1).body(&format!("Un.\n\n{body}\nDeux.\n"));
        project = project.page(2022, lang, "01-intro", page);
    }
    Fixture::new(&project)
}

/// What `build` does before it writes, and what `check` does: the site is loaded,
/// validated and rendered into memory, or refused.
fn build_and_check(f: &Fixture) {
    if let Ok(project) = rapport::prepare(f.root(), None) {
        rapport::render_project(&project).expect("render");
    }
    // Refused or not, the check runs through every pass it can.
    let _ = rapport::check(f.root());
}

fn fastest(f: &Fixture) -> Duration {
    (0..RUNS)
        .map(|_| {
            let start = Instant::now();
            build_and_check(f);
            start.elapsed()
        })
        .min()
        .expect("at least one run")
}

/// The time for a body made by `body(4 * n)` divided by that for `body(n)`.
fn growth(n: usize, body: impl Fn(usize) -> String) -> f64 {
    let small = project_with_body(&body(n));
    let large = project_with_body(&body(4 * n));
    fastest(&small);
    let ratio = fastest(&large).as_secs_f64() / fastest(&small).as_secs_f64();
    eprintln!("{n} → {}: {ratio:.1} times as long", 4 * n);
    ratio
}

fn same_headings(n: usize) -> String {
    "## same\n\n".repeat(n)
}

fn nested_divs(n: usize) -> String {
    format!("{}{}", "<div>\n".repeat(n), "</div>\n".repeat(n))
}

#[test]
fn identical_headings_take_linear_time() {
    let ratio = growth(1_500, same_headings);
    assert!(
        ratio < MAX_RATIO,
        "4 times as many identical headings took {ratio:.1} times as long"
    );
}

#[test]
fn nested_raw_html_takes_linear_time() {
    let ratio = growth(4_000, nested_divs);
    assert!(
        ratio < MAX_RATIO,
        "4 times as many nested <div> took {ratio:.1} times as long"
    );
}

/// The ids of identical headings stay those they always were: `same`, `same-2`, …
#[test]
fn identical_headings_keep_their_numbered_ids() {
    let f = project_with_body(&same_headings(5));
    let project = rapport::prepare(f.root(), None).expect("prepare");
    let (output, _) = rapport::render_project(&project).expect("render");
    let page = output.get("2022/en/intro/index.html").expect("the page");
    let page = scraper::Html::parse_document(&String::from_utf8_lossy(page));
    let ids: Vec<String> = common::select(&page, "h2[id]")
        .iter()
        .filter(|h| common::text(h) == "same")
        .map(|h| h.value().attr("id").unwrap_or_default().to_string())
        .collect();
    assert_eq!(ids, ["same", "same-2", "same-3", "same-4", "same-5"]);
}

/// Raw HTML nested deeper than browsers build is refused where it becomes too deep.
#[test]
fn raw_html_nested_too_deep_is_refused_with_its_place() {
    let f = project_with_body(&nested_divs(1_000));
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The page begins with 4 lines of front matter, a blank line, "Un." and a blank
    // line: the 513th <div> is on line 7 + 513.
    let line = 7 + 513;
    for lang in ["fr", "en"] {
        let place = format!(
            "content/2022/{lang}/01-intro.md:{line}:1: error: elements nested more than 512 deep on a page with raw HTML"
        );
        assert!(stderr.contains(&place), "{place} in {stderr}");
    }
    let check = f.run(&["check"]);
    assert_eq!(check.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&check.stderr).contains(&format!("01-intro.md:{line}:1:")));
}
