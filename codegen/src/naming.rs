//! All naming in one place: case conversion, keyword escaping and the names the generator
//! derives (`{Operation}Error`). Emitters never call `heck`; they read names from the model.

use heck::{ToSnakeCase, ToTitleCase, ToUpperCamelCase};

/// Rust keywords (strict, reserved and edition 2018+), which become raw identifiers.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers; they get a trailing underscore instead.
const NOT_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Standard-library types that generated code names without a path, with the full path
/// it uses instead in a crate where a shape or an error has the same Rust name (a shape
/// named `Result` or `Option` is kept as it is: generated code steps around it).
pub const STD_TYPES: &[(&str, &str)] = &[
    ("Box", "::std::boxed::Box"),
    ("From", "::std::convert::From"),
    ("Into", "::std::convert::Into"),
    ("Option", "::std::option::Option"),
    ("Result", "::std::result::Result"),
    ("String", "::std::string::String"),
    ("Vec", "::std::vec::Vec"),
];

/// The words of a name for case conversion: every character other than an ASCII letter,
/// digit or `_` separates words (`areaInM²` -> `areaInM `). Rust accepts more in identifiers
/// (Unicode XID), but non-ASCII identifiers trip the `mixed_script_confusables` and
/// `uncommon_codepoints` lints, and a `_` left in their place trips the case lints; the
/// wire name keeps the original spelling.
fn words(text: &str) -> String {
    text.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '_' {
                c
            } else {
                ' '
            }
        })
        .collect()
}

/// A case-converted name made a valid identifier: a leading digit or an empty name gets a
/// `_` in front.
fn identifier(mut name: String) -> String {
    if name.is_empty() || name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
}

/// Escapes a keyword: `type` -> `r#type`, `self` -> `self_`.
fn escape_keyword(name: String) -> String {
    if NOT_RAW.contains(&name.as_str()) {
        format!("{name}_")
    } else if KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else {
        name
    }
}

/// A type name: `storageBucket` -> `StorageBucket`, `Self` -> `Self_`. Names of the
/// standard library (`Result`) are kept; see [`STD_TYPES`].
pub fn type_name(schema_name: &str) -> String {
    escape_keyword(identifier(words(schema_name).to_upper_camel_case()))
}

/// A field or function name: `bucketId` -> `bucket_id`,
/// `type` -> `r#type`.
pub fn field_name(schema_name: &str) -> String {
    escape_keyword(identifier(words(schema_name).to_snake_case()))
}

/// An enum variant name from a wire value: `CONVERT_TO_TEXT` -> `ConvertToText`.
/// The variant `Unknown` is reserved for values the schema does not know.
pub fn variant_name(value: &str) -> String {
    step_around(type_name(value), UNKNOWN_VARIANT)
}

/// The variant that keeps enum values the schema does not list.
pub const UNKNOWN_VARIANT: &str = "Unknown";

/// The variant of every operation error enum that holds errors the schema does not model.
/// The runtime's `operation_error!` macro names this variant too: change both together.
pub const UNMODELLED_VARIANT: &str = "Unmodelled";

/// The field of every error struct that keeps the response's `x-amzn-RequestId`.
pub const REQUEST_ID_FIELD: &str = "request_id";

/// The Rust name of an error (its struct, and its variant in operation error enums):
/// `NotFound` -> `NotFound`; `Unmodelled` -> `Unmodelled_`, which is taken by the variant
/// for unmodelled errors.
pub fn error_name(schema_name: &str) -> String {
    step_around(type_name(schema_name), UNMODELLED_VARIANT)
}

/// The default problem-details `title` of an error (http-json): its name in words,
/// `BookNotFound` -> `Book Not Found`.
pub fn problem_title(schema_name: &str) -> String {
    schema_name.to_title_case()
}

/// The field name of an error member: as [`field_name`], except that `request_id` is
/// taken by the field every error struct has (so a member `requestId` is `request_id_`).
pub fn error_field_name(schema_name: &str) -> String {
    step_around(field_name(schema_name), REQUEST_ID_FIELD)
}

/// `name`, or `name_` if it is the generator's `reserved`: the schema's name yields, so
/// the generator's own names stay the same in every crate.
fn step_around(name: String, reserved: &str) -> String {
    if name == reserved {
        format!("{name}_")
    } else {
        name
    }
}

/// The chained setter of an optional input member: `with_` and the field name
/// (`with_type` for `r#type`). The prefix keeps setters clear of the names clippy gives
/// meanings to (`is_*`, `to_*`, `as_*`, `from_*`, `add`, ...) and of the constructor `new`.
pub fn setter_name(field: &str) -> String {
    format!("with_{}", unraw(field).trim_matches('_'))
}

/// The parameter of an input's `new` for a member (only the required ones are used): the
/// field name, except that a field of only underscores and digits (`_1_000`, from a member
/// `1,000`) becomes `member_1_000` (clippy: `just_underscores_and_digits`), and a name an
/// earlier member's parameter has (`taken`) gets a `_` until it is unique.
pub fn param_name(field: &str, taken: &mut std::collections::BTreeSet<String>) -> String {
    let name = if field.chars().any(|c| c.is_ascii_alphabetic()) {
        field.to_string()
    } else {
        format!("member_{}", field.trim_start_matches('_'))
    };
    unique(repeated(name, "_"), |name| {
        taken.insert(unraw(name).to_string())
    })
}

/// The first of `candidates` that `claim` takes (`claim` records what it takes and says
/// whether the name was free; the last candidate if none is): the one way generated names
/// step around each other. The candidates are [`repeated`] or [`numbered`].
pub fn unique(
    candidates: impl IntoIterator<Item = String>,
    mut claim: impl FnMut(&str) -> bool,
) -> String {
    let mut last = String::new();
    for candidate in candidates {
        if claim(&candidate) {
            return candidate;
        }
        last = candidate;
    }
    last
}

/// `name`, then `name` with `suffix` once, twice, ... (`type`, `type_`, `type__`).
pub fn repeated(name: String, suffix: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::successors(Some(name), move |name| Some(format!("{name}{suffix}")))
}

/// `base`, then `base_2`, `base_3`, ...
pub fn numbered(base: &str) -> impl Iterator<Item = String> + '_ {
    std::iter::once(base.to_string()).chain((2u64..).map(move |n| format!("{base}_{n}")))
}

/// The OpenAPI component names of the shapes and the errors, in the order given: a
/// schema's name with what a component name cannot hold (outside `[a-zA-Z0-9._-]`,
/// OpenAPI 3.1 §4.8.7.1) as `_`. Shapes and errors are separate namespaces in a schema but
/// not in a document: an error whose name a shape has gets `Error` appended (as often as
/// needed), and shapes are named first so their names never change.
pub fn openapi_component_names<'a>(
    shapes: impl IntoIterator<Item = &'a str>,
    errors: impl IntoIterator<Item = &'a str>,
) -> (Vec<String>, Vec<String>) {
    let mut taken = std::collections::BTreeSet::new();
    let mut claim = |name: &str| {
        let name = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        unique(repeated(name, "Error"), |name| {
            taken.insert(name.to_string())
        })
    };
    let shapes = shapes.into_iter().map(&mut claim).collect();
    let errors = errors.into_iter().map(&mut claim).collect();
    (shapes, errors)
}

/// Whether clippy's `wrong_self_convention` expects a method of this name to take `self`
/// in a way an operation method (`&self` and an input) does not (`from_*`, `into_*`,
/// `to_*`, `as_*`, `is_*`): the generated method then allows that lint, keeping the
/// operation's name.
pub fn trips_self_convention(method: &str) -> bool {
    let name = unraw(method);
    ["from_", "into_", "to_", "as_", "is_"]
        .iter()
        .any(|prefix| name.starts_with(prefix))
}

/// The client method / server trait method of an operation.
pub fn operation_fn_name(operation: &str) -> String {
    field_name(operation)
}

/// The variant of the `Operation` enum for an operation.
pub fn operation_variant_name(operation: &str) -> String {
    type_name(operation)
}

/// The client methods that stream pages and items of a paginated operation.
pub fn pagination_fn_names(operation_fn: &str) -> (String, String) {
    let base = unraw(operation_fn).trim_end_matches('_');
    (format!("{base}_pages"), format!("{base}_items"))
}

/// Methods of the generated `Client` that are not operations.
pub const CLIENT_METHODS: &[&str] = &["new", "endpoint"];

/// The error enum of an operation: `GetThing` -> `GetThingError`.
pub fn operation_error_name(operation: &str) -> String {
    format!("{}Error", type_name(operation).trim_end_matches('_'))
}

/// The error enum of an operation whose `{Op}Error` is a shape's or an error's name:
/// `BatchGetThing` -> `BatchGetThingOperationError`.
pub fn operation_error_fallback_name(operation: &str) -> String {
    format!(
        "{}OperationError",
        type_name(operation).trim_end_matches('_')
    )
}

/// The identifier without a raw prefix, to compare names for collisions.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// Checks a Cargo package name: ASCII letters, digits, `-` and `_`, starting with a
/// letter, at most 64 characters, and not a name Cargo or rustc reserve.
pub fn check_package_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.len() > 64 {
        return Err("it is longer than 64 characters");
    }
    if !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        return Err("it must start with a letter");
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Err("it may only contain ASCII letters, digits, `-` and `_`");
    }
    let lib = name.replace('-', "_");
    if KEYWORDS.contains(&lib.as_str())
        || NOT_RAW.contains(&lib.as_str())
        || ["std", "core", "alloc", "proc_macro", "test"].contains(&lib.as_str())
    {
        return Err("it is a Rust keyword or the name of a standard crate");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(type_name("storageBucket"), "StorageBucket");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("Result"), "Result");
        assert_eq!(field_name("areaInM²"), "area_in_m");
        assert_eq!(type_name("areaInM²x"), "AreaInMX");
        assert_eq!(variant_name("m²"), "M");
        assert_eq!(type_name(""), "__");
        assert_eq!(type_name("²"), "__");
        assert_eq!(field_name("größe"), "gr_e");
        assert_eq!(error_name("Unmodelled"), "Unmodelled_");
        assert_eq!(error_field_name("requestId"), "request_id_");
        assert_eq!(type_name("3dModel"), "_3dModel");
        assert_eq!(field_name("storageBucketId"), "storage_bucket_id");
        assert_eq!(field_name("type"), "r#type");
        assert_eq!(field_name("self"), "self_");
        assert_eq!(field_name("created_at"), "created_at");
        assert_eq!(field_name("2fa"), "_2fa");
        assert_eq!(field_name("x-amz-date"), "x_amz_date");
        assert_eq!(variant_name("CONVERT_TO_TEXT"), "ConvertToText");
        assert_eq!(variant_name("UNKNOWN"), "Unknown_");
        assert_eq!(variant_name("application/json"), "ApplicationJson");
        assert_eq!(operation_error_name("GetThing"), "GetThingError");
    }

    #[test]
    fn openapi_components_step_around_each_other() {
        let (shapes, errors) =
            openapi_component_names(["Thing", "ThingError", "a b/c"], ["Thing", "Other"]);
        assert_eq!(shapes, ["Thing", "ThingError", "a_b_c"]);
        // `ThingError` is a shape's, so the error `Thing` goes one further.
        assert_eq!(errors, ["ThingErrorError", "Other"]);
    }

    #[test]
    fn parameters_are_unique_whatever_their_rawness() {
        let mut taken = std::collections::BTreeSet::new();
        assert_eq!(param_name("r#type", &mut taken), "r#type");
        assert_eq!(param_name("type", &mut taken), "type_");
        assert_eq!(param_name("_1", &mut taken), "member_1");
    }
}
