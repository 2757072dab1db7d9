//! What generated code calls and a user of a generated crate does not: the serde impls of
//! structures ([`object`]), reading unions and enums, encoding errors and the
//! [`operation_error!`](crate::operation_error) macro, walking a path in a route matcher,
//! and the server's dispatch and input validation. Hidden from the docs; not an API to
//! call by hand, and it changes with the generator.
//!
//! The paths generated code has used so far (`rt::union_entry`, `rt::object::Writer`,
//! `rt::server::respond`, ...) stay as hidden re-exports of these items.

mod de;
#[cfg(feature = "server")]
mod dispatch;
mod errors;
pub mod object;
mod routes;
#[cfg(feature = "server")]
mod validate;

pub use self::de::{deserialize_str, document, union_entry, union_unknown, unset_enum};
#[cfg(feature = "server")]
pub use self::dispatch::{
    operation, required, respond, respond_empty, respond_with, ReplyBuilder, ReplyFuture,
};
pub use self::errors::{encode_error, encode_unmodelled, fmt_error};
pub use self::routes::{query_has, Segments};
#[cfg(feature = "server")]
pub use self::validate::{
    check_entries, check_enum, check_int_enum, check_items, check_length, check_range,
    check_unique, validate, Entries, Integral, Invalid, Items, Measured, Numeric, Text, Validate,
};
#[cfg(feature = "pattern")]
pub use self::validate::{check_pattern, Pattern};
pub use crate::operation_error;
