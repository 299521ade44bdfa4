//! The simulated radio as a `Radio`: power, keys, queue, removal.

mod common;

use common::*;
use hwsim::RadioConfig;
use mac80211_core::mac::{RadioRequest, Transmit, TxRate, VifId};
use softmac_driver::radio::next_event;
use softmac_driver::{KeyCommand, KeyConf, Radio, RadioError, RadioEvent};

fn beacon_like(from: mac80211_core::wire::MacAddr) -> Vec<u8> {
    // A data frame to broadcast: frame control, duration, A1, A2, A3, sequence.
    let mut f = vec![0x08, 0x00, 0, 0];
    f.extend_from_slice(&[0xff; 6]);
    f.extend_from_slice(&from.0);
    f.extend_from_slice(&from.0);
    f.extend_from_slice(&[0, 0]);
    f
}

fn transmit(cookie: u64, frame: Vec<u8>) -> Transmit {
    Transmit {
        cookie,
        vif: VifId(0),
        channel: ch(1),
        frame,
        rate: TxRate::Legacy(12),
        no_ack: true,
        retry_limit: 0,
    }
}

#[tokio::test]
async fn a_sim_radio_sends_when_started_reports_status_and_says_gone() {
    let medium = medium();
    let mut a = medium.add_radio(RadioConfig::new(addr(1), ch(1))).expect("radio");
    let mut b = medium.add_radio(RadioConfig::new(addr(2), ch(1))).expect("radio");
    assert_eq!(a.backend(), "hwsim");
    assert_eq!(a.transmit(transmit(1, beacon_like(addr(1)))), Err(RadioError::Stopped), "off until started");
    a.start().expect("start");
    b.start().expect("start");
    a.configure(&RadioRequest::SetChannel(ch(1))).expect("tune");

    // No hardware crypto: the core is told to do it in software.
    let key = KeyConf { vif: VifId(0), peer: None, index: 1, cipher: 0x000f_ac04, key: vec![0; 16] };
    assert_eq!(a.set_key(&KeyCommand::Install(key)), Err(RadioError::NotSupported("hardware crypto")));

    let frame = beacon_like(addr(1));
    a.transmit(transmit(7, frame.clone())).expect("queued");
    let status = tokio::time::timeout(WAIT, next_event(&mut a)).await.expect("status");
    assert!(matches!(status, RadioEvent::TxStatus(s) if s.cookie == 7 && s.acked && s.retries == 0));
    let rx = tokio::time::timeout(WAIT, next_event(&mut b)).await.expect("rx");
    match rx {
        RadioEvent::Rx { frame: got, info } => {
            assert_eq!(got, frame);
            assert_eq!(info.freq, 2412);
            assert_eq!(info.rate, Some(TxRate::Legacy(12)));
        }
        other => panic!("expected a frame, got {other:?}"),
    }

    medium.remove_radio(b.id()).expect("exists");
    assert_eq!(next_event(&mut b).await, RadioEvent::Gone);
    assert_eq!(b.transmit(transmit(8, beacon_like(addr(2)))), Err(RadioError::Gone));
    let a_id = a.id();
    drop(a);
    assert!(medium.radio(a_id).is_none(), "dropping the handle removes the radio");
    medium.shutdown();
}
