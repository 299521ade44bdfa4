//! The MT7601U's RX path on arbitrary bulk IN transfers: the aggregate decoder, and the TX
//! descriptor, MCU command and firmware chunk decoders the emulated dongle runs on what a
//! driver sends. Properties: nothing panics; every frame decoded lies within the transfer;
//! segments that decode re-encode to a transfer that decodes to the same frames.
#![no_main]

use libfuzzer_sys::fuzz_target;
use softmac_driver::usb::proto::desc::decode_tx;
use softmac_driver::usb::proto::firmware::decode_chunk;
use softmac_driver::usb::proto::mcu::{McuCommand, decode_response};
use softmac_driver::usb::proto::rx::{decode_aggregate, encode_segment};

fuzz_target!(|data: &[u8]| {
    let frames = decode_aggregate(data);
    let good: Vec<_> = frames.iter().filter_map(|r| r.as_ref().ok()).cloned().collect();
    assert!(frames.iter().rev().skip(1).all(Result::is_ok), "an error only ends the walk");
    for rx in &good {
        assert!(rx.frame.len() <= data.len());
    }
    let again: Vec<u8> = good.iter().flat_map(encode_segment).collect();
    let back: Vec<_> = decode_aggregate(&again).into_iter().map(|r| r.expect("re-encoded segment")).collect();
    assert_eq!(back, good);
    let _ = decode_tx(data);
    let _ = McuCommand::decode(data);
    let _ = decode_response(data);
    let _ = decode_chunk(data);
});
