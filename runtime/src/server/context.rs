//! What an implementation can see of the request it is answering besides its input: the
//! method, URI and headers, and the extensions that tower layers put on the request (an
//! authenticated principal, a trace id). A `Service` method keeps its simple form, taking
//! only its input, and asks for the context when it needs it:
//!
//! ```
//! use restgen_runtime::server::RequestContext;
//!
//! #[derive(Clone)]
//! struct Principal(String);
//!
//! /// In a `Service` method: who is calling, as a layer in front of the server established.
//! fn caller() -> Option<String> {
//!     RequestContext::with(|cx| cx.extensions().get::<Principal>().map(|p| p.0.clone()))
//!         .flatten()
//! }
//! assert_eq!(caller(), None); // outside a request being answered there is no context
//! ```
//!
//! The context belongs to the task that answers the request: a task the method spawns does
//! not see it (take what it needs along). Why not an extra parameter on every method: the
//! trait stays what the schema says, a method that needs nothing of the request is written
//! as before, and reading the context costs nothing when no method asks.

use std::sync::Arc;

tokio::task_local! {
    static CONTEXT: RequestContext;
}

/// The request being answered, as it arrived (before its body was read and decoded).
#[derive(Debug)]
pub struct RequestContext {
    method: http::Method,
    uri: http::Uri,
    headers: Arc<http::HeaderMap>,
    extensions: http::Extensions,
}

impl RequestContext {
    /// The context of a request whose head was `parts` (the adapter builds it), sharing
    /// `headers` with the decoding of the input.
    pub(crate) fn new(
        method: http::Method,
        uri: http::Uri,
        headers: Arc<http::HeaderMap>,
        extensions: http::Extensions,
    ) -> Self {
        RequestContext {
            method,
            uri,
            headers,
            extensions,
        }
    }

    /// Runs `read` on the context of the request the current task is answering; `None`
    /// outside one (a method called directly, as in a unit test).
    pub fn with<R>(read: impl FnOnce(&RequestContext) -> R) -> Option<R> {
        CONTEXT.try_with(read).ok()
    }

    /// Runs `future` as the answer to the request of this context.
    pub(crate) async fn scope<F: std::future::Future>(self, future: F) -> F::Output {
        CONTEXT.scope(self, future).await
    }

    /// The request's method (`GET` for a `HEAD` answered as a `GET` is still `HEAD`).
    pub fn method(&self) -> &http::Method {
        &self.method
    }

    /// The request's URI as it arrived: the path before the mount point was stripped, and
    /// the query.
    pub fn uri(&self) -> &http::Uri {
        &self.uri
    }

    /// Every header of the request, those the input binds included.
    pub fn headers(&self) -> &http::HeaderMap {
        &self.headers
    }

    /// The token of an `Authorization: Bearer <token>` header, if the request has one.
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self
            .headers
            .get(http::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
        let scheme = value.get(..7)?;
        scheme
            .eq_ignore_ascii_case("Bearer ")
            .then(|| value[7..].trim())
            .filter(|t| !t.is_empty())
    }

    /// What tower layers (or an axum middleware) put on the request before it reached the
    /// server: `extensions().get::<Principal>()`.
    pub fn extensions(&self) -> &http::Extensions {
        &self.extensions
    }
}
