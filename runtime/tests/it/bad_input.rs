//! Malformed values of every construct the schema format can bind, sent as raw HTTP to the
//! generated servers of the fixtures: each is a 400 in the rest-json error form whose
//! message names the member, never a 5xx.

use super::round_trip::{BindingsEcho, FormatsEcho, PayloadsEcho, UnionsEcho};
use fixture_bindings as bindings;
use fixture_formats as formats;
use fixture_payloads as payloads;
use fixture_unions as unions;
use serde_json::Value;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Sends one raw request and returns the status, the `x-amzn-ErrorType` (lowercase) and
/// the JSON body.
pub async fn exchange(
    addr: SocketAddr,
    head: &str,
    body: impl AsRef<[u8]>,
) -> (u16, String, Value) {
    let body = body.as_ref();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let head = format!(
        "{head}\r\nHost: localhost\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    stream.write_all(body).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head[9..12].parse().unwrap();
    let error_type = head
        .lines()
        .find_map(|l| {
            l.to_ascii_lowercase()
                .strip_prefix("x-amzn-errortype: ")
                .map(str::to_string)
        })
        .unwrap_or_default();
    (
        status,
        error_type,
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

/// Asserts a 400 `SerializationException` whose message mentions `member`.
fn assert_names(found: (u16, String, Value), member: &str) {
    let (status, error_type, body) = found;
    assert_eq!(status, 400, "{body}");
    assert_eq!(error_type, "serializationexception", "{body}");
    let message = body["message"].as_str().unwrap_or_default();
    assert!(
        message.contains(member),
        "`{member}` not named in: {message}"
    );
}

#[tokio::test]
async fn malformed_values_are_400s_naming_the_member() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let f = formats::server::serve(listener, FormatsEcho).unwrap();
    let at = f.local_addr();
    let json = "POST /formats HTTP/1.1\r\nContent-Type: application/json";
    let cases = [
        (json, r#"{"dateTime": "yesterday"}"#, "dateTime"),
        (json, r#"{"httpDate": "2019-12-16T23:48:18Z"}"#, "httpDate"),
        (json, r#"{"epoch": "1576540098"}"#, "epoch"),
        (
            json,
            r#"{"stamps": ["2019-12-16T23:48:18Z", 5]}"#,
            "stamps[1]",
        ),
        (json, r#"{"data": "not base64!"}"#, "data"),
        (
            json,
            r#"{"readings": ["Infinity", "infinite"]}"#,
            "readings[1]",
        ),
        (json, r#"{"ratio": "1.5"}"#, "ratio"),
    ];
    for (head, body, member) in cases {
        assert_names(exchange(at, head, body).await, member);
    }
    let heads = [
        ("GET /text/tomorrow HTTP/1.1", "`at`"),
        ("GET /text/1970-01-01T00:00:00Z?since=soon HTTP/1.1", "since"),
        ("GET /text/1970-01-01T00:00:00Z?until=1970-01-01T00:00:01Z HTTP/1.1\r\nX-Modified: now", "X-Modified"),
        // Outside the body a timestamp is read in its location's format only.
        ("GET /text/1970-01-01T00:00:00Z?until=1 HTTP/1.1", "until"),
        ("GET /text/1970-01-01T00:00:00Z?since=1970-01-01T00:00:01Z HTTP/1.1", "since"),
        ("GET /text/1970-01-01T00:00:00Z HTTP/1.1\r\nX-History: Mon, 16 Dec 2019 23:48:18 GMT, never", "X-History"),
        ("GET /text/1970-01-01T00:00:00Z HTTP/1.1\r\nX-Limit: lots", "X-Limit"),
    ];
    for (head, member) in heads {
        assert_names(exchange(at, head, "").await, member);
    }
    f.shutdown().await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let u = unions::server::serve(listener, UnionsEcho).unwrap();
    let head = "PUT /drawing HTTP/1.1\r\nContent-Type: application/json";
    let two = r#"{"shape": {"circle": {"radius": 1}, "text": "both"}}"#;
    assert_names(exchange(u.local_addr(), head, two).await, "shape");
    let bad = r#"{"layers": [{"text": "ok"}, {"drawnAt": 12}]}"#;
    assert_names(exchange(u.local_addr(), head, bad).await, "layers[1]");
    u.shutdown().await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let b = bindings::server::serve(listener, BindingsEcho::default()).unwrap();
    let put = "PUT /b/k?x-id=PutObject HTTP/1.1\r\nX-Account: a";
    let cases = [
        (format!("{put}\r\nX-Policy: !!notbase64"), "X-Policy"),
        (format!("{put}\r\nX-Policy: bm90IGpzb24="), "X-Policy"),
        (format!("{put}\r\nX-Tags: \"unterminated"), "X-Tags"),
        (put.replace("PutObject", "PutObject&limit=ten"), "limit"),
        (put.replace("\r\nX-Account: a", ""), "X-Account"),
    ];
    for (head, member) in cases {
        assert_names(exchange(b.local_addr(), &head, "").await, member);
    }
    // An enum value the server does not know breaks a constraint: without a validation
    // error in the schema, a 400 `BadRequestException` naming where.
    let head = put.replace("PutObject", "PutObject&mode=slow");
    let (status, error_type, body) = exchange(b.local_addr(), &head, "").await;
    assert_eq!((status, error_type.as_str()), (400, "badrequestexception"));
    assert_eq!(
        body["message"],
        "Value at '/modes/0' failed to satisfy constraint: Member must satisfy enum value set: [fast, safe]"
    );
    b.shutdown().await;

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let p = payloads::server::serve(listener, PayloadsEcho).unwrap();
    let head = "PUT /settings/s HTTP/1.1\r\nContent-Type: application/json";
    assert_names(
        exchange(p.local_addr(), head, r#"{"verbose": "yes"}"#).await,
        "verbose",
    );
    let head = "PUT /notes/n HTTP/1.1\r\nContent-Type: text/plain";
    let (status, _, _) = exchange(p.local_addr(), head, "plain text").await;
    assert_eq!(status, 200);
    p.shutdown().await;
}
