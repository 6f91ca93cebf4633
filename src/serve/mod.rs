//! `rapport serve`: a local preview that rebuilds on change and reloads open tabs.
//!
//! Serve is a command rather than a stage. It builds the site as `build` does, in memory
//! ([`crate::serve::rebuild::Rebuilder`]), keeps it behind a loopback HTTP server and writes
//! nothing to disk; on each change it renders again only what the change affects and
//! serves those files in place of the old. When a rebuild fails, the last good site stays
//! served, with the problems on top of every page. Being long-running, it prints its own
//! progress, one line at a time, with problems in the CLI's form,
//! `path:line:col: error: message`.
//!
//! - `site`: the served files, the injected script and notice, and the mapping from a
//!   request path to a file of the map (the only way in);
//! - `http`: the axum routes, including the server-sent events for open tabs;
//! - `hosts`: which names a request may address the preview by (against DNS rebinding);
//! - `connections`: the accept loop, the cap on open connections and the header timeout;
//! - `watcher`: the file watcher, the debounce and the rebuild loop.

mod connections;
mod hosts;
mod http;
pub mod rebuild;
mod site;
mod stale;
mod watcher;

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use tokio::net::TcpListener;

use crate::core::diagnostics::Error;
use crate::serve::rebuild::{Addresses, Rebuilder};
use connections::Limits;
use hosts::Hosts;
use site::{Files, Live};

pub use connections::HEADER_TIMEOUT;

/// The port `serve` listens on unless told otherwise.
pub const DEFAULT_PORT: u16 = 1111;
/// When the port is taken, how many ports after it are tried.
const PORT_TRIES: u16 = 10;
/// How long open connections get to close when the server stops.
const GRACE: Duration = Duration::from_secs(2);

/// How to serve a project.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The project folder.
    pub root: PathBuf,
    /// The port; when it is taken, the next free one is used. 0 lets the system choose.
    pub port: u16,
    /// The address to listen on; only a loopback address keeps the preview on this machine.
    pub bind: IpAddr,
    /// Open the site in the default browser.
    pub open: bool,
    /// Poll the files instead of relying on the system's change notifications.
    pub poll: bool,
    /// Names the server answers to besides this machine's (`NAME` on any port, or
    /// `NAME:PORT`); any other `Host` is refused, against DNS rebinding.
    pub allowed_hosts: Vec<String>,
    /// How long a client gets to send a request head, and a keep-alive connection may
    /// stay idle.
    pub header_timeout: Duration,
    /// The most connections open at once; `None`: as many as the file limit leaves.
    pub max_connections: Option<usize>,
}

impl ServeOptions {
    /// Options for a project folder, with the defaults: 127.0.0.1, port 1111.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        ServeOptions {
            root: root.into(),
            port: DEFAULT_PORT,
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            open: false,
            poll: false,
            allowed_hosts: Vec::new(),
            header_timeout: HEADER_TIMEOUT,
            max_connections: None,
        }
    }
}

/// Builds the project and serves it until Ctrl-C (or SIGTERM). Fails only when the
/// first build does, or when the server cannot listen.
pub fn run(options: &ServeOptions) -> Result<(), Error> {
    let built = build(&options.root)?;
    built.warnings.iter().for_each(|w| eprintln!("{w}"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Environment(format!("cannot start the server: {e}")))?;
    runtime.block_on(serve(options, built))
}

async fn serve(options: &ServeOptions, built: Built) -> Result<(), Error> {
    let listener = listen(options.bind, options.port).await?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Environment(format!("cannot listen: {e}")))?;
    let url = format!("http://{}/", visible_address(address));
    let live = Arc::new(Live::new(built.files));
    if let Err(e) = watcher::spawn(
        options.root.clone(),
        live.clone(),
        options.poll,
        built.rebuilder,
        built.warnings,
        built.marker,
    ) {
        let hint = if options.poll { "" } else { "; try --poll" };
        eprintln!(
            "rapport: warning: cannot watch the project for changes ({e}): pages will not update{hint}"
        );
    }
    if !options.bind.is_loopback() {
        eprintln!(
            "rapport: warning: listening on {}: other machines on the network can see this preview",
            options.bind
        );
    }
    let stop_requested = stop_signal();
    println!("Serving {} at {url} (Ctrl-C to stop)", built.title);
    if options.open {
        open_browser(url);
    }

    let (stop, stopping) = tokio::sync::watch::channel(false);
    let limits = Limits::new(options.header_timeout, options.max_connections);
    let hosts = Arc::new(Hosts::new(&options.allowed_hosts));
    let mut server = tokio::spawn(connections::accept(
        listener,
        http::router(live, stopping.clone()),
        hosts,
        limits,
        stopping,
    ));
    let accepting = tokio::select! {
        accepting = &mut server => accepting,
        () = stop_requested => {
            stop.send_replace(true);
            server.await
        }
    };
    // The accepting task ends only with `stop`; a join error means it panicked.
    let connections = accepting.map_err(|e| Error::Internal(format!("the server stopped: {e}")))?;
    // Open tabs' event streams end on `stop`; other connections finish their response.
    if tokio::time::timeout(GRACE, connections.shutdown())
        .await
        .is_err()
    {
        eprintln!("rapport: some connections did not close in time; stopping anyway");
    }
    println!("stopped");
    Ok(())
}

/// Listens on `port`, or on the next free port when it is taken.
async fn listen(ip: IpAddr, port: u16) -> Result<TcpListener, Error> {
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for candidate in (0..tries).filter_map(|offset| port.checked_add(offset)) {
        match TcpListener::bind((ip, candidate)).await {
            Ok(listener) => {
                if candidate != port {
                    println!("port {port} is in use; using {candidate}");
                }
                return Ok(listener);
            }
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(e) => {
                return Err(Error::Environment(format!(
                    "cannot listen on {}: {e}",
                    SocketAddr::new(ip, candidate)
                )));
            }
        }
    }
    Err(Error::Environment(format!(
        "ports {port} to {} are in use: choose another with --port N (0 picks any free port)",
        port.saturating_add(tries - 1)
    )))
}

/// The address to print and open: a browser cannot visit 0.0.0.0, but this machine's
/// loopback reaches a server that listens on every address.
fn visible_address(address: SocketAddr) -> SocketAddr {
    match address.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), address.port())
        }
        IpAddr::V6(ip) if ip.is_unspecified() => {
            SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), address.port())
        }
        _ => address,
    }
}

fn open_browser(url: String) {
    // Some openers wait for the browser; the server must not.
    std::thread::spawn(move || {
        if let Err(e) = opener::open_browser(&url) {
            eprintln!("rapport: warning: cannot open a browser ({e}); visit {url}");
        }
    });
}

/// Ctrl-C, or SIGTERM where there is one. The handlers are installed when this is called,
/// not when the future is first polled: a Ctrl-C right after "Serving" must stop the
/// server cleanly, not kill it.
#[cfg(unix)]
fn stop_signal() -> impl Future<Output = ()> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut interrupt = signal(SignalKind::interrupt()).ok();
    let mut terminate = signal(SignalKind::terminate()).ok();
    async move {
        tokio::select! {
            () = received(interrupt.as_mut()) => {}
            () = received(terminate.as_mut()) => {}
        }
    }
}

/// The next delivery of `signal`; never, without a handler.
#[cfg(unix)]
async fn received(signal: Option<&mut tokio::signal::unix::Signal>) {
    match signal {
        Some(signal) => {
            signal.recv().await;
        }
        None => std::future::pending().await,
    }
}

#[cfg(not(unix))]
fn stop_signal() -> impl Future<Output = ()> {
    async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    }
}

/// A good first build, ready to serve.
struct Built {
    files: Files,
    /// What rebuilds the site after each change.
    rebuilder: Rebuilder,
    /// The site's title in its first language.
    title: String,
    /// Its warnings, as `path:line:col: warning: message`.
    warnings: Vec<String>,
    /// Notes on stale translations, for the rebuilds to keep up to date.
    marker: stale::Marker,
}

/// Builds the whole site. A configured base URL becomes the server's root: the 404 page
/// and canonical links point at this server, not at the address the site is published
/// at. Without a base URL the site is exactly what `build` writes, plus the live-reload
/// script.
fn build(root: &Path) -> Result<Built, Error> {
    let (rebuilder, mut output) = Rebuilder::new(root, Addresses::ServerRoot)?;
    let mut marker = stale::Marker::default();
    marker.everything(&mut output, &rebuilder.project().site);
    let config = &rebuilder.project().site.config;
    let title = config
        .language_codes()
        .first()
        .and_then(|lang| config.title.get_ref().get(lang))
        .cloned()
        .unwrap_or_default();
    let warnings = warning_lines(&rebuilder, root);
    Ok(Built {
        files: Files::from_output(output),
        rebuilder,
        title,
        warnings,
        marker,
    })
}

/// The warnings of the last good build, one line each, sorted.
fn warning_lines(rebuilder: &Rebuilder, root: &Path) -> Vec<String> {
    rebuilder
        .warnings()
        .clone()
        .into_sorted()
        .into_iter()
        .map(|d| d.relative_to(root).to_string())
        .collect()
}

/// A failed build's problems, one line each, with whether each is an error.
fn problems(error: &Error, root: &Path) -> Vec<(bool, String)> {
    match error {
        Error::Content(diagnostics) => {
            let mut sorted = diagnostics.clone().into_sorted();
            // Errors first, then warnings, as the other commands print them.
            sorted.sort_by_key(|d| !d.is_error());
            sorted
                .into_iter()
                .map(|d| (d.is_error(), d.relative_to(root).to_string()))
                .collect()
        }
        Error::Io { path, source } => {
            let path = path.strip_prefix(root).unwrap_or(path);
            vec![(true, format!("{}:0:0: error: {source}", path.display()))]
        }
        Error::Usage(message) | Error::Environment(message) | Error::Internal(message) => {
            vec![(true, format!("rapport: error: {message}"))]
        }
    }
}
