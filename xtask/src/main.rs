//! `cargo xtask codegen [--check] [--message-format human|json]`: regenerate, or verify, the
//! checked-in generated crates of every schema; with `--schema FILE --out DIR`, generate one
//! schema into a directory of your choice. Run it anywhere inside the checkout: the workspace
//! is found from the current directory. Exit status: 0 success, 1 schema errors, stale
//! output, an I/O error or a run outside the checkout, 2 wrong usage.
//!
//! `cargo xtask import --model FILE [--paginators FILE] [--crate NAME] --out FILE [--check]`
//! turns an AWS model (botocore's `service-2.json`) into a schema file.
//!
//! `cargo xtask conformance [--check]` regenerates, or verifies, the conformance harness
//! `conformance/` (the restJson1 protocol cases as tests of generated clients);
//! `cargo xtask conformance --report` runs those tests (client and server) and counts
//! passed, failed and skipped cases by direction.
//!
//! `cargo xtask bench compile [SIZES...]` measures what generated crates cost to check as the
//! service grows (see `bench.rs`).

mod bench;

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--message-format human|json]
       cargo xtask codegen --schema FILE --out DIR [--crate NAME] [--check] [--message-format human|json]
       cargo xtask import --model FILE [--paginators FILE] [--crate NAME] --out FILE.yaml [--check]
       cargo xtask conformance [--check | --report]
       cargo xtask bench compile [--features LIST] [--keep DIR] [SIZES...]
       cargo xtask bench build | incremental";

/// How diagnostics are printed.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    /// Rendered with source lines, to stderr; coloured on a terminal.
    Human,
    /// One JSON object per diagnostic on stdout; the summary still goes to stderr.
    Json,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut args = args.iter().map(String::as_str);
    match args.next() {
        Some("codegen") => {}
        Some("import") => return import(args),
        Some("conformance") => return conformance(args),
        Some("bench") => return bench::run(args),
        _ => return usage(),
    }
    let mut check = false;
    let mut format = Format::Human;
    let (mut schema, mut out, mut crate_name) = (None, None, None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
            _ => (arg, None),
        };
        let mut value = || inline.or_else(|| args.next());
        match flag {
            "--check" if inline.is_none() => check = true,
            "--message-format" => match value() {
                Some("human") => format = Format::Human,
                Some("json") => format = Format::Json,
                _ => return usage(),
            },
            "--schema" => schema = value().map(PathBuf::from),
            "--out" => out = value().map(PathBuf::from),
            "--crate" => crate_name = value().map(str::to_string),
            _ => return usage(),
        }
    }
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let (jobs, owned) = match (schema, out) {
        (None, None) if crate_name.is_none() => match xtask::jobs(&root) {
            Ok(jobs) => (jobs, xtask::owned_dirs(&root)),
            Err(e) => {
                eprintln!("error: listing schemas: {e}");
                return ExitCode::FAILURE;
            }
        },
        (Some(schema), Some(out)) => {
            let cwd = std::env::current_dir().unwrap_or_default();
            let (schema, out) = (cwd.join(schema), cwd.join(out));
            let crate_name = crate_name.unwrap_or_else(|| {
                let stem = schema
                    .file_stem()
                    .and_then(|s| s.to_str())
                    .unwrap_or("service");
                stem.replace('_', "-")
            });
            (
                vec![xtask::Job::new(&root, schema, out, crate_name)],
                Vec::new(),
            )
        }
        _ => return usage(),
    };
    codegen(&root, &jobs, &owned, check, format)
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn codegen(
    root: &Path,
    jobs: &[xtask::Job],
    owned: &[PathBuf],
    check: bool,
    format: Format,
) -> ExitCode {
    let plan = match xtask::plan(root, jobs, owned) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for report in &plan.reports {
        match format {
            Format::Human => eprintln!("{}", report.render(color)),
            Format::Json => {
                print!("{}", report.json_lines());
                let errors = report
                    .diagnostics
                    .iter()
                    .filter(|d| d.severity == restgen_codegen::diagnostics::Severity::Error)
                    .count();
                let warnings = report.diagnostics.len() - errors;
                eprintln!(
                    "{}",
                    restgen_codegen::diagnostics::summary(errors, warnings, &report.file)
                );
            }
        }
    }
    if plan.errors > 0 {
        eprintln!("nothing was written: fix the errors above and run again");
        return ExitCode::FAILURE;
    }
    if check {
        if plan.is_clean() {
            return ExitCode::SUCCESS;
        }
        eprint!("{}", plan.diff_summary(root));
        eprintln!("generated code is stale: run `cargo xtask codegen` and commit the result");
        return ExitCode::FAILURE;
    }
    if let Err(e) = plan.apply() {
        eprintln!("error: writing generated files: {e}");
        return ExitCode::FAILURE;
    }
    if !plan.is_clean() {
        eprintln!(
            "wrote {} file(s), removed {}",
            plan.writes.len(),
            plan.removals.len()
        );
    }
    ExitCode::SUCCESS
}

/// `cargo xtask import`: reads the model, imports it, writes (or with `--check`, compares)
/// the schema file. Problems are printed as `codegen` prints them; with errors, nothing is
/// written.
fn import<'a>(mut args: impl Iterator<Item = &'a str>) -> ExitCode {
    let mut check = false;
    let (mut model, mut paginators, mut crate_name, mut out) = (None, None, None, None);
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
            _ => (arg, None),
        };
        let mut value = || inline.or_else(|| args.next());
        match flag {
            "--check" if inline.is_none() => check = true,
            "--model" => model = value().map(PathBuf::from),
            "--paginators" => paginators = value().map(PathBuf::from),
            "--crate" => crate_name = value().map(str::to_string),
            "--out" => out = value().map(PathBuf::from),
            _ => return usage(),
        }
    }
    let (Some(model), Some(out)) = (model, out) else {
        return usage();
    };
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let (model, out) = (cwd.join(model), cwd.join(out));
    let paginators = paginators.map(|p| cwd.join(p));
    let run = match xtask::import(
        &root,
        &model,
        paginators.as_deref(),
        crate_name.as_deref(),
        &out,
    ) {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: reading the model: {e}");
            return ExitCode::FAILURE;
        }
    };
    let color = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    for report in &run.reports {
        eprintln!("{}", report.render(color));
    }
    let shown = out
        .strip_prefix(&root)
        .unwrap_or(&out)
        .display()
        .to_string();
    let Some(text) = run.text.filter(|_| run.errors == 0) else {
        eprintln!("nothing was written: fix the errors above and run again");
        return ExitCode::FAILURE;
    };
    let old = std::fs::read_to_string(&out).ok();
    if check {
        if old.as_deref() == Some(text.as_str()) {
            return ExitCode::SUCCESS;
        }
        eprintln!("{shown} is stale or missing: run the same `cargo xtask import` without --check and commit the result");
        return ExitCode::FAILURE;
    }
    if old.as_deref() != Some(text.as_str()) {
        if let Err(e) = std::fs::write(&out, &text) {
            eprintln!("error: writing {shown}: {e}");
            return ExitCode::FAILURE;
        }
        eprintln!("wrote {shown}");
    }
    ExitCode::SUCCESS
}

/// `cargo xtask conformance [--check | --report]`.
fn conformance<'a>(args: impl Iterator<Item = &'a str>) -> ExitCode {
    let (mut check, mut report) = (false, false);
    for arg in args {
        match arg {
            "--check" => check = true,
            "--report" => report = true,
            _ => return usage(),
        }
    }
    if check && report {
        return usage();
    }
    let root = match xtask::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if report {
        return conformance_report(&root);
    }
    let (plan, output) = match xtask::conformance::plan(&root) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    if !output.errors.is_empty() {
        for e in &output.errors {
            eprintln!("error: {e}");
        }
        eprintln!("nothing was written: fix the errors above and run again");
        return ExitCode::FAILURE;
    }
    for (direction, (cases, skipped)) in &output.counts {
        let share = 100.0 * *skipped as f64 / (*cases).max(1) as f64;
        eprintln!("{direction}: {cases} cases, {skipped} skipped ({share:.1}%)");
    }
    if check {
        if plan.is_clean() {
            return ExitCode::SUCCESS;
        }
        eprint!("{}", plan.diff_summary(&root));
        eprintln!(
            "the conformance harness is stale: run `cargo xtask conformance` and commit the result"
        );
        return ExitCode::FAILURE;
    }
    if let Err(e) = plan.apply() {
        eprintln!("error: writing the conformance harness: {e}");
        return ExitCode::FAILURE;
    }
    if !plan.is_clean() {
        eprintln!(
            "wrote {} file(s), removed {}",
            plan.writes.len(),
            plan.removals.len()
        );
    }
    ExitCode::SUCCESS
}

/// Runs the conformance test binaries, client and server (every case, skipped ones listed
/// as ignored), and counts their results by direction from libtest's `test NAME ... RESULT` lines.
fn conformance_report(root: &Path) -> ExitCode {
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let run = std::process::Command::new(cargo)
        .current_dir(root)
        .args([
            "test",
            "-p",
            "restgen-conformance",
            "--test",
            "client",
            "--test",
            "server",
            "--",
            "--test-threads=2",
        ])
        .stderr(std::process::Stdio::inherit())
        .output();
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: running cargo test: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = String::from_utf8_lossy(&run.stdout);
    // direction -> (passed, failed, skipped)
    let mut counts: std::collections::BTreeMap<&str, (usize, usize, usize)> =
        std::collections::BTreeMap::new();
    let mut failed = Vec::new();
    for line in stdout.lines() {
        let Some(rest) = line.strip_prefix("test ") else {
            continue;
        };
        let Some((name, result)) = rest.split_once(" ... ") else {
            continue;
        };
        // Client cases are `cases::*`, server cases `server_cases::*`.
        let (server, name) = match name.strip_prefix("server_cases::") {
            Some(name) => (true, name),
            None => (false, name.trim_start_matches("cases::")),
        };
        let direction = match (server, name.split('_').next()) {
            (false, Some("input")) => "request (input.json)",
            (false, Some("output")) => "response (output.json)",
            (true, Some("input")) => "server request",
            (true, Some("output")) => "server response",
            _ => continue,
        };
        let entry = counts.entry(direction).or_default();
        match result.trim() {
            "ok" => entry.0 += 1,
            r if r.starts_with("ignored") => entry.2 += 1,
            _ => {
                entry.1 += 1;
                failed.push(format!("{}{name}", if server { "server/" } else { "" }));
            }
        }
    }
    if counts.is_empty() {
        print!("{stdout}");
        eprintln!("error: no test results: did the conformance tests build?");
        return ExitCode::FAILURE;
    }
    println!(
        "{:<24} {:>6} {:>6} {:>7} {:>6}",
        "direction", "passed", "failed", "skipped", "total"
    );
    for (direction, (p, f, s)) in &counts {
        println!("{direction:<24} {p:>6} {f:>6} {s:>7} {:>6}", p + f + s);
    }
    for name in &failed {
        println!("failed: {name}");
    }
    if failed.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
