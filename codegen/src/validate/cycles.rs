//! Shapes that contain themselves: collections that would be infinite Rust types, and
//! structure members that need a `Box`.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::schema_path::SchemaPath;
use std::collections::BTreeSet;

impl Cx {
    /// Lists and maps are inline Rust types (`Vec<T>`, `BTreeMap<String, T>`), so one that
    /// contains itself through lists and maps alone would be an infinite type: a structure must
    /// come in between (found by the no-panic fuzz test, as a stack overflow in the emitter).
    pub(super) fn check_collection_cycles(&mut self, shapes: &[Shape]) {
        let elements = |id: ShapeId| match &shapes[id.0].kind {
            ShapeKind::List { member } => vec![*member],
            ShapeKind::Map { key, value } => vec![*key, *value],
            _ => Vec::new(),
        };
        for (i, shape) in shapes.iter().enumerate() {
            let start = ShapeId(i);
            let mut stack = elements(start);
            let mut seen = BTreeSet::new();
            while let Some(id) = stack.pop() {
                if id == start {
                    self.diags.push(
                    Diagnostic::error(
                        SchemaPath::root().key("shapes").key(&shape.name),
                        format!(
                            "`{}` contains itself through lists and maps alone, which has no Rust type",
                            shape.name
                        ),
                    )
                    .with_help("put a structure in between: a list or map of a structure that has the collection as a member"),
                );
                    break;
                }
                if seen.insert(id) {
                    stack.extend(elements(id));
                }
            }
        }
    }
}

/// Boxes every structure member through which a structure contains itself without a `Vec`
/// or map in between (a plain or optional field would have infinite size).
pub(super) fn mark_boxed(shapes: &mut [Shape]) {
    let is_structure =
        |shapes: &[Shape], id: ShapeId| matches!(shapes[id.0].kind, ShapeKind::Structure(_));
    let mut to_box = Vec::new();
    for (id, shape) in shapes.iter().enumerate() {
        let ShapeKind::Structure(s) = &shape.kind else {
            continue;
        };
        for (mi, m) in s.members.iter().enumerate() {
            if is_structure(shapes, m.target) && reaches(shapes, m.target, ShapeId(id)) {
                to_box.push((id, mi));
            }
        }
    }
    for (id, mi) in to_box {
        if let ShapeKind::Structure(s) = &mut shapes[id].kind {
            s.members[mi].boxed = true;
        }
    }
}

/// Whether `from` contains `to` through structure fields alone (no list or map between).
fn reaches(shapes: &[Shape], from: ShapeId, to: ShapeId) -> bool {
    let mut stack = vec![from];
    let mut seen = BTreeSet::new();
    while let Some(s) = stack.pop() {
        if s == to {
            return true;
        }
        if !seen.insert(s) {
            continue;
        }
        if let ShapeKind::Structure(st) = &shapes[s.0].kind {
            stack.extend(
                st.members
                    .iter()
                    .filter(|m| matches!(shapes[m.target.0].kind, ShapeKind::Structure(_)))
                    .map(|m| m.target),
            );
        }
    }
    false
}
