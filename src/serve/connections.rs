//! The connections of `serve`: accepting them, how many may be open at once, and how long
//! a client gets to send a request head.
//!
//! One hyper setting bounds both phases where a client holds a connection without working
//! for it: `header_read_timeout` runs while a request head is awaited, that is from the
//! connection's start to its first complete head and again from each response's end to
//! the next head (an idle keep-alive connection). It does not run while a response is
//! being written, so the event streams of open tabs, which are one long response, live on.
//! A semaphore caps the open connections below the process's file limit: past the cap,
//! new connections wait in the system's queue until one closes, instead of taking the
//! descriptors that the rebuilds and the watcher need, and readers are served as soon as
//! the stalled ones time out.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::{OwnedSemaphorePermit, Semaphore, watch};

use super::hosts::Hosts;
use super::http;

/// How long a client gets to send a whole request head, and how long a keep-alive
/// connection may sit idle between requests.
pub const HEADER_TIMEOUT: Duration = Duration::from_secs(10);
/// The most connections open at once when the file limit allows it: far more than the
/// tabs of one person (a browser opens about six per server).
const MAX_CONNECTIONS: usize = 256;
/// Descriptors kept for everything but connections: the listener, the runtime, the
/// watcher and the files a rebuild reads.
const RESERVED_FILES: usize = 64;
/// How long to wait before accepting again when the system refuses (out of descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(100);

/// The bounds on connections.
#[derive(Debug, Clone, Copy)]
pub(super) struct Limits {
    pub(super) header_timeout: Duration,
    pub(super) max_connections: usize,
}

impl Limits {
    /// `header_timeout`, and `max_connections` or else as many as the file limit leaves.
    pub(super) fn new(header_timeout: Duration, max_connections: Option<usize>) -> Limits {
        Limits {
            header_timeout,
            max_connections: max_connections.unwrap_or_else(connections_the_file_limit_allows),
        }
    }
}

/// Accepts and serves connections until `stopping` turns true; then hands back what lets
/// the caller wait for the open ones to finish.
pub(super) async fn accept(
    listener: TcpListener,
    router: Router,
    hosts: Arc<Hosts>,
    limits: Limits,
    mut stopping: watch::Receiver<bool>,
) -> GracefulShutdown {
    let permits = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    let graceful = GracefulShutdown::new();
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout);
    loop {
        let next = tokio::select! {
            next = next_connection(&listener, &permits) => next,
            _ = stopping.wait_for(|stopping| *stopping) => break,
        };
        let Some((stream, permit)) = next else {
            tokio::time::sleep(ACCEPT_BACKOFF).await;
            continue;
        };
        let Ok(local) = stream.local_addr() else {
            continue;
        };
        let service = http::service(router.clone(), hosts.clone(), local);
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            // A client that stalls or goes away ends its connection; nothing to report.
            let _ = connection.await;
            drop(permit);
        });
    }
    graceful
}

/// Waits for a free place, then for a connection; `None` when the system refused one.
async fn next_connection(
    listener: &TcpListener,
    permits: &Arc<Semaphore>,
) -> Option<(TcpStream, OwnedSemaphorePermit)> {
    let permit = permits.clone().acquire_owned().await.ok()?;
    let (stream, _) = listener.accept().await.ok()?;
    Some((stream, permit))
}

/// As many connections as the soft file limit leaves after [`RESERVED_FILES`], at most
/// [`MAX_CONNECTIONS`], and at least half the limit when it is very low.
fn connections_the_file_limit_allows() -> usize {
    match file_limit() {
        Some(limit) => MAX_CONNECTIONS.min(limit.saturating_sub(RESERVED_FILES).max(limit / 2)),
        None => MAX_CONNECTIONS,
    }
}

#[cfg(unix)]
fn file_limit() -> Option<usize> {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile).current?;
    usize::try_from(limit).ok()
}

#[cfg(not(unix))]
fn file_limit() -> Option<usize> {
    None
}
