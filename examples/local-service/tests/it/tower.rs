//! The generated server as a `tower::Service` (feature `tower`): mounted in an axum `Router`
//! beside the application's own route, under a `tower-http` layer, served by axum over
//! loopback, and driven by the generated client and by raw HTTP.

use crate::support::{collection, send, send_json};
use apigatewayv2_local::LocalService;
use axum::http::{HeaderName, HeaderValue};
use integration_response::runtime::server::ServerConfig;
use integration_response::types::*;
use tower_http::set_header::SetResponseHeaderLayer;

#[tokio::test]
async fn the_server_mounts_in_axum_under_a_tower_layer() {
    let api = integration_response::server::handler(LocalService::new(), ServerConfig::default());
    let app = axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .fallback_service(api)
        .layer(SetResponseHeaderLayer::overriding(
            HeaderName::from_static("x-served-by"),
            HeaderValue::from_static("axum"),
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    // The application's own route.
    let health = send(addr, "GET", "/health", &[], b"").await;
    assert_eq!((health.status, health.body.as_slice()), (200, &b"ok"[..]));
    assert_eq!(health.header("x-served-by"), Some("axum"));

    // The generated client, through axum, to the generated server.
    let created = crate::support::client(addr)
        .create_integration_response(
            CreateIntegrationResponseRequest::new("a", "i", "$default")
                .with_content_handling_strategy(ContentHandlingStrategy::ConvertToText),
        )
        .await
        .unwrap();
    let listed = send(addr, "GET", &collection("a", "i"), &[], b"").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("x-served-by"), Some("axum"));
    assert!(listed.header("x-amzn-requestid").is_some());
    let body: serde_json::Value = serde_json::from_slice(&listed.body).unwrap();
    assert_eq!(
        body["items"][0]["integrationResponseId"],
        created.integration_response_id.unwrap().as_str()
    );

    // Its rest-json errors and its checks come through unchanged.
    let bad = send_json(addr, "POST", &collection("a", "i"), "{not json").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.header("x-amzn-errortype"), Some("BadRequestException"));
    assert_eq!(bad.header("x-served-by"), Some("axum"));
    let unknown = send(addr, "GET", "/nowhere", &[], b"").await;
    assert_eq!(unknown.status, 404);
    server.abort();
}
