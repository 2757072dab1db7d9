//! Canned outputs, written as API Gateway V2 sends them on the wire (JSON bodies with
//! RFC 3339 `createdDate`s, nested structures, tag maps, lists; raw bytes for an export),
//! and read into the generated types. The recording service answers with them, the wire
//! tests read them, and the end-to-end tests compare what clients received with them.

use apigatewayv2::runtime::Blob;
use apigatewayv2::types::{
    CreateApiResponse, CreateDomainNameResponse, CreateRouteResult, DeleteVpcLinkResponse,
    GetApiResponse, GetApisResponse, GetTagsResponse, TagResourceResponse, UpdateStageResponse,
};

/// The id the recording service answers `NotFoundException` for.
pub const MISSING_API_ID: &str = "missing";

/// The page token of the second (and last) page of `GetApis`.
pub const SECOND_PAGE: &str = "eyJwYWdlIjoyfQ==";

/// An HTTP API as `GetApi` returns it: CORS configuration, a whole-second `createdDate`,
/// tags, lists.
pub const GET_API: &str = r#"{
  "apiEndpoint": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
  "apiGatewayManaged": false,
  "apiId": "a1b2c3d4e5",
  "apiKeySelectionExpression": "$request.header.x-api-key",
  "corsConfiguration": {
    "allowCredentials": true,
    "allowHeaders": ["authorization", "content-type"],
    "allowMethods": ["GET", "POST", "OPTIONS"],
    "allowOrigins": ["https://www.example.com"],
    "exposeHeaders": ["x-amzn-requestid"],
    "maxAge": 3600
  },
  "createdDate": "2024-05-06T07:08:09Z",
  "description": "Orders API",
  "disableExecuteApiEndpoint": false,
  "importInfo": [],
  "ipAddressType": "ipv4",
  "name": "orders",
  "protocolType": "HTTP",
  "routeSelectionExpression": "$request.method $request.path",
  "tags": {"env": "prod", "team": "payments"},
  "version": "2024-05-06",
  "warnings": ["Parse issue: attribute paths./orders.get.x-amazon-apigateway-integration ignored"]
}"#;

/// A WebSocket API as `CreateApi` returns it (201): a `createdDate` with milliseconds.
pub const CREATE_API: &str = r#"{
  "apiEndpoint": "wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com",
  "apiId": "f6g7h8i9j0",
  "apiKeySelectionExpression": "$request.header.x-api-key",
  "createdDate": "2024-05-06T07:08:09.123Z",
  "disableSchemaValidation": false,
  "name": "chat",
  "protocolType": "WEBSOCKET",
  "routeSelectionExpression": "$request.body.action",
  "tags": {"env": "dev"}
}"#;

/// The first page of `GetApis`: two APIs and a token.
pub const GET_APIS_PAGE_1: &str = r#"{
  "items": [
    {
      "apiEndpoint": "https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com",
      "apiId": "a1b2c3d4e5",
      "createdDate": "2024-05-06T07:08:09Z",
      "name": "orders",
      "protocolType": "HTTP",
      "routeSelectionExpression": "$request.method $request.path",
      "tags": {}
    },
    {
      "apiEndpoint": "wss://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com",
      "apiId": "f6g7h8i9j0",
      "createdDate": "2024-05-06T07:08:09.123Z",
      "name": "chat",
      "protocolType": "WEBSOCKET",
      "routeSelectionExpression": "$request.body.action"
    }
  ],
  "nextToken": "eyJwYWdlIjoyfQ=="
}"#;

/// The second and last page of `GetApis`: no token.
pub const GET_APIS_PAGE_2: &str = r#"{
  "items": [
    {
      "apiId": "k1l2m3n4o5",
      "createdDate": "2023-12-31T23:59:59Z",
      "name": "legacy",
      "protocolType": "HTTP",
      "routeSelectionExpression": "$request.method $request.path"
    }
  ]
}"#;

/// A route as `CreateRoute` returns it (201): a list of scopes, a map of structures.
pub const CREATE_ROUTE: &str = r#"{
  "apiKeyRequired": false,
  "authorizationScopes": ["orders/read", "orders/write"],
  "authorizationType": "JWT",
  "authorizerId": "auth12",
  "operationName": "ListOrders",
  "requestModels": {"application/json": "OrderModel"},
  "requestParameters": {"route.request.querystring.id": {"required": true}},
  "routeId": "r0ut3",
  "routeKey": "GET /orders",
  "target": "integrations/int123"
}"#;

/// A stage as `UpdateStage` returns it: nested settings, a map of route settings, dates
/// with a fraction and with an offset (sent back in UTC).
pub const UPDATE_STAGE: &str = r#"{
  "accessLogSettings": {
    "destinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:orders-access",
    "format": "$context.requestId $context.status"
  },
  "apiGatewayManaged": false,
  "autoDeploy": true,
  "createdDate": "2024-05-06T07:08:09Z",
  "defaultRouteSettings": {
    "dataTraceEnabled": false,
    "detailedMetricsEnabled": true,
    "loggingLevel": "INFO",
    "throttlingBurstLimit": 500,
    "throttlingRateLimit": 1000.5
  },
  "deploymentId": "dep123",
  "description": "Production",
  "lastDeploymentStatusMessage": "Deployment attempt succeeded",
  "lastUpdatedDate": "2024-05-07T10:11:12.345+02:00",
  "routeSettings": {
    "GET /orders": {"throttlingBurstLimit": 100, "throttlingRateLimit": 50.25}
  },
  "stageName": "prod",
  "stageVariables": {"backend": "orders-v2"},
  "tags": {"env": "prod"}
}"#;

/// A custom domain as `CreateDomainName` returns it (201): a list of configurations, each
/// with a `certificateUploadDate`.
pub const CREATE_DOMAIN_NAME: &str = r#"{
  "apiMappingSelectionExpression": "$request.basepath",
  "domainName": "api.example.com",
  "domainNameArn": "arn:aws:apigateway:us-east-1::/domainnames/api.example.com",
  "domainNameConfigurations": [
    {
      "apiGatewayDomainName": "d-abcdef1234.execute-api.us-east-1.amazonaws.com",
      "certificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
      "certificateUploadDate": "2024-05-06T07:08:09.5Z",
      "domainNameStatus": "AVAILABLE",
      "endpointType": "REGIONAL",
      "hostedZoneId": "Z1UJRXOUMOOFQ8",
      "ipAddressType": "ipv4",
      "securityPolicy": "TLS_1_2"
    }
  ],
  "routingMode": "API_MAPPING_ONLY",
  "tags": {"env": "prod"}
}"#;

/// The tags of a resource, as `GetTags` returns them.
pub const GET_TAGS: &str =
    r#"{"tags": {"env": "prod", "team": "payments", "cost-center": "1234"}}"#;

/// What `TagResource` (201) and `DeleteVpcLink` (202) return: an empty object.
pub const EMPTY: &str = "{}";

/// An exported API as `ExportApi` returns it with `outputType=JSON`: the raw document as
/// the whole body, not a JSON member.
pub const EXPORTED_JSON: &str = r#"{"openapi":"3.0.1","info":{"title":"orders","version":"2024-05-06 07:08:09UTC"},"paths":{"/orders":{"get":{"responses":{"default":{"description":"Default response for GET /orders"}}}}}}"#;

/// An exported API as `ExportApi` returns it with `outputType=YAML`.
pub const EXPORTED_YAML: &str = "openapi: 3.0.1\ninfo:\n  title: orders\n  version: 2024-05-06 07:08:09UTC\npaths:\n  /orders:\n    get:\n      responses:\n        default:\n          description: Default response for GET /orders\n";

fn read<T: serde::de::DeserializeOwned>(json: &str) -> T {
    serde_json::from_str(json)
        .unwrap_or_else(|e| panic!("canned output does not read: {e}\n{json}"))
}

/// [`GET_API`] read.
pub fn get_api() -> GetApiResponse {
    read(GET_API)
}

/// [`CREATE_API`] read.
pub fn create_api() -> CreateApiResponse {
    read(CREATE_API)
}

/// [`GET_APIS_PAGE_1`] read.
pub fn get_apis_page_1() -> GetApisResponse {
    read(GET_APIS_PAGE_1)
}

/// [`GET_APIS_PAGE_2`] read.
pub fn get_apis_page_2() -> GetApisResponse {
    read(GET_APIS_PAGE_2)
}

/// [`CREATE_ROUTE`] read.
pub fn create_route() -> CreateRouteResult {
    read(CREATE_ROUTE)
}

/// [`UPDATE_STAGE`] read.
pub fn update_stage() -> UpdateStageResponse {
    read(UPDATE_STAGE)
}

/// [`CREATE_DOMAIN_NAME`] read.
pub fn create_domain_name() -> CreateDomainNameResponse {
    read(CREATE_DOMAIN_NAME)
}

/// [`GET_TAGS`] read.
pub fn get_tags() -> GetTagsResponse {
    read(GET_TAGS)
}

/// [`EMPTY`] read, as `TagResource`'s output.
pub fn tag_resource() -> TagResourceResponse {
    read(EMPTY)
}

/// [`EMPTY`] read, as `DeleteVpcLink`'s output.
pub fn delete_vpc_link() -> DeleteVpcLinkResponse {
    read(EMPTY)
}

/// The exported document for an `outputType` (`YAML`, else JSON).
pub fn exported(output_type: &str) -> Blob {
    Blob::new(if output_type == "YAML" {
        EXPORTED_YAML
    } else {
        EXPORTED_JSON
    })
}
