//! Slow, silent and too many clients against the served local service. A client that
//! trickles its body or sends nothing is cut off after its (short, configured) timeout
//! while normal clients are served meanwhile; at the connection cap new clients wait, and
//! are answered as soon as a connection frees up. Timings are only checked against the
//! configured timeouts (never earlier) and generous upper bounds; the figures observed are
//! printed (`cargo test -- --nocapture` shows them).

use crate::support::{collection, read_one, send, start, Response};
use apigatewayv2::runtime::server::ServerConfig;
use apigatewayv2_local::LocalService;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BODY_TIMEOUT: Duration = Duration::from_millis(500);
const IDLE_TIMEOUT: Duration = Duration::from_millis(500);
/// Far longer than anything here should take, even on a loaded machine.
const GENEROUS: Duration = Duration::from_secs(30);

fn config() -> ServerConfig {
    ServerConfig {
        body_read_timeout: BODY_TIMEOUT,
        idle_timeout: IDLE_TIMEOUT,
        // Long, so that the idle and body timeouts are the ones seen.
        header_read_timeout: Duration::from_secs(20),
        ..ServerConfig::default()
    }
}

/// What a hostile client saw: the response it got (if any) and how long after it stopped
/// sending headers the server closed the connection.
#[derive(Debug)]
struct CutOff {
    response: Option<Response>,
    after: Duration,
    closed_at: Instant,
}

/// Reads until the server closes the connection, within [`GENEROUS`].
async fn read_until_closed(stream: &mut tokio::net::tcp::OwnedReadHalf) -> Vec<u8> {
    let mut out = Vec::new();
    let mut buf = [0u8; 4096];
    let read_all = async {
        loop {
            match stream.read(&mut buf).await {
                // A reset after the answer (bytes still trickling in) ends it too.
                Ok(0) | Err(_) => break,
                Ok(n) => out.extend_from_slice(&buf[..n]),
            }
        }
    };
    tokio::time::timeout(GENEROUS, read_all)
        .await
        .expect("the server closed the connection");
    out
}

/// Sends the headers of a create with a 1000-byte body, then trickles the body a byte
/// every 50 ms (`trickle`) or sends none of it.
async fn slow_body(addr: SocketAddr, trickle: bool) -> CutOff {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (mut reader, mut writer) = stream.into_split();
    let head = format!(
        "POST {} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{{",
        collection("slow", "i")
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    let start = Instant::now();
    let trickler = tokio::spawn(async move {
        if trickle {
            loop {
                tokio::time::sleep(Duration::from_millis(50)).await;
                if writer.write_all(b" ").await.is_err() {
                    break;
                }
            }
        }
        // The write half stays open (silent, or failing) until the reader is done.
        std::future::pending::<()>().await;
    });
    let raw = read_until_closed(&mut reader).await;
    let (after, closed_at) = (start.elapsed(), Instant::now());
    trickler.abort();
    CutOff {
        response: Some(crate::support::parse_response(&raw)),
        after,
        closed_at,
    }
}

/// Connects and sends nothing at all.
async fn silent(addr: SocketAddr) -> CutOff {
    let stream = TcpStream::connect(addr).await.unwrap();
    let start = Instant::now();
    let (mut reader, _writer) = stream.into_split();
    let raw = read_until_closed(&mut reader).await;
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));
    CutOff {
        response: None,
        after: start.elapsed(),
        closed_at: Instant::now(),
    }
}

/// A GET on a fresh connection.
async fn normal_get(addr: SocketAddr) -> Response {
    send(addr, "GET", &collection("normal", "i"), &[], b"").await
}

#[tokio::test]
async fn slow_and_silent_clients_are_cut_off_while_others_are_served() {
    let server = start(LocalService::new(), config()).await;
    let addr = server.local_addr();
    let started = Instant::now();
    let mut hostile = Vec::new();
    for _ in 0..10 {
        hostile.push(("trickling body", tokio::spawn(slow_body(addr, true))));
        hostile.push(("silent body", tokio::spawn(slow_body(addr, false))));
        hostile.push(("silent connection", tokio::spawn(silent(addr))));
    }
    // Meanwhile: fresh connections one after another, and one keep-alive connection used
    // every 100 ms, well under the idle timeout, for longer than that timeout.
    let mut kept = TcpStream::connect(addr).await.unwrap();
    let kept_opened = Instant::now();
    let mut served_fresh = Vec::new();
    let mut served_kept = 0;
    // When the last request on it was sent: the server's idle clock restarts after that.
    let mut last_kept = kept_opened;
    while hostile.iter().any(|(_, h)| !h.is_finished()) || started.elapsed() < IDLE_TIMEOUT * 2 {
        assert!(started.elapsed() < GENEROUS, "hostile clients still held");
        let response = normal_get(addr).await;
        assert_eq!(response.status, 200, "{response:?}");
        served_fresh.push(Instant::now());
        if served_kept == 0 || last_kept.elapsed() >= Duration::from_millis(100) {
            last_kept = Instant::now();
            let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("k", "i"));
            kept.write_all(request.as_bytes()).await.unwrap();
            let response = read_one(&mut kept).await.expect("keep-alive kept open");
            assert_eq!(response.status, 200, "{response:?}");
            served_kept += 1;
        }
        // Paced, so that the test does not use up the machine's ephemeral ports.
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let mut cut = Vec::new();
    for (kind, h) in hostile {
        cut.push((kind, h.await.unwrap()));
    }
    for (kind, c) in &cut {
        match &c.response {
            Some(response) => {
                response.assert_error(408, "RequestTimeoutException");
                assert_eq!(response.header("connection"), Some("close"), "{c:?}");
                assert!(c.after >= BODY_TIMEOUT, "{kind} cut off early: {c:?}");
            }
            None => assert!(c.after >= IDLE_TIMEOUT, "{kind} cut off early: {c:?}"),
        }
    }
    let first_cut = cut.iter().map(|(_, c)| c.closed_at).min().unwrap();
    let before_first_cut = served_fresh.iter().filter(|t| **t < first_cut).count();
    assert!(
        before_first_cut > 0,
        "no normal request was answered while the slow clients were held"
    );
    for kind in ["trickling body", "silent body", "silent connection"] {
        let afters = cut.iter().filter(|(k, _)| *k == kind).map(|(_, c)| c.after);
        let (min, max) = (afters.clone().min().unwrap(), afters.max().unwrap());
        println!("slow clients: 10 with a {kind} cut off after {min:?} to {max:?}");
    }
    println!(
        "slow clients: meanwhile {} requests on fresh connections were answered ({} before \
         the first cut-off), and {} on one keep-alive connection over {:?}",
        served_fresh.len(),
        before_first_cut,
        served_kept,
        last_kept - kept_opened,
    );
    assert!(
        last_kept - kept_opened > IDLE_TIMEOUT,
        "a keep-alive connection in use outlives the idle timeout"
    );
    // The keep-alive connection, now idle, is closed after the idle timeout.
    assert!(read_one(&mut kept).await.is_none());
    assert!(last_kept.elapsed() >= IDLE_TIMEOUT, "closed early");
    // Nothing the slow clients sent was stored.
    let created = send(addr, "GET", &collection("slow", "i"), &[], b"").await;
    assert_eq!(created.json(), serde_json::json!({"items": []}));
    server.shutdown().await;
}

/// A keep-alive connection on which one request was answered.
async fn holder(addr: SocketAddr) -> TcpStream {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("h", "i"));
    stream.write_all(request.as_bytes()).await.unwrap();
    let response = read_one(&mut stream).await.expect("answered");
    assert_eq!(response.status, 200, "{response:?}");
    stream
}

#[tokio::test]
async fn at_the_connection_cap_a_client_waits_until_a_connection_closes() {
    let config = ServerConfig {
        max_connections: 2,
        ..ServerConfig::default()
    };
    let server = start(LocalService::new(), config).await;
    let addr = server.local_addr();
    let first = holder(addr).await;
    let mut second = holder(addr).await;
    // Both slots are taken: a third client is held in the backlog, unanswered.
    let third = tokio::spawn(normal_get(addr));
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert!(!third.is_finished(), "answered beyond the cap");
    // As soon as one connection closes, the third is answered.
    let freed = Instant::now();
    drop(first);
    let response = tokio::time::timeout(GENEROUS, third)
        .await
        .expect("answered once a slot was free")
        .unwrap();
    assert_eq!(response.status, 200, "{response:?}");
    println!(
        "connection cap: the waiting client was answered {:?} after a connection closed",
        freed.elapsed()
    );
    // The connection still open was never disturbed.
    let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("h", "i"));
    second.write_all(request.as_bytes()).await.unwrap();
    assert_eq!(read_one(&mut second).await.map(|r| r.status), Some(200));
    server.shutdown().await;
}

#[tokio::test]
async fn at_the_connection_cap_silent_clients_are_cut_off_and_others_served() {
    let config = ServerConfig {
        max_connections: 2,
        ..config()
    };
    let server = start(LocalService::new(), config).await;
    let addr = server.local_addr();
    // Two silent clients take both slots; they are let go after the idle timeout.
    let silent_clients = [tokio::spawn(silent(addr)), tokio::spawn(silent(addr))];
    tokio::time::sleep(Duration::from_millis(50)).await;
    let asked = Instant::now();
    let response = tokio::time::timeout(GENEROUS, normal_get(addr))
        .await
        .expect("answered once the silent clients were cut off");
    assert_eq!(response.status, 200, "{response:?}");
    let waited = asked.elapsed();
    for client in silent_clients {
        let cut = client.await.unwrap();
        assert!(cut.after >= IDLE_TIMEOUT, "{cut:?}");
    }
    println!("connection cap: a client behind two silent ones was answered after {waited:?}");
    server.shutdown().await;
}
