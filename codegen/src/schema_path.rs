//! Paths into the schema (`operations.GetThing.errors[1]`), the one definition of their
//! syntax: written by validation and the YAML reader, read back by [`crate::yaml::locate`].
//!
//! The syntax: keys are joined by `.` (`shapes.Foo.members.bar.target`), list indices are
//! written `[n]` right after what they index (`values[2]`, `operations.X.errors[1]`); the
//! root is the empty path. Keys are written as they are, never quoted or escaped, so a key
//! may itself contain `.`, `[` or a space: `locate` resolves that by matching the longest
//! key of the mapping that the path continues with, and a key ends where the path ends or
//! at `.`, `[` or a space. A path may be followed by a note for the reader after a space
//! (`operations.X (its error enum)`), which `locate` ignores.

use std::fmt;

/// A path into the schema, built one key or index at a time.
///
/// `SchemaPath::root().key("operations").key("GetThing").index(1)` is
/// `operations.GetThing[1]`.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SchemaPath(String);

impl SchemaPath {
    /// The empty path: the whole schema.
    pub fn root() -> Self {
        SchemaPath(String::new())
    }

    /// This path, then the mapping key `key`.
    pub fn key(&self, key: &str) -> Self {
        if self.0.is_empty() {
            SchemaPath(key.to_string())
        } else {
            SchemaPath(format!("{}.{key}", self.0))
        }
    }

    /// This path, then the list index `index`.
    pub fn index(&self, index: usize) -> Self {
        SchemaPath(format!("{}[{index}]", self.0))
    }

    /// This path, then `rest` (a path relative to this one).
    pub fn join(&self, rest: &SchemaPath) -> Self {
        if rest.0.is_empty() {
            self.clone()
        } else if rest.0.starts_with('[') {
            SchemaPath(format!("{}{}", self.0, rest.0))
        } else {
            SchemaPath(format!("{}.{}", self.0, rest.0))
        }
    }

    /// The path followed by a note for the reader: `operations.X (its error enum)`.
    pub fn with_note(&self, note: &str) -> String {
        format!("{} ({note})", self.0)
    }

    /// Whether this is the root (empty) path.
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }

    /// The path as written in diagnostics.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for SchemaPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<SchemaPath> for String {
    fn from(path: SchemaPath) -> String {
        path.0
    }
}

impl From<&SchemaPath> for String {
    fn from(path: &SchemaPath) -> String {
        path.0.clone()
    }
}

// Reading a written path back, one step at a time (for `yaml::locate`).

/// If the unread part of a path, `rest`, continues with the mapping key `key`: what follows
/// the key.
pub(crate) fn strip_key<'a>(rest: &'a str, key: &str) -> Option<&'a str> {
    let rest = rest.strip_prefix('.').unwrap_or(rest);
    let after = rest.strip_prefix(key)?;
    (after.is_empty() || after.starts_with(['.', '[', ' '])).then_some(after)
}

/// If the unread part of a path, `rest`, continues with a list index: the index and what
/// follows it.
pub(crate) fn strip_index(rest: &str) -> Option<(usize, &str)> {
    let (index, after) = rest.strip_prefix('[')?.split_once(']')?;
    Some((index.parse().ok()?, after))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_and_reads_back() {
        let path = SchemaPath::root()
            .key("operations")
            .key("GetThing")
            .key("errors")
            .index(1);
        assert_eq!(path.as_str(), "operations.GetThing.errors[1]");
        assert_eq!(path.to_string(), "operations.GetThing.errors[1]");
        assert_eq!(SchemaPath::root().index(2).as_str(), "[2]");
        assert_eq!(
            SchemaPath::root()
                .key("operations")
                .key("X")
                .with_note("its error enum"),
            "operations.X (its error enum)"
        );

        let rest = strip_key(path.as_str(), "operations").unwrap();
        let rest = strip_key(rest, "GetThing").unwrap();
        assert_eq!(strip_key(rest, "Get"), None);
        let rest = strip_key(rest, "errors").unwrap();
        assert_eq!(strip_index(rest), Some((1, "")));
        assert_eq!(strip_key("shapes.a.b.type", "shapes"), Some(".a.b.type"));
        assert_eq!(strip_key(".a.b.type", "a.b"), Some(".type"));
        assert_eq!(
            strip_key("operations.X (its error enum)", "operations"),
            Some(".X (its error enum)")
        );
        assert_eq!(
            strip_key(".X (its error enum)", "X"),
            Some(" (its error enum)")
        );
    }

    #[test]
    fn joins_relative_paths() {
        let rest = SchemaPath::root()
            .index(0)
            .join(&SchemaPath::root().key("target"));
        assert_eq!(rest.as_str(), "[0].target");
        let path = SchemaPath::root().key("members").join(&rest);
        assert_eq!(path.as_str(), "members[0].target");
        let path = SchemaPath::root().key("shapes").join(&path);
        assert_eq!(path.as_str(), "shapes.members[0].target");
        assert_eq!(
            SchemaPath::root()
                .key("x")
                .join(&SchemaPath::root())
                .as_str(),
            "x"
        );
    }

    #[test]
    fn locate_reads_what_is_written() {
        let text = "shapes:\n  a:\n    type: string\n  a.b:\n    type: long\n  \"[c\":\n    values: [X, Y]\n";
        let root = crate::yaml::parse(text).unwrap().unwrap();
        let line_of = |path: &SchemaPath| crate::yaml::locate(&root, path.as_str()).unwrap().line;
        let shapes = SchemaPath::root().key("shapes");
        assert_eq!(line_of(&shapes.key("a").key("type")), 3);
        assert_eq!(line_of(&shapes.key("a.b").key("type")), 5);
        assert_eq!(line_of(&shapes.key("[c").key("values").index(1)), 7);
        // Written `shapes[c.values`: `join` cannot tell a key that starts with `[` from an
        // index, so no `.` goes in between; `locate` finds it all the same.
        let within = SchemaPath::root()
            .key("[c")
            .join(&SchemaPath::root().key("values"));
        assert_eq!(shapes.join(&within).as_str(), "shapes[c.values");
        assert_eq!(line_of(&shapes.join(&within)), 7);
    }
}
