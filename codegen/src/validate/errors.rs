//! Lowering of error shapes: status, wire codes and members.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::BTreeMap;

impl Cx {
    /// Every error of `errors:`, in source order; its members are lowered like a structure's.
    pub(super) fn lower_errors(
        &mut self,
        schema: &raw::Schema,
        shapes: &[Shape],
        protocol: Option<&Protocol>,
    ) -> Vec<ErrorShape> {
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
            let members =
                self.lower_members(&mpath, Some(&raw.members), shapes, naming::error_field_name);
            for m in members.iter().filter(|m| m.default.is_some()) {
                self.diags.push(
                    Diagnostic::error(
                        mpath.key(&m.name).key("default"),
                        "`default` applies to members of structures, not of errors",
                    )
                    .with_help("remove `default`"),
                );
            }
            for m in members.iter().filter(|m| m.location != Location::Body) {
                if m.location == Location::Header {
                    self.check_binding(&mpath.key(&m.name), m, shapes);
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key(&m.name).key("location"),
                            format!(
                                "error members travel in the body or a header, not `{}`",
                                m.location.as_str()
                            ),
                        )
                        .with_help("use `location: header`, or remove `location`"),
                    );
                }
            }
            self.check_error_form(&path, raw, &members, shapes, protocol);
            out.push(ErrorShape {
                name: name.clone(),
                rust_name: naming::error_name(name),
                title: raw
                    .title
                    .clone()
                    .unwrap_or_else(|| naming::problem_title(name)),
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

    /// What the protocol's error form asks of an error: a `title` only in problem details;
    /// no body member that the form's own members would overwrite (problem details'
    /// `type`, `title` and `status`, string `detail` and `instance`; the code member of
    /// `error_format: code`).
    fn check_error_form(
        &mut self,
        path: &SchemaPath,
        raw: &raw::Error,
        members: &[Member],
        shapes: &[Shape],
        protocol: Option<&Protocol>,
    ) {
        let problem = protocol == Some(&Protocol::HttpJson(ErrorBody::Problem));
        if raw.title.is_some() && !problem {
            self.diags.push(
                Diagnostic::error(
                    path.key("title"),
                    "only problem details (`protocol: http-json`, `error_format: problem`) send a `title`",
                )
                .with_help("remove `title`"),
            );
        }
        let (reserved, why): (Vec<&str>, &str) = match protocol {
            Some(Protocol::HttpJson(ErrorBody::Problem)) => (
                vec!["type", "title", "status"],
                "problem details' own member",
            ),
            Some(Protocol::HttpJson(ErrorBody::Code(field))) => (
                vec![field.as_str()],
                "the member that holds the error code (`service.error_code_field`)",
            ),
            _ => (Vec::new(), ""),
        };
        for m in members.iter().filter(|m| m.location == Location::Body) {
            let wire = m.wire_name.as_str();
            let mpath = path.key("members").key(&m.name);
            if reserved.contains(&wire) {
                self.diags.push(
                    Diagnostic::error(
                        mpath,
                        format!("the body member `{wire}` is {why}, which the server writes"),
                    )
                    .with_help("give the member another `wire_name`"),
                );
            } else if problem
                && matches!(wire, "detail" | "instance")
                && shapes[m.target.0].kind != ShapeKind::Primitive(Primitive::String)
            {
                self.diags.push(
                    Diagnostic::error(
                        mpath.key("target"),
                        format!("problem details' `{wire}` is a string (RFC 9457 §3.1)"),
                    )
                    .with_help("use `target: string`, or give the member another `wire_name`"),
                );
            }
        }
    }

    /// The error `service.validation_error` names, with the JSON keys of its parts: it
    /// must be one of `errors`, with a string `message` member (or `detail`, in problem
    /// details) and a list member whose
    /// structures have string `path` and `message` members (Smithy's `ValidationException`:
    /// `message`, `fieldList`).
    pub(super) fn validation_error(
        &mut self,
        schema: &raw::Schema,
        shapes: &[Shape],
        errors: &[ErrorShape],
        protocol: Option<&Protocol>,
    ) -> Option<ValidationError> {
        let name = schema.service.validation_error.as_ref()?;
        let path = SchemaPath::root().key("service").key("validation_error");
        let Some(index) = errors.iter().position(|e| &e.name == name) else {
            let mut d = Diagnostic::error(
                path,
                format!("`validation_error` names `{name}`, which is not an error of `errors`"),
            );
            let known = errors.iter().map(|e| e.name.as_str());
            d = match crate::diagnostics::closest(name, known) {
                Some(best) => d.with_help(format!("did you mean `{best}`?")),
                None => d.with_help(
                    "define it under `errors:` with a `message` and a list of `{path, message}`",
                ),
            };
            self.diags.push(d);
            return None;
        };
        let error = &errors[index];
        let is_string = |id: ShapeId| shapes[id.0].kind == ShapeKind::Primitive(Primitive::String);
        let string_member = |members: &[Member], wire: &str| {
            members
                .iter()
                .find(|m| {
                    m.wire_name == wire && m.location == Location::Body && is_string(m.target)
                })
                .map(|m| m.wire_name.clone())
        };
        // Problem details carry their message in `detail` (RFC 9457 §3.1.4).
        let problem = protocol == Some(&Protocol::HttpJson(ErrorBody::Problem));
        let message = string_member(&error.members, "message").or_else(|| {
            problem
                .then(|| string_member(&error.members, "detail"))
                .flatten()
        });
        let list = error
            .members
            .iter()
            .filter(|m| m.location == Location::Body)
            .find_map(|m| {
                let ShapeKind::List { member } = shapes[m.target.0].kind else {
                    return None;
                };
                let ShapeKind::Structure(s) = &shapes[member.0].kind else {
                    return None;
                };
                let path = string_member(&s.members, "path")?;
                let entry_message = string_member(&s.members, "message")?;
                Some((m.wire_name.clone(), path, entry_message))
            });
        match (message, list) {
            (Some(message), Some((list, path, entry_message))) => Some(ValidationError {
                error: ErrorId(index),
                message,
                list,
                path,
                entry_message,
            }),
            _ => {
                self.diags.push(
                    Diagnostic::error(
                        path,
                        format!(
                            "the validation error `{name}` needs a string `message` member and a list member of structures with string `path` and `message` members"
                        ),
                    )
                    .with_help(
                        "give it `message: {target: string}` and, for instance, `fieldList: {target: FieldList}` with `FieldList: {type: list, member: Field}` and `Field` a structure of `path` and `message` strings",
                    ),
                );
                None
            }
        }
    }
}
