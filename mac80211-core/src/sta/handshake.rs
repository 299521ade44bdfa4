//! The station's RSNA: the supplicant running over the link after association (802.11-2020
//! 12.7.6, 12.7.7; the 4-way handshake offload of Linux `NL80211_EXT_FEATURE_4WAY_HANDSHAKE_STA_PSK`,
//! where the driver, not wpa_supplicant, runs it).
//!
//! On a protected BSS the link exists from the Association Response on, with the peer
//! `Associated` and the controlled port closed: only EAPOL passes. The station reports
//! `Handshaking`, arms [`Timer::Handshake`] (`StaTuning::handshake_timeout`), and feeds every
//! EAPOL PDU from the AP to its [`Supplicant`]. When message 3 verifies, message 4 goes out
//! unprotected (the pairwise key is installed right after it, as 12.7.6.4 requires), the keys
//! are installed (offered to the radio with `InstallKey`), the peer steps to `Authorized` and
//! `Connected` is reported. Later group key handshakes install new GTKs (`GroupKeyInstalled`).
//!
//! Failure before the port opens ends the attempt with `ConnectFailed { HandshakeFailed }`: the
//! AP's Deauthentication reason (14 or 15 after a wrong passphrase), 17 when message 3's RSN
//! element differs from the beacon's, or 15 when our own timer expires first.

use super::link::send_deauth;
use super::{StaLink, StaState, Station, Timer};
use crate::crypto::Key;
use crate::mac::cx::{Cx, TxKind};
use crate::mac::data::eapol_msdu;
use crate::mac::data::tx::build_data;
use crate::mac::{DropReason, EventKind, KeyConfig, PeerState, RadioRequest};
use crate::rsna::keys::{LinkKeys, PairwiseKey};
use crate::rsna::supplicant::Supplicant;
use crate::rsna::{Action, Rejected};
use crate::wire::ReasonCode;
use crate::wire::element::suite::CipherSuite;
use core::fmt;

/// TID of EAPOL frames on a QoS link (mac80211 sends control port frames at priority 7).
const EAPOL_TID: u8 = 7;

/// The RSNA of a station's link: the supplicant and the keys it installed.
pub(crate) struct StaSecurity {
    /// The key machine.
    pub supplicant: Supplicant,
    /// Keys for the data path.
    pub keys: LinkKeys,
}

impl StaSecurity {
    /// A link about to run the 4-way handshake with `supplicant`.
    pub(crate) fn new(supplicant: Supplicant) -> StaSecurity {
        StaSecurity { supplicant, keys: LinkKeys::default() }
    }
}

impl fmt::Debug for StaSecurity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StaSecurity")
            .field("established", &self.supplicant.is_established())
            .field("keys", &self.keys)
            .finish()
    }
}

impl Station {
    /// An EAPOL PDU from the AP, on the link being set up or established.
    pub(crate) fn rx_eapol(&mut self, cx: &mut Cx<'_>, pdu: &[u8]) -> Result<(), DropReason> {
        self.now = cx.now;
        let StaState::Connected(c) = &mut self.state else { return Err(DropReason::NoLink) };
        let security = c.link.security.as_mut().ok_or(DropReason::Unhandled)?;
        let actions = security.supplicant.on_eapol(cx.rng, pdu).map_err(|r| {
            tracing::debug!(vif = cx.vif.0, rejected = ?r, "EAPOL-Key message refused");
            match r {
                Rejected::NotKey => DropReason::Unhandled,
                _ => DropReason::KeyMessageRejected,
            }
        })?;
        for action in actions {
            self.apply(cx, action);
        }
        Ok(())
    }

    /// Carries out one action of the supplicant.
    fn apply(&mut self, cx: &mut Cx<'_>, action: Action) {
        let StaState::Connected(c) = &mut self.state else { return };
        let link = &mut c.link;
        match action {
            Action::Send(pdu) => send_eapol(cx, link, &pdu),
            Action::InstallPairwise(install) => {
                offer_key(cx, link, 0, &install.tk, true);
                if let Some(s) = link.security.as_mut() {
                    s.keys.pairwise = Some(PairwiseKey::new(install.tk, install.proof, cx.radio.hw_crypto));
                }
            }
            Action::InstallGroup { index, gtk, rsc } => {
                offer_key(cx, link, index, &gtk, false);
                let installed = link
                    .security
                    .as_mut()
                    .is_some_and(|s| s.keys.group.install(index, gtk, rsc, cx.radio.hw_crypto));
                // The first GTK comes with message 3; only later ones are news.
                if installed && link.state.port_open() {
                    cx.event(EventKind::GroupKeyInstalled { index });
                }
            }
            Action::Authorized => self.authorized(cx),
            Action::GroupAcked => {}
            Action::Fail(reason) => {
                let bssid = link.bssid;
                send_deauth(cx, bssid, reason);
                self.teardown_for(cx, reason);
            }
        }
    }

    /// The 4-way handshake completed: open the port and report the connection.
    fn authorized(&mut self, cx: &mut Cx<'_>) {
        let StaState::Connected(c) = &mut self.state else { return };
        if c.link.state.step_to(PeerState::Authorized).is_err() {
            return;
        }
        self.timers.stop(Timer::Handshake);
        let link = &c.link;
        cx.event(EventKind::Connected {
            bssid: link.bssid,
            ssid: link.ssid.clone(),
            channel: link.channel,
            aid: link.aid,
            protected: true,
        });
    }

    /// Our handshake timer expired before the port opened: Deauthentication with reason 15.
    pub(super) fn handshake_timeout(&mut self, cx: &mut Cx<'_>) {
        let StaState::Connected(c) = &self.state else { return };
        if c.link.state.port_open() {
            return;
        }
        let reason = ReasonCode::FourWayHandshakeTimeout;
        send_deauth(cx, c.link.bssid, reason);
        self.teardown_for(cx, reason);
    }
}

/// Sends an EAPOL PDU to the AP as a data frame (To DS), protected once the pairwise key is in.
fn send_eapol(cx: &mut Cx<'_>, link: &mut StaLink, pdu: &[u8]) {
    let seq = cx.next_seq();
    let tid = link.peer_qos.then_some(EAPOL_TID);
    let frame = build_data(link.bssid, cx.addr, link.bssid, true, seq, tid, &eapol_msdu(pdu));
    let frame = match link.security.as_mut().and_then(|s| s.keys.pairwise.as_mut()) {
        Some(key) => match key.protect(&frame) {
            Ok(f) => f,
            Err(reason) => return cx.stats.tx_drop(reason),
        },
        None => frame,
    };
    cx.transmit(frame, link.stats.tx_rate, TxKind::Data(link.bssid));
}

/// Offers a key to the radio (mac80211 `set_key`).
fn offer_key(cx: &mut Cx<'_>, link: &StaLink, index: u8, key: &Key<16>, pairwise: bool) {
    let conf = KeyConfig {
        peer: pairwise.then_some(link.bssid),
        index,
        cipher: CipherSuite::Ccmp128,
        key: key.clone(),
    };
    cx.out.push_request(RadioRequest::InstallKey(cx.vif, conf));
}
