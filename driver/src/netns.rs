//! Named network namespaces, as `ip netns` keeps them: a file under `/run/netns` with the
//! namespace bind-mounted on it.
//!
//! [`Netns::open_or_create`] opens `/run/netns/NAME`, creating it the way `ip netns add`
//! does when missing (iproute2 `netns_add`): make `/run/netns` a shared mount point, create
//! the file, `unshare(CLONE_NEWNET)` in a helper thread and bind-mount that thread's
//! `/proc/thread-self/ns/net` on the file. A namespace made here is remembered as ours: when
//! the last [`Netns`] handle for it is dropped it is deleted like `ip netns del` (lazy
//! unmount, unlink). A namespace that existed before is never deleted. Every [`TapPort`]
//! created in a namespace holds a handle, so ports close first and the namespace goes after.
//!
//! Work inside a namespace ([`Netns::run_inside`]) happens on a short-lived thread that
//! `setns()`es into it: namespaces are per thread, so the caller's threads (the tokio
//! runtime's) never move. A TAP opened there stays in that namespace while its file
//! descriptor keeps working from the daemon's own (the descriptor carries the device).
//!
//! Handles of one name share one registry entry per process, so "ours" is decided once.
//!
//! [`TapPort`]: crate::port::TapPort

use nix::fcntl::{OFlag, open};
use nix::mount::{MntFlags, MsFlags, mount, umount2};
use nix::sched::{CloneFlags, setns, unshare};
use nix::sys::stat::Mode;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

/// Where `ip netns` keeps named namespaces.
pub const NETNS_RUN_DIR: &str = "/run/netns";

/// Why a namespace operation failed.
#[derive(Debug, thiserror::Error)]
pub enum NetnsError {
    /// The name cannot be a file name under `/run/netns`.
    #[error("bad namespace name {0:?}")]
    BadName(String),
    /// A system call failed.
    #[error("{op} {path}: {source}")]
    Os {
        /// What was being done.
        op: &'static str,
        /// On which path.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// The helper thread died.
    #[error("namespace helper thread panicked")]
    Helper,
}

fn os(op: &'static str, path: &Path, e: impl Into<std::io::Error>) -> NetnsError {
    NetnsError::Os { op, path: path.display().to_string(), source: e.into() }
}

struct Inner {
    name: String,
    path: PathBuf,
    created: bool,
}

/// A named network namespace. Cheap to clone; see the module documentation for lifetime.
#[derive(Clone)]
pub struct Netns(Arc<Inner>);

impl std::fmt::Debug for Netns {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Netns").field("name", &self.0.name).field("created", &self.0.created).finish()
    }
}

/// Namespaces with live handles in this process, by name.
static REGISTRY: Mutex<BTreeMap<String, Weak<Inner>>> = Mutex::new(BTreeMap::new());

fn registry() -> std::sync::MutexGuard<'static, BTreeMap<String, Weak<Inner>>> {
    REGISTRY.lock().unwrap_or_else(|p| p.into_inner())
}

impl Netns {
    /// The namespace `/run/netns/NAME`, created when missing (then deleted with its last
    /// handle). Needs root (CAP_SYS_ADMIN).
    pub fn open_or_create(name: &str) -> Result<Netns, NetnsError> {
        if name.is_empty() || name.len() > 255 || name.contains('/') || name == "." || name == ".." {
            return Err(NetnsError::BadName(name.to_owned()));
        }
        loop {
            let mut reg = registry();
            match reg.get(name).map(Weak::upgrade) {
                Some(Some(inner)) => return Ok(Netns(inner)),
                // The last handle is being dropped right now; its deletion takes the lock.
                Some(None) => {
                    drop(reg);
                    std::thread::yield_now();
                    continue;
                }
                None => {}
            }
            let path = Path::new(NETNS_RUN_DIR).join(name);
            let created = if path.exists() {
                false
            } else {
                create(&path)?;
                tracing::info!(netns = name, "network namespace created");
                true
            };
            let inner = Arc::new(Inner { name: name.to_owned(), path, created });
            reg.insert(name.to_owned(), Arc::downgrade(&inner));
            return Ok(Netns(inner));
        }
    }

    /// Its name.
    pub fn name(&self) -> &str {
        &self.0.name
    }

    /// Its file, `/run/netns/NAME`.
    pub fn path(&self) -> &Path {
        &self.0.path
    }

    /// True when this process created it (and so deletes it with its last handle).
    pub fn created_by_us(&self) -> bool {
        self.0.created
    }

    /// True when `/run/netns/NAME` exists.
    pub fn exists(name: &str) -> bool {
        Path::new(NETNS_RUN_DIR).join(name).exists()
    }

    /// Runs `f` on a helper thread that has entered the namespace.
    pub fn run_inside<R: Send>(&self, f: impl FnOnce() -> R + Send) -> Result<R, NetnsError> {
        let path = self.path();
        std::thread::scope(|s| {
            s.spawn(|| {
                let fd = open(path, OFlag::O_RDONLY | OFlag::O_CLOEXEC, Mode::empty())
                    .map_err(|e| os("open", path, e))?;
                setns(&fd, CloneFlags::CLONE_NEWNET).map_err(|e| os("setns", path, e))?;
                Ok(f())
            })
            .join()
            .unwrap_or(Err(NetnsError::Helper))
        })
    }
}

impl Drop for Inner {
    fn drop(&mut self) {
        let mut reg = registry();
        if reg.get(&self.name).is_some_and(|w| std::ptr::eq(w.as_ptr(), self)) {
            reg.remove(&self.name);
        }
        if self.created {
            if let Err(e) = delete(&self.path) {
                tracing::warn!(netns = %self.name, error = %e, "deleting network namespace");
            } else {
                tracing::info!(netns = %self.name, "network namespace deleted");
            }
        }
    }
}

/// `ip netns add`: see the module documentation.
fn create(path: &Path) -> Result<(), NetnsError> {
    let dir = Path::new(NETNS_RUN_DIR);
    std::fs::create_dir_all(dir).map_err(|e| os("mkdir", dir, e))?;
    make_shared(dir)?;
    let file = open(path, OFlag::O_RDONLY | OFlag::O_CREAT | OFlag::O_EXCL | OFlag::O_CLOEXEC, Mode::empty())
        .map_err(|e| os("create", path, e))?;
    drop(file);
    let mounted = std::thread::scope(|s| {
        s.spawn(|| {
            unshare(CloneFlags::CLONE_NEWNET).map_err(|e| os("unshare", path, e))?;
            let own = Path::new("/proc/thread-self/ns/net");
            mount(Some(own), path, Some("none"), MsFlags::MS_BIND, None::<&str>)
                .map_err(|e| os("mount", path, e))
        })
        .join()
        .unwrap_or(Err(NetnsError::Helper))
    });
    if mounted.is_err() {
        let _ = std::fs::remove_file(path);
    }
    mounted
}

/// Makes `/run/netns` a shared mount point (bind-mounting it on itself first if it is not a
/// mount point), so namespaces mounted there show in every mount namespace, as iproute2 does.
fn make_shared(dir: &Path) -> Result<(), NetnsError> {
    let shared = MsFlags::MS_SHARED | MsFlags::MS_REC;
    match mount(None::<&str>, dir, Some("none"), shared, None::<&str>) {
        Ok(()) => Ok(()),
        Err(nix::Error::EINVAL) => {
            mount(Some(dir), dir, Some("none"), MsFlags::MS_BIND | MsFlags::MS_REC, None::<&str>)
                .map_err(|e| os("bind-mount", dir, e))?;
            mount(None::<&str>, dir, Some("none"), shared, None::<&str>)
                .map_err(|e| os("make shared", dir, e))
        }
        Err(e) => Err(os("make shared", dir, e)),
    }
}

/// `ip netns del`: lazy unmount, then unlink.
fn delete(path: &Path) -> Result<(), NetnsError> {
    umount2(path, MntFlags::MNT_DETACH).map_err(|e| os("umount", path, e))?;
    std::fs::remove_file(path).map_err(|e| os("unlink", path, e))
}
