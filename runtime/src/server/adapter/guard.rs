//! The guard of one connection: what counts as activity (bytes moving either way, a request
//! being handled or its answer being written), and the header and idle timeouts, checked on
//! one timer per connection that ticks a few times per timeout. A request costs a few
//! atomic stores here: no clock read, no timer and no wake-up of its own.

use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::time::Instant;

/// How many times per timeout (the shorter of the two) the timer ticks: a timeout takes
/// effect at most this fraction of it late, never early.
const TICKS_PER_TIMEOUT: u32 = 10;

/// What happens on one connection, written by the connection's own task (its socket and
/// the requests hyper runs on it) and read by its timer and by the accept loop choosing a
/// connection to shed.
#[derive(Debug)]
pub(super) struct Activity {
    /// Requests being handled (hyper's HTTP/1.1 handles one at a time).
    in_flight: AtomicUsize,
    /// Set once a request is answered, until hyper has written the answer out.
    unflushed: AtomicBool,
    /// Requests answered so far, so that the timer tells a new wait from the same one.
    answered: AtomicU64,
    /// Set when bytes move either way; the timer clears it at each tick.
    moved: AtomicBool,
    /// Since when the connection has been waiting for a request (its opening or, to within
    /// a tick, its last answer), in milliseconds from the server's start: what orders
    /// connections for shedding.
    waiting_since: AtomicU64,
}

impl Activity {
    /// A connection opened `waiting_since` (milliseconds from the server's start).
    pub(super) fn new(waiting_since: u64) -> Self {
        Activity {
            in_flight: AtomicUsize::new(0),
            unflushed: AtomicBool::new(false),
            answered: AtomicU64::new(0),
            moved: AtomicBool::new(false),
            waiting_since: AtomicU64::new(waiting_since),
        }
    }

    /// Whether the connection may be closed without losing anything: no request being
    /// handled and no answer left to write. It is then waiting for a request (silent,
    /// trickling headers, or keep-alive between requests).
    pub(super) fn sheddable(&self) -> bool {
        self.in_flight.load(Ordering::Acquire) == 0 && !self.unflushed.load(Ordering::Acquire)
    }

    /// See [`Activity::waiting_since`].
    pub(super) fn waiting_since(&self) -> u64 {
        self.waiting_since.load(Ordering::Relaxed)
    }
}

/// A request being handled, for [`Activity::in_flight`].
pub(super) struct Busy(Arc<Activity>);

impl Busy {
    pub(super) fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        // Marked unflushed first, so that the connection is never seen idle in between.
        self.0.unflushed.store(true, Ordering::Release);
        self.0.answered.fetch_add(1, Ordering::Relaxed);
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Why a connection's timer closed it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Expired {
    /// Nothing moved and no request was handled for `idle_timeout`.
    Idle,
    /// A request's headers did not arrive within `header_read_timeout` of the wait's start.
    Header,
}

/// The timer of one connection: what it saw at its last tick, and the timeouts. Each tick
/// samples [`Activity`]; whatever happened since the previous tick is counted as if it
/// happened at this one, which is never earlier than it did, so a timeout counted from it
/// never fires early, and at most one tick late.
#[derive(Debug)]
pub(super) struct Deadlines {
    idle_timeout: Duration,
    header_timeout: Duration,
    tick: Duration,
    /// The last tick at which something moved or a request was being handled (or the
    /// opening).
    quiet_since: Instant,
    /// Since when the connection has waited for its next request; `None` while a request
    /// is handled or answered.
    waiting_since: Option<Instant>,
    /// [`Activity::answered`] at the last tick.
    answered: u64,
    /// The server's start, the origin of [`Activity::waiting_since`].
    epoch: Instant,
}

impl Deadlines {
    /// The timer of a connection opened at `opened`.
    pub(super) fn new(
        idle_timeout: Duration,
        header_timeout: Duration,
        opened: Instant,
        epoch: Instant,
    ) -> Self {
        let tick =
            (idle_timeout.min(header_timeout) / TICKS_PER_TIMEOUT).max(Duration::from_millis(1));
        Deadlines {
            idle_timeout,
            header_timeout,
            tick,
            quiet_since: opened,
            waiting_since: Some(opened),
            answered: 0,
            epoch,
        }
    }

    /// When the first tick is due.
    pub(super) fn first_tick(&self) -> Instant {
        self.quiet_since + self.tick
    }

    /// One tick at `now`: the connection's timeout, if one has passed, or else when the next
    /// tick is due.
    pub(super) fn tick(&mut self, activity: &Activity, now: Instant) -> Result<Instant, Expired> {
        let in_flight = activity.in_flight.load(Ordering::Acquire) > 0;
        let unflushed = activity.unflushed.load(Ordering::Acquire);
        let answered = activity.answered.load(Ordering::Relaxed);
        let moved = activity.moved.swap(false, Ordering::Relaxed);
        let new_answer = answered != self.answered;
        // An answer is activity even if it could not be written yet (a client that stopped
        // reading), as a request in flight is.
        if in_flight || moved || new_answer {
            self.quiet_since = now;
        }
        if in_flight || unflushed {
            self.waiting_since = None;
        } else if self.waiting_since.is_none() || new_answer {
            self.waiting_since = Some(now);
            activity
                .waiting_since
                .store(millis_since(self.epoch, now), Ordering::Relaxed);
        }
        self.answered = answered;
        if !in_flight && passed(self.quiet_since, self.idle_timeout, now) {
            return Err(Expired::Idle);
        }
        if let Some(since) = self.waiting_since {
            if passed(since, self.header_timeout, now) {
                return Err(Expired::Header);
            }
        }
        Ok(now + self.tick)
    }
}

/// Milliseconds from `epoch` to `at` (the coarse clock that orders connections to shed).
pub(super) fn millis_since(epoch: Instant, at: Instant) -> u64 {
    u64::try_from(at.saturating_duration_since(epoch).as_millis()).unwrap_or(u64::MAX)
}

/// Whether `timeout` from `since` has passed at `now` (never, when it is too long to count).
fn passed(since: Instant, timeout: Duration, now: Instant) -> bool {
    since
        .checked_add(timeout)
        .is_some_and(|deadline| deadline <= now)
}

/// The client's socket, noting in [`Activity`] when bytes move either way and when an
/// answer has been written out.
pub(super) struct Watched<T> {
    pub(super) io: T,
    pub(super) activity: Arc<Activity>,
}

impl<T> Watched<T> {
    fn moved(&self) {
        self.activity.moved.store(true, Ordering::Relaxed);
    }
}

impl<T: AsyncRead + Unpin> AsyncRead for Watched<T> {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.io).poll_read(cx, buf);
        if buf.filled().len() > before {
            self.moved();
        }
        polled
    }
}

impl<T: AsyncWrite + Unpin> AsyncWrite for Watched<T> {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write(cx, buf);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        polled
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[std::io::IoSlice<'_>],
    ) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.io).poll_write_vectored(cx, bufs);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.moved();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    /// hyper flushes once everything it buffered has been written to the socket, so a
    /// successful flush means that no answer is left to write.
    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        let polled = Pin::new(&mut self.io).poll_flush(cx);
        if matches!(polled, Poll::Ready(Ok(()))) {
            self.activity.unflushed.store(false, Ordering::Release);
        }
        polled
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const IDLE: Duration = Duration::from_secs(10);
    const HEADER: Duration = Duration::from_secs(20);

    /// Ticks `deadlines` at every tick it asks for until it expires (or `limit` passes),
    /// calling `act` before each tick with the time of that tick; returns the expiry and when.
    fn run(
        deadlines: &mut Deadlines,
        activity: &Activity,
        opened: Instant,
        limit: Duration,
        mut act: impl FnMut(Duration),
    ) -> Option<(Expired, Duration)> {
        let mut at = deadlines.first_tick();
        while at - opened <= limit {
            act(at - opened);
            match deadlines.tick(activity, at) {
                Ok(next) => at = next,
                Err(expired) => return Some((expired, at - opened)),
            }
        }
        None
    }

    fn start() -> (Deadlines, Activity, Instant) {
        let opened = Instant::now();
        (
            Deadlines::new(IDLE, HEADER, opened, opened),
            Activity::new(0),
            opened,
        )
    }

    #[test]
    fn a_silent_connection_is_idle_after_the_idle_timeout_and_at_most_a_tick_later() {
        let (mut deadlines, activity, opened) = start();
        let (expired, after) = run(&mut deadlines, &activity, opened, HEADER * 2, |_| {}).unwrap();
        assert_eq!(expired, Expired::Idle);
        assert!(after >= IDLE && after <= IDLE + IDLE / 10, "{after:?}");
    }

    #[test]
    fn bytes_moving_put_off_the_idle_timeout_but_not_the_header_timeout() {
        let (mut deadlines, activity, opened) = start();
        // A client trickling its headers: bytes arrive all the time, no request comes.
        let (expired, after) = run(&mut deadlines, &activity, opened, HEADER * 2, |_| {
            activity.moved.store(true, Ordering::Relaxed);
        })
        .unwrap();
        assert_eq!(expired, Expired::Header);
        assert!(after >= HEADER && after <= HEADER + IDLE / 10, "{after:?}");
    }

    #[test]
    fn a_request_in_flight_is_never_timed_out_and_the_wait_restarts_after_its_answer() {
        let (mut deadlines, activity, opened) = start();
        let activity = Arc::new(activity);
        let mut request = Some(Busy::new(activity.clone()));
        let mut answered_at = None;
        let (expired, after) = run(&mut deadlines, &activity, opened, HEADER * 10, |at| {
            // Answered and written out, without a byte moving (as for a client that stopped
            // reading), long after both timeouts, just before a tick.
            if at >= HEADER * 3 && request.take().is_some() {
                activity.unflushed.store(false, Ordering::Release);
                answered_at = Some(at);
            }
        })
        .unwrap();
        let answered_at = answered_at.expect("answered");
        assert_eq!(expired, Expired::Idle);
        // Idle from the answer on.
        let quiet = after - answered_at;
        assert!(quiet >= IDLE && quiet <= IDLE + IDLE / 10, "{after:?}");
    }

    #[test]
    fn a_timeout_too_long_to_count_never_expires() {
        let opened = Instant::now();
        let mut deadlines = Deadlines::new(Duration::MAX, Duration::MAX, opened, opened);
        let activity = Activity::new(0);
        let far = opened + Duration::from_secs(86_400 * 365);
        assert!(deadlines.tick(&activity, far).is_ok());
    }
}
