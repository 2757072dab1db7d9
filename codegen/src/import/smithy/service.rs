//! The service shape: which one to import, and its traits as the `service:` section (name,
//! version, protocol, signing name, authentication schemes, docs), its `rename`, its errors
//! and its default pagination.

use super::super::reading::member;
use super::super::{listing, Cx};
use super::index::{Ast, ShapeIn, Trait};
use super::SmithySettings;
use crate::diagnostics::Diagnostic;
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};
use std::collections::HashMap;

/// The authentication traits the schema has a scheme for, each with the scheme's name in
/// `service.auth_schemes`; SigV4 (`aws.auth#sigv4`) is the signing name instead.
const AUTH_SCHEMES: [(&str, &str); 3] = [
    ("smithy.api#httpBearerAuth", "bearer"),
    ("smithy.api#httpBasicAuth", "basic"),
    ("smithy.api#httpApiKeyAuth", "api_key"),
];
const SIGV4: &str = "aws.auth#sigv4";

/// What the service says for the rest of the import.
pub(super) struct Section<'a> {
    /// `service:`; `None` when it cannot be written.
    pub(super) service: Option<raw::Service>,
    /// The service's `rename`: shape id -> its name in the schema, and where it is said.
    pub(super) rename: HashMap<&'a str, (&'a str, &'a Node)>,
    /// The errors every operation of the service can return (shape ids), and where each
    /// is named.
    pub(super) errors: Vec<(&'a str, &'a Node, SchemaPath)>,
    /// The service's `paginated` trait, the defaults of its operations'.
    pub(super) paginated: Option<Trait<'a>>,
    /// The authentication traits the service offers, by id, with the scheme each is in
    /// `auth_schemes` (`None` for SigV4, which is not one).
    pub(super) schemes: Vec<(&'a str, Option<&'static str>)>,
}

impl Cx {
    /// The service to import: the one `wanted` names, or the AST's only one.
    pub(super) fn pick_service<'s, 'a>(
        &mut self,
        ast: &'s Ast<'a>,
        root: &Node,
        wanted: Option<&str>,
    ) -> Option<&'s ShapeIn<'a>> {
        let services = ast.services();
        let top = SchemaPath::root();
        let file = ast.file;
        match wanted {
            Some(id) => match ast.get(id) {
                Some(s) if s.kind == "service" => Some(s),
                Some(s) => {
                    self.error(
                        file,
                        &s.key.span,
                        &s.path,
                        format!("`{id}` is a {} shape, not a service", s.kind),
                        &format!("the services are {}", listing(services.iter().copied())),
                    );
                    None
                }
                None => {
                    let d = Diagnostic::error(
                        top.key("shapes"),
                        format!("the AST has no service `{id}`"),
                    )
                    .suggest(id, services.iter().copied())
                    .with_help_if_none(format!(
                        "the services are {}",
                        listing(services.iter().copied())
                    ));
                    let span = member(root, "shapes").map_or(&root.span, |s| &s.span);
                    self.push(file, span, d);
                    None
                }
            },
            None => match services.as_slice() {
                [id] => ast.get(id),
                [] => {
                    self.error(
                        file,
                        &root.span,
                        &top.key("shapes"),
                        "the AST has no service",
                        "the importer reads a service and every shape it reaches: add the service's model",
                    );
                    None
                }
                several => {
                    self.error(
                        file,
                        &root.span,
                        &top.key("shapes"),
                        format!(
                            "the AST has {} services; say which to import",
                            several.len()
                        ),
                        &format!(
                            "give one with `--service {}` (the services are {})",
                            several[0],
                            listing(several.iter().copied())
                        ),
                    );
                    None
                }
            },
        }
    }

    /// The `service:` section and what the rest of the import needs of the service.
    pub(super) fn service_section<'a>(
        &mut self,
        ast: &Ast<'a>,
        s: &ShapeIn<'a>,
        settings: &SmithySettings<'_>,
    ) -> Section<'a> {
        let file = ast.file;
        let mut section = Section {
            service: None,
            rename: HashMap::new(),
            errors: Vec::new(),
            paginated: None,
            schemes: Vec::new(),
        };
        let mut version = None;
        for (key, value) in self.object(file, s.node, &s.path).unwrap_or_default() {
            let name = key.as_str().unwrap_or_default();
            let at = s.path.key(name);
            match name {
                "version" => version = self.string(file, value, &at).map(str::to_string),
                "rename" => {
                    for (k, v) in self.object(file, value, &at).unwrap_or_default() {
                        let id = k.as_str().unwrap_or_default();
                        if let Some(to) = self.string(file, v, &at.key(id)) {
                            section.rename.insert(id, (to, v));
                        }
                    }
                }
                "errors" => section.errors = self.targets(file, value, &at),
                "type" | "traits" | "operations" | "resources" | "mixins" => {}
                n => self.unknown(
                    file,
                    key,
                    &s.path,
                    n,
                    "a service",
                    crate::diagnostics::Severity::Error,
                ),
            }
        }
        let traits = ast.traits(s);
        let mut out = raw::Service {
            name: s.id.rsplit('#').next().unwrap_or_default().to_string(),
            version: version.unwrap_or_default(),
            protocol: String::new(),
            signing_name: None,
            endpoint_prefix: None,
            docs: None,
            crate_name: settings.crate_name.map(str::to_string),
            validation_error: None,
            auth_schemes: raw::Entries::default(),
            auth: None,
            servers: Vec::new(),
            error_format: None,
            error_code_field: None,
        };
        let mut title = None;
        let mut auth = None;
        for t in &traits {
            let at = t.path();
            match t.id {
                "aws.protocols#restJson1" => out.protocol = "rest-json".to_string(),
                "aws.api#service" => {
                    if let Some(id) = member(t.value, "sdkId").and_then(Node::as_str) {
                        out.name = id.replace(' ', "");
                    }
                    out.endpoint_prefix = member(t.value, "endpointPrefix")
                        .and_then(Node::as_str)
                        .map(str::to_string);
                }
                SIGV4 => {
                    out.signing_name = member(t.value, "name")
                        .and_then(Node::as_str)
                        .map(str::to_string);
                    section.schemes.push((SIGV4, None));
                }
                "smithy.api#httpApiKeyAuth" => {
                    let location = member(t.value, "in").and_then(Node::as_str);
                    let name = member(t.value, "name").and_then(Node::as_str);
                    if member(t.value, "scheme").is_some() {
                        self.error(
                            file,
                            &t.key.span,
                            &at.key("scheme"),
                            "an API key with a `scheme` (`Authorization: <scheme> <key>`) is not supported",
                            "the schema's `api_key` is the key alone, in a header or the query",
                        );
                    }
                    out.auth_schemes.0.push((
                        "api_key".to_string(),
                        raw::AuthScheme {
                            kind: "api_key".to_string(),
                            location: location.map(str::to_string),
                            name: name.map(str::to_string),
                        },
                    ));
                    section.schemes.push((t.id, Some("api_key")));
                }
                id if AUTH_SCHEMES.iter().any(|(a, _)| *a == id) => {
                    let scheme = AUTH_SCHEMES
                        .iter()
                        .find(|(a, _)| *a == id)
                        .map_or("bearer", |(_, s)| s);
                    out.auth_schemes.0.push((
                        scheme.to_string(),
                        raw::AuthScheme {
                            kind: scheme.to_string(),
                            location: None,
                            name: None,
                        },
                    ));
                    section.schemes.push((t.id, Some(scheme)));
                }
                "smithy.api#auth" => auth = Some(t.clone()),
                "smithy.api#documentation" => out.docs = self.docs(file, t.value, &at),
                "smithy.api#title" => title = self.string(file, t.value, &at).map(str::to_string),
                "smithy.api#paginated" => section.paginated = Some(t.clone()),
                // The protocol's options (`http`, `eventStreamHttp`: HTTP versions) and
                // other protocols the service also speaks.
                id if id.starts_with("aws.protocols#") => {}
                // Endpoint discovery and the like: the client is given its endpoint.
                "aws.api#clientEndpointDiscovery" | "aws.api#clientDiscoveredEndpoint" => {}
                _ => self.smithy_trait(file, t, "a service"),
            }
        }
        if let Some(title) = title {
            out.docs = Some(match out.docs.take() {
                Some(docs) => format!("{title}\n\n{docs}"),
                None => title,
            });
        }
        if !section.schemes.is_empty() || auth.is_some() {
            let names = match &auth {
                Some(t) => self.auth_list(file, t, &section),
                None => Some(
                    section
                        .schemes
                        .iter()
                        .filter_map(|(_, s)| *s)
                        .map(str::to_string)
                        .collect(),
                ),
            };
            out.auth = names.filter(|n: &Vec<String>| !n.is_empty());
        }
        if out.protocol.is_empty() {
            let protocols: Vec<&str> = traits
                .iter()
                .map(|t| t.id)
                .filter(|id| id.starts_with("aws.protocols#"))
                .collect();
            let message = match protocols.as_slice() {
                [] => "the service names no protocol".to_string(),
                p => format!(
                    "the service speaks {}, not restJson1",
                    listing(p.iter().copied())
                ),
            };
            self.error(
                file,
                &s.key.span,
                &s.path.key("traits"),
                message,
                "only `aws.protocols#restJson1` services can be imported",
            );
            return section;
        }
        if out.version.is_empty() {
            self.error(
                file,
                &s.key.span,
                &s.path,
                "the service has no `version`",
                "add `\"version\": \"2024-01-01\"` (the API's version)",
            );
            return section;
        }
        section.service = Some(out);
        section
    }

    /// The scheme names of an `auth` trait (a list of auth trait ids): SigV4 left out (it
    /// is the signing name), every other one a scheme the service offers. `None` after an
    /// error.
    pub(super) fn auth_list(
        &mut self,
        file: &str,
        t: &Trait<'_>,
        section: &Section<'_>,
    ) -> Option<Vec<String>> {
        let at = t.path();
        let ids = self.strings(file, t.value, &at)?;
        let mut names = Vec::new();
        let Kind::Seq(items) = &t.value.kind else {
            return None;
        };
        for (i, (id, node)) in ids.iter().zip(items).enumerate() {
            match section.schemes.iter().find(|(s, _)| s == id) {
                Some((_, Some(scheme))) => names.push(scheme.to_string()),
                Some((_, None)) => {}
                None => {
                    let offered = section.schemes.iter().map(|(s, _)| *s);
                    let d = Diagnostic::error(
                        at.index(i),
                        format!("`{id}` is not an authentication scheme the service offers"),
                    )
                    .suggest(id, offered)
                    .with_help_if_none(
                        "list traits of the service: `smithy.api#httpBearerAuth`, `smithy.api#httpBasicAuth`, `smithy.api#httpApiKeyAuth` or `aws.auth#sigv4`",
                    );
                    self.push(file, &node.span, d);
                    return None;
                }
            }
        }
        Some(names)
    }

    /// The shape ids of a list of `{"target": id}` objects, each with its node and path.
    pub(super) fn targets<'a>(
        &mut self,
        file: &str,
        node: &'a Node,
        path: &SchemaPath,
    ) -> Vec<(&'a str, &'a Node, SchemaPath)> {
        let Kind::Seq(items) = &node.kind else {
            self.error(
                file,
                &node.span,
                path,
                "expected a list of `{\"target\": ...}`",
                "",
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let at = path.index(i);
            match member(item, "target") {
                Some(t) => {
                    if let Some(id) = self.string(file, t, &at.key("target")) {
                        out.push((id, t, at.key("target")));
                    }
                }
                None => self.error(file, &item.span, &at, "expected `{\"target\": ...}`", ""),
            }
        }
        out
    }
}
