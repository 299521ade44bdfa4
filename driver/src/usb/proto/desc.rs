//! TX descriptors: the TXINFO word and the 20-octet TXWI in front of every frame on a bulk OUT
//! endpoint (Linux `dma.h`, `mac.h` `struct mt76_txwi`; the TXWI bits are rt2800's).
//!
//! One transfer carries one frame:
//! `[TXINFO 4][TXWI 20][802.11 header][2 zero octets if the header length is not a multiple
//! of 4][body][zero pad to 4][4 zero octets]`. TXINFO: LEN 15:0 (octets from the TXWI to the
//! end of the padded frame), 802.11 bit 19, WIV bit 24 (no hardware key: the IV is the
//! host's), QSEL 26:25 (2 = EDCA), D_PORT 29:27 (0 = WLAN), TYPE 31:30 (0 = packet). TXWI:
//! rate word (MCS 6:0, BW 7, SGI 8, PHY 15:14), ACK_CTL REQ bit 0, WCID, BYTE_CNT 11:0 (the
//! frame's length without the header pad) and PKTID 15:12 (1-15 asks for a `TX_STAT_FIFO`
//! entry; 0 none).

use super::{ProtoError, le32, round4};
use mac80211_core::mac::TxRate;
use mac80211_core::wire::Frame;

/// TXINFO length.
pub const TXINFO_LEN: usize = 4;
/// TXWI length.
pub const TXWI_LEN: usize = 20;
/// Zero octets after every bulk OUT payload.
pub const TRAILER_LEN: usize = 4;

/// PHY modes of the rate word.
const PHY_CCK: u16 = 0;
const PHY_OFDM: u16 = 1;
const PHY_HT: u16 = 2;

/// CCK rates by index, 500 kb/s units.
const CCK: [u8; 4] = [2, 4, 11, 22];
/// OFDM rates by index, 500 kb/s units.
const OFDM: [u8; 8] = [12, 18, 24, 36, 48, 72, 96, 108];

/// The TXWI/RXWI rate word of a rate.
pub fn rate_word(rate: TxRate) -> u16 {
    match rate {
        TxRate::Legacy(units) => {
            match (CCK.iter().position(|&r| r == units), OFDM.iter().position(|&r| r == units)) {
                (Some(i), _) => (PHY_CCK << 14) | i as u16,
                (_, Some(i)) => (PHY_OFDM << 14) | i as u16,
                // Not a 2.4 GHz rate: the lowest OFDM rate.
                _ => PHY_OFDM << 14,
            }
        }
        TxRate::Ht { mcs, wide, short_gi } => {
            (PHY_HT << 14) | u16::from(mcs & 0x7f) | (u16::from(wide) << 7) | (u16::from(short_gi) << 8)
        }
    }
}

/// The rate a rate word names (CCK short-preamble indices 8-11 read as their long forms).
pub fn rate_of(word: u16) -> Result<TxRate, ProtoError> {
    let index = usize::from(word & 0x7f);
    match word >> 14 {
        PHY_CCK => CCK.get(index & 3).map(|&u| TxRate::Legacy(u)).ok_or(ProtoError::BadValue("CCK rate")),
        PHY_OFDM => OFDM.get(index).map(|&u| TxRate::Legacy(u)).ok_or(ProtoError::BadValue("OFDM rate")),
        _ => Ok(TxRate::Ht {
            mcs: (word & 0x7f) as u8,
            wide: word & (1 << 7) != 0,
            short_gi: word & (1 << 8) != 0,
        }),
    }
}

/// A frame to send, as the driver describes it.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TxFrame {
    /// The 802.11 frame, no FCS.
    pub frame: Vec<u8>,
    /// Rate of the first attempt.
    pub rate: TxRate,
    /// Wait for an ACK (unicast frames).
    pub ack: bool,
    /// PKTID (1-15) for the TX status; 0 for none.
    pub pktid: u8,
}

/// The 802.11 header length of `frame`, checked.
fn header_len(frame: &[u8]) -> Result<usize, ProtoError> {
    Frame::new_checked(frame).map(|f| f.header_len()).map_err(|_| ProtoError::Truncated("802.11 header"))
}

/// The bulk OUT transfer for `tx`.
pub fn encode_tx(tx: &TxFrame) -> Result<Vec<u8>, ProtoError> {
    let hlen = header_len(&tx.frame)?;
    if tx.frame.len() > 0xfff {
        return Err(ProtoError::BadLength("frame longer than BYTE_CNT"));
    }
    let pad = if !hlen.is_multiple_of(4) { 2 } else { 0 };
    let body_len = round4(tx.frame.len() + pad);
    let len = TXWI_LEN + body_len;
    let info: u32 = len as u32 | (1 << 19) | (1 << 24) | (2 << 25);
    let mut out = Vec::with_capacity(TXINFO_LEN + len + TRAILER_LEN);
    out.extend_from_slice(&info.to_le_bytes());
    let mut txwi = [0u8; TXWI_LEN];
    txwi[2..4].copy_from_slice(&rate_word(tx.rate).to_le_bytes());
    txwi[4] = u8::from(tx.ack);
    txwi[5] = 0xff;
    let len_ctl = tx.frame.len() as u16 | (u16::from(tx.pktid & 0xf) << 12);
    txwi[6..8].copy_from_slice(&len_ctl.to_le_bytes());
    out.extend_from_slice(&txwi);
    out.extend_from_slice(&tx.frame[..hlen]);
    out.extend(std::iter::repeat_n(0, pad));
    out.extend_from_slice(&tx.frame[hlen..]);
    out.resize(TXINFO_LEN + len + TRAILER_LEN, 0);
    Ok(out)
}

/// Reads a data transfer back (the emulator's view of what the driver sent).
pub fn decode_tx(buf: &[u8]) -> Result<TxFrame, ProtoError> {
    let info = le32(buf, 0, "TXINFO")?;
    let len = (info & 0xffff) as usize;
    if info >> 30 != 0 || (info >> 27) & 7 != 0 {
        return Err(ProtoError::BadValue("TXINFO type/port of a data frame"));
    }
    if info & (1 << 19) == 0 {
        return Err(ProtoError::BadValue("TXINFO 802.11 bit"));
    }
    if !len.is_multiple_of(4) || len < TXWI_LEN || buf.len() != TXINFO_LEN + len + TRAILER_LEN {
        return Err(ProtoError::BadLength("TXINFO LEN"));
    }
    if buf[TXINFO_LEN + len..].iter().any(|&b| b != 0) {
        return Err(ProtoError::BadValue("bulk trailer"));
    }
    let txwi = &buf[TXINFO_LEN..TXINFO_LEN + TXWI_LEN];
    let rate = rate_of(u16::from_le_bytes([txwi[2], txwi[3]]))?;
    let len_ctl = u16::from_le_bytes([txwi[6], txwi[7]]);
    let byte_cnt = usize::from(len_ctl & 0xfff);
    let padded = &buf[TXINFO_LEN + TXWI_LEN..TXINFO_LEN + len];
    let hlen = header_len(padded)?;
    let pad = if !hlen.is_multiple_of(4) { 2 } else { 0 };
    if byte_cnt < hlen || hlen + pad + (byte_cnt - hlen) > padded.len() {
        return Err(ProtoError::BadLength("TXWI BYTE_CNT"));
    }
    let mut frame = padded[..hlen].to_vec();
    frame.extend_from_slice(&padded[hlen + pad..pad + byte_cnt]);
    Ok(TxFrame { frame, rate, ack: txwi[4] & 1 != 0, pktid: (len_ctl >> 12) as u8 })
}

#[cfg(test)]
mod test {
    use super::*;

    /// A QoS data header (26 octets: padded) and a 3-octet body.
    fn qos_frame() -> Vec<u8> {
        let mut f = vec![0x88, 0x01, 0, 0];
        f.extend_from_slice(&[
            2, 0, 0, 0, 0, 0xaa, 2, 0, 0, 0, 1, 0, 2, 0, 0, 0, 0, 0xaa, 0x10, 0x00, 0x07, 0x00,
        ]);
        f.extend_from_slice(&[0xde, 0xad, 0xbe]);
        f
    }

    #[test]
    fn construct_a_qos_data_transfer() {
        let tx = TxFrame {
            frame: qos_frame(),
            rate: TxRate::Ht { mcs: 7, wide: false, short_gi: false },
            ack: true,
            pktid: 5,
        };
        let b = encode_tx(&tx).unwrap();
        // TXINFO: LEN = 20 + round4(29 + 2) = 52, 802.11, WIV, QSEL EDCA.
        assert_eq!(&b[..4], &(52u32 | 1 << 19 | 1 << 24 | 2 << 25).to_le_bytes());
        assert_eq!(&b[6..8], &0x8007u16.to_le_bytes(), "HT MCS 7");
        assert_eq!((b[8], b[9]), (1, 0xff), "ACK requested, WCID 0xff");
        assert_eq!(&b[10..12], &(29u16 | 5 << 12).to_le_bytes(), "BYTE_CNT 29, PKTID 5");
        assert_eq!(&b[24 + 26..24 + 28], &[0, 0], "2 pad octets after the 26-octet header");
        assert_eq!(b.len(), 4 + 52 + 4);
        assert_eq!(decode_tx(&b).unwrap(), tx);
    }

    #[test]
    fn rates_round_trip() {
        for rate in [TxRate::Legacy(2), TxRate::Legacy(22), TxRate::Legacy(12), TxRate::Legacy(108)] {
            assert_eq!(rate_of(rate_word(rate)).unwrap(), rate);
        }
        assert_eq!(rate_word(TxRate::Legacy(2)), 0x0000);
        assert_eq!(rate_word(TxRate::Legacy(108)), 0x4007);
        assert!(rate_of(0x400f).is_err());
    }

    #[test]
    fn broken_transfers_are_refused() {
        let tx = TxFrame { frame: qos_frame(), rate: TxRate::Legacy(2), ack: false, pktid: 0 };
        let good = encode_tx(&tx).unwrap();
        for cut in [0, 3, 10, good.len() - 1] {
            assert!(decode_tx(&good[..cut]).is_err(), "cut at {cut}");
        }
        let mut bad = good.clone();
        bad[good.len() - 1] = 1;
        assert_eq!(decode_tx(&bad), Err(ProtoError::BadValue("bulk trailer")));
        let mut port = good.clone();
        port[3] |= 0x10; // D_PORT 2: not a data frame
        assert!(decode_tx(&port).is_err());
    }
}
