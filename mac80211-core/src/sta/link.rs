//! The established link: supervision and its end (802.11-2020 11.3.1, 11.3.5; beacon loss is
//! mac80211's connection monitor, `ieee80211_sta_conn_mon_timer` and
//! `ieee80211_mgd_probe_ap`, the standard leaving supervision to the implementation).
//!
//! # Watching the AP
//!
//! Every frame from the AP — beacon, probe response, data — proves it alive and restarts the
//! beacon-loss window of `beacon_loss_count` (7, `IEEE80211_BEACON_LOSS_COUNT`) beacon
//! intervals (the AP's beacon interval; 100 TU when it announces 0). When the window passes in
//! silence the station reports `BeaconLoss` and probes the AP with unicast Probe Requests for
//! its SSID, up to `max_probe_tries` (5) of them, `probe_wait` apart. An answer (any frame
//! from the AP) restores the link silently; no answer after the last probe tears the link down
//! with `Disconnected { reason: 4 (inactivity), cause: BeaconLoss }` — the locally generated
//! reason mac80211 reports — without sending anything to an AP that is gone.
//!
//! While the station scans, the radio is away from the AP's channel: the watch is paused and
//! the window restarts when the scan returns, so a scan never looks like beacon loss. A scan
//! is refused while the AP is being probed (mac80211 defers it).
//!
//! # Endings
//!
//! - Deauthentication or Disassociation from the AP (addressed to us, or group-addressed with
//!   our BSSID; Address 3 must be our BSSID): `Disconnected` with the frame's reason, cause
//!   `Deauthenticated` / `Disassociated`. Frames naming another BSSID are ignored.
//! - `disconnect`: Deauthentication with reason 3 (leaving) on the home channel (a running
//!   scan is aborted first), then `Disconnected { reason: 3, cause: Command }`.
//!
//! Tearing down releases the channel; a scan that was running goes on as a plain scan.

use super::scan::Scan;
use super::{StaLink, StaState, Station, Timer};
use crate::mac::cx::Cx;
use crate::mac::{ConnectFailure, DisconnectCause, EventKind, KeyConfig, RadioRequest, RxInfo, StaTuning};
use crate::time::Duration;
use crate::timer::TimerTable;
use crate::wire::element::suite::CipherSuite;
use crate::wire::mgmt::{DeauthRepr, MgmtBody};
use crate::wire::{Elements, MacAddr, ReasonCode};
use core::mem;

/// Beacon interval assumed when the AP announces 0 TU.
const DEFAULT_BEACON_INTERVAL_TU: u16 = 100;

/// Connected: the link and how it is watched.
#[derive(Debug)]
pub(crate) struct Connected {
    /// The link the data path uses.
    pub link: StaLink,
    /// The AP's beacon interval, TU, as last announced.
    beacon_interval_tu: u16,
    /// Supervision state.
    pub watch: Watch,
}

/// How the link is being watched.
#[derive(Debug)]
pub(crate) enum Watch {
    /// On channel, hearing the AP; the beacon-loss window runs.
    Listening,
    /// Beacons stopped; `tries` probes sent to the AP so far.
    Probing {
        /// Probes sent.
        tries: u8,
    },
    /// Off-channel for a scan; supervision paused.
    Scanning(Scan),
}

/// Which frame ended the association.
#[derive(Clone, Copy, Debug)]
pub(super) enum Kick {
    /// Deauthentication.
    Deauth,
    /// Disassociation.
    Disassoc,
}

impl Connected {
    /// A new link, with its beacon-loss window armed.
    pub fn new(
        cx: &Cx<'_>,
        timers: &mut TimerTable<Timer>,
        tuning: &StaTuning,
        link: StaLink,
        beacon_interval_tu: u16,
    ) -> Connected {
        let c = Connected { link, beacon_interval_tu, watch: Watch::Listening };
        timers.set(Timer::BeaconLoss, cx.now + c.loss_window(tuning));
        c
    }

    /// Silence after which beacons count as lost.
    fn loss_window(&self, tuning: &StaTuning) -> Duration {
        let tu =
            if self.beacon_interval_tu == 0 { DEFAULT_BEACON_INTERVAL_TU } else { self.beacon_interval_tu };
        Duration::from_tu(u64::from(tu)).saturating_mul(u64::from(tuning.beacon_loss_count))
    }

    /// Heard the AP: (re)start the window, ending any probing.
    fn alive(&mut self, cx: &Cx<'_>, timers: &mut TimerTable<Timer>, tuning: &StaTuning) {
        if matches!(self.watch, Watch::Scanning(_)) {
            return;
        }
        self.watch = Watch::Listening;
        timers.stop(Timer::ProbeWait);
        timers.set(Timer::BeaconLoss, cx.now + self.loss_window(tuning));
    }

    /// A scan takes the radio away: supervision pauses.
    pub fn pause(&mut self, timers: &mut TimerTable<Timer>, scan: Scan) {
        timers.stop(Timer::BeaconLoss);
        timers.stop(Timer::ProbeWait);
        self.watch = Watch::Scanning(scan);
    }

    /// Back from a scan: a fresh window.
    pub fn resume(&mut self, cx: &Cx<'_>, timers: &mut TimerTable<Timer>, tuning: &StaTuning) {
        self.watch = Watch::Listening;
        timers.set(Timer::BeaconLoss, cx.now + self.loss_window(tuning));
    }
}

/// Sends Deauthentication with `reason` to `bssid`.
pub(super) fn send_deauth(cx: &mut Cx<'_>, bssid: MacAddr, reason: ReasonCode) {
    let body = MgmtBody::Deauth(DeauthRepr { reason, elements: Elements::new(&[]) });
    cx.send_mgmt(bssid, bssid, body);
}

impl Station {
    /// A frame from `bssid` (our AP, if we are connected to it) was heard; a beacon or probe
    /// response also brings the beacon interval.
    pub(super) fn heard_ap_frame(
        &mut self,
        cx: &mut Cx<'_>,
        rx: &RxInfo,
        bssid: MacAddr,
        beacon_interval_tu: Option<u16>,
    ) {
        let StaState::Connected(c) = &mut self.state else { return };
        if c.link.bssid != bssid {
            return;
        }
        c.link.stats.last_rx = cx.now;
        c.link.stats.signal_dbm = rx.signal_dbm;
        if let Some(tu) = beacon_interval_tu {
            c.beacon_interval_tu = tu;
        }
        c.alive(cx, &mut self.timers, &self.tuning);
    }

    /// The beacon-loss window passed in silence.
    pub(super) fn beacon_loss(&mut self, cx: &mut Cx<'_>) {
        let StaState::Connected(c) = &self.state else { return };
        if !matches!(c.watch, Watch::Listening) {
            return;
        }
        cx.event(EventKind::BeaconLoss { bssid: c.link.bssid });
        self.probe_or_give_up(cx, 0);
    }

    /// The last probe went unanswered.
    pub(super) fn probe_timeout(&mut self, cx: &mut Cx<'_>) {
        let StaState::Connected(c) = &self.state else { return };
        if let Watch::Probing { tries } = c.watch {
            self.probe_or_give_up(cx, tries);
        }
    }

    /// Sends probe number `tries + 1`, or ends the link when every probe was sent.
    fn probe_or_give_up(&mut self, cx: &mut Cx<'_>, tries: u8) {
        let StaState::Connected(c) = &mut self.state else { return };
        if tries >= self.tuning.max_probe_tries {
            self.teardown(cx, ReasonCode::DisassocInactivity, DisconnectCause::BeaconLoss);
            return;
        }
        Station::probe_ap(cx, c.link.bssid, &c.link.ssid);
        c.watch = Watch::Probing { tries: tries + 1 };
        self.timers.set(Timer::ProbeWait, cx.now + self.tuning.probe_wait);
    }

    /// Deauthentication or Disassociation naming BSSID `bssid`.
    pub(super) fn on_kicked(&mut self, cx: &mut Cx<'_>, bssid: MacAddr, reason: ReasonCode, kick: Kick) {
        let target = match &self.state {
            StaState::Authenticating(a) => a.target.bss.bssid,
            StaState::Associating(a) => a.target.bss.bssid,
            StaState::Connected(c) => c.link.bssid,
            StaState::Idle | StaState::Scanning(_) | StaState::FindingBss(_) => return,
        };
        if target != bssid {
            return;
        }
        if let StaState::Connected(_) = self.state {
            let cause = match kick {
                Kick::Deauth => DisconnectCause::Deauthenticated,
                Kick::Disassoc => DisconnectCause::Disassociated,
            };
            self.teardown(cx, reason, cause);
        } else {
            self.fail_connect(cx, target, ConnectFailure::Kicked(reason));
        }
    }

    /// `disconnect` while connected: Deauthentication (reason 3) from the home channel.
    pub(super) fn leave(&mut self, cx: &mut Cx<'_>) {
        let scanning = matches!(&self.state, StaState::Connected(c) if matches!(c.watch, Watch::Scanning(_)));
        if scanning {
            self.finish_scan(cx, true);
        }
        let StaState::Connected(c) = &self.state else { return };
        let bssid = c.link.bssid;
        send_deauth(cx, bssid, ReasonCode::DeauthLeaving);
        self.teardown(cx, ReasonCode::DeauthLeaving, DisconnectCause::Command);
    }

    /// Ends a link whose key handshake failed with `reason`.
    pub(super) fn teardown_for(&mut self, cx: &mut Cx<'_>, reason: ReasonCode) {
        self.teardown(cx, reason, DisconnectCause::KeyHandshake);
    }

    /// Ends the link: timers off, keys removed, channel released, and `Disconnected` — or,
    /// when the 4-way handshake had not opened the port yet, `ConnectFailed` (a cancelled
    /// attempt when the user asked, else `HandshakeFailed` with the reason).
    fn teardown(&mut self, cx: &mut Cx<'_>, reason: ReasonCode, cause: DisconnectCause) {
        let StaState::Connected(c) = mem::replace(&mut self.state, StaState::Idle) else { return };
        self.timers.stop(Timer::BeaconLoss);
        self.timers.stop(Timer::ProbeWait);
        self.timers.stop(Timer::Handshake);
        remove_keys(cx, &c.link);
        cx.hold_channel(None);
        match c.watch {
            Watch::Scanning(scan) => self.state = StaState::Scanning(scan),
            Watch::Listening | Watch::Probing { .. } => cx.release_offchannel(),
        }
        let bssid = c.link.bssid;
        match (c.link.security.is_some() && !c.link.state.port_open(), cause) {
            (false, _) => cx.event(EventKind::Disconnected { bssid, reason, cause }),
            (true, DisconnectCause::Command) => {
                cx.event(EventKind::ConnectFailed { bssid: Some(bssid), failure: ConnectFailure::Cancelled })
            }
            (true, _) => cx.event(EventKind::ConnectFailed {
                bssid: Some(bssid),
                failure: ConnectFailure::HandshakeFailed(reason),
            }),
        }
    }
}

/// Tells the radio the link's keys are gone (mac80211 `DISABLE_KEY`).
fn remove_keys(cx: &mut Cx<'_>, link: &StaLink) {
    let Some(security) = &link.security else { return };
    let keys = &security.keys;
    let pairwise = keys.pairwise.as_ref().map(|k| (Some(link.bssid), 0, k.tk()));
    let group = (1..=3).filter_map(|i| keys.group.gtk(i).map(|k| (None, i, k)));
    for (peer, index, key) in pairwise.into_iter().chain(group) {
        let conf = KeyConfig { peer, index, cipher: CipherSuite::Ccmp128, key: key.clone() };
        cx.out.push_request(RadioRequest::RemoveKey(cx.vif, conf));
    }
}
