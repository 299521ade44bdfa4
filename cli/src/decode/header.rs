//! Lenient reading of a MAC header for the decoder.
//!
//! The strict [`Frame`](mac80211_core::wire::Frame) view refuses a header that is cut short.
//! A decoder still wants to show what *is* there, the way Wireshark does: every field whose
//! octets were fully captured. This module fills the header part of a [`FrameRecord`] from as
//! many bytes as exist and says whether the whole header was present.

use super::record::FrameRecord;
use mac80211_core::wire::{FrameControl, HeaderLayout, MacAddr};

/// Fills the header fields of `rec` from `frame` (802.11 octets without FCS).
///
/// Returns the header length when the whole header is present and the protocol version is 0.
pub fn fill_header(rec: &mut FrameRecord, frame: &[u8]) -> Option<usize> {
    let fc = FrameControl(u16::from_le_bytes([*frame.first()?, *frame.get(1)?]));
    if fc.protocol_version() != 0 {
        return None;
    }
    rec.type_subtype = Some(fc.type_subtype());
    rec.kind = Some(fc.subtype().to_string());
    rec.to_ds = Some(fc.to_ds());
    rec.from_ds = Some(fc.from_ds());
    rec.more_frag = Some(fc.more_frag());
    rec.retry = Some(fc.retry());
    rec.pwr_mgt = Some(fc.pwr_mgt());
    rec.more_data = Some(fc.more_data());
    rec.protected = Some(fc.protected());
    rec.order = Some(fc.order());
    let layout = HeaderLayout::of(fc);
    if let Some(d) = read_u16(frame, 2) {
        rec.duration = (d & 0x8000 == 0).then_some(d);
    }
    rec.addr1 = read_addr(frame, 4);
    if layout.addr2 {
        rec.addr2 = read_addr(frame, 10);
    }
    if layout.addr3_seq {
        rec.addr3 = read_addr(frame, 16);
        if let Some(sc) = read_u16(frame, 22) {
            rec.seq = Some(sc >> 4);
            rec.frag = Some((sc & 0xf) as u8);
        }
    }
    if layout.addr4 {
        rec.addr4 = read_addr(frame, 24);
    }
    let len = layout.len();
    (frame.len() >= len).then_some(len)
}

fn read_u16(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes([*b.get(at)?, *b.get(at + 1)?]))
}

fn read_addr(b: &[u8], at: usize) -> Option<String> {
    b.get(at..at + 6).map(|a| MacAddr::from_bytes(a).to_string())
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn partial_header_shows_captured_fields_only() {
        // A beacon cut after Address 2 plus one octet of Address 3.
        let mut b = vec![0x80, 0x00, 0x00, 0x00];
        b.extend_from_slice(&[0xff; 6]);
        b.extend_from_slice(&[2, 0, 0, 0, 0, 1]);
        b.push(2);
        let mut rec = FrameRecord::default();
        assert_eq!(fill_header(&mut rec, &b), None);
        assert_eq!(rec.type_subtype, Some(8));
        assert_eq!(rec.addr1.as_deref(), Some("ff:ff:ff:ff:ff:ff"));
        assert_eq!(rec.addr2.as_deref(), Some("02:00:00:00:00:01"));
        assert_eq!(rec.addr3, None);
        assert_eq!(rec.seq, None);
    }

    #[test]
    fn protocol_version_one_leaves_everything_null() {
        let mut rec = FrameRecord::default();
        assert_eq!(fill_header(&mut rec, &[0x81, 0, 0, 0]), None);
        assert_eq!(rec.type_subtype, None);
        assert_eq!(rec.to_ds, None);
    }
}
