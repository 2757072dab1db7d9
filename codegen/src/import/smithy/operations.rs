//! Each operation as an entry of `operations:`: its `http` trait, input, output and
//! errors (the service's too), and the traits that change how it is called.

use super::super::reading::member;
use super::super::Cx;
use super::closure::Closure;
use super::index::{Ast, ShapeIn, Trait};
use super::service::Section;
use crate::raw;
use crate::yaml::Node;

/// The encodings the schema can compress a request with.
const ENCODINGS: [&str; 1] = ["gzip"];

impl Cx {
    /// Every imported operation.
    pub(super) fn smithy_operations(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        section: &Section<'_>,
    ) -> raw::Entries<raw::Operation> {
        let mut out = raw::Entries::default();
        for id in &closure.operations {
            let (Some(op), Some(name)) = (ast.get(id), closure.name(id)) else {
                continue;
            };
            if let Some(o) = self.smithy_operation(ast, closure, section, op) {
                out.0.push((name.to_string(), o));
            }
        }
        out
    }

    fn smithy_operation(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        section: &Section<'_>,
        op: &ShapeIn<'_>,
    ) -> Option<raw::Operation> {
        let file = ast.file;
        let mut out = raw::Operation::default();
        let mut http = false;
        let mut paginated = None;
        for t in ast.traits(op) {
            let at = t.path();
            match t.id {
                "smithy.api#http" => {
                    http = true;
                    for (k, v) in self.object(file, t.value, &at).unwrap_or_default() {
                        let key = k.as_str().unwrap_or_default();
                        match key {
                            "method" => {
                                out.method = self
                                    .string(file, v, &at.key(key))
                                    .unwrap_or_default()
                                    .to_string()
                            }
                            "uri" => {
                                out.path = self
                                    .string(file, v, &at.key(key))
                                    .unwrap_or_default()
                                    .to_string()
                            }
                            "code" => {
                                let n = self.number(file, v, &at.key(key));
                                out.success = n
                                    .and_then(|n| n.as_u64())
                                    .and_then(|n| u16::try_from(n).ok())
                                    .unwrap_or(200);
                            }
                            _ => self.unknown(
                                file,
                                k,
                                &at,
                                key,
                                "the `http` trait",
                                crate::diagnostics::Severity::Error,
                            ),
                        }
                    }
                }
                "smithy.api#idempotent" | "smithy.api#readonly" => out.idempotent = Some(true),
                "smithy.api#endpoint" => {
                    out.host_prefix = member(t.value, "hostPrefix")
                        .and_then(|h| self.string(file, h, &at.key("hostPrefix")))
                        .map(str::to_string)
                }
                "smithy.api#requestCompression" => {
                    let encodings = member(t.value, "encodings")
                        .and_then(|e| self.strings(file, e, &at.key("encodings")))
                        .unwrap_or_default();
                    for e in &encodings {
                        if !ENCODINGS.contains(&e.as_str()) {
                            self.error(
                                file,
                                &t.value.span,
                                &at.key("encodings"),
                                format!("compressing requests with `{e}` is not supported"),
                                "the schema compresses requests with gzip only",
                            );
                        }
                    }
                    out.request_compression = encodings;
                }
                "smithy.api#httpChecksumRequired" => out.checksum_required = true,
                "smithy.api#paginated" => paginated = Some(t.clone()),
                "smithy.api#documentation" => out.docs = self.docs(file, t.value, &at),
                "smithy.api#auth" => out.auth = self.auth_list(file, &t, section),
                // The credential is optional: a server must not insist on one.
                "smithy.api#optionalAuth" => out.auth = Some(Vec::new()),
                _ => self.smithy_trait(file, &t, "an operation"),
            }
        }
        if !http {
            self.error(
                file,
                &op.key.span,
                &op.path.key("traits"),
                "the operation has no `smithy.api#http` trait",
                "restJson1 binds every operation to a method and a path: add `\"smithy.api#http\": {\"method\": \"POST\", \"uri\": \"/...\"}`",
            );
            return None;
        }
        if out.success == 0 {
            out.success = 200;
        }
        for key in ["input", "output"] {
            let Some(t) = member(op.node, key).and_then(|n| member(n, "target")) else {
                continue;
            };
            let at = op.path.key(key).key("target");
            let name = match self.smithy_target(ast, closure, t, &at)? {
                super::shapes::Target::Named(name) => Some(name),
                super::shapes::Target::Unit => None,
            };
            match key {
                "input" => out.input = name,
                _ => out.output = name,
            }
        }
        let mut errors: Vec<(&str, &Node)> = Vec::new();
        if let Some(list) = member(op.node, "errors") {
            let at = op.path.key("errors");
            errors.extend(
                self.targets(file, list, &at)
                    .into_iter()
                    .map(|(id, node, _)| (id, node)),
            );
        }
        // By shape id, as `smithy ast` writes them.
        errors.sort_by(|a, b| a.0.cmp(b.0));
        errors.extend(section.errors.iter().map(|(id, node, _)| (*id, *node)));
        for (id, node) in errors {
            let Some(name) = closure.name(id) else {
                continue;
            };
            if !closure.is_error(id) {
                self.error(
                    file,
                    &node.span,
                    &op.path.key("errors"),
                    format!("`{id}` is not an error structure"),
                    "an operation's errors are structures with the `smithy.api#error` trait",
                );
                continue;
            }
            if !out.errors.iter().any(|e| e == name) {
                out.errors.push(name.to_string());
            }
        }
        if paginated.is_some() || section.paginated.is_some() {
            out.pagination = self.pagination(file, section.paginated.as_ref(), paginated.as_ref());
        }
        Some(out)
    }

    /// `pagination:` from an operation's `paginated` trait and the service's defaults;
    /// `None` (with a warning) when it names no items or a nested member.
    fn pagination(
        &mut self,
        file: &str,
        service: Option<&Trait<'_>>,
        own: Option<&Trait<'_>>,
    ) -> Option<raw::Pagination> {
        let own = own?;
        let get = |key: &str| {
            member(own.value, key)
                .or_else(|| service.and_then(|s| member(s.value, key)))
                .and_then(Node::as_str)
        };
        let (input, output, items, size) = (
            get("inputToken"),
            get("outputToken"),
            get("items"),
            get("pageSize"),
        );
        let at = own.path();
        let (Some(input), Some(output), Some(items)) = (input, output, items) else {
            self.warning(
                file,
                &own.key.span,
                &at,
                "a paginated operation without `inputToken`, `outputToken` and `items` is not imported as paginated",
                "the schema's `pagination` needs all three",
            );
            return None;
        };
        let nested = [input, output, items]
            .into_iter()
            .chain(size)
            .find(|p| p.contains('.'));
        if let Some(path) = nested {
            self.warning(
                file,
                &own.key.span,
                &at,
                format!(
                    "`{path}` names a nested member: the operation is not imported as paginated"
                ),
                "the schema's `pagination` names top-level members",
            );
            return None;
        }
        Some(raw::Pagination {
            input_token: input.to_string(),
            output_token: output.to_string(),
            items: items.to_string(),
            page_size: size.map(str::to_string),
        })
    }
}
