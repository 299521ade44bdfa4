//! The AP's management-frame responders: probe, authentication, (re)association,
//! deauthentication and disassociation from stations, and the class 2/3 rejections.
//!
//! # Probe Request (802.11-2020 11.1.4.3.4)
//!
//! Answered with a unicast Probe Response when its SSID element is the wildcard or our SSID
//! (a hidden AP answers only the exact SSID, as hostapd with `ignore_broadcast_ssid`), its
//! BSSID is ours or broadcast, and any DS Parameter Set names our channel (hostapd ignores
//! probes "due to DS Params mismatch", which is what 11.1.4.3.4 asks of the responder). No SSID
//! element, another SSID: no answer. A response to a wildcard request sent to the broadcast
//! address goes out once without expecting an ACK, as hostapd sends it (`noack`, "to avoid
//! excessive retries"): a scanning station leaves the channel after its dwell, and a crowd of
//! scanners would otherwise cost up to eight attempts each.
//!
//! # Authentication (11.3.4.3, hostapd `handle_auth`)
//!
//! Open System transaction 1 is answered with transaction 2, Success; the station enters the
//! table as `Authenticated` and [`EventKind::StationAuthenticated`] is reported. Any other
//! algorithm is answered with status 13 and any other transaction number with status 14, both
//! with the request's algorithm and transaction + 1, and change nothing. A full table
//! ([`super::clients::PENDING_LIMIT`] stations waiting to associate) answers 17.
//! Re-authentication of an associated station starts it over, as hostapd does (its flags are
//! reset by the new authentication): the association is dropped (buffered frames discarded)
//! and reported as `StationLeft { reason: PrevAuthNotValid, by_ap: false }` before the new
//! `StationAuthenticated`. Its AID stays reserved for it and its next association gets it
//! again (hostapd's "old AID"; see `clients`), so a response still in flight from the old
//! association cannot name a different AID than the table. A repeated authentication from an authenticated station is
//! answered again without a new event.
//!
//! # (Re)Association (11.3.5.3, hostapd `handle_assoc`)
//!
//! From a station that is not authenticated: Deauthentication with reason 6 and no response.
//! Otherwise the request is checked in hostapd's order: SSID element present and equal to ours
//! (else status 1, `check_ssid`); Supported Rates present and readable (else status 1,
//! `copy_supp_rates`), including every basic rate of the BSS (else 18, 802.11-2020 11.3.5.3);
//! then an AID: the one it has when already associated (a repeated request gets the same
//! answer), else the lowest free one unless `max_stations` are associated (status 17). The
//! Listen Interval is recorded; like hostapd's default `max_listen_interval` (65535) any value
//! is accepted. QoS is granted when the station sends a WMM Information element or sets the
//! QoS capability bit; HT when the radio and the station do HT and the station does QoS
//! (hostapd `copy_sta_ht_capab` requires WMM for HT). The response (Reassociation Response
//! for a Reassociation Request) carries our capability, the status, AID | 0xC000, our rates,
//! and on success HT Capabilities/Operation when we do HT and the WMM Parameter element when
//! QoS was granted. The station walks Associated → Authorized (open network) and
//! [`EventKind::StationAssociated`] is reported once per association. A refused request leaves
//! the station where it was.
//!
//! # From stations
//!
//! Deauthentication removes the station; Disassociation steps it back to `Authenticated`;
//! either frees its AID and is reported as `StationLeft { by_ap: false }` with the frame's
//! reason (Disassociation from a station that is not associated changes nothing).
//!
//! # Class 2 and 3 violations (11.3.3)
//!
//! A (re)association request from a station that is not authenticated gets Deauthentication
//! reason 6; a data frame from a station that is not associated gets Disassociation reason 7
//! when it is authenticated and Deauthentication reason 7 otherwise (hostapd
//! `ieee802_11_rx_from_unknown`). These answers are rate-limited to one per address per second
//! ([`RejectLimiter`]), so a station that keeps sending (or a forged flood) cannot make the AP
//! flood the channel back; the limiter remembers at most [`REJECT_TABLE_LIMIT`] addresses.

use super::Ap;
use crate::mac::cx::Cx;
use crate::mac::{EventKind, PeerState, RxInfo, rates};
use crate::rsna::negotiate::{check_station_rsne, find_rsne};
use crate::time::{Duration, Instant};
use crate::wire::element::{DsParams, ExtSupportedRates, HtCapabilities, Ssid, SupportedRates, WmmInfo};
use crate::wire::mgmt::{
    AssocRespRepr, AuthPayload, AuthRepr, CapabilityInfo, DeauthRepr, MgmtBody, ProbeReqRepr,
    auth_payload_is_raw,
};
use crate::wire::{AuthAlgorithm, Elements, MacAddr, ReasonCode, StatusCode};
use std::collections::BTreeMap;

/// Minimum spacing of unsolicited rejections (class 2/3) to one address.
pub(crate) const REJECT_INTERVAL: Duration = Duration::from_secs(1);
/// Addresses the rejection limiter remembers at once.
pub(crate) const REJECT_TABLE_LIMIT: usize = 1024;

/// Rate limit of unsolicited Deauthentication/Disassociation answers, per address.
#[derive(Debug, Default)]
pub(crate) struct RejectLimiter {
    last: BTreeMap<MacAddr, Instant>,
}

impl RejectLimiter {
    /// True (and remembered) when `addr` may be sent a rejection at `now`.
    pub fn allow(&mut self, addr: MacAddr, now: Instant) -> bool {
        if self.last.get(&addr).is_some_and(|&t| now - t < REJECT_INTERVAL) {
            return false;
        }
        if self.last.len() >= REJECT_TABLE_LIMIT {
            self.last.retain(|_, t| now - *t < REJECT_INTERVAL);
            if self.last.len() >= REJECT_TABLE_LIMIT {
                return false;
            }
        }
        self.last.insert(addr, now);
        true
    }
}

/// What a (re)association request asks for, read from its fields and elements.
pub(crate) struct AssocRequest<'a> {
    pub capability: CapabilityInfo,
    pub listen_interval: u16,
    pub elements: Elements<'a>,
    pub reassoc: bool,
}

/// The outcome of checking a (re)association request.
struct Granted {
    rates: Vec<u8>,
    ht: bool,
    qos: bool,
    /// The station's RSN element on a protected AP (checked).
    rsne: Option<Vec<u8>>,
}

impl Ap {
    /// A Probe Request from `sa`.
    pub(super) fn rx_probe_req(
        &mut self,
        cx: &mut Cx<'_>,
        da: MacAddr,
        sa: MacAddr,
        bssid: MacAddr,
        req: &ProbeReqRepr<'_>,
    ) {
        if bssid != cx.addr && !bssid.is_broadcast() {
            return;
        }
        let Some(Ok(ssid)) = req.elements.get::<Ssid>() else { return };
        let wanted =
            if ssid.is_wildcard() { !self.config.hidden } else { ssid.as_bytes() == self.bss.ssid() };
        let channel_ok = match req.elements.get::<DsParams>() {
            Some(Ok(ds)) => Some(ds.current_channel) == self.config.channel.number(),
            _ => true,
        };
        if wanted && channel_ok {
            // hostapd's noack: a broadcast wildcard probe is answered once, unacknowledged.
            self.send_probe_response(cx, sa, ssid.is_wildcard() && da.is_broadcast());
        }
    }

    /// An Authentication frame from `sa`.
    pub(super) fn rx_auth(&mut self, cx: &mut Cx<'_>, sa: MacAddr, auth: &AuthRepr<'_>) {
        let status = if auth.algorithm != AuthAlgorithm::OpenSystem {
            StatusCode::UnsupportedAuthAlgorithm
        } else if auth.transaction_seq != 1 {
            StatusCode::TransactionSequenceError
        } else {
            self.authenticate(cx, sa)
        };
        let body = AuthRepr {
            algorithm: auth.algorithm,
            transaction_seq: auth.transaction_seq.wrapping_add(1),
            status,
            payload: if auth_payload_is_raw(auth.algorithm) {
                AuthPayload::Raw(&[])
            } else {
                AuthPayload::Elements(Elements::new(&[]))
            },
        };
        cx.send_mgmt(sa, cx.addr, MgmtBody::Auth(body));
    }

    /// Open System authentication of `sa` succeeds unless the table is full.
    fn authenticate(&mut self, cx: &mut Cx<'_>, sa: MacAddr) -> StatusCode {
        match self.clients.get(sa).map(|p| p.state) {
            Some(state) if state.is_associated() => {
                self.drop_buffered(cx, sa);
                self.clients.reauthenticate(sa);
                cx.event(EventKind::StationLeft {
                    addr: sa,
                    reason: ReasonCode::PrevAuthNotValid,
                    by_ap: false,
                });
                cx.event(EventKind::StationAuthenticated { addr: sa });
                StatusCode::Success
            }
            Some(_) => StatusCode::Success,
            None => {
                let rate = rates::mgmt_rate(cx.radio.band());
                if self.clients.add_authenticated(sa, cx.now, rate).is_err() {
                    return StatusCode::DeniedNoMoreStas;
                }
                self.arm_sweep(cx.now);
                cx.event(EventKind::StationAuthenticated { addr: sa });
                StatusCode::Success
            }
        }
    }

    /// An (Re)Association Request from `sa`.
    pub(super) fn rx_assoc_req(&mut self, cx: &mut Cx<'_>, rx: &RxInfo, sa: MacAddr, req: &AssocRequest<'_>) {
        if self.clients.get(sa).is_none() {
            self.reject_unsolicited(cx, sa, ReasonCode::Class2FrameFromNonauthSta, false);
            return;
        }
        let protected = self.rsn.is_some();
        let to = if protected { PeerState::Associated } else { PeerState::Authorized };
        let outcome = self.check_assoc(cx, req).and_then(|granted| {
            let (aid, fresh) = self
                .clients
                .associate(sa, self.config.max_stations, to)
                .map_err(|_| StatusCode::DeniedNoMoreStas)?;
            Ok((aid, fresh, granted))
        });
        let mut handshake = None;
        let (status, aid, qos) = match outcome {
            Ok((aid, fresh, granted)) => {
                let sta_rsne = granted.rsne.clone();
                self.record_association(cx, rx, sa, req, granted, fresh);
                if fresh {
                    cx.event(EventKind::StationAssociated { addr: sa, aid });
                    handshake = sta_rsne;
                }
                let qos = self.clients.get(sa).is_some_and(|p| p.qos);
                (StatusCode::Success, aid, qos)
            }
            Err(status) => (status, 0, false),
        };
        let elements = self.bss.assoc_response_elements(status == StatusCode::Success, qos);
        let body = AssocRespRepr {
            capability: self.bss.capability,
            status,
            aid_field: if aid == 0 { 0 } else { aid | 0xc000 },
            elements: Elements::new(&elements),
        };
        let body = if req.reassoc { MgmtBody::ReassocResp(body) } else { MgmtBody::AssocResp(body) };
        cx.send_mgmt(sa, cx.addr, body);
        // Message 1 follows the response, as hostapd starts the authenticator on association.
        if let Some(sta_rsne) = handshake {
            self.start_handshake(cx, sa, sta_rsne);
        }
    }

    /// SSID and rates of a request (hostapd's order), and what the association will do.
    fn check_assoc(&self, cx: &Cx<'_>, req: &AssocRequest<'_>) -> Result<Granted, StatusCode> {
        let els = req.elements;
        match els.get::<Ssid>() {
            Some(Ok(ssid)) if ssid.as_bytes() == self.bss.ssid() => {}
            _ => return Err(StatusCode::UnspecifiedFailure),
        }
        let Some(Ok(sup)) = els.get::<SupportedRates>() else { return Err(StatusCode::UnspecifiedFailure) };
        let mut rates: Vec<u8> = sup.rates().map(|r| r.units()).collect();
        match els.get::<ExtSupportedRates>() {
            Some(Ok(ext)) => rates.extend(ext.rates().map(|r| r.units())),
            Some(Err(_)) => return Err(StatusCode::UnspecifiedFailure),
            None => {}
        }
        if !self.bss.basic_rates.iter().all(|b| rates.contains(b)) {
            return Err(StatusCode::RefusedBasicRatesMismatch);
        }
        // hostapd checks the RSN element after rates (`check_assoc_ies` → `wpa_validate_wpa_ie`).
        let rsne = match &self.rsn {
            Some(_) => {
                let rsne = find_rsne(els);
                check_station_rsne(rsne)?;
                rsne.map(<[u8]>::to_vec)
            }
            None => None,
        };
        let qos = matches!(els.get::<WmmInfo>(), Some(Ok(_))) || req.capability.0 & CapabilityInfo::QOS != 0;
        let ht = cx.radio.ht && qos && matches!(els.get::<HtCapabilities>(), Some(Ok(_)));
        Ok(Granted { rates, ht, qos, rsne })
    }

    /// Stores what an accepted request said about the station.
    fn record_association(
        &mut self,
        cx: &Cx<'_>,
        rx: &RxInfo,
        sa: MacAddr,
        req: &AssocRequest<'_>,
        g: Granted,
        fresh: bool,
    ) {
        let band = cx.radio.band();
        let we_ht = cx.radio.ht;
        let Some(peer) = self.clients.get_mut(sa) else { return };
        peer.stats.tx_rate = rates::data_rate(band, &g.rates, g.ht, we_ht);
        peer.stats.signal_dbm = rx.signal_dbm;
        if fresh {
            peer.stats.connected_at = cx.now;
        }
        peer.rates = g.rates;
        peer.ht = g.ht;
        peer.qos = g.qos;
        peer.listen_interval = req.listen_interval;
    }

    /// A Deauthentication frame from `sa`: it leaves the table.
    pub(super) fn rx_deauth(&mut self, cx: &mut Cx<'_>, sa: MacAddr, d: &DeauthRepr<'_>) {
        if self.clients.get(sa).is_none() {
            return;
        }
        self.remove_station(cx, sa);
        cx.event(EventKind::StationLeft { addr: sa, reason: d.reason, by_ap: false });
    }

    /// A Disassociation frame from `sa`: back to authenticated.
    pub(super) fn rx_disassoc(&mut self, cx: &mut Cx<'_>, sa: MacAddr, d: &DeauthRepr<'_>) {
        if !self.clients.get(sa).is_some_and(|p| p.state.is_associated()) {
            return;
        }
        self.end_association(cx, sa);
        cx.event(EventKind::StationLeft { addr: sa, reason: d.reason, by_ap: false });
    }

    /// Data from a station that is not associated: Disassociation (authenticated) or
    /// Deauthentication (unknown), reason 7, rate-limited.
    pub(crate) fn class3_violation(&mut self, cx: &mut Cx<'_>, ta: MacAddr) {
        let authenticated = self.clients.get(ta).is_some();
        self.reject_unsolicited(cx, ta, ReasonCode::Class3FrameFromNonassocSta, authenticated);
    }

    /// Sends Disassociation (`disassoc`) or Deauthentication with `reason` to `to`, at most
    /// once per [`REJECT_INTERVAL`].
    fn reject_unsolicited(&mut self, cx: &mut Cx<'_>, to: MacAddr, reason: ReasonCode, disassoc: bool) {
        if to.is_multicast() || to == cx.addr || !self.rejections.allow(to, cx.now) {
            return;
        }
        let body = DeauthRepr { reason, elements: Elements::new(&[]) };
        let body = if disassoc { MgmtBody::Disassoc(body) } else { MgmtBody::Deauth(body) };
        cx.send_mgmt(to, cx.addr, body);
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn limiter_allows_one_per_second_per_address() {
        let mut l = RejectLimiter::default();
        let a = MacAddr([2, 0, 0, 0, 0, 1]);
        let b = MacAddr([2, 0, 0, 0, 0, 2]);
        let t = Instant::from_millis(10);
        assert!(l.allow(a, t));
        assert!(!l.allow(a, t + Duration::from_millis(999)));
        assert!(l.allow(b, t + Duration::from_millis(999)));
        assert!(l.allow(a, t + Duration::from_secs(1)));
    }

    #[test]
    fn limiter_table_is_bounded() {
        let mut l = RejectLimiter::default();
        let t = Instant::from_millis(10);
        for i in 0..REJECT_TABLE_LIMIT {
            assert!(l.allow(MacAddr([2, 0, 0, 0, (i >> 8) as u8, i as u8]), t));
        }
        let extra = MacAddr([2, 0, 0, 1, 0, 0]);
        assert!(!l.allow(extra, t));
        // Once the old entries are stale they are pruned to make room.
        assert!(l.allow(extra, t + REJECT_INTERVAL));
        assert_eq!(l.last.len(), 1);
    }
}
