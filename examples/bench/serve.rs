//! `bench rebuild`: how long `rapport serve` makes a writer wait after a one-word change
//! to a page. The real server runs on a copy of the project (on tmpfs, so that the corpus
//! itself is never touched); the harness subscribes to its events as an open tab does
//! (`/__rapport/events`, server-sent events) and times each write of the page until the
//! `reload` event that names the edited edition's printable page arrives. That is the
//! whole wait: the file system's notification, the debounce, the rebuild, the patch of the
//! served site and the event. The server's own "rebuilt in … ms" line gives the rebuild's
//! share.

use std::io::{self, BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError, channel};
use std::time::{Duration, Instant};

use crate::generate;
use crate::runner::median;

/// How long the first build may take (50,000 pages take about 10 s on 2 cores).
const FIRST_BUILD: Duration = Duration::from_secs(600);
/// How long one save may take to reach the tab.
const ONE_RELOAD: Duration = Duration::from_secs(60);
/// A pause between saves, longer than the debounce, so that each is a rebuild of its own.
const BETWEEN_SAVES: Duration = Duration::from_millis(200);

/// Save-to-reload times, in milliseconds.
#[derive(Debug, Clone, Copy)]
pub struct Figures {
    /// Median save → `reload` event.
    pub median: f64,
    /// Fastest save → `reload` event.
    pub fastest: f64,
    /// Slowest save → `reload` event.
    pub slowest: f64,
    /// Median of the server's own rebuild times.
    pub rebuild: f64,
    /// Saves timed.
    pub runs: usize,
}

impl Figures {
    /// One line for the runner: `median fastest slowest rebuild runs`.
    pub fn line(&self) -> String {
        format!(
            "{:.1} {:.1} {:.1} {:.1} {}",
            self.median, self.fastest, self.slowest, self.rebuild, self.runs
        )
    }

    /// Reads what [`Figures::line`] wrote.
    pub fn parse(line: &str) -> Option<Figures> {
        let mut numbers = line.split_whitespace().map(str::parse::<f64>);
        let mut next = || numbers.next()?.ok();
        Some(Figures {
            median: next()?,
            fastest: next()?,
            slowest: next()?,
            rebuild: next()?,
            runs: next()? as usize,
        })
    }
}

/// Copies the project at `root` into `work`, serves it with `rapport`, times `runs` saves
/// of one page (after one untimed), and removes the copy.
pub fn measure(rapport: &Path, root: &Path, work: &Path, runs: usize) -> io::Result<Figures> {
    let _ = std::fs::remove_dir_all(work);
    let copy = work.join("project");
    generate::copy_tree(root, &copy)?;
    let result = measure_copy(rapport, &copy, runs.max(1));
    let _ = std::fs::remove_dir_all(work);
    result
}

fn measure_copy(rapport: &Path, root: &Path, runs: usize) -> io::Result<Figures> {
    let page = first_page_of_latest_edition(root)?;
    let print = print_page_of(root, &page)?;
    let original = std::fs::read_to_string(&page)?;
    if !original.contains("[^a]") {
        return Err(io::Error::other(format!(
            "{}: expected a footnote reference [^a] to write a word before",
            page.display()
        )));
    }
    let mut server = Server::start(rapport, root)?;
    let mut tab = Events::open(server.port)?;
    let (mut waits, mut rebuilds) = (Vec::new(), Vec::new());
    // The first save is not timed: the server's threads and caches warm up.
    for run in 0..=runs {
        // A word before the first footnote reference: the page keeps its paragraphs, and
        // so the edition's numbering.
        let edited = original.replacen("[^a]", &format!(" edited{run}[^a]"), 1);
        let started = Instant::now();
        std::fs::write(&page, edited)?;
        tab.wait_for_reload_of(&print)?;
        let waited = started.elapsed().as_secs_f64() * 1000.0;
        let rebuilt = server.rebuild_ms()?;
        if run > 0 {
            waits.push(waited);
            rebuilds.push(rebuilt);
        }
        std::thread::sleep(BETWEEN_SAVES);
    }
    server.stop();
    let fastest = waits.iter().copied().fold(f64::INFINITY, f64::min);
    let slowest = waits.iter().copied().fold(0.0, f64::max);
    Ok(Figures {
        median: median(&mut waits),
        fastest,
        slowest,
        rebuild: median(&mut rebuilds),
        runs,
    })
}

/// The first Markdown page of the latest edition, in its first language folder.
pub fn first_page_of_latest_edition(root: &Path) -> io::Result<PathBuf> {
    let content = root.join("content");
    let mut years: Vec<PathBuf> = std::fs::read_dir(&content)?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    years.sort();
    let latest = years.pop().ok_or_else(|| io::Error::other("no edition"))?;
    walkdir::WalkDir::new(latest)
        .min_depth(2)
        .max_depth(2)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .map(|e| e.into_path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .ok_or_else(|| io::Error::other("no page"))
}

/// The output path of the printable page that shows `page`
/// (`content/<year>/<lang>/x.md` → `<year>/<lang>/print/index.html`): every edit of the
/// page changes it.
fn print_page_of(root: &Path, page: &Path) -> io::Result<String> {
    let relative = page
        .strip_prefix(root.join("content"))
        .map_err(io::Error::other)?;
    let mut parts = relative.iter().map(|p| p.to_string_lossy());
    match (parts.next(), parts.next()) {
        (Some(year), Some(lang)) => Ok(format!("{year}/{lang}/print/index.html")),
        _ => Err(io::Error::other(format!("{}: not a page", page.display()))),
    }
}

/// `rapport serve --port 0` on the project, with its output read line by line.
struct Server {
    child: Child,
    port: u16,
    lines: Receiver<String>,
}

impl Server {
    fn start(rapport: &Path, root: &Path) -> io::Result<Server> {
        let mut child = Command::new(rapport)
            .args(["serve", "--port", "0", "--root"])
            .arg(root)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| io::Error::other(format!("{}: {e}", rapport.display())))?;
        let lines = read_lines(child.stdout.take());
        let mut server = Server {
            child,
            port: 0,
            lines,
        };
        let serving = server.line_containing("Serving ", FIRST_BUILD)?;
        server.port = serving
            .rsplit_once("http://")
            .and_then(|(_, address)| address.split_once('/'))
            .and_then(|(host, _)| host.rsplit_once(':'))
            .and_then(|(_, port)| port.parse().ok())
            .ok_or_else(|| io::Error::other(format!("no port in {serving:?}")))?;
        Ok(server)
    }

    fn line_containing(&mut self, text: &str, wait: Duration) -> io::Result<String> {
        let deadline = Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.lines.recv_timeout(left) {
                Ok(line) if line.contains(text) => return Ok(line),
                Ok(_) => {}
                Err(RecvTimeoutError::Timeout) => {
                    return Err(io::Error::other(format!("serve never printed {text:?}")));
                }
                Err(RecvTimeoutError::Disconnected) => {
                    let status = self.child.wait()?;
                    return Err(io::Error::other(format!("serve stopped: {status}")));
                }
            }
        }
    }

    /// The time of the next rebuild, as the server prints it: `rebuilt in 12.3 ms (…)`.
    fn rebuild_ms(&mut self) -> io::Result<f64> {
        let line = self.line_containing("rebuilt in ", ONE_RELOAD)?;
        line.split("rebuilt in ")
            .nth(1)
            .and_then(|rest| rest.split(' ').next())
            .and_then(|ms| ms.parse().ok())
            .ok_or_else(|| io::Error::other(format!("no time in {line:?}")))
    }

    fn stop(mut self) {
        // Our own child, by its handle.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn read_lines(stdout: Option<ChildStdout>) -> Receiver<String> {
    let (sender, lines) = channel();
    if let Some(stdout) = stdout {
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
    }
    lines
}

/// The event stream an open tab reads.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(port: u16) -> io::Result<Events> {
        let mut stream = TcpStream::connect(("127.0.0.1", port))?;
        stream.set_nodelay(true)?;
        // HTTP/1.0: the body is the stream itself, without chunks.
        write!(
            stream,
            "GET /__rapport/events HTTP/1.0\r\nHost: 127.0.0.1\r\nAccept: text/event-stream\r\n\r\n"
        )?;
        let mut events = Events {
            reader: BufReader::new(stream),
        };
        let status = events.line(ONE_RELOAD)?;
        if !status.contains(" 200 ") {
            return Err(io::Error::other(format!("events: {status}")));
        }
        while !events.line(ONE_RELOAD)?.is_empty() {}
        // Subscribed once the greeting arrives.
        events.next_event(ONE_RELOAD)?;
        Ok(events)
    }

    fn line(&mut self, wait: Duration) -> io::Result<String> {
        self.reader.get_ref().set_read_timeout(Some(wait))?;
        let mut line = String::new();
        if self.reader.read_line(&mut line)? == 0 {
            return Err(io::Error::other("the event stream closed"));
        }
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }

    /// The next event: its name and data.
    fn next_event(&mut self, wait: Duration) -> io::Result<(String, String)> {
        let (mut name, mut data) = (String::from("message"), String::new());
        loop {
            let line = self.line(wait)?;
            if line.is_empty() && !data.is_empty() {
                return Ok((name, data));
            }
            if let Some(value) = line.strip_prefix("event:") {
                name = value.trim().to_string();
            } else if let Some(value) = line.strip_prefix("data:") {
                data.push_str(value.trim_start());
            }
        }
    }

    /// Waits for a `reload` event that names `path` among the changed files.
    fn wait_for_reload_of(&mut self, path: &str) -> io::Result<()> {
        let deadline = Instant::now() + ONE_RELOAD;
        let quoted = format!("\"{path}\"");
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return Err(io::Error::other(format!("no reload of {path}")));
            }
            match self.next_event(left)? {
                (name, data) if name == "reload" && data.contains(&quoted) => return Ok(()),
                (name, data) if name == "error" => {
                    return Err(io::Error::other(format!("the edit did not build: {data}")));
                }
                _ => {}
            }
        }
    }
}
