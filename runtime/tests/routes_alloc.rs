//! The generated matcher allocates nothing on a miss or a 405 (and nothing on a hit: labels
//! stay encoded until asked for). One test in its own binary, so the counting allocator
//! sees no other test's allocations.

use integration_response::routes::match_route;
use integration_response::runtime::RouteMatch;

#[path = "support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{allocations, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn matching_does_not_allocate() {
    let long = format!("/v2/{}", "x/".repeat(5000));
    let cases = [
        ("GET", "/v2/apis/a/nothing"),
        ("GET", long.as_str()),
        ("PUT", "/v2/apis/a/integrations/i/integrationresponses/r"),
        (
            "GET",
            "/v2/apis/a%2Fb/integrations/i/integrationresponses/r",
        ),
    ];
    let before = allocations();
    let mut found = 0;
    for (method, path) in cases {
        if let RouteMatch::Found { .. } = std::hint::black_box(match_route(method, path)) {
            found += 1;
        }
    }
    let after = allocations();
    assert_eq!(found, 1);
    assert_eq!(after - before, 0, "the matcher allocated");
}
