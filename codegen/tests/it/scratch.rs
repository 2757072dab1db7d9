//! Scratch workspaces of generated crates, checked with the real toolchain: the crates of a
//! batch are written as the members of one workspace under `target/`, with the repository's
//! `Cargo.lock` (so `--offline` finds every dependency), and checked with one `cargo` run.
//! Every batch of every test shares one target directory, so dependencies build once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

/// One generated crate of a batch.
pub struct Crate {
    /// Its package name (unique in the batch).
    pub package: String,
    /// How failures name it (`case 12 (seed 0x..)`).
    pub label: String,
    /// The schema it was generated from, written beside it as `schema.yaml`.
    pub schema: Vec<u8>,
    /// The generated files, relative to the crate's directory.
    pub files: BTreeMap<String, String>,
}

/// A check of a batch that failed.
pub struct Failure {
    /// `clippy` or `doc`.
    pub step: &'static str,
    /// The indices of the crates cargo names as failing (every crate when it names none).
    pub crates: Vec<usize>,
    /// What cargo printed.
    pub output: String,
}

/// The test binary runs tests in parallel; its cargo runs take turns (they would wait for
/// one another's lock on the target directory anyway, less politely).
static CARGO: Mutex<()> = Mutex::new(());

/// The repository's root.
pub fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().unwrap()
}

/// The target directory every scratch workspace builds into.
pub fn shared_target() -> PathBuf {
    root().join("target/valid-schemas/target")
}

/// The `restgen-runtime` dependency of generated crates: this repository's `runtime/`.
pub fn runtime_dependency() -> String {
    format!(
        "{{ path = {:?} }}",
        root().join("runtime").display().to_string()
    )
}

/// The package name a generated `Cargo.toml` declares.
pub fn package_name(manifest: &str) -> Option<String> {
    let line = manifest.lines().find(|l| l.starts_with("name = "))?;
    let quoted = line.strip_prefix("name = ")?;
    Some(quoted.trim_matches('"').to_string())
}

/// Writes `crates` as the members of a fresh workspace at `dir`, each in `dir/<package>/`.
pub fn write_workspace(dir: &Path, crates: &[Crate]) {
    let _ = std::fs::remove_dir_all(dir);
    std::fs::create_dir_all(dir).unwrap();
    let mut members = String::new();
    for c in crates {
        let crate_dir = dir.join(&c.package);
        for (name, text) in &c.files {
            let path = crate_dir.join(name);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        std::fs::write(crate_dir.join("schema.yaml"), &c.schema).unwrap();
        members.push_str(&format!("    {:?},\n", c.package));
    }
    std::fs::write(
        dir.join("Cargo.toml"),
        format!("[workspace]\nresolver = \"2\"\nmembers = [\n{members}]\n"),
    )
    .unwrap();
    std::fs::copy(root().join("Cargo.lock"), dir.join("Cargo.lock")).unwrap();
}

/// Runs clippy (warnings denied) on every crate of the workspace at `dir`, then, if `doc`,
/// rustdoc (warnings denied) even when clippy failed. `--keep-going`, so one run names
/// every failing crate. The failures of both.
pub fn check(dir: &Path, crates: &[Crate], doc: bool) -> Vec<Failure> {
    let clippy: &[&str] = &[
        "clippy",
        "--offline",
        "--quiet",
        "--all-targets",
        "--keep-going",
        "--",
        "-D",
        "warnings",
    ];
    let mut failures: Vec<Failure> = run(dir, crates, "clippy", clippy, &[])
        .err()
        .into_iter()
        .collect();
    if doc {
        let args: &[&str] = &["doc", "--offline", "--no-deps", "--quiet", "--keep-going"];
        failures.extend(run(dir, crates, "doc", args, &[("RUSTDOCFLAGS", "-D warnings")]).err());
    }
    failures
}

fn run(
    dir: &Path,
    crates: &[Crate],
    step: &'static str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), Failure> {
    let _turn = CARGO.lock().unwrap_or_else(|e| e.into_inner());
    let cargo = option_env!("CARGO").unwrap_or("cargo");
    let output = Command::new(cargo)
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", shared_target())
        // Incremental state is per crate and never reused: every crate is checked once.
        .env("CARGO_INCREMENTAL", "0")
        .env_remove("RUSTFLAGS")
        .env_remove("RUSTDOCFLAGS")
        .envs(env.iter().copied())
        .output()
        .unwrap();
    if output.status.success() {
        return Ok(());
    }
    let output = format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let mut failed: Vec<usize> = crates
        .iter()
        .enumerate()
        .filter(|(_, c)| {
            [
                format!("could not compile `{}`", c.package),
                format!("could not document `{}`", c.package),
            ]
            .iter()
            .any(|needle| output.contains(needle))
        })
        .map(|(i, _)| i)
        .collect();
    if failed.is_empty() {
        failed = (0..crates.len()).collect();
    }
    Err(Failure {
        step,
        crates: failed,
        output,
    })
}

/// Removes what a passed batch left in the shared target directory (its crates' metadata
/// and fingerprints) and the batch itself, so that long runs do not fill the disk.
pub fn forget(dir: &Path, crates: &[Crate]) {
    let _ = std::fs::remove_dir_all(dir);
    let target = shared_target().join("debug");
    for c in crates {
        let lib = c.package.replace('-', "_");
        let prefixes = [format!("lib{lib}-"), format!("{lib}-")];
        if let Ok(entries) = std::fs::read_dir(target.join("deps")) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if prefixes.iter().any(|p| name.starts_with(p.as_str())) {
                    let _ = std::fs::remove_file(e.path());
                }
            }
        }
        if let Ok(entries) = std::fs::read_dir(target.join(".fingerprint")) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().into_owned();
                if name.starts_with(&format!("{}-", c.package)) {
                    let _ = std::fs::remove_dir_all(e.path());
                }
            }
        }
    }
}

/// What a failure prints: for each failing crate its label, where it was kept, its schema,
/// and then cargo's output.
pub fn describe(dir: &Path, crates: &[Crate], failure: &Failure) -> String {
    let mut out = String::new();
    for &i in &failure.crates {
        let c = &crates[i];
        out.push_str(&format!(
            "{}: `cargo {}` fails for {} (kept in {}):\n--- schema ---\n{}\n",
            c.label,
            failure.step,
            c.package,
            dir.join(&c.package).display(),
            String::from_utf8_lossy(&c.schema),
        ));
    }
    out.push_str(&format!(
        "--- cargo {} ---\n{}",
        failure.step, failure.output
    ));
    out
}
