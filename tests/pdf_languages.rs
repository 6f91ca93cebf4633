//! The PDF in the six official UN languages (tests/fixtures/six): Arabic laid out right to
//! left with the bundled Arabic font, Russian with the bundled Latin-and-Cyrillic faces,
//! Chinese refused with an error naming the script and the project's `fonts/` folder,
//! then typeset once the project adds a CJK font there (Debian's Noto Sans CJK).
//!
//! Needs qpdf, poppler-utils and fonts-noto-cjk (scripts/ensure-pdf-tools.sh installs them).

mod common;

use std::path::Path;

use common::Fixture;
use common::pdf::{Declared, assert_declared, parse, tool, word_boxes};
use rapport::render::pdf::PdfEngine;
use rapport::render::pdf_data::edition_pdf;

const YEAR: u16 = 2025;
/// Debian's Noto Sans CJK (package fonts-noto-cjk): the font a Chinese report adds.
const CJK_FONT: &str = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc";

/// One language's PDF of the six-language fixture, or its problems as text.
fn pdf_of(f: &Fixture, lang: &str) -> Result<Vec<u8>, Vec<String>> {
    let project = rapport::prepare(f.root(), None).expect("the fixture loads");
    let engine = PdfEngine::load(f.root(), &project.site.config.theme).expect("the engine");
    match edition_pdf(&engine, &project, YEAR, lang).expect("the edition in that language") {
        Ok(pdf) => Ok(pdf.bytes),
        Err(problems) => Err(problems
            .into_sorted()
            .into_iter()
            .map(|d| format!("{} (hint: {})", d.message, d.hint.unwrap_or_default()))
            .collect()),
    }
}

/// The PDF's text with every kind of white space removed: poppler writes right-to-left
/// lines word by word in visual order, and Typst spaces CJK from Latin with glue.
fn words_of(bytes: &[u8]) -> Vec<String> {
    let out = tool("pdftotext", &["-raw", "-enc", "UTF-8", "PDF", "-"], bytes);
    assert!(out.status.success(), "pdftotext: {out:?}");
    String::from_utf8_lossy(&out.stdout)
        .split(|c: char| c.is_whitespace() || ('\u{202A}'..='\u{202E}').contains(&c))
        .filter(|w| !w.is_empty())
        .map(str::to_string)
        .collect()
}

/// The embedded fonts' names, as `pdffonts` lists them (subset prefix removed).
fn fonts(bytes: &[u8]) -> Vec<String> {
    let out = tool("pdffonts", &["PDF"], bytes);
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().next())
        .map(|name| name.split_once('+').map_or(name, |(_, n)| n).to_string())
        .collect()
}

fn declared<'a>(lang: &'a str, title: &'a str) -> Declared<'a> {
    Declared {
        lang,
        title,
        creator: "",
        date: (2026, 2, 20),
    }
}

/// The edition's title and the organisation in `lang`, from the fixture's TOML.
fn titles(f: &Fixture, lang: &str) -> (String, String) {
    let read = |rel: &str| -> toml::Table {
        toml::from_str(&std::fs::read_to_string(f.root().join(rel)).expect(rel)).expect(rel)
    };
    let edition = read("content/2025/edition.toml");
    let site = read("rapport.toml");
    let title = |t: &toml::Table| t["title"][lang].as_str().expect("a title").to_string();
    (title(&edition), title(&site))
}

#[test]
fn the_arabic_pdf_is_typeset_with_the_bundled_arabic_font_and_declared_in_arabic() {
    let f = Fixture::copy_of("tests/fixtures/six");
    let bytes = pdf_of(&f, "ar").unwrap_or_else(|p| panic!("no Arabic PDF: {p:#?}"));
    let text = words_of(&bytes).join(" ");
    // Paragraph 1's words, each in its logical order (the line's words come in visual
    // order, and punctuation may come on either side of its word). Words with a vowel
    // mark or a lam-alef ligature are left out: pdftotext splits or reorders those.
    for word in [
        "عام",
        "الثاني",
        "البرنامج",
        "مشاريع",
        "وجرى",
        "بنسبة",
        "الميزانية",
    ] {
        assert!(text.contains(word), "`{word}` missing from {text}");
    }
    assert!(
        fonts(&bytes)
            .iter()
            .any(|n| n.starts_with("NotoSansArabic")),
        "{:?}",
        fonts(&bytes)
    );
    let (title, organisation) = titles(&f, "ar");
    let pdf = parse(&bytes);
    assert_declared(
        &pdf,
        &Declared {
            creator: &organisation,
            ..declared("ar", &title)
        },
    );
}

#[test]
fn the_russian_pdf_needs_no_font_of_the_project() {
    let f = Fixture::copy_of("tests/fixtures/six");
    let bytes = pdf_of(&f, "ru").unwrap_or_else(|p| panic!("no Russian PDF: {p:#?}"));
    let words = words_of(&bytes).join(" ");
    assert!(words.contains("втором году программы"), "{words}");
    assert!(words.contains("Источник: реестр программы"), "{words}");
}

#[test]
fn chinese_without_a_cjk_font_is_an_error_naming_the_script_and_the_fonts_folder() {
    let f = Fixture::copy_of("tests/fixtures/six");
    let problems = pdf_of(&f, "zh")
        .expect_err("no bundled font has Han")
        .join("\n");
    assert!(problems.contains("the Han script"), "{problems}");
    assert!(problems.contains("`fonts/` folder"), "{problems}");
}

#[test]
fn chinese_is_typeset_with_a_cjk_font_in_the_projects_fonts_folder() {
    assert!(
        Path::new(CJK_FONT).is_file(),
        "{CJK_FONT} missing: install it with `apt-get install -y fonts-noto-cjk` (scripts/ensure-pdf-tools.sh does)"
    );
    let f = Fixture::copy_of("tests/fixtures/six");
    std::fs::create_dir_all(f.root().join("fonts")).expect("fonts/");
    std::fs::copy(CJK_FONT, f.root().join("fonts/NotoSansCJK-Regular.ttc")).expect("copy");
    let bytes = pdf_of(&f, "zh").unwrap_or_else(|p| panic!("no Chinese PDF: {p:#?}"));
    let text: String = words_of(&bytes).concat();
    assert!(
        text.contains("2025年是本方案实施的第二年，共完成5个项目"),
        "{text}"
    );
    assert!(text.contains("资料来源：方案登记册"), "{text}");
    assert!(
        fonts(&bytes).iter().any(|n| n.starts_with("NotoSansCJK")),
        "{:?}",
        fonts(&bytes)
    );
    let (title, organisation) = titles(&f, "zh");
    assert_declared(
        &parse(&bytes),
        &Declared {
            creator: &organisation,
            ..declared("zh", &title)
        },
    );
}

#[test]
fn an_english_quotation_in_the_arabic_pdf_keeps_its_number_on_the_right() {
    let f = Fixture::copy_of("tests/fixtures/six");
    let bytes = pdf_of(&f, "ar").unwrap_or_else(|p| panic!("no Arabic PDF: {p:#?}"));
    // Paragraph 5 is the quotation "Water is a common good." (tests/fixtures/six).
    let pages = word_boxes(&bytes);
    let (page, water) = (pages.iter())
        .find_map(|p| p.words.iter().find(|w| w.text == "Water").map(|w| (p, w)))
        .expect("the quotation in the PDF");
    let number = (page.words.iter())
        // Poppler may part the number from its full stop in a right-to-left line.
        .find(|w| w.text.trim_matches('.') == "5" && w.y_min < water.y_max && water.y_min < w.y_max)
        .unwrap_or_else(|| panic!("no number 5. on the quotation's line: {:?}", page.words));
    assert!(
        number.x_min > water.x_max,
        "the number ({number:?}) is not right of the English text ({water:?})"
    );
}

#[test]
fn an_arabic_report_in_arabic_indic_digits_numbers_its_pdf_in_them() {
    let f = Fixture::copy_of("tests/fixtures/six");
    let strings = f.root().join("i18n");
    std::fs::create_dir_all(&strings).expect("i18n/");
    std::fs::write(strings.join("ar.toml"), "digits = \"arab\"\n").expect("i18n/ar.toml");
    let bytes = pdf_of(&f, "ar").unwrap_or_else(|p| panic!("no Arabic PDF: {p:#?}"));
    let pages = word_boxes(&bytes);
    // The quotation's paragraph number, and the page number at the foot of its page,
    // in the digits the web pages show (`١٢٣`), not 0–9.
    let (page, water) = (pages.iter())
        .find_map(|p| p.words.iter().find(|w| w.text == "Water").map(|w| (p, w)))
        .expect("the quotation in the PDF");
    let on_its_line: Vec<&str> = (page.words.iter())
        .filter(|w| w.y_min < water.y_max && water.y_min < w.y_max && w.text != "Water")
        .map(|w| w.text.trim_matches('.'))
        .filter(|t| !t.is_empty())
        .collect();
    assert!(on_its_line.contains(&"٥"), "{on_its_line:?}");
    assert!(!on_its_line.contains(&"5"), "{on_its_line:?}");
    let lowest = (page.words.iter())
        .max_by(|a, b| a.y_min.total_cmp(&b.y_min))
        .expect("words");
    assert!(
        lowest.text.chars().all(|c| ('٠'..='٩').contains(&c)),
        "the page number: {lowest:?}"
    );
}
