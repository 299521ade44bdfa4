//! The soft-MAC of one radio: a sans-IO state machine in the shape of quinn-proto's `Connection`.
//!
//! A [`Mac`] owns the radio's virtual interfaces (station, AP, monitor), its channel and its
//! output queues. It never reads a clock or touches a device: the caller feeds inputs with the
//! current time and drains outputs.
//!
//! # Inputs
//!
//! - [`Mac::handle_rx`]: an 802.11 frame (no FCS) the radio received, with [`RxInfo`].
//! - [`Mac::handle_tx_status`]: the outcome of a [`Transmit`] (matched by cookie).
//! - [`Mac::handle_ethernet`]: an 802.3 frame the host sends on an interface.
//! - [`Mac::handle_command`]: a [`Command`] (add interface, scan, connect, start AP, ...).
//! - [`Mac::handle_timeout`]: time has reached [`Mac::poll_timeout`].
//!
//! # Outputs, in the order to drain them after any input
//!
//! 1. [`Mac::poll_radio`] and [`Mac::poll_transmit`], alternately until both return `None`:
//!    channel changes and frames share one ordered queue, so each call returns an item only
//!    when it is at the front (a channel switch comes after the frames queued before it and
//!    before the probe requests sent on the new channel).
//! 2. [`Mac::poll_deliver`]: frames for the host.
//! 3. [`Mac::poll_event`]: what happened.
//! 4. [`Mac::poll_timeout`]: when to call [`Mac::handle_timeout`] next.
//!
//! # Determinism
//!
//! Given the same [`MacConfig`] (seed included) and the same inputs at the same times, a `Mac`
//! produces the same outputs byte for byte: all randomness comes from streams derived from the
//! seed, and every collection it iterates is ordered.
//!
//! # Routing (802.11-2020 11.1, mac80211 `ieee80211_accept_frame`)
//!
//! Monitor interfaces see every frame. Management frames go to the interface they are
//! addressed to, or for group addresses to every station interface (beacons, probe responses)
//! and every started AP (probe requests). Data frames go to the station whose AP sent them
//! (From DS) or to the AP they are sent to (To DS), through the receive pipeline of [`data`].
//! Of control frames only PS-Poll is used: it goes to the started AP whose BSSID it names
//! (802.11-2020 11.2.3.5); the rest are the radio's business.

pub mod api;
pub mod config;
pub(crate) mod cx;
pub(crate) mod data;
pub(crate) mod dup;
pub mod peer;
pub mod radiotap;
pub mod rates;
pub mod security;
pub mod stats;
#[cfg(test)]
pub(crate) mod testing;
pub(crate) mod vif;

pub use api::*;
pub use config::{MacConfig, StaTuning};
pub use peer::{PeerState, PeerStats};
pub use security::{ApSecurity, Credentials, KeyConfig};
pub use stats::{DropReason, VifStats};

use crate::channel::Channel;
use crate::rand::Rng;
use crate::sta::{BssInfo, Station};
use crate::time::Instant;
use crate::wire::{FrameRepr, MacAddr};
use cx::{Cx, Outputs, RadioState};
use dup::DupCache;
use vif::{Role, Vif};

/// What a station interface is connected to.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct LinkInfo {
    /// The AP.
    pub bssid: MacAddr,
    /// Its SSID.
    pub ssid: Vec<u8>,
    /// Its channel.
    pub channel: Channel,
    /// Our association ID.
    pub aid: u16,
    /// Where the AP stands with us (Associated while a WPA2 handshake runs, then Authorized).
    pub state: PeerState,
    /// Counters of the link.
    pub stats: PeerStats,
}

/// A peer of an interface: the AP of a station, or a station of an AP.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct StationInfo {
    /// Its address.
    pub addr: MacAddr,
    /// Association ID (0 before association).
    pub aid: u16,
    /// Where it stands.
    pub state: PeerState,
    /// Its counters.
    pub stats: PeerStats,
}

/// What an interface is, for listings.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct VifInfo {
    /// Its id.
    pub id: VifId,
    /// Its kind.
    pub kind: VifKind,
    /// Its address.
    pub addr: MacAddr,
    /// Its BSSID, when it has a link or runs an AP.
    pub bssid: Option<MacAddr>,
    /// SSID of the link or the AP.
    pub ssid: Option<Vec<u8>>,
}

/// The soft-MAC of one radio. See the module documentation for the call contract.
pub struct Mac {
    config: MacConfig,
    rng: Rng,
    out: Outputs,
    radio: RadioState,
    vifs: Vec<Vif>,
    next_vif: u16,
    dup: DupCache,
    /// Drops of frames no interface claimed.
    unclaimed: VifStats,
}

impl Mac {
    /// A MAC with no interfaces, tuned to `config.initial_channel`.
    pub fn new(config: MacConfig) -> Mac {
        let radio = RadioState {
            current: config.initial_channel,
            holders: Default::default(),
            supported: config.channels.clone(),
            ht: config.ht,
            hw_crypto: config.hw_crypto,
        };
        let mut out = Outputs::default();
        out.push_request(RadioRequest::SetChannel(config.initial_channel));
        Mac {
            rng: Rng::new(config.rng_seed),
            config,
            out,
            radio,
            vifs: Vec::new(),
            next_vif: 0,
            dup: DupCache::default(),
            unclaimed: VifStats::default(),
        }
    }

    /// The radio's permanent address.
    pub fn addr(&self) -> MacAddr {
        self.config.addr
    }

    /// The configuration.
    pub fn config(&self) -> &MacConfig {
        &self.config
    }

    /// The channel the radio is tuned to.
    pub fn channel(&self) -> Channel {
        self.radio.current
    }

    fn index(&self, id: VifId) -> Result<usize, CommandError> {
        self.vifs.iter().position(|v| v.id == id).ok_or(CommandError::NoSuchVif(id))
    }

    /// Runs `f` with the interface at `idx`, its role and a context.
    fn with_vif<R>(&mut self, now: Instant, idx: usize, f: impl FnOnce(&mut Cx<'_>, &mut Role) -> R) -> R {
        let vif = &mut self.vifs[idx];
        let mut cx = Cx {
            now,
            vif: vif.id,
            addr: vif.addr,
            rng: &mut vif.rng,
            stats: &mut vif.stats,
            seq: &mut vif.seq,
            out: &mut self.out,
            radio: &mut self.radio,
        };
        f(&mut cx, &mut vif.role)
    }

    // ----- inputs -------------------------------------------------------------------------

    /// A frame the radio received (802.11, no FCS).
    pub fn handle_rx(&mut self, now: Instant, rx: RxInfo, frame: &[u8]) {
        self.deliver_to_monitors(now, &rx, frame);
        let parsed = match FrameRepr::parse(frame) {
            Ok(parsed) => parsed,
            Err(_) => {
                let target = frame.get(4..10).map(MacAddr::from_bytes).and_then(|a1| self.vif_by_addr(a1));
                self.stats_for(target).rx_drop(DropReason::Malformed);
                return;
            }
        };
        match &parsed {
            FrameRepr::Mgmt(mgmt) => self.route_mgmt(now, &rx, mgmt),
            FrameRepr::Data(data) => data::receive(self, now, &rx, data, frame),
            FrameRepr::Ctrl(crate::wire::CtrlRepr::PsPoll { aid_field, bssid, ta, .. }) => {
                self.route_ps_poll(now, *bssid, *ta, aid_field & crate::wire::ctrl::PS_POLL_AID_MASK)
            }
            FrameRepr::Ctrl(_) | FrameRepr::Ext { .. } => {}
        }
    }

    /// The outcome of a [`Transmit`].
    pub fn handle_tx_status(&mut self, now: Instant, status: TxStatus) {
        let Some((vif, kind)) = self.out.in_flight.remove(&status.cookie) else { return };
        let Ok(idx) = self.index(vif) else { return };
        self.vifs[idx].stats.tx_retries += u64::from(status.retries);
        match kind {
            cx::TxKind::Data(peer) => data::tx_status(self, idx, peer, &status),
            cx::TxKind::Mgmt => self.with_vif(now, idx, |cx, role| match role {
                Role::Station(sta) => sta.tx_status(cx, &status),
                Role::Ap(Some(ap)) => ap.tx_status(cx, &status),
                Role::Ap(None) | Role::Monitor => {}
            }),
        }
    }

    /// An 802.3 frame the host sends on `vif`. An error means it was dropped (and counted).
    pub fn handle_ethernet(&mut self, now: Instant, vif: VifId, frame: &[u8]) -> Result<(), DropReason> {
        let idx = self.index(vif).map_err(|_| DropReason::NoLink)?;
        data::transmit(self, now, idx, frame)
    }

    /// True while the transmit queue has room: the host should stop sending when it is false
    /// and resume when it turns true again (`netif_stop_queue` / `netif_wake_queue`).
    pub fn can_transmit(&self) -> bool {
        self.out.pending_frames() < self.config.tx_queue_limit
    }

    /// A request from the host.
    pub fn handle_command(&mut self, now: Instant, command: Command) -> Result<CommandOutput, CommandError> {
        match command {
            Command::AddVif { kind, addr } => self.add_vif(kind, addr).map(CommandOutput::VifAdded),
            Command::RemoveVif(id) => self.remove_vif(now, id).map(|()| CommandOutput::Done),
            Command::SetChannel(ch) => self.set_channel(ch).map(|()| CommandOutput::Done),
            Command::StartAp(id, config) => self.start_ap(now, id, config).map(|()| CommandOutput::Done),
            Command::StopAp(id) => self.stop_ap(now, id).map(|()| CommandOutput::Done),
            Command::DeauthStation { vif, addr, reason } => {
                self.deauth_station(now, vif, addr, reason).map(|()| CommandOutput::Done)
            }
            Command::Scan(id, req) => self.station_call(now, id, |sta, cx| sta.scan(cx, req)),
            Command::AbortScan(id) => self.station_call(now, id, |sta, cx| sta.abort_scan(cx)),
            Command::Connect(id, req) => self.station_call(now, id, |sta, cx| sta.connect(cx, req)),
            Command::Disconnect(id) => self.station_call(now, id, |sta, cx| sta.disconnect(cx)),
        }
    }

    /// Time has reached a deadline reported by [`Mac::poll_timeout`].
    pub fn handle_timeout(&mut self, now: Instant) {
        for idx in 0..self.vifs.len() {
            self.with_vif(now, idx, |cx, role| match role {
                Role::Station(sta) => sta.timeout(cx),
                Role::Ap(Some(ap)) => ap.timeout(cx),
                Role::Ap(None) | Role::Monitor => {}
            });
        }
    }

    // ----- outputs ------------------------------------------------------------------------

    /// The next frame to send, unless a configuration change must be applied first
    /// ([`Mac::poll_radio`] returns it). Frames come out only while the radio is on their channel.
    #[must_use]
    pub fn poll_transmit(&mut self) -> Option<Transmit> {
        self.out.pop_frame()
    }

    /// The next configuration change for the radio, unless frames queued before it must be
    /// sent first ([`Mac::poll_transmit`] returns them).
    #[must_use]
    pub fn poll_radio(&mut self) -> Option<RadioRequest> {
        self.out.pop_request()
    }

    /// The next frame for the host.
    #[must_use]
    pub fn poll_deliver(&mut self) -> Option<Delivered> {
        self.out.deliveries.pop_front()
    }

    /// The next event.
    #[must_use]
    pub fn poll_event(&mut self) -> Option<Event> {
        self.out.events.pop_front()
    }

    /// When [`Mac::handle_timeout`] must next be called.
    #[must_use]
    pub fn poll_timeout(&self) -> Option<Instant> {
        self.vifs
            .iter()
            .filter_map(|v| match &v.role {
                Role::Station(sta) => sta.next_timeout(),
                Role::Ap(Some(ap)) => ap.next_timeout(),
                Role::Ap(None) | Role::Monitor => None,
            })
            .min()
    }

    // ----- queries ------------------------------------------------------------------------

    /// Every interface.
    pub fn vifs(&self) -> Vec<VifInfo> {
        self.vifs
            .iter()
            .map(|v| VifInfo {
                id: v.id,
                kind: v.kind,
                addr: v.addr,
                bssid: v.bssid(),
                ssid: match &v.role {
                    Role::Station(sta) => sta.link().map(|l| l.ssid.clone()),
                    Role::Ap(Some(ap)) => Some(ap.config().ssid.clone()),
                    Role::Ap(None) | Role::Monitor => None,
                },
            })
            .collect()
    }

    /// Counters of an interface.
    pub fn stats(&self, id: VifId) -> Option<&VifStats> {
        self.vifs.iter().find(|v| v.id == id).map(|v| &v.stats)
    }

    /// Drops of frames no interface claimed (not for us, malformed without a target).
    pub fn unclaimed_stats(&self) -> &VifStats {
        &self.unclaimed
    }

    /// The scan results of a station interface.
    pub fn scan_results(&self, id: VifId) -> Vec<BssInfo> {
        match self.vifs.iter().find(|v| v.id == id).map(|v| &v.role) {
            Some(Role::Station(sta)) => sta.bss_list(),
            _ => Vec::new(),
        }
    }

    /// The link of a station interface.
    pub fn link(&self, id: VifId) -> Option<LinkInfo> {
        let Some(Role::Station(sta)) = self.vifs.iter().find(|v| v.id == id).map(|v| &v.role) else {
            return None;
        };
        let l = sta.link()?;
        Some(LinkInfo {
            bssid: l.bssid,
            ssid: l.ssid.clone(),
            channel: l.channel,
            aid: l.aid,
            state: l.state,
            stats: l.stats,
        })
    }

    /// The peers of an interface: the stations of an AP, or the AP of a connected station.
    pub fn stations(&self, id: VifId) -> Vec<StationInfo> {
        match self.vifs.iter().find(|v| v.id == id).map(|v| &v.role) {
            Some(Role::Ap(Some(ap))) => ap
                .peers()
                .map(|p| StationInfo { addr: p.addr, aid: p.aid, state: p.state, stats: p.stats })
                .collect(),
            Some(Role::Station(sta)) => sta
                .link()
                .map(|l| StationInfo { addr: l.bssid, aid: l.aid, state: l.state, stats: l.stats })
                .into_iter()
                .collect(),
            _ => Vec::new(),
        }
    }

    // ----- commands -----------------------------------------------------------------------

    fn add_vif(&mut self, kind: VifKind, addr: Option<MacAddr>) -> Result<VifId, CommandError> {
        if self.vifs.len() >= self.config.max_vifs {
            return Err(CommandError::TooManyVifs);
        }
        let addr = addr.unwrap_or_else(|| self.derived_addr());
        if self.vifs.iter().any(|v| v.addr == addr) {
            return Err(CommandError::AddressInUse(addr));
        }
        let id = VifId(self.next_vif);
        self.next_vif += 1;
        let role = match kind {
            VifKind::Station => Role::Station(Box::new(Station::new(self.config.sta.clone()))),
            VifKind::Ap => Role::Ap(None),
            VifKind::Monitor => Role::Monitor,
        };
        let rng = self.rng.derive("vif", u64::from(id.0));
        // Sequence numbers start at a random point, as real radios' do.
        let seq = (rng.clone().next_u32() & 0x0fff) as u16;
        self.vifs.push(Vif { id, kind, addr, seq, rng, stats: VifStats::default(), role });
        if kind == VifKind::Monitor {
            self.out.push_request(RadioRequest::SetPromiscuous(true));
        } else {
            self.out.push_request(RadioRequest::AddAddress(addr));
        }
        Ok(id)
    }

    /// The permanent address for the first interface; later ones set the locally administered
    /// bit and vary the first octet, as mac80211_hwsim's extra interfaces do.
    fn derived_addr(&self) -> MacAddr {
        let base = self.config.addr;
        (0u8..=255)
            .map(|n| {
                let mut a = base;
                if n > 0 {
                    a.0[0] = (base.0[0] | 0x02) ^ (n << 2);
                }
                a
            })
            .find(|a| self.vifs.iter().all(|v| v.addr != *a))
            .unwrap_or(base)
    }

    fn remove_vif(&mut self, now: Instant, id: VifId) -> Result<(), CommandError> {
        let idx = self.index(id)?;
        // Drop what the interface still had queued, but keep what its shutdown sends (a
        // station's Deauthentication, an AP's farewells).
        self.out.drop_frames_of(id);
        self.with_vif(now, idx, |cx, role| match role {
            Role::Station(sta) => sta.shutdown(cx),
            Role::Ap(ap) => {
                if let Some(mut ap) = ap.take() {
                    ap.stop(cx);
                }
            }
            Role::Monitor => {}
        });
        let vif = self.vifs.remove(idx);
        self.radio.holders.remove(&id);
        if vif.kind == VifKind::Monitor {
            if !self.vifs.iter().any(|v| v.kind == VifKind::Monitor) {
                self.out.push_request(RadioRequest::SetPromiscuous(false));
            }
        } else {
            self.out.push_request(RadioRequest::RemoveAddress(vif.addr));
        }
        Ok(())
    }

    fn set_channel(&mut self, ch: Channel) -> Result<(), CommandError> {
        if !self.radio.supported.iter().any(|c| c.freq == ch.freq) {
            return Err(CommandError::Invalid("channel not supported by the radio"));
        }
        if self.radio.holders.values().any(|&held| held != ch) {
            return Err(CommandError::Busy("another interface operates on a different channel"));
        }
        self.radio.tune(&mut self.out, ch);
        Ok(())
    }

    fn start_ap(&mut self, now: Instant, id: VifId, config: ApConfig) -> Result<(), CommandError> {
        let idx = self.index(id)?;
        if self.vifs[idx].kind != VifKind::Ap {
            return Err(CommandError::WrongKind(self.vifs[idx].kind));
        }
        if !self.radio.supported.iter().any(|c| c.freq == config.channel.freq) {
            return Err(CommandError::Invalid("channel not supported by the radio"));
        }
        self.with_vif(now, idx, |cx, role| match role {
            Role::Ap(Some(_)) => Err(CommandError::Already("started")),
            Role::Ap(slot) => {
                *slot = Some(Box::new(crate::ap::Ap::start(cx, config)?));
                Ok(())
            }
            _ => unreachable!("kind checked above"),
        })
    }

    fn stop_ap(&mut self, now: Instant, id: VifId) -> Result<(), CommandError> {
        let idx = self.index(id)?;
        if self.vifs[idx].kind != VifKind::Ap {
            return Err(CommandError::WrongKind(self.vifs[idx].kind));
        }
        self.with_vif(now, idx, |cx, role| match role {
            Role::Ap(slot) => match slot.take() {
                Some(mut ap) => {
                    ap.stop(cx);
                    Ok(())
                }
                None => Err(CommandError::NotActive("started")),
            },
            _ => unreachable!("kind checked above"),
        })
    }

    fn deauth_station(
        &mut self,
        now: Instant,
        id: VifId,
        addr: MacAddr,
        reason: crate::wire::ReasonCode,
    ) -> Result<(), CommandError> {
        let idx = self.index(id)?;
        let kind = self.vifs[idx].kind;
        self.with_vif(now, idx, |cx, role| match role {
            Role::Ap(Some(ap)) => ap.deauth_station(cx, addr, reason),
            Role::Ap(None) => Err(CommandError::NotActive("started")),
            _ => Err(CommandError::WrongKind(kind)),
        })
    }

    fn station_call(
        &mut self,
        now: Instant,
        id: VifId,
        f: impl FnOnce(&mut Station, &mut Cx<'_>) -> Result<(), CommandError>,
    ) -> Result<CommandOutput, CommandError> {
        let idx = self.index(id)?;
        let kind = self.vifs[idx].kind;
        self.with_vif(now, idx, |cx, role| match role {
            Role::Station(sta) => f(sta, cx),
            _ => Err(CommandError::WrongKind(kind)),
        })?;
        Ok(CommandOutput::Done)
    }

    // ----- routing ------------------------------------------------------------------------

    fn vif_by_addr(&self, addr: MacAddr) -> Option<usize> {
        self.vifs.iter().position(|v| v.addr == addr && v.kind != VifKind::Monitor)
    }

    fn stats_for(&mut self, idx: Option<usize>) -> &mut VifStats {
        match idx {
            Some(i) => &mut self.vifs[i].stats,
            None => &mut self.unclaimed,
        }
    }

    fn deliver_to_monitors(&mut self, now: Instant, rx: &RxInfo, frame: &[u8]) {
        if !self.vifs.iter().any(|v| v.kind == VifKind::Monitor) {
            return;
        }
        let wrapped = radiotap::wrap(now, rx, frame);
        for v in self.vifs.iter_mut().filter(|v| v.kind == VifKind::Monitor) {
            v.stats.rx_packets += 1;
            v.stats.rx_bytes += wrapped.len() as u64;
            self.out.deliveries.push_back(Delivered {
                vif: v.id,
                kind: DeliveredKind::Radiotap,
                frame: wrapped.clone(),
            });
        }
    }

    fn route_mgmt(&mut self, now: Instant, rx: &RxInfo, mgmt: &crate::wire::mgmt::MgmtRepr<'_>) {
        let a1 = mgmt.header.addr1;
        let targets: Vec<usize> = if a1.is_multicast() {
            (0..self.vifs.len()).filter(|&i| self.wants_group_mgmt(i, mgmt)).collect()
        } else {
            self.vif_by_addr(a1).into_iter().collect()
        };
        if targets.is_empty() {
            self.unclaimed.rx_drop(DropReason::NotForUs);
            return;
        }
        // Duplicate detection covers individually addressed management frames too
        // (802.11-2020 10.3.2.14; mac80211 `ieee80211_rx_h_check_dup`): a request whose ACK
        // was lost comes again with Retry set, and must not be answered twice.
        if let ([idx], Some(ta), Some(seq)) = (&targets[..], mgmt.header.addr2, mgmt.header.seq_ctrl)
            && self.dup.is_duplicate(ta, Some(dup::MGMT), seq, mgmt.header.frame_control.retry())
        {
            self.vifs[*idx].stats.rx_drop(DropReason::Duplicate);
            return;
        }
        for idx in targets {
            self.vifs[idx].stats.rx_mgmt += 1;
            self.with_vif(now, idx, |cx, role| match role {
                Role::Station(sta) => sta.rx_mgmt(cx, rx, mgmt),
                Role::Ap(Some(ap)) => ap.rx_mgmt(cx, rx, mgmt),
                Role::Ap(None) | Role::Monitor => {}
            });
        }
        // A peer that authenticates anew or leaves starts its data sequence numbers over:
        // forget them (mac80211 keeps this cache in `sta_info`, which a new authentication
        // creates afresh), so its first frames are not mistaken for retransmissions. The
        // management record stays, so a retransmission of this very frame is still caught.
        let restarts = matches!(
            mgmt.body,
            crate::wire::mgmt::MgmtBody::Auth(_)
                | crate::wire::mgmt::MgmtBody::Deauth(_)
                | crate::wire::mgmt::MgmtBody::Disassoc(_)
        );
        if let (true, Some(sa)) = (restarts, mgmt.header.addr2) {
            self.dup.forget(sa);
        }
    }

    /// Group-addressed management frames: stations hear beacons and probe responses (scan
    /// results, link monitoring) and group deauth/disassoc from their AP; APs hear probe
    /// requests.
    fn wants_group_mgmt(&self, idx: usize, mgmt: &crate::wire::mgmt::MgmtRepr<'_>) -> bool {
        use crate::wire::mgmt::MgmtBody;
        let v = &self.vifs[idx];
        match (&v.role, &mgmt.body) {
            (Role::Station(_), MgmtBody::Beacon(_) | MgmtBody::ProbeResp(_)) => true,
            (Role::Station(_), MgmtBody::Deauth(_) | MgmtBody::Disassoc(_)) => {
                v.bssid().is_some() && v.bssid() == mgmt.header.addr3
            }
            (Role::Ap(Some(_)), MgmtBody::ProbeReq(_)) => true,
            _ => false,
        }
    }

    /// A PS-Poll goes to the started AP whose BSSID it names (802.11-2020 11.2.3.5).
    fn route_ps_poll(&mut self, now: Instant, bssid: MacAddr, ta: MacAddr, aid: u16) {
        let Some(idx) = self.vif_by_addr(bssid) else {
            self.unclaimed.rx_drop(DropReason::NotForUs);
            return;
        };
        self.with_vif(now, idx, |cx, role| match role {
            Role::Ap(Some(ap)) => ap.rx_ps_poll(cx, ta, aid),
            _ => cx.stats.rx_drop(DropReason::Unhandled),
        });
    }
}
