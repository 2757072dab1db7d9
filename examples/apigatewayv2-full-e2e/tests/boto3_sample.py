"""boto3 (the official AWS SDK for Python) calls the sampled API Gateway V2 operations.

Run by examples/apigatewayv2-full-e2e/tests/it/boto3.rs with ENDPOINT set to the generated
server's URL and a scenario as the argument: `sample` (every sampled operation, in order),
`export` (ExportApi alone) or `every-operation` (every other operation boto3 knows, with
its required members only). It asserts nothing itself: it prints one JSON line, each
call's HTTP status and parsed output (or error), for the Rust test to check. The sample's
inputs are those of tests/it/sample.rs, written in Python.
"""

import datetime
import json
import os
import sys

import boto3
from botocore import xform_name
from botocore.config import Config
from botocore.exceptions import ClientError

client = boto3.client(
    "apigatewayv2",
    endpoint_url=os.environ["ENDPOINT"],
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    # No retries: every response shows up as it was sent.
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)

API_ARN = "arn:aws:apigateway:us-east-1::/apis/a1b2c3d4e5"


def plain(value):
    """The parsed output as JSON: datetimes in ISO 8601, bytes as UTF-8 text."""
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    if isinstance(value, bytes):
        return value.decode("utf-8")
    if hasattr(value, "read"):
        return value.read().decode("utf-8")
    return value


def call(method, **params):
    try:
        response = getattr(client, method)(**params)
    except ClientError as e:
        meta = e.response.pop("ResponseMetadata")
        return {"status": meta["HTTPStatusCode"], "error": plain(e.response)}
    meta = response.pop("ResponseMetadata")
    return {"status": meta["HTTPStatusCode"], "output": plain(response)}


def get_apis_pages():
    pages = client.get_paginator("get_apis").paginate(PaginationConfig={"PageSize": "2"})
    out = []
    for page in pages:
        meta = page.pop("ResponseMetadata")
        out.append({"status": meta["HTTPStatusCode"], "output": plain(page)})
    return out


def export_api():
    return call(
        "export_api",
        ApiId="a1b2c3d4e5",
        ExportVersion="1.0",
        IncludeExtensions=False,
        OutputType="YAML",
        Specification="OAS30",
        StageName="prod",
    )


def sample():
    results = {}
    results["CreateApi"] = call(
        "create_api",
        ApiKeySelectionExpression="$request.header.x-api-key",
        CorsConfiguration={
            "AllowCredentials": True,
            "AllowHeaders": ["authorization", "content-type"],
            "AllowMethods": ["GET", "POST"],
            "AllowOrigins": ["https://www.example.com"],
            "ExposeHeaders": [],
            "MaxAge": 3600,
        },
        Description='Chat API, "quoted" and ünïcödé',
        DisableSchemaValidation=False,
        Name="chat",
        ProtocolType="WEBSOCKET",
        RouteSelectionExpression="$request.body.action",
        Tags={"env": "dev", "team": "chat"},
        Version="1",
    )
    results["GetApi"] = call("get_api", ApiId="a1b2c3d4e5")
    results["GetApiMissing"] = call("get_api", ApiId="missing")
    results["GetApis"] = get_apis_pages()
    results["DeleteApi"] = call("delete_api", ApiId="f6g7h8i9j0")
    results["CreateRoute"] = call(
        "create_route",
        ApiId="a1b2c3d4e5",
        ApiKeyRequired=False,
        AuthorizationScopes=["orders/read", "orders/write"],
        AuthorizationType="JWT",
        AuthorizerId="auth12",
        OperationName="ListOrders",
        RequestModels={"application/json": "OrderModel"},
        RequestParameters={"route.request.querystring.id": {"Required": True}},
        RouteKey="GET /orders",
        Target="integrations/int123",
    )
    results["DeleteRoute"] = call("delete_route", ApiId="a1b2c3d4e5", RouteId="r0ut3")
    results["UpdateStage"] = call(
        "update_stage",
        AccessLogSettings={
            "DestinationArn": "arn:aws:logs:us-east-1:123456789012:log-group:orders-access",
            "Format": "$context.requestId $context.status",
        },
        ApiId="a1b2c3d4e5",
        AutoDeploy=True,
        DefaultRouteSettings={
            "DataTraceEnabled": False,
            "DetailedMetricsEnabled": True,
            "LoggingLevel": "INFO",
            "ThrottlingBurstLimit": 500,
            "ThrottlingRateLimit": 1000.5,
        },
        Description="Production",
        RouteSettings={
            "GET /orders": {"ThrottlingBurstLimit": 100, "ThrottlingRateLimit": 50.25}
        },
        StageName="$default",
        StageVariables={"backend": "orders-v2"},
    )
    results["CreateDomainName"] = call(
        "create_domain_name",
        DomainName="api.example.com",
        DomainNameConfigurations=[
            {
                "CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/12345678-1234-1234-1234-123456789012",
                "CertificateUploadDate": datetime.datetime(
                    2024, 5, 6, 7, 8, 9, 500000, tzinfo=datetime.timezone.utc
                ),
                "EndpointType": "REGIONAL",
                "SecurityPolicy": "TLS_1_2",
            }
        ],
        RoutingMode="API_MAPPING_ONLY",
        Tags={"env": "prod"},
    )
    results["TagResource"] = call(
        "tag_resource", ResourceArn=API_ARN, Tags={"env": "prod", "team": "payments"}
    )
    results["UntagResource"] = call(
        "untag_resource", ResourceArn=API_ARN, TagKeys=["env", "team name", "a&b=c"]
    )
    results["GetTags"] = call("get_tags", ResourceArn=API_ARN)
    results["ExportApi"] = export_api()
    results["DeleteVpcLink"] = call("delete_vpc_link", VpcLinkId="vl1abc")
    results["GetVpcLinks"] = call("get_vpc_links")
    return results


def minimal(shape):
    """A value of `shape` with only its required members, each the simplest of its type
    that the model's own constraints (`min`) allow."""
    least = max(1, int(shape.metadata.get("min", 1)))
    if shape.type_name == "structure":
        return {name: minimal(shape.members[name]) for name in shape.required_members}
    if shape.type_name == "list":
        return [minimal(shape.member)] * least
    if shape.type_name == "map":
        return {"k": minimal(shape.value)}
    if shape.type_name == "string":
        return shape.enum[0] if shape.enum else "x" * least
    if shape.type_name in ("integer", "long"):
        return least
    if shape.type_name in ("float", "double"):
        return 1.5
    if shape.type_name == "boolean":
        return True
    if shape.type_name == "timestamp":
        return datetime.datetime(2024, 5, 6, 7, 8, 9, tzinfo=datetime.timezone.utc)
    if shape.type_name == "blob":
        return b"x" * least
    raise ValueError(shape.type_name)


def every_operation():
    """Every operation boto3 knows except those of the sample, called with its required
    members only: the server must route and decode each before answering 501."""
    model = client.meta.service_model
    results = {}
    for name in model.operation_names:
        operation = model.operation_model(name)
        if name in SAMPLED:
            continue
        params = minimal(operation.input_shape) if operation.input_shape else {}
        results[name] = call(xform_name(name), **params)
    return results


SAMPLED = {
    "CreateApi", "GetApi", "GetApis", "DeleteApi", "CreateRoute", "DeleteRoute",
    "UpdateStage", "CreateDomainName", "TagResource", "UntagResource", "GetTags",
    "ExportApi", "DeleteVpcLink",
}

SCENARIOS = {
    "sample": sample,
    "export": lambda: {"ExportApi": export_api()},
    "every-operation": every_operation,
}

print(json.dumps(SCENARIOS[sys.argv[1]](), ensure_ascii=False))
