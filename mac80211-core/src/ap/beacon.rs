//! Beacons: the TBTT schedule, the BSS template shared by beacons and responses, and the TIM.
//!
//! # Schedule (802.11-2020 11.1.3.2)
//!
//! The AP's TSF starts at zero when the AP starts ([`TbttClock`]); Target Beacon Transmission
//! Times fall at every multiple of the beacon interval (in TU of 1024 µs), TBTT 0 being the
//! start itself. One beacon goes out per TBTT, its Timestamp the TSF at the moment it is
//! queued. When the caller wakes us late, TBTTs already past are skipped, never sent in a
//! burst; the DTIM count is a function of the TBTT number, so skipping keeps it in step.
//!
//! # DTIM count (9.4.2.5)
//!
//! TBTT `n` carries DTIM count `(period - 1) - n mod period`: the first beacon counts down from
//! `period - 1` and every `period`-th beacon is a DTIM (count 0), as mac80211's
//! `__ieee80211_beacon_add_tim` does. Group-addressed frames buffered while stations doze are
//! sent right after a DTIM beacon whose TIM has the multicast bit set.
//!
//! # Template (9.3.3.2 Table 9-27, 9.3.3.10)
//!
//! Fixed fields: Timestamp, Beacon Interval, Capability (ESS; Short Slot Time on 2.4 GHz; QoS,
//! since this AP always runs WMM as hostapd does by default). Elements in the order of Table
//! 9-27: SSID (zero length when hidden, as hostapd's `ignore_broadcast_ssid=1`), Supported
//! Rates, DS Parameter Set, TIM, Extended Supported Rates, HT Capabilities and HT Operation
//! (when the radio does HT), and last the WMM Parameter element (vendor specific). A Probe
//! Response carries the same minus the TIM, with the real SSID. The parts that never change
//! are encoded once at start: `head` (rates and DS) and `tail` (the rest after the TIM).
//! No Country or ERP element is sent.

use super::Ap;
use crate::channel::Band;
use crate::mac::cx::Cx;
use crate::mac::rates;
use crate::time::{Duration, Instant};
use crate::wire::element::ht::{AmpduParams, HtCapInfo, HtOpInfo, McsSet};
use crate::wire::element::{
    DsParams, EmitElement, HtCapabilities, HtOperation, RateEntry, SsidRepr, TimRepr, WmmParam, push_element,
    split_rates,
};
use crate::wire::mgmt::{BeaconRepr, CapabilityInfo, MgmtBody};
use crate::wire::{Elements, MacAddr};

/// TBTTs and the TSF of one AP.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TbttClock {
    /// TSF zero.
    start: Instant,
    /// Beacon interval.
    interval: Duration,
    /// DTIM period, in beacon intervals (1..=255).
    dtim_period: u8,
}

impl TbttClock {
    /// A clock whose TSF is zero at `start`.
    pub fn new(start: Instant, interval_tu: u16, dtim_period: u8) -> TbttClock {
        TbttClock {
            start,
            interval: Duration::from_tu(u64::from(interval_tu)),
            dtim_period: dtim_period.max(1),
        }
    }

    /// The TSF at `now`, in microseconds.
    pub fn tsf(&self, now: Instant) -> u64 {
        (now - self.start).as_micros()
    }

    /// The number of the last TBTT at or before `now`.
    pub fn index_at(&self, now: Instant) -> u64 {
        // Validation keeps the interval at 15 TU or more, so the division is defined.
        self.tsf(now) / self.interval.as_micros().max(1)
    }

    /// When TBTT `n` falls.
    pub fn time_of(&self, n: u64) -> Instant {
        self.start + self.interval.saturating_mul(n)
    }

    /// The DTIM count carried by the beacon of TBTT `n`.
    pub fn dtim_count(&self, n: u64) -> u8 {
        let period = u64::from(self.dtim_period);
        (period - 1 - n % period) as u8
    }

    /// The DTIM period.
    pub fn dtim_period(&self) -> u8 {
        self.dtim_period
    }
}

/// What this BSS advertises: fixed fields and the pre-encoded element runs.
#[derive(Clone, Debug)]
pub(crate) struct BssTemplate {
    /// Capability Information.
    pub capability: CapabilityInfo,
    /// Beacon interval, TU.
    pub beacon_interval: u16,
    /// The SSID element as beacons carry it (empty when hidden).
    beacon_ssid: SsidRepr,
    /// The SSID element with the real SSID.
    ssid: SsidRepr,
    /// Supported Rates and DS Parameter Set.
    head: Vec<u8>,
    /// Extended Supported Rates, HT Capabilities, HT Operation, WMM Parameter.
    tail: Vec<u8>,
    /// Supported Rates and Extended Supported Rates, for (re)association responses.
    rates: Vec<u8>,
    /// HT Capabilities and HT Operation (empty when the radio is not HT).
    ht: Vec<u8>,
    /// The WMM Parameter element.
    wmm: Vec<u8>,
    /// Basic rates, 500 kb/s units.
    pub basic_rates: Vec<u8>,
}

/// Appends an element whose size is fixed by construction (SSID ≤ 32 octets, ≤ 8 + 4 rates,
/// fixed-size HT and WMM elements), so the writer cannot fail.
fn push(out: &mut Vec<u8>, element: &impl EmitElement) {
    let _ = push_element(out, element);
}

impl BssTemplate {
    /// The template for an AP with `ssid` on channel `number` of `band`; a protected BSS
    /// passes its RSN element (header included), which goes after the rates (Table 9-32) and
    /// sets Privacy in the Capability Information.
    pub fn new(
        ssid: &[u8],
        hidden: bool,
        interval: u16,
        band: Band,
        number: u8,
        ht: bool,
        rsne: Option<&[u8]>,
    ) -> BssTemplate {
        let advertised = rates::advertised(band);
        let basic_rates = rates::rate_units(advertised.iter().copied().filter(is_basic));
        // `advertised` holds 8 or 12 entries, within what split_rates accepts.
        let (sup, ext) = split_rates(&advertised).unwrap_or_default();
        let mut cap = CapabilityInfo::ESS | CapabilityInfo::QOS;
        if band == Band::Ghz2_4 {
            cap |= CapabilityInfo::SHORT_SLOT_TIME;
        }
        let mut head = Vec::with_capacity(16);
        push(&mut head, &sup);
        push(&mut head, &DsParams { current_channel: number });
        let mut rates = Vec::with_capacity(16);
        push(&mut rates, &sup);
        let mut ht_elements = Vec::new();
        if ht {
            push(&mut ht_elements, &ht_capabilities());
            push(&mut ht_elements, &ht_operation(number));
        }
        let mut wmm = Vec::new();
        push(&mut wmm, &WmmParam::ap_default());
        let mut tail = Vec::with_capacity(96);
        if let Some(ext) = ext {
            push(&mut tail, &ext);
            push(&mut rates, &ext);
        }
        if let Some(rsne) = rsne {
            cap |= CapabilityInfo::PRIVACY;
            tail.extend_from_slice(rsne);
        }
        tail.extend_from_slice(&ht_elements);
        tail.extend_from_slice(&wmm);
        let ssid_repr = SsidRepr::new(ssid).unwrap_or_default();
        BssTemplate {
            capability: CapabilityInfo(cap),
            beacon_interval: interval,
            beacon_ssid: if hidden { SsidRepr::default() } else { ssid_repr },
            ssid: ssid_repr,
            head,
            tail,
            rates,
            ht: ht_elements,
            wmm,
            basic_rates,
        }
    }

    /// The elements of a beacon with this TIM.
    pub fn beacon_elements(&self, tim: &TimRepr) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 + 32 + self.head.len() + 2 + tim.buffer_len() + self.tail.len());
        push(&mut out, &self.beacon_ssid);
        out.extend_from_slice(&self.head);
        push(&mut out, tim);
        out.extend_from_slice(&self.tail);
        out
    }

    /// The elements of a probe response: the beacon's without the TIM, with the real SSID.
    pub fn probe_response_elements(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(2 + 32 + self.head.len() + self.tail.len());
        push(&mut out, &self.ssid);
        out.extend_from_slice(&self.head);
        out.extend_from_slice(&self.tail);
        out
    }

    /// The elements of a (re)association response: rates, then HT and WMM when granted.
    pub fn assoc_response_elements(&self, success: bool, qos: bool) -> Vec<u8> {
        let mut out = self.rates.clone();
        if success {
            out.extend_from_slice(&self.ht);
            if qos {
                out.extend_from_slice(&self.wmm);
            }
        }
        out
    }

    /// The SSID.
    pub fn ssid(&self) -> &[u8] {
        self.ssid.as_bytes()
    }
}

fn is_basic(e: &RateEntry) -> bool {
    e.rate().is_some_and(|r| r.is_basic())
}

/// HT Capabilities of this AP: 20 MHz, one spatial stream (MCS 0-7), SM power save disabled,
/// no short GI (the data path sends MCS 7 with the long GI), 64 KiB A-MPDU limit. These are
/// hostapd's defaults (`ht_capab` empty) on a single-stream radio.
pub(crate) fn ht_capabilities() -> HtCapabilities {
    let mut mcs = [0u8; 16];
    mcs[0] = 0xff; // RX MCS 0-7
    mcs[12] = 0x01; // TX MCS set defined, equal to RX
    HtCapabilities {
        cap_info: HtCapInfo(0x000c), // SM Power Save: disabled
        ampdu_params: AmpduParams(0x03),
        supported_mcs: McsSet(mcs),
        ext_caps: 0,
        txbf_caps: 0,
        asel_caps: 0,
    }
}

/// HT Operation of a 20 MHz BSS on channel `primary` with no protection needed.
pub(crate) fn ht_operation(primary: u8) -> HtOperation {
    HtOperation { primary_channel: primary, info: HtOpInfo([0; 5]), basic_mcs: McsSet([0; 16]) }
}

impl Ap {
    /// The TBTT timer fired: send this TBTT's beacon, the group frames held for a DTIM, and
    /// arm the next TBTT.
    pub(super) fn on_tbtt(&mut self, cx: &mut Cx<'_>) {
        let n = self.tbtt.index_at(cx.now);
        self.send_beacon(cx, n);
        self.timers.set(super::ApTimer::Tbtt, self.tbtt.time_of(n + 1));
    }

    /// Queues the beacon of TBTT `n` (when the radio is on our channel).
    pub(super) fn send_beacon(&mut self, cx: &mut Cx<'_>, n: u64) {
        // The AP holds its channel, so channel arbitration keeps the radio there; should it
        // ever be elsewhere, a beacon there would advertise a BSS that is not on that channel.
        if cx.channel() != self.config.channel {
            return;
        }
        let dtim_count = self.tbtt.dtim_count(n);
        let dtim = dtim_count == 0;
        let multicast = dtim && self.ps.group_buffered();
        // Every AID in the set is at most 2007, so from_aids cannot fail.
        let Ok(tim) = TimRepr::from_aids(dtim_count, self.tbtt.dtim_period(), multicast, self.ps.tim_aids())
        else {
            return;
        };
        let elements = self.bss.beacon_elements(&tim);
        let body = BeaconRepr {
            timestamp: self.tbtt.tsf(cx.now),
            beacon_interval: self.bss.beacon_interval,
            capability: self.bss.capability,
            elements: Elements::new(&elements),
        };
        cx.send_mgmt(MacAddr::BROADCAST, cx.addr, MgmtBody::Beacon(body));
        if dtim {
            self.ps.release_group(cx);
        }
    }

    /// Answers a probe request from `to` (the caller decided it deserves an answer).
    /// Answers a probe request from `to`; `unacked` for a broadcast wildcard request (see
    /// [`Cx::send_mgmt_unacked`]).
    pub(super) fn send_probe_response(&mut self, cx: &mut Cx<'_>, to: MacAddr, unacked: bool) {
        let elements = self.bss.probe_response_elements();
        let body = BeaconRepr {
            timestamp: self.tbtt.tsf(cx.now),
            beacon_interval: self.bss.beacon_interval,
            capability: self.bss.capability,
            elements: Elements::new(&elements),
        };
        let body = MgmtBody::ProbeResp(body);
        if unacked {
            cx.send_mgmt_unacked(to, cx.addr, body);
        } else {
            cx.send_mgmt(to, cx.addr, body);
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{ExtSupportedRates, Ssid, SupportedRates, Tim};

    #[test]
    fn tbtts_are_multiples_of_the_interval() {
        let c = TbttClock::new(Instant::from_millis(5), 100, 3);
        assert_eq!(c.time_of(0), Instant::from_millis(5));
        assert_eq!(c.time_of(2), Instant::from_micros(5_000 + 204_800));
        assert_eq!(c.index_at(Instant::from_micros(5_000 + 102_399)), 0);
        assert_eq!(c.index_at(Instant::from_micros(5_000 + 102_400)), 1);
        assert_eq!(c.tsf(Instant::from_millis(6)), 1000);
        let counts: Vec<u8> = (0..7).map(|n| c.dtim_count(n)).collect();
        assert_eq!(counts, [2, 1, 0, 2, 1, 0, 2]);
        assert_eq!(TbttClock::new(Instant::ZERO, 100, 1).dtim_count(5), 0);
    }

    #[test]
    fn template_orders_elements_and_hides_the_ssid() {
        let t = BssTemplate::new(b"net", true, 100, Band::Ghz2_4, 6, true, None);
        let tim = TimRepr::from_aids(1, 2, false, []).unwrap();
        let beacon = t.beacon_elements(&tim);
        let els = Elements::new(&beacon);
        let ids: Vec<u8> = els.iter().map(|e| e.unwrap().raw_id()).collect();
        assert_eq!(ids, [0, 1, 3, 5, 50, 45, 61, 221]);
        assert!(els.get::<Ssid>().unwrap().unwrap().is_wildcard());
        assert_eq!(els.get::<Tim>().unwrap().unwrap().partial_virtual_bitmap(), &[0]);
        let probe = t.probe_response_elements();
        let els = Elements::new(&probe);
        let ids: Vec<u8> = els.iter().map(|e| e.unwrap().raw_id()).collect();
        assert_eq!(ids, [0, 1, 3, 50, 45, 61, 221]);
        assert_eq!(els.get::<Ssid>().unwrap().unwrap().as_bytes(), b"net");
        assert_eq!(
            els.get::<SupportedRates>().unwrap().unwrap().as_bytes(),
            [0x82, 0x84, 0x8b, 0x96, 12, 18, 24, 36]
        );
        assert_eq!(els.get::<ExtSupportedRates>().unwrap().unwrap().as_bytes(), [48, 72, 96, 108]);
        assert_eq!(t.basic_rates, [2, 4, 11, 22]);
        assert_eq!(
            t.capability.0,
            CapabilityInfo::ESS | CapabilityInfo::QOS | CapabilityInfo::SHORT_SLOT_TIME
        );
    }

    #[test]
    fn no_beacon_off_channel() {
        use crate::mac::cx::{Outputs, RadioState};
        use crate::mac::testing::ch;
        use crate::mac::{ApConfig, VifId, VifStats};
        let mut out = Outputs::default();
        let mut radio = RadioState {
            current: ch(1),
            holders: Default::default(),
            supported: vec![ch(1), ch(6)],
            ht: true,
            hw_crypto: false,
        };
        let (mut rng, mut stats, mut seq) = (crate::rand::Rng::new(1), VifStats::default(), 0);
        let mut cx = Cx {
            now: Instant::ZERO,
            vif: VifId(0),
            addr: MacAddr([2, 0, 0, 0, 0, 1]),
            rng: &mut rng,
            stats: &mut stats,
            seq: &mut seq,
            out: &mut out,
            radio: &mut radio,
        };
        let mut ap = Ap::start(&mut cx, ApConfig::new(b"net", ch(6))).unwrap();
        assert_eq!(cx.out.pending_frames(), 1, "TBTT 0 on channel 6");
        cx.radio.current = ch(1);
        cx.now = ap.tbtt.time_of(1);
        ap.on_tbtt(&mut cx);
        assert_eq!(cx.out.pending_frames(), 1, "nothing on channel 1");
        assert_eq!(ap.next_timeout(), Some(ap.tbtt.time_of(2)), "the schedule goes on");
    }

    #[test]
    fn five_ghz_template_without_ht() {
        let t = BssTemplate::new(b"net", false, 100, Band::Ghz5, 36, false, None);
        let probe = t.probe_response_elements();
        let ids: Vec<u8> = Elements::new(&probe).iter().map(|e| e.unwrap().raw_id()).collect();
        assert_eq!(ids, [0, 1, 3, 221]);
        assert_eq!(t.basic_rates, [12, 24, 48]);
        assert_eq!(t.capability.0, CapabilityInfo::ESS | CapabilityInfo::QOS);
        let assoc = t.assoc_response_elements(true, false);
        assert_eq!(Elements::new(&assoc).iter().count(), 1);
    }
}
