//! The driver reads `TX_STAT_FIFO` again later while frames wait for their status: the chip
//! raises no event when one lands, so without a timer a quiet link would never report its
//! transmissions and the MAC's queue would stall.

mod common;

use common::*;
use hwsim::RadioConfig;
use mac80211_core::mac::{Transmit, TxRate, VifId};
use mac80211_core::wire::MacAddr;
use softmac_driver::usb::emulator::test_firmware;
use softmac_driver::usb::proto::OutEndpoint;
use softmac_driver::usb::{EmulatedDongle, UsbError, UsbRadio, UsbTransport};
use softmac_driver::{Radio, SimRadio};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

const DONGLE: MacAddr = MacAddr([0x00, 0x0f, 0x00, 0x76, 0x01, 0x02]);

/// The emulated dongle, with the timer requests it receives recorded.
struct Recording {
    dongle: EmulatedDongle<SimRadio>,
    asked: Arc<Mutex<Vec<Duration>>>,
}

impl UsbTransport for Recording {
    fn control_in(&mut self, request: u8, value: u16, index: u16, buf: &mut [u8]) -> Result<usize, UsbError> {
        self.dongle.control_in(request, value, index, buf)
    }
    fn control_out(&mut self, request: u8, value: u16, index: u16, data: &[u8]) -> Result<(), UsbError> {
        self.dongle.control_out(request, value, index, data)
    }
    fn bulk_out(&mut self, endpoint: OutEndpoint, data: &[u8]) -> Result<(), UsbError> {
        self.dongle.bulk_out(endpoint, data)
    }
    fn mcu_response(&mut self) -> Result<Vec<u8>, UsbError> {
        self.dongle.mcu_response()
    }
    fn poll_rx(&mut self, cx: &mut Context<'_>) -> Poll<Result<Vec<u8>, UsbError>> {
        self.dongle.poll_rx(cx)
    }
    fn wake_after(&mut self, _cx: &mut Context<'_>, after: Duration) {
        self.asked.lock().expect("not poisoned").push(after);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frame_in_flight_asks_for_a_later_status_read() {
    let medium = medium();
    let radio = medium.add_radio(RadioConfig::new(DONGLE, ch(1))).expect("medium running");
    let asked = Arc::new(Mutex::new(Vec::new()));
    let (dongle, _) = EmulatedDongle::new(radio, DONGLE);
    let transport = Recording { dongle, asked: asked.clone() };
    let mut usb = UsbRadio::open(transport, test_firmware()).expect("bring-up");
    usb.start().expect("start");
    let mut cx = Context::from_waker(Waker::noop());
    // Nothing in flight: no timer.
    assert!(usb.poll_event(&mut cx).is_pending());
    assert!(asked.lock().expect("not poisoned").is_empty());
    let mut frame = vec![0x08, 0x00, 0, 0];
    frame.extend_from_slice(&[0xff; 6]);
    frame.extend_from_slice(&DONGLE.0);
    frame.extend_from_slice(&DONGLE.0);
    frame.extend_from_slice(&[0, 0]);
    // 1400 octets at 1 Mb/s: 11 ms on the air, so the status cannot be there at the next poll.
    frame.extend(std::iter::repeat_n(0xaa, 1400));
    let t = Transmit {
        cookie: 7,
        vif: VifId(0),
        channel: ch(1),
        frame,
        rate: TxRate::Legacy(2),
        no_ack: true,
        retry_limit: 0,
    };
    usb.transmit(t).expect("queued");
    // The medium is still sending it (on its own thread, paced to the clock): the FIFO is
    // empty, so the driver asks to look again.
    let _ = usb.poll_event(&mut cx);
    let asked = asked.lock().expect("not poisoned").clone();
    assert!(!asked.is_empty() && asked.iter().all(|d| *d <= Duration::from_millis(10)), "{asked:?}");
}
