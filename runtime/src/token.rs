//! Idempotency tokens: the fresh UUID v4 a client fills in for an unset
//! `idempotency_token` member.

use std::hash::{BuildHasher, RandomState};

/// A fresh random UUID v4, lowercase and hyphenated:
/// `3f2b8c1e-9a4d-4e7f-b2c6-0d1e2f3a4b5c`. The 122 random bits come from the operating
/// system; should it fail, from std's randomly keyed hasher, which is still unique.
pub fn idempotency_token() -> String {
    let mut bytes = [0u8; 16];
    if getrandom::getrandom(&mut bytes).is_err() {
        let state = RandomState::new();
        bytes[..8].copy_from_slice(&state.hash_one(1u8).to_le_bytes());
        bytes[8..].copy_from_slice(&state.hash_one(2u8).to_le_bytes());
    }
    bytes[6] = (bytes[6] & 0x0f) | 0x40; // version 4
    bytes[8] = (bytes[8] & 0x3f) | 0x80; // variant RFC 4122 (10xx)
    let hex = hex(&bytes);
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// `bytes` as lowercase hex, two digits each (also the form of SigV4's hashes).
pub(crate) fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        let _ = write!(out, "{b:02x}");
    }
    out
}
