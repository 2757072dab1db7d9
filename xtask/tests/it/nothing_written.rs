//! A failed run changes nothing: a schema with errors leaves the output directory byte for
//! byte as it was, and an I/O error while writing leaves every earlier file intact and no
//! temporary file behind. Also the command line's exit status for bad usage, and the JSON
//! message format. And a run that succeeds writes only the files that changed and removes
//! the ones no schema produces.

use crate::support::checkout;
use crate::support::temp_dir;
use restgen_codegen::files::{Job, Plan, Project};
use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

/// Every file under `dir`, relative path -> bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path.strip_prefix(dir).unwrap().to_path_buf();
                out.insert(rel, fs::read(&path).unwrap());
            }
        }
    }
    out
}

/// A copy of the workspace's IntegrationResponse schema and its generated crate in `root`.
fn copy_workspace(root: &Path) -> Job {
    let ws = checkout();
    fs::create_dir_all(root.join("schema")).unwrap();
    let schema = root.join("schema/service.yaml");
    fs::copy(ws.join("schema/integration_response.yaml"), &schema).unwrap();
    let out_dir = root.join("generated/service");
    let from = ws.join("generated/integration_response");
    for (rel, bytes) in snapshot(&from) {
        let to = out_dir.join(rel);
        fs::create_dir_all(to.parent().unwrap()).unwrap();
        fs::write(to, bytes).unwrap();
    }
    Job::new(schema, out_dir).with_crate_name("service")
}

/// The project of `jobs` in `root`, as the workspace's xtask makes it.
fn project(root: &Path, jobs: &[Job]) -> Project {
    jobs.iter()
        .fold(xtask::project(root), |p, job| p.job(job.clone()))
}

/// The plan for `jobs`, with `root/generated` owned.
fn plan_for(root: &Path, jobs: &[Job]) -> Plan {
    project(root, jobs).owned("generated").plan().unwrap()
}

#[test]
fn a_schema_with_errors_writes_nothing() {
    let root = temp_dir("schema_errors");
    let job = copy_workspace(&root);
    // Make the output stale too, so a run that ignored the errors would write.
    fs::write(job.out_dir.join("src/types.rs"), "// stale\n").unwrap();
    let schema = fs::read_to_string(&job.schema)
        .unwrap()
        .replacen("target: string", "target: strin", 1)
        .replacen("success: 200", "success: 600", 1);
    fs::write(&job.schema, schema).unwrap();
    let before = snapshot(&root);

    let plan = plan_for(&root, std::slice::from_ref(&job));
    assert!(plan.errors >= 2, "{}", plan.rendered());
    assert!(plan.writes.is_empty(), "{:?}", plan.writes.keys());
    let text = plan.rendered();
    assert!(text.contains("unknown shape `strin`"), "{text}");
    assert!(text.contains("in schema/service.yaml"), "{text}");
    // Even applying such a plan changes nothing.
    plan.apply().unwrap();
    assert_eq!(before, snapshot(&root));
}

#[test]
fn an_io_error_halfway_leaves_earlier_files_intact() {
    let root = temp_dir("io_error");
    let first = copy_workspace(&root);
    fs::write(first.out_dir.join("src/types.rs"), "// stale\n").unwrap();
    // A second job whose output directory cannot be made: its parent is a file. Its
    // files sort after the first job's, so the first job's are staged first.
    fs::write(root.join("zz_blocker"), "a file, not a directory\n").unwrap();
    let second =
        Job::new(first.schema.clone(), root.join("zz_blocker/gen")).with_crate_name("second");
    let before = snapshot(&root);

    let plan = project(&root, &[first.clone(), second]).plan().unwrap();
    assert_eq!(plan.errors, 0, "{}", plan.rendered());
    assert!(plan
        .writes
        .contains_key(&first.out_dir.join("src/types.rs")));
    assert!(plan.apply().is_err(), "writing under a file must fail");
    assert_eq!(before, snapshot(&root), "a failed apply changed files");

    // Once the blocker is gone, the same plan applies completely.
    fs::remove_file(root.join("zz_blocker")).unwrap();
    plan.apply().unwrap();
    let after = snapshot(&root);
    for (path, text) in &plan.writes {
        let rel = path.strip_prefix(&root).unwrap();
        assert_eq!(after.get(rel).map(Vec::as_slice), Some(text.as_bytes()));
    }
    assert!(
        !after
            .keys()
            .any(|p| p.to_string_lossy().contains("codegen-tmp")),
        "a temporary file was left behind"
    );
}

#[test]
fn json_message_format_has_one_object_per_diagnostic() {
    let root = temp_dir("json");
    let job = copy_workspace(&root);
    let schema = fs::read_to_string(&job.schema).unwrap().replacen(
        "protocol: rest-json",
        "protocol: rest-xml",
        1,
    );
    fs::write(&job.schema, schema).unwrap();
    let plan = plan_for(&root, &[job]);
    let lines = plan.reports[0].json_lines();
    let objects: Vec<serde_json::Value> = lines
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(objects.len(), plan.errors + plan.warnings);
    let first = &objects[0];
    assert_eq!(first["file"], "schema/service.yaml");
    assert_eq!(first["severity"], "error");
    assert_eq!(first["path"], "service.protocol");
    assert_eq!(first["line"], 7);
    assert_eq!(first["column"], 13);
    assert_eq!(first["message"], "unknown protocol `rest-xml`");
    assert_eq!(
        first["help"],
        "use `rest-json` (AWS restJson1) or `http-json` (plain HTTP and JSON)"
    );
}

#[test]
fn bad_usage_exits_with_2() {
    for args in [
        &[][..],
        &["codegen", "--chek"],
        &["codegen", "--message-format", "xml"],
    ] {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_xtask"))
            .args(args)
            .output()
            .unwrap()
            .status;
        assert_eq!(status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn a_run_writes_only_changed_files_and_removes_stale_ones() {
    let root = temp_dir("changed_only");
    let job = copy_workspace(&root);
    // The copy's headers name the copied schema; one run makes the directory current.
    plan_for(&root, std::slice::from_ref(&job)).apply().unwrap();
    let expected = snapshot(&job.out_dir);
    fs::write(job.out_dir.join("src/routes.rs"), "// edited by hand\n").unwrap();
    fs::write(
        job.out_dir.join("src/old_emitter.rs"),
        "// no schema makes this\n",
    )
    .unwrap();

    let plan = plan_for(&root, std::slice::from_ref(&job));
    assert_eq!(plan.errors, 0, "{}", plan.rendered());
    let written: Vec<_> = plan.writes.keys().collect();
    assert_eq!(written, [&job.out_dir.join("src/routes.rs")]);
    assert_eq!(plan.removals, [job.out_dir.join("src/old_emitter.rs")]);
    let summary = plan.diff_summary(&root);
    assert!(
        summary.contains("stale:   generated/service/src/routes.rs"),
        "{summary}"
    );
    assert!(summary.contains("- // edited by hand"), "{summary}");
    assert!(
        summary.contains("extra:   generated/service/src/old_emitter.rs"),
        "{summary}"
    );

    plan.apply().unwrap();
    assert_eq!(snapshot(&job.out_dir), expected);
    assert!(plan_for(&root, std::slice::from_ref(&job)).is_clean());
}
