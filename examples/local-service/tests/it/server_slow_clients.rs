//! Slow, silent and too many clients against the served local service. A client that
//! trickles its body or sends nothing is cut off after its (short, configured) timeout
//! while normal clients are served meanwhile; at the connection cap a new client is served
//! in the place of a connection waiting for a request (silent, trickling its headers, or
//! idle), the one that has waited longest, and waits only while every connection has a
//! request in flight; a limit per peer address works the same way within one peer. Timings
//! are only checked against the configured timeouts (never earlier) and generous upper
//! bounds, and each is measured from an instant taken before the one the server counts
//! from, so that a test task scheduled late on a loaded machine can only lengthen what it
//! measures, never shorten it. What the server must not do while a client waits is checked
//! on the server's state (what it stored, what it answered on another connection
//! meanwhile), not by a sleep alone. The figures observed are printed (`cargo test --
//! --nocapture` shows them).

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

/// A client trickling a request's headers keeps bytes moving, so the idle timeout never
/// ends it: the header timeout does, counted from the connection's opening, without an
/// answer, while a normal client is served meanwhile.
#[tokio::test]
async fn a_client_trickling_its_headers_is_cut_off_after_the_header_timeout() {
    const HEADER_TIMEOUT: Duration = Duration::from_secs(1);
    let config = ServerConfig {
        header_read_timeout: HEADER_TIMEOUT,
        idle_timeout: Duration::from_millis(500),
        ..ServerConfig::default()
    };
    let server = start(LocalService::new(), config).await;
    let addr = server.local_addr();
    // Before connecting: the server's clock starts once it has accepted the connection.
    let start = Instant::now();
    let mut reader = trickling_headers(addr).await;
    let response = normal_get(addr).await;
    assert_eq!(response.status, 200, "{response:?}");
    let raw = read_until_closed(&mut reader).await;
    let after = start.elapsed();
    assert!(raw.is_empty(), "{:?}", String::from_utf8_lossy(&raw));
    assert!(after >= HEADER_TIMEOUT, "cut off early: {after:?}");
    println!("slow clients: a client trickling its headers was cut off after {after:?}");
    server.shutdown().await;
}

/// A create of the integration response `key` under the API `api` whose headers and first
/// half of the body have been sent: a request in flight, waiting for the rest.
struct HalfSent {
    stream: TcpStream,
    rest: Vec<u8>,
}

impl HalfSent {
    async fn open(addr: SocketAddr, api: &str, key: &str) -> HalfSent {
        let mut stream = TcpStream::connect(addr).await.unwrap();
        let body = format!(r#"{{"integrationResponseKey":"{key}"}}"#);
        let head = format!(
            "POST {} HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n\
             content-length: {}\r\n\r\n",
            collection(api, "i"),
            body.len()
        );
        let (first, rest) = body.as_bytes().split_at(body.len() / 2);
        stream.write_all(head.as_bytes()).await.unwrap();
        stream.write_all(first).await.unwrap();
        HalfSent {
            stream,
            rest: rest.to_vec(),
        }
    }

    /// Sends the rest of the body and reads the answer, which must be a 201: the
    /// connection was kept for the request in flight.
    async fn finish(&mut self) {
        self.stream.write_all(&self.rest).await.unwrap();
        let response = tokio::time::timeout(GENEROUS, read_one(&mut self.stream))
            .await
            .expect("answered")
            .expect("a connection with a request in flight was closed");
        assert_eq!(response.status, 201, "{response:?}");
    }
}

/// The keys of the integration responses the server stored under the API `api`, in
/// creation order: read from the store itself, so that looking takes no connection.
fn stored(store: &LocalService, api: &str) -> Vec<String> {
    store
        .items(api, "i")
        .into_iter()
        .map(|item| item.integration_response_key)
        .collect()
}

/// Whether the server closes `stream` (a read sees its end or a reset) within `wait`,
/// rather than keeping it open with nothing to read.
async fn closed_within(stream: &mut TcpStream, wait: Duration) -> bool {
    let mut buf = [0u8; 64];
    match tokio::time::timeout(wait, stream.read(&mut buf)).await {
        Err(_) => false,
        Ok(Ok(0) | Err(_)) => true,
        Ok(Ok(n)) => panic!("the server sent {:?}", String::from_utf8_lossy(&buf[..n])),
    }
}

/// Whether the server closes `stream`, given all the time a loaded machine may need.
async fn closed_by_server(stream: &mut TcpStream) -> bool {
    closed_within(stream, GENEROUS).await
}

/// Whether `stream` is still open after a moment (200 ms) in which the server could have
/// closed it.
async fn still_open(stream: &mut TcpStream) -> bool {
    !closed_within(stream, Duration::from_millis(200)).await
}

/// A GET on a new keep-alive connection, answered 200; returns the connection, still open,
/// and how long the answer took from before connecting.
async fn kept_get(addr: SocketAddr) -> (TcpStream, Duration) {
    let start = Instant::now();
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!("GET {} HTTP/1.1\r\nhost: x\r\n\r\n", collection("n", "i"));
    stream.write_all(request.as_bytes()).await.unwrap();
    let response = tokio::time::timeout(GENEROUS, read_one(&mut stream))
        .await
        .expect("answered")
        .expect("a response before the server closed the connection");
    assert_eq!(response.status, 200, "{response:?}");
    (stream, start.elapsed())
}

/// Connects and sends the first bytes of a request's headers, then one more byte every
/// 50 ms, never finishing them, until the server closes the connection; returns the
/// connection's read half, which sees the close.
async fn trickling_headers(addr: SocketAddr) -> tokio::net::tcp::OwnedReadHalf {
    let stream = TcpStream::connect(addr).await.unwrap();
    let (reader, mut writer) = stream.into_split();
    let head = format!(
        "GET {} HTTP/1.1\r\nhost: x\r\nx-slow: ",
        collection("t", "i")
    );
    writer.write_all(head.as_bytes()).await.unwrap();
    tokio::spawn(async move {
        while writer.write_all(b"a").await.is_ok() {
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    });
    reader
}

/// Timeouts far longer than any of these tests, so that only shedding can free a
/// connection (and the connection timers, ticking at a tenth of them, never tick).
const LONG: Duration = Duration::from_secs(600);

fn long_timeouts() -> ServerConfig {
    ServerConfig {
        header_read_timeout: LONG,
        body_read_timeout: LONG,
        idle_timeout: LONG,
        ..ServerConfig::default()
    }
}

/// At the cap, a new client takes the place of the connection that has waited longest for
/// a request, among those with none in flight: silent and trickling clients are shed, in
/// the order they connected, and each new client is served at once rather than after the
/// timeouts (which are longer than the whole test); the oldest connection of all, which has
/// a request in flight, is never shed and its request is answered.
#[tokio::test]
async fn at_the_connection_cap_silent_and_trickling_clients_are_shed_for_new_ones() {
    const CAP: usize = 8;
    let store = LocalService::new();
    let config = ServerConfig {
        max_connections: CAP,
        ..long_timeouts()
    };
    let server = start(store.clone(), config).await;
    let addr = server.local_addr();
    let mut in_flight = HalfSent::open(addr, "f", "in flight").await;
    // Seven hostile clients, silent and trickling in turn, a few milliseconds apart so that
    // the server sees them wait from distinct instants.
    let mut hostile = Vec::new();
    for n in 1..CAP {
        tokio::time::sleep(Duration::from_millis(20)).await;
        hostile.push(match n % 2 {
            1 => {
                let (reader, writer) = TcpStream::connect(addr).await.unwrap().into_split();
                // The write half is kept: dropping it would tell the server that no
                // request is coming.
                ("silent", reader, Some(writer))
            }
            _ => ("trickling", trickling_headers(addr).await, None),
        });
    }
    tokio::time::sleep(Duration::from_millis(20)).await;
    // The cap is full. Each new client is served, on a connection it keeps, in the place of
    // the oldest hostile client still open, and the younger ones stay open.
    let mut normal = Vec::new();
    let mut waited = Vec::new();
    for n in 0..hostile.len() {
        let (stream, took) = kept_get(addr).await;
        assert!(
            took < GENEROUS,
            "a new client waited {took:?}, as long as the timeouts"
        );
        normal.push(stream);
        waited.push(took);
        let (kind, reader, _) = &mut hostile[n];
        let mut buf = [0u8; 64];
        let read = tokio::time::timeout(GENEROUS, reader.read(&mut buf))
            .await
            .expect("the oldest hostile client was shed");
        assert!(
            matches!(read, Ok(0) | Err(_)),
            "the {kind} client {n} got {read:?}"
        );
        for (kind, younger, _) in &mut hostile[n + 1..] {
            let still_open = tokio::time::timeout(Duration::from_millis(1), younger.read(&mut buf))
                .await
                .is_err();
            assert!(
                still_open,
                "a younger {kind} client was shed before an older one"
            );
        }
    }
    // Now the cap is the request in flight and the seven kept connections, idle: the next
    // client takes the place of the kept connection that has waited longest.
    let (_, took) = kept_get(addr).await;
    waited.push(took);
    assert!(
        closed_by_server(&mut normal[0]).await,
        "the oldest idle connection was kept"
    );
    for stream in &mut normal[1..] {
        assert!(
            still_open(stream).await,
            "a younger idle connection was shed"
        );
    }
    // The request in flight, the oldest connection of all, was never shed.
    assert_eq!(stored(&store, "f"), Vec::<String>::new());
    in_flight.finish().await;
    assert_eq!(stored(&store, "f"), ["in flight"]);
    println!(
        "connection cap {CAP}: each of {} new clients was served in the place of a silent, \
         trickling or idle connection after {:?} to {:?}",
        waited.len(),
        waited.iter().min().unwrap(),
        waited.iter().max().unwrap(),
    );
    server.shutdown().await;
}

/// While every connection has a request in flight, nothing can be shed: a new client waits,
/// unserved, until one of them has been answered, and then takes its place.
#[tokio::test]
async fn at_the_connection_cap_a_client_waits_while_every_connection_has_a_request_in_flight() {
    let store = LocalService::new();
    let config = ServerConfig {
        max_connections: 2,
        ..long_timeouts()
    };
    let server = start(store.clone(), config).await;
    let addr = server.local_addr();
    let mut first = HalfSent::open(addr, "w", "first").await;
    let mut second = HalfSent::open(addr, "w", "second").await;
    // Both slots have a request in flight: a third client connects and sends a create.
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
    // At least ten looks at the store over at least 300 ms, all after the create was sent:
    // the server stored nothing for it (nor for the requests in flight).
    let window = Instant::now();
    let mut looked = 0;
    while looked < 10 || window.elapsed() < Duration::from_millis(300) {
        assert_eq!(
            stored(&store, "w"),
            Vec::<String>::new(),
            "a client beyond the cap was served"
        );
        looked += 1;
        tokio::time::sleep(Duration::from_millis(30)).await;
    }
    assert!(!third.is_finished(), "answered beyond the cap");
    // Once the first request is answered its connection waits for a request, and the third
    // client is served in its place.
    let freed = Instant::now();
    first.finish().await;
    let response = tokio::time::timeout(GENEROUS, third)
        .await
        .expect("answered once a connection could be shed")
        .unwrap()
        .expect("a response before the server closed the connection");
    assert_eq!(response.status, 201, "{response:?}");
    println!(
        "connection cap: the waiting client was answered {:?} after the request it waited \
         for ({looked} looks at the store while it waited)",
        freed.elapsed()
    );
    assert!(
        closed_by_server(&mut first.stream).await,
        "the connection shed for it"
    );
    // The other request in flight was never disturbed, and each create is stored once, the
    // waiting one after the one it waited for.
    second.finish().await;
    assert_eq!(stored(&store, "w"), ["first", "waiting", "second"]);
    server.shutdown().await;
}

/// With a limit per peer address, a client at its limit that connects again is served in
/// the place of its own connection that has waited longest for a request; when each of its
/// connections has a request in flight, the new one is closed at once, and other
/// connections (below the global cap) are not affected. All from 127.0.0.1, one peer.
#[tokio::test]
async fn a_peer_at_its_own_limit_sheds_its_own_connections_or_is_refused() {
    let store = LocalService::new();
    let config = long_timeouts().with_max_connections_per_peer(2);
    assert_eq!(config.max_connections, 512);
    let server = start(store.clone(), config).await;
    let addr = server.local_addr();
    // Two silent connections: a third is served in the place of the first.
    let (mut one, _) = connect_silent(addr).await;
    let (mut two, _) = connect_silent(addr).await;
    let (kept, _) = kept_get(addr).await;
    assert!(
        closed_by_server(&mut one).await,
        "the peer's oldest was kept"
    );
    assert!(still_open(&mut two).await, "the younger one was shed");
    drop((two, kept));
    // Two requests in flight: a third connection is closed without an answer.
    let mut first = HalfSent::open(addr, "p", "first").await;
    let mut second = HalfSent::open(addr, "p", "second").await;
    tokio::time::sleep(Duration::from_millis(50)).await;
    let refused = send_raw_once(addr).await;
    assert!(
        refused.is_none(),
        "answered beyond the peer's limit: {refused:?}"
    );
    // Neither request in flight was disturbed.
    first.finish().await;
    second.finish().await;
    assert_eq!(stored(&store, "p"), ["first", "second"]);
    server.shutdown().await;
}

/// A GET on a new connection: its answer, or `None` if the server closed it first.
async fn send_raw_once(addr: SocketAddr) -> Option<Response> {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let request = format!(
        "GET {} HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n",
        collection("r", "i")
    );
    // A write may fail already: the server may have closed the connection.
    if stream.write_all(request.as_bytes()).await.is_err() {
        return None;
    }
    tokio::time::timeout(GENEROUS, read_one(&mut stream))
        .await
        .expect("answered or closed")
}
