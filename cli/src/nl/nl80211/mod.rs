//! nl80211, the wireless configuration family, as Linux lays it out.
//!
//! A message is a command ([`Nl80211Cmd`], `NL80211_CMD_*`) and a list of top-level
//! attributes ([`Nl80211Attr`], `NL80211_ATTR_*`); BSS, station info, rate info and band
//! descriptions are typed nests (`nested`). Numbers are those of `include/uapi/linux/nl80211.h`
//! (linux-anchor §1.3-§1.5; stable up to command 155 and attribute 333).
//!
//! Contract: every message Linux 6.1, iw, hostapd and wpa_supplicant exchange parses and
//! re-emits byte for byte (the golden `tests/corpus/netlink/linux-6.1-nl80211.pcap`):
//! attributes this version does not type stay in `Other` with their raw bytes, nests keep
//! `NLA_F_NESTED` as read, lists keep their indices. The genl version byte lives in the
//! [`netlink_packet_generic::GenlHeader`] around the message (iw sends 0, the kernel 1).

mod attr;
mod nested;

pub use attr::{Nl80211Attr, num as attr_num};
pub use nested::{BandAttr, BitrateAttr, BssAttr, FreqAttr, RateInfoAttr, StaBssParamAttr, StaInfoAttr};

use netlink_packet_core::{DecodeError, Emitable, ParseableParametrized};
use netlink_packet_generic::{GenlFamily, GenlHeader};

use super::value::{attrs_len, emit_attrs, nl_cmds, parse_attrs};

/// The family name clients resolve through nlctrl.
pub const NL80211_FAMILY_NAME: &str = "nl80211";

/// `NL80211_PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP`.
pub const PROTOCOL_FEATURE_SPLIT_WIPHY_DUMP: u32 = 1;

/// `enum nl80211_iftype` values softmac serves.
pub mod iftype {
    /// `NL80211_IFTYPE_UNSPECIFIED`.
    pub const UNSPECIFIED: u32 = 0;
    /// `NL80211_IFTYPE_ADHOC`.
    pub const ADHOC: u32 = 1;
    /// `NL80211_IFTYPE_STATION`.
    pub const STATION: u32 = 2;
    /// `NL80211_IFTYPE_AP`.
    pub const AP: u32 = 3;
    /// `NL80211_IFTYPE_MONITOR`.
    pub const MONITOR: u32 = 6;
    /// `NL80211_IFTYPE_MESH_POINT`.
    pub const MESH_POINT: u32 = 7;
}

/// `enum nl80211_bss_status`.
pub mod bss_status {
    /// Authenticated with the BSS.
    pub const AUTHENTICATED: u32 = 0;
    /// Associated with the BSS.
    pub const ASSOCIATED: u32 = 1;
    /// Joined the IBSS.
    pub const IBSS_JOINED: u32 = 2;
}

/// `enum nl80211_chan_width` values for the widths softmac knows.
pub mod chan_width {
    /// 20 MHz, no HT.
    pub const W20_NOHT: u32 = 0;
    /// 20 MHz HT.
    pub const W20: u32 = 1;
    /// 40 MHz.
    pub const W40: u32 = 2;
    /// 80 MHz.
    pub const W80: u32 = 3;
    /// 160 MHz.
    pub const W160: u32 = 5;
}

/// `enum nl80211_auth_type` wire values (omitting the attribute means "automatic").
pub mod auth_type {
    /// Open System.
    pub const OPEN_SYSTEM: u32 = 0;
    /// Shared Key (WEP).
    pub const SHARED_KEY: u32 = 1;
    /// Fast BSS Transition.
    pub const FT: u32 = 2;
    /// Network EAP.
    pub const NETWORK_EAP: u32 = 3;
    /// SAE.
    pub const SAE: u32 = 4;
}

/// `enum nl80211_ext_feature_index` bits of `NL80211_ATTR_EXT_FEATURES` (bit n is byte n/8,
/// bit n%8), with iw's names and descriptions (`iw list`, "Supported extended features").
/// `DATA_ACK_SIGNAL_SUPPORT` is an alias of `ACK_SIGNAL_SUPPORT` (27), not a bit of its own,
/// so the numbers after it are one less than a plain count of the enum's names; the golden
/// capture's hwsim wiphy confirms them.
pub mod ext_feature {
    /// The driver runs the 4-way handshake with a PSK as a station (CONNECT carries `PMK`).
    pub const FOUR_WAY_HANDSHAKE_STA_PSK: u32 = 15;
    /// The driver runs the 4-way handshake with 802.1X as a station.
    pub const FOUR_WAY_HANDSHAKE_STA_1X: u32 = 16;
    /// `USE_MFP` may be `OPTIONAL`.
    pub const MFP_OPTIONAL: u32 = 21;
    /// The driver runs SAE as a station.
    pub const SAE_OFFLOAD: u32 = 38;
    /// The driver runs the 4-way handshake with a PSK as an AP (START_AP carries `PMK`).
    pub const FOUR_WAY_HANDSHAKE_AP_PSK: u32 = 50;

    /// Octets of the bitmap Linux 6.1 sends (`NUM_NL80211_EXT_FEATURES` rounded up).
    pub const BITMAP_LEN: usize = 8;

    /// iw's name and description of a feature bit, for the ones above (iw prints only bits it
    /// knows; so does the client).
    pub fn describe(bit: u32) -> Option<(&'static str, &'static str)> {
        Some(match bit {
            FOUR_WAY_HANDSHAKE_STA_PSK => {
                ("4WAY_HANDSHAKE_STA_PSK", "4-way handshake with PSK in station mode")
            }
            FOUR_WAY_HANDSHAKE_STA_1X => {
                ("4WAY_HANDSHAKE_STA_1X", "4-way handshake with 802.1X in station mode")
            }
            MFP_OPTIONAL => ("MFP_OPTIONAL", "MFP_OPTIONAL value in ATTR_USE_MFP"),
            SAE_OFFLOAD => ("SAE_OFFLOAD", "SAE offload support"),
            FOUR_WAY_HANDSHAKE_AP_PSK => ("4WAY_HANDSHAKE_AP_PSK", "AP mode PSK offload support"),
            _ => return None,
        })
    }

    /// The bitmap with `bits` set ([`BITMAP_LEN`] octets; bits beyond it are dropped).
    pub fn bitmap(bits: &[u32]) -> Vec<u8> {
        let mut map = vec![0u8; BITMAP_LEN];
        for &bit in bits {
            if let Some(byte) = map.get_mut((bit / 8) as usize) {
                *byte |= 1 << (bit % 8);
            }
        }
        map
    }

    /// The bits set in a bitmap, in ascending order (any length: a newer kernel's is longer).
    pub fn bits_set(map: &[u8]) -> Vec<u32> {
        (0..map.len() as u32 * 8).filter(|&b| map[(b / 8) as usize] & (1 << (b % 8)) != 0).collect()
    }
}

nl_cmds! {
    /// nl80211 commands (`NL80211_CMD_*`); the ones softmac serves or emits are named.
    pub enum Nl80211Cmd {
        /// `GET_WIPHY` (do or dump; answered with NEW_WIPHY).
        GetWiphy = 1,
        /// `SET_WIPHY`.
        SetWiphy = 2,
        /// `NEW_WIPHY` (reply, config event).
        NewWiphy = 3,
        /// `DEL_WIPHY` (config event).
        DelWiphy = 4,
        /// `GET_INTERFACE` (do or dump; answered with NEW_INTERFACE).
        GetInterface = 5,
        /// `SET_INTERFACE`.
        SetInterface = 6,
        /// `NEW_INTERFACE` (request, reply, config event).
        NewInterface = 7,
        /// `DEL_INTERFACE` (request, config event).
        DelInterface = 8,
        /// `GET_KEY`.
        GetKey = 9,
        /// `SET_KEY`.
        SetKey = 10,
        /// `NEW_KEY`.
        NewKey = 11,
        /// `DEL_KEY`.
        DelKey = 12,
        /// `SET_BEACON`.
        SetBeacon = 14,
        /// `START_AP` (alias NEW_BEACON).
        StartAp = 15,
        /// `STOP_AP` (alias DEL_BEACON).
        StopAp = 16,
        /// `GET_STATION` (do or dump; answered with NEW_STATION).
        GetStation = 17,
        /// `SET_STATION`.
        SetStation = 18,
        /// `NEW_STATION` (reply, mlme event).
        NewStation = 19,
        /// `DEL_STATION` (request, mlme event).
        DelStation = 20,
        /// `SET_BSS`.
        SetBss = 25,
        /// `GET_REG`.
        GetReg = 31,
        /// `GET_SCAN` (dump only; answered with NEW_SCAN_RESULTS).
        GetScan = 32,
        /// `TRIGGER_SCAN` (request, scan event).
        TriggerScan = 33,
        /// `NEW_SCAN_RESULTS` (dump entry, scan event).
        NewScanResults = 34,
        /// `SCAN_ABORTED` (scan event).
        ScanAborted = 35,
        /// `AUTHENTICATE`.
        Authenticate = 37,
        /// `ASSOCIATE`.
        Associate = 38,
        /// `DEAUTHENTICATE`.
        Deauthenticate = 39,
        /// `DISASSOCIATE`.
        Disassociate = 40,
        /// `CONNECT` (request, mlme event).
        Connect = 46,
        /// `ROAM` (mlme event).
        Roam = 47,
        /// `DISCONNECT` (request, mlme event).
        Disconnect = 48,
        /// `REGISTER_FRAME`.
        RegisterFrame = 58,
        /// `FRAME`.
        Frame = 59,
        /// `FRAME_TX_STATUS`.
        FrameTxStatus = 60,
        /// `SET_POWER_SAVE`.
        SetPowerSave = 61,
        /// `GET_POWER_SAVE`.
        GetPowerSave = 62,
        /// `SET_CHANNEL`.
        SetChannel = 65,
        /// `GET_PROTOCOL_FEATURES`.
        GetProtocolFeatures = 95,
        /// `ABORT_SCAN`.
        AbortScan = 114,
        /// `PORT_AUTHORIZED` (event): the 4-way handshake the driver ran opened the port.
        PortAuthorized = 125,
    }
}

/// One nl80211 message: a command and its top-level attributes.
#[derive(Clone, PartialEq, Debug)]
pub struct Nl80211Message {
    /// The command.
    pub cmd: Nl80211Cmd,
    /// The attributes, in wire order.
    pub attrs: Vec<Nl80211Attr>,
}

impl Nl80211Message {
    /// A message with `cmd` and `attrs`.
    pub fn new(cmd: Nl80211Cmd, attrs: Vec<Nl80211Attr>) -> Nl80211Message {
        Nl80211Message { cmd, attrs }
    }

    /// The first attribute `f` maps to a value:
    /// `msg.find(|a| match a { Nl80211Attr::Ifindex(i) => Some(*i), _ => None })`.
    pub fn find<'a, V>(&'a self, f: impl FnMut(&'a Nl80211Attr) -> Option<V>) -> Option<V> {
        self.attrs.iter().find_map(f)
    }

    /// `NL80211_ATTR_IFINDEX`.
    pub fn ifindex(&self) -> Option<u32> {
        self.find(|a| match a {
            Nl80211Attr::Ifindex(v) => Some(*v),
            _ => None,
        })
    }

    /// `NL80211_ATTR_WIPHY`.
    pub fn wiphy(&self) -> Option<u32> {
        self.find(|a| match a {
            Nl80211Attr::Wiphy(v) => Some(*v),
            _ => None,
        })
    }

    /// `NL80211_ATTR_MAC`.
    pub fn mac(&self) -> Option<mac80211_core::wire::MacAddr> {
        self.find(|a| match a {
            Nl80211Attr::Mac(v) => Some(*v),
            _ => None,
        })
    }

    /// Whether a flag attribute numbered `number` is present.
    pub fn has(&self, number: u16) -> bool {
        self.attrs.iter().any(|a| a.number() == number)
    }
}

impl GenlFamily for Nl80211Message {
    fn family_name() -> &'static str {
        NL80211_FAMILY_NAME
    }
    fn command(&self) -> u8 {
        self.cmd.into()
    }
    fn version(&self) -> u8 {
        1
    }
}

impl Emitable for Nl80211Message {
    fn buffer_len(&self) -> usize {
        attrs_len(&self.attrs)
    }
    fn emit(&self, buf: &mut [u8]) {
        emit_attrs(&self.attrs, buf)
    }
}

impl ParseableParametrized<[u8], GenlHeader> for Nl80211Message {
    fn parse_with_param(buf: &[u8], header: GenlHeader) -> Result<Self, DecodeError> {
        Ok(Nl80211Message { cmd: header.cmd.into(), attrs: parse_attrs(buf)? })
    }
}
