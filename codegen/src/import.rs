//! Imports an AWS model in botocore's JSON form (`service-2.json`, its `paginators-1.json`,
//! or a conformance suite's `shapes` and `given` operations) into the YAML text of a schema.
//!
//! The JSON is read with the located parser ([`crate::yaml`]: JSON is YAML), so every
//! problem names its file, line, column and JSON path (`shapes.Foo.members.bar.location`).
//! Everything in the model is either mapped, deliberately ignored (documentation-only or
//! XML-only traits), or reported: a trait that would change the wire and has no schema
//! equivalent is an error, a documentation-only one a warning. All problems are collected.
//! Like the rest of this crate, nothing here touches the file system.

use crate::diagnostics::{Diagnostic, Severity};
use crate::parse::located;
use crate::schema_path::SchemaPath;
use crate::yaml::{self, Kind, Node, Span};
use crate::Source;
use serde::ser::{SerializeMap, Serializer};
use serde::Serialize;
use std::collections::{HashMap, HashSet};

/// What the importer cannot find in the model itself.
#[derive(Debug, Clone, Copy, Default)]
pub struct ImportSettings<'a> {
    /// `service.crate` of the schema; left out when `None`.
    pub crate_name: Option<&'a str>,
    /// The service name when the metadata names none (no `serviceId`, `serviceFullName` or
    /// `endpointPrefix`, as in the conformance suites).
    pub service_name: Option<&'a str>,
}

/// A problem and the file it is in (the model or its paginators).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportDiagnostic {
    /// The [`Source::name`] of the file.
    pub file: String,
    pub diagnostic: Diagnostic,
}

/// A successful import.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The schema's YAML text (no header comment: the caller adds its own).
    pub yaml: String,
    /// Problems that did not stop the import.
    pub warnings: Vec<ImportDiagnostic>,
}

/// A parsed JSON node, the file it comes from and its path in that file.
#[derive(Debug, Clone)]
pub struct Part<'a> {
    pub file: &'a str,
    pub node: &'a Node,
    pub path: SchemaPath,
}

/// A model given piece by piece: what [`import_model`] finds in `service-2.json`, or what a
/// conformance suite holds (its `metadata`, its `shapes` and the `given` operation of each
/// case, see [`suite_parts`]).
#[derive(Debug, Clone)]
pub struct Parts<'a> {
    /// The `metadata` object.
    pub metadata: Part<'a>,
    /// The service's `documentation` string.
    pub documentation: Option<Part<'a>>,
    /// The `shapes` object.
    pub shapes: Part<'a>,
    /// Each operation object (with its `name`), in order.
    pub operations: Vec<Part<'a>>,
    /// The whole `paginators-1.json` document.
    pub paginators: Option<Part<'a>>,
}

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

/// Imports a botocore `service-2.json` (and optionally its `paginators-1.json`) into the
/// YAML text of a schema, or returns every problem found (warnings included).
pub fn import_model(
    model: &Source<'_>,
    paginators: Option<&Source<'_>>,
    settings: &ImportSettings<'_>,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    let root = parse(model);
    let pages = paginators.map(parse).transpose();
    let (root, pages) = match (root, pages) {
        (Ok(root), Ok(pages)) => (root, pages),
        (root, pages) => {
            let mut diags = root.err().unwrap_or_default();
            diags.extend(pages.err().unwrap_or_default());
            return Err(diags);
        }
    };
    let mut cx = Cx::default();
    let file = model.name;
    let top = SchemaPath::root();
    let (mut metadata, mut documentation, mut shapes, mut operations) = (None, None, None, None);
    if let Some(entries) = cx.object(file, &root, &top) {
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
        missing(&mut cx, "metadata");
    }
    if shapes.is_none() {
        missing(&mut cx, "shapes");
    }
    let (Some(metadata), Some(shapes)) = (metadata, shapes) else {
        return Err(cx.finish());
    };
    let mut ops = Vec::new();
    match operations {
        Some(operations) => {
            if let Some(entries) = cx.object(file, operations.node, &operations.path) {
                for (key, value) in entries {
                    let name = key.as_str().unwrap_or_default();
                    ops.push((
                        Part {
                            file,
                            node: value,
                            path: operations.path.key(name),
                        },
                        Some(key),
                    ));
                }
            }
        }
        None => missing(&mut cx, "operations"),
    }
    let root_pages;
    let paginators = match (paginators, pages) {
        (Some(source), Some(node)) => {
            root_pages = node;
            Some(Part {
                file: source.name,
                node: &root_pages,
                path: SchemaPath::root(),
            })
        }
        _ => None,
    };
    let parts = Parts {
        metadata,
        documentation,
        shapes,
        operations: Vec::new(),
        paginators,
    };
    cx.run(&parts, &ops, settings)
}

/// Imports a model given piece by piece (see [`Parts`]; [`suite_parts`] makes them for a
/// conformance suite). Each operation's name is its `name` key.
pub fn import_parts(
    parts: &Parts<'_>,
    settings: &ImportSettings<'_>,
) -> Result<Imported, Vec<ImportDiagnostic>> {
    let ops: Vec<_> = parts.operations.iter().map(|p| (p.clone(), None)).collect();
    Cx::default().run(parts, &ops, settings)
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
                        operations.push(Part {
                            file,
                            node: given,
                            path: part.path.index(i).key("given"),
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
fn member<'a>(node: &'a Node, key: &str) -> Option<&'a Node> {
    match &node.kind {
        Kind::Map(entries) => entries
            .iter()
            .find(|(k, _)| k.as_str() == Some(key))
            .map(|(_, v)| v),
        _ => None,
    }
}

// ---------------------------------------------------------------------------------------
// HTML documentation to plain text.

/// botocore's HTML documentation as plain text: tags stripped, `<code>x</code>` written
/// `` `x` ``, paragraphs separated by a blank line, list items as `- ` lines, the common
/// entities decoded, whitespace collapsed. `None` when nothing is left.
pub fn plain_docs(html: &str) -> Option<String> {
    // (is a list item, text)
    let mut blocks: Vec<(bool, String)> = Vec::new();
    let mut current = String::new();
    let mut item = false;
    fn flush(current: &mut String, item: bool, blocks: &mut Vec<(bool, String)>) {
        let text = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !text.is_empty() {
            blocks.push((item, text));
        }
        current.clear();
    }
    let mut rest = html;
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            current.push_str(&decode_entities(rest));
            break;
        };
        current.push_str(&decode_entities(&rest[..lt]));
        let after = &rest[lt + 1..];
        let is_tag = after.starts_with(|c: char| c.is_ascii_alphabetic() || c == '/' || c == '!');
        let Some(gt) = after.find('>').filter(|_| is_tag) else {
            current.push('<');
            rest = after;
            continue;
        };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name = tag
            .trim_start_matches('/')
            .split(|c: char| c.is_whitespace() || c == '/')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match name.as_str() {
            "code" => current.push('`'),
            "li" => {
                flush(&mut current, item, &mut blocks);
                item = !closing;
            }
            // A paragraph inside a list item stays in the item.
            "p" | "br" if item => current.push(' '),
            "p" | "br" | "ul" | "ol" | "div" | "dl" | "dt" | "dd" | "note" | "important" | "h1"
            | "h2" | "h3" | "h4" | "h5" | "h6" | "pre" | "table" | "tr" => {
                flush(&mut current, item, &mut blocks)
            }
            _ => {}
        }
    }
    flush(&mut current, item, &mut blocks);
    let mut out = String::new();
    let mut previous_item = false;
    for (i, (is_item, text)) in blocks.iter().enumerate() {
        if i > 0 {
            out.push_str(if *is_item && previous_item {
                "\n"
            } else {
                "\n\n"
            });
        }
        if *is_item {
            out.push_str("- ");
        }
        out.push_str(text);
        previous_item = *is_item;
    }
    (!out.is_empty()).then_some(out)
}

/// `&lt;` `&gt;` `&amp;` `&quot;` `&#39;` `&apos;` `&nbsp;` and numeric references decoded;
/// anything else kept as written.
fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[..end];
            let c = match name {
                "lt" => '<',
                "gt" => '>',
                "amp" => '&',
                "quot" => '"',
                "apos" => '\'',
                "nbsp" => ' ',
                _ => {
                    let number = name.strip_prefix('#')?;
                    let code = match number.strip_prefix(['x', 'X']) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                        None => number.parse().ok()?,
                    };
                    char::from_u32(code)?
                }
            };
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &after[end + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

// ---------------------------------------------------------------------------------------
// The schema written: serde types whose field order is the order of the README's tables.

/// A mapping written in the order its entries were added.
#[derive(Debug)]
struct Ordered<T>(Vec<(String, T)>);

impl<T> Default for Ordered<T> {
    fn default() -> Self {
        Ordered(Vec::new())
    }
}

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<T> Ordered<T> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

#[derive(Serialize)]
struct SchemaOut {
    service: ServiceOut,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    shapes: Ordered<ShapeOut>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    operations: Ordered<OperationOut>,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    errors: Ordered<ErrorOut>,
}

#[derive(Serialize)]
struct ServiceOut {
    name: String,
    version: String,
    protocol: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    signing_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    endpoint_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
    #[serde(rename = "crate", skip_serializing_if = "Option::is_none")]
    crate_name: Option<String>,
}

#[derive(Serialize, Default)]
struct Bounds {
    #[serde(skip_serializing_if = "Option::is_none")]
    min: Option<serde_yaml::Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    max: Option<serde_yaml::Value>,
}

impl Bounds {
    fn is_empty(&self) -> bool {
        self.min.is_none() && self.max.is_none()
    }
}

#[derive(Serialize, Default)]
struct ShapeOut {
    #[serde(rename = "type")]
    kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    members: Option<Ordered<MemberOut>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    values: Option<Vec<String>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    key: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp_format: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    length: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    range: Option<Bounds>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pattern: Option<String>,
}

#[derive(Serialize, Default)]
struct MemberOut {
    target: String,
    #[serde(skip_serializing_if = "is_false")]
    required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    wire_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    location: Option<&'static str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    timestamp_format: Option<&'static str>,
    #[serde(skip_serializing_if = "is_false")]
    json_value: bool,
    #[serde(skip_serializing_if = "is_false")]
    idempotency_token: bool,
    #[serde(skip_serializing_if = "is_false")]
    host_label: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
}

#[derive(Serialize, Default)]
struct OperationOut {
    method: String,
    path: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    input: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    output: Option<String>,
    success: u16,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    idempotent: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    host_prefix: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    request_compression: Option<Vec<String>>,
    #[serde(skip_serializing_if = "is_false")]
    checksum_required: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pagination: Option<PaginationOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
}

#[derive(Serialize)]
struct PaginationOut {
    input_token: String,
    output_token: String,
    items: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<String>,
}

#[derive(Serialize)]
struct ErrorOut {
    status: u16,
    #[serde(skip_serializing_if = "Option::is_none")]
    code: Option<String>,
    #[serde(skip_serializing_if = "is_false")]
    retryable: bool,
    #[serde(skip_serializing_if = "Ordered::is_empty")]
    members: Ordered<MemberOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    docs: Option<String>,
}

/// The YAML text of a schema: `serde_yaml`'s output with a blank line before each top-level
/// section and each entry of `shapes`, `operations` and `errors`, and with plain scalars
/// that a YAML 1.1 reader would take for a date or a number (`2018-11-29`, `12:30`) quoted.
fn to_yaml(schema: &SchemaOut) -> Result<String, String> {
    let text = serde_yaml::to_string(schema).map_err(|e| e.to_string())?;
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    let mut in_section = false;
    let mut previous_top = false;
    // The indentation of the line that opened a block scalar (`docs: |-`) being read.
    let mut block: Option<usize> = None;
    for line in text.lines() {
        let indent = line.len() - line.trim_start_matches(' ').len();
        if let Some(opener) = block {
            if line.is_empty() || indent > opener {
                out.push_str(line);
                out.push('\n');
                continue;
            }
            block = None;
        }
        let top = indent == 0 && !line.is_empty();
        let entry = in_section && indent == 2 && !previous_top;
        if (top && !out.is_empty()) || entry {
            out.push('\n');
        }
        if top {
            in_section = line != "service:";
        }
        previous_top = top;
        if line.ends_with(['|', '>']) || line.ends_with("|-") || line.ends_with(">-") {
            block = Some(indent);
        }
        out.push_str(&quote_ambiguous(line));
        out.push('\n');
    }
    Ok(out)
}

/// `line` with its plain scalar value (after `key: ` or `- `) quoted when YAML 1.1 would
/// read it as a date or a base-60 number.
fn quote_ambiguous(line: &str) -> std::borrow::Cow<'_, str> {
    let body = line.trim_start_matches(' ');
    let value_at = match body.strip_prefix("- ") {
        Some(_) => line.len() - body.len() + 2,
        None => match line.find(": ") {
            Some(i) => i + 2,
            None => return line.into(),
        },
    };
    let value = &line[value_at..];
    let digits_and = |seps: &[char]| {
        value.starts_with(|c: char| c.is_ascii_digit())
            && value.contains(seps)
            && value
                .chars()
                .all(|c| c.is_ascii_digit() || seps.contains(&c))
    };
    if digits_and(&['-']) && value.split('-').count() == 3 || digits_and(&[':']) {
        format!("{}'{value}'", &line[..value_at]).into()
    } else {
        line.into()
    }
}

// ---------------------------------------------------------------------------------------
// The conversion.

/// The builtin shapes of a schema: an AWS shape of one of these names is dropped when it is
/// exactly the builtin, and refused otherwise (shapes are never renamed).
const BUILTINS: &[&str] = &[
    "string",
    "integer",
    "long",
    "boolean",
    "float",
    "double",
    "timestamp",
    "blob",
    "document",
];

/// Traits that say nothing about the wire of a JSON protocol, or only about endpoint
/// resolution (a generated client is given its endpoint): ignored without a word.
const IGNORED: &[&str] = &[
    "box",
    "sensitive",
    "deprecated",
    "deprecatedMessage",
    "deprecatedSince",
    "flattened",
    "xmlNamespace",
    "wrapper",
    "readonly",
    "synthetic",
    "staticContextParams",
    "contextParam",
    "operationContextParams",
    "unsignedPayload",
    "authtype",
    "auth",
];

/// Documentation-only keys with no place in the schema: a warning each.
const DOC_ONLY: &[&str] = &["documentationUrl", "examples", "alias"];

/// An AWS shape, indexed before the conversion.
struct ShapeIn<'a> {
    file: &'a str,
    name: &'a str,
    key: &'a Node,
    node: &'a Node,
    path: SchemaPath,
    kind: Option<&'a str>,
    exception: bool,
    /// Written to the schema (false for a shape that is exactly a builtin).
    kept: bool,
}

#[derive(Default)]
struct Cx {
    diags: Vec<ImportDiagnostic>,
}

impl Cx {
    fn push(&mut self, file: &str, span: &Span, d: Diagnostic) {
        self.diags.push(ImportDiagnostic {
            file: file.to_string(),
            diagnostic: located(d, span),
        });
    }

    fn error(
        &mut self,
        file: &str,
        span: &Span,
        path: &SchemaPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let mut d = Diagnostic::error(path, message);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.push(file, span, d);
    }

    fn warning(
        &mut self,
        file: &str,
        span: &Span,
        path: &SchemaPath,
        message: impl Into<String>,
        help: &str,
    ) {
        let mut d = Diagnostic::warning(path, message);
        if !help.is_empty() {
            d = d.with_help(help);
        }
        self.push(file, span, d);
    }

    /// An unknown key of `what` (`a structure shape`).
    fn unknown(
        &mut self,
        file: &str,
        key: &Node,
        path: &SchemaPath,
        name: &str,
        what: &str,
        severity: Severity,
    ) {
        let (message, help) = match severity {
            Severity::Error => (
                format!("`{name}` on {what} is not supported by the importer"),
                "it may change what travels on the wire, so it is not dropped: remove it from the model, or describe the service by hand",
            ),
            Severity::Warning => (
                format!("`{name}` on {what} is not imported"),
                "it has no equivalent in the schema and is left out",
            ),
        };
        let d = Diagnostic {
            severity,
            ..Diagnostic::error(path.key(name), message).with_help(help)
        };
        self.push(file, &key.span, d);
    }

    fn ignored_doc(&mut self, file: &str, key: &Node, path: &SchemaPath, name: &str) {
        self.unknown(file, key, path, name, "this object", Severity::Warning);
    }

    /// The entries of an object, or an error.
    fn object<'n>(
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
    fn string<'n>(&mut self, file: &str, node: &'n Node, path: &SchemaPath) -> Option<&'n str> {
        match &node.kind {
            Kind::Scalar { text, plain } if !*plain || !is_json_literal(text) => Some(text),
            _ => {
                self.error(file, &node.span, path, "expected a string", "");
                None
            }
        }
    }

    /// A boolean value, or an error.
    fn boolean(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<bool> {
        match &node.kind {
            Kind::Scalar { text, plain: true } if text == "true" => Some(true),
            Kind::Scalar { text, plain: true } if text == "false" => Some(false),
            _ => {
                self.error(file, &node.span, path, "expected `true` or `false`", "");
                None
            }
        }
    }

    /// A number, as YAML will write it, or an error.
    fn number(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<serde_yaml::Value> {
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

    /// Docs from a `documentation` value.
    fn docs(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<String> {
        self.string(file, node, path).and_then(plain_docs)
    }

    /// The whole conversion; `ops` are the operations with the key that names each in a
    /// model (`None` for the parts of a suite, named by their `name`).
    fn run(
        mut self,
        parts: &Parts<'_>,
        ops: &[(Part<'_>, Option<&Node>)],
        settings: &ImportSettings<'_>,
    ) -> Result<Imported, Vec<ImportDiagnostic>> {
        let service = self.service(parts, settings);
        let index = self.index_shapes(&parts.shapes);
        let by_name: HashMap<&str, usize> =
            index.iter().enumerate().map(|(i, s)| (s.name, i)).collect();
        let resolver = Resolver {
            shapes: &index,
            by_name: &by_name,
        };
        let streams = event_stream_shapes(&index);
        let mut shapes = Ordered::default();
        let mut errors = Ordered::default();
        for shape in index.iter().filter(|s| s.kept && !streams.contains(s.name)) {
            if shape.exception {
                if let Some(e) = self.error_shape(shape, &resolver) {
                    errors.0.push((shape.name.to_string(), e));
                }
            } else if let Some(s) = self.shape(shape, &resolver) {
                shapes.0.push((shape.name.to_string(), s));
            }
        }
        let mut operations = Ordered::default();
        let mut op_index: HashMap<String, (usize, Option<String>, Option<String>)> = HashMap::new();
        for (part, key) in ops {
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
            if let Some((name, op)) = self.operation(part, *key, &resolver) {
                op_index.insert(
                    name.clone(),
                    (operations.0.len(), op.input.clone(), op.output.clone()),
                );
                operations.0.push((name, op));
            }
        }
        if let Some(pages) = &parts.paginators {
            self.paginators(pages, &op_index, &resolver, &mut operations);
        }
        let Some(service) = service else {
            return Err(self.finish());
        };
        let schema = SchemaOut {
            service,
            shapes,
            operations,
            errors,
        };
        if self
            .diags
            .iter()
            .any(|d| d.diagnostic.severity == Severity::Error)
        {
            return Err(self.finish());
        }
        match to_yaml(&schema) {
            Ok(yaml) => Ok(Imported {
                yaml,
                warnings: self.finish(),
            }),
            Err(e) => {
                let file = parts.metadata.file;
                self.diags.push(ImportDiagnostic {
                    file: file.to_string(),
                    diagnostic: Diagnostic::error("", format!("writing the YAML: {e}")),
                });
                Err(self.finish())
            }
        }
    }

    /// The diagnostics, the model's first, each file's in file order.
    fn finish(self) -> Vec<ImportDiagnostic> {
        let mut files: Vec<String> = Vec::new();
        for d in &self.diags {
            if !files.contains(&d.file) {
                files.push(d.file.clone());
            }
        }
        let mut diags = self.diags;
        diags.sort_by_key(|d| {
            let file = files.iter().position(|f| *f == d.file);
            let pos = d
                .diagnostic
                .position
                .map_or((usize::MAX, usize::MAX), |p| (p.line, p.column));
            (file, pos)
        });
        diags
    }

    fn service(&mut self, parts: &Parts<'_>, settings: &ImportSettings<'_>) -> Option<ServiceOut> {
        let Part { file, node, path } = &parts.metadata;
        let entries = self.object(file, node, path)?;
        let mut get = HashMap::new();
        let mut ok = true;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            match name {
                "apiVersion" | "endpointPrefix" | "signingName" | "serviceFullName"
                | "serviceId" | "protocol" => {
                    if let Some(s) = self.string(file, value, &at) {
                        get.insert(name, (s, value));
                    }
                }
                // The wire of requests and responses does not depend on the signature: a
                // service without SigV4 still gets its crate, whose client sends unsigned
                // requests (`no_signing`) and whose server checks no signature.
                "signatureVersion" => {
                    if let Some(s) = self.string(file, value, &at) {
                        if !matches!(s, "v4" | "s3v4") {
                            self.warning(
                                file,
                                &value.span,
                                &at,
                                format!("signature version `{s}` is not supported: the generated client signs with SigV4 or not at all"),
                                "add the service's credentials (a bearer token) with a transport of your own",
                            );
                        }
                    }
                }
                "auth" => {
                    let sigv4 = matches!(&value.kind, Kind::Seq(items)
                        if items.iter().any(|i| i.as_str() == Some("aws.auth#sigv4")));
                    if !sigv4 {
                        self.warning(
                            file,
                            &key.span,
                            &at,
                            "the service does not offer SigV4 (`aws.auth#sigv4`): the generated client signs with SigV4 or not at all",
                            "add the service's credentials with a transport of your own",
                        );
                    }
                }
                "protocols" | "jsonVersion" | "uid" | "serviceAbbreviation" | "targetPrefix" => {}
                _ => self.unknown(file, key, path, name, "the metadata", Severity::Warning),
            }
        }
        match get.get("protocol") {
            Some((protocol, value)) if *protocol != "rest-json" => {
                ok = false;
                self.error(
                    file,
                    &value.span,
                    &path.key("protocol"),
                    format!("the protocol is `{protocol}`; only `rest-json` can be imported"),
                    "the schema describes restJson1 services only",
                );
            }
            Some(_) => {}
            None => {
                ok = false;
                self.error(
                    file,
                    &node.span,
                    path,
                    "the metadata has no `protocol`",
                    "add `\"protocol\": \"rest-json\"`",
                );
            }
        }
        let text = |key: &str| get.get(key).map(|(s, _)| s.to_string());
        let name = text("serviceId")
            .or_else(|| text("serviceFullName"))
            .map(|s| s.replace(' ', ""))
            .or_else(|| text("endpointPrefix"))
            .or_else(|| settings.service_name.map(str::to_string));
        let Some(name) = name else {
            self.error(
                file,
                &node.span,
                path,
                "the metadata names no service (no `serviceId`, `serviceFullName` or `endpointPrefix`)",
                "add `serviceId`, or give the name in `ImportSettings::service_name`",
            );
            return None;
        };
        let Some(version) = text("apiVersion") else {
            self.error(
                file,
                &node.span,
                path,
                "the metadata has no `apiVersion`",
                "add `\"apiVersion\": \"2018-11-29\"` (the API's version)",
            );
            return None;
        };
        let docs = parts
            .documentation
            .as_ref()
            .and_then(|d| self.docs(d.file, d.node, &d.path));
        ok.then(|| ServiceOut {
            name,
            version,
            protocol: "rest-json",
            signing_name: text("signingName"),
            endpoint_prefix: text("endpointPrefix"),
            docs,
            crate_name: settings.crate_name.map(str::to_string),
        })
    }

    /// Every shape with its type, whether it is an exception and whether it is written.
    fn index_shapes<'a>(&mut self, shapes: &Part<'a>) -> Vec<ShapeIn<'a>> {
        let Part { file, node, path } = shapes;
        let mut out: Vec<ShapeIn<'a>> = Vec::new();
        let Some(entries) = self.object(file, node, path) else {
            return out;
        };
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            if out.iter().any(|s| s.name == name) {
                self.error(
                    file,
                    &key.span,
                    &at,
                    format!("duplicate shape `{name}`"),
                    "remove one",
                );
                continue;
            }
            let kind = member(value, "type").and_then(Node::as_str);
            if kind.is_none() {
                self.error(
                    file,
                    &key.span,
                    &at,
                    "the shape has no `type`",
                    "add `\"type\": \"structure\"` (or string, list, map, ...)",
                );
            }
            let flag = |k: &str| member(value, k).is_some_and(|v| v.as_str() == Some("true"));
            let exception = kind == Some("structure")
                && (flag("exception") || member(value, "error").is_some());
            let mut kept = true;
            if BUILTINS.contains(&name) {
                let plain = match &value.kind {
                    Kind::Map(entries) => entries.iter().all(|(k, v)| {
                        let k = k.as_str().unwrap_or_default();
                        IGNORED.contains(&k)
                            || (k == "type" && v.as_str() == Some(name))
                            || (name == "document"
                                && ((k == "type" && v.as_str() == Some("structure"))
                                    || (k == "document" && v.as_str() == Some("true"))
                                    || (k == "members"
                                        && matches!(&v.kind, Kind::Map(m) if m.is_empty()))))
                    }),
                    _ => false,
                };
                if plain {
                    kept = false;
                } else {
                    self.error(
                        file,
                        &key.span,
                        &at,
                        format!("the shape `{name}` is not the schema's builtin `{name}`"),
                        "the schema's builtin shapes cannot be redefined and the importer never renames a shape: rename it in the model",
                    );
                }
            }
            out.push(ShapeIn {
                file,
                name,
                key,
                node: value,
                path: at,
                kind,
                exception,
                kept,
            });
        }
        out
    }

    /// A shape that is not an exception.
    fn shape(&mut self, s: &ShapeIn<'_>, r: &Resolver<'_, '_>) -> Option<ShapeOut> {
        let file = s.file;
        let entries = self.object(file, s.node, &s.path)?;
        let kind = s.kind?;
        let flag = |k: &str| member(s.node, k).is_some_and(|v| v.as_str() == Some("true"));
        let mut out = ShapeOut::default();
        let (mut min, mut max) = (None, None);
        let mut enum_values = None;
        let mut required = None;
        let mut payload = None;
        let mut streaming = false;
        let mut ok = true;
        out.kind = match kind {
            "structure" if flag("document") => "document",
            "structure" if flag("union") => "union",
            "structure" => "structure",
            "string" | "integer" | "long" | "boolean" | "float" | "double" | "timestamp"
            | "blob" | "list" | "map" => static_name(kind),
            "byte" | "short" => "integer",
            "bigdecimal" | "biginteger" => {
                let value = member(s.node, "type").unwrap_or(s.key);
                self.error(
                    file,
                    &value.span,
                    &s.path.key("type"),
                    format!("`{kind}` shapes are not supported"),
                    "the schema has no arbitrary-precision numbers: describe the value as a `string` or `double` by hand",
                );
                return None;
            }
            other => {
                let value = member(s.node, "type").unwrap_or(s.key);
                self.error(
                    file,
                    &value.span,
                    &s.path.key("type"),
                    format!("unknown shape type `{other}`"),
                    "the types are structure, list, map, string, integer, long, float, double, boolean, timestamp and blob",
                );
                return None;
            }
        };
        let numeric = matches!(
            kind,
            "integer" | "long" | "float" | "double" | "byte" | "short"
        );
        let structure = kind == "structure";
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = s.path.key(name);
            match name {
                "type" => {}
                "documentation" => out.docs = self.docs(file, value, &at),
                n if IGNORED.contains(&n) => {}
                "min" if numeric || matches!(kind, "string" | "blob" | "list" | "map") => {
                    min = self.number(file, value, &at)
                }
                "max" if numeric || matches!(kind, "string" | "blob" | "list" | "map") => {
                    max = self.number(file, value, &at)
                }
                "pattern" if kind == "string" => {
                    out.pattern = self.string(file, value, &at).map(str::to_string)
                }
                "enum" if kind == "string" => enum_values = Some((key, value)),
                "timestampFormat" if kind == "timestamp" => {
                    out.timestamp_format = self.timestamp_format(file, value, &at)
                }
                "members" if structure => {}
                "required" if structure => required = Some((key, value)),
                "payload" if structure => {
                    payload = self.string(file, value, &at).map(|p| (p, value))
                }
                "document" | "union" if structure => {
                    self.boolean(file, value, &at);
                }
                "member" if kind == "list" => out.member = self.reference(file, value, &at, r),
                "key" if kind == "map" => out.key = self.reference(file, value, &at, r),
                "value" if kind == "map" => out.value = self.reference(file, value, &at, r),
                "streaming" if kind == "blob" => {
                    streaming = self.boolean(file, value, &at).unwrap_or(false)
                }
                "requiresLength" if kind == "blob" => {}
                "sparse" if matches!(kind, "list" | "map") => self.warning(
                    file,
                    &key.span,
                    &at,
                    "a sparse collection may hold `null` elements, which the schema cannot express: a response with one does not decode",
                    "the elements are imported as they are; nulls are rare in practice",
                ),
                // An event is also a plain structure, which other shapes may use: its
                // marks only matter inside a stream, which is left out with its operations.
                "event" => {}
                "eventstream" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        "event streams are not supported",
                        "the schema has no event streams: leave the operations that use it out of the model",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, &s.path, n, "a shape", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(
                        file,
                        key,
                        &s.path,
                        n,
                        &format!("a {kind} shape"),
                        Severity::Error,
                    )
                }
            }
        }
        if let Some((key, values)) = enum_values {
            out.kind = "enum";
            out.values = self.enum_values(file, values, &s.path.key("enum"));
            if min.is_some() || max.is_some() || out.pattern.is_some() {
                self.warning(
                    file,
                    &key.span,
                    &s.path.key("enum"),
                    "the length and pattern of an enum shape are not imported",
                    "an enum's values say what it may be",
                );
                (min, max, out.pattern) = (None, None, None);
            }
        }
        let bounds = Bounds { min, max };
        if !bounds.is_empty() {
            if numeric {
                out.range = Some(bounds);
            } else {
                out.length = Some(bounds);
            }
        }
        if streaming {
            let note = "Streamed in the AWS model; sent and read whole here.";
            out.docs = Some(match out.docs.take() {
                Some(docs) => format!("{docs}\n\n{note}"),
                None => note.to_string(),
            });
        }
        match out.kind {
            "structure" | "union" => {
                let members = member(s.node, "members");
                out.members = Some(self.members(s, members, required, payload, r));
            }
            "document" => {
                if let Some(m) = member(s.node, "members") {
                    if !matches!(&m.kind, Kind::Map(e) if e.is_empty()) {
                        ok = false;
                        self.error(
                            file,
                            &m.span,
                            &s.path.key("members"),
                            "a document shape has no members",
                            "remove the members, or `document: true`",
                        );
                    }
                }
            }
            _ => {}
        }
        if out.kind == "union" {
            if let Some((key, _)) = required {
                ok = false;
                self.error(
                    file,
                    &key.span,
                    &s.path.key("required"),
                    "a union's members are never required",
                    "remove `required`: exactly one member of a union is set",
                );
            }
        }
        ok.then_some(out)
    }

    fn enum_values(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<Vec<String>> {
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

    fn timestamp_format(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
    ) -> Option<&'static str> {
        match self.string(file, node, path)? {
            "iso8601" => Some("date-time"),
            "rfc822" => Some("http-date"),
            "unixTimestamp" => Some("epoch-seconds"),
            other => {
                self.error(
                    file,
                    &node.span,
                    path,
                    format!("unknown timestamp format `{other}`"),
                    "the formats are `iso8601`, `rfc822` and `unixTimestamp`",
                );
                None
            }
        }
    }

    /// A `{"shape": ...}` reference (a list's member, a map's key or value), whose other
    /// keys are documentation or XML names.
    fn reference(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        r: &Resolver<'_, '_>,
    ) -> Option<String> {
        let entries = self.object(file, node, path)?;
        let mut target = None;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            match name {
                "shape" => target = self.target(file, value, &path.key(name), r),
                "documentation" | "locationName" => {}
                n if IGNORED.contains(&n) => {}
                n => self.unknown(file, key, path, n, "a shape reference", Severity::Error),
            }
        }
        if target.is_none() && member(node, "shape").is_none() {
            self.error(file, &node.span, path, "the reference has no `shape`", "");
        }
        target
    }

    /// The shape a `shape` value names, checked: it exists and is not an exception.
    fn target(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        r: &Resolver<'_, '_>,
    ) -> Option<String> {
        let name = self.string(file, node, path)?;
        let shape = r.get(name);
        match shape {
            Some(s) if s.exception => {
                self.error(
                    file,
                    &node.span,
                    path,
                    format!("`{name}` is an exception shape"),
                    "an exception becomes an entry of `errors:`, which members cannot target",
                );
                None
            }
            Some(_) => Some(name.to_string()),
            None => {
                let d = Diagnostic::error(path, format!("unknown shape `{name}`"))
                    .suggest(name, r.shapes.iter().map(|s| s.name))
                    .with_help_if_none("every shape named must be defined under `shapes`");
                self.push(file, &node.span, d);
                None
            }
        }
    }

    /// The members of a structure, union or exception.
    fn members(
        &mut self,
        s: &ShapeIn<'_>,
        members: Option<&Node>,
        required: Option<(&Node, &Node)>,
        payload: Option<(&str, &Node)>,
        r: &Resolver<'_, '_>,
    ) -> Ordered<MemberOut> {
        let file = s.file;
        let mut out = Ordered::default();
        let path = s.path.key("members");
        let entries = match members {
            Some(m) => self.object(file, m, &path).unwrap_or_default(),
            None => &[],
        };
        let names: Vec<&str> = entries
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .collect::<Vec<_>>();
        let mut required_names = Vec::new();
        if let Some((key, list)) = required {
            let at = s.path.key("required");
            match &list.kind {
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let Some(name) = self.string(file, item, &at.index(i)) else {
                            continue;
                        };
                        if !names.contains(&name) {
                            let d = Diagnostic::error(
                                at.index(i),
                                format!("`{name}` is not a member of `{}`", s.name),
                            )
                            .suggest(name, names.iter().copied())
                            .with_help_if_none("list only the structure's own members");
                            self.push(file, &item.span, d);
                        }
                        required_names.push(name);
                    }
                }
                _ => self.error(file, &key.span, &at, "expected a list of member names", ""),
            }
        }
        if let Some((name, node)) = payload {
            if !names.contains(&name) {
                let d = Diagnostic::error(
                    s.path.key("payload"),
                    format!("`{name}` is not a member of `{}`", s.name),
                )
                .suggest(name, names.iter().copied())
                .with_help_if_none("the payload names one of the structure's members");
                self.push(file, &node.span, d);
            }
        }
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let is_payload = payload.is_some_and(|(p, _)| p == name);
            if let Some(mut m) = self.member(file, value, &path.key(name), name, is_payload, r) {
                m.required = required_names.contains(&name);
                out.0.push((name.to_string(), m));
            }
        }
        out
    }

    fn member(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        name: &str,
        is_payload: bool,
        r: &Resolver<'_, '_>,
    ) -> Option<MemberOut> {
        let entries = self.object(file, node, path)?;
        let mut out = MemberOut::default();
        let mut ok = true;
        let mut streaming = false;
        let mut target = None;
        let mut enum_note = None;
        for (key, value) in entries {
            let k = key.as_str().unwrap_or_default();
            let at = path.key(k);
            match k {
                "shape" => target = Some((self.target(file, value, &at, r), value)),
                "locationName" => {
                    let wire = self.string(file, value, &at);
                    out.wire_name = wire.filter(|w| *w != name).map(str::to_string);
                }
                "location" => {
                    out.location = match self.string(file, value, &at) {
                        Some("uri") => Some("path"),
                        Some("querystring") => Some("query"),
                        Some("header") => Some("header"),
                        Some("headers") => Some("headers"),
                        Some("statusCode") => Some("status"),
                        Some(other) => {
                            ok = false;
                            self.error(
                                file,
                                &value.span,
                                &at,
                                format!("unknown location `{other}`"),
                                "the locations are `uri`, `querystring`, `header`, `headers` and `statusCode`",
                            );
                            None
                        }
                        None => None,
                    };
                    if is_payload && out.location.is_some() {
                        ok = false;
                        self.error(
                            file,
                            &value.span,
                            &at,
                            "the structure's payload cannot also have a `location`",
                            "remove the `location`, or the structure's `payload`",
                        );
                    }
                }
                "documentation" => out.docs = self.docs(file, value, &at),
                "jsonvalue" => out.json_value = self.boolean(file, value, &at).unwrap_or(false),
                "idempotencyToken" => {
                    out.idempotency_token = self.boolean(file, value, &at).unwrap_or(false)
                }
                "hostLabel" => out.host_label = self.boolean(file, value, &at).unwrap_or(false),
                "timestampFormat" => out.timestamp_format = self.timestamp_format(file, value, &at),
                "streaming" => streaming = self.boolean(file, value, &at).unwrap_or(false),
                "enum" => {
                    let values = self.enum_values(file, value, &at).unwrap_or_default();
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    enum_note = Some(format!("Allowed values: {}.", list.join(", ")));
                    self.warning(
                        file,
                        &key.span,
                        &at,
                        "an `enum` on a member is not imported as an enum: the member stays a string",
                        "its values are listed in the member's docs; define an enum shape in the model to make it one",
                    );
                }
                n if IGNORED.contains(&n) => {}
                "eventpayload" => {}
                "eventstream" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        "event streams are not supported",
                        "the schema has no event streams: leave the operations that use it out of the model",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, path, n, "a member", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(file, key, path, n, "a member", Severity::Error)
                }
            }
        }
        if let Some(note) = enum_note {
            out.docs = Some(match out.docs.take() {
                Some(docs) => format!("{docs}\n\n{note}"),
                None => note,
            });
        }
        let Some((target, target_node)) = target else {
            self.error(
                file,
                &node.span,
                path,
                "the member has no `shape`",
                "add `\"shape\": \"ShapeName\"`",
            );
            return None;
        };
        let target = target?;
        let target_shape = r.get(&target);
        let target_streams = target_shape.is_some_and(|t| {
            member(t.node, "streaming").is_some_and(|v| v.as_str() == Some("true"))
        });
        if target_shape.is_some_and(|t| member(t.node, "eventstream").is_some()) {
            // Reported on the shape itself.
            ok = false;
        }
        if streaming || target_streams {
            let blob = target == "blob" || target_shape.is_some_and(|t| t.kind == Some("blob"));
            if !(is_payload && blob) {
                ok = false;
                self.error(
                    file,
                    &target_node.span,
                    &path.key("shape"),
                    "a streaming member must be the structure's payload blob",
                    "the schema sends and reads streams whole, as a payload blob",
                );
            } else if streaming {
                let note = "Streamed in the AWS model; sent and read whole here.";
                out.docs = Some(match out.docs.take() {
                    Some(docs) => format!("{docs}\n\n{note}"),
                    None => note.to_string(),
                });
            }
        }
        if is_payload {
            out.location = Some("payload");
        }
        out.target = target;
        ok.then_some(out)
    }

    /// An exception shape as an entry of `errors:`.
    fn error_shape(&mut self, s: &ShapeIn<'_>, r: &Resolver<'_, '_>) -> Option<ErrorOut> {
        let file = s.file;
        let entries = self.object(file, s.node, &s.path)?;
        let mut out = ErrorOut {
            status: 0,
            code: None,
            retryable: false,
            members: Ordered::default(),
            docs: None,
        };
        let (mut status, mut sender_fault) = (None, false);
        let mut required = None;
        let mut ok = true;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = s.path.key(name);
            match name {
                "type" | "members" | "fault" => {}
                "exception" => {
                    self.boolean(file, value, &at);
                }
                "documentation" => out.docs = self.docs(file, value, &at),
                "required" => required = Some((key, value)),
                "retryable" => out.retryable = true,
                n if IGNORED.contains(&n) => {}
                "error" => {
                    for (k, v) in self.object(file, value, &at).unwrap_or_default() {
                        let kn = k.as_str().unwrap_or_default();
                        let at = at.key(kn);
                        match kn {
                            "httpStatusCode" => {
                                status = match self.number(file, v, &at) {
                                    Some(n) => {
                                        match n.as_u64().filter(|n| (400..600).contains(n)) {
                                            Some(n) => Some(n as u16),
                                            None => {
                                                ok = false;
                                                self.error(
                                                    file,
                                                    &v.span,
                                                    &at,
                                                    "an error's status is from 400 to 599",
                                                    "",
                                                );
                                                None
                                            }
                                        }
                                    }
                                    None => None,
                                }
                            }
                            "code" => {
                                out.code = self
                                    .string(file, v, &at)
                                    .filter(|c| *c != s.name)
                                    .map(str::to_string)
                            }
                            "senderFault" => {
                                sender_fault = self.boolean(file, v, &at).unwrap_or(false)
                            }
                            n => {
                                ok = false;
                                self.unknown(
                                    file,
                                    k,
                                    &s.path.key("error"),
                                    n,
                                    "an error",
                                    Severity::Error,
                                )
                            }
                        }
                    }
                }
                "eventstream" | "event" | "payload" | "union" | "document" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        format!("`{name}` on an exception is not supported"),
                        "an error's members travel in the JSON body or in headers",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, &s.path, n, "a shape", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(file, key, &s.path, n, "an exception shape", Severity::Error)
                }
            }
        }
        out.status = status.unwrap_or(if sender_fault { 400 } else { 500 });
        out.members = self.members(s, member(s.node, "members"), required, None, r);
        ok.then_some(out)
    }

    /// An operation: its name and its schema entry.
    fn operation(
        &mut self,
        part: &Part<'_>,
        key: Option<&Node>,
        r: &Resolver<'_, '_>,
    ) -> Option<(String, OperationOut)> {
        let Part { file, node, path } = part;
        let entries = self.object(file, node, path)?;
        let mut name = key.and_then(Node::as_str).map(str::to_string);
        let mut out = OperationOut {
            success: 200,
            ..OperationOut::default()
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
                                out.request_compression =
                                    self.enum_values(file, cv, &at.key("encodings"))
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

    /// `paginators-1.json`: each operation's `pagination`, when it fits the schema's.
    fn paginators(
        &mut self,
        pages: &Part<'_>,
        ops: &HashMap<String, (usize, Option<String>, Option<String>)>,
        r: &Resolver<'_, '_>,
        operations: &mut Ordered<OperationOut>,
    ) {
        let Part { file, node, path } = pages;
        let Some(entries) = self.object(file, node, path) else {
            return;
        };
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
                let Some((index, input, output)) = ops.get(op) else {
                    self.error(
                        file,
                        &op_key.span,
                        &at,
                        format!("unknown operation `{op}`"),
                        "a paginator names an operation of the model",
                    );
                    continue;
                };
                if let Some(pagination) = self.paginator(file, p, &at, input, output, r) {
                    operations.0[*index].1.pagination = Some(pagination);
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
        r: &Resolver<'_, '_>,
    ) -> Option<PaginationOut> {
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
        ok.then(|| PaginationOut {
            input_token: get("input_token").unwrap_or_default(),
            output_token: get("output_token").unwrap_or_default(),
            items: get("result_key").unwrap_or_default(),
            page_size: get("limit_key"),
        })
    }
}

/// Whether a plain scalar is a JSON literal rather than text (`true`, `null`, `12`).
/// The shapes that exist only for event streams, which the schema cannot express: the
/// streams (`eventstream`) and the structures that carry a stream (the inputs and outputs
/// of streaming operations). They are left out with their operations; the events
/// themselves are plain structures, kept for whatever else uses them.
fn event_stream_shapes<'a>(index: &[ShapeIn<'a>]) -> std::collections::HashSet<&'a str> {
    let flag = |node: &Node, k: &str| member(node, k).is_some_and(|v| v.as_str() == Some("true"));
    let streams: std::collections::HashSet<&str> = index
        .iter()
        .filter(|s| flag(s.node, "eventstream"))
        .map(|s| s.name)
        .collect();
    let carriers = index.iter().filter(|s| {
        let Some(Kind::Map(members)) = member(s.node, "members").map(|m| &m.kind) else {
            return false;
        };
        members.iter().any(|(_, m)| {
            member(m, "shape")
                .and_then(Node::as_str)
                .is_some_and(|target| streams.iter().any(|s| *s == target))
        })
    });
    let carriers: Vec<&str> = carriers.map(|s| s.name).collect();
    streams.into_iter().chain(carriers).collect()
}

fn is_json_literal(text: &str) -> bool {
    matches!(text, "true" | "false" | "null") || text.parse::<f64>().is_ok()
}

/// The schema's name of an AWS scalar, list or map type.
fn static_name(kind: &str) -> &'static str {
    match kind {
        "string" => "string",
        "integer" => "integer",
        "long" => "long",
        "boolean" => "boolean",
        "float" => "float",
        "double" => "double",
        "timestamp" => "timestamp",
        "blob" => "blob",
        "list" => "list",
        _ => "map",
    }
}

/// Shapes by name.
struct Resolver<'r, 'a> {
    shapes: &'r [ShapeIn<'a>],
    by_name: &'r HashMap<&'a str, usize>,
}

impl<'a> Resolver<'_, 'a> {
    fn get(&self, name: &str) -> Option<&ShapeIn<'a>> {
        self.by_name.get(name).map(|i| &self.shapes[*i])
    }
}
