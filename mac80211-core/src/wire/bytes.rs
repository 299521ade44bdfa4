//! Little helpers for fixed-width integer fields.
//!
//! Callers slice with ranges from their `mod field` after a length check, so these never see a
//! short slice; they index rather than return `Option` to keep accessors branch-free.

/// Reads a little-endian `u16` from the first two bytes.
#[inline]
pub(crate) fn le16(b: &[u8]) -> u16 {
    u16::from_le_bytes([b[0], b[1]])
}

/// Reads a little-endian `u32` from the first four bytes.
#[inline]
pub(crate) fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads a little-endian `u64` from the first eight bytes.
#[inline]
pub(crate) fn le64(b: &[u8]) -> u64 {
    u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Reads a big-endian `u16` from the first two bytes.
#[inline]
pub(crate) fn be16(b: &[u8]) -> u16 {
    u16::from_be_bytes([b[0], b[1]])
}

/// Reads a big-endian `u32` from the first four bytes.
#[inline]
pub(crate) fn be32(b: &[u8]) -> u32 {
    u32::from_be_bytes([b[0], b[1], b[2], b[3]])
}

/// Reads a big-endian `u64` from the first eight bytes.
#[inline]
pub(crate) fn be64(b: &[u8]) -> u64 {
    u64::from_be_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])
}

/// Writes a little-endian `u16` into the first two bytes.
#[inline]
pub(crate) fn put_le16(b: &mut [u8], v: u16) {
    b[..2].copy_from_slice(&v.to_le_bytes());
}

/// Writes a little-endian `u32` into the first four bytes.
#[inline]
pub(crate) fn put_le32(b: &mut [u8], v: u32) {
    b[..4].copy_from_slice(&v.to_le_bytes());
}

/// Writes a little-endian `u64` into the first eight bytes.
#[inline]
pub(crate) fn put_le64(b: &mut [u8], v: u64) {
    b[..8].copy_from_slice(&v.to_le_bytes());
}

/// Writes a big-endian `u16` into the first two bytes.
#[inline]
pub(crate) fn put_be16(b: &mut [u8], v: u16) {
    b[..2].copy_from_slice(&v.to_be_bytes());
}

/// Writes a big-endian `u32` into the first four bytes.
#[inline]
pub(crate) fn put_be32(b: &mut [u8], v: u32) {
    b[..4].copy_from_slice(&v.to_be_bytes());
}

/// Writes a big-endian `u64` into the first eight bytes.
#[inline]
pub(crate) fn put_be64(b: &mut [u8], v: u64) {
    b[..8].copy_from_slice(&v.to_be_bytes());
}
