//! The generator's tests, in one binary: the mistake corpus (`invalid/`, snapshotted), the
//! validation rules, determinism, and the fuzzing of `codegen::generate`. The emitted code
//! itself is checked as the crates under `codegen/tests/expected/` (one reviewed copy per
//! fixture, kept fresh by `cargo xtask codegen --check` and compiled by `cargo test`).

mod diagnostics;
mod no_panics;
mod output;
mod rng;
mod validation;
