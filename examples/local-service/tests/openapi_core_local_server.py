"""Real HTTP traffic with the local IntegrationResponse service, each request and response
validated by openapi-core against generated/integration_response/openapi.json.

Run by tests/it/openapi.rs with ENDPOINT (the server's URL) and SPEC (the document's path).
Why openapi-core: it is the maintained OpenAPI 3.1 request/response validator of the Python
ecosystem (the library behind the Flask/Django/FastAPI integrations), written independently
of this project, and it validates what a document promises about real traffic: the route
and its parameters, the request body, the status, the response headers (`required`
included) and the response body against the schemas. A document that merely passes the
specification validator can still be wrong about the service; this catches that.
Any failed check raises, so the script exits non-zero and the Rust test fails. A request
or response the document must refuse is refused for the expected reason only: the schema
errors openapi-core reports must be exactly the ones listed; a refusal for anything else (a
wrong route, an unreadable body, a fault of the validator) fails too.
"""

import json
import os

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse
from openapi_core.validation.request.exceptions import InvalidRequestBody
from openapi_core.validation.response.exceptions import InvalidData
from openapi_core.validation.schemas.exceptions import InvalidSchemaValue

ENDPOINT = os.environ["ENDPOINT"]
with open(os.environ["SPEC"], encoding="utf-8") as f:
    spec = json.load(f)
# The document's server is the AWS endpoint; the one under test is local. Only `servers`
# changes: it is where the service runs, not what it accepts or answers.
spec["servers"] = [{"url": ENDPOINT}]
api = OpenAPI.from_dict(spec)

session = requests.Session()
seen = []


def schema_errors(error):
    """The schema errors behind an openapi-core refusal of a body, each as
    `/path validator: message` (the path `/`-separated, `/` at the root). A refusal caused by
    anything else is raised again."""
    cause = error.__cause__
    if not isinstance(cause, InvalidSchemaValue):
        raise error
    return [
        f"/{'/'.join(map(str, e.absolute_path))} {e.validator}: {e.message}"
        for e in cause.schema_errors
    ]


def call(method, path, expected_status, refused_for=None, **kwargs):
    """Sends one real request; validates it (or, for a request the service must refuse,
    checks that the document refuses its body with exactly the schema errors
    `refused_for`) and its response; returns the response."""
    response = session.request(method, ENDPOINT + path, **kwargs)
    if response.status_code != expected_status:
        raise AssertionError(
            f"{method} {path}: expected {expected_status}, got {response.status_code}: {response.text}"
        )
    request = RequestsOpenAPIRequest(response.request)
    if refused_for is None:
        api.validate_request(request)
    else:
        try:
            api.validate_request(request)
        except InvalidRequestBody as e:
            got = schema_errors(e)
            if got != refused_for:
                raise AssertionError(
                    f"{method} {path}: refused for {got}, expected {refused_for}"
                ) from e
        else:
            raise AssertionError(f"{method} {path}: the document accepts a request the service refused")
    api.validate_response(request, RequestsOpenAPIResponse(response))
    seen.append(f"{method} {path} -> {response.status_code}")
    return response


coll = "/v2/apis/api-1/integrations/int-1/integrationresponses"
created = call(
    "POST",
    coll,
    201,
    json={
        "integrationResponseKey": "$default",
        "contentHandlingStrategy": "CONVERT_TO_TEXT",
        "responseTemplates": {"application/json": "{}"},
    },
).json()
item = f"{coll}/{created['integrationResponseId']}"
call("GET", item, 200)
call("PATCH", item, 200, json={"templateSelectionExpression": "$request.body.action"})
call("POST", coll, 201, json={"integrationResponseKey": "/2\\d\\d/"})
page = call("GET", coll, 200, params={"maxResults": "1"}).json()
call("GET", coll, 200, params={"maxResults": "1", "nextToken": page["nextToken"]})
call("POST", coll, 409, json={"integrationResponseKey": "$default"})
# No integrationResponseKey: the server and the document both refuse it.
call(
    "POST",
    coll,
    400,
    refused_for=["/ required: 'integrationResponseKey' is a required property"],
    json={"contentHandlingStrategy": "CONVERT_TO_TEXT"},
)
call("DELETE", item, 204)
call("GET", item, 404)
call("DELETE", item, 404)

# The validator is not a rubber stamp: a response that breaks the document is refused.
good = session.get(ENDPOINT + coll)
bad = requests.models.Response()
bad.status_code = 200
bad.headers.update(good.headers)
bad._content = json.dumps({"items": [{"integrationResponseKey": 7}]}).encode()
bad.request = good.request
try:
    api.validate_response(RequestsOpenAPIRequest(good.request), RequestsOpenAPIResponse(bad))
except InvalidData as e:
    got = schema_errors(e)
    if got != ["/items/0/integrationResponseKey type: 7 is not of type 'string'"]:
        raise AssertionError(f"the wrong body was refused for {got}") from e
    seen.append(f"a wrong body is refused ({got[0]})")
else:
    raise AssertionError("openapi-core accepted an integrationResponseKey that is a number")

print("\n".join(seen))
print("openapi-core: all checks passed")
