//! AP MLME — INTERFACE SKELETON (to be replaced by the real implementation).
//!
//! The `Mac` calls exactly the items below; the implementation must keep these signatures.

use crate::mac::cx::Cx;
use crate::mac::{ApConfig, CommandError, PeerState, PeerStats, RxInfo, TxStatus};
use crate::time::Instant;
use crate::wire::MacAddr;
use crate::wire::mgmt::MgmtRepr;

/// A station known to the AP.
#[derive(Clone, Debug)]
pub(crate) struct ApPeer {
    pub addr: MacAddr,
    pub aid: u16,
    pub state: PeerState,
    pub stats: PeerStats,
    /// Its rates, 500 kb/s units (basic bit cleared).
    pub rates: Vec<u8>,
    pub ht: bool,
    /// It does QoS (WMM): send QoS data.
    pub qos: bool,
}

/// A started access point.
pub(crate) struct Ap {
    config: ApConfig,
    peers: Vec<ApPeer>,
}

impl Ap {
    pub(crate) fn start(_cx: &mut Cx<'_>, config: ApConfig) -> Result<Ap, CommandError> {
        Ok(Ap { config, peers: Vec::new() })
    }
    /// Deauthenticate every station, report, release the channel.
    pub(crate) fn stop(&mut self, _cx: &mut Cx<'_>) {}
    pub(crate) fn config(&self) -> &ApConfig {
        &self.config
    }
    pub(crate) fn rx_mgmt(&mut self, _cx: &mut Cx<'_>, _rx: &RxInfo, _mgmt: &MgmtRepr<'_>) {}
    pub(crate) fn tx_status(&mut self, _cx: &mut Cx<'_>, _status: &TxStatus) {}
    pub(crate) fn timeout(&mut self, _cx: &mut Cx<'_>) {}
    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        None
    }
    pub(crate) fn peer(&self, addr: MacAddr) -> Option<&ApPeer> {
        self.peers.iter().find(|p| p.addr == addr)
    }
    pub(crate) fn peer_mut(&mut self, addr: MacAddr) -> Option<&mut ApPeer> {
        self.peers.iter_mut().find(|p| p.addr == addr)
    }
    pub(crate) fn peers(&self) -> impl Iterator<Item = &ApPeer> {
        self.peers.iter()
    }
    /// A data (class 3) frame from a station that is not associated: Deauthentication (not
    /// authenticated) or Disassociation (authenticated), reason 7 (802.11-2020 11.3.3).
    pub(crate) fn class3_violation(&mut self, _cx: &mut Cx<'_>, _ta: MacAddr) {}
}
