//! The generated client against the generated server over 127.0.0.1: all five operations
//! (with SigV4 signing on, which the server ignores), the pagination stream, and every
//! error each operation can return, decoded into its modelled variant.

use apigatewayv2_local::LocalService;
use integration_response::client::Client;
use integration_response::errors::*;
use integration_response::runtime::client::{Config, Credentials, RetryPolicy};
use integration_response::server::Service;
use integration_response::types::*;
use std::collections::BTreeMap;

/// The local service, except that an `apiId` of `fail-<Code>` makes any operation return
/// that modelled error, so every error of every operation can be produced.
struct Scripted(LocalService);

fn scripted<
    E: From<BadRequestException> + From<NotFoundException> + From<TooManyRequestsException>,
>(
    api_id: &str,
    conflict: impl FnOnce() -> Option<E>,
) -> Option<E> {
    let message = Some(format!("scripted {api_id}"));
    match api_id {
        "fail-BadRequestException" => Some(
            BadRequestException {
                message,
                ..Default::default()
            }
            .into(),
        ),
        "fail-NotFoundException" => Some(
            NotFoundException {
                message,
                resource_type: Some("Api".into()),
                ..Default::default()
            }
            .into(),
        ),
        "fail-TooManyRequestsException" => Some(
            TooManyRequestsException {
                message,
                limit_type: Some("Rate".into()),
                ..Default::default()
            }
            .into(),
        ),
        "fail-ConflictException" => conflict(),
        _ => None,
    }
}

fn conflict<E: From<ConflictException>>() -> Option<E> {
    Some(
        ConflictException {
            message: Some("scripted".into()),
            ..Default::default()
        }
        .into(),
    )
}

/// A `From` impl for errors an operation does not have, so `scripted` fits all five; the
/// scripted ids that would need it are never sent to those operations.
macro_rules! only_not_found_and_throttling {
    ($($op:ident),*) => {$(
        impl From<BadRequestException> for Wrapped<$op> {
            fn from(e: BadRequestException) -> Self { panic!("{e} is not an error of this operation") }
        }
    )*};
}

struct Wrapped<E>(E);
impl<E: From<NotFoundException>> From<NotFoundException> for Wrapped<E> {
    fn from(e: NotFoundException) -> Self {
        Wrapped(e.into())
    }
}
impl<E: From<TooManyRequestsException>> From<TooManyRequestsException> for Wrapped<E> {
    fn from(e: TooManyRequestsException) -> Self {
        Wrapped(e.into())
    }
}
only_not_found_and_throttling!(GetIntegrationResponseError, DeleteIntegrationResponseError);

impl Service for Scripted {
    async fn create_integration_response(
        &self,
        input: CreateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, CreateIntegrationResponseError> {
        if let Some(e) = scripted(&input.api_id, conflict) {
            return Err(e);
        }
        self.0.create_integration_response(input).await
    }
    async fn get_integration_responses(
        &self,
        input: GetIntegrationResponsesRequest,
    ) -> Result<GetIntegrationResponsesResponse, GetIntegrationResponsesError> {
        if let Some(e) = scripted(&input.api_id, || None) {
            return Err(e);
        }
        self.0.get_integration_responses(input).await
    }
    async fn get_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<IntegrationResponse, GetIntegrationResponseError> {
        if let Some(Wrapped(e)) = scripted(&input.api_id, || None) {
            return Err(e);
        }
        self.0.get_integration_response(input).await
    }
    async fn update_integration_response(
        &self,
        input: UpdateIntegrationResponseRequest,
    ) -> Result<IntegrationResponse, UpdateIntegrationResponseError> {
        if let Some(e) = scripted(&input.api_id, conflict) {
            return Err(e);
        }
        self.0.update_integration_response(input).await
    }
    async fn delete_integration_response(
        &self,
        input: IntegrationResponseItemRequest,
    ) -> Result<(), DeleteIntegrationResponseError> {
        if let Some(Wrapped(e)) = scripted(&input.api_id, || None) {
            return Err(e);
        }
        self.0.delete_integration_response(input).await
    }
}

async fn client_and_server() -> (Client, integration_response::runtime::server::ServerHandle) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server =
        integration_response::server::serve(listener, Scripted(LocalService::new())).unwrap();
    let config = Config::builder()
        .endpoint(format!("http://{}", server.local_addr()))
        .region("us-east-1")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .retry(RetryPolicy::disabled())
        .build()
        .unwrap();
    (Client::new(config), server)
}

fn create(api: &str, key: &str) -> CreateIntegrationResponseRequest {
    CreateIntegrationResponseRequest {
        api_id: api.into(),
        integration_id: "int".into(),
        integration_response_key: key.into(),
        content_handling_strategy: Some(ContentHandlingStrategy::ConvertToText),
        response_parameters: Some(BTreeMap::from([("a".into(), "b".into())])),
        response_templates: None,
        template_selection_expression: None,
    }
}

fn item_request(api: &str, id: &str) -> IntegrationResponseItemRequest {
    IntegrationResponseItemRequest {
        api_id: api.into(),
        integration_id: "int".into(),
        integration_response_id: id.into(),
    }
}

fn update(api: &str, id: &str, key: Option<&str>) -> UpdateIntegrationResponseRequest {
    UpdateIntegrationResponseRequest {
        integration_response_key: key.map(Into::into),
        ..UpdateIntegrationResponseRequest {
            api_id: api.into(),
            integration_id: "int".into(),
            integration_response_id: id.into(),
            ..Default::default()
        }
    }
}

fn list(api: &str, max: Option<&str>) -> GetIntegrationResponsesRequest {
    GetIntegrationResponsesRequest {
        api_id: api.into(),
        integration_id: "int".into(),
        max_results: max.map(Into::into),
        next_token: None,
    }
}

#[tokio::test]
async fn generated_client_against_generated_server() {
    let (client, server) = client_and_server().await;
    for api in ["a/b", "a b", "a?b", "a#b", "a+b", "a%2Fb", "~-._", "ü€"] {
        let created = client
            .create_integration_response(create(api, "$default"))
            .await
            .unwrap();
        let id = created.integration_response_id.clone().unwrap();
        let got = client
            .get_integration_response(item_request(api, &id))
            .await
            .unwrap();
        assert_eq!(got, created);
        let updated = client
            .update_integration_response(update(api, &id, Some("$other")))
            .await
            .unwrap();
        assert_eq!(updated.integration_response_key, "$other");
        assert_eq!(updated.response_parameters, created.response_parameters);
        let page = client
            .get_integration_responses(list(api, None))
            .await
            .unwrap();
        assert_eq!(page.items.unwrap(), vec![updated]);
        client
            .delete_integration_response(item_request(api, &id))
            .await
            .unwrap();
        assert!(client
            .get_integration_responses(list(api, None))
            .await
            .unwrap()
            .items
            .unwrap()
            .is_empty());
    }
    // The pagination stream over pages of 3.
    for i in 0..10 {
        client
            .create_integration_response(create("pages", &format!("k{i:02}")))
            .await
            .unwrap();
    }
    let mut items = client.get_integration_responses_items(list("pages", Some("3")));
    let mut keys = Vec::new();
    while let Some(item) = items.next().await {
        keys.push(item.unwrap().integration_response_key);
    }
    assert_eq!(
        keys,
        (0..10).map(|i| format!("k{i:02}")).collect::<Vec<_>>()
    );
    server.shutdown().await;
}

#[tokio::test]
async fn every_modelled_error_of_every_operation_reaches_the_client() {
    let (client, server) = client_and_server().await;
    let api = |code: &str| format!("fail-{code}");
    use CreateIntegrationResponseError as C;
    for (code, check) in [
        (
            "BadRequestException",
            (|e: &C| matches!(e, C::BadRequestException(_))) as fn(&C) -> bool,
        ),
        (
            "NotFoundException",
            |e| matches!(e, C::NotFoundException(x) if x.resource_type.as_deref() == Some("Api")),
        ),
        ("ConflictException", |e| {
            matches!(e, C::ConflictException(_))
        }),
        (
            "TooManyRequestsException",
            |e| matches!(e, C::TooManyRequestsException(x) if x.limit_type.as_deref() == Some("Rate")),
        ),
    ] {
        let err = client
            .create_integration_response(create(&api(code), "k"))
            .await
            .unwrap_err();
        assert!(err.service_error().is_some_and(check), "{code}: {err:?}");
    }
    use GetIntegrationResponsesError as L;
    for (code, check) in [
        (
            "BadRequestException",
            (|e: &L| matches!(e, L::BadRequestException(_))) as fn(&L) -> bool,
        ),
        ("NotFoundException", |e| {
            matches!(e, L::NotFoundException(_))
        }),
        ("TooManyRequestsException", |e| {
            matches!(e, L::TooManyRequestsException(_))
        }),
    ] {
        let err = client
            .get_integration_responses(list(&api(code), None))
            .await
            .unwrap_err();
        assert!(err.service_error().is_some_and(check), "{code}: {err:?}");
    }
    use GetIntegrationResponseError as G;
    for (code, check) in [
        (
            "NotFoundException",
            (|e: &G| matches!(e, G::NotFoundException(_))) as fn(&G) -> bool,
        ),
        ("TooManyRequestsException", |e| {
            matches!(e, G::TooManyRequestsException(_))
        }),
    ] {
        let err = client
            .get_integration_response(item_request(&api(code), "x"))
            .await
            .unwrap_err();
        assert!(err.service_error().is_some_and(check), "{code}: {err:?}");
    }
    use UpdateIntegrationResponseError as U;
    for (code, check) in [
        (
            "BadRequestException",
            (|e: &U| matches!(e, U::BadRequestException(_))) as fn(&U) -> bool,
        ),
        ("NotFoundException", |e| {
            matches!(e, U::NotFoundException(_))
        }),
        ("ConflictException", |e| {
            matches!(e, U::ConflictException(_))
        }),
        ("TooManyRequestsException", |e| {
            matches!(e, U::TooManyRequestsException(_))
        }),
    ] {
        let err = client
            .update_integration_response(update(&api(code), "x", None))
            .await
            .unwrap_err();
        assert!(err.service_error().is_some_and(check), "{code}: {err:?}");
    }
    use DeleteIntegrationResponseError as D;
    for (code, check) in [
        (
            "NotFoundException",
            (|e: &D| matches!(e, D::NotFoundException(_))) as fn(&D) -> bool,
        ),
        ("TooManyRequestsException", |e| {
            matches!(e, D::TooManyRequestsException(_))
        }),
    ] {
        let err = client
            .delete_integration_response(item_request(&api(code), "x"))
            .await
            .unwrap_err();
        assert!(err.service_error().is_some_and(check), "{code}: {err:?}");
    }
    // The real (unscripted) errors of the local service, and the server's own 400.
    let err = client
        .get_integration_response(item_request("real", "nope"))
        .await
        .unwrap_err();
    assert!(
        matches!(err.service_error(), Some(G::NotFoundException(e)) if e.resource_type.as_deref() == Some("IntegrationResponse")),
        "{err:?}"
    );
    client
        .create_integration_response(create("real", "dup"))
        .await
        .unwrap();
    let err = client
        .create_integration_response(create("real", "dup"))
        .await
        .unwrap_err();
    assert!(
        matches!(err.service_error(), Some(C::ConflictException(_))),
        "{err:?}"
    );
    let mut bad = create("real", "bad");
    bad.content_handling_strategy = Some(ContentHandlingStrategy::from("CONVERT_TO_HOLOGRAM"));
    let err = client.create_integration_response(bad).await.unwrap_err();
    assert!(
        matches!(err.service_error(), Some(C::BadRequestException(_))),
        "{err:?}"
    );
    let err = client
        .get_integration_responses(list("real", Some("0")))
        .await
        .unwrap_err();
    assert!(
        matches!(err.service_error(), Some(L::BadRequestException(_))),
        "{err:?}"
    );
    server.shutdown().await;
}
