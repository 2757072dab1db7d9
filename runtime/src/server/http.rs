//! The HTTP adapter: accepts connections with tokio, speaks HTTP/1.1 with hyper, and runs
//! each request through routing, body limits and the generated dispatch.

use super::{Dispatch, Rejection, Reply, Request};
use crate::{ERROR_TYPE_HEADER, REQUEST_ID_HEADER};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::sync::watch;

/// Limits and timeouts of a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The largest request body accepted; a larger one is answered with 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers.
    pub header_read_timeout: Duration,
}

impl Default for ServerConfig {
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1024 * 1024,
            header_read_timeout: Duration::from_secs(30),
        }
    }
}

/// A running server. Dropping the handle leaves the server running until the runtime
/// stops; [`ServerHandle::shutdown`] stops it gracefully.
#[derive(Debug)]
pub struct ServerHandle {
    addr: SocketAddr,
    shutdown: watch::Sender<bool>,
}

impl ServerHandle {
    /// The address the server listens on (useful after binding port 0).
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Stops accepting connections, lets requests in flight finish, closes idle
    /// keep-alive connections, and returns once every connection is closed.
    pub async fn shutdown(self) {
        // Ignored error: no receiver left means everything has already stopped.
        let _ = self.shutdown.send(true);
        self.shutdown.closed().await;
    }
}

/// Serves `dispatch` on `listener` until [`ServerHandle::shutdown`]. Must be called from
/// within a tokio runtime, on which the server's tasks run.
pub fn serve<D: Dispatch>(
    listener: TcpListener,
    dispatch: D,
    config: ServerConfig,
) -> std::io::Result<ServerHandle> {
    let addr = listener.local_addr()?;
    let (tx, rx) = watch::channel(false);
    let shared = Arc::new(Shared { dispatch, config });
    tokio::spawn(accept_loop(listener, shared, rx));
    Ok(ServerHandle { addr, shutdown: tx })
}

struct Shared<D> {
    dispatch: D,
    config: ServerConfig,
}

async fn accept_loop<D: Dispatch>(
    listener: TcpListener,
    shared: Arc<Shared<D>>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = shutdown.changed() => return,
        };
        let stream = match accepted {
            Ok((stream, _)) => stream,
            // Out of file descriptors and the like: back off instead of spinning.
            Err(_) => {
                tokio::time::sleep(Duration::from_millis(20)).await;
                continue;
            }
        };
        // Ignored error: responses are small, so Nagle would only add latency.
        let _ = stream.set_nodelay(true);
        tokio::spawn(connection(stream, shared.clone(), shutdown.clone()));
    }
}

/// Serves one connection; the `shutdown` receiver it holds keeps `shutdown()` waiting.
async fn connection<D: Dispatch>(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared<D>>,
    mut shutdown: watch::Receiver<bool>,
) {
    let header_timeout = shared.config.header_read_timeout;
    let service = hyper::service::service_fn(move |request| {
        let shared = shared.clone();
        async move { Ok::<_, std::convert::Infallible>(handle(&shared, request).await) }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(TokioIo::new(stream), service);
    tokio::pin!(conn);
    tokio::select! {
        // Ignored error: a client that goes away mid-request is not the server's problem.
        _ = conn.as_mut() => {}
        _ = shutdown.changed() => {
            conn.as_mut().graceful_shutdown();
            let _ = conn.await;
        }
    }
}

/// One request, start to finish: every response gets the request id.
async fn handle<D: Dispatch>(
    shared: &Shared<D>,
    request: hyper::Request<Incoming>,
) -> hyper::Response<Full<Bytes>> {
    let request_id = new_request_id();
    let reply = match process(shared, request).await {
        Ok(reply) => reply,
        Err(rejection) => rejection.into_reply(),
    };
    into_response(reply, &request_id)
}

async fn process<D: Dispatch>(
    shared: &Shared<D>,
    request: hyper::Request<Incoming>,
) -> Result<Reply, Rejection> {
    let (parts, body) = request.into_parts();
    let path = parts.uri.path();
    let routed = shared.dispatch.route(parts.method.as_str(), path)?;
    let limit = shared.config.max_body_bytes;
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Rejection::payload_too_large(limit));
    }
    let body = match Limited::new(body, limit).collect().await {
        Ok(collected) => collected.to_bytes(),
        Err(e) if e.is::<http_body_util::LengthLimitError>() => {
            return Err(Rejection::payload_too_large(limit))
        }
        Err(_) => return Err(Rejection::bad_request("the request body could not be read")),
    };
    let query = parts.uri.query().map(str::to_string);
    let request = Request::new(routed, query, parts.headers, body);
    match CatchUnwind(Box::pin(shared.dispatch.call(request))).await {
        Ok(result) => result,
        Err(()) => Err(Rejection::internal()),
    }
}

fn into_response(reply: Reply, request_id: &str) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(reply.body.clone()));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = http::HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    if !reply.body.is_empty() {
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static("application/json"),
        );
    }
    if let Some(code) = reply.error_type.as_deref() {
        if let Ok(value) = http::HeaderValue::from_str(code) {
            headers.insert(ERROR_TYPE_HEADER, value);
        }
    }
    if let Some(allowed) = reply.allow {
        if let Ok(value) = http::HeaderValue::from_str(&allowed.join(", ")) {
            headers.insert(http::header::ALLOW, value);
        }
    }
    response
}

/// A fresh request id, formatted like a UUID: a per-process random key (std's randomly
/// seeded hasher) hashed with a counter, so ids are unique and not guessable in sequence.
pub fn new_request_id() -> String {
    static KEYS: OnceLock<std::collections::hash_map::RandomState> = OnceLock::new();
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let keys = KEYS.get_or_init(Default::default);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let word = |salt: u64| {
        let mut h = keys.build_hasher();
        h.write_u64(n);
        h.write_u64(salt);
        h.finish()
    };
    let (a, b) = (word(1), word(2));
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        a >> 32,
        (a >> 16) & 0xffff,
        a & 0xfff,
        (b >> 48) & 0x3fff | 0x8000,
        b & 0xffff_ffff_ffff
    )
}

/// Runs a future, turning a panic while polling it into `Err(())`, so that a panicking
/// implementation fails its own request and nothing else.
struct CatchUnwind<F>(Pin<Box<F>>);

impl<F: Future> Future for CatchUnwind<F> {
    type Output = Result<F::Output, ()>;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let inner = self.0.as_mut();
        match std::panic::catch_unwind(AssertUnwindSafe(|| inner.poll(cx))) {
            Ok(Poll::Pending) => Poll::Pending,
            Ok(Poll::Ready(output)) => Poll::Ready(Ok(output)),
            Err(_) => Poll::Ready(Err(())),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_ids_are_unique_and_uuid_shaped() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
