//! The pipeline runs one way: each stage of `src/` uses only the stages before it.
//!
//! ```text
//! core ← load ← validate ← render ← publish ← write ← check, serve, translate
//! ```
//!
//! Every `crate::` path in a stage's files (in `use` items and inline alike) is read, and
//! any that names a later stage, or the crate root, fails this test with its file and
//! line. `lib.rs` and `main.rs` sit above every stage and may use them all.

use std::path::Path;

/// The stages in pipeline order; a stage may use those before it and itself.
const ORDER: [&[&str]; 7] = [
    &["core"],
    &["load"],
    &["validate"],
    &["render"],
    &["publish"],
    &["write"],
    &["check", "serve", "translate"],
];

/// Where a stage stands in [`ORDER`].
fn rank(stage: &str) -> Option<usize> {
    ORDER.iter().position(|names| names.contains(&stage))
}

/// The stage a source file belongs to: its first folder under `src/`, or its own name.
fn stage_of(relative: &Path) -> Option<String> {
    let first = relative.components().next()?.as_os_str().to_str()?;
    let stage = first.strip_suffix(".rs").unwrap_or(first);
    (stage != "lib" && stage != "main").then(|| stage.to_string())
}

/// Every `crate::name` in `text`, with its line, outside comments.
fn crate_paths(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let before = rest[..at].chars().last();
            rest = &rest[at + "crate::".len()..];
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let names: Vec<String> = if let Some(group) = rest.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                group[..end]
                    .split(',')
                    .map(|n| n.trim().split("::").next().unwrap_or("").to_string())
                    .filter(|n| !n.is_empty())
                    .collect()
            } else {
                let end = rest
                    .find(|c: char| !(c.is_alphanumeric() || c == '_'))
                    .unwrap_or(rest.len());
                vec![rest[..end].to_string()]
            };
            found.extend(names.into_iter().map(|n| (number + 1, n)));
        }
    }
    found
}

/// The stage a `crate::name` leads to: a stage folder, or the core modules the crate
/// root re-exports; anything else is the crate root.
fn target_of(name: &str) -> &str {
    match name {
        "diagnostics" | "model" => "core",
        _ if rank(name).is_some() => name,
        _ => "the crate root",
    }
}

fn upward_uses(src: &Path) -> Vec<String> {
    let mut wrong = Vec::new();
    for entry in walkdir::WalkDir::new(src).sort_by_file_name() {
        let entry = entry.expect("a readable source tree");
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let relative = path.strip_prefix(src).expect("inside src");
        let Some(stage) = stage_of(relative) else {
            continue;
        };
        let Some(from) = rank(&stage) else {
            wrong.push(format!(
                "src/{}: `{stage}` is no stage of the pipeline",
                relative.display()
            ));
            continue;
        };
        let text = std::fs::read_to_string(path).expect("a readable source file");
        for (line, name) in crate_paths(&text) {
            let target = target_of(&name);
            if rank(target).is_none_or(|to| to > from) {
                wrong.push(format!(
                    "src/{}:{line}: {stage} uses `crate::{name}` ({target}), which comes after it",
                    relative.display()
                ));
            }
        }
    }
    wrong
}

#[test]
fn every_stage_uses_only_the_stages_before_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let wrong = upward_uses(&src);
    assert!(
        wrong.is_empty(),
        "{} use(s) against the pipeline's order:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

/// The test sees an upward use, whether in a `use` item, a group or inline.
#[test]
fn an_upward_use_is_caught() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let core = dir.path().join("core");
    std::fs::create_dir_all(&core).unwrap();
    std::fs::write(
        core.join("model.rs"),
        "use crate::core::diagnostics::Error;\n",
    )
    .unwrap();
    assert!(upward_uses(dir.path()).is_empty());
    for upward in [
        "use crate::render::markdown;\n",
        "use crate::{diagnostics, load};\n",
        "fn f() { crate::publish::finish(); }\n",
        "fn f() { crate::prepare(); }\n",
    ] {
        std::fs::write(core.join("model.rs"), upward).unwrap();
        assert_eq!(upward_uses(dir.path()).len(), 1, "{upward}");
    }
}
