//! The same work done with the `ieee80211` crate (0.5.9), the benchmark peer.
//!
//! Frames are matched with its `match_frames!` and elements read with
//! `ReadElements::get_first_element::<T>()` for every element type it has a type for (SSID,
//! Supported Rates, DS Parameter Set, TIM, RSN, BSS Load, HT Capabilities, HT Operation). It has
//! no type for Country, Extended Capabilities or WMM, so those three are looked up raw
//! (`get_first_element_raw`) and their fields read straight from the octets, which checks less
//! than softmac's typed parsers do. Its parsing is lenient (a cut element list still parses).

use core::marker::PhantomData;
use ieee80211::common::CapabilitiesInformation;
use ieee80211::data_frame::DataFrame;
use ieee80211::elements::element_chain::{ChainElement, ElementChainEnd};
use ieee80211::elements::ht::{HTCapabilitiesElement, HTOperationElement};
use ieee80211::elements::rates::SupportedRatesElement;
use ieee80211::elements::rsn::RsnElement;
use ieee80211::elements::tim::TIMElement;
use ieee80211::elements::{
    BSSLoadElement, DSSSParameterSetElement, ElementID, RawIEEE80211Element, ReadElements, SSIDElement,
    VendorSpecificElement,
};
use ieee80211::mac_parser::MACAddress;
use ieee80211::match_frames;
use ieee80211::mgmt_frame::body::BeaconBody;
use ieee80211::mgmt_frame::{BeaconFrame, ManagementFrameHeader};
use ieee80211::scroll::{self, Pread, Pwrite};

/// WMM Parameter element: Microsoft OUI, type 2 (WMM), subtype 1 (Parameter).
const WMM_PARAM_PREFIX: &[u8] = &[0x00, 0x50, 0xf2, 0x02, 0x01];
const COUNTRY: ElementID = ElementID::Id(7);
const POWER_CONSTRAINT: ElementID = ElementID::Id(32);
const OPERATING_CLASSES: ElementID = ElementID::Id(59);
const EXT_CAPABILITIES: ElementID = ElementID::Id(127);

fn addr(a: MACAddress) -> u64 {
    let [a0, a1, a2, a3, a4, a5] = *a;
    u64::from_le_bytes([a0, a1, a2, a3, a4, a5, 0, 0])
}

fn missing() -> scroll::Error {
    scroll::Error::BadInput { size: 0, msg: "element missing" }
}

/// Header, fixed fields, then every element it types, plus raw lookups for the other three.
pub fn parse_beacon(bytes: &[u8]) -> Result<u64, scroll::Error> {
    match_frames! {
        bytes,
        beacon = BeaconFrame => {
            let h = beacon.header;
            let mut acc = addr(h.receiver_address) ^ addr(h.transmitter_address) ^ addr(h.bssid);
            acc += u64::from(h.sequence_control.sequence_number());
            acc += beacon.timestamp + u64::from(beacon.beacon_interval);
            acc += u64::from(beacon.capabilities_info.into_bits());
            let e = beacon.elements;
            acc += ssid_rates_ds_tim(e)?;
            acc += country_rsn_load(e)?;
            acc += ht_ext_wmm(e)?;
            acc
        }
    }
}

fn ssid_rates_ds_tim(e: ReadElements<'_>) -> Result<u64, scroll::Error> {
    let ssid = e.get_first_element::<SSIDElement>().ok_or_else(missing)?;
    let mut acc = ssid.ssid().len() as u64 + u64::from(ssid.ssid().as_bytes().first().copied().unwrap_or(0));
    let rates = e.get_first_element::<SupportedRatesElement>().ok_or_else(missing)?;
    for r in rates.supported_rates {
        acc += u64::from(r.into_bits());
    }
    acc += u64::from(e.get_first_element::<DSSSParameterSetElement>().ok_or_else(missing)?.current_channel);
    let tim = e.get_first_element::<TIMElement>().ok_or_else(missing)?;
    acc += u64::from(tim.dtim_count) + u64::from(tim.dtim_period);
    if let Some(bitmap) = tim.bitmap {
        acc += u64::from(bitmap.traffic_indicator());
        acc += u64::from(bitmap.is_empty());
    }
    Ok(acc)
}

fn country_rsn_load(e: ReadElements<'_>) -> Result<u64, scroll::Error> {
    let country = e.get_first_element_raw(COUNTRY).ok_or_else(missing)?.slice;
    let mut acc: u64 = country.iter().take(3).map(|&b| u64::from(b)).sum();
    for t in country.get(3..).unwrap_or_default().chunks_exact(3) {
        acc += u64::from(t[0]) + u64::from(t[1]) + u64::from(t[2]);
    }
    let rsn = e.get_first_element::<RsnElement>().ok_or_else(missing)?;
    acc += u64::from(rsn.group_data_cipher_suite.map_or(0, |s| s.cipher_suite_selector()));
    for s in rsn.pairwise_cipher_suite_list.into_iter().flatten() {
        acc += u64::from(s.cipher_suite_selector());
    }
    for s in rsn.akm_list.into_iter().flatten() {
        acc += u64::from(s.cipher_suite_selector());
    }
    acc += u64::from(rsn.rsn_capbilities.map_or(0, |c| c.into_bits()));
    acc += u64::from(rsn.group_management_cipher_suite.map_or(0, |s| s.cipher_suite_selector()));
    let load = e.get_first_element::<BSSLoadElement>().ok_or_else(missing)?;
    acc += u64::from(load.station_count)
        + u64::from(load.channel_utilization)
        + u64::from(load.available_admission_capacity);
    Ok(acc)
}

fn ht_ext_wmm(e: ReadElements<'_>) -> Result<u64, scroll::Error> {
    let cap = e.get_first_element::<HTCapabilitiesElement>().ok_or_else(missing)?;
    let mut acc =
        u64::from(cap.ht_capabilities_info.into_bits()) + u64::from(cap.ampdu_parameters.into_bits());
    acc += u64::from(cap.extended_capabilities.into_bits());
    acc += u64::from(cap.transmit_beamforming_capabilities.into_bits());
    acc += u64::from(cap.asel_capability.into_bits());
    acc += u64::from(cap.supported_mcs_set.supported_rx_mcs_set[0]);
    let op = e.get_first_element::<HTOperationElement>().ok_or_else(missing)?;
    acc += u64::from(op.primary_channel) + u64::from(op.basic_ht_mcs_set.supported_rx_mcs_set[0]);
    let ext = e.get_first_element_raw(EXT_CAPABILITIES).ok_or_else(missing)?.slice;
    acc += ext.len() as u64 + u64::from(ext.get(2).is_some_and(|b| b & 0x08 != 0));
    let wmm = e
        .get_first_element_raw(ElementID::VendorSpecific { prefix: WMM_PARAM_PREFIX })
        .ok_or_else(missing)?
        .slice;
    for ac in wmm.get(8..).unwrap_or_default().chunks_exact(4) {
        acc +=
            u64::from(ac[0] & 0x0f) + u64::from(ac[1] & 0x0f) + u64::from(u16::from_le_bytes([ac[2], ac[3]]));
    }
    Ok(acc)
}

/// Its data frame parse, then addresses, QoS Control and sequence number.
pub fn parse_qos_data(bytes: &[u8]) -> Result<u64, scroll::Error> {
    match_frames! {
        bytes,
        data = DataFrame => {
            let h = data.header;
            let mut acc = addr(h.address_1) ^ addr(h.address_2) ^ addr(h.address_3);
            acc ^= h.address_4.map_or(0, addr);
            acc += u64::from(h.qos.map_or(0, |q| q[0] & 0x0f));
            acc += u64::from(h.sequence_control.sequence_number());
            acc + data.payload.map_or(0, |p| p.len() as u64)
        }
    }
}

/// What the peer holds to build the beacon: its typed element values (raw ones where it has no
/// type), read once from the frame.
#[derive(Clone, Copy)]
pub struct BeaconParts<'a> {
    header: ManagementFrameHeader,
    timestamp: u64,
    beacon_interval: u16,
    capabilities: CapabilitiesInformation,
    ssid: SSIDElement<'a>,
    rates: SupportedRatesElement<'a>,
    ds: DSSSParameterSetElement,
    tim: TIMElement<'a>,
    country: RawIEEE80211Element<'a>,
    power_constraint: RawIEEE80211Element<'a>,
    rsn: RsnElement<'a>,
    bss_load: BSSLoadElement,
    operating_classes: RawIEEE80211Element<'a>,
    ht_caps: HTCapabilitiesElement,
    ht_op: HTOperationElement,
    ext_caps: RawIEEE80211Element<'a>,
    wmm: VendorSpecificElement<'a>,
}

impl<'a> BeaconParts<'a> {
    /// Reads the parts from a beacon.
    pub fn from_frame(bytes: &'a [u8]) -> Result<BeaconParts<'a>, scroll::Error> {
        let beacon: BeaconFrame<'a> = bytes.pread_with(0, false)?;
        let e = beacon.elements;
        let raw = |id| e.get_first_element_raw(id).ok_or_else(missing);
        Ok(BeaconParts {
            header: beacon.header,
            timestamp: beacon.timestamp,
            beacon_interval: beacon.beacon_interval,
            capabilities: beacon.capabilities_info,
            ssid: e.get_first_element::<SSIDElement>().ok_or_else(missing)?,
            rates: e.get_first_element::<SupportedRatesElement>().ok_or_else(missing)?,
            ds: e.get_first_element::<DSSSParameterSetElement>().ok_or_else(missing)?,
            tim: e.get_first_element::<TIMElement>().ok_or_else(missing)?,
            country: raw(COUNTRY)?,
            power_constraint: raw(POWER_CONSTRAINT)?,
            rsn: e.get_first_element::<RsnElement>().ok_or_else(missing)?,
            bss_load: e.get_first_element::<BSSLoadElement>().ok_or_else(missing)?,
            operating_classes: raw(OPERATING_CLASSES)?,
            ht_caps: e.get_first_element::<HTCapabilitiesElement>().ok_or_else(missing)?,
            ht_op: e.get_first_element::<HTOperationElement>().ok_or_else(missing)?,
            ext_caps: raw(EXT_CAPABILITIES)?,
            wmm: e.get_first_element::<VendorSpecificElement>().ok_or_else(missing)?,
        })
    }

    /// Chains the elements into a beacon and writes it into `buf`; returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize, scroll::Error> {
        let p = *self;
        let elements = ElementChainEnd::new(p.ssid)
            .append(p.rates)
            .append(p.ds)
            .append(p.tim)
            .append(p.country)
            .append(p.power_constraint)
            .append(p.rsn)
            .append(p.bss_load)
            .append(p.operating_classes)
            .append(p.ht_caps)
            .append(p.ht_op)
            .append(p.ext_caps)
            .append(p.wmm);
        let frame = BeaconFrame {
            header: p.header,
            body: BeaconBody {
                timestamp: p.timestamp,
                beacon_interval: p.beacon_interval,
                capabilities_info: p.capabilities,
                elements,
                _phantom: PhantomData,
            },
        };
        buf.pwrite_with(frame, 0, false)
    }
}
