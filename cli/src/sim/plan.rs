//! From a parsed [`ScenarioFile`] to a validated [`Plan`]: every name resolved, every value in
//! range, every step with exactly one action, times in order.
//!
//! Checking everything before the world starts means a scenario never fails half-way for a
//! typo: a bad file is refused whole, with the line and column of the first mistake
//! ([`ScenarioError::Invalid`]). A plan refers to radios and interfaces by index; the runner
//! maps them to the World's ids.

use super::ScenarioError;
use super::scenario::*;
use super::time::parse_duration;
use hwsim::Position;
use hwsim::world::ip::Ipv4Prefix;
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{ApConfig, ConnectRequest, Credentials, DisconnectCause, ScanRequest};
use mac80211_core::time::Duration;
use mac80211_core::wire::MacAddr;
use std::net::Ipv4Addr;
use std::ops::Range;

mod expect;
mod topology;
pub use expect::{Bound, Counter, EVENTS, EventMatch, Expectation};

/// A checked scenario, ready to run.
#[derive(Clone, Debug)]
pub struct Plan {
    /// Its name (the file's, else the file name).
    pub name: String,
    /// Its description.
    pub description: Option<String>,
    /// The seed from the file, if any.
    pub seed: Option<u64>,
    /// The link model.
    pub medium: MediumPlan,
    /// The radios.
    pub radios: Vec<RadioPlan>,
    /// The steps, in time order.
    pub steps: Vec<Step>,
    /// Run until this virtual time after the last step.
    pub end: Option<Duration>,
}

/// The link model.
#[derive(Clone, Debug, PartialEq)]
pub enum MediumPlan {
    /// Every radio hears every other at one signal.
    Perfect {
        /// dBm.
        signal_dbm: f64,
    },
    /// Signal from distance.
    PathLoss {
        /// Log-distance exponent; free space when `None`.
        exponent: Option<f64>,
        /// Shadowing sigma, dB.
        shadowing_db: f64,
        /// Fading sigma, dB.
        fading_db: f64,
        /// Noise floor, dBm.
        noise_dbm: Option<f64>,
    },
    /// Loss probabilities per link over a perfect medium.
    LossMatrix {
        /// Unlisted links.
        default_loss: f64,
        /// `(from radio, to radio, p)`.
        links: Vec<(usize, usize, f64)>,
    },
}

/// One radio.
#[derive(Clone, Debug)]
pub struct RadioPlan {
    /// Its name.
    pub name: String,
    /// Where it is.
    pub position: Position,
    /// Supported channels (first = initial), or the MAC's default.
    pub channels: Option<Vec<Channel>>,
    /// Transmit power, dBm.
    pub tx_power_dbm: f64,
    /// Its interfaces.
    pub interfaces: Vec<InterfacePlan>,
}

/// One interface.
#[derive(Clone, Debug)]
pub struct InterfacePlan {
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: InterfaceKind,
    /// Address of its embedded IP stack.
    pub ip: Option<Ipv4Prefix>,
}

/// What an interface is.
#[derive(Clone, Debug)]
pub enum InterfaceKind {
    /// An AP, started at time zero.
    Ap(ApConfig),
    /// A station.
    Station,
    /// A monitor on this channel (the radio's first channel when `None`).
    Monitor(Option<Channel>),
}

/// An interface by (radio index, interface index).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct IfaceRef {
    /// Index into [`Plan::radios`].
    pub radio: usize,
    /// Index into that radio's interfaces.
    pub iface: usize,
}

/// A step: a time, one action, and where it was written.
#[derive(Clone, Debug)]
pub struct Step {
    /// Virtual time to run it at (later if the world is already past it).
    pub at: Duration,
    /// Line in the file.
    pub line: usize,
    /// What to do.
    pub action: Action,
}

/// What a step does.
#[derive(Clone, Debug)]
pub enum Action {
    /// `iw dev IF scan`.
    Scan(IfaceRef, ScanRequest),
    /// `iw dev IF connect`; with `wait`, retried like wpa_supplicant and expected to succeed.
    Connect(IfaceRef, ConnectRequest, Option<Duration>),
    /// `iw dev IF disconnect`.
    Disconnect(IfaceRef),
    /// `ping`, with an optional loss expectation.
    Ping(PingPlan),
    /// Move a radio.
    Move(usize, Position),
    /// Set loss from `a` to `b` (and back when symmetric).
    Loss {
        /// First radio.
        a: usize,
        /// Second radio.
        b: usize,
        /// Probability.
        p: f64,
        /// Both directions.
        symmetric: bool,
    },
    /// Split the radios into groups.
    Partition(Vec<Vec<usize>>),
    /// Remove the partition.
    Heal,
    /// Power a radio off or on.
    Power(usize, bool),
    /// Check something.
    Expect(Expectation),
}

/// A ping step.
#[derive(Clone, Debug)]
pub struct PingPlan {
    /// Sender.
    pub from: IfaceRef,
    /// Target address.
    pub target: Ipv4Addr,
    /// How the target was named.
    pub target_name: String,
    /// Requests.
    pub count: u16,
    /// Between requests.
    pub interval: Duration,
    /// Echo data octets.
    pub size: usize,
    /// Wait after the last request.
    pub timeout: Duration,
    /// Most loss allowed, percent.
    pub max_loss: Option<f64>,
}

/// Maps byte offsets of the file to line and column, and builds errors there.
pub(crate) struct Source<'a> {
    pub text: &'a str,
}

impl Source<'_> {
    /// `(line, column)`, both from 1, of byte `offset`.
    pub fn position(&self, offset: usize) -> (usize, usize) {
        let before = self.text.get(..offset).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        (line, column)
    }

    /// An error at `span`.
    pub fn error(&self, span: Range<usize>, message: impl Into<String>) -> ScenarioError {
        let (line, column) = self.position(span.start);
        ScenarioError::Invalid { line, column, message: message.into() }
    }
}

type Result<T> = std::result::Result<T, ScenarioError>;

/// Every radio and interface name, for lookups.
struct Names {
    radios: Vec<String>,
    ifaces: Vec<(String, IfaceRef)>,
}

impl Names {
    fn iface(&self, src: &Source<'_>, name: &At<String>) -> Result<IfaceRef> {
        self.ifaces.iter().find(|(n, _)| n == name.get_ref()).map(|&(_, r)| r).ok_or_else(|| {
            src.error(
                name.span(),
                format!("unknown interface {:?} (interfaces: {})", name.get_ref(), self.iface_list()),
            )
        })
    }

    /// A radio by its name or one of its interfaces' names.
    fn radio(&self, src: &Source<'_>, name: &At<String>) -> Result<usize> {
        if let Some(i) = self.radios.iter().position(|n| n == name.get_ref()) {
            return Ok(i);
        }
        self.ifaces.iter().find(|(n, _)| n == name.get_ref()).map(|&(_, r)| r.radio).ok_or_else(|| {
            let radios = self.radios.join(", ");
            src.error(
                name.span(),
                format!(
                    "unknown radio {:?} (radios: {radios}; interfaces: {})",
                    name.get_ref(),
                    self.iface_list()
                ),
            )
        })
    }

    fn iface_list(&self) -> String {
        self.ifaces.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(", ")
    }
}

/// Checks a parsed file against its source text.
pub(crate) fn plan(file: ScenarioFile, src: &Source<'_>, default_name: &str) -> Result<Plan> {
    let names = names(&file, src)?;
    let radios = file.radio.iter().map(|r| topology::radio(r, src)).collect::<Result<Vec<_>>>()?;
    let medium = topology::medium(&file.medium, src, &names)?;
    let mut steps = Vec::new();
    let mut last = Duration::ZERO;
    for s in &file.step {
        let at = duration(src, &s.at)?;
        if at < last {
            return Err(src.error(
                s.at.span(),
                format!(
                    "step at {} comes before the previous step's time: steps must be in time order",
                    s.at.get_ref()
                ),
            ));
        }
        last = at;
        let action = action(s, src, &names, &radios)?;
        steps.push(Step { at, line: src.position(s.at.span().start).0, action });
    }
    let end = file.scenario.end.as_ref().map(|e| duration(src, e)).transpose()?;
    Ok(Plan {
        name: file.scenario.name.clone().unwrap_or_else(|| default_name.to_owned()),
        description: file.scenario.description.clone(),
        seed: file.scenario.seed,
        medium,
        radios,
        steps,
        end,
    })
}

fn names(file: &ScenarioFile, src: &Source<'_>) -> Result<Names> {
    let mut names = Names { radios: Vec::new(), ifaces: Vec::new() };
    let mut seen: Vec<String> = Vec::new();
    let mut claim = |name: &At<String>| {
        if name.get_ref().is_empty() {
            return Err(src.error(name.span(), "names cannot be empty"));
        }
        if seen.contains(name.get_ref()) {
            return Err(src.error(
                name.span(),
                format!(
                    "the name {:?} is used twice (radios and interfaces share one namespace)",
                    name.get_ref()
                ),
            ));
        }
        seen.push(name.get_ref().clone());
        Ok(())
    };
    for (r, radio) in file.radio.iter().enumerate() {
        claim(&radio.name)?;
        names.radios.push(radio.name.get_ref().clone());
        for (i, iface) in radio.interface.iter().enumerate() {
            claim(&iface.name)?;
            names.ifaces.push((iface.name.get_ref().clone(), IfaceRef { radio: r, iface: i }));
        }
    }
    Ok(names)
}

pub(crate) fn duration(src: &Source<'_>, s: &At<String>) -> Result<Duration> {
    parse_duration(s.get_ref()).map_err(|e| src.error(s.span(), e))
}

/// A channel by number: 1-14 are 2.4 GHz, anything else 5 GHz.
pub(super) fn channel(src: &Source<'_>, span: Range<usize>, n: u8) -> Result<Channel> {
    let band = if n <= 14 { Band::Ghz2_4 } else { Band::Ghz5 };
    Channel::from_number(band, n)
        .ok_or_else(|| src.error(span, format!("no channel {n} in the 2.4 or 5 GHz band")))
}

fn channel_by_freq(src: &Source<'_>, span: Range<usize>, freq: u16) -> Result<Channel> {
    let n = mac80211_core::channel::freq_to_channel(freq)
        .ok_or_else(|| src.error(span.clone(), format!("{freq} MHz is not a 2.4 or 5 GHz channel")))?;
    channel(src, span, n)
}

pub(super) fn position(src: &Source<'_>, p: &At<Vec<f64>>) -> Result<Position> {
    match p.get_ref()[..] {
        [x, y] => Ok(Position { x, y, z: 0.0 }),
        [x, y, z] => Ok(Position { x, y, z }),
        _ => Err(src.error(p.span(), "a position is [x, y] or [x, y, z] in metres")),
    }
}

fn action(s: &StepSpec, src: &Source<'_>, names: &Names, radios: &[RadioPlan]) -> Result<Action> {
    let given = [
        s.scan.is_some(),
        s.connect.is_some(),
        s.disconnect.is_some(),
        s.ping.is_some(),
        s.move_to.is_some(),
        s.loss.is_some(),
        s.partition.is_some(),
        s.heal.is_some(),
        s.power.is_some(),
        s.expect.is_some(),
    ];
    if given.iter().filter(|&&g| g).count() != 1 {
        return Err(src.error(s.at.span(), "a step has `at` and exactly one action: scan, connect, disconnect, ping, move, loss, partition, heal, power or expect"));
    }
    let kind_of = |r: IfaceRef| &radios[r.radio].interfaces[r.iface].kind;
    let station = |name: &At<String>| -> Result<IfaceRef> {
        let r = names.iface(src, name)?;
        match kind_of(r) {
            InterfaceKind::Station => Ok(r),
            _ => Err(src.error(name.span(), format!("{:?} is not a station interface", name.get_ref()))),
        }
    };
    if let Some(scan) = &s.scan {
        let scan = scan.get_ref();
        let iface = station(&scan.iface)?;
        let mut req = ScanRequest { ssids: vec![Vec::new()], ..Default::default() };
        if let Some(ssids) = &scan.ssids {
            req.ssids = ssids.iter().map(|s| s.as_bytes().to_vec()).collect();
        }
        if scan.passive == Some(true) {
            req.ssids.clear();
        }
        if let Some(freqs) = &scan.freqs {
            req.channels = freqs
                .get_ref()
                .iter()
                .map(|&f| channel_by_freq(src, freqs.span(), f))
                .collect::<Result<_>>()?;
        }
        if let Some(d) = &scan.dwell {
            let d = Some(duration(src, d)?);
            (req.active_dwell, req.passive_dwell) = (d, d);
        }
        return Ok(Action::Scan(iface, req));
    }
    if let Some(c) = &s.connect {
        let c = c.get_ref();
        let iface = station(&c.iface)?;
        let bssid = c
            .bssid
            .as_ref()
            .map(|b| {
                parse_mac(b.get_ref())
                    .ok_or_else(|| src.error(b.span(), "a BSSID is six hex octets: 02:00:00:00:00:00"))
            })
            .transpose()?;
        let channel = c.freq.as_ref().map(|f| channel_by_freq(src, f.span(), *f.get_ref())).transpose()?;
        let credentials = match &c.passphrase {
            Some(p) => {
                let credentials = Credentials::Passphrase(p.get_ref().clone());
                credentials.validate().map_err(|e| src.error(p.span(), e.to_string()))?;
                Some(credentials)
            }
            None => None,
        };
        let req = ConnectRequest { ssid: c.ssid.get_ref().as_bytes().to_vec(), bssid, channel, credentials };
        let wait = c.wait.as_ref().map(|w| duration(src, w)).transpose()?;
        return Ok(Action::Connect(iface, req, wait));
    }
    if let Some(d) = &s.disconnect {
        return Ok(Action::Disconnect(station(&d.get_ref().iface)?));
    }
    if let Some(p) = &s.ping {
        return ping(p.get_ref(), src, names, radios).map(Action::Ping);
    }
    if let Some(m) = &s.move_to {
        let m = m.get_ref();
        return Ok(Action::Move(names.radio(src, &m.node)?, position(src, &m.to)?));
    }
    if let Some(l) = &s.loss {
        let (a, b, p, symmetric) = topology::loss(l.get_ref(), src, names)?;
        return Ok(Action::Loss { a, b, p, symmetric });
    }
    if let Some(p) = &s.partition {
        let groups = p
            .get_ref()
            .groups
            .iter()
            .map(|g| g.iter().map(|n| names.radio(src, n)).collect::<Result<Vec<_>>>())
            .collect::<Result<Vec<_>>>()?;
        return Ok(Action::Partition(groups));
    }
    if s.heal.is_some() {
        return Ok(Action::Heal);
    }
    if let Some(p) = &s.power {
        return Ok(Action::Power(names.radio(src, &p.get_ref().node)?, p.get_ref().on));
    }
    let e = s.expect.as_ref().expect("exactly one action is present");
    let iface = names.iface(src, &e.get_ref().iface)?;
    expect::expectation(e, iface, kind_of(iface), src).map(Action::Expect)
}

fn ping(p: &PingSpec, src: &Source<'_>, names: &Names, radios: &[RadioPlan]) -> Result<PingPlan> {
    let ip_of = |r: IfaceRef| radios[r.radio].interfaces[r.iface].ip;
    let from = names.iface(src, &p.from)?;
    if ip_of(from).is_none() {
        return Err(src.error(
            p.from.span(),
            format!("{:?} has no `ip`: the ping needs an address to send from", p.from.get_ref()),
        ));
    }
    let target = match p.to.get_ref().parse::<Ipv4Addr>() {
        Ok(addr) => addr,
        Err(_) => {
            let to = names.iface(src, &p.to)?;
            ip_of(to)
                .map(|ip| ip.addr)
                .ok_or_else(|| src.error(p.to.span(), format!("{:?} has no `ip` to ping", p.to.get_ref())))?
        }
    };
    let or = |d: &Option<At<String>>, default: Duration| {
        d.as_ref().map(|d| duration(src, d)).transpose().map(|d| d.unwrap_or(default))
    };
    let max_loss = p.max_loss.as_ref().map(|m| match *m.get_ref() {
        v if (0.0..=100.0).contains(&v) => Ok(v),
        _ => Err(src.error(m.span(), "max_loss is a percentage, 0 to 100")),
    });
    let size = p.size.as_ref().map_or(Ok(56), |s| match usize::from(*s.get_ref()) {
        n if n <= 1472 => Ok(n),
        _ => Err(src.error(s.span(), "size is at most 1472 octets (one unfragmented Ethernet frame)")),
    })?;
    Ok(PingPlan {
        from,
        target,
        target_name: p.to.get_ref().clone(),
        count: p.count.unwrap_or(10),
        interval: or(&p.interval, Duration::from_millis(100))?,
        size,
        timeout: or(&p.timeout, Duration::from_secs(1))?,
        max_loss: max_loss.transpose()?,
    })
}

/// `02:00:00:00:00:00`.
fn parse_mac(s: &str) -> Option<MacAddr> {
    let mut out = [0u8; 6];
    let mut parts = s.split(':');
    for b in &mut out {
        let p = parts.next()?;
        if p.len() != 2 {
            return None;
        }
        *b = u8::from_str_radix(p, 16).ok()?;
    }
    parts.next().is_none().then_some(MacAddr(out))
}

/// A `cause` name of `disconnected`.
pub(crate) fn cause(name: &str) -> Option<DisconnectCause> {
    Some(match name {
        "deauthenticated" => DisconnectCause::Deauthenticated,
        "disassociated" => DisconnectCause::Disassociated,
        "beacon-loss" => DisconnectCause::BeaconLoss,
        "command" => DisconnectCause::Command,
        _ => return None,
    })
}
