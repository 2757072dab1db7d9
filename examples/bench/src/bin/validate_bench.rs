//! Validation time as the schema grows: chains of 5,000, 10,000 and 20,000 structures (each
//! with an optional member pointing at the next, the case that was quadratic), and 3,000
//! references to shapes that do not exist (each a near-miss suggestion search). Prints the
//! fastest of several runs of `restgen_codegen::load` for each.
//!
//! `cargo run --release -p bench --bin validate_bench` (and without `--release` for the
//! debug build that `cargo xtask codegen` runs).

use std::fmt::Write as _;
use std::time::{Duration, Instant};

const HEADER: &str = "service: {name: Bench, version: '1', protocol: rest-json}\nshapes:\n";

/// `n` structures, each with an optional member of the next one's type.
fn chain(n: usize) -> String {
    let mut s = String::from(HEADER);
    for i in 0..n {
        let _ = writeln!(
            s,
            "  Shape{i:05}: {{type: structure, members: {{next: {{target: Shape{:05}}}, id: {{target: string}}}}}}",
            (i + 1) % n
        );
    }
    s
}

/// `n` structures whose member points at a shape that does not exist (`Shape{i}x`).
fn dangling(n: usize) -> String {
    let mut s = String::from(HEADER);
    for i in 0..n {
        let _ = writeln!(
            s,
            "  Shape{i:05}: {{type: structure, members: {{next: {{target: Shape{i:05}x}}}}}}"
        );
    }
    s
}

fn time(text: &str, expect_errors: bool) -> Duration {
    let runs = if text.len() > 1_000_000 { 3 } else { 5 };
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            let (model, diags) = restgen_codegen::load(restgen_codegen::Source {
                name: "bench.yaml",
                bytes: text.as_bytes(),
            });
            let took = start.elapsed();
            assert_eq!(model.is_none(), expect_errors, "{:?}", diags.first());
            took
        })
        .min()
        .unwrap_or_default()
}

fn main() {
    for n in [5_000, 10_000, 20_000] {
        println!(
            "chain of {n:>6} structures: {:>10.1?}",
            time(&chain(n), false)
        );
    }
    println!(
        "{:>6} dangling references:   {:>10.1?}",
        3_000,
        time(&dangling(3_000), true)
    );
    // The whole pipeline (emit and render too) on the largest chain, once.
    let text = chain(20_000);
    let start = Instant::now();
    let source = restgen_codegen::Source {
        name: "bench.yaml",
        bytes: text.as_bytes(),
    };
    let files = restgen_codegen::generate(source, &restgen_codegen::Settings::default())
        .map(|g| g.files.len());
    println!(
        "generate, 20,000 structures: {:>10.1?} ({files:?} files)",
        start.elapsed()
    );
}
