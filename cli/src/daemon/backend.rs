//! What the nl80211 service needs from the radios it serves.
//!
//! The daemon's netlink front end (request decoding, replies, dumps, multicast) is written
//! against this trait, not against the driver, for the same reason cfg80211 talks to drivers
//! through `cfg80211_ops`: the front end stays testable with an in-memory fake, and a second
//! backend (the USB dongle) plugs in without touching it.
//!
//! Contract:
//! - Numbering is Linux's: a wiphy index (`phyN`) and an interface index (`ifindex`) are
//!   never reused while the daemon runs; interface names are unique.
//! - Every method returns quickly: long operations (scan, connect, AP start) are started and
//!   report completion as [`BackendEvent`]s, the way nl80211 answers TRIGGER_SCAN at once and
//!   sends NEW_SCAN_RESULTS later.
//! - [`BackendError::errno`] is the errno Linux returns for the same mistake, and its
//!   `Display` is the extended-ACK message.

use mac80211_core::channel::Channel;
use mac80211_core::mac::{
    ApConfig, CommandError, ConnectRequest, EventKind, PeerState, PeerStats, ScanRequest, VifKind,
};
use mac80211_core::sta::BssInfo;
use mac80211_core::time::Duration;
use mac80211_core::wire::{MacAddr, ReasonCode};

/// A radio (nl80211 wiphy; a mac80211_hwsim radio when simulated).
#[derive(Clone, PartialEq, Debug)]
pub struct WiphyInfo {
    /// Wiphy index (`NL80211_ATTR_WIPHY`); also the hwsim radio id.
    pub index: u32,
    /// Its name (`phy0`, or the one given at creation).
    pub name: String,
    /// Permanent address of the radio.
    pub addr: MacAddr,
    /// Channels it supports, in order.
    pub channels: Vec<Channel>,
    /// Channel it is tuned to.
    pub channel: Channel,
    /// Most interfaces it can host at once.
    pub max_interfaces: usize,
    /// Position on the simulated medium, metres (None for hardware).
    pub position: Option<[f64; 3]>,
    /// Which backend drives it (`"hwsim"`, `"mt7601u"`).
    pub backend: &'static str,
}

/// A network interface (nl80211 wdev/netdev).
#[derive(Clone, PartialEq, Debug)]
pub struct IfaceInfo {
    /// Interface index (`NL80211_ATTR_IFINDEX`).
    pub ifindex: u32,
    /// Its name (`NL80211_ATTR_IFNAME`); the TAP device carries the same name.
    pub name: String,
    /// The radio it belongs to.
    pub wiphy: u32,
    /// Its type.
    pub kind: VifKind,
    /// Its address.
    pub addr: MacAddr,
    /// SSID of the link (station) or the BSS (AP), when there is one.
    pub ssid: Option<Vec<u8>>,
    /// BSSID of the link or the AP, when there is one.
    pub bssid: Option<MacAddr>,
    /// Channel in use, when the interface holds one.
    pub channel: Option<Channel>,
    /// Network namespace the host side lives in (None: the daemon's own).
    pub netns: Option<String>,
    /// Carrier of the host-side port: associated, or the AP started.
    pub carrier: bool,
}

/// One BSS of a scan-results dump.
#[derive(Clone, PartialEq, Debug)]
pub struct ScanEntry {
    /// What the station knows about the BSS.
    pub bss: BssInfo,
    /// How long ago it was last heard.
    pub seen_ago: Duration,
    /// The interface is associated with it.
    pub associated: bool,
}

/// One peer of a station dump: the AP of a station interface, or a station of an AP.
#[derive(Clone, PartialEq, Debug)]
pub struct StationEntry {
    /// Its address.
    pub addr: MacAddr,
    /// Association ID.
    pub aid: u16,
    /// Where it stands (iw's authenticated/associated/authorized flags).
    pub state: PeerState,
    /// Its counters, signal and TX rate.
    pub stats: PeerStats,
    /// Time since it associated.
    pub connected_for: Duration,
    /// Time since its last frame.
    pub inactive_for: Duration,
}

/// A radio to create (hwsim `NEW_RADIO`, or the topology file).
#[derive(Clone, PartialEq, Debug, Default)]
pub struct NewRadio {
    /// Name; `phyN` when None.
    pub name: Option<String>,
    /// Address; derived from the index when None.
    pub addr: Option<MacAddr>,
    /// Initial channel; the first supported one when None.
    pub channel: Option<Channel>,
    /// Position on the medium, metres.
    pub position: Option<[f64; 3]>,
    /// What drives it.
    pub backend: RadioBackend,
}

/// The hardware behind a radio.
#[derive(Clone, PartialEq, Debug, Default)]
pub enum RadioBackend {
    /// A mac80211_hwsim-like simulated radio.
    #[default]
    Hwsim,
    /// A MediaTek MT7601U, emulated on the simulated medium (`usb = "emulated"`): the USB
    /// driver runs against the emulated chip.
    Mt7601uEmulated {
        /// A firmware image to upload instead of a synthetic one (the emulator checks its
        /// format only).
        firmware: Option<std::path::PathBuf>,
    },
    /// A real MT7601U dongle (`usb = "BUS:ADDRESS"`, see `softmac usb list`). It is on real
    /// air, not on the simulated medium.
    Mt7601uUsb {
        /// USB bus number.
        bus: u8,
        /// Device address on the bus.
        address: u8,
        /// The firmware image (default `/lib/firmware/mt7601u.bin`).
        firmware: Option<std::path::PathBuf>,
    },
}

/// An interface to create (nl80211 `NEW_INTERFACE`, or the topology file).
#[derive(Clone, PartialEq, Debug)]
pub struct NewInterface {
    /// The radio.
    pub wiphy: u32,
    /// Interface (and TAP) name.
    pub name: String,
    /// Its type.
    pub kind: VifKind,
    /// Address; derived from the radio's when None.
    pub addr: Option<MacAddr>,
    /// Named network namespace to move the host side into (created when missing).
    pub netns: Option<String>,
}

/// An operation on one interface.
#[derive(Clone, PartialEq, Debug)]
pub enum IfaceCommand {
    /// TRIGGER_SCAN.
    Scan(ScanRequest),
    /// ABORT_SCAN.
    AbortScan,
    /// CONNECT.
    Connect(ConnectRequest),
    /// DISCONNECT.
    Disconnect,
    /// START_AP.
    StartAp(ApConfig),
    /// STOP_AP.
    StopAp,
    /// DEL_STATION: deauthenticate one station (broadcast: all) of an AP.
    DelStation(MacAddr, ReasonCode),
}

/// Something the front end reports to multicast listeners.
#[derive(Clone, PartialEq, Debug)]
pub enum BackendEvent {
    /// An interface's MAC reported an event (scan done, connected, station associated...).
    Mac {
        /// The interface.
        ifindex: u32,
        /// Its radio.
        wiphy: u32,
        /// What happened.
        kind: EventKind,
    },
    /// An interface was created (config group NEW_INTERFACE).
    InterfaceAdded(IfaceInfo),
    /// An interface was removed (config group DEL_INTERFACE).
    InterfaceRemoved(IfaceInfo),
    /// An interface changed type (config group SET_INTERFACE, as cfg80211 sends after
    /// `iw dev IF set type`).
    InterfaceChanged(IfaceInfo),
    /// A radio was created (config group NEW_WIPHY).
    RadioAdded(WiphyInfo),
    /// A radio was removed (config group DEL_WIPHY).
    RadioRemoved(WiphyInfo),
}

/// Why a backend operation was refused.
#[derive(Clone, PartialEq, Debug, thiserror::Error)]
pub enum BackendError {
    /// No radio with this index (ENODEV).
    #[error("no such wiphy {0}")]
    NoSuchWiphy(u32),
    /// No interface with this index (ENODEV).
    #[error("no such interface (ifindex {0})")]
    NoSuchInterface(u32),
    /// The name is taken by another interface or radio (EEXIST, as `register_netdevice`).
    #[error("name {0:?} already in use")]
    NameInUse(String),
    /// The MAC refused the command; its errno comes from the variant.
    #[error("{0}")]
    Command(#[from] CommandError),
    /// The operation is not supported here (EOPNOTSUPP).
    #[error("not supported: {0}")]
    Unsupported(&'static str),
    /// A parameter is wrong (EINVAL).
    #[error("invalid argument: {0}")]
    Invalid(String),
    /// The host side failed: TAP device, namespace, socket (EIO, with the OS error text).
    #[error("host error: {0}")]
    Host(String),
}

/// Linux errno values the daemon returns (positive; NLMSG_ERROR carries the negation).
pub mod errno {
    /// Operation not permitted.
    pub const EPERM: i32 = 1;
    /// No such file or directory (no such station).
    pub const ENOENT: i32 = 2;
    /// I/O error.
    pub const EIO: i32 = 5;
    /// Out of memory / too many.
    pub const ENOMEM: i32 = 12;
    /// Device or resource busy.
    pub const EBUSY: i32 = 16;
    /// Already exists.
    pub const EEXIST: i32 = 17;
    /// No such device.
    pub const ENODEV: i32 = 19;
    /// Invalid argument.
    pub const EINVAL: i32 = 22;
    /// Too many open files in system (no interface slot left).
    pub const ENFILE: i32 = 23;
    /// Link has been severed (not connected).
    pub const ENOLINK: i32 = 67;
    /// Message too long / attribute out of range.
    pub const EMSGSIZE: i32 = 90;
    /// Operation not supported.
    pub const EOPNOTSUPP: i32 = 95;
    /// Address already in use.
    pub const EADDRINUSE: i32 = 98;
    /// Not connected.
    pub const ENOTCONN: i32 = 107;
    /// Operation already in progress.
    pub const EALREADY: i32 = 114;
    /// Operation now in progress.
    pub const EINPROGRESS: i32 = 115;
}

impl BackendError {
    /// The errno nl80211 returns for the same mistake.
    pub fn errno(&self) -> i32 {
        use errno::*;
        match self {
            BackendError::NoSuchWiphy(_) | BackendError::NoSuchInterface(_) => ENODEV,
            BackendError::NameInUse(_) => EEXIST,
            BackendError::Unsupported(_) => EOPNOTSUPP,
            BackendError::Invalid(_) => EINVAL,
            BackendError::Host(_) => EIO,
            BackendError::Command(e) => command_errno(e),
        }
    }
}

/// Errno of a refused MAC command, following cfg80211: a STA that is not connected gets
/// ENOLINK on disconnect (`cfg80211_disconnect`), an AP that is not started ENOENT on stop.
fn command_errno(e: &CommandError) -> i32 {
    use errno::*;
    match e {
        CommandError::NoSuchVif(_) => ENODEV,
        CommandError::WrongKind(_) => EOPNOTSUPP,
        CommandError::Busy(_) => EBUSY,
        CommandError::Already(_) => EALREADY,
        CommandError::NotActive(_) => ENOLINK,
        CommandError::Invalid(_) => EINVAL,
        CommandError::AddressInUse(_) => EADDRINUSE,
        CommandError::NoSuchStation(_) => ENOENT,
        CommandError::TooManyVifs => EBUSY,
    }
}

/// The radios and interfaces the daemon serves.
///
/// Methods take `&mut self` for changes; the server keeps the backend behind a mutex and
/// never holds it across an await.
pub trait Backend: Send {
    /// Every radio, by index.
    fn wiphys(&self) -> Vec<WiphyInfo>;
    /// Every interface, by ifindex.
    fn interfaces(&self) -> Vec<IfaceInfo>;
    /// Creates a radio.
    fn new_radio(&mut self, req: NewRadio) -> Result<WiphyInfo, BackendError>;
    /// Removes a radio and its interfaces.
    fn del_radio(&mut self, wiphy: u32) -> Result<(), BackendError>;
    /// Creates an interface and its host-side port.
    fn new_interface(&mut self, req: NewInterface) -> Result<IfaceInfo, BackendError>;
    /// Removes an interface (disconnecting or stopping the AP first) and its port.
    fn del_interface(&mut self, ifindex: u32) -> Result<(), BackendError>;
    /// Changes an interface's type (EBUSY while connected or an AP is running).
    fn set_iftype(&mut self, ifindex: u32, kind: VifKind) -> Result<IfaceInfo, BackendError>;
    /// Tunes a radio (EBUSY while an interface holds another channel).
    fn set_channel(&mut self, wiphy: u32, channel: Channel) -> Result<(), BackendError>;
    /// Starts an operation on an interface.
    fn command(&mut self, ifindex: u32, command: IfaceCommand) -> Result<(), BackendError>;
    /// The scan results of a station interface.
    fn scan_results(&self, ifindex: u32) -> Result<Vec<ScanEntry>, BackendError>;
    /// The peers of an interface: its AP (station) or its stations (AP).
    fn stations(&self, ifindex: u32) -> Result<Vec<StationEntry>, BackendError>;
    /// A stream of everything that happens from now on.
    fn subscribe(&self) -> tokio::sync::broadcast::Receiver<BackendEvent>;
}
