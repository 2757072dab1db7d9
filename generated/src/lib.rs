//! API Gateway V2's IntegrationResponse resource: types generated from
//! `schema/integration_response.yaml`, and the hand-written runtime they call.
//!
//! Everything under `src/gen/` is written by `cargo xtask codegen` and carries an
//! `@generated` header; everything else in this crate is written by hand.
#![forbid(unsafe_code)]

// Generated code is formatted by prettyplease, not rustfmt.
#[rustfmt::skip]
mod gen;
pub mod runtime;

/// The local in-memory IntegrationResponse service (hand-written, not generated).
#[cfg(feature = "local")]
pub mod local;

pub use gen::*;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
