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
        })
    }
}
