//! The AVS capture header (pcap link type 163, `DLT_IEEE802_11_RADIO_AVS`).
//!
//! Not part of IEEE 802.11: linux-wlan-ng's successor to the Prism header, also found under
//! link type 119 (recognised there by its magic). Every field is big-endian:
//!
//! ```text
//! version u32 (0x80211001 / 0x80211002) | length u32 | mactime u64 | hosttime u64 |
//! phytype u32 | channel u32 | datarate u32 (100 kb/s) | antenna u32 | priority u32 |
//! ssi_type u32 | ssi_signal i32 | ssi_noise i32 | preamble u32 | encoding u32
//! ```
//!
//! That is 64 octets; `length` is the header's real length (later versions may append
//! fields) and the 802.11 frame starts there. [`Avs::check_len`] accepts a known version with
//! `64 <= length <= buffer length`; after it, no accessor panics.

use super::bytes::{be32, be64, put_be32, put_be64};
use super::macros::open_enum;
use super::{Error, ErrorKind, Result};
use core::fmt;

mod field {
    use core::ops::Range;
    pub const VERSION: Range<usize> = 0..4;
    pub const LENGTH: Range<usize> = 4..8;
    pub const MACTIME: Range<usize> = 8..16;
    pub const HOSTTIME: Range<usize> = 16..24;
    pub const PHYTYPE: Range<usize> = 24..28;
    pub const CHANNEL: Range<usize> = 28..32;
    pub const DATARATE: Range<usize> = 32..36;
    pub const ANTENNA: Range<usize> = 36..40;
    pub const PRIORITY: Range<usize> = 40..44;
    pub const SSI_TYPE: Range<usize> = 44..48;
    pub const SSI_SIGNAL: Range<usize> = 48..52;
    pub const SSI_NOISE: Range<usize> = 52..56;
    pub const PREAMBLE: Range<usize> = 56..60;
    pub const ENCODING: Range<usize> = 60..64;
}

/// Length of the version 1 AVS header.
pub const AVS_HEADER_LEN: usize = 64;

open_enum! {
    /// AVS header versions (the first four octets, big-endian).
    pub enum AvsVersion(u32) {
        /// Version 1.
        V1 = 0x8021_1001 => "AVS v1",
        /// Version 2.
        V2 = 0x8021_1002 => "AVS v2",
    }
}

open_enum! {
    /// The PHY a frame used.
    pub enum AvsPhyType(u32) {
        /// Unknown.
        Unspecified = 0 => "unknown",
        /// FHSS 802.11 (1997).
        Fhss = 1 => "FHSS 802.11 '97",
        /// DSSS 802.11 (1997).
        Dsss = 2 => "DSSS 802.11 '97",
        /// Infrared baseband.
        IrBaseband = 3 => "IR baseband",
        /// DSSS 802.11b.
        DsssB = 4 => "DSSS 802.11b",
        /// PBCC 802.11b.
        PbccB = 5 => "PBCC 802.11b",
        /// OFDM 802.11g.
        OfdmG = 6 => "OFDM 802.11g",
        /// PBCC 802.11g.
        PbccG = 7 => "PBCC 802.11g",
        /// OFDM 802.11a.
        OfdmA = 8 => "OFDM 802.11a",
    }
}

open_enum! {
    /// What scale `ssi_signal` and `ssi_noise` use.
    pub enum AvsSsiType(u32) {
        /// No signal information.
        NoSignal = 0 => "none",
        /// Normalised RSSI (0-1000).
        NormalizedRssi = 1 => "normalized RSSI",
        /// dBm.
        Dbm = 2 => "dBm",
        /// Raw RSSI.
        RawRssi = 3 => "raw RSSI",
    }
}

open_enum! {
    /// Preamble type.
    pub enum AvsPreamble(u32) {
        /// Unknown.
        Unspecified = 0 => "unknown",
        /// Short preamble.
        Short = 1 => "short",
        /// Long preamble.
        Long = 2 => "long",
    }
}

open_enum! {
    /// Modulation / encoding.
    pub enum AvsEncoding(u32) {
        /// Unknown.
        Unspecified = 0 => "unknown",
        /// CCK.
        Cck = 1 => "CCK",
        /// PBCC.
        Pbcc = 2 => "PBCC",
        /// OFDM.
        Ofdm = 3 => "OFDM",
    }
}

/// A view of a buffer that starts with an AVS header.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Avs<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Avs<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> Avs<T> {
        Avs { buffer }
    }

    /// Wraps a buffer and checks it.
    pub fn new_checked(buffer: T) -> Result<Avs<T>> {
        let a = Self::new_unchecked(buffer);
        a.check_len()?;
        Ok(a)
    }

    /// Checks the version magic and `64 <= length <= buffer length`.
    pub fn check_len(&self) -> Result<()> {
        let b = self.buffer.as_ref();
        if b.len() < AVS_HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "AVS header"));
        }
        if matches!(self.version(), AvsVersion::Unknown(_)) {
            return Err(Error::new(ErrorKind::BadValue, "AVS version"));
        }
        let len = self.length();
        if len < AVS_HEADER_LEN as u32 {
            return Err(Error::new(ErrorKind::BadLength, "AVS length shorter than its fields"));
        }
        if len as usize > b.len() {
            return Err(Error::new(ErrorKind::Truncated, "AVS length runs past the record"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    fn u32_at(&self, r: core::ops::Range<usize>) -> u32 {
        be32(&self.buffer.as_ref()[r])
    }

    /// Version magic.
    #[inline]
    pub fn version(&self) -> AvsVersion {
        AvsVersion::from(self.u32_at(field::VERSION))
    }
    /// Header length: where the 802.11 frame starts.
    #[inline]
    pub fn length(&self) -> u32 {
        self.u32_at(field::LENGTH)
    }
    /// MAC time in microseconds.
    #[inline]
    pub fn mactime(&self) -> u64 {
        be64(&self.buffer.as_ref()[field::MACTIME])
    }
    /// Host time.
    #[inline]
    pub fn hosttime(&self) -> u64 {
        be64(&self.buffer.as_ref()[field::HOSTTIME])
    }
    /// PHY type.
    #[inline]
    pub fn phytype(&self) -> AvsPhyType {
        AvsPhyType::from(self.u32_at(field::PHYTYPE))
    }
    /// Channel number.
    #[inline]
    pub fn channel(&self) -> u32 {
        self.u32_at(field::CHANNEL)
    }
    /// Data rate in 100 kb/s units.
    #[inline]
    pub fn datarate_100kbps(&self) -> u32 {
        self.u32_at(field::DATARATE)
    }
    /// Antenna.
    #[inline]
    pub fn antenna(&self) -> u32 {
        self.u32_at(field::ANTENNA)
    }
    /// Priority.
    #[inline]
    pub fn priority(&self) -> u32 {
        self.u32_at(field::PRIORITY)
    }
    /// Scale of the signal and noise fields.
    #[inline]
    pub fn ssi_type(&self) -> AvsSsiType {
        AvsSsiType::from(self.u32_at(field::SSI_TYPE))
    }
    /// Signal, in the scale [`Self::ssi_type`] gives.
    #[inline]
    pub fn ssi_signal(&self) -> i32 {
        self.u32_at(field::SSI_SIGNAL) as i32
    }
    /// Noise, in the scale [`Self::ssi_type`] gives.
    #[inline]
    pub fn ssi_noise(&self) -> i32 {
        self.u32_at(field::SSI_NOISE) as i32
    }
    /// Preamble.
    #[inline]
    pub fn preamble(&self) -> AvsPreamble {
        AvsPreamble::from(self.u32_at(field::PREAMBLE))
    }
    /// Encoding.
    #[inline]
    pub fn encoding(&self) -> AvsEncoding {
        AvsEncoding::from(self.u32_at(field::ENCODING))
    }
    /// Signal in dBm, when the header reports dBm.
    pub fn signal_dbm(&self) -> Option<i32> {
        (self.ssi_type() == AvsSsiType::Dbm).then(|| self.ssi_signal())
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Avs<&'a T> {
    /// Everything after `length`: the 802.11 frame.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        let at = self.length() as usize;
        &self.buffer.as_ref()[at..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for Avs<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => write!(f, "{:?}", AvsRepr::read(self)),
            Err(e) => write!(f, "Avs(<{e}>)"),
        }
    }
}

/// An AVS header of 64 octets (version 1 layout; the version field is kept as read).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AvsRepr {
    /// Version magic.
    pub version: AvsVersion,
    /// MAC time in microseconds.
    pub mactime: u64,
    /// Host time.
    pub hosttime: u64,
    /// PHY type.
    pub phytype: AvsPhyType,
    /// Channel number.
    pub channel: u32,
    /// Data rate in 100 kb/s units.
    pub datarate_100kbps: u32,
    /// Antenna.
    pub antenna: u32,
    /// Priority.
    pub priority: u32,
    /// Scale of signal and noise.
    pub ssi_type: AvsSsiType,
    /// Signal.
    pub ssi_signal: i32,
    /// Noise.
    pub ssi_noise: i32,
    /// Preamble.
    pub preamble: AvsPreamble,
    /// Encoding.
    pub encoding: AvsEncoding,
}

impl AvsRepr {
    /// Reads a checked header whose `length` is 64 (longer headers carry fields this type
    /// would drop, so they are refused rather than re-emitted differently).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(a: &Avs<&T>) -> Result<AvsRepr> {
        a.check_len()?;
        if a.length() as usize != AVS_HEADER_LEN {
            return Err(Error::new(ErrorKind::Unsupported, "AVS header longer than 64 octets"));
        }
        Ok(Self::read(a))
    }

    fn read<T: AsRef<[u8]>>(a: &Avs<T>) -> AvsRepr {
        AvsRepr {
            version: a.version(),
            mactime: a.mactime(),
            hosttime: a.hosttime(),
            phytype: a.phytype(),
            channel: a.channel(),
            datarate_100kbps: a.datarate_100kbps(),
            antenna: a.antenna(),
            priority: a.priority(),
            ssi_type: a.ssi_type(),
            ssi_signal: a.ssi_signal(),
            ssi_noise: a.ssi_noise(),
            preamble: a.preamble(),
            encoding: a.encoding(),
        }
    }

    /// Header length in octets (64).
    pub fn buffer_len(&self) -> usize {
        AVS_HEADER_LEN
    }

    /// Writes the header into the first 64 octets of `a`.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, a: &mut Avs<T>) {
        let b = a.buffer.as_mut();
        put_be32(&mut b[field::VERSION], self.version.value());
        put_be32(&mut b[field::LENGTH], AVS_HEADER_LEN as u32);
        put_be64(&mut b[field::MACTIME], self.mactime);
        put_be64(&mut b[field::HOSTTIME], self.hosttime);
        put_be32(&mut b[field::PHYTYPE], self.phytype.value());
        put_be32(&mut b[field::CHANNEL], self.channel);
        put_be32(&mut b[field::DATARATE], self.datarate_100kbps);
        put_be32(&mut b[field::ANTENNA], self.antenna);
        put_be32(&mut b[field::PRIORITY], self.priority);
        put_be32(&mut b[field::SSI_TYPE], self.ssi_type.value());
        put_be32(&mut b[field::SSI_SIGNAL], self.ssi_signal as u32);
        put_be32(&mut b[field::SSI_NOISE], self.ssi_noise as u32);
        put_be32(&mut b[field::PREAMBLE], self.preamble.value());
        put_be32(&mut b[field::ENCODING], self.encoding.value());
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // A synthetic AVS v1 header (no AVS capture exists in the corpus): 802.11g OFDM on channel
    // 6 at 54 Mb/s, -42 dBm signal, -95 dBm noise, short preamble, then a frame's first octets.
    static AVS_V1: [u8; 66] = [
        0x80, 0x21, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, // version 1, length 64
        0x00, 0x00, 0x00, 0x00, 0x12, 0x34, 0x56, 0x78, // mactime
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10, 0x00, // hosttime
        0x00, 0x00, 0x00, 0x06, 0x00, 0x00, 0x00, 0x06, // phytype OFDM g, channel 6
        0x00, 0x00, 0x02, 0x1c, 0x00, 0x00, 0x00, 0x01, // datarate 540 (54 Mb/s), antenna 1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, // priority 0, ssi_type dBm
        0xff, 0xff, 0xff, 0xd6, 0xff, 0xff, 0xff, 0xa1, // signal -42, noise -95
        0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x03, // preamble short, encoding OFDM
        0x80, 0x00, // beacon frame control
    ];

    #[test]
    fn deconstruct_synthetic_v1() {
        let a = Avs::new_checked(&AVS_V1[..]).unwrap();
        assert_eq!(a.version(), AvsVersion::V1);
        assert_eq!(a.length(), 64);
        assert_eq!(a.mactime(), 0x1234_5678);
        assert_eq!(a.hosttime(), 0x1000);
        assert_eq!(a.phytype(), AvsPhyType::OfdmG);
        assert_eq!(a.channel(), 6);
        assert_eq!(a.datarate_100kbps(), 540);
        assert_eq!(a.antenna(), 1);
        assert_eq!(a.ssi_type(), AvsSsiType::Dbm);
        assert_eq!(a.signal_dbm(), Some(-42));
        assert_eq!(a.ssi_noise(), -95);
        assert_eq!(a.preamble(), AvsPreamble::Short);
        assert_eq!(a.encoding(), AvsEncoding::Ofdm);
        assert_eq!(a.payload(), &[0x80, 0x00]);
    }

    #[test]
    fn construct_synthetic_v1() {
        let repr = AvsRepr::parse(&Avs::new_unchecked(&AVS_V1[..])).unwrap();
        let mut buf = [0xa5u8; 64];
        repr.emit(&mut Avs::new_unchecked(&mut buf[..]));
        assert_eq!(buf[..], AVS_V1[..64]);
    }

    #[test]
    fn longer_header_skipped_by_length() {
        let mut v = AVS_V1[..64].to_vec();
        v[7] = 72;
        v.extend_from_slice(&[0; 8]);
        v.push(0xd4);
        let a = Avs::new_checked(&v[..]).unwrap();
        assert_eq!(a.payload(), &[0xd4]);
        assert_eq!(AvsRepr::parse(&a).unwrap_err().kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn bad_headers_rejected() {
        assert_eq!(Avs::new_checked(&AVS_V1[..63]).unwrap_err().kind(), ErrorKind::Truncated);
        let mut v = AVS_V1;
        v[3] = 3;
        assert_eq!(Avs::new_checked(&v[..]).unwrap_err().kind(), ErrorKind::BadValue);
        let mut v = AVS_V1;
        v[7] = 63;
        assert_eq!(Avs::new_checked(&v[..]).unwrap_err().kind(), ErrorKind::BadLength);
        let mut v = AVS_V1;
        v[7] = 67;
        assert_eq!(Avs::new_checked(&v[..]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    fn arb_repr() -> impl Strategy<Value = AvsRepr> {
        (
            any::<bool>(),
            (any::<u64>(), any::<u64>(), any::<u32>(), any::<u32>(), any::<u32>()),
            (any::<u32>(), any::<u32>(), any::<u32>(), any::<i32>(), any::<i32>()),
            (any::<u32>(), any::<u32>()),
        )
            .prop_map(
                |(v2, (mac, host, phy, chan, rate), (ant, prio, ssi, sig, noise), (pre, enc))| AvsRepr {
                    version: if v2 { AvsVersion::V2 } else { AvsVersion::V1 },
                    mactime: mac,
                    hosttime: host,
                    phytype: phy.into(),
                    channel: chan,
                    datarate_100kbps: rate,
                    antenna: ant,
                    priority: prio,
                    ssi_type: ssi.into(),
                    ssi_signal: sig,
                    ssi_noise: noise,
                    preamble: pre.into(),
                    encoding: enc.into(),
                },
            )
    }

    proptest! {
        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..100)) {
            if let Ok(a) = Avs::new_checked(&bytes[..]) {
                let _ = (a.payload(), a.signal_dbm(), a.phytype(), format!("{a:?}"));
                let _ = AvsRepr::parse(&a);
            }
        }

        #[test]
        fn repr_round_trip(repr in arb_repr()) {
            let mut buf = [0u8; 64];
            repr.emit(&mut Avs::new_unchecked(&mut buf[..]));
            let back = AvsRepr::parse(&Avs::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(back, repr);
            let mut again = [0u8; 64];
            back.emit(&mut Avs::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }
    }
}
