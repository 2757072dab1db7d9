//! The three wire forms of a timestamp (epoch seconds, RFC 3339 date-time, HTTP date):
//! writing each one and reading it back strictly.

use crate::values::{parse_date_time, parse_http_date, Timestamp};
use std::fmt::Write as _;

/// How a timestamp is written on the wire (the schema's `timestamp_format`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimestampFormat {
    /// Seconds since the epoch, with a fraction only when needed: `1576540098.52`.
    EpochSeconds,
    /// RFC 3339 in UTC, with a fraction only when needed: `2019-12-16T23:48:18.52Z`.
    DateTime,
    /// The IMF-fixdate form of an HTTP date (RFC 9110 §5.6.7): `Mon, 16 Dec 2019 23:48:18 GMT`.
    HttpDate,
}

const MILLIS_PER_DAY: i64 = 86_400_000;
const DAY_NAMES: [&str; 7] = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

impl Timestamp {
    /// The earliest time a date-time or an HTTP date can show: `0001-01-01T00:00:00Z`.
    const MIN_DATE: i64 = -62_135_596_800_000;
    /// The latest time a date-time or an HTTP date can show: `9999-12-31T23:59:59.999Z`.
    const MAX_DATE: i64 = 253_402_300_799_999;

    /// Writes the timestamp in `format`. Epoch seconds are exact for every value. The two
    /// date forms have four-digit years, so a time before year 1 or after year 9999 is
    /// written as the first or the last millisecond of that range; an HTTP date drops the
    /// milliseconds.
    pub fn format(self, format: TimestampFormat) -> String {
        let mut out = String::new();
        if format == TimestampFormat::EpochSeconds {
            let abs = self.as_millis().unsigned_abs();
            let sign = if self.as_millis() < 0 { "-" } else { "" };
            let _ = write!(out, "{sign}{}", abs / 1000);
            push_fraction(&mut out, abs % 1000);
            return out;
        }
        let millis = self.as_millis().clamp(Self::MIN_DATE, Self::MAX_DATE);
        let days = millis.div_euclid(MILLIS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        let of_day = millis.rem_euclid(MILLIS_PER_DAY);
        let (h, m, s) = (of_day / 3_600_000, of_day / 60_000 % 60, of_day / 1000 % 60);
        if format == TimestampFormat::DateTime {
            let _ = write!(out, "{year:04}-{month:02}-{day:02}T{h:02}:{m:02}:{s:02}");
            push_fraction(&mut out, (of_day % 1000) as u64);
            out.push('Z');
        } else {
            let weekday = DAY_NAMES[days.rem_euclid(7) as usize];
            let month = MONTH_NAMES[month as usize - 1];
            let _ = write!(
                out,
                "{weekday}, {day:02} {month} {year:04} {h:02}:{m:02}:{s:02} GMT"
            );
        }
        out
    }

    /// Reads the timestamp written in `format`, strictly: one format only.
    /// - Epoch seconds: an integer or a decimal (`-1.5`), rounded to the nearest
    ///   millisecond (halves away from zero), or an exponent form (`1.5e9`) read as an
    ///   `f64`; never `NaN` or an infinity, and only values that fit the type.
    /// - Date-time: RFC 3339 (`T` and `Z` in either case, any offset); digits of the
    ///   fraction after the third are dropped (truncated toward the earlier time).
    /// - HTTP date: the IMF-fixdate form only; the day name must be a day name but is not
    ///   checked against the date.
    pub fn parse(text: &str, format: TimestampFormat) -> Option<Timestamp> {
        match format {
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::DateTime => parse_date_time(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        }
    }
}

/// `.5`, `.52` or `.523` for a non-zero millisecond count, nothing for zero.
fn push_fraction(out: &mut String, millis: u64) {
    if millis != 0 {
        let digits = format!("{millis:03}");
        out.push('.');
        out.push_str(digits.trim_end_matches('0'));
    }
}

/// The civil date of a day count from 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Epoch seconds: `-?digits(.digits)?` exactly, else a finite exponent form through `f64`.
fn parse_epoch_seconds(text: &str) -> Option<Timestamp> {
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, "0"));
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if digits(whole) && digits(fraction) {
        // Exact: the first three digits of the fraction, rounded by the fourth.
        let mut millis = whole.parse::<i128>().ok()? * 1000;
        let padded = format!("{fraction:0<4}");
        millis += padded[..3].parse::<i128>().ok()?;
        millis += i128::from(padded.as_bytes()[3] >= b'5');
        let millis = if negative { -millis } else { millis };
        return i64::try_from(millis).ok().map(Timestamp::from_millis);
    }
    // `1.5e9`: an exponent and only the characters of a number, so that neither `1.` nor
    // `f64`'s `inf` and `NaN` get through.
    let numeric = text.contains(['e', 'E'])
        && text
            .bytes()
            .all(|c| c.is_ascii_digit() || matches!(c, b'+' | b'-' | b'.' | b'e' | b'E'));
    let secs: f64 = text.parse().ok().filter(|_| numeric)?;
    let millis = (secs * 1000.0).round();
    // `i64::MAX as f64` rounds up to 2^63, which does not fit: the bound is exclusive.
    (millis.is_finite() && millis >= i64::MIN as f64 && millis < i64::MAX as f64)
        .then(|| Timestamp::from_millis(millis as i64))
}

/// RFC 3339 in UTC, as [`TimestampFormat::DateTime`] writes it (`2023-11-14T22:13:20Z`,
/// `2023-11-14T22:13:20.5Z`); a time outside years 1 to 9999 shows as the first or last
/// millisecond of that range. `{:?}` shows the milliseconds since the epoch.
impl std::fmt::Display for Timestamp {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.format(TimestampFormat::DateTime))
    }
}

/// The error of reading a [`Timestamp`] from text that is not an RFC 3339 date-time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseTimestampError;

impl std::fmt::Display for ParseTimestampError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("not an RFC 3339 date-time (such as 2023-11-14T22:13:20Z)")
    }
}

impl std::error::Error for ParseTimestampError {}

/// Reads an RFC 3339 date-time (`"2023-11-14T23:13:20.5+01:00".parse()`), what `Display`
/// writes; [`Timestamp::parse`] reads the other wire forms.
impl std::str::FromStr for Timestamp {
    type Err = ParseTimestampError;
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Timestamp::parse(text, TimestampFormat::DateTime).ok_or(ParseTimestampError)
    }
}

/// The time to the millisecond, rounded toward the earlier time (before the epoch too); a
/// time more than 292 million years away saturates.
impl From<std::time::SystemTime> for Timestamp {
    fn from(time: std::time::SystemTime) -> Self {
        let millis = |d: std::time::Duration| i64::try_from(d.as_millis()).unwrap_or(i64::MAX);
        match time.duration_since(std::time::UNIX_EPOCH) {
            Ok(after) => Timestamp::from_millis(millis(after)),
            Err(before) => {
                let before = before.duration();
                let partial = before.subsec_nanos() % 1_000_000 != 0;
                Timestamp::from_millis(
                    millis(before)
                        .saturating_add(partial as i64)
                        .saturating_neg(),
                )
            }
        }
    }
}

/// A [`Timestamp`] the platform's `SystemTime` cannot hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SystemTimeRangeError;

impl std::fmt::Display for SystemTimeRangeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("the timestamp is outside the range of this platform's SystemTime")
    }
}

impl std::error::Error for SystemTimeRangeError {}

/// The same time as a `SystemTime`; fails only where the platform's `SystemTime` cannot
/// hold it (never on Unix, whose range is larger than a `Timestamp`'s).
impl TryFrom<Timestamp> for std::time::SystemTime {
    type Error = SystemTimeRangeError;
    fn try_from(t: Timestamp) -> Result<Self, Self::Error> {
        let offset = std::time::Duration::from_millis(t.as_millis().unsigned_abs());
        let time = if t.as_millis() >= 0 {
            std::time::UNIX_EPOCH.checked_add(offset)
        } else {
            std::time::UNIX_EPOCH.checked_sub(offset)
        };
        time.ok_or(SystemTimeRangeError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_and_from_str_are_rfc_3339() {
        let t = Timestamp::from_millis(1_700_000_000_500);
        assert_eq!(t.to_string(), "2023-11-14T22:13:20.5Z");
        assert_eq!("2023-11-14T23:13:20.5+01:00".parse::<Timestamp>(), Ok(t));
        assert_eq!(t.to_string().parse::<Timestamp>(), Ok(t));
        assert_eq!("1700000000".parse::<Timestamp>(), Err(ParseTimestampError));
    }

    #[test]
    fn system_times_convert_both_ways_to_the_millisecond() {
        use std::time::{Duration, SystemTime, UNIX_EPOCH};
        for millis in [0, 1, 1_700_000_000_123, -1, -1_500, -86_400_000_000] {
            let t = Timestamp::from_millis(millis);
            let system = SystemTime::try_from(t).unwrap();
            assert_eq!(Timestamp::from(system), t, "{millis}");
        }
        // Sub-millisecond parts round toward the earlier time, on either side of the epoch.
        let after = UNIX_EPOCH + Duration::from_micros(1_999);
        assert_eq!(Timestamp::from(after).as_millis(), 1);
        let before = UNIX_EPOCH - Duration::from_micros(1_001);
        assert_eq!(Timestamp::from(before).as_millis(), -2);
        let now = SystemTime::now();
        let back = SystemTime::try_from(Timestamp::from(now)).unwrap();
        assert!(now.duration_since(back).unwrap() < Duration::from_millis(1));
    }

    fn millis_of(date: (i64, i64, i64), time: (i64, i64, i64)) -> i64 {
        crate::values::civil_millis(date, time, 0).expect("a valid date")
    }

    #[test]
    fn civil_dates_agree_both_ways() {
        for days in (-800_000..3_000_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(millis_of((y, m, d), (0, 0, 0)), days * MILLIS_PER_DAY);
        }
        assert_eq!(
            Timestamp::MIN_DATE,
            millis_of((1, 1, 1), (0, 0, 0)),
            "first millisecond of year 1"
        );
        assert_eq!(
            Timestamp::MAX_DATE,
            millis_of((9999, 12, 31), (23, 59, 59)) + 999,
            "last millisecond of year 9999"
        );
    }
}
