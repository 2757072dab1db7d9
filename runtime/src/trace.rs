//! `tracing` spans for every operation, client and server side, with the `tracing` feature;
//! without it every function here is an empty inline function on a zero-sized [`Span`],
//! so the calls cost nothing.
//!
//! Client: a span `restgen.client` per operation call (`service`, `operation`, and once
//! known `attempts`, `status`, `request_id`), a child span `restgen.attempt` per attempt
//! (`attempt`), and an event per retry decision (`retrying`, with `attempt`, `delay_ms`,
//! `reason`; or `giving up`). Server: a span `restgen.server` per request (`method`,
//! `request_id`, and once known `operation`, `status`, `error_type`).

#[cfg(feature = "tracing")]
pub use tracing::Span;

/// A stand-in for `tracing::Span` when tracing is off.
#[cfg(not(feature = "tracing"))]
#[derive(Debug, Clone, Copy)]
pub struct Span;

#[cfg(any(feature = "client", feature = "server"))]
/// Runs `future` inside `span`.
#[cfg(feature = "tracing")]
pub(crate) async fn within<F: std::future::Future>(span: &Span, future: F) -> F::Output {
    use tracing::Instrument;
    future.instrument(span.clone()).await
}

#[cfg(all(not(feature = "tracing"), any(feature = "client", feature = "server")))]
#[inline(always)]
pub(crate) async fn within<F: std::future::Future>(_: &Span, future: F) -> F::Output {
    future.await
}

#[cfg(feature = "client")]
/// The span of one operation call on the client.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn client_operation(service: &'static str, operation: &'static str) -> Span {
    #[cfg(feature = "tracing")]
    return tracing::info_span!(
        "restgen.client",
        service,
        operation,
        attempts = tracing::field::Empty,
        status = tracing::field::Empty,
        request_id = tracing::field::Empty,
    );
    #[cfg(not(feature = "tracing"))]
    Span
}

#[cfg(feature = "client")]
/// The span of one attempt of a client call.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn client_attempt(attempt: u32) -> Span {
    #[cfg(feature = "tracing")]
    return tracing::debug_span!("restgen.attempt", attempt);
    #[cfg(not(feature = "tracing"))]
    Span
}

#[cfg(feature = "client")]
/// What a response said: its status and request id, on the operation span.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn record_response(span: &Span, attempts: u32, status: u16, request_id: Option<&str>) {
    #[cfg(feature = "tracing")]
    {
        span.record("attempts", attempts);
        span.record("status", status);
        if let Some(id) = request_id {
            span.record("request_id", id);
        }
    }
}

#[cfg(feature = "client")]
/// A retry decision of the client: `Some(delay)` when it sends again after `delay`. The
/// reason is worked out only when there is a trace to write it to.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn retry_decision<'a>(
    attempt: u32,
    delay: Option<std::time::Duration>,
    reason: impl FnOnce() -> std::borrow::Cow<'a, str>,
) {
    #[cfg(feature = "tracing")]
    let reason = &*reason();
    #[cfg(feature = "tracing")]
    match delay {
        Some(delay) => tracing::info!(
            attempt,
            delay_ms = delay.as_millis() as u64,
            reason,
            "retrying"
        ),
        None => tracing::info!(attempt, reason, "giving up"),
    }
}

#[cfg(feature = "server")]
/// The span of one request on the server.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn server_request(method: &str, request_id: &str) -> Span {
    #[cfg(feature = "tracing")]
    return tracing::info_span!(
        "restgen.server",
        method,
        request_id,
        operation = tracing::field::Empty,
        status = tracing::field::Empty,
        error_type = tracing::field::Empty,
    );
    #[cfg(not(feature = "tracing"))]
    Span
}

#[cfg(feature = "server")]
/// The operation a server request was routed to.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn record_operation(span: &Span, operation: &'static str) {
    #[cfg(feature = "tracing")]
    span.record("operation", operation);
}

#[cfg(feature = "server")]
/// The status (and error code) a server answered with.
#[inline(always)]
#[allow(unused_variables)]
pub(crate) fn record_status(span: &Span, status: u16, error_type: Option<&str>) {
    #[cfg(feature = "tracing")]
    {
        span.record("status", status);
        if let Some(code) = error_type {
            span.record("error_type", code);
        }
    }
}
