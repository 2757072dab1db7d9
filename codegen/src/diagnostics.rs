//! Problems found in a schema: what is wrong, where (file, line, column and the path inside
//! the schema), and how to fix it when a fix can be guessed.

use std::fmt;

/// How bad a problem is: errors stop generation, warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// A line and column in the schema file, both counted from 1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// One problem in a schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// Where in the file, when known.
    pub position: Option<Position>,
    /// Where in the schema, as `operations.GetThing.errors[1]`; empty for the whole file.
    pub path: String,
    pub message: String,
    /// A suggested fix.
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error at a schema path.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            position: None,
            path: path.into(),
            message: message.into(),
            help: None,
        }
    }

    /// A warning at a schema path.
    pub fn warning(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(path, message)
        }
    }

    /// Adds a suggested fix.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Adds a suggested fix unless one is already there.
    pub fn with_help_if_none(self, help: impl Into<String>) -> Self {
        if self.help.is_some() {
            self
        } else {
            self.with_help(help)
        }
    }

    /// Adds "did you mean ...?" when one of `candidates` is close to `wrong`.
    pub fn suggest<'a>(self, wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Self {
        match closest(wrong, candidates) {
            Some(best) => self.with_help(format!("did you mean `{best}`?")),
            None => self,
        }
    }

    /// Renders as `file:line:col: error: path: message`, with the help on its own line.
    pub fn display<'a>(&'a self, file: &'a str) -> impl fmt::Display + 'a {
        DisplayDiagnostic { diag: self, file }
    }
}

struct DisplayDiagnostic<'a> {
    diag: &'a Diagnostic,
    file: &'a str,
}

impl fmt::Display for DisplayDiagnostic<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.diag;
        write!(f, "{}", self.file)?;
        if let Some(p) = d.position {
            write!(f, ":{}:{}", p.line, p.column)?;
        }
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, ": {severity}: ")?;
        if !d.path.is_empty() {
            write!(f, "{}: ", d.path)?;
        }
        write!(f, "{}", d.message)?;
        if let Some(help) = &d.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// The candidate closest to `wrong` by edit distance (ignoring case), if close enough to be
/// a likely typo.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower = wrong.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (edit_distance(&wrong_lower, &c.to_lowercase()), c))
        .filter(|(d, c)| *d <= (wrong.chars().count().max(c.chars().count()) / 3).max(1))
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Levenshtein distance over chars.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == *cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let names = ["NotFoundException", "ConflictException"];
        assert_eq!(
            closest("NotFoundExeption", names),
            Some("NotFoundException")
        );
        assert_eq!(
            closest("notfoundexception", names),
            Some("NotFoundException")
        );
        assert_eq!(closest("Banana", names), None);
        assert_eq!(edit_distance("kitten", "sitting"), 3);
    }
}
