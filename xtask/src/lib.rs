//! The project's tasks: `codegen` regenerates the checked-in code from the schemas, and
//! `codegen --check` verifies it is up to date; `conformance` does the same for the
//! conformance harness (see [`conformance`]). `main.rs` is the command line; the work is
//! here so that a `#[test]` can run the same check.

pub mod conformance;
pub mod malformed_cases;

use restgen_codegen::files::{self as codegen_files, Project, Runtime};
use std::fs;
use std::path::{Path, PathBuf};

/// The root of the checkout `cargo xtask` runs in, found from the current directory as cargo
/// finds a workspace. Not from this crate's path baked in at compile time: two checkouts
/// sharing a target directory would then regenerate whichever built the binary last.
pub fn workspace_root() -> Result<PathBuf, String> {
    let cwd =
        std::env::current_dir().map_err(|e| format!("cannot read the current directory: {e}"))?;
    find_workspace_root(&cwd).ok_or_else(|| {
        format!(
            "{} is not inside a restgen checkout (no parent has a Cargo.toml with [workspace], \
             xtask/ and schema/): run `cargo xtask` inside the checkout",
            cwd.display()
        )
    })
}

/// The nearest directory at or above `start` that is a restgen workspace: its `Cargo.toml`
/// has a `[workspace]` table, and it has `xtask/` and `schema/` (so that another workspace
/// nested around or inside the checkout is never taken for it).
pub fn find_workspace_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| {
            dir.join("xtask").is_dir()
                && dir.join("schema").is_dir()
                && fs::read_to_string(dir.join("Cargo.toml"))
                    .is_ok_and(|t| codegen_files::declares_workspace(&t))
        })
        .map(Path::to_path_buf)
}

/// The workspace's project: each `schema/<name>.yaml` becomes the crate `generated/<name>/`
/// (package `<name>` with `_` as `-`, unless the schema sets `service.crate`); each fixture
/// `codegen/tests/fixtures/<name>.yaml` becomes `codegen/tests/expected/<name>/` (package
/// `fixture-<name>`), the one reviewed and compiled copy of its output. Both output
/// directories hold only generated crates. The crates name this checkout's `runtime/` by a
/// relative path.
pub fn workspace_project(root: &Path) -> Project {
    project(root)
        .schemas_in("schema", "generated")
        .schemas_in_prefixed(
            "codegen/tests/fixtures",
            "codegen/tests/expected",
            "fixture-",
        )
}

/// A project in the workspace with no schemas yet, its crates naming `runtime/` by path.
pub fn project(root: &Path) -> Project {
    Project::new(root).runtime(Runtime::Path(root.join("runtime")))
}
