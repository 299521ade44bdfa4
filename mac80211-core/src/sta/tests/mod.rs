//! Conversation tests of the station MLME: a [`Harness`] drives one MAC with a station
//! interface, the test plays the AP with frames built from the wire codec, and every
//! transmitted frame, event and radio request is asserted.

mod connect;
mod fuzz;
mod link;
mod scan;

use crate::channel::Channel;
use crate::mac::testing::{AP, Harness, OWN, ch, frames, mgmt};
use crate::mac::{Command, ConnectRequest, EventKind, RadioRequest, ScanRequest, ScanScope, Transmit};
use crate::time::{Duration, Instant};
use crate::wire::element::ht::{HtOpInfo, McsSet};
use crate::wire::element::{HtCapabilities, HtOperation, WmmParam, push_element};
use crate::wire::fc::flags;
use crate::wire::mgmt::{AssocRespRepr, BeaconRepr, CapabilityInfo, MgmtBody};
use crate::wire::{DataSubtype, Elements, FrameControl, HeaderRepr, MacAddr, SeqCtrl, StatusCode, Subtype};

/// One beacon interval of the test APs (100 TU).
pub(super) const BEACON: Duration = Duration::from_tu(100);

/// HT Capabilities an AP advertises (MCS 0-15, 20/40 MHz, short GI).
pub(super) fn ap_ht_caps() -> HtCapabilities {
    let mut mcs = [0u8; 16];
    mcs[0] = 0xff;
    mcs[1] = 0xff;
    HtCapabilities {
        cap_info: crate::wire::element::ht::HtCapInfo(0x006e),
        supported_mcs: McsSet(mcs),
        ..Default::default()
    }
}

/// What an AP adds to SSID/rates/DS: HT Capabilities and Operation, WMM Parameter.
pub(super) fn ht_wmm_ies(primary: u8) -> Vec<u8> {
    let mut ies = Vec::new();
    push_element(&mut ies, &ap_ht_caps()).unwrap();
    let op = HtOperation { primary_channel: primary, info: HtOpInfo([0; 5]), basic_mcs: McsSet([0; 16]) };
    push_element(&mut ies, &op).unwrap();
    push_element(&mut ies, &WmmParam::ap_default()).unwrap();
    ies
}

/// A beacon (or probe response to `OWN`) of `bssid` with extra elements after the basic ones.
pub(super) fn bss_frame(bssid: MacAddr, ssid: &[u8], channel: u8, extra: &[u8], probe_resp: bool) -> Vec<u8> {
    let mut ies = frames::elements(ssid, Some(channel));
    ies.extend_from_slice(extra);
    let body = BeaconRepr {
        timestamp: 0,
        beacon_interval: 100,
        capability: CapabilityInfo(CapabilityInfo::ESS),
        elements: Elements::new(&ies),
    };
    if probe_resp {
        frames::mgmt(bssid, OWN, bssid, MgmtBody::ProbeResp(body))
    } else {
        frames::mgmt(bssid, MacAddr::BROADCAST, bssid, MgmtBody::Beacon(body))
    }
}

/// A beacon of an HT/WMM AP.
pub(super) fn ht_beacon(bssid: MacAddr, ssid: &[u8], channel: u8) -> Vec<u8> {
    bss_frame(bssid, ssid, channel, &ht_wmm_ies(channel), false)
}

/// An Association Response with rates and `extra` elements.
pub(super) fn assoc_resp_with(bssid: MacAddr, status: StatusCode, aid: u16, extra: &[u8]) -> Vec<u8> {
    let mut ies = frames::elements(b"", None)[2..].to_vec();
    ies.extend_from_slice(extra);
    let body = AssocRespRepr {
        capability: CapabilityInfo(CapabilityInfo::ESS | CapabilityInfo::QOS),
        status,
        aid_field: aid | 0xc000,
        elements: Elements::new(&ies),
    };
    frames::mgmt(bssid, OWN, bssid, MgmtBody::AssocResp(body))
}

/// A From-DS data frame from the AP `bssid`: A1 = DA, A2 = BSSID, A3 = SA.
pub(super) fn from_ds(bssid: MacAddr, da: MacAddr, sa: MacAddr, seq: u16, msdu: &[u8]) -> Vec<u8> {
    let fc = FrameControl::new(Subtype::Data(DataSubtype::Data)).with_flag(flags::FROM_DS, true);
    let header = HeaderRepr {
        frame_control: fc,
        duration_id: 0,
        addr1: da,
        addr2: Some(bssid),
        addr3: Some(sa),
        seq_ctrl: Some(SeqCtrl::new(seq, 0)),
        addr4: None,
        qos_control: None,
        ht_control: None,
    };
    let mut out = vec![0; header.buffer_len() + msdu.len()];
    header.emit(&mut crate::wire::Frame::new_unchecked(&mut out[..]));
    let at = header.buffer_len();
    out[at..].copy_from_slice(msdu);
    out
}

/// Advances the harness to the absolute time `t`.
pub(super) fn advance_to(h: &mut Harness, t: Instant) {
    let d = t - h.now;
    h.advance(d);
}

/// One microsecond before `t`.
pub(super) fn just_before(t: Instant) -> Instant {
    Instant::from_micros(t.as_micros().saturating_sub(1))
}

/// The SetChannel requests so far, as channel numbers.
pub(super) fn channel_switches(h: &mut Harness) -> Vec<u8> {
    h.take_radio()
        .into_iter()
        .filter_map(|r| match r {
            RadioRequest::SetChannel(c) => c.number(),
            _ => None,
        })
        .collect()
}

/// Starts a scan and checks it was accepted.
pub(super) fn start_scan(h: &mut Harness, ssids: &[&[u8]], channels: &[Channel]) {
    let req = ScanRequest {
        ssids: ssids.iter().map(|s| s.to_vec()).collect(),
        channels: channels.to_vec(),
        ..ScanRequest::default()
    };
    h.command(Command::Scan(h.vif, req)).unwrap();
}

/// Every channel of the harness's radio, in its order.
pub(super) const ALL_CHANNELS: [u8; 3] = [1, 6, 11];

/// The scope scan events report for `channels` (numbers) probed for `ssids`.
pub(super) fn scope(ssids: &[&[u8]], channels: &[u8]) -> ScanScope {
    ScanScope {
        channels: channels.iter().map(|&n| chan(n)).collect(),
        ssids: ssids.iter().map(|s| s.to_vec()).collect(),
    }
}

/// `ScanStarted` with `scope`.
pub(super) fn scan_started(scope: &ScanScope) -> EventKind {
    EventKind::ScanStarted { scope: scope.clone() }
}

/// `ScanDone` with `scope`.
pub(super) fn scan_done(aborted: bool, bss_count: usize, scope: &ScanScope) -> EventKind {
    EventKind::ScanDone { aborted, bss_count, scope: scope.clone() }
}

/// Connect request for an SSID.
pub(super) fn connect_req(ssid: &[u8]) -> ConnectRequest {
    ConnectRequest { ssid: ssid.to_vec(), ..ConnectRequest::default() }
}

/// True when `t` is a management frame of the given kind.
pub(super) fn is(t: &Transmit, pred: impl Fn(&MgmtBody<'_>) -> bool) -> bool {
    crate::mac::testing::is_mgmt(t, pred)
}

/// Station connected to the HT/WMM AP "net" on channel 6, every output drained. Returns the
/// time the link came up.
pub(super) fn connected() -> (Harness, Instant) {
    let mut h = Harness::station();
    h.rx(&ht_beacon(AP, b"net", 6));
    h.command(Command::Connect(h.vif, connect_req(b"net"))).unwrap();
    h.take_tx_acked();
    h.rx(&frames::auth(AP, OWN, AP, 2, StatusCode::Success));
    h.take_tx_acked();
    h.rx(&assoc_resp_with(AP, StatusCode::Success, 1, &ht_wmm_ies(6)));
    let events = h.take_events();
    assert!(matches!(events.last(), Some(EventKind::Connected { .. })), "{events:?}");
    h.take_radio();
    h.take_tx();
    let at = h.now;
    (h, at)
}

/// Parses a transmitted management frame (re-exported for the submodules).
pub(super) fn parse(t: &Transmit) -> crate::wire::mgmt::MgmtRepr<'_> {
    mgmt(t)
}

/// Channel `n` of 2.4 GHz (re-exported for the submodules).
pub(super) fn chan(n: u8) -> Channel {
    ch(n)
}
