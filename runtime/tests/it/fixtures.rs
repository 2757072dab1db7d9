//! Behaviour of the crates generated from the codegen fixtures (`codegen/tests/fixtures/`):
//! a second service (`weather`: snake_case wire names, timestamps, recursion, constraints),
//! keywords and digits as names, enum variant names, wire names, locations, routing.

use fixture_enum as enumeration;
use fixture_keywords as keywords;
use fixture_locations as locations;
use fixture_routing as routing;
use fixture_structure as structure;
use fixture_weather as weather;
use restgen_runtime as runtime;
use serde_json::{json, Value};

/// Every fixture directory is mounted above, so none escapes the compile check.
/// Parses `json` as `T`, serializes it back, and checks that nothing changed.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(json: Value) -> T {
    let value: T = serde_json::from_value(json.clone()).expect("parses");
    assert_eq!(serde_json::to_value(&value).unwrap(), json);
    value
}

#[test]
fn weather_station_round_trips_with_snake_case_keywords_and_timestamps() {
    use weather::types::{Station, StationType};
    let station: Station = round_trip(json!({
        "station_id": "KSEA",
        "name": "Seattle-Tacoma",
        "elevation_m": 131.5,
        "active": true,
        "type": "automatic",
        "location": {"lat": 47.45, "lon": -122.31},
        "commissioned_at": 1700000000
    }));
    assert_eq!(station.r#type, Some(StationType::Automatic));
    assert_eq!(
        station.commissioned_at,
        Some(runtime::Timestamp::from_secs(1_700_000_000))
    );
    // A fractional timestamp keeps its milliseconds.
    let obs: weather::types::Observation = round_trip(json!({
        "observed_at": 1700000000.25,
        "humidity_pct": 80,
        "readings_total": 9007199254740993i64,
        "wind": {"speed_kmh": 12.0, "direction_deg": 270},
        // Members with a default are always written.
        "quality": "raw", "samples": 1, "sources": ["automatic"]
    }));
    assert_eq!(obs.observed_at.as_millis(), 1_700_000_000_250);
    assert_eq!(obs.readings_total, Some(9_007_199_254_740_993));
}

#[test]
fn weather_recursive_alerts_round_trip() {
    let alert: weather::types::Alert = round_trip(json!({
        "alert_id": "a3",
        "severity": 2,
        "replaces": {"alert_id": "a2", "severity": 1, "replaces": {"alert_id": "a1", "severity": 1}},
        "related": [{"alert_id": "b1", "severity": 3, "labels": {"zone": "coast"}}]
    }));
    let a2 = alert.replaces.as_ref().and_then(|r| r.value()).unwrap();
    let a1 = a2.replaces.as_ref().and_then(|r| r.value()).unwrap();
    assert_eq!(a1.alert_id, "a1");
    assert_eq!(
        alert.related.unwrap()[0].labels.as_ref().unwrap()["zone"],
        "coast"
    );
}

#[test]
fn weather_list_of_structures_and_missing_required() {
    let page: weather::types::ListObservationsResponse = round_trip(json!({
        "observations": [
            {"observed_at": 1, "quality": "raw", "samples": 1, "sources": ["automatic"]},
            {"observed_at": 2, "temperature_c": -3.5, "quality": "x", "samples": 2, "sources": []}
        ],
        "next_page": "3"
    }));
    assert_eq!(page.observations.len(), 2);
    let err = serde_json::from_value::<weather::types::ListObservationsResponse>(json!({}))
        .unwrap_err()
        .to_string();
    assert!(err.contains("missing field `observations`"), "{err}");
}

#[test]
fn keyword_and_digit_names_keep_their_wire_names() {
    let value: keywords::types::Result =
        round_trip(json!({"type": "t", "self": true, "match": 3, "2fa": false}));
    assert_eq!(value.r#type.as_deref(), Some("t"));
    assert_eq!(value.self_, Some(true));
    assert_eq!(value.r#match, Some(3));
    assert_eq!(value._2fa, Some(false));
    assert_eq!(
        keywords::types::Self_::from("2x"),
        keywords::types::Self_::_2x
    );
}

#[test]
fn enum_variant_names_and_reserved_unknown() {
    use enumeration::types::Light;
    assert_eq!(Light::from("green-arrow"), Light::GoLeft);
    assert_eq!(Light::from("UNKNOWN"), Light::Unknown_);
    let purple = Light::from("PURPLE");
    assert!(matches!(&purple, Light::Unknown(v) if v.as_str() == "PURPLE"));
    assert_eq!(serde_json::to_value(&purple).unwrap(), json!("PURPLE"));
    assert_eq!(Light::VALUES, &["RED", "AMBER", "green-arrow", "UNKNOWN"]);
}

#[test]
fn wire_name_overrides_the_member_name() {
    let book: structure::types::Book = round_trip(json!({"isbn": "9780", "pages": 12}));
    assert_eq!(book.page_count, Some(12));
}

#[test]
fn input_members_outside_the_body_are_not_in_the_json() {
    let request = locations::types::PutFileRequest {
        bucket: "b".into(),
        key: "k".into(),
        overwrite: Some(true),
        checksum: Some("c".into()),
        contents: "hello".into(),
    };
    assert_eq!(
        serde_json::to_value(&request).unwrap(),
        json!({"contents": "hello"})
    );
}

#[test]
fn a_literal_that_leads_nowhere_falls_back_to_the_label() {
    use routing::routes::{match_route, Operation};
    use runtime::RouteMatch;
    let found = |method, path| match match_route(method, path) {
        RouteMatch::Found { operation, labels } => {
            Some((operation, labels.raw("id").unwrap_or_default()))
        }
        _ => None,
    };
    assert_eq!(
        found("GET", "/things/latest"),
        Some((Operation::GetThing, "latest"))
    );
    assert_eq!(
        found("GET", "/things/latest/part"),
        Some((Operation::GetLatestPart, ""))
    );
    assert_eq!(
        found("DELETE", "/things/t1"),
        Some((Operation::DeleteThing, "t1"))
    );
    assert_eq!(found("GET", "/things"), Some((Operation::ListThings, "")));
    assert_eq!(found("GET", "/"), Some((Operation::Health, "")));
    assert_eq!(match_route("GET", "/things/"), RouteMatch::NotFound);
    assert_eq!(
        match_route("GET", "/things/latest/other"),
        RouteMatch::NotFound
    );
    assert_eq!(
        match_route("POST", "/things/latest"),
        RouteMatch::MethodNotAllowed {
            allowed: &["GET", "DELETE"]
        }
    );
}

#[test]
fn a_server_checks_length_and_range_constraints() {
    use runtime::server::validate;
    use weather::types::{Alert, ListObservationsRequest, RaiseAlertRequest};
    let alert = |id: &str, severity| RaiseAlertRequest {
        station_id: "KSEA".into(),
        dry_run: None,
        alert: Alert {
            alert_id: id.into(),
            severity,
            replaces: None,
            related: None,
            labels: None,
        },
    };
    assert!(validate(&alert("a1", 3)).is_ok());
    let err = validate(&alert("a1", 9)).unwrap_err().to_string();
    assert_eq!(
        err,
        "Value at '/alert/severity' failed to satisfy constraint: Member must be between 1 and 5, inclusive"
    );
    let err = validate(&alert("", 3)).unwrap_err().to_string();
    assert_eq!(
        err,
        "Value with length 0 at '/alert/alert_id' failed to satisfy constraint: Member must have length between 1 and 64, inclusive"
    );
    // Nested alerts are checked too, and absent optional values pass.
    let mut nested = alert("a2", 2);
    nested.alert.replaces = Some(restgen_runtime::Nullable::Value(Box::new(Alert {
        severity: 0,
        ..alert("a1", 1).alert
    })));
    let err = validate(&nested).unwrap_err().to_string();
    assert_eq!(
        err,
        "Value at '/alert/replaces/severity' failed to satisfy constraint: Member must be between 1 and 5, inclusive"
    );
    let list = |per_page| ListObservationsRequest {
        station_id: "KSEA".into(),
        page: None,
        per_page,
        since: None,
    };
    assert!(validate(&list(None)).is_ok());
    assert!(validate(&list(Some(100))).is_ok());
    assert!(validate(&list(Some(101))).is_err());
}

/// Shapes named `Route`, `Operation`, `Result`, `Option`, `Vec`, `Box`, ... keep their names
/// beside the generator's own; an error `Unmodelled` and a member `requestId` step around
/// the generator's `Unmodelled` variant and `request_id` field, and all of it round-trips.
#[test]
fn reserved_names_keep_their_meaning() {
    use fixture_reserved_names::errors::{GetRouteError, Unmodelled_};
    use fixture_reserved_names::routes;
    use fixture_reserved_names::types::{Box, Operation, Option, Result, Route};

    let route: Route = round_trip(json!({
        "routeKey": "GET /",
        "target": "B",
        "tags": [{"routeKey": "child"}],
        "parent": {"inner": {"ok": true}}
    }));
    assert_eq!(route.target, Some(Option::B));
    assert_eq!(route.tags.as_ref().unwrap()[0].route_key, "child");
    assert_eq!(
        route.parent,
        Some(Box {
            inner: Some(Result { ok: Some(true) })
        })
    );
    assert_eq!(Operation::from("CREATE"), Operation::Create);
    // The generator's `Operation` lives in `routes`, the schema's in `types`.
    assert_eq!(routes::Operation::GetRoute.name(), "GetRoute");

    let e: GetRouteError = crate::errors::decode(
        400,
        &[
            ("x-amzn-ErrorType", "Unmodelled"),
            ("x-amzn-RequestId", "r-1"),
        ],
        r#"{"message": "modelled after all"}"#,
    );
    assert!(matches!(&e, GetRouteError::Unmodelled_(Unmodelled_ { .. })));
    assert_eq!(e.request_id(), Some("r-1"));
    let e: GetRouteError = crate::errors::decode(
        429,
        &[
            ("x-amzn-ErrorType", "Throttled"),
            ("x-amzn-RequestId", "r-2"),
        ],
        r#"{"requestId": "in-the-body", "message": "slow down"}"#,
    );
    let GetRouteError::Throttled(t) = &e else {
        panic!("{e:?}")
    };
    assert_eq!(t.request_id_.as_deref(), Some("in-the-body"));
    assert_eq!(t.request_id.as_deref(), Some("r-2"));
    let e: GetRouteError = crate::errors::decode(418, &[("x-amzn-ErrorType", "Teapot")], "{}");
    assert!(matches!(e, GetRouteError::Unmodelled(_)));
}

/// Values with a text form cross the wire in every location: an enum as a required path
/// label, a required timestamp header (an HTTP date from the client, understood by the
/// server) and an enum query parameter; unicode member names keep their wire spelling.
#[tokio::test]
async fn enum_labels_and_timestamp_headers_cross_the_wire() {
    use fixture_hazards::errors::GetReportError;
    use fixture_hazards::types::{GetReportRequest, Kind, Measurement, Unit};
    use fixture_hazards::{client::Client, server};

    struct Echo;
    impl server::Service for Echo {
        async fn get_report(&self, input: GetReportRequest) -> Result<Measurement, GetReportError> {
            Ok(Measurement {
                area_in_m: Some(input.since.as_secs_f64()),
                gr_e: Some(i32::from(input.kind == Kind::Hourly)),
                unit: input.unit,
            })
        }
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let handle = server::serve(listener, Echo).unwrap();
    let config = runtime::client::Config::builder()
        .endpoint(format!("http://{}", handle.local_addr()))
        .no_signing()
        .build()
        .unwrap();
    let client = Client::new(config);
    let out = client
        .get_report(GetReportRequest {
            kind: Kind::Hourly,
            since: runtime::Timestamp::from_secs(1_700_000_000),
            unit: Some(Unit::NA),
        })
        .await
        .unwrap();
    assert_eq!(out.area_in_m, Some(1_700_000_000.0));
    assert_eq!(out.gr_e, Some(1));
    assert_eq!(out.unit, Some(Unit::NA));
    assert_eq!(
        serde_json::to_value(&out).unwrap(),
        json!({"areaInM²": 1_700_000_000.0, "größe": 1, "unit": "n/a"})
    );
    handle.shutdown().await;
}

/// A map keyed by an enum (as AWS models have): its keys are the enum's wire values, an
/// unknown key is kept, and a `null` entry is skipped by a client and refused by a server
/// (which reads strictly).
#[test]
fn maps_keyed_by_an_enum_round_trip() {
    use fixture_collections::types::{Condition, Stock};
    let json = json!({
        "items": [{"sku": "a"}],
        "counts": {"new": 3, "refurbished": 1, "used": null}
    });
    let strictly = restgen_runtime::glue::object::strictly;
    assert!(strictly(|| serde_json::from_value::<Stock>(json.clone())).is_err());
    let stock: Stock = serde_json::from_value(json).unwrap();
    let counts = stock.counts.as_ref().unwrap();
    assert_eq!(counts.get(&Condition::New), Some(&3));
    assert_eq!(counts.get(&Condition::from("refurbished")), Some(&1));
    assert_eq!(counts.len(), 2);
    assert_eq!(
        serde_json::to_value(&stock).unwrap(),
        json!({"items": [{"sku": "a"}], "counts": {"new": 3, "refurbished": 1}})
    );
    // Values with a wire form of their own (a double may be "NaN") under enum keys too
    // (found compiling customer-profiles from botocore).
    let stock: Stock = serde_json::from_value(json!({
        "items": [],
        "prices": {"new": "Infinity", "used": 1.5, "broken": null}
    }))
    .unwrap();
    let prices = stock.prices.as_ref().unwrap();
    assert_eq!(prices.get(&Condition::New), Some(&f64::INFINITY));
    assert_eq!(prices.get(&Condition::Used), Some(&1.5));
    assert_eq!(prices.len(), 2);
    assert_eq!(
        serde_json::to_value(&stock).unwrap(),
        json!({"items": [], "prices": {"new": "Infinity", "used": 1.5}})
    );
}

/// Every route a greedy label at the root (`/{path+}`): a path of any depth is the label,
/// `/` included, and the required status member carries the response's status both ways.
#[tokio::test]
async fn greedy_labels_at_the_root_and_a_required_status() {
    use fixture_object_store as store;
    use store::routes::{match_route, Operation};
    struct Store;
    impl store::server::Service for Store {
        async fn get_object(
            &self,
            input: store::types::ObjectRequest,
        ) -> Result<store::types::ObjectResponse, store::errors::GetObjectError> {
            Ok(store::types::ObjectResponse {
                status: 203,
                data: Some(runtime::Blob::from(input.path.into_bytes())),
            })
        }
    }
    assert!(matches!(
        match_route("GET", "/a/b/c"),
        runtime::RouteMatch::Found {
            operation: Operation::GetObject,
            ..
        }
    ));
    assert!(matches!(
        match_route("GET", "/"),
        runtime::RouteMatch::NotFound
    ));
    assert!(matches!(
        match_route("PUT", "/a"),
        runtime::RouteMatch::MethodNotAllowed { .. }
    ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = store::server::serve(listener, Store).unwrap();
    let config = runtime::client::Config::builder()
        .endpoint(format!("http://{}", server.local_addr()))
        .no_signing()
        .build()
        .unwrap();
    let client = store::client::Client::new(config);
    let out = client
        .get_object(store::types::ObjectRequest {
            path: "folder/sub folder/file.txt".to_string(),
        })
        .await
        .unwrap();
    assert_eq!(out.status, 203);
    assert_eq!(out.data.unwrap().as_ref(), b"folder/sub folder/file.txt");
    server.shutdown().await;
}

/// Smithy's error correction, as the client reads answers: a required member the JSON
/// leaves out (or sets to `null`) takes its zero value, nested structures included, while
/// reading outside it (as the server reads requests) still refuses it. An error body without
/// its required members is still its typed error.
#[test]
fn a_client_corrects_missing_required_members() {
    use restgen_runtime::glue::object::correcting;
    use weather::types::{GeoPoint, Station};
    let json = json!({"name": null, "location": {"lat": 1.5}});
    let station: Station = correcting(|| serde_json::from_value(json.clone())).unwrap();
    assert_eq!(station.station_id, "");
    assert_eq!(station.name, "");
    assert!(!station.active);
    assert_eq!(station.location, GeoPoint { lat: 1.5, lon: 0.0 });
    assert_eq!((station.r#type, station.elevation_m), (None, None));
    let refused = serde_json::from_value::<Station>(json)
        .unwrap_err()
        .to_string();
    assert!(refused.contains("missing field"), "{refused}");

    let error = crate::errors::decode::<weather::errors::GetStationError>(
        404,
        &[("x-amzn-errortype", "station_not_found")],
        r#"{"message": "no such station"}"#,
    );
    match error {
        weather::errors::GetStationError::StationNotFound(e) => {
            assert_eq!(e.station_id, "");
            assert_eq!(e.message.as_deref(), Some("no such station"));
        }
        other => panic!("expected StationNotFound, got {other:?}"),
    }
}

/// A `nullable` member (`Alert.replaces`) tells an explicit `null` from an absent key, on
/// the wire both ways.
#[test]
fn a_nullable_member_tells_null_from_absent() {
    use restgen_runtime::Nullable;
    use weather::types::Alert;
    let read = |json: serde_json::Value| serde_json::from_value::<Alert>(json).unwrap();
    let absent = read(json!({"alert_id": "a", "severity": 1}));
    assert_eq!(absent.replaces, None);
    let null = read(json!({"alert_id": "a", "severity": 1, "replaces": null}));
    assert_eq!(null.replaces, Some(Nullable::Null));
    let value = read(json!({"alert_id": "a", "severity": 1,
        "replaces": {"alert_id": "z", "severity": 2}}));
    let Some(Nullable::Value(replaced)) = &value.replaces else {
        panic!("{value:?}")
    };
    assert_eq!(replaced.alert_id, "z");
    // Written back as read: the key left out, `null`, or the value.
    for alert in [absent, null, value] {
        let json = serde_json::to_value(&alert).unwrap();
        assert_eq!(read(json), alert);
    }
    assert_eq!(
        serde_json::to_value(read(
            json!({"alert_id": "a", "severity": 1, "replaces": null})
        ))
        .unwrap()["replaces"],
        serde_json::Value::Null
    );
}

/// A member with a `default` takes it when a message leaves the member out, holds what a
/// message gives otherwise, and is always written.
#[test]
fn defaults_fill_what_a_message_leaves_out() {
    use weather::types::{Observation, StationType};
    let left_out: Observation = serde_json::from_value(json!({"observed_at": 1})).unwrap();
    assert_eq!(left_out.quality, "raw");
    assert_eq!(left_out.samples, 1);
    assert_eq!(left_out.sources, [StationType::Automatic]);
    let given: Observation = serde_json::from_value(json!({
        "observed_at": 1, "quality": "checked", "samples": 3, "sources": []
    }))
    .unwrap();
    assert_eq!((given.quality.as_str(), given.samples), ("checked", 3));
    assert!(given.sources.is_empty());
    let written = serde_json::to_value(&left_out).unwrap();
    assert_eq!(written["quality"], "raw");
    assert_eq!(written["samples"], 1);
    assert_eq!(written["sources"], json!(["automatic"]));
}
