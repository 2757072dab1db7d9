//! Hostile and malformed requests against the served local service: each must be answered
//! with a 4xx in the rest-json error form (never a 5xx, never a dropped connection). And
//! what HTTP itself requires: `Host` (RFC 9112 §3.2), `Expect` (RFC 9110 §10.1.1) and HEAD
//! (RFC 9110 §9.3.2).

use crate::support::{
    collection, exchange_raw, item, parse_response, send, send_json, send_raw, start,
};
use apigatewayv2_local::LocalService;
use integration_response::runtime::server::ServerConfig;

const LIMIT: usize = 4096;

fn config() -> ServerConfig {
    ServerConfig {
        max_body_bytes: LIMIT,
        ..ServerConfig::default()
    }
}

#[tokio::test]
async fn hostile_paths_are_4xx_in_rest_json_form() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let long_label = "a".repeat(10 * 1024);
    let many_segments = "/x".repeat(5 * 1024);
    let cases: Vec<(String, &str, u16, &str)> = vec![
        // Dot segments are ids like any other: nothing is normalised, nothing found.
        (item("..", "..", ".."), "GET", 404, "NotFoundException"),
        (item("a", "i", "%2F..%2F"), "GET", 404, "NotFoundException"),
        (
            item("%2F..%2F..%2F", "i", "x"),
            "DELETE",
            404,
            "NotFoundException",
        ),
        (item("a", "i", "%00"), "GET", 404, "NotFoundException"),
        // Not percent-encoding, or not UTF-8 once decoded.
        (item("a", "i", "%zz"), "GET", 400, "SerializationException"),
        (
            item("a", "i", "abc%2"),
            "GET",
            400,
            "SerializationException",
        ),
        (item("a%FF", "i", "x"), "GET", 400, "SerializationException"),
        (
            item("a", "%E2%82", "x"),
            "DELETE",
            400,
            "SerializationException",
        ),
        // A 10 KB label, and a 10 KB path of many segments.
        (item("a", "i", &long_label), "GET", 404, "NotFoundException"),
        (many_segments, "GET", 404, "NotFoundException"),
        // Unknown paths, empty labels and trailing slashes match no route.
        ("/".to_string(), "GET", 404, "NotFoundException"),
        ("/v2/apis".to_string(), "GET", 404, "NotFoundException"),
        (item("", "i", "x"), "GET", 404, "NotFoundException"),
        (
            format!("{}/", collection("a", "i")),
            "GET",
            404,
            "NotFoundException",
        ),
        // Unknown and wrong methods on known paths.
        (item("a", "i", "x"), "FOO", 405, "MethodNotAllowedException"),
        (
            collection("a", "i"),
            "PUT",
            405,
            "MethodNotAllowedException",
        ),
        (
            item("a", "i", "x"),
            "POST",
            405,
            "MethodNotAllowedException",
        ),
        // Bad query strings.
        (
            format!("{}?nextToken=%zz", collection("a", "i")),
            "GET",
            400,
            "SerializationException",
        ),
        (
            format!("{}?maxResults=%FF", collection("a", "i")),
            "GET",
            400,
            "SerializationException",
        ),
        (
            format!("{}?maxResults=lots", collection("a", "i")),
            "GET",
            400,
            "BadRequestException",
        ),
        (
            format!("{}?maxResults=0", collection("a", "i")),
            "GET",
            400,
            "BadRequestException",
        ),
        (
            format!("{}?nextToken=not-a-token", collection("a", "i")),
            "GET",
            400,
            "BadRequestException",
        ),
    ];
    for (path, method, status, code) in cases {
        let response = send(addr, method, &path, &[], b"").await;
        response.assert_error(status, code);
        if status == 405 {
            assert!(response.header("Allow").is_some(), "{response:?}");
        }
    }
    let wrong = send(addr, "PUT", &item("a", "i", "x"), &[], b"").await;
    assert_eq!(wrong.header("Allow"), Some("GET, HEAD, PATCH, DELETE"));
    let wrong = send(addr, "PUT", &collection("a", "i"), &[], b"").await;
    assert_eq!(wrong.header("Allow"), Some("GET, HEAD, POST"));
    assert!(
        wrong.json()["message"]
            .as_str()
            .unwrap()
            .contains("GET, HEAD, POST"),
        "{wrong:?}"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn hostile_bodies_are_400_or_413() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let create = collection("a", "i");
    let update = item("a", "i", "00000000");
    // An item to update, so update errors are about the body.
    let created = send_json(addr, "POST", &create, r#"{"integrationResponseKey": "k"}"#).await;
    assert_eq!(created.status, 201, "{created:?}");
    let deep = format!(
        r#"{{"integrationResponseKey": "d", "responseParameters": {}{}}}"#,
        "[".repeat(1_500),
        "]".repeat(1_500)
    );
    let deep_object = format!("{}{}", r#"{"a":"#.repeat(600), "}".repeat(600));
    let cases: Vec<(&str, &str, String)> = vec![
        ("POST", &create, "[]".into()),
        (
            "POST",
            &create,
            r#"[{"integrationResponseKey": "k2"}]"#.into(),
        ),
        ("POST", &create, r#""integrationResponseKey""#.into()),
        ("POST", &create, "42".into()),
        ("POST", &create, "null".into()),
        ("POST", &create, "{".into()),
        (
            "POST",
            &create,
            r#"{"integrationResponseKey": "k3"} trailing"#.into(),
        ),
        ("POST", &create, "{}".into()),
        ("POST", &create, r#"{"integrationResponseKey": 5}"#.into()),
        (
            "POST",
            &create,
            r#"{"integrationResponseKey": "k4", "responseTemplates": {"a": 1}}"#.into(),
        ),
        (
            "POST",
            &create,
            r#"{"integrationResponseKey": "k5", "contentHandlingStrategy": "CONVERT_TO_HOLOGRAM"}"#
                .into(),
        ),
        (
            "POST",
            &create,
            r#"{"integrationResponseKey": "k6", "contentHandlingStrategy": ""}"#.into(),
        ),
        ("POST", &create, deep.clone()),
        ("PATCH", &update, deep_object.clone()),
        ("PATCH", &update, "[]".into()),
        (
            "PATCH",
            &update,
            r#"{"contentHandlingStrategy": "convert_to_text"}"#.into(),
        ),
        ("PATCH", &update, "\u{feff}{}".into()),
    ];
    for (method, path, body) in &cases {
        let response = send_json(addr, method, path, body).await;
        // An enum value the server does not know breaks a constraint (the schema names no
        // validation error: 400 `BadRequestException`); the rest does not decode.
        let code = if body.contains("contentHandlingStrategy") {
            "BadRequestException"
        } else {
            "SerializationException"
        };
        response.assert_error(400, code);
    }
    // Content-Type must be JSON when there is a body: 415 otherwise.
    for content_type in [
        Some("text/plain"),
        Some("application/xml"),
        Some("application/jsonx"),
        None,
    ] {
        let headers: Vec<(&str, &str)> = content_type
            .map(|c| ("content-type", c))
            .into_iter()
            .collect();
        let response = send(
            addr,
            "POST",
            &create,
            &headers,
            br#"{"integrationResponseKey": "ct"}"#,
        )
        .await;
        response.assert_error(415, "UnsupportedMediaTypeException");
    }
    let charset = send(
        addr,
        "POST",
        &create,
        &[("content-type", "application/json; charset=utf-8")],
        br#"{"integrationResponseKey": "cs"}"#,
    )
    .await;
    assert_eq!(charset.status, 201, "{charset:?}");
    // Over the limit: declared by Content-Length, and streamed in chunks without one.
    let big = format!(r#"{{"integrationResponseKey": "{}"}}"#, "x".repeat(LIMIT));
    send_json(addr, "POST", &create, &big)
        .await
        .assert_error(413, "PayloadTooLargeException");
    let mut chunked = format!(
        "POST {create} HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n"
    )
    .into_bytes();
    for _ in 0..8 {
        chunked.extend_from_slice(format!("400\r\n{}\r\n", " ".repeat(0x400)).as_bytes());
    }
    chunked.extend_from_slice(b"0\r\n\r\n");
    send_raw(addr, &chunked)
        .await
        .assert_error(413, "PayloadTooLargeException");
    // Nothing above was stored; the server still works.
    let items = send(addr, "GET", &create, &[], b"").await.json();
    let keys: Vec<&str> = items["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["integrationResponseKey"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["k", "cs"]);
    server.shutdown().await;
}

#[tokio::test]
async fn http_1_1_without_exactly_one_host_is_400() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let path = collection("a", "i");
    let missing = format!("GET {path} HTTP/1.1\r\nconnection: close\r\n\r\n");
    send_raw(addr, missing.as_bytes())
        .await
        .assert_error(400, "BadRequestException");
    let twice = format!("GET {path} HTTP/1.1\r\nhost: a\r\nhost: b\r\nconnection: close\r\n\r\n");
    send_raw(addr, twice.as_bytes())
        .await
        .assert_error(400, "BadRequestException");
    // A POST without Host is refused before anything is stored.
    let body = r#"{"integrationResponseKey": "k"}"#;
    let post = format!(
        "POST {path} HTTP/1.1\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    send_raw(addr, post.as_bytes())
        .await
        .assert_error(400, "BadRequestException");
    // HTTP/1.0 had no Host header; an empty one is allowed (RFC 9110 §7.2).
    let old = format!("GET {path} HTTP/1.0\r\n\r\n");
    assert_eq!(send_raw(addr, old.as_bytes()).await.status, 200);
    let empty = format!("GET {path} HTTP/1.1\r\nhost:\r\nconnection: close\r\n\r\n");
    let empty = send_raw(addr, empty.as_bytes()).await;
    assert_eq!(empty.status, 200, "{empty:?}");
    assert_eq!(empty.json(), serde_json::json!({"items": []}));
    server.shutdown().await;
}

#[tokio::test]
async fn an_expectation_other_than_100_continue_is_417() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let path = collection("a", "i");
    let body = r#"{"integrationResponseKey": "k"}"#;
    for expect in ["fancy", "100-continue, fancy", "200-ok", "100-continue;x=1"] {
        let response = send(
            addr,
            "POST",
            &path,
            &[("content-type", "application/json"), ("expect", expect)],
            body.as_bytes(),
        )
        .await;
        response.assert_error(417, "ExpectationFailedException");
    }
    assert_eq!(
        send(addr, "GET", &path, &[], b"").await.json()["items"],
        serde_json::json!([])
    );
    // 100-continue is met: the interim 100 comes first, then the answer.
    let raw = format!(
        "POST {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\nexpect: 100-Continue\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    );
    let out = exchange_raw(addr, raw.as_bytes()).await;
    let interim = b"HTTP/1.1 100 Continue\r\n\r\n";
    let out = out.strip_prefix(&interim[..]).unwrap_or(&out);
    let created = parse_response(out);
    assert_eq!(created.status, 201, "{created:?}");
    server.shutdown().await;
}

#[tokio::test]
async fn head_is_answered_like_get_without_the_body() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let created = send_json(
        addr,
        "POST",
        &collection("a", "i"),
        r#"{"integrationResponseKey": "k"}"#,
    )
    .await;
    assert_eq!(created.status, 201, "{created:?}");
    let id = created.json()["integrationResponseId"]
        .as_str()
        .unwrap()
        .to_string();
    let head = |path: String| async move {
        let raw = format!("HEAD {path} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n");
        let out = exchange_raw(addr, raw.as_bytes()).await;
        let end = out.windows(4).position(|w| w == b"\r\n\r\n").unwrap() + 4;
        assert_eq!(
            &out[end..],
            b"",
            "a HEAD answer has no body: {:?}",
            String::from_utf8_lossy(&out)
        );
        parse_response(&out)
    };
    for path in [
        collection("a", "i"),
        item("a", "i", &id),
        item("a", "i", "nope"),
        item("a", "i", "%zz"),
        "/v2/nowhere".to_string(),
        // Every path of this API has a GET; the runtime's own tests have one without.
    ] {
        let get = send(addr, "GET", &path, &[], b"").await;
        let head = head(path.clone()).await;
        assert_eq!(head.status, get.status, "{path}: {head:?}");
        // The length of what GET sends (an error's message may name the method instead).
        let length: usize = head.header("content-length").unwrap().parse().unwrap();
        if get.status == 200 {
            assert_eq!(length, get.body.len(), "{path}: {head:?}");
        } else {
            assert!(length > 0, "{path}: {head:?}");
        }
        for name in ["content-type", "x-amzn-ErrorType"] {
            assert_eq!(head.header(name), get.header(name), "{path}: {name}");
        }
        assert!(head.header("x-amzn-RequestId").is_some(), "{head:?}");
    }
    server.shutdown().await;
}
