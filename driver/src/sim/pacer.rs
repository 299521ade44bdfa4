//! The pacer: the task that makes a [`Medium`](hwsim::Medium)'s virtual time follow the wall clock.
//!
//! The medium is clock-free: it runs its agenda up to whatever `now` it is given. The pacer
//! gives it the wall time: at each wake-up it polls every event due by [`Clock::now`](crate::clock::Clock::now),
//! hands each to its radio's channel, appends new capture bytes to their files, then sleeps
//! until `Medium::next_event` or until a handle wakes it (a transmit may start an exchange due
//! earlier than the current sleep). So virtual time equals wall time since the medium started,
//! give or take the timer's resolution (1 ms) and scheduling latency: events come out late,
//! never early, and always in the medium's order, with their exact virtual timestamps.
//!
//! This is wmediumd's job for mac80211_hwsim, done in-process: wmediumd also delays each
//! frame by its airtime on a real clock.

use super::{MediumState, Shared};
use hwsim::MediumEvent;
use mac80211_core::mac::{RxInfo, TxStatus};
use mac80211_core::time::Instant;
use std::io::Write;
use std::sync::Arc;

use crate::radio::RadioEvent;

/// Runs until the medium is shut down.
pub(crate) async fn run(shared: Arc<Shared>) {
    loop {
        let next = {
            let mut st = shared.lock();
            if st.closed {
                break;
            }
            let now = shared.clock.now();
            dispatch_due(&mut st, now);
            flush_captures(&mut st);
            st.medium.next_event()
        };
        match next {
            Some(at) => {
                tokio::select! {
                    () = tokio::time::sleep_until(shared.clock.deadline(at)) => {}
                    () = shared.wake.notified() => {}
                }
            }
            None => shared.wake.notified().await,
        }
    }
    tracing::debug!("simulated medium stopped");
}

/// Hands every event due by `now` to its radio.
fn dispatch_due(st: &mut MediumState, now: Instant) {
    while let Some(ev) = st.medium.poll(now) {
        let (radio, event) = match ev {
            MediumEvent::Rx { to, frame, info } => {
                let rx =
                    RxInfo { freq: info.freq, signal_dbm: info.signal_dbm, rate: Some(info.rate.into()) };
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
