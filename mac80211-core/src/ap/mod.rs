//! The access point MLME: one started BSS on one interface (802.11-2020 11.1.3, 11.3, 11.2.3).
//!
//! An `Ap` exists from a successful `Ap::start` until `Ap::stop`; the `Mac` holds it as
//! `Role::Ap(Some(_))`, so "started" is a type, not a flag. Starting validates the
//! `ApConfig`, takes the channel (refused with `Busy` while another interface operates
//! elsewhere), holds it for as long as the AP runs, reports `EventKind::ApStarted` and sends
//! the first beacon at once (TBTT 0).
//!
//! # What it does, and where
//!
//! - `beacon`: one beacon per TBTT with the TIM, and probe responses from the same template.
//! - `mgmt`: authentication, (re)association, deauthentication/disassociation from stations,
//!   class 2/3 rejections (Deauthentication reason 6, Disassociation/Deauthentication reason 7).
//! - `clients`: the station table (BTreeMap by address, AID bitmap); every peer in it is at
//!   least authenticated, and moves through `PeerState` one step at a time.
//! - `ps`: power-save buffering, PS-Poll, group traffic after DTIM beacons.
//!
//! - `rsn`: WPA2-Personal — the RSN element, the per-station authenticator (4-way handshake),
//!   group rekeys, and the keys the data path protects frames with.
//!
//! # Timers
//!
//! One `TimerTable`: `Tbtt` (the next beacon), `Sweep` (inactivity), and on a protected AP
//! `Eapol(station)` (the station's EAPOL-Key answer is due) and `Rekey` (the next group rekey).
//! The
//! sweep is a single timer for the whole table, as hostapd's `ap_max_inactivity` check: it
//! runs at the earliest deadline `last_rx + inactivity_timeout` of any station (but never
//! sooner than `SWEEP_FLOOR` after the previous sweep), deauthenticates the stations that
//! reached it, and re-arms for the next deadline, so its cost is one pass over the table per
//! expiry rather than a timer per station. `last_rx` is refreshed by the data path for data
//! frames and here for management frames and PS-Polls. A silent associated station is
//! deauthenticated with reason 4 (DisassocInactivity); a silent station that authenticated but
//! never associated with reason 2 (PrevAuthNotValid, hostapd's final deauthentication reason).
//! Unlike hostapd, the AP does not first poll the station with a Null frame.
//!
//! # Events
//!
//! `ApStarted` at start; `StationAuthenticated` when a station authenticates;
//! `StationAssociated { aid }` when it associates; on a protected AP `StationAuthorized` when
//! its 4-way handshake completes and `GroupKeyInstalled` after each group rekey;
//! `StationLeft { reason, by_ap }` when an
//! association or authentication ends (by_ap: inactivity or stop); `ApStopped` at stop.
//!
//! # Kicking a station
//!
//! `Ap::deauth_station` (the `DeauthStation` command, nl80211 `DEL_STATION`) removes one
//! station, sending it Deauthentication with the host's reason, or with the broadcast address
//! removes every station behind one group-addressed Deauthentication; each is reported as
//! `StationLeft { by_ap: true }`. An unknown station is refused with `NoSuchStation`.
//!
//! # Stop
//!
//! `Ap::stop` sends one broadcast Deauthentication with reason 3 (hostapd
//! `hostapd_flush_old_stations(.., WLAN_REASON_DEAUTH_LEAVING)` on teardown), reports
//! `StationLeft { reason: 3, by_ap: true }` for every station in address order, drops what
//! power save held, reports `ApStopped` and releases the channel.

mod beacon;
mod clients;
mod mgmt;
mod ps;
mod rsn;
#[cfg(test)]
mod tests;

pub(crate) use clients::ApPeer;

use crate::channel::Band;
use crate::mac::cx::Cx;
use crate::mac::{ApConfig, CommandError, EventKind, RxInfo, TxStatus};
use crate::time::{Duration, Instant};
use crate::timer::TimerTable;
use crate::wire::mgmt::{DeauthRepr, MgmtBody, MgmtRepr};
use crate::wire::{Elements, MacAddr, ReasonCode};
use beacon::{BssTemplate, TbttClock};
use clients::Clients;
use mgmt::{AssocRequest, RejectLimiter};
use ps::PowerSave;

/// Why `start` is refused with a passphrase that cannot be one (J.4.1).
const BAD_PASSPHRASE: &str = "a WPA passphrase is 8 to 63 printable ASCII characters";

/// Shortest spacing of two inactivity sweeps.
const SWEEP_FLOOR: Duration = Duration::from_millis(100);

/// The deadlines of an AP.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum ApTimer {
    /// The next Target Beacon Transmission Time.
    Tbtt,
    /// The next inactivity check.
    Sweep,
    /// A station's EAPOL-Key answer is due.
    Eapol(MacAddr),
    /// The next group key rekey.
    Rekey,
}

/// A started access point.
pub(crate) struct Ap {
    config: ApConfig,
    bss: BssTemplate,
    tbtt: TbttClock,
    clients: Clients,
    ps: PowerSave,
    rejections: RejectLimiter,
    timers: TimerTable<ApTimer>,
    /// WPA2 state; `None` on an open network.
    rsn: Option<rsn::ApRsn>,
}

/// Checks an AP configuration against hostapd's limits; returns the band and channel number.
fn validate(config: &ApConfig) -> Result<(Band, u8), CommandError> {
    if config.ssid.is_empty() || config.ssid.len() > 32 {
        return Err(CommandError::Invalid("SSID must be 1 to 32 octets"));
    }
    if let Some(security) = &config.security {
        security.credentials.validate().map_err(|_| CommandError::Invalid(BAD_PASSPHRASE))?;
    }
    if config.beacon_interval_tu < 15 {
        return Err(CommandError::Invalid("beacon interval must be 15 to 65535 TU"));
    }
    if config.dtim_period == 0 {
        return Err(CommandError::Invalid("DTIM period must be 1 to 255"));
    }
    if !(1..=2007).contains(&config.max_stations) {
        return Err(CommandError::Invalid("max stations must be 1 to 2007"));
    }
    if config.inactivity_timeout == Duration::ZERO {
        return Err(CommandError::Invalid("inactivity timeout must be positive"));
    }
    match (config.channel.band(), config.channel.number()) {
        (Some(band), Some(number)) => Ok((band, number)),
        _ => Err(CommandError::Invalid("channel frequency has no channel number")),
    }
}

impl Ap {
    /// Starts an AP: validate, take and hold the channel, report, send the first beacon.
    pub(crate) fn start(cx: &mut Cx<'_>, config: ApConfig) -> Result<Ap, CommandError> {
        let (band, number) = validate(&config)?;
        if !cx.channel_available(config.channel) {
            return Err(CommandError::Busy("another interface operates on a different channel"));
        }
        let rsn = match &config.security {
            Some(security) => Some(rsn::ApRsn::start(cx, security, &config.ssid)?),
            None => None,
        };
        cx.request_channel(config.channel);
        cx.hold_channel(Some(config.channel));
        let bss = BssTemplate::new(
            &config.ssid,
            config.hidden,
            config.beacon_interval_tu,
            band,
            number,
            cx.radio.ht,
            rsn.as_ref().map(|r| r.rsne.as_slice()),
        );
        let mut ap = Ap {
            tbtt: TbttClock::new(cx.now, config.beacon_interval_tu, config.dtim_period),
            config,
            bss,
            clients: Clients::default(),
            ps: PowerSave::default(),
            rejections: RejectLimiter::default(),
            timers: TimerTable::new(),
            rsn,
        };
        if let Some(every) = ap.config.security.as_ref().and_then(|s| s.group_rekey) {
            ap.timers.set(ApTimer::Rekey, cx.now + every);
        }
        cx.event(EventKind::ApStarted { bssid: cx.addr, channel: ap.config.channel });
        ap.on_tbtt(cx);
        Ok(ap)
    }

    /// Deauthenticate every station, report, release the channel.
    pub(crate) fn stop(&mut self, cx: &mut Cx<'_>) {
        let reason = ReasonCode::DeauthLeaving;
        cx.send_mgmt(
            MacAddr::BROADCAST,
            cx.addr,
            MgmtBody::Deauth(DeauthRepr { reason, elements: Elements::new(&[]) }),
        );
        let lost = self.ps.clear();
        cx.stats.tx_dropped += lost as u64;
        for peer in self.clients.drain() {
            cx.event(EventKind::StationLeft { addr: peer.addr, reason, by_ap: true });
        }
        self.timers.clear();
        cx.event(EventKind::ApStopped);
        cx.hold_channel(None);
        cx.release_offchannel();
    }

    /// Deauthenticates `addr` on the host's request (nl80211 `DEL_STATION`), or every station
    /// when `addr` is the broadcast address. The station leaves the table (its AID and what
    /// power save held for it are freed) and `StationLeft { by_ap: true }` is reported.
    pub(crate) fn deauth_station(
        &mut self,
        cx: &mut Cx<'_>,
        addr: MacAddr,
        reason: ReasonCode,
    ) -> Result<(), CommandError> {
        let targets: Vec<MacAddr> = if addr.is_broadcast() {
            self.clients.iter().map(|p| p.addr).collect()
        } else if self.clients.get(addr).is_some() {
            vec![addr]
        } else {
            return Err(CommandError::NoSuchStation(addr));
        };
        if addr.is_broadcast() && !targets.is_empty() {
            let body = DeauthRepr { reason, elements: Elements::new(&[]) };
            cx.send_mgmt(MacAddr::BROADCAST, cx.addr, MgmtBody::Deauth(body));
        }
        for sta in targets {
            self.remove_station(cx, sta);
            if !addr.is_broadcast() {
                let body = DeauthRepr { reason, elements: Elements::new(&[]) };
                cx.send_mgmt(sta, cx.addr, MgmtBody::Deauth(body));
            }
            cx.event(EventKind::StationLeft { addr: sta, reason, by_ap: true });
        }
        Ok(())
    }

    /// The configuration it runs with.
    pub(crate) fn config(&self) -> &ApConfig {
        &self.config
    }

    /// A management frame addressed to us, or a group-addressed probe request.
    pub(crate) fn rx_mgmt(&mut self, cx: &mut Cx<'_>, rx: &RxInfo, mgmt: &MgmtRepr<'_>) {
        let h = &mgmt.header;
        let (Some(sa), Some(bssid)) = (h.addr2, h.addr3) else { return };
        if sa.is_multicast() || sa == cx.addr {
            return;
        }
        // The Power Management bit counts in unicast frames only (802.11-2020 11.2.3.2).
        let pm = (!h.addr1.is_multicast()).then_some(h.frame_control.pwr_mgt());
        if let MgmtBody::ProbeReq(req) = &mgmt.body {
            self.heard(cx, rx, sa, pm);
            self.rx_probe_req(cx, h.addr1, sa, bssid, req);
            return;
        }
        // Everything else belongs to our BSS (hostapd drops other BSSIDs).
        if bssid != cx.addr && !bssid.is_broadcast() {
            return;
        }
        self.heard(cx, rx, sa, pm);
        match &mgmt.body {
            MgmtBody::Auth(auth) => self.rx_auth(cx, sa, auth),
            MgmtBody::AssocReq(r) => {
                let req = AssocRequest {
                    capability: r.capability,
                    listen_interval: r.listen_interval,
                    elements: r.elements,
                    reassoc: false,
                };
                self.rx_assoc_req(cx, rx, sa, &req);
            }
            MgmtBody::ReassocReq(r) => {
                let req = AssocRequest {
                    capability: r.capability,
                    listen_interval: r.listen_interval,
                    elements: r.elements,
                    reassoc: true,
                };
                self.rx_assoc_req(cx, rx, sa, &req);
            }
            MgmtBody::Deauth(d) => self.rx_deauth(cx, sa, d),
            MgmtBody::Disassoc(d) => self.rx_disassoc(cx, sa, d),
            _ => {}
        }
    }

    /// A frame from a known station: it is alive; for unicast frames, its power state.
    fn heard(&mut self, cx: &mut Cx<'_>, rx: &RxInfo, sa: MacAddr, pm: Option<bool>) {
        let Some(peer) = self.clients.get_mut(sa) else { return };
        peer.stats.last_rx = cx.now;
        peer.stats.signal_dbm = rx.signal_dbm;
        if let Some(pm) = pm {
            self.rx_power_mgmt(cx, sa, pm);
        }
    }

    /// The status of a management frame this AP sent. Nothing waits on one: stations are
    /// authenticated and associated when the request is answered, as hostapd does without
    /// full AP client state in the driver.
    pub(crate) fn tx_status(&mut self, _cx: &mut Cx<'_>, _status: &TxStatus) {}

    /// Fires every deadline that is due.
    pub(crate) fn timeout(&mut self, cx: &mut Cx<'_>) {
        while let Some(timer) = self.timers.pop_expired(cx.now) {
            match timer {
                ApTimer::Tbtt => self.on_tbtt(cx),
                ApTimer::Sweep => self.sweep(cx),
                ApTimer::Eapol(sta) => self.eapol_timeout(cx, sta),
                ApTimer::Rekey => self.start_rekey(cx),
            }
        }
    }

    /// The next deadline.
    pub(crate) fn next_timeout(&self) -> Option<Instant> {
        self.timers.next()
    }

    /// The station with this address.
    pub(crate) fn peer(&self, addr: MacAddr) -> Option<&ApPeer> {
        self.clients.get(addr)
    }

    /// The station with this address, mutably (the data path updates its counters).
    pub(crate) fn peer_mut(&mut self, addr: MacAddr) -> Option<&mut ApPeer> {
        self.clients.get_mut(addr)
    }

    /// Every station, by address.
    pub(crate) fn peers(&self) -> impl Iterator<Item = &ApPeer> {
        self.clients.iter()
    }

    /// Makes sure a sweep is pending for a station that just joined the table.
    fn arm_sweep(&mut self, now: Instant) {
        if !self.timers.is_set(ApTimer::Sweep) {
            self.timers.set(ApTimer::Sweep, now + self.config.inactivity_timeout);
        }
    }

    /// Deauthenticates the stations silent for the inactivity timeout; re-arms for the next.
    fn sweep(&mut self, cx: &mut Cx<'_>) {
        let (expired, next) = self.clients.expired(cx.now, self.config.inactivity_timeout);
        for addr in expired {
            let associated = self.clients.get(addr).is_some_and(|p| p.state.is_associated());
            let reason =
                if associated { ReasonCode::DisassocInactivity } else { ReasonCode::PrevAuthNotValid };
            self.remove_station(cx, addr);
            let body = DeauthRepr { reason, elements: Elements::new(&[]) };
            cx.send_mgmt(addr, cx.addr, MgmtBody::Deauth(body));
            cx.event(EventKind::StationLeft { addr, reason, by_ap: true });
        }
        if let Some(next) = next {
            self.timers.set(ApTimer::Sweep, next.max(cx.now + SWEEP_FLOOR));
        }
    }

    /// Ends the association of `addr` (back to authenticated), dropping what was held for it.
    fn end_association(&mut self, cx: &mut Cx<'_>, addr: MacAddr) {
        self.forget_security(cx, addr);
        self.drop_buffered(cx, addr);
        self.clients.disassociate(addr);
    }

    /// Removes `addr` from the table, dropping what was held for it.
    fn remove_station(&mut self, cx: &mut Cx<'_>, addr: MacAddr) {
        self.forget_security(cx, addr);
        self.drop_buffered(cx, addr);
        self.clients.remove(addr);
    }
}
