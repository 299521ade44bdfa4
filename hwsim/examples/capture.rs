//! Writes pcap files of a small scenario, for a look in Wireshark:
//! `cargo run -p hwsim --example capture -- /tmp/air.pcap /tmp/at_b.pcap`.
//!
//! Three radios in a line, 110 m apart, log-distance propagation (exponent 3): A and C are
//! hidden from each other, B sits between. A and C send unicast frames to B at the same time,
//! collide, and recover through retries; B answers each with an ACK. The first file is the
//! air on channel 1 (every PPDU, ACKs included), the second what B received.

use hwsim::{CaptureKind, Channel, Medium, MediumConfig, PathLoss, RadioConfig, TxRate, TxRequest};
use mac80211_core::time::Instant;
use mac80211_core::wire::MacAddr;

fn data(to: MacAddr, from: MacAddr, seq: u16) -> Vec<u8> {
    let mut f = vec![0x08, 0x01, 0, 0];
    f.extend_from_slice(to.as_bytes());
    f.extend_from_slice(from.as_bytes());
    f.extend_from_slice(to.as_bytes());
    f.extend_from_slice(&(seq << 4).to_le_bytes());
    f.extend_from_slice(&[0xaa, 0xaa, 0x03, 0, 0, 0, 0x88, 0xb5]); // local experimental EtherType
    f.resize(500, 0x5a);
    f
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (air_path, b_path) = match args.as_slice() {
        [a, b] => (a.clone(), b.clone()),
        _ => return Err("usage: capture AIR.pcap AT_B.pcap".into()),
    };
    let mut m = Medium::new(MediumConfig::new(7)).with_model(PathLoss::log_distance(3.0));
    let addrs = [MacAddr([2, 0, 0, 0, 0, 1]), MacAddr([2, 0, 0, 0, 0, 2]), MacAddr([2, 0, 0, 0, 0, 3])];
    let ch = Channel::from_number(hwsim::Band::Ghz2_4, 1).ok_or("channel 1")?;
    let ids: Vec<_> = (0..3)
        .map(|i| m.add_radio(Instant::ZERO, RadioConfig::new(addrs[i], ch).at((110.0 * i as f64, 0.0, 0.0))))
        .collect();
    let air = m.start_capture(CaptureKind::Channel(ch.freq));
    let at_b = m.start_capture(CaptureKind::Radio(ids[1]));
    for (k, &i) in [0usize, 2].iter().enumerate() {
        for seq in 0..3 {
            let req = TxRequest {
                frame: data(addrs[1], addrs[i], seq),
                rate: TxRate::OFDM_6M,
                retry_limit: 10,
                cookie: (k * 10) as u64 + u64::from(seq),
                no_ack: false,
            };
            m.transmit(Instant::from_millis(1000), ids[i], req)?;
        }
    }
    while let Some(t) = m.next_event() {
        while let Some(ev) = m.poll(t) {
            println!("{t:?} {ev:?}");
        }
    }
    std::fs::write(&air_path, m.stop_capture(air).ok_or("air capture")?)?;
    std::fs::write(&b_path, m.stop_capture(at_b).ok_or("capture at B")?)?;
    Ok(())
}
