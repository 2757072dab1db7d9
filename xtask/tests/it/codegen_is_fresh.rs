//! `cargo test` fails when the checked-in generated code is stale, like
//! `cargo xtask codegen --check` does.

use crate::support::checkout;
use std::path::PathBuf;

#[test]
fn generated_code_is_up_to_date() {
    let root = checkout();
    let plan = xtask::workspace_project(&root).plan().unwrap();
    assert_eq!(plan.errors, 0, "{}", plan.rendered());
    assert!(
        plan.is_clean(),
        "generated code is stale: run `cargo xtask codegen` and commit\n{}",
        plan.diff_summary(&root)
    );
}

/// No generated file anywhere in the checkout names an absolute path: not the checkout's
/// own location, and no manifest dependency by an absolute `path`. (Where the checkout
/// lives must not change a byte; `codegen/tests/it/cli.rs` checks that directly.)
#[test]
fn no_generated_file_holds_an_absolute_path() {
    let root = checkout();
    let mut dirs: Vec<PathBuf> = xtask::workspace_project(&root)
        .jobs()
        .unwrap()
        .into_iter()
        .map(|job| job.out_dir)
        .collect();
    dirs.push(root.join("examples/external/generated"));
    dirs.push(root.join("conformance/src"));
    dirs.push(root.join("conformance/tests"));
    let root_text = root.display().to_string();
    let mut checked = 0;
    for dir in dirs {
        for file in restgen_codegen::files::files_under(&dir).unwrap() {
            let Ok(text) = std::fs::read_to_string(&file) else {
                continue;
            };
            checked += 1;
            assert!(
                !text.contains(&root_text),
                "{} names the checkout's path",
                file.display()
            );
            if file.ends_with("Cargo.toml") {
                for line in text.lines().filter(|l| l.contains("path = \"")) {
                    let path = line.split("path = \"").nth(1).unwrap_or_default();
                    assert!(
                        !path.starts_with('/') && !path.contains(":\\") && !path.contains(":/"),
                        "{}: {line}",
                        file.display()
                    );
                }
            }
        }
    }
    assert!(checked > 100, "only {checked} generated files found");
}
