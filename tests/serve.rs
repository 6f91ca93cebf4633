//! `rapport serve` end to end: the real binary on a free loopback port, against a small
//! project in a temporary folder, driven by a plain HTTP client and an event-stream reader.
//!
//! Every wait has a deadline; nothing asserts on time. The two `#[ignore]`d tests are the
//! benchmarks recorded in docs/performance.md:
//!
//! ```text
//! cargo test --release --test serve -- --ignored --nocapture --test-threads 1
//! ```

mod common;

use std::collections::BTreeSet;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::{Edition, Page, ProjectBuilder, copy_dir, rapport, repo, write};
use tempfile::TempDir;

const WAIT: Duration = Duration::from_secs(15);

// ---------------------------------------------------------------------------------------
// A small project
// ---------------------------------------------------------------------------------------

/// Never rendered: if a response ever holds it, a file outside the site was served.
const CONFIG_MARKER: &str = "NOT-PUBLISHED-7c1e";

/// A one-page bilingual project whose `rapport.toml` holds [`CONFIG_MARKER`].
fn builder() -> ProjectBuilder {
    let mut project = ProjectBuilder::new()
        .option(&format!("# {CONFIG_MARKER}"))
        .title("Rapport d’essai", "Test report")
        .edition(edition());
    for (lang, text) in [("fr", "Premier paragraphe."), ("en", "First paragraph.")] {
        project = project.page(2022, lang, "01-intro", intro("Introduction", text));
    }
    project
}

fn project() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    builder().write_to(dir.path());
    dir
}

fn edition() -> Edition {
    Edition::new(2022).title("Édition 2022", "2022 edition")
}

/// The page `intro`, its title and its one paragraph.
fn intro(title: &str, text: &str) -> Page {
    Page::new(title, 1).slug("intro").body(&format!("{text}\n"))
}

/// The text of [`intro`].
fn page(title: &str, text: &str) -> String {
    intro(title, text).text()
}

/// Every file under `dir`, relative, sorted.
fn tree(dir: &Path) -> BTreeSet<PathBuf> {
    let mut files = BTreeSet::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            files.insert(path.strip_prefix(dir).unwrap().to_path_buf());
            if path.is_dir() && !path.is_symlink() {
                stack.push(path);
            }
        }
    }
    files
}

// ---------------------------------------------------------------------------------------
// The server process
// ---------------------------------------------------------------------------------------

struct Server {
    child: Child,
    port: u16,
    stdout: Receiver<String>,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(root: &Path) -> Server {
        Server::start_with(root, &["--port", "0"])
    }

    fn start_with(root: &Path, args: &[&str]) -> Server {
        Server::start_as(rapport(root), root, args)
    }

    /// `command` runs the binary (itself, or a wrapper such as `prlimit`).
    fn start_as(mut command: Command, root: &Path, args: &[&str]) -> Server {
        let mut child = command
            .arg("serve")
            .arg("--root")
            .arg(root)
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (lines, stdout) = channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                if lines.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(err).lines() {
                let Ok(line) = line else { break };
                let mut sink = sink.lock().unwrap();
                sink.push_str(&line);
                sink.push('\n');
            }
        });
        let mut server = Server {
            child,
            port: 0,
            stdout,
            stderr,
        };
        let serving = server.line_containing("Serving ");
        let url = serving.split(" at ").nth(1).expect("a URL after `at`");
        assert!(url.starts_with("http://127.0.0.1:"), "{serving}");
        assert!(serving.ends_with("/ (Ctrl-C to stop)"), "{serving}");
        server.port = url["http://127.0.0.1:".len()..]
            .split('/')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        server
    }

    /// The next line of standard output that contains `text`.
    fn line_containing(&self, text: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.stdout.recv_timeout(left) {
                Ok(line) if line.contains(text) => return line,
                Ok(_) => continue,
                Err(_) => panic!(
                    "no line with {text:?} on stdout; stderr:\n{}",
                    self.stderr()
                ),
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn get(&self, target: &str) -> Response {
        get(self.port, target)
    }

    fn events(&self) -> Events {
        Events::open(self.port)
    }

    /// Ctrl-C, as a terminal sends it; the exit status.
    fn interrupt(mut self) -> (ExitStatus, String) {
        let sent = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                let rest: Vec<String> =
                    std::iter::from_fn(|| self.stdout.recv_timeout(Duration::from_secs(2)).ok())
                        .collect();
                return (status, rest.join("\n"));
            }
            assert!(Instant::now() < deadline, "serve did not stop on Ctrl-C");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

// ---------------------------------------------------------------------------------------
// A plain HTTP client: exact request targets, nothing normalized
// ---------------------------------------------------------------------------------------

#[derive(Debug)]
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

fn connect(port: u16) -> TcpStream {
    let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    stream.set_write_timeout(Some(WAIT)).unwrap();
    stream
}

/// One HTTP/1.0 request: the server closes the connection after the response.
fn get(port: u16, target: &str) -> Response {
    request(
        port,
        &format!("GET {target} HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\n\r\n"),
    )
}

/// `head` sent as it is; the server must close the connection after the response.
fn request(port: u16, head: &str) -> Response {
    let mut stream = connect(port);
    stream.write_all(head.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a complete response");
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = head.split("\r\n");
    let status = lines
        .next()
        .unwrap()
        .split(' ')
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let headers = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    Response {
        status,
        headers,
        body: raw[split + 4..].to_vec(),
    }
}

/// A subscription to the server-sent events, as an open tab has.
struct Events {
    reader: BufReader<TcpStream>,
    /// When the current wait gives up: keep-alive comments must not extend it.
    deadline: Instant,
}

#[derive(Debug)]
struct Message {
    event: String,
    data: String,
}

impl Events {
    fn open(port: u16) -> Events {
        let mut stream = connect(port);
        // HTTP/1.0: the stream is the body up to the close, without chunk framing.
        write!(
            stream,
            "GET /__rapport/events HTTP/1.0\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n\r\n"
        )
        .unwrap();
        let mut reader = BufReader::new(stream);
        let mut status = String::new();
        reader.read_line(&mut status).unwrap();
        assert!(status.contains(" 200 "), "{status}");
        let mut events = Events {
            reader,
            deadline: Instant::now() + WAIT,
        };
        let mut content_type = None;
        loop {
            let line = events.line();
            if line.is_empty() {
                break;
            }
            if let Some((name, value)) = line.split_once(':')
                && name.eq_ignore_ascii_case("content-type")
            {
                content_type = Some(value.trim().to_string());
            }
        }
        assert_eq!(content_type.as_deref(), Some("text/event-stream"));
        // Subscribed once the greeting arrives: later changes will reach us.
        let hello = events.next();
        assert_eq!(hello.event, "hello");
        events
    }

    fn line(&mut self) -> String {
        let left = self.deadline.saturating_duration_since(Instant::now());
        assert!(!left.is_zero(), "no event in time");
        self.reader.get_ref().set_read_timeout(Some(left)).unwrap();
        let mut line = String::new();
        let read = self
            .reader
            .read_line(&mut line)
            .expect("the event stream went quiet");
        assert!(read > 0, "the event stream closed");
        line.trim_end_matches(['\r', '\n']).to_string()
    }

    fn next(&mut self) -> Message {
        let (mut event, mut data) = (String::from("message"), Vec::new());
        loop {
            let line = self.line();
            if line.is_empty() {
                if !data.is_empty() {
                    return Message {
                        event,
                        data: data.join("\n"),
                    };
                }
                continue;
            }
            if let Some(value) = line.strip_prefix("event:") {
                event = value.trim().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
            }
        }
    }

    /// The next message of kind `event`, skipping others; panics after [`WAIT`].
    fn wait_for(&mut self, event: &str) -> Message {
        self.deadline = Instant::now() + WAIT;
        loop {
            let message = self.next();
            if message.event == event {
                return message;
            }
        }
    }
}

fn lines_of(data: &str) -> Vec<String> {
    serde_json::from_str(data).unwrap()
}

// ---------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------

#[test]
fn serves_what_build_writes_plus_the_reload_script_and_nothing_of_it_reaches_the_build() {
    let project = project();
    let out = tempfile::tempdir().unwrap();
    // `serve` makes no PDF (a reload never waits for one): the build it matches has none.
    let built = rapport(project.path())
        .args(["build", "--no-pdf", "--root"])
        .arg(project.path())
        .arg("--output")
        .arg(out.path().join("site"))
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    let site = out.path().join("site");
    let server = Server::start(project.path());
    let mut html_pages = 0;
    for rel in tree(&site) {
        let path = site.join(&rel);
        let rel = rel.to_string_lossy().replace('\\', "/");
        if path.is_dir() || rel == ".rapport-output" {
            continue;
        }
        let on_disk = std::fs::read(&path).unwrap();
        let text = String::from_utf8_lossy(&on_disk);
        assert!(
            !text.contains("__rapport") && !text.contains("EventSource"),
            "{rel} of the build has the reload script"
        );
        let served = server.get(&format!("/{rel}"));
        assert_eq!(served.status, 200, "{rel}");
        if rel.ends_with(".html") {
            html_pages += 1;
            assert_eq!(
                served.header("content-type"),
                Some("text/html; charset=utf-8"),
                "{rel}"
            );
            let tag =
                format!("<script src=\"/__rapport/live.js\" data-page=\"{rel}\" defer></script>\n");
            assert_eq!(
                served.text().replacen(&tag, "", 1),
                text,
                "{rel}: served as built, plus the script"
            );
        } else {
            assert_eq!(served.body, on_disk, "{rel}");
        }
    }
    assert!(html_pages >= 5, "only {html_pages} pages");
    let script = server.get("/__rapport/live.js");
    assert_eq!(script.status, 200);
    assert_eq!(
        script.header("content-type"),
        Some("text/javascript; charset=utf-8")
    );
    assert!(
        script
            .text()
            .contains("new EventSource(\"/__rapport/events\")")
    );
}

#[test]
fn folders_serve_their_index_content_types_follow_extensions_and_missing_pages_get_the_404_page() {
    let project = project();
    let server = Server::start(project.path());

    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(home.header("cache-control"), Some("no-store"));

    let page = server.get("/2022/fr/intro/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("Premier paragraphe."));
    assert_eq!(server.get("/2022/fr/intro/index.html").body, page.body);

    let bare = server.get("/2022/fr/intro?x=1");
    assert_eq!(bare.status, 307);
    assert_eq!(bare.header("location"), Some("/2022/fr/intro/?x=1"));

    let stylesheet = page
        .text()
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|h| h.ends_with(".css"))
        .map(str::to_string);
    let stylesheet = stylesheet.expect("a stylesheet link");
    let css = server.get(&resolve("/2022/fr/intro/", &stylesheet));
    assert_eq!(css.status, 200, "{stylesheet}");
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert_eq!(
        server.get("/robots.txt").header("content-type"),
        Some("text/plain; charset=utf-8")
    );

    let missing = server.get("/2022/de/nowhere/");
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    let not_found = server.get("/404.html");
    assert_eq!(missing.body, not_found.body, "the site's own 404 page");

    let mut post = connect(server.port);
    write!(post, "POST / HTTP/1.0\r\nContent-Length: 0\r\n\r\n").unwrap();
    let mut answer = String::new();
    post.read_to_string(&mut answer).unwrap();
    assert!(
        answer.starts_with("HTTP/1.0 405") || answer.starts_with("HTTP/1.1 405"),
        "{answer}"
    );
}

#[test]
fn paths_that_try_to_leave_the_site_get_404() {
    let project = project();
    let server = Server::start(project.path());
    let attempts = [
        "/../rapport.toml",
        "/2022/../../rapport.toml",
        "/../../../../../../etc/passwd",
        "/%2e%2e/rapport.toml",
        "/%2E%2E/%2E%2E/etc/passwd",
        "/%2e%2e%2frapport.toml",
        "/..%2frapport.toml",
        "/..%2F..%2Fetc%2Fpasswd",
        "/2022/fr/..%2f..%2f..%2frapport.toml",
        "/%252e%252e/rapport.toml",
        "/./rapport.toml",
        "//etc/passwd",
        "///etc/passwd",
        "/%2fetc%2fpasswd",
        "/..%5crapport.toml",
        "/%5c..%5c..%5cetc%5cpasswd",
        "/..\\rapport.toml",
        "/\\etc\\passwd",
        "/2022\\..\\..\\rapport.toml",
        "/index.html%00",
        "/%00../rapport.toml",
        // These would name real pages once normalized: refused all the same.
        "/2022/../index.html",
        "/2022/fr/%2e%2e/index.html",
        "/2022/fr/.%2e/index.html",
        "/rapport.toml",
        "/content/2022/edition.toml",
        "/themes/default/templates/base.html",
    ];
    for target in attempts {
        let response = server.get(target);
        assert_eq!(response.status, 404, "{target}");
        let text = response.text();
        assert!(
            !text.contains(CONFIG_MARKER) && !text.contains("root:x:0"),
            "{target} leaked a file"
        );
    }
    // A raw NUL is not even a valid request target: the HTTP parser refuses it (400)
    // before any lookup.
    let response = server.get("/index.html\0");
    assert_eq!(response.status, 400);
    assert!(!response.text().contains(CONFIG_MARKER));
}

#[test]
#[cfg(unix)]
fn a_symbolic_link_out_of_the_project_is_never_served() {
    let outside = tempfile::tempdir().unwrap();
    let secret_marker = "SECRET-BYTES-OUTSIDE-3f9a";
    write(outside.path(), "secret.txt", secret_marker);
    write(
        outside.path(),
        "folder/inner.md",
        &page("Secret", secret_marker),
    );
    let secret = outside.path().join("secret.txt");

    // At start: the problem is reported and nothing is served.
    let project = project();
    let link = project.path().join("content/2022/secret.txt");
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    let refused = rapport(project.path())
        .args(["serve", "--port", "0", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains(
            "content/2022/secret.txt:1:1: error: a symbolic link leads outside the edition folder"
        ),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&refused.stdout).contains("Serving"));

    // While serving: the last good site stays, without the file.
    std::fs::remove_file(&link).unwrap();
    let server = Server::start(project.path());
    let mut events = server.events();
    std::os::unix::fs::symlink(&secret, &link).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("folder"),
        project.path().join("content/2022/fr/linked"),
    )
    .unwrap();
    let problems = lines_of(&events.wait_for("error").data);
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/2022/secret.txt:1:1: error: a symbolic link")),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("content/2022/fr/linked:1:1: error: a symbolic link")),
        "{problems:?}"
    );

    let secret_path = secret.to_string_lossy().into_owned();
    let mut targets = vec![
        "/2022/secret.txt".to_string(),
        "/secret.txt".to_string(),
        "/content/2022/secret.txt".to_string(),
        "/2022/fr/linked/inner.md".to_string(),
        "/2022/fr/linked/".to_string(),
        "/2022/fr/secret/".to_string(),
        format!("/{secret_path}"),
        format!("/..{secret_path}"),
        format!("/../../../../../../..{secret_path}"),
        format!(
            "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e{}",
            secret_path.replace('/', "%2f")
        ),
    ];
    // And every page of the site, followed link by link from the home page.
    let mut seen = BTreeSet::new();
    let mut queue = vec!["/".to_string()];
    while let Some(url) = queue.pop() {
        if !seen.insert(url.clone()) || seen.len() > 200 {
            continue;
        }
        let page = server.get(&url);
        for href in page
            .text()
            .split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
        {
            if href.contains(':') || href.starts_with('#') {
                continue;
            }
            let base = &url[..=url.rfind('/').unwrap()];
            let joined = resolve(base, href.split('#').next().unwrap());
            queue.push(joined);
        }
        targets.push(url);
    }
    assert!(seen.len() > 5, "the crawl found {seen:?}");
    for target in &targets {
        let response = server.get(target);
        assert!(
            !response.text().contains(secret_marker),
            "{target} served the file outside the project"
        );
    }
}

/// Resolves a relative link against a folder URL, as a browser does.
fn resolve(base: &str, href: &str) -> String {
    let mut parts: Vec<&str> = if href.starts_with('/') {
        vec![]
    } else {
        base.trim_matches('/')
            .split('/')
            .filter(|s| !s.is_empty())
            .collect()
    };
    let ends_with_slash = href.ends_with('/') || href.is_empty();
    for segment in href.split('/').filter(|s| !s.is_empty()) {
        match segment {
            "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let mut url = format!("/{}", parts.join("/"));
    if ends_with_slash && !url.ends_with('/') {
        url.push('/');
    }
    url
}

#[test]
fn edits_reload_open_tabs_and_a_broken_file_keeps_the_last_good_site_until_fixed() {
    let project = project();
    let root = project.path();
    let server = Server::start(root);
    let mut tab = server.events();

    // An edit in French reaches the open tab, and the page has the new text.
    write(
        root,
        "content/2022/fr/01-intro.md",
        &page("Introduction", "Paragraphe modifié."),
    );
    let changed = lines_of(&tab.wait_for("reload").data);
    assert!(
        changed.contains(&"2022/fr/intro/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        !changed.contains(&"2022/en/intro/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        server
            .get("/2022/fr/intro/")
            .text()
            .contains("Paragraphe modifié.")
    );
    // Only the page and its edition's printable page were rendered again.
    let rebuilt = server.line_containing("rebuilt in ");
    assert!(rebuilt.contains("(2 pages rendered)"), "{rebuilt}");
    // …and the edition's French search index, which holds the page's text.
    assert_eq!(
        changed,
        [
            "2022/fr/intro/index.html",
            "2022/fr/print/index.html",
            "2022/fr/search/index.js"
        ]
    );
    assert!(
        server
            .get("/2022/fr/search/index.js")
            .text()
            .contains("Paragraphe modifié."),
        "the index served holds the page's new text"
    );

    // A broken TOML table: the problem, located, in the terminal and in the tab.
    write(
        root,
        "content/2022/edition.toml",
        "year = 2022\n\n[title\nfr = \"x\"\n",
    );
    let problems = lines_of(&tab.wait_for("error").data);
    assert!(!problems.is_empty());
    assert!(
        problems.iter().all(|p| p.contains(": error: ")),
        "{problems:?}"
    );
    let located = problems
        .iter()
        .find(|p| p.starts_with("content/2022/edition.toml:3:"))
        .expect("the TOML error, located");
    let deadline = Instant::now() + WAIT;
    while !server.stderr().contains(located.as_str()) {
        assert!(
            Instant::now() < deadline,
            "the terminal did not show {located}:\n{}",
            server.stderr()
        );
        std::thread::sleep(Duration::from_millis(20));
    }

    // The last good site is still served, with the notice on top of every page.
    let shown = server.get("/2022/fr/intro/");
    assert_eq!(shown.status, 200);
    let html = shown.text();
    assert!(html.contains("Paragraphe modifié."), "the last good page");
    let notice = scraper::Html::parse_document(&html);
    let alert = scraper::Selector::parse("body > div[role=alert]:first-child").unwrap();
    let alert = notice
        .select(&alert)
        .next()
        .expect("a notice first in the body");
    assert_eq!(alert.value().attr("lang"), Some("en"));
    let text: String = alert.text().collect();
    assert!(text.contains(located.as_str()), "{text}");
    assert!(
        server.get("/nowhere/").text().contains("role=\"alert\""),
        "the 404 page too"
    );
    // A tab opened now learns of the problem at once.
    let mut late = server.events();
    assert_eq!(lines_of(&late.wait_for("error").data), problems);

    // Fixing the file recovers without a restart.
    write(root, "content/2022/edition.toml", &edition().toml());
    tab.wait_for("reload");
    late.wait_for("reload");
    let recovered = server.get("/2022/fr/intro/").text();
    assert!(!recovered.contains("role=\"alert\""));
    assert!(recovered.contains("Paragraphe modifié."));
}

#[test]
fn the_output_folder_is_not_watched_and_a_save_is_one_rebuild() {
    let project = project();
    let root = project.path();
    let server = Server::start(root);
    let mut tab = server.events();
    write(root, "output/index.html", "not a source");
    write(root, "output/2022/fr/index.html", "not a source");
    // Were output/ watched, its rebuild would be printed before the next one.
    std::thread::sleep(Duration::from_millis(300));
    // An editor's save: write a temporary file, then rename it over the page.
    write(
        root,
        "content/2022/en/01-intro.md.tmp",
        &page("Introduction", "Edited paragraph."),
    );
    std::fs::rename(
        root.join("content/2022/en/01-intro.md.tmp"),
        root.join("content/2022/en/01-intro.md"),
    )
    .unwrap();
    let changed = lines_of(&tab.wait_for("reload").data);
    assert!(
        changed.contains(&"2022/en/intro/index.html".to_string()),
        "{changed:?}"
    );
    let first = server.line_containing("rebuilt in ");
    // The next edit's rebuild is the next one printed: nothing rebuilt in between.
    write(
        root,
        "content/2022/en/01-intro.md",
        &page("Introduction", "Edited again."),
    );
    tab.wait_for("reload");
    let next = server.line_containing("rebuilt in ");
    assert!(
        next.contains("2022/en/intro/index.html") || next.contains("files changed"),
        "{first} / {next}"
    );
    assert!(
        first.contains("files changed") || first.contains("2022/en/intro/index.html"),
        "{first}"
    );
}

#[test]
fn polling_sees_edits_where_notifications_fail() {
    let project = project();
    let root = project.path();
    let server = Server::start_with(root, &["--port", "0", "--poll"]);
    let mut tab = server.events();
    write(
        root,
        "content/2022/fr/01-intro.md",
        &page("Introduction", "Vu par sondage."),
    );
    let changed = lines_of(&tab.wait_for("reload").data);
    assert!(
        changed.contains(&"2022/fr/intro/index.html".to_string()),
        "{changed:?}"
    );
    assert!(
        server
            .get("/2022/fr/intro/")
            .text()
            .contains("Vu par sondage.")
    );
}

#[test]
#[cfg(unix)]
fn ctrl_c_stops_cleanly_and_leaves_no_file_behind() {
    let project = project();
    let before = tree(project.path());
    let server = Server::start(project.path());
    let _tab = server.events();
    assert_eq!(server.get("/").status, 200);
    let (status, rest) = server.interrupt();
    assert!(status.success(), "{status:?}");
    assert!(rest.contains("stopped"), "{rest}");
    assert_eq!(tree(project.path()), before, "serve wrote into the project");
}

#[test]
fn a_taken_port_moves_to_the_next_free_one_and_a_bad_address_is_a_usage_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    if port > 65_000 {
        return; // no room for the next ports
    }
    let project = project();
    let server = Server::start_with(project.path(), &["--port", &port.to_string()]);
    assert!(
        server.port > port && server.port < port + 10,
        "{} after {port}",
        server.port
    );
    assert_eq!(server.get("/").status, 200);
    drop(server);

    let bad = rapport(project.path())
        .args(["serve", "--bind", "not-an-address", "--root"])
        .arg(project.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
}

/// `connections` clients at once, each on its own keep-alive connection, requesting the
/// site's pages in turn until `stop` or `requests` each; returns (successes, errors).
fn load(
    port: u16,
    paths: &[String],
    connections: usize,
    requests: usize,
    stop: Instant,
) -> (usize, usize) {
    let paths = Arc::new(paths.to_vec());
    let workers: Vec<_> = (0..connections)
        .map(|i| {
            let paths = paths.clone();
            std::thread::spawn(move || {
                let (mut ok, mut failed) = (0, 0);
                let Ok(stream) = TcpStream::connect(("127.0.0.1", port)) else {
                    return (0, 1);
                };
                stream.set_read_timeout(Some(WAIT)).unwrap();
                let mut reader = BufReader::new(stream);
                for n in 0..requests {
                    if Instant::now() >= stop {
                        break;
                    }
                    let path = &paths[(i + n) % paths.len()];
                    match keep_alive_get(&mut reader, path) {
                        Ok(200) => ok += 1,
                        _ => {
                            failed += 1;
                            break;
                        }
                    }
                }
                (ok, failed)
            })
        })
        .collect();
    workers
        .into_iter()
        .map(|w| w.join().unwrap())
        .fold((0, 0), |(a, b), (c, d)| (a + c, b + d))
}

fn keep_alive_get(reader: &mut BufReader<TcpStream>, path: &str) -> std::io::Result<u16> {
    let port = reader.get_ref().peer_addr()?.port();
    write!(
        reader.get_mut(),
        "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n\r\n"
    )?;
    let mut status = String::new();
    reader.read_line(&mut status)?;
    let code = status
        .split(' ')
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let mut length = 0;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        if line == "\r\n" || line.is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':')
            && name.eq_ignore_ascii_case("content-length")
        {
            length = value.trim().parse().unwrap_or(0);
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    Ok(code)
}

fn site_paths(server: &Server) -> Vec<String> {
    let home = server.get("/2022/fr/").text();
    let mut paths = vec![
        "/".to_string(),
        "/2022/fr/".to_string(),
        "/2022/en/".to_string(),
        "/robots.txt".to_string(),
    ];
    paths.extend(
        home.split("href=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .filter(|h| !h.contains(':') && !h.starts_with('#'))
            .map(|h| resolve("/2022/fr/", h.split('#').next().unwrap())),
    );
    paths.sort();
    paths.dedup();
    paths
}

#[test]
fn two_hundred_concurrent_connections_get_no_errors() {
    let project = project();
    let server = Server::start(project.path());
    let paths = site_paths(&server);
    let (ok, failed) = load(
        server.port,
        &paths,
        200,
        5,
        Instant::now() + Duration::from_secs(25),
    );
    assert_eq!(failed, 0, "{ok} succeeded");
    assert_eq!(ok, 1000);
}

// ---------------------------------------------------------------------------------------
// On a network: names, stalled clients, too many connections
// ---------------------------------------------------------------------------------------

/// An HTTP/1.1 request for `target` naming `host` (`None`: no `Host` at all).
fn ask(port: u16, target: &str, host: Option<&str>) -> Response {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    request(
        port,
        &format!("GET {target} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"),
    )
}

/// Whether the server closes `stream` before [`WAIT`] runs out (whatever it sends first).
fn closed_by_server(stream: &mut TcpStream) -> bool {
    stream.set_read_timeout(Some(WAIT)).unwrap();
    let mut buffer = [0; 4096];
    loop {
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(e) => {
                return matches!(
                    e.kind(),
                    std::io::ErrorKind::ConnectionReset | std::io::ErrorKind::ConnectionAborted
                );
            }
        }
    }
}

/// A connection that sent half a request line and nothing more.
fn stalled(port: u16) -> TcpStream {
    let mut stream = connect(port);
    stream.write_all(b"GET / HT").unwrap();
    stream
}

#[test]
fn requests_naming_another_host_are_refused_and_this_machines_names_are_served() {
    let project = project();
    let server = Server::start(project.path());
    let port = server.port;
    for host in [
        format!("localhost:{port}"),
        format!("LocalHost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        assert_eq!(ask(port, "/", Some(&host)).status, 200, "{host}");
    }

    // A page that re-pointed its own name at this machine sends that name.
    let other_port = port.checked_add(1).unwrap_or(port - 1);
    let foreign = [
        format!("evil.example:{port}"),
        "evil.example".to_string(),
        format!("localhost.evil.example:{port}"),
        format!("localhost:{other_port}"),
        format!("10.0.0.1:{port}"),
    ];
    for host in &foreign {
        for target in ["/", "/__rapport/events", "/__rapport/live.js", "/missing/"] {
            let response = ask(port, target, Some(host));
            assert_eq!(response.status, 403, "{host} {target}");
            assert_eq!(
                response.header("content-type"),
                Some("text/plain; charset=utf-8")
            );
        }
    }
    let refused = ask(port, "/", Some(&format!("evil.example:{port}"))).text();
    assert!(refused.contains("--allow-host evil.example "), "{refused}");
    assert!(!refused.contains(CONFIG_MARKER));

    // HTTP/1.1 requires a name, and an absolute target names the server too.
    assert_eq!(ask(port, "/", None).status, 403);
    let absolute = format!(
        "GET http://evil.example:{port}/ HTTP/1.1\r\nHost: localhost:{port}\r\nConnection: close\r\n\r\n"
    );
    assert_eq!(request(port, &absolute).status, 403);
    drop(server);

    // A name the user vouches for is answered on any port, as behind a proxy.
    let server = Server::start_with(
        project.path(),
        &["--port", "0", "--allow-host", "preview.example"],
    );
    assert_eq!(ask(server.port, "/", Some("preview.example")).status, 200);
    assert_eq!(
        ask(server.port, "/", Some("preview.example:8080")).status,
        200
    );
    assert_eq!(ask(server.port, "/", Some("evil.example")).status, 403);
}

#[test]
fn a_half_sent_request_and_an_idle_connection_are_closed_while_open_tabs_stay() {
    let project = project();
    let root = project.path();
    let server = Server::start_with(root, &["--port", "0", "--header-timeout", "0.5"]);
    let mut tab = server.events();
    let mut half_sent = stalled(server.port);
    let mut idle = BufReader::new(connect(server.port));
    assert_eq!(keep_alive_get(&mut idle, "/robots.txt").unwrap(), 200);

    assert!(
        closed_by_server(&mut half_sent),
        "a half-sent request was left open"
    );
    assert!(
        closed_by_server(idle.get_mut()),
        "an idle keep-alive connection was left open"
    );

    // The tab's event stream is one long response: the timeout for request heads, which
    // has run out twice since the tab opened, does not apply to it.
    std::thread::sleep(Duration::from_secs(1));
    write(
        root,
        "content/2022/fr/01-intro.md",
        &page("Introduction", "Paragraphe modifié."),
    );
    tab.wait_for("reload");
}

#[test]
fn connections_stalled_beyond_the_cap_do_not_lock_readers_out() {
    let project = project();
    // The issue's case, scaled down: a low file limit and more stalled connections than it
    // allows; the cap then follows the limit. Without `prlimit`, an explicit cap.
    let has_prlimit = Command::new("prlimit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    let args = ["--port", "0", "--header-timeout", "1"];
    let (server, count) = if has_prlimit {
        let mut prlimit = Command::new("prlimit");
        prlimit.args(["--nofile=64", "--", env!("CARGO_BIN_EXE_rapport")]);
        (Server::start_as(prlimit, project.path(), &args), 100)
    } else {
        let capped = [&args[..], &["--max-connections", "16"]].concat();
        (Server::start_with(project.path(), &capped), 48)
    };
    let mut held: Vec<TcpStream> = (0..count).map(|_| stalled(server.port)).collect();

    // A reader that comes after them all is served once stalled ones time out.
    assert_eq!(server.get("/2022/fr/intro/").status, 200);
    let held_open = held
        .iter_mut()
        .map(closed_by_server)
        .filter(|closed| !closed)
        .count();
    assert_eq!(held_open, 0, "stalled connections left open");
    // And the server still rebuilds: the cap left it the files it needs.
    write(
        project.path(),
        "content/2022/fr/01-intro.md",
        &page("Introduction", "Paragraphe modifié."),
    );
    server.line_containing("rebuilt in ");
}

// ---------------------------------------------------------------------------------------
// Benchmarks (docs/performance.md, "serve"): figures printed, never asserted on time
// ---------------------------------------------------------------------------------------

/// The repository's sample project, copied.
fn sample() -> TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(repo().join("rapport.toml"), dir.path().join("rapport.toml")).unwrap();
    copy_dir(&repo().join("content"), &dir.path().join("content"));
    copy_dir(&repo().join("themes"), &dir.path().join("themes"));
    dir
}

#[test]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
fn benchmark_save_to_reload_latency_on_the_sample() {
    let project = sample();
    let page = project.path().join("content/2022/fr/01-introduction.md");
    let original = std::fs::read_to_string(&page).unwrap();
    // Edited after its front matter, and served at the slug it gives: no wording of the
    // sample is relied on.
    let body = "+++\n\n";
    let slug = original
        .lines()
        .find_map(|l| l.strip_prefix("slug = \"")?.strip_suffix('"'))
        .expect("a slug");
    let address = format!("/2022/fr/{slug}/");
    let server = Server::start(project.path());
    let mut tab = server.events();
    let (mut samples, mut rebuilds) = (Vec::new(), Vec::new());
    for i in 0..20 {
        let edited = original.replacen(body, &format!("{body}(essai {i}) "), 1);
        let started = Instant::now();
        std::fs::write(&page, edited).unwrap();
        let changed = lines_of(&tab.wait_for("reload").data);
        samples.push(started.elapsed());
        assert!(
            changed.contains(&format!("2022/fr/{slug}/index.html")),
            "{changed:?}"
        );
        let rebuilt = server.line_containing("rebuilt in ");
        let rebuild_ms: f64 = rebuilt["rebuilt in ".len()..]
            .split(' ')
            .next()
            .unwrap()
            .parse()
            .unwrap();
        rebuilds.push(rebuild_ms);
        assert!(
            server
                .get(&address)
                .text()
                .contains(&format!("(essai {i})"))
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    samples.sort();
    rebuilds.sort_by(f64::total_cmp);
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let median = (ms(samples[9]) + ms(samples[10])) / 2.0;
    println!(
        "save-to-reload over {} edits: median {median:.1} ms, min {:.1} ms, max {:.1} ms; \
         of which the rebuild: median {:.1} ms (the rest: the {} ms debounce, the events)",
        samples.len(),
        ms(samples[0]),
        ms(samples[samples.len() - 1]),
        (rebuilds[9] + rebuilds[10]) / 2.0,
        25
    );
}

#[test]
#[ignore = "benchmark: run with --release -- --ignored --nocapture"]
fn benchmark_load_200_connections_on_the_sample() {
    let project = sample();
    let server = Server::start(project.path());
    let paths = site_paths(&server);
    let started = Instant::now();
    let (ok, failed) = load(
        server.port,
        &paths,
        200,
        usize::MAX,
        started + Duration::from_secs(10),
    );
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "200 connections, {} paths, {seconds:.1} s: {ok} requests, {failed} errors, {:.0} requests/s",
        paths.len(),
        ok as f64 / seconds
    );
    assert_eq!(failed, 0);
}

/// The ids of the paragraphs of a served page that carry the stale-translation note.
fn stale_notes(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let notes = scraper::Selector::parse("p > span.rapport-stale[role=note]").unwrap();
    doc.select(&notes)
        .filter_map(|n| n.parent().and_then(scraper::ElementRef::wrap))
        .map(|p| p.value().id().unwrap_or("").to_string())
        .collect()
}

#[test]
fn a_paragraph_whose_source_changed_is_marked_in_the_preview_only() {
    let project = project();
    let root = project.path();
    let accepted = rapport(root)
        .args(["translations", "--accept", "en"])
        .output()
        .unwrap();
    assert!(
        accepted.status.success(),
        "{}",
        String::from_utf8_lossy(&accepted.stderr)
    );
    let server = Server::start(root);
    let mut tab = server.events();
    assert!(
        stale_notes(&server.get("/2022/en/intro/").text()).is_empty(),
        "nothing changed yet"
    );
    // The French source changes: the English page is rendered again with its note.
    write(
        root,
        "content/2022/fr/01-intro.md",
        &page("Introduction", "Paragraphe revu."),
    );
    let changed = lines_of(&tab.wait_for("reload").data);
    assert!(
        changed.contains(&"2022/en/intro/index.html".to_string()),
        "{changed:?}"
    );
    let served = server.get("/2022/en/intro/").text();
    assert_eq!(stale_notes(&served), ["p1"]);
    let note = scraper::Html::parse_document(&served);
    let text: String = note
        .select(&scraper::Selector::parse("span.rapport-stale").unwrap())
        .flat_map(|n| n.text())
        .collect();
    assert!(
        text.contains("the `fr` source of this paragraph changed"),
        "{text}"
    );
    assert!(
        stale_notes(&server.get("/2022/fr/intro/").text()).is_empty(),
        "the source is not marked"
    );
    // A build never shows it.
    let built = rapport(root).args(["build", "--no-pdf"]).output().unwrap();
    assert!(built.status.success());
    let on_disk = std::fs::read_to_string(root.join("output/2022/en/intro/index.html")).unwrap();
    assert!(stale_notes(&on_disk).is_empty());
    assert!(!on_disk.contains("rapport-stale"));
}
