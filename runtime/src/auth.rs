//! The authentication schemes a schema declares (`service.auth_schemes`), as the server
//! checks them and the client attaches their credentials.

/// How an operation's request may carry its credential (the schema's `auth_schemes`);
/// a server's `Request::authenticate` checks that one of them is there, and a client
/// attaches the credential of the first its configuration has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuthScheme {
    /// `Authorization: Bearer <token>`.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`.
    Basic,
    /// An AWS SigV4 `Authorization` header.
    SigV4,
    /// A key in this header.
    ApiKeyHeader(&'static str),
    /// A key in this query parameter.
    ApiKeyQuery(&'static str),
}

impl AuthScheme {
    /// The scheme as a 401's message names it.
    #[cfg(feature = "server")]
    pub(crate) fn describe(&self) -> String {
        match self {
            AuthScheme::Bearer => "a bearer token (Authorization: Bearer ...)".to_string(),
            AuthScheme::Basic => "a user and password (Authorization: Basic ...)".to_string(),
            AuthScheme::SigV4 => "an AWS SigV4 signature".to_string(),
            AuthScheme::ApiKeyHeader(name) => format!("a key in the header `{name}`"),
            AuthScheme::ApiKeyQuery(name) => format!("a key in the query parameter `{name}`"),
        }
    }
}
