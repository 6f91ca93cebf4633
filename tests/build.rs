//! `rapport build` end to end: fixture projects built by the real binary, the HTML parsed.

mod common;

use common::{Fixture, select, snapshot, text};

#[test]
fn paragraphs_are_numbered_through_the_edition_in_every_language() {
    let f = Fixture::bilingual();
    f.build();
    for (lang, pages) in [
        ("fr", ["intro", "resultat-1"]),
        ("en", ["intro", "outcome-1"]),
    ] {
        let mut ids = Vec::new();
        for slug in pages {
            let doc = f.page(&format!("2022/{lang}/{slug}/index.html"));
            for p in select(&doc, "main p[id^=p]") {
                let id = p.value().attr("id").unwrap().to_string();
                let number = select(&doc, &format!("#{id} > a.pnum"))
                    .first()
                    .map(text)
                    .unwrap_or_default();
                assert_eq!(number, format!("{}.", &id[1..]), "visible number of {id}");
                ids.push(id);
            }
        }
        assert_eq!(ids, ["p1", "p2", "p3", "p4"], "{lang}");
    }
}

#[test]
fn unnumbered_paragraphs_keep_their_text_without_a_number() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("2022/fr/intro/index.html");
    let notes = select(&doc, "p.unnumbered");
    assert_eq!(notes.len(), 1);
    assert_eq!(text(&notes[0]), "Une note non numérotée.");
    assert!(select(&doc, "p.unnumbered a.pnum").is_empty());
}

#[test]
fn links_to_markdown_files_become_relative_links_to_pages() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("2022/fr/intro/index.html");
    let hrefs: Vec<String> = select(&doc, "main p a:not(.pnum)")
        .iter()
        .filter_map(|a| a.value().attr("href").map(String::from))
        .collect();
    assert!(
        hrefs.contains(&"../../../2022/fr/resultat-1/index.html#p3".to_string()),
        "{hrefs:?}"
    );
    assert!(
        hrefs.contains(&"../../../2022/en/intro/index.html#p2".to_string()),
        "{hrefs:?}"
    );
}

#[test]
fn every_relative_link_and_asset_resolves_on_disk() {
    let f = Fixture::bilingual();
    f.build();
    let out = f.root().join("output");
    let mut checked = 0;
    for (rel, bytes) in snapshot(&out) {
        if !rel.ends_with(".html") {
            continue;
        }
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let base = out.join(&rel);
        for el in select(&doc, "[href], [src]") {
            let url = el.value().attr("href").or(el.value().attr("src")).unwrap();
            if url.starts_with('#')
                || url.contains("://")
                || url.starts_with("mailto:")
                || url.starts_with("data:")
                || url.starts_with('/')
            {
                continue;
            }
            let path = url.split('#').next().unwrap();
            let target = base.parent().unwrap().join(path);
            assert!(
                target.is_file(),
                "{rel}: link {url} does not resolve to a file"
            );
            checked += 1;
        }
    }
    assert!(checked > 20, "only {checked} links checked");
}

#[test]
fn footnotes_are_numbered_and_linked_both_ways() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("2022/en/intro/index.html");
    let refs = select(&doc, "sup.footnote-ref a");
    assert_eq!(refs.len(), 1);
    assert_eq!(refs[0].value().attr("href"), Some("#fn-1"));
    let notes = select(&doc, "section.footnotes li#fn-1");
    assert_eq!(notes.len(), 1);
    assert!(text(&notes[0]).starts_with("A note."));
    assert_eq!(
        select(&doc, "#fn-1 a.footnote-back")[0]
            .value()
            .attr("href"),
        Some("#fnref-1")
    );
}

#[test]
fn indicator_tables_are_accessible() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("2022/en/outcome-1/index.html");
    let tables = select(&doc, "table.indicators");
    assert_eq!(tables.len(), 1);
    assert_eq!(select(&doc, "table.indicators caption").len(), 1);
    let cols: Vec<String> = select(&doc, "table.indicators thead th[scope=col]")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        cols,
        [
            "Output",
            "Indicator",
            "Means of verification",
            "Baseline",
            "Milestone",
            "Current status"
        ]
    );
    let rows = select(&doc, "table.indicators tbody tr:not(.group)");
    assert_eq!(rows.len(), 1);
    let header = select(&doc, "table.indicators tbody tr:not(.group) th[scope=row]");
    assert_eq!(text(&header[0]), "1.1.a Percentage of offices");
    // The current status is empty in the data: shown as empty, not filled in.
    let cells: Vec<String> = select(&doc, "table.indicators tbody tr:not(.group) td")
        .iter()
        .map(text)
        .collect();
    assert_eq!(cells[1], "16%: 21 of 131 offices.");
    assert_eq!(cells[3], "— No value given in the report");
    let region = select(&doc, "div.table-scroll[role=region][tabindex='0']");
    assert_eq!(region.len(), 1);
    assert!(region[0].value().attr("aria-labelledby").is_some());
}

#[test]
fn translations_link_to_each_other() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("2022/fr/resultat-1/index.html");
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("fr"));
    let switch = select(&doc, "a.lang-switch");
    assert_eq!(switch.len(), 1);
    assert_eq!(switch[0].value().attr("hreflang"), Some("en"));
    assert_eq!(switch[0].value().attr("lang"), Some("en"));
    assert_eq!(
        switch[0].value().attr("href"),
        Some("../../../2022/en/outcome-1/index.html")
    );
    let alternates: Vec<&str> = select(&doc, "link[rel=alternate][hreflang]")
        .iter()
        .filter_map(|l| l.value().attr("hreflang"))
        .collect();
    assert_eq!(alternates, ["fr", "en"]);
}

#[test]
fn the_site_index_lists_every_edition_in_every_language() {
    let f = Fixture::bilingual();
    f.build();
    let doc = f.page("index.html");
    let links: Vec<&str> = select(&doc, ".editions a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["2022/fr/index.html", "2022/en/index.html"]);
}

#[test]
fn two_builds_are_byte_identical() {
    let f = Fixture::bilingual();
    f.build();
    let first = snapshot(&f.root().join("output"));
    f.build();
    let second = snapshot(&f.root().join("output"));
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    assert!(first == second, "a file differs between two builds");
}

#[test]
fn a_broken_toml_file_gives_one_located_error_and_leaves_output_alone() {
    let f = Fixture::bilingual();
    f.build();
    let before = snapshot(&f.root().join("output"));
    f.write(
        "content/2022/indicators.toml",
        "[[indicators]]\nid = \"1.1.a\"\noutput = \n",
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("content/2022/indicators.toml:3:"),
        "unexpected error line: {stderr}"
    );
    assert!(first.contains(": error: "), "{stderr}");
    assert!(!stderr.contains("panicked"));
    assert_eq!(before, snapshot(&f.root().join("output")), "output changed");
}

#[test]
fn unknown_keys_are_rejected_by_name() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/fr/01-intro.md",
        "+++\ntitle = \"Introduction\"\nwieght = 1\n+++\n\nUn.\n\nDeux.\n",
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2022/fr/01-intro.md:3:1: error:"),
        "{stderr}"
    );
    assert!(stderr.contains("wieght"), "{stderr}");
}

#[test]
fn a_page_missing_in_one_language_is_named() {
    let f = Fixture::bilingual();
    std::fs::remove_file(f.root().join("content/2022/en/02-resultat.md")).unwrap();
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("page `02-resultat.md` has no `en` translation"),
        "{stderr}"
    );
}

#[test]
fn diverging_paragraph_counts_name_the_first_page_where_languages_differ() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/en/02-resultat.md",
        "+++\ntitle = \"Outcome 1\"\nweight = 2\n+++\n\nThird.\n\nExtra.\n\nFourth.\n",
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2022/en/02-resultat.md:")
            && stderr.contains("`en` has 3 numbered paragraphs, `fr` has 2"),
        "{stderr}"
    );
}

#[test]
fn check_reports_every_problem_and_writes_nothing() {
    let f = Fixture::bilingual();
    f.write("content/2022/projects.toml", "[[projects]]\nid = \"a\"\nname.fr = \"A\"\nname.en = \"A\"\noutput = \"9.9\"\ncategory = \"x\"\nstatus = \"completed\"\n");
    f.write("content/2022/fr/01-intro.md", "+++\ntitle = 3\n+++\nText\n");
    let out = f.run(&["check"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let errors: Vec<&str> = stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert!(errors.len() >= 2, "{stderr}");
    assert!(!f.root().join("output").exists(), "check wrote output");
}

#[test]
fn a_project_template_overrides_the_theme() {
    let f = Fixture::bilingual();
    f.write(
        "templates/edition.html",
        "{% extends \"base.html\" %}{% block main %}<h1 class=\"custom\">{{ edition.title }}</h1>{% endblock main %}",
    );
    f.build();
    let doc = f.page("2022/en/index.html");
    assert_eq!(select(&doc, "h1.custom").len(), 1);
}

/// A project's page template that lists the edition's pages gets the list on every
/// page, although the default theme's pages go without it.
#[test]
fn a_page_template_may_list_the_editions_pages() {
    let f = Fixture::bilingual();
    f.build();
    let default_page = f.page("2022/en/intro/index.html");
    assert!(select(&default_page, "nav.sidebar").is_empty());
    f.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<nav class=\"sidebar\"><ul>{% for p in edition.pages %}<li><a href=\"{{ root }}{{ p.url }}\">{{ p.title }}</a></li>{% endfor %}</ul></nav>{{ content | safe }}{% endblock main %}",
    );
    f.build();
    let doc = f.page("2022/en/intro/index.html");
    let edition = f.page("2022/en/index.html");
    let listed = select(&doc, "nav.sidebar li").len();
    assert!(listed >= 2, "{listed} pages listed");
    assert_eq!(listed, select(&edition, "main ol li a").len());
}

#[test]
fn usage_errors_exit_with_two_and_help_shows_examples() {
    let f = Fixture::bilingual();
    let out = f.run(&["build", "--no-such-flag"]);
    assert_eq!(out.status.code(), Some(2));
    let help = f.run(&["build", "--help"]);
    assert!(String::from_utf8_lossy(&help.stdout).contains("Example:"));
    let out = f.run(&["build", "--output", "."]);
    assert_eq!(
        out.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn the_build_prints_one_summary_line() {
    let f = Fixture::bilingual();
    let out = f.build();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
    assert!(
        stdout.starts_with("built 1 edition(s), 2 language(s), "),
        "{stdout}"
    );
}

#[test]
fn a_project_without_a_themes_folder_uses_the_built_in_default_theme() {
    let f = Fixture::bilingual();
    std::fs::remove_dir_all(f.root().join("themes")).unwrap();
    f.build();
    let doc = f.page("2022/en/intro/index.html");
    assert_eq!(select(&doc, "a.skip-link").len(), 1);
    let css: Vec<&str> = select(&doc, "link[rel=stylesheet]")
        .iter()
        .filter_map(|l| l.value().attr("href"))
        .collect();
    assert_eq!(css.len(), 1);
    let target = f.root().join("output/2022/en/intro").join(css[0]);
    assert!(target.is_file(), "{css:?}");
}

#[test]
fn a_language_needs_its_ui_strings_and_a_project_can_provide_them() {
    let f = Fixture::bilingual();
    f.write(
        "rapport.toml",
        "languages = [\"fr\", \"en\", \"sw\"]\n[title]\nfr = \"R\"\nen = \"R\"\nsw = \"R\"\n",
    );
    let out = f.run(&["build"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no UI strings for `sw`"));
    let en = std::fs::read_to_string(f.root().join("themes/default/i18n/en.toml")).unwrap();
    f.write("i18n/sw.toml", &en.replace("Skip to content", "Sw skip"));
    for page in ["01-intro", "02-resultat"] {
        let text =
            std::fs::read_to_string(f.root().join(format!("content/2022/en/{page}.md"))).unwrap();
        f.write(
            &format!("content/2022/sw/{page}.md"),
            &text.replace("slug = \"outcome-1\"", "slug = \"sw-1\""),
        );
    }
    for file in ["content/2022/edition.toml", "content/2022/indicators.toml"] {
        let text = std::fs::read_to_string(f.root().join(file)).unwrap();
        let text = text
            .lines()
            .flat_map(|l| {
                if let Some(rest) = l.strip_prefix("en = ") {
                    vec![l.to_string(), format!("sw = {rest}")]
                } else if l.contains(".en = ") {
                    vec![l.to_string(), l.replace(".en = ", ".sw = ")]
                } else {
                    vec![l.to_string()]
                }
            })
            .collect::<Vec<_>>()
            .join("\n");
        f.write(file, &text);
    }
    f.build();
    let doc = f.page("2022/sw/intro/index.html");
    assert_eq!(common::text(&select(&doc, "a.skip-link")[0]), "Sw skip");
    assert_eq!(select(&doc, "html")[0].value().attr("lang"), Some("sw"));
}

#[test]
fn the_print_page_holds_the_whole_edition_and_its_same_page_links_still_resolve() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/fr/02-resultat.md",
        "+++\ntitle = \"Résultat 1\"\nweight = 2\nslug = \"resultat-1\"\n+++\n\nTroisième, voir [le produit](#produit-1-1) et [le paragraphe](#p4).\n\n## Produit 1.1\n\nQuatrième.\n",
    );
    f.write(
        "content/2022/en/02-resultat.md",
        "+++\ntitle = \"Outcome 1\"\nweight = 2\nslug = \"outcome-1\"\n+++\n\nThird.\n\n## Output 1.1\n\nFourth.\n",
    );
    f.build();
    let doc = f.page("2022/fr/print/index.html");
    let ids: Vec<&str> = select(&doc, "p.numbered")
        .iter()
        .filter_map(|p| p.value().attr("id"))
        .collect();
    assert_eq!(ids, ["p1", "p2", "p3", "p4"]);
    let mut all_ids: Vec<&str> = select(&doc, "[id]")
        .iter()
        .filter_map(|e| e.value().attr("id"))
        .collect();
    let count = all_ids.len();
    all_ids.sort();
    all_ids.dedup();
    assert_eq!(all_ids.len(), count, "duplicate ids on the print page");
    let hrefs: Vec<&str> = select(&doc, "#p3 a:not(.pnum)")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(hrefs, ["#resultat-1-produit-1-1", "#p4"]);
    for href in hrefs {
        assert_eq!(
            select(&doc, href).len(),
            1,
            "{href} does not resolve on the print page"
        );
    }
    // Headings move one level down under each page's own section heading.
    assert_eq!(select(&doc, "section h3#resultat-1-produit-1-1").len(), 1);
}

#[test]
fn a_folder_of_images_beside_the_languages_is_copied_not_taken_for_a_language() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/img/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    f.write(
        "content/2022/en/01-intro.md",
        "+++\ntitle = \"Introduction\"\nweight = 1\n+++\n\nFirst paragraph[^n] ![Logo](../img/logo.svg).\n\nSecond, see [the outcome](02-resultat.md#p3) and [français](../fr/01-intro.md#p2).\n\n{-} An unnumbered note.\n\n[^n]: A note.\n",
    );
    f.build();
    let doc = f.page("2022/en/intro/index.html");
    let src = select(&doc, "img")[0]
        .value()
        .attr("src")
        .unwrap()
        .to_string();
    assert_eq!(src, "../../../2022/img/logo.svg");
    assert!(f.root().join("output/2022/en/intro").join(&src).is_file());
}

#[test]
fn a_page_description_becomes_its_meta_description() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/en/01-intro.md",
        "+++\ntitle = \"Introduction\"\nweight = 1\ndescription = \"What the <report> covers\"\n+++\n\nFirst paragraph[^n].\n\nSecond, see [the outcome](02-resultat.md#p3) and [français](../fr/01-intro.md#p2).\n\n{-} An unnumbered note.\n\n[^n]: A note.\n",
    );
    f.build();
    let doc = f.page("2022/en/intro/index.html");
    let meta = select(&doc, "meta[name=description]");
    assert_eq!(
        meta[0].value().attr("content"),
        Some("What the <report> covers")
    );
    // Without a description of its own, a page is described by its edition (here by
    // the edition's title, as it has no `[description]`).
    let fr = f.page("2022/fr/intro/index.html");
    let meta = select(&fr, "meta[name=description]");
    assert_eq!(meta.len(), 1);
    let edition_title = text(&select(&f.page("2022/fr/index.html"), "main h1")[0]);
    assert_eq!(
        meta[0].value().attr("content"),
        Some(edition_title.as_str())
    );
}

#[test]
fn links_in_headings_with_queries_or_escapes_resolve_to_pages() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/en/02-resultat.md",
        "+++\ntitle = \"Outcome 1\"\nweight = 2\nslug = \"outcome-1\"\n+++\n\nThird, see [q](01-intro.md?x=1#p1) and [e](01%2Dintro.md).\n\n## See [the introduction](01-intro.md)\n\nFourth.\n",
    );
    f.build();
    let doc = f.page("2022/en/outcome-1/index.html");
    let hrefs: Vec<&str> = select(&doc, "article a:not(.pnum)")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert!(
        hrefs.contains(&"../../../2022/en/intro/index.html#p1"),
        "{hrefs:?}"
    );
    assert_eq!(
        hrefs
            .iter()
            .filter(|h| **h == "../../../2022/en/intro/index.html")
            .count(),
        2,
        "{hrefs:?}"
    );
}

#[test]
fn links_in_indicator_cells_are_relative_to_the_data_file() {
    let f = Fixture::bilingual();
    let data = std::fs::read_to_string(f.root().join("content/2022/indicators.toml")).unwrap();
    f.write(
        "content/2022/indicators.toml",
        &data.replace(
            "verification.en = \"Register\"",
            "verification.en = \"2021. Register, see [the introduction](en/01-intro.md#p1)\"",
        ),
    );
    f.build();
    let doc = f.page("2022/en/outcome-1/index.html");
    let cells = select(&doc, "table.indicators tbody td");
    assert_eq!(
        common::text(&cells[0]),
        "2021. Register, see the introduction"
    );
    let links: Vec<&str> = select(&doc, "table.indicators tbody td a")
        .iter()
        .filter_map(|a| a.value().attr("href"))
        .collect();
    assert_eq!(links, ["../../../2022/en/intro/index.html#p1"]);
}

/// Runs `rapport build` in `f`, failing the test when it has not ended after two minutes
/// (a build whose pages wait for PDFs that never come would never end).
fn build_ending(f: &Fixture) -> std::process::Output {
    let mut child = common::rapport(f.root())
        .arg("build")
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("run rapport");
    let started = std::time::Instant::now();
    while child.try_wait().expect("wait for rapport").is_none() {
        if started.elapsed() > std::time::Duration::from_secs(120) {
            let _ = child.kill();
            panic!("rapport build has not ended after two minutes");
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    child.wait_with_output().expect("rapport's output")
}

#[test]
fn an_error_in_a_projects_pdf_template_fails_the_build_at_its_line_and_leaves_output_alone() {
    let f = Fixture::bilingual();
    f.build();
    assert!(
        f.exists("2022/fr/report-2022-fr.pdf"),
        "the first build's PDF"
    );
    let before = snapshot(&f.root().join("output"));
    // The pages are rendered while the PDFs are made; the edition homes wait for their
    // sizes, and must not wait for ever when making them fails.
    f.write(
        "pdf/report.typ",
        "#let data = json(\"report.json\")\n#set document(title: \"x\")\n#undefined-function(data)\n",
    );
    let out = build_ending(&f);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    let first = stderr.lines().next().unwrap_or_default();
    assert!(first.starts_with("pdf/report.typ:3:"), "{stderr}");
    assert!(first.contains(": error: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(before, snapshot(&f.root().join("output")), "output changed");
}
