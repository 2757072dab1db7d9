//! The raw schema: serde types that mirror the YAML file key for key, before any checking.
//!
//! Unknown keys are rejected here (`deny_unknown_fields`); everything else (references,
//! duplicates, naming) is checked by `validate`, which turns this into a `model::Model`.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::Deserialize;
use std::fmt;

/// A YAML mapping kept in source order, duplicates included, so that validation can report
/// a duplicate name instead of serde silently keeping the last one.
#[derive(Debug, Clone, PartialEq)]
pub struct Entries<T>(pub Vec<(String, T)>);

impl<T> Default for Entries<T> {
    fn default() -> Self {
        Entries(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Entries<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for EntriesVisitor<T> {
            type Value = Entries<T>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping from names to definitions")
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Self::Value, E> {
                Ok(Entries(Vec::new()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut entries = Vec::new();
                while let Some((key, value)) = map.next_entry::<String, T>()? {
                    entries.push((key, value));
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_any(EntriesVisitor(std::marker::PhantomData))
    }
}

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub service: Service,
    #[serde(default)]
    pub shapes: Entries<Shape>,
    #[serde(default)]
    pub operations: Entries<Operation>,
    #[serde(default)]
    pub errors: Entries<Error>,
}

/// `service:`: what the service is called and how it is spoken to.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    pub version: String,
    pub protocol: String,
    #[serde(default)]
    pub signing_name: Option<String>,
    #[serde(default)]
    pub endpoint_prefix: Option<String>,
    #[serde(default)]
    pub docs: Option<String>,
    /// The package name of the generated crate.
    #[serde(default, rename = "crate")]
    pub crate_name: Option<String>,
}

/// One entry of `shapes:`. Which keys apply depends on `type`; `validate` reports keys
/// that do not belong to the shape's type.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default)]
    pub docs: Option<String>,
    /// `structure`: its members.
    #[serde(default)]
    pub members: Option<Entries<Member>>,
    /// `enum`: its values.
    #[serde(default)]
    pub values: Option<Vec<EnumValue>>,
    /// `map`: the key shape (a string shape).
    #[serde(default)]
    pub key: Option<String>,
    /// `map`: the value shape.
    #[serde(default)]
    pub value: Option<String>,
    /// `list`: the element shape.
    #[serde(default)]
    pub member: Option<String>,
    #[serde(default)]
    pub length: Option<Bounds>,
    #[serde(default)]
    pub range: Option<Bounds>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// `timestamp`: `epoch-seconds`, `date-time` or `http-date`.
    #[serde(default)]
    pub timestamp_format: Option<String>,
}

/// A member of a structure, an operation input or an error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub target: String,
    #[serde(default)]
    pub required: bool,
    #[serde(default)]
    pub wire_name: Option<String>,
    #[serde(default)]
    pub location: Option<String>,
    #[serde(default)]
    pub docs: Option<String>,
    #[serde(default)]
    pub length: Option<Bounds>,
    #[serde(default)]
    pub range: Option<Bounds>,
    #[serde(default)]
    pub pattern: Option<String>,
    /// Overrides the target's timestamp format.
    #[serde(default)]
    pub timestamp_format: Option<String>,
    /// A string header member whose value is JSON text, sent base64-encoded.
    #[serde(default)]
    pub json_value: bool,
    /// A string member the client fills with a fresh UUID when the caller leaves it unset.
    #[serde(default)]
    pub idempotency_token: bool,
    /// A member that fills a `{label}` of the operation's `host_prefix`.
    #[serde(default)]
    pub host_label: bool,
}

/// `min`/`max` of a `length` or `range` constraint; either may be left out.
#[derive(Debug, Deserialize, Clone, Copy, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(default)]
    pub min: Option<f64>,
    #[serde(default)]
    pub max: Option<f64>,
}

/// An enum value: either the bare wire value, or a mapping with a Rust name and docs.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum EnumValue {
    Bare(String),
    Full(EnumValueFull),
}

/// The long form of an enum value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueFull {
    pub value: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub docs: Option<String>,
}

/// One entry of `operations:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub method: String,
    pub path: String,
    #[serde(default)]
    pub input: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
    pub success: u16,
    #[serde(default)]
    pub errors: Vec<String>,
    #[serde(default)]
    pub idempotent: Option<bool>,
    #[serde(default)]
    pub pagination: Option<Pagination>,
    /// Prepended to the endpoint's host; `{label}`s name `host_label` input members.
    #[serde(default)]
    pub host_prefix: Option<String>,
    /// Encodings the client may compress the request body with (`[gzip]`).
    #[serde(default)]
    pub request_compression: Vec<String>,
    /// The client sends `Content-MD5` of the body.
    #[serde(default)]
    pub checksum_required: bool,
    #[serde(default)]
    pub docs: Option<String>,
}

/// `pagination:` of an operation: member names in its input and output.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub input_token: String,
    pub output_token: String,
    pub items: String,
    #[serde(default)]
    pub page_size: Option<String>,
}

/// One entry of `errors:`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    pub status: u16,
    #[serde(default)]
    pub code: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub retryable: bool,
    #[serde(default)]
    pub members: Entries<Member>,
    #[serde(default)]
    pub docs: Option<String>,
}
