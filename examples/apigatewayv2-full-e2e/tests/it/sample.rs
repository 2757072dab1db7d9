//! The sampled operations' inputs, one function each: what the generated client sends in
//! `client_e2e`, and what boto3 is asked to send in `tests/boto3_sample.py` (the same
//! values, written in Python there), so both can be compared with what the server recorded.

use apigatewayv2::runtime::Timestamp;
use apigatewayv2::types::*;
use std::collections::BTreeMap;

/// The ARN of an API, as tag operations take it in their `{resource-arn}` label: `:` and
/// `/` must be percent-encoded by the client and decoded by the server.
pub const API_ARN: &str = "arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5";

fn map<V: Clone>(entries: &[(&str, V)]) -> BTreeMap<String, V> {
    entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.clone()))
        .collect()
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

pub fn create_api() -> CreateApiRequest {
    CreateApiRequest {
        api_key_selection_expression: Some("$request.header.x-api-key".into()),
        cors_configuration: Some(Cors {
            allow_credentials: Some(true),
            allow_headers: Some(strings(&["authorization", "content-type"])),
            allow_methods: Some(strings(&["GET", "POST"])),
            allow_origins: Some(strings(&["https://www.example.com"])),
            expose_headers: Some(vec![]),
            max_age: Some(3600),
        }),
        description: Some("Chat API, \"quoted\" and ünïcödé".into()),
        disable_schema_validation: Some(false),
        name: "chat".into(),
        protocol_type: ProtocolType::Websocket,
        route_selection_expression: Some("$request.body.action".into()),
        tags: Some(map(&[
            ("env", "dev".to_string()),
            ("team", "chat".to_string()),
        ])),
        version: Some("1".into()),
        ..CreateApiRequest::new("chat", ProtocolType::Websocket)
    }
}

pub fn get_api() -> GetApiRequest {
    GetApiRequest {
        api_id: "a1b2c3d4e5".into(),
    }
}

pub fn get_api_missing() -> GetApiRequest {
    GetApiRequest {
        api_id: apigatewayv2_full_e2e::canned::MISSING_API_ID.into(),
    }
}

/// The first page request; the second adds the token the first page returned.
pub fn get_apis() -> GetApisRequest {
    GetApisRequest {
        max_results: Some("2".into()),
        next_token: None,
    }
}

pub fn delete_api() -> DeleteApiRequest {
    DeleteApiRequest {
        api_id: "f6g7h8i9j0".into(),
    }
}

pub fn create_route() -> CreateRouteRequest {
    CreateRouteRequest {
        api_id: "a1b2c3d4e5".into(),
        api_key_required: Some(false),
        authorization_scopes: Some(strings(&["orders/read", "orders/write"])),
        authorization_type: Some(AuthorizationType::Jwt),
        authorizer_id: Some("auth12".into()),
        operation_name: Some("ListOrders".into()),
        request_models: Some(map(&[("application/json", "OrderModel".to_string())])),
        request_parameters: Some(map(&[(
            "route.request.querystring.id",
            ParameterConstraints {
                required: Some(true),
            },
        )])),
        route_key: "GET /orders".into(),
        target: Some("integrations/int123".into()),
        ..CreateRouteRequest::new("a1b2c3d4e5", "GET /orders")
    }
}

pub fn delete_route() -> DeleteRouteRequest {
    DeleteRouteRequest {
        api_id: "a1b2c3d4e5".into(),
        route_id: "r0ut3".into(),
    }
}

/// A PATCH to the `$default` stage: a `$` in a label, nested and mapped settings.
pub fn update_stage() -> UpdateStageRequest {
    UpdateStageRequest {
        access_log_settings: Some(AccessLogSettings {
            destination_arn: Some(
                "arn:aws:logs:us-east-1:123456789012:log-group:orders-access".into(),
            ),
            format: Some("$context.requestId $context.status".into()),
        }),
        api_id: "a1b2c3d4e5".into(),
        auto_deploy: Some(true),
        default_route_settings: Some(RouteSettings {
            data_trace_enabled: Some(false),
            detailed_metrics_enabled: Some(true),
            logging_level: Some(LoggingLevel::Info),
            throttling_burst_limit: Some(500),
            throttling_rate_limit: Some(1000.5),
        }),
        description: Some("Production".into()),
        route_settings: Some(map(&[(
            "GET /orders",
            RouteSettings {
                throttling_burst_limit: Some(100),
                throttling_rate_limit: Some(50.25),
                ..Default::default()
            },
        )])),
        stage_name: "$default".into(),
        stage_variables: Some(map(&[("backend", "orders-v2".to_string())])),
        ..Default::default()
    }
}

/// A domain with one configuration, whose `certificateUploadDate` is a timestamp in a
/// request body (RFC 3339 on the wire) with a fraction of a second.
pub fn create_domain_name() -> CreateDomainNameRequest {
    CreateDomainNameRequest {
        domain_name: "api.example.com".into(),
        domain_name_configurations: Some(vec![DomainNameConfiguration {
            certificate_arn: Some(
                "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012"
                    .into(),
            ),
            certificate_upload_date: Some(Timestamp::from_millis(1_714_979_289_500)),
            endpoint_type: Some(EndpointType::Regional),
            security_policy: Some(SecurityPolicy::Tls12),
            ..Default::default()
        }]),
        routing_mode: Some(RoutingMode::ApiMappingOnly),
        tags: Some(map(&[("env", "prod".to_string())])),
        ..CreateDomainNameRequest::new("api.example.com")
    }
}

pub fn tag_resource() -> TagResourceRequest {
    TagResourceRequest {
        resource_arn: API_ARN.into(),
        tags: Some(map(&[
            ("env", "prod".to_string()),
            ("team", "payments".to_string()),
        ])),
    }
}

/// Keys that need encoding in a query string: a space, `&` and `=`.
pub fn untag_resource() -> UntagResourceRequest {
    UntagResourceRequest {
        resource_arn: API_ARN.into(),
        tag_keys: strings(&["env", "team name", "a&b=c"]),
    }
}

pub fn get_tags() -> GetTagsRequest {
    GetTagsRequest {
        resource_arn: API_ARN.into(),
    }
}

/// Two labels and every query parameter, a boolean among them.
pub fn export_api() -> ExportApiRequest {
    ExportApiRequest {
        api_id: "a1b2c3d4e5".into(),
        export_version: Some("1.0".into()),
        include_extensions: Some(false),
        output_type: "YAML".into(),
        specification: "OAS30".into(),
        stage_name: Some("prod".into()),
    }
}

pub fn delete_vpc_link() -> DeleteVpcLinkRequest {
    DeleteVpcLinkRequest {
        vpc_link_id: "vl1abc".into(),
    }
}
