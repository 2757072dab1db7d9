//! The connection cap under attack: how long a normal client waits for its answer while
//! more silent and trickling clients than the cap allows hold connections to the generated
//! server, with its default configuration (512 connections, 30 s header timeout, 15 s idle
//! timeout).
//!
//! `cargo run --release -p bench --bin shed_bench [-- HOSTILE NORMAL]`
//!
//! Opens HOSTILE connections (default 640, more than the cap), alternately silent and
//! trickling a request's headers a byte every 500 ms, then sends NORMAL GETs (default 20),
//! one after another, each on a fresh connection, and prints the time each took from
//! connecting to its answer, and how many hostile connections the server closed meanwhile.
//! Each GET is given up after 60 s.

use apigatewayv2_local::LocalService;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

#[tokio::main]
async fn main() {
    let mut args = std::env::args().skip(1);
    let hostile: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(640);
    let normal: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(20);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = integration_response::server::serve(listener, LocalService::new()).unwrap();
    let addr = server.local_addr();
    let closed = Arc::new(AtomicUsize::new(0));
    for n in 0..hostile {
        let stream = TcpStream::connect(addr).await.unwrap();
        tokio::spawn(hold(stream, n % 2 == 1, closed.clone()));
    }
    // Time for the server to take up the hostile connections it will.
    tokio::time::sleep(Duration::from_millis(500)).await;
    println!(
        "{hostile} hostile connections (silent and trickling headers) open against a cap of \
         512, {} closed by the server so far",
        closed.load(Ordering::Relaxed)
    );
    let mut waits = Vec::with_capacity(normal);
    for _ in 0..normal {
        let start = Instant::now();
        match tokio::time::timeout(Duration::from_secs(60), get(addr)).await {
            Ok(status) => {
                assert_eq!(status, 200);
                waits.push(start.elapsed());
            }
            Err(_) => {
                println!("a normal GET was not answered within 60 s");
                waits.push(Duration::from_secs(60));
            }
        }
    }
    waits.sort();
    println!(
        "{normal} normal GETs, one after another on fresh connections: min {:?}, median {:?}, \
         max {:?}; {} hostile connections closed by the server by then",
        waits[0],
        waits[waits.len() / 2],
        waits[waits.len() - 1],
        closed.load(Ordering::Relaxed)
    );
}

/// Holds a hostile connection, silent or trickling the headers of a request, and counts it
/// in `closed` once the server closes it.
async fn hold(stream: TcpStream, trickle: bool, closed: Arc<AtomicUsize>) {
    let (mut reader, mut writer) = stream.into_split();
    let trickler = tokio::spawn(async move {
        if trickle {
            let head = b"GET /v2/apis/a/integrations/i/integrationresponses HTTP/1.1\r\nhost: x\r\nx-slow: ";
            if writer.write_all(head).await.is_ok() {
                while writer.write_all(b"a").await.is_ok() {
                    tokio::time::sleep(Duration::from_millis(500)).await;
                }
            }
        }
        // The write half stays open: closing it would tell the server no request is coming.
        std::future::pending::<()>().await;
    });
    let mut buf = [0u8; 256];
    while let Ok(n) = reader.read(&mut buf).await {
        if n == 0 {
            break;
        }
    }
    trickler.abort();
    closed.fetch_add(1, Ordering::Relaxed);
}

/// A GET on a fresh connection; its status.
async fn get(addr: SocketAddr) -> u16 {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = "GET /v2/apis/a/integrations/i/integrationresponses HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = Vec::new();
    // A reset after the answer ends it too.
    let _ = stream.read_to_end(&mut response).await;
    let head = String::from_utf8_lossy(&response);
    head.get(9..12).and_then(|s| s.parse().ok()).unwrap_or(0)
}
