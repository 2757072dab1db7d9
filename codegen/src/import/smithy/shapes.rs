//! Each shape the service reaches as an entry of `shapes:` (structures, unions, enums,
//! lists, maps, named scalars), or of `errors:` for an `@error` structure.

use super::super::reading::member;
use super::super::{listing, Cx};
use super::closure::Closure;
use super::index::{find, Ast, ShapeIn, Trait, BIG_NUMBERS, PRELUDE};
use crate::diagnostics::Diagnostic;
use crate::model::TimestampFormat;
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::Node;

/// Smithy's simple types, each with the schema's builtin it is.
const SIMPLE: [(&str, &str); 11] = [
    ("string", "string"),
    ("blob", "blob"),
    ("boolean", "boolean"),
    ("byte", "byte"),
    ("short", "short"),
    ("integer", "integer"),
    ("long", "long"),
    ("float", "float"),
    ("double", "double"),
    ("timestamp", "timestamp"),
    ("document", "document"),
];

/// The empty structure a union member of `smithy.api#Unit` holds, written when one does.
pub(super) const UNIT_SHAPE: &str = "Unit";

/// Appended to the docs of a streaming blob.
pub(super) const STREAMED: &str = "Streamed in the Smithy model; sent and read whole here.";

/// A member's target as the schema names it.
pub(super) enum Target {
    /// A builtin (`string`) or a shape of `shapes:`.
    Named(String),
    /// `smithy.api#Unit`: no value.
    Unit,
}

impl Cx {
    /// Every reached shape: `shapes:` and `errors:`.
    pub(super) fn smithy_shapes(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
    ) -> (raw::Entries<raw::Shape>, raw::Entries<raw::Error>) {
        let mut shapes = raw::Entries::default();
        let mut errors = raw::Entries::default();
        for id in &closure.shapes {
            let (Some(s), Some(name)) = (ast.get(id), closure.name(id)) else {
                continue;
            };
            if closure.is_error(id) {
                if let Some(e) = self.smithy_error(ast, closure, s) {
                    errors.0.push((name.to_string(), e));
                }
            } else if let Some(shape) = self.smithy_shape(ast, closure, s) {
                shapes.0.push((name.to_string(), shape));
            }
        }
        if closure.unit_in_union {
            let unit = raw::Shape {
                kind: "structure".to_string(),
                docs: Some("No value: a union member of Smithy's `smithy.api#Unit`, an empty object on the wire.".to_string()),
                members: Some(raw::Entries::default()),
                ..raw::Shape::default()
            };
            shapes.0.push((UNIT_SHAPE.to_string(), unit));
        }
        (shapes, errors)
    }

    /// The schema's name for the shape a `target` node names; `None` after an error (or
    /// for a shape the closure already reported unknown).
    pub(super) fn smithy_target(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<Target> {
        let id = self.string(ast.file, node, path)?;
        if let Some((_, builtin)) = PRELUDE.iter().find(|(p, _)| *p == id) {
            return Some(builtin.map_or(Target::Unit, |b| Target::Named(b.to_string())));
        }
        if BIG_NUMBERS.contains(&id) {
            self.error(
                ast.file,
                &node.span,
                path,
                format!("`{id}` is not supported"),
                "the schema has no arbitrary-precision numbers: use a long or a double, or a string",
            );
            return None;
        }
        if closure.is_error(id) {
            self.error(
                ast.file,
                &node.span,
                path,
                format!("`{id}` is an error shape"),
                "an error becomes an entry of `errors:`, which members cannot target",
            );
            return None;
        }
        closure.name(id).map(|n| Target::Named(n.to_string()))
    }

    /// A shape that is not an error.
    fn smithy_shape(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        s: &ShapeIn<'_>,
    ) -> Option<raw::Shape> {
        let file = ast.file;
        let mut out = raw::Shape::default();
        let mut ok = true;
        let kind = match s.kind {
            "structure" | "union" | "list" | "map" | "enum" => s.kind.to_string(),
            "set" => "list".to_string(),
            "intEnum" => "int_enum".to_string(),
            k => match SIMPLE.iter().find(|(smithy, _)| *smithy == k) {
                Some((_, schema)) => schema.to_string(),
                None => {
                    self.error(
                        file,
                        &s.key.span,
                        &s.path.key("type"),
                        format!("a `{k}` shape is not supported"),
                        if matches!(k, "bigInteger" | "bigDecimal") {
                            "the schema has no arbitrary-precision numbers: use a long or a double, or a string"
                        } else {
                            "the schema's types are structure, union, enum, list, map and the scalars"
                        },
                    );
                    return None;
                }
            },
        };
        let numeric = matches!(
            s.kind,
            "byte" | "short" | "integer" | "long" | "float" | "double" | "intEnum"
        );
        let sized = matches!(s.kind, "string" | "blob" | "list" | "set" | "map");
        let what = format!("a {} shape", s.kind);
        for t in ast.traits(s) {
            let at = t.path();
            match t.id {
                "smithy.api#documentation" => out.docs = self.docs(file, t.value, &at),
                "smithy.api#length" if sized => out.length = self.bounds(file, &t),
                "smithy.api#range" if numeric => out.range = self.bounds(file, &t),
                "smithy.api#pattern" if s.kind == "string" => {
                    out.pattern = self.string(file, t.value, &at).map(str::to_string)
                }
                "smithy.api#timestampFormat" if s.kind == "timestamp" => {
                    out.timestamp_format = self.smithy_timestamp_format(file, t.value, &at)
                }
                "smithy.api#enum" if s.kind == "string" => {
                    out.values = self.enum_trait(file, &t);
                    ok &= out.values.is_some();
                }
                "smithy.api#sparse" if matches!(s.kind, "list" | "map") => out.sparse = true,
                "smithy.api#uniqueItems" if matches!(s.kind, "list" | "set") => {
                    out.unique_items = true
                }
                "smithy.api#sensitive" => out.sensitive = true,
                // What a member does with a streaming blob or a media type is the member's
                // to say (members.rs).
                "smithy.api#streaming" if s.kind == "blob" => {}
                "smithy.api#mediaType" if matches!(s.kind, "string" | "blob") => {}
                // A root shape's default is its members' to repeat (Smithy 2.0 requires it).
                "smithy.api#default" => {}
                _ => self.smithy_trait(file, &t, &what),
            }
        }
        if s.kind == "string" && find(&ast.traits(s), "smithy.api#enum").is_some() {
            out.kind = "enum".to_string();
            out.length = None;
            out.pattern = None;
        } else {
            out.kind = kind;
        }
        match s.kind {
            "structure" | "union" => {
                out.members = Some(self.smithy_members(ast, closure, s, false));
            }
            "enum" => out.values = Some(self.enum_values(ast, s)),
            "intEnum" => out.values = Some(self.int_enum_values(ast, s)),
            "list" | "set" => {
                out.member = self.element(ast, closure, s, "member");
                ok &= out.member.is_some();
                // A set is a list of unique items (Smithy 1.0).
                out.unique_items |= s.kind == "set";
            }
            "map" => {
                out.key = self.element(ast, closure, s, "key");
                out.value = self.element(ast, closure, s, "value");
                ok &= out.key.is_some() && out.value.is_some();
            }
            _ => {}
        }
        ok.then_some(out)
    }

    /// The target of a list's `member` or a map's `key` or `value`, with the constraint
    /// traits written on it (over its target's own: `PatternListOverride` of the upstream
    /// validation suite).
    fn element(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        s: &ShapeIn<'_>,
        key: &str,
    ) -> Option<raw::Element> {
        let file = ast.file;
        let path = s.path.key(key);
        let Some(node) = member(s.node, key) else {
            self.error(
                file,
                &s.key.span,
                &path,
                format!("the {} has no `{key}`", s.kind),
                "",
            );
            return None;
        };
        let Some(target) = member(node, "target") else {
            self.error(file, &node.span, &path, "expected `{\"target\": ...}`", "");
            return None;
        };
        let (mut length, mut range, mut pattern) = (None, None, None);
        if let Some(traits) = member(node, "traits") {
            let traits_path = path.key("traits");
            for (k, v) in self.object(file, traits, &traits_path).unwrap_or_default() {
                let id = k.as_str().unwrap_or_default();
                let t = Trait {
                    id,
                    key: k,
                    value: v,
                    traits: traits_path.clone(),
                };
                match id {
                    "smithy.api#documentation" => {}
                    "smithy.api#length" => length = self.bounds(file, &t),
                    "smithy.api#range" => range = self.bounds(file, &t),
                    "smithy.api#pattern" => {
                        pattern = self.string(file, v, &t.path()).map(str::to_string)
                    }
                    id if super::ignored(id) => {}
                    _ => self.unknown(
                        file,
                        k,
                        &traits_path,
                        id,
                        &format!("a {} {key}", s.kind),
                        crate::diagnostics::Severity::Error,
                    ),
                }
            }
        }
        match self.smithy_target(ast, closure, target, &path.key("target"))? {
            Target::Named(name) if length.is_none() && range.is_none() && pattern.is_none() => {
                Some(raw::Element::Name(name))
            }
            Target::Named(target) => Some(raw::Element::Full(raw::ElementFull {
                target,
                length,
                range,
                pattern,
            })),
            Target::Unit => {
                self.error(
                    file,
                    &target.span,
                    &path.key("target"),
                    format!("a {} of `smithy.api#Unit` holds nothing", s.kind),
                    "",
                );
                None
            }
        }
    }

    /// An `@error` structure as an entry of `errors:`.
    fn smithy_error(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        s: &ShapeIn<'_>,
    ) -> Option<raw::Error> {
        let file = ast.file;
        let mut out = raw::Error {
            status: 0,
            code: None,
            aliases: Vec::new(),
            retryable: false,
            title: None,
            members: raw::Entries::default(),
            docs: None,
        };
        let mut fault_status = 500;
        for t in ast.traits(s) {
            let at = t.path();
            match t.id {
                "smithy.api#error" => match self.string(file, t.value, &at) {
                    Some("client") => fault_status = 400,
                    Some("server") => fault_status = 500,
                    Some(other) => self.error(
                        file,
                        &t.value.span,
                        &at,
                        format!("unknown error fault `{other}`"),
                        "an error is `client` or `server`",
                    ),
                    None => {}
                },
                "smithy.api#httpError" => {
                    let n = self.number(file, t.value, &at);
                    match n
                        .and_then(|n| n.as_u64())
                        .filter(|n| (400..600).contains(n))
                    {
                        Some(n) => out.status = n as u16,
                        None => self.error(
                            file,
                            &t.value.span,
                            &at,
                            "an error's status is from 400 to 599",
                            "",
                        ),
                    }
                }
                "smithy.api#retryable" => out.retryable = true,
                "smithy.api#documentation" => out.docs = self.docs(file, t.value, &at),
                _ => self.smithy_trait(file, &t, "an error structure"),
            }
        }
        if out.status == 0 {
            out.status = fault_status;
        }
        let local = s.id.rsplit('#').next().unwrap_or_default();
        if closure.name(s.id) != Some(local) {
            // Renamed: the wire keeps the shape's own name.
            out.code = Some(local.to_string());
        }
        out.members = self.smithy_members(ast, closure, s, true);
        Some(out)
    }

    /// A `length` or `range` trait's `min` and `max`.
    pub(super) fn bounds(&mut self, file: &str, t: &Trait<'_>) -> Option<raw::Bounds> {
        let at = t.path();
        let entries = self.object(file, t.value, &at)?;
        let mut out = raw::Bounds {
            min: None,
            max: None,
        };
        for (k, v) in entries {
            let name = k.as_str().unwrap_or_default();
            let n = match name {
                "min" | "max" => self.number(file, v, &at.key(name)).and_then(|n| n.as_f64()),
                _ => {
                    self.unknown(
                        file,
                        k,
                        &at,
                        name,
                        "a bound",
                        crate::diagnostics::Severity::Error,
                    );
                    continue;
                }
            };
            if name == "min" {
                out.min = n;
            } else {
                out.max = n;
            }
        }
        Some(out)
    }

    /// A `timestampFormat` value: Smithy's names are the schema's.
    pub(super) fn smithy_timestamp_format(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<String> {
        let text = self.string(file, node, path)?;
        if TimestampFormat::ALL.iter().any(|(name, _)| *name == text) {
            return Some(text.to_string());
        }
        let formats = listing(TimestampFormat::ALL.iter().map(|(name, _)| *name));
        self.error(
            file,
            &node.span,
            path,
            format!("unknown timestamp format `{text}`"),
            &format!("the formats are {formats}"),
        );
        None
    }

    /// The values of a 2.0 `enum` shape: each member's `enumValue` (else its name). A value
    /// marked `@internal` is not one the service implements for its callers, so it is left
    /// out (a server refuses it, and its validation message does not list it, as the
    /// upstream `RestJsonMalformedEnumString` cases expect).
    fn enum_values(&mut self, ast: &Ast<'_>, s: &ShapeIn<'_>) -> Vec<raw::EnumValue> {
        let file = ast.file;
        let mut out = Vec::new();
        for m in ast.members(self, s) {
            let mut value = m.name.to_string();
            let mut docs = None;
            let mut internal = false;
            for t in &m.traits {
                let at = t.path();
                match t.id {
                    "smithy.api#enumValue" => {
                        if let Some(v) = self.string(file, t.value, &at) {
                            value = v.to_string();
                        }
                    }
                    "smithy.api#documentation" => docs = self.docs(file, t.value, &at),
                    "smithy.api#internal" => internal = true,
                    _ => self.smithy_trait(file, t, "an enum value"),
                }
            }
            if !internal {
                out.push(enum_value(value, m.name, docs));
            }
        }
        out
    }

    /// The values of an `intEnum`, each with its name and docs (`@internal` ones left out,
    /// as for an enum).
    fn int_enum_values(&mut self, ast: &Ast<'_>, s: &ShapeIn<'_>) -> Vec<raw::EnumValue> {
        let file = ast.file;
        let mut out = Vec::new();
        for m in ast.members(self, s) {
            let mut value = None;
            let mut docs = None;
            let mut internal = false;
            for t in &m.traits {
                let at = t.path();
                match t.id {
                    "smithy.api#enumValue" => value = self.number(file, t.value, &at),
                    "smithy.api#documentation" => docs = self.docs(file, t.value, &at),
                    "smithy.api#internal" => internal = true,
                    _ => self.smithy_trait(file, t, "an enum value"),
                }
            }
            match value.and_then(|v| v.as_i64()) {
                Some(_) if internal => {}
                Some(v) => out.push(raw::EnumValue::Int(raw::IntEnumValue {
                    value: v,
                    name: Some(m.name.to_string()),
                    docs,
                })),
                None => self.error(
                    file,
                    &m.key.span,
                    &m.path,
                    "an intEnum value has no `enumValue`",
                    "add `\"traits\": {\"smithy.api#enumValue\": 1}`",
                ),
            }
        }
        out
    }

    /// The values of a 1.0 `enum` trait on a string: `[{value, name, documentation}]`.
    fn enum_trait(&mut self, file: &str, t: &Trait<'_>) -> Option<Vec<raw::EnumValue>> {
        let at = t.path();
        let crate::yaml::Kind::Seq(items) = &t.value.kind else {
            self.error(
                file,
                &t.value.span,
                &at,
                "expected a list of enum definitions",
                "",
            );
            return None;
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = at.index(i);
            let mut value = None;
            let mut name = None;
            let mut docs = None;
            let mut internal = false;
            for (k, v) in self.object(file, item, &at).unwrap_or_default() {
                let key = k.as_str().unwrap_or_default();
                match key {
                    "value" => value = self.string(file, v, &at.key(key)),
                    "name" => name = self.string(file, v, &at.key(key)),
                    "documentation" => docs = self.docs(file, v, &at.key(key)),
                    // A definition tagged `internal` is left out, as an `@internal` value
                    // of a 2.0 enum is (`RestJsonMalformedEnumTraitString`).
                    "tags" => {
                        internal = matches!(&v.kind, crate::yaml::Kind::Seq(tags)
                            if tags.iter().any(|t| t.as_str() == Some("internal")))
                    }
                    "deprecated" => {}
                    _ => self.unknown(
                        file,
                        k,
                        &at,
                        key,
                        "an enum definition",
                        crate::diagnostics::Severity::Error,
                    ),
                }
            }
            let Some(value) = value else {
                self.push(
                    file,
                    &item.span,
                    Diagnostic::error(&at, "the enum definition has no `value`"),
                );
                return None;
            };
            if !internal {
                out.push(enum_value(value.to_string(), name.unwrap_or(value), docs));
            }
        }
        Some(out)
    }
}

/// An enum value, with the Rust name when it is not the value's own.
fn enum_value(value: String, name: &str, docs: Option<String>) -> raw::EnumValue {
    if name == value && docs.is_none() {
        return raw::EnumValue::Bare(value);
    }
    raw::EnumValue::Full(raw::EnumValueFull {
        name: (name != value).then(|| name.to_string()),
        value,
        docs,
    })
}
