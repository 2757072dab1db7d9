//! Scalars outside the body: how a path label, query parameter or header value is written.
//! Timestamps are ISO 8601 in the path and query and HTTP dates in headers, as rest-json
//! says; numbers and booleans are written as in JSON.

use crate::Timestamp;
use std::borrow::Cow;
use std::time::{Duration, UNIX_EPOCH};

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
display_wire_value!(bool, i32, i64, f64);

impl WireValue for Timestamp {
    fn to_wire(&self) -> Cow<'_, str> {
        Cow::Owned(iso8601(*self))
    }
    fn to_header(&self) -> Cow<'_, str> {
        let millis = self.as_millis();
        let at = if millis >= 0 {
            UNIX_EPOCH + Duration::from_millis(millis.unsigned_abs())
        } else {
            UNIX_EPOCH - Duration::from_millis(millis.unsigned_abs())
        };
        Cow::Owned(httpdate::fmt_http_date(at))
    }
}

/// `2023-11-14T22:13:20Z`, with `.250` when there are milliseconds.
fn iso8601(t: Timestamp) -> String {
    let millis = t.as_millis();
    let (secs, ms) = (millis.div_euclid(1000), millis.rem_euclid(1000));
    let (days, rem) = (secs.div_euclid(86_400), secs.rem_euclid(86_400));
    // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    let (h, m, s) = (rem / 3600, rem % 3600 / 60, rem % 60);
    let frac = if ms == 0 {
        String::new()
    } else {
        format!(".{ms:03}")
    };
    format!("{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}{frac}Z")
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
            "2000-02-29T00:00:00.250Z"
        );
        assert_eq!(Timestamp::from_secs(0).to_wire(), "1970-01-01T00:00:00Z");
        assert_eq!(Timestamp::from_secs(-1).to_wire(), "1969-12-31T23:59:59Z");
    }

    #[test]
    fn scalars() {
        assert_eq!(true.to_wire(), "true");
        assert_eq!(25i32.to_wire(), "25");
        assert_eq!(1.5f64.to_wire(), "1.5");
        assert_eq!("x".to_wire(), "x");
    }
}
