//! boto3 (the official AWS SDK for Python) against the generated server on 127.0.0.1,
//! serving the recording service: `tests/boto3_sample.py` calls the sampled operations
//! with boto3's `apigatewayv2` client (endpoint override, dummy credentials, us-east-1) and
//! prints what boto3 parsed; the test checks that the server recorded exactly the inputs of
//! `sample.rs` and that boto3 read the canned outputs, statuses and errors. Then every
//! other operation, as boto3 sends it with its required members only, must be routed,
//! decoded and answered 501 naming it.
//!
//! boto3 is installed once into a virtual environment under the target directory
//! (`py-venv-boto3-full`), as examples/local-service's tests do, so the test needs
//! `python3` with `venv` and PyPI the first time. It fails, never skips, without them.

use crate::sample;
use crate::support::{assert_json_eq, python_venv, start};
use apigatewayv2::routes::Operation;
use apigatewayv2_full_e2e::{canned, Recorded};
use serde_json::{json, Value};
use std::path::Path;
use std::process::Command;

/// boto3 and its botocore, pinned so that a new release cannot change a result unnoticed:
/// the release whose API Gateway V2 model `models/apigatewayv2/` vendors.
const BOTO3: &[&str] = &["boto3==1.44.8", "botocore==1.44.8"];

/// Serves the recording service, runs the script's `scenario` against it, and returns
/// what the script printed (as JSON) and what the server recorded.
fn run_boto3(scenario: &str) -> (Value, Vec<Recorded>) {
    let python = python_venv("py-venv-boto3-full", BOTO3);
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let (server, service) = runtime.block_on(start());
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/boto3_sample.py");
    let output = Command::new(&python)
        .arg(&script)
        .arg(scenario)
        .env("ENDPOINT", format!("http://{}", server.local_addr()))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("AWS_ENDPOINT_URL_APIGATEWAYV2")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "boto3 script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    runtime.block_on(server.shutdown());
    let printed = stdout.lines().last().unwrap_or_default();
    let results = serde_json::from_str(printed)
        .unwrap_or_else(|e| panic!("the script printed no JSON ({e}):\n{stdout}"));
    (results, service.take())
}

/// Asserts one call's status and parsed output.
#[track_caller]
fn assert_call(results: &Value, operation: &str, status: u16, output: Value) {
    let call = &results[operation];
    assert_eq!(call["status"], status, "{operation}: {call}");
    assert_json_eq(&call["output"], &output);
}

/// Asserts one call's status, error code and message, as boto3 parsed them.
#[track_caller]
fn assert_error(results: &Value, operation: &str, status: u16, code: &str, message: &str) {
    let call = &results[operation];
    assert_eq!(call["status"], status, "{operation}: {call}");
    assert_eq!(call["error"]["Error"]["Code"], code, "{operation}: {call}");
    assert_eq!(
        call["error"]["Error"]["Message"], message,
        "{operation}: {call}"
    );
}

#[test]
fn boto3_drives_the_sampled_operations() {
    let (results, recorded) = run_boto3("sample");

    let mut second_page = sample::get_apis();
    second_page.next_token = Some(canned::SECOND_PAGE.into());
    let expected = [
        Recorded::CreateApi(sample::create_api()),
        Recorded::GetApi(sample::get_api()),
        Recorded::GetApi(sample::get_api_missing()),
        Recorded::GetApis(sample::get_apis()),
        Recorded::GetApis(second_page),
        Recorded::DeleteApi(sample::delete_api()),
        Recorded::CreateRoute(sample::create_route()),
        Recorded::DeleteRoute(sample::delete_route()),
        Recorded::UpdateStage(sample::update_stage()),
        Recorded::CreateDomainName(sample::create_domain_name()),
        Recorded::TagResource(sample::tag_resource()),
        Recorded::UntagResource(sample::untag_resource()),
        Recorded::GetTags(sample::get_tags()),
        Recorded::ExportApi(sample::export_api()),
        Recorded::DeleteVpcLink(sample::delete_vpc_link()),
    ];
    // One by one, so that a mismatch names its operation.
    for (got, want) in recorded.iter().zip(&expected) {
        assert_eq!(got, want);
    }
    assert_eq!(recorded.len(), expected.len(), "{recorded:#?}");

    assert_call(
        &results,
        "CreateApi",
        201,
        json!({
            "ApiEndpoint": "wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com",
            "ApiId": "f6g7h8i9j0",
            "ApiKeySelectionExpression": "$request.header.x-api-key",
            "CreatedDate": "2024-05-06T07:08:09.123000+00:00",
            "DisableSchemaValidation": false,
            "Name": "chat",
            "ProtocolType": "WEBSOCKET",
            "RouteSelectionExpression": "$request.body.action",
            "Tags": {"env": "dev"}
        }),
    );
    assert_call(
        &results,
        "GetApi",
        200,
        json!({
            "ApiEndpoint": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
            "ApiGatewayManaged": false,
            "ApiId": "a1b2c3d4e5",
            "ApiKeySelectionExpression": "$request.header.x-api-key",
            "CorsConfiguration": {
                "AllowCredentials": true,
                "AllowHeaders": ["authorization", "content-type"],
                "AllowMethods": ["GET", "POST", "OPTIONS"],
                "AllowOrigins": ["https://www.example.com"],
                "ExposeHeaders": ["x-amzn-requestid"],
                "MaxAge": 3600
            },
            "CreatedDate": "2024-05-06T07:08:09+00:00",
            "Description": "Orders API",
            "DisableExecuteApiEndpoint": false,
            "ImportInfo": [],
            "IpAddressType": "ipv4",
            "Name": "orders",
            "ProtocolType": "HTTP",
            "RouteSelectionExpression": "$request.method $request.path",
            "Tags": {"env": "prod", "team": "payments"},
            "Version": "2024-05-06",
            "Warnings": [
                "Parse issue: attribute paths./orders.get.x-amazon-apigateway-integration ignored"
            ]
        }),
    );
    assert_error(
        &results,
        "GetApiMissing",
        404,
        "NotFoundException",
        "Invalid API identifier specified missing",
    );
    assert_eq!(results["GetApiMissing"]["error"]["ResourceType"], "Api");
    assert_json_eq(
        &results["GetApis"],
        &json!([
            {"status": 200, "output": {
                "Items": [
                    {
                        "ApiEndpoint": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
                        "ApiId": "a1b2c3d4e5",
                        "CreatedDate": "2024-05-06T07:08:09+00:00",
                        "Name": "orders",
                        "ProtocolType": "HTTP",
                        "RouteSelectionExpression": "$request.method $request.path",
                        "Tags": {}
                    },
                    {
                        "ApiEndpoint": "wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com",
                        "ApiId": "f6g7h8i9j0",
                        "CreatedDate": "2024-05-06T07:08:09.123000+00:00",
                        "Name": "chat",
                        "ProtocolType": "WEBSOCKET",
                        "RouteSelectionExpression": "$request.body.action"
                    }
                ],
                "NextToken": canned::SECOND_PAGE
            }},
            {"status": 200, "output": {
                "Items": [{
                    "ApiId": "k1l2m3n4o5",
                    "CreatedDate": "2023-12-31T23:59:59+00:00",
                    "Name": "legacy",
                    "ProtocolType": "HTTP",
                    "RouteSelectionExpression": "$request.method $request.path"
                }]
            }}
        ]),
    );
    assert_call(&results, "DeleteApi", 204, json!({}));
    assert_call(
        &results,
        "CreateRoute",
        201,
        json!({
            "ApiKeyRequired": false,
            "AuthorizationScopes": ["orders/read", "orders/write"],
            "AuthorizationType": "JWT",
            "AuthorizerId": "auth12",
            "OperationName": "ListOrders",
            "RequestModels": {"application/json": "OrderModel"},
            "RequestParameters": {"route.request.querystring.id": {"Required": true}},
            "RouteId": "r0ut3",
            "RouteKey": "GET /orders",
            "Target": "integrations/int123"
        }),
    );
    assert_call(&results, "DeleteRoute", 204, json!({}));
    assert_call(
        &results,
        "UpdateStage",
        200,
        json!({
            "AccessLogSettings": {
                "DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:orders-access",
                "Format": "$context.requestId $context.status"
            },
            "ApiGatewayManaged": false,
            "AutoDeploy": true,
            "CreatedDate": "2024-05-06T07:08:09+00:00",
            "DefaultRouteSettings": {
                "DataTraceEnabled": false,
                "DetailedMetricsEnabled": true,
                "LoggingLevel": "INFO",
                "ThrottlingBurstLimit": 500,
                "ThrottlingRateLimit": 1000.5
            },
            "DeploymentId": "dep123",
            "Description": "Production",
            "LastDeploymentStatusMessage": "Deployment attempt succeeded",
            "LastUpdatedDate": "2024-05-07T08:11:12.345000+00:00",
            "RouteSettings": {
                "GET /orders": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50.25}
            },
            "StageName": "prod",
            "StageVariables": {"backend": "orders-v2"},
            "Tags": {"env": "prod"}
        }),
    );
    assert_call(
        &results,
        "CreateDomainName",
        201,
        json!({
            "ApiMappingSelectionExpression": "$request.basepath",
            "DomainName": "api.example.com",
            "DomainNameArn": "arn:aws:apigateway:us-east-1::/domainnames/api.example.com",
            "DomainNameConfigurations": [{
                "ApiGatewayDomainName": "d-abcdef1234.execute-api.us-east-1.amazonaws.com",
                "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
                "CertificateUploadDate": "2024-05-06T07:08:09.500000+00:00",
                "DomainNameStatus": "AVAILABLE",
                "EndpointType": "REGIONAL",
                "HostedZoneId": "Z1UJRXOUMOOFQ8",
                "IpAddressType": "ipv4",
                "SecurityPolicy": "TLS_1_2"
            }],
            "RoutingMode": "API_MAPPING_ONLY",
            "Tags": {"env": "prod"}
        }),
    );
    assert_call(&results, "TagResource", 201, json!({}));
    assert_call(&results, "UntagResource", 204, json!({}));
    assert_call(
        &results,
        "GetTags",
        200,
        json!({"Tags": {"env": "prod", "team": "payments", "cost-center": "1234"}}),
    );
    // Its body is checked by `boto3_reads_the_exported_document` below.
    assert_eq!(
        results["ExportApi"]["status"], 200,
        "{}",
        results["ExportApi"]
    );
    assert_call(&results, "DeleteVpcLink", 202, json!({}));
    assert_error(
        &results,
        "GetVpcLinks",
        501,
        "NotImplemented",
        "operation GetVpcLinks is not implemented by this server",
    );
}

#[test]
fn boto3_reads_the_exported_document() {
    let (results, recorded) = run_boto3("export");
    assert_eq!(recorded, [Recorded::ExportApi(sample::export_api())]);
    assert_call(
        &results,
        "ExportApi",
        200,
        json!({"body": canned::EXPORTED_YAML}),
    );
}

/// Every operation of the schema outside the sample, as boto3 sends it with only its
/// required members: the server routes and decodes each one, then answers 501 naming it.
#[test]
fn boto3_reaches_every_other_operation_and_gets_501_naming_it() {
    let (results, recorded) = run_boto3("every-operation");
    assert_eq!(recorded, []);
    let called = results.as_object().unwrap();
    let sampled = [
        "CreateApi",
        "GetApi",
        "GetApis",
        "DeleteApi",
        "CreateRoute",
        "DeleteRoute",
        "UpdateStage",
        "CreateDomainName",
        "TagResource",
        "UntagResource",
        "GetTags",
        "ExportApi",
        "DeleteVpcLink",
    ];
    let mut checked = 0;
    for operation in Operation::ALL {
        let name = operation.name();
        if sampled.contains(&name) {
            continue;
        }
        let call = called
            .get(name)
            .unwrap_or_else(|| panic!("boto3 does not know {name}"));
        assert_error(
            &results,
            name,
            501,
            "NotImplemented",
            &format!("operation {name} is not implemented by this server"),
        );
        assert!(call.get("output").is_none(), "{name}: {call}");
        checked += 1;
    }
    assert_eq!(checked, Operation::ALL.len() - sampled.len());
}
