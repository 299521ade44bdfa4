//! Per-interface counters, like Linux's `struct rtnl_link_stats64`, and counted drop reasons.
//!
//! Every frame the MAC refuses is dropped for a [`DropReason`] and counted against the interface
//! it was meant for (or the radio, when no interface claims it), and traced at `trace` level
//! inside the caller's span for the radio. Tests assert the reasons; the daemon reports the
//! Linux-style totals.

/// Why a frame was dropped. Flat, so counters and traces name it directly.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, PartialOrd, Ord)]
pub enum DropReason {
    /// The frame failed strict parsing.
    Malformed,
    /// Not addressed to any interface of this radio.
    NotForUs,
    /// A retransmission already received (802.11-2020 10.3.2.14).
    Duplicate,
    /// From a station that is not associated (AP side) or not from our AP (station side).
    UnknownPeer,
    /// Data before the 802.1X controlled port is open.
    PortClosed,
    /// The interface has no link (station not connected, AP not started).
    NoLink,
    /// A protected frame this MAC cannot decrypt.
    NoKey,
    /// A fragment (reassembly is not supported).
    Fragment,
    /// An A-MSDU that does not parse, or whose first subframe looks like an LLC header.
    BadAmsdu,
    /// A payload that is not LLC/SNAP (or too short for it).
    NotSnap,
    /// An 802.3 frame from the host that is too short or malformed.
    BadEthernet,
    /// The transmit queue is full.
    QueueFull,
    /// Data from ourselves, reflected by the AP.
    OwnFrame,
    /// A frame kind this interface ignores.
    Unhandled,
    /// A protected frame whose packet number is not above the last one accepted on its TID
    /// (802.11-2020 12.5.3.4.4: a replay).
    Replayed,
    /// A protected frame whose MIC does not verify with the key it names (CCMP decryption
    /// failed: tampered, or another key).
    DecryptFailed,
    /// An unprotected data frame on a link that has keys (mac80211 `ieee80211_drop_unencrypted`).
    Unprotected,
    /// An EAPOL-Key message the handshake refused: bad MIC, stale replay counter, unexpected
    /// in the current state, or undecryptable Key Data.
    KeyMessageRejected,
}

impl DropReason {
    /// Every reason, for reports.
    pub const ALL: [DropReason; 18] = [
        DropReason::Malformed,
        DropReason::NotForUs,
        DropReason::Duplicate,
        DropReason::UnknownPeer,
        DropReason::PortClosed,
        DropReason::NoLink,
        DropReason::NoKey,
        DropReason::Fragment,
        DropReason::BadAmsdu,
        DropReason::NotSnap,
        DropReason::BadEthernet,
        DropReason::QueueFull,
        DropReason::OwnFrame,
        DropReason::Unhandled,
        DropReason::Replayed,
        DropReason::DecryptFailed,
        DropReason::Unprotected,
        DropReason::KeyMessageRejected,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// Counters of one interface.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct VifStats {
    /// Data frames delivered to the host.
    pub rx_packets: u64,
    /// Bytes delivered to the host (802.3 frames).
    pub rx_bytes: u64,
    /// Frames received in error (malformed, undecryptable).
    pub rx_errors: u64,
    /// Frames dropped on receive for any reason.
    pub rx_dropped: u64,
    /// Data frames handed to the radio.
    pub tx_packets: u64,
    /// Bytes of 802.3 frames accepted for transmission.
    pub tx_bytes: u64,
    /// Frames the radio failed to deliver after every retry.
    pub tx_errors: u64,
    /// 802.3 frames from the host dropped before transmission.
    pub tx_dropped: u64,
    /// Retransmissions the radio reported for this interface's frames.
    pub tx_retries: u64,
    /// Management frames sent.
    pub tx_mgmt: u64,
    /// Management frames received and handled.
    pub rx_mgmt: u64,
    drops: [u64; DropReason::ALL.len()],
}

impl VifStats {
    /// Times frames were dropped for `reason`.
    pub fn drops(&self, reason: DropReason) -> u64 {
        self.drops[reason.index()]
    }

    /// Every reason with a non-zero count.
    pub fn drop_counts(&self) -> impl Iterator<Item = (DropReason, u64)> + '_ {
        DropReason::ALL.iter().map(|&r| (r, self.drops(r))).filter(|&(_, n)| n > 0)
    }

    /// Counts a receive-side drop.
    pub(crate) fn rx_drop(&mut self, reason: DropReason) {
        tracing::trace!(?reason, "rx drop");
        self.drops[reason.index()] += 1;
        self.rx_dropped += 1;
        if matches!(
            reason,
            DropReason::Malformed | DropReason::NoKey | DropReason::BadAmsdu | DropReason::DecryptFailed
        ) {
            self.rx_errors += 1;
        }
    }

    /// Counts a transmit-side drop of a host frame.
    pub(crate) fn tx_drop(&mut self, reason: DropReason) {
        tracing::trace!(?reason, "tx drop");
        self.drops[reason.index()] += 1;
        self.tx_dropped += 1;
    }
}
