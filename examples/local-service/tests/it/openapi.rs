//! The generated OpenAPI documents and the schema format's JSON Schema, checked by tools
//! written independently of this project: openapi-spec-validator validates every
//! `openapi.json` and `openapi.yaml` in the repository, openapi-core validates real traffic
//! with the local service against `generated/integration_response/openapi.json`, and
//! jsonschema checks `codegen/restgen-schema.json` against every schema in the repository.
//!
//! The tools are installed once into their own virtual environment under the target
//! directory (`target/py-venv-openapi`, not boto3's `target/py-venv`, so the two tests never
//! run pip on one environment at once), so these tests need `python3` with `venv` and access
//! to PyPI the first time. They fail, never skip, when either is missing.

use apigatewayv2_local::LocalService;
use integration_response::runtime::server::ServerConfig;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The Python packages, pinned so that a new release cannot change a verdict unnoticed.
/// openapi-core 0.23 needs openapi-spec-validator 0.8 (left to itself, pip may resolve
/// the newest validator and an old openapi-core without OpenAPI 3.1 support).
const PACKAGES: &[&str] = &[
    "openapi-spec-validator==0.8.5",
    "openapi-core==0.23.1",
    "jsonschema==4.26.0",
    "ruamel.yaml==0.19.1",
    "requests==2.34.2",
];

use crate::support::repo;

/// The venv's python with every package of `PACKAGES` installed; created on first use, in
/// its own directory so that pip never runs on boto3's environment at the same time.
fn python() -> PathBuf {
    crate::support::python_venv("py-venv-openapi", PACKAGES)
}

/// `openapi.json` and `openapi.yaml` of every crate directory under `dir`, found by listing
/// it (a crate without them fails the test: every generated crate has both).
fn documents_in(dir: &Path) -> Vec<PathBuf> {
    let mut crates: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("Cargo.toml").is_file())
        .collect();
    crates.sort();
    assert!(!crates.is_empty(), "no crate in {}", dir.display());
    let mut out = Vec::new();
    for krate in crates {
        for name in ["openapi.json", "openapi.yaml"] {
            let path = krate.join(name);
            assert!(path.is_file(), "{} is missing", path.display());
            out.push(path);
        }
    }
    out
}

#[test]
fn every_generated_openapi_document_is_valid() {
    let python = python();
    let mut documents = documents_in(&repo().join("generated"));
    documents.extend(documents_in(&repo().join("codegen/tests/expected")));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi_validate.py");
    let output = Command::new(&python)
        .arg(&script)
        .args(&documents)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "openapi-spec-validator refused a document:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    println!("{stdout}");
    for document in &documents {
        let line = format!("valid: {}", document.display());
        assert!(
            stdout.lines().any(|l| l == line),
            "{line} missing:\n{stdout}"
        );
    }
}

#[test]
fn openapi_core_accepts_real_traffic_with_the_local_service() {
    let python = python();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(crate::support::start(
        LocalService::new(),
        ServerConfig::default(),
    ));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/openapi_core_local_server.py");
    let output = Command::new(&python)
        .arg(&script)
        .env("ENDPOINT", format!("http://{}", server.local_addr()))
        .env(
            "SPEC",
            repo().join("generated/integration_response/openapi.json"),
        )
        .env_remove("HTTP_PROXY")
        .env_remove("http_proxy")
        .env("NO_PROXY", "127.0.0.1")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "openapi-core script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    for expected in [
        "-> 201",
        "-> 200",
        "-> 204",
        "-> 400",
        "-> 404",
        "-> 409",
        "a wrong body is refused",
    ] {
        assert!(stdout.contains(expected), "{expected} missing:\n{stdout}");
    }
    assert!(
        stdout.contains("openapi-core: all checks passed"),
        "{stdout}"
    );
    println!("{stdout}");
    runtime.block_on(server.shutdown());
}

/// Every `*.yaml` directly in `dir`, sorted.
fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    out.sort();
    out
}

/// The mistake-corpus cases that `codegen/restgen-schema.json` must refuse: the structural
/// ones (unknown key, wrong value type, missing key, not a mapping), which the generator
/// reports while reading the file, and the ones its enums and status ranges cover. The
/// other cases (references, duplicates, names, routes) need the generator itself. Each
/// comes with every error jsonschema must report for it (`<JSON path> <keyword>: <message>`,
/// sorted), each the mistake the case is about: refused for another reason, or for one
/// more, is a failure.
const REFUSED: &[(&str, &[&str])] = &[
    (
        "unknown_key",
        &[
            "$.shapes.Thing additionalProperties: Additional properties are not allowed ('memebrs' was unexpected)",
        ],
    ),
    (
        "unknown_top_level_key",
        &[
            "$ additionalProperties: Additional properties are not allowed ('operation' was unexpected)",
        ],
    ),
    (
        "wrong_value_type",
        &[
            "$.operations.GetThing.success type: 'OK' is not of type 'integer'",
        ],
    ),
    (
        "wrong_value_type_bool",
        &[
            "$.shapes.Thing.members.id.required type: 'yes' is not of type 'boolean'",
        ],
    ),
    (
        "missing_required_key",
        &[
            "$.operations.GetThing required: 'path' is a required property",
        ],
    ),
    (
        "missing_service",
        &[
            "$ required: 'service' is a required property",
        ],
    ),
    (
        "several_structural_errors",
        &[
            "$.operations.GetThing required: 'path' is a required property",
            "$.operations.PutThing.success type: [200] is not of type 'integer'",
            "$.shapes.Other.members.id additionalProperties: Additional properties are not allowed ('tagret' was unexpected)",
            "$.shapes.Other.members.id required: 'target' is a required property",
            "$.shapes.Thing additionalProperties: Additional properties are not allowed ('memebrs' was unexpected)",
        ],
    ),
    (
        "section_not_a_mapping",
        &[
            "$.shapes type: ['Thing'] is not of type 'object', 'null'",
        ],
    ),
    (
        "schema_not_a_mapping",
        &[
            "$ type: ['service', 'shapes'] is not of type 'object'",
        ],
    ),
    (
        "unknown_shape_type",
        &[
            "$.shapes.Thing.type enum: 'struct' is not one of ['structure', 'union', 'enum', 'int_enum', 'list', 'map', 'string', 'byte', 'short', 'integer', 'long', 'boolean', 'float', 'double', 'timestamp', 'blob', 'document']",
        ],
    ),
    (
        "unknown_location",
        &[
            "$.shapes.Thing.members.id.location enum: 'querry' is not one of ['body', 'path', 'query', 'header', 'headers', 'status', 'payload', None]",
        ],
    ),
    (
        "invalid_http_method",
        &[
            "$.operations.FetchThing.method enum: 'FETCH' is not one of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']",
            "$.operations.GetThing.method enum: 'get' is not one of ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']",
        ],
    ),
    (
        "unknown_protocol",
        &[
            "$.service.protocol enum: 'rest-xml' is not one of ['rest-json', 'http-json']",
        ],
    ),
    (
        "success_status_not_2xx",
        &[
            "$.operations.GetThing.success maximum: 404 is greater than the maximum of 299",
        ],
    ),
    (
        "error_status_not_4xx_5xx",
        &[
            "$.errors.Moved.status minimum: 301 is less than the minimum of 400",
        ],
    ),
    (
        "status_out_of_range",
        &[
            "$.errors.Oops.status minimum: -1 is less than the minimum of 400",
            "$.operations.GetThing.success maximum: 99999999999 is greater than the maximum of 299",
        ],
    ),
];

#[test]
fn restgen_schema_accepts_every_schema_and_refuses_structural_mistakes() {
    let python = python();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/restgen_schema_check.py");
    let mut valid = yaml_files(&repo().join("schema"));
    valid.extend(yaml_files(&repo().join("codegen/tests/fixtures")));
    let invalid: Vec<PathBuf> = REFUSED
        .iter()
        .map(|(name, _)| repo().join(format!("codegen/tests/invalid/{name}.yaml")))
        .collect();
    let output = Command::new(&python)
        .arg(&script)
        .arg(repo().join("codegen/restgen-schema.json"))
        .arg("--valid")
        .args(&valid)
        .arg("--invalid")
        .args(&invalid)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    println!("{stdout}");
    assert!(
        output.status.success(),
        "restgen-schema.json disagrees with the generator:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut expected = String::new();
    for file in &valid {
        expected.push_str(&format!("passed: {}\n", file.display()));
    }
    for (file, (_, errors)) in invalid.iter().zip(REFUSED) {
        expected.push_str(&format!("refused: {}\n", file.display()));
        for error in *errors {
            expected.push_str(&format!("  {error}\n"));
        }
    }
    assert_eq!(stdout, expected);
}
