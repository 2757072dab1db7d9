//! The `routes` emitter: the `Operation` enum, the static route table that the client and
//! the server share, and a matcher from (method, raw path) to an operation and its labels.
//!
//! The matcher is a trie of nested tests, one level per segment: a literal is compared in
//! place (no scan for the next `/`), a label binds any non-empty segment. Validation guarantees no two templates can match
//! one path. Nothing allocates: segments are walked in place, labels stay encoded until
//! asked for.

use super::{docs_with, ident, inner_docs, operation_facts};
use crate::model::{Method, Model, Operation, Segment};
use proc_macro2::{Literal, TokenStream};
use quote::{format_ident, quote};
use std::collections::BTreeMap;

/// The whole `routes.rs`.
pub fn emit(model: &Model) -> (TokenStream, TokenStream) {
    let module_docs = inner_docs(&format!(
        "The route table of {}: one static table drives both the client and the server.",
        model.service.name
    ));
    let ops = &model.operations;
    let n = ops.len();
    let variants: Vec<_> = ops.iter().map(|op| ident(&op.variant_rust_name)).collect();
    let variant_docs = ops
        .iter()
        .map(|op| docs_with(None, &operation_facts(model, op)));
    let max_labels = ops.iter().map(|op| labels(op).len()).max().unwrap_or(0);
    let (n_lit, max_labels_lit) = (
        Literal::usize_unsuffixed(n),
        Literal::usize_unsuffixed(max_labels),
    );
    let routes = ops.iter().zip(&variants).map(|(op, variant)| {
        let (name, method, template) = (&op.name, op.method.as_str(), &op.path.raw);
        let success = Literal::u16_unsuffixed(op.success);
        let segments = op.path.segments.iter().map(|s| match s {
            Segment::Literal(text) => quote!(rt::Segment::Literal(#text)),
            Segment::Label { name, .. } => quote!(rt::Segment::Label(#name)),
            Segment::Greedy { name, .. } => quote!(rt::Segment::Greedy(#name)),
        });
        let query = op
            .path
            .query
            .iter()
            .map(|(name, value)| match value {
                Some(value) => format!("{name}={value}"),
                None => name.clone(),
            })
            .collect::<Vec<_>>()
            .join("&");
        quote! {
            rt::Route {
                operation: Operation::#variant,
                name: #name,
                method: #method,
                template: #template,
                segments: &[#(#segments),*],
                query: #query,
                success: #success,
            }
        }
    });
    // With no operation every path is unknown; there is nothing to walk.
    let body = if ops.is_empty() {
        quote! {
            let _ = (method, path, query);
            RouteMatch::NotFound
        }
    } else {
        let trie = matcher(model, &variants, max_labels);
        // The matcher walks segments (and so changes them) from a first literal or label;
        // with only `/` routes or greedy labels at the root it only reads them.
        let walks = ops.iter().any(|op| {
            matches!(
                op.path.segments.first(),
                Some(Segment::Literal(_) | Segment::Label { .. })
            )
        });
        let binding = if walks {
            quote!(mut segments)
        } else {
            quote!(segments)
        };
        quote! {
            // Read only where routes differ by their constant query parameters.
            let _ = query;
            let Some(#binding) = rt::Segments::new(path) else {
                return RouteMatch::NotFound;
            };
            #trie
        }
    };
    (
        module_docs,
        quote! {



            /// Every operation of the service, in schema order.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
            pub enum Operation {
                #( #variant_docs #variants, )*
            }

            impl Operation {
                /// Every operation, in the order of [`ROUTES`].
                pub const ALL: [Operation; #n_lit] = [#(Operation::#variants),*];

                /// The operation's route.
                pub fn route(self) -> &'static rt::Route<Operation> {
                    &ROUTES[self as usize]
                }

                /// The operation's name in the schema.
                pub fn name(self) -> &'static str {
                    self.route().name
                }
            }

            /// The most path labels any route has.
            pub const MAX_LABELS: usize = #max_labels_lit;

            /// The route of every operation: method, path template, success status.
            pub static ROUTES: [rt::Route<Operation>; #n_lit] = [#(#routes),*];

            /// Finds the operation for a request's method and raw path (without the query), as
            /// [`match_request`] does for a request without a query.
            pub fn match_route<'a>(method: &str, path: &'a str) -> rt::RouteMatch<'a, Operation, MAX_LABELS> {
                match_request(method, path, "")
            }

            /// Finds the operation for a request's method, raw path and raw query.
            ///
            /// The path is split on `/` before anything is decoded, so an encoded `/` (`%2F`) in a
            /// label never changes which route matches; labels come back still encoded (see
            /// [`rt::Labels::decode`]). A label never matches an empty segment. A trailing `/` makes a
            /// different path: `/things/` does not match `/things`. A literal segment is tried before
            /// a label in the same position, and a label before a greedy label; when the literal's
            /// routes do not allow the method, the label's are tried. The query only tells apart
            /// operations of one method and path by their templates' constant parameters (the most
            /// specific whose parameters are all present wins). Paths that no route has give
            /// `NotFound`; a known path with another method gives `MethodNotAllowed`. Nothing is
            /// allocated for a miss.
            pub fn match_request<'a>(
                method: &str,
                path: &'a str,
                query: &str,
            ) -> rt::RouteMatch<'a, Operation, MAX_LABELS> {
                use rt::RouteMatch;
                #body
            }
        },
    )
}

/// The label segments of an operation's template, in order: (wire name, input member index).
fn labels(op: &Operation) -> Vec<(&str, usize)> {
    op.path
        .segments
        .iter()
        .filter_map(|s| match s {
            Segment::Label { name, member } | Segment::Greedy { name, member } => {
                Some((name.as_str(), *member))
            }
            Segment::Literal(_) => None,
        })
        .collect()
}

/// The most literal segments a trie node compares one after the other; beyond this, one
/// `match` on the segment.
const MAX_LITERAL_CHAIN: usize = 32;

/// The fewest literal segments of a node that are told apart by their first byte before
/// being compared; fewer are compared one after the other.
const MIN_BYTE_SWITCH: usize = 3;

/// A node of the segment trie: the routes that end here, and where each next segment leads.
#[derive(Default)]
struct Node<'m> {
    /// Operations whose template ends at this node.
    ends: Vec<usize>,
    literals: BTreeMap<&'m str, Node<'m>>,
    label: Option<Box<Node<'m>>>,
    /// A greedy label, which takes the rest of the path: what follows is always an end.
    greedy: Option<Box<Node<'m>>>,
}

/// The body of the matcher: a nested `match` per segment, built from a trie of the
/// templates. A miss stops at the first segment no route has.
fn matcher(model: &Model, variants: &[proc_macro2::Ident], max_labels: usize) -> TokenStream {
    let mut root = Node::default();
    for (i, op) in model.operations.iter().enumerate() {
        let mut node = &mut root;
        for segment in &op.path.segments {
            node = match segment {
                Segment::Literal(text) => node.literals.entry(text.as_str()).or_default(),
                Segment::Label { .. } => node.label.get_or_insert_with(Default::default),
                Segment::Greedy { .. } => node.greedy.get_or_insert_with(Default::default),
            };
        }
        node.ends.push(i);
    }
    node_expr(model, variants, &root, 0, max_labels)
}

/// The expression that matches the rest of the path from `node`, `bound` labels in.
fn node_expr(
    model: &Model,
    variants: &[proc_macro2::Ident],
    node: &Node<'_>,
    bound: usize,
    max_labels: usize,
) -> TokenStream {
    let end = ends_expr(model, variants, &node.ends, bound, max_labels);
    let texts: Vec<&str> = node.literals.keys().copied().collect();
    let children = node
        .literals
        .values()
        .map(|child| node_expr(model, variants, child, bound, max_labels));
    let binding = format_ident!("label{}", bound);
    let label = node.label.as_ref().map(|child| {
        let rest = node_expr(model, variants, child, bound + 1, max_labels);
        quote! {
            match segments.label() {
                Some(#binding) => #rest,
                None => RouteMatch::NotFound,
            }
        }
    });
    // Two literals are compared in place, in order; a few more are told apart by their
    // first byte, then compared in place; many are one `match` on the next segment, which
    // stays flat however many there are (a chain of `else if` nests, and deep nesting
    // overflows the stacks of the tools that read the code).
    let literals = if texts.is_empty() {
        quote!(RouteMatch::NotFound)
    } else if texts.len() < MIN_BYTE_SWITCH || texts.iter().any(|t| t.is_empty()) {
        let children: Vec<TokenStream> = children.collect();
        compared_in_place(texts.iter().copied().zip(&children))
    } else if texts.len() <= MAX_LITERAL_CHAIN {
        // One jump on the segment's first byte, then the few literals that start with it
        // in place: a miss costs one switch, and a hit one comparison or two.
        let children: Vec<TokenStream> = children.collect();
        let mut arms: BTreeMap<u8, Vec<(&str, &TokenStream)>> = BTreeMap::new();
        for (text, child) in texts.iter().zip(&children) {
            arms.entry(text.as_bytes()[0])
                .or_default()
                .push((text, child));
        }
        let arms = arms.into_iter().map(|(byte, group)| {
            let byte = Literal::byte_character(byte);
            let chain = compared_in_place(group);
            quote!(Some(#byte) => { #chain })
        });
        quote! {
            match segments.first_byte() {
                #(#arms)*
                _ => RouteMatch::NotFound,
            }
        }
    } else {
        quote! {
            match segments.next() {
                #( Some(#texts) => #children, )*
                _ => RouteMatch::NotFound,
            }
        }
    };
    // A greedy label is tried last: a literal or a single label match first.
    let label = match (label, &node.greedy) {
        (label, None) => label,
        (label, Some(greedy)) => {
            // Templates may go on with literals after the greedy label
            // (`/{path+}/metadata`): the longest such suffix that the path ends with wins,
            // then the greedy label alone.
            let mut suffixes = Vec::new();
            greedy_suffixes(greedy, &mut Vec::new(), &mut suffixes);
            suffixes.sort_by_key(|(suffix, _)| std::cmp::Reverse(suffix.len()));
            let tries = suffixes.iter().map(|(suffix, ends)| {
                let end = ends_expr(model, variants, ends, bound + 1, max_labels);
                if suffix.is_empty() {
                    quote! {
                        if let Some(#binding) = segments.clone().rest() {
                            return #end;
                        }
                    }
                } else {
                    quote! {
                        if let Some(#binding) = segments.clone().rest_with_suffix(&[#(#suffix),*]) {
                            return #end;
                        }
                    }
                }
            });
            let greedy = quote! {{
                #(#tries)*
                RouteMatch::NotFound
            }};
            Some(match label {
                None => greedy,
                Some(label) => quote! {{
                    let saved = segments.clone();
                    let found = #label;
                    if let RouteMatch::Found { .. } = found {
                        return found;
                    }
                    segments = saved;
                    let fallback = #greedy;
                    match fallback {
                        RouteMatch::NotFound => found,
                        other => other,
                    }
                }},
            })
        }
    };
    match label {
        None => quote! {
            if segments.is_end() { #end } else { #literals }
        },
        Some(label) if texts.is_empty() => quote! {
            if segments.is_end() { #end } else { #label }
        },
        // A literal that leads nowhere, or to routes of other methods, falls back to the
        // label, from the same place; a 405 stands if the label leads nowhere either.
        Some(label) => quote! {
            if segments.is_end() {
                #end
            } else {
                let saved = segments.clone();
                let found = #literals;
                if let RouteMatch::Found { .. } = found {
                    return found;
                }
                segments = saved;
                let fallback = #label;
                match fallback {
                    RouteMatch::NotFound => found,
                    other => other,
                }
            }
        },
    }
}

/// Literal segments compared one after the other, each leading to its child's expression;
/// `NotFound` when none is the next segment.
fn compared_in_place<'t>(
    literals: impl IntoIterator<Item = (&'t str, &'t TokenStream)>,
) -> TokenStream {
    let (texts, children): (Vec<&str>, Vec<&TokenStream>) = literals.into_iter().unzip();
    quote! {
        #( if segments.literal(#texts) { #children } else )* { RouteMatch::NotFound }
    }
}

/// The routes below a greedy label's node: each run of literal segments after it (empty
/// for the greedy label alone) with the operations that end there.
fn greedy_suffixes<'m>(
    node: &Node<'m>,
    suffix: &mut Vec<&'m str>,
    out: &mut Vec<(Vec<&'m str>, Vec<usize>)>,
) {
    if !node.ends.is_empty() {
        out.push((suffix.clone(), node.ends.clone()));
    }
    for (text, child) in &node.literals {
        suffix.push(text);
        greedy_suffixes(child, suffix, out);
        suffix.pop();
    }
}

/// What a request whose path ends at a node gets: the operation for its method, or 405
/// with the methods allowed, or 404 when no template ends here.
fn ends_expr(
    model: &Model,
    variants: &[proc_macro2::Ident],
    ends: &[usize],
    bound: usize,
    max_labels: usize,
) -> TokenStream {
    if ends.is_empty() {
        return quote!(RouteMatch::NotFound);
    }
    let bindings: Vec<_> = (0..bound).map(|i| format_ident!("label{}", i)).collect();
    let padding: Vec<_> = (bound..max_labels).map(|_| quote!("")).collect();
    let mut by_method: Vec<(Method, usize)> = ends
        .iter()
        .map(|i| (model.operations[*i].method, *i))
        .collect();
    by_method.sort();
    let found_op = |i: usize| {
        let variant = &variants[i];
        let names: Vec<&str> = labels(&model.operations[i])
            .iter()
            .map(|(n, _)| *n)
            .collect();
        quote!(found(Operation::#variant, &[#(#names),*]))
    };
    let mut methods: Vec<Method> = by_method.iter().map(|(m, _)| *m).collect();
    methods.dedup();
    let arms = methods.iter().map(|m| {
        let method = m.as_str();
        // Operations of one method here differ by constant query parameters: the most
        // specific whose parameters the request has wins (validation keeps them distinct).
        let mut group: Vec<usize> = by_method
            .iter()
            .filter(|(n, _)| n == m)
            .map(|(_, i)| *i)
            .collect();
        group.sort_by_key(|i| std::cmp::Reverse(model.operations[*i].path.query.len()));
        let last = group.pop().map(found_op);
        let tries = group.iter().map(|i| {
            let pairs = model.operations[*i].path.query.iter().map(|(name, value)| {
                let value = match value {
                    Some(v) => quote!(Some(#v)),
                    None => quote!(None),
                };
                quote!((#name, #value))
            });
            let found = found_op(*i);
            quote!(if rt::query_has(query, &[#(#pairs),*]) { #found } else)
        });
        quote!(#method => #(#tries)* { #last },)
    });
    let allowed: Vec<&str> = methods.iter().map(|m| m.as_str()).collect();
    // The label values are the same for every method here; only names may differ.
    quote! {{
        let found = |operation, names| RouteMatch::Found {
            operation,
            labels: rt::Labels::new(names, [#(#bindings,)* #(#padding),*]),
        };
        match method {
            #(#arms)*
            _ => RouteMatch::MethodNotAllowed { allowed: &[#(#allowed),*] },
        }
    }}
}
