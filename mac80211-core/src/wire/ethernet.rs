//! The Ethernet II / IEEE 802.3 MAC header, as the data path sees it on the host side.
//!
//! A soft-MAC's network interface speaks 802.3: frames arrive from the TAP device as
//! destination (6), source (6), then a two-octet field, and leave towards it the same way. The
//! two-octet field is an EtherType when it is 0x0600 or above (Ethernet II), and the length of
//! an 802.2 LLC payload when it is 1500 or below (IEEE 802.3 clause 3.2.6); values in between
//! are neither. [`EthernetFrame`] reads either kind and leaves the decision to the caller
//! through [`EtherType::is_length`]. Conversion to and from 802.11 (802.11-2020 Annex M,
//! IEEE 802.1H) lives in the data path; this module only frames the octets.
//!
//! Contract: [`EthernetFrame::check_len`] asks for the 14-octet header; after it succeeds no
//! accessor panics. [`EthernetRepr`] covers the header only, as smoltcp's does: the payload is
//! the caller's to copy behind it, and VLAN tags (EtherType 0x8100) are not unwrapped.

use super::addr::MacAddr;
use super::bytes::{be16, put_be16};
use super::macros::open_enum;
use super::{Error, ErrorKind, Result};
use core::fmt;

open_enum! {
    /// EtherType (IEEE Registration Authority), or an 802.3 length when below 0x0600.
    pub enum EtherType(u16) {
        /// Internet Protocol version 4.
        Ipv4 = 0x0800 => "IPv4",
        /// Address Resolution Protocol.
        Arp = 0x0806 => "ARP",
        /// Wake-on-LAN magic packet.
        WakeOnLan = 0x0842 => "Wake-on-LAN",
        /// Reverse ARP.
        Rarp = 0x8035 => "RARP",
        /// AppleTalk (EtherTalk).
        AppleTalk = 0x809b => "AppleTalk",
        /// AppleTalk Address Resolution Protocol (in the IEEE 802.1H translation table).
        Aarp = 0x80f3 => "AARP",
        /// IEEE 802.1Q VLAN tag.
        Vlan = 0x8100 => "802.1Q VLAN",
        /// Novell IPX (in the IEEE 802.1H translation table).
        Ipx = 0x8137 => "IPX",
        /// Internet Protocol version 6.
        Ipv6 = 0x86dd => "IPv6",
        /// IEEE 802.3 slow protocols (LACP).
        SlowProtocols = 0x8809 => "Slow protocols",
        /// MPLS unicast.
        Mpls = 0x8847 => "MPLS",
        /// PPPoE discovery stage.
        PppoeDiscovery = 0x8863 => "PPPoE discovery",
        /// PPPoE session stage.
        PppoeSession = 0x8864 => "PPPoE session",
        /// IEEE 802.1X port access entity (EAPOL).
        Eapol = 0x888e => "EAPOL",
        /// IEEE 802.1ad provider bridging (Q-in-Q).
        QinQ = 0x88a8 => "802.1ad Q-in-Q",
        /// WAPI Authentication Infrastructure (GB 15629.11).
        Wai = 0x88b4 => "WAI",
        /// RSN pre-authentication (802.11-2020 12.6.10.2).
        Preauth = 0x88c7 => "RSN pre-authentication",
        /// Link Layer Discovery Protocol.
        Lldp = 0x88cc => "LLDP",
        /// IEEE 802.1AE MAC security.
        Macsec = 0x88e5 => "MACsec",
        /// Precision Time Protocol.
        Ptp = 0x88f7 => "PTP",
        /// IEEE 802.11 data encapsulation (802.11-2020 Annex R): TDLS and FT remote requests.
        Tdls = 0x890d => "IEEE 802.11 encapsulation (TDLS)",
    }
}

impl EtherType {
    /// Lowest value that is an EtherType rather than an 802.3 length (IEEE 802.3 3.2.6).
    pub const MIN_ETHERTYPE: u16 = 0x0600;
    /// Largest value that is an 802.3 length.
    pub const MAX_LENGTH: u16 = 1500;

    /// True when the field is an IEEE 802.3 length (≤ 1500): an LLC header follows.
    #[inline]
    pub fn is_length(self) -> bool {
        self.value() <= Self::MAX_LENGTH
    }

    /// True when the field is an Ethernet II protocol identifier (≥ 0x0600).
    #[inline]
    pub fn is_ethertype(self) -> bool {
        self.value() >= Self::MIN_ETHERTYPE
    }
}

mod field {
    use core::ops::Range;
    pub const DST: Range<usize> = 0..6;
    pub const SRC: Range<usize> = 6..12;
    pub const ETHERTYPE: Range<usize> = 12..14;
    pub const PAYLOAD: usize = 14;
}

/// Length of the Ethernet header (no VLAN tag, no FCS).
pub const HEADER_LEN: usize = field::PAYLOAD;

/// A read/write view of an Ethernet II or 802.3 frame without FCS.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EthernetFrame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> EthernetFrame<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> EthernetFrame<T> {
        EthernetFrame { buffer }
    }

    /// Wraps a buffer and checks that the header is present.
    pub fn new_checked(buffer: T) -> Result<EthernetFrame<T>> {
        let f = Self::new_unchecked(buffer);
        f.check_len()?;
        Ok(f)
    }

    /// Checks that the 14-octet header is present.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "Ethernet header"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Destination address.
    #[inline]
    pub fn dst(&self) -> MacAddr {
        MacAddr::from_bytes(&self.buffer.as_ref()[field::DST])
    }

    /// Source address.
    #[inline]
    pub fn src(&self) -> MacAddr {
        MacAddr::from_bytes(&self.buffer.as_ref()[field::SRC])
    }

    /// EtherType, or an 802.3 length (see [`EtherType::is_length`]).
    #[inline]
    pub fn ethertype(&self) -> EtherType {
        EtherType::from(be16(&self.buffer.as_ref()[field::ETHERTYPE]))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EthernetFrame<&'a T> {
    /// Everything after the header. For an 802.3 frame this may include padding beyond the
    /// length field; [`Self::llc_payload`] trims it.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[field::PAYLOAD..]
    }

    /// For an 802.3 frame, the LLC payload its length field names (minimum-size padding
    /// removed); `None` for Ethernet II or when the length runs past the buffer.
    pub fn llc_payload(&self) -> Option<&'a [u8]> {
        let et = self.ethertype();
        if !et.is_length() {
            return None;
        }
        self.payload().get(..usize::from(et.value()))
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EthernetFrame<T> {
    /// Sets the destination address.
    #[inline]
    pub fn set_dst(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::DST].copy_from_slice(&a.0)
    }

    /// Sets the source address.
    #[inline]
    pub fn set_src(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::SRC].copy_from_slice(&a.0)
    }

    /// Sets the EtherType or length field.
    #[inline]
    pub fn set_ethertype(&mut self, t: EtherType) {
        put_be16(&mut self.buffer.as_mut()[field::ETHERTYPE], t.value())
    }

    /// Everything after the header, mutable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::PAYLOAD..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for EthernetFrame<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => write!(
                f,
                "EthernetFrame({} > {}, {:?}, {} payload bytes)",
                self.src(),
                self.dst(),
                self.ethertype(),
                self.buffer.as_ref().len() - HEADER_LEN
            ),
            Err(e) => write!(f, "EthernetFrame(<{e}>)"),
        }
    }
}

/// High-level representation of an Ethernet header.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct EthernetRepr {
    /// Destination address.
    pub dst: MacAddr,
    /// Source address.
    pub src: MacAddr,
    /// EtherType, or an 802.3 length.
    pub ethertype: EtherType,
}

impl EthernetRepr {
    /// Reads the header of a frame (checks the length first).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &EthernetFrame<&T>) -> Result<EthernetRepr> {
        frame.check_len()?;
        Ok(EthernetRepr { dst: frame.dst(), src: frame.src(), ethertype: frame.ethertype() })
    }

    /// Header length in octets (14).
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header into the start of `frame`, which must hold at least 14 octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut EthernetFrame<T>) {
        frame.set_dst(self.dst);
        frame.set_src(self.src);
        frame.set_ethertype(self.ethertype);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // An ARP request as a Linux TAP device hands it over: broadcast, Ethernet II.
    static ARP: [u8; 20] = [
        0xff, 0xff, 0xff, 0xff, 0xff, 0xff, // dst
        0x02, 0x00, 0x00, 0x00, 0x01, 0x00, // src
        0x08, 0x06, // ARP
        0x00, 0x01, 0x08, 0x00, 0x06, 0x04, // start of the ARP body
    ];

    #[test]
    fn deconstruct_ethernet_ii() {
        let f = EthernetFrame::new_checked(&ARP[..]).unwrap();
        assert_eq!(f.dst(), MacAddr::BROADCAST);
        assert_eq!(f.src(), MacAddr([2, 0, 0, 0, 1, 0]));
        assert_eq!(f.ethertype(), EtherType::Arp);
        assert!(f.ethertype().is_ethertype() && !f.ethertype().is_length());
        assert_eq!(f.payload(), &ARP[14..]);
        assert_eq!(f.llc_payload(), None);
    }

    #[test]
    fn construct_ethernet_ii() {
        let repr = EthernetRepr {
            dst: MacAddr::BROADCAST,
            src: MacAddr([2, 0, 0, 0, 1, 0]),
            ethertype: EtherType::Arp,
        };
        let mut buf = ARP;
        buf[..14].fill(0xa5);
        repr.emit(&mut EthernetFrame::new_unchecked(&mut buf[..]));
        assert_eq!(buf, ARP);
        assert_eq!(EthernetRepr::parse(&EthernetFrame::new_unchecked(&ARP[..])), Ok(repr));
    }

    #[test]
    fn deconstruct_802_3_length() {
        // 802.3 frame carrying a 3-octet LLC payload, padded to the minimum size.
        let mut buf = [0u8; 60];
        buf[12..14].copy_from_slice(&3u16.to_be_bytes());
        buf[14..17].copy_from_slice(&[0x42, 0x42, 0x03]);
        let f = EthernetFrame::new_checked(&buf[..]).unwrap();
        assert!(f.ethertype().is_length());
        assert_eq!(f.llc_payload(), Some(&[0x42u8, 0x42, 0x03][..]));
        buf[12..14].copy_from_slice(&1500u16.to_be_bytes());
        assert_eq!(EthernetFrame::new_checked(&buf[..]).unwrap().llc_payload(), None);
    }

    #[test]
    fn names_and_unknowns() {
        assert_eq!(EtherType::from(0x888e), EtherType::Eapol);
        assert_eq!(EtherType::from(0x890d), EtherType::Tdls);
        assert_eq!(EtherType::from(0x88c7), EtherType::Preauth);
        assert_eq!(EtherType::from(0x1234), EtherType::Unknown(0x1234));
        assert_eq!(format!("{:?}", EtherType::Ipv6), "Ipv6");
    }

    #[test]
    fn truncated_header_rejected() {
        let e = EthernetFrame::new_checked(&ARP[..13]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
    }

    proptest! {
        #[test]
        fn round_trip(dst: [u8; 6], src: [u8; 6], et: u16) {
            let repr = EthernetRepr { dst: MacAddr(dst), src: MacAddr(src), ethertype: et.into() };
            let mut buf = [0u8; HEADER_LEN];
            repr.emit(&mut EthernetFrame::new_unchecked(&mut buf[..]));
            let parsed = EthernetRepr::parse(&EthernetFrame::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, repr);
            let mut again = [0u8; HEADER_LEN];
            parsed.emit(&mut EthernetFrame::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let f = EthernetFrame::new_unchecked(&bytes[..]);
            if f.check_len().is_ok() {
                let _ = (f.dst(), f.src(), f.ethertype(), f.payload(), f.llc_payload());
            }
            let _ = EthernetRepr::parse(&f);
            let _ = format!("{f:?}");
        }
    }
}
