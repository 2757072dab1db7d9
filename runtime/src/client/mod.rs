//! The async client runtime that generated clients call: a [`Call`] is built from a route
//! and an input's labels, query parameters, headers and body; [`Client::send`] turns it
//! into an HTTP request, signs it, sends it through the [`Transport`], retries by the
//! [`RetryPolicy`], and decodes the answer into the output or the operation's error.

mod call;
mod config;
mod error;
mod paginate;
mod response;
mod retry;
#[cfg(feature = "sigv4")]
mod sigv4;
mod transport;
mod wire;

pub use call::{Call, QueryValues};
pub use config::{
    Config, ConfigBuilder, ConfigError, Credentials, Timeouts, TokenProvider,
    DEFAULT_MIN_COMPRESSION_BYTES,
};
pub use error::{ConstructionError, DecodeError, ResponseError, SdkError, TimeoutKind};
pub use paginate::{Items, Pages, Paginator};
pub use response::Response;
pub use retry::{parse_retry_after, RetryPolicy};
#[cfg(feature = "sigv4")]
pub use sigv4::sign_request;
pub use transport::{BoxFuture, HyperTransport, Transport, TransportError, TransportErrorKind};
pub use wire::WireValue;

use crate::{build_path, trace, AuthScheme, ErrorResponse, OperationError};
use bytes::Bytes;
use retry::{classify_status, jitter, Retry};
use serde::de::DeserializeOwned;
use std::borrow::Cow;
use std::convert::Infallible;
use std::fmt;
use std::future::Future;
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
    /// The wire protocol: how error responses are told apart.
    pub protocol: crate::Protocol,
    /// The schema's `servers`: base URLs, the first the default endpoint.
    pub servers: &'static [&'static str],
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

/// `endpoint` with `prefix` before its host: `http://127.0.0.1:8080` with `data.` is
/// `http://data.127.0.0.1:8080`.
fn with_host_prefix<'e>(
    endpoint: &'e str,
    prefix: &str,
) -> Result<Cow<'e, str>, ConstructionError> {
    let host_start = endpoint.find("://").map_or(0, |i| i + 3);
    let valid = !prefix.is_empty()
        && prefix
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.');
    if !valid {
        return Err(ConstructionError::HostPrefix(prefix.to_string()));
    }
    Ok(Cow::Owned(format!(
        "{}{prefix}{}",
        &endpoint[..host_start],
        &endpoint[host_start..]
    )))
}

/// Request compression (feature `compression`).
mod compress {
    /// Gzips `body` and appends `gzip` to `Content-Encoding`.
    #[cfg(feature = "compression")]
    pub fn gzip(body: Vec<u8>, headers: &mut http::HeaderMap) -> Vec<u8> {
        use std::io::Write;
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        // Writing to a Vec cannot fail.
        let compressed = encoder
            .write_all(&body)
            .and_then(|()| encoder.finish())
            .ok();
        let Some(compressed) = compressed else {
            return body;
        };
        let encoding = match headers
            .get(http::header::CONTENT_ENCODING)
            .and_then(|v| v.to_str().ok())
        {
            Some(existing) if !existing.is_empty() => format!("{existing}, gzip"),
            _ => "gzip".to_string(),
        };
        if let Ok(value) = http::HeaderValue::from_str(&encoding) {
            headers.insert(http::header::CONTENT_ENCODING, value);
        }
        compressed
    }

    /// Without the `compression` feature the body is sent as it is, which every service
    /// that accepts compressed requests also accepts.
    #[cfg(not(feature = "compression"))]
    pub fn gzip(body: Vec<u8>, _headers: &mut http::HeaderMap) -> Vec<u8> {
        body
    }
}

/// A request ready to send, reused by every attempt.
struct Prepared {
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
    /// Whether the operation sends a body (possibly empty): it then has `Content-Length`.
    has_body: bool,
    idempotent: bool,
    /// Whether each attempt carries the bearer token (asked for anew each time).
    bearer: bool,
    /// Whether each attempt is signed (SigV4, when the configuration has credentials).
    sign: bool,
}

/// Which of the configuration's credentials a request carries: for an operation with
/// schemes, the first scheme's whose credential is configured (none for `auth: []`); for a
/// schema without schemes, the bearer token or basic credentials and a signature, whichever
/// are configured.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Credential {
    bearer: bool,
    basic: bool,
    api_key: Option<AuthScheme>,
    sign: bool,
}

impl Credential {
    fn choose(config: &Config, schemes: Option<&[AuthScheme]>) -> Self {
        let none = Credential {
            bearer: false,
            basic: false,
            api_key: None,
            sign: false,
        };
        let Some(schemes) = schemes else {
            return Credential {
                bearer: config.bearer.is_some(),
                basic: config.basic.is_some(),
                sign: true,
                ..none
            };
        };
        let first = schemes.iter().find(|scheme| match scheme {
            AuthScheme::Bearer => config.bearer.is_some(),
            AuthScheme::Basic => config.basic.is_some(),
            AuthScheme::ApiKeyHeader(_) | AuthScheme::ApiKeyQuery(_) => config.api_key.is_some(),
            AuthScheme::SigV4 => config.credentials.is_some(),
        });
        match first {
            Some(AuthScheme::Bearer) => Credential {
                bearer: true,
                ..none
            },
            Some(AuthScheme::Basic) => Credential {
                basic: true,
                ..none
            },
            Some(AuthScheme::SigV4) => Credential { sign: true, ..none },
            Some(key) => Credential {
                api_key: Some(*key),
                ..none
            },
            None => none,
        }
    }
}

impl Client {
    /// A client of `service`. Its endpoint is the configuration's; without one, for an AWS
    /// service (rest-json) with a region, its endpoint in the region
    /// (`https://{endpoint_prefix}.{region}.amazonaws.com`); else the first of the
    /// service's `servers`. With none of them, every call fails with
    /// [`ConstructionError::NoEndpoint`].
    pub fn new(config: Config, service: &'static ServiceInfo) -> Self {
        let endpoint = match (&config.endpoint, &config.region, service.protocol) {
            (Some(url), _, _) => url.clone(),
            (None, Some(region), crate::Protocol::RestJson1) => {
                format!("https://{}.{region}.amazonaws.com", service.endpoint_prefix)
            }
            // Servers are checked by the generator (absolute http(s) URLs); a trailing `/`
            // goes, as `ConfigBuilder::endpoint` drops it.
            _ => service
                .servers
                .first()
                .map_or_else(String::new, |url| url.trim_end_matches('/').to_string()),
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
    ///
    /// The request is built from `call` at once; the future owns all it needs (a clone of
    /// the client), so generated methods return it as it is, with no `async` body of their
    /// own, and it can be spawned.
    pub fn send<O, E>(
        &self,
        call: Call<'_>,
    ) -> impl Future<Output = Result<O, SdkError<E>>> + Send + 'static
    where
        O: DeserializeOwned + Send + 'static,
        E: OperationError,
    {
        let response = self.execute(call);
        let protocol = self.inner.service.protocol;
        async move {
            let response = service_error::<E>(protocol, response.await)?;
            let body = response.body();
            let json: &[u8] = if body.is_empty() { b"{}" } else { body };
            // Error correction: a required member the answer leaves out takes its zero value.
            crate::glue::object::correcting(|| serde_json::from_slice(json)).map_err(|source| {
                SdkError::Response(ResponseError {
                    status: response.status().as_u16(),
                    source: DecodeError::Json(source),
                    body: body.clone(),
                })
            })
        }
    }

    /// Sends `call` and decodes a success response with `decode`: generated code for an
    /// output with members outside the JSON body (headers, status, payload). Built at once,
    /// as [`Client::send`].
    pub fn send_with<O, E, D>(
        &self,
        call: Call<'_>,
        decode: D,
    ) -> impl Future<Output = Result<O, SdkError<E>>> + Send + 'static
    where
        O: Send + 'static,
        E: OperationError,
        D: FnOnce(Response<'_>) -> Result<O, DecodeError> + Send + 'static,
    {
        let response = self.execute(call);
        let protocol = self.inner.service.protocol;
        async move {
            let response = service_error::<E>(protocol, response.await)?;
            decode(Response::new(&response)).map_err(|source| {
                SdkError::Response(ResponseError {
                    status: response.status().as_u16(),
                    source,
                    body: response.body().clone(),
                })
            })
        }
    }

    /// A fresh idempotency token for a member the caller left unset: from the
    /// configured generator, or a random UUID v4.
    pub fn idempotency_token(&self) -> String {
        match &self.inner.config.idempotency_token {
            Some(generate) => generate(),
            None => crate::idempotency_token(),
        }
    }

    /// Sends `call` of an operation without output; a success response's body is ignored.
    /// Built at once, as [`Client::send`].
    pub fn send_without_output<E: OperationError>(
        &self,
        call: Call<'_>,
    ) -> impl Future<Output = Result<(), SdkError<E>>> + Send + 'static {
        let response = self.execute(call);
        let protocol = self.inner.service.protocol;
        async move { service_error::<E>(protocol, response.await).map(drop) }
    }

    /// Builds the request now; the future runs the attempts under the operation timeout and
    /// gives the last response, whatever its status. Not generic over the operation's error
    /// type (an error response becomes one in [`service_error`]), so the retry loop is
    /// compiled once, not once per operation.
    fn execute(
        &self,
        call: Call<'_>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, SdkError<Infallible>>> + Send + 'static
    {
        let span = trace::client_operation(self.inner.service.name, call.operation);
        let prepared = self.prepare(call);
        let client = self.clone();
        async move {
            let prepared = prepared.map_err(SdkError::Construction)?;
            let attempts = client.attempts(&prepared, &span);
            let run = async {
                match client.inner.config.timeouts.operation {
                    Some(limit) => tokio::time::timeout(limit, attempts)
                        .await
                        .unwrap_or(Err(SdkError::Timeout(TimeoutKind::Operation))),
                    None => attempts.await,
                }
            };
            trace::within(&span, run).await
        }
    }

    fn prepare(&self, call: Call<'_>) -> Result<Prepared, ConstructionError> {
        if self.inner.endpoint.is_empty() {
            return Err(ConstructionError::NoEndpoint);
        }
        let labels: Vec<&str> = call.labels.iter().map(|l| l.as_ref()).collect();
        let path = build_path(call.segments, &labels).map_err(ConstructionError::Path)?;
        let endpoint = match &call.host_prefix {
            Some(prefix) if self.inner.config.inject_host_prefix => {
                with_host_prefix(&self.inner.endpoint, prefix)?
            }
            _ => Cow::Borrowed(self.inner.endpoint.as_str()),
        };
        let config = &self.inner.config;
        let credential = Credential::choose(config, call.auth);
        // The configuration's query parameters (already encoded) after the operation's own,
        // then an API key that travels in the query.
        let mut query = call.query;
        if !config.query.is_empty() {
            query.push(if query.is_empty() { '?' } else { '&' });
            query.push_str(&config.query);
        }
        if let (Some(AuthScheme::ApiKeyQuery(name)), Some(key)) =
            (credential.api_key, &config.api_key)
        {
            call::append_query(&mut query, name, key);
        }
        let uri = format!("{endpoint}{path}{query}");
        let uri: http::Uri = uri.parse().map_err(ConstructionError::Uri)?;
        let mut headers = http::HeaderMap::new();
        for (name, value) in &call.headers {
            let bad = || ConstructionError::Header(name.to_string());
            let header = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
            let value = http::HeaderValue::from_str(value).map_err(|_| bad())?;
            headers.append(header, value);
        }
        // A prefix map's header yields to the same header a member sets.
        for (name, value) in &call.prefixed {
            let bad = || ConstructionError::Header(name.clone());
            let header = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
            let value = http::HeaderValue::from_str(value).map_err(|_| bad())?;
            if !headers.contains_key(&header) {
                headers.append(header, value);
            }
        }
        let has_body = call.body.is_some();
        let body = match call.body {
            Some(body) => {
                let body = body.map_err(ConstructionError::Body)?;
                if !headers.contains_key(http::header::CONTENT_TYPE) {
                    headers.insert(
                        http::header::CONTENT_TYPE,
                        http::HeaderValue::from_static(body.content_type),
                    );
                }
                let min = self.inner.config.min_compression_bytes;
                let bytes = if call.gzip && min.is_some_and(|min| body.bytes.len() >= min) {
                    compress::gzip(body.bytes, &mut headers)
                } else {
                    body.bytes
                };
                Bytes::from(bytes)
            }
            None => Bytes::new(),
        };
        if call.content_md5 {
            let digest = md5::compute(&body);
            let value = http::HeaderValue::from_str(&crate::to_base64(&digest.0))
                .map_err(|_| ConstructionError::Header("Content-MD5".to_string()))?;
            headers.insert("content-md5", value);
        }
        let method = http::Method::from_bytes(call.method.as_bytes())
            .map_err(|_| ConstructionError::Method(call.method))?;
        for (name, value) in &config.headers {
            if !headers.contains_key(name) {
                headers.insert(name.clone(), value.clone());
            }
        }
        if let (true, Some(value)) = (credential.basic, &config.basic) {
            headers.insert(http::header::AUTHORIZATION, value.clone());
        }
        if let (Some(AuthScheme::ApiKeyHeader(name)), Some(key)) =
            (credential.api_key, &config.api_key)
        {
            let bad = || ConstructionError::Header(name.to_string());
            let name = http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
            let mut value = http::HeaderValue::from_str(key).map_err(|_| bad())?;
            value.set_sensitive(true);
            headers.insert(name, value);
        }
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
            has_body,
            idempotent: call.idempotent,
            bearer: credential.bearer,
            sign: credential.sign,
        })
    }

    /// Sends `prepared` until it succeeds, fails for good, or runs out of attempts; the
    /// last response is given back whatever its status.
    async fn attempts(
        &self,
        prepared: &Prepared,
        span: &trace::Span,
    ) -> Result<http::Response<Bytes>, SdkError<Infallible>> {
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
            let (retry, retry_after) = match &result {
                Ok(response) if response.status().is_success() => return result,
                Ok(response) => {
                    let retry_after = response
                        .headers()
                        .get(http::header::RETRY_AFTER)
                        .and_then(|v| v.to_str().ok())
                        .and_then(|v| parse_retry_after(v, SystemTime::now()));
                    (classify_status(response.status().as_u16()), retry_after)
                }
                Err(error) => {
                    let retry = match error {
                        SdkError::Transport(e) if e.request_not_sent() => Retry::Safe,
                        SdkError::Timeout(TimeoutKind::Connect) => Retry::Safe,
                        SdkError::Construction(_) => Retry::Never,
                        _ => Retry::IfIdempotent,
                    };
                    (retry, None)
                }
            };
            let allowed = match retry {
                Retry::Safe => true,
                Retry::IfIdempotent => prepared.idempotent || policy.retry_non_idempotent,
                Retry::Never => false,
            };
            if !allowed || attempt >= policy.max_attempts {
                trace::retry_decision(attempt, None, || {
                    failure_reason(self.inner.service.protocol, &result)
                });
                return result;
            }
            let delay = policy.delay(attempt, retry_after, jitter());
            trace::retry_decision(attempt, Some(delay), || {
                failure_reason(self.inner.service.protocol, &result)
            });
            tokio::time::sleep(delay).await;
            attempt += 1;
        }
    }

    /// One attempt: a fresh request (signed anew, so its date is current) under the
    /// attempt timeout.
    async fn attempt(
        &self,
        prepared: &Prepared,
    ) -> Result<http::Response<Bytes>, SdkError<Infallible>> {
        let mut request = http::Request::new(prepared.body.clone());
        *request.method_mut() = prepared.method.clone();
        *request.uri_mut() = prepared.uri.clone();
        *request.headers_mut() = prepared.headers.clone();
        let config = &self.inner.config;
        // Asked at every attempt, so that a rotated token is the one sent.
        if let (true, Some(provider)) = (prepared.bearer, &config.bearer) {
            // A token that is not a valid header value (a newline in it) is left out rather
            // than sent broken; the server's 401 then says what is missing.
            if let Ok(mut value) = http::HeaderValue::from_str(&format!("Bearer {}", provider())) {
                value.set_sensitive(true);
                request
                    .headers_mut()
                    .insert(http::header::AUTHORIZATION, value);
            }
        }
        if prepared.sign {
            self.sign(&mut request)?;
        }
        // The transport would send it anyway; set after signing, as botocore does (it is
        // not signed), so that it is there at the transport seam.
        if prepared.has_body {
            let length = http::HeaderValue::from(prepared.body.len());
            request
                .headers_mut()
                .insert(http::header::CONTENT_LENGTH, length);
        }
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
    fn sign(&self, request: &mut http::Request<Bytes>) -> Result<(), SdkError<Infallible>> {
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
    fn sign(&self, _request: &mut http::Request<Bytes>) -> Result<(), SdkError<Infallible>> {
        Ok(())
    }
}

/// Why an attempt failed, for the retry decision's trace: the error code of an error
/// response (its body is parsed only when tracing asks), or the kind of failure.
fn failure_reason(
    protocol: crate::Protocol,
    result: &Result<http::Response<Bytes>, SdkError<Infallible>>,
) -> Cow<'_, str> {
    match result {
        Ok(response) => {
            let status = response.status().as_u16();
            let parsed = ErrorResponse::read(protocol, status, response.headers(), response.body());
            Cow::Owned(parsed.code().unwrap_or("error response").to_string())
        }
        Err(SdkError::Timeout(_)) => Cow::Borrowed("timeout"),
        Err(SdkError::Transport(_)) => Cow::Borrowed("transport error"),
        Err(_) => Cow::Borrowed("error"),
    }
}

/// The operation's view of what [`Client::execute`] gave: an error response decoded as the
/// operation's error `E`, and any other failure as it was.
fn service_error<E: OperationError>(
    protocol: crate::Protocol,
    outcome: Result<http::Response<Bytes>, SdkError<Infallible>>,
) -> Result<http::Response<Bytes>, SdkError<E>> {
    let response = outcome.map_err(|failure| match failure {
        SdkError::Construction(e) => SdkError::Construction(e),
        SdkError::Service(never) => match never {},
        SdkError::Timeout(kind) => SdkError::Timeout(kind),
        SdkError::Transport(e) => SdkError::Transport(e),
        SdkError::Response(e) => SdkError::Response(e),
        SdkError::RepeatedPageToken(token) => SdkError::RepeatedPageToken(token),
    })?;
    if response.status().is_success() {
        return Ok(response);
    }
    let status = response.status().as_u16();
    let parsed = ErrorResponse::read(protocol, status, response.headers(), response.body());
    Err(SdkError::Service(E::from_response(&parsed)))
}
