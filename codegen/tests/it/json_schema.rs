//! `codegen/restgen-schema.json`, the JSON Schema editors use for schema files, names
//! exactly the keys `raw.rs` reads: a key added to one and not the other fails here.
//! (Whether it accepts the repository's schemas is checked with a real JSON Schema
//! validator in examples/local-service/tests/it/openapi.rs.)

use std::collections::BTreeSet;

/// Every key of every `raw.rs` struct, by the JSON Schema definition that describes it.
/// Update this list with raw.rs (serde renames applied: `type`, `crate`); the test then
/// says what the JSON Schema lacks or has in excess.
const RAW_KEYS: &[(&str, &[&str])] = &[
    ("", &["service", "shapes", "operations", "errors"]), // raw::Schema
    (
        "service", // raw::Service
        &[
            "name",
            "version",
            "protocol",
            "signing_name",
            "endpoint_prefix",
            "docs",
            "crate",
            "validation_error",
            "auth_schemes",
            "auth",
            "servers",
            "error_format",
            "error_code_field",
        ],
    ),
    (
        "shape", // raw::Shape
        &[
            "type",
            "docs",
            "members",
            "values",
            "key",
            "value",
            "member",
            "length",
            "range",
            "pattern",
            "timestamp_format",
            "unique_items",
            "sparse",
            "sensitive",
        ],
    ),
    (
        "member", // raw::Member
        &[
            "target",
            "required",
            "nullable",
            "default",
            "wire_name",
            "location",
            "docs",
            "length",
            "range",
            "pattern",
            "timestamp_format",
            "json_value",
            "media_type",
            "idempotency_token",
            "host_label",
            "unique_items",
            "sensitive",
        ],
    ),
    ("bounds", &["min", "max"]),                            // raw::Bounds
    ("element", &["target", "length", "range", "pattern"]), // raw::ElementFull
    ("authScheme", &["type", "in", "name"]),                // raw::AuthScheme
    (
        "operation", // raw::Operation
        &[
            "method",
            "path",
            "input",
            "output",
            "success",
            "errors",
            "idempotent",
            "pagination",
            "host_prefix",
            "request_compression",
            "checksum_required",
            "auth",
            "docs",
        ],
    ),
    (
        "pagination",
        &["input_token", "output_token", "items", "page_size"],
    ), // raw::Pagination
    (
        "error", // raw::Error
        &[
            "status",
            "code",
            "aliases",
            "retryable",
            "title",
            "members",
            "docs",
        ],
    ),
];

fn schema() -> serde_json::Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/restgen-schema.json");
    serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn the_json_schema_names_every_raw_key_and_no_other() {
    let schema = schema();
    for (def, keys) in RAW_KEYS {
        let object = if def.is_empty() {
            &schema
        } else {
            &schema["$defs"][def]
        };
        let properties = object["properties"]
            .as_object()
            .unwrap_or_else(|| panic!("no properties in $defs/{def}"));
        let in_schema: BTreeSet<&str> = properties.keys().map(String::as_str).collect();
        let in_raw: BTreeSet<&str> = keys.iter().copied().collect();
        assert_eq!(
            in_schema, in_raw,
            "keys of $defs/{def} (left) and raw.rs (right)"
        );
        // `deny_unknown_fields` on every raw struct.
        assert_eq!(object["additionalProperties"], false, "$defs/{def}");
        for (key, property) in properties {
            assert!(
                property.get("description").is_some()
                    || property.get("$ref").is_some_and(|r| r != "#/$defs/text"),
                "$defs/{def}.{key} has no description for editors to show"
            );
        }
    }
    // The long form of an enum value (raw::EnumValueFull).
    let full = &schema["$defs"]["enumValue"]["anyOf"][1]["properties"];
    let keys: BTreeSet<&str> = full
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(keys, BTreeSet::from(["value", "name", "docs"]));
}

/// The key list above still matches raw.rs: every `pub` field of its structs, with serde's
/// renames, appears in it (a simple scan; raw.rs puts one field on a line).
#[test]
fn the_key_list_matches_raw_rs() {
    let raw = include_str!("../../src/raw.rs");
    let listed: BTreeSet<&str> = RAW_KEYS
        .iter()
        .flat_map(|(_, keys)| keys.iter().copied())
        .chain(["value", "name", "docs"])
        .collect();
    let mut rename = None;
    let mut found = BTreeSet::new();
    for line in raw.lines().map(str::trim) {
        if let Some(i) = line.find("rename = \"") {
            let rest = &line[i + "rename = \"".len()..];
            rename = rest.split('"').next().map(str::to_string);
        } else if let Some(field) = line.strip_prefix("pub ").and_then(|l| l.split_once(':')) {
            let name = field.0.trim();
            if !name.contains(' ') && !name.contains('(') {
                found.insert(rename.take().unwrap_or_else(|| name.to_string()));
            }
        }
    }
    let found: BTreeSet<&str> = found.iter().map(String::as_str).collect();
    assert_eq!(
        found, listed,
        "fields of raw.rs (left) and RAW_KEYS (right)"
    );
}
