//! Inband MCU commands (Linux `mcu.c` `mt7601u_mcu_msg_send`, `mcu.h`).
//!
//! A command goes to the inband command endpoint as `[TXINFO][payload][zero pad to 4][4 zero
//! octets]`, TXINFO = LEN 15:0 (padded payload) | SEQ 19:16 | command 26:20 | D_PORT 29:27 = 2
//! (CPU) | TYPE 31:30 = 1 (command). A command with SEQ 1-15 is answered on the response
//! endpoint with `[le32: SEQ 19:16, EVT_TYPE 23:20 (0 done)][4 zero octets]`; SEQ 0 asks for no
//! answer. Addresses in RANDOM_WRITE pairs name their space: `0x00410000 | offset` the MAC
//! registers, `0x40000000 | reg` the BBP, `0x80000000 | bank << 16 | reg` the RF.

use super::{ProtoError, le32, round4};

/// `CMD_FUN_SET_OP`: (function, value).
pub const CMD_FUN_SET_OP: u8 = 1;
/// `CMD_BURST_WRITE`: start address, then values.
pub const CMD_BURST_WRITE: u8 = 8;
/// `CMD_RANDOM_WRITE`: (address, value) pairs.
pub const CMD_RANDOM_WRITE: u8 = 12;
/// `CMD_CALIBRATION_OP`: (calibration id, value).
pub const CMD_CALIBRATION_OP: u8 = 31;
/// `FUN_SET_OP` function `Q_SELECT`.
pub const FUN_Q_SELECT: u32 = 1;
/// `FUN_SET_OP` function `ATOMIC_TSSI_SETTING` (value: use the high VGA gain).
pub const FUN_ATOMIC_TSSI: u32 = 5;

/// A `CALIBRATION_OP` id (`mcu.h` `enum mcu_calibrate`; `reference/usb-dongle.md` §4.7).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub enum Calibration {
    /// R calibration (the reference resistor), first after the RF tables.
    R = 1,
    /// RX DC offset.
    Dcoc = 2,
    /// LC tank.
    Lc = 3,
    /// TX local-oscillator leakage.
    Loft = 4,
    /// TX I/Q imbalance.
    TxIq = 5,
    /// Bandwidth filters (value: 0x10000 unless calibrating, 0x100 at 40 MHz, 1 for TX).
    Bw = 6,
    /// Digital pre-distortion (value: the temperature).
    Dpd = 7,
    /// RX I/Q imbalance.
    RxIq = 8,
    /// TX DC offset.
    TxDcoc = 9,
}

impl Calibration {
    /// The id a command names, if it is one.
    pub fn from_id(id: u32) -> Option<Calibration> {
        use Calibration::*;
        [R, Dcoc, Lc, Loft, TxIq, Bw, Dpd, RxIq, TxDcoc].into_iter().find(|c| *c as u32 == id)
    }

    /// The command asking for it (answered: calibrations always are).
    pub fn command(self, value: u32, seq: u8) -> McuCommand {
        McuCommand::pair(CMD_CALIBRATION_OP, self as u32, value, seq)
    }
}

/// Largest payload (`INBAND_PACKET_MAX_LEN`).
pub const MAX_PAYLOAD: usize = 192;
/// Memory map base of the MAC registers.
pub const MEMMAP_WLAN: u32 = 0x0041_0000;
/// Memory map base of the BBP registers.
pub const MEMMAP_BBP: u32 = 0x4000_0000;
/// Memory map base of the RF registers (`| bank << 16 | reg`).
pub const MEMMAP_RF: u32 = 0x8000_0000;
/// Event type: command done.
pub const EVT_CMD_DONE: u8 = 0;

/// The RANDOM_WRITE address of RF register `reg` in `bank`.
pub fn rf_addr(bank: u8, reg: u8) -> u32 {
    MEMMAP_RF | u32::from(bank) << 16 | u32::from(reg)
}

/// A command on the wire.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct McuCommand {
    /// Command id.
    pub cmd: u8,
    /// Sequence number (1-15 for an answer, 0 for none).
    pub seq: u8,
    /// Payload.
    pub payload: Vec<u8>,
}

impl McuCommand {
    /// The bulk transfer.
    pub fn encode(&self) -> Result<Vec<u8>, ProtoError> {
        if self.payload.len() > MAX_PAYLOAD {
            return Err(ProtoError::BadLength("MCU payload"));
        }
        let len = round4(self.payload.len());
        let info = len as u32
            | u32::from(self.seq & 0xf) << 16
            | u32::from(self.cmd & 0x7f) << 20
            | 2 << 27
            | 1 << 30;
        let mut out = info.to_le_bytes().to_vec();
        out.extend_from_slice(&self.payload);
        out.resize(4 + len + 4, 0);
        Ok(out)
    }

    /// Reads a command transfer (the emulator's side).
    pub fn decode(buf: &[u8]) -> Result<McuCommand, ProtoError> {
        let info = le32(buf, 0, "MCU TXINFO")?;
        if info >> 30 != 1 || (info >> 27) & 7 != 2 {
            return Err(ProtoError::BadValue("MCU TXINFO type/port"));
        }
        let len = (info & 0xffff) as usize;
        if !len.is_multiple_of(4) || len > MAX_PAYLOAD || buf.len() != 4 + len + 4 {
            return Err(ProtoError::BadLength("MCU TXINFO LEN"));
        }
        Ok(McuCommand {
            cmd: ((info >> 20) & 0x7f) as u8,
            seq: ((info >> 16) & 0xf) as u8,
            payload: buf[4..4 + len].to_vec(),
        })
    }

    /// RANDOM_WRITE commands for `pairs`, at most 24 pairs each; only the last asks for an
    /// answer (with `seq`), as Linux does.
    pub fn random_writes(pairs: &[(u32, u32)], seq: u8) -> Vec<McuCommand> {
        let chunks: Vec<&[(u32, u32)]> = pairs.chunks(MAX_PAYLOAD / 8).collect();
        let last = chunks.len().saturating_sub(1);
        chunks
            .into_iter()
            .enumerate()
            .map(|(i, chunk)| McuCommand {
                cmd: CMD_RANDOM_WRITE,
                seq: if i == last { seq } else { 0 },
                payload: chunk
                    .iter()
                    .flat_map(|(a, v)| a.to_le_bytes().into_iter().chain(v.to_le_bytes()))
                    .collect(),
            })
            .collect()
    }

    /// BURST_WRITE commands writing `values` to consecutive MAC registers from `offset`, at
    /// most 47 values each (the start address takes one word of the 192-octet payload); only
    /// the last asks for an answer, as Linux does.
    pub fn burst_writes(offset: u16, values: &[u32], seq: u8) -> Vec<McuCommand> {
        let per_command = MAX_PAYLOAD / 4 - 1;
        let chunks: Vec<&[u32]> = values.chunks(per_command).collect();
        let last = chunks.len().saturating_sub(1);
        chunks
            .into_iter()
            .enumerate()
            .map(|(i, chunk)| {
                let start = MEMMAP_WLAN + u32::from(offset) + (4 * i * per_command) as u32;
                McuCommand {
                    cmd: CMD_BURST_WRITE,
                    seq: if i == last { seq } else { 0 },
                    payload: std::iter::once(start)
                        .chain(chunk.iter().copied())
                        .flat_map(u32::to_le_bytes)
                        .collect(),
                }
            })
            .collect()
    }

    /// A two-word command (FUN_SET_OP, CALIBRATION_OP).
    pub fn pair(cmd: u8, a: u32, b: u32, seq: u8) -> McuCommand {
        McuCommand { cmd, seq, payload: [a.to_le_bytes(), b.to_le_bytes()].concat() }
    }
}

/// A response: (SEQ, event type).
pub fn decode_response(buf: &[u8]) -> Result<(u8, u8), ProtoError> {
    let w = le32(buf, 0, "MCU response")?;
    Ok((((w >> 16) & 0xf) as u8, ((w >> 20) & 0xf) as u8))
}

/// The response transfer to SEQ `seq` with event `evt`.
pub fn encode_response(seq: u8, evt: u8) -> Vec<u8> {
    let w = u32::from(seq & 0xf) << 16 | u32::from(evt & 0xf) << 20;
    [w.to_le_bytes(), [0; 4]].concat()
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn random_write_of_the_channel_plan() {
        let pairs: Vec<(u32, u32)> = (17..=20).map(|r| (rf_addr(0, r), 0x99)).collect();
        let cmds = McuCommand::random_writes(&pairs, 3);
        assert_eq!(cmds.len(), 1);
        let b = cmds[0].encode().unwrap();
        assert_eq!(&b[..4], &(32u32 | 3 << 16 | 12 << 20 | 2 << 27 | 1 << 30).to_le_bytes());
        assert_eq!(&b[4..8], &0x8000_0011u32.to_le_bytes(), "RF bank 0 register 17");
        assert_eq!(McuCommand::decode(&b).unwrap(), cmds[0]);
        let many: Vec<(u32, u32)> = (0..50).map(|i| (MEMMAP_BBP | i, i)).collect();
        let seqs: Vec<u8> = McuCommand::random_writes(&many, 7).iter().map(|c| c.seq).collect();
        assert_eq!(seqs, [0, 0, 7], "24 + 24 + 2 pairs, the last answered");
    }

    #[test]
    fn burst_writes_split_at_47_values() {
        let values: Vec<u32> = (0..100).collect();
        let cmds = McuCommand::burst_writes(0x1800, &values, 4);
        assert_eq!(cmds.iter().map(|c| c.payload.len() / 4 - 1).collect::<Vec<_>>(), [47, 47, 6]);
        assert_eq!(cmds.iter().map(|c| c.seq).collect::<Vec<_>>(), [0, 0, 4]);
        assert_eq!(&cmds[1].payload[..4], &(MEMMAP_WLAN + 0x1800 + 47 * 4).to_le_bytes());
        assert_eq!(&cmds[1].payload[4..8], &47u32.to_le_bytes(), "the second command goes on at value 47");
        assert!(cmds.iter().all(|c| c.encode().is_ok()), "each fits the inband payload");
    }

    #[test]
    fn calibration_ids() {
        assert_eq!(Calibration::from_id(9), Some(Calibration::TxDcoc));
        assert_eq!(Calibration::from_id(0), None);
        assert_eq!(Calibration::Dpd.command(25, 3).payload, [7, 0, 0, 0, 25, 0, 0, 0]);
    }

    #[test]
    fn responses_and_refusals() {
        assert_eq!(decode_response(&encode_response(5, EVT_CMD_DONE)).unwrap(), (5, 0));
        assert!(decode_response(&[1, 2]).is_err());
        assert!(McuCommand::decode(&[0; 8]).is_err(), "TYPE 0 is a packet, not a command");
    }
}
