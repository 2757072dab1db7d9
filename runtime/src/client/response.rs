//! A success response as generated decoders read it: the status, headers bound to output
//! members, and the body as JSON members or as one payload member.

use super::DecodeError;
use crate::{Blob, FromParam, Timestamp, TimestampFormat};
use bytes::Bytes;
use serde::de::DeserializeOwned;
use std::collections::BTreeMap;

/// A success response being decoded into an operation's output.
#[derive(Debug, Clone, Copy)]
pub struct Response<'r> {
    status: u16,
    headers: &'r http::HeaderMap,
    body: &'r Bytes,
}

impl<'r> Response<'r> {
    pub(crate) fn new(response: &'r http::Response<Bytes>) -> Self {
        Response {
            status: response.status().as_u16(),
            headers: response.headers(),
            body: response.body(),
        }
    }

    /// The status code (for a member with `location: status`).
    pub fn status(&self) -> i32 {
        i32::from(self.status)
    }

    /// The body members: the JSON object body (an empty body is `{}`).
    pub fn json<T: DeserializeOwned>(&self) -> Result<T, DecodeError> {
        let body: &[u8] = if self.body.iter().all(u8::is_ascii_whitespace) {
            b"{}"
        } else {
            self.body
        };
        crate::glue::object::correcting(|| serde_json::from_slice(body)).map_err(DecodeError::Json)
    }

    /// A JSON payload member (structure, union, document); `None` for an empty body.
    pub fn payload_json<T: DeserializeOwned>(&self) -> Result<Option<T>, DecodeError> {
        if self.body.is_empty() {
            return Ok(None);
        }
        crate::glue::object::correcting(|| serde_json::from_slice(self.body))
            .map(Some)
            .map_err(DecodeError::Json)
    }

    /// A required payload member: `value`, or an error for an empty body.
    pub fn required<T>(&self, value: Option<T>) -> Result<T, DecodeError> {
        value.ok_or(DecodeError::MissingPayload)
    }

    /// A blob payload member: the body's bytes; `None` for an empty body.
    pub fn payload_blob(&self) -> Option<Blob> {
        (!self.body.is_empty()).then(|| Blob::from(self.body.to_vec()))
    }

    /// A string or enum payload member: the body as text; `None` for an empty body.
    pub fn payload_text<T: for<'a> From<&'a str>>(&self) -> Result<Option<T>, DecodeError> {
        if self.body.is_empty() {
            return Ok(None);
        }
        std::str::from_utf8(self.body)
            .map(|text| Some(T::from(text)))
            .map_err(|_| DecodeError::Header {
                name: "(body)".to_string(),
                message: "a text payload is not UTF-8".to_string(),
            })
    }

    /// The value of header `name` as text; `None` when absent.
    fn text(&self, name: &str) -> Result<Option<&'r str>, DecodeError> {
        match self.headers.get(name) {
            None => Ok(None),
            Some(value) => value
                .to_str()
                .map(Some)
                .map_err(|_| header_error(name, "not visible ASCII".to_string())),
        }
    }

    /// Header `name`, parsed; `None` when absent.
    pub fn header<T: FromParam>(&self, name: &str) -> Result<Option<T>, DecodeError> {
        match self.text(name)? {
            None => Ok(None),
            Some(text) => T::from_param(text.trim())
                .map(Some)
                .map_err(|m| header_error(name, m)),
        }
    }

    /// Header `name` as an enum value (any text: enums keep values they do not know);
    /// `None` when absent.
    pub fn header_enum<T: for<'a> From<&'a str>>(
        &self,
        name: &str,
    ) -> Result<Option<T>, DecodeError> {
        Ok(self.text(name)?.map(|text| T::from(text.trim())))
    }

    /// Header `name` as a comma-separated list of enum values (quoted values unquoted);
    /// `None` when absent.
    pub fn header_enum_list<T: for<'a> From<&'a str>>(
        &self,
        name: &str,
    ) -> Result<Option<Vec<T>>, DecodeError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        let items = crate::split_header_list(text).map_err(|m| header_error(name, m))?;
        Ok(Some(items.iter().map(|item| T::from(item)).collect()))
    }

    /// Header `name` as a timestamp in `format`; `None` when absent.
    pub fn header_timestamp(
        &self,
        name: &str,
        format: TimestampFormat,
    ) -> Result<Option<Timestamp>, DecodeError> {
        match self.text(name)? {
            None => Ok(None),
            Some(text) => parse_timestamp(name, text.trim(), format).map(Some),
        }
    }

    /// Header `name` as a comma-separated list (quoted values unquoted); `None` when
    /// absent.
    pub fn header_list<T: FromParam>(&self, name: &str) -> Result<Option<Vec<T>>, DecodeError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        let items = crate::split_header_list(text).map_err(|m| header_error(name, m))?;
        items
            .iter()
            .map(|item| T::from_param(item).map_err(|m| header_error(name, m)))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name` as a list of timestamps in `format` (HTTP dates keep their commas).
    pub fn header_timestamp_list(
        &self,
        name: &str,
        format: TimestampFormat,
    ) -> Result<Option<Vec<Timestamp>>, DecodeError> {
        let Some(text) = self.text(name)? else {
            return Ok(None);
        };
        let items = crate::split_timestamp_list(text, format).map_err(|m| header_error(name, m))?;
        items
            .iter()
            .map(|item| parse_timestamp(name, item, format))
            .collect::<Result<_, _>>()
            .map(Some)
    }

    /// Header `name` holding base64-encoded JSON text (`json_value`); `None` when absent.
    pub fn header_json_value(&self, name: &str) -> Result<Option<String>, DecodeError> {
        match self.text(name)? {
            None => Ok(None),
            Some(text) => crate::decode_json_header(text.trim())
                .map(Some)
                .map_err(|m| header_error(name, m)),
        }
    }

    /// Every header whose name starts with `prefix` (case-insensitively), keyed by the rest
    /// of its lowercase name; `None` when there is none.
    pub fn prefix_headers(
        &self,
        prefix: &str,
    ) -> Result<Option<BTreeMap<String, String>>, DecodeError> {
        crate::prefixed_headers(self.headers, prefix)
            .map_err(|name| header_error(&name, "not visible ASCII".to_string()))
    }
}

fn parse_timestamp(
    name: &str,
    text: &str,
    format: TimestampFormat,
) -> Result<Timestamp, DecodeError> {
    Timestamp::parse(text, format).ok_or_else(|| {
        header_error(
            name,
            format!("`{text}` is not a timestamp in {format:?} form"),
        )
    })
}

fn header_error(name: &str, message: String) -> DecodeError {
    DecodeError::Header {
        name: name.to_string(),
        message,
    }
}
