//! What the service reaches: its operations (through its resources too, those that stream
//! events left out), then every shape those reach, each with its name in the schema.

use super::super::reading::member;
use super::super::Cx;
use super::index::{find, Ast, ShapeIn, BIG_NUMBERS, PRELUDE, UNIT};
use super::service::Section;
use super::shapes::UNIT_SHAPE;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};
use std::collections::{HashMap, HashSet};

/// The error shape a constraint violation becomes in Smithy's server frameworks; imported as
/// `service.validation_error`.
const VALIDATION_EXCEPTION: &str = "smithy.framework#ValidationException";

/// The keys of a resource that name its operations.
const RESOURCE_OPERATIONS: [&str; 6] = ["create", "put", "read", "update", "delete", "list"];

/// The service's operations and shapes, in the order they are first reached.
pub(super) struct Closure<'a> {
    /// The operations imported.
    pub(super) operations: Vec<&'a str>,
    /// The shapes (not the prelude's) the operations reach, errors included.
    pub(super) shapes: Vec<&'a str>,
    /// Every reached shape's and operation's name in the schema.
    names: HashMap<&'a str, String>,
    /// The error shapes among `shapes`.
    errors: HashSet<&'a str>,
    /// The schema name of `smithy.framework#ValidationException` when it is reached.
    pub(super) validation_error: Option<String>,
    /// The structures operations take as input, and those they answer with.
    inputs: HashSet<&'a str>,
    outputs: HashSet<&'a str>,
    /// Whether a union has a member of `smithy.api#Unit`, which holds the schema's shape
    /// [`UNIT_SHAPE`].
    pub(super) unit_in_union: bool,
}

impl<'a> Closure<'a> {
    /// The schema name of a reached shape or operation.
    pub(super) fn name(&self, id: &str) -> Option<&str> {
        self.names.get(id).map(String::as_str)
    }

    /// Whether `id` is only an operation's output: Smithy ignores the request's bindings
    /// (`httpLabel`, `httpQuery`, `httpQueryParams`) there.
    pub(super) fn is_output_only(&self, id: &str) -> bool {
        self.outputs.contains(id) && !self.inputs.contains(id)
    }

    /// Whether `id` is only an operation's input: Smithy ignores `httpResponseCode` there.
    pub(super) fn is_input_only(&self, id: &str) -> bool {
        self.inputs.contains(id) && !self.outputs.contains(id)
    }

    /// Whether `id` is an error structure.
    pub(super) fn is_error(&self, id: &str) -> bool {
        self.errors.contains(id)
    }

    pub(super) fn operation_names(&self) -> Vec<(String, String)> {
        self.operations
            .iter()
            .map(|id| (id.to_string(), self.names[id].clone()))
            .collect()
    }

    pub(super) fn error_names(&self) -> Vec<(String, String)> {
        self.shapes
            .iter()
            .filter(|id| self.errors.contains(*id))
            .map(|id| (id.to_string(), self.names[id].clone()))
            .collect()
    }
}

/// Whether a structure shape is an error (`@error`).
pub(super) fn is_error_shape(ast: &Ast<'_>, s: &ShapeIn<'_>) -> bool {
    s.kind == "structure" && find(&ast.traits(s), "smithy.api#error").is_some()
}

impl Cx {
    /// The operations and shapes `service` reaches.
    pub(super) fn closure<'a>(
        &mut self,
        ast: &Ast<'a>,
        service: &ShapeIn<'a>,
        section: &Section<'a>,
    ) -> Closure<'a> {
        let file = ast.file;
        let mut out = Closure {
            operations: Vec::new(),
            shapes: Vec::new(),
            names: HashMap::new(),
            errors: HashSet::new(),
            validation_error: None,
            unit_in_union: false,
            inputs: HashSet::new(),
            outputs: HashSet::new(),
        };
        // Operations, through resources.
        let mut bound: Vec<(&'a str, &'a Node, SchemaPath)> = Vec::new();
        let mut containers = vec![service];
        let mut seen_containers = HashSet::new();
        while let Some(c) = containers.pop() {
            if !seen_containers.insert(c.id) {
                continue;
            }
            let mut keys: Vec<&str> = vec!["operations", "collectionOperations"];
            if c.kind == "resource" {
                keys.extend(RESOURCE_OPERATIONS);
            }
            for key in keys {
                let Some(node) = member(c.node, key) else {
                    continue;
                };
                let at = c.path.key(key);
                match &node.kind {
                    Kind::Seq(_) => bound.extend(self.targets(file, node, &at)),
                    _ => {
                        if let Some(t) = member(node, "target") {
                            if let Some(id) = self.string(file, t, &at.key("target")) {
                                bound.push((id, t, at.key("target")));
                            }
                        }
                    }
                }
            }
            if let Some(node) = member(c.node, "resources") {
                for (id, node, at) in self.targets(file, node, &c.path.key("resources")) {
                    match ast.get(id) {
                        Some(r) if r.kind == "resource" => containers.push(r),
                        Some(r) => self.error(
                            file,
                            &node.span,
                            &at,
                            format!("`{id}` is a {} shape, not a resource", r.kind),
                            "",
                        ),
                        None => ast.unknown_shape(self, node, &at, id),
                    }
                }
            }
        }
        // By shape id, as `smithy ast` writes a service's operations: the IDL and the
        // AST of one model import alike.
        bound.sort_by(|a, b| a.0.cmp(b.0));
        let mut seen = HashSet::new();
        let mut queue: Vec<(&'a str, &'a Node, SchemaPath)> = section.errors.clone();
        for (id, node, at) in bound {
            if !seen.insert(id) {
                continue;
            }
            let op = match ast.get(id) {
                Some(op) if op.kind == "operation" => op,
                Some(s) => {
                    self.error(
                        file,
                        &node.span,
                        &at,
                        format!("`{id}` is a {} shape, not an operation", s.kind),
                        "",
                    );
                    continue;
                }
                None => {
                    ast.unknown_shape(self, node, &at, id);
                    continue;
                }
            };
            if let Some(stream) = self.event_stream(ast, op) {
                self.warning(
                    file,
                    &op.key.span,
                    &op.path,
                    format!("the operation streams events (`{stream}`): it is left out"),
                    "the schema has no event streams; the service's other operations are imported",
                );
                continue;
            }
            out.operations.push(id);
            for key in ["input", "output"] {
                if let Some(t) = member(op.node, key).and_then(|n| member(n, "target")) {
                    if let Some(target) = self.string(file, t, &op.path.key(key).key("target")) {
                        match key {
                            "input" => out.inputs.insert(target),
                            _ => out.outputs.insert(target),
                        };
                        queue.push((target, t, op.path.key(key).key("target")));
                    }
                }
            }
            if let Some(errors) = member(op.node, "errors") {
                let mut errors = self.targets(file, errors, &op.path.key("errors"));
                errors.sort_by(|a, b| a.0.cmp(b.0));
                queue.extend(errors);
            }
        }
        // Shapes, depth first from each operation's input, output and errors.
        let mut scratch = Cx::default();
        let mut reached = HashSet::new();
        queue.reverse();
        while let Some((id, node, at)) = queue.pop() {
            if PRELUDE.iter().any(|(p, _)| *p == id) || BIG_NUMBERS.contains(&id) {
                continue;
            }
            let Some(s) = ast.get(id) else {
                ast.unknown_shape(self, node, &at, id);
                continue;
            };
            if !reached.insert(id) {
                continue;
            }
            if matches!(s.kind, "service" | "operation" | "resource") {
                self.error(
                    file,
                    &node.span,
                    &at,
                    format!("`{id}` is a {}, not a shape a value can have", s.kind),
                    "",
                );
                continue;
            }
            out.shapes.push(id);
            if is_error_shape(ast, s) {
                out.errors.insert(id);
            }
            let mut next = Vec::new();
            match s.kind {
                "structure" | "union" => {
                    for m in ast.members(&mut scratch, s) {
                        if let Some(t) = m.target {
                            out.unit_in_union |= s.kind == "union" && t.as_str() == Some(UNIT);
                            if let Some(target) = t.as_str() {
                                next.push((target, t, m.path.key("target")));
                            }
                        }
                    }
                }
                _ => {
                    for key in ["member", "key", "value"] {
                        if let Some(t) = member(s.node, key).and_then(|n| member(n, "target")) {
                            if let Some(target) = t.as_str() {
                                next.push((target, t, s.path.key(key).key("target")));
                            }
                        }
                    }
                }
            }
            // Depth first, members in order.
            queue.extend(next.into_iter().rev());
        }
        // Names: the service's `rename`, else the id's name; two shapes may not share one.
        let mut by_name: HashMap<String, &str> = HashMap::new();
        if out.unit_in_union {
            by_name.insert(UNIT_SHAPE.to_string(), UNIT);
        }
        for id in out.operations.iter().chain(&out.shapes) {
            let name = match section.rename.get(id) {
                Some((to, _)) => to.to_string(),
                None => id.rsplit('#').next().unwrap_or_default().to_string(),
            };
            if let Some(other) = by_name.get(&name) {
                let s = ast.get(id).expect("reached shapes exist");
                self.error(
                    file,
                    &s.key.span,
                    &s.path,
                    format!("`{other}` and `{id}` would both be `{name}` in the schema"),
                    &format!("give one another name in the service's `rename` (`\"{id}\": \"Other{name}\"`)"),
                );
                continue;
            }
            by_name.insert(name.clone(), id);
            if *id == VALIDATION_EXCEPTION {
                out.validation_error = Some(name.clone());
            }
            out.names.insert(id, name);
        }
        out
    }

    /// The event stream an operation's input or output carries (a member targeting a
    /// `@streaming` union), if any.
    fn event_stream<'a>(&mut self, ast: &Ast<'a>, op: &ShapeIn<'a>) -> Option<&'a str> {
        let mut scratch = Cx::default();
        for key in ["input", "output"] {
            let id = member(op.node, key)
                .and_then(|n| member(n, "target"))
                .and_then(Node::as_str);
            let Some(s) = id.and_then(|id| ast.get(id)) else {
                continue;
            };
            if s.kind != "structure" {
                continue;
            }
            for m in ast.members(&mut scratch, s) {
                let target = m.target_id().and_then(|t| ast.get(t));
                if let Some(t) = target {
                    if t.kind == "union" && find(&ast.traits(t), "smithy.api#streaming").is_some() {
                        return Some(t.id);
                    }
                }
            }
        }
        None
    }
}
