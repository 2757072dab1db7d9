//! Rust names that must not collide: type names, generated method names, and the field and
//! variant names inside one structure or enum.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::{BTreeMap, BTreeSet};

impl Cx {
    /// Type names that would collide in Rust after case conversion.
    pub(super) fn check_type_names(&mut self, schema: &raw::Schema) {
        // Shapes live in `types`, errors and operation error enums in `errors`, and the
        // generator's own types (`Operation`, `Client`, `Service`) in modules of their own
        // that name shapes by path: only the schema's names can collide with each other.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        let claim = |cx: &mut Cx,
                     seen: &mut BTreeMap<String, String>,
                     name: &str,
                     rust: String,
                     path: String| {
            if name.trim().is_empty() {
                // An empty name, reported once below rather than as a collision too.
                return;
            }
            if let Some(first) = seen.get(&rust) {
                if *first == path {
                    // The same name twice: reported as a duplicate.
                    return;
                }
                cx.diags.push(
                    Diagnostic::error(
                        path.clone(),
                        format!("the Rust name `{rust}` is already used by {first}"),
                    )
                    .with_help("rename one of them so that their Rust names differ"),
                );
            } else {
                seen.insert(rust, path);
            }
        };
        let sections = [
            (
                "shapes",
                schema.shapes.0.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            ),
            ("errors", schema.errors.0.iter().map(|(n, _)| n).collect()),
            (
                "operations",
                schema.operations.0.iter().map(|(n, _)| n).collect(),
            ),
        ];
        for (section, names) in sections {
            for name in names.into_iter().filter(|n| n.trim().is_empty()) {
                self.diags.push(
                    Diagnostic::error(
                        SchemaPath::root().key(section).key(name),
                        format!("a name in `{section}` is empty"),
                    )
                    .with_help("give it a name: it becomes a Rust name and appears in diagnostics"),
                );
            }
        }
        for (name, shape) in &schema.shapes.0 {
            if matches!(shape.kind.as_str(), "structure" | "enum" | "union") {
                claim(
                    self,
                    &mut seen,
                    name,
                    naming::type_name(name),
                    SchemaPath::root().key("shapes").key(name).into(),
                );
            }
        }
        for (name, _) in &schema.errors.0 {
            claim(
                self,
                &mut seen,
                name,
                naming::error_name(name),
                SchemaPath::root().key("errors").key(name).into(),
            );
        }
        let mut operations = BTreeSet::new();
        for (name, _) in &schema.operations.0 {
            if !operations.insert(name) {
                self.error(
                    SchemaPath::root().key("operations").key(name),
                    format!("duplicate operation `{name}`"),
                );
            }
        }
        for (name, _) in &schema.operations.0 {
            // `{Op}Error` steps aside for a shape or error of that name (models often have
            // a `BatchGetThingError` structure): the enum becomes `{Op}OperationError`.
            let mut rust = naming::operation_error_name(name);
            if seen.contains_key(&rust) {
                rust = naming::operation_error_fallback_name(name);
            }
            self.error_enum_names.insert(name.clone(), rust.clone());
            claim(
                self,
                &mut seen,
                name,
                rust,
                SchemaPath::root()
                    .key("operations")
                    .key(name)
                    .with_note("its error enum"),
            );
        }
    }

    /// Every generated method name (client and server) is unique: operations, the page and
    /// item streams of paginated ones, and the client's own methods.
    pub(super) fn check_method_names(&mut self, ops: &[Operation]) {
        let mut seen: BTreeMap<String, String> = naming::CLIENT_METHODS
            .iter()
            .map(|m| (m.to_string(), "the generated client".to_string()))
            .collect();
        for op in ops {
            let mut names = vec![op.rust_name.clone()];
            if let Some(p) = &op.pagination {
                names.extend([p.pages_rust_name.clone(), p.items_rust_name.clone()]);
            }
            for name in names {
                let name = naming::unraw(&name).to_string();
                if let Some(first) = seen.get(&name) {
                    self.diags.push(
                        Diagnostic::error(
                            SchemaPath::root().key("operations").key(&op.name),
                            format!("the generated method `{name}` is already used by {first}"),
                        )
                        .with_help("rename the operation"),
                    );
                } else {
                    seen.insert(name, format!("operation `{}`", op.name));
                }
            }
        }
    }

    /// Claims the Rust field name of member `name` among the fields already taken in its
    /// structure or error (`unraw`ed field name -> member name); reports a collision.
    pub(super) fn claim_field_name(
        &mut self,
        fields: &mut BTreeMap<String, String>,
        path: &SchemaPath,
        name: &str,
        rust_name: &str,
    ) {
        if let Some(first) = fields.insert(naming::unraw(rust_name).to_string(), name.to_string()) {
            self.diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "members `{first}` and `{name}` both become the Rust field `{rust_name}`"
                    ),
                )
                .with_help("rename one of them and keep its wire name with `wire_name:`"),
            );
        }
    }

    /// Claims the variant name of enum value `value` among the variants already taken in
    /// its enum (variant name -> value); false, and reported, when it is taken.
    pub(super) fn claim_variant_name(
        &mut self,
        variants: &mut BTreeMap<String, String>,
        path: &SchemaPath,
        value: &str,
        rust_name: &str,
    ) -> bool {
        let Some(first) = variants.insert(rust_name.to_string(), value.to_string()) else {
            return true;
        };
        self.diags.push(
            Diagnostic::error(
                path,
                format!(
                    "value `{value}` and value `{first}` both become the variant `{rust_name}`"
                ),
            )
            .with_help("give one of them a `name:`"),
        );
        false
    }

    /// Like [`Cx::claim_variant_name`] for a value without a `name:`, but a collision is
    /// resolved rather than refused, as imported models cannot be edited: the later value
    /// gets the first free `{Variant}2`, `{Variant}3`, ..., with a warning. Returns the
    /// variant name it got.
    pub(super) fn claim_or_number_variant(
        &mut self,
        variants: &mut BTreeMap<String, String>,
        path: &SchemaPath,
        value: &str,
        rust_name: String,
    ) -> String {
        if !variants.contains_key(&rust_name) {
            variants.insert(rust_name.clone(), value.to_string());
            return rust_name;
        }
        let first = variants[&rust_name].clone();
        let numbered = (2..)
            .map(|n| format!("{rust_name}{n}"))
            .find(|n| !variants.contains_key(n))
            .unwrap_or_default();
        self.diags.push(
            Diagnostic::warning(
                path,
                format!(
                    "value `{value}` and value `{first}` both become the variant `{rust_name}`: `{value}` is `{numbered}`"
                ),
            )
            .with_help(format!("give it a `name:` to choose the variant (`- {{value: {value}, name: ...}}`)")),
        );
        variants.insert(numbered.clone(), value.to_string());
        numbered
    }
}
