//! The response on the wire: a [`Reply`] with the request id and the headers HTTP needs.

use crate::server::{allowed_methods, Reply};
use crate::{Protocol, ERROR_TYPE_HEADER};
use bytes::Bytes;
use http_body_util::Full;

/// `reply` as HTTP, an error in `protocol`'s form: rest-json names it in `x-amzn-ErrorType`,
/// http-json in the body (see [`Protocol`]).
pub(super) fn into_response(
    mut reply: Reply,
    request_id: &str,
    protocol: Protocol,
) -> hyper::Response<Full<Bytes>> {
    if let (Protocol::HttpJson(form), Some(code)) = (protocol, reply.error_type.as_deref()) {
        let (body, content_type) = crate::protocol::http_json_error(
            form,
            reply.status,
            code,
            reply.error_title,
            &reply.body,
        );
        reply.body = Bytes::from(body);
        reply.content_type = content_type;
    }
    let mut response = hyper::Response::new(Full::new(reply.body.clone()));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = http::HeaderValue::from_str(request_id) {
        headers.insert(protocol.request_id_header(), value);
    }
    for (name, value) in &reply.headers.0 {
        let (Ok(name), Ok(value)) = (
            http::HeaderName::from_bytes(name.as_bytes()),
            http::HeaderValue::from_str(value),
        ) else {
            // A header the implementation filled with text HTTP cannot carry is left out.
            continue;
        };
        headers.append(name, value);
    }
    if !reply.body.is_empty() && !headers.contains_key(http::header::CONTENT_TYPE) {
        headers.insert(
            http::header::CONTENT_TYPE,
            http::HeaderValue::from_static(reply.content_type),
        );
    }
    if let (Protocol::RestJson1, Some(code)) = (protocol, reply.error_type.as_deref()) {
        if let Ok(value) = http::HeaderValue::from_str(code) {
            headers.insert(ERROR_TYPE_HEADER, value);
        }
    }
    if let Some(allowed) = reply.allow {
        if let Ok(value) = http::HeaderValue::from_str(&allowed_methods(allowed).join(", ")) {
            headers.insert(http::header::ALLOW, value);
        }
    }
    response
}
