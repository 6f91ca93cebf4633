//! Charts in the six official languages of the United Nations: a fixture project in
//! Arabic, Chinese, English, French, Russian and Spanish, rendered in memory, every SVG
//! parsed with a real XML parser.
//!
//! Checks that long labels wrap in every script (Chinese has no spaces), that no drawn
//! text runs past its chart's edges when measured as the layout measures it, and that an
//! Arabic chart is mirrored: bars grow from the right, labels sit on the right, the axis
//! runs from right to left, and the SVG says `direction="rtl"`.

mod common;

use common::svg::{content, has_class, parse, points};
use common::{Fixture, Page, ProjectBuilder, repo};
use rapport::core::output::Output;

/// The languages, Arabic last.
const LANGUAGES: [&str; 6] = ["fr", "en", "es", "ru", "zh", "ar"];

/// Text in each language of [`LANGUAGES`].
type Texts = [&'static str; 6];

/// The long output: long enough to wrap over several lines in every language, with no
/// space at all in Chinese.
const LONG_OUTPUT: Texts = [
    "Recours accru aux processus automatisés et aux applications pour améliorer l’efficience opérationnelle",
    "Increased use of automated processes and applications to improve operational efficiency",
    "Mayor uso de procesos y aplicaciones automatizados para mejorar la eficiencia operativa",
    "Более широкое использование автоматизированных процессов и приложений для повышения операционной эффективности",
    "更多地利用自动化流程和应用程序，提高业务效率、信息安全水平以及各驻地办事处的工作质量",
    "زيادة استخدام العمليات والتطبيقات المؤتمتة لتحسين الكفاءة التشغيلية وأمن المعلومات في المكاتب الميدانية",
];
const SHORT_OUTPUT: Texts = [
    "Travail à distance",
    "Remote work",
    "Trabajo a distancia",
    "Удалённая работа",
    "远程工作",
    "العمل عن بعد",
];
const CROSS_CUTTING: Texts = [
    "Élément transversal : sécurité",
    "Cross-cutting driver: security",
    "Elemento transversal: seguridad",
    "Сквозной фактор: безопасность",
    "跨领域驱动因素：安全",
    "عامل شامل: الأمن",
];
const OUTCOME: Texts = [
    "Une OIT efficiente",
    "An efficient ILO",
    "Una OIT eficiente",
    "Эффективная МОТ",
    "高效的国际劳工组织",
    "منظمة عمل دولية فعالة",
];
const AUTOMATION: Texts = [
    "Automatisation",
    "Automation",
    "Automatización",
    "Автоматизация",
    "自动化",
    "الأتمتة",
];
const SECURITY: Texts = [
    "Sécurité de l’information",
    "Information security",
    "Seguridad de la información",
    "Информационная безопасность",
    "信息安全",
    "أمن المعلومات",
];
const OFFICES: Texts = [
    "Pourcentage des bureaux",
    "Percentage of offices",
    "Porcentaje de oficinas",
    "Доля отделений",
    "办事处所占百分比",
    "النسبة المئوية للمكاتب",
];

/// UI strings of the languages the default theme does not have yet, for the chart keys
/// this fixture shows: the English file with these keys replaced.
const UI: &[(&str, [&str; 3])] = &[
    // (key, [ru, zh, ar])
    ("language_name", ["Русский", "中文", "العربية"]),
    (
        "output_heading",
        [
            "Результат {id}. {title}",
            "产出 {id}：{title}",
            "الناتج {id}. {title}",
        ],
    ),
    ("figure", ["Рисунок", "图", "الشكل"]),
    ("baseline", ["Исходный уровень", "基线", "خط الأساس"]),
    (
        "milestone",
        ["Промежуточная цель", "阶段目标", "المعلم المرحلي"],
    ),
    ("current", ["Текущее состояние", "当前状况", "الوضع الحالي"]),
    (
        "chart_remainder",
        [
            "Не перечислены в этом докладе",
            "本报告未逐项列出",
            "غير مفصلة في هذا التقرير",
        ],
    ),
];

fn localized(key: &str, texts: &Texts) -> String {
    LANGUAGES
        .iter()
        .zip(texts)
        .map(|(lang, text)| format!("{key}.{lang} = \"{text}\"\n"))
        .collect()
}

/// A project in the six languages: an edition with a long output, a short one and a
/// cross-cutting one, five completed projects of a stated eight (so a remainder bar),
/// one indicator with a progress chart, and a page per language with both figures.
fn six_languages() -> Fixture {
    let mut config = format!("languages = [{}]\n[title]\n", quoted(&LANGUAGES));
    for lang in LANGUAGES {
        config.push_str(&format!("{lang} = \"Rapports\"\n"));
    }
    let mut edition = "year = 2022\ndate = \"2023-03-01\"\n[title]\n".to_string();
    for lang in LANGUAGES {
        edition.push_str(&format!("{lang} = \"2022\"\n"));
    }
    edition.push_str("[totals]\ncompleted_projects = 8\n");
    edition.push_str(&format!(
        "[[outcomes]]\nid = \"1\"\n{}",
        localized("title", &OUTCOME)
    ));
    for (id, outcome, title) in [
        ("1.1", Some("1"), &LONG_OUTPUT),
        ("1.2", Some("1"), &SHORT_OUTPUT),
        ("X", None, &CROSS_CUTTING),
    ] {
        edition.push_str(&format!("[[outputs]]\nid = \"{id}\"\n"));
        if let Some(outcome) = outcome {
            edition.push_str(&format!("outcome = \"{outcome}\"\n"));
        }
        edition.push_str(&localized("title", title));
    }
    let mut projects = String::new();
    for (id, labels) in [("automation", &AUTOMATION), ("security", &SECURITY)] {
        projects.push_str(&format!(
            "[[categories]]\nid = \"{id}\"\n{}",
            localized("label", labels)
        ));
    }
    for (i, (output, category)) in [
        ("1.1", "automation"),
        ("1.1", "automation"),
        ("1.1", "security"),
        ("1.2", "automation"),
        ("X", "security"),
    ]
    .iter()
    .enumerate()
    {
        let names: Texts = [""; 6].map(|_| "P");
        projects.push_str(&format!(
            "[[projects]]\nid = \"p{i}\"\n{}output = \"{output}\"\ncategory = \"{category}\"\nstatus = \"completed\"\nyear = 2022\n",
            localized("name", &names)
        ));
    }
    let mut indicators = format!(
        "[[indicators]]\nid = \"1.1.a\"\noutput = \"1.1\"\n{}",
        localized("description", &OFFICES)
    );
    for (column, value) in [("baseline", 16.0), ("milestone", 100.0), ("current", 88.5)] {
        indicators.push_str(&format!(
            "[indicators.{column}]\n{}value = {value}\nunit = \"percent\"\n",
            localized("text", &[""; 6].map(|_| "—"))
        ));
    }
    let en_strings = std::fs::read_to_string(repo().join("themes/default/i18n/en.toml"))
        .expect("the English UI strings");
    let mut project = ProjectBuilder::new()
        .languages(&LANGUAGES)
        .file("content/2022/edition.toml", &edition)
        .projects(2022, &projects)
        .indicators(2022, &indicators);
    for (i, lang) in ["ru", "zh", "ar"].iter().enumerate() {
        let mut strings = String::new();
        for (key, texts) in UI {
            strings.push_str(&format!("{key} = \"{}\"\n", texts[i]));
        }
        // The English file after the replaced keys, without them.
        for line in en_strings.lines() {
            let key = line.split(" = ").next().unwrap_or_default();
            if !UI.iter().any(|(k, _)| *k == key) {
                strings.push_str(line);
                strings.push('\n');
            }
        }
        project = project.file(&format!("i18n/{lang}.toml"), &strings);
    }
    for lang in LANGUAGES {
        project = project.page(
            2022,
            lang,
            "01-intro",
            Page::new("Introduction", 1).slug("intro").body(
                "1.\n\n```{figure}\nchart = \"completed-by-output\"\n```\n\n```{figure}\nchart = \"completed-by-category\"\n```\n\n```{indicators}\noutcome = \"1\"\n```\n",
            ),
        );
    }
    // Last, so that it replaces the builder's French and English `rapport.toml`.
    Fixture::new(&project.file("rapport.toml", &config))
}

fn quoted(items: &[&str]) -> String {
    items
        .iter()
        .map(|i| format!("\"{i}\""))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The standalone SVG files of one language's charts, by name.
fn charts(out: &Output, lang: &str) -> Vec<(String, String)> {
    let prefix = format!("2022/{lang}/");
    let mut files: Vec<(String, String)> = out
        .iter()
        .filter(|(path, _)| path.starts_with(&prefix) && path.ends_with(".svg"))
        .map(|(path, bytes)| {
            (
                path.to_string(),
                String::from_utf8(bytes.to_vec()).expect("UTF-8"),
            )
        })
        .collect();
    files.sort();
    files
}

/// Renders the six-language fixture once for all the tests of this file.
fn rendered() -> &'static Output {
    static OUT: std::sync::OnceLock<Output> = std::sync::OnceLock::new();
    OUT.get_or_init(|| common::render_in_memory(six_languages().root()))
}

/// A drawn text: where it is anchored, how, at what size, and what it says.
#[derive(Debug)]
struct Text {
    x: f64,
    anchor: String,
    size: f64,
    text: String,
}

fn texts(doc: &roxmltree::Document<'_>) -> Vec<Text> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|t| Text {
            x: t.attribute("x").unwrap().parse().unwrap(),
            anchor: t.attribute("text-anchor").unwrap_or("start").to_string(),
            size: t.attribute("font-size").unwrap().parse().unwrap(),
            text: content(t),
        })
        .collect()
}

/// The horizontal extent of a text measured as the layout measures it, times `factor`,
/// under the chart's direction: `start` is the left end of left-to-right text and the
/// right end of right-to-left text.
fn extent(text: &Text, lang: &str, rtl: bool, factor: f64) -> (f64, f64) {
    let width = factor * rapport::render::charts::text_width(lang, &text.text, text.size);
    match (text.anchor.as_str(), rtl) {
        ("middle", _) => (text.x - width / 2.0, text.x + width / 2.0),
        ("start", false) | ("end", true) => (text.x, text.x + width),
        _ => (text.x - width, text.x),
    }
}

#[test]
fn every_language_draws_every_chart() {
    let out = rendered();
    for lang in LANGUAGES {
        let files = charts(out, lang);
        let names: Vec<&str> = files
            .iter()
            .map(|(p, _)| p.rsplit('/').next().unwrap())
            .collect();
        assert_eq!(
            names,
            ["figure-1.svg", "figure-2.svg", "indicator-1-1-a.svg"],
            "{lang}"
        );
        for (path, svg) in files {
            // The common checks: accessible, scalable, real text in a font stack.
            let chart = parse(&svg);
            assert!(!chart.desc.is_empty(), "{path}");
        }
    }
}

#[test]
fn no_text_runs_past_its_chart_in_any_language() {
    let out = rendered();
    let mut checked = 0;
    for lang in LANGUAGES {
        for (path, svg) in charts(out, lang) {
            let doc = roxmltree::Document::parse(&svg).unwrap();
            let root = doc.root_element();
            let rtl = root.attribute("direction") == Some("rtl");
            let width: f64 = root
                .attribute("viewBox")
                .unwrap()
                .split(' ')
                .nth(2)
                .unwrap()
                .parse()
                .unwrap();
            for text in texts(&doc) {
                // The layout keeps 15% of room for a font wider than the measured one
                // (a reader's own sans-serif): the text must fit with it too.
                let (left, right) = extent(&text, lang, rtl, 1.15);
                assert!(
                    left >= 0.0 && right <= width,
                    "{path}: {text:?} spans {left:.1}–{right:.1} of 0–{width}"
                );
                checked += 1;
            }
        }
    }
    assert!(checked > 6 * 20, "{checked} texts");
}

#[test]
fn long_labels_wrap_in_every_script() {
    let out = rendered();
    for (i, lang) in LANGUAGES.iter().enumerate() {
        let (_, svg) = &charts(out, lang)[0];
        let doc = roxmltree::Document::parse(svg).unwrap();
        let first_bar = doc
            .descendants()
            .find(|n| has_class(*n, "bar"))
            .expect("a bar");
        let lines: Vec<String> = first_bar
            .children()
            .filter(|n| n.has_tag_name("text"))
            .map(content)
            .collect();
        // The label's lines, then the value.
        let (_, label) = lines.split_last().unwrap();
        assert!(label.len() >= 3, "{lang}: {label:?}");
        let joined = if *lang == "zh" {
            label.concat()
        } else {
            label.join(" ")
        };
        assert!(joined.ends_with(LONG_OUTPUT[i]), "{lang}: {joined}");
        // In Arabic the output's id is isolated, so that "1.1." keeps its order; the
        // title, which the label's lines break, is not.
        let isolated = joined.contains("\u{2068}1.1\u{2069}.");
        assert_eq!(isolated, *lang == "ar", "{lang}: {joined}");
        assert_eq!(
            joined.matches('\u{2068}').count(),
            usize::from(*lang == "ar")
        );
    }
}

/// The x of the zero line and of the far end of each bar of a bar chart.
fn bar_ends(svg: &str) -> Vec<(f64, f64)> {
    let doc = roxmltree::Document::parse(svg).unwrap();
    doc.descendants()
        .filter(|n| has_class(*n, "bar"))
        .map(|g| {
            let zero = g
                .children()
                .filter(|n| n.has_tag_name("polyline"))
                .map(|n| points(n))
                .find(|p| p.len() == 2 && p[0].0 == p[1].0)
                .expect("a zero line")[0]
                .0;
            let bar: Vec<f64> = if let Some(rect) = g.children().find(|n| n.has_tag_name("rect")) {
                let x: f64 = rect.attribute("x").unwrap().parse().unwrap();
                let w: f64 = rect.attribute("width").unwrap().parse().unwrap();
                vec![x, x + w]
            } else {
                let outline = g
                    .children()
                    .filter(|n| n.has_tag_name("polyline"))
                    .find(|n| points(*n).len() == 5)
                    .expect("an outline");
                points(outline).iter().map(|p| p.0).collect()
            };
            let far = if bar.iter().all(|x| *x <= zero) {
                bar.iter().cloned().fold(f64::MAX, f64::min)
            } else {
                bar.iter().cloned().fold(f64::MIN, f64::max)
            };
            (zero, far)
        })
        .collect()
}

#[test]
fn arabic_charts_are_mirrored_and_say_so() {
    let out = rendered();
    let (_, french) = &charts(out, "fr")[0];
    let (_, arabic) = &charts(out, "ar")[0];
    let fr = roxmltree::Document::parse(french).unwrap();
    let ar = roxmltree::Document::parse(arabic).unwrap();
    assert_eq!(fr.root_element().attribute("direction"), None);
    assert_eq!(ar.root_element().attribute("direction"), Some("rtl"));
    let xml_lang = ("http://www.w3.org/XML/1998/namespace", "lang");
    assert_eq!(ar.root_element().attribute(xml_lang), Some("ar"));

    // Bars grow from a zero line on the left in French, on the right in Arabic.
    let (fr_bars, ar_bars) = (bar_ends(french), bar_ends(arabic));
    assert_eq!(fr_bars.len(), 4);
    assert_eq!(ar_bars.len(), 4);
    for ((fr_zero, fr_end), (ar_zero, ar_end)) in fr_bars.iter().zip(&ar_bars) {
        assert!(*fr_zero < 20.0 && fr_end > fr_zero, "{fr_zero} {fr_end}");
        assert!(*ar_zero > 380.0 && ar_end < ar_zero, "{ar_zero} {ar_end}");
    }

    // Labels start on the right: anchored at their start, beside the zero line.
    for (doc, zero) in [(&fr, fr_bars[0].0), (&ar, ar_bars[0].0)] {
        let first_bar = doc.descendants().find(|n| has_class(*n, "bar")).unwrap();
        let label = first_bar
            .children()
            .find(|n| n.has_tag_name("text"))
            .unwrap();
        assert_eq!(label.attribute("text-anchor"), Some("start"));
        let x: f64 = label.attribute("x").unwrap().parse().unwrap();
        assert_eq!(x, zero);
    }
}

#[test]
fn the_arabic_progress_axis_runs_from_right_to_left() {
    let out = rendered();
    let axis = |svg: &str| -> Vec<(String, f64)> {
        let doc = roxmltree::Document::parse(svg).unwrap();
        let group = doc
            .descendants()
            .find(|n| has_class(*n, "axis"))
            .expect("an axis");
        group
            .children()
            .filter(|n| n.has_tag_name("text"))
            .map(|t| (content(t), t.attribute("x").unwrap().parse().unwrap()))
            .collect()
    };
    let (_, french) = &charts(out, "fr")[2];
    let (_, arabic) = &charts(out, "ar")[2];
    let (fr, ar) = (axis(french), axis(arabic));
    assert!(fr.len() >= 2 && fr.len() == ar.len(), "{fr:?} {ar:?}");
    // Zero first: on the left in French, on the right in Arabic.
    assert!(fr.windows(2).all(|w| w[0].1 < w[1].1), "{fr:?}");
    assert!(ar.windows(2).all(|w| w[0].1 > w[1].1), "{ar:?}");
    assert!(fr[0].1 < 200.0 && ar[0].1 > 200.0, "{fr:?} {ar:?}");
}
