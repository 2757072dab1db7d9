//! The `types` emitter: a struct per structure shape and an open enum per enum shape.

use super::{docs_with, ident, inner_docs, json_form, member_type, rust_type, std_type, Scope};
use crate::model::{Enum, Location, Member, Model, Shape, ShapeKind, Structure, Union};
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `types.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let items = model.named_types().map(|(_, shape)| match &shape.kind {
        ShapeKind::Structure(s) => structure(model, shape, s),
        ShapeKind::Enum(e) => enumeration(model, shape, e),
        ShapeKind::Union(u) => union(model, shape, u),
        _ => TokenStream::new(),
    });
    let has_unions = model
        .shapes
        .iter()
        .any(|s| matches!(s.kind, ShapeKind::Union(_)));
    let module_docs = inner_docs(&format!(
        "The shapes of {}: a struct per structure, an open enum per enum{}.",
        model.service.name,
        if has_unions { " and per union" } else { "" }
    ));
    (
        module_docs,
        quote! {

            #(#items)*
        },
    )
}

fn structure(model: &Model, shape: &Shape, s: &Structure) -> TokenStream {
    let name = ident(&shape.rust_name);
    let mut facts = vec![format!("Schema: `shapes.{}`.", shape.name)];
    if !s.input_of.is_empty() {
        facts.push(
            "As an operation input, only its body members are (de)serialized as JSON; the \
             others travel in the path, query or headers."
                .to_string(),
        );
    }
    let docs = docs_with(shape.docs.as_deref(), &facts);
    // A structure with a payload member is never JSON itself (its payload is): no serde,
    // so that a required payload of any type needs no `Default`.
    let json = !s.members.iter().any(|m| m.location == Location::Payload);
    let fields = s.members.iter().map(|m| field(model, m, Scope::Types));
    // `Default` only when no required body member would be hidden by it. Required members
    // outside the body are scalars (an empty path label is refused before sending), but an
    // enum has no default value.
    let default = s
        .members
        .iter()
        .all(|m| {
            !m.required
                || (m.location != Location::Body
                    && !matches!(
                        model.shape(m.target).kind,
                        ShapeKind::Enum(_) | ShapeKind::Structure(_) | ShapeKind::Union(_)
                    ))
        })
        .then(|| quote!(Default,));
    let serde = json.then(|| json_impls(model, &shape.rust_name, &s.members, &[]));
    let builders = (!s.input_of.is_empty()).then(|| input_builders(model, shape, s));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        #serde
        #builders
    }
}

/// For an operation input: `new` taking the required members, and a chained `with_*`
/// setter per optional one, so that a caller names only what it sets:
/// `CreateThingRequest::new("id").with_color("red")`. Arguments take `impl Into<T>`, so
/// `&str` serves for strings and for enums (which convert from their wire value).
fn input_builders(model: &Model, shape: &Shape, s: &Structure) -> TokenStream {
    let into = |m: &Member| {
        let (ty, into) = (
            rust_type(model, m.target, Scope::Types),
            std_type(model, "Into"),
        );
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
    let required: Vec<&Member> = s.members.iter().filter(|m| m.required).collect();
    let params = required.iter().map(|m| {
        let (name, ty) = (ident(&m.param_rust_name), into(m));
        quote!(#name: #ty)
    });
    let inits = s.members.iter().map(|m| {
        let name = ident(&m.rust_name);
        if m.required {
            let param = ident(&m.param_rust_name);
            let v = value(m, quote!(#param));
            quote!(#name: #v,)
        } else {
            quote!(#name: None,)
        }
    });
    let setters = s.members.iter().filter(|m| !m.required).map(|m| {
        let (field, setter, ty) = (ident(&m.rust_name), ident(&m.setter_rust_name), into(m));
        let v = value(m, quote!(value));
        let docs = docs_with(Some(&format!("Sets `{}`.", m.wire_name)), &[]);
        quote! {
            #docs
            pub fn #setter(mut self, value: #ty) -> Self {
                self.#field = Some(#v);
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
    let name = ident(&shape.rust_name);
    let new_docs = docs_with(
        Some(&format!(
            "A `{}` with its required members; the optional ones start unset.",
            shape.name
        )),
        &[],
    );
    quote! {
        impl #name {
            #new_docs
            #many
            #placeholder
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* }
            }

            #(#setters)*
        }
    }
}

/// A struct field, with its docs.
pub(crate) fn field(model: &Model, m: &Member, scope: Scope) -> TokenStream {
    let name = ident(&m.rust_name);
    let ty = member_type(model, m, scope);
    let required = if m.required { "required" } else { "optional" };
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
/// and read as `None`.
pub(crate) fn json_impls(
    model: &Model,
    rust_name: &str,
    members: &[Member],
    extra: &[&str],
) -> TokenStream {
    let result = std_type(model, "Result");
    let name = ident(rust_name);
    let body: Vec<&Member> = members
        .iter()
        .filter(|m| m.location == Location::Body)
        .collect();
    let writes = body.iter().map(|m| {
        let (field, wire) = (ident(&m.rust_name), &m.wire_name);
        let method = match (m.required, json_form(model, m)) {
            (true, None) => quote!(member),
            (false, None) => quote!(optional),
            (true, Some(form)) => quote!(member_as::<#form, _>),
            (false, Some(form)) => quote!(optional_as::<#form, _>),
        };
        quote!(object.#method(#wire, &self.#field);)
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
                None if matches!(shape, ShapeKind::Map { .. }) => quote!(dense_map),
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
    let timestamp = match model.shape(m.target).kind {
        ShapeKind::List { member } => is_timestamp(member),
        _ => is_timestamp(m.target),
    };
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

/// A union: an enum with a variant per member, and `Unknown` for a member this version
/// does not know. Serialized by serde's externally tagged form (`{"member": value}`), which
/// is the wire form; read by `rt::union_entry`, which ignores null members and keeps an
/// unknown one.
fn union(model: &Model, shape: &Shape, u: &Union) -> TokenStream {
    let (result, boxed, string) = (
        std_type(model, "Result"),
        std_type(model, "Box"),
        std_type(model, "String"),
    );
    let name = ident(&shape.rust_name);
    let docs = docs_with(
        shape.docs.as_deref(),
        &[
            format!("Schema: `shapes.{}` (a union: exactly one member is set).", shape.name),
            format!(
                "A member this version does not know is read as `{UNKNOWN_VARIANT}` with its                  name; it cannot be sent."
            ),
        ],
    );
    let unknown = ident(UNKNOWN_VARIANT);
    let variants = u.members.iter().map(|m| {
        let variant = ident(&m.rust_name);
        let mut ty = rust_type(model, m.target, Scope::Types);
        if m.boxed {
            ty = quote!(#boxed<#ty>);
        }
        let wire = &m.wire_name;
        let docs = docs_with(m.docs.as_deref(), &[format!("JSON key `{wire}`.")]);
        quote! {
            #docs
            #variant(#ty),
        }
    });
    let writes = u.members.iter().map(|m| {
        let variant = ident(&m.rust_name);
        let wire = &m.wire_name;
        let write = match json_form(model, m) {
            Some(form) => quote!(object.member_as::<#form, _>(#wire, value)),
            None => quote!(object.member(#wire, value)),
        };
        quote!(Self::#variant(value) => #write,)
    });
    let reads = u.members.iter().map(|m| {
        let variant = ident(&m.rust_name);
        let wire = &m.wire_name;
        let read = match json_form(model, m) {
            Some(form) => quote!(rt::fmt::Wire::<#form>::deserialize_as(value)),
            None => quote!(serde::Deserialize::deserialize(value)),
        };
        quote!(#wire => #read.map(Self::#variant),)
    });
    let type_name = crate::naming::unraw(&shape.rust_name);
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        // Variants hold the member types as they are, however their sizes differ: boxing
        // some would make constructing and matching depend on sizes the model never states.
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #(#variants)*
            /// A member not known to this version, by its name on the wire.
            #unknown(#string),
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                let mut object = rt::object::Writer::new(serializer);
                match self {
                    #(#writes)*
                    Self::#unknown(key) => return Err(rt::object::unknown_member(#type_name, key)),
                }
                object.end()
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                let (key, value) = rt::union_entry(deserializer)?;
                let read = match key.as_str() {
                    #(#reads)*
                    _ => return Ok(Self::#unknown(key)),
                };
                read.map_err(<D::Error as serde::de::Error>::custom)
            }
        }
    }
}

fn enumeration(model: &Model, shape: &Shape, e: &Enum) -> TokenStream {
    let (from, result) = (std_type(model, "From"), std_type(model, "Result"));
    let name = ident(&shape.rust_name);
    let docs = docs_with(
        shape.docs.as_deref(),
        &[
            format!("Schema: `shapes.{}`.", shape.name),
            format!(
                "A value this version does not know is kept in `{UNKNOWN_VARIANT}` and sent back \
                 unchanged, so a new value from the service does not break an old client."
            ),
        ],
    );
    let unknown = ident(UNKNOWN_VARIANT);
    let variants: Vec<_> = e.values.iter().map(|v| ident(&v.rust_name)).collect();
    let values: Vec<_> = e.values.iter().map(|v| v.value.as_str()).collect();
    let variant_docs = e
        .values
        .iter()
        .map(|v| docs_with(v.docs.as_deref(), &[format!("`{}` on the wire.", v.value)]));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum #name {
            #( #variant_docs #variants, )*
            /// A value not known to this version, kept as it was sent.
            #unknown(rt::UnknownValue),
        }

        impl #name {
            /// Every value this version knows, as written on the wire.
            pub const VALUES: &'static [&'static str] = &[#(#values),*];

            /// The value as written on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #( Self::#variants => #values, )*
                    Self::#unknown(value) => value.as_str(),
                }
            }
        }

        impl #from<&str> for #name {
            fn from(value: &str) -> Self {
                match value {
                    #( #values => Self::#variants, )*
                    other => Self::#unknown(rt::UnknownValue::new(other)),
                }
            }
        }

        impl std::str::FromStr for #name {
            type Err = std::convert::Infallible;
            fn from_str(value: &str) -> #result<Self, std::convert::Infallible> {
                Ok(Self::from(value))
            }
        }

        impl std::fmt::Display for #name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl serde::Serialize for #name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> #result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> serde::Deserialize<'de> for #name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> #result<Self, D::Error> {
                rt::deserialize_str(deserializer)
            }
        }
    }
}
