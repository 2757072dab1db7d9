//! Request decoding for the generated dispatch: decoded path labels, query parameters,
//! headers and the JSON body, each turned into input fields or a 400 [`Rejection`].

use super::Rejection;
use crate::{decode_segment, AuthScheme, FromParam, RouteMatch};
use bytes::Bytes;
use std::borrow::Cow;

/// The operation a request matched, with its path labels decoded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Routed<Op> {
    /// The matched operation.
    pub operation: Op,
    labels: Vec<(&'static str, String)>,
}

impl<Op> Routed<Op> {
    /// Turns the generated matcher's answer into an operation with decoded labels: a
    /// rejection for an unknown path (404), another method (405), or a label that is not
    /// valid percent-encoded UTF-8 or is empty (400).
    pub fn from_match<const L: usize>(
        method: &str,
        path: &str,
        found: RouteMatch<'_, Op, L>,
    ) -> Result<Self, Rejection> {
        match found {
            RouteMatch::Found { operation, labels } => {
                let mut decoded = Vec::with_capacity(labels.names().len());
                for name in labels.names() {
                    let value = match labels.decode(name) {
                        Some(Ok(value)) if !value.is_empty() => value.into_owned(),
                        Some(Ok(_)) | None => {
                            return Err(Rejection::bad_request(format!(
                                "path label `{name}` is empty"
                            )))
                        }
                        Some(Err(e)) => {
                            return Err(Rejection::bad_request(format!("path label `{name}`: {e}")))
                        }
                    };
                    decoded.push((*name, value));
                }
                Ok(Routed {
                    operation,
                    labels: decoded,
                })
            }
            RouteMatch::NotFound => Err(Rejection::not_found(method, path)),
            RouteMatch::MethodNotAllowed { allowed } => {
                Err(Rejection::method_not_allowed(method, allowed))
            }
        }
    }
}

/// A routed request with its body read, from which the generated dispatch builds the input.
#[derive(Debug)]
pub struct Request<Op> {
    routed: Routed<Op>,
    query: Option<String>,
    headers: std::sync::Arc<http::HeaderMap>,
    body: Bytes,
}

impl<Op: Copy> Request<Op> {
    /// Assembles a request (the adapter calls this).
    pub fn new(
        routed: Routed<Op>,
        query: Option<String>,
        headers: std::sync::Arc<http::HeaderMap>,
        body: Bytes,
    ) -> Self {
        Request {
            routed,
            query,
            headers,
            body,
        }
    }

    /// The matched operation.
    pub fn operation(&self) -> Op {
        self.routed.operation
    }

    /// The decoded value of path label `name`, parsed.
    pub fn label<T: FromParam>(&mut self, name: &str) -> Result<T, Rejection> {
        let value = self
            .routed
            .labels
            .iter_mut()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| std::mem::take(v))
            .ok_or_else(|| Rejection::bad_request(format!("path label `{name}` is missing")))?;
        T::from_param_owned(value)
            .map_err(|e| Rejection::bad_request(format!("path label `{name}`: {e}")))
    }

    /// Query parameter `name` (its first value), parsed; `None` when absent.
    pub fn query<T: FromParam>(&self, name: &str) -> Result<Option<T>, Rejection> {
        let mut values = self.query_values(name)?;
        match values.is_empty() {
            true => Ok(None),
            false => parse_param(values.swap_remove(0), "query parameter", name).map(Some),
        }
    }

    /// Query parameter `name`, which the operation requires.
    pub fn required_query<T: FromParam>(&self, name: &str) -> Result<T, Rejection> {
        self.query(name)?
            .ok_or_else(|| Rejection::bad_request(format!("query parameter `{name}` is required")))
    }

    /// Every value of query parameter `name` (`?tag=a&tag=b`); `None` when absent.
    pub fn query_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Rejection> {
        let values = self.query_values(name)?;
        if values.is_empty() {
            return Ok(None);
        }
        values
            .into_iter()
            .map(|v| parse_param(v, "query parameter", name))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name`, parsed; `None` when absent.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, Rejection> {
        match self.header_str(name)? {
            None => Ok(None),
            Some(value) => parse_param(value.to_string(), "header", name).map(Some),
        }
    }

    /// Header `name`, which the operation requires.
    pub fn required_header<T: FromParam>(&self, name: &str) -> Result<T, Rejection> {
        self.header(name)?
            .ok_or_else(|| Rejection::bad_request(format!("header `{name}` is required")))
    }

    /// Header `name` as a comma-separated list (quoted values unquoted); `None` when
    /// absent.
    pub fn header_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Rejection> {
        let Some(value) = self.header_str(name)? else {
            return Ok(None);
        };
        let items = crate::split_header_list(value)
            .map_err(|e| Rejection::bad_request(format!("header `{name}`: {e}")))?;
        items
            .into_iter()
            .map(|v| parse_param(v, "header", name))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name` as a list of HTTP dates (whose commas are part of each value);
    /// `None` when absent.
    pub fn header_date_list(&self, name: &str) -> Result<Option<Vec<crate::Timestamp>>, Rejection> {
        let Some(value) = self.header_str(name)? else {
            return Ok(None);
        };
        let items = crate::split_http_date_list(value)
            .map_err(|e| Rejection::bad_request(format!("header `{name}`: {e}")))?;
        items
            .into_iter()
            .map(|v| parse_param(v, "header", name))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name` holding base64-encoded JSON text; `None` when absent.
    pub fn header_json_value(&self, name: &str) -> Result<Option<String>, Rejection> {
        match self.header_str(name)? {
            None => Ok(None),
            Some(value) => crate::decode_json_header(value.trim())
                .map(Some)
                .map_err(|e| Rejection::bad_request(format!("header `{name}`: {e}"))),
        }
    }

    /// Every header whose name starts with `prefix` (case-insensitively), keyed by the rest
    /// of its lowercase name. Always present, empty when no header has the prefix: an
    /// empty map travels as no header at all, so a server cannot tell it from an absent
    /// one, and reads both as the map of the headers it got (as the protocol test
    /// `RestJsonHttpPrefixHeadersAreNotPresent` expects; smithy-rs servers do the same).
    pub fn prefix_headers(
        &self,
        prefix: &str,
    ) -> Result<Option<std::collections::BTreeMap<String, String>>, Rejection> {
        crate::prefixed_headers(&self.headers, prefix)
            .map(|map| Some(map.unwrap_or_default()))
            .map_err(|name| Rejection::bad_request(format!("header `{name}` is not ASCII text")))
    }

    /// Every query parameter not named in `bound` (those belong to other members), as a
    /// map of its values; `None` when there is none.
    pub fn query_map<V: FromQueryValues>(
        &self,
        bound: &[&str],
    ) -> Result<Option<std::collections::BTreeMap<String, V>>, Rejection> {
        let mut all: std::collections::BTreeMap<String, Vec<String>> = Default::default();
        for pair in self
            .query
            .as_deref()
            .unwrap_or("")
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            let key = decode_query(key)?;
            if bound.contains(&key.as_ref()) {
                continue;
            }
            all.entry(key.into_owned())
                .or_default()
                .push(decode_query(value)?.into_owned());
        }
        if all.is_empty() {
            return Ok(None);
        }
        Ok(Some(
            all.into_iter()
                .map(|(k, v)| (k, V::from_values(v)))
                .collect(),
        ))
    }

    /// A JSON payload member (required structure, union, document); `None` for an empty
    /// body.
    pub fn payload_json<T: serde::de::DeserializeOwned>(&self) -> Result<Option<T>, Rejection> {
        if self.body.iter().all(u8::is_ascii_whitespace) {
            return Ok(None);
        }
        self.check_content_type()?;
        from_json(&self.body).map(Some)
    }

    /// An optional structure payload member: `None` for an empty body and for the empty
    /// object `{}`, which is what a client sends when the member is unset (protocol tests
    /// `RestJsonHttpWithEmptyStructurePayload`, `RestJsonHttpWithHeadersButNoPayload`). A
    /// set structure with no member set travels the same way, so the two cannot be told
    /// apart; the server reads both as unset.
    pub fn payload_structure<T: serde::de::DeserializeOwned>(
        &self,
    ) -> Result<Option<T>, Rejection> {
        let text = self.body.trim_ascii();
        if text.first() == Some(&b'{')
            && text.last() == Some(&b'}')
            && text[1..text.len() - 1].iter().all(u8::is_ascii_whitespace)
        {
            self.check_content_type()?;
            return Ok(None);
        }
        self.payload_json()
    }

    /// A blob payload member: the body's bytes; `None` for an empty body.
    pub fn payload_blob(&self) -> Option<crate::Blob> {
        (!self.body.is_empty()).then(|| crate::Blob::from(self.body.to_vec()))
    }

    /// A string or enum payload member: the body as UTF-8 text; `None` for an empty body.
    pub fn payload_text<T: for<'a> From<&'a str>>(&self) -> Result<Option<T>, Rejection> {
        if self.body.is_empty() {
            return Ok(None);
        }
        std::str::from_utf8(&self.body)
            .map(|text| Some(T::from(text)))
            .map_err(|_| Rejection::bad_request("the request body is not UTF-8 text"))
    }

    /// The body members of the input, from the JSON body. The body must be a JSON object
    /// sent as `application/json`; an empty body counts as `{}`. Missing required members
    /// and values of the wrong type are rejected here.
    pub fn json_body<T: serde::de::DeserializeOwned>(&self) -> Result<T, Rejection> {
        let body: &[u8] = &self.body;
        let first = body.iter().position(|b| !b.is_ascii_whitespace());
        let Some(first) = first else {
            return serde_json::from_slice(b"{}").map_err(|e| body_error(&e));
        };
        self.check_content_type()?;
        if body[first] != b'{' {
            return Err(Rejection::bad_request(
                "the request body must be a JSON object",
            ));
        }
        from_json(body)
    }

    fn check_content_type(&self) -> Result<(), Rejection> {
        let value = self.header_str("content-type")?.unwrap_or("");
        let media = value.split(';').next().unwrap_or("").trim();
        if media.eq_ignore_ascii_case("application/json") {
            Ok(())
        } else {
            Err(Rejection::bad_request(format!(
                "a request body must have Content-Type application/json, not `{}`",
                media.chars().take(64).collect::<String>()
            )))
        }
    }

    /// Whether the request carries a credential of one of `schemes` (see [`AuthScheme`]).
    /// Only its presence and form are checked: whether it is valid is the implementation's
    /// to decide (or a tower layer's), reading it from the request's context.
    pub fn authenticate(&self, schemes: &[AuthScheme]) -> Result<(), Rejection> {
        let authorization = self.header_str("authorization").ok().flatten();
        let with = |prefix: &str| {
            authorization
                .and_then(|a| {
                    a.get(..prefix.len())
                        .filter(|p| p.eq_ignore_ascii_case(prefix))
                        .map(|_| &a[prefix.len()..])
                })
                .is_some_and(|rest| !rest.trim().is_empty())
        };
        let carried = schemes.iter().any(|scheme| match scheme {
            AuthScheme::Bearer => with("Bearer "),
            AuthScheme::Basic => with("Basic "),
            AuthScheme::SigV4 => with("AWS4-HMAC-SHA256 "),
            AuthScheme::ApiKeyHeader(name) => self
                .header_str(name)
                .ok()
                .flatten()
                .is_some_and(|v| !v.is_empty()),
            AuthScheme::ApiKeyQuery(name) => self
                .query_values(name)
                .is_ok_and(|values| values.iter().any(|v| !v.is_empty())),
        });
        if carried || schemes.is_empty() {
            return Ok(());
        }
        let challenge = schemes
            .iter()
            .filter_map(|s| match s {
                AuthScheme::Bearer => Some("Bearer"),
                AuthScheme::Basic => Some("Basic"),
                _ => None,
            })
            .collect::<Vec<_>>()
            .join(", ");
        let wanted: Vec<String> = schemes.iter().map(AuthScheme::describe).collect();
        let mut rejection = Rejection::unauthorized(format!(
            "this operation needs credentials: {}",
            wanted.join(", or ")
        ));
        if !challenge.is_empty() {
            rejection
                .headers
                .push(("www-authenticate".to_string(), challenge));
        }
        Err(rejection)
    }

    fn header_str(&self, name: &str) -> Result<Option<&str>, Rejection> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .map(Some)
                .map_err(|_| Rejection::bad_request(format!("header `{name}` is not ASCII text"))),
        }
    }

    /// The decoded values of a query parameter, in order. The query is decoded as
    /// `application/x-www-form-urlencoded` (`+` is a space); bad percent-encoding is a 400.
    fn query_values(&self, name: &str) -> Result<Vec<String>, Rejection> {
        let mut out = Vec::new();
        let Some(query) = self.query.as_deref() else {
            return Ok(out);
        };
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            if decode_query(key)? == name {
                out.push(decode_query(value)?.into_owned());
            }
        }
        Ok(out)
    }
}

fn decode_query(text: &str) -> Result<Cow<'_, str>, Rejection> {
    let text: Cow<'_, str> = if text.contains('+') {
        Cow::Owned(text.replace('+', " "))
    } else {
        Cow::Borrowed(text)
    };
    match decode_segment(&text) {
        Ok(Cow::Borrowed(_)) => Ok(text),
        Ok(Cow::Owned(decoded)) => Ok(Cow::Owned(decoded)),
        Err(e) => Err(Rejection::bad_request(format!("query string: {e}"))),
    }
}

/// The values of a query map entry: a string (the first value) or a list of strings.
pub trait FromQueryValues {
    /// Builds the entry from the parameter's values, in order (at least one).
    fn from_values(values: Vec<String>) -> Self;
}

impl FromQueryValues for String {
    fn from_values(values: Vec<String>) -> Self {
        values.into_iter().next().unwrap_or_default()
    }
}

impl FromQueryValues for Vec<String> {
    fn from_values(values: Vec<String>) -> Self {
        values
    }
}

fn parse_param<T: FromParam>(value: String, what: &str, name: &str) -> Result<T, Rejection> {
    T::from_param_owned(value).map_err(|e| Rejection::bad_request(format!("{what} `{name}`: {e}")))
}

/// Reads a JSON body, naming the member a bad value is at (`items[2].createdDate`).
fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Rejection> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        let inner = e.into_inner();
        match path.as_str() {
            "." | "" => body_error(&inner),
            _ => Rejection::bad_request(format!("invalid request body at `{path}`: {inner}")),
        }
    })?;
    deserializer.end().map_err(|e| body_error(&e))?;
    Ok(value)
}

fn body_error(e: &serde_json::Error) -> Rejection {
    let kind = match e.classify() {
        serde_json::error::Category::Data => "invalid request body",
        _ => "the request body is not well-formed JSON",
    };
    Rejection::bad_request(format!("{kind}: {e}"))
}
