//! The async client runtime that generated clients call: a [`Call`] is built from a route
//! and an input's labels, query parameters, headers and body; [`Client::send`] turns it
//! into an HTTP request, signs it, sends it through the [`Transport`], retries by the
//! [`RetryPolicy`], and decodes the answer into the output or the operation's error.

mod config;
mod error;
mod paginate;
mod retry;
#[cfg(feature = "sigv4")]
mod sigv4;
mod transport;
mod wire;

pub use config::{Config, ConfigBuilder, ConfigError, Credentials, Timeouts};
pub use error::{ConstructionError, ResponseError, SdkError, TimeoutKind};
pub use paginate::{Items, Pages, Paginator};
pub use retry::{parse_retry_after, RetryPolicy};
#[cfg(feature = "sigv4")]
pub use sigv4::sign_request;
pub use transport::{BoxFuture, HyperTransport, Transport, TransportError, TransportErrorKind};
pub use wire::WireValue;

use crate::{build_path, encode_label, trace, ErrorResponse, OperationError, Route, Segment};
use bytes::Bytes;
use retry::{classify_status, jitter, Retry};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::borrow::Cow;
use std::fmt;
use std::sync::Arc;
use std::time::SystemTime;

/// What a generated client knows about its service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// The service name (`ApiGatewayV2`).
    pub name: &'static str,
    /// The SigV4 signing name (`apigateway`).
    pub signing_name: &'static str,
    /// The host prefix of the AWS endpoint (`apigateway`).
    pub endpoint_prefix: &'static str,
    /// The generated crate's package name and version, for the default `User-Agent`.
    pub crate_name: &'static str,
    pub crate_version: &'static str,
}

/// One request of an operation, gathered from its input by generated code.
#[derive(Debug)]
pub struct Call<'a> {
    operation: &'static str,
    method: &'static str,
    segments: &'static [Segment],
    idempotent: bool,
    labels: Vec<Cow<'a, str>>,
    query: String,
    headers: Vec<(&'static str, Cow<'a, str>)>,
    body: Option<Result<Vec<u8>, serde_json::Error>>,
}

impl<'a> Call<'a> {
    /// A request of the route's operation; not idempotent until [`Call::idempotent`].
    pub fn new<Op>(route: &'static Route<Op>) -> Self {
        Call {
            operation: route.name,
            method: route.method,
            segments: route.segments,
            idempotent: false,
            labels: Vec::new(),
            query: String::new(),
            headers: Vec::new(),
            body: None,
        }
    }

    /// Marks the operation idempotent: it may be retried after any retryable failure.
    pub fn idempotent(mut self) -> Self {
        self.idempotent = true;
        self
    }

    /// The next path label, in template order.
    pub fn label(mut self, value: &'a (impl WireValue + ?Sized)) -> Self {
        self.labels.push(value.to_wire());
        self
    }

    /// A query parameter, left out when `None`.
    pub fn query(mut self, name: &str, value: Option<&'a (impl WireValue + ?Sized)>) -> Self {
        if let Some(value) = value {
            self.push_query(name, &value.to_wire());
        }
        self
    }

    /// A list query parameter: the name repeated for each value; left out when `None`.
    pub fn query_list<V: WireValue>(mut self, name: &str, values: Option<&'a [V]>) -> Self {
        for value in values.unwrap_or_default() {
            self.push_query(name, &value.to_wire());
        }
        self
    }

    fn push_query(&mut self, name: &str, value: &str) {
        self.query
            .push(if self.query.is_empty() { '?' } else { '&' });
        encode_label(name, &mut self.query);
        self.query.push('=');
        encode_label(value, &mut self.query);
    }

    /// A header, left out when `None`.
    pub fn header(
        mut self,
        name: &'static str,
        value: Option<&'a (impl WireValue + ?Sized)>,
    ) -> Self {
        if let Some(value) = value {
            self.headers.push((name, value.to_header()));
        }
        self
    }

    /// A list header: the values joined with `, `; left out when `None`.
    pub fn header_list<V: WireValue>(
        mut self,
        name: &'static str,
        values: Option<&'a [V]>,
    ) -> Self {
        if let Some(values) = values {
            let joined: Vec<_> = values.iter().map(|v| v.to_header()).collect();
            self.headers.push((name, Cow::Owned(joined.join(", "))));
        }
        self
    }

    /// The JSON body: the input's body members (its other members are skipped by serde).
    pub fn json(mut self, input: &impl Serialize) -> Self {
        self.body = Some(serde_json::to_vec(input));
        self
    }
}

/// The runtime client: configuration, transport and the send loop. Cheap to clone.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    endpoint: String,
    /// `{crate}/{version} restgen-runtime/{version}`.
    default_user_agent: http::HeaderValue,
    service: &'static ServiceInfo,
    config: Config,
}

impl fmt::Debug for Client {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service.name)
            .field("endpoint", &self.inner.endpoint)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// A request ready to send, reused by every attempt.
struct Prepared {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
    idempotent: bool,
}

impl Client {
    /// A client of `service`; without an endpoint in `config`, the service's AWS endpoint in
    /// the configured region (`https://{endpoint_prefix}.{region}.amazonaws.com`).
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        let endpoint = match (&config.endpoint, &config.region) {
            (Some(url), _) => url.clone(),
            (None, region) => format!(
                "https://{}.{}.amazonaws.com",
                service.endpoint_prefix,
                region.as_deref().unwrap_or("us-east-1")
            ),
        };
        let default_user_agent = http::HeaderValue::from_str(&format!(
            "{}/{} restgen-runtime/{}",
            service.crate_name,
            service.crate_version,
            env!("CARGO_PKG_VERSION")
        ))
        .unwrap_or_else(|_| http::HeaderValue::from_static("restgen-runtime"));
        Client {
            inner: Arc::new(Inner {
                endpoint,
                default_user_agent,
                service,
                config,
            }),
        }
    }

    /// The base URL requests go to.
    pub fn endpoint(&self) -> &str {
        &self.inner.endpoint
    }

    /// Sends `call` and decodes a success response's JSON body as `O` (an empty body as
    /// `{}`), or the error response as `E`.
    pub async fn send<O: DeserializeOwned, E: OperationError>(
        &self,
        call: Call<'_>,
    ) -> Result<O, SdkError<E>> {
        let response = self.execute(call).await?;
        let body = response.body();
        let json: &[u8] = if body.is_empty() { b"{}" } else { body };
        serde_json::from_slice(json).map_err(|source| {
            SdkError::Response(ResponseError {
                status: response.status().as_u16(),
                source,
                body: body.clone(),
            })
        })
    }

    /// Sends `call` of an operation without output; a success response's body is ignored.
    pub async fn send_without_output<E: OperationError>(
        &self,
        call: Call<'_>,
    ) -> Result<(), SdkError<E>> {
        self.execute(call).await.map(drop)
    }

    /// Builds the request, then runs the attempts under the operation timeout.
    async fn execute<E: OperationError>(
        &self,
        call: Call<'_>,
    ) -> Result<http::Response<Bytes>, SdkError<E>> {
        let span = trace::client_operation(self.inner.service.name, call.operation);
        let prepared = self.prepare(call).map_err(SdkError::Construction)?;
        let attempts = self.attempts(&prepared, &span);
        let run = async {
            match self.inner.config.timeouts.operation {
                Some(limit) => tokio::time::timeout(limit, attempts)
                    .await
                    .unwrap_or(Err(SdkError::Timeout(TimeoutKind::Operation))),
                None => attempts.await,
            }
        };
        trace::within(&span, run).await
    }

    fn prepare(&self, call: Call<'_>) -> Result<Prepared, ConstructionError> {
        let labels: Vec<&str> = call.labels.iter().map(|l| l.as_ref()).collect();
        let path = build_path(call.segments, &labels).map_err(ConstructionError::Path)?;
        let uri = format!("{}{path}{}", self.inner.endpoint, call.query);
        let uri: http::Uri = uri.parse().map_err(ConstructionError::Uri)?;
        let mut headers = http::HeaderMap::new();
        for (name, value) in call.headers {
            let header = http::HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| ConstructionError::Header(name))?;
            let value =
                http::HeaderValue::from_str(&value).map_err(|_| ConstructionError::Header(name))?;
            headers.append(header, value);
        }
        let body = match call.body {
            Some(body) => {
                headers.insert(
                    http::header::CONTENT_TYPE,
                    http::HeaderValue::from_static("application/json"),
                );
                Bytes::from(body.map_err(ConstructionError::Body)?)
            }
            None => Bytes::new(),
        };
        let method = http::Method::from_bytes(call.method.as_bytes())
            .map_err(|_| ConstructionError::Method(call.method))?;
        if !headers.contains_key(http::header::USER_AGENT) {
            let user_agent = match &self.inner.config.user_agent {
                Some(value) => value.clone(),
                None => self.inner.default_user_agent.clone(),
            };
            headers.insert(http::header::USER_AGENT, user_agent);
        }
        Ok(Prepared {
            method,
            uri,
            headers,
            body,
            idempotent: call.idempotent,
        })
    }

    /// Sends `prepared` until it succeeds, fails for good, or runs out of attempts.
    async fn attempts<E: OperationError>(
        &self,
        prepared: &Prepared,
        span: &trace::Span,
    ) -> Result<http::Response<Bytes>, SdkError<E>> {
        let policy = &self.inner.config.retry;
        let mut attempt = 1;
        loop {
            let attempt_span = trace::client_attempt(attempt);
            let result = trace::within(&attempt_span, self.attempt(prepared)).await;
            if let Ok(response) = &result {
                let request_id = response
                    .headers()
                    .get(crate::REQUEST_ID_HEADER)
                    .and_then(|v| v.to_str().ok());
                trace::record_response(span, attempt, response.status().as_u16(), request_id);
            }
            let (retry, retry_after, error) = match result {
                Ok(response) if response.status().is_success() => return Ok(response),
                Ok(response) => {
                    let status = response.status().as_u16();
                    let retry_after = response
                        .headers()
                        .get(http::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    let parsed = ErrorResponse::parse(status, response.headers(), response.body());
                    let error = SdkError::Service(E::from_response(&parsed));
                    (classify_status(status), retry_after, error)
                }
                Err(error) => {
                    let retry = match &error {
                        SdkError::Transport(e) if e.request_not_sent() => Retry::Safe,
                        SdkError::Timeout(TimeoutKind::Connect) => Retry::Safe,
                        SdkError::Construction(_) => Retry::Never,
                        _ => Retry::IfIdempotent,
                    };
                    (retry, None, error)
                }
            };
            let allowed = match retry {
                Retry::Safe => true,
                Retry::IfIdempotent => prepared.idempotent || policy.retry_non_idempotent,
                Retry::Never => false,
            };
            let reason = match &error {
                SdkError::Service(e) => e.view().code.unwrap_or("error response"),
                SdkError::Timeout(_) => "timeout",
                SdkError::Transport(_) => "transport error",
                _ => "error",
            };
            if !allowed || attempt >= policy.max_attempts {
                trace::retry_decision(attempt, None, reason);
                return Err(error);
            }
            let delay = policy.delay(attempt, retry_after, jitter());
            trace::retry_decision(attempt, Some(delay), reason);
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: a fresh request (signed anew, so its date is current) under the
    /// attempt timeout.
    async fn attempt<E>(&self, prepared: &Prepared) -> Result<http::Response<Bytes>, SdkError<E>> {
        let mut request = http::Request::new(prepared.body.clone());
        *request.method_mut() = prepared.method.clone();
        *request.uri_mut() = prepared.uri.clone();
        *request.headers_mut() = prepared.headers.clone();
        self.sign(&mut request)?;
        let config = &self.inner.config;
        let exchange = config.transport.send(request);
        let result = match config.timeouts.attempt {
            Some(limit) => tokio::time::timeout(limit, exchange)
                .await
                .map_err(|_| SdkError::Timeout(TimeoutKind::Attempt))?,
            None => exchange.await,
        };
        result.map_err(|e| match e.kind() {
            TransportErrorKind::ConnectTimeout => SdkError::Timeout(TimeoutKind::Connect),
            _ => SdkError::Transport(e),
        })
    }

    #[cfg(feature = "sigv4")]
    fn sign<E>(&self, request: &mut http::Request<Bytes>) -> Result<(), SdkError<E>> {
        let config = &self.inner.config;
        let (Some(credentials), Some(region)) = (&config.credentials, &config.region) else {
            return Ok(());
        };
        let time = (config.clock)();
        sign_request(
            request,
            credentials,
            region,
            self.inner.service.signing_name,
            time,
        )
        .map_err(|e| SdkError::Construction(ConstructionError::Signing(e)))
    }

    #[cfg(not(feature = "sigv4"))]
    fn sign<E>(&self, _request: &mut http::Request<Bytes>) -> Result<(), SdkError<E>> {
        Ok(())
    }
}
