//! Which RSN a BSS offers and a station asks for (802.11-2020 12.6.3, 9.4.2.24).
//!
//! This MAC does one RSN configuration: WPA2-Personal, the PSK AKM (00-0F-AC:2) with CCMP-128
//! as both pairwise and group cipher, no management frame protection. An AP advertises exactly
//! [`RsnRepr::wpa2_psk_ccmp`] in beacons and probe responses and the station sends the same
//! element in its Association Request and in message 2.
//!
//! An AP checks the station's element as hostapd's `wpa_validate_wpa_ie` does and refuses the
//! association with the status code of the first thing that is wrong: no element or one that
//! does not parse → 40 (Invalid element) / 72 (Invalid RSNE); version → 44; group cipher → 41;
//! pairwise cipher (exactly one, CCMP-128) → 42; AKM (exactly one, PSK) → 43; MFP required →
//! 45 (Invalid RSNE capabilities, since we cannot protect management frames).
//!
//! A station joins a BSS only when the security it was given matches what the BSS advertises:
//! credentials need an RSN element offering PSK, CCMP-128 pairwise and CCMP-128 group; no
//! credentials need a BSS without the element and without the Privacy bit.

use crate::wire::element::rsn::{RSN_VERSION, Rsn, RsnRepr};
use crate::wire::element::suite::{AkmSuite, CipherSuite};
use crate::wire::element::{ElementId, push_element};
use crate::wire::{Elements, StatusCode};

/// Our RSN element, header included.
pub(crate) fn own_rsne() -> Vec<u8> {
    let mut ies = Vec::with_capacity(24);
    // A fixed 20-octet body: cannot exceed an element.
    let written = push_element(&mut ies, &RsnRepr::wpa2_psk_ccmp());
    debug_assert!(written.is_ok(), "bounded element");
    ies
}

/// The first RSN element in `ies`, header included, if any (the octets message 2 and 3 must
/// repeat exactly).
pub(crate) fn find_rsne(ies: Elements<'_>) -> Option<&[u8]> {
    let mut rest = ies.as_bytes();
    while let [id, len, tail @ ..] = rest {
        let total = 2 + usize::from(*len);
        if tail.len() < usize::from(*len) {
            return None;
        }
        if *id == ElementId::Rsn.value() {
            return Some(&rest[..total]);
        }
        rest = &rest[total..];
    }
    None
}

/// True when the RSN element body offers what we do (PSK, CCMP-128 pairwise and group).
pub(crate) fn bss_offers_wpa2_psk(ies: Elements<'_>) -> bool {
    let Some(e) = ies.find(ElementId::Rsn) else { return false };
    let Ok(rsn) = Rsn::from_body(e.body()) else { return false };
    // Absent fields take the standard's defaults: CCMP-128 ciphers, 802.1X AKM.
    let group = rsn.group_data_cipher().unwrap_or(CipherSuite::Ccmp128);
    let pairwise_ok = rsn.pairwise_ciphers().is_some_and(|l| l.iter().any(|c| c == CipherSuite::Ccmp128));
    let akm_ok = rsn.akm_suites().is_some_and(|l| l.iter().any(|a| a == AkmSuite::Psk));
    let mfp_required = rsn.capabilities().is_some_and(|c| c.mfpr());
    group == CipherSuite::Ccmp128 && pairwise_ok && akm_ok && !mfp_required
}

/// Checks a station's RSN element (header included) from its Association Request; the status
/// code to refuse it with otherwise.
pub(crate) fn check_station_rsne(rsne: Option<&[u8]>) -> Result<(), StatusCode> {
    let body = rsne.and_then(|e| e.get(2..)).ok_or(StatusCode::InvalidElement)?;
    if body.len() >= 2 && u16::from_le_bytes([body[0], body[1]]) != RSN_VERSION {
        return Err(StatusCode::UnsupportedRsneVersion);
    }
    let rsn = Rsn::from_body(body).map_err(|_| StatusCode::InvalidRsne)?;
    if rsn.group_data_cipher().is_some_and(|c| c != CipherSuite::Ccmp128) {
        return Err(StatusCode::InvalidGroupCipher);
    }
    let pairwise: Vec<CipherSuite> = rsn.pairwise_ciphers().map(|l| l.iter().collect()).unwrap_or_default();
    if pairwise != [CipherSuite::Ccmp128] {
        return Err(StatusCode::InvalidPairwiseCipher);
    }
    let akms: Vec<AkmSuite> = rsn.akm_suites().map(|l| l.iter().collect()).unwrap_or_default();
    if akms != [AkmSuite::Psk] {
        return Err(StatusCode::InvalidAkmp);
    }
    if rsn.capabilities().is_some_and(|c| c.mfpr()) {
        return Err(StatusCode::InvalidRsneCapabilities);
    }
    Ok(())
}

#[cfg(test)]
mod test {
    use super::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    #[test]
    fn own_element_is_hostapds_wpa2_psk_ccmp() {
        // linux-anchor.md §5: the WPA2-PSK/CCMP RSNE hostapd sends (capabilities 0 without WMM).
        assert_eq!(own_rsne(), hex("30140100000fac040100000fac040100000fac020000"));
        assert!(bss_offers_wpa2_psk(Elements::new(&own_rsne())));
        assert_eq!(check_station_rsne(Some(&own_rsne())), Ok(()));
    }

    #[test]
    fn station_elements_are_refused_with_the_status_of_the_first_fault() {
        let cases: [(&str, StatusCode); 6] = [
            ("3002 0200", StatusCode::UnsupportedRsneVersion),
            ("3014 0100 000fac02 0100 000fac04 0100 000fac02 0000", StatusCode::InvalidGroupCipher),
            ("3014 0100 000fac04 0100 000fac02 0100 000fac02 0000", StatusCode::InvalidPairwiseCipher),
            ("3014 0100 000fac04 0100 000fac04 0100 000fac08 0000", StatusCode::InvalidAkmp),
            ("3014 0100 000fac04 0100 000fac04 0100 000fac02 4000", StatusCode::InvalidRsneCapabilities),
            ("300b 0100 000fac04 0100 000f", StatusCode::InvalidRsne),
        ];
        for (ie, status) in cases {
            let ie = hex(&ie.replace(' ', ""));
            assert_eq!(check_station_rsne(Some(&ie)), Err(status), "{ie:02x?}");
        }
        assert_eq!(check_station_rsne(None), Err(StatusCode::InvalidElement));
    }

    #[test]
    fn finds_the_element_among_others() {
        let mut ies = hex("0003616263");
        ies.extend(own_rsne());
        ies.extend(hex("dd070050f202000100"));
        assert_eq!(find_rsne(Elements::new(&ies)), Some(&own_rsne()[..]));
        assert!(!bss_offers_wpa2_psk(Elements::new(&hex("0003616263"))));
    }
}
