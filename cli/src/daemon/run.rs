//! `softmac daemon`: load the topology, bind the socket, serve until SIGTERM/SIGINT, clean up.
//!
//! Order, and why:
//! 0. SIGTERM/SIGINT handlers are installed before anything is created, so a signal that
//!    arrives while the topology is being built still ends in a clean shutdown.
//! 1. The topology file is read and validated completely before anything is created.
//! 2. The socket is bound next, so a second daemon on the same path fails before it creates
//!    a single TAP that would clash with the first one's.
//! 3. The topology is applied (radios, interfaces, addresses, APs, station connects).
//! 4. Clients are served until a signal arrives.
//! 5. Shutdown removes every interface (TAP) and radio; namespaces the daemon created go with
//!    their last TAP; the socket file is removed. A namespace that existed before is left.
//!
//! Host ports: as root every interface gets a TAP; otherwise the daemon still serves the
//! whole nl80211 API with in-memory ports and says so (a topology that asks for network
//! namespaces needs root and is refused).

use super::apply::{ApplyError, apply};
use super::config::{self, ConfigError, LinkModelKind, Topology};
use super::host::{HostBackend, PortMode};
use super::server::{Server, ServerError, ServerOptions, default_socket_path};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

/// What `softmac daemon` was asked to do.
#[derive(Clone, Debug, Default)]
pub struct DaemonOptions {
    /// Topology file.
    pub config: Option<PathBuf>,
    /// Socket path (overrides the file's).
    pub socket: Option<PathBuf>,
    /// Force in-memory ports even as root.
    pub no_tap: bool,
}

/// Why the daemon stopped with an error.
#[derive(Debug, thiserror::Error)]
pub enum DaemonError {
    /// The topology file cannot be read.
    #[error("cannot read {0}: {1}")]
    Read(PathBuf, std::io::Error),
    /// The topology file is wrong.
    #[error("{0}: {1}")]
    Config(PathBuf, ConfigError),
    /// Namespaces need root.
    #[error("{0}: interfaces in network namespaces need root (CAP_SYS_ADMIN, CAP_NET_ADMIN)")]
    NeedsRoot(PathBuf),
    /// The socket cannot be served.
    #[error(transparent)]
    Server(#[from] ServerError),
    /// The topology could not be brought up.
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// Signal handlers could not be installed.
    #[error("installing signal handlers: {0}")]
    Signals(std::io::Error),
}

/// Runs the daemon until SIGTERM or SIGINT. Needs a multi-threaded tokio runtime.
pub async fn run(options: &DaemonOptions) -> Result<(), DaemonError> {
    // Signals first: a SIGTERM that arrives while the topology is being built must still
    // clean up, not kill the process with TAPs and namespaces left behind.
    let shutdown = shutdown_signal().map_err(DaemonError::Signals)?;
    let topology = load(options.config.as_ref())?;
    let ports = port_mode(options, &topology)?;
    let socket =
        options.socket.clone().or_else(|| topology.socket.clone()).unwrap_or_else(default_socket_path);
    let server = Server::bind(&socket, &ServerOptions { mode: None, group: topology.group.clone() })?;
    let mut backend = HostBackend::with_speed(topology.seed, topology.model, ports, topology.speed);
    if let Err(e) = apply(&mut backend, &topology) {
        backend.shutdown();
        return Err(e.into());
    }
    tracing::info!(socket = %server.path().display(), ?ports, radios = topology.radios.len(), "serving nl80211");
    let backend = Arc::new(Mutex::new(backend));
    server.run(backend.clone(), shutdown).await;
    tracing::info!("shutting down: removing interfaces and radios");
    backend.lock().unwrap_or_else(|p| p.into_inner()).shutdown();
    Ok(())
}

fn load(path: Option<&PathBuf>) -> Result<Topology, DaemonError> {
    let Some(path) = path else {
        return Ok(Topology {
            socket: None,
            group: None,
            seed: 1,
            model: LinkModelKind::PathLoss,
            speed: 1,
            radios: Vec::new(),
        });
    };
    let text = std::fs::read_to_string(path).map_err(|e| DaemonError::Read(path.clone(), e))?;
    config::parse(&text).map_err(|e| DaemonError::Config(path.clone(), e))
}

fn port_mode(options: &DaemonOptions, topology: &Topology) -> Result<PortMode, DaemonError> {
    let root = nix::unistd::geteuid().is_root();
    let wants_netns = topology.radios.iter().flat_map(|r| &r.interfaces).any(|i| i.interface.netns.is_some());
    if wants_netns && (!root || options.no_tap) {
        return Err(DaemonError::NeedsRoot(options.config.clone().unwrap_or_default()));
    }
    if root && !options.no_tap {
        Ok(PortMode::Tap)
    } else {
        if !root {
            tracing::warn!("not root: interfaces get in-memory ports, not TAP devices");
        }
        Ok(PortMode::Memory)
    }
}

/// Completes on the first SIGTERM or SIGINT.
fn shutdown_signal() -> std::io::Result<impl Future<Output = ()>> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut term = signal(SignalKind::terminate())?;
    let mut int = signal(SignalKind::interrupt())?;
    Ok(async move {
        tokio::select! {
            _ = term.recv() => tracing::info!("SIGTERM"),
            _ = int.recv() => tracing::info!("SIGINT"),
        }
    })
}
