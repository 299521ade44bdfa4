//! Radios as the medium sees them: identity, configuration and counters.
//!
//! A radio is a half-duplex transceiver on one [`Channel`] at one position. It owns a primary
//! MAC address (its hardware address) and any number of extra addresses registered for
//! virtual interfaces; it acknowledges unicast frames addressed to any of them, as a real
//! NIC does for the addresses its driver programmed into its filter.
//!
//! [`RadioStats`] counts what happened to the radio's frames, with receive drops broken down
//! by [`DropReason`] so tests can assert *why* frames were lost.

use crate::channel::Channel;
use core::fmt;
use mac80211_core::wire::MacAddr;

/// Identifies a radio on one medium. Ids are never reused after removal.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct RadioId(pub(crate) u32);

impl RadioId {
    /// The id as an index (dense from 0 in creation order).
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

impl fmt::Display for RadioId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "radio{}", self.0)
    }
}

/// A point in space, in metres.
#[derive(Clone, Copy, PartialEq, Debug, Default)]
pub struct Position {
    /// East.
    pub x: f64,
    /// North.
    pub y: f64,
    /// Up.
    pub z: f64,
}

impl Position {
    /// A position from coordinates in metres.
    pub const fn new(x: f64, y: f64, z: f64) -> Position {
        Position { x, y, z }
    }

    /// Euclidean distance in metres.
    pub fn distance(self, other: Position) -> f64 {
        let (dx, dy, dz) = (self.x - other.x, self.y - other.y, self.z - other.z);
        (dx * dx + dy * dy + dz * dz).sqrt()
    }
}

impl From<(f64, f64, f64)> for Position {
    fn from((x, y, z): (f64, f64, f64)) -> Position {
        Position { x, y, z }
    }
}

/// Default transmit power, dBm.
pub const DEFAULT_TX_POWER_DBM: f64 = 20.0;
/// Default receive sensitivity, dBm: weaker frames are not decoded.
pub const DEFAULT_RX_SENSITIVITY_DBM: f64 = -90.0;
/// Default carrier-sense threshold, dBm: the minimum sensitivity of a 20 MHz OFDM PHY
/// (17.3.10.6), above which a transmission keeps the medium busy.
pub const DEFAULT_CCA_THRESHOLD_DBM: f64 = -82.0;

/// How a radio is set up.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct RadioConfig {
    /// Primary (hardware) address.
    pub addr: MacAddr,
    /// Operating channel.
    pub channel: Channel,
    /// Position in metres (used by position-based link models).
    pub position: Position,
    /// Transmit power, dBm.
    pub tx_power_dbm: f64,
    /// Receive sensitivity, dBm.
    pub rx_sensitivity_dbm: f64,
    /// Carrier-sense threshold, dBm.
    pub cca_threshold_dbm: f64,
    /// Antenna gain, dBi (applied on transmit and on receive).
    pub antenna_gain_dbi: f64,
}

impl RadioConfig {
    /// A radio at the origin with the default powers and thresholds.
    pub fn new(addr: MacAddr, channel: Channel) -> RadioConfig {
        RadioConfig {
            addr,
            channel,
            position: Position::default(),
            tx_power_dbm: DEFAULT_TX_POWER_DBM,
            rx_sensitivity_dbm: DEFAULT_RX_SENSITIVITY_DBM,
            cca_threshold_dbm: DEFAULT_CCA_THRESHOLD_DBM,
            antenna_gain_dbi: 0.0,
        }
    }

    /// The same configuration at another position.
    pub fn at(self, position: impl Into<Position>) -> RadioConfig {
        RadioConfig { position: position.into(), ..self }
    }

    /// The same configuration with another transmit power.
    pub fn tx_power(self, dbm: f64) -> RadioConfig {
        RadioConfig { tx_power_dbm: dbm, ..self }
    }
}

/// Why a frame on the air did not reach a receiver.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum DropReason {
    /// Another transmission overlapped it at the receiver without being at least the capture
    /// threshold weaker.
    Collision,
    /// The receiver was transmitting during part of it (radios are half-duplex).
    HalfDuplex,
    /// The receiver changed channel, powered off, or the sender stopped mid-frame.
    Interrupted,
    /// It arrived below the receiver's sensitivity.
    BelowSensitivity,
    /// The link model (or a `set_loss` override) lost it: bit errors.
    Loss,
    /// A partition separates sender and receiver (counted for every frame sent on the
    /// radio's channel from the other side, in range or not).
    Partitioned,
}

impl DropReason {
    /// Every reason, in counter order.
    pub const ALL: [DropReason; 6] = [
        DropReason::Collision,
        DropReason::HalfDuplex,
        DropReason::Interrupted,
        DropReason::BelowSensitivity,
        DropReason::Loss,
        DropReason::Partitioned,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// Counters of receive drops, one per [`DropReason`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct DropCounts([u64; 6]);

impl DropCounts {
    /// Drops for `reason`.
    pub fn get(&self, reason: DropReason) -> u64 {
        self.0[reason.index()]
    }

    /// All drops.
    pub fn total(&self) -> u64 {
        self.0.iter().sum()
    }

    pub(crate) fn count(&mut self, reason: DropReason) {
        self.0[reason.index()] += 1;
    }
}

/// Per-radio counters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct RadioStats {
    /// Frames accepted by `transmit`.
    pub tx_requests: u64,
    /// PPDUs carrying this radio's frames, every attempt counted (ACKs excluded).
    pub tx_frames: u64,
    /// Octets of those PPDUs' MPDUs (without FCS).
    pub tx_bytes: u64,
    /// Retransmissions.
    pub tx_retries: u64,
    /// Frames completed with an ACK.
    pub tx_acked: u64,
    /// Frames given up after the retry limit.
    pub tx_failed: u64,
    /// Frames dropped from the queue by power-off or a channel change.
    pub tx_flushed: u64,
    /// ACKs this radio transmitted.
    pub acks_sent: u64,
    /// ACKs sent to this radio that it did not receive cleanly.
    pub acks_lost: u64,
    /// Frames delivered to this radio.
    pub rx_frames: u64,
    /// Octets delivered to this radio.
    pub rx_bytes: u64,
    /// Frames on the air that this radio could detect but did not receive, by reason
    /// (ACKs excluded: a lost ACK shows in the sender's `acks_lost` and retries).
    pub drops: DropCounts,
}

impl RadioStats {
    /// Receptions lost to collisions.
    pub fn collisions(&self) -> u64 {
        self.drops.get(DropReason::Collision)
    }
}

/// Medium-wide counters.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct MediumStats {
    /// PPDUs put on the air, ACKs included.
    pub frames_on_air: u64,
    /// ACK PPDUs among them.
    pub acks_on_air: u64,
    /// Frames handed to receivers (`MediumEvent::Rx`).
    pub deliveries: u64,
    /// Receptions lost to collisions, over all radios.
    pub collisions: u64,
    /// Receive drops over all radios, by reason.
    pub drops: DropCounts,
}

/// A snapshot of one radio's state.
#[derive(Clone, PartialEq, Debug)]
pub struct RadioState {
    /// Its configuration (current channel and position included).
    pub config: RadioConfig,
    /// Powered on.
    pub powered: bool,
    /// Extra addresses it acknowledges (virtual interfaces).
    pub extra_addrs: Vec<MacAddr>,
    /// Frames waiting in its transmit queue, the one in progress included.
    pub queued: usize,
    /// Transmitting right now.
    pub transmitting: bool,
    /// Its counters.
    pub stats: RadioStats,
}

/// Counts a receive drop at a radio and medium-wide.
pub(crate) fn count_drop(radio: &mut RadioStats, medium: &mut MediumStats, reason: DropReason) {
    radio.drops.count(reason);
    medium.drops.count(reason);
    if reason == DropReason::Collision {
        medium.collisions += 1;
    }
}
