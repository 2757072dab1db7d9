//! Helpers shared by the xtask tests.

use std::fs;
use std::path::{Path, PathBuf};

/// The checkout these tests were compiled from (they check its files, wherever they run).
pub fn checkout() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask/ has a parent")
        .to_path_buf()
}

/// A fresh empty directory under the target directory (no extra dependency needed).
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}
