//! One IDL file's statements as written: its control and metadata statements, namespace,
//! `use` statements, shapes and `apply` statements. Shape ids stay as written (relative or
//! absolute); `build.rs` resolves them once every file is read.

use super::lexer::{Tok, Token};
use std::ops::Range;

/// A node value.
#[derive(Debug, Clone)]
pub(super) enum Value {
    Null(Range<usize>),
    Bool(bool, Range<usize>),
    Number(String, Range<usize>),
    /// A quoted string or a text block.
    Str(String, Range<usize>),
    /// An unquoted shape id (resolved when it names a shape, else kept as written).
    Id(String, Range<usize>),
    Array(Vec<Value>, Range<usize>),
    Object(Vec<(Name, Value)>, Range<usize>),
}

impl Value {
    pub(super) fn at(&self) -> Range<usize> {
        match self {
            Value::Null(at)
            | Value::Bool(_, at)
            | Value::Number(_, at)
            | Value::Str(_, at)
            | Value::Id(_, at)
            | Value::Array(_, at)
            | Value::Object(_, at) => at.clone(),
        }
    }
}

/// A name (an identifier, a key, a shape id as written) and where it is.
#[derive(Debug, Clone)]
pub(super) struct Name {
    pub(super) text: String,
    pub(super) at: Range<usize>,
}

/// `@id` or `@id(value)`; `value` is `None` for an annotation trait (`{}`).
#[derive(Debug, Clone)]
pub(super) struct TraitIn {
    pub(super) id: Name,
    pub(super) value: Option<Value>,
}

/// A member of a structure, union, list, map or enum.
#[derive(Debug, Clone)]
pub(super) struct MemberIn {
    pub(super) traits: Vec<TraitIn>,
    pub(super) name: Name,
    /// `None` for an elided target (`$name`).
    pub(super) target: Option<Name>,
    /// `= value`: a default, or an enum value.
    pub(super) value: Option<Value>,
}

/// An operation's `input` or `output`: a shape id, or an inline structure (`:=`).
#[derive(Debug, Clone)]
pub(super) enum Io {
    Target(Name),
    Inline(Box<ShapeIn>),
}

/// What follows a shape's name.
#[derive(Debug, Clone)]
pub(super) enum Body {
    /// Simple shapes.
    None,
    /// Structures, unions, lists, maps, enums.
    Members(Vec<MemberIn>),
    /// Services and resources: a node object.
    Entity(Vec<(Name, Value)>),
    Operation(Box<OperationBody>),
}

/// An operation's properties.
#[derive(Debug, Clone)]
pub(super) struct OperationBody {
    pub(super) input: Option<(Name, Io)>,
    pub(super) output: Option<(Name, Io)>,
    pub(super) errors: Option<(Name, Vec<Name>)>,
    /// Other properties, passed on for the importer to report.
    pub(super) other: Vec<(Name, Value)>,
}

/// A shape statement.
#[derive(Debug, Clone)]
pub(super) struct ShapeIn {
    pub(super) traits: Vec<TraitIn>,
    /// The shape type keyword (`structure`).
    pub(super) kind: Name,
    pub(super) name: Name,
    pub(super) for_resource: Option<Name>,
    pub(super) mixins: Vec<Name>,
    pub(super) body: Body,
}

/// An `apply` statement.
#[derive(Debug, Clone)]
pub(super) struct ApplyIn {
    pub(super) target: Name,
    pub(super) traits: Vec<TraitIn>,
}

/// A whole file.
#[derive(Debug, Clone, Default)]
pub(super) struct FileIn {
    pub(super) control: Vec<(Name, Value)>,
    pub(super) metadata: Vec<(Name, Value)>,
    pub(super) namespace: Option<Name>,
    pub(super) uses: Vec<Name>,
    pub(super) shapes: Vec<ShapeIn>,
    pub(super) applies: Vec<ApplyIn>,
}

/// Why a file does not parse, and where.
#[derive(Debug, Clone)]
pub(super) struct ParseError {
    pub(super) message: String,
    pub(super) at: usize,
}

/// The shape type keywords and what follows them.
const SIMPLE: [&str; 13] = [
    "blob",
    "boolean",
    "document",
    "string",
    "byte",
    "short",
    "integer",
    "long",
    "float",
    "double",
    "bigInteger",
    "bigDecimal",
    "timestamp",
];
const AGGREGATE: [&str; 4] = ["list", "map", "structure", "union"];

struct Parser<'t> {
    tokens: &'t [Token],
    pos: usize,
    /// Where the text ends, for errors at the end.
    end: usize,
}

/// Parses a file's tokens.
pub(super) fn parse(tokens: &[Token], end: usize) -> Result<FileIn, ParseError> {
    let mut p = Parser {
        tokens,
        pos: 0,
        end,
    };
    p.file()
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Tok> {
        self.tokens.get(self.pos).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&Tok> {
        self.tokens.get(self.pos + n).map(|t| &t.tok)
    }

    fn here(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |t| t.at.start)
    }

    fn fail<T>(&self, message: impl Into<String>) -> Result<T, ParseError> {
        Err(ParseError {
            message: message.into(),
            at: self.here(),
        })
    }

    fn is_punct(&self, c: char) -> bool {
        self.peek() == Some(&Tok::Punct(c))
    }

    fn is_word(&self, w: &str) -> bool {
        matches!(self.peek(), Some(Tok::Word(x)) if x == w)
    }

    fn expect(&mut self, c: char) -> Result<Range<usize>, ParseError> {
        if self.is_punct(c) {
            let at = self.tokens[self.pos].at.clone();
            self.pos += 1;
            return Ok(at);
        }
        let shown = if c == '≔' {
            ":=".to_string()
        } else {
            c.to_string()
        };
        self.fail(format!("expected `{shown}`, found {}", self.describe()))
    }

    fn describe(&self) -> String {
        match self.peek() {
            None => "the end of the file".to_string(),
            Some(Tok::Word(w)) => format!("`{w}`"),
            Some(Tok::Str(_)) => "a string".to_string(),
            Some(Tok::Number(n)) => format!("`{n}`"),
            Some(Tok::Doc(_)) => "a documentation comment".to_string(),
            Some(Tok::Punct('≔')) => "`:=`".to_string(),
            Some(Tok::Punct(c)) => format!("`{c}`"),
        }
    }

    /// A word (an identifier or a shape id).
    fn word(&mut self, what: &str) -> Result<Name, ParseError> {
        match self.tokens.get(self.pos) {
            Some(Token {
                tok: Tok::Word(w),
                at,
            }) => {
                let name = Name {
                    text: w.clone(),
                    at: at.clone(),
                };
                self.pos += 1;
                Ok(name)
            }
            _ => self.fail(format!("expected {what}, found {}", self.describe())),
        }
    }

    /// A key of a node object: an identifier or a quoted string.
    fn key(&mut self) -> Result<Name, ParseError> {
        match self.tokens.get(self.pos) {
            Some(Token {
                tok: Tok::Word(w) | Tok::Str(w),
                at,
            }) => {
                let name = Name {
                    text: w.clone(),
                    at: at.clone(),
                };
                self.pos += 1;
                Ok(name)
            }
            _ => self.fail(format!("expected a key, found {}", self.describe())),
        }
    }

    fn file(&mut self) -> Result<FileIn, ParseError> {
        let mut file = FileIn::default();
        // Control statements: `$version: "2.0"`.
        while self.is_punct('$') {
            self.pos += 1;
            let key = self.key()?;
            self.expect(':')?;
            let value = self.value()?;
            file.control.push((key, value));
        }
        while self.is_word("metadata") {
            self.pos += 1;
            let key = self.key()?;
            self.expect('=')?;
            let value = self.value()?;
            file.metadata.push((key, value));
        }
        if self.after_docs_is("namespace") {
            self.skip_docs();
            self.pos += 1;
            file.namespace = Some(self.word("a namespace")?);
        }
        while self.after_docs_is("use") {
            self.skip_docs();
            self.pos += 1;
            file.uses.push(self.word("an absolute shape id")?);
        }
        while self.peek().is_some() {
            let traits = self.traits()?;
            if self.is_word("apply") {
                self.pos += 1;
                let target = self.word("a shape id")?;
                let mut applied = Vec::new();
                if self.is_punct('{') {
                    self.pos += 1;
                    applied.extend(self.traits()?);
                    if !self.is_punct('}') {
                        return self.fail(format!(
                            "expected a trait (`@...`) or `}}` to close the `apply` block, found {}",
                            self.describe()
                        ));
                    }
                    self.pos += 1;
                } else {
                    // One trait: what follows belongs to the next statement.
                    self.expect('@')?;
                    applied.push(self.trait_body()?);
                }
                file.applies.push(ApplyIn {
                    target,
                    traits: applied,
                });
                continue;
            }
            if file.namespace.is_none() {
                return self.fail("a shape before the `namespace` statement");
            }
            let shape = self.shape(traits)?;
            file.shapes.push(shape);
        }
        Ok(file)
    }

    /// Whether the next token after any documentation comments is the word `w` (the
    /// comments then document nothing; otherwise they are the next shape's).
    fn after_docs_is(&self, w: &str) -> bool {
        let mut i = self.pos;
        while matches!(self.tokens.get(i).map(|t| &t.tok), Some(Tok::Doc(_))) {
            i += 1;
        }
        matches!(self.tokens.get(i).map(|t| &t.tok), Some(Tok::Word(x)) if x == w)
    }

    /// Documentation comments that precede nothing a trait can be on are dropped.
    fn skip_docs(&mut self) {
        while matches!(self.peek(), Some(Tok::Doc(_))) {
            self.pos += 1;
        }
    }

    /// Traits and documentation comments: the comments become a `documentation` trait.
    fn traits(&mut self) -> Result<Vec<TraitIn>, ParseError> {
        let mut out = Vec::new();
        let mut docs: Vec<String> = Vec::new();
        let mut docs_at: Option<Range<usize>> = None;
        loop {
            match self.tokens.get(self.pos) {
                Some(Token {
                    tok: Tok::Doc(line),
                    at,
                }) => {
                    docs.push(line.clone());
                    let start = docs_at.as_ref().map_or(at.start, |d| d.start);
                    docs_at = Some(start..at.end);
                    self.pos += 1;
                }
                Some(Token {
                    tok: Tok::Punct('@'),
                    ..
                }) => {
                    self.pos += 1;
                    out.push(self.trait_body()?);
                }
                _ => break,
            }
        }
        if let Some(at) = docs_at {
            out.insert(
                0,
                TraitIn {
                    id: Name {
                        text: "documentation".to_string(),
                        at: at.clone(),
                    },
                    value: Some(Value::Str(docs.join("\n"), at)),
                },
            );
        }
        Ok(out)
    }

    /// After `@`: the trait's id and value.
    fn trait_body(&mut self) -> Result<TraitIn, ParseError> {
        let id = self.word("a trait's shape id")?;
        if !self.is_punct('(') {
            return Ok(TraitIn { id, value: None });
        }
        let open = self.expect('(')?;
        if self.is_punct(')') {
            self.pos += 1;
            return Ok(TraitIn { id, value: None });
        }
        // `key: value` pairs without braces, or one value.
        let structured = matches!(self.peek(), Some(Tok::Word(_) | Tok::Str(_)))
            && self.peek_at(1) == Some(&Tok::Punct(':'));
        let value = if structured {
            let mut entries = Vec::new();
            while !self.is_punct(')') {
                if self.peek().is_none() {
                    return self.fail("expected `)` to close the trait");
                }
                let key = self.key()?;
                self.expect(':')?;
                entries.push((key, self.value()?));
            }
            Value::Object(entries, open.start..self.here())
        } else {
            self.value()?
        };
        self.expect(')')?;
        Ok(TraitIn {
            id,
            value: Some(value),
        })
    }

    /// A node value.
    fn value(&mut self) -> Result<Value, ParseError> {
        let Some(token) = self.tokens.get(self.pos).cloned() else {
            return self.fail("expected a value, found the end of the file");
        };
        let at = token.at.clone();
        match token.tok {
            Tok::Str(s) => {
                self.pos += 1;
                Ok(Value::Str(s, at))
            }
            Tok::Number(n) => {
                self.pos += 1;
                Ok(Value::Number(n, at))
            }
            Tok::Word(w) => {
                self.pos += 1;
                Ok(match w.as_str() {
                    "true" => Value::Bool(true, at),
                    "false" => Value::Bool(false, at),
                    "null" => Value::Null(at),
                    _ => Value::Id(w, at),
                })
            }
            Tok::Punct('[') => {
                self.pos += 1;
                let mut items = Vec::new();
                while !self.is_punct(']') {
                    if self.peek().is_none() {
                        return self.fail("expected `]` to close the list");
                    }
                    self.skip_docs();
                    items.push(self.value()?);
                    self.skip_docs();
                }
                let close = self.expect(']')?;
                Ok(Value::Array(items, at.start..close.end))
            }
            Tok::Punct('{') => {
                self.pos += 1;
                let entries = self.object_entries()?;
                let close = self.expect('}')?;
                Ok(Value::Object(entries, at.start..close.end))
            }
            _ => self.fail(format!("expected a value, found {}", self.describe())),
        }
    }

    /// `key: value` pairs up to a `}` (not consumed).
    fn object_entries(&mut self) -> Result<Vec<(Name, Value)>, ParseError> {
        let mut entries = Vec::new();
        loop {
            self.skip_docs();
            if self.is_punct('}') {
                return Ok(entries);
            }
            if self.peek().is_none() {
                return self.fail("expected `}` to close the object");
            }
            let key = self.key()?;
            self.expect(':')?;
            entries.push((key, self.value()?));
        }
    }

    /// `with [A, B]`.
    fn mixins(&mut self) -> Result<Vec<Name>, ParseError> {
        if !self.is_word("with") {
            return Ok(Vec::new());
        }
        self.pos += 1;
        self.expect('[')?;
        let mut out = Vec::new();
        while !self.is_punct(']') {
            out.push(self.word("a mixin's shape id")?);
        }
        self.expect(']')?;
        Ok(out)
    }

    /// A shape statement after its traits.
    fn shape(&mut self, traits: Vec<TraitIn>) -> Result<ShapeIn, ParseError> {
        let kind = self.word("a shape type (`structure`, `string`, ...), `apply`")?;
        let k = kind.text.as_str();
        let known = SIMPLE.contains(&k)
            || AGGREGATE.contains(&k)
            || matches!(k, "enum" | "intEnum" | "service" | "resource" | "operation");
        if !known {
            return Err(ParseError {
                message: format!("`{k}` is not a shape type"),
                at: kind.at.start,
            });
        }
        let name = self.word("the shape's name")?;
        let for_resource = if self.is_word("for") {
            self.pos += 1;
            Some(self.word("a resource's shape id")?)
        } else {
            None
        };
        let mixins = self.mixins()?;
        let kind_text = kind.text.clone();
        let body = match kind_text.as_str() {
            k if SIMPLE.contains(&k) => Body::None,
            "service" | "resource" => {
                self.expect('{')?;
                let entries = self.object_entries()?;
                self.expect('}')?;
                Body::Entity(entries)
            }
            "operation" => self.operation_body(&name)?,
            _ => Body::Members(self.members(matches!(kind_text.as_str(), "enum" | "intEnum"))?),
        };
        Ok(ShapeIn {
            traits,
            kind,
            name,
            for_resource,
            mixins,
            body,
        })
    }

    /// `{ members }`; an enum's members have no target.
    fn members(&mut self, enumeration: bool) -> Result<Vec<MemberIn>, ParseError> {
        self.expect('{')?;
        let mut out = Vec::new();
        loop {
            let traits = self.traits()?;
            if self.is_punct('}') {
                self.pos += 1;
                return Ok(out);
            }
            if self.peek().is_none() {
                return self.fail("expected `}` to close the members");
            }
            let (name, target) = if self.is_punct('$') {
                self.pos += 1;
                (self.word("a member name")?, None)
            } else if enumeration {
                (self.word("an enum member's name")?, None)
            } else {
                let name = self.word("a member name")?;
                self.expect(':')?;
                (name, Some(self.word("the member's target shape id")?))
            };
            let value = if self.is_punct('=') {
                self.pos += 1;
                Some(self.value()?)
            } else {
                None
            };
            out.push(MemberIn {
                traits,
                name,
                target,
                value,
            });
        }
    }

    /// `{ input: ..., output: ..., errors: [...] }`.
    fn operation_body(&mut self, op: &Name) -> Result<Body, ParseError> {
        self.expect('{')?;
        let (mut input, mut output, mut errors, mut other) = (None, None, None, Vec::new());
        loop {
            self.skip_docs();
            if self.is_punct('}') {
                self.pos += 1;
                break;
            }
            let key = self.key()?;
            match key.text.as_str() {
                "input" | "output" => {
                    let io = if self.is_punct('≔') {
                        self.pos += 1;
                        let traits = self.traits()?;
                        let for_resource = if self.is_word("for") {
                            self.pos += 1;
                            Some(self.word("a resource's shape id")?)
                        } else {
                            None
                        };
                        let mixins = self.mixins()?;
                        let members = self.members(false)?;
                        Io::Inline(Box::new(ShapeIn {
                            traits,
                            kind: Name {
                                text: "structure".to_string(),
                                at: key.at.clone(),
                            },
                            name: Name {
                                text: op.text.clone(),
                                at: key.at.clone(),
                            },
                            for_resource,
                            mixins,
                            body: Body::Members(members),
                        }))
                    } else {
                        self.expect(':')?;
                        Io::Target(self.word("a structure's shape id")?)
                    };
                    if key.text == "input" {
                        input = Some((key, io));
                    } else {
                        output = Some((key, io));
                    }
                }
                "errors" => {
                    self.expect(':')?;
                    self.expect('[')?;
                    let mut list = Vec::new();
                    while !self.is_punct(']') {
                        self.skip_docs();
                        if self.is_punct(']') {
                            break;
                        }
                        list.push(self.word("an error's shape id")?);
                    }
                    self.expect(']')?;
                    errors = Some((key, list));
                }
                _ => {
                    self.expect(':')?;
                    let value = self.value()?;
                    other.push((key, value));
                }
            }
        }
        Ok(Body::Operation(Box::new(OperationBody {
            input,
            output,
            errors,
            other,
        })))
    }
}
