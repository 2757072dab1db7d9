//! Request content codings: a gzip body is inflated before the operation reads it.

use crate::server::Rejection;
use bytes::Bytes;

/// Undoes a `gzip` content coding, the last one applied: what the clients of operations
/// with request compression send (the AWS SDKs as well as generated clients). The body is
/// inflated up to the body limit (a larger result is a 413, so a small bomb cannot grow
/// past it) and `gzip` is taken off `Content-Encoding`, so that a member bound to that
/// header reads the codings the client's user set: `custom, gzip` reads as `custom`. Other
/// codings are left to the operation, as they are its data.
pub(super) fn decode_content(
    headers: &mut http::HeaderMap,
    body: Bytes,
    limit: usize,
) -> Result<Bytes, Rejection> {
    let codings: Vec<&str> = headers
        .get_all(http::header::CONTENT_ENCODING)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .filter(|c| !c.is_empty())
        .collect();
    let Some((last, rest)) = codings.split_last() else {
        return Ok(body);
    };
    if !last.eq_ignore_ascii_case("gzip") {
        return Ok(body);
    }
    let remaining = http::HeaderValue::from_str(&rest.join(", ")).ok();
    let body = gunzip(&body, limit)?;
    match remaining {
        Some(value) if !rest.is_empty() => {
            headers.insert(http::header::CONTENT_ENCODING, value);
        }
        _ => {
            headers.remove(http::header::CONTENT_ENCODING);
        }
    }
    Ok(body)
}

#[cfg(feature = "compression")]
fn gunzip(body: &[u8], limit: usize) -> Result<Bytes, Rejection> {
    use std::io::Read;
    let mut out = Vec::new();
    flate2::read::MultiGzDecoder::new(body)
        .take(limit as u64 + 1)
        .read_to_end(&mut out)
        .map_err(|_| Rejection::serialization("the request body is not valid gzip"))?;
    if out.len() > limit {
        return Err(Rejection::payload_too_large(limit));
    }
    Ok(out.into())
}

#[cfg(not(feature = "compression"))]
fn gunzip(_body: &[u8], _limit: usize) -> Result<Bytes, Rejection> {
    Err(Rejection::unsupported_media_type(
        "gzip request bodies need the server's `compression` feature",
    ))
}
