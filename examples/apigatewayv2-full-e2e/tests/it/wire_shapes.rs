//! Bodies shaped exactly as API Gateway V2 sends and receives them, through the generated
//! types: every canned output (RFC 3339 dates, whole and fractional, with an offset; CORS
//! and stage settings nested; tag and route-settings maps; lists) read with serde_json and
//! written back, compared as JSON values; request bodies as the SDKs send them; and
//! ExportApi's blob payload, read by the generated client from a response written byte for
//! byte as the service writes it.

use crate::sample;
use crate::support::{assert_json_eq, client, one_shot, raw_response, request_line};
use apigatewayv2::errors::GetApiError;
use apigatewayv2::runtime::client::SdkError;
use apigatewayv2::runtime::Timestamp;
use apigatewayv2::types::*;
use apigatewayv2_full_e2e::canned;
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{json, Value};

/// `json` read as a `T` and written back.
fn round_trip<T: DeserializeOwned + Serialize>(json: &str) -> Value {
    let typed: T = serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("{} does not read: {e}\n{json}", std::any::type_name::<T>()));
    serde_json::to_value(&typed).unwrap()
}

fn value(json: &str) -> Value {
    serde_json::from_str(json).unwrap()
}

#[test]
fn every_canned_output_round_trips_unchanged() {
    for (name, json, written) in [
        (
            "GetApi",
            canned::GET_API,
            round_trip::<GetApiResponse>(canned::GET_API),
        ),
        ("Api", canned::GET_API, round_trip::<Api>(canned::GET_API)),
        (
            "CreateApi",
            canned::CREATE_API,
            round_trip::<CreateApiResponse>(canned::CREATE_API),
        ),
        (
            "GetApis 1",
            canned::GET_APIS_PAGE_1,
            round_trip::<GetApisResponse>(canned::GET_APIS_PAGE_1),
        ),
        (
            "GetApis 2",
            canned::GET_APIS_PAGE_2,
            round_trip::<GetApisResponse>(canned::GET_APIS_PAGE_2),
        ),
        (
            "CreateRoute",
            canned::CREATE_ROUTE,
            round_trip::<CreateRouteResult>(canned::CREATE_ROUTE),
        ),
        (
            "CreateDomainName",
            canned::CREATE_DOMAIN_NAME,
            round_trip::<CreateDomainNameResponse>(canned::CREATE_DOMAIN_NAME),
        ),
        (
            "GetTags",
            canned::GET_TAGS,
            round_trip::<GetTagsResponse>(canned::GET_TAGS),
        ),
        (
            "TagResource",
            canned::EMPTY,
            round_trip::<TagResourceResponse>(canned::EMPTY),
        ),
        (
            "DeleteVpcLink",
            canned::EMPTY,
            round_trip::<DeleteVpcLinkResponse>(canned::EMPTY),
        ),
    ] {
        eprintln!("{name}");
        assert_json_eq(&written, &value(json));
    }
}

#[test]
fn a_date_with_an_offset_is_written_back_in_utc() {
    let written = round_trip::<UpdateStageResponse>(canned::UPDATE_STAGE);
    let mut expected = value(canned::UPDATE_STAGE);
    assert_eq!(expected["lastUpdatedDate"], "2024-05-07T10:11:12.345+02:00");
    expected["lastUpdatedDate"] = json!("2024-05-07T08:11:12.345Z");
    assert_json_eq(&written, &expected);
}

#[test]
fn dates_read_to_the_instant_they_name() {
    assert_eq!(
        canned::get_api().created_date,
        Some(Timestamp::from_secs(1_714_979_289))
    );
    assert_eq!(
        canned::create_api().created_date,
        Some(Timestamp::from_millis(1_714_979_289_123))
    );
    let stage = canned::update_stage();
    assert_eq!(
        stage.created_date,
        Some(Timestamp::from_secs(1_714_979_289))
    );
    assert_eq!(
        stage.last_updated_date,
        Some(Timestamp::from_millis(1_715_069_472_345))
    );
    let configuration = &canned::create_domain_name()
        .domain_name_configurations
        .unwrap()[0];
    assert_eq!(
        configuration.certificate_upload_date,
        Some(Timestamp::from_millis(1_714_979_289_500))
    );
    // Other spellings of one instant: microseconds (as boto3 writes them; cut to
    // milliseconds), a negative offset, lower-case `t` and `z`.
    for (written, millis) in [
        ("2024-05-06T07:08:09.123456Z", 1_714_979_289_123),
        ("2024-05-06T01:38:09-05:30", 1_714_979_289_000),
        ("2024-05-06t07:08:09z", 1_714_979_289_000),
        ("2024-05-06T07:08:09.000Z", 1_714_979_289_000),
    ] {
        let api: Api = serde_json::from_value(json!({
            "name": "n", "protocolType": "HTTP", "routeSelectionExpression": "r",
            "createdDate": written,
        }))
        .unwrap_or_else(|e| panic!("{written}: {e}"));
        assert_eq!(
            api.created_date,
            Some(Timestamp::from_millis(millis)),
            "{written}"
        );
    }
    let api: Api = serde_json::from_value(json!({
        "name": "n", "protocolType": "HTTP", "routeSelectionExpression": "r",
        "createdDate": "2024-05-06T07:08:09.123456Z",
    }))
    .unwrap();
    assert_eq!(
        serde_json::to_value(&api).unwrap()["createdDate"],
        "2024-05-06T07:08:09.123Z"
    );
    // A date-time member is not an epoch number: the service never sends one.
    let number = serde_json::from_value::<Api>(json!({
        "name": "n", "protocolType": "HTTP", "routeSelectionExpression": "r",
        "createdDate": 1_714_979_289,
    }));
    assert!(number.is_err(), "{number:?}");
}

#[test]
fn nested_structures_maps_and_lists_are_typed() {
    let api = canned::get_api();
    let cors = api.cors_configuration.unwrap();
    assert_eq!(cors.allow_credentials, Some(true));
    assert_eq!(cors.max_age, Some(3600));
    assert_eq!(cors.allow_methods.unwrap(), ["GET", "POST", "OPTIONS"]);
    assert_eq!(api.protocol_type, Some(ProtocolType::Http));
    assert_eq!(api.ip_address_type, Some(IpAddressType::Ipv4));
    assert_eq!(api.import_info, Some(vec![]));
    let tags = api.tags.unwrap();
    assert_eq!(tags["team"], "payments");
    assert_eq!(tags.len(), 2);

    let stage = canned::update_stage();
    let defaults = stage.default_route_settings.unwrap();
    assert_eq!(defaults.logging_level, Some(LoggingLevel::Info));
    assert_eq!(defaults.throttling_rate_limit, Some(1000.5));
    let route = &stage.route_settings.unwrap()["GET /orders"];
    assert_eq!(route.throttling_burst_limit, Some(100));
    assert_eq!(route.throttling_rate_limit, Some(50.25));

    let route = canned::create_route();
    assert_eq!(route.authorization_type, Some(AuthorizationType::Jwt));
    assert_eq!(
        route.request_parameters.unwrap()["route.request.querystring.id"].required,
        Some(true)
    );
    let pages = canned::get_apis_page_1();
    assert_eq!(pages.next_token.as_deref(), Some(canned::SECOND_PAGE));
    assert_eq!(
        pages.items.unwrap()[1].protocol_type,
        ProtocolType::Websocket
    );
}

#[test]
fn values_a_later_service_adds_are_kept() {
    let json = json!({
        "name": "n", "protocolType": "GRPC", "routeSelectionExpression": "r",
        "ipAddressType": "ipv6only",
        "corsConfiguration": {"allowOrigins": ["*"]},
    });
    let api: Api = serde_json::from_value(json.clone()).unwrap();
    assert_eq!(api.protocol_type.as_str(), "GRPC");
    assert_json_eq(&serde_json::to_value(&api).unwrap(), &json);
}

#[test]
fn request_bodies_hold_only_body_members_in_wire_names() {
    // As boto3 writes CreateApi's body (keys in the model's order; empty lists kept).
    let create_api = r#"{"apiKeySelectionExpression": "$request.header.x-api-key",
        "corsConfiguration": {"allowCredentials": true,
            "allowHeaders": ["authorization", "content-type"], "allowMethods": ["GET", "POST"],
            "allowOrigins": ["https://www.example.com"], "exposeHeaders": [], "maxAge": 3600},
        "description": "Chat API, \"quoted\" and ünïcödé", "disableSchemaValidation": false,
        "name": "chat", "protocolType": "WEBSOCKET",
        "routeSelectionExpression": "$request.body.action",
        "tags": {"env": "dev", "team": "chat"}, "version": "1"}"#;
    let read: CreateApiRequest = serde_json::from_str(create_api).unwrap();
    assert_eq!(read, sample::create_api());
    assert_json_eq(&serde_json::to_value(&read).unwrap(), &value(create_api));

    // Labels are not body members: `apiId` and `stageName` stay out of the JSON.
    assert_json_eq(
        &serde_json::to_value(sample::update_stage()).unwrap(),
        &json!({
            "accessLogSettings": {
                "destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:orders-access",
                "format": "$context.requestId $context.status"
            },
            "autoDeploy": true,
            "defaultRouteSettings": {"dataTraceEnabled": false, "detailedMetricsEnabled": true,
                "loggingLevel": "INFO", "throttlingBurstLimit": 500, "throttlingRateLimit": 1000.5},
            "description": "Production",
            "routeSettings": {"GET /orders": {"throttlingBurstLimit": 100, "throttlingRateLimit": 50.25}},
            "stageVariables": {"backend": "orders-v2"}
        }),
    );
    assert_json_eq(
        &serde_json::to_value(sample::tag_resource()).unwrap(),
        &json!({"tags": {"env": "prod", "team": "payments"}}),
    );
    // A timestamp in a request body, as boto3 writes it (microseconds), read to the
    // millisecond and written as RFC 3339.
    let domain = r#"{"domainName": "api.example.com", "domainNameConfigurations": [{
        "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
        "certificateUploadDate": "2024-05-06T07:08:09.500000Z",
        "endpointType": "REGIONAL", "securityPolicy": "TLS_1_2"}],
        "routingMode": "API_MAPPING_ONLY", "tags": {"env": "prod"}}"#;
    let read: CreateDomainNameRequest = serde_json::from_str(domain).unwrap();
    assert_eq!(read, sample::create_domain_name());
    let mut expected = value(domain);
    expected["domainNameConfigurations"][0]["certificateUploadDate"] =
        json!("2024-05-06T07:08:09.5Z");
    assert_json_eq(&serde_json::to_value(&read).unwrap(), &expected);
}

#[tokio::test]
async fn export_api_reads_the_whole_body_as_the_document() {
    for (output_type, content_type, document) in [
        ("YAML", "application/yaml", canned::EXPORTED_YAML),
        ("JSON", "application/json", canned::EXPORTED_JSON),
    ] {
        let response = raw_response(
            "200 OK",
            &[
                ("content-type", content_type),
                ("x-amzn-RequestId", "5c2f1a0e-0d1b-4b5e-9a8e-0123456789ab"),
            ],
            document.as_bytes(),
        );
        let (addr, request) = one_shot(response).await;
        let mut input = sample::export_api();
        input.output_type = output_type.into();
        let output = client(addr).export_api(input).await.unwrap();
        assert_eq!(
            output.body.map(|b| b.into_inner()),
            Some(document.as_bytes().to_vec())
        );
        assert_eq!(
            request_line(&request.await.unwrap()),
            format!(
                "GET /v2/apis/a1b2c3d4e5/exports/OAS30?exportVersion=1.0\
                 &includeExtensions=false&outputType={output_type}&stageName=prod HTTP/1.1"
            )
        );
    }
}

#[tokio::test]
async fn a_not_found_as_the_service_writes_it_is_the_modelled_error() {
    let response = raw_response(
        "404 Not Found",
        &[
            ("content-type", "application/json"),
            ("x-amzn-RequestId", "0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0"),
            (
                "x-amzn-ErrorType",
                "NotFoundException:http://internal.amazon.com/coral/com.amazonaws.apigateway/",
            ),
        ],
        br#"{"message":"Invalid API identifier specified 123456789012:nope"}"#,
    );
    let (addr, request) = one_shot(response).await;
    let error = client(addr)
        .get_api(GetApiRequest {
            api_id: "nope".into(),
        })
        .await
        .unwrap_err();
    match error {
        SdkError::Service(GetApiError::NotFoundException(e)) => {
            assert_eq!(
                e.message.as_deref(),
                Some("Invalid API identifier specified 123456789012:nope")
            );
            assert_eq!(e.resource_type, None);
            assert_eq!(
                e.request_id.as_deref(),
                Some("0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0")
            );
        }
        other => panic!("expected NotFoundException, got {other:?}"),
    }
    assert_eq!(
        request_line(&request.await.unwrap()),
        "GET /v2/apis/nope HTTP/1.1"
    );
}

#[tokio::test]
async fn an_arn_label_and_a_query_list_are_encoded_as_the_sdks_encode_them() {
    // What botocore sends for the same inputs (labels and query values percent-encoded with
    // only `-_.~` left as they are; a list repeats its key).
    let cases: [(&str, &[u8], &str); 2] = [
        (
            "201 Created",
            b"{}",
            "POST /v2/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fa1b2c3d4e5 HTTP/1.1",
        ),
        (
            "204 No Content",
            b"",
            "DELETE /v2/tags/arn%3Aaws%3Aapigateway%3Aus-east-1%3A%3A%2Fapis%2Fa1b2c3d4e5\
             ?tagKeys=env&tagKeys=team%20name&tagKeys=a%26b%3Dc HTTP/1.1",
        ),
    ];
    for (i, (status, body, line)) in cases.into_iter().enumerate() {
        let headers: &[(&str, &str)] = if body.is_empty() {
            &[]
        } else {
            &[("content-type", "application/json")]
        };
        let (addr, request) = one_shot(raw_response(status, headers, body)).await;
        let client = client(addr);
        if i == 0 {
            client.tag_resource(sample::tag_resource()).await.unwrap();
        } else {
            client
                .untag_resource(sample::untag_resource())
                .await
                .unwrap();
        }
        assert_eq!(request_line(&request.await.unwrap()), line);
    }
}
