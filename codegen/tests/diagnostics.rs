//! The corpus of schema mistakes: one small fixture per class of mistake in `invalid/`,
//! each with a snapshot of exactly what a user sees (rendered rustc-style, without colour).

use codegen::diagnostics::{summary, Severity};
use std::path::{Path, PathBuf};

fn invalid_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/invalid")
}

/// Generates `bytes` as the file `name` and renders every diagnostic plus the summary.
fn rendered(name: &str, bytes: &[u8]) -> String {
    let diags = match codegen::generate(codegen::Source { name, bytes }) {
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

/// Snapshots the rendered diagnostics of `invalid/<case>.yaml`, which must have some.
fn check(case: &str) {
    let bytes = std::fs::read(invalid_dir().join(format!("{case}.yaml"))).unwrap();
    let out = rendered(&format!("invalid/{case}.yaml"), &bytes);
    assert!(
        !out.starts_with("0 errors, 0 warnings"),
        "{case}: no diagnostic"
    );
    insta::assert_snapshot!(case, out);
}

#[test]
fn every_fixture_has_a_test() {
    let source =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/diagnostics.rs"))
            .unwrap();
    for entry in std::fs::read_dir(invalid_dir()).unwrap() {
        let path = entry.unwrap().path();
        let stem = path.file_stem().unwrap().to_str().unwrap().to_string();
        assert!(
            source.contains(&format!("check(\"{stem}\")")),
            "invalid/{stem}.yaml has no test in diagnostics.rs"
        );
    }
}

/// Too big to check in: made here, one byte over the limit.
#[test]
fn huge_file() {
    let mut bytes = b"service: {name: T, version: '1', protocol: rest-json}\n".to_vec();
    bytes.resize(codegen::MAX_SCHEMA_BYTES + 1, b'#');
    insta::assert_snapshot!("huge_file", rendered("invalid/huge.yaml", &bytes));
}

#[test]
fn body_member_on_get_or_delete() {
    check("body_member_on_get_or_delete");
}

#[test]
fn builtin_redefined() {
    check("builtin_redefined");
}

#[test]
fn duplicate_error() {
    check("duplicate_error");
}

#[test]
fn duplicate_key() {
    check("duplicate_key");
}

#[test]
fn duplicate_member() {
    check("duplicate_member");
}

#[test]
fn duplicate_operation() {
    check("duplicate_operation");
}

#[test]
fn duplicate_shape() {
    check("duplicate_shape");
}

#[test]
fn duplicate_wire_name() {
    check("duplicate_wire_name");
}

#[test]
fn empty_file() {
    check("empty_file");
}

#[test]
fn empty_schema() {
    check("empty_schema");
}

#[test]
fn enum_case_collision() {
    check("enum_case_collision");
}

#[test]
fn enum_duplicate_value() {
    check("enum_duplicate_value");
}

#[test]
fn enum_empty_value() {
    check("enum_empty_value");
}

#[test]
fn error_status_not_4xx_5xx() {
    check("error_status_not_4xx_5xx");
}

#[test]
fn error_used_as_shape() {
    check("error_used_as_shape");
}

#[test]
fn input_not_structure() {
    check("input_not_structure");
}

#[test]
fn invalid_http_method() {
    check("invalid_http_method");
}

#[test]
fn key_of_wrong_shape_type() {
    check("key_of_wrong_shape_type");
}

#[test]
fn label_without_member() {
    check("label_without_member");
}

#[test]
fn map_key_not_string() {
    check("map_key_not_string");
}

#[test]
fn member_case_collision() {
    check("member_case_collision");
}

#[test]
fn missing_required_key() {
    check("missing_required_key");
}

#[test]
fn missing_service() {
    check("missing_service");
}

#[test]
fn nesting_too_deep() {
    check("nesting_too_deep");
}

#[test]
fn non_utf8() {
    check("non_utf8");
}

#[test]
fn pagination_unknown_member() {
    check("pagination_unknown_member");
}

#[test]
fn pagination_wrong_type() {
    check("pagination_wrong_type");
}

#[test]
fn path_member_not_required() {
    check("path_member_not_required");
}

#[test]
fn path_member_without_label() {
    check("path_member_without_label");
}

#[test]
fn path_syntax() {
    check("path_syntax");
}

#[test]
fn schema_not_a_mapping() {
    check("schema_not_a_mapping");
}

#[test]
fn section_not_a_mapping() {
    check("section_not_a_mapping");
}

#[test]
fn several_structural_errors() {
    check("several_structural_errors");
}

#[test]
fn success_status_not_2xx() {
    check("success_status_not_2xx");
}

#[test]
fn tab_indentation() {
    check("tab_indentation");
}

#[test]
fn type_case_collision() {
    check("type_case_collision");
}

#[test]
fn unknown_error_reference() {
    check("unknown_error_reference");
}

#[test]
fn unknown_key() {
    check("unknown_key");
}

#[test]
fn unknown_location() {
    check("unknown_location");
}

#[test]
fn unknown_protocol() {
    check("unknown_protocol");
}

#[test]
fn unknown_shape_reference() {
    check("unknown_shape_reference");
}

#[test]
fn unknown_shape_type() {
    check("unknown_shape_type");
}

#[test]
fn unknown_top_level_key() {
    check("unknown_top_level_key");
}

#[test]
fn wire_code_reused() {
    check("wire_code_reused");
}

#[test]
fn wrong_value_type() {
    check("wrong_value_type");
}

#[test]
fn wrong_value_type_bool() {
    check("wrong_value_type_bool");
}

#[test]
fn yaml_syntax_error() {
    check("yaml_syntax_error");
}
#[test]
fn overlapping_routes() {
    check("overlapping_routes");
}

#[test]
fn no_content_with_output() {
    check("no_content_with_output");
}

#[test]
fn collection_contains_itself() {
    check("collection_contains_itself");
}

#[test]
fn map_key_is_a_map() {
    check("map_key_is_a_map");
}

#[test]
fn operation_without_docs() {
    check("operation_without_docs");
}

#[test]
fn method_name_collision() {
    check("method_name_collision");
}

#[test]
fn constraint_misplaced() {
    check("constraint_misplaced");
}
