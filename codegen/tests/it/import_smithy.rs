//! `restgen_codegen::import::smithy`: small Smithy JSON ASTs, one mapping each, snapshotted as
//! the YAML they become (warnings first); bad ones, snapshotted as the located diagnostics a
//! user sees; and the upstream restJson1 test services of the vendored protocol-test AST,
//! imported and validated without an error.

use restgen_codegen::diagnostics::{summary, Severity};
use restgen_codegen::import::smithy::{self, SmithySettings};
use restgen_codegen::import::ImportDiagnostic;
use restgen_codegen::Source;
use std::path::Path;

const FILE: &str = "model.json";

/// Every diagnostic rendered (without colour) against the file, then its summary.
fn render(diags: &[ImportDiagnostic], text: &str) -> String {
    let mut out: Vec<String> = diags
        .iter()
        .map(|d| d.diagnostic.render(FILE, text, false))
        .collect();
    let count = |s| diags.iter().filter(|d| d.diagnostic.severity == s).count();
    out.push(summary(
        count(Severity::Error),
        count(Severity::Warning),
        FILE,
    ));
    out.join("\n")
}

/// The AST imported (service `service`, or the only one): the YAML after any warnings, or
/// the diagnostics. Every diagnostic of a failed import is located.
fn imported_service(text: &str, service: Option<&str>) -> String {
    let source = Source {
        name: FILE,
        bytes: text.as_bytes(),
    };
    let settings = SmithySettings {
        service,
        crate_name: Some("imported"),
    };
    match smithy::import_ast(&source, &settings) {
        Ok(imported) => {
            serde_yaml::from_str::<serde_yaml::Value>(&imported.yaml).expect("YAML parses back");
            // What the importer writes, the generator accepts.
            let (model, diags) = restgen_codegen::load(Source {
                name: "imported.yaml",
                bytes: imported.yaml.as_bytes(),
            });
            let errors: Vec<_> = diags
                .iter()
                .filter(|d| d.severity == Severity::Error)
                .collect();
            assert!(model.is_some(), "{errors:#?}\n{}", imported.yaml);
            if imported.warnings.is_empty() {
                imported.yaml
            } else {
                format!(
                    "{}\n---\n{}",
                    render(&imported.warnings, text),
                    imported.yaml
                )
            }
        }
        Err(diags) => {
            assert!(
                diags.iter().all(|d| d.diagnostic.position.is_some()),
                "every diagnostic is located: {diags:#?}"
            );
            render(&diags, text)
        }
    }
}

fn imported(text: &str) -> String {
    imported_service(text, None)
}

/// An AST with the restJson1 service `example#Example` (operations `ops`, a JSON list of
/// targets) and more shapes (`shapes`, JSON object entries without the braces).
fn ast(ops: &str, shapes: &str) -> String {
    format!(
        r#"{{
  "smithy": "2.0",
  "metadata": {{"suppressions": []}},
  "shapes": {{
    "example#Example": {{
      "type": "service",
      "version": "2024-01-01",
      "operations": {ops},
      "traits": {{
        "aws.protocols#restJson1": {{}},
        "aws.api#service": {{"sdkId": "Example Service", "endpointPrefix": "example"}},
        "aws.auth#sigv4": {{"name": "example-signing"}},
        "smithy.api#title": "Example",
        "smithy.api#documentation": "An <b>example</b> service."
      }}
    }},
{shapes}
  }}
}}"#
    )
}

/// An operation `example#<name>` at `POST /<name>` with the structures `<name>Input` and
/// `<name>Output`, each with `members` (a JSON object).
fn operation(name: &str, input: &str, output: &str) -> String {
    format!(
        r#"    "example#{name}": {{
      "type": "operation",
      "input": {{"target": "example#{name}Input"}},
      "output": {{"target": "example#{name}Output"}},
      "traits": {{"smithy.api#http": {{"method": "POST", "uri": "/{name}"}}}}
    }},
    "example#{name}Input": {{"type": "structure", "members": {input}, "traits": {{"smithy.api#input": {{}}}}}},
    "example#{name}Output": {{"type": "structure", "members": {output}, "traits": {{"smithy.api#output": {{}}}}}}"#
    )
}

#[test]
fn scalars_and_constraints() {
    let shapes = format!(
        r#"{},
    "example#Name": {{"type": "string", "traits": {{"smithy.api#length": {{"min": 1, "max": 64}}, "smithy.api#pattern": "^[a-z]+$", "smithy.api#sensitive": {{}}}}}},
    "example#Count": {{"type": "integer", "traits": {{"smithy.api#range": {{"min": 0, "max": 10}}}}}},
    "example#Tiny": {{"type": "byte"}},
    "example#Ratio": {{"type": "float", "traits": {{"smithy.api#range": {{"min": 0.5}}}}}},
    "example#Iso": {{"type": "timestamp", "traits": {{"smithy.api#timestampFormat": "date-time"}}}},
    "example#Names": {{"type": "list", "member": {{"target": "example#Name"}}, "traits": {{"smithy.api#length": {{"max": 3}}}}}},
    "example#Counts": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "example#Count"}}}}"#,
        operation(
            "PutScalars",
            r#"{
        "name": {"target": "example#Name", "traits": {"smithy.api#required": {}}},
        "count": {"target": "example#Count", "traits": {"smithy.api#documentation": "How many."}},
        "tiny": {"target": "example#Tiny"},
        "short": {"target": "smithy.api#Short", "traits": {"smithy.api#range": {"max": 7}}},
        "long": {"target": "smithy.api#Long"},
        "ratio": {"target": "example#Ratio"},
        "double": {"target": "smithy.api#PrimitiveDouble", "traits": {"smithy.api#default": 0}},
        "flag": {"target": "smithy.api#Boolean"},
        "data": {"target": "smithy.api#Blob"},
        "doc": {"target": "smithy.api#Document"},
        "created": {"target": "example#Iso"},
        "seen": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "http-date"}},
        "names": {"target": "example#Names"},
        "counts": {"target": "example#Counts"}
      }"#,
            "{}"
        )
    );
    insta::assert_snapshot!(imported(&ast(
        r#"[{"target": "example#PutScalars"}]"#,
        &shapes
    )));
}

#[test]
fn http_bindings() {
    let shapes = format!(
        r#"{},
    "example#Tags": {{"type": "list", "member": {{"target": "smithy.api#String"}}}},
    "example#Meta": {{"type": "map", "key": {{"target": "smithy.api#String"}}, "value": {{"target": "smithy.api#String"}}}},
    "example#Json": {{"type": "string", "traits": {{"smithy.api#mediaType": "application/json"}}}},
    "example#Jpeg": {{"type": "blob", "traits": {{"smithy.api#mediaType": "image/jpeg"}}}}"#,
        operation(
            "GetThing",
            r#"{
        "id": {"target": "smithy.api#String", "traits": {"smithy.api#httpLabel": {}, "smithy.api#required": {}}},
        "version": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "versionId"}},
        "tags": {"target": "example#Tags", "traits": {"smithy.api#httpQuery": "tags"}},
        "rest": {"target": "example#Meta", "traits": {"smithy.api#httpQueryParams": {}}},
        "ifMatch": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "If-Match"}},
        "context": {"target": "example#Json", "traits": {"smithy.api#httpHeader": "X-Context"}},
        "meta": {"target": "example#Meta", "traits": {"smithy.api#httpPrefixHeaders": "X-Meta-"}},
        "note": {"target": "smithy.api#String", "traits": {"smithy.api#jsonName": "Note"}}
      }"#,
            r#"{
        "status": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpResponseCode": {}}},
        "all": {"target": "example#Meta", "traits": {"smithy.api#httpPrefixHeaders": ""}},
        "picture": {"target": "example#Jpeg", "traits": {"smithy.api#httpPayload": {}}}
      }"#
        )
    )
    .replace(
        r#""uri": "/GetThing"}"#,
        r#""uri": "/things/{id}", "code": 201}, "smithy.api#readonly": {}"#,
    );
    insta::assert_snapshot!(imported(&ast(
        r#"[{"target": "example#GetThing"}]"#,
        &shapes
    )));
}

#[test]
fn enums() {
    let shapes = format!(
        r#"{},
    "example#Color": {{"type": "enum", "members": {{
      "RED": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": "red", "smithy.api#documentation": "Warm."}}}},
      "GREEN": {{"target": "smithy.api#Unit"}}
    }}}},
    "example#Level": {{"type": "intEnum", "members": {{
      "LOW": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": 1}}}},
      "HIGH": {{"target": "smithy.api#Unit", "traits": {{"smithy.api#enumValue": 9}}}}
    }}}},
    "example#Legacy": {{"type": "string", "traits": {{"smithy.api#enum": [
      {{"value": "a-b", "name": "A_B", "documentation": "The first."}},
      {{"value": "c"}}
    ]}}}}"#,
        operation(
            "Paint",
            r#"{
        "color": {"target": "example#Color"},
        "level": {"target": "example#Level"},
        "legacy": {"target": "example#Legacy"}
      }"#,
            "{}"
        )
    );
    insta::assert_snapshot!(imported(&ast(r#"[{"target": "example#Paint"}]"#, &shapes)));
}

#[test]
fn mixins_apply_and_rename() {
    let shapes = format!(
        r#"{},
    "example#Audited": {{"type": "structure", "members": {{
      "createdBy": {{"target": "smithy.api#String", "traits": {{"smithy.api#documentation": "Who made it."}}}},
      "note": {{"target": "smithy.api#String"}}
    }}, "traits": {{"smithy.api#mixin": {{}}, "smithy.api#documentation": "Who and when."}}}},
    "example#Record": {{"type": "structure", "mixins": [{{"target": "example#Audited"}}], "members": {{
      "note": {{"target": "smithy.api#String", "traits": {{"smithy.api#required": {{}}}}}},
      "id": {{"target": "smithy.api#String"}}
    }}}},
    "example#Record$id": {{"type": "apply", "traits": {{"smithy.api#jsonName": "ID"}}}},
    "other#Record": {{"type": "structure", "members": {{"size": {{"target": "smithy.api#Long"}}}}}}"#,
        operation(
            "Save",
            r#"{
        "record": {"target": "example#Record"},
        "other": {"target": "other#Record"}
      }"#,
            "{}"
        )
    );
    let text = ast(r#"[{"target": "example#Save"}]"#, &shapes).replace(
        r#""version": "2024-01-01","#,
        r#""version": "2024-01-01", "rename": {"other#Record": "OtherRecord"},"#,
    );
    insta::assert_snapshot!(imported(&text));
}

#[test]
fn errors_and_validation() {
    let shapes = format!(
        r#"{},
    "example#NotFound": {{"type": "structure", "members": {{
      "message": {{"target": "smithy.api#String"}},
      "resource": {{"target": "smithy.api#String", "traits": {{"smithy.api#httpHeader": "X-Resource"}}}}
    }}, "traits": {{"smithy.api#error": "client", "smithy.api#httpError": 404}}}},
    "example#Busy": {{"type": "structure", "members": {{}}, "traits": {{"smithy.api#error": "server", "smithy.api#retryable": {{}}}}}},
    "example#Denied": {{"type": "structure", "members": {{}}, "traits": {{"smithy.api#error": "client"}}}},
    "smithy.framework#ValidationException": {{"type": "structure", "members": {{
      "message": {{"target": "smithy.api#String", "traits": {{"smithy.api#required": {{}}}}}},
      "fieldList": {{"target": "smithy.framework#ValidationExceptionFieldList"}}
    }}, "traits": {{"smithy.api#error": "client"}}}},
    "smithy.framework#ValidationExceptionFieldList": {{"type": "list", "member": {{"target": "smithy.framework#ValidationExceptionField"}}}},
    "smithy.framework#ValidationExceptionField": {{"type": "structure", "members": {{
      "path": {{"target": "smithy.api#String", "traits": {{"smithy.api#required": {{}}}}}},
      "message": {{"target": "smithy.api#String", "traits": {{"smithy.api#required": {{}}}}}}
    }}}}"#,
        operation("Fetch", r#"{"id": {"target": "smithy.api#String"}}"#, "{}")
    )
    .replace(
        r#""output": {"target": "example#FetchOutput"},"#,
        r#""output": {"target": "example#FetchOutput"}, "errors": [{"target": "example#NotFound"}, {"target": "smithy.framework#ValidationException"}],"#,
    );
    let text = ast(r#"[{"target": "example#Fetch"}]"#, &shapes).replace(
        r#""version": "2024-01-01","#,
        r#""version": "2024-01-01", "errors": [{"target": "example#Busy"}, {"target": "example#Denied"}], "rename": {"example#Denied": "AccessDenied"},"#,
    );
    insta::assert_snapshot!(imported(&text));
}

#[test]
fn defaults() {
    let shapes = format!(
        r#"{},
    "example#Words": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}"#,
        operation(
            "Configure",
            r#"{
        "name": {"target": "smithy.api#String", "traits": {"smithy.api#default": "hi"}},
        "count": {"target": "smithy.api#Integer", "traits": {"smithy.api#default": 10}},
        "words": {"target": "example#Words", "traits": {"smithy.api#default": []}},
        "kept": {"target": "smithy.api#String", "traits": {"smithy.api#default": "x", "smithy.api#required": {}}},
        "header": {"target": "smithy.api#String", "traits": {"smithy.api#default": "h", "smithy.api#httpHeader": "X-H"}},
        "none": {"target": "smithy.api#String", "traits": {"smithy.api#default": null}}
      }"#,
            "{}"
        )
    );
    insta::assert_snapshot!(imported(&ast(
        r#"[{"target": "example#Configure"}]"#,
        &shapes
    )));
}

#[test]
fn operation_traits() {
    let shapes = format!(
        r#"{},
    "example#Items": {{"type": "list", "member": {{"target": "smithy.api#String"}}}}"#,
        operation(
            "ListItems",
            r#"{
        "account": {"target": "smithy.api#String", "traits": {"smithy.api#hostLabel": {}, "smithy.api#required": {}, "smithy.api#httpLabel": {}}},
        "token": {"target": "smithy.api#String", "traits": {"smithy.api#idempotencyToken": {}}},
        "next": {"target": "smithy.api#String", "traits": {"smithy.api#httpQuery": "next"}},
        "max": {"target": "smithy.api#Integer", "traits": {"smithy.api#httpQuery": "max"}}
      }"#,
            r#"{
        "nextToken": {"target": "smithy.api#String"},
        "items": {"target": "example#Items"}
      }"#
        )
    )
    .replace(
        r#""uri": "/ListItems"}"#,
        r#""uri": "/{account}/items"},
        "smithy.api#idempotent": {},
        "smithy.api#endpoint": {"hostPrefix": "{account}."},
        "smithy.api#requestCompression": {"encodings": ["gzip"]},
        "smithy.api#httpChecksumRequired": {},
        "smithy.api#paginated": {"items": "items", "pageSize": "max"},
        "smithy.api#optionalAuth": {},
        "smithy.api#documentation": "Lists the items.""#,
    );
    let text = ast(r#"[{"target": "example#ListItems"}]"#, &shapes).replace(
        r#""aws.auth#sigv4": {"name": "example-signing"},"#,
        r#""aws.auth#sigv4": {"name": "example-signing"},
        "smithy.api#httpBearerAuth": {},
        "smithy.api#httpApiKeyAuth": {"name": "x-api-key", "in": "header"},
        "smithy.api#paginated": {"inputToken": "next", "outputToken": "nextToken"},"#,
    );
    insta::assert_snapshot!(imported(&text));
}

#[test]
fn unions_resources_and_streams() {
    let shapes = format!(
        r#"{},
    "example#Action": {{"type": "union", "members": {{
      "quit": {{"target": "smithy.api#Unit"}},
      "say": {{"target": "smithy.api#String"}}
    }}}},
    "example#Video": {{"type": "blob", "traits": {{"smithy.api#streaming": {{}}, "smithy.api#mediaType": "video/mp4"}}}},
    "example#Upload": {{"type": "operation", "input": {{"target": "example#UploadInput"}}, "traits": {{"smithy.api#http": {{"method": "PUT", "uri": "/upload"}}}}}},
    "example#UploadInput": {{"type": "structure", "members": {{
      "body": {{"target": "example#Video", "traits": {{"smithy.api#httpPayload": {{}}}}}}
    }}}},
    "example#Things": {{"type": "resource", "read": {{"target": "example#Upload"}}, "operations": [{{"target": "example#Act"}}]}},
    "example#Events": {{"type": "union", "members": {{"tick": {{"target": "example#Tick"}}}}, "traits": {{"smithy.api#streaming": {{}}}}}},
    "example#Tick": {{"type": "structure", "members": {{}}}},
    "example#Watch": {{"type": "operation", "output": {{"target": "example#WatchOutput"}}, "traits": {{"smithy.api#http": {{"method": "GET", "uri": "/watch"}}}}}},
    "example#WatchOutput": {{"type": "structure", "members": {{"events": {{"target": "example#Events", "traits": {{"smithy.api#httpPayload": {{}}}}}}}}}}"#,
        operation("Act", r#"{"action": {"target": "example#Action"}}"#, "{}")
    );
    let text = ast(r#"[{"target": "example#Watch"}]"#, &shapes).replace(
        r#""operations": [{"target": "example#Watch"}],"#,
        r#""operations": [{"target": "example#Watch"}], "resources": [{"target": "example#Things"}],"#,
    );
    insta::assert_snapshot!(imported(&text));
}

// ---------------------------------------------------------------------------------------
// Located errors.

#[test]
fn bad_several_services() {
    let text = ast(
        "[]",
        r#"    "other#Second": {"type": "service", "version": "1"}"#,
    );
    insta::assert_snapshot!(imported(&text));
}

#[test]
fn bad_unknown_service() {
    let text = ast("[]", "");
    let text = text.replace("    },\n\n  }", "    }\n  }");
    insta::assert_snapshot!(imported_service(&text, Some("example#Exampel")));
}

#[test]
fn bad_traits_and_targets() {
    let shapes = format!(
        r#"{},
    "example#Big": {{"type": "bigDecimal"}},
    "example#Odd": {{"type": "string", "traits": {{"vendor.custom#wireChanging": {{}}, "smithy.api#externalDocumentation": {{"Home": "https://example.com"}}}}}}"#,
        operation(
            "Broken",
            r#"{
        "big": {"target": "example#Big"},
        "odd": {"target": "example#Odd"},
        "missing": {"target": "example#Mising"},
        "twice": {"target": "smithy.api#String", "traits": {"smithy.api#httpHeader": "X-A", "smithy.api#httpQuery": "a"}},
        "stamp": {"target": "smithy.api#Timestamp", "traits": {"smithy.api#timestampFormat": "iso8601"}}
      }"#,
            "{}"
        )
    );
    insta::assert_snapshot!(imported(&ast(r#"[{"target": "example#Broken"}]"#, &shapes)));
}

#[test]
fn bad_protocol_and_http() {
    let shapes = r#"    "example#Ping": {"type": "operation"}"#;
    let text = ast(r#"[{"target": "example#Ping"}]"#, shapes).replace(
        r#""aws.protocols#restJson1": {},"#,
        r#""aws.protocols#awsJson1_1": {},"#,
    );
    insta::assert_snapshot!(imported(&text));
}

#[test]
fn bad_name_clash() {
    let shapes = format!(
        r#"{},
    "a#Thing": {{"type": "structure", "members": {{}}}},
    "b#Thing": {{"type": "structure", "members": {{}}}}"#,
        operation(
            "Clash",
            r#"{"a": {"target": "a#Thing"}, "b": {"target": "b#Thing"}}"#,
            "{}"
        )
    );
    insta::assert_snapshot!(imported(&ast(r#"[{"target": "example#Clash"}]"#, &shapes)));
}

#[test]
fn bad_json() {
    insta::assert_snapshot!(imported("{\n  \"smithy\": \"2.0\",\n  \"shapes\": {,\n}\n"));
}

// ---------------------------------------------------------------------------------------
// The upstream suite.

/// The restJson1 services of the vendored upstream protocol tests import without an
/// error and validate; what they cannot say yet is a warning, never silence.
#[test]
fn upstream_rest_json_services_import() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smithy/smithy-aws-protocol-tests.json");
    let text = std::fs::read_to_string(path).unwrap();
    for (service, operations) in [
        ("aws.protocoltests.restjson#RestJson", 106),
        (
            "aws.protocoltests.restjson.validation#RestJsonValidation",
            12,
        ),
    ] {
        let source = Source {
            name: FILE,
            bytes: text.as_bytes(),
        };
        let settings = SmithySettings {
            service: Some(service),
            crate_name: None,
        };
        let imported = smithy::import_ast(&source, &settings)
            .unwrap_or_else(|d| panic!("{service}: {}", render(&d, &text)));
        assert_eq!(imported.operations.len(), operations, "{service}");
        let (model, diags) = restgen_codegen::load(Source {
            name: service,
            bytes: imported.yaml.as_bytes(),
        });
        let errors: Vec<_> = diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .collect();
        assert!(
            model.is_some() && errors.is_empty(),
            "{service}: {errors:#?}"
        );
        assert!(
            imported
                .warnings
                .iter()
                .all(|w| w.diagnostic.position.is_some()),
            "{service}: every warning is located"
        );
    }
}

/// The AST is told from a botocore model by its `smithy` key.
#[test]
fn told_by_the_smithy_key() {
    let parse = |text: &str| {
        restgen_codegen::import::parse(&Source {
            name: FILE,
            bytes: text.as_bytes(),
        })
        .unwrap()
    };
    assert!(smithy::is_ast(&parse(r#"{"smithy": "2.0", "shapes": {}}"#)));
    assert!(!smithy::is_ast(&parse(r#"{"metadata": {}, "shapes": {}}"#)));
}

// ---------------------------------------------------------------------------------------
// The IDL.

/// IDL files imported (`service`, or the only one): the YAML after any warnings, or the
/// diagnostics, each rendered against its own file.
fn imported_idl(files: &[(&str, &str)], service: Option<&str>) -> String {
    let sources: Vec<Source> = files
        .iter()
        .map(|(name, text)| Source {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    let settings = SmithySettings {
        service,
        crate_name: Some("imported"),
    };
    let render_all = |diags: &[ImportDiagnostic]| {
        let mut out = Vec::new();
        for (name, text) in files {
            let mine: Vec<_> = diags.iter().filter(|d| d.file == *name).collect();
            for d in &mine {
                out.push(d.diagnostic.render(name, text, false));
            }
        }
        out.join("\n")
    };
    match smithy::idl::import_idl(&sources, &settings) {
        Ok(imported) => {
            let (model, diags) = restgen_codegen::load(Source {
                name: "imported.yaml",
                bytes: imported.yaml.as_bytes(),
            });
            assert!(model.is_some(), "{diags:#?}\n{}", imported.yaml);
            if imported.warnings.is_empty() {
                imported.yaml
            } else {
                format!("{}\n---\n{}", render_all(&imported.warnings), imported.yaml)
            }
        }
        Err(diags) => {
            assert!(
                diags.iter().all(|d| d.diagnostic.position.is_some()),
                "every diagnostic is located: {diags:#?}"
            );
            render_all(&diags)
        }
    }
}

/// The IDL's syntax, one file: control and `use` statements, doc comments, traits with
/// structured and list values, text blocks, enum values, defaults, mixins with an elided
/// member, a resource with `for` and `$id`, inline inputs and outputs, `apply` blocks and
/// the prelude's names.
#[test]
fn idl_syntax() {
    let main = r#"$version: "2.0"
$operationOutputSuffix: "Result"
metadata tags = ["example"]

namespace example.notes

use aws.protocols#restJson1
use aws.api#service

/// Notes, kept.
@restJson1
@service(sdkId: "Notes")
service Notes {
    version: "2024-01-01"
    resources: [Note]
    operations: [Ping]
}

resource Note {
    identifiers: { noteId: NoteId }
    properties: { text: String }
    read: GetNote
}

@pattern("^[a-z0-9]+$")
string NoteId

@readonly
@http(method: "GET", uri: "/notes/{noteId}", code: 200)
operation GetNote {
    input := for Note {
        @required
        @httpLabel
        $noteId

        @httpQuery("v")
        version: Integer = 1
    }
    output := for Note with [Stamped] {
        $text
        $at
    }
    errors: [NotFound]
}

@mixin
structure Stamped {
    /// When.
    at: Timestamp
}

@http(method: "POST", uri: "/ping")
operation Ping {
    input: PingInput
}

structure PingInput {
    mood: Mood = "calm"
    level: Level
    comment: String
}

enum Mood {
    /// Quiet.
    CALM = "calm"
    LOUD
}

intEnum Level {
    LOW = 1
    HIGH = 2
}

@error("client")
@httpError(404)
structure NotFound {
    message: String
}

apply PingInput$comment {
    @documentation("""
        A comment,
          indented.
        """)
    @length(min: 1, max: 140)
}
"#;
    insta::assert_snapshot!(imported_idl(&[("main.smithy", main)], None));
}

#[test]
fn idl_bad_syntax() {
    let main = "$version: \"2.0\"\nnamespace example\n\nstructure Broken {\n    a: String\n    b String\n}\n";
    let other = "namespace example\n\nstring Fine\n\nlist Bad {\n    member: String\n";
    insta::assert_snapshot!(imported_idl(
        &[("main.smithy", main), ("other.smithy", other)],
        None
    ));
}

/// A problem the importer finds is reported in the IDL file it is about.
#[test]
fn idl_located_in_its_file() {
    let service = "namespace example\n\nuse aws.protocols#restJson1\n\n@restJson1\nservice Example {\n    version: \"1\"\n    operations: [Get]\n}\n";
    let ops = "namespace example\n\n@http(method: \"GET\", uri: \"/\")\noperation Get {\n    output := {\n        value: Big\n        @unknownTrait\n        other: String\n    }\n}\n\nbigDecimal Big\n";
    insta::assert_snapshot!(imported_idl(
        &[("service.smithy", service), ("ops.smithy", ops)],
        None
    ));
}

/// The upstream restJson1 services read from the vendored IDL (no JVM anywhere) become the
/// same schema as from the vendored JSON AST.
#[test]
fn upstream_idl_matches_the_ast() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/smithy");
    let mut paths = Vec::new();
    let mut dirs = vec![root.join("idl")];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "smithy") {
                paths.push(path);
            }
        }
    }
    paths.sort();
    let texts: Vec<(String, String)> = paths
        .iter()
        .map(|p| {
            let name = p.strip_prefix(&root).unwrap().display().to_string();
            (name, std::fs::read_to_string(p).unwrap())
        })
        .collect();
    let sources: Vec<Source> = texts
        .iter()
        .map(|(name, text)| Source {
            name,
            bytes: text.as_bytes(),
        })
        .collect();
    let ast = std::fs::read_to_string(root.join("smithy-aws-protocol-tests.json")).unwrap();
    for service in [
        "aws.protocoltests.restjson#RestJson",
        "aws.protocoltests.restjson.validation#RestJsonValidation",
    ] {
        let settings = SmithySettings {
            service: Some(service),
            crate_name: None,
        };
        let from_idl = smithy::idl::import_idl(&sources, &settings).unwrap_or_else(|diags| {
            let shown: Vec<String> = diags
                .iter()
                .take(20)
                .map(|d| format!("{}: {}", d.file, d.diagnostic.display(&d.file)))
                .collect();
            panic!("{service} from the IDL:\n{}", shown.join("\n"))
        });
        let from_ast = smithy::import_ast(
            &Source {
                name: FILE,
                bytes: ast.as_bytes(),
            },
            &settings,
        )
        .unwrap();
        // The AST lacks the newest nested-union tests (`codegen/tests/smithy/README.md`):
        // the IDL's `MyUnion.unionValue` and its `NestedUnion` are not in it.
        let mut idl_value: serde_yaml::Value = serde_yaml::from_str(&from_idl.yaml).unwrap();
        if let Some(shapes) = idl_value.get_mut("shapes").and_then(|s| s.as_mapping_mut()) {
            shapes.remove("NestedUnion");
            if let Some(members) = shapes
                .get_mut("MyUnion")
                .and_then(|u| u.get_mut("members"))
                .and_then(|m| m.as_mapping_mut())
            {
                members.remove("unionValue");
            }
        }
        let ast_value: serde_yaml::Value = serde_yaml::from_str(&from_ast.yaml).unwrap();
        if idl_value != ast_value {
            let (idl_text, ast_text) = (
                serde_yaml::to_string(&idl_value).unwrap(),
                serde_yaml::to_string(&ast_value).unwrap(),
            );
            let idl: Vec<&str> = idl_text.lines().collect();
            let json: Vec<&str> = ast_text.lines().collect();
            let first = idl
                .iter()
                .zip(&json)
                .position(|(a, b)| a != b)
                .unwrap_or(idl.len().min(json.len()));
            let from = first.saturating_sub(8);
            panic!(
                "{service}: the IDL's schema differs from the AST's at line {}\n--- IDL\n{}\n--- AST\n{}",
                first + 1,
                idl[from..(first + 8).min(idl.len())].join("\n"),
                json[from..(first + 8).min(json.len())].join("\n"),
            );
        }
        assert!(
            from_idl.yaml.contains("NestedUnion") || !service.ends_with("#RestJson"),
            "the IDL has the nested-union shapes"
        );
        assert_eq!(from_idl.operations, from_ast.operations, "{service}");
    }
}
