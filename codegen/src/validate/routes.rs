//! Route conflicts: two operations whose paths and methods could match the same request.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::schema_path::SchemaPath;

impl Cx {
    /// Two routes conflict when no request can tell them apart: the same method, templates
    /// of one shape (a literal where the other has the same literal, a label where the
    /// other has a label, a greedy label where the other has one) and the same constant
    /// query parameters.
    ///
    /// Everything else is told apart by the matcher: a literal segment is tried before a
    /// label in the same position (`/a/b` before `/a/{x}`), and the label is tried when the
    /// literal leads nowhere or not to this method; a greedy label (`{key+}`) comes last;
    /// operations of one method and path differ by their constant query parameters
    /// (`POST /keys?mode=import` and `POST /keys`), the most specific whose parameters the
    /// request has winning.
    pub(super) fn check_route_conflicts(&mut self, ops: &[Operation]) {
        let mut seen: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
        for (j, b) in ops.iter().enumerate() {
            if self.bad_paths.contains(&b.name) {
                continue;
            }
            // The shape of a route: its method, literals as they are, labels as `{}` and
            // greedy labels as `{+}`, and its constant query parameters in order.
            let mut key = format!("{} ", b.method.as_str());
            for segment in &b.path.segments {
                key.push('/');
                match segment {
                    Segment::Literal(text) => key.push_str(text),
                    Segment::Label { .. } => key.push_str("{}"),
                    Segment::Greedy { .. } => key.push_str("{+}"),
                }
            }
            let mut query: Vec<String> = b
                .path
                .query
                .iter()
                .map(|(name, value)| format!("{name}={}", value.as_deref().unwrap_or("")))
                .collect();
            query.sort();
            key.push('?');
            key.push_str(&query.join("&"));
            let Some(&i) = seen.get(&key) else {
                seen.insert(key, j);
                continue;
            };
            let a = &ops[i];
            let d = Diagnostic::error(
                SchemaPath::root()
                    .key("operations")
                    .key(&b.name)
                    .key("path"),
                format!(
                    "`{} {}` matches the same requests as operation `{}` (`{} {}`)",
                    b.method.as_str(),
                    b.path.raw,
                    a.name,
                    a.method.as_str(),
                    a.path.raw
                ),
            );
            self.diags.push(d.with_help(
                "give one of them another method, a literal segment of its own, or constant query parameters of its own (`?mode=import`)",
            ));
        }
    }
}
