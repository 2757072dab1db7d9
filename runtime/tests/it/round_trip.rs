//! Client and server agree, construct by construct: arbitrary values go from the generated
//! client over real HTTP on 127.0.0.1 to the generated server, whose implementation echoes
//! them back in the response, and the client must read back exactly what it sent.
//! Fixtures: `formats` (timestamps in every format and location, floats with NaN and the
//! infinities, blobs, documents), `bindings` (header and query lists, query maps, prefix
//! headers, the status code, greedy labels, constant query strings, JSON headers,
//! idempotency tokens), `unions` and `payloads`.

use fixture_bindings as bindings;
use fixture_formats as formats;
use fixture_payloads as payloads;
use fixture_unions as unions;
use proptest::prelude::*;
use restgen_runtime::{client::Config, Blob, Document, Timestamp};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Cases per property: each is one HTTP exchange.
const CASES: u32 = 48;

/// A runtime shared by the cases of one property.
fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap()
}

/// A client configuration for a local server: no retries, no host prefix.
fn config(addr: std::net::SocketAddr) -> Config {
    Config::builder()
        .endpoint(format!("http://{addr}"))
        .retry(restgen_runtime::client::RetryPolicy::disabled())
        .inject_host_prefix(false)
        .no_signing()
        .build()
        .unwrap()
}

/// Millisecond timestamps within years 1 to 9999 (what every format can write).
fn millis() -> impl Strategy<Value = Timestamp> {
    (-62_135_596_800_000i64..253_402_300_799_999).prop_map(Timestamp::from_millis)
}

/// Whole-second timestamps: an HTTP date has no fraction.
fn seconds() -> impl Strategy<Value = Timestamp> {
    (-62_135_596_800i64..253_402_300_799).prop_map(Timestamp::from_secs)
}

/// Any f32, NaN and the infinities included.
fn any_f32() -> impl Strategy<Value = f32> {
    prop_oneof![
        any::<f32>(),
        Just(f32::NAN),
        Just(f32::INFINITY),
        Just(f32::NEG_INFINITY)
    ]
}

/// Any f64, NaN and the infinities included.
fn any_f64() -> impl Strategy<Value = f64> {
    prop_oneof![
        any::<f64>(),
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY)
    ]
}

/// Text a header carries exactly: visible ASCII, inner spaces allowed.
fn header_text() -> impl Strategy<Value = String> {
    "[!-~]([ -~]{0,12}[!-~])?"
}

/// JSON values (documents), a few levels deep.
fn document() -> impl Strategy<Value = Document> {
    let leaf = prop_oneof![
        Just(Document::Null),
        any::<bool>().prop_map(Document::from),
        any::<i64>().prop_map(Document::from),
        "[ -~é]{0,8}".prop_map(Document::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Document::from),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..4)
                .prop_map(|m| Document::Object(m.into_iter().collect())),
        ]
    })
}

/// Floats compared as the wire sees them: NaN equals NaN.
fn same_f32(a: Option<f32>, b: Option<f32>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
        (a, b) => a.is_none() && b.is_none(),
    }
}

/// The echo implementation of the `formats` fixture.
pub struct FormatsEcho;

impl formats::server::Service for FormatsEcho {
    async fn echo_formats(
        &self,
        input: formats::types::EchoFormats,
    ) -> Result<formats::types::EchoFormats, formats::errors::EchoFormatsError> {
        Ok(input)
    }

    async fn echo_text(
        &self,
        input: formats::types::EchoTextRequest,
    ) -> Result<formats::types::EchoTextResponse, formats::errors::EchoTextError> {
        Ok(formats::types::EchoTextResponse {
            at: Some(input.at),
            created: input.created,
            history: input.history,
            limit: input.limit,
        })
    }
}

#[test]
fn body_formats_round_trip() {
    let rt = runtime();
    let (server, client) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = formats::server::serve(listener, FormatsEcho).unwrap();
        let client = formats::client::Client::new(config(server.local_addr()));
        (server, client)
    });
    let strategy = (
        (
            prop::option::of(millis()),
            prop::option::of(millis()),
            prop::option::of(seconds()),
            prop::option::of(prop::collection::vec(millis(), 0..3)),
        ),
        (
            prop::option::of(any_f64()),
            prop::option::of(prop::collection::vec(any_f32(), 0..3)),
            prop::option::of(prop::collection::vec(any::<u8>(), 0..24)),
            // A member set to JSON null reads back as unset: there is no telling them apart.
            prop::option::of(document().prop_filter("not null", |d| !d.is_null())),
        ),
    );
    proptest!(ProptestConfig::with_cases(CASES), |(
        (
            (epoch, date_time, http_date, stamps),
            (ratio, readings, data, extra),
        ) in strategy
    )| {
        let input = formats::types::EchoFormats {
            epoch,
            date_time,
            http_date,
            stamps,
            ratio,
            readings: readings.clone(),
            data: data.map(Blob::from),
            extra,
        };
        let out = rt.block_on(client.echo_formats(input.clone())).unwrap();
        // NaN is not equal to itself: compare floats by the wire's rules, the rest exactly.
        let same_ratio = match (input.ratio, out.ratio) {
            (Some(a), Some(b)) => a.to_bits() == b.to_bits() || (a.is_nan() && b.is_nan()),
            (a, b) => a.is_none() && b.is_none(),
        };
        prop_assert!(same_ratio, "{:?} came back as {:?}", input.ratio, out.ratio);
        let readings_back = out.readings.clone().unwrap_or_default();
        prop_assert_eq!(readings_back.len(), readings.clone().unwrap_or_default().len());
        for (a, b) in readings.unwrap_or_default().into_iter().zip(readings_back) {
            prop_assert!(same_f32(Some(a), Some(b)), "{a:?} came back as {b:?}");
        }
        let strip = |mut e: formats::types::EchoFormats| {
            e.ratio = None;
            e.readings = None;
            e
        };
        prop_assert_eq!(strip(out), strip(input));
    });
    rt.block_on(server.shutdown());
}

#[test]
fn timestamps_and_floats_outside_the_body_round_trip() {
    let rt = runtime();
    let (server, client) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = formats::server::serve(listener, FormatsEcho).unwrap();
        let client = formats::client::Client::new(config(server.local_addr()));
        (server, client)
    });
    let strategy = (
        millis(),
        prop::option::of(millis()),
        prop::option::of(seconds()),
        prop::option::of(prop::collection::vec(seconds(), 0..3)),
        prop::option::of(any_f32()),
    );
    proptest!(ProptestConfig::with_cases(CASES), |(
        (at, created, modified, history, limit) in strategy
    )| {
        // The path label `at` is a date-time (milliseconds kept); the `X-At` header that
        // brings it back is an HTTP date, so only whole seconds are compared there.
        let input = formats::types::EchoTextRequest {
            at,
            since: None,
            until: None,
            modified,
            created,
            history: history.clone(),
            limit,
        };
        let out = rt.block_on(client.echo_text(input)).unwrap();
        let whole = |t: Timestamp| Timestamp::from_secs(t.as_millis().div_euclid(1000));
        prop_assert_eq!(out.at, Some(whole(at)));
        prop_assert_eq!(out.created, created);
        // An empty list is sent as no header at all (as the AWS SDKs send it), so it reads
        // back as unset.
        prop_assert_eq!(out.history, history.filter(|h| !h.is_empty()));
        prop_assert!(same_f32(out.limit, limit), "{limit:?} came back as {:?}", out.limit);
    });
    rt.block_on(server.shutdown());
}

/// What the `bindings` server received, for the test to compare.
#[derive(Default)]
pub struct BindingsEcho {
    seen: Arc<Mutex<Vec<bindings::types::PutObjectRequest>>>,
}

impl bindings::server::Service for BindingsEcho {
    async fn put_object(
        &self,
        input: bindings::types::PutObjectRequest,
    ) -> Result<bindings::types::PutObjectResponse, bindings::errors::PutObjectError> {
        self.seen.lock().unwrap().push(input.clone());
        Ok(bindings::types::PutObjectResponse {
            status: Some(201),
            tags: input.tags,
            metadata: input.metadata,
            policy: input.policy,
            token: input.token,
        })
    }
}

#[test]
fn http_bindings_round_trip() {
    let rt = runtime();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let (server, client) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let echo = BindingsEcho { seen: seen.clone() };
        let server = bindings::server::serve(listener, echo).unwrap();
        let client = bindings::client::Client::new(config(server.local_addr()));
        (server, client)
    });
    let key = "[a-zA-Z0-9~][a-zA-Z0-9 ._~%é-]{0,6}(/[a-zA-Z0-9~][a-zA-Z0-9 ._~%-]{0,6}){0,3}";
    let strategy = (
        (".{1,10}", key, "[a-z0-9]{1,8}"),
        (
            prop::option::of(prop::collection::vec("[ -~]{0,8}", 1..4)),
            prop::option::of(prop::collection::vec(
                // The server refuses values its enum does not know.
                prop_oneof![Just("fast"), Just("safe")],
                1..3,
            )),
            prop::option::of(prop::collection::btree_map(
                "[a-z0-9-]{1,8}",
                header_text(),
                1..4,
            )),
            prop::option::of(prop::collection::btree_map(
                "[a-z][a-z0-9 &=%+]{0,6}",
                prop::collection::vec(".{0,6}", 1..3),
                1..3,
            )),
            prop::option::of(any::<i32>()),
            prop::option::of(document()),
        ),
    );
    proptest!(ProptestConfig::with_cases(CASES), |(
        ((bucket, key, account), (tags, modes, metadata, filters, limit, policy)) in strategy
    )| {
        let policy = policy.map(|doc| doc.to_string());
        let input = bindings::types::PutObjectRequest {
            bucket: bucket.clone(),
            key: key.clone(),
            tags: tags.clone(),
            modes: modes.map(|m| m.into_iter().map(bindings::types::Mode::from).collect()),
            metadata: metadata.clone(),
            // Query maps never take a parameter a member names.
            filters: filters.map(|f: BTreeMap<String, Vec<String>>| {
                f.into_iter()
                    .filter(|(k, _)| !["mode", "limit", "token", "x-id"].contains(&k.as_str()))
                    .collect()
            }),
            limit,
            policy: policy.clone(),
            token: None,
            account,
        };
        let out = rt.block_on(client.put_object(input.clone())).unwrap();
        let got = seen.lock().unwrap().pop().expect("the server was called");
        // The client filled in the idempotency token, and the server got it.
        let token = got.token.clone().expect("a token was sent");
        prop_assert_eq!(token.len(), 36);
        // The server's query map has every parameter but the template's constants: those
        // of other members too.
        let bound = ["mode", "limit", "token"];
        let filters = got.filters.clone().map(|f| {
            f.into_iter()
                .filter(|(k, _)| !bound.contains(&k.as_str()))
                .collect::<BTreeMap<_, _>>()
        });
        let sent = input.filters.clone().filter(|f| !f.is_empty());
        prop_assert_eq!(filters.filter(|f| !f.is_empty()), sent);
        // The server's prefix-header map is always there, empty when no header has the
        // prefix (an unset map and an empty one both travel as no header).
        let headers = got.metadata.clone().expect("always present on the server");
        prop_assert_eq!(Some(headers).filter(|m| !m.is_empty()), input.metadata.clone());
        prop_assert_eq!(
            &bindings::types::PutObjectRequest {
                filters: None,
                metadata: None,
                ..got.clone()
            },
            &bindings::types::PutObjectRequest {
                token: Some(token.clone()),
                filters: None,
                metadata: None,
                ..input.clone()
            }
        );
        prop_assert_eq!(out.status, Some(201));
        prop_assert_eq!(out.tags, tags);
        prop_assert_eq!(out.metadata, metadata);
        prop_assert_eq!(out.policy, policy);
        prop_assert_eq!(out.token, Some(token));
    });
    rt.block_on(server.shutdown());
}

/// The echo implementation of the `unions` fixture.
pub struct UnionsEcho;

impl unions::server::Service for UnionsEcho {
    async fn draw(
        &self,
        input: unions::types::Drawing,
    ) -> Result<unions::types::Drawing, unions::errors::DrawError> {
        Ok(input)
    }
}

fn shape() -> impl Strategy<Value = unions::types::Shape> {
    use unions::types::{Circle, Shape};
    prop_oneof![
        (-1e9f64..1e9).prop_map(|radius| Shape::Circle(Circle { radius })),
        prop::collection::vec(any::<i32>(), 0..4).prop_map(Shape::Polygon),
        ".{0,8}".prop_map(Shape::Label),
        millis().prop_map(Shape::DrawnAt),
    ]
}

#[test]
fn unions_round_trip() {
    let rt = runtime();
    let (server, client) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = unions::server::serve(listener, UnionsEcho).unwrap();
        let client = unions::client::Client::new(config(server.local_addr()));
        (server, client)
    });
    proptest!(ProptestConfig::with_cases(CASES), |(
        shape in prop::option::of(shape()),
        layers in prop::option::of(prop::collection::vec(shape(), 0..3)),
    )| {
        let input = unions::types::Drawing { shape, layers };
        let out = rt.block_on(client.draw(input.clone())).unwrap();
        prop_assert_eq!(out, input);
    });
    rt.block_on(server.shutdown());
}

/// The echo implementation of the `payloads` fixture.
pub struct PayloadsEcho;

impl payloads::server::Service for PayloadsEcho {
    async fn put_blob(
        &self,
        input: payloads::types::Blob,
    ) -> Result<payloads::types::Blob, payloads::errors::PutBlobError> {
        Ok(input)
    }

    async fn put_note(
        &self,
        input: payloads::types::Note,
    ) -> Result<payloads::types::Note, payloads::errors::PutNoteError> {
        Ok(input)
    }

    async fn put_settings(
        &self,
        input: payloads::types::SettingsRequest,
    ) -> Result<payloads::types::SettingsResponse, payloads::errors::PutSettingsError> {
        Ok(payloads::types::SettingsResponse {
            settings: input.settings,
        })
    }
}

#[test]
fn payloads_round_trip() {
    let rt = runtime();
    let (server, client) = rt.block_on(async {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let server = payloads::server::serve(listener, PayloadsEcho).unwrap();
        let client = payloads::client::Client::new(config(server.local_addr()));
        (server, client)
    });
    proptest!(ProptestConfig::with_cases(CASES), |(
        name in ".{1,8}",
        data in prop::option::of(prop::collection::vec(any::<u8>(), 1..64)),
        text in prop::option::of(".{1,16}"),
        verbose in prop::option::of(prop::option::of(any::<bool>())),
    )| {
        let blob = payloads::types::Blob {
            name: name.clone(),
            content_type: None,
            data: data.map(Blob::from),
        };
        let out = rt.block_on(client.put_blob(blob.clone())).unwrap();
        prop_assert_eq!(&out.data, &blob.data);
        // The blob travels as application/octet-stream, which comes back as the header.
        if blob.data.is_some() {
            prop_assert_eq!(out.content_type.as_deref(), Some("application/octet-stream"));
        }
        let note = payloads::types::Note { name: name.clone(), text: text.clone() };
        let out = rt.block_on(client.put_note(note)).unwrap();
        prop_assert_eq!(out.text, text);
        let settings = verbose.map(|verbose| payloads::types::Settings { verbose });
        let request = payloads::types::SettingsRequest { name, settings: settings.clone() };
        let out = rt.block_on(client.put_settings(request)).unwrap();
        // An unset structure payload is sent as `{}` (as the protocol tests require of
        // clients), and so is a set one with no member set: the server reads both as
        // unset, and answers with no body, which the client reads as unset.
        let sent = settings.filter(|s| s.verbose.is_some());
        prop_assert_eq!(out.settings, sent);
    });
    rt.block_on(server.shutdown());
}
