//! Hostile content: raw HTML in Markdown is sanitized unless `trusted_html = true`, and
//! every string that comes from TOML is escaped. Built by the real binary; every page of
//! the site is parsed and searched for scripts, event handlers, `javascript:` URLs and
//! markup that hides content.

mod common;
mod surface;

use common::{Fixture, select, snapshot, text};

const XSS: &str = "<script>alert(1)</script>";

/// The bilingual fixture with `<script>` and attribute-breaking quotes in every TOML
/// string a page shows, and hostile raw HTML in the Markdown.
fn hostile_project(trusted: bool) -> Fixture {
    let f = Fixture::bilingual();
    f.write(
        "rapport.toml",
        &format!(
            "languages = [\"fr\", \"en\"]\ntrusted_html = {trusted}\n[title]\nfr = \"Rapports {XSS}\"\nen = \"Reports \\\" onmouseover=\\\"alert(1)\"\n"
        ),
    );
    let edition = std::fs::read_to_string(f.root().join("content/2022/edition.toml")).unwrap();
    f.write(
        "content/2022/edition.toml",
        &edition
            .replace(
                "fr = \"Rapport 2022\"",
                &format!("fr = \"Rapport 2022 {XSS}\""),
            )
            .replace(
                "title.fr = \"Une OIT efficiente\"",
                &format!("title.fr = \"Une OIT {XSS}\""),
            )
            .replace(
                "title.en = \"Automated processes\"",
                "title.en = \"Automated <img src=x onerror=alert(1)>\"",
            ),
    );
    let indicators =
        std::fs::read_to_string(f.root().join("content/2022/indicators.toml")).unwrap();
    f.write(
        "content/2022/indicators.toml",
        &indicators
            .replace(
                "\"Pourcentage des bureaux\"",
                &format!("\"Pourcentage {XSS} des bureaux\""),
            )
            .replace(
                "\"Percentage of offices\"",
                "\"Percentage of [offices](javascript:alert(1)) <b onclick=x>\"",
            )
            .replace(
                "\"Register\"",
                "\"<iframe src=https://evil.example></iframe>Register\"",
            ),
    );
    f.write(
        "content/2022/projects.toml",
        &format!(
            "[[categories]]\nid = \"apps\"\nlabel.fr = \"Applis {XSS}\"\nlabel.en = \"Apps\"\n[[projects]]\nid = \"erp\"\nname.fr = \"ERP {XSS}\"\nname.en = \"ERP\"\noutput = \"1.1\"\ncategory = \"apps\"\nstatus = \"completed\"\nyear = 2022\n"
        ),
    );
    for (lang, intro) in [("fr", "Premier paragraphe"), ("en", "First paragraph")] {
        let path = format!("content/2022/{lang}/01-intro.md");
        let page = std::fs::read_to_string(f.root().join(&path)).unwrap();
        let page = page
            .replace("title = \"Introduction\"", &format!("title = \"Intro {}\"\ndescription = \"Résumé \\\" onload=\\\"alert(1)\"", XSS.replace('"', "\\\"")))
            .replace(
                intro,
                &format!(
                    "{intro} <span style=\"display:none\" onclick=\"steal()\">caché</span> <a href=\"javascript:alert(1)\" onmouseover=\"x()\">lien</a> <img src=\"x.png\" onerror=\"alert(1)\" alt=\"\"> {XSS} <em class=\"keep\" hidden>texte</em>"
                ),
            );
        let page = format!(
            "{page}\n<div style=\"visibility:hidden\"><iframe src=\"https://evil.example\"></iframe><object data=\"x.swf\"></object></div>\n\n<svg><a xlink:href=\"javascript:alert(1)\"><text>svg</text></a></svg>\n"
        );
        f.write(&path, &page);
    }
    f
}

#[test]
fn raw_html_is_sanitized_by_default() {
    let f = hostile_project(false);
    f.build();
    let site = site_output(&f);
    assert_eq!(surface::hostile_markup(&site), None);
    // The content around the hostile markup survives.
    let doc = f.page("2022/fr/intro/index.html");
    let main = text(&select(&doc, "main")[0]);
    assert!(main.contains("caché"), "{main}");
    assert!(main.contains("lien"), "{main}");
}

#[test]
fn every_toml_string_is_escaped_not_interpreted() {
    let f = hostile_project(false);
    f.build();
    let doc = f.page("2022/fr/intro/index.html");
    // The title is shown as text, with its `<script>` visible, not run and not dropped.
    let h1 = text(&select(&doc, "h1")[0]);
    assert!(h1.contains(XSS), "{h1}");
    let title = text(&select(&doc, "title")[0]);
    assert!(title.contains("<script>"), "{title}");
    let doc = f.page("index.html");
    assert!(text(&select(&doc, "body")[0]).contains(XSS));
    // An attribute value cannot be closed by a quote from TOML.
    let doc = f.page("2022/en/intro/index.html");
    for el in select(&doc, "*") {
        for (name, _) in el.value().attrs() {
            assert!(!name.starts_with("on"), "{name} on <{}>", el.value().name());
        }
    }
    let table = f.page("2022/fr/resultat-1/index.html");
    let cells = select(&table, "table").iter().map(text).collect::<String>();
    assert!(cells.contains(XSS), "{cells}");
}

#[test]
fn trusted_html_keeps_raw_html_as_written() {
    let f = hostile_project(true);
    f.build();
    let doc = f.page("2022/fr/intro/index.html");
    assert_eq!(
        select(&doc, "main span[style='display:none'][onclick]").len(),
        1
    );
    assert_eq!(select(&doc, "main em.keep[hidden]").len(), 1);
    // Strings from TOML are escaped even for trusted authors: trust covers Markdown only.
    assert!(text(&select(&doc, "h1")[0]).contains(XSS));
}

#[test]
fn a_javascript_link_in_markdown_is_refused_with_its_location() {
    let f = Fixture::bilingual();
    let path = f.root().join("content/2022/en/01-intro.md");
    let page = std::fs::read_to_string(&path)
        .unwrap()
        .replace("First paragraph", "See [this](JaVaScRiPt:alert(1))");
    std::fs::write(&path, page).unwrap();
    let out = f.run(&["build"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/2022/en/01-intro.md:6:5: error: a `javascript:` link"),
        "{stderr}"
    );
}

fn site_output(f: &Fixture) -> rapport::core::output::Output {
    let mut output = rapport::core::output::Output::new();
    for (path, bytes) in snapshot(&f.root().join("output")) {
        output.insert(path, bytes);
    }
    output
}

/// HTML and SVG files of an edition are published as they are: `check` warns, at the
/// tag, about anything in them that would run on the site.
#[test]
fn check_warns_about_scripts_in_published_html_and_svg() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/fr/annexe.html",
        "<!doctype html>\n<title>Annexe</title>\n<p>Texte</p>\n  <script>alert(1)</script>\n",
    );
    f.write(
        "content/2022/en/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\">\n<rect onload=\"alert(1)\"/></svg>\n",
    );
    f.write(
        "content/2022/en/clean.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"><rect width=\"1\"/></svg>\n",
    );
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("content/2022/fr/annexe.html:4:3: warning: a `<script>` element"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("content/2022/en/logo.svg:2:1: warning: an event handler attribute `onload`"),
        "{stderr}"
    );
    assert!(!stderr.contains("clean.svg"), "{stderr}");
    // They are still published, byte for byte.
    f.build();
    let published = std::fs::read(f.root().join("output/2022/fr/annexe.html")).unwrap();
    let source = std::fs::read(f.root().join("content/2022/fr/annexe.html")).unwrap();
    assert_eq!(published, source);
}

/// An edition file at the path of a generated file is refused by every command that
/// publishes: `archive` and `serve` as well as `build` (the bad-input corpus).
#[test]
fn archive_and_serve_refuse_a_file_over_a_generated_page() {
    let f = Fixture::bilingual();
    f.write(
        "content/2022/en/index.html",
        "<!doctype html><title>x</title>\n",
    );
    let out = f.run(&["archive", "2022"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("content/2022/en/index.html:1:1: error: this file would be published at 2022/en/index.html, where rapport writes the generated file 2022/en/index.html"),
        "{stderr}"
    );
    assert!(!f.root().join("archives").exists());
    let served = rapport::serve::rebuild::Rebuilder::new(
        f.root(),
        rapport::serve::rebuild::Addresses::ServerRoot,
    );
    let Err(rapport::core::diagnostics::Error::Content(problems)) = served else {
        panic!("serve accepted a file over a generated page");
    };
    assert!(
        problems
            .iter()
            .any(|d| d.message.contains("generated file 2022/en/index.html")),
        "{problems:?}"
    );
}

/// A symbolic link may lead only inside its own edition folder: a link to another
/// edition's file is refused too, and a hidden folder (such as `.git`) is never published.
#[test]
fn links_leave_no_edition_and_hidden_folders_stay_private() {
    let f = Fixture::bilingual();
    f.write("content/2021/secret.txt", "draft\n");
    std::os::unix::fs::symlink(
        "../../2021/secret.txt",
        f.root().join("content/2022/fr/secret.txt"),
    )
    .unwrap();
    let out = f.run(&["check"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("content/2022/fr/secret.txt:1:1: error: a symbolic link leads outside the edition folder"),
        "{stderr}"
    );
    std::fs::remove_file(f.root().join("content/2022/fr/secret.txt")).unwrap();
    std::fs::remove_dir_all(f.root().join("content/2021")).unwrap();
    f.write("content/2022/fr/.git/config", "[remote]\nurl = secret\n");
    f.write("content/2022/fr/images/ok.txt", "kept\n");
    std::os::unix::fs::symlink("images", f.root().join("content/2022/fr/pictures")).unwrap();
    f.build();
    let out = f.root().join("output/2022/fr");
    assert!(!out.join(".git").exists());
    assert!(out.join("images/ok.txt").is_file());
    assert!(out.join("pictures/ok.txt").is_file());
}
