//! The HTTP side of `serve` (axum on tokio): pages from the in-memory site, the live-reload
//! script, and the server-sent events that tell open tabs to reload or show a problem.
//! Every request passes the `Host` check first ([`super::hosts`]), whatever its route.

use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, Method, Request, StatusCode, Uri, Version, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use hyper::body::Incoming;
use hyper::service::{Service, service_fn};
use hyper_util::service::TowerToHyperService;
use tokio::sync::watch;
use tokio_stream::wrappers::{BroadcastStream, WatchStream};
use tokio_stream::{Stream, StreamExt};

use super::hosts::{Hosts, Refusal};
use super::site::{self, File, Live, Lookup, Message, Snapshot};

#[derive(Clone)]
struct App {
    live: Arc<Live>,
    /// Turns true when the server stops, which ends the event streams: a graceful
    /// shutdown would otherwise wait for open tabs forever.
    stopping: watch::Receiver<bool>,
}

/// The server's routes.
pub(super) fn router(live: Arc<Live>, stopping: watch::Receiver<bool>) -> Router {
    Router::new()
        .route(site::EVENTS_PATH, get(events))
        .route(site::SCRIPT_PATH, get(script))
        .fallback(page)
        .with_state(App { live, stopping })
}

/// What answers the requests of one connection, which reached this machine at `local`:
/// the routes, for requests that name this server.
pub(super) fn service(
    router: Router,
    hosts: Arc<Hosts>,
    local: SocketAddr,
) -> impl Service<Request<Incoming>, Response = Response, Error = Infallible, Future: Send> + Clone
{
    let routes = TowerToHyperService::new(router);
    service_fn(move |request: Request<Incoming>| {
        let checked = check_host(&hosts, &request, local);
        let routes = routes.clone();
        async move {
            match checked {
                Ok(()) => routes.call(request).await,
                Err(refusal) => Ok(refused(&refusal, local)),
            }
        }
    })
}

/// Checks every name the request gives for this server, the authority of an absolute
/// target and the `Host` header alike: either may carry a foreign name.
fn check_host<B>(hosts: &Hosts, request: &Request<B>, local: SocketAddr) -> Result<(), Refusal> {
    let in_target = request.uri().authority().map(|a| a.as_str());
    // A header that is not text cannot name this server; "" is refused as foreign.
    let in_header = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().unwrap_or(""));
    let required = request.version() >= Version::HTTP_11;
    if in_target.is_none() && in_header.is_none() {
        return hosts.check(None, required, local);
    }
    [in_target, in_header]
        .into_iter()
        .flatten()
        .try_for_each(|given| hosts.check(Some(given), required, local))
}

fn refused(refusal: &Refusal, local: SocketAddr) -> Response {
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    (
        StatusCode::FORBIDDEN,
        headers,
        Hosts::explain(refusal, local),
    )
        .into_response()
}

async fn page(State(app): State<App>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        return (
            StatusCode::METHOD_NOT_ALLOWED,
            [(header::ALLOW, "GET, HEAD")],
        )
            .into_response();
    }
    let snapshot = app.live.snapshot();
    match snapshot.files.lookup(uri.path()) {
        Lookup::File(file) => file_response(StatusCode::OK, file, &snapshot),
        Lookup::Folder => {
            let query = uri.query().map(|q| format!("?{q}")).unwrap_or_default();
            let location = format!("{}/{query}", uri.path());
            let location =
                HeaderValue::from_str(&location).unwrap_or(HeaderValue::from_static("/"));
            (
                StatusCode::TEMPORARY_REDIRECT,
                [(header::LOCATION, location)],
            )
                .into_response()
        }
        Lookup::Missing => match snapshot.files.not_found_page() {
            Some(file) => file_response(StatusCode::NOT_FOUND, file, &snapshot),
            None => (StatusCode::NOT_FOUND, "not found\n").into_response(),
        },
    }
}

fn file_response(status: StatusCode, file: &File, snapshot: &Snapshot) -> Response {
    let headers = [
        (header::CONTENT_TYPE, file.content_type.clone()),
        // A preview must never show a stale copy.
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
        (
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ),
    ];
    (status, headers, file.bytes(snapshot.notice.as_deref())).into_response()
}

async fn script() -> Response {
    let headers = [
        (
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/javascript; charset=utf-8"),
        ),
        (header::CACHE_CONTROL, HeaderValue::from_static("no-store")),
    ];
    (headers, site::script()).into_response()
}

enum Item {
    Send(Event),
    Stop,
}

/// `hello` (this server's id) first, the current problems if any, then a `reload` (data:
/// the changed paths, as JSON) or an `error` (data: the problems, as JSON) per rebuild.
async fn events(State(app): State<App>) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let updates = BroadcastStream::new(app.live.subscribe()).map(|message| match message {
        Ok(message) => Item::Send(event(&message)),
        // This tab missed messages: reload it whatever changed.
        Err(_) => Item::Send(Event::default().event("reload").data("null")),
    });
    let mut first = vec![Event::default().event("hello").data(app.live.instance())];
    let snapshot = app.live.snapshot();
    if !snapshot.problems.is_empty() {
        first.push(event(&Message::Problems(snapshot.problems.clone())));
    }
    let stop = WatchStream::new(app.stopping.clone())
        .filter(|stopping| *stopping)
        .map(|_| Item::Stop);
    let stream = tokio_stream::iter(first.into_iter().map(Item::Send))
        .chain(updates.merge(stop))
        .map_while(|item| match item {
            Item::Send(event) => Some(Ok(event)),
            Item::Stop => None,
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn event(message: &Message) -> Event {
    let (name, lines) = match message {
        Message::Reload(changed) => ("reload", changed),
        Message::Problems(problems) => ("error", problems),
    };
    let data = serde_json::to_string(&**lines).unwrap_or_else(|_| "null".into());
    Event::default().event(name).data(data)
}
