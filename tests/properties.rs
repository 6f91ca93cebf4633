//! The bounded smoke of the fuzzed surface that CI runs (`fuzz/` holds the cargo-fuzz
//! target): generated pages and indicator files go through parse, validation, `check` and
//! render in memory, with a fixed seed so every run tries the same inputs.
//!
//! Properties: nothing panics; every problem is one line; two renders of one input are
//! byte-identical; and a rendered site holds no hostile markup unless raw HTML is trusted.
//! `PROPTEST_CASES` raises the number of cases (default 64 per property).

mod surface;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(64);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// Pieces authors (and attackers) write: Markdown, raw HTML, rapport blocks, odd text.
fn markdown_piece() -> impl Strategy<Value = String> {
    let fixed = prop::sample::select(vec![
        "Un paragraphe.",
        "{-} Une note non numérotée.",
        "## Un titre",
        "## Un titre {#ancre}",
        "### p3",
        "Voir [le paragraphe](#p2) et [l’ancre](#ancre).",
        "Une image ![carte](carte.png) et [un lien](https://example.org).",
        "<script>alert(1)</script>",
        "<span style=\"display:none\" onclick=\"x()\">caché</span>",
        "<a href=\"javascript:alert(1)\">a</a><img src=x onerror=alert(1)>",
        "<div hidden><iframe src=\"https://evil.example\"></iframe></div>",
        "<svg><a xlink:href=\"javascript:alert(1)\">s</a></svg>",
        "Une note[^a].",
        "Une autre[^b] et encore[^a].",
        "[^a]: La note a.",
        "[^b]: La note b avec [lien](#p1).",
        "> Citation\n> > imbriquée",
        "- un\n  - deux\n    1. trois",
        "| a | b |\n|---|---|\n| <b>x</b> | `y` |",
        "```\ncode <script>\n```",
        "```{indicators}\noutcome = \"1\"\n```",
        "```{indicators}\noutput = \"1.1\"\ncaption = \"<script>x</script>\"\n```",
        "```{figure}\nchart = \"completed-by-output\"\ncaption = \"Projets <b>\"\nnote = \"[n](javascript:x)\"\n```",
        "```{figure}\nchart = \"completed-by-category\"\ncaption = \"C\"\n```",
        "\u{feff}\u{0}\u{200b}\u{202e} é ß 漢字 🙂",
        "\\[^a] *emph **strong*** ~~strike~~ `code` <https://x.org>",
        ">>>>>>>>>>>>>>>>>>>>>>>>>>>>>>>> deep",
        "- - - - - - - - - - - - - - - - - - - - deep",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]((((((((((",
        "***___***___***___",
        "&#106;avascript: &lt;script&gt; &amp;",
    ])
    .prop_map(String::from);
    // Pieces that make a project invalid: rarer, so that most projects render.
    let invalid = prop::sample::select(vec![
        "# Un titre de niveau 1",
        "Voir [l’anglais](../en/01-page.md#p1) et [rien](02-absent.md).",
        "[js](javascript:alert(1)) [vb](VBScript:x) [data](data:text/html,<script>x</script>)",
        "```{indicators}\nids = [\"1.1.a\", \"9.9\"]\n```",
        "```{figure}\nchart = \"pie\"\n```",
        "```{unknown}\nx = 1\n```",
        "[^c]: Jamais citée.",
        "<javascript:alert(1)>",
    ]);
    prop_oneof![30 => fixed, 1 => invalid.prop_map(String::from), 1 => any::<String>(), 2 => "[#>*_\\[\\]()!^{}`<>|:\\-\n a-z0-9]{0,40}"]
}

fn front_matter() -> impl Strategy<Value = String> {
    let title = prop_oneof![
        "[A-Za-zé <>\"&']{1,20}",
        Just("Intro <script>alert(1)</script>".to_string()),
        any::<String>()
    ];
    let extra = prop_oneof![
        8 => prop::sample::select(vec!["", "slug = \"intro\"\n", "description = \"d\\\" onload=\\\"x\"\n"]),
        1 => prop::sample::select(vec!["slug = \"Bad Slug\"\n", "slug = \"print\"\n", "tilte = 1\n", "weight = \"x\"\n"]),
    ];
    (title, -3i64..3, extra).prop_map(|(title, weight, extra)| {
        let title = title
            .replace('\\', "\\\\")
            .replace('"', "\\\"")
            .replace(['\n', '\r'], " ");
        format!("+++\ntitle = \"{title}\"\nweight = {weight}\n{extra}+++\n")
    })
}

fn page() -> impl Strategy<Value = String> {
    (
        front_matter(),
        prop::collection::vec(markdown_piece(), 1..14),
        any::<bool>(),
    )
        .prop_map(|(front, pieces, crlf)| {
            let text = format!("{front}\n{}\n", pieces.join("\n\n"));
            if crlf {
                text.replace('\n', "\r\n")
            } else {
                text
            }
        })
}

/// A well-formed indicator: its output, texts (some hostile) and optional value cells.
fn indicator() -> impl Strategy<Value = (String, String)> {
    let text = prop::sample::select(vec![
        "Pourcentage",
        "D <script>x</script>",
        "[l](javascript:x) <img src=x onerror=y>",
        "**gras** `code`",
        "16 % 漢字",
    ]);
    let cell = prop::sample::select(vec![
        "",
        "[indicators.baseline]\nvalue = 16\nunit = \"percent\"\ntext.fr = \"16 %\"\ntext.en = \"16%\"\n",
        "[indicators.milestone]\ncount = 3\ntotal = 0\n",
        "[indicators.milestone]\ncount = 21\ntotal = 131\ntext.fr = \"21 sur 131\"\ntext.en = \"21 of 131\"\n",
        "[indicators.current]\nvalue = 1e300\nunit = \"count\"\n",
        "[indicators.current]\npending = true\nas_of = \"2022\"\n",
    ]);
    (prop::sample::select(vec!["1.1", "X"]), text.clone(), text, prop::collection::vec(cell, 0..3)).prop_map(|(output, fr, en, cells)| {
        let mut seen = Vec::new();
        let cells: String = cells.into_iter().filter(|c| {
            let table = c.lines().next().unwrap_or("").to_string();
            let fresh = !seen.contains(&table);
            seen.push(table);
            fresh
        }).collect();
        let body = format!("output = \"{output}\"\ndescription.fr = \"{fr}\"\ndescription.en = \"{en}\"\n{cells}");
        (output.to_string(), body)
    })
}

fn indicators() -> impl Strategy<Value = String> {
    let valid = prop::collection::vec(indicator(), 0..4).prop_map(|list| {
        list.into_iter()
            .enumerate()
            .map(|(i, (output, body))| {
                let body = body.replacen(
                    "output",
                    &format!("id = \"{output}.{}\"\noutput", (b'a' + i as u8) as char),
                    1,
                );
                format!("[[indicators]]\n{body}")
            })
            .collect::<String>()
    });
    let piece = prop::sample::select(vec![
        "[[indicators]]\nid = \"1.1.a\"\noutput = \"9.9\"\ndescription.fr = \"D\"\ndescription.en = \"D\"\n",
        "[[indicators]]\nid = \"X.a\"\noutput = \"X\"\ndescription.fr = \"D\"\n",
        "[indicators.baseline]\nvalue = nan\nunit = \"percent\"\n",
        "x = [[[[[[[[[[1]]]]]]]]]]\n",
        "= broken\n",
    ]);
    prop_oneof![8 => valid, 1 => prop::collection::vec(piece, 0..4).prop_map(|p| p.concat()), 1 => any::<String>()]
}

/// A French page and its English translation: mostly the same structure (so that the
/// languages align and the site renders), sometimes an unrelated page.
fn translated_pages() -> impl Strategy<Value = (String, String)> {
    page().prop_flat_map(|fr| {
        let same = Just(fr.clone());
        (Just(fr), prop_oneof![3 => same, 1 => page()])
    })
}

#[test]
fn the_pipeline_never_panics_and_never_lets_hostile_markup_through() {
    let rendered = std::sync::atomic::AtomicUsize::new(0);
    let mut runner = runner();
    let cases = runner.config().cases as usize;
    runner
        .run(
            &(translated_pages(), indicators(), any::<bool>()),
            |((fr, en), indicators, trusted)| {
                let input = surface::Input {
                    fr: &fr,
                    en: &en,
                    indicators: &indicators,
                    trusted,
                };
                let first = surface::run(&input);
                if first.output.is_some() {
                    rendered.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                } else if std::env::var("SHOW").is_ok() {
                    eprintln!(
                        "{:?}",
                        first
                            .problems
                            .iter()
                            .filter(|d| d.is_error())
                            .map(|d| d.message.clone())
                            .next()
                    );
                }
                for d in first.problems.iter() {
                    prop_assert!(!d.to_string().contains('\n'), "a problem spans lines: {d}");
                }
                if let Some(output) = &first.output {
                    if !trusted {
                        prop_assert_eq!(surface::hostile_markup(output), None);
                    }
                    let second = surface::run(&input);
                    prop_assert!(second.output.as_ref() == Some(output), "two renders differ");
                }
                Ok(())
            },
        )
        .unwrap();
    let rendered = rendered.into_inner();
    eprintln!("{rendered} of {cases} generated projects rendered");
    assert!(
        rendered * 5 >= cases,
        "only {rendered} of {cases} inputs rendered: the smoke tests errors only"
    );
}

#[test]
fn random_text_anywhere_is_an_error_not_a_crash() {
    runner()
        .run(
            &(any::<String>(), any::<String>(), any::<String>()),
            |(fr, en, indicators)| {
                let input = surface::Input {
                    fr: &fr,
                    en: &en,
                    indicators: &indicators,
                    trusted: false,
                };
                let outcome = surface::run(&input);
                prop_assert!(outcome.output.is_some() || outcome.problems.has_errors());
                Ok(())
            },
        )
        .unwrap();
}

#[test]
fn the_seed_inputs_of_the_fuzz_target_run_clean() {
    let seeds = surface::repo().join("fuzz/seeds");
    let mut rendered = 0;
    for entry in std::fs::read_dir(seeds).expect("fuzz/seeds") {
        let path = entry.unwrap().path();
        // fuzz/seeds/tree/ holds the seeds of the `tree` target.
        if !path.is_file() {
            continue;
        }
        let bytes = std::fs::read(path).unwrap();
        let text = String::from_utf8_lossy(&bytes);
        let outcome = surface::run(&surface::Input::from_text(&text));
        if let Some(output) = &outcome.output {
            rendered += 1;
            assert_eq!(surface::hostile_markup(output), None);
        }
    }
    assert!(
        rendered > 0,
        "no seed renders: the fuzzer would start from errors only"
    );
}
