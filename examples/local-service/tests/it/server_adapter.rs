//! The HTTP adapter's own behaviour: request ids on every response, a panicking
//! implementation fails only its own request, keep-alive, and graceful shutdown.

use crate::support::{collection, item, parse_response, send, send_json};
use apigatewayv2_local::LocalService;
use integration_response::errors::{
    CreateIntegrationResponseError, DeleteIntegrationResponseError, GetIntegrationResponseError,
    GetIntegrationResponsesError, UpdateIntegrationResponseError,
};
use integration_response::server::Service;
use integration_response::types::*;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The local service, except that getting the id `boom` panics.
struct Panicky(LocalService);

impl Service for Panicky {
    async fn create_integration_response(
        &self,
        input: CreateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, CreateIntegrationResponseError> {
        self.0.create_integration_response(input).await
    }
    async fn get_integration_responses(
        &self,
        input: GetIntegrationResponsesRequest,
    ) -> Result<GetIntegrationResponsesResponse, GetIntegrationResponsesError> {
        self.0.get_integration_responses(input).await
    }
    async fn get_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, GetIntegrationResponseError> {
        if input.integration_response_id == "boom" {
            panic!("the implementation panicked (on purpose, in a test)");
        }
        self.0.get_integration_response(input).await
    }
    async fn update_integration_response(
        &self,
        input: UpdateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, UpdateIntegrationResponseError> {
        self.0.update_integration_response(input).await
    }
    async fn delete_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<(), DeleteIntegrationResponseError> {
        self.0.delete_integration_response(input).await
    }
}

#[tokio::test]
async fn a_panic_is_a_500_for_that_request_only() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server =
        integration_response::server::serve(listener, Panicky(LocalService::new())).unwrap();
    let addr = server.local_addr();
    let created = send_json(
        addr,
        "POST",
        &collection("a", "i"),
        r#"{"integrationResponseKey": "k"}"#,
    )
    .await;
    assert_eq!(created.status, 201);
    let id = created.json()["integrationResponseId"]
        .as_str()
        .unwrap()
        .to_string();
    for _ in 0..3 {
        let boom = send(addr, "GET", &item("a", "i", "boom"), &[], b"").await;
        boom.assert_error(500, "InternalFailure");
        assert!(
            !String::from_utf8_lossy(&boom.body).contains("on purpose"),
            "panic text leaked"
        );
        let fine = send(addr, "GET", &item("a", "i", &id), &[], b"").await;
        assert_eq!(fine.status, 200, "{fine:?}");
    }
    server.shutdown().await;
}

#[tokio::test]
async fn every_response_has_a_unique_request_id() {
    let server = crate::support::start(LocalService::new(), Default::default()).await;
    let addr = server.local_addr();
    let responses = [
        send_json(
            addr,
            "POST",
            &collection("a", "i"),
            r#"{"integrationResponseKey": "k"}"#,
        )
        .await,
        send(addr, "GET", &collection("a", "i"), &[], b"").await,
        send(addr, "DELETE", &item("a", "i", "00000000"), &[], b"").await,
        send(addr, "GET", "/nowhere", &[], b"").await,
        send(addr, "PUT", &collection("a", "i"), &[], b"").await,
        send_json(addr, "POST", &collection("a", "i"), "[]").await,
    ];
    let statuses: Vec<u16> = responses.iter().map(|r| r.status).collect();
    assert_eq!(statuses, [201, 200, 204, 404, 405, 400]);
    assert!(responses[2].body.is_empty());
    let mut ids: Vec<&str> = responses
        .iter()
        .map(|r| r.header("x-amzn-RequestId").unwrap())
        .collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), responses.len());
    server.shutdown().await;
}

#[tokio::test]
async fn keep_alive_then_graceful_shutdown() {
    let server = crate::support::start(LocalService::new(), Default::default()).await;
    let addr = server.local_addr();
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // Two requests on one connection.
    for _ in 0..2 {
        let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("a", "i"));
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut buf = vec![0; 4096];
        let n = stream.read(&mut buf).await.unwrap();
        let response = parse_response(&buf[..n]);
        assert_eq!(response.status, 200);
        assert_eq!(response.json(), serde_json::json!({"items": []}));
    }
    // Shutdown closes the idle keep-alive connection and then returns.
    tokio::time::timeout(std::time::Duration::from_secs(10), server.shutdown())
        .await
        .expect("shutdown finished");
    let mut rest = Vec::new();
    let n = stream.read_to_end(&mut rest).await.unwrap_or(0);
    assert_eq!(n, 0, "the connection was closed");
    assert!(
        tokio::net::TcpStream::connect(addr).await.is_err(),
        "still accepting"
    );
}

/// A service may implement only some operations: the others answer 501 `NotImplemented` in
/// the rest-json form, naming the operation, and the generated client sees an unmodelled
/// error with that status and code.
#[tokio::test]
async fn unimplemented_operations_answer_501_naming_the_operation() {
    struct OnlyGet;
    impl Service for OnlyGet {
        async fn get_integration_response(
            &self,
            input: IntegrationResponseItemRequest,
        ) -> Result<IntegrationResponse, GetIntegrationResponseError> {
            Ok(IntegrationResponse {
                integration_response_id: Some(input.integration_response_id),
                integration_response_key: "$default".into(),
                content_handling_strategy: None,
                response_parameters: None,
                response_templates: None,
                template_selection_expression: None,
            })
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = integration_response::server::serve(listener, OnlyGet).unwrap();
    let addr = server.local_addr();
    let found = crate::support::send(addr, "GET", &item("a", "i", "r1"), &[], b"").await;
    assert_eq!(found.status, 200);
    let missing = send_json(
        addr,
        "POST",
        &collection("a", "i"),
        r#"{"integrationResponseKey": "k"}"#,
    )
    .await;
    assert_eq!(missing.status, 501);
    assert_eq!(missing.header("x-amzn-errortype"), Some("NotImplemented"));
    let body: serde_json::Value = serde_json::from_slice(&missing.body).unwrap();
    assert_eq!(
        body["message"],
        "operation CreateIntegrationResponse is not implemented by this server"
    );
    let client = crate::support::client(addr);
    let err = client
        .delete_integration_response(IntegrationResponseItemRequest::new("a", "i", "r1"))
        .await
        .unwrap_err();
    let integration_response::runtime::client::SdkError::Service(e) = err else {
        panic!("{err:?}")
    };
    assert_eq!((e.status(), e.code()), (501, Some("NotImplemented")));
    server.shutdown().await;
}

/// Dropping the handle leaves the server running (only `shutdown` stops it).
#[tokio::test]
async fn dropping_the_handle_leaves_the_server_running() {
    let handle = crate::support::start(
        LocalService::new(),
        integration_response::runtime::server::ServerConfig::default(),
    )
    .await;
    let addr = handle.local_addr();
    drop(handle);
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let listed = crate::support::send(addr, "GET", &collection("a", "i"), &[], b"").await;
    assert_eq!(listed.status, 200);
}
