//! A Linux TAP device as a port: `IFF_TAP | IFF_NO_PI` on `/dev/net/tun`.
//!
//! [`TapPort::create`] does what `ip tuntap add` + `ip link set` would, by ioctl (see
//! `sys`): `TUNSETIFF` with the name, `TUNSETCARRIER` off (the carrier follows
//! the link, set by the runner), `SIOCSIFHWADDR` with the interface's MAC address,
//! `SIOCSIFMTU` 1500, and `IFF_UP`. The device is not persistent: closing the descriptor
//! (dropping the port) removes it, as the kernel does for a TAP whose last file goes.
//!
//! With a [`Netns`], all of that runs on a helper thread inside the namespace, so the device
//! is born there; the descriptor then keeps working from the daemon's namespace.
//!
//! Reads and writes are non-blocking on a tokio `AsyncFd`. A frame the kernel cannot take
//! (`EAGAIN`) is dropped and counted by the runner, like a full backlog in `netif_rx`.
//!
//! Raw ioctls over nix rather than the `tun-rs` crate: the whole device setup is five ioctls,
//! `TUNSETCARRIER` and namespace-aware creation are needed and not all exposed there, and the
//! `unsafe` stays in one 100-line module we can read.

use super::sys;
use super::{NetPort, PortCounters, PortError};
use crate::netns::Netns;
use mac80211_core::wire::MacAddr;
use nix::fcntl::{OFlag, open};
use nix::sys::socket::{AddressFamily, SockFlag, SockType, socket};
use nix::sys::stat::Mode;
use std::os::fd::{AsFd, OwnedFd};
use std::sync::Arc;
use std::task::{Context, Poll, ready};
use tokio::io::unix::AsyncFd;

/// Largest frame read from the device: a 64 KiB buffer fits any MTU a TAP can be set to.
const READ_BUF: usize = 65_536;

/// How to create a TAP port.
#[derive(Clone, Debug)]
pub struct TapConfig {
    /// Device name (1-15 bytes).
    pub name: String,
    /// Its Ethernet address (the interface's).
    pub addr: MacAddr,
    /// MTU (default 1500).
    pub mtu: u32,
    /// Namespace to create it in (default: the caller's).
    pub netns: Option<Netns>,
    /// What its frames are.
    pub link: LinkKind,
}

/// The link layer of a port's device.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    /// Ethernet II frames: a TAP device (IFF_TAP), what station and AP interfaces carry.
    Ethernet,
    /// Radiotap + 802.11 frames: a TUN device (IFF_TUN) whose link type is
    /// `ARPHRD_IEEE80211_RADIOTAP`, like a Linux monitor interface, so `tcpdump -i` and
    /// Wireshark capture it as 802.11 with radiotap.
    Radiotap,
}

/// `ARPHRD_IEEE80211_RADIOTAP` (`include/uapi/linux/if_arp.h`).
const ARPHRD_IEEE80211_RADIOTAP: u16 = 803;

/// The `struct tun_pi` a radiotap device's frames carry: no flags, protocol `ETH_P_802_2`
/// (big-endian), the protocol mac80211 gives frames it hands to monitor interfaces.
const RADIOTAP_PI: [u8; 4] = [0, 0, 0x00, 0x04];

impl TapConfig {
    /// A TAP named `name` with address `addr`, MTU 1500, in the caller's namespace.
    pub fn new(name: &str, addr: MacAddr) -> TapConfig {
        TapConfig { name: name.to_owned(), addr, mtu: 1500, netns: None, link: LinkKind::Ethernet }
    }

    /// A monitor device named `name`: radiotap + 802.11 frames (see [`LinkKind::Radiotap`]).
    pub fn radiotap(name: &str, addr: MacAddr) -> TapConfig {
        TapConfig { link: LinkKind::Radiotap, ..TapConfig::new(name, addr) }
    }

    /// The same TAP, created inside `netns`.
    #[must_use]
    pub fn in_netns(mut self, netns: Netns) -> TapConfig {
        self.netns = Some(netns);
        self
    }
}

/// A TAP device. Dropping it removes the device.
pub struct TapPort {
    name: String,
    fd: AsyncFd<OwnedFd>,
    counters: Arc<PortCounters>,
    buf: Box<[u8]>,
    /// Keeps the namespace alive (and undeleted) while the device lives in it.
    netns: Option<Netns>,
    /// Frames carry a `tun_pi` header (radiotap devices).
    with_pi: bool,
}

impl std::fmt::Debug for TapPort {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TapPort").field("name", &self.name).field("netns", &self.netns).finish()
    }
}

impl TapPort {
    /// Creates and brings up the device, carrier off. Needs CAP_NET_ADMIN and a tokio
    /// runtime (the descriptor registers with its reactor).
    pub fn create(config: TapConfig) -> Result<TapPort, PortError> {
        sys::valid_ifname(&config.name)?;
        let (name, fd) = match &config.netns {
            Some(ns) => ns.run_inside(|| open_configured(&config)).map_err(|e| PortError::Os {
                op: "entering network namespace",
                source: std::io::Error::other(e.to_string()),
            })??,
            None => open_configured(&config)?,
        };
        let fd =
            sys::register_async(fd).map_err(|source| PortError::Os { op: "registering the TAP", source })?;
        tracing::info!(tap = %name, addr = %config.addr, netns = ?config.netns.as_ref().map(Netns::name), "TAP created");
        Ok(TapPort {
            name,
            fd,
            counters: Arc::new(PortCounters::default()),
            buf: vec![0; READ_BUF].into_boxed_slice(),
            netns: config.netns,
            with_pi: config.link == LinkKind::Radiotap,
        })
    }

    /// The namespace it lives in, when not the daemon's.
    pub fn netns(&self) -> Option<&Netns> {
        self.netns.as_ref()
    }
}

/// Opens the TAP and configures it, in the calling thread's namespace.
fn open_configured(config: &TapConfig) -> Result<(String, OwnedFd), PortError> {
    let flags = OFlag::O_RDWR | OFlag::O_NONBLOCK | OFlag::O_CLOEXEC;
    let tun =
        open("/dev/net/tun", flags, Mode::empty()).map_err(|e| PortError::os("open /dev/net/tun", e))?;
    let radiotap = config.link == LinkKind::Radiotap;
    let name = sys::tun_set_iff(tun.as_fd(), &config.name, radiotap)?;
    sys::tun_set_carrier(tun.as_fd(), false)?;
    let sock = socket(AddressFamily::Inet, SockType::Datagram, SockFlag::SOCK_CLOEXEC, None)
        .map_err(|e| PortError::os("socket", e))?;
    if radiotap {
        sys::tun_set_link(tun.as_fd(), ARPHRD_IEEE80211_RADIOTAP)?;
    } else {
        sys::set_hwaddr(sock.as_fd(), &name, config.addr)?;
    }
    sys::set_mtu(sock.as_fd(), &name, config.mtu)?;
    sys::set_up(sock.as_fd(), &name)?;
    Ok((name, tun))
}

impl NetPort for TapPort {
    fn name(&self) -> &str {
        &self.name
    }

    fn poll_recv(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, PortError>> {
        loop {
            let mut guard = ready!(self.fd.poll_read_ready(cx))
                .map_err(|source| PortError::Os { op: "polling the TAP", source })?;
            let buf = &mut self.buf;
            match guard.try_io(|fd| nix::unistd::read(fd.get_ref(), buf).map_err(std::io::Error::from)) {
                Ok(Ok(0)) => return Poll::Ready(Err(PortError::Closed)),
                Ok(Ok(n)) => {
                    let skip = if self.with_pi { RADIOTAP_PI.len().min(n) } else { 0 };
                    return Poll::Ready(Ok(self.buf[skip..n].to_vec()));
                }
                Ok(Err(source)) => return Poll::Ready(Err(PortError::Os { op: "reading the TAP", source })),
                // Spurious readiness: `try_io` cleared it; poll again to re-register.
                Err(_would_block) => continue,
            }
        }
    }

    fn send(&mut self, frame: &[u8]) -> Result<(), PortError> {
        let written = if self.with_pi {
            let pi = std::io::IoSlice::new(&RADIOTAP_PI);
            nix::sys::uio::writev(self.fd.get_ref(), &[pi, std::io::IoSlice::new(frame)])
        } else {
            nix::unistd::write(self.fd.get_ref(), frame)
        };
        match written {
            Ok(_) => Ok(()),
            Err(nix::Error::EAGAIN) => Err(PortError::Full),
            Err(e) => Err(PortError::os("writing the TAP", e)),
        }
    }

    fn set_carrier(&mut self, on: bool) -> Result<(), PortError> {
        sys::tun_set_carrier(self.fd.get_ref().as_fd(), on)
    }

    fn counters(&self) -> &Arc<PortCounters> {
        &self.counters
    }
}
