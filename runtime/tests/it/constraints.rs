//! The constraints fixture's generated server over loopback: every constraint kind refused
//! with the schema's validation error in Smithy's words and JSON pointers, malformed values
//! as 400 `SerializationException`, media types as 415 and 406, sensitive values kept out
//! of `Debug`, sparse entries kept as `None`.

use super::bad_input::exchange;
use fixture_constraints as constraints;
use serde_json::{json, Value};
use std::net::SocketAddr;

struct Accepts;

impl constraints::server::Service for Accepts {
    async fn check(
        &self,
        _input: constraints::types::CheckRequest,
    ) -> Result<constraints::types::Checked, constraints::errors::CheckError> {
        Ok(constraints::types::Checked { ok: true })
    }

    async fn ping(&self) -> Result<(), constraints::errors::PingError> {
        Ok(())
    }
}

async fn serve() -> (restgen_runtime::server::ServerHandle, SocketAddr) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = constraints::server::serve(listener, Accepts).unwrap();
    let at = server.local_addr();
    (server, at)
}

const CHECK: &str = "POST /check/a1 HTTP/1.1\r\nx-mode: fast\r\nContent-Type: application/json";

/// Sends `body` to Check and expects one violation at `path`, in Smithy's form.
async fn violation(at: SocketAddr, body: &str, path: &str, message: &str) {
    let (status, code, found) = exchange(at, CHECK, body).await;
    assert_eq!(
        (status, code.as_str()),
        (400, "validationexception"),
        "{body}: {found}"
    );
    let entry = format!("Value{message}");
    let expected = json!({
        "message": format!("1 validation error detected. {entry}"),
        "fieldList": [{"path": path, "message": entry}],
    });
    assert_eq!(found, expected, "{body}");
}

#[tokio::test]
async fn every_constraint_is_a_validation_exception_in_smithys_words() {
    let (server, at) = serve().await;
    let (status, _, body) =
        exchange(at, CHECK, r#"{"letters": "abc", "byte": 8, "priority": 7}"#).await;
    assert_eq!((status, body), (200, json!({"ok": true})));
    let cases = [
        (
            r#"{"letters": "xyz"}"#,
            "/letters",
            " at '/letters' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$",
        ),
        (
            r#"{"byte": 9}"#,
            "/byte",
            " at '/byte' failed to satisfy constraint: Member must be between 2 and 8, inclusive",
        ),
        (
            r#"{"short": -6}"#,
            "/short",
            " at '/short' failed to satisfy constraint: Member must be greater than or equal to -5",
        ),
        (
            r#"{"float": 8.9}"#,
            "/float",
            " at '/float' failed to satisfy constraint: Member must be between 2.2 and 8.8, inclusive",
        ),
        (
            r#"{"letterList": ["abc", "xyz"]}"#,
            "/letterList/1",
            " at '/letterList/1' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$",
        ),
        (
            r#"{"shortTexts": ["ab", "ab"]}"#,
            "/shortTexts",
            " at '/shortTexts' failed to satisfy constraint: Member must have unique values",
        ),
        (
            r#"{"shortTexts": ["ab", "abcdefghi"]}"#,
            "/shortTexts/1",
            " with length 9 at '/shortTexts/1' failed to satisfy constraint: Member must have length between 2 and 8, inclusive",
        ),
        (
            r#"{"colours": {"purple": "abc"}}"#,
            "/colours",
            " at '/colours' failed to satisfy constraint: Member must satisfy enum value set: [red, green, blue]",
        ),
        (
            r#"{"colours": {"red": "a"}}"#,
            "/colours/red",
            " with length 1 at '/colours/red' failed to satisfy constraint: Member must have length between 2 and 8, inclusive",
        ),
        (
            r#"{"letterMap": {"xyz": "abc"}}"#,
            "/letterMap",
            " at '/letterMap' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$",
        ),
        (
            r#"{"sparseList": ["ab", null, "a"]}"#,
            "/sparseList/2",
            " with length 1 at '/sparseList/2' failed to satisfy constraint: Member must have length between 2 and 8, inclusive",
        ),
        (
            r#"{"sparseMap": {"a": null, "b": 1}}"#,
            "/sparseMap/b",
            " at '/sparseMap/b' failed to satisfy constraint: Member must be between 2 and 8, inclusive",
        ),
        (
            r#"{"stamps": [1, 2, 1.0]}"#,
            "/stamps",
            " at '/stamps' failed to satisfy constraint: Member must have unique values",
        ),
        (
            r#"{"priority": 3}"#,
            "/priority",
            " at '/priority' failed to satisfy constraint: Member must satisfy enum value set: [1, 2, 7]",
        ),
        (
            r#"{"priorities": [1, 8]}"#,
            "/priorities/1",
            " at '/priorities/1' failed to satisfy constraint: Member must satisfy enum value set: [1, 2, 7]",
        ),
        (
            r#"{"priorities": [7, 7]}"#,
            "/priorities",
            " at '/priorities' failed to satisfy constraint: Member must have unique values",
        ),
        // Constraints on a list's member and a map's key and value, over their targets'.
        (
            r#"{"gmList": ["abc"]}"#,
            "/gmList/0",
            " at '/gmList/0' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[g-m]+$",
        ),
        (
            r#"{"gmList": ["ghij"]}"#,
            "/gmList/0",
            " with length 4 at '/gmList/0' failed to satisfy constraint: Member must have length less than or equal to 3",
        ),
        (
            r#"{"gmMap": {"abc": "ghi"}}"#,
            "/gmMap",
            " at '/gmMap' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[g-m]+$",
        ),
        (
            r#"{"gmMap": {"ghi": "ab"}}"#,
            "/gmMap/ghi",
            " with length 2 at '/gmMap/ghi' failed to satisfy constraint: Member must have length greater than or equal to 3",
        ),
        // The sensitive value is not echoed (no message echoes a value).
        (
            r#"{"secret": "hunter2"}"#,
            "/secret",
            " at '/secret' failed to satisfy constraint: Member must satisfy regular expression pattern: ^[a-m]+$",
        ),
    ];
    for (body, path, message) in cases {
        violation(at, body, path, message).await;
    }
    // A label's own constraint, and a required header that is missing.
    let (status, code, body) = exchange(
        at,
        "POST /check/toolong HTTP/1.1\r\nx-mode: m\r\nContent-Type: application/json",
        "{}",
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (400, "validationexception"),
        "{body}"
    );
    assert_eq!(body["fieldList"][0]["path"], "/id");
    let (status, code, body) = exchange(
        at,
        "POST /check/a1 HTTP/1.1\r\nContent-Type: application/json",
        "{}",
    )
    .await;
    assert_eq!(
        (status, code.as_str()),
        (400, "validationexception"),
        "{body}"
    );
    assert_eq!(
        body["fieldList"][0]["message"],
        "Value at '/mode' failed to satisfy constraint: Member must not be null"
    );
    server.shutdown().await;
}

#[tokio::test]
async fn the_redos_pattern_answers_at_once() {
    let (server, at) = serve().await;
    let evil = format!(r#"{{"evil": "{}!"}}"#, "0".repeat(100_000));
    let started = std::time::Instant::now();
    let (status, code, _) = exchange(at, CHECK, &evil).await;
    assert_eq!((status, code.as_str()), (400, "validationexception"));
    // Linear matching: a backtracking engine would not return in the lifetime of the test.
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    server.shutdown().await;
}

#[tokio::test]
async fn malformed_values_are_serialization_exceptions() {
    let (server, at) = serve().await;
    let cases: [(&str, &str); 8] = [
        (CHECK, r#"{"byte": 128}"#),
        (CHECK, r#"{"short": 32768}"#),
        (CHECK, r#"{"byte": "2"}"#),
        (CHECK, r#"{"colours": {"red": null}}"#),
        (CHECK, r#"{"shortTexts": ["ab", null]}"#),
        (CHECK, r#"{"letters": "abc""#),
        // Timestamps outside the body in their location's format only.
        (
            "POST /check/a1?since=1515531081 HTTP/1.1\r\nx-mode: m\r\nContent-Type: application/json",
            "{}",
        ),
        (
            "POST /check/a1?since=1996-12-19T16:39:57-08:00 HTTP/1.1\r\nx-mode: m\r\nContent-Type: application/json",
            "{}",
        ),
    ];
    for (head, body) in cases {
        let (status, code, found) = exchange(at, head, body).await;
        assert_eq!(
            (status, code.as_str()),
            (400, "serializationexception"),
            "{head} {body}: {found}"
        );
    }
    let (status, _, _) = exchange(
        at,
        "POST /check/a1?since=1996-12-19T16:39:57Z HTTP/1.1\r\nx-mode: m\r\nContent-Type: application/json",
        "{}",
    )
    .await;
    assert_eq!(status, 200);
    server.shutdown().await;
}

#[tokio::test]
async fn media_types_are_415_and_406() {
    let (server, at) = serve().await;
    let head = |extra: &str| format!("POST /check/a1 HTTP/1.1\r\nx-mode: m{extra}");
    let cases = [
        (
            head("\r\nContent-Type: application/hal+json"),
            "{}",
            415,
            "unsupportedmediatypeexception",
        ),
        (head(""), "{}", 415, "unsupportedmediatypeexception"),
        (
            head("\r\nContent-Type: application/json\r\nAccept: application/hal+json"),
            "{}",
            406,
            "notacceptableexception",
        ),
        (
            "POST /ping HTTP/1.1\r\nContent-Type: application/json".to_string(),
            "{}",
            415,
            "unsupportedmediatypeexception",
        ),
    ];
    for (head, body, status, code) in cases {
        let found = exchange(at, &head, body).await;
        assert_eq!(
            (found.0, found.1.as_str()),
            (status, code),
            "{head}: {}",
            found.2
        );
    }
    // What clients send is accepted: parameters, wildcards, no body without a type.
    for accept in [
        "application/json",
        "*/*",
        "application/*",
        "text/html, application/json;q=0.9",
    ] {
        let found = exchange(
            at,
            &head(&format!(
                "\r\nContent-Type: application/json; charset=utf-8\r\nAccept: {accept}"
            )),
            "{}",
        )
        .await;
        assert_eq!(found.0, 200, "{accept}: {}", found.2);
    }
    assert_eq!(exchange(at, "POST /ping HTTP/1.1", "").await.0, 204);
    server.shutdown().await;
}

#[test]
fn sensitive_values_stay_out_of_debug_and_sparse_entries_are_none() {
    let request: constraints::types::CheckRequest = serde_json::from_value(json!({
        "secret": "hunter2",
        "token": "s3cr3t",
        "letters": "abc",
        "sparseList": ["ab", null],
    }))
    .unwrap();
    let shown = format!("{request:?}");
    assert!(
        !shown.contains("hunter2") && !shown.contains("s3cr3t"),
        "{shown}"
    );
    assert!(shown.contains("*** Sensitive Data Redacted ***") && shown.contains("abc"));
    assert_eq!(
        request.sparse_list,
        Some(vec![Some("ab".to_string()), None])
    );
    let locked = constraints::errors::Locked {
        message: Some("held".into()),
        holder: Some("alice@example.com".into()),
        request_id: None,
    };
    let shown = format!("{locked:?}");
    assert!(
        !shown.contains("alice") && shown.contains("held"),
        "{shown}"
    );
    let back: Value = serde_json::to_value(&request).unwrap();
    assert_eq!(back["sparseList"], json!(["ab", null]));
}
