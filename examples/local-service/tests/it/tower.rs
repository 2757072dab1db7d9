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
    assert_eq!(
        bad.header("x-amzn-errortype"),
        Some("SerializationException")
    );
    assert_eq!(bad.header("x-served-by"), Some("axum"));
    let unknown = send(addr, "GET", "/nowhere", &[], b"").await;
    assert_eq!(unknown.status, 404);
    server.abort();
}

/// Who is calling, as the authentication layer in front of the server establishes it.
#[derive(Clone)]
struct Principal(String);

/// Answers `GetIntegrationResponse` with what it sees of the request besides its input: the
/// caller a layer put on the request, and a header the input does not bind.
struct WhoAsks;

impl integration_response::server::Service for WhoAsks {
    async fn get_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, integration_response::errors::GetIntegrationResponseError>
    {
        use integration_response::runtime::server::RequestContext;
        let (caller, trace) = RequestContext::with(|cx| {
            let caller = cx.extensions().get::<Principal>().map(|p| p.0.clone());
            let trace = cx
                .headers()
                .get("x-trace-id")
                .map(|v| v.to_str().unwrap().to_string());
            (caller, trace)
        })
        .expect("answering a request, so there is a context");
        Ok(IntegrationResponse::new(trace.unwrap_or_default())
            .with_integration_response_id(input.integration_response_id)
            .with_template_selection_expression(caller.unwrap_or_default()))
    }
}

/// An implementation reads the request's headers and what a tower layer established (here
/// an axum middleware that turns a bearer token into a `Principal`, and refuses a request
/// without one before the server sees it), while its method still takes only its input.
#[tokio::test]
async fn an_implementation_sees_the_request_context_a_layer_set() {
    use axum::extract::Request;
    use axum::middleware::Next;
    use axum::response::{IntoResponse, Response};
    async fn authenticate(mut request: Request, next: Next) -> Response {
        let token = request
            .headers()
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::to_string);
        match token {
            Some(name) => {
                request.extensions_mut().insert(Principal(name));
                next.run(request).await
            }
            None => axum::http::StatusCode::UNAUTHORIZED.into_response(),
        }
    }
    let api = integration_response::server::handler(WhoAsks, ServerConfig::default());
    let app = axum::Router::new()
        .fallback_service(api)
        .layer(axum::middleware::from_fn(authenticate));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move { axum::serve(listener, app).await });

    let path = format!("{}/r1", collection("a", "i"));
    let headers = [("authorization", "Bearer alice"), ("x-trace-id", "t-42")];
    let answer = send(addr, "GET", &path, &headers, b"").await;
    assert_eq!(answer.status, 200, "{answer:?}");
    let body = answer.json();
    assert_eq!(body["templateSelectionExpression"], "alice");
    assert_eq!(body["integrationResponseKey"], "t-42");
    assert_eq!(body["integrationResponseId"], "r1");
    let refused = send(addr, "GET", &path, &[], b"").await;
    assert_eq!(refused.status, 401);
    server.abort();

    // Outside a request being answered there is no context.
    assert!(integration_response::runtime::server::RequestContext::with(|_| ()).is_none());
}
