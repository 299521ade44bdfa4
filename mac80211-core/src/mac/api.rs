//! The types that cross the [`Mac`](super::Mac) boundary: what goes in and what comes out.
//!
//! Inputs: frames from the radio with [`RxInfo`], [`TxStatus`] reports, 802.3 frames from the
//! host, [`Command`]s and timeouts. Outputs: [`Transmit`] (802.11 frames for the radio, no FCS),
//! [`RadioRequest`] (channel, addresses, filters), [`Delivered`] (frames for the host) and
//! [`Event`]s. Everything here is plain data; nothing refers back into the MAC.

use super::security::{ApSecurity, Credentials, KeyConfig};
use crate::channel::Channel;
use crate::time::{Duration, Instant};
use crate::wire::{MacAddr, ReasonCode, StatusCode};

/// A virtual interface of one radio.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct VifId(pub u16);

/// What a virtual interface is (nl80211 `NL80211_IFTYPE_*`).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum VifKind {
    /// A station (client).
    Station,
    /// An access point.
    Ap,
    /// A monitor: sees every frame on the channel, with a radiotap header.
    Monitor,
}

impl core::fmt::Display for VifKind {
    /// `iw`'s name of the type (`managed`, `AP`, `monitor`).
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(match self {
            VifKind::Station => "managed",
            VifKind::Ap => "AP",
            VifKind::Monitor => "monitor",
        })
    }
}

/// Transmission rate of a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum TxRate {
    /// A DSSS/CCK or OFDM legacy rate in units of 500 kb/s (2 = 1 Mb/s, 108 = 54 Mb/s).
    Legacy(u8),
    /// An HT MCS.
    Ht {
        /// MCS index.
        mcs: u8,
        /// 40 MHz.
        wide: bool,
        /// Short guard interval.
        short_gi: bool,
    },
}

impl TxRate {
    /// Rate in kb/s.
    pub fn kbps(self) -> u32 {
        match self {
            TxRate::Legacy(units) => u32::from(units) * 500,
            TxRate::Ht { mcs, wide, short_gi } => {
                // Data rates of one spatial stream (802.11-2020 Table 19-27/19-28), ×streams.
                const BASE_20: [u32; 8] = [6_500, 13_000, 19_500, 26_000, 39_000, 52_000, 58_500, 65_000];
                let streams = u32::from(mcs / 8) + 1;
                let mut kbps = BASE_20[usize::from(mcs % 8)] * streams;
                if wide {
                    kbps = kbps * 27 / 13; // 108 vs 52 data subcarriers
                }
                if short_gi {
                    kbps = kbps * 10 / 9;
                }
                kbps
            }
        }
    }
}

/// Metadata of a received frame.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct RxInfo {
    /// Frequency it was received on, MHz.
    pub freq: u16,
    /// Signal strength, dBm.
    pub signal_dbm: i8,
    /// Rate it was sent at, when the radio knows.
    pub rate: Option<TxRate>,
    /// The radio decrypted the frame with a key the MAC installed, verified its MIC and checked
    /// its PN: the Protected bit is clear and the CCMP header and MIC are gone (mac80211
    /// `RX_FLAG_DECRYPTED | RX_FLAG_IV_STRIPPED | RX_FLAG_MIC_STRIPPED | RX_FLAG_PN_VALIDATED`).
    pub decrypted: bool,
}

/// Outcome of a transmission the MAC asked for.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct TxStatus {
    /// The cookie of the [`Transmit`].
    pub cookie: u64,
    /// The frame was acknowledged (always true for frames sent without ACK).
    pub acked: bool,
    /// Retransmissions made.
    pub retries: u8,
}

/// A frame for the radio to send.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Transmit {
    /// Echoed in the [`TxStatus`].
    pub cookie: u64,
    /// The interface sending it.
    pub vif: VifId,
    /// The channel it is meant for; the MAC releases it only while the radio is tuned there.
    pub channel: Channel,
    /// The 802.11 frame, without FCS.
    pub frame: Vec<u8>,
    /// Rate to send at.
    pub rate: TxRate,
    /// Do not expect an ACK (group-addressed frames).
    pub no_ack: bool,
    /// Attempts after the first before giving up.
    pub retry_limit: u8,
}

/// A configuration change the radio must apply.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum RadioRequest {
    /// Tune to this channel.
    SetChannel(Channel),
    /// Acknowledge and receive unicast frames to this address too (a VIF's address).
    AddAddress(MacAddr),
    /// Stop acknowledging frames to this address.
    RemoveAddress(MacAddr),
    /// Pass every frame up, whatever its address (a monitor VIF exists).
    SetPromiscuous(bool),
    /// A key was installed for an interface (mac80211 `set_key(SET_KEY)`): a radio with
    /// hardware crypto may take it; the MAC protects frames in software either way.
    InstallKey(VifId, KeyConfig),
    /// A key is no longer used (`set_key(DISABLE_KEY)`).
    RemoveKey(VifId, KeyConfig),
}

/// What kind of bytes a [`Delivered`] frame holds.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DeliveredKind {
    /// An 802.3 (Ethernet II) frame for the host network stack.
    Ethernet,
    /// A radiotap header followed by an 802.11 frame (monitor interfaces).
    Radiotap,
}

/// A frame for the host side of an interface.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Delivered {
    /// The interface.
    pub vif: VifId,
    /// What the bytes are.
    pub kind: DeliveredKind,
    /// The frame.
    pub frame: Vec<u8>,
}

/// What to scan.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ScanRequest {
    /// SSIDs to probe for; an empty SSID is the wildcard. No SSIDs at all means a passive scan.
    pub ssids: Vec<Vec<u8>>,
    /// Channels to visit; empty means every channel the radio supports.
    pub channels: Vec<Channel>,
    /// Dwell per channel when probing (default 30 ms, Linux's probe delay + channel time).
    pub active_dwell: Option<Duration>,
    /// Dwell per channel when listening only (default 110 ms, Linux's passive channel time).
    pub passive_dwell: Option<Duration>,
}

/// What a scan covers, fixed when it starts and reported by its start and end events, as
/// cfg80211 repeats the request in TRIGGER_SCAN, NEW_SCAN_RESULTS and SCAN_ABORTED
/// (`nl80211_add_scan_req`).
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ScanScope {
    /// The channels the scan visits, in order: the request's, or every channel the radio
    /// supports when it named none, less those another interface's channel rules out when the
    /// scan starts (one radio serves every interface, on one channel at a time).
    pub channels: Vec<Channel>,
    /// The SSIDs probed for on each channel, as requested (an empty SSID is the wildcard);
    /// none for a passive scan.
    pub ssids: Vec<Vec<u8>>,
}

/// Where to connect.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct ConnectRequest {
    /// The network name.
    pub ssid: Vec<u8>,
    /// Only this BSS (otherwise the strongest BSS with the SSID).
    pub bssid: Option<MacAddr>,
    /// Only BSSs on this channel.
    pub channel: Option<Channel>,
    /// The secret of a WPA2-Personal network; `None` joins only open networks.
    pub credentials: Option<Credentials>,
}

/// Configuration of an access point.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct ApConfig {
    /// The SSID (1 to 32 octets).
    pub ssid: Vec<u8>,
    /// Operating channel.
    pub channel: Channel,
    /// Beacon interval in TU (default 100).
    pub beacon_interval_tu: u16,
    /// DTIM period in beacons (default 2).
    pub dtim_period: u8,
    /// Send an empty SSID in beacons and answer only directed probe requests.
    pub hidden: bool,
    /// Most stations associated at once (1..=2007).
    pub max_stations: u16,
    /// Disassociate a station silent for this long.
    pub inactivity_timeout: Duration,
    /// WPA2-Personal; `None` runs an open network.
    pub security: Option<ApSecurity>,
}

impl ApConfig {
    /// An AP with the defaults hostapd uses: 100 TU beacons, DTIM 2, 2007 stations, 300 s idle.
    pub fn new(ssid: &[u8], channel: Channel) -> ApConfig {
        ApConfig {
            ssid: ssid.to_vec(),
            channel,
            beacon_interval_tu: 100,
            dtim_period: 2,
            hidden: false,
            max_stations: 2007,
            inactivity_timeout: Duration::from_secs(300),
            security: None,
        }
    }
}

/// A request to the MAC.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum Command {
    /// Create a virtual interface; `addr` defaults to one derived from the radio address.
    AddVif {
        /// Kind of interface.
        kind: VifKind,
        /// Its address.
        addr: Option<MacAddr>,
    },
    /// Remove an interface (a connected station deauthenticates, an AP stops first).
    RemoveVif(VifId),
    /// Start a scan on a station interface.
    Scan(VifId, ScanRequest),
    /// Stop a running scan.
    AbortScan(VifId),
    /// Connect a station interface.
    Connect(VifId, ConnectRequest),
    /// Disconnect a station interface (deauthenticating with reason 3).
    Disconnect(VifId),
    /// Start an access point on an AP interface.
    StartAp(VifId, ApConfig),
    /// Stop an access point, deauthenticating every station.
    StopAp(VifId),
    /// Deauthenticate one station of a started AP (nl80211 `DEL_STATION`; hostapd
    /// `hostapd_drv_sta_deauth`). The broadcast address deauthenticates every station with one
    /// group-addressed frame, as nl80211 `DEL_STATION` without an address flushes the table.
    DeauthStation {
        /// The AP interface.
        vif: VifId,
        /// The station, or the broadcast address for all of them.
        addr: MacAddr,
        /// Reason code sent in the Deauthentication frame.
        reason: ReasonCode,
    },
    /// Tune the radio (monitor use; refused while another interface holds a channel).
    SetChannel(Channel),
}

/// What a successful command returns.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum CommandOutput {
    /// Nothing to report.
    Done,
    /// The interface that was created.
    VifAdded(VifId),
}

/// Why a command was refused. Each maps to the errno Linux's nl80211 returns for it.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum CommandError {
    /// No such interface (ENODEV).
    #[error("no such interface {0:?}")]
    NoSuchVif(VifId),
    /// The interface kind does not support this (EOPNOTSUPP).
    #[error("operation not supported on an interface of type {0}")]
    WrongKind(VifKind),
    /// Something is already in progress: a scan, a connection attempt (EBUSY).
    #[error("busy: {0}")]
    Busy(&'static str),
    /// Already in the requested state (EALREADY).
    #[error("already {0}")]
    Already(&'static str),
    /// Not connected / not started (ENOTCONN, ENOLINK).
    #[error("not {0}")]
    NotActive(&'static str),
    /// A parameter is out of range (EINVAL).
    #[error("invalid argument: {0}")]
    Invalid(&'static str),
    /// The address is already used by another interface (EADDRINUSE/EBUSY).
    #[error("address {0} already in use")]
    AddressInUse(MacAddr),
    /// The AP has no such station (ENOENT).
    #[error("no station {0}")]
    NoSuchStation(MacAddr),
    /// No more interfaces can be created (ENFILE/EBUSY).
    #[error("too many interfaces")]
    TooManyVifs,
}

/// Why a connection attempt failed.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ConnectFailure {
    /// No BSS with the SSID (and BSSID/channel, when given) was found.
    NoBss,
    /// The AP refused authentication.
    AuthRejected(StatusCode),
    /// No authentication response after every try.
    AuthTimeout,
    /// The AP refused association.
    AssocRejected(StatusCode),
    /// No association response after every try.
    AssocTimeout,
    /// The AP deauthenticated or disassociated us while connecting.
    Kicked(ReasonCode),
    /// The attempt was cancelled by a disconnect command.
    Cancelled,
    /// A BSS with the SSID exists, but not with the security asked for (a passphrase for an
    /// open network, or none for a protected one).
    SecurityMismatch,
    /// The 4-way handshake failed: with the reason the AP deauthenticated us with, or ours
    /// (15 when it timed out). After our message 2, this usually means a wrong passphrase.
    HandshakeFailed(ReasonCode),
}

/// Why an established link went down.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DisconnectCause {
    /// The AP sent a Deauthentication frame.
    Deauthenticated,
    /// The AP sent a Disassociation frame.
    Disassociated,
    /// Beacons stopped and probes went unanswered.
    BeaconLoss,
    /// The local user asked.
    Command,
    /// A group key handshake failed (reason 16 or a rejected message).
    KeyHandshake,
}

/// Something that happened, for the host to hear about.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Event {
    /// Time it happened.
    pub at: Instant,
    /// The interface.
    pub vif: VifId,
    /// What happened.
    pub kind: EventKind,
}

/// The events of station and AP interfaces.
#[derive(Clone, PartialEq, Eq, Debug)]
pub enum EventKind {
    /// A scan started.
    ScanStarted {
        /// What it covers.
        scope: ScanScope,
    },
    /// A scan finished (or was aborted); results are in the BSS table.
    ScanDone {
        /// The scan was aborted.
        aborted: bool,
        /// BSSs in the table afterwards.
        bss_count: usize,
        /// The scope its `ScanStarted` reported (an aborted scan may have left channels out).
        scope: ScanScope,
    },
    /// Sent an Authentication request (attempt counts from 1).
    Authenticating {
        /// Target BSS.
        bssid: MacAddr,
        /// Attempt number.
        attempt: u8,
    },
    /// Received the Authentication response.
    Authenticated {
        /// The BSS.
        bssid: MacAddr,
    },
    /// Sent an Association request.
    Associating {
        /// Target BSS.
        bssid: MacAddr,
        /// Attempt number.
        attempt: u8,
    },
    /// The link is up: associated (and, for open networks, the port is open).
    Connected {
        /// The BSS.
        bssid: MacAddr,
        /// Its SSID.
        ssid: Vec<u8>,
        /// Its channel.
        channel: Channel,
        /// Association ID given by the AP.
        aid: u16,
        /// WPA2 protects the link: the 4-way handshake opened the port (`Handshaking` came
        /// first).
        protected: bool,
    },
    /// Associated with a protected BSS; the 4-way handshake runs (the port is closed).
    Handshaking {
        /// The BSS.
        bssid: MacAddr,
    },
    /// A new group key was installed (station: from a group key handshake; AP: every station
    /// has it and it protects group traffic from now on).
    GroupKeyInstalled {
        /// Its key index (1 to 3).
        index: u8,
    },
    /// A connection attempt failed.
    ConnectFailed {
        /// The BSS tried, if one was chosen.
        bssid: Option<MacAddr>,
        /// Why.
        failure: ConnectFailure,
    },
    /// Beacons from the AP stopped; probing it.
    BeaconLoss {
        /// The BSS.
        bssid: MacAddr,
    },
    /// The link went down.
    Disconnected {
        /// The BSS.
        bssid: MacAddr,
        /// Reason code sent or received.
        reason: ReasonCode,
        /// Who or what ended it.
        cause: DisconnectCause,
    },
    /// An AP started beaconing.
    ApStarted {
        /// Its BSSID.
        bssid: MacAddr,
        /// Its channel.
        channel: Channel,
    },
    /// An AP stopped.
    ApStopped,
    /// A station authenticated to this AP.
    StationAuthenticated {
        /// The station.
        addr: MacAddr,
    },
    /// A station associated to this AP (its port is open for open networks).
    StationAssociated {
        /// The station.
        addr: MacAddr,
        /// Its AID.
        aid: u16,
    },
    /// A station finished the 4-way handshake: its port is open (hostapd `AP-STA-CONNECTED`).
    StationAuthorized {
        /// The station.
        addr: MacAddr,
    },
    /// A station left this AP.
    StationLeft {
        /// The station.
        addr: MacAddr,
        /// Reason code sent or received.
        reason: ReasonCode,
        /// The AP removed it (inactivity, stop), rather than the station leaving.
        by_ap: bool,
    },
}
