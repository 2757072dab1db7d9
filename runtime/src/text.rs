//! Scalars as text outside the JSON body: how a path label, query parameter or header value
//! is read back. Shared by the server (requests) and the client (response headers).

use crate::Timestamp;

/// A value that travels as text in a path label, query parameter or header.
pub trait FromParam: Sized {
    /// Parses the (already percent-decoded) text.
    fn from_param(value: &str) -> Result<Self, String>;

    /// Parses owned text; avoids a copy for strings.
    fn from_param_owned(value: String) -> Result<Self, String> {
        Self::from_param(&value)
    }
}

impl FromParam for String {
    fn from_param(value: &str) -> Result<Self, String> {
        Ok(value.to_string())
    }

    fn from_param_owned(value: String) -> Result<Self, String> {
        Ok(value)
    }
}

impl FromParam for bool {
    fn from_param(value: &str) -> Result<Self, String> {
        match value {
            "true" => Ok(true),
            "false" => Ok(false),
            _ => Err(format!(
                "expected `true` or `false`, got `{}`",
                shorten(value)
            )),
        }
    }
}

macro_rules! from_param_number {
    ($($ty:ty),*) => {$(
        impl FromParam for $ty {
            fn from_param(value: &str) -> Result<Self, String> {
                value.parse().map_err(|_| {
                    format!("expected {}, got `{}`", stringify!($ty), shorten(value))
                })
            }
        }
    )*};
}

from_param_number!(i32, i64);

/// Floats as rest-json writes them outside the body: decimal text, or `NaN`, `Infinity`
/// and `-Infinity`.
macro_rules! from_param_float {
    ($($ty:ty),*) => {$(
        impl FromParam for $ty {
            fn from_param(value: &str) -> Result<Self, String> {
                match value {
                    "NaN" => Ok(<$ty>::NAN),
                    "Infinity" => Ok(<$ty>::INFINITY),
                    "-Infinity" => Ok(<$ty>::NEG_INFINITY),
                    // Rust also reads `inf` and `nan`, which the protocol does not write.
                    _ if value.bytes().any(|b| b.is_ascii_alphabetic() && b != b'e' && b != b'E') => {
                        Err(format!("expected {}, got `{}`", stringify!($ty), shorten(value)))
                    }
                    _ => value.parse().map_err(|_| {
                        format!("expected {}, got `{}`", stringify!($ty), shorten(value))
                    }),
                }
            }
        }
    )*};
}

from_param_float!(f32, f64);

/// Timestamps outside the body are accepted in every form a client may send them
/// ([`Timestamp::parse_text`]): epoch seconds, an RFC 3339 date-time (what the generated
/// client writes in the path and query) or an HTTP date (what it writes in headers).
impl FromParam for Timestamp {
    fn from_param(value: &str) -> Result<Self, String> {
        Timestamp::parse_text(value).ok_or_else(|| {
            format!(
                "expected a timestamp (epoch seconds, RFC 3339 date-time or HTTP date), got `{}`",
                shorten(value)
            )
        })
    }
}

/// The first 64 characters of `value`, for messages.
pub(crate) fn shorten(value: &str) -> String {
    value.chars().take(64).collect()
}
