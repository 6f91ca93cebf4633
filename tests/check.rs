//! `rapport check`: every problem at once, sorted, located, with hints; links and anchors
//! resolved against the rendered pages; `--format json` for other tools.

mod common;

use common::Fixture;

/// The bilingual fixture with one mistake of each kind `check` finds beyond a build.
fn project_with_mistakes() -> Fixture {
    let f = Fixture::bilingual();
    let path = f.root().join("content/2022/fr/01-intro.md");
    let page = std::fs::read_to_string(&path).unwrap();
    let page = page.replace(
        "Deuxième, voir",
        "Deuxième[^m] avec [un ancrage](#p3), [une ancre](02-resultat.md#produit-11), [trop loin](02-resultat.md#p9), [absent](03-resultat.md), ![carte](carte.png), [absolu](/2022/fr/) et [ailleurs](../../../README.md), [dehors](../../../rapport.toml), voir",
    );
    std::fs::write(&path, format!("{page}\n[^orpheline]: Jamais citée.\n")).unwrap();
    f.write(
        "content/2022/carte.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f
}

fn check(f: &Fixture, args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    let out = f.run(&all);
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (out.status.code().unwrap(), stdout, stderr)
}

#[test]
fn every_problem_is_reported_at_once_located_with_a_hint() {
    let f = project_with_mistakes();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stderr}");
    let file = "content/2022/fr/01-intro.md";
    let expected = [
        (
            format!("{file}:8:9: error: footnote reference `[^m]` has no definition"),
            "did you mean `[^n]`?",
        ),
        (
            format!("{file}:8:19: error: anchor `#p3` does not exist on 2022/fr/intro/index.html"),
            "paragraph 3 is on",
        ),
        (
            format!("{file}:8:38: error: anchor `#produit-11` does not exist"),
            "did you mean `#produit-1-1`?",
        ),
        (
            format!("{file}:8:78: error: anchor `#p9` does not exist"),
            "the 2022 edition has paragraphs p1 to p4 in `fr`",
        ),
        (
            format!("{file}:8:110: error: `03-resultat.md` is not a page of the site"),
            "did you mean `02-resultat.md`?",
        ),
        (
            format!("{file}:8:136: error: `carte.png` does not exist"),
            "did you mean `carte.svg`?",
        ),
        (
            format!("{file}:8:157: error: `/2022/fr/` is an absolute link"),
            "relative to this page",
        ),
        (
            format!("{file}:8:180: error: `../../../README.md` is not a page of the site"),
            "",
        ),
        (
            format!("{file}:8:212: error: `../../../rapport.toml` is outside the edition folders"),
            "put the file in",
        ),
        (
            format!("{file}:14:1: error: footnote `[^orpheline]` is defined but never referenced"),
            "reference it",
        ),
    ];
    for (start, hint) in &expected {
        let line = stderr
            .lines()
            .find(|l| l.starts_with(start.as_str()))
            .unwrap_or_else(|| panic!("no `{start}` in:\n{stderr}"));
        assert!(line.contains(hint), "`{line}` lacks the hint `{hint}`");
    }
    // Sorted by file and line; errors before warnings; a summary last.
    let lines: Vec<&str> = stderr.lines().collect();
    let errors: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.contains(": error: "))
        .collect();
    let mut sorted = errors.clone();
    sorted.sort_by_key(|l| {
        let mut parts = l.splitn(4, ':');
        let path = parts.next().unwrap().to_string();
        let line: usize = parts.next().unwrap().parse().unwrap();
        let col: usize = parts.next().unwrap().parse().unwrap();
        (path, line, col)
    });
    assert_eq!(errors, sorted);
    let first_warning = lines
        .iter()
        .position(|l| l.contains(": warning: "))
        .unwrap_or(lines.len());
    let last_error = lines.iter().rposition(|l| l.contains(": error: ")).unwrap();
    assert!(
        last_error < first_warning,
        "a warning before an error:\n{stderr}"
    );
    assert!(
        lines.last().unwrap().starts_with("rapport: 10 error(s)"),
        "{stderr}"
    );
}

#[test]
fn json_format_lists_the_same_diagnostics_on_stdout() {
    let f = project_with_mistakes();
    let (code, stdout, stderr) = check(&f, &["--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    let list: Vec<serde_json::Value> = serde_json::from_str(&stdout).expect("a JSON array");
    assert_eq!(list.iter().filter(|d| d["severity"] == "error").count(), 10);
    let anchor = list
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .starts_with("anchor `#produit-11`")
        })
        .unwrap();
    assert_eq!(anchor["path"], "content/2022/fr/01-intro.md");
    assert_eq!(anchor["line"], 8);
    assert_eq!(anchor["column"], 38);
    assert_eq!(anchor["hint"], "did you mean `#produit-1-1`?");
}

#[test]
fn a_clean_project_passes_and_json_is_an_empty_array() {
    let f = Fixture::bilingual();
    let (code, stdout, stderr) = check(&f, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.starts_with("no errors (0 warning(s))"),
        "{stdout}{stderr}"
    );
    let (code, stdout, _) = check(&f, &["--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(
        serde_json::from_str::<Vec<serde_json::Value>>(&stdout)
            .unwrap()
            .len(),
        0
    );
}

#[test]
fn check_writes_nothing() {
    let f = project_with_mistakes();
    let before = common::snapshot(f.root());
    check(&f, &[]);
    check(&f, &["--format", "json"]);
    assert_eq!(common::snapshot(f.root()), before);
}

#[test]
fn check_reports_build_errors_and_its_own_together() {
    let f = project_with_mistakes();
    // A build error (an unknown output id) beside check's own (the broken links).
    let path = f.root().join("content/2022/indicators.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("output = \"1.1\"", "output = \"1.2\"");
    std::fs::write(path, text).unwrap();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1);
    assert!(stderr.contains("content/2022/indicators.toml:3:10: error: unknown output `1.2` (hint: did you mean `1.1`?"), "{stderr}");
    assert!(
        stderr.contains("`03-resultat.md` is not a page of the site"),
        "{stderr}"
    );
}

#[test]
fn an_image_without_a_text_alternative_is_a_located_warning() {
    let f = common::Fixture::bilingual();
    f.write("content/2022/img/chart.png", "not really a png");
    f.write(
        "content/2022/en/01-intro.md",
        "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n\nFirst paragraph[^n].\n\nSecond, see ![](../img/chart.png) and [français](../fr/01-intro.md#p2).\n\n{-} An unnumbered note.\n\n[^n]: A note.\n",
    );
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains(
            "content/2022/en/01-intro.md:8:13: warning: an image without a text alternative"
        ),
        "{stderr}"
    );
}

/// Nine independent mistakes in five files, one of them an unknown key in
/// `edition.toml` and one in a page's front matter: the file is still read for the keys
/// it knows, the page still checked, and every mistake reported in one run, with no
/// error that follows from another.
fn project_with_nine_independent_mistakes() -> Fixture {
    let f = Fixture::bilingual();
    let edit = |rel: &str, from: &str, to: &str| {
        let path = f.root().join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{rel}: {from}");
        std::fs::write(path, text.replacen(from, to, 1)).unwrap();
    };
    let edition = "content/2022/edition.toml";
    edit(
        edition,
        "date = \"2023-03-01\"\n",
        "date = \"2023-02-30\"\ncolour = \"blue\"\n",
    );
    edit(
        "content/2022/indicators.toml",
        "description.en = \"Percentage of offices\"\n",
        "",
    );
    f.write(
        "content/2022/projects.toml",
        "[[categories]]\nid = \"it\"\nlabel.fr = \"Informatique\"\nlabel.en = \"IT\"\n\n[[projects]]\nid = \"erp\"\nname.fr = \"ERP\"\nname.en = \"ERP\"\noutput = \"1.1\"\ncategory = \"itt\"\nstatus = \"completed\"\n",
    );
    let fr = "content/2022/fr/01-intro.md";
    edit(fr, "weight = 1\n", "weight = 1\nauteur = \"Bureau\"\n");
    edit(fr, "Premier paragraphe[^n].", "Premier paragraphe[^n][^x].");
    edit(
        fr,
        "[le résultat](02-resultat.md#p3)",
        "[le résultat](03-resultat.md)",
    );
    let en = "content/2022/en/02-resultat.md";
    edit(en, "Third.", "Third, [run](javascript:alert(1)).");
    edit(en, "outcome = \"1\"\n```", "ids = [\"1.1.z\"]\n```");
    f
}

#[test]
fn one_run_reports_every_independent_problem_even_past_an_unknown_key() {
    let f = project_with_nine_independent_mistakes();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stderr}");
    let expected = [
        (
            "content/2022/edition.toml:2:8",
            "`2023-02-30` is not a date",
        ),
        ("content/2022/edition.toml:3:1", "unknown field `colour`"),
        (
            "content/2022/indicators.toml:4:1",
            "`description` has no `en` text",
        ),
        ("content/2022/projects.toml:11:12", "unknown category `itt`"),
        ("content/2022/fr/01-intro.md:4:1", "unknown field `auteur`"),
        (
            "content/2022/fr/01-intro.md:7:23",
            "footnote reference `[^x]` has no definition",
        ),
        (
            "content/2022/fr/01-intro.md:9:16",
            "`03-resultat.md` is not a page of the site",
        ),
        ("content/2022/en/02-resultat.md:7:8", "a `javascript:` link"),
        (
            "content/2022/en/02-resultat.md:16:8",
            "unknown indicator `1.1.z`",
        ),
    ];
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    for (place, fragment) in expected {
        assert!(
            errors
                .iter()
                .any(|l| l.starts_with(&format!("{place}: error: ")) && l.contains(fragment)),
            "missing {place}: {fragment}\n{stderr}"
        );
    }
    assert_eq!(
        errors.len(),
        expected.len(),
        "no error follows from another:\n{stderr}"
    );
}

/// An `edition.toml` that cannot be read at all still lets the edition's pages and data
/// files be checked, and nothing is reported as unknown because of it.
#[test]
fn pages_are_checked_even_when_edition_toml_cannot_be_read() {
    let f = Fixture::bilingual();
    let edition = f.root().join("content/2022/edition.toml");
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, text.replacen("[title]", "[title", 1)).unwrap();
    let fr = f.root().join("content/2022/fr/01-intro.md");
    let text = std::fs::read_to_string(&fr).unwrap();
    std::fs::write(
        &fr,
        text.replacen("Premier paragraphe[^n].", "Premier paragraphe[^n][^x].", 1),
    )
    .unwrap();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stderr}");
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{stderr}");
    assert!(
        errors[0].starts_with("content/2022/edition.toml:3:7: error: "),
        "{stderr}"
    );
    assert!(
        errors[1].starts_with(
            "content/2022/fr/01-intro.md:6:23: error: footnote reference `[^x]` has no definition"
        ),
        "{stderr}"
    );
}

/// A figure that would count no project is an error in a published edition, at its
/// fence; in a draft (no `date`, as `new-edition` makes it) it is a warning, and the
/// chart says "no projects recorded".
#[test]
fn a_figure_that_counts_no_project_is_an_error_once_published() {
    let f = Fixture::bilingual();
    let figure = "\n```{figure}\nchart = \"completed-by-output\"\ncaption = \"C\"\n```\n";
    for lang in ["fr", "en"] {
        let path = f.root().join(format!("content/2022/{lang}/02-resultat.md"));
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, format!("{text}{figure}")).unwrap();
    }
    let edition = f.root().join("content/2022/edition.toml");
    let published = std::fs::read_to_string(&edition)
        .unwrap()
        .replace("[totals]\ncompleted_projects = 3\n", "");
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 0, "a stated total is drawn: {stderr}");
    std::fs::write(&edition, &published).unwrap();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 1, "{stderr}");
    let at = "content/2022/fr/02-resultat.md:19:1: error: the {figure} block draws nothing: `chart = \"completed-by-output\"` counts no project completed in 2022 in content/2022/projects.toml";
    assert!(stderr.contains(at), "{stderr}");
    std::fs::write(&edition, published.replace("date = \"2023-03-01\"\n", "")).unwrap();
    let (code, _, stderr) = check(&f, &[]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stderr.contains(&at.replace(": error: ", ": warning: ")),
        "{stderr}"
    );
}
