//! The Smithy IDL 2.0 (`.smithy` files), read without a JVM: each file lexed
//! (`lexer.rs`) and parsed (`parser.rs`) as written, then all of them built into one
//! located tree in the JSON AST's form (`build.rs`), which the importer reads as it reads
//! `smithy ast` output. Diagnostics point into the `.smithy` file they are about.

use super::super::{Cx, ImportDiagnostic};
use super::{SmithyImported, SmithySettings};
use crate::diagnostics::Diagnostic;
use crate::parse::located;
use crate::Source;

mod build;
mod lexer;
mod parser;

/// Whether a file name is an IDL file's (`.smithy`).
pub fn is_idl(name: &str) -> bool {
    name.ends_with(".smithy")
}

/// Imports the service `settings.service` (or the only one) of a model given as IDL files
/// (all the files it needs: its namespaces' and the shared ones'), or returns every problem
/// found (warnings included), each in its own file.
pub fn import_idl(
    sources: &[Source<'_>],
    settings: &SmithySettings<'_>,
) -> Result<SmithyImported, Vec<ImportDiagnostic>> {
    let mut files = build::Files::new();
    let mut parsed = Vec::new();
    let mut diags = Vec::new();
    for source in sources {
        let in_file = |diagnostic: Diagnostic| ImportDiagnostic {
            file: source.name.to_string(),
            diagnostic,
        };
        let text = match crate::source_text(source, "the file", None) {
            Ok(text) => text,
            Err(d) => {
                diags.extend(d.into_iter().map(in_file));
                continue;
            }
        };
        let index = files.add(source.name, text);
        let syntax = |message: String, at: usize| {
            let d = Diagnostic::error("", format!("invalid Smithy IDL: {message}"))
                .with_help("see https://smithy.io/2.0/spec/idl.html for the syntax");
            in_file(located(d, &files.span(index, at..at + 1)))
        };
        let tokens = match lexer::lex(text) {
            Ok(tokens) => tokens,
            Err(e) => {
                diags.push(syntax(e.message, e.at));
                continue;
            }
        };
        match parser::parse(&tokens, text.len()) {
            Ok(file) => parsed.push(file),
            Err(e) => diags.push(syntax(e.message, e.at)),
        }
    }
    if !diags.is_empty() || parsed.is_empty() {
        if diags.is_empty() {
            diags.push(ImportDiagnostic {
                file: String::new(),
                diagnostic: Diagnostic::error("", "no Smithy IDL file was given"),
            });
        }
        return Err(diags);
    }
    let root = match build::build(&files, &parsed) {
        Ok(root) => root,
        Err(errors) => {
            return Err(errors
                .into_iter()
                .map(|e| ImportDiagnostic {
                    file: files.entries[e.file].name.clone(),
                    diagnostic: located(
                        Diagnostic::error("", e.message).with_help(e.help),
                        &files.span(e.file, e.at),
                    ),
                })
                .collect())
        }
    };
    let first = files.entries[0].name.clone();
    let mut cx = Cx::default();
    let imported = cx.smithy(&first, &root, settings);
    let failed = cx.failed();
    // Each diagnostic back in its own file, its span in that file's bytes.
    let mut diags = cx.finish();
    for d in &mut diags {
        if let Some(span) = &d.diagnostic.span {
            if let Some((file, local)) = files.place(span) {
                d.file = file.to_string();
                d.diagnostic.span = Some(local);
            }
        }
    }
    match imported {
        Some(imported) if !failed => Ok(SmithyImported {
            warnings: diags,
            ..imported
        }),
        _ => Err(diags),
    }
}
