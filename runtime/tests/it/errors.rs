//! Error decoding by the rest-json rules of WIRE.md §4, for every error form, through the
//! generated per-operation enums; and the server-side encoding.

use integration_response::errors::*;
use integration_response::runtime::{ErrorResponse, OperationError, ServiceError};

pub(crate) fn decode<E: OperationError>(status: u16, headers: &[(&str, &str)], body: &str) -> E {
    let mut map = http::HeaderMap::new();
    for (k, v) in headers {
        map.insert(
            http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
            http::HeaderValue::from_str(v).unwrap(),
        );
    }
    E::from_response(&ErrorResponse::parse(status, &map, body.as_bytes()))
}

const NOT_FOUND_BODY: &str = r#"{"message": "Invalid IntegrationResponse identifier specified", "resourceType": "IntegrationResponse"}"#;

#[test]
fn plain_header() {
    let e: GetIntegrationResponseError = decode(
        404,
        &[
            ("x-amzn-ErrorType", "NotFoundException"),
            ("x-amzn-RequestId", "req-1"),
        ],
        NOT_FOUND_BODY,
    );
    let GetIntegrationResponseError::NotFoundException(nf) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        nf.message.as_deref(),
        Some("Invalid IntegrationResponse identifier specified")
    );
    assert_eq!(nf.resource_type.as_deref(), Some("IntegrationResponse"));
    assert_eq!(e.status(), 404);
    assert_eq!(e.code(), Some("NotFoundException"));
    assert_eq!(e.request_id(), Some("req-1"));
    assert!(!e.is_retryable());
    assert_eq!(
        e.to_string(),
        "NotFoundException (HTTP 404): Invalid IntegrationResponse identifier specified (request id req-1)"
    );
}

#[test]
fn suffixed_header() {
    let e: GetIntegrationResponseError = decode(
        404,
        &[(
            "X-Amzn-Errortype",
            "NotFoundException:http://internal.amazon.com/coral/com.amazon.coral.validate/",
        )],
        NOT_FOUND_BODY,
    );
    assert!(
        matches!(e, GetIntegrationResponseError::NotFoundException(_)),
        "{e:?}"
    );
}

#[test]
fn namespaced_type_in_body() {
    let e: UpdateIntegrationResponseError = decode(
        409,
        &[],
        r#"{"__type": "com.amazonaws.apigatewayv2#ConflictException", "message": "An IntegrationResponse with key $default already exists"}"#,
    );
    let UpdateIntegrationResponseError::ConflictException(c) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        c.message.as_deref(),
        Some("An IntegrationResponse with key $default already exists")
    );
}

#[test]
fn code_in_body_and_capitalised_message() {
    let e: CreateIntegrationResponseError = decode(
        400,
        &[],
        r#"{"code": "BadRequestException", "Message": "Invalid request body"}"#,
    );
    assert!(
        matches!(e, CreateIntegrationResponseError::BadRequestException(_)),
        "{e:?}"
    );
    assert_eq!(
        e.message(),
        None,
        "the modelled error's member is `message`"
    );
    let e: CreateIntegrationResponseError = decode(
        400,
        &[],
        r#"{"Code": "SomethingElse", "Message": "Invalid request body"}"#,
    );
    let CreateIntegrationResponseError::Unmodelled(u) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(u.code.as_deref(), Some("SomethingElse"));
    assert_eq!(u.message.as_deref(), Some("Invalid request body"));
}

#[test]
fn alias_of_too_many_requests() {
    for code in ["TooManyRequestsException", "LimitExceededException"] {
        let e: GetIntegrationResponseError = decode(
            429,
            &[("x-amzn-ErrorType", code)],
            r#"{"message": "Too Many Requests", "limitType": "Rate"}"#,
        );
        let GetIntegrationResponseError::TooManyRequestsException(t) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(t.limit_type.as_deref(), Some("Rate"));
        assert!(e.is_retryable());
        assert_eq!(e.code(), Some("TooManyRequestsException"));
    }
}

#[test]
fn no_code_at_all_is_unmodelled_by_status() {
    let e: GetIntegrationResponseError =
        decode(503, &[("x-amzn-RequestId", "r")], r#"{"message": "busy"}"#);
    let GetIntegrationResponseError::Unmodelled(u) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(
        (u.status, u.code.as_deref(), u.message.as_deref()),
        (503, None, Some("busy"))
    );
    assert_eq!(e.request_id(), Some("r"));
    assert!(e.is_retryable());
}

#[test]
fn empty_html_and_garbage_bodies_never_fail() {
    for body in [
        "",
        "<html><body>502 Bad Gateway</body></html>",
        "{not json",
        "[1,2]",
        "\"str\"",
    ] {
        let e: DeleteIntegrationResponseError = decode(502, &[], body);
        let DeleteIntegrationResponseError::Unmodelled(u) = &e else {
            panic!("{e:?}")
        };
        assert_eq!(u.status, 502);
        assert_eq!(u.body, body.as_bytes());
        assert_eq!(u.code, None);
    }
    // A modelled code with a non-JSON body still decodes to the modelled error.
    let e: DeleteIntegrationResponseError = decode(
        404,
        &[("x-amzn-ErrorType", "NotFoundException")],
        "<html>oops</html>",
    );
    assert!(
        matches!(e, DeleteIntegrationResponseError::NotFoundException(_)),
        "{e:?}"
    );
}

#[test]
fn error_not_listed_for_the_operation_is_unmodelled() {
    // GetIntegrationResponse does not list ConflictException.
    let e: GetIntegrationResponseError = decode(
        409,
        &[("x-amzn-ErrorType", "ConflictException")],
        r#"{"message": "m"}"#,
    );
    assert!(
        matches!(e, GetIntegrationResponseError::Unmodelled(_)),
        "{e:?}"
    );
    assert_eq!(e.code(), Some("ConflictException"));
}

#[test]
fn wrong_member_types_fall_back_to_unmodelled() {
    let e: GetIntegrationResponseError = decode(
        404,
        &[("x-amzn-ErrorType", "NotFoundException")],
        r#"{"message": 42}"#,
    );
    assert!(
        matches!(e, GetIntegrationResponseError::Unmodelled(_)),
        "{e:?}"
    );
}

#[test]
fn server_encoding_is_the_rest_json_form() {
    let e: GetIntegrationResponseError = NotFoundException {
        message: Some("Invalid IntegrationResponse identifier specified".into()),
        resource_type: Some("IntegrationResponse".into()),
        request_id: None,
    }
    .into();
    let encoded = e.encode();
    assert_eq!(encoded.status, 404);
    assert_eq!(encoded.code, "NotFoundException");
    let body: serde_json::Value = serde_json::from_slice(&encoded.body).unwrap();
    assert_eq!(
        body,
        serde_json::from_str::<serde_json::Value>(NOT_FOUND_BODY).unwrap()
    );
    // And a client decodes what the server encoded.
    let back: GetIntegrationResponseError = decode(
        encoded.status,
        &[("x-amzn-ErrorType", &encoded.code)],
        std::str::from_utf8(&encoded.body).unwrap(),
    );
    assert!(matches!(
        back,
        GetIntegrationResponseError::NotFoundException(_)
    ));
    assert_eq!(
        back.view().message,
        Some("Invalid IntegrationResponse identifier specified")
    );
    let e = TooManyRequestsException::default();
    assert_eq!(
        GetIntegrationResponseError::from(e).encode().code,
        "TooManyRequestsException"
    );
}
