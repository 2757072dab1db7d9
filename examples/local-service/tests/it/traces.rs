//! The `tracing` feature: client and server spans per operation, with the operation name,
//! attempt count, status and request id, and the client's retry decisions as events,
//! captured by a small recording subscriber (no subscriber crate needed).

use apigatewayv2_local::LocalService;
use integration_response::client::Client;
use integration_response::errors::*;
use integration_response::runtime::client::{Config, RetryPolicy, SdkError};
use integration_response::server::Service;
use integration_response::types::*;
use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

/// A span or an event as recorded: its name and its fields as text.
#[derive(Debug, Clone)]
struct Seen {
    name: String,
    fields: BTreeMap<String, String>,
}

impl Seen {
    fn get(&self, field: &str) -> Option<&str> {
        self.fields.get(field).map(String::as_str)
    }
}

impl Visit for Seen {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.fields.insert(
            field.name().to_string(),
            format!("{value:?}").trim_matches('"').to_string(),
        );
    }
    fn record_str(&mut self, field: &Field, value: &str) {
        self.fields
            .insert(field.name().to_string(), value.to_string());
    }
}

/// Records every span (with the fields recorded on it later) and every event.
#[derive(Default, Clone)]
struct Recorder {
    spans: Arc<Mutex<Vec<Seen>>>,
    events: Arc<Mutex<Vec<Seen>>>,
}

impl Subscriber for Recorder {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }
    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let mut seen = Seen {
            name: attributes.metadata().name().to_string(),
            fields: BTreeMap::new(),
        };
        attributes.record(&mut seen);
        let mut spans = self.spans.lock().unwrap();
        spans.push(seen);
        Id::from_u64(spans.len() as u64)
    }
    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut spans = self.spans.lock().unwrap();
        values.record(&mut spans[span.into_u64() as usize - 1]);
    }
    fn record_follows_from(&self, _: &Id, _: &Id) {}
    fn event(&self, event: &Event<'_>) {
        let mut seen = Seen {
            name: event.metadata().name().to_string(),
            fields: BTreeMap::new(),
        };
        event.record(&mut seen);
        self.events.lock().unwrap().push(seen);
    }
    fn enter(&self, _: &Id) {}
    fn exit(&self, _: &Id) {}
}

/// The local service, except that the first `failures` gets panic (a 500 each).
struct Flaky {
    inner: LocalService,
    failures: AtomicUsize,
}

impl Service for Flaky {
    async fn create_integration_response(
        &self,
        input: CreateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, CreateIntegrationResponseError> {
        self.inner.create_integration_response(input).await
    }
    async fn get_integration_responses(
        &self,
        input: GetIntegrationResponsesRequest,
    ) -> Result<GetIntegrationResponsesResponse, GetIntegrationResponsesError> {
        self.inner.get_integration_responses(input).await
    }
    async fn get_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, GetIntegrationResponseError> {
        if self
            .failures
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
            .is_ok()
        {
            panic!("a flaky moment");
        }
        self.inner.get_integration_response(input).await
    }
    async fn update_integration_response(
        &self,
        input: UpdateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, UpdateIntegrationResponseError> {
        self.inner.update_integration_response(input).await
    }
    async fn delete_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<(), DeleteIntegrationResponseError> {
        self.inner.delete_integration_response(input).await
    }
}

#[test]
fn client_and_server_spans_name_the_operation_status_and_request_id() {
    let recorder = Recorder::default();
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let (spans, events) = (recorder.spans.clone(), recorder.events.clone());
    tracing::subscriber::with_default(recorder, || {
        runtime.block_on(async {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
            let flaky = Flaky {
                inner: LocalService::new(),
                failures: AtomicUsize::new(1),
            };
            let server = integration_response::server::serve(listener, flaky).unwrap();
            let config = Config::builder()
                .endpoint(format!("http://{}", server.local_addr()))
                .no_signing()
                .retry(RetryPolicy::default().initial_backoff(Duration::from_millis(1)))
                .build()
                .unwrap();
            let client = Client::new(config);
            let created = client
                .create_integration_response(CreateIntegrationResponseRequest::new(
                    "a", "i", "$default",
                ))
                .await
                .unwrap();
            let item = IntegrationResponseItemRequest {
                api_id: "a".into(),
                integration_id: "i".into(),
                integration_response_id: created.integration_response_id.unwrap(),
            };
            // A 500 from the panic, retried, then found.
            client.get_integration_response(item.clone()).await.unwrap();
            client
                .delete_integration_response(item.clone())
                .await
                .unwrap();
            // A 404: not retried.
            let missing = client.get_integration_response(item).await;
            assert!(matches!(missing, Err(SdkError::Service(_))));
            server.shutdown().await;
        })
    });
    let spans = spans.lock().unwrap().clone();
    let events = events.lock().unwrap().clone();
    let client: Vec<&Seen> = spans
        .iter()
        .filter(|s| s.name == "restgen.client")
        .collect();
    let server: Vec<&Seen> = spans
        .iter()
        .filter(|s| s.name == "restgen.server")
        .collect();
    let ops: Vec<_> = client.iter().map(|s| s.get("operation").unwrap()).collect();
    assert_eq!(
        ops,
        [
            "CreateIntegrationResponse",
            "GetIntegrationResponse",
            "DeleteIntegrationResponse",
            "GetIntegrationResponse"
        ]
    );
    fn fields(s: &Seen) -> (Option<&str>, Option<&str>) {
        (s.get("status"), s.get("attempts"))
    }
    assert_eq!(fields(client[0]), (Some("201"), Some("1")));
    assert_eq!(fields(client[1]), (Some("200"), Some("2")));
    assert_eq!(fields(client[2]), (Some("204"), Some("1")));
    assert_eq!(fields(client[3]), (Some("404"), Some("1")));
    assert!(client
        .iter()
        .all(|s| s.get("request_id").is_some_and(|id| id.len() == 36)));
    // Every client call reached the server with the same request id.
    assert_eq!(server.len(), 5, "{server:?}");
    for c in &client {
        assert!(server
            .iter()
            .any(|s| s.get("request_id") == c.get("request_id")
                && s.get("operation") == c.get("operation")
                && s.get("status") == c.get("status")));
    }
    assert!(server
        .iter()
        .any(|s| s.get("status") == Some("500")
            && s.get("operation") == Some("GetIntegrationResponse")));
    assert!(server
        .iter()
        .any(|s| s.get("error_type") == Some("NotFoundException")));
    let attempts = spans.iter().filter(|s| s.name == "restgen.attempt").count();
    assert_eq!(attempts, 5);
    let decisions: Vec<_> = events
        .iter()
        .filter_map(|e| Some((e.get("message")?, e.get("attempt")?, e.get("reason")?)))
        .collect();
    assert!(
        decisions.contains(&("retrying", "1", "InternalFailure")),
        "{decisions:?}"
    );
    assert!(
        decisions.contains(&("giving up", "1", "NotFoundException")),
        "{decisions:?}"
    );
}
