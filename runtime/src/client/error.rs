//! What a client call can fail with: the operation's typed error, or a failure around it
//! (the request could not be built, the transport failed, a timeout, a bad success body).

use super::transport::TransportError;
use crate::PathError;
use std::fmt;

/// The error of a client call; `E` is the operation's generated error enum.
#[derive(Debug)]
#[non_exhaustive]
pub enum SdkError<E> {
    /// The request could not be built; nothing was sent.
    Construction(ConstructionError),
    /// The service answered with an error (modelled, or kept as unmodelled).
    Service(E),
    /// A timeout fired.
    Timeout(TimeoutKind),
    /// The connection failed.
    Transport(TransportError),
    /// The service answered with success, but the body is not the operation's output.
    Response(ResponseError),
    /// A paginated operation returned a page token it had returned before; following it
    /// would loop forever.
    RepeatedPageToken(String),
}

impl<E> SdkError<E> {
    /// The service's error, if the service answered with one.
    pub fn service_error(&self) -> Option<&E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }

    /// The service's error, if the service answered with one.
    pub fn into_service_error(self) -> Option<E> {
        match self {
            SdkError::Service(e) => Some(e),
            _ => None,
        }
    }
}

impl<E: fmt::Display> fmt::Display for SdkError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SdkError::Construction(e) => write!(f, "request not sent: {e}"),
            SdkError::Service(e) => write!(f, "service error: {e}"),
            SdkError::Timeout(kind) => write!(f, "{kind}"),
            SdkError::Transport(e) => write!(f, "transport error: {e}"),
            SdkError::Response(e) => write!(f, "{e}"),
            SdkError::RepeatedPageToken(t) => {
                write!(f, "the service returned page token `{t}` twice")
            }
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for SdkError<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            SdkError::Construction(e) => Some(e),
            SdkError::Service(e) => Some(e),
            SdkError::Transport(e) => Some(e),
            SdkError::Response(e) => Some(e),
            SdkError::Timeout(_) | SdkError::RepeatedPageToken(_) => None,
        }
    }
}

/// Which timeout fired.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeoutKind {
    /// Connecting took too long (on the last attempt).
    Connect,
    /// One attempt took too long (on the last attempt).
    Attempt,
    /// The whole operation, retries included, took too long.
    Operation,
}

impl fmt::Display for TimeoutKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TimeoutKind::Connect => "timed out connecting",
            TimeoutKind::Attempt => "the attempt timed out",
            TimeoutKind::Operation => "the operation timed out",
        })
    }
}

/// Why a request could not be built.
#[derive(Debug)]
#[non_exhaustive]
pub enum ConstructionError {
    /// A path label is empty (or the route needs one that was not given).
    Path(PathError),
    /// The body could not be serialized.
    Body(serde_json::Error),
    /// A header name or value is not valid in HTTP.
    Header(String),
    /// A host prefix (with its labels filled in) is not host name text.
    HostPrefix(String),
    /// The route's method is not a valid HTTP method (a route table bug).
    Method(&'static str),
    /// The URI built from the endpoint and the path is not valid.
    Uri(http::uri::InvalidUri),
    /// SigV4 signing failed.
    Signing(String),
    /// The configuration has no endpoint, and the service has no default one (no server in
    /// its schema, and no region for an AWS service).
    NoEndpoint,
}

impl fmt::Display for ConstructionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConstructionError::Path(e) => write!(f, "{e}"),
            ConstructionError::Body(e) => write!(f, "cannot serialize the body: {e}"),
            ConstructionError::Header(name) => write!(f, "header `{name}` is not valid HTTP"),
            ConstructionError::HostPrefix(prefix) => {
                write!(f, "host prefix `{prefix}` is not host name text")
            }
            ConstructionError::Method(m) => write!(f, "`{m}` is not an HTTP method"),
            ConstructionError::Uri(e) => write!(f, "invalid request URI: {e}"),
            ConstructionError::Signing(e) => write!(f, "cannot sign the request: {e}"),
            ConstructionError::NoEndpoint => f.write_str(
                "no endpoint: set one (`Config::builder().endpoint(..)`), or a region for an AWS service",
            ),
        }
    }
}

impl std::error::Error for ConstructionError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ConstructionError::Path(e) => Some(e),
            ConstructionError::Body(e) => Some(e),
            ConstructionError::Uri(e) => Some(e),
            ConstructionError::Header(_)
            | ConstructionError::HostPrefix(_)
            | ConstructionError::Method(_)
            | ConstructionError::Signing(_)
            | ConstructionError::NoEndpoint => None,
        }
    }
}

/// A success response that does not decode into the operation's output.
#[derive(Debug)]
pub struct ResponseError {
    /// The HTTP status.
    pub status: u16,
    /// What did not decode.
    pub source: DecodeError,
    /// The raw body.
    pub body: bytes::Bytes,
}

/// What part of a response did not decode.
#[derive(Debug)]
#[non_exhaustive]
pub enum DecodeError {
    /// The JSON body (or a JSON payload).
    Json(serde_json::Error),
    /// A required payload member whose response had an empty body.
    MissingPayload,
    /// A header bound to an output member.
    Header {
        /// The header name.
        name: String,
        /// Why its value does not decode.
        message: String,
    },
}

impl fmt::Display for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecodeError::Json(e) => write!(f, "body: {e}"),
            DecodeError::Header { name, message } => write!(f, "header `{name}`: {message}"),
            DecodeError::MissingPayload => {
                f.write_str("the body is empty, but the output requires it")
            }
        }
    }
}

impl std::error::Error for DecodeError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            DecodeError::Json(e) => Some(e),
            DecodeError::Header { .. } | DecodeError::MissingPayload => None,
        }
    }
}

impl fmt::Display for ResponseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "HTTP {} response does not decode: {}",
            self.status, self.source
        )
    }
}

impl std::error::Error for ResponseError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.source)
    }
}
