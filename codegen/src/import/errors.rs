//! Exception shapes as the schema's `errors:`.

use super::reading::member;
use super::shapes::{Index, ShapeIn};
use super::{Cx, DOC_ONLY, IGNORED};
use crate::diagnostics::Severity;
use crate::raw;

impl Cx {
    /// An exception shape as an entry of `errors:`.
    pub(super) fn error_shape(&mut self, s: &ShapeIn<'_>, r: &Index<'_>) -> Option<raw::Error> {
        let file = s.file;
        let entries = self.object(file, s.node, &s.path)?;
        let mut out = raw::Error {
            title: None,
            status: 0,
            code: None,
            aliases: Vec::new(),
            retryable: false,
            members: raw::Entries::default(),
            docs: None,
        };
        let (mut status, mut sender_fault) = (None, false);
        let mut required = None;
        let mut ok = true;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let at = s.path.key(name);
            match name {
                "type" | "members" | "fault" => {}
                "exception" => {
                    self.boolean(file, value, &at);
                }
                "documentation" => out.docs = self.docs(file, value, &at),
                "required" => required = Some((key, value)),
                "retryable" => out.retryable = true,
                n if IGNORED.contains(&n) => {}
                "error" => {
                    for (k, v) in self.object(file, value, &at).unwrap_or_default() {
                        let kn = k.as_str().unwrap_or_default();
                        let at = at.key(kn);
                        match kn {
                            "httpStatusCode" => {
                                status = match self.number(file, v, &at) {
                                    Some(n) => {
                                        match n.as_u64().filter(|n| (400..600).contains(n)) {
                                            Some(n) => Some(n as u16),
                                            None => {
                                                ok = false;
                                                self.error(
                                                    file,
                                                    &v.span,
                                                    &at,
                                                    "an error's status is from 400 to 599",
                                                    "",
                                                );
                                                None
                                            }
                                        }
                                    }
                                    None => None,
                                }
                            }
                            "code" => {
                                out.code = self
                                    .string(file, v, &at)
                                    .filter(|c| *c != s.name)
                                    .map(str::to_string)
                            }
                            "senderFault" => {
                                sender_fault = self.boolean(file, v, &at).unwrap_or(false)
                            }
                            n => {
                                ok = false;
                                self.unknown(
                                    file,
                                    k,
                                    &s.path.key("error"),
                                    n,
                                    "an error",
                                    Severity::Error,
                                )
                            }
                        }
                    }
                }
                "eventstream" | "event" | "payload" | "union" | "document" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        format!("`{name}` on an exception is not supported"),
                        "an error's members travel in the JSON body or in headers",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, &s.path, n, "a shape", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(file, key, &s.path, n, "an exception shape", Severity::Error)
                }
            }
        }
        out.status = status.unwrap_or(if sender_fault { 400 } else { 500 });
        out.members = self.members(s, member(s.node, "members"), required, None, r);
        ok.then_some(out)
    }
}
