"""Validates generated OpenAPI documents with openapi-spec-validator, an independent
implementation of the OpenAPI 3.1 specification's own JSON Schema and rules.

Run by tests/it/openapi.rs with the documents as arguments. For each it prints
`valid: <path>` or `INVALID: <path>: <reason>`, and exits non-zero if any is invalid. It
also checks that a crate's openapi.json and openapi.yaml hold the same data.
"""

import json
import sys
from pathlib import Path

from openapi_spec_validator import validate
from ruamel.yaml import YAML


def load(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".json":
        return json.loads(text)
    # YAML 1.2 (ruamel's pure loader): the same reading as the generator's own parser.
    return YAML(typ="safe", pure=True).load(text)


failed = False
loaded = {}
for name in sys.argv[1:]:
    path = Path(name)
    try:
        doc = load(path)
        validate(doc)
        loaded[path] = doc
        print(f"valid: {path}")
    except Exception as e:  # noqa: BLE001 - every failure is reported, then the run fails
        failed = True
        first = str(e).splitlines()[0] if str(e) else type(e).__name__
        print(f"INVALID: {path}: {first}")

for path, doc in loaded.items():
    if path.suffix == ".json":
        twin = path.with_suffix(".yaml")
        if twin in loaded and loaded[twin] != doc:
            failed = True
            print(f"DIFFERENT: {path} and {twin} do not hold the same document")

sys.exit(1 if failed else 0)
