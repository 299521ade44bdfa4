//! The MAC header (802.11-2020 9.2.3, 9.3) and its To/From DS address mapping.
//!
//! [`Frame`] is a zero-copy view over a whole MPDU without FCS: header, then body. Which fields
//! the header holds is decided by Frame Control alone:
//!
//! | frame kind | fields after FC + Duration/ID |
//! |---|---|
//! | management | A1 A2 A3 SeqCtl [HTC if Order] |
//! | data | A1 A2 A3 SeqCtl [A4 if To DS and From DS] [QoS if QoS subtype] [HTC if QoS and Order] |
//! | ACK, CTS, Control Wrapper, Control Frame Extension | A1 |
//! | other control (RTS, PS-Poll, CF-End, BAR, BA, NDPA, Trigger, ...) | A1 A2 |
//! | extension (DMG/S1G beacon) | A1 |
//!
//! The meaning of A1..A4 for data frames follows 802.11-2020 Table 9-30 and is exposed by
//! [`Frame::addresses`]. Contract: after [`Frame::check_len`] succeeds, no accessor panics;
//! optional fields return `None` exactly when Frame Control says they are absent. A frame whose
//! protocol version is not 0 is rejected with [`ErrorKind::Unsupported`], because its header
//! layout is different (S1G PV1) and nothing after Frame Control can be trusted.

use super::addr::MacAddr;
use super::bytes::{le16, le32, put_le16, put_le32};
use super::fc::{CtrlSubtype, FrameControl, FrameType};
use super::{Error, ErrorKind, Result};
use core::fmt;
use core::ops::Range;

mod field {
    use core::ops::Range;
    pub const FRAME_CONTROL: Range<usize> = 0..2;
    pub const DURATION_ID: Range<usize> = 2..4;
    pub const ADDR1: Range<usize> = 4..10;
    pub const ADDR2: Range<usize> = 10..16;
    pub const ADDR3: Range<usize> = 16..22;
    pub const SEQ_CTRL: Range<usize> = 22..24;
    pub const ADDR4: Range<usize> = 24..30;
}

/// Which optional fields a header carries, derived from Frame Control.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct HeaderLayout {
    /// Address 2 (TA/SA) is present.
    pub addr2: bool,
    /// Address 3 and Sequence Control are present.
    pub addr3_seq: bool,
    /// Address 4 is present (data, To DS and From DS).
    pub addr4: bool,
    /// QoS Control is present (QoS data subtypes).
    pub qos: bool,
    /// HT Control is present.
    pub htc: bool,
}

impl HeaderLayout {
    /// The layout Frame Control implies (protocol version is not looked at).
    #[inline]
    pub fn of(fc: FrameControl) -> HeaderLayout {
        let none = HeaderLayout { addr2: false, addr3_seq: false, addr4: false, qos: false, htc: false };
        match fc.frame_type() {
            FrameType::Management => HeaderLayout { addr2: true, addr3_seq: true, htc: fc.order(), ..none },
            FrameType::Data => {
                let qos = fc.is_qos_data();
                HeaderLayout {
                    addr2: true,
                    addr3_seq: true,
                    addr4: fc.to_ds() && fc.from_ds(),
                    qos,
                    htc: qos && fc.order(),
                }
            }
            FrameType::Control => HeaderLayout { addr2: ctrl_has_ta(fc), ..none },
            FrameType::Extension => none,
        }
    }

    /// Header length in octets.
    #[inline]
    pub fn len(&self) -> usize {
        let mut n = 10;
        if self.addr2 {
            n += 6;
        }
        if self.addr3_seq {
            n += 8;
        }
        if self.addr4 {
            n += 6;
        }
        if self.qos {
            n += 2;
        }
        if self.htc {
            n += 4;
        }
        n
    }

    /// A header always has at least Frame Control, Duration/ID and Address 1.
    pub fn is_empty(&self) -> bool {
        false
    }

    #[inline]
    fn qos_range(&self) -> Range<usize> {
        let at = if self.addr4 { 30 } else { 24 };
        at..at + 2
    }

    #[inline]
    fn htc_range(&self) -> Range<usize> {
        let at = self.len() - 4;
        at..at + 4
    }
}

/// Control subtypes whose header carries a transmitter address (802.11-2020 9.3.1).
#[inline]
fn ctrl_has_ta(fc: FrameControl) -> bool {
    !matches!(
        CtrlSubtype::from(fc.subtype_bits()),
        CtrlSubtype::Ack
            | CtrlSubtype::Cts
            | CtrlSubtype::ControlWrapper
            | CtrlSubtype::ControlFrameExtension
            | CtrlSubtype::Unknown(_)
    )
}

/// Sequence Control (802.11-2020 9.2.4.4): fragment number in bits 0-3, sequence number in 4-15.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct SeqCtrl(pub u16);

impl SeqCtrl {
    /// Builds from a 12-bit sequence number and a 4-bit fragment number (both masked).
    #[inline]
    pub fn new(sequence: u16, fragment: u8) -> SeqCtrl {
        SeqCtrl(((sequence & 0x0fff) << 4) | u16::from(fragment & 0xf))
    }
    /// The 12-bit sequence number.
    #[inline]
    pub fn sequence(self) -> u16 {
        self.0 >> 4
    }
    /// The 4-bit fragment number.
    #[inline]
    pub fn fragment(self) -> u8 {
        (self.0 & 0xf) as u8
    }
}

impl fmt::Debug for SeqCtrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "SeqCtrl(seq={}, frag={})", self.sequence(), self.fragment())
    }
}

/// Ack Policy subfield of QoS Control (802.11-2020 Table 9-11).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum AckPolicy {
    /// Normal Ack or implicit Block Ack request.
    Normal,
    /// No Ack.
    NoAck,
    /// No explicit acknowledgment, or PSMP Ack.
    NoExplicit,
    /// Block Ack.
    BlockAck,
}

/// QoS Control (802.11-2020 9.2.4.5).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct QosControl(pub u16);

impl QosControl {
    /// A QoS Control with the given TID and everything else zero (normal ack).
    #[inline]
    pub fn with_tid(tid: u8) -> QosControl {
        QosControl(u16::from(tid & 0xf))
    }
    /// Traffic identifier, bits 0-3.
    #[inline]
    pub fn tid(self) -> u8 {
        (self.0 & 0xf) as u8
    }
    /// End Of Service Period, bit 4.
    #[inline]
    pub fn eosp(self) -> bool {
        self.0 & 0x10 != 0
    }
    /// Ack Policy, bits 5-6.
    #[inline]
    pub fn ack_policy(self) -> AckPolicy {
        match (self.0 >> 5) & 3 {
            0 => AckPolicy::Normal,
            1 => AckPolicy::NoAck,
            2 => AckPolicy::NoExplicit,
            _ => AckPolicy::BlockAck,
        }
    }
    /// A-MSDU Present, bit 7.
    #[inline]
    pub fn amsdu_present(self) -> bool {
        self.0 & 0x80 != 0
    }
    /// Bits 8-15: TXOP limit, queue size, or mesh control bits depending on sender and subtype.
    #[inline]
    pub fn high_byte(self) -> u8 {
        (self.0 >> 8) as u8
    }
    /// Returns a copy with the A-MSDU Present bit set or cleared.
    #[inline]
    #[must_use]
    pub fn with_amsdu(self, on: bool) -> QosControl {
        if on { QosControl(self.0 | 0x80) } else { QosControl(self.0 & !0x80) }
    }
    /// Returns a copy with the given ack policy.
    #[inline]
    #[must_use]
    pub fn with_ack_policy(self, p: AckPolicy) -> QosControl {
        let bits = match p {
            AckPolicy::Normal => 0,
            AckPolicy::NoAck => 1,
            AckPolicy::NoExplicit => 2,
            AckPolicy::BlockAck => 3,
        };
        QosControl((self.0 & !0x60) | (bits << 5))
    }
}

impl fmt::Debug for QosControl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "QosControl(tid={}, eosp={}, ack={:?}, amsdu={})",
            self.tid(),
            self.eosp(),
            self.ack_policy(),
            self.amsdu_present()
        )
    }
}

/// Which variant an HT Control field is (802.11-2020 9.2.4.6, 802.11ax 9.2.4.6.1).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum HtControlVariant {
    /// HT variant (bit 0 = 0).
    Ht,
    /// VHT variant (bits 0-1 = 1, 0).
    Vht,
    /// HE variant carrying an A-Control field (bits 0-1 = 1, 1).
    He,
}

/// HT Control field, 4 octets.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default, Debug)]
pub struct HtControl(pub u32);

impl HtControl {
    /// The variant selected by bits 0-1.
    #[inline]
    pub fn variant(self) -> HtControlVariant {
        match self.0 & 3 {
            0 | 2 => HtControlVariant::Ht,
            1 => HtControlVariant::Vht,
            _ => HtControlVariant::He,
        }
    }
}

/// Addresses of a frame by role (802.11-2020 Table 9-30), for data frames per To/From DS.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DsAddresses {
    /// Receiver address (always Address 1).
    pub ra: MacAddr,
    /// Transmitter address (Address 2), absent in ACK/CTS.
    pub ta: Option<MacAddr>,
    /// Final destination, when the header names it (not for A-MSDU data).
    pub da: Option<MacAddr>,
    /// Original source, when the header names it (not for A-MSDU data).
    pub sa: Option<MacAddr>,
    /// BSSID, when the header names it (not in 4-address non-A-MSDU data).
    pub bssid: Option<MacAddr>,
}

/// A read/write view of an 802.11 MPDU (header and body, no FCS).
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct Frame<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Frame<T> {
    /// Wraps a buffer without checking it; accessors may panic until [`Self::check_len`] passes.
    pub const fn new_unchecked(buffer: T) -> Frame<T> {
        Frame { buffer }
    }

    /// Wraps a buffer and checks that the whole header is present.
    pub fn new_checked(buffer: T) -> Result<Frame<T>> {
        let frame = Self::new_unchecked(buffer);
        frame.check_len()?;
        Ok(frame)
    }

    /// Checks protocol version 0 and that the header Frame Control describes fits the buffer.
    #[inline]
    pub fn check_len(&self) -> Result<()> {
        self.checked_layout().map(drop)
    }

    /// [`Self::check_len`], returning the layout it checked so that callers need not derive
    /// it from Frame Control again.
    #[inline]
    pub(crate) fn checked_layout(&self) -> Result<HeaderLayout> {
        let b = self.buffer.as_ref();
        let Some(&fc) = b.first_chunk::<2>() else {
            return Err(Error::new(ErrorKind::Truncated, "frame control"));
        };
        let fc = FrameControl(u16::from_le_bytes(fc));
        if fc.protocol_version() != 0 {
            return Err(Error::new(ErrorKind::Unsupported, "protocol version"));
        }
        let layout = HeaderLayout::of(fc);
        if b.len() < layout.len() {
            return Err(Error::new(ErrorKind::Truncated, "MAC header"));
        }
        Ok(layout)
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Frame Control.
    #[inline]
    pub fn frame_control(&self) -> FrameControl {
        FrameControl(le16(&self.buffer.as_ref()[field::FRAME_CONTROL]))
    }

    /// The layout this frame's Frame Control implies.
    #[inline]
    pub fn layout(&self) -> HeaderLayout {
        HeaderLayout::of(self.frame_control())
    }

    /// Header length in octets.
    #[inline]
    pub fn header_len(&self) -> usize {
        self.layout().len()
    }

    /// Raw Duration/ID.
    #[inline]
    pub fn duration_id(&self) -> u16 {
        le16(&self.buffer.as_ref()[field::DURATION_ID])
    }

    /// Duration in microseconds, or `None` when bit 15 is set (an AID or reserved value).
    #[inline]
    pub fn duration_us(&self) -> Option<u16> {
        let d = self.duration_id();
        (d & 0x8000 == 0).then_some(d)
    }

    /// Address 1 (receiver address).
    #[inline]
    pub fn addr1(&self) -> MacAddr {
        MacAddr::from_bytes(&self.buffer.as_ref()[field::ADDR1])
    }

    /// Address 2 (transmitter address), absent in ACK, CTS and extension frames.
    #[inline]
    pub fn addr2(&self) -> Option<MacAddr> {
        self.layout().addr2.then(|| MacAddr::from_bytes(&self.buffer.as_ref()[field::ADDR2]))
    }

    /// Address 3, present in management and data frames.
    #[inline]
    pub fn addr3(&self) -> Option<MacAddr> {
        self.layout().addr3_seq.then(|| MacAddr::from_bytes(&self.buffer.as_ref()[field::ADDR3]))
    }

    /// Sequence Control, present in management and data frames.
    #[inline]
    pub fn seq_ctrl(&self) -> Option<SeqCtrl> {
        self.layout().addr3_seq.then(|| SeqCtrl(le16(&self.buffer.as_ref()[field::SEQ_CTRL])))
    }

    /// Address 4, present in data frames with both To DS and From DS.
    #[inline]
    pub fn addr4(&self) -> Option<MacAddr> {
        self.layout().addr4.then(|| MacAddr::from_bytes(&self.buffer.as_ref()[field::ADDR4]))
    }

    /// QoS Control, present in QoS data subtypes.
    #[inline]
    pub fn qos_control(&self) -> Option<QosControl> {
        let l = self.layout();
        l.qos.then(|| QosControl(le16(&self.buffer.as_ref()[l.qos_range()])))
    }

    /// HT Control, present when Order is set in management and QoS data frames.
    #[inline]
    pub fn ht_control(&self) -> Option<HtControl> {
        let l = self.layout();
        l.htc.then(|| HtControl(le32(&self.buffer.as_ref()[l.htc_range()])))
    }

    /// Addresses by role, following 802.11-2020 Table 9-30.
    pub fn addresses(&self) -> DsAddresses {
        let fc = self.frame_control();
        let (a1, a2, a3) = (self.addr1(), self.addr2(), self.addr3());
        let mut out = DsAddresses { ra: a1, ta: a2, da: None, sa: None, bssid: None };
        match fc.frame_type() {
            FrameType::Management => {
                out.da = Some(a1);
                out.sa = a2;
                out.bssid = a3;
            }
            FrameType::Data => {
                let amsdu = self.qos_control().is_some_and(|q| q.amsdu_present());
                match (fc.to_ds(), fc.from_ds()) {
                    (false, false) => (out.da, out.sa, out.bssid) = (Some(a1), a2, a3),
                    (false, true) => (out.da, out.bssid, out.sa) = (Some(a1), a2, a3),
                    (true, false) => (out.bssid, out.sa, out.da) = (Some(a1), a2, a3),
                    (true, true) => (out.da, out.sa) = (a3, self.addr4()),
                }
                if amsdu {
                    // Table 9-30: with an A-MSDU, DA and SA live in the subframe headers and
                    // Address 3 (and 4) carry the BSSID.
                    out.bssid = a3;
                    out.da = None;
                    out.sa = None;
                }
            }
            FrameType::Control | FrameType::Extension => {}
        }
        out
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Frame<&'a T> {
    /// The frame body: everything after the header.
    #[inline]
    pub fn body(&self) -> &'a [u8] {
        let len = self.header_len();
        &self.buffer.as_ref()[len..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Frame<T> {
    /// Sets Frame Control. The layout may change: the caller sizes the buffer for the new one.
    #[inline]
    pub fn set_frame_control(&mut self, fc: FrameControl) {
        put_le16(&mut self.buffer.as_mut()[field::FRAME_CONTROL], fc.0)
    }
    /// Sets Duration/ID.
    #[inline]
    pub fn set_duration_id(&mut self, v: u16) {
        put_le16(&mut self.buffer.as_mut()[field::DURATION_ID], v)
    }
    /// Sets Address 1.
    #[inline]
    pub fn set_addr1(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::ADDR1].copy_from_slice(&a.0)
    }
    /// Sets Address 2 (the layout must have it).
    #[inline]
    pub fn set_addr2(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::ADDR2].copy_from_slice(&a.0)
    }
    /// Sets Address 3 (the layout must have it).
    #[inline]
    pub fn set_addr3(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::ADDR3].copy_from_slice(&a.0)
    }
    /// Sets Sequence Control (the layout must have it).
    #[inline]
    pub fn set_seq_ctrl(&mut self, s: SeqCtrl) {
        put_le16(&mut self.buffer.as_mut()[field::SEQ_CTRL], s.0)
    }
    /// Sets Address 4 (the layout must have it).
    #[inline]
    pub fn set_addr4(&mut self, a: MacAddr) {
        self.buffer.as_mut()[field::ADDR4].copy_from_slice(&a.0)
    }
    /// Sets QoS Control (the layout must have it).
    #[inline]
    pub fn set_qos_control(&mut self, q: QosControl) {
        let r = self.layout().qos_range();
        put_le16(&mut self.buffer.as_mut()[r], q.0)
    }
    /// Sets HT Control (the layout must have it).
    #[inline]
    pub fn set_ht_control(&mut self, h: HtControl) {
        let r = self.layout().htc_range();
        put_le32(&mut self.buffer.as_mut()[r], h.0)
    }
    /// The frame body, mutable.
    #[inline]
    pub fn body_mut(&mut self) -> &mut [u8] {
        let len = self.header_len();
        &mut self.buffer.as_mut()[len..]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for Frame<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match HeaderRepr::parse(&Frame::new_unchecked(self.buffer.as_ref())) {
            Ok(h) => write!(f, "Frame({h:?}, body {} bytes)", self.buffer.as_ref().len() - h.buffer_len()),
            Err(e) => write!(f, "Frame(<{e}>)"),
        }
    }
}

/// High-level representation of a MAC header.
///
/// Which optional fields are emitted is decided by `frame_control` (see [`HeaderLayout`]);
/// an absent `Option` for a field the layout requires is written as zeros, and a present one
/// the layout excludes is ignored. [`HeaderRepr::parse`] always yields a consistent value.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct HeaderRepr {
    /// Frame Control.
    pub frame_control: FrameControl,
    /// Duration/ID, raw.
    pub duration_id: u16,
    /// Address 1.
    pub addr1: MacAddr,
    /// Address 2.
    pub addr2: Option<MacAddr>,
    /// Address 3.
    pub addr3: Option<MacAddr>,
    /// Sequence Control.
    pub seq_ctrl: Option<SeqCtrl>,
    /// Address 4.
    pub addr4: Option<MacAddr>,
    /// QoS Control.
    pub qos_control: Option<QosControl>,
    /// HT Control.
    pub ht_control: Option<HtControl>,
}

impl HeaderRepr {
    /// Reads the header of a frame, checking it first (see [`Frame::check_len`]).
    #[inline]
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &Frame<&T>) -> Result<HeaderRepr> {
        // One layout for the check and every optional field, rather than one per accessor.
        let l = frame.checked_layout()?;
        Ok(Self::read(frame, l))
    }

    /// Reads the fields `l` names from a frame that [`Frame::checked_layout`] returned `l` for.
    ///
    /// Infallible, so that a caller that has checked first can build its own result around
    /// the header in place rather than copy it out of a `Result`.
    #[inline]
    pub(crate) fn read<T: AsRef<[u8]> + ?Sized>(frame: &Frame<&T>, l: HeaderLayout) -> HeaderRepr {
        let b = frame.buffer.as_ref();
        let addr = |r: Range<usize>| MacAddr::from_bytes(&b[r]);
        HeaderRepr {
            frame_control: frame.frame_control(),
            duration_id: le16(&b[field::DURATION_ID]),
            addr1: addr(field::ADDR1),
            addr2: l.addr2.then(|| addr(field::ADDR2)),
            addr3: l.addr3_seq.then(|| addr(field::ADDR3)),
            seq_ctrl: l.addr3_seq.then(|| SeqCtrl(le16(&b[field::SEQ_CTRL]))),
            addr4: l.addr4.then(|| addr(field::ADDR4)),
            qos_control: l.qos.then(|| QosControl(le16(&b[l.qos_range()]))),
            ht_control: l.htc.then(|| HtControl(le32(&b[l.htc_range()]))),
        }
    }

    /// Header length in octets.
    #[inline]
    pub fn buffer_len(&self) -> usize {
        HeaderLayout::of(self.frame_control).len()
    }

    /// Writes the header into the start of `frame`, which must hold at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut Frame<T>) {
        let l = HeaderLayout::of(self.frame_control);
        frame.set_frame_control(self.frame_control);
        frame.set_duration_id(self.duration_id);
        frame.set_addr1(self.addr1);
        if l.addr2 {
            frame.set_addr2(self.addr2.unwrap_or_default());
        }
        if l.addr3_seq {
            frame.set_addr3(self.addr3.unwrap_or_default());
            frame.set_seq_ctrl(self.seq_ctrl.unwrap_or_default());
        }
        if l.addr4 {
            frame.set_addr4(self.addr4.unwrap_or_default());
        }
        if l.qos {
            frame.set_qos_control(self.qos_control.unwrap_or_default());
        }
        if l.htc {
            frame.set_ht_control(self.ht_control.unwrap_or_default());
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::fc::{DataSubtype, MgmtSubtype, Subtype, flags};
    use proptest::prelude::*;

    // QoS data, To DS + Protected, from the corpus capture_wds-01 shape, 4 address + QoS.
    static WDS_QOS: [u8; 32] = [
        0x88, 0x43, 0x2c, 0x00, // FC (QoS data, ToDS|FromDS|Protected), duration 44
        0x00, 0x11, 0x22, 0x00, 0x00, 0x01, // A1
        0x00, 0x11, 0x22, 0x00, 0x00, 0x00, // A2
        0x00, 0x11, 0x22, 0x00, 0x00, 0x02, // A3
        0x50, 0x01, // SeqCtl: seq 21, frag 0
        0x00, 0x11, 0x22, 0x00, 0x00, 0x03, // A4
        0x05, 0x00, // QoS: TID 5
    ];

    #[test]
    fn deconstruct_four_address_qos() {
        let f = Frame::new_checked(&WDS_QOS[..]).unwrap();
        assert_eq!(f.header_len(), 32);
        assert!(f.frame_control().to_ds() && f.frame_control().from_ds());
        assert_eq!(f.duration_us(), Some(44));
        assert_eq!(f.seq_ctrl().unwrap().sequence(), 21);
        assert_eq!(f.addr4(), Some(MacAddr([0, 0x11, 0x22, 0, 0, 3])));
        assert_eq!(f.qos_control().unwrap().tid(), 5);
        assert_eq!(f.ht_control(), None);
        let a = f.addresses();
        assert_eq!(a.da, Some(MacAddr([0, 0x11, 0x22, 0, 0, 2])));
        assert_eq!(a.sa, Some(MacAddr([0, 0x11, 0x22, 0, 0, 3])));
        assert_eq!(a.bssid, None);
        assert!(f.body().is_empty());
    }

    #[test]
    fn construct_four_address_qos() {
        let repr = HeaderRepr::parse(&Frame::new_unchecked(&WDS_QOS[..])).unwrap();
        let mut buf = [0xa5u8; 32];
        repr.emit(&mut Frame::new_unchecked(&mut buf[..]));
        assert_eq!(buf, WDS_QOS);
    }

    #[test]
    fn address_mapping_follows_ds_bits() {
        let a = |n| MacAddr([2, 0, 0, 0, 0, n]);
        let base = FrameControl::new(Subtype::Data(DataSubtype::Data));
        let cases = [
            (false, false, (Some(a(1)), Some(a(2)), Some(a(3)))),
            (false, true, (Some(a(1)), Some(a(3)), Some(a(2)))),
            (true, false, (Some(a(3)), Some(a(2)), Some(a(1)))),
        ];
        for (to, from, (da, sa, bssid)) in cases {
            let fc = base.with_flag(flags::TO_DS, to).with_flag(flags::FROM_DS, from);
            let h = HeaderRepr {
                frame_control: fc,
                duration_id: 0,
                addr1: a(1),
                addr2: Some(a(2)),
                addr3: Some(a(3)),
                seq_ctrl: Some(SeqCtrl::new(1, 0)),
                addr4: None,
                qos_control: None,
                ht_control: None,
            };
            let mut buf = [0u8; 24];
            h.emit(&mut Frame::new_unchecked(&mut buf[..]));
            let got = Frame::new_checked(&buf[..]).unwrap().addresses();
            assert_eq!((got.da, got.sa, got.bssid), (da, sa, bssid), "to={to} from={from}");
        }
    }

    #[test]
    fn header_lengths() {
        let len = |b0: u8, b1: u8| HeaderLayout::of(FrameControl(u16::from_le_bytes([b0, b1]))).len();
        assert_eq!(len(0x80, 0x00), 24); // beacon
        assert_eq!(len(0x80, 0x80), 28); // beacon +HTC
        assert_eq!(len(0xd4, 0x00), 10); // ACK
        assert_eq!(len(0xc4, 0x00), 10); // CTS
        assert_eq!(len(0xb4, 0x00), 16); // RTS
        assert_eq!(len(0x94, 0x00), 16); // BA
        assert_eq!(len(0x08, 0x03), 30); // data WDS
        assert_eq!(len(0x88, 0x01), 26); // QoS data to DS
        assert_eq!(len(0x88, 0x81), 30); // QoS data +HTC
        assert_eq!(len(0x08, 0x80), 24); // non-QoS data with Order: no HTC
        assert_eq!(len(0x0c, 0x00), 10); // DMG beacon (extension)
    }

    #[test]
    fn truncated_and_bad_version_rejected() {
        assert_eq!(Frame::new_checked(&[0x80u8][..]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(
            Frame::new_checked(&[0x80u8, 0, 0, 0, 1, 2][..]).unwrap_err().kind(),
            ErrorKind::Truncated
        );
        assert_eq!(Frame::new_checked(&[0x81u8; 24][..]).unwrap_err().kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn management_fc_round_trip_via_new() {
        let fc = FrameControl::new(Subtype::Mgmt(MgmtSubtype::ProbeResp));
        assert_eq!(HeaderLayout::of(fc).len(), 24);
    }

    proptest::proptest! {
        /// `HeaderRepr::parse` reads each field once from one layout; it must agree with the
        /// view's accessors, which derive the layout per field, and fail exactly when
        /// `check_len` does.
        #[test]
        fn parse_agrees_with_the_accessors(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..40)) {
            let f = Frame::new_unchecked(&bytes[..]);
            match HeaderRepr::parse(&f) {
                Err(e) => proptest::prop_assert_eq!(f.check_len(), Err(e)),
                Ok(h) => {
                    let want = HeaderRepr {
                        frame_control: f.frame_control(),
                        duration_id: f.duration_id(),
                        addr1: f.addr1(),
                        addr2: f.addr2(),
                        addr3: f.addr3(),
                        seq_ctrl: f.seq_ctrl(),
                        addr4: f.addr4(),
                        qos_control: f.qos_control(),
                        ht_control: f.ht_control(),
                    };
                    proptest::prop_assert_eq!(h, want);
                    proptest::prop_assert_eq!(h.buffer_len(), f.header_len());
                }
            }
        }
    }

    proptest! {
        #[test]
        fn never_panics_and_reemits_the_header(
            fc in prop_oneof![any::<u16>(), (0u16..0x100).prop_map(|b1| (b1 << 8) | 0x88)],
            bytes in proptest::collection::vec(any::<u8>(), 0..48),
        ) {
            // Half the inputs get a QoS data Frame Control, the longest and most varied layout.
            let mut bytes = bytes;
            if bytes.len() >= 2 {
                bytes[..2].copy_from_slice(&fc.to_le_bytes());
            }
            let f = Frame::new_unchecked(&bytes[..]);
            if f.check_len().is_ok() {
                let _ = (f.frame_control(), f.duration_id(), f.duration_us(), f.addr1(), f.addr2());
                let _ = (f.addr3(), f.seq_ctrl(), f.addr4(), f.qos_control(), f.ht_control());
                let _ = (f.addresses(), format!("{f:?}"));
                prop_assert_eq!(f.header_len() + f.body().len(), bytes.len());
                let repr = HeaderRepr::parse(&f).unwrap();
                prop_assert_eq!(repr.buffer_len(), f.header_len());
                let mut out = vec![0xa5; repr.buffer_len()];
                repr.emit(&mut Frame::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out[..], &bytes[..f.header_len()]);
            } else {
                prop_assert!(HeaderRepr::parse(&f).is_err());
            }
        }
    }
}
