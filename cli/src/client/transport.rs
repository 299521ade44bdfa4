//! Datagram transports for netlink messages: the daemon's Unix socket and the kernel.
//!
//! [`NlTransport`] is the narrow edge the client talks through: send one datagram, receive
//! one with a timeout, join a multicast group. Two implementations:
//!
//! - [`UnixTransport`]: `AF_UNIX`/`SOCK_SEQPACKET` to `softmac daemon`. SEQPACKET keeps
//!   message boundaries, as a netlink socket does, so the bytes are the same nlmsghdr +
//!   genlmsghdr + attributes Linux carries; group membership is requested in-band (see
//!   `docs/netlink.md`, "multicast").
//! - [`KernelTransport`]: `AF_NETLINK`/`NETLINK_GENERIC` to the running kernel's nl80211,
//!   with `NETLINK_EXT_ACK` on (the kernel then explains refusals) and
//!   `NETLINK_ADD_MEMBERSHIP` for groups. A raw nix socket is enough here because the codec
//!   already produces and parses the bytes; neli would add a second message model.
//!
//! Both are blocking sockets waited on with `poll(2)`: a CLI does one thing at a time.

use nix::libc;
use nix::poll::{PollFd, PollFlags, PollTimeout, poll};
use nix::sys::socket::{
    AddressFamily, MsgFlags, NetlinkAddr, SockFlag, SockProtocol, SockType, UnixAddr, bind, connect,
    getsockname, recv, send, setsockopt, socket,
};
use nix::{setsockopt_impl, sockopt_impl};
use std::io;
use std::os::fd::{AsFd, OwnedFd};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// The largest datagram the client reads (the kernel's dumps use at most 32 KiB).
const MAX_DATAGRAM: usize = 256 * 1024;

/// A datagram transport for netlink messages.
pub trait NlTransport {
    /// Sends one datagram (one or more netlink messages).
    fn send(&mut self, datagram: &[u8]) -> io::Result<()>;
    /// Receives one datagram, waiting at most `timeout` (forever when None).
    /// `Ok(None)` when the time ran out.
    fn recv(&mut self, timeout: Option<Duration>) -> io::Result<Option<Vec<u8>>>;
    /// Joins multicast group `group` (an id from nlctrl's `CTRL_ATTR_MCAST_GROUPS`) out of
    /// band (a socket option). Transports that join in-band (see [`Self::joins_in_band`])
    /// leave this to the session.
    fn join_group(&mut self, group: u32) -> io::Result<()>;
    /// True when group membership is a request message (the daemon's Unix socket).
    fn joins_in_band(&self) -> bool {
        false
    }
    /// The local port id stamped on requests (0 lets the peer fill it in).
    fn port_id(&self) -> u32 {
        0
    }
}

fn io_err(e: nix::Error) -> io::Error {
    io::Error::from_raw_os_error(e as i32)
}

fn recv_with_timeout(fd: &OwnedFd, timeout: Option<Duration>) -> io::Result<Option<Vec<u8>>> {
    let wait = match timeout {
        None => PollTimeout::NONE,
        Some(t) => PollTimeout::try_from(t).unwrap_or(PollTimeout::MAX),
    };
    let mut fds = [PollFd::new(fd.as_fd(), PollFlags::POLLIN)];
    loop {
        match poll(&mut fds, wait) {
            Ok(0) => return Ok(None),
            Ok(_) => break,
            Err(nix::Error::EINTR) => continue,
            Err(e) => return Err(io_err(e)),
        }
    }
    let mut buf = vec![0; MAX_DATAGRAM];
    let n = recv(std::os::fd::AsRawFd::as_raw_fd(fd), &mut buf, MsgFlags::empty()).map_err(io_err)?;
    if n == 0 {
        return Err(io::Error::new(io::ErrorKind::UnexpectedEof, "the peer closed the connection"));
    }
    buf.truncate(n);
    Ok(Some(buf))
}

/// A connection to `softmac daemon` over its Unix SEQPACKET socket.
pub struct UnixTransport {
    fd: OwnedFd,
    path: PathBuf,
}

impl UnixTransport {
    /// Connects to the daemon's socket.
    pub fn connect(path: &Path) -> io::Result<UnixTransport> {
        let fd =
            socket(AddressFamily::Unix, SockType::SeqPacket, SockFlag::SOCK_CLOEXEC, None).map_err(io_err)?;
        let addr = UnixAddr::new(path).map_err(io_err)?;
        connect(std::os::fd::AsRawFd::as_raw_fd(&fd), &addr).map_err(io_err)?;
        Ok(UnixTransport { fd, path: path.to_path_buf() })
    }

    /// The socket path.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl NlTransport for UnixTransport {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        send(std::os::fd::AsRawFd::as_raw_fd(&self.fd), datagram, MsgFlags::MSG_NOSIGNAL).map_err(io_err)?;
        Ok(())
    }

    fn recv(&mut self, timeout: Option<Duration>) -> io::Result<Option<Vec<u8>>> {
        recv_with_timeout(&self.fd, timeout)
    }

    fn join_group(&mut self, _group: u32) -> io::Result<()> {
        Err(io::Error::new(io::ErrorKind::Unsupported, "a Unix socket joins groups in-band"))
    }

    fn joins_in_band(&self) -> bool {
        true
    }
}

nix::sockopt_impl!(
    /// `NETLINK_ADD_MEMBERSHIP`: join a multicast group by id.
    NetlinkAddMembership,
    SetOnly,
    libc::SOL_NETLINK,
    libc::NETLINK_ADD_MEMBERSHIP,
    usize
);
nix::sockopt_impl!(
    /// `NETLINK_EXT_ACK`: ask for extended-ACK messages on errors.
    NetlinkExtAck,
    SetOnly,
    libc::SOL_NETLINK,
    libc::NETLINK_EXT_ACK,
    usize
);

/// A generic netlink socket to the running kernel.
pub struct KernelTransport {
    fd: OwnedFd,
    port: u32,
}

impl KernelTransport {
    /// Opens and binds an `AF_NETLINK`/`NETLINK_GENERIC` socket.
    pub fn open() -> io::Result<KernelTransport> {
        let fd = socket(
            AddressFamily::Netlink,
            SockType::Raw,
            SockFlag::SOCK_CLOEXEC,
            SockProtocol::NetlinkGeneric,
        )
        .map_err(io_err)?;
        let raw = std::os::fd::AsRawFd::as_raw_fd(&fd);
        bind(raw, &NetlinkAddr::new(0, 0)).map_err(io_err)?;
        // Without it the kernel refuses silently; a failure only loses the explanation.
        let _ = setsockopt(&fd, NetlinkExtAck, &1);
        let port = getsockname::<NetlinkAddr>(raw).map(|a| a.pid()).unwrap_or(0);
        Ok(KernelTransport { fd, port })
    }
}

impl NlTransport for KernelTransport {
    fn send(&mut self, datagram: &[u8]) -> io::Result<()> {
        send(std::os::fd::AsRawFd::as_raw_fd(&self.fd), datagram, MsgFlags::empty()).map_err(io_err)?;
        Ok(())
    }

    fn recv(&mut self, timeout: Option<Duration>) -> io::Result<Option<Vec<u8>>> {
        recv_with_timeout(&self.fd, timeout)
    }

    fn join_group(&mut self, group: u32) -> io::Result<()> {
        setsockopt(&self.fd, NetlinkAddMembership, &(group as usize)).map_err(io_err)
    }

    fn port_id(&self) -> u32 {
        self.port
    }
}
