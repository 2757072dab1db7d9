//! Behaviour of the generated IntegrationResponse types on the JSON of WIRE.md.

use integration_response::types::*;
use serde_json::{json, Value};

fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: Value) -> T {
    let value: T = serde_json::from_value(json.clone()).expect("parses");
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    value
}

fn wire_integration_response() -> Value {
    json!({
        "integrationResponseId": "ir123",
        "integrationResponseKey": "$default",
        "contentHandlingStrategy": "CONVERT_TO_TEXT",
        "responseParameters": {"method.response.header.X-Foo": "integration.response.header.X-Bar"},
        "responseTemplates": {"application/json": "{\"a\": $input.json('$')}"},
        "templateSelectionExpression": "\\$default"
    })
}

#[test]
fn integration_response_round_trips() {
    let ir: IntegrationResponse = round_trip(wire_integration_response());
    assert_eq!(ir.integration_response_id.as_deref(), Some("ir123"));
    assert_eq!(ir.integration_response_key, "$default");
    assert_eq!(
        ir.content_handling_strategy,
        Some(ContentHandlingStrategy::ConvertToText)
    );
    assert_eq!(
        ir.response_templates.unwrap()["application/json"],
        "{\"a\": $input.json('$')}"
    );
}

#[test]
fn create_body_round_trips() {
    let body = json!({"integrationResponseKey": "$default", "contentHandlingStrategy": "CONVERT_TO_TEXT",
                      "responseTemplates": {"application/json": "{}"}});
    let req: CreateIntegrationResponseRequest = round_trip(body);
    // Path members are not part of the body; the server fills them in from the path.
    assert_eq!(req.api_id, "");
    assert_eq!(req.integration_response_key, "$default");
}

#[test]
fn empty_update_is_an_empty_object() {
    let update = UpdateIntegrationResponseRequest {
        api_id: "a".into(),
        integration_id: "i".into(),
        integration_response_id: "r".into(),
        ..Default::default()
    };
    assert_eq!(serde_json::to_string(&update).unwrap(), "{}");
    let full: UpdateIntegrationResponseRequest = round_trip(json!({
        "integrationResponseKey": "$default", "contentHandlingStrategy": "CONVERT_TO_BINARY",
        "responseParameters": {}, "responseTemplates": {"a": "b"}, "templateSelectionExpression": "x"
    }));
    assert_eq!(
        full.content_handling_strategy,
        Some(ContentHandlingStrategy::ConvertToBinary)
    );
}

#[test]
fn list_page_round_trips_with_minimal_items() {
    let page: GetIntegrationResponsesResponse = round_trip(json!({
        "items": [wire_integration_response(), {"integrationResponseKey": "only-key"}],
        "nextToken": "tok-2"
    }));
    let items = page.items.unwrap();
    assert_eq!(items[1].integration_response_key, "only-key");
    assert_eq!(items[1].integration_response_id, None);
    // The last page has no token.
    let last: GetIntegrationResponsesResponse = round_trip(json!({"items": []}));
    assert_eq!(last.next_token, None);
}

#[test]
fn unknown_enum_value_survives_a_round_trip() {
    let mut body = wire_integration_response();
    body["contentHandlingStrategy"] = json!("CONVERT_TO_HOLOGRAM");
    let ir: IntegrationResponse = round_trip(body);
    let strategy = ir.content_handling_strategy.unwrap();
    assert_eq!(strategy.as_str(), "CONVERT_TO_HOLOGRAM");
    assert!(matches!(strategy, ContentHandlingStrategy::Unknown(_)));
    assert_eq!(strategy.to_string(), "CONVERT_TO_HOLOGRAM");
    assert_eq!(
        "CONVERT_TO_TEXT".parse::<ContentHandlingStrategy>(),
        Ok(ContentHandlingStrategy::ConvertToText)
    );
}

#[test]
fn unknown_fields_are_ignored() {
    let mut body = wire_integration_response();
    body["addedNextYear"] = json!({"nested": [1, 2]});
    let ir: IntegrationResponse = serde_json::from_value(body).unwrap();
    assert_eq!(
        serde_json::to_value(&ir).unwrap(),
        wire_integration_response()
    );
}

#[test]
fn missing_required_member_is_a_clear_error() {
    let err = serde_json::from_value::<IntegrationResponse>(json!({"integrationResponseId": "x"}))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("missing field `integrationResponseKey`"),
        "{err}"
    );
    let err = serde_json::from_value::<IntegrationResponse>(json!({"integrationResponseKey": 5}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid type"), "{err}");
}

/// Inputs are built from their required members, with a chained setter per optional one;
/// strings and enum wire values go in as `&str`.
#[test]
fn inputs_build_from_required_members_and_chained_setters() {
    let built = CreateIntegrationResponseRequest::new("a1", "i1", "$default")
        .with_content_handling_strategy("CONVERT_TO_TEXT")
        .with_response_templates([("application/json".to_string(), "{}".to_string())]);
    let literal = CreateIntegrationResponseRequest {
        api_id: "a1".into(),
        integration_id: "i1".into(),
        integration_response_key: "$default".into(),
        content_handling_strategy: Some(ContentHandlingStrategy::ConvertToText),
        response_parameters: None,
        response_templates: Some([("application/json".to_string(), "{}".to_string())].into()),
        template_selection_expression: None,
    };
    assert_eq!(built, literal);
    let update = UpdateIntegrationResponseRequest::new("a1", "i1", "ir1");
    assert_eq!(serde_json::to_value(&update).unwrap(), json!({}));
}
