//! Beacons, probe responses, start and stop.

use super::*;
use crate::mac::testing::{AP2, STA};
use crate::mac::{CommandError, MacConfig, RadioRequest, TxRate};
use crate::time::{Duration, Instant};
use crate::wire::ReasonCode;
use crate::wire::element::{DsParams, ExtSupportedRates, HtOperation, Ssid, SupportedRates, WmmParam};
use crate::wire::mgmt::ProbeReqRepr;

#[test]
fn beacons_fall_on_every_tbtt_from_start() {
    let mut h = Harness::new(VifKind::Ap);
    h.advance(Duration::from_millis(3)); // the TSF starts at the AP's start, not at zero
    let start = h.now;
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    let mut seen = Vec::new();
    let first = h.take_tx();
    seen.push((h.now, first));
    for _ in 0..5 {
        assert!(h.fire_next());
        seen.push((h.now, h.take_tx()));
    }
    for (n, (at, tx)) in seen.iter().enumerate() {
        let n = n as u64;
        assert_eq!(*at, start + Duration::from_micros(n * 102_400), "TBTT {n}");
        let [t] = &tx[..] else { panic!("one frame per TBTT, got {tx:?}") };
        let m = mgmt(t);
        let MgmtBody::Beacon(b) = m.body else { panic!("not a beacon") };
        assert_eq!(b.timestamp, n * 102_400);
        assert_eq!(
            (m.header.addr1, m.header.addr2, m.header.addr3),
            (MacAddr::BROADCAST, Some(OWN), Some(OWN))
        );
        assert!(t.no_ack);
        assert_eq!(t.rate, TxRate::Legacy(2), "lowest basic rate of 2.4 GHz");
    }
}

#[test]
fn a_late_wakeup_sends_one_beacon_and_keeps_the_grid() {
    let mut h = started(ApConfig { dtim_period: 3, ..ApConfig::new(b"test", ch(6)) });
    // The caller oversleeps past TBTTs 1, 2 and 3.
    h.now = Instant::from_micros(3 * 102_400 + 500);
    h.mac.handle_timeout(h.now);
    let tx = h.take_tx();
    assert_eq!(tx.len(), 1);
    let MgmtBody::Beacon(b) = mgmt(&tx[0]).body else { panic!() };
    assert_eq!(b.timestamp, 3 * 102_400 + 500, "TSF at transmission");
    assert_eq!(tim_of(&tx[0]).0, 2, "TBTT 3 of a DTIM period of 3");
    assert_eq!(h.mac.poll_timeout(), Some(Instant::from_micros(4 * 102_400)));
}

#[test]
fn beacon_carries_the_elements_in_standard_order() {
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    let tx = h.take_tx();
    let MgmtBody::Beacon(b) = mgmt(&tx[0]).body else { panic!() };
    assert_eq!(b.beacon_interval, 100);
    assert_eq!(b.capability.0, CapabilityInfo::ESS | CapabilityInfo::QOS | CapabilityInfo::SHORT_SLOT_TIME);
    let ids: Vec<u8> = b.elements.iter().map(|e| e.unwrap().raw_id()).collect();
    assert_eq!(ids, [0, 1, 3, 5, 50, 45, 61, 221]);
    let els = b.elements;
    assert_eq!(els.get::<Ssid>().unwrap().unwrap().as_bytes(), b"test");
    assert_eq!(
        els.get::<SupportedRates>().unwrap().unwrap().as_bytes(),
        [0x82, 0x84, 0x8b, 0x96, 12, 18, 24, 36]
    );
    assert_eq!(els.get::<ExtSupportedRates>().unwrap().unwrap().as_bytes(), [48, 72, 96, 108]);
    assert_eq!(els.get::<DsParams>().unwrap().unwrap().current_channel, 6);
    assert_eq!(els.get::<HtOperation>().unwrap().unwrap().primary_channel, 6);
    assert_eq!(els.get::<WmmParam>().unwrap().unwrap(), WmmParam::ap_default());
    // No station dozes: an empty bitmap is one zero octet at offset 0 (9.4.2.5).
    let tim = els.get::<Tim>().unwrap().unwrap();
    assert_eq!((tim.bitmap_control(), tim.partial_virtual_bitmap()), (0, &[0u8][..]));
    assert_eq!((tim.dtim_count(), tim.dtim_period()), (1, 2));
}

#[test]
fn dtim_count_cycles_through_the_period() {
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, ApConfig { dtim_period: 3, ..ApConfig::new(b"test", ch(6)) })).unwrap();
    let mut counts = vec![tim_of(&h.take_tx()[0])];
    for _ in 0..6 {
        counts.push(tim_of(&next_beacon(&mut h)[0]));
    }
    let got: Vec<(u8, u8)> = counts.iter().map(|c| (c.0, c.1)).collect();
    assert_eq!(got, [(2, 3), (1, 3), (0, 3), (2, 3), (1, 3), (0, 3), (2, 3)]);
    assert!(counts.iter().all(|c| !c.2 && c.3.is_empty()));
}

#[test]
fn hidden_ap_beacons_an_empty_ssid() {
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, ApConfig { hidden: true, ..ApConfig::new(b"test", ch(6)) })).unwrap();
    let tx = h.take_tx();
    let MgmtBody::Beacon(b) = mgmt(&tx[0]).body else { panic!() };
    let ssid = b.elements.iter().next().unwrap().unwrap();
    assert_eq!((ssid.raw_id(), ssid.data()), (0, &[][..]));
}

#[test]
fn radio_without_ht_leaves_out_ht_elements() {
    let config = MacConfig { ht: false, ..MacConfig::new(OWN, 7).with_channels(vec![ch(1), ch(6), ch(11)]) };
    let mut mac = crate::mac::Mac::new(config);
    let vif = match mac.handle_command(Instant::ZERO, Command::AddVif { kind: VifKind::Ap, addr: None }) {
        Ok(crate::mac::CommandOutput::VifAdded(v)) => v,
        other => panic!("{other:?}"),
    };
    let mut h = Harness::from_mac(mac, vif);
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    let tx = h.take_tx();
    let MgmtBody::Beacon(b) = mgmt(&tx[0]).body else { panic!() };
    let ids: Vec<u8> = b.elements.iter().map(|e| e.unwrap().raw_id()).collect();
    assert_eq!(ids, [0, 1, 3, 5, 50, 221]);
    // An HT station still associates, without HT.
    join(&mut h, STA);
    let info = &h.mac.stations(h.vif)[0];
    assert_eq!(info.stats.tx_rate, TxRate::Legacy(108));
}

fn probe(from: MacAddr, ssid: &[u8], ds: Option<u8>, bssid: MacAddr) -> Vec<u8> {
    let ies = element_run(|w| {
        w.write(&SsidRepr::new(ssid).unwrap()).unwrap();
        if let Some(ch) = ds {
            w.write(&DsParams { current_channel: ch }).unwrap();
        }
    });
    frames::mgmt(
        from,
        MacAddr::BROADCAST,
        bssid,
        MgmtBody::ProbeReq(ProbeReqRepr { elements: Elements::new(&ies) }),
    )
}

/// The probe responses sent, as (receiver, SSID); each is acknowledged unless it answers a
/// broadcast wildcard request (checked with [`probe_responses_unacked`]).
fn probe_responses(h: &mut Harness) -> Vec<(MacAddr, Vec<u8>)> {
    probe_responses_acked(h, true)
}

/// The probe responses sent, which must all go without ACK.
fn probe_responses_unacked(h: &mut Harness) -> Vec<(MacAddr, Vec<u8>)> {
    probe_responses_acked(h, false)
}

fn probe_responses_acked(h: &mut Harness, acked: bool) -> Vec<(MacAddr, Vec<u8>)> {
    h.take_tx()
        .iter()
        .map(|t| {
            assert_eq!(t.no_ack, !acked, "probe response acknowledgement: {t:?}");
            let m = mgmt(t);
            let MgmtBody::ProbeResp(b) = m.body else { panic!("not a probe response: {m:?}") };
            let ids: Vec<u8> = b.elements.iter().map(|e| e.unwrap().raw_id()).collect();
            assert_eq!(ids, [0, 1, 3, 50, 45, 61, 221], "the beacon's elements without the TIM");
            (m.header.addr1, b.elements.get::<Ssid>().unwrap().unwrap().as_bytes().to_vec())
        })
        .collect()
}

#[test]
fn probe_requests_for_us_are_answered() {
    let mut h = ap();
    // hostapd's noack: a broadcast wildcard probe gets one unacknowledged answer, so a crowd
    // of scanners that left the channel costs no retries.
    h.rx(&frames::probe_req(STA, b""));
    assert_eq!(probe_responses_unacked(&mut h), [(STA, b"test".to_vec())]);
    h.rx(&probe(STA, b"", None, OWN));
    assert_eq!(probe_responses_unacked(&mut h), [(STA, b"test".to_vec())]);
    // A wildcard request sent to us (unicast), and directed (by SSID) requests, are answered
    // with an acknowledged response.
    let ies = element_run(|w| w.write(&SsidRepr::new(b"").unwrap()).unwrap());
    let unicast = MgmtBody::ProbeReq(ProbeReqRepr { elements: Elements::new(&ies) });
    h.rx(&frames::mgmt(STA, OWN, OWN, unicast));
    assert_eq!(probe_responses(&mut h), [(STA, b"test".to_vec())]);
    h.rx(&frames::probe_req(STA, b"test"));
    assert_eq!(probe_responses(&mut h), [(STA, b"test".to_vec())]);
    h.rx(&probe(STA, b"test", Some(6), OWN));
    assert_eq!(probe_responses(&mut h), [(STA, b"test".to_vec())]);
}

#[test]
fn probe_requests_for_others_are_ignored() {
    let mut h = ap();
    h.rx(&frames::probe_req(STA, b"other"));
    h.rx(&frames::probe_req(STA, b"tes"));
    // Heard on a neighbouring channel (DS Parameter Set mismatch).
    h.rx(&probe(STA, b"", Some(1), MacAddr::BROADCAST));
    // For another BSS.
    h.rx(&probe(STA, b"", None, AP2));
    // No SSID element at all.
    let no_ssid = frames::mgmt(
        STA,
        MacAddr::BROADCAST,
        MacAddr::BROADCAST,
        MgmtBody::ProbeReq(ProbeReqRepr { elements: Elements::new(&[]) }),
    );
    h.rx(&no_ssid);
    assert!(h.take_tx().is_empty());
}

#[test]
fn hidden_ap_answers_only_directed_probes_with_the_real_ssid() {
    let mut h = started(ApConfig { hidden: true, ..ApConfig::new(b"test", ch(6)) });
    h.rx(&frames::probe_req(STA, b""));
    assert!(h.take_tx().is_empty());
    h.rx(&frames::probe_req(STA, b"test"));
    assert_eq!(probe_responses(&mut h), [(STA, b"test".to_vec())]);
}

#[test]
fn start_validates_the_configuration() {
    let base = ApConfig::new(b"test", ch(6));
    let cases: [(ApConfig, bool); 11] = [
        (ApConfig { ssid: Vec::new(), ..base.clone() }, false),
        (ApConfig { ssid: vec![b'a'; 33], ..base.clone() }, false),
        (ApConfig { ssid: vec![b'a'; 32], ..base.clone() }, true),
        (ApConfig { beacon_interval_tu: 14, ..base.clone() }, false),
        (ApConfig { beacon_interval_tu: 15, ..base.clone() }, true),
        (ApConfig { beacon_interval_tu: 65535, ..base.clone() }, true),
        (ApConfig { dtim_period: 0, ..base.clone() }, false),
        (ApConfig { max_stations: 0, ..base.clone() }, false),
        (ApConfig { max_stations: 2008, ..base.clone() }, false),
        (ApConfig { inactivity_timeout: Duration::ZERO, ..base.clone() }, false),
        (ApConfig { dtim_period: 255, max_stations: 2007, ..base.clone() }, true),
    ];
    for (config, ok) in cases {
        let mut h = Harness::new(VifKind::Ap);
        let res = h.command(Command::StartAp(h.vif, config.clone()));
        match (ok, res) {
            (true, Ok(_)) => {
                assert_eq!(h.take_events()[0], EventKind::ApStarted { bssid: OWN, channel: ch(6) })
            }
            (false, Err(CommandError::Invalid(msg))) => {
                assert!(!msg.is_empty());
                assert!(h.take_tx().is_empty() && h.take_radio().is_empty() && h.take_events().is_empty());
            }
            (ok, res) => panic!("{config:?}: expected ok={ok}, got {res:?}"),
        }
    }
}

#[test]
fn only_ap_interfaces_start_an_ap() {
    let mut h = Harness::station();
    let res = h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6))));
    assert_eq!(res, Err(CommandError::WrongKind(VifKind::Station)));
    let why = res.unwrap_err().to_string();
    assert_eq!(why, "operation not supported on an interface of type managed");
    let mut h = Harness::new(VifKind::Ap);
    assert_eq!(h.command(Command::StopAp(h.vif)), Err(CommandError::NotActive("started")));
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    let again = h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6))));
    assert_eq!(again, Err(CommandError::Already("started")));
}

#[test]
fn start_takes_and_holds_the_channel() {
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    assert_eq!(h.take_radio(), [RadioRequest::SetChannel(ch(6))]);
    assert_eq!(
        h.command(Command::SetChannel(ch(1))),
        Err(CommandError::Busy("another interface operates on a different channel"))
    );
    // A second AP on another channel is refused; on the same channel it runs.
    let second = match h.command(Command::AddVif { kind: VifKind::Ap, addr: None }) {
        Ok(crate::mac::CommandOutput::VifAdded(v)) => v,
        other => panic!("{other:?}"),
    };
    assert!(matches!(
        h.command(Command::StartAp(second, ApConfig::new(b"two", ch(1)))),
        Err(CommandError::Busy(_))
    ));
    assert!(h.command(Command::StartAp(second, ApConfig::new(b"two", ch(6)))).is_ok());
}

#[test]
fn stop_deauthenticates_everyone_and_releases_the_channel() {
    let mut h = ap();
    join(&mut h, sta(2));
    join(&mut h, sta(1));
    authenticate(&mut h, sta(3));
    h.command(Command::StopAp(h.vif)).unwrap();
    let tx = h.take_tx();
    let [t] = &tx[..] else { panic!("{tx:?}") };
    let m = mgmt(t);
    assert_eq!(m.header.addr1, MacAddr::BROADCAST);
    let MgmtBody::Deauth(d) = m.body else { panic!() };
    assert_eq!(d.reason, ReasonCode::DeauthLeaving);
    assert_eq!(
        h.take_events(),
        [
            left(sta(1), ReasonCode::DeauthLeaving, true),
            left(sta(2), ReasonCode::DeauthLeaving, true),
            left(sta(3), ReasonCode::DeauthLeaving, true),
            EventKind::ApStopped,
        ]
    );
    assert_eq!(h.mac.poll_timeout(), None, "no more beacons");
    assert!(h.mac.stations(h.vif).is_empty());
    assert!(h.command(Command::SetChannel(ch(1))).is_ok());
    // Restart works and starts a fresh TSF.
    h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
    let tx = h.take_tx();
    let MgmtBody::Beacon(b) = mgmt(&tx[0]).body else { panic!() };
    assert_eq!(b.timestamp, 0);
}
