"""boto3 (the official AWS SDK for Python) against the local IntegrationResponse service.

Run by examples/local-service/tests/it/server_boto3.rs with ENDPOINT set to the server's URL. Any failed
check raises, so the script exits non-zero and the Rust test fails.
"""

import os

import boto3
from botocore.config import Config

ENDPOINT = os.environ["ENDPOINT"]

client = boto3.client(
    "apigatewayv2",
    endpoint_url=ENDPOINT,
    region_name="us-east-1",
    aws_access_key_id="AKIDEXAMPLE",
    aws_secret_access_key="wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
    # No retries: a 4xx/5xx must show up as it was sent.
    config=Config(retries={"max_attempts": 1, "mode": "standard"}),
)

# The ids of WIRE.md's label-encoding table (§2.2), as api and integration ids: the SDK encodes them,
# the server must decode them back to the same strings.
WIRE_IDS = ["a/b", "a b", "a?b", "a#b", "a+b", "a%2Fb", "~-._", "ü€"]


def check(condition, message):
    if not condition:
        raise AssertionError(message)


def crud(api_id, integration_id):
    created = client.create_integration_response(
        ApiId=api_id,
        IntegrationId=integration_id,
        IntegrationResponseKey="$default",
        ContentHandlingStrategy="CONVERT_TO_TEXT",
        ResponseTemplates={"application/json": '{"a": $input.json(\'$\')}'},
        ResponseParameters={"method.response.header.X-Foo": "integration.response.header.X-Bar"},
        TemplateSelectionExpression="\\$default",
    )
    check(created["ResponseMetadata"]["HTTPStatusCode"] == 201, created)
    check(created["ResponseMetadata"].get("RequestId"), created["ResponseMetadata"])
    ir_id = created["IntegrationResponseId"]
    check(created["IntegrationResponseKey"] == "$default", created)
    check(created["ContentHandlingStrategy"] == "CONVERT_TO_TEXT", created)

    got = client.get_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseId=ir_id
    )
    for key in [
        "IntegrationResponseId",
        "IntegrationResponseKey",
        "ContentHandlingStrategy",
        "ResponseTemplates",
        "ResponseParameters",
        "TemplateSelectionExpression",
    ]:
        check(got[key] == created[key], (key, got, created))

    # An update with nothing set: the SDK still sends {} as JSON.
    same = client.update_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseId=ir_id
    )
    check(same["IntegrationResponseKey"] == "$default", same)
    updated = client.update_integration_response(
        ApiId=api_id,
        IntegrationId=integration_id,
        IntegrationResponseId=ir_id,
        IntegrationResponseKey="$other",
        ContentHandlingStrategy="CONVERT_TO_BINARY",
    )
    check(updated["IntegrationResponseKey"] == "$other", updated)
    check(updated["ContentHandlingStrategy"] == "CONVERT_TO_BINARY", updated)
    check(updated["ResponseTemplates"] == created["ResponseTemplates"], updated)

    listed = client.get_integration_responses(ApiId=api_id, IntegrationId=integration_id)
    check([i["IntegrationResponseId"] for i in listed["Items"]] == [ir_id], listed)
    check("NextToken" not in listed, listed)

    deleted = client.delete_integration_response(
        ApiId=api_id, IntegrationId=integration_id, IntegrationResponseId=ir_id
    )
    check(deleted["ResponseMetadata"]["HTTPStatusCode"] == 204, deleted)
    listed = client.get_integration_responses(ApiId=api_id, IntegrationId=integration_id)
    check(listed["Items"] == [], listed)


for wire_id in WIRE_IDS:
    crud(wire_id, wire_id + "-integration")

# An unknown id, in every operation that takes one; weird ids are echoed back intact.
for wire_id in WIRE_IDS:
    try:
        client.get_integration_response(
            ApiId="api", IntegrationId="int", IntegrationResponseId=wire_id
        )
        raise AssertionError("get of an unknown id succeeded")
    except client.exceptions.NotFoundException as e:
        check(e.response["Error"]["Code"] == "NotFoundException", e.response)
        check(e.response["ResourceType"] == "IntegrationResponse", e.response)
        check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 404, e.response)
        check(wire_id in e.response["Error"]["Message"], e.response)
for call in [
    lambda: client.delete_integration_response(ApiId="api", IntegrationId="int", IntegrationResponseId="nope"),
    lambda: client.update_integration_response(ApiId="api", IntegrationId="int", IntegrationResponseId="nope", IntegrationResponseKey="k"),
]:
    try:
        call()
        raise AssertionError("call on an unknown id succeeded")
    except client.exceptions.NotFoundException as e:
        check(e.response["ResourceType"] == "IntegrationResponse", e.response)

# ConflictException: a key is unique per integration, on create and on update.
first = client.create_integration_response(ApiId="api", IntegrationId="int", IntegrationResponseKey="dup")
second = client.create_integration_response(ApiId="api", IntegrationId="int", IntegrationResponseKey="other")
try:
    client.create_integration_response(ApiId="api", IntegrationId="int", IntegrationResponseKey="dup")
    raise AssertionError("duplicate key created")
except client.exceptions.ConflictException as e:
    check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 409, e.response)
    check("dup" in e.response["Error"]["Message"], e.response)
try:
    client.update_integration_response(
        ApiId="api", IntegrationId="int",
        IntegrationResponseId=second["IntegrationResponseId"], IntegrationResponseKey="dup",
    )
    raise AssertionError("update to a duplicate key succeeded")
except client.exceptions.ConflictException:
    pass
# The same key under another integration is fine.
client.create_integration_response(ApiId="api", IntegrationId="int2", IntegrationResponseKey="dup")

# BadRequestException: a bad page size, as the SDK sends it.
try:
    client.get_integration_responses(ApiId="api", IntegrationId="int", MaxResults="0")
    raise AssertionError("maxResults=0 accepted")
except client.exceptions.BadRequestException as e:
    check(e.response["ResponseMetadata"]["HTTPStatusCode"] == 400, e.response)

# Pagination with the SDK's paginator: 23 items in pages of 5.
keys = ["page-%02d" % i for i in range(23)]
for key in keys:
    client.create_integration_response(ApiId="pages", IntegrationId="p", IntegrationResponseKey=key)
paginator = client.get_paginator("get_integration_responses")
pages = list(paginator.paginate(ApiId="pages", IntegrationId="p", PaginationConfig={"PageSize": "5"}))
check([len(p["Items"]) for p in pages] == [5, 5, 5, 5, 3], [len(p["Items"]) for p in pages])
check([i["IntegrationResponseKey"] for p in pages for i in p["Items"]] == keys, pages)
check(all("NextToken" in p for p in pages[:-1]) and "NextToken" not in pages[-1], pages)
everything = paginator.paginate(ApiId="pages", IntegrationId="p").build_full_result()
check([i["IntegrationResponseKey"] for i in everything["Items"]] == keys, everything)
limited = paginator.paginate(
    ApiId="pages", IntegrationId="p", PaginationConfig={"PageSize": "4", "MaxItems": 10}
).build_full_result()
check(len(limited["Items"]) == 10 and "NextToken" in limited, limited)

print("boto3: all checks passed")
