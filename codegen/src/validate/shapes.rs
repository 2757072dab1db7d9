//! Lowering of shapes: scalars, enums, lists, maps and structures with their members, and
//! the constraints written on them.

use super::inputs::Inputs;
use super::{kind_name, Cx};
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::{BTreeMap, BTreeSet};

const SHAPE_TYPES: &[&str] = &[
    "structure",
    "union",
    "enum",
    "int_enum",
    "map",
    "list",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "boolean",
    "float",
    "double",
    "timestamp",
    "blob",
    "document",
];

impl Cx {
    /// Every shape: the builtins, then the schema's shapes in source order (so that a
    /// shape's index is its id). Each structure gets its `input_of` from `inputs`.
    pub(super) fn lower_shapes(&mut self, schema: &raw::Schema, inputs: &Inputs) -> Vec<Shape> {
        let mut shapes: Vec<Shape> = Primitive::ALL
            .iter()
            .map(|(name, p)| Shape {
                name: name.to_string(),
                rust_name: primitive_rust_name(*p).to_string(),
                docs: None,
                kind: ShapeKind::Primitive(*p),
                constraints: Constraints::default(),
                timestamp_format: None,
                sensitive: false,
                sparse: false,
                element_constraints: Constraints::default(),
                key_constraints: Constraints::default(),
            })
            .collect();
        // First the kinds that do not depend on other shapes, so that member constraints
        // can be merged from their targets below.
        for (name, raw) in &schema.shapes.0 {
            let path = SchemaPath::root().key("shapes").key(name);
            let kind = self.lower_shape_kind(&path, raw);
            let mut constraints =
                constraints(raw.length, raw.range, &raw.pattern, raw.unique_items);
            if raw.kind == "int_enum" {
                constraints.int_values = Some(self.lower_int_enum(&path, raw.values.as_deref()));
            }
            if let Some(kind) = &kind {
                self.check_constraints(&path, kind, &constraints);
                let collection = matches!(kind, ShapeKind::List { .. } | ShapeKind::Map { .. });
                if raw.sparse && !collection {
                    self.diags.push(
                        Diagnostic::error(
                            path.key("sparse"),
                            format!("`sparse` does not apply to {} shapes", kind_name(kind)),
                        )
                        .with_help("`sparse` lets a list or a map hold `null` entries; remove it"),
                    );
                }
            }
            let timestamp_format = raw.timestamp_format.as_deref().and_then(|f| {
                let is_timestamp = kind == Some(ShapeKind::Primitive(Primitive::Timestamp));
                self.timestamp_format(&path.key("timestamp_format"), f, is_timestamp)
            });
            shapes.push(Shape {
                name: name.clone(),
                rust_name: naming::type_name(name),
                docs: raw.docs.clone(),
                kind: kind.unwrap_or(ShapeKind::Primitive(Primitive::String)),
                constraints,
                timestamp_format,
                sensitive: raw.sensitive,
                sparse: raw.sparse,
                element_constraints: Constraints::default(),
                key_constraints: Constraints::default(),
            });
        }
        // Then structure and union members, which may point at any shape.
        for (i, (name, raw)) in schema.shapes.0.iter().enumerate() {
            let id = ShapeId(Primitive::ALL.len() + i);
            let path = SchemaPath::root().key("shapes").key(name).key("members");
            match raw.kind.as_str() {
                "structure" => {
                    let members = self.lower_members(
                        &path,
                        raw.members.as_ref(),
                        &shapes,
                        naming::field_name,
                    );
                    shapes[id.0].kind = ShapeKind::Structure(Structure {
                        members,
                        input_of: inputs.of(id).to_vec(),
                    });
                }
                "union" => {
                    let members = self.lower_members(
                        &path,
                        raw.members.as_ref(),
                        &shapes,
                        naming::variant_name,
                    );
                    self.check_union_members(&path, &members);
                    shapes[id.0].kind = ShapeKind::Union(Union { members });
                }
                _ => {}
            }
            // A list's or map's elements: the constraints written on its `member` (`key`,
            // `value`) over their target's.
            let path = SchemaPath::root().key("shapes").key(name);
            let element = |cx: &mut Cx, key: &str, raw: Option<&raw::Element>, target: ShapeId| {
                let Some(raw::Element::Full(full)) = raw else {
                    return shapes[target.0].constraints.clone();
                };
                let own = constraints(full.length, full.range, &full.pattern, false);
                cx.check_constraints(&path.key(key), &shapes[target.0].kind, &own);
                merged(&own, &shapes[target.0].constraints)
            };
            match shapes[id.0].kind {
                ShapeKind::List { member } => {
                    let c = element(self, "member", raw.member.as_ref(), member);
                    shapes[id.0].element_constraints = c;
                }
                ShapeKind::Map { key, value } => {
                    let k = element(self, "key", raw.key.as_ref(), key);
                    let v = element(self, "value", raw.value.as_ref(), value);
                    (
                        shapes[id.0].key_constraints,
                        shapes[id.0].element_constraints,
                    ) = (k, v);
                }
                _ => {}
            }
        }
        shapes
    }

    /// A union's members are its variants: in the body, never required, at least one.
    fn check_union_members(&mut self, path: &SchemaPath, members: &[Member]) {
        if members.is_empty() {
            self.diags.push(
                Diagnostic::error(path.clone(), "a union needs at least one member")
                    .with_help("add `members:`, one per alternative"),
            );
        }
        for m in members {
            if m.required {
                self.diags.push(
                    Diagnostic::error(
                        path.key(&m.name).key("required"),
                        format!(
                            "union member `{}` cannot be required: a union sets exactly one member",
                            m.name
                        ),
                    )
                    .with_help("remove `required`"),
                );
            }
            if m.location != Location::Body {
                self.diags.push(
                    Diagnostic::error(
                        path.key(&m.name).key("location"),
                        format!("union member `{}` cannot travel outside the body", m.name),
                    )
                    .with_help("remove `location`"),
                );
            }
        }
    }

    /// The format named `text` at `path`, which must be on a timestamp (`fits`).
    fn timestamp_format(
        &mut self,
        path: &SchemaPath,
        text: &str,
        fits: bool,
    ) -> Option<TimestampFormat> {
        if !fits {
            self.diags.push(
                Diagnostic::error(
                    path.clone(),
                    "`timestamp_format` applies to timestamps only",
                )
                .with_help("remove `timestamp_format`"),
            );
            return None;
        }
        let found = TimestampFormat::ALL
            .iter()
            .find(|(name, _)| *name == text)
            .map(|(_, f)| *f);
        if found.is_none() {
            let names = TimestampFormat::ALL.map(|(n, _)| n);
            // The AWS JSON model's names for the same formats.
            let aws = match text {
                "iso8601" => Some("date-time"),
                "rfc822" => Some("http-date"),
                "unixTimestamp" => Some("epoch-seconds"),
                _ => None,
            };
            let d = Diagnostic::error(path.clone(), format!("unknown timestamp format `{text}`"));
            self.diags.push(match aws {
                Some(ours) => d.with_help(format!("`{text}` is called `{ours}` here")),
                None => d
                    .suggest(text, names)
                    .with_help_if_none(format!("one of: {}", names.join(", "))),
            });
        }
        found
    }

    /// JSON object keys are strings: a map key must be `string`, a string shape or an enum.
    pub(super) fn check_map_keys(&mut self, shapes: &[Shape]) {
        for shape in shapes {
            if let ShapeKind::Map { key, .. } = shape.kind {
                let fits = matches!(
                    shapes[key.0].kind,
                    ShapeKind::Primitive(Primitive::String) | ShapeKind::Enum(_)
                );
                if !fits {
                    let key_name = &shapes[key.0].name;
                    self.diags.push(
                        Diagnostic::error(
                            SchemaPath::root().key("shapes").key(&shape.name).key("key"),
                            format!("map keys must be strings, not `{key_name}`"),
                        )
                        .with_help("use `key: string`, a shape with `type: string`, or an enum"),
                    );
                }
            }
        }
    }

    /// What the shape at `path` is; structure members are filled in later.
    fn lower_shape_kind(&mut self, path: &SchemaPath, raw: &raw::Shape) -> Option<ShapeKind> {
        let kind = raw.kind.as_str();
        let unexpected = |key: &str, present: bool, cx: &mut Cx| {
            if present {
                cx.diags.push(
                    Diagnostic::error(path.key(key), format!("a `{kind}` shape takes no `{key}`"))
                        .with_help(format!("remove `{key}`")),
                );
            }
        };
        unexpected(
            "members",
            raw.members.is_some() && !matches!(kind, "structure" | "union"),
            self,
        );
        unexpected(
            "values",
            raw.values.is_some() && !matches!(kind, "enum" | "int_enum"),
            self,
        );
        unexpected("key", raw.key.is_some() && kind != "map", self);
        unexpected("value", raw.value.is_some() && kind != "map", self);
        unexpected("member", raw.member.is_some() && kind != "list", self);
        match kind {
            // Filled in once every shape has an id.
            "structure" => Some(ShapeKind::Structure(Structure {
                members: Vec::new(),
                input_of: Vec::new(),
            })),
            "union" => Some(ShapeKind::Union(Union {
                members: Vec::new(),
            })),
            "enum" => Some(ShapeKind::Enum(
                self.lower_enum(path, raw.values.as_deref()),
            )),
            // An integer with a closed set of values (its `values` become a constraint).
            "int_enum" => Some(ShapeKind::Primitive(Primitive::Integer)),
            "list" => {
                let member = self.element_ref(path, "member", raw.member.as_ref())?;
                Some(ShapeKind::List { member })
            }
            "map" => {
                let key = self.element_ref(path, "key", raw.key.as_ref());
                let value = self.element_ref(path, "value", raw.value.as_ref());
                Some(ShapeKind::Map {
                    key: key?,
                    value: value?,
                })
            }
            other => Primitive::ALL
                .iter()
                .find(|(n, _)| *n == other)
                .map(|(_, p)| ShapeKind::Primitive(*p))
                .or_else(|| {
                    self.diags.push(
                        Diagnostic::error(
                            path.key("type"),
                            format!("unknown shape type `{other}`"),
                        )
                        .suggest(other, SHAPE_TYPES.iter().copied())
                        .with_help_if_none(format!("one of: {}", SHAPE_TYPES.join(", "))),
                    );
                    None
                }),
        }
    }

    /// The target of a list's `member` or a map's `key` or `value` (`key`) at `path`.
    fn element_ref(
        &mut self,
        path: &SchemaPath,
        key: &str,
        element: Option<&raw::Element>,
    ) -> Option<ShapeId> {
        match element {
            Some(raw::Element::Full(full)) => {
                self.resolve_shape(&path.key(key).key("target"), &full.target)
            }
            other => self.required_ref(path, key, other.map(raw::Element::target)),
        }
    }

    /// The values of the enum at `path`, each with its variant name.
    fn lower_enum(&mut self, path: &SchemaPath, values: Option<&[raw::EnumValue]>) -> Enum {
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            self.diags.push(
                Diagnostic::error(path, "an enum needs at least one value")
                    .with_help("add `values: [FIRST, SECOND]`"),
            );
            return Enum { values: Vec::new() };
        };
        let mut out = Vec::new();
        let mut seen_values = BTreeSet::new();
        let mut seen_names = BTreeMap::new();
        for (i, v) in values.iter().enumerate() {
            let vpath = path.key("values").index(i);
            let (value, name, docs) = match v {
                raw::EnumValue::Bare(value) => (value.clone(), None, None),
                raw::EnumValue::Full(f) => (f.value.clone(), f.name.clone(), f.docs.clone()),
                raw::EnumValue::Int(_) | raw::EnumValue::IntBare(_) => {
                    self.diags.push(
                        Diagnostic::error(vpath, "an `enum`'s values are strings")
                            .with_help("quote the value, or make the shape an `int_enum`"),
                    );
                    continue;
                }
            };
            if value.is_empty() {
                self.error(vpath, "an enum value cannot be empty");
                continue;
            }
            if !seen_values.insert(value.clone()) {
                self.error(vpath, format!("duplicate enum value `{value}`"));
                continue;
            }
            let rust_name = match &name {
                // A chosen name is the user's to fix.
                Some(name) => {
                    let rust_name = naming::variant_name(name);
                    if !self.claim_variant_name(&mut seen_names, &vpath, &value, &rust_name) {
                        continue;
                    }
                    rust_name
                }
                None => self.claim_or_number_variant(
                    &mut seen_names,
                    &vpath,
                    &value,
                    naming::variant_name(&value),
                ),
            };
            out.push(EnumValue {
                value,
                rust_name,
                docs,
            });
        }
        Enum { values: out }
    }

    /// The values of the `int_enum` at `path`: integers that fit an `i32`, each once.
    fn lower_int_enum(&mut self, path: &SchemaPath, values: Option<&[raw::EnumValue]>) -> Vec<i64> {
        let Some(values) = values.filter(|v| !v.is_empty()) else {
            self.diags.push(
                Diagnostic::error(path.clone(), "an int_enum needs at least one value")
                    .with_help("add `values: [{value: 1, name: FIRST}, {value: 2, name: SECOND}]`"),
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, v) in values.iter().enumerate() {
            let vpath = path.key("values").index(i);
            let value = match v {
                raw::EnumValue::Int(v) => v.value,
                raw::EnumValue::IntBare(v) => *v,
                raw::EnumValue::Bare(_) | raw::EnumValue::Full(_) => {
                    self.diags.push(
                        Diagnostic::error(vpath, "an `int_enum`'s values are integers")
                            .with_help("write `value: 1`, or make the shape an `enum`"),
                    );
                    continue;
                }
            };
            if i32::try_from(value).is_err() {
                self.error(
                    vpath,
                    format!("the value {value} does not fit an integer (i32)"),
                );
            } else if out.contains(&value) {
                self.error(vpath, format!("duplicate int_enum value {value}"));
            } else {
                out.push(value);
            }
        }
        out
    }

    /// Constraints must fit what they constrain: `length` strings, lists and maps, `range`
    /// numbers, `pattern` strings; and `min` may not exceed `max`.
    fn check_constraints(&mut self, path: &SchemaPath, kind: &ShapeKind, c: &Constraints) {
        use Primitive::*;
        let fits = [
            (
                "length",
                c.length,
                matches!(
                    kind,
                    ShapeKind::Primitive(String | Blob)
                        | ShapeKind::List { .. }
                        | ShapeKind::Map { .. }
                ),
                "strings, blobs, lists and maps",
            ),
            (
                "range",
                c.range,
                matches!(
                    kind,
                    ShapeKind::Primitive(Byte | Short | Integer | Long | Float | Double)
                ),
                "bytes, shorts, integers, longs, floats and doubles",
            ),
        ];
        for (key, bounds, fits, what) in fits {
            let Some(b) = bounds else { continue };
            if !fits {
                self.diags.push(
                    Diagnostic::error(
                        path.key(key),
                        format!("`{key}` does not apply to {} shapes", kind_name(kind)),
                    )
                    .with_help(format!("`{key}` constrains {what}; remove it")),
                );
            }
            // Bounds become literals in generated code: finite, and within the type.
            let limit = match kind {
                ShapeKind::Primitive(Byte) => Some((i8::MIN as f64, i8::MAX as f64, "a byte (i8)")),
                ShapeKind::Primitive(Short) => {
                    Some((i16::MIN as f64, i16::MAX as f64, "a short (i16)"))
                }
                ShapeKind::Primitive(Integer) => {
                    Some((i32::MIN as f64, i32::MAX as f64, "an integer (i32)"))
                }
                // The i64 range, as f64 rounds it (models write `9223372036854775807`).
                ShapeKind::Primitive(Long) => Some((
                    -9_223_372_036_854_775_808.0,
                    9_223_372_036_854_775_808.0,
                    "a long (i64)",
                )),
                _ if key == "length" => {
                    Some((0.0, 4_294_967_295.0, "a length of at most 2^32 - 1"))
                }
                _ => None,
            };
            let mut bad_bound = false;
            for (side, v) in [("min", b.min), ("max", b.max)] {
                let Some(v) = v else { continue };
                let problem = if !v.is_finite() {
                    Some("must be a finite number".to_string())
                } else if let Some((lo, hi, what)) = limit.filter(|_| fits) {
                    (v < lo || v > hi || v.fract() != 0.0)
                        .then(|| format!("({v}) must be a whole number that fits {what}"))
                } else {
                    None
                };
                if let Some(problem) = problem {
                    bad_bound = true;
                    self.error(path.key(key).key(side), format!("`{side}` {problem}"));
                }
            }
            if bad_bound {
                continue;
            }
            if let (Some(min), Some(max)) = (b.min, b.max) {
                if min > max {
                    self.error(
                        path.key(key),
                        format!("`min` ({min}) is greater than `max` ({max})"),
                    );
                }
            }
            if key == "length"
                && b.min
                    .into_iter()
                    .chain(b.max)
                    .any(|v| v < 0.0 || v.fract() != 0.0)
            {
                self.error(path.key(key), "a length is a whole number of 0 or more");
            }
        }
        if c.pattern.is_some() && !matches!(kind, ShapeKind::Primitive(String)) {
            self.diags.push(
                Diagnostic::error(
                    path.key("pattern"),
                    format!("`pattern` does not apply to {} shapes", kind_name(kind)),
                )
                .with_help("`pattern` constrains strings; remove it"),
            );
        }
        // The generated server compiles it with the runtime's `regex` (its `std` and
        // `unicode-perl` features): what does not compile here would match nothing there.
        if let Some(pattern) = &c.pattern {
            if let Err(e) = regex::Regex::new(pattern) {
                let why = e.to_string();
                let why = why.lines().last().unwrap_or_default().trim();
                let why = why.strip_prefix("error: ").unwrap_or(why).to_string();
                self.diags.push(
                    Diagnostic::error(
                        path.key("pattern"),
                        format!("`pattern` is not a regular expression the server can check: {why}"),
                    )
                    .with_help("patterns are regular expressions of the `regex` crate's syntax (no look-around or back-references); `\\d`, `\\w` and `\\s` are allowed"),
                );
            }
        }
        if c.unique_items && !matches!(kind, ShapeKind::List { .. }) {
            self.diags.push(
                Diagnostic::error(
                    path.key("unique_items"),
                    format!(
                        "`unique_items` does not apply to {} shapes",
                        kind_name(kind)
                    ),
                )
                .with_help("`unique_items` constrains lists; remove it"),
            );
        }
    }

    /// The members of the structure or error at `path`, each with its Rust name, wire
    /// name, location, target and constraints.
    pub(super) fn lower_members(
        &mut self,
        path: &SchemaPath,
        members: Option<&raw::Entries<raw::Member>>,
        shapes: &[Shape],
        field_name: fn(&str) -> String,
    ) -> Vec<Member> {
        let mut out = Vec::new();
        let mut names = BTreeMap::<String, String>::new();
        let mut rust_names = BTreeMap::<String, String>::new();
        let mut params = BTreeSet::new();
        let mut wire_names = BTreeMap::<String, String>::new();
        for (name, raw) in members.map(|m| m.0.as_slice()).unwrap_or_default() {
            let mpath = path.key(name);
            if names.insert(name.clone(), name.clone()).is_some() {
                self.error(mpath, format!("duplicate member `{name}`"));
                continue;
            }
            let rust_name = field_name(name);
            self.claim_field_name(&mut rust_names, &mpath, name, &rust_name);
            let wire_name = raw.wire_name.clone().unwrap_or_else(|| name.clone());
            let location = match raw.location.as_deref() {
                None => Location::Body,
                Some(text) => match Location::ALL.iter().find(|(n, _)| *n == text) {
                    Some((_, location)) => *location,
                    None => {
                        let names = Location::ALL.map(|(n, _)| n);
                        self.diags.push(
                            Diagnostic::error(
                                mpath.key("location"),
                                format!("unknown location `{text}`"),
                            )
                            .suggest(text, names)
                            .with_help_if_none(format!("one of: {}", names.join(", "))),
                        );
                        Location::Body
                    }
                },
            };
            if name.is_empty() {
                self.error(mpath.clone(), "a member name is empty");
            }
            // A `headers` prefix may be empty: every header.
            let header_name = match location {
                Location::Header => Some(wire_name.as_str()),
                Location::Headers if !wire_name.is_empty() => Some(wire_name.as_str()),
                _ => None,
            };
            if header_name.is_some_and(|name| !is_header_name(name)) {
                self.diags.push(
                    Diagnostic::error(
                        mpath.key(if raw.wire_name.is_some() { "wire_name" } else { "location" }),
                        format!("`{wire_name}` is not a valid HTTP header name"),
                    )
                    .with_help("a header name is letters, digits and `!#$%&'*+-.^_`|~`, with no spaces (RFC 9110 §5.1); set `wire_name`"),
                );
            }
            // Header names are case-insensitive on the wire; a structure has one status
            // and one payload whatever their members are called.
            let key = match location {
                Location::Header | Location::Headers => wire_name.to_ascii_lowercase(),
                Location::Status | Location::Payload => String::new(),
                _ => wire_name.clone(),
            };
            if let Some(first) = wire_names.insert(format!("{location:?}:{key}"), name.clone()) {
                let d = match location {
                    Location::Status | Location::Payload => Diagnostic::error(
                        mpath.clone(),
                        format!(
                            "members `{first}` and `{name}` are both the {}; there is one",
                            location.as_str()
                        ),
                    )
                    .with_help(format!(
                        "keep one `location: {}`; give the other another location",
                        location.as_str()
                    )),
                    _ => Diagnostic::error(
                        mpath.clone(),
                        format!(
                            "members `{first}` and `{name}` have the same wire name `{wire_name}`"
                        ),
                    ),
                };
                self.diags.push(d);
            }
            let Some(target) = self.resolve_shape(&mpath.key("target"), &raw.target) else {
                continue;
            };
            let own = constraints(raw.length, raw.range, &raw.pattern, raw.unique_items);
            self.check_constraints(&mpath, &shapes[target.0].kind, &own);
            let constraints = merged(&own, &shapes[target.0].constraints);
            // A list's format is its element's.
            let timestamp = match shapes[target.0].kind {
                ShapeKind::List { member } => member,
                _ => target,
            };
            let is_timestamp =
                shapes[timestamp.0].kind == ShapeKind::Primitive(Primitive::Timestamp);
            let timestamp_format = match raw.timestamp_format.as_deref() {
                Some(f) => self.timestamp_format(&mpath.key("timestamp_format"), f, is_timestamp),
                None => shapes[timestamp.0].timestamp_format,
            };
            let is_string = shapes[target.0].kind == ShapeKind::Primitive(Primitive::String);
            // A value whose JSON has a wire form of its own (a float's `NaN`, a timestamp not
            // in epoch seconds): `nullable` is not for it.
            let has_form = json_form(shapes, target, timestamp_format).is_some();
            for (flag, set, fits, rule) in [
                (
                    "nullable",
                    raw.nullable,
                    !raw.required
                        && location == Location::Body
                        && !has_form
                        && !matches!(shapes[target.0].kind, ShapeKind::Map { .. }),
                    "an optional body member that is not a map, a float, a double or a timestamp in a format other than epoch seconds",
                ),
                // Only a string header changes on the wire; models also mark blob payloads.
                (
                    "json_value",
                    raw.json_value,
                    is_string || shapes[target.0].kind == ShapeKind::Primitive(Primitive::Blob),
                    "a string or blob member",
                ),
                (
                    "idempotency_token",
                    raw.idempotency_token,
                    is_string,
                    "a string member",
                ),
                (
                    "host_label",
                    raw.host_label,
                    is_string && raw.required,
                    "a required string member",
                ),
            ] {
                if set && !fits {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key(flag),
                            format!("`{flag}` applies to {rule} only"),
                        )
                        .with_help(format!("remove `{flag}`")),
                    );
                }
            }
            if let Some(media) = &raw.media_type {
                let raw_payload = location == Location::Payload
                    && matches!(
                        shapes[target.0].kind,
                        ShapeKind::Primitive(Primitive::Blob | Primitive::String)
                            | ShapeKind::Enum(_)
                    );
                let well_formed = media.split_once('/').is_some_and(|(kind, sub)| {
                    let token = |s: &str| {
                        !s.is_empty()
                            && s.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b"!#$&-^_.+".contains(&b))
                    };
                    token(kind) && token(sub)
                });
                if !raw_payload {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key("media_type"),
                            "`media_type` applies to a payload blob, string or enum only",
                        )
                        .with_help("remove `media_type`, or make the member the `payload`"),
                    );
                } else if !well_formed {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key("media_type"),
                            format!("`{media}` is not a media type"),
                        )
                        .with_help("write `type/subtype`, such as `image/jpeg` (no parameters)"),
                    );
                }
            }
            if let Some(value) = &raw.default {
                let dpath = mpath.key("default");
                let fits_where = !raw.required
                    && !raw.nullable
                    && !raw.idempotency_token
                    && location == Location::Body
                    && !matches!(
                        shapes[target.0].kind,
                        ShapeKind::Structure(_) | ShapeKind::Union(_)
                    );
                if !fits_where {
                    self.diags.push(
                        Diagnostic::error(
                            dpath,
                            "`default` applies to an optional body member that is not nullable, not an idempotency token, and not a structure or a union",
                        )
                        .with_help("remove `default`, or `required`/`nullable`/`location`"),
                    );
                } else if let Err(why) = default_fits(shapes, target, value, shapes.len()) {
                    self.diags.push(
                        Diagnostic::error(
                            dpath,
                            format!("the default `{value}` is not a value of `{}`: {why}", raw.target),
                        )
                        .with_help("give a value of the member's type: a string, a number, true or false, a list or a map of them, or an enum's value"),
                    );
                }
            }
            out.push(Member {
                name: name.clone(),
                setter_rust_name: naming::setter_name(&rust_name),
                param_rust_name: naming::param_name(&rust_name, &mut params),
                rust_name,
                wire_name,
                target,
                required: raw.required,
                nullable: raw.nullable,
                default: raw.default.clone(),
                location,
                boxed: false,
                docs: raw.docs.clone(),
                constraints,
                timestamp_format,
                json_value: raw.json_value,
                sensitive: raw.sensitive || shapes[target.0].sensitive,
                media_type: raw.media_type.clone(),
                idempotency_token: raw.idempotency_token,
                host_label: raw.host_label,
            });
        }
        out
    }
}

/// A member's own constraints over those of its target (`inherited`).
fn merged(own: &Constraints, inherited: &Constraints) -> Constraints {
    Constraints {
        length: own.length.or(inherited.length),
        range: own.range.or(inherited.range),
        pattern: own.pattern.clone().or_else(|| inherited.pattern.clone()),
        unique_items: own.unique_items || inherited.unique_items,
        int_values: inherited.int_values.clone(),
    }
}

/// The constraints written on a shape or member.
fn constraints(
    length: Option<raw::Bounds>,
    range: Option<raw::Bounds>,
    pattern: &Option<String>,
    unique_items: bool,
) -> Constraints {
    let bounds = |b: raw::Bounds| Bounds {
        min: b.min,
        max: b.max,
    };
    Constraints {
        length: length.map(bounds),
        range: range.map(bounds),
        pattern: pattern.clone(),
        unique_items,
        int_values: None,
    }
}

/// The Rust type a primitive maps to (the runtime's `Timestamp` for timestamps).
fn primitive_rust_name(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Byte => "i8",
        Primitive::Short => "i16",
        Primitive::Integer => "i32",
        Primitive::Long => "i64",
        Primitive::Boolean => "bool",
        Primitive::Float => "f32",
        Primitive::Double => "f64",
        Primitive::Timestamp => "Timestamp",
        Primitive::Blob => "Blob",
        Primitive::Document => "Document",
    }
}

/// Whether `name` is an HTTP field name: a non-empty token (RFC 9110 §5.1, §5.6.2).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c))
}

/// Whether `value` (a schema's `default`) is a value of shape `id`: what the JSON form of
/// the type admits, enums by their listed values. `depth` bounds the walk (a list that
/// contains itself is refused elsewhere).
fn default_fits(
    shapes: &[Shape],
    id: ShapeId,
    value: &serde_json::Value,
    depth: usize,
) -> Result<(), String> {
    use serde_json::Value as J;
    if depth == 0 {
        return Err("it nests too deep".into());
    }
    let ok = match (&shapes[id.0].kind, value) {
        (ShapeKind::Primitive(Primitive::String | Primitive::Blob), J::String(_)) => true,
        (ShapeKind::Primitive(Primitive::Integer), J::Number(n)) => {
            n.as_i64().is_some_and(|n| i32::try_from(n).is_ok())
        }
        (ShapeKind::Primitive(Primitive::Short), J::Number(n)) => {
            n.as_i64().is_some_and(|n| i16::try_from(n).is_ok())
        }
        (ShapeKind::Primitive(Primitive::Byte), J::Number(n)) => {
            n.as_i64().is_some_and(|n| i8::try_from(n).is_ok())
        }
        (ShapeKind::Primitive(Primitive::Long | Primitive::Timestamp), J::Number(n)) => {
            n.as_i64().is_some()
        }
        (ShapeKind::Primitive(Primitive::Boolean), J::Bool(_)) => true,
        (ShapeKind::Primitive(Primitive::Float | Primitive::Double), J::Number(_)) => true,
        (ShapeKind::Primitive(Primitive::Float | Primitive::Double), J::String(s)) => {
            matches!(s.as_str(), "NaN" | "Infinity" | "-Infinity")
        }
        (ShapeKind::Primitive(Primitive::Document), _) => true,
        (ShapeKind::Enum(e), J::String(s)) => {
            if !e.values.iter().any(|v| &v.value == s) {
                return Err(format!("`{s}` is not one of its values"));
            }
            true
        }
        (ShapeKind::List { member }, J::Array(items)) => {
            for item in items {
                default_fits(shapes, *member, item, depth - 1)?;
            }
            true
        }
        (ShapeKind::Map { value: v, .. }, J::Object(entries)) => {
            for item in entries.values() {
                default_fits(shapes, *v, item, depth - 1)?;
            }
            true
        }
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err("the JSON kind does not match".into())
    }
}
