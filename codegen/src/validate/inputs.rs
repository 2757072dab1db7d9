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

    /// Members located outside the body only make sense on operation inputs and outputs
    /// that are used nowhere else: anywhere else they would silently vanish from the JSON.
    /// And each location carries only the shapes it has a wire form for.
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
                ShapeKind::Structure(Structure { members, .. })
                | ShapeKind::Union(Union { members }) => {
                    nested.extend(members.iter().map(|m| m.target))
                }
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
            let spath = SchemaPath::root()
                .key("shapes")
                .key(&shape.name)
                .key("members");
            let unused =
                inputs.of(id).is_empty() && !outputs.contains(&id) && !nested.contains(&id);
            if unused && s.members.iter().any(|m| m.location != Location::Body) {
                // Imported models keep shapes of operations they no longer have: harmless.
                self.diags.push(
                    Diagnostic::warning(
                        SchemaPath::root().key("shapes").key(&shape.name),
                        format!(
                            "`{}` has members outside the body but is not used by any operation or shape",
                            shape.name
                        ),
                    )
                    .with_help("remove the shape, or use it as an operation's input or output"),
                );
                continue;
            }
            for m in s.members.iter().filter(|m| m.location != Location::Body) {
                let mpath = spath.key(&m.name).key("location");
                let why = if inputs.of(id).is_empty() && !outputs.contains(&id) {
                    Some("is not the input or output of any operation")
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
                        .with_help("use a structure of its own as the operation input or output"),
                    );
                    continue;
                }
                self.check_binding(&spath.key(&m.name), m, shapes);
            }
            if s.members.iter().any(|m| m.location == Location::Payload) {
                for m in s.members.iter().filter(|m| m.location == Location::Body) {
                    self.diags.push(
                        Diagnostic::error(
                            spath.key(&m.name),
                            format!(
                                "member `{}` travels in the body, but `{}` has a payload member, which is the whole body",
                                m.name, shape.name
                            ),
                        )
                        .with_help("give it a `location` of `header` or `query`, or move it into the payload's shape"),
                    );
                }
            }
        }
    }

    /// The member at `path`, outside the body, targets a shape its location can carry.
    pub(super) fn check_binding(&mut self, path: &SchemaPath, m: &Member, shapes: &[Shape]) {
        let kind = |id: ShapeId| &shapes[id.0].kind;
        let text = |id: ShapeId| match kind(id) {
            ShapeKind::Primitive(p) => p.has_text_form(),
            ShapeKind::Enum(_) => true,
            _ => false,
        };
        let string = |id: ShapeId| kind(id) == &ShapeKind::Primitive(Primitive::String);
        // A sparse list's `null` entries have no text form.
        let text_or_list = |id: ShapeId| match kind(id) {
            ShapeKind::List { member } => text(*member) && !shapes[id.0].sparse,
            _ => text(id),
        };
        let outside = matches!(
            m.location,
            Location::Header | Location::Headers | Location::Query
        );
        if outside && shapes[m.target.0].sparse {
            self.diags.push(
                Diagnostic::error(
                    path.key("target"),
                    format!(
                        "a `{}` member cannot be a sparse list or map (`{}`): a `null` entry has no text form",
                        m.location.as_str(),
                        shapes[m.target.0].name
                    ),
                )
                .with_help("target a list or map that is not sparse, or move the member to the body"),
            );
            return;
        }
        let (fits, what) = match m.location {
            Location::Body => return,
            Location::Path => (text(m.target), "a string, number, boolean, timestamp or enum"),
            Location::Header => (
                text_or_list(m.target),
                "a string, number, boolean, timestamp or enum, or a list of them",
            ),
            Location::Query => (
                text_or_list(m.target)
                    || matches!(kind(m.target), ShapeKind::Map { key, value }
                        if string(*key) && (string(*value)
                            || matches!(kind(*value), ShapeKind::List { member } if string(*member)))),
                "a string, number, boolean, timestamp or enum, a list of them, or a map of strings or of string lists",
            ),
            Location::Headers => (
                matches!(kind(m.target), ShapeKind::Map { key, value } if string(*key) && string(*value))
                    && !shapes[m.target.0].sparse,
                "a map of strings",
            ),
            Location::Status => (
                kind(m.target) == &ShapeKind::Primitive(Primitive::Integer),
                "an integer",
            ),
            Location::Payload => (
                match kind(m.target) {
                    ShapeKind::Structure(_) | ShapeKind::Union(_) | ShapeKind::Enum(_) => true,
                    ShapeKind::Primitive(p) => matches!(
                        p,
                        Primitive::String | Primitive::Blob | Primitive::Document
                    ),
                    _ => false,
                },
                "a structure, union, document, blob, string or enum",
            ),
        };
        if !fits {
            self.diags.push(
                Diagnostic::error(
                    path.key("target"),
                    format!(
                        "a `{}` member must be {what}, not `{}`",
                        m.location.as_str(),
                        shapes[m.target.0].name
                    ),
                )
                .with_help("change the target, or move the member to the body"),
            );
        }
    }
}
