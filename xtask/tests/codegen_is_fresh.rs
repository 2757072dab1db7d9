//! `cargo test` fails when the checked-in generated code is stale, like
//! `cargo xtask codegen --check` does.

use std::path::{Path, PathBuf};

/// The checkout these tests were compiled from (they check its files, wherever they run).
fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ has a parent")
        .to_path_buf()
}

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
