//! Request decoding for the generated dispatch: decoded path labels, query parameters,
//! headers and the JSON body, each turned into input fields or a 400 [`Rejection`].

use super::{Invalid, Rejection};
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
                            return Err(Rejection::serialization(format!(
                                "path label `{name}` is empty"
                            )))
                        }
                        Some(Err(e)) => {
                            return Err(Rejection::serialization(format!(
                                "path label `{name}`: {e}"
                            )))
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
        self.label_with(name, T::from_param_owned)
    }

    /// The decoded value of path label `name`, read by `parse` (a timestamp in its format:
    /// [`date_time`], [`http_date`], [`epoch_seconds`]).
    pub fn label_with<T>(&mut self, name: &str, parse: Parse<T>) -> Result<T, Rejection> {
        let value = self
            .routed
            .labels
            .iter_mut()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| std::mem::take(v))
            .ok_or_else(|| Rejection::serialization(format!("path label `{name}` is missing")))?;
        parse(value).map_err(|e| Rejection::serialization(format!("path label `{name}`: {e}")))
    }

    /// Query parameter `name` (its first value), parsed; `None` when absent.
    pub fn query<T: FromParam>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.query_with(name, T::from_param_owned)
    }

    /// Query parameter `name` (its first value), read by `parse`; `None` when absent.
    pub fn query_with<T>(&self, name: &str, parse: Parse<T>) -> Result<Option<T>, Rejection> {
        let mut values = self.query_values(name)?;
        match values.is_empty() {
            true => Ok(None),
            false => parse_param(values.swap_remove(0), parse, "query parameter", name).map(Some),
        }
    }

    /// Query parameter `name`, which the operation requires.
    pub fn required_query<T: FromParam>(&self, name: &str) -> Result<T, Rejection> {
        self.query(name)?
            .ok_or_else(|| Rejection::missing("query parameter", name, name))
    }

    /// Every value of query parameter `name` (`?tag=a&tag=b`); `None` when absent.
    pub fn query_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Rejection> {
        self.query_list_with(name, T::from_param_owned)
    }

    /// Every value of query parameter `name`, each read by `parse`; `None` when absent.
    pub fn query_list_with<T>(
        &self,
        name: &str,
        parse: Parse<T>,
    ) -> Result<Option<Vec<T>>, Rejection> {
        let values = self.query_values(name)?;
        if values.is_empty() {
            return Ok(None);
        }
        values
            .into_iter()
            .map(|v| parse_param(v, parse, "query parameter", name))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name`, parsed; `None` when absent.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, Rejection> {
        self.header_with(name, T::from_param_owned)
    }

    /// Header `name`, read by `parse`; `None` when absent.
    pub fn header_with<T>(&self, name: &str, parse: Parse<T>) -> Result<Option<T>, Rejection> {
        match self.header_str(name)? {
            None => Ok(None),
            Some(value) => parse_param(value.to_string(), parse, "header", name).map(Some),
        }
    }

    /// Header `name`, which the operation requires.
    pub fn required_header<T: FromParam>(&self, name: &str) -> Result<T, Rejection> {
        self.header(name)?
            .ok_or_else(|| Rejection::missing("header", name, name))
    }

    /// Header `name` as a comma-separated list (quoted values unquoted); `None` when
    /// absent.
    pub fn header_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, Rejection> {
        self.header_list_with(name, T::from_param_owned)
    }

    /// Header `name` as a comma-separated list, each value read by `parse`; `None` when
    /// absent.
    pub fn header_list_with<T>(
        &self,
        name: &str,
        parse: Parse<T>,
    ) -> Result<Option<Vec<T>>, Rejection> {
        let Some(value) = self.header_str(name)? else {
            return Ok(None);
        };
        let items = crate::split_header_list(value)
            .map_err(|e| Rejection::serialization(format!("header `{name}`: {e}")))?;
        items
            .into_iter()
            .map(|v| parse_param(v, parse, "header", name))
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
            .map_err(|e| Rejection::serialization(format!("header `{name}`: {e}")))?;
        items
            .into_iter()
            .map(|v| parse_param(v, http_date, "header", name))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name` holding base64-encoded JSON text; `None` when absent.
    pub fn header_json_value(&self, name: &str) -> Result<Option<String>, Rejection> {
        match self.header_str(name)? {
            None => Ok(None),
            Some(value) => crate::decode_json_header(value.trim())
                .map(Some)
                .map_err(|e| Rejection::serialization(format!("header `{name}`: {e}"))),
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
            .map_err(|name| Rejection::serialization(format!("header `{name}` is not ASCII text")))
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
            .map_err(|_| Rejection::serialization("the request body is not UTF-8 text"))
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
            return Err(Rejection::serialization(
                "the request body must be a JSON object",
            ));
        }
        from_json(body)
    }

    fn check_content_type(&self) -> Result<(), Rejection> {
        self.check_media("application/json")
    }

    /// A non-empty body must be of `media` (parameters such as `charset` allowed): 415
    /// `UnsupportedMediaTypeException` otherwise, a missing `Content-Type` included.
    fn check_media(&self, media: &str) -> Result<(), Rejection> {
        let value = self.header_str("content-type").ok().flatten().unwrap_or("");
        let found = value.split(';').next().unwrap_or("").trim();
        let media = media.split(';').next().unwrap_or("").trim();
        if found.eq_ignore_ascii_case(media) {
            return Ok(());
        }
        Err(Rejection::unsupported_media_type(format!(
            "a request body must have Content-Type {media}, not `{}`",
            found.chars().take(64).collect::<String>()
        )))
    }

    /// Checks the request's media types against the operation's, before its input is
    /// decoded (restJson1, as smithy-rs servers do):
    /// - `body`: the `Content-Type` of the operation's body: `application/json`,
    ///   `text/plain` for a text payload, a payload's own media type, `*/*` for a blob
    ///   payload of any type, or `None`
    ///   when the operation takes no body, where a body sent with a `Content-Type` is a 415
    ///   `UnsupportedMediaTypeException` (a JSON body's type is checked as it is read);
    /// - `answer`: the media type of the success response's body, which the request's
    ///   `Accept` (if any) must allow (`*/*`, `type/*` or the type itself): 406
    ///   `NotAcceptableException` otherwise. `None` for an operation that answers no body.
    pub fn negotiate(&self, body: Option<&str>, answer: Option<&str>) -> Result<(), Rejection> {
        let has_body = !self.body.is_empty();
        match body {
            None if has_body && self.headers.contains_key(http::header::CONTENT_TYPE) => {
                return Err(Rejection::unsupported_media_type(
                    "this operation takes no request body, so no Content-Type",
                ))
            }
            // A JSON body's type is checked as it is read (an empty one is `{}`).
            Some("application/json" | "*/*") | None => {}
            Some(media) if has_body => self.check_media(media)?,
            Some(_) => {}
        }
        let Some(answer) = answer else {
            return Ok(());
        };
        let mut accepts = self.headers.get_all(http::header::ACCEPT).iter().peekable();
        if accepts.peek().is_none() {
            return Ok(());
        }
        let answer = answer.split(';').next().unwrap_or("").trim();
        let (kind, _) = answer.split_once('/').unwrap_or((answer, ""));
        let allowed = accepts
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(|range| range.split(';').next().unwrap_or("").trim())
            .any(|range| {
                range == "*/*"
                    || range.eq_ignore_ascii_case(answer)
                    || range
                        .strip_suffix("/*")
                        .is_some_and(|k| k.eq_ignore_ascii_case(kind))
            });
        if allowed {
            return Ok(());
        }
        Err(Rejection::not_acceptable(format!(
            "this operation answers with {answer}, which the request's Accept does not allow"
        )))
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
            Some(value) => value.to_str().map(Some).map_err(|_| {
                Rejection::serialization(format!("header `{name}` is not ASCII text"))
            }),
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
        Err(e) => Err(Rejection::serialization(format!("query string: {e}"))),
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

fn parse_param<T>(value: String, parse: Parse<T>, what: &str, name: &str) -> Result<T, Rejection> {
    parse(value).map_err(|e| Rejection::serialization(format!("{what} `{name}`: {e}")))
}

/// How a value outside the body is read from its text: [`FromParam::from_param_owned`], or
/// one of the strict timestamp readers.
pub type Parse<T> = fn(String) -> Result<T, String>;

/// A timestamp outside the body whose format is `date-time` (the default in the path and
/// query): RFC 3339 in UTC (`Z`) only, as restJson1 servers read it.
pub fn date_time(value: String) -> Result<crate::Timestamp, String> {
    let utc = value.ends_with(['Z', 'z']);
    utc.then(|| crate::Timestamp::parse(&value, crate::TimestampFormat::DateTime))
        .flatten()
        .ok_or_else(|| timestamp_error("an RFC 3339 date-time in UTC", &value))
}

/// A timestamp outside the body whose format is `http-date` (the default in headers): an
/// IMF-fixdate only.
pub fn http_date(value: String) -> Result<crate::Timestamp, String> {
    crate::Timestamp::parse(&value, crate::TimestampFormat::HttpDate)
        .ok_or_else(|| timestamp_error("an HTTP date", &value))
}

/// A timestamp outside the body whose format is `epoch-seconds`: a decimal number only.
pub fn epoch_seconds(value: String) -> Result<crate::Timestamp, String> {
    crate::Timestamp::parse(&value, crate::TimestampFormat::EpochSeconds)
        .ok_or_else(|| timestamp_error("epoch seconds", &value))
}

fn timestamp_error(expected: &str, value: &str) -> String {
    format!(
        "expected a timestamp as {expected}, got `{}`",
        value.chars().take(64).collect::<String>()
    )
}

/// Reads a JSON body, naming the member a bad value is at (`items[2].createdDate`). A
/// missing required member also carries its violation (`Member must not be null` at its
/// JSON pointer), for a schema's validation error.
fn from_json<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Rejection> {
    let mut deserializer = serde_json::Deserializer::from_slice(body);
    // As a server reads: see `glue::object::strictly`.
    let read =
        crate::glue::object::strictly(|| serde_path_to_error::deserialize(&mut deserializer));
    let value = read.map_err(|e| {
        let path = e.path().to_string();
        let segments: Vec<String> = e
            .path()
            .iter()
            .filter_map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => Some(index.to_string()),
                serde_path_to_error::Segment::Map { key } => Some(key.clone()),
                serde_path_to_error::Segment::Enum { variant } => Some(variant.clone()),
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect();
        let inner = e.into_inner();
        let mut rejection = match path.as_str() {
            "." | "" => body_error(&inner),
            _ => Rejection::serialization(format!("invalid request body at `{path}`: {inner}")),
        };
        let text = inner.to_string();
        if let Some(field) = text
            .strip_prefix("missing field `")
            .and_then(|rest| rest.split_once('`'))
            .map(|(field, _)| field)
        {
            let invalid = segments
                .iter()
                .rev()
                .fold(Invalid::new("Member must not be null").at(field), |i, s| {
                    i.at(s)
                });
            rejection.invalid = Some(Box::new(invalid));
        }
        rejection
    })?;
    deserializer.end().map_err(|e| body_error(&e))?;
    Ok(value)
}

fn body_error(e: &serde_json::Error) -> Rejection {
    let kind = match e.classify() {
        serde_json::error::Category::Data => "invalid request body",
        _ => "the request body is not well-formed JSON",
    };
    Rejection::serialization(format!("{kind}: {e}"))
}
