//! `cargo test` fails when the checked-in generated code is stale, like
//! `cargo xtask codegen --check` does.

#[test]
fn generated_code_is_up_to_date() {
    let root = xtask::workspace_root();
    let jobs = xtask::jobs(&root).unwrap();
    let plan = xtask::plan(&root, &jobs, &xtask::owned_dirs(&root)).unwrap();
    assert_eq!(plan.errors, 0, "{}", plan.rendered());
    assert!(
        plan.is_clean(),
        "generated code is stale: run `cargo xtask codegen` and commit\n{}",
        plan.diff_summary(&root)
    );
}
