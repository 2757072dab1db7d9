//! The OpenAPI 3.1 emitter: the service as one OpenAPI document (`openapi.json` and
//! `openapi.yaml` of the generated crate), for tools outside Rust (validators, mock servers,
//! API explorers, other languages' generators).
//!
//! The document is built as a `serde_json::Value` from the model alone; `render` adds the
//! `@generated` mark and writes it out with every object's keys sorted, so that the bytes do
//! not depend on serde_json's `preserve_order` feature (which Cargo may switch on for the
//! whole build through any other crate). What OpenAPI cannot say about rest-json (the error
//! header as the discriminator of error bodies, open enums) is written in descriptions and
//! in README.md, "OpenAPI and editors".

use crate::model::{
    Bounds, Constraints, ErrorBody, ErrorId, ErrorShape, Location, Member, Members, Model,
    Operation, Primitive, Protocol, Segment, ShapeId, ShapeKind, TimestampFormat,
};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;

/// The OpenAPI version written; 3.1 because its schemas are JSON Schema 2020-12 (`$ref`
/// with sibling keywords such as a member's own `description`).
const OPENAPI_VERSION: &str = "3.1.0";

/// The response header that carries a rest-json error's code (WIRE.md §4.2).
const ERROR_TYPE: &str = "x-amzn-ErrorType";
/// The media type of problem details (RFC 9457 §3).
const PROBLEM_JSON: &str = "application/problem+json";

/// The whole document, without the `@generated` mark.
pub fn emit(model: &Model) -> Value {
    let names = ComponentNames::new(model);
    let cx = Cx { model, names };
    let s = &model.service;
    let mut info = Map::new();
    info.insert("title".into(), json!(s.name));
    info.insert("version".into(), json!(s.version));
    if let Some(docs) = &s.docs {
        info.insert("description".into(), json!(docs.trim()));
    }
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!(OPENAPI_VERSION));
    doc.insert("info".into(), Value::Object(info));
    // The endpoints the generated client knows without an override (WIRE.md §8): the
    // schema's servers, else an AWS service's regional endpoint.
    if !s.servers.is_empty() {
        let servers: Vec<Value> = s.servers.iter().map(|url| json!({ "url": url })).collect();
        doc.insert("servers".into(), Value::Array(servers));
    } else if s.protocol == Protocol::RestJson {
        doc.insert(
            "servers".into(),
            json!([{
                "url": format!("https://{}.{{region}}.amazonaws.com", s.endpoint_prefix),
                "description": "The AWS endpoint of a region; any other endpoint (a local service) works the same way.",
                "variables": {"region": {"default": "us-east-1"}},
            }]),
        );
    }
    doc.insert("paths".into(), Value::Object(cx.paths()));
    doc.insert("components".into(), cx.components());
    Value::Object(doc)
}

/// The names of component schemas, as `naming::openapi_component_names` gives them.
struct ComponentNames {
    shapes: BTreeMap<ShapeId, String>,
    errors: BTreeMap<ErrorId, String>,
}

impl ComponentNames {
    fn new(model: &Model) -> Self {
        let named = &model.shapes[Primitive::ALL.len()..];
        let (shapes, errors) = crate::naming::openapi_component_names(
            named.iter().map(|s| s.name.as_str()),
            model.errors.iter().map(|e| e.name.as_str()),
        );
        let shapes = (Primitive::ALL.len()..).map(ShapeId).zip(shapes).collect();
        let errors = (0..).map(ErrorId).zip(errors).collect();
        ComponentNames { shapes, errors }
    }
}

struct Cx<'a> {
    model: &'a Model,
    names: ComponentNames,
}

impl Cx<'_> {
    /// `paths`: one path item per template, one operation per method. OpenAPI paths have
    /// no greedy labels and no query: `{key+}` is written `{key}` (its `/` are kept, see
    /// the parameter), and constant query parameters go in `x-restgen-constant-query`.
    /// Two operations of one method that only those parameters tell apart cannot share a
    /// path item: the later one keeps the template's `?...` in its path.
    fn paths(&self) -> Map<String, Value> {
        let mut paths = Map::new();
        for op in &self.model.operations {
            let method = op.method.as_str().to_ascii_lowercase();
            let mut key = String::new();
            for segment in &op.path.segments {
                key.push('/');
                match segment {
                    Segment::Literal(text) => key.push_str(text),
                    Segment::Label { name, .. } | Segment::Greedy { name, .. } => {
                        key.push('{');
                        key.push_str(name);
                        key.push('}');
                    }
                }
            }
            if key.is_empty() {
                key.push('/');
            }
            let taken = paths
                .get(&key)
                .and_then(|item: &Value| item.get(&method))
                .is_some();
            if taken {
                if let Some((_, query)) = op.path.raw.split_once('?') {
                    key = format!("{key}?{query}");
                }
            }
            let item = paths
                .entry(key)
                .or_insert_with(|| Value::Object(Map::new()));
            if let Value::Object(item) = item {
                item.insert(method, Value::Object(self.operation(op)));
            }
        }
        paths
    }

    fn operation(&self, op: &Operation) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("operationId".into(), json!(op.name));
        // Any one of the schemes; `[]` says the operation needs none.
        if !self.model.service.auth_schemes.is_empty() {
            let security: Vec<Value> = op
                .auth
                .iter()
                .map(|&i| json!({ self.model.service.auth_schemes[i].name.clone(): [] }))
                .collect();
            out.insert("security".into(), Value::Array(security));
        }
        if let Some(docs) = &op.docs {
            let summary = summary(docs);
            if summary != docs.trim() {
                out.insert("description".into(), json!(docs.trim()));
            }
            out.insert("summary".into(), json!(summary));
        }
        let members = op.input.map_or(&[][..], |id| self.model.members(id));
        let parameters: Vec<Value> = members
            .iter()
            .filter(|m| self.is_parameter(m))
            .map(|m| self.parameter(m))
            .collect();
        if !parameters.is_empty() {
            out.insert("parameters".into(), Value::Array(parameters));
        }
        let body: Vec<&Member> = members.body().collect();
        let payload = members.payload();
        if let Some(m) = payload {
            let media = self.model.raw_payload_type(m).unwrap_or("application/json");
            let mut content = Map::new();
            content.insert(
                media.into(),
                json!({"schema": self.use_site(m.target, Location::Payload, &m.constraints)}),
            );
            out.insert(
                "requestBody".into(),
                json!({"required": m.required, "content": content}),
            );
        } else if let (Some(input), false) = (op.input, body.is_empty()) {
            // The client always sends a body when the input has body members (WIRE.md §2.5).
            out.insert(
                "requestBody".into(),
                json!({
                    "required": body.iter().any(|m| m.required),
                    "content": {"application/json": {"schema": self.reference(input)}},
                }),
            );
        }
        out.insert("responses".into(), Value::Object(self.responses(op)));
        if let Some((_, query)) = op.path.raw.split_once('?') {
            out.insert("x-restgen-constant-query".into(), json!(query));
        }
        if op.idempotent != op.method.is_idempotent() {
            out.insert("x-restgen-idempotent".into(), json!(op.idempotent));
        }
        if let (Some(p), Some(input), Some(output)) = (&op.pagination, op.input, op.output) {
            // OpenAPI has no pagination; the extension names the members by wire name.
            let (i, o) = (self.model.members(input), self.model.members(output));
            let mut pages = Map::new();
            pages.insert("inputToken".into(), json!(i[p.input_token].wire_name));
            pages.insert("outputToken".into(), json!(o[p.output_token].wire_name));
            pages.insert("items".into(), json!(o[p.items].wire_name));
            if let Some(size) = p.page_size {
                pages.insert("pageSize".into(), json!(i[size].wire_name));
            }
            out.insert("x-restgen-pagination".into(), Value::Object(pages));
        }
        out
    }

    /// A path label, query parameter or header (WIRE.md §2.2-§2.4).
    /// Whether a member is an OpenAPI parameter: one path label, query parameter or header.
    /// Query maps and prefix headers have no parameter form; they are described by the
    /// `x-restgen-*` extensions of the operation's input.
    fn is_parameter(&self, m: &Member) -> bool {
        match m.location {
            Location::Path | Location::Header => true,
            Location::Query => !matches!(self.model.shape(m.target).kind, ShapeKind::Map { .. }),
            Location::Body | Location::Headers | Location::Status | Location::Payload => false,
        }
    }

    fn parameter(&self, m: &Member) -> Value {
        let mut p = Map::new();
        p.insert("name".into(), json!(m.wire_name));
        p.insert("in".into(), json!(m.location.as_str()));
        p.insert(
            "required".into(),
            json!(m.required || m.location == Location::Path),
        );
        if let Some(docs) = &m.docs {
            p.insert("description".into(), json!(docs.trim()));
        }
        if matches!(self.model.shape(m.target).kind, ShapeKind::List { .. }) {
            match m.location {
                // `?k=a&k=b` (WIRE.md §2.3).
                Location::Query => {
                    p.insert("style".into(), json!("form"));
                    p.insert("explode".into(), json!(true));
                }
                // `k: a, b` (WIRE.md §2.4).
                Location::Header => {
                    p.insert("style".into(), json!("simple"));
                    p.insert("explode".into(), json!(false));
                }
                _ => {}
            }
        }
        // Outside the body a shape is written out in place: a timestamp's form depends on
        // where it travels, so a parameter cannot share the body's component.
        p.insert(
            "schema".into(),
            self.use_site(m.target, m.location, &m.constraints),
        );
        Value::Object(p)
    }

    fn responses(&self, op: &Operation) -> Map<String, Value> {
        let mut out = Map::new();
        let mut success = Map::new();
        success.insert(
            "description".into(),
            json!(if op.output.is_some() && op.success != 204 {
                "Success."
            } else {
                "Success, with no content."
            }),
        );
        let mut headers = Map::new();
        headers.insert(self.request_id_header().into(), self.request_id());
        let members = op.output.map_or(&[][..], |id| self.model.members(id));
        for m in members.iter().filter(|m| m.location == Location::Header) {
            let mut header = Map::new();
            header.insert(
                "schema".into(),
                self.use_site(m.target, m.location, &m.constraints),
            );
            if let Some(docs) = &m.docs {
                header.insert("description".into(), json!(docs.trim()));
            }
            headers.insert(m.wire_name.clone(), Value::Object(header));
        }
        success.insert("headers".into(), Value::Object(headers));
        // A 204 has no body whatever the output says (WIRE.md §3.4; validation warns). The
        // body is the payload member, or the JSON body members.
        let payload = members.payload();
        let has_body = members.has_body();
        match (op.output, payload) {
            _ if op.success == 204 => {}
            (Some(_), Some(m)) => {
                let media = self.model.raw_payload_type(m).unwrap_or("application/json");
                let mut content = Map::new();
                content.insert(
                    media.into(),
                    json!({"schema": self.use_site(m.target, Location::Payload, &m.constraints)}),
                );
                success.insert("content".into(), Value::Object(content));
            }
            (Some(output), None) if has_body || members.is_empty() => {
                success.insert(
                    "content".into(),
                    json!({"application/json": {"schema": self.reference(output)}}),
                );
            }
            _ => {}
        }
        out.insert(op.success.to_string(), Value::Object(success));
        // Errors by status: two errors may share one, and then only the header tells them
        // apart, which JSON Schema cannot express: the body is `anyOf` the candidates.
        let mut by_status: BTreeMap<u16, Vec<ErrorId>> = BTreeMap::new();
        for id in &op.errors {
            by_status
                .entry(self.model.error(*id).status)
                .or_default()
                .push(*id);
        }
        for (status, ids) in by_status {
            let errors: Vec<_> = ids.iter().map(|id| self.model.error(*id)).collect();
            let codes: Vec<String> = errors.iter().map(|e| format!("`{}`", e.code)).collect();
            let description = errors
                .iter()
                .map(|e| match &e.docs {
                    Some(docs) => format!("`{}`: {}", e.code, docs.trim()),
                    None => format!("`{}`.", e.code),
                })
                .collect::<Vec<_>>()
                .join("\n\n");
            let refs: Vec<Value> = ids
                .iter()
                .map(
                    |id| json!({"$ref": format!("#/components/schemas/{}", self.names.errors[id])}),
                )
                .collect();
            let schema = if refs.len() == 1 {
                refs.into_iter().next().unwrap_or_default()
            } else {
                json!({ "anyOf": refs })
            };
            let examples: Vec<&str> = errors.iter().map(|e| e.code.as_str()).collect();
            let mut headers = Map::new();
            if self.model.service.protocol == Protocol::RestJson {
                let text = format!("The error code: {}.", codes.join(" or "));
                headers.insert(ERROR_TYPE.into(), self.error_type(&text, true, &examples));
            }
            headers.insert(self.request_id_header().into(), self.request_id());
            out.insert(
                status.to_string(),
                json!({
                    "description": description,
                    "headers": headers,
                    "content": {self.error_media_type(): {"schema": schema}},
                }),
            );
        }
        out.insert("default".into(), self.unmodelled_error());
        out
    }

    /// The `default` response: whatever the operation does not model, in the protocol's
    /// error form (WIRE.md §4.6, §10).
    fn unmodelled_error(&self) -> Value {
        let request_id = (self.request_id_header(), self.request_id());
        match &self.model.service.protocol {
            Protocol::RestJson => json!({
                "description": "An error the operation does not model, in the rest-json error form: `x-amzn-ErrorType` and a JSON body with `message`.",
                "headers": {
                    ERROR_TYPE: self.error_type("The error code, when the service sends one.", false, &[]),
                    request_id.0: request_id.1,
                },
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {"message": {"type": "string"}},
                }}},
            }),
            Protocol::HttpJson(ErrorBody::Problem) => json!({
                "description": "An error the operation does not model, as RFC 9457 problem details: `type` is `about:blank` for the server's own refusals (a malformed request, a missing credential), `detail` says why.",
                "headers": {request_id.0: request_id.1},
                "content": {PROBLEM_JSON: {"schema": {
                    "type": "object",
                    "properties": {
                        "type": {"type": "string", "format": "uri-reference", "default": "about:blank"},
                        "title": {"type": "string"},
                        "status": {"type": "integer"},
                        "detail": {"type": "string"},
                        "instance": {"type": "string", "format": "uri-reference"},
                    },
                }}},
            }),
            Protocol::HttpJson(ErrorBody::Code(field)) => json!({
                "description": format!("An error the operation does not model: a JSON object with its code in `{field}` and a `message`."),
                "headers": {request_id.0: request_id.1},
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {field: {"type": "string"}, "message": {"type": "string"}},
                }}},
            }),
        }
    }

    /// The `Content-Type` of the service's error responses.
    fn error_media_type(&self) -> &'static str {
        match self.model.service.protocol {
            Protocol::HttpJson(ErrorBody::Problem) => PROBLEM_JSON,
            _ => "application/json",
        }
    }

    /// The response header that carries the request id (WIRE.md §3.5, §9.1, §10).
    fn request_id_header(&self) -> &'static str {
        self.model.service.protocol.request_id_header()
    }

    fn request_id(&self) -> Value {
        json!({"$ref": format!("#/components/headers/{}", self.request_id_header())})
    }

    fn error_type(&self, text: &str, required: bool, examples: &[&str]) -> Value {
        let mut schema = json!({"type": "string"});
        if !examples.is_empty() {
            schema["examples"] = json!(examples);
        }
        json!({
            "description": format!(
                "{text} A client cuts the value at the first `:` and keeps what follows the last `#` (rest-json), so `ns#{}:url` is the same code.",
                examples.first().copied().unwrap_or("Code")
            ),
            "required": required,
            "schema": schema,
        })
    }

    /// `components`: a schema per named shape and per error, and the shared headers.
    fn components(&self) -> Value {
        let mut schemas = Map::new();
        for (id, name) in &self.names.shapes {
            if let Some(schema) = self.component(*id) {
                schemas.insert(name.clone(), schema);
            }
        }
        for (id, name) in &self.names.errors {
            let e = self.model.error(*id);
            let mut facts = vec![match &self.model.service.protocol {
                Protocol::RestJson => {
                    format!("Sent with status {} and `{ERROR_TYPE}: {}`.", e.status, e.code)
                }
                Protocol::HttpJson(ErrorBody::Problem) => format!(
                    "Sent with status {} as problem details (`{PROBLEM_JSON}`) of `type` `{}`; its members are extension members.",
                    e.status, e.code
                ),
                Protocol::HttpJson(ErrorBody::Code(field)) => format!(
                    "Sent with status {} and `\"{field}\": \"{}\"` in the body.",
                    e.status, e.code
                ),
            }];
            if !e.aliases.is_empty() {
                let aliases: Vec<String> = e.aliases.iter().map(|a| format!("`{a}`")).collect();
                facts.push(format!(
                    "A client also reads the codes {} as this error.",
                    aliases.join(", ")
                ));
            }
            let mut schema = self.object(&e.members, describe(e.docs.as_deref(), &facts));
            self.error_form_members(e, &mut schema);
            let mut meta = Map::new();
            meta.insert("code".into(), json!(e.code));
            meta.insert("status".into(), json!(e.status));
            if !e.aliases.is_empty() {
                meta.insert("aliases".into(), json!(e.aliases));
            }
            meta.insert("retryable".into(), json!(e.retryable));
            schema.insert("x-restgen-error".into(), Value::Object(meta));
            schemas.insert(name.clone(), Value::Object(schema));
        }
        let mut components = json!({
            "schemas": schemas,
            "headers": {
                self.request_id_header(): {
                    "description": "The id of the request; on every response.",
                    "required": true,
                    "schema": {"type": "string"},
                },
            },
        });
        let schemes = &self.model.service.auth_schemes;
        if let (false, Value::Object(map)) = (schemes.is_empty(), &mut components) {
            let security: Map<String, Value> = schemes
                .iter()
                .map(|s| {
                    use crate::model::AuthKind;
                    let scheme = match &s.kind {
                        AuthKind::Bearer => json!({"type": "http", "scheme": "bearer"}),
                        AuthKind::Basic => json!({"type": "http", "scheme": "basic"}),
                        AuthKind::ApiKey { query, name } => json!({
                            "type": "apiKey",
                            "in": if *query { "query" } else { "header" },
                            "name": name,
                        }),
                        AuthKind::SigV4 => json!({
                            "type": "apiKey",
                            "in": "header",
                            "name": "Authorization",
                            "description": "An AWS Signature Version 4 signature.",
                        }),
                    };
                    (s.name.clone(), scheme)
                })
                .collect();
            map.insert("securitySchemes".into(), Value::Object(security));
        }
        components
    }

    /// The members an http-json error's body has beside the error's own, first and
    /// required: problem details' `type` (the code), `title` and `status`, or the code
    /// member. Each holds one value, so a body that may be one of several errors of a status
    /// is told apart by them.
    fn error_form_members(&self, e: &ErrorShape, schema: &mut Map<String, Value>) {
        let own: Vec<(&str, Value)> = match &self.model.service.protocol {
            Protocol::RestJson => return,
            Protocol::HttpJson(ErrorBody::Problem) => vec![
                (
                    "type",
                    json!({"const": e.code, "type": "string", "format": "uri-reference"}),
                ),
                ("title", json!({"type": "string", "examples": [e.title]})),
                ("status", json!({"const": e.status, "type": "integer"})),
            ],
            Protocol::HttpJson(ErrorBody::Code(field)) => {
                vec![(field.as_str(), json!({"const": e.code, "type": "string"}))]
            }
        };
        let mut properties: Map<String, Value> = own
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect();
        if let Some(Value::Object(members)) = schema.remove("properties") {
            properties.extend(members);
        }
        schema.insert("properties".into(), Value::Object(properties));
        let mut required: Vec<Value> = own.iter().map(|(k, _)| json!(k)).collect();
        if let Some(Value::Array(members)) = schema.remove("required") {
            required.extend(members);
        }
        schema.insert("required".into(), Value::Array(required));
    }

    /// The component schema of a named shape: none for an input structure with members
    /// that all travel outside the body (they are parameters, and it has no JSON form).
    fn component(&self, id: ShapeId) -> Option<Value> {
        let shape = self.model.shape(id);
        match &shape.kind {
            ShapeKind::Structure(s) => {
                let body: Vec<Member> = s.members.body().cloned().collect();
                if body.is_empty() && !s.members.is_empty() {
                    return None;
                }
                let mut facts = Vec::new();
                if body.len() < s.members.len() {
                    facts.push(
                        "The JSON body of the request: the other members of this input are the operation's parameters."
                            .to_string(),
                    );
                }
                Some(Value::Object(
                    self.object(&body, describe(shape.docs.as_deref(), &facts)),
                ))
            }
            _ => Some(self.definition(id, Location::Body, &shape.constraints, None)),
        }
    }

    /// A JSON object of body members, by wire name.
    fn object(&self, members: &[Member], description: Option<String>) -> Map<String, Value> {
        let mut out = Map::new();
        out.insert("type".into(), json!("object"));
        if let Some(d) = description {
            out.insert("description".into(), json!(d));
        }
        let mut properties = Map::new();
        for m in members {
            properties.insert(m.wire_name.clone(), self.member(m));
        }
        out.insert("properties".into(), Value::Object(properties));
        let required: Vec<&str> = members
            .iter()
            .filter(|m| m.required)
            .map(|m| m.wire_name.as_str())
            .collect();
        if !required.is_empty() {
            out.insert("required".into(), json!(required));
        }
        out
    }

    /// A body member: a reference to its shape, or the shape written out when the member
    /// has constraints of its own (a reference would apply the target's as well) or the
    /// shape is a builtin.
    /// A member's schema; a `nullable` member's also admits `null`.
    fn member(&self, m: &Member) -> Value {
        let mut schema = self.member_value(m);
        if let (Some(default), Value::Object(map)) = (&m.default, &mut schema) {
            map.insert("default".into(), default.clone());
        }
        if m.nullable {
            json!({"anyOf": [schema, {"type": "null"}]})
        } else {
            schema
        }
    }

    /// The schema of a member's values.
    fn member_value(&self, m: &Member) -> Value {
        let shape = self.model.shape(m.target);
        let named = m.target.0 >= Primitive::ALL.len();
        let own = m.constraints != shape.constraints
            && !matches!(
                shape.kind,
                ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_)
            );
        if named && !own {
            let mut r = self.reference(m.target);
            if let (Some(docs), Value::Object(r)) = (&m.docs, &mut r) {
                r.insert("description".into(), json!(docs.trim()));
            }
            r
        } else {
            self.definition(m.target, Location::Body, &m.constraints, m.docs.as_deref())
        }
    }

    fn reference(&self, id: ShapeId) -> Value {
        match self.names.shapes.get(&id) {
            Some(name) => json!({"$ref": format!("#/components/schemas/{name}")}),
            None => self.definition(id, Location::Body, &self.model.shape(id).constraints, None),
        }
    }

    /// The schema of a shape written out where it travels (`location`), with `constraints`
    /// and a description (`docs`, else the shape's own docs). Callers reference structures
    /// and enums instead (`use_site`): they have one form wherever they travel.
    fn definition(
        &self,
        id: ShapeId,
        location: Location,
        constraints: &Constraints,
        docs: Option<&str>,
    ) -> Value {
        let shape = self.model.shape(id);
        let docs = docs.or(shape.docs.as_deref());
        let mut out = Map::new();
        match &shape.kind {
            ShapeKind::Union(u) => {
                // Exactly one member: `oneOf` single-property objects.
                let alternatives: Vec<Value> = u
                    .members
                    .iter()
                    .map(|m| {
                        let mut properties = Map::new();
                        properties.insert(m.wire_name.clone(), self.member(m));
                        json!({"type": "object", "properties": properties, "required": [m.wire_name]})
                    })
                    .collect();
                out.insert("oneOf".into(), Value::Array(alternatives));
                if let Some(d) = describe(docs, &[]) {
                    out.insert("description".into(), json!(d));
                }
            }
            ShapeKind::Primitive(p) => {
                let format = shape
                    .timestamp_format
                    .unwrap_or_else(|| TimestampFormat::default_for(location));
                let (schema, fact) = primitive(*p, format);
                out.extend(schema);
                out.extend(bounds(constraints, Kind::Scalar(*p)));
                let facts: Vec<String> = fact.into_iter().map(str::to_string).collect();
                if let Some(d) = describe(docs, &facts) {
                    out.insert("description".into(), json!(d));
                }
            }
            ShapeKind::Enum(e) => {
                out.insert("type".into(), json!("string"));
                let values: Vec<&str> = e.values.iter().map(|v| v.value.as_str()).collect();
                out.insert("enum".into(), json!(values));
                let mut facts: Vec<String> = e
                    .values
                    .iter()
                    .filter_map(|v| {
                        v.docs
                            .as_ref()
                            .map(|d| format!("- `{}`: {}", v.value, d.trim()))
                    })
                    .collect();
                if !facts.is_empty() {
                    facts = vec![facts.join("\n")];
                }
                facts.push(
                    "The enum is open: a value added to the service later may arrive, and a client keeps it."
                        .to_string(),
                );
                if let Some(d) = describe(docs, &facts) {
                    out.insert("description".into(), json!(d));
                }
            }
            ShapeKind::Structure(_) => {
                // Only reached for a structure without a component, which no member names.
                out.insert("type".into(), json!("object"));
            }
            ShapeKind::List { member } => {
                out.insert("type".into(), json!("array"));
                out.insert("items".into(), self.entry(id, *member, location));
                out.extend(bounds(constraints, Kind::List));
                if constraints.unique_items {
                    out.insert("uniqueItems".into(), json!(true));
                }
                if let Some(d) = docs {
                    out.insert("description".into(), json!(d.trim()));
                }
            }
            ShapeKind::Map { value, .. } => {
                out.insert("type".into(), json!("object"));
                // The key's constraints: its shape's, and the map's own over them.
                let key_constraints = &shape.key_constraints;
                if *key_constraints != Constraints::default() {
                    out.insert(
                        "propertyNames".into(),
                        Value::Object(bounds(key_constraints, Kind::Scalar(Primitive::String))),
                    );
                }
                out.insert(
                    "additionalProperties".into(),
                    self.entry(id, *value, location),
                );
                out.extend(bounds(constraints, Kind::Map));
                if let Some(d) = docs {
                    out.insert("description".into(), json!(d.trim()));
                }
            }
        }
        Value::Object(out)
    }

    /// The schema of an entry of list or map `collection`: the element's, or `null` too
    /// when the collection is sparse.
    fn entry(&self, collection: ShapeId, id: ShapeId, location: Location) -> Value {
        // Constraints the list or map writes on its elements are shown where they apply;
        // without any, the element's shape is referenced.
        let own = &self.model.shape(collection).element_constraints;
        let element = if *own != self.model.shape(id).constraints {
            self.use_site(id, location, own)
        } else {
            self.element(id, location)
        };
        match self.model.shape(collection).sparse {
            true => json!({"anyOf": [element, {"type": "null"}]}),
            false => element,
        }
    }

    /// The schema of a list element or a map value: a reference in the body, the shape
    /// written out elsewhere (a timestamp element of a header list is an HTTP-date).
    fn element(&self, id: ShapeId, location: Location) -> Value {
        if location == Location::Body && id.0 >= Primitive::ALL.len() {
            self.reference(id)
        } else {
            self.use_site(id, location, &self.model.shape(id).constraints)
        }
    }

    /// A shape outside the body: structures and enums by reference, the rest written out.
    fn use_site(&self, id: ShapeId, location: Location, constraints: &Constraints) -> Value {
        match self.model.shape(id).kind {
            ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_) => {
                self.reference(id)
            }
            _ => self.definition(id, location, constraints, None),
        }
    }
}

/// The schema of a scalar where it travels, and the fact a reader needs about its form.
fn primitive(p: Primitive, format: TimestampFormat) -> (Map<String, Value>, Option<&'static str>) {
    let (schema, fact) = match (p, format) {
        (Primitive::Float, _) => (
            json!({"type": "number", "format": "float"}),
            Some("NaN and the infinities are the strings `NaN`, `Infinity` and `-Infinity`."),
        ),
        (Primitive::Blob, _) => (
            json!({"type": "string", "format": "byte"}),
            Some("Bytes, base64-encoded in JSON; raw as a payload."),
        ),
        (Primitive::Document, _) => (json!({}), Some("Any JSON value.")),
        (Primitive::String, _) => (json!({"type": "string"}), None),
        (Primitive::Byte, _) => (
            json!({"type": "integer", "format": "int8", "minimum": -128, "maximum": 127}),
            None,
        ),
        (Primitive::Short, _) => (
            json!({"type": "integer", "format": "int16", "minimum": -32768, "maximum": 32767}),
            None,
        ),
        (Primitive::Integer, _) => (json!({"type": "integer", "format": "int32"}), None),
        (Primitive::Long, _) => (json!({"type": "integer", "format": "int64"}), None),
        (Primitive::Boolean, _) => (json!({"type": "boolean"}), None),
        (Primitive::Double, _) => (json!({"type": "number", "format": "double"}), None),
        // WIRE.md §5, timestamps: the format depends on where the value travels.
        (Primitive::Timestamp, TimestampFormat::EpochSeconds) => (
            json!({"type": "number"}),
            Some("A timestamp: seconds since the Unix epoch, with a fraction when needed (`1700000000.123`)."),
        ),
        (Primitive::Timestamp, TimestampFormat::HttpDate) => (
            json!({"type": "string"}),
            Some("A timestamp as an HTTP-date in IMF-fixdate form (`Tue, 14 Nov 2023 22:13:20 GMT`, RFC 9110 §5.6.7)."),
        ),
        (Primitive::Timestamp, TimestampFormat::DateTime) => (
            json!({"type": "string", "format": "date-time"}),
            Some("A timestamp as an RFC 3339 date-time in UTC (`2023-11-14T22:13:20Z`)."),
        ),
    };
    match schema {
        Value::Object(map) => (map, fact),
        _ => (Map::new(), fact),
    }
}

/// What a `length` bound limits.
#[derive(Clone, Copy)]
enum Kind {
    Scalar(Primitive),
    List,
    Map,
}

/// The JSON Schema keywords of `length`, `range` and `pattern` for a value of `kind`.
fn bounds(c: &Constraints, kind: Kind) -> Map<String, Value> {
    let mut out = Map::new();
    let mut put = |b: &Option<Bounds>, min: &str, max: &str, integer: bool| {
        if let Some(b) = b {
            if let Some(v) = b.min {
                out.insert(min.into(), number(v, integer));
            }
            if let Some(v) = b.max {
                out.insert(max.into(), number(v, integer));
            }
        }
    };
    match kind {
        Kind::Scalar(Primitive::String) => put(&c.length, "minLength", "maxLength", true),
        Kind::List => put(&c.length, "minItems", "maxItems", true),
        Kind::Map => put(&c.length, "minProperties", "maxProperties", true),
        Kind::Scalar(_) => {}
    }
    if let Kind::Scalar(p) = kind {
        if matches!(
            p,
            Primitive::Byte
                | Primitive::Short
                | Primitive::Integer
                | Primitive::Long
                | Primitive::Float
                | Primitive::Double
                | Primitive::Timestamp
        ) {
            put(&c.range, "minimum", "maximum", false);
        }
        if let Some(values) = &c.int_values {
            out.insert("enum".into(), json!(values));
        }
        if p == Primitive::String {
            if let Some(pattern) = &c.pattern {
                out.insert("pattern".into(), json!(pattern));
            }
        }
    }
    out
}

/// A bound as JSON: a whole number as an integer (`10`, not `10.0`); a count (a length) is
/// never negative or fractional in a valid schema, and is clamped so that it stays one.
fn number(v: f64, count: bool) -> Value {
    let v = if count { v.max(0.0).ceil() } else { v };
    if v.fract() == 0.0 && v.abs() < 9.0e15 {
        json!(v as i64)
    } else {
        json!(v)
    }
}

/// A description from the schema's docs and the generator's facts, one paragraph each.
fn describe(docs: Option<&str>, facts: &[String]) -> Option<String> {
    let mut parts: Vec<&str> = docs.map(str::trim).into_iter().collect();
    parts.extend(facts.iter().map(String::as_str));
    let text = parts
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
    (!text.is_empty()).then_some(text)
}

/// The first sentence of an operation's docs, as its one-line summary.
fn summary(docs: &str) -> String {
    let words: Vec<&str> = docs.split_whitespace().collect();
    let end = words
        .iter()
        .position(|w| w.ends_with('.'))
        .map_or(words.len(), |i| i + 1);
    words[..end].join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn summaries_are_the_first_sentence() {
        assert_eq!(super::summary("Gets a thing. Then more."), "Gets a thing.");
        assert_eq!(super::summary("Gets\n  a thing"), "Gets a thing");
    }

    #[test]
    fn whole_bounds_are_integers() {
        assert_eq!(super::number(10.0, true), serde_json::json!(10));
        assert_eq!(super::number(-1.5, false), serde_json::json!(-1.5));
    }
}
