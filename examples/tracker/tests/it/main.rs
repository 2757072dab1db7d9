//! End-to-end tests of the tracker showcase (`protocol: http-json`): the browser-facing
//! server ([`tracker_example::app`]: the generated handler under axum and tower-http's CORS
//! layer) on loopback, driven by the generated client and by raw HTTP.

use serde_json::{json, Value};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tracker::client::Client;
use tracker::errors::*;
use tracker::runtime::client::{Config, SdkError};
use tracker::runtime::Nullable;
use tracker::types::*;
use tracker_example::{app, Tracker};

const ORIGIN: &str = "https://tracker.example.org";

/// Serves a tracker that knows `ann` (token `t-ann`) and `bob` (`t-bob`).
async fn start() -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let tracker = Tracker::new([("t-ann", "ann"), ("t-bob", "bob")]);
    tokio::spawn(async move { axum::serve(listener, app(tracker, &[ORIGIN])).await });
    addr
}

fn client(addr: SocketAddr, token: Option<&str>) -> Client {
    let mut config = Config::builder()
        .endpoint(format!("http://{addr}"))
        .no_signing();
    if let Some(token) = token {
        config = config.bearer_token(token);
    }
    Client::new(config.build().unwrap())
}

/// A response read whole: status, headers (names lowercase), body.
struct Response {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    fn json(&self) -> Value {
        serde_json::from_str(&self.body).unwrap_or_else(|e| panic!("{e}: {}", self.body))
    }
}

/// One raw HTTP/1.1 request with `headers` and `body`.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> Response {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut request =
        format!("{method} {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(&format!("Content-Length: {}\r\n\r\n{body}", body.len()));
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).await.unwrap();
    let text = String::from_utf8(raw).unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap();
    Response {
        status: head[9..12].parse().unwrap(),
        headers: head
            .lines()
            .skip(1)
            .filter_map(|l| l.split_once(": "))
            .map(|(k, v)| (k.to_ascii_lowercase(), v.to_string()))
            .collect(),
        body: body.to_string(),
    }
}

#[tokio::test]
async fn issues_are_filed_paged_searched_changed_and_deleted() {
    let addr = start().await;
    let ann = client(addr, Some("t-ann"));
    for i in 1..=25 {
        let mut input = CreateIssueInput::new(format!("Issue {i}"));
        if i % 5 == 0 {
            input = input.with_body("The parser drops UTF-8 BOMs");
        }
        let issue = ann.create_issue(input).await.unwrap();
        assert_eq!(
            (issue.id.as_str(), issue.state.clone()),
            (i.to_string().as_str(), IssueState::Open)
        );
        assert_eq!(issue.reporter, "ann");
    }

    // Every issue, newest first, ten a page: three requests, each with the last cursor.
    let anyone = client(addr, None);
    let mut pages = anyone.list_issues_pages(ListIssuesInput::new().with_limit(10));
    let mut sizes = Vec::new();
    let mut ids = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.unwrap();
        sizes.push(page.issues.len());
        ids.extend(page.issues.into_iter().map(|i| i.id));
    }
    assert_eq!(sizes, [10, 10, 5]);
    let expected: Vec<String> = (1..=25).rev().map(|i| i.to_string()).collect();
    assert_eq!(ids, expected);

    // Search, itself paged.
    let mut found = anyone.search_issues_items(SearchIssuesInput::new("utf-8 boms").with_limit(2));
    let mut hits = Vec::new();
    while let Some(issue) = found.next().await {
        hits.push(issue.unwrap().id);
    }
    assert_eq!(hits, ["25", "20", "15", "10", "5"]);

    // A PATCH sets the assignee, then clears it with an explicit null; absent keeps it.
    let assigned = ann
        .update_issue(UpdateIssueInput::new("7").with_assignee("bob".to_string()))
        .await
        .unwrap();
    assert_eq!(assigned.assignee.as_deref(), Some("bob"));
    let retitled = ann
        .update_issue(UpdateIssueInput::new("7").with_title("Issue seven"))
        .await
        .unwrap();
    assert_eq!(
        (retitled.title.as_str(), retitled.assignee.as_deref()),
        ("Issue seven", Some("bob"))
    );
    let cleared = ann
        .update_issue(UpdateIssueInput::new("7").with_assignee(Nullable::Null))
        .await
        .unwrap();
    assert_eq!(cleared.assignee, None);
    let raw = send(
        addr,
        "PATCH",
        "/issues/8",
        &[
            ("authorization", "Bearer t-ann"),
            ("content-type", "application/json"),
        ],
        r#"{"assignee": null, "labels": ["bug"]}"#,
    )
    .await;
    assert_eq!(raw.status, 200, "{}", raw.body);
    assert_eq!(raw.json()["labels"], json!(["bug"]));
    assert!(raw.json().get("assignee").is_none());

    // A closed issue refuses changes other than reopening it: a typed error.
    ann.update_issue(UpdateIssueInput::new("7").with_state(IssueState::Closed))
        .await
        .unwrap();
    let Err(SdkError::Service(UpdateIssueError::IssueClosed(closed))) = ann
        .update_issue(UpdateIssueInput::new("7").with_title("again"))
        .await
    else {
        panic!("not IssueClosed")
    };
    assert_eq!(closed.issue_id.as_deref(), Some("7"));
    let open = ann
        .list_issues(ListIssuesInput::new().with_state(IssueState::Closed))
        .await
        .unwrap();
    assert_eq!(open.issues.len(), 1);

    // Deleted, then gone: the typed not-found error names the id.
    ann.delete_issue(IssueIdInput::new("7")).await.unwrap();
    let Err(SdkError::Service(GetIssueError::IssueNotFound(gone))) =
        anyone.get_issue(IssueIdInput::new("7")).await
    else {
        panic!("not IssueNotFound")
    };
    assert_eq!(gone.issue_id.as_deref(), Some("7"));
    assert_eq!(gone.detail.as_deref(), Some("no issue has the id `7`"));
}

#[tokio::test]
async fn errors_are_problem_details_with_no_amz_header() {
    let addr = start().await;
    let missing = send(addr, "GET", "/issues/99", &[], "").await;
    assert_eq!(missing.status, 404);
    assert_eq!(
        missing.header("content-type"),
        Some("application/problem+json")
    );
    assert_eq!(
        missing.body,
        r#"{"type":"https://tracker.example.com/problems/issue-not-found","title":"Issue not found","status":404,"detail":"no issue has the id `99`","issueId":"99"}"#
    );
    assert!(missing
        .header("x-request-id")
        .is_some_and(|id| !id.is_empty()));
    assert!(
        missing.headers.iter().all(|(k, _)| !k.starts_with("x-amz")),
        "{:?}",
        missing.headers
    );

    // The server's own refusals are problems of type about:blank.
    let bad = send(addr, "GET", "/issues?limit=lots", &[], "").await;
    assert_eq!(bad.status, 400);
    assert_eq!(bad.header("content-type"), Some("application/problem+json"));
    let body = bad.json();
    assert_eq!(
        (
            body["type"].as_str(),
            body["title"].as_str(),
            body["status"].as_i64()
        ),
        (Some("about:blank"), Some("Bad Request"), Some(400))
    );
    assert!(body["detail"].as_str().unwrap().contains("limit"), "{body}");
}

#[tokio::test]
async fn a_request_without_its_token_is_a_401_before_the_implementation_runs() {
    let addr = start().await;
    let refused = send(
        addr,
        "POST",
        "/issues",
        &[("content-type", "application/json")],
        r#"{"title": "Sneaky"}"#,
    )
    .await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("www-authenticate"), Some("Bearer"));
    assert_eq!(
        refused.header("content-type"),
        Some("application/problem+json")
    );
    let body = refused.json();
    assert_eq!(
        (
            body["type"].as_str(),
            body["title"].as_str(),
            body["status"].as_i64()
        ),
        (Some("about:blank"), Some("Unauthorized"), Some(401))
    );
    // Through the generated client too; and a token the tracker does not know is refused by
    // the implementation, which reads it from the request context.
    let anyone = client(addr, None);
    let Err(SdkError::Service(CreateIssueError::Unmodelled(e))) =
        anyone.create_issue(CreateIssueInput::new("Sneaky")).await
    else {
        panic!("not a 401")
    };
    assert_eq!((e.status, e.code.as_deref()), (401, None));
    let stranger = client(addr, Some("t-eve"));
    let Err(SdkError::Service(CreateIssueError::Unmodelled(e))) =
        stranger.create_issue(CreateIssueInput::new("Sneaky")).await
    else {
        panic!("not a 401")
    };
    assert_eq!(e.status, 401);
    assert_eq!(
        e.message.as_deref(),
        Some("the bearer token is not one of this tracker's")
    );
    // Nothing was filed; reads need no token.
    let page = anyone.list_issues(ListIssuesInput::new()).await.unwrap();
    assert!(page.issues.is_empty());
}

#[tokio::test]
async fn a_length_violation_is_the_typed_validation_problem_with_the_member_path() {
    let addr = start().await;
    let ann = client(addr, Some("t-ann"));
    let Err(SdkError::Service(CreateIssueError::ValidationProblem(problem))) =
        ann.create_issue(CreateIssueInput::new("")).await
    else {
        panic!("not ValidationProblem")
    };
    let params = problem.invalid_params.unwrap();
    assert_eq!(params.len(), 1);
    assert_eq!(params[0].path, "/title");
    assert!(problem.detail.contains("title"), "{}", problem.detail);

    let raw = send(
        addr,
        "POST",
        "/issues",
        &[
            ("authorization", "Bearer t-ann"),
            ("content-type", "application/json"),
        ],
        &format!(
            r#"{{"title": "ok", "labels": [{}]}}"#,
            [r#""x""#; 11].join(",")
        ),
    )
    .await;
    assert_eq!(raw.status, 422);
    assert_eq!(raw.header("content-type"), Some("application/problem+json"));
    let body = raw.json();
    assert_eq!(
        body["type"],
        "https://tracker.example.com/problems/validation"
    );
    assert_eq!(body["title"], "Your request is not valid");
    assert_eq!(body["status"], 422);
    assert_eq!(body["invalidParams"][0]["path"], "/labels");
}

#[tokio::test]
async fn browsers_of_the_allowed_origin_pass_cors() {
    let addr = start().await;
    // The preflight is answered by the CORS layer, before the generated server.
    let preflight = send(
        addr,
        "OPTIONS",
        "/issues",
        &[
            ("origin", ORIGIN),
            ("access-control-request-method", "POST"),
            (
                "access-control-request-headers",
                "authorization,content-type",
            ),
        ],
        "",
    )
    .await;
    assert_eq!(preflight.status, 200, "{}", preflight.body);
    assert_eq!(
        preflight.header("access-control-allow-origin"),
        Some(ORIGIN)
    );
    let methods = preflight.header("access-control-allow-methods").unwrap();
    assert!(
        methods.contains("POST") && methods.contains("PATCH"),
        "{methods}"
    );
    let allowed = preflight.header("access-control-allow-headers").unwrap();
    assert!(allowed.contains("authorization"), "{allowed}");

    // The answer itself lets the page read the request id, errors included.
    let listed = send(addr, "GET", "/issues", &[("origin", ORIGIN)], "").await;
    assert_eq!(listed.status, 200);
    assert_eq!(listed.header("access-control-allow-origin"), Some(ORIGIN));
    let exposed = listed.header("access-control-expose-headers").unwrap();
    assert!(exposed.contains("x-request-id"), "{exposed}");
    let refused = send(addr, "DELETE", "/issues/1", &[("origin", ORIGIN)], "").await;
    assert_eq!(refused.status, 401);
    assert_eq!(refused.header("access-control-allow-origin"), Some(ORIGIN));

    // Another origin is not let in.
    let other = send(
        addr,
        "GET",
        "/issues",
        &[("origin", "https://evil.example")],
        "",
    )
    .await;
    assert_eq!(other.header("access-control-allow-origin"), None);
    // The app's own route sits beside the API.
    let health = send(addr, "GET", "/health", &[], "").await;
    assert_eq!((health.status, health.body.as_str()), (200, "ok"));
}

#[test]
fn the_openapi_document_describes_problems_security_and_servers() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../generated/tracker/openapi.json"
    );
    let doc: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(
        doc["servers"],
        json!([{"url": "https://tracker.example.com"}, {"url": "http://127.0.0.1:8080"}])
    );
    assert_eq!(
        doc["components"]["securitySchemes"]["token"],
        json!({"type": "http", "scheme": "bearer"})
    );
    let create = &doc["paths"]["/issues"]["post"];
    assert_eq!(create["security"], json!([{"token": []}]));
    let problem = &create["responses"]["422"]["content"]["application/problem+json"]["schema"];
    assert_eq!(problem["$ref"], "#/components/schemas/ValidationProblem");
    let schema = &doc["components"]["schemas"]["ValidationProblem"];
    assert_eq!(
        schema["properties"]["type"]["const"],
        "https://tracker.example.com/problems/validation"
    );
    assert_eq!(schema["properties"]["status"]["const"], 422);
    assert!(create["responses"]["default"]["content"]["application/problem+json"].is_object());
    assert!(create["responses"]["422"]["headers"]["x-request-id"].is_object());
    let text = serde_json::to_string(&doc).unwrap();
    assert!(!text.contains("x-amzn"), "an AWS header in the document");
}
