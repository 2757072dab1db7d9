//! The wire protocols a generated crate speaks, and the little that differs between them:
//! how an error response names its error, how a server writes one, and which header
//! carries the request id (WIRE.md §4 for rest-json, §10 for http-json). Everything else
//! (the bindings of path, query, headers, body, payload and status) is the same for both.

use serde_json::Value;

/// A service's wire protocol, as its schema's `service.protocol` says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Protocol {
    /// AWS restJson1: the error's code in the `x-amzn-ErrorType` header (or the body's
    /// `code`/`__type`), request ids in `x-amzn-RequestId`.
    #[default]
    RestJson1,
    /// Plain HTTP and JSON: no `x-amz*` header; errors told apart by status and a code in
    /// the body, in the form given; request ids in `x-request-id`.
    HttpJson(ErrorBody),
}

/// How an http-json error response names its error.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorBody {
    /// RFC 9457 problem details (`application/problem+json`): the code is `type`, beside
    /// `title` and `status`, and the error's members are extension members. An error the
    /// schema does not model is `"type": "about:blank"`, its message in `detail`.
    Problem,
    /// A JSON object (`application/json`) whose member of this name holds the code, beside
    /// the error's members (`{"code": "BookNotFound", "message": "..."}`).
    Code(&'static str),
}

/// The `type` of a problem that is not one of the schema's errors (RFC 9457 §4.2.1).
pub const ABOUT_BLANK: &str = "about:blank";
/// The media type of problem details (RFC 9457 §3).
pub const PROBLEM_JSON: &str = "application/problem+json";

impl Protocol {
    /// The response header that carries the request id (lowercase).
    pub fn request_id_header(self) -> &'static str {
        match self {
            Protocol::RestJson1 => crate::REQUEST_ID_HEADER,
            Protocol::HttpJson(_) => "x-request-id",
        }
    }

    /// The code and message of an error response's JSON body (`json`, when it is an
    /// object), for the http-json forms; rest-json's identification is
    /// [`crate::ErrorResponse::parse`]'s. Codes are kept as they are (a problem `type` is
    /// a URI, which rest-json's cleaning of `:` and `#` would cut).
    pub(crate) fn identify_in_body(
        body: ErrorBody,
        json: Option<&Value>,
    ) -> (Option<String>, Option<String>) {
        let text = |key: &str| {
            json.and_then(|j| j.get(key))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        match body {
            ErrorBody::Problem => (
                text("type").filter(|t| t != ABOUT_BLANK && !t.is_empty()),
                text("detail").or_else(|| text("message")),
            ),
            ErrorBody::Code(field) => (
                text(field).filter(|c| !c.is_empty()),
                text("message").or_else(|| text("Message")),
            ),
        }
    }
}

#[cfg(feature = "server")]
/// An http-json error response body, from the JSON object a server encoded for it.
///
/// `members` is the error's own JSON (`{"message":"...","bookId":"b1"}`: a modelled
/// error's members, or `{"message": ...}` for one that is not modelled); `title` is a
/// modelled error's problem title, `None` for anything else. Returns the body and its
/// `Content-Type`.
pub(crate) fn http_json_error(
    form: ErrorBody,
    status: u16,
    code: &str,
    title: Option<&str>,
    members: &[u8],
) -> (Vec<u8>, &'static str) {
    match (form, title) {
        (ErrorBody::Problem, Some(title)) => {
            let head = format!(
                "\"type\":{},\"title\":{},\"status\":{status}",
                quoted(code),
                quoted(title)
            );
            (splice(&head, members), PROBLEM_JSON)
        }
        (ErrorBody::Problem, None) => {
            // Not one of the schema's errors: a plain problem of its status (RFC 9457
            // §4.2.1), the message as `detail`.
            let detail = serde_json::from_slice::<Value>(members)
                .ok()
                .and_then(|v| v.get("message").and_then(Value::as_str).map(str::to_string))
                .filter(|m| !m.is_empty());
            let reason = http::StatusCode::from_u16(status)
                .ok()
                .and_then(|s| s.canonical_reason())
                .unwrap_or("Error");
            let mut body = serde_json::Map::new();
            body.insert("type".into(), ABOUT_BLANK.into());
            body.insert("title".into(), reason.into());
            body.insert("status".into(), status.into());
            if let Some(detail) = detail {
                body.insert("detail".into(), detail.into());
            }
            (problem_text(&body).into_bytes(), PROBLEM_JSON)
        }
        (ErrorBody::Code(field), _) => (
            splice(&format!("{}:{}", quoted(field), quoted(code)), members),
            "application/json",
        ),
    }
}

#[cfg(feature = "server")]
/// `{"type":..,"title":..,"status":..,"detail":..}` in that order (a `Map` sorts its keys).
fn problem_text(body: &serde_json::Map<String, Value>) -> String {
    let parts: Vec<String> = ["type", "title", "status", "detail"]
        .iter()
        .filter_map(|k| body.get(*k).map(|v| format!("{}:{v}", quoted(k))))
        .collect();
    format!("{{{}}}", parts.join(","))
}

#[cfg(feature = "server")]
/// `head` (members' JSON text without braces) put first into the JSON object `members`.
/// `members` is what serde_json wrote for the error: an object, `{}` when it has no members
/// set. Anything else (never written by generated code) is dropped for `{head}`.
fn splice(head: &str, members: &[u8]) -> Vec<u8> {
    let inner = members
        .strip_prefix(b"{")
        .and_then(|rest| rest.strip_suffix(b"}"))
        .filter(|inner| !inner.iter().all(u8::is_ascii_whitespace));
    let mut out = Vec::with_capacity(head.len() + members.len() + 3);
    out.push(b'{');
    out.extend_from_slice(head.as_bytes());
    if let Some(inner) = inner {
        out.push(b',');
        out.extend_from_slice(inner);
    }
    out.push(b'}');
    out
}

#[cfg(feature = "server")]
fn quoted(text: &str) -> String {
    Value::from(text).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(bytes: &[u8]) -> Value {
        serde_json::from_slice(bytes).unwrap()
    }

    #[test]
    fn a_modelled_problem_puts_type_title_and_status_first() {
        let (body, content_type) = http_json_error(
            ErrorBody::Problem,
            404,
            "https://example.com/problems/book-not-found",
            Some("Book Not Found"),
            br#"{"message":"no book \"b1\"","bookId":"b1"}"#,
        );
        assert_eq!(content_type, PROBLEM_JSON);
        let text = String::from_utf8(body).unwrap();
        assert!(text.starts_with(r#"{"type":"https://example.com/problems/book-not-found","title":"Book Not Found","status":404,"#), "{text}");
        assert_eq!(
            json(text.as_bytes()),
            serde_json::json!({
                "type": "https://example.com/problems/book-not-found",
                "title": "Book Not Found",
                "status": 404,
                "message": "no book \"b1\"",
                "bookId": "b1",
            })
        );
        let (body, _) = http_json_error(ErrorBody::Problem, 409, "Conflict", Some("C"), b"{}");
        assert_eq!(body, br#"{"type":"Conflict","title":"C","status":409}"#);
    }

    #[test]
    fn an_unmodelled_problem_is_about_blank_with_its_message_as_detail() {
        let (body, _) = http_json_error(
            ErrorBody::Problem,
            400,
            "BadRequestException",
            None,
            br#"{"message":"query parameter `q` is required"}"#,
        );
        assert_eq!(
            String::from_utf8(body).unwrap(),
            r#"{"type":"about:blank","title":"Bad Request","status":400,"detail":"query parameter `q` is required"}"#
        );
        let (body, _) = http_json_error(ErrorBody::Problem, 599, "X", None, b"{}");
        assert_eq!(
            body,
            br#"{"type":"about:blank","title":"Error","status":599}"#
        );
    }

    #[test]
    fn a_code_body_names_the_code_first() {
        let (body, content_type) = http_json_error(
            ErrorBody::Code("error"),
            404,
            "BookNotFound",
            Some("ignored"),
            br#"{"message":"gone"}"#,
        );
        assert_eq!(content_type, "application/json");
        assert_eq!(body, br#"{"error":"BookNotFound","message":"gone"}"#);
        let (body, _) = http_json_error(ErrorBody::Code("code"), 400, "Bad", None, b"{ }");
        assert_eq!(body, br#"{"code":"Bad"}"#);
    }

    #[test]
    fn bodies_are_identified_by_their_form() {
        let problem = serde_json::json!({"type": "urn:x:gone", "title": "Gone", "status": 410, "detail": "d"});
        assert_eq!(
            Protocol::identify_in_body(ErrorBody::Problem, Some(&problem)),
            (Some("urn:x:gone".into()), Some("d".into()))
        );
        let blank = serde_json::json!({"type": "about:blank", "status": 400, "detail": "no"});
        assert_eq!(
            Protocol::identify_in_body(ErrorBody::Problem, Some(&blank)),
            (None, Some("no".into()))
        );
        let coded = serde_json::json!({"kind": "Nope", "message": "m"});
        assert_eq!(
            Protocol::identify_in_body(ErrorBody::Code("kind"), Some(&coded)),
            (Some("Nope".into()), Some("m".into()))
        );
        assert_eq!(
            Protocol::identify_in_body(ErrorBody::Code("kind"), None),
            (None, None)
        );
    }
}
