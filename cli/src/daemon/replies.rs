//! nl80211 messages describing the backend's state: wiphys, interfaces, BSSs, stations.
//!
//! Attribute sets follow what Linux 6.1 puts in the same replies (`nl80211_send_wiphy`,
//! `nl80211_send_iface`, `nl80211_send_bss`, `nl80211_send_station` in
//! `net/wireless/nl80211.c`; checked against the golden capture), restricted to what the
//! backend knows. `GENERATION` is a constant 1: the backend keeps no change counter, and a
//! client only compares generations between messages of one dump.
//!
//! A wiphy is described in one message, or, when the client asked for a split dump
//! (`NL80211_ATTR_SPLIT_WIPHY_DUMP`), in several that each repeat `WIPHY`, `WIPHY_NAME` and
//! `GENERATION` (base capabilities; one message per band; supported commands), which the client
//! merges by wiphy index as iw does.

use mac80211_core::channel::{Band, Channel, ChannelWidth};
use mac80211_core::mac::{PeerState, TxRate, VifKind};

use crate::daemon::backend::{IfaceInfo, ScanEntry, StationEntry, WiphyInfo};
use crate::nl::nl80211::{
    BandAttr, BitrateAttr, BssAttr, FreqAttr, Nl80211Attr, Nl80211Cmd, Nl80211Message, RateInfoAttr,
    StaInfoAttr, bss_status, chan_width, ext_feature, iftype,
};
use crate::nl::value::{List, Nest};

/// The dump generation reported everywhere (see the module docs).
pub const GENERATION: u32 = 1;

/// Scan SSIDs a TRIGGER_SCAN may carry (`MAX_NUM_SCAN_SSIDS`).
pub const MAX_SCAN_SSIDS: u8 = 4;

/// The nl80211 commands the front end serves, as listed in `SUPPORTED_COMMANDS` and nlctrl OPS
/// with whether each accepts a dump.
pub const SERVED_COMMANDS: &[(Nl80211Cmd, bool)] = &[
    (Nl80211Cmd::GetWiphy, true),
    (Nl80211Cmd::SetWiphy, false),
    (Nl80211Cmd::GetInterface, true),
    (Nl80211Cmd::SetInterface, false),
    (Nl80211Cmd::NewInterface, false),
    (Nl80211Cmd::DelInterface, false),
    (Nl80211Cmd::StartAp, false),
    (Nl80211Cmd::StopAp, false),
    (Nl80211Cmd::GetStation, true),
    (Nl80211Cmd::DelStation, false),
    (Nl80211Cmd::GetScan, true),
    (Nl80211Cmd::TriggerScan, false),
    (Nl80211Cmd::Connect, false),
    (Nl80211Cmd::Disconnect, false),
    (Nl80211Cmd::GetProtocolFeatures, false),
    (Nl80211Cmd::AbortScan, false),
];

/// `enum nl80211_iftype` of a VIF kind.
pub fn iftype_of(kind: VifKind) -> u32 {
    match kind {
        VifKind::Station => iftype::STATION,
        VifKind::Ap => iftype::AP,
        VifKind::Monitor => iftype::MONITOR,
    }
}

/// The VIF kind of an `enum nl80211_iftype`, for the types softmac hosts.
pub fn kind_of(iftype: u32) -> Option<VifKind> {
    match iftype {
        iftype::STATION => Some(VifKind::Station),
        iftype::AP => Some(VifKind::Ap),
        iftype::MONITOR => Some(VifKind::Monitor),
        _ => None,
    }
}

/// `NL80211_ATTR_WDEV` of an interface: the wiphy in the high half, as Linux numbers wdevs.
pub fn wdev_of(wiphy: u32, ifindex: u32) -> u64 {
    (u64::from(wiphy) << 32) | u64::from(ifindex)
}

/// `enum nl80211_chan_width` of a width.
pub fn chan_width_of(width: ChannelWidth) -> u32 {
    match width {
        ChannelWidth::Mhz20NoHt => chan_width::W20_NOHT,
        ChannelWidth::Mhz20 => chan_width::W20,
        ChannelWidth::Mhz40 => chan_width::W40,
        ChannelWidth::Mhz80 => chan_width::W80,
        ChannelWidth::Mhz160 => chan_width::W160,
    }
}

/// The width of an `enum nl80211_chan_width`, for the widths softmac knows.
pub fn width_of(value: u32) -> Option<ChannelWidth> {
    match value {
        chan_width::W20_NOHT => Some(ChannelWidth::Mhz20NoHt),
        chan_width::W20 => Some(ChannelWidth::Mhz20),
        chan_width::W40 => Some(ChannelWidth::Mhz40),
        chan_width::W80 => Some(ChannelWidth::Mhz80),
        chan_width::W160 => Some(ChannelWidth::Mhz160),
        _ => None,
    }
}

/// `WIPHY_FREQ`, `CHANNEL_WIDTH` and `CENTER_FREQ1` of a channel (center = primary for 20 MHz;
/// wider channels report the primary too, as softmac tracks no segment centre).
pub fn channel_attrs(channel: Channel) -> Vec<Nl80211Attr> {
    vec![
        Nl80211Attr::WiphyFreq(u32::from(channel.freq)),
        Nl80211Attr::ChannelWidth(chan_width_of(channel.width)),
        Nl80211Attr::CenterFreq1(u32::from(channel.freq)),
    ]
}

fn wiphy_head(w: &WiphyInfo) -> Vec<Nl80211Attr> {
    vec![
        Nl80211Attr::Wiphy(w.index),
        Nl80211Attr::WiphyName(w.name.clone()),
        Nl80211Attr::Generation(GENERATION),
    ]
}

fn capabilities() -> Vec<Nl80211Attr> {
    vec![
        Nl80211Attr::MaxNumScanSsids(MAX_SCAN_SSIDS),
        Nl80211Attr::MaxScanIeLen(0),
        Nl80211Attr::SupportedIftypes(List {
            flagged: false,
            entries: vec![
                (iftype::STATION as u16, ()),
                (iftype::AP as u16, ()),
                (iftype::MONITOR as u16, ()),
            ],
        }),
        // The one cipher the soft-MAC does (in software): CCMP-128 (`iw list`: "Supported Ciphers").
        Nl80211Attr::CipherSuites(vec![u32::from(mac80211_core::wire::element::suite::CipherSuite::Ccmp128)]),
        // The soft-MAC runs both ends of the 4-way handshake: a driver with these bits is what
        // wpa_supplicant and hostapd hand a PMK to (CONNECT / START_AP `PMK`).
        Nl80211Attr::ExtFeatures(ext_feature::bitmap(&[
            ext_feature::FOUR_WAY_HANDSHAKE_STA_PSK,
            ext_feature::FOUR_WAY_HANDSHAKE_AP_PSK,
        ])),
    ]
}

fn supported_commands() -> Nl80211Attr {
    Nl80211Attr::SupportedCommands(List::numbered(
        1,
        SERVED_COMMANDS.iter().map(|(c, _)| u32::from(u8::from(*c))),
    ))
}

/// `enum nl80211_band` of a band.
fn band_number(band: Band) -> u16 {
    match band {
        Band::Ghz2_4 => 0,
        Band::Ghz5 => 1,
        Band::Ghz6 => 3,
    }
}

/// Bitrates of a band in 100 kb/s, with the 2.4 GHz short-preamble flag (hwsim's tables).
fn band_rates(band: Band) -> Vec<Nest<BitrateAttr>> {
    let dsss: &[(u32, bool)] = &[(10, false), (20, true), (55, true), (110, true)];
    let ofdm = [60, 90, 120, 180, 240, 360, 480, 540].map(|r| (r, false));
    let rates: Vec<(u32, bool)> = match band {
        Band::Ghz2_4 => dsss.iter().copied().chain(ofdm).collect(),
        Band::Ghz5 | Band::Ghz6 => ofdm.to_vec(),
    };
    rates
        .into_iter()
        .map(|(rate, short)| {
            let mut attrs = vec![BitrateAttr::Rate(rate)];
            if short {
                attrs.push(BitrateAttr::ShortPreamble(()));
            }
            Nest::new(attrs)
        })
        .collect()
}

/// `WIPHY_BANDS` entries of a wiphy: its channels grouped by band, in band order.
fn bands(w: &WiphyInfo) -> Vec<(u16, Nest<BandAttr>)> {
    let mut out = Vec::new();
    for band in [Band::Ghz2_4, Band::Ghz5, Band::Ghz6] {
        let freqs: Vec<Nest<FreqAttr>> = w
            .channels
            .iter()
            .filter(|c| c.band() == Some(band))
            .map(|c| Nest::new(vec![FreqAttr::Freq(u32::from(c.freq)), FreqAttr::MaxTxPower(2000)]))
            .collect();
        if freqs.is_empty() {
            continue;
        }
        let attrs = vec![
            BandAttr::Freqs(List::numbered(0, freqs)),
            BandAttr::Rates(List::numbered(0, band_rates(band))),
        ];
        out.push((band_number(band), Nest::new(attrs)));
    }
    out
}

/// NEW_WIPHY messages for `w`: one (`split` false) or several (`split` true).
pub fn wiphy_messages(w: &WiphyInfo, split: bool) -> Vec<Nl80211Message> {
    if !split {
        let mut attrs = wiphy_head(w);
        attrs.extend(capabilities());
        attrs.push(Nl80211Attr::SoftmacBackend(w.backend.to_owned()));
        attrs.push(Nl80211Attr::WiphyBands(List { flagged: false, entries: bands(w) }));
        attrs.push(supported_commands());
        return vec![Nl80211Message::new(Nl80211Cmd::NewWiphy, attrs)];
    }
    let mut out = Vec::new();
    let mut base = wiphy_head(w);
    base.extend(capabilities());
    base.push(Nl80211Attr::SoftmacBackend(w.backend.to_owned()));
    out.push(Nl80211Message::new(Nl80211Cmd::NewWiphy, base));
    for band in bands(w) {
        let mut attrs = wiphy_head(w);
        attrs.push(Nl80211Attr::WiphyBands(List { flagged: false, entries: vec![band] }));
        out.push(Nl80211Message::new(Nl80211Cmd::NewWiphy, attrs));
    }
    let mut cmds = wiphy_head(w);
    cmds.push(supported_commands());
    out.push(Nl80211Message::new(Nl80211Cmd::NewWiphy, cmds));
    out
}

/// DEL_WIPHY notification for `w`.
pub fn del_wiphy_message(w: &WiphyInfo) -> Nl80211Message {
    Nl80211Message::new(Nl80211Cmd::DelWiphy, wiphy_head(w))
}

/// An interface described as in NEW_INTERFACE replies and notifications (`cmd` is
/// NEW_INTERFACE or DEL_INTERFACE).
pub fn iface_message(cmd: Nl80211Cmd, i: &IfaceInfo) -> Nl80211Message {
    let mut attrs = vec![
        Nl80211Attr::Ifindex(i.ifindex),
        Nl80211Attr::Ifname(i.name.clone()),
        Nl80211Attr::Wiphy(i.wiphy),
        Nl80211Attr::Iftype(iftype_of(i.kind)),
        Nl80211Attr::Wdev(wdev_of(i.wiphy, i.ifindex)),
        Nl80211Attr::Mac(i.addr),
        Nl80211Attr::Generation(GENERATION),
        Nl80211Attr::FourAddr(0),
    ];
    if let Some(ssid) = &i.ssid {
        attrs.push(Nl80211Attr::Ssid(ssid.clone()));
    }
    if let Some(channel) = i.channel {
        attrs.extend(channel_attrs(channel));
    }
    Nl80211Message::new(cmd, attrs)
}

/// One GET_SCAN dump entry (NEW_SCAN_RESULTS) for a BSS seen by `iface`.
pub fn bss_message(iface: &IfaceInfo, e: &ScanEntry) -> Nl80211Message {
    let b = &e.bss;
    let mut bss = vec![BssAttr::Bssid(b.bssid)];
    if b.from_probe_response {
        bss.push(BssAttr::PrespData(()));
    }
    bss.extend([
        BssAttr::InformationElements(b.ies.clone()),
        BssAttr::Tsf(b.tsf),
        BssAttr::BeaconInterval(b.beacon_interval_tu),
        BssAttr::Capability(b.capability),
        BssAttr::Frequency(u32::from(b.channel.freq)),
        BssAttr::SeenMsAgo(u32::try_from(e.seen_ago.as_millis()).unwrap_or(u32::MAX)),
        BssAttr::SignalMbm(i32::from(b.signal_dbm) * 100),
    ]);
    if e.associated {
        bss.push(BssAttr::Status(bss_status::ASSOCIATED));
    }
    Nl80211Message::new(
        Nl80211Cmd::NewScanResults,
        vec![
            Nl80211Attr::Generation(GENERATION),
            Nl80211Attr::Ifindex(iface.ifindex),
            Nl80211Attr::Wdev(wdev_of(iface.wiphy, iface.ifindex)),
            Nl80211Attr::Bss(Nest::new(bss)),
        ],
    )
}

/// `NL80211_RATE_INFO_*` of a TX rate (`nl80211_put_sta_rate`: BITRATE only when it fits
/// in 16 bits, BITRATE32 always; MCS and width/GI flags for HT).
pub fn rate_info(rate: TxRate) -> Nest<RateInfoAttr> {
    let units = rate.kbps() / 100;
    let mut attrs = Vec::new();
    if let Ok(small) = u16::try_from(units) {
        attrs.push(RateInfoAttr::Bitrate(small));
    }
    attrs.push(RateInfoAttr::Bitrate32(units));
    if let TxRate::Ht { mcs, wide, short_gi } = rate {
        attrs.push(RateInfoAttr::Mcs(mcs));
        if wide {
            attrs.push(RateInfoAttr::Width40(()));
        }
        if short_gi {
            attrs.push(RateInfoAttr::ShortGi(()));
        }
    }
    Nest::new(attrs)
}

fn saturate(v: u64) -> u32 {
    u32::try_from(v).unwrap_or(u32::MAX)
}

/// `struct nl80211_sta_flag_update` for a peer state: mask and set of the AUTHORIZED (1),
/// AUTHENTICATED (5) and ASSOCIATED (7) flags, as `nl80211_send_station` reports them.
fn sta_flags(state: PeerState) -> Vec<u8> {
    const AUTHORIZED: u32 = 1 << 1;
    const AUTHENTICATED: u32 = 1 << 5;
    const ASSOCIATED: u32 = 1 << 7;
    let mask = AUTHORIZED | AUTHENTICATED | ASSOCIATED;
    let mut set = 0;
    if state >= PeerState::Authenticated {
        set |= AUTHENTICATED;
    }
    if state.is_associated() {
        set |= ASSOCIATED;
    }
    if state.port_open() {
        set |= AUTHORIZED;
    }
    [mask.to_ne_bytes(), set.to_ne_bytes()].concat()
}

/// A station described as in GET_STATION replies (NEW_STATION).
pub fn station_message(ifindex: u32, s: &StationEntry) -> Nl80211Message {
    let st = &s.stats;
    let info = vec![
        StaInfoAttr::InactiveTime(saturate(s.inactive_for.as_millis())),
        StaInfoAttr::RxBytes(saturate(st.rx_bytes)),
        StaInfoAttr::TxBytes(saturate(st.tx_bytes)),
        StaInfoAttr::RxBytes64(st.rx_bytes),
        StaInfoAttr::TxBytes64(st.tx_bytes),
        StaInfoAttr::RxPackets(saturate(st.rx_packets)),
        StaInfoAttr::TxPackets(saturate(st.tx_packets)),
        StaInfoAttr::TxRetries(saturate(st.tx_retries)),
        StaInfoAttr::TxFailed(saturate(st.tx_failed)),
        StaInfoAttr::Signal(st.signal_dbm),
        StaInfoAttr::TxBitrate(rate_info(st.tx_rate)),
        StaInfoAttr::ConnectedTime(saturate(s.connected_for.as_millis() / 1000)),
        StaInfoAttr::StaFlags(sta_flags(s.state)),
    ];
    Nl80211Message::new(
        Nl80211Cmd::NewStation,
        vec![
            Nl80211Attr::Ifindex(ifindex),
            Nl80211Attr::Mac(s.addr),
            Nl80211Attr::Generation(GENERATION),
            Nl80211Attr::StaInfo(Nest::new(info)),
        ],
    )
}
