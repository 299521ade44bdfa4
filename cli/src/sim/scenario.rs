//! The scenario file as written: TOML tables deserialized with serde, nothing checked yet.
//!
//! Every table rejects keys it does not know (`deny_unknown_fields`), and no table is
//! buffered through an untagged or internally tagged enum, so the toml crate reports every
//! unknown key and wrong type at its own line and column. A step is a table with `at` and
//! exactly one action key (`scan = {..}`, `expect = {..}`...): one optional field per action,
//! which [`super::plan`] checks. Names that refer to radios and interfaces keep their place in
//! the file ([`Spanned`]) so that "unknown interface" errors point at the reference.
//! The reference for users is `docs/scenarios.md`.

use serde::Deserialize;
use toml::Spanned;

/// A name or value with its place in the file.
pub type At<T> = Spanned<T>;

/// The whole file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScenarioFile {
    /// Name, description, seed.
    #[serde(default)]
    pub scenario: Header,
    /// The link model.
    #[serde(default)]
    pub medium: MediumSpec,
    /// The radios and their interfaces.
    #[serde(default)]
    pub radio: Vec<RadioSpec>,
    /// Timed steps, in time order.
    #[serde(default)]
    pub step: Vec<StepSpec>,
}

/// `[scenario]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Header {
    /// Shown in the report.
    pub name: Option<String>,
    /// Free text.
    pub description: Option<String>,
    /// The world's seed (the command line's `--seed` wins).
    pub seed: Option<u64>,
    /// Keep running until this virtual time after the last step.
    pub end: Option<At<String>>,
}

/// `[medium]`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MediumSpec {
    /// `perfect` (default), `path-loss` or `loss-matrix`.
    pub model: Option<At<String>>,
    /// perfect: the signal every frame arrives at, dBm.
    pub signal_dbm: Option<f64>,
    /// path-loss: log-distance exponent (free space when absent).
    pub exponent: Option<f64>,
    /// path-loss: log-normal shadowing sigma, dB.
    pub shadowing_db: Option<f64>,
    /// path-loss: per-frame fading sigma, dB.
    pub fading_db: Option<f64>,
    /// path-loss: noise floor, dBm.
    pub noise_dbm: Option<f64>,
    /// loss-matrix: loss probability of links not listed.
    pub default_loss: Option<f64>,
    /// loss-matrix: listed links.
    #[serde(default)]
    pub loss: Vec<LossSpec>,
}

/// One loss setting between two radios (in `[[medium.loss]]` and in a `loss` step).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LossSpec {
    /// The two radios (or interfaces, standing for their radios).
    pub between: At<Vec<At<String>>>,
    /// Loss probability, 0 to 1.
    pub p: At<f64>,
    /// Both directions (default) or only from the first to the second.
    pub symmetric: Option<bool>,
}

/// `[[radio]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RadioSpec {
    /// Unique name.
    pub name: At<String>,
    /// Position `[x, y, z]` in metres (z may be left out).
    #[serde(default)]
    pub position: Option<At<Vec<f64>>>,
    /// Channels the radio supports (numbers; 1-14 are 2.4 GHz, others 5 GHz); the first is
    /// where it starts. All of 2.4 and 5 GHz when absent.
    pub channels: Option<At<Vec<u8>>>,
    /// Transmit power, dBm (20 by default).
    pub tx_power_dbm: Option<f64>,
    /// Its interfaces.
    #[serde(default)]
    pub interface: Vec<InterfaceSpec>,
}

/// `[[radio.interface]]`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InterfaceSpec {
    /// Unique name (radios and interfaces share one namespace).
    pub name: At<String>,
    /// `ap`, `station` or `monitor`.
    pub kind: At<String>,
    /// AP: the SSID.
    pub ssid: Option<At<String>>,
    /// AP: operating channel; monitor: channel to listen on.
    pub channel: Option<At<u8>>,
    /// AP: hide the SSID.
    pub hidden: Option<bool>,
    /// AP: beacon interval, TU.
    pub beacon_interval: Option<At<u16>>,
    /// AP: DTIM period.
    pub dtim_period: Option<At<u8>>,
    /// AP: most stations at once.
    pub max_stations: Option<At<u16>>,
    /// AP: WPA2-PSK passphrase (8 to 63 printable ASCII characters).
    pub passphrase: Option<At<String>>,
    /// AP: group rekey interval (`"10s"`), WPA2 only.
    pub group_rekey: Option<At<String>>,
    /// An IPv4 address with prefix (`10.0.0.2/24`) for the embedded IP stack.
    pub ip: Option<At<String>>,
}

/// `[[step]]`: a time and one action.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StepSpec {
    /// Virtual time, e.g. `"1.5s"`.
    pub at: At<String>,
    /// Start a scan.
    pub scan: Option<At<ScanSpec>>,
    /// Connect a station.
    pub connect: Option<At<ConnectSpec>>,
    /// Disconnect a station.
    pub disconnect: Option<At<IfaceSpec>>,
    /// Ping between interfaces.
    pub ping: Option<At<PingSpec>>,
    /// Move a radio.
    #[serde(rename = "move")]
    pub move_to: Option<At<MoveSpec>>,
    /// Set the loss between two radios.
    pub loss: Option<At<LossSpec>>,
    /// Split the radios into groups.
    pub partition: Option<At<PartitionSpec>>,
    /// Remove the partition.
    pub heal: Option<At<HealSpec>>,
    /// Power a radio off or on.
    pub power: Option<At<PowerSpec>>,
    /// Check an event, a counter or a scan result.
    pub expect: Option<At<ExpectSpec>>,
}

/// `scan = { iface, ssids, freqs, passive, dwell }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ScanSpec {
    /// The station interface.
    pub iface: At<String>,
    /// SSIDs to probe for (`""` is the wildcard; the default is one wildcard).
    pub ssids: Option<Vec<String>>,
    /// Frequencies (MHz) to visit; every supported channel when absent.
    pub freqs: Option<At<Vec<u16>>>,
    /// Listen only, send no probes.
    pub passive: Option<bool>,
    /// Time per channel.
    pub dwell: Option<At<String>>,
}

/// `connect = { iface, ssid, passphrase, bssid, freq, wait }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ConnectSpec {
    /// The station interface.
    pub iface: At<String>,
    /// Network name.
    pub ssid: At<String>,
    /// WPA2-PSK passphrase.
    pub passphrase: Option<At<String>>,
    /// Only this BSS.
    pub bssid: Option<At<String>>,
    /// Only this frequency, MHz.
    pub freq: Option<At<u16>>,
    /// Keep trying like wpa_supplicant and expect the link up within this time.
    pub wait: Option<At<String>>,
}

/// `disconnect = { iface }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IfaceSpec {
    /// The interface.
    pub iface: At<String>,
}

/// `ping = { from, to, count, interval, size, timeout, max_loss }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PingSpec {
    /// Interface with an `ip`.
    pub from: At<String>,
    /// Interface with an `ip`, or an IPv4 address.
    pub to: At<String>,
    /// Requests (default 10).
    pub count: Option<u16>,
    /// Between requests (default 100 ms).
    pub interval: Option<At<String>>,
    /// Echo data octets (default 56).
    pub size: Option<At<u16>>,
    /// Wait after the last request (default 1 s).
    pub timeout: Option<At<String>>,
    /// Expect at most this loss, percent.
    pub max_loss: Option<At<f64>>,
}

/// `move = { node, to }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoveSpec {
    /// Radio (or one of its interfaces).
    pub node: At<String>,
    /// New position, metres.
    pub to: At<Vec<f64>>,
}

/// `partition = { groups }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartitionSpec {
    /// Groups of radios that hear each other; radios in none form one more group.
    pub groups: Vec<Vec<At<String>>>,
}

/// `heal = {}`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HealSpec {}

/// `power = { node, on }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PowerSpec {
    /// Radio (or one of its interfaces).
    pub node: At<String>,
    /// Powered.
    pub on: bool,
}

/// `expect = { iface, event | counter | found, ... }`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectSpec {
    /// The interface the expectation is about.
    pub iface: At<String>,
    /// An event name (`connected`, `disconnected`, `beacon-loss`...).
    pub event: Option<At<String>>,
    /// A counter name (`tx_retries`, `stations`, `drops.duplicate`, `radio.collisions`...).
    pub counter: Option<At<String>>,
    /// An SSID the interface's scan results must list.
    pub found: Option<At<String>>,
    /// Wait up to this long for it to hold (default: check now).
    pub within: Option<At<String>>,
    /// Events from this virtual time count (default: the step's time).
    pub since: Option<At<String>>,
    /// The event must not happen.
    pub absent: Option<bool>,
    /// `disconnected` / `station-left`: this reason code.
    pub reason: Option<u16>,
    /// `disconnected`: `deauthenticated`, `disassociated`, `beacon-loss` or `command`.
    pub cause: Option<At<String>>,
    /// Counter at least this.
    pub min: Option<u64>,
    /// Counter at most this.
    pub max: Option<u64>,
    /// Counter exactly this.
    pub equals: Option<u64>,
}
