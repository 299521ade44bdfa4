//! The MT7601U EEPROM parser, on what a dongle's eFuse could hold: the input as a whole image,
//! and as (offset, octet) pairs poked into the emulator's valid image, so the fuzzer explores
//! images past the chip-id check. Properties: nothing panics; whatever parses is within the
//! ranges the driver programs into the chip unchecked.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::MacAddr;
use softmac_driver::usb::proto::eeprom::{self, Eeprom, ImageBuilder, RatePower};

fuzz_target!(|data: &[u8]| {
    let _ = eeprom::usage_map_ok(data);
    if let Ok(ee) = eeprom::parse(data) {
        check(&ee);
    }
    let image = data
        .chunks_exact(2)
        .fold(ImageBuilder::new(MacAddr([0x02, 0, 0, 0x76, 0x01, 0])), |b, p| b.poke(p[0], p[1]));
    if let Ok(ee) = eeprom::parse(&image.build()) {
        check(&ee);
    }
});

fn check(ee: &Eeprom) {
    let channels = ee.channels;
    assert!(channels.count >= 1 && channels.first >= 1 && channels.last() <= 14, "{channels:?}");
    assert!(ee.rssi_offset.iter().all(|o| (-10..=10).contains(o)), "{:?}", ee.rssi_offset);
    assert!(ee.chan_pwr.iter().all(|&p| p <= eeprom::TX_POWER_LIMIT), "{:?}", ee.chan_pwr);
    assert!((-8..=8).contains(&ee.bw40_delta));
    assert!(!ee.mac.is_multicast() && ee.mac != MacAddr::ZERO, "{}", ee.mac);
    assert!(ee.tssi.is_none() || ee.nic.tx_alc);
    assert!(ee.nic.rx_paths <= 1 && ee.nic.tx_paths <= 1);
    let rates = ee.power_rate_table;
    for r in rates.cck.iter().chain(&rates.ofdm).chain(&rates.ht) {
        assert!((-32..=31).contains(&r.bw20), "{r:?}");
        // An unprogrammed octet (0xff) leaves its entry all zero, delta included.
        assert!(r.bw40 == r.bw20 + ee.bw40_delta || *r == RatePower::default(), "{r:?}");
    }
}
