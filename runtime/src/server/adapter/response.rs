//! The response on the wire: a [`Reply`] with the request id and the headers HTTP needs.

use crate::server::{allowed_methods, Reply};
use crate::{ERROR_TYPE_HEADER, REQUEST_ID_HEADER};
use bytes::Bytes;
use http_body_util::Full;

pub(super) fn into_response(reply: Reply, request_id: &str) -> hyper::Response<Full<Bytes>> {
    let mut response = hyper::Response::new(Full::new(reply.body.clone()));
    *response.status_mut() =
        http::StatusCode::from_u16(reply.status).unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    if let Ok(value) = http::HeaderValue::from_str(request_id) {
        headers.insert(REQUEST_ID_HEADER, value);
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
    if let Some(code) = reply.error_type.as_deref() {
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
