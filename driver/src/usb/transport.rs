//! The seam between the MT7601U driver and a USB device: vendor control transfers, bulk OUT,
//! and bulk IN (Linux's `usb_control_msg` / URBs; `reference/usb-dongle.md` §4.15).
//!
//! [`super::emulator::EmulatedDongle`] implements it in process, on the simulated medium; a
//! real dongle's implementation (nusb over usbfs) plugs in at the same seam. The driver is
//! written against this trait only, so the code that runs against the emulator in CI is the
//! code that would drive hardware.
//!
//! Control and bulk OUT calls complete before they return (the driver's register accesses are
//! sequential, as Linux's are). The packet endpoint is a stream: [`UsbTransport::poll_rx`]
//! completes the next bulk IN transfer, with the waker registered when none is ready, as a
//! queue of URBs kept in flight would.

use super::proto::OutEndpoint;
use std::task::{Context, Poll};
use std::time::Duration;

/// Why a transfer failed.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum UsbError {
    /// The device is gone (unplugged, reset away).
    #[error("device disconnected")]
    Disconnected,
    /// The endpoint stalled.
    #[error("endpoint stalled")]
    Stall,
    /// No answer in time.
    #[error("timed out")]
    Timeout,
    /// The device refused the transfer or broke the protocol (the emulator says how).
    #[error("protocol error: {0}")]
    Protocol(String),
    /// Anything else the host stack reported.
    #[error("{0}")]
    Other(String),
}

/// A claimed MT7601U interface.
pub trait UsbTransport: Send + 'static {
    /// A vendor IN control transfer (`bmRequestType` 0xC0) of `buf.len()` octets into `buf`;
    /// returns how many came (a short transfer is the caller's to refuse).
    fn control_in(&mut self, request: u8, value: u16, index: u16, buf: &mut [u8]) -> Result<usize, UsbError>;

    /// A vendor OUT control transfer (`bmRequestType` 0x40).
    fn control_out(&mut self, request: u8, value: u16, index: u16, data: &[u8]) -> Result<(), UsbError>;

    /// A bulk OUT transfer.
    fn bulk_out(&mut self, endpoint: OutEndpoint, data: &[u8]) -> Result<(), UsbError>;

    /// The next transfer of the MCU response endpoint, waiting at most the MCU's timeout.
    fn mcu_response(&mut self) -> Result<Vec<u8>, UsbError>;

    /// The next completed transfer of the packet RX endpoint.
    fn poll_rx(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, UsbError>>;

    /// Has `cx` woken after `after` unless something else wakes it first. The driver asks for
    /// this while frames wait for their `TX_STAT_FIFO` entry: the chip raises no event when
    /// one arrives, so the driver reads the FIFO again later, as Linux does from a delayed
    /// work. A transport whose device wakes the driver for every completion anyway (the
    /// emulator: its medium reports each one) needs nothing here.
    fn wake_after(&mut self, cx: &mut Context<'_>, after: Duration) {
        let _ = (cx, after);
    }

    /// Lets the chip settle for `d` (Linux's `udelay`/`msleep` between steps: a VCO
    /// calibration, a sensor measurement, a register not ready yet). A real device blocks the
    /// caller, as the rest of its control path does; the emulator settles at once.
    fn settle(&mut self, d: Duration) {
        std::thread::sleep(d);
    }

    /// Ready once each `period`, and has `cx` woken then: the driver's periodic calibration
    /// (Linux's 4 s delayed work). A transport without a timer is never ready, and the
    /// periodic work does not run.
    fn poll_interval(&mut self, cx: &mut Context<'_>, period: Duration) -> Poll<()> {
        let _ = (cx, period);
        Poll::Pending
    }
}

/// A one-shot timer re-armed after each expiry, on tokio's clock; never ready outside a
/// runtime. What transports use for [`UsbTransport::poll_interval`].
#[derive(Default)]
pub struct IntervalTimer {
    sleep: Option<std::pin::Pin<Box<tokio::time::Sleep>>>,
}

impl IntervalTimer {
    /// Ready when `period` has passed since the first poll after the last expiry.
    pub fn poll(&mut self, cx: &mut Context<'_>, period: Duration) -> Poll<()> {
        if tokio::runtime::Handle::try_current().is_err() {
            return Poll::Pending;
        }
        let sleep = self.sleep.get_or_insert_with(|| Box::pin(tokio::time::sleep(period)));
        let ready = sleep.as_mut().poll(cx);
        if ready.is_ready() {
            self.sleep = None;
        }
        ready
    }
}
