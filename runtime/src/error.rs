//! Errors on the wire, by the rest-json rules (WIRE.md §4): identifying an error response,
//! decoding it into a modelled error or keeping it as unmodelled, and encoding one.

use crate::{FromParam, Protocol, Timestamp, TimestampFormat};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt;

/// The response header that names the error (`x-amzn-ErrorType`).
pub const ERROR_TYPE_HEADER: &str = "x-amzn-errortype";
/// The response header that carries the request id (`x-amzn-RequestId`).
pub const REQUEST_ID_HEADER: &str = "x-amzn-requestid";

/// A uniform view of any error a service returns, modelled or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorView<'a> {
    /// HTTP status.
    pub status: u16,
    /// Wire code (`NotFoundException`), when the response named one.
    pub code: Option<&'a str>,
    /// Human-readable message.
    pub message: Option<&'a str>,
    /// The request id of the response (`x-amzn-RequestId`, or `x-request-id` in http-json).
    pub request_id: Option<&'a str>,
    /// Whether sending the request again may succeed.
    pub retryable: bool,
}

/// What every error returned by a service offers. Generated error structs and the
/// per-operation error enums implement it; so does [`UnmodelledError`].
pub trait ServiceError: std::error::Error + Send + Sync + 'static {
    /// Everything known about the error.
    fn view(&self) -> ErrorView<'_>;
}

/// A modelled error shape; implemented by each generated error struct.
pub trait ErrorShape: Serialize + DeserializeOwned + fmt::Debug + Send + Sync + 'static {
    /// The code the service sends in `x-amzn-ErrorType`.
    const CODE: &'static str;
    /// Other codes that mean the same error.
    const ALIASES: &'static [&'static str];
    /// The HTTP status of the error.
    const STATUS: u16;
    /// Whether the schema marks the error as retryable.
    const RETRYABLE: bool;
    /// The `title` of the error's problem details (http-json with problem details; the
    /// schema's `title`, or the error's name in words).
    const TITLE: &'static str = Self::CODE;
    /// The `message` member, if the error has one and it is set.
    fn message(&self) -> Option<&str>;
    /// The request id the error arrived with, if it was decoded from a response.
    fn request_id(&self) -> Option<&str>;
    /// Records the request id the error arrived with.
    fn set_request_id(&mut self, request_id: Option<String>);

    /// Fills the members bound to response headers (`location: header`), after the body
    /// members were read. Generated for errors that have such members; a header that is
    /// absent or does not parse leaves its member as the body left it.
    fn read_headers(&mut self, _headers: &ErrorHeaders<'_>) {}

    /// Writes the members bound to headers (`location: header`) when a server sends the
    /// error. Generated for errors that have such members.
    fn write_headers(&self, _headers: &mut crate::OutHeaders) {}

    /// Whether a cleaned wire code names this error.
    fn matches(code: &str) -> bool {
        code == Self::CODE || Self::ALIASES.contains(&code)
    }
}

impl<E: ErrorShape + std::error::Error> ServiceError for E {
    fn view(&self) -> ErrorView<'_> {
        ErrorView {
            status: Self::STATUS,
            code: Some(Self::CODE),
            message: self.message(),
            request_id: self.request_id(),
            retryable: Self::RETRYABLE || is_retryable_status(Self::STATUS),
        }
    }
}

/// Whether a status is worth retrying: 429 (throttled) and 5xx.
pub fn is_retryable_status(status: u16) -> bool {
    status == 429 || (500..=599).contains(&status)
}

pub(crate) fn fmt_view(view: &ErrorView<'_>, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match view.code {
        Some(code) => write!(f, "{code} (HTTP {})", view.status)?,
        None => write!(f, "HTTP {} error", view.status)?,
    }
    if let Some(message) = view.message {
        write!(f, ": {message}")?;
    }
    if let Some(id) = view.request_id {
        write!(f, " (request id {id})")?;
    }
    Ok(())
}

/// An error response the operation's schema does not model, kept whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnmodelledError {
    /// HTTP status.
    pub status: u16,
    /// The cleaned wire code, when the response named one.
    pub code: Option<String>,
    /// `message` or `Message` of the JSON body.
    pub message: Option<String>,
    /// The request id (`x-amzn-RequestId`, or `x-request-id` in http-json).
    pub request_id: Option<String>,
    /// The raw body.
    pub body: Vec<u8>,
}

impl UnmodelledError {
    /// What a generated server answers for an operation its implementation does not
    /// provide: 501 `NotImplemented`, with a message naming the operation. Implementing a
    /// service one operation at a time is then possible: the others answer this.
    pub fn not_implemented(operation: &str) -> Self {
        UnmodelledError {
            status: 501,
            code: Some("NotImplemented".to_string()),
            message: Some(format!(
                "operation {operation} is not implemented by this server"
            )),
            request_id: None,
            body: Vec::new(),
        }
    }
}

impl fmt::Display for UnmodelledError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt_view(&self.view(), f)
    }
}

impl std::error::Error for UnmodelledError {}

impl ServiceError for UnmodelledError {
    fn view(&self) -> ErrorView<'_> {
        ErrorView {
            status: self.status,
            code: self.code.as_deref(),
            message: self.message.as_deref(),
            request_id: self.request_id.as_deref(),
            retryable: is_retryable_status(self.status),
        }
    }
}

/// A per-operation error enum (generated): decoded from a response by the client, encoded
/// into one by the server.
pub trait OperationError: ServiceError + Sized {
    /// The modelled variant the response names, or the unmodelled variant.
    fn from_response(response: &ErrorResponse<'_>) -> Self;
    /// The status, header code and JSON body a server sends for this error.
    fn encode(&self) -> EncodedError;
}

/// An error response as received, with the rest-json identification already done.
#[derive(Debug, Clone)]
pub struct ErrorResponse<'a> {
    status: u16,
    code: Option<String>,
    message: Option<String>,
    request_id: Option<String>,
    headers: &'a http::HeaderMap,
    body: &'a [u8],
    json: Option<serde_json::Value>,
}

/// The headers of an error response, as [`ErrorShape::read_headers`] reads them: each
/// value trimmed and parsed by its member's type; `None` when absent or unreadable.
#[derive(Debug, Clone, Copy)]
pub struct ErrorHeaders<'a>(&'a http::HeaderMap);

impl<'a> ErrorHeaders<'a> {
    fn text(&self, name: &str) -> Option<&'a str> {
        self.0
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
    }

    /// A scalar header (string, number, boolean, or a timestamp as an HTTP date).
    pub fn get<T: FromParam>(&self, name: &str) -> Option<T> {
        self.text(name).and_then(|t| T::from_param(t).ok())
    }

    /// An enum header: any text, as enums keep values they do not know.
    pub fn get_enum<T: for<'t> From<&'t str>>(&self, name: &str) -> Option<T> {
        self.text(name).map(T::from)
    }

    /// A timestamp header in `format`.
    pub fn get_timestamp(&self, name: &str, format: TimestampFormat) -> Option<Timestamp> {
        self.text(name).and_then(|t| Timestamp::parse(t, format))
    }

    /// A header holding base64-encoded JSON text (`json_value`), as that text.
    pub fn get_json_value(&self, name: &str) -> Option<String> {
        crate::decode_json_header(self.text(name)?).ok()
    }

    /// A comma-separated list header (quoted values unquoted).
    pub fn get_list<T: FromParam>(&self, name: &str) -> Option<Vec<T>> {
        let items = crate::split_header_list(self.text(name)?).ok()?;
        items.iter().map(|i| T::from_param(i).ok()).collect()
    }

    /// A comma-separated list header of enum values.
    pub fn get_enum_list<T: for<'t> From<&'t str>>(&self, name: &str) -> Option<Vec<T>> {
        let items = crate::split_header_list(self.text(name)?).ok()?;
        Some(items.iter().map(|i| T::from(i)).collect())
    }

    /// A list header of timestamps in `format` (HTTP dates keep their commas).
    pub fn get_timestamp_list(
        &self,
        name: &str,
        format: TimestampFormat,
    ) -> Option<Vec<Timestamp>> {
        let items = crate::split_timestamp_list(self.text(name)?, format).ok()?;
        items.iter().map(|i| Timestamp::parse(i, format)).collect()
    }
}

impl<'a> ErrorResponse<'a> {
    /// Identifies an error response (status >= 300) by the rest-json rules: the
    /// `x-amzn-ErrorType` header, else `code`/`Code` in the body, else `__type`; the value
    /// cleaned of a `:...` suffix and a `...#` prefix. Never fails: an empty, non-JSON or
    /// HTML body simply has no code or message.
    pub fn parse(status: u16, headers: &'a http::HeaderMap, body: &'a [u8]) -> Self {
        Self::read(Protocol::RestJson1, status, headers, body)
    }

    /// Identifies an error response (status >= 300) by `protocol`'s rules: rest-json's as
    /// [`ErrorResponse::parse`] says; http-json's by the code in the body, in the form the
    /// schema chose (a problem's `type`, or the named code member), kept as it is, and the
    /// request id from `x-request-id`.
    pub fn read(
        protocol: Protocol,
        status: u16,
        headers: &'a http::HeaderMap,
        body: &'a [u8],
    ) -> Self {
        let json = serde_json::from_slice::<serde_json::Value>(body)
            .ok()
            .filter(serde_json::Value::is_object);
        let header = |name: &str| {
            headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        };
        if let Protocol::HttpJson(form) = protocol {
            let (code, message) = Protocol::identify_in_body(form, json.as_ref());
            return ErrorResponse {
                status,
                code,
                message,
                request_id: header(protocol.request_id_header()),
                headers,
                body,
                json,
            };
        }
        let body_str = |keys: &[&str]| {
            keys.iter().find_map(|k| {
                json.as_ref()
                    .and_then(|j| j.get(*k))
                    .and_then(serde_json::Value::as_str)
                    .map(str::to_string)
            })
        };
        let code = header(ERROR_TYPE_HEADER)
            .or_else(|| body_str(&["code", "Code"]))
            .or_else(|| body_str(&["__type"]))
            .map(|raw| clean_code(&raw).to_string())
            .filter(|c| !c.is_empty());
        ErrorResponse {
            status,
            code,
            message: body_str(&["message", "Message", "errorMessage"]),
            request_id: header(REQUEST_ID_HEADER).or_else(|| header("x-amz-request-id")),
            headers,
            body,
            json,
        }
    }

    /// The HTTP status.
    pub fn status(&self) -> u16 {
        self.status
    }

    /// The cleaned wire code.
    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    /// The request id.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// Decodes the error as `E` if the code names it. A body that does not fit `E` (not
    /// JSON, wrong member types) gives `None`, so the caller falls back to unmodelled.
    pub fn decode<E: ErrorShape>(&self) -> Option<E> {
        if !self.code.as_deref().is_some_and(E::matches) {
            return None;
        }
        let json = self
            .json
            .clone()
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()));
        // Error correction, as for outputs: an error body without a member the model
        // requires (an `ErrorCode` some servers leave out) is still that error.
        let mut error: E = crate::glue::object::correcting(|| serde_json::from_value(json)).ok()?;
        error.read_headers(&ErrorHeaders(self.headers));
        error.set_request_id(self.request_id.clone());
        Some(error)
    }

    /// The response kept whole as an unmodelled error.
    pub fn unmodelled(&self) -> UnmodelledError {
        UnmodelledError {
            status: self.status,
            code: self.code.clone(),
            message: self.message.clone(),
            request_id: self.request_id.clone(),
            body: self.body.to_vec(),
        }
    }
}

/// `NotFoundException:http://...` -> `NotFoundException`;
/// `com.amazonaws.apigatewayv2#NotFoundException` -> `NotFoundException`.
pub fn clean_code(raw: &str) -> &str {
    let raw = raw.split(':').next().unwrap_or(raw);
    let raw = raw.rsplit('#').next().unwrap_or(raw);
    raw.trim()
}

/// An error ready to be sent by a server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodedError {
    /// HTTP status.
    pub status: u16,
    /// The error's code: the `x-amzn-ErrorType` header (rest-json), or the code in the body
    /// (http-json).
    pub code: String,
    /// A modelled error's problem `title` (http-json problem details); `None` for an error
    /// the schema does not model, which is a problem of type `about:blank`.
    pub title: Option<&'static str>,
    /// JSON body: `message` and the error's other members.
    pub body: Vec<u8>,
    /// Headers bound to the error's members.
    pub headers: Vec<(String, String)>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleans_codes() {
        assert_eq!(clean_code("NotFoundException"), "NotFoundException");
        assert_eq!(
            clean_code("NotFoundException:http://internal.amazon.com/coral/com.amazon.coral/"),
            "NotFoundException"
        );
        assert_eq!(
            clean_code("com.amazonaws.apigatewayv2#NotFoundException"),
            "NotFoundException"
        );
        assert_eq!(
            clean_code("aws.protocoltests#FooError:http://x.com/#frag"),
            "FooError"
        );
    }
}
