//! The validated, resolved model that every emitter reads.
//!
//! References are indices (`ShapeId`, `ErrorId`), never names; every Rust name is already
//! computed by `naming`. A `Model` only exists if validation found no errors, so emitters
//! can index freely and never need to report anything.

use std::collections::BTreeSet;

/// Index of a shape in `Model::shapes`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId(pub usize);

/// Index of an error in `Model::errors`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ErrorId(pub usize);

/// A whole service, ready to emit.
#[derive(Debug, Clone, PartialEq)]
pub struct Model {
    pub service: Service,
    /// Builtin primitives first, then the schema's shapes in source order.
    pub shapes: Vec<Shape>,
    /// In source order.
    pub operations: Vec<Operation>,
    /// In source order.
    pub errors: Vec<ErrorShape>,
    /// The names of [`crate::naming::STD_TYPES`] that a shape or an error takes as its Rust
    /// name (computed once: emitters ask for every member type).
    pub shadowed_std: Vec<&'static str>,
}

/// `service:` of the schema.
#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub version: String,
    pub protocol: Protocol,
    /// SigV4 signing name; defaults to the endpoint prefix, then the lowercased name.
    pub signing_name: String,
    pub endpoint_prefix: String,
    pub docs: Option<String>,
    /// The package name of the generated crate, if the schema sets one (`service.crate`).
    pub crate_name: Option<String>,
    /// The error a constraint violation becomes (`service.validation_error`); without one,
    /// a 400 `BadRequestException`.
    pub validation_error: Option<ValidationError>,
    /// The authentication schemes of `service.auth_schemes`, in schema order.
    pub auth_schemes: Vec<AuthScheme>,
    /// Base URLs (`service.servers`), the first the client's default endpoint.
    pub servers: Vec<String>,
}

/// An authentication scheme of the service.
#[derive(Debug, Clone, PartialEq)]
pub struct AuthScheme {
    /// Its name in the schema.
    pub name: String,
    pub kind: AuthKind,
}

/// How a request carries its credential.
#[derive(Debug, Clone, PartialEq)]
pub enum AuthKind {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// A key in a header or a query parameter of this name.
    ApiKey { query: bool, name: String },
    /// An AWS SigV4 signature.
    SigV4,
}

/// The schema's validation error and the JSON keys of its parts: a message, and a list of
/// violations, each a path (a JSON pointer) and a message.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidationError {
    pub error: ErrorId,
    pub message: String,
    pub list: String,
    pub path: String,
    pub entry_message: String,
}

/// Wire protocols the generator knows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// AWS rest-json (Smithy `aws.protocols#restJson1`).
    RestJson,
    /// Plain HTTP and JSON (`http-json`): rest-json's bindings, errors named in the body.
    HttpJson(ErrorBody),
}

impl Protocol {
    /// The response header that carries the request id.
    pub fn request_id_header(&self) -> &'static str {
        match self {
            Protocol::RestJson => "x-amzn-RequestId",
            Protocol::HttpJson(_) => "x-request-id",
        }
    }
}

/// How an http-json error response names its error (`service.error_format`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ErrorBody {
    /// RFC 9457 problem details: `type` (the code), `title`, `status`.
    Problem,
    /// A JSON object whose member of this name holds the code.
    Code(String),
}

/// A named type.
#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    /// The name in the schema (`StorageBucket`, or `string` for a builtin).
    pub name: String,
    /// The Rust type name (`StorageBucket`); for primitives, the Rust type they map to.
    pub rust_name: String,
    pub docs: Option<String>,
    pub kind: ShapeKind,
    /// Constraints declared on the shape itself.
    pub constraints: Constraints,
    /// For a timestamp shape: the format it declares, if any.
    pub timestamp_format: Option<TimestampFormat>,
    /// Values of this shape are kept out of `Debug` output (Smithy's `@sensitive`).
    pub sensitive: bool,
    /// For a list or map: its entries may be `null` (`Vec<Option<T>>`); a list or map that
    /// is not sparse refuses a `null` entry.
    pub sparse: bool,
    /// For a list, the constraints of its elements; for a map, of its values: those written
    /// on its `member` (`value`) merged over the target's own.
    pub element_constraints: Constraints,
    /// For a map, the constraints of its keys, likewise.
    pub key_constraints: Constraints,
}

/// How a timestamp is written on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch: a JSON number, or decimal text.
    EpochSeconds,
    /// RFC 3339 (`2019-12-16T23:48:18Z`).
    DateTime,
    /// IMF-fixdate (`Mon, 16 Dec 2019 23:48:18 GMT`).
    HttpDate,
}

impl TimestampFormat {
    /// Every format with its schema spelling.
    pub const ALL: [(&'static str, TimestampFormat); 3] = [
        ("epoch-seconds", TimestampFormat::EpochSeconds),
        ("date-time", TimestampFormat::DateTime),
        ("http-date", TimestampFormat::HttpDate),
    ];

    /// The name of the format in the schema (`date-time`).
    pub fn as_str(self) -> &'static str {
        TimestampFormat::ALL
            .iter()
            .find(|(_, f)| *f == self)
            .map_or("epoch-seconds", |(s, _)| s)
    }

    /// The protocol's format for a timestamp without one, by where it travels: epoch
    /// seconds in the body, an HTTP date in a header, a date-time in the path and query.
    pub fn default_for(location: Location) -> TimestampFormat {
        match location {
            Location::Header | Location::Headers => TimestampFormat::HttpDate,
            Location::Path | Location::Query => TimestampFormat::DateTime,
            Location::Body | Location::Payload | Location::Status => TimestampFormat::EpochSeconds,
        }
    }
}

/// What a shape is.
#[derive(Debug, Clone, PartialEq)]
pub enum ShapeKind {
    /// A scalar; builtins and named scalar shapes (which emit nothing of their own).
    Primitive(Primitive),
    Structure(Structure),
    Enum(Enum),
    List {
        member: ShapeId,
    },
    Map {
        key: ShapeId,
        value: ShapeId,
    },
    /// A tagged union: exactly one member is set.
    Union(Union),
}

/// A union shape: a Rust enum with a variant per member.
#[derive(Debug, Clone, PartialEq)]
pub struct Union {
    /// All in the body, none required; `rust_name` of each is its variant name.
    pub members: Vec<Member>,
}

/// Scalar types.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Primitive {
    String,
    /// i8 (Smithy's `byte`).
    Byte,
    /// i16 (Smithy's `short`).
    Short,
    Integer,
    Long,
    Boolean,
    Float,
    Double,
    Timestamp,
    /// Bytes: base64 in JSON.
    Blob,
    /// Any JSON value.
    Document,
}

impl Primitive {
    /// Every primitive with its schema name, in the order they are registered.
    pub const ALL: [(&'static str, Primitive); 11] = [
        ("string", Primitive::String),
        ("byte", Primitive::Byte),
        ("short", Primitive::Short),
        ("integer", Primitive::Integer),
        ("long", Primitive::Long),
        ("boolean", Primitive::Boolean),
        ("float", Primitive::Float),
        ("double", Primitive::Double),
        ("timestamp", Primitive::Timestamp),
        ("blob", Primitive::Blob),
        ("document", Primitive::Document),
    ];

    /// The name of the primitive in the schema (`string`).
    pub fn as_str(self) -> &'static str {
        Primitive::ALL
            .iter()
            .find(|(_, p)| *p == self)
            .map_or("string", |(s, _)| s)
    }

    /// Whether values have a text form for a label, query parameter or header.
    pub fn has_text_form(self) -> bool {
        !matches!(self, Primitive::Blob | Primitive::Document)
    }
}

/// A structure shape: a struct with named members.
#[derive(Debug, Clone, PartialEq)]
pub struct Structure {
    pub members: Vec<Member>,
    /// Operations that take this structure as input (so it may have non-body members).
    pub input_of: Vec<usize>,
}

/// A member of a structure or an error.
#[derive(Debug, Clone, PartialEq)]
pub struct Member {
    /// The key in the schema.
    pub name: String,
    /// The Rust field name (snake case, keyword-escaped: `r#type`).
    pub rust_name: String,
    /// The chained setter of an input structure for an optional member (`with_type`).
    pub setter_rust_name: String,
    /// The parameter of the input's `new` for a required member (`r#type`, `member_1`).
    pub param_rust_name: String,
    /// The name on the wire: JSON key, query parameter, header or path label.
    pub wire_name: String,
    pub target: ShapeId,
    pub required: bool,
    /// The field is `Option<rt::Nullable<T>>`: absent, an explicit `null`, or a value.
    pub nullable: bool,
    /// The value the member takes when a message leaves it out; the field is then `T`, not
    /// `Option<T>` (a body member of a structure, checked to fit its type).
    pub default: Option<serde_json::Value>,
    pub location: Location,
    /// The field needs a `Box` because the structure contains itself through it.
    pub boxed: bool,
    pub docs: Option<String>,
    /// The member's own constraints merged over its target's.
    pub constraints: Constraints,
    /// The timestamp format written on the member, or else on its target (or, for a list,
    /// on its element); `None` takes the location's default.
    pub timestamp_format: Option<TimestampFormat>,
    /// A string header whose value is JSON text, sent base64-encoded.
    pub json_value: bool,
    /// The value is kept out of `Debug` output: marked on the member or on its target.
    pub sensitive: bool,
    /// The `Content-Type` of a payload blob or string when it is not the default one.
    pub media_type: Option<String>,
    /// The client fills in a fresh UUID when the caller leaves it unset.
    pub idempotency_token: bool,
    /// Fills a `{label}` of the operation's host prefix.
    pub host_label: bool,
}

impl Member {
    /// Whether the field always holds a value (`T`, not `Option<T>`): required, or with a
    /// default.
    pub fn always_present(&self) -> bool {
        self.required || self.default.is_some()
    }

    /// The timestamp format this member is written in, at its location.
    pub fn effective_timestamp_format(&self) -> TimestampFormat {
        self.timestamp_format
            .unwrap_or_else(|| TimestampFormat::default_for(self.location))
    }
}

/// A wire form a value's JSON needs beside its type's own serde form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JsonForm {
    /// A float or a double, for `NaN` and the infinities as strings.
    Float,
    /// A timestamp as an RFC 3339 date-time.
    DateTime,
    /// A timestamp as an HTTP date.
    HttpDate,
}

/// The wire form the JSON of values of shape `target` needs (a float, a timestamp not in
/// epoch seconds), looked for through lists and maps; `own` is the member's timestamp
/// format, which overrides the shape's. `None` where the type's own serde form is the
/// wire's. At most as many steps as there are shapes, so a list that contains itself
/// (refused by validation, which calls this before it gets that far) ends the walk.
pub fn json_form(
    shapes: &[Shape],
    target: ShapeId,
    own: Option<TimestampFormat>,
) -> Option<JsonForm> {
    let mut id = target;
    for _ in 0..=shapes.len() {
        match &shapes[id.0].kind {
            ShapeKind::List { member } => id = *member,
            ShapeKind::Map { value, .. } => id = *value,
            ShapeKind::Primitive(Primitive::Float | Primitive::Double) => {
                return Some(JsonForm::Float)
            }
            ShapeKind::Primitive(Primitive::Timestamp) => {
                return match own.or(shapes[id.0].timestamp_format) {
                    Some(TimestampFormat::DateTime) => Some(JsonForm::DateTime),
                    Some(TimestampFormat::HttpDate) => Some(JsonForm::HttpDate),
                    _ => None,
                };
            }
            _ => return None,
        }
    }
    None
}

/// The members of a structure or an error seen by where they travel, so that emitters ask
/// the model instead of filtering by location themselves.
pub trait Members {
    /// The member bound to the whole body (`location: payload`); at most one.
    fn payload(&self) -> Option<&Member>;
    /// The members that are keys of the JSON object body, in order.
    fn body(&self) -> impl Iterator<Item = &Member>;
    /// The members bound anywhere but the JSON object body (path, query, headers, status,
    /// payload), in order.
    fn outside_body(&self) -> impl Iterator<Item = &Member>;
    /// Whether any member is a key of the JSON object body.
    fn has_body(&self) -> bool {
        self.body().next().is_some()
    }
    /// Whether every member is a key of the JSON object body (so also with none).
    fn all_in_body(&self) -> bool {
        self.outside_body().next().is_none()
    }
}

impl Members for [Member] {
    fn payload(&self) -> Option<&Member> {
        self.iter().find(|m| m.location == Location::Payload)
    }
    fn body(&self) -> impl Iterator<Item = &Member> {
        self.iter().filter(|m| m.location == Location::Body)
    }
    fn outside_body(&self) -> impl Iterator<Item = &Member> {
        self.iter().filter(|m| m.location != Location::Body)
    }
}

/// Where a member travels in a request or a response.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Location {
    /// A key of the JSON object body.
    Body,
    /// A `{label}` of the path (inputs).
    Path,
    /// A query parameter; a map target is a map of parameters (inputs).
    Query,
    /// One header.
    Header,
    /// Every header with the member's wire name as prefix (a map).
    Headers,
    /// The response status code (outputs).
    Status,
    /// The whole body.
    Payload,
}

impl Location {
    /// Every location with its schema spelling.
    pub const ALL: [(&'static str, Location); 7] = [
        ("body", Location::Body),
        ("path", Location::Path),
        ("query", Location::Query),
        ("header", Location::Header),
        ("headers", Location::Headers),
        ("status", Location::Status),
        ("payload", Location::Payload),
    ];

    /// The name of the location in the schema (`path`).
    pub fn as_str(self) -> &'static str {
        Location::ALL
            .iter()
            .find(|(_, l)| *l == self)
            .map_or("body", |(s, _)| s)
    }
}

/// Length, range, pattern and uniqueness limits.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Constraints {
    pub length: Option<Bounds>,
    pub range: Option<Bounds>,
    pub pattern: Option<String>,
    /// For a list: no two elements are equal.
    pub unique_items: bool,
    /// For an `int_enum` (an integer): the values it may take.
    pub int_values: Option<Vec<i64>>,
}

impl Constraints {
    /// Whether there is anything for the generated server to check.
    pub fn is_checked(&self) -> bool {
        self.length.is_some()
            || self.range.is_some()
            || self.pattern.is_some()
            || self.unique_items
            || self.int_values.is_some()
    }
}

/// Inclusive bounds; either side may be open.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bounds {
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// An enum shape: string values that are known today; others are kept as unknown.
#[derive(Debug, Clone, PartialEq)]
pub struct Enum {
    pub values: Vec<EnumValue>,
}

/// One known enum value.
#[derive(Debug, Clone, PartialEq)]
pub struct EnumValue {
    /// The string on the wire.
    pub value: String,
    /// The Rust variant name.
    pub rust_name: String,
    pub docs: Option<String>,
}

/// HTTP methods an operation may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Method {
    Get,
    Head,
    Post,
    Put,
    Patch,
    Delete,
    Options,
}

impl Method {
    /// Every method with its wire spelling.
    pub const ALL: [(&'static str, Method); 7] = [
        ("GET", Method::Get),
        ("HEAD", Method::Head),
        ("POST", Method::Post),
        ("PUT", Method::Put),
        ("PATCH", Method::Patch),
        ("DELETE", Method::Delete),
        ("OPTIONS", Method::Options),
    ];

    /// The wire spelling (`GET`).
    pub fn as_str(self) -> &'static str {
        Method::ALL
            .iter()
            .find(|(_, m)| *m == self)
            .map_or("GET", |(s, _)| s)
    }

    /// Whether repeating the request has the same effect as sending it once (RFC 9110 9.2.2).
    pub fn is_idempotent(self) -> bool {
        !matches!(self, Method::Post | Method::Patch)
    }

    /// Whether a request with this method may carry a body.
    pub fn allows_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// An operation: one route and its types.
#[derive(Debug, Clone, PartialEq)]
pub struct Operation {
    /// The schema name (`GetBucket`).
    pub name: String,
    /// The Rust method name (`get_bucket`).
    pub rust_name: String,
    /// The variant of the generated `Operation` enum (`GetBucket`).
    pub variant_rust_name: String,
    /// The name of the per-operation error enum (`GetBucketError`).
    pub error_rust_name: String,
    pub docs: Option<String>,
    pub method: Method,
    pub path: PathTemplate,
    /// A structure shape; `None` for an operation without input.
    pub input: Option<ShapeId>,
    /// A structure shape; `None` for an empty response.
    pub output: Option<ShapeId>,
    /// The success status (2xx).
    pub success: u16,
    pub errors: Vec<ErrorId>,
    pub idempotent: bool,
    pub pagination: Option<Pagination>,
    /// Prepended to the endpoint's host.
    pub host_prefix: Option<HostPrefix>,
    /// The client gzips the request body.
    pub gzip_request: bool,
    /// The client sends `Content-MD5` of the body.
    pub checksum_required: bool,
    /// Indices in `Service::auth_schemes` of the schemes it takes (any one suffices); empty
    /// for none.
    pub auth: Vec<usize>,
}

/// A host prefix such as `{accountId}.data.`: text and labels, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct HostPrefix {
    pub raw: String,
    pub parts: Vec<HostPart>,
}

/// One part of a host prefix.
#[derive(Debug, Clone, PartialEq)]
pub enum HostPart {
    Literal(String),
    /// The index of the input member (with `host_label`) that fills it.
    Label(usize),
}

/// A path template such as `/v2/apis/{apiId}/routes`.
#[derive(Debug, Clone, PartialEq)]
pub struct PathTemplate {
    /// The template as written.
    pub raw: String,
    /// The segments between `/`, in order.
    pub segments: Vec<Segment>,
    /// Constant query parameters after `?`, in order: name and value (`None` for a bare
    /// `&flag`).
    pub query: Vec<(String, Option<String>)>,
}

/// One segment of a path template.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    Literal(String),
    /// `{label}`: the index of the input member it is filled from.
    Label {
        name: String,
        member: usize,
    },
    /// `{label+}`, the last segment: one or more segments, `/` kept.
    Greedy {
        name: String,
        member: usize,
    },
}

/// Pagination of a list operation; the fields are member indices.
#[derive(Debug, Clone, PartialEq)]
pub struct Pagination {
    /// The client method that streams pages (`list_things_pages`).
    pub pages_rust_name: String,
    /// The client method that streams items (`list_things_items`).
    pub items_rust_name: String,
    /// Input member that carries the token of the page to fetch.
    pub input_token: usize,
    /// Output member that carries the token of the next page; absent on the last page.
    pub output_token: usize,
    /// Output member (a list) that carries the items of the page.
    pub items: usize,
    /// Input member that sets the page size.
    pub page_size: Option<usize>,
}

/// A modelled error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorShape {
    pub name: String,
    pub rust_name: String,
    /// The code on the wire (`x-amzn-ErrorType`, or in an http-json body), by default the
    /// name.
    pub code: String,
    /// The problem-details `title` (http-json): the schema's, or the name in words.
    pub title: String,
    /// Other codes that mean the same error.
    pub aliases: Vec<String>,
    pub status: u16,
    pub retryable: bool,
    pub members: Vec<Member>,
    pub docs: Option<String>,
}

impl ErrorShape {
    /// Whether the error struct derives `Default`: when no member is required (its
    /// `request_id` is never required).
    pub fn derives_default(&self) -> bool {
        self.members.iter().all(|m| !m.required)
    }
}

impl Model {
    /// The element of a list shape; `None` for any other shape.
    pub fn list_element(&self, id: ShapeId) -> Option<ShapeId> {
        match self.shape(id).kind {
            ShapeKind::List { member } => Some(member),
            _ => None,
        }
    }

    /// The shape of a member's values: a list's element, or the shape itself.
    pub fn value_shape(&self, id: ShapeId) -> ShapeId {
        self.list_element(id).unwrap_or(id)
    }

    /// Whether a structure derives `Default`: when no required member would be hidden by
    /// it. Required members outside the body are scalars (an empty path label is refused
    /// before sending), but an enum, a structure or a union has no default value.
    pub fn derives_default(&self, s: &Structure) -> bool {
        s.members.iter().all(|m| {
            !m.required
                || (m.location != Location::Body
                    && !matches!(
                        self.shape(m.target).kind,
                        ShapeKind::Enum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_)
                    ))
        })
    }

    /// The shape behind an id.
    pub fn shape(&self, id: ShapeId) -> &Shape {
        &self.shapes[id.0]
    }

    /// The error behind an id.
    pub fn error(&self, id: ErrorId) -> &ErrorShape {
        &self.errors[id.0]
    }

    /// The members of a structure or union shape (empty for any other shape).
    pub fn members(&self, id: ShapeId) -> &[Member] {
        match &self.shape(id).kind {
            ShapeKind::Structure(s) => &s.members,
            ShapeKind::Union(u) => &u.members,
            _ => &[],
        }
    }

    /// Whether a shape or an error has `rust_name` as its Rust name, and so shadows the
    /// standard-library type of that name in the module that defines it.
    pub fn shadows(&self, rust_name: &str) -> bool {
        self.shadowed_std.contains(&rust_name)
    }

    /// For every shape (by index), whether a value of it needs checking by the server
    /// beyond the constraints of the member that holds it: it is an enum, or it holds a
    /// constrained member, list element, map key or value, or an enum.
    pub fn needs_validation(&self) -> Vec<bool> {
        // Start from what needs checking itself, then walk the containment edges backwards:
        // linear in the schema, whatever order the shapes come in.
        let mut holders: Vec<Vec<usize>> = vec![Vec::new(); self.shapes.len()];
        let mut holds = vec![false; self.shapes.len()];
        let mut work = Vec::new();
        for (i, shape) in self.shapes.iter().enumerate() {
            let (itself, parts): (bool, Vec<ShapeId>) = match &shape.kind {
                ShapeKind::Enum(_) => (true, Vec::new()),
                ShapeKind::Primitive(_) => (false, Vec::new()),
                ShapeKind::Structure(Structure { members, .. })
                | ShapeKind::Union(Union { members }) => (
                    members.iter().any(|m| m.constraints.is_checked()),
                    members.iter().map(|m| m.target).collect(),
                ),
                ShapeKind::List { member } => {
                    (shape.element_constraints.is_checked(), vec![*member])
                }
                ShapeKind::Map { key, value } => (
                    shape.key_constraints.is_checked() || shape.element_constraints.is_checked(),
                    vec![*key, *value],
                ),
            };
            for part in parts {
                holders[part.0].push(i);
            }
            if itself {
                holds[i] = true;
                work.push(i);
            }
        }
        while let Some(i) = work.pop() {
            for &holder in &holders[i] {
                if !holds[holder] {
                    holds[holder] = true;
                    work.push(holder);
                }
            }
        }
        holds
    }

    /// Whether the server checks a `pattern`: one is on a member, list element or map key
    /// or value that an input reaches (the generated crate then needs the runtime's
    /// `pattern` feature, and so the regex crate).
    pub fn checks_patterns(&self) -> bool {
        self.input_reachable().into_iter().any(|id| {
            let shape = self.shape(id);
            shape.constraints.pattern.is_some()
                || shape.element_constraints.pattern.is_some()
                || shape.key_constraints.pattern.is_some()
                || self
                    .members(id)
                    .iter()
                    .any(|m| m.constraints.pattern.is_some())
        })
    }

    /// The content type of a payload member's body when it is not JSON: the raw bytes of a
    /// blob, the text of a string or enum (the member's `media_type`, else
    /// `application/octet-stream` and `text/plain`); `None` for a JSON payload.
    pub fn raw_payload_type<'m>(&self, m: &'m Member) -> Option<&'m str> {
        let plain = match self.shape(m.target).kind {
            ShapeKind::Primitive(Primitive::Blob) => "application/octet-stream",
            ShapeKind::Primitive(Primitive::String) | ShapeKind::Enum(_) => "text/plain",
            _ => return None,
        };
        Some(m.media_type.as_deref().unwrap_or(plain))
    }

    /// Every shape reachable from an operation input (inputs included).
    pub fn input_reachable(&self) -> BTreeSet<ShapeId> {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<ShapeId> = self.operations.iter().filter_map(|op| op.input).collect();
        while let Some(id) = stack.pop() {
            if !seen.insert(id) {
                continue;
            }
            match &self.shape(id).kind {
                ShapeKind::Structure(Structure { members, .. })
                | ShapeKind::Union(Union { members }) => {
                    stack.extend(members.iter().map(|m| m.target))
                }
                ShapeKind::List { member } => stack.push(*member),
                // Keys too: an enum key is checked.
                ShapeKind::Map { key, value } => stack.extend([*key, *value]),
                ShapeKind::Enum(_) | ShapeKind::Primitive(_) => {}
            }
        }
        seen
    }

    /// Enums that travel outside the JSON body of a request or response (in a label, query
    /// parameter, header or as a text payload, directly or as list or map elements): they
    /// need a text form besides their JSON one.
    pub fn enums_outside_body(&self) -> BTreeSet<ShapeId> {
        let mut out = BTreeSet::new();
        let structures = self
            .operations
            .iter()
            .flat_map(|op| [op.input, op.output])
            .flatten()
            .map(|id| self.members(id));
        let errors = self.errors.iter().map(|e| &e.members[..]);
        for members in structures.chain(errors) {
            for m in members.iter().filter(|m| m.location != Location::Body) {
                let target = match self.shape(m.target).kind {
                    ShapeKind::List { member } => member,
                    ShapeKind::Map { value, .. } => match self.shape(value).kind {
                        ShapeKind::List { member } => member,
                        _ => value,
                    },
                    _ => m.target,
                };
                if matches!(self.shape(target).kind, ShapeKind::Enum(_)) {
                    out.insert(target);
                }
            }
        }
        out
    }

    /// The member of an error that holds its message: a string body member whose wire name
    /// is `message` or `Message` (WIRE.md §4.5), or `detail` in problem details (§10).
    pub fn error_message_member<'a>(&self, e: &'a ErrorShape) -> Option<&'a Member> {
        // Problem details carry their message in `detail` (RFC 9457 §3.1.4).
        let detail = self.service.protocol == Protocol::HttpJson(ErrorBody::Problem);
        e.members.iter().find(|m| {
            (matches!(m.wire_name.as_str(), "message" | "Message")
                || (detail && m.wire_name == "detail"))
                && m.location == Location::Body
                && matches!(
                    self.shape(m.target).kind,
                    ShapeKind::Primitive(Primitive::String)
                )
        })
    }

    /// Shapes that emit a Rust item of their own (structures and enums), in model order.
    pub fn named_types(&self) -> impl Iterator<Item = (ShapeId, &Shape)> {
        self.shapes
            .iter()
            .enumerate()
            .map(|(i, s)| (ShapeId(i), s))
            .filter(|(_, s)| {
                matches!(
                    s.kind,
                    ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_)
                )
            })
    }
}
