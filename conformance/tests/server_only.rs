//! The server variants of two client-only query cases (skipped in SKIPS.md), written by
//! hand from the upstream Smithy protocol tests `RestJsonServersPutAllQueryParamsInMap` and
//! `RestJsonServersQueryParamsStringListMap` (`appliesTo: "server"`), which botocore's case
//! files leave out: a server puts every query parameter in the map member, those another
//! member binds too.

use restgen_conformance::{harness, serving};
use std::collections::BTreeMap;

#[tokio::test]
async fn servers_put_all_query_params_in_map() {
    use restgen_conformance::input_query_precedence as service;
    struct Impl(serving::Slot<service::types::QueryPrecedenceInput>);
    impl service::server::Service for Impl {
        async fn query_precedence(
            &self,
            input: service::types::QueryPrecedenceInput,
        ) -> Result<(), service::errors::QueryPrecedenceError> {
            self.0.put(input);
            Ok(())
        }
    }
    let slot = serving::Slot::default();
    let server = service::server::serve(serving::listener().await, Impl(slot.clone())).unwrap();
    let sent = serving::Sent {
        method: "POST",
        uri: "/Precedence?bar=named&qux=fromMap",
        ..Default::default()
    };
    let response = serving::send(server.local_addr(), &sent).await;
    let input = slot
        .take()
        .unwrap_or_else(|| panic!("{}", serving::show(&response)));
    let expected = service::types::QueryPrecedenceInput {
        foo: Some("named".to_string()),
        baz: Some(BTreeMap::from([
            ("bar".to_string(), "named".to_string()),
            ("qux".to_string(), "fromMap".to_string()),
        ])),
    };
    harness::assert_same(&input, &expected);
    server.shutdown().await;
}

#[tokio::test]
async fn servers_query_params_string_list_map() {
    use restgen_conformance::input_query_params_as_string_list_map as service;
    struct Impl(serving::Slot<service::types::QueryParamsAsStringListMapInput>);
    impl service::server::Service for Impl {
        async fn query_params_as_string_list_map(
            &self,
            input: service::types::QueryParamsAsStringListMapInput,
        ) -> Result<(), service::errors::QueryParamsAsStringListMapError> {
            self.0.put(input);
            Ok(())
        }
    }
    let slot = serving::Slot::default();
    let server = service::server::serve(serving::listener().await, Impl(slot.clone())).unwrap();
    let sent = serving::Sent {
        method: "POST",
        uri: "/StringListMap?corge=named&baz=bar&baz=qux",
        ..Default::default()
    };
    let response = serving::send(server.local_addr(), &sent).await;
    let input = slot
        .take()
        .unwrap_or_else(|| panic!("{}", serving::show(&response)));
    let expected = service::types::QueryParamsAsStringListMapInput {
        qux: Some("named".to_string()),
        foo: Some(BTreeMap::from([
            ("corge".to_string(), vec!["named".to_string()]),
            (
                "baz".to_string(),
                vec!["bar".to_string(), "qux".to_string()],
            ),
        ])),
    };
    harness::assert_same(&input, &expected);
    server.shutdown().await;
}
