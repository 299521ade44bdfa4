//! The AP with the data path: delivery, intra-BSS relay, host frames, and power save.

use super::*;
use crate::mac::testing::{STA, STA2};
use crate::mac::{DeliveredKind, DropReason};
use crate::wire::ReasonCode;

const LLC_IPV4: [u8; 8] = [0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];

fn msdu(payload: &[u8]) -> Vec<u8> {
    let mut v = LLC_IPV4.to_vec();
    v.extend_from_slice(payload);
    v
}

fn more_data(fc: FrameControl) -> bool {
    fc.more_data()
}

#[test]
fn to_ds_data_is_delivered_as_ethernet() {
    let mut h = ap();
    join(&mut h, STA);
    h.rx(&data_to_ds(STA, HOST, 1, false, b"hello"));
    let d = h.take_deliveries();
    assert_eq!(d.len(), 1);
    assert_eq!((d[0].kind, &d[0].frame), (DeliveredKind::Ethernet, &ethernet(HOST, STA, b"hello")));
    assert!(h.take_tx().is_empty());
    assert_eq!(h.mac.stations(h.vif)[0].stats.rx_packets, 1);
}

#[test]
fn data_for_another_station_is_relayed_not_delivered() {
    let mut h = ap();
    join(&mut h, STA);
    join(&mut h, STA2);
    h.rx(&data_to_ds(STA, STA2, 1, false, b"hi"));
    assert!(h.take_deliveries().is_empty());
    let tx = h.take_tx();
    let [t] = &tx[..] else { panic!("{tx:?}") };
    let (fc, a1, a2, a3, body) = data_of(t);
    assert!(fc.from_ds() && !fc.to_ds() && fc.is_qos_data(), "QoS data to a WMM station");
    assert_eq!((a1, a2, a3, body), (STA2, OWN, STA, msdu(b"hi")));
    assert!(!t.no_ack);
}

/// Regression: relayed frames were sent but counted nowhere, so an AP relaying a ping showed
/// no transmitted traffic in its interface or station counters.
#[test]
fn relayed_frames_count_as_transmitted() {
    let mut h = ap();
    join(&mut h, STA);
    join(&mut h, STA2);
    let before = h.mac.stats(h.vif).unwrap().clone();
    h.rx(&data_to_ds(STA, STA2, 1, false, b"hi"));
    let _ = h.take_tx();
    let eth_len = ethernet(STA2, STA, b"hi").len() as u64;
    let after = h.mac.stats(h.vif).unwrap();
    assert_eq!(after.tx_packets - before.tx_packets, 1);
    assert_eq!(after.tx_bytes - before.tx_bytes, eth_len);
    let peers = h.mac.stations(h.vif);
    let sta2 = peers.iter().find(|p| p.addr == STA2).unwrap();
    assert_eq!((sta2.stats.tx_packets, sta2.stats.tx_bytes), (1, eth_len));
    let sta1 = peers.iter().find(|p| p.addr == STA).unwrap();
    assert_eq!((sta1.stats.rx_packets, sta1.stats.tx_packets), (1, 0));
}

#[test]
fn broadcast_is_delivered_and_relayed() {
    let mut h = ap();
    join(&mut h, STA);
    h.rx(&data_to_ds(STA, MacAddr::BROADCAST, 1, false, b"arp"));
    assert_eq!(h.take_deliveries()[0].frame, ethernet(MacAddr::BROADCAST, STA, b"arp"));
    let tx = h.take_tx();
    let [t] = &tx[..] else { panic!("{tx:?}") };
    let (fc, a1, a2, a3, body) = data_of(t);
    assert!(fc.from_ds() && !fc.is_qos_data());
    assert_eq!((a1, a2, a3, body), (MacAddr::BROADCAST, OWN, STA, msdu(b"arp")));
    assert!(t.no_ack);
}

#[test]
fn host_frames_go_from_ds_to_associated_stations_only() {
    let mut h = ap();
    join(&mut h, STA);
    h.mac.handle_ethernet(h.now, h.vif, &ethernet(STA, HOST, b"down")).unwrap();
    let tx = h.take_tx();
    let (fc, a1, a2, a3, body) = data_of(&tx[0]);
    assert!(fc.from_ds() && !fc.to_ds());
    assert_eq!((a1, a2, a3, body), (STA, OWN, HOST, msdu(b"down")));
    assert_eq!(
        h.mac.handle_ethernet(h.now, h.vif, &ethernet(STA2, HOST, b"x")),
        Err(DropReason::UnknownPeer)
    );
    authenticate(&mut h, STA2);
    assert_eq!(h.mac.handle_ethernet(h.now, h.vif, &ethernet(STA2, HOST, b"x")), Err(DropReason::PortClosed));
}

/// Joins STA (AID 1) and puts it to sleep with a Null frame.
fn dozing_station(h: &mut Harness) {
    assert_eq!(join(h, STA), 1);
    h.rx(&null_to_ds(STA, 1, true));
    assert!(h.take_tx().is_empty() && h.take_deliveries().is_empty());
}

fn send_down(h: &mut Harness, to: MacAddr, payload: &[u8]) {
    h.mac.handle_ethernet(h.now, h.vif, &ethernet(to, HOST, payload)).unwrap();
}

#[test]
fn frames_for_a_dozing_station_wait_for_ps_polls() {
    let mut h = ap();
    dozing_station(&mut h);
    for i in 1..=3u8 {
        send_down(&mut h, STA, &[i]);
    }
    assert!(h.take_tx().is_empty(), "held while the station dozes");
    let beacon = next_beacon(&mut h);
    assert_eq!(tim_of(&beacon[0]).3, [1], "AID 1 has traffic");
    for (i, more) in [(1u8, true), (2, true), (3, false)] {
        h.rx(&ps_poll(STA, 1));
        let tx = h.take_tx();
        let [t] = &tx[..] else { panic!("{tx:?}") };
        let (fc, a1, _, _, body) = data_of(t);
        assert_eq!((a1, body, more_data(fc)), (STA, msdu(&[i]), more), "frame {i}");
    }
    assert!(tim_of(&next_beacon(&mut h)[0]).3.is_empty());
    // Nothing left: the answer is a Null frame.
    h.rx(&ps_poll(STA, 1));
    let tx = h.take_tx();
    let (fc, a1, a2, _, body) = data_of(&tx[0]);
    assert!(fc.is_null_data() && fc.from_ds() && !fc.more_data());
    assert_eq!((a1, a2, body.len()), (STA, OWN, 0));
    // A PS-Poll with another AID, or from a stranger, is ignored.
    send_down(&mut h, STA, &[9]);
    h.rx(&ps_poll(STA, 2));
    h.rx(&ps_poll(STA2, 1));
    assert!(h.take_tx().is_empty());
}

#[test]
fn waking_up_releases_everything_in_order() {
    let mut h = ap();
    dozing_station(&mut h);
    send_down(&mut h, STA, b"a");
    send_down(&mut h, STA, b"b");
    // A data frame with PM clear wakes it; the frame itself is delivered.
    h.rx(&data_to_ds(STA, HOST, 2, false, b"up"));
    assert_eq!(h.take_deliveries().len(), 1);
    let bodies: Vec<_> = h.take_tx().iter().map(|t| data_of(t).4).collect();
    assert_eq!(bodies, [msdu(b"a"), msdu(b"b")]);
    assert!(tim_of(&next_beacon(&mut h)[0]).3.is_empty());
    send_down(&mut h, STA, b"c");
    assert_eq!(h.take_tx().len(), 1, "awake: sent at once");
}

#[test]
fn power_management_bit_on_data_and_management_frames() {
    let mut h = ap();
    join(&mut h, STA);
    h.rx(&data_to_ds(STA, HOST, 2, true, b"bye"));
    assert_eq!(h.take_deliveries().len(), 1);
    send_down(&mut h, STA, b"a");
    assert!(h.take_tx().is_empty(), "PM set on a data frame: dozing");
    // A unicast management frame with PM clear wakes it (mac80211 does the same).
    let mut probe = frames::probe_req(STA, b"test");
    probe[4..10].copy_from_slice(&OWN.0); // unicast to the AP
    probe[16..22].copy_from_slice(&OWN.0);
    h.rx(&probe);
    let tx = h.take_tx();
    assert_eq!(tx.len(), 2, "the buffered frame and the probe response: {tx:?}");
    assert_eq!(data_of(&tx[0]).4, msdu(b"a"));
}

#[test]
fn group_traffic_waits_for_the_dtim_while_anyone_dozes() {
    let mut h = started(ApConfig { dtim_period: 3, ..ApConfig::new(b"test", ch(6)) });
    dozing_station(&mut h);
    join(&mut h, STA2);
    send_down(&mut h, MacAddr::BROADCAST, b"g1");
    // A group frame from an awake station goes up at once; its relay waits.
    h.rx(&data_to_ds(STA2, MacAddr::BROADCAST, 1, false, b"g2"));
    assert_eq!(h.take_deliveries().len(), 1);
    assert!(h.take_tx().is_empty());
    // TBTT 1: DTIM count 1, nothing released, multicast bit clear.
    let tx = next_beacon(&mut h);
    assert_eq!(tx.len(), 1);
    assert_eq!(tim_of(&tx[0]), (1, 3, false, vec![]));
    // TBTT 2: the DTIM, multicast bit set, then the group frames with More Data on all but the last.
    let tx = next_beacon(&mut h);
    assert_eq!(tim_of(&tx[0]), (0, 3, true, vec![]));
    let group: Vec<_> = tx[1..].iter().map(data_of).collect();
    assert_eq!(group.len(), 2);
    assert_eq!(
        (group[0].1, group[0].3, &group[0].4, group[0].0.more_data()),
        (MacAddr::BROADCAST, HOST, &msdu(b"g1"), true)
    );
    assert_eq!(
        (group[1].1, group[1].3, &group[1].4, group[1].0.more_data()),
        (MacAddr::BROADCAST, STA2, &msdu(b"g2"), false)
    );
    assert!(tx[1..].iter().all(|t| t.no_ack));
    // Once nobody dozes, group frames go out at once again.
    h.rx(&null_to_ds(STA, 3, false));
    send_down(&mut h, MacAddr::BROADCAST, b"g3");
    assert_eq!(h.take_tx().len(), 1);
}

#[test]
fn the_power_save_queue_is_bounded() {
    let mut h = ap();
    dozing_station(&mut h);
    for i in 0..70u8 {
        send_down(&mut h, STA, &[i]);
    }
    let stats = h.mac.stats(h.vif).unwrap();
    assert_eq!((stats.tx_packets, stats.tx_dropped), (70, 6));
    h.rx(&ps_poll(STA, 1));
    assert_eq!(data_of(&h.take_tx()[0]).4, msdu(&[6]), "the six oldest were dropped");
}

#[test]
fn buffered_frames_are_dropped_when_the_station_leaves() {
    let mut h = ap();
    dozing_station(&mut h);
    for i in 0..3u8 {
        send_down(&mut h, STA, &[i]);
    }
    // It leaves while still dozing (PM set on its Deauthentication).
    let mut deauth = frames::deauth(STA, OWN, OWN, ReasonCode::DeauthLeaving);
    deauth[1] |= 0x10;
    h.rx(&deauth);
    assert_eq!(h.mac.stats(h.vif).unwrap().tx_dropped, 3);
    assert!(h.take_tx().is_empty());
    assert!(tim_of(&next_beacon(&mut h)[0]).3.is_empty());
    // It comes back awake, with a fresh AID 1.
    assert_eq!(join(&mut h, STA), 1);
    send_down(&mut h, STA, b"x");
    assert_eq!(h.take_tx().len(), 1);
}

#[test]
fn a_returning_station_is_not_taken_for_a_retransmission() {
    let mut h = ap();
    join(&mut h, STA);
    let mut retry = data_to_ds(STA, HOST, 5, false, b"one");
    retry[1] |= 0x08; // Retry
    h.rx(&retry);
    h.rx(&retry);
    assert_eq!(h.take_deliveries().len(), 1, "the second copy is a duplicate");
    // The station leaves, comes back with its counter restarted, and its first frame happens
    // to be a retry with the same sequence number.
    h.rx(&frames::deauth(STA, OWN, OWN, ReasonCode::DeauthLeaving));
    join(&mut h, STA);
    h.rx(&retry);
    assert_eq!(h.take_deliveries().len(), 1);
}

#[test]
fn power_save_buffers_are_bounded_overall() {
    let mut h = started(ApConfig { dtim_period: 1, ..ApConfig::new(b"test", ch(6)) });
    // Nine dozing stations with 64 frames each: 576 frames, 512 fit.
    for n in 1..=9u16 {
        join(&mut h, sta(n));
        h.rx(&null_to_ds(sta(n), 1, true));
    }
    for n in 1..=9u16 {
        for i in 0..64u8 {
            send_down(&mut h, sta(n), &[i]);
        }
    }
    assert!(h.take_tx().is_empty());
    assert_eq!(h.mac.stats(h.vif).unwrap().tx_dropped, 64);
    // The last station got nothing in: its AID is not in the TIM.
    let tim = tim_of(&next_beacon(&mut h)[0]).3;
    assert_eq!(tim, [1, 2, 3, 4, 5, 6, 7, 8]);
    // 130 group frames: the two oldest are dropped, the rest follow the DTIM beacon.
    for i in 0..130u8 {
        send_down(&mut h, MacAddr::BROADCAST, &[i]);
    }
    assert_eq!(h.mac.stats(h.vif).unwrap().tx_dropped, 66);
    let tx = next_beacon(&mut h);
    assert!(tim_of(&tx[0]).2);
    assert_eq!(tx.len(), 1 + 128);
    assert_eq!(data_of(&tx[1]).4, msdu(&[2]));
}
