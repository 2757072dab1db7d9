//! What generated `Deserialize` impls and serde attributes call besides
//! [`object`](super::object): a union's one member, an enum from a string, and the
//! placeholder of a required enum member that is not in the body.

use serde::de::{Deserializer, Error as _, Visitor};
use serde::Deserialize;
use std::fmt;

/// Reads a union value, a JSON object that sets exactly one member, and returns that
/// member's key and value. A member whose value is `null` counts as absent, so
/// `{"a": null, "b": 1}` is `("b", 1)`, and so does `__type` (a type name some services
/// add, which clients ignore); no member, or more than one, is an error.
pub fn union_entry<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<(String, serde_json::Value), D::Error> {
    let object = serde_json::Map::<String, serde_json::Value>::deserialize(deserializer)?;
    let set: Vec<_> = object
        .into_iter()
        .filter(|(k, v)| !v.is_null() && k != "__type")
        .collect();
    match <[_; 1]>::try_from(set) {
        Ok([entry]) => Ok(entry),
        Err(set) => Err(D::Error::custom(format_args!(
            "a union must set exactly one member, found {}",
            set.len()
        ))),
    }
}

/// A union member this version does not know (`key`): a client keeps it as the union's
/// `Unknown` (a member the service added later must not break it); a server, reading
/// [`strictly`](crate::glue::object::strictly), refuses it, as it does not implement it
/// (restJson1's `RestJsonMalformedUnionUnknownMember`: 400 `SerializationException`).
pub fn union_unknown(key: String) -> Result<String, String> {
    if !crate::glue::object::is_strict() {
        Ok(key)
    } else {
        let shown: String = key.chars().take(64).collect();
        Err(format!("unknown union member `{shown}`"))
    }
}

/// Deserializes any type that is made from a string (the generated enums), borrowing the
/// string when the deserializer allows it.
pub fn deserialize_str<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: for<'a> From<&'a str>,
{
    struct StrVisitor<T>(std::marker::PhantomData<T>);
    impl<T: for<'a> From<&'a str>> Visitor<'_> for StrVisitor<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<T, E> {
            Ok(T::from(value))
        }
    }
    deserializer.deserialize_str(StrVisitor(std::marker::PhantomData))
}

/// What serde puts in a required enum member that travels outside the body (a path label,
/// a header) when an input structure is read from a JSON body alone: an empty unknown
/// value, since an open enum has no default. The generated server always overwrites it with
/// the value decoded from the request.
pub fn unset_enum<T: From<&'static str>>() -> T {
    T::from("")
}

/// A document from its JSON text, for values generated from data (the emitter of values
/// in `restgen_codegen::emit::value` writes only valid JSON here; anything else is `null`).
pub fn document(json: &str) -> crate::Document {
    serde_json::from_str(json).unwrap_or(crate::Document::Null)
}
