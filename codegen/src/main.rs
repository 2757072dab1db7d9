//! `restgen`: the generator as a command, for projects without an xtask of their own
//! (`cargo install --path codegen`); see [`restgen_codegen::cli`].

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Result<Vec<String>, _> = std::env::args_os()
        .skip(1)
        .map(|a| a.into_string())
        .collect();
    match args {
        Ok(args) => restgen_codegen::cli::main(&args),
        Err(arg) => {
            eprintln!("error: the argument {arg:?} is not valid UTF-8");
            ExitCode::from(2)
        }
    }
}
