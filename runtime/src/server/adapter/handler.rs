//! The server as a request handler of its own, for mounting it in another HTTP stack, and
//! what it shares with every connection [`serve`](super::serve) accepts.

use super::pipeline::handle;
use super::ServerConfig;
use crate::server::Dispatch;
use bytes::Bytes;
use http_body_util::Full;
use std::sync::Arc;
#[cfg(feature = "tower")]
use std::{
    future::Future,
    pin::Pin,
    task::{Context, Poll},
};

/// The dispatch and configuration of one server, shared by its connections and handlers.
pub(super) struct Shared<D> {
    pub(super) dispatch: D,
    pub(super) config: ServerConfig,
}

/// The server as a request handler, for mounting it in another HTTP stack: with the `tower`
/// feature it is a `tower::Service<http::Request<B>>` for any body `B` (so an axum `Router`
/// can `nest_service` or `fallback_service` it, under `tower-http` layers); without it,
/// [`Handler::handle`] does the same. A request goes through exactly what
/// [`serve`](crate::server::serve) runs: the `Host`/`Expect` checks, routing (HEAD as GET),
/// the body limit and timeout, the generated dispatch, the request id. Connection-level
/// limits (`header_read_timeout`, `idle_timeout`, `max_connections`,
/// `max_connections_per_peer`) belong to whoever owns the connections.
pub struct Handler<D> {
    shared: Arc<Shared<D>>,
}

impl<D> Clone for Handler<D> {
    fn clone(&self) -> Self {
        Handler {
            shared: self.shared.clone(),
        }
    }
}

impl<D> std::fmt::Debug for Handler<D> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Handler")
            .field("config", &self.shared.config)
            .finish_non_exhaustive()
    }
}

impl<D: Dispatch> Handler<D> {
    /// A handler for `dispatch` with the request limits of `config`.
    pub fn new(dispatch: D, config: ServerConfig) -> Self {
        Handler {
            shared: Arc::new(Shared { dispatch, config }),
        }
    }

    /// Answers one request.
    pub async fn handle<B>(&self, request: http::Request<B>) -> http::Response<Full<Bytes>>
    where
        B: hyper::body::Body + Send,
        B::Data: Send,
        B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
    {
        handle(&self.shared, request).await
    }
}

#[cfg(feature = "tower")]
impl<D, B> tower_service::Service<http::Request<B>> for Handler<D>
where
    D: Dispatch,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    type Response = http::Response<Full<Bytes>>;
    type Error = std::convert::Infallible;
    type Future = Pin<Box<dyn Future<Output = Result<Self::Response, Self::Error>> + Send>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Self::Error>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<B>) -> Self::Future {
        let shared = self.shared.clone();
        Box::pin(async move { Ok(handle(&shared, request).await) })
    }
}
