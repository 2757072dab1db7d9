"""Real HTTP traffic with the local IntegrationResponse service, each request and response
validated by openapi-core against generated/integration_response/openapi.json.

Run by tests/it/openapi.rs with ENDPOINT (the server's URL) and SPEC (the document's path).
Why openapi-core: it is the maintained OpenAPI 3.1 request/response validator of the Python
ecosystem (the library behind the Flask/Django/FastAPI integrations), written independently
of this project, and it validates what a document promises about real traffic: the route
and its parameters, the request body, the status, the response headers (`required`
included) and the response body against the schemas. A document that merely passes the
specification validator can still be wrong about the service; this catches that.
Any failed check raises, so the script exits non-zero and the Rust test fails.
"""

import json
import os

import requests
from openapi_core import OpenAPI
from openapi_core.contrib.requests import RequestsOpenAPIRequest, RequestsOpenAPIResponse

ENDPOINT = os.environ["ENDPOINT"]
with open(os.environ["SPEC"], encoding="utf-8") as f:
    spec = json.load(f)
# The document's server is the AWS endpoint; the one under test is local. Only `servers`
# changes: it is where the service runs, not what it accepts or answers.
spec["servers"] = [{"url": ENDPOINT}]
api = OpenAPI.from_dict(spec)

session = requests.Session()
seen = []


def call(method, path, expected_status, valid_request=True, **kwargs):
    """Sends one real request; validates it (or, for a request the service must refuse,
    checks that the document refuses it too) and its response; returns the response."""
    response = session.request(method, ENDPOINT + path, **kwargs)
    if response.status_code != expected_status:
        raise AssertionError(
            f"{method} {path}: expected {expected_status}, got {response.status_code}: {response.text}"
        )
    request = RequestsOpenAPIRequest(response.request)
    if valid_request:
        api.validate_request(request)
    else:
        try:
            api.validate_request(request)
        except Exception:  # noqa: BLE001 - any validation error will do
            pass
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
call("POST", coll, 400, valid_request=False, json={"contentHandlingStrategy": "CONVERT_TO_TEXT"})
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
except Exception as e:  # noqa: BLE001 - any validation error will do
    seen.append(f"a wrong body is refused ({type(e).__name__})")
else:
    raise AssertionError("openapi-core accepted an integrationResponseKey that is a number")

print("\n".join(seen))
print("openapi-core: all checks passed")
