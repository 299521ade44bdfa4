//! What goes into the medium (transmit requests) and what comes out (events), plus the
//! internal agenda that orders everything in time.
//!
//! Output order is total and deterministic: internal actions run in `(time, sequence)` order,
//! where the sequence number is the order in which they were scheduled, and each action
//! appends its events to a FIFO. So events come out sorted by the time they became due, ties
//! in the order the medium produced them (within one PPDU end: receivers by ascending
//! [`RadioId`], then the sender's status).

use crate::airtime::TxRate;
use crate::radio::RadioId;
use core::cmp::Ordering;
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;

/// A frame for a radio to send.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct TxRequest {
    /// The 802.11 frame (MPDU) without FCS; at least 10 octets (Frame Control, Duration,
    /// Address 1) and at most [`crate::MAX_FRAME_LEN`].
    pub frame: Vec<u8>,
    /// Rate of every attempt.
    pub rate: TxRate,
    /// Retransmissions allowed after the first attempt (attempts = 1 + `retry_limit`).
    pub retry_limit: u8,
    /// Caller's handle, echoed in the [`TxStatus`].
    pub cookie: u64,
    /// Send once and expect no ACK even when the frame is individually addressed.
    pub no_ack: bool,
}

/// How a transmission ended.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TxOutcome {
    /// An ACK came back.
    Acked,
    /// No ACK after the last allowed attempt.
    NotAcked,
    /// Sent once with no ACK expected: group-addressed, `no_ack`, a QoS No Ack policy, or a
    /// control frame other than PS-Poll.
    Sent,
    /// Dropped before completion because the radio powered off or changed channel.
    Flushed,
}

/// The end of one [`TxRequest`].
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct TxStatus {
    /// The sending radio.
    pub radio: RadioId,
    /// The request's cookie.
    pub cookie: u64,
    /// What happened.
    pub outcome: TxOutcome,
    /// Retransmissions made (0 when the first attempt succeeded; `retry_limit` on failure).
    pub retries: u8,
}

impl TxStatus {
    /// True when an ACK was received.
    pub fn acked(&self) -> bool {
        self.outcome == TxOutcome::Acked
    }
}

/// Receive metadata, as a driver reports it with a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct RxInfo {
    /// Primary channel frequency, MHz.
    pub freq: u16,
    /// Signal, dBm (rounded).
    pub signal_dbm: i8,
    /// Noise floor, dBm (rounded).
    pub noise_dbm: i8,
    /// Rate of the PPDU.
    pub rate: TxRate,
    /// When the frame was handed over: the end of the PPDU (like mac80211's
    /// `RX_FLAG_MACTIME_END`), or the release time of a held frame. The PPDU started
    /// `airtime(rate, len + 4)` earlier.
    pub timestamp: Instant,
}

/// An output of the medium.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum MediumEvent {
    /// A radio received a frame (ACKs are consumed by the medium and never appear here).
    Rx {
        /// The receiving radio.
        to: RadioId,
        /// The 802.11 frame without FCS.
        frame: Vec<u8>,
        /// Receive metadata.
        info: RxInfo,
    },
    /// A transmit request finished.
    TxStatus(TxStatus),
}

/// Why the medium refused a request.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
pub enum MediumError {
    /// No radio has this id (never added, or removed).
    #[error("no radio {0}")]
    UnknownRadio(RadioId),
    /// The radio is powered off.
    #[error("{0} is powered off")]
    RadioOff(RadioId),
    /// The frame is shorter than Frame Control + Duration + Address 1.
    #[error("frame of {0} octets is too short (10 needed)")]
    FrameTooShort(usize),
    /// The frame is longer than the medium carries.
    #[error("frame of {0} octets is too long")]
    FrameTooLong(usize),
    /// The rate is not one the standard defines.
    #[error("invalid rate {0:?}")]
    InvalidRate(TxRate),
}

/// Internal actions, run when their time comes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Action {
    /// The radio's backoff ran out: start the head-of-queue frame (if `epoch` is current).
    Access { radio: RadioId, epoch: u32 },
    /// A PPDU ends.
    TxEnd { tx: usize },
    /// A receiver starts the ACK for `sender`'s frame.
    AckStart { responder: RadioId, sender: RadioId, epoch: u32, rate: TxRate, ra: MacAddr },
    /// The sender's ACK timeout expires.
    AckTimeout { radio: RadioId, epoch: u32 },
}

/// An action at a time; ordered by `(at, seq)`, reversed for a min-heap.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scheduled {
    pub at: Instant,
    pub seq: u64,
    pub action: Action,
}

impl PartialEq for Scheduled {
    fn eq(&self, other: &Self) -> bool {
        (self.at, self.seq) == (other.at, other.seq)
    }
}

impl Eq for Scheduled {}

impl PartialOrd for Scheduled {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Scheduled {
    fn cmp(&self, other: &Self) -> Ordering {
        (other.at, other.seq).cmp(&(self.at, self.seq))
    }
}
