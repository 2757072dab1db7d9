//! Hostile and malformed requests against the served local service: each must be answered
//! with a 4xx in the rest-json error form (never a 5xx, never a dropped connection).

use crate::support::{collection, item, send, send_json, send_raw, start};
use apigatewayv2::runtime::server::ServerConfig;
use apigatewayv2_local::LocalService;

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
        (item("a", "i", "%zz"), "GET", 400, "BadRequestException"),
        (item("a", "i", "abc%2"), "GET", 400, "BadRequestException"),
        (item("a%FF", "i", "x"), "GET", 400, "BadRequestException"),
        (
            item("a", "%E2%82", "x"),
            "DELETE",
            400,
            "BadRequestException",
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
            "BadRequestException",
        ),
        (
            format!("{}?maxResults=%FF", collection("a", "i")),
            "GET",
            400,
            "BadRequestException",
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
    assert_eq!(wrong.header("Allow"), Some("GET, PATCH, DELETE"));
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
        response.assert_error(400, "BadRequestException");
    }
    // Content-Type must be JSON when there is a body.
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
        response.assert_error(400, "BadRequestException");
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
