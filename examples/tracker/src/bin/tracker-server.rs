//! Serves an in-memory tracker for browsers and clients: `tracker-server [ADDR]` (default
//! `127.0.0.1:8080`). `TRACKER_TOKENS` lists the callers as `token=login` pairs separated by
//! commas (default `dev-token=dev`); `TRACKER_ORIGINS` the web origins CORS lets in
//! (default `http://localhost:3000`).

use tracker_example::{app, Tracker};

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let addr = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "127.0.0.1:8080".to_string());
    let tokens = std::env::var("TRACKER_TOKENS").unwrap_or_else(|_| "dev-token=dev".into());
    let users: Vec<(&str, &str)> = tokens
        .split(',')
        .filter_map(|pair| pair.split_once('='))
        .collect();
    let origins =
        std::env::var("TRACKER_ORIGINS").unwrap_or_else(|_| "http://localhost:3000".into());
    let origins: Vec<&str> = origins.split(',').collect();
    let listener = tokio::net::TcpListener::bind(&addr).await?;
    eprintln!("tracker on http://{}", listener.local_addr()?);
    axum::serve(listener, app(Tracker::new(users), &origins))
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
}
