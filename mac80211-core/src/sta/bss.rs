//! The BSS table: what beacons and probe responses told us (cfg80211 `scan.c`,
//! 802.11-2020 11.1.4).
//!
//! Every Beacon and Probe Response a station hears updates the table, scanning or not, so the
//! entry of the AP we are connected to stays fresh. One entry per BSSID, ordered by BSSID so
//! listings are deterministic.
//!
//! - **Channel**: the DS Parameter Set's Current Channel (9.4.2.4) when it names a channel the
//!   radio supports in the band the frame was heard in, else the channel it was heard on. On
//!   2.4 GHz a beacon leaks into neighbouring channels; the DS element says where the BSS is.
//! - **Hidden SSIDs**: a beacon whose SSID element is empty or all zeros (11.1.3.1's "SSID
//!   not advertised") leaves the entry's SSID as it was: empty until a probe response to a
//!   directed probe request reveals the name, which then sticks.
//! - **Aging**: entries not heard for `bss_expiry` (30 s, `IEEE80211_SCAN_RESULT_EXPIRE`) are
//!   dropped when the expiry timer fires and when a scan ends, and never listed.
//! - **Size**: at most [`MAX_ENTRIES`] (cfg80211's `bss_entries_limit`); a new BSS beyond that
//!   replaces the one heard longest ago, so a flood of forged beacons cannot grow memory.

use super::{BssInfo, Station, Timer};
use crate::channel::Channel;
use crate::mac::cx::Cx;
use crate::mac::{ConnectRequest, RxInfo};
use crate::time::{Duration, Instant};
use crate::wire::element::{DsParams, Ssid};
use crate::wire::mgmt::{BeaconRepr, CapabilityInfo};
use crate::wire::{Elements, MacAddr};
use std::collections::BTreeMap;

/// Most BSS entries kept (cfg80211's default `bss_entries_limit`).
pub(super) const MAX_ENTRIES: usize = 1000;

/// The BSS table of one station.
#[derive(Debug, Default)]
pub(super) struct BssTable {
    entries: BTreeMap<MacAddr, BssInfo>,
}

/// What a Beacon or Probe Response says about its BSS.
pub(super) struct Heard<'a, 'b> {
    /// The BSSID (Address 3).
    pub bssid: MacAddr,
    /// The body.
    pub body: &'b BeaconRepr<'a>,
    /// A Probe Response (else a Beacon).
    pub probe_resp: bool,
    /// The channel it was heard on.
    pub heard_on: Channel,
    /// Its signal, dBm.
    pub signal_dbm: i8,
}

impl BssTable {
    /// Number of entries.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Records a Beacon or Probe Response heard at `now`; returns false when the frame was
    /// not usable (group or zero BSSID, malformed SSID element).
    pub fn update(&mut self, now: Instant, supported: &[Channel], heard: &Heard<'_, '_>) -> bool {
        if heard.bssid.is_multicast() || heard.bssid == MacAddr::ZERO {
            return false;
        }
        let elements = heard.body.elements;
        let ssid: &[u8] = match elements.get::<Ssid>() {
            None => &[],
            Some(Ok(s)) => s.as_bytes(),
            Some(Err(_)) => return false,
        };
        let channel = bss_channel(heard, supported);
        if !self.entries.contains_key(&heard.bssid) && self.entries.len() >= MAX_ENTRIES {
            self.evict_oldest();
        }
        let entry = self.entries.entry(heard.bssid).or_insert_with(|| BssInfo {
            bssid: heard.bssid,
            ssid: Vec::new(),
            channel,
            signal_dbm: heard.signal_dbm,
            beacon_interval_tu: 0,
            capability: 0,
            ies: Vec::new(),
            last_seen: now,
            tsf: 0,
            from_probe_response: false,
        });
        if !is_hidden(ssid) {
            entry.ssid.clear();
            entry.ssid.extend_from_slice(ssid);
        }
        entry.channel = channel;
        entry.signal_dbm = heard.signal_dbm;
        entry.beacon_interval_tu = heard.body.beacon_interval;
        entry.capability = heard.body.capability.0;
        entry.ies.clear();
        entry.ies.extend_from_slice(elements.as_bytes());
        entry.last_seen = now;
        entry.tsf = heard.body.timestamp;
        entry.from_probe_response = heard.probe_resp;
        true
    }

    /// Entries heard within `expiry` of `now`.
    pub fn fresh(&self, now: Instant, expiry: Duration) -> impl Iterator<Item = &BssInfo> {
        self.entries.values().filter(move |b| now.saturating_since(b.last_seen) < expiry)
    }

    /// Drops entries not heard within `expiry` of `now`.
    pub fn prune(&mut self, now: Instant, expiry: Duration) {
        self.entries.retain(|_, b| now.saturating_since(b.last_seen) < expiry);
    }

    /// When the entry heard longest ago was last heard.
    pub fn oldest(&self) -> Option<Instant> {
        self.entries.values().map(|b| b.last_seen).min()
    }

    /// The entry of `bssid`.
    pub fn get(&self, bssid: MacAddr) -> Option<&BssInfo> {
        self.entries.get(&bssid)
    }

    /// Fresh infrastructure BSSs matching a connect request: the BSSID when given (a hidden
    /// entry then matches whatever SSID was asked for), else the SSID; and the channel when
    /// given.
    fn candidates<'s>(
        &'s self,
        req: &'s ConnectRequest,
        now: Instant,
        expiry: Duration,
    ) -> impl Iterator<Item = &'s BssInfo> + 's {
        self.fresh(now, expiry).filter(move |b| {
            let ssid_ok = b.ssid == req.ssid || (req.bssid.is_some() && b.ssid.is_empty());
            CapabilityInfo(b.capability).ess()
                && ssid_ok
                && req.bssid.is_none_or(|want| want == b.bssid)
                && req.channel.is_none_or(|ch| ch.freq == b.channel.freq)
        })
    }

    /// The BSS to join for `req`: the strongest candidate on a channel `available` grants
    /// (ties go to the lowest BSSID, so the choice is deterministic).
    pub fn choose(
        &self,
        req: &ConnectRequest,
        now: Instant,
        expiry: Duration,
        available: impl Fn(Channel) -> bool,
    ) -> Choice {
        let mut best: Option<&BssInfo> = None;
        let mut blocked = false;
        let mut other_security = false;
        for bss in self.candidates(req, now, expiry) {
            if !security_matches(bss, req.credentials.is_some()) {
                other_security = true;
            } else if !available(bss.channel) {
                blocked = true;
            } else if best.is_none_or(|b| bss.signal_dbm > b.signal_dbm) {
                best = Some(bss);
            }
        }
        match best {
            Some(bss) => Choice::Found(bss.clone()),
            None if blocked => Choice::Blocked,
            None if other_security => Choice::WrongSecurity,
            None => Choice::Nothing,
        }
    }

    fn evict_oldest(&mut self) {
        let oldest = self.entries.values().min_by_key(|b| b.last_seen).map(|b| b.bssid);
        if let Some(bssid) = oldest {
            self.entries.remove(&bssid);
        }
    }
}

/// The outcome of choosing a BSS for a connect request.
#[derive(Debug)]
pub(super) enum Choice {
    /// The strongest matching BSS on a channel this interface may use.
    Found(BssInfo),
    /// Matching BSSs exist, but only on channels another interface keeps us from.
    Blocked,
    /// Matching BSSs exist, but none with the security asked for.
    WrongSecurity,
    /// No matching BSS.
    Nothing,
}

/// A BSS fits the request's security: WPA2-PSK with CCMP when credentials were given, else an
/// open BSS (no RSN element, Privacy clear: wpa_supplicant's `key_mgmt=NONE` match).
fn security_matches(bss: &BssInfo, protected: bool) -> bool {
    let ies = Elements::new(&bss.ies);
    if protected {
        crate::rsna::negotiate::bss_offers_wpa2_psk(ies)
    } else {
        bss.capability & CapabilityInfo::PRIVACY == 0 && crate::rsna::negotiate::find_rsne(ies).is_none()
    }
}

/// An SSID that does not name the network: empty, or all zero octets.
pub(super) fn is_hidden(ssid: &[u8]) -> bool {
    ssid.iter().all(|&b| b == 0)
}

/// The supported channel at `freq`, or a plain 20 MHz channel there.
pub(super) fn resolve(supported: &[Channel], freq: u16) -> Channel {
    supported.iter().find(|c| c.freq == freq).copied().unwrap_or(Channel::from_freq(freq))
}

/// The channel a BSS operates on: its DS Parameter Set's, when that is a supported channel of
/// the band the frame was heard in, else the channel it was heard on.
fn bss_channel(heard: &Heard<'_, '_>, supported: &[Channel]) -> Channel {
    let from_ds = match (heard.body.elements.get::<DsParams>(), heard.heard_on.band()) {
        (Some(Ok(ds)), Some(band)) => Channel::from_number(band, ds.current_channel),
        _ => None,
    };
    from_ds.and_then(|ch| supported.iter().find(|c| c.freq == ch.freq).copied()).unwrap_or(heard.heard_on)
}

impl Station {
    /// A Beacon or Probe Response: into the BSS table.
    pub(super) fn on_bss_frame(
        &mut self,
        cx: &mut Cx<'_>,
        rx: &RxInfo,
        bssid: MacAddr,
        body: &BeaconRepr<'_>,
        probe_resp: bool,
    ) {
        let heard_on = resolve(cx.supported_channels(), rx.freq);
        let heard = Heard { bssid, body, probe_resp, heard_on, signal_dbm: rx.signal_dbm };
        if self.bss.update(cx.now, cx.supported_channels(), &heard) && !self.timers.is_set(Timer::BssExpiry) {
            self.arm_bss_expiry();
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::channel::Band;
    use crate::wire::Elements;

    fn ch(n: u8) -> Channel {
        Channel::from_number(Band::Ghz2_4, n).unwrap()
    }

    fn heard<'a, 'b>(body: &'b BeaconRepr<'a>, bssid: u8, probe_resp: bool) -> Heard<'a, 'b> {
        Heard { bssid: MacAddr([2, 0, 0, 0, 0, bssid]), body, probe_resp, heard_on: ch(6), signal_dbm: -50 }
    }

    fn body(ies: &[u8]) -> BeaconRepr<'_> {
        BeaconRepr {
            timestamp: 0,
            beacon_interval: 100,
            capability: CapabilityInfo(CapabilityInfo::ESS),
            elements: Elements::new(ies),
        }
    }

    /// Table-driven: which channel an entry records.
    #[test]
    fn channel_policy() {
        let supported = [ch(1), ch(6), ch(11)];
        let cases: [(&[u8], Channel); 4] = [
            (&[0, 1, b'a', 3, 1, 11], ch(11)), // DS names a supported channel
            (&[0, 1, b'a'], ch(6)),            // no DS: where it was heard
            (&[0, 1, b'a', 3, 1, 3], ch(6)),   // DS channel not supported
            (&[0, 1, b'a', 3, 1, 99], ch(6)),  // DS channel does not exist
        ];
        for (ies, want) in cases {
            let b = body(ies);
            let mut t = BssTable::default();
            assert!(t.update(Instant::ZERO, &supported, &heard(&b, 1, false)));
            assert_eq!(t.get(MacAddr([2, 0, 0, 0, 0, 1])).unwrap().channel, want, "{ies:?}");
        }
    }

    /// Table-driven: hidden SSIDs never overwrite a learned one.
    #[test]
    fn hidden_ssid_policy() {
        let cases: [(&[u8], &[u8], &[u8]); 4] = [
            (&[0, 0], &[0, 3, b'n', b'e', b't'], b"net"), // hidden beacon, then probe response
            (&[0, 3, b'n', b'e', b't'], &[0, 0], b"net"), // known, then empty SSID
            (&[0, 3, b'n', b'e', b't'], &[0, 2, 0, 0], b"net"), // known, then zeros
            (&[0, 2, 0, 0], &[0, 2, 0, 0], b""),          // never revealed
        ];
        for (first, second, want) in cases {
            let mut t = BssTable::default();
            let (a, b) = (body(first), body(second));
            t.update(Instant::ZERO, &[], &heard(&a, 1, false));
            t.update(Instant::ZERO, &[], &heard(&b, 1, true));
            assert_eq!(t.get(MacAddr([2, 0, 0, 0, 0, 1])).unwrap().ssid, want);
        }
    }

    #[test]
    fn refuses_group_bssid_and_bad_ssid() {
        let good = body(&[0, 1, b'a']);
        let mut t = BssTable::default();
        let mut h = heard(&good, 1, false);
        h.bssid = MacAddr::BROADCAST;
        assert!(!t.update(Instant::ZERO, &[], &h));
        let long = [&[0u8, 33][..], &[b'x'; 33]].concat();
        let bad = body(&long);
        assert!(!t.update(Instant::ZERO, &[], &heard(&bad, 1, false)));
        assert_eq!(t.len(), 0);
    }

    #[test]
    fn full_table_evicts_the_oldest() {
        let b = body(&[0, 1, b'a']);
        let mut t = BssTable::default();
        for i in 0..MAX_ENTRIES {
            let mut h = heard(&b, 0, false);
            h.bssid = MacAddr([2, 0, 0, 0, (i >> 8) as u8, i as u8]);
            t.update(Instant::from_micros(i as u64 + 1), &[], &h);
        }
        let mut h = heard(&b, 0, false);
        h.bssid = MacAddr([2, 0, 0, 1, 0, 0]);
        t.update(Instant::from_millis(5000), &[], &h);
        assert_eq!(t.len(), MAX_ENTRIES);
        assert!(t.get(MacAddr([2, 0, 0, 0, 0, 0])).is_none());
        assert!(t.get(MacAddr([2, 0, 0, 1, 0, 0])).is_some());
    }

    /// Table-driven: which BSS a connect request chooses.
    #[test]
    fn choice_policy() {
        let ap = |n: u8| MacAddr([2, 0, 0, 0, 0, n]);
        let (net, other, hidden, ibss) = (
            [0u8, 3, b'n', b'e', b't', 3, 1, 1],
            [0u8, 3, b'o', b't', b'h', 3, 1, 6],
            [0u8, 0, 3, 1, 11],
            [0u8, 3, b'n', b'e', b't', 3, 1, 6],
        );
        let mut t = BssTable::default();
        let supported = [ch(1), ch(6), ch(11)];
        let entries: [(&[u8], u8, i8, u16); 5] = [
            (&net, 1, -60, CapabilityInfo::ESS),
            (&net, 2, -50, CapabilityInfo::ESS),
            (&other, 3, -10, CapabilityInfo::ESS),
            (&hidden, 4, -20, CapabilityInfo::ESS),
            (&ibss, 5, -5, CapabilityInfo::IBSS),
        ];
        for (ies, n, signal, cap) in entries {
            let mut b = body(ies);
            b.capability = CapabilityInfo(cap);
            let mut h = heard(&b, n, false);
            h.signal_dbm = signal;
            t.update(Instant::ZERO, &supported, &h);
        }
        let req = |ssid: &[u8], bssid: Option<u8>, channel: Option<u8>| ConnectRequest {
            ssid: ssid.to_vec(),
            bssid: bssid.map(ap),
            channel: channel.map(ch),
            credentials: None,
        };
        let all = |_: Channel| true;
        let only6 = |c: Channel| c == ch(6);
        type Available<'a> = &'a dyn Fn(Channel) -> bool;
        let cases: [(ConnectRequest, Available, Option<u8>, bool); 7] = [
            (req(b"net", None, None), &all, Some(2), false), // strongest ESS of the SSID
            (req(b"net", Some(1), None), &all, Some(1), false), // the BSSID asked for
            (req(b"x", Some(4), None), &all, Some(4), false), // hidden: any SSID with its BSSID
            (req(b"x", None, None), &all, None, false),      // hidden: not by SSID alone
            (req(b"net", None, Some(6)), &all, None, false), // the IBSS never
            (req(b"net", None, None), &only6, None, true),   // blocked by another interface
            (req(b"oth", None, None), &only6, Some(3), false), // on the shared channel
        ];
        for (r, available, want, blocked) in cases {
            match t.choose(&r, Instant::ZERO, Duration::from_secs(1), available) {
                Choice::Found(b) => assert_eq!(Some(b.bssid), want.map(ap), "{r:?}"),
                Choice::Blocked => assert!(blocked && want.is_none(), "{r:?}"),
                Choice::Nothing => assert!(!blocked && want.is_none(), "{r:?}"),
                Choice::WrongSecurity => panic!("{r:?}: every entry is open"),
            }
        }
        // Stale entries are never chosen.
        let late = Instant::from_millis(2000);
        assert!(matches!(
            t.choose(&req(b"net", None, None), late, Duration::from_secs(1), all),
            Choice::Nothing
        ));
    }
}
