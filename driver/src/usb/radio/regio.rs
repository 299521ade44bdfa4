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
use std::time::Duration;

/// How long a poll waits for its condition: Linux's longest, the firmware start (100 × 10 ms).
const POLL_BUDGET: Duration = Duration::from_secs(1);
/// The first pause of a poll that found its condition false; it doubles up to [`POLL_STEP_MAX`].
const POLL_STEP_MIN: Duration = Duration::from_micros(10);
const POLL_STEP_MAX: Duration = Duration::from_millis(10);

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
        self.poll_until(what, |io| Ok(io.rr(offset)? & mask == want))
    }

    /// Asks `ready` until it says yes, for up to [`POLL_BUDGET`]: at once while the chip keeps
    /// up (the common case costs no pause), then with pauses of 10 µs doubling to 10 ms.
    pub fn poll_until(
        &mut self,
        what: &str,
        mut ready: impl FnMut(&mut RegIo<T>) -> Result<bool, RadioError>,
    ) -> Result<(), RadioError> {
        let (mut step, mut waited) = (POLL_STEP_MIN, Duration::ZERO);
        while !ready(self)? {
            if waited >= POLL_BUDGET {
                return Err(RadioError::Refused(format!("{what}: timed out")));
            }
            self.usb.settle(step);
            waited += step;
            step = (step * 2).min(POLL_STEP_MAX);
        }
        Ok(())
    }

    /// Reads a BBP register.
    pub fn bbp_rr(&mut self, reg: u8) -> Result<u8, RadioError> {
        self.poll(BBP_CSR_CFG, BBP_BUSY, 0, "BBP idle")?;
        self.wr(BBP_CSR_CFG, BBP_BUSY | BBP_RW_MODE | BBP_READ | u32::from(reg) << 8)?;
        self.poll(BBP_CSR_CFG, BBP_BUSY, 0, "BBP read")?;
        let v = self.rr(BBP_CSR_CFG)?;
        if (v >> 8) as u8 != reg {
            return Err(RadioError::Refused(format!("BBP read of R{reg} answered R{}", (v >> 8) as u8)));
        }
        Ok(v as u8)
    }

    /// Writes a BBP register directly (`BBP_CSR_CFG`).
    pub fn bbp_wr(&mut self, reg: u8, value: u8) -> Result<(), RadioError> {
        self.poll(BBP_CSR_CFG, BBP_BUSY, 0, "BBP idle")?;
        self.wr(BBP_CSR_CFG, BBP_BUSY | BBP_RW_MODE | u32::from(reg) << 8 | u32::from(value))
    }

    /// BBP read-modify-write: clears `mask`, sets `set`; returns the value written.
    pub fn bbp_rmw(&mut self, reg: u8, mask: u8, set: u8) -> Result<u8, RadioError> {
        let v = (self.bbp_rr(reg)? & !mask) | set;
        self.bbp_wr(reg, v)?;
        Ok(v)
    }

    /// Like [`RegIo::bbp_rmw`], but writes only when the value changes.
    pub fn bbp_rmc(&mut self, reg: u8, mask: u8, set: u8) -> Result<u8, RadioError> {
        let old = self.bbp_rr(reg)?;
        let v = (old & !mask) | set;
        if v != old {
            self.bbp_wr(reg, v)?;
        }
        Ok(v)
    }

    /// Writes an RF register directly (`RF_CSR_CFG`).
    pub fn rf_wr(&mut self, bank: u8, reg: u8, value: u8) -> Result<(), RadioError> {
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF idle")?;
        self.wr(RF_CSR_CFG, RF_KICK | RF_WR | rf_target(bank, reg) | u32::from(value))?;
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF write")
    }

    /// Reads an RF register (`RF_CSR_CFG`; the answer names the register it reports).
    pub fn rf_rr(&mut self, bank: u8, reg: u8) -> Result<u8, RadioError> {
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF idle")?;
        self.wr(RF_CSR_CFG, RF_KICK | rf_target(bank, reg))?;
        self.poll(RF_CSR_CFG, RF_KICK, 0, "RF read")?;
        let v = self.rr(RF_CSR_CFG)?;
        if v & 0x3_ff00 != rf_target(bank, reg) {
            return Err(RadioError::Refused(format!("RF read of {bank}:{reg} answered another register")));
        }
        Ok(v as u8)
    }

    /// RF read-modify-write: clears `mask`, sets `set`; returns the value written.
    pub fn rf_rmw(&mut self, bank: u8, reg: u8, mask: u8, set: u8) -> Result<u8, RadioError> {
        let v = (self.rf_rr(bank, reg)? & !mask) | set;
        self.rf_wr(bank, reg, v)?;
        Ok(v)
    }

    /// Writes (memory-map address, value) pairs by MCU RANDOM_WRITE.
    pub fn random_write(&mut self, pairs: &[(u32, u32)]) -> Result<(), RadioError> {
        self.mcu(|seq| McuCommand::random_writes(pairs, seq))
    }

    /// Writes consecutive MAC registers from `offset` by MCU BURST_WRITE.
    pub fn burst_write(&mut self, offset: u16, values: &[u32]) -> Result<(), RadioError> {
        self.mcu(|seq| McuCommand::burst_writes(offset, values, seq))
    }

    /// Runs a calibration in the firmware and waits for it to finish.
    pub fn calibrate(&mut self, cal: mcu::Calibration, value: u32) -> Result<(), RadioError> {
        self.mcu(|seq| vec![cal.command(value, seq)])
    }

    /// Reads the 16-octet eFuse block at `addr`, in logical (EEPROM) or physical mode; a
    /// block the usage map does not cover (`AOUT` all ones) reads as 0xff, as Linux takes it.
    pub fn efuse_block(&mut self, addr: u16, physical: bool) -> Result<[u8; 16], RadioError> {
        let ctrl = self.rr(EFUSE_CTRL)? & !(EFUSE_AIN | EFUSE_MODE | EFUSE_KICK);
        let mode = if physical { EFUSE_MODE_PHYSICAL } else { 0 };
        self.wr(EFUSE_CTRL, ctrl | u32::from(addr & !0xf) << 16 | mode | EFUSE_KICK)?;
        self.poll(EFUSE_CTRL, EFUSE_KICK, 0, "eFuse read")?;
        if self.rr(EFUSE_CTRL)? & EFUSE_AOUT == EFUSE_AOUT {
            return Ok([0xff; 16]);
        }
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

/// The bank and register fields of `RF_CSR_CFG`.
fn rf_target(bank: u8, reg: u8) -> u32 {
    u32::from(bank & 0xf) << 14 | u32::from(reg & 0x3f) << 8
}
