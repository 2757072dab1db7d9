//! The value emitter (`emit::value`): a shape's value from JSON, laid out as the generated
//! types are (`Some`, `Box::new`, union variants, an error's `request_id`), with what a
//! missing required member becomes.

use restgen_codegen::emit::value::{Instantiator, Missing};
use restgen_codegen::model::Model;
use serde_json::json;

fn weather() -> Model {
    let text = include_bytes!("../fixtures/weather.yaml");
    let source = restgen_codegen::Source {
        name: "weather.yaml",
        bytes: text,
    };
    restgen_codegen::load(source)
        .0
        .expect("the fixture is valid")
}

fn values(model: &Model, missing: Missing) -> Instantiator<'_> {
    Instantiator {
        model,
        types: quote::quote!(types),
        errors: quote::quote!(errors),
        runtime: quote::quote!(rt),
        missing,
    }
}

/// Tokens as one line of text without the spaces `TokenStream` puts between tokens.
fn text(tokens: proc_macro2::TokenStream) -> String {
    tokens.to_string().replace(' ', "")
}

fn shape(model: &Model, name: &str) -> restgen_codegen::model::ShapeId {
    let i = model.shapes.iter().position(|s| s.name == name).unwrap();
    restgen_codegen::model::ShapeId(i)
}

#[test]
fn structures_lists_and_recursion_are_laid_out_as_the_types() {
    let model = weather();
    // `replaces` is nullable: its value is `Nullable::Value`, and an explicit `null` (inside)
    // is `Nullable::Null`.
    let alert = json!({"alert_id": "a1", "severity": 3,
        "replaces": {"alert_id": "a0", "severity": 1, "replaces": null}, "labels": {"k": "v"}});
    let tokens = values(&model, Missing::Placeholder)
        .value(shape(&model, "Alert"), &alert)
        .unwrap();
    assert_eq!(
        text(tokens),
        "types::Alert{alert_id:\"a1\".to_string(),severity:3i32,\
         replaces:Some(rt::Nullable::Value(Box::new(types::Alert{alert_id:\"a0\".to_string(),\
         severity:1i32,replaces:Some(rt::Nullable::Null),related:None,labels:None,}))),related:None,\
         labels:Some(::std::collections::BTreeMap::from([(\"k\".to_string(),\"v\".to_string())])),}"
    );
}

#[test]
fn missing_required_members_are_zero_or_placeholders() {
    let model = weather();
    let id = shape(&model, "GeoPoint");
    let zero = values(&model, Missing::Default)
        .value(id, &json!({}))
        .unwrap();
    assert_eq!(
        text(zero),
        "types::GeoPoint{lat:Default::default(),lon:Default::default(),}"
    );
    let placeholder = values(&model, Missing::Placeholder).value(id, &json!({"lat": "NaN"}));
    assert_eq!(
        text(placeholder.unwrap()),
        "types::GeoPoint{lat:f64::NAN,lon:1.5f64,}"
    );
}

#[test]
fn errors_leave_the_request_id_unset_and_wrong_data_is_named() {
    let model = weather();
    let error = model
        .errors
        .iter()
        .find(|e| e.name == "RateLimited")
        .unwrap();
    let tokens = values(&model, Missing::Default)
        .error(error, &json!({"message": "slow-down", "retry_after_s": 2}))
        .unwrap();
    assert_eq!(
        text(tokens),
        "errors::RateLimited{message:Some(\"slow-down\".to_string()),\
         retry_after_s:Some(2i32),request_id:None}"
    );
    let wrong = values(&model, Missing::Default).error(error, &json!({"nope": 1}));
    assert_eq!(wrong.unwrap_err(), "`RateLimited` has no member `nope`");
    let wrong = values(&model, Missing::Default).value(shape(&model, "Wind"), &json!([1]));
    assert_eq!(wrong.unwrap_err(), "`[1]` is not a value of `Wind`");
}
