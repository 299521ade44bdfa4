//! Data frames (802.11-2020 9.3.2): Data, Null, QoS Data, QoS Null and the CF variants.
//!
//! A data MPDU is a MAC header ([`Frame`], [`HeaderRepr`]) followed by a frame body that is an
//! MSDU, an A-MSDU (QoS Control's A-MSDU Present bit), a fragment of either, or, when the
//! Protected Frame bit is set, a security header, ciphertext and MIC (see [`super::ccmp`]).
//! [`DataRepr`] holds the decoded header and the body as a borrowed slice; what the body holds
//! is the data path's business.
//!
//! Subtypes with bit 2 set (Null, CF-Ack, CF-Poll, CF-Ack+CF-Poll, QoS Null, QoS CF-Poll,
//! QoS CF-Ack+CF-Poll, 802.11-2020 Table 9-1 and 9.3.2.1) have no Frame Body field. The
//! [`Frame`] view stays lenient and shows whatever follows the header; [`DataRepr::parse`] is
//! strict and rejects a non-empty body in such a frame with [`ErrorKind::BadLength`], so a
//! Repr never claims a body the standard says cannot exist. A frame that is not of the data
//! type is [`ErrorKind::BadValue`].

use super::fc::FrameType;
use super::header::{Frame, HeaderRepr};
use super::{Error, ErrorKind, Result};

/// High-level representation of a data frame: header and body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DataRepr<'a> {
    /// The MAC header; its Frame Control must be of the data type.
    pub header: HeaderRepr,
    /// The frame body (empty for the no-data subtypes).
    pub payload: &'a [u8],
}

impl<'a> DataRepr<'a> {
    /// Reads a data frame. `BadValue` when it is not a data frame, `BadLength` when a no-data
    /// subtype carries a body.
    #[inline]
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &Frame<&'a T>) -> Result<DataRepr<'a>> {
        // Check first, read the header last, so that it is built in place in the result.
        let layout = frame.checked_layout()?;
        let fc = frame.frame_control();
        if fc.frame_type() != FrameType::Data {
            return Err(Error::new(ErrorKind::BadValue, "frame type is not data"));
        }
        let payload = frame.body();
        if fc.is_null_data() && !payload.is_empty() {
            return Err(Error::new(ErrorKind::BadLength, "no-data subtype with a frame body"));
        }
        Ok(DataRepr { header: HeaderRepr::read(frame, layout), payload })
    }

    /// Octets [`Self::emit`] writes: header and body.
    pub fn buffer_len(&self) -> usize {
        self.header.buffer_len() + self.payload.len()
    }

    /// Writes header and body into `frame`, which must hold at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut Frame<T>) {
        self.header.emit(frame);
        frame.body_mut()[..self.payload.len()].copy_from_slice(self.payload);
    }

    /// True for the subtypes without a frame body (Null, QoS Null and the CF no-data ones).
    #[inline]
    pub fn is_null(&self) -> bool {
        self.header.frame_control.is_null_data()
    }

    /// True for the QoS subtypes.
    #[inline]
    pub fn is_qos(&self) -> bool {
        self.header.frame_control.is_qos_data()
    }

    /// True when the Protected Frame bit is set: the body is a security header, ciphertext
    /// and MIC.
    #[inline]
    pub fn is_protected(&self) -> bool {
        self.header.frame_control.protected()
    }

    /// True when QoS Control says the body is an A-MSDU.
    #[inline]
    pub fn is_amsdu(&self) -> bool {
        self.header.qos_control.is_some_and(|q| q.amsdu_present())
    }

    /// The traffic identifier of a QoS frame; `None` for non-QoS subtypes.
    #[inline]
    pub fn tid(&self) -> Option<u8> {
        self.header.qos_control.map(|q| q.tid())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::addr::MacAddr;
    use crate::wire::fc::{DataSubtype, FrameControl, Subtype};
    use crate::wire::header::{QosControl, SeqCtrl};
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    // aircrack-ng__capture_wds-01.cap frame 24: QoS data, To DS + From DS, protected (CCMP).
    const WDS_CCMP: &str = "88432c00001122000001001122000000333300000016000000112200000000000100002000000000\
                            fd9cac69078c3bb6";
    // aircrack-ng__capture_wds-01.cap frame 14: Null function, To DS + From DS, no body.
    const WDS_NULL: &str = "48032c00001122000000001122000001001122000000b016001122000001";
    // aircrack-ng__wpa2.eapol.cap frame 2 (cut after the EAPOL header): data from the AP.
    const PLAIN_EAPOL: &str = "08023a01001346fe320c00146c7e408000146c7e40802015aaaa03000000888e0103005f";

    #[test]
    fn deconstruct_four_address_qos_ccmp() {
        let bytes = hex(WDS_CCMP);
        let d = DataRepr::parse(&Frame::new_unchecked(&bytes[..])).unwrap();
        assert!(d.is_qos() && d.is_protected() && !d.is_null() && !d.is_amsdu());
        assert_eq!(d.tid(), Some(0));
        assert_eq!(d.header.addr4, Some(MacAddr([0x00, 0x11, 0x22, 0x00, 0x00, 0x00])));
        assert_eq!(d.header.buffer_len(), 32);
        assert_eq!(&d.payload[..8], &[0x01, 0x00, 0x00, 0x20, 0x00, 0x00, 0x00, 0x00]);
        assert_eq!(d.buffer_len(), bytes.len());
    }

    // fragattacks__amsdu-inject-fromap.pcapng frame 124: a protected A-MSDU from the AP, TID 2.
    const AMSDU_CCMP: &str = "884200005af7192bed5e6470022fd7676470022fd767200182000101002000000000\
        0446990c88946010440d4dbdcf6d5b86941be86ccdace064b85b0277ecd8194d8463777882706e893e3f9666133f\
        b1eac582a2f9ea62689ccfee47c65a6fe8622eb48983c4176e84b73d960e33c2370e0b56a3dc1a3086509d55cd79\
        f6e4aefd830063ac3b1b15a849ab8ee1a1bcf5983c1b6dcb4c5b0700";

    #[test]
    fn deconstruct_protected_amsdu() {
        use crate::wire::ccmp::{CCMP_128_MIC_LEN, ProtectedBody};
        let bytes = hex(AMSDU_CCMP);
        let d = DataRepr::parse(&Frame::new_unchecked(&bytes[..])).unwrap();
        assert!(d.is_amsdu() && d.is_protected() && d.is_qos());
        assert_eq!(d.tid(), Some(2));
        assert_eq!(d.header.buffer_len(), 26);
        let p = ProtectedBody::split(d.payload, CCMP_128_MIC_LEN).unwrap();
        assert_eq!((p.header.pn(), p.header.key_id()), (0x0101, 0));
        assert_eq!(p.data.len(), 112);
        assert_eq!(p.mic, &bytes[bytes.len() - 8..]);
    }

    #[test]
    fn deconstruct_null_and_plain_data() {
        let null = hex(WDS_NULL);
        let d = DataRepr::parse(&Frame::new_unchecked(&null[..])).unwrap();
        assert!(d.is_null() && !d.is_qos());
        assert_eq!(d.tid(), None);
        assert!(d.payload.is_empty());
        assert_eq!(d.header.seq_ctrl, Some(SeqCtrl::new(363, 0)));

        let data = hex(PLAIN_EAPOL);
        let d = DataRepr::parse(&Frame::new_unchecked(&data[..])).unwrap();
        assert_eq!(d.header.frame_control.subtype(), Subtype::Data(DataSubtype::Data));
        assert_eq!(&d.payload[..8], &[0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x88, 0x8e]);
    }

    #[test]
    fn construct_matches_capture() {
        for h in [WDS_CCMP, WDS_NULL, PLAIN_EAPOL, AMSDU_CCMP] {
            let bytes = hex(h);
            let d = DataRepr::parse(&Frame::new_unchecked(&bytes[..])).unwrap();
            let mut out = vec![0xa5; d.buffer_len()];
            d.emit(&mut Frame::new_unchecked(&mut out[..]));
            assert_eq!(out, bytes);
        }
    }

    #[test]
    fn null_with_body_is_bad_length_but_view_is_lenient() {
        let mut bytes = hex(WDS_NULL);
        bytes.push(0);
        let f = Frame::new_checked(&bytes[..]).unwrap();
        assert_eq!(f.body(), &[0]);
        assert_eq!(DataRepr::parse(&f).unwrap_err().kind(), ErrorKind::BadLength);
        // QoS Null, same rule.
        let mut qn = vec![0xc8, 0x01, 0, 0];
        qn.extend_from_slice(&[0u8; 22]);
        assert!(DataRepr::parse(&Frame::new_unchecked(&qn[..])).unwrap().is_null());
        qn.push(7);
        assert_eq!(DataRepr::parse(&Frame::new_unchecked(&qn[..])).unwrap_err().kind(), ErrorKind::BadLength);
    }

    #[test]
    fn non_data_and_truncated_rejected() {
        let mut beacon = [0u8; 24];
        beacon[0] = 0x80;
        let e = DataRepr::parse(&Frame::new_unchecked(&beacon[..])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadValue);
        let bytes = hex(WDS_CCMP);
        let e = DataRepr::parse(&Frame::new_unchecked(&bytes[..31])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Truncated);
    }

    #[test]
    fn construct_qos_amsdu_header() {
        let fc = FrameControl::new(Subtype::Data(DataSubtype::QosData));
        let d = DataRepr {
            header: HeaderRepr {
                frame_control: fc,
                duration_id: 0,
                addr1: MacAddr([2, 0, 0, 0, 0, 1]),
                addr2: Some(MacAddr([2, 0, 0, 0, 0, 2])),
                addr3: Some(MacAddr([2, 0, 0, 0, 0, 3])),
                seq_ctrl: Some(SeqCtrl::new(5, 0)),
                addr4: None,
                qos_control: Some(QosControl::with_tid(6).with_amsdu(true)),
                ht_control: None,
            },
            payload: b"abc",
        };
        let mut out = vec![0; d.buffer_len()];
        d.emit(&mut Frame::new_unchecked(&mut out[..]));
        assert_eq!(out.len(), 29);
        assert_eq!(&out[24..26], &[0x86, 0x00]);
        let back = DataRepr::parse(&Frame::new_unchecked(&out[..])).unwrap();
        assert_eq!(back, d);
        assert!(back.is_amsdu());
        assert_eq!(back.tid(), Some(6));
    }

    /// A consistent data header: random octets with a data-type, version-0 Frame Control.
    fn data_header(fc_hi: u8, subtype: u8, rest: &[u8; 34]) -> HeaderRepr {
        let mut buf = [0u8; 36];
        buf[0] = 0x08 | (subtype << 4);
        buf[1] = fc_hi;
        buf[2..].copy_from_slice(rest);
        HeaderRepr::parse(&Frame::new_unchecked(&buf[..])).unwrap()
    }

    proptest! {
        #[test]
        fn round_trip(
            fc_hi: u8,
            subtype in 0u8..16,
            rest: [u8; 34],
            body in proptest::collection::vec(any::<u8>(), 0..64),
        ) {
            let header = data_header(fc_hi, subtype, &rest);
            let payload = if header.frame_control.is_null_data() { &[][..] } else { &body[..] };
            let d = DataRepr { header, payload };
            let mut buf = vec![0u8; d.buffer_len()];
            d.emit(&mut Frame::new_unchecked(&mut buf[..]));
            let parsed = DataRepr::parse(&Frame::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, d);
            let mut again = vec![0u8; parsed.buffer_len()];
            parsed.emit(&mut Frame::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            if let Ok(d) = DataRepr::parse(&Frame::new_unchecked(&bytes[..])) {
                let _ = (d.is_null(), d.tid(), d.is_amsdu(), d.is_protected());
                let mut out = vec![0u8; d.buffer_len()];
                d.emit(&mut Frame::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
