//! The command tree: clap for the top level, iw's positional grammar below it.
//!
//! `iw` commands put the object before the verb (`dev wlan0 scan freq 2412 ssid x`), which
//! clap's subcommands cannot express, so `phy` and `dev` take their words as a list and
//! [`parse_phy`] / [`parse_dev`] read them with iw's rules: keywords introduce lists
//! (`freq F...`, `ssid S...`, where `ssid` takes the rest of the line as iw does), numbers
//! and MAC addresses are checked here, and every mistake is a [`UsageError`] that names the
//! word at fault (exit status 2, like clap's own errors). Nothing here panics on input.

use crate::daemon::config::{channel_from_number, validate_ifname, validate_netns};
use crate::daemon::security::parse_psk;
use mac80211_core::crypto::{Key, psk};
use mac80211_core::wire::MacAddr;
use std::path::PathBuf;

/// Options every client command accepts (before the command, or anywhere after it).
#[derive(clap::Args, Clone, Debug, Default, PartialEq)]
pub struct GlobalArgs {
    /// Print JSON instead of iw-style text (keys: docs/cli.md).
    #[arg(long)]
    pub json: bool,
    /// The daemon's socket (default: $SOFTMAC_SOCKET, else $XDG_RUNTIME_DIR/softmac/nl80211.sock,
    /// else /run/softmac/nl80211.sock).
    #[arg(long, value_name = "PATH")]
    pub socket: Option<PathBuf>,
    /// Send the same nl80211 messages to the running kernel over AF_NETLINK.
    #[arg(long)]
    pub kernel: bool,
}

/// The client's subcommands (flattened into the `softmac` command).
#[derive(clap::Subcommand, Clone, Debug, PartialEq)]
pub enum Command {
    /// List radios, their bands, channels and interface modes (iw list).
    List {
        /// Common options.
        #[command(flatten)]
        opts: GlobalArgs,
    },
    /// Radios: `phy`, `phy PHY info`, `phy PHY interface add NAME type T [netns NS]`,
    /// `phy PHY set freq F|channel N` (iw phy).
    #[command(after_help = PHY_HELP)]
    Phy {
        /// The words of the command, iw syntax.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Interfaces: `dev`, `dev IF info|scan|connect|disconnect|link|station|del|set|ap ...` (iw dev).
    #[command(after_help = DEV_HELP)]
    Dev {
        /// The words of the command, iw syntax.
        #[arg(trailing_var_arg = true, allow_hyphen_values = true, value_name = "WORDS")]
        words: Vec<String>,
    },
    /// Print nl80211 events as they happen (iw event).
    Event {
        /// Print a timestamp before each event.
        #[arg(short = 't')]
        timestamps: bool,
        /// Print full frames (accepted for iw compatibility; events carry no frames here).
        #[arg(short = 'f')]
        frames: bool,
        /// Common options.
        #[command(flatten)]
        opts: GlobalArgs,
    },
    /// Simulated radios (the MAC80211_HWSIM family).
    Hwsim {
        /// What to do.
        #[command(subcommand)]
        command: HwsimCommand,
    },
}

/// `hwsim ...`.
#[derive(clap::Subcommand, Clone, Debug, PartialEq)]
pub enum HwsimCommand {
    /// Simulated radios.
    Radio {
        /// What to do.
        #[command(subcommand)]
        command: RadioCommand,
    },
}

/// `hwsim radio ...`.
#[derive(clap::Subcommand, Clone, Debug, PartialEq)]
pub enum RadioCommand {
    /// Create a radio.
    Add {
        /// Its name (phyN when omitted).
        #[arg(long)]
        name: Option<String>,
        /// Its initial channel number (1-14: 2.4 GHz, else 5 GHz).
        #[arg(long, value_parser = parse_channel_arg)]
        channel: Option<u8>,
        /// Its position on the medium, metres: x,y,z.
        #[arg(long, value_parser = parse_position, allow_hyphen_values = true)]
        position: Option<[f64; 3]>,
        /// Common options.
        #[command(flatten)]
        opts: GlobalArgs,
    },
    /// Remove a radio by id or name.
    Del {
        /// Radio id (a number) or name.
        radio: String,
        /// Common options.
        #[command(flatten)]
        opts: GlobalArgs,
    },
    /// List radios.
    List {
        /// Common options.
        #[command(flatten)]
        opts: GlobalArgs,
    },
}

const PHY_HELP: &str = "\
Commands (iw syntax):
  phy                                              list every radio (iw phy)
  phy PHY info                                     one radio
  phy PHY interface add NAME type managed|station|ap|monitor [netns NS]
  phy PHY set freq MHZ [NOHT|HT20]                 tune the radio
  phy PHY set channel N
PHY is a name (phy0) or #N / phy#N (wiphy index).";

const DEV_HELP: &str = "\
Commands (iw syntax):
  dev                                              list interfaces (iw dev)
  dev IF info
  dev IF scan [trigger|dump] [passive] [freq MHZ...] [ssid SSID...]
  dev IF connect [-w|--no-wait] SSID [MHZ] [BSSID] [key PASSPHRASE | psk HEX64]
  dev IF disconnect
  dev IF link
  dev IF station dump
  dev IF station get MAC
  dev IF del
  dev IF set type managed|station|ap|monitor
  dev IF set freq MHZ [NOHT|HT20] | set channel N
  dev IF ap start SSID MHZ [hidden] [beacon-interval TU] [dtim-period N]
                  [passphrase P | psk HEX64] [rekey SECONDS]      WPA2-PSK (CCMP)
  dev IF ap stop
--json may appear anywhere.";

/// A command line the iw grammar does not accept.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

fn usage<T>(msg: impl Into<String>) -> Result<T, UsageError> {
    Err(UsageError(msg.into()))
}

/// How a radio is named on the command line.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum PhyRef {
    /// By name (`phy0`).
    Name(String),
    /// By wiphy index (`#0`, `phy#0`).
    Index(u32),
}

/// Interface types the CLI can create or switch to (`enum nl80211_iftype`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum IfType {
    /// NL80211_IFTYPE_STATION (2): `managed` or `station`.
    Station,
    /// NL80211_IFTYPE_AP (3).
    Ap,
    /// NL80211_IFTYPE_MONITOR (6).
    Monitor,
}

impl IfType {
    /// The nl80211 number.
    pub fn number(self) -> u32 {
        match self {
            IfType::Station => 2,
            IfType::Ap => 3,
            IfType::Monitor => 6,
        }
    }
}

/// Which part of a scan to do.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ScanMode {
    /// Trigger, wait for the results, dump them (`scan`).
    Full,
    /// Only trigger (`scan trigger`).
    Trigger,
    /// Only dump what is known (`scan dump`).
    Dump,
}

/// What a command line asks for, checked.
#[derive(Clone, PartialEq, Debug)]
pub enum Action {
    /// `list`, `phy`, `phy PHY info`.
    ListPhys(Option<PhyRef>),
    /// `phy PHY interface add`.
    InterfaceAdd {
        /// The radio.
        phy: PhyRef,
        /// New interface name.
        name: String,
        /// Its type.
        kind: IfType,
        /// Network namespace for its host side.
        netns: Option<String>,
    },
    /// `phy PHY set freq` / `channel`.
    PhySetFreq(PhyRef, u32),
    /// `dev`.
    ListDevs,
    /// `dev IF info`.
    DevInfo(String),
    /// `dev IF scan ...`.
    Scan {
        /// Interface.
        dev: String,
        /// What to do.
        mode: ScanMode,
        /// Frequencies to scan (all when empty).
        freqs: Vec<u32>,
        /// SSIDs to probe for.
        ssids: Vec<Vec<u8>>,
        /// Send no probe requests.
        passive: bool,
    },
    /// `dev IF connect`.
    Connect {
        /// Interface.
        dev: String,
        /// Network name.
        ssid: Vec<u8>,
        /// Restrict to this frequency.
        freq: Option<u32>,
        /// Restrict to this BSS.
        bssid: Option<MacAddr>,
        /// Wait for the CONNECT event.
        wait: bool,
        /// WPA2-PSK: the PMK derived from the passphrase and SSID, or the raw PSK.
        pmk: Option<Key<32>>,
    },
    /// `dev IF disconnect`.
    Disconnect(String),
    /// `dev IF link`.
    Link(String),
    /// `dev IF station dump` (None) / `station get MAC`.
    Stations(String, Option<MacAddr>),
    /// `dev IF del`.
    DevDel(String),
    /// `dev IF set type`.
    SetType(String, IfType),
    /// `dev IF set freq` / `channel`.
    DevSetFreq(String, u32),
    /// `dev IF ap start`.
    ApStart {
        /// Interface.
        dev: String,
        /// Network name.
        ssid: Vec<u8>,
        /// Channel frequency.
        freq: u32,
        /// Hide the SSID in beacons.
        hidden: bool,
        /// Beacon interval, TU.
        beacon_interval: Option<u32>,
        /// DTIM period, beacons.
        dtim_period: Option<u32>,
        /// WPA2-PSK: the PMK derived from the passphrase and SSID, or the raw PSK.
        pmk: Option<Key<32>>,
        /// Group rekey interval, seconds (0: never).
        rekey: Option<u32>,
    },
    /// `dev IF ap stop`.
    ApStop(String),
    /// `event`.
    Event {
        /// `-t`.
        timestamps: bool,
    },
    /// `hwsim radio add`.
    RadioAdd {
        /// Name.
        name: Option<String>,
        /// Initial frequency.
        freq: Option<u32>,
        /// Position, metres.
        position: Option<[f64; 3]>,
    },
    /// `hwsim radio del`.
    RadioDel(PhyRef),
    /// `hwsim radio list`.
    RadioList,
}

/// Reads a command into an action plus the effective global options.
pub fn action(root: &GlobalArgs, command: &Command) -> Result<(Action, GlobalArgs), UsageError> {
    let merge = |o: &GlobalArgs| GlobalArgs {
        json: root.json || o.json,
        socket: o.socket.clone().or_else(|| root.socket.clone()),
        kernel: root.kernel || o.kernel,
    };
    Ok(match command {
        Command::List { opts } => (Action::ListPhys(None), merge(opts)),
        Command::Phy { words } => {
            let (words, opts) = strip_global(words)?;
            (parse_phy(&words)?, merge(&opts))
        }
        Command::Dev { words } => {
            let (words, opts) = strip_global(words)?;
            (parse_dev(&words)?, merge(&opts))
        }
        Command::Event { timestamps, opts, .. } => (Action::Event { timestamps: *timestamps }, merge(opts)),
        Command::Hwsim { command: HwsimCommand::Radio { command } } => match command {
            RadioCommand::Add { name, channel, position, opts } => {
                if let Some(n) = name {
                    validate_ifname(n).or_else(|e| usage(format!("radio name {n:?}: {e}")))?;
                }
                let freq = channel.and_then(channel_from_number).map(|c| u32::from(c.freq));
                (Action::RadioAdd { name: name.clone(), freq, position: *position }, merge(opts))
            }
            RadioCommand::Del { radio, opts } => {
                let r = match radio.parse::<u32>() {
                    Ok(id) => PhyRef::Index(id),
                    Err(_) => phy_ref(radio)?,
                };
                (Action::RadioDel(r), merge(opts))
            }
            RadioCommand::List { opts } => (Action::RadioList, merge(opts)),
        },
    })
}

/// Pulls `--json`, `--kernel` and `--socket PATH` out of a word list.
fn strip_global(words: &[String]) -> Result<(Vec<String>, GlobalArgs), UsageError> {
    let mut opts = GlobalArgs::default();
    let mut rest = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            "--json" => opts.json = true,
            "--kernel" => opts.kernel = true,
            "--socket" => match it.next() {
                Some(p) => opts.socket = Some(PathBuf::from(p)),
                None => return usage("--socket needs a PATH"),
            },
            s if s.starts_with("--socket=") => opts.socket = Some(PathBuf::from(&s["--socket=".len()..])),
            _ => rest.push(w.clone()),
        }
    }
    Ok((rest, opts))
}

fn phy_ref(word: &str) -> Result<PhyRef, UsageError> {
    let index = word.strip_prefix("phy#").or_else(|| word.strip_prefix('#'));
    match index {
        Some(n) => n.parse().map(PhyRef::Index).or_else(|_| usage(format!("bad wiphy index in {word:?}"))),
        None => {
            validate_ifname(word).or_else(|e| usage(format!("radio name {word:?}: {e}")))?;
            Ok(PhyRef::Name(word.to_string()))
        }
    }
}

fn iftype(word: Option<&String>) -> Result<IfType, UsageError> {
    match word.map(String::as_str) {
        Some("managed" | "station") => Ok(IfType::Station),
        Some("ap" | "__ap") => Ok(IfType::Ap),
        Some("monitor") => Ok(IfType::Monitor),
        Some(other) => usage(format!("invalid interface type {other} (managed, station, ap or monitor)")),
        None => usage("missing interface type (managed, station, ap or monitor)"),
    }
}

fn number<T: std::str::FromStr>(what: &str, word: Option<&String>) -> Result<T, UsageError> {
    match word {
        Some(w) => w.parse().or_else(|_| usage(format!("invalid {what}: {w}"))),
        None => usage(format!("missing {what}")),
    }
}

fn ifname(word: &str) -> Result<String, UsageError> {
    validate_ifname(word).or_else(|e| usage(format!("interface name {word:?}: {e}")))?;
    Ok(word.to_string())
}

fn mac(word: Option<&String>) -> Result<MacAddr, UsageError> {
    match word {
        Some(w) => w.parse().or_else(|_| usage(format!("invalid MAC address {w}"))),
        None => usage("missing MAC address"),
    }
}

/// `set freq F [width]` / `set channel N`: the frequency, MHz.
fn set_freq(words: &[String]) -> Result<u32, UsageError> {
    match words.first().map(String::as_str) {
        Some("freq") => {
            let f: u32 = number("frequency (MHz)", words.get(1))?;
            if mac80211_core::channel::freq_to_channel(u16::try_from(f).unwrap_or(0)).is_none() {
                return usage(format!("frequency {f} MHz is not a Wi-Fi channel"));
            }
            match words.get(2).map(String::as_str) {
                None | Some("NOHT" | "HT20") if words.len() <= 3 => Ok(f),
                Some(w) => usage(format!("unsupported channel width {w} (NOHT or HT20)")),
                None => usage("too many words after the frequency"),
            }
        }
        Some("channel") => {
            let n: u8 = number("channel number", words.get(1))?;
            if words.len() > 3 {
                return usage("too many words after the channel");
            }
            channel_from_number(n)
                .map(|c| u32::from(c.freq))
                .ok_or_else(|| UsageError(format!("no channel {n}")))
        }
        _ => usage("expected `set freq MHZ` or `set channel N`"),
    }
}

/// Parses the words after `phy`.
pub fn parse_phy(words: &[String]) -> Result<Action, UsageError> {
    let Some(first) = words.first() else { return Ok(Action::ListPhys(None)) };
    let phy = phy_ref(first)?;
    let rest = &words[1..];
    match rest.first().map(String::as_str) {
        Some("info") if rest.len() == 1 => Ok(Action::ListPhys(Some(phy))),
        Some("interface") if rest.get(1).map(String::as_str) == Some("add") => {
            let name = ifname(rest.get(2).ok_or_else(|| UsageError("missing interface name".into()))?)?;
            if rest.get(3).map(String::as_str) != Some("type") {
                return usage("expected `type T` after the interface name");
            }
            let kind = iftype(rest.get(4))?;
            let netns = match (rest.get(5).map(String::as_str), rest.get(6)) {
                (None, _) => None,
                (Some("netns"), Some(ns)) if rest.len() == 7 => {
                    validate_netns(ns).or_else(|e| usage(format!("netns {ns:?}: {e}")))?;
                    Some(ns.clone())
                }
                (Some("netns"), None) => return usage("missing namespace name after netns"),
                (Some(w), _) => return usage(format!("unexpected {w:?} after the interface type")),
            };
            Ok(Action::InterfaceAdd { phy, name, kind, netns })
        }
        Some("set") => Ok(Action::PhySetFreq(phy, set_freq(&rest[1..])?)),
        Some(w) => usage(format!("unknown phy command {w:?} (info, interface add, set)")),
        None => usage("missing phy command (info, interface add, set)"),
    }
}

/// Parses the words after `dev`.
pub fn parse_dev(words: &[String]) -> Result<Action, UsageError> {
    let Some(first) = words.first() else { return Ok(Action::ListDevs) };
    let dev = ifname(first)?;
    let rest = &words[1..];
    let verb = rest.first().map(String::as_str);
    let exact = |n: usize, a: Action| {
        if rest.len() == n { Ok(a) } else { usage(format!("too many words after {:?}", rest[n - 1])) }
    };
    match verb {
        Some("info") => exact(1, Action::DevInfo(dev)),
        Some("scan") => parse_scan(dev, &rest[1..]),
        Some("connect") => parse_connect(dev, &rest[1..]),
        Some("disconnect") => exact(1, Action::Disconnect(dev)),
        Some("link") => exact(1, Action::Link(dev)),
        Some("del") => exact(1, Action::DevDel(dev)),
        Some("station") => match rest.get(1).map(String::as_str) {
            Some("dump") => exact(2, Action::Stations(dev, None)),
            Some("get") => {
                let m = mac(rest.get(2))?;
                exact(3, Action::Stations(dev, Some(m)))
            }
            _ => usage("expected `station dump` or `station get MAC`"),
        },
        Some("set") => match rest.get(1).map(String::as_str) {
            Some("type") => {
                let t = iftype(rest.get(2))?;
                exact(3, Action::SetType(dev, t))
            }
            _ => Ok(Action::DevSetFreq(dev, set_freq(&rest[1..])?)),
        },
        Some("ap") => match rest.get(1).map(String::as_str) {
            Some("start") => parse_ap_start(dev, &rest[2..]),
            Some("stop") => exact(2, Action::ApStop(dev)),
            _ => usage("expected `ap start ...` or `ap stop`"),
        },
        Some(w) => usage(format!("unknown dev command {w:?} (see `softmac dev --help`)")),
        None => usage("missing dev command (see `softmac dev --help`)"),
    }
}

fn parse_scan(dev: String, words: &[String]) -> Result<Action, UsageError> {
    let (mode, mut words) = match words.first().map(String::as_str) {
        Some("trigger") => (ScanMode::Trigger, &words[1..]),
        Some("dump") => (ScanMode::Dump, &words[1..]),
        _ => (ScanMode::Full, words),
    };
    if mode == ScanMode::Dump && !words.is_empty() {
        return usage("`scan dump` takes no arguments");
    }
    let (mut freqs, mut ssids, mut passive) = (Vec::new(), Vec::new(), false);
    while let Some(w) = words.first() {
        match w.as_str() {
            "passive" => {
                passive = true;
                words = &words[1..];
            }
            "freq" => {
                let n = words[1..].iter().take_while(|w| w.parse::<u32>().is_ok()).count();
                if n == 0 {
                    return usage("`freq` needs at least one frequency in MHz");
                }
                freqs.extend(words[1..=n].iter().filter_map(|w| w.parse::<u32>().ok()));
                words = &words[n + 1..];
            }
            "ssid" => {
                if words.len() < 2 {
                    return usage("`ssid` needs at least one SSID");
                }
                for s in &words[1..] {
                    if s.len() > 32 {
                        return usage(format!("SSID {s:?} is longer than 32 octets"));
                    }
                    ssids.push(s.as_bytes().to_vec());
                }
                words = &[];
            }
            other => return usage(format!("unexpected {other:?} in scan (freq, ssid, passive)")),
        }
    }
    if passive && !ssids.is_empty() {
        return usage("a passive scan sends no SSIDs");
    }
    Ok(Action::Scan { dev, mode, freqs, ssids, passive })
}

/// The PMK for `ssid` from a passphrase (PBKDF2, as wpa_supplicant) or a raw PSK.
fn pmk_of(ssid: &str, secret: Secret<'_>) -> Result<Key<32>, UsageError> {
    match secret {
        Secret::Passphrase(p) => psk(p, ssid.as_bytes()).map_err(|e| UsageError(e.to_string())),
        Secret::Psk(hex) => parse_psk(hex).map_err(|e| UsageError(e.to_owned())),
    }
}

/// A WPA2 secret as typed.
#[derive(Clone, Copy)]
enum Secret<'a> {
    Passphrase(&'a str),
    Psk(&'a str),
}

/// The security words of a command line, and the words left.
struct SecurityWords<'a> {
    secret: Option<Secret<'a>>,
    rekey: Option<u32>,
    rest: Vec<String>,
}

/// Takes `KEYWORD VALUE` pairs for the secret (and an AP's `rekey`) out of `words`.
fn take_secret<'a>(words: &'a [String], passphrase_word: &str) -> Result<SecurityWords<'a>, UsageError> {
    let (mut secret, mut rekey, mut rest) = (None, None, Vec::new());
    let mut it = words.iter();
    while let Some(w) = it.next() {
        let s = w.as_str();
        if s == passphrase_word || s == "psk" {
            let Some(value) = it.next() else { return usage(format!("{s} needs a value")) };
            if secret.is_some() {
                return usage("give one passphrase or PSK");
            }
            secret = Some(if s == "psk" {
                Secret::Psk(value.as_str())
            } else {
                Secret::Passphrase(value.as_str())
            });
        } else if s == "rekey" && passphrase_word == "passphrase" {
            rekey = Some(number("rekey interval (seconds)", it.next())?);
        } else {
            rest.push(w.clone());
        }
    }
    Ok(SecurityWords { secret, rekey, rest })
}

fn parse_connect(dev: String, words: &[String]) -> Result<Action, UsageError> {
    let mut wait = true;
    let mut positional = Vec::new();
    let SecurityWords { secret, rest: words, .. } = take_secret(words, "key")?;
    for w in &words {
        match w.as_str() {
            "-w" => wait = true,
            "--no-wait" => wait = false,
            _ => positional.push(w),
        }
    }
    let Some(ssid) = positional.first() else { return usage("missing SSID") };
    if ssid.is_empty() || ssid.len() > 32 {
        return usage(format!("SSID {ssid:?} must be 1 to 32 octets"));
    }
    let mut rest = &positional[1..];
    let mut freq = None;
    if let Some(f) = rest.first().and_then(|w| w.parse::<u32>().ok()) {
        freq = Some(f);
        rest = &rest[1..];
    }
    let bssid = match rest.first() {
        Some(w) => Some(mac(Some(w))?),
        None => None,
    };
    if rest.len() > 1 {
        return usage(format!("unexpected {:?} after the BSSID", rest[1]));
    }
    let pmk = secret.map(|s| pmk_of(ssid, s)).transpose()?;
    Ok(Action::Connect { dev, ssid: ssid.as_bytes().to_vec(), freq, bssid, wait, pmk })
}

fn parse_ap_start(dev: String, words: &[String]) -> Result<Action, UsageError> {
    let SecurityWords { secret, rekey, rest: words } = take_secret(words, "passphrase")?;
    let Some(ssid) = words.first() else { return usage("missing SSID") };
    if ssid.is_empty() || ssid.len() > 32 {
        return usage(format!("SSID {ssid:?} must be 1 to 32 octets"));
    }
    let freq: u32 = number("frequency (MHz)", words.get(1))?;
    let (mut hidden, mut beacon_interval, mut dtim_period) = (false, None, None);
    let mut it = words.iter().skip(2);
    while let Some(w) = it.next() {
        match w.as_str() {
            "hidden" => hidden = true,
            "beacon-interval" => {
                let v: u32 = number("beacon interval (TU)", it.next())?;
                if !(15..=65535).contains(&v) {
                    return usage("beacon interval must be 15 to 65535 TU");
                }
                beacon_interval = Some(v);
            }
            "dtim-period" => {
                let v: u32 = number("DTIM period", it.next())?;
                if !(1..=255).contains(&v) {
                    return usage("DTIM period must be 1 to 255");
                }
                dtim_period = Some(v);
            }
            other => {
                return usage(format!(
                    "unexpected {other:?} (hidden, beacon-interval N, dtim-period N, passphrase P, psk HEX, rekey S)"
                ));
            }
        }
    }
    let pmk = secret.map(|s| pmk_of(ssid, s)).transpose()?;
    if rekey.is_some() && pmk.is_none() {
        return usage("rekey needs a passphrase or PSK");
    }
    let ssid = ssid.as_bytes().to_vec();
    Ok(Action::ApStart { dev, ssid, freq, hidden, beacon_interval, dtim_period, pmk, rekey })
}

fn parse_channel_arg(s: &str) -> Result<u8, String> {
    let n: u8 = s.parse().map_err(|_| format!("invalid channel number {s:?}"))?;
    channel_from_number(n).map(|_| n).ok_or_else(|| format!("no channel {n}"))
}

fn parse_position(s: &str) -> Result<[f64; 3], String> {
    let parts: Vec<&str> = s.split(',').collect();
    let [x, y, z] = parts.as_slice() else { return Err(format!("expected x,y,z in metres, got {s:?}")) };
    let p = |t: &str| {
        t.trim()
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite())
            .ok_or_else(|| format!("invalid coordinate {t:?}"))
    };
    Ok([p(x)?, p(y)?, p(z)?])
}
