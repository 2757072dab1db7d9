//! The members of structures, unions and errors: their HTTP bindings, JSON names,
//! constraints, defaults and the other member traits.

use super::super::{with_note, Cx};
use super::closure::Closure;
use super::index::{find, Ast, MemberIn, ShapeIn, Trait};
use super::shapes::{Target, STREAMED, UNIT_SHAPE};
use crate::model::Location;
use crate::raw;
use crate::yaml::{Kind, Node};

/// Where a member travels, from its HTTP binding trait (`None`: the body).
const BINDINGS: [(&str, Location); 7] = [
    ("smithy.api#httpLabel", Location::Path),
    ("smithy.api#httpQuery", Location::Query),
    ("smithy.api#httpQueryParams", Location::Query),
    ("smithy.api#httpHeader", Location::Header),
    ("smithy.api#httpPrefixHeaders", Location::Headers),
    ("smithy.api#httpPayload", Location::Payload),
    ("smithy.api#httpResponseCode", Location::Status),
];

impl Cx {
    /// The members of a structure, union or error (`in_error`).
    pub(super) fn smithy_members(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        s: &ShapeIn<'_>,
        in_error: bool,
    ) -> raw::Entries<raw::Member> {
        let mut out = raw::Entries::default();
        for m in ast.members(self, s) {
            if let Some(member) = self.smithy_member(ast, closure, s, &m, in_error) {
                out.0.push((m.name.to_string(), member));
            }
        }
        out
    }

    /// One member.
    fn smithy_member(
        &mut self,
        ast: &Ast<'_>,
        closure: &Closure<'_>,
        s: &ShapeIn<'_>,
        m: &MemberIn<'_>,
        in_error: bool,
    ) -> Option<raw::Member> {
        let file = ast.file;
        let target_node = m.target?;
        let target = self.smithy_target(ast, closure, target_node, &m.path.key("target"))?;
        let target = match target {
            Target::Named(target) => target,
            // `{"quit": {}}`: on the wire, a unit member of a union is an empty structure.
            Target::Unit if s.kind == "union" => UNIT_SHAPE.to_string(),
            Target::Unit => {
                self.error(
                    file,
                    &target_node.span,
                    &m.path.key("target"),
                    format!("a {} member of `smithy.api#Unit` is not supported", s.kind),
                    "a structure's members hold a value: give it one (an empty structure)",
                );
                return None;
            }
        };
        let mut out = raw::Member {
            target,
            ..raw::Member::default()
        };
        let mut ok = true;
        let mut json_name = None;
        let mut default: Option<&Trait<'_>> = None;
        for t in &m.traits {
            let at = t.path();
            if let Some((_, location)) = BINDINGS.iter().find(|(id, _)| *id == t.id) {
                let request_only = matches!(location, Location::Path | Location::Query);
                if (request_only && closure.is_output_only(s.id))
                    || (*location == Location::Status && closure.is_input_only(s.id))
                {
                    // A binding of the other direction: the member travels in the body.
                    continue;
                }
                if let Some(previous) = &out.location {
                    ok = false;
                    self.error(
                        file,
                        &t.key.span,
                        &at,
                        format!("the member is already bound to the {previous}"),
                        "a member has at most one HTTP binding trait",
                    );
                    continue;
                }
                out.location = Some(location.as_str().to_string());
                if matches!(
                    t.id,
                    "smithy.api#httpQuery"
                        | "smithy.api#httpHeader"
                        | "smithy.api#httpPrefixHeaders"
                ) {
                    let wire = self.string(file, t.value, &at);
                    // A prefix is written even when empty: every header.
                    if t.id == "smithy.api#httpPrefixHeaders" || wire != Some(m.name) {
                        out.wire_name = wire.map(str::to_string);
                    }
                }
                continue;
            }
            match t.id {
                "smithy.api#required" => out.required = true,
                "smithy.api#default" => default = Some(t),
                "smithy.api#jsonName" => json_name = self.string(file, t.value, &at),
                "smithy.api#timestampFormat" => {
                    out.timestamp_format = self.smithy_timestamp_format(file, t.value, &at)
                }
                "smithy.api#idempotencyToken" => out.idempotency_token = true,
                "smithy.api#sensitive" => out.sensitive = true,
                "smithy.api#hostLabel" => out.host_label = true,
                "smithy.api#documentation" => out.docs = self.docs(file, t.value, &at),
                "smithy.api#length" => out.length = self.bounds(file, t),
                "smithy.api#range" => out.range = self.bounds(file, t),
                "smithy.api#pattern" => {
                    out.pattern = self.string(file, t.value, &at).map(str::to_string)
                }
                "smithy.api#eventHeader" | "smithy.api#eventPayload" => {
                    ok = false;
                    self.error(
                        file,
                        &t.key.span,
                        &at,
                        "event streams are not supported",
                        "the schema has no event streams: leave the operations that use them out of the model",
                    );
                }
                _ => self.smithy_trait(file, t, "a member"),
            }
        }
        let location = out.location.as_deref();
        if location.is_none() {
            out.wire_name = json_name.filter(|j| *j != m.name).map(str::to_string);
        }
        let target_shape = m.target_id().and_then(|id| ast.get(id));
        let target_traits = target_shape.map(|t| ast.traits(t)).unwrap_or_default();
        let streaming = find(&target_traits, "smithy.api#streaming").is_some();
        let is_payload = location == Some(Location::Payload.as_str());
        if streaming {
            if is_payload && target_shape.is_some_and(|t| t.kind == "blob") {
                out.docs = with_note(out.docs.take(), STREAMED);
            } else {
                ok = false;
                self.error(
                    file,
                    &target_node.span,
                    &m.path.key("target"),
                    "a streaming member must be its structure's `httpPayload` blob",
                    "the schema sends and reads streams whole, as a payload blob",
                );
            }
        }
        if let Some(media) = find(&target_traits, "smithy.api#mediaType") {
            let kind = target_shape.map_or("", |t| t.kind);
            match location {
                // restJson1 sends a header of a media type base64-encoded.
                Some("header") if kind == "string" => out.json_value = true,
                Some("payload") if matches!(kind, "string" | "blob") => {
                    let media_type = self.string(file, media.value, &media.path());
                    let plain = match kind {
                        "blob" => "application/octet-stream",
                        _ => "text/plain",
                    };
                    out.media_type = media_type.filter(|m| *m != plain).map(str::to_string);
                }
                _ => {}
            }
        }
        if let Some(t) = default {
            let blob = target_shape.map_or(m.target_id() == Some("smithy.api#Blob"), |t| {
                t.kind == "blob"
            });
            let client_optional = find(&m.traits, "smithy.api#clientOptional").is_some();
            self.member_default(file, t, &mut out, in_error, blob, client_optional);
        }
        ok.then_some(out)
    }

    /// A member's `default`, where the schema can say it: on an optional body member of a
    /// structure (a required member is always sent anyway; elsewhere it is dropped with a
    /// warning).
    fn member_default(
        &mut self,
        file: &str,
        t: &Trait<'_>,
        out: &mut raw::Member,
        in_error: bool,
        blob: bool,
        client_optional: bool,
    ) {
        let at = t.path();
        if t.value.is_null() {
            return;
        }
        let mut value = json_value(t.value);
        let note = format!("Default: `{value}`.");
        if client_optional {
            // A client leaves such a member unset; one schema serves both sides, so the
            // member stays optional and the default is said in its docs.
            out.docs = with_note(out.docs.take(), &note);
            return;
        }
        if blob {
            // Smithy writes a blob's default in base64; the schema's is the bytes as text.
            let text = value.as_str().and_then(base64_text);
            let Some(text) = text else {
                self.warning(
                    file,
                    &t.value.span,
                    &at,
                    "a blob default that is not base64 of UTF-8 text is not imported",
                    "the schema's default of a blob is its bytes written as text",
                );
                out.docs = with_note(out.docs.take(), &note);
                return;
            };
            value = text.into();
        }
        let problem = if in_error {
            Some("on an error's member")
        } else if out.location.is_some() {
            Some("outside the JSON body")
        } else if out.idempotency_token {
            Some("on an idempotency token")
        } else {
            None
        };
        if out.required {
            // Required: the caller always gives it; the default only documents it.
            out.docs = with_note(out.docs.take(), &note);
            return;
        }
        if let Some(problem) = problem {
            self.warning(
                file,
                &t.key.span,
                &at,
                format!("a default {problem} is not imported: the member stays optional"),
                "the schema's `default` is for optional members of the JSON body",
            );
            out.docs = with_note(out.docs.take(), &note);
            return;
        }
        out.default = Some(value);
    }
}

/// Standard base64 (padded) decoded, when it is the base64 of UTF-8 text.
fn base64_text(encoded: &str) -> Option<String> {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    if encoded.len() % 4 != 0 {
        return None;
    }
    let body = encoded.trim_end_matches('=');
    if encoded.len() - body.len() > 2 {
        return None;
    }
    let mut bits = 0u32;
    let mut count = 0;
    let mut bytes = Vec::with_capacity(body.len() * 3 / 4);
    for c in body.bytes() {
        let digit = ALPHABET.iter().position(|a| *a == c)? as u32;
        bits = bits << 6 | digit;
        count += 6;
        if count >= 8 {
            count -= 8;
            bytes.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    String::from_utf8(bytes).ok()
}

/// A located node as the JSON value it is.
fn json_value(node: &Node) -> serde_json::Value {
    match &node.kind {
        Kind::Scalar { text, plain: true } => match text.as_str() {
            "true" => true.into(),
            "false" => false.into(),
            "null" | "~" => serde_json::Value::Null,
            t => match t.parse::<i64>() {
                Ok(i) => i.into(),
                Err(_) => t
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| t.into(), serde_json::Value::Number),
            },
        },
        Kind::Scalar { text, .. } => text.as_str().into(),
        Kind::Seq(items) => items.iter().map(json_value).collect(),
        Kind::Map(entries) => entries
            .iter()
            .map(|(k, v)| (k.as_str().unwrap_or_default().to_string(), json_value(v)))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    }
}
