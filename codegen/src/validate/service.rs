//! The `service:` section: protocol, names, the crate name, and their defaults.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::raw;

impl Cx {
    /// The service, with its defaults filled in; `None` if its protocol is unknown.
    pub(super) fn service(&mut self, raw: &raw::Service) -> Option<Service> {
        let protocol = match raw.protocol.as_str() {
            "rest-json" => {
                self.rest_json_only(raw);
                Some(Protocol::RestJson)
            }
            "http-json" => self.error_body(raw).map(Protocol::HttpJson),
            other => {
                self.diags.push(
                    Diagnostic::error("service.protocol", format!("unknown protocol `{other}`"))
                        .with_help(
                            "use `rest-json` (AWS restJson1) or `http-json` (plain HTTP and JSON)",
                        ),
                );
                None
            }
        };
        self.servers(&raw.servers);
        if raw.name.trim().is_empty() {
            self.error("service.name", "the service name is empty");
        }
        if let Some(name) = &raw.crate_name {
            if let Err(problem) = crate::naming::check_package_name(name) {
                self.diags.push(
                    Diagnostic::error(
                        "service.crate",
                        format!("`{name}` is not a valid crate name: {problem}"),
                    )
                    .with_help(
                        "use ASCII letters, digits, `-` and `_`, starting with a letter (`my-service`)",
                    ),
                );
            }
        }
        let endpoint_prefix = raw
            .endpoint_prefix
            .clone()
            .unwrap_or_else(|| raw.name.to_lowercase());
        // The default endpoint is `https://{endpoint_prefix}.{region}.amazonaws.com`, and the
        // signing name goes into every SigV4 credential scope: both must be host-name text.
        let (prefix_path, prefix_help) = match raw.endpoint_prefix {
            Some(_) => ("service.endpoint_prefix", "use lowercase letters, digits, `-` and `.`"),
            None => (
                "service.name",
                "the endpoint prefix defaults to the lowercased name: set `endpoint_prefix` (and `signing_name`), e.g. `endpoint_prefix: my-service`",
            ),
        };
        if !raw.name.trim().is_empty() && !is_host_label(&endpoint_prefix) {
            self.diags.push(
                Diagnostic::error(
                    prefix_path,
                    format!("`{endpoint_prefix}` is not a host name, so it cannot be the endpoint prefix"),
                )
                .with_help(prefix_help),
            );
        }
        if let Some(signing) = &raw.signing_name {
            if !is_host_label(signing) {
                self.diags.push(
                    Diagnostic::error(
                        "service.signing_name",
                        format!("`{signing}` is not a valid signing name"),
                    )
                    .with_help("use lowercase letters, digits, `-` and `.` (`execute-api`)"),
                );
            }
        }
        let auth_schemes = self.auth_schemes(raw);
        Some(Service {
            name: raw.name.clone(),
            version: raw.version.clone(),
            protocol: protocol?,
            signing_name: raw
                .signing_name
                .clone()
                .unwrap_or_else(|| endpoint_prefix.clone()),
            endpoint_prefix,
            docs: raw.docs.clone(),
            crate_name: raw.crate_name.clone(),
            validation_error: None,
            auth_schemes,
            servers: raw.servers.clone(),
        })
    }

    /// rest-json names its errors in `x-amzn-ErrorType`: the http-json error keys do not
    /// apply.
    fn rest_json_only(&mut self, raw: &raw::Service) {
        for (key, set) in [
            ("error_format", raw.error_format.is_some()),
            ("error_code_field", raw.error_code_field.is_some()),
        ] {
            if set {
                self.diags.push(
                    Diagnostic::error(
                        format!("service.{key}"),
                        format!("`{key}` applies to `protocol: http-json`; rest-json names errors in `x-amzn-ErrorType`"),
                    )
                    .with_help(format!("remove `{key}`, or use `protocol: http-json`")),
                );
            }
        }
    }

    /// http-json's `error_format` (default `problem`) and `error_code_field` (default
    /// `code`, with `error_format: code` only).
    fn error_body(&mut self, raw: &raw::Service) -> Option<ErrorBody> {
        let field = raw.error_code_field.as_deref();
        match raw.error_format.as_deref().unwrap_or("problem") {
            "problem" => {
                if field.is_some() {
                    self.diags.push(
                        Diagnostic::error(
                            "service.error_code_field",
                            "problem details name the error in `type`: `error_code_field` applies to `error_format: code`",
                        )
                        .with_help("remove `error_code_field`, or set `error_format: code`"),
                    );
                }
                Some(ErrorBody::Problem)
            }
            "code" => {
                let field = field.unwrap_or("code");
                if field.is_empty() || field.chars().any(char::is_control) {
                    self.diags.push(
                        Diagnostic::error(
                            "service.error_code_field",
                            "the error code field needs a name",
                        )
                        .with_help(
                            "name the body member that holds the code: `error_code_field: code`",
                        ),
                    );
                    return None;
                }
                Some(ErrorBody::Code(field.to_string()))
            }
            other => {
                self.diags.push(
                    Diagnostic::error(
                        "service.error_format",
                        format!("unknown error format `{other}`"),
                    )
                    .with_help("use `problem` (RFC 9457 problem details) or `code` (a JSON object with a code member)"),
                );
                None
            }
        }
    }

    /// `service.servers`: absolute `http`/`https` URLs without query or fragment, each once.
    fn servers(&mut self, servers: &[String]) {
        for (i, url) in servers.iter().enumerate() {
            let path = crate::schema_path::SchemaPath::root()
                .key("service")
                .key("servers")
                .index(i);
            let rest = url
                .strip_prefix("https://")
                .or_else(|| url.strip_prefix("http://"));
            let host = rest.map(|r| r.split('/').next().unwrap_or(""));
            let valid = host.is_some_and(|h| {
                !h.is_empty()
                    && h.bytes()
                        .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b))
            }) && url
                .bytes()
                .all(|b| b.is_ascii_graphic() && !b"?#\\\"<>`{}|^".contains(&b));
            if !valid {
                self.diags.push(
                    Diagnostic::error(
                        path.clone(),
                        format!("`{url}` is not an absolute http(s) URL"),
                    )
                    .with_help("write a base URL such as `https://api.example.com/v1`, without query or fragment"),
                );
            } else if servers[..i].contains(url) {
                self.diags.push(
                    Diagnostic::error(path, format!("the server `{url}` is listed twice"))
                        .with_help("remove the second"),
                );
            }
        }
    }

    /// `service.auth_schemes`: each a known type, an `api_key` with `in` and `name`.
    fn auth_schemes(&mut self, raw: &raw::Service) -> Vec<AuthScheme> {
        let mut out = Vec::new();
        for (name, scheme) in &raw.auth_schemes.0 {
            let path = crate::schema_path::SchemaPath::root()
                .key("service")
                .key("auth_schemes")
                .key(name);
            let kind = match scheme.kind.as_str() {
                "bearer" => Some(AuthKind::Bearer),
                "basic" => Some(AuthKind::Basic),
                "sigv4" => Some(AuthKind::SigV4),
                "api_key" => {
                    let query = match scheme.location.as_deref() {
                        Some("header") => Some(false),
                        Some("query") => Some(true),
                        _ => {
                            self.diags.push(
                                Diagnostic::error(
                                    path.key("in"),
                                    "an `api_key` scheme needs `in: header` or `in: query`",
                                )
                                .with_help("say where the key travels: `in: header`"),
                            );
                            None
                        }
                    };
                    let key = scheme.name.clone().filter(|n| {
                        !n.is_empty()
                            && n.bytes()
                                .all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b))
                    });
                    if key.is_none() {
                        self.diags.push(
                            Diagnostic::error(
                                path.key("name"),
                                "an `api_key` scheme needs the `name` of its header or query parameter (letters, digits, `-`, `_`, `.`)",
                            )
                            .with_help("name it: `name: x-api-key`"),
                        );
                    }
                    query
                        .zip(key)
                        .map(|(query, name)| AuthKind::ApiKey { query, name })
                }
                other => {
                    self.diags.push(
                        Diagnostic::error(
                            path.key("type"),
                            format!("unknown authentication scheme type `{other}`"),
                        )
                        .with_help("use `bearer`, `basic`, `api_key` or `sigv4`"),
                    );
                    None
                }
            };
            if scheme.kind != "api_key" && (scheme.location.is_some() || scheme.name.is_some()) {
                self.diags.push(
                    Diagnostic::error(path.clone(), "`in` and `name` belong to `api_key` schemes")
                        .with_help("remove them"),
                );
            }
            if let Some(kind) = kind {
                out.push(AuthScheme {
                    name: name.clone(),
                    kind,
                });
            }
        }
        out
    }
}

/// Whether `text` can stand in a host name: dot-separated labels of ASCII letters, digits
/// and `-`, none empty or starting or ending with `-` (RFC 1123 §2.1).
pub(super) fn is_host_label(text: &str) -> bool {
    !text.is_empty()
        && text.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
}
