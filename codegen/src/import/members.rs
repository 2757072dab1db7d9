//! The members of structures and exceptions, and the references that name shapes.

use super::reading::{flag, member};
use super::shapes::{Index, ShapeIn, STREAMED};
use super::{listing, with_note, Cx, DOC_ONLY, IGNORED};
use crate::diagnostics::{Diagnostic, Severity};
use crate::model::{Location, Primitive};
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{Kind, Node};

/// AWS's member locations, each with the schema's location it is.
const AWS_LOCATIONS: [(&str, Location); 5] = [
    ("uri", Location::Path),
    ("querystring", Location::Query),
    ("header", Location::Header),
    ("headers", Location::Headers),
    ("statusCode", Location::Status),
];

impl Cx {
    /// A `{"shape": ...}` reference (a list's member, a map's key or value), whose other
    /// keys are documentation or XML names.
    pub(super) fn reference(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        r: &Index<'_>,
    ) -> Option<String> {
        let entries = self.object(file, node, path)?;
        let mut target = None;
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            match name {
                "shape" => target = self.target(file, value, &path.key(name), r),
                "documentation" | "locationName" => {}
                n if IGNORED.contains(&n) => {}
                n => self.unknown(file, key, path, n, "a shape reference", Severity::Error),
            }
        }
        if target.is_none() && member(node, "shape").is_none() {
            self.error(file, &node.span, path, "the reference has no `shape`", "");
        }
        target
    }

    /// The shape a `shape` value names, checked: it exists and is not an exception.
    pub(super) fn target(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        r: &Index<'_>,
    ) -> Option<String> {
        let name = self.string(file, node, path)?;
        let shape = r.get(name);
        match shape {
            Some(s) if s.exception => {
                self.error(
                    file,
                    &node.span,
                    path,
                    format!("`{name}` is an exception shape"),
                    "an exception becomes an entry of `errors:`, which members cannot target",
                );
                None
            }
            Some(_) => Some(name.to_string()),
            None => {
                let d = Diagnostic::error(path, format!("unknown shape `{name}`"))
                    .suggest(name, r.shapes.iter().map(|s| s.name))
                    .with_help_if_none("every shape named must be defined under `shapes`");
                self.push(file, &node.span, d);
                None
            }
        }
    }

    /// The members of a structure, union or exception.
    pub(super) fn members(
        &mut self,
        s: &ShapeIn<'_>,
        members: Option<&Node>,
        required: Option<(&Node, &Node)>,
        payload: Option<(&str, &Node)>,
        r: &Index<'_>,
    ) -> raw::Entries<raw::Member> {
        let file = s.file;
        let mut out = raw::Entries::default();
        let path = s.path.key("members");
        let entries = match members {
            Some(m) => self.object(file, m, &path).unwrap_or_default(),
            None => &[],
        };
        let names: Vec<&str> = entries
            .iter()
            .filter_map(|(k, _)| k.as_str())
            .collect::<Vec<_>>();
        let mut required_names = Vec::new();
        if let Some((key, list)) = required {
            let at = s.path.key("required");
            match &list.kind {
                Kind::Seq(items) => {
                    for (i, item) in items.iter().enumerate() {
                        let Some(name) = self.string(file, item, &at.index(i)) else {
                            continue;
                        };
                        if !names.contains(&name) {
                            let d = Diagnostic::error(
                                at.index(i),
                                format!("`{name}` is not a member of `{}`", s.name),
                            )
                            .suggest(name, names.iter().copied())
                            .with_help_if_none("list only the structure's own members");
                            self.push(file, &item.span, d);
                        }
                        required_names.push(name);
                    }
                }
                _ => self.error(file, &key.span, &at, "expected a list of member names", ""),
            }
        }
        if let Some((name, node)) = payload {
            if !names.contains(&name) {
                let d = Diagnostic::error(
                    s.path.key("payload"),
                    format!("`{name}` is not a member of `{}`", s.name),
                )
                .suggest(name, names.iter().copied())
                .with_help_if_none("the payload names one of the structure's members");
                self.push(file, &node.span, d);
            }
        }
        for (key, value) in entries {
            let name = key.as_str().unwrap_or_default();
            let is_payload = payload.is_some_and(|(p, _)| p == name);
            if let Some(mut m) = self.member(file, value, &path.key(name), name, is_payload, r) {
                m.required = required_names.contains(&name);
                out.0.push((name.to_string(), m));
            }
        }
        out
    }

    /// One member; `required` is left for [`Cx::members`] to set.
    fn member(
        &mut self,
        file: &str,
        node: &Node,
        path: &SchemaPath,
        name: &str,
        is_payload: bool,
        r: &Index<'_>,
    ) -> Option<raw::Member> {
        let entries = self.object(file, node, path)?;
        let mut out = raw::Member::default();
        let mut ok = true;
        let mut streaming = false;
        let mut target = None;
        let mut enum_note = None;
        for (key, value) in entries {
            let k = key.as_str().unwrap_or_default();
            let at = path.key(k);
            match k {
                "shape" => target = Some((self.target(file, value, &at, r), value)),
                "locationName" => {
                    let wire = self.string(file, value, &at);
                    out.wire_name = wire.filter(|w| *w != name).map(str::to_string);
                }
                "location" => {
                    out.location = self.location(file, value, &at);
                    ok &= out.location.is_some();
                    if is_payload && out.location.is_some() {
                        ok = false;
                        self.error(
                            file,
                            &value.span,
                            &at,
                            "the structure's payload cannot also have a `location`",
                            "remove the `location`, or the structure's `payload`",
                        );
                    }
                }
                "documentation" => out.docs = self.docs(file, value, &at),
                "jsonvalue" => out.json_value = self.boolean(file, value, &at).unwrap_or(false),
                "idempotencyToken" => {
                    out.idempotency_token = self.boolean(file, value, &at).unwrap_or(false)
                }
                "hostLabel" => out.host_label = self.boolean(file, value, &at).unwrap_or(false),
                "timestampFormat" => out.timestamp_format = self.timestamp_format(file, value, &at),
                "streaming" => streaming = self.boolean(file, value, &at).unwrap_or(false),
                "enum" => {
                    let values = self.strings(file, value, &at).unwrap_or_default();
                    let list: Vec<String> = values.iter().map(|v| format!("`{v}`")).collect();
                    enum_note = Some(format!("Allowed values: {}.", list.join(", ")));
                    self.warning(
                        file,
                        &key.span,
                        &at,
                        "an `enum` on a member is not imported as an enum: the member stays a string",
                        "its values are listed in the member's docs; define an enum shape in the model to make it one",
                    );
                }
                n if IGNORED.contains(&n) => {}
                "eventpayload" => {}
                "eventstream" => {
                    ok = false;
                    self.error(
                        file,
                        &key.span,
                        &at,
                        "event streams are not supported",
                        "the schema has no event streams: leave the operations that use it out of the model",
                    );
                }
                n if DOC_ONLY.contains(&n) => {
                    self.unknown(file, key, path, n, "a member", Severity::Warning)
                }
                n => {
                    ok = false;
                    self.unknown(file, key, path, n, "a member", Severity::Error)
                }
            }
        }
        if let Some(note) = enum_note {
            out.docs = with_note(out.docs.take(), &note);
        }
        let Some((target, target_node)) = target else {
            self.error(
                file,
                &node.span,
                path,
                "the member has no `shape`",
                "add `\"shape\": \"ShapeName\"`",
            );
            return None;
        };
        let target = target?;
        let target_shape = r.get(&target);
        let target_streams = target_shape.is_some_and(|t| flag(t.node, "streaming"));
        if target_shape.is_some_and(|t| member(t.node, "eventstream").is_some()) {
            // Reported on the shape itself.
            ok = false;
        }
        if streaming || target_streams {
            let blob = target == Primitive::Blob.as_str()
                || target_shape.is_some_and(|t| t.kind == Some("blob"));
            if !(is_payload && blob) {
                ok = false;
                self.error(
                    file,
                    &target_node.span,
                    &path.key("shape"),
                    "a streaming member must be the structure's payload blob",
                    "the schema sends and reads streams whole, as a payload blob",
                );
            } else if streaming {
                out.docs = with_note(out.docs.take(), STREAMED);
            }
        }
        if is_payload {
            out.location = Some(Location::Payload.as_str().to_string());
        }
        out.target = target;
        ok.then_some(out)
    }

    /// A `location` value as the schema's name of the location, or an error.
    fn location(&mut self, file: &str, node: &Node, path: &SchemaPath) -> Option<String> {
        let text = self.string(file, node, path)?;
        let location = AWS_LOCATIONS.iter().find(|(aws, _)| *aws == text);
        if location.is_none() {
            let locations = listing(AWS_LOCATIONS.iter().map(|(aws, _)| *aws));
            self.error(
                file,
                &node.span,
                path,
                format!("unknown location `{text}`"),
                &format!("the locations are {locations}"),
            );
        }
        location.map(|(_, l)| l.as_str().to_string())
    }
}
