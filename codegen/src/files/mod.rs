//! The generator on files: what a project's own `cargo xtask codegen` and the `restgen`
//! command do with the pure core ([`crate::generate`], [`crate::import`]).
//!
//! A [`Project`] names its schemas and where their crates go; [`Project::run`] reads the
//! schemas, prints every problem, and then writes only the files that changed and removes
//! the ones no schema produces any more, or with [`Project::check`] only compares. A schema
//! with errors writes nothing at all. [`Import`] does the same for turning an AWS model into
//! a schema. Everything else in this crate is free of file access.
//!
//! A whole `xtask` for a project with `schema/<name>.yaml` files and crates under
//! `generated/<name>/`:
//!
//! ```no_run
//! use restgen_codegen::files::{self, Project};
//! use std::process::ExitCode;
//!
//! fn main() -> ExitCode {
//!     let args: Vec<String> = std::env::args().skip(1).collect();
//!     let check = match args.iter().map(String::as_str).collect::<Vec<_>>()[..] {
//!         ["codegen"] => false,
//!         ["codegen", "--check"] => true,
//!         _ => {
//!             eprintln!("usage: cargo xtask codegen [--check]");
//!             return ExitCode::from(2);
//!         }
//!     };
//!     let root = match files::workspace_root() {
//!         Ok(root) => root,
//!         Err(e) => {
//!             eprintln!("error: {e}");
//!             return ExitCode::FAILURE;
//!         }
//!     };
//!     Project::new(root).schemas_in("schema", "generated").check(check).run()
//! }
//! ```

mod import;
mod paths;
mod plan;
mod project;

pub use import::{Import, Imported};
pub use paths::{declares_workspace, normalize, relative};
pub use plan::{files_under, Plan, Report};
pub use project::Project;

use crate::emit::manifest::toml_string;
use std::io;
use std::path::{Path, PathBuf};

/// How a generated crate's `Cargo.toml` names the runtime crate, `restgen-runtime`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Runtime {
    /// From the registry: `restgen-runtime = "0.1"`. The default, with the version of this
    /// generator ([`Runtime::matching`]).
    Version(String),
    /// From a git repository at a revision: `{ git = "URL", rev = "REV" }`.
    Git { url: String, rev: String },
    /// From a directory holding the runtime crate: `{ path = "../../runtime" }`, written
    /// relative to the generated crate (never absolute, so the project can move).
    Path(PathBuf),
}

impl Runtime {
    /// The runtime release this generator writes code for: its own `major.minor` (`"0.1"`).
    pub fn matching() -> Runtime {
        let version = env!("CARGO_PKG_VERSION");
        let mut parts = version.split('.');
        let (major, minor) = (parts.next().unwrap_or("0"), parts.next().unwrap_or("0"));
        Runtime::Version(format!("{major}.{minor}"))
    }

    /// The TOML value of the dependency in the manifest of a crate generated into
    /// `out_dir` (absolute and normalised, as [`normalize`] makes it).
    pub fn dependency(&self, out_dir: &Path) -> io::Result<String> {
        Ok(match self {
            Runtime::Version(requirement) => toml_string(requirement),
            Runtime::Git { url, rev } => {
                format!(
                    "{{ git = {}, rev = {} }}",
                    toml_string(url),
                    toml_string(rev)
                )
            }
            Runtime::Path(dir) => {
                let dir = normalize(dir)?;
                let rel = relative(out_dir, &dir).ok_or_else(|| {
                    io::Error::other(format!(
                        "the runtime at {} cannot be reached by a relative path from {}",
                        dir.display(),
                        out_dir.display()
                    ))
                })?;
                format!("{{ path = {} }}", toml_string(&rel))
            }
        })
    }
}

impl Default for Runtime {
    fn default() -> Self {
        Runtime::matching()
    }
}

/// One schema and the directory of the crate generated from it. The directory is owned by
/// the generator: files in it that the schema no longer produces are removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    pub schema: PathBuf,
    pub out_dir: PathBuf,
    /// The package name, unless the schema sets `service.crate`.
    pub crate_name: String,
}

impl Job {
    /// `schema` into `out_dir`, as the package named after the schema's file name
    /// (`book_shelf.yaml` is `book-shelf`).
    pub fn new(schema: impl Into<PathBuf>, out_dir: impl Into<PathBuf>) -> Job {
        let schema = schema.into();
        let stem = schema
            .file_stem()
            .map(|s| s.to_string_lossy().replace('_', "-"))
            .unwrap_or_else(|| "service".to_string());
        Job {
            schema,
            out_dir: out_dir.into(),
            crate_name: stem,
        }
    }

    /// The same job under another package name.
    pub fn with_crate_name(mut self, name: impl Into<String>) -> Job {
        self.crate_name = name.into();
        self
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MessageFormat {
    /// Rendered with source lines, to stderr; coloured on a terminal unless `NO_COLOR` is set.
    #[default]
    Human,
    /// One JSON object per diagnostic on stdout (for editors and CI); summaries to stderr.
    Json,
}

/// The root of the Cargo workspace around the current directory: the nearest directory
/// whose `Cargo.toml` has a `[workspace]` table, or else the outermost with a `Cargo.toml`.
/// Found at run time, not baked in at compile time, so that two checkouts sharing a target
/// directory each regenerate their own files.
pub fn workspace_root() -> io::Result<PathBuf> {
    let cwd = normalize(Path::new("."))?;
    paths::cargo_root(&cwd).ok_or_else(|| {
        io::Error::other(format!(
            "{} is not inside a Cargo project (no Cargo.toml here or above)",
            cwd.display()
        ))
    })
}

/// The root that a crate generated into `out_dir` from `schema` (both normalised) is
/// named from: the Cargo project around `out_dir` ([`workspace_root`]'s rule) when the
/// schema is inside it, or else the deepest directory holding both.
pub fn project_root(out_dir: &Path, schema: &Path) -> PathBuf {
    match paths::cargo_root(out_dir) {
        Some(root) if schema.starts_with(&root) => root,
        _ => paths::common_ancestor(schema, out_dir),
    }
}

/// Whether stderr shows colours: a terminal, and `NO_COLOR` unset.
fn color() -> bool {
    use std::io::IsTerminal;
    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_runtime_mode_is_one_dependency_line() {
        let out = normalize(Path::new("generated/x")).unwrap();
        let beside = out.parent().unwrap().parent().unwrap().join("runtime");
        assert_eq!(
            Runtime::Version("0.1".into()).dependency(&out).unwrap(),
            "\"0.1\""
        );
        assert_eq!(
            Runtime::Git {
                url: "https://example.com/restgen.git".into(),
                rev: "abc123".into()
            }
            .dependency(&out)
            .unwrap(),
            "{ git = \"https://example.com/restgen.git\", rev = \"abc123\" }"
        );
        assert_eq!(
            Runtime::Path(beside).dependency(&out).unwrap(),
            "{ path = \"../../runtime\" }"
        );
        assert_eq!(Runtime::matching(), Runtime::Version("0.1".into()));
    }
}
