//! Checks a raw schema and lowers it into the resolved `Model`, collecting every problem.
//!
//! Validation never stops at the first problem: each check records a `Diagnostic` and goes
//! on with what it can, so one run reports everything. A `Model` is returned only when no
//! error was found.

use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::{BTreeMap, BTreeSet};

/// Lowers `schema` into a model, or returns every problem found (warnings included).
pub fn validate(schema: &raw::Schema) -> (Option<Model>, Vec<Diagnostic>) {
    let mut cx = Cx::default();
    let service = cx.service(&schema.service);
    cx.register_shapes(schema);
    cx.register_errors(schema);
    cx.check_type_names(schema);
    let shapes = cx.lower_shapes(schema);
    let errors = cx.lower_errors(schema, &shapes);
    let (operations, mut shapes) = cx.lower_operations(schema, shapes);
    cx.check_route_conflicts(&operations);
    cx.check_method_names(&operations);
    mark_boxed(&mut shapes);
    check_collection_cycles(&mut cx, &shapes);
    if schema.operations.0.is_empty() && schema.shapes.0.is_empty() && schema.errors.0.is_empty() {
        cx.diags.push(
            Diagnostic::error(
                SchemaPath::root(),
                "the schema defines no shapes, operations or errors",
            )
            .with_help("add an `operations:` section; see the schema reference in README.md"),
        );
    }
    let failed = cx
        .diags
        .iter()
        .any(|d| d.severity == crate::diagnostics::Severity::Error);
    // Like rustc's lints, style warnings wait until the schema has no errors, so that a
    // mistake is never buried under them.
    if !failed {
        cx.warn_missing_docs(&operations);
    }
    let model = match (failed, service) {
        (false, Some(service)) => Some(Model {
            service,
            shapes,
            operations,
            errors,
        }),
        _ => None,
    };
    (model, cx.diags)
}

#[derive(Default)]
struct Cx {
    diags: Vec<Diagnostic>,
    /// Shape name -> id; builtins included.
    shape_ids: BTreeMap<String, ShapeId>,
    /// Error name -> id.
    error_ids: BTreeMap<String, ErrorId>,
}

const SHAPE_TYPES: &[&str] = &[
    "structure",
    "enum",
    "map",
    "list",
    "string",
    "integer",
    "long",
    "boolean",
    "double",
    "timestamp",
];

impl Cx {
    fn error(&mut self, path: impl Into<String>, message: impl Into<String>) {
        self.diags.push(Diagnostic::error(path, message));
    }

    fn service(&mut self, raw: &raw::Service) -> Option<Service> {
        let protocol = match raw.protocol.as_str() {
            "rest-json" => Some(Protocol::RestJson),
            other => {
                self.diags.push(
                    Diagnostic::error("service.protocol", format!("unknown protocol `{other}`"))
                        .with_help("the supported protocol is `rest-json`"),
                );
                None
            }
        };
        if raw.name.trim().is_empty() {
            self.error("service.name", "the service name is empty");
        }
        let endpoint_prefix = raw
            .endpoint_prefix
            .clone()
            .unwrap_or_else(|| raw.name.to_lowercase());
        Some(Service {
            name: raw.name.clone(),
            version: raw.version.clone(),
            protocol: protocol?,
            signing_name: raw
                .signing_name
                .clone()
                .unwrap_or_else(|| endpoint_prefix.clone()),
            endpoint_prefix,
            docs: raw.docs.clone(),
        })
    }

    fn register_shapes(&mut self, schema: &raw::Schema) {
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
            } else if self.shape_ids.contains_key(name) {
                self.error(path, format!("duplicate shape `{name}`"));
            } else {
                self.shape_ids
                    .insert(name.clone(), ShapeId(Primitive::ALL.len() + i));
            }
        }
    }

    fn register_errors(&mut self, schema: &raw::Schema) {
        for (i, (name, _)) in schema.errors.0.iter().enumerate() {
            let path = SchemaPath::root().key("errors").key(name);
            if self.error_ids.contains_key(name) {
                self.error(path, format!("duplicate error `{name}`"));
            } else if self.shape_ids.contains_key(name) {
                self.diags.push(
                    Diagnostic::error(path, format!("error `{name}` has the name of a shape"))
                        .with_help("errors and shapes share one namespace; rename one of them"),
                );
            } else {
                self.error_ids.insert(name.clone(), ErrorId(i));
            }
        }
    }

    /// Type names that would collide in Rust after case conversion.
    fn check_type_names(&mut self, schema: &raw::Schema) {
        let mut seen: BTreeMap<String, String> = naming::GENERATED_TYPE_NAMES
            .iter()
            .map(|n| (n.to_string(), "the generator".to_string()))
            .collect();
        let mut claim = |cx: &mut Cx, rust: String, path: String| {
            if let Some(first) = seen.get(&rust) {
                if *first == path {
                    // The same name twice: reported as a duplicate.
                    return;
                }
                cx.diags.push(
                    Diagnostic::error(
                        path.clone(),
                        format!("the Rust name `{rust}` is already used by {first}"),
                    )
                    .with_help("rename one of them so that their Rust names differ"),
                );
            } else {
                seen.insert(rust, path);
            }
        };
        for (name, shape) in &schema.shapes.0 {
            if matches!(shape.kind.as_str(), "structure" | "enum") {
                claim(
                    self,
                    naming::type_name(name),
                    SchemaPath::root().key("shapes").key(name).into(),
                );
            }
        }
        for (name, _) in &schema.errors.0 {
            claim(
                self,
                naming::type_name(name),
                SchemaPath::root().key("errors").key(name).into(),
            );
        }
        let mut operations = BTreeSet::new();
        for (name, _) in &schema.operations.0 {
            if !operations.insert(name) {
                self.error(
                    SchemaPath::root().key("operations").key(name),
                    format!("duplicate operation `{name}`"),
                );
            }
        }
        for (name, _) in &schema.operations.0 {
            claim(
                self,
                naming::operation_error_name(name),
                SchemaPath::root()
                    .key("operations")
                    .key(name)
                    .with_note("its error enum"),
            );
        }
    }

    fn resolve_shape(&mut self, path: &SchemaPath, name: &str) -> Option<ShapeId> {
        if let Some(id) = self.shape_ids.get(name) {
            return Some(*id);
        }
        let mut d = Diagnostic::error(path, format!("unknown shape `{name}`"));
        if self.error_ids.contains_key(name) {
            d = d.with_help(
                "errors cannot be used as shapes; list them in an operation's `errors:`",
            );
        } else {
            d = d.suggest(name, self.shape_ids.keys().map(String::as_str));
        }
        self.diags.push(d);
        None
    }

    fn lower_shapes(&mut self, schema: &raw::Schema) -> Vec<Shape> {
        let mut shapes: Vec<Shape> = Primitive::ALL
            .iter()
            .map(|(name, p)| Shape {
                name: name.to_string(),
                rust_name: primitive_rust_name(*p).to_string(),
                docs: None,
                kind: ShapeKind::Primitive(*p),
                constraints: Constraints::default(),
            })
            .collect();
        // First the kinds that do not depend on other shapes, so that member constraints
        // can be merged from their targets below.
        for (name, raw) in &schema.shapes.0 {
            let path = SchemaPath::root().key("shapes").key(name);
            let kind = self.lower_shape_kind(&path, raw);
            let constraints = constraints(raw.length, raw.range, &raw.pattern);
            if let Some(kind) = &kind {
                self.check_constraints(&path, kind, &constraints);
            }
            shapes.push(Shape {
                name: name.clone(),
                rust_name: naming::type_name(name),
                docs: raw.docs.clone(),
                kind: kind.unwrap_or(ShapeKind::Primitive(Primitive::String)),
                constraints,
            });
        }
        // Then structure members, which may point at any shape.
        for (i, (name, raw)) in schema.shapes.0.iter().enumerate() {
            if raw.kind != "structure" {
                continue;
            }
            let path = SchemaPath::root().key("shapes").key(name).key("members");
            let members = self.lower_members(&path, raw.members.as_ref(), &shapes);
            shapes[Primitive::ALL.len() + i].kind = ShapeKind::Structure(Structure {
                members,
                input_of: Vec::new(),
            });
        }
        // JSON object keys are strings: a map key must be `string` or a string shape.
        for shape in &shapes {
            if let ShapeKind::Map { key, .. } = shape.kind {
                if shapes[key.0].kind != ShapeKind::Primitive(Primitive::String) {
                    let key_name = &shapes[key.0].name;
                    self.diags.push(
                        Diagnostic::error(
                            SchemaPath::root().key("shapes").key(&shape.name).key("key"),
                            format!("map keys must be strings, not `{key_name}`"),
                        )
                        .with_help("use `key: string`, or a shape with `type: string`"),
                    );
                }
            }
        }
        shapes
    }

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
            raw.members.is_some() && kind != "structure",
            self,
        );
        unexpected("values", raw.values.is_some() && kind != "enum", self);
        unexpected("key", raw.key.is_some() && kind != "map", self);
        unexpected("value", raw.value.is_some() && kind != "map", self);
        unexpected("member", raw.member.is_some() && kind != "list", self);
        match kind {
            // Filled in once every shape has an id.
            "structure" => Some(ShapeKind::Structure(Structure {
                members: Vec::new(),
                input_of: Vec::new(),
            })),
            "enum" => Some(ShapeKind::Enum(
                self.lower_enum(path, raw.values.as_deref()),
            )),
            "list" => {
                let member = self.required_ref(path, "member", raw.member.as_deref())?;
                Some(ShapeKind::List { member })
            }
            "map" => {
                let key = self.required_ref(path, "key", raw.key.as_deref());
                let value = self.required_ref(path, "value", raw.value.as_deref());
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

    fn required_ref(
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
            };
            if value.is_empty() {
                self.error(vpath, "an enum value cannot be empty");
                continue;
            }
            if !seen_values.insert(value.clone()) {
                self.error(vpath, format!("duplicate enum value `{value}`"));
                continue;
            }
            let rust_name = naming::variant_name(name.as_deref().unwrap_or(&value));
            if let Some(first) = seen_names.insert(rust_name.clone(), value.clone()) {
                self.diags.push(
                    Diagnostic::error(
                        vpath,
                        format!("value `{value}` and value `{first}` both become the variant `{rust_name}`"),
                    )
                    .with_help("give one of them a `name:`"),
                );
                continue;
            }
            out.push(EnumValue {
                value,
                rust_name,
                docs,
            });
        }
        Enum { values: out }
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
                    ShapeKind::Primitive(String) | ShapeKind::List { .. } | ShapeKind::Map { .. }
                ),
                "strings, lists and maps",
            ),
            (
                "range",
                c.range,
                matches!(kind, ShapeKind::Primitive(Integer | Long | Double)),
                "integers, longs and doubles",
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
    }

    fn lower_members(
        &mut self,
        path: &SchemaPath,
        members: Option<&raw::Entries<raw::Member>>,
        shapes: &[Shape],
    ) -> Vec<Member> {
        let mut out = Vec::new();
        let mut names = BTreeMap::<String, String>::new();
        let mut rust_names = BTreeMap::<String, String>::new();
        let mut wire_names = BTreeMap::<String, String>::new();
        for (name, raw) in members.map(|m| m.0.as_slice()).unwrap_or_default() {
            let mpath = path.key(name);
            if names.insert(name.clone(), name.clone()).is_some() {
                self.error(mpath, format!("duplicate member `{name}`"));
                continue;
            }
            let rust_name = naming::field_name(name);
            if let Some(first) =
                rust_names.insert(naming::unraw(&rust_name).to_string(), name.clone())
            {
                self.diags.push(
                    Diagnostic::error(
                        mpath.clone(),
                        format!("members `{first}` and `{name}` both become the Rust field `{rust_name}`"),
                    )
                    .with_help("rename one of them and keep its wire name with `wire_name:`"),
                );
            }
            let wire_name = raw.wire_name.clone().unwrap_or_else(|| name.clone());
            let location = match raw.location.as_deref() {
                None | Some("body") => Location::Body,
                Some("path") => Location::Path,
                Some("query") => Location::Query,
                Some("header") => Location::Header,
                Some(other) => {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key("location"),
                            format!("unknown location `{other}`"),
                        )
                        .suggest(other, ["body", "path", "query", "header"])
                        .with_help_if_none("one of: body, path, query, header"),
                    );
                    Location::Body
                }
            };
            if let Some(first) =
                wire_names.insert(format!("{location:?}:{wire_name}"), name.clone())
            {
                self.error(
                    mpath.clone(),
                    format!("members `{first}` and `{name}` have the same wire name `{wire_name}`"),
                );
            }
            let Some(target) = self.resolve_shape(&mpath.key("target"), &raw.target) else {
                continue;
            };
            let own = constraints(raw.length, raw.range, &raw.pattern);
            self.check_constraints(&mpath, &shapes[target.0].kind, &own);
            let inherited = &shapes[target.0].constraints;
            let constraints = Constraints {
                length: own.length.or(inherited.length),
                range: own.range.or(inherited.range),
                pattern: own.pattern.or_else(|| inherited.pattern.clone()),
            };
            out.push(Member {
                name: name.clone(),
                rust_name,
                wire_name,
                target,
                required: raw.required,
                location,
                boxed: false,
                docs: raw.docs.clone(),
                constraints,
            });
        }
        out
    }

    fn lower_errors(&mut self, schema: &raw::Schema, shapes: &[Shape]) -> Vec<ErrorShape> {
        let mut out = Vec::new();
        let mut codes = BTreeMap::<String, String>::new();
        for (name, raw) in &schema.errors.0 {
            let path = SchemaPath::root().key("errors").key(name);
            if !(400..=599).contains(&raw.status) {
                self.diags.push(
                    Diagnostic::error(
                        path.key("status"),
                        format!("error status {} is not a 4xx or 5xx status", raw.status),
                    )
                    .with_help("use a status from 400 to 599"),
                );
            }
            let code = raw.code.clone().unwrap_or_else(|| name.clone());
            for c in std::iter::once(&code).chain(&raw.aliases) {
                if let Some(first) = codes.insert(c.clone(), name.clone()) {
                    if first != *name {
                        self.error(
                            path.clone(),
                            format!("the wire code `{c}` is already used by error `{first}`"),
                        );
                    }
                }
            }
            let mpath = path.key("members");
            let members = self.lower_members(&mpath, Some(&raw.members), shapes);
            for m in members.iter().filter(|m| m.location != Location::Body) {
                self.error(
                    mpath.key(&m.name).key("location"),
                    "error members always travel in the body",
                );
            }
            out.push(ErrorShape {
                name: name.clone(),
                rust_name: naming::type_name(name),
                code,
                aliases: raw.aliases.clone(),
                status: raw.status,
                retryable: raw.retryable,
                members,
                docs: raw.docs.clone(),
            });
        }
        out
    }

    fn lower_operations(
        &mut self,
        schema: &raw::Schema,
        mut shapes: Vec<Shape>,
    ) -> (Vec<Operation>, Vec<Shape>) {
        let mut out = Vec::new();
        let mut output_shapes = BTreeSet::new();
        for (index, (name, raw)) in schema.operations.0.iter().enumerate() {
            let path = SchemaPath::root().key("operations").key(name);
            let method = Method::ALL
                .iter()
                .find(|(m, _)| *m == raw.method)
                .map(|(_, m)| *m);
            if method.is_none() {
                let upper = raw.method.to_uppercase();
                let mut d = Diagnostic::error(
                    path.key("method"),
                    format!("unknown HTTP method `{}`", raw.method),
                );
                d = if Method::ALL.iter().any(|(m, _)| *m == upper) {
                    d.with_help(format!("methods are upper case: `{upper}`"))
                } else {
                    d.with_help("one of: GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS")
                };
                self.diags.push(d);
            }
            let method = method.unwrap_or(Method::Get);
            if !(200..=299).contains(&raw.success) {
                self.diags.push(
                    Diagnostic::error(
                        path.key("success"),
                        format!("success status {} is not a 2xx status", raw.success),
                    )
                    .with_help("use a status from 200 to 299"),
                );
            }
            if raw.success == 204 && raw.output.is_some() {
                self.diags.push(
                    Diagnostic::warning(
                        path.key("output"),
                        "status 204 (No Content) has no body, so this output is never sent",
                    )
                    .with_help("use `success: 200`, or remove `output`"),
                );
            }
            let input = raw
                .input
                .as_deref()
                .and_then(|n| self.structure_ref(&path.key("input"), n, &shapes));
            let output = raw
                .output
                .as_deref()
                .and_then(|n| self.structure_ref(&path.key("output"), n, &shapes));
            if let Some(output) = output {
                output_shapes.insert(output);
            }
            let members: &[Member] = match input.map(|i| &shapes[i.0].kind) {
                Some(ShapeKind::Structure(s)) => &s.members,
                _ => &[],
            };
            let path_template = self.path_template(&path, &raw.path, members);
            for m in members {
                let mpath = SchemaPath::root()
                    .key("shapes")
                    .key(&shapes[input.map_or(0, |i| i.0)].name)
                    .key("members")
                    .key(&m.name);
                if m.location == Location::Body && !method.allows_body() {
                    self.diags.push(
                        Diagnostic::error(
                            path.key("input"),
                            format!("`{}` is a {} request, which has no body, but member `{}` travels in the body", name, method.as_str(), m.name),
                        )
                        .with_help(format!("set `location: query` on {mpath}")),
                    );
                }
                if m.location == Location::Path && !m.required {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.clone(),
                            format!("path member `{}` must be required", m.name),
                        )
                        .with_help("add `required: true`"),
                    );
                }
                if m.location != Location::Body && m.required && !is_scalar(&shapes, m.target) {
                    self.error(
                        mpath.clone(),
                        format!(
                            "required {:?} member `{}` must be a string, number or boolean",
                            m.location, m.name
                        )
                        .to_lowercase(),
                    );
                }
            }
            let mut errors = Vec::new();
            for (i, e) in raw.errors.iter().enumerate() {
                match self.error_ids.get(e) {
                    Some(id) if errors.contains(id) => self.error(
                        path.key("errors").index(i),
                        format!("error `{e}` is listed twice"),
                    ),
                    Some(id) => errors.push(*id),
                    None => {
                        let d = Diagnostic::error(
                            path.key("errors").index(i),
                            format!("unknown error `{e}`"),
                        )
                        .suggest(e, self.error_ids.keys().map(String::as_str));
                        self.diags.push(d);
                    }
                }
            }
            let out_members: &[Member] = match output.map(|o| &shapes[o.0].kind) {
                Some(ShapeKind::Structure(s)) => &s.members,
                _ => &[],
            };
            let pagination = raw.pagination.as_ref().and_then(|p| {
                self.pagination(
                    &path.key("pagination"),
                    &naming::operation_fn_name(name),
                    p,
                    members,
                    out_members,
                    &shapes,
                )
            });
            if let Some(input) = input {
                if let ShapeKind::Structure(s) = &mut shapes[input.0].kind {
                    s.input_of.push(index);
                }
            }
            out.push(Operation {
                name: name.clone(),
                rust_name: naming::operation_fn_name(name),
                variant_rust_name: naming::operation_variant_name(name),
                error_rust_name: naming::operation_error_name(name),
                docs: raw.docs.clone(),
                method,
                path: path_template,
                input,
                output,
                success: raw.success,
                errors,
                idempotent: raw.idempotent.unwrap_or(method.is_idempotent()),
                pagination,
            });
        }
        self.check_locations(&shapes, &output_shapes);
        (out, shapes)
    }

    /// Members located outside the body only make sense on operation inputs that are used
    /// nowhere else: anywhere else they would silently vanish from the JSON.
    fn check_locations(&mut self, shapes: &[Shape], outputs: &BTreeSet<ShapeId>) {
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
                let why = if s.input_of.is_empty() {
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
                                "member `{}` has location `{:?}` but `{}` {why}",
                                m.name, m.location, shape.name
                            )
                            .to_lowercase(),
                        )
                        .with_help("use a structure of its own as the operation input"),
                    );
                }
            }
        }
    }

    /// Every generated method name (client and server) is unique: operations, the page and
    /// item streams of paginated ones, and the client's own methods.
    fn check_method_names(&mut self, ops: &[Operation]) {
        let mut seen: BTreeMap<String, String> = naming::CLIENT_METHODS
            .iter()
            .map(|m| (m.to_string(), "the generated client".to_string()))
            .collect();
        for op in ops {
            let mut names = vec![op.rust_name.clone()];
            if let Some(p) = &op.pagination {
                names.extend([p.pages_rust_name.clone(), p.items_rust_name.clone()]);
            }
            for name in names {
                let name = naming::unraw(&name).to_string();
                if let Some(first) = seen.get(&name) {
                    self.diags.push(
                        Diagnostic::error(
                            SchemaPath::root().key("operations").key(&op.name),
                            format!("the generated method `{name}` is already used by {first}"),
                        )
                        .with_help("rename the operation"),
                    );
                } else {
                    seen.insert(name, format!("operation `{}`", op.name));
                }
            }
        }
    }

    /// Operations without `docs` leave their client and server methods undocumented.
    fn warn_missing_docs(&mut self, ops: &[Operation]) {
        for op in ops {
            if op.docs.as_deref().is_none_or(|d| d.trim().is_empty()) {
                self.diags.push(
                    Diagnostic::warning(
                        SchemaPath::root().key("operations").key(&op.name),
                        format!("operation `{}` has no `docs`", op.name),
                    )
                    .with_help("add `docs:`; the text becomes the documentation of its client and server methods"),
                );
            }
        }
    }

    /// Two routes conflict when one request could match both: the same template with the
    /// same method, or templates of one length whose every segment pair is equal literals or
    /// involves a label (`/a/{x}` and `/a/b`). Conflicts make dispatch ambiguous.
    fn check_route_conflicts(&mut self, ops: &[Operation]) {
        for (j, b) in ops.iter().enumerate() {
            for a in &ops[..j] {
                let (sa, sb) = (&a.path.segments, &b.path.segments);
                if sa.len() != sb.len() {
                    continue;
                }
                let mut same_shape = true;
                let overlap = sa.iter().zip(sb).all(|pair| match pair {
                    (Segment::Literal(x), Segment::Literal(y)) => x == y,
                    (Segment::Label { .. }, Segment::Label { .. }) => true,
                    _ => {
                        same_shape = false;
                        true
                    }
                });
                if !overlap || (same_shape && a.method != b.method) {
                    continue;
                }
                let d = Diagnostic::error(
                    SchemaPath::root()
                        .key("operations")
                        .key(&b.name)
                        .key("path"),
                    format!(
                        "`{} {}` can match the same requests as operation `{}` (`{} {}`)",
                        b.method.as_str(),
                        b.path.raw,
                        a.name,
                        a.method.as_str(),
                        a.path.raw
                    ),
                );
                self.diags.push(if same_shape {
                    d.with_help("give one of them another method or path")
                } else {
                    d.with_help("a label and a literal in the same position are ambiguous; make the paths differ in a literal segment")
                });
            }
        }
    }

    fn structure_ref(
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

    fn path_template(&mut self, path: &SchemaPath, raw: &str, members: &[Member]) -> PathTemplate {
        let tpath = path.key("path");
        let mut segments = Vec::new();
        if !raw.starts_with('/') {
            self.diags.push(
                Diagnostic::error(tpath.clone(), format!("path `{raw}` must start with `/`"))
                    .with_help(format!("write `/{raw}`")),
            );
        }
        let mut used = BTreeSet::new();
        let body = raw.strip_prefix('/').unwrap_or(raw);
        if !body.is_empty() {
            for seg in body.split('/') {
                if let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    if !used.insert(label.to_string()) {
                        self.error(tpath.clone(), format!("label `{{{label}}}` is used twice"));
                        continue;
                    }
                    match members
                        .iter()
                        .position(|m| m.wire_name == label && m.location == Location::Path)
                    {
                        Some(member) => segments.push(Segment::Label {
                            name: label.to_string(),
                            member,
                        }),
                        None => {
                            let d = Diagnostic::error(
                                tpath.clone(),
                                format!("label `{{{label}}}` has no input member with `location: path` and that wire name"),
                            );
                            let d = match members.iter().find(|m| m.wire_name == label) {
                                Some(m) => d.with_help(format!("set `location: path` on member `{}`", m.name)),
                                None => d
                                    .suggest(label, members.iter().filter(|m| m.location == Location::Path).map(|m| m.wire_name.as_str()))
                                    .with_help_if_none(format!("add a required member `{label}` with `location: path` to the input")),
                            };
                            self.diags.push(d);
                        }
                    }
                } else if seg.is_empty() {
                    self.error(
                        tpath.clone(),
                        format!("path `{raw}` has an empty segment (`//` or a trailing `/`)"),
                    );
                } else if seg.contains(['{', '}']) {
                    self.diags.push(
                        Diagnostic::error(
                            tpath.clone(),
                            format!("segment `{seg}` mixes a label with text"),
                        )
                        .with_help("a label must be a whole segment: `/{id}`"),
                    );
                } else if seg.contains(['?', '#', '%', ' ']) {
                    self.error(
                        tpath.clone(),
                        format!(
                            "segment `{seg}` contains a character that must be percent-encoded"
                        ),
                    );
                } else {
                    segments.push(Segment::Literal(seg.to_string()));
                }
            }
        }
        for m in members.iter().filter(|m| m.location == Location::Path) {
            if !used.contains(&m.wire_name) {
                self.diags.push(
                    Diagnostic::error(
                        tpath.clone(),
                        format!(
                            "path member `{}` has no `{{{}}}` label in the path",
                            m.name, m.wire_name
                        ),
                    )
                    .with_help(format!(
                        "add `/{{{}}}` to the path, or move the member to the body or query",
                        m.wire_name
                    )),
                );
            }
        }
        PathTemplate {
            raw: raw.to_string(),
            segments,
        }
    }

    fn pagination(
        &mut self,
        path: &SchemaPath,
        op_fn: &str,
        raw: &raw::Pagination,
        input: &[Member],
        output: &[Member],
        shapes: &[Shape],
    ) -> Option<Pagination> {
        let find = |cx: &mut Cx,
                    key: &str,
                    name: &str,
                    members: &[Member],
                    side: &str,
                    ok: &dyn Fn(&ShapeKind) -> bool,
                    want: &str| {
            let Some(i) = members.iter().position(|m| m.name == name) else {
                cx.diags.push(
                    Diagnostic::error(
                        path.key(key),
                        format!("the operation {side} has no member `{name}`"),
                    )
                    .suggest(name, members.iter().map(|m| m.name.as_str())),
                );
                return None;
            };
            if !ok(&shapes[members[i].target.0].kind) {
                cx.error(path.key(key), format!("member `{name}` must be {want}"));
                return None;
            }
            Some(i)
        };
        let is_string = |k: &ShapeKind| matches!(k, ShapeKind::Primitive(Primitive::String));
        let is_list = |k: &ShapeKind| matches!(k, ShapeKind::List { .. });
        let is_size = |k: &ShapeKind| {
            matches!(
                k,
                ShapeKind::Primitive(Primitive::String | Primitive::Integer | Primitive::Long)
            )
        };
        let input_token = find(
            self,
            "input_token",
            &raw.input_token,
            input,
            "input",
            &is_string,
            "a string",
        );
        let output_token = find(
            self,
            "output_token",
            &raw.output_token,
            output,
            "output",
            &is_string,
            "a string",
        );
        let items = find(
            self, "items", &raw.items, output, "output", &is_list, "a list",
        );
        let page_size = match &raw.page_size {
            Some(p) => Some(find(
                self,
                "page_size",
                p,
                input,
                "input",
                &is_size,
                "an integer, long or string",
            )?),
            None => None,
        };
        if let Some(i) = input_token {
            if input[i].location == Location::Path {
                self.error(
                    path.key("input_token"),
                    "the page token cannot travel in the path",
                );
            }
        }
        let (pages_rust_name, items_rust_name) = naming::pagination_fn_names(op_fn);
        Some(Pagination {
            pages_rust_name,
            items_rust_name,
            input_token: input_token?,
            output_token: output_token?,
            items: items?,
            page_size,
        })
    }
}

/// The constraints written on a shape or member.
fn constraints(
    length: Option<raw::Bounds>,
    range: Option<raw::Bounds>,
    pattern: &Option<String>,
) -> Constraints {
    let bounds = |b: raw::Bounds| Bounds {
        min: b.min,
        max: b.max,
    };
    Constraints {
        length: length.map(bounds),
        range: range.map(bounds),
        pattern: pattern.clone(),
    }
}

fn kind_name(kind: &ShapeKind) -> &'static str {
    match kind {
        ShapeKind::Primitive(p) => Primitive::ALL
            .iter()
            .find(|(_, q)| q == p)
            .map_or("scalar", |(name, _)| name),
        ShapeKind::Structure(_) => "structure",
        ShapeKind::Enum(_) => "enum",
        ShapeKind::List { .. } => "list",
        ShapeKind::Map { .. } => "map",
    }
}

fn is_scalar(shapes: &[Shape], id: ShapeId) -> bool {
    matches!(shapes[id.0].kind, ShapeKind::Primitive(p) if p != Primitive::Timestamp)
}

/// The Rust type a primitive maps to (the runtime's `Timestamp` for timestamps).
fn primitive_rust_name(p: Primitive) -> &'static str {
    match p {
        Primitive::String => "String",
        Primitive::Integer => "i32",
        Primitive::Long => "i64",
        Primitive::Boolean => "bool",
        Primitive::Double => "f64",
        Primitive::Timestamp => "Timestamp",
    }
}

/// Lists and maps are inline Rust types (`Vec<T>`, `BTreeMap<String, T>`), so one that
/// contains itself through lists and maps alone would be an infinite type: a structure must
/// come in between (found by the no-panic fuzz test, as a stack overflow in the emitter).
fn check_collection_cycles(cx: &mut Cx, shapes: &[Shape]) {
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
                cx.diags.push(
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

/// Boxes every structure member through which a structure contains itself without a `Vec`
/// or map in between (a plain or optional field would have infinite size).
fn mark_boxed(shapes: &mut [Shape]) {
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
