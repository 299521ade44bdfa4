//! The generic netlink codec on arbitrary datagrams (what a client sends the daemon).
//!
//! Properties: never panics; whatever parses re-emits to bytes that parse to the same
//! messages (a fixed point after one round), with the family ids the daemon serves.
#![no_main]

use libfuzzer_sys::fuzz_target;
use softmac_cli::nl::{FamilyIds, emit_datagram, parse_datagram};

fuzz_target!(|data: &[u8]| {
    let Ok(msgs) = parse_datagram(data, &FamilyIds::SOFTMAC) else {
        return;
    };
    let bytes = emit_datagram(&msgs);
    let again = parse_datagram(&bytes, &FamilyIds::SOFTMAC).expect("our own output parses");
    assert_eq!(again, msgs, "emit then parse changed the messages");
    assert_eq!(emit_datagram(&again), bytes, "second emit differs");
});
