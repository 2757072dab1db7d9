//! The `service:` section: protocol, names, the crate name, and their defaults.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::raw;

impl Cx {
    /// The service, with its defaults filled in; `None` if its protocol is unknown.
    pub(super) fn service(&mut self, raw: &raw::Service) -> Option<Service> {
        let protocol = match raw.protocol.as_str() {
            "rest-json" => Some(Protocol::RestJson),
            other => {
                self.diags.push(
                    Diagnostic::error("service.protocol", format!("unknown protocol `{other}`"))
                        .with_help("the supported protocol is `rest-json`"),
                );
                None
            }
        };
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
        })
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
