//! botocore's copy of the restJson1 cases (`codegen/tests/conformance/{input,output}.json`):
//! each suite imported with the botocore importer into a module of one operation or a few,
//! each case a test in both directions (`input/<id>`, `server/input/<id>`, ...).

use super::cases::{CaseCx, Serving};
use super::{suite_module, Crate, Direction, Sides};
use restgen_codegen::naming;
use restgen_codegen::schema_path::SchemaPath;
use serde_json::Value;
use std::collections::HashSet;
use std::fs;
use std::io;
use std::path::Path;

/// The cases, relative to the workspace root.
const CASES_DIR: &str = "codegen/tests/conformance";

/// The file of a direction, the prefix of its modules, tests and skip keys.
fn stem(direction: Direction) -> &'static str {
    match direction {
        Direction::Request => "input",
        Direction::Response => "output",
    }
}

/// Adds every suite of `input.json` and `output.json` to the crate.
pub(super) fn add(root: &Path, krate: &mut Crate<'_>) -> io::Result<()> {
    for direction in [Direction::Request, Direction::Response] {
        let stem = stem(direction);
        let file = format!("{stem}.json");
        let display = format!("{CASES_DIR}/{file}");
        let text = fs::read_to_string(root.join(CASES_DIR).join(&file))?;
        let json: Vec<Value> = serde_json::from_str(&text)
            .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{display}: {e}")))?;
        let source = restgen_codegen::Source {
            name: &display,
            bytes: text.as_bytes(),
        };
        let root_node = match restgen_codegen::import::parse(&source) {
            Ok(node) => node,
            Err(diags) => {
                krate
                    .out
                    .errors
                    .extend(diags.iter().map(|d| d.diagnostic.message.clone()));
                continue;
            }
        };
        let restgen_codegen::yaml::Kind::Seq(nodes) = &root_node.kind else {
            krate
                .out
                .errors
                .push(format!("{display} is not a list of suites"));
            continue;
        };
        let mut taken = HashSet::new();
        let mut fn_names = HashSet::new();
        for (i, (suite, node)) in json.iter().zip(nodes).enumerate() {
            let operation = suite["description"]
                .as_str()
                .and_then(|d| d.strip_prefix("Test cases for "))
                .and_then(|d| d.strip_suffix(" operation"))
                .unwrap_or("Suite");
            let base = format!("{stem}_{}", naming::unraw(&naming::field_name(operation)));
            let module = naming::unique(naming::numbered(&base), |m| taken.insert(m.to_string()));
            let origin = format!("{display} (suite {i}, {operation})");
            let model = imported(&display, node, i)
                .and_then(|yaml| suite_module(&yaml, &module, &origin, &mut krate.out.files));
            let model = match model {
                Ok(model) => model,
                Err(e) => {
                    krate.out.errors.push(format!("{origin}: {e}"));
                    continue;
                }
            };
            krate.modules.push(module.clone());
            let endpoint = suite["clientEndpoint"]
                .as_str()
                .unwrap_or("https://example.com");
            for case in suite["cases"].as_array().into_iter().flatten() {
                let id = case["id"].as_str().unwrap_or("case");
                let key = format!("{stem}/{id}");
                let base = format!("{stem}_{}", naming::unraw(&naming::field_name(id)));
                let name =
                    naming::unique(naming::numbered(&base), |n| fn_names.insert(n.to_string()));
                let cx = CaseCx {
                    model: &model,
                    module: &module,
                    case,
                    key: &key,
                    serving: Serving::PerTest,
                };
                let sides = Sides {
                    client: true,
                    server: true,
                };
                krate.add_case(&cx, &name, direction, endpoint, sides);
            }
        }
    }
    Ok(())
}

/// The schema text of suite `index` (`node`, in the file `display`).
fn imported(
    display: &str,
    node: &restgen_codegen::yaml::Node,
    index: usize,
) -> Result<String, String> {
    let render = |diags: Vec<restgen_codegen::import::ImportDiagnostic>| {
        diags
            .iter()
            .map(|d| d.diagnostic.message.clone())
            .collect::<Vec<_>>()
            .join("; ")
    };
    let parts =
        restgen_codegen::import::suite_parts(display, node, &SchemaPath::root().index(index))
            .map_err(render)?;
    let settings = restgen_codegen::import::ImportSettings {
        service_name: Some("RestJsonProtocol"),
        ..Default::default()
    };
    restgen_codegen::import::import_parts(&parts, &settings)
        .map(|imported| imported.yaml)
        .map_err(render)
}
