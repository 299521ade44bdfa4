//! `FrameRepr::parse` on arbitrary bytes (a frame without FCS).
//!
//! Properties: parsing never panics; whatever parses re-emits to exactly the input; and the
//! `Frame` view's accessors never panic once `new_checked` has accepted the buffer, and agree
//! with the header the representation holds.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mac80211_core::wire::{Frame, FrameRepr};

fuzz_target!(|data: &[u8]| {
    if let Ok(frame) = Frame::new_checked(data) {
        let header_len = frame.header_len();
        assert!(header_len <= data.len());
        let _ = (frame.frame_control(), frame.duration_id(), frame.duration_us());
        let _ = (frame.addr1(), frame.addr2(), frame.addr3(), frame.addr4(), frame.seq_ctrl());
        let _ = (frame.qos_control(), frame.ht_control(), frame.addresses());
        assert_eq!(frame.body(), &data[header_len..]);
        let _ = format!("{frame:?}");
    }
    if let Ok(repr) = FrameRepr::parse(data) {
        assert!(Frame::new_checked(data).is_ok(), "FrameRepr parsed what Frame::new_checked refuses");
        assert_eq!(repr.frame_control(), Frame::new_unchecked(data).frame_control());
        assert_eq!(repr.buffer_len(), data.len(), "buffer_len disagrees with the parsed input");
        let mut out = vec![0xa5; repr.buffer_len()];
        repr.emit(&mut out);
        assert_eq!(out, data, "emit(parse(bytes)) != bytes for {repr:?}");
    }
});
