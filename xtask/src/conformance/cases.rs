//! One case's tests: the client-direction test (a request the generated client must send,
//! or a response it must read) and the server-direction test (a request the generated
//! server must decode, or an output it must answer with), written for one suite module.

use super::lit;
use quote::quote;
use restgen_codegen::emit::value::{Instantiator, Missing};
use restgen_codegen::model::{Model, ShapeId, ShapeKind};
use serde_json::Value;
use std::fmt::Write as _;

/// How a server-direction test stands up the suite's server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Serving {
    /// Each test implements the `Service` trait itself (a botocore suite's module has one
    /// operation, so that costs little).
    PerTest,
    /// Every test of the module shares the module's `exchange::Exchanging` service, which
    /// records each input and answers what the test put in its `serving::Exchange`: one
    /// `Service` implementation for a module of a hundred operations, not one per test.
    Exchange,
}

/// What generating one case's test needs. `case` is in botocore's form (`given.name`,
/// `params`, `serialized`, `response`, `result`, `error`, `errorCode`); an upstream Smithy
/// case is put in that form first (`smithy.rs`).
pub(super) struct CaseCx<'a> {
    pub(super) model: &'a Model,
    pub(super) module: &'a str,
    pub(super) case: &'a Value,
    pub(super) key: &'a str,
    pub(super) serving: Serving,
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
            "#[doc = {}] #[tokio::test] {ignore} async fn {name}() {{",
            lit(&docs),
        )
    }

    /// The import of the suite's module as `service`, which most tests name.
    fn use_service(&self) -> String {
        format!("use restgen_conformance::{} as service;", self.module)
    }

    /// The test of a request case.
    pub(super) fn request_test(
        &self,
        name: &str,
        endpoint: &str,
        skip: Option<&String>,
    ) -> Result<String, String> {
        let op = self.operation()?;
        let serialized = &self.case["serialized"];
        let mut src = self.signature(name, skip);
        src.push_str(&self.use_service());
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
             forbid: &[{}], require: &[{}], forbid_query: &[{}], require_query: &[{}], \
             body: {}, host: {} }}, outcome); }}",
            lit(serialized["method"].as_str().unwrap_or_default()),
            lit(serialized["uri"].as_str().unwrap_or_default()),
            headers.join(", "),
            strings("forbidHeaders"),
            strings("requireHeaders"),
            strings("forbidQueryParams"),
            strings("requireQueryParams"),
            opt("body"),
            opt("host"),
        );
        Ok(src)
    }

    /// The test of a response case.
    pub(super) fn response_test(
        &self,
        name: &str,
        skip: Option<&String>,
    ) -> Result<String, String> {
        let op = self.operation()?;
        let response = &self.case["response"];
        let mut src = self.signature(name, skip);
        src.push_str(&self.use_service());
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
    pub(super) fn server_request_test(
        &self,
        name: &str,
        skip: Option<&String>,
    ) -> Result<String, String> {
        let op = self.operation()?;
        let serialized = &self.case["serialized"];
        let mut src = self.signature(name, skip);
        // An exchange test of an operation without input names no type of the module.
        if self.serving == Serving::PerTest || op.input.is_some() {
            src.push_str(&self.use_service());
        }
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
        let base = serialized["host"]
            .as_str()
            .and_then(|h| h.split_once('/'))
            .map(|(_, base)| format!("/{base}"));
        let serve = match (self.serving, &base) {
            (Serving::Exchange, base) => format!(
                "restgen_conformance::{}_exchange::serve(serving::listener().await, exchange.clone(), {})",
                self.module,
                lit(base.as_deref().unwrap_or_default())
            ),
            (Serving::PerTest, Some(base)) => format!(
                "service::server::serve_with(serving::listener().await, Impl(slot.clone()), \
                 restgen_runtime::server::ServerConfig {{ base_path: {}.to_string(), \
                 ..Default::default() }})",
                lit(base)
            ),
            (Serving::PerTest, None) => {
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
        if self.serving == Serving::Exchange {
            let input_ty = op.input.map_or("()".to_string(), |i| self.type_path(i));
            let expected = match op.input {
                Some(i) => self.server_input(i, &self.case["params"])?,
                None => "()".to_string(),
            };
            let _ = write!(
                src,
                "let exchange = serving::Exchange::default(); \
                 let server = {serve}.expect(\"the server starts\"); \
                 {send} \
                 let input: {input_ty} = exchange.input().unwrap_or_else(|| panic!(\"the server did not call `{op_name}`; it answered {{}}\", serving::show(&response))); \
                 harness::assert_same(&input, &{expected}); \
                 server.shutdown().await; }}",
                op_name = op.name,
            );
            return Ok(src);
        }
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
    pub(super) fn server_response_test(
        &self,
        name: &str,
        skip: Option<&String>,
    ) -> Result<String, String> {
        let op = self.operation()?;
        let response = &self.case["response"];
        let mut src = self.signature(name, skip);
        src.push_str(&self.use_service());
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
        let serve = match self.serving {
            Serving::Exchange => format!(
                "let exchange = serving::Exchange::default(); \
                 exchange.answer::<Result<{output_ty}, service::errors::{error}>>({result}); \
                 let server = restgen_conformance::{module}_exchange::serve(serving::listener().await, exchange, \"\")",
                error = op.error_rust_name,
                module = self.module,
            ),
            Serving::PerTest => format!(
                "struct Impl; \
                 impl service::server::Service for Impl {{ \
                   async fn {method}(&self{param}) -> Result<{output_ty}, service::errors::{error}> {{ \
                     {result} \
                   }} \
                 }} \
                 let server = service::server::serve(serving::listener().await, Impl)",
                method = op.rust_name,
                error = op.error_rust_name,
            ),
        };
        let _ = write!(
            src,
            "{serve}.expect(\"the server starts\"); \
             let (config, forwarder) = serving::forwarding(server.local_addr()); \
             let outcome = service::client::Client::new(config).{method}({args}).await; \
             let response = forwarder.response().unwrap_or_else(|| panic!(\"no request reached the server; the call returned {{outcome:?}}\")); \
             serving::check_response(&response, &serving::Expected {{ status: {status}, headers: &[{headers}], body: {body}, error_code: {error_code} }}); \
             server.shutdown().await; }}",
            method = op.rust_name,
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
