//! Register, BBP, RF and MCU access over a [`UsbTransport`] (Linux `usb.c`, `phy.c`, `mcu.c`).
//!
//! A 32-bit write is two vendor WRITE requests, low half then high half; a read is one
//! MULTI_READ of 4 octets (a short read is an error). Indirect BBP and RF accesses go through
//! `BBP_CSR_CFG` / `RF_CSR_CFG` and poll their BUSY/KICK bit. MCU commands carry a sequence
//! number 1-15 when an answer is expected and wait for the response with that number.

use super::super::proto::mcu::McuCommand;
use super::super::proto::regs::*;
use super::super::proto::{OutEndpoint, mcu, vendor};
use super::super::transport::{UsbError, UsbTransport};
use crate::radio::RadioError;

/// Polls of a busy bit before giving up (the emulator answers at once; Linux allows ~100).
const POLLS: usize = 100;

/// Register I/O of one device, with the MCU sequence counter.
pub struct RegIo<T: UsbTransport> {
    /// The transport.
    pub usb: T,
    seq: u8,
}

/// A transport failure as the radio reports it.
pub fn radio_error(e: UsbError) -> RadioError {
    match e {
        UsbError::Disconnected => RadioError::Gone,
        other => RadioError::Refused(format!("USB: {other}")),
    }
}

impl<T: UsbTransport> RegIo<T> {
    /// Register I/O over `usb`.
    pub fn new(usb: T) -> RegIo<T> {
        RegIo { usb, seq: 0 }
    }

    /// Reads a 32-bit register.
    pub fn rr(&mut self, offset: u16) -> Result<u32, RadioError> {
        let mut b = [0u8; 4];
        let n = self.usb.control_in(vendor::MULTI_READ, 0, offset, &mut b).map_err(radio_error)?;
        if n != b.len() {
            return Err(RadioError::Refused("short register read".into()));
        }
        Ok(u32::from_le_bytes(b))
    }

    /// Writes a 32-bit register (two 16-bit vendor writes, low half first).
    pub fn wr(&mut self, offset: u16, value: u32) -> Result<(), RadioError> {
        self.write_halves(vendor::WRITE, offset, value)
    }

    /// Writes an FCE DMA register (`MT_VEND_WRITE_FCE`).
    pub fn wr_fce(&mut self, offset: u16, value: u32) -> Result<(), RadioError> {
        self.write_halves(vendor::WRITE_FCE, offset, value)
    }

    fn write_halves(&mut self, request: u8, offset: u16, value: u32) -> Result<(), RadioError> {
        self.usb.control_out(request, value as u16, offset, &[]).map_err(radio_error)?;
        self.usb.control_out(request, (value >> 16) as u16, offset + 2, &[]).map_err(radio_error)
    }

    /// Read-modify-write: clears `clear`, sets `set`.
    pub fn rmw(&mut self, offset: u16, clear: u32, set: u32) -> Result<u32, RadioError> {
        let v = (self.rr(offset)? & !clear) | set;
        self.wr(offset, v)?;
        Ok(v)
    }

    /// Polls until `(reg & mask) == want`.
    pub fn poll(&mut self, offset: u16, mask: u32, want: u32, what: &'static str) -> Result<(), RadioError> {
        for _ in 0..POLLS {
            if self.rr(offset)? & mask == want {
                return Ok(());
            }
        }
        Err(RadioError::Refused(format!("{what}: timed out")))
    }

    /// Reads a BBP register.
    pub fn bbp_rr(&mut self, reg: u8) -> Result<u8, RadioError> {
        self.poll(BBP_CSR_CFG, BBP_BUSY, 0, "BBP idle")?;
        self.wr(BBP_CSR_CFG, BBP_BUSY | BBP_READ | u32::from(reg) << 8)?;
        self.poll(BBP_CSR_CFG, BBP_BUSY, 0, "BBP read")?;
        Ok(self.rr(BBP_CSR_CFG)? as u8)
    }

    /// Writes an RF register directly (`RF_CSR_CFG`).
    pub fn rf_wr(&mut self, bank: u8, reg: u8, value: u8) -> Result<(), RadioError> {
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF idle")?;
        self.wr(
            RF_CSR_CFG,
            RF_KICK | RF_WR | u32::from(bank) << 14 | u32::from(reg) << 8 | u32::from(value),
        )?;
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF write")
    }

    /// Reads an eFuse block (logical mode) of 16 octets at `addr`.
    pub fn efuse_block(&mut self, addr: u16) -> Result<[u8; 16], RadioError> {
        let ctrl = self.rr(EFUSE_CTRL)? & !(0x3ff << 16 | 0xc0 | EFUSE_KICK);
        self.wr(EFUSE_CTRL, ctrl | u32::from(addr & !0xf) << 16 | EFUSE_KICK)?;
        self.poll(EFUSE_CTRL, EFUSE_KICK, 0, "eFuse read")?;
        let mut out = [0u8; 16];
        for i in 0..4 {
            let w = self.rr(EFUSE_DATA0 + 4 * i as u16)?;
            out[4 * i..4 * i + 4].copy_from_slice(&w.to_le_bytes());
        }
        Ok(out)
    }

    /// The next sequence number (1-15).
    fn next_seq(&mut self) -> u8 {
        self.seq = self.seq % 15 + 1;
        self.seq
    }

    /// Sends MCU commands; the last is answered, and the answer awaited.
    pub fn mcu(&mut self, build: impl FnOnce(u8) -> Vec<McuCommand>) -> Result<(), RadioError> {
        let seq = self.next_seq();
        let cmds = build(seq);
        let wants_answer = cmds.iter().any(|c| c.seq != 0);
        for c in &cmds {
            let bytes = c.encode().map_err(|e| RadioError::Refused(e.to_string()))?;
            self.usb.bulk_out(OutEndpoint::InbandCmd, &bytes).map_err(radio_error)?;
        }
        if !wants_answer {
            return Ok(());
        }
        // Linux waits for the matching sequence number, dropping stale answers.
        for _ in 0..5 {
            let resp = self.usb.mcu_response().map_err(radio_error)?;
            match mcu::decode_response(&resp) {
                Ok((s, mcu::EVT_CMD_DONE)) if s == seq => return Ok(()),
                Ok((s, evt)) => tracing::debug!(seq = s, evt, want = seq, "MCU response skipped"),
                Err(e) => tracing::debug!(error = %e, "bad MCU response"),
            }
        }
        Err(RadioError::Refused(format!("MCU: no answer to sequence {seq}")))
    }
}
