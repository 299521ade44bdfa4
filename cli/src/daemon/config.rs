//! The daemon's topology file: radios, their interfaces, and where each interface lives.
//!
//! ```toml
//! [daemon]
//! socket = "/run/softmac/nl80211.sock"   # optional; see `daemon::server::default_socket_path`
//! group = "netdev"                       # optional; socket mode 0660 for this group, else 0600
//!
//! [medium]
//! seed = 1                               # optional; same seed, same random draws
//! model = "path-loss"                    # "path-loss" (default) or "perfect"
//! speed = 1                              # optional (1 to 100); medium and MACs run N times real time
//!
//! [[radio]]
//! name = "phy0"                          # optional; phyN otherwise
//! position = [0.0, 0.0, 0.0]             # metres
//! backend = "hwsim"                      # or "mt7601u" (with usb = "emulated")
//! channel = 6                            # or freq = 2437
//!
//! [[radio.interface]]
//! name = "ap0"
//! type = "ap"                            # "station", "ap" or "monitor"
//! ssid = "softmac"                       # AP: started at once; station: connected at once
//! netns = "ap"                           # optional; the TAP moves there (created if missing)
//! addresses = ["10.0.0.1/24"]            # optional; assigned to the TAP once it exists
//! passphrase = "correct horse"           # optional; WPA2-PSK (AP and station), 8-63 chars
//! # psk = "<64 hex digits>"              # or the raw PSK instead of a passphrase
//! group_rekey = 3600                     # optional (AP, seconds; 0: never; default a day)
//! ```
//!
//! Like `iw`/hostapd configuration, names are what users type later (`softmac dev ap0 ...`),
//! so every name must be unique and is checked here, before anything is created: a topology
//! either loads completely or not at all. Unknown keys are errors (with line and column), so
//! a misspelt `posiiton` does not silently put a radio at the origin.

use super::backend::{NewInterface, NewRadio, RadioBackend};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::security::DEFAULT_GROUP_REKEY;
use mac80211_core::mac::{ApConfig, ApSecurity, ConnectRequest, Credentials, VifKind};
use mac80211_core::time::Duration;
use serde::Deserialize;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::path::PathBuf;

/// A topology file could not be used.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// TOML syntax or an unknown/mistyped key (the message has line and column).
    #[error("{0}")]
    Syntax(#[from] toml::de::Error),
    /// The file parsed but says something impossible.
    #[error("{0}")]
    Invalid(String),
}

/// Fastest medium clock accepted. Beyond it the runners' scheduling latency (tens of
/// microseconds of wall time) becomes tens of milliseconds of virtual time, longer than the
/// protocol's own timeouts, and stations stop connecting.
pub const MAX_SPEED: u32 = 100;

/// A validated topology, ready for the backend.
#[derive(Clone, Debug, PartialEq)]
pub struct Topology {
    /// Socket path, when the file sets one.
    pub socket: Option<PathBuf>,
    /// Group allowed to use the socket.
    pub group: Option<String>,
    /// Seed of the medium's random draws.
    pub seed: u64,
    /// Link model of the medium.
    pub model: LinkModelKind,
    /// How many times faster than real time the medium and the MACs run (1 to [`MAX_SPEED`]).
    pub speed: u32,
    /// Radios, in file order.
    pub radios: Vec<RadioPlan>,
}

/// Which link model the simulated medium uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize, Default)]
#[serde(rename_all = "kebab-case")]
pub enum LinkModelKind {
    /// Log-distance path loss from the radios' positions (wmediumd's path-loss model).
    #[default]
    PathLoss,
    /// Every frame arrives (mac80211_hwsim without wmediumd).
    Perfect,
}

/// One radio and its interfaces.
#[derive(Clone, Debug, PartialEq)]
pub struct RadioPlan {
    /// The radio to create.
    pub radio: NewRadio,
    /// Its interfaces, in file order.
    pub interfaces: Vec<InterfacePlan>,
}

/// One interface and what to do with it once created.
#[derive(Clone, Debug, PartialEq)]
pub struct InterfacePlan {
    /// Interface to create (`wiphy` is filled in when the radio exists).
    pub interface: NewInterface,
    /// IPv4 addresses with prefix length for the TAP.
    pub addresses: Vec<(Ipv4Addr, u8)>,
    /// What the interface starts doing.
    pub start: StartAction,
}

/// What an interface does as soon as it exists.
#[derive(Clone, Debug, PartialEq)]
pub enum StartAction {
    /// Nothing (monitor, or a station left for the CLI to connect).
    Idle,
    /// Start this AP.
    StartAp(ApConfig),
    /// Connect this station.
    Connect(ConnectRequest),
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    daemon: DaemonSection,
    #[serde(default)]
    medium: MediumSection,
    #[serde(default)]
    radio: Vec<RadioSection>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct DaemonSection {
    socket: Option<PathBuf>,
    group: Option<String>,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct MediumSection {
    seed: Option<u64>,
    #[serde(default)]
    model: LinkModelKind,
    speed: Option<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RadioSection {
    name: Option<String>,
    #[serde(default)]
    position: [f64; 3],
    channel: Option<u8>,
    freq: Option<u16>,
    backend: Option<String>,
    usb: Option<String>,
    firmware: Option<PathBuf>,
    #[serde(default)]
    interface: Vec<InterfaceSection>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct InterfaceSection {
    name: String,
    #[serde(rename = "type")]
    kind: KindName,
    ssid: Option<String>,
    netns: Option<String>,
    #[serde(default)]
    addresses: Vec<String>,
    passphrase: Option<String>,
    psk: Option<String>,
    group_rekey: Option<u64>,
}

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "lowercase")]
enum KindName {
    Station,
    Managed,
    Ap,
    Monitor,
}

impl From<KindName> for VifKind {
    fn from(k: KindName) -> VifKind {
        match k {
            KindName::Station | KindName::Managed => VifKind::Station,
            KindName::Ap => VifKind::Ap,
            KindName::Monitor => VifKind::Monitor,
        }
    }
}

/// Reads and validates a topology file's text.
pub fn parse(text: &str) -> Result<Topology, ConfigError> {
    let file: File = toml::from_str(text)?;
    let mut names = BTreeSet::new();
    let mut radios = Vec::with_capacity(file.radio.len());
    for (index, section) in file.radio.into_iter().enumerate() {
        radios.push(radio_plan(index, section, &mut names)?);
    }
    let speed = file.medium.speed.unwrap_or(1);
    if !(1..=MAX_SPEED).contains(&speed) {
        return Err(invalid(format!("medium speed must be 1 to {MAX_SPEED}, not {speed}")));
    }
    Ok(Topology {
        speed,
        socket: file.daemon.socket,
        group: file.daemon.group,
        seed: file.medium.seed.unwrap_or(1),
        model: file.medium.model,
        radios,
    })
}

fn radio_plan(index: usize, s: RadioSection, names: &mut BTreeSet<String>) -> Result<RadioPlan, ConfigError> {
    let label = s.name.clone().unwrap_or_else(|| format!("radio #{}", index + 1));
    if let Some(name) = &s.name {
        claim_name(names, name)?;
    }
    if s.position.iter().any(|c| !c.is_finite()) {
        return Err(invalid(format!("{label}: position must be finite numbers")));
    }
    let channel = radio_channel(&label, s.channel, s.freq)?;
    let backend = radio_backend(&label, &s)?;
    if matches!(backend, RadioBackend::Mt7601uEmulated { .. })
        && channel.is_some_and(|c| c.band() != Some(Band::Ghz2_4))
    {
        return Err(invalid(format!("{label}: the MT7601U is 2.4 GHz only")));
    }
    let mut interfaces = Vec::with_capacity(s.interface.len());
    for i in s.interface {
        interfaces.push(interface_plan(&label, channel, i, names)?);
    }
    let radio = NewRadio { name: s.name, addr: None, channel, position: Some(s.position), backend };
    Ok(RadioPlan { radio, interfaces })
}

/// `backend` / `usb` / `firmware` of a radio section.
fn radio_backend(label: &str, s: &RadioSection) -> Result<RadioBackend, ConfigError> {
    match (s.backend.as_deref().unwrap_or("hwsim"), s.usb.as_deref()) {
        ("hwsim", None) if s.firmware.is_none() => Ok(RadioBackend::Hwsim),
        ("hwsim", _) => Err(invalid(format!("{label}: usb and firmware apply to backend = \"mt7601u\""))),
        ("mt7601u", Some("emulated")) => Ok(RadioBackend::Mt7601uEmulated { firmware: s.firmware.clone() }),
        ("mt7601u", Some(other)) => {
            let parsed =
                other.split_once(':').and_then(|(b, a)| Some((b.parse::<u8>().ok()?, a.parse::<u8>().ok()?)));
            let (bus, address) = parsed.ok_or_else(|| {
                invalid(format!(
                    "{label}: usb = {other:?}: \"emulated\" or \"BUS:ADDRESS\" (see `softmac usb list`)"
                ))
            })?;
            Ok(RadioBackend::Mt7601uUsb { bus, address, firmware: s.firmware.clone() })
        }
        ("mt7601u", None) => Err(invalid(format!("{label}: backend = \"mt7601u\" needs usb = \"emulated\""))),
        (other, _) => Err(invalid(format!("{label}: unknown backend {other:?} (\"hwsim\" or \"mt7601u\")"))),
    }
}

fn radio_channel(label: &str, number: Option<u8>, freq: Option<u16>) -> Result<Option<Channel>, ConfigError> {
    match (number, freq) {
        (Some(_), Some(_)) => Err(invalid(format!("{label}: give either channel or freq, not both"))),
        (Some(n), None) => channel_from_number(n)
            .map(Some)
            .ok_or_else(|| invalid(format!("{label}: no 2.4 or 5 GHz channel numbered {n}"))),
        (None, Some(f)) => match Channel::from_freq(f).band() {
            Some(_) => Ok(Some(Channel::from_freq(f))),
            None => Err(invalid(format!("{label}: {f} MHz is not a Wi-Fi channel frequency"))),
        },
        (None, None) => Ok(None),
    }
}

/// Channel numbers 1-14 are 2.4 GHz, the rest 5 GHz, as `iw`'s `channel` argument reads them.
pub fn channel_from_number(n: u8) -> Option<Channel> {
    let band = if n <= 14 { Band::Ghz2_4 } else { Band::Ghz5 };
    Channel::from_number(band, n)
}

fn interface_plan(
    radio: &str,
    channel: Option<Channel>,
    s: InterfaceSection,
    names: &mut BTreeSet<String>,
) -> Result<InterfacePlan, ConfigError> {
    validate_ifname(&s.name).map_err(|why| invalid(format!("{radio}: interface {:?}: {why}", s.name)))?;
    claim_name(names, &s.name)?;
    if let Some(ns) = &s.netns {
        validate_netns(ns).map_err(|why| invalid(format!("{}: netns {ns:?}: {why}", s.name)))?;
    }
    let addresses = s
        .addresses
        .iter()
        .map(|a| parse_cidr(a).map_err(|why| invalid(format!("{}: address {a:?}: {why}", s.name))))
        .collect::<Result<Vec<_>, _>>()?;
    let kind = VifKind::from(s.kind);
    let credentials = interface_credentials(&s)?;
    let mut start = start_action(&s.name, kind, s.ssid.as_deref(), channel)?;
    match (&mut start, credentials) {
        (StartAction::StartAp(config), Some(credentials)) => {
            let group_rekey = match s.group_rekey {
                None => Some(DEFAULT_GROUP_REKEY),
                Some(0) => None,
                Some(secs) => Some(Duration::from_secs(secs)),
            };
            config.security = Some(ApSecurity { credentials, group_rekey });
        }
        (StartAction::Connect(req), Some(credentials)) => req.credentials = Some(credentials),
        (_, Some(_)) => {
            return Err(invalid(format!("{}: a passphrase needs an AP or a station with an ssid", s.name)));
        }
        (_, None) => {}
    }
    if s.group_rekey.is_some() && !matches!(&start, StartAction::StartAp(c) if c.security.is_some()) {
        return Err(invalid(format!("{}: group_rekey needs a protected AP", s.name)));
    }
    let interface = NewInterface { wiphy: 0, name: s.name, kind, addr: None, netns: s.netns };
    Ok(InterfacePlan { interface, addresses, start })
}

/// The WPA2 secret of an interface section: a passphrase or a raw PSK, not both.
fn interface_credentials(s: &InterfaceSection) -> Result<Option<Credentials>, ConfigError> {
    match (&s.passphrase, &s.psk) {
        (Some(_), Some(_)) => Err(invalid(format!("{}: give either passphrase or psk, not both", s.name))),
        (Some(p), None) => {
            let c = Credentials::Passphrase(p.clone());
            c.validate().map_err(|e| invalid(format!("{}: {e}", s.name)))?;
            Ok(Some(c))
        }
        (None, Some(hex)) => {
            let key =
                super::security::parse_psk(hex).map_err(|e| invalid(format!("{}: psk: {e}", s.name)))?;
            Ok(Some(Credentials::Psk(key)))
        }
        (None, None) => Ok(None),
    }
}

fn start_action(
    name: &str,
    kind: VifKind,
    ssid: Option<&str>,
    channel: Option<Channel>,
) -> Result<StartAction, ConfigError> {
    let Some(ssid) = ssid else {
        return match kind {
            VifKind::Ap => Err(invalid(format!("{name}: an AP needs an ssid"))),
            _ => Ok(StartAction::Idle),
        };
    };
    if ssid.is_empty() || ssid.len() > 32 {
        return Err(invalid(format!("{name}: ssid must be 1 to 32 bytes")));
    }
    match kind {
        VifKind::Ap => {
            let channel = channel.ok_or_else(|| invalid(format!("{name}: an AP's radio needs a channel")))?;
            Ok(StartAction::StartAp(ApConfig::new(ssid.as_bytes(), channel)))
        }
        VifKind::Station => Ok(StartAction::Connect(ConnectRequest {
            ssid: ssid.as_bytes().to_vec(),
            bssid: None,
            channel: None,
            credentials: None,
        })),
        VifKind::Monitor => Err(invalid(format!("{name}: a monitor has no ssid"))),
    }
}

fn claim_name(names: &mut BTreeSet<String>, name: &str) -> Result<(), ConfigError> {
    if names.insert(name.to_owned()) { Ok(()) } else { Err(invalid(format!("name {name:?} is used twice"))) }
}

/// Linux interface names: 1 to 15 bytes (IFNAMSIZ - 1), no '/', ':' or whitespace.
pub fn validate_ifname(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > 15 {
        return Err("must be 1 to 15 characters (IFNAMSIZ)");
    }
    if name == "." || name == ".." || name.chars().any(|c| c == '/' || c == ':' || c.is_whitespace()) {
        return Err("must not contain '/', ':' or spaces");
    }
    Ok(())
}

/// Namespace names become files under /run/netns, so they follow file-name rules.
pub fn validate_netns(name: &str) -> Result<(), &'static str> {
    if name.is_empty() || name.len() > 64 {
        return Err("must be 1 to 64 characters");
    }
    if name == "." || name == ".." || name.contains('/') || name.chars().any(char::is_whitespace) {
        return Err("must not contain '/' or spaces");
    }
    Ok(())
}

/// Parses `10.0.0.1/24` (a bare address means /32).
pub fn parse_cidr(text: &str) -> Result<(Ipv4Addr, u8), &'static str> {
    let (addr, prefix) = match text.split_once('/') {
        Some((a, p)) => (a, p.parse::<u8>().map_err(|_| "prefix length must be a number")?),
        None => (text, 32),
    };
    if prefix > 32 {
        return Err("prefix length must be 0 to 32");
    }
    let addr = addr.parse::<Ipv4Addr>().map_err(|_| "not an IPv4 address")?;
    Ok((addr, prefix))
}

fn invalid(message: String) -> ConfigError {
    ConfigError::Invalid(message)
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn wpa2_settings_of_aps_and_stations() {
        let text = r#"
            [[radio]]
            channel = 6
            [[radio.interface]]
            name = "ap0"
            type = "ap"
            ssid = "secure"
            passphrase = "correct horse"
            group_rekey = 600
            [[radio]]
            [[radio.interface]]
            name = "sta0"
            type = "station"
            ssid = "secure"
            psk = "0dc0d6eb90555ed6419756b9a15ec3e3209b63df707dd508d14581f8982721af"
        "#;
        let t = parse(text).unwrap();
        let StartAction::StartAp(ap) = &t.radios[0].interfaces[0].start else { panic!() };
        let security = ap.security.as_ref().unwrap();
        assert_eq!(security.credentials, Credentials::Passphrase("correct horse".into()));
        assert_eq!(security.group_rekey, Some(Duration::from_secs(600)));
        let StartAction::Connect(req) = &t.radios[1].interfaces[0].start else { panic!() };
        assert!(matches!(&req.credentials, Some(Credentials::Psk(k)) if k.expose()[0] == 0x0d));
        let refused = [
            ("passphrase = \"short\"", "8 to 63"),
            ("psk = \"abcd\"", "64 hex digits"),
            ("passphrase = \"long enough\"\npsk = \"00\"", "not both"),
        ];
        for (extra, why) in refused {
            let text = format!(
                "[[radio]]\n[[radio.interface]]\nname = \"s\"\ntype = \"station\"\nssid = \"x\"\n{extra}\n"
            );
            let e = parse(&text).unwrap_err().to_string();
            assert!(e.contains(why), "{extra}: {e}");
        }
        let open_rekey = "[[radio]]\nchannel = 1\n[[radio.interface]]\nname = \"a\"\ntype = \"ap\"\nssid = \"x\"\ngroup_rekey = 5\n";
        assert!(parse(open_rekey).unwrap_err().to_string().contains("protected AP"));
    }

    const THREE_NAMESPACES: &str = r#"
        [medium]
        seed = 7

        [[radio]]
        name = "phy0"
        position = [0.0, 0.0, 0.0]
        channel = 6
        [[radio.interface]]
        name = "ap0"
        type = "ap"
        ssid = "softmac"
        netns = "sm-ap"
        addresses = ["10.0.0.1/24"]

        [[radio]]
        position = [5.0, 0.0, 0.0]
        [[radio.interface]]
        name = "sta0"
        type = "managed"
        ssid = "softmac"
        netns = "sm-sta0"
        addresses = ["10.0.0.2/24"]
    "#;

    #[test]
    fn reads_radios_interfaces_and_start_actions() {
        let t = parse(THREE_NAMESPACES).unwrap();
        assert_eq!(t.seed, 7);
        assert_eq!(t.model, LinkModelKind::PathLoss);
        assert_eq!(t.radios.len(), 2);
        let ap = &t.radios[0];
        assert_eq!(ap.radio.name.as_deref(), Some("phy0"));
        assert_eq!(ap.radio.channel, Some(Channel::from_freq(2437)));
        let ap0 = &ap.interfaces[0];
        assert_eq!(ap0.interface.kind, VifKind::Ap);
        assert_eq!(ap0.interface.netns.as_deref(), Some("sm-ap"));
        assert_eq!(ap0.addresses, vec![(Ipv4Addr::new(10, 0, 0, 1), 24)]);
        assert_eq!(ap0.start, StartAction::StartAp(ApConfig::new(b"softmac", Channel::from_freq(2437))));
        let sta0 = &t.radios[1].interfaces[0];
        assert_eq!(sta0.interface.kind, VifKind::Station);
        assert!(matches!(&sta0.start, StartAction::Connect(c) if c.ssid == b"softmac"));
        assert_eq!(t.radios[1].radio.position, Some([5.0, 0.0, 0.0]));
    }

    #[test]
    fn unknown_keys_are_reported_with_their_line() {
        let err = parse("[[radio]]\nposiiton = [1.0, 0.0, 0.0]\n").unwrap_err().to_string();
        assert!(err.contains("posiiton"), "{err}");
        assert!(err.contains("line 2"), "{err}");
    }

    #[test]
    fn impossible_topologies_are_refused_before_anything_is_created() {
        let cases = [
            ("[[radio]]\nchannel = 6\n[[radio.interface]]\nname = \"a\"\ntype = \"ap\"\n", "needs an ssid"),
            (
                "[[radio]]\n[[radio.interface]]\nname = \"a\"\ntype = \"ap\"\nssid = \"x\"\n",
                "needs a channel",
            ),
            ("[[radio]]\nchannel = 15\n", "no 2.4 or 5 GHz channel"),
            ("[medium]\nspeed = 0\n", "speed must be 1 to 100"),
            ("[medium]\nspeed = 1000\n", "speed must be 1 to 100"),
            ("[[radio]]\nchannel = 1\nfreq = 2412\n", "either channel or freq"),
            ("[[radio]]\nfreq = 1000\n", "not a Wi-Fi channel"),
            ("[[radio]]\nname = \"x\"\n[[radio]]\nname = \"x\"\n", "used twice"),
            (
                "[[radio]]\n[[radio.interface]]\nname = \"averyveryverylongname\"\ntype = \"station\"\n",
                "IFNAMSIZ",
            ),
            (
                "[[radio]]\n[[radio.interface]]\nname = \"s\"\ntype = \"station\"\naddresses = [\"10.0.0.1/33\"]\n",
                "prefix length",
            ),
            ("[[radio]]\n[[radio.interface]]\nname = \"s\"\ntype = \"station\"\nnetns = \"a/b\"\n", "netns"),
            ("[[radio]]\n[[radio.interface]]\nname = \"m\"\ntype = \"monitor\"\nssid = \"x\"\n", "no ssid"),
        ];
        for (text, expected) in cases {
            let err = parse(text).unwrap_err().to_string();
            assert!(err.contains(expected), "{text:?}: {err}");
        }
    }

    #[test]
    fn cidr_forms() {
        assert_eq!(parse_cidr("10.1.2.3"), Ok((Ipv4Addr::new(10, 1, 2, 3), 32)));
        assert_eq!(parse_cidr("10.1.2.3/8"), Ok((Ipv4Addr::new(10, 1, 2, 3), 8)));
        assert!(parse_cidr("10.1.2/8").is_err());
        assert!(parse_cidr("10.1.2.3/x").is_err());
    }

    #[test]
    fn channel_numbers_pick_the_band_like_iw() {
        assert_eq!(channel_from_number(1), Some(Channel::from_freq(2412)));
        assert_eq!(channel_from_number(14), Some(Channel::from_freq(2484)));
        assert_eq!(channel_from_number(36), Some(Channel::from_freq(5180)));
        assert_eq!(channel_from_number(200), None);
    }
}
