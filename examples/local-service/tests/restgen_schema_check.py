"""Checks codegen/restgen-schema.json (the JSON Schema of the schema format, for editors)
with jsonschema, an independent JSON Schema 2020-12 implementation: every file after
`--valid` must pass it, every file after `--invalid` must fail it.

Run by tests/it/openapi.rs. Prints one line per file and exits non-zero on any surprise.
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
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.absolute_path))
    if expect == "--valid" and errors:
        surprises += 1
        print(f"REFUSED (should pass): {arg}: {errors[0].json_path}: {errors[0].message}")
    elif expect == "--invalid" and not errors:
        surprises += 1
        print(f"ACCEPTED (should fail): {arg}")
    elif errors:
        print(f"refused: {arg}: {errors[0].json_path}: {errors[0].message}")
    else:
        print(f"passed: {arg}")

sys.exit(1 if surprises else 0)
