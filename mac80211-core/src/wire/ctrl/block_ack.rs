//! Block Ack Request and Block Ack bodies (802.11-2020 9.3.1, BlockAckReq and BlockAck
//! frame formats; 802.11ax Multi-STA and longer compressed bitmaps).
//!
//! Both bodies (the bytes after the 16-octet RA/TA header, i.e. [`Frame::body`]) start with a
//! 2-octet control field of the same layout ([`BlockAckControl`]): Ack Policy in bit 0, the
//! variant in bits 1-4 (Multi-TID, Compressed Bitmap, GCR and a fourth bit read as one 4-bit
//! number) and TID_INFO in bits 12-15. What follows depends on the variant:
//!
//! | frame | variant | after the control field |
//! |---|---|---|
//! | BAR | Basic, Compressed | Starting Sequence Control (2) |
//! | BA | Basic | Starting Sequence Control (2), bitmap (128: 64 MSDUs × 16 fragments) |
//! | BA | Compressed | Starting Sequence Control (2), bitmap (8; HE/EHT also 16, 32, 64, 128) |
//!
//! Other variants (Extended Compressed, Multi-TID, GCR, GLK-GCR, Multi-STA) are kept raw, and
//! so is a typed variant whose length does not match the table: receivers ignore trailing
//! octets, so such a frame is not rejected, but it is not reinterpreted either. A body shorter
//! than its variant's fields is [`ErrorKind::Truncated`]. The compressed bitmap length is taken
//! from the frame length rather than from the Fragment Number subfield that 802.11ax uses to
//! announce it, so a bitmap of any allowed size is read the same way.
//!
//! [`Frame::body`]: crate::wire::Frame::body

use crate::wire::bytes::{le16, put_le16};
use crate::wire::header::SeqCtrl;
use crate::wire::macros::open_enum;
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

open_enum! {
    /// Block Ack (Request) variant: bits 1-4 of the control field as a number
    /// (802.11-2020 9.3.1, 802.11ax Multi-STA).
    pub enum BlockAckVariant(u8) {
        /// Basic (bitmap of 64 MSDUs × 16 fragments).
        Basic = 0 => "Basic",
        /// Extended Compressed (DMG).
        ExtendedCompressed = 1 => "Extended Compressed",
        /// Compressed (one bit per MSDU).
        Compressed = 2 => "Compressed",
        /// Multi-TID.
        MultiTid = 3 => "Multi-TID",
        /// GCR.
        Gcr = 6 => "GCR",
        /// GLK-GCR.
        GlkGcr = 10 => "GLK-GCR",
        /// Multi-STA (802.11ax).
        MultiSta = 11 => "Multi-STA",
    }
}

/// BAR Control or BA Control field (802.11-2020 9.3.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlockAckControl(pub u16);

impl BlockAckControl {
    /// Builds from the variant, TID_INFO (masked to 4 bits) and the Ack Policy bit.
    pub fn new(variant: BlockAckVariant, tid_info: u8, ack_policy: bool) -> BlockAckControl {
        BlockAckControl(
            u16::from(ack_policy)
                | (u16::from(variant.value() & 0xf) << 1)
                | (u16::from(tid_info & 0xf) << 12),
        )
    }
    /// Ack Policy, bit 0 (BAR: no acknowledgment wanted; BA: the BA itself needs none).
    pub fn ack_policy(self) -> bool {
        self.0 & 1 != 0
    }
    /// Multi-TID, bit 1.
    pub fn multi_tid(self) -> bool {
        self.0 & 2 != 0
    }
    /// Compressed Bitmap, bit 2.
    pub fn compressed_bitmap(self) -> bool {
        self.0 & 4 != 0
    }
    /// GCR, bit 3.
    pub fn gcr(self) -> bool {
        self.0 & 8 != 0
    }
    /// The variant, from bits 1-4.
    pub fn variant(self) -> BlockAckVariant {
        BlockAckVariant::from(((self.0 >> 1) & 0xf) as u8)
    }
    /// TID_INFO, bits 12-15: the TID, or for Multi-TID the number of TIDs minus one.
    pub fn tid_info(self) -> u8 {
        (self.0 >> 12) as u8
    }
}

impl fmt::Debug for BlockAckControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BlockAckControl({:?}, tid_info={}, ack_policy={})",
            self.variant(),
            self.tid_info(),
            self.ack_policy()
        )
    }
}

mod field {
    use core::ops::Range;
    pub const CONTROL: Range<usize> = 0..2;
    pub const SSC: Range<usize> = 2..4;
    pub const BITMAP: usize = 4;
}

/// Basic BA bitmap length: 64 MSDUs × 16 fragment bits.
pub const BASIC_BITMAP_LEN: usize = 128;
/// Compressed BA bitmap lengths: 64 bits, and the HE/EHT 128, 256, 512 and 1024 bits.
pub const COMPRESSED_BITMAP_LENS: [usize; 5] = [8, 16, 32, 64, 128];

fn truncated(what: &'static str) -> Error {
    Error::new(ErrorKind::Truncated, what)
}

fn is_ssc_variant(c: BlockAckControl) -> bool {
    matches!(c.variant(), BlockAckVariant::Basic | BlockAckVariant::Compressed)
}

/// Declares the common part of the BAR and BA views.
macro_rules! control_view {
    ($(#[$doc:meta])* $name:ident, $what:literal) => {
        $(#[$doc])*
        #[derive(Clone, Copy, PartialEq, Eq, Debug)]
        pub struct $name<T: AsRef<[u8]>> {
            buffer: T,
        }

        impl<T: AsRef<[u8]>> $name<T> {
            /// Wraps a body without checking it.
            pub const fn new_unchecked(buffer: T) -> $name<T> {
                $name { buffer }
            }

            /// Wraps a body and checks that the control field is present.
            pub fn new_checked(buffer: T) -> Result<$name<T>> {
                let v = Self::new_unchecked(buffer);
                v.check_len()?;
                Ok(v)
            }

            /// Checks that the control field is present; the rest is checked by the accessors
            /// that return `Option`.
            pub fn check_len(&self) -> Result<()> {
                if self.buffer.as_ref().len() < field::CONTROL.end {
                    return Err(truncated($what));
                }
                Ok(())
            }

            /// Returns the underlying buffer.
            pub fn into_inner(self) -> T {
                self.buffer
            }

            /// The control field.
            #[inline]
            pub fn control(&self) -> BlockAckControl {
                BlockAckControl(le16(&self.buffer.as_ref()[field::CONTROL]))
            }

            /// Starting Sequence Control, for Basic and Compressed variants long enough to hold it.
            pub fn ssc(&self) -> Option<SeqCtrl> {
                if !is_ssc_variant(self.control()) {
                    return None;
                }
                self.buffer.as_ref().get(field::SSC).map(|b| SeqCtrl(le16(b)))
            }
        }

        impl<'a, T: AsRef<[u8]> + ?Sized> $name<&'a T> {
            /// Everything after the control field.
            #[inline]
            pub fn info(&self) -> &'a [u8] {
                &self.buffer.as_ref()[field::CONTROL.end..]
            }
        }

        impl<T: AsRef<[u8]> + AsMut<[u8]>> $name<T> {
            /// Sets the control field.
            #[inline]
            pub fn set_control(&mut self, c: BlockAckControl) {
                put_le16(&mut self.buffer.as_mut()[field::CONTROL], c.0)
            }
            /// Everything after the control field, mutable.
            #[inline]
            pub fn info_mut(&mut self) -> &mut [u8] {
                &mut self.buffer.as_mut()[field::CONTROL.end..]
            }
        }
    };
}

control_view! {
    /// A read/write view of a Block Ack Request body (after the RA/TA header).
    BlockAckReq, "BAR control"
}
control_view! {
    /// A read/write view of a Block Ack body (after the RA/TA header).
    BlockAck, "BA control"
}

impl<'a, T: AsRef<[u8]> + ?Sized> BlockAck<&'a T> {
    /// The bitmap of a Basic or Compressed BA whose length matches the variant.
    pub fn bitmap(&self) -> Option<&'a [u8]> {
        self.ssc()?;
        let bitmap = &self.buffer.as_ref()[field::BITMAP..];
        bitmap_len_ok(self.control().variant(), bitmap.len()).then_some(bitmap)
    }

    /// Whether the MSDU with sequence number `seq` is acknowledged (for Basic: fragment 0).
    /// `None` when the frame has no bitmap this module reads.
    pub fn is_acked(&self, seq: u16) -> Option<bool> {
        Some(bitmap_acks(self.control().variant(), self.ssc()?, self.bitmap()?, seq))
    }
}

fn bitmap_len_ok(variant: BlockAckVariant, len: usize) -> bool {
    match variant {
        BlockAckVariant::Basic => len == BASIC_BITMAP_LEN,
        BlockAckVariant::Compressed => COMPRESSED_BITMAP_LENS.contains(&len),
        _ => false,
    }
}

/// Reads the bit for `seq` in a bitmap that starts at `ssc`'s sequence number.
fn bitmap_acks(variant: BlockAckVariant, ssc: SeqCtrl, bitmap: &[u8], seq: u16) -> bool {
    let offset = usize::from(seq.wrapping_sub(ssc.sequence()) & 0x0fff);
    match variant {
        // Two octets per MSDU; bit 0 of each is fragment 0.
        BlockAckVariant::Basic => bitmap.get(2 * offset).is_some_and(|b| b & 1 != 0),
        _ => bitmap.get(offset / 8).is_some_and(|b| b >> (offset % 8) & 1 != 0),
    }
}

/// What follows the BAR Control field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BarInfo<'a> {
    /// Basic or Compressed: the Starting Sequence Control.
    Ssc(SeqCtrl),
    /// Any other variant, or a length that does not match: raw.
    Raw(&'a [u8]),
}

/// High-level representation of a Block Ack Request body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BlockAckReqRepr<'a> {
    /// BAR Control.
    pub control: BlockAckControl,
    /// BAR Information.
    pub info: BarInfo<'a>,
}

impl<'a> BlockAckReqRepr<'a> {
    /// Parses a body; fails only when the control field, or a Basic/Compressed SSC, is cut.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &BlockAckReq<&'a T>) -> Result<BlockAckReqRepr<'a>> {
        body.check_len()?;
        let control = body.control();
        let rest = body.info();
        let info = match (is_ssc_variant(control), body.ssc()) {
            (true, None) => return Err(truncated("BAR starting sequence control")),
            (true, Some(ssc)) if rest.len() == 2 => BarInfo::Ssc(ssc),
            _ => BarInfo::Raw(rest),
        };
        Ok(BlockAckReqRepr { control, info })
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        field::CONTROL.end
            + match self.info {
                BarInfo::Ssc(_) => 2,
                BarInfo::Raw(b) => b.len(),
            }
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut BlockAckReq<T>) {
        body.set_control(self.control);
        let out = body.info_mut();
        match self.info {
            BarInfo::Ssc(ssc) => put_le16(out, ssc.0),
            BarInfo::Raw(b) => out[..b.len()].copy_from_slice(b),
        }
    }
}

/// What follows the BA Control field.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum BaInfo<'a> {
    /// Basic or Compressed: Starting Sequence Control and bitmap.
    Bitmap {
        /// Starting Sequence Control; its sequence number is bit 0 of the bitmap.
        ssc: SeqCtrl,
        /// The bitmap (128 octets for Basic; 8, 16, 32, 64 or 128 for Compressed).
        bitmap: &'a [u8],
    },
    /// Any other variant, or a length that does not match: raw.
    Raw(&'a [u8]),
}

/// High-level representation of a Block Ack body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct BlockAckRepr<'a> {
    /// BA Control.
    pub control: BlockAckControl,
    /// BA Information.
    pub info: BaInfo<'a>,
}

impl<'a> BlockAckRepr<'a> {
    /// Parses a body; fails when the control field is cut, or a Basic/Compressed BA is
    /// shorter than its smallest bitmap.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(body: &BlockAck<&'a T>) -> Result<BlockAckRepr<'a>> {
        body.check_len()?;
        let control = body.control();
        let rest = body.info();
        let min_bitmap = match control.variant() {
            BlockAckVariant::Basic => BASIC_BITMAP_LEN,
            BlockAckVariant::Compressed => COMPRESSED_BITMAP_LENS[0],
            _ => return Ok(BlockAckRepr { control, info: BaInfo::Raw(rest) }),
        };
        if rest.len() < 2 + min_bitmap {
            return Err(truncated("BA bitmap"));
        }
        let info = match (body.ssc(), body.bitmap()) {
            (Some(ssc), Some(bitmap)) => BaInfo::Bitmap { ssc, bitmap },
            _ => BaInfo::Raw(rest),
        };
        Ok(BlockAckRepr { control, info })
    }

    /// Whether the MSDU with sequence number `seq` is acknowledged (for Basic: fragment 0).
    /// `None` for a raw body.
    pub fn is_acked(&self, seq: u16) -> Option<bool> {
        match self.info {
            BaInfo::Bitmap { ssc, bitmap } => Some(bitmap_acks(self.control.variant(), ssc, bitmap, seq)),
            BaInfo::Raw(_) => None,
        }
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        field::CONTROL.end
            + match self.info {
                BaInfo::Bitmap { bitmap, .. } => 2 + bitmap.len(),
                BaInfo::Raw(b) => b.len(),
            }
    }

    /// Writes the body into the start of `body`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, body: &mut BlockAck<T>) {
        body.set_control(self.control);
        let out = body.info_mut();
        match self.info {
            BaInfo::Bitmap { ssc, bitmap } => {
                put_le16(out, ssc.0);
                out[2..2 + bitmap.len()].copy_from_slice(bitmap);
            }
            BaInfo::Raw(b) => out[..b.len()].copy_from_slice(b),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::mgmt::testutil::unhex;
    use proptest::prelude::*;

    #[test]
    fn deconstruct_compressed_bar() {
        // aircrack-ng__pmkid-not-recognized.cap frame 997: compressed BAR, TID 1, SSN 0x726.
        let body = unhex("04106072");
        let v = BlockAckReq::new_checked(&body[..]).unwrap();
        let c = v.control();
        assert_eq!(c.variant(), BlockAckVariant::Compressed);
        assert!(c.compressed_bitmap() && !c.multi_tid() && !c.gcr() && !c.ack_policy());
        assert_eq!(c.tid_info(), 1);
        assert_eq!(v.ssc(), Some(SeqCtrl::new(0x726, 0)));
        let r = BlockAckReqRepr::parse(&v).unwrap();
        assert_eq!(r.info, BarInfo::Ssc(SeqCtrl::new(0x726, 0)));
    }

    #[test]
    fn deconstruct_compressed_ba() {
        // aircrack-ng__n-02.cap frame 161: compressed BA, SSN 3, bitmap fc ff 1f.
        let body = unhex("04003000fcff1f0000000000");
        let v = BlockAck::new_checked(&body[..]).unwrap();
        assert_eq!(v.ssc().unwrap().sequence(), 3);
        assert_eq!(v.bitmap().unwrap().len(), 8);
        let acked: Vec<u16> = (0..80).filter(|&s| v.is_acked(s) == Some(true)).collect();
        assert_eq!(acked, (5..24).collect::<Vec<_>>());
        let r = BlockAckRepr::parse(&v).unwrap();
        assert_eq!(r.is_acked(5), Some(true));
        assert_eq!(r.is_acked(4), Some(false));
        // aircrack-ng__n-02.cap frame 143: Ack Policy set, SSN 0, only seq 0 acknowledged.
        let body = unhex("050000000100000000000000");
        let r = BlockAckRepr::parse(&BlockAck::new_checked(&body[..]).unwrap()).unwrap();
        assert!(r.control.ack_policy());
        assert_eq!((r.is_acked(0), r.is_acked(1), r.is_acked(4095)), (Some(true), Some(false), Some(false)));
    }

    #[test]
    fn deconstruct_he_256_bit_ba() {
        // aircrack-ng__pmkid-not-recognized.cap frame 18502: compressed BA with a 32-octet
        // bitmap (fragment number subfield 4 announces 256 bits), seqs 0-10 acknowledged.
        let mut body = unhex("04000400ff07");
        body.resize(36, 0);
        let r = BlockAckRepr::parse(&BlockAck::new_checked(&body[..]).unwrap()).unwrap();
        let BaInfo::Bitmap { ssc, bitmap } = r.info else { panic!("raw") };
        assert_eq!((ssc.sequence(), ssc.fragment(), bitmap.len()), (0, 4, 32));
        assert_eq!(r.is_acked(10), Some(true));
        assert_eq!(r.is_acked(11), Some(false));
        assert_eq!(r.is_acked(255), Some(false));
    }

    #[test]
    fn basic_ba_reads_fragment_zero() {
        let mut body = [0u8; 2 + 2 + BASIC_BITMAP_LEN];
        body[2..4].copy_from_slice(&SeqCtrl::new(4090, 0).0.to_le_bytes());
        body[4 + 2 * 7] = 0x01; // seq 4090 + 7 = 1 (mod 4096), fragment 0
        body[4 + 2 * 8] = 0x02; // seq 2: fragment 1 only
        let r = BlockAckRepr::parse(&BlockAck::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.control.variant(), BlockAckVariant::Basic);
        assert_eq!((r.is_acked(1), r.is_acked(2), r.is_acked(4090)), (Some(true), Some(false), Some(false)));
    }

    #[test]
    fn other_variants_and_odd_lengths_kept_raw() {
        // Multi-TID BAR (variant 3), two TIDs: Per TID Info + SSC for each.
        let body = unhex("06100010100000202000");
        let r = BlockAckReqRepr::parse(&BlockAckReq::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.control.variant(), BlockAckVariant::MultiTid);
        assert_eq!(r.info, BarInfo::Raw(&body[2..]));
        // wifite2__handshake_not_exists.cap frame 746: a compressed BAR with 28 extra octets.
        let body = unhex("041000e100000800110027e2716dffffffffffff4432c85c0e3b0806");
        let r = BlockAckReqRepr::parse(&BlockAckReq::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(r.info, BarInfo::Raw(&body[2..]));
        // A compressed BA with a 9-octet bitmap.
        let body = unhex("0400300001020304050607080900");
        let r = BlockAckRepr::parse(&BlockAck::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!((r.info, r.is_acked(3)), (BaInfo::Raw(&body[2..]), None));
    }

    #[test]
    fn construct_byte_exact() {
        let bars = ["04106072", "0c00aabbccddeeff0011", "06100010100000202000"];
        for hex in bars {
            let body = unhex(hex);
            let r = BlockAckReqRepr::parse(&BlockAckReq::new_unchecked(&body[..])).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut BlockAckReq::new_unchecked(&mut out[..]));
            assert_eq!(out, body, "{hex}");
        }
        let bas = ["04003000fcff1f0000000000", "050000000100000000000000", "1600aabbcc"];
        for hex in bas {
            let body = unhex(hex);
            let r = BlockAckRepr::parse(&BlockAck::new_unchecked(&body[..])).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut BlockAck::new_unchecked(&mut out[..]));
            assert_eq!(out, body, "{hex}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(BlockAckReq::new_checked(&[4u8][..]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(BlockAck::new_checked(&[][..]).unwrap_err().kind(), ErrorKind::Truncated);
        // Compressed BAR without its SSC, compressed BA with a short bitmap, basic BA cut.
        assert!(BlockAckReqRepr::parse(&BlockAckReq::new_unchecked(&[4u8, 0, 0x30][..])).is_err());
        let body = unhex("04003000fcff1f00000000");
        assert!(BlockAckRepr::parse(&BlockAck::new_unchecked(&body[..])).is_err());
        let body = [0u8; 2 + 2 + BASIC_BITMAP_LEN - 1];
        let v = BlockAck::new_checked(&body[..]).unwrap();
        assert_eq!((v.ssc(), v.bitmap(), v.is_acked(0)), (Some(SeqCtrl(0)), None, None));
        assert!(BlockAckRepr::parse(&v).is_err());
    }

    #[test]
    fn control_construction() {
        let c = BlockAckControl::new(BlockAckVariant::Compressed, 5, true);
        assert_eq!(c.0, 0x5005);
        assert_eq!((c.variant(), c.tid_info(), c.ack_policy()), (BlockAckVariant::Compressed, 5, true));
        assert_eq!(BlockAckControl::new(BlockAckVariant::MultiSta, 0, false).0, 0x0016);
    }

    proptest! {
        #[test]
        fn round_trip(ctrl: u16, ssc: u16, n in 0usize..5, raw in proptest::collection::vec(any::<u8>(), 0..20)) {
            let control = BlockAckControl(ctrl);
            let bar = BlockAckReqRepr {
                control,
                info: if is_ssc_variant(control) { BarInfo::Ssc(SeqCtrl(ssc)) } else { BarInfo::Raw(&raw) },
            };
            let mut buf = vec![0; bar.buffer_len()];
            bar.emit(&mut BlockAckReq::new_unchecked(&mut buf[..]));
            prop_assert_eq!(BlockAckReqRepr::parse(&BlockAckReq::new_unchecked(&buf[..])).unwrap(), bar);

            let bitmap = vec![0x5a; if control.variant() == BlockAckVariant::Basic {
                BASIC_BITMAP_LEN
            } else {
                COMPRESSED_BITMAP_LENS[n]
            }];
            let ba = BlockAckRepr {
                control,
                info: if is_ssc_variant(control) {
                    BaInfo::Bitmap { ssc: SeqCtrl(ssc), bitmap: &bitmap }
                } else {
                    BaInfo::Raw(&raw)
                },
            };
            let mut buf = vec![0; ba.buffer_len()];
            ba.emit(&mut BlockAck::new_unchecked(&mut buf[..]));
            prop_assert_eq!(BlockAckRepr::parse(&BlockAck::new_unchecked(&buf[..])).unwrap(), ba);
        }

        #[test]
        fn never_panics(variant in 0u8..16, seq: u16, bytes in proptest::collection::vec(any::<u8>(), 0..140)) {
            let mut bytes = bytes;
            if let Some(b) = bytes.first_mut() {
                *b = (*b & 0xe1) | (variant << 1);
            }
            let v = BlockAck::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.control(), v.ssc(), v.info(), v.bitmap(), v.is_acked(seq));
            }
            if let Ok(r) = BlockAckRepr::parse(&v) {
                let _ = r.is_acked(seq);
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut BlockAck::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out, &bytes);
            }
            let v = BlockAckReq::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.control(), v.ssc(), v.info());
            }
            if let Ok(r) = BlockAckReqRepr::parse(&v) {
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut BlockAckReq::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out, &bytes);
            }
        }
    }
}
