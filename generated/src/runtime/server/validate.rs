//! Input validation a server does after decoding: enum values must be known. Generated
//! enums keep unknown values (so an old client survives a new value), but a server must
//! refuse a value it does not implement.

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
}
