//! The idle timer of a connection: what counts as activity (bytes moving either way, a
//! request being handled) and the wait that ends once there has been none for a while.

use std::pin::Pin;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::sync::Notify;
use tokio::time::Instant;

/// What the idle timer of one connection watches.
pub(super) struct Activity {
    /// The connection's start, against which `last` is counted.
    started: Instant,
    /// Milliseconds from `started` to the last byte read or written, or to the last request
    /// being taken up or answered.
    last: AtomicU64,
    /// Requests being handled.
    in_flight: AtomicUsize,
    /// Signalled when a request has been answered, so the timer starts counting again.
    answered: Notify,
}

impl Activity {
    pub(super) fn new() -> Self {
        Activity {
            started: Instant::now(),
            last: AtomicU64::new(0),
            in_flight: AtomicUsize::new(0),
            answered: Notify::new(),
        }
    }

    fn touch(&self) {
        let ms = self.started.elapsed().as_millis();
        self.last
            .store(u64::try_from(ms).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    fn last(&self) -> Instant {
        self.started + Duration::from_millis(self.last.load(Ordering::Relaxed))
    }
}

/// A request being handled, for [`Activity::in_flight`].
pub(super) struct Busy(Arc<Activity>);

impl Busy {
    pub(super) fn new(activity: Arc<Activity>) -> Self {
        activity.in_flight.fetch_add(1, Ordering::AcqRel);
        activity.touch();
        Busy(activity)
    }
}

impl Drop for Busy {
    fn drop(&mut self) {
        // Touched first, so that the timer never sees the request gone with an old time.
        self.0.touch();
        self.0.in_flight.fetch_sub(1, Ordering::AcqRel);
        self.0.answered.notify_one();
    }
}

/// Returns once the connection has been idle for `timeout`: no request being handled and
/// nothing read or written. A request being handled is bounded by its own timeouts (and
/// the implementation's), so the timer waits for it to be answered.
pub(super) async fn idle(activity: &Activity, timeout: Duration) {
    loop {
        if activity.in_flight.load(Ordering::Acquire) > 0 {
            activity.answered.notified().await;
            continue;
        }
        let deadline = activity.last() + timeout;
        if deadline <= Instant::now() {
            return;
        }
        // Woken early by an answered request, the loop looks again from its new time.
        tokio::select! {
            _ = tokio::time::sleep_until(deadline) => {}
            _ = activity.answered.notified() => {}
        }
    }
}

/// The client's socket, noting in [`Activity`] when bytes move either way.
pub(super) struct Watched<T> {
    pub(super) io: T,
    pub(super) activity: Arc<Activity>,
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
            self.activity.touch();
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
            self.activity.touch();
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
            self.activity.touch();
        }
        polled
    }

    fn is_write_vectored(&self) -> bool {
        self.io.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.io).poll_shutdown(cx)
    }
}
