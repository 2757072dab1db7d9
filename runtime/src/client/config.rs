//! Client configuration: endpoint, region, credentials, retry policy, timeouts and
//! transport, checked once when built so that a call never fails for a setting.

use super::retry::RetryPolicy;
use super::transport::{HyperTransport, Transport};
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

/// AWS credentials for SigV4 signing.
#[derive(Clone, PartialEq, Eq)]
pub struct Credentials {
    pub(crate) access_key_id: String,
    pub(crate) secret_access_key: String,
    pub(crate) session_token: Option<String>,
}

impl Credentials {
    /// Long-term or temporary credentials (temporary ones have a session token).
    pub fn new(
        access_key_id: impl Into<String>,
        secret_access_key: impl Into<String>,
        session_token: Option<String>,
    ) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            secret_access_key: secret_access_key.into(),
            session_token,
        }
    }

    /// `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and, if set, `AWS_SESSION_TOKEN`.
    pub fn from_env() -> Option<Self> {
        let var = |name| std::env::var(name).ok().filter(|v: &String| !v.is_empty());
        Some(Credentials {
            access_key_id: var("AWS_ACCESS_KEY_ID")?,
            secret_access_key: var("AWS_SECRET_ACCESS_KEY")?,
            session_token: var("AWS_SESSION_TOKEN"),
        })
    }

    /// The access key id.
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key_id", &self.access_key_id)
            .field("secret_access_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

/// Where signing credentials come from.
#[derive(Debug, Clone)]
enum Signing {
    Environment,
    Explicit(Credentials),
    Off,
}

/// The three timeouts of a call; `None` is no limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    /// Making a connection (default 5 s).
    pub connect: Option<Duration>,
    /// One attempt, from sending to the whole response body (default 30 s).
    pub attempt: Option<Duration>,
    /// The whole call, retries and backoff included (default none).
    pub operation: Option<Duration>,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Some(Duration::from_secs(5)),
            attempt: Some(Duration::from_secs(30)),
            operation: None,
        }
    }
}

/// A checked client configuration; see [`Config::builder`].
#[derive(Clone)]
pub struct Config {
    pub(crate) endpoint: Option<String>,
    pub(crate) region: Option<String>,
    pub(crate) credentials: Option<Credentials>,
    pub(crate) retry: RetryPolicy,
    pub(crate) timeouts: Timeouts,
    pub(crate) transport: Arc<dyn Transport>,
    /// Replaces the default `User-Agent` (the generated crate's name and version).
    pub(crate) user_agent: Option<http::HeaderValue>,
    /// Dates signatures; unread without the `sigv4` feature.
    #[cfg_attr(not(feature = "sigv4"), allow(dead_code))]
    pub(crate) clock: fn() -> SystemTime,
    /// Makes idempotency tokens; `None` for random UUIDs.
    pub(crate) idempotency_token: Option<Arc<dyn Fn() -> String + Send + Sync>>,
    /// Whether operations with a host prefix prepend it to the endpoint's host.
    pub(crate) inject_host_prefix: bool,
    /// The smallest body gzipped for operations with request compression; `None` when
    /// compression is off.
    pub(crate) min_compression_bytes: Option<usize>,
    /// Headers sent with every request (an API key), unless the operation sets them.
    pub(crate) headers: Vec<(http::HeaderName, http::HeaderValue)>,
    /// Query parameters sent with every request, encoded (`api_key=k%201`).
    pub(crate) query: String,
    /// The bearer token of every attempt (`Authorization: Bearer ...`), asked for anew each
    /// time so that a rotating token is always current.
    pub(crate) bearer: Option<TokenProvider>,
    /// `Basic <base64 of user:password>`, marked sensitive.
    pub(crate) basic: Option<http::HeaderValue>,
    /// The key of the schema's `api_key` scheme, sent where the scheme says.
    pub(crate) api_key: Option<String>,
}

/// Gives the bearer token of an attempt (see [`ConfigBuilder::bearer_token_provider`]).
pub type TokenProvider = Arc<dyn Fn() -> String + Send + Sync>;

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("endpoint", &self.endpoint)
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("timeouts", &self.timeouts)
            .field(
                "headers",
                &self.headers.iter().map(|(n, _)| n).collect::<Vec<_>>(),
            )
            .field("bearer", &self.bearer.as_ref().map(|_| "<set>"))
            .field("basic", &self.basic.as_ref().map(|_| "<set>"))
            .field("api_key", &self.api_key.as_ref().map(|_| "<set>"))
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A builder with the defaults: no endpoint or region yet, credentials from the
    /// environment (with the `sigv4` feature), [`RetryPolicy::default`], [`Timeouts::default`]
    /// and the hyper transport.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder {
            endpoint: None,
            region: None,
            signing: if cfg!(feature = "sigv4") {
                Signing::Environment
            } else {
                Signing::Off
            },
            retry: RetryPolicy::default(),
            timeouts: Timeouts::default(),
            transport: None,
            user_agent: None,
            clock: SystemTime::now,
            idempotency_token: None,
            inject_host_prefix: true,
            min_compression_bytes: Some(DEFAULT_MIN_COMPRESSION_BYTES),
            headers: Vec::new(),
            query: Vec::new(),
            bearer: None,
            basic: None,
            api_key: None,
        }
    }
}

/// The smallest request body compressed by default: 10 KiB, the AWS SDKs' default
/// (`request_min_compression_size_bytes`); smaller bodies gain little from gzip.
pub const DEFAULT_MIN_COMPRESSION_BYTES: usize = 10_240;

/// Builds a [`Config`].
#[derive(Clone)]
pub struct ConfigBuilder {
    endpoint: Option<String>,
    region: Option<String>,
    signing: Signing,
    retry: RetryPolicy,
    timeouts: Timeouts,
    transport: Option<Arc<dyn Transport>>,
    user_agent: Option<String>,
    clock: fn() -> SystemTime,
    idempotency_token: Option<Arc<dyn Fn() -> String + Send + Sync>>,
    inject_host_prefix: bool,
    min_compression_bytes: Option<usize>,
    headers: Vec<(String, String)>,
    query: Vec<(String, String)>,
    bearer: Option<TokenProvider>,
    basic: Option<String>,
    api_key: Option<String>,
}

impl ConfigBuilder {
    /// The base URL, such as `https://apigateway.eu-west-1.amazonaws.com` or
    /// `http://127.0.0.1:8080`. Default: the first of the schema's `servers`; for an AWS
    /// service (rest-json) with a region, its endpoint in the region.
    pub fn endpoint(mut self, url: impl Into<String>) -> Self {
        self.endpoint = Some(url.into());
        self
    }

    /// The `User-Agent` of every request, instead of the default: the generated crate's
    /// name and version and the runtime's (`apigatewayv2/0.1.0 restgen-runtime/0.1.0`).
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request (an API key: `.header("x-api-key", key)`), unless
    /// the operation itself sets it. A name or value that is not valid in HTTP fails
    /// [`ConfigBuilder::build`]. Values are marked sensitive: they never show in `Debug`.
    pub fn header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.headers.push((name.into(), value.into()));
        self
    }

    /// Sends `Authorization: Basic <base64 of user:password>` with the requests of
    /// operations whose schemes include `basic` (with every request when the schema
    /// declares no schemes).
    pub fn basic_auth(mut self, user: &str, password: &str) -> Self {
        let encoded = crate::to_base64(format!("{user}:{password}").as_bytes());
        self.basic = Some(format!("Basic {encoded}"));
        self
    }

    /// The key of the schema's `api_key` scheme: sent in the header or query parameter the
    /// scheme names, with the requests of operations that take it. (For a key the schema
    /// does not declare, use [`ConfigBuilder::header`] or [`ConfigBuilder::query_param`].)
    pub fn api_key(mut self, key: impl Into<String>) -> Self {
        self.api_key = Some(key.into());
        self
    }

    /// A query parameter sent with every request (an API key in the query:
    /// `.query_param("api_key", key)`), percent-encoded.
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        self.query.push((name.into(), value.into()));
        self
    }

    /// Sends `Authorization: Bearer <token>` with the requests of operations whose schemes
    /// include `bearer` (with every request when the schema declares no schemes). For a
    /// token that changes, see [`ConfigBuilder::bearer_token_provider`]. (With SigV4
    /// signing on, the signature's `Authorization` takes its place.)
    pub fn bearer_token(self, token: impl Into<String>) -> Self {
        let token = token.into();
        self.bearer_token_provider(move || token.clone())
    }

    /// Sends `Authorization: Bearer <token>` with every attempt, asking `provider` for the
    /// token each time (a token that is refreshed before it expires).
    pub fn bearer_token_provider(
        mut self,
        provider: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.bearer = Some(Arc::new(provider));
        self
    }

    /// The AWS region (`eu-west-1`): used for signing and the default endpoint.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Sign with these credentials (needs the `sigv4` feature).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.signing = Signing::Explicit(credentials);
        self
    }

    /// Sign with credentials from `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY` and
    /// `AWS_SESSION_TOKEN`, read when the config is built (the default with `sigv4`).
    pub fn credentials_from_env(mut self) -> Self {
        self.signing = Signing::Environment;
        self
    }

    /// Send requests unsigned, for a local server or an endpoint without SigV4.
    pub fn no_signing(mut self) -> Self {
        self.signing = Signing::Off;
        self
    }

    /// The retry policy.
    pub fn retry(mut self, policy: RetryPolicy) -> Self {
        self.retry = policy;
        self
    }

    /// All three timeouts at once.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = timeouts;
        self
    }

    /// The connect timeout (applies to the default transport).
    pub fn connect_timeout(mut self, limit: Duration) -> Self {
        self.timeouts.connect = Some(limit);
        self
    }

    /// The timeout of one attempt.
    pub fn attempt_timeout(mut self, limit: Duration) -> Self {
        self.timeouts.attempt = Some(limit);
        self
    }

    /// The timeout of a whole call, retries included.
    pub fn operation_timeout(mut self, limit: Duration) -> Self {
        self.timeouts.operation = Some(limit);
        self
    }

    /// Send through this transport instead of the default hyper one.
    pub fn transport(mut self, transport: impl Transport) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// The clock that dates signatures (default [`SystemTime::now`]); for reproducible
    /// signatures in tests.
    pub fn signing_clock(mut self, clock: fn() -> SystemTime) -> Self {
        self.clock = clock;
        self
    }

    /// Makes the idempotency tokens the client fills in for members the caller left unset
    /// (default: a random UUID v4 each); a fixed generator makes requests reproducible.
    pub fn idempotency_token(
        mut self,
        generate: impl Fn() -> String + Send + Sync + 'static,
    ) -> Self {
        self.idempotency_token = Some(Arc::new(generate));
        self
    }

    /// Whether operations with a host prefix (`{accountId}.data.`) prepend it to the
    /// endpoint's host (default `true`, as the service expects). Turn it off for an
    /// endpoint that is an IP address or a local server, where a prefixed host would not
    /// resolve (botocore's `inject_host_prefix`).
    pub fn inject_host_prefix(mut self, inject: bool) -> Self {
        self.inject_host_prefix = inject;
        self
    }

    /// The smallest request body that operations with request compression gzip (default
    /// [`DEFAULT_MIN_COMPRESSION_BYTES`], as the AWS SDKs); `None` sends every body
    /// uncompressed (the SDKs' `disable_request_compression`). Gzip itself needs the
    /// `compression` feature.
    pub fn request_min_compression_size_bytes(mut self, min: Option<usize>) -> Self {
        self.min_compression_bytes = min;
        self
    }

    /// Checks the settings: a region and credentials when signing; an endpoint, if given,
    /// that is an absolute `http` or `https` URL.
    pub fn build(self) -> Result<Config, ConfigError> {
        if let Some(region) = &self.region {
            let valid = !region.is_empty()
                && region
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
            if !valid {
                return Err(ConfigError::InvalidRegion(region.clone()));
            }
        }
        // Without an endpoint, the client takes the service's: the schema's first server,
        // or for an AWS service its endpoint in the region (`Client::new`).
        let endpoint = self.endpoint.map(check_endpoint).transpose()?;
        let credentials = match self.signing {
            Signing::Off => None,
            Signing::Explicit(c) => Some(c),
            Signing::Environment => {
                Some(Credentials::from_env().ok_or(ConfigError::NoCredentials)?)
            }
        };
        if credentials.is_some() {
            if !cfg!(feature = "sigv4") {
                return Err(ConfigError::SigningNotBuilt);
            }
            if self.region.is_none() {
                return Err(ConfigError::NoRegion);
            }
        }
        let user_agent = match self.user_agent {
            Some(text) => Some(
                http::HeaderValue::from_str(&text)
                    .map_err(|_| ConfigError::InvalidUserAgent(text))?,
            ),
            None => None,
        };
        let transport = match self.transport {
            Some(t) => t,
            None => Arc::new(
                HyperTransport::new(self.timeouts.connect)
                    .map_err(|e| ConfigError::Transport(e.to_string()))?,
            ),
        };
        Ok(Config {
            endpoint,
            region: self.region,
            credentials,
            retry: self.retry,
            timeouts: self.timeouts,
            transport,
            user_agent,
            clock: self.clock,
            idempotency_token: self.idempotency_token,
            inject_host_prefix: self.inject_host_prefix,
            min_compression_bytes: self.min_compression_bytes,
            headers: self
                .headers
                .into_iter()
                .map(|(name, value)| {
                    let bad = || ConfigError::InvalidHeader(name.clone());
                    let header =
                        http::HeaderName::from_bytes(name.as_bytes()).map_err(|_| bad())?;
                    let mut value = http::HeaderValue::from_str(&value).map_err(|_| bad())?;
                    value.set_sensitive(true);
                    Ok((header, value))
                })
                .collect::<Result<_, ConfigError>>()?,
            query: self
                .query
                .iter()
                .map(|(name, value)| {
                    let mut pair = String::new();
                    super::call::push_pair(&mut pair, name, value);
                    pair
                })
                .collect::<Vec<_>>()
                .join("&"),
            bearer: self.bearer,
            basic: match self.basic {
                Some(text) => {
                    let bad = || ConfigError::InvalidHeader("authorization".into());
                    let mut value = http::HeaderValue::from_str(&text).map_err(|_| bad())?;
                    value.set_sensitive(true);
                    Some(value)
                }
                None => None,
            },
            api_key: self.api_key,
        })
    }
}

/// `http(s)://authority[/base/path]`, without a trailing `/`, query or fragment.
fn check_endpoint(url: String) -> Result<String, ConfigError> {
    let trimmed = url.trim_end_matches('/').to_string();
    let uri: http::Uri = trimmed
        .parse()
        .map_err(|_| ConfigError::InvalidEndpoint(url.clone()))?;
    let scheme_ok = matches!(uri.scheme_str(), Some("http" | "https"));
    if !scheme_ok || uri.authority().is_none() || uri.query().is_some() || url.contains('#') {
        return Err(ConfigError::InvalidEndpoint(url));
    }
    Ok(trimmed)
}

/// A configuration that cannot work.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigError {
    /// The endpoint is not an absolute `http` or `https` URL.
    InvalidEndpoint(String),
    /// The region is not of the form `eu-west-1`.
    InvalidRegion(String),
    /// Signing needs a region.
    NoRegion,
    /// Signing from the environment, but `AWS_ACCESS_KEY_ID` or `AWS_SECRET_ACCESS_KEY` is
    /// not set.
    NoCredentials,
    /// Credentials were given, but the crate was built without the `sigv4` feature.
    SigningNotBuilt,
    /// The default transport could not be created.
    Transport(String),
    /// The `User-Agent` is not a valid header value (control characters).
    InvalidUserAgent(String),
    /// A header given with [`ConfigBuilder::header`] has a name or value that is not valid
    /// in HTTP.
    InvalidHeader(String),
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigError::InvalidEndpoint(url) => {
                write!(f, "endpoint `{url}` is not an absolute http(s) URL")
            }
            ConfigError::InvalidRegion(r) => write!(f, "`{r}` is not a region name"),
            ConfigError::NoRegion => f.write_str("SigV4 signing needs a region"),
            ConfigError::NoCredentials => f.write_str(
                "no credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, give \
                 credentials, or call no_signing()",
            ),
            ConfigError::SigningNotBuilt => {
                f.write_str("credentials given, but the `sigv4` feature is off")
            }
            ConfigError::Transport(e) => write!(f, "cannot create the HTTP client: {e}"),
            ConfigError::InvalidUserAgent(ua) => {
                write!(f, "`{ua}` is not a valid User-Agent header value")
            }
            ConfigError::InvalidHeader(name) => {
                write!(
                    f,
                    "the header `{name}` has a name or value not valid in HTTP"
                )
            }
        }
    }
}

impl std::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checks_settings() {
        let b = || Config::builder().no_signing();
        assert!(b().build().unwrap().endpoint.is_none());
        assert!(b().region("eu-west-1").build().is_ok());
        assert_eq!(
            b().region("eu west").build().unwrap_err(),
            ConfigError::InvalidRegion("eu west".into())
        );
        for bad in ["127.0.0.1:80", "ftp://x", "http://x/?a=b", "/v2"] {
            assert!(
                matches!(
                    b().endpoint(bad).build(),
                    Err(ConfigError::InvalidEndpoint(_))
                ),
                "{bad}"
            );
        }
        let c = b().endpoint("http://127.0.0.1:9/base/").build().unwrap();
        assert_eq!(c.endpoint.as_deref(), Some("http://127.0.0.1:9/base"));
        let signed = Config::builder()
            .credentials(Credentials::new("AKID", "secret", None))
            .endpoint("http://127.0.0.1:9");
        if cfg!(feature = "sigv4") {
            assert_eq!(signed.build().unwrap_err(), ConfigError::NoRegion);
        } else {
            assert_eq!(signed.build().unwrap_err(), ConfigError::SigningNotBuilt);
        }
    }

    #[test]
    fn debug_redacts_secrets() {
        let c = Credentials::new("AKID", "very-secret", Some("tok".into()));
        let text = format!("{c:?}");
        assert!(text.contains("AKID") && !text.contains("very-secret") && !text.contains("tok\""));
    }
}
