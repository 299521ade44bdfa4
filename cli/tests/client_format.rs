//! Output of each command shape, exact text, from nl80211 messages built attribute by
//! attribute as the daemon (or the kernel) sends them.

use softmac_cli::client::event::Event;
use softmac_cli::client::format;
use softmac_cli::client::genl::{GenlMsg, GenlWriter, hwsim, nl80211 as nl};
use softmac_cli::client::model::{Bss, Interface, Radio, Station, Wiphy};

/// The attribute bytes of a writer (without the genlmsghdr): a nest's body.
fn body(w: GenlWriter) -> Vec<u8> {
    w.finish()[4..].to_vec()
}

fn msg(w: GenlWriter) -> GenlMsg {
    GenlMsg::parse(&w.finish()).unwrap()
}

fn iface_msg() -> GenlMsg {
    msg(GenlWriter::new(nl::CMD_NEW_INTERFACE, 1)
        .u32(nl::ATTR_IFINDEX, 3)
        .string(nl::ATTR_IFNAME, "wlan0")
        .u32(nl::ATTR_WIPHY, 0)
        .bytes(nl::ATTR_WDEV, &1u64.to_ne_bytes())
        .bytes(nl::ATTR_MAC, &[2, 0, 0, 0, 0, 0])
        .bytes(nl::ATTR_SSID, b"softmac")
        .u32(nl::ATTR_IFTYPE, 2)
        .u32(nl::ATTR_WIPHY_FREQ, 2437)
        .u32(nl::ATTR_CHANNEL_WIDTH, 0)
        .u32(nl::ATTR_CENTER_FREQ1, 2437))
}

#[test]
fn dev_lists_interfaces_under_their_phy() {
    let ap = msg(GenlWriter::new(nl::CMD_NEW_INTERFACE, 1)
        .u32(nl::ATTR_IFINDEX, 4)
        .string(nl::ATTR_IFNAME, "ap0")
        .u32(nl::ATTR_WIPHY, 1)
        .bytes(nl::ATTR_MAC, &[2, 0, 0, 0, 1, 0])
        .u32(nl::ATTR_IFTYPE, 3));
    let list = vec![Interface::from_attrs(&iface_msg().attrs), Interface::from_attrs(&ap.attrs)];
    assert_eq!(
        format::interfaces(&list),
        "phy#0\n\tInterface wlan0\n\t\tifindex 3\n\t\twdev 0x1\n\t\taddr 02:00:00:00:00:00\n\t\tssid softmac\n\
         \t\ttype managed\n\t\tchannel 6 (2437 MHz), width: 20 MHz (no HT), center1: 2437 MHz\n\
         phy#1\n\tInterface ap0\n\t\tifindex 4\n\t\taddr 02:00:00:00:01:00\n\t\ttype AP\n"
    );
}

#[test]
fn dev_info_names_the_wiphy() {
    let i = Interface::from_attrs(&iface_msg().attrs);
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

fn bss_msg(status: Option<u32>) -> GenlMsg {
    let ies =
        [&[0u8, 7][..], b"softmac", &[1, 8, 0x82, 0x84, 0x8b, 0x96, 0x0c, 0x12, 0x18, 0x24], &[3, 1, 6]]
            .concat();
    let mut bss = GenlWriter::new(0, 0)
        .bytes(nl::BSS_BSSID, &[2, 0, 0, 0, 1, 0])
        .u32(nl::BSS_FREQUENCY, 2437)
        .u16(nl::BSS_BEACON_INTERVAL, 100)
        .u16(nl::BSS_CAPABILITY, 0x0401)
        .bytes(nl::BSS_INFORMATION_ELEMENTS, &ies)
        .u32(nl::BSS_SIGNAL_MBM, (-3000i32) as u32)
        .u32(nl::BSS_SEEN_MS_AGO, 123);
    if let Some(s) = status {
        bss = bss.u32(nl::BSS_STATUS, s);
    }
    msg(GenlWriter::new(nl::CMD_NEW_SCAN_RESULTS, 1).u32(nl::ATTR_IFINDEX, 3).bytes(nl::ATTR_BSS, &body(bss)))
}

#[test]
fn scan_result_block() {
    let b = Bss::from_attrs(&bss_msg(Some(1)).attrs).unwrap();
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

fn station_msg() -> GenlMsg {
    let rate = body(GenlWriter::new(0, 0).u16(nl::RATE_INFO_BITRATE, 540));
    let info = body(
        GenlWriter::new(0, 0)
            .u32(nl::STA_INFO_INACTIVE_TIME, 40)
            .u32(nl::STA_INFO_RX_BYTES, 1200)
            .u32(nl::STA_INFO_RX_PACKETS, 10)
            .bytes(nl::STA_INFO_TX_BYTES64, &900u64.to_ne_bytes())
            .u32(nl::STA_INFO_TX_PACKETS, 9)
            .u32(nl::STA_INFO_TX_RETRIES, 1)
            .u32(nl::STA_INFO_TX_FAILED, 0)
            .bytes(nl::STA_INFO_SIGNAL, &[(-30i8) as u8])
            .bytes(nl::STA_INFO_TX_BITRATE, &rate)
            .u32(nl::STA_INFO_CONNECTED_TIME, 7),
    );
    msg(GenlWriter::new(nl::CMD_NEW_STATION, 1)
        .u32(nl::ATTR_IFINDEX, 3)
        .bytes(nl::ATTR_MAC, &[2, 0, 0, 0, 1, 0])
        .bytes(nl::ATTR_STA_INFO, &info))
}

#[test]
fn station_get_block() {
    let st = Station::from_attrs(&station_msg().attrs).unwrap();
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
    let b = Bss::from_attrs(&bss_msg(Some(1)).attrs).unwrap();
    let st = Station::from_attrs(&station_msg().attrs).unwrap();
    assert_eq!(
        format::link(Some(&b), Some(&st), "wlan0"),
        "Connected to 02:00:00:00:01:00 (on wlan0)\n\tSSID: softmac\n\tfreq: 2437\n\tRX: 1200 bytes (10 packets)\n\
         \tTX: 900 bytes (9 packets)\n\tsignal: -30 dBm\n\ttx bitrate: 54.0 MBit/s\n"
    );
    assert_eq!(format::link(None, None, "wlan0"), "Not connected.\n");
}

#[test]
fn split_wiphy_dump_merges_by_index() {
    let freq = |f: u32, extra: Option<u16>| {
        let mut w =
            GenlWriter::new(0, 0).u32(nl::FREQUENCY_ATTR_FREQ, f).u32(nl::FREQUENCY_ATTR_MAX_TX_POWER, 2000);
        if let Some(flag) = extra {
            w = w.flag(flag);
        }
        body(w)
    };
    let freqs = body(
        GenlWriter::new(0, 0)
            .bytes(1, &freq(2412, None))
            .bytes(2, &freq(2484, Some(nl::FREQUENCY_ATTR_DISABLED))),
    );
    let rates = body(
        GenlWriter::new(0, 0).bytes(1, &body(GenlWriter::new(0, 0).u32(nl::BITRATE_ATTR_RATE, 10))).bytes(
            2,
            &body(
                GenlWriter::new(0, 0)
                    .u32(nl::BITRATE_ATTR_RATE, 20)
                    .flag(nl::BITRATE_ATTR_2GHZ_SHORTPREAMBLE),
            ),
        ),
    );
    let part1 = msg(GenlWriter::new(nl::CMD_NEW_WIPHY, 1)
        .u32(nl::ATTR_WIPHY, 0)
        .string(nl::ATTR_WIPHY_NAME, "phy0")
        .bytes(nl::ATTR_MAX_NUM_SCAN_SSIDS, &[4]));
    let part2 = msg(GenlWriter::new(nl::CMD_NEW_WIPHY, 1).u32(nl::ATTR_WIPHY, 0).bytes(
        nl::ATTR_WIPHY_BANDS,
        &body(
            GenlWriter::new(0, 0).bytes(0, &body(GenlWriter::new(0, 0).bytes(nl::BAND_ATTR_RATES, &rates))),
        ),
    ));
    let part3 = msg(GenlWriter::new(nl::CMD_NEW_WIPHY, 1)
        .u32(nl::ATTR_WIPHY, 0)
        .bytes(
            nl::ATTR_WIPHY_BANDS,
            &body(
                GenlWriter::new(0, 0)
                    .bytes(0, &body(GenlWriter::new(0, 0).bytes(nl::BAND_ATTR_FREQS, &freqs))),
            ),
        )
        .bytes(nl::ATTR_SUPPORTED_IFTYPES, &body(GenlWriter::new(0, 0).flag(2).flag(3).flag(6))));
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
fn event_lines() {
    let names = |_: u32| Some("wlan0".to_string());
    let line = |w: GenlWriter| Event::from_msg(&msg(w), &names).line();
    let base = |cmd| GenlWriter::new(cmd, 1).u32(nl::ATTR_WIPHY, 0).u32(nl::ATTR_IFINDEX, 3);
    assert_eq!(line(base(nl::CMD_TRIGGER_SCAN)), "wlan0 (phy #0): scan started");
    let freqs = body(GenlWriter::new(0, 0).u32(1, 2412).u32(2, 2437));
    let ssids = body(GenlWriter::new(0, 0).bytes(1, b"x"));
    assert_eq!(
        line(
            base(nl::CMD_NEW_SCAN_RESULTS)
                .bytes(nl::ATTR_SCAN_FREQUENCIES, &freqs)
                .bytes(nl::ATTR_SCAN_SSIDS, &ssids)
        ),
        "wlan0 (phy #0): scan finished: 2412 2437, \"x\""
    );
    let mac = [2, 0, 0, 0, 1, 0];
    assert_eq!(
        line(base(nl::CMD_CONNECT).bytes(nl::ATTR_MAC, &mac).u16(nl::ATTR_STATUS_CODE, 0)),
        "wlan0 (phy #0): connected to 02:00:00:00:01:00"
    );
    assert_eq!(
        line(base(nl::CMD_CONNECT).bytes(nl::ATTR_MAC, &mac).u16(nl::ATTR_STATUS_CODE, 17)),
        "wlan0 (phy #0): failed to connect to 02:00:00:00:01:00, status: 17: AP cannot handle more stations"
    );
    assert_eq!(
        line(base(nl::CMD_DISCONNECT).u16(nl::ATTR_REASON_CODE, 3).flag(nl::ATTR_DISCONNECTED_BY_AP)),
        format!(
            "wlan0 (phy #0): disconnected (by AP) reason: 3: {}",
            mac80211_core::wire::ReasonCode::from(3)
        )
    );
    assert_eq!(
        line(base(nl::CMD_NEW_STATION).bytes(nl::ATTR_MAC, &mac)),
        "wlan0 (phy #0): new station 02:00:00:00:01:00"
    );
    let new_if = GenlWriter::new(nl::CMD_NEW_INTERFACE, 1)
        .u32(nl::ATTR_WIPHY, 1)
        .string(nl::ATTR_IFNAME, "wlan1")
        .u32(nl::ATTR_IFTYPE, 2);
    assert_eq!(Event::from_msg(&msg(new_if), &|_| None).line(), "wlan1 (phy #1): new interface type managed");
    let e = Event::from_msg(&msg(base(nl::CMD_TRIGGER_SCAN)), &names);
    let json = serde_json::to_value(&e).unwrap();
    assert_eq!(json["event"], "scan_started");
    assert_eq!(json["ifname"], "wlan0");
}

#[test]
fn hwsim_radios() {
    let r = msg(GenlWriter::new(hwsim::CMD_GET_RADIO, 1)
        .u32(hwsim::ATTR_RADIO_ID, 2)
        .string(hwsim::ATTR_RADIO_NAME, "phy2")
        .u32(hwsim::ATTR_CHANNELS, 1));
    let r = Radio::from_attrs(&r.attrs).unwrap();
    assert_eq!(format::radios(&[r]), "Radio 2\n\tname: phy2\n\tconcurrent channels: 1\n");
}
