//! `restgen_codegen::import`: small botocore models, one mapping each, snapshotted as the YAML they
//! become; bad models, snapshotted as the located diagnostics a user sees; and every suite
//! of the vendored restJson1 conformance cases, imported without an error.

use restgen_codegen::diagnostics::{summary, Severity};
use restgen_codegen::import::{self, ImportDiagnostic, ImportSettings};
use restgen_codegen::schema_path::SchemaPath;
use restgen_codegen::Source;
use std::path::Path;

const MODEL: &str = "model.json";
const PAGINATORS: &str = "paginators.json";

/// Every diagnostic rendered (without colour) against its own file, each file's summary.
fn render(diags: &[ImportDiagnostic], files: &[(&str, &str)]) -> String {
    let mut out = Vec::new();
    for (file, text) in files {
        let mine: Vec<_> = diags.iter().filter(|d| d.file == *file).collect();
        if mine.is_empty() {
            continue;
        }
        for d in &mine {
            out.push(d.diagnostic.render(file, text, false));
        }
        let count = |s| mine.iter().filter(|d| d.diagnostic.severity == s).count();
        out.push(summary(
            count(Severity::Error),
            count(Severity::Warning),
            file,
        ));
    }
    out.join("\n")
}

/// The model (and paginators) imported: the YAML after any warnings, or the diagnostics.
fn imported(model: &str, paginators: Option<&str>) -> String {
    let source = Source {
        name: MODEL,
        bytes: model.as_bytes(),
    };
    let pages = paginators.map(|p| Source {
        name: PAGINATORS,
        bytes: p.as_bytes(),
    });
    let settings = ImportSettings {
        crate_name: Some("imported"),
        ..ImportSettings::default()
    };
    let files = [(MODEL, model), (PAGINATORS, paginators.unwrap_or_default())];
    match import::import_model(&source, pages.as_ref(), &settings) {
        Ok(imported) => {
            serde_yaml::from_str::<serde_yaml::Value>(&imported.yaml).expect("YAML parses back");
            let warnings = render(&imported.warnings, &files);
            if warnings.is_empty() {
                imported.yaml
            } else {
                format!("{warnings}\n---\n{}", imported.yaml)
            }
        }
        Err(diags) => {
            assert!(
                diags
                    .iter()
                    .all(|d| d.diagnostic.position.is_some() || d.diagnostic.path.is_empty()),
                "every diagnostic is located"
            );
            render(&diags, &files)
        }
    }
}

/// A model with `metadata` for a rest-json service, and the given operations and shapes.
fn model(operations: &str, shapes: &str) -> String {
    format!(
        r#"{{
  "version": "2.0",
  "metadata": {{
    "apiVersion": "2024-01-01",
    "endpointPrefix": "example",
    "protocol": "rest-json",
    "serviceFullName": "Example Service",
    "serviceId": "Example Service",
    "signatureVersion": "v4",
    "signingName": "example-signing",
    "uid": "example-2024-01-01"
  }},
  "operations": {operations},
  "shapes": {shapes},
  "documentation": "<p>An <b>example</b> service.</p>"
}}"#
    )
}

#[test]
fn scalars_and_timestamp_formats() {
    let shapes = r#"{
    "Scalars": {
      "type": "structure",
      "required": ["name"],
      "members": {
        "name": {"shape": "Name"},
        "count": {"shape": "Count", "locationName": "Count"},
        "big": {"shape": "Big"},
        "tiny": {"shape": "Tiny"},
        "ratio": {"shape": "Ratio"},
        "precise": {"shape": "Precise"},
        "flag": {"shape": "Flag"},
        "data": {"shape": "Data"},
        "created": {"shape": "Iso"},
        "updated": {"shape": "Http"},
        "expires": {"shape": "Epoch"},
        "seen": {"shape": "Plain", "timestampFormat": "rfc822"}
      }
    },
    "Name": {"type": "string", "min": 1, "max": 64, "pattern": "^[a-z]+$", "sensitive": true},
    "Count": {"type": "integer", "box": true, "min": 0, "max": 10},
    "Big": {"type": "long"},
    "Tiny": {"type": "byte"},
    "Ratio": {"type": "float", "min": 0.5},
    "Precise": {"type": "double", "deprecated": true},
    "Flag": {"type": "boolean"},
    "Data": {"type": "blob", "max": 1024},
    "Iso": {"type": "timestamp", "timestampFormat": "iso8601"},
    "Http": {"type": "timestamp", "timestampFormat": "rfc822"},
    "Epoch": {"type": "timestamp", "timestampFormat": "unixTimestamp"},
    "Plain": {"type": "timestamp"}
  }"#;
    let operations = r#"{
    "PutScalars": {
      "name": "PutScalars",
      "http": {"method": "PUT", "requestUri": "/scalars"},
      "input": {"shape": "Scalars"},
      "idempotent": true
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn locations() {
    let shapes = r#"{
    "GetObjectInput": {
      "type": "structure",
      "required": ["bucket", "key"],
      "members": {
        "bucket": {"shape": "String", "location": "uri", "locationName": "Bucket"},
        "key": {"shape": "String", "location": "uri", "locationName": "Key"},
        "version": {"shape": "String", "location": "querystring", "locationName": "versionId"},
        "tags": {"shape": "StringList", "location": "querystring", "locationName": "tag"},
        "filters": {"shape": "StringMap", "location": "querystring"},
        "ifMatch": {"shape": "String", "location": "header", "locationName": "If-Match"},
        "metadata": {"shape": "StringMap", "location": "headers", "locationName": "X-Meta-"},
        "context": {"shape": "String", "location": "header", "locationName": "X-Context", "jsonvalue": true},
        "token": {"shape": "String", "idempotencyToken": true},
        "account": {"shape": "String", "hostLabel": true},
        "ifModifiedSince": {"shape": "Timestamp", "location": "header", "locationName": "If-Modified-Since", "timestampFormat": "iso8601"}
      }
    },
    "GetObjectOutput": {
      "type": "structure",
      "members": {
        "status": {"shape": "Integer", "location": "statusCode"},
        "etag": {"shape": "String", "location": "header", "locationName": "ETag"},
        "body": {"shape": "Body"}
      },
      "payload": "body"
    },
    "Body": {"type": "blob", "streaming": true},
    "String": {"type": "string"},
    "Integer": {"type": "integer"},
    "Timestamp": {"type": "timestamp"},
    "StringList": {"type": "list", "member": {"shape": "String"}},
    "StringMap": {"type": "map", "key": {"shape": "String"}, "value": {"shape": "String"}}
  }"#;
    let operations = r#"{
    "GetObject": {
      "name": "GetObject",
      "http": {"method": "GET", "requestUri": "/{Bucket}/{Key+}?x-id=GetObject", "responseCode": 200},
      "input": {"shape": "GetObjectInput"},
      "output": {"shape": "GetObjectOutput"},
      "endpoint": {"hostPrefix": "{account}."},
      "documentation": "<p>Gets an object.</p>"
    },
    "PutCompressed": {
      "name": "PutCompressed",
      "http": {"method": "POST", "requestUri": "/compressed", "responseCode": 204},
      "requestcompression": {"encodings": ["gzip"]},
      "httpChecksumRequired": true
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn union_document_enum() {
    let shapes = r#"{
    "Choice": {
      "type": "structure",
      "union": true,
      "members": {
        "text": {"shape": "String"},
        "number": {"shape": "Integer", "locationName": "Number"},
        "doc": {"shape": "Document"}
      }
    },
    "Document": {"type": "structure", "members": {}, "document": true},
    "Colour": {"type": "string", "enum": ["RED", "green", "2024-01-01", "true"]},
    "string": {"type": "string"},
    "String": {"type": "string"},
    "Integer": {"type": "integer"}
  }"#;
    insta::assert_snapshot!(imported(&model("{}", shapes), None));
}

#[test]
fn errors() {
    let shapes = r#"{
    "NotFound": {
      "type": "structure",
      "members": {"message": {"shape": "String"}},
      "exception": true,
      "error": {"httpStatusCode": 404, "senderFault": true},
      "documentation": "<p>Not here.</p>"
    },
    "Throttled": {
      "type": "structure",
      "members": {
        "message": {"shape": "String"},
        "retryAfter": {"shape": "String", "location": "header", "locationName": "Retry-After"}
      },
      "exception": true,
      "error": {"code": "ThrottlingException", "httpStatusCode": 429, "senderFault": true},
      "retryable": {"throttling": true}
    },
    "BadInput": {"type": "structure", "members": {}, "exception": true, "error": {"senderFault": true}},
    "Broken": {"type": "structure", "members": {}, "exception": true, "fault": true},
    "String": {"type": "string"}
  }"#;
    let operations = r#"{
    "Ping": {
      "name": "Ping",
      "http": {"method": "GET", "requestUri": "/ping"},
      "errors": [
        {"shape": "NotFound", "documentation": "<p>When it is not there.</p>"},
        {"shape": "Throttled"},
        {"shape": "BadInput"},
        {"shape": "Broken"}
      ]
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

const LIST_SHAPES: &str = r#"{
    "ListInput": {
      "type": "structure",
      "members": {
        "NextToken": {"shape": "String", "location": "querystring", "locationName": "nextToken"},
        "MaxResults": {"shape": "String", "location": "querystring", "locationName": "maxResults"}
      }
    },
    "ListOutput": {
      "type": "structure",
      "members": {
        "NextToken": {"shape": "String", "locationName": "nextToken"},
        "Items": {"shape": "Items", "locationName": "items"}
      }
    },
    "Items": {"type": "list", "member": {"shape": "String"}},
    "String": {"type": "string"}
  }"#;

fn list_operations(names: &[&str]) -> String {
    let ops: Vec<String> = names
        .iter()
        .map(|n| {
            format!(
                r#""{n}": {{"name": "{n}", "http": {{"method": "GET", "requestUri": "/{n}"}},
      "input": {{"shape": "ListInput"}}, "output": {{"shape": "ListOutput"}}}}"#
            )
        })
        .collect();
    format!("{{\n    {}\n  }}", ops.join(",\n    "))
}

#[test]
fn paginators() {
    let operations = list_operations(&["ListThings", "ListOthers", "ListNested", "ListPlain"]);
    let paginators = r#"{
  "pagination": {
    "ListThings": {
      "input_token": "NextToken",
      "output_token": "NextToken",
      "limit_key": "MaxResults",
      "result_key": "Items"
    },
    "ListOthers": {
      "input_token": ["NextToken", "MaxResults"],
      "output_token": ["NextToken", "Items"],
      "result_key": "Items"
    },
    "ListNested": {
      "input_token": "NextToken",
      "output_token": "Page.NextToken",
      "result_key": "Items"
    },
    "ListPlain": {
      "input_token": "NextToken",
      "output_token": "NextToken",
      "result_key": ["Items"]
    }
  }
}"#;
    insta::assert_snapshot!(imported(&model(&operations, LIST_SHAPES), Some(paginators)));
}

#[test]
fn docs_html() {
    let shapes = r#"{
    "Thing": {
      "type": "structure",
      "members": {
        "id": {"shape": "String", "documentation": "<p>The <code>thing</code>'s ID &amp; more: &lt;id&gt; &quot;quoted&quot; &#39;single&#39;&nbsp;spaced.</p>"}
      },
      "documentation": "<p>A thing.</p> <p>Kinds:</p> <ul> <li> <p><code>BIG</code> - large</p> </li> <li><p>SMALL</p></li> </ul> <p>See <a href=\"https://example.com\">the   guide</a>.<br/>A &#x2192; B, 1 < 2.</p>"
    },
    "String": {"type": "string", "documentation": "   "}
  }"#;
    insta::assert_snapshot!(imported(&model("{}", shapes), None));
}

#[test]
fn plain_docs() {
    use import::plain_docs;
    assert_eq!(
        plain_docs("<p>a <code>b</code> c</p>").as_deref(),
        Some("a `b` c")
    );
    assert_eq!(
        plain_docs("<p>x</p><ul><li>one</li><li>two</li></ul><p>y</p>").as_deref(),
        Some("x\n\n- one\n- two\n\ny")
    );
    assert_eq!(plain_docs("<p> </p>"), None);
    assert_eq!(
        plain_docs("a &bogus; & b").as_deref(),
        Some("a &bogus; & b")
    );
}

// ---------------------------------------------------------------------------------------
// Bad models.

#[test]
fn bad_wrong_protocol() {
    let model = r#"{
  "metadata": {
    "apiVersion": "2024-01-01",
    "protocol": "json",
    "serviceId": "Example"
  },
  "operations": {},
  "shapes": {}
}"#;
    insta::assert_snapshot!(imported(model, None));
}

#[test]
fn bad_unknown_shape_reference() {
    let shapes = r#"{
    "Input": {
      "type": "structure",
      "members": {
        "name": {"shape": "Strin"},
        "other": {"shape": "Nowhere"}
      }
    },
    "List": {"type": "list", "member": {"shape": "Missing"}},
    "String": {"type": "string"}
  }"#;
    let operations = r#"{
    "Go": {
      "name": "Go",
      "http": {"method": "POST", "requestUri": "/go"},
      "input": {"shape": "Inptu"},
      "errors": [{"shape": "String"}, {"shape": "Gone"}]
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn bad_eventstream() {
    let shapes = r#"{
    "SubscribeOutput": {
      "type": "structure",
      "members": {"events": {"shape": "Events"}},
      "payload": "events"
    },
    "Events": {
      "type": "structure",
      "members": {"ping": {"shape": "Ping"}},
      "eventstream": true
    },
    "Ping": {"type": "structure", "members": {}, "event": true}
  }"#;
    let operations = r#"{
    "Subscribe": {
      "name": "Subscribe",
      "http": {"method": "POST", "requestUri": "/subscribe"},
      "output": {"shape": "SubscribeOutput"}
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn bad_bigdecimal() {
    let shapes = r#"{
    "Price": {"type": "bigdecimal"},
    "Count": {"type": "biginteger"},
    "Odd": {"type": "character"}
  }"#;
    insta::assert_snapshot!(imported(&model("{}", shapes), None));
}

#[test]
fn bad_unknown_trait() {
    let shapes = r#"{
    "Input": {
      "type": "structure",
      "members": {
        "name": {"shape": "String", "contextParam": {"name": "Name"}, "location": "body"}
      },
      "xmlOrder": ["name"]
    },
    "String": {"type": "string", "documentationUrl": "https://example.com"}
  }"#;
    let operations = r#"{
    "Go": {
      "name": "Go",
      "http": {"method": "POST", "requestUri": "/go", "verb": "x"},
      "input": {"shape": "Input"},
      "authtype": "none",
      "alias": "GoNow"
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn bad_shapes() {
    let shapes = r#"{
    "Input": {
      "type": "structure",
      "required": ["nmae"],
      "members": {
        "name": {"shape": "string"},
        "oops": {"shape": "Oops"},
        "stream": {"shape": "Stream"}
      },
      "payload": "body"
    },
    "Choice": {"type": "structure", "union": true, "required": ["a"], "members": {"a": {"shape": "string"}}},
    "Stream": {"type": "blob", "streaming": true},
    "Oops": {"type": "structure", "members": {}, "exception": true, "error": {"httpStatusCode": 200}},
    "string": {"type": "string", "max": 3},
    "Stamp": {"type": "timestamp", "timestampFormat": "rfc3339"}
  }"#;
    let operations = r#"{
    "Go": {
      "name": "Went",
      "http": {"method": "POST", "requestUri": "/go"},
      "input": {"shape": "Oops"},
      "output": {"shape": "Stream"}
    }
  }"#;
    insta::assert_snapshot!(imported(&model(operations, shapes), None));
}

#[test]
fn bad_json() {
    insta::assert_snapshot!(imported("{\n  \"metadata\": {,\n}\n", None));
}

// ---------------------------------------------------------------------------------------
// The conformance suites.

/// Every suite of `input.json` and `output.json` (its shapes and the distinct `given`
/// operations of its cases) imports without an error, to YAML that parses back.
#[test]
fn every_conformance_suite_imports() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/conformance");
    let settings = ImportSettings {
        service_name: Some("RestJsonProtocol"),
        ..ImportSettings::default()
    };
    let mut suites = 0;
    let mut failures = Vec::new();
    for name in ["input.json", "output.json"] {
        let text = std::fs::read_to_string(dir.join(name)).unwrap();
        let root = import::parse(&Source {
            name,
            bytes: text.as_bytes(),
        })
        .unwrap_or_else(|d| panic!("{}", render(&d, &[(name, &text)])));
        let restgen_codegen::yaml::Kind::Seq(items) = &root.kind else {
            panic!("{name} is a list of suites");
        };
        for (i, suite) in items.iter().enumerate() {
            suites += 1;
            let result =
                import::suite_parts(name, suite, &SchemaPath::root().index(i)).and_then(|parts| {
                    assert!(!parts.operations.is_empty(), "{name}[{i}] has operations");
                    import::import_parts(&parts, &settings)
                });
            match result {
                Ok(imported) => {
                    let value: serde_yaml::Value = serde_yaml::from_str(&imported.yaml)
                        .unwrap_or_else(|e| panic!("{name}[{i}]: {e}\n{}", imported.yaml));
                    assert!(value.get("operations").is_some(), "{name}[{i}]");
                    if !imported.warnings.is_empty() {
                        failures.push(render(&imported.warnings, &[(name, &text)]));
                    }
                }
                Err(diags) => failures.push(render(&diags, &[(name, &text)])),
            }
        }
    }
    assert_eq!(suites, 52 + 35);
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
