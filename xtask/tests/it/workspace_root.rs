//! `cargo xtask` works on the checkout it is run in, found from the current directory as
//! cargo finds a workspace, not on the one its binary was built from: two checkouts may
//! share a target directory.

use crate::support::checkout;
use crate::support::temp_dir;
use std::fs;
use std::path::Path;
use std::process::Command;

/// A directory that looks like a restgen checkout as far as the search goes, with
/// `manifest` as its `Cargo.toml`.
fn fake_checkout(dir: &Path, manifest: &str) {
    fs::create_dir_all(dir.join("xtask")).unwrap();
    fs::create_dir_all(dir.join("schema")).unwrap();
    fs::write(dir.join("Cargo.toml"), manifest).unwrap();
}

#[test]
fn the_root_is_found_from_anywhere_inside_the_checkout() {
    let root = checkout();
    for start in [
        root.clone(),
        root.join("xtask"),
        root.join("runtime/src/server"),
        root.join("generated/integration_response/src"),
    ] {
        assert_eq!(
            xtask::find_workspace_root(&start),
            Some(root.clone()),
            "{start:?}"
        );
    }
}

#[test]
fn only_a_workspace_with_xtask_and_schema_counts() {
    let dir = temp_dir("nested_workspaces");
    // A workspace manifest without xtask/ and schema/: not ours, so the search goes on up
    // (here to the real checkout, which holds the target directory).
    fs::write(dir.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
    assert_eq!(xtask::find_workspace_root(&dir), Some(checkout()));
    // A nested checkout is found before the one around it, from any of its directories.
    let nested = dir.join("other");
    fake_checkout(&nested, "[workspace]\nresolver = \"2\"\n");
    let deep = nested.join("schema/sub");
    fs::create_dir_all(&deep).unwrap();
    assert_eq!(xtask::find_workspace_root(&deep), Some(nested.clone()));
    // A `[workspace.*]` table declares a workspace too; a package manifest or a comment
    // does not.
    for (manifest, found) in [
        ("[workspace.package]\nedition = \"2021\"\n", true),
        ("[package]\nname = \"x\"\n", false),
        ("# [workspace]\n[package]\nname = \"x\"\n", false),
        ("  [workspace]  # members below\n", true),
    ] {
        fs::write(nested.join("Cargo.toml"), manifest).unwrap();
        let expected = if found { nested.clone() } else { checkout() };
        assert_eq!(
            xtask::find_workspace_root(&deep),
            Some(expected),
            "{manifest:?}"
        );
    }
}

#[test]
fn outside_any_checkout_the_command_says_where_to_run_it() {
    let outside = std::env::temp_dir();
    assert_eq!(xtask::find_workspace_root(&outside), None, "{outside:?}");
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(&outside)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("run `cargo xtask` inside the checkout"),
        "{stderr}"
    );
}

#[test]
fn the_command_regenerates_the_checkout_it_runs_in() {
    // A second, minimal checkout: one schema, no generated code yet.
    let other = temp_dir("second_checkout");
    fake_checkout(&other, "[workspace]\nmembers = [\"generated/*\"]\n");
    fs::create_dir_all(other.join("codegen/tests/fixtures")).unwrap();
    fs::copy(
        checkout().join("schema/integration_response.yaml"),
        other.join("schema/integration_response.yaml"),
    )
    .unwrap();
    let before_here = fs::read_dir(checkout().join("generated")).unwrap().count();
    let output = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .arg("codegen")
        .current_dir(other.join("schema"))
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "{stderr}");
    let lib = other.join("generated/integration_response/src/lib.rs");
    assert!(lib.is_file(), "{stderr}");
    // The checkout the binary was built from is untouched; this one is now fresh.
    assert_eq!(
        fs::read_dir(checkout().join("generated")).unwrap().count(),
        before_here
    );
    let check = Command::new(env!("CARGO_BIN_EXE_xtask"))
        .args(["codegen", "--check"])
        .current_dir(&other)
        .status()
        .unwrap();
    assert!(check.success());
}
