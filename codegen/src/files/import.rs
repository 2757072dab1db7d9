//! [`Import`]: an AWS model (botocore's `service-2.json`, with its paginators) or a Smithy
//! model (its JSON AST, told by the top-level `smithy` key) read from disk and turned into a
//! schema file, written or checked.

use super::paths::{self, normalize};
use super::{MessageFormat, Plan, Report};
use crate::diagnostics::Diagnostic;
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// An import of one model into one schema file. Relative paths are taken from the root.
#[derive(Debug, Clone)]
pub struct Import {
    root: PathBuf,
    model: PathBuf,
    paginators: Option<PathBuf>,
    service: Option<String>,
    crate_name: Option<String>,
    out: PathBuf,
    json_schema: Option<PathBuf>,
    command: String,
    check: bool,
}

/// What an import makes of a model: the schema text, or nothing when the model has errors,
/// and the diagnostics of each file that has any.
#[derive(Debug)]
pub struct Imported {
    /// The schema file's full text (header comments included), unless there were errors.
    pub text: Option<String>,
    /// The diagnostics, one report per file (the model's, then the paginators').
    pub reports: Vec<Report>,
    pub errors: usize,
}

impl Import {
    /// `model` into the schema file `out`, both relative to `root` unless absolute; the
    /// header names `cargo xtask import` as the command.
    pub fn new(root: impl Into<PathBuf>, model: impl AsRef<Path>, out: impl AsRef<Path>) -> Import {
        let root = root.into();
        Import {
            model: root.join(model),
            out: root.join(out),
            root,
            paginators: None,
            service: None,
            crate_name: None,
            json_schema: None,
            command: "cargo xtask import".to_string(),
            check: false,
        }
    }

    /// The model's paginators (`paginators-1.json`): each becomes an operation's
    /// `pagination`.
    pub fn paginators(mut self, file: impl AsRef<Path>) -> Self {
        self.paginators = Some(self.root.join(file));
        self
    }

    /// The service to import from a Smithy AST (its shape id), needed when it has several.
    pub fn service(mut self, id: impl Into<String>) -> Self {
        self.service = Some(id.into());
        self
    }

    /// The package name the schema sets (`service.crate`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.crate_name = Some(name.into());
        self
    }

    /// The JSON Schema of the schema format: the text starts with a modeline pointing the
    /// YAML language server at it, relative to the schema file.
    pub fn json_schema(mut self, file: impl AsRef<Path>) -> Self {
        self.json_schema = Some(self.root.join(file));
        self
    }

    /// The command the header names (default `cargo xtask import`).
    pub fn command(mut self, command: impl Into<String>) -> Self {
        self.command = command.into();
        self
    }

    /// With `true`, [`Import::run`] only compares the schema file with what it would write.
    pub fn check(mut self, check: bool) -> Self {
        self.check = check;
        self
    }

    /// Reads and imports the model. Nothing is written.
    pub fn prepare(&self) -> io::Result<Imported> {
        let root = normalize(&self.root)?;
        let out = normalize(&self.out)?;
        let shown = |path: &Path| -> io::Result<(String, Vec<u8>)> {
            let path = normalize(path)?;
            let base = if path.starts_with(&root) {
                root.clone()
            } else {
                paths::common_ancestor(&path, &out)
            };
            let name = paths::shown(&base, &path);
            let bytes =
                fs::read(&path).map_err(|e| io::Error::new(e.kind(), format!("{name}: {e}")))?;
            Ok((name, bytes))
        };
        // A directory, or a `.smithy` file: the Smithy IDL.
        let model_path = normalize(&self.model)?;
        if model_path.is_dir() || crate::import::smithy::idl::is_idl(&model_path.to_string_lossy())
        {
            let files = if model_path.is_dir() {
                smithy_files(&model_path)?
            } else {
                vec![model_path.clone()]
            };
            let files: Vec<(String, Vec<u8>)> =
                files.iter().map(|f| shown(f)).collect::<io::Result<_>>()?;
            return self.prepare_idl(&files, &out);
        }
        let (model_name, model_bytes) = shown(&self.model)?;
        let pages = self.paginators.as_deref().map(shown).transpose()?;
        let model_source = crate::Source {
            name: &model_name,
            bytes: &model_bytes,
        };
        let pages_source = pages
            .as_ref()
            .map(|(name, bytes)| crate::Source { name, bytes });
        let smithy = crate::import::parse(&model_source)
            .is_ok_and(|root| crate::import::smithy::is_ast(&root));
        let (text, mut diags) = if smithy {
            let settings = crate::import::smithy::SmithySettings {
                service: self.service.as_deref(),
                crate_name: self.crate_name.as_deref(),
            };
            match crate::import::smithy::import_ast(&model_source, &settings) {
                Ok(imported) => (Some(imported.yaml), imported.warnings),
                Err(diags) => (None, diags),
            }
        } else {
            let settings = crate::import::ImportSettings {
                crate_name: self.crate_name.as_deref(),
                ..Default::default()
            };
            match crate::import::import_model(&model_source, pages_source.as_ref(), &settings) {
                Ok(imported) => (Some(imported.yaml), imported.warnings),
                Err(diags) => (None, diags),
            }
        };
        // Flags that do not fit the model: said, and the import stopped.
        let misfit = match (smithy, &pages, &self.service) {
            (true, Some(_), _) => Some("`--paginators` is for botocore models: a Smithy model says its pagination with `smithy.api#paginated`"),
            (false, _, Some(_)) => Some("`--service` is for Smithy models: a botocore model holds one service"),
            _ => None,
        };
        if let Some(message) = misfit {
            diags.push(crate::import::ImportDiagnostic {
                file: model_name.clone(),
                diagnostic: Diagnostic::error("", message),
            });
        }
        let text = text.filter(|_| misfit.is_none());
        // One report per file, in the order the files first come up.
        let mut by_file: Vec<(String, Vec<Diagnostic>)> = Vec::new();
        for d in diags {
            match by_file.iter_mut().find(|(file, _)| *file == d.file) {
                Some((_, list)) => list.push(d.diagnostic),
                None => by_file.push((d.file, vec![d.diagnostic])),
            }
        }
        let mut plan = Plan::default();
        for (file, list) in by_file {
            let bytes = match &pages {
                Some((name, bytes)) if *name == file => bytes,
                _ => &model_bytes,
            };
            plan.report(&file, bytes, list);
        }
        let mut from = format!("`{model_name}`");
        if let Some((name, _)) = &pages {
            let _ = write!(from, " and `{name}`");
        }
        let header = self.header(&from, &out)?;
        Ok(Imported {
            text: text.filter(|_| plan.errors == 0).map(|yaml| header + &yaml),
            reports: plan.reports,
            errors: plan.errors,
        })
    }

    /// The schema file's header comments: the editor modeline, and where it comes from.
    fn header(&self, from: &str, out: &Path) -> io::Result<String> {
        let mut header = String::new();
        if let Some(json_schema) = &self.json_schema {
            let json_schema = normalize(json_schema)?;
            let dir = out.parent().unwrap_or(out);
            if let Some(rel) = paths::relative(dir, &json_schema) {
                let _ = writeln!(header, "# yaml-language-server: $schema={rel}");
            }
        }
        let _ = writeln!(
            header,
            "# Imported from {from} by `{}`: do not edit by hand, import again.",
            self.command
        );
        Ok(header)
    }

    /// Imports a model given as Smithy IDL files (name shown, bytes).
    fn prepare_idl(&self, files: &[(String, Vec<u8>)], out: &Path) -> io::Result<Imported> {
        let sources: Vec<crate::Source> = files
            .iter()
            .map(|(name, bytes)| crate::Source { name, bytes })
            .collect();
        let settings = crate::import::smithy::SmithySettings {
            service: self.service.as_deref(),
            crate_name: self.crate_name.as_deref(),
        };
        let (text, mut diags) = match crate::import::smithy::idl::import_idl(&sources, &settings) {
            Ok(imported) => (Some(imported.yaml), imported.warnings),
            Err(diags) => (None, diags),
        };
        let first = files
            .first()
            .map_or(String::new(), |(name, _)| name.clone());
        if self.paginators.is_some() {
            diags.push(crate::import::ImportDiagnostic {
                file: first.clone(),
                diagnostic: Diagnostic::error("", "`--paginators` is for botocore models: a Smithy model says its pagination with `smithy.api#paginated`"),
            });
        }
        let mut plan = Plan::default();
        for (name, bytes) in files {
            let list: Vec<Diagnostic> = diags
                .iter()
                .filter(|d| d.file == *name || (d.file.is_empty() && *name == first))
                .map(|d| d.diagnostic.clone())
                .collect();
            if !list.is_empty() {
                plan.report(name, bytes, list);
            }
        }
        let from = match files {
            [(name, _)] => format!("`{name}`"),
            _ => format!("{} Smithy IDL files (`{first}`, ...)", files.len()),
        };
        let header = self.header(&from, out)?;
        let ok = plan.errors == 0 && self.paginators.is_none();
        Ok(Imported {
            text: text.filter(|_| ok).map(|yaml| header + &yaml),
            reports: plan.reports,
            errors: plan.errors,
        })
    }

    /// Imports, prints every diagnostic, then writes the schema file (or with
    /// [`Import::check`], compares it). Nothing is written when the model has errors.
    pub fn run(&self) -> ExitCode {
        let imported = match self.prepare() {
            Ok(imported) => imported,
            Err(e) => {
                eprintln!("error: reading the model: {e}");
                return ExitCode::FAILURE;
            }
        };
        let root = normalize(&self.root).unwrap_or_else(|_| self.root.clone());
        let out = normalize(&self.out).unwrap_or_else(|_| self.out.clone());
        let mut plan = Plan {
            errors: imported.errors,
            reports: imported.reports,
            ..Plan::default()
        };
        if let Some(text) = imported.text {
            if fs::read_to_string(&out).ok().as_deref() != Some(text.as_str()) {
                plan.writes.insert(out, text);
            }
        }
        let again = format!("run the same `{}` without --check", self.command);
        plan.finish(&root, MessageFormat::Human, self.check, &again)
    }
}

/// The `.smithy` files under `dir`, sorted by path.
fn smithy_files(dir: &Path) -> io::Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir)? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "smithy") {
                out.push(path);
            }
        }
    }
    out.sort();
    Ok(out)
}
