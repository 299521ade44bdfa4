//! Properties of the netlink codec: typed messages survive emit → parse → emit, and no input
//! makes a parser panic.

use mac80211_core::wire::MacAddr;
use netlink_packet_generic::{GenlHeader, GenlMessage};
use proptest::prelude::*;
use softmac_cli::nl::nl80211::{BssAttr, Nl80211Attr, Nl80211Cmd, Nl80211Message, RateInfoAttr, StaInfoAttr};
use softmac_cli::nl::value::{List, Nest};
use softmac_cli::nl::{Body, FamilyIds, NlMessage, emit_datagram, parse_datagram};

fn mac() -> impl Strategy<Value = MacAddr> {
    any::<[u8; 6]>().prop_map(MacAddr)
}

fn rate() -> impl Strategy<Value = RateInfoAttr> {
    prop_oneof![
        any::<u16>().prop_map(RateInfoAttr::Bitrate),
        any::<u32>().prop_map(RateInfoAttr::Bitrate32),
        any::<u8>().prop_map(RateInfoAttr::Mcs),
        Just(RateInfoAttr::Width40(())),
        Just(RateInfoAttr::ShortGi(())),
    ]
}

fn sta_info() -> impl Strategy<Value = StaInfoAttr> {
    prop_oneof![
        any::<u32>().prop_map(StaInfoAttr::InactiveTime),
        any::<u32>().prop_map(StaInfoAttr::RxBytes),
        any::<u64>().prop_map(StaInfoAttr::TxBytes64),
        any::<i8>().prop_map(StaInfoAttr::Signal),
        (any::<bool>(), prop::collection::vec(rate(), 0..4))
            .prop_map(|(flagged, attrs)| StaInfoAttr::TxBitrate(Nest { flagged, attrs })),
    ]
}

fn bss() -> impl Strategy<Value = BssAttr> {
    prop_oneof![
        mac().prop_map(BssAttr::Bssid),
        any::<u32>().prop_map(BssAttr::Frequency),
        any::<i32>().prop_map(BssAttr::SignalMbm),
        any::<u64>().prop_map(BssAttr::Tsf),
        prop::collection::vec(any::<u8>(), 0..40).prop_map(BssAttr::InformationElements),
        Just(BssAttr::PrespData(())),
    ]
}

fn attr() -> impl Strategy<Value = Nl80211Attr> {
    prop_oneof![
        any::<u32>().prop_map(Nl80211Attr::Wiphy),
        any::<u32>().prop_map(Nl80211Attr::Ifindex),
        "[a-z0-9-]{0,15}".prop_map(Nl80211Attr::Ifname),
        mac().prop_map(Nl80211Attr::Mac),
        prop::collection::vec(any::<u8>(), 0..33).prop_map(Nl80211Attr::Ssid),
        any::<u16>().prop_map(Nl80211Attr::ReasonCode),
        Just(Nl80211Attr::TimedOut(())),
        prop::collection::vec((any::<u16>().prop_map(|i| i & 0x3fff), any::<u32>()), 0..5)
            .prop_map(|entries| Nl80211Attr::ScanFrequencies(List { flagged: true, entries })),
        prop::collection::vec(prop::collection::vec(any::<u8>(), 0..33), 0..4)
            .prop_map(|ssids| Nl80211Attr::ScanSsids(List::numbered(1, ssids))),
        (any::<bool>(), prop::collection::vec(bss(), 0..6))
            .prop_map(|(flagged, attrs)| Nl80211Attr::Bss(Nest { flagged, attrs })),
        prop::collection::vec(sta_info(), 0..6).prop_map(|a| Nl80211Attr::StaInfo(Nest::new(a))),
        // WPA2-PSK: what wpa_supplicant and hostapd send with 4-way handshake offload.
        any::<u32>().prop_map(Nl80211Attr::WpaVersions),
        prop::collection::vec(any::<u32>(), 0..3).prop_map(Nl80211Attr::CipherSuitesPairwise),
        any::<u32>().prop_map(Nl80211Attr::CipherSuiteGroup),
        prop::collection::vec(any::<u32>(), 0..3).prop_map(Nl80211Attr::AkmSuites),
        prop::collection::vec(any::<u8>(), 32..=48).prop_map(Nl80211Attr::Pmk),
        Just(Nl80211Attr::Privacy(())),
        Just(Nl80211Attr::SoftmacHandshakeFailed(())),
        any::<u32>().prop_map(Nl80211Attr::SoftmacGroupRekey),
        // Untyped numbers: above the last typed nl80211 attribute, below softmac's 0x3f00 range
        // (whose numbers are typed and would not parse back as `Other`).
        (1000u16..0x3f00, prop::collection::vec(any::<u8>(), 0..12))
            .prop_map(|(kind, v)| { Nl80211Attr::Other(netlink_packet_core::DefaultNla::new(kind, v)) }),
    ]
}

fn message() -> impl Strategy<Value = NlMessage> {
    (any::<u8>(), any::<u8>(), any::<u16>(), any::<u32>(), prop::collection::vec(attr(), 0..8)).prop_map(
        |(cmd, version, flags, seq, attrs)| {
            let payload = Nl80211Message::new(Nl80211Cmd::from(cmd), attrs);
            let genl = GenlMessage::new(GenlHeader { cmd, version }, payload, FamilyIds::SOFTMAC.nl80211);
            NlMessage::new(FamilyIds::SOFTMAC.nl80211, flags, seq, 7, Body::Nl80211(genl))
        },
    )
}

proptest! {
    #[test]
    fn typed_messages_round_trip(msgs in prop::collection::vec(message(), 1..4)) {
        let bytes = emit_datagram(&msgs);
        let back = parse_datagram(&bytes, &FamilyIds::SOFTMAC).expect("own output parses");
        prop_assert_eq!(&back, &msgs);
        prop_assert_eq!(emit_datagram(&back), bytes);
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..256)) {
        let _ = parse_datagram(&bytes, &FamilyIds::SOFTMAC);
    }

    #[test]
    fn mutated_valid_messages_never_panic(msg in message(), flips in prop::collection::vec((any::<usize>(), any::<u8>()), 1..6)) {
        let mut bytes = msg.to_bytes();
        for (at, v) in flips {
            let n = bytes.len();
            bytes[at % n] = v;
        }
        if let Ok(msgs) = parse_datagram(&bytes, &FamilyIds::SOFTMAC) {
            let _ = emit_datagram(&msgs);
        }
    }
}
