//! Checks a raw schema and lowers it into the resolved `Model`, collecting every problem.
//!
//! Validation never stops at the first problem: each check records a `Diagnostic` and goes
//! on with what it can, so one run reports everything. A `Model` is returned only when no
//! error was found.
//!
//! Every pass is a method of one context, `Cx`, which holds the diagnostics and the name
//! tables; each file holds the passes of one concern. The order they run in, and what each
//! needs from the ones before, is written down once: on [`validate`].

use crate::diagnostics::{Diagnostic, Severity};
use crate::model::*;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::{BTreeMap, BTreeSet};

mod cycles;
mod errors;
mod inputs;
mod names;
mod operations;
mod pagination;
mod resolve;
mod routes;
mod service;
mod shapes;

/// Lowers `schema` into a model, or returns every problem found (warnings included).
///
/// The passes, in order, with what each needs from earlier ones:
///
/// 1. `service` (service.rs): the `service:` section. Needs nothing.
/// 2. `register_shapes` (resolve.rs): gives every shape name, builtins first, its id.
///    Needs nothing.
/// 3. `register_errors` (resolve.rs): gives every error name its id. Needs 2: errors and
///    shapes share one namespace.
/// 4. `check_type_names` (names.rs): Rust type names of shapes, errors and per-operation
///    error enums do not collide; operation names are unique. Reads the raw schema only.
/// 5. `find_inputs` (inputs.rs): which structure each operation takes as input, by name:
///    what becomes `Structure::input_of`. Needs 2. Reports nothing.
/// 6. `lower_shapes` (shapes.rs): every shape, with its members and constraints, each
///    structure with its `input_of`. Needs 2 to resolve references, 3 to tell an error used
///    as a shape from a typo, and 5.
/// 7. `check_map_keys` (shapes.rs): map keys are strings. Needs 6.
/// 8. `lower_errors` (errors.rs): every error. Needs 1 (the protocol's error form), 2 and 6
///    (member targets).
/// 9. `validation_error` (errors.rs): the error `service.validation_error` names, and its
///    parts. Needs 1 (problem details may name the message `detail`) and 8. Then
///    `lower_operations` (operations.rs): every operation: method,
///    status, input and output, path template, errors (the validation error added to those
///    with an input), pagination (pagination.rs), and where its input members travel.
///    Needs 2, 3 (to resolve inputs, outputs and errors) and 6.
/// 10. `check_locations` (inputs.rs): members outside the body are on structures that are
///     operation inputs and nothing else. Needs 5, 6, and 9 (the outputs).
/// 11. `check_route_conflicts` (routes.rs): no two routes can match one request; then
///     `warn_shadowed_labels`: a warning for a label that another route's literal segment
///     takes some values of. Needs 9.
/// 12. `check_method_names` (names.rs): generated method names do not collide. Needs 9
///     (including the pagination method names).
/// 13. `mark_boxed` (cycles.rs): boxes the members through which a structure contains
///     itself. Needs 6.
/// 14. `check_collections` (cycles.rs): no list or map contains itself without a
///     structure in between, and none nests deeper than `MAX_COLLECTION_DEPTH`. Needs 6.
/// 15. `check_required_cycles` (cycles.rs): no structure requires itself through
///     required structure members. Needs 6.
/// 16. `check_not_empty`: the schema defines something. Reads the raw schema only.
/// 17. `warn_missing_docs` (operations.rs): style warnings, only when 1 to 16 found no
///     error. Needs 9.
pub fn validate(schema: &raw::Schema) -> (Option<Model>, Vec<Diagnostic>) {
    let mut cx = Cx {
        suggestions_left: SUGGESTION_SEARCHES,
        ..Cx::default()
    };
    let service = cx.service(&schema.service);
    cx.register_shapes(schema);
    cx.register_errors(schema);
    cx.check_type_names(schema);
    let inputs = cx.find_inputs(schema);
    let mut shapes = cx.lower_shapes(schema, &inputs);
    cx.check_map_keys(&shapes);
    let errors = cx.lower_errors(schema, &shapes, service.as_ref().map(|s| &s.protocol));
    let validation_error = cx.validation_error(
        schema,
        &shapes,
        &errors,
        service.as_ref().map(|s| &s.protocol),
    );
    let mut operations = cx.lower_operations(schema, &shapes);
    // Every operation with an input can answer with the validation error.
    if let Some(v) = &validation_error {
        for op in operations.iter_mut().filter(|op| op.input.is_some()) {
            if !op.errors.contains(&v.error) {
                op.errors.push(v.error);
            }
        }
    }
    cx.check_locations(&shapes, &inputs, &operations);
    cx.check_route_conflicts(&operations);
    cx.warn_shadowed_labels(&operations);
    cx.check_method_names(&operations);
    cycles::mark_boxed(&mut shapes);
    cx.check_collections(&shapes);
    cx.check_required_cycles(&shapes);
    cx.check_not_empty(schema);
    let failed = cx.diags.iter().any(|d| d.severity == Severity::Error);
    // Like rustc's lints, style warnings wait until the schema has no errors, so that a
    // mistake is never buried under them.
    if !failed {
        cx.warn_missing_docs(&operations);
    }
    let model = match (failed, service) {
        (false, Some(mut service)) => {
            service.validation_error = validation_error;
            let shadowed_std = crate::naming::STD_TYPES
                .iter()
                .map(|(name, _)| *name)
                .filter(|name| {
                    shapes.iter().any(|s| {
                        matches!(
                            s.kind,
                            ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_)
                        ) && s.rust_name == *name
                    }) || errors.iter().any(|e| e.rust_name == *name)
                })
                .collect();
            Some(Model {
                service,
                shapes,
                operations,
                errors,
                shadowed_std,
            })
        }
        _ => None,
    };
    (model, cx.diags)
}

/// How many "did you mean" searches over every shape or error name one run makes.
const SUGGESTION_SEARCHES: usize = 100;

/// What every pass shares: the diagnostics found so far and the name tables.
#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
    /// Shape name -> id; builtins included.
    shape_ids: BTreeMap<String, ShapeId>,
    /// Error name -> id.
    error_ids: BTreeMap<String, ErrorId>,
    /// How many more "did you mean" searches over all shape or error names this run may
    /// make: each is O(names), so thousands of dangling references would be quadratic.
    suggestions_left: usize,
    /// Operations whose path template has errors, left out of the route-conflict check.
    bad_paths: BTreeSet<String>,
    /// Operation name -> the Rust name of its error enum (see `check_type_names`).
    error_enum_names: BTreeMap<String, String>,
}

impl Cx {
    /// Records an error at `path`.
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(path, message));
    }

    /// A schema with no shapes, operations or errors is almost certainly a mistake.
    fn check_not_empty(&mut self, schema: &raw::Schema) {
        if schema.operations.0.is_empty()
            && schema.shapes.0.is_empty()
            && schema.errors.0.is_empty()
        {
            self.diags.push(
                Diagnostic::error(
                    SchemaPath::root(),
                    "the schema defines no shapes, operations or errors",
                )
                .with_help("add an `operations:` section; see the schema reference in README.md"),
            );
        }
    }
}

/// How a shape kind is called in messages (`structure`, `list`, `integer`).
fn kind_name(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Primitive(p) => Primitive::ALL
            .iter()
            .find(|(_, q)| q == p)
            .map_or("scalar", |(name, _)| name),
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Union(_) => "union",
        ShapeKind::Enum(_) => "enum",
        ShapeKind::List { .. } => "list",
        ShapeKind::Map { .. } => "map",
    }
}
