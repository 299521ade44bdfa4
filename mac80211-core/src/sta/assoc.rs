//! Association (802.11-2020 11.3.5.2; mac80211 `ieee80211_send_assoc` and
//! `ieee80211_rx_mgmt_assoc_resp`).
//!
//! The Association Request carries our Capability Information (ESS; Short Slot Time on
//! 2.4 GHz, 9.4.1.4; QoS when we ask for WMM, since an HT/WMM station is a QoS station), a
//! listen interval of [`LISTEN_INTERVAL`] beacons, the SSID, our rates for the band, HT
//! Capabilities when the radio and the BSS do HT, and the WMM Information element when the BSS
//! advertised WMM. The wait and retries mirror authentication: `assoc_timeout` (200 ms),
//! `assoc_tries` (3) requests, a request not acknowledged is retried at once.
//!
//! A response from the BSS with status 0 must carry an AID of 1 to 2007 (9.4.1.8, bits 14-15
//! set and masked off). mac80211 tolerates a broken AP's out-of-range AID by switching power
//! save off; we treat it as a failed association instead (reported as
//! `AssocRejected(UnspecifiedFailure)`) and tell the AP with Deauthentication, reason 1, so it
//! does not keep state for us. A refusal (non-zero status, including 30 "try later", whose
//! comeback mac80211 honours) ends the attempt with `AssocRejected(status)`.
//!
//! On a protected BSS the request carries our RSN element, and on success the peer stops at
//! Associated: the 4-way handshake (`handshake`) opens the port and reports `Connected`.
//! On an open BSS the peer walks Authenticated → Associated → Authorized (there is no
//! 802.1X port to wait for), the link records the AP's rates, HT (the response has valid HT
//! Capabilities and we do HT) and QoS (the response has a WMM Parameter element and we asked),
//! the interface holds the channel and `Connected` is reported.

use super::handshake::StaSecurity;
use super::link::Connected;
use super::{StaLink, StaState, Station, Target, Timer, elements};
use crate::channel::Band;
use crate::mac::cx::Cx;
use crate::mac::{ConnectFailure, EventKind, PeerState, PeerStats, RxInfo, StaTuning, rates};
use crate::rsna::negotiate::{find_rsne, own_rsne};
use crate::rsna::supplicant::Supplicant;
use crate::timer::TimerTable;
use crate::wire::mgmt::{AssocReqRepr, AssocRespRepr, CapabilityInfo, MgmtBody};
use crate::wire::{Elements, MacAddr, ReasonCode, StatusCode};

/// Listen interval we announce, in beacon intervals.
pub(super) const LISTEN_INTERVAL: u16 = 10;
/// Largest AID (802.11-2020 9.4.1.8).
pub(super) const MAX_AID: u16 = 2007;

/// Waiting for the Association response.
#[derive(Debug)]
pub(crate) struct Associating {
    /// The BSS.
    pub target: Target,
    /// Where the AP stands with us: Authenticated.
    peer: PeerState,
    /// Requests sent so far (1-based).
    attempt: u8,
    /// Cookie of the last request, to match its TX status.
    pub cookie: u64,
}

/// What we ask for, decided from the BSS's elements.
struct Asked {
    ht: bool,
    wmm: bool,
}

impl Associating {
    fn asked(&self, cx: &Cx<'_>) -> Asked {
        let ies = Elements::new(&self.target.bss.ies);
        Asked { ht: cx.radio_ht() && elements::has_ht(ies), wmm: elements::has_wmm(ies) }
    }

    /// Sends the next request and arms the wait.
    fn send(&mut self, cx: &mut Cx<'_>, timers: &mut TimerTable<Timer>, tuning: &StaTuning) {
        self.attempt += 1;
        let bssid = self.target.bss.bssid;
        let band = cx.radio.band();
        let asked = self.asked(cx);
        let mut capability = CapabilityInfo::ESS;
        if band == Band::Ghz2_4 {
            capability |= CapabilityInfo::SHORT_SLOT_TIME;
        }
        if asked.wmm {
            capability |= CapabilityInfo::QOS;
        }
        let rsne = self.target.pmk.as_ref().map(|_| own_rsne());
        let ies = elements::assoc_request(&self.target.ssid, band, rsne.as_deref(), asked.ht, asked.wmm);
        let body = MgmtBody::AssocReq(AssocReqRepr {
            capability: CapabilityInfo(capability),
            listen_interval: LISTEN_INTERVAL,
            elements: Elements::new(&ies),
        });
        self.cookie = cx.send_mgmt(bssid, bssid, body);
        cx.event(EventKind::Associating { bssid, attempt: self.attempt });
        timers.set(Timer::AssocWait, cx.now + tuning.assoc_timeout);
    }

    /// The link an accepted response establishes: authorized at once on an open network, with
    /// the port closed and a supplicant waiting for message 1 on a protected one.
    fn link(mut self, cx: &Cx<'_>, rx: &RxInfo, aid: u16, resp: &AssocRespRepr<'_>) -> StaLink {
        let asked = self.asked(cx);
        let mut peer_rates = elements::rates_of(resp.elements);
        if peer_rates.is_empty() {
            peer_rates = elements::rates_of(Elements::new(&self.target.bss.ies));
        }
        let peer_ht = asked.ht && elements::has_ht(resp.elements);
        let peer_qos = asked.wmm && elements::has_wmm_param(resp.elements);
        let tx_rate = rates::data_rate(cx.radio.band(), &peer_rates, peer_ht, cx.radio_ht());
        let mut stats = PeerStats::new(cx.now, tx_rate);
        stats.signal_dbm = rx.signal_dbm;
        let bssid = self.target.bss.bssid;
        let security = match self.target.pmk.take() {
            Some(pmk) => {
                self.peer.walk_to(PeerState::Associated, |_| {});
                let ap_rsne = find_rsne(Elements::new(&self.target.bss.ies)).unwrap_or_default().to_vec();
                let supplicant = Supplicant::new(pmk, bssid, cx.addr, own_rsne(), ap_rsne);
                Some(Box::new(StaSecurity::new(supplicant)))
            }
            None => {
                // Open network: associated, then authorized at once (one step at a time).
                self.peer.walk_to(PeerState::Authorized, |_| {});
                None
            }
        };
        StaLink {
            bssid: self.target.bss.bssid,
            ssid: self.target.ssid,
            channel: self.target.bss.channel,
            aid,
            state: self.peer,
            stats,
            peer_rates,
            peer_ht,
            peer_qos,
            security,
        }
    }
}

impl Station {
    /// Sends the first Association request to a BSS we authenticated with.
    pub(super) fn start_assoc(&mut self, cx: &mut Cx<'_>, target: Target, peer: PeerState) {
        let mut assoc = Associating { target, peer, attempt: 0, cookie: 0 };
        assoc.send(cx, &mut self.timers, &self.tuning);
        self.state = StaState::Associating(assoc);
    }

    /// An Association Response arrived.
    pub(super) fn on_assoc_resp(
        &mut self,
        cx: &mut Cx<'_>,
        rx: &RxInfo,
        ta: MacAddr,
        bssid: MacAddr,
        resp: &AssocRespRepr<'_>,
    ) {
        let StaState::Associating(assoc) = &self.state else { return };
        let ours = assoc.target.bss.bssid;
        if ta != ours || bssid != ours {
            return;
        }
        if resp.status != StatusCode::Success {
            self.fail_connect(cx, ours, ConnectFailure::AssocRejected(resp.status));
            return;
        }
        let aid = resp.aid();
        if !(1..=MAX_AID).contains(&aid) {
            super::link::send_deauth(cx, ours, ReasonCode::Unspecified);
            self.fail_connect(cx, ours, ConnectFailure::AssocRejected(StatusCode::UnspecifiedFailure));
            return;
        }
        self.timers.stop(Timer::AssocWait);
        let StaState::Associating(assoc) = core::mem::replace(&mut self.state, StaState::Idle) else {
            return;
        };
        let chosen_interval = assoc.target.bss.beacon_interval_tu;
        let link = assoc.link(cx, rx, aid, resp);
        let beacon_interval_tu = self.bss.get(link.bssid).map_or(chosen_interval, |b| b.beacon_interval_tu);
        cx.hold_channel(Some(link.channel));
        if link.security.is_some() {
            cx.event(EventKind::Handshaking { bssid: link.bssid });
            self.timers.set(Timer::Handshake, cx.now + self.tuning.handshake_timeout);
        } else {
            cx.event(EventKind::Connected {
                bssid: link.bssid,
                ssid: link.ssid.clone(),
                channel: link.channel,
                aid: link.aid,
                protected: false,
            });
        }
        let connected = Connected::new(cx, &mut self.timers, &self.tuning, link, beacon_interval_tu);
        self.state = StaState::Connected(Box::new(connected));
    }

    /// No response in time (or the request was not acknowledged): retry or give up.
    pub(super) fn assoc_timeout(&mut self, cx: &mut Cx<'_>) {
        let StaState::Associating(assoc) = &mut self.state else { return };
        if assoc.attempt < self.tuning.assoc_tries {
            assoc.send(cx, &mut self.timers, &self.tuning);
        } else {
            let bssid = assoc.target.bss.bssid;
            self.fail_connect(cx, bssid, ConnectFailure::AssocTimeout);
        }
    }
}
