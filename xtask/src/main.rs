//! `cargo xtask codegen [--check]`: regenerate, or verify, the checked-in generated code.

use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => codegen(false),
        ["codegen", "--check"] => codegen(true),
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn codegen(check: bool) -> ExitCode {
    let root = xtask::workspace_root();
    let plan = match xtask::jobs(&root).and_then(|jobs| xtask::plan(&root, &jobs)) {
        Ok(plan) => plan,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for d in &plan.diagnostics {
        eprintln!("{d}");
    }
    if plan.errors > 0 {
        eprintln!(
            "{} error(s), {} warning(s); nothing was written",
            plan.errors, plan.warnings
        );
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
