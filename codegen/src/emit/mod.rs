//! Emitters: one per output kind, each turning the model into the tokens of one file.
//!
//! Helpers shared by every emitter live here: identifiers, doc attributes and Rust types of
//! shapes. Emitters only use `quote!`; rendering to text happens in `render`.

mod client;
mod errors;
pub(crate) mod manifest;
mod openapi;
mod routes;
mod server;
mod types;

use crate::model::{Member, Model, Primitive, ShapeId, ShapeKind, TimestampFormat};
use crate::Settings;
use proc_macro2::{Ident, Span, TokenStream, TokenTree};
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
            crate_root(model, &settings.runtime_path())
        };
        vec![("src/lib.rs", Output::Rust(root))]
    }),
    Job(|model, settings| vec![("Cargo.toml", Output::Text(manifest::emit(model, settings)))]),
];

/// A module file of an emitter's docs and body.
fn rust(settings: &Settings<'_>, (docs, body): (TokenStream, TokenStream)) -> Output {
    Output::Module(Module {
        runtime: settings.runtime_path(),
        docs,
        body,
    })
}

/// The sibling modules generated code names by a short path (`types::Thing`).
const SIBLINGS: [&str; 3] = ["errors", "routes", "types"];

/// A module file: its docs (inner attributes), then one `use` for each of the runtime (as
/// `rt`) and the sibling modules its body names, then its body's items. Imports are written
/// only when used, so a module never has an unused import. Which are used is found in the
/// tokens syn parses the body from (see `Module::parse`), so they are read only once.
pub struct Module {
    runtime: TokenStream,
    docs: TokenStream,
    body: TokenStream,
}

impl Module {
    /// The module's file, as syn parses the docs, the `use` lines and the body one after
    /// another.
    pub(crate) fn parse(self) -> syn::Result<syn::File> {
        use syn::parse::Parser;
        const ROOTS: [&str; 1 + SIBLINGS.len()] = ["rt", SIBLINGS[0], SIBLINGS[1], SIBLINGS[2]];
        let Module {
            runtime,
            docs,
            body,
        } = self;
        let mut file: syn::File = syn::parse2(docs)?;
        let parse_body = |input: syn::parse::ParseStream<'_>| {
            let mut used = [false; ROOTS.len()];
            path_roots(input.cursor(), &ROOTS, &mut used);
            Ok((used, input.parse::<syn::File>()?))
        };
        let (used, body) = parse_body.parse2(body)?;
        let rt = used[0].then(|| quote!(use #runtime as rt;));
        let siblings = SIBLINGS
            .iter()
            .zip(&used[1..])
            .filter(|(_, used)| **used)
            .map(|(name, _)| {
                let name = ident(name);
                quote!(use super::#name;)
            });
        let uses: syn::File = syn::parse2(quote! {
            #rt
            #(#siblings)*
        })?;
        // Inner attributes start a file: after the docs' items or a `use`, they do not parse.
        if let Some(attr) = body.attrs.first() {
            if !file.items.is_empty() || !uses.items.is_empty() {
                return Err(syn::Error::new_spanned(attr, "expected item"));
            }
        }
        file.attrs.extend(body.attrs);
        file.items.extend(uses.items);
        file.items.extend(body.items);
        Ok(file)
    }
}

/// Sets `used[i]` if the tokens from `cursor` on contain a path that starts with `names[i]`
/// (`name::...`, not a field or a variable of that name, and not `other::name::...`), for
/// every name in one pass. The tokens are read where they are, in syn's buffer: only an
/// identifier (or a literal, passed over) is copied, as the cursor gives it.
fn path_roots(mut cursor: syn::buffer::Cursor<'_>, names: &[&str], used: &mut [bool]) {
    /// What path detection needs to know of one of the last few tokens.
    #[derive(Clone, Copy, PartialEq)]
    enum Seen {
        /// A `:`, joint to the next token (the first of `::`) or not.
        Colon {
            joint: bool,
        },
        /// An identifier, with the index of the name it is in `names`.
        Ident(Option<usize>),
        Other,
    }
    // The last four tokens, the latest first. A root `name` is an identifier followed by
    // `::` (a joint `:` then any `:`) and not preceded by one: found when the second `:`
    // arrives. (In `field: ::std::..` the first `:` is alone.)
    let mut seen = [Seen::Other; 4];
    while !cursor.eof() {
        // Groups first, `None`-delimited ones too: the other accessors would look through
        // those, which a walk of the token trees does not.
        let (now, next) = if let Some((inside, _, _, next)) = cursor.any_group() {
            path_roots(inside, names, used);
            (Seen::Other, next)
        } else if let Some((p, next)) = cursor.punct() {
            if p.as_char() != ':' {
                (Seen::Other, next)
            } else {
                if seen[0] == (Seen::Colon { joint: true }) {
                    if let Seen::Ident(Some(k)) = seen[1] {
                        let path_before = matches!(seen[2], Seen::Colon { .. })
                            && seen[3] == (Seen::Colon { joint: true });
                        used[k] |= !path_before;
                    }
                }
                let joint = p.spacing() == proc_macro2::Spacing::Joint;
                (Seen::Colon { joint }, next)
            }
        } else if let Some((id, next)) = cursor.ident() {
            (Seen::Ident(names.iter().position(|name| id == name)), next)
        } else if let Some((_, next)) = cursor.token_tree() {
            // A literal, or the `'` of a lifetime. (No emitter writes a path inside a string
            // attribute any more, as serde's `with = "..."` was.)
            (Seen::Other, next)
        } else {
            break;
        };
        seen.rotate_right(1);
        seen[0] = now;
        cursor = next;
    }
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

/// An identifier from a name computed by `naming` (which may be a raw `r#name`).
pub(crate) fn ident(name: &str) -> Ident {
    match name.strip_prefix("r#") {
        Some(raw) => Ident::new_raw(raw, Span::call_site()),
        None => Ident::new(name, Span::call_site()),
    }
}

/// `#[doc = "..."]` lines for an item, wrapped and escaped for rustdoc; nothing for no text.
pub(crate) fn docs(text: &str) -> TokenStream {
    if text.trim().is_empty() {
        return TokenStream::new();
    }
    let lines = doc_lines(text);
    quote! { #( #[doc = #lines] )* }
}

/// `#![doc = "..."]` lines for a module.
pub(crate) fn inner_docs(text: &str) -> TokenStream {
    let lines = doc_lines(text);
    quote! { #( #![doc = #lines] )* }
}

/// Docs of an optional description followed by generator facts (each its own paragraph).
pub(crate) fn docs_with(text: Option<&str>, facts: &[String]) -> TokenStream {
    let mut all = text.map(str::to_string).unwrap_or_default();
    for fact in facts {
        if !all.is_empty() {
            all.push_str("\n\n");
        }
        all.push_str(fact);
    }
    docs(&all)
}

/// The HTTP facts of an operation, written the same way in the docs of everything generated
/// for it (client method, server method, route): method, path, success status, and the
/// modelled errors.
pub(crate) fn operation_facts(model: &Model, op: &crate::model::Operation) -> Vec<String> {
    let unmodelled = crate::naming::UNMODELLED_VARIANT;
    let route = format!(
        "`{} {}` returns `{}` on success{}.",
        op.method.as_str(),
        op.path.raw,
        op.success,
        if op.output.is_some() {
            ""
        } else {
            ", with no output"
        }
    );
    let errors: Vec<String> = op
        .errors
        .iter()
        .map(|id| {
            let e = model.error(*id);
            format!("`{}` ({})", e.rust_name, e.status)
        })
        .collect();
    let errors = if errors.is_empty() {
        format!("Errors: none modelled; any error response is `{unmodelled}`.")
    } else {
        format!(
            "Errors: {}; any other error response is `{unmodelled}`.",
            errors.join(", ")
        )
    };
    vec![route, errors]
}

/// Splits text into doc lines of at most about 90 columns, each starting with a space,
/// so that rustdoc renders it as the schema wrote it and never runs or warns on it:
/// - a fenced block (```` ``` ```` or `~~~`) is kept line for line but marked ```` ```text ````,
///   so it is never compiled as a doctest nor parsed as Rust;
/// - in other text, what rustdoc reads as links, HTML or emphasis is escaped (outside
///   code spans), and URLs become autolinks (`<https://...>`, no `bare_urls` warning);
/// - in a paragraph whose backticks do not pair up as single-backtick code spans, every
///   backtick is escaped, so a stray one cannot turn the rest into code or unescape it.
fn doc_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.trim().split('\n').collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if let Some(marker) = fence(lines[i]) {
            // The block keeps its own fence character, so a line of the other kind inside
            // it stays content; tabs become spaces (clippy: `tabs_in_doc_comments`).
            out.push(format!(" {marker}text"));
            i += 1;
            while i < lines.len() && fence(lines[i]) != Some(marker) {
                out.push(format!(" {}", lines[i].trim_end().replace('\t', "    ")));
                i += 1;
            }
            out.push(format!(" {marker}"));
            i += 1;
            continue;
        }
        if lines[i].trim().is_empty() {
            out.push(String::new());
            i += 1;
            continue;
        }
        let start = i;
        while i < lines.len() && !lines[i].trim().is_empty() && fence(lines[i]).is_none() {
            i += 1;
        }
        paragraph(&lines[start..i], &mut out);
    }
    out
}

/// One paragraph (no blank line, no fence) as wrapped doc lines. A list item's wrapped
/// lines, and the lines after it up to the next item, are indented under its text, as
/// Markdown reads them anyway (clippy: `doc_lazy_continuation`); a wrapped line never starts
/// with a word that would open a block (a list marker or a fence).
fn paragraph(lines: &[&str], out: &mut Vec<String>) {
    let ticks: usize = lines.iter().map(|l| l.matches('`').count()).sum();
    let spans_pair = ticks % 2 == 0 && !lines.iter().any(|l| l.contains("``"));
    let mut in_code = false;
    let mut indent = 0;
    for text_line in lines {
        let mut words = text_line.split_whitespace().peekable();
        if let Some(marker) = words.peek().filter(|w| is_list_marker(w)) {
            indent = marker.len() + 1;
        }
        let pad = " ".repeat(indent);
        let mut line = String::new();
        let mut first = true;
        for word in words {
            let escaped = escape_doc(word, &mut in_code, spans_pair);
            if !line.is_empty() && line.len() + escaped.len() > 90 && !opens_block(&escaped) {
                out.push(std::mem::take(&mut line));
            }
            if line.is_empty() {
                line.push(' ');
                if !(first && is_list_marker(word)) {
                    line.push_str(&pad);
                }
            } else {
                line.push(' ');
            }
            line.push_str(&escaped);
            first = false;
        }
        out.push(line);
    }
}

/// A Markdown list marker: `-`, `+`, or a number and `.` or `)` (`*` is always escaped).
fn is_list_marker(word: &str) -> bool {
    matches!(word, "-" | "+")
        || word
            .strip_suffix(['.', ')'])
            .is_some_and(|n| !n.is_empty() && n.len() <= 9 && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether a (escaped) word at the start of a line would open a block.
fn opens_block(word: &str) -> bool {
    is_list_marker(word) || word.starts_with("~~~") || word.starts_with("```")
}

/// The fence marker (```` ``` ```` or `~~~`) a line opens or closes a code block with.
fn fence(line: &str) -> Option<&'static str> {
    let t = line.trim_start();
    ["```", "~~~"].into_iter().find(|m| t.starts_with(m))
}

/// Escapes one word for rustdoc (see [`doc_lines`]); `in_code` carries the code-span state
/// from word to word, and `spans` says whether backticks make code spans at all.
fn escape_doc(word: &str, in_code: &mut bool, spans: bool) -> String {
    let code_word = spans && word.contains('`');
    // A URL has a `:`; looking for that one byte first skips the two substring searches on
    // nearly every word (they were a hot spot of the whole run).
    if !*in_code && !code_word && word.contains(':') {
        if let Some(start) = word.find("https://").or_else(|| word.find("http://")) {
            let rest = &word[start..];
            let end = rest
                .find(['<', '>', '"', '\'', '\\', '[', ']', '`'])
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(|c: char| ".,;:!?)}".contains(c));
            if url.len() > "https://".len() {
                let mut out = escape_text(&word[..start], in_code, spans);
                out.push('<');
                out.push_str(url);
                out.push('>');
                out.push_str(&escape_text(&rest[url.len()..], in_code, spans));
                return out;
            }
        }
    }
    escape_text(word, in_code, spans)
}

/// Escapes the characters rustdoc treats as markup outside code spans.
fn escape_text(text: &str, in_code: &mut bool, spans: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c == '`' && spans {
            *in_code = !*in_code;
        } else if c == '`'
            || (!*in_code
                && (matches!(c, '<' | '>' | '[' | ']' | '*' | '\\')
                    || (c == '#' && out.is_empty())))
        {
            out.push('\\');
        }
        out.push(c);
    }
    out
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
        ShapeKind::List { member } => {
            let inner = rust_type(model, *member, scope);
            let vec = std_type(model, "Vec");
            quote!(#vec<#inner>)
        }
        ShapeKind::Map { key, value } => {
            let (k, v) = (
                rust_type(model, *key, scope),
                rust_type(model, *value, scope),
            );
            quote!(std::collections::BTreeMap<#k, #v>)
        }
    }
}

/// The wire form (an `rt::fmt::forms` marker) a member's JSON needs when it differs from
/// its type's own serde form: floats (for NaN and the infinities), and timestamps in a
/// format other than epoch seconds; looked for through lists and maps.
pub(crate) fn json_form(model: &Model, member: &Member) -> Option<TokenStream> {
    let mut id = member.target;
    loop {
        match &model.shape(id).kind {
            ShapeKind::List { member } => id = *member,
            ShapeKind::Map { value, .. } => id = *value,
            ShapeKind::Primitive(Primitive::Float | Primitive::Double) => {
                return Some(quote!(rt::fmt::forms::Float))
            }
            ShapeKind::Primitive(Primitive::Timestamp) => {
                let format = member.timestamp_format.or(model.shape(id).timestamp_format);
                return match format {
                    Some(TimestampFormat::DateTime) => Some(quote!(rt::fmt::forms::DateTime)),
                    Some(TimestampFormat::HttpDate) => Some(quote!(rt::fmt::forms::HttpDate)),
                    _ => None,
                };
            }
            _ => return None,
        }
    }
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
    let element = match kind {
        ShapeKind::List { member } => Some(&model.shape(*member).kind),
        _ => None,
    };
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

/// The type of a member field: boxed if recursive, optional unless required.
pub(crate) fn member_type(model: &Model, member: &Member, scope: Scope) -> TokenStream {
    let mut ty = rust_type(model, member.target, scope);
    if member.boxed {
        let boxed = std_type(model, "Box");
        ty = quote!(#boxed<#ty>);
    }
    if member.required {
        ty
    } else {
        let option = std_type(model, "Option");
        quote!(#option<#ty>)
    }
}

/// A standard-library type as generated code names it: `Option`, or `::std::option::Option`
/// in a crate where a shape or an error of that Rust name would shadow it.
pub(crate) fn std_type(model: &Model, name: &'static str) -> TokenStream {
    // Built from its segments: lexing the text on every member type was a hot spot.
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
/// `::std::option::Option` where a shape or error shadows it. Also what a string attribute
/// holds (serde's `skip_serializing_if = "Option::is_none"`).
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
