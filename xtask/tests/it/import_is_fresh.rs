//! `schema/apigatewayv2.yaml` is what `cargo xtask import` makes of the vendored
//! API Gateway V2 model now; and the command line writes nothing and fails on a bad model,
//! and `--check` fails on a stale file.

use crate::support::checkout;
use crate::support::temp_dir;
use restgen_codegen::files::Import;
use std::fs;
use std::path::Path;
use std::process::Command;

const IMPORT: &str = "cargo xtask import --model models/apigatewayv2/service-2.json \
    --paginators models/apigatewayv2/paginators-1.json \
    --out schema/apigatewayv2.yaml";

#[test]
fn imported_apigatewayv2_is_up_to_date() {
    let root = checkout();
    let dir = root.join("models/apigatewayv2");
    let out = root.join("schema/apigatewayv2.yaml");
    let run = Import::new(&root, dir.join("service-2.json"), &out)
        .paginators(dir.join("paginators-1.json"))
        .json_schema("codegen/restgen-schema.json")
        .prepare()
        .unwrap();
    let rendered: Vec<String> = run.reports.iter().map(|r| r.render(false)).collect();
    assert_eq!(run.errors, 0, "{}", rendered.join("\n"));
    let text = run.text.expect("no errors, so a text");
    assert!(text.contains("\n# Imported from `models/apigatewayv2/service-2.json`"));
    let on_disk = fs::read_to_string(&out).unwrap();
    assert!(
        text == on_disk,
        "schema/apigatewayv2.yaml is stale: run `{IMPORT}` and commit the result"
    );
}

#[test]
fn a_schema_under_schema_gets_the_modeline() {
    let root = checkout();
    let dir = root.join("models/apigatewayv2");
    let run = Import::new(
        &root,
        dir.join("service-2.json"),
        "schema/apigatewayv2.yaml",
    )
    .json_schema("codegen/restgen-schema.json")
    .prepare()
    .unwrap();
    let text = run.text.unwrap();
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("# yaml-language-server: $schema=../codegen/restgen-schema.json")
    );
    assert_eq!(
        lines.next(),
        Some("# Imported from `models/apigatewayv2/service-2.json` by `cargo xtask import`: do not edit by hand, import again.")
    );
    assert!(!text.contains("pagination:"), "no paginators given");
}

fn xtask(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_xtask"))
        .current_dir(checkout())
        .args(["import", "--model"])
        .arg(dir.join("model.json"))
        .arg("--out")
        .arg(dir.join("out.yaml"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn the_command_line_writes_nothing_on_errors_and_checks() {
    let dir = temp_dir("import-cli");
    let model = r#"{"metadata": {"protocol": "json", "apiVersion": "1", "serviceId": "T"},
        "operations": {}, "shapes": {}}"#;
    fs::write(dir.join("model.json"), model).unwrap();
    let output = xtask(&dir, &[]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "{stderr}");
    assert!(stderr.contains("model.json:1:27"), "{stderr}");
    assert!(
        stderr.contains("only `rest-json` can be imported"),
        "{stderr}"
    );
    assert!(!dir.join("out.yaml").exists());

    let model = model.replace("\"json\"", "\"rest-json\"");
    fs::write(dir.join("model.json"), model).unwrap();
    let output = xtask(&dir, &["--check"]);
    assert_eq!(output.status.code(), Some(1), "a missing file is stale");
    assert!(!dir.join("out.yaml").exists());
    let output = xtask(&dir, &[]);
    assert!(output.status.success(), "{output:?}");
    let text = fs::read_to_string(dir.join("out.yaml")).unwrap();
    assert!(text.contains("service:\n  name: T\n"), "{text}");
    let output = xtask(&dir, &["--check"]);
    assert!(output.status.success(), "{output:?}");
    fs::write(dir.join("out.yaml"), text + "# edited\n").unwrap();
    let output = xtask(&dir, &["--check"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("is stale"));
}
