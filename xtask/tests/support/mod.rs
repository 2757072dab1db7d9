//! Helpers shared by the xtask test binaries.

use std::fs;
use std::path::{Path, PathBuf};

/// A fresh empty directory under the target directory (no extra dependency needed).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}
