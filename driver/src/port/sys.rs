//! The TAP and interface ioctls, the only `unsafe` code of the driver.
//!
//! Linux offers no syscall wrappers for these: `TUNSETIFF` and `TUNSETCARRIER` on the
//! `/dev/net/tun` file (`drivers/net/tun.c`), and `SIOCSIFHWADDR`, `SIOCSIFMTU`,
//! `SIOCGIFFLAGS`/`SIOCSIFFLAGS` on any socket of the namespace the interface lives in
//! (`net/core/dev_ioctl.c`). Each call passes a `struct ifreq` (or an `int`) the kernel reads
//! or writes in place; nothing here keeps a pointer past the call.

#![allow(unsafe_code)]

use super::PortError;
use mac80211_core::wire::MacAddr;
use nix::errno::Errno;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Checks a name the way the kernel's `dev_valid_name` does.
pub(crate) fn valid_ifname(name: &str) -> Result<(), PortError> {
    let bad = name.is_empty()
        || name.len() >= libc::IFNAMSIZ
        || name == "."
        || name == ".."
        || name.bytes().any(|b| b == b'/' || b == b':' || b == 0 || b.is_ascii_whitespace());
    if bad {
        return Err(PortError::Invalid(format!(
            "bad interface name {name:?} (1-15 bytes, no '/', ':' or spaces)"
        )));
    }
    Ok(())
}

/// A zeroed `ifreq` naming `name` (checked by [`valid_ifname`]).
fn ifreq(name: &str) -> Result<libc::ifreq, PortError> {
    valid_ifname(name)?;
    // SAFETY: `ifreq` is plain old data (a name array and a union of integers, sockaddrs and a
    // pointer); all-zero bytes are a valid value of every field.
    let mut req: libc::ifreq = unsafe { std::mem::zeroed() };
    for (dst, &src) in req.ifr_name.iter_mut().zip(name.as_bytes()) {
        *dst = src as libc::c_char;
    }
    Ok(req)
}

/// `TUNSETIFF`: makes the tun file a TAP device (Ethernet frames, no packet information) or,
/// with `layer3`, a TUN device with the 4-byte packet information header (flags, protocol):
/// without it the kernel drops every frame that is not IPv4 or IPv6. Named `name`; returns the
/// name the kernel gave it.
pub(crate) fn tun_set_iff(tun: BorrowedFd<'_>, name: &str, layer3: bool) -> Result<String, PortError> {
    let mut req = ifreq(name)?;
    let mode = if layer3 { libc::IFF_TUN } else { libc::IFF_TAP | libc::IFF_NO_PI };
    req.ifr_ifru.ifru_flags = mode as libc::c_short;
    // SAFETY: `tun` is an open /dev/net/tun descriptor; TUNSETIFF reads and writes the
    // `ifreq` we own for the duration of the call.
    let ret = unsafe { libc::ioctl(tun.as_raw_fd(), libc::TUNSETIFF, &mut req as *mut libc::ifreq) };
    Errno::result(ret).map_err(|e| PortError::os("TUNSETIFF", e))?;
    let bytes: Vec<u8> = req.ifr_name.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

/// `TUNSETLINK`: the device's link type (`ARPHRD_*`), what packet sockets and capture tools
/// read as the link layer. Only allowed while the device is down.
pub(crate) fn tun_set_link(tun: BorrowedFd<'_>, arphrd: u16) -> Result<(), PortError> {
    // SAFETY: TUNSETLINK takes its argument by value (the kernel casts `arg` to the type); no
    // memory is passed.
    let ret = unsafe { libc::ioctl(tun.as_raw_fd(), libc::TUNSETLINK, libc::c_ulong::from(arphrd)) };
    Errno::result(ret).map(drop).map_err(|e| PortError::os("TUNSETLINK", e))
}

/// `TUNSETCARRIER` (Linux ≥ 5.0): the carrier of the TAP device.
pub(crate) fn tun_set_carrier(tun: BorrowedFd<'_>, on: bool) -> Result<(), PortError> {
    let value: libc::c_int = on.into();
    // SAFETY: TUNSETCARRIER reads one `int` through the pointer, which lives across the call.
    let ret = unsafe { libc::ioctl(tun.as_raw_fd(), libc::TUNSETCARRIER, &value as *const libc::c_int) };
    Errno::result(ret).map(drop).map_err(|e| PortError::os("TUNSETCARRIER", e))
}

/// Runs a socket ioctl on `req`.
fn sock_ioctl(
    sock: BorrowedFd<'_>,
    request: libc::Ioctl,
    req: &mut libc::ifreq,
    op: &'static str,
) -> Result<(), PortError> {
    // SAFETY: `sock` is an open socket; the SIOC[GS]IF* requests read or write the `ifreq` we
    // own for the duration of the call and keep no pointer to it.
    let ret = unsafe { libc::ioctl(sock.as_raw_fd(), request, req as *mut libc::ifreq) };
    Errno::result(ret).map(drop).map_err(|e| PortError::os(op, e))
}

/// `SIOCSIFHWADDR`: the interface's Ethernet address.
pub(crate) fn set_hwaddr(sock: BorrowedFd<'_>, name: &str, addr: MacAddr) -> Result<(), PortError> {
    let mut req = ifreq(name)?;
    // SAFETY: writing a `sockaddr` into the union selects its `ifru_hwaddr` member; every
    // byte of it is initialised (zeroed above, then set).
    unsafe {
        req.ifr_ifru.ifru_hwaddr.sa_family = libc::ARPHRD_ETHER;
        for (dst, &src) in req.ifr_ifru.ifru_hwaddr.sa_data.iter_mut().zip(addr.0.iter()) {
            *dst = src as libc::c_char;
        }
    }
    sock_ioctl(sock, libc::SIOCSIFHWADDR, &mut req, "SIOCSIFHWADDR")
}

/// `SIOCSIFMTU`.
pub(crate) fn set_mtu(sock: BorrowedFd<'_>, name: &str, mtu: u32) -> Result<(), PortError> {
    let mut req = ifreq(name)?;
    req.ifr_ifru.ifru_mtu =
        libc::c_int::try_from(mtu).map_err(|_| PortError::Invalid(format!("MTU {mtu}")))?;
    sock_ioctl(sock, libc::SIOCSIFMTU, &mut req, "SIOCSIFMTU")
}

/// Sets `IFF_UP` (`ip link set NAME up`), keeping the other flags.
pub(crate) fn set_up(sock: BorrowedFd<'_>, name: &str) -> Result<(), PortError> {
    let mut req = ifreq(name)?;
    sock_ioctl(sock, libc::SIOCGIFFLAGS, &mut req, "SIOCGIFFLAGS")?;
    // SAFETY: SIOCGIFFLAGS filled the `ifru_flags` member just read.
    let flags = unsafe { req.ifr_ifru.ifru_flags };
    req.ifr_ifru.ifru_flags = flags | libc::IFF_UP as libc::c_short;
    sock_ioctl(sock, libc::SIOCSIFFLAGS, &mut req, "SIOCSIFFLAGS")
}

/// Registers the TAP descriptor with the tokio reactor (needs a runtime).
pub(crate) fn register_async(
    fd: std::os::fd::OwnedFd,
) -> std::io::Result<tokio::io::unix::AsyncFd<std::os::fd::OwnedFd>> {
    // SAFETY: an `OwnedFd` is a valid open descriptor that only it closes, and its
    // `as_raw_fd` always returns that same descriptor; the `AsyncFd` owns it from here on and
    // nothing else closes or replaces it.
    unsafe { tokio::io::unix::AsyncFd::register(fd) }.map_err(|e| e.into())
}
