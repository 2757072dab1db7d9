//! The hand-written runtime that generated code calls: logic that is the same for every
//! service and operation is written once here, so that the generated part stays small.

mod values;

pub use values::{deserialize_str, Timestamp, UnknownValue};
