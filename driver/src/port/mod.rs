//! Network ports: the host side of an interface, like Linux's `net_device`.
//!
//! A [`NetPort`] moves 802.3 frames between the host and one interface of a [`Mac`]: frames
//! the host sends come out of [`NetPort::poll_recv`] (the `ndo_start_xmit` direction, counted
//! as *tx*), frames for the host go in through [`NetPort::send`] (`netif_rx`, counted as *rx*).
//! Frames are plain `Vec<u8>`, our `sk_buff`.
//!
//! The port is dumb on purpose; the [`Runner`](crate::runner) applies the netdev policy:
//!
//! - **Carrier** ([`NetPort::set_carrier`]) follows the link like `netif_carrier_on/off`: off
//!   until the station is associated or the AP started, off again on disconnect or stop.
//!   Monitor interfaces have carrier as soon as they exist.
//! - **Queue stop/wake** like `netif_stop_queue`/`netif_wake_queue`: while the MAC cannot take
//!   more, the runner stops polling the port, so frames wait in the host's queue (the kernel's
//!   TAP queue, the [`MemPort`] channel) instead of being dropped; each stop and wake is counted.
//! - **Statistics** ([`PortCounters`]), Linux's `rtnl_link_stats64` subset plus the queue
//!   counts: every frame that is not passed on is counted as dropped, never lost silently.
//!
//! Backends: [`TapPort`] (a Linux TAP device, optionally in a named network namespace) and
//! [`MemPort`] (in memory, for tests).
//!
//! [`Mac`]: mac80211_core::mac::Mac

pub mod mem;
mod sys;
pub mod tap;

pub use mem::{MemPort, MemPortHandle};
pub use tap::{LinkKind, TapConfig, TapPort};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::task::{Context, Poll};

/// Why a port operation failed.
#[derive(Debug, thiserror::Error)]
pub enum PortError {
    /// The host side is gone (the test handle dropped, the device removed).
    #[error("port closed")]
    Closed,
    /// The host cannot take the frame now (its receive queue is full).
    #[error("host queue full")]
    Full,
    /// An operating-system call failed.
    #[error("{op}: {source}")]
    Os {
        /// What was being done.
        op: &'static str,
        /// The OS error.
        source: std::io::Error,
    },
    /// A parameter is wrong (a name too long, an MTU out of range).
    #[error("invalid: {0}")]
    Invalid(String),
}

impl PortError {
    /// An OS error from errno.
    pub(crate) fn os(op: &'static str, errno: nix::Error) -> PortError {
        PortError::Os { op, source: std::io::Error::from(errno) }
    }
}

/// The host side of one interface. See the module documentation.
pub trait NetPort: Send + 'static {
    /// The interface name (the TAP device's name).
    fn name(&self) -> &str;

    /// The next frame the host sent, or `Pending` with the waker registered.
    /// `Err(PortError::Closed)` ends the port: the runner polls it no more.
    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, PortError>>;

    /// Hands a frame to the host without blocking; an error means it was dropped.
    fn send(&mut self, frame: &[u8]) -> Result<(), PortError>;

    /// Sets the carrier (`netif_carrier_on/off`).
    fn set_carrier(&mut self, on: bool) -> Result<(), PortError>;

    /// The port's counters, shared with whoever reads them.
    fn counters(&self) -> &Arc<PortCounters>;
}

/// Linux-style counters of a port, updated by the runner and readable from any thread.
/// *tx* is host → radio, *rx* is radio → host, as on a Linux netdev.
#[derive(Debug, Default)]
pub struct PortCounters {
    rx_packets: AtomicU64,
    rx_bytes: AtomicU64,
    rx_errors: AtomicU64,
    rx_dropped: AtomicU64,
    tx_packets: AtomicU64,
    tx_bytes: AtomicU64,
    tx_errors: AtomicU64,
    tx_dropped: AtomicU64,
    tx_queue_stopped: AtomicU64,
    tx_queue_woken: AtomicU64,
    carrier_changes: AtomicU64,
    carrier: AtomicBool,
}

/// A snapshot of [`PortCounters`].
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct PortStats {
    /// Frames handed to the host.
    pub rx_packets: u64,
    /// Their bytes.
    pub rx_bytes: u64,
    /// Frames for the host that failed on an OS error.
    pub rx_errors: u64,
    /// Frames for the host dropped (host queue full, errors included).
    pub rx_dropped: u64,
    /// Frames from the host the MAC accepted.
    pub tx_packets: u64,
    /// Their bytes.
    pub tx_bytes: u64,
    /// Frames from the host that could not be read (OS errors).
    pub tx_errors: u64,
    /// Frames from the host dropped (no link, malformed, queue full).
    pub tx_dropped: u64,
    /// Times the transmit queue was stopped (`netif_stop_queue`).
    pub tx_queue_stopped: u64,
    /// Times it was woken (`netif_wake_queue`).
    pub tx_queue_woken: u64,
    /// Carrier transitions (Linux `carrier_changes`).
    pub carrier_changes: u64,
    /// Carrier is on.
    pub carrier: bool,
}

impl PortCounters {
    /// A snapshot of every counter.
    pub fn snapshot(&self) -> PortStats {
        let get = |c: &AtomicU64| c.load(Ordering::Relaxed);
        PortStats {
            rx_packets: get(&self.rx_packets),
            rx_bytes: get(&self.rx_bytes),
            rx_errors: get(&self.rx_errors),
            rx_dropped: get(&self.rx_dropped),
            tx_packets: get(&self.tx_packets),
            tx_bytes: get(&self.tx_bytes),
            tx_errors: get(&self.tx_errors),
            tx_dropped: get(&self.tx_dropped),
            tx_queue_stopped: get(&self.tx_queue_stopped),
            tx_queue_woken: get(&self.tx_queue_woken),
            carrier_changes: get(&self.carrier_changes),
            carrier: self.carrier.load(Ordering::Relaxed),
        }
    }

    /// Carrier is on.
    pub fn carrier(&self) -> bool {
        self.carrier.load(Ordering::Relaxed)
    }

    fn add(c: &AtomicU64, n: u64) {
        c.fetch_add(n, Ordering::Relaxed);
    }

    pub(crate) fn tx_ok(&self, len: usize) {
        Self::add(&self.tx_packets, 1);
        Self::add(&self.tx_bytes, len as u64);
    }

    pub(crate) fn tx_dropped(&self) {
        Self::add(&self.tx_dropped, 1);
    }

    pub(crate) fn tx_error(&self) {
        Self::add(&self.tx_errors, 1);
    }

    pub(crate) fn rx_ok(&self, len: usize) {
        Self::add(&self.rx_packets, 1);
        Self::add(&self.rx_bytes, len as u64);
    }

    /// A frame counted by [`PortCounters::rx_ok`] that the host did not take after all.
    pub(crate) fn rx_failed(&self, len: usize, os_error: bool) {
        self.rx_packets.fetch_sub(1, Ordering::Relaxed);
        self.rx_bytes.fetch_sub(len as u64, Ordering::Relaxed);
        Self::add(&self.rx_dropped, 1);
        if os_error {
            Self::add(&self.rx_errors, 1);
        }
    }

    pub(crate) fn queue_stopped(&self) {
        Self::add(&self.tx_queue_stopped, 1);
    }

    pub(crate) fn queue_woken(&self) {
        Self::add(&self.tx_queue_woken, 1);
    }

    /// Records the carrier; true when it changed.
    pub(crate) fn set_carrier(&self, on: bool) -> bool {
        let changed = self.carrier.swap(on, Ordering::Relaxed) != on;
        if changed {
            Self::add(&self.carrier_changes, 1);
        }
        changed
    }
}
