//! The state of a peer station and its counters (802.11-2020 11.3.1, mac80211 `sta_info`).
//!
//! A peer moves one step at a time: Unauthenticated ↔ Authenticated ↔ Associated ↔ Authorized.
//! [`PeerState::step_to`] is the single choke point: it refuses skips, so "associated without
//! authenticating" cannot be represented. The 802.1X controlled port is open only in
//! `Authorized`; on an open network association is followed at once by authorization.

use super::api::TxRate;
use crate::time::Instant;

/// Where a peer stands with us.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub enum PeerState {
    /// Known, nothing agreed (State 1 of 802.11-2020 11.3.1).
    Unauthenticated,
    /// Authenticated, not associated (State 2).
    Authenticated,
    /// Associated; data port closed until authorized (State 3, or 4 before the RSNA).
    Associated,
    /// Associated and authorized: data flows.
    Authorized,
}

/// A transition that skips a state.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
#[error("peer state cannot move from {from:?} to {to:?} in one step")]
pub struct InvalidTransition {
    /// Current state.
    pub from: PeerState,
    /// Requested state.
    pub to: PeerState,
}

impl PeerState {
    fn rank(self) -> u8 {
        self as u8
    }

    /// Moves to an adjacent state (or stays); skipping a state is refused.
    pub fn step_to(&mut self, to: PeerState) -> Result<(), InvalidTransition> {
        if self.rank().abs_diff(to.rank()) > 1 {
            return Err(InvalidTransition { from: *self, to });
        }
        *self = to;
        Ok(())
    }

    /// Walks to `to` one step at a time, calling `on_step` for each state entered.
    pub fn walk_to(&mut self, to: PeerState, mut on_step: impl FnMut(PeerState)) {
        while *self != to {
            let next = if self.rank() < to.rank() { self.rank() + 1 } else { self.rank() - 1 };
            *self = match next {
                0 => PeerState::Unauthenticated,
                1 => PeerState::Authenticated,
                2 => PeerState::Associated,
                _ => PeerState::Authorized,
            };
            on_step(*self);
        }
    }

    /// Data may flow (the controlled port is open).
    pub fn port_open(self) -> bool {
        self == PeerState::Authorized
    }

    /// Associated (authorized or not).
    pub fn is_associated(self) -> bool {
        self >= PeerState::Associated
    }
}

/// Counters and link facts of one peer, as nl80211 `STA_INFO` reports them.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PeerStats {
    /// Data frames received from the peer.
    pub rx_packets: u64,
    /// Bytes of those frames (802.3 length).
    pub rx_bytes: u64,
    /// Data frames sent to the peer.
    pub tx_packets: u64,
    /// Bytes of those frames.
    pub tx_bytes: u64,
    /// Retransmissions to the peer.
    pub tx_retries: u64,
    /// Frames to the peer that were never acknowledged.
    pub tx_failed: u64,
    /// Signal of the last frame received, dBm.
    pub signal_dbm: i8,
    /// When the peer associated (or we did, on a station).
    pub connected_at: Instant,
    /// Last frame received from the peer.
    pub last_rx: Instant,
    /// Rate used to send to the peer.
    pub tx_rate: TxRate,
}

impl PeerStats {
    /// Fresh counters at `now`.
    pub fn new(now: Instant, tx_rate: TxRate) -> PeerStats {
        PeerStats {
            rx_packets: 0,
            rx_bytes: 0,
            tx_packets: 0,
            tx_bytes: 0,
            tx_retries: 0,
            tx_failed: 0,
            signal_dbm: 0,
            connected_at: now,
            last_rx: now,
            tx_rate,
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn moves_one_step_at_a_time() {
        let mut s = PeerState::Unauthenticated;
        assert!(s.step_to(PeerState::Associated).is_err());
        s.step_to(PeerState::Authenticated).unwrap();
        s.step_to(PeerState::Associated).unwrap();
        assert!(!s.port_open());
        s.step_to(PeerState::Authorized).unwrap();
        assert!(s.port_open());
        let mut seen = Vec::new();
        s.walk_to(PeerState::Unauthenticated, |st| seen.push(st));
        assert_eq!(seen, [PeerState::Associated, PeerState::Authenticated, PeerState::Unauthenticated]);
    }
}
