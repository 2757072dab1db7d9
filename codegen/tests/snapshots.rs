//! Snapshot tests of emitted code: one small fixture per feature, plus the real schema.
//! Every fixture's output is also compiled, by `generated/tests/fixtures.rs`.

use std::path::Path;

/// Generates `path` and snapshots every emitted file under the fixture's name.
fn check(case: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let path = if case == "integration_response" {
        root.join("schema/integration_response.yaml")
    } else {
        root.join(format!("codegen/tests/fixtures/{case}.yaml"))
    };
    let bytes = std::fs::read(&path).unwrap();
    let generated = codegen::generate(codegen::Source {
        name: case,
        bytes: &bytes,
    })
    .unwrap_or_else(|diags| panic!("{case} has errors: {diags:#?}"));
    assert!(generated.warnings.is_empty(), "{:#?}", generated.warnings);
    for (file, text) in &generated.files {
        let name = format!("{case}__{}", file.trim_end_matches(".rs"));
        insta::assert_snapshot!(name, text);
    }
}

#[test]
fn structure() {
    check("structure");
}

#[test]
fn enumeration() {
    check("enum");
}

#[test]
fn collections() {
    check("collections");
}

#[test]
fn recursive() {
    check("recursive");
}

#[test]
fn keywords() {
    check("keywords");
}

#[test]
fn scalars() {
    check("scalars");
}

#[test]
fn locations() {
    check("locations");
}

#[test]
fn routing() {
    check("routing");
}

#[test]
fn weather() {
    check("weather");
}

#[test]
fn integration_response() {
    check("integration_response");
}

/// Same schema, same bytes: generating twice gives identical output.
#[test]
fn output_is_deterministic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    for path in [
        root.join("schema/integration_response.yaml"),
        root.join("codegen/tests/fixtures/weather.yaml"),
    ] {
        let bytes = std::fs::read(&path).unwrap();
        let source = codegen::Source {
            name: "x.yaml",
            bytes: &bytes,
        };
        assert_eq!(codegen::generate(source), codegen::generate(source));
    }
}
