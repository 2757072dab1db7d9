//! Tagged unions: reading which one member a JSON object sets.

use serde::de::{Deserializer, Error as _};
use serde::Deserialize;

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
