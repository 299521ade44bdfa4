//! The AP's station table: peers by address, association IDs, and the inactivity deadline.
//!
//! A station enters the table when it authenticates and leaves it when it deauthenticates, is
//! deauthenticated, or times out; every peer in the table is therefore at least
//! `Authenticated` (802.11-2020 11.3.1 State 2). Association gives it an AID, the lowest free
//! one in 1..=2007 (802.11-2020 9.4.1.8; hostapd `hostapd_get_aid` also hands out the lowest
//! free), and disassociation gives the AID back.
//!
//! Scale: the table holds up to 2007 associated stations plus a bounded number of
//! authenticated-only ones ([`PENDING_LIMIT`]). Lookups are `BTreeMap` lookups (O(log n)); the
//! AID pool is a 2048-bit set, so allocating the lowest free AID is a scan of 32 words.
//!
//! Invariant: `peer.aid != 0` exactly when `peer.state.is_associated()`, and then the AID is in
//! the pool. [`Clients::associate`], [`Clients::disassociate`] and [`Clients::reauthenticate`]
//! are the only places that change either, so the two cannot drift apart.
//!
//! A station that authenticates again while associated keeps its AID reserved (`kept_aid`, also
//! in the pool) and gets it back at its next association, as hostapd keeps `sta->aid` until the
//! station leaves its table (`hostapd_get_aid`: "old AID"). An Association Response still in
//! flight from before the re-authentication then names the AID the station will have; freeing
//! it would let that stale answer give the station one AID while the table records another.

use super::ps::PowerState;
use crate::mac::{PeerState, PeerStats, TxRate};
use crate::time::{Duration, Instant};
use crate::wire::MacAddr;
use crate::wire::element::tim::MAX_AID;
use std::collections::BTreeMap;

/// Most stations that may be authenticated but not associated at once. Like hostapd's
/// `max_num_sta`, which counts every station in its table, this bounds what a flood of
/// Authentication frames from random addresses can make the AP remember.
pub(crate) const PENDING_LIMIT: usize = 256;

/// A set of AIDs 0..=2047 as a bitmap (the TIM's virtual bitmap covers 0..=2007).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub(crate) struct AidSet {
    words: [u64; 32],
    len: u16,
}

impl AidSet {
    fn slot(aid: u16) -> (usize, u64) {
        (usize::from(aid / 64) % 32, 1u64 << (aid % 64))
    }

    /// Adds `aid`; false when it was already present or is beyond 2007.
    pub fn insert(&mut self, aid: u16) -> bool {
        if aid > MAX_AID {
            return false;
        }
        let (w, bit) = Self::slot(aid);
        let fresh = self.words[w] & bit == 0;
        self.words[w] |= bit;
        self.len += u16::from(fresh);
        fresh
    }

    /// Removes `aid`; false when it was absent.
    pub fn remove(&mut self, aid: u16) -> bool {
        if aid > MAX_AID {
            return false;
        }
        let (w, bit) = Self::slot(aid);
        let present = self.words[w] & bit != 0;
        self.words[w] &= !bit;
        self.len -= u16::from(present);
        present
    }

    /// Number of AIDs in the set.
    pub fn len(&self) -> usize {
        usize::from(self.len)
    }

    /// The lowest AID in 1..=`max` not in the set.
    pub fn lowest_free(&self, max: u16) -> Option<u16> {
        // AID 0 is never handed out: treat it as taken.
        let taken = |w: usize| if w == 0 { self.words[0] | 1 } else { self.words[w] };
        (0..32)
            .find(|&w| taken(w) != u64::MAX)
            .map(|w| w as u16 * 64 + taken(w).trailing_ones() as u16)
            .filter(|&aid| aid <= max.min(MAX_AID))
    }

    /// The AIDs in increasing order.
    pub fn iter(&self) -> impl Iterator<Item = u16> + '_ {
        self.words.iter().enumerate().flat_map(|(w, &word)| {
            (0..64u16).filter(move |b| word & (1 << b) != 0).map(move |b| w as u16 * 64 + b)
        })
    }
}

/// A station known to the AP.
#[derive(Debug)]
pub(crate) struct ApPeer {
    pub addr: MacAddr,
    /// Association ID (0 while not associated).
    pub aid: u16,
    pub state: PeerState,
    pub stats: PeerStats,
    /// Its rates, 500 kb/s units (basic bit cleared).
    pub rates: Vec<u8>,
    pub ht: bool,
    /// It does QoS (WMM): send QoS data.
    pub qos: bool,
    /// Listen Interval from its (re)association request, in beacon intervals.
    pub listen_interval: u16,
    /// Awake, or dozing with frames buffered for it (802.11-2020 11.2.3).
    pub power: PowerState,
    /// The AID of an association ended by re-authentication, reserved for the next one
    /// (0: none).
    pub kept_aid: u16,
    /// Its RSNA on a protected AP (authenticator and pairwise key).
    pub security: Option<Box<super::rsn::PeerSecurity>>,
}

/// Why a station could not be given an AID.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct NoFreeAid;

/// Why a station could not be added to the table.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) struct TableFull;

/// The station table.
#[derive(Debug, Default)]
pub(crate) struct Clients {
    peers: BTreeMap<MacAddr, ApPeer>,
    aids: AidSet,
}

impl Clients {
    /// The peer with this address.
    pub fn get(&self, addr: MacAddr) -> Option<&ApPeer> {
        self.peers.get(&addr)
    }

    /// The peer with this address, mutably.
    pub fn get_mut(&mut self, addr: MacAddr) -> Option<&mut ApPeer> {
        self.peers.get_mut(&addr)
    }

    /// Every peer, by address.
    pub fn iter(&self) -> impl Iterator<Item = &ApPeer> {
        self.peers.values()
    }

    /// Number of associated stations.
    pub fn associated(&self) -> usize {
        self.aids.len()
    }

    /// Adds a station that just authenticated (state `Authenticated`, no AID).
    pub fn add_authenticated(&mut self, addr: MacAddr, now: Instant, rate: TxRate) -> Result<(), TableFull> {
        if self.peers.contains_key(&addr) {
            return Ok(());
        }
        if self.peers.len() - self.associated() >= PENDING_LIMIT {
            return Err(TableFull);
        }
        let mut state = PeerState::Unauthenticated;
        // One step, so this cannot fail; the state machine checks it all the same.
        let _ = state.step_to(PeerState::Authenticated);
        let peer = ApPeer {
            addr,
            aid: 0,
            state,
            stats: PeerStats::new(now, rate),
            rates: Vec::new(),
            ht: false,
            qos: false,
            listen_interval: 0,
            power: PowerState::Awake,
            kept_aid: 0,
            security: None,
        };
        self.peers.insert(addr, peer);
        Ok(())
    }

    /// Gives an authenticated station an AID (keeping the one it has when already associated)
    /// and walks it to `to`: `Authorized` on an open network (the port opens at association),
    /// `Associated` on a protected one (the 4-way handshake opens it). Returns the AID and
    /// whether the station was newly associated.
    pub fn associate(
        &mut self,
        addr: MacAddr,
        max_stations: u16,
        to: PeerState,
    ) -> Result<(u16, bool), NoFreeAid> {
        let Some(peer) = self.peers.get_mut(&addr) else { return Err(NoFreeAid) };
        if peer.state.is_associated() {
            return Ok((peer.aid, false));
        }
        if peer.kept_aid != 0 {
            peer.aid = core::mem::take(&mut peer.kept_aid);
            peer.state.walk_to(to, |_| {});
            return Ok((peer.aid, true));
        }
        if self.aids.len() >= usize::from(max_stations) {
            return Err(NoFreeAid);
        }
        let aid = self.aids.lowest_free(MAX_AID).ok_or(NoFreeAid)?;
        self.aids.insert(aid);
        peer.aid = aid;
        peer.state.walk_to(to, |_| {});
        Ok((aid, true))
    }

    /// Steps an associated station back to `Authenticated` and frees its AID. Returns the
    /// peer when it was associated.
    pub fn disassociate(&mut self, addr: MacAddr) -> Option<&mut ApPeer> {
        let peer = self.peers.get_mut(&addr).filter(|p| p.state.is_associated())?;
        self.aids.remove(peer.aid);
        peer.aid = 0;
        peer.state.walk_to(PeerState::Authenticated, |_| {});
        Some(peer)
    }

    /// Steps an associated station back to `Authenticated` (it authenticated anew), keeping
    /// its AID reserved for its next association. Returns the peer when it was associated.
    pub fn reauthenticate(&mut self, addr: MacAddr) -> Option<&mut ApPeer> {
        let peer = self.peers.get_mut(&addr).filter(|p| p.state.is_associated())?;
        peer.kept_aid = core::mem::take(&mut peer.aid);
        peer.state.walk_to(PeerState::Authenticated, |_| {});
        Some(peer)
    }

    /// Removes a station (freeing its AID, or the one kept for it).
    pub fn remove(&mut self, addr: MacAddr) -> Option<ApPeer> {
        let peer = self.peers.remove(&addr)?;
        if peer.state.is_associated() {
            self.aids.remove(peer.aid);
        }
        if peer.kept_aid != 0 {
            self.aids.remove(peer.kept_aid);
        }
        Some(peer)
    }

    /// Removes every station, in address order.
    pub fn drain(&mut self) -> Vec<ApPeer> {
        self.aids = AidSet::default();
        std::mem::take(&mut self.peers).into_values().collect()
    }

    /// Stations silent for `timeout` at `now`, and the earliest deadline of the others.
    pub fn expired(&self, now: Instant, timeout: Duration) -> (Vec<MacAddr>, Option<Instant>) {
        let mut expired = Vec::new();
        let mut next: Option<Instant> = None;
        for p in self.peers.values() {
            let deadline = p.stats.last_rx + timeout;
            if deadline <= now {
                expired.push(p.addr);
            } else {
                next = Some(next.map_or(deadline, |n| n.min(deadline)));
            }
        }
        (expired, next)
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn aid_set_hands_out_the_lowest_free() {
        let mut s = AidSet::default();
        assert_eq!(s.lowest_free(2007), Some(1));
        for aid in 1..=130 {
            assert!(s.insert(aid));
        }
        assert!(!s.insert(5));
        assert_eq!(s.len(), 130);
        assert_eq!(s.lowest_free(2007), Some(131));
        assert_eq!(s.lowest_free(130), None);
        assert!(s.remove(64));
        assert!(!s.remove(64));
        assert_eq!(s.lowest_free(2007), Some(64));
        assert!(!s.insert(2008) && !s.remove(4000));
        assert_eq!(s.iter().take(3).collect::<Vec<_>>(), [1, 2, 3]);
    }

    #[test]
    fn aid_set_fills_to_2007() {
        let mut s = AidSet::default();
        for _ in 0..2007 {
            let aid = s.lowest_free(2007).unwrap();
            s.insert(aid);
        }
        assert_eq!(s.len(), 2007);
        assert_eq!(s.lowest_free(2007), None);
        assert_eq!(s.iter().last(), Some(2007));
    }

    #[test]
    fn associate_and_disassociate_keep_aid_and_state_in_step() {
        let mut c = Clients::default();
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        let b = MacAddr([2, 0, 0, 0, 0, 2]);
        c.add_authenticated(a, Instant::ZERO, TxRate::Legacy(2)).unwrap();
        c.add_authenticated(b, Instant::ZERO, TxRate::Legacy(2)).unwrap();
        assert_eq!(c.associate(a, 1, PeerState::Authorized), Ok((1, true)));
        assert_eq!(c.associate(a, 1, PeerState::Authorized), Ok((1, false)));
        assert_eq!(c.associate(b, 1, PeerState::Authorized), Err(NoFreeAid));
        assert_eq!(c.get(a).unwrap().state, PeerState::Authorized);
        let p = c.disassociate(a).unwrap();
        assert_eq!((p.aid, p.state), (0, PeerState::Authenticated));
        assert!(c.disassociate(a).is_none());
        assert_eq!(c.associate(b, 1, PeerState::Authorized), Ok((1, true)));
        assert_eq!(c.remove(b).unwrap().aid, 1);
        assert_eq!(c.associated(), 0);
    }

    #[test]
    fn reauthentication_keeps_the_aid_for_the_next_association() {
        let mut c = Clients::default();
        let (a, b) = (MacAddr([2, 0, 0, 0, 0, 1]), MacAddr([2, 0, 0, 0, 0, 2]));
        c.add_authenticated(a, Instant::ZERO, TxRate::Legacy(2)).unwrap();
        c.add_authenticated(b, Instant::ZERO, TxRate::Legacy(2)).unwrap();
        assert_eq!(c.associate(a, 2007, PeerState::Authorized), Ok((1, true)));
        let p = c.reauthenticate(a).unwrap();
        assert_eq!((p.aid, p.kept_aid, p.state), (0, 1, PeerState::Authenticated));
        assert!(c.reauthenticate(a).is_none(), "not associated any more");
        // Another station cannot take it meanwhile; the re-association gets it back.
        assert_eq!(c.associate(b, 2007, PeerState::Authorized), Ok((2, true)));
        assert_eq!(c.associate(a, 2007, PeerState::Authorized), Ok((1, true)));
        assert_eq!(c.get(a).unwrap().kept_aid, 0);
        // Leaving the table frees a kept AID too.
        c.reauthenticate(a).unwrap();
        c.remove(a).unwrap();
        assert_eq!(c.associated(), 1);
        assert_eq!(c.aids.lowest_free(2007), Some(1));
    }

    #[test]
    fn pending_stations_are_bounded() {
        let mut c = Clients::default();
        for i in 0..PENDING_LIMIT {
            let addr = MacAddr([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
            c.add_authenticated(addr, Instant::ZERO, TxRate::Legacy(2)).unwrap();
        }
        let extra = MacAddr([2, 0, 0, 1, 0, 0]);
        assert_eq!(c.add_authenticated(extra, Instant::ZERO, TxRate::Legacy(2)), Err(TableFull));
        // An associated station no longer counts against the pending limit.
        c.associate(MacAddr([2, 0, 0, 0, 0, 0]), 2007, PeerState::Authorized).unwrap();
        assert!(c.add_authenticated(extra, Instant::ZERO, TxRate::Legacy(2)).is_ok());
    }
}
