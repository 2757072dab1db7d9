//! Paths as the file side compares and prints them: absolute and normalised whatever their
//! spelling, relative between two directories, and the project root found around a place.

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

/// `path` made absolute (against the current directory) and normalised: `.` and `..`
/// resolved, and the longest part of it that exists resolved through symbolic links as the
/// file system sees it. So `schema/x.yaml`, `./schema/x.yaml`, `../p/schema/x.yaml` and
/// `/home/u/p/schema/x.yaml` are one path, and a path that does not exist yet (an output
/// directory) is spelt the same way as one that does.
pub fn normalize(path: &Path) -> io::Result<PathBuf> {
    let absolute = std::path::absolute(path)?;
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                // After a symbolic link, `..` is the link target's parent, as the kernel
                // reads it.
                out = fs::canonicalize(&out).unwrap_or(out);
                out.pop();
            }
            other => out.push(other),
        }
    }
    // The longest existing ancestor, canonical; the rest appended as spelt.
    let mut rest = Vec::new();
    let mut existing = out.as_path();
    loop {
        if let Ok(canonical) = fs::canonicalize(existing) {
            let mut result = canonical;
            for name in rest.iter().rev() {
                result.push(name);
            }
            return Ok(result);
        }
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return Ok(out),
        }
    }
}

/// `to` as seen from the directory `from`, `/`-separated (`../../runtime`); both absolute
/// and normalised. `None` when they share no root (two Windows drives).
pub fn relative(from: &Path, to: &Path) -> Option<String> {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    if from.first() != to.first() {
        return None;
    }
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    Some(if parts.is_empty() {
        ".".to_string()
    } else {
        parts.join("/")
    })
}

/// `path` as shown to a person: relative to `base` when inside it, `/`-separated; as it is
/// otherwise.
pub fn shown(base: &Path, path: &Path) -> String {
    path.strip_prefix(base)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// The deepest directory holding both `a` and `b`.
pub fn common_ancestor(a: &Path, b: &Path) -> PathBuf {
    a.components()
        .zip(b.components())
        .take_while(|(x, y)| x == y)
        .map(|(x, _)| x)
        .collect()
}

/// The root of the Cargo project around `start`: the nearest directory at or above it whose
/// `Cargo.toml` declares a `[workspace]`, or failing that the outermost directory with a
/// `Cargo.toml`. `None` outside any Cargo project.
pub fn cargo_root(start: &Path) -> Option<PathBuf> {
    let manifests = || {
        start
            .ancestors()
            .filter_map(|dir| Some((dir, fs::read_to_string(dir.join("Cargo.toml")).ok()?)))
    };
    manifests()
        .find(|(_, text)| declares_workspace(text))
        .or_else(|| manifests().last())
        .map(|(dir, _)| dir.to_path_buf())
}

/// Whether a manifest declares a workspace: a `[workspace]` table, or a `[workspace.*]`
/// one (which implies it). Line-based: a table header stands alone on its line.
pub fn declares_workspace(manifest: &str) -> bool {
    manifest.lines().any(|line| {
        let header = line.split('#').next().unwrap_or("").trim();
        header == "[workspace]" || header.starts_with("[workspace.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_and_descend() {
        let r = |a: &str, b: &str| relative(Path::new(a), Path::new(b)).unwrap();
        assert_eq!(r("/p/generated/x", "/p/runtime"), "../../runtime");
        assert_eq!(r("/p/generated/x", "/p/generated/x"), ".");
        assert_eq!(r("/p", "/p/vendor/rt"), "vendor/rt");
        assert_eq!(r("/a/b", "/c"), "../../c");
    }

    #[test]
    fn spellings_of_one_path_normalize_alike() {
        let cwd = normalize(Path::new(".")).unwrap();
        let name = cwd.file_name().unwrap().to_str().unwrap().to_string();
        let spellings = [
            PathBuf::from("src/../src/lib.rs"),
            PathBuf::from("./src/lib.rs"),
            PathBuf::from(format!("../{name}/src/lib.rs")),
            cwd.join("src/lib.rs"),
        ];
        for s in &spellings {
            assert_eq!(normalize(s).unwrap(), cwd.join("src/lib.rs"), "{s:?}");
        }
        // A path that does not exist yet keeps its spelling past the existing part.
        assert_eq!(
            normalize(Path::new("not/yet/../there")).unwrap(),
            cwd.join("not/there")
        );
    }

    #[test]
    fn the_workspace_manifest_marks_the_root() {
        assert!(declares_workspace("[workspace]\nmembers = []\n"));
        assert!(declares_workspace(
            "[workspace.package]\nedition = \"2021\"\n"
        ));
        assert!(!declares_workspace(
            "[package]\nname = \"x\"\n# [workspace]\n"
        ));
    }
}
