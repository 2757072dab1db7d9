//! Lowering of error shapes: status, wire codes and members.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;
use std::collections::BTreeMap;

impl Cx {
    /// Every error of `errors:`, in source order; its members are lowered like a structure's.
    pub(super) fn lower_errors(
        &mut self,
        schema: &raw::Schema,
        shapes: &[Shape],
    ) -> Vec<ErrorShape> {
        let mut out = Vec::new();
        let mut codes = BTreeMap::<String, String>::new();
        for (name, raw) in &schema.errors.0 {
            let path = SchemaPath::root().key("errors").key(name);
            if !(400..=599).contains(&raw.status) {
                self.diags.push(
                    Diagnostic::error(
                        path.key("status"),
                        format!("error status {} is not a 4xx or 5xx status", raw.status),
                    )
                    .with_help("use a status from 400 to 599"),
                );
            }
            let code = raw.code.clone().unwrap_or_else(|| name.clone());
            for c in std::iter::once(&code).chain(&raw.aliases) {
                if let Some(first) = codes.insert(c.clone(), name.clone()) {
                    if first != *name {
                        self.error(
                            path.clone(),
                            format!("the wire code `{c}` is already used by error `{first}`"),
                        );
                    }
                }
            }
            let mpath = path.key("members");
            let members =
                self.lower_members(&mpath, Some(&raw.members), shapes, naming::error_field_name);
            for m in members.iter().filter(|m| m.location != Location::Body) {
                if m.location == Location::Header {
                    self.check_binding(&mpath.key(&m.name), m, shapes);
                } else {
                    self.diags.push(
                        Diagnostic::error(
                            mpath.key(&m.name).key("location"),
                            format!(
                                "error members travel in the body or a header, not `{}`",
                                m.location.as_str()
                            ),
                        )
                        .with_help("use `location: header`, or remove `location`"),
                    );
                }
            }
            out.push(ErrorShape {
                name: name.clone(),
                rust_name: naming::error_name(name),
                code,
                aliases: raw.aliases.clone(),
                status: raw.status,
                retryable: raw.retryable,
                members,
                docs: raw.docs.clone(),
            });
        }
        out
    }
}
