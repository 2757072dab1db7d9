//! A command-line client of the tracker, on the generated client:
//! `tracker-client list`, `tracker-client search WORDS`, `tracker-client file TITLE`,
//! `tracker-client close ID`. `TRACKER_URL` is the endpoint (default: the schema's first
//! server), `TRACKER_TOKEN` the bearer token for the commands that change the tracker.

use tracker::client::Client;
use tracker::runtime::client::{Config, Items};
use tracker::types::*;

#[tokio::main]
async fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut config = Config::builder().no_signing();
    if let Ok(url) = std::env::var("TRACKER_URL") {
        config = config.endpoint(url);
    }
    if let Ok(token) = std::env::var("TRACKER_TOKEN") {
        config = config.bearer_token(token);
    }
    let client = match config.build() {
        Ok(config) => Client::new(config),
        Err(e) => return fail(&e),
    };
    let result = match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["list"] => show_all(client.list_issues_items(ListIssuesInput::new())).await,
        ["search", words @ ..] if !words.is_empty() => {
            show_all(client.search_issues_items(SearchIssuesInput::new(words.join(" ")))).await
        }
        ["file", title @ ..] if !title.is_empty() => client
            .create_issue(CreateIssueInput::new(title.join(" ")))
            .await
            .map(|issue| show(&issue))
            .map_err(|e| e.to_string()),
        ["close", id] => client
            .update_issue(UpdateIssueInput::new(*id).with_state(IssueState::Closed))
            .await
            .map(|issue| show(&issue))
            .map_err(|e| e.to_string()),
        _ => Err("usage: tracker-client list | search WORDS | file TITLE | close ID".into()),
    };
    if let Err(e) = result {
        fail(&e);
    }
}

/// Prints every issue of every page, fetched as they are read.
async fn show_all<I: Clone + Send + 'static, E: std::error::Error>(
    mut items: Items<I, IssuePage, E, Issue>,
) -> Result<(), String> {
    while let Some(issue) = items.next().await {
        show(&issue.map_err(|e| e.to_string())?);
    }
    Ok(())
}

fn show(issue: &Issue) {
    println!(
        "#{} [{}] {} (by {}{})",
        issue.id,
        issue.state.as_str(),
        issue.title,
        issue.reporter,
        issue
            .assignee
            .as_deref()
            .map(|a| format!(", assigned to {a}"))
            .unwrap_or_default()
    );
}

fn fail(error: &dyn std::fmt::Display) {
    eprintln!("tracker-client: {error}");
    std::process::exit(1);
}
