//! `metadata` and `documentation`: the `service:` section.

use super::{Cx, ImportSettings, Part, Parts};
use crate::diagnostics::Severity;
use crate::raw;
use crate::yaml::Kind;
use std::collections::HashMap;

impl Cx {
    /// The `service:` section; `None` when the metadata names no service or version, or a
    /// protocol other than rest-json.
    pub(super) fn service(
        &mut self,
        parts: &Parts<'_>,
        settings: &ImportSettings<'_>,
    ) -> Option<raw::Service> {
        let Part { file, node, path } = &parts.metadata;
        let entries = self.object(file, node, path)?;
        let mut get = HashMap::new();
        let mut ok = true;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = path.key(name);
            match name {
                "apiVersion" | "endpointPrefix" | "signingName" | "serviceFullName"
                | "serviceId" | "protocol" => {
                    if let Some(s) = self.string(file, value, &at) {
                        get.insert(name, (s, value));
                    }
                }
                // The wire of requests and responses does not depend on the signature: a
                // service without SigV4 still gets its crate, whose client sends unsigned
                // requests (`no_signing`) and whose server checks no signature.
                "signatureVersion" => {
                    if let Some(s) = self.string(file, value, &at) {
                        if !matches!(s, "v4" | "s3v4") {
                            self.warning(
                                file,
                                &value.span,
                                &at,
                                format!("signature version `{s}` is not supported: the generated client signs with SigV4 or not at all"),
                                "add the service's credentials (a bearer token) with a transport of your own",
                            );
                        }
                    }
                }
                "auth" => {
                    let sigv4 = matches!(&value.kind, Kind::Seq(items)
                        if items.iter().any(|i| i.as_str() == Some("aws.auth#sigv4")));
                    if !sigv4 {
                        self.warning(
                            file,
                            &key.span,
                            &at,
                            "the service does not offer SigV4 (`aws.auth#sigv4`): the generated client signs with SigV4 or not at all",
                            "add the service's credentials with a transport of your own",
                        );
                    }
                }
                "protocols" | "jsonVersion" | "uid" | "serviceAbbreviation" | "targetPrefix" => {}
                _ => self.unknown(file, key, path, name, "the metadata", Severity::Warning),
            }
        }
        match get.get("protocol") {
            Some((protocol, value)) if *protocol != "rest-json" => {
                ok = false;
                self.error(
                    file,
                    &value.span,
                    &path.key("protocol"),
                    format!("the protocol is `{protocol}`; only `rest-json` can be imported"),
                    "the schema describes restJson1 services only",
                );
            }
            Some(_) => {}
            None => {
                ok = false;
                self.error(
                    file,
                    &node.span,
                    path,
                    "the metadata has no `protocol`",
                    "add `\"protocol\": \"rest-json\"`",
                );
            }
        }
        let text = |key: &str| get.get(key).map(|(s, _)| s.to_string());
        let name = text("serviceId")
            .or_else(|| text("serviceFullName"))
            .map(|s| s.replace(' ', ""))
            .or_else(|| text("endpointPrefix"))
            .or_else(|| settings.service_name.map(str::to_string));
        let Some(name) = name else {
            self.error(
                file,
                &node.span,
                path,
                "the metadata names no service (no `serviceId`, `serviceFullName` or `endpointPrefix`)",
                "add `serviceId`, or give the name in `ImportSettings::service_name`",
            );
            return None;
        };
        let Some(version) = text("apiVersion") else {
            self.error(
                file,
                &node.span,
                path,
                "the metadata has no `apiVersion`",
                "add `\"apiVersion\": \"2018-11-29\"` (the API's version)",
            );
            return None;
        };
        let docs = parts
            .documentation
            .as_ref()
            .and_then(|d| self.docs(d.file, d.node, &d.path));
        ok.then(|| raw::Service {
            servers: Vec::new(),
            error_format: None,
            error_code_field: None,
            name,
            version,
            protocol: "rest-json".to_string(),
            signing_name: text("signingName"),
            endpoint_prefix: text("endpointPrefix"),
            docs,
            crate_name: settings.crate_name.map(str::to_string),
            validation_error: None,
            auth_schemes: raw::Entries::default(),
            auth: None,
        })
    }
}
