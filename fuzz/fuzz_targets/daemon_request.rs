//! The daemon's request handler on arbitrary datagrams, over the scripted backend the daemon
//! tests use (`cli/tests/support`: a station, an AP, scan results, a station entry).
//!
//! Properties: never panics; every reply datagram parses with our codec (the daemon never
//! sends garbage, whatever it was sent); and the session is not wedged: a GET_INTERFACE dump
//! sent afterwards lists every interface the backend has (the input may have legitimately
//! added or removed some) and ends with NLMSG_DONE.
#![no_main]

#[path = "../../cli/tests/support/mod.rs"]
mod support;

use libfuzzer_sys::fuzz_target;
use netlink_packet_core::NLM_F_DUMP;
use softmac_cli::daemon::service::Session;
use softmac_cli::nl::nl80211::Nl80211Cmd;
use softmac_cli::nl::{Body, FamilyIds, parse_datagram};

fuzz_target!(|data: &[u8]| {
    let mut backend = support::FakeBackend::new();
    let mut session = Session::new(7);
    for reply in session.handle(&mut backend, data) {
        parse_datagram(&reply, &FamilyIds::SOFTMAC).expect("every reply parses");
    }
    let dump = support::nl80211_request(Nl80211Cmd::GetInterface, NLM_F_DUMP, vec![]);
    let msgs = support::exchange(&mut session, &mut backend, &dump);
    let interfaces = msgs.iter().filter(|m| m.nl80211().is_some()).count();
    assert_eq!(interfaces, backend.ifaces.len(), "the session still answers");
    assert!(matches!(msgs.last().map(|m| &m.body), Some(Body::Done(_))), "the dump ends with DONE");
});
