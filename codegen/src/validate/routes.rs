//! Route conflicts: two operations whose paths and methods could match the same request
//! (an error), and labels that a literal segment of another route shadows (a warning).

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

    /// A literal segment shadows a label of the same method in the same position: the
    /// matcher tries the literal first, so for the label's value equal to that literal the
    /// request goes to the literal's operation (`GET /books/search` takes `GET
    /// /books/{bookId}` for the id `search`). Warned when the literal's route matches every
    /// such request: templates of the same length without greedy labels, every other
    /// segment of it the same literal or under a label of the other, and no constant query
    /// parameters of its own that a request could lack.
    pub(super) fn warn_shadowed_labels(&mut self, ops: &[Operation]) {
        for b in ops {
            if self.bad_paths.contains(&b.name) {
                continue;
            }
            for a in ops {
                if std::ptr::eq(a, b)
                    || a.method != b.method
                    || !a.path.query.is_empty()
                    || self.bad_paths.contains(&a.name)
                {
                    continue;
                }
                if let Some(values) = shadowed_values(&a.path.segments, &b.path.segments) {
                    let values: Vec<String> = values
                        .iter()
                        .map(|(label, value)| format!("`{label}` = `{value}`"))
                        .collect();
                    let d = Diagnostic::warning(
                        SchemaPath::root().key("operations").key(&b.name).key("path"),
                        format!(
                            "`{} {}` never receives {}: `{} {}` (operation `{}`) takes those requests",
                            b.method.as_str(),
                            b.path.raw,
                            values.join(" and "),
                            a.method.as_str(),
                            a.path.raw,
                            a.name
                        ),
                    );
                    self.diags.push(d.with_help(
                        "if such values can occur, give one of the routes a literal segment of its own (`/books/by-id/{bookId}`, `/search/books`); if they cannot, nothing needs to change",
                    ));
                }
            }
        }
    }
}

/// The label values of template `label` that template `literal` takes: for each position
/// where `literal` has a literal segment and `label` a label, `(label name, literal)`. `None`
/// unless `literal` matches every request of that form: the same number of segments, no
/// greedy label in either, and everywhere else the same literal or a label in both.
fn shadowed_values<'a>(
    literal: &'a [Segment],
    label: &'a [Segment],
) -> Option<Vec<(&'a str, &'a str)>> {
    if literal.len() != label.len() {
        return None;
    }
    let mut values = Vec::new();
    for (a, b) in literal.iter().zip(label) {
        match (a, b) {
            (Segment::Literal(x), Segment::Literal(y)) if x == y => {}
            (Segment::Label { .. }, Segment::Label { .. }) => {}
            (Segment::Literal(x), Segment::Label { name, .. }) => {
                values.push((name.as_str(), x.as_str()))
            }
            _ => return None,
        }
    }
    (!values.is_empty()).then_some(values)
}
