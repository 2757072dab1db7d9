//! The runtime's behaviour tests, in one binary (one link instead of one per file). They
//! drive the runtime through generated crates: `apigatewayv2` (IntegrationResponse) and the
//! fixtures (`round_trip`: client and server agree on every construct); `wire_values` calls the value-level wire forms directly.
//! `routes_alloc` is a binary of its own: it installs a global allocator.

mod bad_input;
mod client_http;
mod constraints;
mod errors;
mod fixtures;
mod http_json;
mod mounting;
mod round_trip;
mod routes;
mod sigv4;
mod types;
mod wire_values;
