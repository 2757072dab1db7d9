//! `cargo xtask`: this repository's tasks. Its codegen and import are a thin user of
//! `restgen_codegen::files` and `restgen_codegen::cli`, as a project's own xtask would be.
//!
//! `cargo xtask codegen [--check] [--message-format human|json]`: regenerate, or verify, the
//! checked-in generated crates of every schema; with `--schema FILE --out DIR`, generate one
//! schema into a directory of your choice. Run it anywhere inside the checkout: the workspace
//! is found from the current directory. Exit status: 0 success, 1 schema errors, stale
//! output, an I/O error or a run outside the checkout, 2 wrong usage.
//!
//! `cargo xtask import --model FILE [--paginators FILE] [--service ID] [--crate NAME] --out FILE
//! [--check]` turns an AWS model (botocore's `service-2.json`) or a Smithy JSON AST (one
//! service of it) into a schema file.
//!
//! `cargo xtask conformance [--check]` regenerates, or verifies, the conformance harness
//! `conformance/` (the restJson1 protocol cases as tests of generated clients);
//! `cargo xtask conformance --report` runs those tests (client and server, and the
//! malformed-request cases) and counts passed, failed and skipped cases by direction.
//!
//! `cargo xtask bench compile [SIZES...]` measures what generated crates cost to check as the
//! service grows (see `bench.rs`).

mod bench;

use restgen_codegen::cli::{shell_words, CodegenArgs, ImportArgs, UsageError};
use restgen_codegen::files::{Import, Job, MessageFormat, Runtime};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--message-format human|json]
       cargo xtask codegen --schema FILE --out DIR [--crate NAME] [RUNTIME] [--check] [--message-format human|json]
       cargo xtask import --model FILE [--paginators FILE] [--service ID] [--crate NAME] --out FILE.yaml [--check]
       cargo xtask conformance [--check | --report]
       cargo xtask bench compile [--features LIST] [--keep DIR] [SIZES...]
       cargo xtask bench build | incremental
RUNTIME (how the crate names restgen-runtime; default: this checkout's runtime/ by a
relative path): --runtime-version REQ | --runtime-path DIR | --runtime-git URL --runtime-rev REV";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut args = args.iter().map(String::as_str);
    let result = match args.next() {
        Some("codegen") => codegen(args.collect()),
        Some("import") => import(args.collect()),
        Some("conformance") => return conformance(args),
        Some("bench") => return bench::run(args),
        _ => return usage(),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}");
        usage()
    })
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

/// The checkout around the current directory, or the message that there is none.
fn root() -> Result<PathBuf, ExitCode> {
    xtask::workspace_root().map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::FAILURE
    })
}

/// `cargo xtask codegen`: every schema and fixture of the workspace, or one `--schema`
/// into one `--out` directory (paths from the current directory).
fn codegen(args: Vec<&str>) -> Result<ExitCode, UsageError> {
    let parsed = CodegenArgs::parse(args.iter().copied())?;
    let root = match root() {
        Ok(root) => root,
        Err(status) => return Ok(status),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let project = match (&parsed.schema, &parsed.out) {
        (Some(schema), Some(out)) => {
            let mut job = Job::new(schema, out);
            if let Some(name) = &parsed.crate_name {
                job = job.with_crate_name(name);
            }
            job.schema = cwd.join(&job.schema);
            job.out_dir = cwd.join(&job.out_dir);
            let flags: Vec<&str> = args.iter().copied().filter(|a| *a != "--check").collect();
            let exact = shell_words(&[&["cargo", "xtask", "codegen"][..], &flags].concat());
            xtask::project(&root).job(job).command(exact)
        }
        _ => xtask::workspace_project(&root),
    };
    let project = match parsed.runtime {
        // Paths on the command line are from the current directory.
        Some(Runtime::Path(dir)) => project.runtime(Runtime::Path(cwd.join(dir))),
        Some(runtime) => project.runtime(runtime),
        None => project,
    };
    Ok(project
        .message_format(parsed.format)
        .check(parsed.check)
        .run())
}

/// `cargo xtask import`: reads the model, imports it, writes (or with `--check`, compares)
/// the schema file. With errors, nothing is written.
fn import(args: Vec<&str>) -> Result<ExitCode, UsageError> {
    let parsed = ImportArgs::parse(args)?;
    let root = match root() {
        Ok(root) => root,
        Err(status) => return Ok(status),
    };
    let cwd = std::env::current_dir().unwrap_or_default();
    let out = cwd.join(&parsed.out);
    let mut import = Import::new(&root, cwd.join(&parsed.model), &out).check(parsed.check);
    if let Some(p) = &parsed.paginators {
        import = import.paginators(cwd.join(p));
    }
    if let Some(service) = &parsed.service {
        import = import.service(service);
    }
    if let Some(name) = &parsed.crate_name {
        import = import.crate_name(name);
    }
    // Schemas in `schema/` get the editor modeline of the format's JSON Schema.
    if restgen_codegen::files::normalize(&out).is_ok_and(|o| {
        o.parent()
            == restgen_codegen::files::normalize(&root.join("schema"))
                .ok()
                .as_deref()
    }) {
        import = import.json_schema(root.join("codegen/restgen-schema.json"));
    }
    Ok(import.run())
}

/// `cargo xtask conformance [--check | --report]`.
fn conformance<'a>(args: impl Iterator<Item = &'a str>) -> ExitCode {
    let (check, report) = match restgen_codegen::cli::switches(args, &["--check", "--report"]) {
        Ok(given) if given.len() < 2 => (given == ["--check"], given == ["--report"]),
        Ok(_) => return usage(),
        Err(e) => {
            eprintln!("error: {e}");
            return usage();
        }
    };
    let root = match root() {
        Ok(root) => root,
        Err(status) => return status,
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
    plan.finish(
        &root,
        MessageFormat::Human,
        check,
        "run `cargo xtask conformance`",
    )
}

/// Runs the conformance test binaries, client and server (every case, skipped ones listed
/// as ignored), and counts their results by direction from libtest's `test NAME ... RESULT`
/// lines; then the malformed-request test, whose groups it reads from the line each prints.
fn conformance_report(root: &Path) -> ExitCode {
    // `cargo test -p restgen-conformance ARGS` in the checkout, its stdout kept.
    let cargo_test = |args: &[&str]| {
        std::process::Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()))
            .current_dir(root)
            .args(["test", "-p", "restgen-conformance"])
            .args(args)
            .stderr(std::process::Stdio::inherit())
            .output()
    };
    let run = cargo_test(&[
        "--no-fail-fast",
        "--test",
        "client",
        "--test",
        "server",
        "--",
        "--test-threads=2",
    ]);
    let run = match run {
        Ok(run) => run,
        Err(e) => {
            eprintln!("error: running cargo test: {e}");
            return ExitCode::FAILURE;
        }
    };
    let stdout = String::from_utf8_lossy(&run.stdout);
    // direction -> (passed, failed, skipped)
    let mut counts: std::collections::BTreeMap<String, (usize, usize, usize)> =
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
        // botocore's cases are `input_*` and `output_*`, the upstream Smithy ones
        // `smithy_request_*` and `smithy_response_*`.
        let (suite, rest) = match name.strip_prefix("smithy_") {
            Some(rest) => ("smithy", rest),
            None => ("botocore", name),
        };
        let kind = match rest.split('_').next() {
            Some("input" | "request") => "request",
            Some("output" | "response") => "response",
            _ => continue,
        };
        let side = if server { "server" } else { "client" };
        let direction = format!("{suite} {side} {kind}");
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
    // The malformed-request cases run as one test, which prints a line per group:
    // `malformed (RestJson): 530 of 530 pass (0 known failures, 0 unexpected failures, ...`.
    let malformed = cargo_test(&["--test", "malformed", "--", "--nocapture"]);
    let malformed_out = match &malformed {
        Ok(run) => String::from_utf8_lossy(&run.stdout).into_owned(),
        Err(e) => {
            eprintln!("error: running cargo test: {e}");
            return ExitCode::FAILURE;
        }
    };
    for line in malformed_out.lines() {
        let Some((group, rest)) = line.split_once(": ") else {
            continue;
        };
        let numbers: Vec<usize> = rest
            .split(|c: char| !c.is_ascii_digit())
            .filter_map(|n| n.parse().ok())
            .collect();
        // passed, total, known failures, unexpected failures, not run.
        if let (true, [passed, total, known, unexpected, not_run]) =
            (rest.contains(" pass ("), numbers.as_slice())
        {
            // The repository's own cases (`own (...)`) beside the upstream suite's.
            let suite = if group.starts_with("own") {
                "fixture"
            } else {
                "smithy"
            };
            counts.insert(
                format!("{suite} server {group}"),
                (*passed, known + unexpected, *not_run),
            );
            // Known failures are listed with their reasons; only others fail the report.
            if *unexpected > 0 || passed + known + not_run != *total {
                failed.push(format!("malformed/{group}"));
            }
        }
    }
    if !matches!(&malformed, Ok(run) if run.status.success()) {
        failed.push("the malformed-request test".to_string());
    }
    println!(
        "{:<44} {:>6} {:>6} {:>7} {:>6}",
        "suite and direction", "passed", "failed", "skipped", "total"
    );
    for (direction, (p, f, s)) in &counts {
        println!("{direction:<44} {p:>6} {f:>6} {s:>7} {:>6}", p + f + s);
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
