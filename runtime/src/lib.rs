//! The hand-written runtime that generated code calls: logic that is the same for every
//! service and operation is written once here, so that the generated part stays small.

mod auth;
mod blob;
mod error;
pub mod fmt;
#[doc(hidden)]
pub mod glue;
mod headers;
mod nullable;
mod path;
mod protocol;
mod text;
mod time;
mod token;
pub mod trace;
mod values;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "server")]
pub mod server;

pub use auth::AuthScheme;
pub use blob::{from_base64, to_base64, Blob};
pub use error::{
    clean_code, is_retryable_status, EncodedError, ErrorHeaders, ErrorResponse, ErrorShape,
    ErrorView, OperationError, ServiceError, UnmodelledError, ERROR_TYPE_HEADER, REQUEST_ID_HEADER,
};
pub use headers::{
    decode_json_header, encode_json_header, join_header_list, prefixed_headers, split_header_list,
    split_http_date_list, split_timestamp_list,
};
pub use nullable::Nullable;
pub use path::{build_path, decode_segment, encode_label, Labels, PathError, RouteMatch, Segment};
pub use protocol::{ErrorBody, Protocol, ABOUT_BLANK, PROBLEM_JSON};
pub use text::{FromParam, OutHeaders, ToParam};
pub use time::{ParseTimestampError, SystemTimeRangeError, TimestampFormat};
pub use token::idempotency_token;
pub use values::{Document, Timestamp, UnknownValue};

// The paths generated code uses for items of `glue`.
#[doc(hidden)]
pub use glue::{
    deserialize_str, encode_error, encode_unmodelled, fmt_error, object, query_has, union_entry,
    union_unknown, unset_enum, Segments,
};

/// The `bytes` crate, whose `Bytes` are the bodies of a `client::Transport`.
#[cfg(any(feature = "client", feature = "server"))]
pub use bytes;
/// The `http` crate, whose types a custom `client::Transport` and a server mounted under
/// tower layers speak, so that a user needs no dependency of their own to name them.
pub use http;

/// An HTTP method of a route, as written on the wire.
pub type MethodName = &'static str;

/// One entry of a generated route table: the same table drives the client and the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Route<Op: 'static> {
    /// The operation.
    pub operation: Op,
    /// The operation's name in the schema.
    pub name: &'static str,
    /// `GET`, `POST`, ...
    pub method: MethodName,
    /// The template as written in the schema.
    pub template: &'static str,
    /// The template split into segments.
    pub segments: &'static [Segment],
    /// Constant query parameters of the template (`mode=import&force`), sent with every
    /// request; empty when it has none.
    pub query: &'static str,
    /// The success status.
    pub success: u16,
}
