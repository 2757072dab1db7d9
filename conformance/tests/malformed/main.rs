//! The upstream Smithy suite's malformed-request and validation cases
//! (`httpMalformedRequestTests`, expanded by `cargo xtask conformance` into `cases.json`), each
//! sent as raw HTTP/1.1 over loopback to a generated server of the case's service whose
//! operations are not implemented: the answer's status, the listed headers and, where the
//! case gives one, the body (JSON compared as JSON; `messageRegex` against its `message`)
//! must be the case's.
//!
//! Every case that fails must be listed in `known_failures.txt` with its reason, and every
//! case listed there must fail: the test fails otherwise, and prints a report line per
//! group (the suite's `RestJson` malformed requests, its `RestJsonValidation` constraint
//! cases, and `own_cases.json`, this repository's cases in the same form for the
//! constraints fixture).

mod servers;

use serde_json::Value;
use std::collections::BTreeMap;
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// One answer, as read from the socket.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// The raw HTTP/1.1 request of a case (`request` of its JSON).
fn raw_request(request: &Value) -> Vec<u8> {
    let method = request["method"].as_str().unwrap_or("GET");
    let mut target = request["uri"].as_str().unwrap_or("/").to_string();
    let query: Vec<&str> = request["queryParams"]
        .as_array()
        .map(|q| q.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    if !query.is_empty() {
        target.push(if target.contains('?') { '&' } else { '?' });
        target.push_str(&query.join("&"));
    }
    let host = request["host"].as_str().unwrap_or("localhost");
    let mut head = format!("{method} {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    for (name, value) in request["headers"].as_object().into_iter().flatten() {
        head.push_str(&format!(
            "{name}: {}\r\n",
            value.as_str().unwrap_or_default()
        ));
    }
    let body = request["body"].as_str().unwrap_or_default().as_bytes();
    if !body.is_empty() {
        head.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    head.push_str("\r\n");
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

/// Sends `request` and reads the whole answer (the server closes the connection).
async fn exchange(addr: SocketAddr, request: &[u8]) -> Result<Answer, String> {
    let mut stream = tokio::net::TcpStream::connect(addr)
        .await
        .map_err(|e| e.to_string())?;
    stream.write_all(request).await.map_err(|e| e.to_string())?;
    let mut bytes = Vec::new();
    let read = stream.read_to_end(&mut bytes);
    tokio::time::timeout(std::time::Duration::from_secs(20), read)
        .await
        .map_err(|_| "no answer within 20 s".to_string())?
        .map_err(|e| e.to_string())?;
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut response = httparse::Response::new(&mut headers);
    let httparse::Status::Complete(at) = response.parse(&bytes).map_err(|e| e.to_string())? else {
        return Err("an incomplete answer".into());
    };
    Ok(Answer {
        status: response.code.unwrap_or_default(),
        headers: response
            .headers
            .iter()
            .map(|h| {
                let value = String::from_utf8_lossy(h.value).into_owned();
                (h.name.to_ascii_lowercase(), value)
            })
            .collect(),
        body: bytes[at..].to_vec(),
    })
}

/// Why `answer` is not what the case's `response` expects; `None` when it is.
fn mismatch(expected: &Value, answer: &Answer) -> Option<String> {
    let code = expected["code"].as_u64().unwrap_or_default();
    let error_type = answer
        .headers
        .iter()
        .find(|(n, _)| n == "x-amzn-errortype")
        .map_or("", |(_, v)| v.as_str());
    let body = String::from_utf8_lossy(&answer.body);
    if u64::from(answer.status) != code {
        return Some(format!(
            "status {} (want {code}), x-amzn-errortype `{error_type}`: {body}",
            answer.status
        ));
    }
    for (name, want) in expected["headers"].as_object().into_iter().flatten() {
        let want = want.as_str().unwrap_or_default();
        let found = answer
            .headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str());
        if found != Some(want) {
            return Some(format!("header {name}: {found:?} (want `{want}`)"));
        }
    }
    let assertion = &expected["body"]["assertion"];
    if let Some(contents) = assertion["contents"].as_str() {
        let json = expected["body"]["mediaType"]
            .as_str()
            .is_none_or(|m| m.contains("json"));
        let same = match json {
            true => match (
                serde_json::from_str::<Value>(contents),
                serde_json::from_slice::<Value>(&answer.body),
            ) {
                (Ok(want), Ok(found)) => want == found,
                _ => false,
            },
            false => contents.as_bytes() == answer.body.as_slice(),
        };
        if !same {
            return Some(format!("body {body} (want {contents})"));
        }
    }
    if let Some(pattern) = assertion["messageRegex"].as_str() {
        let message = serde_json::from_slice::<Value>(&answer.body)
            .ok()
            .and_then(|b| b["message"].as_str().map(str::to_string))
            .unwrap_or_default();
        let re = regex::Regex::new(pattern).map_err(|e| e.to_string());
        if !re.is_ok_and(|re| re.is_match(&message)) {
            return Some(format!("message `{message}` does not match `{pattern}`"));
        }
    }
    None
}

/// `known_failures.txt`: a case id, a space, and the reason, per line (`#` comments).
fn known_failures() -> BTreeMap<String, String> {
    include_str!("known_failures.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| {
            let (id, reason) = l.split_once(' ').unwrap_or((l, ""));
            (id.to_string(), reason.trim().to_string())
        })
        .collect()
}

#[tokio::test]
async fn malformed_requests_are_answered_as_the_suite_prescribes() {
    let mut cases: Vec<(&str, Value)> = Vec::new();
    for (file, text) in [
        ("cases.json", include_str!("cases.json")),
        ("own_cases.json", include_str!("own_cases.json")),
    ] {
        let list: Vec<Value> = serde_json::from_str(text).expect(file);
        cases.extend(list.into_iter().map(|c| (file, c)));
    }
    let known = known_failures();
    let mut servers = servers::Servers::default();
    // Per group: passed, failed as known, not run (no server for the service).
    let mut counts: BTreeMap<String, [usize; 4]> = BTreeMap::new();
    let mut problems = Vec::new();
    let mut failures = Vec::new();
    for (file, case) in &cases {
        let id = case["id"].as_str().unwrap_or_default();
        let service = case["service"].as_str().unwrap_or_default();
        let group = match (*file, service) {
            ("own_cases.json", _) => format!("own ({service})"),
            (_, "RestJsonValidation") => "validation (RestJsonValidation)".to_string(),
            _ => format!("malformed ({service})"),
        };
        let count = counts.entry(group).or_default();
        count[3] += 1;
        let Some(addr) = servers.addr(service).await else {
            count[2] += 1;
            continue;
        };
        let answer = exchange(addr, &raw_request(&case["request"])).await;
        let failure = match answer {
            Ok(answer) => mismatch(&case["response"], &answer),
            Err(e) => Some(e),
        };
        match (failure, known.get(id)) {
            (None, None) => count[0] += 1,
            (None, Some(_)) => {
                count[0] += 1;
                problems.push(format!("{id} passes: remove it from known_failures.txt"));
            }
            (Some(why), Some(reason)) => {
                count[1] += 1;
                failures.push(format!("{id}: {reason} ({why})"));
            }
            (Some(why), None) => problems.push(format!("{id} fails: {why}")),
        }
    }
    servers.shutdown().await;
    for (group, [passed, known, not_run, total]) in &counts {
        let run = total - not_run;
        println!(
            "{group}: {passed} of {total} pass ({known} known failures, {} unexpected failures, {not_run} not run: no generated server)",
            run - passed - known
        );
    }
    for failure in &failures {
        println!("known failure: {failure}");
    }
    let listed_unknown: Vec<&String> = known
        .keys()
        .filter(|id| !cases.iter().any(|(_, c)| c["id"] == id.as_str()))
        .collect();
    assert!(
        listed_unknown.is_empty(),
        "known_failures.txt names no case: {listed_unknown:?}"
    );
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
