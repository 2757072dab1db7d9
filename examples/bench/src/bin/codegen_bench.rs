//! Generator speed: `restgen_codegen::generate` on the whole API Gateway V2 schema
//! (`schema/apigatewayv2.yaml`, 103 operations), and on 2 and 4 renamed copies of it in one
//! schema to show how the time grows. Prints the fastest of several runs in CPU time (all
//! threads; it holds on a loaded machine, unlike wall time) and in wall time, then where the
//! time of one run goes: load (YAML, parse, validate), emit (tokens per file), render
//! (`syn` + `prettyplease` per file; for a module, also the choice of its `use` lines, made
//! as `syn` parses it).
//!
//! `cargo run --release -p bench --bin codegen_bench [RUNS]` (default 10 runs).
//! `codegen_bench loop N [COPIES]` runs `generate` N times on the 1x (or COPIES x) schema and
//! prints nothing, for
//! `perf record` or `valgrind --tool=callgrind`.
//! `codegen_bench stages COPIES [RUNS]` prints only the stages, of the COPIES x schema (the
//! fastest of 3 runs by default): compared with the 1x stages, it shows what grows faster
//! than the schema.

use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::time::{Duration, Instant};

const SCHEMA: &str = include_str!("../../../../schema/apigatewayv2.yaml");
const NAME: &str = "schema/apigatewayv2.yaml";

/// The keys whose value names a shape or an error (an operation's `errors:` items are
/// handled as list items).
const REFERENCE_KEYS: [&str; 6] = ["target", "input", "output", "member", "key", "value"];

/// The schema with `copies` copies of its shapes, operations and errors: copy `k > 0` has
/// every name suffixed `Copy{k}` (definitions and references) and every path under
/// `/v2copy{k}/` instead of `/v2/`, so routes and Rust names stay distinct.
fn copies(text: &str, copies: usize) -> String {
    // Split into the top-level sections, each with the lines under it.
    let mut sections: Vec<(&str, Vec<&str>)> = Vec::new();
    for line in text.lines() {
        if !line.starts_with([' ', '#', '-']) && !line.is_empty() {
            sections.push((line, Vec::new()));
        } else if let Some((_, body)) = sections.last_mut() {
            body.push(line);
        }
    }
    fn defined(line: &str) -> Option<&str> {
        let name = line.strip_prefix("  ")?.strip_suffix(':')?;
        (!name.starts_with(' ')).then_some(name)
    }
    let names: BTreeSet<&str> = sections
        .iter()
        .filter(|(head, _)| matches!(*head, "shapes:" | "operations:" | "errors:"))
        .flat_map(|(_, body)| body.iter().filter_map(|l| defined(l)))
        .collect();
    let mut out = String::with_capacity(text.len() * copies);
    for (head, body) in &sections {
        out.push_str(head);
        out.push('\n');
        let renamed = matches!(*head, "shapes:" | "operations:" | "errors:");
        for k in 0..if renamed { copies } else { 1 } {
            for line in body {
                if k == 0 {
                    out.push_str(line);
                } else {
                    rename(line, k, &names, &mut out);
                }
                out.push('\n');
            }
        }
    }
    out
}

/// One line of copy `k`: a definition, a reference or a path renamed; anything else as is.
fn rename(line: &str, k: usize, names: &BTreeSet<&str>, out: &mut String) {
    let indent = line.len() - line.trim_start().len();
    let trimmed = line.trim_start();
    if indent == 2 {
        if let Some(name) = trimmed.strip_suffix(':').filter(|n| names.contains(n)) {
            let _ = write!(out, "  {name}Copy{k}:");
            return;
        }
    }
    if let Some(rest) = trimmed.strip_prefix("path: /v2/") {
        let _ = write!(out, "{}path: /v2copy{k}/{rest}", &line[..indent]);
        return;
    }
    if let Some(name) = trimmed.strip_prefix("- ").filter(|n| names.contains(n)) {
        let _ = write!(out, "{}- {name}Copy{k}", &line[..indent]);
        return;
    }
    for key in REFERENCE_KEYS {
        let value = trimmed
            .strip_prefix(key)
            .and_then(|r| r.strip_prefix(": "))
            .filter(|n| names.contains(n));
        if let Some(name) = value {
            let _ = write!(out, "{}{key}: {name}Copy{k}", &line[..indent]);
            return;
        }
    }
    out.push_str(line);
}

fn generate(text: &str) -> restgen_codegen::Generated {
    let source = restgen_codegen::Source {
        name: NAME,
        bytes: text.as_bytes(),
    };
    restgen_codegen::generate(source, &restgen_codegen::Settings::default())
        .expect("the schema generates")
}

/// CPU time of the process, all threads (user + system): unlike wall time it holds on a
/// machine shared with other builds, which take the CPU away but do not add to it.
fn cpu() -> Duration {
    let mut ts = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: `ts` is a valid, writable timespec for the call's duration.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_PROCESS_CPUTIME_ID, &mut ts) };
    assert_eq!(rc, 0, "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)");
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}

/// The fastest of `runs` calls of `f`, in CPU time.
fn fastest(runs: usize, f: impl FnMut()) -> Duration {
    fastest_both(runs, f).0
}

/// The fastest of `runs` calls of `f`: in CPU time, and in wall time.
fn fastest_both(runs: usize, mut f: impl FnMut()) -> (Duration, Duration) {
    (0..runs)
        .map(|_| {
            let (start, wall) = (cpu(), Instant::now());
            f();
            (cpu() - start, wall.elapsed())
        })
        .fold((Duration::MAX, Duration::MAX), |(c, w), (c2, w2)| {
            (c.min(c2), w.min(w2))
        })
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The stages of one `generate` call on `text`, each the fastest of `runs`, as `generate`
/// runs them (through the crate's public modules).
fn stages(text: &str, runs: usize) {
    let source = restgen_codegen::Source {
        name: NAME,
        bytes: text.as_bytes(),
    };
    let settings = restgen_codegen::Settings::default();
    let load = fastest(runs, || {
        std::hint::black_box(restgen_codegen::load(source));
    });
    let model = restgen_codegen::load(source).0.expect("the schema loads");
    let emit = fastest(runs, || {
        std::hint::black_box(restgen_codegen::emit::emit(&model, &settings));
    });
    println!("  load (YAML, parse, validate)  {:>8.2} ms", ms(load));
    println!("  emit (all files)              {:>8.2} ms", ms(emit));
    // Render each file on its own: one emit per run, the render timed.
    let names: Vec<&str> = restgen_codegen::emit::emit(&model, &settings)
        .into_keys()
        .collect();
    let mut total = Duration::ZERO;
    for name in names {
        let took = (0..runs)
            .map(|_| {
                let output = restgen_codegen::emit::emit(&model, &settings)
                    .remove(name)
                    .expect("emitted");
                let start = cpu();
                match output {
                    restgen_codegen::emit::Output::Rust(tokens) => {
                        std::hint::black_box(
                            restgen_codegen::render::render(name, NAME, tokens).ok(),
                        );
                    }
                    restgen_codegen::emit::Output::Module(module) => {
                        std::hint::black_box(
                            restgen_codegen::render::module(name, NAME, module).ok(),
                        );
                    }
                    restgen_codegen::emit::Output::Text(text) => {
                        std::hint::black_box(restgen_codegen::render::with_header(
                            "#", NAME, &text,
                        ));
                    }
                    restgen_codegen::emit::Output::Json(doc) => {
                        std::hint::black_box(restgen_codegen::render::json(NAME, doc));
                    }
                    restgen_codegen::emit::Output::Yaml(doc) => {
                        std::hint::black_box(restgen_codegen::render::yaml(NAME, doc).ok());
                    }
                }
                cpu() - start
            })
            .min()
            .unwrap_or_default();
        total += took;
        println!("  render {name:<22} {:>8.2} ms", ms(took));
    }
    println!("  render (all files)            {:>8.2} ms", ms(total));
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    const USAGE: &str =
        "usage: codegen_bench [RUNS] | codegen_bench loop N [COPIES] | codegen_bench stages COPIES [RUNS]";
    if let [first, copies_of, rest @ ..] = args.as_slice() {
        if first == "stages" {
            // The stages of a larger schema, to see which of them grow faster than it.
            let n: usize = copies_of.parse().expect(USAGE);
            let runs = rest.first().map_or(3, |r| r.parse().expect(USAGE));
            println!("stages of the {n}x schema, each the fastest of {runs} runs in CPU time:");
            stages(&copies(SCHEMA, n), runs);
            return;
        }
    }
    if let [first, n, rest @ ..] = args.as_slice() {
        assert_eq!(first, "loop", "{USAGE}");
        let text = copies(
            SCHEMA,
            rest.first().map_or(1, |c| c.parse().expect("a number")),
        );
        for _ in 0..n.parse::<usize>().expect("a number of runs") {
            std::hint::black_box(generate(&text));
        }
        return;
    }
    let runs: usize = args
        .first()
        .map_or(10, |n| n.parse().expect("a number of runs"));
    let mut base = 0.0;
    println!("restgen_codegen::generate, fastest of {runs} runs in CPU time (release):");
    for n in [1, 2, 4] {
        let text = copies(SCHEMA, n);
        let generated = generate(&text);
        let operations = restgen_codegen::load(restgen_codegen::Source {
            name: NAME,
            bytes: text.as_bytes(),
        })
        .0
        .map_or(0, |m| m.operations.len());
        let lines: usize = generated.files.values().map(|t| t.lines().count()).sum();
        let (cpu, wall) = fastest_both(runs, || {
            std::hint::black_box(generate(&text));
        });
        let (took, wall) = (ms(cpu), ms(wall));
        if n == 1 {
            base = took;
        }
        println!(
            "  {n}x ({operations:>3} operations, {:>4} KiB of YAML, {lines:>6} lines out) {took:>8.2} ms CPU ({:.2}x the 1x), {wall:>8.2} ms wall",
            text.len() / 1024,
            took / base
        );
    }
    println!("stages of the 1x schema, each the fastest of {runs} runs in CPU time:");
    stages(SCHEMA, runs);
}
