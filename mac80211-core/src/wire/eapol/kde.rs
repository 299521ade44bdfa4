//! The Key Data field of an EAPOL-Key frame: elements and KDEs (802.11-2020 12.7.2 j).
//!
//! Key Data is a run of elements. Some are ordinary elements (the RSNE in message 2/4 and
//! 3/4, the RSNXE, and in WPA the vendor-specific WPA element); the rest are Key Data
//! Encapsulations: a vendor-specific element (ID 0xDD) whose body is the OUI 00-0F-AC, a data
//! type octet ([`KdeType`], Table 12-9), and the data.
//!
//! When Key Data is encrypted with the NIST AES key wrap, the plaintext is padded to a multiple
//! of eight octets (and at least 16) by one 0xDD octet followed by zero octets. That padding
//! looks like a truncated vendor element, so [`KeyDataIter`] recognises it first: an 0xDD octet
//! followed only by zeros up to the end is yielded once as [`KeyDataItem::Padding`].
//!
//! Contract: [`KeyDataIter`] never panics and never loops; an element whose length runs past
//! the end, or an 00-0F-AC element too short to hold a data type, yields one error and ends the
//! walk. It works on *decrypted* Key Data; on ciphertext it yields garbage or an error.
//! [`KeyDataWriter`] builds Key Data, adding the padding on request.

use super::super::bytes::{le16, put_le16};
use super::super::element::Element;
use super::super::macros::open_enum;
use super::super::{Error, ErrorKind, Result};

/// The OUI that marks a KDE (IEEE 802.11).
pub const KDE_OUI: [u8; 3] = [0x00, 0x0f, 0xac];
/// Element ID of KDEs and of the Key Data padding octet.
pub const KDE_ELEMENT_ID: u8 = 0xdd;

open_enum! {
    /// KDE data type (802.11-2020 Table 12-9, with the 802.11be MLO additions).
    pub enum KdeType(u8) {
        /// GTK KDE.
        Gtk = 1 => "GTK",
        /// MAC address KDE.
        MacAddress = 3 => "MAC address",
        /// PMKID KDE.
        Pmkid = 4 => "PMKID",
        /// Nonce KDE.
        Nonce = 6 => "Nonce",
        /// Lifetime KDE.
        Lifetime = 7 => "Lifetime",
        /// Error KDE.
        Error = 8 => "Error",
        /// IGTK KDE.
        Igtk = 9 => "IGTK",
        /// Key ID KDE.
        KeyId = 10 => "Key ID",
        /// Multi-band GTK KDE.
        MultiBandGtk = 11 => "Multi-band GTK",
        /// Multi-band Key ID KDE.
        MultiBandKeyId = 12 => "Multi-band Key ID",
        /// Operating channel information KDE.
        Oci = 13 => "OCI",
        /// BIGTK KDE.
        Bigtk = 14 => "BIGTK",
        /// MLO GTK KDE (802.11be).
        MloGtk = 16 => "MLO GTK",
        /// MLO IGTK KDE (802.11be).
        MloIgtk = 17 => "MLO IGTK",
        /// MLO BIGTK KDE (802.11be).
        MloBigtk = 18 => "MLO BIGTK",
        /// MLO Link KDE (802.11be).
        MloLink = 19 => "MLO Link",
    }
}

/// One KDE: its data type and data (after the type octet).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Kde<'a> {
    /// Data type.
    pub kde_type: KdeType,
    /// Data.
    pub data: &'a [u8],
}

impl<'a> Kde<'a> {
    /// Octets the KDE occupies on the wire: element header, OUI, type and data.
    pub fn wire_len(&self) -> usize {
        6 + self.data.len()
    }

    /// The GTK KDE this is, parsed; `None` for another type.
    pub fn gtk(&self) -> Option<Result<GtkKde<'a>>> {
        (self.kde_type == KdeType::Gtk).then(|| GtkKde::parse(self.data))
    }

    /// The IGTK or BIGTK KDE this is, parsed; `None` for another type.
    pub fn igtk(&self) -> Option<Result<IgtkKde<'a>>> {
        matches!(self.kde_type, KdeType::Igtk | KdeType::Bigtk).then(|| IgtkKde::parse(self.data))
    }

    /// The PMKID of a PMKID KDE (16 octets); `None` for another type or another length.
    pub fn pmkid(&self) -> Option<&'a [u8; 16]> {
        if self.kde_type != KdeType::Pmkid {
            return None;
        }
        self.data.try_into().ok()
    }
}

/// What Key Data holds at one position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyDataItem<'a> {
    /// A KDE (vendor element with OUI 00-0F-AC).
    Kde(Kde<'a>),
    /// Any other element: RSNE, RSNXE, WPA element, other vendors' elements.
    Element(Element<'a>),
    /// Key wrap padding: 0xDD then zeros to the end.
    Padding(&'a [u8]),
}

/// Iterator over decrypted Key Data; yields at most one error, then stops.
#[derive(Clone, Debug)]
pub struct KeyDataIter<'a> {
    rest: &'a [u8],
}

impl<'a> KeyDataIter<'a> {
    /// Iterates over `key_data` (plaintext).
    pub fn new(key_data: &'a [u8]) -> KeyDataIter<'a> {
        KeyDataIter { rest: key_data }
    }

    /// The bytes not yet visited.
    pub fn remaining(&self) -> &'a [u8] {
        self.rest
    }

    /// The first KDE of the given type, if one is found before the walk ends or breaks.
    pub fn find_kde(self, kde_type: KdeType) -> Option<Kde<'a>> {
        self.map_while(|i| i.ok()).find_map(|i| match i {
            KeyDataItem::Kde(k) if k.kde_type == kde_type => Some(k),
            _ => None,
        })
    }

    /// The first element with the given raw ID that is not a KDE.
    pub fn find_element(self, id: u8) -> Option<Element<'a>> {
        self.map_while(|i| i.ok()).find_map(|i| match i {
            KeyDataItem::Element(e) if e.raw_id() == id => Some(e),
            _ => None,
        })
    }

    fn fail(&mut self, kind: ErrorKind, field: &'static str) -> Option<Result<KeyDataItem<'a>>> {
        self.rest = &[];
        Some(Err(Error::new(kind, field)))
    }
}

impl<'a> Iterator for KeyDataIter<'a> {
    type Item = Result<KeyDataItem<'a>>;

    fn next(&mut self) -> Option<Self::Item> {
        let rest = self.rest;
        let (&id, tail) = rest.split_first()?;
        if id == KDE_ELEMENT_ID && tail.iter().all(|&b| b == 0) {
            self.rest = &[];
            return Some(Ok(KeyDataItem::Padding(rest)));
        }
        let Some((&len, tail)) = tail.split_first() else {
            return self.fail(ErrorKind::Truncated, "Key Data element header");
        };
        if usize::from(len) > tail.len() {
            return self.fail(ErrorKind::Truncated, "Key Data element length runs past the end");
        }
        let (data, after) = tail.split_at(usize::from(len));
        self.rest = after;
        match data {
            [o0, o1, o2, rest @ ..] if id == KDE_ELEMENT_ID && [*o0, *o1, *o2] == KDE_OUI => match rest {
                [ty, kde_data @ ..] => {
                    Some(Ok(KeyDataItem::Kde(Kde { kde_type: KdeType::from(*ty), data: kde_data })))
                }
                [] => self.fail(ErrorKind::BadLength, "KDE without a data type"),
            },
            _ => Some(Ok(KeyDataItem::Element(Element::new(id, data)))),
        }
    }
}

impl core::iter::FusedIterator for KeyDataIter<'_> {}

/// The GTK KDE (802.11-2020 Figure 12-35): Key ID / Tx octet, a reserved octet, the GTK.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct GtkKde<'a> {
    /// The first octet: Key ID in bits 0-1, Tx in bit 2, the rest reserved (kept as read).
    pub flags: u8,
    /// The reserved second octet (kept as read).
    pub reserved: u8,
    /// The GTK.
    pub gtk: &'a [u8],
}

impl<'a> GtkKde<'a> {
    /// Reads the KDE data; `BadLength` when it cannot hold the two octets and a key.
    pub fn parse(data: &'a [u8]) -> Result<GtkKde<'a>> {
        match data {
            [flags, reserved, gtk @ ..] if !gtk.is_empty() => {
                Ok(GtkKde { flags: *flags, reserved: *reserved, gtk })
            }
            _ => Err(Error::new(ErrorKind::BadLength, "GTK KDE")),
        }
    }

    /// A GTK KDE with the given Key ID and Tx bit, reserved bits zero.
    pub fn new(key_id: u8, tx: bool, gtk: &'a [u8]) -> GtkKde<'a> {
        GtkKde { flags: (key_id & 3) | (u8::from(tx) << 2), reserved: 0, gtk }
    }

    /// Key ID.
    pub fn key_id(&self) -> u8 {
        self.flags & 3
    }

    /// Tx: the GTK is also used for transmission by the Supplicant (IBSS) or is the Tx key.
    pub fn tx(&self) -> bool {
        self.flags & 4 != 0
    }

    /// Octets of KDE data [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        2 + self.gtk.len()
    }

    /// Writes the KDE data into `buf`, which must be `buffer_len()` octets.
    pub fn emit(&self, buf: &mut [u8]) {
        buf[0] = self.flags;
        buf[1] = self.reserved;
        buf[2..].copy_from_slice(self.gtk);
    }
}

/// The IGTK and BIGTK KDEs (802.11-2020 Figures 12-40 and 12-43): Key ID (2, little-endian),
/// IPN/BIPN (6, little-endian), key.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct IgtkKde<'a> {
    /// Key ID (4 or 5 for an IGTK, 6 or 7 for a BIGTK).
    pub key_id: u16,
    /// IPN or BIPN, as the six octets on the wire (least significant first).
    pub pn: [u8; 6],
    /// The key.
    pub key: &'a [u8],
}

impl<'a> IgtkKde<'a> {
    /// Reads the KDE data; `BadLength` when it cannot hold Key ID, PN and a key.
    pub fn parse(data: &'a [u8]) -> Result<IgtkKde<'a>> {
        match data {
            [k0, k1, p0, p1, p2, p3, p4, p5, key @ ..] if !key.is_empty() => {
                Ok(IgtkKde { key_id: le16(&[*k0, *k1]), pn: [*p0, *p1, *p2, *p3, *p4, *p5], key })
            }
            _ => Err(Error::new(ErrorKind::BadLength, "IGTK/BIGTK KDE")),
        }
    }

    /// The packet number as an integer.
    pub fn pn_u64(&self) -> u64 {
        let p = self.pn;
        u64::from_le_bytes([p[0], p[1], p[2], p[3], p[4], p[5], 0, 0])
    }

    /// Octets of KDE data [`Self::emit`] writes.
    pub fn buffer_len(&self) -> usize {
        8 + self.key.len()
    }

    /// Writes the KDE data into `buf`, which must be `buffer_len()` octets.
    pub fn emit(&self, buf: &mut [u8]) {
        put_le16(&mut buf[0..2], self.key_id);
        buf[2..8].copy_from_slice(&self.pn);
        buf[8..].copy_from_slice(self.key);
    }
}

/// Length of Key Data of `len` octets after key wrap padding: a multiple of eight, at least 16.
/// `len` itself when no padding is needed.
pub fn padded_key_data_len(len: usize) -> usize {
    len.max(16).div_ceil(8) * 8
}

/// Writes Key Data items one after another.
#[derive(Debug)]
pub struct KeyDataWriter<'b> {
    buf: &'b mut [u8],
    pos: usize,
}

impl<'b> KeyDataWriter<'b> {
    /// Writes from the start of `buf`.
    pub fn new(buf: &'b mut [u8]) -> KeyDataWriter<'b> {
        KeyDataWriter { buf, pos: 0 }
    }

    /// Octets written so far.
    pub fn len(&self) -> usize {
        self.pos
    }

    /// True before anything is written.
    pub fn is_empty(&self) -> bool {
        self.pos == 0
    }

    fn reserve(&mut self, n: usize) -> Result<&mut [u8]> {
        if self.buf.len() - self.pos < n {
            return Err(Error::new(ErrorKind::NoSpace, "Key Data writer"));
        }
        let out = &mut self.buf[self.pos..self.pos + n];
        self.pos += n;
        Ok(out)
    }

    /// Appends an element from its raw ID and body (e.g. the RSNE in message 3/4).
    pub fn push_element(&mut self, id: u8, data: &[u8]) -> Result<()> {
        let Ok(len) = u8::try_from(data.len()) else {
            return Err(Error::new(ErrorKind::BadLength, "element longer than 255 octets"));
        };
        let out = self.reserve(2 + data.len())?;
        out[0] = id;
        out[1] = len;
        out[2..].copy_from_slice(data);
        Ok(())
    }

    /// Appends a KDE whose data `emit` writes into a `data_len`-octet slice.
    pub fn push_kde_with(
        &mut self,
        kde_type: KdeType,
        data_len: usize,
        emit: impl FnOnce(&mut [u8]),
    ) -> Result<()> {
        let Some(len) = data_len.checked_add(4).and_then(|l| u8::try_from(l).ok()) else {
            return Err(Error::new(ErrorKind::BadLength, "KDE longer than 255 octets"));
        };
        let out = self.reserve(2 + usize::from(len))?;
        out[0] = KDE_ELEMENT_ID;
        out[1] = len;
        out[2..5].copy_from_slice(&KDE_OUI);
        out[5] = kde_type.value();
        emit(&mut out[6..]);
        Ok(())
    }

    /// Appends a KDE with raw data.
    pub fn push_kde(&mut self, kde: &Kde<'_>) -> Result<()> {
        self.push_kde_with(kde.kde_type, kde.data.len(), |b| b.copy_from_slice(kde.data))
    }

    /// Appends key wrap padding (0xDD, then zeros) up to [`padded_key_data_len`]; nothing if
    /// the length already qualifies.
    pub fn pad_for_key_wrap(&mut self) -> Result<()> {
        let n = padded_key_data_len(self.pos) - self.pos;
        if n > 0 {
            let out = self.reserve(n)?;
            out.fill(0);
            out[0] = KDE_ELEMENT_ID;
        }
        Ok(())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    // Key Data of message 1/4 in aircrack-ng__MOM1.cap frame 4: one PMKID KDE.
    const M1_PMKID: &str = "dd14000fac0418050615d464b8a38d329c99f9eb4bb4";
    // Key Data of WPA message 2/4 in aircrack-ng__wpa-psk-linksys.cap frame 19: the WPA element.
    const WPA_M2: &str = "dd180050f20101000050f20201000050f20201000050f2022a00";
    // Key Data of SAE message 2/4 in aircrack-ng__wpa3-psk.pcap frame 19: an RSNE.
    const SAE_M2: &str = "301a0100000fac040100000fac040100000fac08c0000000000fac06";

    #[test]
    fn deconstruct_pmkid_kde() {
        let kd = hex(M1_PMKID);
        let items: Vec<_> = KeyDataIter::new(&kd).collect::<Result<_>>().unwrap();
        assert_eq!(items.len(), 1);
        let KeyDataItem::Kde(k) = items[0] else { panic!("not a KDE: {:?}", items[0]) };
        assert_eq!(k.kde_type, KdeType::Pmkid);
        assert_eq!(k.pmkid(), Some(&kd[6..22].try_into().unwrap()));
        assert_eq!(k.wire_len(), kd.len());
        assert_eq!(KeyDataIter::new(&kd).find_kde(KdeType::Pmkid), Some(k));
        assert_eq!(KeyDataIter::new(&kd).find_kde(KdeType::Gtk), None);
    }

    #[test]
    fn deconstruct_plain_elements() {
        let wpa = hex(WPA_M2);
        let items: Vec<_> = KeyDataIter::new(&wpa).collect::<Result<_>>().unwrap();
        let KeyDataItem::Element(e) = items[0] else { panic!("{:?}", items[0]) };
        assert_eq!((e.raw_id(), &e.data()[..4]), (0xdd, &[0x00, 0x50, 0xf2, 0x01][..]));
        let sae = hex(SAE_M2);
        let rsne = KeyDataIter::new(&sae).find_element(48).unwrap();
        assert_eq!(rsne.data().len(), 26);
    }

    #[test]
    fn padding_is_recognised() {
        // Plaintext message 3/4 Key Data shape: RSNE, GTK KDE, then 0xDD and zeros.
        let mut kd = hex("30140100000fac040100000fac040100000fac020000");
        kd.extend_from_slice(&hex("dd16000fac010100"));
        kd.extend_from_slice(&[0x11; 16]);
        kd.extend_from_slice(&[0xdd, 0, 0, 0, 0, 0]);
        let items: Vec<_> = KeyDataIter::new(&kd).collect::<Result<_>>().unwrap();
        assert_eq!(items.len(), 3);
        let KeyDataItem::Kde(k) = items[1] else { panic!() };
        let gtk = k.gtk().unwrap().unwrap();
        assert_eq!((gtk.key_id(), gtk.tx(), gtk.gtk), (1, false, &[0x11; 16][..]));
        assert_eq!(items[2], KeyDataItem::Padding(&[0xdd, 0, 0, 0, 0, 0]));
        // A lone 0xDD is padding as well.
        assert_eq!(KeyDataIter::new(&[0xdd]).next(), Some(Ok(KeyDataItem::Padding(&[0xdd]))));
    }

    #[test]
    fn construct_key_data_with_padding() {
        let rsne = hex("0100000fac040100000fac040100000fac020000");
        let mut buf = [0xa5u8; 64];
        let mut w = KeyDataWriter::new(&mut buf);
        w.push_element(48, &rsne).unwrap();
        let g = GtkKde::new(1, false, &[0x11; 16]);
        w.push_kde_with(KdeType::Gtk, g.buffer_len(), |b| g.emit(b)).unwrap();
        w.pad_for_key_wrap().unwrap();
        let n = w.len();
        assert_eq!(n, 48);
        let mut expect = hex("30140100000fac040100000fac040100000fac020000dd16000fac010100");
        expect.extend_from_slice(&[0x11; 16]);
        expect.extend_from_slice(&[0xdd, 0]);
        assert_eq!(&buf[..n], &expect[..]);
        assert_eq!(padded_key_data_len(0), 16);
        assert_eq!(padded_key_data_len(16), 16);
        assert_eq!(padded_key_data_len(17), 24);
    }

    #[test]
    fn igtk_kde_round_trip() {
        let data = hex("0400010000000000aabbccddeeff00112233445566778899");
        let k = IgtkKde::parse(&data).unwrap();
        assert_eq!((k.key_id, k.pn_u64(), k.key.len()), (4, 1, 16));
        let mut out = vec![0; k.buffer_len()];
        k.emit(&mut out);
        assert_eq!(out, data);
        assert_eq!(IgtkKde::parse(&data[..8]).unwrap_err().kind(), ErrorKind::BadLength);
        assert_eq!(GtkKde::parse(&[1, 0]).unwrap_err().kind(), ErrorKind::BadLength);
    }

    #[test]
    fn broken_key_data_is_one_error() {
        let walk = |h: &str| -> Vec<Result<()>> { KeyDataIter::new(&hex(h)).map(|i| i.map(drop)).collect() };
        let got = walk("dd03000fac");
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].unwrap_err().kind(), ErrorKind::BadLength);
        let got = walk("3005010000");
        assert_eq!(got[0].unwrap_err().kind(), ErrorKind::Truncated);
        let got = walk("dd00dd0030");
        assert_eq!(got.len(), 3); // empty vendor element, empty vendor element, lone octet
        assert!(got[2].is_err());
        let mut small = [0u8; 8];
        let e = KeyDataWriter::new(&mut small).push_element(48, &[0; 20]).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::NoSpace);
        let e = KeyDataWriter::new(&mut small).push_kde_with(KdeType::Gtk, 252, |_| {}).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::BadLength);
    }

    proptest! {
        #[test]
        fn gtk_round_trip(flags: u8, reserved: u8, gtk in proptest::collection::vec(any::<u8>(), 1..33)) {
            let g = GtkKde { flags, reserved, gtk: &gtk };
            let mut buf = vec![0u8; 64];
            let mut w = KeyDataWriter::new(&mut buf);
            w.push_kde_with(KdeType::Gtk, g.buffer_len(), |b| g.emit(b)).unwrap();
            w.pad_for_key_wrap().unwrap();
            let n = w.len();
            let mut it = KeyDataIter::new(&buf[..n]);
            let Some(Ok(KeyDataItem::Kde(k))) = it.next() else { panic!("no KDE") };
            prop_assert_eq!(k.gtk(), Some(Ok(g)));
            let rest: Vec<_> = it.collect();
            prop_assert!(rest.len() <= 1);
            prop_assert!(rest.iter().all(|i| matches!(i, Ok(KeyDataItem::Padding(_)))));
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..80)) {
            let mut errors = 0;
            for item in KeyDataIter::new(&bytes) {
                match item {
                    Ok(KeyDataItem::Kde(k)) => {
                        let _ = (k.gtk(), k.igtk(), k.pmkid());
                    }
                    Ok(_) => {}
                    Err(_) => errors += 1,
                }
            }
            prop_assert!(errors <= 1);
            let _ = (GtkKde::parse(&bytes), IgtkKde::parse(&bytes));
        }
    }
}
