//! Frames per second through the emulated MT7601U versus the plain simulated radio, same run.
//!
//! Two radios 1 m apart on a medium running 100× real time (so airtime is not the limit),
//! 20,000 unicast 1000-octet data frames from one to the other, each acknowledged, with the
//! sender's hardware queue kept full. Row 1: `SimRadio` → `SimRadio`. Row 2: `UsbRadio` over
//! `EmulatedDongle` on both ends: every frame is encoded into TXINFO+TXWI, decoded by the
//! emulator, sent on the medium, turned into an RX aggregate, decoded by the receiving driver,
//! and its status read back from `TX_STAT_FIFO` — the protocol layer's whole per-frame cost.
//!
//! `cargo bench -p softmac-driver --bench usb` (about ten seconds).

use hwsim::{MediumConfig, RadioConfig};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{RadioRequest, Transmit, TxRate, VifId};
use mac80211_core::wire::MacAddr;
use softmac_driver::usb::emulator::test_firmware;
use softmac_driver::usb::{EmulatedDongle, UsbRadio};
use softmac_driver::{Clock, Radio, RadioEvent, SimMedium};
use std::future::poll_fn;
use std::task::Poll;
use std::time::Instant;

const FRAMES: u64 = 20_000;
const A: MacAddr = MacAddr([0x02, 0, 0, 0, 0xa0, 0]);
const B: MacAddr = MacAddr([0x02, 0, 0, 0, 0xb0, 0]);

fn ch1() -> Channel {
    Channel::from_number(Band::Ghz2_4, 1).expect("channel 1")
}

fn data_frame(seq: u16) -> Vec<u8> {
    let mut f = vec![0x08, 0x00, 0, 0];
    f.extend_from_slice(&B.0);
    f.extend_from_slice(&A.0);
    f.extend_from_slice(&A.0);
    f.extend_from_slice(&(seq << 4).to_le_bytes());
    f.extend(std::iter::repeat_n(0x5a, 1000));
    f
}

/// Sends `FRAMES` frames from `a` to `b`; returns (frames/s delivered, frames acked).
async fn run(mut a: impl Radio, mut b: impl Radio) -> (f64, u64) {
    let start = Instant::now();
    let (mut sent, mut in_flight, mut received, mut acked) = (0u64, 0usize, 0u64, 0u64);
    while received < FRAMES || in_flight > 0 {
        while in_flight < a.tx_capacity() && sent < FRAMES {
            let t = Transmit {
                cookie: sent,
                vif: VifId(0),
                channel: ch1(),
                frame: data_frame(sent as u16),
                rate: TxRate::Ht { mcs: 7, wide: false, short_gi: false },
                no_ack: false,
                retry_limit: 7,
            };
            a.transmit(t).expect("queued");
            sent += 1;
            in_flight += 1;
        }
        let (ea, eb) = poll_fn(|cx| {
            let ea = a.poll_event(cx);
            let eb = b.poll_event(cx);
            if ea.is_pending() && eb.is_pending() { Poll::Pending } else { Poll::Ready((ea, eb)) }
        })
        .await;
        if let Poll::Ready(RadioEvent::TxStatus(s)) = ea {
            in_flight -= 1;
            acked += u64::from(s.acked);
        }
        if let Poll::Ready(RadioEvent::Rx { .. }) = eb {
            received += 1;
        }
        if received >= FRAMES && sent >= FRAMES && in_flight == 0 {
            break;
        }
    }
    (received as f64 / start.elapsed().as_secs_f64(), acked)
}

fn sim_pair(medium: &SimMedium) -> (softmac_driver::SimRadio, softmac_driver::SimRadio) {
    let mut a = medium.add_radio(RadioConfig::new(A, ch1()).at((0.0, 0.0, 0.0))).expect("radio");
    let mut b = medium.add_radio(RadioConfig::new(B, ch1()).at((1.0, 0.0, 0.0))).expect("radio");
    for (r, addr) in [(&mut a, A), (&mut b, B)] {
        r.start().expect("start");
        r.configure(&RadioRequest::AddAddress(addr)).expect("address");
    }
    (a, b)
}

fn main() {
    let rt =
        tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().expect("runtime");
    rt.block_on(async {
        let medium = SimMedium::start_with_clock(MediumConfig::new(1), Clock::with_speed(100));
        let (a, b) = sim_pair(&medium);
        let (sim_fps, sim_acked) = run(a, b).await;

        let medium = SimMedium::start_with_clock(MediumConfig::new(1), Clock::with_speed(100));
        let (a, b) = sim_pair(&medium);
        let (da, _) = EmulatedDongle::new(a, A);
        let (db, _) = EmulatedDongle::new(b, B);
        let mut ua = UsbRadio::open(da, test_firmware()).expect("bring-up");
        let mut ub = UsbRadio::open(db, test_firmware()).expect("bring-up");
        ua.start().expect("start");
        ub.start().expect("start");
        let (usb_fps, usb_acked) = run(ua, ub).await;

        println!("{FRAMES} unicast 1000-octet frames, acknowledged, medium at 100x real time:");
        println!("| path | frames/s | µs per frame | acked |");
        println!("|---|---:|---:|---:|");
        println!("| SimRadio -> SimRadio | {sim_fps:.0} | {:.2} | {sim_acked} |", 1e6 / sim_fps);
        println!("| UsbRadio + EmulatedDongle (both ends) | {usb_fps:.0} | {:.2} | {usb_acked} |", 1e6 / usb_fps);
        println!(
            "USB protocol layer (driver + emulator, TX and RX): {:.2} µs per frame, the USB path at {:.0}% of the plain radio",
            1e6 / usb_fps - 1e6 / sim_fps,
            100.0 * usb_fps / sim_fps
        );
    });
}
