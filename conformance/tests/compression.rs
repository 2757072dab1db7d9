//! Request compression by size, as the AWS SDKs do it: an operation with
//! `request_compression` gzips bodies of at least `request_min_compression_size_bytes`
//! (10 KiB by default; the case `SDKAppliedContentEncoding_restJson1` sends 10,508 bytes),
//! sends smaller ones as they are, and compresses nothing when that is `None`.

use bytes::Bytes;
use restgen_conformance::input_put_with_content_encoding as service;
use restgen_runtime::client::{BoxFuture, Config, Transport, TransportError};
use std::sync::{Arc, Mutex};

/// What a request carried: its `Content-Encoding` and its body's length.
type Sent = (Option<String>, usize);

/// Keeps what each request carried; answers 200 `{}`.
#[derive(Clone, Default)]
struct Seen(Arc<Mutex<Vec<Sent>>>);

impl Transport for Seen {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        let encoding = request
            .headers()
            .get(http::header::CONTENT_ENCODING)
            .map(|v| v.to_str().unwrap().to_string());
        self.0
            .lock()
            .unwrap()
            .push((encoding, request.body().len()));
        let response = http::Response::builder()
            .status(200)
            .body(Bytes::from_static(b"{}"))
            .unwrap();
        Box::pin(async move { Ok(response) })
    }
}

/// Sends one body of `data_len` characters and returns what went on the wire.
async fn send(min: Option<Option<usize>>, data_len: usize) -> Sent {
    let seen = Seen::default();
    let mut config = Config::builder()
        .endpoint("https://example.com")
        .no_signing()
        .transport(seen.clone());
    if let Some(min) = min {
        config = config.request_min_compression_size_bytes(min);
    }
    let client = service::client::Client::new(config.build().unwrap());
    let input = service::types::PutWithContentEncodingInput {
        encoding: None,
        data: Some("a".repeat(data_len)),
    };
    client.put_with_content_encoding(input).await.unwrap();
    let mut seen = seen.0.lock().unwrap();
    seen.pop().unwrap()
}

#[tokio::test]
async fn bodies_are_gzipped_from_the_minimum_size_on() {
    // `{"data":"..."}` is 11 bytes more than the data.
    let (encoding, len) = send(None, 10_240 - 11).await;
    assert_eq!((encoding.as_deref(), len), (Some("gzip"), len));
    assert!(len < 1_000, "gzip of 10 KiB of `a` is small, got {len}");
    let (encoding, len) = send(None, 10_240 - 12).await;
    assert_eq!((encoding, len), (None, 10_239));
    let (encoding, _) = send(Some(Some(0)), 1).await;
    assert_eq!(encoding.as_deref(), Some("gzip"));
    let (encoding, len) = send(Some(None), 50_000).await;
    assert_eq!((encoding, len), (None, 50_011));
}
