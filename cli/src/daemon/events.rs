//! Backend events as nl80211 and hwsim multicast notifications.
//!
//! Mapping (the notifications cfg80211 and mac80211_hwsim send for the same happenings,
//! `nl80211_send_scan_start`, `nl80211_send_scan_msg`, `nl80211_send_connect_result`,
//! `nl80211_send_disconnected`, `cfg80211_new_sta`, `cfg80211_del_sta`,
//! `nl80211_notify_iface`, `nl80211_notify_wiphy`, `hwsim_mcast_new_radio`):
//!
//! | event | message | group |
//! |---|---|---|
//! | ScanStarted | TRIGGER_SCAN, SCAN_SSIDS, SCAN_FREQUENCIES | scan |
//! | ScanDone | NEW_SCAN_RESULTS, or SCAN_ABORTED when aborted; SCAN_SSIDS, SCAN_FREQUENCIES | scan |
//! | Connected (open) | CONNECT, STATUS_CODE 0, MAC = BSSID | mlme |
//! | Handshaking (WPA2: associated) | CONNECT, STATUS_CODE 0, MAC = BSSID | mlme |
//! | Connected (WPA2: 4-way handshake done) | PORT_AUTHORIZED, MAC = BSSID | mlme |
//! | ConnectFailed | CONNECT, STATUS_CODE (the AP's, else 1); timeouts add TIMED_OUT and TIMEOUT_REASON | mlme |
//! | ConnectFailed (4-way handshake) | DISCONNECT, REASON_CODE, MAC, softmac's HANDSHAKE_FAILED flag | mlme |
//! | Disconnected | DISCONNECT, REASON_CODE, DISCONNECTED_BY_AP when the AP sent deauth/disassoc | mlme |
//! | StationAssociated | NEW_STATION | mlme |
//! | StationAuthorized (AP: a station's 4-way handshake done) | PORT_AUTHORIZED, MAC = station | mlme |
//! | StationLeft | DEL_STATION | mlme |
//! | InterfaceAdded / Removed / Changed (type) | NEW_INTERFACE / DEL_INTERFACE / SET_INTERFACE | config |
//! | RadioAdded / Removed | NEW_WIPHY / DEL_WIPHY (config) and hwsim NEW_RADIO / DEL_RADIO (hwsim config) | |
//!
//! On a WPA2 network the sequence is the one of a Linux driver that offloads the 4-way
//! handshake: the connect result at association, PORT_AUTHORIZED when the handshake opened the
//! port, and a DISCONNECT when it failed (the connection had been reported). An AP reports each
//! station whose handshake completed with PORT_AUTHORIZED naming the station, as Linux does
//! since 6.7 for drivers that offload the AP side (`cfg80211_port_authorized` on AP
//! interfaces). Other MAC events
//! (authenticating, beacon loss, AP started...) have no nl80211 notification in the
//! SME-in-kernel model and are not sent. Notifications have sequence 0 and port 0.

use mac80211_core::mac::{ConnectFailure, DisconnectCause, EventKind, ScanScope};
use mac80211_core::wire::StatusCode;

use super::backend::BackendEvent;
use super::families::{Group, radio_message};
use super::replies::{del_wiphy_message, iface_message, wdev_of, wiphy_messages};
use super::service::{hwsim_body, nl80211_body};
use crate::nl::hwsim::HwsimCmd;
use crate::nl::nl80211::{Nl80211Attr, Nl80211Cmd, Nl80211Message, StaInfoAttr};
use crate::nl::value::{List, Nest};
use crate::nl::{Body, FamilyIds};

/// `enum nl80211_timeout_reason`.
mod timeout_reason {
    pub const SCAN: u32 = 1;
    pub const AUTH: u32 = 2;
    pub const ASSOC: u32 = 3;
}

/// The notifications for `event`, each with the id of the group it goes to.
pub fn event_bodies(ids: &FamilyIds, event: &BackendEvent) -> Vec<(u32, Body)> {
    let nl = |group: Group, msg: Nl80211Message| (group.id(), nl80211_body(ids, msg));
    match event {
        BackendEvent::Mac { ifindex, wiphy, kind } => {
            mac_event(*wiphy, *ifindex, kind).into_iter().map(|(g, m)| nl(g, m)).collect()
        }
        BackendEvent::InterfaceAdded(i) => {
            vec![nl(Group::Config, iface_message(Nl80211Cmd::NewInterface, i))]
        }
        BackendEvent::InterfaceRemoved(i) => {
            vec![nl(Group::Config, iface_message(Nl80211Cmd::DelInterface, i))]
        }
        BackendEvent::InterfaceChanged(i) => {
            vec![nl(Group::Config, iface_message(Nl80211Cmd::SetInterface, i))]
        }
        BackendEvent::RadioAdded(w) => {
            let mut out: Vec<_> =
                wiphy_messages(w, false).into_iter().map(|m| nl(Group::Config, m)).collect();
            out.push((Group::HwsimConfig.id(), hwsim_body(ids, radio_message(HwsimCmd::NewRadio, w))));
            out
        }
        BackendEvent::RadioRemoved(w) => vec![
            nl(Group::Config, del_wiphy_message(w)),
            (Group::HwsimConfig.id(), hwsim_body(ids, radio_message(HwsimCmd::DelRadio, w))),
        ],
    }
}

fn mac_event(wiphy: u32, ifindex: u32, kind: &EventKind) -> Option<(Group, Nl80211Message)> {
    let head = vec![
        Nl80211Attr::Wiphy(wiphy),
        Nl80211Attr::Ifindex(ifindex),
        Nl80211Attr::Wdev(wdev_of(wiphy, ifindex)),
    ];
    let msg = |cmd, extra: Vec<Nl80211Attr>| {
        let mut attrs = head.clone();
        attrs.extend(extra);
        Nl80211Message::new(cmd, attrs)
    };
    Some(match kind {
        EventKind::ScanStarted { scope } => (Group::Scan, msg(Nl80211Cmd::TriggerScan, scan_request(scope))),
        EventKind::ScanDone { aborted, scope, .. } => {
            let cmd = if *aborted { Nl80211Cmd::ScanAborted } else { Nl80211Cmd::NewScanResults };
            (Group::Scan, msg(cmd, scan_request(scope)))
        }
        EventKind::Connected { bssid, protected: false, .. } | EventKind::Handshaking { bssid } => (
            Group::Mlme,
            msg(
                Nl80211Cmd::Connect,
                vec![Nl80211Attr::Mac(*bssid), Nl80211Attr::StatusCode(StatusCode::Success.value())],
            ),
        ),
        EventKind::Connected { bssid, protected: true, .. } => {
            (Group::Mlme, msg(Nl80211Cmd::PortAuthorized, vec![Nl80211Attr::Mac(*bssid)]))
        }
        EventKind::ConnectFailed { bssid: Some(bssid), failure: ConnectFailure::HandshakeFailed(reason) } => {
            (
                Group::Mlme,
                msg(
                    Nl80211Cmd::Disconnect,
                    vec![
                        Nl80211Attr::ReasonCode(reason.value()),
                        Nl80211Attr::Mac(*bssid),
                        Nl80211Attr::SoftmacHandshakeFailed(()),
                    ],
                ),
            )
        }
        EventKind::ConnectFailed { bssid, failure } => {
            (Group::Mlme, msg(Nl80211Cmd::Connect, connect_failure(*bssid, *failure)))
        }
        EventKind::Disconnected { bssid, reason, cause } => {
            let mut extra = vec![Nl80211Attr::ReasonCode(reason.value()), Nl80211Attr::Mac(*bssid)];
            if matches!(cause, DisconnectCause::Deauthenticated | DisconnectCause::Disassociated) {
                extra.push(Nl80211Attr::DisconnectedByAp(()));
            }
            (Group::Mlme, msg(Nl80211Cmd::Disconnect, extra))
        }
        EventKind::StationAssociated { addr, .. } => (
            Group::Mlme,
            Nl80211Message::new(
                Nl80211Cmd::NewStation,
                vec![
                    Nl80211Attr::Ifindex(ifindex),
                    Nl80211Attr::Mac(*addr),
                    Nl80211Attr::Generation(super::replies::GENERATION),
                    Nl80211Attr::StaInfo(Nest::new(vec![StaInfoAttr::ConnectedTime(0)])),
                ],
            ),
        ),
        EventKind::StationAuthorized { addr } => {
            (Group::Mlme, msg(Nl80211Cmd::PortAuthorized, vec![Nl80211Attr::Mac(*addr)]))
        }
        EventKind::StationLeft { addr, .. } => (
            Group::Mlme,
            Nl80211Message::new(
                Nl80211Cmd::DelStation,
                vec![Nl80211Attr::Ifindex(ifindex), Nl80211Attr::Mac(*addr)],
            ),
        ),
        _ => return None,
    })
}

/// The scan request a scan notification repeats, laid out as `nl80211_add_scan_req` does:
/// SCAN_SSIDS before SCAN_FREQUENCIES, both always present (a passive scan's SSID list is an
/// empty nest), entries numbered from 0, and no `NLA_F_NESTED` (`nla_nest_start_noflag`).
fn scan_request(scope: &ScanScope) -> Vec<Nl80211Attr> {
    let freqs = scope.channels.iter().map(|ch| u32::from(ch.freq));
    vec![
        Nl80211Attr::ScanSsids(List::numbered(0, scope.ssids.iter().cloned())),
        Nl80211Attr::ScanFrequencies(List::numbered(0, freqs)),
    ]
}

/// CONNECT attributes for a failure: the BSSID when known, the status, and for timeouts
/// `TIMED_OUT` with the stage (`cfg80211_connect_timeout`).
fn connect_failure(bssid: Option<mac80211_core::wire::MacAddr>, failure: ConnectFailure) -> Vec<Nl80211Attr> {
    let mut attrs = Vec::new();
    if let Some(b) = bssid {
        attrs.push(Nl80211Attr::Mac(b));
    }
    let unspecified = StatusCode::UnspecifiedFailure.value();
    let (status, timeout) = match failure {
        ConnectFailure::AuthRejected(s) | ConnectFailure::AssocRejected(s) => (s.value(), None),
        ConnectFailure::NoBss => (unspecified, Some(timeout_reason::SCAN)),
        ConnectFailure::AuthTimeout => (unspecified, Some(timeout_reason::AUTH)),
        ConnectFailure::AssocTimeout => (unspecified, Some(timeout_reason::ASSOC)),
        ConnectFailure::Kicked(_) | ConnectFailure::Cancelled => (unspecified, None),
        // cfg80211 reports a failed 4-way handshake offload as an unspecified failure.
        ConnectFailure::HandshakeFailed(_) => (unspecified, None),
        ConnectFailure::SecurityMismatch => (StatusCode::InvalidElement.value(), None),
    };
    attrs.push(Nl80211Attr::StatusCode(status));
    if let Some(reason) = timeout {
        attrs.push(Nl80211Attr::TimedOut(()));
        attrs.push(Nl80211Attr::TimeoutReason(reason));
    }
    attrs
}
