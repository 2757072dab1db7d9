//! What a generated `Dispatch::call` calls: a required member outside the body, one
//! operation's future, and its result encoded into a [`Reply`].

use crate::server::{Rejection, Reply};
use crate::OperationError;
use bytes::Bytes;
use std::future::Future;
use std::pin::Pin;

/// Encodes an operation's result: `status` with the output as JSON, or the error's
/// rest-json form.
pub fn respond<O: serde::Serialize, E: OperationError>(status: u16, result: Result<O, E>) -> Reply {
    match result {
        Ok(_) if status == 204 => Reply::empty(status),
        Ok(output) => match serde_json::to_vec(&output) {
            Ok(body) => Reply::json(status, body),
            // Only a map with non-string keys fails to serialize; the model has none.
            Err(_) => Rejection::internal().into_reply(),
        },
        Err(error) => Reply::error(error.encode()),
    }
}

/// The future of one operation's reply, boxed: what [`operation`] returns, so that every
/// arm of a generated `Dispatch::call` has this one type.
pub type ReplyFuture<'a> = Pin<Box<dyn Future<Output = Result<Reply, Rejection>> + Send + 'a>>;

/// Runs one operation for the generated dispatch: `call` is the implementation's future for
/// the decoded input, or the [`Rejection`] of the request; `respond` encodes its result
/// ([`respond`], [`respond_with`] or [`respond_empty`] with the operation's status).
///
/// The one `async` body of every operation: generated code builds the input and calls the
/// implementation in plain functions and hands the future here, since an `async` block per
/// operation made checking a generated crate grow faster than its number of operations.
pub fn operation<'a, F, R>(call: Result<F, Rejection>, respond: fn(R) -> Reply) -> ReplyFuture<'a>
where
    F: Future<Output = R> + Send + 'a,
    R: 'a,
{
    Box::pin(async move { Ok(respond(call?.await)) })
}

/// A required member outside the body: its value, or a 400 naming what is missing (the
/// `what` called `name` on the wire, the input's `member`).
pub fn required<T>(value: Option<T>, what: &str, name: &str, member: &str) -> Result<T, Rejection> {
    value.ok_or_else(|| Rejection::missing(what, name, member))
}

/// Encodes the result of an operation whose output has members outside the JSON body:
/// `encode` writes the output's headers, status and body into a [`ReplyBuilder`].
pub fn respond_with<O, E: OperationError>(
    status: u16,
    result: Result<O, E>,
    encode: impl FnOnce(&O, &mut ReplyBuilder),
) -> Reply {
    match result {
        Ok(output) => {
            let mut builder = ReplyBuilder {
                reply: Reply::empty(status),
                failed: false,
                prefixed: Vec::new(),
            };
            encode(&output, &mut builder);
            if builder.failed {
                return Rejection::internal().into_reply();
            }
            // A prefix map's header yields to the same header a member sets.
            for (name, value) in std::mem::take(&mut builder.prefixed) {
                let headers = &mut builder.reply.headers.0;
                if !headers.iter().any(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                    headers.push((name, value));
                }
            }
            if builder.reply.status == 204 {
                builder.reply.body = Bytes::new();
            }
            builder.reply
        }
        Err(error) => Reply::error(error.encode()),
    }
}

/// Writes an output's members into a success response (generated encoders call it).
#[derive(Debug)]
pub struct ReplyBuilder {
    reply: Reply,
    failed: bool,
    /// The headers of prefix maps, added after the members' own.
    prefixed: Vec<(String, String)>,
}

impl ReplyBuilder {
    /// A member bound to the status code; left as the operation's success status when
    /// `None` or not a valid status.
    pub fn status(&mut self, status: Option<i32>) {
        if let Some(status) = status.and_then(|s| u16::try_from(s).ok()) {
            if (100..=999).contains(&status) {
                self.reply.status = status;
            }
        }
    }

    /// A header, left out when `None`.
    pub fn header(&mut self, name: &str, value: Option<impl crate::ToParam>) {
        self.headers().header(name, value);
    }

    /// A list header (see [`crate::OutHeaders::header_list`]).
    pub fn header_list<V: crate::ToParam>(
        &mut self,
        name: &str,
        values: Option<impl IntoIterator<Item = V>>,
    ) {
        self.headers().header_list(name, values);
    }

    /// A list header of texts joined as they are (HTTP dates keep their commas).
    pub fn header_texts(&mut self, name: &str, values: Option<Vec<String>>) {
        self.headers().header_texts(name, values);
    }

    /// The reply's headers, as the shared writer.
    fn headers(&mut self) -> &mut crate::OutHeaders {
        &mut self.reply.headers
    }

    /// One header per entry, named `prefix` + key; left out when `None`, and an entry
    /// whose header a member also sets yields to the member (Smithy's empty prefix).
    pub fn prefix_headers(
        &mut self,
        prefix: &str,
        map: Option<&std::collections::BTreeMap<String, String>>,
    ) {
        for (key, value) in map.into_iter().flatten() {
            self.prefixed
                .push((format!("{prefix}{key}"), value.clone()));
        }
    }

    /// The output's JSON body members (its other members are skipped by serde).
    pub fn json(&mut self, output: &impl serde::Serialize) {
        match serde_json::to_vec(output) {
            Ok(body) => self.reply.body = Bytes::from(body),
            Err(_) => self.failed = true,
        }
    }

    /// A JSON payload member (structure, union, document); an empty body when `None`.
    pub fn payload_json(&mut self, value: Option<&impl serde::Serialize>) {
        if let Some(value) = value {
            self.json(value);
        }
    }

    /// A blob or text payload member with its content type; an empty body when `None`.
    pub fn payload_bytes(&mut self, value: Option<&[u8]>, content_type: &'static str) {
        if let Some(value) = value {
            self.reply.body = Bytes::copy_from_slice(value);
            self.reply.content_type = content_type;
        }
    }
}

/// Encodes the result of an operation that has no output: `status` with an empty body, or
/// the error's rest-json form.
pub fn respond_empty<E: OperationError>(status: u16, result: Result<(), E>) -> Reply {
    match result {
        Ok(()) => Reply::empty(status),
        Err(error) => Reply::error(error.encode()),
    }
}
