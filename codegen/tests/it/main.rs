//! The generator's tests, in one binary: the mistake corpus (`invalid/`, snapshotted), the
//! validation rules, determinism, the fuzzing of `restgen_codegen::generate`, valid schemas
//! generated at random whose crates must pass clippy and rustdoc, and a vendored sample of
//! botocore's models, imported and generated. The emitted code
//! itself is checked as the crates under `codegen/tests/expected/` (one reviewed copy per
//! fixture, kept fresh by `cargo xtask codegen --check` and compiled by `cargo test`).

mod botocore_sample;
mod cli;
mod diagnostics;
mod import;
mod import_smithy;
mod json_schema;
mod knobs;
mod no_panics;
mod output;
mod rng;
mod scratch;
mod valid_schemas;
mod validation;
mod values;
