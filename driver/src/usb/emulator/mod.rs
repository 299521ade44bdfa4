//! An emulated MT7601U behind [`UsbTransport`], its radio on the simulated medium
//! (`reference/usb-dongle.md` §4.14).
//!
//! The dongle behaves like the chip as far as the Linux driver's usage shows it: a register
//! file with the reset values the driver checks (`ASIC_VERSION`, `MAC_CSR0`), registers whose
//! writes act (power, eFuse reads, BBP and RF indirect access, MAC address, RX filter, MAC
//! enable), the firmware handshake (chunks validated against the FCE DMA registers, `COM_REG1`
//! bit 31 per chunk, `COM_REG0` = 1 after `DEV_MODE 0x12` with the IVB), the MCU commands
//! Linux sends (RANDOM_WRITE, BURST_WRITE, FUN_SET_OP, CALIBRATION_OP; answered when SEQ ≠ 0),
//! and the radio: the channel is decoded from the RF plan when the driver kicks the VCO
//! calibration, a TX descriptor becomes a frame on the medium, a frame from the medium becomes
//! an RX segment (aggregated per transfer), and the medium's ACK becomes a `TX_STAT_FIFO`
//! entry (16 deep, dropped when full, as rt2800 documents).
//!
//! It is strict where a driver bug would hide on real hardware: a register write before the
//! chip is powered, a firmware start without a complete upload, a command or a frame before
//! the firmware runs, a malformed descriptor — each fails the transfer with
//! [`UsbError::Protocol`] saying what was wrong and is counted ([`DongleStats::violations`]).
//!
//! Faults ([`Faults`], set through the shared [`DongleHandle`]) let tests break it the way
//! hardware breaks: garbled or short RX transfers, a TX status for a frame never sent, a
//! stalled RX endpoint, an unplug.

mod checklist;
mod handle;
mod registers;

use handle::Counter;
pub use handle::{DongleHandle, DongleStats, Faults};

use super::proto::eeprom::{self, ImageBuilder};
use super::proto::firmware::{Firmware, decode_chunk};
use super::proto::mcu::{self, McuCommand};
use super::proto::regs::{self, TxStat};
use super::proto::rx::{RxFrame, encode_segment};
use super::proto::{OutEndpoint, channel, desc, vendor};
use super::transport::{IntervalTimer, UsbError, UsbTransport};
use crate::radio::{Radio, RadioEvent};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{RadioRequest, Transmit, VifId};
use mac80211_core::wire::MacAddr;
use registers::Registers;
use std::collections::{BTreeMap, VecDeque};
use std::task::{Context, Poll};
use std::time::Duration;

/// Depth of `TX_STAT_FIFO`.
const TX_STAT_DEPTH: usize = 16;
/// Largest RX transfer (Linux's 32 KiB URBs, 28 KiB aggregation limit).
const RX_TRANSFER_MAX: usize = 28 * 1024;

/// Where the firmware stands.
#[derive(Debug, PartialEq, Eq)]
enum FirmwareState {
    /// Not loaded.
    Cold,
    /// Chunks arriving: octets received so far.
    Loading(usize),
    /// Running.
    Running,
}

/// BBP R66, the receiver's AGC gain, which tests watch through [`DongleStats`].
const AGC_GAIN: u8 = 66;

/// An emulated MT7601U dongle.
pub struct EmulatedDongle<R: Radio> {
    radio: R,
    regs: Registers,
    firmware: FirmwareState,
    mcu_responses: VecDeque<Vec<u8>>,
    rx_segments: VecDeque<Vec<u8>>,
    tx_stat: VecDeque<TxStat>,
    /// Frames on the medium: cookie → (PKTID, ACK requested, rate word).
    in_flight: BTreeMap<u64, (u8, bool, u16)>,
    next_cookie: u64,
    addr: Option<MacAddr>,
    /// The channel the RF plan tuned (1 until the first VCO kick).
    channel: u8,
    /// What the RSSI reading adds to the signal: the EEPROM's LNA gain and RSSI offset.
    rssi_bias: i16,
    started: bool,
    /// The driver's periodic calibration timer ([`UsbTransport::poll_interval`]).
    calibration_timer: IntervalTimer,
    handle: DongleHandle,
}

impl<R: Radio> EmulatedDongle<R> {
    /// A dongle whose eFuse holds the recommended emulator image for `addr`
    /// ([`ImageBuilder::new`]), transmitting through `radio` (a simulated radio on the medium,
    /// powered off). Returns it with its test handle.
    pub fn new(radio: R, addr: MacAddr) -> (EmulatedDongle<R>, DongleHandle) {
        EmulatedDongle::with_eeprom(radio, &ImageBuilder::new(addr))
    }

    /// A dongle whose eFuse holds `image` (its physical layout, usage map included), so tests
    /// can vary the country region, gains and power settings, or hand the driver a bad image.
    /// The chip reads the EEPROM's reference temperature from its sensor.
    pub fn with_eeprom(radio: R, image: &ImageBuilder) -> (EmulatedDongle<R>, DongleHandle) {
        let handle = DongleHandle::default();
        let efuse = image.build_efuse();
        let temperature = efuse[eeprom::field::REF_TEMP] as i8;
        // An image the driver refuses never gets to RX, so its bias does not matter.
        let rssi_bias =
            eeprom::parse(&efuse).map_or(0, |ee| i16::from(ee.lna_gain) + i16::from(ee.rssi_offset[0]));
        let dongle = EmulatedDongle {
            radio,
            regs: Registers::new(&efuse, temperature),
            firmware: FirmwareState::Cold,
            mcu_responses: VecDeque::new(),
            rx_segments: VecDeque::new(),
            tx_stat: VecDeque::new(),
            in_flight: BTreeMap::new(),
            next_cookie: 0,
            addr: None,
            channel: 1,
            rssi_bias,
            started: false,
            calibration_timer: IntervalTimer::default(),
            handle: handle.clone(),
        };
        (dongle, handle)
    }

    /// Refuses a protocol violation loudly: counted, logged, and the transfer fails.
    fn violation(&self, what: impl Into<String>) -> UsbError {
        let what = what.into();
        tracing::warn!(violation = %what, "emulated MT7601U refused a transfer");
        self.handle.violation(&what);
        UsbError::Protocol(what)
    }

    fn check_plugged(&self) -> Result<(), UsbError> {
        if self.handle.unplugged() { Err(UsbError::Disconnected) } else { Ok(()) }
    }

    /// Takes a sensor reading the test set.
    fn sense(&mut self) {
        if let Some(raw) = self.handle.take_temperature() {
            self.regs.temperature = raw;
        }
    }

    /// A whole 32-bit register write, with what it sets in motion.
    fn write_reg(&mut self, offset: u16, value: u32) -> Result<(), UsbError> {
        self.sense();
        if !self.regs.powered() && !registers::writable_unpowered(offset) {
            return Err(
                self.violation(format!("register write 0x{offset:04x} before power-on (WLAN_FUN_CTRL)"))
            );
        }
        if offset & !3 == regs::MAC_SYS_CTRL && value & regs::MAC_ENABLE_TX != 0 && !self.regs.tx_enabled() {
            let missing = self.regs.checklist.missing();
            if !missing.is_empty() {
                return Err(
                    self.violation(format!("MAC TX enabled before bring-up loaded: {}", missing.join(", ")))
                );
            }
        }
        let effect = self.regs.write(offset, value);
        self.handle.agc_gain(self.regs.bbp(AGC_GAIN));
        self.apply(effect)
    }

    /// Applies a register side effect to the radio.
    fn apply(&mut self, effect: registers::Effect) -> Result<(), UsbError> {
        match effect {
            registers::Effect::None => Ok(()),
            registers::Effect::Tune(plan) => {
                let Some(n) = channel::channel_of(plan) else {
                    return Err(
                        self.violation(format!("VCO calibration with an RF plan of no channel: {plan:02x?}"))
                    );
                };
                self.channel = n;
                self.handle.tuned(n);
                let ch = Channel::from_number(Band::Ghz2_4, n).ok_or_else(|| self.violation("channel"))?;
                self.radio
                    .configure(&RadioRequest::SetChannel(ch))
                    .map_err(|e| UsbError::Other(e.to_string()))
            }
            registers::Effect::Address(addr) => {
                if let Some(old) = self.addr.replace(addr) {
                    let _ = self.radio.configure(&RadioRequest::RemoveAddress(old));
                }
                self.radio
                    .configure(&RadioRequest::AddAddress(addr))
                    .map_err(|e| UsbError::Other(e.to_string()))
            }
            registers::Effect::Filter { promiscuous } => self
                .radio
                .configure(&RadioRequest::SetPromiscuous(promiscuous))
                .map_err(|e| UsbError::Other(e.to_string())),
            registers::Effect::MacEnable { rx } => {
                if rx && !self.started {
                    self.radio.start().map_err(|e| UsbError::Other(e.to_string()))?;
                    self.started = true;
                } else if !rx && self.started {
                    self.radio.stop();
                    self.started = false;
                }
                Ok(())
            }
        }
    }

    /// A bulk transfer on the inband command endpoint: a firmware chunk, or an MCU command.
    fn inband(&mut self, data: &[u8]) -> Result<(), UsbError> {
        if self.firmware != FirmwareState::Running {
            let chunk = decode_chunk(data).map_err(|e| self.violation(format!("firmware chunk: {e}")))?;
            let announced = (self.regs.read_plain(regs::FCE_DMA_LEN) >> 16) as usize;
            if announced != super::proto::round4(chunk.len()) {
                return Err(self.violation(format!(
                    "firmware chunk of {} octets, FCE_DMA_LEN announced {announced}",
                    chunk.len()
                )));
            }
            let so_far = match self.firmware {
                FirmwareState::Loading(n) => n,
                _ => 0,
            };
            self.firmware = FirmwareState::Loading(so_far + chunk.len());
            self.regs.set_plain(regs::MCU_COM_REG1, 1 << 31);
            self.handle.count(Counter::FirmwareChunks);
            return Ok(());
        }
        let cmd = McuCommand::decode(data).map_err(|e| self.violation(format!("MCU command: {e}")))?;
        self.execute(&cmd)?;
        self.handle.count(Counter::McuCommands);
        self.handle.agc_gain(self.regs.bbp(AGC_GAIN));
        if cmd.seq != 0 {
            self.mcu_responses.push_back(mcu::encode_response(cmd.seq, mcu::EVT_CMD_DONE));
        }
        Ok(())
    }

    /// Runs an MCU command on the register spaces.
    fn execute(&mut self, cmd: &McuCommand) -> Result<(), UsbError> {
        let words: Vec<u32> =
            cmd.payload.chunks_exact(4).map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]])).collect();
        match cmd.cmd {
            mcu::CMD_RANDOM_WRITE => {
                for pair in words.chunks_exact(2) {
                    self.memmap_write(pair[0], pair[1])?;
                }
                Ok(())
            }
            mcu::CMD_BURST_WRITE => {
                let Some((&start, values)) = words.split_first() else {
                    return Err(self.violation("BURST_WRITE without an address"));
                };
                for (i, &v) in values.iter().enumerate() {
                    self.memmap_write(start + 4 * i as u32, v)?;
                }
                Ok(())
            }
            mcu::CMD_FUN_SET_OP if words.len() == 2 => match words[0] {
                mcu::FUN_Q_SELECT | mcu::FUN_ATOMIC_TSSI => Ok(()),
                f => Err(self.violation(format!("FUN_SET_OP function {f}"))),
            },
            mcu::CMD_CALIBRATION_OP if words.len() == 2 => {
                let Some(cal) = mcu::Calibration::from_id(words[0]) else {
                    return Err(self.violation(format!("calibration id {}", words[0])));
                };
                self.regs.checklist.calibrate(cal).map_err(|why| self.violation(why))?;
                self.handle.calibrated(cal, words[1]);
                Ok(())
            }
            other => Err(self.violation(format!("MCU command {other} with {} words", words.len()))),
        }
    }

    /// A write through the MCU memory map.
    fn memmap_write(&mut self, addr: u32, value: u32) -> Result<(), UsbError> {
        match addr {
            a if a & mcu::MEMMAP_RF == mcu::MEMMAP_RF => {
                let (bank, reg) = (((a >> 16) & 0xf) as u8, (a & 0x3f) as u8);
                let effect = self.regs.rf_write(bank, reg, value as u8);
                self.apply(effect)
            }
            a if a & mcu::MEMMAP_BBP == mcu::MEMMAP_BBP => {
                self.regs.bbp_write((a & 0xff) as u8, value as u8);
                Ok(())
            }
            a if a & !0xffff == mcu::MEMMAP_WLAN => self.write_reg((a & 0xffff) as u16, value),
            a => Err(self.violation(format!("MCU write to unknown address 0x{a:08x}"))),
        }
    }

    /// A data frame for the medium.
    fn transmit(&mut self, data: &[u8]) -> Result<(), UsbError> {
        if self.firmware != FirmwareState::Running || !self.regs.tx_enabled() {
            return Err(self.violation("data frame before the firmware runs and MAC_SYS_CTRL enables TX"));
        }
        let tx = desc::decode_tx(data).map_err(|e| self.violation(format!("TX descriptor: {e}")))?;
        self.next_cookie += 1;
        let cookie = self.next_cookie;
        let rate_word = desc::rate_word(tx.rate);
        let t = Transmit {
            cookie,
            vif: VifId(0),
            channel: self.radio_channel(),
            no_ack: !tx.ack,
            frame: tx.frame,
            rate: tx.rate,
            retry_limit: (self.regs.read_plain(regs::TX_RETRY_CFG) & 0xff).min(15) as u8,
        };
        self.radio.transmit(t).map_err(|e| UsbError::Other(e.to_string()))?;
        self.in_flight.insert(cookie, (tx.pktid, tx.ack, rate_word));
        self.handle.count(Counter::TxFrames);
        Ok(())
    }

    fn radio_channel(&self) -> Channel {
        Channel::from_number(Band::Ghz2_4, self.channel).unwrap_or(Channel::from_freq(2412))
    }

    /// Takes what the medium reported: frames become RX segments, ACKs FIFO entries.
    fn drain_radio(&mut self, cx: &mut Context<'_>) -> Result<(), UsbError> {
        while let Poll::Ready(event) = self.radio.poll_event(cx) {
            match event {
                RadioEvent::Rx { frame, info } => {
                    if !self.regs.rx_enabled() {
                        continue;
                    }
                    let rate = info.rate.unwrap_or(mac80211_core::mac::TxRate::Legacy(2));
                    // The front end's LNA gain and RSSI offset, as the EEPROM states them, are
                    // in the reading; the driver takes them out again.
                    let reading = (i16::from(info.signal_dbm) + self.rssi_bias).clamp(-128, 127) as i8;
                    // Address 1 at octets 4-9 (every frame the medium delivers has one).
                    let to_me = self.addr.is_some_and(|a| frame.get(4..10) == Some(&a.0[..]));
                    let rx = RxFrame { frame, signal_dbm: reading, rate, crc_error: false, to_me };
                    self.rx_segments.push_back(encode_segment(&rx));
                    self.handle.count(Counter::RxFrames);
                }
                RadioEvent::TxStatus(s) => {
                    if let Some((pid, ack_req, rate)) = self.in_flight.remove(&s.cookie)
                        && pid != 0
                        && self.tx_stat.len() < TX_STAT_DEPTH
                    {
                        self.tx_stat.push_back(TxStat { pid, success: s.acked, ack_req, rate });
                    }
                }
                RadioEvent::Gone => return Err(UsbError::Disconnected),
            }
        }
        Ok(())
    }

    /// One RX transfer from the queued segments (as many as fit, when aggregation is on).
    fn next_rx_transfer(&mut self) -> Option<Vec<u8>> {
        let first = self.rx_segments.front()?.len();
        // How many segments this transfer carries, so it is built in one allocation.
        let (mut count, mut len) = (1, first);
        if self.regs.rx_aggregation() {
            for s in self.rx_segments.iter().skip(1) {
                if len + s.len() > RX_TRANSFER_MAX {
                    break;
                }
                (count, len) = (count + 1, len + s.len());
            }
        }
        let mut out = Vec::with_capacity(len);
        for s in self.rx_segments.drain(..count) {
            out.extend_from_slice(&s);
        }
        if self.handle.take(|f| &mut f.garble_next_rx) {
            out[0] ^= 0x02; // the DMA length is no longer a multiple of 4
        }
        if self.handle.take(|f| &mut f.truncate_next_rx) {
            out.truncate(out.len() / 2);
        }
        Some(out)
    }
}

impl<R: Radio> UsbTransport for EmulatedDongle<R> {
    fn control_in(
        &mut self,
        request: u8,
        _value: u16,
        index: u16,
        buf: &mut [u8],
    ) -> Result<usize, UsbError> {
        self.check_plugged()?;
        self.sense();
        let Ok(out) = <&mut [u8; 4]>::try_from(buf) else {
            return Err(self.violation(format!("control IN request 0x{request:02x}: not 4 octets")));
        };
        if request != vendor::MULTI_READ {
            return Err(self.violation(format!("control IN request 0x{request:02x}")));
        }
        let value = match index {
            regs::TX_STAT_FIFO if self.handle.take(|f| &mut f.bogus_tx_status) => {
                TxStat { pid: 15, success: true, ack_req: true, rate: 0 }.encode()
            }
            regs::TX_STAT_FIFO => self.tx_stat.pop_front().map_or(0, |s| s.encode()),
            _ => self.regs.read(index),
        };
        *out = value.to_le_bytes();
        Ok(4)
    }

    fn control_out(&mut self, request: u8, value: u16, index: u16, data: &[u8]) -> Result<(), UsbError> {
        self.check_plugged()?;
        match request {
            vendor::WRITE | vendor::WRITE_FCE => {
                if let Some((offset, word)) = self.regs.write_half(index, value) {
                    self.write_reg(offset, word)?;
                }
                Ok(())
            }
            vendor::DEV_MODE if value == vendor::MODE_RESET => {
                self.firmware = FirmwareState::Cold;
                Ok(())
            }
            vendor::DEV_MODE if value == vendor::MODE_START_FW => {
                let FirmwareState::Loading(octets) = self.firmware else {
                    return Err(self.violation("firmware start before any chunk"));
                };
                if data.len() != super::proto::firmware::IVB_LEN || octets == 0 {
                    return Err(self.violation(format!("firmware start with a {}-octet IVB", data.len())));
                }
                self.firmware = FirmwareState::Running;
                self.regs.set_plain(regs::MCU_COM_REG0, 1);
                Ok(())
            }
            other => Err(self.violation(format!("control OUT request 0x{other:02x} value 0x{value:04x}"))),
        }
    }

    fn bulk_out(&mut self, endpoint: OutEndpoint, data: &[u8]) -> Result<(), UsbError> {
        self.check_plugged()?;
        match endpoint {
            OutEndpoint::InbandCmd => self.inband(data),
            OutEndpoint::Edca(_) => self.transmit(data),
            OutEndpoint::Hcca => Err(self.violation("the HCCA endpoint is unused")),
        }
    }

    fn mcu_response(&mut self) -> Result<Vec<u8>, UsbError> {
        self.check_plugged()?;
        self.mcu_responses.pop_front().ok_or(UsbError::Timeout)
    }

    fn poll_rx(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, UsbError>> {
        if let Err(e) = self.check_plugged() {
            return Poll::Ready(Err(e));
        }
        if self.handle.take(|f| &mut f.stall_rx_once) {
            return Poll::Ready(Err(UsbError::Stall));
        }
        if let Err(e) = self.drain_radio(cx) {
            return Poll::Ready(Err(e));
        }
        match self.next_rx_transfer() {
            Some(t) => Poll::Ready(Ok(t)),
            None => Poll::Pending,
        }
    }

    /// Every measurement and calibration completes at once.
    fn settle(&mut self, _d: Duration) {}

    /// A wall-clock timer, as a real dongle's host has; a test elapses it at once through
    /// [`DongleHandle::elapse_calibration_interval`].
    fn poll_interval(&mut self, cx: &mut Context<'_>, period: Duration) -> Poll<()> {
        if self.handle.take_calibration_due() {
            return Poll::Ready(());
        }
        self.calibration_timer.poll(cx, period)
    }
}

/// The image a test uploads: a synthetic firmware of the real one's size.
pub fn test_firmware() -> Firmware {
    // A synthetic image always parses.
    Firmware::parse(&Firmware::synthetic(45_380)).unwrap_or_else(|_| unreachable!("synthetic image"))
}
