//! Attribute values, nests and lists: the building blocks every family's attributes share.
//!
//! A netlink attribute (`struct nlattr`, `include/uapi/linux/netlink.h`) is a 4-byte header
//! (`nla_len` = header + payload, unpadded; `nla_type` with the `NLA_F_NESTED` and
//! `NLA_F_NET_BYTEORDER` flags in its top bits) followed by the payload padded to 4 bytes.
//!
//! Contract:
//! - [`NlaValue`] is one payload type: integers are host-endian and must have exactly their
//!   size (what Linux's strict policy validation demands; anything else is `EINVAL`), flags
//!   are empty. Strings follow `NLA_STRING`: a value is read with or without its trailing
//!   NUL (a NUL inside is an error). `String` re-emits with the NUL (`nla_put_string`, what
//!   every nl80211 and nlctrl sender writes); [`NlString`] remembers which form it read, for
//!   attributes whose senders differ (hwsim's `RADIO_NAME`).
//! - [`Nest`] is an attribute set inside an attribute; [`List`] is an array-style nest whose
//!   inner attribute types are indices (`SCAN_SSIDS`, `WIPHY_BANDS`, `SUPPORTED_COMMANDS`).
//!   Both remember whether the sender set `NLA_F_NESTED` (nl80211 in the kernel never does,
//!   libmnl always does) and re-emit what they read, so a message round-trips byte for byte.
//! - Every attribute set declared with `nl_attrs!` keeps attributes it does not type in an
//!   `Other` variant with their raw type and bytes.
//! - Parsing never panics: it returns a [`DecodeError`] naming what was wrong.

use mac80211_core::wire::MacAddr;
use netlink_packet_core::{
    DecodeError, DefaultNla, NLA_F_NESTED, NLA_HEADER_SIZE, Nla, NlaBuffer, NlasIterator,
};

/// The payload of one attribute, parsed from and emitted to bytes.
pub trait NlaValue: Sized {
    /// Parses the payload of `nla` (whose header was already checked).
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError>;
    /// Payload length in bytes, without padding.
    fn value_len(&self) -> usize;
    /// Writes the payload into `buf` (exactly [`NlaValue::value_len`] bytes).
    fn emit_value(&self, buf: &mut [u8]);
    /// Flag bits for the attribute header (`NLA_F_NESTED` for a nest that carried it).
    fn header_flags(&self) -> u16 {
        0
    }
}

/// A set of attributes that can live at one nesting level (`NL80211_ATTR_*`, `NL80211_BSS_*`).
pub trait AttrSet: Nla + Sized {
    /// Parses one attribute of the set.
    fn parse_attr(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError>;
}

/// Parses every attribute of `bytes` (an attribute stream, as after the genl header).
pub fn parse_attrs<T: AttrSet>(bytes: &[u8]) -> Result<Vec<T>, DecodeError> {
    NlasIterator::new(bytes).map(|nla| nla.and_then(|nla| T::parse_attr(&nla))).collect()
}

/// Bytes needed to emit `attrs` back to back (each padded to 4).
pub fn attrs_len<T: Nla>(attrs: &[T]) -> usize {
    attrs.iter().map(|a| netlink_packet_core::Emitable::buffer_len(a)).sum()
}

/// Emits `attrs` back to back into `buf` (at least [`attrs_len`] bytes).
pub fn emit_attrs<T: Nla>(attrs: &[T], buf: &mut [u8]) {
    let mut at = 0;
    for attr in attrs {
        let len = netlink_packet_core::Emitable::buffer_len(attr);
        netlink_packet_core::Emitable::emit(attr, &mut buf[at..at + len]);
        at += len;
    }
}

fn exact<const N: usize>(nla: &NlaBuffer<&[u8]>) -> Result<[u8; N], DecodeError> {
    nla.value().try_into().map_err(|_| {
        DecodeError::from(format!(
            "attribute type {} has {} bytes, expected {}",
            nla.kind(),
            nla.value().len(),
            N
        ))
    })
}

macro_rules! int_value {
    ($($ty:ty),*) => {$(
        impl NlaValue for $ty {
            fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
                Ok(<$ty>::from_ne_bytes(exact(nla)?))
            }
            fn value_len(&self) -> usize {
                size_of::<$ty>()
            }
            fn emit_value(&self, buf: &mut [u8]) {
                buf.copy_from_slice(&self.to_ne_bytes());
            }
        }
    )*};
}
int_value!(u8, u16, u32, u64, i8, i32, i64);

/// A flag attribute (`NLA_FLAG`): present means true, payload empty.
impl NlaValue for () {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        exact::<0>(nla).map(|_| ())
    }
    fn value_len(&self) -> usize {
        0
    }
    fn emit_value(&self, _buf: &mut [u8]) {}
}

/// Raw bytes (`NLA_BINARY`): SSIDs, information elements, frames.
impl NlaValue for Vec<u8> {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        Ok(nla.value().to_vec())
    }
    fn value_len(&self) -> usize {
        self.len()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self);
    }
}

/// A packed array of host-endian u32 in one attribute (`CIPHER_SUITES`, `AKM_SUITES`).
impl NlaValue for Vec<u32> {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        let value = nla.value();
        if !value.len().is_multiple_of(4) {
            return Err(format!("attribute type {}: u32 array of {} bytes", nla.kind(), value.len()).into());
        }
        Ok(value.chunks_exact(4).map(|c| u32::from_ne_bytes([c[0], c[1], c[2], c[3]])).collect())
    }
    fn value_len(&self) -> usize {
        self.len() * 4
    }
    fn emit_value(&self, buf: &mut [u8]) {
        for (chunk, v) in buf.chunks_exact_mut(4).zip(self) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
    }
}

/// A NUL-terminated string (`nla_put_string`); read with or without the NUL (`NLA_STRING`).
impl NlaValue for String {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        let value = nla.value();
        let text = value.strip_suffix(&[0]).unwrap_or(value);
        if text.contains(&0) {
            return Err(format!("attribute type {}: NUL inside a string", nla.kind()).into());
        }
        String::from_utf8(text.to_vec()).map_err(DecodeError::from)
    }
    fn value_len(&self) -> usize {
        self.len() + 1
    }
    fn emit_value(&self, buf: &mut [u8]) {
        let (text, nul) = buf.split_at_mut(self.len());
        text.copy_from_slice(self.as_bytes());
        nul.fill(0);
    }
}

/// A string attribute that remembers whether the sender terminated it (`NLA_STRING`).
///
/// Linux's `NLA_STRING` policy accepts a value with or without a trailing NUL, and senders
/// differ: `nla_put_string` writes the NUL, mac80211_hwsim writes `RADIO_NAME` with
/// `nla_put(.., strlen(s), s)`. Reading records which form came in, so the attribute re-emits
/// byte for byte; a NUL anywhere but at the end is refused.
#[derive(Clone, PartialEq, Eq, Debug, Default)]
pub struct NlString {
    /// The text, without any terminator.
    pub text: String,
    /// The value on the wire ends with a NUL.
    pub nul: bool,
}

impl NlString {
    /// A string written without its NUL, as the kernel writes hwsim's `RADIO_NAME`.
    pub fn bare(text: impl Into<String>) -> NlString {
        NlString { text: text.into(), nul: false }
    }

    /// A NUL-terminated string, as `nla_put_string` writes it.
    pub fn terminated(text: impl Into<String>) -> NlString {
        NlString { text: text.into(), nul: true }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl NlaValue for NlString {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        let value = nla.value();
        let (text, nul) = match value.strip_suffix(&[0]) {
            Some(text) => (text, true),
            None => (value, false),
        };
        if text.contains(&0) {
            return Err(format!("attribute type {}: NUL inside a string", nla.kind()).into());
        }
        let text = String::from_utf8(text.to_vec()).map_err(DecodeError::from)?;
        Ok(NlString { text, nul })
    }
    fn value_len(&self) -> usize {
        self.text.len() + usize::from(self.nul)
    }
    fn emit_value(&self, buf: &mut [u8]) {
        let (text, nul) = buf.split_at_mut(self.text.len());
        text.copy_from_slice(self.text.as_bytes());
        nul.fill(0);
    }
}

/// A 6-byte MAC address (`NLA_POLICY_ETH_ADDR`).
impl NlaValue for MacAddr {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        exact::<6>(nla).map(MacAddr)
    }
    fn value_len(&self) -> usize {
        6
    }
    fn emit_value(&self, buf: &mut [u8]) {
        buf.copy_from_slice(&self.0);
    }
}

/// A position in metres, three host-endian IEEE 754 doubles (softmac private attributes).
impl NlaValue for [f64; 3] {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        let raw: [u8; 24] = exact(nla)?;
        let axis = |i: usize| {
            let mut b = [0u8; 8];
            b.copy_from_slice(&raw[i * 8..i * 8 + 8]);
            f64::from_ne_bytes(b)
        };
        Ok([axis(0), axis(1), axis(2)])
    }
    fn value_len(&self) -> usize {
        24
    }
    fn emit_value(&self, buf: &mut [u8]) {
        for (chunk, v) in buf.chunks_exact_mut(8).zip(self) {
            chunk.copy_from_slice(&v.to_ne_bytes());
        }
    }
}

/// An attribute set nested in one attribute (`NL80211_ATTR_BSS` holding `NL80211_BSS_*`).
#[derive(Clone, PartialEq, Debug)]
pub struct Nest<T> {
    /// The sender set `NLA_F_NESTED` (the kernel's nl80211 does not; libmnl does).
    pub flagged: bool,
    /// The attributes, in wire order.
    pub attrs: Vec<T>,
}

impl<T> Nest<T> {
    /// A nest as the kernel emits it (without `NLA_F_NESTED`).
    pub fn new(attrs: Vec<T>) -> Nest<T> {
        Nest { flagged: false, attrs }
    }

    /// The first attribute `f` maps to a value.
    pub fn find<'a, V>(&'a self, f: impl FnMut(&'a T) -> Option<V>) -> Option<V> {
        self.attrs.iter().find_map(f)
    }
}

impl<T: AttrSet> NlaValue for Nest<T> {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        Ok(Nest { flagged: nla.nested_flag(), attrs: parse_attrs(nla.value())? })
    }
    fn value_len(&self) -> usize {
        attrs_len(&self.attrs)
    }
    fn emit_value(&self, buf: &mut [u8]) {
        emit_attrs(&self.attrs, buf);
    }
    fn header_flags(&self) -> u16 {
        if self.flagged { NLA_F_NESTED } else { 0 }
    }
}

/// An array-style nest: entries whose attribute type is an index (or a band, an iftype).
#[derive(Clone, PartialEq, Debug)]
pub struct List<T> {
    /// The sender set `NLA_F_NESTED` on the list attribute.
    pub flagged: bool,
    /// `(index, value)` in wire order; the index is the entry's attribute type.
    pub entries: Vec<(u16, T)>,
}

impl<T> List<T> {
    /// A list numbered from `first` (nl80211 numbers most lists from 0 or 1; iw from 1).
    pub fn numbered(first: u16, items: impl IntoIterator<Item = T>) -> List<T> {
        let entries = items.into_iter().zip(first..).map(|(v, i)| (i, v)).collect();
        List { flagged: false, entries }
    }

    /// The values, ignoring indices.
    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.entries.iter().map(|(_, v)| v)
    }
}

impl<T: NlaValue> NlaValue for List<T> {
    fn parse_value(nla: &NlaBuffer<&[u8]>) -> Result<Self, DecodeError> {
        let entries = NlasIterator::new(nla.value())
            .map(|entry| entry.and_then(|e| Ok((e.kind(), T::parse_value(&e)?))))
            .collect::<Result<_, _>>()?;
        Ok(List { flagged: nla.nested_flag(), entries })
    }
    fn value_len(&self) -> usize {
        self.entries.iter().map(|(_, v)| NLA_HEADER_SIZE + v.value_len().next_multiple_of(4)).sum()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        let entries: Vec<Entry<'_, T>> = self.entries.iter().map(|(i, v)| Entry(*i, v)).collect();
        emit_attrs(&entries, buf);
    }
    fn header_flags(&self) -> u16 {
        if self.flagged { NLA_F_NESTED } else { 0 }
    }
}

/// One list entry seen as an attribute, for emitting.
struct Entry<'a, T>(u16, &'a T);

impl<T: NlaValue> Nla for Entry<'_, T> {
    fn value_len(&self) -> usize {
        self.1.value_len()
    }
    fn kind(&self) -> u16 {
        self.0 | self.1.header_flags()
    }
    fn emit_value(&self, buf: &mut [u8]) {
        self.1.emit_value(buf)
    }
}

/// Parses an attribute the set does not type, keeping its flags.
///
/// An attribute flagged both nested and network-byte-order is refused: no attribute is both
/// (Linux never emits one), and netlink-packet-core's emitter drops the second flag when it
/// sets the first, so such an attribute could not be re-emitted as received.
pub fn parse_other(nla: &NlaBuffer<&[u8]>) -> Result<DefaultNla, DecodeError> {
    if nla.nested_flag() && nla.network_byte_order_flag() {
        return Err(DecodeError::from("attribute flagged both nested and network byte order"));
    }
    <DefaultNla as netlink_packet_core::Parseable<NlaBuffer<&[u8]>>>::parse(nla)
}

/// Declares an attribute set: an enum with one typed variant per attribute number, an
/// `Other(DefaultNla)` variant for the rest, and its [`Nla`]/[`AttrSet`] implementations.
macro_rules! nl_attrs {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $num:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Debug)]
        pub enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            /// An attribute this version does not type, kept raw so it re-emits byte for byte.
            Other(netlink_packet_core::DefaultNla),
        }

        impl $name {
            /// The attribute number (without flags).
            pub fn number(&self) -> u16 {
                match self {
                    $( Self::$variant(_) => $num, )*
                    Self::Other(n) => netlink_packet_core::Nla::kind(n) & netlink_packet_core::NLA_TYPE_MASK,
                }
            }
        }

        impl netlink_packet_core::Nla for $name {
            fn value_len(&self) -> usize {
                match self {
                    $( Self::$variant(v) => $crate::nl::value::NlaValue::value_len(v), )*
                    Self::Other(n) => n.value_len(),
                }
            }
            fn kind(&self) -> u16 {
                match self {
                    $( Self::$variant(v) => $num | $crate::nl::value::NlaValue::header_flags(v), )*
                    Self::Other(n) => n.kind(),
                }
            }
            fn emit_value(&self, buf: &mut [u8]) {
                match self {
                    $( Self::$variant(v) => $crate::nl::value::NlaValue::emit_value(v, buf), )*
                    Self::Other(n) => n.emit_value(buf),
                }
            }
        }

        impl $crate::nl::value::AttrSet for $name {
            fn parse_attr(
                nla: &netlink_packet_core::NlaBuffer<&[u8]>,
            ) -> Result<Self, netlink_packet_core::DecodeError> {
                use netlink_packet_core::ErrorContext;
                Ok(match nla.kind() {
                    $( $num => Self::$variant(
                        <$ty as $crate::nl::value::NlaValue>::parse_value(nla)
                            .context(concat!(stringify!($name), "::", stringify!($variant)))?,
                    ), )*
                    _ => Self::Other($crate::nl::value::parse_other(nla)?),
                })
            }
        }
    };
}
pub(crate) use nl_attrs;

/// The value of the first attribute of variant `$variant` in anything with a `find`
/// (a message or a [`Nest`]), as `Option<&T>`: `attr!(msg, Nl80211Attr::Ifname)`.
macro_rules! attr {
    ($holder:expr, $variant:path) => {
        $holder.find(|a| match a {
            $variant(v) => Some(v),
            _ => None,
        })
    };
}
pub(crate) use attr;

/// Declares an open enum of command numbers: named values plus `Unknown(n)`, so unknown
/// commands round-trip and the front end can answer them with EOPNOTSUPP.
macro_rules! nl_cmds {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $num:literal, )*
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
        pub enum $name {
            $( $(#[$vmeta])* $variant, )*
            /// A command this version does not name.
            Unknown(u8),
        }

        impl From<u8> for $name {
            fn from(n: u8) -> Self {
                match n {
                    $( $num => Self::$variant, )*
                    n => Self::Unknown(n),
                }
            }
        }

        impl From<$name> for u8 {
            fn from(c: $name) -> u8 {
                match c {
                    $( $name::$variant => $num, )*
                    $name::Unknown(n) => n,
                }
            }
        }
    };
}
pub(crate) use nl_cmds;

#[cfg(test)]
mod tests {
    use super::*;
    use netlink_packet_core::Emitable;

    fn nla(bytes: &[u8]) -> NlaBuffer<&[u8]> {
        NlaBuffer::new_checked(bytes).expect("valid header")
    }

    #[test]
    fn integers_need_their_exact_size() {
        assert_eq!(u32::parse_value(&nla(&[8, 0, 3, 0, 7, 0, 0, 0])).unwrap(), 7);
        assert!(u32::parse_value(&nla(&[6, 0, 3, 0, 7, 0, 0, 0])).is_err());
        assert!(u16::parse_value(&nla(&[8, 0, 3, 0, 7, 0, 0, 0])).is_err());
    }

    #[test]
    fn strings_accept_a_missing_nul_and_reject_inner_nuls() {
        assert_eq!(String::parse_value(&nla(b"\x08\x00\x04\x00wlan")).unwrap(), "wlan");
        assert_eq!(String::parse_value(&nla(b"\x09\x00\x04\x00wlan\x00")).unwrap(), "wlan");
        assert!(String::parse_value(&nla(b"\x08\x00\x04\x00wl\x00n")).is_err());
        assert_eq!(NlString::parse_value(&nla(b"\x08\x00\x11\x00phyx")).unwrap(), NlString::bare("phyx"));
        assert_eq!(
            NlString::parse_value(&nla(b"\x09\x00\x11\x00phyx\x00")).unwrap(),
            NlString::terminated("phyx")
        );
        assert!(NlString::parse_value(&nla(b"\x08\x00\x11\x00ph\x00x")).is_err());
    }

    #[test]
    fn nl_string_reads_both_forms_and_re_emits_what_it_read() {
        let bare = NlString::parse_value(&nla(b"\x08\x00\x11\x00phyx")).unwrap();
        assert_eq!(bare, NlString::bare("phyx"));
        let terminated = NlString::parse_value(&nla(b"\x09\x00\x11\x00phyx\x00")).unwrap();
        assert_eq!(terminated, NlString::terminated("phyx"));
        for (value, wire) in [(bare, &b"phyx"[..]), (terminated, &b"phyx\x00"[..])] {
            let mut buf = vec![0xff; value.value_len()];
            value.emit_value(&mut buf);
            assert_eq!(buf, wire);
        }
        assert!(NlString::parse_value(&nla(b"\x08\x00\x11\x00p\x00yx")).is_err());
        assert_eq!(NlString::parse_value(&nla(b"\x05\x00\x11\x00\x00")).unwrap(), NlString::terminated(""));
    }

    #[test]
    fn list_keeps_indices_and_nested_flag() {
        // SCAN_FREQUENCIES (44) | NLA_F_NESTED with entries 1: 2412, 2: 2437.
        let bytes = [20, 0, 44, 0x80, 8, 0, 1, 0, 0x6c, 9, 0, 0, 8, 0, 2, 0, 0x85, 9, 0, 0];
        let list = List::<u32>::parse_value(&nla(&bytes)).unwrap();
        assert!(list.flagged);
        assert_eq!(list.entries, vec![(1, 2412), (2, 2437)]);
        assert_eq!(list.header_flags(), NLA_F_NESTED);
        let entry = Entry(2, &2437u32);
        assert_eq!(entry.buffer_len(), 8);
    }
}
