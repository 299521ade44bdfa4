//! A whole 802.11 frame as one value: the entry point of strict parsing.
//!
//! [`FrameRepr::parse`] checks the MAC header, dispatches on the frame type and parses the body
//! with the management, control or data codec; [`FrameRepr::emit`] writes the frame back. For
//! every frame that parses, emitting it gives the original bytes (unknown elements, vendor data
//! and protected bodies are carried as raw slices). [`FrameRepr::parse_with_fcs`] first checks
//! and strips a trailing FCS (802.11-2020 9.2.4.8).

use super::Result;
use super::ctrl::CtrlRepr;
use super::data::DataRepr;
use super::fc::{FrameControl, FrameType};
use super::fcs;
use super::header::{Frame, HeaderRepr};
use super::mgmt::MgmtRepr;

/// A parsed 802.11 frame (without FCS).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FrameRepr<'a> {
    /// A management frame.
    Mgmt(MgmtRepr<'a>),
    /// A control frame.
    Ctrl(CtrlRepr<'a>),
    /// A data frame.
    Data(DataRepr<'a>),
    /// An extension frame (DMG or S1G beacon): header, and the body kept raw.
    Ext {
        /// The 10-octet header.
        header: HeaderRepr,
        /// The body.
        body: &'a [u8],
    },
}

impl<'a> FrameRepr<'a> {
    /// Parses a frame without FCS.
    pub fn parse(bytes: &'a [u8]) -> Result<FrameRepr<'a>> {
        let frame = Frame::new_checked(bytes)?;
        Ok(match frame.frame_control().frame_type() {
            FrameType::Management => FrameRepr::Mgmt(MgmtRepr::parse(&frame)?),
            FrameType::Control => FrameRepr::Ctrl(CtrlRepr::parse(&frame)?),
            FrameType::Data => FrameRepr::Data(DataRepr::parse(&frame)?),
            FrameType::Extension => FrameRepr::Ext { header: HeaderRepr::parse(&frame)?, body: frame.body() },
        })
    }

    /// Checks and strips the trailing FCS, then parses.
    pub fn parse_with_fcs(bytes: &'a [u8]) -> Result<FrameRepr<'a>> {
        Self::parse(fcs::check(bytes)?)
    }

    /// Frame Control of the frame.
    pub fn frame_control(&self) -> FrameControl {
        match self {
            FrameRepr::Mgmt(m) => m.header.frame_control,
            FrameRepr::Ctrl(c) => c.frame_control(),
            FrameRepr::Data(d) => d.header.frame_control,
            FrameRepr::Ext { header, .. } => header.frame_control,
        }
    }

    /// Octets [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        match self {
            FrameRepr::Mgmt(m) => m.buffer_len(),
            FrameRepr::Ctrl(c) => c.buffer_len(),
            FrameRepr::Data(d) => d.buffer_len(),
            FrameRepr::Ext { header, body } => header.buffer_len() + body.len(),
        }
    }

    /// Writes the frame (no FCS) into the start of `buf`, which holds at least `buffer_len()`.
    pub fn emit(&self, buf: &mut [u8]) {
        match self {
            FrameRepr::Mgmt(m) => m.emit(buf),
            FrameRepr::Ctrl(c) => c.emit(buf),
            FrameRepr::Data(d) => d.emit(&mut Frame::new_unchecked(&mut buf[..d.buffer_len()])),
            FrameRepr::Ext { header, body } => {
                let at = header.buffer_len();
                header.emit(&mut Frame::new_unchecked(&mut *buf));
                buf[at..at + body.len()].copy_from_slice(body);
            }
        }
    }

    /// The frame followed by its FCS, as a new vector.
    pub fn to_bytes_with_fcs(&self) -> Vec<u8> {
        let mut out = vec![0; self.buffer_len()];
        self.emit(&mut out);
        fcs::append(&mut out);
        out
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    // Deauthentication, reason 3, from aircrack-ng__capture_wds-01.cap frame 1.
    const DEAUTH: [u8; 26] = [
        0xc0, 0x00, 0x3c, 0x00, 0x00, 0x11, 0x22, 0x00, 0x00, 0x00, 0x00, 0x11, 0x22, 0x00, 0x00, 0x01, 0x00,
        0x11, 0x22, 0x00, 0x00, 0x00, 0x40, 0x08, 0x03, 0x00,
    ];

    #[test]
    fn deconstruct_and_reconstruct_deauth() {
        let repr = FrameRepr::parse(&DEAUTH).unwrap();
        assert!(matches!(repr, FrameRepr::Mgmt(_)));
        assert_eq!(repr.frame_control().type_subtype(), 12);
        let mut out = [0xa5; 26];
        repr.emit(&mut out);
        assert_eq!(out, DEAUTH);
    }

    #[test]
    fn fcs_is_checked() {
        let repr = FrameRepr::parse(&DEAUTH).unwrap();
        let mut with_fcs = repr.to_bytes_with_fcs();
        assert_eq!(FrameRepr::parse_with_fcs(&with_fcs).unwrap(), repr);
        with_fcs[24] ^= 0x01;
        assert!(FrameRepr::parse_with_fcs(&with_fcs).is_err());
    }

    proptest! {
        #[test]
        fn never_panics_and_reemits_what_it_parses(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            if let Ok(repr) = FrameRepr::parse(&bytes) {
                let mut out = vec![0; repr.buffer_len()];
                repr.emit(&mut out);
                prop_assert_eq!(out, bytes);
            }
        }

        #[test]
        fn ack_and_data_round_trip(fc_flags in any::<u8>(), dur in any::<u16>(), body in proptest::collection::vec(any::<u8>(), 0..64)) {
            // QoS data with arbitrary flags: every layout variant (3/4 addresses, +HTC).
            let mut bytes = vec![0x88, fc_flags];
            bytes.extend_from_slice(&dur.to_le_bytes());
            bytes.extend((0..30u8).map(|i| i.wrapping_mul(7)));
            bytes.extend_from_slice(&body);
            if let Ok(repr) = FrameRepr::parse(&bytes) {
                let mut out = vec![0; repr.buffer_len()];
                repr.emit(&mut out);
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
