//! The raw schema: serde types that mirror the YAML file key for key, before any checking.
//!
//! Unknown keys are rejected here (`deny_unknown_fields`); everything else (references,
//! duplicates, naming) is checked by `validate`, which turns this into a `model::Model`.
//! The importer writes a schema through the same types (`Serialize`): keys in the order of
//! the README's tables, keys with their default value left out.

use serde::de::{Deserializer, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
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

impl<T> Entries<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl<T: Serialize> Serialize for Entries<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
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

fn is_false(b: &bool) -> bool {
    !*b
}

/// The whole file.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Schema {
    pub service: Service,
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    pub shapes: Entries<Shape>,
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    pub operations: Entries<Operation>,
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    pub errors: Entries<Error>,
}

/// `service:`: what the service is called and how it is spoken to.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    pub name: String,
    pub version: String,
    pub protocol: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub signing_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint_prefix: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// The package name of the generated crate.
    #[serde(default, rename = "crate", skip_serializing_if = "Option::is_none")]
    pub crate_name: Option<String>,
    /// The error (of `errors:`) a constraint violation in a request becomes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation_error: Option<String>,
    /// The authentication schemes operations can name, by name.
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    pub auth_schemes: Entries<AuthScheme>,
    /// The schemes every operation takes (any one suffices), unless it names its own.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Vec<String>>,
    /// Base URLs of the service; the first is the client's default endpoint.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub servers: Vec<String>,
    /// http-json: how an error response names its error (`problem` or `code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_format: Option<String>,
    /// http-json with `error_format: code`: the body member holding the code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code_field: Option<String>,
}

/// An entry of `service.auth_schemes`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AuthScheme {
    /// `bearer`, `basic`, `api_key` or `sigv4`.
    #[serde(rename = "type")]
    pub kind: String,
    /// For `api_key`: `header` or `query`.
    #[serde(default, rename = "in", skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// For `api_key`: the header or query parameter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// One entry of `shapes:`. Which keys apply depends on `type`; `validate` reports keys
/// that do not belong to the shape's type.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Shape {
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    /// `structure`: its members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members: Option<Entries<Member>>,
    /// `enum`: its values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub values: Option<Vec<EnumValue>>,
    /// `list`: the element shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub member: Option<Element>,
    /// `map`: the key shape (a string shape).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<Element>,
    /// `map`: the value shape.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Element>,
    /// `timestamp`: `epoch-seconds`, `date-time` or `http-date`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// `list`: no two elements may be equal.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// `list` or `map`: entries may be `null`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sparse: bool,
    /// Values are kept out of `Debug` output.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

/// A list's `member` or a map's `key` or `value`: the shape's name, or a mapping of its
/// `target` and constraints that hold for the elements here, over their target's own
/// (Smithy's constraint traits on a list's or map's member).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Element {
    Name(String),
    Full(ElementFull),
}

/// The long form of an [`Element`].
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ElementFull {
    pub target: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
}

impl Element {
    /// The shape the elements are.
    pub fn target(&self) -> &str {
        match self {
            Element::Name(name) => name,
            Element::Full(full) => &full.target,
        }
    }
}

/// A name (any scalar, read as its text) or a mapping.
impl<'de> Deserialize<'de> for Element {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ElementVisitor;
        impl<'de> Visitor<'de> for ElementVisitor {
            type Value = Element;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a shape name, or a mapping with `target`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Element, E> {
                Ok(Element::Name(v.to_string()))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Element, E> {
                Ok(Element::Name(v.to_string()))
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Element, E> {
                Ok(Element::Name(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Element, E> {
                Ok(Element::Name(v.to_string()))
            }
            fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Element, E> {
                Ok(Element::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Element, A::Error> {
                ElementFull::deserialize(serde::de::value::MapAccessDeserializer::new(map))
                    .map(Element::Full)
            }
        }
        deserializer.deserialize_any(ElementVisitor)
    }
}

/// A member of a structure, an operation input or an error.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Member {
    pub target: String,
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// An optional body member whose explicit `null` is told apart from its absence.
    #[serde(default, skip_serializing_if = "is_false")]
    pub nullable: bool,
    /// The value a body member takes when a message leaves it out (`@default`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<serde_json::Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wire_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<String>,
    /// Overrides the target's timestamp format.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timestamp_format: Option<String>,
    /// A string header member whose value is JSON text, sent base64-encoded.
    #[serde(default, skip_serializing_if = "is_false")]
    pub json_value: bool,
    /// The `Content-Type` of a payload blob or string, instead of
    /// `application/octet-stream` or `text/plain`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// A string member the client fills with a fresh UUID when the caller leaves it unset.
    #[serde(default, skip_serializing_if = "is_false")]
    pub idempotency_token: bool,
    /// A member that fills a `{label}` of the operation's `host_prefix`.
    #[serde(default, skip_serializing_if = "is_false")]
    pub host_label: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub length: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub range: Option<Bounds>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pattern: Option<String>,
    /// On a list member: no two elements may be equal.
    #[serde(default, skip_serializing_if = "is_false")]
    pub unique_items: bool,
    /// The value is kept out of `Debug` output.
    #[serde(default, skip_serializing_if = "is_false")]
    pub sensitive: bool,
}

/// `min`/`max` of a `length` or `range` constraint; either may be left out.
#[derive(Debug, Deserialize, Serialize, Clone, Copy, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Bounds {
    #[serde(
        default,
        serialize_with = "bound",
        skip_serializing_if = "Option::is_none"
    )]
    pub min: Option<f64>,
    #[serde(
        default,
        serialize_with = "bound",
        skip_serializing_if = "Option::is_none"
    )]
    pub max: Option<f64>,
}

/// A bound written as an integer when it is one (`64`, not `64.0`).
fn bound<S: Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match *value {
        Some(v) if v == v as i64 as f64 => serializer.serialize_i64(v as i64),
        Some(v) => serializer.serialize_f64(v),
        None => serializer.serialize_none(),
    }
}

/// An enum value: either the bare wire value, or a mapping with a Rust name and docs; for
/// an `int_enum`, an integer, or a mapping with an integer `value`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(untagged)]
pub enum EnumValue {
    Bare(String),
    Full(EnumValueFull),
    Int(IntEnumValue),
    IntBare(i64),
}

/// The long form of an `int_enum` value.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct IntEnumValue {
    pub value: i64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// The long form of an enum value.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct EnumValueFull {
    pub value: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// One entry of `operations:`.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    pub method: String,
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub input: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    pub success: u16,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub idempotent: Option<bool>,
    /// Prepended to the endpoint's host; `{label}`s name `host_label` input members.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host_prefix: Option<String>,
    /// Encodings the client may compress the request body with (`[gzip]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub request_compression: Vec<String>,
    /// The client sends `Content-MD5` of the body.
    #[serde(default, skip_serializing_if = "is_false")]
    pub checksum_required: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pagination: Option<Pagination>,
    /// The authentication schemes it takes, instead of `service.auth` (`[]`: none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auth: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}

/// `pagination:` of an operation: member names in its input and output.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Pagination {
    pub input_token: String,
    pub output_token: String,
    pub items: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page_size: Option<String>,
}

/// One entry of `errors:`.
#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Error {
    pub status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub retryable: bool,
    /// http-json problem details: the error's `title`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Entries::is_empty")]
    pub members: Entries<Member>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub docs: Option<String>,
}
