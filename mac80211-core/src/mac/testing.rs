//! Test scaffolding for single-MAC conversation tests (compiled only for tests).
//!
//! [`Harness`] drives one [`Mac`] by hand: feed frames with [`Harness::rx`], advance virtual
//! time with [`Harness::advance`], and read what came out with `take_*`. [`frames`] builds the
//! frames a peer would send, from the wire codec's Reprs, so a test can play the AP to a station
//! or the station to an AP without a second state machine.
#![allow(dead_code, reason = "shared scaffolding: the station and AP tests each use part of it")]

use super::*;
use crate::channel::{Band, Channel};
use crate::time::Duration;
use crate::wire::mgmt::{MgmtBody, MgmtRepr};
use crate::wire::{Frame, MacAddr};

/// Address of the harness's own radio.
pub(crate) const OWN: MacAddr = MacAddr([0x02, 0, 0, 0, 0, 0x01]);
/// An AP's BSSID for station tests.
pub(crate) const AP: MacAddr = MacAddr([0x02, 0, 0, 0, 0x0a, 0x01]);
/// A second AP.
pub(crate) const AP2: MacAddr = MacAddr([0x02, 0, 0, 0, 0x0a, 0x02]);
/// A station's address for AP tests.
pub(crate) const STA: MacAddr = MacAddr([0x02, 0, 0, 0, 0x5a, 0x01]);
/// A second station.
pub(crate) const STA2: MacAddr = MacAddr([0x02, 0, 0, 0, 0x5a, 0x02]);

/// 2.4 GHz channel `n`.
pub(crate) fn ch(n: u8) -> Channel {
    Channel::from_number(Band::Ghz2_4, n).unwrap()
}

/// One MAC with one interface, driven by hand.
pub(crate) struct Harness {
    pub mac: Mac,
    pub now: Instant,
    pub vif: VifId,
    /// Frames drained from the MAC and not yet taken.
    tx: Vec<Transmit>,
    /// Radio requests drained from the MAC and not yet taken.
    radio: Vec<RadioRequest>,
    /// The channel the MAC last told the radio to tune to.
    tuned: Option<Channel>,
}

impl Harness {
    /// A MAC on channels 1, 6 and 11 with one interface of `kind`.
    pub fn new(kind: VifKind) -> Harness {
        let config = MacConfig::new(OWN, 7).with_channels(vec![ch(1), ch(6), ch(11)]);
        let mut mac = Mac::new(config);
        let now = Instant::ZERO;
        let vif = match mac.handle_command(now, Command::AddVif { kind, addr: None }) {
            Ok(CommandOutput::VifAdded(v)) => v,
            other => panic!("add vif: {other:?}"),
        };
        let mut h = Harness::from_mac(mac, vif);
        h.take_radio();
        h
    }

    /// A harness around an existing MAC and one of its interfaces, at time zero.
    pub fn from_mac(mac: Mac, vif: VifId) -> Harness {
        Harness { mac, now: Instant::ZERO, vif, tx: Vec::new(), radio: Vec::new(), tuned: None }
    }

    /// A station interface.
    pub fn station() -> Harness {
        Harness::new(VifKind::Station)
    }

    /// A started AP on channel 6 with SSID "test".
    pub fn ap() -> Harness {
        let mut h = Harness::new(VifKind::Ap);
        h.command(Command::StartAp(h.vif, ApConfig::new(b"test", ch(6)))).unwrap();
        h
    }

    /// Runs a command at the current time.
    pub fn command(&mut self, c: Command) -> Result<CommandOutput, CommandError> {
        self.mac.handle_command(self.now, c)
    }

    /// Receives `frame` on the current channel at -40 dBm.
    pub fn rx(&mut self, frame: &[u8]) {
        let info = RxInfo { freq: self.mac.channel().freq, signal_dbm: -40, rate: None, decrypted: false };
        self.mac.handle_rx(self.now, info, frame);
    }

    /// Receives `frame` with the given signal.
    pub fn rx_with_signal(&mut self, frame: &[u8], signal_dbm: i8) {
        let info = RxInfo { freq: self.mac.channel().freq, signal_dbm, rate: None, decrypted: false };
        self.mac.handle_rx(self.now, info, frame);
    }

    /// Advances time by `d`, firing every timeout on the way.
    pub fn advance(&mut self, d: Duration) {
        let end = self.now + d;
        while let Some(t) = self.mac.poll_timeout().filter(|&t| t <= end) {
            self.now = t.max(self.now);
            self.mac.handle_timeout(self.now);
        }
        self.now = end;
    }

    /// Jumps to the next deadline and fires it; returns false when there is none.
    pub fn fire_next(&mut self) -> bool {
        match self.mac.poll_timeout() {
            Some(t) => {
                self.now = t.max(self.now);
                self.mac.handle_timeout(self.now);
                true
            }
            None => false,
        }
    }

    /// Drains the MAC's ordered radio queue (requests and frames alternately) into the
    /// harness, checking that every frame comes out while the radio is on its channel.
    fn drain(&mut self) {
        loop {
            if let Some(t) = self.mac.poll_transmit() {
                let tuned = self.tuned;
                assert!(
                    tuned.is_none_or(|c| c == t.channel),
                    "frame for {:?} released on {:?}",
                    t.channel,
                    tuned
                );
                self.tx.push(t);
            } else if let Some(r) = self.mac.poll_radio() {
                if let RadioRequest::SetChannel(c) = r {
                    self.tuned = Some(c);
                }
                self.radio.push(r);
            } else {
                break;
            }
        }
    }

    /// Everything queued for the radio.
    pub fn take_tx(&mut self) -> Vec<Transmit> {
        self.drain();
        std::mem::take(&mut self.tx)
    }

    /// Every event so far (kinds only).
    pub fn take_events(&mut self) -> Vec<EventKind> {
        std::iter::from_fn(|| self.mac.poll_event()).map(|e| e.kind).collect()
    }

    /// Every radio request so far.
    pub fn take_radio(&mut self) -> Vec<RadioRequest> {
        self.drain();
        std::mem::take(&mut self.radio)
    }

    /// Every delivery so far.
    pub fn take_deliveries(&mut self) -> Vec<Delivered> {
        std::iter::from_fn(|| self.mac.poll_deliver()).collect()
    }

    /// Reports `t` as acknowledged.
    pub fn ack(&mut self, t: &Transmit) {
        self.mac.handle_tx_status(self.now, TxStatus { cookie: t.cookie, acked: true, retries: 0 });
    }

    /// Reports `t` as failed after `retries` retries.
    pub fn fail(&mut self, t: &Transmit, retries: u8) {
        self.mac.handle_tx_status(self.now, TxStatus { cookie: t.cookie, acked: false, retries });
    }

    /// Takes every queued frame, acknowledges each, and returns them.
    pub fn take_tx_acked(&mut self) -> Vec<Transmit> {
        let tx = self.take_tx();
        for t in &tx {
            self.ack(t);
        }
        tx
    }
}

/// Parses a transmitted management frame.
pub(crate) fn mgmt(t: &Transmit) -> MgmtRepr<'_> {
    MgmtRepr::parse(&Frame::new_checked(&t.frame[..]).unwrap()).unwrap()
}

/// Frames a peer would send.
pub(crate) mod frames {
    use crate::channel::Band;
    use crate::mac::rates;
    use crate::wire::element::{
        DsParams, ElementWriter, ExtSupportedRatesRepr, SsidRepr, SupportedRatesRepr, split_rates,
    };
    use crate::wire::mgmt::{
        AssocReqRepr, AssocRespRepr, AuthPayload, AuthRepr, BeaconRepr, CapabilityInfo, DeauthRepr, MgmtBody,
        ProbeReqRepr,
    };
    use crate::wire::{AuthAlgorithm, Elements, MacAddr, ReasonCode, StatusCode};

    /// Element bytes: SSID, rates of 2.4 GHz, and DS Parameter Set when `channel` is given.
    pub fn elements(ssid: &[u8], channel: Option<u8>) -> Vec<u8> {
        let mut buf = vec![0u8; 256];
        let mut w = ElementWriter::new(&mut buf);
        w.write(&SsidRepr::new(ssid).unwrap()).unwrap();
        let (sup, ext): (SupportedRatesRepr, Option<ExtSupportedRatesRepr>) =
            split_rates(&rates::advertised(Band::Ghz2_4)).unwrap();
        w.write(&sup).unwrap();
        if let Some(ch) = channel {
            w.write(&DsParams { current_channel: ch }).unwrap();
        }
        if let Some(ext) = ext {
            w.write(&ext).unwrap();
        }
        let n = w.position();
        buf.truncate(n);
        buf
    }

    /// A management frame from `from` to `to` in BSS `bssid`.
    pub fn mgmt(from: MacAddr, to: MacAddr, bssid: MacAddr, body: MgmtBody<'_>) -> Vec<u8> {
        use crate::wire::{FrameControl, HeaderRepr, SeqCtrl, Subtype};
        let header = HeaderRepr {
            frame_control: FrameControl::new(Subtype::Mgmt(body.subtype().unwrap())),
            duration_id: 0,
            addr1: to,
            addr2: Some(from),
            addr3: Some(bssid),
            seq_ctrl: Some(SeqCtrl::new(1, 0)),
            addr4: None,
            qos_control: None,
            ht_control: None,
        };
        let repr = crate::wire::mgmt::MgmtRepr { header, body };
        let mut out = vec![0; repr.buffer_len()];
        repr.emit(&mut out);
        out
    }

    /// A beacon of `bssid` on 2.4 GHz channel `channel`.
    pub fn beacon(bssid: MacAddr, ssid: &[u8], channel: u8) -> Vec<u8> {
        let ies = elements(ssid, Some(channel));
        let body = BeaconRepr {
            timestamp: 0,
            beacon_interval: 100,
            capability: CapabilityInfo(CapabilityInfo::ESS),
            elements: Elements::new(&ies),
        };
        mgmt(bssid, MacAddr::BROADCAST, bssid, MgmtBody::Beacon(body))
    }

    /// A probe response of `bssid` to `to`.
    pub fn probe_resp(bssid: MacAddr, to: MacAddr, ssid: &[u8], channel: u8) -> Vec<u8> {
        let ies = elements(ssid, Some(channel));
        let body = BeaconRepr {
            timestamp: 0,
            beacon_interval: 100,
            capability: CapabilityInfo(CapabilityInfo::ESS),
            elements: Elements::new(&ies),
        };
        mgmt(bssid, to, bssid, MgmtBody::ProbeResp(body))
    }

    /// A probe request from `from` for `ssid` (empty: wildcard).
    pub fn probe_req(from: MacAddr, ssid: &[u8]) -> Vec<u8> {
        let ies = elements(ssid, None);
        let body = ProbeReqRepr { elements: Elements::new(&ies) };
        mgmt(from, MacAddr::BROADCAST, MacAddr::BROADCAST, MgmtBody::ProbeReq(body))
    }

    /// An open-system Authentication frame.
    pub fn auth(from: MacAddr, to: MacAddr, bssid: MacAddr, seq: u16, status: StatusCode) -> Vec<u8> {
        let body = AuthRepr {
            algorithm: AuthAlgorithm::OpenSystem,
            transaction_seq: seq,
            status,
            payload: AuthPayload::Elements(Elements::new(&[])),
        };
        mgmt(from, to, bssid, MgmtBody::Auth(body))
    }

    /// An Association Request from a station.
    pub fn assoc_req(sta: MacAddr, bssid: MacAddr, ssid: &[u8]) -> Vec<u8> {
        let ies = elements(ssid, None);
        let body = AssocReqRepr {
            capability: CapabilityInfo(CapabilityInfo::ESS),
            listen_interval: 10,
            elements: Elements::new(&ies),
        };
        mgmt(sta, bssid, bssid, MgmtBody::AssocReq(body))
    }

    /// An Association Response from an AP.
    pub fn assoc_resp(bssid: MacAddr, sta: MacAddr, status: StatusCode, aid: u16) -> Vec<u8> {
        let ies = elements(b"", None);
        // Rates only: drop the SSID element the helper put first.
        let ies = ies[2..].to_vec();
        let body = AssocRespRepr {
            capability: CapabilityInfo(CapabilityInfo::ESS),
            status,
            aid_field: aid | 0xc000,
            elements: Elements::new(&ies),
        };
        mgmt(bssid, sta, bssid, MgmtBody::AssocResp(body))
    }

    /// A Deauthentication frame.
    pub fn deauth(from: MacAddr, to: MacAddr, bssid: MacAddr, reason: ReasonCode) -> Vec<u8> {
        mgmt(from, to, bssid, MgmtBody::Deauth(DeauthRepr { reason, elements: Elements::new(&[]) }))
    }

    /// A Disassociation frame.
    pub fn disassoc(from: MacAddr, to: MacAddr, bssid: MacAddr, reason: ReasonCode) -> Vec<u8> {
        mgmt(from, to, bssid, MgmtBody::Disassoc(DeauthRepr { reason, elements: Elements::new(&[]) }))
    }
}

/// True when the transmitted frame is a management frame of this body kind.
pub(crate) fn is_mgmt(t: &Transmit, pred: impl Fn(&MgmtBody<'_>) -> bool) -> bool {
    MgmtRepr::parse(&Frame::new_unchecked(&t.frame[..])).is_ok_and(|m| pred(&m.body))
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::mgmt::MgmtBody;

    #[test]
    fn frame_builders_parse_back() {
        for f in [
            frames::beacon(AP, b"net", 6),
            frames::probe_resp(AP, OWN, b"net", 6),
            frames::probe_req(STA, b""),
            frames::auth(STA, AP, AP, 1, crate::wire::StatusCode::Success),
            frames::assoc_req(STA, AP, b"net"),
            frames::assoc_resp(AP, STA, crate::wire::StatusCode::Success, 1),
            frames::deauth(AP, STA, AP, crate::wire::ReasonCode::DeauthLeaving),
        ] {
            let repr = MgmtRepr::parse(&Frame::new_checked(&f[..]).unwrap()).unwrap();
            assert!(!matches!(repr.body, MgmtBody::Unknown(_)));
        }
    }
}
