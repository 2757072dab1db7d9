//! Retry policy: how many attempts, how long to wait between them (capped exponential
//! backoff with full jitter, or the server's `Retry-After`), and which failures are safe to
//! send again.
//!
//! Backoff is a few lines of arithmetic here rather than a crate: `backoff` is unmaintained
//! and `backon` brings its own sleeper and runtime glue; the client needs neither.

use std::hash::BuildHasher;
use std::time::{Duration, SystemTime};

/// When and how often the client sends a request again.
#[derive(Debug, Clone, PartialEq)]
pub struct RetryPolicy {
    pub(crate) max_attempts: u32,
    pub(crate) initial_backoff: Duration,
    pub(crate) max_backoff: Duration,
    pub(crate) max_retry_after: Duration,
    pub(crate) retry_non_idempotent: bool,
}

impl Default for RetryPolicy {
    /// 3 attempts; backoff 1 s doubling up to 20 s with full jitter (as the AWS SDKs do);
    /// `Retry-After` honoured up to 20 s; no retry of a non-idempotent operation after a
    /// failure in which the server may have acted.
    fn default() -> Self {
        RetryPolicy {
            max_attempts: 3,
            initial_backoff: Duration::from_secs(1),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(20),
            retry_non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// One attempt, no retries.
    pub fn disabled() -> Self {
        RetryPolicy {
            max_attempts: 1,
            ..RetryPolicy::default()
        }
    }

    /// Attempts in all, the first included (at least 1).
    pub fn max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the first retry; it doubles for each retry after that.
    pub fn initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The cap of the exponential backoff.
    pub fn max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The longest `Retry-After` the client waits; a longer one is cut to this.
    pub fn max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Also retry non-idempotent operations after a failure in which the server may have
    /// acted without answering (a timeout after sending, a reset mid-response). Off by
    /// default: the same `Create` could then happen twice.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.retry_non_idempotent = yes;
        self
    }

    /// The wait before retry number `retry` (1 for the first retry): the server's
    /// `Retry-After` if it sent one (capped), else a uniformly random share (`jitter` in
    /// `[0, 1)`) of the capped exponential backoff.
    pub fn delay(&self, retry: u32, retry_after: Option<Duration>, jitter: f64) -> Duration {
        if let Some(wait) = retry_after {
            return wait.min(self.max_retry_after);
        }
        let factor = 2u32.saturating_pow(retry.saturating_sub(1));
        let ceiling = self
            .initial_backoff
            .saturating_mul(factor)
            .min(self.max_backoff);
        ceiling.mul_f64(jitter.clamp(0.0, 1.0))
    }
}

/// Whether a failed attempt may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Retry {
    /// The service answered with a throttle or a transient failure (429, 500, 502, 503,
    /// 504), or the request never left (no connection): retried for every operation, as the
    /// official AWS SDKs do.
    Safe,
    /// The request was sent and no answer came (a timeout or a reset after sending): the
    /// service may have acted, so only for idempotent operations, or when the caller opted in.
    IfIdempotent,
    /// Sending it again will not help (400, 404, 409, any other status).
    Never,
}

/// The retry class of an error status.
pub(crate) fn classify_status(status: u16) -> Retry {
    match status {
        429 | 500 | 502 | 503 | 504 => Retry::Safe,
        _ => Retry::Never,
    }
}

/// Parses `Retry-After`: delay seconds, or an HTTP date (a date in the past means now).
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse().ok().map(Duration::from_secs);
    }
    let at = crate::Timestamp::parse(value, crate::TimestampFormat::HttpDate)?;
    let now = now
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX));
    let wait = at.as_millis().saturating_sub(now).max(0);
    Some(Duration::from_millis(wait.unsigned_abs()))
}

/// A uniform number in `[0, 1)`. Each `RandomState` is freshly keyed, which is random
/// enough to spread retries and needs no dependency.
pub(crate) fn jitter() -> f64 {
    let bits = std::collections::hash_map::RandomState::new().hash_one(0u8);
    (bits >> 11) as f64 / (1u64 << 53) as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_is_capped_exponential_with_full_jitter() {
        let p = RetryPolicy::default()
            .initial_backoff(Duration::from_millis(100))
            .max_backoff(Duration::from_millis(350));
        assert_eq!(
            p.delay(1, None, 0.999_999),
            Duration::from_nanos(99_999_900)
        );
        assert_eq!(p.delay(2, None, 0.5), Duration::from_millis(100));
        assert_eq!(p.delay(3, None, 1.0), Duration::from_millis(350));
        assert_eq!(p.delay(30, None, 1.0), Duration::from_millis(350));
        assert_eq!(p.delay(1, None, 0.0), Duration::ZERO);
    }

    #[test]
    fn retry_after_wins_and_is_capped() {
        let p = RetryPolicy::default().max_retry_after(Duration::from_secs(5));
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(2)), 0.0),
            Duration::from_secs(2)
        );
        assert_eq!(
            p.delay(1, Some(Duration::from_secs(60)), 0.0),
            Duration::from_secs(5)
        );
    }

    #[test]
    fn parses_retry_after_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(784_111_777);
        assert_eq!(parse_retry_after("7", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        // RFC 9110's example date is 784111777 seconds after the epoch.
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:40 GMT", now),
            Some(Duration::from_secs(3))
        );
        assert_eq!(
            parse_retry_after("Sun, 06 Nov 1994 08:49:30 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-1", now), None);
    }

    #[test]
    fn statuses() {
        for s in [429, 500, 502, 503, 504] {
            assert_eq!(classify_status(s), Retry::Safe);
        }
        for s in [400, 401, 403, 404, 409, 501] {
            assert_eq!(classify_status(s), Retry::Never);
        }
    }

    #[test]
    fn jitter_is_in_range_and_varies() {
        let draws: Vec<f64> = (0..64).map(|_| jitter()).collect();
        assert!(draws.iter().all(|j| (0.0..1.0).contains(j)));
        assert!(draws.iter().any(|j| *j != draws[0]));
    }
}
