//! What the server-direction tests share: raw HTTP/1.1 exchanges with a generated server
//! listening on 127.0.0.1, a slot for the input an implementation received (or, for a
//! module of many operations, an `Exchange` of inputs and answers), a client
//! transport that forwards the generated client's request to the server and keeps the raw
//! response, and the comparison of that response with a case's `response`.

use bytes::Bytes;
use restgen_runtime::client::{BoxFuture, Config, Transport, TransportError, TransportErrorKind};
use std::any::Any;
use std::fmt::Write as _;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// How long one exchange may take before the test fails instead of hanging.
const EXCHANGE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where an implementation puts what it received, for the test to take.
#[derive(Debug)]
pub struct Slot<T>(Arc<Mutex<Option<T>>>);

impl<T> Default for Slot<T> {
    fn default() -> Self {
        Slot(Arc::default())
    }
}

impl<T> Clone for Slot<T> {
    fn clone(&self) -> Self {
        Slot(self.0.clone())
    }
}

impl<T> Slot<T> {
    /// Records `value` (a second call replaces the first).
    pub fn put(&self, value: T) {
        *self.0.lock().expect("not poisoned") = Some(value);
    }

    /// What was recorded, if anything.
    pub fn take(&self) -> Option<T> {
        self.0.lock().expect("not poisoned").take()
    }
}

/// What a test and a shared `Service` of many operations (a Smithy suite module's
/// `exchange::Exchanging`) pass each other: the input the server decoded, recorded by the
/// operation that received it, and the answer the test wants that operation to give. Typed
/// at each end (`Exchange::input::<T>`, `Exchange::answer`), so one implementation of the
/// trait serves every test of the module.
#[derive(Clone, Default)]
pub struct Exchange(Arc<Mutex<Exchanged>>);

#[derive(Default)]
struct Exchanged {
    input: Option<Box<dyn Any + Send>>,
    answer: Option<Box<dyn Any + Send>>,
}

impl Exchange {
    /// The answer the next operation called gives (its `Result<Output, Error>`).
    pub fn answer<A: Any + Send>(&self, answer: A) {
        self.0.lock().expect("not poisoned").answer = Some(Box::new(answer));
    }

    /// Records an operation's `input` and takes the answer the test set, when it is of the
    /// operation's type `A`; `None` otherwise (the operation then answers as an
    /// unimplemented one does).
    pub fn call<I: Any + Send, A: Any>(&self, input: I) -> Option<A> {
        let mut state = self.0.lock().expect("not poisoned");
        state.input = Some(Box::new(input));
        let answer = state.answer.take()?;
        answer.downcast::<A>().ok().map(|a| *a)
    }

    /// The input an operation received, when it is a `T`.
    pub fn input<T: Any>(&self) -> Option<T> {
        let input = self.0.lock().expect("not poisoned").input.take()?;
        input.downcast::<T>().ok().map(|i| *i)
    }
}

/// A listener on a free port of 127.0.0.1.
pub async fn listener() -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("binds 127.0.0.1:0")
}

/// A request as a case's `serialized` writes it.
#[derive(Debug, Default)]
pub struct Sent<'a> {
    pub method: &'a str,
    /// The request target: path and query, sent exactly as written.
    pub uri: &'a str,
    pub headers: &'a [(&'a str, &'a str)],
    pub body: &'a str,
    /// The `Host` header; `localhost` when the case gives none.
    pub host: Option<&'a str>,
}

/// Sends a case's request to the server at `addr` and returns its response.
pub async fn send(addr: SocketAddr, sent: &Sent<'_>) -> http::Response<Bytes> {
    let headers: Vec<(String, String)> = sent
        .headers
        .iter()
        .map(|(n, v)| (n.to_string(), v.to_string()))
        .collect();
    let host = sent.host.unwrap_or("localhost");
    exchange(
        addr,
        sent.method,
        sent.uri,
        host,
        &headers,
        sent.body.as_bytes(),
    )
    .await
    .unwrap_or_else(|e| panic!("exchange with the server failed: {e}"))
}

/// One raw HTTP/1.1 exchange on a new connection (`Connection: close`): the request
/// line, `Host`, the headers, a `Content-Length` unless one is given (and the body is not
/// empty), then the body; the response is read to the end of the connection.
async fn exchange(
    addr: SocketAddr,
    method: &str,
    target: &str,
    host: &str,
    headers: &[(String, String)],
    body: &[u8],
) -> Result<http::Response<Bytes>, String> {
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("host") || name.eq_ignore_ascii_case("connection") {
            continue;
        }
        let _ = write!(head, "{name}: {value}\r\n");
    }
    let has_length = headers
        .iter()
        .any(|(n, _)| n.eq_ignore_ascii_case("content-length"));
    if !has_length && !body.is_empty() {
        let _ = write!(head, "Content-Length: {}\r\n", body.len());
    }
    head.push_str("\r\n");
    let run = async {
        let mut stream = tokio::net::TcpStream::connect(addr)
            .await
            .map_err(|e| format!("connecting to {addr}: {e}"))?;
        stream
            .write_all(head.as_bytes())
            .await
            .and(stream.write_all(body).await)
            .map_err(|e| format!("writing the request: {e}"))?;
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .await
            .map_err(|e| format!("reading the response: {e}"))?;
        Ok::<_, String>(response)
    };
    let raw = tokio::time::timeout(EXCHANGE_TIMEOUT, run)
        .await
        .map_err(|_| format!("no response within {EXCHANGE_TIMEOUT:?}"))??;
    parse_response(&raw, method == "HEAD")
}

/// An HTTP/1.1 response read to the end of the connection.
fn parse_response(raw: &[u8], head_only: bool) -> Result<http::Response<Bytes>, String> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Response::new(&mut headers);
    let start = match parsed.parse(raw) {
        Ok(httparse::Status::Complete(n)) => n,
        Ok(httparse::Status::Partial) => {
            return Err(format!(
                "incomplete response: {:?}",
                String::from_utf8_lossy(raw)
            ))
        }
        Err(e) => return Err(format!("bad response ({e}): {raw:?}")),
    };
    let mut response = http::Response::builder().status(parsed.code.unwrap_or(0));
    let mut chunked = false;
    let mut length = None;
    for h in parsed.headers.iter() {
        if h.name.eq_ignore_ascii_case("transfer-encoding") {
            chunked = h.value.eq_ignore_ascii_case(b"chunked");
        }
        if h.name.eq_ignore_ascii_case("content-length") {
            length = std::str::from_utf8(h.value)
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok());
        }
        response = response.header(h.name, h.value);
    }
    let rest = &raw[start..];
    let body = if head_only {
        Vec::new()
    } else if chunked {
        dechunk(rest)?
    } else {
        match length {
            Some(n) => rest
                .get(..n)
                .ok_or("the body is shorter than its Content-Length")?
                .to_vec(),
            None => rest.to_vec(),
        }
    };
    response
        .body(Bytes::from(body))
        .map_err(|e| format!("bad response: {e}"))
}

/// A chunked body's bytes.
fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk size line without CRLF")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size_text = size_text.split(';').next().unwrap_or_default().trim();
        let size = usize::from_str_radix(size_text, 16)
            .map_err(|e| format!("chunk size `{size_text}`: {e}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        body.extend_from_slice(rest.get(..size).ok_or("a chunk shorter than its size")?);
        rest = rest.get(size + 2..).ok_or("a chunk without its CRLF")?;
    }
}

/// A transport that sends each request to the server at `addr` (whatever the endpoint's
/// authority, which goes in `Host`) and keeps the last response.
#[derive(Clone)]
pub struct Forwarder {
    addr: SocketAddr,
    response: Arc<Mutex<Option<http::Response<Bytes>>>>,
}

impl Transport for Forwarder {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let uri = request.uri();
            let target = uri.path_and_query().map_or("/", |p| p.as_str()).to_string();
            let host = uri
                .authority()
                .map_or("localhost", |a| a.as_str())
                .to_string();
            let headers: Vec<(String, String)> = request
                .headers()
                .iter()
                .map(|(n, v)| {
                    (
                        n.as_str().to_string(),
                        String::from_utf8_lossy(v.as_bytes()).into_owned(),
                    )
                })
                .collect();
            let response = exchange(
                self.addr,
                request.method().as_str(),
                &target,
                &host,
                &headers,
                request.body(),
            )
            .await
            .map_err(|e| TransportError::new(TransportErrorKind::Io, std::io::Error::other(e)))?;
            *self.response.lock().expect("not poisoned") = Some(response.clone());
            Ok(response)
        })
    }
}

impl Forwarder {
    /// The server's response to the request sent; `None` if the client sent none.
    pub fn response(&self) -> Option<http::Response<Bytes>> {
        self.response.lock().expect("not poisoned").take()
    }
}

/// A client configuration (the same as the client-direction cases') whose requests go to
/// the server at `addr`, and the forwarder that keeps its response.
pub fn forwarding(addr: SocketAddr) -> (Config, Forwarder) {
    let forwarder = Forwarder {
        addr,
        response: Arc::default(),
    };
    (
        crate::harness::config(crate::harness::ENDPOINT, forwarder.clone()),
        forwarder,
    )
}

/// A response as the text of its status, headers and body, for failure messages.
pub fn show(response: &http::Response<Bytes>) -> String {
    format!(
        "{} {:?} {:?}",
        response.status(),
        response.headers(),
        String::from_utf8_lossy(response.body())
    )
}

/// A case's `response`: what the server must send.
#[derive(Debug, Default)]
pub struct Expected<'a> {
    pub status: u16,
    /// Headers that must have these values (names case-insensitive; several values of one
    /// name are compared joined with `, `).
    pub headers: &'a [(&'a str, &'a str)],
    /// The body, when the case has one: JSON compared as JSON, anything else byte for
    /// byte; empty means an empty body.
    pub body: Option<&'a str>,
    /// For an error case, its code: `x-amzn-ErrorType` must name it, and the body must be
    /// the case's without its `code` and `__type` members, the forms of the code the header
    /// carries (a client reads either; the server writes the header alone).
    pub error_code: Option<&'a str>,
}

/// The bare error code of an `x-amzn-ErrorType` value (`ns#Code:uri` -> `Code`).
fn bare_code(value: &str) -> &str {
    let value = value.split(':').next().unwrap_or_default();
    value.rsplit('#').next().unwrap_or_default()
}

/// A JSON body as a rest-json reader sees it (WIRE.md §3.3, §5): `null` members and a
/// union's `__type` are absent, and date-times are instants (`-01:00` and `Z` forms of one
/// time are the same value). Cases written for clients send such variants, which a server
/// writes in its one form.
fn wire_json(bytes: &[u8]) -> Option<serde_json::Value> {
    fn normal(value: serde_json::Value) -> serde_json::Value {
        use serde_json::Value;
        match value {
            Value::Object(members) => Value::Object(
                members
                    .into_iter()
                    .filter(|(k, v)| !v.is_null() && k != "__type")
                    .map(|(k, v)| (k, normal(v)))
                    .collect(),
            ),
            Value::Array(items) => Value::Array(items.into_iter().map(normal).collect()),
            Value::String(text) => {
                match restgen_runtime::Timestamp::parse(
                    &text,
                    restgen_runtime::TimestampFormat::DateTime,
                ) {
                    Some(t) => Value::String(format!("instant {}", t.as_millis())),
                    None => Value::String(text),
                }
            }
            other => other,
        }
    }
    serde_json::from_slice(bytes).ok().map(normal)
}

/// Checks the server's `response` against the case's.
pub fn check_response(response: &http::Response<Bytes>, expected: &Expected<'_>) {
    let shown = show(response);
    assert_eq!(
        response.status().as_u16(),
        expected.status,
        "status; got {shown}"
    );
    let headers = response.headers();
    for (name, value) in expected.headers {
        if expected.error_code.is_some() && name.eq_ignore_ascii_case("x-amzn-errortype") {
            continue;
        }
        let sent: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not visible ASCII>"))
            .collect();
        assert_eq!(sent.join(", "), *value, "header {name}; got {shown}");
    }
    if let Some(code) = expected.error_code {
        let sent = headers
            .get("x-amzn-errortype")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_else(|| panic!("no x-amzn-ErrorType; got {shown}"));
        assert_eq!(
            bare_code(sent),
            code,
            "x-amzn-ErrorType {sent:?}; got {shown}"
        );
    }
    let Some(want) = expected.body else {
        return;
    };
    let body = response.body();
    let is_json = headers
        .get(http::header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    // A rest-json reader takes an empty body as `{}` (WIRE.md §3.3): a case that expects
    // none is met by `{}`, which servers send for an output with no members.
    if want.is_empty() {
        let empty = body.is_empty() || (is_json && wire_json(body) == Some(serde_json::json!({})));
        assert!(empty, "an empty body; got {shown}");
        return;
    }
    let Some(want_json) = wire_json(want.as_bytes()) else {
        assert_eq!(&body[..], want.as_bytes(), "body (bytes); got {shown}");
        return;
    };
    let got = wire_json(body).unwrap_or_else(|| panic!("a JSON body; got {shown}"));
    match (expected.error_code, want_json) {
        (Some(_), serde_json::Value::Object(mut members)) => {
            // `__type` is already gone (`wire_json`).
            members.remove("code");
            assert_eq!(
                got,
                serde_json::Value::Object(members),
                "error body (without `code`); got {shown}"
            );
        }
        (_, want_json) => assert_eq!(got, want_json, "JSON body; got {shown}"),
    }
}
