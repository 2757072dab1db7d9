//! The `types` emitter: a struct per structure shape and an open enum per enum shape.

use super::object::{builders, field, json_impls};
use super::{docs_with, ident, inner_docs, json_form, rust_type, std_type, Scope};
use crate::model::{Enum, Members, Model, Shape, ShapeId, ShapeKind, Structure, Union};
use crate::naming::UNKNOWN_VARIANT;
use proc_macro2::TokenStream;
use quote::quote;

/// The whole `types.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let items = model.named_types().map(|(id, shape)| match &shape.kind {
        ShapeKind::Structure(s) => structure(model, id, shape, s),
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

fn structure(model: &Model, id: ShapeId, shape: &Shape, s: &Structure) -> TokenStream {
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
    let json = s.members.payload().is_none();
    let fields = s.members.iter().map(|m| field(model, m, Scope::Types));
    // `Default` where every member can start unset; written out where a member's default
    // is the schema's, not its type's.
    let has_defaults = s.members.iter().any(|m| m.default.is_some());
    let default = (model.derives_default(s) && !has_defaults).then(|| quote!(Default,));
    let default_impl = (model.derives_default(s) && has_defaults).then(|| {
        let inits = s.members.iter().map(|m| {
            let field = ident(&m.rust_name);
            let value = if m.default.is_some() {
                super::object::default_value(model, m, Scope::Types)
            } else {
                quote!(::std::default::Default::default())
            };
            quote!(#field: #value,)
        });
        quote! {
            impl ::std::default::Default for #name {
                fn default() -> Self {
                    Self { #(#inits)* }
                }
            }
        }
    });
    let input = !s.input_of.is_empty();
    let serde = json.then(|| {
        json_impls(
            model,
            &shape.rust_name,
            &s.members,
            &[],
            Scope::Types,
            input,
        )
    });
    // Inputs are built by callers, outputs by server implementations.
    let built = !s.input_of.is_empty() || model.operations.iter().any(|op| op.output == Some(id));
    let builders = built.then(|| {
        builders(
            model,
            &shape.rust_name,
            &shape.name,
            &s.members,
            &[],
            Scope::Types,
        )
    });
    // A sensitive value is kept out of `Debug`: the impl is written out, with the value
    // replaced.
    let redacts = shape.sensitive || s.members.iter().any(|m| m.sensitive);
    let debug = (!redacts).then(|| quote!(Debug,));
    let debug_impl =
        redacts.then(|| sensitive_debug(&shape.rust_name, shape.sensitive, &s.members, &[]));
    quote! {
        #docs
        #[derive(#debug Clone, PartialEq, #default)]
        pub struct #name {
            #(#fields)*
        }

        #debug_impl
        #serde
        #default_impl
        #builders
    }
}

/// What `Debug` shows in place of a sensitive value (as smithy-rs's generated types do).
const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// `Debug` for struct `rust_name` that holds a sensitive value: the members marked
/// sensitive (or every member, when the whole is) show as [`REDACTED`]; `extra` are fields
/// the generator adds (an error's `request_id`), shown as they are.
pub(crate) fn sensitive_debug(
    rust_name: &str,
    whole: bool,
    members: &[crate::model::Member],
    extra: &[&str],
) -> TokenStream {
    let name = ident(rust_name);
    let type_name = rust_name;
    let fields = members.iter().map(|m| {
        let field = ident(&m.rust_name);
        let shown = m.rust_name.trim_start_matches("r#");
        if whole || m.sensitive {
            quote!(.field(#shown, &::std::format_args!(#REDACTED)))
        } else {
            quote!(.field(#shown, &self.#field))
        }
    });
    let extra = extra.iter().map(|f| {
        let field = ident(f);
        quote!(.field(#f, &self.#field))
    });
    let fields = fields.chain(extra);
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.debug_struct(#type_name)
                    #(#fields)*
                    .finish()
            }
        }
    }
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
                    // Kept by a client, refused by a server (`rt::union_unknown`).
                    _ => {
                        return rt::union_unknown(key)
                            .map(Self::#unknown)
                            .map_err(<D::Error as serde::de::Error>::custom)
                    }
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
