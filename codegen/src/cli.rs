//! The `restgen` command line (`restgen generate`, `restgen check`, `restgen import`), and
//! the flag parsers it shares with a project's own `cargo xtask`.
//!
//! Every path is taken from the current directory, so the command works from anywhere; what
//! it writes does not depend on where it runs (see [`crate::files`]).

use crate::files::{self, Import, Job, MessageFormat, Project, Runtime};
use std::path::PathBuf;
use std::process::ExitCode;

/// The help text of `restgen`.
pub const USAGE: &str = "\
restgen: generate Rust crates for REST APIs from YAML schemas

usage: restgen generate [--schema FILE --out DIR [--crate NAME]] [RUNTIME] [--message-format human|json]
       restgen check    [--schema FILE --out DIR [--crate NAME]] [RUNTIME] [--message-format human|json]
       restgen import   --model FILE [--paginators FILE] [--service ID] [--crate NAME] --out FILE.yaml [--check]

generate  writes the crate of each schema: only the files that changed, removing the ones
          the schema no longer produces; nothing at all when a schema has errors
check     writes nothing, and fails if a generated file is stale, missing or extra
import    turns an AWS model (botocore's service-2.json) or a Smithy model into a schema
          file: the JSON AST of `smithy ast` (told by its top-level `smithy` key), or the
          IDL (a .smithy file, or a directory: every .smithy file under it); --service
          names the Smithy service when the model has several

Without --schema and --out, every schema/<name>.yaml under the current directory becomes
the crate generated/<name>/ (package <name>, `_` as `-`, unless the schema sets
service.crate), and a crate under generated/ whose schema is gone is removed.

RUNTIME says how the generated Cargo.toml names the runtime crate:
  --runtime-version REQ           restgen-runtime = \"REQ\" from the registry (default: the
                                  generator's own version, \"0.1\")
  --runtime-path DIR              restgen-runtime = { path = \"...\" }, DIR written relative
                                  to the generated crate
  --runtime-git URL --runtime-rev REV
                                  restgen-runtime = { git = \"URL\", rev = \"REV\" }

Exit status: 0 success; 1 schema errors, stale output or an I/O error; 2 wrong usage.";

/// A command line that does not parse: what was wrong, for one line before the usage.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UsageError(pub String);

impl std::fmt::Display for UsageError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// The flags of `generate` and `check` (and of a `cargo xtask codegen` that takes the same).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CodegenArgs {
    pub check: bool,
    pub format: MessageFormat,
    pub schema: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub crate_name: Option<String>,
    /// `None` unless a `--runtime-*` flag was given.
    pub runtime: Option<Runtime>,
}

/// The flags of `import`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportArgs {
    pub check: bool,
    pub model: PathBuf,
    pub paginators: Option<PathBuf>,
    /// The service's shape id, for a Smithy AST.
    pub service: Option<String>,
    pub crate_name: Option<String>,
    pub out: PathBuf,
}

/// Flags one by one: `--flag value`, `--flag=value`, or a bare `--switch`.
struct Flags<'a, I: Iterator<Item = &'a str>> {
    args: I,
}

impl<'a, I: Iterator<Item = &'a str>> Flags<'a, I> {
    /// The next flag and, for a flag that takes one, its value.
    fn next(
        &mut self,
        takes_value: impl Fn(&str) -> bool,
    ) -> Option<Result<(&'a str, Option<&'a str>), UsageError>> {
        let arg = self.args.next()?;
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => (flag, Some(value)),
            _ => (arg, None),
        };
        if !flag.starts_with("--") {
            return Some(Err(UsageError(format!("unexpected argument `{arg}`"))));
        }
        if !takes_value(flag) {
            return Some(match inline {
                Some(_) => Err(UsageError(format!("`{flag}` takes no value"))),
                None => Ok((flag, None)),
            });
        }
        Some(match inline.or_else(|| self.args.next()) {
            Some(value) => Ok((flag, Some(value))),
            None => Err(UsageError(format!("`{flag}` needs a value"))),
        })
    }
}

/// Whether `flag` is one of those that take a value.
fn valued(flag: &str) -> bool {
    flag != "--check"
}

impl CodegenArgs {
    /// Parses the flags after the subcommand.
    pub fn parse<'a>(args: impl IntoIterator<Item = &'a str>) -> Result<Self, UsageError> {
        let mut out = CodegenArgs::default();
        let mut flags = Flags {
            args: args.into_iter(),
        };
        let (mut git, mut rev, mut runtimes) = (None, None, 0);
        while let Some(flag) = flags.next(valued) {
            let (flag, value) = flag?;
            let value = value.unwrap_or_default();
            match flag {
                "--check" => out.check = true,
                "--message-format" => {
                    out.format = match value {
                        "human" => MessageFormat::Human,
                        "json" => MessageFormat::Json,
                        _ => {
                            return Err(UsageError(format!(
                                "`--message-format` is `human` or `json`, not `{value}`"
                            )))
                        }
                    }
                }
                "--schema" => out.schema = Some(value.into()),
                "--out" => out.out = Some(value.into()),
                "--crate" => out.crate_name = Some(value.to_string()),
                "--runtime-version" => {
                    runtimes += 1;
                    out.runtime = Some(Runtime::Version(value.to_string()));
                }
                "--runtime-path" => {
                    runtimes += 1;
                    out.runtime = Some(Runtime::Path(value.into()));
                }
                "--runtime-git" => {
                    runtimes += 1;
                    git = Some(value.to_string());
                }
                "--runtime-rev" => rev = Some(value.to_string()),
                _ => return Err(UsageError(format!("unknown flag `{flag}`"))),
            }
        }
        if runtimes > 1 {
            return Err(UsageError(
                "give one of --runtime-version, --runtime-path and --runtime-git".into(),
            ));
        }
        match (git, rev) {
            (Some(url), Some(rev)) => out.runtime = Some(Runtime::Git { url, rev }),
            (Some(_), None) => {
                return Err(UsageError(
                    "`--runtime-git` needs `--runtime-rev` (a commit, so that builds repeat)"
                        .into(),
                ))
            }
            (None, Some(_)) => {
                return Err(UsageError(
                    "`--runtime-rev` goes with `--runtime-git`".into(),
                ))
            }
            (None, None) => {}
        }
        match (&out.schema, &out.out) {
            (Some(_), Some(_)) => {}
            (None, None) if out.crate_name.is_none() => {}
            _ => {
                return Err(UsageError(
                    "`--schema` and `--out` go together (and `--crate` with them)".into(),
                ))
            }
        }
        Ok(out)
    }
}

/// Switches only (`--check`, `--report`): which of `allowed` were given, in `allowed`'s
/// order; anything else, or a value, is a usage error. For a task of a project's own
/// xtask that takes no values, parsed as `generate` and `import` are.
pub fn switches<'a>(
    args: impl IntoIterator<Item = &'a str>,
    allowed: &[&'static str],
) -> Result<Vec<&'static str>, UsageError> {
    let mut flags = Flags {
        args: args.into_iter(),
    };
    let mut given = Vec::new();
    while let Some(flag) = flags.next(|_| false) {
        let (flag, _) = flag?;
        match allowed.iter().find(|a| **a == flag) {
            Some(a) => given.push(*a),
            None => return Err(UsageError(format!("unknown flag `{flag}`"))),
        }
    }
    given.sort_by_key(|g| allowed.iter().position(|a| a == g));
    given.dedup();
    Ok(given)
}

impl ImportArgs {
    /// Parses the flags after `import`.
    pub fn parse<'a>(args: impl IntoIterator<Item = &'a str>) -> Result<Self, UsageError> {
        let mut flags = Flags {
            args: args.into_iter(),
        };
        let (mut check, mut model, mut paginators, mut service, mut crate_name, mut out) =
            (false, None, None, None, None, None);
        while let Some(flag) = flags.next(valued) {
            let (flag, value) = flag?;
            let value = value.unwrap_or_default();
            match flag {
                "--check" => check = true,
                "--model" => model = Some(PathBuf::from(value)),
                "--paginators" => paginators = Some(PathBuf::from(value)),
                "--service" => service = Some(value.to_string()),
                "--crate" => crate_name = Some(value.to_string()),
                "--out" => out = Some(PathBuf::from(value)),
                _ => return Err(UsageError(format!("unknown flag `{flag}`"))),
            }
        }
        let (Some(model), Some(out)) = (model, out) else {
            return Err(UsageError("`import` needs `--model` and `--out`".into()));
        };
        Ok(ImportArgs {
            check,
            model,
            paginators,
            service,
            crate_name,
            out,
        })
    }
}

/// Runs `restgen` with `args` (without the program name) and returns its exit status.
pub fn main<S: AsRef<str>>(args: &[S]) -> ExitCode {
    let args: Vec<&str> = args.iter().map(AsRef::as_ref).collect();
    let result = match args.split_first() {
        Some((&"generate", rest)) => generate(rest, false),
        Some((&"check", rest)) => generate(rest, true),
        Some((&"import", rest)) => import(rest),
        Some((&("help" | "--help" | "-h"), _)) => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        Some((&("--version" | "-V"), _)) => {
            println!("restgen {}", env!("CARGO_PKG_VERSION"));
            return ExitCode::SUCCESS;
        }
        Some((other, _)) => Err(UsageError(format!("unknown command `{other}`"))),
        None => Err(UsageError("no command given".into())),
    };
    result.unwrap_or_else(|e| {
        eprintln!("error: {e}\n\n{USAGE}");
        ExitCode::from(2)
    })
}

/// `restgen generate` and `restgen check`.
fn generate(rest: &[&str], check: bool) -> Result<ExitCode, UsageError> {
    let args = CodegenArgs::parse(rest.iter().copied())?;
    let check = check || args.check;
    // A runtime directory is taken from the current directory, as every path here is.
    let runtime = match args.runtime.clone().unwrap_or_default() {
        Runtime::Path(dir) => match files::normalize(&dir) {
            Ok(dir) => Runtime::Path(dir),
            Err(e) => {
                eprintln!("error: {e}");
                return Ok(ExitCode::FAILURE);
            }
        },
        other => other,
    };
    let project = match (&args.schema, &args.out) {
        (Some(schema), Some(out)) => {
            let (schema, out) = match (files::normalize(schema), files::normalize(out)) {
                (Ok(schema), Ok(out)) => (schema, out),
                (Err(e), _) | (_, Err(e)) => {
                    eprintln!("error: {e}");
                    return Ok(ExitCode::FAILURE);
                }
            };
            // Named from the Cargo project around the crate, wherever the command runs.
            let root = files::project_root(&out, &schema);
            let mut job = Job::new(schema, out);
            if let Some(name) = &args.crate_name {
                job = job.with_crate_name(name);
            }
            Project::new(root).job(job)
        }
        _ => Project::new(".").schemas_in("schema", "generated"),
    };
    // `check` and `generate` take the same flags: the command that regenerates is this one
    // with `generate` and without `--check`.
    let flags: Vec<&str> = rest.iter().copied().filter(|a| *a != "--check").collect();
    let exact = shell_words(&[&["restgen", "generate"][..], &flags].concat());
    Ok(project
        .runtime(runtime)
        .command(exact)
        .message_format(args.format)
        .check(check)
        .run())
}

/// `restgen import`.
fn import(rest: &[&str]) -> Result<ExitCode, UsageError> {
    let args = ImportArgs::parse(rest.iter().copied())?;
    let mut import = Import::new(".", &args.model, &args.out)
        .command("restgen import")
        .check(args.check);
    if let Some(p) = &args.paginators {
        import = import.paginators(p);
    }
    if let Some(service) = &args.service {
        import = import.service(service);
    }
    if let Some(name) = &args.crate_name {
        import = import.crate_name(name);
    }
    Ok(import.run())
}

/// `args` as one command line a POSIX shell reads back as the same words.
pub fn shell_words(args: &[&str]) -> String {
    let plain = |a: &str| {
        !a.is_empty()
            && a.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-_./=:@+,%".contains(&b))
    };
    args.iter()
        .map(|a| {
            if plain(a) {
                a.to_string()
            } else {
                format!("'{}'", a.replace('\'', "'\\''"))
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codegen_flags_parse_in_both_spellings() {
        let args = CodegenArgs::parse([
            "--schema=s.yaml",
            "--out",
            "o",
            "--crate",
            "c",
            "--check",
            "--runtime-git",
            "https://example.com/r.git",
            "--runtime-rev=abc",
        ])
        .unwrap();
        assert!(args.check);
        assert_eq!(args.schema, Some("s.yaml".into()));
        assert_eq!(args.out, Some("o".into()));
        assert_eq!(args.crate_name.as_deref(), Some("c"));
        assert_eq!(
            args.runtime,
            Some(Runtime::Git {
                url: "https://example.com/r.git".into(),
                rev: "abc".into()
            })
        );
        assert_eq!(CodegenArgs::parse([]).unwrap(), CodegenArgs::default());
    }

    #[test]
    fn bad_codegen_flags_say_what_is_wrong() {
        let err = |args: &[&str]| CodegenArgs::parse(args.iter().copied()).unwrap_err().0;
        assert!(err(&["--schema", "s.yaml"]).contains("go together"));
        assert!(err(&["--runtime-git", "u"]).contains("needs `--runtime-rev`"));
        assert!(err(&["--runtime-version", "1", "--runtime-path", "p"]).contains("one of"));
        assert!(err(&["--check=yes"]).contains("takes no value"));
        assert!(err(&["--out"]).contains("needs a value"));
        assert!(err(&["--message-format", "xml"]).contains("`human` or `json`"));
        assert!(err(&["stray"]).contains("unexpected argument"));
    }

    #[test]
    fn switches_take_no_values_and_nothing_else() {
        let allowed = &["--check", "--report"];
        assert_eq!(switches(["--report", "--check"], allowed).unwrap(), allowed);
        assert_eq!(switches([], allowed).unwrap(), Vec::<&str>::new());
        assert!(switches(["--check=1"], allowed).is_err());
        assert!(switches(["--chek"], allowed).is_err());
    }

    #[test]
    fn import_flags_need_a_model_and_an_out() {
        let args = ImportArgs::parse(["--model", "m.json", "--out=o.yaml", "--check"]).unwrap();
        assert_eq!(
            (args.model, args.out, args.check),
            ("m.json".into(), "o.yaml".into(), true)
        );
        assert!(ImportArgs::parse(["--model", "m.json"]).is_err());
    }

    #[test]
    fn command_lines_are_quoted_for_the_shell() {
        assert_eq!(
            shell_words(&["restgen", "generate", "--schema", "my api.yaml", "it's"]),
            "restgen generate --schema 'my api.yaml' 'it'\\''s'"
        );
    }
}
