//! Languages written in other scripts and directions: a project in French, Arabic,
//! Chinese and Russian. Each page says its language and direction (`dir="rtl"` in Arabic,
//! from CLDR), so does every element in another language (the switcher, the landing page,
//! quotations), numbers use the digits and grouping of their locale or of the report's
//! choice, the theme's UI strings have every key in every language, and a language CLDR
//! does not know, or a template written for left to right only, is reported.
//!
//! Every page is read with scraper.

mod common;

use std::collections::BTreeSet;

use common::{Fixture, Page, ProjectBuilder, attr, select, text_keeping_nbsp};
use rapport::core::output::Output;

const LANGS: [&str; 4] = ["fr", "ar", "zh", "ru"];

const CONFIG: &str = r#"languages = ["fr", "ar", "zh", "ru"]
[title]
fr = "Rapports"
ar = "التقارير"
zh = "报告"
ru = "Доклады"
"#;

const EDITION: &str = r#"year = 2024
date = "2024-03-15"
symbol = "GB.350/PFA/1"
[title]
fr = "Rapport 2024"
ar = "تقرير عام 2024"
zh = "2024年报告"
ru = "Доклад за 2024 год"
[totals]
completed_projects = 3200
[[outcomes]]
id = "1"
title.fr = "Une organisation efficiente"
title.ar = "منظمة فعالة"
title.zh = "高效的组织"
title.ru = "Эффективная организация"
[[outputs]]
id = "1.1"
outcome = "1"
title.fr = "Processus automatisés"
title.ar = "عمليات مؤتمتة"
title.zh = "自动化流程"
title.ru = "Автоматизированные процессы"
"#;

const INDICATORS: &str = r#"[[indicators]]
id = "1.1.a"
output = "1.1"
description.fr = "Pourcentage des bureaux"
description.ar = "النسبة المئوية للمكاتب"
description.zh = "办事处百分比"
description.ru = "Доля отделений"
verification.fr = "Registre"
verification.ar = "السجل"
verification.zh = "登记册"
verification.ru = "Реестр"
[indicators.baseline]
text.fr = "16 % : 21 bureaux sur 131."
text.ar = "16%: 21 مكتباً من أصل 131."
text.zh = "16%：131个办事处中的21个。"
text.ru = "16 %: 21 отделение из 131."
value = 16
unit = "percent"
[indicators.milestone]
text.fr = "100 %"
text.ar = "100%"
text.zh = "100%"
text.ru = "100 %"
value = 100
unit = "percent"
[indicators.current]
text.fr = "40 %"
text.ar = "40%"
text.zh = "40%"
text.ru = "40 %"
value = 40
unit = "percent"
"#;

/// Each language's page: its title, and a paragraph quoting the next language round.
fn page(lang: &str) -> Page {
    let (title, text, quoted, quote) = match lang {
        "fr" => (
            "Introduction",
            "Le rapport cite la Charte.",
            "ar",
            "نحن شعوب الأمم المتحدة.",
        ),
        "ar" => (
            "مقدمة",
            "يستشهد التقرير بالميثاق.",
            "fr",
            "Nous, peuples des Nations Unies.",
        ),
        "zh" => (
            "导言",
            "报告引用了《宪章》。",
            "ru",
            "Мы, народы Объединённых Наций.",
        ),
        _ => (
            "Введение",
            "В докладе цитируется Устав.",
            "zh",
            "我联合国人民。",
        ),
    };
    Page::new(title, 1).slug("intro").body(&format!(
        "{text}\n\n<blockquote lang=\"{quoted}\">\n\n{quote}\n\n</blockquote>\n\nFin.[^n]\n\n[^n]: Note.\n"
    ))
}

fn project() -> ProjectBuilder {
    let mut project = ProjectBuilder::new()
        .languages(&LANGS)
        .file("rapport.toml", CONFIG)
        .file("content/2024/edition.toml", EDITION);
    for lang in LANGS {
        project = project.page(2024, lang, "01-intro", page(lang)).page(
            2024,
            lang,
            "02-results",
            Page::new("1.1", 2)
                .slug("results")
                .body("```{indicators}\noutcome = \"1\"\n```\n"),
        );
    }
    project.indicators(2024, INDICATORS)
}

/// The elements under `el` that a CSS selector selects.
fn select_in<'a>(el: &scraper::ElementRef<'a>, css: &str) -> Vec<scraper::ElementRef<'a>> {
    el.select(&scraper::Selector::parse(css).expect("selector"))
        .collect()
}

fn html(out: &Output, path: &str) -> scraper::Html {
    let bytes = out.get(path).unwrap_or_else(|| panic!("no {path}"));
    scraper::Html::parse_document(std::str::from_utf8(bytes).expect("UTF-8"))
}

fn expected_dir(lang: &str) -> &'static str {
    if lang == "ar" { "rtl" } else { "ltr" }
}

#[test]
fn every_page_says_its_language_and_direction() {
    let f = Fixture::new(&project());
    let out = common::render_in_memory(f.root());
    for lang in LANGS {
        for path in [
            format!("2024/{lang}/index.html"),
            format!("2024/{lang}/intro/index.html"),
        ] {
            let doc = html(&out, &path);
            let root = &select(&doc, "html")[0];
            assert_eq!(attr(root, "lang"), lang, "{path}");
            assert_eq!(attr(root, "dir"), expected_dir(lang), "{path}");
        }
    }
    let index = html(&out, "index.html");
    assert_eq!(
        attr(&select(&index, "html")[0], "dir"),
        "ltr",
        "French first"
    );
    // The paragraphs a page holds, as a whole phrase of its language.
    for (lang, range) in [
        ("fr", "Paragraphes 1–3"),
        ("ar", "الفقرات 1–3"),
        ("zh", "第1–3段"),
        ("ru", "Пункты 1–3"),
    ] {
        let doc = html(&out, &format!("2024/{lang}/intro/index.html"));
        assert_eq!(common::text(&select(&doc, ".paragraph-range")[0]), range);
    }
}

#[test]
fn elements_in_another_language_carry_its_language_and_direction() {
    let f = Fixture::new(&project());
    let out = common::render_in_memory(f.root());
    // The switcher of the Arabic page: the other three, each in its own language.
    let doc = html(&out, "2024/ar/intro/index.html");
    let entries: Vec<(String, String, String)> = select(&doc, "nav.languages li > *")
        .iter()
        .map(|e| {
            (
                attr(e, "lang").to_string(),
                attr(e, "dir").to_string(),
                common::text(e),
            )
        })
        .collect();
    let expected = [
        ("fr", "ltr", "Français"),
        ("ar", "rtl", "العربية"),
        ("zh", "ltr", "中文"),
        ("ru", "ltr", "Русский"),
    ];
    let expected: Vec<(String, String, String)> = expected
        .iter()
        .map(|(l, d, n)| (l.to_string(), d.to_string(), n.to_string()))
        .collect();
    assert_eq!(entries, expected);
    // The landing page lists each edition's title in each language, the language on the
    // link: the list item keeps the page's direction, so that its bullet stays on the
    // page's side (a left-to-right item's bullet hung outside a right-to-left page).
    let index = html(&out, "index.html");
    let titles: Vec<(String, String)> = select(&index, "ul.editions li > a[lang]")
        .iter()
        .map(|a| (attr(a, "lang").to_string(), attr(a, "dir").to_string()))
        .collect();
    assert!(select(&index, "ul.editions li[dir]").is_empty());
    let languages: Vec<(String, String)> = LANGS
        .iter()
        .map(|l| (l.to_string(), expected_dir(l).to_string()))
        .collect();
    assert_eq!(titles, languages);
    for other in select(&index, "p.site-title-other") {
        assert_eq!(attr(&other, "dir"), expected_dir(attr(&other, "lang")));
    }
    // The document's symbol, in Latin letters on every page, is isolated from the text
    // around it.
    let home = html(&out, "2024/ar/index.html");
    let symbol = select(&home, "main .edition-symbol bdi");
    assert_eq!(symbol.len(), 1);
    assert_eq!(common::text(&symbol[0]), "GB.350/PFA/1");
    // Ids in Latin letters and digits keep their order in Arabic text: isolated in the
    // table's caption (U+2068 … U+2069) and cells, and on the edition's home.
    let results = html(&out, "2024/ar/results/index.html");
    let caption = common::text(&select(&results, "main table caption")[0]);
    assert!(caption.contains("\u{2068}1\u{2069}"), "{caption:?}");
    let id = &select(&results, "main tbody th .indicator-id")[0];
    assert_eq!(
        (common::text(id).as_str(), attr(id, "dir")),
        ("1.1.a", "auto")
    );
    let statuses = select(&home, "table.statuses tbody th bdi");
    assert_eq!(common::text(&statuses[0]), "1.1.a");
    let french = html(&out, "2024/fr/results/index.html");
    let caption = common::text(&select(&french, "main table caption")[0]);
    assert!(
        !caption.contains('\u{2068}'),
        "only right to left: {caption:?}"
    );
    // A quotation marked with its language in the Markdown reads in its direction.
    for (page, quoted) in [("fr", "ar"), ("ar", "fr"), ("zh", "ru"), ("ru", "zh")] {
        let doc = html(&out, &format!("2024/{page}/intro/index.html"));
        let quote = &select(&doc, "main blockquote")[0];
        assert_eq!(attr(quote, "lang"), quoted, "{page}");
        assert_eq!(attr(quote, "dir"), expected_dir(quoted), "{page}");
    }
}

/// The stated total and the date on the edition's home, as a language writes them.
fn home_numbers(out: &Output, lang: &str) -> (String, String) {
    let doc = html(out, &format!("2024/{lang}/index.html"));
    let total = text_keeping_nbsp(&select(&doc, ".key-totals dd")[0]);
    let date = text_keeping_nbsp(&select(&doc, ".edition-date time")[0]);
    (total, date)
}

#[test]
fn numbers_and_dates_use_the_locale_s_digits_unless_the_report_chooses_others() {
    let f = Fixture::new(&project());
    let out = common::render_in_memory(f.root());
    // CLDR writes `ar` with Latin digits (since CLDR 42), Russian groups with a no-break
    // space, French with a narrow one.
    assert_eq!(home_numbers(&out, "ar").0, "3,200");
    assert_eq!(home_numbers(&out, "ru").0, "3\u{a0}200");
    assert_eq!(home_numbers(&out, "zh").0, "3,200");
    assert_eq!(home_numbers(&out, "fr").0, "3\u{202f}200");
    assert_eq!(home_numbers(&out, "zh").1, "2024年3月15日");
    assert_eq!(home_numbers(&out, "ru").1, "15 марта 2024\u{202f}г.");
    let (_, date) = home_numbers(&out, "ar");
    assert!(date.contains("2024") && date.contains("مارس"), "{date}");

    // A report in Arabic-Indic digits says so in its own UI strings, over the theme's.
    let f = Fixture::new(&project().file("i18n/ar.toml", "digits = \"arab\"\n"));
    let out = common::render_in_memory(f.root());
    let (total, date) = home_numbers(&out, "ar");
    assert_eq!(total, "٣٬٢٠٠");
    assert!(date.contains("٢٠٢٤") && !date.contains("2024"), "{date}");
    // Paragraph and note numbers too, while their ids and addresses keep 0–9.
    let intro = html(&out, "2024/ar/intro/index.html");
    let numbers: Vec<(String, String)> = select(&intro, "main p.numbered")
        .iter()
        .map(|p| {
            let number = &select_in(p, "a.pnum")[0];
            (attr(p, "id").to_string(), common::text(number))
        })
        .collect();
    let expected = [("p1", "١."), ("p2", "٢."), ("p3", "٣.")];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(id, n)| (id.to_string(), n.to_string()))
        .collect();
    assert_eq!(numbers, expected);
    let reference = &select(&intro, "sup.footnote-ref a")[0];
    assert_eq!(
        (common::text(reference).as_str(), attr(reference, "href")),
        ("١", "#fn-1")
    );
    assert_eq!(
        common::text(&select(&intro, ".paragraph-range")[0]),
        "الفقرات ١–٣"
    );
    let note = &select(&intro, "section.footnotes li")[0];
    assert_eq!((attr(note, "value"), attr(note, "data-number")), ("1", "١"));
    let french = html(&out, "2024/fr/intro/index.html");
    let note = &select(&french, "section.footnotes li")[0];
    assert_eq!(
        note.value().attr("data-number"),
        None,
        "0–9 need no marker of their own"
    );
    assert_eq!(
        home_numbers(&out, "fr").0,
        "3\u{202f}200",
        "French as before"
    );
    // `check` compares the charts' numbers, now in Arabic-Indic digits, with the cells'
    // text, in Latin ones, and says which setting makes them agree.
    let warnings: Vec<_> = problems(&f)
        .into_iter()
        .filter(|d| !d.is_error() && d.message.contains("writes `١٦`"))
        .collect();
    assert_eq!(
        warnings.len(),
        1,
        "the baseline, 16 in the Arabic text: {warnings:?}"
    );
    let hint = warnings[0].hint.clone().unwrap_or_default();
    assert!(hint.contains("digits = \"latin\""), "{hint}");
    let latin = Fixture::new(&project());
    assert!(
        !problems(&latin)
            .iter()
            .any(|d| d.message.contains("the chart of indicator")),
        "Latin digits agree"
    );

    // An unknown numbering system is an error naming the language, at its line.
    let f = Fixture::new(&project().file("i18n/ar.toml", "# Digits\ndigits = \"roman\"\n"));
    let problems = problems(&f);
    let error = problems
        .iter()
        .find(|d| d.is_error() && d.message.contains("no `roman` digits for `ar`"))
        .unwrap_or_else(|| panic!("{problems:?}"));
    assert!(error.path.ends_with("i18n/ar.toml"), "{error:?}");
    assert_eq!(error.line, 2, "{error:?}");
}

#[test]
fn a_paragraph_number_is_named_as_its_language_names_it() {
    let f = Fixture::new(&project());
    let out = common::render_in_memory(f.root());
    let title = |lang: &str| {
        let page = html(&out, &format!("2024/{lang}/intro/index.html"));
        attr(&select(&page, "main p#p2 a.pnum")[0], "title").to_string()
    };
    // Chinese puts its words around the number; the others put theirs before it.
    assert_eq!(title("zh"), "第2段");
    assert_eq!(title("fr"), "Paragraphe 2");
    assert_eq!(title("ru"), "Пункт 2");
    // A project may word it otherwise.
    let f = Fixture::new(&project().file("i18n/fr.toml", "paragraph_title = \"§ {n}\"\n"));
    let out = common::render_in_memory(f.root());
    let page = html(&out, "2024/fr/intro/index.html");
    assert_eq!(attr(&select(&page, "main p#p2 a.pnum")[0], "title"), "§ 2");
}

#[test]
fn a_figure_is_numbered_as_its_language_numbers_it() {
    let mut project = project();
    for lang in LANGS {
        project = project.page(
            2024,
            lang,
            "03-figure",
            Page::new("1.2", 3)
                .slug("figure")
                .body("```{figure}\nchart = \"completed-by-output\"\n```\n"),
        );
    }
    let with_arabic_digits = project.clone().file("i18n/ar.toml", "digits = \"arab\"\n");
    let caption = |project: &ProjectBuilder, lang: &str| {
        let out = common::render_in_memory(Fixture::new(project).root());
        let page = html(&out, &format!("2024/{lang}/figure/index.html"));
        // As written: `common::text` would fold the ideographic space.
        select(&page, "figure.chart figcaption")[0]
            .text()
            .collect::<String>()
    };
    let zh = caption(&project, "zh");
    assert!(zh.starts_with("图1\u{3000}") && !zh.contains('.'), "{zh}");
    assert!(caption(&project, "fr").starts_with("Figure 1. "));
    let ar = caption(&with_arabic_digits, "ar");
    assert!(ar.starts_with("الشكل ١. "), "{ar}");
}

/// Every problem `rapport check` reports on a project.
fn problems(f: &Fixture) -> Vec<rapport::diagnostics::Diagnostic> {
    match rapport::check(f.root()) {
        Ok(problems) | Err(rapport::diagnostics::Error::Content(problems)) => {
            problems.iter().cloned().collect()
        }
        Err(e) => panic!("{e}"),
    }
}

/// The keys of a UI strings file, `[typography]` keys prefixed with its name.
fn keys(text: &str) -> BTreeSet<String> {
    let table: toml::Table = toml::from_str(text).expect("UI strings parse");
    table
        .iter()
        .flat_map(|(key, value)| match value {
            toml::Value::Table(inner) => inner.keys().map(|k| format!("{key}.{k}")).collect(),
            _ => vec![key.clone()],
        })
        .collect()
}

#[test]
fn the_theme_has_every_ui_string_in_every_language() {
    let dir = common::repo().join("themes/default/i18n");
    let english = keys(&std::fs::read_to_string(dir.join("en.toml")).expect("en.toml"));
    // `[typography]` holds each language's own rules: only its presence is shared.
    let strings = |keys: &BTreeSet<String>| -> BTreeSet<String> {
        keys.iter().filter(|k| !k.contains('.')).cloned().collect()
    };
    let mut languages = Vec::new();
    for entry in std::fs::read_dir(&dir).expect("i18n folder") {
        let path = entry.expect("entry").path();
        let lang = path
            .file_stem()
            .expect("name")
            .to_string_lossy()
            .to_string();
        let text = std::fs::read_to_string(&path).expect("strings");
        let theirs = keys(&text);
        assert_eq!(strings(&theirs), strings(&english), "{lang}.toml");
        assert!(
            theirs.iter().any(|k| k.starts_with("typography.")),
            "{lang}"
        );
        languages.push(lang);
    }
    for lang in ["ar", "zh", "ru"] {
        assert!(
            languages.iter().any(|l| l == lang),
            "{lang}.toml is missing"
        );
        let text = std::fs::read_to_string(dir.join(format!("{lang}.toml"))).expect("strings");
        assert!(
            text.lines()
                .take(8)
                .any(|l| l.starts_with('#') && l.contains("native speaker")),
            "{lang}.toml asks for a native speaker's review"
        );
    }
}

#[test]
fn a_language_cldr_does_not_know_is_an_error_at_its_line() {
    let config = "# A report in a made-up language.\nlanguages = [\n  \"fr\",\n  \"qz\",\n]\n[title]\nfr = \"R\"\nqz = \"R\"\n";
    let f = Fixture::new(&project().file("rapport.toml", config));
    let problems = problems(&f);
    let error = problems
        .iter()
        .find(|d| d.message.contains("`qz` is not a language"))
        .unwrap_or_else(|| panic!("no error on `qz`: {problems:?}"));
    assert!(error.is_error());
    assert!(error.path.ends_with("rapport.toml"), "{error:?}");
    assert_eq!((error.line, error.column), (4, 3), "{error:?}");
    assert!(error.message.contains("CLDR"), "{error:?}");
    let hint = error.hint.as_deref().unwrap_or_default();
    assert!(hint.contains("ar, en, es, fr, ru and zh"), "{hint}");
}

#[test]
fn a_template_written_for_left_to_right_only_is_a_warning_when_a_language_is_rtl() {
    let base = std::fs::read_to_string(common::repo().join("themes/default/templates/page.html"))
        .expect("page.html");
    let edited = base.replace(
        "<article class=\"narrative\">",
        "<article class=\"narrative\">\n<p style=\"text-align: left; margin-inline-start: 1em\">x</p>",
    );
    assert_ne!(edited, base);
    let line = edited
        .lines()
        .position(|l| l.contains("text-align: left"))
        .expect("the line")
        + 1;
    let f = Fixture::new(&project().file("templates/page.html", &edited));
    let problems = problems(&f);
    let warnings: Vec<_> = problems
        .iter()
        .filter(|d| !d.is_error() && d.message.contains("physical side"))
        .collect();
    assert_eq!(warnings.len(), 1, "{problems:?}");
    let warning = warnings[0];
    assert!(warning.path.ends_with("templates/page.html"), "{warning:?}");
    assert_eq!(warning.line, line, "{warning:?}");
    assert!(warning.message.contains("text-align: left"), "{warning:?}");
    assert!(warning.message.contains("`ar`"), "{warning:?}");
    assert!(
        warning
            .hint
            .as_deref()
            .unwrap_or_default()
            .contains("start"),
        "{warning:?}"
    );
    // The default theme's own copy warns of nothing, and without a right-to-left language
    // neither does the edited template.
    let clean = problems_without_rtl(&edited);
    assert!(
        !clean.iter().any(|d| d.message.contains("physical side")),
        "{clean:?}"
    );
    let theme_only = self::problems(&Fixture::new(&project()));
    assert!(
        !theme_only
            .iter()
            .any(|d| d.message.contains("physical side")),
        "{theme_only:?}"
    );
}

#[test]
fn the_default_stylesheet_and_templates_have_no_physical_sides() {
    // Each file of the default theme, edited by a comment so that it counts as the
    // project's own, passes the check that a right-to-left project's own files get.
    let theme = common::repo().join("themes/default");
    // Written by hand, since the builder's copy of the theme would come after the edits.
    let mut project = project().without_theme();
    let mut edited = Vec::new();
    let mut folders = vec![theme.clone()];
    while let Some(dir) = folders.pop() {
        for entry in std::fs::read_dir(&dir).expect("theme folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            let rel = path.strip_prefix(&theme).expect("in the theme");
            let rel = format!("themes/default/{}", rel.to_string_lossy());
            let text = std::fs::read_to_string(&path).expect("theme file");
            let comment = if rel.ends_with(".css") {
                "\n/* edited */\n"
            } else if rel.ends_with(".html") {
                "{# edited #}\n"
            } else {
                ""
            };
            if !comment.is_empty() {
                edited.push(rel.clone());
            }
            project = project.file(&rel, &format!("{text}{comment}"));
        }
    }
    assert!(
        edited.iter().any(|f| f.ends_with("style.css")),
        "{edited:?}"
    );
    let f = Fixture::new(&project);
    let sides: Vec<_> = problems(&f)
        .into_iter()
        .filter(|d| d.message.contains("physical side"))
        .collect();
    assert!(sides.is_empty(), "{sides:?}");
    // The same stylesheet with one physical side is caught.
    let css = std::fs::read_to_string(theme.join("static/style.css")).expect("style.css");
    let f = Fixture::new(&project.file(
        "themes/default/static/style.css",
        &css.replace("margin-inline-end: 0.25rem;", "margin-right: 0.25rem;"),
    ));
    let sides: Vec<_> = problems(&f)
        .into_iter()
        .filter(|d| d.message.contains("physical side"))
        .collect();
    assert_eq!(sides.len(), 1, "{sides:?}");
    assert!(sides[0].message.contains("margin-right"), "{sides:?}");
}

/// The problems of the French and Russian project with an edited `page.html`.
fn problems_without_rtl(template: &str) -> Vec<rapport::diagnostics::Diagnostic> {
    let config = "languages = [\"fr\", \"ru\"]\n[title]\nfr = \"R\"\nru = \"R\"\n";
    let edition = EDITION
        .lines()
        .filter(|l| {
            !l.starts_with("ar =")
                && !l.starts_with("zh =")
                && !l.contains(".ar =")
                && !l.contains(".zh =")
        })
        .collect::<Vec<_>>()
        .join("\n");
    let project = ProjectBuilder::new()
        .languages(&["fr", "ru"])
        .file("rapport.toml", config)
        .file("content/2024/edition.toml", &edition)
        .page(2024, "fr", "01-intro", page("fr"))
        .page(2024, "ru", "01-intro", page("ru"))
        .file("templates/page.html", template);
    problems(&Fixture::new(&project))
}

/// A French and Chinese project whose Chinese is written with the code `zh_code`.
fn chinese_as(zh_code: &str) -> ProjectBuilder {
    let config = format!(
        "languages = [\"fr\", \"{zh_code}\"]\n[title]\nfr = \"Rapports\"\n\"{zh_code}\" = \"報告\"\n"
    );
    let edition: String = EDITION
        .lines()
        .filter(|l| {
            !l.starts_with("ar =")
                && !l.starts_with("ru =")
                && !l.contains(".ar =")
                && !l.contains(".ru =")
        })
        .map(|l| {
            l.replacen("zh = ", &format!("\"{zh_code}\" = "), 1)
                .replacen(".zh = ", &format!(".\"{zh_code}\" = "), 1)
        })
        .collect::<Vec<_>>()
        .join("\n");
    ProjectBuilder::new()
        .languages(&["fr", zh_code])
        .file("rapport.toml", &config)
        .file("content/2024/edition.toml", &edition)
        .page(2024, "fr", "01-intro", page("fr"))
        .page(2024, zh_code, "01-intro", page("zh"))
}

#[test]
fn traditional_chinese_reading_only_the_simplified_strings_is_a_warning() {
    let warned = |project: &ProjectBuilder| -> Vec<rapport::diagnostics::Diagnostic> {
        problems(&Fixture::new(project))
            .into_iter()
            .filter(|d| d.message.contains("script"))
            .collect()
    };
    for code in ["zh-TW", "zh-Hant"] {
        let warnings = warned(&chinese_as(code));
        assert_eq!(warnings.len(), 1, "{code}: {warnings:?}");
        assert!(!warnings[0].is_error());
        assert!(warnings[0].message.contains("Hant") && warnings[0].message.contains("Hans"));
        let hint = warnings[0].hint.as_deref().unwrap_or_default();
        assert!(hint.contains(&format!("i18n/{code}.toml")), "{hint}");
    }
    // Simplified Chinese under a regional code reads the same script: nothing to say.
    assert!(warned(&chinese_as("zh-CN")).is_empty());
    // Traditional Chinese with strings of its own: nothing to say either.
    let zh = std::fs::read_to_string(common::repo().join("themes/default/i18n/zh.toml"))
        .expect("zh.toml");
    let own = chinese_as("zh-TW").file("i18n/zh-TW.toml", &zh);
    assert!(warned(&own).is_empty());
}

#[test]
fn an_element_marked_with_a_language_cldr_does_not_know_is_a_warning_at_it() {
    let body = "Le rapport cite la <span lang=\"fr\">Charte</span>.\n\n<blockquote lang=\"ar\">\n\nنحن شعوب الأمم المتحدة.\n\n</blockquote>\n\nFin <q lang=\"xq\">citée</q>.[^n]\n\n[^n]: Note.\n";
    let project = project().page(
        2024,
        "fr",
        "01-intro",
        Page::new("Introduction", 1).slug("intro").body(body),
    );
    let f = Fixture::new(&project);
    let warnings: Vec<_> = problems(&f)
        .into_iter()
        .filter(|d| d.message.contains("not a language CLDR knows"))
        .collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    let warning = &warnings[0];
    assert!(!warning.is_error());
    assert!(
        warning.path.ends_with("content/2024/fr/01-intro.md"),
        "{warning:?}"
    );
    assert!(warning.message.contains("`<q lang=\"xq\">`"), "{warning:?}");
    let text = std::fs::read_to_string(f.root().join("content/2024/fr/01-intro.md")).expect("page");
    let line = text
        .lines()
        .position(|l| l.contains("xq"))
        .expect("the line")
        + 1;
    let column = text
        .lines()
        .nth(line - 1)
        .and_then(|l| l.find("<q"))
        .expect("the tag")
        + 1;
    assert_eq!(
        (warning.line, warning.column),
        (line, column),
        "{warning:?}"
    );
}
