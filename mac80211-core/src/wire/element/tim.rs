//! The Traffic Indication Map element (802.11-2020 9.4.2.5).
//!
//! Layout: DTIM Count (1), DTIM Period (1), Bitmap Control (1), Partial Virtual Bitmap (1..=251).
//! The full traffic-indication virtual bitmap has 2008 bits, one per AID 0..=2007, bit `aid % 8`
//! of octet `aid / 8`. An AP sends only octets N1..=N2 of it: N1 is even and is carried as
//! Bitmap Control bits 1-7 (N1 / 2), and N2 is implied by the element length. Bit 0 of Bitmap
//! Control says that group-addressed frames are buffered (meaningful in DTIM beacons).
//!
//! Contract: a body shorter than 4 octets is [`ErrorKind::BadLength`], as is a partial virtual
//! bitmap that runs past octet 250 (AID 2007). After that, [`Tim::is_aid_set`]
//! answers for any AID, returning `false` outside the transmitted window and beyond 2007.
//!
//! [`TimRepr::from_aids`] builds the shortest encoding for a set of AIDs: N1 is the largest even
//! number not above the first nonzero octet, N2 the last nonzero octet; with no AIDs the bitmap
//! is a single zero octet at offset 0. The representation is stored inline (no allocation), as
//! an AP rebuilds it for every beacon.

use super::cursor::{Reader, Writer};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// Highest AID the virtual bitmap covers.
pub const MAX_AID: u16 = 2007;
/// Octets in the full virtual bitmap.
pub const VIRTUAL_BITMAP_LEN: usize = 251;

/// Checks that a bitmap starting at octet `n1` with `len` octets stays inside the 251 octets.
#[inline]
fn check_window(n1: usize, len: usize) -> Result<()> {
    if len == 0 {
        return Err(Error::new(ErrorKind::BadLength, "TIM length below 4"));
    }
    if n1 + len > VIRTUAL_BITMAP_LEN {
        return Err(Error::new(ErrorKind::BadLength, "TIM partial virtual bitmap beyond AID 2007"));
    }
    Ok(())
}

/// True when bit `aid` of the virtual bitmap is set, given the window starting at octet `n1`.
fn window_has(n1: usize, pvb: &[u8], aid: u16) -> bool {
    let octet = usize::from(aid / 8);
    aid <= MAX_AID && octet >= n1 && pvb.get(octet - n1).is_some_and(|o| o & (1 << (aid % 8)) != 0)
}

/// A TIM element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tim<'a> {
    dtim_count: u8,
    dtim_period: u8,
    bitmap_control: u8,
    pvb: &'a [u8],
}

impl<'a> Tim<'a> {
    /// Reads an element body (at least 4 octets, the bitmap within AID 2007).
    #[inline]
    pub fn from_body(body: &'a [u8]) -> Result<Tim<'a>> {
        if body.len() < 4 {
            return Err(Error::new(ErrorKind::BadLength, "TIM length below 4"));
        }
        let mut r = Reader::new(body);
        let dtim_count = r.u8("TIM DTIM count")?;
        let dtim_period = r.u8("TIM DTIM period")?;
        let bitmap_control = r.u8("TIM bitmap control")?;
        let pvb = r.rest();
        check_window(usize::from(bitmap_control & 0xfe), pvb.len())?;
        Ok(Tim { dtim_count, dtim_period, bitmap_control, pvb })
    }

    /// Beacons until the next DTIM (0: this beacon is a DTIM).
    #[inline]
    pub fn dtim_count(&self) -> u8 {
        self.dtim_count
    }

    /// Beacon intervals between DTIMs.
    #[inline]
    pub fn dtim_period(&self) -> u8 {
        self.dtim_period
    }

    /// Raw Bitmap Control octet.
    #[inline]
    pub fn bitmap_control(&self) -> u8 {
        self.bitmap_control
    }

    /// Group-addressed traffic buffered at the AP (Bitmap Control bit 0).
    #[inline]
    pub fn multicast_buffered(&self) -> bool {
        self.bitmap_control & 1 != 0
    }

    /// N1: index in the full virtual bitmap of the first octet carried (always even).
    #[inline]
    pub fn bitmap_offset(&self) -> usize {
        usize::from(self.bitmap_control & 0xfe)
    }

    /// The partial virtual bitmap: octets N1..=N2 of the full bitmap.
    #[inline]
    pub fn partial_virtual_bitmap(&self) -> &'a [u8] {
        self.pvb
    }

    /// True when traffic is buffered for `aid` (false outside the carried window or above 2007).
    #[inline]
    pub fn is_aid_set(&self, aid: u16) -> bool {
        window_has(self.bitmap_offset(), self.pvb, aid)
    }

    /// Iterates over the AIDs whose bit is set, in increasing order.
    pub fn aids(&self) -> impl Iterator<Item = u16> + 'a {
        // The window check in `from_body` keeps every index below 2008, so it fits in u16.
        let base = self.bitmap_offset() * 8;
        self.pvb.iter().enumerate().flat_map(move |(i, &o)| {
            (0..8u16).filter(move |b| o & (1 << b) != 0).map(move |b| (base + i * 8) as u16 + b)
        })
    }
}

impl<'a> ElementType<'a> for Tim<'a> {
    const ID: ElementId = ElementId::Tim;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        Tim::from_body(element.body())
    }
}

impl EmitElement for Tim<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Tim
    }
    #[inline]
    fn body_len(&self) -> usize {
        3 + self.pvb.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf).u8(self.dtim_count).u8(self.dtim_period).u8(self.bitmap_control).bytes(self.pvb);
    }
}

impl fmt::Debug for Tim<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Tim")
            .field("dtim_count", &self.dtim_count)
            .field("dtim_period", &self.dtim_period)
            .field("multicast", &self.multicast_buffered())
            .field("aids", &DebugAids(*self))
            .finish()
    }
}

struct DebugAids<'a>(Tim<'a>);

impl fmt::Debug for DebugAids<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.0.aids()).finish()
    }
}

/// An owned TIM element, stored inline.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct TimRepr {
    /// Beacons until the next DTIM.
    pub dtim_count: u8,
    /// Beacon intervals between DTIMs.
    pub dtim_period: u8,
    // Invariants: 1 <= pvb_len, (bitmap_control & 0xfe) + pvb_len <= 251, and every octet of
    // `pvb` past `pvb_len` is zero so the derived comparisons see only the element.
    bitmap_control: u8,
    pvb_len: u8,
    pvb: [u8; VIRTUAL_BITMAP_LEN],
}

impl TimRepr {
    /// The shortest TIM for the given buffered AIDs (each at most 2007, or `BadValue`).
    pub fn from_aids(
        dtim_count: u8,
        dtim_period: u8,
        multicast: bool,
        aids: impl IntoIterator<Item = u16>,
    ) -> Result<TimRepr> {
        let mut full = [0u8; VIRTUAL_BITMAP_LEN];
        for aid in aids {
            if aid > MAX_AID {
                return Err(Error::new(ErrorKind::BadValue, "TIM AID above 2007"));
            }
            full[usize::from(aid / 8)] |= 1 << (aid % 8);
        }
        let (n1, n2) = match (full.iter().position(|&o| o != 0), full.iter().rposition(|&o| o != 0)) {
            (Some(lo), Some(hi)) => (lo & !1, hi),
            _ => (0, 0),
        };
        let mut out = TimRepr::empty(dtim_count, dtim_period);
        // n1 <= 250 and even, so it fits Bitmap Control bits 1-7.
        out.bitmap_control = n1 as u8 | u8::from(multicast);
        out.set_pvb(&full[n1..=n2]);
        Ok(out)
    }

    /// Reads a parsed TIM element.
    pub fn parse(tim: &Tim<'_>) -> Result<TimRepr> {
        check_window(tim.bitmap_offset(), tim.pvb.len())?;
        let mut out = TimRepr::empty(tim.dtim_count, tim.dtim_period);
        out.bitmap_control = tim.bitmap_control;
        out.set_pvb(tim.pvb);
        Ok(out)
    }

    fn empty(dtim_count: u8, dtim_period: u8) -> TimRepr {
        TimRepr { dtim_count, dtim_period, bitmap_control: 0, pvb_len: 1, pvb: [0; VIRTUAL_BITMAP_LEN] }
    }

    /// Callers have checked the window, so `pvb` is 1..=251 octets.
    fn set_pvb(&mut self, pvb: &[u8]) {
        self.pvb[..pvb.len()].copy_from_slice(pvb);
        self.pvb_len = pvb.len() as u8;
    }

    /// Raw Bitmap Control octet.
    pub fn bitmap_control(&self) -> u8 {
        self.bitmap_control
    }

    /// Group-addressed traffic buffered.
    pub fn multicast_buffered(&self) -> bool {
        self.bitmap_control & 1 != 0
    }

    /// Sets or clears the group-addressed traffic bit.
    pub fn set_multicast_buffered(&mut self, on: bool) {
        self.bitmap_control = (self.bitmap_control & 0xfe) | u8::from(on);
    }

    /// The partial virtual bitmap.
    pub fn partial_virtual_bitmap(&self) -> &[u8] {
        &self.pvb[..usize::from(self.pvb_len)]
    }

    /// True when traffic is buffered for `aid`.
    pub fn is_aid_set(&self, aid: u16) -> bool {
        window_has(usize::from(self.bitmap_control & 0xfe), self.partial_virtual_bitmap(), aid)
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        3 + usize::from(self.pvb_len)
    }
}

impl EmitElement for TimRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Tim
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf)
            .u8(self.dtim_count)
            .u8(self.dtim_period)
            .u8(self.bitmap_control)
            .bytes(self.partial_virtual_bitmap());
    }
}

impl fmt::Debug for TimRepr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TimRepr")
            .field("dtim_count", &self.dtim_count)
            .field("dtim_period", &self.dtim_period)
            .field("bitmap_control", &self.bitmap_control)
            .field("pvb", &self.partial_virtual_bitmap())
            .finish()
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;
    use std::collections::BTreeSet;

    // ieee80211-rs__bins_frames.pcap frame 5 (beacon): DTIM 0/1, offset N1 = 2, 22-octet
    // bitmap with AIDs 20, 83, 175 and 185 set.
    static OFFSET_TIM: [u8; 27] = [
        5, 25, 0x00, 0x01, 0x02, 0x10, 0, 0, 0, 0, 0, 0, 0, 0x08, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x80, 0x00,
        0x02,
    ];
    // wifite2__handshake_not_exists.cap frame 22 (beacon): AIDs 2, 3, 4 at offset 0.
    static SMALL_TIM: [u8; 6] = [5, 4, 0x00, 0x01, 0x00, 0x1c];

    #[test]
    fn deconstruct_offset_tim() {
        let tim = Elements::new(&OFFSET_TIM).get::<Tim>().unwrap().unwrap();
        assert_eq!((tim.dtim_count(), tim.dtim_period()), (0, 1));
        assert!(!tim.multicast_buffered());
        assert_eq!(tim.bitmap_offset(), 2);
        assert_eq!(tim.aids().collect::<Vec<_>>(), [20, 83, 175, 185]);
        assert!(tim.is_aid_set(20) && tim.is_aid_set(185));
        assert!(!tim.is_aid_set(0) && !tim.is_aid_set(21) && !tim.is_aid_set(2007) && !tim.is_aid_set(9999));
    }

    #[test]
    fn construct_offset_tim() {
        let repr = TimRepr::from_aids(0, 1, false, [185, 20, 175, 83]).unwrap();
        let mut v = Vec::new();
        push_element(&mut v, &repr).unwrap();
        assert_eq!(v, OFFSET_TIM);
        let mut v = Vec::new();
        push_element(&mut v, &TimRepr::from_aids(0, 1, false, [2, 3, 4]).unwrap()).unwrap();
        assert_eq!(v, SMALL_TIM);
    }

    #[test]
    fn empty_and_multicast() {
        // aircrack-ng__capture_wds-01.cap frame 3 (beacon): DTIM 1 of 2, nothing buffered.
        let repr = TimRepr::from_aids(1, 2, false, []).unwrap();
        let mut v = Vec::new();
        push_element(&mut v, &repr).unwrap();
        assert_eq!(v, [5, 4, 1, 2, 0, 0]);
        // fragattacks__amsdu-inject-fromap.pcapng frame 88: DTIM beacon with group traffic.
        let t = Tim::from_body(&[0, 2, 1, 0]).unwrap();
        assert!(t.multicast_buffered());
        assert_eq!(t.aids().count(), 0);
        let mut r = TimRepr::parse(&t).unwrap();
        assert!(r.multicast_buffered());
        r.set_multicast_buffered(false);
        assert_eq!(r.bitmap_control(), 0);
    }

    #[test]
    fn bad_lengths_and_values() {
        assert_eq!(Tim::from_body(&[0, 1, 0]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(Tim::from_body(&[0, 1]).unwrap_err().kind(), ErrorKind::BadLength);
        // Offset 250 with two octets would reach octet 251.
        assert_eq!(Tim::from_body(&[0, 1, 250, 0, 1]).unwrap_err().kind(), ErrorKind::BadLength);
        assert!(Tim::from_body(&[0, 1, 250, 0x80]).unwrap().is_aid_set(2007));
        assert_eq!(TimRepr::from_aids(0, 1, false, [2008]).unwrap_err().kind(), ErrorKind::BadValue);
        let top = TimRepr::from_aids(0, 1, true, [2007, 1]).unwrap();
        assert_eq!(top.partial_virtual_bitmap().len(), 251);
        assert!(top.is_aid_set(2007) && top.is_aid_set(1) && !top.is_aid_set(2));
    }

    fn aid_set() -> impl Strategy<Value = BTreeSet<u16>> {
        prop_oneof![
            proptest::collection::btree_set(0..=MAX_AID, 0..40),
            // Clustered sets exercise odd first octets and short windows.
            (0..=MAX_AID - 40).prop_flat_map(|lo| proptest::collection::btree_set(lo..lo + 40, 0..6)),
        ]
    }

    proptest! {
        #[test]
        fn aid_sets_survive_write_then_read(
            aids in aid_set(), count in any::<u8>(), period in any::<u8>(), mc in any::<bool>()
        ) {
            let repr = TimRepr::from_aids(count, period, mc, aids.iter().copied()).unwrap();
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            let tim = Elements::new(&v).get::<Tim>().unwrap().unwrap();
            prop_assert_eq!(tim.aids().collect::<BTreeSet<_>>(), aids.clone());
            for aid in 0..=MAX_AID + 8 {
                prop_assert_eq!(tim.is_aid_set(aid), aids.contains(&aid));
            }
            prop_assert_eq!(tim.multicast_buffered(), mc);
            prop_assert_eq!(tim.bitmap_offset() % 2, 0);
            // The window starts at the even octet of the first nonzero pair and ends at the
            // last nonzero octet.
            let pvb = tim.partial_virtual_bitmap();
            let starts_tight = pvb[0] != 0 || pvb.get(1).is_some_and(|&o| o != 0);
            prop_assert!(aids.is_empty() || starts_tight);
            prop_assert_eq!(pvb.last() != Some(&0), !aids.is_empty());
            prop_assert_eq!(TimRepr::parse(&tim).unwrap(), repr);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(t) = Tim::parse(Element::new(5, &bytes)) {
                let _ = (t.aids().count(), format!("{t:?}"), t.multicast_buffered());
                for aid in [0, 1, 7, 8, 2007, 2008, u16::MAX] {
                    let _ = t.is_aid_set(aid);
                }
                let r = TimRepr::parse(&t).unwrap();
                let mut v = Vec::new();
                push_element(&mut v, &r).unwrap();
                prop_assert_eq!(&v[2..], &bytes[..]);
            }
        }
    }
}
