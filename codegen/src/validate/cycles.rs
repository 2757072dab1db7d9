//! Shapes that contain themselves, and how deep Rust types nest: collections that would be
//! infinite Rust types, structures that require themselves (no finite value exists),
//! structure members that need a `Box`, and list/map nesting beyond what the emitters and
//! rustc handle comfortably. Every check is linear in the schema: one pass of strongly
//! connected components over the graph it looks at.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::schema_path::SchemaPath;

/// The deepest nesting of lists and maps in one member's type (`Vec<Vec<..>>`). Deeper
/// types are refused: the emitters and rustc recurse on them, and no real API needs more.
pub const MAX_COLLECTION_DEPTH: usize = 32;

impl Cx {
    /// Lists and maps are inline Rust types (`Vec<T>`, `BTreeMap<String, T>`), so one that
    /// contains itself through lists and maps alone would be an infinite type: a structure
    /// must come in between (found by the no-panic fuzz test, as a stack overflow in the
    /// emitter). Collections nested deeper than [`MAX_COLLECTION_DEPTH`] are refused too.
    pub(super) fn check_collections(&mut self, shapes: &[Shape]) {
        let graph = Graph::new(shapes, |_, shape| match &shape.kind {
            ShapeKind::List { member } => vec![member.0],
            ShapeKind::Map { key, value } => vec![key.0, value.0],
            _ => Vec::new(),
        });
        let mut depth = vec![0usize; shapes.len()];
        // Components come out sinks first, so every element's depth is known before the
        // collection that holds it.
        for &node in &graph.order {
            if graph.on_cycle(node) {
                self.diags.push(
                    Diagnostic::error(
                        SchemaPath::root().key("shapes").key(&shapes[node].name),
                        format!(
                            "`{}` contains itself through lists and maps alone, which has no Rust type",
                            shapes[node].name
                        ),
                    )
                    .with_help("put a structure in between: a list or map of a structure that has the collection as a member"),
                );
                continue;
            }
            let children = &graph.edges[node];
            if children.is_empty() {
                continue;
            }
            depth[node] = 1 + children.iter().map(|c| depth[*c]).max().unwrap_or(0);
            if depth[node] == MAX_COLLECTION_DEPTH + 1 {
                self.diags.push(
                    Diagnostic::error(
                        SchemaPath::root().key("shapes").key(&shapes[node].name),
                        format!(
                            "`{}` nests lists and maps {} deep; the limit is {MAX_COLLECTION_DEPTH}",
                            shapes[node].name, depth[node]
                        ),
                    )
                    .with_help("put a structure in between to name an inner level"),
                );
            }
        }
    }

    /// A structure that requires itself, directly or through other structures' required
    /// members, has no finite value: no request or response could ever be built.
    pub(super) fn check_required_cycles(&mut self, shapes: &[Shape]) {
        let required = |m: &Member| m.required && is_structure(shapes, m.target);
        let graph = Graph::new(shapes, |_, shape| match &shape.kind {
            ShapeKind::Structure(s) => s
                .members
                .iter()
                .filter(|m| required(m))
                .map(|m| m.target.0)
                .collect(),
            _ => Vec::new(),
        });
        for (id, shape) in shapes.iter().enumerate() {
            let ShapeKind::Structure(s) = &shape.kind else {
                continue;
            };
            for m in s.members.iter().filter(|m| required(m)) {
                if graph.same_cycle(id, m.target.0) {
                    self.diags.push(
                        Diagnostic::error(
                            SchemaPath::root()
                                .key("shapes")
                                .key(&shape.name)
                                .key("members")
                                .key(&m.name),
                            format!(
                                "`{}` requires `{}`, which requires `{}` again: no value of either can exist",
                                shape.name, shapes[m.target.0].name, shape.name
                            ),
                        )
                        .with_help("make one member on the cycle optional (`required: false`)"),
                    );
                }
            }
        }
    }
}

/// Boxes every structure or union member through which a structure contains itself without a `Vec`
/// or map in between (a plain or optional field would have infinite size): exactly the
/// members whose target is in the same strongly connected component as their structure.
pub(super) fn mark_boxed(shapes: &mut [Shape]) {
    let graph = Graph::new(shapes, |_, shape| match &shape.kind {
        ShapeKind::Structure(Structure { members, .. }) | ShapeKind::Union(Union { members }) => {
            members
                .iter()
                .filter(|m| is_structure(shapes, m.target))
                .map(|m| m.target.0)
                .collect()
        }
        _ => Vec::new(),
    });
    for (id, shape) in shapes.iter_mut().enumerate() {
        if let ShapeKind::Structure(Structure { members, .. })
        | ShapeKind::Union(Union { members }) = &mut shape.kind
        {
            for m in members {
                m.boxed = graph.same_cycle(id, m.target.0);
            }
        }
    }
}

fn is_structure(shapes: &[Shape], id: ShapeId) -> bool {
    matches!(
        shapes[id.0].kind,
        ShapeKind::Structure(_) | ShapeKind::Union(_)
    )
}

/// A directed graph over shapes with its strongly connected components (Tarjan's
/// algorithm, iterative so that no depth of nesting can overflow the stack).
struct Graph {
    edges: Vec<Vec<usize>>,
    /// The component of each node.
    component: Vec<usize>,
    /// How many nodes each component has.
    size: Vec<usize>,
    /// Every node, components in the order Tarjan finishes them: a component comes after
    /// every component it has an edge to.
    order: Vec<usize>,
}

impl Graph {
    fn new(shapes: &[Shape], edges: impl Fn(usize, &Shape) -> Vec<usize>) -> Graph {
        let edges: Vec<Vec<usize>> = shapes
            .iter()
            .enumerate()
            .map(|(i, s)| edges(i, s))
            .collect();
        let n = edges.len();
        const NONE: usize = usize::MAX;
        let (mut index, mut low) = (vec![NONE; n], vec![0; n]);
        let mut on_stack = vec![false; n];
        let (mut stack, mut component, mut size, mut order) =
            (Vec::new(), vec![NONE; n], Vec::new(), Vec::new());
        let mut next = 0;
        for root in 0..n {
            if index[root] != NONE {
                continue;
            }
            // (node, next edge to follow)
            let mut work = vec![(root, 0usize)];
            while let Some(&mut (v, ref mut e)) = work.last_mut() {
                if *e == 0 && index[v] == NONE {
                    index[v] = next;
                    low[v] = next;
                    next += 1;
                    stack.push(v);
                    on_stack[v] = true;
                }
                if let Some(&w) = edges[v].get(*e) {
                    *e += 1;
                    if index[w] == NONE {
                        work.push((w, 0));
                    } else if on_stack[w] {
                        low[v] = low[v].min(index[w]);
                    }
                    continue;
                }
                work.pop();
                if let Some(&(parent, _)) = work.last() {
                    low[parent] = low[parent].min(low[v]);
                }
                if low[v] == index[v] {
                    let id = size.len();
                    let mut count = 0;
                    while let Some(w) = stack.pop() {
                        on_stack[w] = false;
                        component[w] = id;
                        order.push(w);
                        count += 1;
                        if w == v {
                            break;
                        }
                    }
                    size.push(count);
                }
            }
        }
        Graph {
            edges,
            component,
            size,
            order,
        }
    }

    /// Whether `node` can reach itself.
    fn on_cycle(&self, node: usize) -> bool {
        self.size[self.component[node]] > 1 || self.edges[node].contains(&node)
    }

    /// Whether an edge `from -> to` lies on a cycle.
    fn same_cycle(&self, from: usize, to: usize) -> bool {
        self.component[from] == self.component[to] && (from != to || self.on_cycle(from))
    }
}
