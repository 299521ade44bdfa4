//! Arbitrary frame sequences into a soft-MAC in every station and AP state.
//!
//! The first input byte picks the machine under test and its state: a station idle, scanning,
//! authenticating, associating or connected; an AP with no station, or with one associated;
//! and the same on a WPA2-PSK network: a station in the 4-way handshake or connected with
//! CCMP keys, a protected AP alone or with an authorized station (the raw PSK is given, so no
//! PBKDF2 runs per input).
//! States are reached honestly: a real AP `Mac` and a real station `Mac` exchange frames over a
//! loss-free wire until the wanted point. The rest of the input is a script of steps: a frame
//! received (arbitrary bytes, or a valid captured-shape frame with bytes flipped), time
//! advancing, a TX status, a host frame sent.
//!
//! Properties: nothing panics; every frame the MAC transmits is a well-formed 802.11 frame
//! (strict `FrameRepr::parse` accepts it); time-outs never ask to be served in the past twice
//! in a row without progress (the MAC does not livelock).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::channel::{Band, Channel};
use mac80211_core::crypto::Key;
use mac80211_core::mac::{
    ApConfig, ApSecurity, Command, CommandOutput, ConnectRequest, Credentials, EventKind, Mac, MacConfig,
    RxInfo, ScanRequest, Transmit, TxStatus, VifId, VifKind,
};
use mac80211_core::time::{Duration, Instant};
use mac80211_core::wire::{FrameRepr, MacAddr};

const AP: MacAddr = MacAddr([2, 0, 0, 0, 0x0a, 0]);
const STA: MacAddr = MacAddr([2, 0, 0, 0, 0x5a, 0]);

fn ch(n: u8) -> Channel {
    Channel::from_number(Band::Ghz2_4, n).unwrap()
}

fn new_mac(addr: MacAddr, kind: VifKind) -> (Mac, VifId) {
    let mut mac = Mac::new(MacConfig::new(addr, 1).with_channels(vec![ch(1), ch(6)]));
    let Ok(CommandOutput::VifAdded(vif)) =
        mac.handle_command(Instant::ZERO, Command::AddVif { kind, addr: None })
    else {
        unreachable!("a fresh MAC takes an interface")
    };
    (mac, vif)
}

/// Drains a MAC's radio queue; every frame must be well-formed.
fn drain(mac: &mut Mac) -> Vec<Transmit> {
    let mut out = Vec::new();
    loop {
        if let Some(t) = mac.poll_transmit() {
            assert!(FrameRepr::parse(&t.frame).is_ok(), "the MAC sent a malformed frame: {:02x?}", t.frame);
            out.push(t);
        } else if mac.poll_radio().is_none() {
            break;
        }
    }
    while mac.poll_deliver().is_some() {}
    out
}

fn rx_info(mac: &Mac) -> RxInfo {
    RxInfo { freq: mac.channel().freq, signal_dbm: -40, rate: None, decrypted: false }
}

/// One round of the wire between two MACs at `now`: frames cross (when both are on the same
/// channel), senders get an ACK.
fn exchange(now: Instant, a: &mut Mac, b: &mut Mac) {
    carry(now, a, b);
    carry(now, b, a);
}

fn carry(now: Instant, from: &mut Mac, to: &mut Mac) {
    for t in drain(from) {
        if from.channel() == to.channel() {
            let info = rx_info(to);
            to.handle_rx(now, info, &t.frame);
        }
        from.handle_tx_status(now, TxStatus { cookie: t.cookie, acked: true, retries: 0 });
    }
}

/// Runs the pair until the station reports an event `stop` accepts (or 5 s pass).
fn run_pair(now: &mut Instant, ap: &mut Mac, sta: &mut Mac, stop: impl Fn(&EventKind) -> bool) {
    let end = *now + Duration::from_secs(5);
    while *now < end {
        exchange(*now, ap, sta);
        while let Some(e) = sta.poll_event() {
            if stop(&e.kind) {
                return;
            }
        }
        while ap.poll_event().is_some() {}
        let next = [ap.poll_timeout(), sta.poll_timeout()].into_iter().flatten().min();
        *now = next.map_or(end, |t| t.max(*now + Duration::from_micros(1)));
        ap.handle_timeout(*now);
        sta.handle_timeout(*now);
    }
}

/// The machine under test, in the state the selector asks for.
fn setup(selector: u8) -> (Mac, VifId, Instant) {
    let mut now = Instant::ZERO;
    let (mut ap, ap_vif) = new_mac(AP, VifKind::Ap);
    let (mut sta, sta_vif) = new_mac(STA, VifKind::Station);
    let protected = selector % 11 >= 7;
    let credentials = protected.then(|| Credentials::Psk(Key::new([0x5a; 32])));
    let mut config = ApConfig::new(b"fuzz", ch(6));
    config.security = credentials
        .clone()
        .map(|credentials| ApSecurity { credentials, group_rekey: Some(Duration::from_secs(2)) });
    ap.handle_command(now, Command::StartAp(ap_vif, config)).unwrap();
    let req = ConnectRequest { ssid: b"fuzz".to_vec(), credentials, ..Default::default() };
    let connect = Command::Connect(sta_vif, req);
    match selector % 11 {
        0 => (sta, sta_vif, now),
        1 => {
            let req = ScanRequest { ssids: vec![Vec::new()], ..Default::default() };
            sta.handle_command(now, Command::Scan(sta_vif, req)).unwrap();
            (sta, sta_vif, now)
        }
        n @ 2..=4 => {
            sta.handle_command(now, connect).unwrap();
            run_pair(&mut now, &mut ap, &mut sta, |k| match n {
                2 => matches!(k, EventKind::Authenticating { .. }),
                3 => matches!(k, EventKind::Associating { .. }),
                _ => matches!(k, EventKind::Connected { .. }),
            });
            (sta, sta_vif, now)
        }
        5 | 9 => (ap, ap_vif, now),
        7 | 8 => {
            sta.handle_command(now, connect).unwrap();
            run_pair(&mut now, &mut ap, &mut sta, |k| match selector % 11 {
                7 => matches!(k, EventKind::Handshaking { .. }),
                _ => matches!(k, EventKind::Connected { .. }),
            });
            (sta, sta_vif, now)
        }
        _ => {
            sta.handle_command(now, connect).unwrap();
            run_pair(&mut now, &mut ap, &mut sta, |k| matches!(k, EventKind::Connected { .. }));
            // Message 4 reaches the AP, which opens the port too.
            exchange(now, &mut ap, &mut sta);
            (ap, ap_vif, now)
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, mut script)) = data.split_first() else { return };
    let (mut mac, vif, mut now) = setup(selector);
    let mut pending: Vec<Transmit> = drain(&mut mac);
    while let [op, len, rest @ ..] = script {
        let len = usize::from(*len).min(rest.len());
        let (arg, tail) = rest.split_at(len);
        script = tail;
        match op % 4 {
            0 => {
                let info = rx_info(&mac);
                mac.handle_rx(now, info, arg);
            }
            1 => {
                now += Duration::from_millis(u64::from(arg.first().copied().unwrap_or(1)) * 4);
                if mac.poll_timeout().is_some_and(|t| t <= now) {
                    mac.handle_timeout(now);
                }
            }
            2 => {
                if !pending.is_empty() {
                    let t = pending.remove(0);
                    let acked = arg.first().is_none_or(|b| b & 1 == 0);
                    mac.handle_tx_status(now, TxStatus { cookie: t.cookie, acked, retries: 1 });
                }
            }
            _ => {
                let _ = mac.handle_ethernet(now, vif, arg);
            }
        }
        pending.extend(drain(&mut mac));
        while mac.poll_event().is_some() {}
    }
    // Ten more seconds of timers (retries, beacon loss, aging): the MAC must keep running
    // without livelock, each deadline strictly after the previous one is served.
    let end = now + Duration::from_secs(10);
    let mut last = None;
    while let Some(t) = mac.poll_timeout().filter(|&t| t <= end) {
        let t = t.max(now);
        assert!(last != Some(t) || t != now, "the MAC asks to be served again at the same instant");
        last = Some(t);
        now = t;
        mac.handle_timeout(now);
        drain(&mut mac);
        while mac.poll_event().is_some() {}
    }
});
