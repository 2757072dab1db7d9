//! SigV4 request signing as botocore and aws-sdk-rust sign rest-json requests: in headers
//! (`x-amz-date`, `x-amz-security-token`, `authorization`), no `x-amz-content-sha256`, the
//! already-encoded path encoded once more in the canonical request. WIRE.md §8 gives the
//! rules. SHA-256 and HMAC are ring's, which the client already builds for TLS; the tests
//! compare every signature with the official `aws-sigv4` crate's.

use super::config::Credentials;
use crate::path::UNRESERVED;
use crate::token::hex;
use crate::{Timestamp, TimestampFormat};
use bytes::Bytes;
use percent_encoding::{percent_decode, utf8_percent_encode, AsciiSet};
use ring::{digest, hmac};
use std::fmt::Write as _;
use std::time::{SystemTime, UNIX_EPOCH};

/// The path's bytes that stay as they are in the canonical request: the unreserved set and
/// `/`. Every `%` of the encoded path becomes `%25` (the "double encoding").
const PATH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Headers never signed: a proxy or the transport may change them on the way.
const UNSIGNED_HEADERS: [&str; 4] = [
    "authorization",
    "user-agent",
    "x-amzn-trace-id",
    "transfer-encoding",
];

/// Signs `request` in place for `service` (the schema's signing name) in `region`, at `time`:
/// sets `x-amz-date`, `authorization` and, with a session token, `x-amz-security-token`.
/// Fails only for a header value that is not visible ASCII or a URI without a host.
pub fn sign_request(
    request: &mut http::Request<Bytes>,
    credentials: &Credentials,
    region: &str,
    service: &str,
    time: SystemTime,
) -> Result<(), String> {
    let date_time = amz_date(time);
    let date = &date_time[..8];
    let token = credentials.session_token.as_deref();
    let headers = canonical_headers(request, &date_time, token)?;
    let signed: Vec<&str> = headers.iter().map(|(name, _)| name.as_str()).collect();
    let signed = signed.join(";");

    let mut canonical = String::with_capacity(512);
    canonical.push_str(request.method().as_str());
    canonical.push('\n');
    canonical.extend(utf8_percent_encode(
        &normalize_path(request.uri().path()),
        PATH,
    ));
    canonical.push('\n');
    canonical.push_str(&canonical_query(request.uri().query().unwrap_or("")));
    canonical.push('\n');
    for (name, value) in &headers {
        let _ = writeln!(canonical, "{name}:{value}");
    }
    let _ = write!(
        canonical,
        "\n{signed}\n{}",
        hex(digest::digest(&digest::SHA256, request.body()).as_ref())
    );

    let scope = format!("{date}/{region}/{service}/aws4_request");
    let string_to_sign = format!(
        "AWS4-HMAC-SHA256\n{date_time}\n{scope}\n{}",
        hex(digest::digest(&digest::SHA256, canonical.as_bytes()).as_ref())
    );
    let mut key = hmac::Key::new(
        hmac::HMAC_SHA256,
        format!("AWS4{}", credentials.secret_access_key).as_bytes(),
    );
    for part in [date, region, service, "aws4_request"] {
        key = hmac::Key::new(
            hmac::HMAC_SHA256,
            hmac::sign(&key, part.as_bytes()).as_ref(),
        );
    }
    let signature = hex(hmac::sign(&key, string_to_sign.as_bytes()).as_ref());
    let authorization = format!(
        "AWS4-HMAC-SHA256 Credential={}/{scope}, SignedHeaders={signed}, Signature={signature}",
        credentials.access_key_id
    );

    let out = request.headers_mut();
    out.insert("x-amz-date", header_value(&date_time)?);
    out.insert(http::header::AUTHORIZATION, header_value(&authorization)?);
    if let Some(token) = token {
        let mut value = header_value(token)?;
        value.set_sensitive(true);
        out.insert("x-amz-security-token", value);
    }
    Ok(())
}

fn header_value(text: &str) -> Result<http::HeaderValue, String> {
    http::HeaderValue::from_str(text).map_err(|_| format!("`{text}` is not a valid header value"))
}

/// The signed headers, sorted by name, each with its values (spaces trimmed and runs of
/// spaces collapsed) joined by `,` in the order they were added; `host` from the URI when
/// the request has none (without the scheme's default port), and the date and token
/// headers as they will be sent.
fn canonical_headers(
    request: &http::Request<Bytes>,
    date_time: &str,
    token: Option<&str>,
) -> Result<Vec<(String, String)>, String> {
    let mut headers: Vec<(String, String)> = Vec::with_capacity(request.headers().len() + 3);
    let replaced =
        |name: &str| name == "x-amz-date" || (token.is_some() && name == "x-amz-security-token");
    for name in request.headers().keys() {
        let name = name.as_str();
        if UNSIGNED_HEADERS.contains(&name) || replaced(name) {
            continue;
        }
        let mut joined = String::new();
        for (i, value) in request.headers().get_all(name).iter().enumerate() {
            let value = value
                .to_str()
                .map_err(|_| format!("header `{name}` is not visible ASCII"))?;
            if i > 0 {
                joined.push(',');
            }
            trim_all(value, &mut joined);
        }
        headers.push((name.to_string(), joined));
    }
    if !request.headers().contains_key(http::header::HOST) {
        let uri = request.uri();
        let host = uri.host().ok_or("the request's URI has no host")?;
        let default_port = matches!(
            (uri.scheme_str(), uri.port_u16()),
            (Some("http"), Some(80)) | (Some("https"), Some(443))
        );
        let host = match uri.authority() {
            Some(authority) if !default_port => authority.as_str(),
            _ => host,
        };
        headers.push(("host".to_string(), host.to_string()));
    }
    headers.push(("x-amz-date".to_string(), date_time.to_string()));
    if let Some(token) = token {
        headers.push(("x-amz-security-token".to_string(), token.to_string()));
    }
    headers.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(headers)
}

/// Appends `value` without leading or trailing spaces and with each run of spaces made one
/// (spaces only: a tab is kept, as S3 and the official signers do).
fn trim_all(value: &str, out: &mut String) {
    let mut previous_space = false;
    for c in value.trim_matches(' ').chars() {
        if c != ' ' || !previous_space {
            out.push(c);
        }
        previous_space = c == ' ';
    }
}

/// The path with `.` and `..` segments resolved and empty segments dropped (RFC 3986
/// §5.2.4), a trailing `/` kept; `/` for an empty path. Only a path holding `.` or `//`
/// changes.
fn normalize_path(path: &str) -> String {
    let path = if path.starts_with('/') {
        path.to_string()
    } else {
        format!("/{path}")
    };
    if !path.contains('.') && !path.contains("//") {
        return path;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                segments.pop();
            }
            other => segments.push(other),
        }
    }
    let mut normalized = format!("/{}", segments.join("/"));
    let trailing = ["/", "/.", "/./", "/..", "/../"]
        .iter()
        .any(|end| path.ends_with(end));
    if trailing && !normalized.ends_with('/') {
        normalized.push('/');
    }
    normalized
}

/// The query as the canonical request has it: each pair read as a form would be (`+` is a
/// space), both sides encoded again with only the unreserved set left as is, sorted, and
/// joined as `k=v` with `&`.
fn canonical_query(query: &str) -> String {
    let decode = |text: &str| {
        let text = text.replace('+', " ");
        let bytes: Vec<u8> = percent_decode(text.as_bytes()).collect();
        utf8_percent_encode(&String::from_utf8_lossy(&bytes), UNRESERVED).to_string()
    };
    let mut pairs: Vec<(String, String)> = query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(key), decode(value))
        })
        .collect();
    pairs.sort();
    let mut out = String::with_capacity(query.len() + 8);
    for (i, (key, value)) in pairs.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        let _ = write!(out, "{key}={value}");
    }
    out
}

/// `YYYYMMDDTHHMMSSZ` in UTC: the RFC 3339 form of the whole second without its `-` and `:`.
/// A time before 1970 signs as the epoch (no clock is that wrong and still talks to AWS).
fn amz_date(time: SystemTime) -> String {
    let seconds = time
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
    let mut text = Timestamp::from_secs(seconds).format(TimestampFormat::DateTime);
    text.retain(|c| c != '-' && c != ':');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_paths_as_rfc_3986() {
        assert_eq!(normalize_path(""), "/");
        assert_eq!(normalize_path("/a/b"), "/a/b");
        assert_eq!(normalize_path("/a//b/./c/../d"), "/a/b/d");
        assert_eq!(normalize_path("/a/b/."), "/a/b/");
        assert_eq!(normalize_path("/../a"), "/a");
        assert_eq!(normalize_path("/a.b/c"), "/a.b/c");
    }

    #[test]
    fn canonical_query_sorts_and_reencodes() {
        assert_eq!(canonical_query(""), "");
        assert_eq!(canonical_query("b=2&a=1&a=0"), "a=0&a=1&b=2");
        assert_eq!(canonical_query("k=a+b&f"), "f=&k=a%20b");
        assert_eq!(canonical_query("k=%7e%2F&&x=%zz"), "k=~%2F&x=%25zz");
    }

    #[test]
    fn trims_spaces_only() {
        let mut out = String::new();
        trim_all("  a   b\t c  ", &mut out);
        assert_eq!(out, "a b\t c");
    }

    #[test]
    fn dates_in_utc() {
        let time = UNIX_EPOCH + std::time::Duration::from_secs(1_440_938_160);
        assert_eq!(amz_date(time), "20150830T123600Z");
    }
}
