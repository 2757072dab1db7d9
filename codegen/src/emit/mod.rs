//! Emitters: one per output kind, each turning the model into the tokens of one file.
//!
//! Helpers shared by every emitter live here: identifiers, doc attributes and Rust types of
//! shapes. Emitters only use `quote!`; rendering to text happens in `render`.

mod client;
mod errors;
mod routes;
mod server;
mod types;

use crate::model::{Member, Model, Primitive, ShapeId, ShapeKind};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;
use std::collections::BTreeMap;

/// Every generated file (path relative to the generated module directory) with its tokens.
pub fn emit(model: &Model) -> BTreeMap<&'static str, TokenStream> {
    let mut files = BTreeMap::new();
    files.insert("mod.rs", module_root(model));
    files.insert("client.rs", client::emit(model));
    files.insert("types.rs", types::emit(model));
    files.insert("errors.rs", errors::emit(model));
    files.insert("routes.rs", routes::emit(model));
    files.insert("server.rs", server::emit(model));
    files
}

/// `mod.rs`: the module tree and the service's docs.
fn module_root(model: &Model) -> TokenStream {
    let s = &model.service;
    let mut text = format!(
        "{} (API version {}), generated from its schema.",
        s.name, s.version
    );
    if let Some(d) = &s.docs {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let docs = inner_docs(&text);
    quote! {
        #docs
        #[cfg(feature = "client")]
        pub mod client;
        pub mod errors;
        pub mod routes;
        #[cfg(feature = "server")]
        pub mod server;
        pub mod types;
    }
}

/// An identifier from a name computed by `naming` (which may be a raw `r#name`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` lines for an item, wrapped and escaped for rustdoc; nothing for no text.
pub(crate) fn docs(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` lines for a module.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Docs of an optional description followed by generator facts (each its own paragraph).
pub(crate) fn docs_with(text: Option<&str>, facts: &[String]) -> TokenStream {
    let mut all = text.map(str::to_string).unwrap_or_default();
    for fact in facts {
        if !all.is_empty() {
            all.push_str("\n\n");
        }
        all.push_str(fact);
    }
    docs(&all)
}

/// Splits text into doc lines of at most about 90 columns, each starting with a space,
/// escaping what rustdoc would read as links or HTML.
fn doc_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.trim().split('\n') {
        let mut line = String::new();
        let mut in_code = false;
        for word in paragraph.split_whitespace() {
            if !line.is_empty() && line.len() + word.len() > 90 {
                out.push(std::mem::take(&mut line));
            }
            line.push(' ');
            line.push_str(&escape_doc(word, &mut in_code));
        }
        out.push(line);
    }
    out
}

/// Escapes characters that rustdoc treats as markup (HTML tags, link brackets, URLs),
/// except inside `code spans`; `in_code` carries the span state from word to word.
fn escape_doc(word: &str, in_code: &mut bool) -> String {
    let mut out = String::with_capacity(word.len());
    for c in word.chars() {
        if c == '`' {
            *in_code = !*in_code;
        } else if !*in_code
            && (matches!(c, '<' | '>' | '[' | ']' | '*' | '\\') || (c == '#' && out.is_empty()))
        {
            out.push('\\');
        }
        out.push(c);
    }
    if out.starts_with("http://") || out.starts_with("https://") {
        format!("<{out}>")
    } else {
        out
    }
}

/// Where a type is named from: inside the `types` module, or from a sibling module.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Types,
    Sibling,
}

/// The Rust type of a shape used as a value (not wrapped in `Option` or `Box`).
pub(crate) fn rust_type(model: &Model, id: ShapeId, scope: Scope) -> TokenStream {
    let shape = model.shape(id);
    match &shape.kind {
        ShapeKind::Primitive(p) => match p {
            Primitive::String => quote!(String),
            Primitive::Integer => quote!(i32),
            Primitive::Long => quote!(i64),
            Primitive::Boolean => quote!(bool),
            Primitive::Double => quote!(f64),
            Primitive::Timestamp => quote!(crate::runtime::Timestamp),
        },
        ShapeKind::Structure(_) | ShapeKind::Enum(_) => {
            let name = ident(&shape.rust_name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(super::types::#name),
            }
        }
        ShapeKind::List { member } => {
            let inner = rust_type(model, *member, scope);
            quote!(Vec<#inner>)
        }
        ShapeKind::Map { key, value } => {
            let (k, v) = (
                rust_type(model, *key, scope),
                rust_type(model, *value, scope),
            );
            quote!(std::collections::BTreeMap<#k, #v>)
        }
    }
}

/// The type of a member field: boxed if recursive, optional unless required.
pub(crate) fn member_type(model: &Model, member: &Member, scope: Scope) -> TokenStream {
    let mut ty = rust_type(model, member.target, scope);
    if member.boxed {
        ty = quote!(Box<#ty>);
    }
    if member.required {
        ty
    } else {
        quote!(Option<#ty>)
    }
}
