//! `shapes`: every AWS shape indexed, then each one that is not an exception converted.

use super::reading::{flag, member};
use super::{listing, with_note, Cx, Part, DOC_ONLY, IGNORED};
use crate::diagnostics::Severity;
use crate::model::{Primitive, TimestampFormat};
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};
use std::collections::{HashMap, HashSet};

/// AWS's scalar types, each with the schema's primitive it becomes.
const AWS_SCALARS: [(&str, Primitive); 10] = [
    ("string", Primitive::String),
    ("integer", Primitive::Integer),
    ("byte", Primitive::Byte),
    ("short", Primitive::Short),
    ("long", Primitive::Long),
    ("boolean", Primitive::Boolean),
    ("float", Primitive::Float),
    ("double", Primitive::Double),
    ("timestamp", Primitive::Timestamp),
    ("blob", Primitive::Blob),
];

/// AWS's timestamp formats, each with the schema's format it is.
const AWS_TIMESTAMP_FORMATS: [(&str, TimestampFormat); 3] = [
    ("iso8601", TimestampFormat::DateTime),
    ("rfc822", TimestampFormat::HttpDate),
    ("unixTimestamp", TimestampFormat::EpochSeconds),
];

/// Appended to the docs of what AWS streams.
pub(super) const STREAMED: &str = "Streamed in the AWS model; sent and read whole here.";

/// An AWS shape, indexed before the conversion.
pub(super) struct ShapeIn<'a> {
    pub(super) file: &'a str,
    pub(super) name: &'a str,
    pub(super) key: &'a Node,
    pub(super) node: &'a Node,
    pub(super) path: SchemaPath,
    /// The AWS type (`structure`, `string`).
    pub(super) kind: Option<&'a str>,
    pub(super) exception: bool,
    /// Written to the schema (false for a shape that is exactly a builtin).
    pub(super) kept: bool,
}

/// Every AWS shape, in model order, found by name.
pub(super) struct Index<'a> {
    pub(super) shapes: Vec<ShapeIn<'a>>,
    by_name: HashMap<&'a str, usize>,
}

impl<'a> Index<'a> {
    pub(super) fn get(&self, name: &str) -> Option<&ShapeIn<'a>> {
        self.by_name.get(name).map(|i| &self.shapes[*i])
    }
}

/// The shapes that exist only for event streams, which the schema cannot express: the
/// streams (`eventstream`) and the structures that carry a stream (the inputs and outputs
/// of streaming operations). They are left out with their operations; the events
/// themselves are plain structures, kept for whatever else uses them.
pub(super) fn event_stream_shapes<'a>(index: &Index<'a>) -> HashSet<&'a str> {
    let streams: HashSet<&str> = index
        .shapes
        .iter()
        .filter(|s| flag(s.node, "eventstream"))
        .map(|s| s.name)
        .collect();
    let carriers = index.shapes.iter().filter(|s| {
        let Some(Kind::Map(members)) = member(s.node, "members").map(|m| &m.kind) else {
            return false;
        };
        members.iter().any(|(_, m)| {
            member(m, "shape")
                .and_then(Node::as_str)
                .is_some_and(|target| streams.contains(target))
        })
    });
    let carriers: Vec<&str> = carriers.map(|s| s.name).collect();
    streams.into_iter().chain(carriers).collect()
}

impl Cx {
    /// Every shape with its type, whether it is an exception and whether it is written.
    pub(super) fn index_shapes<'a>(&mut self, shapes: &Part<'a>) -> Index<'a> {
        let Part { file, node, path } = shapes;
        let mut out: Vec<ShapeIn<'a>> = Vec::new();
        let entries = self.object(file, node, path).unwrap_or_default();
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            if out.iter().any(|s| s.name == name) {
                self.error(
                    file,
                    &key.span,
                    &at,
                    format!("duplicate shape `{name}`"),
                    "remove one",
                );
                continue;
            }
            let kind = member(value, "type").and_then(Node::as_str);
            if kind.is_none() {
                self.error(
                    file,
                    &key.span,
                    &at,
                    "the shape has no `type`",
                    "add `\"type\": \"structure\"` (or string, list, map, ...)",
                );
            }
            let exception = kind == Some("structure")
                && (flag(value, "exception") || member(value, "error").is_some());
            let mut kept = true;
            if Primitive::ALL.iter().any(|(builtin, _)| *builtin == name) {
                let plain = match &value.kind {
                    Kind::Map(entries) => entries.iter().all(|(k, v)| {
                        let k = k.as_str().unwrap_or_default();
                        IGNORED.contains(&k)
                            || (k == "type" && v.as_str() == Some(name))
                            || (name == Primitive::Document.as_str()
                                && ((k == "type" && v.as_str() == Some("structure"))
                                    || (k == "document" && v.as_str() == Some("true"))
                                    || (k == "members"
                                        && matches!(&v.kind, Kind::Map(m) if m.is_empty()))))
                    }),
                    _ => false,
                };
                if plain {
                    kept = false;
                } else {
                    self.error(
                        file,
                        &key.span,
                        &at,
                        format!("the shape `{name}` is not the schema's builtin `{name}`"),
                        "the schema's builtin shapes cannot be redefined and the importer never renames a shape: rename it in the model",
                    );
                }
            }
            out.push(ShapeIn {
                file,
                name,
                key,
                node: value,
                path: at,
                kind,
                exception,
                kept,
            });
        }
        let by_name = out.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
        Index {
            shapes: out,
            by_name,
        }
    }

    /// Each written shape that is not left out with event streams: an entry of `shapes:`,
    /// or of `errors:` for an exception.
    pub(super) fn shapes(
        &mut self,
        r: &Index<'_>,
        streams: &HashSet<&str>,
    ) -> (raw::Entries<raw::Shape>, raw::Entries<raw::Error>) {
        let mut shapes = raw::Entries::default();
        let mut errors = raw::Entries::default();
        for shape in r
            .shapes
            .iter()
            .filter(|s| s.kept && !streams.contains(s.name))
        {
            if shape.exception {
                if let Some(e) = self.error_shape(shape, r) {
                    errors.0.push((shape.name.to_string(), e));
                }
            } else if let Some(s) = self.shape(shape, r) {
                shapes.0.push((shape.name.to_string(), s));
            }
        }
        (shapes, errors)
    }

    /// A shape that is not an exception.
    fn shape(&mut self, s: &ShapeIn<'_>, r: &Index<'_>) -> Option<raw::Shape> {
        let file = s.file;
        let entries = self.object(file, s.node, &s.path)?;
        let kind = s.kind?;
        let mut out = raw::Shape::default();
        let (mut min, mut max) = (None, None);
        let mut enum_values = None;
        let mut required = None;
        let mut payload = None;
        let mut streaming = false;
        let mut ok = true;
        let scalar = AWS_SCALARS
            .iter()
            .find(|(aws, _)| *aws == kind)
            .map(|(_, p)| *p);
        let document = Primitive::Document.as_str();
        let mut schema_type = match (kind, scalar) {
            (_, Some(p)) => p.as_str(),
            ("structure", _) if flag(s.node, "document") => document,
            ("structure", _) if flag(s.node, "union") => "union",
            ("structure", _) => "structure",
            ("list", _) => "list",
            ("map", _) => "map",
            ("bigdecimal" | "biginteger", _) => {
                let value = member(s.node, "type").unwrap_or(s.key);
                self.error(
                    file,
                    &value.span,
                    &s.path.key("type"),
                    format!("`{kind}` shapes are not supported"),
                    "the schema has no arbitrary-precision numbers: describe the value as a `string` or `double` by hand",
                );
                return None;
            }
            (other, _) => {
                let value = member(s.node, "type").unwrap_or(s.key);
                self.error(
                    file,
                    &value.span,
                    &s.path.key("type"),
                    format!("unknown shape type `{other}`"),
                    "the types are structure, list, map, string, integer, long, float, double, boolean, timestamp and blob",
                );
                return None;
            }
        };
        let numeric = matches!(
            scalar,
            Some(
                Primitive::Byte
                    | Primitive::Short
                    | Primitive::Integer
                    | Primitive::Long
                    | Primitive::Float
                    | Primitive::Double
            )
        );
        let structure = kind == "structure";
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = s.path.key(name);
            match name {
                "type" => {}
                "documentation" => out.docs = self.docs(file, value, &at),
                n if IGNORED.contains(&n) => {}
                "min" if numeric || matches!(kind, "string" | "blob" | "list" | "map") => {
                    min = self.number(file, value, &at).and_then(|n| n.as_f64())
                }
                "max" if numeric || matches!(kind, "string" | "blob" | "list" | "map") => {
                    max = self.number(file, value, &at).and_then(|n| n.as_f64())
                }
                "pattern" if kind == "string" => {
                    out.pattern = self.string(file, value, &at).map(str::to_string)
                }
                "enum" if kind == "string" => enum_values = Some((key, value)),
                "timestampFormat" if kind == "timestamp" => {
                    out.timestamp_format = self.timestamp_format(file, value, &at)
                }
                "members" if structure => {}
                "required" if structure => required = Some((key, value)),
                "payload" if structure => {
                    payload = self.string(file, value, &at).map(|p| (p, value))
                }
                "document" | "union" if structure => {
                    self.boolean(file, value, &at);
                }
                "member" if kind == "list" => {
                    out.member = self.reference(file, value, &at, r).map(raw::Element::Name)
                }
                "key" if kind == "map" => {
                    out.key = self.reference(file, value, &at, r).map(raw::Element::Name)
                }
                "value" if kind == "map" => {
                    out.value = self.reference(file, value, &at, r).map(raw::Element::Name)
                }
                "streaming" if kind == "blob" => {
                    streaming = self.boolean(file, value, &at).unwrap_or(false)
                }
                "requiresLength" if kind == "blob" => {}
                "sparse" if matches!(kind, "list" | "map") => {
                    out.sparse = self.boolean(file, value, &at).unwrap_or(false)
                }
                // An event is also a plain structure, which other shapes may use: its
                // marks only matter inside a stream, which is left out with its operations.
                "event" => {}
                "eventstream" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        "event streams are not supported",
                        "the schema has no event streams: leave the operations that use it out of the model",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, &s.path, n, "a shape", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(
                        file,
                        key,
                        &s.path,
                        n,
                        &format!("a {kind} shape"),
                        Severity::Error,
                    )
                }
            }
        }
        if let Some((key, values)) = enum_values {
            schema_type = "enum";
            let values = self.strings(file, values, &s.path.key("enum"));
            out.values = values.map(|v| v.into_iter().map(raw::EnumValue::Bare).collect());
            if min.is_some() || max.is_some() || out.pattern.is_some() {
                self.warning(
                    file,
                    &key.span,
                    &s.path.key("enum"),
                    "the length and pattern of an enum shape are not imported",
                    "an enum's values say what it may be",
                );
                (min, max, out.pattern) = (None, None, None);
            }
        }
        if min.is_some() || max.is_some() {
            let bounds = raw::Bounds { min, max };
            if numeric {
                out.range = Some(bounds);
            } else {
                out.length = Some(bounds);
            }
        }
        if streaming {
            out.docs = with_note(out.docs.take(), STREAMED);
        }
        if matches!(schema_type, "structure" | "union") {
            let members = member(s.node, "members");
            out.members = Some(self.members(s, members, required, payload, r));
        } else if schema_type == document {
            if let Some(m) = member(s.node, "members") {
                if !matches!(&m.kind, Kind::Map(e) if e.is_empty()) {
                    ok = false;
                    self.error(
                        file,
                        &m.span,
                        &s.path.key("members"),
                        "a document shape has no members",
                        "remove the members, or `document: true`",
                    );
                }
            }
        }
        if schema_type == "union" {
            if let Some((key, _)) = required {
                ok = false;
                self.error(
                    file,
                    &key.span,
                    &s.path.key("required"),
                    "a union's members are never required",
                    "remove `required`: exactly one member of a union is set",
                );
            }
        }
        out.kind = schema_type.to_string();
        ok.then_some(out)
    }

    /// A `timestampFormat` value as the schema's name of the format.
    pub(super) fn timestamp_format(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<String> {
        let text = self.string(file, node, path)?;
        let format = AWS_TIMESTAMP_FORMATS.iter().find(|(aws, _)| *aws == text);
        if format.is_none() {
            let formats = listing(AWS_TIMESTAMP_FORMATS.iter().map(|(aws, _)| *aws));
            self.error(
                file,
                &node.span,
                path,
                format!("unknown timestamp format `{text}`"),
                &format!("the formats are {formats}"),
            );
        }
        format.map(|(_, f)| f.as_str().to_string())
    }
}
