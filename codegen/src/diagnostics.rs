//! Problems found in a schema: what is wrong, where (file, line, column and the path inside
//! the schema), and how to fix it when a fix can be guessed.

use annotate_snippets::{Level, Renderer, Snippet};
use std::fmt;
use std::ops::Range;

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
    /// The byte range in the file that the caret underlines, when known.
    pub span: Option<Range<usize>>,
}

impl Diagnostic {
    /// The diagnostic as one JSON object, for editors and CI: `file`, `line`, `column`,
    /// `severity`, `path`, `message` and `help` (`null` where unknown).
    pub fn to_json(&self, file: &str) -> serde_json::Value {
        let severity = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        serde_json::json!({
            "file": file,
            "line": self.position.map(|p| p.line),
            "column": self.position.map(|p| p.column),
            "severity": severity,
            "path": self.path,
            "message": self.message,
            "help": self.help,
        })
    }

    /// An error at a schema path.
    pub fn error(path: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            position: None,
            path: path.into(),
            message: message.into(),
            help: None,
            span: None,
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

    /// Renders rustc-style: the message, `--> file:line:col`, the source line with a caret
    /// under the problem, and the help. `source` is the file's text; `color` adds ANSI
    /// colours (for a terminal).
    pub fn render(&self, file: &str, source: &str, color: bool) -> String {
        let level = match self.severity {
            Severity::Error => Level::Error,
            Severity::Warning => Level::Warning,
        };
        let title = if self.path.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.path, self.message)
        };
        let origin = match self.position {
            Some(p) => format!("{file}:{}:{}", p.line, p.column),
            None => file.to_string(),
        };
        let mut message = level.title(&title);
        let line = self.position.zip(self.span.clone()).and_then(|(p, span)| {
            // Only the line the problem starts on: enough to see it, cheap on big files.
            let start = span.start;
            if start > source.len() || !source.is_char_boundary(start) {
                return None;
            }
            let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
            let line_end = source[start..]
                .find(['\n', '\r'])
                .map_or(source.len(), |i| start + i);
            let mut end = span.end.clamp(start, line_end);
            while !source.is_char_boundary(end) {
                end -= 1;
            }
            Some((
                p.line,
                &source[line_start..line_end],
                start - line_start..end - line_start,
            ))
        });
        if let Some((line, text, range)) = &line {
            message = message.snippet(
                Snippet::source(text)
                    .line_start(*line)
                    .origin(file)
                    .annotation(level.span(range.clone())),
            );
        }
        if let Some(help) = &self.help {
            message = message.footer(Level::Help.title(help));
        }
        let renderer = if color {
            Renderer::styled()
        } else {
            Renderer::plain()
        };
        let mut out = renderer.render(message).to_string();
        if line.is_none() {
            // No source line to show: say where all the same, after the title.
            let (first, rest) = out.split_once('\n').unwrap_or((&out, ""));
            let mut with_origin = format!("{first}\n --> {origin}");
            if !rest.is_empty() {
                with_origin.push('\n');
                with_origin.push_str(rest);
            }
            out = with_origin;
        }
        out
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

/// The one-line summary of a file's diagnostics: `2 errors, 1 warning in schema/x.yaml`.
pub fn summary(errors: usize, warnings: usize, file: &str) -> String {
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {} in {file}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

/// The candidate closest to `wrong` by edit distance (ignoring case), if close enough to be
/// a likely typo: at most a third of the longer name's length, and at least 1. Candidates
/// whose length alone rules them out are skipped, and the distance computation stops as soon
/// as it exceeds the limit, so one search is cheap even over thousands of names.
pub fn closest<'a>(wrong: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let wrong_lower: Vec<char> = wrong.to_lowercase().chars().collect();
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let len = c.chars().count();
        let limit = (wrong_lower.len().max(len) / 3).max(1);
        if len.abs_diff(wrong_lower.len()) > limit {
            continue;
        }
        let c_lower: Vec<char> = c.to_lowercase().chars().collect();
        if let Some(d) = bounded_edit_distance(&wrong_lower, &c_lower, limit) {
            if best.is_none_or(|(bd, bc)| (d, c) < (bd, bc)) {
                best = Some((d, c));
            }
        }
    }
    best.map(|(_, c)| c)
}

/// Levenshtein distance over chars, or `None` once it is certain to exceed `limit`.
fn bounded_edit_distance(a: &[char], b: &[char], limit: usize) -> Option<usize> {
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = if ca == cb {
                prev
            } else {
                1 + prev.min(cur).min(row[j])
            };
            prev = cur;
        }
        // Every later row is at least this row's minimum.
        if row.iter().min().is_some_and(|m| *m > limit) {
            return None;
        }
    }
    Some(row[b.len()]).filter(|d| *d <= limit)
}

/// Levenshtein distance over chars.
#[cfg(test)]
fn edit_distance(a: &str, b: &str) -> usize {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    bounded_edit_distance(&a, &b, usize::MAX - 1).unwrap_or(usize::MAX)
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
