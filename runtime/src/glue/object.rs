//! How a generated structure is written and read as a JSON object, so that its `Serialize`
//! and `Deserialize` impls are a line per member calling this module, rather than serde's
//! derive (whose expansion per structure was most of a generated crate's compile time and
//! memory).
//!
//! Writing: [`Writer`] takes the members one by one; an unset optional member is left out,
//! and a member with a wire form of its own (a timestamp format, a float that may be `NaN`)
//! is written through [`Wire`]. A member's call returns nothing: the first error is kept
//! and [`Writer::end`] returns it.
//!
//! Reading: a structure implements [`Object`], naming its JSON keys in [`Object::KEYS`] and
//! reading them from [`Members`], which gives each known key as its index in `KEYS` and
//! skips unknown ones. Each value is read into its slot (`members.value(&mut slot)`), so a
//! `match` on the key has one `?` for all of its arms. Every member is read as an `Option`
//! (`null` is unset, as an absent key is); a required member that is still unset at the end
//! is an error naming its key (serde's `missing field`), except while [`correcting`]: a
//! client reading a response fills it with its zero value instead (Smithy's error
//! correction), so an answer that leaves out a member the model requires still decodes.
//! A key given twice keeps its last value.
//!
//! These shapes are chosen for the compiler as much as for the reader: at 1,000 synthetic
//! operations, a `?` per member made the structures' impls about 12% more memory and 30%
//! more time to check.
//!
//! ```
//! use restgen_runtime::glue::object::{self, Members, Object, Writer};
//!
//! #[derive(Debug, PartialEq)]
//! struct Pet {
//!     name: String,
//!     age: Option<u32>,
//! }
//!
//! impl serde::Serialize for Pet {
//!     fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
//!         let mut object = Writer::new(serializer);
//!         object.member("name", &self.name);
//!         object.optional("age", &self.age);
//!         object.end()
//!     }
//! }
//!
//! impl Object for Pet {
//!     const NAME: &'static str = "Pet";
//!     const KEYS: &'static [&'static str] = &["name", "age"];
//!     fn read<'de, A: serde::de::MapAccess<'de>>(
//!         mut members: Members<'de, A>,
//!     ) -> Result<Self, A::Error> {
//!         let (mut name, mut age) = (None, None);
//!         while let Some(key) = members.next_key()? {
//!             match key {
//!                 0 => members.value(&mut name),
//!                 _ => members.value(&mut age),
//!             }?;
//!         }
//!         Ok(Pet { name: members.required(name, 0)?, age })
//!     }
//! }
//!
//! impl<'de> serde::Deserialize<'de> for Pet {
//!     fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
//!         object::read(deserializer)
//!     }
//! }
//!
//! let pet = Pet { name: "Rex".into(), age: None };
//! assert_eq!(serde_json::to_string(&pet).unwrap(), r#"{"name":"Rex"}"#);
//! let read: Pet = serde_json::from_str(r#"{"age":null,"name":"Rex","owner":[1]}"#).unwrap();
//! assert_eq!(read, pet);
//! let err = serde_json::from_str::<Pet>(r#"{"age":3}"#).unwrap_err();
//! assert!(err.to_string().contains("missing field `name`"));
//! ```

use crate::fmt::{As, Dense, DenseMap, Owned, Wire};
use serde::de::{DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::marker::PhantomData;

/// Writes a structure's members as one JSON object. Each member is a call that returns
/// nothing: the first error is kept and the rest of the members are skipped, so that a
/// generated `serialize` is a straight line of calls (no `?` per member, which made each
/// body much larger to compile).
pub struct Writer<S: Serializer> {
    map: Result<S::SerializeMap, S::Error>,
}

impl<S: Serializer> Writer<S> {
    /// Starts the object.
    pub fn new(serializer: S) -> Self {
        Writer {
            map: serializer.serialize_map(None),
        }
    }

    /// Writes one entry, unless an earlier one failed.
    fn entry<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        if let Ok(map) = &mut self.map {
            if let Err(e) = map.serialize_entry(key, value) {
                self.map = Err(e);
            }
        }
    }

    /// Writes a member that is always present.
    pub fn member<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.entry(key, value);
    }

    /// Writes an optional member when it is set.
    pub fn optional<T: Serialize>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.entry(key, value);
        }
    }

    /// Writes a member that is always present, in the wire form `F`.
    pub fn member_as<F, T: Wire<F>>(&mut self, key: &'static str, value: &T) {
        self.entry(key, &As::<T, F>::new(value));
    }

    /// Writes an optional member when it is set, in the wire form `F`.
    pub fn optional_as<F, T: Wire<F>>(&mut self, key: &'static str, value: &Option<T>) {
        if let Some(value) = value {
            self.member_as::<F, T>(key, value);
        }
    }

    /// Ends the object, or gives the first error.
    pub fn end(self) -> Result<S::Ok, S::Error> {
        self.map?.end()
    }
}

/// The error for writing a union's member that this version does not know (it was read
/// as `Unknown` with only its name, so there is no value to send).
pub fn unknown_member<E: serde::ser::Error>(union: &str, key: &str) -> E {
    E::custom(format_args!(
        "the union {union} holds the unknown member `{key}`, which cannot be sent"
    ))
}

/// A structure read from a JSON object, member by member: see the module docs.
pub trait Object: Sized {
    /// The structure's name, for the error when the JSON is not an object.
    const NAME: &'static str;
    /// The JSON keys of its members; [`Members::next_key`] gives indexes into it.
    const KEYS: &'static [&'static str];
    /// Reads the members and builds the structure.
    fn read<'de, A: MapAccess<'de>>(members: Members<'de, A>) -> Result<Self, A::Error>;
}

/// Reads an [`Object`]: what a generated `Deserialize` impl calls.
pub fn read<'de, T: Object, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", T::NAME)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::read(Members {
            map,
            keys: T::KEYS,
            marker: PhantomData,
        })
    }
}

/// The members of a JSON object being read into a structure.
pub struct Members<'de, A> {
    map: A,
    keys: &'static [&'static str],
    marker: PhantomData<&'de ()>,
}

impl<'de, A: MapAccess<'de>> Members<'de, A> {
    /// The next key the structure knows, as its index in [`Object::KEYS`]; the values of
    /// keys it does not know are skipped. `None` at the end of the object.
    pub fn next_key(&mut self) -> Result<Option<usize>, A::Error> {
        loop {
            match self.map.next_key_seed(KeySeed(self.keys))? {
                None => return Ok(None),
                Some(Some(index)) => return Ok(Some(index)),
                Some(None) => {
                    self.map.next_value::<IgnoredAny>()?;
                }
            }
        }
    }

    /// Reads the value of the key just read into `slot`; `null` reads as `None`.
    pub fn value<T: Deserialize<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        *slot = self.map.next_value()?;
        Ok(())
    }

    /// Reads the value of the key just read into `slot`, `null` included (a document's
    /// value of its own).
    pub fn value_present<T: Deserialize<'de>>(
        &mut self,
        slot: &mut Option<T>,
    ) -> Result<(), A::Error> {
        *slot = Some(self.map.next_value()?);
        Ok(())
    }

    /// Reads the value of the key just read into `slot`, in the wire form `F`; `null` reads
    /// as `None`.
    pub fn value_as<F, T: Wire<F>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        // `Option<T>` has the form too: `null` is its `None`.
        *slot = self.map.next_value::<Owned<Option<T>, F>>()?.into_inner();
        Ok(())
    }

    /// Reads the value of the key just read into `slot`: a map whose `null` entries are left
    /// out (rest-json maps are dense); `null` reads as `None`.
    pub fn dense_map<T: DenseMap<'de>>(&mut self, slot: &mut Option<T>) -> Result<(), A::Error> {
        // So does a dense `Option<T>`.
        *slot = self.map.next_value::<Dense<Option<T>>>()?.into_inner();
        Ok(())
    }

    /// A required member's value, or serde's `missing field` error naming `KEYS[key]`; while
    /// [`correcting`], its zero value instead (see [`zero`]).
    pub fn required<T: Deserialize<'de>>(
        &self,
        value: Option<T>,
        key: usize,
    ) -> Result<T, A::Error> {
        let missing = || A::Error::missing_field(self.keys[key]);
        match value {
            Some(value) => Ok(value),
            None if CORRECTING.get() => zero().ok_or_else(missing),
            None => Err(missing()),
        }
    }
}

thread_local! {
    /// Whether a required member that is missing takes its zero value (see [`correcting`]).
    static CORRECTING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (a synchronous deserialization) with error correction on: a required member
/// the JSON leaves out, or sets to `null`, takes its zero value instead of failing the whole
/// value. What a client does with a service's answers (Smithy's error correction: a
/// required member is a server's promise, not something to refuse an answer over); a server
/// never corrects what it is sent.
pub fn correcting<R>(read: impl FnOnce() -> R) -> R {
    let before = CORRECTING.replace(true);
    let result = read();
    CORRECTING.set(before);
    result
}

thread_local! {
    /// Whether a server is reading a request (see [`strictly`]).
    static STRICT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `read` (a synchronous deserialization) as a server reads a request: what a
/// client lets pass from a service (a `null` entry of a map that is not sparse, a
/// date-time with an offset, a union member it does not know) is refused, as restJson1's
/// malformed-request cases require. Outside it, values are read as a client reads them.
pub fn strictly<R>(read: impl FnOnce() -> R) -> R {
    let before = STRICT.replace(true);
    let result = read();
    STRICT.set(before);
    result
}

/// Whether a server is reading a request (see [`strictly`]).
pub(crate) fn is_strict() -> bool {
    STRICT.get()
}

/// The zero value of `T`, as Smithy defines them for error correction: the first of `null`
/// (a document), `""` (a string, a blob, an enum's unknown empty value), `0` (a number, a
/// timestamp at the epoch), `false`, `[]` (a list) and `{}` (a map; a structure, with its
/// own required members corrected) that `T` reads. `None` for a type that reads none of them
/// (a union has no zero value).
pub fn zero<'de, T: Deserialize<'de>>() -> Option<T> {
    use serde_json::Value;
    [
        Value::Null,
        Value::String(String::new()),
        Value::from(0),
        Value::Bool(false),
        Value::Array(Vec::new()),
        Value::Object(serde_json::Map::new()),
    ]
    .into_iter()
    .find_map(|candidate| T::deserialize(candidate).ok())
}

/// Reads a key as its index in the known keys (`None` for an unknown key).
struct KeySeed(&'static [&'static str]);

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl Visitor<'_> for KeySeed {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a member name")
    }

    fn visit_str<E: serde::de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|known| *known == key))
    }

    fn visit_bytes<E: serde::de::Error>(self, key: &[u8]) -> Result<Option<usize>, E> {
        Ok(self.0.iter().position(|known| known.as_bytes() == key))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A structure as the generator writes one: a required member, an optional one, a
    /// timestamp in a wire form of its own, and a map.
    #[derive(Debug, PartialEq)]
    struct Thing {
        id: String,
        size: Option<i64>,
        at: Option<crate::Timestamp>,
        tags: Option<std::collections::BTreeMap<String, String>>,
    }

    impl Serialize for Thing {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut object = Writer::new(serializer);
            object.member("id", &self.id);
            object.optional("size", &self.size);
            object.optional_as::<crate::fmt::forms::DateTime, _>("at", &self.at);
            object.optional("tags", &self.tags);
            object.end()
        }
    }

    impl Object for Thing {
        const NAME: &'static str = "Thing";
        const KEYS: &'static [&'static str] = &["id", "size", "at", "tags"];
        fn read<'de, A: MapAccess<'de>>(mut members: Members<'de, A>) -> Result<Self, A::Error> {
            let (mut m0, mut m1, mut m2, mut m3) = (None, None, None, None);
            while let Some(key) = members.next_key()? {
                match key {
                    0 => members.value(&mut m0),
                    1 => members.value(&mut m1),
                    2 => members.value_as::<crate::fmt::forms::DateTime, _>(&mut m2),
                    _ => members.dense_map(&mut m3),
                }?;
            }
            Ok(Thing {
                id: members.required(m0, 0)?,
                size: m1,
                at: m2,
                tags: m3,
            })
        }
    }

    impl<'de> Deserialize<'de> for Thing {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            read(deserializer)
        }
    }

    fn parse(text: &str) -> Result<Thing, String> {
        serde_json::from_str(text).map_err(|e| e.to_string())
    }

    #[test]
    fn round_trips_and_leaves_out_unset_members() {
        let thing = Thing {
            id: "a".into(),
            size: None,
            at: Some(crate::Timestamp::from_secs(0)),
            tags: Some([("k".to_string(), "v".to_string())].into()),
        };
        let text = serde_json::to_string(&thing).unwrap();
        assert_eq!(
            text,
            r#"{"id":"a","at":"1970-01-01T00:00:00Z","tags":{"k":"v"}}"#
        );
        assert_eq!(parse(&text).unwrap(), thing);
    }

    #[test]
    fn skips_unknown_keys_whatever_their_values() {
        let thing = parse(r#"{"x":{"id":"no","y":[1,{"z":null}]},"id":"a","w":"s"}"#).unwrap();
        assert_eq!(thing.id, "a");
        assert_eq!(thing.size, None);
    }

    #[test]
    fn null_is_unset_and_escaped_keys_are_known() {
        let thing = parse(r#"{"\u0069d":"a","size":null,"at":null}"#).unwrap();
        assert_eq!(thing.id, "a");
        assert_eq!((thing.size, thing.at), (None, None));
        // A client skips a `null` map entry; a server refuses it (a map is dense).
        let text = r#"{"id":"a","tags":{"k":null}}"#;
        assert_eq!(parse(text).unwrap().tags, Some(Default::default()));
        assert!(strictly(|| parse(text)).is_err());
    }

    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        assert_eq!(parse(r#"{"id":"a","id":"b"}"#).unwrap().id, "b");
    }

    #[test]
    fn errors_name_the_member_or_the_structure() {
        assert!(parse(r#"{"size":1}"#)
            .unwrap_err()
            .contains("missing field `id`"));
        assert!(parse(r#"{"id":null}"#)
            .unwrap_err()
            .contains("missing field `id`"));
        assert!(parse(r#"[1]"#)
            .unwrap_err()
            .contains("expected struct Thing"));
        assert!(parse(r#"{"id":"a","size":"big"}"#)
            .unwrap_err()
            .contains("invalid type"));
    }

    /// A member that cannot be written.
    struct Unwritable;

    impl Serialize for Unwritable {
        fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("unwritable"))
        }
    }

    /// Counts the members it is asked to write.
    struct Counted<'a>(&'a std::cell::Cell<u32>);

    impl Serialize for Counted<'_> {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            self.0.set(self.0.get() + 1);
            serializer.serialize_u32(0)
        }
    }

    #[test]
    fn a_failed_member_is_the_error_and_the_rest_are_skipped() {
        let written = std::cell::Cell::new(0);
        let mut out = Vec::new();
        let mut serializer = serde_json::Serializer::new(&mut out);
        let mut object = Writer::new(&mut serializer);
        object.member("a", &Counted(&written));
        object.member("b", &Unwritable);
        object.member("c", &Counted(&written));
        object.optional("d", &Some(Counted(&written)));
        let err = object.end().unwrap_err();
        assert!(err.to_string().contains("unwritable"), "{err}");
        assert_eq!(written.get(), 1);
    }
}
