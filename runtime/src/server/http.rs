//! The HTTP adapter: accepts connections with tokio, speaks HTTP/1.1 with hyper, and runs
//! each request through the checks of HTTP itself, routing, body limits and the generated
//! dispatch; connections are bounded by timeouts and a cap on their number.

use super::{allowed_methods, Dispatch, Rejection, Reply, Request};
use crate::{ERROR_TYPE_HEADER, REQUEST_ID_HEADER};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Body as _;
use hyper_util::rt::{TokioIo, TokioTimer};
use std::future::Future;
use std::hash::{BuildHasher, Hasher};
use std::net::SocketAddr;
use std::panic::AssertUnwindSafe;
use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, OnceLock};
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpListener;
use tokio::sync::{watch, Notify, OwnedSemaphorePermit, Semaphore};
use tokio::time::Instant;

/// Limits and timeouts of a server.
///
/// Each timeout bounds what one client can hold on to: without them a client that sends
/// headers and then trickles its body, or sends nothing at all, keeps its connection (and
/// a file descriptor) forever, and about a thousand such clients exhaust the process's
/// descriptors. Every timeout is measured on the server's clock, from the moment the server
/// starts waiting for the thing it bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The largest request body accepted; a larger one is answered with 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers. hyper runs this timer from
    /// the moment it starts waiting for a request, so it also bounds how long a connection
    /// may sit idle before its next request; the connection is closed without an answer.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a whole request body, from the moment its headers
    /// have been read. A body that has not fully arrived by then is answered with 408
    /// `RequestTimeoutException` and the connection is closed (the rest of the body could
    /// not be told apart from the next request). Total time, not time between bytes, so a
    /// client trickling one byte at a time cannot stretch it.
    pub body_read_timeout: Duration,
    /// How long a keep-alive connection may stay idle (no request being handled, and no
    /// byte received or sent) before it is closed. Shorter than `header_read_timeout` by
    /// default, so idle connections are let go first; a client trickling the headers of its
    /// next request is bounded by `header_read_timeout` instead. Also closes a connection
    /// whose client stopped reading its response.
    pub idle_timeout: Duration,
    /// The most connections served at once (at least 1). When this many are open, the
    /// server stops accepting until one closes: new connections wait in the kernel's
    /// listen backlog and are served, in order, as soon as a slot frees up (once the backlog
    /// is full too, the kernel drops further connection attempts and clients retry them).
    /// Chosen over accepting and answering 503: refusing would itself take a descriptor and
    /// a write for every refused connection, the very resources the cap protects, while a
    /// waiting connection costs the server nothing; and with the timeouts above, a slot
    /// held by a slow or silent client frees up within those timeouts.
    pub max_connections: usize,
    /// The path the service is mounted under, such as `/custom` for the endpoint
    /// `https://example.com/custom`; empty (the default) for the root. A request path must
    /// be this path or start with it and `/` (otherwise 404), and routes are matched on the
    /// rest. A trailing `/` is ignored.
    pub base_path: String,
}

impl Default for ServerConfig {
    /// 1 MiB bodies; 30 s for headers and for a body (a 1 MiB body then needs about
    /// 35 KB/s); 15 s idle; 512 connections, half the usual soft limit of 1024 file
    /// descriptors on Linux, so the process keeps descriptors for everything else.
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1024 * 1024,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(15),
            max_connections: 512,
            base_path: String::new(),
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
    let slots = Arc::new(Semaphore::new(config.max_connections.max(1)));
    let shared = Arc::new(Shared { dispatch, config });
    tokio::spawn(accept_loop(listener, shared, slots, rx));
    Ok(ServerHandle { addr, shutdown: tx })
}

struct Shared<D> {
    dispatch: D,
    config: ServerConfig,
}

/// The server as a request handler, for mounting it in another HTTP stack: with the `tower`
/// feature it is a `tower::Service<http::Request<B>>` for any body `B` (so an axum `Router`
/// can `nest_service` or `fallback_service` it, under `tower-http` layers); without it,
/// [`Handler::handle`] does the same. A request goes through exactly what [`serve`] runs:
/// the `Host`/`Expect` checks, routing (HEAD as GET), the body limit and timeout, the
/// generated dispatch, the request id. Connection-level limits (`header_read_timeout`,
/// `idle_timeout`, `max_connections`) belong to whoever owns the connections.
pub struct Handler<D> {
    shared: Arc<Shared<D>>,
}

impl<D> Clone for Handler<D> {
    fn clone(&self) -> Self {
        Handler {
            shared: self.shared.clone(),
        }
    }
}

impl<D> std::fmt::Debug for Handler<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch> Handler<D> {
    /// A handler for `dispatch` with the request limits of `config`.
    pub fn new(dispatch: D, config: ServerConfig) -> Self {
        Handler {
            shared: Arc::new(Shared { dispatch, config }),
        }
    }

    /// Answers one request.
    pub async fn handle<B>(&self, request: http::Request<B>) -> http::Response<Full<Bytes>>
    where
        B: hyper::body::Body + Send,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        handle(&self.shared, request).await
    }
}

#[cfg(feature = "tower")]
impl<D, B> tower_service::Service<http::Request<B>> for Handler<D>
where
    D: Dispatch,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = http::Response<Full<Bytes>>;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let shared = self.shared.clone();
        Box::pin(async move { Ok(handle(&shared, request).await) })
    }
}

/// Accepts connections while fewer than `max_connections` are open (one permit of `slots`
/// each); at the cap it does not call `accept`, so new connections wait in the backlog.
async fn accept_loop<D: Dispatch>(
    listener: TcpListener,
    shared: Arc<Shared<D>>,
    slots: Arc<Semaphore>,
    mut shutdown: watch::Receiver<bool>,
) {
    loop {
        let permit = tokio::select! {
            permit = slots.clone().acquire_owned() => match permit {
                Ok(permit) => permit,
                // The semaphore is never closed; if it were, no connection could be served.
                Err(_) => return,
            },
            _ = stop_requested(&mut shutdown) => return,
        };
        let accepted = tokio::select! {
            accepted = listener.accept() => accepted,
            _ = stop_requested(&mut shutdown) => return,
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
        tokio::spawn(connection(stream, shared.clone(), shutdown.clone(), permit));
    }
}

/// Resolves when [`ServerHandle::shutdown`] asks the server to stop; never when the handle
/// was dropped instead, so that dropping it leaves the server running, as documented.
async fn stop_requested(shutdown: &mut watch::Receiver<bool>) {
    if shutdown.wait_for(|stop| *stop).await.is_err() {
        std::future::pending::<()>().await;
    }
}

/// Serves one connection; the `shutdown` receiver it holds keeps `shutdown()` waiting, and
/// the `_slot` it holds counts it against `max_connections` until it ends.
async fn connection<D: Dispatch>(
    stream: tokio::net::TcpStream,
    shared: Arc<Shared<D>>,
    mut shutdown: watch::Receiver<bool>,
    _slot: OwnedSemaphorePermit,
) {
    let header_timeout = shared.config.header_read_timeout;
    let idle_timeout = shared.config.idle_timeout;
    let activity = Arc::new(Activity::new());
    let io = Watched {
        io: stream,
        activity: activity.clone(),
    };
    let busy = activity.clone();
    let service = hyper::service::service_fn(move |request| {
        // Counted from the moment hyper hands the request over until the response is ready
        // (or the request is abandoned), so the idle timer leaves it alone meanwhile.
        let busy = Busy::new(busy.clone());
        let shared = shared.clone();
        async move {
            let response = handle(&shared, request).await;
            drop(busy);
            Ok::<_, std::convert::Infallible>(response)
        }
    });
    let mut builder = hyper::server::conn::http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(header_timeout);
    let conn = builder.serve_connection(TokioIo::new(io), service);
    tokio::pin!(conn);
    // Ignored errors: a client that goes away mid-request is not the server's problem.
    // An idle connection is dropped, which closes it: nothing is pending on it by definition
    // (and a response its client stopped reading is abandoned).
    tokio::select! {
        _ = conn.as_mut() => {}
        _ = idle(&activity, idle_timeout) => {}
        _ = stop_requested(&mut shutdown) => {
            conn.as_mut().graceful_shutdown();
            tokio::select! {
                _ = conn.as_mut() => {}
                _ = idle(&activity, idle_timeout) => {}
            }
        }
    }
}

/// What the idle timer of one connection watches.
struct Activity {
    /// The connection's start, against which `last` is counted.
    started: Instant,
    /// Milliseconds from `started` to the last byte read or written, or to the last request
    /// being taken up or answered.
    last: AtomicU64,
    /// Requests being handled.
    in_flight: AtomicUsize,
    /// Signalled when a request has been answered, so the timer starts counting again.
    answered: Notify,
}

impl Activity {
    fn new() -> Self {
        Activity {
            started: Instant::now(),
            last: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            answered: Notify::new(),
        }
    }

    fn touch(&self) {
        let ms = self.started.elapsed().as_millis();
        self.last
            .store(u64::try_from(ms).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.started + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// A request being handled, for [`Activity::in_flight`].
struct Busy(Arc<Activity>);

impl Busy {
    fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        activity.touch();
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        // Touched first, so that the timer never sees the request gone with an old time.
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.0.answered.notify_one();
    }
}

/// Returns once the connection has been idle for `timeout`: no request being handled and
/// nothing read or written. A request being handled is bounded by its own timeouts (and
/// the implementation's), so the timer waits for it to be answered.
async fn idle(activity: &Activity, timeout: Duration) {
    loop {
        if activity.in_flight.load(Ordering::Acquire) > 0 {
            activity.answered.notified().await;
            continue;
        }
        let deadline = activity.last() + timeout;
        if deadline <= Instant::now() {
            return;
        }
        // Woken early by an answered request, the loop looks again from its new time.
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => {}
            _ = activity.answered.notified() => {}
        }
    }
}

/// The client's socket, noting in [`Activity`] when bytes move either way.
struct Watched<T> {
    io: T,
    activity: Arc<Activity>,
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.activity.touch();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

/// The rest of `path` after the mount point `base` (see [`ServerConfig::base_path`]);
/// `None` when the path is not under it.
fn strip_base_path<'a>(path: &'a str, base: &str) -> Option<&'a str> {
    let base = base.trim_end_matches('/');
    if base.is_empty() {
        return Some(path);
    }
    match path.strip_prefix(base)? {
        "" => Some("/"),
        rest if rest.starts_with('/') => Some(rest),
        _ => None,
    }
}

/// Undoes a `gzip` content coding, the last one applied: what the clients of operations
/// with request compression send (the AWS SDKs as well as generated clients). The body is
/// inflated up to the body limit (a larger result is a 413, so a small bomb cannot grow
/// past it) and `gzip` is taken off `Content-Encoding`, so that a member bound to that
/// header reads the codings the client's user set: `custom, gzip` reads as `custom`. Other
/// codings are left to the operation, as they are its data.
fn decode_content(
    headers: &mut http::HeaderMap,
    body: Bytes,
    limit: usize,
) -> Result<Bytes, Rejection> {
    let codings: Vec<&str> = headers
        .get_all(http::header::CONTENT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let Some((last, rest)) = codings.split_last() else {
        return Ok(body);
    };
    if !last.eq_ignore_ascii_case("gzip") {
        return Ok(body);
    }
    let remaining = http::HeaderValue::from_str(&rest.join(", ")).ok();
    let body = gunzip(&body, limit)?;
    match remaining {
        Some(value) if !rest.is_empty() => {
            headers.insert(http::header::CONTENT_ENCODING, value);
        }
        _ => {
            headers.remove(http::header::CONTENT_ENCODING);
        }
    }
    Ok(body)
}

#[cfg(feature = "compression")]
fn gunzip(body: &[u8], limit: usize) -> Result<Bytes, Rejection> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| Rejection::bad_request("the request body is not valid gzip"))?;
    if out.len() > limit {
        return Err(Rejection::payload_too_large(limit));
    }
    Ok(out.into())
}

#[cfg(not(feature = "compression"))]
fn gunzip(_body: &[u8], _limit: usize) -> Result<Bytes, Rejection> {
    Err(Rejection::unsupported_media_type(
        "gzip request bodies need the server's `compression` feature",
    ))
}

/// One request, start to finish: every response gets the request id. A HEAD is answered
/// as its GET would be, without the body (RFC 9110 §9.3.2); a 408 closes the connection.
async fn handle<D: Dispatch, B>(
    shared: &Shared<D>,
    request: http::Request<B>,
) -> hyper::Response<Full<Bytes>>
where
    B: hyper::body::Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let request_id = new_request_id();
    let head = request.method() == http::Method::HEAD;
    let span = crate::trace::server_request(request.method().as_str(), &request_id);
    let reply = match crate::trace::within(&span, process(shared, request, &span)).await {
        Ok(reply) => reply,
        Err(rejection) => rejection.into_reply(),
    };
    crate::trace::record_status(&span, reply.status, reply.error_type.as_deref());
    let timed_out = reply.status == 408;
    let mut response = into_response(reply, &request_id);
    if head {
        // The length GET would send; hyper writes it as is for a HEAD and sends no body.
        let length = response.body().size_hint().exact().unwrap_or(0);
        *response.body_mut() = Full::new(Bytes::new());
        response
            .headers_mut()
            .insert(http::header::CONTENT_LENGTH, length.into());
    }
    if timed_out {
        // The rest of the body may still arrive; it cannot be told from a next request.
        response.headers_mut().insert(
            http::header::CONNECTION,
            http::HeaderValue::from_static("close"),
        );
    }
    response
}

async fn process<D: Dispatch, B>(
    shared: &Shared<D>,
    request: http::Request<B>,
    span: &crate::trace::Span,
) -> Result<Reply, Rejection>
where
    B: hyper::body::Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let (parts, body) = request.into_parts();
    check_host(&parts)?;
    check_expect(&parts.headers)?;
    let query = parts.uri.query().unwrap_or("");
    let path = strip_base_path(parts.uri.path(), &shared.config.base_path)
        .ok_or_else(|| Rejection::not_found(parts.method.as_str(), parts.uri.path()))?;
    let routed = match shared.dispatch.route(parts.method.as_str(), path, query) {
        // The generated matcher knows only the modelled methods; HEAD goes wherever GET does.
        Err(rejection)
            if parts.method == http::Method::HEAD
                && rejection
                    .allow
                    .is_some_and(|allowed| allowed.contains(&"GET")) =>
        {
            shared.dispatch.route("GET", path, query)?
        }
        routed => routed?,
    };
    crate::trace::record_operation(span, shared.dispatch.operation_name(routed.operation));
    let limit = shared.config.max_body_bytes;
    let declared = parts
        .headers
        .get(http::header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > limit as u64) {
        return Err(Rejection::payload_too_large(limit));
    }
    let wait = shared.config.body_read_timeout;
    let body = match tokio::time::timeout(wait, Limited::new(body, limit).collect()).await {
        Err(_) => return Err(Rejection::request_timeout(wait)),
        Ok(Ok(collected)) => collected.to_bytes(),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            return Err(Rejection::payload_too_large(limit))
        }
        Ok(Err(_)) => return Err(Rejection::bad_request("the request body could not be read")),
    };
    let mut headers = parts.headers;
    let body = decode_content(&mut headers, body, limit)?;
    let query = parts.uri.query().map(str::to_string);
    let request = Request::new(routed, query, headers, body);
    match CatchUnwind(Box::pin(shared.dispatch.call(request))).await {
        Ok(result) => result,
        Err(()) => Err(Rejection::internal()),
    }
}

/// An HTTP/1.1 request must have exactly one `Host` header (RFC 9112 §3.2: 400 otherwise).
/// HTTP/1.0 had none.
fn check_host(parts: &http::request::Parts) -> Result<(), Rejection> {
    if parts.version == http::Version::HTTP_10 {
        return Ok(());
    }
    match parts.headers.get_all(http::header::HOST).iter().count() {
        1 => Ok(()),
        0 => Err(Rejection::bad_request(
            "an HTTP/1.1 request must have a Host header",
        )),
        _ => Err(Rejection::bad_request(
            "a request must not have more than one Host header",
        )),
    }
}

/// `Expect` may only ask for `100-continue`, which hyper answers when the body is read;
/// any other expectation cannot be met (RFC 9110 §10.1.1: 417).
fn check_expect(headers: &http::HeaderMap) -> Result<(), Rejection> {
    for value in headers.get_all(http::header::EXPECT) {
        let text = value.to_str().unwrap_or("\u{fffd}");
        let unmet = text
            .split(',')
            .map(str::trim)
            .find(|e| !e.is_empty() && !e.eq_ignore_ascii_case("100-continue"));
        if let Some(expectation) = unmet {
            return Err(Rejection::expectation_failed(expectation));
        }
    }
    Ok(())
}

fn into_response(reply: Reply, request_id: &str) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(reply.body.clone()));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = http::HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
    }
    for (name, value) in &reply.headers.0 {
        let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) else {
            // A header the implementation filled with text HTTP cannot carry is left out.
            continue;
        };
        headers.append(name, value);
    }
    if !reply.body.is_empty() && !headers.contains_key(http::header::CONTENT_TYPE) {
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(reply.content_type),
        );
    }
    if let Some(code) = reply.error_type.as_deref() {
        if let Ok(value) = http::HeaderValue::from_str(code) {
            headers.insert(ERROR_TYPE_HEADER, value);
        }
    }
    if let Some(allowed) = reply.allow {
        if let Ok(value) = http::HeaderValue::from_str(&allowed_methods(allowed).join(", ")) {
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
    use crate::server::Routed;
    use crate::{Labels, RouteMatch};
    use tokio::io::AsyncWriteExt;

    /// Two paths: `/get` (GET only) and `/post` (POST only); every call answers `{}`.
    struct Fake;

    impl Dispatch for Fake {
        type Operation = ();

        fn operation_name(&self, _: ()) -> &'static str {
            "Fake"
        }

        fn route(&self, method: &str, path: &str, _: &str) -> Result<Routed<()>, Rejection> {
            let found = |allowed: &'static [&'static str]| match allowed.contains(&method) {
                true => RouteMatch::Found {
                    operation: (),
                    labels: Labels::new(&[], []),
                },
                false => RouteMatch::MethodNotAllowed { allowed },
            };
            let matched: RouteMatch<'_, (), 0> = match path {
                "/get" => found(&["GET"]),
                "/post" => found(&["POST"]),
                _ => RouteMatch::NotFound,
            };
            Routed::from_match(method, path, matched)
        }

        async fn call(&self, _request: Request<()>) -> Result<Reply, Rejection> {
            Ok(Reply::json(200, b"{}".to_vec()))
        }
    }

    /// Sends `raw` to a fresh server for [`Fake`] and returns everything it answered.
    async fn exchange(raw: &str) -> String {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = serve(listener, Fake, ServerConfig::default()).unwrap();
        let mut stream = tokio::net::TcpStream::connect(server.local_addr())
            .await
            .unwrap();
        stream.write_all(raw.as_bytes()).await.unwrap();
        let mut out = Vec::new();
        tokio::io::AsyncReadExt::read_to_end(&mut stream, &mut out)
            .await
            .unwrap();
        server.shutdown().await;
        String::from_utf8(out).unwrap()
    }

    #[tokio::test]
    async fn head_goes_where_get_does_and_nowhere_else() {
        let head = exchange("HEAD /get HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
        assert!(head.starts_with("HTTP/1.1 200 "), "{head}");
        assert!(head.contains("content-length: 2\r\n"), "{head}");
        assert!(
            head.ends_with("\r\n\r\n"),
            "a HEAD answer has no body: {head}"
        );
        // A path without GET refuses HEAD too, and does not announce it.
        let head = exchange("HEAD /post HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
        assert!(head.starts_with("HTTP/1.1 405 "), "{head}");
        assert!(head.contains("allow: POST\r\n"), "{head}");
        let put = exchange("PUT /get HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n").await;
        assert!(put.starts_with("HTTP/1.1 405 "), "{put}");
        assert!(put.contains("allow: GET, HEAD\r\n"), "{put}");
    }

    #[test]
    fn request_ids_are_unique_and_uuid_shaped() {
        let a = new_request_id();
        let b = new_request_id();
        assert_ne!(a, b);
        assert_eq!(a.len(), 36);
        assert_eq!(a.matches('-').count(), 4);
    }
}
