//! TX queue stop/wake under a burst, like `netif_stop_queue` / `netif_wake_queue`: a burst
//! larger than the MAC's and the radio's queues is held by the host queue, not dropped.

mod common;

use common::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_stops_and_wakes_the_queue_and_loses_nothing() {
    const BURST: u32 = 400;
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 16);
    // A small MAC queue (8 frames) and radio queue (2 frames), so the burst must wait.
    let mut sta = phy(&medium, 2, 5.0, |c| c.tx_queue_limit = 8, 2);
    let (ap_vif, mut ap_host) = start_ap(&mut ap).await;
    let (sta_vif, sta_host) = connect_station(&mut sta, "wlan0").await;
    let (bssid, sta_addr) = (vif_addr(&ap, ap_vif), vif_addr(&sta, sta_vif));

    for i in 0..BURST {
        let mut payload = i.to_be_bytes().to_vec();
        payload.resize(1000, 0xa5);
        assert!(sta_host.send(ethernet(bssid, sta_addr, &payload)));
    }
    // Every frame arrives, in order (one access category, one FIFO).
    for i in 0..BURST {
        let frame = recv(&mut ap_host).await;
        assert_eq!(frame.len(), 1014);
        assert_eq!(frame[14..18], i.to_be_bytes(), "frame {i} in order");
    }

    // Every stop is followed by a wake once the burst has drained from the station's MAC.
    tokio::time::timeout(WAIT, async {
        loop {
            let s = sta.handle.port_stats(sta_vif).expect("port attached");
            if s.tx_queue_woken == s.tx_queue_stopped {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(2)).await;
        }
    })
    .await
    .expect("the queue is woken after the burst");
    let s = sta_host.stats();
    assert_eq!((s.tx_packets, s.tx_bytes), (u64::from(BURST), u64::from(BURST) * 1014));
    assert_eq!((s.tx_dropped, s.tx_errors), (0, 0), "nothing dropped");
    assert!(s.tx_queue_stopped > 0, "the burst stopped the queue");
    assert_eq!(s.tx_queue_woken, s.tx_queue_stopped, "every stop was followed by a wake");
    assert_eq!(sta_host.queued(), 0, "the host queue drained");
    assert_eq!(ap_host.stats().rx_packets, u64::from(BURST));
    let mac_stats = sta.handle.query(|m| m.stats(sta_vif).cloned()).expect("vif");
    assert_eq!((mac_stats.tx_packets, mac_stats.tx_dropped), (u64::from(BURST), 0));
    ap.handle.shutdown();
    sta.handle.shutdown();
    medium.shutdown();
}
