//! What the client prints, decoded from nl80211 replies: wiphys, interfaces, BSSs, stations,
//! hwsim radios, and multicast events.
//!
//! Each type is built from one reply, read through the shared codec's typed attributes (or, for a wiphy, from every part of a split dump with
//! the same `NL80211_ATTR_WIPHY`, merged as `iw` does) and is what both the text printer
//! ([`super::format`]) and `--json` read. The JSON keys are the field names below, in
//! snake_case; they are part of the CLI's interface (docs/cli.md) and only ever grow.
//! Absent attributes are `null` in JSON and missing lines in text, like `iw`.

use crate::nl::hwsim::{HwsimAttr, HwsimMessage};
use crate::nl::nl80211::{
    BandAttr, BitrateAttr, BssAttr, FreqAttr, Nl80211Attr, Nl80211Message, RateInfoAttr, StaInfoAttr,
    bss_status, ext_feature,
};
use crate::nl::value::{Nest, attr};
use mac80211_core::channel::freq_to_channel;
use serde::Serialize;

/// A wiphy (radio), from GET_WIPHY.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Wiphy {
    /// Wiphy index.
    pub index: u32,
    /// Name (`phy0`).
    pub name: String,
    /// Most SSIDs one scan may carry.
    pub max_scan_ssids: Option<u8>,
    /// Bands, in the order the radio reported them.
    pub bands: Vec<Band>,
    /// Interface types it supports, by iw's names (`managed`, `AP`, `monitor`).
    pub interface_modes: Vec<String>,
    /// What drives it (softmac: "hwsim", "mt7601u"); absent from the kernel's nl80211.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub backend: Option<String>,
    /// Cipher suites it can use, by iw's names with their selectors (`CCMP-128 (00-0f-ac:4)`).
    pub ciphers: Vec<String>,
    /// Extended features iw knows by name (`4WAY_HANDSHAKE_STA_PSK`, ...), in bit order.
    pub extended_features: Vec<String>,
}

/// iw's name of a cipher suite selector (`iw list`, "Supported Ciphers").
pub fn cipher_name(suite: u32) -> String {
    let name = match suite {
        0x000f_ac01 => "WEP40",
        0x000f_ac05 => "WEP104",
        0x000f_ac02 => "TKIP",
        0x000f_ac04 => "CCMP-128",
        0x000f_ac06 => "CMAC",
        0x000f_ac08 => "GCMP-128",
        0x000f_ac09 => "GCMP-256",
        0x000f_ac0a => "CCMP-256",
        0x000f_ac0b => "GMAC-128",
        0x000f_ac0c => "GMAC-256",
        0x000f_ac0d => "CMAC-256",
        0x0014_7201 => "WPI-SMS4",
        _ => "",
    };
    let [a, b, c, n] = suite.to_be_bytes();
    let selector = format!("{a:02x}-{b:02x}-{c:02x}:{n}");
    if name.is_empty() { selector } else { format!("{name} ({selector})") }
}

/// One band of a wiphy.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Band {
    /// `enum nl80211_band` (0: 2.4 GHz, 1: 5 GHz, 3: 6 GHz); iw prints it plus one.
    pub band: u16,
    /// Channels.
    pub frequencies: Vec<Frequency>,
    /// Legacy bitrates.
    pub bitrates: Vec<Bitrate>,
}

/// One channel of a band.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Frequency {
    /// Centre frequency, MHz.
    pub mhz: u32,
    /// Channel number, when the frequency has one.
    pub channel: Option<u8>,
    /// Maximum transmit power, dBm.
    pub max_tx_power_dbm: Option<f64>,
    /// The channel may not be used.
    pub disabled: bool,
    /// No initiating radiation (passive only).
    pub no_ir: bool,
    /// Radar detection required.
    pub radar: bool,
}

/// A legacy bitrate.
#[derive(Clone, PartialEq, Debug, Serialize, Default)]
pub struct Bitrate {
    /// Mb/s.
    pub mbps: f64,
    /// Short preamble supported (2.4 GHz DSSS/CCK).
    pub short_preamble: bool,
}

/// iw's name of an `enum nl80211_iftype`.
pub fn iftype_name(t: u32) -> String {
    const NAMES: [&str; 13] = [
        "unspecified",
        "IBSS",
        "managed",
        "AP",
        "AP/VLAN",
        "WDS",
        "monitor",
        "mesh point",
        "P2P-client",
        "P2P-GO",
        "P2P-device",
        "outside context of a BSS",
        "NAN",
    ];
    match NAMES.get(t as usize) {
        Some(n) => n.to_string(),
        None => format!("Unknown mode ({t})"),
    }
}

impl Wiphy {
    /// Merges the parts of a (split) wiphy dump into wiphys, by index, in first-seen order.
    pub fn merge(parts: &[Nl80211Message]) -> Vec<Wiphy> {
        let mut out: Vec<Wiphy> = Vec::new();
        for part in parts {
            let Some(index) = part.wiphy() else { continue };
            let pos = match out.iter().position(|w| w.index == index) {
                Some(p) => p,
                None => {
                    out.push(Wiphy { index, ..Wiphy::default() });
                    out.len() - 1
                }
            };
            out[pos].absorb(part);
        }
        out
    }

    fn absorb(&mut self, m: &Nl80211Message) {
        for a in &m.attrs {
            match a {
                Nl80211Attr::WiphyName(name) => self.name = name.clone(),
                Nl80211Attr::MaxNumScanSsids(n) => self.max_scan_ssids = Some(*n),
                Nl80211Attr::SoftmacBackend(b) => self.backend = Some(b.clone()),
                Nl80211Attr::CipherSuites(suites) => {
                    self.ciphers = suites.iter().map(|&c| cipher_name(c)).collect();
                }
                Nl80211Attr::ExtFeatures(map) => {
                    self.extended_features = ext_feature::bits_set(map)
                        .into_iter()
                        .filter_map(|b| ext_feature::describe(b).map(|(name, _)| name.to_string()))
                        .collect();
                }
                Nl80211Attr::SupportedIftypes(types) => {
                    self.interface_modes =
                        types.entries.iter().map(|(k, _)| iftype_name(u32::from(*k))).collect();
                }
                Nl80211Attr::WiphyBands(bands) => {
                    for (id, band) in &bands.entries {
                        let pos = match self.bands.iter().position(|b| b.band == *id) {
                            Some(p) => p,
                            None => {
                                self.bands.push(Band { band: *id, ..Band::default() });
                                self.bands.len() - 1
                            }
                        };
                        self.bands[pos].absorb(band);
                    }
                }
                _ => {}
            }
        }
    }
}

impl Band {
    fn absorb(&mut self, band: &Nest<BandAttr>) {
        if let Some(freqs) = attr!(band, BandAttr::Freqs) {
            for f in freqs.values() {
                let Some(&mhz) = attr!(f, FreqAttr::Freq) else { continue };
                self.frequencies.push(Frequency {
                    mhz,
                    channel: u16::try_from(mhz).ok().and_then(freq_to_channel),
                    max_tx_power_dbm: attr!(f, FreqAttr::MaxTxPower).map(|p| f64::from(*p) / 100.0),
                    disabled: attr!(f, FreqAttr::Disabled).is_some(),
                    no_ir: attr!(f, FreqAttr::NoIr).is_some(),
                    radar: attr!(f, FreqAttr::Radar).is_some(),
                });
            }
        }
        if let Some(rates) = attr!(band, BandAttr::Rates) {
            for r in rates.values() {
                let Some(&rate) = attr!(r, BitrateAttr::Rate) else { continue };
                self.bitrates.push(Bitrate {
                    mbps: f64::from(rate) / 10.0,
                    short_preamble: attr!(r, BitrateAttr::ShortPreamble).is_some(),
                });
            }
        }
    }
}

/// The channel an interface is on.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct ChannelInfo {
    /// Primary centre frequency, MHz.
    pub freq: u32,
    /// Channel number.
    pub channel: Option<u8>,
    /// iw's width name (`20 MHz (no HT)`), when the width was reported.
    pub width: Option<String>,
    /// Centre of the whole channel, MHz.
    pub center1: Option<u32>,
    /// Centre of the second segment (80+80), MHz.
    pub center2: Option<u32>,
}

/// iw's name of an `enum nl80211_chan_width`.
pub fn width_name(w: u32) -> &'static str {
    match w {
        0 => "20 MHz (no HT)",
        1 => "20 MHz",
        2 => "40 MHz",
        3 => "80 MHz",
        4 => "80+80 MHz",
        5 => "160 MHz",
        6 => "5 MHz",
        7 => "10 MHz",
        13 => "320 MHz",
        _ => "unknown",
    }
}

impl ChannelInfo {
    fn from_msg(m: &Nl80211Message) -> Option<ChannelInfo> {
        let freq = *attr!(m, Nl80211Attr::WiphyFreq)?;
        let width = attr!(m, Nl80211Attr::ChannelWidth).copied();
        Some(ChannelInfo {
            freq,
            channel: u16::try_from(freq).ok().and_then(freq_to_channel),
            width: width.map(|w| width_name(w).to_string()),
            center1: width.and(attr!(m, Nl80211Attr::CenterFreq1).copied()),
            center2: width.and(attr!(m, Nl80211Attr::CenterFreq2).copied()),
        })
    }
}

/// A network interface, from GET_INTERFACE / NEW_INTERFACE.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Interface {
    /// Name.
    pub name: Option<String>,
    /// Interface index.
    pub ifindex: Option<u32>,
    /// Wireless device id.
    pub wdev: Option<u64>,
    /// Address.
    pub addr: Option<String>,
    /// SSID in use (station: the link; AP: the BSS).
    pub ssid: Option<String>,
    /// iw's type name (`managed`, `AP`, `monitor`).
    #[serde(rename = "type")]
    pub iftype: Option<String>,
    /// Its radio.
    pub wiphy: Option<u32>,
    /// Channel in use.
    pub channel: Option<ChannelInfo>,
    /// Transmit power, dBm.
    pub txpower_dbm: Option<f64>,
}

impl Interface {
    /// Decodes an interface message.
    pub fn from_msg(m: &Nl80211Message) -> Interface {
        Interface {
            name: attr!(m, Nl80211Attr::Ifname).cloned(),
            ifindex: m.ifindex(),
            wdev: attr!(m, Nl80211Attr::Wdev).copied(),
            addr: m.mac().map(|a| a.to_string()),
            ssid: attr!(m, Nl80211Attr::Ssid).map(|s| escape_ssid(s)),
            iftype: attr!(m, Nl80211Attr::Iftype).map(|t| iftype_name(*t)),
            wiphy: m.wiphy(),
            channel: ChannelInfo::from_msg(m),
            // An s32 in mBm carried in a u32 attribute.
            txpower_dbm: attr!(m, Nl80211Attr::WiphyTxPowerLevel).map(|p| f64::from(*p as i32) / 100.0),
        }
    }
}

/// An SSID as iw prints it: printable ASCII as is (a space only inside), else `\xNN`.
pub fn escape_ssid(ssid: &[u8]) -> String {
    let mut s = String::new();
    for (i, &b) in ssid.iter().enumerate() {
        let edge = i == 0 || i + 1 == ssid.len();
        if b.is_ascii_graphic() && b != b'\\' || (b == b' ' && !edge) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("\\x{b:02x}"));
        }
    }
    s
}

/// A BSS of the scan results, from GET_SCAN.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Bss {
    /// BSSID.
    pub bssid: String,
    /// Interface that saw it.
    pub ifindex: Option<u32>,
    /// `authenticated`, `associated` or `joined`, for the BSS in use.
    pub status: Option<String>,
    /// Frequency, MHz.
    pub freq: Option<u32>,
    /// TSF, µs.
    pub tsf: Option<u64>,
    /// Beacon interval, TU.
    pub beacon_interval: Option<u16>,
    /// Capability Information field.
    pub capability: Option<u16>,
    /// Signal, mBm (100 × dBm).
    pub signal_mbm: Option<i32>,
    /// Milliseconds since it was last heard.
    pub last_seen_ms: Option<u32>,
    /// SSID (escaped as iw prints it), from the elements.
    pub ssid: Option<String>,
    /// The information elements, hex.
    #[serde(serialize_with = "hex")]
    pub ies: Vec<u8>,
}

fn hex<S: serde::Serializer>(v: &[u8], s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&v.iter().map(|b| format!("{b:02x}")).collect::<String>())
}

impl Bss {
    /// Decodes a scan result; None when it has no BSS nest or no BSSID (iw skips those).
    pub fn from_msg(m: &Nl80211Message) -> Option<Bss> {
        let b = attr!(m, Nl80211Attr::Bss)?;
        let ies = attr!(b, BssAttr::InformationElements)
            .or(attr!(b, BssAttr::BeaconIes))
            .cloned()
            .unwrap_or_default();
        Some(Bss {
            bssid: attr!(b, BssAttr::Bssid)?.to_string(),
            ifindex: m.ifindex(),
            status: attr!(b, BssAttr::Status).map(|s| match *s {
                bss_status::AUTHENTICATED => "authenticated".to_string(),
                bss_status::ASSOCIATED => "associated".to_string(),
                bss_status::IBSS_JOINED => "joined".to_string(),
                n => format!("unknown status: {n}"),
            }),
            freq: attr!(b, BssAttr::Frequency).copied(),
            tsf: attr!(b, BssAttr::Tsf).copied(),
            beacon_interval: attr!(b, BssAttr::BeaconInterval).copied(),
            capability: attr!(b, BssAttr::Capability).copied(),
            signal_mbm: attr!(b, BssAttr::SignalMbm).copied(),
            last_seen_ms: attr!(b, BssAttr::SeenMsAgo).copied(),
            ssid: super::ies::ssid(&ies).map(|s| escape_ssid(&s)),
            ies,
        })
    }
}

/// A TX or RX rate.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct RateInfo {
    /// Bitrate in units of 100 kb/s (0: unknown).
    pub bitrate_100kbps: u32,
    /// HT MCS index.
    pub mcs: Option<u8>,
}

impl RateInfo {
    fn from_nest(r: &Nest<RateInfoAttr>) -> RateInfo {
        let rate = attr!(r, RateInfoAttr::Bitrate32)
            .copied()
            .or(attr!(r, RateInfoAttr::Bitrate).map(|b| u32::from(*b)));
        RateInfo { bitrate_100kbps: rate.unwrap_or(0), mcs: attr!(r, RateInfoAttr::Mcs).copied() }
    }
}

/// A peer, from GET_STATION.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Station {
    /// Its address.
    pub mac: String,
    /// The interface it is a peer of.
    pub ifindex: Option<u32>,
    /// Milliseconds since its last frame.
    pub inactive_ms: Option<u32>,
    /// Bytes received from it.
    pub rx_bytes: Option<u64>,
    /// Packets received from it.
    pub rx_packets: Option<u32>,
    /// Bytes sent to it.
    pub tx_bytes: Option<u64>,
    /// Packets sent to it.
    pub tx_packets: Option<u32>,
    /// Retransmissions.
    pub tx_retries: Option<u32>,
    /// Frames never acknowledged.
    pub tx_failed: Option<u32>,
    /// Signal of its last frame, dBm.
    pub signal_dbm: Option<i8>,
    /// Average signal, dBm.
    pub signal_avg_dbm: Option<i8>,
    /// Rate we send at.
    pub tx_bitrate: Option<RateInfo>,
    /// Rate it sends at.
    pub rx_bitrate: Option<RateInfo>,
    /// Seconds since it associated.
    pub connected_time_s: Option<u32>,
    /// Its 802.1X port is open (open network, or WPA2 handshake done).
    pub authorized: Option<bool>,
    /// It authenticated.
    pub authenticated: Option<bool>,
    /// It is associated.
    pub associated: Option<bool>,
}

/// One flag of `struct nl80211_sta_flag_update` (mask, then set, native-endian u32s): `None`
/// when the mask does not cover it.
fn sta_flag(raw: Option<&Vec<u8>>, bit: u32) -> Option<bool> {
    let raw = raw?;
    let word = |i: usize| raw.get(i..i + 4).and_then(|b| b.try_into().ok()).map(u32::from_ne_bytes);
    let (mask, set) = (word(0)?, word(4)?);
    (mask & (1 << bit) != 0).then_some(set & (1 << bit) != 0)
}

impl Station {
    /// Decodes a station message; None without a MAC.
    pub fn from_msg(m: &Nl80211Message) -> Option<Station> {
        let mac = m.mac()?.to_string();
        let empty = Nest::new(Vec::new());
        let s = attr!(m, Nl80211Attr::StaInfo).unwrap_or(&empty);
        let wide = |long: Option<&u64>, short: Option<&u32>| long.copied().or(short.map(|v| u64::from(*v)));
        Some(Station {
            mac,
            ifindex: m.ifindex(),
            inactive_ms: attr!(s, StaInfoAttr::InactiveTime).copied(),
            rx_bytes: wide(attr!(s, StaInfoAttr::RxBytes64), attr!(s, StaInfoAttr::RxBytes)),
            rx_packets: attr!(s, StaInfoAttr::RxPackets).copied(),
            tx_bytes: wide(attr!(s, StaInfoAttr::TxBytes64), attr!(s, StaInfoAttr::TxBytes)),
            tx_packets: attr!(s, StaInfoAttr::TxPackets).copied(),
            tx_retries: attr!(s, StaInfoAttr::TxRetries).copied(),
            tx_failed: attr!(s, StaInfoAttr::TxFailed).copied(),
            signal_dbm: attr!(s, StaInfoAttr::Signal).copied(),
            signal_avg_dbm: attr!(s, StaInfoAttr::SignalAvg).copied(),
            tx_bitrate: attr!(s, StaInfoAttr::TxBitrate).map(RateInfo::from_nest),
            rx_bitrate: attr!(s, StaInfoAttr::RxBitrate).map(RateInfo::from_nest),
            connected_time_s: attr!(s, StaInfoAttr::ConnectedTime).copied(),
            authorized: sta_flag(attr!(s, StaInfoAttr::StaFlags), 1),
            authenticated: sta_flag(attr!(s, StaInfoAttr::StaFlags), 5),
            associated: sta_flag(attr!(s, StaInfoAttr::StaFlags), 7),
        })
    }
}

/// A simulated radio, from MAC80211_HWSIM GET_RADIO.
#[derive(Clone, PartialEq, Debug, Serialize)]
pub struct Radio {
    /// Radio id (the wiphy index).
    pub id: u32,
    /// Name.
    pub name: Option<String>,
    /// Concurrent channels.
    pub channels: Option<u32>,
    /// Permanent address.
    pub addr: Option<String>,
    /// Operating frequency, MHz.
    pub freq: Option<u32>,
}

impl Radio {
    /// Decodes a radio message; None without a radio id.
    pub fn from_msg(h: &HwsimMessage) -> Option<Radio> {
        Some(Radio {
            id: *attr!(h, HwsimAttr::RadioId)?,
            name: attr!(h, HwsimAttr::RadioName).map(|n| n.text.clone()),
            channels: attr!(h, HwsimAttr::Channels).copied(),
            addr: attr!(h, HwsimAttr::PermAddr).map(|a| a.to_string()),
            freq: attr!(h, HwsimAttr::Freq).copied(),
        })
    }
}
