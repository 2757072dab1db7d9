//! The project's tasks: `codegen` regenerates the checked-in code from the schemas, and
//! `codegen --check` verifies it is up to date; `conformance` does the same for the
//! conformance harness (see [`conformance`]). `main.rs` is the command line; the work is
//! here so that a `#[test]` can run the same check.

pub mod conformance;

use restgen_codegen::diagnostics::{Diagnostic, Severity};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// One schema and the crate directory its generated files go to. The directory is owned
/// by the generator: files in it that the schema no longer produces are removed.
#[derive(Debug, Clone)]
pub struct Job {
    pub schema: PathBuf,
    pub out_dir: PathBuf,
    /// The package name, unless the schema sets `service.crate`.
    pub crate_name: String,
    /// The TOML value of the generated crate's `restgen-runtime` dependency.
    pub runtime_dependency: String,
}

impl Job {
    /// A job for `schema` into `out_dir`, with the runtime of the workspace at `root` as a
    /// path dependency (relative when `out_dir` is inside the workspace).
    pub fn new(root: &Path, schema: PathBuf, out_dir: PathBuf, crate_name: String) -> Job {
        let runtime_dependency = format!("{{ path = {:?} }}", runtime_path_from(root, &out_dir));
        Job {
            schema,
            out_dir,
            crate_name,
            runtime_dependency,
        }
    }
}

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
                && fs::read_to_string(dir.join("Cargo.toml")).is_ok_and(|t| has_workspace_table(&t))
        })
        .map(Path::to_path_buf)
}

/// Whether a manifest declares a workspace: a `[workspace]` table, or a `[workspace.*]`
/// one (which implies it). A line-based check; the manifest is ours and plain.
fn has_workspace_table(manifest: &str) -> bool {
    manifest.lines().any(|line| {
        let header = line.split('#').next().unwrap_or("").trim();
        header == "[workspace]" || header.starts_with("[workspace.")
    })
}

/// The directories whose every subdirectory is a generated crate: services under
/// `generated/`, and the expected output of the codegen fixtures.
pub const OWNED_DIRS: [&str; 2] = ["generated", "codegen/tests/expected"];

/// Every schema in the workspace, found by listing directories (adding a service is adding
/// a file): each `schema/<name>.yaml` becomes the crate `generated/<name>/` (package
/// `<name>` with `_` as `-`, unless the schema sets `service.crate`); each fixture
/// `codegen/tests/fixtures/<name>.yaml` becomes `codegen/tests/expected/<name>/` (package
/// `fixture-<name>`), the one reviewed and compiled copy of its output.
pub fn jobs(root: &Path) -> io::Result<Vec<Job>> {
    let mut jobs = Vec::new();
    for (schemas, out, prefix) in [
        ("schema", OWNED_DIRS[0], ""),
        ("codegen/tests/fixtures", OWNED_DIRS[1], "fixture-"),
    ] {
        for schema in yaml_files(&root.join(schemas))? {
            let stem = schema
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let crate_name = format!("{prefix}{}", stem.replace('_', "-"));
            let out_dir = root.join(out).join(&stem);
            jobs.push(Job::new(root, schema, out_dir, crate_name));
        }
    }
    Ok(jobs)
}

/// The runtime crate's directory as seen from `out_dir`: relative (`../../runtime`) when
/// both are in the workspace, absolute otherwise.
fn runtime_path_from(root: &Path, out_dir: &Path) -> String {
    let runtime = root.join("runtime");
    match out_dir.strip_prefix(root) {
        Ok(rel)
            if rel
                .components()
                .all(|c| matches!(c, std::path::Component::Normal(_))) =>
        {
            let ups = "../".repeat(rel.components().count());
            format!("{ups}runtime")
        }
        _ => std::path::absolute(&runtime)
            .unwrap_or(runtime)
            .to_string_lossy()
            .replace('\\', "/"),
    }
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
    /// The diagnostics of each schema that has any, in job order.
    pub reports: Vec<Report>,
    pub errors: usize,
    pub warnings: usize,
}

/// The diagnostics of one schema, with what is needed to show them.
#[derive(Debug, Clone)]
pub struct Report {
    /// The schema as shown to the user (`schema/integration_response.yaml`).
    pub file: String,
    /// The schema's text (lossy if it is not UTF-8), for the source lines under each message.
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Every diagnostic rendered rustc-style (ANSI colours when `color`), then the summary
    /// line (`2 errors, 1 warning in schema/x.yaml`).
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(out, "{}\n", d.render(&self.file, &self.source, color));
        }
        let count = |s: Severity| self.diagnostics.iter().filter(|d| d.severity == s).count();
        out.push_str(&restgen_codegen::diagnostics::summary(
            count(Severity::Error),
            count(Severity::Warning),
            &self.file,
        ));
        out
    }

    /// One JSON object per diagnostic, one per line (for editors and CI).
    pub fn json_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let severity = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
            };
            let value = serde_json::json!({
                "file": self.file,
                "line": d.position.map(|p| p.line),
                "column": d.position.map(|p| p.column),
                "severity": severity,
                "path": d.path,
                "message": d.message,
                "help": d.help,
            });
            let _ = writeln!(out, "{value}");
        }
        out
    }
}

impl Plan {
    /// Every report rendered for a person, for `cargo test` messages.
    pub fn rendered(&self) -> String {
        let texts: Vec<String> = self.reports.iter().map(|r| r.render(false)).collect();
        texts.join("\n")
    }
}

/// Generates everything in memory and compares it with the disk. Nothing is written.
/// `owned` are directories whose subdirectories are all generated crates: one that no job
/// writes to is stale and removed.
pub fn plan(root: &Path, jobs: &[Job], owned: &[PathBuf]) -> io::Result<Plan> {
    let mut plan = Plan::default();
    for job in jobs {
        let display = job
            .schema
            .strip_prefix(root)
            .unwrap_or(&job.schema)
            .to_string_lossy()
            .replace('\\', "/");
        let bytes = fs::read(&job.schema)?;
        let settings = restgen_codegen::Settings {
            crate_name: &job.crate_name,
            runtime_dependency: &job.runtime_dependency,
            ..restgen_codegen::Settings::default()
        };
        let source = restgen_codegen::Source {
            name: &display,
            bytes: &bytes,
        };
        let (files, diags) = match restgen_codegen::generate(source, &settings) {
            Ok(g) => (g.files, g.warnings),
            Err(d) => (BTreeMap::new(), d),
        };
        for d in &diags {
            match d.severity {
                Severity::Error => plan.errors += 1,
                Severity::Warning => plan.warnings += 1,
            }
        }
        let failed = diags.iter().any(|d| d.severity == Severity::Error);
        if !diags.is_empty() {
            plan.reports.push(Report {
                file: display.clone(),
                source: String::from_utf8_lossy(&bytes).into_owned(),
                diagnostics: diags,
            });
        }
        if failed {
            continue;
        }
        let produced: BTreeSet<PathBuf> = files.keys().map(|name| job.out_dir.join(name)).collect();
        for (name, text) in files {
            let path = job.out_dir.join(name);
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                plan.writes.insert(path, text);
            }
        }
        for path in files_under(&job.out_dir)? {
            if !produced.contains(&path) {
                plan.removals.push(path);
            }
        }
    }
    // Generated crates whose schema is gone.
    for dir in owned {
        if !dir.is_dir() {
            continue;
        }
        for entry in fs::read_dir(dir)? {
            let path = entry?.path();
            if !jobs.iter().any(|j| j.out_dir == path) {
                plan.removals.push(path);
            }
        }
    }
    plan.removals.sort();
    Ok(plan)
}

/// Every file under `dir`, recursively; none if it does not exist.
pub(crate) fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}

/// The owned directories of the workspace at `root` (see [`OWNED_DIRS`]).
pub fn owned_dirs(root: &Path) -> Vec<PathBuf> {
    OWNED_DIRS.iter().map(|d| root.join(d)).collect()
}

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

    /// Writes and removes files, all or nothing as far as the file system allows: every
    /// new file is first staged in a temporary sibling; only when all are staged are they
    /// renamed into place (a rename within a directory is atomic), and only then are stale
    /// files removed. If staging fails, the staged files and any directory made for them
    /// are removed and nothing under the output directories has changed.
    pub fn apply(&self) -> io::Result<()> {
        let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        let result = self.stage(&mut staged, &mut made_dirs);
        if let Err(e) = result {
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            for dir in made_dirs.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            return Err(e);
        }
        for (tmp, path) in &staged {
            fs::rename(tmp, path)?;
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

    /// Writes every new file to a temporary sibling, recording what it made.
    fn stage<'a>(
        &'a self,
        staged: &mut Vec<(PathBuf, &'a PathBuf)>,
        made_dirs: &mut Vec<PathBuf>,
    ) -> io::Result<()> {
        for (path, text) in &self.writes {
            if let Some(dir) = path.parent() {
                let mut missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
                missing.reverse();
                for d in missing {
                    fs::create_dir(d)?;
                    made_dirs.push(d.to_path_buf());
                }
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let tmp = path.with_file_name(format!(".{name}.codegen-tmp"));
            fs::write(&tmp, text).inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })?;
            staged.push((tmp, path));
        }
        Ok(())
    }
}

/// What `cargo xtask import` makes of an AWS model: the schema text, or nothing when the
/// model has errors, and the diagnostics of each file that has any.
#[derive(Debug)]
pub struct Import {
    /// The schema file's full text (header comments included), unless there were errors.
    pub text: Option<String>,
    /// The diagnostics, one report per file (the model's, then the paginators').
    pub reports: Vec<Report>,
    pub errors: usize,
}

/// `path` as shown to the user: relative to the workspace when inside it, `/`-separated.
fn display_path(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Imports the AWS model `model` (with its paginators) into the text of the schema file
/// `out`. Nothing is written. The text starts with the YAML language server's modeline
/// when `out` is in `schema/`, and with a comment naming the files it was imported from.
pub fn import(
    root: &Path,
    model: &Path,
    paginators: Option<&Path>,
    crate_name: Option<&str>,
    out: &Path,
) -> io::Result<Import> {
    let model_name = display_path(root, model);
    let model_bytes = fs::read(model)?;
    let pages = match paginators {
        Some(p) => Some((display_path(root, p), fs::read(p)?)),
        None => None,
    };
    let model_source = restgen_codegen::Source {
        name: &model_name,
        bytes: &model_bytes,
    };
    let pages_source = pages
        .as_ref()
        .map(|(name, bytes)| restgen_codegen::Source { name, bytes });
    let settings = restgen_codegen::import::ImportSettings {
        crate_name,
        ..Default::default()
    };
    let (text, diags) = match restgen_codegen::import::import_model(
        &model_source,
        pages_source.as_ref(),
        &settings,
    ) {
        Ok(imported) => (Some(imported.yaml), imported.warnings),
        Err(diags) => (None, diags),
    };
    let mut reports: Vec<Report> = Vec::new();
    let mut errors = 0;
    for d in diags {
        if d.diagnostic.severity == Severity::Error {
            errors += 1;
        }
        if let Some(report) = reports.iter_mut().find(|r| r.file == d.file) {
            report.diagnostics.push(d.diagnostic);
            continue;
        }
        let bytes = if d.file == model_name {
            &model_bytes
        } else {
            pages.as_ref().map_or(&model_bytes, |(_, b)| b)
        };
        reports.push(Report {
            file: d.file,
            source: String::from_utf8_lossy(bytes).into_owned(),
            diagnostics: vec![d.diagnostic],
        });
    }
    let text = text.map(|yaml| {
        let mut header = String::new();
        if out.parent() == Some(root.join("schema").as_path()) {
            header.push_str("# yaml-language-server: $schema=../codegen/restgen-schema.json\n");
        }
        let mut from = format!("`{model_name}`");
        if let Some((name, _)) = &pages {
            let _ = write!(from, " and `{name}`");
        }
        let _ = writeln!(
            header,
            "# Imported from {from} by `cargo xtask import`: do not edit by hand, import again."
        );
        header + &yaml
    });
    Ok(Import {
        text,
        reports,
        errors,
    })
}
