//! Control frames (802.11-2020 9.3.1).
//!
//! Control frames are a short header and at most a few fields:
//!
//! | frame | header (no FCS) | then |
//! |---|---|---|
//! | ACK, CTS | FC, Duration, RA (10 octets) | — |
//! | RTS | FC, Duration, RA, TA (16) | — |
//! | PS-Poll | FC, AID, BSSID (RA), TA (16) | — |
//! | CF-End, CF-End+CF-Ack | FC, Duration, RA, BSSID (TA) (16) | — |
//! | Block Ack Request | FC, Duration, RA, TA (16) | BAR Control, BAR Information |
//! | Block Ack | FC, Duration, RA, TA (16) | BA Control, BA Information |
//!
//! [`CtrlRepr`] works on a whole frame through [`Frame`] (so the header layout is the one
//! `header.rs` derives from Frame Control), and the Block Ack views of [`block_ack`] work on
//! [`Frame::body`], the bytes after that header. Each typed variant keeps the Frame Control flag
//! octet (`flags`: Retry, Power Management, ...) and the raw Duration/ID, so re-emission is
//! exact. A frame of a typed subtype that carries octets its layout does not have (some
//! captures append them) and every other control subtype — Trigger, NDP Announcement,
//! Beamforming Report Poll, Control Wrapper, Control Frame Extension, TACK, reserved — are kept
//! whole in [`CtrlRepr::Other`]. Parsing fails only for a frame that is not a control frame, a
//! cut header, or a Block Ack (Request) cut inside its fields.

pub mod block_ack;

pub use block_ack::{
    BaInfo, BarInfo, BlockAck, BlockAckControl, BlockAckRepr, BlockAckReq, BlockAckReqRepr, BlockAckVariant,
};

use super::header::{Frame, HeaderRepr};
use super::{CtrlSubtype, Error, ErrorKind, FrameControl, MacAddr, Result, Subtype};

/// Mask of the association ID bits in a PS-Poll's Duration/ID field.
pub const PS_POLL_AID_MASK: u16 = 0x3fff;

/// A whole control frame (without FCS).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CtrlRepr<'a> {
    /// ACK.
    Ack {
        /// Frame Control flag octet (bits 8-15 of Frame Control).
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
    },
    /// CTS.
    Cts {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
    },
    /// RTS.
    Rts {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
        /// Transmitter address.
        ta: MacAddr,
    },
    /// PS-Poll.
    PsPoll {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID as sent: the AID with bits 14-15 set; see [`CtrlRepr::aid`].
        aid_field: u16,
        /// BSSID (the receiver address).
        bssid: MacAddr,
        /// Transmitter address.
        ta: MacAddr,
    },
    /// CF-End.
    CfEnd {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
        /// BSSID (the transmitter address).
        bssid: MacAddr,
    },
    /// CF-End + CF-Ack.
    CfEndCfAck {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
        /// BSSID (the transmitter address).
        bssid: MacAddr,
    },
    /// Block Ack Request.
    BlockAckReq {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
        /// Transmitter address.
        ta: MacAddr,
        /// BAR Control and Information.
        bar: BlockAckReqRepr<'a>,
    },
    /// Block Ack.
    BlockAck {
        /// Frame Control flag octet.
        flags: u8,
        /// Duration/ID, raw.
        duration: u16,
        /// Receiver address.
        ra: MacAddr,
        /// Transmitter address.
        ta: MacAddr,
        /// BA Control and Information.
        ba: BlockAckRepr<'a>,
    },
    /// Any other control frame, or a typed one with unexpected trailing octets: header and
    /// raw body.
    Other {
        /// The MAC header.
        header: HeaderRepr,
        /// Everything after the header.
        body: &'a [u8],
    },
}

/// The flag octet of a Frame Control (To DS ... +HTC/Order).
fn flag_octet(fc: FrameControl) -> u8 {
    (fc.0 >> 8) as u8
}

fn header_only(flags: u8, st: CtrlSubtype, duration_id: u16, a1: MacAddr, a2: Option<MacAddr>) -> HeaderRepr {
    let fc = FrameControl(FrameControl::new(Subtype::Ctrl(st)).0 | (u16::from(flags) << 8));
    HeaderRepr {
        frame_control: fc,
        duration_id,
        addr1: a1,
        addr2: a2,
        addr3: None,
        seq_ctrl: None,
        addr4: None,
        qos_control: None,
        ht_control: None,
    }
}

impl<'a> CtrlRepr<'a> {
    /// Parses a control frame. Fails for other frame types, a cut header, or a cut Block Ack
    /// (Request) body.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &Frame<&'a T>) -> Result<CtrlRepr<'a>> {
        let header = HeaderRepr::parse(frame)?;
        let fc = header.frame_control;
        let Subtype::Ctrl(st) = fc.subtype() else {
            return Err(Error::new(ErrorKind::BadValue, "frame type (not control)"));
        };
        let (flags, duration, ra) = (flag_octet(fc), header.duration_id, header.addr1);
        let body = frame.body();
        let ta = header.addr2.unwrap_or_default();
        Ok(match st {
            CtrlSubtype::Ack if body.is_empty() => CtrlRepr::Ack { flags, duration, ra },
            CtrlSubtype::Cts if body.is_empty() => CtrlRepr::Cts { flags, duration, ra },
            CtrlSubtype::Rts if body.is_empty() => CtrlRepr::Rts { flags, duration, ra, ta },
            CtrlSubtype::PsPoll if body.is_empty() => {
                CtrlRepr::PsPoll { flags, aid_field: duration, bssid: ra, ta }
            }
            CtrlSubtype::CfEnd if body.is_empty() => CtrlRepr::CfEnd { flags, duration, ra, bssid: ta },
            CtrlSubtype::CfEndCfAck if body.is_empty() => {
                CtrlRepr::CfEndCfAck { flags, duration, ra, bssid: ta }
            }
            CtrlSubtype::BlockAckReq => {
                let bar = BlockAckReqRepr::parse(&BlockAckReq::new_unchecked(body))?;
                CtrlRepr::BlockAckReq { flags, duration, ra, ta, bar }
            }
            CtrlSubtype::BlockAck => {
                let ba = BlockAckRepr::parse(&BlockAck::new_unchecked(body))?;
                CtrlRepr::BlockAck { flags, duration, ra, ta, ba }
            }
            _ => CtrlRepr::Other { header, body },
        })
    }

    /// The MAC header this frame is emitted with.
    pub fn header(&self) -> HeaderRepr {
        match *self {
            CtrlRepr::Ack { flags, duration, ra } => header_only(flags, CtrlSubtype::Ack, duration, ra, None),
            CtrlRepr::Cts { flags, duration, ra } => header_only(flags, CtrlSubtype::Cts, duration, ra, None),
            CtrlRepr::Rts { flags, duration, ra, ta } => {
                header_only(flags, CtrlSubtype::Rts, duration, ra, Some(ta))
            }
            CtrlRepr::PsPoll { flags, aid_field, bssid, ta } => {
                header_only(flags, CtrlSubtype::PsPoll, aid_field, bssid, Some(ta))
            }
            CtrlRepr::CfEnd { flags, duration, ra, bssid } => {
                header_only(flags, CtrlSubtype::CfEnd, duration, ra, Some(bssid))
            }
            CtrlRepr::CfEndCfAck { flags, duration, ra, bssid } => {
                header_only(flags, CtrlSubtype::CfEndCfAck, duration, ra, Some(bssid))
            }
            CtrlRepr::BlockAckReq { flags, duration, ra, ta, .. } => {
                header_only(flags, CtrlSubtype::BlockAckReq, duration, ra, Some(ta))
            }
            CtrlRepr::BlockAck { flags, duration, ra, ta, .. } => {
                header_only(flags, CtrlSubtype::BlockAck, duration, ra, Some(ta))
            }
            CtrlRepr::Other { header, .. } => header,
        }
    }

    /// Frame Control (type and subtype from the variant, flags as stored).
    pub fn frame_control(&self) -> FrameControl {
        self.header().frame_control
    }

    /// Receiver address (Address 1; for PS-Poll the BSSID).
    pub fn ra(&self) -> MacAddr {
        self.header().addr1
    }

    /// Transmitter address (Address 2), absent in ACK and CTS.
    pub fn ta(&self) -> Option<MacAddr> {
        self.header().addr2
    }

    /// For PS-Poll: the association ID (Duration/ID with bits 14-15 cleared).
    pub fn aid(&self) -> Option<u16> {
        match self {
            CtrlRepr::PsPoll { aid_field, .. } => Some(aid_field & PS_POLL_AID_MASK),
            _ => None,
        }
    }

    fn body_len(&self) -> usize {
        match self {
            CtrlRepr::BlockAckReq { bar, .. } => bar.buffer_len(),
            CtrlRepr::BlockAck { ba, .. } => ba.buffer_len(),
            CtrlRepr::Other { body, .. } => body.len(),
            _ => 0,
        }
    }

    /// Octets `emit` writes: header plus body.
    pub fn buffer_len(&self) -> usize {
        self.header().buffer_len() + self.body_len()
    }

    /// Writes the frame into the start of `buf`, which holds at least `buffer_len()` octets.
    pub fn emit(&self, buf: &mut [u8]) {
        let header = self.header();
        let at = header.buffer_len();
        header.emit(&mut Frame::new_unchecked(&mut *buf));
        let body = &mut buf[at..];
        match self {
            CtrlRepr::BlockAckReq { bar, .. } => bar.emit(&mut BlockAckReq::new_unchecked(body)),
            CtrlRepr::BlockAck { ba, .. } => ba.emit(&mut BlockAck::new_unchecked(body)),
            CtrlRepr::Other { body: raw, .. } => body[..raw.len()].copy_from_slice(raw),
            _ => {}
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::header::SeqCtrl;
    use crate::wire::mgmt::testutil::unhex;
    use proptest::prelude::*;

    fn parse(bytes: &[u8]) -> Result<CtrlRepr<'_>> {
        CtrlRepr::parse(&Frame::new_checked(bytes)?)
    }

    fn mac(s: &str) -> MacAddr {
        s.parse().unwrap()
    }

    /// Real frames: (source, hex).
    const FRAMES: [(&str, &str); 9] = [
        ("n-02 #24 ACK", "d4000000b0b98a568dea"),
        ("n-02 #51 CTS", "c4004871e03e4404bcd0"),
        ("handshake_has_1234 #2 RTS", "b400ba00a48d3b5e13c8f4f26d9e3425"),
        ("pmkid-not-recognized #1836 PS-Poll", "a41005c08cdef9d0b4618c8590b7683a"),
        ("amsdu-inject-fromap #67 CF-End", "e4000000ffffffffffff5af7192bed5e"),
        ("n-02 #160 BAR", "84005400b0b98a568dea2cf0a2ddbcd004003000"),
        ("n-02 #161 BA", "940000002cf0a2ddbcd0b0b98a568dea04003000fcff1f0000000000"),
        ("handshake_has_1234 #25 BA", "94000000a48d3b5e13c8f4f26d9e34250500d0baffff3f0000000000"),
        (
            "pyrit virgin_broadband #645 ACK + 16 octets",
            "d4000000001fe2a0a12100223f1b2ee600223f1b2ee630210700",
        ),
    ];

    #[test]
    fn deconstruct_header_only_frames() {
        let b = unhex(FRAMES[0].1);
        assert_eq!(parse(&b).unwrap(), CtrlRepr::Ack { flags: 0, duration: 0, ra: mac("b0:b9:8a:56:8d:ea") });
        let b = unhex(FRAMES[1].1);
        let r = parse(&b).unwrap();
        assert_eq!(r, CtrlRepr::Cts { flags: 0, duration: 0x7148, ra: mac("e0:3e:44:04:bc:d0") });
        assert_eq!(r.ta(), None);
        let b = unhex(FRAMES[2].1);
        let CtrlRepr::Rts { duration, ta, .. } = parse(&b).unwrap() else { panic!() };
        assert_eq!((duration, ta), (186, mac("f4:f2:6d:9e:34:25")));
        let b = unhex(FRAMES[3].1);
        let r = parse(&b).unwrap();
        assert_eq!(r.aid(), Some(5));
        assert!(r.frame_control().pwr_mgt());
        assert_eq!(r.ra(), mac("8c:de:f9:d0:b4:61"));
        let b = unhex(FRAMES[4].1);
        let CtrlRepr::CfEnd { ra, bssid, .. } = parse(&b).unwrap() else { panic!() };
        assert_eq!((ra, bssid), (MacAddr::BROADCAST, mac("5a:f7:19:2b:ed:5e")));
    }

    #[test]
    fn deconstruct_block_ack_frames() {
        let b = unhex(FRAMES[5].1);
        let CtrlRepr::BlockAckReq { duration, bar, .. } = parse(&b).unwrap() else { panic!() };
        assert_eq!(duration, 84);
        assert_eq!(bar.info, BarInfo::Ssc(SeqCtrl::new(3, 0)));
        let b = unhex(FRAMES[7].1);
        let CtrlRepr::BlockAck { ba, .. } = parse(&b).unwrap() else { panic!() };
        assert!(ba.control.ack_policy());
        let BaInfo::Bitmap { ssc, .. } = ba.info else { panic!() };
        assert_eq!(ssc.sequence(), 0xbad);
        assert_eq!(ba.is_acked(0xbad + 21), Some(true));
        assert_eq!(ba.is_acked(0xbad + 22), Some(false));
    }

    #[test]
    fn trailing_octets_and_other_subtypes_kept_raw() {
        let b = unhex(FRAMES[8].1);
        let CtrlRepr::Other { header, body } = parse(&b).unwrap() else { panic!() };
        assert_eq!(header.frame_control.subtype(), Subtype::Ctrl(CtrlSubtype::Ack));
        assert_eq!(body.len(), 16);
        // A Trigger frame (subtype 2) with a Common Info field.
        let trigger = unhex("24000000ffffffffffff0200000000010102030405060708");
        let CtrlRepr::Other { body, .. } = parse(&trigger).unwrap() else { panic!() };
        assert_eq!(body.len(), 8);
    }

    #[test]
    fn construct_byte_exact() {
        for (name, hex) in FRAMES {
            let b = unhex(hex);
            let r = parse(&b).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut out);
            assert_eq!(out, b, "{name}");
        }
        // Building an ACK from scratch.
        let ack = CtrlRepr::Ack { flags: 0, duration: 0, ra: mac("b0:b9:8a:56:8d:ea") };
        let mut out = [0u8; 10];
        ack.emit(&mut out);
        assert_eq!(out[..], unhex(FRAMES[0].1)[..]);
    }

    #[test]
    fn errors() {
        let beacon = unhex("80000000ffffffffffff00146c7e408000146c7e408020cf");
        assert_eq!(parse(&beacon).unwrap_err().kind(), ErrorKind::BadValue);
        let rts = unhex(FRAMES[2].1);
        assert_eq!(parse(&rts[..15]).unwrap_err().kind(), ErrorKind::Truncated);
        let bar = unhex(FRAMES[5].1);
        assert_eq!(parse(&bar[..18]).unwrap_err().kind(), ErrorKind::Truncated);
        let ba = unhex(FRAMES[6].1);
        assert_eq!(parse(&ba[..27]).unwrap_err().kind(), ErrorKind::Truncated);
    }

    fn arb_repr<'a>(kind: u8, flags: u8, dur: u16, a: [u8; 6], b: [u8; 6], raw: &'a [u8]) -> CtrlRepr<'a> {
        let (ra, ta) = (MacAddr(a), MacAddr(b));
        match kind {
            0 => CtrlRepr::Ack { flags, duration: dur, ra },
            1 => CtrlRepr::Cts { flags, duration: dur, ra },
            2 => CtrlRepr::Rts { flags, duration: dur, ra, ta },
            3 => CtrlRepr::PsPoll { flags, aid_field: dur, bssid: ra, ta },
            4 => CtrlRepr::CfEnd { flags, duration: dur, ra, bssid: ta },
            5 => CtrlRepr::CfEndCfAck { flags, duration: dur, ra, bssid: ta },
            6 => CtrlRepr::BlockAckReq {
                flags,
                duration: dur,
                ra,
                ta,
                bar: BlockAckReqRepr {
                    control: BlockAckControl::new(BlockAckVariant::Compressed, dur as u8, false),
                    info: BarInfo::Ssc(SeqCtrl(dur)),
                },
            },
            7 => CtrlRepr::BlockAck {
                flags,
                duration: dur,
                ra,
                ta,
                ba: BlockAckRepr { control: BlockAckControl(0x0016), info: BaInfo::Raw(raw) },
            },
            _ => {
                // NDP Announcement: a control subtype kept raw.
                let mut header = CtrlRepr::Rts { flags, duration: dur, ra, ta }.header();
                header.frame_control = FrameControl(0x0054 | (u16::from(flags) << 8));
                CtrlRepr::Other { header, body: raw }
            }
        }
    }

    proptest! {
        #[test]
        fn round_trip(kind in 0u8..9, flags: u8, dur: u16, a: [u8; 6], b: [u8; 6],
                      raw in proptest::collection::vec(any::<u8>(), 0..12)) {
            let r = arb_repr(kind, flags, dur, a, b, &raw);
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut buf);
            prop_assert_eq!(parse(&buf).unwrap(), r);
        }

        #[test]
        fn never_panics(st in 0u8..16, flags: u8, bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let mut bytes = bytes;
            if bytes.len() >= 2 {
                bytes[0] = (st << 4) | 0x04;
                bytes[1] = flags;
            }
            if let Ok(r) = parse(&bytes) {
                let _ = (r.aid(), r.ra(), r.ta(), r.frame_control());
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut out);
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
