//! Connecting stations the way a supplicant does: try, and after a failure try again after a
//! growing, jittered delay (wpa_supplicant's `wpas_connection_failed`), until every station is
//! up or the time allowed has passed.

use super::{ConnectReport, DriveTimeout, NodeId, World};
use mac80211_core::mac::{Command, ConnectRequest, EventKind, VifId};
use mac80211_core::rand::Rng;
use mac80211_core::time::{Duration, Instant};
use std::collections::{BTreeMap, BTreeSet};

impl World {
    /// Connects one station interface the way a supplicant does ([`World::connect_all`] for
    /// one station): retried after each failure until the link is up or `within` has passed.
    /// Returns the virtual time it took.
    pub fn connect(
        &mut self,
        node: NodeId,
        vif: VifId,
        req: ConnectRequest,
        within: Duration,
    ) -> Result<Duration, DriveTimeout> {
        self.connect_all(&[(node, vif)], &req, within).map(|r| r.took)
    }

    /// Connects every station interface in `stations` with `req` and waits until all are
    /// connected, for at most `within` of virtual time. Like wpa_supplicant, a station tries
    /// again after each `ConnectFailed` (or lost link), after a delay that grows with its
    /// failures in a row: 100 ms, 500 ms, 1 s, 5 s, then 10 s (`wpas_connection_failed`),
    /// each stretched by a random part of up to as much again (drawn from the world's seed)
    /// the way real hosts' timing drifts: stations that failed together do not retry in step.
    pub fn connect_all(
        &mut self,
        stations: &[(NodeId, VifId)],
        req: &ConnectRequest,
        within: Duration,
    ) -> Result<ConnectReport, DriveTimeout> {
        let start = self.now;
        let deadline = start + within;
        let index: BTreeMap<(NodeId, VifId), usize> =
            stations.iter().enumerate().map(|(i, &station)| (station, i)).collect();
        // Stations already connected count from the start and are not asked again.
        let mut up: Vec<bool> = stations.iter().map(|&(n, v)| self.is_connected(n, v)).collect();
        let mut streak = vec![0usize; stations.len()];
        let mut connected = up.iter().filter(|&&u| u).count();
        let mut report = ConnectReport { took: Duration::ZERO, failures: Vec::new(), disconnects: 0 };
        // Reconnections due, as (time, station index).
        let mut retries: BTreeSet<(Instant, usize)> = BTreeSet::new();
        let mut rng = Rng::new(self.seed).derive("reconnect", 0);
        let mut cursor = self.event_count();
        for (i, _) in up.iter().enumerate().filter(|(_, u)| !**u) {
            retries.insert((self.now, i));
        }
        loop {
            while let Some(&(at, i)) = retries.first().filter(|&&(at, _)| at <= self.now) {
                retries.remove(&(at, i));
                let (node, vif) = stations[i];
                // Busy (a scan of its own running) means it is already trying.
                let _ = self.command(node, Command::Connect(vif, req.clone()));
            }
            let mut failed = Vec::new();
            for (node, e) in self.events_since(cursor) {
                let Some(&i) = index.get(&(node, e.vif)) else { continue };
                match &e.kind {
                    EventKind::Connected { .. } if !up[i] => {
                        up[i] = true;
                        streak[i] = 0;
                        connected += 1;
                    }
                    EventKind::ConnectFailed { failure, .. } => {
                        report.failures.push(*failure);
                        failed.push(i);
                    }
                    EventKind::Disconnected { .. } if up[i] => {
                        up[i] = false;
                        connected -= 1;
                        report.disconnects += 1;
                        failed.push(i);
                    }
                    _ => {}
                }
            }
            cursor = self.event_count();
            for i in failed {
                streak[i] += 1;
                let base = reconnect_delay(streak[i]);
                let stretch = Duration::from_micros(rng.below(base.as_micros()));
                retries.insert((self.now + base + stretch, i));
            }
            if connected == stations.len() {
                report.took = self.now - start;
                return Ok(report);
            }
            let next = [self.next_deadline(), retries.first().map(|&(at, _)| at)].into_iter().flatten().min();
            match next {
                Some(at) if at <= deadline => {
                    self.now = self.now.max(at);
                    self.settle();
                }
                Some(_) => {
                    return Err(DriveTimeout { deadline, now: self.now, reason: "deadline passed" });
                }
                None => {
                    return Err(DriveTimeout { deadline, now: self.now, reason: "nothing left to happen" });
                }
            }
        }
    }
}

/// wpa_supplicant's wait before trying again after `failures` failed attempts in a row.
fn reconnect_delay(failures: usize) -> Duration {
    match failures {
        0 | 1 => Duration::from_millis(100),
        2 => Duration::from_millis(500),
        3 => Duration::from_secs(1),
        4 => Duration::from_secs(5),
        _ => Duration::from_secs(10),
    }
}
