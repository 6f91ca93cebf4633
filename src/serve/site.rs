//! The site as `serve` holds it: the last good build, ready to answer requests, and the
//! problems of the last failed one.
//!
//! This is the only gate between a request and the content: a request path names a file
//! of the in-memory map or nothing. There is no file system behind it, so `..`, encoded
//! separators or symbolic links cannot reach anything else; paths that try are refused
//! outright all the same, so that no lookup ever sees them.

use std::collections::BTreeMap;
use std::sync::{Arc, RwLock};

use axum::body::Bytes;
use axum::http::HeaderValue;
use percent_encoding::percent_decode_str;
use tokio::sync::broadcast;

use crate::core::html::escape_attr;
use crate::core::output::Output;

/// Where the live-reload script is served.
pub(crate) const SCRIPT_PATH: &str = "/__rapport/live.js";
/// Where open tabs subscribe to rebuild events.
pub(crate) const EVENTS_PATH: &str = "/__rapport/events";
/// The live-reload script, injected into every HTML page that `serve` answers with.
pub(crate) const SCRIPT: &str = include_str!("live.js");
/// The id of the error notice, shared with the script.
const NOTICE_ID: &str = "rapport-serve-notice";
/// The notice's look, shared with the script. Dark text on a pale background with a
/// strong border: well above the contrast minimums, and it reflows at any width.
const NOTICE_STYLE: &str = "margin:0;padding:1rem;background:#fff4f4;color:#1a1a1a;border:0.25rem solid #b3261e;font-family:system-ui,sans-serif;font-size:1rem;line-height:1.4";
const NOTICE_PRE_STYLE: &str = "margin:0.5rem 0 0;white-space:pre-wrap;overflow-wrap:anywhere;font-family:monospace;font-size:0.95rem";
/// What the notice says above the problems, shared with the script.
const NOTICE_TITLE: &str = "rapport serve: the last change could not be built.";
const NOTICE_TEXT: &str = "This page is the last good version. Fix the problem below and save: the page updates by itself.";

/// One file of the served site.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct File {
    /// The `Content-Type` header, by extension.
    pub(crate) content_type: HeaderValue,
    /// The bytes, with the live-reload script already injected into HTML.
    pub(crate) body: Bytes,
    /// For HTML: where the body's content starts, so a notice can be put first.
    notice_at: Option<usize>,
}

impl File {
    /// A file ready to serve; the bytes are kept as they are when they need no change
    /// (all but HTML).
    fn from_vec(path: &str, bytes: Vec<u8>) -> File {
        let mime = mime_guess::from_path(path).first_or_octet_stream();
        let content_type = if has_charset(&mime) {
            format!("{}; charset=utf-8", mime.essence_str())
        } else {
            mime.essence_str().to_string()
        };
        let content_type = HeaderValue::from_str(&content_type)
            .unwrap_or(HeaderValue::from_static("application/octet-stream"));
        if mime.essence_str() != "text/html" {
            return File {
                content_type,
                body: Bytes::from(bytes),
                notice_at: None,
            };
        }
        let body = inject_script(&bytes, path);
        let notice_at = Some(body_start(&body).unwrap_or(0));
        File {
            content_type,
            body: Bytes::from(body),
            notice_at,
        }
    }

    /// The bytes to send: HTML gets the error notice first when the last build failed.
    pub(crate) fn bytes(&self, notice: Option<&str>) -> Bytes {
        match (self.notice_at, notice) {
            (Some(at), Some(notice)) => {
                let mut body = Vec::with_capacity(self.body.len() + notice.len());
                body.extend_from_slice(&self.body[..at]);
                body.extend_from_slice(notice.as_bytes());
                body.extend_from_slice(&self.body[at..]);
                Bytes::from(body)
            }
            _ => self.body.clone(),
        }
    }
}

fn has_charset(mime: &mime_guess::Mime) -> bool {
    mime.type_() == mime_guess::mime::TEXT
        || matches!(
            mime.essence_str(),
            "application/javascript" | "application/json" | "application/xml" | "image/svg+xml"
        )
}

/// Puts the script tag just before `</body>` (or at the end). `data-page` tells the script
/// which file of the map it sits in, so a tab reloads only when its page changed.
fn inject_script(html: &[u8], path: &str) -> Vec<u8> {
    let tag = format!(
        "<script src=\"{SCRIPT_PATH}\" data-page=\"{}\" defer></script>\n",
        escape_attr(path)
    );
    let at = rfind_ascii_case_insensitive(html, b"</body").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The offset just after the `<body …>` tag.
fn body_start(html: &[u8]) -> Option<usize> {
    let open = find_ascii_case_insensitive(html, b"<body")?;
    let close = html[open..].iter().position(|&b| b == b'>')?;
    Some(open + close + 1)
}

fn find_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn rfind_ascii_case_insensitive(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

/// The visible, accessible notice of a failed build: announced at once (`role="alert"`),
/// in English like the terminal, with each problem as `path:line:col: error: message`.
pub(crate) fn notice_html(problems: &[String]) -> String {
    format!(
        "<div id=\"{NOTICE_ID}\" role=\"alert\" lang=\"en\" style=\"{NOTICE_STYLE}\"><p style=\"margin:0\"><strong>{NOTICE_TITLE}</strong> {NOTICE_TEXT}</p><pre style=\"{NOTICE_PRE_STYLE}\">{}</pre></div>\n",
        escape_attr(&problems.join("\n"))
    )
}

/// The script, with the notice's wording and look filled in.
pub(crate) fn script() -> String {
    SCRIPT
        .replace("__EVENTS_PATH__", EVENTS_PATH)
        .replace("__NOTICE_ID__", NOTICE_ID)
        .replace("__NOTICE_STYLE__", NOTICE_STYLE)
        .replace("__NOTICE_PRE_STYLE__", NOTICE_PRE_STYLE)
        .replace("__NOTICE_TITLE__", NOTICE_TITLE)
        .replace("__NOTICE_TEXT__", NOTICE_TEXT)
}

/// Every file of a build, ready to serve.
#[derive(Debug, Default, Clone, PartialEq)]
pub(crate) struct Files(BTreeMap<String, File>);

impl Files {
    /// Prepares a rendered site for serving.
    #[cfg(test)]
    pub(crate) fn new(output: &Output) -> Files {
        Files::from_output(output.clone())
    }

    /// Prepares a rendered site for serving, file by file, so that a large site is not
    /// held twice meanwhile.
    pub(crate) fn from_output(mut output: Output) -> Files {
        let paths: Vec<String> = output.iter().map(|(path, _)| path.to_string()).collect();
        let mut files = BTreeMap::new();
        for path in paths {
            let bytes = output.remove(&path).unwrap_or_default();
            let file = File::from_vec(&path, bytes);
            files.insert(path, file);
        }
        Files(files)
    }

    /// The paths whose bytes differ between two builds, added and removed ones included.
    fn changed_since(&self, old: &Files) -> Vec<String> {
        let mut changed: Vec<String> = self
            .0
            .iter()
            .filter(|(path, file)| old.0.get(*path).is_none_or(|o| o.body != file.body))
            .map(|(path, _)| path.clone())
            .collect();
        changed.extend(old.0.keys().filter(|p| !self.0.contains_key(*p)).cloned());
        changed.sort();
        changed
    }

    /// These files with `written` in place of theirs (or added) and `removed` gone; the
    /// paths whose bytes differ, comparing only those.
    fn patched(&self, written: Vec<(String, File)>, removed: &[String]) -> (Files, Vec<String>) {
        let mut files = self.clone();
        let mut changed = Vec::new();
        for (path, file) in written {
            if files.0.get(&path).is_none_or(|old| old.body != file.body) {
                changed.push(path.clone());
            }
            files.0.insert(path, file);
        }
        for path in removed {
            if files.0.remove(path).is_some() {
                changed.push(path.clone());
            }
        }
        changed.sort();
        (files, changed)
    }

    /// What a request path leads to.
    pub(crate) fn lookup(&self, raw_path: &str) -> Lookup<'_> {
        let Some(key) = site_key(raw_path) else {
            return Lookup::Missing;
        };
        if let Some(file) = self.0.get(&key) {
            return Lookup::File(file);
        }
        if self
            .0
            .contains_key(&format!("{key}/{}", crate::core::routes::SITE_INDEX))
        {
            return Lookup::Folder;
        }
        Lookup::Missing
    }

    /// The site's own 404 page, if it has one.
    pub(crate) fn not_found_page(&self) -> Option<&File> {
        self.0.get(crate::core::routes::NOT_FOUND)
    }
}

/// What a request path leads to.
#[derive(Debug)]
pub(crate) enum Lookup<'a> {
    /// A file of the site.
    File(&'a File),
    /// A folder named without its final `/`: redirect to the slash form.
    Folder,
    /// Nothing of the site, or a path that tries to leave it.
    Missing,
}

/// The key of the map that a raw (percent-encoded) request path names, or `None` for
/// anything but a plain path inside the site: `.` or `..` segments (encoded or not),
/// backslashes, NUL and other control characters, empty segments (`//etc/passwd`).
pub(crate) fn site_key(raw_path: &str) -> Option<String> {
    let decoded = percent_decode_str(raw_path).decode_utf8().ok()?;
    if raw_path.contains('\\') || decoded.chars().any(|c| c == '\\' || c.is_control()) {
        return None;
    }
    let rest = decoded.strip_prefix('/')?;
    let segments: Vec<&str> = rest.split('/').collect();
    let (last, folders) = segments.split_last()?;
    let plain = |s: &str| !s.is_empty() && s != "." && s != "..";
    if !folders.iter().all(|s| plain(s)) || *last == "." || *last == ".." {
        return None;
    }
    Some(if last.is_empty() {
        format!("{rest}index.html")
    } else {
        rest.to_string()
    })
}

/// What open tabs are told.
#[derive(Debug, Clone)]
pub(crate) enum Message {
    /// A new site is served; these files changed.
    Reload(Arc<[String]>),
    /// The last change could not be built; these are the problems.
    Problems(Arc<[String]>),
}

/// A consistent view of what is served: the last good files and, when the latest build
/// failed, its problems and their notice.
#[derive(Debug)]
pub(crate) struct Snapshot {
    /// The last good build.
    pub(crate) files: Arc<Files>,
    /// The problems of the latest build, empty when it succeeded.
    pub(crate) problems: Arc<[String]>,
    /// The notice shown on top of every page while there are problems.
    pub(crate) notice: Option<String>,
}

/// The served site, shared by the server and the rebuild thread.
#[derive(Debug)]
pub(crate) struct Live {
    current: RwLock<Arc<Snapshot>>,
    events: broadcast::Sender<Message>,
    instance: String,
}

impl Live {
    /// Serves a first build.
    pub(crate) fn new(files: Files) -> Live {
        let started = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Live {
            current: RwLock::new(Arc::new(Snapshot {
                files: Arc::new(files),
                problems: Arc::from([]),
                notice: None,
            })),
            events: broadcast::channel(64).0,
            instance: format!("{}-{}", std::process::id(), started.as_millis()),
        }
    }

    /// What is served now.
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Identifies this server process, so a tab notices a restart.
    pub(crate) fn instance(&self) -> &str {
        &self.instance
    }

    /// Subscribes to reload and problem messages.
    pub(crate) fn subscribe(&self) -> broadcast::Receiver<Message> {
        self.events.subscribe()
    }

    /// Serves a new good build and tells open tabs, when anything shows differently.
    /// Returns the changed paths.
    pub(crate) fn publish(&self, files: Files) -> Vec<String> {
        let changed = files.changed_since(&self.snapshot().files);
        self.serve(files, changed)
    }

    /// Serves a rebuild of some files: `written` replace theirs (or are new), `removed`
    /// are gone, every other file stays. Only these files are compared to tell open tabs
    /// what changed. Returns the changed paths.
    pub(crate) fn patch(&self, written: Output, removed: &[String]) -> Vec<String> {
        // Made ready (the script injected) and compared outside the lock: only the rebuild
        // thread changes what is served, so the snapshot read here is still current when
        // it is replaced, and requests are not held up meanwhile.
        let fresh = Files::from_output(written).0.into_iter().collect();
        let (files, changed) = self.snapshot().files.patched(fresh, removed);
        self.serve(files, changed)
    }

    fn serve(&self, files: Files, changed: Vec<String>) -> Vec<String> {
        let had_problems = {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            let had_problems = !current.problems.is_empty();
            *current = Arc::new(Snapshot {
                files: Arc::new(files),
                problems: Arc::from([]),
                notice: None,
            });
            had_problems
        };
        if !changed.is_empty() || had_problems {
            // No subscriber is not an error: no tab is open.
            let _ = self.events.send(Message::Reload(changed.clone().into()));
        }
        changed
    }

    /// Keeps serving the last good build, with the problems of the latest one on top.
    pub(crate) fn fail(&self, problems: Vec<String>) {
        let problems: Arc<[String]> = problems.into();
        {
            let mut current = self.current.write().unwrap_or_else(|e| e.into_inner());
            let notice = Some(notice_html(&problems));
            *current = Arc::new(Snapshot {
                files: current.files.clone(),
                problems: problems.clone(),
                notice,
            });
        }
        let _ = self.events.send(Message::Problems(problems));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(files: &[(&str, &str)]) -> Files {
        let mut output = Output::new();
        for (path, text) in files {
            output.insert(*path, text.as_bytes().to_vec());
        }
        Files::new(&output)
    }

    #[test]
    fn plain_paths_name_files_and_folders_name_their_index() {
        assert_eq!(site_key("/").as_deref(), Some("index.html"));
        assert_eq!(site_key("/2022/fr/").as_deref(), Some("2022/fr/index.html"));
        assert_eq!(
            site_key("/static/style.css").as_deref(),
            Some("static/style.css")
        );
        assert_eq!(
            site_key("/2022/r%C3%A9sum%C3%A9/").as_deref(),
            Some("2022/résumé/index.html")
        );
    }

    #[test]
    fn paths_that_try_to_leave_the_site_name_nothing() {
        for path in [
            "/../etc/passwd",
            "/2022/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/..%2fetc%2fpasswd",
            "/..%2Fetc",
            "/2022/..",
            "/./index.html",
            "//etc/passwd",
            "/2022//fr/",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "/index.html%00.css",
            "/a%0a",
            "relative/path",
            "/%ff%fe",
        ] {
            assert_eq!(site_key(path), None, "{path}");
        }
    }

    #[test]
    fn lookups_find_files_folders_and_nothing_else() {
        let files = site(&[
            ("index.html", "<body>home</body>"),
            ("2022/fr/index.html", "<body>fr</body>"),
        ]);
        assert!(matches!(files.lookup("/2022/fr/"), Lookup::File(_)));
        assert!(matches!(files.lookup("/2022/fr"), Lookup::Folder));
        assert!(matches!(files.lookup("/2022/en/"), Lookup::Missing));
        assert!(matches!(
            files.lookup("/2022/fr/../../index.html"),
            Lookup::Missing
        ));
    }

    #[test]
    fn html_gets_the_script_before_body_end_and_the_notice_first() {
        let files = site(&[(
            "2022/fr/index.html",
            "<html><BODY class=\"x\"><p>texte</p></body></html>",
        )]);
        let Lookup::File(file) = files.lookup("/2022/fr/") else {
            panic!("no page")
        };
        let plain = String::from_utf8(file.bytes(None).to_vec()).unwrap();
        assert!(plain.ends_with(
            "<p>texte</p><script src=\"/__rapport/live.js\" data-page=\"2022/fr/index.html\" defer></script>\n</body></html>"
        ));
        let notice = notice_html(&["content/a.md:1:2: error: <bad>".to_string()]);
        let shown = String::from_utf8(file.bytes(Some(&notice)).to_vec()).unwrap();
        assert!(shown.starts_with(
            "<html><BODY class=\"x\"><div id=\"rapport-serve-notice\" role=\"alert\""
        ));
        assert!(shown.contains("content/a.md:1:2: error: &lt;bad&gt;"));
    }

    #[test]
    fn only_html_is_touched_and_text_says_its_charset() {
        let files = site(&[("static/style.css", "body{}"), ("data.bin", "\0")]);
        let Lookup::File(css) = files.lookup("/static/style.css") else {
            panic!()
        };
        assert_eq!(css.content_type, "text/css; charset=utf-8");
        assert_eq!(css.bytes(Some("<div>")), Bytes::from_static(b"body{}"));
        let Lookup::File(bin) = files.lookup("/data.bin") else {
            panic!()
        };
        assert_eq!(bin.content_type, "application/octet-stream");
    }

    #[test]
    fn publishing_reports_changed_added_and_removed_files() {
        let live = Live::new(site(&[("a.html", "1"), ("b.css", "x"), ("gone.css", "y")]));
        let mut events = live.subscribe();
        let changed = live.publish(site(&[("a.html", "2"), ("b.css", "x"), ("new.css", "z")]));
        assert_eq!(changed, ["a.html", "gone.css", "new.css"]);
        assert!(matches!(events.try_recv(), Ok(Message::Reload(_))));
        // Nothing changed and nothing was wrong: no tab needs to reload.
        assert!(
            live.publish(site(&[("a.html", "2"), ("b.css", "x"), ("new.css", "z")]))
                .is_empty()
        );
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn patching_compares_only_the_files_written_and_removed() {
        let live = Live::new(site(&[("a.html", "1"), ("b.html", "x"), ("gone.css", "y")]));
        let mut events = live.subscribe();
        let mut written = Output::new();
        written.insert("a.html", b"2".to_vec());
        written.insert("b.html", b"x".to_vec());
        written.insert("new.css", b"z".to_vec());
        let changed = live.patch(written.clone(), &["gone.css".to_string()]);
        assert_eq!(changed, ["a.html", "gone.css", "new.css"]);
        assert!(matches!(events.try_recv(), Ok(Message::Reload(_))));
        let snapshot = live.snapshot();
        assert!(matches!(snapshot.files.lookup("/b.html"), Lookup::File(_)));
        assert!(matches!(
            snapshot.files.lookup("/gone.css"),
            Lookup::Missing
        ));
        let Lookup::File(a) = snapshot.files.lookup("/a.html") else {
            panic!("a.html is served")
        };
        assert!(a.body.starts_with(b"2"));
        // The same bytes again: nothing changed, no tab reloads.
        assert!(live.patch(written, &[]).is_empty());
        assert!(events.try_recv().is_err());
    }

    #[test]
    fn a_failed_build_keeps_the_files_and_recovery_reloads_even_without_changes() {
        let live = Live::new(site(&[("a.html", "<body>1</body>")]));
        let mut events = live.subscribe();
        live.fail(vec!["rapport.toml:1:1: error: bad".into()]);
        let snapshot = live.snapshot();
        assert!(matches!(snapshot.files.lookup("/a.html"), Lookup::File(_)));
        assert!(
            snapshot
                .notice
                .as_deref()
                .is_some_and(|n| n.contains("rapport.toml:1:1"))
        );
        assert!(matches!(events.try_recv(), Ok(Message::Problems(_))));
        live.publish(site(&[("a.html", "<body>1</body>")]));
        assert!(matches!(events.try_recv(), Ok(Message::Reload(_))));
        assert!(live.snapshot().notice.is_none());
    }
}
