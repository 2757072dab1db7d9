//! `cargo xtask codegen [--check]`: regenerates (or checks) generated/<name>/ from each
//! schema/<name>.yaml with the restgen generator library.

use restgen_codegen::files::{self, Project};
use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let check = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
        ["codegen"] => false,
        ["codegen", "--check"] => true,
        _ => {
            eprintln!("usage: cargo xtask codegen [--check]");
            return ExitCode::from(2);
        }
    };
    let root = match files::workspace_root() {
        Ok(root) => root,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    Project::new(root)
        .schemas_in("schema", "generated")
        .check(check)
        .run()
}
