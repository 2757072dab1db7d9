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
    /// How long a client may take to send a request's headers. hyper runs this timer from
    /// the moment it starts waiting for a request, so it also bounds how long a connection
    /// may sit idle before its next request; the connection is closed without an answer.
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
    pub idle_timeout: Duration,
    /// The most connections served at once (at least 1). When this many are open, the
    /// server stops accepting until one closes: new connections wait in the kernel's
    /// listen backlog and are served, in order, as soon as a slot frees up (once the backlog
    /// is full too, the kernel drops further connection attempts and clients retry them).
    /// Chosen over accepting and answering 503: refusing would itself take a descriptor and
    /// a write for every refused connection, the very resources the cap protects, while a
    /// waiting connection costs the server nothing; and with the timeouts above, a slot
    /// held by a slow or silent client frees up within those timeouts.
    pub max_connections: usize,
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
            base_path: String::new(),
        }
    }
}
