//! The parsed files as one located tree in the JSON AST's form, which the importer reads as
//! it reads `smithy ast` output: shape ids resolved (`use`, the namespace's shapes, then the
//! prelude), doc comments as `documentation`, defaults and enum values as traits, inline
//! inputs and outputs as structures of their own, elided members given their targets.
//!
//! Every node's span is an offset into the files laid end to end ([`Files`]); a diagnostic
//! is put back in its own file by [`Files::place`].

use super::parser::{ApplyIn, Body, FileIn, Io, MemberIn, Name, ShapeIn, TraitIn, Value};
use crate::yaml::{Kind, Node, Span};
use std::collections::{HashMap, HashSet};
use std::ops::Range;

/// The files of a model laid end to end: each one's name, where it starts and its line
/// starts.
pub(super) struct Files {
    pub(super) entries: Vec<FileEntry>,
}

pub(super) struct FileEntry {
    pub(super) name: String,
    pub(super) base: usize,
    pub(super) len: usize,
    line_starts: Vec<usize>,
    text: String,
}

impl Files {
    pub(super) fn new() -> Files {
        Files {
            entries: Vec::new(),
        }
    }

    /// Adds a file; its index.
    pub(super) fn add(&mut self, name: &str, text: &str) -> usize {
        let base = self.entries.last().map_or(0, |e| e.base + e.len + 1);
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        self.entries.push(FileEntry {
            name: name.to_string(),
            base,
            len: text.len(),
            line_starts,
            text: text.to_string(),
        });
        self.entries.len() - 1
    }

    /// The span of bytes `at` of file `file`.
    pub(super) fn span(&self, file: usize, at: Range<usize>) -> Span {
        let e = &self.entries[file];
        let line = e.line_starts.partition_point(|s| *s <= at.start).max(1);
        let line_start = e.line_starts[line - 1];
        let column = e.text[line_start..at.start.min(e.text.len())]
            .chars()
            .count()
            + 1;
        Span {
            bytes: e.base + at.start..e.base + at.end,
            line,
            column,
        }
    }

    /// The file a span of the joined files is in, and the span's bytes in that file.
    pub(super) fn place(&self, bytes: &Range<usize>) -> Option<(&str, Range<usize>)> {
        let e = self.entries.iter().rev().find(|e| e.base <= bytes.start)?;
        Some((&e.name, bytes.start - e.base..bytes.end - e.base))
    }
}

/// What resolving a file's shape ids needs.
struct Scope<'f> {
    file: usize,
    namespace: &'f str,
    uses: HashMap<&'f str, &'f str>,
}

/// A problem found while building, in bytes of one file.
pub(super) struct BuildError {
    pub(super) file: usize,
    pub(super) at: Range<usize>,
    pub(super) message: String,
    pub(super) help: &'static str,
}

/// The builder: every file, their defined shape ids, the problems found.
struct Builder<'f> {
    files: &'f Files,
    parsed: &'f [FileIn],
    defined: HashSet<String>,
    /// The shapes by absolute id, for elided members.
    by_id: HashMap<String, (usize, &'f ShapeIn)>,
    errors: Vec<BuildError>,
    input_suffix: String,
    output_suffix: String,
}

/// The JSON AST of the parsed files (one per entry of `files`, in order).
pub(super) fn build(files: &Files, parsed: &[FileIn]) -> Result<Node, Vec<BuildError>> {
    let mut b = Builder {
        files,
        parsed,
        defined: HashSet::new(),
        by_id: HashMap::new(),
        errors: Vec::new(),
        input_suffix: "Input".to_string(),
        output_suffix: "Output".to_string(),
    };
    for f in parsed {
        for (key, value) in &f.control {
            if let Value::Str(s, _) = value {
                match key.text.as_str() {
                    "operationInputSuffix" => b.input_suffix = s.clone(),
                    "operationOutputSuffix" => b.output_suffix = s.clone(),
                    _ => {}
                }
            }
        }
    }
    for (i, f) in parsed.iter().enumerate() {
        let Some(ns) = &f.namespace else { continue };
        for s in &f.shapes {
            let id = format!("{}#{}", ns.text, s.name.text);
            b.defined.insert(id.clone());
            b.by_id.insert(id, (i, s));
            if let Body::Operation(op) = &s.body {
                for (io, suffix) in [(&op.input, &b.input_suffix), (&op.output, &b.output_suffix)] {
                    if let Some((_, Io::Inline(_))) = io {
                        b.defined
                            .insert(format!("{}#{}{suffix}", ns.text, s.name.text));
                    }
                }
            }
        }
    }
    let root_at = files.span(0, 0..0);
    let mut shapes = Vec::new();
    let mut metadata = Vec::new();
    let mut version = None;
    for (i, f) in parsed.iter().enumerate() {
        let scope = Scope {
            file: i,
            namespace: f.namespace.as_ref().map_or("", |n| n.text.as_str()),
            uses: f
                .uses
                .iter()
                .map(|u| (u.text.rsplit('#').next().unwrap_or(""), u.text.as_str()))
                .collect(),
        };
        for (key, value) in &f.control {
            if key.text == "version" {
                version.get_or_insert_with(|| b.value(&scope, value));
            }
        }
        for (key, value) in &f.metadata {
            metadata.push((b.string(i, &key.text, &key.at), b.value(&scope, value)));
        }
        for s in &f.shapes {
            b.shape(&scope, s, None, &mut shapes);
        }
        for a in &f.applies {
            shapes.push(b.apply(&scope, a));
        }
    }
    if !b.errors.is_empty() {
        return Err(b.errors);
    }
    let version = version.unwrap_or_else(|| Node {
        span: root_at.clone(),
        kind: Kind::Scalar {
            text: "2.0".to_string(),
            plain: false,
        },
    });
    let text = |t: &str| Node {
        span: root_at.clone(),
        kind: Kind::Scalar {
            text: t.to_string(),
            plain: false,
        },
    };
    Ok(Node {
        span: root_at.clone(),
        kind: Kind::Map(vec![
            (text("smithy"), version),
            (
                text("metadata"),
                Node {
                    span: root_at.clone(),
                    kind: Kind::Map(metadata),
                },
            ),
            (
                text("shapes"),
                Node {
                    span: root_at,
                    kind: Kind::Map(shapes),
                },
            ),
        ]),
    })
}

impl<'f> Builder<'f> {
    fn span(&self, file: usize, at: &Range<usize>) -> Span {
        self.files.span(file, at.clone())
    }

    /// A string node.
    fn string(&self, file: usize, text: &str, at: &Range<usize>) -> Node {
        Node {
            span: self.span(file, at),
            kind: Kind::Scalar {
                text: text.to_string(),
                plain: false,
            },
        }
    }

    fn map(&self, file: usize, at: &Range<usize>, entries: Vec<(Node, Node)>) -> Node {
        Node {
            span: self.span(file, at),
            kind: Kind::Map(entries),
        }
    }

    /// `{"target": id}`.
    fn target(&self, scope: &Scope<'_>, id: &Name) -> Node {
        let resolved = self.resolve(scope, &id.text);
        self.map(
            scope.file,
            &id.at,
            vec![(
                self.string(scope.file, "target", &id.at),
                self.string(scope.file, &resolved, &id.at),
            )],
        )
    }

    /// A shape id as written, made absolute: a `use`d name, a shape of the file's
    /// namespace, else the prelude's (`smithy.api#String`).
    fn resolve(&self, scope: &Scope<'_>, text: &str) -> String {
        if text.contains('#') {
            return text.to_string();
        }
        let (name, member) = match text.split_once('$') {
            Some((n, m)) => (n, Some(m)),
            None => (text, None),
        };
        let absolute = if let Some(used) = scope.uses.get(name) {
            used.to_string()
        } else if self
            .defined
            .contains(&format!("{}#{name}", scope.namespace))
        {
            format!("{}#{name}", scope.namespace)
        } else {
            format!("smithy.api#{name}")
        };
        match member {
            Some(m) => format!("{absolute}${m}"),
            None => absolute,
        }
    }

    /// A node value; an unquoted shape id is made absolute when it names a shape the file
    /// can see, else kept as written.
    fn value(&self, scope: &Scope<'_>, value: &Value) -> Node {
        let file = scope.file;
        let scalar = |text: &str, plain: bool, at: &Range<usize>| Node {
            span: self.span(file, at),
            kind: Kind::Scalar {
                text: text.to_string(),
                plain,
            },
        };
        match value {
            Value::Null(at) => scalar("null", true, at),
            Value::Bool(v, at) => scalar(if *v { "true" } else { "false" }, true, at),
            Value::Number(n, at) => scalar(n, true, at),
            Value::Str(s, at) => scalar(s, false, at),
            Value::Id(id, at) => {
                let name = id.split('$').next().unwrap_or(id);
                let known = id.contains('#')
                    || scope.uses.contains_key(name)
                    || self
                        .defined
                        .contains(&format!("{}#{name}", scope.namespace));
                let text = if known {
                    self.resolve(scope, id)
                } else {
                    id.clone()
                };
                scalar(&text, false, at)
            }
            Value::Array(items, at) => Node {
                span: self.span(file, at),
                kind: Kind::Seq(items.iter().map(|v| self.value(scope, v)).collect()),
            },
            Value::Object(entries, at) => self.map(
                file,
                at,
                entries
                    .iter()
                    .map(|(k, v)| (self.string(file, &k.text, &k.at), self.value(scope, v)))
                    .collect(),
            ),
        }
    }

    /// `"traits": {...}` of a shape or member, with `extra` traits (already resolved) after.
    fn traits(
        &self,
        scope: &Scope<'_>,
        traits: &[TraitIn],
        extra: Vec<(Node, Node)>,
    ) -> Option<(Node, Node)> {
        if traits.is_empty() && extra.is_empty() {
            return None;
        }
        let file = scope.file;
        let at = traits
            .first()
            .map(|t| t.id.at.clone())
            .or_else(|| {
                extra.first().map(|(k, _)| {
                    let b = self.files.entries[file].base;
                    k.span.bytes.start - b..k.span.bytes.end - b
                })
            })
            .unwrap_or(0..0);
        let mut entries: Vec<(Node, Node)> = traits
            .iter()
            .map(|t| {
                let id = self.resolve(scope, &t.id.text);
                let value = match &t.value {
                    Some(v) => self.value(scope, v),
                    None => self.map(file, &t.id.at, Vec::new()),
                };
                (self.string(file, &id, &t.id.at), value)
            })
            .collect();
        entries.extend(extra);
        Some((
            self.string(file, "traits", &at),
            self.map(file, &at, entries),
        ))
    }

    /// A shape statement as an entry of `shapes` (and an inline input or output as one of
    /// its own); `name` overrides the shape's id (an inline structure's).
    fn shape(
        &mut self,
        scope: &Scope<'_>,
        s: &ShapeIn,
        name: Option<(String, &str)>,
        out: &mut Vec<(Node, Node)>,
    ) {
        let file = scope.file;
        let (id, io_trait) = match &name {
            Some((id, io)) => (id.clone(), Some(*io)),
            None => (format!("{}#{}", scope.namespace, s.name.text), None),
        };
        let mut entries = vec![(
            self.string(file, "type", &s.kind.at),
            self.string(file, &s.kind.text, &s.kind.at),
        )];
        if !s.mixins.is_empty() {
            let at = s.mixins[0].at.clone();
            let list = s.mixins.iter().map(|m| self.target(scope, m)).collect();
            entries.push((
                self.string(file, "mixins", &at),
                Node {
                    span: self.span(file, &at),
                    kind: Kind::Seq(list),
                },
            ));
        }
        match &s.body {
            Body::None => {}
            Body::Members(members) => {
                let kind = s.kind.text.as_str();
                match kind {
                    "list" | "map" => {
                        for m in members {
                            let node = self.member(scope, s, &id, m, false);
                            entries.push((self.string(file, &m.name.text, &m.name.at), node));
                        }
                    }
                    _ => {
                        let enumeration = matches!(kind, "enum" | "intEnum");
                        let list = members
                            .iter()
                            .map(|m| {
                                (
                                    self.string(file, &m.name.text, &m.name.at),
                                    self.member(scope, s, &id, m, enumeration),
                                )
                            })
                            .collect();
                        let at = s.name.at.clone();
                        entries
                            .push((self.string(file, "members", &at), self.map(file, &at, list)));
                    }
                }
            }
            Body::Entity(fields) => {
                for (key, value) in fields {
                    let node = self.entity_field(scope, &key.text, value);
                    entries.push((self.string(file, &key.text, &key.at), node));
                }
            }
            Body::Operation(op) => {
                for (io, suffix, trait_name) in [
                    (&op.input, self.input_suffix.clone(), "input"),
                    (&op.output, self.output_suffix.clone(), "output"),
                ] {
                    let Some((key, io)) = io else { continue };
                    let node = match io {
                        Io::Target(target) => self.target(scope, target),
                        Io::Inline(inline) => {
                            let inline_id = format!("{}#{}{suffix}", scope.namespace, s.name.text);
                            self.shape(scope, inline, Some((inline_id.clone(), trait_name)), out);
                            self.map(
                                file,
                                &key.at,
                                vec![(
                                    self.string(file, "target", &key.at),
                                    self.string(file, &inline_id, &key.at),
                                )],
                            )
                        }
                    };
                    entries.push((self.string(file, &key.text, &key.at), node));
                }
                if let Some((key, list)) = &op.errors {
                    let items = list.iter().map(|e| self.target(scope, e)).collect();
                    entries.push((
                        self.string(file, &key.text, &key.at),
                        Node {
                            span: self.span(file, &key.at),
                            kind: Kind::Seq(items),
                        },
                    ));
                }
                for (key, value) in &op.other {
                    entries.push((
                        self.string(file, &key.text, &key.at),
                        self.value(scope, value),
                    ));
                }
            }
        }
        let mut extra = Vec::new();
        if let Some(io) = io_trait {
            let at = s.name.at.clone();
            extra.push((
                self.string(file, &format!("smithy.api#{io}"), &at),
                self.map(file, &at, Vec::new()),
            ));
        }
        if let Some(traits) = self.traits(scope, &s.traits, extra) {
            entries.push(traits);
        }
        let key_at = s.name.at.clone();
        out.push((
            self.string(file, &id, &key_at),
            self.map(file, &key_at, entries),
        ));
    }

    /// A member: `{"target": ..., "traits": ...}`; an enum's value and a default become
    /// traits, an elided target is found in the shape's resource or mixins.
    fn member(
        &mut self,
        scope: &Scope<'_>,
        s: &ShapeIn,
        shape_id: &str,
        m: &MemberIn,
        enumeration: bool,
    ) -> Node {
        let file = scope.file;
        let target = match &m.target {
            Some(t) => self.resolve(scope, &t.text),
            None if enumeration => "smithy.api#Unit".to_string(),
            None => match self.elided(scope, s, &m.name.text) {
                Some(t) => t,
                None => {
                    self.errors.push(BuildError {
                        file,
                        at: m.name.at.clone(),
                        message: format!(
                            "`${}` of `{shape_id}` names no member of its resource or mixins",
                            m.name.text
                        ),
                        help: "write the member's target (`name: Target`), or add the resource (`for Resource`) or mixin that has it",
                    });
                    "smithy.api#Unit".to_string()
                }
            },
        };
        let at = m
            .target
            .as_ref()
            .map_or(m.name.at.clone(), |t| t.at.clone());
        let mut entries = vec![(
            self.string(file, "target", &at),
            self.string(file, &target, &at),
        )];
        let mut extra = Vec::new();
        if let Some(value) = &m.value {
            let id = if enumeration {
                "smithy.api#enumValue"
            } else {
                "smithy.api#default"
            };
            extra.push((self.string(file, id, &value.at()), self.value(scope, value)));
        }
        if let Some(traits) = self.traits(scope, &m.traits, extra) {
            entries.push(traits);
        }
        self.map(file, &m.name.at, entries)
    }

    /// The target of an elided member `$name`: the `for` resource's identifier or property
    /// of that name, else the member of that name of a mixin (through its mixins).
    fn elided(&self, scope: &Scope<'_>, s: &ShapeIn, name: &str) -> Option<String> {
        if let Some(resource) = &s.for_resource {
            let id = self.resolve(scope, &resource.text);
            if let Some((rfile, r)) = self.by_id.get(&id) {
                if let Body::Entity(fields) = &r.body {
                    for (key, value) in fields {
                        if !matches!(key.text.as_str(), "identifiers" | "properties") {
                            continue;
                        }
                        if let Value::Object(entries, _) = value {
                            if let Some((_, Value::Id(t, _))) =
                                entries.iter().find(|(k, _)| k.text == name)
                            {
                                return Some(self.resolve(&self.scope(*rfile), t));
                            }
                        }
                    }
                }
            }
        }
        let mut seen = HashSet::new();
        let mut stack: Vec<(usize, &ShapeIn)> = vec![(scope.file, s)];
        while let Some((file, shape)) = stack.pop() {
            let scope = self.scope(file);
            for mixin in &shape.mixins {
                let id = self.resolve(&scope, &mixin.text);
                if !seen.insert(id.clone()) {
                    continue;
                }
                let Some((mfile, m)) = self.by_id.get(&id) else {
                    continue;
                };
                if let Body::Members(members) = &m.body {
                    let found = members.iter().find(|x| x.name.text == name);
                    if let Some(t) = found.and_then(|f| f.target.as_ref()) {
                        return Some(self.resolve(&self.scope(*mfile), &t.text));
                    }
                }
                stack.push((*mfile, *m));
            }
        }
        None
    }

    /// The resolving scope of file `file`.
    fn scope(&self, file: usize) -> Scope<'f> {
        let f = &self.parsed[file];
        Scope {
            file,
            namespace: f.namespace.as_ref().map_or("", |n| n.text.as_str()),
            uses: f
                .uses
                .iter()
                .map(|u| (u.text.rsplit('#').next().unwrap_or(""), u.text.as_str()))
                .collect(),
        }
    }

    /// A property of a service or resource: shape ids as `{"target": id}`, lists of them,
    /// and maps of them (a resource's identifiers and properties).
    fn entity_field(&self, scope: &Scope<'_>, key: &str, value: &Value) -> Node {
        let file = scope.file;
        let as_target = |v: &Value| match v {
            Value::Id(id, at) => Some(self.target(
                scope,
                &Name {
                    text: id.clone(),
                    at: at.clone(),
                },
            )),
            _ => None,
        };
        match (key, value) {
            (
                "operations" | "collectionOperations" | "resources" | "errors",
                Value::Array(items, at),
            ) => Node {
                span: self.span(file, at),
                kind: Kind::Seq(
                    items
                        .iter()
                        .map(|v| as_target(v).unwrap_or_else(|| self.value(scope, v)))
                        .collect(),
                ),
            },
            ("identifiers" | "properties", Value::Object(entries, at)) => self.map(
                file,
                at,
                entries
                    .iter()
                    .map(|(k, v)| {
                        (
                            self.string(file, &k.text, &k.at),
                            as_target(v).unwrap_or_else(|| self.value(scope, v)),
                        )
                    })
                    .collect(),
            ),
            ("create" | "put" | "read" | "update" | "delete" | "list", v) => {
                as_target(v).unwrap_or_else(|| self.value(scope, v))
            }
            // `rename` keys are absolute ids already; `version` is text.
            _ => self.value(scope, value),
        }
    }

    /// An `apply` statement as an entry of `shapes` of type `apply`.
    fn apply(&self, scope: &Scope<'_>, a: &ApplyIn) -> (Node, Node) {
        let file = scope.file;
        let id = self.resolve(scope, &a.target.text);
        let mut entries = vec![(
            self.string(file, "type", &a.target.at),
            self.string(file, "apply", &a.target.at),
        )];
        if let Some(traits) = self.traits(scope, &a.traits, Vec::new()) {
            entries.push(traits);
        }
        (
            self.string(file, &id, &a.target.at),
            self.map(file, &a.target.at, entries),
        )
    }
}
