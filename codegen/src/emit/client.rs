//! The `client` emitter: a `Client` with one async method per operation (plus page and
//! item streams for paginated operations). Each method only gathers the input's path
//! labels, query parameters, headers and body into a `Call` and hands it to the
//! hand-written runtime (`rt::client`), which builds, signs, sends, retries and
//! decodes.
//!
//! Members outside the body whose type is a map or a structure have no wire form; they are
//! not sent (the server emitter leaves them unset in the same way).

use super::{
    allow_self_convention, docs_with, ident, inner_docs, operation_facts, rust_type, Scope,
};
use crate::model::{Location, Member, Model, Operation, Pagination, Segment, ShapeId, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `client.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let s = &model.service;
    let module_docs = inner_docs(&format!(
        "The async client of {}: one method per operation. Requests are built from \
         `super::routes`, and sent, signed, retried and decoded by `rt::client`.",
        s.name
    ));
    let (name, signing_name, endpoint_prefix) = (&s.name, &s.signing_name, &s.endpoint_prefix);
    let client_docs = docs_with(
        Some(&format!(
            "A client of {name}. Cheap to clone: clones share the configuration and the \
             connection pool."
        )),
        &[],
    );
    let methods = model.operations.iter().map(|op| operation(model, op));
    let wire_values = model.enums_outside_body().into_iter().map(|id| {
        let ty = rust_type(model, id, Scope::Sibling);
        quote! {
            impl rt::client::WireValue for #ty {
                fn to_wire(&self) -> std::borrow::Cow<'_, str> {
                    std::borrow::Cow::Borrowed(self.as_str())
                }
            }
        }
    });
    // A service without operations uses only `Config`.
    let imports = if model.operations.is_empty() {
        quote!(
            use rt::client::Config;
        )
    } else {
        quote!(
            use rt::client::{Call, Config, SdkError};
        )
    };
    (
        module_docs,
        quote! {


            #imports

            /// What the runtime needs to know about the service: its names for signing and for
            /// the default endpoint.
            pub static SERVICE: rt::client::ServiceInfo = rt::client::ServiceInfo {
                name: #name,
                signing_name: #signing_name,
                endpoint_prefix: #endpoint_prefix,
                crate_name: env!("CARGO_PKG_NAME"),
                crate_version: env!("CARGO_PKG_VERSION"),
            };

            #client_docs
            #[derive(Debug, Clone)]
            pub struct Client {
                runtime: rt::client::Client,
            }

            impl Client {
                /// A client with this configuration.
                pub fn new(config: Config) -> Self {
                    Client { runtime: rt::client::Client::new(config, &SERVICE) }
                }

                /// The base URL requests go to.
                pub fn endpoint(&self) -> &str {
                    self.runtime.endpoint()
                }

                #(#methods)*
            }

            #(#wire_values)*
        },
    )
}

/// The method of one operation, and its streams if it is paginated.
fn operation(model: &Model, op: &Operation) -> TokenStream {
    let method = ident(&op.rust_name);
    let variant = ident(&op.variant_rust_name);
    let error = ident(&op.error_rust_name);
    let output = match op.output {
        Some(id) => rust_type(model, id, Scope::Sibling),
        None => quote!(()),
    };
    let members = op.input.map_or(&[][..], |id| model.members(id));
    let input_ty = op.input.map(|id| rust_type(model, id, Scope::Sibling));
    let idempotent = op.idempotent.then(|| quote!(.idempotent()));
    let labels: Vec<_> = op
        .path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Label { member, .. } => {
                let field = ident(&members[*member].rust_name);
                Some(quote!(.label(&input.#field)))
            }
            Segment::Literal(_) => None,
        })
        .collect();
    let params: Vec<_> = members.iter().filter_map(|m| parameter(model, m)).collect();
    let body = members
        .iter()
        .any(|m| m.location == Location::Body)
        .then(|| quote!(.json(&input)));
    // An input with nothing to send (no members, or none with a wire form) is still taken,
    // so that adding a member later does not change the method's signature.
    let sends_input = !labels.is_empty() || !params.is_empty() || body.is_some();
    let param = match &input_ty {
        Some(ty) if sends_input => quote!(input: #ty),
        Some(ty) => quote!(_input: #ty),
        None => quote!(),
    };
    let send = if op.output.is_some() {
        quote!(send)
    } else {
        quote!(send_without_output)
    };
    let mut facts = operation_facts(model, op);
    if !op.idempotent {
        facts.push(
            "Not idempotent: not retried after a timeout or a dropped connection once the \
             request was sent (the service may have acted), unless the retry policy allows it."
                .to_string(),
        );
    }
    let docs = docs_with(op.docs.as_deref(), &facts);
    let pages = match (&op.pagination, op.input, op.output, &input_ty) {
        (Some(p), Some(input), Some(out), Some(input_ty)) => {
            pagination(model, op, p, input, out, input_ty, &output, &error)
        }
        _ => TokenStream::new(),
    };
    let allow = allow_self_convention(&op.rust_name);
    quote! {
        #docs
        #allow
        pub async fn #method(&self, #param) -> Result<#output, SdkError<errors::#error>> {
            let call = Call::new(routes::Operation::#variant.route())
                #idempotent
                #(#labels)*
                #(#params)*
                #body;
            self.runtime.#send(call).await
        }

        #pages
    }
}

/// `.query(..)` or `.header(..)` for a member in the query or a header; `None` otherwise.
fn parameter(model: &Model, m: &Member) -> Option<TokenStream> {
    let (single, list) = match m.location {
        Location::Query => (quote!(query), quote!(query_list)),
        Location::Header => (quote!(header), quote!(header_list)),
        Location::Body | Location::Path => return None,
    };
    let field = ident(&m.rust_name);
    let wire = &m.wire_name;
    match &model.shape(m.target).kind {
        ShapeKind::Primitive(_) | ShapeKind::Enum(_) => {
            let value = if m.required {
                quote!(Some(&input.#field))
            } else {
                quote!(input.#field.as_ref())
            };
            Some(quote!(.#single(#wire, #value)))
        }
        ShapeKind::List { .. } => {
            let values = if m.required {
                quote!(Some(input.#field.as_slice()))
            } else {
                quote!(input.#field.as_deref())
            };
            Some(quote!(.#list(#wire, #values)))
        }
        ShapeKind::Map { .. } | ShapeKind::Structure(_) => None,
    }
}

/// `{op}_pages` and `{op}_items` for a paginated operation.
#[allow(clippy::too_many_arguments)]
fn pagination(
    model: &Model,
    op: &Operation,
    p: &Pagination,
    input: ShapeId,
    output: ShapeId,
    input_ty: &TokenStream,
    output_ty: &TokenStream,
    error: &proc_macro2::Ident,
) -> TokenStream {
    let method = ident(&op.rust_name);
    let pages = ident(&p.pages_rust_name);
    let items = ident(&p.items_rust_name);
    let in_token = &model.members(input)[p.input_token];
    let out_token = &model.members(output)[p.output_token];
    let items_member = &model.members(output)[p.items];
    let (in_field, out_field, items_field) = (
        ident(&in_token.rust_name),
        ident(&out_token.rust_name),
        ident(&items_member.rust_name),
    );
    let set_token = if in_token.required {
        quote!(|input, token| input.#in_field = token)
    } else {
        quote!(|input, token| input.#in_field = Some(token))
    };
    let next_token = if out_token.required {
        quote!(|output| Some(output.#out_field.as_str()))
    } else {
        quote!(|output| output.#out_field.as_deref())
    };
    let take_items = if items_member.required {
        quote!(|page| page.#items_field)
    } else {
        quote!(|page| page.#items_field.unwrap_or_default())
    };
    let item_ty = match &model.shape(items_member.target).kind {
        ShapeKind::List { member } => rust_type(model, *member, Scope::Sibling),
        _ => quote!(()),
    };
    let pages_docs = docs_with(
        Some(&format!(
            "Every page of `{}`, starting at `input`: each request carries the previous \
             page's `{}` as `{}`, until a page has none. A token that comes back a second \
             time ends the stream with `SdkError::RepeatedPageToken`.",
            op.name, out_token.wire_name, in_token.wire_name
        )),
        &[],
    );
    let items_docs = docs_with(
        Some(&format!(
            "Every element of `{}` of every page of `{}`, in order; see `{pages}`.",
            items_member.wire_name, op.name
        )),
        &[],
    );
    let (allow_pages, allow_items) = (
        allow_self_convention(&p.pages_rust_name),
        allow_self_convention(&p.items_rust_name),
    );
    quote! {
        #pages_docs
        #allow_pages
        pub fn #pages(&self, input: #input_ty)
            -> rt::client::Pages<#input_ty, #output_ty, errors::#error>
        {
            // `Clone::clone` by path: an operation may be called `clone`.
            let client = ::std::clone::Clone::clone(self);
            let fetch = move |input| {
                let client = ::std::clone::Clone::clone(&client);
                // By path: an operation named `into` would otherwise be `Into::into`.
                async move { Client::#method(&client, input).await }
            };
            rt::client::Pages::new(
                input,
                rt::client::Paginator::new(fetch, #set_token, #next_token),
            )
        }

        #items_docs
        #allow_items
        pub fn #items(&self, input: #input_ty)
            -> rt::client::Items<#input_ty, #output_ty, errors::#error, #item_ty>
        {
            Client::#pages(self, input).items(#take_items)
        }
    }
}
