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
        if in_flight || moved {
            self.quiet_since = now;
        }
        if in_flight || unflushed {
            self.waiting_since = None;
        } else if self.waiting_since.is_none() || answered != self.answered {
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
