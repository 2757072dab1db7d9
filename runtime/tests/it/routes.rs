//! The generated route table and matcher: 404 versus 405, labels, encoding round trips.

use integration_response::routes::{match_route, Operation, ROUTES};
use integration_response::runtime::{build_path, RouteMatch};
use proptest::prelude::*;

const ITEM: &str = "/v2/apis/a1/integrations/i1/integrationresponses/r1";
const COLLECTION: &str = "/v2/apis/a1/integrations/i1/integrationresponses";

fn op(method: &str, path: &str) -> Option<Operation> {
    match match_route(method, path) {
        RouteMatch::Found { operation, .. } => Some(operation),
        _ => None,
    }
}

#[test]
fn every_operation_matches_its_route() {
    assert_eq!(
        op("POST", COLLECTION),
        Some(Operation::CreateIntegrationResponse)
    );
    assert_eq!(
        op("GET", COLLECTION),
        Some(Operation::GetIntegrationResponses)
    );
    assert_eq!(op("GET", ITEM), Some(Operation::GetIntegrationResponse));
    assert_eq!(
        op("PATCH", ITEM),
        Some(Operation::UpdateIntegrationResponse)
    );
    assert_eq!(
        op("DELETE", ITEM),
        Some(Operation::DeleteIntegrationResponse)
    );
    for (i, route) in ROUTES.iter().enumerate() {
        assert_eq!(route.operation, Operation::ALL[i]);
        assert_eq!(route.operation.route(), route);
    }
    assert_eq!(Operation::DeleteIntegrationResponse.route().success, 204);
    assert_eq!(Operation::CreateIntegrationResponse.route().success, 201);
}

#[test]
fn not_found_versus_method_not_allowed() {
    assert_eq!(
        match_route("PUT", ITEM),
        RouteMatch::MethodNotAllowed {
            allowed: &["GET", "PATCH", "DELETE"]
        }
    );
    assert_eq!(
        match_route("DELETE", COLLECTION),
        RouteMatch::MethodNotAllowed {
            allowed: &["GET", "POST"]
        }
    );
    for path in [
        "/",
        "",
        "v2/apis",
        "/v2/apis/a1",
        "/v2/apis/a1/integrations/i1/integrationresponses/r1/extra",
        "/v2/apis/a1/integrations/i1/integrationresponse",
        // Empty labels never match.
        "/v2/apis//integrations/i1/integrationresponses",
        "/v2/apis/a1/integrations/i1/integrationresponses/",
        // A trailing slash is a different path.
        "/v2/apis/a1/integrations/i1/integrationresponses/r1/",
    ] {
        assert_eq!(match_route("GET", path), RouteMatch::NotFound, "{path}");
    }
}

#[test]
fn encoded_slash_never_changes_the_route() {
    let path = "/v2/apis/a%2F..%2Fb/integrations/i1/integrationresponses";
    let RouteMatch::Found { operation, labels } = match_route("GET", path) else {
        panic!()
    };
    assert_eq!(operation, Operation::GetIntegrationResponses);
    assert_eq!(labels.decode("apiId").unwrap().unwrap(), "a/../b");
    assert_eq!(labels.raw("integrationId"), Some("i1"));
    assert!(labels.decode("integrationResponseId").is_none());
}

#[test]
fn invalid_encoding_is_reported_on_decode() {
    let RouteMatch::Found { labels, .. } =
        match_route("GET", "/v2/apis/a%zz/integrations/i1/integrationresponses")
    else {
        panic!()
    };
    assert!(labels.decode("apiId").unwrap().is_err());
}

proptest! {
    /// For any label values, building the path and matching it gives back the same
    /// operation and the same labels.
    #[test]
    fn build_then_match_round_trips(
        op_index in 0..5usize,
        a in "\\PC*", i in "\\PC*", r in "(\\PC|/|%|\\?|#| |\\.\\.)*",
    ) {
        let route = &ROUTES[op_index];
        let values = [a.as_str(), i.as_str(), r.as_str()];
        let names: Vec<&str> = route
            .segments
            .iter()
            .filter_map(|s| match s {
                integration_response::runtime::Segment::Label(name) => Some(*name),
                _ => None,
            })
            .collect();
        let values = &values[..names.len()];
        match build_path(route.segments, values) {
            Err(_) => prop_assert!(values.iter().any(|v| v.is_empty())),
            Ok(path) => {
                let RouteMatch::Found { operation, labels } = match_route(route.method, &path) else {
                    return Err(TestCaseError::fail(format!("no match for {path}")));
                };
                prop_assert_eq!(operation, route.operation);
                // The route's labels, all of them, in template order, each with its value.
                prop_assert_eq!(labels.names(), &names[..]);
                let decoded: Vec<String> = names
                    .iter()
                    .map(|name| labels.decode(name).unwrap().unwrap().into_owned())
                    .collect();
                prop_assert_eq!(decoded, values);
            }
        }
    }
}

/// How the matcher tells routes apart (the `precedence` fixture): a literal before a label,
/// the label when the literal's routes lack the method, constant query parameters (most
/// specific first), greedy labels with literal suffixes, and trailing slashes.
#[test]
fn precedence_between_literals_labels_queries_and_greedy_labels() {
    use fixture_precedence::routes::{match_request, Operation};
    let found = |method, path, query| match match_request(method, path, query) {
        RouteMatch::Found { operation, labels } => Some((
            operation,
            labels
                .names()
                .iter()
                .map(|n| labels.raw(n).unwrap().to_string())
                .collect::<Vec<_>>(),
        )),
        _ => None,
    };
    let op = |method, path, query| found(method, path, query).map(|(op, _)| op);
    // The literal `create` is PUT only: a GET of it is the label route.
    assert_eq!(
        op("PUT", "/things/create", ""),
        Some(Operation::CreateThing)
    );
    assert_eq!(
        found("GET", "/things/create", ""),
        Some((Operation::GetThing, vec!["create".to_string()]))
    );
    // Neither allows DELETE: the label's answer stands (its methods, as statics cannot
    // be merged without allocating).
    assert_eq!(
        match_request("DELETE", "/things/create", ""),
        RouteMatch::MethodNotAllowed { allowed: &["GET"] }
    );
    // Constant query parameters choose among routes of one method and path.
    assert_eq!(op("POST", "/keys", ""), Some(Operation::CreateKey));
    assert_eq!(op("POST", "/keys", "other=1"), Some(Operation::CreateKey));
    assert_eq!(
        op("POST", "/keys", "mode=import"),
        Some(Operation::ImportKeys)
    );
    assert_eq!(
        op("POST", "/keys", "mode=export"),
        Some(Operation::CreateKey)
    );
    assert_eq!(
        op("POST", "/keys", "force&mode=import"),
        Some(Operation::ImportKeysForce)
    );
    assert_eq!(
        op("POST", "/keys", "mode=%69mport&force="),
        Some(Operation::ImportKeysForce)
    );
    // A greedy label keeps `/`, and gives way to a literal suffix.
    assert_eq!(
        found("GET", "/files/a/b%2Fc/d", ""),
        Some((Operation::GetFile, vec!["a/b%2Fc/d".to_string()]))
    );
    assert_eq!(
        found("GET", "/files/a/b/meta", ""),
        Some((Operation::GetFileMeta, vec!["a/b".to_string()]))
    );
    assert_eq!(
        found("GET", "/files/meta", ""),
        Some((Operation::GetFile, vec!["meta".to_string()]))
    );
    assert_eq!(match_request("GET", "/files", ""), RouteMatch::NotFound);
    assert_eq!(match_request("GET", "/files/", ""), RouteMatch::NotFound);
    // A trailing slash is part of the path.
    assert_eq!(op("GET", "/plans/", ""), Some(Operation::ListPlans));
    assert_eq!(op("GET", "/plans", ""), Some(Operation::GetPlans));
    assert_eq!(match_request("GET", "/plans//", ""), RouteMatch::NotFound);
}
