//! The radiotap field walk: present words, alignment, namespaces and vendor skips.
//!
//! The walk visits present bits in order, word after word. Bits 29, 30 and 31 of every word
//! are special: 29 switches the *next* word back to the radiotap namespace (bit numbers start
//! again at 0, so a second antenna's signal reuses bit 5), 30 opens a vendor namespace whose
//! 6-octet header (OUI, sub-namespace, skip length) sits in the data area aligned to 2 and
//! whose fields occupy the next `skip_length` octets, and 31 says another word follows. A word
//! that follows without a namespace switch continues the numbering (bits 32 to 63, ...).
//!
//! Field data is aligned to the field's natural alignment *relative to the start of the
//! radiotap header*. Nothing here knows vendor field layouts, so a vendor namespace is yielded
//! whole and its bits are skipped. A radiotap-namespace bit without a known size (32 and up)
//! ends the walk with [`ErrorKind::Unsupported`]: later fields cannot be located, but those
//! already yielded stay valid.

use super::field::{self, RadiotapField, VendorNamespace, bit};
use crate::wire::bytes::{le16, le32};
use crate::wire::{Error, ErrorKind, Result};

/// Which namespace the current present word describes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Namespace {
    Radiotap,
    Vendor,
}

/// Iterator over the fields of a radiotap header; yields at most one error, then stops.
#[derive(Clone, Debug)]
pub struct RadiotapIter<'a> {
    /// The radiotap header, exactly `it_len` octets.
    header: &'a [u8],
    /// Offset of the next present word to load.
    next_word: usize,
    /// The present word being walked.
    word: u32,
    /// Bit position inside `word` (0..=31).
    bit: u32,
    /// Field number of bit 0 of `word` in the current namespace (0, 32, 64, ...).
    base: u32,
    /// The next word starts a namespace (bit 29 or 30 seen in this word).
    reset_on_ext: bool,
    namespace: Namespace,
    /// Offset of the next field's data.
    pos: usize,
    /// Set once the walk has ended, with or without an error.
    done: bool,
    /// An error found before the first field (present words run past `it_len`).
    pending: Option<Error>,
}

impl<'a> RadiotapIter<'a> {
    /// Walks `header`, the radiotap header cut at its `it_len` (at least 8 octets).
    pub(super) fn new(header: &'a [u8]) -> RadiotapIter<'a> {
        let mut it = RadiotapIter {
            header,
            next_word: 8,
            word: 0,
            bit: 0,
            base: 0,
            reset_on_ext: false,
            namespace: Namespace::Radiotap,
            pos: 0,
            done: false,
            pending: None,
        };
        if header.len() < 8 {
            it.pending = Some(Error::new(ErrorKind::Truncated, "radiotap header"));
            return it;
        }
        it.word = le32(&header[4..8]);
        match data_start(header) {
            Ok(pos) => it.pos = pos,
            Err(e) => it.pending = Some(e),
        }
        it
    }

    /// Offset (from the start of the radiotap header) where the next field would be read.
    pub fn position(&self) -> usize {
        self.pos
    }

    fn fail(&mut self, kind: ErrorKind, what: &'static str) -> Option<Result<RadiotapField<'a>>> {
        self.done = true;
        Some(Err(Error::new(kind, what)))
    }

    /// Loads the next present word after bit 31 was found set.
    fn load_next_word(&mut self) {
        // `data_start` proved that every word announced by an Ext bit lies inside the header.
        self.word = le32(&self.header[self.next_word..self.next_word + 4]);
        self.next_word += 4;
        self.base = if self.reset_on_ext { 0 } else { self.base.saturating_add(32) };
        self.reset_on_ext = false;
        self.bit = 0;
    }

    fn vendor_namespace(&mut self) -> Option<Result<RadiotapField<'a>>> {
        let at = align(self.pos, 2);
        let Some(hdr) = self.header.get(at..at + 6) else {
            return self.fail(ErrorKind::Truncated, "radiotap vendor namespace");
        };
        let skip = usize::from(le16(&hdr[4..6]));
        let Some(data) = self.header.get(at + 6..at + 6 + skip) else {
            return self.fail(ErrorKind::Truncated, "radiotap vendor namespace data");
        };
        self.pos = at + 6 + skip;
        self.namespace = Namespace::Vendor;
        self.reset_on_ext = true;
        Some(Ok(RadiotapField::Vendor(VendorNamespace {
            oui: [hdr[0], hdr[1], hdr[2]],
            sub_ns: hdr[3],
            data,
        })))
    }

    fn radiotap_field(&mut self, index: u32) -> Option<Result<RadiotapField<'a>>> {
        if index == bit::TLV {
            let at = align(self.pos, 4);
            let Some(tlvs) = self.header.get(at..) else {
                return self.fail(ErrorKind::Truncated, "radiotap TLV list");
            };
            self.pos = self.header.len();
            return Some(Ok(RadiotapField::Tlvs(tlvs)));
        }
        let Some((alignment, size)) = field::layout(index) else {
            return self.fail(ErrorKind::Unsupported, "radiotap field of unknown size");
        };
        let at = align(self.pos, alignment);
        let Some(data) = self.header.get(at..at + size) else {
            return self.fail(ErrorKind::Truncated, "radiotap field runs past it_len");
        };
        self.pos = at + size;
        Some(Ok(field::decode(index, data)))
    }
}

impl<'a> Iterator for RadiotapIter<'a> {
    type Item = Result<RadiotapField<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if let Some(e) = self.pending.take() {
            self.done = true;
            return Some(Err(e));
        }
        while !self.done {
            let b = self.bit;
            let set = self.word & (1 << b) != 0;
            if b == bit::EXT {
                if set {
                    self.load_next_word();
                } else {
                    self.done = true;
                }
                continue;
            }
            self.bit += 1;
            if !set {
                continue;
            }
            match b {
                bit::RADIOTAP_NAMESPACE => {
                    self.namespace = Namespace::Radiotap;
                    self.reset_on_ext = true;
                }
                bit::VENDOR_NAMESPACE => return self.vendor_namespace(),
                _ if self.namespace == Namespace::Vendor => {} // data skipped with the header
                _ => return self.radiotap_field(self.base.saturating_add(b)),
            }
        }
        None
    }
}

impl core::iter::FusedIterator for RadiotapIter<'_> {}

/// Rounds `pos` up to a multiple of `alignment` (a power of two).
#[inline]
fn align(pos: usize, alignment: usize) -> usize {
    (pos + alignment - 1) & !(alignment - 1)
}

/// Offset of the first field: after the last present word. Fails when the chain of present
/// words runs past the header, which leaves no place to put any field.
fn data_start(header: &[u8]) -> Result<usize> {
    let mut at = 4;
    loop {
        let Some(word) = header.get(at..at + 4) else {
            return Err(Error::new(ErrorKind::Truncated, "radiotap present bitmaps run past it_len"));
        };
        at += 4;
        if le32(word) & (1 << bit::EXT) == 0 {
            return Ok(at);
        }
    }
}

/// One TLV of a radiotap TLV list (bit 28).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RadiotapTlv<'a> {
    /// The TLV type; values below 32 mean the same as the present bits.
    pub kind: u16,
    /// The TLV data, without padding.
    pub data: &'a [u8],
}

/// Iterator over a radiotap TLV list: `type u16, length u16, data`, each item padded to 4.
#[derive(Clone, Debug)]
pub struct TlvIter<'a> {
    rest: &'a [u8],
}

impl<'a> TlvIter<'a> {
    /// Iterates over `list`, the data of a [`RadiotapField::Tlvs`].
    pub fn new(list: &'a [u8]) -> TlvIter<'a> {
        TlvIter { rest: list }
    }
}

impl<'a> Iterator for TlvIter<'a> {
    type Item = Result<RadiotapTlv<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        let rest = core::mem::take(&mut self.rest);
        if rest.len() < 4 {
            return Some(Err(Error::new(ErrorKind::Truncated, "radiotap TLV header")));
        }
        let len = usize::from(le16(&rest[2..4]));
        let Some(data) = rest.get(4..4 + len) else {
            return Some(Err(Error::new(ErrorKind::Truncated, "radiotap TLV data")));
        };
        // The last item may omit its padding: the list simply ends.
        self.rest = rest.get(align(4 + len, 4)..).unwrap_or(&[]);
        Some(Ok(RadiotapTlv { kind: le16(&rest[0..2]), data }))
    }
}

impl core::iter::FusedIterator for TlvIter<'_> {}
