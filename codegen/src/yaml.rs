//! The schema file as a located YAML tree: every node keeps its span, so that every
//! diagnostic (syntax, shape or meaning) can point at the line and column it is about.
//!
//! Why not `serde_yaml`: it (libyaml underneath) exposes only the location of the first
//! error it stops at, its `Value` keeps no spans and refuses duplicate keys, and it is
//! deprecated upstream. `saphyr-parser` is a small, safe, maintained YAML 1.2 event parser (two
//! light dependencies) whose every event carries a span, which is all a located tree needs.
//! The tree is then read into the `raw` serde types by the [`De`] deserializer below, one
//! schema entry at a time, so one run reports every entry's mistakes.

use crate::schema_path::{self, SchemaPath};
use saphyr_parser::{Event, Parser, ScalarStyle, Span as YamlSpan};
use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// Nesting deeper than this is refused: no schema needs it, and it bounds recursion.
const MAX_DEPTH: usize = 64;
/// Nodes a document may expand to, aliases included (a guard against alias bombs).
const MAX_NODES: usize = 1_000_000;

/// Where a node is: its byte range in the source, and its first line and column (from 1).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Span {
    pub bytes: Range<usize>,
    pub line: usize,
    pub column: usize,
}

/// A YAML node and where it is.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub span: Span,
    pub kind: Kind,
}

/// What a node holds. Mappings keep source order and duplicate keys.
#[derive(Debug, Clone, PartialEq)]
pub enum Kind {
    /// A scalar's text; `plain` when unquoted (only plain scalars are numbers, booleans or
    /// null).
    Scalar {
        text: String,
        plain: bool,
    },
    Seq(Vec<Node>),
    Map(Vec<(Node, Node)>),
}

impl Node {
    /// A scalar's text, if this is a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::Scalar { text, .. } => Some(text),
            _ => None,
        }
    }

    /// Whether this is the null scalar (`~`, `null` or nothing at all).
    pub fn is_null(&self) -> bool {
        matches!(&self.kind, Kind::Scalar { text, plain: true } if is_null(text))
    }

    fn count(&self) -> usize {
        1 + match &self.kind {
            Kind::Scalar { .. } => 0,
            Kind::Seq(items) => items.iter().map(Node::count).sum(),
            Kind::Map(entries) => entries.iter().map(|(k, v)| k.count() + v.count()).sum(),
        }
    }
}

/// A YAML syntax error, or a document too big or deep to accept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    /// Where in the schema, when the parser knows (`shapes.Thing.<<`); empty otherwise.
    pub path: String,
    /// A suggested fix, when the parser has one.
    pub help: Option<String>,
}

/// Converts the parser's character-based marks into byte offsets.
struct Lines<'a> {
    text: &'a str,
    /// Byte offset of the start of each line.
    starts: Vec<usize>,
}

impl<'a> Lines<'a> {
    fn new(text: &'a str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Lines { text, starts }
    }

    /// Byte offset of (line from 1, column in chars from 0), clamped to the text.
    fn offset(&self, line: usize, col: usize) -> usize {
        let Some(&start) = self.starts.get(line.saturating_sub(1)) else {
            return self.text.len();
        };
        let rest = &self.text[start..];
        rest.char_indices()
            .nth(col)
            .map_or(self.text.len(), |(i, _)| start + i)
    }

    fn span(&self, s: &YamlSpan) -> Span {
        let start = self.offset(s.start.line(), s.start.col());
        let end = self.offset(s.end.line(), s.end.col()).max(start);
        Span {
            bytes: start..end,
            line: s.start.line().max(1),
            column: s.start.col() + 1,
        }
    }
}

/// An open collection while its events are read.
enum Frame {
    Seq {
        span: Span,
        anchor: usize,
        items: Vec<Node>,
    },
    Map {
        span: Span,
        anchor: usize,
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
    },
}

/// Parses one YAML document into a located tree; `None` when the file holds no document.
pub fn parse(text: &str) -> Result<Option<Node>, SyntaxError> {
    let lines = Lines::new(text);
    let mut stack: Vec<Frame> = Vec::new();
    let mut anchors: HashMap<usize, Node> = HashMap::new();
    let mut root: Option<Node> = None;
    let mut nodes = 0usize;
    let mut documents = 0usize;
    for event in Parser::new_from_str(text) {
        let (event, yspan) = event.map_err(|e| {
            let m = e.marker();
            let start = lines.offset(m.line(), m.col());
            SyntaxError {
                span: Span {
                    bytes: start..start,
                    line: m.line().max(1),
                    column: m.col() + 1,
                },
                message: e.info().to_string(),
                path: String::new(),
                help: None,
            }
        })?;
        let span = lines.span(&yspan);
        let is_seq = matches!(event, Event::SequenceStart(..));
        let too = |message: &str| SyntaxError {
            span: lines.span(&yspan),
            message: message.to_string(),
            path: String::new(),
            help: None,
        };
        let (node, anchor) = match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    return Err(too("a schema file holds one YAML document; found a second"));
                }
                continue;
            }
            Event::Scalar(_, _, _, Some(tag))
            | Event::SequenceStart(_, Some(tag))
            | Event::MappingStart(_, Some(tag)) => {
                return Err(too(&format!(
                    "YAML tags (`{}{}`) are not supported: write the value without it",
                    tag.handle, tag.suffix
                )));
            }
            Event::Scalar(value, style, anchor, None) => {
                let plain = matches!(style, ScalarStyle::Plain);
                let node = Node {
                    span,
                    kind: Kind::Scalar {
                        text: value.into_owned(),
                        plain,
                    },
                };
                (node, anchor)
            }
            Event::Alias(id) => {
                let node = anchors
                    .get(&id)
                    .cloned()
                    .ok_or_else(|| too("an alias to an unknown anchor"))?;
                nodes += node.count();
                if nodes > MAX_NODES {
                    return Err(too("the document expands to too many nodes (aliases?)"));
                }
                (node, 0)
            }
            Event::SequenceStart(anchor, ..) | Event::MappingStart(anchor, ..) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(too(&format!("nested more than {MAX_DEPTH} levels deep")));
                }
                stack.push(if is_seq {
                    Frame::Seq {
                        span,
                        anchor,
                        items: Vec::new(),
                    }
                } else {
                    Frame::Map {
                        span,
                        anchor,
                        entries: Vec::new(),
                        key: None,
                    }
                });
                continue;
            }
            Event::SequenceEnd | Event::MappingEnd => match stack.pop() {
                Some(Frame::Seq {
                    span: open,
                    anchor,
                    items,
                }) => (
                    Node {
                        span: close(open, &span),
                        kind: Kind::Seq(items),
                    },
                    anchor,
                ),
                Some(Frame::Map {
                    span: open,
                    anchor,
                    entries,
                    ..
                }) => (
                    Node {
                        span: close(open, &span),
                        kind: Kind::Map(entries),
                    },
                    anchor,
                ),
                None => return Err(too("unbalanced collection end")),
            },
            _ => continue,
        };
        nodes += 1;
        if nodes > MAX_NODES {
            return Err(too("the document has too many nodes"));
        }
        if anchor != 0 {
            anchors.insert(anchor, node.clone());
        }
        match stack.last_mut() {
            None => root = Some(node),
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                // A merge key is refused where it stands, whatever its value: read as a
                // name it would become a member (or shape) called `<<`.
                None if matches!(&node.kind, Kind::Scalar { text, plain: true } if text == "<<") => {
                    return Err(SyntaxError {
                        span: node.span,
                        message: "YAML merge keys (`<<`) are not supported".to_string(),
                        path: format!("{}<<", path_of(&stack)),
                        help: Some(
                            "write the keys out; anchors and aliases (`&name`, `*name`) are supported"
                                .to_string(),
                        ),
                    });
                }
                None => *key = Some(node),
                Some(k) => entries.push((k, node)),
            },
        }
    }
    Ok(root)
}

/// The schema path of the node the parser is in (`shapes.Thing.`, with a trailing `.`
/// when not empty): each open mapping's current key, each open sequence's next index.
fn path_of(stack: &[Frame]) -> String {
    let mut path = String::new();
    for frame in stack {
        match frame {
            Frame::Map { key: Some(key), .. } => {
                path.push_str(key.as_str().unwrap_or("?"));
                path.push('.');
            }
            Frame::Seq { items, .. } => {
                if path.ends_with('.') {
                    path.pop();
                }
                path.push_str(&format!("[{}].", items.len()));
            }
            Frame::Map { key: None, .. } => {}
        }
    }
    path
}

/// A collection's span: from its start to its end event.
fn close(open: Span, end: &Span) -> Span {
    Span {
        bytes: open.bytes.start..end.bytes.start.max(open.bytes.end),
        ..open
    }
}

fn is_null(text: &str) -> bool {
    matches!(text, "" | "~" | "null" | "Null" | "NULL")
}

fn parse_bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// A plain scalar that looks like a decimal number (YAML 1.2 core schema, no `.inf`).
fn looks_numeric(text: &str) -> bool {
    let digits = text.trim_start_matches(['-', '+']);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && text.bytes().any(|b| b.is_ascii_digit())
        && text
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
}

// ---------------------------------------------------------------------------------------
// Reading the tree into serde types.

/// An error met while reading a node into a `raw` type: where, the path inside the node,
/// and what is wrong.
#[derive(Debug, Clone, PartialEq)]
pub struct DeError {
    /// Path below the node that was read, as `members.id.target` or `values[2]`.
    pub path: SchemaPath,
    pub span: Option<Span>,
    pub message: String,
    pub help: Option<String>,
}

impl DeError {
    /// Prefixes the mapping key `key` to the path.
    pub fn within_key(mut self, key: &str) -> Self {
        self.path = SchemaPath::root().key(key).join(&self.path);
        self
    }

    /// Prefixes the list index `index` to the path.
    pub fn within_index(mut self, index: usize) -> Self {
        self.path = SchemaPath::root().index(index).join(&self.path);
        self
    }

    fn at(mut self, span: &Span) -> Self {
        if self.span.is_none() {
            self.span = Some(span.clone());
        }
        self
    }
}

impl fmt::Display for DeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for DeError {}

impl de::Error for DeError {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        let message = msg.to_string();
        let (message, help) = if message.starts_with("data did not match any variant") {
            (
                "an enum value must be a string or a mapping with `value`".to_string(),
                Some("write `- VALUE` or `- {value: VALUE, name: Variant, docs: ...}`".into()),
            )
        } else {
            (message, None)
        };
        DeError {
            path: SchemaPath::root(),
            span: None,
            message,
            help,
        }
    }

    fn invalid_type(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let found = match unexp {
            de::Unexpected::Unit => "nothing".to_string(),
            de::Unexpected::Map => "a mapping".to_string(),
            de::Unexpected::Seq => "a list".to_string(),
            other => other.to_string(),
        };
        let expected = exp.to_string();
        let expected = match expected.as_str() {
            "u16" | "u32" | "u64" | "i32" | "i64" => "a whole number".to_string(),
            "f64" => "a number".to_string(),
            other => match other.strip_prefix("struct ") {
                Some(_) => "a mapping".to_string(),
                None => other.to_string(),
            },
        };
        let mut e: DeError = de::Error::custom(format_args!("expected {expected}, found {found}"));
        if expected == "a boolean" {
            e.help = Some("write `true` or `false`".to_string());
        }
        e
    }

    fn invalid_value(unexp: de::Unexpected<'_>, exp: &dyn de::Expected) -> Self {
        let range = match exp.to_string().as_str() {
            "u16" => Some("a whole number from 0 to 65535"),
            "u32" => Some("a whole number from 0 to 4294967295"),
            "u64" | "usize" => Some("a whole number of 0 or more"),
            "i32" => Some("a whole number from -2147483648 to 2147483647"),
            "i64" => Some("a whole number that fits 64 bits"),
            _ => None,
        };
        let number = match unexp {
            de::Unexpected::Unsigned(n) => Some(n.to_string()),
            de::Unexpected::Signed(n) => Some(n.to_string()),
            _ => None,
        };
        match (range, number) {
            (Some(range), Some(n)) => {
                de::Error::custom(format_args!("`{n}` is out of range: expected {range}"))
            }
            _ => de::Error::custom(format_args!("invalid value: {unexp}, expected {exp}")),
        }
    }

    fn unknown_field(field: &str, expected: &'static [&'static str]) -> Self {
        let help = match crate::diagnostics::closest(field, expected.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!(
                "the keys here are: {}",
                expected
                    .iter()
                    .map(|k| format!("`{k}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        };
        DeError {
            help: Some(help),
            ..de::Error::custom(format_args!("unknown key `{field}`"))
        }
    }

    fn missing_field(field: &'static str) -> Self {
        DeError {
            help: Some(format!(
                "add `{field}: ...`; see the schema reference in README.md"
            )),
            ..de::Error::custom(format_args!("missing key `{field}`"))
        }
    }

    fn duplicate_field(field: &'static str) -> Self {
        DeError {
            help: Some(format!("remove one of the `{field}` keys")),
            ..de::Error::custom(format_args!("duplicate key `{field}`"))
        }
    }
}

/// Reads a node into any `Deserialize` type, with the scalar rules of `serde_yaml`: any
/// scalar reads as a string; plain scalars also read as null, booleans and numbers.
#[derive(Clone, Copy)]
pub struct De<'a>(pub &'a Node);

impl<'a> De<'a> {
    fn scalar(&self) -> Option<(&'a str, bool)> {
        match &self.0.kind {
            Kind::Scalar { text, plain } => Some((text.as_str(), *plain)),
            _ => None,
        }
    }
}

impl<'de> IntoDeserializer<'de, DeError> for De<'_> {
    type Deserializer = Self;
    fn into_deserializer(self) -> Self {
        self
    }
}

impl<'de> de::Deserializer<'de> for De<'_> {
    type Error = DeError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        let node = self.0;
        let scalar = matches!(node.kind, Kind::Scalar { .. });
        let result = match &node.kind {
            Kind::Scalar { text, plain: true } => {
                if is_null(text) {
                    visitor.visit_unit()
                } else if let Some(b) = parse_bool(text) {
                    visitor.visit_bool(b)
                } else if let Ok(i) = text.parse::<i64>() {
                    visitor.visit_i64(i)
                } else if let Ok(u) = text.parse::<u64>() {
                    visitor.visit_u64(u)
                } else if let (true, Ok(f)) = (looks_numeric(text), text.parse::<f64>()) {
                    visitor.visit_f64(f)
                } else {
                    visitor.visit_str(text)
                }
            }
            Kind::Scalar { text, plain: false } => visitor.visit_str(text),
            Kind::Seq(items) => visitor.visit_seq(Seq {
                items: items.iter(),
                index: 0,
            }),
            Kind::Map(entries) => visitor.visit_map(Map {
                entries: entries.iter(),
                value: None,
            }),
        };
        // Collections are located by whoever holds them (the key that names them).
        result.map_err(|e| if scalar { e.at(&node.span) } else { e })
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        match self.scalar() {
            Some((text, _)) => visitor
                .visit_str(text)
                .map_err(|e: DeError| e.at(&self.0.span)),
            None => self.deserialize_any(visitor),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        self.deserialize_str(visitor)
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        if self.0.is_null() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, DeError> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf unit
        unit_struct newtype_struct seq tuple tuple_struct map struct enum
    }
}

struct Seq<'a> {
    items: std::slice::Iter<'a, Node>,
    index: usize,
}

impl<'de> SeqAccess<'de> for Seq<'_> {
    type Error = DeError;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, DeError> {
        let Some(item) = self.items.next() else {
            return Ok(None);
        };
        let index = self.index;
        self.index += 1;
        seed.deserialize(De(item))
            .map(Some)
            .map_err(|e| e.at(&item.span).within_index(index))
    }
}

struct Map<'a> {
    entries: std::slice::Iter<'a, (Node, Node)>,
    value: Option<&'a (Node, Node)>,
}

impl<'de> MapAccess<'de> for Map<'_> {
    type Error = DeError;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, DeError> {
        let Some(entry) = self.entries.next() else {
            return Ok(None);
        };
        self.value = Some(entry);
        let key = &entry.0;
        seed.deserialize(De(key))
            .map(Some)
            .map_err(|e| e.at(&key.span).within_key(key.as_str().unwrap_or("?")))
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, DeError> {
        let Some((key, value)) = self.value.take() else {
            return Err(de::Error::custom("a value without a key"));
        };
        // Point at the value when it is a scalar, else at its key (a mapping's own span
        // starts at its first key, which is less helpful than the key that names it).
        let span = match value.kind {
            Kind::Scalar { .. } => &value.span,
            _ => &key.span,
        };
        seed.deserialize(De(value))
            .map_err(|e| e.at(span).within_key(key.as_str().unwrap_or("?")))
    }
}

// ---------------------------------------------------------------------------------------
// Finding the node a schema path names.

/// The span a schema path (`shapes.Foo.members.bar.target`, `operations.X.errors[1]`; see
/// [`crate::schema_path`] for the syntax) points at: a scalar's value, or the key of a mapping entry whose value is a collection.
/// When the path goes further than the tree, the deepest node on the way is used.
pub fn locate(root: &Node, path: &str) -> Option<Span> {
    let mut node = root;
    let mut rest = path;
    let mut best: Option<&Span> = None;
    loop {
        if rest.is_empty() {
            return Some(match node.kind {
                Kind::Scalar { .. } => node.span.clone(),
                _ => best.unwrap_or(&node.span).clone(),
            });
        }
        let next = match &node.kind {
            Kind::Map(entries) => {
                // The longest key that the path continues with; the last of equal keys,
                // since duplicates are reported at their second occurrence.
                entries
                    .iter()
                    .filter_map(|(k, v)| {
                        let name = k.as_str()?;
                        let after = schema_path::strip_key(rest, name)?;
                        Some((name.len(), k, v, after))
                    })
                    .max_by_key(|(len, ..)| *len)
                    .map(|(_, k, v, after)| (&k.span, v, after))
            }
            Kind::Seq(items) => schema_path::strip_index(rest).and_then(|(index, after)| {
                let item = items.get(index)?;
                Some((&item.span, item, after))
            }),
            Kind::Scalar { .. } => None,
        };
        match next {
            Some((key_span, child, after)) => {
                best = Some(key_span);
                node = child;
                rest = after;
            }
            None => return best.cloned().or_else(|| Some(node.span.clone())),
        }
    }
}
