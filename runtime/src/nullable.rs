//! [`Nullable`]: a member the schema marks `nullable`, whose explicit `null` means something
//! of its own (in a PATCH, "clear this"), told apart from an absent member.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The value of a `nullable` member: an explicit `null`, or a value. A field is
/// `Option<Nullable<T>>`, so the three cases read plainly: `None` (the key is absent, as
/// when a PATCH leaves a member alone), `Some(Nullable::Null)` (`"rating": null`: clear it)
/// and `Some(Nullable::Value(v))`.
///
/// ```
/// use restgen_runtime::Nullable;
///
/// let cleared: Option<Nullable<i32>> = serde_json::from_str("null").unwrap();
/// assert_eq!(cleared, None); // a bare `null` is absent; inside an object it is `Null`
/// assert_eq!(serde_json::to_string(&Nullable::<i32>::Null).unwrap(), "null");
/// assert_eq!(serde_json::to_string(&Nullable::Value(4)).unwrap(), "4");
/// assert_eq!(Nullable::from(4).value(), Some(&4));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nullable<T> {
    /// An explicit `null`.
    Null,
    /// A value.
    Value(T),
}

impl<T> Nullable<T> {
    /// The value, or `None` for `null`.
    pub fn value(&self) -> Option<&T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value, owned, or `None` for `null`.
    pub fn into_value(self) -> Option<T> {
        match self {
            Nullable::Null => None,
            Nullable::Value(v) => Some(v),
        }
    }

    /// The value changed by `f`; `null` stays `null`.
    pub fn map<U>(self, f: impl FnOnce(T) -> U) -> Nullable<U> {
        match self {
            Nullable::Null => Nullable::Null,
            Nullable::Value(v) => Nullable::Value(f(v)),
        }
    }

    /// Whether it is an explicit `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Nullable::Null)
    }
}

/// A value is never `null`: `with_rating(4)` sets `Nullable::Value(4)`.
impl<T> From<T> for Nullable<T> {
    fn from(value: T) -> Self {
        Nullable::Value(value)
    }
}

impl<T: Serialize> Serialize for Nullable<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Nullable::Null => serializer.serialize_none(),
            Nullable::Value(v) => v.serialize(serializer),
        }
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Nullable<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(match Option::<T>::deserialize(deserializer)? {
            None => Nullable::Null,
            Some(v) => Nullable::Value(v),
        })
    }
}
