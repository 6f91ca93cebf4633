//! The fuzzed file tree, shared by `fuzz/fuzz_targets/tree.rs` (cargo-fuzz) and
//! `tests/trees.rs` (proptest, the bounded smoke CI runs): a valid bilingual project with
//! two editions, in a fresh temporary folder, to which fuzzer bytes add files, folders and
//! symbolic links under `content/2022/`, with any names and any link targets. The project
//! is then built into an output folder beside it (`prepare` + `write_project`) and
//! rendered in memory and archived (`render_project` + `archive::bag` + `archive::zip`).
//!
//! [`check`] panics on any broken promise (see [`World::verify`]): nothing written outside
//! the output folder, `rapport check` refusing exactly what the build refuses, nothing published that is not a generated file or a regular file of
//! the edition, no secret from outside the edition ever published or archived, no archive
//! entry that climbs out of its folder, no error without a location, no output touched
//! by a failed build.
//!
//! Input layout (see [`Tree::decode`]): a list of entries, each one tag byte, then a name
//! up to a NUL byte, then for a link its target up to a NUL byte. The tag's low two bits
//! say what the entry is: 0 a file, 1 a folder, 2 a symbolic link, 3 a file named after
//! a generated file (the next byte picks which; the rest of the name is appended). Bits
//! 2–3 pick a file's content, bits 4–6 what a link's target starts with ([`Anchor`]).
#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::io::Read as _;
use std::os::unix::ffi::OsStrExt;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

#[path = "../common/builder.rs"]
mod builder;

#[allow(unused_imports)] // Used by tests/trees.rs, not by the fuzz target.
pub use builder::repo;
use builder::{Edition, Page, ProjectBuilder};
use rapport::core::diagnostics::Error;
use rapport::core::routes::is_plain;
use rapport::write::staging::MARKER;

/// Text that lives only outside the edition being fuzzed: in the project's `.env`, beside
/// the project, in a hidden file of the edition and in the other edition's hidden file.
/// It must never reach the site or an archive.
pub const SECRET: &str = "SECRET-7f3a9c-never-published";

/// At most this many entries are taken from one input.
pub const MAX_ENTRIES: usize = 24;

/// What a symbolic link's target starts with; the entry's target bytes follow.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Anchor {
    /// Nothing: the bytes as they are (relative to the link's folder, or absolute).
    Raw,
    /// The project folder, absolute: `…/project/` + `.env`.
    Project,
    /// The temporary folder that holds the project, the output and the canary.
    World,
    /// `../` as many times as the link is deep, so the bytes are relative to the edition
    /// folder: `../.env` then reaches `content/.env`, `../../.env` the project's.
    Edition,
    /// The edition folder, absolute.
    EditionAbsolute,
    /// The file system's root.
    Root,
}

const ANCHORS: [Anchor; 6] = [
    Anchor::Raw,
    Anchor::Project,
    Anchor::World,
    Anchor::Edition,
    Anchor::EditionAbsolute,
    Anchor::Root,
];

/// What an entry is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Kind {
    /// A regular file, with one of [`CONTENTS`].
    File(u8),
    /// A folder.
    Folder,
    /// A symbolic link.
    Link(Anchor, Vec<u8>),
}

/// One entry under `content/2022/`: its name may hold `/` (folders are made as needed;
/// empty, `.` and `..` parts are dropped, so the tree stays inside the edition folder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The name, any bytes but NUL.
    pub name: Vec<u8>,
    /// What it is.
    pub kind: Kind,
}

/// File contents: text, a page with front matter, markup with a script, nothing.
pub const CONTENTS: [&str; 4] = [
    "an edition file\n",
    "+++\ntitle = \"Extra\"\nweight = 9\n+++\n\nAn extra page.\n",
    "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>\n",
    "",
];

/// The fuzzed entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Tree {
    /// In the order they are made.
    pub entries: Vec<Entry>,
}

impl Tree {
    /// Reads fuzzer bytes: see the module documentation.
    pub fn decode(bytes: &[u8]) -> Tree {
        let mut rest = bytes;
        let mut entries = Vec::new();
        while let Some((&tag, after)) = rest.split_first() {
            if entries.len() == MAX_ENTRIES {
                break;
            }
            rest = after;
            let kind = tag & 3;
            let mut name = Vec::new();
            if kind == 3 {
                let names = generated_names();
                if let Some((&pick, after)) = rest.split_first() {
                    name.extend_from_slice(names[usize::from(pick) % names.len()].as_bytes());
                    rest = after;
                }
            }
            name.extend_from_slice(take_until_nul(&mut rest));
            let kind = match kind {
                1 => Kind::Folder,
                2 => {
                    let anchor = ANCHORS[usize::from(tag >> 4) % ANCHORS.len()];
                    Kind::Link(anchor, take_until_nul(&mut rest).to_vec())
                }
                _ => Kind::File((tag >> 2) & 3),
            };
            entries.push(Entry { name, kind });
        }
        Tree { entries }
    }

    /// The bytes that [`Tree::decode`] reads back as this tree (for seeds and the
    /// property tests), for names and targets without NUL.
    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = Vec::new();
        for entry in &self.entries {
            let (tag, target) = match &entry.kind {
                Kind::File(content) => ((content & 3) << 2, None),
                Kind::Folder => (1, None),
                Kind::Link(anchor, target) => {
                    let index = ANCHORS.iter().position(|a| a == anchor).unwrap_or(0) as u8;
                    (2 | (index << 4), Some(target))
                }
            };
            bytes.push(tag);
            bytes.extend_from_slice(&entry.name);
            bytes.push(0);
            if let Some(target) = target {
                bytes.extend_from_slice(target);
                bytes.push(0);
            }
        }
        bytes
    }

    /// Whether the entries may add pages or data files, so that generated pages may
    /// differ from the plain project's.
    fn may_change_pages(&self) -> bool {
        self.entries.iter().any(|e| {
            let name = e.name.as_slice();
            name.ends_with(b".md") || name.ends_with(b".toml")
        })
    }
}

fn take_until_nul<'a>(rest: &mut &'a [u8]) -> &'a [u8] {
    let end = rest.iter().position(|&b| b == 0).unwrap_or(rest.len());
    let (taken, after) = rest.split_at(end);
    *rest = after.get(1..).unwrap_or(&[]);
    taken
}

/// What the plain project (no fuzzed entry) publishes: site path → bytes.
pub fn baseline() -> &'static BTreeMap<String, Vec<u8>> {
    static BASELINE: OnceLock<BTreeMap<String, Vec<u8>>> = OnceLock::new();
    BASELINE.get_or_init(|| {
        let world = World::new();
        let project = rapport::prepare(&world.project, None)
            .unwrap_or_else(|e| panic!("the plain project loads: {e:?}"));
        let (output, _) = rapport::render_project(&project)
            .unwrap_or_else(|e| panic!("the plain project renders: {e:?}"));
        output
            .iter()
            .map(|(p, b)| (p.to_string(), b.to_vec()))
            .collect()
    })
}

/// The generated paths of the fuzzed edition, relative to its folder: names a fuzzed
/// file may take to land on one (`fr/index.html`, `en/data/indicators.csv`, …).
pub fn generated_names() -> &'static Vec<String> {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<String> = baseline()
            .keys()
            .filter_map(|p| p.strip_prefix("2022/"))
            .map(str::to_string)
            .collect();
        // Folders of generated files too.
        let folders: BTreeSet<String> = names
            .iter()
            .filter_map(|n| n.rsplit_once('/').map(|(d, _)| d.to_string()))
            .collect();
        names.extend(folders);
        names
    })
}

/// One fuzz case's temporary folders: `<case>/world/` holds `project/`, `output/` (a
/// previous site), `canary/` and a secret file; `<case>/` holds nothing else.
pub struct World {
    case: tempfile::TempDir,
    /// `<case>/world`.
    pub world: PathBuf,
    /// The project folder.
    pub project: PathBuf,
    /// The output folder, beside the project.
    pub output: PathBuf,
    /// `project/content/2022`.
    pub edition: PathBuf,
}

impl World {
    /// A fresh valid project, a previous site in the output folder, and the canary.
    pub fn new() -> World {
        let case = tempfile::Builder::new()
            .prefix("rapport-tree-")
            .tempdir()
            .expect("a temporary folder");
        let world = case.path().join("world");
        let project = world.join("project");
        let output = world.join("output");
        let edition = project.join("content/2022");
        let world = World {
            case,
            world,
            project,
            output,
            edition,
        };
        world.lay_out();
        world
    }

    fn write(&self, rel: &str, text: &str) {
        let path = self.world.join(rel);
        std::fs::create_dir_all(path.parent().expect("a parent")).expect("a folder");
        std::fs::write(path, text).expect("a file");
    }

    fn lay_out(&self) {
        // The bilingual fixture every test uses, with a smaller 2021 edition beside it for
        // links that lead to another edition.
        ProjectBuilder::bilingual()
            .edition(Edition::standard(2021))
            .indicators(2021, builder::INDICATORS)
            .page(
                2021,
                "fr",
                "01-intro",
                Page::new("Introduction", 1).body("Un paragraphe.\n"),
            )
            .page(
                2021,
                "en",
                "01-intro",
                Page::new("Introduction", 1).body("A paragraph.\n"),
            )
            .file("content/2021/fr/logo.txt", "a file of 2021\n")
            .write_to(&self.project);
        self.write("project/.env", &format!("TOKEN={SECRET}\n"));
        self.write("project/content/.env", &format!("TOKEN={SECRET}\n"));
        self.write("secret-beside.txt", SECRET);
        self.write("canary/notes.txt", "the canary\n");
        self.write("canary/deep/data.bin", "\u{1}\u{2}\u{3}");
        self.write(&format!("output/{MARKER}"), "written by rapport\n");
        self.write("output/index.html", "the previous site\n");
        self.write("output/2022/fr/index.html", "the previous page\n");
        for year in [2022, 2021] {
            self.write(
                &format!("project/content/{year}/.private/notes.txt"),
                SECRET,
            );
        }
    }

    /// Makes the entries of a tree, skipping any the file system refuses (a name too
    /// long, a path already taken, a folder that is a file).
    pub fn apply(&self, tree: &Tree) {
        for entry in &tree.entries {
            let parts: Vec<&[u8]> = entry
                .name
                .split(|&b| b == b'/')
                .filter(|p| !matches!(*p, b"" | b"." | b".."))
                .collect();
            let Some((last, folders)) = parts.split_last() else {
                continue;
            };
            let mut path = self.edition.clone();
            for folder in folders {
                path.push(OsStr::from_bytes(folder));
            }
            if std::fs::create_dir_all(&path).is_err() {
                continue;
            }
            let depth = folders.len();
            path.push(OsStr::from_bytes(last));
            let _ = match &entry.kind {
                Kind::File(content) => std::fs::OpenOptions::new()
                    .write(true)
                    .create_new(true)
                    .open(&path)
                    .and_then(|mut f| {
                        std::io::Write::write_all(
                            &mut f,
                            CONTENTS[usize::from(*content & 3)].as_bytes(),
                        )
                    }),
                Kind::Folder => std::fs::create_dir(&path),
                Kind::Link(anchor, target) => {
                    std::os::unix::fs::symlink(self.target(*anchor, target, depth), &path)
                }
            };
        }
    }

    fn target(&self, anchor: Anchor, rest: &[u8], depth: usize) -> PathBuf {
        let mut bytes = match anchor {
            Anchor::Raw => Vec::new(),
            Anchor::Project => with_slash(&self.project),
            Anchor::World => with_slash(&self.world),
            Anchor::Edition => b"../".repeat(depth),
            Anchor::EditionAbsolute => with_slash(&self.edition),
            Anchor::Root => b"/".to_vec(),
        };
        bytes.extend_from_slice(rest);
        if bytes.is_empty() {
            bytes.push(b'.');
        }
        PathBuf::from(OsStr::from_bytes(&bytes))
    }

    /// Builds, renders and archives the project, and panics on any broken promise.
    pub fn verify(&self, tree: &Tree) -> Verdict {
        let before = self.state();
        let verdict = self.build_and_check(tree);
        self.check_agrees(verdict);
        let after = self.state();
        assert_unchanged(&before, &after);
        verdict
    }

    /// `rapport check` refuses what the build refuses, with located problems, and passes
    /// what it builds.
    fn check_agrees(&self, verdict: Verdict) {
        match (verdict, rapport::check(&self.project)) {
            (Verdict::Refused, Ok(_)) => {
                panic!("the build refused the project and check passes it")
            }
            (Verdict::Built, Err(e)) => panic!("the build passed and check refuses: {e:?}"),
            (_, Err(e)) => assert_located(&e, "check"),
            (_, Ok(_)) => {}
        }
    }

    fn build_and_check(&self, tree: &Tree) -> Verdict {
        let previous = files(&self.output, true);
        let project = match rapport::prepare(&self.project, None) {
            Ok(project) => project,
            Err(e) => {
                assert_located(&e, "prepare");
                assert_eq!(
                    files(&self.output, true),
                    previous,
                    "a failed load touched output/"
                );
                return Verdict::Refused;
            }
        };
        if let Err(e) =
            rapport::write::staging::check_destination(&self.project, &self.output, false)
        {
            panic!("a valid output folder is refused: {e:?}");
        }
        let written = rapport::write_project(&project, &self.output);
        let rendered = rapport::render_project(&project);
        match (&written, &rendered) {
            (Ok(_), Ok(_)) | (Err(_), Err(_)) => {}
            _ => panic!(
                "build and archive disagree: write_project {:?}, render_project {:?}",
                written.as_ref().err(),
                rendered.as_ref().err()
            ),
        }
        if let Err(e) = &written {
            assert_located(e, "write_project");
            assert_eq!(
                files(&self.output, true),
                previous,
                "a failed build touched output/"
            );
            return Verdict::Refused;
        }
        let Ok((site, _)) = &rendered else {
            unreachable!("both succeeded");
        };
        self.check_published(tree, site);
        for year in [2021, 2022] {
            check_archive(&rapport::write::archive::bag(&project.site, site, year));
        }
        Verdict::Built
    }

    /// Every file in output/ is a generated file or a copy of a regular file of its
    /// edition; every publishable file of the edition is there; no secret is.
    fn check_published(&self, tree: &Tree, site: &rapport::core::output::Output) {
        let baseline = baseline();
        let pages_may_change = tree.may_change_pages();
        let published = files(&self.output, false);
        for (rel, file) in &published {
            let rel = std::str::from_utf8(rel)
                .unwrap_or_else(|_| panic!("a published name is not UTF-8: {rel:?}"));
            assert!(is_plain(rel), "a published path is not plain: {rel:?}");
            let Node::File { bytes, .. } = file else {
                if let Node::Dir { .. } = file {
                    continue;
                }
                panic!("output/{rel} is not a file or folder: {file:?}");
            };
            if rel == MARKER {
                continue;
            }
            assert!(
                !contains(bytes, SECRET.as_bytes()),
                "the secret was published in output/{rel}"
            );
            let generated = baseline.get(rel);
            if generated.is_some_and(|g| g == bytes) {
                continue;
            }
            assert!(
                generated.is_none() || pages_may_change,
                "the generated file output/{rel} differs from the plain project's: replaced by content?"
            );
            if let Some(source) = self.source_of(rel) {
                assert_eq!(&source, bytes, "output/{rel} differs from its source");
                continue;
            }
            assert!(
                pages_may_change && site.get(rel) == Some(bytes.as_slice()),
                "output/{rel} is neither generated nor a copy of a file of the edition"
            );
        }
        for path in baseline.keys() {
            assert!(
                matches!(published.get(path.as_bytes()), Some(Node::File { .. })),
                "the generated file {path} is missing from output/"
            );
        }
        for (rel, bytes) in publishable(&self.edition) {
            let path = format!("2022/{rel}");
            let generated = baseline.keys().find(|g| {
                *g == &path
                    || g.starts_with(&format!("{path}/"))
                    || path.starts_with(&format!("{g}/"))
            });
            if let Some(generated) = generated {
                panic!(
                    "content/2022/{rel} collides with the generated {generated}, and the build passed"
                );
            }
            match published.get(path.as_bytes()) {
                Some(Node::File { bytes: out, .. }) if *out == bytes => {}
                other => panic!("content/2022/{rel} was not published as it is: {other:?}"),
            }
        }
    }

    /// The bytes of the regular file of an edition that `rel` (`2022/fr/a.png`) copies,
    /// when there is one, inside the edition folder once links are followed.
    fn source_of(&self, rel: &str) -> Option<Vec<u8>> {
        let (year, inside) = rel.split_once('/')?;
        let edition = self.project.join("content").join(year);
        let path = edition.join(inside);
        let real = std::fs::canonicalize(&path).ok()?;
        let edition = std::fs::canonicalize(&edition).ok()?;
        assert!(
            real.starts_with(&edition),
            "output/{rel} copies {}, outside its edition folder",
            real.display()
        );
        assert!(
            std::fs::metadata(&real).is_ok_and(|m| m.is_file()),
            "output/{rel} copies {}, which is not a regular file",
            real.display()
        );
        std::fs::read(real).ok()
    }

    /// What must not change: the case folder's listing, and every file, folder and link
    /// under `world/` but the output folder and the build's lock beside it.
    fn state(&self) -> State {
        let listing: Vec<_> = std::fs::read_dir(self.case.path())
            .expect("the case folder")
            .map(|e| e.expect("an entry").file_name())
            .collect();
        let mut nodes = BTreeMap::new();
        let walker = walkdir::WalkDir::new(&self.world).min_depth(1).into_iter();
        let is_output = |e: &walkdir::DirEntry| {
            e.depth() == 1 && {
                let name = e.file_name().as_bytes();
                name == b"output" || name.starts_with(b".output")
            }
        };
        for entry in walker.filter_entry(|e| !is_output(e)) {
            let entry = entry.expect("a readable tree");
            let rel = entry.path().strip_prefix(&self.world).expect("inside");
            nodes.insert(rel.as_os_str().as_bytes().to_vec(), node(entry.path()));
        }
        let beside: Vec<(Vec<u8>, bool)> = std::fs::read_dir(&self.world)
            .expect("the world folder")
            .map(|e| e.expect("an entry"))
            .filter(|e| e.file_name().as_bytes().starts_with(b".output"))
            .map(|e| (e.file_name().as_bytes().to_vec(), e.path().is_dir()))
            .collect();
        State {
            listing,
            nodes,
            beside,
        }
    }
}

impl Default for World {
    fn default() -> Self {
        World::new()
    }
}

/// How a case ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The build wrote the site.
    Built,
    /// The build refused the project, with located errors.
    Refused,
}

/// Makes a fresh project with the tree's entries and verifies it: see [`World::verify`].
pub fn check(tree: &Tree) -> Verdict {
    let world = World::new();
    world.apply(tree);
    world.verify(tree)
}

struct State {
    listing: Vec<std::ffi::OsString>,
    nodes: BTreeMap<Vec<u8>, Node>,
    beside: Vec<(Vec<u8>, bool)>,
}

fn assert_unchanged(before: &State, after: &State) {
    assert_eq!(
        before.listing, after.listing,
        "the case folder's listing changed"
    );
    for (rel, node) in &after.nodes {
        match before.nodes.get(rel) {
            None => panic!("created outside output/: {}", String::from_utf8_lossy(rel)),
            Some(old) if old != node => panic!(
                "changed outside output/: {}: {old:?} → {node:?}",
                String::from_utf8_lossy(rel)
            ),
            Some(_) => {}
        }
    }
    for rel in before.nodes.keys() {
        assert!(
            after.nodes.contains_key(rel),
            "removed outside output/: {}",
            String::from_utf8_lossy(rel)
        );
    }
    // Beside output/, only a build's lock file may appear; never a staging folder.
    for (name, is_dir) in &after.beside {
        assert!(
            !is_dir,
            "a folder left beside output/: {}",
            String::from_utf8_lossy(name)
        );
    }
}

/// A file-system entry as seen without following links.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Node {
    File {
        bytes: Vec<u8>,
        mode: u32,
        modified: i64,
        modified_ns: i64,
    },
    Dir {
        mode: u32,
        modified: i64,
        modified_ns: i64,
    },
    Link(Vec<u8>),
    Other(u32),
}

fn node(path: &Path) -> Node {
    let meta = std::fs::symlink_metadata(path).expect("metadata");
    let kind = meta.file_type();
    if kind.is_symlink() {
        let target = std::fs::read_link(path).expect("a link");
        Node::Link(target.as_os_str().as_bytes().to_vec())
    } else if kind.is_file() {
        Node::File {
            bytes: std::fs::read(path).expect("a readable file"),
            mode: meta.mode(),
            modified: meta.mtime(),
            modified_ns: meta.mtime_nsec(),
        }
    } else if kind.is_dir() {
        Node::Dir {
            mode: meta.mode(),
            modified: meta.mtime(),
            modified_ns: meta.mtime_nsec(),
        }
    } else {
        Node::Other(meta.mode())
    }
}

/// Every entry under a folder, not following links: relative path → node, with its
/// times and modes when `exactly`.
fn files(dir: &Path, exactly: bool) -> BTreeMap<Vec<u8>, Node> {
    let mut nodes = BTreeMap::new();
    for entry in walkdir::WalkDir::new(dir).min_depth(1) {
        let entry = entry.expect("a readable output folder");
        let rel = entry.path().strip_prefix(dir).expect("inside");
        let node = match node(entry.path()) {
            found if exactly => found,
            // A rewritten output is judged by its bytes, not its times.
            Node::File { bytes, .. } => Node::File {
                bytes,
                mode: 0,
                modified: 0,
                modified_ns: 0,
            },
            Node::Dir { .. } => Node::Dir {
                mode: 0,
                modified: 0,
                modified_ns: 0,
            },
            other => other,
        };
        nodes.insert(rel.as_os_str().as_bytes().to_vec(), node);
    }
    nodes
}

/// The files an edition publishes as they are, found independently of rapport: regular
/// files reached from the edition folder (links followed) whose names are not hidden,
/// except the edition's data files and the pages of its language folders.
fn publishable(edition: &Path) -> Vec<(String, Vec<u8>)> {
    let mut found = Vec::new();
    let mut walker = walkdir::WalkDir::new(edition)
        .follow_links(true)
        .min_depth(1)
        .into_iter();
    while let Some(entry) = walker.next() {
        let entry = entry.unwrap_or_else(|e| panic!("the build passed on an unwalkable tree: {e}"));
        if entry.file_name().as_bytes().starts_with(b".") {
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let rel = entry.path().strip_prefix(edition).expect("inside");
        let rel = rel
            .to_str()
            .unwrap_or_else(|| panic!("the build passed with a name that is not UTF-8: {rel:?}"))
            .to_string();
        let page = matches!(rel.split('/').collect::<Vec<_>>()[..], ["fr" | "en", name] if name.ends_with(".md"));
        let data = matches!(
            rel.as_str(),
            "edition.toml" | "indicators.toml" | "projects.toml"
        );
        if page || data {
            continue;
        }
        let bytes = std::fs::read(entry.path()).expect("a readable file");
        found.push((rel, bytes));
    }
    found
}

/// Archive entries are plain relative paths, hold no secret, and read back from the zip
/// with their names and bytes.
fn check_archive(files: &BTreeMap<String, Vec<u8>>) {
    for (name, bytes) in files {
        assert!(is_plain(name), "an archive entry is not plain: {name:?}");
        assert!(
            !contains(bytes, SECRET.as_bytes()),
            "the secret was archived in {name}"
        );
    }
    let zipped = rapport::write::archive::zip(files)
        .unwrap_or_else(|e| panic!("a valid bag cannot be zipped: {e:?}"));
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(zipped)).expect("the zip reads back");
    assert_eq!(archive.len(), files.len(), "the zip's entry count");
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).expect("a zip entry");
        let name = file.name().expect("a UTF-8 entry name").to_string();
        assert!(is_plain(&name), "a zip entry is not plain: {name:?}");
        assert!(
            file.enclosed_name().is_some(),
            "a zip entry leaves its folder: {name:?}"
        );
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).expect("a zip entry's bytes");
        assert_eq!(files.get(&name), Some(&bytes), "zip entry {name}");
    }
}

/// An error from the library must say where: every diagnostic has a path, and no error
/// is a bare message (a refused write is a name that should have been refused earlier,
/// with its location).
fn assert_located(error: &Error, stage: &str) {
    match error {
        Error::Content(problems) => {
            assert!(
                problems.has_errors(),
                "{stage}: a content error without errors"
            );
            for d in problems.iter() {
                assert!(
                    !d.path.as_os_str().is_empty(),
                    "{stage}: a problem without a path: {}",
                    d.message
                );
            }
        }
        Error::Io { path, source } => panic!(
            "{stage}: a file error where a content error was due: {}: {source}",
            path.display()
        ),
        Error::Usage(message) | Error::Environment(message) | Error::Internal(message) => {
            panic!("{stage}: an error without a location: {message}")
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn with_slash(path: &Path) -> Vec<u8> {
    let mut bytes = path.as_os_str().as_bytes().to_vec();
    bytes.push(b'/');
    bytes
}
