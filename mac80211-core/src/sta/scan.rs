//! Scanning (802.11-2020 11.1.4; mac80211 software scan, `net/mac80211/scan.c`).
//!
//! A [`Scan`] visits its channels in order. On each it asks the MAC for the channel
//! ([`Cx::request_channel`]) and stays `dwell`:
//!
//! - **Active** (11.1.4.3, SSIDs given): after a short random probe delay it sends one Probe
//!   Request per SSID (the empty SSID is the wildcard) to the broadcast address with the
//!   wildcard BSSID, then listens for the rest of the dwell (default 30 ms, mac80211's
//!   `IEEE80211_PROBE_DELAY` + `IEEE80211_CHANNEL_TIME` budget). The delay (at most
//!   [`PROBE_JITTER_MAX`], drawn from the interface's seeded stream) keeps stations that scan
//!   together from colliding, as mac80211's probe delay does.
//! - **Passive** (11.1.4.2, no SSIDs): listens only, `passive_dwell` (default 110 ms,
//!   `IEEE80211_PASSIVE_CHANNEL_TIME`).
//!
//! Results arrive as Beacons and Probe Responses, which feed the BSS table whether a scan runs
//! or not. After the last channel the MAC returns to the home channel (if an interface, this
//! one included, holds one) and `ScanDone` reports the table's size.
//!
//! `ScanStarted` and `ScanDone` both carry the scan's [`ScanScope`], fixed by [`Scan::new`]:
//! the channels it will visit and the SSIDs it probes for, which nl80211 repeats in its scan
//! notifications so that a listener knows what the results cover.
//!
//! One radio, several interfaces: when another interface holds a channel (a running AP, a
//! connected station), only that channel can be granted; the scan leaves out the channels it
//! would be refused and thus scans just the shared one (a channel refused later, when another
//! interface starts holding one mid-scan, is skipped). A connected station scans off-channel and
//! returns; it does not park the AP with a power-save null frame first (the MAC queues radio
//! changes ahead of frames, so such a frame would leave on the wrong channel), so frames the
//! AP sends meanwhile may be lost.

use super::elements;
use super::{Station, Timer};
use crate::mac::cx::Cx;
use crate::mac::{CommandError, ScanRequest, ScanScope, StaTuning};
use crate::time::Duration;
use crate::timer::TimerTable;
use crate::wire::element::ssid::SSID_MAX_LEN;
use crate::wire::mgmt::{MgmtBody, ProbeReqRepr};
use crate::wire::{Elements, MacAddr};

/// Longest random delay before the probe requests on a channel.
pub(super) const PROBE_JITTER_MAX: Duration = Duration::from_millis(2);
/// Most SSIDs one scan probes for (Linux drivers advertise `max_scan_ssids`; hwsim 255).
pub(super) const MAX_SCAN_SSIDS: usize = 16;

/// A scan in progress.
#[derive(Debug)]
pub(crate) struct Scan {
    /// Channels to visit, in order (supported channels, as the radio names them), and SSIDs to
    /// probe for (none for a passive scan).
    scope: ScanScope,
    /// Index of the next channel to visit.
    next: usize,
    /// Time on each channel.
    dwell: Duration,
}

impl Scan {
    /// Checks a request and prepares the scan: every SSID at most 32 octets, at most
    /// [`MAX_SCAN_SSIDS`], every channel supported by the radio (empty: all of them). Channels
    /// another interface's channel rules out now are left out of the scope.
    pub fn new(cx: &Cx<'_>, req: ScanRequest, tuning: &StaTuning) -> Result<Scan, CommandError> {
        if req.ssids.len() > MAX_SCAN_SSIDS {
            return Err(CommandError::Invalid("too many SSIDs"));
        }
        if req.ssids.iter().any(|s| s.len() > SSID_MAX_LEN) {
            return Err(CommandError::Invalid("SSID longer than 32 octets"));
        }
        let supported = cx.supported_channels();
        let mut channels = if req.channels.is_empty() {
            supported.to_vec()
        } else {
            req.channels
                .iter()
                .map(|want| supported.iter().find(|c| c.freq == want.freq).copied())
                .collect::<Option<Vec<_>>>()
                .ok_or(CommandError::Invalid("channel not supported by the radio"))?
        };
        channels.retain(|&ch| cx.channel_available(ch));
        let dwell = if req.ssids.is_empty() {
            req.passive_dwell.unwrap_or(tuning.passive_dwell)
        } else {
            req.active_dwell.unwrap_or(tuning.active_dwell)
        };
        Ok(Scan { scope: ScanScope { channels, ssids: req.ssids }, next: 0, dwell })
    }

    /// What the scan covers.
    pub fn scope(&self) -> &ScanScope {
        &self.scope
    }

    /// Probing (active) rather than listening (passive).
    pub fn is_active(&self) -> bool {
        !self.scope.ssids.is_empty()
    }

    /// Tunes to the next channel this interface may use and arms the dwell (and probe)
    /// timers; false when no channel is left.
    pub fn visit_next(&mut self, cx: &mut Cx<'_>, timers: &mut TimerTable<Timer>) -> bool {
        while let Some(&ch) = self.scope.channels.get(self.next) {
            self.next += 1;
            if !cx.request_channel(ch) {
                continue;
            }
            if self.is_active() {
                let cap = PROBE_JITTER_MAX.as_micros().min(self.dwell.as_micros() / 4);
                let delay = Duration::from_micros(cx.rng.below(cap + 1));
                timers.set(Timer::ScanProbe, cx.now + delay);
            }
            timers.set(Timer::ScanDwell, cx.now + self.dwell);
            return true;
        }
        false
    }

    /// Sends one broadcast Probe Request per SSID on the current channel.
    pub fn send_probes(&self, cx: &mut Cx<'_>) {
        let ch = cx.channel();
        let band = cx.radio.band();
        for ssid in &self.scope.ssids {
            let ies = elements::probe_request(ssid, band, ch.number(), cx.radio_ht());
            let body = MgmtBody::ProbeReq(ProbeReqRepr { elements: Elements::new(&ies) });
            cx.send_mgmt_here(MacAddr::BROADCAST, MacAddr::BROADCAST, body);
        }
    }
}

impl Station {
    /// A unicast Probe Request to the AP for the link's SSID (link supervision).
    pub(super) fn probe_ap(cx: &mut Cx<'_>, bssid: MacAddr, ssid: &[u8]) -> u64 {
        let ies = elements::probe_request(ssid, cx.radio.band(), cx.channel().number(), cx.radio_ht());
        let body = MgmtBody::ProbeReq(ProbeReqRepr { elements: Elements::new(&ies) });
        cx.send_mgmt(bssid, bssid, body)
    }
}
