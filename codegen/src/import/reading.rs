//! Reading: files into located trees, a model or a conformance suite into its [`Parts`],
//! and the JSON values (objects, strings, booleans, numbers) every other pass reads.

use super::{docs::plain_docs, Cx, ImportDiagnostic, OperationPart, Part, Parts};
use crate::diagnostics::{Diagnostic, Severity};
use crate::schema_path::SchemaPath;
use crate::yaml::{self, Kind, Node};
use crate::Source;
use std::collections::HashSet;

/// Parses a JSON (or YAML) file into a located tree, or says why it cannot.
pub fn parse(source: &Source<'_>) -> Result<Node, Vec<ImportDiagnostic>> {
    let in_file = |diagnostic: Diagnostic| ImportDiagnostic {
        file: source.name.to_string(),
        diagnostic,
    };
    let fail = |d: Diagnostic| Err(vec![in_file(d)]);
    let text = match crate::source_text(source, "the file", None) {
        Ok(text) => text,
        Err(diags) => return Err(diags.into_iter().map(in_file).collect()),
    };
    match yaml::parse(text) {
        Ok(Some(root)) if !root.is_null() => Ok(root),
        Ok(_) => fail(Diagnostic::error("", "the file is empty")),
        Err(e) => fail(crate::syntax_error(text, e)),
    }
}

/// The parts of a botocore model (`root`, the tree of `file`) and of its paginators
/// (`pages`, a tree and its file); `None` when the model lacks `metadata` or `shapes`.
pub(super) fn model_parts<'a>(
    cx: &mut Cx,
    file: &'a str,
    root: &'a Node,
    pages: Option<(&'a str, &'a Node)>,
) -> Option<Parts<'a>> {
    let top = SchemaPath::root();
    let (mut metadata, mut documentation, mut shapes, mut operations) = (None, None, None, None);
    if let Some(entries) = cx.object(file, root, &top) {
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let part = Part {
                file,
                node: value,
                path: top.key(name),
            };
            match name {
                "metadata" => metadata = Some(part),
                "documentation" => documentation = Some(part),
                "shapes" => shapes = Some(part),
                "operations" => operations = Some(part),
                "version" => {}
                "documentationUrl" | "examples" => cx.ignored_doc(file, key, &top, name),
                _ => cx.unknown(file, key, &top, name, "a model", Severity::Warning),
            }
        }
    }
    let missing = |cx: &mut Cx, key: &str| {
        cx.error(
            file,
            &root.span,
            &top,
            format!("the model has no `{key}`"),
            "a botocore model has `metadata`, `operations` and `shapes`",
        );
    };
    if metadata.is_none() {
        missing(cx, "metadata");
    }
    if shapes.is_none() {
        missing(cx, "shapes");
    }
    let (Some(metadata), Some(shapes)) = (metadata, shapes) else {
        return None;
    };
    let mut ops = Vec::new();
    match operations {
        Some(operations) => {
            if let Some(entries) = cx.object(file, operations.node, &operations.path) {
                for (key, value) in entries {
                    let name = key.as_str().unwrap_or_default();
                    ops.push(OperationPart {
                        part: Part {
                            file,
                            node: value,
                            path: operations.path.key(name),
                        },
                        key: Some(key),
                    });
                }
            }
        }
        None => missing(cx, "operations"),
    }
    Some(Parts {
        metadata,
        documentation,
        shapes,
        operations: ops,
        paginators: pages.map(|(file, node)| Part {
            file,
            node,
            path: SchemaPath::root(),
        }),
    })
}

/// The parts of one conformance suite (`suite`, an element of `input.json` or
/// `output.json`, at `path` in `file`): its `metadata`, its `shapes` and the distinct
/// `given` operations of its cases (the first of each name; they are the same).
pub fn suite_parts<'a>(
    file: &'a str,
    suite: &'a Node,
    path: &SchemaPath,
) -> Result<Parts<'a>, Vec<ImportDiagnostic>> {
    let mut cx = Cx::default();
    let (mut metadata, mut shapes, mut operations) = (None, None, Vec::new());
    let mut seen = HashSet::new();
    for (key, value) in cx.object(file, suite, path).unwrap_or_default() {
        let name = key.as_str().unwrap_or_default();
        let part = Part {
            file,
            node: value,
            path: path.key(name),
        };
        match name {
            "metadata" => metadata = Some(part),
            "shapes" => shapes = Some(part),
            "cases" => {
                let Kind::Seq(cases) = &value.kind else {
                    cx.error(file, &key.span, &part.path, "expected a list", "");
                    continue;
                };
                for (i, case) in cases.iter().enumerate() {
                    let Some(given) = member(case, "given") else {
                        continue;
                    };
                    let name = member(given, "name").and_then(Node::as_str);
                    if name.is_some_and(|n| seen.insert(n.to_string())) {
                        operations.push(OperationPart {
                            part: Part {
                                file,
                                node: given,
                                path: part.path.index(i).key("given"),
                            },
                            key: None,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    match (metadata, shapes) {
        (Some(metadata), Some(shapes)) if cx.diags.is_empty() => Ok(Parts {
            metadata,
            documentation: None,
            shapes,
            operations,
            paginators: None,
        }),
        _ => {
            cx.error(
                file,
                &suite.span,
                path,
                "a suite has `metadata`, `shapes` and `cases`",
                "",
            );
            Err(cx.diags)
        }
    }
}

/// The value of `key` in a mapping node.
pub(super) fn member<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

/// Whether `key` of a mapping node is `true`.
pub(super) fn flag(node: &Node, key: &str) -> bool {
    member(node, key).is_some_and(|v| v.as_str() == Some("true"))
}

/// Whether a plain scalar is a JSON literal rather than text (`true`, `null`, `12`).
fn is_json_literal(text: &str) -> bool {
    matches!(text, "true" | "false" | "null") || text.parse::<f64>().is_ok()
}

impl Cx {
    /// The entries of an object, or an error.
    pub(super) fn object<'n>(
        &mut self,
        file: &str,
        node: &'n Node,
        path: &SchemaPath,
    ) -> Option<&'n [(Node, Node)]> {
        match &node.kind {
            Kind::Map(entries) => Some(entries),
            _ => {
                self.error(file, &node.span, path, "expected an object", "");
                None
            }
        }
    }

    /// A string value, or an error.
    pub(super) fn string<'n>(
        &mut self,
        file: &str,
        node: &'n Node,
        path: &SchemaPath,
    ) -> Option<&'n str> {
        match &node.kind {
            Kind::Scalar { text, plain } if !*plain || !is_json_literal(text) => Some(text),
            _ => {
                self.error(file, &node.span, path, "expected a string", "");
                None
            }
        }
    }

    /// A boolean value, or an error.
    pub(super) fn boolean(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { text, plain: true } if text == "true" => Some(true),
            Kind::Scalar { text, plain: true } if text == "false" => Some(false),
            _ => {
                self.error(file, &node.span, path, "expected `true` or `false`", "");
                None
            }
        }
    }

    /// A number (an integer when it is written as one), or an error.
    pub(super) fn number(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<serde_yaml::Number> {
        if let Kind::Scalar { text, plain: true } = &node.kind {
            if let Ok(i) = text.parse::<i64>() {
                return Some(i.into());
            }
            if let Ok(f) = text.parse::<f64>() {
                if f.is_finite() {
                    return Some(f.into());
                }
            }
        }
        self.error(file, &node.span, path, "expected a number", "");
        None
    }

    /// A list of strings, or an error.
    pub(super) fn strings(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<Vec<String>> {
        let Kind::Seq(items) = &node.kind else {
            self.error(file, &node.span, path, "expected a list of strings", "");
            return None;
        };
        let mut values = Vec::new();
        for (i, item) in items.iter().enumerate() {
            values.push(self.string(file, item, &path.index(i))?.to_string());
        }
        Some(values)
    }

    /// Docs from a `documentation` value.
    pub(super) fn docs(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<String> {
        self.string(file, node, path).and_then(plain_docs)
    }
}
