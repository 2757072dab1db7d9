//! The transport seam: one HTTP exchange, from a whole request to a whole response. The
//! client does everything else (building, signing, retrying, decoding) around it, so a test
//! or a user can plug in any HTTP stack; [`HyperTransport`] is the default.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::client::legacy::Client as LegacyClient;
use hyper_util::rt::{TokioExecutor, TokioTimer};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

/// A boxed, sendable future: what [`Transport::send`] returns, so the trait is object-safe.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Sends one request and reads the whole response. Implementations must not retry, follow
/// redirects or change the request; the client relies on seeing every attempt.
pub trait Transport: Send + Sync + 'static {
    /// Performs one HTTP exchange.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;
}

/// How an exchange failed, which decides whether a retry is safe.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection could be made (refused, no route, TLS handshake): nothing was sent.
    Connect,
    /// Connecting took longer than the connect timeout: nothing was sent.
    ConnectTimeout,
    /// The exchange failed after the request may have reached the server (a reset or a
    /// connection closed before the whole response arrived).
    Io,
}

/// A failed exchange.
#[derive(Debug)]
pub struct TransportError {
    kind: TransportErrorKind,
    source: Box<dyn std::error::Error + Send + Sync>,
}

impl TransportError {
    /// An error of `kind` caused by `source`.
    pub fn new(
        kind: TransportErrorKind,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            source: source.into(),
        }
    }

    /// How the exchange failed.
    pub fn kind(&self) -> TransportErrorKind {
        self.kind
    }

    /// Whether the request certainly did not reach the server, so that sending it again is
    /// safe even for an operation that is not idempotent.
    pub fn request_not_sent(&self) -> bool {
        matches!(
            self.kind,
            TransportErrorKind::Connect | TransportErrorKind::ConnectTimeout
        )
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            TransportErrorKind::Connect => "could not connect",
            TransportErrorKind::ConnectTimeout => "timed out connecting",
            TransportErrorKind::Io => "connection failed during the exchange",
        };
        write!(f, "{what}: {}", self.source)
    }
}

impl std::error::Error for TransportError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&*self.source)
    }
}

/// The connector of the default transport: plain TCP for `http`, rustls for `https`.
type Connector = hyper_rustls::HttpsConnector<HttpConnector>;

/// The default transport: hyper-util's pooled HTTP/1.1 client over rustls (ring, webpki
/// roots). No redirects are followed and no proxy is read from the environment.
#[derive(Debug, Clone)]
pub struct HyperTransport {
    client: LegacyClient<Connector, Full<Bytes>>,
}

impl HyperTransport {
    /// A transport whose connections time out after `connect_timeout`.
    pub fn new(connect_timeout: Option<Duration>) -> Result<Self, rustls::Error> {
        let mut http = HttpConnector::new();
        http.enforce_http(false);
        http.set_nodelay(true);
        http.set_connect_timeout(connect_timeout);
        // rustls 0.23.48 deprecates its ring provider because ring has no post-quantum key
        // exchange; the alternative, aws-lc-rs, builds a C library (cmake, a minute of every
        // clean build). TLS stays on ring, which the client already builds for SigV4; a
        // caller who needs post-quantum key exchange brings a transport of their own.
        #[allow(deprecated)]
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let https = hyper_rustls::HttpsConnectorBuilder::new()
            .with_provider_and_webpki_roots(provider)?
            .https_or_http()
            .enable_http1()
            .wrap_connector(http);
        let client = LegacyClient::builder(TokioExecutor::new())
            .pool_timer(TokioTimer::new())
            .build(https);
        Ok(HyperTransport { client })
    }
}

impl Transport for HyperTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(async move {
            let response = self
                .client
                .request(request.map(Full::new))
                .await
                .map_err(classify)?;
            let (parts, body) = response.into_parts();
            let body = body
                .collect()
                .await
                .map_err(|e| TransportError::new(TransportErrorKind::Io, e))?
                .to_bytes();
            Ok(http::Response::from_parts(parts, body))
        })
    }
}

/// hyper-util reports a failure to connect as `is_connect`, with an I/O `TimedOut` inside
/// when the connect timeout fired; anything else happened once the request may have been
/// written.
fn classify(error: hyper_util::client::legacy::Error) -> TransportError {
    let kind = if !error.is_connect() {
        TransportErrorKind::Io
    } else if timed_out(&error) {
        TransportErrorKind::ConnectTimeout
    } else {
        TransportErrorKind::Connect
    };
    TransportError::new(kind, error)
}

fn timed_out(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut source = Some(error);
    while let Some(e) = source {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            if io.kind() == std::io::ErrorKind::TimedOut {
                return true;
            }
        }
        source = e.source();
    }
    false
}
