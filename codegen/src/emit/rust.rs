//! What every emitter names the same way: identifiers, the Rust types of shapes and
//! members, standard types where a shape shadows them, and a member's wire forms.

use crate::model::{
    AuthKind, ErrorBody, Member, Model, Primitive, Protocol, ShapeId, ShapeKind, TimestampFormat,
};
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
use quote::quote;

/// An identifier from a name computed by `naming` (which may be a raw `r#name`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
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
            Primitive::String => std_type(model, "String"),
            Primitive::Byte => quote!(i8),
            Primitive::Short => quote!(i16),
            Primitive::Integer => quote!(i32),
            Primitive::Long => quote!(i64),
            Primitive::Boolean => quote!(bool),
            Primitive::Float => quote!(f32),
            Primitive::Double => quote!(f64),
            Primitive::Timestamp => quote!(rt::Timestamp),
            Primitive::Blob => quote!(rt::Blob),
            Primitive::Document => quote!(rt::Document),
        },
        ShapeKind::Structure(_) | ShapeKind::Enum(_) | ShapeKind::Union(_) => {
            let name = ident(&shape.rust_name);
            match scope {
                Scope::Types => quote!(#name),
                Scope::Sibling => quote!(types::#name),
            }
        }
        // A sparse list or map holds `null` entries as `None`.
        ShapeKind::List { member } => {
            let inner = sparse_entry(model, id, rust_type(model, *member, scope));
            let vec = std_type(model, "Vec");
            quote!(#vec<#inner>)
        }
        ShapeKind::Map { key, value } => {
            let (k, v) = (
                rust_type(model, *key, scope),
                sparse_entry(model, id, rust_type(model, *value, scope)),
            );
            quote!(std::collections::BTreeMap<#k, #v>)
        }
    }
}

/// The type of an entry of list or map `id`: `Option<T>` when the shape is sparse.
fn sparse_entry(model: &Model, id: ShapeId, entry: TokenStream) -> TokenStream {
    if model.shape(id).sparse {
        let option = std_type(model, "Option");
        quote!(#option<#entry>)
    } else {
        entry
    }
}

/// The wire form (an `rt::fmt::forms` marker) a member's JSON needs when it differs from
/// its type's own serde form: floats (for NaN and the infinities), and timestamps in a
/// format other than epoch seconds; looked for through lists and maps.
pub(crate) fn json_form(model: &Model, member: &Member) -> Option<TokenStream> {
    use crate::model::JsonForm;
    let form = crate::model::json_form(&model.shapes, member.target, member.timestamp_format)?;
    Some(match form {
        JsonForm::Float => quote!(rt::fmt::forms::Float),
        JsonForm::DateTime => quote!(rt::fmt::forms::DateTime),
        JsonForm::HttpDate => quote!(rt::fmt::forms::HttpDate),
    })
}

/// `rt::Protocol::X`, the runtime's name of the service's protocol.
pub(crate) fn protocol_tokens(protocol: &Protocol) -> TokenStream {
    match protocol {
        Protocol::RestJson => quote!(rt::Protocol::RestJson1),
        Protocol::HttpJson(ErrorBody::Problem) => {
            quote!(rt::Protocol::HttpJson(rt::ErrorBody::Problem))
        }
        Protocol::HttpJson(ErrorBody::Code(field)) => {
            quote!(rt::Protocol::HttpJson(rt::ErrorBody::Code(#field)))
        }
    }
}

/// `&[rt::AuthScheme::X, ..]`: the schemes of an operation (indices in
/// `service.auth_schemes`), as the server checks them and the client chooses a credential.
pub(crate) fn auth_schemes_tokens(model: &Model, schemes: &[usize]) -> TokenStream {
    let schemes = schemes
        .iter()
        .map(|&i| match &model.service.auth_schemes[i].kind {
            AuthKind::Bearer => quote!(rt::AuthScheme::Bearer),
            AuthKind::Basic => quote!(rt::AuthScheme::Basic),
            AuthKind::SigV4 => quote!(rt::AuthScheme::SigV4),
            AuthKind::ApiKey { query: false, name } => quote!(rt::AuthScheme::ApiKeyHeader(#name)),
            AuthKind::ApiKey { query: true, name } => quote!(rt::AuthScheme::ApiKeyQuery(#name)),
        });
    quote!(&[#(#schemes),*])
}

/// `rt::TimestampFormat::X`, the runtime's name of a format.
pub(crate) fn timestamp_format_tokens(format: TimestampFormat) -> TokenStream {
    match format {
        TimestampFormat::EpochSeconds => quote!(rt::TimestampFormat::EpochSeconds),
        TimestampFormat::DateTime => quote!(rt::TimestampFormat::DateTime),
        TimestampFormat::HttpDate => quote!(rt::TimestampFormat::HttpDate),
    }
}

/// The statement that writes member `m` (a `location: header` member of `value`'s
/// struct, as `Option<&T>`) to `out`, which has the methods of `rt::OutHeaders`: scalars as
/// their text, enums by wire value, timestamps in their format, JSON values base64,
/// lists joined (quoted where needed; HTTP dates as they are).
pub(crate) fn write_header(
    model: &Model,
    m: &Member,
    out: &TokenStream,
    value: &TokenStream,
) -> TokenStream {
    let wire = &m.wire_name;
    let kind = &model.shape(m.target).kind;
    let element = model.list_element(m.target).map(|e| &model.shape(e).kind);
    let f = timestamp_format_tokens(m.effective_timestamp_format());
    let timestamp = ShapeKind::Primitive(Primitive::Timestamp);
    match (kind, element) {
        (k, None) if *k == timestamp => quote!(#out.header(#wire, #value.map(|t| t.format(#f)));),
        (ShapeKind::Enum(_), None) => quote!(#out.header(#wire, #value.map(|v| v.as_str()));),
        (_, None) if m.json_value => {
            quote!(#out.header(#wire, #value.map(|v| rt::encode_json_header(v)));)
        }
        (_, None) => quote!(#out.header(#wire, #value);),
        (_, Some(e)) if *e == timestamp => quote! {
            #out.header_texts(#wire, #value.map(|ts| ts.iter().map(|t| t.format(#f)).collect()));
        },
        (_, Some(ShapeKind::Enum(_))) => quote! {
            #out.header_list(#wire, #value.map(|vs| vs.iter().map(|v| v.as_str())));
        },
        (_, Some(_)) => quote!(#out.header_list(#wire, #value);),
    }
}

/// The type of a member field: boxed if recursive, optional unless required, and
/// `Option<rt::Nullable<T>>` when `nullable` (absent, `null`, or a value).
pub(crate) fn member_type(model: &Model, member: &Member, scope: Scope) -> TokenStream {
    let mut ty = rust_type(model, member.target, scope);
    if member.boxed {
        let boxed = std_type(model, "Box");
        ty = quote!(#boxed<#ty>);
    }
    if member.nullable {
        ty = quote!(rt::Nullable<#ty>);
    }
    if member.always_present() {
        ty
    } else {
        let option = std_type(model, "Option");
        quote!(#option<#ty>)
    }
}

/// A standard-library type as generated code names it: `Option`, or `::std::option::Option`
/// in a crate where a shape or an error of that Rust name would shadow it.
pub(crate) fn std_type(model: &Model, name: &'static str) -> TokenStream {
    // Built from its segments rather than lexed from text: this runs for every member type.
    let mut tokens = TokenStream::new();
    for (i, segment) in std_path_text(model, name).split("::").enumerate() {
        if i > 0 {
            tokens.extend(quote!(::));
        }
        if !segment.is_empty() {
            tokens.extend([TokenTree::Ident(ident(segment))]);
        }
    }
    tokens
}

/// How generated code names a standard-library type, as text: `Option`, or
/// `::std::option::Option` where a shape or error shadows it.
pub(crate) fn std_path_text(model: &Model, name: &'static str) -> String {
    match crate::naming::STD_TYPES.iter().find(|(n, _)| *n == name) {
        Some((_, path)) if model.shadows(name) => path.to_string(),
        _ => name.to_string(),
    }
}

/// `#[allow(clippy::wrong_self_convention)]` for a generated method whose name clippy
/// reads as a conversion (`from_*`, `into_*`, ...; see `naming::trips_self_convention`).
pub(crate) fn allow_self_convention(method: &str) -> Option<TokenStream> {
    crate::naming::trips_self_convention(method)
        .then(|| quote!(#[allow(clippy::wrong_self_convention)]))
}
