//! The upstream Smithy suite's `httpMalformedRequestTests` for restJson1, expanded into one
//! case each (`<id>_case<i>`), for `conformance/tests/malformed/` to send to the generated
//! servers as raw HTTP.
//!
//! A test block's `testParameters` are lists of equal length, zipped by index: case `i`
//! takes the `i`-th value of each. In every text of the request and the expected response,
//! `$name:L` is replaced by the value as it is, `$name:S` by the value as a quoted JSON
//! string, and `$$` by `$` (`smithy.test#httpMalformedRequestTests`, idl/smithy.test.smithy).
//! A block without parameters is one case under its own id.
//!
//! `cargo xtask conformance [--check]` writes (or compares) them as
//! `conformance/tests/malformed/cases.json`, from the vendored AST
//! (`codegen/tests/smithy/smithy-aws-protocol-tests.json`).

use serde_json::{json, Map, Value};
use std::path::Path;

/// The trait that holds the cases, and the protocol whose cases are kept.
const TRAIT: &str = "smithy.test#httpMalformedRequestTests";
const PROTOCOL: &str = "aws.protocols#restJson1";

/// The restJson1 services of the suite, by the namespace of their operations.
const SERVICES: [(&str, &str); 2] = [
    (
        "aws.protocoltests.restjson.validation",
        "RestJsonValidation",
    ),
    ("aws.protocoltests.restjson", "RestJson"),
];

/// Every restJson1 malformed-request case of `ast` (a Smithy JSON AST), expanded, in the
/// order of the shapes' ids, then of the blocks, then of the parameters. Each is a JSON
/// object: `id`, `service`, `operation`, `request` (`method`, `uri`, `queryParams`,
/// `headers`, `body`) and `response` (`code`, `headers`, `body`: `mediaType` and
/// `contents` or `messageRegex`).
pub fn expand(ast: &Value) -> Result<Vec<Value>, String> {
    let shapes = ast["shapes"]
        .as_object()
        .ok_or("the AST has no `shapes` object")?;
    let mut ids: Vec<&String> = shapes.keys().collect();
    ids.sort();
    let mut out = Vec::new();
    for shape_id in ids {
        let Some(blocks) = shapes[shape_id]["traits"][TRAIT].as_array() else {
            continue;
        };
        let (namespace, operation) = shape_id
            .split_once('#')
            .ok_or_else(|| format!("`{shape_id}` is not a shape id"))?;
        let Some((_, service)) = SERVICES.iter().find(|(ns, _)| *ns == namespace) else {
            continue;
        };
        for block in blocks.iter().filter(|b| b["protocol"] == PROTOCOL) {
            out.extend(expand_block(block, service, operation)?);
        }
    }
    Ok(out)
}

/// The cases of one test block.
fn expand_block(block: &Value, service: &str, operation: &str) -> Result<Vec<Value>, String> {
    let id = block["id"].as_str().ok_or("a test block has no `id`")?;
    let params: Vec<(&str, Vec<&str>)> = match block["testParameters"].as_object() {
        None => Vec::new(),
        Some(params) => params
            .iter()
            .map(|(name, values)| {
                let values = values
                    .as_array()
                    .ok_or_else(|| format!("{id}: parameter `{name}` is not a list"))?
                    .iter()
                    .map(|v| {
                        v.as_str()
                            .ok_or_else(|| format!("{id}: `{name}` has a non-string value"))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                Ok((name.as_str(), values))
            })
            .collect::<Result<_, String>>()?,
    };
    let count = params.first().map_or(1, |(_, v)| v.len());
    if params.iter().any(|(_, v)| v.len() != count) {
        return Err(format!("{id}: its testParameters lists differ in length"));
    }
    (0..count)
        .map(|i| {
            let bound: Vec<(&str, &str)> = params.iter().map(|(n, v)| (*n, v[i])).collect();
            let case_id = if params.is_empty() {
                id.to_string()
            } else {
                format!("{id}_case{i}")
            };
            let request = &block["request"];
            let response = &block["response"];
            let texts = |v: &Value| texts_of(v, &bound);
            Ok(json!({
                "id": case_id,
                "service": service,
                "operation": operation,
                "request": {
                    "method": request["method"],
                    "uri": texts(&request["uri"]),
                    "host": texts(&request["host"]),
                    "queryParams": texts(&request["queryParams"]),
                    "headers": texts(&request["headers"]),
                    "body": texts(&request["body"]),
                },
                "response": {
                    "code": response["code"],
                    "headers": texts(&response["headers"]),
                    "body": texts(&response["body"]),
                },
            }))
        })
        .collect()
}

/// `value` with its texts substituted, at any depth.
fn texts_of(value: &Value, bound: &[(&str, &str)]) -> Value {
    match value {
        Value::String(s) => Value::String(substitute(s, bound)),
        Value::Array(items) => items.iter().map(|v| texts_of(v, bound)).collect(),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (substitute(k, bound), texts_of(v, bound)))
                .collect::<Map<_, _>>(),
        ),
        other => other.clone(),
    }
}

/// `$name:L` as the value, `$name:S` as a JSON string of it, `$$` as `$`; any other `$`
/// is kept.
pub fn substitute(text: &str, bound: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('$') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some(after) = rest.strip_prefix("$$") {
            out.push('$');
            rest = after;
            continue;
        }
        let found = bound.iter().find_map(|(name, value)| {
            let tail = rest.strip_prefix('$')?.strip_prefix(name)?;
            if let Some(after) = tail.strip_prefix(":L") {
                Some((value.to_string(), after))
            } else {
                let after = tail.strip_prefix(":S")?;
                Some((Value::String(value.to_string()).to_string(), after))
            }
        });
        match found {
            Some((value, after)) => {
                out.push_str(&value);
                rest = after;
            }
            None => {
                out.push('$');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where the cases are written, in the conformance crate.
pub const CASES_FILE: &str = "tests/malformed/cases.json";

/// The vendored AST the cases come from.
const AST: &str = "codegen/tests/smithy/smithy-aws-protocol-tests.json";

/// The text of `conformance/tests/malformed/cases.json`: every case of the vendored AST,
/// expanded, as pretty JSON.
pub fn cases_json(root: &Path) -> std::io::Result<String> {
    let invalid = |e: String| std::io::Error::new(std::io::ErrorKind::InvalidData, e);
    let text = std::fs::read_to_string(root.join(AST))?;
    let ast: Value = serde_json::from_str(&text).map_err(|e| invalid(format!("{AST}: {e}")))?;
    let cases = expand(&ast).map_err(|e| invalid(format!("{AST}: {e}")))?;
    let mut out = serde_json::to_string_pretty(&cases).map_err(|e| invalid(e.to_string()))?;
    out.push('\n');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parameters_are_inserted_as_they_are_or_quoted() {
        let bound = [("value", "a\"b"), ("v", "x")];
        assert_eq!(
            substitute("{ \"s\": $value:S }", &bound),
            "{ \"s\": \"a\\\"b\" }"
        );
        assert_eq!(substitute("/x/$value:L/$v:L", &bound), "/x/a\"b/x");
        assert_eq!(substitute("^[a-m]+$$", &bound), "^[a-m]+$");
        assert_eq!(substitute("$other:L $", &bound), "$other:L $");
    }

    #[test]
    fn blocks_are_zipped_by_index() {
        let ast = json!({"shapes": {
            "aws.protocoltests.restjson.validation#MalformedRange": {"type": "operation", "traits": {
                TRAIT: [{
                    "id": "RestJsonMalformedRangeByte",
                    "protocol": PROTOCOL,
                    "request": {"method": "POST", "uri": "/MalformedRange", "body": "{ \"byte\" : $value:L }"},
                    "response": {"code": 400, "body": {"assertion": {"contents": "Value $value:L at '/byte'"}}},
                    "testParameters": {"value": ["1", "9"], "tag": ["a", "b"]}
                }, {
                    "id": "OtherProtocol", "protocol": "aws.protocols#awsJson1_1",
                    "request": {}, "response": {}
                }]
            }},
            "aws.protocoltests.restjson#MalformedAcceptWithBody": {"type": "operation", "traits": {
                TRAIT: [{
                    "id": "RestJsonWithBodyExpectsApplicationJsonAccept",
                    "protocol": PROTOCOL,
                    "request": {"method": "POST", "uri": "/MalformedAcceptWithBody", "headers": {"accept": "application/hal+json"}},
                    "response": {"code": 406, "headers": {"x-amzn-errortype": "NotAcceptableException"}}
                }]
            }},
            "aws.protocoltests.json#Elsewhere": {"type": "operation", "traits": {TRAIT: [{"id": "X", "protocol": PROTOCOL}]}}
        }});
        let cases = expand(&ast).unwrap();
        let ids: Vec<&str> = cases.iter().map(|c| c["id"].as_str().unwrap()).collect();
        assert_eq!(
            ids,
            [
                "RestJsonWithBodyExpectsApplicationJsonAccept",
                "RestJsonMalformedRangeByte_case0",
                "RestJsonMalformedRangeByte_case1"
            ]
        );
        assert_eq!(cases[0]["service"], "RestJson");
        assert_eq!(cases[2]["service"], "RestJsonValidation");
        assert_eq!(cases[2]["operation"], "MalformedRange");
        assert_eq!(cases[2]["request"]["body"], "{ \"byte\" : 9 }");
        assert_eq!(
            cases[2]["response"]["body"]["assertion"]["contents"],
            "Value 9 at '/byte'"
        );
    }
}
