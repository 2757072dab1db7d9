//! The server side of the runtime: an HTTP adapter (hyper 1) that serves any generated
//! `Service`, the [`Dispatch`] it calls, and the request decoding the generated dispatch
//! does (its input validation and response encoding are in the hidden `glue` module).
//!
//! The split is: the generated `server.rs` knows the operations (which labels, query
//! parameters, headers and body an input has, which method of the trait to call, which
//! status to answer); everything else is in the runtime, written once. A request goes
//! through:
//!
//! 1. a fresh request id, sent back on every response (`x-amzn-RequestId` in rest-json,
//!    `x-request-id` in http-json);
//! 2. the checks of HTTP itself: an HTTP/1.1 request without exactly one `Host` is a 400
//!    (RFC 9112 §3.2), an `Expect` other than `100-continue` a 417 (RFC 9110 §10.1.1);
//! 3. the generated matcher (`routes::match_route`): 404 for an unknown path, 405 with
//!    `Allow` for a known path with another method, 400 for a label that is not valid
//!    percent-encoded UTF-8 or is empty. A HEAD goes to the path's GET operation and is
//!    answered without the body (RFC 9110 §9.3.2);
//! 4. the body, read up to [`ServerConfig::max_body_bytes`] (413 past it) and within
//!    [`ServerConfig::body_read_timeout`] (408 past it, and the connection is closed);
//! 5. the generated dispatch: labels, query parameters and headers parsed into the input
//!    ([`FromParam`]), the JSON body checked (`Content-Type`, an object, well formed,
//!    required members) and merged in, enum values checked, then the implementation is
//!    called and its result encoded.
//!
//! Every failure before the implementation is a [`Rejection`]: a 4xx in the protocol's
//! error form (rest-json: an `x-amzn-ErrorType` header and a JSON body with `message`;
//! http-json: see [`crate::Protocol`]). A panic in the
//! implementation is a 500 for that request only.
//!
//! Connections are bounded too: [`ServerConfig`] has timeouts for headers, bodies and idle
//! keep-alive connections, and a cap on how many connections are served at once (overall,
//! and optionally per client address), at which the connection that has waited longest for
//! a request is shed to serve a new client.

mod adapter;
mod context;
mod decode;

pub use self::adapter::{new_request_id, serve, Handler, ServerConfig, ServerHandle};
pub use self::context::RequestContext;
#[doc(hidden)]
pub use self::decode::{date_time, epoch_seconds, http_date};
pub use self::decode::{FromQueryValues, Parse, Request, Routed};
pub use crate::AuthScheme;
// The paths generated code uses for items of `glue`.
#[doc(hidden)]
pub use crate::glue::{
    check_entries, check_enum, check_int_enum, check_items, check_length, check_range,
    check_unique, operation, required, respond, respond_empty, respond_with, validate, Entries,
    Integral, Invalid, Items, Measured, Numeric, ReplyBuilder, ReplyFuture, Text, Validate,
};
#[doc(hidden)]
#[cfg(feature = "pattern")]
pub use crate::glue::{check_pattern, Pattern};
pub use crate::FromParam;
/// The listener `serve` takes, re-exported so that generated crates need no tokio dependency.
pub use tokio::net::TcpListener;

use crate::glue::encode_unmodelled;
use crate::UnmodelledError;
use bytes::Bytes;
use std::future::Future;

/// What the generated server implements for its `Service`: matching a request with the
/// generated matcher, and calling the operation it matched.
pub trait Dispatch: Send + Sync + 'static {
    /// The generated `routes::Operation`.
    type Operation: Copy + Send + Sync + 'static;

    /// The wire protocol: how error responses are written, and the request id's header.
    const PROTOCOL: crate::Protocol = crate::Protocol::RestJson1;

    /// The operation's name in the schema (for traces).
    fn operation_name(&self, operation: Self::Operation) -> &'static str;

    /// Matches a request with the generated matcher (see [`Routed::from_match`]): its
    /// method, raw path and raw query (empty when there is none; constant query parameters
    /// of templates can tell operations of one method and path apart).
    fn route(
        &self,
        method: &str,
        path: &str,
        query: &str,
    ) -> Result<Routed<Self::Operation>, Rejection>;

    /// Decodes the input of the matched operation, calls the implementation and encodes
    /// its result.
    fn call(
        &self,
        request: Request<Self::Operation>,
    ) -> impl Future<Output = Result<Reply, Rejection>> + Send;
}

/// A response, before the adapter adds the request id and turns it into HTTP.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reply {
    /// HTTP status.
    pub status: u16,
    /// The error's code, for an error: `x-amzn-ErrorType` (rest-json), or the code in the
    /// body (http-json, see [`crate::Protocol`]).
    pub error_type: Option<String>,
    /// A modelled error's problem `title` (http-json problem details); `None` otherwise.
    pub error_title: Option<&'static str>,
    /// Methods for the `Allow` header of a 405, as modelled (the header adds HEAD where GET
    /// is, see [`allowed_methods`]).
    pub allow: Option<&'static [&'static str]>,
    /// The body: JSON unless `content_type` says otherwise; or empty.
    pub body: Bytes,
    /// The `Content-Type` of a non-empty body.
    pub content_type: &'static str,
    /// Headers bound to output or error members, in order.
    pub headers: crate::OutHeaders,
}

impl Reply {
    /// A success with a JSON body.
    pub fn json(status: u16, body: Vec<u8>) -> Self {
        Reply {
            body: Bytes::from(body),
            ..Reply::empty(status)
        }
    }

    /// A success with no body.
    pub fn empty(status: u16) -> Self {
        Reply {
            status,
            error_type: None,
            error_title: None,
            allow: None,
            body: Bytes::new(),
            content_type: "application/json",
            headers: crate::OutHeaders::default(),
        }
    }

    /// An error response; the adapter writes it in the protocol's form.
    pub fn error(error: super::EncodedError) -> Self {
        Reply {
            error_type: Some(error.code),
            error_title: error.title,
            body: Bytes::from(error.body),
            headers: crate::OutHeaders(error.headers),
            ..Reply::empty(error.status)
        }
    }
}

/// A request refused before the implementation was called, or a failure of the server
/// itself; answered in the protocol's error form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rejection {
    /// HTTP status.
    pub status: u16,
    /// The error code sent in `x-amzn-ErrorType`.
    pub code: &'static str,
    /// The `message` of the body.
    pub message: String,
    /// For a 405: the methods the path allows.
    pub allow: Option<&'static [&'static str]>,
    /// The schema's error this rejection is answered as (a constraint violation as the
    /// schema's validation error, see [`ValidationError`]), in place of `{"message": ...}`.
    /// Boxed: rare, and a `Result<_, Rejection>` stays small.
    pub modelled: Option<Box<ModelledRejection>>,
    /// Headers of the answer (a 401's `WWW-Authenticate`).
    pub headers: Vec<(String, String)>,
    /// For a required member the request lacks: the violation, which a schema's
    /// validation error answers in its own form (see [`ValidationError::refine`]).
    pub invalid: Option<Box<Invalid>>,
}

/// A [`Rejection`] answered as one of the schema's errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModelledRejection {
    /// The error's JSON body.
    pub body: Vec<u8>,
    /// The error's problem `title` (http-json problem details).
    pub title: &'static str,
}

impl Rejection {
    /// 400 `BadRequestException`: the request breaks HTTP itself (its `Host`), or a
    /// constraint of the schema, which names no validation error.
    pub fn bad_request(message: impl Into<String>) -> Self {
        Rejection::new(400, "BadRequestException", message)
    }

    /// 400 `SerializationException`: a part of the request does not decode as its type
    /// (malformed JSON, a number out of range, a timestamp in another format, bad base64),
    /// as restJson1 servers answer (smithy-rs's `RequestRejection`).
    pub fn serialization(message: impl Into<String>) -> Self {
        Rejection::new(400, "SerializationException", message)
    }

    /// A required member outside the body is missing (the `what` called `name` on the
    /// wire): a 400 `SerializationException`, or the schema's validation error where it
    /// names one (`Member must not be null`, located by the member's name, as Smithy does).
    pub fn missing(what: &str, name: &str, member: &str) -> Self {
        Rejection {
            invalid: Some(Box::new(Invalid::new("Member must not be null").at(member))),
            ..Rejection::serialization(format!("{what} `{name}` is required"))
        }
    }

    /// 406 `NotAcceptableException`: the request's `Accept` allows no media type the
    /// operation answers with.
    pub fn not_acceptable(message: impl Into<String>) -> Self {
        Rejection::new(406, "NotAcceptableException", message)
    }

    /// 404 `NotFoundException`: no route has this path.
    pub fn not_found(method: &str, path: &str) -> Self {
        // A hostile path may be long; the message keeps its start only.
        let shown: String = path.chars().take(200).collect();
        let ellipsis = if shown.len() < path.len() { "..." } else { "" };
        Rejection::new(
            404,
            "NotFoundException",
            format!("no operation has the path {method} {shown}{ellipsis}"),
        )
    }

    /// 405 `MethodNotAllowedException` with the allowed methods (HEAD among them wherever
    /// GET is, see [`allowed_methods`]).
    pub fn method_not_allowed(method: &str, allowed: &'static [&'static str]) -> Self {
        Rejection {
            allow: Some(allowed),
            ..Rejection::new(
                405,
                "MethodNotAllowedException",
                format!(
                    "method {} is not allowed on this path; allowed: {}",
                    method.chars().take(32).collect::<String>(),
                    allowed_methods(allowed).join(", ")
                ),
            )
        }
    }

    /// 408 `RequestTimeoutException`: the body did not arrive within `waited`.
    pub fn request_timeout(waited: std::time::Duration) -> Self {
        Rejection::new(
            408,
            "RequestTimeoutException",
            format!(
                "the request body did not arrive within {} ms",
                waited.as_millis()
            ),
        )
    }

    /// 417 `ExpectationFailedException`: an `Expect` other than `100-continue`.
    pub fn expectation_failed(expectation: &str) -> Self {
        Rejection::new(
            417,
            "ExpectationFailedException",
            format!(
                "the expectation `{}` cannot be met; only 100-continue is supported",
                expectation.chars().take(64).collect::<String>()
            ),
        )
    }

    /// 413 `PayloadTooLargeException`: the body is larger than the server accepts.
    pub fn payload_too_large(limit: usize) -> Self {
        Rejection::new(
            413,
            "PayloadTooLargeException",
            format!("the request body is larger than {limit} bytes"),
        )
    }

    /// 415 `UnsupportedMediaTypeException`: a body in a form the server cannot read.
    pub fn unsupported_media_type(message: impl Into<String>) -> Self {
        Rejection::new(415, "UnsupportedMediaTypeException", message)
    }

    /// 500 `InternalFailure`: the implementation failed (panicked); no details are sent.
    pub fn internal() -> Self {
        Rejection::new(500, "InternalFailure", "internal server error")
    }

    fn new(status: u16, code: &'static str, message: impl Into<String>) -> Self {
        Rejection {
            status,
            code,
            message: message.into(),
            allow: None,
            modelled: None,
            headers: Vec::new(),
            invalid: None,
        }
    }

    /// 401 `UnauthorizedException`: the operation needs a credential the request lacks.
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Rejection::new(401, "UnauthorizedException", message)
    }

    /// The response for this rejection.
    pub fn into_reply(self) -> Reply {
        if let Some(modelled) = self.modelled {
            let error = super::EncodedError {
                status: self.status,
                code: self.code.to_string(),
                title: Some(modelled.title),
                body: modelled.body,
                headers: self.headers,
            };
            return Reply {
                allow: self.allow,
                ..Reply::error(error)
            };
        }
        let error = UnmodelledError {
            status: self.status,
            code: Some(self.code.to_string()),
            message: Some(self.message),
            request_id: None,
            body: Vec::new(),
        };
        let mut encoded = encode_unmodelled(&error);
        encoded.headers = self.headers;
        Reply {
            allow: self.allow,
            ..Reply::error(encoded)
        }
    }
}

impl From<Invalid> for Rejection {
    fn from(invalid: Invalid) -> Self {
        Rejection::bad_request(invalid.smithy_message())
    }
}

/// The error a schema names for constraint violations (`service.validation_error`), as the
/// generated server answers one: the error's status and code, and a body of a message and a
/// list of `{path, message}` entries, one per violation, the path a JSON pointer
/// (`/alert/severity`). Smithy's `smithy.framework#ValidationException` has this form
/// (`message`, `fieldList`). Without one, a violation is a 400 `BadRequestException`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ValidationError {
    pub status: u16,
    /// The error's code (`x-amzn-ErrorType`, or the code in an http-json body).
    pub code: &'static str,
    /// The error's problem `title` (http-json problem details).
    pub title: &'static str,
    /// The JSON key of the message.
    pub message: &'static str,
    /// The JSON key of the list of violations.
    pub list: &'static str,
    /// The JSON keys of a violation's path and message.
    pub path: &'static str,
    pub entry_message: &'static str,
}

impl ValidationError {
    /// The answer to `invalid`, in Smithy's form: `message` is `1 validation error
    /// detected. ` and the violation's own message, which says where (`Value at
    /// '/string' failed to satisfy constraint: Member must ...`).
    pub fn reject(&self, invalid: Invalid) -> Rejection {
        let entry_message = invalid.smithy_message();
        let message = format!("1 validation error detected. {entry_message}");
        let mut entry = serde_json::Map::new();
        entry.insert(self.entry_message.into(), entry_message.into());
        entry.insert(self.path.into(), invalid.pointer().into());
        let mut body = serde_json::Map::new();
        body.insert(self.message.into(), message.clone().into());
        body.insert(
            self.list.into(),
            vec![serde_json::Value::Object(entry)].into(),
        );
        Rejection {
            modelled: Some(Box::new(ModelledRejection {
                body: serde_json::Value::Object(body).to_string().into_bytes(),
                title: self.title,
            })),
            ..Rejection::new(self.status, self.code, message)
        }
    }

    /// A rejection of decoding as this error where it is a constraint violation (a missing
    /// required member); any other rejection as it is.
    pub fn refine(&self, rejection: Rejection) -> Rejection {
        match rejection.invalid {
            Some(invalid) => self.reject(*invalid),
            None => rejection,
        }
    }
}

/// The methods to announce for a path whose modelled methods are `allowed`: the adapter
/// answers HEAD wherever GET is allowed (RFC 9110 §9.3.2), so HEAD follows GET.
pub fn allowed_methods(allowed: &[&'static str]) -> Vec<&'static str> {
    let mut out = Vec::with_capacity(allowed.len() + 1);
    for &method in allowed {
        out.push(method);
        if method == "GET" && !allowed.contains(&"HEAD") {
            out.push("HEAD");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn head_is_announced_after_get_once() {
        assert_eq!(allowed_methods(&["GET", "POST"]), ["GET", "HEAD", "POST"]);
        assert_eq!(allowed_methods(&["HEAD", "GET"]), ["HEAD", "GET"]);
        assert_eq!(allowed_methods(&["POST", "DELETE"]), ["POST", "DELETE"]);
        let refused = Rejection::method_not_allowed("PUT", &["GET"]);
        assert!(
            refused.message.ends_with("allowed: GET, HEAD"),
            "{refused:?}"
        );
    }
}
