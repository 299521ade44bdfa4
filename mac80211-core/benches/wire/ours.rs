//! The work each benchmark does with softmac's own codec (`mac80211_core::wire`).
//!
//! Everything goes through the strict, checked entry points a receiver uses: `Frame::new_checked`,
//! `MgmtRepr::parse` / `DataRepr::parse` (which also checks the whole element run) and typed
//! element lookups (`ElementLookup::get` or `Elements::get`), whose parsers validate lengths and
//! values. Each function folds what it read into a `u64` so that nothing can be optimised away.

use mac80211_core::wire::element::{
    BssLoad, Country, CountryRepr, DsParams, ExtCapabilities, ExtCapabilitiesRepr, HtCapabilities,
    HtOperation, Rsn, RsnRepr, Ssid, SsidRepr, SupportedRates, SupportedRatesRepr, Tim, TimRepr, WmmParam,
};
use mac80211_core::wire::mgmt::Beacon;
use mac80211_core::wire::{
    CapabilityInfo, DataRepr, ElementId, ElementLookup, ElementType, ElementWriter, Elements, Error,
    ErrorKind, Frame, HeaderRepr, MacAddr, MgmtBody, MgmtRepr, Result,
};

/// Timestamp, Beacon Interval and Capability Information (802.11-2020 9.3.3.3).
const BEACON_FIXED_LEN: usize = 12;

fn addr(a: MacAddr) -> u64 {
    let [a0, a1, a2, a3, a4, a5] = a.0;
    u64::from_le_bytes([a0, a1, a2, a3, a4, a5, 0, 0])
}

fn missing() -> Error {
    Error::new(ErrorKind::BadValue, "element missing")
}

/// Typed lookups of elements the beacon must carry, by one of the two lookup APIs.
pub trait Lookup<'a> {
    /// The first element of type `E`.
    fn get<E: ElementType<'a>>(&mut self) -> Result<E>;
}

/// `ElementLookup`: lookups continue where the last one stopped (one walk for in-order lookups).
impl<'a> Lookup<'a> for ElementLookup<'a> {
    #[inline]
    fn get<E: ElementType<'a>>(&mut self) -> Result<E> {
        ElementLookup::get::<E>(self).unwrap_or_else(|| Err(missing()))
    }
}

/// `Elements::get`: every lookup walks from the first element, as the peer's does.
impl<'a> Lookup<'a> for Elements<'a> {
    #[inline]
    fn get<E: ElementType<'a>>(&mut self) -> Result<E> {
        Elements::get::<E>(self).unwrap_or_else(|| Err(missing()))
    }
}

fn get<'a, E: ElementType<'a>>(elements: &Elements<'a>) -> Result<E> {
    elements.get::<E>().unwrap_or_else(|| Err(missing()))
}

/// Header, fixed fields, then every element through its typed parser (11 lookups), with the
/// lookups done through `ElementLookup`.
pub fn parse_beacon(bytes: &[u8]) -> Result<u64> {
    parse_beacon_with(bytes, |e| e.lookup())
}

/// The same with `Elements::get` for each lookup.
pub fn parse_beacon_get(bytes: &[u8]) -> Result<u64> {
    parse_beacon_with(bytes, |e| e)
}

#[inline]
fn parse_beacon_with<'a, L: Lookup<'a>>(
    bytes: &'a [u8],
    lookup: impl FnOnce(Elements<'a>) -> L,
) -> Result<u64> {
    let frame = Frame::new_checked(bytes)?;
    let repr = MgmtRepr::parse(&frame)?;
    let MgmtBody::Beacon(beacon) = repr.body else {
        return Err(Error::new(ErrorKind::BadValue, "not a beacon"));
    };
    let h = repr.header;
    let mut acc = addr(h.addr1) ^ h.addr2.map_or(0, addr) ^ h.addr3.map_or(0, addr);
    acc += u64::from(h.seq_ctrl.map_or(0, |s| s.sequence()));
    acc += beacon.timestamp + u64::from(beacon.beacon_interval) + u64::from(beacon.capability.0);
    let mut e = lookup(beacon.elements);
    acc += ssid_rates_ds_tim(&mut e)?;
    acc += country_rsn_load(&mut e)?;
    acc += ht_ext_wmm(&mut e)?;
    Ok(acc)
}

fn ssid_rates_ds_tim<'a>(e: &mut impl Lookup<'a>) -> Result<u64> {
    let ssid = e.get::<Ssid>()?;
    let mut acc = ssid.as_bytes().len() as u64 + u64::from(ssid.as_bytes().first().copied().unwrap_or(0));
    for entry in e.get::<SupportedRates>()?.iter() {
        acc += u64::from(entry.octet());
    }
    acc += u64::from(e.get::<DsParams>()?.current_channel);
    let tim = e.get::<Tim>()?;
    acc += u64::from(tim.dtim_count()) + u64::from(tim.dtim_period()) + u64::from(tim.multicast_buffered());
    acc += u64::from(tim.partial_virtual_bitmap().is_empty());
    Ok(acc)
}

fn country_rsn_load<'a>(e: &mut impl Lookup<'a>) -> Result<u64> {
    let country = e.get::<Country>()?;
    let [c0, c1] = country.code();
    let mut acc = u64::from(c0) + u64::from(c1) + u64::from(country.environment());
    for t in country.triplets() {
        let [a, b, c] = t.to_bytes();
        acc += u64::from(a) + u64::from(b) + u64::from(c);
    }
    let rsn = e.get::<Rsn>()?;
    acc += u64::from(rsn.group_data_cipher().map_or(0, |s| s.value()));
    for s in rsn.pairwise_ciphers().into_iter().flatten() {
        acc += u64::from(s.value());
    }
    for s in rsn.akm_suites().into_iter().flatten() {
        acc += u64::from(s.value());
    }
    acc += u64::from(rsn.capabilities().map_or(0, |c| c.0));
    acc += u64::from(rsn.group_mgmt_cipher().map_or(0, |s| s.value()));
    let load = e.get::<BssLoad>()?;
    acc += u64::from(load.station_count)
        + u64::from(load.channel_utilization)
        + u64::from(load.available_admission_capacity);
    Ok(acc)
}

fn ht_ext_wmm<'a>(e: &mut impl Lookup<'a>) -> Result<u64> {
    let cap = e.get::<HtCapabilities>()?;
    let mut acc = u64::from(cap.cap_info.0) + u64::from(cap.ampdu_params.0) + u64::from(cap.ext_caps);
    acc += u64::from(cap.txbf_caps) + u64::from(cap.asel_caps) + u64::from(cap.supported_mcs.0[0]);
    let op = e.get::<HtOperation>()?;
    acc += u64::from(op.primary_channel) + u64::from(op.info.0[0]) + u64::from(op.basic_mcs.0[0]);
    let ext = e.get::<ExtCapabilities>()?;
    acc += ext.as_bytes().len() as u64 + u64::from(ext.bss_transition()) + u64::from(ext.has_bit(62));
    let wmm = e.get::<WmmParam>()?;
    acc += u64::from(wmm.version) + u64::from(wmm.qos_info.0);
    for ac in &wmm.ac {
        acc += u64::from(ac.aifsn()) + u64::from(ac.cw_min()) + u64::from(ac.txop_limit);
    }
    Ok(acc)
}

/// `Frame::new_checked` and `DataRepr::parse`, then addresses, QoS Control and sequence number.
pub fn parse_qos_data(bytes: &[u8]) -> Result<u64> {
    let frame = Frame::new_checked(bytes)?;
    let d = DataRepr::parse(&frame)?;
    let h = d.header;
    let mut acc = addr(h.addr1) ^ h.addr2.map_or(0, addr) ^ h.addr3.map_or(0, addr) ^ h.addr4.map_or(0, addr);
    acc += u64::from(h.qos_control.map_or(0, |q| q.tid()));
    acc += u64::from(h.seq_ctrl.map_or(0, |s| s.sequence()));
    acc += d.payload.len() as u64;
    Ok(acc)
}

/// A beacon to build: the header, fixed fields and owned element representations.
pub struct BeaconTemplate {
    header: HeaderRepr,
    timestamp: u64,
    beacon_interval: u16,
    capability: CapabilityInfo,
    ssid: SsidRepr,
    rates: SupportedRatesRepr,
    ds: DsParams,
    tim: TimRepr,
    country: CountryRepr,
    power_constraint: [u8; 1],
    rsn: RsnRepr,
    bss_load: BssLoad,
    operating_classes: Vec<u8>,
    ht_caps: HtCapabilities,
    ht_op: HtOperation,
    ext_caps: ExtCapabilitiesRepr,
    wmm: WmmParam,
}

impl BeaconTemplate {
    /// The values of a parsed beacon, as a transmitter would hold them.
    pub fn from_frame(bytes: &[u8]) -> Result<BeaconTemplate> {
        let frame = Frame::new_checked(bytes)?;
        let repr = MgmtRepr::parse(&frame)?;
        let MgmtBody::Beacon(b) = repr.body else {
            return Err(Error::new(ErrorKind::BadValue, "not a beacon"));
        };
        let e = b.elements;
        let raw = |id| e.find(id).map(|el| el.data().to_vec()).ok_or(Error::new(ErrorKind::BadValue, "raw"));
        let power = raw(ElementId::PowerConstraint)?;
        Ok(BeaconTemplate {
            header: repr.header,
            timestamp: b.timestamp,
            beacon_interval: b.beacon_interval,
            capability: b.capability,
            ssid: SsidRepr::parse(&get::<Ssid>(&e)?)?,
            rates: SupportedRatesRepr::parse(&get::<SupportedRates>(&e)?)?,
            ds: get::<DsParams>(&e)?,
            tim: TimRepr::parse(&get::<Tim>(&e)?)?,
            country: CountryRepr::parse(&get::<Country>(&e)?)?,
            power_constraint: [power[0]],
            rsn: RsnRepr::parse(&get::<Rsn>(&e)?)?,
            bss_load: get::<BssLoad>(&e)?,
            operating_classes: raw(ElementId::SupportedOperatingClasses)?,
            ht_caps: get::<HtCapabilities>(&e)?,
            ht_op: get::<HtOperation>(&e)?,
            ext_caps: ExtCapabilitiesRepr::parse(&get::<ExtCapabilities>(&e)?)?,
            wmm: get::<WmmParam>(&e)?,
        })
    }

    /// Writes the whole beacon into the start of `buf`; returns its length.
    pub fn emit(&self, buf: &mut [u8]) -> Result<usize> {
        let header_len = self.header.buffer_len();
        self.header.emit(&mut Frame::new_unchecked(&mut *buf));
        let mut body = Beacon::new_unchecked(&mut buf[header_len..]);
        body.set_timestamp(self.timestamp);
        body.set_beacon_interval(self.beacon_interval);
        body.set_capability(self.capability);
        let mut w = ElementWriter::new(body.elements_mut());
        w.write(&self.ssid)?;
        w.write(&self.rates)?;
        w.write(&self.ds)?;
        w.write(&self.tim)?;
        w.write(&self.country)?;
        w.write_raw(ElementId::PowerConstraint.value(), &self.power_constraint)?;
        w.write(&self.rsn)?;
        w.write(&self.bss_load)?;
        w.write_raw(ElementId::SupportedOperatingClasses.value(), &self.operating_classes)?;
        w.write(&self.ht_caps)?;
        w.write(&self.ht_op)?;
        w.write(&self.ext_caps)?;
        w.write(&self.wmm)?;
        Ok(header_len + BEACON_FIXED_LEN + w.position())
    }
}
