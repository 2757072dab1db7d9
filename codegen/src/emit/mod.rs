//! Emitters: one per output kind, each turning the model into the tokens of one file, and
//! the crate root (`src/lib.rs`) written here.
//!
//! What every emitter shares is in `docs` (rustdoc text) and `rust` (identifiers and
//! the Rust types of shapes). Emitters only use `quote!`; rendering to text happens in
//! `render`.

mod client;
mod docs;
mod errors;
pub(crate) mod manifest;
mod object;
mod openapi;
mod routes;
mod rust;
mod server;
mod types;
pub mod value;

pub use crate::render::Module;
pub(crate) use docs::{docs_with, inner_docs, operation_facts};
pub(crate) use rust::{
    allow_self_convention, auth_schemes_tokens, ident, json_form, member_type, protocol_tokens,
    rust_type, std_type, timestamp_format_tokens, write_header, Scope,
};

use crate::model::Model;
use crate::Settings;
use proc_macro2::TokenStream;
use quote::quote;
use std::collections::BTreeMap;

/// What one emitter produces: Rust tokens, the text of a file that is not Rust, or a
/// document written as JSON or YAML (`render` adds the `@generated` mark to each).
pub enum Output {
    Rust(TokenStream),
    /// A module of the crate, whose `use` lines are chosen as it is parsed.
    Module(Module),
    Text(String),
    Json(serde_json::Value),
    Yaml(serde_json::Value),
}

/// Every generated file (path relative to the generated crate's directory) with its
/// contents: the crate's `Cargo.toml`, `src/lib.rs`, one module per output kind, and the
/// service's OpenAPI document (`openapi.json`, `openapi.yaml`).
pub fn emit(model: &Model, settings: &Settings<'_>) -> BTreeMap<&'static str, Output> {
    JOBS.iter()
        .flat_map(|job| job.run(model, settings))
        .collect()
}

/// One emitter's share of [`emit`]: the files it writes. Jobs share nothing but the model
/// and the settings, so `generate` runs them on several threads (the tokens they make are
/// not `Send`: a job is emitted and rendered on one thread).
#[derive(Clone, Copy)]
pub struct Job(fn(&Model, &Settings<'_>) -> Vec<(&'static str, Output)>);

impl Job {
    /// The job's files, emitted.
    pub fn run(self, model: &Model, settings: &Settings<'_>) -> Vec<(&'static str, Output)> {
        (self.0)(model, settings)
    }
}

/// Every job, the costliest first (emit and render of `types` take the most by far), so
/// that threads taking them in order finish close together.
pub const JOBS: [Job; 8] = [
    Job(|model, settings| vec![("src/types.rs", rust(settings, types::emit(model)))]),
    // The same OpenAPI document in both formats: tools differ in which one they read.
    Job(|model, _| {
        let openapi = openapi::emit(model);
        vec![
            ("openapi.json", Output::Json(openapi.clone())),
            ("openapi.yaml", Output::Yaml(openapi)),
        ]
    }),
    Job(|model, settings| vec![("src/server.rs", rust(settings, server::emit(model)))]),
    Job(|model, settings| vec![("src/client.rs", rust(settings, client::emit(model)))]),
    Job(|model, settings| vec![("src/routes.rs", rust(settings, routes::emit(model)))]),
    Job(|model, settings| vec![("src/errors.rs", rust(settings, errors::emit(model)))]),
    Job(|model, settings| {
        let root = if settings.client_module {
            client_module_root(model, settings.module_server)
        } else {
            crate_root(model, &runtime_path(settings))
        };
        vec![("src/lib.rs", Output::Rust(root))]
    }),
    Job(|model, settings| vec![("Cargo.toml", Output::Text(manifest::emit(model, settings)))]),
];

/// The runtime's path in generated code. [`crate::generate`] refuses a `runtime_path` that
/// is not a path before anything is emitted; called directly with one, [`emit`] writes
/// the default `::restgen_runtime`.
fn runtime_path(settings: &Settings<'_>) -> TokenStream {
    settings
        .runtime_path()
        .unwrap_or_else(|_| quote::quote!(::restgen_runtime))
}

/// A module file of an emitter's docs and body.
fn rust(settings: &Settings<'_>, (docs, body): (TokenStream, TokenStream)) -> Output {
    Output::Module(Module {
        runtime: runtime_path(settings),
        docs,
        body,
    })
}

/// `src/lib.rs`: the service's docs, the module tree (each module behind its feature), and
/// the runtime re-exported as `runtime` so users need no second dependency.
fn crate_root(model: &Model, runtime: &TokenStream) -> TokenStream {
    let s = &model.service;
    let mut text = format!(
        "{} (API version {}), generated from its schema.",
        s.name, s.version
    );
    if let Some(d) = &s.docs {
        text.push_str("\n\n");
        text.push_str(d);
    }
    let docs = inner_docs(&text);
    // rustfmt skips the modules: prettyplease formats them, and the two differ in places.
    quote! {
        #docs
        #![forbid(unsafe_code)]

        #[cfg(feature = "client")]
        #[rustfmt::skip]
        pub mod client;

        #[rustfmt::skip]
        pub mod errors;

        #[rustfmt::skip]
        pub mod routes;

        #[cfg(feature = "server")]
        #[rustfmt::skip]
        pub mod server;

        #[rustfmt::skip]
        pub mod types;

        /// The runtime this crate calls (client configuration, errors, the server adapter),
        /// re-exported so that users need no dependency of their own on it.
        pub use #runtime as runtime;
    }
}

/// The root of a service generated as a module of another crate (`Settings::client_module`):
/// the client side's modules (and the server's, with `server`), with no crate attributes and
/// no feature gates.
fn client_module_root(model: &Model, server: bool) -> TokenStream {
    let s = &model.service;
    let sides = if server {
        "the client and server sides"
    } else {
        "the client side"
    };
    let docs = inner_docs(&format!(
        "{} (API version {}), generated from its schema: {sides}.",
        s.name, s.version
    ));
    let server = server.then(|| {
        quote! {
            #[rustfmt::skip]
            pub mod server;
        }
    });
    quote! {
        #docs

        #[rustfmt::skip]
        pub mod client;

        #[rustfmt::skip]
        pub mod errors;

        #[rustfmt::skip]
        pub mod routes;

        #server

        #[rustfmt::skip]
        pub mod types;
    }
}
