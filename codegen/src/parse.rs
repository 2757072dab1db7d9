//! Reads the located YAML tree into the `raw` schema one entry at a time, so that a mistake
//! in one shape does not hide a mistake in another operation: every entry that cannot be
//! read gives its own located diagnostic.

use crate::diagnostics::{Diagnostic, Position};
use crate::raw;
use crate::schema_path::SchemaPath;
use crate::yaml::{De, DeError, Kind, Node, Span};
use serde::de::DeserializeOwned;

/// The top-level keys of a schema.
const SECTIONS: &[&str] = &["service", "shapes", "operations", "errors"];

/// A diagnostic located at `span`.
pub fn located(d: Diagnostic, span: &Span) -> Diagnostic {
    Diagnostic {
        position: Some(Position {
            line: span.line,
            column: span.column,
        }),
        span: Some(span.bytes.clone()),
        ..d
    }
}

fn de_error(e: DeError, fallback: &Span) -> Diagnostic {
    let is_status = e.message.contains("out of range")
        && matches!(
            e.path.as_str().rsplit('.').next(),
            Some("status" | "success")
        );
    let mut d = Diagnostic::error(e.path, e.message);
    d.help = e.help;
    if is_status {
        d = d.with_help_if_none("an HTTP status is a number from 100 to 599");
    }
    located(d, e.span.as_ref().unwrap_or(fallback))
}

/// The raw schema in `root`, or every entry's problem.
pub fn schema(root: &Node) -> Result<raw::Schema, Vec<Diagnostic>> {
    let entries = match &root.kind {
        Kind::Map(entries) => entries,
        _ => {
            let d = Diagnostic::error(
                "",
                "the schema must be a mapping with the keys `service`, `shapes`, `operations` and `errors`",
            )
            .with_help("start with `service:`; see the schema reference in README.md");
            return Err(vec![located(d, &root.span)]);
        }
    };
    let mut diags = Vec::new();
    let mut service = None;
    let mut shapes = raw::Entries::default();
    let mut operations = raw::Entries::default();
    let mut errors = raw::Entries::default();
    let mut seen: Vec<&str> = Vec::new();
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            diags.push(located(
                Diagnostic::error(SchemaPath::root(), "a top-level key must be a name"),
                &key.span,
            ));
            continue;
        };
        if seen.contains(&name) {
            diags.push(located(
                Diagnostic::error(
                    SchemaPath::root().key(name),
                    format!("duplicate key `{name}`"),
                )
                .with_help("merge the two sections into one"),
                &key.span,
            ));
            continue;
        }
        seen.push(name);
        match name {
            "service" => match raw::Service::deserialize(De(value)) {
                Ok(s) => service = Some(s),
                Err(e) => diags.push(de_error(e.within_key("service"), &key.span)),
            },
            "shapes" => shapes = section(name, key, value, &mut diags),
            "operations" => operations = section(name, key, value, &mut diags),
            "errors" => errors = section(name, key, value, &mut diags),
            other => {
                let d = Diagnostic::error(
                    SchemaPath::root().key(other),
                    format!("unknown key `{other}`"),
                )
                .suggest(other, SECTIONS.iter().copied())
                .with_help_if_none(
                    "the top-level keys are `service`, `shapes`, `operations` and `errors`",
                );
                diags.push(located(d, &key.span));
            }
        }
    }
    if service.is_none() && !seen.contains(&"service") {
        let d = Diagnostic::error(SchemaPath::root(), "missing key `service`")
            .with_help("add `service: {name: ..., version: ..., protocol: rest-json}`");
        diags.push(located(d, &root.span));
    }
    match service {
        Some(service) if diags.is_empty() => Ok(raw::Schema {
            service,
            shapes,
            operations,
            errors,
        }),
        _ => Err(diags),
    }
}

use serde::Deserialize as _;

/// One of `shapes`, `operations`, `errors`: each entry read on its own.
fn section<T: DeserializeOwned>(
    name: &str,
    key: &Node,
    value: &Node,
    diags: &mut Vec<Diagnostic>,
) -> raw::Entries<T> {
    let path = SchemaPath::root().key(name);
    let mut out = Vec::new();
    match &value.kind {
        _ if value.is_null() => {}
        Kind::Map(entries) => {
            for (k, v) in entries {
                let Some(entry) = k.as_str() else {
                    diags.push(located(
                        Diagnostic::error(&path, "a name must be a plain string"),
                        &k.span,
                    ));
                    continue;
                };
                match T::deserialize(De(v)) {
                    Ok(t) => out.push((entry.to_string(), t)),
                    Err(e) => {
                        let fallback = if matches!(v.kind, Kind::Scalar { .. }) {
                            &v.span
                        } else {
                            &k.span
                        };
                        diags.push(de_error(e.within_key(entry).within_key(name), fallback));
                    }
                }
            }
        }
        _ => {
            let d = Diagnostic::error(
                path,
                format!("`{name}` must be a mapping from names to definitions"),
            )
            .with_help(format!(
                "write `{name}:` and indent one `Name:` entry per line below it"
            ));
            diags.push(located(d, &key.span));
        }
    }
    raw::Entries(out)
}
