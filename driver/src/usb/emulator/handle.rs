//! The test's side of an emulated dongle: faults in, statistics out, shared with the dongle
//! while it runs on the runner's task.
//!
//! The dongle consults it on every transfer, so the common case costs no lock: counters are
//! atomics, and the faults are read only while one is armed (`armed` is set exactly when some
//! fault is).

use super::super::proto::mcu::Calibration;
use std::sync::atomic::{AtomicBool, AtomicI8, AtomicU8, AtomicU64, Ordering::Relaxed};
use std::sync::{Arc, Mutex, MutexGuard};

/// Ways to break the dongle, for tests.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Faults {
    /// The next RX transfer arrives with its DMA length field garbled.
    pub garble_next_rx: bool,
    /// The next RX transfer arrives cut short.
    pub truncate_next_rx: bool,
    /// The RX endpoint stalls once.
    pub stall_rx_once: bool,
    /// Put a TX status for a PKTID never sent into the FIFO.
    pub bogus_tx_status: bool,
    /// The device is unplugged: every transfer fails with `Disconnected`.
    pub unplugged: bool,
}

impl Faults {
    fn any(&self) -> bool {
        *self != Faults::default()
    }
}

/// What the dongle saw.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DongleStats {
    /// Protocol violations refused.
    pub violations: u64,
    /// The last violation.
    pub last_violation: Option<String>,
    /// Firmware chunks accepted.
    pub firmware_chunks: u64,
    /// MCU commands executed.
    pub mcu_commands: u64,
    /// Frames put on the medium.
    pub tx_frames: u64,
    /// Frames received from the medium and queued for the host.
    pub rx_frames: u64,
    /// The channel the RF plan tunes (1-14), once kicked.
    pub channel: Option<u8>,
    /// `CALIBRATION_OP` commands run.
    pub calibrations: u64,
    /// The last calibration asked for, with its parameter.
    pub last_calibration: Option<(Calibration, u32)>,
    /// BBP R66, the receiver's AGC gain, as the driver last set it.
    pub agc_gain: u8,
}

/// A counter of [`DongleStats`].
#[derive(Clone, Copy, Debug)]
pub(super) enum Counter {
    FirmwareChunks,
    McuCommands,
    TxFrames,
    RxFrames,
    Calibrations,
}

#[derive(Default)]
struct Shared {
    faults: Mutex<Faults>,
    armed: AtomicBool,
    counters: [AtomicU64; 5],
    /// 0 until the RF plan is kicked.
    channel: AtomicU8,
    agc_gain: AtomicU8,
    violations: Mutex<(u64, Option<String>)>,
    last_calibration: Mutex<Option<(Calibration, u32)>>,
    /// A sensor reading the test set, taken by the dongle when `temperature_set` is.
    temperature: AtomicI8,
    temperature_set: AtomicBool,
    /// The driver's calibration interval is to elapse at its next look.
    calibration_due: AtomicBool,
}

/// Shared view of a dongle for tests: faults in, statistics out.
#[derive(Clone, Default)]
pub struct DongleHandle {
    inner: Arc<Shared>,
}

impl DongleHandle {
    /// Changes the faults.
    pub fn faults(&self, f: impl FnOnce(&mut Faults)) {
        let mut faults = self.faults_lock();
        f(&mut faults);
        self.inner.armed.store(faults.any(), Relaxed);
    }

    /// A copy of the statistics.
    pub fn stats(&self) -> DongleStats {
        let c = |k: Counter| self.inner.counters[k as usize].load(Relaxed);
        let (violations, last_violation) = lock(&self.inner.violations).clone();
        let channel = self.inner.channel.load(Relaxed);
        DongleStats {
            violations,
            last_violation,
            firmware_chunks: c(Counter::FirmwareChunks),
            mcu_commands: c(Counter::McuCommands),
            tx_frames: c(Counter::TxFrames),
            rx_frames: c(Counter::RxFrames),
            channel: (channel != 0).then_some(channel),
            calibrations: c(Counter::Calibrations),
            last_calibration: *lock(&self.inner.last_calibration),
            agc_gain: self.inner.agc_gain.load(Relaxed),
        }
    }

    /// What the chip's temperature sensor (BBP R49) reads from now on, raw, in the units of
    /// the EEPROM's reference temperature.
    pub fn set_temperature(&self, raw: i8) {
        self.inner.temperature.store(raw, Relaxed);
        self.inner.temperature_set.store(true, Relaxed);
    }

    /// Makes the driver's periodic calibration interval elapse at its next look, as if its 4 s
    /// had passed (the test's clock for the emulated dongle's timer).
    pub fn elapse_calibration_interval(&self) {
        self.inner.calibration_due.store(true, Relaxed);
    }

    pub(super) fn take_temperature(&self) -> Option<i8> {
        self.inner.temperature_set.swap(false, Relaxed).then(|| self.inner.temperature.load(Relaxed))
    }

    pub(super) fn take_calibration_due(&self) -> bool {
        self.inner.calibration_due.swap(false, Relaxed)
    }

    pub(super) fn agc_gain(&self, value: u8) {
        self.inner.agc_gain.store(value, Relaxed);
    }

    pub(super) fn calibrated(&self, cal: Calibration, value: u32) {
        self.count(Counter::Calibrations);
        *lock(&self.inner.last_calibration) = Some((cal, value));
    }

    pub(super) fn count(&self, k: Counter) {
        self.inner.counters[k as usize].fetch_add(1, Relaxed);
    }

    pub(super) fn tuned(&self, channel: u8) {
        self.inner.channel.store(channel, Relaxed);
    }

    pub(super) fn violation(&self, what: &str) {
        let mut v = lock(&self.inner.violations);
        v.0 += 1;
        v.1 = Some(what.to_string());
    }

    /// Whether the device is unplugged.
    pub(super) fn unplugged(&self) -> bool {
        self.inner.armed.load(Relaxed) && self.faults_lock().unplugged
    }

    /// Takes a one-shot fault: true (and disarmed) if it was set.
    pub(super) fn take(&self, which: impl FnOnce(&mut Faults) -> &mut bool) -> bool {
        if !self.inner.armed.load(Relaxed) {
            return false;
        }
        let mut faults = self.faults_lock();
        let taken = std::mem::take(which(&mut faults));
        self.inner.armed.store(faults.any(), Relaxed);
        taken
    }

    fn faults_lock(&self) -> MutexGuard<'_, Faults> {
        lock(&self.inner.faults)
    }
}

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}
