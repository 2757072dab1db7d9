//! What the server adapter does before dispatch, for every operation: gzip request bodies
//! (what clients of operations with request compression send) are inflated within the body
//! limit with the `compression` feature, and refused with 415 without it; and a server
//! mounted under a base path routes what is under it and nothing else. Which of the two gzip
//! tests runs depends on the runtime's features: `.ci/features` runs these tests with and
//! without `compression`.

use super::bad_input::exchange;
use super::round_trip::FormatsEcho;
use fixture_formats as formats;
use serde_json::Value;

fn gzip(data: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

#[cfg(not(feature = "compression"))]
#[tokio::test]
async fn without_compression_gzip_bodies_are_refused_with_415() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = formats::server::serve(listener, FormatsEcho).unwrap();
    let at = server.local_addr();
    let post = "POST /formats HTTP/1.1\r\nContent-Type: application/json";
    let body = gzip(br#"{"ratio": 1.5}"#);
    for coding in ["gzip", "GZIP", "identity, gzip"] {
        let head = format!("{post}\r\nContent-Encoding: {coding}");
        let (status, error_type, json) = exchange(at, &head, &body).await;
        assert_eq!(
            (status, error_type.as_str()),
            (415, "unsupportedmediatypeexception"),
            "{coding}"
        );
        assert_eq!(
            json["message"],
            "gzip request bodies need the server's `compression` feature"
        );
    }
    // The same value uncompressed is read.
    let head = format!("{post}\r\nContent-Encoding: identity");
    let (status, _, json) = exchange(at, &head, br#"{"ratio": 1.5}"#).await;
    assert_eq!((status, &json["ratio"]), (200, &Value::from(1.5)));
    server.shutdown().await;
}

#[cfg(feature = "compression")]
#[tokio::test]
async fn gzip_bodies_are_inflated_within_the_body_limit() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = formats::server::serve(listener, FormatsEcho).unwrap();
    let at = server.local_addr();
    let post = "POST /formats HTTP/1.1\r\nContent-Type: application/json";

    let body = gzip(br#"{"ratio": 1.5}"#);
    for coding in ["gzip", "GZIP", "identity, gzip"] {
        let head = format!("{post}\r\nContent-Encoding: {coding}");
        let (status, _, json) = exchange(at, &head, &body).await;
        assert_eq!(
            (status, &json["ratio"]),
            (200, &Value::from(1.5)),
            "{coding}"
        );
    }
    // Two gzip members one after the other are one body, as gzip(1) reads them.
    let mut two = gzip(br#"{"ratio": "#);
    two.extend(gzip(b"2.5}"));
    let (status, _, json) = exchange(at, &format!("{post}\r\nContent-Encoding: gzip"), &two).await;
    assert_eq!((status, &json["ratio"]), (200, &Value::from(2.5)));

    // Not gzip at all: a 400 `SerializationException` in the rest-json form.
    let head = format!("{post}\r\nContent-Encoding: gzip");
    let (status, error_type, json) = exchange(at, &head, br#"{"ratio": 1.5}"#).await;
    assert_eq!(
        (status, error_type.as_str()),
        (400, "serializationexception")
    );
    assert!(json["message"].as_str().unwrap().contains("gzip"), "{json}");

    // A 2 KiB bomb that inflates past the 1 MiB limit is a 413, not 2 MiB of memory.
    let mut padded = br#"{"ratio": 1.5, "pad": ""#.to_vec();
    padded.extend(std::iter::repeat_n(b' ', 2 << 20));
    padded.extend(br#""}"#);
    let bomb = gzip(&padded);
    assert!(bomb.len() < 8 << 10, "{}", bomb.len());
    let (status, error_type, _) = exchange(at, &head, &bomb).await;
    assert_eq!(
        (status, error_type.as_str()),
        (413, "payloadtoolargeexception")
    );
    server.shutdown().await;
}

#[tokio::test]
async fn a_server_under_a_base_path_routes_only_below_it() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let config = restgen_runtime::server::ServerConfig {
        base_path: "/v1/".to_string(),
        ..Default::default()
    };
    let server = formats::server::serve_with(listener, FormatsEcho, config).unwrap();
    let at = server.local_addr();
    let post = |path: &str| format!("POST {path} HTTP/1.1\r\nContent-Type: application/json");
    let body = br#"{"ratio": 1.5}"#;
    let (status, _, json) = exchange(at, &post("/v1/formats"), body).await;
    assert_eq!((status, &json["ratio"]), (200, &Value::from(1.5)));
    for outside in ["/formats", "/v1formats", "/v2/formats", "/v1"] {
        let (status, error_type, _) = exchange(at, &post(outside), body).await;
        assert_eq!(
            (status, error_type.as_str()),
            (404, "notfoundexception"),
            "{outside}"
        );
    }
    server.shutdown().await;
}
