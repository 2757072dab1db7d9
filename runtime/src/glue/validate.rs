//! Input validation a server does after decoding: the schema's constraints (enum values,
//! `length`, `range`, `pattern`, `unique_items`) on members, list elements and map keys and
//! values. Generated enums keep unknown values (so an old client survives a new value), but
//! a server must refuse a value it does not implement.
//!
//! A violation's message is Smithy's (`Value at '/string' failed to satisfy constraint:
//! Member must ...`, as `smithy.framework#ValidationException` and smithy-rs word it): it
//! says where and which constraint, never the value, so a `sensitive` value is never echoed.

use std::collections::BTreeMap;
use std::fmt;

/// A decoded input, or a part of one, that can be checked before the implementation is
/// called. Generated for every structure, union and enum an input can reach that holds a
/// constrained value.
pub trait Validate {
    /// `Err` for the first value that is not valid, with the members that lead to it.
    fn validate(&self) -> Result<(), Invalid>;
}

/// Validates an input; the generated dispatch calls this.
pub fn validate<T: Validate>(input: &T) -> Result<(), Invalid> {
    input.validate()
}

/// Checks that an enum value is one of `known` (generated enums call this).
pub fn check_enum(value: &str, known: &[&str]) -> Result<(), Invalid> {
    if known.contains(&value) {
        return Ok(());
    }
    Err(Invalid::new(format!(
        "Member must satisfy enum value set: [{}]",
        known.join(", ")
    )))
}

/// Checks that an `int_enum`'s value is one of `known`; absent values pass.
pub fn check_int_enum<T: Integral>(value: &T, known: &[i64]) -> Result<(), Invalid> {
    match value.integral() {
        Some(v) if !known.contains(&v) => {
            let known: Vec<String> = known.iter().map(i64::to_string).collect();
            Err(Invalid::new(format!(
                "Member must satisfy enum value set: [{}]",
                known.join(", ")
            )))
        }
        _ => Ok(()),
    }
}

/// An integer an `int_enum` constrains.
pub trait Integral {
    /// The value, or `None` for an absent optional value.
    fn integral(&self) -> Option<i64>;
}

impl Integral for i32 {
    fn integral(&self) -> Option<i64> {
        Some(i64::from(*self))
    }
}

impl<T: Integral> Integral for Option<T> {
    fn integral(&self) -> Option<i64> {
        self.as_ref().and_then(T::integral)
    }
}

impl<T: Integral> Integral for crate::Nullable<T> {
    fn integral(&self) -> Option<i64> {
        self.value().and_then(T::integral)
    }
}

/// A value with a length: characters of a string, elements of a list or map.
pub trait Measured {
    /// The length, or `None` for an absent optional value (which has nothing to check).
    fn measure(&self) -> Option<usize>;
}

impl Measured for String {
    fn measure(&self) -> Option<usize> {
        Some(self.chars().count())
    }
}

impl<T> Measured for Vec<T> {
    fn measure(&self) -> Option<usize> {
        Some(self.len())
    }
}

/// Bytes of a blob.
impl Measured for crate::Blob {
    fn measure(&self) -> Option<usize> {
        Some(self.as_bytes().len())
    }
}

impl<K, V> Measured for BTreeMap<K, V> {
    fn measure(&self) -> Option<usize> {
        Some(self.len())
    }
}

impl<T: Measured> Measured for Option<T> {
    fn measure(&self) -> Option<usize> {
        self.as_ref().and_then(T::measure)
    }
}

/// An explicit `null` has no length to check, as an absent value has none.
impl<T: Measured> Measured for crate::Nullable<T> {
    fn measure(&self) -> Option<usize> {
        self.value().and_then(T::measure)
    }
}

/// A number that a `range` constraint bounds.
pub trait Numeric {
    /// Whether the value lies outside the inclusive bounds (NaN always does); `None` for
    /// an absent optional value. Each type compares in its own precision: a float bound
    /// `8.8` is the `f32` nearest 8.8 for a float, so the float 8.8 is within it.
    fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool>;
}

macro_rules! numeric_as_f64 {
    ($($t:ty),*) => {$(
        impl Numeric for $t {
            fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool> {
                // Precise to 2^53 for a long, beyond any bound a schema writes.
                let n = *self as f64;
                Some(min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m))
            }
        }
    )*};
}
numeric_as_f64!(i8, i16, i32, i64);

impl Numeric for f64 {
    fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool> {
        let n = *self;
        Some(n.is_nan() || min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m))
    }
}

impl Numeric for f32 {
    fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool> {
        let n = *self;
        Some(n.is_nan() || min.is_some_and(|m| n < m as f32) || max.is_some_and(|m| n > m as f32))
    }
}

impl<T: Numeric> Numeric for Option<T> {
    fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool> {
        self.as_ref().and_then(|v| v.outside(min, max))
    }
}

impl<T: Numeric> Numeric for crate::Nullable<T> {
    fn outside(&self, min: Option<f64>, max: Option<f64>) -> Option<bool> {
        self.value().and_then(|v| v.outside(min, max))
    }
}

/// Checks a `length` constraint (inclusive bounds); absent values pass.
pub fn check_length<T: Measured>(
    value: &T,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), Invalid> {
    let Some(len) = value.measure() else {
        return Ok(());
    };
    let n = len as f64;
    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Err(Invalid {
            length: Some(len),
            ..Invalid::new(format!("Member must have length {}", bounds(min, max)))
        });
    }
    Ok(())
}

/// Checks a `range` constraint (inclusive bounds); absent values pass.
pub fn check_range<T: Numeric>(
    value: &T,
    min: Option<f64>,
    max: Option<f64>,
) -> Result<(), Invalid> {
    match value.outside(min, max) {
        Some(true) => Err(Invalid::new(format!("Member must be {}", bounds(min, max)))),
        _ => Ok(()),
    }
}

/// `between 2 and 8, inclusive`, `greater than or equal to 2`, `less than or equal to 8`.
fn bounds(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("between {a} and {b}, inclusive"),
        (Some(a), None) => format!("greater than or equal to {a}"),
        (None, Some(b)) => format!("less than or equal to {b}"),
        (None, None) => "of any value".to_string(),
    }
}

/// A value that holds text a `pattern` constraint checks.
pub trait Text {
    /// The text, or `None` for an absent optional value.
    fn text(&self) -> Option<&str>;
}

impl Text for String {
    fn text(&self) -> Option<&str> {
        Some(self)
    }
}

impl<T: Text> Text for Option<T> {
    fn text(&self) -> Option<&str> {
        self.as_ref().and_then(T::text)
    }
}

impl<T: Text> Text for crate::Nullable<T> {
    fn text(&self) -> Option<&str> {
        self.value().and_then(T::text)
    }
}

/// A `pattern` constraint: a regular expression compiled once, when a value is first
/// checked (generated code holds one in a `static` per pattern). Matching is the `regex`
/// crate's, linear in the text, so no pattern can make a request hang (ReDoS). As in
/// Smithy, the pattern is searched for, not anchored: `^`/`$` anchor it.
#[cfg(feature = "pattern")]
#[derive(Debug)]
pub struct Pattern {
    source: &'static str,
    compiled: std::sync::OnceLock<Option<regex::Regex>>,
}

#[cfg(feature = "pattern")]
impl Pattern {
    /// A pattern, compiled at its first use (the generator checked that it compiles).
    pub const fn new(source: &'static str) -> Self {
        Pattern {
            source,
            compiled: std::sync::OnceLock::new(),
        }
    }

    /// Whether `text` matches; a pattern that does not compile matches nothing.
    pub fn is_match(&self, text: &str) -> bool {
        self.compiled
            .get_or_init(|| regex::Regex::new(self.source).ok())
            .as_ref()
            .is_some_and(|re| re.is_match(text))
    }
}

/// Checks a `pattern` constraint; absent values pass.
#[cfg(feature = "pattern")]
pub fn check_pattern<T: Text>(value: &T, pattern: &Pattern) -> Result<(), Invalid> {
    match value.text() {
        Some(text) if !pattern.is_match(text) => Err(Invalid::new(format!(
            "Member must satisfy regular expression pattern: {}",
            pattern.source
        ))),
        _ => Ok(()),
    }
}

/// A list whose elements can be checked one by one.
pub trait Items {
    /// The element type.
    type Item;
    /// The elements, or `None` for an absent optional list.
    fn items(&self) -> Option<&[Self::Item]>;
}

impl<T> Items for Vec<T> {
    type Item = T;
    fn items(&self) -> Option<&[T]> {
        Some(self)
    }
}

impl<L: Items> Items for Option<L> {
    type Item = L::Item;
    fn items(&self) -> Option<&[L::Item]> {
        self.as_ref().and_then(L::items)
    }
}

impl<L: Items> Items for crate::Nullable<L> {
    type Item = L::Item;
    fn items(&self) -> Option<&[L::Item]> {
        self.value().and_then(L::items)
    }
}

/// Checks every element of a list with `check`, a violation located at its index.
pub fn check_items<L: Items>(
    list: &L,
    check: impl Fn(&L::Item) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    for (i, item) in list.items().unwrap_or(&[]).iter().enumerate() {
        check(item).map_err(|e| e.at_index(i))?;
    }
    Ok(())
}

/// Checks a `unique_items` constraint: no two elements are equal. Elements are compared
/// by their JSON form, so any element type (structures, floats, timestamps) is compared
/// the same way, in linear time.
pub fn check_unique<L: Items>(list: &L) -> Result<(), Invalid>
where
    L::Item: serde::Serialize,
{
    let items = list.items().unwrap_or(&[]);
    let mut seen = std::collections::HashSet::with_capacity(items.len());
    for item in items {
        // Only a map with non-string keys fails to serialize; the model has none.
        let json = serde_json::to_string(item).unwrap_or_default();
        if !seen.insert(json) {
            return Err(Invalid::new("Member must have unique values"));
        }
    }
    Ok(())
}

/// A map whose keys and values can be checked one by one.
pub trait Entries {
    /// The key type: a string, or an enum.
    type Key: fmt::Display;
    /// The value type.
    type Value;
    /// The entries, or `None` for an absent optional map.
    fn entries(&self) -> Option<&BTreeMap<Self::Key, Self::Value>>;
}

impl<K: fmt::Display, V> Entries for BTreeMap<K, V> {
    type Key = K;
    type Value = V;
    fn entries(&self) -> Option<&BTreeMap<K, V>> {
        Some(self)
    }
}

impl<M: Entries> Entries for Option<M> {
    type Key = M::Key;
    type Value = M::Value;
    fn entries(&self) -> Option<&BTreeMap<M::Key, M::Value>> {
        self.as_ref().and_then(M::entries)
    }
}

impl<M: Entries> Entries for crate::Nullable<M> {
    type Key = M::Key;
    type Value = M::Value;
    fn entries(&self) -> Option<&BTreeMap<M::Key, M::Value>> {
        self.value().and_then(M::entries)
    }
}

/// Checks every key of a map with `key` (a violation located at the map, as Smithy does)
/// and every value with `value` (located at its key).
pub fn check_entries<M: Entries>(
    map: &M,
    key: impl Fn(&M::Key) -> Result<(), Invalid>,
    value: impl Fn(&M::Value) -> Result<(), Invalid>,
) -> Result<(), Invalid> {
    let Some(entries) = map.entries() else {
        return Ok(());
    };
    for (k, v) in entries {
        key(k)?;
        value(v).map_err(|e| e.at_index(k))?;
    }
    Ok(())
}

/// A value that is not valid, with where it is (`/items/2/name`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Path segments from the innermost outwards: member names, indices and map keys.
    path: Vec<String>,
    /// The constraint, in Smithy's words (`Member must be between 1 and 5, inclusive`).
    constraint: String,
    /// For a `length` violation, the length found.
    length: Option<usize>,
}

impl Invalid {
    /// A violation of `constraint` by the value itself (not yet located).
    pub fn new(constraint: impl Into<String>) -> Self {
        Invalid {
            path: Vec::new(),
            constraint: constraint.into(),
            length: None,
        }
    }

    /// Records that the invalid value is inside member `name` (JSON key or parameter).
    pub fn at(mut self, name: &str) -> Self {
        self.path.push(name.to_string());
        self
    }

    fn at_index(mut self, index: impl fmt::Display) -> Self {
        self.path.push(index.to_string());
        self
    }

    /// Where the invalid value is, as a JSON pointer (RFC 6901): `/alert/severity`,
    /// `/items/2/name`; `""` for the whole input.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            out.push('/');
            out.push_str(&segment.replace('~', "~0").replace('/', "~1"));
        }
        out
    }

    /// The constraint broken, without where (`Member must be between 1 and 5, inclusive`).
    pub fn message(&self) -> &str {
        &self.constraint
    }

    /// What and where, as Smithy says it: `Value at '/severity' failed to satisfy
    /// constraint: Member must be between 1 and 5, inclusive` (with `with length 9` for a
    /// length).
    pub fn smithy_message(&self) -> String {
        let length = self
            .length
            .map(|n| format!(" with length {n}"))
            .unwrap_or_default();
        format!(
            "Value{length} at '{}' failed to satisfy constraint: {}",
            self.pointer(),
            self.constraint
        )
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.smithy_message())
    }
}

impl<T: Validate> Validate for Option<T> {
    fn validate(&self) -> Result<(), Invalid> {
        self.as_ref().map_or(Ok(()), T::validate)
    }
}

impl<T: Validate> Validate for crate::Nullable<T> {
    fn validate(&self) -> Result<(), Invalid> {
        self.value().map_or(Ok(()), T::validate)
    }
}

impl<T: Validate> Validate for Box<T> {
    fn validate(&self) -> Result<(), Invalid> {
        (**self).validate()
    }
}

impl<T: Validate> Validate for Vec<T> {
    fn validate(&self) -> Result<(), Invalid> {
        for (i, item) in self.iter().enumerate() {
            item.validate().map_err(|e| e.at_index(i))?;
        }
        Ok(())
    }
}

impl<K: fmt::Display, T: Validate> Validate for BTreeMap<K, T> {
    fn validate(&self) -> Result<(), Invalid> {
        for (key, item) in self {
            item.validate().map_err(|e| e.at_index(key))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Colour(&'static str);
    impl Validate for Colour {
        fn validate(&self) -> Result<(), Invalid> {
            check_enum(self.0, &["RED", "GREEN"])
        }
    }

    #[test]
    fn reports_the_path_to_an_unknown_value_without_the_value() {
        let items = vec![Some(Colour("RED")), None, Some(Colour("PURPLE"))];
        let err = items.validate().unwrap_err().at("colours");
        assert_eq!(
            err.to_string(),
            "Value at '/colours/2' failed to satisfy constraint: Member must satisfy enum \
             value set: [RED, GREEN]"
        );
        assert!(Colour("GREEN").validate().is_ok());
    }

    #[test]
    fn lengths_and_ranges_in_smithys_words() {
        let name = "héllo".to_string();
        assert!(check_length(&name, Some(5.0), Some(5.0)).is_ok());
        assert_eq!(
            check_length(&name, Some(1.0), Some(4.0))
                .unwrap_err()
                .at("name")
                .to_string(),
            "Value with length 5 at '/name' failed to satisfy constraint: Member must have \
             length between 1 and 4, inclusive"
        );
        assert!(check_length(&None::<String>, Some(1.0), None).is_ok());
        assert!(check_length(&vec![1, 2], None, Some(1.0)).is_err());
        assert!(check_range(&Some(100i32), Some(0.0), Some(100.0)).is_ok());
        assert_eq!(
            check_range(&101i64, None, Some(100.0))
                .unwrap_err()
                .message(),
            "Member must be less than or equal to 100"
        );
        assert_eq!(
            check_range(&1i8, Some(2.0), None).unwrap_err().message(),
            "Member must be greater than or equal to 2"
        );
        assert!(check_range(&f64::NAN, Some(0.0), None).is_err());
        assert!(check_range(&f32::NAN, None, None).is_err());
    }

    #[test]
    fn a_float_is_within_its_own_rounding_of_a_bound() {
        // 8.8f32 is above 8.8f64: compared as f64 it would be refused.
        assert!(check_range(&8.8f32, Some(2.2), Some(8.8)).is_ok());
        assert!(check_range(&2.2f32, Some(2.2), Some(8.8)).is_ok());
        assert!(check_range(&8.9f32, Some(2.2), Some(8.8)).is_err());
        assert_eq!(
            check_range(&9.0f32, Some(2.2), Some(8.8))
                .unwrap_err()
                .message(),
            "Member must be between 2.2 and 8.8, inclusive"
        );
    }

    #[test]
    fn a_violation_is_located_by_a_json_pointer() {
        let invalid = check_range(&9i32, Some(1.0), Some(5.0))
            .unwrap_err()
            .at("severity")
            .at_index(2)
            .at("a/b~c");
        assert_eq!(invalid.pointer(), "/a~1b~0c/2/severity");
        assert_eq!(
            invalid.message(),
            "Member must be between 1 and 5, inclusive"
        );
        // A null is no value to check.
        assert!(check_range(&Some(crate::Nullable::<i32>::Null), Some(1.0), None).is_ok());
    }

    #[test]
    fn elements_keys_and_values() {
        let list = Some(vec!["ab".to_string(), "abcdef".to_string()]);
        let err = check_items(&list, |s| check_length(s, None, Some(3.0)))
            .unwrap_err()
            .at("list");
        assert_eq!(err.pointer(), "/list/1");
        let mut map = BTreeMap::new();
        map.insert("k".to_string(), "toolong".to_string());
        let err = check_entries(&map, |_| Ok(()), |v| check_length(v, None, Some(3.0)))
            .unwrap_err()
            .at("map");
        assert_eq!(err.pointer(), "/map/k");
        let err = check_entries(&map, |k| check_length(k, Some(2.0), None), |_| Ok(()))
            .unwrap_err()
            .at("map");
        assert_eq!(err.pointer(), "/map");
        assert!(check_items(&None::<Vec<String>>, |_| Err(Invalid::new("x"))).is_ok());
    }

    #[test]
    fn unique_items_by_json_form() {
        assert!(check_unique(&vec![1, 2, 3]).is_ok());
        assert_eq!(
            check_unique(&Some(vec![1.5, 2.0, 1.5]))
                .unwrap_err()
                .message(),
            "Member must have unique values"
        );
        assert!(check_unique(&vec![Some("a"), None, Some("b")]).is_ok());
        assert!(check_unique(&vec![None::<String>, None]).is_err());
    }

    #[cfg(feature = "pattern")]
    #[test]
    fn patterns_are_searched_in_linear_time() {
        static LETTERS: Pattern = Pattern::new("^[a-m]+$");
        assert!(check_pattern(&"abc".to_string(), &LETTERS).is_ok());
        assert_eq!(
            check_pattern(&Some("xyz".to_string()), &LETTERS)
                .unwrap_err()
                .at("string")
                .to_string(),
            "Value at '/string' failed to satisfy constraint: Member must satisfy regular \
             expression pattern: ^[a-m]+$"
        );
        // Unanchored, a pattern is found anywhere.
        static DIGIT: Pattern = Pattern::new("[0-9]");
        assert!(check_pattern(&"ab1".to_string(), &DIGIT).is_ok());
        // The ReDoS pattern of the Smithy suite answers at once.
        static EVIL: Pattern = Pattern::new("^([0-9]+)+$");
        let evil = format!("{}!", "0".repeat(10_000));
        assert!(check_pattern(&evil, &EVIL).is_err());
    }
}
