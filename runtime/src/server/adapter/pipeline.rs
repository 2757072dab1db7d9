//! One request, start to finish: the checks of HTTP itself, the mount point, routing (HEAD
//! as GET), the body limit and timeout, content decoding, the generated dispatch, and the
//! response with its request id.

use super::content::decode_content;
use super::handler::Shared;
use super::request_id::new_request_id;
use super::response::into_response;
use super::unwind::CatchUnwind;
use crate::server::{Dispatch, Rejection, Reply, Request, RequestContext};
use bytes::Bytes;
use http_body_util::{BodyExt, Full, Limited};
use hyper::body::Body as _;

/// One request, start to finish: every response gets the request id. A HEAD is answered
/// as its GET would be, without the body (RFC 9110 §9.3.2); a 408 closes the connection.
pub(super) async fn handle<D: Dispatch, B>(
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
    let mut response = into_response(reply, &request_id, D::PROTOCOL);
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
    let body = match body.is_end_stream() {
        // No body (a GET, or `Content-Length: 0`): nothing to wait for, so no timer.
        true => Bytes::new(),
        false => read_body(body, limit, wait).await?,
    };
    let mut headers = parts.headers;
    let body = decode_content(&mut headers, body, limit)?;
    let query = parts.uri.query().map(str::to_string);
    // The input and the context share the headers (no copy).
    let headers = std::sync::Arc::new(headers);
    let context = RequestContext::new(parts.method, parts.uri, headers.clone(), parts.extensions);
    let request = Request::new(routed, query, headers, body);
    let call = context.scope(shared.dispatch.call(request));
    match CatchUnwind(Box::pin(call)).await {
        Ok(result) => result,
        Err(()) => Err(Rejection::internal()),
    }
}

/// The whole body, at most `limit` bytes (413 past it) and within `wait` (408 past it).
async fn read_body<B>(body: B, limit: usize, wait: std::time::Duration) -> Result<Bytes, Rejection>
where
    B: hyper::body::Body,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    match tokio::time::timeout(wait, Limited::new(body, limit).collect()).await {
        Err(_) => Err(Rejection::request_timeout(wait)),
        Ok(Ok(collected)) => Ok(collected.to_bytes()),
        Ok(Err(e)) if e.is::<http_body_util::LengthLimitError>() => {
            Err(Rejection::payload_too_large(limit))
        }
        Ok(Err(_)) => Err(Rejection::bad_request("the request body could not be read")),
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::server::{serve, Routed, ServerConfig};
    use crate::{Labels, RouteMatch};
    use tokio::io::AsyncWriteExt;
    use tokio::net::TcpListener;

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
}
