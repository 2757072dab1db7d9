//! `cargo test` fails when the checked-in conformance harness is stale, like
//! `cargo xtask conformance --check` does, or skips too many cases.

use crate::support::checkout;
use xtask::conformance;

#[test]
fn conformance_harness_is_up_to_date() {
    let root = checkout();
    let (plan, output) = conformance::plan(&root).unwrap();
    assert!(output.errors.is_empty(), "{}", output.errors.join("\n"));
    assert!(
        plan.is_clean(),
        "the conformance harness is stale: run `cargo xtask conformance` and commit\n{}",
        plan.diff_summary(&root)
    );
}

/// Every case of both files has a test, and fewer than 5% of them are skipped, in each
/// direction (the reasons are in SKIPS.md).
#[test]
fn every_case_has_a_test_and_few_are_skipped() {
    let (_, output) = conformance::plan(&checkout()).unwrap();
    for (direction, cases) in [
        ("input", 113),
        ("output", 91),
        ("server/input", 113),
        ("server/output", 91),
    ] {
        assert_eq!(
            output.counts.get(direction).map(|c| c.0),
            Some(cases),
            "{direction}"
        );
    }
    for (direction, (cases, skipped)) in &output.counts {
        assert!(
            skipped * 100 < *cases * 5,
            "{direction}: {skipped} of {cases} cases skipped (the limit is under 5%)"
        );
    }
}
