//! `paginators-1.json`: the `pagination` of operations, where it fits the schema's.

use super::reading::member;
use super::shapes::Index;
use super::{Cx, Part};
use crate::diagnostics::{Diagnostic, Severity};
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};
use std::collections::HashMap;

impl Cx {
    /// Each paginator of `paginators-1.json` as the `pagination` of its operation, when it
    /// fits the schema's.
    pub(super) fn paginators(
        &mut self,
        pages: &Part<'_>,
        r: &Index<'_>,
        operations: &mut raw::Entries<raw::Operation>,
    ) {
        let Part { file, node, path } = pages;
        let Some(entries) = self.object(file, node, path) else {
            return;
        };
        let by_name: HashMap<String, usize> = operations
            .0
            .iter()
            .enumerate()
            .map(|(i, (name, _))| (name.clone(), i))
            .collect();
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            if name != "pagination" {
                self.unknown(file, key, path, name, "paginators", Severity::Warning);
                continue;
            }
            let path = path.key(name);
            for (op_key, p) in self.object(file, value, &path).unwrap_or_default() {
                let op = op_key.as_str().unwrap_or_default();
                let at = path.key(op);
                let Some(&index) = by_name.get(op) else {
                    self.error(
                        file,
                        &op_key.span,
                        &at,
                        format!("unknown operation `{op}`"),
                        "a paginator names an operation of the model",
                    );
                    continue;
                };
                let operation = &operations.0[index].1;
                let (input, output) = (&operation.input, &operation.output);
                if let Some(pagination) = self.paginator(file, p, &at, input, output, r) {
                    operations.0[index].1.pagination = Some(pagination);
                }
            }
        }
    }

    fn paginator(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        input: &Option<String>,
        output: &Option<String>,
        r: &Index<'_>,
    ) -> Option<raw::Pagination> {
        let entries = self.object(file, node, path)?;
        let mut keys: HashMap<&str, (&Node, String)> = HashMap::new();
        let mut fits = true;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            match name {
                "input_token" | "output_token" | "result_key" | "limit_key" => {
                    let single = match &value.kind {
                        Kind::Seq(items) if items.len() == 1 => &items[0],
                        Kind::Seq(_) => {
                            fits = false;
                            self.warning(
                                file,
                                &key.span,
                                &at,
                                "several tokens or result keys: the paginator is left out",
                                "the schema's pagination has one input token, one output token and one items list",
                            );
                            continue;
                        }
                        _ => value,
                    };
                    let Some(text) = self.string(file, single, &at) else {
                        fits = false;
                        continue;
                    };
                    if text.contains('.') {
                        fits = false;
                        self.warning(
                            file,
                            &single.span,
                            &at,
                            format!("`{text}` is a path into a nested member: the paginator is left out"),
                            "the schema's pagination names members of the input and output themselves",
                        );
                        continue;
                    }
                    keys.insert(name, (single, text.to_string()));
                }
                n => {
                    fits = false;
                    self.warning(
                        file,
                        &key.span,
                        &at,
                        format!("`{n}` is not supported: the paginator is left out"),
                        "the schema's pagination has `input_token`, `output_token`, `result_key` and `limit_key`",
                    );
                }
            }
        }
        if !fits {
            return None;
        }
        let mut ok = true;
        for (key, shape, side) in [
            ("input_token", input, "input"),
            ("limit_key", input, "input"),
            ("output_token", output, "output"),
            ("result_key", output, "output"),
        ] {
            let Some((value, member_name)) = keys.get(key) else {
                if key != "limit_key" {
                    ok = false;
                    self.error(
                        file,
                        &node.span,
                        path,
                        format!("the paginator has no `{key}`"),
                        "",
                    );
                }
                continue;
            };
            let members = shape
                .as_deref()
                .and_then(|s| r.get(s))
                .and_then(|s| member(s.node, "members"));
            let names: Vec<&str> = match members.map(|m| &m.kind) {
                Some(Kind::Map(e)) => e.iter().filter_map(|(k, _)| k.as_str()).collect(),
                _ => Vec::new(),
            };
            if !names.contains(&member_name.as_str()) {
                ok = false;
                let d = Diagnostic::error(
                    path.key(key),
                    format!(
                        "`{member_name}` is not a member of the operation's {side} ({})",
                        shape.as_deref().unwrap_or("none")
                    ),
                )
                .suggest(member_name, names.iter().copied())
                .with_help_if_none("a paginator names members of the operation's input and output");
                self.push(file, &value.span, d);
            }
        }
        let get = |k: &str| keys.get(k).map(|(_, v)| v.clone());
        ok.then(|| raw::Pagination {
            input_token: get("input_token").unwrap_or_default(),
            output_token: get("output_token").unwrap_or_default(),
            items: get("result_key").unwrap_or_default(),
            page_size: get("limit_key"),
        })
    }
}
