//! Many clients creating, updating and deleting at once against the served local service:
//! afterwards the store holds exactly what the successful responses say.

use crate::support::{collection, item, send, send_json, start};
use apigatewayv2_local::LocalService;
use integration_response::runtime::server::ServerConfig;
use std::collections::BTreeMap;

const CLIENTS: usize = 16;
const ROUNDS: usize = 12;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_leave_exactly_what_the_responses_say() {
    let store = LocalService::new();
    let server = start(store.clone(), ServerConfig::default()).await;
    let addr = server.local_addr();
    let path = collection("api", "int");
    let mut tasks = Vec::new();
    for client in 0..CLIENTS {
        let path = path.clone();
        tasks.push(tokio::spawn(async move {
            // What this client's successful responses say exists: id -> key.
            let mut mine = BTreeMap::new();
            let mut conflicts = 0;
            for round in 0..ROUNDS {
                // Keys shared between pairs of clients, so creates and updates conflict.
                let key = format!("k{}-{round}", client / 2);
                let created = send_json(
                    addr,
                    "POST",
                    &path,
                    &format!(r#"{{"integrationResponseKey": "{key}"}}"#),
                )
                .await;
                match created.status {
                    201 => {
                        let id = created.json()["integrationResponseId"]
                            .as_str()
                            .unwrap()
                            .to_string();
                        mine.insert(id, key);
                    }
                    409 => conflicts += 1,
                    other => panic!("create: {other} {created:?}"),
                }
                let Some((id, _)) = mine.iter().next().map(|(i, k)| (i.clone(), k.clone())) else {
                    continue;
                };
                if round % 3 == 1 {
                    let new_key = format!("u{client}-{round}");
                    let updated = send_json(
                        addr,
                        "PATCH",
                        &item("api", "int", &id),
                        &format!(r#"{{"integrationResponseKey": "{new_key}"}}"#),
                    )
                    .await;
                    assert_eq!(updated.status, 200, "{updated:?}");
                    assert_eq!(updated.json()["integrationResponseKey"], new_key.as_str());
                    mine.insert(id, new_key);
                } else if round % 3 == 2 {
                    let deleted = send(addr, "DELETE", &item("api", "int", &id), &[], b"").await;
                    assert_eq!(deleted.status, 204, "{deleted:?}");
                    mine.remove(&id);
                }
            }
            (mine, conflicts)
        }));
    }
    let mut expected = BTreeMap::new();
    let mut conflicts = 0;
    for task in tasks {
        let (mine, c) = task.await.unwrap();
        conflicts += c;
        expected.extend(mine);
    }
    let actual: BTreeMap<String, String> = store
        .items("api", "int")
        .into_iter()
        .map(|i| {
            (
                i.integration_response_id.unwrap(),
                i.integration_response_key,
            )
        })
        .collect();
    assert_eq!(actual, expected);
    // Pairs of clients race for every key, so some creates conflict; at most one of a
    // pair's two creates of a key can (the winner may rename the key away first).
    assert!(
        conflicts > 0 && conflicts <= CLIENTS / 2 * ROUNDS,
        "{conflicts}"
    );
    // And the API lists the same thing.
    let listed = send(addr, "GET", &format!("{path}?maxResults=100"), &[], b"")
        .await
        .json();
    let listed: BTreeMap<String, String> = listed["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                i["integrationResponseId"].as_str().unwrap().into(),
                i["integrationResponseKey"].as_str().unwrap().into(),
            )
        })
        .collect();
    assert_eq!(listed, expected);
    server.shutdown().await;
}
