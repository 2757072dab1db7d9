//! The `client` emitter: a `Client` with one method per operation (plus page and item
//! streams for paginated operations). Each method only gathers the input's path labels,
//! query parameters, headers and body into a `Call` and hands it to the hand-written
//! runtime (`rt::client`), which builds the request at once and returns the future that
//! signs, sends, retries and decodes. The methods are plain functions returning that
//! future, not `async fn`s: an `async` body per operation made checking a client grow
//! faster than its number of operations.
//!
//! Outputs with members outside the JSON body (headers, the status, a payload) are read by
//! a generated closure over `rt::client::Response`.

use super::{
    allow_self_convention, docs_with, ident, inner_docs, operation_facts, rust_type, Scope,
};
use crate::model::{
    HostPart, Location, Member, Members, Model, Operation, Pagination, Primitive, Segment, ShapeId,
    ShapeKind, TimestampFormat,
};
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
             connection pool.\n\nEach operation's method builds its request when it is \
             called and returns a future that owns all it needs (it can be spawned as it \
             is); nothing is sent until that future is polled."
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
    let protocol = super::protocol_tokens(&model.service.protocol);
    let servers = &model.service.servers;
    (
        module_docs,
        quote! {


            #imports

            /// What the runtime needs to know about the service: its names for signing and for
            /// the default endpoint, its protocol and its servers.
            pub static SERVICE: rt::client::ServiceInfo = rt::client::ServiceInfo {
                name: #name,
                signing_name: #signing_name,
                endpoint_prefix: #endpoint_prefix,
                crate_name: env!("CARGO_PKG_NAME"),
                crate_version: env!("CARGO_PKG_VERSION"),
                protocol: #protocol,
                servers: &[#(#servers),*],
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
    // Tokens the caller left unset are filled in before anything is read from the input.
    let tokens: Vec<_> = members
        .iter()
        .filter(|m| m.idempotency_token && !m.required)
        .map(|m| {
            let field = ident(&m.rust_name);
            quote! {
                if input.#field.is_none() {
                    input.#field = Some(self.runtime.idempotency_token());
                }
            }
        })
        .collect();
    let host = op.host_prefix.as_ref().map(|prefix| {
        let mut template = String::new();
        let mut args = Vec::new();
        for part in &prefix.parts {
            match part {
                HostPart::Literal(text) => {
                    template.push_str(&text.replace('{', "{{").replace('}', "}}"))
                }
                HostPart::Label(i) => {
                    template.push_str("{}");
                    let field = ident(&members[*i].rust_name);
                    args.push(quote!(input.#field));
                }
            }
        }
        if args.is_empty() {
            // No label: the template is the prefix (`{{` cannot occur without one).
            let text = template.replace("{{", "{").replace("}}", "}");
            quote!(.host_prefix(#text.to_string()))
        } else {
            quote!(.host_prefix(format!(#template #(, #args)*)))
        }
    });
    let labels: Vec<_> = op
        .path
        .segments
        .iter()
        .filter_map(|segment| match segment {
            Segment::Label { member, .. } | Segment::Greedy { member, .. } => {
                let m = &members[*member];
                let field = ident(&m.rust_name);
                Some(match explicit_timestamp_format(model, m) {
                    Some(format) => quote!(.label_text(input.#field.format(#format))),
                    None => quote!(.label(&input.#field)),
                })
            }
            Segment::Literal(_) => None,
        })
        .collect();
    // Members bound to a query map come last: parameters set by members win over them.
    let mut params: Vec<_> = members.iter().filter_map(|m| parameter(model, m)).collect();
    params.extend(members.iter().filter_map(|m| query_map(model, m)));
    let body = request_body(model, members);
    // With schemes declared, each operation says which it takes (`&[]`: none), so that a
    // credential goes only where the schema says.
    let auth = (!model.service.auth_schemes.is_empty()).then(|| {
        let schemes = super::auth_schemes_tokens(model, &op.auth);
        quote!(.auth(#schemes))
    });
    let extras = [
        op.gzip_request.then(|| quote!(.gzip())),
        op.checksum_required.then(|| quote!(.content_md5())),
        auth,
    ];
    // An input with nothing to send (no members, or none with a wire form) is still taken,
    // so that adding a member later does not change the method's signature.
    let host_label = op.host_prefix.as_ref().is_some_and(|prefix| {
        prefix
            .parts
            .iter()
            .any(|part| matches!(part, HostPart::Label(_)))
    });
    let sends_input = !labels.is_empty() || !params.is_empty() || body.is_some() || host_label;
    let param = match &input_ty {
        Some(ty) if !tokens.is_empty() => quote!(mut input: #ty),
        Some(ty) if sends_input => quote!(input: #ty),
        Some(ty) => quote!(_input: #ty),
        None => quote!(),
    };
    let send = match op.output {
        Some(out) => match response_decoder(model, out) {
            Some(decode) => quote!(send_with(call, #decode)),
            None => quote!(send(call)),
        },
        None => quote!(send_without_output(call)),
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
        pub fn #method(&self, #param)
            -> impl std::future::Future<Output = Result<#output, SdkError<errors::#error>>> + Send
        {
            #(#tokens)*
            let call = Call::new(routes::Operation::#variant.route())
                #idempotent
                #host
                #(#labels)*
                #(#params)*
                #body
                #(#extras)*;
            self.runtime.#send
        }

        #pages
    }
}

/// `rt::TimestampFormat::X` for a timestamp member (or a list of them) outside the body.
fn timestamp_format(model: &Model, m: &Member) -> Option<TokenStream> {
    let target = model.value_shape(m.target);
    if model.shape(target).kind != ShapeKind::Primitive(Primitive::Timestamp) {
        return None;
    }
    Some(super::timestamp_format_tokens(
        m.effective_timestamp_format(),
    ))
}

/// Like [`timestamp_format`], but `None` where the location's default applies, which the
/// runtime's `WireValue` writes by itself; a list in a header always gets its format, as
/// HTTP dates are joined without quoting.
fn explicit_timestamp_format(model: &Model, m: &Member) -> Option<TokenStream> {
    let is_list = matches!(model.shape(m.target).kind, ShapeKind::List { .. });
    let default = TimestampFormat::default_for(m.location) == m.effective_timestamp_format();
    if default && !(is_list && m.location == Location::Header) {
        return None;
    }
    timestamp_format(model, m)
}

/// How the request body is written: the JSON members, or the payload member.
fn request_body(model: &Model, members: &[Member]) -> Option<TokenStream> {
    if let Some(m) = members.payload() {
        let field = ident(&m.rust_name);
        let value = if m.required {
            quote!(Some(&input.#field))
        } else {
            quote!(input.#field.as_ref())
        };
        let kind = &model.shape(m.target).kind;
        return Some(match (model.raw_payload_type(m), kind) {
            (Some(media), ShapeKind::Enum(_)) => {
                quote!(.payload_bytes(#value.map(|v| v.as_str().as_bytes()), #media))
            }
            (Some(media), _) => quote!(.payload_bytes(#value.map(|v| v.as_bytes()), #media)),
            (None, ShapeKind::Structure(_)) => quote!(.payload_structure(#value)),
            (None, _) => quote!(.payload_json(#value)),
        });
    }
    members.has_body().then(|| quote!(.json(&input)))
}

/// The `Call` method for a member in the query or a header; `None` otherwise.
fn parameter(model: &Model, m: &Member) -> Option<TokenStream> {
    let field = ident(&m.rust_name);
    let wire = &m.wire_name;
    let value = if m.required {
        quote!(Some(&input.#field))
    } else {
        quote!(input.#field.as_ref())
    };
    let is_list = matches!(model.shape(m.target).kind, ShapeKind::List { .. });
    match m.location {
        Location::Query | Location::Header => {}
        Location::Headers => return Some(quote!(.prefix_headers(#wire, #value))),
        _ => return None,
    }
    let header = m.location == Location::Header;
    if let Some(format) = explicit_timestamp_format(model, m) {
        let one = if m.required {
            quote!(Some(input.#field.format(#format)))
        } else {
            quote!(input.#field.map(|t| t.format(#format)))
        };
        return Some(match (header, is_list) {
            (true, false) => quote!(.header_text(#wire, #one)),
            (false, false) => quote!(.query_text(#wire, #one)),
            (true, true) => quote!(.header_texts(
                #wire,
                #value.map(|ts| ts.iter().map(|t| t.format(#format)).collect()),
            )),
            (false, true) => quote!(.query_texts(
                #wire,
                #value.map(|ts| ts.iter().map(|t| t.format(#format)).collect()),
            )),
        });
    }
    if m.json_value {
        return Some(quote!(.header_text(#wire, #value.map(|v| rt::encode_json_header(v)))));
    }
    match model.shape(m.target).kind {
        ShapeKind::Primitive(_) | ShapeKind::Enum(_) => Some(if header {
            quote!(.header(#wire, #value))
        } else {
            quote!(.query(#wire, #value))
        }),
        ShapeKind::List { .. } => {
            let values = if m.required {
                quote!(Some(input.#field.as_slice()))
            } else {
                quote!(input.#field.as_deref())
            };
            Some(if header {
                quote!(.header_list(#wire, #values))
            } else {
                quote!(.query_list(#wire, #values))
            })
        }
        _ => None,
    }
}

/// `.query_map(..)` for a map member in the query.
fn query_map(model: &Model, m: &Member) -> Option<TokenStream> {
    if m.location != Location::Query || !matches!(model.shape(m.target).kind, ShapeKind::Map { .. })
    {
        return None;
    }
    let field = ident(&m.rust_name);
    Some(if m.required {
        quote!(.query_map(Some(&input.#field)))
    } else {
        quote!(.query_map(input.#field.as_ref()))
    })
}

/// The closure that builds an output with members outside the JSON body from the
/// response; `None` when the output is all JSON body members (`send` reads those).
fn response_decoder(model: &Model, output: ShapeId) -> Option<TokenStream> {
    let members = model.members(output);
    if members.all_in_body() {
        return None;
    }
    let has_body = members.has_body();
    let fields = members.outside_body().map(|m| {
        let field = ident(&m.rust_name);
        let value = output_value(model, m);
        quote!(#field: #value,)
    });
    let ty = rust_type(model, output, Scope::Sibling);
    let rest = has_body.then(|| quote!(..response.json()?));
    // Path and query members of an output that is also an input read nothing.
    let reads = has_body
        || members.iter().any(|m| {
            !matches!(
                m.location,
                Location::Body | Location::Path | Location::Query
            )
        });
    let response = if reads {
        quote!(response)
    } else {
        quote!(_response)
    };
    Some(quote! {
        |#response: rt::client::Response<'_>| Ok(#ty {
            #(#fields)*
            #rest
        })
    })
}

/// The expression that reads one output member outside the body from `response`.
fn output_value(model: &Model, m: &Member) -> TokenStream {
    let wire = &m.wire_name;
    let kind = &model.shape(m.target).kind;
    let read = match m.location {
        // Always there: a required member takes it as it is.
        Location::Status if m.required => return quote!(response.status()),
        Location::Status => quote!(Some(response.status())),
        Location::Headers => quote!(response.prefix_headers(#wire)?),
        Location::Payload => match kind {
            ShapeKind::Primitive(Primitive::Blob) => quote!(response.payload_blob()),
            ShapeKind::Primitive(Primitive::String) | ShapeKind::Enum(_) => {
                quote!(response.payload_text()?)
            }
            _ => quote!(response.payload_json()?),
        },
        Location::Header => {
            let element = model.list_element(m.target);
            // Enums are read by their `From<&str>`: `FromParam` is the server's.
            let is_enum = |id: ShapeId| matches!(model.shape(id).kind, ShapeKind::Enum(_));
            match (timestamp_format(model, m), element) {
                (Some(format), None) => quote!(response.header_timestamp(#wire, #format)?),
                (Some(format), Some(_)) => {
                    quote!(response.header_timestamp_list(#wire, #format)?)
                }
                (None, Some(id)) if is_enum(id) => quote!(response.header_enum_list(#wire)?),
                (None, Some(_)) => quote!(response.header_list(#wire)?),
                (None, None) if is_enum(m.target) => quote!(response.header_enum(#wire)?),
                (None, None) if m.json_value => quote!(response.header_json_value(#wire)?),
                (None, None) => quote!(response.header(#wire)?),
            }
        }
        // Path and query members of a structure that is also an input are not in a
        // response.
        Location::Body | Location::Path | Location::Query => {
            return match (m.required, kind) {
                (false, _) => quote!(None),
                (true, ShapeKind::Enum(_)) => quote!(rt::unset_enum()),
                (true, _) => quote!(Default::default()),
            };
        }
    };
    if !m.required {
        read
    } else if matches!(kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) {
        quote!(response.required(#read)?)
    } else if matches!(kind, ShapeKind::Enum(_)) {
        quote!(#read.unwrap_or_else(rt::unset_enum))
    } else {
        quote!(#read.unwrap_or_default())
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
    let item_ty = match model.list_element(items_member.target) {
        Some(element) => rust_type(model, element, Scope::Sibling),
        None => quote!(()),
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
            // `Clone::clone` by path: an operation may be called `clone`. The operation's
            // future owns what it needs, so `fetch` returns it as it is.
            let client = ::std::clone::Clone::clone(self);
            // By path: an operation named `into` would otherwise be `Into::into`.
            let fetch = move |input| Client::#method(&client, input);
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
