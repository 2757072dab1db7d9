//! Slow, silent and too many clients against the served local service. A client that
//! trickles its body or sends nothing is cut off after its (short, configured) timeout
//! while normal clients are served meanwhile; at the connection cap new clients wait, and
//! are answered as soon as a connection frees up. Timings are only checked against the
//! configured timeouts (never earlier) and generous upper bounds, and each is measured from
//! an instant taken before the one the server counts from, so that a test task scheduled
//! late on a loaded machine can only lengthen what it measures, never shorten it. What the
//! server must not do while a client waits is checked on the server's state (what it
//! stored, what it answered on another connection meanwhile), not by a sleep alone. The
//! figures observed are printed (`cargo test -- --nocapture` shows them).

use crate::support::{collection, read_one, send, start, Response};
use apigatewayv2_local::LocalService;
use integration_response::runtime::server::ServerConfig;
use std::net::SocketAddr;
use std::time::{Duration, Instant};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

const BODY_TIMEOUT: Duration = Duration::from_secs(1);
const IDLE_TIMEOUT: Duration = Duration::from_secs(1);
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
    // Before the write: the server's body clock starts once it has read these headers.
    let start = Instant::now();
    writer.write_all(head.as_bytes()).await.unwrap();
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
    let (stream, start) = connect_silent(addr).await;
    wait_silent(stream, start).await
}

/// Connects, and returns the connection with an instant taken before connecting: the
/// server's idle clock starts when it accepts the connection, after the handshake.
async fn connect_silent(addr: SocketAddr) -> (TcpStream, Instant) {
    let start = Instant::now();
    (TcpStream::connect(addr).await.unwrap(), start)
}

/// Sends nothing on `stream` and waits for the server to close it.
async fn wait_silent(stream: TcpStream, start: Instant) -> CutOff {
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

/// A keep-alive connection used again and again, and how long it has been in use.
struct KeptAlive {
    addr: SocketAddr,
    stream: TcpStream,
    opened: Instant,
    /// When the last request answered on it was sent: the server's idle clock restarts
    /// after its answer, so later than this.
    last_sent: Instant,
    /// Requests answered on all the connections opened so far.
    served: usize,
    /// Connections closed because this task itself left one idle for the timeout.
    reopened: usize,
}

impl KeptAlive {
    async fn open(addr: SocketAddr) -> KeptAlive {
        let opened = Instant::now();
        KeptAlive {
            addr,
            stream: TcpStream::connect(addr).await.unwrap(),
            opened,
            last_sent: opened,
            served: 0,
            reopened: 0,
        }
    }

    /// How long the current connection has been in use: from its opening to the last
    /// request answered on it.
    fn in_use(&self) -> Duration {
        self.last_sent - self.opened
    }

    /// Sends one GET and reads its answer. A connection closed instead is a failure unless
    /// it had been idle for the idle timeout (this task not scheduled for that long on a
    /// loaded machine): the server counts idleness from its last answer, which came after
    /// `last_sent`, so a shorter gap means that it closed a connection in use. After such
    /// a gap a new connection is opened and its time in use starts again.
    async fn use_once(&mut self) {
        let sent = Instant::now();
        let gap = sent - self.last_sent;
        let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("k", "i"));
        let answered = match self.stream.write_all(request.as_bytes()).await {
            Ok(()) => read_one(&mut self.stream).await,
            Err(_) => None,
        };
        match answered {
            Some(response) => {
                assert_eq!(response.status, 200, "{response:?}");
                self.last_sent = sent;
                self.served += 1;
            }
            None => {
                assert!(
                    gap >= IDLE_TIMEOUT,
                    "a keep-alive connection idle for only {gap:?} was closed"
                );
                *self = KeptAlive {
                    served: self.served,
                    reopened: self.reopened + 1,
                    ..KeptAlive::open(self.addr).await
                };
            }
        }
    }
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
    // every 100 ms, well under the idle timeout, until it has been in use for longer than
    // that timeout.
    let mut kept = KeptAlive::open(addr).await;
    let mut served_fresh = Vec::new();
    while hostile.iter().any(|(_, h)| !h.is_finished())
        || started.elapsed() < IDLE_TIMEOUT * 2
        || kept.in_use() <= IDLE_TIMEOUT
    {
        assert!(started.elapsed() < GENEROUS, "hostile clients still held");
        let response = normal_get(addr).await;
        assert_eq!(response.status, 200, "{response:?}");
        served_fresh.push(Instant::now());
        if kept.served == 0 || kept.last_sent.elapsed() >= Duration::from_millis(100) {
            kept.use_once().await;
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
         the first cut-off), and {} on keep-alive connections, the last in use for {:?} \
         ({} reopened after this task left one idle)",
        served_fresh.len(),
        before_first_cut,
        kept.served,
        kept.in_use(),
        kept.reopened,
    );
    assert!(
        kept.in_use() > IDLE_TIMEOUT,
        "a keep-alive connection in use outlives the idle timeout"
    );
    // The keep-alive connection, now idle, is closed after the idle timeout.
    let closed = tokio::time::timeout(GENEROUS, read_one(&mut kept.stream))
        .await
        .expect("an idle keep-alive connection is closed");
    assert!(closed.is_none(), "{closed:?}");
    assert!(kept.last_sent.elapsed() >= IDLE_TIMEOUT, "closed early");
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

/// The integration responses the server has stored under the API `api`, asked on `stream`.
async fn stored_keys(stream: &mut TcpStream, api: &str) -> Vec<String> {
    let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection(api, "i"));
    stream.write_all(request.as_bytes()).await.unwrap();
    let response = read_one(stream).await.expect("answered");
    assert_eq!(response.status, 200, "{response:?}");
    response.json()["items"]
        .as_array()
        .expect("a list of items")
        .iter()
        .map(|item| item["integrationResponseKey"].as_str().unwrap().to_string())
        .collect()
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
    // Both slots are taken: a third client connects (the kernel completes the handshake
    // and queues the connection) and sends a create, which must wait in the backlog.
    let (sent, sent_rx) = tokio::sync::oneshot::channel();
    let third = tokio::spawn(async move {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let body = r#"{"integrationResponseKey":"waiting"}"#;
        let request = format!(
            "POST {} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
             content-length: {}\r\nconnection: close\r\n\r\n{body}",
            collection("w", "i"),
            body.len()
        );
        stream.write_all(request.as_bytes()).await.unwrap();
        sent.send(()).unwrap();
        read_one(&mut stream).await
    });
    sent_rx.await.unwrap();
    // The server goes on serving a held connection meanwhile; every answer on it comes
    // after the create was sent, and none may show what the create stores. At least ten
    // answers over at least 300 ms: the server demonstrably ran while the client waited.
    let window = Instant::now();
    let mut answered_meanwhile = 0;
    while answered_meanwhile < 10 || window.elapsed() < Duration::from_millis(300) {
        assert_eq!(
            stored_keys(&mut second, "w").await,
            Vec::<String>::new(),
            "a client beyond the cap was served"
        );
        answered_meanwhile += 1;
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(!third.is_finished(), "answered beyond the cap");
    // As soon as one connection closes, the third is answered.
    let freed = Instant::now();
    drop(first);
    let response = tokio::time::timeout(GENEROUS, third)
        .await
        .expect("answered once a slot was free")
        .unwrap()
        .expect("a response before the server closed the connection");
    assert_eq!(response.status, 201, "{response:?}");
    println!(
        "connection cap: the waiting client was answered {:?} after a connection closed \
         ({answered_meanwhile} requests answered on another connection while it waited)",
        freed.elapsed()
    );
    // The connection still open was never disturbed, and the create is stored once.
    assert_eq!(stored_keys(&mut second, "w").await, ["waiting"]);
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
    // Two silent clients connect first. The server accepts connections in the order their
    // handshakes completed, so these two take both slots, and the client after them can
    // only be answered once one is let go, after the idle timeout.
    let (one, asked) = connect_silent(addr).await;
    let (two, two_started) = connect_silent(addr).await;
    let silent_clients = [
        tokio::spawn(wait_silent(one, asked)),
        tokio::spawn(wait_silent(two, two_started)),
    ];
    let response = tokio::time::timeout(GENEROUS, normal_get(addr))
        .await
        .expect("answered once the silent clients were cut off");
    assert_eq!(response.status, 200, "{response:?}");
    let waited = asked.elapsed();
    assert!(
        waited >= IDLE_TIMEOUT,
        "answered after {waited:?}, while both slots were held by silent clients"
    );
    for client in silent_clients {
        let cut = client.await.unwrap();
        assert!(cut.after >= IDLE_TIMEOUT, "{cut:?}");
    }
    println!("connection cap: a client behind two silent ones was answered after {waited:?}");
    server.shutdown().await;
}
