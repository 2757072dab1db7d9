//! `examples/external/` as a user gets restgen: copied to a directory outside this checkout,
//! its dependencies on `restgen-codegen` and `restgen-runtime` pointed (by `[patch]`) at the
//! two crates as `cargo package` makes them for the registry, updated to the newest
//! compatible versions of everything, then its own `cargo xtask codegen` generates its
//! crate from nothing (the first run the README describes), checks it and regenerates it
//! from a stale copy, the `restgen` command installed from the package agrees with it, and
//! the project builds, tests and runs with warnings denied.
//!
//! Its target directory is kept under this checkout's target directory, so only the first
//! run builds the dependencies.

use crate::support::checkout;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// A cargo command with none of the outer `cargo test`'s settings, as a user's shell has.
fn cargo(dir: &Path, target: &Path) -> Command {
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    for (key, _) in std::env::vars_os() {
        let key = key.to_string_lossy();
        let ours = key.starts_with("CARGO_")
            && !["CARGO_HOME", "CARGO_NET_OFFLINE", "CARGO_HTTP_TIMEOUT"].contains(&&*key)
            && !key.starts_with("CARGO_REGISTRIES_");
        if ours || key.starts_with("RUST") && key != "RUSTUP_HOME" && key != "RUSTUP_TOOLCHAIN" {
            command.env_remove(&*key);
        }
    }
    command
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .env("CARGO_TERM_COLOR", "never")
        // The user's strictest setting: any warning in the runtime, the generated crate or
        // their own code fails the build.
        .env("RUSTFLAGS", "-D warnings")
        // A build from nothing, as CI's: incremental compilation's bookkeeping only costs.
        .env("CARGO_INCREMENTAL", "0");
    command
}

/// Runs `command`, failing the test with its output unless it succeeds; returns stdout.
fn run(what: &str, command: &mut Command) -> String {
    let started = Instant::now();
    let output = command.output().unwrap_or_else(|e| panic!("{what}: {e}"));
    eprintln!("{what}: {:.1} s", started.elapsed().as_secs_f64());
    assert!(
        output.status.success(),
        "{what} failed ({}):\n{}\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Runs `command`: whether it succeeded, and its stderr.
fn run_status(command: &mut Command) -> (bool, String) {
    let output = command.output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.success(), stderr)
}

/// Every file under `dir` (relative path -> bytes), leaving out `target/` and `Cargo.lock`.
fn snapshot(dir: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let rel = path.strip_prefix(dir).unwrap().to_path_buf();
            if rel == Path::new("target") || rel == Path::new("Cargo.lock") {
                continue;
            }
            if path.is_dir() {
                stack.push(path);
            } else {
                out.push((rel, fs::read(&path).unwrap()));
            }
        }
    }
    out.sort();
    out
}

/// `restgen-codegen` and `restgen-runtime` as `cargo package` makes them, unpacked under
/// `dir`: what a user downloads from the registry. Returns the two crate directories. A
/// crate is unpacked again only when its package changed, and then with fresh modification
/// times (tar would restore the files' older ones, and cargo take a stale build for fresh).
fn packaged(dir: &Path) -> [PathBuf; 2] {
    let root = checkout();
    fs::create_dir_all(dir).unwrap();
    run(
        "cargo package",
        cargo(&root, &dir.join("target")).args([
            "package",
            "--no-verify",
            "--allow-dirty",
            "-p",
            "restgen-codegen",
            "-p",
            "restgen-runtime",
        ]),
    );
    let version = env!("CARGO_PKG_VERSION");
    ["restgen-codegen", "restgen-runtime"].map(|name| {
        let file = dir.join(format!("target/package/{name}-{version}.crate"));
        let unpacked = dir.join(format!("{name}-{version}"));
        let last = dir.join(format!("{name}.crate.unpacked"));
        let bytes = fs::read(&file).unwrap();
        if !unpacked.is_dir() || fs::read(&last).ok().as_ref() != Some(&bytes) {
            let _ = fs::remove_dir_all(&unpacked);
            run(
                &format!("unpacking {name}"),
                Command::new("tar")
                    .args(["xzmf"])
                    .arg(&file)
                    .arg("-C")
                    .arg(dir),
            );
            fs::write(&last, &bytes).unwrap();
        }
        // What a package holds: its sources, its manifest, lockfile, readme and licences.
        let stray: Vec<String> = snapshot(&unpacked)
            .into_iter()
            .map(|(rel, _)| rel.to_string_lossy().replace('\\', "/"))
            .filter(|rel| {
                !rel.starts_with("src/")
                    && ![
                        ".cargo_vcs_info.json",
                        "Cargo.toml",
                        "Cargo.toml.orig",
                        "Cargo.lock",
                        "README.md",
                        "LICENSE-APACHE",
                        "LICENSE-MIT",
                        "restgen-schema.json",
                    ]
                    .contains(&rel.as_str())
            })
            .collect();
        assert!(stray.is_empty(), "{name} packages stray files: {stray:?}");
        assert!(unpacked.join("src/lib.rs").is_file() && unpacked.join("README.md").is_file());
        unpacked
    })
}

#[test]
fn an_external_project_regenerates_checks_builds_and_runs() {
    let started = Instant::now();
    let root = checkout();
    let target = root.join("target/external-project");
    let [codegen, runtime] = packaged(&target.join("registry"));

    // The project, outside the checkout.
    let project = std::env::temp_dir().join(format!("restgen-external-{}", std::process::id()));
    let _ = fs::remove_dir_all(&project);
    let source = root.join("examples/external");
    let files = snapshot(&source);
    for (rel, bytes) in &files {
        let to = project.join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, bytes).unwrap();
    }
    assert!(!project.starts_with(&root));
    let mut manifest = fs::read_to_string(project.join("Cargo.toml")).unwrap();
    manifest.push_str(&format!(
        "\n[patch.crates-io]\nrestgen-codegen = {{ path = {:?} }}\nrestgen-runtime = {{ path = {:?} }}\n",
        codegen.to_str().unwrap(),
        runtime.to_str().unwrap(),
    ));
    fs::write(project.join("Cargo.toml"), manifest).unwrap();
    let build = target.join("target");

    // The first run, as the README's "Use it in your own project" tells it: no generated
    // crate yet and the app not depending on it, one `cargo xtask codegen`, then the
    // dependency added.
    let app_manifest = project.join("app/Cargo.toml");
    let with_dependency = fs::read_to_string(&app_manifest).unwrap();
    let without: String = with_dependency
        .lines()
        .filter(|l| !l.starts_with("bookshelf = "))
        .map(|l| format!("{l}\n"))
        .collect();
    assert_ne!(without, with_dependency);
    fs::write(&app_manifest, without).unwrap();
    fs::remove_dir_all(project.join("generated")).unwrap();
    run("cargo update", cargo(&project, &build).arg("update"));
    run(
        "cargo xtask codegen (first run)",
        cargo(&project, &build).args(["xtask", "codegen"]),
    );
    fs::write(&app_manifest, with_dependency).unwrap();
    // The checked-in crate is what its own xtask makes...
    run(
        "cargo xtask codegen --check",
        cargo(&project, &build).args(["xtask", "codegen", "--check"]),
    );
    // ...and is made again, byte for byte, from a stale copy: every file edited (the
    // manifest kept loadable, since the workspace must load for the xtask to run) and one
    // that no schema produces added.
    let crate_dir = project.join("generated/bookshelf");
    for (rel, bytes) in &files {
        let Ok(rel) = rel.strip_prefix("generated/bookshelf") else {
            continue;
        };
        let stale = match rel.to_str() {
            Some("Cargo.toml") => String::from_utf8(bytes.clone()).unwrap().replacen(
                "version = \"0.1.0\"",
                "version = \"0.0.1\"",
                1,
            ),
            _ => "// stale\n".to_string(),
        };
        fs::write(crate_dir.join(rel), stale).unwrap();
    }
    fs::write(crate_dir.join("src/old.rs"), "// no schema makes this\n").unwrap();
    let stale = run_status(cargo(&project, &build).args(["xtask", "codegen", "--check"]));
    assert!(
        !stale.0
            && stale
                .1
                .contains("generated code is stale: run `cargo xtask codegen`"),
        "{}",
        stale.1
    );
    run(
        "cargo xtask codegen",
        cargo(&project, &build).args(["xtask", "codegen"]),
    );
    let regenerated: Vec<_> = snapshot(&project)
        .into_iter()
        .filter(|(rel, _)| rel.starts_with("generated"))
        .collect();
    let checked_in: Vec<_> = files
        .iter()
        .filter(|(rel, _)| rel.starts_with("generated"))
        .cloned()
        .collect();
    assert!(!checked_in.is_empty());
    assert!(
        regenerated == checked_in,
        "examples/external/generated is not what its xtask writes: regenerate it there"
    );
    let manifest = fs::read_to_string(project.join("generated/bookshelf/Cargo.toml")).unwrap();
    assert!(
        manifest.contains("\nrestgen-runtime = \"0.1\"\n"),
        "{manifest}"
    );

    // The `restgen` command, installed from the package as `cargo install` does, agrees
    // with the project's xtask on every byte.
    let install = target.join("install");
    run(
        "cargo install restgen",
        cargo(&project, &build)
            .args(["install", "--quiet", "--debug", "--force", "--path"])
            .arg(&codegen)
            .arg("--root")
            .arg(&install),
    );
    let restgen = install.join("bin/restgen");
    run(
        "restgen check",
        Command::new(&restgen).current_dir(&project).arg("check"),
    );
    run(
        "restgen check --schema",
        Command::new(&restgen)
            .current_dir(project.join("app"))
            .args([
                "check",
                "--schema",
                "../schema/bookshelf.yaml",
                "--out",
                "../generated/bookshelf",
            ]),
    );

    run(
        "cargo build",
        cargo(&project, &build).args(["build", "--workspace", "--all-targets"]),
    );
    run(
        "cargo test",
        cargo(&project, &build).args(["test", "--workspace"]),
    );
    let printed = run(
        "cargo run",
        cargo(&project, &build).args(["run", "--quiet", "-p", "bookshelf-app"]),
    );
    assert_eq!(
        printed,
        "b2 A Wizard of Earthsea by Ursula K. Le Guin\n\
         b3 Kindred by Octavia E. Butler\n\
         b1 The Left Hand of Darkness by Ursula K. Le Guin\n"
    );
    fs::remove_dir_all(&project).unwrap();
    eprintln!(
        "the external project, end to end: {:.1} s",
        started.elapsed().as_secs_f64()
    );
}

/// The README's "Use it in your own project" shows the example's xtask as it is.
#[test]
fn the_readme_shows_the_external_xtask() {
    let root = checkout();
    let readme = fs::read_to_string(root.join("README.md")).unwrap();
    let xtask = fs::read_to_string(root.join("examples/external/xtask/src/main.rs")).unwrap();
    let block = format!("```rust,ignore\n{xtask}```\n");
    assert!(
        readme.contains(&block),
        "README.md must show examples/external/xtask/src/main.rs verbatim in a rust,ignore block"
    );
}
