//! The AST indexed: every shape by its id, the traits `apply` adds, members with their
//! mixins' flattened in, the prelude's shapes, and the shapes a service reaches.

use super::super::reading::member;
use super::super::Cx;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};
use std::collections::{HashMap, HashSet};

/// The prelude's shapes (`smithy.api#String`) a model may target, each with the schema's
/// builtin it is; `None` for the unit shape (no value at all). `BigInteger` and
/// `BigDecimal` are not here: the schema has no arbitrary-precision numbers.
pub(super) const PRELUDE: [(&str, Option<&str>); 19] = [
    ("smithy.api#String", Some("string")),
    ("smithy.api#Blob", Some("blob")),
    ("smithy.api#Boolean", Some("boolean")),
    ("smithy.api#PrimitiveBoolean", Some("boolean")),
    ("smithy.api#Byte", Some("byte")),
    ("smithy.api#PrimitiveByte", Some("byte")),
    ("smithy.api#Short", Some("short")),
    ("smithy.api#PrimitiveShort", Some("short")),
    ("smithy.api#Integer", Some("integer")),
    ("smithy.api#PrimitiveInteger", Some("integer")),
    ("smithy.api#Long", Some("long")),
    ("smithy.api#PrimitiveLong", Some("long")),
    ("smithy.api#Float", Some("float")),
    ("smithy.api#PrimitiveFloat", Some("float")),
    ("smithy.api#Double", Some("double")),
    ("smithy.api#PrimitiveDouble", Some("double")),
    ("smithy.api#Timestamp", Some("timestamp")),
    ("smithy.api#Document", Some("document")),
    ("smithy.api#Unit", None),
];

/// The unit shape: no value (an operation without input or output, an enum value, a union
/// member that is only its name).
pub(super) const UNIT: &str = "smithy.api#Unit";

/// The prelude's numbers of arbitrary precision, which the schema cannot hold.
pub(super) const BIG_NUMBERS: [&str; 2] = ["smithy.api#BigInteger", "smithy.api#BigDecimal"];

/// One trait applied to a shape or a member: its id (`smithy.api#required`), the key and
/// value nodes, and the JSON path of the `traits` object it is in.
#[derive(Clone)]
pub(super) struct Trait<'a> {
    pub(super) id: &'a str,
    pub(super) key: &'a Node,
    pub(super) value: &'a Node,
    pub(super) traits: SchemaPath,
}

impl Trait<'_> {
    /// The JSON path of the trait's value.
    pub(super) fn path(&self) -> SchemaPath {
        self.traits.key(self.id)
    }
}

/// A shape of the AST.
pub(super) struct ShapeIn<'a> {
    pub(super) id: &'a str,
    /// The key naming it in `shapes`.
    pub(super) key: &'a Node,
    pub(super) node: &'a Node,
    pub(super) path: SchemaPath,
    /// Its `type` (`structure`, `string`, ...).
    pub(super) kind: &'a str,
}

/// A member of a structure, union or enum, with its mixins' traits and the ones `apply`
/// adds.
pub(super) struct MemberIn<'a> {
    pub(super) name: &'a str,
    pub(super) key: &'a Node,
    pub(super) path: SchemaPath,
    /// The `target` value.
    pub(super) target: Option<&'a Node>,
    pub(super) traits: Vec<Trait<'a>>,
}

impl MemberIn<'_> {
    pub(super) fn target_id(&self) -> Option<&str> {
        self.target.and_then(Node::as_str)
    }
}

/// The last of `traits` with the id `id` (a later trait overrides an earlier: a shape's
/// own over its mixin's, `apply` over both).
pub(super) fn find<'t, 'a>(traits: &'t [Trait<'a>], id: &str) -> Option<&'t Trait<'a>> {
    traits.iter().rev().find(|t| t.id == id)
}

/// Every shape of the AST by id.
pub(super) struct Ast<'a> {
    pub(super) file: &'a str,
    shapes: Vec<ShapeIn<'a>>,
    by_id: HashMap<&'a str, usize>,
    /// Traits that `apply` shapes add, by the id of the shape or member (`a#B$c`) they
    /// apply to.
    applied: HashMap<&'a str, Vec<Trait<'a>>>,
}

impl<'a> Ast<'a> {
    pub(super) fn get(&self, id: &str) -> Option<&ShapeIn<'a>> {
        self.by_id.get(id).map(|i| &self.shapes[*i])
    }

    /// The ids of the services, in file order.
    pub(super) fn services(&self) -> Vec<&'a str> {
        self.shapes
            .iter()
            .filter(|s| s.kind == "service")
            .map(|s| s.id)
            .collect()
    }

    /// Every shape id, for suggestions.
    pub(super) fn ids(&self) -> impl Iterator<Item = &'a str> + '_ {
        self.shapes.iter().map(|s| s.id)
    }

    /// The traits of a shape: its mixins' (but `mixin` itself), its own, then those
    /// `apply` adds.
    pub(super) fn traits(&self, shape: &ShapeIn<'a>) -> Vec<Trait<'a>> {
        let mut out = Vec::new();
        self.collect_traits(shape, &mut out, &mut HashSet::new(), true);
        out
    }

    fn collect_traits(
        &self,
        shape: &ShapeIn<'a>,
        out: &mut Vec<Trait<'a>>,
        seen: &mut HashSet<&'a str>,
        own: bool,
    ) {
        if !seen.insert(shape.id) {
            return;
        }
        for mixin in self.mixins(shape) {
            self.collect_traits(mixin, out, seen, false);
        }
        let path = shape.path.key("traits");
        let traits = own_traits(shape.node, &path).into_iter();
        // A mixin's `mixin` trait says what it is, and is not passed on.
        out.extend(traits.filter(|t| own || t.id != "smithy.api#mixin"));
        if let Some(applied) = self.applied.get(shape.id) {
            out.extend(applied.iter().cloned());
        }
    }

    /// The shapes a shape's `mixins` name (unknown ones are reported by
    /// [`Ast::members`]).
    fn mixins(&self, shape: &ShapeIn<'a>) -> Vec<&ShapeIn<'a>> {
        let Some(Kind::Seq(items)) = member(shape.node, "mixins").map(|m| &m.kind) else {
            return Vec::new();
        };
        items
            .iter()
            .filter_map(|i| member(i, "target").and_then(Node::as_str))
            .filter_map(|id| self.get(id))
            .collect()
    }

    /// The members of a shape: its mixins' first (in order), then its own; a member it
    /// declares again keeps its place and gains its traits.
    pub(super) fn members(&self, cx: &mut Cx, shape: &ShapeIn<'a>) -> Vec<MemberIn<'a>> {
        let mut out = Vec::new();
        self.collect_members(cx, shape, &mut out, &mut HashSet::new());
        out
    }

    fn collect_members(
        &self,
        cx: &mut Cx,
        shape: &ShapeIn<'a>,
        out: &mut Vec<MemberIn<'a>>,
        seen: &mut HashSet<&'a str>,
    ) {
        if !seen.insert(shape.id) {
            cx.error(
                self.file,
                &shape.key.span,
                &shape.path.key("mixins"),
                format!("`{}` is its own mixin", shape.id),
                "a mixin cycle has no members to flatten: remove one of the `mixins`",
            );
            return;
        }
        if let Some(Kind::Seq(items)) = member(shape.node, "mixins").map(|m| &m.kind) {
            for (i, item) in items.iter().enumerate() {
                let at = shape.path.key("mixins").index(i);
                let id = member(item, "target").and_then(Node::as_str);
                match id.and_then(|id| self.get(id)) {
                    Some(mixin) => self.collect_members(cx, mixin, out, seen),
                    None => self.unknown_shape(cx, item, &at, id.unwrap_or_default()),
                }
            }
        }
        let path = shape.path.key("members");
        let entries = match member(shape.node, "members") {
            Some(m) => cx.object(self.file, m, &path).unwrap_or_default(),
            None => &[],
        };
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            let mut traits = own_traits(value, &at.key("traits"));
            let member_id = format!("{}${name}", shape.id);
            if let Some(applied) = self.applied.get(member_id.as_str()) {
                traits.extend(applied.iter().cloned());
            }
            let target = member(value, "target");
            match out.iter_mut().find(|m| m.name == name) {
                Some(inherited) => inherited.traits.extend(traits),
                None => {
                    if target.is_none() {
                        cx.error(
                            self.file,
                            &key.span,
                            &at,
                            "the member has no `target`",
                            "add `\"target\": \"smithy.api#String\"` (or the shape it holds)",
                        );
                    }
                    out.push(MemberIn {
                        name,
                        key,
                        path: at,
                        target,
                        traits,
                    })
                }
            }
        }
    }

    /// Reports `id`, which names no shape, at `node`.
    pub(super) fn unknown_shape(&self, cx: &mut Cx, node: &Node, path: &SchemaPath, id: &str) {
        let d = crate::diagnostics::Diagnostic::error(path, format!("unknown shape `{id}`"))
            .suggest(id, self.ids())
            .with_help_if_none("every shape targeted must be defined under `shapes` (or be one of the prelude's, `smithy.api#String`)");
        cx.push(self.file, &node.span, d);
    }
}

/// The `traits` object of a shape or member node, at `path`.
fn own_traits<'a>(node: &'a Node, path: &SchemaPath) -> Vec<Trait<'a>> {
    match member(node, "traits").map(|t| &t.kind) {
        Some(Kind::Map(entries)) => entries
            .iter()
            .map(|(key, value)| {
                let id = key.as_str().unwrap_or_default();
                Trait {
                    id,
                    key,
                    value,
                    traits: path.clone(),
                }
            })
            .collect(),
        _ => Vec::new(),
    }
}

impl Cx {
    /// The AST's shapes indexed, the `smithy` version checked. `None` when it has no
    /// `shapes` object.
    pub(super) fn index_ast<'a>(&mut self, file: &'a str, root: &'a Node) -> Option<Ast<'a>> {
        let top = SchemaPath::root();
        let entries = self.object(file, root, &top)?;
        let mut shapes = None;
        let mut version = None;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            match name {
                "smithy" => version = Some(value),
                "shapes" => shapes = Some(value),
                // Validation suppressions and the like: nothing the wire depends on.
                "metadata" => {}
                _ => self.unknown(
                    file,
                    key,
                    &top,
                    name,
                    "a Smithy AST",
                    crate::diagnostics::Severity::Warning,
                ),
            }
        }
        match version {
            Some(v) => {
                if let Some(text) = self.string(file, v, &top.key("smithy")) {
                    if !matches!(text, "1" | "1.0" | "2" | "2.0") {
                        self.error(
                            file,
                            &v.span,
                            &top.key("smithy"),
                            format!("Smithy IDL version `{text}` is not supported"),
                            "the importer reads the JSON AST of Smithy 1.0 and 2.0",
                        );
                    }
                }
            }
            None => self.error(
                file,
                &root.span,
                &top,
                "the file has no `smithy` version",
                "a Smithy JSON AST (`smithy ast`) starts with `\"smithy\": \"2.0\"`",
            ),
        }
        let Some(shapes) = shapes else {
            self.error(
                file,
                &root.span,
                &top,
                "the AST has no `shapes`",
                "a Smithy JSON AST has its shapes under `shapes`",
            );
            return None;
        };
        let path = top.key("shapes");
        let mut ast = Ast {
            file,
            shapes: Vec::new(),
            by_id: HashMap::new(),
            applied: HashMap::new(),
        };
        for (key, value) in self.object(file, shapes, &path).unwrap_or_default() {
            let id = key.as_str().unwrap_or_default();
            let at = path.key(id);
            let Some((namespace, name)) = id.split_once('#') else {
                self.error(
                    file,
                    &key.span,
                    &at,
                    format!("`{id}` is not an absolute shape id"),
                    "shape ids in the AST are absolute: `namespace#Name`",
                );
                continue;
            };
            if namespace.is_empty() || name.is_empty() {
                self.error(
                    file,
                    &key.span,
                    &at,
                    format!("`{id}` is not an absolute shape id"),
                    "shape ids in the AST are absolute: `namespace#Name`",
                );
                continue;
            }
            let kind = member(value, "type").and_then(Node::as_str);
            let Some(kind) = kind else {
                self.error(
                    file,
                    &key.span,
                    &at,
                    "the shape has no `type`",
                    "add `\"type\": \"structure\"` (or string, list, map, ...)",
                );
                continue;
            };
            if kind == "apply" {
                let traits = own_traits(value, &at.key("traits"));
                ast.applied.entry(id).or_default().extend(traits);
                continue;
            }
            if ast.by_id.contains_key(id) {
                self.error(
                    file,
                    &key.span,
                    &at,
                    format!("duplicate shape `{id}`"),
                    "remove one",
                );
                continue;
            }
            ast.by_id.insert(id, ast.shapes.len());
            ast.shapes.push(ShapeIn {
                id,
                key,
                node: value,
                path: at,
                kind,
            });
        }
        Some(ast)
    }
}
