//! Frames per second through the emulated MT7601U versus the plain simulated radio, same run.
//!
//! Two radios 1 m apart on a medium running 100× real time (so airtime is not the limit),
//! 20,000 unicast 1000-octet data frames from one to the other, each acknowledged, with the
//! sender's hardware queue kept full. Row 1: `SimRadio` → `SimRadio`. Row 2: `UsbRadio` over
//! `EmulatedDongle` on both ends: every frame is encoded into TXINFO+TXWI, decoded by the
//! emulator, sent on the medium, turned into an RX aggregate, decoded by the receiving driver,
//! and its status read back from `TX_STAT_FIFO` — the protocol layer's whole per-frame cost.
//!
//! Row 3: `SimRadio` with the dongle's queue depth (15 frames), so rows 2 and 3 differ only by
//! the protocol layer. Rows 4-5 take the medium away: the two ends joined by a lossless
//! in-memory wire that delivers and acknowledges at once, without and with the USB layer, so
//! their difference is the protocol layer's own CPU cost per frame, set against the medium's
//! (row 1).
//!
//! `cargo bench -p softmac-driver --bench usb` (about ten seconds).

use hwsim::{MediumConfig, RadioConfig};
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::{RadioRequest, Transmit, TxRate, VifId};
use mac80211_core::wire::MacAddr;
use softmac_driver::usb::emulator::test_firmware;
use softmac_driver::usb::radio::TX_CAPACITY;
use softmac_driver::usb::{EmulatedDongle, UsbRadio};
use softmac_driver::{Clock, Radio, RadioEvent, SimMedium};
use std::collections::VecDeque;
use std::future::poll_fn;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
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

/// One sender's bookkeeping: frames sent, in flight, received by the peer, acknowledged.
#[derive(Default)]
struct Tally {
    sent: u64,
    in_flight: usize,
    received: u64,
    acked: u64,
}

impl Tally {
    fn done(&self) -> bool {
        self.received >= FRAMES && self.sent >= FRAMES && self.in_flight == 0
    }

    /// Fills `a`'s hardware queue.
    fn fill(&mut self, a: &mut impl Radio) {
        while self.in_flight < a.tx_capacity() && self.sent < FRAMES {
            let t = Transmit {
                cookie: self.sent,
                vif: VifId(0),
                channel: ch1(),
                frame: data_frame(self.sent as u16),
                rate: TxRate::Ht { mcs: 7, wide: false, short_gi: false },
                no_ack: false,
                retry_limit: 7,
            };
            a.transmit(t).expect("queued");
            self.sent += 1;
            self.in_flight += 1;
        }
    }

    fn account(&mut self, ea: Poll<RadioEvent>, eb: Poll<RadioEvent>) {
        if let Poll::Ready(RadioEvent::TxStatus(s)) = ea {
            self.in_flight -= 1;
            self.acked += u64::from(s.acked);
        }
        if let Poll::Ready(RadioEvent::Rx { .. }) = eb {
            self.received += 1;
        }
    }
}

fn poll_both(
    a: &mut impl Radio,
    b: &mut impl Radio,
    cx: &mut Context<'_>,
) -> Poll<(Poll<RadioEvent>, Poll<RadioEvent>)> {
    let ea = a.poll_event(cx);
    let eb = b.poll_event(cx);
    if ea.is_pending() && eb.is_pending() { Poll::Pending } else { Poll::Ready((ea, eb)) }
}

/// Sends `FRAMES` frames from `a` to `b` over the medium; returns (frames/s delivered, acked).
async fn run(mut a: impl Radio, mut b: impl Radio) -> (f64, u64) {
    let start = Instant::now();
    let mut t = Tally::default();
    while !t.done() {
        t.fill(&mut a);
        let (ea, eb) = poll_fn(|cx| poll_both(&mut a, &mut b, cx)).await;
        t.account(ea, eb);
    }
    (t.received as f64 / start.elapsed().as_secs_f64(), t.acked)
}

/// The same over a [`Wire`]: everything completes at once, so no waiting, one thread.
fn run_wired(mut a: impl Radio, mut b: impl Radio) -> (f64, u64) {
    let mut cx = Context::from_waker(Waker::noop());
    let start = Instant::now();
    let mut t = Tally::default();
    while !t.done() {
        t.fill(&mut a);
        match poll_both(&mut a, &mut b, &mut cx) {
            Poll::Ready((ea, eb)) => t.account(ea, eb),
            Poll::Pending => panic!("a wire never waits"),
        }
    }
    (t.received as f64 / start.elapsed().as_secs_f64(), t.acked)
}

type Queue = Arc<Mutex<VecDeque<Vec<u8>>>>;

/// One end of a lossless in-memory link: every frame is delivered to the peer and
/// acknowledged at once. No airtime, no scheduling: what remains is the cost of the layers
/// above it.
struct Wire {
    addr: MacAddr,
    statuses: VecDeque<RadioEvent>,
    outbox: Queue,
    inbox: Queue,
}

fn wire_pair() -> (Wire, Wire) {
    let (ab, ba) = (Queue::default(), Queue::default());
    let a = Wire { addr: A, statuses: VecDeque::new(), outbox: ab.clone(), inbox: ba.clone() };
    (a, Wire { addr: B, statuses: VecDeque::new(), outbox: ba, inbox: ab })
}

impl Radio for Wire {
    fn addr(&self) -> MacAddr {
        self.addr
    }
    fn backend(&self) -> &'static str {
        "wire"
    }
    fn start(&mut self) -> Result<(), softmac_driver::RadioError> {
        Ok(())
    }
    fn stop(&mut self) {}
    fn configure(&mut self, _: &RadioRequest) -> Result<(), softmac_driver::RadioError> {
        Ok(())
    }
    fn transmit(&mut self, t: Transmit) -> Result<(), softmac_driver::RadioError> {
        self.outbox.lock().expect("wire").push_back(t.frame);
        self.statuses.push_back(RadioEvent::TxStatus(mac80211_core::mac::TxStatus {
            cookie: t.cookie,
            acked: true,
            retries: 0,
        }));
        Ok(())
    }
    fn tx_capacity(&self) -> usize {
        softmac_driver::sim::DEFAULT_TX_CAPACITY
    }
    fn poll_event(&mut self, _: &mut Context<'_>) -> Poll<RadioEvent> {
        if let Some(e) = self.statuses.pop_front() {
            return Poll::Ready(e);
        }
        match self.inbox.lock().expect("wire").pop_front() {
            Some(frame) => Poll::Ready(RadioEvent::Rx { frame, info: rx_info() }),
            None => Poll::Pending,
        }
    }
}

fn rx_info() -> mac80211_core::mac::RxInfo {
    mac80211_core::mac::RxInfo {
        freq: 2412,
        signal_dbm: -40,
        rate: Some(TxRate::Ht { mcs: 7, wide: false, short_gi: false }),
        decrypted: false,
    }
}

fn usb_pair<R: Radio>(a: R, b: R) -> (UsbRadio<EmulatedDongle<R>>, UsbRadio<EmulatedDongle<R>>) {
    let (da, _) = EmulatedDongle::new(a, A);
    let (db, _) = EmulatedDongle::new(b, B);
    let mut ua = UsbRadio::open(da, test_firmware()).expect("bring-up");
    let mut ub = UsbRadio::open(db, test_firmware()).expect("bring-up");
    ua.start().expect("start");
    ub.start().expect("start");
    (ua, ub)
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
    let medium_run = |usb: bool, capacity: usize| {
        rt.block_on(async {
            let medium = SimMedium::start_with_clock(MediumConfig::new(1), Clock::with_speed(100));
            let (a, b) = sim_pair(&medium);
            if usb {
                let (ua, ub) = usb_pair(a, b);
                run(ua, ub).await
            } else {
                run(a.with_tx_capacity(capacity), b).await
            }
        })
    };
    let rows = [
        ("SimRadio -> SimRadio", medium_run(false, softmac_driver::sim::DEFAULT_TX_CAPACITY)),
        ("UsbRadio + EmulatedDongle (both ends)", medium_run(true, 0)),
        ("SimRadio -> SimRadio, queue of 15 as the dongle's", medium_run(false, TX_CAPACITY)),
    ];
    let (a, b) = wire_pair();
    let wire = run_wired(a, b);
    let (a, b) = wire_pair();
    let (ua, ub) = usb_pair(a, b);
    let usb_wire = run_wired(ua, ub);

    println!("{FRAMES} unicast 1000-octet frames, acknowledged, medium at 100x real time:");
    println!("| path | frames/s | µs per frame | acked |");
    println!("|---|---:|---:|---:|");
    for (name, (fps, acked)) in rows
        .iter()
        .chain([&("in-memory wire, no medium", wire), &("UsbRadio + EmulatedDongle over the wire", usb_wire)])
    {
        println!("| {name} | {fps:.0} | {:.2} | {acked} |", 1e6 / fps);
    }
    let medium_us = 1e6 / rows[0].1.0;
    let protocol_us = 1e6 / usb_wire.0 - 1e6 / wire.0;
    println!(
        "USB protocol layer (driver + emulator, TX, RX and status, both ends): {protocol_us:.2} µs per frame, \
         {:.0}% of the medium's {medium_us:.2} µs",
        100.0 * protocol_us / medium_us
    );
}
