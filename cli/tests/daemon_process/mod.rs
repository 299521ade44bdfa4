//! `softmac daemon` as a child process, and the `softmac` client pointed at it: what the
//! process-level tests (end to end, namespaces, monitor capture) share.

#![allow(dead_code)]

use nix::sys::signal::{Signal, kill};
use nix::unistd::Pid;
use softmac_cli::client::transport::UnixTransport;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// The binary under test.
pub const BIN: &str = env!("CARGO_BIN_EXE_softmac");

/// How long a wait for the daemon may take before the test gives up (a bound on a hang, not
/// a measured duration).
const PATIENCE: Duration = Duration::from_secs(20);

/// What one CLI run left behind.
pub struct Run {
    /// Exit status.
    pub code: Option<i32>,
    /// What it printed.
    pub stdout: String,
    /// What it printed on stderr.
    pub stderr: String,
}

/// A `softmac daemon` child on a socket of its own; SIGKILLed if a test fails before `stop`.
pub struct Daemon {
    child: Child,
    /// Its directory (topology, log, socket).
    pub dir: PathBuf,
    /// Its socket.
    pub socket: PathBuf,
}

impl Daemon {
    /// Starts `softmac daemon [EXTRA...] --config` on `topology` in a fresh directory named
    /// after `name`, and waits until it serves.
    pub fn start(name: &str, topology: &str, extra: &[&str]) -> Daemon {
        let dir = std::env::temp_dir().join(format!("softmac-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let config = dir.join("topology.toml");
        std::fs::write(&config, topology).unwrap();
        let socket = dir.join("nl80211.sock");
        let log = std::fs::File::create(dir.join("daemon.log")).unwrap();
        let child = Command::new(BIN)
            .arg("--socket")
            .arg(&socket)
            .arg("daemon")
            .args(extra)
            .arg("--config")
            .arg(&config)
            .env("RUST_LOG", "warn")
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("spawn softmac daemon");
        let mut daemon = Daemon { child, dir, socket };
        daemon.wait_for_socket();
        daemon
    }

    /// The daemon binds, builds the topology, then serves: a connection that succeeds is
    /// answered with the whole topology in place.
    fn wait_for_socket(&mut self) {
        let deadline = Instant::now() + PATIENCE;
        while UnixTransport::connect(&self.socket).is_err() {
            if let Some(status) = self.child.try_wait().unwrap() {
                panic!("daemon exited with {status}: {}", self.log());
            }
            assert!(Instant::now() < deadline, "daemon never listened: {}", self.log());
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.join("daemon.log")).unwrap_or_default()
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.arg("--socket").arg(&self.socket).args(args);
        cmd
    }

    pub fn run(&self, args: &[&str]) -> Run {
        let out = self.command(args).output().expect("run softmac");
        Run {
            code: out.status.code(),
            stdout: String::from_utf8(out.stdout).unwrap(),
            stderr: String::from_utf8(out.stderr).unwrap(),
        }
    }

    /// Runs a command that must succeed; its stdout.
    pub fn ok(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(0), "softmac {args:?} failed: {}", r.stderr);
        r.stdout
    }

    /// Runs a command that must fail with exit status 1; its stderr.
    pub fn fails(&self, args: &[&str]) -> String {
        let r = self.run(args);
        assert_eq!(r.code, Some(1), "softmac {args:?}: stdout {:?} stderr {:?}", r.stdout, r.stderr);
        assert!(r.stdout.is_empty(), "a failure prints nothing on stdout: {:?}", r.stdout);
        r.stderr
    }

    pub fn json(&self, args: &[&str]) -> serde_json::Value {
        let mut all = vec!["--json"];
        all.extend_from_slice(args);
        let out = self.ok(&all);
        serde_json::from_str(&out).unwrap_or_else(|e| panic!("softmac {all:?}: not JSON ({e}): {out}"))
    }

    /// SIGTERM, then the exit status.
    pub fn stop(mut self) -> ExitStatus {
        kill(Pid::from_raw(self.child.id() as i32), Signal::SIGTERM).unwrap();
        self.child.wait().unwrap()
    }
}

impl Drop for Daemon {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A finished command's stdout, after asserting it succeeded (`what` names it on failure).
pub fn checked(what: &str, out: std::process::Output) -> String {
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{what} failed ({}):\n{stdout}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

/// True when `name` is an existing network device in this namespace.
pub fn netdev_exists(name: &str) -> bool {
    Path::new("/sys/class/net").join(name).exists()
}
