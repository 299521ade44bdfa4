//! EAPOL (IEEE 802.1X-2020 clause 11) and the 802.11 EAPOL-Key frame (802.11-2020 12.7.2).
//!
//! Over 802.11, EAPOL travels in data frames behind an LLC/SNAP header with EtherType 0x888E.
//! Every EAPOL PDU starts with a four-octet header: protocol version, packet type, and the
//! length of the body that follows (big-endian). This module reads and writes that header
//! ([`EapolFrame`], [`EapolRepr`]); [`key`] decodes the EAPOL-Key body that carries the 4-way
//! and group key handshakes, and [`kde`] walks the Key Data field of such a frame.
//!
//! Contract: [`EapolFrame::check_len`] asks for the header *and* for the whole body its length
//! field announces; after it succeeds no accessor panics. Octets after the body are not part of
//! the PDU (on a wired port they are 802.3 minimum-size padding; hostapd and wpa_supplicant
//! ignore them too): the view shows them as [`EapolFrame::trailer`], and the Reprs describe
//! the PDU alone, so re-emission is byte-exact over `pdu_len()` octets.

pub mod kde;
pub mod key;

pub use kde::{GtkKde, IgtkKde, Kde, KdeType, KeyDataItem, KeyDataIter, KeyDataWriter};
pub use key::{
    EapolKeyFrame, EapolKeyRepr, KeyDescriptorType, KeyDescriptorVersion, KeyInfo, KeyMessageKind,
};

use super::bytes::{be16, put_be16};
use super::macros::open_enum;
use super::{Error, ErrorKind, Result};
use core::fmt;

open_enum! {
    /// EAPOL packet type (IEEE 802.1X-2020 Table 11-3).
    pub enum EapolType(u8) {
        /// EAPOL-EAP: an EAP packet.
        EapPacket = 0 => "EAP-Packet",
        /// EAPOL-Start.
        Start = 1 => "EAPOL-Start",
        /// EAPOL-Logoff.
        Logoff = 2 => "EAPOL-Logoff",
        /// EAPOL-Key.
        Key = 3 => "EAPOL-Key",
        /// EAPOL-Encapsulated-ASF-Alert.
        AsfAlert = 4 => "EAPOL-Encapsulated-ASF-Alert",
        /// EAPOL-MKA (MACsec Key Agreement).
        Mka = 5 => "EAPOL-MKA",
        /// EAPOL-Announcement (Generic).
        AnnouncementGeneric = 6 => "EAPOL-Announcement (Generic)",
        /// EAPOL-Announcement (Specific).
        AnnouncementSpecific = 7 => "EAPOL-Announcement (Specific)",
        /// EAPOL-Announcement-Req.
        AnnouncementReq = 8 => "EAPOL-Announcement-Req",
    }
}

/// EAPOL protocol version of IEEE 802.1X-2001.
pub const VERSION_2001: u8 = 1;
/// EAPOL protocol version of IEEE 802.1X-2004.
pub const VERSION_2004: u8 = 2;
/// EAPOL protocol version of IEEE 802.1X-2010 and later.
pub const VERSION_2010: u8 = 3;

mod field {
    use core::ops::Range;
    pub const VERSION: usize = 0;
    pub const PACKET_TYPE: usize = 1;
    pub const BODY_LEN: Range<usize> = 2..4;
    pub const BODY: usize = 4;
}

/// Length of the EAPOL header.
pub const HEADER_LEN: usize = field::BODY;

/// A read/write view of an EAPOL PDU (header and body), possibly followed by padding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EapolFrame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> EapolFrame<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> EapolFrame<T> {
        EapolFrame { buffer }
    }

    /// Wraps a buffer and checks header and body lengths.
    pub fn new_checked(buffer: T) -> Result<EapolFrame<T>> {
        let f = Self::new_unchecked(buffer);
        f.check_len()?;
        Ok(f)
    }

    /// Checks that the header and the whole announced body are present.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "EAPOL header"));
        }
        if len < self.pdu_len() {
            return Err(Error::new(ErrorKind::Truncated, "EAPOL body"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Protocol version.
    #[inline]
    pub fn version(&self) -> u8 {
        self.buffer.as_ref()[field::VERSION]
    }

    /// Packet type.
    #[inline]
    pub fn packet_type(&self) -> EapolType {
        EapolType::from(self.buffer.as_ref()[field::PACKET_TYPE])
    }

    /// Packet Body Length field.
    #[inline]
    pub fn body_len(&self) -> u16 {
        be16(&self.buffer.as_ref()[field::BODY_LEN])
    }

    /// Length of the PDU: header plus announced body.
    #[inline]
    pub fn pdu_len(&self) -> usize {
        HEADER_LEN + usize::from(self.body_len())
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EapolFrame<&'a T> {
    /// The packet body, exactly as long as the length field says.
    #[inline]
    pub fn body(&self) -> &'a [u8] {
        &self.buffer.as_ref()[field::BODY..self.pdu_len()]
    }

    /// The PDU: header and body.
    #[inline]
    pub fn pdu(&self) -> &'a [u8] {
        &self.buffer.as_ref()[..self.pdu_len()]
    }

    /// Octets after the PDU (padding added by a lower layer).
    #[inline]
    pub fn trailer(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.pdu_len()..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EapolFrame<T> {
    /// Sets the protocol version.
    #[inline]
    pub fn set_version(&mut self, v: u8) {
        self.buffer.as_mut()[field::VERSION] = v
    }

    /// Sets the packet type.
    #[inline]
    pub fn set_packet_type(&mut self, t: EapolType) {
        self.buffer.as_mut()[field::PACKET_TYPE] = t.value()
    }

    /// Sets the Packet Body Length field.
    #[inline]
    pub fn set_body_len(&mut self, len: u16) {
        put_be16(&mut self.buffer.as_mut()[field::BODY_LEN], len)
    }

    /// The packet body, mutable (as long as the length field says).
    #[inline]
    pub fn body_mut(&mut self) -> &mut [u8] {
        let end = self.pdu_len();
        &mut self.buffer.as_mut()[field::BODY..end]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for EapolFrame<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => write!(
                f,
                "EapolFrame(v{}, {:?}, {} body bytes)",
                self.version(),
                self.packet_type(),
                self.body_len()
            ),
            Err(e) => write!(f, "EapolFrame(<{e}>)"),
        }
    }
}

/// High-level representation of an EAPOL PDU with an opaque body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EapolRepr<'a> {
    /// Protocol version.
    pub version: u8,
    /// Packet type.
    pub packet_type: EapolType,
    /// The body (at most 65535 octets).
    pub body: &'a [u8],
}

impl<'a> EapolRepr<'a> {
    /// Reads the PDU; octets after it are ignored (see the module contract).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &EapolFrame<&'a T>) -> Result<EapolRepr<'a>> {
        frame.check_len()?;
        Ok(EapolRepr { version: frame.version(), packet_type: frame.packet_type(), body: frame.body() })
    }

    /// Octets [`Self::emit`] writes: header and body.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + self.body.len()
    }

    /// Writes the PDU into `frame`, which must hold `buffer_len()` octets; the body must not
    /// exceed 65535 octets (its length would not fit the field).
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut EapolFrame<T>) {
        frame.set_version(self.version);
        frame.set_packet_type(self.packet_type);
        frame.set_body_len(self.body.len() as u16);
        frame.body_mut().copy_from_slice(self.body);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // aircrack-ng__wpa2.eapol.cap frame 2, the EAPOL header after LLC/SNAP: v1, Key, 95 octets.
    static KEY_HEADER: [u8; 4] = [0x01, 0x03, 0x00, 0x5f];

    #[test]
    fn deconstruct_start_with_ethernet_padding() {
        // EAPOL-Start as a wired supplicant sends it: empty body, padded to 46 octets.
        let mut buf = [0u8; 46];
        buf[..4].copy_from_slice(&[0x02, 0x01, 0x00, 0x00]);
        let f = EapolFrame::new_checked(&buf[..]).unwrap();
        assert_eq!(f.version(), VERSION_2004);
        assert_eq!(f.packet_type(), EapolType::Start);
        assert!(f.body().is_empty());
        assert_eq!(f.pdu(), &buf[..4]);
        assert_eq!(f.trailer().len(), 42);
        let r = EapolRepr::parse(&f).unwrap();
        let mut out = [0xa5u8; 4];
        r.emit(&mut EapolFrame::new_unchecked(&mut out[..]));
        assert_eq!(out, buf[..4]);
    }

    #[test]
    fn deconstruct_key_header() {
        let mut buf = KEY_HEADER.to_vec();
        buf.resize(4 + 95, 0);
        let f = EapolFrame::new_checked(&buf[..]).unwrap();
        assert_eq!(f.packet_type(), EapolType::Key);
        assert_eq!(f.body_len(), 95);
        assert_eq!(f.pdu_len(), 99);
        assert_eq!(format!("{f:?}"), "EapolFrame(v1, Key, 95 body bytes)");
    }

    #[test]
    fn construct_key_header() {
        let body = [0u8; 95];
        let r = EapolRepr { version: VERSION_2001, packet_type: EapolType::Key, body: &body };
        let mut out = vec![0xa5; r.buffer_len()];
        r.emit(&mut EapolFrame::new_unchecked(&mut out[..]));
        assert_eq!(out[..4], KEY_HEADER);
    }

    #[test]
    fn truncated_body_rejected() {
        assert_eq!(EapolFrame::new_checked(&KEY_HEADER[..3]).unwrap_err().kind(), ErrorKind::Truncated);
        let e = EapolFrame::new_checked(&KEY_HEADER[..]).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::Truncated, "EAPOL body"));
    }

    proptest! {
        #[test]
        fn round_trip(version: u8, ty: u8, body in proptest::collection::vec(any::<u8>(), 0..64)) {
            let r = EapolRepr { version, packet_type: ty.into(), body: &body };
            let mut buf = vec![0u8; r.buffer_len()];
            r.emit(&mut EapolFrame::new_unchecked(&mut buf[..]));
            let parsed = EapolRepr::parse(&EapolFrame::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, r);
            let mut again = vec![0u8; parsed.buffer_len()];
            parsed.emit(&mut EapolFrame::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..48)) {
            let f = EapolFrame::new_unchecked(&bytes[..]);
            if f.check_len().is_ok() {
                let _ = (f.version(), f.packet_type(), f.body(), f.pdu(), f.trailer());
            }
            if let Ok(r) = EapolRepr::parse(&f) {
                let mut out = vec![0u8; r.buffer_len()];
                r.emit(&mut EapolFrame::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out[..], &bytes[..out.len()]);
            }
            let _ = format!("{f:?}");
        }
    }
}
