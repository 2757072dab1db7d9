//! Scalars as text outside the JSON body: how a path label, query parameter or header value
//! is read back. Shared by the server (requests) and the client (response headers).

use crate::Timestamp;
use std::borrow::Cow;

/// A scalar written as text outside the body by the server (response headers): strings as
/// they are, numbers and booleans as in JSON, floats with `NaN`, `Infinity` and
/// `-Infinity`. Timestamps and enums are written by generated code in their format.
pub trait ToParam {
    /// The text.
    fn to_param(&self) -> Cow<'_, str>;
}

impl<T: ToParam + ?Sized> ToParam for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

impl ToParam for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ToParam for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! display_to_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_to_param!(bool, i8, i16, i32, i64);

macro_rules! float_to_param {
    ($($t:ty),*) => {$(
        impl ToParam for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(float_text(f64::from(*self), self.to_string()))
            }
        }
    )*};
}
float_to_param!(f32, f64);

/// Headers bound to members, as written into a response (an output's or an error's):
/// names and values in order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OutHeaders(pub Vec<(String, String)>);

impl OutHeaders {
    /// A header, left out when `None`.
    pub fn header(&mut self, name: &str, value: Option<impl ToParam>) {
        if let Some(value) = value {
            self.0
                .push((name.to_string(), value.to_param().into_owned()));
        }
    }

    /// A list header: the values joined with `, `, each quoted if it holds a comma or a
    /// quote; left out when `None` or empty (as the AWS SDKs send an empty list).
    pub fn header_list<V: ToParam>(
        &mut self,
        name: &str,
        values: Option<impl IntoIterator<Item = V>>,
    ) {
        if let Some(values) = values {
            let texts: Vec<String> = values
                .into_iter()
                .map(|v| v.to_param().into_owned())
                .collect();
            // An empty list is no header at all, as the AWS SDKs send it.
            if !texts.is_empty() {
                self.0
                    .push((name.to_string(), crate::join_header_list(texts)));
            }
        }
    }

    /// A list header of texts joined as they are (HTTP dates keep their commas); none for
    /// an empty list.
    pub fn header_texts(&mut self, name: &str, values: Option<Vec<String>>) {
        if let Some(values) = values.filter(|v| !v.is_empty()) {
            self.0.push((name.to_string(), values.join(", ")));
        }
    }
}

/// The protocol's text for a float: `NaN`, `Infinity`, `-Infinity`, or `shortest` (the
/// value's own shortest decimal form).
pub(crate) fn float_text(value: f64, shortest: String) -> String {
    if value.is_nan() {
        "NaN".to_string()
    } else if value.is_infinite() {
        if value > 0.0 { "Infinity" } else { "-Infinity" }.to_string()
    } else {
        shortest
    }
}

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

from_param_number!(i8, i16, i32, i64);

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
