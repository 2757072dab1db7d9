//! `cargo xtask conformance`: the restJson1 protocol cases as the checked-in crate
//! `conformance/`, from two sources:
//!
//! - botocore's copy (`codegen/tests/conformance/{input,output}.json`, `botocore.rs`): each
//!   suite imported with the botocore importer and generated as a module
//!   `src/<input|output>_<suite>/`;
//! - the upstream Smithy protocol tests (`codegen/tests/smithy/`, `smithy.rs`): the restJson1
//!   services of the JSON AST imported with the Smithy importer, each generated as one module
//!   `src/smithy_<service>/`, and every `httpRequestTests` and `httpResponseTests` case of
//!   their operations and errors, in the directions its `appliesTo` says.
//!
//! Each case becomes a `#[tokio::test]` per direction (`cases.rs`): in
//! `conformance/tests/client/cases.rs` the case's input (or canned response) built from the
//! validated model runs through the generated client over the harness's recording transport
//! (`conformance/src/harness.rs`, hand written); in `conformance/tests/server/cases.rs` the
//! generated server on 127.0.0.1 decodes the case's request or answers with its output
//! (`conformance/src/serving.rs`). Cases listed in `conformance/SKIPS.md` are generated
//! `#[ignore = "reason"]`.
//!
//! Another suite is a file beside these two that adds its modules and tests to the
//! crate being generated (`Crate`) and is called from [`generate`].

mod botocore;
mod cases;
mod smithy;

use cases::CaseCx;
use restgen_codegen::diagnostics::Severity;
use restgen_codegen::files::{files_under, Plan};
use restgen_codegen::model::Model;
use restgen_codegen::render::Origin;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The crate's directory, relative to the workspace root.
pub const CRATE_DIR: &str = "conformance";
/// The files of the generated output a suite's module keeps (and the name each gets).
const MODULE_FILES: [(&str, &str); 6] = [
    ("src/lib.rs", "mod.rs"),
    ("src/client.rs", "client.rs"),
    ("src/errors.rs", "errors.rs"),
    ("src/routes.rs", "routes.rs"),
    ("src/server.rs", "server.rs"),
    ("src/types.rs", "types.rs"),
];

/// What a case is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Direction {
    /// The request a client sends (and a server decodes).
    Request,
    /// A response a client reads (and a server writes).
    Response,
}

/// What the crate should hold: relative path (under `conformance/`) -> text, and the
/// problems that stop generation.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, String>,
    pub errors: Vec<String>,
    /// Cases per suite and direction (`input`, `output`, `server/input`,
    /// `smithy/request`, `server/smithy/response`, ...), and how many of them are skipped.
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

/// What the suites add to the crate, case by case: modules, tests and the skips they used.
pub(crate) struct Crate<'s> {
    skips: &'s BTreeMap<String, String>,
    used_skips: BTreeSet<String>,
    out: Output,
    modules: Vec<String>,
    /// The modules with an `exchange.rs` (a server tests share).
    exchanges: Vec<String>,
    tests: Vec<String>,
    server_tests: Vec<String>,
}

/// Which sides of a case apply (Smithy's `appliesTo`; both when it says nothing).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Sides {
    pub(crate) client: bool,
    pub(crate) server: bool,
}

impl Crate<'_> {
    /// The reason `key` (`input/Id`, `server/smithy/request/Id`) is skipped, if it is;
    /// counts the case in its direction.
    fn skip(&mut self, key: &str) -> Option<String> {
        let skip = self.skips.get(key).cloned();
        if skip.is_some() {
            self.used_skips.insert(key.to_string());
        }
        let counts = self
            .out
            .counts
            .entry(key.rsplit_once('/').map_or("", |k| k.0).to_string())
            .or_default();
        counts.0 += 1;
        counts.1 += usize::from(skip.is_some());
        skip
    }

    /// The tests of one case: the client's and the server's, as `sides` says. `cx.key` is
    /// the client key (`input/Id`, `smithy/request/Id`); the server's is `server/` and it.
    /// `name` is the test function's name in both binaries.
    fn add_case(
        &mut self,
        cx: &CaseCx<'_>,
        name: &str,
        direction: Direction,
        endpoint: &str,
        sides: Sides,
    ) {
        if sides.client {
            let skip = self.skip(cx.key);
            let test = match direction {
                Direction::Request => cx.request_test(name, endpoint, skip.as_ref()),
                Direction::Response => cx.response_test(name, skip.as_ref()),
            };
            match test {
                Ok(test) => self.tests.push(test),
                Err(e) => match skip {
                    Some(reason) => self.tests.push(unbuilt(cx.key, name, &reason, &e)),
                    None => self.out.errors.push(format!("{}: {e}", cx.key)),
                },
            }
        }
        if sides.server {
            let key = format!("server/{}", cx.key);
            let skip = self.skip(&key);
            let cx = CaseCx { key: &key, ..*cx };
            let test = match direction {
                Direction::Request => cx.server_request_test(name, skip.as_ref()),
                Direction::Response => cx.server_response_test(name, skip.as_ref()),
            };
            match test {
                Ok(test) => self.server_tests.push(test),
                Err(e) => match skip {
                    Some(reason) => self.server_tests.push(unbuilt(&key, name, &reason, &e)),
                    None => self.out.errors.push(format!("{key}: {e}")),
                },
            }
        }
    }
}

/// The ignored test of a skipped case whose values the schema cannot even say (`why`): it
/// has no body, and is there so that the report counts the case as skipped.
fn unbuilt(key: &str, name: &str, reason: &str, why: &str) -> String {
    format!(
        "#[doc = {}] #[test] #[ignore = {}] fn {name}() {{}}",
        lit(&format!(" `{key}`: not built: {why}.")),
        lit(reason)
    )
}

/// Generates every file of the crate in memory.
pub fn generate(root: &Path) -> io::Result<Output> {
    let skips = read_skips(root)?;
    let mut krate = Crate {
        skips: &skips,
        used_skips: BTreeSet::new(),
        out: Output::default(),
        modules: Vec::new(),
        exchanges: Vec::new(),
        tests: Vec::new(),
        server_tests: Vec::new(),
    };
    botocore::add(root, &mut krate)?;
    smithy::add(root, &mut krate)?;
    let Crate {
        used_skips,
        mut out,
        modules,
        exchanges,
        tests,
        server_tests,
        ..
    } = krate;
    for key in skips.keys().filter(|k| !used_skips.contains(*k)) {
        out.errors
            .push(format!("SKIPS.md lists `{key}`, which is not a case"));
    }
    out.files
        .insert("src/lib.rs".into(), lib_rs(&modules, &exchanges)?);
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

/// Where the cases come from, for the headers of the files that hold all of them.
const SOURCES: &str = "codegen/tests/conformance/{input,output}.json and codegen/tests/smithy/smithy-aws-protocol-tests.json";

/// The header of a file made from `origin` (the cases or the suite it comes from).
fn origin(origin: &str) -> Origin<'_> {
    Origin {
        schema: origin,
        generator: GENERATOR,
        command: Some(COMMAND),
    }
}

/// Generates one suite's schema text (`yaml`, made from `origin`) into `files` as the
/// module `src/<module>/...`; its validated model.
fn suite_module(
    yaml: &str,
    module: &str,
    origin: &str,
    files: &mut BTreeMap<String, String>,
) -> Result<Model, String> {
    let source = restgen_codegen::Source {
        name: origin,
        bytes: yaml.as_bytes(),
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
pub(crate) fn render(file: &str, origin: &str, source: &str) -> io::Result<String> {
    let tokens: proc_macro2::TokenStream = source.parse().map_err(|e| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("internal error: {file} does not lex: {e}"),
        )
    })?;
    restgen_codegen::render::render(file, self::origin(origin), tokens)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))
}

fn lib_rs(modules: &[String], exchanges: &[String]) -> io::Result<String> {
    let mut src = String::from(
        "//! The client and server of every restJson1 conformance suite, one module each, \
         generated from the suite's model (botocore's suites `input_*` and `output_*`, the \
         upstream Smithy services `smithy_*`); `harness` (client direction) and `serving` \
         (server direction) are the hand-written parts the tests share.\n\
         #![forbid(unsafe_code)]\n\
         pub mod harness;\n\
         pub mod serving;\n",
    );
    for module in modules {
        let _ = writeln!(src, "#[rustfmt::skip] pub mod {module};");
    }
    // Beside the generated module, not in it: its `mod.rs` is the generator's.
    for module in exchanges {
        let _ = writeln!(
            src,
            "#[rustfmt::skip] #[path = \"{module}/exchange.rs\"] pub mod {module}_exchange;"
        );
    }
    render("src/lib.rs", SOURCES, &src)
}

/// The test binary: its cases are in `client/cases.rs`, which rustfmt leaves as
/// prettyplease wrote it.
fn client_rs() -> io::Result<String> {
    render(
        "tests/client.rs",
        SOURCES,
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
        SOURCES,
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
        "//! One server test per restJson1 conformance case: requests (`input_*`, \
         `smithy_request_*`) decoded by the generated server, and responses (`output_*`, \
         `smithy_response_*`) it encodes.\n\
         use restgen_conformance::{harness, serving};\n\
         use restgen_runtime as rt;\n",
    );
    for test in tests {
        src.push_str(test);
    }
    render(
        "tests/server/cases.rs",
        &format!("{SOURCES} and conformance/SKIPS.md"),
        &src,
    )
}

fn cases_rs(tests: &[String]) -> io::Result<String> {
    let mut src = String::from(
        "//! One test per restJson1 conformance case: requests (`input_*`, \
         `smithy_request_*`) and responses (`output_*`, `smithy_response_*`).\n\
         use restgen_conformance::harness;\n\
         use restgen_runtime as rt;\n",
    );
    for test in tests {
        src.push_str(test);
    }
    render(
        "tests/client/cases.rs",
        &format!("{SOURCES} and conformance/SKIPS.md"),
        &src,
    )
}

/// A Rust string literal.
pub(crate) fn lit(text: &str) -> String {
    proc_macro2::Literal::string(text).to_string()
}

/// A plan for `conformance/`: files to write and files to remove. Only the generated
/// parts of the crate are owned: `src/lib.rs`, the suite modules (`src/input_*`,
/// `src/output_*`, `src/smithy_*`) and `tests/client/`, `tests/server/`.
pub fn plan(root: &Path) -> io::Result<(Plan, Output)> {
    let output = generate(root)?;
    let dir = root.join(CRATE_DIR);
    let mut plan = Plan::default();
    let produced: BTreeSet<PathBuf> = output.files.keys().map(|f| dir.join(f)).collect();
    plan.add_files(
        &dir,
        output.files.iter().map(|(name, text)| (name, text.clone())),
    );
    // The upstream malformed-request cases, for tests/malformed (see malformed_cases.rs).
    let malformed = crate::malformed_cases::cases_json(root)?;
    plan.add_files(&dir, [(crate::malformed_cases::CASES_FILE, malformed)]);
    let mut owned = Vec::new();
    if let Ok(entries) = fs::read_dir(dir.join("src")) {
        for entry in entries {
            let path = entry?.path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if path.is_dir()
                && ["input_", "output_", "smithy_"]
                    .iter()
                    .any(|prefix| name.starts_with(prefix))
            {
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
