//! The `object` emitter: what a structure and an error have alike, their fields (with the
//! docs that say where each travels), their JSON through `rt::object`, and their `new` and
//! `with_*` builders. The `types` and `errors` emitters both call it.

use super::{docs_with, ident, json_form, member_type, rust_type, std_type, Scope};
use crate::model::{Location, Member, Members, Model, ShapeKind};
use proc_macro2::TokenStream;
use quote::quote;

/// A struct field, with its docs.
pub(crate) fn field(model: &Model, m: &Member, scope: Scope) -> TokenStream {
    let name = ident(&m.rust_name);
    let ty = member_type(model, m, scope);
    let with_default;
    let required = match (m.required, m.nullable, &m.default) {
        (true, _, _) => "required",
        (false, _, Some(value)) => {
            with_default = format!("optional, `{value}` when left out");
            &with_default
        }
        (false, false, None) => "optional",
        (false, true, None) => "optional; `null` is `Some(Nullable::Null)`, told apart from absent",
    };
    let mut fact = format!("{}, {required}.", location_fact(model, m));
    for (what, bounds) in [
        ("Length", m.constraints.length),
        ("Range", m.constraints.range),
    ] {
        if let Some(b) = bounds {
            let side = |v: Option<f64>, open: &str| v.map_or(open.to_string(), |v| v.to_string());
            fact.push_str(&format!(
                " {what} {} to {}.",
                side(b.min, "-∞"),
                side(b.max, "∞")
            ));
        }
    }
    if let Some(pattern) = &m.constraints.pattern {
        fact.push_str(&format!(" Pattern `{pattern}`."));
    }
    if m.constraints.unique_items {
        fact.push_str(" Unique items.");
    }
    if let Some(values) = &m.constraints.int_values {
        let values: Vec<String> = values.iter().map(i64::to_string).collect();
        fact.push_str(&format!(" One of {}.", values.join(", ")));
    }
    let facts = [fact];
    let docs = docs_with(m.docs.as_deref(), &facts);
    quote! {
        #docs
        pub #name: #ty,
    }
}

/// `Serialize` and `Deserialize` for a structure (or an error) through `rt::object`: a
/// line per JSON member to write it, an arm per JSON member to read it. Members outside the
/// body are neither written nor read; reading leaves them unset (the server and the client
/// fill them from the path, query and headers). `extra` fields are not on the wire at all
/// and read as `None`. For an operation `input`, a member with a default is written only
/// when it holds another value: a client leaves a top-level default to the server, which
/// fills it in (Smithy's rule; nested structures are written whole).
pub(crate) fn json_impls(
    model: &Model,
    rust_name: &str,
    members: &[Member],
    extra: &[&str],
    scope: Scope,
    input: bool,
) -> TokenStream {
    let result = std_type(model, "Result");
    let name = ident(rust_name);
    let body: Vec<&Member> = members.body().collect();
    let writes = body.iter().map(|m| {
        let (field, wire) = (ident(&m.rust_name), &m.wire_name);
        let method = match (m.always_present(), json_form(model, m)) {
            (true, None) => quote!(member),
            (false, None) => quote!(optional),
            (true, Some(form)) => quote!(member_as::<#form, _>),
            (false, Some(form)) => quote!(optional_as::<#form, _>),
        };
        let write = quote!(object.#method(#wire, &self.#field););
        match &m.default {
            Some(json) if input => {
                // A string is compared with its literal, not an owned copy.
                let default = match (json, &model.shape(m.target).kind) {
                    (
                        serde_json::Value::String(s),
                        ShapeKind::Primitive(crate::model::Primitive::String),
                    ) => quote!(#s),
                    _ => default_value(model, m, scope),
                };
                quote!(if self.#field != #default { #write })
            }
            _ => write,
        }
    });
    let object = if body.is_empty() {
        quote!(object)
    } else {
        quote!(mut object)
    };
    let keys = body.iter().map(|m| &m.wire_name);
    let local = |i: usize| quote::format_ident!("m{}", i);
    let locals = (0..body.len()).map(local);
    let reads: Vec<TokenStream> = body
        .iter()
        .enumerate()
        .map(|(i, m)| {
            let local = local(i);
            let shape = &model.shape(m.target).kind;
            let method = match json_form(model, m) {
                Some(form) => quote!(value_as::<#form, _>),
                // An explicit `null` is `Some(Nullable::Null)`, not an unset member.
                None if m.nullable => quote!(value_present),
                None if matches!(shape, ShapeKind::Map { .. }) && !model.shape(m.target).sparse => {
                    quote!(dense_map)
                }
                // `null` is a document's value of its own, not an unset member.
                None if m.required
                    && *shape == ShapeKind::Primitive(crate::model::Primitive::Document) =>
                {
                    quote!(value_present)
                }
                None => quote!(value),
            };
            quote!(members.#method(&mut #local))
        })
        .collect();
    let read_loop = match reads.as_slice() {
        [] => quote!(while members.next_key()?.is_some() {}),
        [read] => quote!(while members.next_key()?.is_some() { #read?; }),
        [arms @ .., last] => {
            let indexes = (0..arms.len()).map(proc_macro2::Literal::usize_unsuffixed);
            quote! {
                while let Some(key) = members.next_key()? {
                    // One `?` for whichever member was read.
                    match key {
                        #( #indexes => #arms, )*
                        _ => #last,
                    }?;
                }
            }
        }
    };
    let mut index = 0;
    let inits = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let value = if m.location == Location::Body {
            let (local, key) = (local(index), proc_macro2::Literal::usize_unsuffixed(index));
            index += 1;
            if m.required {
                quote!(members.required(#local, #key)?)
            } else if let Some(json) = &m.default {
                let default = default_value(model, m, scope);
                let empty = json.as_array().is_some_and(Vec::is_empty)
                    || json.as_object().is_some_and(serde_json::Map::is_empty);
                let collection = matches!(
                    model.shape(m.target).kind,
                    ShapeKind::List { .. } | ShapeKind::Map { .. }
                );
                // A number or a boolean is a constant; an empty list or map is the type's
                // default; anything else is built only when needed.
                if json.is_number() || json.is_boolean() {
                    quote!(#local.unwrap_or(#default))
                } else if empty && collection {
                    quote!(#local.unwrap_or_default())
                } else {
                    quote!(#local.unwrap_or_else(|| #default))
                }
            } else {
                quote!(#local)
            }
        } else if !m.required {
            quote!(None)
        } else if matches!(model.shape(m.target).kind, ShapeKind::Enum(_)) {
            // An enum has no default value; the decoder sets the real one.
            quote!(rt::unset_enum())
        } else {
            quote!(::std::default::Default::default())
        };
        quote!(#field: #value,)
    });
    let extra = extra.iter().map(|f| {
        let f = ident(f);
        quote!(#f: None,)
    });
    let type_name = crate::naming::unraw(rust_name);
    quote! {
        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                let #object = rt::object::Writer::new(serializer);
                #(#writes)*
                object.end()
            }
        }

        impl rt::object::Object for #name {
            const NAME: &'static str = #type_name;
            const KEYS: &'static [&'static str] = &[#(#keys),*];
            fn read<'de, A: serde::de::MapAccess<'de>>(
                mut members: rt::object::Members<'de, A>,
            ) -> #result<Self, A::Error> {
                #( let mut #locals = None; )*
                #read_loop
                Ok(Self {
                    #(#inits)*
                    #(#extra)*
                })
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                rt::object::read(deserializer)
            }
        }
    }
}

/// Where a member travels, for its docs (`JSON key `name``).
fn location_fact(model: &Model, m: &Member) -> String {
    let wire = &m.wire_name;
    let mut fact = match m.location {
        Location::Body => format!("JSON key `{wire}`"),
        Location::Path => format!("Path label `{{{wire}}}`"),
        Location::Query if matches!(model.shape(m.target).kind, ShapeKind::Map { .. }) => {
            "Query parameters, one per entry".to_string()
        }
        Location::Query => format!("Query parameter `{wire}`"),
        Location::Header => format!("Header `{wire}`"),
        Location::Headers => format!("Headers starting with `{wire}`, keyed by the rest"),
        Location::Status => "The HTTP status code".to_string(),
        Location::Payload => "The whole body".to_string(),
    };
    let is_timestamp =
        |id| model.shape(id).kind == ShapeKind::Primitive(crate::model::Primitive::Timestamp);
    let timestamp = is_timestamp(model.value_shape(m.target));
    if timestamp && m.location != Location::Payload {
        let format = crate::model::TimestampFormat::ALL
            .iter()
            .find(|(_, f)| *f == m.effective_timestamp_format())
            .map_or("", |(n, _)| n);
        fact.push_str(&format!(" ({format})"));
    }
    if m.json_value {
        fact.push_str(" (JSON text, base64-encoded)");
    }
    if m.idempotency_token {
        fact.push_str(" (an idempotency token: the client fills in a fresh UUID when unset)");
    }
    fact
}

/// For an operation input or output, or an error: `new` taking the required members, and a
/// chained `with_*` setter per optional one, so that a caller or an implementation names
/// only what it sets: `CreateThingRequest::new("id").with_color("red")`. Arguments take
/// `impl Into<T>`, so `&str` serves for strings and for enums (which convert from their
/// wire value). `extra` fields (an error's `request_id`) start as `None`.
pub(crate) fn builders(
    model: &Model,
    rust_name: &str,
    schema_name: &str,
    members: &[Member],
    extra: &[&str],
    scope: Scope,
) -> TokenStream {
    let into = |m: &Member| {
        let (ty, into) = (rust_type(model, m.target, scope), std_type(model, "Into"));
        quote!(impl #into<#ty>)
    };
    let value = |m: &Member, v: TokenStream| {
        let boxed = std_type(model, "Box");
        if m.boxed {
            quote!(#boxed::new(#v.into()))
        } else {
            quote!(#v.into())
        }
    };
    let required: Vec<&Member> = members.iter().filter(|m| m.required).collect();
    let params = required.iter().map(|m| {
        let (name, ty) = (ident(&m.param_rust_name), into(m));
        quote!(#name: #ty)
    });
    let inits = members.iter().map(|m| {
        let name = ident(&m.rust_name);
        if m.required {
            let param = ident(&m.param_rust_name);
            let v = value(m, quote!(#param));
            quote!(#name: #v,)
        } else if m.default.is_some() {
            let default = default_value(model, m, scope);
            quote!(#name: #default,)
        } else {
            quote!(#name: None,)
        }
    });
    let extra = extra.iter().map(|name| {
        let name = ident(name);
        quote!(#name: None,)
    });
    let setters = members.iter().filter(|m| !m.required).map(|m| {
        let (field, setter) = (ident(&m.rust_name), ident(&m.setter_rust_name));
        let (ty, v, text) = if m.nullable {
            // A value, or `Nullable::Null` for an explicit `null`.
            let (target, into) = (rust_type(model, m.target, scope), std_type(model, "Into"));
            let v = if m.boxed {
                let boxed = std_type(model, "Box");
                quote!({
                    let value: rt::Nullable<#target> = value.into();
                    value.map(#boxed::new)
                })
            } else {
                quote!(value.into())
            };
            let text = format!(
                "Sets `{}`: a value, or `Nullable::Null` to send an explicit `null`.",
                m.wire_name
            );
            (quote!(impl #into<rt::Nullable<#target>>), v, text)
        } else {
            (
                into(m),
                value(m, quote!(value)),
                format!("Sets `{}`.", m.wire_name),
            )
        };
        let docs = docs_with(Some(&text), &[]);
        // A member with a default always holds a value.
        let v = if m.default.is_some() {
            v
        } else {
            quote!(Some(#v))
        };
        quote! {
            #docs
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = #v;
                self
            }
        }
    });
    let many = (required.len() > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Parameters are named after members, which may be clippy's placeholder names.
    let placeholder = required
        .iter()
        .any(|m| ["foo", "baz", "quux"].contains(&crate::naming::unraw(&m.param_rust_name)))
        .then(|| quote!(#[allow(clippy::disallowed_names)]));
    let name = ident(rust_name);
    let new_docs = docs_with(
        Some(&format!(
            "A `{schema_name}` with its required members; the optional ones start unset."
        )),
        &[],
    );
    quote! {
        impl #name {
            #new_docs
            #many
            #placeholder
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* #(#extra)* }
            }

            #(#setters)*
        }
    }
}

/// The value of a member's `default` as an expression (validation has checked it fits the
/// member's type), its types named as from `scope`.
pub(crate) fn default_value(model: &Model, m: &Member, scope: Scope) -> TokenStream {
    let types = match scope {
        Scope::Types => quote!(self),
        Scope::Sibling => quote!(types),
    };
    let values = super::value::Instantiator {
        model,
        types,
        errors: quote!(errors),
        runtime: quote!(rt),
        missing: super::value::Missing::Default,
    };
    m.default
        .as_ref()
        .and_then(|json| values.value(m.target, json).ok())
        .unwrap_or_else(|| quote!(::std::default::Default::default()))
}
