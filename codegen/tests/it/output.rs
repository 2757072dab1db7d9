//! Properties of the emitted files as a whole: the same schema gives the same bytes, and
//! every file a crate needs is there.

use std::path::{Path, PathBuf};

/// Every schema the repository generates from: the services and the fixtures.
fn schemas() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap();
    let mut out = Vec::new();
    for dir in ["schema", "codegen/tests/fixtures"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "yaml") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

/// Same schema, same bytes: generating twice gives identical output.
#[test]
fn output_is_deterministic() {
    for path in schemas() {
        let bytes = std::fs::read(&path).unwrap();
        let source = restgen_codegen::Source {
            name: "x.yaml",
            bytes: &bytes,
        };
        let settings = restgen_codegen::Settings::default();
        let first = restgen_codegen::generate(source, &settings);
        assert!(first.is_ok(), "{}: {first:?}", path.display());
        assert_eq!(first, restgen_codegen::generate(source, &settings));
    }
}

/// A crate: a manifest, a root module, one module per output kind and the OpenAPI
/// document in JSON and YAML, each file marked `@generated` (the JSON one by its
/// `x-generated` key, as JSON has no comments).
#[test]
fn every_schema_makes_a_whole_crate() {
    let path = &schemas()[0];
    let bytes = std::fs::read(path).unwrap();
    let source = restgen_codegen::Source {
        name: "x.yaml",
        bytes: &bytes,
    };
    let generated =
        restgen_codegen::generate(source, &restgen_codegen::Settings::default()).unwrap();
    let names: Vec<&str> = generated.files.keys().map(String::as_str).collect();
    assert_eq!(
        names,
        [
            "Cargo.toml",
            "openapi.json",
            "openapi.yaml",
            "src/client.rs",
            "src/errors.rs",
            "src/lib.rs",
            "src/routes.rs",
            "src/server.rs",
            "src/types.rs"
        ]
    );
    for (name, text) in &generated.files {
        assert!(
            text.contains("@generated"),
            "{name} has no @generated header"
        );
    }
}
