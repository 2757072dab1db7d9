//! Registration of shape and error names, and resolution of references to them, with
//! "did you mean" suggestions for near misses.

use super::{kind_name, Cx};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::raw;
use crate::schema_path::SchemaPath;

impl Cx {
    /// Gives every shape name its id: the builtins first, then the schema's shapes in
    /// source order (a duplicate or a redefined builtin keeps no id).
    pub(super) fn register_shapes(&mut self, schema: &raw::Schema) {
        for (i, (name, _)) in Primitive::ALL.iter().enumerate() {
            self.shape_ids.insert(name.to_string(), ShapeId(i));
        }
        for (i, (name, _)) in schema.shapes.0.iter().enumerate() {
            let path = SchemaPath::root().key("shapes").key(name);
            if Primitive::ALL.iter().any(|(p, _)| p == name) {
                self.diags.push(
                    Diagnostic::error(
                        path,
                        format!("`{name}` is a builtin shape and cannot be redefined"),
                    )
                    .with_help("give the shape another name"),
                );
            } else if self.shape_ids.contains_key(name) && !name.trim().is_empty() {
                self.error(path, format!("duplicate shape `{name}`"));
            } else {
                self.shape_ids
                    .insert(name.clone(), ShapeId(Primitive::ALL.len() + i));
            }
        }
    }

    /// Gives every error name its id, in source order.
    pub(super) fn register_errors(&mut self, schema: &raw::Schema) {
        for (i, (name, _)) in schema.errors.0.iter().enumerate() {
            let path = SchemaPath::root().key("errors").key(name);
            if self.error_ids.contains_key(name) {
                self.error(path, format!("duplicate error `{name}`"));
            } else if self.shape_ids.contains_key(name) && !name.trim().is_empty() {
                self.diags.push(
                    Diagnostic::error(path, format!("error `{name}` has the name of a shape"))
                        .with_help("errors and shapes share one namespace; rename one of them"),
                );
            } else {
                self.error_ids.insert(name.clone(), ErrorId(i));
            }
        }
    }

    /// The shape named `name`, referenced at `path`.
    pub(super) fn resolve_shape(&mut self, path: &SchemaPath, name: &str) -> Option<ShapeId> {
        if let Some(id) = self.shape_ids.get(name) {
            return Some(*id);
        }
        let mut d = Diagnostic::error(path, format!("unknown shape `{name}`"));
        if self.error_ids.contains_key(name) {
            d = d.with_help(
                "errors cannot be used as shapes; list them in an operation's `errors:`",
            );
        } else {
            if let Some(n) = self.suggestions_left.checked_sub(1) {
                self.suggestions_left = n;
                d = d.suggest(name, self.shape_ids.keys().map(String::as_str));
            }
        }
        self.diags.push(d);
        None
    }

    /// The shape named by the required key `key` of the shape at `path`.
    pub(super) fn required_ref(
        &mut self,
        path: &SchemaPath,
        key: &str,
        name: Option<&str>,
    ) -> Option<ShapeId> {
        match name {
            Some(name) => self.resolve_shape(&path.key(key), name),
            None => {
                self.diags.push(
                    Diagnostic::error(path, format!("missing `{key}`"))
                        .with_help(format!("add `{key}: <shape>`")),
                );
                None
            }
        }
    }

    /// The structure shape named `name`, referenced at `path` as an operation input or
    /// output.
    pub(super) fn structure_ref(
        &mut self,
        path: &SchemaPath,
        name: &str,
        shapes: &[Shape],
    ) -> Option<ShapeId> {
        let id = self.resolve_shape(path, name)?;
        if matches!(shapes[id.0].kind, ShapeKind::Structure(_)) {
            Some(id)
        } else {
            self.diags.push(
                Diagnostic::error(
                    path,
                    format!(
                        "`{name}` is a {}, not a structure",
                        kind_name(&shapes[id.0].kind)
                    ),
                )
                .with_help("operation inputs and outputs must be structure shapes"),
            );
            None
        }
    }

    /// The errors an operation lists at `path`, each resolved once.
    pub(super) fn resolve_errors(&mut self, path: &SchemaPath, names: &[String]) -> Vec<ErrorId> {
        let mut errors = Vec::new();
        for (i, e) in names.iter().enumerate() {
            match self.error_ids.get(e) {
                Some(id) if errors.contains(id) => self.diags.push(
                    Diagnostic::warning(path.index(i), format!("error `{e}` is listed twice"))
                        .with_help("remove the repeat; it is ignored"),
                ),
                Some(id) => errors.push(*id),
                None => {
                    let mut d = Diagnostic::error(path.index(i), format!("unknown error `{e}`"));
                    if let Some(n) = self.suggestions_left.checked_sub(1) {
                        self.suggestions_left = n;
                        d = d.suggest(e, self.error_ids.keys().map(String::as_str));
                    }
                    self.diags.push(d);
                }
            }
        }
        errors
    }
}
