//! Client overhead: sequential `GetIntegrationResponse` calls on one thread against a
//! minimal keep-alive loopback server (on another thread) that answers a fixed 200.
//!
//! `cargo run --release -p bench --bin client_bench [requests] [signed]`
//!
//! With `signed` (and the `sigv4` feature) every request is also SigV4-signed. The same
//! number of requests is first sent with a bare hyper-util client (same URL, same JSON
//! decoding) as the baseline: the difference is the generated client's own overhead.

use bytes::Bytes;
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;
use integration_response::client::Client;
use integration_response::runtime::client::{Config, Credentials};
use integration_response::types::{IntegrationResponse, IntegrationResponseItemRequest};
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const BODY: &str = r#"{"integrationResponseId":"ir123","integrationResponseKey":"$default","contentHandlingStrategy":"CONVERT_TO_TEXT"}"#;

/// Answers every request on a connection with the same response; stops after 30 s.
fn start_server() -> std::net::SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    listener.set_nonblocking(true).unwrap();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).unwrap();
            let response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nx-amzn-RequestId: r\r\ncontent-length: {}\r\n\r\n{BODY}",
                BODY.len()
            );
            let serve = async {
                loop {
                    let (mut stream, _) = listener.accept().await.unwrap();
                    let response = response.clone();
                    tokio::spawn(async move {
                        let mut buf = vec![0u8; 8192];
                        let mut pending = Vec::new();
                        loop {
                            let Ok(n) = stream.read(&mut buf).await else { return };
                            if n == 0 {
                                return;
                            }
                            pending.extend_from_slice(&buf[..n]);
                            // GET requests have no body: one response per header block.
                            while let Some(i) = pending.windows(4).position(|w| w == b"\r\n\r\n") {
                                pending.drain(..i + 4);
                                if stream.write_all(response.as_bytes()).await.is_err() {
                                    return;
                                }
                            }
                        }
                    });
                }
            };
            let _ = tokio::time::timeout(Duration::from_secs(30), serve).await;
        });
    });
    addr
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let requests: u32 = args.iter().find_map(|a| a.parse().ok()).unwrap_or(20_000);
    let signed = args.iter().any(|a| a == "signed");
    let addr = start_server();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let builder = Config::builder().endpoint(format!("http://{addr}"));
        let builder = if signed {
            let credentials = Credentials::new("AKIDEXAMPLE", "secret", None);
            builder.region("us-east-1").credentials(credentials)
        } else {
            builder.no_signing()
        };
        let config = builder.build().unwrap();
        let client = Client::new(config);
        let input = IntegrationResponseItemRequest {
            api_id: "a1".into(),
            integration_id: "i1".into(),
            integration_response_id: "ir123".into(),
        };
        for _ in 0..500 {
            client
                .get_integration_response(input.clone())
                .await
                .unwrap();
        }
        let raw = hyper_util::client::legacy::Client::builder(TokioExecutor::new())
            .build(HttpConnector::new());
        let url: http::Uri =
            format!("http://{addr}/v2/apis/a1/integrations/i1/integrationresponses/ir123")
                .parse()
                .unwrap();
        let started = Instant::now();
        for _ in 0..requests {
            let request = http::Request::get(url.clone())
                .body(Empty::<Bytes>::new())
                .unwrap();
            let response = raw.request(request).await.unwrap();
            let body = response.into_body().collect().await.unwrap().to_bytes();
            let out: IntegrationResponse = serde_json::from_slice(&body).unwrap();
            assert_eq!(out.integration_response_key, "$default");
        }
        report(
            "bare hyper-util client baseline",
            requests,
            started.elapsed(),
        );

        let started = Instant::now();
        for _ in 0..requests {
            let out = client
                .get_integration_response(input.clone())
                .await
                .unwrap();
            assert_eq!(out.integration_response_key, "$default");
        }
        let what = if signed {
            "generated client, SigV4-signed"
        } else {
            "generated client"
        };
        report(what, requests, started.elapsed());
    });
}

fn report(what: &str, requests: u32, elapsed: Duration) {
    println!(
        "GetIntegrationResponse, {what}: {requests} requests in {:.2} s = {:.0} requests/s \
         ({:.1} us each), one client thread",
        elapsed.as_secs_f64(),
        f64::from(requests) / elapsed.as_secs_f64(),
        elapsed.as_secs_f64() * 1e6 / f64::from(requests)
    );
}
