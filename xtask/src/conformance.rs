//! `cargo xtask conformance`: the restJson1 protocol cases of
//! `codegen/tests/conformance/{input,output}.json` as the checked-in crate `conformance/`.
//!
//! Each suite is imported (`restgen_codegen::import`) and generated as a client-side module
//! (`restgen_codegen::Settings::client_module`) under `conformance/src/<input|output>_<suite>/`;
//! each case becomes one `#[tokio::test]` in `conformance/tests/client/cases.rs`, which builds
//! the case's input (or canned response) from the validated model, runs the generated
//! client over the harness's recording transport (`conformance/src/harness.rs`, hand
//! written) and compares. Cases listed in `conformance/SKIPS.md` are generated
//! `#[ignore = "reason"]`.

use quote::quote;
use restgen_codegen::diagnostics::Severity;
use restgen_codegen::emit::value::{Instantiator, Missing};
use restgen_codegen::files::{files_under, Plan};
use restgen_codegen::model::{Model, ShapeId, ShapeKind};
use restgen_codegen::naming;
use restgen_codegen::render::Origin;
use restgen_codegen::schema_path::SchemaPath;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The crate's directory, relative to the workspace root.
pub const CRATE_DIR: &str = "conformance";
/// The cases, relative to the workspace root.
const CASES_DIR: &str = "codegen/tests/conformance";
/// The files of the generated output a suite's module keeps (and the name each gets).
const MODULE_FILES: [(&str, &str); 6] = [
    ("src/lib.rs", "mod.rs"),
    ("src/client.rs", "client.rs"),
    ("src/errors.rs", "errors.rs"),
    ("src/routes.rs", "routes.rs"),
    ("src/server.rs", "server.rs"),
    ("src/types.rs", "types.rs"),
];

/// Which file a case comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// `input.json`: the request a client sends.
    Request,
    /// `output.json`: what a client makes of a response.
    Response,
}

impl Direction {
    /// The file's stem, the prefix of module and test names.
    pub fn stem(self) -> &'static str {
        match self {
            Direction::Request => "input",
            Direction::Response => "output",
        }
    }
}

/// What the crate should hold: relative path (under `conformance/`) -> text, and the
/// problems that stop generation.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub errors: Vec<String>,
    /// Cases per direction (`input`, `output`, `server/input`, `server/output`), and how
    /// many of them are skipped.
    pub counts: BTreeMap<String, (usize, usize)>,
}

/// One entry of `SKIPS.md`: `direction/case id` -> reason.
pub fn read_skips(root: &Path) -> io::Result<BTreeMap<String, String>> {
    let text = match fs::read_to_string(root.join(CRATE_DIR).join("SKIPS.md")) {
        Ok(text) => text,
        Err(e) if e.kind() == io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let mut skips = BTreeMap::new();
    // Table rows: | `input/CaseId` | reason |
    for line in text.lines() {
        let Some(rest) = line.trim().strip_prefix("| `") else {
            continue;
        };
        let Some((id, rest)) = rest.split_once('`') else {
            continue;
        };
        let reason = rest
            .trim()
            .trim_start_matches('|')
            .trim()
            .trim_end_matches('|');
        skips.insert(id.to_string(), reason.trim().to_string());
    }
    Ok(skips)
}

/// Generates every file of the crate in memory.
pub fn generate(root: &Path) -> io::Result<Output> {
    let skips = read_skips(root)?;
    let mut out = Output::default();
    let mut modules = Vec::new();
    let mut tests = Vec::new();
    let mut server_tests = Vec::new();
    let mut used_skips = BTreeSet::new();
    for direction in [Direction::Request, Direction::Response] {
        let file = format!("{}.json", direction.stem());
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
                out.errors
                    .extend(diags.iter().map(|d| d.diagnostic.message.clone()));
                continue;
            }
        };
        let restgen_codegen::yaml::Kind::Seq(nodes) = &root_node.kind else {
            out.errors
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
            let base = format!(
                "{}_{}",
                direction.stem(),
                restgen_codegen::naming::unraw(&restgen_codegen::naming::field_name(operation))
            );
            let module = naming::unique(naming::numbered(&base), |m| taken.insert(m.to_string()));
            let origin = format!("{display} (suite {i}, {operation})");
            let model = match suite_module(&display, node, i, &module, &origin, &mut out.files) {
                Ok(model) => model,
                Err(e) => {
                    out.errors.push(format!("{origin}: {e}"));
                    continue;
                }
            };
            modules.push(module.clone());
            let endpoint = suite["clientEndpoint"]
                .as_str()
                .unwrap_or("https://example.com");
            for case in suite["cases"].as_array().into_iter().flatten() {
                let id = case["id"].as_str().unwrap_or("case");
                let key = format!("{}/{id}", direction.stem());
                let server_key = format!("server/{key}");
                let mut skip_of = |key: &str| {
                    let skip = skips.get(key);
                    if skip.is_some() {
                        used_skips.insert(key.to_string());
                    }
                    let counts = out
                        .counts
                        .entry(key.rsplit_once('/').map_or("", |k| k.0).to_string())
                        .or_default();
                    counts.0 += 1;
                    counts.1 += usize::from(skip.is_some());
                    skip
                };
                let skip = skip_of(&key);
                let server_skip = skip_of(&server_key);
                let base = format!(
                    "{}_{}",
                    direction.stem(),
                    restgen_codegen::naming::unraw(&restgen_codegen::naming::field_name(id))
                );
                let name =
                    naming::unique(naming::numbered(&base), |n| fn_names.insert(n.to_string()));
                let cx = CaseCx {
                    model: &model,
                    module: &module,
                    case,
                    key: &key,
                };
                let test = match direction {
                    Direction::Request => cx.request_test(&name, endpoint, skip),
                    Direction::Response => cx.response_test(&name, skip),
                };
                match test {
                    Ok(test) => tests.push(test),
                    Err(e) => out.errors.push(format!("{key}: {e}")),
                }
                let cx = CaseCx {
                    key: &server_key,
                    ..cx
                };
                let test = match direction {
                    Direction::Request => cx.server_request_test(&name, server_skip),
                    Direction::Response => cx.server_response_test(&name, server_skip),
                };
                match test {
                    Ok(test) => server_tests.push(test),
                    Err(e) => out.errors.push(format!("{server_key}: {e}")),
                }
            }
        }
    }
    for key in skips.keys().filter(|k| !used_skips.contains(*k)) {
        out.errors
            .push(format!("SKIPS.md lists `{key}`, which is not a case"));
    }
    out.files.insert("src/lib.rs".into(), lib_rs(&modules)?);
    out.files
        .insert("tests/client/cases.rs".into(), cases_rs(&tests)?);
    out.files.insert("tests/client.rs".into(), client_rs()?);
    out.files.insert(
        "tests/server/cases.rs".into(),
        server_cases_rs(&server_tests)?,
    );
    out.files.insert("tests/server.rs".into(), server_rs()?);
    Ok(out)
}

/// The generator the `@generated` header of every file this writes names, and the command
/// it says to run instead of editing the file.
const GENERATOR: &str = "`cargo xtask conformance`";
const COMMAND: &str = "cargo xtask conformance";

/// The header of a file made from `origin` (the cases or the suite it comes from).
fn origin(origin: &str) -> Origin<'_> {
    Origin {
        schema: origin,
        generator: GENERATOR,
        command: Some(COMMAND),
    }
}

/// Imports and generates one suite into `files` (`src/<module>/...`); its model.
fn suite_module(
    display: &str,
    node: &restgen_codegen::yaml::Node,
    index: usize,
    module: &str,
    origin: &str,
    files: &mut BTreeMap<String, String>,
) -> Result<Model, String> {
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
    let imported = restgen_codegen::import::import_parts(&parts, &settings).map_err(render)?;
    let source = restgen_codegen::Source {
        name: origin,
        bytes: imported.yaml.as_bytes(),
    };
    let messages = |diags: &[restgen_codegen::diagnostics::Diagnostic]| {
        diags
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| format!("{}: {}", d.path, d.message))
            .collect::<Vec<_>>()
            .join("; ")
    };
    let (model, diags) = restgen_codegen::load(source);
    let model = model.ok_or_else(|| messages(&diags))?;
    let settings = restgen_codegen::Settings {
        crate_name: "restgen-conformance",
        client_module: true,
        module_server: true,
        generator: GENERATOR,
        command: Some(COMMAND),
        ..restgen_codegen::Settings::default()
    };
    let generated = restgen_codegen::generate(source, &settings).map_err(|d| messages(&d))?;
    for (from, to) in MODULE_FILES {
        let text = generated
            .files
            .get(from)
            .ok_or_else(|| format!("the generator wrote no {from}"))?;
        files.insert(format!("src/{module}/{to}"), text.clone());
    }
    Ok(model)
}

/// Rust source text through `restgen_codegen::render` (syn + prettyplease), with this command's
/// header.
fn render(file: &str, origin: &str, source: &str) -> io::Result<String> {
    let tokens: proc_macro2::TokenStream = source.parse().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("internal error: {file} does not lex: {e}"),
        )
    })?;
    restgen_codegen::render::render(file, self::origin(origin), tokens)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn lib_rs(modules: &[String]) -> io::Result<String> {
    let mut src = String::from(
        "//! The client and server of every restJson1 conformance suite, one module each, \
         generated from the suite's model; `harness` (client direction) and `serving` (server \
         direction) are the hand-written parts the tests share.\n\
         #![forbid(unsafe_code)]\n\
         pub mod harness;\n\
         pub mod serving;\n",
    );
    for module in modules {
        let _ = writeln!(src, "#[rustfmt::skip] pub mod {module};");
    }
    render(
        "src/lib.rs",
        "codegen/tests/conformance/{input,output}.json",
        &src,
    )
}

/// The test binary: its cases are in `client/cases.rs`, which rustfmt leaves as
/// prettyplease wrote it.
fn client_rs() -> io::Result<String> {
    render(
        "tests/client.rs",
        "codegen/tests/conformance/{input,output}.json",
        "//! The restJson1 conformance cases, one test each, run through the generated clients \
         with a recording transport (no network). `cargo xtask conformance --report` counts \
         them by direction.\n\
         #[rustfmt::skip] #[path = \"client/cases.rs\"] mod cases;\n",
    )
}

/// The server test binary: its cases are in `server/cases.rs`.
fn server_rs() -> io::Result<String> {
    render(
        "tests/server.rs",
        "codegen/tests/conformance/{input,output}.json",
        "//! The restJson1 conformance cases in the server direction, one test each: the \
         generated server on 127.0.0.1 receives each request case as raw HTTP/1.1 and must \
         decode the case's input, and answers each response case with the case's output or \
         error, which must be the case's response. `cargo xtask conformance --report` \
         counts them by direction.\n\
         #[rustfmt::skip] #[path = \"server/cases.rs\"] mod server_cases;\n",
    )
}

fn server_cases_rs(tests: &[String]) -> io::Result<String> {
    let mut src = String::from(
        "//! One server test per restJson1 conformance case: requests (`input_*`) decoded by \
         the generated server, and responses (`output_*`) it encodes.\n\
         use restgen_conformance::{harness, serving};\n\
         use restgen_runtime as rt;\n",
    );
    for test in tests {
        src.push_str(test);
    }
    render(
        "tests/server/cases.rs",
        "codegen/tests/conformance/{input,output}.json and conformance/SKIPS.md",
        &src,
    )
}

fn cases_rs(tests: &[String]) -> io::Result<String> {
    let mut src = String::from(
        "//! One test per restJson1 conformance case: requests (`input_*`) and responses \
         (`output_*`).\n\
         use restgen_conformance::harness;\n\
         use restgen_runtime as rt;\n",
    );
    for test in tests {
        src.push_str(test);
    }
    render(
        "tests/client/cases.rs",
        "codegen/tests/conformance/{input,output}.json and conformance/SKIPS.md",
        &src,
    )
}

/// A Rust string literal.
fn lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// What generating one case's test needs.
struct CaseCx<'a> {
    model: &'a Model,
    module: &'a str,
    case: &'a Value,
    key: &'a str,
}

impl CaseCx<'_> {
    fn operation(&self) -> Result<&restgen_codegen::model::Operation, String> {
        let name = self.case["given"]["name"].as_str().unwrap_or_default();
        self.model
            .operations
            .iter()
            .find(|op| op.name == name)
            .ok_or_else(|| format!("no operation `{name}` in the suite's model"))
    }

    /// The attributes and signature of a test.
    fn signature(&self, name: &str, skip: Option<&String>) -> String {
        let description = self.case["description"].as_str().unwrap_or_default();
        let docs = format!(" `{}`: {}", self.key, description.trim());
        let ignore = skip.map_or(String::new(), |reason| {
            format!("#[ignore = {}]", lit(reason))
        });
        format!(
            "#[doc = {}] #[tokio::test] {ignore} async fn {name}() {{ use restgen_conformance::{} as service;",
            lit(&docs),
            self.module
        )
    }

    /// The test of a request case.
    fn request_test(
        &self,
        name: &str,
        endpoint: &str,
        skip: Option<&String>,
    ) -> Result<String, String> {
        let op = self.operation()?;
        let serialized = &self.case["serialized"];
        let mut src = self.signature(name, skip);
        let _ = write!(
            src,
            "let (config, recorder) = harness::recording({}); \
             let client = service::client::Client::new(config);",
            lit(endpoint)
        );
        let params = &self.case["params"];
        let args = match op.input {
            Some(input) => {
                let expr = self.value(input, params, false)?;
                let _ = write!(src, "let input = {expr};");
                "input"
            }
            None => "",
        };
        let method = &op.rust_name;
        let _ = write!(src, "let outcome = client.{method}({args}).await;");
        let strings = |key: &str| -> String {
            let items: Vec<String> = serialized[key]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .map(lit)
                .collect();
            items.join(", ")
        };
        let headers: Vec<String> = serialized["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default())))
            .collect();
        let opt = |key: &str| {
            serialized[key]
                .as_str()
                .map_or("None".to_string(), |s| format!("Some({})", lit(s)))
        };
        let _ = write!(
            src,
            "recorder.check(&harness::Expected {{ method: {}, uri: {}, headers: &[{}], \
             forbid: &[{}], require: &[{}], body: {}, host: {} }}, outcome); }}",
            lit(serialized["method"].as_str().unwrap_or_default()),
            lit(serialized["uri"].as_str().unwrap_or_default()),
            headers.join(", "),
            strings("forbidHeaders"),
            strings("requireHeaders"),
            opt("body"),
            opt("host"),
        );
        Ok(src)
    }

    /// The test of a response case.
    fn response_test(&self, name: &str, skip: Option<&String>) -> Result<String, String> {
        let op = self.operation()?;
        let response = &self.case["response"];
        let mut src = self.signature(name, skip);
        let headers: Vec<String> = response["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default())))
            .collect();
        let _ = write!(
            src,
            "let client = service::client::Client::new(harness::responding({}, &[{}], {}));",
            response["status_code"].as_u64().unwrap_or(200),
            headers.join(", "),
            lit(response["body"].as_str().unwrap_or_default()),
        );
        let args = match op.input {
            Some(input) => {
                let expr = self.placeholder(input)?;
                let _ = write!(src, "let input = {expr};");
                "input"
            }
            None => "",
        };
        let method = &op.rust_name;
        let _ = write!(src, "let outcome = client.{method}({args}).await;");
        if let Some(code) = self.case["errorCode"].as_str() {
            let error = self
                .model
                .errors
                .iter()
                .find(|e| e.code == code || e.name == code)
                .ok_or_else(|| format!("no error `{code}` in the suite's model"))?;
            let expected = self.error_value(error, &self.case["error"])?;
            let _ = write!(
                src,
                "match outcome {{ \
                   Err(rt::client::SdkError::Service(service::errors::{op_error}::{variant}(mut error))) => {{ \
                     error.{request_id} = None; \
                     harness::assert_same(&error, &{expected}); \
                   }} \
                   other => panic!(\"expected the error `{code}`, got {{other:?}}\"), \
                 }} }}",
                op_error = op.error_rust_name,
                variant = error.rust_name,
                request_id = restgen_codegen::naming::REQUEST_ID_FIELD,
            );
            return Ok(src);
        }
        match op.output {
            Some(output) => {
                let expected = self.value(output, &self.case["result"], true)?;
                let _ = write!(
                    src,
                    "let output = outcome.expect(\"the call succeeds\"); \
                     harness::assert_same(&output, &{expected}); }}"
                );
            }
            // No output: success is all there is to check.
            None => src.push_str("outcome.expect(\"the call succeeds\"); }"),
        }
        Ok(src)
    }

    /// The Rust type of an operation's output (`()` for none) and the `Service` method's
    /// input parameter (empty for none).
    fn server_signature(
        &self,
        op: &restgen_codegen::model::Operation,
        input: &str,
    ) -> (String, String) {
        let output = op.output.map_or("()".to_string(), |o| self.type_path(o));
        let param = op.input.map_or(String::new(), |i| {
            format!(", {input}: {}", self.type_path(i))
        });
        (output, param)
    }

    /// The server test of a request case: the generated server receives the case's
    /// `serialized` request, and its implementation of the operation records the input.
    fn server_request_test(&self, name: &str, skip: Option<&String>) -> Result<String, String> {
        let op = self.operation()?;
        let serialized = &self.case["serialized"];
        let mut src = self.signature(name, skip);
        let (output_ty, param) = self.server_signature(op, "input");
        let output = match op.output {
            Some(o) => self.placeholder(o)?,
            None => "()".to_string(),
        };
        let (input_ty, record, expected) = match op.input {
            Some(i) => (
                self.type_path(i),
                "input",
                self.server_input(i, &self.case["params"])?,
            ),
            // No input: the slot records that the operation was called.
            None => ("bool".to_string(), "true", "true".to_string()),
        };
        let headers: Vec<String> = serialized["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default())))
            .collect();
        let host = serialized["host"]
            .as_str()
            .map_or("None".to_string(), |h| format!("Some({})", lit(h)));
        // An endpoint with a path (`example.com/custom`): the server is mounted there.
        let serve = match serialized["host"].as_str().and_then(|h| h.split_once('/')) {
            Some((_, base)) => format!(
                "service::server::serve_with(serving::listener().await, Impl(slot.clone()), \
                 restgen_runtime::server::ServerConfig {{ base_path: {}.to_string(), \
                 ..Default::default() }})",
                lit(&format!("/{base}"))
            ),
            None => {
                "service::server::serve(serving::listener().await, Impl(slot.clone()))".to_string()
            }
        };
        // A case without a body leaves it to the client (a compressed body): the generated
        // client, whose request the client-direction case checks, sends the params.
        let send = match (serialized.get("body"), op.input) {
            (None, Some(i)) => format!(
                "let (config, forwarder) = serving::forwarding(server.local_addr()); \
                 let sent = {}; \
                 let outcome = service::client::Client::new(config).{}(sent).await; \
                 let response = forwarder.response().unwrap_or_else(|| panic!(\"no request reached the server; the call returned {{outcome:?}}\"));",
                self.value(i, &self.case["params"], false)?,
                op.rust_name
            ),
            _ => format!(
                "let response = serving::send(server.local_addr(), &serving::Sent {{ method: {}, uri: {}, headers: &[{}], body: {}, host: {host} }}).await;",
                lit(serialized["method"].as_str().unwrap_or_default()),
                lit(serialized["uri"].as_str().unwrap_or_default()),
                headers.join(", "),
                lit(serialized["body"].as_str().unwrap_or_default()),
            ),
        };
        let _ = write!(
            src,
            "struct Impl(serving::Slot<{input_ty}>); \
             impl service::server::Service for Impl {{ \
               fn {method}(&self{param}) -> impl ::std::future::Future<Output = Result<{output_ty}, service::errors::{error}>> + Send {{ \
                 self.0.put({record}); \
                 async {{ Ok({output}) }} \
               }} \
             }} \
             let slot = serving::Slot::default(); \
             let server = {serve}.expect(\"the server starts\"); \
             {send} \
             let input = slot.take().unwrap_or_else(|| panic!(\"the server did not call `{op_name}`; it answered {{}}\", serving::show(&response))); \
             harness::assert_same(&input, &{expected}); \
             server.shutdown().await; }}",
            method = op.rust_name,
            error = op.error_rust_name,
            op_name = op.name,
        );
        Ok(src)
    }

    /// The input the server must decode from a request case: `params`, with an
    /// idempotency token the case leaves out as the client filled it in (the serialized
    /// request carries it).
    fn server_input(&self, id: ShapeId, params: &Value) -> Result<String, String> {
        if !matches!(self.model.shape(id).kind, ShapeKind::Structure(_)) {
            return self.value(id, params, false);
        }
        let empty = serde_json::Map::new();
        let object = params.as_object().unwrap_or(&empty);
        let token = |m: &restgen_codegen::model::Member| {
            m.idempotency_token.then(|| {
                let token = quote!(harness::IDEMPOTENCY_TOKEN.to_string());
                if m.required {
                    token
                } else {
                    quote!(Some(#token))
                }
            })
        };
        Ok(self.values(false).structure(id, object, token)?.to_string())
    }

    /// The server test of a response case: the implementation answers with the case's
    /// output or error; the generated client sends a request with some valid input
    /// through a transport that forwards it to the server, and the server's raw response
    /// must be the case's `response`.
    fn server_response_test(&self, name: &str, skip: Option<&String>) -> Result<String, String> {
        let op = self.operation()?;
        let response = &self.case["response"];
        let mut src = self.signature(name, skip);
        let (output_ty, param) = self.server_signature(op, "_input");
        let (result, error_code) = match self.case["errorCode"].as_str() {
            Some(code) => {
                let error = self
                    .model
                    .errors
                    .iter()
                    .find(|e| e.code == code || e.name == code)
                    .ok_or_else(|| format!("no error `{code}` in the suite's model"))?;
                let value = self.error_value(error, &self.case["error"])?;
                (
                    format!(
                        "Err(service::errors::{}::{}({value}))",
                        op.error_rust_name, error.rust_name
                    ),
                    format!("Some({})", lit(code)),
                )
            }
            None => {
                let value = match op.output {
                    Some(o) => self.value(o, &self.case["result"], true)?,
                    None => "()".to_string(),
                };
                (format!("Ok({value})"), "None".to_string())
            }
        };
        let headers: Vec<String> = response["headers"]
            .as_object()
            .into_iter()
            .flatten()
            .map(|(k, v)| format!("({}, {})", lit(k), lit(v.as_str().unwrap_or_default())))
            .collect();
        let body = response["body"]
            .as_str()
            .map_or("None".to_string(), |b| format!("Some({})", lit(b)));
        let args = match op.input {
            Some(input) => {
                let _ = write!(src, "let input = {};", self.placeholder(input)?);
                "input"
            }
            None => "",
        };
        let _ = write!(
            src,
            "struct Impl; \
             impl service::server::Service for Impl {{ \
               async fn {method}(&self{param}) -> Result<{output_ty}, service::errors::{error}> {{ \
                 {result} \
               }} \
             }} \
             let server = service::server::serve(serving::listener().await, Impl).expect(\"the server starts\"); \
             let (config, forwarder) = serving::forwarding(server.local_addr()); \
             let outcome = service::client::Client::new(config).{method}({args}).await; \
             let response = forwarder.response().unwrap_or_else(|| panic!(\"no request reached the server; the call returned {{outcome:?}}\")); \
             serving::check_response(&response, &serving::Expected {{ status: {status}, headers: &[{headers}], body: {body}, error_code: {error_code} }}); \
             server.shutdown().await; }}",
            method = op.rust_name,
            error = op.error_rust_name,
            status = response["status_code"].as_u64().unwrap_or(200),
            headers = headers.join(", "),
        );
        Ok(src)
    }

    /// The path of a named type.
    fn type_path(&self, id: ShapeId) -> String {
        format!("service::types::{}", self.model.shape(id).rust_name)
    }

    /// Writes values of this case's suite module (`service`), with missing required
    /// members as a client fills them in (`output`) or as placeholders.
    fn values(&self, output: bool) -> Instantiator<'_> {
        Instantiator {
            model: self.model,
            types: quote!(service::types),
            errors: quote!(service::errors),
            runtime: quote!(rt),
            missing: if output {
                Missing::Default
            } else {
                Missing::Placeholder
            },
        }
    }

    /// The Rust expression of a value of shape `id` from its JSON form in a case.
    fn value(&self, id: ShapeId, json: &Value, output: bool) -> Result<String, String> {
        Ok(self.values(output).value(id, json)?.to_string())
    }

    /// Some valid value of shape `id`, for an input the case does not give (a response
    /// case's call still needs one).
    fn placeholder(&self, id: ShapeId) -> Result<String, String> {
        Ok(self.values(false).placeholder(id)?.to_string())
    }

    /// The expected error struct.
    fn error_value(
        &self,
        error: &restgen_codegen::model::ErrorShape,
        json: &Value,
    ) -> Result<String, String> {
        Ok(self.values(true).error(error, json)?.to_string())
    }
}

/// A plan for `conformance/`: files to write and files to remove. Only the generated
/// parts of the crate are owned: `src/lib.rs`, the suite modules (`src/input_*`,
/// `src/output_*`) and `tests/client/`.
pub fn plan(root: &Path) -> io::Result<(Plan, Output)> {
    let output = generate(root)?;
    let dir = root.join(CRATE_DIR);
    let mut plan = Plan::default();
    let produced: BTreeSet<PathBuf> = output.files.keys().map(|f| dir.join(f)).collect();
    plan.add_files(
        &dir,
        output.files.iter().map(|(name, text)| (name, text.clone())),
    );
    let mut owned = Vec::new();
    if let Ok(entries) = fs::read_dir(dir.join("src")) {
        for entry in entries {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir() && (name.starts_with("input_") || name.starts_with("output_")) {
                owned.push(path);
            }
        }
    }
    owned.push(dir.join("tests/client"));
    owned.push(dir.join("tests/server"));
    for owned_dir in owned.into_iter().filter(|d| d.is_dir()) {
        let files = files_under(&owned_dir)?;
        if !files.iter().any(|f| produced.contains(f)) {
            // A whole stale module.
            plan.removals.push(owned_dir);
            continue;
        }
        plan.removals
            .extend(files.into_iter().filter(|f| !produced.contains(f)));
    }
    plan.removals.sort();
    Ok((plan, output))
}
