//! The pacer: the thread that makes a [`Medium`](hwsim::Medium)'s virtual time follow the wall clock.
//!
//! The medium is clock-free: it runs its agenda up to whatever `now` it is given. The pacer
//! gives it the wall time: at each wake-up it polls every event due by [`Clock::now`](crate::clock::Clock::now),
//! hands each to its radio's channel, appends new capture bytes to their files, then sleeps
//! until `Medium::next_event` or until a handle wakes it (a transmit may start an exchange due
//! earlier than the current sleep). So virtual time equals wall time since the medium started,
//! give or take scheduling latency: events come out late, never early, and always in the
//! medium's order, with their exact virtual timestamps.
//!
//! Why a thread and not a tokio task: frames spend tens to hundreds of microseconds in the
//! air, and tokio's timer wheel rounds every sleep up to the next millisecond, which made each
//! hop of a ping cost a millisecond. A dedicated thread waiting on a condition variable with a
//! timeout sleeps with the kernel's high-resolution timers (tens of microseconds of slack).
//! Radios are still served by their tokio runners: the pacer hands events to them through
//! channels whose `send` never blocks.
//!
//! This is wmediumd's job for mac80211_hwsim, done in-process: wmediumd also delays each
//! frame by its airtime on a real clock.

use super::{MediumState, Shared};
use hwsim::MediumEvent;
use mac80211_core::mac::{RxInfo, TxStatus};
use mac80211_core::time::Instant;
use std::io::Write;
use std::sync::{Arc, Condvar, Mutex, Weak};

use crate::radio::RadioEvent;

/// Wakes the pacer: a flag and a condition variable (a transmit or a verb changed the agenda).
#[derive(Default)]
pub(crate) struct Wake {
    pending: Mutex<bool>,
    cond: Condvar,
}

impl Wake {
    /// Wakes the pacer now (or makes its next wait return at once).
    pub fn notify(&self) {
        *self.pending.lock().unwrap_or_else(|p| p.into_inner()) = true;
        self.cond.notify_one();
    }

    /// Waits until notified or until `deadline`.
    fn wait(&self, deadline: std::time::Instant) {
        let mut pending = self.pending.lock().unwrap_or_else(|p| p.into_inner());
        while !*pending {
            let Some(left) = deadline.checked_duration_since(std::time::Instant::now()) else { break };
            pending = self.cond.wait_timeout(pending, left).unwrap_or_else(|p| p.into_inner()).0;
        }
        *pending = false;
    }
}

/// Longest wait between checks that someone still holds the medium: a medium dropped without
/// [`SimMedium::shutdown`](super::SimMedium::shutdown) stops its thread within this.
const IDLE_CHECK: std::time::Duration = std::time::Duration::from_millis(100);

/// Starts the pacer thread. It holds the medium only weakly between passes, so it ends when
/// the last [`SimMedium`](super::SimMedium) or radio handle is gone.
pub(crate) fn spawn(shared: &Arc<Shared>) {
    let weak = Arc::downgrade(shared);
    let spawned = std::thread::Builder::new().name("softmac-medium".into()).spawn(move || run(&weak));
    if let Err(e) = spawned {
        tracing::error!(error = %e, "cannot start the medium's pacer thread");
    }
}

/// Runs until the medium is shut down or dropped.
fn run(weak: &Weak<Shared>) {
    while let Some(shared) = weak.upgrade() {
        let next = {
            let mut st = shared.lock();
            if st.closed {
                break;
            }
            let now = shared.clock.now();
            dispatch_due(&mut st, now);
            flush_captures(&mut st);
            let next = st.medium.next_event();
            st.pacer_wakes_at = next;
            next
        };
        let idle = std::time::Instant::now() + IDLE_CHECK;
        let deadline = next.map_or(idle, |at| shared.clock.deadline(at).into_std().min(idle));
        shared.wake.wait(deadline);
    }
    tracing::debug!("simulated medium stopped");
}

/// Hands every event due by `now` to its radio.
fn dispatch_due(st: &mut MediumState, now: Instant) {
    while let Some(ev) = st.medium.poll(now) {
        let (radio, event) = match ev {
            MediumEvent::Rx { to, frame, info } => {
                let rx = RxInfo {
                    freq: info.freq,
                    signal_dbm: info.signal_dbm,
                    rate: Some(info.rate.into()),
                    decrypted: false,
                };
                (to, RadioEvent::Rx { frame, info: rx })
            }
            MediumEvent::TxStatus(s) => {
                // A frame sent without ACK expectation counts as delivered, as Linux reports
                // `IEEE80211_TX_STAT_ACK` only for acknowledged frames but mac80211 treats
                // no-ACK frames as done.
                let acked = matches!(s.outcome, hwsim::TxOutcome::Acked | hwsim::TxOutcome::Sent);
                (s.radio, RadioEvent::TxStatus(TxStatus { cookie: s.cookie, acked, retries: s.retries }))
            }
        };
        if let Some(tx) = st.radios.get(&radio) {
            // A receiver dropped means its runner is gone; the radio goes with its handle.
            let _ = tx.send(event);
        }
    }
}

/// Appends the capture bytes written since the last pass to their files.
fn flush_captures(st: &mut MediumState) {
    let MediumState { medium, captures, capture_errors, .. } = st;
    for (&id, file) in captures.iter_mut() {
        if let Some(bytes) = medium.take_capture(id).filter(|b| !b.is_empty())
            && file.write_all(&bytes).is_err()
        {
            *capture_errors += bytes.len() as u64;
        }
    }
}
