//! Never panic: arbitrary bytes, mutated valid frames, commands, TX reports and time jumps fed
//! to a station in each of its states.

use super::*;
use crate::mac::testing::AP2;
use crate::mac::{RxInfo, TxStatus};
use crate::wire::ReasonCode;
use proptest::prelude::*;

/// Valid frames a station may hear, to mutate.
fn corpus() -> Vec<Vec<u8>> {
    vec![
        frames::beacon(AP, b"net", 6),
        ht_beacon(AP, b"net", 6),
        frames::beacon(AP2, b"", 1),
        bss_frame(AP, b"net", 6, &ht_wmm_ies(6), true),
        frames::auth(AP, OWN, AP, 2, StatusCode::Success),
        frames::auth(AP, OWN, AP, 2, StatusCode::DeniedNoMoreStas),
        assoc_resp_with(AP, StatusCode::Success, 1, &ht_wmm_ies(6)),
        assoc_resp_with(AP, StatusCode::Success, 0, &[]),
        frames::deauth(AP, OWN, AP, ReasonCode::Unspecified),
        frames::disassoc(AP, MacAddr::BROADCAST, AP, ReasonCode::DisassocInactivity),
        from_ds(AP, OWN, AP2, 3, &[0xaa, 0xaa, 3, 0, 0, 0, 8, 0, 0x45, 0]),
    ]
}

/// One thing that happens to the station.
#[derive(Clone, Debug)]
enum Input {
    /// Random bytes.
    Raw(Vec<u8>),
    /// A corpus frame with some octets replaced and maybe cut short.
    Mutated { which: usize, edits: Vec<(usize, u8)>, cut: Option<usize> },
    /// Time passes (µs).
    Advance(u32),
    /// The last queued frame is reported.
    Report { acked: bool },
    /// A command.
    Command(u8),
}

fn input() -> impl Strategy<Value = Input> {
    prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..80).prop_map(Input::Raw),
        (
            any::<usize>(),
            proptest::collection::vec((any::<usize>(), any::<u8>()), 0..4),
            any::<Option<usize>>()
        )
            .prop_map(|(which, edits, cut)| Input::Mutated { which, edits, cut }),
        (0u32..2_000_000).prop_map(Input::Advance),
        any::<bool>().prop_map(|acked| Input::Report { acked }),
        (0u8..6).prop_map(Input::Command),
    ]
}

/// A station in state number `n`: idle, scanning, finding a BSS, authenticating,
/// associating, connected, probing a silent AP, connected and scanning.
fn station_in(n: u8) -> Harness {
    match n {
        0 => Harness::station(),
        1 => {
            let mut h = Harness::station();
            start_scan(&mut h, &[b"", b"net"], &[]);
            h
        }
        2 => {
            let mut h = Harness::station();
            h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
            h
        }
        3 | 4 => {
            let mut h = Harness::station();
            h.rx(&ht_beacon(AP, b"net", 6));
            h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
            if n == 4 {
                h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
            }
            h
        }
        5 => connected().0,
        6 => {
            let (mut h, up) = connected();
            advance_to(&mut h, up + BEACON.saturating_mul(7));
            h
        }
        _ => {
            let (mut h, _) = connected();
            start_scan(&mut h, &[b""], &[]);
            h
        }
    }
}

fn command(h: &Harness, n: u8) -> Command {
    match n {
        0 => Command::Scan(h.vif, ScanRequest { ssids: vec![b"net".to_vec()], ..ScanRequest::default() }),
        1 => Command::AbortScan(h.vif),
        2 => Command::Connect(h.vif, connect_req(b"net")),
        3 => Command::Disconnect(h.vif),
        4 => Command::Scan(h.vif, ScanRequest::default()),
        _ => Command::Connect(h.vif, ConnectRequest { bssid: Some(AP), ..connect_req(b"x") }),
    }
}

fn apply(h: &mut Harness, corpus: &[Vec<u8>], input: Input, last: &mut Option<Transmit>) {
    match input {
        Input::Raw(bytes) => h.rx(&bytes),
        Input::Mutated { which, edits, cut } => {
            let mut f = corpus[which % corpus.len()].clone();
            for (at, v) in edits {
                let len = f.len();
                f[at % len] = v;
            }
            if let Some(c) = cut {
                f.truncate(c % (f.len() + 1));
            }
            let info = RxInfo { freq: h.mac.channel().freq, signal_dbm: -50, rate: None, decrypted: false };
            h.mac.handle_rx(h.now, info, &f);
        }
        Input::Advance(us) => h.advance(Duration::from_micros(u64::from(us))),
        Input::Report { acked } => {
            if let Some(t) = last.take() {
                h.mac.handle_tx_status(h.now, TxStatus { cookie: t.cookie, acked, retries: 1 });
            }
        }
        Input::Command(n) => {
            let c = command(h, n);
            let _ = h.command(c);
        }
    }
    if let Some(t) = h.take_tx().pop() {
        *last = Some(t);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn station_never_panics(state in 0u8..8, inputs in proptest::collection::vec(input(), 1..24)) {
        let corpus = corpus();
        let mut h = station_in(state);
        let mut last = None;
        for i in inputs {
            apply(&mut h, &corpus, i, &mut last);
            for e in h.take_events() {
                if let EventKind::Connected { aid, .. } = e {
                    prop_assert!((1..=2007).contains(&aid));
                }
            }
            // A deadline is never in the past once the MAC has caught up.
            if let Some(t) = h.mac.poll_timeout() {
                prop_assert!(t >= h.now || h.fire_next());
            }
            let _ = h.mac.scan_results(h.vif);
            let _ = h.mac.link(h.vif);
        }
    }
}

/// The fuzzed states are the ones named: checked through what each one shows.
#[test]
fn fuzz_states_are_reached() {
    let last_event = |h: &mut Harness| h.take_events().pop();
    let h = station_in(0);
    assert!(h.mac.poll_timeout().is_none());
    let mut h = station_in(1);
    assert_eq!(last_event(&mut h), Some(scan_started(&scope(&[b"", b"net"], &ALL_CHANNELS))));
    let mut h = station_in(2);
    assert_eq!(last_event(&mut h), Some(scan_started(&scope(&[b"net"], &ALL_CHANNELS))));
    let mut h = station_in(3);
    assert_eq!(last_event(&mut h), Some(EventKind::Authenticating { bssid: AP, attempt: 1 }));
    let mut h = station_in(4);
    assert_eq!(last_event(&mut h), Some(EventKind::Associating { bssid: AP, attempt: 1 }));
    let h = station_in(5);
    assert!(h.mac.link(h.vif).is_some());
    let mut h = station_in(6);
    assert_eq!(last_event(&mut h), Some(EventKind::BeaconLoss { bssid: AP }));
    let mut h = station_in(7);
    assert_eq!(last_event(&mut h), Some(scan_started(&scope(&[b""], &ALL_CHANNELS))));
    assert!(h.mac.link(h.vif).is_some());
}
