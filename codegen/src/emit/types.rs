//! The `types` emitter: a struct per structure shape and an open enum per enum shape.

use super::{docs_with, ident, inner_docs, member_type, rust_type, std_path_text, std_type, Scope};
use crate::model::{Enum, Location, Member, Model, Shape, ShapeKind, Structure};
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `types.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let items = model.named_types().map(|(_, shape)| match &shape.kind {
        ShapeKind::Structure(s) => structure(model, shape, s),
        ShapeKind::Enum(e) => enumeration(model, shape, e),
        _ => TokenStream::new(),
    });
    let module_docs = inner_docs(&format!(
        "The shapes of {}: a struct per structure, an open enum per enum.",
        model.service.name
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
                    && !matches!(model.shape(m.target).kind, ShapeKind::Enum(_)))
        })
        .then(|| quote!(Default,));
    let builders = (!s.input_of.is_empty()).then(|| input_builders(model, shape, s));
    quote! {
        #docs
        #[derive(Debug, Clone, PartialEq, #default serde::Serialize, serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }

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
            pub fn new(#(#params),*) -> Self {
                Self { #(#inits)* }
            }

            #(#setters)*
        }
    }
}

/// A struct field with its serde attributes.
pub(crate) fn field(model: &Model, m: &Member, scope: Scope) -> TokenStream {
    let name = ident(&m.rust_name);
    let ty = member_type(model, m, scope);
    let mut facts = Vec::new();
    match m.location {
        Location::Body => facts.push(format!("JSON key `{}`", m.wire_name)),
        Location::Path => facts.push(format!("Path label `{{{}}}`", m.wire_name)),
        Location::Query => facts.push(format!("Query parameter `{}`", m.wire_name)),
        Location::Header => facts.push(format!("Header `{}`", m.wire_name)),
    }
    let required = if m.required { "required" } else { "optional" };
    let mut fact = format!("{}, {required}.", facts.concat());
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
    let serde = if m.location != Location::Body {
        // A skipped field takes its default when the body is read; an enum has none.
        if m.required && matches!(model.shape(m.target).kind, ShapeKind::Enum(_)) {
            quote!(#[serde(skip, default = "rt::unset_enum")])
        } else {
            quote!(#[serde(skip)])
        }
    } else {
        let wire = &m.wire_name;
        let rename = (crate::naming::unraw(&m.rust_name) != wire).then(|| quote!(rename = #wire,));
        let is_none = format!("{}::is_none", std_path_text(model, "Option"));
        let optional = (!m.required).then(|| quote!(default, skip_serializing_if = #is_none,));
        match (&rename, &optional) {
            (None, None) => quote!(),
            _ => quote!(#[serde(#rename #optional)]),
        }
    };
    quote! {
        #docs
        #serde
        pub #name: #ty,
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
