//! The upstream Smithy protocol tests (`codegen/tests/smithy/`): each restJson1 service of the
//! JSON AST imported with the Smithy importer into one module `src/smithy_<service>/`, and
//! every `httpRequestTests` and `httpResponseTests` case of its operations and errors a test
//! in the directions its `appliesTo` says (`smithy/request/<id>`,
//! `server/smithy/response/<id>`, ...).
//!
//! A case is put in botocore's form (`given`, `params`, `serialized`, `response`, `result`,
//! `error`, `errorCode`) and written by the same [`CaseCx`] as botocore's. A module holds a
//! whole service (a hundred operations), so its server tests share one implementation of
//! its `Service` trait, written here beside it (`src/smithy_<service>/exchange.rs`; see
//! [`Serving::Exchange`]).

use super::cases::{CaseCx, Serving};
use super::{lit, render, suite_module, Crate, Direction, Sides};
use restgen_codegen::import::smithy::{self, SmithySettings};
use restgen_codegen::model::Model;
use restgen_codegen::naming;
use serde_json::{json, Map, Value};
use std::collections::HashSet;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::Path;

/// The AST, relative to the workspace root.
pub(super) const AST: &str = "codegen/tests/smithy/smithy-aws-protocol-tests.json";

/// The restJson1 services whose cases run, each with its module. Another consumer of these
/// services (the malformed-request cases) finds their modules here and their `Exchanging`
/// servers in `src/<module>/exchange.rs`.
pub(super) const SERVICES: [(&str, &str); 2] = [
    ("aws.protocoltests.restjson#RestJson", "smithy_rest_json"),
    (
        "aws.protocoltests.restjson.validation#RestJsonValidation",
        "smithy_rest_json_validation",
    ),
];

/// The protocol a case must name to be one of restJson1's.
const PROTOCOL: &str = "aws.protocols#restJson1";

/// One imported service: its validated model, its operations and errors (shape id and
/// schema name), and the AST's shapes.
pub(super) struct Service<'a> {
    pub(super) module: &'static str,
    pub(super) model: Model,
    pub(super) operations: Vec<(String, String)>,
    pub(super) errors: Vec<(String, String)>,
    pub(super) shapes: &'a Map<String, Value>,
}

/// Imports and generates each of [`SERVICES`] into the crate's files (its module and its
/// `exchange.rs`); the services, and the AST's JSON they refer to.
pub(super) fn services<'a>(ast: &'a Value, text: &str, krate: &mut Crate<'_>) -> Vec<Service<'a>> {
    let Some(shapes) = ast["shapes"].as_object() else {
        krate.out.errors.push(format!("{AST} has no `shapes`"));
        return Vec::new();
    };
    let mut out = Vec::new();
    for (id, module) in SERVICES {
        let origin = format!("{AST} ({id})");
        let source = restgen_codegen::Source {
            name: AST,
            bytes: text.as_bytes(),
        };
        let settings = SmithySettings {
            service: Some(id),
            crate_name: None,
        };
        let imported = match smithy::import_ast(&source, &settings) {
            Ok(imported) => imported,
            Err(diags) => {
                for d in diags.iter().filter(|d| {
                    d.diagnostic.severity == restgen_codegen::diagnostics::Severity::Error
                }) {
                    krate.out.errors.push(format!(
                        "{origin}: {}: {}",
                        d.diagnostic.path, d.diagnostic.message
                    ));
                }
                continue;
            }
        };
        let model = match suite_module(&imported.yaml, module, &origin, &mut krate.out.files) {
            Ok(model) => model,
            Err(e) => {
                krate.out.errors.push(format!("{origin}: {e}"));
                continue;
            }
        };
        match exchange_rs(&model, module, &origin) {
            Ok(text) => {
                krate
                    .out
                    .files
                    .insert(format!("src/{module}/exchange.rs"), text);
            }
            Err(e) => krate.out.errors.push(format!("{origin}: {e}")),
        }
        krate.modules.push(module.to_string());
        krate.exchanges.push(module.to_string());
        out.push(Service {
            module,
            model,
            operations: imported.operations,
            errors: imported.errors,
            shapes,
        });
    }
    out
}

/// Adds the services and their request and response cases to the crate.
///
/// Another kind of upstream case (the malformed requests) is a file beside this one with
/// an `add(&services, krate)` of its own, called here with the same services: their modules
/// and `exchange` servers are generated once.
pub(super) fn add(root: &Path, krate: &mut Crate<'_>) -> io::Result<()> {
    let text = fs::read_to_string(root.join(AST))?;
    let ast: Value = serde_json::from_str(&text)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, format!("{AST}: {e}")))?;
    let services = services(&ast, &text, krate);
    add_cases(&services, krate);
    Ok(())
}

/// Every `httpRequestTests` and `httpResponseTests` case of the services, as tests.
fn add_cases(services: &[Service<'_>], krate: &mut Crate<'_>) {
    let mut fn_names = HashSet::new();
    for service in services {
        for (case, direction, sides) in service.cases() {
            let id = case["id"].as_str().unwrap_or("case");
            let stem = match direction {
                Direction::Request => "request",
                Direction::Response => "response",
            };
            let key = format!("smithy/{stem}/{id}");
            let base = format!("smithy_{stem}_{}", naming::unraw(&naming::field_name(id)));
            let name = naming::unique(naming::numbered(&base), |n| fn_names.insert(n.to_string()));
            let cx = CaseCx {
                model: &service.model,
                module: service.module,
                case: &case,
                key: &key,
                serving: Serving::Exchange,
            };
            let endpoint = case["clientEndpoint"]
                .as_str()
                .unwrap_or("https://example.com");
            krate.add_case(&cx, &name, direction, endpoint, sides);
        }
    }
}

impl Service<'_> {
    /// Every restJson1 case of the service's operations, then of its errors (run through
    /// the first operation that can return the error), in botocore's form.
    fn cases(&self) -> Vec<(Value, Direction, Sides)> {
        let mut out = Vec::new();
        let traits = |id: &str| &self.shapes.get(id).unwrap_or(&Value::Null)["traits"];
        for (id, name) in &self.operations {
            let traits = traits(id);
            let gzip = self
                .model
                .operations
                .iter()
                .find(|op| op.name == *name)
                .is_some_and(|op| op.gzip_request);
            for case in restjson_cases(&traits["smithy.test#httpRequestTests"]) {
                out.push((
                    request_case(case, name, gzip),
                    Direction::Request,
                    sides(case),
                ));
            }
            for case in restjson_cases(&traits["smithy.test#httpResponseTests"]) {
                out.push((
                    response_case(case, name, None),
                    Direction::Response,
                    sides(case),
                ));
            }
        }
        for (id, name) in &self.errors {
            let through = self.model.operations.iter().find(|op| {
                op.errors
                    .iter()
                    .any(|e| self.model.errors[e.0].name == *name)
            });
            let Some(op) = through else {
                continue;
            };
            for case in restjson_cases(&traits(id)["smithy.test#httpResponseTests"]) {
                let sides = sides(case);
                out.push((
                    response_case(case, &op.name, Some(name)),
                    Direction::Response,
                    sides,
                ));
            }
        }
        out
    }
}

/// The restJson1 cases of a test trait's list.
fn restjson_cases(list: &Value) -> impl Iterator<Item = &Value> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter(|case| case["protocol"] == PROTOCOL)
}

/// The sides a case's `appliesTo` names (both when it names none).
fn sides(case: &Value) -> Sides {
    match case["appliesTo"].as_str() {
        Some("client") => Sides {
            client: true,
            server: false,
        },
        Some("server") => Sides {
            client: false,
            server: true,
        },
        _ => Sides {
            client: true,
            server: true,
        },
    }
}

/// The fields botocore's form and Smithy's share.
fn common(case: &Value, operation: &str) -> Map<String, Value> {
    let mut out = Map::new();
    out.insert("id".into(), case["id"].clone());
    out.insert(
        "description".into(),
        case["documentation"].as_str().unwrap_or_default().into(),
    );
    out.insert("given".into(), json!({ "name": operation }));
    if let Some(applies) = case.get("appliesTo") {
        out.insert("appliesTo".into(), applies.clone());
    }
    out
}

/// A request case: `serialized` is the method, the path with the case's `queryParams`, the
/// headers, the body (an absent one is empty, unless the operation compresses its body:
/// then the server is sent what the generated client sends), and the host.
fn request_case(case: &Value, operation: &str, gzip: bool) -> Value {
    let mut out = common(case, operation);
    let mut uri = case["uri"].as_str().unwrap_or("/").to_string();
    let query: Vec<&str> = case["queryParams"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if !query.is_empty() {
        let _ = write!(
            uri,
            "{}{}",
            if uri.contains('?') { "&" } else { "?" },
            query.join("&")
        );
    }
    let mut serialized = Map::new();
    serialized.insert("method".into(), case["method"].clone());
    serialized.insert("uri".into(), uri.into());
    for key in [
        "headers",
        "forbidHeaders",
        "requireHeaders",
        "forbidQueryParams",
        "requireQueryParams",
    ] {
        if let Some(v) = case.get(key) {
            serialized.insert(key.into(), v.clone());
        }
    }
    match case.get("body") {
        Some(body) => {
            serialized.insert("body".into(), body.clone());
        }
        None if !gzip => {
            serialized.insert("body".into(), "".into());
        }
        None => {}
    }
    if let Some(host) = case.get("resolvedHost").or_else(|| case.get("host")) {
        serialized.insert("host".into(), host.clone());
    }
    if let Some(host) = case["host"].as_str() {
        out.insert("clientEndpoint".into(), format!("https://{host}").into());
    }
    out.insert("params".into(), params(case));
    out.insert("serialized".into(), serialized.into());
    out.into()
}

/// A response case: `response` is the status, headers and body; the case's `params` are
/// the operation's `result`, or the `error` named `errorCode`.
fn response_case(case: &Value, operation: &str, error: Option<&str>) -> Value {
    let mut out = common(case, operation);
    let mut response = Map::new();
    response.insert("status_code".into(), case["code"].clone());
    if let Some(headers) = case.get("headers") {
        response.insert("headers".into(), headers.clone());
    }
    if let Some(body) = case.get("body") {
        response.insert("body".into(), body.clone());
    }
    out.insert("response".into(), response.into());
    match error {
        Some(code) => {
            out.insert("errorCode".into(), code.into());
            out.insert("error".into(), params(case));
        }
        None => {
            out.insert("result".into(), params(case));
        }
    }
    out.into()
}

fn params(case: &Value) -> Value {
    case.get("params").cloned().unwrap_or_else(|| json!({}))
}

/// The module's `Exchanging` service: every operation records its input in the test's
/// `serving::Exchange` and answers what the test put there (else as an unimplemented
/// operation does); and `serve`, the one instance of the server the tests start.
fn exchange_rs(model: &Model, module: &str, origin: &str) -> io::Result<String> {
    let mut methods = String::new();
    for op in &model.operations {
        let (param, input) = match op.input {
            Some(i) => (
                format!(", input: service::types::{}", model.shape(i).rust_name),
                "input",
            ),
            None => (String::new(), "()"),
        };
        let output = op.output.map_or("()".to_string(), |o| {
            format!("service::types::{}", model.shape(o).rust_name)
        });
        let _ = write!(
            methods,
            "fn {method}(&self{param}) -> impl ::std::future::Future<Output = Result<{output}, service::errors::{error}>> + Send {{ \
               let answer = self.0.call::<_, Result<{output}, service::errors::{error}>>({input}); \
               async move {{ answer.unwrap_or_else(|| Err(service::errors::{error}::Unmodelled(rt::UnmodelledError::not_implemented({name})))) }} \
             }}",
            method = op.rust_name,
            error = op.error_rust_name,
            name = lit(&op.name),
        );
    }
    let src = format!(
        "//! The `Service` every server test of `{module}` shares: each operation records its \
         input in the test's `serving::Exchange` and answers what the test put there.\n\
         use crate::{module} as service;\n\
         use restgen_runtime as rt;\n\
         /// The service of the tests.\n\
         pub struct Exchanging(pub crate::serving::Exchange);\n\
         impl service::server::Service for Exchanging {{ {methods} }}\n\
         /// Serves `Exchanging(exchange)` on `listener`, mounted at `base_path` (`\"\"` for the root).\n\
         pub fn serve(listener: rt::server::TcpListener, exchange: crate::serving::Exchange, base_path: &str) \
           -> ::std::io::Result<rt::server::ServerHandle> {{ \
           service::server::serve_with(listener, Exchanging(exchange), \
             rt::server::ServerConfig {{ base_path: base_path.to_string(), ..Default::default() }}) \
         }}\n"
    );
    render(&format!("src/{module}/exchange.rs"), origin, &src)
}
