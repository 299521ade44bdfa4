//! IEEE 802.2 LLC with a SNAP header, the way 802.11 carries EtherType traffic.
//!
//! An MSDU that came from an Ethernet II frame travels over 802.11 behind eight octets:
//! DSAP `AA`, SSAP `AA`, Control `03` (unnumbered information), a three-octet OUI, and the
//! two-octet protocol identifier, which is the EtherType (big-endian). Two OUIs matter
//! (802.11-2020 Annex M, IEEE 802.1H-1997 and RFC 1042):
//!
//! - **RFC 1042** `00-00-00`: the usual encapsulation of an Ethernet II frame;
//! - **Bridge-Tunnel** `00-00-F8`: used for the EtherTypes in 802.1H's selective translation
//!   table, AppleTalk AARP (0x80F3) and Novell IPX (0x8137). Those protocols also run over
//!   genuine 802.3 + SNAP with the RFC 1042 OUI, so a bridge must keep the two apart: an RFC 1042
//!   header with one of these EtherTypes is an 802.3 frame and is passed on with its LLC
//!   header, whereas a Bridge-Tunnel header always stands for an Ethernet II frame.
//!
//! [`ethernet_ii_ethertype`] applies that rule for the 802.11 → 802.3 direction and
//! [`oui_for_ethertype`] for the other. Contract: [`LlcSnap::check_len`] asks for eight
//! octets; [`LlcSnapRepr::parse`] also insists on `AA AA 03` (other LLC headers are not SNAP
//! and are left to the caller as raw payload).

use super::bytes::{be16, put_be16};
use super::ethernet::EtherType;
use super::{Error, ErrorKind, Result};
use core::fmt;

/// The LLC SNAP SAP (DSAP and SSAP).
pub const SNAP_SAP: u8 = 0xaa;
/// LLC Control for unnumbered information.
pub const LLC_CONTROL_UI: u8 = 0x03;
/// RFC 1042 OUI (encapsulated Ethernet).
pub const RFC1042_OUI: [u8; 3] = [0x00, 0x00, 0x00];
/// IEEE 802.1H Bridge-Tunnel OUI.
pub const BRIDGE_TUNNEL_OUI: [u8; 3] = [0x00, 0x00, 0xf8];
/// The six octets before the EtherType of an RFC 1042 header.
pub const RFC1042_HEADER: [u8; 6] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00];
/// The six octets before the EtherType of a Bridge-Tunnel header.
pub const BRIDGE_TUNNEL_HEADER: [u8; 6] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0xf8];

mod field {
    use core::ops::Range;
    pub const DSAP: usize = 0;
    pub const SSAP: usize = 1;
    pub const CONTROL: usize = 2;
    pub const OUI: Range<usize> = 3..6;
    pub const PROTOCOL: Range<usize> = 6..8;
    pub const PAYLOAD: usize = 8;
}

/// Length of an LLC/SNAP header.
pub const HEADER_LEN: usize = field::PAYLOAD;

/// The two SNAP encapsulations 802.11 uses for Ethernet traffic.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum SnapEncapsulation {
    /// RFC 1042, OUI 00-00-00.
    Rfc1042,
    /// IEEE 802.1H Bridge-Tunnel, OUI 00-00-F8.
    BridgeTunnel,
}

/// The SNAP encapsulation `payload` starts with, and its EtherType; `None` when it does not
/// start with `AA AA 03` and one of the two OUIs.
pub fn snap_encapsulation(payload: &[u8]) -> Option<(SnapEncapsulation, EtherType)> {
    let (head, rest) = payload.split_first_chunk::<6>()?;
    let kind = match *head {
        RFC1042_HEADER => SnapEncapsulation::Rfc1042,
        BRIDGE_TUNNEL_HEADER => SnapEncapsulation::BridgeTunnel,
        _ => return None,
    };
    let (proto, _) = rest.split_first_chunk::<2>()?;
    Some((kind, EtherType::from(u16::from_be_bytes(*proto))))
}

/// True for the EtherTypes of IEEE 802.1H's selective translation table (AARP and IPX).
#[inline]
pub fn in_translation_table(ethertype: EtherType) -> bool {
    matches!(ethertype, EtherType::Aarp | EtherType::Ipx)
}

/// If `payload` (an MSDU) starts with a SNAP header that stands for an Ethernet II frame,
/// the EtherType; the caller then strips the eight octets and builds an Ethernet II header.
///
/// `None` means the MSDU is passed to 802.3 as it is, behind a length field: it has no SNAP
/// header, or it has an RFC 1042 header with an AARP/IPX EtherType (802.1H: the original was
/// an 802.3 SNAP frame).
pub fn ethernet_ii_ethertype(payload: &[u8]) -> Option<EtherType> {
    match snap_encapsulation(payload)? {
        (SnapEncapsulation::Rfc1042, et) if in_translation_table(et) => None,
        (_, et) => Some(et),
    }
}

/// The OUI to use when encapsulating an Ethernet II frame of this EtherType (802.1H).
#[inline]
pub fn oui_for_ethertype(ethertype: EtherType) -> [u8; 3] {
    if in_translation_table(ethertype) { BRIDGE_TUNNEL_OUI } else { RFC1042_OUI }
}

/// A read/write view of an LLC/SNAP header followed by its payload.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct LlcSnap<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> LlcSnap<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> LlcSnap<T> {
        LlcSnap { buffer }
    }

    /// Wraps a buffer and checks that the header is present.
    pub fn new_checked(buffer: T) -> Result<LlcSnap<T>> {
        let v = Self::new_unchecked(buffer);
        v.check_len()?;
        Ok(v)
    }

    /// Checks that the eight header octets are present (not that they are SNAP).
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().len() < HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "LLC/SNAP header"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Destination service access point.
    #[inline]
    pub fn dsap(&self) -> u8 {
        self.buffer.as_ref()[field::DSAP]
    }

    /// Source service access point.
    #[inline]
    pub fn ssap(&self) -> u8 {
        self.buffer.as_ref()[field::SSAP]
    }

    /// LLC Control.
    #[inline]
    pub fn control(&self) -> u8 {
        self.buffer.as_ref()[field::CONTROL]
    }

    /// True when DSAP, SSAP and Control are `AA AA 03`.
    #[inline]
    pub fn is_snap(&self) -> bool {
        self.dsap() == SNAP_SAP && self.ssap() == SNAP_SAP && self.control() == LLC_CONTROL_UI
    }

    /// The SNAP organisation code.
    #[inline]
    pub fn oui(&self) -> [u8; 3] {
        let b = &self.buffer.as_ref()[field::OUI];
        [b[0], b[1], b[2]]
    }

    /// The SNAP protocol identifier, an EtherType for the two 802.11 OUIs.
    #[inline]
    pub fn ethertype(&self) -> EtherType {
        EtherType::from(be16(&self.buffer.as_ref()[field::PROTOCOL]))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> LlcSnap<&'a T> {
    /// Everything after the eight-octet header.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        &self.buffer.as_ref()[field::PAYLOAD..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> LlcSnap<T> {
    /// Writes `AA AA 03`.
    #[inline]
    pub fn set_snap(&mut self) {
        let b = self.buffer.as_mut();
        b[field::DSAP] = SNAP_SAP;
        b[field::SSAP] = SNAP_SAP;
        b[field::CONTROL] = LLC_CONTROL_UI;
    }

    /// Sets the organisation code.
    #[inline]
    pub fn set_oui(&mut self, oui: [u8; 3]) {
        self.buffer.as_mut()[field::OUI].copy_from_slice(&oui)
    }

    /// Sets the protocol identifier.
    #[inline]
    pub fn set_ethertype(&mut self, t: EtherType) {
        put_be16(&mut self.buffer.as_mut()[field::PROTOCOL], t.value())
    }

    /// Everything after the header, mutable.
    #[inline]
    pub fn payload_mut(&mut self) -> &mut [u8] {
        &mut self.buffer.as_mut()[field::PAYLOAD..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for LlcSnap<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => {
                let o = self.oui();
                write!(
                    f,
                    "LlcSnap({:02x} {:02x} {:02x}, OUI {:02x}-{:02x}-{:02x}, {:?})",
                    self.dsap(),
                    self.ssap(),
                    self.control(),
                    o[0],
                    o[1],
                    o[2],
                    self.ethertype()
                )
            }
            Err(e) => write!(f, "LlcSnap(<{e}>)"),
        }
    }
}

/// High-level representation of an LLC/SNAP header.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct LlcSnapRepr {
    /// Organisation code ([`RFC1042_OUI`] or [`BRIDGE_TUNNEL_OUI`] for Ethernet traffic).
    pub oui: [u8; 3],
    /// Protocol identifier.
    pub ethertype: EtherType,
}

impl LlcSnapRepr {
    /// The header 802.1H prescribes for an Ethernet II frame of this EtherType.
    pub fn for_ethertype(ethertype: EtherType) -> LlcSnapRepr {
        LlcSnapRepr { oui: oui_for_ethertype(ethertype), ethertype }
    }

    /// Reads a SNAP header; `BadValue` when the LLC part is not `AA AA 03`.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(v: &LlcSnap<&T>) -> Result<LlcSnapRepr> {
        v.check_len()?;
        if !v.is_snap() {
            return Err(Error::new(ErrorKind::BadValue, "LLC header is not SNAP (AA AA 03)"));
        }
        Ok(LlcSnapRepr { oui: v.oui(), ethertype: v.ethertype() })
    }

    /// Header length in octets (8).
    pub const fn buffer_len(&self) -> usize {
        HEADER_LEN
    }

    /// Writes the header into the start of `v`, which must hold at least eight octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, v: &mut LlcSnap<T>) {
        v.set_snap();
        v.set_oui(self.oui);
        v.set_ethertype(self.ethertype);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // The LLC/SNAP header of EAPOL-Key message 1 in aircrack-ng__wpa2.eapol.cap, frame 2
    // (octets 24..32 of the MPDU), followed by the first EAPOL octets.
    static EAPOL_SNAP: [u8; 12] = [0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e, 0x01, 0x03, 0x00, 0x5f];

    #[test]
    fn deconstruct_rfc1042() {
        let v = LlcSnap::new_checked(&EAPOL_SNAP[..]).unwrap();
        assert!(v.is_snap());
        assert_eq!(v.oui(), RFC1042_OUI);
        assert_eq!(v.ethertype(), EtherType::Eapol);
        assert_eq!(v.payload(), &EAPOL_SNAP[8..]);
        assert_eq!(snap_encapsulation(&EAPOL_SNAP), Some((SnapEncapsulation::Rfc1042, EtherType::Eapol)));
        assert_eq!(ethernet_ii_ethertype(&EAPOL_SNAP), Some(EtherType::Eapol));
    }

    #[test]
    fn construct_rfc1042() {
        let mut buf = [0xa5u8; 8];
        LlcSnapRepr::for_ethertype(EtherType::Eapol).emit(&mut LlcSnap::new_unchecked(&mut buf[..]));
        assert_eq!(buf, EAPOL_SNAP[..8]);
    }

    #[test]
    fn bridge_tunnel_rules() {
        // IPX behind RFC 1042 is an 802.3 SNAP frame: not converted to Ethernet II.
        let rfc_ipx = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x81, 0x37, 0xff];
        assert_eq!(snap_encapsulation(&rfc_ipx), Some((SnapEncapsulation::Rfc1042, EtherType::Ipx)));
        assert_eq!(ethernet_ii_ethertype(&rfc_ipx), None);
        // IPX behind Bridge-Tunnel was an Ethernet II frame.
        let bt_ipx = [0xaa, 0xaa, 0x03, 0, 0, 0xf8, 0x81, 0x37];
        assert_eq!(ethernet_ii_ethertype(&bt_ipx), Some(EtherType::Ipx));
        // Bridge-Tunnel with any other EtherType is converted as well.
        let bt_ip = [0xaa, 0xaa, 0x03, 0, 0, 0xf8, 0x08, 0x00];
        assert_eq!(ethernet_ii_ethertype(&bt_ip), Some(EtherType::Ipv4));
        assert_eq!(oui_for_ethertype(EtherType::Aarp), BRIDGE_TUNNEL_OUI);
        assert_eq!(oui_for_ethertype(EtherType::Ipx), BRIDGE_TUNNEL_OUI);
        assert_eq!(oui_for_ethertype(EtherType::Ipv4), RFC1042_OUI);
        // Other OUIs, other SAPs and short payloads are not SNAP encapsulations.
        assert_eq!(snap_encapsulation(&[0xaa, 0xaa, 0x03, 0x00, 0x0f, 0xac, 0x88, 0x8e]), None);
        assert_eq!(snap_encapsulation(&[0x42, 0x42, 0x03, 0, 0, 0, 0x08, 0x00]), None);
        assert_eq!(snap_encapsulation(&EAPOL_SNAP[..7]), None);
    }

    #[test]
    fn non_snap_rejected_by_repr_only() {
        let stp = [0x42u8, 0x42, 0x03, 0, 0, 0, 0, 0];
        let v = LlcSnap::new_checked(&stp[..]).unwrap();
        assert!(!v.is_snap());
        assert_eq!(LlcSnapRepr::parse(&v).unwrap_err().kind(), ErrorKind::BadValue);
        assert_eq!(LlcSnap::new_checked(&stp[..7]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    proptest! {
        #[test]
        fn round_trip(oui: [u8; 3], et: u16) {
            let repr = LlcSnapRepr { oui, ethertype: et.into() };
            let mut buf = [0u8; HEADER_LEN];
            repr.emit(&mut LlcSnap::new_unchecked(&mut buf[..]));
            let parsed = LlcSnapRepr::parse(&LlcSnap::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, repr);
            let mut again = [0u8; HEADER_LEN];
            parsed.emit(&mut LlcSnap::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            let v = LlcSnap::new_unchecked(&bytes[..]);
            if v.check_len().is_ok() {
                let _ = (v.is_snap(), v.oui(), v.ethertype(), v.payload());
            }
            let _ = LlcSnapRepr::parse(&v);
            let _ = (snap_encapsulation(&bytes), ethernet_ii_ethertype(&bytes));
            let _ = format!("{v:?}");
        }
    }
}
