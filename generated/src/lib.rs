//! API Gateway V2's IntegrationResponse resource: types generated from
//! `schema/integration_response.yaml`, and the hand-written runtime they call.
//!
//! Everything under `src/gen/` is written by `cargo xtask codegen` and carries an
//! `@generated` header; everything else in this crate is written by hand.
#![forbid(unsafe_code)]

mod gen;
pub mod runtime;

pub use gen::*;

/// The README's Rust examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct ReadmeDoctests;
