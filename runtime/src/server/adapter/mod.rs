//! The HTTP adapter: accepts connections with tokio, speaks HTTP/1.1 with hyper, and runs
//! each request through the checks of HTTP itself, routing, body limits and the generated
//! dispatch; connections are bounded by timeouts and a cap on their number.
//!
//! `accept` owns the listener and the connections, with `connections` choosing which to shed
//! at the cap and `guard` timing each one out. Every
//! request, from a connection or through a [`Handler`], goes through `pipeline`, which
//! decodes its `content`, catches a panic of the implementation (`unwind`) and writes the
//! `response` with its `request_id`.

mod accept;
mod config;
mod connections;
mod content;
mod guard;
mod handler;
mod pipeline;
mod request_id;
mod response;
mod unwind;

pub use self::accept::{serve, ServerHandle};
pub use self::config::ServerConfig;
pub use self::handler::Handler;
pub use self::request_id::new_request_id;
