"""Checks codegen/restgen-schema.json (the JSON Schema of the schema format, for editors)
with jsonschema, an independent JSON Schema 2020-12 implementation: every file after
`--valid` must pass it, every file after `--invalid` must fail it.

Run by tests/it/openapi.rs. Prints `passed: <file>` or `refused: <file>` per file, the
latter followed by one line per error, `  <JSON path> <keyword>: <message>` (sorted), for
the test to compare with the errors it expects; exits non-zero on any surprise.
"""

import json
import sys

from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

# YAML 1.2, as the generator reads it (`required: yes` is the string "yes", not true).
yaml = YAML(typ="safe", pure=True)
yaml.version = (1, 2)

schema_path, *rest = sys.argv[1:]
with open(schema_path, encoding="utf-8") as f:
    schema = json.load(f)
Draft202012Validator.check_schema(schema)
validator = Draft202012Validator(schema)

expect = None
surprises = 0
for arg in rest:
    if arg in ("--valid", "--invalid"):
        expect = arg
        continue
    with open(arg, encoding="utf-8") as f:
        doc = yaml.load(f)
    errors = sorted(f"{e.json_path} {e.validator}: {e.message}" for e in validator.iter_errors(doc))
    if expect == "--valid" and errors:
        surprises += 1
        print(f"REFUSED (should pass): {arg}")
    elif expect == "--invalid" and not errors:
        surprises += 1
        print(f"ACCEPTED (should fail): {arg}")
    elif errors:
        print(f"refused: {arg}")
    else:
        print(f"passed: {arg}")
    for error in errors:
        print(f"  {error}")

sys.exit(1 if surprises else 0)
