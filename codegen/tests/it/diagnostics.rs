//! The corpus of schema mistakes: one small fixture per class of mistake in `invalid/`,
//! each with a snapshot of exactly what a user sees (rendered rustc-style, without colour).
//! Adding a case is adding a file: the directory is listed, not enumerated here.

use restgen_codegen::diagnostics::{summary, Severity};
use std::path::{Path, PathBuf};

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// Generates `bytes` as the file `name` and renders every diagnostic plus the summary.
fn rendered(name: &str, bytes: &[u8]) -> String {
    let diags = match restgen_codegen::generate(
        restgen_codegen::Source { name, bytes },
        &restgen_codegen::Settings::default(),
    ) {
        Ok(generated) => generated.warnings,
        Err(diags) => diags,
    };
    let source = String::from_utf8_lossy(bytes);
    let mut out: Vec<String> = diags
        .iter()
        .map(|d| d.render(name, &source, false))
        .collect();
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    out.push(summary(
        count(Severity::Error),
        count(Severity::Warning),
        name,
    ));
    out.join("\n")
}

/// Every `invalid/*.yaml`, found by listing the directory, against its snapshot
/// `snapshots/diagnostics__<name>.snap`: each must have diagnostics, and they must read
/// exactly as reviewed. All cases run; the failures are reported together.
#[test]
fn corpus() {
    let mut cases: Vec<PathBuf> = std::fs::read_dir(invalid_dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    cases.sort();
    assert!(cases.len() > 40, "the corpus is missing: {cases:?}");
    let mut failed = Vec::new();
    for path in &cases {
        let case = path.file_stem().unwrap().to_str().unwrap().to_string();
        let bytes = std::fs::read(path).unwrap();
        let out = rendered(&format!("invalid/{case}.yaml"), &bytes);
        let result = std::panic::catch_unwind(|| {
            assert!(!out.starts_with("0 errors, 0 warnings"), "no diagnostic");
            insta::assert_snapshot!(case.as_str(), out);
        });
        if result.is_err() {
            failed.push(case);
        }
    }
    assert!(failed.is_empty(), "cases that failed: {failed:?}");
}

/// Too big to check in: made here, one byte over the limit.
#[test]
fn huge_file() {
    let mut bytes = b"service: {name: T, version: '1', protocol: rest-json}\n".to_vec();
    bytes.resize(restgen_codegen::MAX_SCHEMA_BYTES + 1, b'#');
    insta::assert_snapshot!("huge_file", rendered("invalid/huge.yaml", &bytes));
}

/// A `runtime_path` setting that is not a Rust path is an error, not a silent default.
#[test]
fn a_runtime_path_that_is_no_path_is_an_error() {
    let schema = include_bytes!("../../../schema/integration_response.yaml");
    let source = restgen_codegen::Source {
        name: "schema/integration_response.yaml",
        bytes: schema,
    };
    let settings = restgen_codegen::Settings {
        runtime_path: "not a path",
        ..Default::default()
    };
    let diags = restgen_codegen::generate(source, &settings).unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:?}");
    assert!(
        diags[0]
            .message
            .contains("`not a path`, which is not a Rust path"),
        "{}",
        diags[0].message
    );
    let settings = restgen_codegen::Settings {
        runtime_path: "crate::rt",
        ..Default::default()
    };
    let files = restgen_codegen::generate(source, &settings).unwrap().files;
    assert!(files["src/types.rs"].contains("use crate::rt as rt;"));
}
