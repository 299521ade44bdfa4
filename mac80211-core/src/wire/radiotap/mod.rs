//! Radiotap: the radio metadata header of link type 127 captures and monitor-mode injection.
//!
//! Radiotap is not part of IEEE 802.11; it is the de facto standard defined at radiotap.org
//! (and in Linux `Documentation/networking/radiotap-headers.rst`). Layout, all little-endian:
//!
//! ```text
//! version u8 (0) | pad u8 | it_len u16 | present u32 [present u32 ...] | fields ... | (it_len)
//! ```
//!
//! `it_len` covers the whole radiotap header; the 802.11 frame starts right after it. Present
//! words chain through bit 31; bits 29 and 30 switch namespaces (see [`RadiotapIter`]). Each
//! field is aligned to its natural alignment relative to the start of the header.
//!
//! Contract:
//!
//! - [`Radiotap::check_len`] accepts a buffer when the version is 0 and `8 <= it_len <= len`.
//!   After that, [`Radiotap::payload`] and the fixed accessors never panic, and
//!   [`Radiotap::fields`] walks the fields lazily, yielding `Result` and stopping after the
//!   first error. Fields read before an error stay valid: a bit without a known size
//!   ([`crate::wire::ErrorKind::Unsupported`]) only hides what comes after it.
//! - The payload is located by `it_len` alone, even when the fields inside are broken. That is
//!   what Wireshark does (it trusts `it_len` when the present bitmaps overrun it), so a decoder
//!   built on this view agrees with it about where the 802.11 frame starts.
//! - [`RadiotapInfo`] summarises the common fields, keeping the *first* occurrence of each
//!   (later occurrences come from extra radiotap namespaces, typically one per antenna).
//! - [`RadiotapRepr`] writes the fields a soft-MAC produces (a single present word) with correct
//!   padding; it parses only headers it can re-emit byte for byte.
//!
//! The Flags field tells how to read the frame after the header: bit 0x10 says it ends with
//! its FCS, bit 0x20 that padding sits between the 802.11 header and its body. See
//! [`crate::wire::linktype::split_radio_header`] for FCS handling.

mod field;
mod info;
mod iter;
mod repr;

pub use field::{
    AmpduStatus, Channel, Fhss, He, HeMu, HeMuOtherUser, LSig, Mcs, RadiotapField, RadiotapFlags,
    RadiotapTimestamp, VendorNamespace, Vht, XChannel, bit,
};
pub use info::RadiotapInfo;
pub use iter::{RadiotapIter, RadiotapTlv, TlvIter};
pub use repr::RadiotapRepr;

use super::bytes::{le16, le32};
use super::{Error, ErrorKind, Result};
use core::fmt;

mod hdr {
    use core::ops::Range;
    pub const VERSION: usize = 0;
    pub const PAD: usize = 1;
    pub const LEN: Range<usize> = 2..4;
    pub const PRESENT: Range<usize> = 4..8;
    pub const MIN_LEN: usize = 8;
}

/// A view of a buffer that starts with a radiotap header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Radiotap<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Radiotap<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> Radiotap<T> {
        Radiotap { buffer }
    }

    /// Wraps a buffer and checks it.
    pub fn new_checked(buffer: T) -> Result<Radiotap<T>> {
        let rt = Self::new_unchecked(buffer);
        rt.check_len()?;
        Ok(rt)
    }

    /// Checks version 0 and `8 <= it_len <= buffer length`.
    pub fn check_len(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        if b.len() < hdr::MIN_LEN {
            return Err(Error::new(ErrorKind::Truncated, "radiotap header"));
        }
        if b[hdr::VERSION] != 0 {
            return Err(Error::new(ErrorKind::Unsupported, "radiotap version"));
        }
        let len = usize::from(self.it_len());
        if len < hdr::MIN_LEN {
            return Err(Error::new(ErrorKind::BadLength, "radiotap it_len shorter than 8"));
        }
        if len > b.len() {
            return Err(Error::new(ErrorKind::Truncated, "radiotap it_len runs past the record"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Version (always 0 after a successful check).
    #[inline]
    pub fn version(&self) -> u8 {
        self.buffer.as_ref()[hdr::VERSION]
    }

    /// The pad octet.
    #[inline]
    pub fn pad(&self) -> u8 {
        self.buffer.as_ref()[hdr::PAD]
    }

    /// `it_len`: the length of the whole radiotap header.
    #[inline]
    pub fn it_len(&self) -> u16 {
        le16(&self.buffer.as_ref()[hdr::LEN])
    }

    /// The first present word.
    #[inline]
    pub fn present(&self) -> u32 {
        le32(&self.buffer.as_ref()[hdr::PRESENT])
    }

    /// The radiotap header: the first `it_len` octets.
    #[inline]
    pub fn header(&self) -> &[u8] {
        &self.buffer.as_ref()[..usize::from(self.it_len())]
    }

    /// Walks the fields.
    #[inline]
    pub fn fields(&self) -> RadiotapIter<'_> {
        RadiotapIter::new(self.header())
    }

    /// Summary of the common fields (first occurrence of each).
    pub fn info(&self) -> RadiotapInfo {
        RadiotapInfo::from_fields(self.fields())
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Radiotap<&'a T> {
    /// Everything after `it_len`: the 802.11 frame (with FCS when the Flags say so).
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[usize::from(self.it_len())..]
    }

    /// Walks the fields, borrowing from the underlying buffer rather than the view.
    #[inline]
    pub fn fields_ref(&self) -> RadiotapIter<'a> {
        let b = self.buffer.as_ref();
        RadiotapIter::new(&b[..usize::from(le16(&b[hdr::LEN]))])
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Radiotap<T> {
    /// The payload, mutable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        let at = usize::from(self.it_len());
        &mut self.buffer.as_mut()[at..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for Radiotap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => f.debug_list().entries(self.fields()).finish(),
            Err(e) => write!(f, "Radiotap(<{e}>)"),
        }
    }
}

#[cfg(test)]
mod test;
