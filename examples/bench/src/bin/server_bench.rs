//! Load benchmark of GetIntegrationResponse on loopback: the generated server serving the
//! local service, against a hand-written axum handler doing the same work (the same trait
//! call on the same store, JSON body, request id header, rest-json errors), in one run.
//!
//! `cargo run --release -p bench --bin server_bench [-- CONNECTIONS SECONDS ROUNDS]`
//!
//! The two sides take turns over ROUNDS rounds (default 5), the first to run alternating
//! from round to round, so that a machine that gets busier or quieter during the run moves
//! both sides alike; each round gives a ratio, and the median ratio and the spread of the
//! rounds are printed last.
//!
//! The load client is a minimal HTTP/1.1 keep-alive loop over raw TCP, one task per
//! connection, so its own cost is small and equal for both servers.

use apigatewayv2_local::LocalService;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Response};
use integration_response::runtime::OperationError;
use integration_response::server::Service;
use integration_response::types::{
    CreateIntegrationResponseRequest, IntegrationResponseItemRequest,
};
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let connections: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let seconds: u64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(5);
    let rounds: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5).max(1);
    let store = LocalService::new();
    let created = store
        .create(CreateIntegrationResponseRequest {
            api_id: "api".into(),
            integration_id: "int".into(),
            integration_response_key: "$default".into(),
            content_handling_strategy: None,
            response_parameters: None,
            response_templates: Some([("application/json".into(), "{}".into())].into()),
            template_selection_expression: None,
        })
        .unwrap();
    let id = created.integration_response_id.unwrap();
    let path = format!("/v2/apis/api/integrations/int/integrationresponses/{id}");

    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let generated = integration_response::server::serve(listener, store.clone()).unwrap();
    let axum_addr = start_axum(store.clone()).await;

    println!(
        "GetIntegrationResponse, {connections} keep-alive connections, {rounds} rounds of {seconds} s a side, loopback"
    );
    let duration = Duration::from_secs(seconds);
    // A short warm-up of each, then the measured runs.
    load(
        generated.local_addr(),
        &path,
        connections,
        Duration::from_millis(500),
    )
    .await;
    load(axum_addr, &path, connections, Duration::from_millis(500)).await;
    let mut ratios = Vec::with_capacity(rounds);
    for round in 0..rounds {
        let (ours, theirs) = if round % 2 == 0 {
            let ours = load(generated.local_addr(), &path, connections, duration).await;
            (ours, load(axum_addr, &path, connections, duration).await)
        } else {
            let theirs = load(axum_addr, &path, connections, duration).await;
            (
                load(generated.local_addr(), &path, connections, duration).await,
                theirs,
            )
        };
        println!("round {}:", round + 1);
        ours.print("generated (hyper)");
        theirs.print("axum, hand-written");
        ratios.push(ours.rps / theirs.rps);
    }
    ratios.sort_by(f64::total_cmp);
    let median = if rounds % 2 == 1 {
        ratios[rounds / 2]
    } else {
        (ratios[rounds / 2 - 1] + ratios[rounds / 2]) / 2.0
    };
    let shown: Vec<String> = ratios.iter().map(|r| format!("{r:.2}")).collect();
    println!(
        "throughput ratio generated/axum: median {median:.2}, spread {:.2}-{:.2} (rounds: {})",
        ratios[0],
        ratios[rounds - 1],
        shown.join(", ")
    );
    generated.shutdown().await;
}

async fn start_axum(store: LocalService) -> SocketAddr {
    async fn get(
        State(store): State<LocalService>,
        Path((api_id, integration_id, integration_response_id)): Path<(String, String, String)>,
    ) -> Response {
        let request_id = integration_response::runtime::server::new_request_id();
        let input = IntegrationResponseItemRequest {
            api_id,
            integration_id,
            integration_response_id,
        };
        match store.get_integration_response(input).await {
            Ok(output) => ([("x-amzn-requestid", request_id)], axum::Json(output)).into_response(),
            Err(e) => {
                let e = e.encode();
                let status = axum::http::StatusCode::from_u16(e.status).unwrap();
                let headers = [
                    ("x-amzn-requestid", request_id),
                    ("x-amzn-errortype", e.code),
                    ("content-type", "application/json".into()),
                ];
                (status, headers, e.body).into_response()
            }
        }
    }
    let app = axum::Router::new()
        .route(
            "/v2/apis/{api}/integrations/{int}/integrationresponses/{id}",
            axum::routing::get(get),
        )
        .with_state(store);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

struct Outcome {
    rps: f64,
    p50_us: u64,
    p99_us: u64,
    errors: usize,
}

impl Outcome {
    fn print(&self, name: &str) {
        println!(
            "{name:>20}: {:>9.0} req/s  p50 {:>5} us  p99 {:>5} us  non-200: {}",
            self.rps, self.p50_us, self.p99_us, self.errors
        );
    }
}

async fn load(addr: SocketAddr, path: &str, connections: usize, duration: Duration) -> Outcome {
    let request = format!("GET {path} HTTP/1.1\r\nhost: {addr}\r\n\r\n").into_bytes();
    let start = Instant::now();
    let tasks: Vec<_> = (0..connections)
        .map(|_| {
            let request = request.clone();
            tokio::spawn(async move { connection(addr, &request, start + duration).await })
        })
        .collect();
    let (mut latencies, mut errors) = (Vec::new(), 0);
    for task in tasks {
        let (l, e) = task.await.unwrap();
        latencies.extend(l);
        errors += e;
    }
    let elapsed = start.elapsed().as_secs_f64();
    latencies.sort_unstable();
    let at = |q: f64| latencies[((latencies.len() as f64 * q) as usize).min(latencies.len() - 1)];
    Outcome {
        rps: latencies.len() as f64 / elapsed,
        p50_us: at(0.50),
        p99_us: at(0.99),
        errors,
    }
}

/// One keep-alive connection sending requests back to back until `until`.
async fn connection(addr: SocketAddr, request: &[u8], until: Instant) -> (Vec<u64>, usize) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.set_nodelay(true).unwrap();
    let (mut latencies, mut errors) = (Vec::with_capacity(1 << 16), 0);
    let mut buf = Vec::with_capacity(4096);
    let mut chunk = [0u8; 4096];
    while Instant::now() < until {
        let sent = Instant::now();
        stream.write_all(request).await.unwrap();
        let status = loop {
            if let Some((status, len)) = complete_response(&buf) {
                buf.drain(..len);
                break status;
            }
            let n = stream.read(&mut chunk).await.unwrap();
            assert!(n > 0, "server closed the connection");
            buf.extend_from_slice(&chunk[..n]);
        };
        latencies.push(sent.elapsed().as_micros() as u64);
        errors += usize::from(status != 200);
    }
    (latencies, errors)
}

/// `(status, bytes)` of the first complete response in `buf`, if there is one.
fn complete_response(buf: &[u8]) -> Option<(u16, usize)> {
    let end = buf.windows(4).position(|w| w == b"\r\n\r\n")? + 4;
    let head = std::str::from_utf8(&buf[..end]).ok()?;
    let status = head.get(9..12)?.parse().ok()?;
    let length: usize = head
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("content-length")
                .then(|| value.trim().parse().ok())?
        })
        .unwrap_or(0);
    (buf.len() >= end + length).then_some((status, end + length))
}
