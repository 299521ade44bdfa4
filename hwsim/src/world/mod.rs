//! The deterministic multi-radio world: a virtual clock, a simulated medium and soft-MACs.
//!
//! A [`World`] owns the virtual clock, one [`Medium`] and its nodes. A node is a radio
//! on the medium driven by a [`Mac`]; a test (or a user's own test crate) adds nodes and
//! interfaces, gives commands, and lets the world run. Time never passes on its own: [`World::step`]
//! jumps straight to the earliest deadline (a delivery on the medium, a MAC timer, a host
//! stack's poll time), handles everything due at that instant, and returns. A minute of
//! virtual time with nothing scheduled costs nothing.
//!
//! Wiring, at each instant, until nothing more happens:
//!
//! 1. medium events due → `Mac::handle_rx` / `Mac::handle_tx_status` of the node they concern;
//! 2. MAC timers due → `Mac::handle_timeout`;
//! 3. attached [`Host`] stacks polled; the 802.3 frames they send → `Mac::handle_ethernet`;
//! 4. each MAC's ordered radio queue drained: channel changes and addresses applied to the
//!    node's radio, frames handed to the medium; deliveries go to the interface's host (or wait
//!    in the node's mailbox); events are logged.
//!
//! Determinism: the medium's random streams and every MAC's seed are derived from the world's
//! seed and the node's index, and every collection is walked in a fixed order, so the same
//! seed and the same calls give the same frames, byte for byte (compare two captures).
//!
//! Faults are verbs on the world: [`World::set_loss`], [`World::partition`], [`World::hold`] and
//! [`World::release`], [`World::mutate`], [`World::power`], [`World::move_node`].
//!
//! This module is compiled with the crate's `world` feature. It sits next to the medium
//! because it is the medium's reference caller (as hostap's `tests/hwsim` drives
//! mac80211_hwsim): the scenario tests (`softmac-tests`, which re-exports it) and the
//! `softmac demo` / `softmac sim run` commands share it. It reads no clock either: virtual
//! time is a field, advanced only by the calls below.

mod connect;
mod faults;
pub mod ip;

pub use ip::{IpHost, PingConfig, PingReport};

use crate::{
    LinkModel, Medium, MediumConfig, MediumEvent, Perfect, Position, RadioConfig, RadioId, TxOutcome,
    TxRequest,
};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{
    ApConfig, Command, CommandError, CommandOutput, ConnectFailure, Delivered, DropReason, Event, EventKind,
    Mac, MacConfig, RadioRequest, RxInfo, TxStatus, VifId, VifKind,
};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use std::collections::{BTreeMap, BTreeSet, VecDeque};

/// A node of the world (a radio and its MAC).
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Debug)]
pub struct NodeId(pub usize);

/// How to build a node.
#[derive(Clone, Debug)]
pub struct NodeSpec {
    /// Radio address; by default `02:00:00:00:NN:00` with NN the node index, as mac80211_hwsim
    /// numbers its radios.
    pub addr: Option<MacAddr>,
    /// Position in metres.
    pub position: Position,
    /// Channels the radio supports; by default 2.4 GHz 1-13 and the 5 GHz channels of
    /// [`MacConfig::new`].
    pub channels: Option<Vec<Channel>>,
    /// Transmit power, dBm.
    pub tx_power_dbm: f64,
}

impl Default for NodeSpec {
    fn default() -> Self {
        NodeSpec { addr: None, position: Position::default(), channels: None, tx_power_dbm: 20.0 }
    }
}

impl NodeSpec {
    /// A node at `(x, y, z)` metres.
    pub fn at(x: f64, y: f64, z: f64) -> NodeSpec {
        NodeSpec { position: Position { x, y, z }, ..NodeSpec::default() }
    }

    /// The same node restricted to `channels` (the first is where it starts).
    #[must_use]
    pub fn channels(mut self, channels: Vec<Channel>) -> NodeSpec {
        self.channels = Some(channels);
        self
    }

    /// The same node with this address.
    #[must_use]
    pub fn addr(mut self, addr: MacAddr) -> NodeSpec {
        self.addr = Some(addr);
        self
    }
}

/// A host stack attached to an interface: it receives the interface's deliveries and sends
/// 802.3 frames (the embedded IP stack of [`ip`] is one).
pub trait Host {
    /// A frame the MAC delivered to the interface.
    fn receive(&mut self, now: Instant, delivered: Delivered);
    /// Lets the stack run at `now`; returns the 802.3 frames it sends.
    fn poll(&mut self, now: Instant) -> Vec<Vec<u8>>;
    /// When the stack next wants to be polled.
    fn poll_at(&self, now: Instant) -> Option<Instant>;
    /// The host as `Any`, so a test can reach its concrete type.
    fn as_any_mut(&mut self) -> &mut dyn std::any::Any;
}

/// Cookies of frames injected with [`World::inject`]: the top bit set keeps them apart from
/// the MACs' own cookies (which count up from 1), so their status never reaches a MAC.
const INJECTED: u64 = 1 << 63;

struct Node {
    name: String,
    mac: Mac,
    radio: RadioId,
    events: Vec<Event>,
    mailbox: VecDeque<Delivered>,
    hosts: BTreeMap<VifId, Box<dyn Host>>,
    /// Outcomes of the frames injected from this node, in order.
    injected: Vec<TxOutcome>,
    /// The node's tracing span: every call into its MAC runs inside it.
    span: tracing::Span,
}

/// Which nodes need attention at the current instant, so that a step costs what happens in
/// it rather than the size of the world (a thousand idle stations cost nothing per step).
#[derive(Default)]
struct Attention {
    /// Each node's MAC deadline as last read.
    deadline: Vec<Option<Instant>>,
    /// The same deadlines in time order, as (deadline, node index).
    timers: BTreeSet<(Instant, usize)>,
    /// Nodes given an input since they were last drained, in no order (see `marked`).
    dirty: Vec<usize>,
    /// Per node: in `dirty`.
    marked: Vec<bool>,
    /// Nodes with a host attached: polled at every pass.
    hosted: BTreeSet<usize>,
}

impl Attention {
    fn add_node(&mut self) {
        self.deadline.push(None);
        self.marked.push(false);
    }

    fn mark(&mut self, i: usize) {
        if !self.marked[i] {
            self.marked[i] = true;
            self.dirty.push(i);
        }
    }

    /// Records node `i`'s deadline as its MAC now reports it.
    fn set_deadline(&mut self, i: usize, at: Option<Instant>) {
        if self.deadline[i] != at {
            if let Some(old) = self.deadline[i] {
                self.timers.remove(&(old, i));
            }
            if let Some(new) = at {
                self.timers.insert((new, i));
            }
            self.deadline[i] = at;
        }
    }

    /// The nodes to serve in one pass at `now`, ascending (the order every pass has always
    /// used: nodes only meet through the medium, so serving just these is the same as serving
    /// all), with whether each one's timer is due.
    fn batch(&mut self, now: Instant) -> Vec<(usize, bool)> {
        let mut due = Vec::new();
        while let Some(&(at, i)) = self.timers.first() {
            if at > now {
                break;
            }
            self.timers.pop_first();
            self.deadline[i] = None;
            due.push(i);
        }
        let mut batch: Vec<(usize, bool)> = due.into_iter().map(|i| (i, true)).collect();
        batch.extend(self.dirty.drain(..).map(|i| (i, false)));
        batch.extend(self.hosted.iter().map(|&i| (i, false)));
        // Ascending by node; a due timer sorts first so the dedup keeps it.
        batch.sort_unstable_by_key(|&(i, due)| (i, !due));
        batch.dedup_by_key(|&mut (i, _)| i);
        for &(i, _) in &batch {
            self.marked[i] = false;
        }
        batch
    }
}

/// The multi-radio world. See the module documentation.
pub struct World {
    now: Instant,
    seed: u64,
    medium: Medium,
    nodes: Vec<Node>,
    /// The node of each radio, by radio index (deliveries find their node in O(1)).
    node_of_radio: Vec<Option<usize>>,
    /// Nodes needing attention.
    attention: Attention,
    /// Every event of every node in the order they happened: (node, index in its events).
    log: Vec<(NodeId, usize)>,
    /// Cookies handed to injected frames so far.
    injections: u64,
    /// Work items handled at one instant before the world declares a livelock.
    max_work_per_instant: usize,
}

/// What [`World::connect_all`] saw.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectReport {
    /// Virtual time until every station was connected.
    pub took: Duration,
    /// Failed attempts, each followed by a new one, in the order they failed.
    pub failures: Vec<ConnectFailure>,
    /// Links that went down before every station was up (each reconnected).
    pub disconnects: u64,
}

impl ConnectReport {
    /// Failed attempts that were for `failure`.
    pub fn count(&self, failure: ConnectFailure) -> usize {
        self.failures.iter().filter(|&&f| f == failure).count()
    }
}

/// `drive_until` ran out of virtual time (or of things to do) before its condition held.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("condition not met by {deadline:?} (world time {now:?}; {reason})")]
pub struct DriveTimeout {
    /// The deadline given.
    pub deadline: Instant,
    /// World time when it gave up.
    pub now: Instant,
    /// Why: the deadline passed, or nothing was left to happen.
    pub reason: &'static str,
}

impl World {
    /// An empty world with a perfect medium (every frame in range arrives).
    pub fn new(seed: u64) -> World {
        World {
            now: Instant::ZERO,
            seed,
            medium: Medium::new(MediumConfig::new(seed)).with_model(Perfect::default()),
            nodes: Vec::new(),
            node_of_radio: Vec::new(),
            log: Vec::new(),
            attention: Attention::default(),
            injections: 0,
            max_work_per_instant: 1_000_000,
        }
    }

    /// Replaces the link model (path loss, loss matrix, SNR matrix...).
    #[must_use]
    pub fn with_link_model(mut self, model: impl LinkModel + 'static) -> World {
        self.medium.set_link_model(self.now, Box::new(model));
        self
    }

    /// The seed.
    pub fn seed(&self) -> u64 {
        self.seed
    }

    /// Virtual time now.
    pub fn now(&self) -> Instant {
        self.now
    }

    /// The medium, for what the world does not wrap.
    pub fn medium(&mut self) -> &mut Medium {
        &mut self.medium
    }

    // ----- building ----------------------------------------------------------------------

    /// Adds a radio with its MAC.
    pub fn add_node(&mut self, name: &str, spec: NodeSpec) -> NodeId {
        let index = self.nodes.len();
        let addr = spec.addr.unwrap_or(MacAddr([0x02, 0, 0, (index >> 8) as u8, index as u8, 0]));
        let mut config =
            MacConfig::new(addr, self.seed ^ (index as u64 + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15));
        if let Some(channels) = spec.channels {
            config = config.with_channels(channels);
        }
        let radio_config =
            RadioConfig::new(addr, config.initial_channel).at(spec.position).tx_power(spec.tx_power_dbm);
        let radio = self.medium.add_radio(self.now, radio_config);
        let node = Node {
            name: name.to_owned(),
            mac: Mac::new(config),
            radio,
            events: Vec::new(),
            mailbox: VecDeque::new(),
            hosts: BTreeMap::new(),
            injected: Vec::new(),
            span: tracing::info_span!("node", name, addr = %addr),
        };
        if self.node_of_radio.len() <= radio.index() {
            self.node_of_radio.resize(radio.index() + 1, None);
        }
        self.node_of_radio[radio.index()] = Some(index);
        self.nodes.push(node);
        self.attention.add_node();
        let id = NodeId(index);
        self.serve(id);
        id
    }

    /// Adds an interface to a node.
    pub fn add_vif(&mut self, node: NodeId, kind: VifKind) -> VifId {
        match self.command(node, Command::AddVif { kind, addr: None }) {
            Ok(CommandOutput::VifAdded(v)) => v,
            other => panic!("adding a {kind:?} interface to {}: {other:?}", self.nodes[node.0].name),
        }
    }

    /// Adds a node running an AP with `ssid` on `channel`, started.
    pub fn add_ap(&mut self, name: &str, ssid: &str, channel: Channel, spec: NodeSpec) -> (NodeId, VifId) {
        self.add_ap_with(name, ApConfig::new(ssid.as_bytes(), channel), spec)
    }

    /// Adds a node running an AP with the given configuration, started.
    pub fn add_ap_with(&mut self, name: &str, config: ApConfig, spec: NodeSpec) -> (NodeId, VifId) {
        let node = self.add_node(name, spec);
        let vif = self.add_vif(node, VifKind::Ap);
        if let Err(e) = self.command(node, Command::StartAp(vif, config)) {
            panic!("starting the AP of {name}: {e}");
        }
        (node, vif)
    }

    /// Adds a node with one monitor interface, listening on `channel` only: a sniffer, or a
    /// rogue radio that sends raw frames with [`World::inject`].
    pub fn add_monitor(&mut self, name: &str, channel: Channel, spec: NodeSpec) -> (NodeId, VifId) {
        let node = self.add_node(name, spec.channels(vec![channel]));
        let vif = self.add_vif(node, VifKind::Monitor);
        (node, vif)
    }

    /// Adds a node with one station interface.
    pub fn add_station(&mut self, name: &str, spec: NodeSpec) -> (NodeId, VifId) {
        let node = self.add_node(name, spec);
        let vif = self.add_vif(node, VifKind::Station);
        (node, vif)
    }

    /// Attaches a host stack to an interface; it receives the interface's deliveries from now on.
    pub fn attach_host(&mut self, node: NodeId, vif: VifId, host: Box<dyn Host>) {
        self.nodes[node.0].hosts.insert(vif, host);
        self.attention.hosted.insert(node.0);
    }

    /// The host attached to an interface, as its concrete type.
    pub fn host_mut<H: Host + 'static>(&mut self, node: NodeId, vif: VifId) -> Option<&mut H> {
        self.nodes[node.0].hosts.get_mut(&vif)?.as_any_mut().downcast_mut::<H>()
    }

    // ----- driving -----------------------------------------------------------------------

    /// Runs a command on a node's MAC at the current time.
    pub fn command(&mut self, node: NodeId, command: Command) -> Result<CommandOutput, CommandError> {
        let now = self.now;
        let n = &mut self.nodes[node.0];
        let result = n.span.in_scope(|| n.mac.handle_command(now, command));
        self.serve(node);
        result
    }

    /// Sends an 802.3 frame from the host side of an interface.
    pub fn send_ethernet(&mut self, node: NodeId, vif: VifId, frame: &[u8]) -> Result<(), DropReason> {
        let now = self.now;
        let n = &mut self.nodes[node.0];
        let result = n.span.in_scope(|| n.mac.handle_ethernet(now, vif, frame));
        self.serve(node);
        result
    }

    /// Transmits raw 802.11 bytes (no FCS) from a node's radio, bypassing its MAC, as a monitor
    /// interface injects frames: at the band's lowest basic rate, no retransmission, expecting
    /// an ACK only when Address 1 is individual. The outcome is kept in
    /// [`World::injected`]. Frames shorter than 10 octets never reach the air (the medium
    /// refuses them, as a radio cannot send less than an ACK's header).
    pub fn inject(&mut self, node: NodeId, frame: &[u8]) -> Result<(), crate::MediumError> {
        let now = self.now;
        let radio = self.radio(node);
        let band = self.medium.radio_config(radio).and_then(|c| c.channel.band()).unwrap_or(Band::Ghz2_4);
        self.injections += 1;
        let req = TxRequest {
            frame: frame.to_vec(),
            rate: mac80211_core::mac::rates::mgmt_rate(band).into(),
            retry_limit: 0,
            cookie: INJECTED | self.injections,
            no_ack: frame.get(4).is_none_or(|b| b & 1 != 0),
        };
        self.medium.transmit(now, radio, req)
    }

    /// Outcomes of the frames a node injected so far, in order.
    pub fn injected(&self, node: NodeId) -> &[TxOutcome] {
        &self.nodes[node.0].injected
    }

    /// The earliest pending deadline of the medium, the MACs and the hosts.
    pub fn next_deadline(&mut self) -> Option<Instant> {
        let now = self.now;
        let medium = self.medium.next_event();
        let macs = self.attention.timers.first().map(|&(at, _)| at);
        let hosted = self.attention.hosted.iter().map(|&i| &self.nodes[i]);
        let hosts = hosted.flat_map(|n| n.hosts.values().filter_map(|h| h.poll_at(now)));
        medium.into_iter().chain(macs).chain(hosts).min()
    }

    /// Jumps to the next deadline and handles everything due then. False when nothing is left.
    pub fn step(&mut self) -> bool {
        let Some(next) = self.next_deadline() else { return false };
        self.now = self.now.max(next);
        self.settle();
        true
    }

    /// Runs until `d` of virtual time has passed.
    pub fn run_for(&mut self, d: Duration) {
        let end = self.now + d;
        self.run_until(end);
    }

    /// Runs until virtual time `end`.
    pub fn run_until(&mut self, end: Instant) {
        while let Some(next) = self.next_deadline() {
            if next > end {
                break;
            }
            self.now = self.now.max(next);
            self.settle();
        }
        self.now = self.now.max(end);
        self.settle();
    }

    /// Steps until `pred` holds, for at most `within` of virtual time. Returns the virtual time
    /// it took.
    pub fn drive_until(
        &mut self,
        within: Duration,
        mut pred: impl FnMut(&mut World) -> bool,
    ) -> Result<Duration, DriveTimeout> {
        let start = self.now;
        let deadline = start + within;
        loop {
            if pred(self) {
                return Ok(self.now - start);
            }
            match self.next_deadline() {
                Some(next) if next <= deadline => {
                    self.now = self.now.max(next);
                    self.settle();
                }
                Some(_) => {
                    self.now = deadline;
                    self.settle();
                    return if pred(self) {
                        Ok(self.now - start)
                    } else {
                        Err(DriveTimeout { deadline, now: self.now, reason: "deadline passed" })
                    };
                }
                None => {
                    return Err(DriveTimeout { deadline, now: self.now, reason: "nothing left to happen" });
                }
            }
        }
    }

    /// Handles everything due at `self.now` until the world is quiet at this instant.
    fn settle(&mut self) {
        let now = self.now;
        let mut work = 0usize;
        loop {
            let mut progress = false;
            while let Some(ev) = self.medium.poll(now) {
                progress = true;
                self.dispatch_medium(ev);
            }
            for (i, due) in self.attention.batch(now) {
                if due {
                    let n = &mut self.nodes[i];
                    n.span.in_scope(|| n.mac.handle_timeout(now));
                    progress = true;
                }
                progress |= self.poll_hosts(NodeId(i));
                progress |= self.serve(NodeId(i));
            }
            if !progress {
                break;
            }
            work += 1;
            assert!(work < self.max_work_per_instant, "livelock at {now:?}: the world never settles");
        }
    }

    fn dispatch_medium(&mut self, ev: MediumEvent) {
        let now = self.now;
        match ev {
            MediumEvent::Rx { to, frame, info } => {
                if let Some(i) = self.node_of(to) {
                    let rx = RxInfo {
                        freq: info.freq,
                        signal_dbm: info.signal_dbm,
                        rate: Some(info.rate.into()),
                        decrypted: false,
                    };
                    let n = &mut self.nodes[i];
                    n.span.in_scope(|| n.mac.handle_rx(now, rx, &frame));
                    self.attention.mark(i);
                }
            }
            MediumEvent::TxStatus(s) if s.cookie & INJECTED != 0 => {
                if let Some(i) = self.node_of(s.radio) {
                    self.nodes[i].injected.push(s.outcome);
                }
            }
            MediumEvent::TxStatus(s) => {
                if let Some(i) = self.node_of(s.radio) {
                    let acked = matches!(s.outcome, TxOutcome::Acked | TxOutcome::Sent);
                    let status = TxStatus { cookie: s.cookie, acked, retries: s.retries };
                    let n = &mut self.nodes[i];
                    n.span.in_scope(|| n.mac.handle_tx_status(now, status));
                    self.attention.mark(i);
                }
            }
        }
    }

    fn node_of(&self, radio: RadioId) -> Option<usize> {
        self.node_of_radio.get(radio.index()).copied().flatten()
    }

    fn poll_hosts(&mut self, node: NodeId) -> bool {
        let now = self.now;
        let n = &mut self.nodes[node.0];
        let mut progress = false;
        for (&vif, host) in n.hosts.iter_mut() {
            for frame in host.poll(now) {
                progress = true;
                // A refused frame is counted by the MAC; the stack retransmits if it cares.
                let _ = n.mac.handle_ethernet(now, vif, &frame);
            }
        }
        progress
    }

    /// Applies a node's outputs and notes its next deadline; true when there were outputs.
    fn serve(&mut self, node: NodeId) -> bool {
        let progress = self.drain(node);
        let at = self.nodes[node.0].mac.poll_timeout();
        self.attention.set_deadline(node.0, at);
        progress
    }

    /// Applies a node's outputs; true when there were any.
    fn drain(&mut self, node: NodeId) -> bool {
        let now = self.now;
        let n = &mut self.nodes[node.0];
        let span = n.span.clone();
        let _entered = span.enter();
        let mut progress = false;
        loop {
            if let Some(req) = n.mac.poll_radio() {
                progress = true;
                let result = match req {
                    RadioRequest::SetChannel(ch) => self.medium.set_channel(now, n.radio, ch),
                    RadioRequest::AddAddress(a) => self.medium.add_address(now, n.radio, a),
                    RadioRequest::RemoveAddress(a) => self.medium.remove_address(now, n.radio, a).map(drop),
                    // Every decoded frame reaches the MAC already; promiscuous adds ACKs.
                    RadioRequest::SetPromiscuous(on) => self.medium.set_promiscuous(now, n.radio, on),
                    // The simulated radio has no hardware crypto: the MAC protects in software.
                    RadioRequest::InstallKey(..) | RadioRequest::RemoveKey(..) => Ok(()),
                };
                result.unwrap_or_else(|e| panic!("{}: radio request {req:?} failed: {e}", n.name));
            } else if let Some(t) = n.mac.poll_transmit() {
                progress = true;
                let cookie = t.cookie;
                let req = TxRequest {
                    frame: t.frame,
                    rate: t.rate.into(),
                    retry_limit: t.retry_limit,
                    cookie,
                    no_ack: t.no_ack,
                };
                if self.medium.transmit(now, n.radio, req).is_err() {
                    // A powered-off radio (or a bad frame): the frame is lost, as a driver would report.
                    n.mac.handle_tx_status(now, TxStatus { cookie, acked: false, retries: 0 });
                }
            } else {
                break;
            }
        }
        while let Some(d) = n.mac.poll_deliver() {
            progress = true;
            match n.hosts.get_mut(&d.vif) {
                Some(host) => host.receive(now, d),
                None => n.mailbox.push_back(d),
            }
        }
        while let Some(e) = n.mac.poll_event() {
            progress = true;
            self.log.push((node, n.events.len()));
            n.events.push(e);
        }
        progress
    }

    // ----- observing ---------------------------------------------------------------------

    /// A node's MAC.
    pub fn mac(&self, node: NodeId) -> &Mac {
        &self.nodes[node.0].mac
    }

    /// A node's radio on the medium.
    pub fn radio(&self, node: NodeId) -> RadioId {
        self.nodes[node.0].radio
    }

    /// A node's name.
    pub fn name(&self, node: NodeId) -> &str {
        &self.nodes[node.0].name
    }

    /// Every node.
    pub fn nodes(&self) -> impl Iterator<Item = NodeId> + use<> {
        (0..self.nodes.len()).map(NodeId)
    }

    /// Every event a node reported so far, in order.
    pub fn events(&self, node: NodeId) -> &[Event] {
        &self.nodes[node.0].events
    }

    /// How many events all nodes reported so far: a cursor for [`World::events_since`].
    pub fn event_count(&self) -> usize {
        self.log.len()
    }

    /// The events of every node reported after `cursor` (an earlier [`World::event_count`]),
    /// in the order they happened.
    pub fn events_since(&self, cursor: usize) -> impl Iterator<Item = (NodeId, &Event)> + '_ {
        self.log.get(cursor..).unwrap_or_default().iter().map(|&(n, i)| (n, &self.nodes[n.0].events[i]))
    }

    /// True when the node reported an event matching `pred`.
    pub fn saw(&self, node: NodeId, pred: impl Fn(&EventKind) -> bool) -> bool {
        self.nodes[node.0].events.iter().any(|e| pred(&e.kind))
    }

    /// Takes the frames delivered to interfaces of `node` that have no host attached.
    pub fn take_deliveries(&mut self, node: NodeId, vif: VifId) -> Vec<Delivered> {
        let mailbox = &mut self.nodes[node.0].mailbox;
        let (mine, rest): (VecDeque<_>, VecDeque<_>) = mailbox.drain(..).partition(|d| d.vif == vif);
        *mailbox = rest;
        mine.into()
    }

    /// The MAC address of an interface.
    ///
    /// # Panics
    /// When the node has no such interface.
    pub fn vif_addr(&self, node: NodeId, vif: VifId) -> MacAddr {
        let vifs = self.mac(node).vifs();
        match vifs.iter().find(|v| v.id == vif) {
            Some(v) => v.addr,
            None => panic!("{} has no interface {vif:?}", self.name(node)),
        }
    }

    /// True when the station interface is connected.
    pub fn is_connected(&self, node: NodeId, vif: VifId) -> bool {
        self.mac(node).link(vif).is_some()
    }
}

/// 2.4 GHz channel `n` (1-14).
pub fn ch2(n: u8) -> Channel {
    Channel::from_number(Band::Ghz2_4, n).expect("2.4 GHz channel 1-14")
}

/// 5 GHz channel `n`.
pub fn ch5(n: u8) -> Channel {
    Channel::from_number(Band::Ghz5, n).expect("5 GHz channel")
}
