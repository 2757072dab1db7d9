//! `cargo xtask codegen [--check] [--message-format human|json]`: regenerate, or verify, the
//! checked-in generated code. Exit status: 0 success, 1 schema errors, stale output or an
//! I/O error, 2 wrong usage.

use std::io::IsTerminal;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [--message-format human|json]";

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
    if args.next() != Some("codegen") {
        return usage();
    }
    let mut check = false;
    let mut format = Format::Human;
    while let Some(arg) = args.next() {
        match arg {
            "--check" => check = true,
            "--message-format" => match args.next() {
                Some("human") => format = Format::Human,
                Some("json") => format = Format::Json,
                _ => return usage(),
            },
            "--message-format=human" => format = Format::Human,
            "--message-format=json" => format = Format::Json,
            _ => return usage(),
        }
    }
    codegen(check, format)
}

fn usage() -> ExitCode {
    eprintln!("{USAGE}");
    ExitCode::from(2)
}

fn codegen(check: bool, format: Format) -> ExitCode {
    let root = xtask::workspace_root();
    let plan = match xtask::jobs(&root).and_then(|jobs| xtask::plan(&root, &jobs)) {
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
                    .filter(|d| d.severity == codegen::diagnostics::Severity::Error)
                    .count();
                let warnings = report.diagnostics.len() - errors;
                eprintln!(
                    "{}",
                    codegen::diagnostics::summary(errors, warnings, &report.file)
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
        eprint!("{}", plan.diff_summary(&root));
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
