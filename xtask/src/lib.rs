//! The project's tasks: `codegen` regenerates the checked-in code from the schemas, and
//! `codegen --check` verifies it is up to date. `main.rs` is the command line; the work is
//! here so that a `#[test]` can run the same check.

use codegen::diagnostics::{Diagnostic, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One schema and the directory its generated files go to. The directory is owned by the
/// generator: files in it that the schema no longer produces are removed.
#[derive(Debug, Clone)]
pub struct Job {
    pub schema: PathBuf,
    pub out_dir: PathBuf,
}

/// The workspace root (the parent of this crate's directory).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."))
}

/// Every schema in the workspace: the service in `schema/`, and the test fixtures of
/// `codegen/tests/fixtures/`, whose output is compiled by `generated/tests/fixtures.rs`.
pub fn jobs(root: &Path) -> io::Result<Vec<Job>> {
    let mut jobs = vec![Job {
        schema: root.join("schema/integration_response.yaml"),
        out_dir: root.join("generated/src/gen"),
    }];
    for schema in yaml_files(&root.join("codegen/tests/fixtures"))? {
        let stem = schema
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or_default()
            .to_string();
        jobs.push(Job {
            schema,
            out_dir: root.join("generated/tests/fixtures").join(stem),
        });
    }
    Ok(jobs)
}

fn yaml_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<_>>()?;
    files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
    files.sort();
    Ok(files)
}

/// What a run found: files to write, problems to report.
#[derive(Debug, Default)]
pub struct Plan {
    /// Absolute path -> new contents, for every file that differs from what is on disk.
    pub writes: BTreeMap<PathBuf, String>,
    /// Files in generator-owned directories that no schema produces any more.
    pub removals: Vec<PathBuf>,
    /// Rendered diagnostics, one string each, and whether any was an error.
    pub diagnostics: Vec<String>,
    pub errors: usize,
    pub warnings: usize,
}

/// Generates everything in memory and compares it with the disk. Nothing is written.
pub fn plan(root: &Path, jobs: &[Job]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for job in jobs {
        let display = job
            .schema
            .strip_prefix(root)
            .unwrap_or(&job.schema)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = fs::read(&job.schema)?;
        let result = codegen::generate(codegen::Source {
            name: &display,
            bytes: &bytes,
        });
        let (files, diags): (BTreeMap<String, String>, Vec<Diagnostic>) = match result {
            Ok(g) => (g.files, g.warnings),
            Err(d) => (BTreeMap::new(), d),
        };
        for d in &diags {
            match d.severity {
                Severity::Error => plan.errors += 1,
                Severity::Warning => plan.warnings += 1,
            }
            plan.diagnostics.push(d.display(&display).to_string());
        }
        if diags.iter().any(|d| d.severity == Severity::Error) {
            continue;
        }
        for (name, text) in files {
            let path = job.out_dir.join(name);
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                plan.writes.insert(path, text);
            }
        }
        if job.out_dir.is_dir() {
            for entry in fs::read_dir(&job.out_dir)? {
                let path = entry?.path();
                let name = path
                    .file_name()
                    .and_then(|n| n.to_str())
                    .unwrap_or_default();
                if !codegen_files_contains(&job.out_dir, name, &plan, root) {
                    plan.removals.push(path);
                }
            }
        }
    }
    // Fixture output directories whose schema is gone.
    let fixtures_out = root.join("generated/tests/fixtures");
    if fixtures_out.is_dir() {
        for entry in fs::read_dir(&fixtures_out)? {
            let path = entry?.path();
            if path.is_dir() && !jobs.iter().any(|j| j.out_dir == path) {
                plan.removals.push(path);
            }
        }
    }
    plan.removals.sort();
    Ok(plan)
}

/// Whether `name` in `dir` is a file the current run produces (written or unchanged).
fn codegen_files_contains(dir: &Path, name: &str, plan: &Plan, _root: &Path) -> bool {
    let path = dir.join(name);
    plan.writes.contains_key(&path) || GENERATED_NAMES.contains(&name)
}

/// Every file name an emitter can produce in an output directory.
const GENERATED_NAMES: &[&str] = &[
    "mod.rs",
    "types.rs",
    "errors.rs",
    "routes.rs",
    "client.rs",
    "server.rs",
];

impl Plan {
    /// Whether the disk already matches.
    pub fn is_clean(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty()
    }

    /// A short description of what differs, for `--check`.
    pub fn diff_summary(&self, root: &Path) -> String {
        let mut out = String::new();
        for (path, new) in &self.writes {
            let rel = path.strip_prefix(root).unwrap_or(path).display();
            match fs::read_to_string(path) {
                Err(_) => {
                    let _ = writeln!(out, "missing: {rel}");
                }
                Ok(old) => {
                    let _ = writeln!(out, "stale:   {rel}");
                    let (old_lines, new_lines): (Vec<_>, Vec<_>) =
                        (old.lines().collect(), new.lines().collect());
                    let first = old_lines
                        .iter()
                        .zip(&new_lines)
                        .position(|(a, b)| a != b)
                        .unwrap_or(old_lines.len().min(new_lines.len()));
                    let _ = writeln!(out, "  first difference at line {}:", first + 1);
                    if let Some(l) = old_lines.get(first) {
                        let _ = writeln!(out, "  - {l}");
                    }
                    if let Some(l) = new_lines.get(first) {
                        let _ = writeln!(out, "  + {l}");
                    }
                }
            }
        }
        for path in &self.removals {
            let rel = path.strip_prefix(root).unwrap_or(path).display();
            let _ = writeln!(out, "extra:   {rel} (no schema produces it)");
        }
        out
    }

    /// Writes and removes files. Each file is written to a temporary sibling and renamed
    /// into place, so a crash never leaves a half-written file.
    pub fn apply(&self) -> io::Result<()> {
        for (path, text) in &self.writes {
            if let Some(dir) = path.parent() {
                fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("rs.tmp");
            fs::write(&tmp, text)?;
            fs::rename(&tmp, path)?;
        }
        for path in &self.removals {
            if path.is_dir() {
                fs::remove_dir_all(path)?;
            } else {
                fs::remove_file(path)?;
            }
        }
        Ok(())
    }
}
