//! Pagination of list operations: the token, items and page size members it names.

use super::Cx;
use crate::diagnostics::Diagnostic;
use crate::model::*;
use crate::naming;
use crate::raw;
use crate::schema_path::SchemaPath;

impl Cx {
    /// The pagination of the operation at `path` (whose client method is `op_fn`): the
    /// members it names must exist on the input or output and have the right types.
    pub(super) fn pagination(
        &mut self,
        path: &SchemaPath,
        op_fn: &str,
        raw: &raw::Pagination,
        input: &[Member],
        output: &[Member],
        shapes: &[Shape],
    ) -> Option<Pagination> {
        let find = |cx: &mut Cx,
                    key: &str,
                    name: &str,
                    members: &[Member],
                    side: &str,
                    ok: &dyn Fn(&ShapeKind) -> bool,
                    want: &str| {
            let Some(i) = members.iter().position(|m| m.name == name) else {
                cx.diags.push(
                    Diagnostic::error(
                        path.key(key),
                        format!("the operation {side} has no member `{name}`"),
                    )
                    .suggest(name, members.iter().map(|m| m.name.as_str())),
                );
                return None;
            };
            if !ok(&shapes[members[i].target.0].kind) {
                cx.error(path.key(key), format!("member `{name}` must be {want}"));
                return None;
            }
            Some(i)
        };
        let is_string = |k: &ShapeKind| matches!(k, ShapeKind::Primitive(Primitive::String));
        let is_list = |k: &ShapeKind| matches!(k, ShapeKind::List { .. });
        let is_size = |k: &ShapeKind| {
            matches!(
                k,
                ShapeKind::Primitive(Primitive::String | Primitive::Integer | Primitive::Long)
            )
        };
        let input_token = find(
            self,
            "input_token",
            &raw.input_token,
            input,
            "input",
            &is_string,
            "a string",
        );
        let output_token = find(
            self,
            "output_token",
            &raw.output_token,
            output,
            "output",
            &is_string,
            "a string",
        );
        let items = find(
            self, "items", &raw.items, output, "output", &is_list, "a list",
        );
        let page_size = match &raw.page_size {
            Some(p) => Some(find(
                self,
                "page_size",
                p,
                input,
                "input",
                &is_size,
                "an integer, long or string",
            )?),
            None => None,
        };
        // The paginator sets and reads these members as options: none may have a default.
        for (key, member, members) in [
            ("input_token", input_token, input),
            ("page_size", page_size, input),
            ("output_token", output_token, output),
            ("items", items, output),
        ] {
            if let Some(m) = member
                .and_then(|i| members.get(i))
                .filter(|m| m.default.is_some())
            {
                self.diags.push(
                    Diagnostic::error(
                        path.key(key),
                        format!("`{key}` names `{}`, which has a `default`: pagination members are left unset", m.name),
                    )
                    .with_help("remove the member's `default`"),
                );
            }
        }
        if let (Some(token), Some(size)) = (input_token, page_size) {
            if token == size {
                self.diags.push(
                    Diagnostic::error(
                        path.key("page_size"),
                        format!(
                            "`page_size` names `{}`, the member `input_token` names: one member cannot carry both the page token and the page size",
                            input[size].name
                        ),
                    )
                    .with_help("name the input member that says how many items a page holds (`maxResults`), or leave `page_size` out"),
                );
            }
        }
        if let Some(i) = input_token {
            if input[i].location == Location::Path {
                self.error(
                    path.key("input_token"),
                    "the page token cannot travel in the path",
                );
            }
        }
        let (pages_rust_name, items_rust_name) = naming::pagination_fn_names(op_fn);
        Some(Pagination {
            pages_rust_name,
            items_rust_name,
            input_token: input_token?,
            output_token: output_token?,
            items: items?,
            page_size,
        })
    }
}
