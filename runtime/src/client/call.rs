//! The request of one operation as generated code gathers it from an input: the route, the
//! labels, query parameters, headers and body, and what the operation asks of sending it.

use super::WireValue;
use crate::{encode_label, AuthScheme, Route, Segment};
use serde::Serialize;
use std::borrow::Cow;

/// One request of an operation, gathered from its input by generated code.
#[derive(Debug)]
pub struct Call<'a> {
    pub(super) operation: &'static str,
    pub(super) method: &'static str,
    pub(super) segments: &'static [Segment],
    pub(super) idempotent: bool,
    pub(super) labels: Vec<Cow<'a, str>>,
    /// `?` and the encoded parameters, constant ones first.
    pub(super) query: String,
    /// The names of the parameters set by members, which win over a query map's entries.
    query_names: Vec<String>,
    pub(super) headers: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// The headers of prefix maps, which yield to the same header a member sets.
    pub(super) prefixed: Vec<(String, Cow<'a, str>)>,
    pub(super) host_prefix: Option<String>,
    pub(super) body: Option<Result<Body, serde_json::Error>>,
    pub(super) gzip: bool,
    pub(super) content_md5: bool,
    /// The operation's schemes (any one suffices), when the schema declares any.
    pub(super) auth: Option<&'static [AuthScheme]>,
}

/// A request body and its content type.
#[derive(Debug)]
pub(super) struct Body {
    pub(super) bytes: Vec<u8>,
    pub(super) content_type: &'static str,
}

impl<'a> Call<'a> {
    /// A request of the route's operation; not idempotent until [`Call::idempotent`].
    pub fn new<Op>(route: &'static Route<Op>) -> Self {
        let query = match route.query {
            "" => String::new(),
            constant => format!("?{constant}"),
        };
        Call {
            operation: route.name,
            method: route.method,
            segments: route.segments,
            idempotent: false,
            labels: Vec::new(),
            query,
            query_names: Vec::new(),
            headers: Vec::new(),
            prefixed: Vec::new(),
            host_prefix: None,
            body: None,
            gzip: false,
            content_md5: false,
            auth: None,
        }
    }

    /// The operation's authentication schemes, any one sufficing (`&[]` for none): the
    /// request carries the credential of the first whose credential the configuration has.
    /// Without this call (a schema that declares no schemes), the configuration's bearer
    /// token or basic credentials go with every request, and SigV4 signs it.
    pub fn auth(mut self, schemes: &'static [AuthScheme]) -> Self {
        self.auth = Some(schemes);
        self
    }

    /// Marks the operation idempotent: it may be retried after any retryable failure.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The next path label, in template order.
    pub fn label(mut self, value: &'a (impl WireValue + ?Sized)) -> Self {
        self.labels.push(value.to_wire());
        self
    }

    /// The next path label, as already formatted text (a timestamp in its format).
    pub fn label_text(mut self, value: String) -> Self {
        self.labels.push(Cow::Owned(value));
        self
    }

    /// A query parameter, left out when `None`.
    pub fn query(mut self, name: &str, value: Option<&'a (impl WireValue + ?Sized)>) -> Self {
        if let Some(value) = value {
            self.push_query(name, &value.to_wire());
        }
        self
    }

    /// A query parameter as already formatted text, left out when `None`.
    pub fn query_text(mut self, name: &str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.push_query(name, &value);
        }
        self
    }

    /// A list query parameter: the name repeated for each value; left out when `None`.
    pub fn query_list<V: WireValue>(mut self, name: &str, values: Option<&'a [V]>) -> Self {
        for value in values.unwrap_or_default() {
            self.push_query(name, &value.to_wire());
        }
        self
    }

    /// A list query parameter from already formatted texts.
    pub fn query_texts(mut self, name: &str, values: Option<Vec<String>>) -> Self {
        for value in values.unwrap_or_default() {
            self.push_query(name, &value);
        }
        self
    }

    /// Query parameters from a map (of strings, or of string lists, which repeat the
    /// name). A parameter a member already set wins over an entry of the same name.
    pub fn query_map<V: QueryValues>(
        mut self,
        map: Option<&'a std::collections::BTreeMap<String, V>>,
    ) -> Self {
        for (name, values) in map.into_iter().flatten() {
            if self.query_names.iter().any(|n| n == name) {
                continue;
            }
            for value in values.values() {
                append_query(&mut self.query, name, value);
            }
        }
        self
    }

    fn push_query(&mut self, name: &str, value: &str) {
        self.query_names.push(name.to_string());
        append_query(&mut self.query, name, value);
    }

    /// A header, left out when `None`.
    pub fn header(
        mut self,
        name: &'static str,
        value: Option<&'a (impl WireValue + ?Sized)>,
    ) -> Self {
        if let Some(value) = value {
            self.headers.push((Cow::Borrowed(name), value.to_header()));
        }
        self
    }

    /// A header as already formatted text, left out when `None`.
    pub fn header_text(mut self, name: &'static str, value: Option<String>) -> Self {
        if let Some(value) = value {
            self.headers.push((Cow::Borrowed(name), Cow::Owned(value)));
        }
        self
    }

    /// A list header: the values joined with `, `, each quoted if it holds a comma or a
    /// quote; left out when `None` or empty (as the AWS SDKs send an empty list).
    pub fn header_list<V: WireValue>(
        mut self,
        name: &'static str,
        values: Option<&'a [V]>,
    ) -> Self {
        // An empty list is no header at all, as the AWS SDKs send it.
        if let Some(values) = values.filter(|v| !v.is_empty()) {
            let texts: Vec<_> = values.iter().map(|v| v.to_header()).collect();
            self.headers.push((
                Cow::Borrowed(name),
                Cow::Owned(crate::join_header_list(texts)),
            ));
        }
        self
    }

    /// A list header of already formatted texts that are joined as they are (HTTP dates,
    /// whose commas are part of the value); none for an empty list.
    pub fn header_texts(mut self, name: &'static str, values: Option<Vec<String>>) -> Self {
        if let Some(values) = values.filter(|v| !v.is_empty()) {
            self.headers
                .push((Cow::Borrowed(name), Cow::Owned(values.join(", "))));
        }
        self
    }

    /// One header per map entry, named `prefix` + key; left out when `None`, and an entry
    /// whose header a member also sets yields to the member (Smithy's empty prefix).
    pub fn prefix_headers(
        mut self,
        prefix: &'static str,
        map: Option<&'a std::collections::BTreeMap<String, String>>,
    ) -> Self {
        for (key, value) in map.into_iter().flatten() {
            self.prefixed
                .push((format!("{prefix}{key}"), Cow::Borrowed(value.as_str())));
        }
        self
    }

    /// The host prefix of the operation (`{label}`s already filled in).
    pub fn host_prefix(mut self, prefix: String) -> Self {
        self.host_prefix = Some(prefix);
        self
    }

    /// The JSON body: the input's body members (its other members are skipped by serde).
    pub fn json(mut self, input: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(input).map(|bytes| Body {
            bytes,
            content_type: "application/json",
        }));
        self
    }

    /// A payload member sent as the whole JSON body (a structure, union or document);
    /// no body when `None`.
    pub fn payload_json(mut self, value: Option<&impl Serialize>) -> Self {
        if let Some(value) = value {
            self = self.json(value);
        }
        self
    }

    /// A structure payload member sent as the whole JSON body; `{}` when `None` (a
    /// structure payload is always sent, as the AWS SDKs do; unions and documents are not).
    pub fn payload_structure(mut self, value: Option<&impl Serialize>) -> Self {
        match value {
            Some(value) => self.json(value),
            None => {
                self.body = Some(Ok(Body {
                    bytes: b"{}".to_vec(),
                    content_type: "application/json",
                }));
                self
            }
        }
    }

    /// A payload member sent as raw bytes (a blob, `application/octet-stream`) or text (a
    /// string or enum, `text/plain`); no body when `None`.
    pub fn payload_bytes(mut self, value: Option<&[u8]>, content_type: &'static str) -> Self {
        if let Some(value) = value {
            self.body = Some(Ok(Body {
                bytes: value.to_vec(),
                content_type,
            }));
        }
        self
    }

    /// Compresses the body with gzip and appends `gzip` to `Content-Encoding` (with the
    /// `compression` feature; without it the body is sent as it is).
    pub fn gzip(mut self) -> Self {
        self.gzip = true;
        self
    }

    /// Sends `Content-MD5`: the base64 MD5 digest of the body.
    pub fn content_md5(mut self) -> Self {
        self.content_md5 = true;
        self
    }
}

/// Appends `name=value` to a query string (`?` first, then `&`), percent-encoded.
pub(super) fn append_query(query: &mut String, name: &str, value: &str) {
    query.push(if query.is_empty() { '?' } else { '&' });
    push_pair(query, name, value);
}

/// Appends `name=value`, percent-encoded, to `out`.
pub(super) fn push_pair(out: &mut String, name: &str, value: &str) {
    encode_label(name, out);
    out.push('=');
    encode_label(value, out);
}

/// The values of a query map entry: a string, or a list of strings.
pub trait QueryValues {
    /// Each value, in order.
    fn values(&self) -> impl Iterator<Item = &str>;
}

impl QueryValues for String {
    fn values(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.as_str())
    }
}

impl QueryValues for Vec<String> {
    fn values(&self) -> impl Iterator<Item = &str> {
        self.iter().map(String::as_str)
    }
}
