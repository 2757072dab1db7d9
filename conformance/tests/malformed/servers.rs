//! The generated servers the cases are sent to, by service name: each started once, on
//! loopback, with no operation implemented (every operation answers 501, so only what the
//! server refuses before the implementation passes a case).

use std::collections::BTreeMap;
use std::net::SocketAddr;

/// The constraints fixture, none of its operations implemented.
struct Constraints;
impl fixture_constraints::server::Service for Constraints {}

/// The servers started so far.
#[derive(Default)]
pub struct Servers {
    running: BTreeMap<String, Option<restgen_runtime::server::ServerHandle>>,
}

impl Servers {
    /// The address of the server of `service`, started at its first case; `None` for a
    /// service no crate here generates.
    pub async fn addr(&mut self, service: &str) -> Option<SocketAddr> {
        if !self.running.contains_key(service) {
            let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.ok()?;
            let handle = match service {
                "Constraints" => fixture_constraints::server::serve(listener, Constraints).ok(),
                _ => None,
            };
            self.running.insert(service.to_string(), handle);
        }
        self.running[service].as_ref().map(|h| h.local_addr())
    }

    /// Shuts every server down.
    pub async fn shutdown(self) {
        for handle in self.running.into_values().flatten() {
            handle.shutdown().await;
        }
    }
}
