//! Lowering of operations: method, status, input and output, path template, errors, and
//! where the input members travel.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::BTreeSet;

impl Cx {
    /// Every operation of `operations:`, in source order (so that an operation's index is
    /// the one `find_inputs` recorded).
    pub(super) fn lower_operations(
        &mut self,
        schema: &raw::Schema,
        shapes: &[Shape],
    ) -> Vec<Operation> {
        let mut out = Vec::new();
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
                .and_then(|n| self.structure_ref(&path.key("input"), n, shapes));
            let output = raw
                .output
                .as_deref()
                .and_then(|n| self.structure_ref(&path.key("output"), n, shapes));
            let members: &[Member] = match input.map(|i| &shapes[i.0].kind) {
                Some(ShapeKind::Structure(s)) => &s.members,
                _ => &[],
            };
            let reported = self.diags.len();
            let path_template = self.path_template(&path, &raw.path, members);
            if self.diags.len() > reported {
                // Its segments are incomplete: comparing them would invent conflicts.
                self.bad_paths.insert(name.clone());
            }
            if let Some(input) = input {
                self.check_input_members(&path, name, method, input, shapes);
            }
            let errors = self.resolve_errors(&path.key("errors"), &raw.errors);
            let host_prefix = raw
                .host_prefix
                .as_deref()
                .map(|p| self.host_prefix(&path.key("host_prefix"), p, members));
            let mut gzip_request = false;
            for (i, encoding) in raw.request_compression.iter().enumerate() {
                if encoding == "gzip" {
                    gzip_request = true;
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            path.key("request_compression").index(i),
                            format!("unknown request compression `{encoding}`"),
                        )
                        .with_help("the client compresses with `gzip` only"),
                    );
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
                    shapes,
                )
            });
            // `find_inputs` found the same input by name, before the shapes were lowered.
            debug_assert!(input.is_none_or(|i| matches!(
                &shapes[i.0].kind,
                ShapeKind::Structure(s) if s.input_of.contains(&index)
            )));
            out.push(Operation {
                name: name.clone(),
                rust_name: naming::operation_fn_name(name),
                variant_rust_name: naming::operation_variant_name(name),
                error_rust_name: self
                    .error_enum_names
                    .get(name)
                    .cloned()
                    .unwrap_or_else(|| naming::operation_error_name(name)),
                docs: raw.docs.clone(),
                method,
                path: path_template,
                input,
                output,
                success: raw.success,
                errors,
                idempotent: raw.idempotent.unwrap_or(method.is_idempotent()),
                pagination,
                host_prefix,
                gzip_request,
                checksum_required: raw.checksum_required,
                auth: self.operation_auth(schema, &path, raw.auth.as_ref()),
            });
        }
        out
    }

    /// Where the members of operation `name`'s input, `input`, travel must suit the
    /// operation: no body for methods without one, path members required, and only scalars
    /// outside the body when required.
    fn check_input_members(
        &mut self,
        path: &SchemaPath,
        name: &str,
        method: Method,
        input: ShapeId,
        shapes: &[Shape],
    ) {
        let ShapeKind::Structure(s) = &shapes[input.0].kind else {
            return;
        };
        for m in &s.members {
            let mpath = SchemaPath::root()
                .key("shapes")
                .key(&shapes[input.0].name)
                .key("members")
                .key(&m.name);
            if matches!(m.location, Location::Body | Location::Payload) && !method.allows_body() {
                // HEAD has no body at all; a GET or DELETE body is unusual (RFC 9110
                // §9.3.1, §9.3.5) but some services define one, and it is sent.
                let d = if method == Method::Head {
                    Diagnostic::error
                } else {
                    Diagnostic::warning
                };
                self.diags.push(
                    d(
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
        }
    }

    /// The path template of the operation at `path`: literal segments, and labels that each
    /// name one path member of the input (whose members are `members`).
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
        let (route, query) = match raw.split_once('?') {
            Some((route, query)) => (route, self.constant_query(&tpath, query)),
            None => (raw, Vec::new()),
        };
        let body = route.strip_prefix('/').unwrap_or(route);
        if !body.is_empty() {
            for (i, seg) in body.split('/').enumerate() {
                if let Some(label) = seg.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    let (label, greedy) = match label.strip_suffix('+') {
                        Some(label) => (label, true),
                        None => (label, false),
                    };
                    let labels_after = body.split('/').skip(i + 1).any(|s| s.contains('{'));
                    if greedy && labels_after {
                        // Still a label of the path: no second error for its member.
                        used.insert(label.to_string());
                        self.diags.push(
                            Diagnostic::error(
                                tpath.clone(),
                                format!("greedy label `{{{label}+}}` is followed by another label"),
                            )
                            .with_help("a greedy label takes the rest of the path up to literal segments only: make it the last label"),
                        );
                        continue;
                    }
                    if !used.insert(label.to_string()) {
                        self.error(tpath.clone(), format!("label `{{{label}}}` is used twice"));
                        continue;
                    }
                    match members
                        .iter()
                        .position(|m| m.wire_name == label && m.location == Location::Path)
                    {
                        Some(member) if greedy => segments.push(Segment::Greedy {
                            name: label.to_string(),
                            member,
                        }),
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
                } else if seg.is_empty() && i + 1 == body.split('/').count() {
                    // A trailing `/` is part of the path (`/plans/` is not `/plans`).
                    segments.push(Segment::Literal(String::new()));
                } else if seg.is_empty() {
                    self.diags.push(
                        Diagnostic::error(
                            tpath.clone(),
                            format!("path `{raw}` has an empty segment (`//`)"),
                        )
                        .with_help("remove one `/`"),
                    );
                } else if seg == "." || seg == ".." {
                    self.diags.push(
                        Diagnostic::error(
                            tpath.clone(),
                            format!("path `{raw}` has a `{seg}` segment"),
                        )
                        .with_help("URL normalization removes dot segments (RFC 3986 §5.2.4), so no request could keep it: rename the segment"),
                    );
                } else if seg.contains(['{', '}']) {
                    self.diags.push(
                        Diagnostic::error(
                            tpath.clone(),
                            format!("segment `{seg}` mixes a label with text"),
                        )
                        .with_help("a label must be a whole segment: `/{id}`"),
                    );
                } else if seg.contains(['#', '%', ' ']) {
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
            query,
        }
    }

    /// The constant query parameters after the `?` of a path template (`mode=import&force`).
    fn constant_query(&mut self, path: &SchemaPath, query: &str) -> Vec<(String, Option<String>)> {
        let mut out = Vec::new();
        for pair in query.split('&') {
            let (name, value) = match pair.split_once('=') {
                Some((name, value)) => (name, Some(value.to_string())),
                None => (pair, None),
            };
            if name.is_empty() || pair.contains(['{', '}', '#', ' ', '?']) {
                self.diags.push(
                    Diagnostic::error(
                        path.clone(),
                        format!("constant query parameter `{pair}` is not a name or `name=value`"),
                    )
                    .with_help("write constant parameters as `?name=value&flag`; labels belong in the path"),
                );
                continue;
            }
            out.push((name.to_string(), value));
        }
        out
    }

    /// The host prefix at `path`: text and `{label}`s, each naming a `host_label` member of
    /// the input (`members`) by name.
    fn host_prefix(&mut self, path: &SchemaPath, raw: &str, members: &[Member]) -> HostPrefix {
        let mut parts = Vec::new();
        let mut rest = raw;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let Some(end) = rest.find('}') else {
                        self.error(
                            path.clone(),
                            format!("host prefix `{raw}` has an unclosed `{{`"),
                        );
                        break;
                    };
                    let label = &rest[1..end];
                    match members.iter().position(|m| m.name == label && m.host_label) {
                        Some(i) => parts.push(HostPart::Label(i)),
                        None => self.diags.push(
                            Diagnostic::error(
                                path.clone(),
                                format!("host label `{{{label}}}` has no input member with `host_label: true` and that name"),
                            )
                            .with_help(format!("add a required string member `{label}` with `host_label: true` to the input")),
                        ),
                    }
                    rest = &rest[end + 1..];
                }
                found => {
                    let end = found.unwrap_or(rest.len());
                    let text = &rest[..end];
                    if !text
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '.')
                    {
                        self.error(
                            path.clone(),
                            format!(
                                "host prefix `{raw}` has `{text}`, which is not host name text"
                            ),
                        );
                    }
                    parts.push(HostPart::Literal(text.to_string()));
                    rest = &rest[end..];
                }
            }
        }
        for m in members.iter().filter(|m| m.host_label) {
            if !parts
                .iter()
                .any(|p| matches!(p, HostPart::Label(i) if members[*i].name == m.name))
            {
                self.diags.push(
                    Diagnostic::error(
                        path.clone(),
                        format!(
                            "member `{}` is a `host_label` but the host prefix has no `{{{}}}`",
                            m.name, m.name
                        ),
                    )
                    .with_help(format!(
                        "add `{{{}}}` to the host prefix, or remove `host_label` from the member",
                        m.name
                    )),
                );
            }
        }
        HostPrefix {
            raw: raw.to_string(),
            parts,
        }
    }

    /// Operations without `docs` leave their client and server methods undocumented.
    pub(super) fn warn_missing_docs(&mut self, ops: &[Operation]) {
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

    /// The schemes an operation takes: its own `auth`, or else `service.auth`, each name
    /// one of `service.auth_schemes`.
    fn operation_auth(
        &mut self,
        schema: &raw::Schema,
        path: &SchemaPath,
        own: Option<&Vec<String>>,
    ) -> Vec<usize> {
        let (names, path) = match (own, &schema.service.auth) {
            (Some(names), _) => (names, path.key("auth")),
            (None, Some(names)) => (names, SchemaPath::root().key("service").key("auth")),
            (None, None) => return Vec::new(),
        };
        let known = &schema.service.auth_schemes.0;
        let mut out = Vec::new();
        for (i, name) in names.iter().enumerate() {
            match known.iter().position(|(n, _)| n == name) {
                Some(index) => out.push(index),
                None => {
                    let mut d = Diagnostic::error(
                        path.index(i),
                        format!("unknown authentication scheme `{name}`"),
                    );
                    let names = known.iter().map(|(n, _)| n.as_str());
                    d = match crate::diagnostics::closest(name, names) {
                        Some(best) => d.with_help(format!("did you mean `{best}`?")),
                        None => d.with_help("declare it under `service.auth_schemes`"),
                    };
                    // Reported once, where `service.auth` names it, not once per operation.
                    if !self
                        .diags
                        .iter()
                        .any(|x| x.path == d.path && x.message == d.message)
                    {
                        self.diags.push(d);
                    }
                }
            }
        }
        out
    }
}
