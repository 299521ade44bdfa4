//! Open System authentication (802.11-2020 11.3.4.2; mac80211 `ieee80211_auth`).
//!
//! The station sends Authentication transaction 1 (algorithm 0, status 0) to the BSS and
//! waits `auth_timeout` (200 ms, `IEEE80211_AUTH_TIMEOUT`) for transaction 2 from it. Status
//! 0 authenticates (State 2 of 11.3.1) and association follows at once; any other status ends
//! the attempt with `AuthRejected`. Silence is retried up to `auth_tries` (3,
//! `IEEE80211_AUTH_MAX_TRIES`) requests in all, then `AuthTimeout`. A request the radio
//! reports as not acknowledged is retried at once rather than after the wait, as mac80211
//! does when the driver reports ACK status. Frames from other BSSs, other algorithms or other
//! transaction numbers are ignored (mac80211 logs and drops them).

use super::{StaState, Station, Target, Timer};
use crate::mac::cx::Cx;
use crate::mac::{ConnectFailure, EventKind, PeerState, StaTuning};
use crate::timer::TimerTable;
use crate::wire::mgmt::{AuthPayload, AuthRepr, MgmtBody};
use crate::wire::{AuthAlgorithm, Elements, MacAddr, StatusCode};

/// Waiting for the Authentication response.
#[derive(Debug)]
pub(crate) struct Authenticating {
    /// The BSS.
    pub target: Target,
    /// Requests sent so far (1-based).
    attempt: u8,
    /// Cookie of the last request, to match its TX status.
    pub cookie: u64,
}

impl Authenticating {
    /// Sends the next request and arms the wait.
    fn send(&mut self, cx: &mut Cx<'_>, timers: &mut TimerTable<Timer>, tuning: &StaTuning) {
        self.attempt += 1;
        let bssid = self.target.bss.bssid;
        let body = MgmtBody::Auth(AuthRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction_seq: 1,
            status: StatusCode::Success,
            payload: AuthPayload::Elements(Elements::new(&[])),
        });
        self.cookie = cx.send_mgmt(bssid, bssid, body);
        cx.event(EventKind::Authenticating { bssid, attempt: self.attempt });
        timers.set(Timer::AuthWait, cx.now + tuning.auth_timeout);
    }
}

/// What an Authentication frame means to the attempt.
enum Reply {
    /// Not the response we wait for.
    Ignore,
    /// Authenticated.
    Success,
    /// Refused with this status.
    Rejected(StatusCode),
}

fn classify(auth: &Authenticating, ta: MacAddr, bssid: MacAddr, frame: &AuthRepr<'_>) -> Reply {
    let ours = auth.target.bss.bssid;
    if ta != ours || bssid != ours {
        return Reply::Ignore;
    }
    if frame.algorithm != AuthAlgorithm::OpenSystem || frame.transaction_seq != 2 {
        return Reply::Ignore;
    }
    match frame.status {
        StatusCode::Success => Reply::Success,
        status => Reply::Rejected(status),
    }
}

impl Station {
    /// Tunes to the target's channel and sends the first Authentication request.
    pub(super) fn start_auth(&mut self, cx: &mut Cx<'_>, target: Target) {
        // The caller chose a BSS on a channel this interface may use.
        let granted = cx.request_channel(target.bss.channel);
        debug_assert!(granted, "BSS chosen on an available channel");
        let mut auth = Authenticating { target, attempt: 0, cookie: 0 };
        auth.send(cx, &mut self.timers, &self.tuning);
        self.state = StaState::Authenticating(auth);
    }

    /// An Authentication frame arrived.
    pub(super) fn on_auth(&mut self, cx: &mut Cx<'_>, ta: MacAddr, bssid: MacAddr, frame: &AuthRepr<'_>) {
        let StaState::Authenticating(auth) = &self.state else { return };
        match classify(auth, ta, bssid, frame) {
            Reply::Ignore => {}
            Reply::Rejected(status) => {
                let bssid = auth.target.bss.bssid;
                self.fail_connect(cx, bssid, ConnectFailure::AuthRejected(status));
            }
            Reply::Success => {
                self.timers.stop(Timer::AuthWait);
                let StaState::Authenticating(auth) = core::mem::replace(&mut self.state, StaState::Idle)
                else {
                    return;
                };
                cx.event(EventKind::Authenticated { bssid: auth.target.bss.bssid });
                let mut peer = PeerState::Unauthenticated;
                peer.walk_to(PeerState::Authenticated, |_| {});
                self.start_assoc(cx, auth.target, peer);
            }
        }
    }

    /// No response in time (or the request was not acknowledged): retry or give up.
    pub(super) fn auth_timeout(&mut self, cx: &mut Cx<'_>) {
        let StaState::Authenticating(auth) = &mut self.state else { return };
        if auth.attempt < self.tuning.auth_tries {
            auth.send(cx, &mut self.timers, &self.tuning);
        } else {
            let bssid = auth.target.bss.bssid;
            self.fail_connect(cx, bssid, ConnectFailure::AuthTimeout);
        }
    }
}
