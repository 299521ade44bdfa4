//! The BSS Load element (802.11-2020 9.4.2.27).
//!
//! Five octets: Station Count (u16), Channel Utilization (u8, the fraction of time the AP
//! sensed the medium busy, scaled to 255) and Available Admission Capacity (u16, in units of
//! 32 µs/s). Any other body length is [`ErrorKind::BadLength`].
//!
//! [`ErrorKind::BadLength`]: crate::wire::ErrorKind::BadLength

use super::cursor::{Reader, Writer};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::Result;

/// A BSS Load element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default)]
pub struct BssLoad {
    /// Stations currently associated.
    pub station_count: u16,
    /// Medium busy time, scaled so that 255 is 100 %.
    pub channel_utilization: u8,
    /// Remaining admission-controlled medium time, in 32 µs per second.
    pub available_admission_capacity: u16,
}

impl BssLoad {
    /// Body length in octets.
    pub const LEN: usize = 5;

    /// Reads an element body, which must be exactly five octets.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<BssLoad> {
        let mut r = Reader::new(body);
        let load = BssLoad {
            station_count: r.le16("BSS Load station count")?,
            channel_utilization: r.u8("BSS Load channel utilization")?,
            available_admission_capacity: r.le16("BSS Load admission capacity")?,
        };
        r.finish("BSS Load length")?;
        Ok(load)
    }

    /// Channel utilization as a percentage (0.0 to 100.0).
    pub fn utilization_percent(&self) -> f32 {
        f32::from(self.channel_utilization) * 100.0 / 255.0
    }
}

impl<'a> ElementType<'a> for BssLoad {
    const ID: ElementId = ElementId::BssLoad;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        BssLoad::from_body(element.body())
    }
}

impl EmitElement for BssLoad {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::BssLoad
    }
    #[inline]
    fn body_len(&self) -> usize {
        Self::LEN
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        Writer::new(buf)
            .le16(self.station_count)
            .u8(self.channel_utilization)
            .le16(self.available_admission_capacity);
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ErrorKind;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // fragattacks__ping_I_E_R_E-fromclient.pcapng frame 4 (beacon): 5 stations, 0 % busy,
    // admission capacity 0x7a12 = 31250 (×32 µs/s).
    static LOAD: [u8; 7] = [11, 5, 0x05, 0x00, 0x00, 0x12, 0x7a];

    #[test]
    fn deconstruct_bss_load() {
        let l = Elements::new(&LOAD).get::<BssLoad>().unwrap().unwrap();
        assert_eq!(l.station_count, 5);
        assert_eq!(l.channel_utilization, 0);
        assert_eq!(l.available_admission_capacity, 31250);
        assert_eq!(l.utilization_percent(), 0.0);
    }

    #[test]
    fn construct_bss_load() {
        let l = BssLoad { station_count: 5, channel_utilization: 0, available_admission_capacity: 31250 };
        let mut v = Vec::new();
        push_element(&mut v, &l).unwrap();
        assert_eq!(v, LOAD);
    }

    #[test]
    fn bad_lengths() {
        assert_eq!(BssLoad::from_body(&[0; 4]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(BssLoad::from_body(&[0; 6]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn round_trip(s in any::<u16>(), u in any::<u8>(), c in any::<u16>()) {
            let l = BssLoad { station_count: s, channel_utilization: u, available_admission_capacity: c };
            let mut v = Vec::new();
            push_element(&mut v, &l).unwrap();
            prop_assert_eq!(Elements::new(&v).get::<BssLoad>().unwrap().unwrap(), l);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            if let Ok(l) = BssLoad::parse(Element::new(11, &bytes)) {
                let _ = l.utilization_percent();
            }
        }
    }
}
