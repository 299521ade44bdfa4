//! The Prism monitor header (pcap link type 119, `DLT_PRISM_HEADER`).
//!
//! Not part of IEEE 802.11: old Prism II, MadWifi and Broadcom drivers put this 144-octet
//! header in front of every monitored frame. Layout, in the capturing host's byte order:
//!
//! ```text
//! msgcode u32 | msglen u32 | devname [16] | 10 x { did u32, status u16, len u16, data u32 }
//! ```
//!
//! The ten items are, in order, host time, MAC time, channel, RSSI, signal quality, signal,
//! noise, rate (500 kb/s units), is-TX and frame length. An item's value counts only when its
//! status is 0 ("supplied"). Two DID numberings exist (`0x000N0044` with message code 0x44,
//! `0x0000N041` with 0x41); items are found by DID, whichever numbering the header uses.
//!
//! Byte order is not declared; like Wireshark, this view takes it from the message code: 0x44
//! or 0x41 read little-endian means a little-endian header, read big-endian a big-endian one.
//! [`Prism::check_len`] rejects any other message code, and a `msglen` below 144 or past the
//! buffer. The 802.11 frame starts at `msglen`.

use super::bytes::{be16, be32, le16, le32, put_le16, put_le32};
use super::macros::open_enum;
use super::{Error, ErrorKind, Result};
use core::fmt;

mod field {
    use core::ops::Range;
    pub const MSGCODE: Range<usize> = 0..4;
    pub const MSGLEN: Range<usize> = 4..8;
    pub const DEVNAME: Range<usize> = 8..24;
    pub const ITEMS: usize = 24;
    pub const ITEM_LEN: usize = 12;
}

/// Length of a Prism header with its ten items.
pub const PRISM_HEADER_LEN: usize = 144;
/// Number of items in a Prism header.
pub const PRISM_ITEM_COUNT: usize = 10;

open_enum! {
    /// Prism message codes.
    pub enum PrismMsgCode(u32) {
        /// Monitor frame, DIDs numbered `0x000N0044`.
        Monitor = 0x44 => "monitor frame",
        /// Monitor frame, DIDs numbered `0x0000N041`.
        MonitorAlt = 0x41 => "monitor frame (alternate numbering)",
    }
}

open_enum! {
    /// Prism item identifiers (DIDs), in both numberings.
    pub enum PrismDid(u32) {
        /// Host time (jiffies).
        HostTime = 0x0001_0044 => "host time",
        /// Low 32 bits of the MAC TSF timer, in microseconds.
        MacTime = 0x0002_0044 => "MAC time",
        /// Channel number.
        Channel = 0x0003_0044 => "channel",
        /// RSSI.
        Rssi = 0x0004_0044 => "RSSI",
        /// Signal quality.
        SignalQuality = 0x0005_0044 => "signal quality",
        /// Signal level.
        Signal = 0x0006_0044 => "signal",
        /// Noise level.
        Noise = 0x0007_0044 => "noise",
        /// Data rate in 500 kb/s units.
        Rate = 0x0008_0044 => "rate",
        /// Transmitted (1) or received (0).
        IsTx = 0x0009_0044 => "is TX",
        /// Length of the frame that follows.
        FrameLength = 0x000a_0044 => "frame length",
        /// Host time, alternate numbering.
        HostTimeAlt = 0x0000_1041 => "host time",
        /// MAC time, alternate numbering.
        MacTimeAlt = 0x0000_2041 => "MAC time",
        /// Channel, alternate numbering.
        ChannelAlt = 0x0000_3041 => "channel",
        /// RSSI, alternate numbering.
        RssiAlt = 0x0000_4041 => "RSSI",
        /// Signal quality, alternate numbering.
        SignalQualityAlt = 0x0000_5041 => "signal quality",
        /// Signal, alternate numbering.
        SignalAlt = 0x0000_6041 => "signal",
        /// Noise, alternate numbering.
        NoiseAlt = 0x0000_7041 => "noise",
        /// Rate, alternate numbering.
        RateAlt = 0x0000_8041 => "rate",
        /// Is TX, alternate numbering.
        IsTxAlt = 0x0000_9041 => "is TX",
        /// Frame length, alternate numbering.
        FrameLengthAlt = 0x0000_a041 => "frame length",
    }
}

impl PrismDid {
    /// The item number (1 = host time ... 10 = frame length), whichever numbering.
    pub fn item_number(self) -> Option<u8> {
        let v = self.value();
        match v & 0xffff {
            0x0044 if v >> 20 == 0 => Some((v >> 16) as u8).filter(|n| (1..=10).contains(n)),
            0x1041..=0xa041 if v & 0xfff == 0x041 && v >> 16 == 0 => Some((v >> 12) as u8),
            _ => None,
        }
    }
}

/// One Prism item.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct PrismItem {
    /// Item identifier.
    pub did: u32,
    /// 0 when the value is supplied, 1 when it is not.
    pub status: u16,
    /// Length of the value (4).
    pub len: u16,
    /// The value.
    pub data: u32,
}

impl PrismItem {
    /// The value when the driver supplied it (status 0).
    pub fn value(&self) -> Option<u32> {
        (self.status == 0).then_some(self.data)
    }
}

/// A view of a buffer that starts with a Prism header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Prism<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Prism<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> Prism<T> {
        Prism { buffer }
    }

    /// Wraps a buffer and checks it.
    pub fn new_checked(buffer: T) -> Result<Prism<T>> {
        let p = Self::new_unchecked(buffer);
        p.check_len()?;
        Ok(p)
    }

    /// Checks the message code, that all ten items are present and that `msglen` fits.
    pub fn check_len(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        if b.len() < PRISM_HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "Prism header"));
        }
        if matches!(self.msgcode(), PrismMsgCode::Unknown(_)) {
            return Err(Error::new(ErrorKind::BadValue, "Prism message code"));
        }
        let len = self.msglen();
        if len < PRISM_HEADER_LEN as u32 {
            return Err(Error::new(ErrorKind::BadLength, "Prism msglen shorter than its items"));
        }
        if len as usize > b.len() {
            return Err(Error::new(ErrorKind::Truncated, "Prism msglen runs past the record"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// True when the header is big-endian (its message code reads as 0x44/0x41 big-endian).
    #[inline]
    pub fn is_big_endian(&self) -> bool {
        let raw = &self.buffer.as_ref()[field::MSGCODE];
        !is_msgcode(le32(raw)) && is_msgcode(be32(raw))
    }

    fn u32_at(&self, at: usize) -> u32 {
        let b = &self.buffer.as_ref()[at..at + 4];
        if self.is_big_endian() { be32(b) } else { le32(b) }
    }

    fn u16_at(&self, at: usize) -> u16 {
        let b = &self.buffer.as_ref()[at..at + 2];
        if self.is_big_endian() { be16(b) } else { le16(b) }
    }

    /// Message code.
    #[inline]
    pub fn msgcode(&self) -> PrismMsgCode {
        PrismMsgCode::from(self.u32_at(field::MSGCODE.start))
    }

    /// Message length: where the 802.11 frame starts.
    #[inline]
    pub fn msglen(&self) -> u32 {
        self.u32_at(field::MSGLEN.start)
    }

    /// Device name, up to its first NUL.
    pub fn devname(&self) -> &[u8] {
        let name = &self.buffer.as_ref()[field::DEVNAME];
        let end = name.iter().position(|&c| c == 0).unwrap_or(name.len());
        &name[..end]
    }

    /// Item `index` (0..10) by position; `None` past the tenth.
    pub fn item(&self, index: usize) -> Option<PrismItem> {
        if index >= PRISM_ITEM_COUNT {
            return None;
        }
        let at = field::ITEMS + index * field::ITEM_LEN;
        Some(PrismItem {
            did: self.u32_at(at),
            status: self.u16_at(at + 4),
            len: self.u16_at(at + 6),
            data: self.u32_at(at + 8),
        })
    }

    /// The ten items in order.
    pub fn items(&self) -> [PrismItem; PRISM_ITEM_COUNT] {
        core::array::from_fn(|i| self.item(i).unwrap_or_default())
    }

    /// The supplied value of the item numbered `number` (1..=10), found by DID.
    pub fn value_of(&self, number: u8) -> Option<u32> {
        self.items()
            .iter()
            .find(|it| PrismDid::from(it.did).item_number() == Some(number))
            .and_then(PrismItem::value)
    }

    /// Channel number.
    pub fn channel(&self) -> Option<u32> {
        self.value_of(3)
    }

    /// Signal level (driver-specific scale; often dBm or dBm + 100).
    pub fn signal(&self) -> Option<i32> {
        self.value_of(6).map(|v| v as i32)
    }

    /// Noise level (driver-specific scale).
    pub fn noise(&self) -> Option<i32> {
        self.value_of(7).map(|v| v as i32)
    }

    /// Data rate in 500 kb/s units.
    pub fn rate_500kbps(&self) -> Option<u32> {
        self.value_of(8)
    }

    /// Low 32 bits of the MAC time in microseconds.
    pub fn mactime(&self) -> Option<u32> {
        self.value_of(2)
    }

    /// The frame length item.
    pub fn frame_len(&self) -> Option<u32> {
        self.value_of(10)
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Prism<&'a T> {
    /// Everything after `msglen`: the 802.11 frame.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        let at = self.msglen() as usize;
        &self.buffer.as_ref()[at..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for Prism<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Err(e) = self.check_len() {
            return write!(f, "Prism(<{e}>)");
        }
        f.debug_struct("Prism")
            .field("msgcode", &self.msgcode())
            .field("devname", &String::from_utf8_lossy(self.devname()))
            .field("channel", &self.channel())
            .field("signal", &self.signal())
            .field("noise", &self.noise())
            .field("rate_500kbps", &self.rate_500kbps())
            .finish()
    }
}

fn is_msgcode(v: u32) -> bool {
    v == 0x44 || v == 0x41
}

/// A little-endian Prism header with exactly ten items and `msglen` 144.
///
/// `parse` accepts little-endian headers of that shape; the device name is kept as 16 raw
/// octets so that re-emission is exact.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PrismRepr {
    /// Message code.
    pub msgcode: PrismMsgCode,
    /// Device name, NUL-padded.
    pub devname: [u8; 16],
    /// The ten items.
    pub items: [PrismItem; PRISM_ITEM_COUNT],
}

impl PrismRepr {
    /// Reads a checked little-endian header whose `msglen` is 144.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(p: &Prism<&T>) -> Result<PrismRepr> {
        p.check_len()?;
        if p.is_big_endian() {
            return Err(Error::new(ErrorKind::Unsupported, "big-endian Prism header"));
        }
        if p.msglen() as usize != PRISM_HEADER_LEN {
            return Err(Error::new(ErrorKind::Unsupported, "Prism msglen other than 144"));
        }
        let mut devname = [0u8; 16];
        devname.copy_from_slice(&p.buffer.as_ref()[field::DEVNAME]);
        Ok(PrismRepr { msgcode: p.msgcode(), devname, items: p.items() })
    }

    /// Header length in octets (always 144).
    pub fn buffer_len(&self) -> usize {
        PRISM_HEADER_LEN
    }

    /// Writes the header into the first 144 octets of `p`.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, p: &mut Prism<T>) {
        let b = p.buffer.as_mut();
        put_le32(&mut b[field::MSGCODE], self.msgcode.value());
        put_le32(&mut b[field::MSGLEN], PRISM_HEADER_LEN as u32);
        b[field::DEVNAME].copy_from_slice(&self.devname);
        for (i, it) in self.items.iter().enumerate() {
            let at = field::ITEMS + i * field::ITEM_LEN;
            put_le32(&mut b[at..], it.did);
            put_le16(&mut b[at + 4..], it.status);
            put_le16(&mut b[at + 6..], it.len);
            put_le32(&mut b[at + 8..], it.data);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // aircrack-ng__wpa.cap, record 1 (a beacon from "test"): the 144-octet Prism header.
    const WPA_CAP_FRAME1_PRISM: &str = "\
        4400000090000000617468300000000000000000000000004400010000000400d5366400440002000000040088e19679\
        440003000000040007000000440004000000040000000000000000000000000000000000440006000000040039000000\
        00000000000000000000000044000800000004000200000044000900000004000000000044000a000000040076000000";

    fn hex(s: &str) -> Vec<u8> {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    fn wpa_cap_header() -> Vec<u8> {
        let h = hex(WPA_CAP_FRAME1_PRISM);
        assert_eq!(h.len(), PRISM_HEADER_LEN);
        h
    }

    #[test]
    fn deconstruct_wpa_cap_header() {
        let mut rec = wpa_cap_header();
        rec.extend_from_slice(&[0x80, 0x00]); // start of the beacon
        let p = Prism::new_checked(&rec[..]).unwrap();
        assert!(!p.is_big_endian());
        assert_eq!(p.msgcode(), PrismMsgCode::Monitor);
        assert_eq!(p.msglen(), 144);
        assert_eq!(p.devname(), b"ath0");
        assert_eq!(p.channel(), Some(7));
        assert_eq!(p.signal(), Some(57));
        assert_eq!(p.noise(), None); // this driver zeroes the SQ and noise items, DID included
        assert_eq!(p.rate_500kbps(), Some(2));
        assert_eq!(p.mactime(), Some(0x7996_e188));
        assert_eq!(p.frame_len(), Some(118));
        assert_eq!(p.payload(), &[0x80, 0x00]);
        assert_eq!(PrismDid::from(p.item(0).unwrap().did), PrismDid::HostTime);
        assert_eq!(p.item(10), None);
    }

    #[test]
    fn construct_wpa_cap_header() {
        let h = wpa_cap_header();
        let repr = PrismRepr::parse(&Prism::new_unchecked(&h[..])).unwrap();
        let mut buf = vec![0xa5u8; repr.buffer_len()];
        repr.emit(&mut Prism::new_unchecked(&mut buf[..]));
        assert_eq!(buf, h);
    }

    #[test]
    fn big_endian_and_alternate_numbering() {
        let mut h = [0u8; PRISM_HEADER_LEN];
        h[0..4].copy_from_slice(&0x41u32.to_be_bytes());
        h[4..8].copy_from_slice(&144u32.to_be_bytes());
        let at = 24 + 2 * 12; // third item: channel
        h[at..at + 4].copy_from_slice(&0x3041u32.to_be_bytes());
        h[at + 8..at + 12].copy_from_slice(&11u32.to_be_bytes());
        let p = Prism::new_checked(&h[..]).unwrap();
        assert!(p.is_big_endian());
        assert_eq!(p.msgcode(), PrismMsgCode::MonitorAlt);
        assert_eq!(p.channel(), Some(11));
        assert_eq!(p.rate_500kbps(), None); // DID 0 matches nothing
        assert_eq!(PrismRepr::parse(&p).unwrap_err().kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn unsupplied_item_has_no_value() {
        let mut h = wpa_cap_header();
        h[24 + 2 * 12 + 4] = 1; // channel status: not supplied
        assert_eq!(Prism::new_checked(&h[..]).unwrap().channel(), None);
    }

    #[test]
    fn bad_headers_rejected() {
        let h = wpa_cap_header();
        assert_eq!(Prism::new_checked(&h[..143]).unwrap_err().kind(), ErrorKind::Truncated);
        let mut bad = h.clone();
        bad[0] = 0x45;
        assert_eq!(Prism::new_checked(&bad[..]).unwrap_err().kind(), ErrorKind::BadValue);
        let mut short = h.clone();
        short[4] = 100;
        assert_eq!(Prism::new_checked(&short[..]).unwrap_err().kind(), ErrorKind::BadLength);
        let mut long = h;
        long[4] = 200;
        assert_eq!(Prism::new_checked(&long[..]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    #[test]
    fn did_item_numbers() {
        assert_eq!(PrismDid::Channel.item_number(), Some(3));
        assert_eq!(PrismDid::FrameLengthAlt.item_number(), Some(10));
        assert_eq!(PrismDid::from(0x000b_0044).item_number(), None);
        assert_eq!(PrismDid::from(0x0001_1041).item_number(), None);
        assert_eq!(PrismDid::from(0).item_number(), None);
    }

    fn arb_item() -> impl Strategy<Value = PrismItem> {
        (any::<u32>(), any::<u16>(), any::<u16>(), any::<u32>())
            .prop_map(|(did, status, len, data)| PrismItem { did, status, len, data })
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(p) = Prism::new_checked(&bytes[..]) {
                let _ = (p.channel(), p.signal(), p.noise(), p.rate_500kbps(), p.devname());
                let _ = (p.items(), p.payload(), format!("{p:?}"));
                let _ = PrismRepr::parse(&p);
            }
        }

        #[test]
        fn repr_round_trip(
            alt in any::<bool>(),
            devname in any::<[u8; 16]>(),
            items in proptest::array::uniform10(arb_item()),
        ) {
            let msgcode = if alt { PrismMsgCode::MonitorAlt } else { PrismMsgCode::Monitor };
            let repr = PrismRepr { msgcode, devname, items };
            let mut buf = vec![0u8; repr.buffer_len()];
            repr.emit(&mut Prism::new_unchecked(&mut buf[..]));
            let back = PrismRepr::parse(&Prism::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(back, repr);
            let mut again = vec![0u8; back.buffer_len()];
            back.emit(&mut Prism::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }
    }
}
