//! Expectations: events, counters and scan results a scenario asserts, and how each is read
//! from the World.
//!
//! Event names follow the nl80211 notifications a Linux user sees in `iw event`
//! (`connected`, `disconnected`, `new station`/`del station`, `scan finished`/`aborted`) plus
//! mac80211's beacon loss; counters are the interface's Linux-style statistics
//! (`rtnl_link_stats64` names), its drop reasons, the radio's medium counters and the
//! station/BSS tables.

use super::{IfaceRef, InterfaceKind, Source, cause, duration};
use crate::sim::ScenarioError;
use crate::sim::scenario::{At, ExpectSpec};
use hwsim::RadioStats;
use mac80211_core::mac::{ConnectFailure, DisconnectCause, DropReason, EventKind, VifStats};
use mac80211_core::time::Duration;
use std::fmt;

/// A checked expectation.
#[derive(Clone, Debug)]
pub enum Expectation {
    /// An event happens (or, `absent`, does not) on the interface.
    Event {
        /// The interface.
        iface: IfaceRef,
        /// Which events count.
        event: EventMatch,
        /// Events from this virtual time count (else from the step's time).
        since: Option<Duration>,
        /// How long to wait for it.
        within: Duration,
        /// It must not happen.
        absent: bool,
    },
    /// A counter satisfies a bound (waiting up to `within` for it to).
    Counter {
        /// The interface.
        iface: IfaceRef,
        /// Which counter.
        counter: Counter,
        /// The bound.
        bound: Bound,
        /// How long to wait for it.
        within: Duration,
    },
    /// The interface's scan results list this SSID (waiting up to `within`).
    Found {
        /// The station interface.
        iface: IfaceRef,
        /// The SSID.
        ssid: Vec<u8>,
        /// How long to wait for it.
        within: Duration,
    },
}

/// An event name with optional filters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EventMatch {
    /// The event's name, as written.
    pub name: &'static str,
    /// `disconnected` / `station-left` / `connect-failed` (after a 4-way handshake): reason code.
    pub reason: Option<u16>,
    /// `disconnected`: what ended the link.
    pub cause: Option<DisconnectCause>,
}

/// Event names a scenario may expect.
pub const EVENTS: [&str; 13] = [
    "scan-done",
    "scan-aborted",
    "connected",
    "connect-failed",
    "handshaking",
    "station-authorized",
    "group-key-installed",
    "beacon-loss",
    "disconnected",
    "ap-started",
    "ap-stopped",
    "station-associated",
    "station-left",
];

impl EventMatch {
    /// True when `kind` is this event and passes the filters.
    pub fn matches(&self, kind: &EventKind) -> bool {
        let reason_ok = |r: u16| self.reason.is_none_or(|want| want == r);
        match (self.name, kind) {
            ("scan-done", EventKind::ScanDone { aborted: false, .. }) => true,
            ("scan-aborted", EventKind::ScanDone { aborted: true, .. }) => true,
            ("connected", EventKind::Connected { .. }) => true,
            ("connect-failed", EventKind::ConnectFailed { failure, .. }) => match failure {
                ConnectFailure::HandshakeFailed(r) => reason_ok(r.value()),
                _ => self.reason.is_none(),
            },
            ("handshaking", EventKind::Handshaking { .. }) => true,
            ("station-authorized", EventKind::StationAuthorized { .. }) => true,
            ("group-key-installed", EventKind::GroupKeyInstalled { .. }) => true,
            ("beacon-loss", EventKind::BeaconLoss { .. }) => true,
            ("disconnected", EventKind::Disconnected { reason, cause, .. }) => {
                reason_ok(reason.value()) && self.cause.is_none_or(|c| c == *cause)
            }
            ("ap-started", EventKind::ApStarted { .. }) => true,
            ("ap-stopped", EventKind::ApStopped) => true,
            ("station-associated", EventKind::StationAssociated { .. }) => true,
            ("station-left", EventKind::StationLeft { reason, .. }) => reason_ok(reason.value()),
            _ => false,
        }
    }
}

impl fmt::Display for EventMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name)?;
        if let Some(r) = self.reason {
            write!(f, " reason {r}")?;
        }
        if let Some(c) = self.cause {
            let name = match c {
                DisconnectCause::Deauthenticated => "deauthenticated",
                DisconnectCause::Disassociated => "disassociated",
                DisconnectCause::BeaconLoss => "beacon-loss",
                DisconnectCause::Command => "command",
                DisconnectCause::KeyHandshake => "key-handshake",
            };
            write!(f, " cause {name}")?;
        }
        Ok(())
    }
}

/// A counter of an interface, its radio, or its tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Counter {
    /// An interface statistic, by name.
    Vif(&'static str),
    /// Frames dropped for one reason.
    Drops(DropReason),
    /// A medium counter of the interface's radio, by name.
    Radio(&'static str),
    /// Stations associated to an AP (1 or 0 for a station: its link).
    Stations,
    /// BSSs in a station's scan results.
    Bss,
}

const VIF_COUNTERS: [&str; 11] = [
    "rx_packets",
    "rx_bytes",
    "rx_errors",
    "rx_dropped",
    "tx_packets",
    "tx_bytes",
    "tx_errors",
    "tx_dropped",
    "tx_retries",
    "tx_mgmt",
    "rx_mgmt",
];

const RADIO_COUNTERS: [&str; 8] =
    ["tx_frames", "tx_retries", "tx_acked", "tx_failed", "acks_lost", "rx_frames", "collisions", "rx_drops"];

/// Drop reasons by their snake_case names.
const DROP_NAMES: [(&str, DropReason); 18] = [
    ("malformed", DropReason::Malformed),
    ("not_for_us", DropReason::NotForUs),
    ("duplicate", DropReason::Duplicate),
    ("unknown_peer", DropReason::UnknownPeer),
    ("port_closed", DropReason::PortClosed),
    ("no_link", DropReason::NoLink),
    ("no_key", DropReason::NoKey),
    ("fragment", DropReason::Fragment),
    ("bad_amsdu", DropReason::BadAmsdu),
    ("not_snap", DropReason::NotSnap),
    ("bad_ethernet", DropReason::BadEthernet),
    ("queue_full", DropReason::QueueFull),
    ("own_frame", DropReason::OwnFrame),
    ("unhandled", DropReason::Unhandled),
    ("replayed", DropReason::Replayed),
    ("decrypt_failed", DropReason::DecryptFailed),
    ("unprotected", DropReason::Unprotected),
    ("key_message_rejected", DropReason::KeyMessageRejected),
];

impl Counter {
    /// The counter called `name`, if there is one.
    pub fn parse(name: &str) -> Option<Counter> {
        if let Some(reason) = name.strip_prefix("drops.") {
            return DROP_NAMES.iter().find(|(n, _)| *n == reason).map(|&(_, r)| Counter::Drops(r));
        }
        if let Some(radio) = name.strip_prefix("radio.") {
            return RADIO_COUNTERS.iter().find(|&&n| n == radio).map(|&n| Counter::Radio(n));
        }
        match name {
            "stations" => Some(Counter::Stations),
            "bss" => Some(Counter::Bss),
            _ => VIF_COUNTERS.iter().find(|&&n| n == name).map(|&n| Counter::Vif(n)),
        }
    }

    /// Reads an interface statistic.
    pub fn vif(s: &VifStats, name: &str) -> u64 {
        match name {
            "rx_packets" => s.rx_packets,
            "rx_bytes" => s.rx_bytes,
            "rx_errors" => s.rx_errors,
            "rx_dropped" => s.rx_dropped,
            "tx_packets" => s.tx_packets,
            "tx_bytes" => s.tx_bytes,
            "tx_errors" => s.tx_errors,
            "tx_dropped" => s.tx_dropped,
            "tx_retries" => s.tx_retries,
            "tx_mgmt" => s.tx_mgmt,
            _ => s.rx_mgmt,
        }
    }

    /// Reads a radio counter.
    pub fn radio(s: &RadioStats, name: &str) -> u64 {
        match name {
            "tx_frames" => s.tx_frames,
            "tx_retries" => s.tx_retries,
            "tx_acked" => s.tx_acked,
            "tx_failed" => s.tx_failed,
            "acks_lost" => s.acks_lost,
            "rx_frames" => s.rx_frames,
            "collisions" => s.collisions(),
            _ => s.drops.total(),
        }
    }

    fn names() -> String {
        let mut all: Vec<String> = VIF_COUNTERS.iter().map(|s| s.to_string()).collect();
        all.extend(["stations".to_owned(), "bss".to_owned()]);
        all.extend(DROP_NAMES.iter().map(|(n, _)| format!("drops.{n}")));
        all.extend(RADIO_COUNTERS.iter().map(|n| format!("radio.{n}")));
        all.join(", ")
    }
}

impl fmt::Display for Counter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Counter::Vif(n) => f.write_str(n),
            Counter::Drops(r) => {
                let name = DROP_NAMES.iter().find(|(_, d)| d == r).map_or("?", |(n, _)| n);
                write!(f, "drops.{name}")
            }
            Counter::Radio(n) => write!(f, "radio.{n}"),
            Counter::Stations => f.write_str("stations"),
            Counter::Bss => f.write_str("bss"),
        }
    }
}

/// Inclusive bounds on a counter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bound {
    /// Lowest value allowed.
    pub min: Option<u64>,
    /// Highest value allowed.
    pub max: Option<u64>,
}

impl Bound {
    /// True when `v` is within the bounds.
    pub fn holds(&self, v: u64) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => write!(f, "== {a}"),
            (Some(a), Some(b)) => write!(f, "in {a}..={b}"),
            (Some(a), None) => write!(f, ">= {a}"),
            (None, Some(b)) => write!(f, "<= {b}"),
            (None, None) => f.write_str("(any)"),
        }
    }
}

/// Checks an `expect = {..}` table about `iface`.
pub(super) fn expectation(
    spec: &At<ExpectSpec>,
    iface: IfaceRef,
    kind: &InterfaceKind,
    src: &Source<'_>,
) -> Result<Expectation, ScenarioError> {
    let e = spec.get_ref();
    let forms = [e.event.is_some(), e.counter.is_some(), e.found.is_some()];
    if forms.iter().filter(|&&f| f).count() != 1 {
        return Err(src.error(spec.span(), "an expectation has exactly one of `event`, `counter` or `found`"));
    }
    let within = e.within.as_ref().map(|w| duration(src, w)).transpose()?.unwrap_or(Duration::ZERO);
    let stray = |present: bool, key: &str, form: &str| {
        if present {
            Err(src.error(spec.span(), format!("`{key}` applies to `{form}` expectations only")))
        } else {
            Ok(())
        }
    };
    let event_keys = [
        (e.since.is_some(), "since"),
        (e.absent.is_some(), "absent"),
        (e.reason.is_some(), "reason"),
        (e.cause.is_some(), "cause"),
    ];
    let counter_keys = [(e.min.is_some(), "min"), (e.max.is_some(), "max"), (e.equals.is_some(), "equals")];
    if let Some(name) = &e.event {
        for (present, key) in counter_keys {
            stray(present, key, "counter")?;
        }
        let Some(&name_str) = EVENTS.iter().find(|&&n| n == name.get_ref()) else {
            return Err(src.error(
                name.span(),
                format!("unknown event {:?}: expected one of {}", name.get_ref(), EVENTS.join(", ")),
            ));
        };
        let cause = match &e.cause {
            None => None,
            Some(c) if name_str != "disconnected" => {
                return Err(src.error(c.span(), "`cause` applies to `disconnected` only"));
            }
            Some(c) => Some(cause(c.get_ref()).ok_or_else(|| {
                src.error(
                    c.span(),
                    "unknown cause: expected deauthenticated, disassociated, beacon-loss or command",
                )
            })?),
        };
        if e.reason.is_some() && !matches!(name_str, "disconnected" | "station-left" | "connect-failed") {
            return Err(src.error(
                name.span(),
                "`reason` applies to `disconnected`, `station-left` and `connect-failed` only",
            ));
        }
        let since = e.since.as_ref().map(|s| duration(src, s)).transpose()?;
        let event = EventMatch { name: name_str, reason: e.reason, cause };
        return Ok(Expectation::Event { iface, event, since, within, absent: e.absent.unwrap_or(false) });
    }
    for (present, key) in event_keys {
        stray(present, key, "event")?;
    }
    if let Some(ssid) = &e.found {
        for (present, key) in counter_keys {
            stray(present, key, "counter")?;
        }
        if !matches!(kind, InterfaceKind::Station) {
            return Err(
                src.error(spec.span(), "`found` looks at scan results: the interface must be a station")
            );
        }
        return Ok(Expectation::Found { iface, ssid: ssid.get_ref().as_bytes().to_vec(), within });
    }
    let name = e.counter.as_ref().expect("one form is present");
    let counter = Counter::parse(name.get_ref()).ok_or_else(|| {
        src.error(
            name.span(),
            format!("unknown counter {:?}: expected one of {}", name.get_ref(), Counter::names()),
        )
    })?;
    let bound = match (e.equals, e.min, e.max) {
        (Some(v), None, None) => Bound { min: Some(v), max: Some(v) },
        (None, None, None) => {
            return Err(src.error(spec.span(), "a counter expectation needs `min`, `max` or `equals`"));
        }
        (None, min, max) => Bound { min, max },
        (Some(_), _, _) => {
            return Err(src.error(spec.span(), "`equals` cannot be combined with `min` or `max`"));
        }
    };
    Ok(Expectation::Counter { iface, counter, bound, within })
}
