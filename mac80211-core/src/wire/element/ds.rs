//! The DS Parameter Set element (802.11-2020 9.4.2.4).
//!
//! One octet: the Current Channel of a DSSS/HR-DSSS/ERP (and, by convention, any 2.4 GHz or
//! 5 GHz) BSS. Any other body length is [`ErrorKind::BadLength`]. The element is small enough
//! that the read type and the write type are one `Copy` value, [`DsParams`].
//!
//! [`ErrorKind::BadLength`]: crate::wire::ErrorKind::BadLength

use super::cursor::Reader;
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::Result;

/// A DS Parameter Set element.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct DsParams {
    /// The channel the BSS operates on.
    pub current_channel: u8,
}

impl DsParams {
    /// Reads an element body, which must be exactly one octet.
    #[inline]
    pub fn from_body(body: &[u8]) -> Result<DsParams> {
        let mut r = Reader::new(body);
        let current_channel = r.u8("DS Parameter Set channel")?;
        r.finish("DS Parameter Set length")?;
        Ok(DsParams { current_channel })
    }
}

impl<'a> ElementType<'a> for DsParams {
    const ID: ElementId = ElementId::DsParams;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        DsParams::from_body(element.body())
    }
}

impl EmitElement for DsParams {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::DsParams
    }
    #[inline]
    fn body_len(&self) -> usize {
        1
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf[0] = self.current_channel;
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::ErrorKind;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // aircrack-ng__wps2.0.pcap frame 1 (beacon): channel 13.
    static WPS_DS: [u8; 3] = [3, 1, 0x0d];

    #[test]
    fn deconstruct_ds() {
        let ds = Elements::new(&WPS_DS).get::<DsParams>().unwrap().unwrap();
        assert_eq!(ds.current_channel, 13);
    }

    #[test]
    fn construct_ds() {
        let mut v = Vec::new();
        push_element(&mut v, &DsParams { current_channel: 13 }).unwrap();
        assert_eq!(v, WPS_DS);
    }

    #[test]
    fn bad_lengths() {
        assert_eq!(DsParams::from_body(&[]).unwrap_err().kind(), ErrorKind::Truncated);
        assert_eq!(DsParams::from_body(&[1, 2]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn round_trip(ch in any::<u8>()) {
            let mut v = Vec::new();
            push_element(&mut v, &DsParams { current_channel: ch }).unwrap();
            let got = Elements::new(&v).get::<DsParams>().unwrap().unwrap();
            prop_assert_eq!(got.current_channel, ch);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            let _ = DsParams::parse(Element::new(3, &bytes));
        }
    }
}
