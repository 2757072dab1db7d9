//! The runtime's SigV4 signer against the official `aws-sigv4` crate: for arbitrary
//! requests (methods, encoded paths with `.`, `..` and empty segments, queries with `+`,
//! escapes and repeated keys, repeated headers with runs of spaces, default and other
//! ports, bodies, dates, with and without a session token) both give the same headers.
#![cfg(feature = "sigv4")]

use aws_sigv4::http_request::{sign, SignableBody, SignableRequest, SigningSettings};
use aws_sigv4::sign::v4;
use bytes::Bytes;
use integration_response::runtime::client::{sign_request, Credentials};
use proptest::prelude::*;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// What a case is made of.
#[derive(Debug, Clone)]
struct Case {
    method: &'static str,
    authority: &'static str,
    path: String,
    query: Option<String>,
    headers: Vec<(&'static str, String)>,
    body: Vec<u8>,
    seconds: u64,
    token: Option<String>,
    region: String,
    service: String,
}

impl Case {
    fn request(&self) -> http::Request<Bytes> {
        let mut uri = format!("{}{}", self.authority, self.path);
        if let Some(query) = &self.query {
            uri.push('?');
            uri.push_str(query);
        }
        let mut request = http::Request::new(Bytes::from(self.body.clone()));
        *request.method_mut() = self.method.parse().unwrap();
        *request.uri_mut() = uri.parse().unwrap();
        for (name, value) in &self.headers {
            request
                .headers_mut()
                .append(*name, http::HeaderValue::from_str(value).unwrap());
        }
        request
    }

    fn time(&self) -> SystemTime {
        UNIX_EPOCH + Duration::from_secs(self.seconds)
    }
}

/// The official signer's headers for `case`, as the runtime used to sign before it had
/// its own signer.
fn official(case: &Case) -> http::Request<Bytes> {
    let mut request = case.request();
    let identity = aws_credential_types::Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        case.token.clone(),
        None,
        "test",
    )
    .into();
    let params = v4::SigningParams::builder()
        .identity(&identity)
        .region(&case.region)
        .name(&case.service)
        .time(case.time())
        .settings(SigningSettings::default())
        .build()
        .unwrap()
        .into();
    let headers: Vec<(&str, &str)> = request
        .headers()
        .iter()
        .map(|(name, value)| (name.as_str(), value.to_str().unwrap()))
        .collect();
    let uri = request.uri().to_string();
    let signable = SignableRequest::new(
        request.method().as_str(),
        &uri,
        headers.into_iter(),
        SignableBody::Bytes(request.body()),
    )
    .unwrap();
    let (instructions, _) = sign(signable, &params).unwrap().into_parts();
    instructions.apply_to_request_http1x(&mut request);
    request
}

fn ours(case: &Case) -> http::Request<Bytes> {
    let mut request = case.request();
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        case.token.clone(),
    );
    sign_request(
        &mut request,
        &credentials,
        &case.region,
        &case.service,
        case.time(),
    )
    .unwrap();
    request
}

fn assert_same(case: &Case) -> Result<(), TestCaseError> {
    let (want, got) = (official(case), ours(case));
    for name in ["authorization", "x-amz-date", "x-amz-security-token"] {
        prop_assert_eq!(
            want.headers().get_all(name).iter().collect::<Vec<_>>(),
            got.headers().get_all(name).iter().collect::<Vec<_>>(),
            "header `{}` of {:?}",
            name,
            case
        );
    }
    prop_assert_eq!(want.headers().len(), got.headers().len());
    Ok(())
}

fn case() -> impl Strategy<Value = Case> {
    let segment = "([a-zA-Z0-9_~-]|%[0-9A-F]{2}|\\.){0,6}";
    let pair =
        "([a-zA-Z0-9._~*+-]|%[0-9A-Fa-f]{2}){0,5}(=([a-zA-Z0-9._~*+-]|%[0-9A-Fa-f]{2}){0,5})?";
    let header = (
        prop::sample::select(vec![
            "content-type",
            "x-amz-target",
            "x-custom",
            "user-agent",
            "x-amzn-trace-id",
            "host",
            "x-amz-date",
            "x-amz-security-token",
            "content-length",
        ]),
        "( {1,3}|\t|[!-~]{1,3}){0,5}",
    );
    (
        (
            prop::sample::select(vec!["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD"]),
            prop::sample::select(vec![
                "https://apigateway.us-east-1.amazonaws.com",
                "https://example.com:443",
                "http://example.com:80",
                "https://example.com:80",
                "http://127.0.0.1:8080",
            ]),
            prop::collection::vec(segment, 0..5).prop_map(|s| format!("/{}", s.join("/"))),
            prop::option::of(prop::collection::vec(pair, 0..5).prop_map(|p| p.join("&"))),
        ),
        (
            prop::collection::vec(header, 0..6),
            prop::collection::vec(any::<u8>(), 0..64),
            0u64..4_102_444_800,
            prop::option::of("[!-~]{1,16}"),
            "[a-z0-9-]{1,14}",
            "[a-z0-9-]{1,14}",
        ),
    )
        .prop_map(
            |(
                (method, authority, path, query),
                (headers, body, seconds, token, region, service),
            )| Case {
                method,
                authority,
                path,
                query,
                headers,
                body,
                seconds,
                token,
                region,
                service,
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn signs_as_the_official_signer(case in case()) {
        assert_same(&case)?;
    }
}

/// AWS's own worked example (the IAM `ListUsers` request of the SigV4 documentation),
/// whose signature the documentation gives.
#[test]
fn signs_the_documented_example() {
    let mut request = http::Request::new(Bytes::new());
    *request.uri_mut() = "https://iam.amazonaws.com/?Action=ListUsers&Version=2010-05-08"
        .parse()
        .unwrap();
    request.headers_mut().insert(
        "content-type",
        http::HeaderValue::from_static("application/x-www-form-urlencoded; charset=utf-8"),
    );
    let credentials = Credentials::new(
        "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
        None,
    );
    let time = UNIX_EPOCH + Duration::from_secs(1_440_938_160);
    sign_request(&mut request, &credentials, "us-east-1", "iam", time).unwrap();
    assert_eq!(
        request.headers()["authorization"],
        "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request, \
         SignedHeaders=content-type;host;x-amz-date, \
         Signature=5d672d79c15b13162d9279b0855cfba6789a8edb4c82c400e06b5924a6f2b5d7"
    );
}
