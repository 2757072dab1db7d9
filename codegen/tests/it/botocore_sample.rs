//! The vendored sample of botocore's restJson1 models (`models/botocore-sample/`): each
//! imports, with its paginators, and the schema it becomes generates a crate. The README
//! claims this of every restJson1 model botocore 1.44.8 ships; this test holds it for the
//! sample on every `cargo test` (the full set was measured by hand).

use restgen_codegen::diagnostics::Severity;
use restgen_codegen::import::{self, ImportSettings};
use restgen_codegen::Source;
use std::path::Path;

/// The services of the sample, as `models/botocore-sample/README.md` lists them: a model
/// added or removed without updating the list fails the test.
const SAMPLE: &[&str] = &[
    "account-access-runtime",
    "apigatewaymanagementapi",
    "inspector-scan",
    "mediastore-data",
    "personalize-events",
    "rds-data",
    "sagemaker-gateway-runtime",
    "sso",
    "workmailmessageflow",
];

#[test]
fn every_sampled_botocore_model_imports_and_generates() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../models/botocore-sample");
    let mut found: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .map(|p| p.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    found.sort();
    assert_eq!(found, SAMPLE);
    let mut failures = Vec::new();
    for service in SAMPLE {
        let model = std::fs::read(dir.join(service).join("service-2.json")).unwrap();
        let pages = std::fs::read(dir.join(service).join("paginators-1.json")).unwrap();
        let model = Source {
            name: "service-2.json",
            bytes: &model,
        };
        let pages = Source {
            name: "paginators-1.json",
            bytes: &pages,
        };
        let settings = ImportSettings {
            crate_name: Some(service),
            ..Default::default()
        };
        let imported = match import::import_model(&model, Some(&pages), &settings) {
            Ok(imported) => imported,
            Err(diags) => {
                let errors: Vec<String> = diags
                    .iter()
                    .filter(|d| d.diagnostic.severity == Severity::Error)
                    .map(|d| format!("{}: {}", d.file, d.diagnostic.message))
                    .collect();
                failures.push(format!("{service} does not import: {errors:#?}"));
                continue;
            }
        };
        let schema = Source {
            name: "schema.yaml",
            bytes: imported.yaml.as_bytes(),
        };
        match restgen_codegen::generate(schema, &restgen_codegen::Settings::default()) {
            Ok(generated) => println!(
                "{service}: imported ({} warnings), generated {} files ({} warnings)",
                imported.warnings.len(),
                generated.files.len(),
                generated.warnings.len()
            ),
            Err(diags) => {
                let rendered: Vec<String> = diags
                    .iter()
                    .map(|d| d.render("schema.yaml", &imported.yaml, false))
                    .collect();
                failures.push(format!(
                    "{service} imports but does not generate:\n{}",
                    rendered.join("\n")
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
