//! Station MLME — INTERFACE SKELETON (to be replaced by the real implementation).
//!
//! The `Mac` calls exactly the items below; the implementation must keep these signatures.

use crate::channel::Channel;
use crate::mac::cx::Cx;
use crate::mac::{
    CommandError, ConnectRequest, PeerState, PeerStats, RxInfo, ScanRequest, StaTuning, TxStatus,
};
use crate::time::Instant;
use crate::wire::MacAddr;
use crate::wire::mgmt::MgmtRepr;

/// One BSS found by scanning (nl80211 `NL80211_BSS_*`).
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct BssInfo {
    /// BSSID.
    pub bssid: MacAddr,
    /// SSID (empty when hidden and never learned from a probe response).
    pub ssid: Vec<u8>,
    /// Channel (from the DS Parameter Set, else the channel it was heard on).
    pub channel: Channel,
    /// Signal of the last frame heard, dBm.
    pub signal_dbm: i8,
    /// Beacon interval, TU.
    pub beacon_interval_tu: u16,
    /// Capability Information.
    pub capability: u16,
    /// The information elements of the last beacon or probe response, raw.
    pub ies: Vec<u8>,
    /// When it was last heard.
    pub last_seen: Instant,
    /// The last frame was a probe response (else a beacon).
    pub from_probe_response: bool,
}

/// The link of a connected (or connecting, once associated) station, as the data path needs it.
#[derive(Clone, Debug)]
pub(crate) struct StaLink {
    pub bssid: MacAddr,
    pub ssid: Vec<u8>,
    pub channel: Channel,
    pub aid: u16,
    pub state: PeerState,
    pub stats: PeerStats,
    /// The AP's rates, 500 kb/s units (basic bit cleared).
    pub peer_rates: Vec<u8>,
    pub peer_ht: bool,
    /// The AP does QoS (WMM): send QoS data.
    pub peer_qos: bool,
}

/// The station state machine of one interface.
pub(crate) struct Station {
    _tuning: StaTuning,
}

impl Station {
    pub(crate) fn new(tuning: StaTuning) -> Station {
        Station { _tuning: tuning }
    }
    pub(crate) fn scan(&mut self, _cx: &mut Cx<'_>, _req: ScanRequest) -> Result<(), CommandError> {
        Err(CommandError::Busy("not implemented"))
    }
    pub(crate) fn abort_scan(&mut self, _cx: &mut Cx<'_>) -> Result<(), CommandError> {
        Err(CommandError::NotActive("scanning"))
    }
    pub(crate) fn connect(&mut self, _cx: &mut Cx<'_>, _req: ConnectRequest) -> Result<(), CommandError> {
        Err(CommandError::Busy("not implemented"))
    }
    pub(crate) fn disconnect(&mut self, _cx: &mut Cx<'_>) -> Result<(), CommandError> {
        Err(CommandError::NotActive("connected"))
    }
    /// A management frame addressed to us, or a group frame stations hear.
    pub(crate) fn rx_mgmt(&mut self, _cx: &mut Cx<'_>, _rx: &RxInfo, _mgmt: &MgmtRepr<'_>) {}
    /// A data frame from our AP arrived (link liveness).
    pub(crate) fn heard_from_ap(&mut self, _cx: &mut Cx<'_>, _rx: &RxInfo) {}
    /// The status of a management frame this station queued (match on cookie).
    pub(crate) fn tx_status(&mut self, _cx: &mut Cx<'_>, _status: &TxStatus) {}
    pub(crate) fn timeout(&mut self, _cx: &mut Cx<'_>) {}
    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        None
    }
    pub(crate) fn link(&self) -> Option<&StaLink> {
        None
    }
    pub(crate) fn link_mut(&mut self) -> Option<&mut StaLink> {
        None
    }
    pub(crate) fn bss_list(&self) -> Vec<BssInfo> {
        Vec::new()
    }
    /// The interface is being removed: deauthenticate if connected.
    pub(crate) fn shutdown(&mut self, _cx: &mut Cx<'_>) {}
}
