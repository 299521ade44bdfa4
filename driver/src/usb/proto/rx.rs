//! RX aggregates: what a bulk IN transfer on the packet endpoint holds (Linux `dma.c`
//! `mt7601u_rx_process_seg`, `mac.h` `struct mt7601u_rxwi`, `phy.c` `mt7601u_phy_get_rssi`).
//!
//! A transfer is one or more segments:
//! `[DMA info 4][RXINFO 4 + RXWI 24][frame (+2 pad after the header when L2PAD)][pad to 4][FCE info 4]`.
//! The DMA info's low 16 bits are the octets between it and the FCE info: not zero, a multiple
//! of 4, at least 32 (the RXWI) and within the transfer; the segment is that plus 8. RXINFO
//! bits: U2M 4, MULTICAST 5, BROADCAST 6, MYBSS 7, CRCERR 8, ICVERR 9, MICERR 10, L2PAD 14,
//! DECRYPT 16. RXWI: MPDU_LEN 27:16 of the second word, the rate word at octet 10, three zero
//! octets at 13-15, the gain octet 18 (RSSI_VAL 5:0, LNA_ID 7:6).
//!
//! Signal: `dBm = 8 − LNA[LNA_ID] − RSSI_VAL` with the 20 MHz LNA gains −2, 15, 33 for LNA_ID
//! 1, 2, 3 (EEPROM LNA gain and RSSI offset 0, as the emulator's image has them), so −88 to
//! +10 dBm can be written and read back exactly.
//!
//! [`decode_aggregate`] is total: a segment that breaks the rules ends the walk with an error
//! after the good segments before it (the driver counts it and goes on with the next
//! transfer), never a panic.

use super::desc::{rate_of, rate_word};
use super::{ProtoError, le32, round4};
use mac80211_core::mac::TxRate;
use mac80211_core::wire::Frame;

/// RXINFO + RXWI length.
pub const RXWI_LEN: usize = 28;
/// CRC error.
pub const RXINFO_CRCERR: u32 = 1 << 8;
/// Two pad octets follow the 802.11 header.
pub const RXINFO_L2PAD: u32 = 1 << 14;
/// RXINFO: unicast to the device's address.
pub const RXINFO_U2M: u32 = 1 << 4;

/// LNA gains (20 MHz) of LNA_ID 1, 2, 3.
const LNA: [i16; 3] = [-2, 15, 33];

/// One received frame with its metadata.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct RxFrame {
    /// The 802.11 frame, no FCS, pad removed.
    pub frame: Vec<u8>,
    /// Signal, dBm.
    pub signal_dbm: i8,
    /// The rate it came at.
    pub rate: TxRate,
    /// The hardware found a bad FCS.
    pub crc_error: bool,
    /// RXINFO U2M: addressed to the device's own address (what the driver's RSSI average, and
    /// so its AGC tuning, counts).
    pub to_me: bool,
}

/// (LNA_ID, RSSI_VAL) that encode `dbm` (clamped to −88..=10).
pub fn encode_rssi(dbm: i8) -> (u8, u8) {
    let dbm = i16::from(dbm).clamp(-88, 10);
    let (id, lna) = if dbm >= -53 {
        (1, LNA[0])
    } else if dbm >= -70 {
        (2, LNA[1])
    } else {
        (3, LNA[2])
    };
    (id, (8 - lna - dbm) as u8)
}

/// The signal in dBm that a gain octet reports.
pub fn decode_rssi(gain: u8) -> i8 {
    let id = usize::from(gain >> 6);
    let lna = LNA[id.saturating_sub(1).min(2)];
    (8 - lna - i16::from(gain & 0x3f)).clamp(-128, 127) as i8
}

/// One segment for `rx` (the emulator builds transfers from these).
pub fn encode_segment(rx: &RxFrame) -> Vec<u8> {
    let hlen = Frame::new_checked(&rx.frame[..]).map_or(rx.frame.len(), |f| f.header_len());
    let pad = if !hlen.is_multiple_of(4) { 2 } else { 0 };
    let mut rxinfo: u32 = if rx.to_me { RXINFO_U2M } else { 0 };
    if pad != 0 {
        rxinfo |= RXINFO_L2PAD;
    }
    if rx.crc_error {
        rxinfo |= RXINFO_CRCERR;
    }
    let dma_len = RXWI_LEN + round4(rx.frame.len() + pad);
    let mut seg = Vec::with_capacity(dma_len + 8);
    seg.extend_from_slice(&(dma_len as u32).to_le_bytes());
    seg.extend_from_slice(&rxinfo.to_le_bytes());
    seg.extend_from_slice(&((rx.frame.len() as u32 & 0xfff) << 16 | 0xff).to_le_bytes());
    seg.extend_from_slice(&[0, 0]);
    seg.extend_from_slice(&rate_word(rx.rate).to_le_bytes());
    seg.extend_from_slice(&[0; 6]);
    let (id, val) = encode_rssi(rx.signal_dbm);
    seg.push(val | id << 6);
    seg.extend_from_slice(&[0; 9]);
    seg.extend_from_slice(&rx.frame[..hlen]);
    seg.extend(std::iter::repeat_n(0, pad));
    seg.extend_from_slice(&rx.frame[hlen..]);
    seg.resize(4 + dma_len, 0);
    seg.extend_from_slice(&[0; 4]); // FCE info: packet
    seg
}

/// Decodes one segment at the start of `buf`; returns the frame and the segment's length.
fn decode_segment(buf: &[u8]) -> Result<(RxFrame, usize), ProtoError> {
    let dma_len = (le32(buf, 0, "DMA info")? & 0xffff) as usize;
    if dma_len == 0 || !dma_len.is_multiple_of(4) || dma_len < RXWI_LEN + 4 {
        return Err(ProtoError::BadLength("DMA info length"));
    }
    let seg_len = dma_len + 8;
    if buf.len() < seg_len {
        return Err(ProtoError::Truncated("RX segment"));
    }
    let fce = le32(buf, 4 + dma_len, "FCE info")?;
    if fce >> 30 != 0 {
        return Err(ProtoError::BadValue("FCE info type"));
    }
    let rxwi = &buf[4..4 + RXWI_LEN];
    let rxinfo = le32(rxwi, 0, "RXINFO")?;
    let mpdu_len = ((le32(rxwi, 4, "RXWI")? >> 16) & 0xfff) as usize;
    if rxwi[13..16] != [0, 0, 0] {
        return Err(ProtoError::BadValue("RXWI reserved octets"));
    }
    let rate = rate_of(u16::from_le_bytes([rxwi[10], rxwi[11]]))?;
    let data = &buf[4 + RXWI_LEN..4 + dma_len];
    let pad = if rxinfo & RXINFO_L2PAD != 0 { 2 } else { 0 };
    let hlen = Frame::new_checked(data).map_err(|_| ProtoError::Truncated("802.11 header"))?.header_len();
    if mpdu_len < hlen || mpdu_len + pad > data.len() {
        return Err(ProtoError::BadLength("RXWI MPDU_LEN"));
    }
    let mut frame = data[..hlen].to_vec();
    frame.extend_from_slice(&data[hlen + pad..mpdu_len + pad]);
    let rx = RxFrame {
        frame,
        signal_dbm: decode_rssi(rxwi[18]),
        rate,
        crc_error: rxinfo & RXINFO_CRCERR != 0,
        to_me: rxinfo & RXINFO_U2M != 0,
    };
    Ok((rx, seg_len))
}

/// Every frame of a bulk IN transfer, in order; stops at the first broken segment, whose error
/// comes last.
pub fn decode_aggregate(buf: &[u8]) -> Vec<Result<RxFrame, ProtoError>> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < buf.len() {
        match decode_segment(&buf[at..]) {
            Ok((rx, len)) => {
                out.push(Ok(rx));
                at += len;
            }
            Err(e) => {
                out.push(Err(e));
                break;
            }
        }
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    fn beacon_like() -> Vec<u8> {
        let mut f = vec![0x80, 0, 0, 0];
        f.extend_from_slice(&[0xff; 6]);
        f.extend_from_slice(&[2, 0, 0, 0, 0, 0xaa, 2, 0, 0, 0, 0, 0xaa, 0x10, 0x00]);
        f.extend_from_slice(&[1, 2, 3, 4, 5]);
        f
    }

    #[test]
    fn segments_round_trip_and_aggregate() {
        let a = RxFrame {
            frame: beacon_like(),
            signal_dbm: -41,
            rate: TxRate::Legacy(2),
            crc_error: false,
            to_me: false,
        };
        let b = RxFrame {
            signal_dbm: -80,
            rate: TxRate::Ht { mcs: 3, wide: false, short_gi: true },
            to_me: true,
            ..a.clone()
        };
        let mut agg = encode_segment(&a);
        assert_eq!(agg.len(), 4 + 28 + 32 + 4, "29-octet frame padded to 32");
        assert_eq!(agg[4 + 18], 51 | 1 << 6, "-41 dBm = 8 + 2 - 51 with LNA 1");
        agg.extend(encode_segment(&b));
        let frames: Vec<RxFrame> = decode_aggregate(&agg).into_iter().map(Result::unwrap).collect();
        assert_eq!(frames, [a, b]);
    }

    #[test]
    fn every_signal_encodes_exactly() {
        for dbm in -88i8..=10 {
            let (id, val) = encode_rssi(dbm);
            assert!(val < 64, "{dbm}");
            assert_eq!(decode_rssi(val | id << 6), dbm);
        }
    }

    #[test]
    fn a_broken_segment_ends_the_walk_after_the_good_ones() {
        let a = RxFrame {
            frame: beacon_like(),
            signal_dbm: -30,
            rate: TxRate::Legacy(2),
            crc_error: false,
            to_me: false,
        };
        let mut agg = encode_segment(&a);
        agg.extend_from_slice(&[0x10, 0, 0, 0, 1, 2]);
        let out = decode_aggregate(&agg);
        assert!(out[0].is_ok());
        assert_eq!(out[1], Err(ProtoError::BadLength("DMA info length")));
        assert_eq!(decode_aggregate(&[]), []);
        assert!(decode_aggregate(&[4, 0, 0, 0]).iter().all(Result::is_err));
    }
}
