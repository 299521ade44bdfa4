//! Bringing a topology file to life on a backend.
//!
//! Order matters the way it does on Linux: a radio exists before its interfaces, an
//! interface (and its TAP) before addresses are assigned to it, and an AP is started before
//! stations try to join it (so their first scan finds it). Stations then connect on their
//! own; the daemon does not wait for them, as wpa_supplicant does not block `ip`.

use super::backend::{Backend, BackendError, IfaceCommand};
use super::config::{StartAction, Topology};
use std::net::Ipv4Addr;
use std::process::Command;

/// A topology step failed; nothing after it was done.
#[derive(Debug, thiserror::Error)]
pub enum ApplyError {
    /// The backend refused a step.
    #[error("{what}: {why}")]
    Backend {
        /// The step, naming the radio or interface.
        what: String,
        /// Why.
        why: BackendError,
    },
    /// `ip addr add` failed.
    #[error("assigning {addr}/{prefix} to {ifname}: {message}")]
    Address {
        /// The interface.
        ifname: String,
        /// The address.
        addr: Ipv4Addr,
        /// Its prefix length.
        prefix: u8,
        /// What `ip` said.
        message: String,
    },
}

/// Creates every radio and interface of `topology`, assigns addresses, starts APs, then
/// starts station connections.
pub fn apply(backend: &mut dyn Backend, topology: &Topology) -> Result<(), ApplyError> {
    let mut connects = Vec::new();
    for plan in &topology.radios {
        let radio = backend.new_radio(plan.radio.clone()).map_err(|why| ApplyError::Backend {
            what: format!("creating radio {}", plan.radio.name.as_deref().unwrap_or("(unnamed)")),
            why,
        })?;
        for iplan in &plan.interfaces {
            let mut req = iplan.interface.clone();
            req.wiphy = radio.index;
            let name = req.name.clone();
            let netns = req.netns.clone();
            let iface = backend
                .new_interface(req)
                .map_err(|why| ApplyError::Backend { what: format!("creating interface {name}"), why })?;
            for &(addr, prefix) in &iplan.addresses {
                assign_address(netns.as_deref(), &name, addr, prefix)?;
            }
            match &iplan.start {
                StartAction::Idle => {}
                StartAction::StartAp(config) => backend
                    .command(iface.ifindex, IfaceCommand::StartAp(config.clone()))
                    .map_err(|why| ApplyError::Backend { what: format!("starting AP {name}"), why })?,
                StartAction::Connect(req) => connects.push((iface.ifindex, name, req.clone())),
            }
        }
    }
    for (ifindex, name, req) in connects {
        backend
            .command(ifindex, IfaceCommand::Connect(req))
            .map_err(|why| ApplyError::Backend { what: format!("connecting {name}"), why })?;
    }
    Ok(())
}

/// `ip [-n NETNS] addr add ADDR/PREFIX dev IFNAME`.
fn assign_address(netns: Option<&str>, ifname: &str, addr: Ipv4Addr, prefix: u8) -> Result<(), ApplyError> {
    let mut cmd = Command::new("ip");
    if let Some(ns) = netns {
        cmd.args(["-n", ns]);
    }
    cmd.args(["addr", "add", &format!("{addr}/{prefix}"), "dev", ifname]);
    let failed = |message: String| ApplyError::Address { ifname: ifname.to_owned(), addr, prefix, message };
    let out = cmd.output().map_err(|e| failed(format!("cannot run `ip`: {e}")))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(failed(String::from_utf8_lossy(&out.stderr).trim().to_owned()))
    }
}
