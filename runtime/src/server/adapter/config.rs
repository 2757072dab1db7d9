//! The limits and timeouts a server is configured with.

use std::time::Duration;

/// Limits and timeouts of a server.
///
/// Each timeout bounds what one client can hold on to: without them a client that sends
/// headers and then trickles its body, or sends nothing at all, keeps its connection (and
/// a file descriptor) forever, and about a thousand such clients exhaust the process's
/// descriptors. Every timeout is measured on the server's clock, from the moment the server
/// starts waiting for the thing it bounds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerConfig {
    /// The largest request body accepted; a larger one is answered with 413.
    pub max_body_bytes: usize,
    /// How long a client may take to send a request's headers, counted from the moment the
    /// connection opens or its previous answer is sent, so it also bounds how long a
    /// connection may wait for its next request; the connection is then closed without an
    /// answer.
    pub header_read_timeout: Duration,
    /// How long a client may take to send a whole request body, from the moment its headers
    /// have been read. A body that has not fully arrived by then is answered with 408
    /// `RequestTimeoutException` and the connection is closed (the rest of the body could
    /// not be told apart from the next request). Total time, not time between bytes, so a
    /// client trickling one byte at a time cannot stretch it.
    pub body_read_timeout: Duration,
    /// How long a keep-alive connection may stay idle (no request being handled, and no
    /// byte received or sent) before it is closed. Shorter than `header_read_timeout` by
    /// default, so idle connections are let go first; a client trickling the headers of its
    /// next request is bounded by `header_read_timeout` instead. Also closes a connection
    /// whose client stopped reading its response.
    ///
    /// Both connection timeouts are checked on one timer per connection, which ticks ten
    /// times per the shorter of the two, so a connection is closed no earlier than its
    /// timeout and at most a tenth of the shorter timeout later (1.5 s by default).
    pub idle_timeout: Duration,
    /// The most connections served at once (at least 1). When this many are open and a new
    /// client connects, the server sheds the open connection that has waited longest for a
    /// request, among those with no request in flight: a keep-alive connection between
    /// requests, or one whose client has not finished sending a request's headers (silent or
    /// trickling). It is closed without an answer (nothing was being processed for it; a
    /// keep-alive client opens a new connection) and the new client is served in its
    /// place, so that a cap full of slow or silent clients cannot lock others out. A
    /// connection with a request in flight, or whose answer is still being written, is never
    /// shed. When every connection has a request in flight, the new client (accepted: one
    /// descriptor beyond the cap) waits until one of them has been answered, and later
    /// clients wait in the kernel's listen backlog meanwhile.
    /// Chosen over answering 503: refusing would itself take a descriptor and a write for
    /// every refused client, the very resources the cap protects, while a request in flight
    /// is bounded by `body_read_timeout` and the implementation.
    pub max_connections: usize,
    /// The most connections one client (peer IP address) may have open at once (at least
    /// 1); `None` (the default) for no limit of its own. When a client at its limit connects again,
    /// its own connection that has waited longest for a request is shed, as at
    /// `max_connections`; if every one of its connections has a request in flight, the new
    /// connection is closed at once. Keeps one address from taking all of
    /// `max_connections`; clients behind one proxy or NAT share an address, so leave room
    /// for them. Set with [`ServerConfig::with_max_connections_per_peer`].
    pub max_connections_per_peer: Option<usize>,
    /// The path the service is mounted under, such as `/custom` for the endpoint
    /// `https://example.com/custom`; empty (the default) for the root. A request path must
    /// be this path or start with it and `/` (otherwise 404), and routes are matched on the
    /// rest. A trailing `/` is ignored.
    pub base_path: String,
}

impl Default for ServerConfig {
    /// 1 MiB bodies; 30 s for headers and for a body (a 1 MiB body then needs about
    /// 35 KB/s); 15 s idle; 512 connections, half the usual soft limit of 1024 file
    /// descriptors on Linux, so the process keeps descriptors for everything else.
    fn default() -> Self {
        ServerConfig {
            max_body_bytes: 1024 * 1024,
            header_read_timeout: Duration::from_secs(30),
            body_read_timeout: Duration::from_secs(30),
            idle_timeout: Duration::from_secs(15),
            max_connections: 512,
            max_connections_per_peer: None,
            base_path: String::new(),
        }
    }
}

impl ServerConfig {
    /// Limits how many connections one peer IP address may have open at once (at least 1);
    /// see [`ServerConfig::max_connections_per_peer`].
    ///
    /// ```
    /// # use restgen_runtime::server::ServerConfig;
    /// let config = ServerConfig::default().with_max_connections_per_peer(32);
    /// assert_eq!(config.max_connections_per_peer, Some(32));
    /// ```
    pub fn with_max_connections_per_peer(mut self, limit: usize) -> Self {
        self.max_connections_per_peer = Some(limit.max(1));
        self
    }
}
