//! A [`Project`]: a project's schemas, where their crates go and how those name the
//! runtime; planned, checked or written in one call.

use super::paths::{self, normalize};
use super::{Job, MessageFormat, Plan, Runtime};
use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// The schemas of a project and the crates generated from them. Relative paths are taken
/// from the project's root; schemas are named in the `@generated` headers by their path
/// from that root, so the output does not depend on where the project lives, on the
/// current directory, or on how a path was spelt.
#[derive(Debug, Clone)]
pub struct Project {
    root: PathBuf,
    jobs: Vec<Job>,
    /// `(schema directory, output directory, package prefix)`: every `<name>.yaml` of the
    /// first becomes the crate `<name>` of the second (package `<prefix><name>`), and the
    /// second holds nothing else.
    listed: Vec<(PathBuf, PathBuf, String)>,
    owned: Vec<PathBuf>,
    runtime: Runtime,
    command: String,
    format: MessageFormat,
    check: bool,
}

impl Project {
    /// A project rooted at `root` (usually [`super::workspace_root`]), with no schemas yet,
    /// the runtime from the registry ([`Runtime::matching`]), and `cargo xtask codegen` as
    /// the command a stale check tells the user to run.
    pub fn new(root: impl Into<PathBuf>) -> Project {
        Project {
            root: root.into(),
            jobs: Vec::new(),
            listed: Vec::new(),
            owned: Vec::new(),
            runtime: Runtime::default(),
            command: "cargo xtask codegen".to_string(),
            format: MessageFormat::Human,
            check: false,
        }
    }

    /// Every `<name>.yaml` in `schema_dir` becomes the crate `out_dir/<name>/` (package
    /// `<name>` with `_` as `-`, unless the schema sets `service.crate`). `out_dir` belongs
    /// to the generator: a directory in it that no schema produces (its schema was removed)
    /// is removed.
    pub fn schemas_in(self, schema_dir: impl AsRef<Path>, out_dir: impl AsRef<Path>) -> Self {
        self.schemas_in_prefixed(schema_dir, out_dir, "")
    }

    /// As [`Project::schemas_in`], each package name starting with `prefix`
    /// (`fixture-` makes `weather.yaml` the package `fixture-weather`).
    pub fn schemas_in_prefixed(
        mut self,
        schema_dir: impl AsRef<Path>,
        out_dir: impl AsRef<Path>,
        prefix: &str,
    ) -> Self {
        let (schemas, out) = (self.root.join(schema_dir), self.root.join(out_dir));
        self.owned.push(out.clone());
        self.listed.push((schemas, out, prefix.to_string()));
        self
    }

    /// One schema into one crate directory, the package named after the schema's file.
    pub fn schema(self, schema: impl AsRef<Path>, out_dir: impl AsRef<Path>) -> Self {
        let job = Job::new(schema.as_ref(), out_dir.as_ref());
        self.job(job)
    }

    /// One job (a schema, its crate directory and package name).
    pub fn job(mut self, mut job: Job) -> Self {
        job.schema = self.root.join(&job.schema);
        job.out_dir = self.root.join(&job.out_dir);
        self.jobs.push(job);
        self
    }

    /// A directory every subdirectory of which is a generated crate: one that no job writes
    /// to is removed.
    pub fn owned(mut self, dir: impl AsRef<Path>) -> Self {
        self.owned.push(self.root.join(dir));
        self
    }

    /// How the generated crates name the runtime; a relative [`Runtime::Path`] is taken
    /// from the root.
    pub fn runtime(mut self, runtime: Runtime) -> Self {
        self.runtime = runtime;
        self
    }

    /// The command that regenerates the project, as a stale `--check` names it (default
    /// `cargo xtask codegen`).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// How [`Project::run`] prints diagnostics.
    pub fn message_format(mut self, format: MessageFormat) -> Self {
        self.format = format;
        self
    }

    /// With `true`, [`Project::run`] only compares the generated files with the disk and
    /// fails if any is stale, missing or extra.
    pub fn check(mut self, check: bool) -> Self {
        self.check = check;
        self
    }

    /// The project's root, normalised.
    pub fn root(&self) -> io::Result<PathBuf> {
        normalize(&self.root)
    }

    /// Every job: those named one by one, then those of each schema directory in file name
    /// order. Paths are absolute and normalised.
    pub fn jobs(&self) -> io::Result<Vec<Job>> {
        let mut jobs = Vec::new();
        for job in &self.jobs {
            jobs.push(Job {
                schema: normalize(&job.schema)?,
                out_dir: normalize(&job.out_dir)?,
                crate_name: job.crate_name.clone(),
            });
        }
        for (schemas, out, prefix) in &self.listed {
            let mut files: Vec<PathBuf> = fs::read_dir(schemas)
                .map_err(|e| {
                    let dir = schemas.display();
                    io::Error::new(e.kind(), format!("listing the schemas in {dir}: {e}"))
                })?
                .map(|e| e.map(|e| e.path()))
                .collect::<io::Result<_>>()?;
            files.retain(|p| p.extension().is_some_and(|e| e == "yaml"));
            files.sort();
            for schema in files {
                let stem = schema.file_stem().unwrap_or_default().to_os_string();
                let job = Job::new(normalize(&schema)?, normalize(&out.join(stem))?);
                let name = format!("{prefix}{}", job.crate_name);
                jobs.push(job.with_crate_name(name));
            }
        }
        Ok(jobs)
    }

    /// Generates everything in memory and compares it with the disk. Nothing is written.
    pub fn plan(&self) -> io::Result<Plan> {
        let root = self.root()?;
        let jobs = self.jobs()?;
        // A runtime directory is taken from the root, as the schemas are.
        let runtime = match &self.runtime {
            Runtime::Path(dir) => Runtime::Path(self.root.join(dir)),
            other => other.clone(),
        };
        let mut plan = Plan::default();
        for job in &jobs {
            let shown = schema_name(&root, job);
            let bytes = fs::read(&job.schema)
                .map_err(|e| io::Error::new(e.kind(), format!("{shown}: {e}")))?;
            let runtime_dependency = runtime.dependency(&job.out_dir)?;
            let settings = crate::Settings {
                crate_name: &job.crate_name,
                runtime_dependency: &runtime_dependency,
                ..crate::Settings::default()
            };
            let source = crate::Source {
                name: &shown,
                bytes: &bytes,
            };
            let (files, diagnostics) = match crate::generate(source, &settings) {
                Ok(generated) => (generated.files, generated.warnings),
                Err(diagnostics) => (BTreeMap::new(), diagnostics),
            };
            if !plan.report(&shown, &bytes, diagnostics) {
                plan.own_dir(&job.out_dir, files)?;
            }
        }
        // Generated crates whose schema is gone.
        for dir in &self.owned {
            let dir = normalize(dir)?;
            if !dir.is_dir() {
                continue;
            }
            for entry in fs::read_dir(&dir)? {
                let path = entry?.path();
                if path.is_dir() && !jobs.iter().any(|j| j.out_dir == path) {
                    plan.removals.push(path);
                }
            }
        }
        plan.removals.sort();
        Ok(plan)
    }

    /// Plans, prints every diagnostic, then writes (or with [`Project::check`], compares)
    /// and says what it did. Nothing is written when any schema has an error. The exit
    /// status is success, or failure on errors, stale output (when checking) and I/O errors.
    pub fn run(&self) -> ExitCode {
        let plan = match self.plan() {
            Ok(plan) => plan,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let root = self.root().unwrap_or_else(|_| self.root.clone());
        let regenerate = format!("run `{}`", self.command);
        plan.finish(&root, self.format, self.check, &regenerate)
    }
}

/// How a job's schema is named in headers and messages: its path from the project root,
/// or, outside the root, from the directory holding both the schema and the crate.
fn schema_name(root: &Path, job: &Job) -> String {
    if job.schema.starts_with(root) {
        return paths::shown(root, &job.schema);
    }
    let base = paths::common_ancestor(&job.schema, &job.out_dir);
    paths::shown(&base, &job.schema)
}
