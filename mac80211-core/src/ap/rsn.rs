//! The AP's RSNA: WPA2-Personal for every associated station (802.11-2020 12.6, 12.7; hostapd
//! `wpa_auth.c` with `wpa=2 wpa_key_mgmt=WPA-PSK rsn_pairwise=CCMP`).
//!
//! Starting a protected AP derives the PMK from the passphrase and the SSID, draws the first
//! GTK (Key ID 1) and offers it to the radio. Beacons and probe responses carry the RSN element
//! and the Privacy bit (see `beacon`); an Association Request must carry an acceptable RSN
//! element (`rsna::negotiate`) or is refused with its status code.
//!
//! After a successful association the station stays `Associated` (port closed) and its
//! [`Authenticator`] sends message 1. Each station has one timer, `ApTimer::Eapol(addr)`, set
//! after every message to the authenticator's retry delay. When message 4 verifies the
//! pairwise key is installed, the station steps to `Authorized` and `StationAuthorized` is
//! reported. A handshake that fails removes the station with Deauthentication and the
//! authenticator's reason (`StationLeft { by_ap: true }`).
//!
//! # Group rekey
//!
//! Every `group_rekey` interval (`ApTimer::Rekey`) a new GTK is drawn with the other Key ID
//! (1 ⇄ 2) and handed to each authorized station in a group key handshake. Group traffic keeps
//! using the old key until every station answered (or left — one that times out is removed
//! with reason 16); then the new key protects group frames and `GroupKeyInstalled` is
//! reported. Stations that join meanwhile get the new GTK in their message 3 — they cannot
//! decrypt group frames until the switch, which follows within a few hundred milliseconds.

use super::{Ap, ApTimer};
use crate::crypto::Key;
use crate::mac::cx::{Cx, TxKind};
use crate::mac::data::eapol_msdu;
use crate::mac::data::tx::build_data;
use crate::mac::{ApSecurity, CommandError, DropReason, EventKind, KeyConfig, PeerState, RadioRequest};
use crate::rsna::authenticator::Authenticator;
use crate::rsna::keys::{GroupKeys, PairwiseKey};
use crate::rsna::negotiate::own_rsne;
use crate::rsna::{Action, GroupView, Rejected};
use crate::time::Duration;
use crate::wire::element::suite::CipherSuite;
use crate::wire::mgmt::{DeauthRepr, MgmtBody};
use crate::wire::{Elements, MacAddr, ReasonCode};
use core::fmt;
use std::collections::BTreeSet;

/// TID of EAPOL frames to QoS stations (priority 7, as mac80211 sends control port frames).
const EAPOL_TID: u8 = 7;

/// A group key handshake round in progress.
#[derive(Debug)]
struct Rekey {
    /// Key ID of the new GTK.
    index: u8,
    /// Stations that have not acknowledged it yet.
    waiting: BTreeSet<MacAddr>,
}

/// The RSN state of a protected AP.
pub(crate) struct ApRsn {
    pmk: Key<32>,
    /// Our RSN element (header included).
    pub rsne: Vec<u8>,
    /// Group keys; the transmit key protects group frames.
    pub group: GroupKeys,
    rekey_every: Option<Duration>,
    rekey: Option<Rekey>,
}

impl fmt::Debug for ApRsn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApRsn").field("group", &self.group).field("rekey", &self.rekey).finish()
    }
}

/// The RSNA of one station.
pub(crate) struct PeerSecurity {
    authenticator: Authenticator,
    /// The pairwise key, once message 4 verified.
    pub pairwise: Option<PairwiseKey>,
}

impl fmt::Debug for PeerSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PeerSecurity")
            .field("established", &self.authenticator.is_established())
            .field("pairwise", &self.pairwise.is_some())
            .finish()
    }
}

impl ApRsn {
    /// Derives the PMK and draws the first GTK (Key ID 1), offering it to the radio.
    pub(crate) fn start(cx: &mut Cx<'_>, security: &ApSecurity, ssid: &[u8]) -> Result<ApRsn, CommandError> {
        let pmk = security.credentials.pmk(ssid).map_err(|_| CommandError::Invalid(super::BAD_PASSPHRASE))?;
        if security.group_rekey.is_some_and(|d| d < Duration::from_secs(1)) {
            return Err(CommandError::Invalid("group rekey interval must be at least 1 s"));
        }
        let mut rsn = ApRsn {
            pmk,
            rsne: own_rsne(),
            group: GroupKeys::default(),
            rekey_every: security.group_rekey,
            rekey: None,
        };
        rsn.new_gtk(cx, 1);
        rsn.group.set_tx(1);
        Ok(rsn)
    }

    /// Draws a GTK for Key ID `index` and offers it to the radio.
    fn new_gtk(&mut self, cx: &mut Cx<'_>, index: u8) {
        let mut gtk = Key::<16>::zero();
        cx.rng.fill(gtk.expose_mut());
        let conf = KeyConfig { peer: None, index, cipher: CipherSuite::Ccmp128, key: gtk.clone() };
        cx.out.push_request(RadioRequest::InstallKey(cx.vif, conf));
        self.group.install(index, gtk, 0, cx.radio.hw_crypto);
    }

    /// The GTK handed out now: the new one while a rekey runs, else the transmit key.
    fn handed_out(&self) -> Option<GroupView<'_>> {
        let index = self.rekey.as_ref().map(|r| r.index).or(self.group.tx_index())?;
        let gtk = self.group.gtk(index)?;
        Some(GroupView { index, gtk, rsc: self.group.next_pn(index).saturating_sub(1) })
    }
}

impl Ap {
    /// A station associated to a protected AP: start its 4-way handshake with message 1.
    pub(super) fn start_handshake(&mut self, cx: &mut Cx<'_>, sta: MacAddr, sta_rsne: Vec<u8>) {
        let Some(rsn) = &self.rsn else { return };
        let (authenticator, actions) =
            Authenticator::start(cx.rng, rsn.pmk.clone(), cx.addr, sta, sta_rsne, rsn.rsne.clone());
        let Some(peer) = self.clients.get_mut(sta) else { return };
        peer.security = Some(Box::new(PeerSecurity { authenticator, pairwise: None }));
        self.apply(cx, sta, actions);
    }

    /// An EAPOL PDU from `sta`.
    pub(crate) fn rx_eapol(&mut self, cx: &mut Cx<'_>, sta: MacAddr, pdu: &[u8]) -> Result<(), DropReason> {
        let group = self.rsn.as_ref().and_then(ApRsn::handed_out).ok_or(DropReason::Unhandled)?;
        let security =
            self.clients.get_mut(sta).and_then(|p| p.security.as_mut()).ok_or(DropReason::Unhandled)?;
        let actions = security.authenticator.on_eapol(pdu, group).map_err(|r| {
            tracing::debug!(vif = cx.vif.0, %sta, rejected = ?r, "EAPOL-Key message refused");
            if r == Rejected::NotKey { DropReason::Unhandled } else { DropReason::KeyMessageRejected }
        })?;
        self.apply(cx, sta, actions);
        Ok(())
    }

    /// The station's answer did not come in time.
    pub(super) fn eapol_timeout(&mut self, cx: &mut Cx<'_>, sta: MacAddr) {
        let Some(group) = self.rsn.as_ref().and_then(ApRsn::handed_out) else { return };
        let Some(security) = self.clients.get_mut(sta).and_then(|p| p.security.as_mut()) else { return };
        let actions = security.authenticator.timeout(group);
        self.apply(cx, sta, actions);
    }

    /// Carries out the authenticator's actions for `sta`, then re-arms its timer.
    fn apply(&mut self, cx: &mut Cx<'_>, sta: MacAddr, actions: Vec<crate::rsna::Action>) {
        for action in actions {
            match action {
                Action::Send(pdu) => self.send_eapol(cx, sta, &pdu),
                Action::InstallPairwise(install) => {
                    let conf = KeyConfig {
                        peer: Some(sta),
                        index: 0,
                        cipher: CipherSuite::Ccmp128,
                        key: install.tk.clone(),
                    };
                    cx.out.push_request(RadioRequest::InstallKey(cx.vif, conf));
                    if let Some(s) = self.clients.get_mut(sta).and_then(|p| p.security.as_mut()) {
                        s.pairwise = Some(PairwiseKey::new(install.tk, install.proof, cx.radio.hw_crypto));
                    }
                }
                Action::Authorized => {
                    if let Some(peer) = self.clients.get_mut(sta)
                        && peer.state.step_to(PeerState::Authorized).is_ok()
                    {
                        cx.event(EventKind::StationAuthorized { addr: sta });
                    }
                }
                Action::GroupAcked => self.group_acked(cx, sta),
                Action::InstallGroup { .. } => {}
                Action::Fail(reason) => {
                    self.kick(cx, sta, reason);
                    return;
                }
            }
        }
        let delay = self
            .clients
            .get(sta)
            .and_then(|p| p.security.as_ref())
            .and_then(|s| s.authenticator.retry_delay());
        match delay {
            Some(d) => self.timers.set(ApTimer::Eapol(sta), cx.now + d),
            None => self.timers.stop(ApTimer::Eapol(sta)),
        }
    }

    /// Sends an EAPOL PDU to `sta` (From DS), protected once its pairwise key is in.
    fn send_eapol(&mut self, cx: &mut Cx<'_>, sta: MacAddr, pdu: &[u8]) {
        let Some(peer) = self.clients.get_mut(sta) else { return };
        let seq = cx.next_seq();
        let tid = peer.qos.then_some(EAPOL_TID);
        let frame = build_data(sta, cx.addr, cx.addr, false, seq, tid, &eapol_msdu(pdu));
        let rate = peer.stats.tx_rate;
        let frame = match peer.security.as_mut().and_then(|s| s.pairwise.as_mut()) {
            Some(key) => match key.protect(&frame) {
                Ok(f) => f,
                Err(reason) => return cx.stats.tx_drop(reason),
            },
            None => frame,
        };
        if let Some(frame) = self.buffer_if_dozing(cx, sta, frame, rate) {
            cx.transmit(frame, rate, TxKind::Data(sta));
        }
    }

    /// Removes a station whose handshake failed, with Deauthentication and `reason`.
    fn kick(&mut self, cx: &mut Cx<'_>, sta: MacAddr, reason: ReasonCode) {
        self.remove_station(cx, sta);
        let body = DeauthRepr { reason, elements: Elements::new(&[]) };
        cx.send_mgmt(sta, cx.addr, MgmtBody::Deauth(body));
        cx.event(EventKind::StationLeft { addr: sta, reason, by_ap: true });
    }

    /// Forgets a station's RSNA state when it leaves (its timer, its part in a rekey) and
    /// tells the radio its pairwise key is gone.
    pub(super) fn forget_security(&mut self, cx: &mut Cx<'_>, sta: MacAddr) {
        self.timers.stop(ApTimer::Eapol(sta));
        if let Some(peer) = self.clients.get_mut(sta)
            && let Some(security) = peer.security.take()
            && let Some(key) = &security.pairwise
        {
            let conf =
                KeyConfig { peer: Some(sta), index: 0, cipher: CipherSuite::Ccmp128, key: key.tk().clone() };
            cx.out.push_request(RadioRequest::RemoveKey(cx.vif, conf));
        }
        self.group_acked(cx, sta);
    }

    /// Starts a group key handshake with every authorized station.
    pub(super) fn start_rekey(&mut self, cx: &mut Cx<'_>) {
        let Some(rsn) = &mut self.rsn else { return };
        if let Some(every) = rsn.rekey_every {
            self.timers.set(ApTimer::Rekey, cx.now + every);
        }
        if rsn.rekey.is_some() {
            return;
        }
        let index = if rsn.group.tx_index() == Some(1) { 2 } else { 1 };
        rsn.new_gtk(cx, index);
        let waiting: BTreeSet<MacAddr> = self
            .clients
            .iter()
            .filter(|p| p.state.port_open() && p.security.is_some())
            .map(|p| p.addr)
            .collect();
        rsn.rekey = Some(Rekey { index, waiting: waiting.clone() });
        for sta in waiting {
            let Some(group) = self.rsn.as_ref().and_then(ApRsn::handed_out) else { return };
            let Some(security) = self.clients.get_mut(sta).and_then(|p| p.security.as_mut()) else {
                continue;
            };
            let actions = security.authenticator.start_rekey(group);
            self.apply(cx, sta, actions);
        }
        self.group_acked(cx, MacAddr::BROADCAST);
    }

    /// `sta` has the new GTK (or left); when nobody is waiting, switch group traffic to it.
    fn group_acked(&mut self, cx: &mut Cx<'_>, sta: MacAddr) {
        let Some(rsn) = &mut self.rsn else { return };
        let Some(rekey) = &mut rsn.rekey else { return };
        rekey.waiting.remove(&sta);
        if rekey.waiting.is_empty() {
            let index = rekey.index;
            rsn.rekey = None;
            rsn.group.set_tx(index);
            cx.event(EventKind::GroupKeyInstalled { index });
        }
    }

    /// Protects a data frame for `da` (a station, or a group address) on a protected AP.
    pub(crate) fn protect(&mut self, da: MacAddr, frame: Vec<u8>) -> Result<Vec<u8>, DropReason> {
        let Some(rsn) = &mut self.rsn else { return Ok(frame) };
        if da.is_multicast() {
            return rsn.group.protect(&frame);
        }
        let key =
            self.clients.get_mut(da).and_then(|p| p.security.as_mut()).and_then(|s| s.pairwise.as_mut());
        key.ok_or(DropReason::NoKey)?.protect(&frame)
    }

    /// The pairwise key of `sta`, for decryption.
    pub(crate) fn pairwise_key_mut(&mut self, sta: MacAddr) -> Option<&mut PairwiseKey> {
        self.clients.get_mut(sta)?.security.as_mut()?.pairwise.as_mut()
    }
}
