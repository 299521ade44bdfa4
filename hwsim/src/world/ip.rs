//! An embedded IPv4 stack on a World interface, and `ping` between stations.
//!
//! [`IpHost`] is a [`Host`]: it wraps a [`smoltcp`] Ethernet [`Interface`] whose hardware
//! address is the Wi-Fi interface's MAC address. The interface's 802.3 deliveries
//! ([`DeliveredKind::Ethernet`]; radiotap deliveries of monitor interfaces are ignored) go into
//! an in-memory receive queue, and every frame smoltcp sends comes out of [`Host::poll`] for
//! the MAC to carry, so ARP, IPv4 and ICMP run exactly as on a real link, only on the World's
//! virtual clock. smoltcp answers echo requests by itself (its `auto-icmp-echo-reply`), so
//! any station with an address answers pings; a [`Pinger`] sends them.
//!
//! # Time
//!
//! smoltcp and the core both count microseconds, so `Instant` converts both ways without
//! rounding (`to_smoltcp`/`from_smoltcp` are exact and monotonic over `0..=i64::MAX` µs).
//! [`Host::poll_at`] reports the earliest of smoltcp's own `poll_at` and the pinger's next
//! request or deadline. smoltcp reports "due now" as a time in the past; right after a full
//! poll that can only mean it waits for something a poll cannot give it (a route), so the
//! host asks to be polled again 1 ms later rather than at the same instant, which would keep
//! the World from ever leaving that instant.
//!
//! # Example: two stations ping each other through an AP
//!
//! ```
//! use mac80211_core::mac::ConnectRequest;
//! use mac80211_core::time::Duration;
//! use hwsim::world::{NodeSpec, World, ch2};
//! use std::net::Ipv4Addr;
//!
//! let mut w = World::new(7);
//! w.add_ap("ap", "lab", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
//! let (a, va) = w.add_station("a", NodeSpec::at(3.0, 0.0, 0.0));
//! let (b, vb) = w.add_station("b", NodeSpec::at(0.0, 3.0, 0.0));
//! // Both scan and join at once; a failed attempt is retried, as a supplicant would.
//! let req = ConnectRequest { ssid: b"lab".to_vec(), ..Default::default() };
//! w.connect_all(&[(a, va), (b, vb)], &req, Duration::from_secs(10))
//!     .expect("both stations connect");
//! w.attach_ip(a, va, "10.0.0.2/24");
//! w.attach_ip(b, vb, "10.0.0.3/24");
//!
//! let report = w.ping((a, va), Ipv4Addr::new(10, 0, 0, 3), 5, Duration::from_millis(10));
//! assert_eq!((report.sent, report.received, report.lost), (5, 5, 0));
//! assert!(report.rtt_max.unwrap() < Duration::from_millis(10));
//! ```

use super::{Host, NodeId, World};
use mac80211_core::mac::{Delivered, DeliveredKind, VifId};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::MacAddr;
use smoltcp::iface::{Config, Interface, SocketHandle, SocketSet};
use smoltcp::phy::{self, ChecksumCapabilities, DeviceCapabilities, Medium};
use smoltcp::socket::icmp;
use smoltcp::wire::{
    EthernetAddress, HardwareAddress, Icmpv4Packet, Icmpv4Repr, IpAddress, IpCidr, Ipv4Cidr,
};
use std::collections::VecDeque;
use std::net::Ipv4Addr;

/// Largest 802.3 frame the stack sends: 1500 octets of IP plus the 14-octet header.
const ETHERNET_MTU: usize = 1514;
/// ICMP echo header: type, code, checksum, identifier, sequence number.
const ECHO_HEADER_LEN: usize = 8;
/// Requests and replies an ICMP socket buffers.
const ICMP_BUFFERED_PACKETS: usize = 64;
/// How long after a poll smoltcp is asked again when it says it is due already (see above).
const STALLED_RETRY: Duration = Duration::from_millis(1);

/// Our microseconds as smoltcp's (exact; saturates beyond `i64::MAX` µs, 292 000 years).
pub fn to_smoltcp(t: Instant) -> smoltcp::time::Instant {
    smoltcp::time::Instant::from_micros(i64::try_from(t.as_micros()).unwrap_or(i64::MAX))
}

/// smoltcp's microseconds as ours (exact; times before our epoch become the epoch).
pub fn from_smoltcp(t: smoltcp::time::Instant) -> Instant {
    Instant::from_micros(u64::try_from(t.total_micros()).unwrap_or(0))
}

/// The in-memory device between smoltcp and the MAC: 802.3 frames in both directions.
#[derive(Default)]
struct Queues {
    rx: VecDeque<Vec<u8>>,
    tx: Vec<Vec<u8>>,
}

struct RxToken(Vec<u8>);

impl phy::RxToken for RxToken {
    fn consume<R, F: FnOnce(&[u8]) -> R>(self, f: F) -> R {
        f(&self.0)
    }
}

struct TxToken<'a>(&'a mut Vec<Vec<u8>>);

impl phy::TxToken for TxToken<'_> {
    fn consume<R, F: FnOnce(&mut [u8]) -> R>(self, len: usize, f: F) -> R {
        let mut frame = vec![0; len];
        let result = f(&mut frame);
        self.0.push(frame);
        result
    }
}

impl phy::Device for Queues {
    type RxToken<'a> = RxToken;
    type TxToken<'a> = TxToken<'a>;

    fn receive(&mut self, _: smoltcp::time::Instant) -> Option<(RxToken, TxToken<'_>)> {
        let frame = self.rx.pop_front()?;
        Some((RxToken(frame), TxToken(&mut self.tx)))
    }

    fn transmit(&mut self, _: smoltcp::time::Instant) -> Option<TxToken<'_>> {
        // The MAC's own queue limit applies when the World hands the frames over.
        Some(TxToken(&mut self.tx))
    }

    fn capabilities(&self) -> DeviceCapabilities {
        let mut caps = DeviceCapabilities::default();
        caps.medium = Medium::Ethernet;
        caps.max_transmission_unit = ETHERNET_MTU;
        caps
    }
}

/// An IPv4 address with its prefix length, as in `10.0.0.2/24`.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Ipv4Prefix {
    /// The address.
    pub addr: Ipv4Addr,
    /// Prefix length, 0 to 32.
    pub len: u8,
}

/// A string that is not `a.b.c.d/len` with `len` at most 32.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("not an IPv4 address with prefix length (a.b.c.d/len): {0:?}")]
pub struct BadPrefix(pub String);

impl std::str::FromStr for Ipv4Prefix {
    type Err = BadPrefix;

    fn from_str(s: &str) -> Result<Ipv4Prefix, BadPrefix> {
        let bad = || BadPrefix(s.to_owned());
        let (addr, len) = s.split_once('/').ok_or_else(bad)?;
        let addr: Ipv4Addr = addr.parse().map_err(|_| bad())?;
        let len: u8 = len.parse().map_err(|_| bad())?;
        if len > 32 {
            return Err(bad());
        }
        Ok(Ipv4Prefix { addr, len })
    }
}

/// What to ping and how.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct PingConfig {
    /// Requests to send.
    pub count: u16,
    /// Time between requests (the first goes at once).
    pub interval: Duration,
    /// Octets of echo data after the ICMP header (`ping -s`; 56 by default).
    pub payload_len: usize,
    /// How long to wait for replies after the last request.
    pub timeout: Duration,
}

impl PingConfig {
    /// `count` requests `interval` apart with 56 octets of data, waiting 1 s after the last.
    pub fn new(count: u16, interval: Duration) -> PingConfig {
        PingConfig { count, interval, payload_len: 56, timeout: Duration::from_secs(1) }
    }
}

/// What a finished (or running) ping saw.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct PingReport {
    /// Requests handed to the stack.
    pub sent: u32,
    /// Requests answered (each counted once).
    pub received: u32,
    /// Requests never answered: `sent - received`.
    pub lost: u32,
    /// Replies beyond the first for a request.
    pub duplicates: u32,
    /// Replies to our identifier whose data differs from the request's, ignored.
    pub corrupted: u32,
    /// Requests the socket refused (its buffer was full), not sent.
    pub send_errors: u32,
    /// Round-trip time of each request by sequence number, `None` when unanswered.
    pub rtts: Vec<Option<Duration>>,
    /// Shortest round trip.
    pub rtt_min: Option<Duration>,
    /// Mean round trip (rounded down to the microsecond).
    pub rtt_avg: Option<Duration>,
    /// Longest round trip.
    pub rtt_max: Option<Duration>,
}

/// Sends echo requests on an ICMP socket at a fixed interval and matches the replies.
pub struct Pinger {
    handle: SocketHandle,
    target: Ipv4Addr,
    ident: u16,
    config: PingConfig,
    /// When the next request goes out.
    next_send: Instant,
    /// When each request went out, by sequence number.
    sent_at: Vec<Instant>,
    report: PingReport,
}

impl Pinger {
    fn payload(&self) -> Vec<u8> {
        // A pattern rather than zeros, so a corrupted reply shows.
        (0..self.config.payload_len).map(|i| i as u8).collect()
    }

    fn all_sent(&self) -> bool {
        self.sent_at.len() + self.report.send_errors as usize >= usize::from(self.config.count)
    }

    /// Every request sent, and every one answered or the time for replies over.
    pub fn finished(&self, now: Instant) -> bool {
        self.all_sent() && (self.report.received == self.report.sent || now >= self.deadline())
    }

    /// When the pinger stops waiting: `timeout` after the last request.
    fn deadline(&self) -> Instant {
        self.sent_at.last().copied().unwrap_or(self.next_send) + self.config.timeout
    }

    /// When the pinger next needs a poll: the next request, else its deadline.
    fn poll_at(&self, now: Instant) -> Option<Instant> {
        if !self.all_sent() {
            Some(self.next_send)
        } else if !self.finished(now) {
            Some(self.deadline())
        } else {
            None
        }
    }

    /// Queues every request due at `now` on the socket.
    fn send_due(&mut self, now: Instant, sockets: &mut SocketSet<'_>) {
        while !self.all_sent() && self.next_send <= now {
            let seq_no = self.sent_at.len() as u16;
            let data = self.payload();
            let repr = Icmpv4Repr::EchoRequest { ident: self.ident, seq_no, data: &data };
            let mut bytes = vec![0; repr.buffer_len()];
            repr.emit(&mut Icmpv4Packet::new_unchecked(&mut bytes), &ChecksumCapabilities::default());
            let socket = sockets.get_mut::<icmp::Socket>(self.handle);
            if socket.send_slice(&bytes, IpAddress::Ipv4(self.target)).is_ok() {
                self.sent_at.push(now);
                self.report.sent += 1;
                self.report.rtts.push(None);
            } else {
                self.report.send_errors += 1;
            }
            self.next_send += self.config.interval;
        }
    }

    /// Takes every reply the socket received at `now`.
    fn take_replies(&mut self, now: Instant, sockets: &mut SocketSet<'_>) {
        let expected = self.payload();
        let socket = sockets.get_mut::<icmp::Socket>(self.handle);
        while let Ok((bytes, _from)) = socket.recv() {
            let Ok(packet) = Icmpv4Packet::new_checked(bytes) else { continue };
            let Ok(Icmpv4Repr::EchoReply { ident, seq_no, data }) =
                Icmpv4Repr::parse(&packet, &ChecksumCapabilities::default())
            else {
                continue;
            };
            let Some(&sent) = self.sent_at.get(usize::from(seq_no)) else { continue };
            if ident != self.ident {
                continue;
            }
            if data != expected.as_slice() {
                self.report.corrupted += 1;
                continue;
            }
            let slot = &mut self.report.rtts[usize::from(seq_no)];
            if slot.is_some() {
                self.report.duplicates += 1;
            } else {
                *slot = Some(now.saturating_since(sent));
                self.report.received += 1;
            }
        }
    }

    /// The report so far, with the summary figures filled in.
    pub fn report(&self) -> PingReport {
        let mut r = self.report.clone();
        r.lost = r.sent - r.received;
        let rtts: Vec<Duration> = r.rtts.iter().flatten().copied().collect();
        r.rtt_min = rtts.iter().min().copied();
        r.rtt_max = rtts.iter().max().copied();
        let total: u64 = rtts.iter().map(|d| d.as_micros()).sum();
        r.rtt_avg = (!rtts.is_empty()).then(|| Duration::from_micros(total / rtts.len() as u64));
        r
    }
}

/// An IPv4 host (smoltcp) attached to a World interface. See the module documentation.
pub struct IpHost {
    iface: Interface,
    device: Queues,
    sockets: SocketSet<'static>,
    pinger: Option<Pinger>,
    pings_started: u16,
    /// smoltcp's next deadline, as of the last poll.
    stack_poll_at: Option<Instant>,
    /// A frame arrived since the last poll.
    rx_pending: bool,
    /// 802.3 frames taken in and handed out.
    frames_in: u64,
    frames_out: u64,
}

impl IpHost {
    /// A host with hardware address `mac` and address `ip` on an Ethernet-like link, created
    /// at `now`. `seed` feeds smoltcp's randomness (derive it from the World's seed).
    pub fn new(mac: MacAddr, ip: Ipv4Prefix, seed: u64, now: Instant) -> IpHost {
        let mut device = Queues::default();
        let mut config = Config::new(HardwareAddress::Ethernet(EthernetAddress(mac.0)));
        config.random_seed = seed;
        let mut iface = Interface::new(config, &mut device, to_smoltcp(now));
        iface.update_ip_addrs(|addrs| {
            // A fresh interface has room for its first address.
            let _ = addrs.push(IpCidr::Ipv4(Ipv4Cidr::new(ip.addr, ip.len)));
        });
        IpHost {
            iface,
            device,
            sockets: SocketSet::new(Vec::new()),
            pinger: None,
            pings_started: 0,
            stack_poll_at: None,
            rx_pending: false,
            frames_in: 0,
            frames_out: 0,
        }
    }

    /// The host's IPv4 address.
    pub fn ipv4_addr(&self) -> Option<Ipv4Addr> {
        self.iface.ipv4_addr()
    }

    /// 802.3 frames received from the interface so far.
    pub fn frames_in(&self) -> u64 {
        self.frames_in
    }

    /// 802.3 frames sent to the interface so far.
    pub fn frames_out(&self) -> u64 {
        self.frames_out
    }

    /// Starts pinging `target` at `now` (the first request goes out at the next poll),
    /// replacing any earlier pinger. Each run uses a new ICMP identifier, so late replies to
    /// an earlier run are not counted.
    pub fn start_ping(&mut self, now: Instant, target: Ipv4Addr, config: PingConfig) {
        if let Some(old) = self.pinger.take() {
            self.sockets.remove(old.handle);
        }
        self.pings_started = self.pings_started.wrapping_add(1);
        let ident = 0x5300 | (self.pings_started & 0xff);
        let packet_len = ECHO_HEADER_LEN + config.payload_len;
        let buffer = || {
            icmp::PacketBuffer::new(
                vec![icmp::PacketMetadata::EMPTY; ICMP_BUFFERED_PACKETS],
                vec![0; ICMP_BUFFERED_PACKETS * packet_len],
            )
        };
        let mut socket = icmp::Socket::new(buffer(), buffer());
        // A fresh socket binds to any identifier.
        let _ = socket.bind(icmp::Endpoint::Ident(ident));
        let handle = self.sockets.add(socket);
        self.pinger = Some(Pinger {
            handle,
            target,
            ident,
            config,
            next_send: now,
            sent_at: Vec::new(),
            report: PingReport::default(),
        });
    }

    /// The current pinger, if one was started.
    pub fn pinger(&self) -> Option<&Pinger> {
        self.pinger.as_ref()
    }
}

impl Host for IpHost {
    fn receive(&mut self, _now: Instant, delivered: Delivered) {
        if delivered.kind == DeliveredKind::Ethernet {
            self.frames_in += 1;
            self.device.rx.push_back(delivered.frame);
            self.rx_pending = true;
        }
    }

    fn poll(&mut self, now: Instant) -> Vec<Vec<u8>> {
        if let Some(p) = self.pinger.as_mut() {
            p.send_due(now, &mut self.sockets);
        }
        let t = to_smoltcp(now);
        self.iface.poll(t, &mut self.device, &mut self.sockets);
        self.rx_pending = false;
        if let Some(p) = self.pinger.as_mut() {
            p.take_replies(now, &mut self.sockets);
        }
        self.stack_poll_at = self.iface.poll_at(t, &self.sockets).map(|at| {
            let at = from_smoltcp(at);
            if at <= now { now + STALLED_RETRY } else { at }
        });
        let out = std::mem::take(&mut self.device.tx);
        self.frames_out += out.len() as u64;
        out
    }

    fn poll_at(&self, now: Instant) -> Option<Instant> {
        let pinger = self.pinger.as_ref().and_then(|p| p.poll_at(now));
        let rx = self.rx_pending.then_some(now);
        [self.stack_poll_at, pinger, rx].into_iter().flatten().min()
    }

    fn as_any_mut(&mut self) -> &mut dyn std::any::Any {
        self
    }
}

impl World {
    /// Attaches an [`IpHost`] with address `prefix` (`"10.0.0.2/24"`) to an interface; it
    /// uses the interface's MAC address.
    ///
    /// # Panics
    /// When `prefix` does not parse or the interface does not exist.
    pub fn attach_ip(&mut self, node: NodeId, vif: VifId, prefix: &str) {
        let prefix: Ipv4Prefix = prefix.parse().unwrap_or_else(|e| panic!("{e}"));
        let addr = self.vif_addr(node, vif);
        let seed =
            self.seed() ^ ((node.0 as u64) << 16 | u64::from(vif.0)).wrapping_mul(0x2545_f491_4f6c_dd1d);
        let host = IpHost::new(addr, prefix, seed, self.now());
        self.attach_host(node, vif, Box::new(host));
    }

    /// Pings `to` from the [`IpHost`] on `from`: `count` requests `interval` apart with 56
    /// octets of data, then waits up to 1 s for the last replies. See [`World::ping_with`].
    pub fn ping(
        &mut self,
        from: (NodeId, VifId),
        to: Ipv4Addr,
        count: u16,
        interval: Duration,
    ) -> PingReport {
        self.ping_with(from, to, PingConfig::new(count, interval))
    }

    /// Pings `to` from the [`IpHost`] on `from`, driving the world until every request is
    /// answered or `config.timeout` has passed since the last one; returns what it saw.
    ///
    /// # Panics
    /// When no [`IpHost`] is attached to `from` (see [`World::attach_ip`]).
    pub fn ping_with(&mut self, from: (NodeId, VifId), to: Ipv4Addr, config: PingConfig) -> PingReport {
        let (node, vif) = from;
        let now = self.now();
        let Some(host) = self.host_mut::<IpHost>(node, vif) else {
            panic!("no IpHost on {node:?}/{vif:?}: call World::attach_ip first");
        };
        host.start_ping(now, to, config);
        let within = config.interval.saturating_mul(u64::from(config.count)) + config.timeout;
        // The pinger's own deadline is a poll time, so the world stops exactly there.
        let _ = self.drive_until(within + Duration::from_secs(1), |w| {
            let now = w.now();
            w.host_mut::<IpHost>(node, vif).and_then(|h| h.pinger()).is_none_or(|p| p.finished(now))
        });
        let host = self.host_mut::<IpHost>(node, vif).expect("checked above");
        host.pinger().map(Pinger::report).unwrap_or_default()
    }
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn time_converts_exactly_both_ways() {
        for us in [0, 1, 999, 1_000, 1_234_567, u64::from(u32::MAX) + 7, i64::MAX as u64] {
            let t = Instant::from_micros(us);
            assert_eq!(to_smoltcp(t).total_micros() as u64, us);
            assert_eq!(from_smoltcp(to_smoltcp(t)), t);
        }
        assert_eq!(from_smoltcp(smoltcp::time::Instant::from_micros(-5)), Instant::ZERO);
    }

    #[test]
    fn prefixes_parse_strictly() {
        let p: Ipv4Prefix = "10.0.0.2/24".parse().unwrap();
        assert_eq!(p, Ipv4Prefix { addr: Ipv4Addr::new(10, 0, 0, 2), len: 24 });
        for bad in ["10.0.0.2", "10.0.0.2/33", "10.0.0/24", "x/1", "10.0.0.2/-1", ""] {
            assert!(bad.parse::<Ipv4Prefix>().is_err(), "{bad}");
        }
    }

    /// Two hosts wired back to back (no MAC): ARP, then every echo answered at once.
    #[test]
    fn two_hosts_back_to_back_ping() {
        let (ma, mb) = (MacAddr([2, 0, 0, 0, 1, 0]), MacAddr([2, 0, 0, 0, 2, 0]));
        let now = Instant::from_millis(5);
        let mut a = IpHost::new(ma, "192.168.1.1/24".parse().unwrap(), 1, now);
        let mut b = IpHost::new(mb, "192.168.1.2/24".parse().unwrap(), 2, now);
        a.start_ping(now, Ipv4Addr::new(192, 168, 1, 2), PingConfig::new(3, Duration::from_millis(10)));
        let mut t = now;
        loop {
            // Exchange frames until both are quiet at this instant.
            loop {
                let (fa, fb) = (a.poll(t), b.poll(t));
                if fa.is_empty() && fb.is_empty() {
                    break;
                }
                for f in fa {
                    b.receive(t, Delivered { vif: VifId(0), kind: DeliveredKind::Ethernet, frame: f });
                }
                for f in fb {
                    a.receive(t, Delivered { vif: VifId(0), kind: DeliveredKind::Ethernet, frame: f });
                }
            }
            if a.pinger().unwrap().finished(t) {
                break;
            }
            let next = [a.poll_at(t), b.poll_at(t)].into_iter().flatten().min().expect("the pinger waits");
            assert!(next > t, "a host asked to be polled again at the instant it was polled");
            t = next;
        }
        let r = a.pinger().unwrap().report();
        assert_eq!((r.sent, r.received, r.lost, r.duplicates), (3, 3, 0, 0));
        // Frames cross instantly here, so every round trip takes no time at all.
        assert_eq!(r.rtt_max, Some(Duration::ZERO));
        // ARP request + 3 requests from a; ARP reply + 3 replies from b.
        assert_eq!((a.frames_out(), b.frames_out()), (4, 4));
        // Radiotap deliveries are not for the IP stack.
        b.receive(t, Delivered { vif: VifId(0), kind: DeliveredKind::Radiotap, frame: vec![0; 40] });
        assert_eq!(b.frames_in(), 4);
    }
}
