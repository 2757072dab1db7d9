//! A [`Plan`]: what a run would write and remove, worked out in memory and compared with
//! the disk, then applied all or nothing; and a [`Report`] of one file's diagnostics.

use crate::diagnostics::{self, Diagnostic, Severity};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What a run found: files to write, files to remove, problems to report.
#[derive(Debug, Default)]
pub struct Plan {
    /// Absolute path -> new contents, for every file that differs from what is on disk.
    pub writes: BTreeMap<PathBuf, String>,
    /// Files (or whole directories) in generator-owned directories that nothing produces
    /// any more.
    pub removals: Vec<PathBuf>,
    /// The diagnostics of each input that has any, in input order.
    pub reports: Vec<Report>,
    pub errors: usize,
    pub warnings: usize,
}

/// The diagnostics of one input file, with what is needed to show them.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file as shown to the user (`schema/bookshelf.yaml`).
    pub file: String,
    /// The file's text (lossy if it is not UTF-8), for the source lines under each message.
    pub source: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl Report {
    /// Every diagnostic rendered rustc-style (ANSI colours when `color`), then the summary
    /// line (`2 errors, 1 warning in schema/x.yaml`).
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(out, "{}\n", d.render(&self.file, &self.source, color));
        }
        out.push_str(&self.summary());
        out
    }

    /// `2 errors, 1 warning in schema/x.yaml`.
    pub fn summary(&self) -> String {
        let count = |s: Severity| self.diagnostics.iter().filter(|d| d.severity == s).count();
        diagnostics::summary(count(Severity::Error), count(Severity::Warning), &self.file)
    }

    /// One JSON object per diagnostic, one per line (for editors and CI).
    pub fn json_lines(&self) -> String {
        let mut out = String::new();
        for d in &self.diagnostics {
            let _ = writeln!(out, "{}", d.to_json(&self.file));
        }
        out
    }
}

impl Plan {
    /// Counts `diagnostics` and keeps them as the report of `file` (whose text is
    /// `source`). Returns whether any is an error.
    pub fn report(&mut self, file: &str, source: &[u8], diagnostics: Vec<Diagnostic>) -> bool {
        let errors = diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        self.errors += errors;
        self.warnings += diagnostics.len() - errors;
        if !diagnostics.is_empty() {
            self.reports.push(Report {
                file: file.to_string(),
                source: String::from_utf8_lossy(source).into_owned(),
                diagnostics,
            });
        }
        errors > 0
    }

    /// Plans `files` (path relative to `dir` -> text) as the whole contents of `dir`: each
    /// that differs from the disk is written, and every other file found under `dir` is
    /// removed.
    pub fn own_dir(&mut self, dir: &Path, files: BTreeMap<String, String>) -> io::Result<()> {
        let produced: Vec<PathBuf> = files.keys().map(|name| dir.join(name)).collect();
        self.add_files(dir, files);
        for path in files_under(dir)? {
            if !produced.contains(&path) {
                self.removals.push(path);
            }
        }
        self.removals.sort();
        Ok(())
    }

    /// Plans each of `files` (path relative to `dir`, text) that differs from the disk.
    pub fn add_files<P: AsRef<Path>>(
        &mut self,
        dir: &Path,
        files: impl IntoIterator<Item = (P, String)>,
    ) {
        for (name, text) in files {
            let path = dir.join(name);
            if fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
                self.writes.insert(path, text);
            }
        }
    }

    /// The end of a run: prints the reports, then with `check` compares (success when the
    /// disk matches; otherwise what differs, paths from `root`, and `regenerate`, what to
    /// do about it: "run `cargo xtask codegen`"), or else writes and says how much. Nothing is written when there are
    /// errors. The exit status is failure on errors, stale output and I/O errors.
    pub fn finish(
        &self,
        root: &Path,
        format: super::MessageFormat,
        check: bool,
        regenerate: &str,
    ) -> ExitCode {
        self.print_reports(format);
        if self.errors > 0 {
            eprintln!("nothing was written: fix the errors above and run again");
            return ExitCode::FAILURE;
        }
        if check {
            if self.is_clean() {
                return ExitCode::SUCCESS;
            }
            eprint!("{}", self.diff_summary(root));
            eprintln!("generated code is stale: {regenerate} and commit the result");
            return ExitCode::FAILURE;
        }
        if let Err(e) = self.apply() {
            eprintln!("error: writing generated files: {e}");
            return ExitCode::FAILURE;
        }
        if !self.is_clean() {
            eprintln!(
                "wrote {} file(s), removed {}",
                self.writes.len(),
                self.removals.len()
            );
        }
        ExitCode::SUCCESS
    }

    /// Whether the disk already matches.
    pub fn is_clean(&self) -> bool {
        self.writes.is_empty() && self.removals.is_empty()
    }

    /// Every report rendered for a person, without colours.
    pub fn rendered(&self) -> String {
        let texts: Vec<String> = self.reports.iter().map(|r| r.render(false)).collect();
        texts.join("\n")
    }

    /// Prints every report to stderr as `format` says (JSON diagnostics go to stdout).
    pub fn print_reports(&self, format: super::MessageFormat) {
        let color = super::color();
        for report in &self.reports {
            match format {
                super::MessageFormat::Human => eprintln!("{}", report.render(color)),
                super::MessageFormat::Json => {
                    print!("{}", report.json_lines());
                    eprintln!("{}", report.summary());
                }
            }
        }
    }

    /// A short description of what differs, paths shown relative to `base`: each missing or
    /// stale file with its first differing line, and each file to remove.
    pub fn diff_summary(&self, base: &Path) -> String {
        let mut out = String::new();
        for (path, new) in &self.writes {
            let rel = super::paths::shown(base, path);
            match fs::read_to_string(path) {
                Err(_) => {
                    let _ = writeln!(out, "missing: {rel}");
                }
                Ok(old) => {
                    let _ = writeln!(out, "stale:   {rel}");
                    let (old_lines, new_lines): (Vec<_>, Vec<_>) =
                        (old.lines().collect(), new.lines().collect());
                    let first = old_lines
                        .iter()
                        .zip(&new_lines)
                        .position(|(a, b)| a != b)
                        .unwrap_or(old_lines.len().min(new_lines.len()));
                    let _ = writeln!(out, "  first difference at line {}:", first + 1);
                    if let Some(l) = old_lines.get(first) {
                        let _ = writeln!(out, "  - {l}");
                    }
                    if let Some(l) = new_lines.get(first) {
                        let _ = writeln!(out, "  + {l}");
                    }
                }
            }
        }
        for path in &self.removals {
            let rel = super::paths::shown(base, path);
            let _ = writeln!(out, "extra:   {rel} (nothing produces it)");
        }
        out
    }

    /// Writes and removes files, all or nothing as far as the file system allows: every
    /// new file is first staged in a temporary sibling; only when all are staged are they
    /// renamed into place (a rename within a directory is atomic), and only then are stale
    /// files removed. If staging fails, the staged files and any directory made for them
    /// are removed and nothing under the output directories has changed.
    pub fn apply(&self) -> io::Result<()> {
        let mut staged: Vec<(PathBuf, &PathBuf)> = Vec::new();
        let mut made_dirs: Vec<PathBuf> = Vec::new();
        let result = self.stage(&mut staged, &mut made_dirs);
        if let Err(e) = result {
            for (tmp, _) in &staged {
                let _ = fs::remove_file(tmp);
            }
            for dir in made_dirs.iter().rev() {
                let _ = fs::remove_dir(dir);
            }
            return Err(e);
        }
        for (tmp, path) in &staged {
            fs::rename(tmp, path)?;
        }
        for path in &self.removals {
            if path.is_dir() {
                fs::remove_dir_all(path)?;
            } else {
                fs::remove_file(path)?;
            }
        }
        Ok(())
    }

    /// Writes every new file to a temporary sibling, recording what it made.
    fn stage<'a>(
        &'a self,
        staged: &mut Vec<(PathBuf, &'a PathBuf)>,
        made_dirs: &mut Vec<PathBuf>,
    ) -> io::Result<()> {
        for (path, text) in &self.writes {
            if let Some(dir) = path.parent() {
                let mut missing: Vec<&Path> = dir.ancestors().take_while(|d| !d.exists()).collect();
                missing.reverse();
                for d in missing {
                    fs::create_dir(d)?;
                    made_dirs.push(d.to_path_buf());
                }
            }
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
            let tmp = path.with_file_name(format!(".{name}.codegen-tmp"));
            fs::write(&tmp, text).inspect_err(|_| {
                let _ = fs::remove_file(&tmp);
            })?;
            staged.push((tmp, path));
        }
        Ok(())
    }
}

/// Every file under `dir`, recursively; none if it does not exist.
pub fn files_under(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        if path.is_dir() {
            out.extend(files_under(&path)?);
        } else {
            out.push(path);
        }
    }
    Ok(out)
}
