//! The `server` emitter: the `Service` trait (one async method per operation), `serve`, and
//! the thin dispatch from a matched route to the trait, which calls the hand-written
//! runtime (`rt::server`) for everything that is the same for every operation.
//!
//! Inputs are built as one struct literal: path labels, query parameters and headers by
//! name, and the body members from the JSON body (`..request.json_body()?`). Validation of
//! enum values is generated as `Validate` impls for the structures and enums that an input
//! can reach and that can hold an enum. Optional members outside the body whose type is a
//! map or a structure have no wire form the server decodes; they are left `None`.

use super::{
    allow_self_convention, docs_with, ident, inner_docs, operation_facts, rust_type, Scope,
};
use crate::model::{
    Constraints, Location, Member, Members, Model, Operation, Primitive, Protocol, ShapeId,
    ShapeKind, TimestampFormat,
};
use crate::naming;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `server.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let module_docs = inner_docs(&format!(
        "The server surface of {}: implement `Service` and serve it with `serve`. \
         Requests are matched with `routes::match_route`, decoded and validated by \
         `rt::server` before the implementation is called.",
        model.service.name
    ));
    let needs_check = model.needs_validation();
    let methods = model.operations.iter().map(|op| trait_method(model, op));
    let service_docs = docs_with(
        Some(&format!(
            "The operations of {}, one async method each. Implementations may use `async fn`, \
             and implement only the operations they serve: the others answer 501 \
             `NotImplemented`. Input has been decoded and validated (required members present, enum values \
             known) before a method is called; its result is sent as the operation's \
             success status with a JSON body, or as the error's {} form.",
            model.service.name,
            match model.service.protocol {
                Protocol::RestJson => "rest-json",
                Protocol::HttpJson(_) => "http-json",
            }
        )),
        &[],
    );

    let arms: Vec<TokenStream> = model
        .operations
        .iter()
        .map(|op| dispatch_arm(model, op))
        .collect();
    // Without operations there is nothing to box: the match has no arm.
    let call_fn = if arms.is_empty() {
        quote! {
            async fn call(&self, request: Request<Self::Operation>) -> Result<Reply, Rejection> {
                match request.operation() {}
            }
        }
    } else {
        quote! {
            fn call(
                &self,
                request: Request<Self::Operation>,
            ) -> impl std::future::Future<Output = Result<Reply, Rejection>> + Send {
                match request.operation() {
                    #(#arms)*
                }
            }
        }
    };
    let decoders: Vec<TokenStream> = model
        .operations
        .iter()
        .filter_map(|op| decoder(model, op, &needs_check))
        .collect();
    let decode = (!decoders.is_empty()).then(|| {
        quote! {
            /// Each operation's input, decoded from the request and validated: plain
            /// functions, not generic over the `Service`.
            mod decode {
                use super::*;

                #(#decoders)*
            }
        }
    });
    let validations = validate_impls(model, &needs_check);
    let params = param_impls(model);
    let validation_error = model.service.validation_error.as_ref().map(|v| {
        let e = model.error(v.error);
        let (code, title) = (&e.code, &e.title);
        let status = proc_macro2::Literal::u16_unsuffixed(e.status);
        let (message, list, path, entry) = (&v.message, &v.list, &v.path, &v.entry_message);
        let docs = docs_with(
            Some(&format!(
                "How a constraint violation is answered: as `{}` (`service.validation_error`).",
                e.name
            )),
            &[],
        );
        quote! {
            #docs
            static VALIDATION: rt::server::ValidationError = rt::server::ValidationError {
                status: #status,
                code: #code,
                title: #title,
                message: #message,
                list: #list,
                path: #path,
                entry_message: #entry,
            };
        }
    });
    // rest-json is the trait's default.
    let protocol = (model.service.protocol != Protocol::RestJson).then(|| {
        let protocol = super::protocol_tokens(&model.service.protocol);
        quote!(const PROTOCOL: rt::Protocol = #protocol;)
    });
    (
        module_docs,
        quote! {


            use rt::server::{Rejection, Reply, Request, Routed};

            #validation_error

            #service_docs
            pub trait Service: Send + Sync + 'static {
                #(#methods)*
            }

            /// Serves `service` on `listener` with the default limits until the returned
            /// handle is shut down. Call it from within a tokio runtime.
            pub fn serve<S: Service>(
                listener: rt::server::TcpListener,
                service: S,
            ) -> std::io::Result<rt::server::ServerHandle> {
                serve_with(listener, service, rt::server::ServerConfig::default())
            }

            /// Serves `service` on `listener` with the limits of `config`.
            pub fn serve_with<S: Service>(
                listener: rt::server::TcpListener,
                service: S,
                config: rt::server::ServerConfig,
            ) -> std::io::Result<rt::server::ServerHandle> {
                rt::server::serve(listener, Dispatcher(service), config)
            }

            /// The service as a request handler, to mount in another HTTP stack: with the
            /// `tower` feature it is a `tower::Service<http::Request<B>>`, so an axum
            /// `Router` can nest it beside its own routes and under `tower-http` layers.
            /// Requests are checked, routed, decoded and answered exactly as `serve` does.
            pub fn handler<S: Service>(
                service: S,
                config: rt::server::ServerConfig,
            ) -> rt::server::Handler<Dispatcher<S>> {
                rt::server::Handler::new(Dispatcher(service), config)
            }

            /// A [`Service`] connected to the generated routes: what [`serve`] and
            /// [`handler`] run.
            pub struct Dispatcher<S>(pub S);

            impl<S: Service> rt::server::Dispatch for Dispatcher<S> {
                type Operation = routes::Operation;
                #protocol

                fn operation_name(&self, operation: routes::Operation) -> &'static str {
                    operation.name()
                }

                fn route(
                    &self,
                    method: &str,
                    path: &str,
                    query: &str,
                ) -> Result<Routed<Self::Operation>, Rejection> {
                    Routed::from_match(method, path, routes::match_request(method, path, query))
                }

                // Each operation is a future of its own, boxed by `rt::server::operation`:
                // one `async fn` over every operation is one state machine whose checking
                // grows faster than the number of operations (about half the CPU time and
                // memory of `cargo check` at 600 operations went to it), and so did an
                // `async` block per operation.
                #call_fn
            }

            #decode

            #(#validations)*
            #(#params)*
        },
    )
}

/// The `Service` method of an operation, with its HTTP facts in the docs.
fn trait_method(model: &Model, op: &Operation) -> TokenStream {
    let name = ident(&op.rust_name);
    let error = ident(&op.error_rust_name);
    let output = match op.output {
        Some(id) => rust_type(model, id, Scope::Sibling),
        None => quote!(()),
    };
    let input = op.input.map(|id| {
        let ty = rust_type(model, id, Scope::Sibling);
        quote!(, _input: #ty)
    });
    let mut facts = operation_facts(model, op);
    facts.push(format!(
        "Not implementing it is allowed: the server then answers 501 `NotImplemented`, \
         naming `{}`.",
        op.name
    ));
    let docs = docs_with(op.docs.as_deref(), &facts);
    let (op_name, unmodelled) = (&op.name, ident(naming::UNMODELLED_VARIANT));
    let allow = allow_self_convention(&op.rust_name);
    quote! {
        #docs
        #allow
        fn #name(&self #input)
            -> impl std::future::Future<Output = Result<#output, errors::#error>> + Send {
            async {
                Err(errors::#error::#unmodelled(
                    rt::UnmodelledError::not_implemented(#op_name),
                ))
            }
        }
    }
}

/// The `match` arm of an operation: its input decoded (a plain function, see [`decoder`]),
/// the implementation's future, and how its result is answered, handed to
/// `rt::server::operation`, which awaits and encodes. Nothing in it is `async`: an `async`
/// block per operation in this generic impl made checking grow faster than the number of
/// operations.
fn dispatch_arm(model: &Model, op: &Operation) -> TokenStream {
    let variant = ident(&op.variant_rust_name);
    let method = ident(&op.rust_name);
    let status = proc_macro2::Literal::u16_unsuffixed(op.success);
    let respond = match op.output {
        Some(out) => match output_encoder(model, out) {
            Some(encode) => quote!(respond_with(#status, result, #encode)),
            None => quote!(respond(#status, result)),
        },
        None => quote!(respond_empty(#status, result)),
    };
    // Where the schema names a validation error, a missing required member becomes it.
    let decoded = match model.service.validation_error {
        Some(_) => quote!(decode::#method(request).map_err(|r| VALIDATION.refine(r))),
        None => quote!(decode::#method(request)),
    };
    // The media types of the request's body and of the answer, checked first (after the
    // credential, where the operation takes one).
    let (body, answer) = media_types(model, op);
    let some = |media: Option<&str>| match media {
        Some(media) => quote!(Some(#media)),
        None => quote!(None),
    };
    let (body, answer) = (some(body), some(answer));
    let negotiate = quote!(request.negotiate(#body, #answer));
    // An operation that takes credentials checks that one is there before anything else.
    let checks = match (!op.auth.is_empty()).then(|| super::auth_schemes_tokens(model, &op.auth)) {
        Some(schemes) => quote!(request.authenticate(#schemes).and_then(|()| #negotiate)),
        None => negotiate,
    };
    let future = match op.input {
        Some(_) => quote! {
            #checks.and_then(|()| #decoded.map(|input| Service::#method(&self.0, input)))
        },
        None => quote!(#checks.map(|()| Service::#method(&self.0))),
    };
    quote! {
        routes::Operation::#variant => rt::server::operation(
            #future,
            |result| rt::server::#respond,
        ),
    }
}

/// The media type of an operation's request body (`None` when it takes none; `*/*` for a
/// blob payload without a `media_type`, which may be of any type) and of its success
/// response's body (`None` when it answers none, or a blob without a `media_type`), for
/// `Request::negotiate`.
fn media_types<'m>(model: &'m Model, op: &Operation) -> (Option<&'m str>, Option<&'m str>) {
    let blob = |m: &Member| model.shape(m.target).kind == ShapeKind::Primitive(Primitive::Blob);
    let body = op.input.and_then(|id| {
        let members = model.members(id);
        match members.payload() {
            Some(p) if blob(p) && p.media_type.is_none() => Some("*/*"),
            Some(p) => Some(model.raw_payload_type(p).unwrap_or("application/json")),
            None if members.has_body() => Some("application/json"),
            // An input without members takes (and ignores) a JSON object, as restJson1's
            // `RestJsonEmptyInputAndEmptyOutputWithJson` asks; one whose members all travel
            // elsewhere takes no body (`RestJsonWithoutBodyEmptyInputExpectsEmptyContentType`).
            None if members.is_empty() => Some("application/json"),
            None => None,
        }
    });
    let answer = op.output.and_then(|id| {
        let members = model.members(id);
        match members.payload() {
            Some(p) if blob(p) && p.media_type.is_none() => None,
            Some(p) => Some(model.raw_payload_type(p).unwrap_or("application/json")),
            // An output without payload is answered as a JSON object, `{}` at least.
            None => Some("application/json"),
        }
    });
    (body, answer)
}

/// The function of the `decode` module that builds an operation's input from the request
/// and validates it; `None` for an operation without input.
fn decoder(model: &Model, op: &Operation, needs_check: &[bool]) -> Option<TokenStream> {
    let input_id = op.input?;
    let method = ident(&op.rust_name);
    let input_ty = rust_type(model, input_id, Scope::Sibling);
    let members = model.members(input_id);
    let mut reads = false;
    let fields: Vec<TokenStream> = members
        .outside_body()
        .map(|m| {
            let field = ident(&m.rust_name);
            let value = match param_value(model, m, &op.path.query) {
                Some(value) => {
                    reads = true;
                    value
                }
                None => quote!(None),
            };
            quote!(#field: #value,)
        })
        .collect();
    let body = members.has_body().then(|| quote!(..request.json_body()?));
    reads |= body.is_some();
    // Path labels are taken out of the request as they are decoded.
    let labels = op.path.segments.iter().any(|s| {
        matches!(
            s,
            crate::model::Segment::Label { .. } | crate::model::Segment::Greedy { .. }
        )
    });
    let request = match (labels, reads) {
        (true, _) => quote!(mut request),
        (false, true) => quote!(request),
        (false, false) => quote!(_request),
    };
    let input = quote! {
        #input_ty {
            #(#fields)*
            #body
        }
    };
    let build = if needs_check[input_id.0] {
        // A violation is the schema's validation error where it names one.
        let check = match model.service.validation_error {
            Some(_) => quote!(rt::server::validate(&input).map_err(|e| VALIDATION.reject(e))?;),
            None => quote!(rt::server::validate(&input)?;),
        };
        quote! {
            let input = #input;
            #check
            Ok(input)
        }
    } else {
        quote!(Ok(#input))
    };
    Some(quote! {
        pub(super) fn #method(
            #request: Request<routes::Operation>,
        ) -> Result<#input_ty, Rejection> {
            #build
        }
    })
}

/// The expression that reads a member outside the body from the request.
fn param_value(
    model: &Model,
    m: &Member,
    constant_query: &[(String, Option<String>)],
) -> Option<TokenStream> {
    let wire = &m.wire_name;
    let kind = &model.shape(m.target).kind;
    let element = model.list_element(m.target).map(|e| &model.shape(e).kind);
    let text = |k: &ShapeKind| match k {
        ShapeKind::Primitive(p) => p.has_text_form(),
        ShapeKind::Enum(_) => true,
        _ => false,
    };
    let date_list = element == Some(&ShapeKind::Primitive(Primitive::Timestamp))
        && m.effective_timestamp_format() == TimestampFormat::HttpDate;
    // A timestamp is read in its format only (the location's default, or the schema's).
    let timestamp = ShapeKind::Primitive(Primitive::Timestamp);
    let strict = (*kind == timestamp || element == Some(&timestamp)).then(|| {
        match m.effective_timestamp_format() {
            TimestampFormat::DateTime => quote!(rt::server::date_time),
            TimestampFormat::HttpDate => quote!(rt::server::http_date),
            TimestampFormat::EpochSeconds => quote!(rt::server::epoch_seconds),
        }
    });
    let optional = match (m.location, element, strict) {
        (Location::Path, _, Some(parse)) => {
            return Some(quote!(request.label_with(#wire, #parse)?))
        }
        (Location::Query, None, Some(parse)) => quote!(request.query_with(#wire, #parse)?),
        (Location::Query, Some(_), Some(parse)) => quote!(request.query_list_with(#wire, #parse)?),
        (Location::Header, None, Some(parse)) => quote!(request.header_with(#wire, #parse)?),
        (Location::Header, Some(_), Some(_)) if date_list => {
            quote!(request.header_date_list(#wire)?)
        }
        (Location::Header, Some(_), Some(parse)) => {
            quote!(request.header_list_with(#wire, #parse)?)
        }
        _ => TokenStream::new(),
    };
    if !optional.is_empty() {
        return Some(required_param(m, optional));
    }
    let optional = match (m.location, element) {
        (Location::Path, _) => return Some(quote!(request.label(#wire)?)),
        (Location::Query, None) if text(kind) => quote!(request.query(#wire)?),
        (Location::Query, Some(e)) if text(e) => quote!(request.query_list(#wire)?),
        (Location::Query, None) if matches!(kind, ShapeKind::Map { .. }) => {
            // Every parameter of the request is an entry, those of other members too (as
            // the protocol tests ask of servers), but not the template's constants.
            let bound = constant_query.iter().map(|(name, _)| name.as_str());
            quote!(request.query_map(&[#(#bound),*])?)
        }
        (Location::Header, Some(_)) if date_list => quote!(request.header_date_list(#wire)?),
        (Location::Header, Some(e)) if text(e) => quote!(request.header_list(#wire)?),
        (Location::Header, None) if m.json_value => quote!(request.header_json_value(#wire)?),
        (Location::Header, None) if text(kind) => quote!(request.header(#wire)?),
        (Location::Headers, _) => quote!(request.prefix_headers(#wire)?),
        (Location::Payload, _) => match kind {
            ShapeKind::Primitive(Primitive::Blob) => quote!(request.payload_blob()),
            ShapeKind::Primitive(Primitive::String) | ShapeKind::Enum(_) => {
                quote!(request.payload_text()?)
            }
            // An unset structure travels as `{}`; a required one is read as it is.
            ShapeKind::Structure(_) if !m.required => quote!(request.payload_structure()?),
            _ => quote!(request.payload_json()?),
        },
        // The status is a response's; validation refuses every other combination.
        _ => return None,
    };
    Some(required_param(m, optional))
}

/// The read of a member outside the body, `optional` (an `Option`), made a 400 when the
/// member is required and missing.
fn required_param(m: &Member, optional: TokenStream) -> TokenStream {
    if !m.required {
        return optional;
    }
    let what = match m.location {
        Location::Query => "query parameter",
        Location::Header | Location::Headers => "header",
        _ => "body",
    };
    let (wire, member) = (&m.wire_name, &m.name);
    quote!(rt::server::required(#optional, #what, #wire, #member)?)
}

/// The closure that writes an output with members outside the JSON body into the reply;
/// `None` when the output is all JSON body members (`respond` writes those), or has no
/// member a response carries.
fn output_encoder(model: &Model, output: crate::model::ShapeId) -> Option<TokenStream> {
    let members = model.members(output);
    if members.all_in_body() {
        return None;
    }
    let writes = members.iter().filter_map(|m| {
        let field = ident(&m.rust_name);
        let wire = &m.wire_name;
        let value = if m.required {
            quote!(Some(&output.#field))
        } else {
            quote!(output.#field.as_ref())
        };
        let kind = &model.shape(m.target).kind;
        Some(match m.location {
            Location::Status => quote!(reply.status(#value.copied());),
            Location::Headers => quote!(reply.prefix_headers(#wire, #value);),
            Location::Payload => match (model.raw_payload_type(m), kind) {
                (Some(media), ShapeKind::Enum(_)) => quote! {
                    reply.payload_bytes(#value.map(|v| v.as_str().as_bytes()), #media);
                },
                (Some(media), _) => quote! {
                    reply.payload_bytes(#value.map(|v| v.as_bytes()), #media);
                },
                _ => quote!(reply.payload_json(#value);),
            },
            Location::Header => super::write_header(model, m, &quote!(reply), &value),
            Location::Body | Location::Path | Location::Query => return None,
        })
    });
    let writes: Vec<TokenStream> = writes.collect();
    // Without a payload member the body is the JSON object of the body members, `{}` when
    // there are none (servers answer with a JSON object even for an empty output).
    let body = members
        .payload()
        .is_none()
        .then(|| quote!(reply.json(output);));
    if writes.is_empty() {
        // Only members a response has no place for (query parameters): the output is
        // sent as `respond` sends it, an empty JSON object.
        return None;
    }
    Some(quote! {
        |output, reply| {
            #(#writes)*
            #body
        }
    })
}

/// `Validate` impls for the named types an input reaches that need validating.
fn validate_impls(model: &Model, needs_check: &[bool]) -> Vec<TokenStream> {
    let reachable = model.input_reachable();
    model
        .named_types()
        .filter(|(id, _)| reachable.contains(id) && needs_check[id.0])
        .map(|(id, shape)| {
            let ty = rust_type(model, id, Scope::Sibling);
            let body = match &shape.kind {
                ShapeKind::Enum(_) => {
                    quote!(rt::server::check_enum(self.as_str(), Self::VALUES))
                }
                _ => {
                    // A structure's member is a field; a union's is the value of its variant.
                    let union = matches!(shape.kind, ShapeKind::Union(_));
                    let checks = model.members(id).iter().map(|m| {
                        let field = ident(&m.rust_name);
                        let value = if union {
                            quote!(value)
                        } else {
                            quote!(&self.#field)
                        };
                        // Located by member name, as Smithy's `fieldList` paths are.
                        let name = &m.name;
                        let checks =
                            value_checks(model, needs_check, m.target, &m.constraints, &value)
                                .into_iter()
                                .map(|check| quote!(#check.map_err(|e| e.at(#name))?;));
                        let checks = quote!(#(#checks)*);
                        match (union, checks.is_empty()) {
                            (false, _) => checks,
                            (true, true) => TokenStream::new(),
                            (true, false) => quote! {
                                if let Self::#field(value) = self {
                                    #checks
                                }
                            },
                        }
                    });
                    quote! {
                        #(#checks)*
                        Ok(())
                    }
                }
            };
            quote! {
                impl rt::server::Validate for #ty {
                    fn validate(&self) -> Result<(), rt::server::Invalid> {
                        #body
                    }
                }
            }
        })
        .collect()
}

/// The checks of a value of shape `id` under `constraints` (a member's, or a list element's
/// or map entry's shape's own), each an expression of type `Result<(), rt::server::Invalid>`
/// on `value` (a reference to the value, optional or not): its constraints, then what is
/// inside it (an enum's membership, a structure's members, a list's elements, a map's keys
/// and values).
fn value_checks(
    model: &Model,
    needs_check: &[bool],
    id: ShapeId,
    constraints: &Constraints,
    value: &TokenStream,
) -> Vec<TokenStream> {
    let bound = |b: Option<f64>| match b {
        Some(v) => quote!(Some(#v)),
        None => quote!(None),
    };
    let mut out = Vec::new();
    if let Some(b) = constraints.length {
        let (min, max) = (bound(b.min), bound(b.max));
        out.push(quote!(rt::server::check_length(#value, #min, #max)));
    }
    if let Some(b) = constraints.range {
        let (min, max) = (bound(b.min), bound(b.max));
        out.push(quote!(rt::server::check_range(#value, #min, #max)));
    }
    if let Some(pattern) = &constraints.pattern {
        // Compiled once, at its first use.
        out.push(quote!({
            static PATTERN: rt::server::Pattern = rt::server::Pattern::new(#pattern);
            rt::server::check_pattern(#value, &PATTERN)
        }));
    }
    if constraints.unique_items {
        out.push(quote!(rt::server::check_unique(#value)));
    }
    if let Some(values) = &constraints.int_values {
        out.push(quote!(rt::server::check_int_enum(#value, &[#(#values),*])));
    }
    // A list's elements and a map's keys and values under the constraints the list or map
    // gives them (over their target's own).
    let nested = |part: ShapeId, constraints: &Constraints, value: &TokenStream| {
        value_checks(model, needs_check, part, constraints, value)
    };
    let shape = model.shape(id);
    let closure = |checks: Vec<TokenStream>, arg: TokenStream| {
        if checks.is_empty() {
            quote!(|_| Ok(()))
        } else {
            quote!(|#arg| { #(#checks?;)* Ok(()) })
        }
    };
    match &model.shape(id).kind {
        ShapeKind::Enum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_) if needs_check[id.0] => {
            out.push(quote!(rt::server::Validate::validate(#value)));
        }
        ShapeKind::List { member } => {
            let checks = nested(*member, &shape.element_constraints, &quote!(item));
            if !checks.is_empty() {
                let check = closure(checks, quote!(item));
                out.push(quote!(rt::server::check_items(#value, #check)));
            }
        }
        ShapeKind::Map { key, value: entry } => {
            let keys = nested(*key, &shape.key_constraints, &quote!(key));
            let values = nested(*entry, &shape.element_constraints, &quote!(entry));
            if !keys.is_empty() || !values.is_empty() {
                let (keys, values) = (closure(keys, quote!(key)), closure(values, quote!(entry)));
                out.push(quote!(rt::server::check_entries(#value, #keys, #values)));
            }
        }
        _ => {}
    }
    out
}

/// `FromParam` impls for enums that travel in a path label, query parameter or header.
fn param_impls(model: &Model) -> Vec<TokenStream> {
    model
        .enums_outside_body()
        .into_iter()
        .map(|id| {
            let ty = rust_type(model, id, Scope::Sibling);
            quote! {
                impl rt::server::FromParam for #ty {
                    fn from_param(value: &str) -> Result<Self, String> {
                        Ok(Self::from(value))
                    }
                }
            }
        })
        .collect()
}
