//! `softmac daemon` as a child process, and the `softmac` client pointed at it: what the
//! process-level tests (end to end, namespaces, monitor capture) share.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A running daemon with its own topology file and socket in a fresh directory. Killed when
/// dropped; [`Daemon::stop`] ends it as a user would (SIGTERM) and checks it exits cleanly.
pub struct Daemon {
    child: Child,
    /// Its socket.
    pub socket: PathBuf,
    /// Its directory (topology, socket).
    pub dir: PathBuf,
}

impl Daemon {
    /// Starts `softmac daemon --config` on `topology` (plus `extra` arguments) and waits for
    /// its socket. `tag` names the directory.
    pub fn start(tag: &str, topology: &str, extra: &[&str]) -> Daemon {
        let dir = std::env::temp_dir().join(format!("softmac-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("world.toml");
        std::fs::write(&config, topology).unwrap();
        let socket = dir.join("nl80211.sock");
        let child = Command::new(env!("CARGO_BIN_EXE_softmac"))
            .arg("--socket")
            .arg(&socket)
            .arg("daemon")
            .args(extra)
            .arg("--config")
            .arg(&config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .spawn()
            .expect("spawn the daemon");
        let daemon = Daemon { child, socket, dir };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !daemon.socket.exists() {
            assert!(Instant::now() < deadline, "the daemon never bound {}", daemon.socket.display());
            sleep(Duration::from_millis(20));
        }
        daemon
    }

    /// Runs `softmac --socket SOCKET ARGS...`.
    pub fn run(&self, args: &[&str]) -> Output {
        self.client(args).output().expect("run softmac")
    }

    /// The client command, to spawn it (`softmac event`).
    pub fn client(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_softmac"));
        cmd.arg("--socket").arg(&self.socket).args(args);
        cmd
    }

    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        checked(&format!("{args:?}"), self.run(args))
    }

    /// Runs a command that must fail with exit status 1; its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let out = self.run(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {}", String::from_utf8_lossy(&out.stdout));
        String::from_utf8_lossy(&out.stderr).into_owned()
    }

    /// SIGTERM, then waits for a clean exit; returns the socket path (which must be gone).
    pub fn stop(mut self) -> PathBuf {
        Command::new("kill").args(["-TERM", &self.child.id().to_string()]).status().unwrap();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                assert!(status.success(), "daemon exited with {status}");
                return self.socket.clone();
            }
            assert!(Instant::now() < deadline, "daemon ignored SIGTERM");
            sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A finished command's stdout, after asserting it succeeded (`what` names it on failure).
pub fn checked(what: &str, out: Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// True when `path` names an existing network device in this namespace.
pub fn netdev_exists(name: &str) -> bool {
    Path::new("/sys/class/net").join(name).exists()
}
