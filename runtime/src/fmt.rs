//! Wire forms for `#[serde(with = "...")]` on fields whose JSON differs from their type's
//! own serde form: timestamps in a chosen format, and floats that may be `NaN` or infinite;
//! and [`dense_map`], which reads a map leaving out `null` entries.
//!
//! Every submodule works on the scalar and on any nesting of `Option`, `Vec`,
//! `BTreeMap<String, _>` and `Box` around it, so one attribute serves a member of any shape:
//!
//! ```
//! use restgen_runtime::Timestamp;
//! #[derive(serde::Serialize, serde::Deserialize)]
//! struct Event {
//!     #[serde(with = "restgen_runtime::fmt::date_time", default, skip_serializing_if = "Option::is_none")]
//!     at: Option<Timestamp>,
//!     #[serde(with = "restgen_runtime::fmt::float")]
//!     readings: Vec<f64>,
//! }
//! let e = Event { at: Some(Timestamp::from_secs(0)), readings: vec![1.5, f64::NAN] };
//! assert_eq!(
//!     serde_json::to_string(&e).unwrap(),
//!     r#"{"at":"1970-01-01T00:00:00Z","readings":[1.5,"NaN"]}"#
//! );
//! ```

use crate::{Timestamp, TimestampFormat};
use serde::de::{Deserializer, Error as _, Visitor};
use serde::{Deserialize, Serialize, Serializer};
use std::collections::BTreeMap;
use std::fmt;
use std::marker::PhantomData;

/// A type that can be written and read in the wire form `F` (one of the markers in
/// [`forms`]): the scalars of that form, and containers of such types.
pub trait Wire<F>: Sized {
    /// Writes the value in the form `F`.
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads a value written in the form `F`.
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// The markers that name each wire form in [`Wire`].
pub mod forms {
    /// A timestamp as an RFC 3339 date-time string.
    #[derive(Debug)]
    pub enum DateTime {}
    /// A timestamp as an HTTP date string.
    #[derive(Debug)]
    pub enum HttpDate {}
    /// A timestamp as a number of seconds since the epoch.
    #[derive(Debug)]
    pub enum EpochSeconds {}
    /// A float as a number, or `"NaN"`, `"Infinity"`, `"-Infinity"`.
    #[derive(Debug)]
    pub enum Float {}
}

/// Serializes a borrowed value in the form `F`: what containers hand to serde per element.
pub(crate) struct As<'a, T, F>(&'a T, PhantomData<F>);

impl<'a, T, F> As<'a, T, F> {
    pub(crate) fn new(value: &'a T) -> Self {
        As(value, PhantomData)
    }
}

impl<T: Wire<F>, F> Serialize for As<'_, T, F> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_as(serializer)
    }
}

/// Deserializes a value in the form `F`: what containers ask serde for per element.
pub(crate) struct Owned<T, F>(T, PhantomData<F>);

impl<T, F> Owned<T, F> {
    pub(crate) fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: Wire<F>, F> Deserialize<'de> for Owned<T, F> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_as(deserializer).map(|value| Owned(value, PhantomData))
    }
}

impl<T: Wire<F>, F> Wire<F> for Option<T> {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&As(value, PhantomData::<F>)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Owned<T, F>>::deserialize(deserializer)?.map(|owned| owned.0))
    }
}

impl<T: Wire<F>, F> Wire<F> for Vec<T> {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|value| As(value, PhantomData::<F>)))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let owned = Vec::<Owned<T, F>>::deserialize(deserializer)?;
        Ok(owned.into_iter().map(|owned| owned.0).collect())
    }
}

/// Keys are strings or enums (whatever serde writes as a map key).
impl<K, T: Wire<F>, F> Wire<F> for BTreeMap<K, T>
where
    K: Serialize + for<'de> Deserialize<'de> + Ord,
{
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(k, v)| (k, As(v, PhantomData::<F>))))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Maps are dense: an entry whose value is `null` is left out.
        let owned = BTreeMap::<K, Option<Owned<T, F>>>::deserialize(deserializer)?;
        Ok(owned
            .into_iter()
            .filter_map(|(k, owned)| Some((k, owned?.0)))
            .collect())
    }
}

impl<T: Wire<F>, F> Wire<F> for Box<T> {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_as(serializer)
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_as(deserializer).map(Box::new)
    }
}

/// Reads a timestamp from a JSON string in one text format.
struct TextTimestamp(TimestampFormat, &'static str);

impl Visitor<'_> for TextTimestamp {
    type Value = Timestamp;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.1)
    }
    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<Timestamp, E> {
        // A server reads a date-time in UTC only (restJson1's
        // `RestJsonBodyTimestampDateTimeRejectsUTCOffsets`); a client takes any offset a
        // service sends (`RestJsonDateTimeWithNegativeOffset`).
        let utc_only = self.0 == TimestampFormat::DateTime
            && crate::glue::object::is_strict()
            && !text.ends_with(['Z', 'z']);
        let parsed = (!utc_only)
            .then(|| Timestamp::parse(text, self.0))
            .flatten();
        parsed.ok_or_else(|| E::custom(format_args!("expected {}, found `{text}`", self.1)))
    }
}

impl Wire<forms::DateTime> for Timestamp {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(TimestampFormat::DateTime))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = TextTimestamp(TimestampFormat::DateTime, "an RFC 3339 date-time");
        deserializer.deserialize_str(visitor)
    }
}

impl Wire<forms::HttpDate> for Timestamp {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.format(TimestampFormat::HttpDate))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let visitor = TextTimestamp(TimestampFormat::HttpDate, "an HTTP date");
        deserializer.deserialize_str(visitor)
    }
}

/// Epoch seconds are `Timestamp`'s own serde form: a number, an integer when whole.
impl Wire<forms::EpochSeconds> for Timestamp {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize(serializer)
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Timestamp::deserialize(deserializer)
    }
}

/// Reads a float: any JSON number, or one of the strings for `NaN` and the infinities.
struct FloatVisitor;

impl Visitor<'_> for FloatVisitor {
    type Value = f64;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(r#"a number, "NaN", "Infinity" or "-Infinity""#)
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<f64, E> {
        Ok(v)
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<f64, E> {
        match v {
            "NaN" => Ok(f64::NAN),
            "Infinity" => Ok(f64::INFINITY),
            "-Infinity" => Ok(f64::NEG_INFINITY),
            _ => Err(E::invalid_value(serde::de::Unexpected::Str(v), &self)),
        }
    }
}

/// Writes a non-finite float as its string; a finite one is written by `finite`.
fn serialize_float<S: Serializer>(
    value: f64,
    serializer: S,
    finite: impl FnOnce(S) -> Result<S::Ok, S::Error>,
) -> Result<S::Ok, S::Error> {
    if value.is_nan() {
        serializer.serialize_str("NaN")
    } else if value == f64::INFINITY {
        serializer.serialize_str("Infinity")
    } else if value == f64::NEG_INFINITY {
        serializer.serialize_str("-Infinity")
    } else {
        finite(serializer)
    }
}

impl Wire<forms::Float> for f64 {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serialize_float(*self, serializer, |s| s.serialize_f64(*self))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(FloatVisitor)
    }
}

impl Wire<forms::Float> for f32 {
    fn serialize_as<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The f64 nearest to the f32's shortest decimal form, so that 1.1f32 is written
        // `1.1` by every serializer, not `1.100000023841858` (its exact value as an f64).
        let shortest: f64 = self.to_string().parse().unwrap_or(f64::from(*self));
        serialize_float(shortest, serializer, |s| s.serialize_f64(shortest))
    }
    fn deserialize_as<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let wide = deserializer.deserialize_any(FloatVisitor)?;
        let narrow = wide as f32;
        if wide.is_finite() && narrow.is_infinite() {
            return Err(D::Error::custom(format_args!(
                "{wide} is out of range for a float"
            )));
        }
        Ok(narrow)
    }
}

/// One submodule per wire form, with the `serialize` and `deserialize` functions that
/// `#[serde(with = "...")]` calls.
macro_rules! form_module {
    ($(#[$doc:meta])* $module:ident, $form:ident) => {
        $(#[$doc])*
        pub mod $module {
            use super::{forms, Wire};
            use serde::{Deserializer, Serializer};

            /// Writes the field (the scalar, or a container of it) in this wire form.
            pub fn serialize<T, S>(value: &T, serializer: S) -> Result<S::Ok, S::Error>
            where
                T: Wire<forms::$form>,
                S: Serializer,
            {
                value.serialize_as(serializer)
            }

            /// Reads the field (the scalar, or a container of it) in this wire form.
            pub fn deserialize<'de, T, D>(deserializer: D) -> Result<T, D::Error>
            where
                T: Wire<forms::$form>,
                D: Deserializer<'de>,
            {
                T::deserialize_as(deserializer)
            }
        }
    };
}

form_module!(
    /// A `Timestamp` as an RFC 3339 date-time string: `"2019-12-16T23:48:18.5Z"`.
    date_time,
    DateTime
);
form_module!(
    /// A `Timestamp` as an HTTP date string: `"Mon, 16 Dec 2019 23:48:18 GMT"`.
    http_date,
    HttpDate
);
form_module!(
    /// A `Timestamp` as a number of seconds since the epoch, an integer when whole:
    /// `1576540098`, `1576540098.5` (the type's own serde form, for symmetry).
    epoch_seconds,
    EpochSeconds
);
form_module!(
    /// An `f32` or `f64` as a JSON number when finite, else the string `"NaN"`,
    /// `"Infinity"` or `"-Infinity"`; reading accepts any number and those three strings.
    float,
    Float
);

/// A map (or an optional or boxed one) read from JSON with its `null` entries left out:
/// rest-json maps are dense, and a client skips a `null` a service sends for an entry. A
/// server refuses one (restJson1's `RestJsonBodyMalformedMapNullValue`): read
/// [`strictly`](crate::glue::object::strictly), a `null` entry is an error.
pub trait DenseMap<'de>: Sized {
    /// Reads the map, skipping `null` values.
    fn deserialize_dense<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

/// Keys are strings or enums (whose serde form is their wire string).
impl<'de, K: Deserialize<'de> + Ord, V: Deserialize<'de>> DenseMap<'de> for BTreeMap<K, V> {
    fn deserialize_dense<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let entries = BTreeMap::<K, Option<V>>::deserialize(deserializer)?;
        if crate::glue::object::is_strict() && entries.values().any(Option::is_none) {
            return Err(serde::de::Error::custom(
                "a map entry is null, and the map is not sparse",
            ));
        }
        Ok(entries
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect())
    }
}

/// Deserializes through [`DenseMap`]: what `Option` and `Box` ask serde for.
pub(crate) struct Dense<T>(T);

impl<T> Dense<T> {
    pub(crate) fn into_inner(self) -> T {
        self.0
    }
}

impl<'de, T: DenseMap<'de>> Deserialize<'de> for Dense<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_dense(deserializer).map(Dense)
    }
}

impl<'de, T: DenseMap<'de>> DenseMap<'de> for Option<T> {
    fn deserialize_dense<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Ok(Option::<Dense<T>>::deserialize(deserializer)?.map(|d| d.0))
    }
}

impl<'de, T: DenseMap<'de>> DenseMap<'de> for Box<T> {
    fn deserialize_dense<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_dense(deserializer).map(Box::new)
    }
}

/// `#[serde(deserialize_with = "...")]` for map members: see [`DenseMap`].
pub mod dense_map {
    use super::DenseMap;
    use serde::Deserializer;

    /// Reads the member's map, skipping `null` values.
    pub fn deserialize<'de, T: DenseMap<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_dense(deserializer)
    }
}
