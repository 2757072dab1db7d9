//! The generated client over real HTTP: a loopback server started by each test records the
//! raw requests and answers canned responses (or drops the connection, or never answers).
//! Wire facts checked against WIRE.md; retries, timeouts, pagination and SigV4 included.

/// A second service (snake_case names, a 202, a header and an integer query parameter,
/// pagination by page number), generated from `codegen/tests/fixtures/weather.yaml`.
use fixture_weather as weather;

use bytes::Bytes;
use integration_response::client::Client;
use integration_response::errors::{
    CreateIntegrationResponseError, GetIntegrationResponseError, UpdateIntegrationResponseError,
};
use integration_response::runtime::client::{
    BoxFuture, Config, ConfigBuilder, ConstructionError, HyperTransport, RetryPolicy, SdkError,
    TimeoutKind, Timeouts, Transport, TransportError, TransportErrorKind,
};
use integration_response::runtime::PathError;
use integration_response::types::{
    ContentHandlingStrategy, CreateIntegrationResponseRequest, GetIntegrationResponsesRequest,
    IntegrationResponseItemRequest, UpdateIntegrationResponseRequest,
};
use serde_json::{json, Value};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// A request as it arrived on the socket.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    /// The raw request target: path and query, exactly as sent.
    target: String,
    /// Lowercased names.
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

impl Seen {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).expect("JSON body")
    }
}

/// What the server does with the n-th request (the last entry repeats).
#[derive(Clone)]
enum Reply {
    Send {
        status: u16,
        headers: Vec<(&'static str, String)>,
        body: String,
    },
    /// Close the connection without answering.
    Drop,
    /// Never answer.
    Hang,
}

fn reply(status: u16, body: Value) -> Reply {
    Reply::Send {
        status,
        headers: vec![("x-amzn-RequestId", "req-1".to_string())],
        body: if body.is_null() {
            String::new()
        } else {
            body.to_string()
        },
    }
}

fn error_reply(status: u16, code: &str, body: Value) -> Reply {
    Reply::Send {
        status,
        headers: vec![
            ("x-amzn-ErrorType", code.to_string()),
            ("x-amzn-RequestId", "req-err".to_string()),
        ],
        body: body.to_string(),
    }
}

struct Server {
    addr: std::net::SocketAddr,
    seen: Arc<Mutex<Vec<Seen>>>,
    /// How many requests have been read so far, for [`Server::arrived`] to wait on.
    arrivals: tokio::sync::watch::Receiver<usize>,
}

impl Server {
    async fn start(replies: Vec<Reply>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let (arrived, arrivals) = tokio::sync::watch::channel(0);
        let log = Log {
            seen: seen.clone(),
            arrived: Arc::new(arrived),
        };
        let replies = Arc::new(replies);
        tokio::spawn(async move {
            loop {
                let Ok((stream, _)) = listener.accept().await else {
                    return;
                };
                tokio::spawn(connection(stream, log.clone(), replies.clone()));
            }
        });
        Server {
            addr,
            seen,
            arrivals,
        }
    }

    fn seen(&self) -> Vec<Seen> {
        self.seen.lock().unwrap().clone()
    }

    fn count(&self) -> usize {
        self.seen.lock().unwrap().len()
    }

    /// The number of requests read once at least `n` have been: a client whose attempt
    /// timed out may return before the server task has read what it sent (on a loaded
    /// machine, long before), so a count taken right then could be short. Fails if they
    /// have not all arrived within a generous bound.
    async fn arrived(&self, n: usize) -> usize {
        let mut arrivals = self.arrivals.clone();
        tokio::time::timeout(Duration::from_secs(30), arrivals.wait_for(|&k| k >= n))
            .await
            .unwrap_or_else(|_| panic!("{n} requests never arrived, only {}", self.count()))
            .unwrap();
        self.count()
    }

    fn config(&self) -> ConfigBuilder {
        Config::builder()
            .endpoint(format!("http://{}", self.addr))
            .no_signing()
            .retry(fast_retries())
    }

    fn client(&self) -> Client {
        Client::new(self.config().build().unwrap())
    }
}

/// Three attempts with millisecond backoff, so fault tests are quick.
fn fast_retries() -> RetryPolicy {
    RetryPolicy::default()
        .initial_backoff(Duration::from_millis(1))
        .max_backoff(Duration::from_millis(4))
        .max_retry_after(Duration::from_millis(30))
}

/// Where the connections record the requests they read.
#[derive(Clone)]
struct Log {
    seen: Arc<Mutex<Vec<Seen>>>,
    arrived: Arc<tokio::sync::watch::Sender<usize>>,
}

/// Serves requests on one connection until the client closes it or a reply drops it.
async fn connection(mut stream: TcpStream, log: Log, replies: Arc<Vec<Reply>>) {
    let mut buf = Vec::new();
    loop {
        let Some(request) = read_request(&mut stream, &mut buf).await else {
            return;
        };
        let n = {
            let mut seen = log.seen.lock().unwrap();
            seen.push(request);
            log.arrived.send_replace(seen.len());
            seen.len() - 1
        };
        match replies[n.min(replies.len() - 1)].clone() {
            Reply::Drop => return,
            Reply::Hang => {
                tokio::time::sleep(Duration::from_secs(3600)).await;
                return;
            }
            Reply::Send {
                status,
                headers,
                body,
            } => {
                let mut out = format!(
                    "HTTP/1.1 {status} Whatever\r\ncontent-length: {}\r\n",
                    body.len()
                );
                if !body.is_empty() {
                    out.push_str("content-type: application/json\r\n");
                }
                for (name, value) in headers {
                    out.push_str(&format!("{name}: {value}\r\n"));
                }
                out.push_str("\r\n");
                out.push_str(&body);
                if stream.write_all(out.as_bytes()).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// Reads one HTTP/1.1 request (headers and a `content-length` body) from the socket.
async fn read_request(stream: &mut TcpStream, buf: &mut Vec<u8>) -> Option<Seen> {
    let head_end = loop {
        if let Some(i) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break i;
        }
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    };
    let head = String::from_utf8(buf[..head_end].to_vec()).unwrap();
    let mut lines = head.split("\r\n");
    let mut request_line = lines.next().unwrap().split(' ');
    let method = request_line.next().unwrap().to_string();
    let target = request_line.next().unwrap().to_string();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_ascii_lowercase(), v.trim().to_string())
        })
        .collect();
    let length: usize = headers
        .iter()
        .find(|(n, _)| n == "content-length")
        .map_or(0, |(_, v)| v.parse().unwrap());
    let body_start = head_end + 4;
    while buf.len() < body_start + length {
        let mut chunk = [0u8; 4096];
        let n = stream.read(&mut chunk).await.ok()?;
        if n == 0 {
            return None;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    let body = buf[body_start..body_start + length].to_vec();
    buf.drain(..body_start + length);
    Some(Seen {
        method,
        target,
        headers,
        body,
    })
}

fn ir_json() -> Value {
    json!({
        "integrationResponseId": "ir123",
        "integrationResponseKey": "$default",
        "contentHandlingStrategy": "CONVERT_TO_TEXT",
        "responseParameters": {"method.response.header.X-Foo": "integration.response.header.X-Bar"},
        "responseTemplates": {"application/json": "{\"a\": $input.json('$')}"},
        "templateSelectionExpression": "\\$default"
    })
}

fn item(id: &str) -> IntegrationResponseItemRequest {
    IntegrationResponseItemRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        integration_response_id: id.into(),
    }
}

fn create_input() -> CreateIntegrationResponseRequest {
    CreateIntegrationResponseRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        integration_response_key: "$default".into(),
        content_handling_strategy: Some(ContentHandlingStrategy::ConvertToText),
        response_parameters: None,
        response_templates: Some([("application/json".to_string(), "{}".to_string())].into()),
        template_selection_expression: None,
    }
}

const COLLECTION: &str = "/v2/apis/a1/integrations/i1/integrationresponses";
const ITEM: &str = "/v2/apis/a1/integrations/i1/integrationresponses/ir123";

// ---- the five operations, exactly on the wire --------------------------------------------

#[tokio::test]
async fn create_sends_post_with_the_json_body() {
    let server = Server::start(vec![reply(201, ir_json())]).await;
    let out = server
        .client()
        .create_integration_response(create_input())
        .await
        .unwrap();
    assert_eq!(out.integration_response_id.as_deref(), Some("ir123"));
    assert_eq!(
        out.content_handling_strategy,
        Some(ContentHandlingStrategy::ConvertToText)
    );
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, COLLECTION);
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(
        seen.json(),
        json!({"integrationResponseKey": "$default", "contentHandlingStrategy": "CONVERT_TO_TEXT",
               "responseTemplates": {"application/json": "{}"}})
    );
    assert_eq!(seen.header("authorization"), None);
    assert_eq!(
        seen.header("content-length"),
        Some(seen.body.len().to_string().as_str())
    );
}

#[tokio::test]
async fn list_sends_get_with_query_only_when_set_and_no_body() {
    let page = json!({"items": [{"integrationResponseKey": "$default"}], "nextToken": "tok-2"});
    let server = Server::start(vec![reply(200, page)]).await;
    let client = server.client();
    let input = GetIntegrationResponsesRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        max_results: Some("25".into()),
        next_token: Some("tok 1/+".into()),
    };
    let out = client.get_integration_responses(input).await.unwrap();
    assert_eq!(out.next_token.as_deref(), Some("tok-2"));
    assert_eq!(out.items.unwrap()[0].integration_response_key, "$default");
    let bare = GetIntegrationResponsesRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        ..Default::default()
    };
    client.get_integration_responses(bare).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].target,
        format!("{COLLECTION}?maxResults=25&nextToken=tok%201%2F%2B")
    );
    assert_eq!(seen[1].target, COLLECTION);
    for s in &seen {
        assert!(s.body.is_empty());
        assert_eq!(s.header("content-type"), None);
    }
}

#[tokio::test]
async fn get_sends_get_and_decodes_modelled_errors() {
    let server = Server::start(vec![
        reply(200, ir_json()),
        error_reply(
            404,
            "NotFoundException",
            json!({"message": "Invalid IntegrationResponse identifier specified",
                   "resourceType": "IntegrationResponse"}),
        ),
    ])
    .await;
    let client = server.client();
    let out = client
        .get_integration_response(item("ir123"))
        .await
        .unwrap();
    assert_eq!(out.integration_response_key, "$default");
    let err = client
        .get_integration_response(item("ir123"))
        .await
        .unwrap_err();
    match err.service_error() {
        Some(GetIntegrationResponseError::NotFoundException(e)) => {
            assert_eq!(e.resource_type.as_deref(), Some("IntegrationResponse"));
            assert_eq!(e.request_id.as_deref(), Some("req-err"));
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "404 is not retried");
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("GET", ITEM)
    );
    assert!(seen[0].body.is_empty() && seen[0].header("content-type").is_none());
    assert_eq!(
        seen[0].header("content-length"),
        None,
        "no body at all on a GET"
    );
    assert_eq!(
        seen[0].header("host"),
        Some(server.addr.to_string().as_str())
    );
}

#[tokio::test]
async fn update_with_nothing_set_sends_an_empty_object() {
    let server = Server::start(vec![reply(200, ir_json())]).await;
    let input = UpdateIntegrationResponseRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        integration_response_id: "ir123".into(),
        ..Default::default()
    };
    server
        .client()
        .update_integration_response(input)
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("PATCH", ITEM)
    );
    assert_eq!(seen.body, b"{}");
    assert_eq!(seen.header("content-type"), Some("application/json"));
}

#[tokio::test]
async fn delete_sends_delete_without_body_and_accepts_204() {
    let server = Server::start(vec![reply(204, Value::Null)]).await;
    server
        .client()
        .delete_integration_response(item("ir123"))
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("DELETE", ITEM)
    );
    assert!(seen.body.is_empty());
    assert_eq!(seen.header("content-length"), None);
    assert_eq!(seen.header("content-type"), None);
}

// ---- labels ---------------------------------------------------------------------------------

#[tokio::test]
async fn labels_are_encoded_as_wire_md_says() {
    let table = [
        ("a/b", "a%2Fb"),
        ("a b", "a%20b"),
        ("a?b", "a%3Fb"),
        ("a#b", "a%23b"),
        ("a+b", "a%2Bb"),
        ("a%2Fb", "a%252Fb"),
        ("~-._", "~-._"),
        ("ü€", "%C3%BC%E2%82%AC"),
    ];
    let server = Server::start(vec![reply(200, ir_json())]).await;
    let client = server.client();
    for (value, _) in table {
        client.get_integration_response(item(value)).await.unwrap();
    }
    let seen = server.seen();
    for (i, (value, wire)) in table.iter().enumerate() {
        assert_eq!(
            seen[i].target,
            format!("/v2/apis/a1/integrations/i1/integrationresponses/{wire}"),
            "{value}"
        );
    }
}

#[tokio::test]
async fn an_empty_label_is_refused_and_nothing_is_sent() {
    let server = Server::start(vec![reply(200, ir_json())]).await;
    let err = server
        .client()
        .get_integration_response(item(""))
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            SdkError::Construction(ConstructionError::Path(PathError::EmptyLabel(
                "integrationResponseId"
            )))
        ),
        "{err:?}"
    );
    assert_eq!(server.count(), 0);
}

// ---- retries --------------------------------------------------------------------------------

fn unmodelled_status<E: std::fmt::Debug>(err: &SdkError<E>) -> String {
    format!("{err:?}")
}

#[tokio::test]
async fn retries_5xx_then_succeeds() {
    let server = Server::start(vec![
        error_reply(500, "InternalFailure", json!({})),
        error_reply(503, "ServiceUnavailable", json!({})),
        reply(200, ir_json()),
    ])
    .await;
    server
        .client()
        .get_integration_response(item("ir123"))
        .await
        .unwrap();
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn gives_up_after_three_attempts_on_500_and_503() {
    for status in [500, 502, 503, 504] {
        let server = Server::start(vec![error_reply(status, "Boom", json!({}))]).await;
        let err = server
            .client()
            .get_integration_response(item("ir123"))
            .await
            .unwrap_err();
        match err.service_error() {
            Some(GetIntegrationResponseError::Unmodelled(e)) => assert_eq!(e.status, status),
            _ => panic!("{}", unmodelled_status(&err)),
        }
        assert_eq!(server.count(), 3, "status {status}");
    }
}

#[tokio::test]
async fn honours_retry_after_on_429_even_for_a_post() {
    let server = Server::start(vec![
        Reply::Send {
            status: 429,
            headers: vec![
                ("x-amzn-ErrorType", "TooManyRequestsException".into()),
                ("Retry-After", "1".into()),
            ],
            body: json!({"message": "Too Many Requests", "limitType": "Rate"}).to_string(),
        },
        reply(201, ir_json()),
    ])
    .await;
    let started = Instant::now();
    server
        .client()
        .create_integration_response(create_input())
        .await
        .unwrap();
    assert_eq!(server.count(), 2);
    // `Retry-After: 1` capped to the policy's 30 ms; a sleep never ends early, and without
    // Retry-After the jittered backoff would be at most 1 ms.
    assert!(started.elapsed() >= Duration::from_millis(30));
}

#[tokio::test]
async fn the_legacy_429_name_is_the_same_error() {
    let server = Server::start(vec![error_reply(
        429,
        "LimitExceededException",
        json!({"message": "slow down"}),
    )])
    .await;
    let err = server
        .client()
        .get_integration_response(item("ir123"))
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(GetIntegrationResponseError::TooManyRequestsException(_))
    ));
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn never_retries_400_404_409() {
    for (status, code) in [
        (400, "BadRequestException"),
        (404, "NotFoundException"),
        (409, "ConflictException"),
    ] {
        let server = Server::start(vec![error_reply(status, code, json!({"message": "no"}))]).await;
        let input = UpdateIntegrationResponseRequest {
            api_id: "a1".into(),
            integration_id: "i1".into(),
            integration_response_id: "ir123".into(),
            ..Default::default()
        };
        let client = Client::new(
            server
                .config()
                .retry(fast_retries().retry_non_idempotent(true))
                .build()
                .unwrap(),
        );
        let err = client.update_integration_response(input).await.unwrap_err();
        let matched = match err.service_error() {
            Some(UpdateIntegrationResponseError::BadRequestException(_)) => 400,
            Some(UpdateIntegrationResponseError::NotFoundException(_)) => 404,
            Some(UpdateIntegrationResponseError::ConflictException(_)) => 409,
            _ => 0,
        };
        assert_eq!(matched, status);
        assert_eq!(server.count(), 1, "{code}");
    }
}

#[tokio::test]
async fn a_dropped_connection_is_retried_only_when_idempotent() {
    let server = Server::start(vec![Reply::Drop]).await;
    let err = server
        .client()
        .get_integration_response(item("ir123"))
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Transport(e) if e.kind() == TransportErrorKind::Io),
        "{err:?}"
    );
    assert_eq!(server.count(), 3, "GET is idempotent");

    let server = Server::start(vec![Reply::Drop]).await;
    let err = server
        .client()
        .create_integration_response(create_input())
        .await
        .unwrap_err();
    assert!(matches!(err, SdkError::Transport(_)), "{err:?}");
    assert_eq!(server.count(), 1, "POST may have acted: not retried");

    let server = Server::start(vec![Reply::Drop, Reply::Drop, reply(201, ir_json())]).await;
    let opted_in = Client::new(
        server
            .config()
            .retry(fast_retries().retry_non_idempotent(true))
            .build()
            .unwrap(),
    );
    opted_in
        .create_integration_response(create_input())
        .await
        .unwrap();
    assert_eq!(server.count(), 3, "the caller opted in");
}

#[tokio::test]
async fn a_500_on_a_post_is_retried_like_the_official_sdks() {
    // The service answered: it reports a transient failure, so even a Create is sent again
    // (WIRE.md §7.1: the official SDKs retry 429 and 5xx).
    let server = Server::start(vec![error_reply(500, "InternalFailure", json!({}))]).await;
    let err = server
        .client()
        .create_integration_response(create_input())
        .await
        .unwrap_err();
    assert!(matches!(
        err.service_error(),
        Some(CreateIntegrationResponseError::Unmodelled(e)) if e.status == 500
    ));
    assert_eq!(server.count(), 3);
}

/// Counts the attempts that reach the transport.
struct Counting {
    inner: HyperTransport,
    attempts: Arc<AtomicUsize>,
}

impl Transport for Counting {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        self.attempts.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }
}

#[tokio::test]
async fn a_refused_connection_is_retried_even_for_a_post() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::new(
        Config::builder()
            .endpoint(format!("http://{addr}"))
            .no_signing()
            .retry(fast_retries())
            .transport(Counting {
                inner: HyperTransport::new(None).unwrap(),
                attempts: attempts.clone(),
            })
            .build()
            .unwrap(),
    );
    let err = client
        .create_integration_response(create_input())
        .await
        .unwrap_err();
    assert!(
        matches!(&err, SdkError::Transport(e) if e.request_not_sent()),
        "{err:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
}

// ---- timeouts -------------------------------------------------------------------------------

fn timeouts(attempt: Option<u64>, operation: Option<u64>) -> Timeouts {
    Timeouts {
        connect: Some(Duration::from_secs(5)),
        attempt: attempt.map(Duration::from_millis),
        operation: operation.map(Duration::from_millis),
    }
}

/// A client for `server` whose attempts are counted as they reach the transport, with
/// `timeouts`.
fn counted_client(server: &Server, timeouts: Timeouts) -> (Client, Arc<AtomicUsize>) {
    let attempts = Arc::new(AtomicUsize::new(0));
    let config = server
        .config()
        .timeouts(timeouts)
        .transport(Counting {
            inner: HyperTransport::new(None).unwrap(),
            attempts: attempts.clone(),
        })
        .build()
        .unwrap();
    (Client::new(config), attempts)
}

/// Long enough for a request to reach the server's task even on a loaded machine, so that
/// every attempt is also seen arriving; the server never answers, so it always fires.
const HANG_TIMEOUT: u64 = 250;

#[tokio::test]
async fn the_attempt_timeout_fires_and_is_retried_only_when_idempotent() {
    let server = Server::start(vec![Reply::Hang]).await;
    let (client, attempts) = counted_client(&server, timeouts(Some(HANG_TIMEOUT), None));
    let started = Instant::now();
    let err = client
        .get_integration_response(item("ir123"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Timeout(TimeoutKind::Attempt)),
        "{err:?}"
    );
    // Three attempts, none of which ended before its timeout.
    assert!(started.elapsed() >= Duration::from_millis(3 * HANG_TIMEOUT));
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
    assert_eq!(server.arrived(3).await, 3);
    let err = client
        .create_integration_response(create_input())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Timeout(TimeoutKind::Attempt)),
        "{err:?}"
    );
    assert_eq!(attempts.load(Ordering::SeqCst), 4, "the POST was sent once");
    assert_eq!(server.arrived(4).await, 4, "the POST was sent once");
}

#[tokio::test]
async fn the_operation_timeout_fires() {
    let server = Server::start(vec![Reply::Hang]).await;
    let (client, attempts) = counted_client(&server, timeouts(None, Some(HANG_TIMEOUT)));
    let started = Instant::now();
    let err = client
        .get_integration_response(item("ir123"))
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Timeout(TimeoutKind::Operation)),
        "{err:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(HANG_TIMEOUT));
    assert_eq!(attempts.load(Ordering::SeqCst), 1);
    assert_eq!(server.arrived(1).await, 1);
}

/// A listener whose accept queue is full drops further SYNs, so connecting hangs until the
/// connect timeout. That is Linux's behaviour (other systems may refuse the connection
/// instead, which is another test's case), hence the `cfg`. Nothing was sent, so every
/// attempt is made, even for a POST.
#[cfg(target_os = "linux")]
#[tokio::test]
async fn the_connect_timeout_fires_and_is_always_retried() {
    let socket = tokio::net::TcpSocket::new_v4().unwrap();
    socket.bind("127.0.0.1:0".parse().unwrap()).unwrap();
    let listener = socket.listen(1).unwrap();
    let addr = listener.local_addr().unwrap();
    // Fill the accept queue (never accepted) until a connection no longer completes within
    // a second: on loopback a handshake takes microseconds, even on a loaded machine, and
    // a dropped SYN is sent again only after a second.
    let mut parked = Vec::new();
    loop {
        match tokio::time::timeout(Duration::from_secs(1), TcpStream::connect(addr)).await {
            Ok(Ok(stream)) => parked.push(stream),
            Ok(Err(e)) => panic!("connecting while filling the queue: {e}"),
            Err(_) => break,
        }
        assert!(parked.len() < 64, "the accept queue never filled");
    }
    let attempts = Arc::new(AtomicUsize::new(0));
    let client = Client::new(
        Config::builder()
            .endpoint(format!("http://{addr}"))
            .no_signing()
            .retry(fast_retries())
            .transport(Counting {
                inner: HyperTransport::new(Some(Duration::from_millis(200))).unwrap(),
                attempts: attempts.clone(),
            })
            .build()
            .unwrap(),
    );
    let started = Instant::now();
    let err = client
        .create_integration_response(create_input())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SdkError::Timeout(TimeoutKind::Connect)),
        "{err:?}"
    );
    assert!(started.elapsed() >= Duration::from_millis(3 * 200));
    assert_eq!(attempts.load(Ordering::SeqCst), 3);
    drop((listener, parked));
}

// ---- pagination -----------------------------------------------------------------------------

fn page(keys: &[&str], next: Option<&str>) -> Reply {
    let items: Vec<Value> = keys
        .iter()
        .map(|k| json!({"integrationResponseKey": k}))
        .collect();
    let mut body = json!({ "items": items });
    if let Some(next) = next {
        body["nextToken"] = json!(next);
    }
    reply(200, body)
}

fn list_input() -> GetIntegrationResponsesRequest {
    GetIntegrationResponsesRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        max_results: Some("2".into()),
        next_token: None,
    }
}

#[tokio::test]
async fn items_follow_next_token_across_pages() {
    let server = Server::start(vec![
        page(&["a", "b"], Some("t1")),
        page(&["c"], Some("t2")),
        page(&["d"], None),
    ])
    .await;
    let mut items = server
        .client()
        .get_integration_responses_items(list_input());
    let mut keys = Vec::new();
    while let Some(item) = items.next().await {
        keys.push(item.unwrap().integration_response_key);
    }
    assert_eq!(keys, ["a", "b", "c", "d"]);
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            format!("{COLLECTION}?maxResults=2"),
            format!("{COLLECTION}?maxResults=2&nextToken=t1"),
            format!("{COLLECTION}?maxResults=2&nextToken=t2"),
        ]
    );
}

#[tokio::test]
async fn a_repeated_token_ends_the_stream_with_an_error() {
    let server = Server::start(vec![
        page(&["a"], Some("t1")),
        page(&["b"], Some("t2")),
        page(&["c"], Some("t1")),
    ])
    .await;
    let mut pages = server
        .client()
        .get_integration_responses_pages(list_input());
    assert!(pages.next().await.unwrap().is_ok());
    assert!(pages.next().await.unwrap().is_ok());
    match pages.next().await {
        Some(Err(SdkError::RepeatedPageToken(token))) => assert_eq!(token, "t1"),
        other => panic!("expected the repeated-token error, got {other:?}"),
    }
    assert!(pages.next().await.is_none());
    assert_eq!(server.count(), 3);
}

#[tokio::test]
async fn an_error_page_ends_the_stream() {
    let server = Server::start(vec![
        page(&["a"], Some("t1")),
        error_reply(404, "NotFoundException", json!({})),
    ])
    .await;
    let mut items = server
        .client()
        .get_integration_responses_items(list_input());
    assert!(items.next().await.unwrap().is_ok());
    assert!(items.next().await.unwrap().is_err());
    assert!(items.next().await.is_none());
}

// ---- SigV4 ----------------------------------------------------------------------------------

/// Records the request it is given and answers 201 with an IntegrationResponse.
#[cfg(feature = "sigv4")]
struct Capture(Arc<Mutex<Option<http::Request<Bytes>>>>);

#[cfg(feature = "sigv4")]
impl Transport for Capture {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        *self.0.lock().unwrap() = Some(request);
        let mut response = http::Response::new(Bytes::from(ir_json().to_string()));
        *response.status_mut() = http::StatusCode::CREATED;
        Box::pin(async move { Ok(response) })
    }
}

#[cfg(feature = "sigv4")]
fn aws_docs_time() -> std::time::SystemTime {
    // 2015-08-30T12:36:00Z, the date of AWS's SigV4 examples.
    std::time::UNIX_EPOCH + Duration::from_secs(1_440_938_160)
}

#[cfg(feature = "sigv4")]
fn example_credentials() -> integration_response::runtime::client::Credentials {
    integration_response::runtime::client::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        Some("session-token-example".into()),
    )
}

/// The expected header was computed independently with botocore 1.44.8:
///
/// ```python
/// req = AWSRequest(method="POST",
///     url="https://apigateway.us-east-1.amazonaws.com/v2/apis/a%20b/integrations/i1/integrationresponses",
///     data=b'{"integrationResponseKey":"$default"}', headers={"Content-Type": "application/json"})
/// # with botocore.auth.datetime.datetime patched to return 2015-08-30T12:36:00Z:
/// SigV4Auth(Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
///     "session-token-example"), "apigateway", "us-east-1").add_auth(req)
/// ```
///
/// The label `a b` checks that the path is encoded twice in the canonical request.
#[cfg(feature = "sigv4")]
#[tokio::test]
async fn sigv4_matches_botocore() {
    let captured = Arc::new(Mutex::new(None));
    let client = Client::new(
        Config::builder()
            .region("us-east-1")
            .credentials(example_credentials())
            .signing_clock(aws_docs_time)
            .transport(Capture(captured.clone()))
            .build()
            .unwrap(),
    );
    assert_eq!(
        client.endpoint(),
        "https://apigateway.us-east-1.amazonaws.com"
    );
    let input = CreateIntegrationResponseRequest {
        api_id: "a b".into(),
        integration_id: "i1".into(),
        integration_response_key: "$default".into(),
        content_handling_strategy: None,
        response_parameters: None,
        response_templates: None,
        template_selection_expression: None,
    };
    client.create_integration_response(input).await.unwrap();
    let request = captured.lock().unwrap().take().unwrap();
    let header = |name: &str| request.headers()[name].to_str().unwrap().to_string();
    assert_eq!(header("x-amz-date"), "20150830T123600Z");
    assert_eq!(header("x-amz-security-token"), "session-token-example");
    assert_eq!(
        header("authorization"),
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/apigateway/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
         Signature=43d2f27861ba267102e4ebaa8ff6995266e5a27d7be40ea5a69759d8cf0eb2a9"
    );
}

#[cfg(feature = "sigv4")]
#[tokio::test]
async fn signed_requests_arrive_signed_over_http() {
    let server = Server::start(vec![reply(204, Value::Null)]).await;
    let client = Client::new(
        server
            .config()
            .region("eu-west-1")
            .credentials(example_credentials())
            .signing_clock(aws_docs_time)
            .build()
            .unwrap(),
    );
    client
        .delete_integration_response(item("ir123"))
        .await
        .unwrap();
    let seen = &server.seen()[0];
    let auth = seen.header("authorization").unwrap();
    assert!(
        auth.starts_with(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/eu-west-1/apigateway/aws4_request, \
             SignedHeaders=host;x-amz-date;x-amz-security-token, Signature="
        ),
        "{auth}"
    );
    assert_eq!(seen.header("x-amz-date"), Some("20150830T123600Z"));
    assert_eq!(seen.header("host"), Some(server.addr.to_string().as_str()));
}

// ---- another service --------------------------------------------------------------------------

#[tokio::test]
async fn weather_headers_integer_query_and_202() {
    use weather::types::{Alert, ListObservationsRequest, RaiseAlertRequest};
    let server = Server::start(vec![
        reply(202, json!({})),
        reply(
            200,
            json!({"observations": [{"observed_at": 1}], "next_page": "2"}),
        ),
        reply(200, json!({"observations": [{"observed_at": 2}]})),
    ])
    .await;
    let client = weather::client::Client::new(server.config().build().unwrap());
    let alert = Alert {
        alert_id: "a1".into(),
        severity: 2,
        replaces: None,
        related: None,
        labels: None,
    };
    client
        .raise_alert(RaiseAlertRequest {
            station_id: "KSEA".into(),
            alert,
            dry_run: Some(true),
        })
        .await
        .unwrap();
    let input = ListObservationsRequest {
        station_id: "KSEA".into(),
        per_page: Some(50),
        ..Default::default()
    };
    let mut items = client.list_observations_items(input);
    let mut times = Vec::new();
    while let Some(obs) = items.next().await {
        times.push(obs.unwrap().observed_at.as_millis());
    }
    assert_eq!(times, [1000, 2000]);
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("POST", "/stations/KSEA/alerts")
    );
    assert_eq!(seen[0].header("x-dry-run"), Some("true"));
    assert_eq!(
        seen[0].json(),
        json!({"alert": {"alert_id": "a1", "severity": 2}})
    );
    assert_eq!(seen[1].target, "/stations/KSEA/observations?per_page=50");
    assert_eq!(
        seen[2].target,
        "/stations/KSEA/observations?page=2&per_page=50"
    );
}

/// Headers of the configuration (an API key) and a bearer token go with every attempt; a
/// token provider is asked anew each time, so a retry carries the current token.
#[tokio::test]
async fn configured_headers_and_bearer_tokens_go_with_every_attempt() {
    let server = Server::start(vec![
        reply(503, serde_json::json!({})),
        reply(200, ir_json()),
    ])
    .await;
    let issued = Arc::new(AtomicUsize::new(0));
    let counter = issued.clone();
    let config = server
        .config()
        .retry(fast_retries())
        .header("x-api-key", "k-123")
        .bearer_token_provider(move || format!("t{}", counter.fetch_add(1, Ordering::SeqCst) + 1));
    let client = Client::new(config.build().unwrap());
    client.get_integration_response(item("ir1")).await.unwrap();
    let seen = server.seen();
    assert_eq!(seen.len(), 2, "one retry");
    for (attempt, request) in seen.iter().enumerate() {
        assert_eq!(request.header("x-api-key"), Some("k-123"));
        let token = format!("Bearer t{}", attempt + 1);
        assert_eq!(request.header("authorization"), Some(token.as_str()));
    }
    // Not a valid header: refused when the configuration is built, never sent broken.
    let bad = server.config().header("x-api-key", "a\nb").build();
    assert_eq!(
        bad.unwrap_err(),
        integration_response::runtime::client::ConfigError::InvalidHeader("x-api-key".into())
    );
    // Values never show in `Debug`.
    let shown = format!(
        "{:?}",
        server.config().bearer_token("secret").build().unwrap()
    );
    assert!(!shown.contains("secret"), "{shown}");
}

/// Every request introduces itself: the generated crate's name and version and the
/// runtime's, unless the configuration says otherwise.
#[tokio::test]
async fn the_client_introduces_itself() {
    let server = Server::start(vec![reply(200, ir_json())]).await;
    server
        .client()
        .get_integration_response(item("ir1"))
        .await
        .unwrap();
    let default = format!(
        "integration-response/0.1.0 restgen-runtime/{}",
        env!("CARGO_PKG_VERSION")
    );
    assert_eq!(
        server.seen()[0].header("user-agent"),
        Some(default.as_str())
    );

    let client = Client::new(server.config().user_agent("my-app/2.1").build().unwrap());
    client.get_integration_response(item("ir1")).await.unwrap();
    assert_eq!(server.seen()[1].header("user-agent"), Some("my-app/2.1"));
    let bad = Config::builder()
        .endpoint("http://127.0.0.1:1")
        .no_signing()
        .user_agent("bad\nagent")
        .build();
    assert_eq!(
        bad.unwrap_err(),
        integration_response::runtime::client::ConfigError::InvalidUserAgent("bad\nagent".into())
    );
}

/// Basic credentials go in `Authorization`, and configured query parameters after the
/// operation's own, encoded.
#[tokio::test]
async fn basic_credentials_and_query_keys_go_with_every_request() {
    let server = Server::start(vec![reply(200, ir_json())]).await;
    let config = server
        .config()
        .basic_auth("alice", "s3cret")
        .query_param("api key", "k&1");
    let client = Client::new(config.build().unwrap());
    client.get_integration_response(item("ir1")).await.unwrap();
    let seen = &server.seen()[0];
    // base64 of `alice:s3cret`.
    assert_eq!(seen.header("authorization"), Some("Basic YWxpY2U6czNjcmV0"));
    assert!(seen.target.ends_with("?api%20key=k%261"), "{}", seen.target);
}

/// With schemes in the schema, each operation carries the credential of the first of its
/// schemes that the configuration has, and an operation with `auth: []` carries none (the
/// `auth` fixture); a server of the same crate refuses a request without one.
#[tokio::test]
async fn each_operation_carries_the_credential_its_schemes_name() {
    use fixture_auth::client::Client as Vault;
    let server = Server::start(vec![reply(200, serde_json::json!({"value": "v"}))]).await;
    let everything = Vault::new(
        server
            .config()
            .bearer_token("tok")
            .basic_auth("alice", "s3cret")
            .api_key("k&1")
            .build()
            .unwrap(),
    );
    everything.ping().await.unwrap();
    everything.read_secret().await.unwrap();
    everything.read_by_key().await.unwrap();
    everything.read_by_query_key().await.unwrap();
    everything.read_by_login().await.unwrap();
    let seen = server.seen();
    let credentials = |r: &Seen| {
        (
            r.header("authorization").map(str::to_string),
            r.header("x-api-key").map(str::to_string),
            r.target.clone(),
        )
    };
    let got: Vec<_> = seen.iter().map(credentials).collect();
    let none = None::<String>;
    assert_eq!(
        got,
        [
            (none.clone(), none.clone(), "/ping".to_string()),
            (Some("Bearer tok".into()), none.clone(), "/secret".into()),
            (none.clone(), Some("k&1".into()), "/by-key".into()),
            (
                none.clone(),
                none.clone(),
                "/by-query-key?api_key=k%261".into()
            ),
            (
                Some("Basic YWxpY2U6czNjcmV0".into()),
                none.clone(),
                "/by-login".into()
            ),
        ]
    );
    // Without an API key, `ReadByKey` falls back to its second scheme, the token.
    let token_only = Vault::new(server.config().bearer_token("tok").build().unwrap());
    token_only.read_by_key().await.unwrap();
    let last = server.seen().pop().unwrap();
    assert_eq!(
        (last.header("authorization"), last.header("x-api-key")),
        (Some("Bearer tok"), None)
    );
}

/// The generated server of the `auth` fixture answers 401 before the implementation for an
/// operation whose credential is missing, and serves `auth: []` without one.
#[tokio::test]
async fn a_server_refuses_an_operation_without_its_credential() {
    use fixture_auth::server::{serve, Service};
    struct Open;
    impl Service for Open {
        async fn ping(&self) -> Result<(), fixture_auth::errors::PingError> {
            Ok(())
        }
        async fn read_by_query_key(
            &self,
        ) -> Result<fixture_auth::types::Secret, fixture_auth::errors::ReadByQueryKeyError>
        {
            Ok(fixture_auth::types::Secret::default())
        }
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = serve(listener, Open).unwrap();
    let config = || {
        Config::builder()
            .endpoint(format!("http://{}", handle.local_addr()))
            .no_signing()
    };
    let anonymous = fixture_auth::client::Client::new(config().build().unwrap());
    anonymous.ping().await.unwrap();
    let refused = anonymous.read_by_query_key().await.unwrap_err();
    let SdkError::Service(e) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(e.status(), 401);
    let keyed = fixture_auth::client::Client::new(config().api_key("k").build().unwrap());
    keyed.read_by_query_key().await.unwrap();
    handle.shutdown().await;
}
