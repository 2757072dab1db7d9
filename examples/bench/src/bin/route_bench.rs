//! Route matching benchmark: the generated matcher against matchit (the router axum uses)
//! on the same routes, for a hit, a miss and a 405, with heap allocations per match. Two
//! route sets: 43 API Gateway V2-shaped templates (97 routes, a codegen fixture), and the
//! whole API Gateway V2 (`apigatewayv2`: 45 templates, 103 routes), where every route
//! is also matched in turn (a hit on each, a miss below each, a 405 on each template).
//!
//! Run: `cargo run --release -p bench --bin route_bench`

use std::fmt::Debug;
use std::hint::black_box;
use std::time::Instant;

use fixture_apigw_routes::runtime::{Route, RouteMatch};

/// Counts allocations so the benchmark can show that a miss allocates nothing.
#[path = "../../../../runtime/tests/support/counting_alloc.rs"]
mod counting_alloc;
use counting_alloc::{allocations, Counting};

#[global_allocator]
static GLOBAL: Counting = Counting;

/// One generated route table and its matcher.
struct Set<Op: 'static, const L: usize> {
    routes: &'static [Route<Op>],
    matcher: for<'a> fn(&str, &'a str) -> RouteMatch<'a, Op, L>,
}

type Matchit<Op> = matchit::Router<Vec<(&'static str, Op)>>;

/// The same routes in matchit, with a method table per path (what axum's MethodRouter does).
fn matchit_router<Op: Copy>(routes: &[Route<Op>]) -> Matchit<Op> {
    let mut by_path: Vec<(&'static str, Vec<(&'static str, Op)>)> = Vec::new();
    for route in routes {
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
enum Outcome<Op> {
    Found(Op),
    NotFound,
    MethodNotAllowed,
}

fn with_matchit<Op: Copy>(router: &Matchit<Op>, method: &str, path: &str) -> Outcome<Op> {
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

fn with_generated<Op, const L: usize>(set: &Set<Op, L>, method: &str, path: &str) -> Outcome<Op> {
    match (set.matcher)(method, path) {
        RouteMatch::Found { operation, labels } => {
            black_box(labels.names().first().map(|name| labels.raw(name)));
            Outcome::Found(operation)
        }
        RouteMatch::NotFound => Outcome::NotFound,
        RouteMatch::MethodNotAllowed { .. } => Outcome::MethodNotAllowed,
    }
}

/// Nanoseconds per call of `a` and of `b`, each the best of 9 runs of `iterations` rounds
/// of `per_round` calls. The runs alternate, so a change in machine load (other processes,
/// frequency scaling) weighs on both sides alike instead of on whichever ran during it.
fn time_pair(
    iterations: u32,
    per_round: usize,
    mut a: impl FnMut(),
    mut b: impl FnMut(),
) -> (f64, f64) {
    let once = |f: &mut dyn FnMut()| {
        let start = Instant::now();
        for _ in 0..iterations {
            f();
        }
        start.elapsed().as_nanos() as f64 / (f64::from(iterations) * per_round as f64)
    };
    let (mut best_a, mut best_b) = (f64::INFINITY, f64::INFINITY);
    for _ in 0..9 {
        best_a = best_a.min(once(&mut a));
        best_b = best_b.min(once(&mut b));
    }
    (best_a, best_b)
}

/// A case: a name and the requests it makes, each with the outcome both routers must give.
type Case<Op> = (String, Vec<(&'static str, String, Outcome<Op>)>);

/// Times every case on both routers, after checking that both give the expected outcome,
/// and prints one line per case.
fn run<Op: Copy + PartialEq + Debug, const L: usize>(set: &Set<Op, L>, cases: &[Case<Op>]) {
    let router = matchit_router(set.routes);
    println!(
        "{:<40} {:>12} {:>12} {:>8} {:>14}",
        "case", "generated", "matchit", "ratio", "gen allocs"
    );
    for (name, requests) in cases {
        for (method, path, expected) in requests {
            assert_eq!(
                &with_generated(set, method, path),
                expected,
                "{name}: {method} {path}"
            );
            assert_eq!(
                &with_matchit(&router, method, path),
                expected,
                "{name}: {method} {path}"
            );
        }
        let before = allocations();
        for _ in 0..1000 {
            for (method, path, _) in requests {
                black_box(with_generated(set, black_box(method), black_box(path)));
            }
        }
        let allocs = (allocations() - before) / requests.len();
        // About 2,000,000 calls per run, whatever the number of requests per round.
        let rounds = (2_000_000 / requests.len()) as u32;
        let (generated, matchit) = time_pair(
            rounds,
            requests.len(),
            || {
                for (method, path, _) in requests {
                    black_box(with_generated(set, black_box(method), black_box(path)));
                }
            },
            || {
                for (method, path, _) in requests {
                    black_box(with_matchit(&router, black_box(method), black_box(path)));
                }
            },
        );
        println!(
            "{name:<40} {generated:>9.1} ns {matchit:>9.1} ns {:>7.2}x {:>8}/1000",
            matchit / generated,
            allocs
        );
    }
}

/// The route of `template` and `method` in the table.
fn route<Op, const L: usize>(set: &Set<Op, L>, method: &str, template: &str) -> &'static Route<Op> {
    set.routes
        .iter()
        .find(|r| r.method == method && r.template == template)
        .expect("a route of the table")
}

/// A template with every `{label}` filled in.
fn fill(template: &str) -> String {
    let mut out = String::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        out.push_str("x1");
        rest = &rest[open + rest[open..].find('}').expect("closed label") + 1..];
    }
    out.push_str(rest);
    out
}

/// The three single cases (a deep hit, a miss, a 405), the same requests in both sets.
fn single_cases<Op: Copy, const L: usize>(set: &Set<Op, L>) -> Vec<Case<Op>> {
    let deep = route(
        set,
        "GET",
        "/v2/apis/{apiId}/routes/{routeId}/routeresponses/{routeResponseId}",
    );
    vec![
        (
            "hit (5 segments deep, 3 labels)".into(),
            vec![(
                "GET",
                "/v2/apis/a1b2c3/routes/r9x8/routeresponses/rr-77".into(),
                Outcome::Found(deep.operation),
            )],
        ),
        (
            "miss (unknown path)".into(),
            vec![(
                "GET",
                "/v2/apis/a1b2c3/nothing/here".into(),
                Outcome::NotFound,
            )],
        ),
        (
            "405 (known path, wrong method)".into(),
            vec![(
                "PUT",
                "/v2/domainnames/example.com/apimappings/m1".into(),
                Outcome::MethodNotAllowed,
            )],
        ),
    ]
}

/// Every route in turn: a hit on each route, a miss two segments below each template, and a
/// 405 on each template with a method none of its routes has.
fn every_route_cases<Op: Copy, const L: usize>(set: &Set<Op, L>) -> Vec<Case<Op>> {
    let hits = set
        .routes
        .iter()
        .map(|r| (r.method, fill(r.template), Outcome::Found(r.operation)))
        .collect();
    let templates: std::collections::BTreeSet<&str> =
        set.routes.iter().map(|r| r.template).collect();
    let misses = templates
        .iter()
        .map(|t| {
            (
                "GET",
                format!("{}/nothing/here", fill(t)),
                Outcome::NotFound,
            )
        })
        .collect();
    let wrong_methods = templates
        .iter()
        .map(|t| {
            let method = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"]
                .into_iter()
                .find(|m| {
                    !set.routes
                        .iter()
                        .any(|r| r.template == *t && r.method == *m)
                })
                .expect("a method the template lacks");
            (method, fill(t), Outcome::MethodNotAllowed)
        })
        .collect();
    vec![
        (
            format!("hit, each of the {} routes", set.routes.len()),
            hits,
        ),
        (
            format!("miss, below each of the {} templates", templates.len()),
            misses,
        ),
        (
            format!("405, on each of the {} templates", templates.len()),
            wrong_methods,
        ),
    ]
}

fn describe<Op>(name: &str, routes: &[Route<Op>]) {
    let templates: std::collections::BTreeSet<&str> = routes.iter().map(|r| r.template).collect();
    println!(
        "\n{name}: {} templates, {} routes; best of 9 alternating runs x about 2,000,000 calls",
        templates.len(),
        routes.len()
    );
}

fn main() {
    let fixture = Set {
        routes: &fixture_apigw_routes::routes::ROUTES,
        matcher: fixture_apigw_routes::routes::match_route,
    };
    let full = Set {
        routes: &apigatewayv2::routes::ROUTES,
        matcher: apigatewayv2::routes::match_route,
    };
    // `route_bench <generated|matchit> <path> [method]`: match one path 1,000,000 times on
    // the fixture's routes and nothing else, for instruction counts under
    // `valgrind --tool=callgrind`.
    let args: Vec<String> = std::env::args().skip(1).collect();
    if let [which, path, rest @ ..] = args.as_slice() {
        let router = matchit_router(fixture.routes);
        let method = rest.first().map_or("GET", String::as_str);
        for _ in 0..1_000_000 {
            match which.as_str() {
                "generated" => {
                    black_box(with_generated(&fixture, black_box(method), black_box(path)))
                }
                _ => black_box(with_matchit(&router, black_box(method), black_box(path))),
            };
        }
        return;
    }
    describe(
        "API Gateway V2-shaped fixture (codegen/tests/expected/apigw_routes)",
        fixture.routes,
    );
    run(&fixture, &single_cases(&fixture));
    describe(
        "The whole API Gateway V2 (generated/apigatewayv2)",
        full.routes,
    );
    let mut cases = single_cases(&full);
    cases.extend(every_route_cases(&full));
    run(&full, &cases);
}
