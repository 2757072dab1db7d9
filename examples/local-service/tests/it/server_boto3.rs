//! The official AWS SDK for Python (boto3) against the local service, served by the
//! generated server on 127.0.0.1: all five operations, the paginator, the ids of WIRE.md §2.2's
//! encoding table, NotFoundException with ResourceType, ConflictException.
//!
//! The test installs boto3 itself, once, into a virtual environment under `target/`
//! (`target/py-venv`), so it needs `python3` with `venv` and access to PyPI the first time.
//! It fails, never skips, when either is missing.

use apigatewayv2_local::LocalService;
use integration_response::runtime::server::ServerConfig;
use std::path::{Path, PathBuf};
use std::process::Command;

/// boto3 and its botocore, pinned so that a new release cannot change a result unnoticed:
/// the release whose models and protocol cases the repository vendors (`models/`,
/// `codegen/tests/conformance/`).
const BOTO3: &[&str] = &["boto3==1.44.8", "botocore==1.44.8"];

/// The venv's python, with boto3 importable; created and installed on first use.
fn python_with_boto3() -> PathBuf {
    crate::support::python_venv("py-venv", BOTO3)
}

#[test]
fn boto3_drives_every_operation_of_the_local_service() {
    let python = python_with_boto3();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let server = runtime.block_on(crate::support::start(
        LocalService::new(),
        ServerConfig::default(),
    ));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/boto3_local_server.py");
    let output = Command::new(&python)
        .arg(&script)
        .env("ENDPOINT", format!("http://{}", server.local_addr()))
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "boto3 script failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(stdout.contains("boto3: all checks passed"), "{stdout}");
    runtime.block_on(server.shutdown());
}
