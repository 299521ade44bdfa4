//! The station (client) MLME of one interface: scanning, joining an open or WPA2-Personal BSS,
//! and watching the link (IEEE 802.11-2020 11.1, 11.3 and 12.7; Linux `net/mac80211/mlme.c`,
//! `scan.c` and `net/wireless/sme.c` where the standard leaves room).
//!
//! # States
//!
//! [`Station`] holds one [`StaState`]; each variant carries only what is valid in it and every
//! transition consumes the old state (`mem::replace`):
//!
//! ```text
//!  Idle ──scan──► Scanning ──last channel / abort──► Idle
//!   │
//!   └─connect─► [FindingBss: directed scan] ─► Authenticating ─► Associating ─► Connected
//!                      │ no BSS                  │ reject/timeout  │ reject/timeout   │
//!                      └────────► Idle ◄─────────┴─────────────────┘      deauth, disassoc,
//!                                                 ▲                       beacon loss, command
//!                                                 └──────────────────────────────────┘
//! ```
//!
//! A connected station may scan: the scan then lives inside the link's watch
//! ([`link`]), which pauses beacon-loss detection while the radio is off-channel.
//!
//! On a protected BSS (the request carries credentials) `Connected` holds the link from the
//! Association Response on, with the port closed while the supplicant runs the 4-way
//! handshake ([`handshake`]); only its completion reports `Connected` to the host. A BSS is
//! chosen only when its security matches the request (WPA2-PSK with CCMP for credentials,
//! open otherwise); when only other-security BSSs carry the SSID the attempt fails with
//! `SecurityMismatch`.
//!
//! # Timers
//!
//! One [`TimerTable`] keyed by [`Timer`]: the scan's probe delay and channel dwell, the
//! authentication and association response waits, beacon loss and the AP probe wait, the
//! 4-way handshake deadline, and BSS table expiry. A timer that fires in a state where it
//! means nothing is ignored.
//!
//! # Events, in order, for a connection
//!
//! `[ScanStarted, ScanDone]` (only when no BSS was known), `Authenticating { attempt }` per
//! Authentication request, `Authenticated`, `Associating { attempt }` per Association request,
//! `Handshaking` on a protected BSS, then `Connected` or `ConnectFailed`. Later: `BeaconLoss` when beacons stop, `Disconnected`
//! when the link ends.
//!
//! # Peer input
//!
//! Frames arrive strictly parsed, but every field may hold any value: a frame that does not
//! fit the current state (wrong sender, algorithm, transaction number) is ignored, never
//! trusted, and nothing here panics on it.

mod assoc;
mod auth;
mod bss;
mod elements;
mod handshake;
mod link;
mod scan;
#[cfg(test)]
mod tests;

use crate::channel::Channel;
use crate::crypto::Key;
use crate::mac::cx::Cx;
use crate::mac::{
    CommandError, ConnectFailure, ConnectRequest, EventKind, PeerState, PeerStats, RxInfo, ScanRequest,
    StaTuning, TxStatus,
};
use crate::time::Instant;
use crate::timer::TimerTable;
use crate::wire::MacAddr;
use crate::wire::mgmt::{MgmtBody, MgmtRepr};
use assoc::Associating;
use auth::Authenticating;
use bss::{BssTable, Choice};
use core::mem;
use link::{Connected, Watch};
use scan::Scan;

/// Why `connect` is refused with a passphrase that cannot be one (J.4.1).
const BAD_PASSPHRASE: &str = "a WPA passphrase is 8 to 63 printable ASCII characters";

/// Why `connect` is refused when only other interfaces' channels would do.
const CHANNEL_HELD: &str = "another interface operates on a different channel";

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
    /// The Timestamp field of that frame: the BSS's TSF, µs (9.4.1.10).
    pub tsf: u64,
    /// The last frame was a probe response (else a beacon).
    pub from_probe_response: bool,
}

/// The link of a connected station, as the data path needs it.
#[derive(Debug)]
pub(crate) struct StaLink {
    /// The AP.
    pub bssid: MacAddr,
    /// The SSID we associated with.
    pub ssid: Vec<u8>,
    /// The operating channel.
    pub channel: Channel,
    /// Our association ID (1..=2007).
    pub aid: u16,
    /// Where the AP stands with us (Authorized on an open network).
    pub state: PeerState,
    /// Counters of the link.
    pub stats: PeerStats,
    /// The AP's rates, 500 kb/s units (basic bit cleared).
    pub peer_rates: Vec<u8>,
    /// Both ends do HT.
    pub peer_ht: bool,
    /// The AP does QoS (WMM): send QoS data.
    pub peer_qos: bool,
    /// The RSNA on a protected BSS (supplicant and keys); `None` on an open one.
    pub security: Option<Box<handshake::StaSecurity>>,
}

/// The BSS chosen for a connection attempt, with the SSID to ask for.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    /// A snapshot of the BSS entry when it was chosen (its IEs decide HT and WMM).
    pub bss: BssInfo,
    /// The network name from the request (a hidden BSS's entry may not know it).
    pub ssid: Vec<u8>,
    /// The PMK for a protected BSS.
    pub pmk: Option<Key<32>>,
}

/// A connection attempt waiting for its directed scan.
pub(crate) struct FindingBss {
    /// What to connect to.
    req: ConnectRequest,
    /// The scan looking for it.
    scan: Scan,
    /// Further scan rounds allowed when this one finds nothing.
    rounds_left: u8,
    /// The PMK for a protected network, derived when the command came.
    pmk: Option<Key<32>>,
}

/// Where the station stands.
pub(crate) enum StaState {
    /// Not connected and not scanning.
    Idle,
    /// A scan requested by the user, not connected.
    Scanning(Scan),
    /// `connect` knew no matching BSS and scans for it first.
    FindingBss(FindingBss),
    /// Open System authentication in progress (11.3.4).
    Authenticating(Authenticating),
    /// Association in progress (11.3.5).
    Associating(Associating),
    /// Associated; the link is watched for beacon loss.
    Connected(Box<Connected>),
}

/// The deadlines of a station; at most one of each.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(crate) enum Timer {
    /// Send the probe requests on the current scan channel.
    ScanProbe,
    /// Leave the current scan channel.
    ScanDwell,
    /// No Authentication response yet.
    AuthWait,
    /// No Association response yet.
    AssocWait,
    /// No beacon from the AP for `beacon_loss_count` intervals.
    BeaconLoss,
    /// No answer to the last probe of the AP.
    ProbeWait,
    /// The oldest BSS entry may have expired.
    BssExpiry,
    /// The 4-way handshake has not completed in time.
    Handshake,
}

/// The station state machine of one interface.
pub(crate) struct Station {
    tuning: StaTuning,
    state: StaState,
    timers: TimerTable<Timer>,
    bss: BssTable,
    /// The latest time any input brought; scan results are aged against it.
    now: Instant,
}

impl Station {
    /// An idle station.
    pub(crate) fn new(tuning: StaTuning) -> Station {
        Station {
            tuning,
            state: StaState::Idle,
            timers: TimerTable::new(),
            bss: BssTable::default(),
            now: Instant::ZERO,
        }
    }

    // ----- commands -----------------------------------------------------------------------

    /// Starts a scan (11.1.4): refused while scanning, connecting or probing a silent AP.
    pub(crate) fn scan(&mut self, cx: &mut Cx<'_>, req: ScanRequest) -> Result<(), CommandError> {
        self.now = cx.now;
        match &self.state {
            StaState::Idle => {}
            StaState::Scanning(_) => return Err(CommandError::Busy("a scan is running")),
            StaState::FindingBss(_) | StaState::Authenticating(_) | StaState::Associating(_) => {
                return Err(CommandError::Busy("connecting"));
            }
            StaState::Connected(c) => match c.watch {
                Watch::Listening => {}
                Watch::Scanning(_) => return Err(CommandError::Busy("a scan is running")),
                Watch::Probing { .. } => return Err(CommandError::Busy("probing the AP")),
            },
        }
        let scan = Scan::new(cx, req, &self.tuning)?;
        cx.event(EventKind::ScanStarted { scope: scan.scope().clone() });
        match mem::replace(&mut self.state, StaState::Idle) {
            StaState::Connected(mut c) => {
                c.pause(&mut self.timers, scan);
                self.state = StaState::Connected(c);
            }
            _ => self.state = StaState::Scanning(scan),
        }
        self.scan_next_channel(cx);
        Ok(())
    }

    /// Ends the running scan early (`ScanDone { aborted: true }`).
    pub(crate) fn abort_scan(&mut self, cx: &mut Cx<'_>) -> Result<(), CommandError> {
        self.now = cx.now;
        if self.scan_mut().is_none() {
            return Err(CommandError::NotActive("scanning"));
        }
        self.finish_scan(cx, true);
        Ok(())
    }

    /// Connects to an open BSS (11.3): see [`Station::join`] for the choice of BSS.
    pub(crate) fn connect(&mut self, cx: &mut Cx<'_>, req: ConnectRequest) -> Result<(), CommandError> {
        self.now = cx.now;
        validate_connect(cx, &req)?;
        let pmk = match &req.credentials {
            Some(c) => Some(c.pmk(&req.ssid).map_err(|_| CommandError::Invalid(BAD_PASSPHRASE))?),
            None => None,
        };
        match &self.state {
            StaState::Idle => {}
            StaState::Scanning(_) => return Err(CommandError::Busy("a scan is running")),
            StaState::FindingBss(_) | StaState::Authenticating(_) | StaState::Associating(_) => {
                return Err(CommandError::Busy("connecting"));
            }
            // Linux answers EALREADY; we do so only for the network we are on.
            StaState::Connected(c) if c.link.ssid == req.ssid => {
                return Err(CommandError::Already("connected"));
            }
            StaState::Connected(_) => return Err(CommandError::Busy("connected to another network")),
        }
        let available = |ch: Channel| cx.channel_available(ch);
        match self.bss.choose(&req, cx.now, self.tuning.bss_expiry, available) {
            Choice::Found(bss) => self.start_auth(cx, Target { bss, ssid: req.ssid, pmk }),
            Choice::Blocked => return Err(CommandError::Busy(CHANNEL_HELD)),
            // The table may be stale: look again before telling the user the security differs.
            Choice::WrongSecurity | Choice::Nothing => {
                if req.channel.is_some_and(|ch| !cx.channel_available(ch)) {
                    return Err(CommandError::Busy(CHANNEL_HELD));
                }
                let rounds = self.tuning.connect_scan_rounds.max(1) - 1;
                self.scan_for(cx, req, rounds, pmk)?;
            }
        }
        Ok(())
    }

    /// Scans for the network of `req` before authenticating, as cfg80211's SME does for an
    /// unknown network; `rounds_left` more rounds follow if this one finds nothing.
    fn scan_for(
        &mut self,
        cx: &mut Cx<'_>,
        req: ConnectRequest,
        rounds_left: u8,
        pmk: Option<Key<32>>,
    ) -> Result<(), CommandError> {
        let scan_req = ScanRequest {
            ssids: vec![req.ssid.clone()],
            channels: req.channel.into_iter().collect(),
            ..ScanRequest::default()
        };
        let scan = Scan::new(cx, scan_req, &self.tuning)?;
        cx.event(EventKind::ScanStarted { scope: scan.scope().clone() });
        self.state = StaState::FindingBss(FindingBss { req, scan, rounds_left, pmk });
        self.scan_next_channel(cx);
        Ok(())
    }

    /// Leaves the BSS (Deauthentication, reason 3) or cancels a connection attempt.
    pub(crate) fn disconnect(&mut self, cx: &mut Cx<'_>) -> Result<(), CommandError> {
        self.now = cx.now;
        match &self.state {
            StaState::Idle | StaState::Scanning(_) => Err(CommandError::NotActive("connected")),
            StaState::FindingBss(_) | StaState::Authenticating(_) | StaState::Associating(_) => {
                self.cancel_connect(cx);
                Ok(())
            }
            StaState::Connected(_) => {
                self.leave(cx);
                Ok(())
            }
        }
    }

    /// The interface is being removed: leave the BSS, cancel whatever runs.
    pub(crate) fn shutdown(&mut self, cx: &mut Cx<'_>) {
        self.now = cx.now;
        // Nothing to leave is fine here.
        let _ = self.disconnect(cx);
        if self.scan_mut().is_some() {
            self.finish_scan(cx, true);
        }
        self.timers.clear();
        cx.hold_channel(None);
    }

    // ----- inputs -------------------------------------------------------------------------

    /// A management frame addressed to us, or a group frame stations hear.
    pub(crate) fn rx_mgmt(&mut self, cx: &mut Cx<'_>, rx: &RxInfo, mgmt: &MgmtRepr<'_>) {
        self.now = cx.now;
        let (Some(ta), Some(bssid)) = (mgmt.header.addr2, mgmt.header.addr3) else { return };
        match &mgmt.body {
            MgmtBody::Beacon(b) | MgmtBody::ProbeResp(b) => {
                let probe_resp = matches!(mgmt.body, MgmtBody::ProbeResp(_));
                self.on_bss_frame(cx, rx, bssid, b, probe_resp);
                if ta == bssid {
                    self.heard_ap_frame(cx, rx, bssid, Some(b.beacon_interval));
                }
            }
            MgmtBody::Auth(a) => self.on_auth(cx, ta, bssid, a),
            MgmtBody::AssocResp(r) => self.on_assoc_resp(cx, rx, ta, bssid, r),
            MgmtBody::Deauth(d) => self.on_kicked(cx, bssid, d.reason, link::Kick::Deauth),
            MgmtBody::Disassoc(d) => self.on_kicked(cx, bssid, d.reason, link::Kick::Disassoc),
            _ => {}
        }
    }

    /// A data frame from our AP arrived (link liveness).
    pub(crate) fn heard_from_ap(&mut self, cx: &mut Cx<'_>, rx: &RxInfo) {
        self.now = cx.now;
        if let StaState::Connected(c) = &self.state {
            let bssid = c.link.bssid;
            self.heard_ap_frame(cx, rx, bssid, None);
        }
    }

    /// The status of a management frame this station queued: an Authentication or
    /// Association request that was not acknowledged is retried at once, as mac80211 does.
    pub(crate) fn tx_status(&mut self, cx: &mut Cx<'_>, status: &TxStatus) {
        self.now = cx.now;
        if status.acked {
            return;
        }
        match &self.state {
            StaState::Authenticating(a) if a.cookie == status.cookie => {
                self.timers.stop(Timer::AuthWait);
                self.auth_timeout(cx);
            }
            StaState::Associating(a) if a.cookie == status.cookie => {
                self.timers.stop(Timer::AssocWait);
                self.assoc_timeout(cx);
            }
            _ => {}
        }
    }

    /// Fires every timer that is due.
    pub(crate) fn timeout(&mut self, cx: &mut Cx<'_>) {
        self.now = cx.now;
        while let Some(timer) = self.timers.pop_expired(cx.now) {
            match timer {
                Timer::ScanProbe => {
                    if let Some(scan) = self.scan_mut() {
                        scan.send_probes(cx);
                    }
                }
                Timer::ScanDwell => self.scan_next_channel(cx),
                Timer::AuthWait => self.auth_timeout(cx),
                Timer::AssocWait => self.assoc_timeout(cx),
                Timer::BeaconLoss => self.beacon_loss(cx),
                Timer::ProbeWait => self.probe_timeout(cx),
                Timer::Handshake => self.handshake_timeout(cx),
                Timer::BssExpiry => {
                    self.bss.prune(cx.now, self.tuning.bss_expiry);
                    self.arm_bss_expiry();
                }
            }
        }
    }

    // ----- queries ------------------------------------------------------------------------

    /// When [`Station::timeout`] must next run.
    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// The link, once associated.
    pub(crate) fn link(&self) -> Option<&StaLink> {
        match &self.state {
            StaState::Connected(c) => Some(&c.link),
            _ => None,
        }
    }

    /// The link, mutable (the data path updates its counters).
    pub(crate) fn link_mut(&mut self) -> Option<&mut StaLink> {
        match &mut self.state {
            StaState::Connected(c) => Some(&mut c.link),
            _ => None,
        }
    }

    /// The BSS table, without entries older than `bss_expiry` as of the latest input.
    pub(crate) fn bss_list(&self) -> Vec<BssInfo> {
        self.bss.fresh(self.now, self.tuning.bss_expiry).cloned().collect()
    }

    // ----- shared steps -------------------------------------------------------------------

    /// The running scan, whichever state holds it.
    fn scan_mut(&mut self) -> Option<&mut Scan> {
        match &mut self.state {
            StaState::Scanning(scan) | StaState::FindingBss(FindingBss { scan, .. }) => Some(scan),
            StaState::Connected(c) => match &mut c.watch {
                Watch::Scanning(scan) => Some(scan),
                _ => None,
            },
            _ => None,
        }
    }

    /// Moves the scan to its next channel, or finishes it after the last.
    fn scan_next_channel(&mut self, cx: &mut Cx<'_>) {
        let Station { state, timers, .. } = self;
        let scan = match state {
            StaState::Scanning(scan) | StaState::FindingBss(FindingBss { scan, .. }) => scan,
            StaState::Connected(c) => match &mut c.watch {
                Watch::Scanning(scan) => scan,
                _ => return,
            },
            _ => return,
        };
        if !scan.visit_next(cx, timers) {
            self.finish_scan(cx, false);
        }
    }

    /// Ends the running scan: back to the home channel, `ScanDone`, and for a connection
    /// attempt the choice of BSS.
    fn finish_scan(&mut self, cx: &mut Cx<'_>, aborted: bool) {
        let Some(scope) = self.scan_mut().map(|scan| scan.scope().clone()) else { return };
        self.timers.stop(Timer::ScanProbe);
        self.timers.stop(Timer::ScanDwell);
        self.bss.prune(cx.now, self.tuning.bss_expiry);
        self.arm_bss_expiry();
        cx.release_offchannel();
        let done = EventKind::ScanDone { aborted, bss_count: self.bss.len(), scope };
        match mem::replace(&mut self.state, StaState::Idle) {
            StaState::Scanning(_) => cx.event(done),
            StaState::FindingBss(f) => {
                cx.event(done);
                self.join(cx, f, aborted);
            }
            StaState::Connected(mut c) => {
                c.resume(cx, &mut self.timers, &self.tuning);
                self.state = StaState::Connected(c);
                cx.event(done);
            }
            other => self.state = other,
        }
    }

    /// After the directed scan of `connect`: the strongest matching BSS on a channel we may
    /// use, or `ConnectFailed { NoBss }` (cfg80211 tries what the table holds even after an
    /// aborted scan).
    ///
    /// A round that found nothing is followed by another, up to `connect_scan_rounds`: one
    /// probe per channel is easily lost (a collision, a busy AP), and wpa_supplicant likewise
    /// keeps scanning until the network shows up.
    fn join(&mut self, cx: &mut Cx<'_>, f: FindingBss, aborted: bool) {
        let available = |ch: Channel| cx.channel_available(ch);
        match self.bss.choose(&f.req, cx.now, self.tuning.bss_expiry, available) {
            Choice::Found(bss) => self.start_auth(cx, Target { bss, ssid: f.req.ssid, pmk: f.pmk }),
            Choice::Nothing if !aborted && f.rounds_left > 0 => {
                if self.scan_for(cx, f.req, f.rounds_left - 1, f.pmk).is_err() {
                    cx.event(EventKind::ConnectFailed { bssid: None, failure: ConnectFailure::NoBss });
                }
            }
            Choice::Blocked | Choice::Nothing => {
                cx.event(EventKind::ConnectFailed { bssid: None, failure: ConnectFailure::NoBss })
            }
            Choice::WrongSecurity => {
                let failure = ConnectFailure::SecurityMismatch;
                cx.event(EventKind::ConnectFailed { bssid: None, failure })
            }
        }
    }

    /// Ends a connection attempt with `failure`; back to Idle and the home channel.
    fn fail_connect(&mut self, cx: &mut Cx<'_>, bssid: MacAddr, failure: ConnectFailure) {
        self.timers.stop(Timer::AuthWait);
        self.timers.stop(Timer::AssocWait);
        self.state = StaState::Idle;
        cx.release_offchannel();
        cx.event(EventKind::ConnectFailed { bssid: Some(bssid), failure });
    }

    /// `disconnect` while connecting: a BSS that may hold state for us hears Deauthentication
    /// (reason 3), as mac80211 does when it abandons authentication or association.
    fn cancel_connect(&mut self, cx: &mut Cx<'_>) {
        let bssid = match &self.state {
            StaState::FindingBss(_) => {
                self.drop_connect_scan(cx);
                cx.event(EventKind::ConnectFailed { bssid: None, failure: ConnectFailure::Cancelled });
                return;
            }
            StaState::Authenticating(a) => a.target.bss.bssid,
            StaState::Associating(a) => a.target.bss.bssid,
            StaState::Idle | StaState::Scanning(_) | StaState::Connected(_) => return,
        };
        link::send_deauth(cx, bssid, crate::wire::ReasonCode::DeauthLeaving);
        self.fail_connect(cx, bssid, ConnectFailure::Cancelled);
    }

    /// Drops the directed scan of a cancelled connection attempt (its `ScanDone` reports it
    /// aborted; no BSS is chosen).
    fn drop_connect_scan(&mut self, cx: &mut Cx<'_>) {
        self.timers.stop(Timer::ScanProbe);
        self.timers.stop(Timer::ScanDwell);
        let scope = self.scan_mut().map(|scan| scan.scope().clone()).unwrap_or_default();
        self.state = StaState::Idle;
        cx.release_offchannel();
        cx.event(EventKind::ScanDone { aborted: true, bss_count: self.bss.len(), scope });
    }

    /// Arms the expiry timer for the oldest BSS entry, if any.
    fn arm_bss_expiry(&mut self) {
        match self.bss.oldest() {
            Some(at) => self.timers.set(Timer::BssExpiry, at + self.tuning.bss_expiry),
            None => self.timers.stop(Timer::BssExpiry),
        }
    }
}

/// Checks a connect request: an SSID of 1 to 32 octets, a channel the radio supports.
fn validate_connect(cx: &Cx<'_>, req: &ConnectRequest) -> Result<(), CommandError> {
    if req.ssid.is_empty() || req.ssid.len() > 32 {
        return Err(CommandError::Invalid("SSID must be 1 to 32 octets"));
    }
    if let Some(ch) = req.channel
        && !cx.supported_channels().iter().any(|c| c.freq == ch.freq)
    {
        return Err(CommandError::Invalid("channel not supported by the radio"));
    }
    Ok(())
}
