//! A generator of Rust crates for REST APIs described in a YAML schema.
//!
//! The pipeline runs one way: YAML text -> [`raw`] (serde mirror of the file) ->
//! [`validate`] -> [`model`] (resolved, every Rust name computed by [`naming`]) -> [`emit`]
//! (one emitter per output kind, `quote!` only) -> [`render`] (`syn` + `prettyplease`).
//! Only [`files`] touches the file system: it reads the schemas and writes the generated
//! crates for a project's own `cargo xtask codegen` and for the `restgen` command ([`cli`]).

pub mod cli;
pub mod diagnostics;
pub mod emit;
pub mod files;
pub mod import;
pub mod model;
pub mod naming;
pub mod parse;
pub mod raw;
pub mod render;
pub mod schema_path;
pub mod validate;
pub mod yaml;

use diagnostics::{Diagnostic, Position};
use std::collections::BTreeMap;

/// A schema to generate from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// How the schema is named in diagnostics and in the `@generated` header
    /// (`schema/service.yaml`).
    pub name: &'a str,
    /// The file's bytes, which need not be valid UTF-8 (that is reported, not assumed).
    pub bytes: &'a [u8],
}

/// How the generated crate is named and how it reaches the runtime. `xtask` fills these
/// in; the schema may override the crate name (`service.crate`).
#[derive(Debug, Clone, Copy)]
pub struct Settings<'a> {
    /// The package name when the schema does not set `service.crate`.
    pub crate_name: &'a str,
    /// The Rust path of the runtime crate in generated code, as prost's `prost_path`:
    /// every generated module imports it once as `use <path> as rt;`.
    pub runtime_path: &'a str,
    /// The TOML value of the `restgen-runtime` dependency in the generated `Cargo.toml`
    /// (`{ path = "../../runtime" }`, or a version requirement such as `"0.1"`).
    pub runtime_dependency: &'a str,
    /// How the `@generated` headers name the generator and the command that regenerates
    /// the files, when not the default (`restgen`, and no command: a project's xtask and
    /// the `restgen` command then write the same bytes). The schema's name comes from the
    /// [`Source`].
    pub generator: &'a str,
    /// The command the headers tell the reader to run instead of editing a file.
    pub command: Option<&'a str>,
    /// Generate the client side as a module of another crate rather than as a crate: the
    /// root (`src/lib.rs`, to be used as a `mod.rs`) then has no crate-level attributes and
    /// no feature gates, and declares only `client`, `errors`, `routes` and `types`. The
    /// other files are the same; the caller takes the ones it needs. The conformance
    /// harness (`cargo xtask conformance`) puts many services in one crate this way.
    pub client_module: bool,
    /// With `client_module`, the root also declares `server` (the server side of the same
    /// service, beside its client): the conformance harness tests both directions. No
    /// effect without `client_module`.
    pub module_server: bool,
}

impl Default for Settings<'_> {
    fn default() -> Self {
        Settings {
            crate_name: "service",
            runtime_path: "::restgen_runtime",
            runtime_dependency: "\"0.1\"",
            generator: "restgen",
            command: None,
            client_module: false,
            module_server: false,
        }
    }
}

impl Settings<'_> {
    /// `runtime_path` as tokens, or the message that it is not a Rust path.
    pub fn runtime_path(&self) -> Result<proc_macro2::TokenStream, String> {
        use quote::ToTokens;
        syn::parse_str::<syn::Path>(self.runtime_path)
            .map(|p| p.to_token_stream())
            .map_err(|e| {
                format!(
                    "the setting `runtime_path` is `{}`, which is not a Rust path: {e}",
                    self.runtime_path
                )
            })
    }
}

/// The result of a successful run.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// Path relative to the generated crate's directory (`Cargo.toml`, `src/types.rs`)
    /// -> file text. These are all the files the crate has: anything else found in its
    /// directory is stale.
    pub files: BTreeMap<String, String>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
}

/// Generates every file of the crate for `source`, or returns every problem found in it.
///
/// The files are emitted and rendered on up to as many threads as the machine has cores
/// (each file on one thread, so the text does not depend on how many there are).
pub fn generate(source: Source<'_>, settings: &Settings<'_>) -> Result<Generated, Vec<Diagnostic>> {
    use std::sync::atomic::{AtomicUsize, Ordering};
    settings.runtime_path().map_err(|message| {
        vec![Diagnostic::error("", message)
            .with_help("give a path such as `::restgen_runtime` or `crate::rt`")]
    })?;
    let (model, diags) = load(source);
    let model = model.ok_or_else(|| diags.clone())?;
    let origin = render::Origin {
        schema: source.name,
        generator: settings.generator,
        command: settings.command,
    };
    // Each thread takes the next job until none is left.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(job) = emit::JOBS.get(next.fetch_add(1, Ordering::Relaxed)) {
            for (name, output) in job.run(&model, settings) {
                done.push((name, render_output(name, origin, output)));
            }
        }
        done
    };
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(emit::JOBS.len());
    let rendered = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut rendered = work();
        for thread in others {
            // A panic in a job is the caller's, as it would be on one thread.
            rendered.extend(
                thread
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        rendered
    });
    let mut files = BTreeMap::new();
    for (name, text) in rendered {
        files.insert(name.to_string(), text);
    }
    // The first failure in file order, whichever thread met it first.
    let files = files
        .into_iter()
        .map(|(name, text)| Ok((name, text.map_err(|e| vec![Diagnostic::error("", e)])?)))
        .collect::<Result<_, Vec<Diagnostic>>>()?;
    Ok(Generated {
        files,
        warnings: diags,
    })
}

/// One emitted file as text (a failure is a generator bug: tokens that do not parse, a
/// document that does not serialize).
fn render_output(
    name: &str,
    origin: render::Origin<'_>,
    output: emit::Output,
) -> Result<String, String> {
    match output {
        emit::Output::Rust(tokens) => render::render(name, origin, tokens),
        emit::Output::Module(module) => render::module(name, origin, module),
        emit::Output::Text(text) => Ok(render::with_header("#", origin, &text)),
        emit::Output::Json(doc) => Ok(render::json(origin, doc)),
        emit::Output::Yaml(doc) => render::yaml(origin, doc),
    }
}

/// Schemas larger than this are refused (as a diagnostic): no real schema comes near it,
/// and it bounds the time and memory one run can take.
pub const MAX_SCHEMA_BYTES: usize = 8 * 1024 * 1024;

/// Parses and validates a schema: the model if it has no errors, and every diagnostic, each
/// located in the file (line, column, byte span) wherever the path it names exists.
pub fn load(source: Source<'_>) -> (Option<model::Model>, Vec<Diagnostic>) {
    let text = match source_text(
        &source,
        "the schema",
        Some("split the service into several schemas"),
    ) {
        Ok(text) => text,
        Err(diags) => return (None, diags),
    };
    let empty = || {
        Diagnostic::error("", "the schema file is empty")
            .with_help("start with a `service:` section; see the schema reference in README.md")
    };
    if text.trim().is_empty() {
        return (None, vec![empty()]);
    }
    let root = match yaml::parse(text) {
        Ok(Some(root)) if !root.is_null() => root,
        Ok(_) => return (None, vec![empty()]),
        Err(e) => return (None, vec![syntax_error(text, e)]),
    };
    let schema = match parse::schema(&root) {
        Ok(schema) => schema,
        Err(diags) => return (None, sorted(diags)),
    };
    let (model, mut diags) = validate::validate(&schema);
    for d in &mut diags {
        if d.position.is_none() {
            if let Some(span) = yaml::locate(&root, &d.path) {
                *d = parse::located(d.clone(), &span);
            }
        }
    }
    (model, sorted(diags))
}

/// The text of `source`, or why it is not read: it is larger than [`MAX_SCHEMA_BYTES`]
/// (with `too_large_help`), or it is not UTF-8 (located at the first invalid byte). `what`
/// names the file in the message (`the schema`).
pub(crate) fn source_text<'a>(
    source: &Source<'a>,
    what: &str,
    too_large_help: Option<&str>,
) -> Result<&'a str, Vec<Diagnostic>> {
    if source.bytes.len() > MAX_SCHEMA_BYTES {
        let d = Diagnostic::error(
            "",
            format!(
                "{what} is {} bytes; the limit is {} bytes (8 MiB)",
                source.bytes.len(),
                MAX_SCHEMA_BYTES
            ),
        );
        return Err(vec![match too_large_help {
            Some(help) => d.with_help(help),
            None => d,
        }]);
    }
    std::str::from_utf8(source.bytes).map_err(|e| {
        let before = &source.bytes[..e.valid_up_to()];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
        vec![Diagnostic {
            position: Some(Position { line, column }),
            ..Diagnostic::error("", format!("{what} is not valid UTF-8"))
                .with_help("save the file as UTF-8")
        }]
    })
}

/// Diagnostics in file order (stable, so problems at one place keep the order found).
fn sorted(mut diags: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diags.sort_by_key(|d| {
        d.position
            .map_or((usize::MAX, usize::MAX), |p| (p.line, p.column))
    });
    diags
}

/// A YAML syntax error as a diagnostic, with a hint for the usual causes.
fn syntax_error(text: &str, mut e: yaml::SyntaxError) -> Diagnostic {
    // What the parser refuses by design (a merge key) it says with a path and a fix.
    if let Some(help) = e.help.take() {
        let d = Diagnostic::error(std::mem::take(&mut e.path), e.message.clone());
        return parse::located(d.with_help(help), &e.span);
    }
    let lower = e.message.to_lowercase();
    let mut d = Diagnostic::error("", format!("invalid YAML: {}", e.message));
    if lower.contains("unprintable") || lower.contains("control character") {
        d = d.with_help(
            "remove the control character (a NUL byte or similar) at this position: a schema is plain text",
        );
    } else if lower.contains(" tab") || lower.starts_with("tab") {
        // Point at the tab itself, the first on the line.
        let line_start = text
            .get(..e.span.bytes.start)
            .and_then(|before| before.rfind('\n'))
            .map_or(0, |i| i + 1);
        let line = text[line_start..].split('\n').next().unwrap_or_default();
        if let Some(tab) = line.find('\t') {
            e.span.bytes = line_start + tab..line_start + tab + 1;
            e.span.column = line[..tab].chars().count() + 1;
        }
        d = d.with_help("indent with spaces: YAML does not allow tabs for indentation");
    } else if lower.contains("did not find expected") || lower.contains("unclosed") {
        d = d.with_help("check the brackets, quotes and indentation just before this point");
    }
    parse::located(d, &e.span)
}
