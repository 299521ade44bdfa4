//! The generic netlink codec on arbitrary datagrams (what a client sends the daemon).
//!
//! Properties: never panics; whatever parses re-emits to bytes that parse to the same
//! messages, and emitting those again gives the same bytes (a fixed point after one round),
//! with the family ids the daemon serves. Message lengths are compared after the round trip
//! only: a string read without its NUL is written with it, as the kernel writes it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use softmac_cli::nl::{FamilyIds, NlMessage, emit_datagram, parse_datagram};

/// The messages with `nlmsg_len` cleared (it is recomputed on emit).
fn without_lengths(mut msgs: Vec<NlMessage>) -> Vec<NlMessage> {
    for m in &mut msgs {
        m.header.length = 0;
    }
    msgs
}

fuzz_target!(|data: &[u8]| {
    let Ok(msgs) = parse_datagram(data, &FamilyIds::SOFTMAC) else {
        return;
    };
    let bytes = emit_datagram(&msgs);
    let again = parse_datagram(&bytes, &FamilyIds::SOFTMAC).expect("our own output parses");
    assert_eq!(without_lengths(again.clone()), without_lengths(msgs), "emit then parse changed the messages");
    assert_eq!(emit_datagram(&again), bytes, "second emit differs");
});
