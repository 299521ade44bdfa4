//! The MT7601U driver against the emulated dongle, on the simulated medium: bring-up, a
//! USB-backed station scanning and connecting to a simulated AP and exchanging data with it,
//! the WPA2 path, protocol violations refused by the emulator, and the device's bad input
//! (garbled and short RX transfers, a bogus TX status, a stall, an unplug) counted, not fatal.

mod common;

use common::*;
use hwsim::RadioConfig;
use mac80211_core::mac::{
    Command, ConnectRequest, Credentials, EventKind, Mac, MacConfig, RadioRequest, VifKind,
};
use mac80211_core::wire::MacAddr;
use softmac_driver::usb::emulator::test_firmware;
use softmac_driver::usb::proto::eeprom::ImageBuilder;
use softmac_driver::usb::proto::firmware::Firmware;
use softmac_driver::usb::proto::mcu::Calibration;
use softmac_driver::usb::proto::{OutEndpoint, vendor};
use softmac_driver::usb::{DongleHandle, EmulatedDongle, UsbError, UsbRadio, UsbTransport};
use softmac_driver::{Radio, RadioError, Runner, SimMedium, SimRadio};

/// The address burnt into the emulated dongle's eFuse.
const DONGLE: MacAddr = MacAddr([0x00, 0x0f, 0x00, 0x76, 0x01, 0x01]);

fn dongle(medium: &SimMedium, x: f64) -> (EmulatedDongle<SimRadio>, DongleHandle) {
    dongle_on(medium, x).0
}

/// The dongle, and the id of its radio on the medium.
fn dongle_on(medium: &SimMedium, x: f64) -> ((EmulatedDongle<SimRadio>, DongleHandle), hwsim::RadioId) {
    dongle_with(medium, x, &ImageBuilder::new(DONGLE))
}

/// A dongle at `x` metres whose eFuse holds `image`, and the id of its radio on the medium.
fn dongle_with(
    medium: &SimMedium,
    x: f64,
    image: &ImageBuilder,
) -> ((EmulatedDongle<SimRadio>, DongleHandle), hwsim::RadioId) {
    let radio = medium.add_radio(RadioConfig::new(DONGLE, ch(1)).at((x, 0.0, 0.0))).expect("medium running");
    let id = radio.id();
    (EmulatedDongle::with_eeprom(radio, image), id)
}

/// A USB-backed phy: the driver brought up over the emulated dongle at `x` metres, run by a
/// runner on channels 1 and 6.
fn usb_phy(medium: &SimMedium, x: f64) -> (Phy, DongleHandle) {
    let ((d, dongle_handle), radio_id) = dongle_on(medium, x);
    let radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    let mac = MacConfig::new(radio.addr(), 9).with_channels(vec![ch(1), ch(6)]);
    let handle = Runner::spawn("usb0", Mac::new(mac), radio).expect("radio starts");
    (Phy { events: handle.subscribe(), handle, radio: radio_id }, dongle_handle)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usb_station_connects_to_a_simulated_ap_and_exchanges_data() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    let (_ap_vif, mut ap_host) = start_ap(&mut ap).await;
    let ((d, dongle_handle), radio_id) = dongle_on(&medium, 4.0);
    let radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    let firmware_chunks = dongle_handle.stats().firmware_chunks;
    assert_eq!(firmware_chunks, 4, "a 45 KB image in four 14 KiB chunks");
    let config = MacConfig::new(radio.addr(), 9).with_channels(vec![ch(1), ch(6)]);
    let handle = Runner::spawn("usb0", Mac::new(config), radio).expect("radio starts");
    let mut sta = Phy { events: handle.subscribe(), handle, radio: radio_id };
    let (sta_vif, mut sta_host) = connect_station(&mut sta, "usb0").await;
    assert_eq!(dongle_handle.stats().channel, Some(6), "the emulator decoded channel 6 from the RF plan");
    let me = vif_addr(&sta, sta_vif);
    assert_eq!(me, DONGLE);
    // Station → AP's host, and back.
    let ap_addr = common::addr(1);
    assert!(sta_host.send(ethernet(ap_addr, me, b"over USB")), "port open");
    let got = recv(&mut ap_host).await;
    assert_eq!(&got[14..], b"over USB");
    assert!(ap_host.send(ethernet(me, ap_addr, b"back")), "port open");
    assert_eq!(&recv(&mut sta_host).await[14..], b"back");
    let stats = dongle_handle.stats();
    assert!(stats.tx_frames >= 5 && stats.rx_frames >= 3, "{stats:?}");
    assert_eq!(stats.violations, 0, "{:?}", stats.last_violation);
    let scan = sta.handle.query(move |m| m.scan_results(sta_vif));
    assert!(scan.iter().any(|b| b.bssid == ap_addr && (-60..-20).contains(&b.signal_dbm)), "{scan:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_wpa2_path_runs_over_usb_too() {
    let medium = medium();
    let ap = phy(&medium, 1, 0.0, |_| {}, 64);
    let vif = add_vif(&ap, VifKind::Ap);
    let mut ap_host = attach_mem(&ap, vif, "ap0");
    let mut config = mac80211_core::mac::ApConfig::new(SSID, ch(6));
    config.beacon_interval_tu = 20;
    config.security = Some(mac80211_core::mac::ApSecurity::passphrase("usb-passphrase"));
    ap.handle.command(Command::StartAp(vif, config)).expect("start AP");
    let (mut sta, dongle_handle) = usb_phy(&medium, 4.0);
    let sta_vif = add_vif(&sta, VifKind::Station);
    let sta_host = attach_mem(&sta, sta_vif, "usb0");
    let credentials = Some(Credentials::Passphrase("usb-passphrase".into()));
    let req = ConnectRequest { ssid: SSID.to_vec(), credentials, ..Default::default() };
    sta.handle.command(Command::Connect(sta_vif, req)).expect("connect");
    wait_event(&mut sta, "Connected", |k| matches!(k, EventKind::Connected { protected: true, .. })).await;
    assert!(sta_host.send(ethernet(common::addr(1), DONGLE, b"ccmp over usb")), "port open");
    assert_eq!(&recv(&mut ap_host).await[14..], b"ccmp over usb");
    assert_eq!(dongle_handle.stats().violations, 0);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_emulator_refuses_protocol_violations() {
    let medium = medium();
    // A register write before power-on.
    let (mut d, h) = dongle(&medium, 0.0);
    let err = d
        .control_out(vendor::WRITE, 0x1234, 0x1004, &[])
        .and_then(|()| d.control_out(vendor::WRITE, 0, 0x1006, &[]));
    assert!(matches!(err, Err(UsbError::Protocol(ref w)) if w.contains("before power-on")), "{err:?}");
    // Firmware start without an upload.
    let err = d.control_out(vendor::DEV_MODE, vendor::MODE_START_FW, 0, &[0; 64]);
    assert!(matches!(err, Err(UsbError::Protocol(ref w)) if w.contains("before any chunk")), "{err:?}");
    // A data frame before the firmware runs.
    let err = d.bulk_out(OutEndpoint::Edca(1), &[0; 40]);
    assert!(matches!(err, Err(UsbError::Protocol(_))), "{err:?}");
    assert_eq!(h.stats().violations, 3);
    // Powered, then MAC TX on with none of the vendor init values or calibrations loaded.
    let power_on = d
        .control_out(vendor::WRITE, 0x0003, 0x0080, &[])
        .and_then(|()| d.control_out(vendor::WRITE, 0, 0x0082, &[]));
    assert_eq!(power_on, Ok(()));
    let err = d
        .control_out(vendor::WRITE, 0x0004, 0x1004, &[])
        .and_then(|()| d.control_out(vendor::WRITE, 0, 0x1006, &[]));
    let Err(UsbError::Protocol(why)) = err else { panic!("TX enabled on a bare chip: {err:?}") };
    assert!(why.contains("before bring-up loaded: MAC init values, BBP init values"), "{why}");
    assert!(why.ends_with("RF init values, init calibrations"), "{why}");
    assert_eq!(h.stats().violations, 4);
    // A bad firmware image never reaches the device.
    assert!(Firmware::parse(&Firmware::synthetic(64)).is_err());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_eeprom_sets_channels_and_signal_calibration() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    start_ap(&mut ap).await;
    // The default image: country region 1, channels 1-13; 14 is refused, not tuned.
    let (d, h) = dongle(&medium, 4.0);
    let mut radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    assert_eq!(radio.channels(), (1..=13).map(ch).collect::<Vec<_>>());
    radio.start().expect("start");
    let err = radio.configure(&RadioRequest::SetChannel(ch(14))).expect_err("channel 14 in region 1");
    assert!(matches!(err, RadioError::Refused(ref w) if w.contains("channels 1-13")), "{err:?}");
    assert_eq!(h.stats().violations, 0, "{:?}", h.stats().last_violation);
    // Region 5 (channels 1-14, Japan), and a front end with 12 dB of LNA gain and an RSSI
    // offset of −4: channel 14 tunes, and the driver takes the gain out of the readings.
    let image = ImageBuilder::new(DONGLE).country_region(5).lna_gain(12).rssi_offsets([-4, 0]);
    let ((d, h), _) = dongle_with(&medium, 5.0, &image);
    let mut radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    assert_eq!(radio.channels().len(), 14);
    radio.start().expect("start");
    for n in (1..=14).rev() {
        radio.configure(&RadioRequest::SetChannel(ch(n))).expect("every channel in region 5");
        assert_eq!(h.stats().channel, Some(n), "the emulator decoded channel {n} from the RF plan");
    }
    radio.configure(&RadioRequest::SetChannel(ch(6))).expect("channel 6");
    let signal = loop {
        let event = tokio::time::timeout(WAIT, std::future::poll_fn(|cx| radio.poll_event(cx)))
            .await
            .expect("a beacon");
        if let softmac_driver::RadioEvent::Rx { info, .. } = event {
            break info.signal_dbm;
        }
    };
    assert_eq!(signal, -30, "the medium's signal, LNA gain and RSSI offset taken out");
    assert_eq!(h.stats().violations, 0, "{:?}", h.stats().last_violation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_phy_recalibrates_when_the_temperature_drifts() {
    let medium = medium();
    let (d, h) = dongle(&medium, 0.0);
    let mut radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    radio.start().expect("start");
    let booted = h.stats();
    assert!(booted.calibrations >= 7, "the init calibrations: {booted:?}");
    let mut look = || {
        h.elapse_calibration_interval();
        let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
        let _ = radio.poll_event(&mut cx);
    };
    // 15 sensor steps above the reference: 585 driver units, past the 450 that ask for DPD.
    h.set_temperature(0x1b + 15);
    look();
    let warm = h.stats();
    assert_eq!(warm.last_calibration, Some((Calibration::Dpd, 585)), "{warm:?}");
    assert_eq!(warm.calibrations, booted.calibrations + 1);
    // One step more is no drift from the last DPD: no calibration.
    h.set_temperature(0x1b + 16);
    look();
    assert_eq!(h.stats().calibrations, warm.calibrations);
    assert_eq!(h.stats().violations, 0, "{:?}", h.stats().last_violation);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_agc_gain_follows_the_signal_of_frames_to_us() {
    let medium = medium();
    medium.set_link_model(hwsim::Perfect { signal_dbm: -75.0 });
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    let (_ap_vif, ap_host) = start_ap(&mut ap).await;
    let (mut sta, h) = usb_phy(&medium, 4.0);
    let (_sta_vif, mut sta_host) = connect_station(&mut sta, "usb0").await;
    // The LNA default (EEPROM gain 0: 0x24), lowered by 0x20 at −70 dBm and below.
    agc_settles_at(&h, 0x04).await;
    // Strong frames to us pull the average up past −60 dBm: back to the default.
    medium.set_link_model(hwsim::Perfect { signal_dbm: -30.0 });
    for i in 0..4u8 {
        assert!(ap_host.send(ethernet(DONGLE, common::addr(1), &[i; 20])), "port open");
        recv(&mut sta_host).await;
    }
    agc_settles_at(&h, 0x24).await;
    assert_eq!(h.stats().violations, 0, "{:?}", h.stats().last_violation);
}

/// Elapses the dongle's calibration interval and waits for the driver, woken by the next
/// frame, to set the AGC gain to `want` in its periodic work.
async fn agc_settles_at(h: &DongleHandle, want: u8) {
    h.elapse_calibration_interval();
    let deadline = std::time::Instant::now() + WAIT;
    while h.stats().agc_gain != want {
        assert!(
            std::time::Instant::now() < deadline,
            "AGC gain {:#04x}, want {want:#04x}",
            h.stats().agc_gain
        );
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_dongle_with_a_bad_eeprom_is_refused_with_the_reason() {
    let medium = medium();
    for (image, reason) in [
        (ImageBuilder::new(DONGLE).chip_id(0x7650), "not an MT7601U"),
        (ImageBuilder::new(DONGLE).mac(MacAddr::BROADCAST), "not a unicast address"),
        (ImageBuilder::new(DONGLE).paths(2, 1), "2 RX and 1 TX paths"),
    ] {
        let ((d, h), _) = dongle_with(&medium, 0.0, &image);
        let err = UsbRadio::open(d, test_firmware()).err().expect("refused");
        assert!(matches!(err, RadioError::Refused(ref w) if w.contains(reason)), "{err:?}");
        assert_eq!(h.stats().violations, 0, "{:?}", h.stats().last_violation);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_input_from_the_device_is_counted_and_an_unplug_is_gone() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    start_ap(&mut ap).await;
    let (d, h) = dongle(&medium, 4.0);
    let mut radio = UsbRadio::open(d, test_firmware()).expect("bring-up");
    radio.start().expect("start");
    radio.configure(&mac80211_core::mac::RadioRequest::SetChannel(ch(6))).expect("channel 6");
    h.faults(|f| {
        f.garble_next_rx = true;
        f.stall_rx_once = true;
        f.bogus_tx_status = true;
    });
    // Beacons arrive every 20 TU: let a few through the faults.
    // A broadcast frame in flight, so the driver reads the status FIFO (and meets the bogus
    // entry first).
    let mut frame = vec![0x80, 0, 0, 0];
    frame.extend_from_slice(&[0xff; 6]);
    frame.extend_from_slice(&DONGLE.0);
    frame.extend_from_slice(&DONGLE.0);
    frame.extend_from_slice(&[0; 2 + 12]);
    let t = mac80211_core::mac::Transmit {
        cookie: 77,
        vif: mac80211_core::mac::VifId(0),
        channel: ch(6),
        frame,
        rate: mac80211_core::mac::TxRate::Legacy(2),
        no_ack: true,
        retry_limit: 0,
    };
    radio.transmit(t).expect("queued");
    let (mut beacons, mut status) = (0, None);
    let deadline = std::time::Instant::now() + WAIT;
    while (beacons < 3 || status.is_none()) && std::time::Instant::now() < deadline {
        match tokio::time::timeout(WAIT, std::future::poll_fn(|cx| radio.poll_event(cx)))
            .await
            .expect("events")
        {
            softmac_driver::RadioEvent::Rx { .. } => beacons += 1,
            softmac_driver::RadioEvent::TxStatus(s) => status = Some(s),
            other => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((beacons >= 3, status.map(|s| (s.cookie, s.acked))), (true, Some((77, true))));
    let s = radio.stats();
    assert_eq!((s.stalls, s.rx_bad_segments, s.tx_status_unknown), (1, 1, 1), "{s:?}");
    // Unplugged: the next transfer reports it, the radio says Gone and refuses work.
    h.faults(|f| f.unplugged = true);
    let event = std::future::poll_fn(|cx| radio.poll_event(cx)).await;
    assert_eq!(event, softmac_driver::RadioEvent::Gone);
    assert_eq!(radio.configure(&mac80211_core::mac::RadioRequest::SetChannel(ch(1))), Err(RadioError::Gone));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usb_monitor_interface_captures_other_stations_frames() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    start_ap(&mut ap).await;
    let (mon, _) = usb_phy(&medium, 3.0);
    let vif = add_vif(&mon, VifKind::Monitor);
    let mut port = attach_mem(&mon, vif, "mon0");
    mon.handle.command(Command::SetChannel(ch(6))).expect("tune the monitor");
    // A simulated station joins the AP: its authentication frames are not for the dongle.
    let mut sta = phy(&medium, 2, 5.0, |_| {}, 64);
    connect_station(&mut sta, "sta0").await;
    let sta_addr = common::addr(2);
    let mut seen_other = false;
    let mut beacons = 0;
    while !(seen_other && beacons > 0) {
        let f = recv(&mut port).await;
        // Radiotap header, then the 802.11 frame.
        let rt_len = usize::from(u16::from_le_bytes([f[2], f[3]]));
        let frame = &f[rt_len..];
        beacons += usize::from(frame[0] == 0x80);
        seen_other |= frame.get(4..10) == Some(&sta_addr.0[..]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unplugging_the_dongle_takes_its_interfaces_down() {
    let medium = medium();
    let mut ap = phy(&medium, 1, 0.0, |_| {}, 64);
    start_ap(&mut ap).await;
    let (mut sta, dongle_handle) = usb_phy(&medium, 4.0);
    let (_vif, mut host) = connect_station(&mut sta, "usb0").await;
    assert!(host.carrier());
    dongle_handle.faults(|f| f.unplugged = true);
    // The next transfer fails: the runner stops and closes the interface's port.
    let closed = tokio::time::timeout(WAIT, async {
        loop {
            if host.recv().await.is_none() {
                return;
            }
        }
    })
    .await;
    assert!(closed.is_ok(), "the port closes after the unplug");
    assert!(!host.carrier());
    // The runner reports why it stopped once it has closed the ports.
    let reason = tokio::time::timeout(WAIT, sta.handle.closed()).await.expect("runner stops");
    assert_eq!(reason, softmac_driver::ExitReason::RadioGone);
}
