//! The `value` emitter: the Rust expression of a value of a shape, from its JSON form, for
//! code generated from data (the conformance harness's cases), as smithy-rs's
//! `Instantiator` does. It lays values out as the `types` and `errors` emitters lay out
//! their types: `Some` for optional members, `Box::new` for boxed ones, a union's variant,
//! an error's `request_id`. Timestamps are given as epoch seconds, blobs as the string of
//! their bytes, documents as any JSON.

use super::ident;
use crate::model::{ErrorShape, Member, Model, Primitive, ShapeId, ShapeKind};
use crate::naming::REQUEST_ID_FIELD;
use proc_macro2::{Literal, TokenStream};
use quote::quote;
use serde_json::Value;

/// What a required member the JSON leaves out (or sets to `null`) becomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// Its zero value, as a client fills a required member a response leaves out.
    Default,
    /// Some valid value (a path label must not be empty), as an input needs one.
    Placeholder,
}

/// Writes values of one crate's shapes; the paths say how the code it goes into names the
/// crate's modules and the runtime.
pub struct Instantiator<'a> {
    pub model: &'a Model,
    /// The crate's `types` module (`service::types`).
    pub types: TokenStream,
    /// The crate's `errors` module (`service::errors`).
    pub errors: TokenStream,
    /// The runtime crate (`rt`, `::restgen_runtime`).
    pub runtime: TokenStream,
    pub missing: Missing,
}

impl Instantiator<'_> {
    /// An entry of list or map `collection` (of shape `id`): of a sparse one, `None` for a
    /// `null` and `Some` of the value otherwise.
    fn entry(&self, collection: ShapeId, id: ShapeId, json: &Value) -> Result<TokenStream, String> {
        if !self.model.shape(collection).sparse {
            return self.value(id, json);
        }
        match json {
            Value::Null => Ok(quote!(::std::option::Option::None)),
            _ => {
                let value = self.value(id, json)?;
                Ok(quote!(::std::option::Option::Some(#value)))
            }
        }
    }

    /// A value of shape `id` from `json`, or what does not fit.
    pub fn value(&self, id: ShapeId, json: &Value) -> Result<TokenStream, String> {
        let shape = self.model.shape(id);
        let bad = || format!("`{json}` is not a value of `{}`", shape.name);
        Ok(match &shape.kind {
            ShapeKind::Primitive(p) => self.primitive(*p, json).ok_or_else(bad)?,
            ShapeKind::Enum(_) => {
                let text = match json {
                    Value::String(s) => s.clone(),
                    Value::Number(n) => n.to_string(),
                    _ => return Err(bad()),
                };
                let ty = self.type_path(id);
                quote!(#ty::from(#text))
            }
            ShapeKind::List { member } => {
                let items = json.as_array().ok_or_else(bad)?;
                let items = items
                    .iter()
                    .map(|v| self.entry(id, *member, v))
                    .collect::<Result<Vec<_>, _>>()?;
                quote!(vec![#(#items),*])
            }
            ShapeKind::Map { value, .. } => {
                let entries = json.as_object().ok_or_else(bad)?;
                if entries.is_empty() {
                    quote!(::std::collections::BTreeMap::new())
                } else {
                    let entries = entries
                        .iter()
                        .map(|(k, v)| {
                            let v = self.entry(id, *value, v)?;
                            Ok(quote!((#k.to_string(), #v)))
                        })
                        .collect::<Result<Vec<_>, String>>()?;
                    quote!(::std::collections::BTreeMap::from([#(#entries),*]))
                }
            }
            ShapeKind::Structure(_) => {
                let object = json.as_object().ok_or_else(bad)?;
                self.structure(id, object, |_| None)?
            }
            ShapeKind::Union(u) => {
                let object = json.as_object().ok_or_else(bad)?;
                let set: Vec<_> = object.iter().filter(|(_, v)| !v.is_null()).collect();
                let [(key, v)] = set[..] else {
                    return Err(bad());
                };
                let m = u
                    .members
                    .iter()
                    .find(|m| &m.name == key)
                    .ok_or_else(|| format!("`{}` has no member `{key}`", shape.name))?;
                let inner = boxed(m, self.value(m.target, v)?);
                let (ty, variant) = (self.type_path(id), ident(&m.rust_name));
                quote!(#ty::#variant(#inner))
            }
        })
    }

    /// A structure of shape `id` from `object`; `given` may supply a member's whole value
    /// where `object` leaves it out (see [`Instantiator::fields`]).
    pub fn structure(
        &self,
        id: ShapeId,
        object: &serde_json::Map<String, Value>,
        given: impl Fn(&Member) -> Option<TokenStream>,
    ) -> Result<TokenStream, String> {
        let shape = self.model.shape(id);
        let members = self.model.members(id);
        let fields = self.fields(members, object, &shape.name, given)?;
        let ty = self.type_path(id);
        Ok(quote!(#ty { #(#fields)* }))
    }

    /// The field initialisers (`name: value,`) of a structure's `members` from `object`;
    /// `given` may supply a member's whole value instead (an idempotency token the data
    /// leaves out). Every key of `object` must name a member of `shape`.
    pub fn fields(
        &self,
        members: &[Member],
        object: &serde_json::Map<String, Value>,
        shape: &str,
        given: impl Fn(&Member) -> Option<TokenStream>,
    ) -> Result<Vec<TokenStream>, String> {
        if let Some(k) = object
            .keys()
            .find(|k| !members.iter().any(|m| &m.name == *k))
        {
            return Err(format!("`{shape}` has no member `{k}`"));
        }
        members
            .iter()
            .map(|m| {
                // `null` is unset, except for a nullable member, whose `null` is its own.
                let json = object.get(&m.name).filter(|v| m.nullable || !v.is_null());
                let value = match (json, given(m)) {
                    (None, Some(value)) => value,
                    _ => self.member(m, json)?,
                };
                let name = ident(&m.rust_name);
                Ok(quote!(#name: #value,))
            })
            .collect()
    }

    /// A structure field's value: `Some`, `Box::new` as the member needs; a missing member
    /// is `None`, or for a required one what [`Missing`] says.
    pub fn member(&self, m: &Member, json: Option<&Value>) -> Result<TokenStream, String> {
        let rt = &self.runtime;
        if m.nullable {
            return Ok(match json {
                None => quote!(None),
                Some(Value::Null) => quote!(Some(#rt::Nullable::Null)),
                Some(json) => {
                    let value = boxed(m, self.value(m.target, json)?);
                    quote!(Some(#rt::Nullable::Value(#value)))
                }
            });
        }
        if let Some(default) = &m.default {
            // Always present: the data's value, or the schema's default.
            return self.value(m.target, json.unwrap_or(default));
        }
        let value = match json {
            Some(json) => self.value(m.target, json)?,
            None if !m.required => return Ok(quote!(None)),
            None if self.missing == Missing::Default => self.zero(m.target),
            None => self.placeholder(m.target)?,
        };
        let value = boxed(m, value);
        Ok(if m.required {
            value
        } else {
            quote!(Some(#value))
        })
    }

    /// An error struct from its members' JSON, `request_id` unset.
    pub fn error(&self, error: &ErrorShape, json: &Value) -> Result<TokenStream, String> {
        let empty = serde_json::Map::new();
        let object = json.as_object().unwrap_or(&empty);
        let fields = self.fields(&error.members, object, &error.name, |_| None)?;
        let (errors, name) = (&self.errors, ident(&error.rust_name));
        let request_id = ident(REQUEST_ID_FIELD);
        Ok(quote!(#errors::#name { #(#fields)* #request_id: None }))
    }

    /// Some valid value of shape `id`: labels are never empty, enums take their first value.
    pub fn placeholder(&self, id: ShapeId) -> Result<TokenStream, String> {
        let shape = self.model.shape(id);
        Ok(match &shape.kind {
            ShapeKind::Primitive(p) => {
                let json = match p {
                    Primitive::Boolean => Value::Bool(true),
                    Primitive::Byte
                    | Primitive::Short
                    | Primitive::Integer
                    | Primitive::Long
                    | Primitive::Timestamp => Value::from(1),
                    Primitive::Float | Primitive::Double => Value::from(1.5),
                    _ => Value::from("placeholder"),
                };
                self.primitive(*p, &json).unwrap_or_default()
            }
            ShapeKind::Enum(e) => {
                let first = e.values.first().map_or("placeholder", |v| v.value.as_str());
                let ty = self.type_path(id);
                quote!(#ty::from(#first))
            }
            ShapeKind::List { .. } => quote!(vec![]),
            ShapeKind::Map { .. } => quote!(::std::collections::BTreeMap::new()),
            ShapeKind::Structure(_) => {
                let placeholders = Instantiator {
                    missing: Missing::Placeholder,
                    types: self.types.clone(),
                    errors: self.errors.clone(),
                    runtime: self.runtime.clone(),
                    ..*self
                };
                placeholders.value(id, &Value::Object(Default::default()))?
            }
            ShapeKind::Union(u) => {
                let m = u.members.first().ok_or("an empty union")?;
                let inner = boxed(m, self.placeholder(m.target)?);
                let (ty, variant) = (self.type_path(id), ident(&m.rust_name));
                quote!(#ty::#variant(#inner))
            }
        })
    }

    /// The zero value of shape `id`: its `Default`, or the empty unknown value of an enum
    /// (which has none).
    fn zero(&self, id: ShapeId) -> TokenStream {
        match self.model.shape(id).kind {
            ShapeKind::Enum(_) => {
                let ty = self.type_path(id);
                quote!(#ty::from(""))
            }
            _ => quote!(Default::default()),
        }
    }

    /// The path of a named type.
    fn type_path(&self, id: ShapeId) -> TokenStream {
        let (types, name) = (&self.types, ident(&self.model.shape(id).rust_name));
        quote!(#types::#name)
    }

    /// The expression of a scalar; `None` if the JSON does not fit.
    fn primitive(&self, p: Primitive, json: &Value) -> Option<TokenStream> {
        let rt = &self.runtime;
        Some(match (p, json) {
            (Primitive::String, Value::String(s)) => quote!(#s.to_string()),
            (Primitive::Byte, Value::Number(n)) => {
                let n = Literal::i8_suffixed(i8::try_from(n.as_i64()?).ok()?);
                quote!(#n)
            }
            (Primitive::Short, Value::Number(n)) => {
                let n = Literal::i16_suffixed(i16::try_from(n.as_i64()?).ok()?);
                quote!(#n)
            }
            (Primitive::Integer, Value::Number(n)) => {
                let n = Literal::i32_suffixed(i32::try_from(n.as_i64()?).ok()?);
                quote!(#n)
            }
            (Primitive::Long, Value::Number(n)) => {
                let n = Literal::i64_suffixed(n.as_i64()?);
                quote!(#n)
            }
            (Primitive::Boolean, Value::Bool(b)) => quote!(#b),
            (Primitive::Float | Primitive::Double, _) => {
                let ty = ident(if p == Primitive::Float { "f32" } else { "f64" });
                match json {
                    Value::String(s) if s == "NaN" => quote!(#ty::NAN),
                    Value::String(s) if s == "Infinity" => quote!(#ty::INFINITY),
                    Value::String(s) if s == "-Infinity" => quote!(#ty::NEG_INFINITY),
                    Value::Number(n) => {
                        let text = n.to_string();
                        // `1` is an integer literal: give it a fraction before the suffix.
                        let text = if text.contains(['.', 'e', 'E']) {
                            format!("{text}{ty}")
                        } else {
                            format!("{text}.0{ty}")
                        };
                        let literal: Literal = text.parse().ok()?;
                        quote!(#literal)
                    }
                    _ => return None,
                }
            }
            (Primitive::Timestamp, Value::Number(n)) => {
                let millis = Literal::i64_unsuffixed((n.as_f64()? * 1000.0).round() as i64);
                quote!(#rt::Timestamp::from_millis(#millis))
            }
            (Primitive::Blob, Value::String(s)) => quote!(#rt::Blob::from(#s)),
            (Primitive::Document, json) => {
                let text = json.to_string();
                quote!(#rt::glue::document(#text))
            }
            _ => return None,
        })
    }
}

/// `value` in a `Box` where the member is boxed.
fn boxed(m: &Member, value: TokenStream) -> TokenStream {
    if m.boxed {
        quote!(Box::new(#value))
    } else {
        value
    }
}
