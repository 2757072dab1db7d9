//! What every conformance test shares: a transport that records the request and answers
//! with a canned response (no network), the client configuration the cases assume, and
//! the comparisons of a request with the case's `serialized` form and of an output with
//! its `result`.

use bytes::Bytes;
use restgen_runtime::client::{
    BoxFuture, Config, RetryPolicy, Transport, TransportError, TransportErrorKind,
};
use std::fmt::Debug;
use std::sync::{Arc, Mutex};

/// The endpoint of every case that names none.
pub const ENDPOINT: &str = "https://example.com";

/// The token the cases expect for an idempotency token the caller left unset.
pub const IDEMPOTENCY_TOKEN: &str = "00000000-0000-4000-8000-000000000000";

/// A transport that records each request and answers every one with the same response.
#[derive(Clone)]
pub struct Recorder {
    requests: Arc<Mutex<Vec<http::Request<Bytes>>>>,
    status: u16,
    headers: Vec<(String, String)>,
    body: Bytes,
}

impl Transport for Recorder {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        if let Ok(mut requests) = self.requests.lock() {
            requests.push(request);
        }
        let mut response = http::Response::builder().status(self.status);
        for (name, value) in &self.headers {
            response = response.header(name.as_str(), value.as_str());
        }
        let response = response
            .body(self.body.clone())
            .map_err(|e| TransportError::new(TransportErrorKind::Io, e));
        Box::pin(async move { response })
    }
}

/// The configuration of every case: `endpoint`, `transport`, no signing, one attempt, and
/// the fixed idempotency token.
pub(crate) fn config(endpoint: &str, transport: impl Transport) -> Config {
    Config::builder()
        .endpoint(endpoint)
        .transport(transport)
        .no_signing()
        .retry(RetryPolicy::disabled())
        .idempotency_token(|| IDEMPOTENCY_TOKEN.to_string())
        .build()
        .expect("the harness's configuration is valid")
}

/// A client configuration whose transport records the request (and answers `200 {}`),
/// and the recorder to check it with.
pub fn recording(endpoint: &str) -> (Config, Recorder) {
    let recorder = Recorder {
        requests: Arc::default(),
        status: 200,
        headers: vec![("content-type".into(), "application/json".into())],
        body: Bytes::from_static(b"{}"),
    };
    (config(endpoint, recorder.clone()), recorder)
}

/// A client configuration whose transport answers with this response.
pub fn responding(status: u16, headers: &[(&str, &str)], body: &str) -> Config {
    let recorder = Recorder {
        requests: Arc::default(),
        status,
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: Bytes::copy_from_slice(body.as_bytes()),
    };
    config(ENDPOINT, recorder)
}

/// A case's `serialized`: the request the client must send.
#[derive(Debug, Default)]
pub struct Expected<'a> {
    pub method: &'a str,
    /// The path and query, as the case writes them.
    pub uri: &'a str,
    /// Headers that must have exactly these values (names case-insensitive).
    pub headers: &'a [(&'a str, &'a str)],
    /// Headers that must be absent.
    pub forbid: &'a [&'a str],
    /// Headers that must be present, whatever their value.
    pub require: &'a [&'a str],
    /// Query parameters (by name) that must be absent.
    pub forbid_query: &'a [&'a str],
    /// Query parameters (by name) that must be present, whatever their value.
    pub require_query: &'a [&'a str],
    /// The body, when the case gives one.
    pub body: Option<&'a str>,
    /// The request's authority (and base path), when the case gives one.
    pub host: Option<&'a str>,
}

/// A percent-encoded query component, decoded (`+` stays `+`: rest-json encodes a space
/// as `%20`).
fn decode(text: &str) -> String {
    percent_encoding::percent_decode_str(text)
        .decode_utf8_lossy()
        .into_owned()
}

/// The query's `name=value` pairs, each percent-decoded, sorted: parameters may come in
/// any order, and two encodings of the same character are the same parameter.
fn query_pairs(query: &str) -> Vec<(String, String)> {
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((n, v)) => (decode(n), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect();
    pairs.sort();
    pairs
}

impl Recorder {
    /// Checks the one request sent against `expected`; `outcome` is the call's result,
    /// shown when no request was sent.
    pub fn check<T: Debug>(&self, expected: &Expected<'_>, outcome: T) {
        let requests = self.requests.lock().expect("not poisoned");
        let [request] = &requests[..] else {
            panic!(
                "expected one request, the client sent {}; the call returned {outcome:?}",
                requests.len()
            );
        };
        check_request(request, expected);
    }
}

fn check_request(request: &http::Request<Bytes>, expected: &Expected<'_>) {
    assert_eq!(request.method().as_str(), expected.method, "method");
    let uri = request.uri();
    let (want_path, want_query) = expected.uri.split_once('?').unwrap_or((expected.uri, ""));
    assert_eq!(uri.path(), want_path, "path (as sent, percent-encoded)");
    assert_eq!(
        query_pairs(uri.query().unwrap_or("")),
        query_pairs(want_query),
        "query parameters (percent-decoded, in any order); sent {:?}",
        uri.query()
    );
    let sent_names: Vec<String> = query_pairs(uri.query().unwrap_or(""))
        .into_iter()
        .map(|(name, _)| name)
        .collect();
    for name in expected.forbid_query {
        assert!(
            !sent_names.iter().any(|n| n == name),
            "query parameter {name} must not be sent; sent {:?}",
            uri.query()
        );
    }
    for name in expected.require_query {
        assert!(
            sent_names.iter().any(|n| n == name),
            "query parameter {name} must be sent; sent {:?}",
            uri.query()
        );
    }
    if let Some(host) = expected.host {
        let authority = uri.authority().map_or("", |a| a.as_str());
        let (want_authority, base) = host.split_once('/').unwrap_or((host, ""));
        assert_eq!(authority, want_authority, "host");
        assert!(
            uri.path().starts_with(&format!("/{base}")),
            "the path {} is under the endpoint's base path /{base}",
            uri.path()
        );
    }
    let headers = request.headers();
    for (name, value) in expected.headers {
        let sent: Vec<&str> = headers
            .get_all(*name)
            .iter()
            .map(|v| v.to_str().unwrap_or("<not visible ASCII>"))
            .collect();
        assert_eq!(
            sent.join(", "),
            *value,
            "header {name}; all headers: {headers:?}"
        );
    }
    for name in expected.forbid {
        assert!(
            !headers.contains_key(*name),
            "header {name} must not be sent; all headers: {headers:?}"
        );
    }
    for name in expected.require {
        assert!(
            headers.contains_key(*name),
            "header {name} must be sent; all headers: {headers:?}"
        );
    }
    if let Some(want) = expected.body {
        let body = request.body();
        let as_json = |bytes: &[u8]| serde_json::from_slice::<serde_json::Value>(bytes).ok();
        match as_json(want.as_bytes()) {
            Some(want_json) => {
                let sent = as_json(body);
                assert_eq!(
                    sent.as_ref(),
                    Some(&want_json),
                    "JSON body; sent {:?}",
                    String::from_utf8_lossy(body)
                );
            }
            None => assert_eq!(
                &body[..],
                want.as_bytes(),
                "body (bytes); sent {:?}",
                String::from_utf8_lossy(body)
            ),
        }
    }
}

/// Asserts that an output (or error) is the expected one: equal, or unequal only by a NaN.
/// The cases send NaN and expect it back, and NaN is not equal to itself, so two values
/// whose `Debug` forms are the same and show a NaN are the same too. That fallback is not
/// taken when a non-UTF-8 blob is shown (`Blob(<3 bytes>)`), whose `Debug` form hides its
/// bytes: such a value must be equal outright.
pub fn assert_same<T: Debug + PartialEq>(actual: &T, expected: &T) {
    if actual == expected {
        return;
    }
    let (actual, expected) = (format!("{actual:#?}"), format!("{expected:#?}"));
    let only_nan = actual == expected && actual.contains("NaN") && !actual.contains(" bytes>)");
    assert!(
        only_nan,
        "output differs from the case's result\n--- got\n{actual}\n--- expected\n{expected}"
    );
}
