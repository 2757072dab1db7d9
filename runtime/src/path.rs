//! Paths on the wire: route templates, percent-encoding and -decoding labels, building a
//! request path from a template, and what a generated matcher gives for a request.
//!
//! Labels are encoded as WIRE.md §2.2 says: UTF-8, then every byte outside `A-Z a-z 0-9 - . _ ~`
//! percent-encoded, `/` and `%` included. A server splits on `/` first and decodes each
//! segment afterwards, so a label containing `/` never changes which route matches.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC};
use std::borrow::Cow;
use std::fmt;

/// Bytes that stay as they are in a label (and in SigV4's canonical forms): the RFC 3986
/// unreserved set.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// One segment of a route's path template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Segment {
    /// Text that must match exactly.
    Literal(&'static str),
    /// `{name}`: one non-empty segment, filled from the input member with this wire name.
    Label(&'static str),
    /// `{name+}`, always last: the rest of the path (one or more segments), filled from the
    /// input member with this wire name; its `/` are kept, everything else is encoded.
    Greedy(&'static str),
}

/// What went wrong with a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// A label was empty; the request would reach a different route, so it is not sent.
    EmptyLabel(&'static str),
    /// A segment is not valid percent-encoding (a `%` not followed by two hex digits).
    InvalidEncoding,
    /// A segment decodes to bytes that are not UTF-8.
    NotUtf8,
    /// The route needs more labels than were given (a generator bug).
    MissingLabel(&'static str),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::EmptyLabel(name) => write!(f, "path label `{name}` is empty"),
            PathError::InvalidEncoding => f.write_str("invalid percent-encoding in the path"),
            PathError::NotUtf8 => f.write_str("the path does not decode to UTF-8"),
            PathError::MissingLabel(name) => write!(f, "no value for path label `{name}`"),
        }
    }
}

impl std::error::Error for PathError {}

/// Appends `value` to `out`, percent-encoded as a path label.
pub fn encode_label(value: &str, out: &mut String) {
    out.extend(percent_encoding::utf8_percent_encode(value, UNRESERVED));
}

/// Builds the path of a request: literals as they are, labels from `labels` in template
/// order, encoded. An empty label is refused.
pub fn build_path(template: &[Segment], labels: &[&str]) -> Result<String, PathError> {
    let mut out = String::with_capacity(64);
    let mut values = labels.iter();
    for segment in template {
        out.push('/');
        match segment {
            Segment::Literal(text) => out.push_str(text),
            Segment::Label(name) => {
                let value = values.next().ok_or(PathError::MissingLabel(name))?;
                if value.is_empty() {
                    return Err(PathError::EmptyLabel(name));
                }
                encode_label(value, &mut out);
            }
            Segment::Greedy(name) => {
                let value = values.next().ok_or(PathError::MissingLabel(name))?;
                if value.is_empty() {
                    return Err(PathError::EmptyLabel(name));
                }
                for (i, part) in value.split('/').enumerate() {
                    if i > 0 {
                        out.push('/');
                    }
                    encode_label(part, &mut out);
                }
            }
        }
    }
    if template.is_empty() {
        out.push('/');
    }
    Ok(out)
}

/// Percent-decodes one path segment. Borrowed when there is nothing to decode.
pub fn decode_segment(segment: &str) -> Result<Cow<'_, str>, PathError> {
    let bytes = segment.as_bytes();
    let mut i = 0;
    while let Some(pos) = bytes[i..].iter().position(|b| *b == b'%') {
        let at = i + pos;
        let hex = bytes
            .get(at + 1..at + 3)
            .ok_or(PathError::InvalidEncoding)?;
        if !hex.iter().all(u8::is_ascii_hexdigit) {
            return Err(PathError::InvalidEncoding);
        }
        i = at + 3;
    }
    match percent_encoding::percent_decode_str(segment).decode_utf8() {
        Ok(text) => Ok(text),
        Err(_) => Err(PathError::NotUtf8),
    }
}

/// The outcome of matching a request against a route table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RouteMatch<'a, Op, const L: usize> {
    /// A route matched; its labels are still encoded, see [`Labels::decode`].
    Found {
        operation: Op,
        labels: Labels<'a, L>,
    },
    /// No route has this path.
    NotFound,
    /// Routes have this path, but not with this method; these methods are allowed.
    MethodNotAllowed { allowed: &'static [&'static str] },
}

/// The raw (still encoded) label values of a matched route, in template order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Labels<'a, const L: usize> {
    names: &'static [&'static str],
    values: [&'a str; L],
}

impl<'a, const L: usize> Labels<'a, L> {
    /// Labels `names` with `values` (generated matchers call this).
    pub fn new(names: &'static [&'static str], values: [&'a str; L]) -> Self {
        Labels { names, values }
    }

    /// The label names, in template order.
    pub fn names(&self) -> &'static [&'static str] {
        self.names
    }

    /// The raw value of a label.
    pub fn raw(&self, name: &str) -> Option<&'a str> {
        let i = self.names.iter().position(|n| *n == name)?;
        self.values.get(i).copied()
    }

    /// The decoded value of a label; `None` when the route has no such label.
    pub fn decode(&self, name: &str) -> Option<Result<Cow<'a, str>, PathError>> {
        self.raw(name).map(decode_segment)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn enc(value: &str) -> String {
        let mut s = String::new();
        encode_label(value, &mut s);
        s
    }

    #[test]
    fn wire_md_encoding_table() {
        for (value, wire) in [
            ("a/b", "a%2Fb"),
            ("a b", "a%20b"),
            ("a?b", "a%3Fb"),
            ("a#b", "a%23b"),
            ("a+b", "a%2Bb"),
            ("a%2Fb", "a%252Fb"),
            ("~-._", "~-._"),
            ("ü€", "%C3%BC%E2%82%AC"),
        ] {
            assert_eq!(enc(value), wire, "{value}");
            assert_eq!(decode_segment(wire).unwrap(), value);
        }
    }

    #[test]
    fn bad_encodings_are_errors() {
        assert_eq!(decode_segment("a%zz"), Err(PathError::InvalidEncoding));
        assert_eq!(decode_segment("a%2"), Err(PathError::InvalidEncoding));
        assert_eq!(decode_segment("%FF"), Err(PathError::NotUtf8));
        assert_eq!(decode_segment("%00").unwrap(), "\0");
    }

    #[test]
    fn builds_and_refuses_empty_labels() {
        let t = [
            Segment::Literal("v2"),
            Segment::Label("id"),
            Segment::Literal("x"),
        ];
        assert_eq!(build_path(&t, &["a/b"]).unwrap(), "/v2/a%2Fb/x");
        assert_eq!(build_path(&t, &[""]), Err(PathError::EmptyLabel("id")));
        assert_eq!(build_path(&[], &[]).unwrap(), "/");
    }
}
