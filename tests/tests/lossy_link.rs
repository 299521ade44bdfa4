//! Both stations' links to the AP lose 20% of frames in each direction (a wmediumd-style loss
//! matrix). Connecting takes retries but succeeds, and pings still all get through because
//! every unicast hop is retransmitted by the medium; the retries show in the medium's radio
//! counters, the MAC's interface counters and the AP's per-station counters, and the copies
//! whose ACK was lost are dropped as duplicates before they reach IP.

use hwsim::{DropReason as AirDrop, LossMatrix};
use mac80211_core::mac::{ConnectRequest, DropReason, EventKind};
use mac80211_core::time::Duration;
use softmac_tests::{NodeSpec, World, ch2};
use std::net::Ipv4Addr;

const LOSS: f64 = 0.2;

#[test]
fn twenty_percent_loss_costs_retries_not_pings() {
    let mut w = World::new(1);
    let (ap, ap_vif) = w.add_ap("ap", "refnet", ch2(6), NodeSpec::at(0.0, 0.0, 0.0));
    let (sta1, v1) = w.add_station("sta1", NodeSpec::at(5.0, 0.0, 0.0));
    let (sta2, v2) = w.add_station("sta2", NodeSpec::at(0.0, 5.0, 0.0));
    let (r_ap, r1, r2) = (w.radio(ap), w.radio(sta1), w.radio(sta2));
    let mut w = w.with_link_model(LossMatrix::new(0.0).symmetric(r1, r_ap, LOSS).symmetric(r2, r_ap, LOSS));

    // A scan sends one Probe Request per channel (as Linux does) and the 30 ms dwell on
    // channel 6 holds no beacon, so a lost probe (or a response lost on every retry) leaves a
    // scan round empty, and the station scans again. With this seed sta1 joins on its first
    // round and sta2's first probe is lost: it joins on the second round, without a failure.
    let req = ConnectRequest { ssid: b"refnet".to_vec(), ..Default::default() };
    w.connect(sta1, v1, req.clone(), Duration::from_secs(10)).unwrap();
    w.connect(sta2, v2, req, Duration::from_secs(10)).unwrap();
    let count = |w: &World, n, f: fn(&EventKind) -> bool| w.events(n).iter().filter(|e| f(&e.kind)).count();
    let failed = |k: &EventKind| matches!(k, EventKind::ConnectFailed { .. });
    let scans = |k: &EventKind| matches!(k, EventKind::ScanStarted { .. });
    assert_eq!((count(&w, sta1, failed), count(&w, sta2, failed)), (0, 0));
    assert_eq!((count(&w, sta1, scans), count(&w, sta2, scans)), (1, 2));

    w.attach_ip(sta1, v1, "10.0.0.2/24");
    w.attach_ip(sta2, v2, "10.0.0.3/24");
    let r = w.ping((sta1, v1), Ipv4Addr::new(10, 0, 0, 3), 100, Duration::from_millis(10));
    // An attempt succeeds when the frame and its ACK both survive (0.8 × 0.8 = 0.64); a
    // frame is given up after 1 + 7 attempts, so a hop fails with 0.36^8 ≈ 2.8e-4, and the
    // frame never arrived at all with 0.2^8 ≈ 2.6e-6. Over 4 hops × 100 pings every reply
    // arrives for all but a rare seed. The one unprotected frame is the AP's broadcast relay
    // of the ARP request (group frames get no ACK, so no retry); smoltcp asks again after 1 s
    // if it is lost, and with this seed it is not.
    assert_eq!((r.sent, r.received, r.lost, r.duplicates, r.send_errors), (100, 100, 0, 0, 0));
    // Retransmissions cost time but stay far below the 1 s ARP retry.
    assert!(r.rtt_max.unwrap() < Duration::from_millis(50), "{:?}", r.rtt_max);
    assert!(r.rtt_avg.unwrap() < Duration::from_millis(5), "{:?}", r.rtt_avg);

    // The ping returned when the last reply arrived, before the AP heard its ACK; let the
    // exchanges in flight finish so every retry the radios made has been reported.
    w.run_for(Duration::from_millis(20));

    // The medium lost frames on these links and radios retransmitted; each MAC counts
    // exactly the retries its radio reported (one interface per radio).
    // The AP hears only the two lossy links: about a fifth of what reached it was lost.
    let at_ap = *w.medium().radio_stats(r_ap).unwrap();
    let heard = at_ap.rx_frames + at_ap.drops.total();
    let lost_share = at_ap.drops.get(AirDrop::Loss) as f64 / heard as f64;
    assert!((0.15..0.25).contains(&lost_share), "{lost_share} of {heard}");
    for (node, vif) in [(ap, ap_vif), (sta1, v1), (sta2, v2)] {
        let radio_id = w.radio(node);
        let radio = *w.medium().radio_stats(radio_id).unwrap();
        assert!(radio.tx_retries > 0, "{}: {radio:?}", w.name(node));
        assert!(radio.acks_lost > 0, "{}: {radio:?}", w.name(node));
        let mac = w.mac(node).stats(vif).unwrap();
        assert_eq!(mac.tx_retries, radio.tx_retries, "{}", w.name(node));
        assert_eq!(mac.tx_errors, 0, "{}: no data frame was given up", w.name(node));
        // A retransmission whose first copy arrived (its ACK was lost) comes in twice; the
        // MAC drops the copy by sequence number before it reaches IP.
        assert!(mac.drops(DropReason::Duplicate) > 0, "{}: {mac:?}", w.name(node));
    }
    for s in w.mac(ap).stations(ap_vif) {
        assert!(s.stats.tx_retries > 0, "{s:?}");
        assert_eq!(s.stats.tx_failed, 0, "{s:?}");
    }
    // Each station's ping traffic crossed the lossy links as 101 frames each way (ARP + 100).
    for (node, vif) in [(sta1, v1), (sta2, v2)] {
        let s = w.mac(node).stats(vif).unwrap();
        assert_eq!((s.tx_packets, s.rx_packets), (101, 101), "{}", w.name(node));
    }
}
