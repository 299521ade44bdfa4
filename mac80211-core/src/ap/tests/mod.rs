//! Conversation tests of the AP: the harness plays stations with frames built from the wire
//! codec, advances virtual time, and checks the exact frames and events that come out.
//!
//! - `beacon`: TBTT cadence, beacon and probe-response contents, start validation, stop.
//! - `join`: authentication, association, AIDs, rejections, departures, inactivity.
//! - `data`: integration with the data path, power save (buffering, TIM, PS-Poll, DTIM).
//! - `scale`: a thousand stations, and never-panic properties over hostile frames.

mod beacon;
mod data;
mod join;
mod rsn;
mod scale;

use crate::mac::testing::{Harness, OWN, ch, frames, is_mgmt, mgmt};
use crate::mac::{ApConfig, Command, EventKind, Transmit, VifKind};
use crate::wire::element::wmm::WmmQosInfo;
use crate::wire::element::{ElementWriter, RateEntry, SsidRepr, Tim, WmmInfo, push_element, split_rates};
use crate::wire::fc::flags;
use crate::wire::mgmt::{AssocReqRepr, CapabilityInfo, MgmtBody, ReassocReqRepr};
use crate::wire::{
    CtrlRepr, DataSubtype, Elements, Frame, FrameControl, FrameRepr, HeaderRepr, MacAddr, SeqCtrl,
    StatusCode, Subtype,
};

/// The `n`th test station.
fn sta(n: u16) -> MacAddr {
    MacAddr([0x02, 0, 0, 0x5a, (n >> 8) as u8, n as u8])
}

/// An external host beyond the AP's distribution system.
const HOST: MacAddr = MacAddr([0x02, 0, 0, 0, 0xee, 0x01]);

/// An AP interface started with `config`, its start-up output drained.
fn started(config: ApConfig) -> Harness {
    let mut h = Harness::new(VifKind::Ap);
    h.command(Command::StartAp(h.vif, config)).unwrap();
    h.take_tx();
    h.take_events();
    h.take_radio();
    h
}

/// The default AP of the harness ("test" on channel 6), start-up output drained.
fn ap() -> Harness {
    let mut h = Harness::ap();
    h.take_tx();
    h.take_events();
    h.take_radio();
    h
}

/// What a station puts in its (re)association request.
#[derive(Clone)]
struct Req {
    ssid: Option<Vec<u8>>,
    /// Rate octets (basic bit as the station sets it); empty: no rates elements at all.
    rates: Vec<u8>,
    ht: bool,
    wmm: bool,
    reassoc: bool,
    /// An RSN element (header included) to send after the rates.
    rsne: Option<Vec<u8>>,
}

impl Req {
    /// A Linux-like 802.11n station asking for "test": all 2.4 GHz rates, HT, WMM.
    fn full() -> Req {
        Req {
            ssid: Some(b"test".to_vec()),
            rates: vec![0x82, 0x84, 0x8b, 0x96, 12, 18, 24, 36, 48, 72, 96, 108],
            ht: true,
            wmm: true,
            reassoc: false,
            rsne: None,
        }
    }

    fn elements(&self) -> Vec<u8> {
        let mut v = Vec::new();
        if let Some(ssid) = &self.ssid {
            push_element(&mut v, &SsidRepr::new(ssid).unwrap()).unwrap();
        }
        if !self.rates.is_empty() {
            let entries: Vec<RateEntry> = self.rates.iter().map(|&o| RateEntry::from_octet(o)).collect();
            let (sup, ext) = split_rates(&entries).unwrap();
            push_element(&mut v, &sup).unwrap();
            if let Some(ext) = ext {
                push_element(&mut v, &ext).unwrap();
            }
        }
        if let Some(rsne) = &self.rsne {
            v.extend_from_slice(rsne);
        }
        if self.ht {
            push_element(&mut v, &super::beacon::ht_capabilities()).unwrap();
        }
        if self.wmm {
            push_element(&mut v, &WmmInfo { version: 1, qos_info: WmmQosInfo(0) }).unwrap();
        }
        v
    }

    /// The request frame from `from`.
    fn frame(&self, from: MacAddr) -> Vec<u8> {
        let ies = self.elements();
        let capability = CapabilityInfo(CapabilityInfo::ESS | CapabilityInfo::SHORT_SLOT_TIME);
        let elements = Elements::new(&ies);
        let body = if self.reassoc {
            MgmtBody::ReassocReq(ReassocReqRepr { capability, listen_interval: 5, current_ap: OWN, elements })
        } else {
            MgmtBody::AssocReq(AssocReqRepr { capability, listen_interval: 5, elements })
        };
        frames::mgmt(from, OWN, OWN, body)
    }
}

/// Authenticates `s` and drains the output.
fn authenticate(h: &mut Harness, s: MacAddr) {
    h.rx(&frames::auth(s, OWN, OWN, 1, StatusCode::Success));
    h.take_tx();
    h.take_events();
}

/// Authenticates and associates `s` with `req`; returns the AID granted (output drained).
fn join_with(h: &mut Harness, s: MacAddr, req: &Req) -> u16 {
    authenticate(h, s);
    h.rx(&req.frame(s));
    let tx = h.take_tx_acked();
    h.take_events();
    let [t] = &tx[..] else { panic!("expected one response, got {tx:?}") };
    match mgmt(t).body {
        MgmtBody::AssocResp(r) | MgmtBody::ReassocResp(r) => r.aid(),
        other => panic!("expected an association response, got {other:?}"),
    }
}

/// Joins `s` as a Linux-like HT/WMM station.
fn join(h: &mut Harness, s: MacAddr) -> u16 {
    join_with(h, s, &Req::full())
}

/// A data frame To DS from station `from` to `da` carrying an IPv4 payload via LLC/SNAP.
fn data_to_ds(from: MacAddr, da: MacAddr, seq: u16, pm: bool, payload: &[u8]) -> Vec<u8> {
    let mut msdu = vec![0xaa, 0xaa, 0x03, 0, 0, 0, 0x08, 0x00];
    msdu.extend_from_slice(payload);
    to_ds_frame(DataSubtype::Data, from, da, seq, pm, &msdu)
}

/// A Null frame To DS from `from` with the Power Management bit `pm`.
fn null_to_ds(from: MacAddr, seq: u16, pm: bool) -> Vec<u8> {
    to_ds_frame(DataSubtype::Null, from, OWN, seq, pm, &[])
}

fn to_ds_frame(st: DataSubtype, from: MacAddr, da: MacAddr, seq: u16, pm: bool, body: &[u8]) -> Vec<u8> {
    let fc = FrameControl::new(Subtype::Data(st)).with_flag(flags::TO_DS, true).with_flag(flags::PWR_MGT, pm);
    let header = HeaderRepr {
        frame_control: fc,
        duration_id: 0,
        addr1: OWN,
        addr2: Some(from),
        addr3: Some(da),
        seq_ctrl: Some(SeqCtrl::new(seq, 0)),
        addr4: None,
        qos_control: None,
        ht_control: None,
    };
    let mut out = vec![0; header.buffer_len() + body.len()];
    header.emit(&mut Frame::new_unchecked(&mut out[..]));
    let at = header.buffer_len();
    out[at..].copy_from_slice(body);
    out
}

/// A PS-Poll from `from` for `aid` (Power Management set, as stations send it).
fn ps_poll(from: MacAddr, aid: u16) -> Vec<u8> {
    let repr = CtrlRepr::PsPoll { flags: 0x10, aid_field: aid | 0xc000, bssid: OWN, ta: from };
    let mut out = vec![0; repr.buffer_len()];
    repr.emit(&mut out);
    out
}

/// An Ethernet II frame from `src` to `dst` with an IPv4 payload.
fn ethernet(dst: MacAddr, src: MacAddr, payload: &[u8]) -> Vec<u8> {
    let mut f = dst.0.to_vec();
    f.extend_from_slice(&src.0);
    f.extend_from_slice(&[0x08, 0x00]);
    f.extend_from_slice(payload);
    f
}

/// True for a beacon.
fn is_beacon(t: &Transmit) -> bool {
    is_mgmt(t, |b| matches!(b, MgmtBody::Beacon(_)))
}

/// The TIM of a beacon, as (DTIM count, DTIM period, multicast bit, AIDs).
fn tim_of(t: &Transmit) -> (u8, u8, bool, Vec<u16>) {
    let MgmtBody::Beacon(b) = mgmt(t).body else { panic!("not a beacon") };
    let tim = b.elements.get::<Tim>().unwrap().unwrap();
    (tim.dtim_count(), tim.dtim_period(), tim.multicast_buffered(), tim.aids().collect())
}

/// Runs until the next beacon has gone out and returns it with everything sent alongside.
fn next_beacon(h: &mut Harness) -> Vec<Transmit> {
    loop {
        assert!(h.fire_next(), "no timer pending");
        let tx = h.take_tx();
        if tx.iter().any(is_beacon) {
            return tx;
        }
    }
}

/// A data frame the AP sent, parsed: (Frame Control, A1, A2, A3, body).
fn data_of(t: &Transmit) -> (FrameControl, MacAddr, MacAddr, MacAddr, Vec<u8>) {
    let Ok(FrameRepr::Data(d)) = FrameRepr::parse(&t.frame) else { panic!("not a data frame: {t:?}") };
    let h = d.header;
    (h.frame_control, h.addr1, h.addr2.unwrap(), h.addr3.unwrap(), d.payload.to_vec())
}

/// Writes elements with a writer (for hand-made probe requests).
fn element_run(f: impl FnOnce(&mut ElementWriter<'_>)) -> Vec<u8> {
    let mut buf = vec![0u8; 512];
    let mut w = ElementWriter::new(&mut buf);
    f(&mut w);
    let n = w.position();
    buf.truncate(n);
    buf
}

/// Station-left event helper.
fn left(addr: MacAddr, reason: crate::wire::ReasonCode, by_ap: bool) -> EventKind {
    EventKind::StationLeft { addr, reason, by_ap }
}
