//! Output of each command shape, exact text, from nl80211 messages built attribute by
//! attribute as the daemon (or the kernel) sends them.

use mac80211_core::wire::MacAddr;
use softmac_cli::client::event::Event;
use softmac_cli::client::format;
use softmac_cli::client::model::{Bss, Interface, Radio, Station, Wiphy};
use softmac_cli::nl::hwsim::{HwsimAttr, HwsimCmd, HwsimMessage};
use softmac_cli::nl::nl80211::{
    BandAttr, BitrateAttr, BssAttr, FreqAttr, Nl80211Attr as A, Nl80211Cmd as C, Nl80211Message,
    RateInfoAttr, StaInfoAttr,
};
use softmac_cli::nl::value::{List, Nest, NlString};
use softmac_cli::nl::{Body, FamilyIds, NlMessage};

/// `msg` as the codec reads it back from the wire: what the client gets from a reply.
fn msg(cmd: C, attrs: Vec<A>) -> Nl80211Message {
    let ids = FamilyIds::SOFTMAC;
    let bytes =
        NlMessage::new(ids.nl80211, 0, 1, 0, Body::nl80211(ids.nl80211, 1, Nl80211Message::new(cmd, attrs)))
            .to_bytes();
    NlMessage::parse(&bytes, &ids).unwrap().nl80211().unwrap().clone()
}

const STA: MacAddr = MacAddr([2, 0, 0, 0, 0, 0]);
const AP: MacAddr = MacAddr([2, 0, 0, 0, 1, 0]);

fn iface_msg() -> Nl80211Message {
    msg(
        C::NewInterface,
        vec![
            A::Ifindex(3),
            A::Ifname("wlan0".into()),
            A::Wiphy(0),
            A::Wdev(1),
            A::Mac(STA),
            A::Ssid(b"softmac".to_vec()),
            A::Iftype(2),
            A::WiphyFreq(2437),
            A::ChannelWidth(0),
            A::CenterFreq1(2437),
        ],
    )
}

#[test]
fn dev_lists_interfaces_under_their_phy() {
    let ap = msg(
        C::NewInterface,
        vec![A::Ifindex(4), A::Ifname("ap0".into()), A::Wiphy(1), A::Mac(AP), A::Iftype(3)],
    );
    let list = vec![Interface::from_msg(&iface_msg()), Interface::from_msg(&ap)];
    assert_eq!(
        format::interfaces(&list),
        "phy#0\n\tInterface wlan0\n\t\tifindex 3\n\t\twdev 0x1\n\t\taddr 02:00:00:00:00:00\n\t\tssid softmac\n\
         \t\ttype managed\n\t\tchannel 6 (2437 MHz), width: 20 MHz (no HT), center1: 2437 MHz\n\
         phy#1\n\tInterface ap0\n\t\tifindex 4\n\t\taddr 02:00:00:00:01:00\n\t\ttype AP\n"
    );
}

#[test]
fn dev_info_names_the_wiphy() {
    let i = Interface::from_msg(&iface_msg());
    assert_eq!(
        format::interface(&i),
        "Interface wlan0\n\tifindex 3\n\twdev 0x1\n\taddr 02:00:00:00:00:00\n\tssid softmac\n\ttype managed\n\
         \twiphy 0\n\tchannel 6 (2437 MHz), width: 20 MHz (no HT), center1: 2437 MHz\n"
    );
    let json = serde_json::to_value(&i).unwrap();
    assert_eq!(json["type"], "managed");
    assert_eq!(json["channel"]["freq"], 2437);
    assert_eq!(json["channel"]["channel"], 6);
    assert_eq!(json["addr"], "02:00:00:00:00:00");
}

fn bss_msg(status: Option<u32>) -> Nl80211Message {
    let ies =
        [&[0u8, 7][..], b"softmac", &[1, 8, 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24], &[3, 1, 6]]
            .concat();
    let mut bss = vec![
        BssAttr::Bssid(AP),
        BssAttr::Frequency(2437),
        BssAttr::BeaconInterval(100),
        BssAttr::Capability(0x0401),
        BssAttr::InformationElements(ies),
        BssAttr::SignalMbm(-3000),
        BssAttr::SeenMsAgo(123),
    ];
    if let Some(s) = status {
        bss.push(BssAttr::Status(s));
    }
    msg(C::NewScanResults, vec![A::Ifindex(3), A::Bss(Nest::new(bss))])
}

#[test]
fn scan_result_block() {
    let b = Bss::from_msg(&bss_msg(Some(1))).unwrap();
    assert_eq!(
        format::scan_results(std::slice::from_ref(&b), "wlan0"),
        "BSS 02:00:00:00:01:00(on wlan0) -- associated\n\tfreq: 2437\n\tbeacon interval: 100 TUs\n\
         \tcapability: ESS ShortSlotTime (0x0401)\n\tsignal: -30.00 dBm\n\tlast seen: 123 ms ago\n\
         \tSSID: softmac\n\tSupported rates: 1.0* 2.0* 5.5* 11.0* 6.0 9.0 12.0 18.0 \n\tDS Parameter set: channel 6\n"
    );
    let json = serde_json::to_value(&b).unwrap();
    for key in [
        "bssid",
        "ifindex",
        "status",
        "freq",
        "tsf",
        "beacon_interval",
        "capability",
        "signal_mbm",
        "last_seen_ms",
        "ssid",
        "ies",
    ] {
        assert!(json.get(key).is_some(), "missing key {key}");
    }
    assert_eq!(json["signal_mbm"], -3000);
    assert_eq!(json["ssid"], "softmac");
    assert_eq!(json["status"], "associated");
}

fn station_msg() -> Nl80211Message {
    let info = vec![
        StaInfoAttr::InactiveTime(40),
        StaInfoAttr::RxBytes(1200),
        StaInfoAttr::RxPackets(10),
        StaInfoAttr::TxBytes64(900),
        StaInfoAttr::TxPackets(9),
        StaInfoAttr::TxRetries(1),
        StaInfoAttr::TxFailed(0),
        StaInfoAttr::Signal(-30),
        StaInfoAttr::TxBitrate(Nest::new(vec![RateInfoAttr::Bitrate(540)])),
        StaInfoAttr::ConnectedTime(7),
    ];
    msg(C::NewStation, vec![A::Ifindex(3), A::Mac(AP), A::StaInfo(Nest::new(info))])
}

#[test]
fn station_get_block() {
    let st = Station::from_msg(&station_msg()).unwrap();
    assert_eq!(
        format::stations(std::slice::from_ref(&st), "wlan0"),
        "Station 02:00:00:00:01:00 (on wlan0)\n\tinactive time:\t40 ms\n\trx bytes:\t1200\n\trx packets:\t10\n\
         \ttx bytes:\t900\n\ttx packets:\t9\n\ttx retries:\t1\n\ttx failed:\t0\n\tsignal:  \t-30 dBm\n\
         \ttx bitrate:\t54.0 MBit/s\n\tconnected time:\t7 seconds\n"
    );
    let json = serde_json::to_value(&st).unwrap();
    assert_eq!(json["tx_bitrate"]["bitrate_100kbps"], 540);
    assert_eq!(json["signal_dbm"], -30);
    assert_eq!(json["connected_time_s"], 7);
}

#[test]
fn link_connected_and_not() {
    let b = Bss::from_msg(&bss_msg(Some(1))).unwrap();
    let st = Station::from_msg(&station_msg()).unwrap();
    assert_eq!(
        format::link(Some(&b), Some(&st), "wlan0"),
        "Connected to 02:00:00:00:01:00 (on wlan0)\n\tSSID: softmac\n\tfreq: 2437\n\tRX: 1200 bytes (10 packets)\n\
         \tTX: 900 bytes (9 packets)\n\tsignal: -30 dBm\n\ttx bitrate: 54.0 MBit/s\n"
    );
    assert_eq!(format::link(None, None, "wlan0"), "Not connected.\n");
}

#[test]
fn split_wiphy_dump_merges_by_index() {
    let freq = |f: u32, disabled: bool| {
        let mut attrs = vec![FreqAttr::Freq(f), FreqAttr::MaxTxPower(2000)];
        if disabled {
            attrs.push(FreqAttr::Disabled(()));
        }
        Nest::new(attrs)
    };
    let freqs = List::numbered(1, [freq(2412, false), freq(2484, true)]);
    let rates = List::numbered(
        1,
        [
            Nest::new(vec![BitrateAttr::Rate(10)]),
            Nest::new(vec![BitrateAttr::Rate(20), BitrateAttr::ShortPreamble(())]),
        ],
    );
    let band = |attr: BandAttr| A::WiphyBands(List::numbered(0, [Nest::new(vec![attr])]));
    let part1 = msg(C::NewWiphy, vec![A::Wiphy(0), A::WiphyName("phy0".into()), A::MaxNumScanSsids(4)]);
    let part2 = msg(C::NewWiphy, vec![A::Wiphy(0), band(BandAttr::Rates(rates))]);
    let iftypes = List { flagged: false, entries: vec![(2, ()), (3, ()), (6, ())] };
    let part3 =
        msg(C::NewWiphy, vec![A::Wiphy(0), band(BandAttr::Freqs(freqs)), A::SupportedIftypes(iftypes)]);
    let list = Wiphy::merge(&[part1, part2, part3]);
    assert_eq!(list.len(), 1);
    assert_eq!(
        format::wiphys(&list),
        "Wiphy phy0\n\twiphy index: 0\n\tBand 1:\n\t\tBitrates (non-HT):\n\t\t\t* 1.0 Mbps\n\
         \t\t\t* 2.0 Mbps (short preamble supported)\n\t\tFrequencies:\n\t\t\t* 2412 MHz [1] (20.0 dBm)\n\
         \t\t\t* 2484 MHz [14] (disabled)\n\tmax # scan SSIDs: 4\n\tSupported interface modes:\n\
         \t\t * managed\n\t\t * AP\n\t\t * monitor\n"
    );
    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(json[0]["bands"][0]["frequencies"][0]["channel"], 1);
    assert_eq!(json[0]["interface_modes"][1], "AP");
}

#[test]
fn ciphers_and_handshake_offload_features_as_iw_lists_them() {
    use softmac_cli::nl::nl80211::ext_feature;
    // A kernel wiphy (hwsim lists more ciphers) and bits iw does not name (3: SCAN_START_TIME).
    let map = ext_feature::bitmap(&[
        3,
        ext_feature::FOUR_WAY_HANDSHAKE_STA_PSK,
        ext_feature::FOUR_WAY_HANDSHAKE_AP_PSK,
    ]);
    assert_eq!(map, vec![0x08, 0x80, 0, 0, 0, 0, 0x04, 0]);
    let m = msg(
        C::NewWiphy,
        vec![
            A::Wiphy(0),
            A::WiphyName("phy0".into()),
            A::CipherSuites(vec![0x000f_ac04, 0x000f_ac02, 0x000f_ac0a, 0x0050_f201]),
            A::ExtFeatures(map),
        ],
    );
    let list = Wiphy::merge(&[m]);
    assert_eq!(
        format::wiphys(&list),
        "Wiphy phy0\n\twiphy index: 0\n\tSupported Ciphers:\n\t\t* CCMP-128 (00-0f-ac:4)\n\
         \t\t* TKIP (00-0f-ac:2)\n\t\t* CCMP-256 (00-0f-ac:10)\n\t\t* 00-50-f2:1\n\
         \tSupported extended features:\n\
         \t\t* [ 4WAY_HANDSHAKE_STA_PSK ]: 4-way handshake with PSK in station mode\n\
         \t\t* [ 4WAY_HANDSHAKE_AP_PSK ]: AP mode PSK offload support\n"
    );
    let json = serde_json::to_value(&list).unwrap();
    assert_eq!(
        json[0]["extended_features"],
        serde_json::json!(["4WAY_HANDSHAKE_STA_PSK", "4WAY_HANDSHAKE_AP_PSK"])
    );
    // A longer bitmap (a newer kernel) still reads.
    assert_eq!(ext_feature::bits_set(&[0, 0, 0, 0, 0, 0, 0, 0, 0x01]), vec![64]);
}

#[test]
fn event_lines() {
    let names = |_: u32| Some("wlan0".to_string());
    let line = |cmd: C, extra: Vec<A>| {
        let m = msg(cmd, [vec![A::Wiphy(0), A::Ifindex(3)], extra].concat());
        Event::from_msg(&m, &names).line()
    };
    assert_eq!(line(C::TriggerScan, vec![]), "wlan0 (phy #0): scan started");
    assert_eq!(
        line(
            C::NewScanResults,
            vec![
                A::ScanFrequencies(List::numbered(1, [2412, 2437])),
                A::ScanSsids(List::numbered(1, [b"x".to_vec()]))
            ]
        ),
        "wlan0 (phy #0): scan finished: 2412 2437, \"x\""
    );
    assert_eq!(
        line(C::Connect, vec![A::Mac(AP), A::StatusCode(0)]),
        "wlan0 (phy #0): connected to 02:00:00:00:01:00"
    );
    assert_eq!(
        line(C::Connect, vec![A::Mac(AP), A::StatusCode(17)]),
        "wlan0 (phy #0): failed to connect to 02:00:00:00:01:00, status: 17: AP cannot handle more stations"
    );
    assert_eq!(
        line(C::Disconnect, vec![A::ReasonCode(3), A::DisconnectedByAp(())]),
        format!(
            "wlan0 (phy #0): disconnected (by AP) reason: 3: {}",
            mac80211_core::wire::ReasonCode::from(3)
        )
    );
    assert_eq!(line(C::NewStation, vec![A::Mac(AP)]), "wlan0 (phy #0): new station 02:00:00:00:01:00");
    let new_if = msg(C::NewInterface, vec![A::Wiphy(1), A::Ifname("wlan1".into()), A::Iftype(2)]);
    assert_eq!(Event::from_msg(&new_if, &|_| None).line(), "wlan1 (phy #1): new interface type managed");
    let e = Event::from_msg(&msg(C::TriggerScan, vec![A::Wiphy(0), A::Ifindex(3)]), &names);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["event"], "scan_started");
    assert_eq!(json["ifname"], "wlan0");
}

#[test]
fn hwsim_radios() {
    // The kernel writes RADIO_NAME without its NUL; a NUL-terminated one reads the same.
    for name in [NlString::bare("phy2"), NlString::terminated("phy2")] {
        let r = HwsimMessage {
            cmd: HwsimCmd::GetRadio,
            attrs: vec![HwsimAttr::RadioId(2), HwsimAttr::RadioName(name), HwsimAttr::Channels(1)],
        };
        let r = Radio::from_msg(&r).unwrap();
        assert_eq!(format::radios(&[r]), "Radio 2\n\tname: phy2\n\tconcurrent channels: 1\n");
    }
}
