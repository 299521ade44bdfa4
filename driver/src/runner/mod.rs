//! The runner: one tokio task per radio that owns its [`Mac`], its [`Radio`] and one
//! [`NetPort`] per interface, and the [`PhyHandle`] the daemon drives it with.
//!
//! It is mac80211's tasklets and NAPI poll in one loop (module `task`): at each wake-up it feeds the
//! MAC everything that is ready (radio events, host frames, due timers, commands), each
//! stamped with the [`Clock`], then drains the MAC's outputs in the documented order:
//!
//! 1. the ordered radio queue: configuration changes to [`Radio::configure`], frames to
//!    [`Radio::transmit`] while the radio's hardware queue ([`Radio::tx_capacity`]) has room;
//! 2. deliveries to the port of their interface;
//! 3. events to [`PhyHandle::subscribe`]rs, and the carriers they change;
//! 4. the next deadline, which arms the timer.
//!
//! # Queue stop/wake
//!
//! Frames wait in the radio's hardware queue, then in the MAC's queue; when that is full
//! (`Mac::can_transmit` false) every port of the radio is stopped (`netif_stop_queue`): the
//! runner stops reading it and the host's queue holds the frames. When the MAC has room again
//! the ports are woken (`netif_wake_queue`). Stops and wakes are counted per port, and any
//! frame dropped anyway (no link, malformed, queue full) is counted as `tx_dropped`.
//!
//! # The handle
//!
//! [`PhyHandle`] is `Clone + Send + Sync`; its methods are synchronous and never wait for the
//! runner: the MAC and the ports live behind one `std::sync::Mutex` that the runner never
//! holds across an await, so a call takes the lock for the time of one MAC call, then wakes
//! the runner to drain the outputs. That makes every method safe from any thread, inside a
//! tokio runtime or outside, and deadlock-free (the runner takes the medium's lock inside
//! this one, never the reverse). Commands return the MAC's own result; what they start
//! (scans, connections) reports later as events, as nl80211 does.
//!
//! # Carrier
//!
//! A port's carrier is the link of its interface: a station has carrier while associated,
//! an AP while started, a monitor always (`netif_carrier_on/off` in mac80211's `mlme.c` and
//! `cfg.c`). It is set on attach and after every event.
//!
//! # Spans
//!
//! Everything the runner does runs in a `phy` span (name, address); work for one interface's
//! port runs in an `iface` span (name, vif) inside it.

mod task;

use crate::clock::Clock;
use crate::port::{NetPort, PortStats};
use crate::radio::{Radio, RadioError};
use mac80211_core::mac::{Command, CommandError, CommandOutput, Event, Mac, VifId, VifKind};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use tokio::sync::{broadcast, mpsc, watch};

/// Events kept for a slow subscriber before it starts missing some (it then gets
/// `RecvError::Lagged` and can re-read the state with queries).
pub const EVENT_BACKLOG: usize = 1024;

/// Why a runner stopped.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ExitReason {
    /// [`PhyHandle::shutdown`] was called.
    Shutdown,
    /// The radio went away ([`RadioEvent::Gone`](crate::radio::RadioEvent::Gone)): like an
    /// unplugged USB dongle, its interfaces' ports are closed.
    RadioGone,
}

/// Why a port could not be attached. The port is dropped (a TAP is removed).
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum PortAttachError {
    /// The MAC has no such interface.
    #[error("no such interface {0:?}")]
    NoSuchVif(VifId),
    /// The interface has a port already.
    #[error("interface {0:?} already has a port")]
    AlreadyAttached(VifId),
    /// The runner has stopped.
    #[error("the radio is shut down")]
    ShutDown,
}

/// An attached port and its runner-side state.
pub(crate) struct PortSlot {
    pub port: Box<dyn NetPort>,
    pub span: tracing::Span,
    /// The runner stopped reading it (`netif_stop_queue`).
    pub stopped: bool,
    /// Its host side went away; it is polled no more.
    pub closed: bool,
}

/// Everything behind the handle's lock.
pub(crate) struct State {
    pub mac: Mac,
    pub ports: BTreeMap<VifId, PortSlot>,
    /// Cookies of frames the radio holds (status not yet back).
    pub in_flight: BTreeSet<u64>,
    /// The latest time given to the MAC: inputs never go back in time.
    pub last_now: Instant,
    /// Frames for interfaces without a port.
    pub undelivered: u64,
    pub shutdown: bool,
}

impl State {
    /// The time for the next MAC input: the clock, never earlier than the last input.
    pub fn tick(&mut self, clock: &Clock) -> Instant {
        self.last_now = self.last_now.max(clock.now());
        self.last_now
    }
}

pub(crate) struct Shared {
    pub name: String,
    pub addr: MacAddr,
    pub backend: &'static str,
    pub clock: Clock,
    pub state: Mutex<State>,
    pub wake_tx: mpsc::UnboundedSender<()>,
    /// A wake is queued already: coalesces wakes from many calls into one.
    pub wake_pending: AtomicBool,
    pub events: broadcast::Sender<Event>,
    pub exited: watch::Sender<Option<ExitReason>>,
    pub span: tracing::Span,
}

impl Shared {
    pub fn lock(&self) -> MutexGuard<'_, State> {
        // A panic inside a MAC call poisons the lock; the MAC's state is still consistent
        // enough to report on and shut down, which is all a poisoned runner is asked to do.
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn wake(&self) {
        if !self.wake_pending.swap(true, Ordering::AcqRel) {
            let _ = self.wake_tx.send(());
        }
    }
}

/// Spawns runners.
pub struct Runner;

impl Runner {
    /// Starts the radio and spawns the task that runs `mac` on it, named `name` (the wiphy
    /// name, for traces). Needs a tokio runtime.
    pub fn spawn(name: &str, mac: Mac, radio: impl Radio) -> Result<PhyHandle, RadioError> {
        Runner::spawn_with_clock(name, mac, radio, Clock::start())
    }

    /// [`Runner::spawn`] on a given clock: the one its medium is paced by.
    pub fn spawn_with_clock(
        name: &str,
        mac: Mac,
        mut radio: impl Radio,
        clock: Clock,
    ) -> Result<PhyHandle, RadioError> {
        let span = tracing::info_span!("phy", name, addr = %radio.addr());
        span.in_scope(|| radio.start())?;
        let (wake_tx, wake_rx) = mpsc::unbounded_channel();
        let state = State {
            mac,
            ports: BTreeMap::new(),
            in_flight: BTreeSet::new(),
            last_now: clock.now(),
            undelivered: 0,
            shutdown: false,
        };
        let shared = Arc::new(Shared {
            name: name.to_owned(),
            addr: radio.addr(),
            backend: radio.backend(),
            clock,
            state: Mutex::new(state),
            wake_tx,
            wake_pending: AtomicBool::new(false),
            events: broadcast::channel(EVENT_BACKLOG).0,
            exited: watch::channel(None).0,
            span,
        });
        tokio::spawn(task::Task::new(shared.clone(), radio, wake_rx).run());
        // The MAC queued its initial channel: let the task apply it.
        shared.wake();
        Ok(PhyHandle { shared })
    }
}

/// The daemon's handle on one running radio. See the module documentation.
#[derive(Clone)]
pub struct PhyHandle {
    shared: Arc<Shared>,
}

impl std::fmt::Debug for PhyHandle {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PhyHandle").field("name", &self.shared.name).field("addr", &self.shared.addr).finish()
    }
}

impl PhyHandle {
    /// The name given at spawn.
    pub fn name(&self) -> &str {
        &self.shared.name
    }

    /// The radio's permanent address.
    pub fn addr(&self) -> MacAddr {
        self.shared.addr
    }

    /// Which backend drives the radio (`"hwsim"`...).
    pub fn backend(&self) -> &'static str {
        self.shared.backend
    }

    /// Runs a MAC command now; its outputs are applied by the runner right after.
    pub fn command(&self, command: Command) -> Result<CommandOutput, CommandError> {
        let result = {
            let _span = self.shared.span.enter();
            let mut st = self.shared.lock();
            let now = st.tick(&self.shared.clock);
            st.mac.handle_command(now, command)
        };
        self.shared.wake();
        result
    }

    /// Reads the MAC: `vifs()`, `stats()`, `scan_results()`, `link()`, `stations()`, `channel()`.
    /// `f` runs under the runner's lock: it must not call this handle.
    pub fn query<R>(&self, f: impl FnOnce(&Mac) -> R) -> R {
        f(&self.shared.lock().mac)
    }

    /// The runner's current time, on the clock the MAC's timestamps use (for "seen ms ago").
    pub fn now(&self) -> Instant {
        self.shared.clock.now()
    }

    /// Attaches the host side of an interface. Its carrier is set from the interface's state
    /// at once.
    pub fn attach_port(&self, vif: VifId, port: impl NetPort) -> Result<(), PortAttachError> {
        {
            let mut st = self.shared.lock();
            if st.shutdown {
                return Err(PortAttachError::ShutDown);
            }
            if st.ports.contains_key(&vif) {
                return Err(PortAttachError::AlreadyAttached(vif));
            }
            if !st.mac.vifs().iter().any(|v| v.id == vif) {
                return Err(PortAttachError::NoSuchVif(vif));
            }
            let span =
                tracing::info_span!(parent: &self.shared.span, "iface", name = port.name(), vif = vif.0);
            span.in_scope(|| tracing::debug!("port attached"));
            let slot = PortSlot { port: Box::new(port), span, stopped: false, closed: false };
            st.ports.insert(vif, slot);
            task::refresh_carriers(&mut st);
        }
        self.shared.wake();
        Ok(())
    }

    /// Moves a port to another interface without closing it, as changing an interface's type
    /// keeps its netdev (the daemon's SET_INTERFACE removes the old interface and adds one of
    /// the new kind). The carrier is set from the new interface's state.
    pub fn rebind_port(&self, from: VifId, to: VifId) -> Result<(), PortAttachError> {
        {
            let mut st = self.shared.lock();
            if st.ports.contains_key(&to) {
                return Err(PortAttachError::AlreadyAttached(to));
            }
            if !st.mac.vifs().iter().any(|v| v.id == to) {
                return Err(PortAttachError::NoSuchVif(to));
            }
            let mut slot = st.ports.remove(&from).ok_or(PortAttachError::NoSuchVif(from))?;
            slot.span =
                tracing::info_span!(parent: &self.shared.span, "iface", name = slot.port.name(), vif = to.0);
            st.ports.insert(to, slot);
            task::refresh_carriers(&mut st);
        }
        self.shared.wake();
        Ok(())
    }

    /// Detaches and closes an interface's port (a TAP is removed); returns its final counters.
    pub fn detach_port(&self, vif: VifId) -> Option<PortStats> {
        let slot = self.shared.lock().ports.remove(&vif)?;
        Some(close_port(slot))
    }

    /// The counters of an interface's port.
    pub fn port_stats(&self, vif: VifId) -> Option<PortStats> {
        self.shared.lock().ports.get(&vif).map(|s| s.port.counters().snapshot())
    }

    /// The name of an interface's port.
    pub fn port_name(&self, vif: VifId) -> Option<String> {
        self.shared.lock().ports.get(&vif).map(|s| s.port.name().to_owned())
    }

    /// The carrier of an interface's port (`None` without a port).
    pub fn carrier(&self, vif: VifId) -> Option<bool> {
        self.shared.lock().ports.get(&vif).map(|s| s.port.counters().carrier())
    }

    /// Frames the MAC delivered to interfaces that had no port (dropped, counted here).
    pub fn undelivered(&self) -> u64 {
        self.shared.lock().undelivered
    }

    /// Every MAC event from now on.
    pub fn subscribe(&self) -> broadcast::Receiver<Event> {
        self.shared.events.subscribe()
    }

    /// Stops the runner: every port is closed before this returns (TAP devices are gone), then
    /// the task stops the radio and exits. Idempotent.
    pub fn shutdown(&self) {
        let slots: Vec<PortSlot> = {
            let mut st = self.shared.lock();
            st.shutdown = true;
            std::mem::take(&mut st.ports).into_values().collect()
        };
        for slot in slots {
            close_port(slot);
        }
        self.shared.wake();
    }

    /// Why the runner stopped, once it has.
    pub fn exit_reason(&self) -> Option<ExitReason> {
        *self.shared.exited.borrow()
    }

    /// Waits until the runner has stopped.
    pub async fn closed(&self) -> ExitReason {
        let mut rx = self.shared.exited.subscribe();
        loop {
            if let Some(reason) = *rx.borrow_and_update() {
                return reason;
            }
            if rx.changed().await.is_err() {
                return ExitReason::Shutdown;
            }
        }
    }
}

/// Closes a port: carrier off, then dropped. Returns its final counters.
pub(crate) fn close_port(mut slot: PortSlot) -> PortStats {
    let _span = slot.span.enter();
    let counters = slot.port.counters().clone();
    if counters.set_carrier(false) {
        let _ = slot.port.set_carrier(false);
    }
    tracing::debug!("port closed");
    let stats = counters.snapshot();
    drop(_span);
    drop(slot);
    stats
}

/// Whether an interface has carrier: a station associated, an AP started, a monitor always.
pub(crate) fn carrier_of(mac: &Mac, vif: VifId) -> bool {
    mac.vifs().iter().find(|v| v.id == vif).is_some_and(|v| match v.kind {
        VifKind::Station | VifKind::Ap => v.bssid.is_some(),
        VifKind::Monitor => true,
    })
}
