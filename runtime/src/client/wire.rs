//! Scalars outside the body: how a path label, query parameter or header value is written.
//! Timestamps are ISO 8601 in the path and query and HTTP dates in headers, as rest-json
//! says; numbers and booleans are written as in JSON.

use crate::{Timestamp, TimestampFormat};
use std::borrow::Cow;

/// A value that can travel in a path label, a query parameter or a header. Generated code
/// implements it for enums that travel outside the body.
pub trait WireValue {
    /// The text in a label or a query parameter, before percent-encoding.
    fn to_wire(&self) -> Cow<'_, str>;

    /// The text in a header; by default the same as [`WireValue::to_wire`].
    fn to_header(&self) -> Cow<'_, str> {
        self.to_wire()
    }
}

impl<T: WireValue + ?Sized> WireValue for &T {
    fn to_wire(&self) -> Cow<'_, str> {
        (**self).to_wire()
    }
    fn to_header(&self) -> Cow<'_, str> {
        (**self).to_header()
    }
}

impl WireValue for str {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl WireValue for String {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

macro_rules! display_wire_value {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        }
    )*};
}
display_wire_value!(bool, i8, i16, i32, i64);

/// Floats as rest-json writes them outside the body: shortest decimal text, or `NaN`,
/// `Infinity` and `-Infinity`.
macro_rules! float_wire_value {
    ($($t:ty),*) => {$(
        impl WireValue for $t {
            fn to_wire(&self) -> Cow<'_, str> {
                Cow::Owned(crate::text::float_text(f64::from(*self), self.to_string()))
            }
        }
    )*};
}
float_wire_value!(f32, f64);

/// The protocol's defaults: a date-time in the path and query, an HTTP date in headers.
impl WireValue for Timestamp {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(self.format(TimestampFormat::DateTime))
    }
    fn to_header(&self) -> Cow<'_, str> {
        Cow::Owned(self.format(TimestampFormat::HttpDate))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps() {
        let t = Timestamp::from_secs(1_700_000_000);
        assert_eq!(t.to_wire(), "2023-11-14T22:13:20Z");
        assert_eq!(t.to_header(), "Tue, 14 Nov 2023 22:13:20 GMT");
        assert_eq!(
            Timestamp::from_millis(951_782_400_250).to_wire(),
            "2000-02-29T00:00:00.25Z"
        );
        assert_eq!(Timestamp::from_secs(0).to_wire(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_secs(-1).to_wire(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn scalars() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(25i32.to_wire(), "25");
        assert_eq!(1.5f64.to_wire(), "1.5");
        assert_eq!(1.1f32.to_wire(), "1.1");
        assert_eq!(f64::NAN.to_wire(), "NaN");
        assert_eq!(f32::INFINITY.to_wire(), "Infinity");
        assert_eq!(f64::NEG_INFINITY.to_wire(), "-Infinity");
        assert_eq!("x".to_wire(), "x");
    }
}
