//! Which structures are operation inputs (`Structure::input_of`), and the check that
//! needs it: members that travel outside the body belong on operation inputs only.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::{BTreeMap, BTreeSet};

/// The operations that take each shape as input, by index in `operations:`.
#[derive(Default)]
pub(super) struct Inputs(BTreeMap<ShapeId, Vec<usize>>);

impl Inputs {
    /// The operations that take `shape` as input, in source order.
    pub(super) fn of(&self, shape: ShapeId) -> &[usize] {
        self.0.get(&shape).map_or(&[], Vec::as_slice)
    }
}

impl Cx {
    /// Finds the structure each operation takes as input, by name, before any shape is
    /// lowered, so that each structure is built with its `input_of` at once. Reports
    /// nothing: `lower_operations` reports an unknown input, or one that is not a structure.
    pub(super) fn find_inputs(&self, schema: &raw::Schema) -> Inputs {
        let mut inputs = Inputs::default();
        for (index, (_, op)) in schema.operations.0.iter().enumerate() {
            let Some(&id) = op.input.as_ref().and_then(|n| self.shape_ids.get(n)) else {
                continue;
            };
            // The builtins come first and are not structures; then shape `i` of the schema has
            // the id `builtins + i`.
            let is_structure =
                id.0.checked_sub(Primitive::ALL.len())
                    .and_then(|i| schema.shapes.0.get(i))
                    .is_some_and(|(_, shape)| shape.kind == "structure");
            if is_structure {
                inputs.0.entry(id).or_default().push(index);
            }
        }
        inputs
    }

    /// Members located outside the body only make sense on operation inputs that are used
    /// nowhere else: anywhere else they would silently vanish from the JSON.
    pub(super) fn check_locations(
        &mut self,
        shapes: &[Shape],
        inputs: &Inputs,
        operations: &[Operation],
    ) {
        let outputs: BTreeSet<ShapeId> = operations.iter().filter_map(|op| op.output).collect();
        let mut nested = BTreeSet::new();
        for shape in shapes {
            match &shape.kind {
                ShapeKind::Structure(s) => nested.extend(s.members.iter().map(|m| m.target)),
                ShapeKind::List { member } => {
                    nested.insert(*member);
                }
                ShapeKind::Map { value, .. } => {
                    nested.insert(*value);
                }
                _ => {}
            }
        }
        for (id, shape) in shapes.iter().enumerate() {
            let ShapeKind::Structure(s) = &shape.kind else {
                continue;
            };
            let id = ShapeId(id);
            for m in s.members.iter().filter(|m| m.location != Location::Body) {
                let mpath = SchemaPath::root()
                    .key("shapes")
                    .key(&shape.name)
                    .key("members")
                    .key(&m.name)
                    .key("location");
                let why = if inputs.of(id).is_empty() {
                    Some("is not the input of any operation")
                } else if outputs.contains(&id) {
                    Some("is also an operation output")
                } else if nested.contains(&id) {
                    Some("is also used inside another shape")
                } else {
                    None
                };
                if let Some(why) = why {
                    self.diags.push(
                        Diagnostic::error(
                            mpath,
                            format!(
                                "member `{}` has location `{}` but `{}` {why}",
                                m.name,
                                m.location.as_str(),
                                shape.name
                            ),
                        )
                        .with_help("use a structure of its own as the operation input"),
                    );
                }
            }
        }
    }
}
