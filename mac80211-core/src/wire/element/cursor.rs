//! A bounds-checked reader and an in-place writer for element bodies.
//!
//! Typed elements read their bodies front to back; [`Reader`] turns every short read into a
//! [`ErrorKind::Truncated`] error that names the field, so parsers stay total without a
//! length check before each field. [`Writer`] fills a buffer that [`EmitElement`] guarantees is
//! exactly `body_len()` octets long, so a short buffer there is a caller bug and may panic.
//!
//! [`EmitElement`]: super::EmitElement

use crate::wire::{Error, ErrorKind, Result};

/// Reads fields from the front of a body.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
}

impl<'a> Reader<'a> {
    /// Reads `buf` from its start.
    #[inline]
    pub(crate) fn new(buf: &'a [u8]) -> Reader<'a> {
        Reader { rest: buf }
    }

    /// The octets not yet read.
    #[inline]
    pub(crate) fn rest(&self) -> &'a [u8] {
        self.rest
    }

    /// Reads a fixed-size field.
    #[inline]
    pub(crate) fn array<const N: usize>(&mut self, field: &'static str) -> Result<&'a [u8; N]> {
        let (head, tail) = self.rest.split_first_chunk::<N>().ok_or(truncated(field))?;
        self.rest = tail;
        Ok(head)
    }

    /// Reads one octet.
    #[inline]
    pub(crate) fn u8(&mut self, field: &'static str) -> Result<u8> {
        self.array::<1>(field).map(|a| a[0])
    }

    /// Reads a little-endian `u16`.
    #[inline]
    pub(crate) fn le16(&mut self, field: &'static str) -> Result<u16> {
        self.array::<2>(field).map(|a| u16::from_le_bytes(*a))
    }

    /// Reads a little-endian `u32`.
    #[inline]
    pub(crate) fn le32(&mut self, field: &'static str) -> Result<u32> {
        self.array::<4>(field).map(|a| u32::from_le_bytes(*a))
    }

    /// Reads `n` octets.
    #[inline]
    pub(crate) fn take(&mut self, n: usize, field: &'static str) -> Result<&'a [u8]> {
        if n > self.rest.len() {
            return Err(truncated(field));
        }
        let (head, tail) = self.rest.split_at(n);
        self.rest = tail;
        Ok(head)
    }

    /// Runs `read` unless the body has ended: for trailing fields that may be absent.
    #[inline]
    pub(crate) fn optional<T>(&mut self, read: impl FnOnce(&mut Self) -> Result<T>) -> Result<Option<T>> {
        if self.rest.is_empty() { Ok(None) } else { read(self).map(Some) }
    }

    /// Fails with [`ErrorKind::BadLength`] unless every octet has been read.
    #[inline]
    pub(crate) fn finish(&self, field: &'static str) -> Result<()> {
        if self.rest.is_empty() { Ok(()) } else { Err(Error::new(ErrorKind::BadLength, field)) }
    }
}

fn truncated(field: &'static str) -> Error {
    Error::new(ErrorKind::Truncated, field)
}

/// Writes fields one after another into a buffer sized by `body_len()`.
pub(crate) struct Writer<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> Writer<'b> {
    /// Writes from the start of `buf`.
    #[inline]
    pub(crate) fn new(buf: &'b mut [u8]) -> Writer<'b> {
        Writer { buf, pos: 0 }
    }

    /// Writes octets.
    #[inline]
    pub(crate) fn bytes(&mut self, b: &[u8]) -> &mut Self {
        self.buf[self.pos..self.pos + b.len()].copy_from_slice(b);
        self.pos += b.len();
        self
    }

    /// Writes one octet.
    #[inline]
    pub(crate) fn u8(&mut self, v: u8) -> &mut Self {
        self.bytes(&[v])
    }

    /// Writes a little-endian `u16`.
    #[inline]
    pub(crate) fn le16(&mut self, v: u16) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }

    /// Writes a little-endian `u32`.
    #[inline]
    pub(crate) fn le32(&mut self, v: u32) -> &mut Self {
        self.bytes(&v.to_le_bytes())
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn reads_and_reports_the_field() {
        let mut r = Reader::new(&[1, 2, 0, 3]);
        assert_eq!(r.u8("a").unwrap(), 1);
        assert_eq!(r.le16("b").unwrap(), 2);
        assert_eq!(r.finish("x").unwrap_err().kind(), ErrorKind::BadLength);
        let e = r.le16("c").unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::Truncated, "c"));
        assert_eq!(r.rest(), &[3]);
        assert_eq!(r.take(2, "d").unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(r.optional(|r| r.u8("e")).unwrap(), Some(3));
        assert_eq!(r.optional(|r| r.u8("f")).unwrap(), None);
        assert!(r.rest().is_empty());
    }

    #[test]
    fn writes_in_order() {
        let mut buf = [0u8; 7];
        Writer::new(&mut buf).u8(1).le16(0x0302).le32(0x0706_0504);
        assert_eq!(buf, [1, 2, 3, 4, 5, 6, 7]);
    }
}
