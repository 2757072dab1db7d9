//! Value types used by generated shapes: unknown enum values, timestamps and documents.

use serde::de::{Deserializer, Error as _};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// An enum value this version of the crate does not know, kept exactly as it was received
/// so that it can be sent back unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Wraps a value. Generated `From<&str>` impls call this only for values they do not
    /// know; building one for a known value would make two different variants of one value.
    #[doc(hidden)]
    pub fn new(value: &str) -> Self {
        UnknownValue(value.to_string())
    }

    /// The value as it was received.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A `document` member: any JSON value, kept as it was received.
pub type Document = serde_json::Value;

/// A point in time, as seconds since the Unix epoch (UTC) with millisecond precision, which
/// is how rest-json sends timestamps by default (a JSON number such as `1700000000.123`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Timestamp {
    millis: i64,
}

impl Timestamp {
    /// The time `millis` milliseconds after the epoch.
    pub const fn from_millis(millis: i64) -> Self {
        Timestamp { millis }
    }

    /// The time `secs` whole seconds after the epoch.
    pub const fn from_secs(secs: i64) -> Self {
        Timestamp {
            millis: secs.saturating_mul(1000),
        }
    }

    /// Milliseconds since the epoch.
    pub const fn as_millis(self) -> i64 {
        self.millis
    }

    /// Seconds since the epoch, with the fraction.
    pub fn as_secs_f64(self) -> f64 {
        self.millis as f64 / 1000.0
    }

    /// Parses the text forms rest-json uses outside the body (WIRE.md §5): epoch seconds
    /// (`1700000000`, `1700000000.25`), an RFC 3339 date-time (`2023-11-14T22:13:20Z`,
    /// `2023-11-14T23:13:20.5+01:00`) or an HTTP date (`Tue, 14 Nov 2023 22:13:20 GMT`).
    /// A server accepts all three, so that it understands any client.
    pub fn parse_text(value: &str) -> Option<Self> {
        use crate::TimestampFormat::{DateTime, EpochSeconds, HttpDate};
        [EpochSeconds, DateTime, HttpDate]
            .into_iter()
            .find_map(|format| Timestamp::parse(value, format))
    }

    /// The current time.
    pub fn now() -> Self {
        let since = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Timestamp::from_millis(i64::try_from(since.as_millis()).unwrap_or(i64::MAX))
    }
}

impl Serialize for Timestamp {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        if self.millis % 1000 == 0 {
            serializer.serialize_i64(self.millis / 1000)
        } else {
            serializer.serialize_f64(self.as_secs_f64())
        }
    }
}

impl<'de> Deserialize<'de> for Timestamp {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let secs = f64::deserialize(deserializer)?;
        if !secs.is_finite() || secs.abs() > 9.2e15 {
            return Err(D::Error::custom("timestamp out of range"));
        }
        Ok(Timestamp::from_millis((secs * 1000.0).round() as i64))
    }
}

/// Days from 1970-01-01 to a civil date (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Milliseconds since the epoch of a civil date and time, if every field is in range.
pub(crate) fn civil_millis(
    date: (i64, i64, i64),
    time: (i64, i64, i64),
    millis: i64,
) -> Option<i64> {
    let ((y, mo, d), (h, mi, s)) = (date, time);
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let month_days = [
        31,
        if leap { 29 } else { 28 },
        31,
        30,
        31,
        30,
        31,
        31,
        30,
        31,
        30,
        31,
    ];
    let ok = (1..=12).contains(&mo)
        && (1..=month_days[(mo.clamp(1, 12) - 1) as usize]).contains(&d)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0..=60).contains(&s);
    ok.then(|| ((days_from_civil(y, mo, d) * 86_400 + h * 3600 + mi * 60 + s) * 1000) + millis)
}

/// `2023-11-14T22:13:20Z`, with optional fractional seconds (digits after the third are
/// dropped) and a `Z` or `±HH:MM` offset (RFC 3339 §5.6); `T` and `Z` in either case.
pub(crate) fn parse_date_time(text: &str) -> Option<Timestamp> {
    let b = text.as_bytes();
    let num = |r: std::ops::Range<usize>| -> Option<i64> {
        let part = text.get(r)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    if b.len() < 20 || b[4] != b'-' || b[7] != b'-' || !matches!(b[10], b'T' | b't') {
        return None;
    }
    if b[13] != b':' || b[16] != b':' {
        return None;
    }
    let date = (num(0..4)?, num(5..7)?, num(8..10)?);
    let time = (num(11..13)?, num(14..16)?, num(17..19)?);
    let mut i = 19;
    let mut millis = 0;
    if b[i] == b'.' {
        let start = i + 1;
        i = start;
        while i < b.len() && b[i].is_ascii_digit() {
            i += 1;
        }
        let digits = text.get(start..i)?;
        if digits.is_empty() {
            return None;
        }
        let first3 = format!("{:0<3}", &digits[..digits.len().min(3)]);
        millis = first3.parse::<i64>().ok()?;
    }
    let offset_minutes = match b.get(i)? {
        b'Z' | b'z' if i + 1 == b.len() => 0,
        sign @ (b'+' | b'-') if i + 6 == b.len() && b[i + 3] == b':' => {
            let (h, m) = (num(i + 1..i + 3)?, num(i + 4..i + 6)?);
            if h > 23 || m > 59 {
                return None;
            }
            let minutes = h * 60 + m;
            if *sign == b'+' {
                minutes
            } else {
                -minutes
            }
        }
        _ => return None,
    };
    let local = civil_millis(date, time, millis)?;
    Some(Timestamp::from_millis(local - offset_minutes * 60_000))
}

/// `Tue, 14 Nov 2023 22:13:20 GMT` (RFC 9110 §5.6.7, the IMF-fixdate form). The day name
/// must be one, but is not checked against the date.
pub(crate) fn parse_http_date(text: &str) -> Option<Timestamp> {
    const DAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (day_name, rest) = text.split_once(", ")?;
    if !DAYS.contains(&day_name) {
        return None;
    }
    let mut parts = rest.split(' ');
    let (day, month, year, time, zone) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() || zone != "GMT" || day.len() != 2 || year.len() != 4 {
        return None;
    }
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let mut hms = time.split(':');
    let mut field = || -> Option<i64> {
        let part = hms.next()?;
        (part.len() == 2 && part.bytes().all(|c| c.is_ascii_digit())).then(|| part.parse().ok())?
    };
    let time = (field()?, field()?, field()?);
    let date = (year.parse().ok()?, month, day.parse().ok()?);
    civil_millis(date, time, 0).map(Timestamp::from_millis)
}

#[cfg(test)]
mod timestamp_tests {
    use super::Timestamp;

    #[test]
    fn every_text_form_parses() {
        let t = Timestamp::from_secs(1_700_000_000);
        for text in [
            "1700000000",
            "2023-11-14T22:13:20Z",
            "2023-11-14t22:13:20z",
            "2023-11-14T23:13:20+01:00",
            "2023-11-14T21:43:20-00:30",
            "Tue, 14 Nov 2023 22:13:20 GMT",
        ] {
            assert_eq!(Timestamp::parse_text(text), Some(t), "{text}");
        }
        assert_eq!(
            Timestamp::parse_text("2023-11-14T22:13:20.25Z"),
            Some(Timestamp::from_millis(1_700_000_000_250))
        );
        assert_eq!(
            Timestamp::parse_text("1970-01-01T00:00:00.123456Z"),
            Some(Timestamp::from_millis(123))
        );
        assert_eq!(
            Timestamp::parse_text("1969-12-31T23:59:59Z"),
            Some(Timestamp::from_secs(-1))
        );
        for bad in [
            "",
            "now",
            "2023-13-14T22:13:20Z",
            "2023-02-30T00:00:00Z",
            "2023-11-14T22:13:20",
            "2023-11-14T22:13:20.Z",
            "2023-11-14T22:13:20+0100",
            "2023-11-14 22:13:20Z",
            "Xyz, 14 Nov 2023 22:13:20 GMT",
            "Tue, 14 Nov 2023 22:13:20 UTC",
            "NaN",
            "inf",
            "1e300",
        ] {
            assert_eq!(Timestamp::parse_text(bad), None, "{bad}");
        }
    }
}
