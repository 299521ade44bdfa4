//! Two stations of one open AP ping each other through it: every echo request is relayed by
//! the AP and answered, the counters of the AP and the stations show the traffic, and round
//! trips stay within what the airtime of the frames allows.

use hwsim::TxRate;
use hwsim::airtime::{ACK_PSDU_LEN, FCS_LEN, ack_timeout, airtime, difs, sifs, slot};
use mac80211_core::capture::CaptureReader;
use mac80211_core::mac::{ConnectRequest, PeerStats, StationInfo};
use mac80211_core::time::Duration;
use mac80211_core::wire::MacAddr;
use mac80211_core::wire::linktype::split_radio_header;
use softmac_tests::{NodeSpec, World, ch2};
use std::net::Ipv4Addr;

/// QoS data header (24 + 2), LLC/SNAP (8), IPv4 header (20), ICMP echo header (8), data (56).
const ECHO_MPDU_LEN: usize = 26 + 8 + 20 + 8 + 56;
/// 802.3 length of an echo request or reply: Ethernet header (14) + IPv4 (20) + ICMP (8 + 56).
const ECHO_ETH_LEN: u64 = 14 + 20 + 8 + 56;
/// 802.3 length of an ARP request or reply (no padding: smoltcp sends 42 octets).
const ARP_ETH_LEN: u64 = 14 + 28;
/// Smallest contention window (slots) of the medium, `MediumConfig::cw_min`.
const CW_MIN: u64 = 15;

/// Worst time for one acknowledged frame on an otherwise idle channel, without retries:
/// DIFS, the longest first backoff, the frame, SIFS and the ACK (802.11-2020 10.3.2).
fn hop(rate: TxRate, mpdu_len: usize) -> Duration {
    difs(rate)
        + slot(rate).saturating_mul(CW_MIN)
        + airtime(rate, mpdu_len + FCS_LEN)
        + sifs(rate)
        + airtime(rate.ack_rate(), ACK_PSDU_LEN)
}

/// What one retransmission adds to a hop: the ACK timeout, then DIFS, the doubled window
/// (31 slots) and the frame again.
fn retry(rate: TxRate, mpdu_len: usize) -> Duration {
    ack_timeout(rate)
        + difs(rate)
        + slot(rate).saturating_mul(2 * CW_MIN + 1)
        + airtime(rate, mpdu_len + FCS_LEN)
}

fn peer(stations: &[StationInfo], addr: MacAddr) -> PeerStats {
    stations.iter().find(|s| s.addr == addr).expect("associated").stats
}

#[test]
fn hundred_pings_between_two_stations_of_an_open_ap() {
    let mut w = World::new(1);
    let (ap, ap_vif) = w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let (sta1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (sta2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
    w.connect_all(&[(sta1, v1), (sta2, v2)], &req, Duration::from_secs(10)).unwrap();
    w.attach_ip(sta1, v1, "10.0.0.2/24");
    w.attach_ip(sta2, v2, "10.0.0.3/24");
    let (a1, a2) = (w.vif_addr(sta1, v1), w.vif_addr(sta2, v2));
    let ap_before = w.mac(ap).stats(ap_vif).unwrap().clone();
    let (sta1_before, sta2_before) =
        (w.mac(sta1).stats(v1).unwrap().clone(), w.mac(sta2).stats(v2).unwrap().clone());
    let cap = w.capture_channel(ch2(6));

    let start = w.now();
    let interval = Duration::from_millis(10);
    let r = w.ping((sta1, v1), Ipv4Addr::new(10, 0, 0, 3), 100, interval);
    let took = w.now() - start;

    assert_eq!(
        (r.sent, r.received, r.lost, r.duplicates, r.corrupted, r.send_errors),
        (100, 100, 0, 0, 0, 0)
    );
    // The ping returns the moment the last reply arrives.
    assert_eq!(took, interval.saturating_mul(99) + r.rtts[99].unwrap());

    // The AP relayed everything: from sta1 one ARP request (broadcast, relayed as a group
    // frame) and 100 echo requests; from sta2 one ARP reply and 100 echo replies (sta2 learnt
    // sta1's address from the request, so it never asks). Relays count as transmitted.
    let stations = w.mac(ap).stations(ap_vif);
    let (p1, p2) = (peer(&stations, a1), peer(&stations, a2));
    let arp_and_echoes = ARP_ETH_LEN + 100 * ECHO_ETH_LEN;
    assert_eq!((p1.rx_packets, p1.rx_bytes), (101, arp_and_echoes));
    assert_eq!((p2.rx_packets, p2.rx_bytes), (101, arp_and_echoes));
    assert_eq!((p2.tx_packets, p2.tx_bytes), (100, 100 * ECHO_ETH_LEN), "echo requests relayed to sta2");
    assert_eq!((p1.tx_packets, p1.tx_bytes), (101, arp_and_echoes), "ARP reply and echo replies to sta1");
    assert_eq!((p1.tx_failed, p2.tx_failed), (0, 0));
    let ap_now = w.mac(ap).stats(ap_vif).unwrap();
    assert_eq!(ap_now.rx_packets - ap_before.rx_packets, 202);
    assert_eq!(ap_now.tx_packets - ap_before.tx_packets, 202, "201 unicast relays + the ARP broadcast");
    assert_eq!(ap_now.tx_errors, 0);
    for (m, vif, before) in [(sta1, v1, &sta1_before), (sta2, v2, &sta2_before)] {
        let s = w.mac(m).stats(vif).unwrap();
        assert_eq!((s.tx_packets - before.tx_packets, s.rx_packets - before.rx_packets), (101, 101));
        assert_eq!((s.tx_errors, s.tx_dropped), (0, 0));
    }

    // Round trips, from airtime. Each echo crosses four acknowledged hops (sta1 → AP → sta2 →
    // AP → sta1) at the negotiated data rate; at most one beacon (100 TU apart) can occupy the
    // channel during a round trip, and we allow one retransmission (two frames whose
    // backoffs end in the same slot collide even on a perfect medium).
    let rate: TxRate = p1.tx_rate.into();
    let beacon_len = longest_beacon(&w.finish_capture(cap));
    let dsss = TxRate::DSSS_1M;
    let beacon = airtime(dsss, beacon_len + FCS_LEN) + difs(dsss);
    let bound = hop(rate, ECHO_MPDU_LEN).saturating_mul(4) + beacon + retry(rate, ECHO_MPDU_LEN);
    // The first also waits for ARP: request to the AP, relayed as a group frame at the basic
    // rate (no ACK), reply to the AP, relayed to sta1.
    let arp_mpdu = 26 + 8 + 28;
    let arp = hop(rate, arp_mpdu).saturating_mul(3)
        + difs(dsss)
        + slot(dsss).saturating_mul(2 * CW_MIN + 1)
        + airtime(dsss, 24 + 8 + 28 + FCS_LEN);
    assert!(r.rtts[0].unwrap() <= bound + arp, "{:?} > {:?}", r.rtts[0], bound + arp);
    let worst = r.rtts[1..].iter().map(|d| d.unwrap()).max().unwrap();
    assert!(worst <= bound, "{worst:?} > {bound:?}");
    // On average a round trip is well under four worst-case hops (mean backoff is half the
    // window), and never under what the air physically needs: four frames one after the
    // other, and the ACKs of the first three before the next can start (the reply is
    // delivered at the end of its frame, before its ACK).
    let avg = r.rtt_avg.unwrap();
    assert!(avg < hop(rate, ECHO_MPDU_LEN).saturating_mul(4), "{avg:?}");
    let ack = sifs(rate) + airtime(rate.ack_rate(), ACK_PSDU_LEN);
    let floor = airtime(rate, ECHO_MPDU_LEN + FCS_LEN).saturating_mul(4) + ack.saturating_mul(3);
    assert!(r.rtt_min.unwrap() >= floor, "{:?} < {floor:?}", r.rtt_min);
}

/// The longest beacon in a channel capture, as an MPDU without FCS.
fn longest_beacon(pcap: &[u8]) -> usize {
    let mut longest = 0;
    for rec in CaptureReader::new(pcap).unwrap() {
        let rec = rec.unwrap();
        let frame = split_radio_header(rec.linktype, rec.data).unwrap().frame;
        if frame.first() == Some(&0x80) {
            longest = longest.max(frame.len());
        }
    }
    assert!(longest > 0, "the AP beaconed during the pings");
    longest
}

/// Pings nobody answers end `timeout` after the last request, all counted lost: to an absent
/// neighbour (ARP goes unanswered; smoltcp asks again every second) and to an address with no
/// route (the stack keeps the requests; the world keeps going rather than spinning).
#[test]
fn unanswered_pings_are_lost_after_the_timeout() {
    let mut w = World::new(3);
    w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let (sta, vif) = w.add_station("sta", NodeSpec::at(5.0, 0.0, 0.0));
    let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
    w.connect(sta, vif, req, Duration::from_secs(10)).unwrap();
    w.attach_ip(sta, vif, "10.0.0.2/24");
    let interval = Duration::from_millis(10);
    for target in [Ipv4Addr::new(10, 0, 0, 9), Ipv4Addr::new(192, 168, 5, 5)] {
        let start = w.now();
        let r = w.ping((sta, vif), target, 3, interval);
        assert_eq!((r.sent, r.received, r.lost, r.duplicates), (3, 0, 3, 0), "{target}");
        assert_eq!(r.rtts, [None, None, None]);
        assert_eq!((r.rtt_min, r.rtt_avg, r.rtt_max), (None, None, None));
        assert_eq!(w.now() - start, interval.saturating_mul(2) + Duration::from_secs(1), "{target}");
    }
}
