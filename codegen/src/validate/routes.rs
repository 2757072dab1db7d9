//! Route conflicts: two operations whose paths and methods could match the same request.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::schema_path::SchemaPath;

impl Cx {
    /// Two routes conflict when one request could match both: the same template with the
    /// same method, or templates of one length whose every segment pair is equal literals or
    /// involves a label (`/a/{x}` and `/a/b`). Conflicts make dispatch ambiguous.
    ///
    /// Routes are chosen by method and path alone: constant query parameters of a template
    /// (`/x?mode=import`) are sent by the client but do not choose a route, so `POST
    /// /x?mode=import` and `POST /x` conflict. A greedy label (`{key+}`) is tried after
    /// every literal and single label of its position, so `/a/{rest+}` and `/a/b/c` do not
    /// conflict: the longer literal path wins.
    pub(super) fn check_route_conflicts(&mut self, ops: &[Operation]) {
        for (j, b) in ops.iter().enumerate() {
            if self.bad_paths.contains(&b.name) {
                continue;
            }
            for a in ops[..j]
                .iter()
                .filter(|a| !self.bad_paths.contains(&a.name))
            {
                let (sa, sb) = (&a.path.segments, &b.path.segments);
                if sa.len() != sb.len() {
                    continue;
                }
                let mut same_shape = true;
                let overlap = sa.iter().zip(sb).all(|pair| match pair {
                    (Segment::Literal(x), Segment::Literal(y)) => x == y,
                    (Segment::Label { .. }, Segment::Label { .. })
                    | (Segment::Greedy { .. }, Segment::Greedy { .. }) => true,
                    _ => {
                        same_shape = false;
                        true
                    }
                });
                if !overlap || (same_shape && a.method != b.method) {
                    continue;
                }
                let d = Diagnostic::error(
                    SchemaPath::root()
                        .key("operations")
                        .key(&b.name)
                        .key("path"),
                    format!(
                        "`{} {}` can match the same requests as operation `{}` (`{} {}`)",
                        b.method.as_str(),
                        b.path.raw,
                        a.name,
                        a.method.as_str(),
                        a.path.raw
                    ),
                );
                let by_query = a.path.query != b.path.query;
                self.diags.push(if same_shape && by_query {
                    d.with_help("routes are chosen by method and path; constant query parameters do not tell them apart: give one of them another method or path")
                } else if same_shape {
                    d.with_help("give one of them another method or path")
                } else {
                    d.with_help("a label and a literal in the same position are ambiguous; make the paths differ in a literal segment")
                });
            }
        }
    }
}
