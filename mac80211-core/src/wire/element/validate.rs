//! Strict validation of one element against the standard (802.11-2020 9.4.2).
//!
//! [`validate`] runs the typed parser for every element this codec types, and for other
//! elements whose body has one fixed length in 802.11-2020 it checks that length. Elements with
//! neither (variable, vendor-defined or unknown) pass: nothing in the standard bounds them
//! beyond the element header, which the iterator already checked. Receivers use this to decide
//! whether a frame is well-formed before acting on it; decoders to report `malformed`.

use super::{
    BssLoad, Country, DsParams, Element, ElementId, ElementType, ExtCapabilities, ExtElementId,
    ExtSupportedRates, HeCapabilities, HeOperation, HtCapabilities, HtOperation, MeshId, Rsn, Ssid,
    SupportedRates, Tim, VendorSpecific, VhtCapabilities, VhtOperation, WmmInfo, WmmParam, Wpa,
};
use crate::wire::{Error, ErrorKind, Result};

/// Checks `element` against its typed parser or its fixed body length.
pub fn validate(element: Element<'_>) -> Result<()> {
    let id = element.id();
    match id {
        ElementId::Ssid => Ssid::parse(element).map(drop),
        ElementId::SupportedRates => SupportedRates::parse(element).map(drop),
        ElementId::ExtSupportedRates => ExtSupportedRates::parse(element).map(drop),
        ElementId::DsParams => DsParams::parse(element).map(drop),
        ElementId::Tim => Tim::parse(element).map(drop),
        ElementId::Country => Country::parse(element).map(drop),
        ElementId::BssLoad => BssLoad::parse(element).map(drop),
        ElementId::Rsn => Rsn::parse(element).map(drop),
        ElementId::HtCapabilities => HtCapabilities::parse(element).map(drop),
        ElementId::HtOperation => HtOperation::parse(element).map(drop),
        ElementId::VhtCapabilities => VhtCapabilities::parse(element).map(drop),
        ElementId::VhtOperation => VhtOperation::parse(element).map(drop),
        ElementId::ExtCapabilities => ExtCapabilities::parse(element).map(drop),
        ElementId::MeshId => MeshId::parse(element).map(drop),
        ElementId::VendorSpecific => validate_vendor(element),
        ElementId::Extension => validate_extension(element),
        _ => match fixed_body_len(id) {
            Some(len) if element.data().len() != len => Err(Error::new(ErrorKind::BadLength, id_name(id))),
            _ => Ok(()),
        },
    }
}

fn validate_vendor(element: Element<'_>) -> Result<()> {
    VendorSpecific::parse(element)?;
    if Wpa::matches(&element) {
        Wpa::parse(element)?;
    } else if WmmInfo::matches(&element) {
        WmmInfo::parse(element)?;
    } else if WmmParam::matches(&element) {
        WmmParam::parse(element)?;
    }
    Ok(())
}

fn validate_extension(element: Element<'_>) -> Result<()> {
    match element.ext_id() {
        Some(ExtElementId::HeCapabilities) => HeCapabilities::parse(element).map(drop),
        Some(ExtElementId::HeOperation) => HeOperation::parse(element).map(drop),
        _ => Ok(()),
    }
}

/// The body length 802.11-2020 fixes for an element without a typed parser, if it fixes one.
pub fn fixed_body_len(id: ElementId) -> Option<usize> {
    Some(match id {
        ElementId::CfParams => 6,
        ElementId::IbssParams => 2,
        ElementId::PowerConstraint => 1,
        ElementId::PowerCapability => 2,
        ElementId::TpcReport => 2,
        ElementId::ChannelSwitch => 3,
        ElementId::Quiet => 6,
        ElementId::Erp => 1,
        ElementId::QosCapability => 1,
        ElementId::MobilityDomain => 3,
        ElementId::TimeoutInterval => 5,
        ElementId::ExtChannelSwitch => 4,
        ElementId::SecondaryChannelOffset => 1,
        ElementId::Antenna => 1,
        ElementId::Rcpi => 1,
        ElementId::Rsni => 1,
        ElementId::RmEnabledCapabilities => 5,
        ElementId::BssCoexistence2040 => 1,
        ElementId::ObssScanParams => 14,
        ElementId::BssMaxIdlePeriod => 3,
        ElementId::LinkId => 18,
        ElementId::MeshConfiguration => 7,
        ElementId::ExtBssLoad => 6,
        ElementId::WideBandwidthChannelSwitch => 3,
        ElementId::Aid => 2,
        ElementId::OperatingModeNotification => 1,
        _ => return None,
    })
}

/// A static description for length errors (the open enum's name is not `'static` for unknowns,
/// but every ID in the fixed-length table is named).
fn id_name(id: ElementId) -> &'static str {
    id.name().unwrap_or("element")
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn el(id: u8, data: &[u8]) -> Element<'_> {
        Element::new(id, data)
    }

    #[test]
    fn fixed_lengths_enforced() {
        assert!(validate(el(72, &[1])).is_ok());
        // 20/40 BSS Coexistence of 16 octets, as in wifite2__handshake_not_exists.cap.
        let err = validate(el(72, &[0; 16])).unwrap_err();
        assert_eq!((err.kind(), err.field()), (ErrorKind::BadLength, "20/40 BSS Coexistence"));
        assert!(validate(el(74, &[0; 14])).is_ok());
        assert!(validate(el(74, &[0; 13])).is_err());
    }

    #[test]
    fn typed_elements_use_their_parser() {
        assert!(validate(el(0, &[b'a'; 33])).is_err());
        assert!(validate(el(3, &[6])).is_ok());
        assert!(validate(el(3, &[6, 7])).is_err());
        assert!(validate(el(221, &[0, 0x50])).is_err());
        assert!(validate(el(221, &[0, 0x50, 0xf2])).is_ok());
    }

    #[test]
    fn unknown_and_variable_elements_pass() {
        assert!(validate(el(200, &[1, 2, 3])).is_ok());
        assert!(validate(el(16, &[0; 128])).is_ok());
        assert!(validate(el(255, &[200, 1, 2])).is_ok());
    }

    proptest! {
        #[test]
        fn never_panics(id: u8, ext in prop_oneof![Just(35u8), Just(36), any::<u8>()],
                        bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            // For ID 255 put the extension IDs this codec types first, so their parsers run.
            let data = if id == 255 { [&[ext][..], &bytes].concat() } else { bytes };
            let e = el(id, &data);
            if let (Some(len), Ok(())) = (fixed_body_len(e.id()), validate(e)) {
                prop_assert_eq!(len, data.len());
            }
        }
    }
}
