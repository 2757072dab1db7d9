//! `operations`: each operation's route, input, output, errors and traits.

use super::reading::member;
use super::shapes::Index;
use super::{Cx, OperationPart, Part, DOC_ONLY, IGNORED};
use crate::diagnostics::{Diagnostic, Severity};
use crate::raw;
use crate::yaml::{Kind, Node};
use std::collections::HashSet;

impl Cx {
    /// Each operation, but those whose input or output carries an event stream (see
    /// `event_stream_shapes`), which are left out with a warning.
    pub(super) fn operations(
        &mut self,
        operations: &[OperationPart<'_>],
        r: &Index<'_>,
        streams: &HashSet<&str>,
    ) -> raw::Entries<raw::Operation> {
        let mut out = raw::Entries::default();
        for OperationPart { part, key } in operations {
            let streamed = ["input", "output"].into_iter().find_map(|k| {
                let shape = member(part.node, k).and_then(|io| member(io, "shape"))?;
                shape.as_str().filter(|n| streams.contains(n))
            });
            if let Some(shape) = streamed {
                let name = key.and_then(Node::as_str).unwrap_or_default();
                self.warning(
                    part.file,
                    key.map_or(&part.node.span, |k| &k.span),
                    &part.path,
                    format!("operation `{name}` streams events (through `{shape}`), which the schema cannot express: it is left out"),
                    "the service's other operations are imported; call this one with the official SDK",
                );
                continue;
            }
            if let Some(operation) = self.operation(part, *key, r) {
                out.0.push(operation);
            }
        }
        out
    }

    /// An operation: its name and its schema entry.
    fn operation(
        &mut self,
        part: &Part<'_>,
        key: Option<&Node>,
        r: &Index<'_>,
    ) -> Option<(String, raw::Operation)> {
        let Part { file, node, path } = part;
        let entries = self.object(file, node, path)?;
        let mut name = key.and_then(Node::as_str).map(str::to_string);
        let mut out = raw::Operation {
            success: 200,
            ..raw::Operation::default()
        };
        let mut ok = true;
        let mut http = false;
        for (k, value) in entries {
            let kn = k.as_str().unwrap_or_default();
            let at = path.key(kn);
            match kn {
                "name" => {
                    let given = self.string(file, value, &at);
                    match (&name, given) {
                        (None, Some(given)) => name = Some(given.to_string()),
                        (Some(key), Some(given)) if key != given => {
                            ok = false;
                            self.error(
                                file,
                                &value.span,
                                &at,
                                format!("the operation's `name` is `{given}`, its key `{key}`"),
                                "make them the same",
                            );
                        }
                        _ => {}
                    }
                }
                "http" => {
                    http = true;
                    for (hk, hv) in self.object(file, value, &at).unwrap_or_default() {
                        let hn = hk.as_str().unwrap_or_default();
                        let at = at.key(hn);
                        match hn {
                            "method" => {
                                out.method = self.string(file, hv, &at).unwrap_or_default().into()
                            }
                            "requestUri" => {
                                out.path = self.string(file, hv, &at).unwrap_or_default().into()
                            }
                            "responseCode" => {
                                match self.number(file, hv, &at).and_then(|n| n.as_u64()) {
                                    Some(n) if (100..600).contains(&n) => out.success = n as u16,
                                    _ => {
                                        ok = false;
                                        self.error(
                                            file,
                                            &hv.span,
                                            &at,
                                            "expected an HTTP status",
                                            "",
                                        );
                                    }
                                }
                            }
                            n => {
                                ok = false;
                                self.unknown(
                                    file,
                                    hk,
                                    &path.key("http"),
                                    n,
                                    "`http`",
                                    Severity::Error,
                                )
                            }
                        }
                    }
                }
                "input" | "output" => {
                    let shape = member(value, "shape");
                    let resolved = match shape {
                        Some(shape) => self.target(file, shape, &at.key("shape"), r),
                        None => {
                            self.error(file, &k.span, &at, "expected `{\"shape\": ...}`", "");
                            None
                        }
                    };
                    for (ik, _) in self.object(file, value, &at).unwrap_or_default() {
                        let iname = ik.as_str().unwrap_or_default();
                        if !matches!(iname, "shape" | "documentation" | "locationName")
                            && !IGNORED.contains(&iname)
                        {
                            ok = false;
                            self.unknown(
                                file,
                                ik,
                                &at,
                                iname,
                                "an operation's input or output",
                                Severity::Error,
                            );
                        }
                    }
                    if let (Some(name), Some(shape)) = (&resolved, shape) {
                        if r.get(name)
                            .is_some_and(|s| s.kind != Some("structure") || !s.kept)
                        {
                            ok = false;
                            self.error(
                                file,
                                &shape.span,
                                &at.key("shape"),
                                format!("`{name}` is not a structure"),
                                "an operation's input and output are structures",
                            );
                        }
                    }
                    if kn == "input" {
                        out.input = resolved;
                    } else {
                        out.output = resolved;
                    }
                }
                "errors" => {
                    let Kind::Seq(items) = &value.kind else {
                        self.error(file, &k.span, &at, "expected a list", "");
                        continue;
                    };
                    for (i, item) in items.iter().enumerate() {
                        let at = at.index(i);
                        let Some(shape) = member(item, "shape") else {
                            self.error(file, &item.span, &at, "expected `{\"shape\": ...}`", "");
                            continue;
                        };
                        let Some(error) = self.string(file, shape, &at.key("shape")) else {
                            continue;
                        };
                        match r.get(error) {
                            Some(s) if s.exception => out.errors.push(error.to_string()),
                            Some(_) => self.error(
                                file,
                                &shape.span,
                                &at.key("shape"),
                                format!("`{error}` is not an exception"),
                                "an operation's errors are structures with `\"exception\": true` and an `error` object",
                            ),
                            None => {
                                let d = Diagnostic::error(
                                    at.key("shape"),
                                    format!("unknown shape `{error}`"),
                                )
                                .suggest(error, r.shapes.iter().filter(|s| s.exception).map(|s| s.name))
                                .with_help_if_none("every error named must be an exception shape under `shapes`");
                                self.push(file, &shape.span, d);
                            }
                        }
                    }
                }
                "documentation" => out.docs = self.docs(file, value, &at),
                "idempotent" => out.idempotent = self.boolean(file, value, &at),
                "endpoint" => {
                    for (ek, ev) in self.object(file, value, &at).unwrap_or_default() {
                        match ek.as_str().unwrap_or_default() {
                            "hostPrefix" => {
                                out.host_prefix = self
                                    .string(file, ev, &at.key("hostPrefix"))
                                    .map(str::to_string)
                            }
                            n => {
                                ok = false;
                                self.unknown(file, ek, &at, n, "`endpoint`", Severity::Error)
                            }
                        }
                    }
                }
                "requestcompression" => {
                    for (ck, cv) in self.object(file, value, &at).unwrap_or_default() {
                        match ck.as_str().unwrap_or_default() {
                            "encodings" => {
                                out.request_compression = self
                                    .strings(file, cv, &at.key("encodings"))
                                    .unwrap_or_default()
                            }
                            n => {
                                ok = false;
                                self.unknown(
                                    file,
                                    ck,
                                    &at,
                                    n,
                                    "`requestcompression`",
                                    Severity::Error,
                                )
                            }
                        }
                    }
                }
                "httpChecksumRequired" => {
                    out.checksum_required = self.boolean(file, value, &at).unwrap_or(false)
                }
                n if IGNORED.contains(&n) => {}
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, k, path, n, "an operation", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(file, k, path, n, "an operation", Severity::Error)
                }
            }
        }
        if !http {
            self.error(
                file,
                &node.span,
                path,
                "the operation has no `http`",
                "add `\"http\": {\"method\": ..., \"requestUri\": ...}`",
            );
            return None;
        }
        let Some(name) = name else {
            self.error(file, &node.span, path, "the operation has no `name`", "");
            return None;
        };
        ok.then_some((name, out))
    }
}
