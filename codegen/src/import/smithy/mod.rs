//! Imports a Smithy model in its JSON AST form (what `smithy ast` writes, `"smithy": "2.0"`
//! or `"1.0"`): one service and every shape it reaches, as the YAML text of a schema.
//!
//! The same context and helpers as the botocore importer ([`super`]): the AST is read with
//! the located parser, so every problem names its file, line, column and JSON path
//! (`shapes.example#Foo.members.bar.traits.smithy.api#httpQuery`); every trait is mapped,
//! deliberately ignored (documentation or tooling only), or reported (an error when it
//! would change the wire and the schema cannot say it, a warning when it would not); all
//! problems are collected. Mixins are flattened into the shapes that use them, `apply`
//! shapes add their traits, the service's `rename` names shapes, and the prelude's
//! scalars (`smithy.api#String`) become the schema's builtins.
//!
//! The IDL (`.smithy` files) is read by [`idl`] into the same located tree, so both forms
//! go through the same passes.

use super::{Cx, ImportDiagnostic};
use crate::diagnostics::Severity;
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::Node;
use crate::Source;

mod closure;
pub mod idl;
mod index;
mod members;
mod operations;
mod service;
mod shapes;

/// What the importer cannot find in the AST itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct SmithySettings<'a> {
    /// The service's shape id (`example.weather#Weather`); needed when the AST has more
    /// than one service.
    pub service: Option<&'a str>,
    /// `service.crate` of the schema; left out when `None`.
    pub crate_name: Option<&'a str>,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct SmithyImported {
    /// The schema's YAML text (no header comment: the caller adds its own).
    pub yaml: String,
    /// Problems that did not stop the import.
    pub warnings: Vec<ImportDiagnostic>,
    /// The service's shape id.
    pub service: String,
    /// Each imported operation's shape id and its name in the schema.
    pub operations: Vec<(String, String)>,
    /// Each error's shape id and its name in the schema.
    pub errors: Vec<(String, String)>,
}

/// Whether a parsed file is a Smithy JSON AST: an object with a top-level `smithy` key
/// (a botocore model has `metadata` and `shapes`, but never `smithy`).
pub fn is_ast(root: &Node) -> bool {
    super::reading::member(root, "smithy").is_some()
}

/// Imports the service `settings.service` (or the AST's only one) of a Smithy JSON AST
/// into the YAML text of a schema, or returns every problem found (warnings included).
pub fn import_ast(
    source: &Source<'_>,
    settings: &SmithySettings<'_>,
) -> Result<SmithyImported, Vec<ImportDiagnostic>> {
    let root = super::parse(source)?;
    let mut cx = Cx::default();
    match cx.smithy(source.name, &root, settings) {
        Some(imported) if !cx.failed() => Ok(SmithyImported {
            warnings: cx.finish(),
            ..imported
        }),
        _ => Err(cx.finish()),
    }
}

/// Traits that say nothing the schema could use about the wire of restJson1: documentation
/// and tooling (validation suppressions, tags, the test cases themselves, endpoint rules: a
/// generated client is given its endpoint), ignored without a word. Checked after the
/// traits the importer maps.
const IGNORED: &[&str] = &[
    "smithy.api#box",
    "smithy.api#deprecated",
    "smithy.api#input",
    "smithy.api#output",
    "smithy.api#internal",
    "smithy.api#mixin",
    "smithy.api#private",
    "smithy.api#recommended",
    "smithy.api#since",
    "smithy.api#suppress",
    "smithy.api#tags",
    "smithy.api#unstable",
    "smithy.api#addedDefault",
    "smithy.api#clientOptional",
    "smithy.api#requiresLength",
    "smithy.api#references",
    "smithy.api#resourceIdentifier",
    "smithy.api#property",
    "smithy.api#notProperty",
    "smithy.api#nestedProperties",
    "smithy.api#idRef",
    "smithy.api#trait",
    "smithy.api#traitValidation",
    "smithy.api#protocolDefinition",
    "smithy.api#authDefinition",
    "aws.api#arn",
    "aws.api#arnReference",
    "aws.api#controlPlane",
    "aws.api#dataPlane",
    "aws.api#taggable",
    "aws.api#tagEnabled",
    "aws.api#data",
    // XML only: restJson1 has no use for them.
    "smithy.api#xmlName",
    "smithy.api#xmlNamespace",
    "smithy.api#xmlAttribute",
    "smithy.api#xmlFlattened",
];

/// Namespaces whose traits are ignored without a word: the protocol tests (read by the
/// conformance harness, not the schema), endpoint rules, IAM and CloudFormation metadata.
const IGNORED_NAMESPACES: &[&str] = &[
    "smithy.test#",
    "smithy.rules#",
    "aws.iam#",
    "aws.cloudformation#",
];

/// Documentation-only traits with no place in the schema: a warning each.
const DOC_ONLY: &[&str] = &["smithy.api#examples", "smithy.api#externalDocumentation"];

/// Whether trait `id` is one the importer ignores without a word.
fn ignored(id: &str) -> bool {
    IGNORED.contains(&id) || IGNORED_NAMESPACES.iter().any(|ns| id.starts_with(ns))
}

impl Cx {
    /// Whether an error has been found.
    fn failed(&self) -> bool {
        self.diags
            .iter()
            .any(|d| d.diagnostic.severity == Severity::Error)
    }

    /// The whole conversion. The passes, in order, with what each needs from earlier ones:
    ///
    /// 1. `index_ast` (index.rs): every shape by id, `apply`d traits. Needs nothing.
    /// 2. `pick_service` (service.rs): the service to import. Needs 1.
    /// 3. `service_section` (service.rs): the service's traits as `service:`, its
    ///    `rename`, its errors and its authentication schemes. Needs 2.
    /// 4. `closure` (closure.rs): the operations the service reaches (through its
    ///    resources too), those that stream events left out, then every shape they
    ///    reach, each with its name in the schema (renames applied, clashes reported).
    ///    Needs 3.
    /// 5. `smithy_shapes` (shapes.rs, members.rs): each reached shape as an entry of
    ///    `shapes:`, each error structure as one of `errors:`. Needs 4 to name targets.
    /// 6. `smithy_operations` (operations.rs): each operation as an entry of `operations:`.
    ///    Needs 3 (the service's errors and pagination) and 4.
    /// 7. `to_yaml` (the botocore importer's writing.rs): the schema as text, when 1 to 6
    ///    found no error.
    fn smithy(
        &mut self,
        file: &str,
        root: &Node,
        settings: &SmithySettings<'_>,
    ) -> Option<SmithyImported> {
        let ast = self.index_ast(file, root)?;
        let service = self.pick_service(&ast, root, settings.service)?;
        let section = self.service_section(&ast, service, settings);
        let closure = self.closure(&ast, service, &section);
        let (shapes, errors) = self.smithy_shapes(&ast, &closure);
        let operations = self.smithy_operations(&ast, &closure, &section);
        let mut service_out = section.service?;
        service_out.validation_error = closure.validation_error.clone();
        if self.failed() {
            return None;
        }
        let schema = raw::Schema {
            service: service_out,
            shapes,
            operations,
            errors,
        };
        match super::writing::to_yaml(&schema) {
            Ok(yaml) => Some(SmithyImported {
                yaml,
                warnings: Vec::new(),
                service: service.id.to_string(),
                operations: closure.operation_names(),
                errors: closure.error_names(),
            }),
            Err(e) => {
                self.error(
                    file,
                    &root.span,
                    &SchemaPath::root(),
                    format!("writing the YAML: {e}"),
                    "",
                );
                None
            }
        }
    }

    /// A trait the importer does not map on `what` (`a string shape`): ignored, a warning
    /// (documentation only) or an error (it might change the wire).
    fn smithy_trait(&mut self, file: &str, t: &index::Trait<'_>, what: &str) {
        if ignored(t.id) {
            return;
        }
        let severity = if DOC_ONLY.contains(&t.id) {
            Severity::Warning
        } else {
            Severity::Error
        };
        self.unknown(file, t.key, &t.traits, t.id, what, severity);
    }
}
