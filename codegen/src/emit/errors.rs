//! The `errors` emitter: a struct per modelled error, and per operation an enum of the
//! errors it can return plus one variant for anything unmodelled. Decoding and encoding are
//! the runtime's, and so is everything an operation enum has that is the same for every
//! operation (accessors, `Display`, decoding, `From`): one `rt::operation_error!` call
//! each. This only wires each error to its code, status and variant.

use super::object::{builders, field, json_impls};
use super::{docs_with, ident, inner_docs, std_type, Scope};
use crate::model::{
    ErrorBody, ErrorShape, Location, Model, Operation, Primitive, Protocol, ShapeKind,
};
use crate::naming::{REQUEST_ID_FIELD, UNMODELLED_VARIANT};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `errors.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let module_docs = inner_docs(&format!(
        "The errors of {}: a struct per modelled error, an enum per operation.",
        model.service.name
    ));
    let structs = model.errors.iter().map(|e| error_struct(model, e));
    let enums = model.operations.iter().map(|op| operation_enum(model, op));
    (
        module_docs,
        quote! {

            #(#structs)*
            #(#enums)*
        },
    )
}

fn error_struct(model: &Model, e: &ErrorShape) -> TokenStream {
    let (option, string) = (std_type(model, "Option"), std_type(model, "String"));
    let request_id = ident(REQUEST_ID_FIELD);
    let name = ident(&e.rust_name);
    let mut facts = vec![format!(
        "Schema: `errors.{}`. HTTP {}, code `{}`.",
        e.name, e.status, e.code
    )];
    if !e.aliases.is_empty() {
        let aliases: Vec<String> = e.aliases.iter().map(|a| format!("`{a}`")).collect();
        facts.push(format!("Also recognised under {}.", aliases.join(", ")));
    }
    if e.retryable {
        facts.push("Retryable.".to_string());
    }
    let docs = docs_with(e.docs.as_deref(), &facts);
    let fields = e.members.iter().map(|m| field(model, m, Scope::Sibling));
    let json = json_impls(
        model,
        &e.rust_name,
        &e.members,
        &[REQUEST_ID_FIELD],
        Scope::Sibling,
        false,
    );
    let builders = builders(
        model,
        &e.rust_name,
        &e.name,
        &e.members,
        &[REQUEST_ID_FIELD],
        Scope::Sibling,
    );
    let default = e.derives_default().then(|| quote!(Default,));
    let (code, aliases, retryable) = (&e.code, &e.aliases, e.retryable);
    let status = proc_macro2::Literal::u16_unsuffixed(e.status);
    let message = match model.error_message_member(e) {
        Some(m) if m.required => {
            let f = ident(&m.rust_name);
            quote!(Some(self.#f.as_str()))
        }
        Some(m) => {
            let f = ident(&m.rust_name);
            quote!(self.#f.as_deref())
        }
        None => quote!(None),
    };
    let request_id_docs = format!(
        " The `{}` of the response this error arrived in (client side).",
        model.service.protocol.request_id_header()
    );
    let title = (model.service.protocol == Protocol::HttpJson(ErrorBody::Problem)).then(|| {
        let title = &e.title;
        quote!(const TITLE: &'static str = #title;)
    });
    let read_headers = read_headers(model, e);
    let writes: Vec<TokenStream> = e
        .members
        .iter()
        .filter(|m| m.location == Location::Header)
        .map(|m| {
            let field = ident(&m.rust_name);
            let value = if m.required {
                quote!(Some(&self.#field))
            } else {
                quote!(self.#field.as_ref())
            };
            super::write_header(model, m, &quote!(headers), &value)
        })
        .collect();
    let write_headers = (!writes.is_empty()).then(|| {
        quote! {
            fn write_headers(&self, headers: &mut rt::OutHeaders) {
                #(#writes)*
            }
        }
    });
    // A sensitive member is kept out of `Debug`: the impl is written out.
    let redacts = e.members.iter().any(|m| m.sensitive);
    let debug = (!redacts).then(|| quote!(Debug,));
    let debug_impl = redacts.then(|| {
        super::types::sensitive_debug(&e.rust_name, false, &e.members, &[REQUEST_ID_FIELD])
    });
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
            #[doc = #request_id_docs]
            pub #request_id: #option<#string>,
        }

        #debug_impl
        #json
        #builders

        impl rt::ErrorShape for #name {
            const CODE: &'static str = #code;
            const ALIASES: &'static [&'static str] = &[#(#aliases),*];
            const STATUS: u16 = #status;
            const RETRYABLE: bool = #retryable;
            #title
            fn message(&self) -> #option<&str> {
                #message
            }
            fn request_id(&self) -> #option<&str> {
                self.#request_id.as_deref()
            }
            fn set_request_id(&mut self, request_id: #option<#string>) {
                self.#request_id = request_id;
            }
            #read_headers
            #write_headers
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                rt::fmt_error(self, f)
            }
        }

        impl std::error::Error for #name {}
    }
}

fn operation_enum(model: &Model, op: &Operation) -> TokenStream {
    let name = ident(&op.error_rust_name);
    let errors: Vec<&ErrorShape> = op.errors.iter().map(|id| model.error(*id)).collect();
    let variants: Vec<_> = errors.iter().map(|e| ident(&e.rust_name)).collect();
    let variant_docs = errors.iter().map(|e| {
        // The first sentence of the error's docs, with its full stop.
        let first = e.docs.as_deref().map(|d| match d.split_once(". ") {
            Some((sentence, _)) => format!("{sentence}."),
            None => d.to_string(),
        });
        docs_with(
            first.as_deref(),
            &[format!("HTTP {}, code `{}`.", e.status, e.code)],
        )
    });
    let listed: Vec<String> = errors
        .iter()
        .map(|e| format!("`{}` ({})", e.name, e.status))
        .collect();
    let docs = docs_with(
        Some(&format!("Errors of `{}`.", op.name)),
        &[if listed.is_empty() {
            format!("The schema models no errors for it; every error is `{UNMODELLED_VARIANT}`.")
        } else {
            format!(
                "Modelled: {}; anything else is `{UNMODELLED_VARIANT}`.",
                listed.join(", ")
            )
        }],
    );
    let unmodelled = ident(UNMODELLED_VARIANT);
    quote! {
        #docs
        #[derive(Debug)]
        #[non_exhaustive]
        // Errors are the cold path: boxing the larger ones would cost every match a deref.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variant_docs #variants(#variants), )*
            /// An error this operation's schema does not model; status, code, message,
            /// request id and body are kept.
            #unmodelled(rt::UnmodelledError),
        }

        rt::operation_error!(#name { #(#variants),* });
    }
}

/// `ErrorShape::read_headers` for an error with members in headers: each read by its
/// type (enums by their `From<&str>`, timestamps in their format); nothing otherwise.
fn read_headers(model: &Model, e: &ErrorShape) -> Option<TokenStream> {
    let reads: Vec<TokenStream> = e
        .members
        .iter()
        .filter(|m| m.location == Location::Header)
        .map(|m| {
            let field = ident(&m.rust_name);
            let wire = &m.wire_name;
            let element = model.value_shape(m.target);
            let is_list = element != m.target;
            let read = match (&model.shape(element).kind, is_list) {
                _ if m.json_value => quote!(headers.get_json_value(#wire)),
                (ShapeKind::Enum(_), false) => quote!(headers.get_enum(#wire)),
                (ShapeKind::Enum(_), true) => quote!(headers.get_enum_list(#wire)),
                (ShapeKind::Primitive(Primitive::Timestamp), list) => {
                    let format = super::timestamp_format_tokens(m.effective_timestamp_format());
                    if list {
                        quote!(headers.get_timestamp_list(#wire, #format))
                    } else {
                        quote!(headers.get_timestamp(#wire, #format))
                    }
                }
                (_, false) => quote!(headers.get(#wire)),
                (_, true) => quote!(headers.get_list(#wire)),
            };
            if m.required {
                quote! {
                    if let Some(value) = #read {
                        self.#field = value;
                    }
                }
            } else {
                quote!(self.#field = #read;)
            }
        })
        .collect();
    (!reads.is_empty()).then(|| {
        quote! {
            fn read_headers(&mut self, headers: &rt::ErrorHeaders<'_>) {
                #(#reads)*
            }
        }
    })
}
