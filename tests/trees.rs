//! The bounded smoke of the fuzzed edition trees that CI runs (`fuzz/fuzz_targets/tree.rs`
//! is the cargo-fuzz target): generated files, folders and symbolic links with hostile
//! names and targets are added under `content/2022/` of a valid project, which is then
//! built, rendered and archived; `surface/tree.rs` panics on any broken promise (nothing
//! written outside the output folder, nothing published but generated files and regular
//! files of the edition, no secret published or archived, plain archive entries, located
//! errors, an output folder left alone by a failed build).
//!
//! A fixed seed, so every run tries the same trees; `PROPTEST_CASES` raises the number
//! of cases (default 32).

#[path = "surface/tree.rs"]
mod tree;

use proptest::prelude::*;
use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
use tree::{Anchor, Entry, Kind, Tree, Verdict};

fn runner() -> TestRunner {
    let cases = std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|c| c.parse().ok())
        .unwrap_or(32);
    let config = Config {
        cases,
        failure_persistence: None,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, TestRng::deterministic_rng(RngAlgorithm::ChaCha))
}

/// One part of a name: ordinary, hostile, or any bytes but NUL and `/`.
fn segment() -> impl Strategy<Value = Vec<u8>> {
    let long = "a".repeat(255);
    let fixed = prop::sample::select(vec![
        "fr".to_string(),
        "en".into(),
        "images".into(),
        "logo.png".into(),
        "rapport.pdf".into(),
        "index.html".into(),
        "intro".into(),
        "data".into(),
        "charts".into(),
        "print".into(),
        "x\\..\\..\\index.html".into(),
        "e:n".into(),
        "..\\..\\..\\.env".into(),
        ".hidden".into(),
        ".git".into(),
        "a b é 漢字.txt".into(),
        "\u{7}bell\t.txt".into(),
        "line\nbreak.png".into(),
        "notes.md".into(),
        "extra.toml".into(),
        long,
    ])
    .prop_map(String::into_bytes);
    let invalid_utf8 = Just(b"photo-\xff.png".to_vec());
    let any_bytes = prop::collection::vec(
        any::<u8>().prop_filter("a name part", |b| *b != 0 && *b != b'/'),
        1..12,
    );
    prop_oneof![6 => fixed, 1 => invalid_utf8, 2 => any_bytes]
}

/// A name: one to three parts, or a generated file's path (or a folder of them).
fn name() -> impl Strategy<Value = Vec<u8>> {
    let parts = prop::collection::vec(segment(), 1..4).prop_map(|parts| parts.join(&b'/'));
    let generated =
        prop::sample::select(tree::generated_names().clone()).prop_map(String::into_bytes);
    prop_oneof![3 => parts, 1 => generated]
}

/// Where a link leads: the project's secrets, the other edition, loops, the outside.
fn link() -> impl Strategy<Value = Kind> {
    let targets = prop::sample::select(vec![
        (Anchor::Edition, "../../.env"),
        (Anchor::Edition, "../.env"),
        (Anchor::Raw, "../../../.env"),
        (Anchor::Project, ".env"),
        (Anchor::World, "secret-beside.txt"),
        (Anchor::World, "canary"),
        (Anchor::World, "output"),
        (Anchor::Edition, "../2021/fr/logo.txt"),
        (Anchor::Edition, "../2021"),
        (Anchor::Edition, ".private/notes.txt"),
        (Anchor::Edition, ".private"),
        (Anchor::Edition, "fr/01-intro.md"),
        (Anchor::Edition, "fr"),
        (Anchor::Edition, ""),
        (Anchor::Raw, "."),
        (Anchor::Raw, ".."),
        (Anchor::Raw, "loop"),
        (Anchor::EditionAbsolute, "en"),
        (Anchor::Root, "etc/hostname"),
        (Anchor::Raw, "nowhere"),
    ])
    .prop_map(|(anchor, target)| Kind::Link(anchor, target.as_bytes().to_vec()));
    let any_target = (
        prop::sample::select(vec![Anchor::Raw, Anchor::Edition]),
        prop::collection::vec(any::<u8>().prop_filter("no NUL", |b| *b != 0), 0..16),
    )
        .prop_map(|(anchor, target)| Kind::Link(anchor, target));
    prop_oneof![4 => targets, 1 => any_target]
}

fn entry() -> impl Strategy<Value = Entry> {
    let kind = prop_oneof![
        4 => (0u8..4).prop_map(Kind::File),
        1 => Just(Kind::Folder),
        3 => link(),
    ];
    (name(), kind).prop_map(|(name, kind)| Entry { name, kind })
}

fn trees() -> impl Strategy<Value = Tree> {
    prop::collection::vec(entry(), 1..6).prop_map(|entries| Tree { entries })
}

#[test]
fn hostile_edition_trees_never_escape_the_output_folder() {
    let verdicts = std::sync::Mutex::new(Vec::new());
    runner()
        .run(&trees(), |tree| {
            // The fuzzer reads the same tree from these bytes.
            prop_assert_eq!(Tree::decode(&tree.encode()), tree.clone());
            let verdict = tree::check(&tree);
            verdicts.lock().unwrap().push(verdict);
            Ok(())
        })
        .unwrap();
    let verdicts = verdicts.into_inner().unwrap();
    assert!(
        verdicts.contains(&Verdict::Built) && verdicts.contains(&Verdict::Refused),
        "the smoke must try trees that build and trees that are refused: {verdicts:?}"
    );
}

#[test]
fn the_seed_trees_of_the_fuzz_target_run_clean() {
    let seeds = tree::repo().join("fuzz/seeds/tree");
    let mut verdicts = Vec::new();
    for entry in std::fs::read_dir(seeds).expect("fuzz/seeds/tree") {
        let bytes = std::fs::read(entry.expect("a seed").path()).expect("a readable seed");
        verdicts.push(tree::check(&Tree::decode(&bytes)));
    }
    assert!(
        verdicts.contains(&Verdict::Built) && verdicts.contains(&Verdict::Refused),
        "the seeds must hold trees that build and trees that are refused: {verdicts:?}"
    );
}

fn one(name: &str, kind: Kind) -> Tree {
    Tree {
        entries: vec![Entry {
            name: name.as_bytes().to_vec(),
            kind,
        }],
    }
}

#[test]
fn ordinary_edition_files_are_published() {
    let tree = Tree {
        entries: vec![
            Entry {
                name: b"fr/images/logo.png".to_vec(),
                kind: Kind::File(0),
            },
            Entry {
                name: b"fr/images/link.png".to_vec(),
                kind: Kind::Link(Anchor::Raw, b"logo.png".to_vec()),
            },
            Entry {
                name: b"en/images".to_vec(),
                kind: Kind::Link(Anchor::Edition, b"fr/images".to_vec()),
            },
        ],
    };
    assert_eq!(tree::check(&tree), Verdict::Built);
}

#[test]
fn hostile_names_and_links_are_refused() {
    for tree in [
        one("x\\..\\..\\index.html", Kind::File(0)),
        one("e:n/images/logo.png", Kind::File(0)),
        one("fr/a:b.png", Kind::File(0)),
        one("fr/index.html", Kind::File(0)),
        one("en/data/indicators.csv", Kind::File(0)),
        one("fr/intro", Kind::File(0)),
        one(
            "secret.txt",
            Kind::Link(Anchor::Edition, b"../../.env".to_vec()),
        ),
        one("other", Kind::Link(Anchor::Edition, b"../2021".to_vec())),
        one("loop", Kind::Link(Anchor::Raw, b"loop".to_vec())),
        one("up", Kind::Link(Anchor::Raw, b".".to_vec())),
    ] {
        assert_eq!(tree::check(&tree), Verdict::Refused, "{tree:?}");
    }
}

/// Hidden files are never published, and a link must not publish one under another name.
#[test]
fn a_link_to_a_hidden_file_of_the_edition_is_refused() {
    for target in [".private/notes.txt", ".private"] {
        let tree = one(
            "notes",
            Kind::Link(Anchor::Edition, target.as_bytes().to_vec()),
        );
        assert_eq!(tree::check(&tree), Verdict::Refused, "{target}");
    }
}
