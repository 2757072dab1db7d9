//! Helpers for the server tests: start the local service on 127.0.0.1, and a raw HTTP/1.1
//! client that sends bytes exactly as written (hostile paths included), one request per
//! connection.

#![allow(dead_code)] // Not every helper is used by every test module.

use apigatewayv2_local::LocalService;
use integration_response::runtime::server::{ServerConfig, ServerHandle};
use std::net::SocketAddr;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// Serves `service` on an ephemeral port.
pub async fn start(service: LocalService, config: ServerConfig) -> ServerHandle {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    integration_response::server::serve_with(listener, service, config).unwrap()
}

/// The generated client, unsigned, for the server at `addr`.
pub fn client(addr: SocketAddr) -> integration_response::client::Client {
    let config = integration_response::runtime::client::Config::builder()
        .endpoint(format!("http://{addr}"))
        .no_signing()
        .build()
        .unwrap();
    integration_response::client::Client::new(config)
}

/// A response as received.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "body is not JSON ({e}): {:?}",
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    /// Asserts the rest-json error form: status, `x-amzn-ErrorType`, a JSON body with a
    /// string `message`, and a request id.
    pub fn assert_error(&self, status: u16, code: &str) {
        assert_eq!(self.status, status, "{self:?}");
        assert_eq!(self.header("x-amzn-ErrorType"), Some(code), "{self:?}");
        assert!(self.json()["message"].is_string(), "{self:?}");
        assert!(
            self.header("x-amzn-RequestId")
                .is_some_and(|v| !v.is_empty()),
            "{self:?}"
        );
    }
}

/// Sends `method path` with optional headers and body over a fresh connection.
pub async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Response {
    let mut raw = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    if !body.is_empty() {
        raw.push_str(&format!("content-length: {}\r\n", body.len()));
    }
    raw.push_str("\r\n");
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(body);
    send_raw(addr, &bytes).await
}

/// Sends a JSON body with `Content-Type: application/json`.
pub async fn send_json(addr: SocketAddr, method: &str, path: &str, body: &str) -> Response {
    send(
        addr,
        method,
        path,
        &[("content-type", "application/json")],
        body.as_bytes(),
    )
    .await
}

/// Sends raw bytes and parses the response (which must close the connection or carry a
/// content-length).
pub async fn send_raw(addr: SocketAddr, bytes: &[u8]) -> Response {
    parse_response(&exchange_raw(addr, bytes).await)
}

/// Sends raw bytes and returns everything the server sent until it closed the connection.
pub async fn exchange_raw(addr: SocketAddr, bytes: &[u8]) -> Vec<u8> {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    // The server may answer (413) before reading everything; a failed write is fine then.
    let _ = stream.write_all(bytes).await;
    let mut out = Vec::new();
    let _ = stream.read_to_end(&mut out).await;
    out
}

/// Reads one response (its head, then `Content-Length` bytes of body) from a keep-alive
/// connection; `None` if the server closed the connection first.
pub async fn read_one(stream: &mut tokio::net::TcpStream) -> Option<Response> {
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    loop {
        if let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = parse_response(&raw[..end + 4]);
            let len: usize = head
                .header("content-length")
                .and_then(|v| v.parse().ok())
                .unwrap_or(0);
            if raw.len() >= end + 4 + len {
                return Some(parse_response(&raw[..end + 4 + len]));
            }
        }
        match stream.read(&mut buf).await {
            Ok(0) | Err(_) => return None,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
}

pub fn parse_response(raw: &[u8]) -> Response {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no complete response: {:?}", String::from_utf8_lossy(raw)));
    let head = std::str::from_utf8(&raw[..end]).unwrap();
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let status = status_line.split(' ').nth(1).unwrap().parse().unwrap();
    let headers: Vec<(String, String)> = lines
        .map(|l| {
            let (n, v) = l.split_once(':').unwrap();
            (n.trim().to_string(), v.trim().to_string())
        })
        .collect();
    let mut body = raw[end + 4..].to_vec();
    if let Some(len) = headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
        .and_then(|(_, v)| v.parse::<usize>().ok())
    {
        body.truncate(len);
    }
    Response {
        status,
        headers,
        body,
    }
}

/// The collection path of an integration (labels already encoded).
pub fn collection(api: &str, integration: &str) -> String {
    format!("/v2/apis/{api}/integrations/{integration}/integrationresponses")
}

/// The item path of an integration response (labels already encoded).
pub fn item(api: &str, integration: &str, id: &str) -> String {
    format!("{}/{id}", collection(api, integration))
}

/// The repository's root.
pub fn repo() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The target directory, where the tests keep their Python environments.
pub fn target_dir() -> std::path::PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => std::path::PathBuf::from(dir),
        None => repo().join("target"),
    }
}

/// Runs `command`, failing the test (with its output) if it fails.
pub fn run(command: &mut std::process::Command) -> std::process::Output {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("could not run {command:?}: {e}"));
    assert!(
        output.status.success(),
        "{command:?} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Held while a Python environment is made: tests run in parallel.
static VENV: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// The python of the virtual environment `target/<name>` with `packages` installed, made
/// on first use (so the tests need `python3` with `venv`, and PyPI the first time). A
/// marker file names the installed set: a changed pin reinstalls. Tests fail, never skip,
/// when this cannot be done.
pub fn python_venv(name: &str, packages: &[&str]) -> std::path::PathBuf {
    let _guard = VENV.lock().unwrap_or_else(|e| e.into_inner());
    let venv = target_dir().join(name);
    let python = venv.join("bin/python");
    let marker = venv.join("restgen-packages.txt");
    let wanted = packages.join("\n");
    if std::fs::read_to_string(&marker).ok().as_deref() != Some(wanted.as_str()) {
        if !python.exists() {
            run(std::process::Command::new("python3")
                .arg("-m")
                .arg("venv")
                .arg(&venv));
        }
        run(std::process::Command::new(&python)
            .args([
                "-m",
                "pip",
                "install",
                "--quiet",
                "--disable-pip-version-check",
            ])
            .args(packages));
        std::fs::write(&marker, &wanted).unwrap();
    }
    python
}
