//! Input validation a server does after decoding: enum values must be known, and `length`
//! and `range` constraints hold. Generated enums keep unknown values (so an old client
//! survives a new value), but a server must refuse a value it does not implement.
//! (`pattern` constraints are documented but not checked: that needs a regex engine.)

use std::collections::BTreeMap;
use std::fmt;

/// A decoded input, or a part of one, that can be checked before the implementation is
/// called. Generated for every structure and enum an input can reach that holds an enum.
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
    let shown: String = value.chars().take(64).collect();
    Err(Invalid {
        path: Vec::new(),
        message: format!(
            "unknown value `{shown}`; expected one of: {}",
            known.join(", ")
        ),
    })
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
    /// The value, or `None` for an absent optional value.
    fn number(&self) -> Option<f64>;
}

impl Numeric for i32 {
    fn number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl Numeric for i64 {
    fn number(&self) -> Option<f64> {
        // Precise to 2^53, beyond any bound a schema writes.
        Some(*self as f64)
    }
}

impl Numeric for f32 {
    fn number(&self) -> Option<f64> {
        Some(f64::from(*self))
    }
}

impl Numeric for f64 {
    fn number(&self) -> Option<f64> {
        Some(*self)
    }
}

impl<T: Numeric> Numeric for Option<T> {
    fn number(&self) -> Option<f64> {
        self.as_ref().and_then(T::number)
    }
}

impl<T: Numeric> Numeric for crate::Nullable<T> {
    fn number(&self) -> Option<f64> {
        self.value().and_then(T::number)
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
    let len = len as f64;
    if min.is_some_and(|m| len < m) || max.is_some_and(|m| len > m) {
        return Err(Invalid {
            path: Vec::new(),
            message: format!("length {len} is outside {}", bounds(min, max)),
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
    let Some(n) = value.number() else {
        return Ok(());
    };
    if n.is_nan() || min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
        return Err(Invalid {
            path: Vec::new(),
            message: format!("{n} is outside {}", bounds(min, max)),
        });
    }
    Ok(())
}

/// `[1, 64]`, `[1, ∞)`, `(-∞, 100]`.
fn bounds(min: Option<f64>, max: Option<f64>) -> String {
    match (min, max) {
        (Some(a), Some(b)) => format!("[{a}, {b}]"),
        (Some(a), None) => format!("[{a}, ∞)"),
        (None, Some(b)) => format!("(-∞, {b}]"),
        (None, None) => "any value".to_string(),
    }
}

/// A value that is not valid, with where it is (`items[2].contentHandlingStrategy`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invalid {
    /// Path segments from the innermost outwards, each `.name` or `[index]`.
    path: Vec<String>,
    message: String,
}

impl Invalid {
    /// Records that the invalid value is inside member `name` (JSON key or parameter).
    pub fn at(mut self, name: &str) -> Self {
        self.path.push(format!(".{name}"));
        self
    }

    fn at_index(mut self, index: impl fmt::Display) -> Self {
        self.path.push(format!("[{index}]"));
        self
    }

    /// Where the invalid value is, as a JSON pointer (RFC 6901): `/alert/severity`,
    /// `/items/2/name`; `""` for the whole input.
    pub fn pointer(&self) -> String {
        let mut out = String::new();
        for segment in self.path.iter().rev() {
            let name = segment
                .strip_prefix('.')
                .or_else(|| segment.strip_prefix('[').and_then(|s| s.strip_suffix(']')))
                .unwrap_or(segment);
            out.push('/');
            out.push_str(&name.replace('~', "~0").replace('/', "~1"));
        }
        out
    }

    /// What is wrong, without where (`9 is outside [1, 5]`).
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Invalid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path: String = self.path.iter().rev().map(String::as_str).collect();
        match path.strip_prefix('.') {
            Some(path) => write!(f, "`{path}`: {}", self.message),
            None if path.is_empty() => f.write_str(&self.message),
            None => write!(f, "`{path}`: {}", self.message),
        }
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

impl<K: fmt::Debug, T: Validate> Validate for BTreeMap<K, T> {
    fn validate(&self) -> Result<(), Invalid> {
        for (key, item) in self {
            item.validate()
                .map_err(|e| e.at_index(format!("{key:?}")))?;
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
    fn reports_the_path_to_an_unknown_value() {
        let items = vec![Some(Colour("RED")), None, Some(Colour("PURPLE"))];
        let err = items.validate().unwrap_err().at("colours");
        assert_eq!(
            err.to_string(),
            "`colours[2]`: unknown value `PURPLE`; expected one of: RED, GREEN"
        );
        assert!(Colour("GREEN").validate().is_ok());
    }

    #[test]
    fn lengths_and_ranges() {
        let name = "héllo".to_string();
        assert!(check_length(&name, Some(5.0), Some(5.0)).is_ok());
        assert_eq!(
            check_length(&name, Some(1.0), Some(4.0))
                .unwrap_err()
                .at("name")
                .to_string(),
            "`name`: length 5 is outside [1, 4]"
        );
        assert!(check_length(&None::<String>, Some(1.0), None).is_ok());
        assert!(check_length(&vec![1, 2], None, Some(1.0)).is_err());
        assert!(check_range(&Some(100i32), Some(0.0), Some(100.0)).is_ok());
        assert_eq!(
            check_range(&101i64, None, Some(100.0))
                .unwrap_err()
                .to_string(),
            "101 is outside (-∞, 100]"
        );
        assert!(check_range(&f64::NAN, Some(0.0), None).is_err());
    }

    #[test]
    fn a_violation_is_located_by_a_json_pointer() {
        let invalid = check_range(&9i32, Some(1.0), Some(5.0))
            .unwrap_err()
            .at("severity")
            .at_index(2)
            .at("a/b~c");
        assert_eq!(invalid.pointer(), "/a~1b~0c/2/severity");
        assert_eq!(invalid.message(), "9 is outside [1, 5]");
        assert_eq!(
            invalid.to_string(),
            "`a/b~c[2].severity`: 9 is outside [1, 5]"
        );
        // A null is no value to check.
        assert!(check_range(&Some(crate::Nullable::<i32>::Null), Some(1.0), None).is_ok());
    }
}
