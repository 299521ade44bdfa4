//! [`UsbRadio`]: the MT7601U as a [`Radio`] (Linux `mt7601u`'s `ieee80211_ops`, over any
//! [`UsbTransport`]).
//!
//! - `start` brings the chip up ([`bringup`]): firmware, MAC address from the eFuse, MAC on,
//!   channel 1.
//! - `configure`: channel (2.4 GHz 1-14, decoded by the chip from the RF plan), own address
//!   (one: the chip has a single address register), promiscuous (the RX filter's "not to me"
//!   and "other BSS" drop bits cleared, as monitor mode does). Keys are refused
//!   (`NotSupported`): the soft-MAC protects frames in software.
//! - `transmit`: TXINFO + TXWI + frame on the EDCA endpoint of the frame's access category,
//!   tagged with a free PKTID (1-15: the hardware queue is 15 frames); the status comes from
//!   `TX_STAT_FIFO`, read while frames are in flight.
//! - events: RX aggregates decoded into frames with signal and rate; TX statuses by PKTID;
//!   the device's disappearance as `Gone`.
//!
//! Bad input from the device is counted in [`UsbRadioStats`] and logged, never a panic: a
//! broken segment ends its transfer (the frames before it are kept), a frame with a bad FCS is
//! dropped, a status for a PKTID not in flight is ignored, a stalled endpoint is retried. A
//! disconnect — from any transfer — becomes [`RadioEvent::Gone`], after which every call
//! answers `Gone`.

mod bringup;
mod phy;
mod regio;

use super::proto::OutEndpoint;
use super::proto::desc::{TxFrame, encode_tx};
use super::proto::firmware::Firmware;
use super::proto::regs::{self, TxStat};
use super::proto::rx::decode_aggregate;
use super::transport::{UsbError, UsbTransport};
use crate::radio::{Radio, RadioError, RadioEvent};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{RadioRequest, RxInfo, Transmit, TxStatus};
use mac80211_core::wire::MacAddr;
use regio::RegIo;
use std::collections::{BTreeMap, VecDeque};
use std::task::{Context, Poll};

/// Frames in flight at once (PKTIDs 1-15).
pub const TX_CAPACITY: usize = 15;
/// How soon the FIFO is read again while frames wait for their status: of the order of a
/// frame's airtime with its retries, so the MAC's TX queue does not stall on a late read.
const STATUS_POLL: std::time::Duration = std::time::Duration::from_millis(1);
/// How often the PHY re-reads its temperature and compensates (`MT_CALIBRATE_INTERVAL`).
const CALIBRATE_INTERVAL: std::time::Duration = std::time::Duration::from_secs(4);

/// What went wrong with the device's input, counted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UsbRadioStats {
    /// RX transfers received.
    pub rx_transfers: u64,
    /// Frames delivered.
    pub rx_frames: u64,
    /// Segments that did not decode (their transfer's remainder was dropped).
    pub rx_bad_segments: u64,
    /// Frames the hardware flagged with a bad FCS.
    pub rx_crc_errors: u64,
    /// TX statuses for a PKTID not in flight.
    pub tx_status_unknown: u64,
    /// Endpoint stalls recovered from.
    pub stalls: u64,
}

/// An MT7601U dongle as a radio.
pub struct UsbRadio<T: UsbTransport> {
    io: RegIo<T>,
    phy: phy::PhyState,
    firmware: Firmware,
    addr: MacAddr,
    channel: u8,
    filter: u32,
    running: bool,
    gone: bool,
    /// PKTID → cookie.
    in_flight: BTreeMap<u8, u64>,
    events: VecDeque<RadioEvent>,
    freq: u16,
    stats: UsbRadioStats,
}

impl<T: UsbTransport> UsbRadio<T> {
    /// Probes the device behind `usb` (chip check, power-on, firmware, MAC address) and returns
    /// it ready to start.
    pub fn open(usb: T, firmware: Firmware) -> Result<UsbRadio<T>, RadioError> {
        let mut io = RegIo::new(usb);
        bringup::check_chip(&mut io)?;
        bringup::power_on(&mut io)?;
        bringup::load_firmware(&mut io, &firmware)?;
        let (addr, phy) = bringup::init_hardware(&mut io)?;
        tracing::info!(%addr, "MT7601U ready");
        Ok(UsbRadio {
            io,
            phy,
            firmware,
            addr,
            channel: 1,
            filter: regs::RX_FILTER_DEFAULT,
            running: false,
            gone: false,
            in_flight: BTreeMap::new(),
            events: VecDeque::new(),
            freq: 2412,
            stats: UsbRadioStats::default(),
        })
    }

    /// The 2.4 GHz channels the dongle's EEPROM allows (its country region).
    pub fn channels(&self) -> Vec<Channel> {
        let range = self.phy.ee.channels;
        (range.first..=range.last()).filter_map(|n| Channel::from_number(Band::Ghz2_4, n)).collect()
    }

    /// The counters.
    pub fn stats(&self) -> UsbRadioStats {
        self.stats
    }

    /// The firmware version running.
    pub fn firmware_version(&self) -> String {
        self.firmware.version_string()
    }

    fn check(&self) -> Result<(), RadioError> {
        match (self.gone, self.running) {
            (true, _) => Err(RadioError::Gone),
            (false, false) => Err(RadioError::Stopped),
            (false, true) => Ok(()),
        }
    }

    /// Marks the device gone after a transfer said so.
    fn watch<V>(&mut self, r: Result<V, RadioError>) -> Result<V, RadioError> {
        if matches!(r, Err(RadioError::Gone)) && !self.gone {
            self.gone = true;
            self.events.push_back(RadioEvent::Gone);
        }
        r
    }

    /// Runs the periodic calibration each time its interval has elapsed, while the radio is
    /// up (Linux arms its work in `start` and cancels it in `stop`).
    fn run_periodic_calibration(&mut self, cx: &mut Context<'_>) {
        while self.running && !self.gone && self.io.usb.poll_interval(cx, CALIBRATE_INTERVAL).is_ready() {
            let r = phy::periodic_calibration(&mut self.io, &mut self.phy);
            if let Err(e) = self.watch(r) {
                tracing::warn!(error = %e, "MT7601U: periodic calibration failed");
                break;
            }
        }
    }

    fn set_channel(&mut self, ch: Channel) -> Result<(), RadioError> {
        let n = match (ch.band(), ch.number()) {
            (Some(Band::Ghz2_4), Some(n)) if (1..=14).contains(&n) => n,
            _ => return Err(RadioError::Refused(format!("MT7601U is 2.4 GHz only: {} MHz", ch.freq))),
        };
        let allowed = self.phy.ee.channels;
        if !allowed.contains(n) {
            return Err(RadioError::Refused(format!(
                "channel {n} is outside the dongle's country region (EEPROM: channels {}-{})",
                allowed.first,
                allowed.last()
            )));
        }
        let r = phy::set_channel(&mut self.io, &mut self.phy, n);
        self.watch(r)?;
        self.channel = n;
        self.freq = ch.freq;
        Ok(())
    }

    fn set_filter(&mut self, promiscuous: bool) -> Result<(), RadioError> {
        let open = regs::RX_DROP_NOT_TO_ME | regs::RX_DROP_NOT_MY_BSS;
        self.filter = if promiscuous { regs::RX_FILTER_DEFAULT & !open } else { regs::RX_FILTER_DEFAULT };
        let r = self.io.wr(regs::RX_FILTR_CFG, self.filter);
        self.watch(r)
    }

    /// Decodes an RX transfer into events.
    fn take_rx(&mut self, buf: &[u8]) {
        self.stats.rx_transfers += 1;
        for item in decode_aggregate(buf) {
            match item {
                Ok(rx) if rx.crc_error => self.stats.rx_crc_errors += 1,
                Ok(rx) => {
                    self.stats.rx_frames += 1;
                    // The gain octet is relative to the LNA: the EEPROM's LNA gain and RSSI
                    // offset make it absolute (`mt7601u_phy_get_rssi`).
                    let ee = &self.phy.ee;
                    let signal =
                        i16::from(rx.signal_dbm) - i16::from(ee.lna_gain) - i16::from(ee.rssi_offset[0]);
                    let signal = signal.clamp(-128, 127) as i8;
                    if rx.to_me {
                        self.phy.avg_rssi.add(signal);
                    }
                    let info =
                        RxInfo { freq: self.freq, signal_dbm: signal, rate: Some(rx.rate), decrypted: false };
                    self.events.push_back(RadioEvent::Rx { frame: rx.frame, info });
                }
                Err(e) => {
                    self.stats.rx_bad_segments += 1;
                    tracing::debug!(error = %e, "MT7601U: bad RX segment");
                }
            }
        }
    }

    /// Reads `TX_STAT_FIFO` until it is empty, while frames are in flight.
    fn take_tx_status(&mut self) {
        while !self.in_flight.is_empty() && !self.gone {
            let word = self.io.rr(regs::TX_STAT_FIFO);
            let Ok(word) = self.watch(word) else { return };
            let Some(stat) = TxStat::decode(word) else { return };
            match self.in_flight.remove(&stat.pid) {
                Some(cookie) => {
                    let acked = stat.success || !stat.ack_req;
                    self.events.push_back(RadioEvent::TxStatus(TxStatus { cookie, acked, retries: 0 }));
                }
                None => {
                    self.stats.tx_status_unknown += 1;
                    tracing::debug!(pid = stat.pid, "MT7601U: TX status for a frame not in flight");
                }
            }
        }
    }
}

impl<T: UsbTransport> Drop for UsbRadio<T> {
    /// Powers the chip off, as Linux does when the driver lets go of it.
    fn drop(&mut self) {
        if !self.gone {
            let _ = bringup::power_off(&mut self.io);
        }
    }
}

/// The EDCA endpoint of a frame: management and QoS priorities 6-7 on VO, the rest on BE.
fn endpoint_of(frame: &[u8]) -> OutEndpoint {
    let fc0 = frame.first().copied().unwrap_or(0);
    let mgmt = fc0 & 0x0c == 0;
    let qos_tid = (fc0 & 0x8c == 0x88).then(|| frame.get(24).map_or(0, |q| q & 7));
    match (mgmt, qos_tid) {
        (true, _) | (_, Some(6 | 7)) => OutEndpoint::Edca(3),
        _ => OutEndpoint::Edca(1),
    }
}

impl<T: UsbTransport> Radio for UsbRadio<T> {
    fn addr(&self) -> MacAddr {
        self.addr
    }

    fn backend(&self) -> &'static str {
        "mt7601u"
    }

    fn start(&mut self) -> Result<(), RadioError> {
        if self.gone {
            return Err(RadioError::Gone);
        }
        let r = bringup::set_address(&mut self.io, self.addr)
            .and_then(|()| bringup::mac_start(&mut self.io, self.filter))
            .and_then(|()| phy::set_channel(&mut self.io, &mut self.phy, self.channel));
        self.watch(r)?;
        self.running = true;
        Ok(())
    }

    fn stop(&mut self) {
        if self.running && !self.gone {
            let r = bringup::mac_stop(&mut self.io);
            let _ = self.watch(r);
        }
        self.running = false;
        for (_, cookie) in std::mem::take(&mut self.in_flight) {
            self.events.push_back(RadioEvent::TxStatus(TxStatus { cookie, acked: false, retries: 0 }));
        }
    }

    fn configure(&mut self, request: &RadioRequest) -> Result<(), RadioError> {
        if self.gone {
            return Err(RadioError::Gone);
        }
        match request {
            RadioRequest::SetChannel(ch) => self.set_channel(*ch),
            RadioRequest::AddAddress(a) if *a == self.addr => Ok(()),
            RadioRequest::AddAddress(a) => {
                // One address register: a new one replaces the permanent one.
                let r = bringup::set_address(&mut self.io, *a);
                self.watch(r)?;
                self.addr = *a;
                Ok(())
            }
            RadioRequest::RemoveAddress(_) => Ok(()),
            RadioRequest::SetPromiscuous(on) => self.set_filter(*on),
            RadioRequest::InstallKey(..) | RadioRequest::RemoveKey(..) => {
                Err(RadioError::NotSupported("hardware crypto (the soft-MAC encrypts)"))
            }
        }
    }

    fn transmit(&mut self, t: Transmit) -> Result<(), RadioError> {
        self.check()?;
        let Some(pktid) = (1..=TX_CAPACITY as u8).find(|p| !self.in_flight.contains_key(p)) else {
            return Err(RadioError::Refused("TX queue full (15 frames in flight)".into()));
        };
        let endpoint = endpoint_of(&t.frame);
        let tx = TxFrame { frame: t.frame, rate: t.rate, ack: !t.no_ack, pktid };
        let bytes = encode_tx(&tx).map_err(|e| RadioError::Refused(e.to_string()))?;
        let r = self.io.usb.bulk_out(endpoint, &bytes).map_err(regio::radio_error);
        self.watch(r)?;
        self.in_flight.insert(pktid, t.cookie);
        Ok(())
    }

    fn tx_capacity(&self) -> usize {
        TX_CAPACITY
    }

    fn poll_event(&mut self, cx: &mut Context<'_>) -> Poll<RadioEvent> {
        if let Some(e) = self.events.pop_front() {
            return Poll::Ready(e);
        }
        if self.gone {
            return Poll::Pending;
        }
        self.run_periodic_calibration(cx);
        loop {
            match self.io.usb.poll_rx(cx) {
                Poll::Ready(Ok(buf)) => self.take_rx(&buf),
                Poll::Ready(Err(UsbError::Stall)) => {
                    self.stats.stalls += 1;
                    tracing::warn!("MT7601U: RX endpoint stalled; resubmitting");
                }
                Poll::Ready(Err(UsbError::Disconnected)) => {
                    self.gone = true;
                    self.events.push_back(RadioEvent::Gone);
                    break;
                }
                Poll::Ready(Err(e)) => {
                    tracing::warn!(error = %e, "MT7601U: RX transfer failed");
                    break;
                }
                Poll::Pending => break,
            }
        }
        self.take_tx_status();
        if !self.in_flight.is_empty() && !self.gone {
            // The chip says nothing when a status lands in the FIFO: look again soon.
            self.io.usb.wake_after(cx, STATUS_POLL);
        }
        match self.events.pop_front() {
            Some(e) => Poll::Ready(e),
            None => Poll::Pending,
        }
    }
}
