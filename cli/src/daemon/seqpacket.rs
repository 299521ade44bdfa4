//! Unix SEQPACKET sockets on tokio: the transport that stands in for AF_NETLINK.
//!
//! SEQPACKET keeps datagram boundaries (one `send` = one `recv`, like a netlink skb) over a
//! connection, so a dump arrives as the datagrams the server cut it into and a peer that goes
//! away is noticed. std and tokio have no SEQPACKET type; this wraps nix's calls in
//! [`AsyncFd`]. All sockets are non-blocking and close-on-exec.
//!
//! `unsafe` is confined here: [`AsyncFd::register`] requires that the descriptor stays open
//! and the same for the `AsyncFd`'s life, which an owned [`OwnedFd`] guarantees; and `accept4`
//! returns a raw descriptor that nothing else owns.

#![allow(unsafe_code)]

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;

use nix::sys::socket::{
    AddressFamily, Backlog, MsgFlags, SockFlag, SockType, UnixAddr, accept4, bind, connect, listen, recv,
    send, socket,
};
use tokio::io::unix::AsyncFd;

/// Flags of every socket: non-blocking for tokio, close-on-exec.
fn flags() -> SockFlag {
    SockFlag::SOCK_NONBLOCK | SockFlag::SOCK_CLOEXEC
}

fn register(fd: OwnedFd) -> io::Result<AsyncFd<OwnedFd>> {
    // SAFETY: `fd` is an OwnedFd moved into the AsyncFd: it stays open and refers to the same
    // socket until the AsyncFd drops it, and OwnedFd::as_raw_fd always returns that descriptor.
    unsafe { AsyncFd::register(fd) }.map_err(|e| e.into_parts().1)
}

/// A listening SEQPACKET socket.
#[derive(Debug)]
pub struct SeqpacketListener {
    fd: AsyncFd<OwnedFd>,
}

impl SeqpacketListener {
    /// Binds and listens on `path` (which must not exist). Needs a tokio runtime.
    pub fn bind(path: &Path) -> io::Result<SeqpacketListener> {
        let fd = socket(AddressFamily::Unix, SockType::SeqPacket, flags(), None)?;
        bind(fd.as_raw_fd(), &UnixAddr::new(path)?)?;
        listen(&fd, Backlog::new(128)?)?;
        Ok(SeqpacketListener { fd: register(fd)? })
    }

    /// Waits for the next connection.
    pub async fn accept(&self) -> io::Result<SeqpacketConn> {
        loop {
            let mut guard = self.fd.readable().await?;
            match guard.try_io(|fd| Ok(accept4(fd.as_raw_fd(), flags())?)) {
                Ok(Ok(raw)) => {
                    // SAFETY: accept4 just returned this descriptor; nothing else owns it.
                    let owned = unsafe { OwnedFd::from_raw_fd(raw) };
                    return Ok(SeqpacketConn { fd: register(owned)? });
                }
                Ok(Err(e)) if is_transient_accept_error(&e) => continue,
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => continue,
            }
        }
    }
}

/// Errors after which accept can simply be retried (the peer gave up, or a resource limit
/// that clears), as `accept(2)` documents for Linux.
fn is_transient_accept_error(e: &io::Error) -> bool {
    matches!(e.raw_os_error(), Some(libc_errno::ECONNABORTED | libc_errno::EINTR | libc_errno::EPROTO))
}

mod libc_errno {
    pub const EINTR: i32 = 4;
    pub const EPROTO: i32 = 71;
    pub const ECONNABORTED: i32 = 103;
}

/// One connected SEQPACKET socket (server side of a client, or a client).
#[derive(Debug)]
pub struct SeqpacketConn {
    fd: AsyncFd<OwnedFd>,
}

impl SeqpacketConn {
    /// Connects to the server at `path`. Needs a tokio runtime.
    pub async fn connect(path: &Path) -> io::Result<SeqpacketConn> {
        let fd = socket(AddressFamily::Unix, SockType::SeqPacket, flags(), None)?;
        // A Unix-socket connect completes at once or fails (EAGAIN when the backlog is full).
        connect(fd.as_raw_fd(), &UnixAddr::new(path)?)?;
        Ok(SeqpacketConn { fd: register(fd)? })
    }

    /// Receives one datagram into `buf`; 0 means the peer closed the connection. A datagram
    /// longer than `buf` is truncated (the rest is discarded, as with netlink).
    pub async fn recv(&self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let mut guard = self.fd.readable().await?;
            match guard.try_io(|fd| Ok(recv(fd.as_raw_fd(), buf, MsgFlags::MSG_DONTWAIT)?)) {
                Ok(result) => return result,
                Err(_would_block) => continue,
            }
        }
    }

    /// Sends one datagram, waiting while the peer's receive queue is full.
    pub async fn send(&self, datagram: &[u8]) -> io::Result<()> {
        loop {
            let mut guard = self.fd.writable().await?;
            let flags = MsgFlags::MSG_DONTWAIT | MsgFlags::MSG_NOSIGNAL;
            match guard.try_io(|fd| Ok(send(fd.as_raw_fd(), datagram, flags)?)) {
                Ok(Ok(n)) if n == datagram.len() => return Ok(()),
                Ok(Ok(n)) => return Err(io::Error::other(format!("short send: {n} of {}", datagram.len()))),
                Ok(Err(e)) => return Err(e),
                Err(_would_block) => continue,
            }
        }
    }
}
