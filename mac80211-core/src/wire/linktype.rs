//! Capture link types and the split of a capture record into radio header and 802.11 frame.
//!
//! A pcap or pcapng record of an 802.11 capture holds either a bare MPDU (link type 105) or a
//! radio metadata header followed by the MPDU: radiotap (127), Prism (119) or AVS (163).
//! [`split_radio_header`] peels the header off and returns the frame bytes the rest of the
//! codec expects: header and body, without FCS.
//!
//! Rules, chosen to agree with Wireshark on the corpus:
//!
//! - Radiotap: the frame starts at `it_len`, whatever happens inside the fields. When the
//!   first Flags field says "FCS at end", the last four octets are split off and reported in
//!   [`RadioSplit::fcs`], unchecked (compare it with [`crate::wire::fcs::compute`] of the
//!   frame to verify it). Radiotap "data pad" (Flags 0x20: padding
//!   between the 802.11 header and the body) is *not* removed here, because only an 802.11
//!   header parser knows where the header ends; the caller looks at
//!   [`RadiotapInfo::flags`](super::radiotap::RadiotapInfo) and drops the padding itself.
//! - Link type 119 carries an AVS header when its first four octets are an AVS version magic
//!   (big-endian `0x80211001`/`0x80211002`), a Prism header when they are a Prism message
//!   code (either byte order), and otherwise nothing at all: some drivers omit the header on
//!   some frames, and Wireshark then reads the record as a bare 802.11 frame. So do we.
//! - Link type 105 has no radio header. Whether those records end in an FCS is not said by
//!   the record; pcap and pcapng can declare it per file or interface (see
//!   [`crate::capture::Record::fcs_len`]).

use super::avs::Avs;
use super::bytes::{be32, le32};
use super::fcs;
use super::macros::open_enum;
use super::prism::{Prism, PrismMsgCode};
use super::radiotap::{Radiotap, RadiotapField};
use super::{Error, ErrorKind, Result};

open_enum! {
    /// pcap / pcapng link-layer header types (tcpdump.org `LINKTYPE_*`).
    pub enum LinkType(u16) {
        /// Ethernet (802.3).
        Ethernet = 1 => "ETHERNET",
        /// Bare 802.11 frames.
        Ieee80211 = 105 => "IEEE802_11",
        /// 802.11 frames after a Prism header (or an AVS header, or nothing).
        Prism = 119 => "IEEE802_11_PRISM",
        /// 802.11 frames after a radiotap header.
        Radiotap = 127 => "IEEE802_11_RADIOTAP",
        /// 802.11 frames after an AVS header.
        Avs = 163 => "IEEE802_11_AVS",
        /// Per-Packet Information header.
        Ppi = 192 => "PPI",
    }
}

/// The radio metadata header found in front of an 802.11 frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum RadioHeader<'a> {
    /// No radio header (link type 105, or a Prism-type record without one).
    None,
    /// A radiotap header (its view, checked).
    Radiotap(Radiotap<&'a [u8]>),
    /// A Prism header (its view, checked).
    Prism(Prism<&'a [u8]>),
    /// An AVS header (its view, checked).
    Avs(Avs<&'a [u8]>),
}

/// What happened to a trailing FCS.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum Fcs {
    /// The radio header does not say the frame ends with an FCS (or there is none).
    NotSignalled,
    /// The radio header said so and these four octets (read little-endian) were removed.
    Stripped(u32),
    /// The radio header said so but fewer than four octets follow it; `frame` is empty.
    Truncated,
}

impl Fcs {
    /// The stripped FCS value, if any.
    pub fn value(self) -> Option<u32> {
        match self {
            Fcs::Stripped(v) => Some(v),
            _ => None,
        }
    }
}

/// A capture record split into radio header and 802.11 frame.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct RadioSplit<'a> {
    /// The radio header.
    pub header: RadioHeader<'a>,
    /// The 802.11 frame: MAC header and body, FCS removed when the header said it was there.
    pub frame: &'a [u8],
    /// The FCS handling.
    pub fcs: Fcs,
}

/// Splits a record of the given link type into radio header and 802.11 frame.
///
/// Fails when the radio header itself is malformed (radiotap version not 0 or `it_len` out
/// of range, Prism `msglen` out of range, AVS `length` out of range), and with
/// [`ErrorKind::Unsupported`] for link types that do not carry 802.11 frames this way.
pub fn split_radio_header(linktype: LinkType, record: &[u8]) -> Result<RadioSplit<'_>> {
    match linktype {
        LinkType::Ieee80211 => Ok(bare(record)),
        LinkType::Radiotap => split_radiotap(record),
        LinkType::Avs => split_avs(record),
        LinkType::Prism => {
            if record.len() >= 4 && is_avs_magic(be32(&record[..4])) {
                split_avs(record)
            } else if record.len() >= 4 && is_prism_msgcode(&record[..4]) {
                let p = Prism::new_checked(record)?;
                Ok(RadioSplit { header: RadioHeader::Prism(p), frame: p.payload(), fcs: Fcs::NotSignalled })
            } else {
                Ok(bare(record))
            }
        }
        _ => Err(Error::new(ErrorKind::Unsupported, "link type without 802.11 frames")),
    }
}

fn bare(record: &[u8]) -> RadioSplit<'_> {
    RadioSplit { header: RadioHeader::None, frame: record, fcs: Fcs::NotSignalled }
}

fn split_avs(record: &[u8]) -> Result<RadioSplit<'_>> {
    let a = Avs::new_checked(record)?;
    Ok(RadioSplit { header: RadioHeader::Avs(a), frame: a.payload(), fcs: Fcs::NotSignalled })
}

fn split_radiotap(record: &[u8]) -> Result<RadioSplit<'_>> {
    let rt = Radiotap::new_checked(record)?;
    let payload = rt.payload();
    let fcs_at_end = rt
        .fields_ref()
        .map_while(|f| f.ok())
        .find_map(|f| match f {
            RadiotapField::Flags(flags) => Some(flags.fcs_at_end()),
            _ => None,
        })
        .unwrap_or(false);
    let (frame, fcs) = if !fcs_at_end {
        (payload, Fcs::NotSignalled)
    } else {
        match fcs::split(payload) {
            Ok((frame, value)) => (frame, Fcs::Stripped(value)),
            Err(_) => (&payload[..0], Fcs::Truncated),
        }
    };
    Ok(RadioSplit { header: RadioHeader::Radiotap(rt), frame, fcs })
}

fn is_avs_magic(v: u32) -> bool {
    v == 0x8021_1001 || v == 0x8021_1002
}

fn is_prism_msgcode(b: &[u8]) -> bool {
    let known = |v: u32| !matches!(PrismMsgCode::from(v), PrismMsgCode::Unknown(_));
    known(le32(b)) || known(be32(b))
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::radiotap::{RadiotapFlags, RadiotapRepr};
    use proptest::prelude::*;

    fn radiotap_record(flags: u8, frame: &[u8]) -> Vec<u8> {
        let repr = RadiotapRepr { flags: Some(RadiotapFlags(flags)), ..RadiotapRepr::default() };
        let mut v = vec![0u8; repr.buffer_len()];
        repr.emit(&mut Radiotap::new_unchecked(&mut v[..]));
        v.extend_from_slice(frame);
        v
    }

    #[test]
    fn radiotap_fcs_stripped_when_flagged() {
        let ack = [0xd4, 0, 0, 0, 1, 2, 3, 4, 5, 6];
        let mut with_fcs = ack.to_vec();
        fcs::append(&mut with_fcs);
        let rec = radiotap_record(RadiotapFlags::FCS_AT_END, &with_fcs);
        let s = split_radio_header(LinkType::Radiotap, &rec).unwrap();
        assert_eq!(s.frame, &ack);
        assert_eq!(s.fcs.value(), Some(fcs::compute(&ack)));
        assert!(matches!(s.header, RadioHeader::Radiotap(_)));

        let rec = radiotap_record(0, &ack);
        let s = split_radio_header(LinkType::Radiotap, &rec).unwrap();
        assert_eq!((s.frame, s.fcs), (&ack[..], Fcs::NotSignalled));

        let rec = radiotap_record(RadiotapFlags::FCS_AT_END, &[1, 2]);
        let s = split_radio_header(LinkType::Radiotap, &rec).unwrap();
        assert_eq!((s.frame, s.fcs), (&[][..], Fcs::Truncated));
    }

    #[test]
    fn prism_linktype_variants() {
        // No known message code: the record is a bare frame (aircrack-ng__wpaclean_crash.pcap).
        let rec = [0x00, 0x00, 0x10, 0x00, 0x00, 0x00, 0x00, 0xa0, 0, 0, 0, 0x20, 0x88, 0x7b, 1, 7, 0];
        let s = split_radio_header(LinkType::Prism, &rec).unwrap();
        assert_eq!((s.header, s.frame), (RadioHeader::None, &rec[..]));

        let mut avs = vec![0u8; 64];
        avs[..4].copy_from_slice(&0x8021_1001u32.to_be_bytes());
        avs[4..8].copy_from_slice(&64u32.to_be_bytes());
        avs.push(0x80);
        let s = split_radio_header(LinkType::Prism, &avs).unwrap();
        assert!(matches!(s.header, RadioHeader::Avs(_)));
        assert_eq!(s.frame, &[0x80]);

        let mut prism = vec![0u8; 144];
        prism[0] = 0x44;
        prism[4] = 144;
        prism.push(0x80);
        let s = split_radio_header(LinkType::Prism, &prism).unwrap();
        assert!(matches!(s.header, RadioHeader::Prism(_)));
        assert_eq!(s.frame, &[0x80]);
        assert!(split_radio_header(LinkType::Prism, &prism[..100]).is_err());
    }

    #[test]
    fn other_linktypes() {
        assert_eq!(split_radio_header(LinkType::Ieee80211, &[1, 2]).unwrap().frame, &[1, 2]);
        let e = split_radio_header(LinkType::Ethernet, &[1, 2]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
        assert_eq!(LinkType::from(127), LinkType::Radiotap);
        assert_eq!(LinkType::Radiotap.to_string(), "IEEE802_11_RADIOTAP");
        // radiotap-heapoverflow.pcap: version 48 radiotap is refused.
        let e = split_radio_header(LinkType::Radiotap, &[0x30, 0, 8, 0, 0, 0, 0, 0]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
    }

    proptest! {
        #[test]
        fn never_panics(lt in prop_oneof![Just(105u16), Just(119), Just(127), Just(163), any::<u16>()],
                        bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            if let Ok(s) = split_radio_header(LinkType::from(lt), &bytes) {
                prop_assert!(s.frame.len() <= bytes.len());
            }
        }
    }
}
