//! # The `softmac` iw-like client
//!
//! `softmac list`, `softmac dev wlan0 scan`, `softmac event`... speak nl80211's own wire
//! format (nlmsghdr + genlmsghdr + attributes, Linux numbering) to `softmac daemon` over its
//! Unix SEQPACKET socket, or with `--kernel` to the running kernel over AF_NETLINK, and print
//! what `iw` prints for the same command (docs/cli.md lists every command).
//!
//! Layers, bottom up: [`transport`] (one datagram in, one out), the shared codec
//! [`crate::nl`] (messages, attributes, ACKs and errors, the same the daemon speaks),
//! [`session`] (sequence numbers, dumps, nlctrl family resolution, group membership, queued
//! multicast events), [`model`] / [`event`] (what a reply means), [`format`] / [`ies`] (iw's text), [`args`] (iw's grammar) and
//! [`commands`] (the message sequence of each command).
//!
//! Exit status: 0 success, 1 the command failed (the message says why, iw-style:
//! `command failed: No such device (-19)`), 2 usage error.

pub mod args;
pub mod commands;
pub mod errno;
pub mod event;
pub mod format;
pub mod ies;
pub mod model;
pub mod progress;
pub mod session;
pub mod transport;

pub use args::{Command, GlobalArgs};

pub use crate::daemon::server::default_socket_path;

use session::{Session, SessionError};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit status of a failed command.
pub const EXIT_FAILED: u8 = 1;
/// Exit status of a usage error (clap's).
pub const EXIT_USAGE: u8 = 2;

/// The socket to use: `--socket`, else `$SOFTMAC_SOCKET`, else the default.
pub fn socket_path(opts: &GlobalArgs) -> PathBuf {
    opts.socket
        .clone()
        .or_else(|| std::env::var_os("SOFTMAC_SOCKET").filter(|v| !v.is_empty()).map(PathBuf::from))
        .unwrap_or_else(default_socket_path)
}

/// Runs a client command; prints results to stdout and errors to stderr.
pub fn run(root: &GlobalArgs, command: &Command) -> ExitCode {
    let (action, opts) = match args::action(root, command) {
        Ok(a) => a,
        Err(e) => {
            eprintln!("softmac: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let mut stdout = std::io::stdout().lock();
    let result = if opts.kernel {
        match transport::KernelTransport::open() {
            Ok(t) => commands::execute(&mut Session::new(t), &action, opts.json, &mut stdout)
                .map_err(kernel_message),
            Err(e) => Err(format!("cannot open a generic netlink socket: {e}")),
        }
    } else {
        let path = socket_path(&opts);
        match transport::UnixTransport::connect(&path) {
            Ok(t) => commands::execute(&mut Session::new(t), &action, opts.json, &mut stdout)
                .map_err(|e| e.to_string()),
            Err(e) => Err(unreachable_daemon(&path, &e)),
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("{msg}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}

/// The message for a daemon that cannot be reached.
pub fn unreachable_daemon(path: &Path, e: &std::io::Error) -> String {
    format!("cannot reach the softmac daemon at {}: is `softmac daemon` running? ({e})", path.display())
}

fn kernel_message(e: commands::ClientError) -> String {
    match e {
        commands::ClientError::Session(SessionError::NoFamily(f)) if f == commands::NL80211 => {
            "the kernel has no nl80211 family (no cfg80211 loaded)".to_string()
        }
        commands::ClientError::Session(SessionError::NoFamily(f)) if f == commands::HWSIM => {
            "the kernel has no MAC80211_HWSIM family (mac80211_hwsim not loaded)".to_string()
        }
        other => other.to_string(),
    }
}
