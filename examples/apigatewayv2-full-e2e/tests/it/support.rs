//! Helpers: the recording service served on 127.0.0.1, the generated client for it, a
//! one-shot raw HTTP server (a response exactly as the real service writes it), JSON
//! comparison, and the Python environment for boto3.

use apigatewayv2::runtime::server::ServerHandle;
use apigatewayv2_full_e2e::RecordingService;
use std::net::SocketAddr;
use std::path::PathBuf;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

/// The recording service served on an ephemeral port of 127.0.0.1, and a handle on its
/// record.
pub async fn start() -> (ServerHandle, RecordingService) {
    let service = RecordingService::new();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let server = apigatewayv2::server::serve(listener, service.clone()).unwrap();
    (server, service)
}

/// The generated client, unsigned, for the server at `addr`.
pub fn client(addr: SocketAddr) -> apigatewayv2::client::Client {
    let config = apigatewayv2::runtime::client::Config::builder()
        .endpoint(format!("http://{addr}"))
        .no_signing()
        .build()
        .unwrap();
    apigatewayv2::client::Client::new(config)
}

/// Serves one connection on 127.0.0.1: reads one request, answers `response` (raw bytes,
/// sent as they are) and closes. The task's result is the request as received.
pub async fn one_shot(response: Vec<u8>) -> (SocketAddr, tokio::task::JoinHandle<Vec<u8>>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut request = Vec::new();
        let mut buf = [0u8; 4096];
        loop {
            let n = stream.read(&mut buf).await.unwrap();
            assert!(n > 0, "connection closed mid-request: {request:?}");
            request.extend_from_slice(&buf[..n]);
            if let Some(end) = request.windows(4).position(|w| w == b"\r\n\r\n") {
                let head = String::from_utf8_lossy(&request[..end]).to_ascii_lowercase();
                let length: usize = head
                    .lines()
                    .find_map(|l| l.strip_prefix("content-length:"))
                    .map_or(0, |v| v.trim().parse().unwrap());
                if request.len() >= end + 4 + length {
                    break;
                }
            }
        }
        stream.write_all(&response).await.unwrap();
        stream.shutdown().await.unwrap();
        request
    });
    (addr, task)
}

/// A raw HTTP/1.1 response with a body and a `Content-Length`, closing the connection.
pub fn raw_response(status: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut raw = format!("HTTP/1.1 {status}\r\nconnection: close\r\n");
    for (name, value) in headers {
        raw.push_str(&format!("{name}: {value}\r\n"));
    }
    raw.push_str(&format!("content-length: {}\r\n\r\n", body.len()));
    let mut bytes = raw.into_bytes();
    bytes.extend_from_slice(body);
    bytes
}

/// The request line of a raw request (`GET /path?query HTTP/1.1`).
pub fn request_line(request: &[u8]) -> String {
    let text = String::from_utf8_lossy(request);
    text.lines().next().unwrap_or_default().to_string()
}

/// A JSON value with every number as an `f64`: JSON does not tell `1000` from `1000.0`,
/// and neither does this comparison.
fn normalized(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::Number(n) => serde_json::json!(n.as_f64().unwrap()),
        Value::Array(items) => Value::Array(items.iter().map(normalized).collect()),
        Value::Object(members) => Value::Object(
            members
                .iter()
                .map(|(k, v)| (k.clone(), normalized(v)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// Asserts two JSON values equal, numbers compared by value.
#[track_caller]
pub fn assert_json_eq(actual: &serde_json::Value, expected: &serde_json::Value) {
    assert_eq!(
        normalized(actual),
        normalized(expected),
        "\nactual:   {actual}\nexpected: {expected}"
    );
}

/// The repository's root.
fn repo() -> PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The target directory, where the tests keep their Python environments.
fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => repo().join("target"),
    }
}

/// Runs `command`, failing the test (with its output) if it fails.
fn run(command: &mut std::process::Command) -> std::process::Output {
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
/// on first use (so the tests need `python3` with `venv`, and PyPI the first time), as
/// examples/local-service's tests do; a venv of its own, so that test binaries run in
/// parallel (nextest) never build one venv at once. A marker file names the installed set:
/// a changed pin reinstalls. Tests fail, never skip, when this cannot be done.
pub fn python_venv(name: &str, packages: &[&str]) -> PathBuf {
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

/// Sends raw request bytes over a fresh connection and returns everything the server sent
/// until it closed the connection, as text.
pub async fn exchange(addr: SocketAddr, request: &[u8]) -> String {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    String::from_utf8(out).unwrap()
}
