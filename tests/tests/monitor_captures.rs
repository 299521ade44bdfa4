//! A monitor interface on the AP's channel sees the same 802.11 frames, in the same order, as
//! the medium's capture of that channel, while stations scan, join and ping.
//!
//! What is compared, precisely (hwsim semantics, see `hwsim` and `hwsim::capture`):
//!
//! - The channel capture has one record per PPDU put on the air on 2437 MHz, written when it
//!   starts, ACKs included, and frames lost to collisions included.
//! - The monitor's radio receives the frames it decodes, at the end of the PPDU, ACKs to other
//!   radios included: a monitor interface puts its radio in promiscuous mode. On the perfect
//!   medium used here it loses a frame only to a collision, which the medium counts in the
//!   monitor radio's drop counters.
//!
//! So: the capture, minus exactly as many frames as the monitor radio counted as dropped,
//! equals the monitor's deliveries with the radiotap header stripped, in order. For each
//! matched pair the monitor's radiotap TSFT (end of the PPDU) is the capture's TSFT (start of
//! the PPDU) plus the frame's airtime, and the rate and channel agree.

use hwsim::airtime::{FCS_LEN, airtime};
use hwsim::{RadioId, TxRate};
use mac80211_core::capture::CaptureReader;
use mac80211_core::mac::{Command, ConnectRequest, DeliveredKind, VifKind};
use mac80211_core::time::Duration;
use mac80211_core::wire::linktype::{RadioHeader, split_radio_header};
use mac80211_core::wire::{LinkType, RadiotapRepr};
use softmac_tests::{NodeSpec, World, ch2};
use std::net::Ipv4Addr;

/// Control frame, subtype ACK (802.11-2020 9.3.1.3).
const ACK_FC0: u8 = 0xd4;

/// A frame and the radiotap fields this test compares.
#[derive(Debug)]
struct Seen {
    frame: Vec<u8>,
    tsft: u64,
    rate: TxRate,
    freq: u16,
}

fn seen(linktype: LinkType, record: &[u8]) -> Seen {
    let split = split_radio_header(linktype, record).unwrap();
    let RadioHeader::Radiotap(rt) = split.header else { panic!("not radiotap") };
    let repr = RadiotapRepr::parse(&rt).unwrap();
    let rate = match (repr.rate_500kbps, repr.mcs) {
        (Some(rate), None) => TxRate::Legacy { rate, short_preamble: false },
        (None, Some(m)) => TxRate::Ht { mcs: m.mcs, ht40: m.flags & 1 != 0, short_gi: m.flags & 4 != 0 },
        other => panic!("no rate: {other:?}"),
    };
    Seen { frame: split.frame.to_vec(), tsft: repr.tsft.unwrap(), rate, freq: repr.channel.unwrap().freq }
}

/// Nothing on the air and nothing queued on any radio: every PPDU that started has ended and
/// been delivered.
fn air_is_quiet(w: &mut World, radios: &[RadioId]) -> bool {
    radios.iter().all(|&r| w.medium().radio(r).is_some_and(|s| s.queued == 0 && !s.transmitting))
}

#[test]
fn monitor_sees_every_frame_of_its_channel() {
    let mut w = World::new(5);
    w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let (sta1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (sta2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    let mon = w.add_node("monitor", NodeSpec::at(3.0, 3.0, 0.0));
    let mvif = w.add_vif(mon, VifKind::Monitor);
    w.command(mon, Command::SetChannel(ch2(6))).unwrap();
    // Tuned before the tap opens, at the same instant, with nothing on the air yet: both
    // start from the same first PPDU.
    let cap = w.capture_channel(ch2(6));

    // Both join at once, so their scans, joins and frames contend for the channel.
    let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
    w.connect_all(&[(sta1, v1), (sta2, v2)], &req, Duration::from_secs(10)).unwrap();
    w.attach_ip(sta1, v1, "10.0.0.2/24");
    w.attach_ip(sta2, v2, "10.0.0.3/24");
    let r = w.ping((sta1, v1), Ipv4Addr::new(10, 0, 0, 3), 20, Duration::from_millis(10));
    assert_eq!(r.received, 20);
    let radios: Vec<RadioId> = w.nodes().map(|n| w.radio(n)).collect();
    w.drive_until(Duration::from_secs(1), |w| air_is_quiet(w, &radios)).unwrap();
    let pcap = w.finish_capture(cap);

    let on_air: Vec<Seen> = CaptureReader::new(&pcap)
        .unwrap()
        .map(|rec| rec.unwrap())
        .map(|rec| seen(rec.linktype, rec.data))
        .collect();
    let acks = on_air.iter().filter(|s| s.frame[0] == ACK_FC0).count();
    let frames: Vec<&Seen> = on_air.iter().collect();
    let deliveries = w.take_deliveries(mon, mvif);
    assert!(deliveries.iter().all(|d| d.kind == DeliveredKind::Radiotap));
    let monitored: Vec<Seen> = deliveries.iter().map(|d| seen(LinkType::Radiotap, &d.frame)).collect();
    let monitored_acks = monitored.iter().filter(|s| s.frame[0] == ACK_FC0).count();

    // Not an idle channel: beacons, the joins and 20 echoes each way (80 data frames).
    assert!(acks > 80 && frames.len() > 180, "{acks} ACKs, {} frames", frames.len());
    let mon_radio = w.radio(mon);
    let drops = w.medium().radio_stats(mon_radio).unwrap().drops;
    let dropped = drops.total() as usize;
    // With this seed two radios' backoffs end in the same slot once while the stations join:
    // both frames collide at the monitor (and are retransmitted, so they appear again).
    assert_eq!((dropped, drops.get(hwsim::DropReason::Collision)), (2, 2));
    assert_eq!(frames.len() - monitored.len(), dropped, "every frame the monitor missed is a counted drop");
    // The ACKs answering other radios reached the monitor too, but for those it lost.
    assert!(monitored_acks + dropped >= acks && monitored_acks > 80, "{monitored_acks} of {acks} ACKs");
    let mon_stats = w.mac(mon).stats(mvif).unwrap();
    assert_eq!(mon_stats.rx_packets as usize, monitored.len());

    // Same frames, same order: walk the capture, skipping only as many as were dropped.
    let mut skipped = 0;
    let mut air = frames.iter();
    for m in &monitored {
        let a = loop {
            let a = air.next().expect("every monitored frame is on the air");
            if a.frame == m.frame {
                break a;
            }
            skipped += 1;
        };
        assert_eq!((a.freq, m.freq), (2437, 2437));
        assert_eq!(a.rate, m.rate, "{:02x?}", &m.frame[..4]);
        assert_eq!(m.tsft, a.tsft + airtime(a.rate, a.frame.len() + FCS_LEN).as_micros());
    }
    skipped += air.count();
    assert_eq!(skipped, dropped);
}
