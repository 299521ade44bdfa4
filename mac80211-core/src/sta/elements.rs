//! The elements a station writes, and the facts it reads from an AP's elements.
//!
//! Probe Request (802.11-2020 9.3.3.10, Table 9-41 order): SSID, Supported Rates, Extended
//! Supported Rates, DS Parameter Set (2.4 GHz only, as mac80211 does: the element describes a
//! DSSS channel), HT Capabilities when the radio does HT.
//!
//! Association Request (9.3.3.6, Table 9-35 order): SSID, Supported Rates, Extended Supported
//! Rates, the RSN element on a protected BSS, HT Capabilities when both ends do HT, and the WMM
//! Information element (Wi-Fi Alliance WMM 2.2.1) when the AP advertised WMM.
//!
//! Our HT Capabilities describe a one-stream 20 MHz station: MCS 0-7, SM power save disabled,
//! no short guard interval, no 40 MHz; that is what the data path sends with.

use crate::channel::Band;
use crate::mac::rates;
use crate::wire::Elements;
use crate::wire::element::ht::{AmpduParams, HtCapInfo, McsSet};
use crate::wire::element::ssid::SSID_MAX_LEN;
use crate::wire::element::wmm::WmmQosInfo;
use crate::wire::element::{
    DsParams, ElementId, EmitElement, ExtSupportedRates, HtCapabilities, Rate, SupportedRates, WmmInfo,
    WmmParam, push_element, split_rates,
};

/// Appends one element. Every element written here is bounded well under 255 octets (SSIDs
/// are checked to be at most 32 when a command arrives), so writing cannot fail.
fn push(ies: &mut Vec<u8>, element: &(impl EmitElement + ?Sized)) {
    let written = push_element(ies, element);
    debug_assert!(written.is_ok(), "bounded element");
}

/// SSID element. SSIDs are checked to be at most 32 octets when a command arrives; a longer
/// one is cut rather than trusted.
fn push_ssid(ies: &mut Vec<u8>, ssid: &[u8]) {
    let ssid = &ssid[..ssid.len().min(SSID_MAX_LEN)];
    ies.push(ElementId::Ssid.value());
    ies.push(ssid.len() as u8);
    ies.extend_from_slice(ssid);
}

/// Supported Rates and, past eight rates, Extended Supported Rates of `band`.
fn push_rates(ies: &mut Vec<u8>, band: Band) {
    if let Ok((sup, ext)) = split_rates(&rates::advertised(band)) {
        push(ies, &sup);
        if let Some(ext) = ext {
            push(ies, &ext);
        }
    }
}

/// Our HT Capabilities: one spatial stream, 20 MHz, MCS 0-7.
pub(super) fn own_ht_capabilities() -> HtCapabilities {
    let mut mcs = [0u8; 16];
    mcs[0] = 0xff; // Rx MCS 0-7
    mcs[12] = 0x01; // Tx MCS Set Defined, equal to Rx
    HtCapabilities {
        cap_info: HtCapInfo(0x000c), // SM Power Save disabled
        ampdu_params: AmpduParams(0),
        supported_mcs: McsSet(mcs),
        ext_caps: 0,
        txbf_caps: 0,
        asel_caps: 0,
    }
}

/// The elements of a Probe Request for `ssid` (empty: wildcard) on channel number
/// `channel` of `band`.
pub(super) fn probe_request(ssid: &[u8], band: Band, channel: Option<u8>, ht: bool) -> Vec<u8> {
    let mut ies = Vec::with_capacity(64);
    push_ssid(&mut ies, ssid);
    push_rates(&mut ies, band);
    if let (Band::Ghz2_4, Some(current_channel)) = (band, channel) {
        push(&mut ies, &DsParams { current_channel });
    }
    if ht {
        push(&mut ies, &own_ht_capabilities());
    }
    ies
}

/// The elements of an Association Request.
pub(super) fn assoc_request(ssid: &[u8], band: Band, rsne: Option<&[u8]>, ht: bool, wmm: bool) -> Vec<u8> {
    let mut ies = Vec::with_capacity(96);
    push_ssid(&mut ies, ssid);
    push_rates(&mut ies, band);
    if let Some(rsne) = rsne {
        ies.extend_from_slice(rsne);
    }
    if ht {
        push(&mut ies, &own_ht_capabilities());
    }
    if wmm {
        // Version 1, no U-APSD (we do not do power save).
        push(&mut ies, &WmmInfo { version: 1, qos_info: WmmQosInfo(0) });
    }
    ies
}

/// The element run advertises HT (a well-formed HT Capabilities element).
pub(super) fn has_ht(ies: Elements<'_>) -> bool {
    matches!(ies.get::<HtCapabilities>(), Some(Ok(_)))
}

/// The element run advertises WMM (a well-formed WMM Parameter or Information element).
pub(super) fn has_wmm(ies: Elements<'_>) -> bool {
    matches!(ies.get::<WmmParam>(), Some(Ok(_))) || matches!(ies.get::<WmmInfo>(), Some(Ok(_)))
}

/// The element run holds a well-formed WMM Parameter element (an AP granting QoS).
pub(super) fn has_wmm_param(ies: Elements<'_>) -> bool {
    matches!(ies.get::<WmmParam>(), Some(Ok(_)))
}

/// The rates of Supported Rates and Extended Supported Rates, 500 kb/s units, basic bit
/// cleared, selectors skipped; malformed elements contribute nothing.
pub(super) fn rates_of(ies: Elements<'_>) -> Vec<u8> {
    let mut out = Vec::new();
    if let Some(Ok(sup)) = ies.get::<SupportedRates>() {
        out.extend(sup.rates().map(Rate::units));
    }
    if let Some(Ok(ext)) = ies.get::<ExtSupportedRates>() {
        out.extend(ext.rates().map(Rate::units));
    }
    out
}

#[cfg(test)]
mod test {
    use super::*;

    #[test]
    fn probe_request_layout() {
        let ies = probe_request(b"net", Band::Ghz2_4, Some(6), true);
        let e = Elements::new(&ies);
        let ids: Vec<ElementId> = e.iter().map(|x| x.unwrap().id()).collect();
        assert_eq!(
            ids,
            [
                ElementId::Ssid,
                ElementId::SupportedRates,
                ElementId::ExtSupportedRates,
                ElementId::DsParams,
                ElementId::HtCapabilities
            ]
        );
        assert_eq!(e.get::<DsParams>().unwrap().unwrap().current_channel, 6);
        assert_eq!(rates_of(e), rates::RATES_2GHZ);
        // 5 GHz: OFDM rates only, no DS Parameter Set, no HT on a legacy radio.
        let ies = probe_request(b"", Band::Ghz5, Some(36), false);
        let e = Elements::new(&ies);
        assert_eq!(e.iter().count(), 2);
        assert_eq!(rates_of(e), rates::RATES_5GHZ);
    }

    #[test]
    fn assoc_request_layout() {
        let ies = assoc_request(b"net", Band::Ghz2_4, None, true, true);
        let e = Elements::new(&ies);
        assert!(has_ht(e) && has_wmm(e) && !has_wmm_param(e));
        let ht = e.get::<HtCapabilities>().unwrap().unwrap();
        assert!(ht.supported_mcs.supports_rx_mcs(7) && !ht.supported_mcs.supports_rx_mcs(8));
        let plain = assoc_request(b"net", Band::Ghz2_4, None, false, false);
        assert!(!has_ht(Elements::new(&plain)) && !has_wmm(Elements::new(&plain)));
    }
}
