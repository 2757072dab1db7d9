//! Imports an AWS model in botocore's JSON form (`service-2.json`, its `paginators-1.json`,
//! or a conformance suite's `shapes` and `given` operations) into the YAML text of a schema.
//!
//! The JSON is read with the located parser ([`crate::yaml`]: JSON is YAML), so every
//! problem names its file, line, column and JSON path (`shapes.Foo.members.bar.location`).
//! Everything in the model is either mapped, deliberately ignored (documentation-only or
//! XML-only traits), or reported: a trait that would change the wire and has no schema
//! equivalent is an error, a documentation-only one a warning. All problems are collected.
//! Like the rest of this crate, nothing here touches the file system.
//!
//! Smithy models (the JSON AST and the IDL) are imported by [`smithy`], through the same
//! context and helpers.
//!
//! Every pass is a method of one context, `Cx`, which holds the diagnostics; each file holds
//! the passes of one concern. The order they run in, and what each needs from the ones
//! before, is written down once: on `Cx::run`. The schema is written through [`raw`], the
//! same types the generator reads it with.

use crate::diagnostics::{Diagnostic, Severity};
use crate::parse::located;
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{Node, Span};
use crate::Source;

mod docs;
mod errors;
mod members;
mod operations;
mod paginators;
mod reading;
mod service;
mod shapes;
pub mod smithy;
mod writing;

pub use docs::plain_docs;
pub use reading::{parse, suite_parts};

/// What the importer cannot find in the model itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportSettings<'a> {
    /// `service.crate` of the schema; left out when `None`.
    pub crate_name: Option<&'a str>,
    /// The service name when the metadata names none (no `serviceId`, `serviceFullName` or
    /// `endpointPrefix`, as in the conformance suites).
    pub service_name: Option<&'a str>,
}

/// A problem and the file it is in (the model or its paginators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDiagnostic {
    /// The [`Source::name`] of the file.
    pub file: String,
    pub diagnostic: Diagnostic,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The schema's YAML text (no header comment: the caller adds its own).
    pub yaml: String,
    /// Problems that did not stop the import.
    pub warnings: Vec<ImportDiagnostic>,
}

/// A parsed JSON node, the file it comes from and its path in that file.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    pub file: &'a str,
    pub node: &'a Node,
    pub path: SchemaPath,
}

/// A model given piece by piece: what [`import_model`] finds in `service-2.json`, or what a
/// conformance suite holds (its `metadata`, its `shapes` and the `given` operation of each
/// case, see [`suite_parts`]).
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    /// The `metadata` object.
    pub metadata: Part<'a>,
    /// The service's `documentation` string.
    pub documentation: Option<Part<'a>>,
    /// The `shapes` object.
    pub shapes: Part<'a>,
    /// Each operation, in order.
    pub operations: Vec<OperationPart<'a>>,
    /// The whole `paginators-1.json` document.
    pub paginators: Option<Part<'a>>,
}

/// An operation object and the key that names it in a model's `operations` (`None` for
/// the `given` operation of a suite, named by its `name`).
#[derive(Debug, Clone)]
pub struct OperationPart<'a> {
    pub part: Part<'a>,
    pub key: Option<&'a Node>,
}

/// Imports a botocore `service-2.json` (and optionally its `paginators-1.json`) into the
/// YAML text of a schema, or returns every problem found (warnings included).
pub fn import_model(
    model: &Source<'_>,
    paginators: Option<&Source<'_>>,
    settings: &ImportSettings<'_>,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    let root = parse(model);
    let pages = paginators.map(parse).transpose();
    let (root, pages) = match (root, pages) {
        (Ok(root), Ok(pages)) => (root, pages),
        (root, pages) => {
            let mut diags = root.err().unwrap_or_default();
            diags.extend(pages.err().unwrap_or_default());
            return Err(diags);
        }
    };
    let mut cx = Cx::default();
    let pages = paginators
        .zip(pages.as_ref())
        .map(|(s, node)| (s.name, node));
    match reading::model_parts(&mut cx, model.name, &root, pages) {
        Some(parts) => cx.run(&parts, settings),
        None => Err(cx.finish()),
    }
}

/// Imports a model given piece by piece (see [`Parts`]; [`suite_parts`] makes them for a
/// conformance suite).
pub fn import_parts(
    parts: &Parts<'_>,
    settings: &ImportSettings<'_>,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    Cx::default().run(parts, settings)
}

/// Traits that say nothing about the wire of a JSON protocol, or only about endpoint
/// resolution (a generated client is given its endpoint): ignored without a word.
const IGNORED: &[&str] = &[
    "box",
    "sensitive",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "flattened",
    "xmlNamespace",
    "wrapper",
    "readonly",
    "synthetic",
    "staticContextParams",
    "contextParam",
    "operationContextParams",
    "unsignedPayload",
    "authtype",
    "auth",
];

/// Documentation-only keys with no place in the schema: a warning each.
const DOC_ONLY: &[&str] = &["documentationUrl", "examples", "alias"];

/// What every pass shares: the problems found so far.
#[derive(Default)]
struct Cx {
    diags: Vec<ImportDiagnostic>,
}

impl Cx {
    /// The whole conversion. The passes, in order, with what each needs from earlier ones:
    ///
    /// 1. `service` (service.rs): `metadata` and `documentation` as `service:`. Needs
    ///    nothing.
    /// 2. `index_shapes` (shapes.rs): every shape's type, whether it is an exception and
    ///    whether it is written (a shape that is exactly a builtin is not). Needs nothing.
    /// 3. `event_stream_shapes` (shapes.rs): the shapes that exist only for event streams,
    ///    which are left out. Needs 2. Reports nothing.
    /// 4. `shapes` (shapes.rs, members.rs, errors.rs): each written shape as an entry of
    ///    `shapes:`, each exception as one of `errors:`. Needs 2 to resolve references
    ///    and 3.
    /// 5. `operations` (operations.rs): each operation as an entry of `operations:`, but
    ///    those that stream events. Needs 2 and 3.
    /// 6. `paginators` (paginators.rs): the `pagination` of the operations of 5. Needs 2
    ///    (the members of inputs and outputs) and 5.
    /// 7. `to_yaml` (writing.rs): the schema as text, when 1 to 6 found no error.
    fn run(
        mut self,
        parts: &Parts<'_>,
        settings: &ImportSettings<'_>,
    ) -> Result<Imported, Vec<ImportDiagnostic>> {
        let service = self.service(parts, settings);
        let index = self.index_shapes(&parts.shapes);
        let streams = shapes::event_stream_shapes(&index);
        let (shapes, errors) = self.shapes(&index, &streams);
        let mut operations = self.operations(&parts.operations, &index, &streams);
        if let Some(pages) = &parts.paginators {
            self.paginators(pages, &index, &mut operations);
        }
        let failed = self
            .diags
            .iter()
            .any(|d| d.diagnostic.severity == Severity::Error);
        let (Some(service), false) = (service, failed) else {
            return Err(self.finish());
        };
        let schema = raw::Schema {
            service,
            shapes,
            operations,
            errors,
        };
        match writing::to_yaml(&schema) {
            Ok(yaml) => Ok(Imported {
                yaml,
                warnings: self.finish(),
            }),
            Err(e) => {
                let file = parts.metadata.file;
                self.diags.push(ImportDiagnostic {
                    file: file.to_string(),
                    diagnostic: Diagnostic::error("", format!("writing the YAML: {e}")),
                });
                Err(self.finish())
            }
        }
    }

    /// The diagnostics, the model's first, each file's in file order.
    fn finish(self) -> Vec<ImportDiagnostic> {
        let mut files: Vec<String> = Vec::new();
        for d in &self.diags {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        let mut diags = self.diags;
        diags.sort_by_key(|d| {
            let file = files.iter().position(|f| *f == d.file);
            let pos = d
                .diagnostic
                .position
                .map_or((usize::MAX, usize::MAX), |p| (p.line, p.column));
            (file, pos)
        });
        diags
    }

    fn push(&mut self, file: &str, span: &Span, d: Diagnostic) {
        self.diags.push(ImportDiagnostic {
            file: file.to_string(),
            diagnostic: located(d, span),
        });
    }

    fn error(
        &mut self,
        file: &str,
        span: &Span,
        path: &SchemaPath,
        message: impl Into<String>,
        help: &str,
    ) {
        self.report(file, span, Diagnostic::error(path, message), help);
    }

    fn warning(
        &mut self,
        file: &str,
        span: &Span,
        path: &SchemaPath,
        message: impl Into<String>,
        help: &str,
    ) {
        self.report(file, span, Diagnostic::warning(path, message), help);
    }

    /// Keeps `d`, with `help` unless it is empty, located at `span` of `file`.
    fn report(&mut self, file: &str, span: &Span, d: Diagnostic, help: &str) {
        let d = if help.is_empty() {
            d
        } else {
            d.with_help(help)
        };
        self.push(file, span, d);
    }

    /// An unknown key of `what` (`a structure shape`).
    fn unknown(
        &mut self,
        file: &str,
        key: &Node,
        path: &SchemaPath,
        name: &str,
        what: &str,
        severity: Severity,
    ) {
        let (message, help) = match severity {
            Severity::Error => (
                format!("`{name}` on {what} is not supported by the importer"),
                "it may change what travels on the wire, so it is not dropped: remove it from the model, or describe the service by hand",
            ),
            Severity::Warning => (
                format!("`{name}` on {what} is not imported"),
                "it has no equivalent in the schema and is left out",
            ),
        };
        let d = Diagnostic {
            severity,
            ..Diagnostic::error(path.key(name), message).with_help(help)
        };
        self.push(file, &key.span, d);
    }

    fn ignored_doc(&mut self, file: &str, key: &Node, path: &SchemaPath, name: &str) {
        self.unknown(file, key, path, name, "this object", Severity::Warning);
    }
}

/// `docs` with `note` appended as a paragraph of its own.
fn with_note(docs: Option<String>, note: &str) -> Option<String> {
    Some(match docs {
        Some(docs) => format!("{docs}\n\n{note}"),
        None => note.to_string(),
    })
}

/// Names in backticks, the last after "and": `` `a`, `b` and `c` ``.
fn listing<'a>(names: impl IntoIterator<Item = &'a str>) -> String {
    let names: Vec<String> = names.into_iter().map(|n| format!("`{n}`")).collect();
    match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
        _ => names.concat(),
    }
}
