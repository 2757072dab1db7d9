//! `protocol: http-json` with `error_format: code` (WIRE.md §10), over real HTTP: the
//! generated server of the `error_codes` fixture writes each error as a JSON object naming
//! its code in `error`, with no `x-amz*` header; the generated client tells two errors of
//! one status apart by that code alone; the schema's first server is the default endpoint.

use fixture_error_codes::client::Client;
use fixture_error_codes::errors::*;
use fixture_error_codes::runtime::client::{Config, SdkError};
use fixture_error_codes::server::{serve, Service};
use fixture_error_codes::types::{Item, ItemRequest, ReserveRequest};
use serde_json::{json, Value};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

struct Inventory;

impl Service for Inventory {
    async fn get_item(&self, input: ItemRequest) -> Result<Item, GetItemError> {
        match input.sku.as_str() {
            "gone" => Err(ItemNotFound::new().with_message("no item gone").into()),
            "old" => Err(ItemArchived::new()
                .with_message("item old is archived")
                .with_archived_by("ann")
                .into()),
            sku => Ok(Item::new(sku, 3)),
        }
    }

    async fn reserve_item(&self, input: ReserveRequest) -> Result<Item, ReserveItemError> {
        if input.count > 3 {
            return Err(OutOfStock::new(3).with_message("only 3 left").into());
        }
        Ok(Item::new(input.sku, 3 - input.count))
    }
}

/// One raw request: the status, the headers (names lowercase) and the body as JSON.
async fn raw(addr: SocketAddr, head: &str, body: &str) -> (u16, Vec<(String, String)>, Value) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "{head}\r\nHost: localhost\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    stream.read_to_end(&mut response).await.unwrap();
    let text = String::from_utf8(response).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    let status = head[9..12].parse().unwrap();
    let headers = head
        .lines()
        .skip(1)
        .filter_map(|l| l.split_once(": "))
        .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
        .collect();
    (
        status,
        headers,
        serde_json::from_str(body).unwrap_or(Value::Null),
    )
}

fn header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn client(addr: SocketAddr) -> Client {
    Client::new(
        Config::builder()
            .endpoint(format!("http://{addr}"))
            .no_signing()
            .build()
            .unwrap(),
    )
}

#[tokio::test]
async fn errors_name_their_code_in_the_body_and_nothing_in_amz_headers() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = serve(listener, Inventory).unwrap();
    let addr = server.local_addr();

    let (status, headers, body) = raw(addr, "GET /items/old HTTP/1.1", "").await;
    assert_eq!(status, 404);
    assert_eq!(
        body,
        json!({"error": "archived", "message": "item old is archived", "archivedBy": "ann"})
    );
    assert_eq!(header(&headers, "content-type"), Some("application/json"));
    assert!(header(&headers, "x-request-id").is_some_and(|id| !id.is_empty()));
    assert!(
        headers.iter().all(|(k, _)| !k.starts_with("x-amz")),
        "{headers:?}"
    );

    // A refusal of the server's own carries its code the same way.
    let (status, headers, body) = raw(addr, "GET /nowhere HTTP/1.1", "").await;
    assert_eq!(status, 404);
    assert_eq!(body["error"], "NotFoundException");
    assert!(body["message"].as_str().unwrap().contains("/nowhere"));
    assert!(headers.iter().all(|(k, _)| !k.starts_with("x-amz")));

    // A constraint violation is the schema's validation error, under its status.
    let (status, _, body) = raw(
        addr,
        "POST /items/a/reservations HTTP/1.1",
        r#"{"count": 11}"#,
    )
    .await;
    assert_eq!(status, 422);
    assert_eq!(body["error"], "InvalidInput");
    assert_eq!(body["problems"][0]["path"], "/count");

    server.shutdown().await;
}

#[tokio::test]
async fn the_client_tells_errors_of_one_status_apart_by_their_code() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = serve(listener, Inventory).unwrap();
    let addr = server.local_addr();
    let client = client(addr);

    let item = client.get_item(ItemRequest::new("a")).await.unwrap();
    assert_eq!(item, Item::new("a", 3));

    let Err(SdkError::Service(GetItemError::ItemArchived(e))) =
        client.get_item(ItemRequest::new("old")).await
    else {
        panic!("not ItemArchived")
    };
    assert_eq!(e.archived_by.as_deref(), Some("ann"));
    assert!(e.request_id.as_deref().is_some_and(|id| !id.is_empty()));

    let Err(SdkError::Service(GetItemError::ItemNotFound(e))) =
        client.get_item(ItemRequest::new("gone")).await
    else {
        panic!("not ItemNotFound")
    };
    assert_eq!(e.message.as_deref(), Some("no item gone"));

    let Err(SdkError::Service(ReserveItemError::OutOfStock(e))) =
        client.reserve_item(ReserveRequest::new("a", 5)).await
    else {
        panic!("not OutOfStock")
    };
    assert_eq!(
        (e.available, e.message.as_deref()),
        (3, Some("only 3 left"))
    );

    let Err(SdkError::Service(ReserveItemError::InvalidInput(e))) =
        client.reserve_item(ReserveRequest::new("a", 0)).await
    else {
        panic!("not InvalidInput")
    };
    let problems = e.problems.unwrap();
    assert_eq!(problems[0].path, "/count");

    server.shutdown().await;
}

#[test]
fn the_first_server_of_the_schema_is_the_default_endpoint() {
    let client = Client::new(Config::builder().no_signing().build().unwrap());
    assert_eq!(client.endpoint(), "https://inventory.example.com/v1");
    // An explicit endpoint wins.
    let client = Client::new(
        Config::builder()
            .endpoint("http://127.0.0.1:9/v1")
            .no_signing()
            .build()
            .unwrap(),
    );
    assert_eq!(client.endpoint(), "http://127.0.0.1:9/v1");
}

/// Conformance-style cases of the http-json error forms, client side: each response (status,
/// headers, body) and the error it must decode as, with its code and message.
#[test]
fn error_responses_decode_by_the_code_in_the_body() {
    use fixture_error_codes::runtime::{ErrorBody, ErrorResponse, OperationError, Protocol};
    let code_form = Protocol::HttpJson(ErrorBody::Code("error"));
    let cases: &[Case] = &[
        // (case, status, content type, body, expected variant, expected message)
        (
            "modelled",
            404,
            "application/json",
            r#"{"error":"ItemNotFound","message":"m"}"#,
            Some("ItemNotFound"),
            Some("m"),
        ),
        (
            "custom code",
            404,
            "application/json",
            r#"{"error":"archived","archivedBy":"x"}"#,
            Some("ItemArchived"),
            None,
        ),
        (
            "the status takes no part",
            500,
            "application/json",
            r#"{"error":"archived"}"#,
            Some("ItemArchived"),
            None,
        ),
        (
            "unknown code",
            404,
            "application/json",
            r#"{"error":"Nope","message":"n"}"#,
            None,
            Some("n"),
        ),
        (
            "rest-json's header is not read",
            404,
            "application/json",
            r#"{"message":"n"}"#,
            None,
            Some("n"),
        ),
        (
            "another member is not the code",
            404,
            "application/json",
            r#"{"code":"ItemNotFound"}"#,
            None,
            None,
        ),
        (
            "not JSON",
            502,
            "text/html",
            "<html>bad gateway</html>",
            None,
            None,
        ),
        ("empty", 503, "", "", None, None),
        (
            "a code that is not a string",
            404,
            "application/json",
            r#"{"error":7}"#,
            None,
            None,
        ),
        (
            "a member of the wrong type",
            409,
            "application/json",
            r#"{"error":"OutOfStock","available":"three"}"#,
            None,
            None,
        ),
        (
            "a missing required member is corrected",
            409,
            "application/json",
            r#"{"error":"OutOfStock"}"#,
            Some("OutOfStock"),
            None,
        ),
    ];
    for (case, status, content_type, body, variant, message) in cases {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-amzn-errortype", "ItemNotFound".parse().unwrap());
        if !content_type.is_empty() {
            headers.insert("content-type", content_type.parse().unwrap());
        }
        headers.insert("x-request-id", "r-1".parse().unwrap());
        let response = ErrorResponse::read(code_form, *status, &headers, body.as_bytes());
        // GetItem lists ItemNotFound and ItemArchived; ReserveItem ItemNotFound and OutOfStock.
        let (name, found_message) = if body.contains("OutOfStock") {
            let e = ReserveItemError::from_response(&response);
            assert_eq!(e.request_id(), Some("r-1"), "{case}");
            (
                variant_name(&format!("{e:?}")).to_string(),
                e.message().map(str::to_string),
            )
        } else {
            let e = GetItemError::from_response(&response);
            assert_eq!(e.request_id(), Some("r-1"), "{case}");
            // A modelled error has its schema's status; an unmodelled one the response's.
            if variant.is_none() {
                assert_eq!(e.status(), *status, "{case}");
            }
            (
                variant_name(&format!("{e:?}")).to_string(),
                e.message().map(str::to_string),
            )
        };
        assert_eq!(name, variant.unwrap_or("Unmodelled"), "{case}");
        assert_eq!(found_message.as_deref(), *message, "{case}");
    }
}

/// A case: its name, the status, `Content-Type` and body of the response, and the variant
/// and message it decodes to (`None`: `Unmodelled`; no message).
type Case = (
    &'static str,
    u16,
    &'static str,
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
);

/// The name of the enum variant a `Debug` text starts with.
fn variant_name(debug: &str) -> &str {
    debug.split('(').next().unwrap_or(debug)
}
