//! Bytes (`blob` shapes), which JSON and headers carry as standard base64.

use base64::engine::general_purpose::{STANDARD, STANDARD_NO_PAD};
use base64::Engine as _;
use serde::de::{Deserializer, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::fmt;

/// `bytes` in standard base64 with padding: `aGk=`.
pub fn to_base64(bytes: &[u8]) -> String {
    STANDARD.encode(bytes)
}

/// The bytes of standard base64, padded (`aGk=`) or not (`aGk`); `None` for anything else:
/// partial padding, whitespace, the URL-safe letters or stray bits in the last character.
pub fn from_base64(text: &str) -> Option<Vec<u8>> {
    decode(text).ok()
}

/// Padded text must be padded exactly; text without `=` must be unpadded.
fn decode(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    if text.ends_with('=') {
        STANDARD.decode(text)
    } else {
        STANDARD_NO_PAD.decode(text)
    }
}

/// A `blob`: bytes, written in JSON as a base64 string.
#[derive(Clone, PartialEq, Eq, Hash, Default, PartialOrd, Ord)]
pub struct Blob(Vec<u8>);

impl Blob {
    /// Wraps bytes.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Blob(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, unwrapped.
    pub fn into_inner(self) -> Vec<u8> {
        self.0
    }
}

/// The bytes as text when they are UTF-8, else only their count.
impl fmt::Debug for Blob {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match std::str::from_utf8(&self.0) {
            Ok(text) => write!(f, "Blob({text:?})"),
            Err(_) => write!(f, "Blob(<{} bytes>)", self.0.len()),
        }
    }
}

impl From<Vec<u8>> for Blob {
    fn from(bytes: Vec<u8>) -> Self {
        Blob(bytes)
    }
}

impl From<&[u8]> for Blob {
    fn from(bytes: &[u8]) -> Self {
        Blob(bytes.to_vec())
    }
}

impl From<&str> for Blob {
    fn from(text: &str) -> Self {
        Blob(text.as_bytes().to_vec())
    }
}

impl From<String> for Blob {
    fn from(text: String) -> Self {
        Blob(text.into_bytes())
    }
}

impl AsRef<[u8]> for Blob {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl Serialize for Blob {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&to_base64(&self.0))
    }
}

impl<'de> Deserialize<'de> for Blob {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Base64;
        impl Visitor<'_> for Base64 {
            type Value = Blob;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a standard base64 string")
            }
            fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Blob, E> {
                // The decoder's error says what is wrong and where, without echoing a
                // possibly large value.
                decode(text)
                    .map(Blob)
                    .map_err(|e| E::custom(format_args!("a blob must be standard base64: {e}")))
            }
        }
        deserializer.deserialize_str(Base64)
    }
}
