//! Route matching benchmark: the generated matcher against matchit (the router axum uses)
//! on the same 43 API Gateway V2-shaped templates (97 routes), for a hit, a miss and a 405.
//! Also counts heap allocations per match.
//!
//! Run: `cargo run --release -p bench --bin route_bench`

use std::hint::black_box;
use std::time::Instant;

use fixture_apigw_routes::routes::{match_route, Operation, ROUTES};
use fixture_apigw_routes::runtime::RouteMatch;

/// Counts allocations so the benchmark can show that a miss allocates nothing.
#[path = "../../../../runtime/tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{allocations, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// The same routes in matchit, with a method table per path (what axum's MethodRouter does).
fn matchit_router() -> matchit::Router<Vec<(&'static str, Operation)>> {
    let mut by_path: Vec<(&'static str, Vec<(&'static str, Operation)>)> = Vec::new();
    for route in &ROUTES {
        match by_path.iter_mut().find(|(t, _)| *t == route.template) {
            Some((_, methods)) => methods.push((route.method, route.operation)),
            None => by_path.push((route.template, vec![(route.method, route.operation)])),
        }
    }
    let mut router = matchit::Router::new();
    for (template, methods) in by_path {
        router.insert(template, methods).expect("valid template");
    }
    router
}

#[derive(Debug, PartialEq)]
enum Outcome {
    Found(Operation),
    NotFound,
    MethodNotAllowed,
}

fn with_matchit(
    router: &matchit::Router<Vec<(&'static str, Operation)>>,
    method: &str,
    path: &str,
) -> Outcome {
    match router.at(path) {
        Ok(m) => match m.value.iter().find(|(verb, _)| *verb == method) {
            // Touch the first label as the generated side's caller would.
            Some((_, op)) => {
                black_box(m.params.iter().next());
                Outcome::Found(*op)
            }
            None => Outcome::MethodNotAllowed,
        },
        Err(_) => Outcome::NotFound,
    }
}

fn with_generated(method: &str, path: &str) -> Outcome {
    match match_route(method, path) {
        RouteMatch::Found { operation, labels } => {
            black_box(labels.raw(labels.names()[0]));
            Outcome::Found(operation)
        }
        RouteMatch::NotFound => Outcome::NotFound,
        RouteMatch::MethodNotAllowed { .. } => Outcome::MethodNotAllowed,
    }
}

/// Nanoseconds per call, best of 5 runs of `iterations` calls.
fn time(iterations: u32, mut f: impl FnMut() -> Outcome) -> f64 {
    (0..5)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                black_box(f());
            }
            start.elapsed().as_nanos() as f64 / f64::from(iterations)
        })
        .fold(f64::INFINITY, f64::min)
}

fn main() {
    let router = matchit_router();
    // `route_bench <generated|matchit> <path> [method]`: match one path 1,000,000 times and
    // nothing else, for instruction counts under `valgrind --tool=callgrind`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [which, path, rest @ ..] = args.as_slice() {
        let method = rest.first().map_or("GET", String::as_str);
        for _ in 0..1_000_000 {
            match which.as_str() {
                "generated" => black_box(with_generated(black_box(method), black_box(path))),
                _ => black_box(with_matchit(&router, black_box(method), black_box(path))),
            };
        }
        return;
    }
    let cases = [
        (
            "hit (5 segments deep, 3 labels)",
            "GET",
            "/v2/apis/a1b2c3/routes/r9x8/routeresponses/rr-77",
            Outcome::Found(Operation::GetApisRoutesRouteresponsesItem),
        ),
        (
            "miss (unknown path)",
            "GET",
            "/v2/apis/a1b2c3/nothing/here",
            Outcome::NotFound,
        ),
        (
            "405 (known path, wrong method)",
            "PUT",
            "/v2/domainnames/example.com/apimappings/m1",
            Outcome::MethodNotAllowed,
        ),
    ];
    println!(
        "{} templates, {} routes; best of 5 x 2,000,000 calls",
        ROUTES
            .iter()
            .map(|r| r.template)
            .collect::<std::collections::BTreeSet<_>>()
            .len(),
        ROUTES.len()
    );
    println!(
        "{:<34} {:>12} {:>12} {:>8} {:>14}",
        "case", "generated", "matchit", "ratio", "gen allocs"
    );
    for (name, method, path, expected) in cases {
        assert_eq!(with_generated(method, path), expected, "{name}");
        assert_eq!(with_matchit(&router, method, path), expected, "{name}");
        let before = allocations();
        for _ in 0..1000 {
            black_box(with_generated(black_box(method), black_box(path)));
        }
        let allocs = allocations() - before;
        let generated = time(2_000_000, || {
            with_generated(black_box(method), black_box(path))
        });
        let matchit = time(2_000_000, || {
            with_matchit(&router, black_box(method), black_box(path))
        });
        println!(
            "{name:<34} {generated:>9.1} ns {matchit:>9.1} ns {:>7.2}x {:>8}/1000",
            matchit / generated,
            allocs
        );
    }
}
