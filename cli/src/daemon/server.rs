//! The daemon's socket: a Unix SEQPACKET listener serving [`Session`]s (mini-redis's shape:
//! `bind`, then `run(backend, shutdown)`, one task per connection).
//!
//! Contract:
//! - [`default_socket_path`]: `$XDG_RUNTIME_DIR/softmac/nl80211.sock`, else
//!   `/run/softmac/nl80211.sock`. [`Server::bind`] creates the directory, removes a stale
//!   socket file (one nobody answers on; a live one is `AddrInUse`), and sets the mode: 0600, or
//!   0660 and the group's ownership when a group is configured.
//! - Each client gets a task and a port id (1, 2, ...; replies carry it as `nlmsg_pid`). A
//!   request datagram is handled while holding the backend mutex, which is released before
//!   any reply is sent: the mutex is never held across an await.
//! - Replies go out one datagram at a time as the client's socket drains; a client that
//!   disconnects mid-dump ends its task at the next send, costing nothing more.
//! - Multicast: each task reads its own `Backend::subscribe` receiver, a bounded queue. A
//!   listener that falls behind loses the oldest events instead of stalling others; like
//!   netlink's ENOBUFS it then receives one NLMSG_ERROR with -ENOBUFS (sequence 0, port 0)
//!   and events resume; drops are counted in the task's trace.
//! - `run` returns when `shutdown` completes; it removes the socket file. Client tasks end
//!   when their peer closes.

use std::future::Future;
use std::io;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use tokio::sync::broadcast;
use tracing::Instrument;

use super::backend::{Backend, BackendEvent};
use super::seqpacket::{SeqpacketConn, SeqpacketListener};
use super::service::Session;
use crate::nl::ack::{self, ExtAck};

/// `ENOBUFS`: what netlink reports to a socket whose receive queue overflowed.
const ENOBUFS: i32 = 105;

/// Largest request datagram read (longer ones are truncated and then refused as malformed).
const MAX_REQUEST: usize = 64 * 1024;

/// The socket path when none is configured.
pub fn default_socket_path() -> PathBuf {
    match std::env::var_os("XDG_RUNTIME_DIR") {
        Some(dir) if !dir.is_empty() => PathBuf::from(dir).join("softmac/nl80211.sock"),
        _ => PathBuf::from("/run/softmac/nl80211.sock"),
    }
}

/// Who may connect.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ServerOptions {
    /// Socket file mode; 0600, or 0660 when `group` is set, when None.
    pub mode: Option<u32>,
    /// Group (name) that owns the socket file.
    pub group: Option<String>,
}

/// Why the server could not start.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// Another daemon answers on the socket.
    #[error("{0} is in use by a running daemon")]
    InUse(PathBuf),
    /// The configured group does not exist.
    #[error("no group named {0:?}")]
    NoSuchGroup(String),
    /// A system call failed.
    #[error("{what} {path}: {source}")]
    Io {
        /// What was being done.
        what: &'static str,
        /// On which path.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
}

fn io_err<'a>(what: &'static str, path: &'a Path) -> impl FnOnce(io::Error) -> ServerError + 'a {
    move |source| ServerError::Io { what, path: path.to_path_buf(), source }
}

/// A bound listener, ready to [`Server::run`].
#[derive(Debug)]
pub struct Server {
    listener: SeqpacketListener,
    path: PathBuf,
}

impl Server {
    /// Binds the socket at `path` (see the module docs). Needs a tokio runtime.
    pub fn bind(path: impl AsRef<Path>, options: &ServerOptions) -> Result<Server, ServerError> {
        let path = path.as_ref().to_path_buf();
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(io_err("creating", dir))?;
        }
        remove_stale(&path)?;
        let listener = SeqpacketListener::bind(&path).map_err(io_err("binding", &path))?;
        let mode = options.mode.unwrap_or(if options.group.is_some() { 0o660 } else { 0o600 });
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode))
            .map_err(io_err("chmod", &path))?;
        if let Some(name) = &options.group {
            let group = nix::unistd::Group::from_name(name)
                .map_err(|e| io_err("looking up group for", &path)(e.into()))?
                .ok_or_else(|| ServerError::NoSuchGroup(name.clone()))?;
            nix::unistd::chown(&path, None, Some(group.gid)).map_err(|e| io_err("chown", &path)(e.into()))?;
        }
        Ok(Server { listener, path })
    }

    /// The socket's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Serves clients until `shutdown` completes, then removes the socket file.
    pub async fn run<B: Backend + 'static>(self, backend: Arc<Mutex<B>>, shutdown: impl Future<Output = ()>) {
        tokio::pin!(shutdown);
        let mut next_port: u32 = 1;
        loop {
            tokio::select! {
                () = &mut shutdown => break,
                conn = self.listener.accept() => match conn {
                    Ok(conn) => {
                        let port = next_port;
                        next_port = next_port.wrapping_add(1).max(1);
                        let events = lock(&backend).subscribe();
                        let span = tracing::info_span!("client", port);
                        tokio::spawn(serve_client(conn, Session::new(port), backend.clone(), events).instrument(span));
                    }
                    Err(e) => tracing::warn!(error = %e, "accept failed"),
                },
            }
        }
        let _ = std::fs::remove_file(&self.path);
    }
}

/// Removes `path` if it is a socket nobody listens on; refuses if a daemon answers.
fn remove_stale(path: &Path) -> Result<(), ServerError> {
    let Ok(meta) = std::fs::symlink_metadata(path) else { return Ok(()) };
    if !meta.file_type().is_socket() {
        return Err(io_err("refusing to replace non-socket", path)(io::ErrorKind::AlreadyExists.into()));
    }
    if std::os::unix::net::UnixStream::connect(path).is_ok() || probe_seqpacket(path) {
        return Err(ServerError::InUse(path.to_path_buf()));
    }
    std::fs::remove_file(path).map_err(io_err("removing stale", path))
}

/// Whether a SEQPACKET server accepts connections at `path` (blocking connect, local only).
fn probe_seqpacket(path: &Path) -> bool {
    use nix::sys::socket::{AddressFamily, SockFlag, SockType, UnixAddr, connect, socket};
    use std::os::fd::AsRawFd;
    let Ok(fd) = socket(AddressFamily::Unix, SockType::SeqPacket, SockFlag::SOCK_CLOEXEC, None) else {
        return false;
    };
    UnixAddr::new(path).is_ok_and(|addr| connect(fd.as_raw_fd(), &addr).is_ok())
}

fn lock<B>(backend: &Mutex<B>) -> std::sync::MutexGuard<'_, B> {
    // A panic in another task while it held the backend leaves the data as it was; keep going.
    backend.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// One client: requests in, replies and multicast events out, until it hangs up.
async fn serve_client<B: Backend>(
    conn: SeqpacketConn,
    mut session: Session,
    backend: Arc<Mutex<B>>,
    mut events: broadcast::Receiver<BackendEvent>,
) {
    let mut buf = vec![0u8; MAX_REQUEST];
    let mut dropped: u64 = 0;
    let mut backend_gone = false;
    loop {
        let listening = !session.groups().is_empty() && !backend_gone;
        tokio::select! {
            received = conn.recv(&mut buf) => {
                let n = match received {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let was_listening = listening;
                let replies = session.handle(&mut *lock(&backend), &buf[..n]);
                if !was_listening && !session.groups().is_empty() {
                    // Start from now: events queued while nobody listened are not news.
                    events = events.resubscribe();
                }
                if send_all(&conn, &replies).await.is_err() {
                    break;
                }
            }
            event = events.recv(), if listening => match event {
                Ok(event) => {
                    if let Some(datagram) = session.event(&event)
                        && conn.send(&datagram).await.is_err()
                    {
                        break;
                    }
                }
                Err(broadcast::error::RecvError::Lagged(n)) => {
                    dropped += n;
                    tracing::warn!(lost = n, total = dropped, "multicast listener too slow; events dropped");
                    if conn.send(&enobufs()).await.is_err() {
                        break;
                    }
                }
                // The backend dropped its sender: keep answering requests, stop listening.
                Err(broadcast::error::RecvError::Closed) => backend_gone = true,
            },
        }
    }
    tracing::debug!(dropped, "client gone");
}

async fn send_all(conn: &SeqpacketConn, datagrams: &[Vec<u8>]) -> io::Result<()> {
    for d in datagrams {
        conn.send(d).await?;
    }
    Ok(())
}

/// The in-band overrun notice: NLMSG_ERROR -ENOBUFS, sequence 0, port 0.
fn enobufs() -> Vec<u8> {
    let header = netlink_packet_core::NetlinkHeader::default();
    let msg = ack::error(
        &header,
        &[0; crate::nl::NLMSG_HDRLEN],
        ENOBUFS,
        &ExtAck::msg("multicast events were dropped"),
    );
    msg.to_bytes()
}
