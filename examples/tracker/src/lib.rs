//! An in-memory issue tracker: the implementation of the generated `tracker` server
//! (`schema/tracker.yaml`, `protocol: http-json`), and [`app`], the browser-facing server:
//! the generated handler mounted in an axum `Router` under tower-http's CORS layer.
//!
//! The generated server has already checked a request before a method runs: its route,
//! its input's constraints (a violation is the schema's `ValidationProblem`), and, for an
//! operation that needs the bearer token, that one was sent (401 before the method runs).
//! What the token *means* is this implementation's business: it reads the token from the
//! request context and looks the caller up.

use std::collections::{BTreeMap, HashMap};
use std::sync::Mutex;
use tracker::errors::*;
use tracker::runtime::server::{RequestContext, ServerConfig};
use tracker::runtime::{Nullable, Timestamp, UnmodelledError};
use tracker::types::*;

/// Page size when a request gives none.
const DEFAULT_LIMIT: usize = 20;

/// The tracker: issues by their sequence number, and the tokens it knows.
#[derive(Debug, Default)]
pub struct Tracker {
    issues: Mutex<Issues>,
    /// Bearer token -> login.
    users: HashMap<String, String>,
}

#[derive(Debug, Default)]
struct Issues {
    by_seq: BTreeMap<u64, Issue>,
    next: u64,
}

impl Tracker {
    /// An empty tracker that knows the callers of `users` (token, login).
    pub fn new<'a>(users: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Tracker {
            issues: Mutex::default(),
            users: users
                .into_iter()
                .map(|(token, login)| (token.to_string(), login.to_string()))
                .collect(),
        }
    }

    /// The login of the caller whose bearer token the request carries. The generated server
    /// lets a request without a token reach no method that needs one; a token this tracker
    /// does not know is a 401 too.
    fn caller(&self) -> Result<String, UnmodelledError> {
        let token = RequestContext::with(|cx| cx.bearer_token().map(str::to_string)).flatten();
        token
            .and_then(|t| self.users.get(&t).cloned())
            .ok_or_else(|| UnmodelledError {
                status: 401,
                code: None,
                message: Some("the bearer token is not one of this tracker's".into()),
                request_id: None,
                body: Vec::new(),
            })
    }

    fn issues(&self) -> std::sync::MutexGuard<'_, Issues> {
        // A panic while the lock was held left the map whole (every change is one insert).
        self.issues.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// `issues` newest first from `cursor` on, at most `limit` of them, and the cursor of
    /// the next page.
    fn page(
        &self,
        cursor: Option<&str>,
        limit: Option<i32>,
        keep: impl Fn(&Issue) -> bool,
    ) -> Result<IssuePage, ValidationProblem> {
        let before = match cursor {
            None => u64::MAX,
            Some(c) => c.parse::<u64>().map_err(|_| {
                ValidationProblem::new("the cursor is not one this tracker gave")
                    .with_invalid_params(vec![InvalidParam {
                        path: "/cursor".into(),
                        message: "not a cursor of this tracker".into(),
                    }])
            })?,
        };
        let limit = limit.map_or(DEFAULT_LIMIT, |l| l.max(1) as usize);
        let issues = self.issues();
        let mut found = issues
            .by_seq
            .range(..before)
            .rev()
            .filter(|(_, issue)| keep(issue));
        let page: Vec<(u64, Issue)> = found
            .by_ref()
            .take(limit)
            .map(|(seq, issue)| (*seq, issue.clone()))
            .collect();
        let more = found.next().is_some();
        let next = page.last().filter(|_| more).map(|(seq, _)| seq.to_string());
        let mut out = IssuePage::new(page.into_iter().map(|(_, i)| i).collect::<Vec<_>>());
        out.next_cursor = next;
        Ok(out)
    }

    fn seq_of(id: &str) -> Option<u64> {
        id.parse().ok()
    }
}

fn not_found(id: &str) -> IssueNotFound {
    IssueNotFound::new()
        .with_detail(format!("no issue has the id `{id}`"))
        .with_issue_id(id)
}

impl tracker::server::Service for Tracker {
    async fn create_issue(&self, input: CreateIssueInput) -> Result<Issue, CreateIssueError> {
        let reporter = self.caller()?;
        let mut issues = self.issues();
        issues.next += 1;
        let seq = issues.next;
        let mut issue = Issue::new(
            seq.to_string(),
            input.title,
            IssueState::Open,
            input.labels.unwrap_or_default(),
            reporter,
            Timestamp::now(),
        );
        issue.body = input.body;
        issue.assignee = input.assignee;
        issues.by_seq.insert(seq, issue.clone());
        Ok(issue)
    }

    async fn get_issue(&self, input: IssueIdInput) -> Result<Issue, GetIssueError> {
        Tracker::seq_of(&input.id)
            .and_then(|seq| self.issues().by_seq.get(&seq).cloned())
            .ok_or_else(|| not_found(&input.id).into())
    }

    async fn update_issue(&self, input: UpdateIssueInput) -> Result<Issue, UpdateIssueError> {
        self.caller()?;
        let mut issues = self.issues();
        let Some(issue) = Tracker::seq_of(&input.id).and_then(|seq| issues.by_seq.get_mut(&seq))
        else {
            return Err(not_found(&input.id).into());
        };
        let reopens = input.state == Some(IssueState::Open);
        if issue.state == IssueState::Closed && !reopens {
            return Err(IssueClosed::new()
                .with_detail(format!("issue `{}` is closed; reopen it first", input.id))
                .with_issue_id(&input.id)
                .into());
        }
        let mut changed = issue.clone();
        if let Some(title) = input.title {
            changed.title = title;
        }
        if let Some(body) = input.body {
            changed.body = Some(body);
        }
        if let Some(state) = input.state {
            changed.state = state;
        }
        if let Some(labels) = input.labels {
            changed.labels = labels;
        }
        match input.assignee {
            None => {}
            Some(Nullable::Null) => changed.assignee = None,
            Some(Nullable::Value(login)) => changed.assignee = Some(login),
        }
        *issue = changed.clone();
        Ok(changed)
    }

    async fn delete_issue(&self, input: IssueIdInput) -> Result<(), DeleteIssueError> {
        self.caller()?;
        Tracker::seq_of(&input.id)
            .and_then(|seq| self.issues().by_seq.remove(&seq))
            .map(drop)
            .ok_or_else(|| not_found(&input.id).into())
    }

    async fn list_issues(&self, input: ListIssuesInput) -> Result<IssuePage, ListIssuesError> {
        let state = input.state;
        Ok(self.page(input.cursor.as_deref(), input.limit, |issue| {
            state.as_ref().is_none_or(|s| *s == issue.state)
        })?)
    }

    async fn search_issues(
        &self,
        input: SearchIssuesInput,
    ) -> Result<IssuePage, SearchIssuesError> {
        let words: Vec<String> = input.q.split_whitespace().map(str::to_lowercase).collect();
        Ok(self.page(input.cursor.as_deref(), input.limit, |issue| {
            let text = format!(
                "{} {}",
                issue.title.to_lowercase(),
                issue.body.as_deref().unwrap_or_default().to_lowercase()
            );
            words.iter().all(|w| text.contains(w.as_str()))
        })?)
    }
}

/// The browser-facing server: the tracker's generated handler as the fallback of an axum
/// `Router` (beside a `/health` route of its own), under tower-http's CORS layer, which
/// answers preflight requests itself and lets the pages of `origins` call the API with a
/// bearer token and read the request id of each answer.
pub fn app(tracker: Tracker, origins: &[&str]) -> axum::Router {
    use axum::http::{header, HeaderName, HeaderValue, Method};
    let origins: Vec<HeaderValue> = origins
        .iter()
        .filter_map(|o| HeaderValue::from_str(o).ok())
        .collect();
    let cors = tower_http::cors::CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::GET, Method::POST, Method::PATCH, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers([
            HeaderName::from_static("x-request-id"),
            header::WWW_AUTHENTICATE,
        ])
        .max_age(std::time::Duration::from_secs(600));
    axum::Router::new()
        .route("/health", axum::routing::get(|| async { "ok" }))
        .fallback_service(tracker::server::handler(tracker, ServerConfig::default()))
        .layer(cors)
}
