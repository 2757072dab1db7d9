//! A generator of Rust crates for REST APIs described in a YAML schema.
//!
//! The pipeline runs one way: YAML text -> [`raw`] (serde mirror of the file) ->
//! [`validate`] -> [`model`] (resolved, every Rust name computed by [`naming`]) -> [`emit`]
//! (one emitter per output kind, `quote!` only) -> [`render`] (`syn` + `prettyplease`).
//! This crate never touches the file system: `xtask` reads the schema and writes the files.

pub mod diagnostics;
pub mod emit;
pub mod model;
pub mod naming;
pub mod raw;
pub mod render;
pub mod validate;

use diagnostics::{Diagnostic, Position};
use std::collections::BTreeMap;

/// A schema to generate from.
#[derive(Debug, Clone, Copy)]
pub struct Source<'a> {
    /// How the schema is named in diagnostics and in the `@generated` header
    /// (`schema/integration_response.yaml`).
    pub name: &'a str,
    /// The file's bytes, which need not be valid UTF-8 (that is reported, not assumed).
    pub bytes: &'a [u8],
}

/// The result of a successful run.
#[derive(Debug, Clone, PartialEq)]
pub struct Generated {
    /// File name (relative to the generated module directory) -> file text.
    pub files: BTreeMap<String, String>,
    /// Problems that did not stop generation.
    pub warnings: Vec<Diagnostic>,
}

/// Generates every file for `source`, or returns every problem found in it.
pub fn generate(source: Source<'_>) -> Result<Generated, Vec<Diagnostic>> {
    let (model, diags) = load(source);
    let model = model.ok_or_else(|| diags.clone())?;
    let mut files = BTreeMap::new();
    for (name, tokens) in emit::emit(&model) {
        let text = render::render(name, source.name, tokens)
            .map_err(|e| vec![Diagnostic::error("", e)])?;
        files.insert(name.to_string(), text);
    }
    Ok(Generated {
        files,
        warnings: diags,
    })
}

/// Parses and validates a schema: the model if it has no errors, and every diagnostic.
pub fn load(source: Source<'_>) -> (Option<model::Model>, Vec<Diagnostic>) {
    let text = match std::str::from_utf8(source.bytes) {
        Ok(text) => text,
        Err(e) => {
            let before = &source.bytes[..e.valid_up_to()];
            let line = before.iter().filter(|b| **b == b'\n').count() + 1;
            let column = before.iter().rev().take_while(|b| **b != b'\n').count() + 1;
            let d = Diagnostic {
                position: Some(Position { line, column }),
                ..Diagnostic::error("", "the schema is not valid UTF-8")
                    .with_help("save the file as UTF-8")
            };
            return (None, vec![d]);
        }
    };
    if text.trim().is_empty() {
        let d = Diagnostic::error("", "the schema file is empty")
            .with_help("start with a `service:` section; see the schema reference in README.md");
        return (None, vec![d]);
    }
    match serde_yaml::from_str::<raw::Schema>(text) {
        Ok(schema) => validate::validate(&schema),
        Err(e) => (None, vec![yaml_error(&e)]),
    }
}

/// A serde_yaml error as a diagnostic: its position, and its path when it names one.
fn yaml_error(e: &serde_yaml::Error) -> Diagnostic {
    let position = e.location().map(|l| Position {
        line: l.line(),
        column: l.column(),
    });
    let full = e.to_string();
    // serde_yaml writes "path.to.key: message at line L column C"; keep path and message.
    let message = full.split(" at line ").next().unwrap_or(&full).to_string();
    let (path, message) = match message.split_once(": ") {
        Some((p, m)) if !p.contains(' ') => (p.to_string(), m.to_string()),
        _ => (String::new(), message),
    };
    let mut d = Diagnostic {
        position,
        ..Diagnostic::error(path, message.clone())
    };
    if let Some(rest) = message.strip_prefix("unknown field `") {
        if let Some((wrong, expected)) = rest.split_once("`, expected") {
            let candidates: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
            d = d.suggest(wrong, candidates);
        }
    }
    d
}
