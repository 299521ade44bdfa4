//! Virtual interfaces: identity, counters, and the role state machine each one runs.

use super::api::{VifId, VifKind};
use super::stats::VifStats;
use crate::ap::Ap;
use crate::rand::Rng;
use crate::sta::Station;
use crate::wire::MacAddr;

/// What an interface runs.
pub(crate) enum Role {
    /// A station and its MLME.
    Station(Box<Station>),
    /// An access point, once started.
    Ap(Option<Box<Ap>>),
    /// A monitor: no state, only deliveries.
    Monitor,
}

/// One virtual interface of the radio.
pub(crate) struct Vif {
    pub id: VifId,
    pub kind: VifKind,
    pub addr: MacAddr,
    pub seq: u16,
    pub rng: Rng,
    pub stats: VifStats,
    pub role: Role,
}

impl Vif {
    /// The BSSID this interface belongs to: its own address for a started AP, the AP's for a
    /// connected station.
    pub fn bssid(&self) -> Option<MacAddr> {
        match &self.role {
            Role::Station(sta) => sta.link().map(|l| l.bssid),
            Role::Ap(Some(_)) => Some(self.addr),
            Role::Ap(None) | Role::Monitor => None,
        }
    }
}
