//! Writing radiotap headers: the fields a soft-MAC reports on receive or asks for on transmit.

use super::Radiotap;
use super::field::{self, Channel, Mcs, RadiotapField, RadiotapFlags, Vht, bit};
use crate::wire::bytes::{put_le16, put_le32, put_le64};
use crate::wire::{Error, ErrorKind, Result};

/// Present bits [`RadiotapRepr`] knows how to write.
const SUPPORTED: u32 = (1 << bit::TSFT)
    | (1 << bit::FLAGS)
    | (1 << bit::RATE)
    | (1 << bit::CHANNEL)
    | (1 << bit::DBM_ANTSIGNAL)
    | (1 << bit::DBM_ANTNOISE)
    | (1 << bit::ANTENNA)
    | (1 << bit::RX_FLAGS)
    | (1 << bit::TX_FLAGS)
    | (1 << bit::MCS)
    | (1 << bit::VHT);

/// The longest header [`RadiotapRepr`] writes (every supported field, worst-case padding).
const MAX_LEN: usize = 64;

/// A radiotap header with the common fields, one present word, no namespaces.
///
/// `parse` accepts exactly the headers `emit` would produce: a single present word using only
/// the fields below, zero pad octet and padding, and `it_len` equal to the fields' extent.
/// Anything else (extra namespaces, vendor data, other fields) is read with
/// [`super::RadiotapInfo`] or [`super::RadiotapIter`] instead.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default)]
pub struct RadiotapRepr {
    /// TSFT in microseconds.
    pub tsft: Option<u64>,
    /// Flags.
    pub flags: Option<RadiotapFlags>,
    /// Legacy rate in 500 kb/s units.
    pub rate_500kbps: Option<u8>,
    /// Channel frequency and flags.
    pub channel: Option<Channel>,
    /// Antenna signal in dBm.
    pub dbm_signal: Option<i8>,
    /// Antenna noise in dBm.
    pub dbm_noise: Option<i8>,
    /// Antenna index.
    pub antenna: Option<u8>,
    /// RX flags.
    pub rx_flags: Option<u16>,
    /// TX flags (on injection: 0x0008 no-ack, 0x0010 keep sequence number, ...).
    pub tx_flags: Option<u16>,
    /// HT MCS.
    pub mcs: Option<Mcs>,
    /// VHT information.
    pub vht: Option<Vht>,
}

impl RadiotapRepr {
    /// Reads a header that this type can re-emit byte for byte.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(rt: &Radiotap<&T>) -> Result<RadiotapRepr> {
        rt.check_len()?;
        if rt.present() & !SUPPORTED != 0 {
            return Err(Error::new(ErrorKind::Unsupported, "radiotap field RadiotapRepr does not write"));
        }
        let mut repr = RadiotapRepr::default();
        for f in rt.fields() {
            repr.absorb(f?);
        }
        let len = repr.buffer_len();
        if usize::from(rt.it_len()) != len {
            return Err(Error::new(ErrorKind::BadLength, "radiotap it_len disagrees with its fields"));
        }
        let mut canonical = [0u8; MAX_LEN];
        repr.emit(&mut Radiotap::new_unchecked(&mut canonical[..len]));
        if canonical[..len] != *rt.header() {
            return Err(Error::new(ErrorKind::BadValue, "radiotap pad octet or padding not zero"));
        }
        Ok(repr)
    }

    fn absorb(&mut self, f: RadiotapField<'_>) {
        match f {
            RadiotapField::Tsft(v) => self.tsft = Some(v),
            RadiotapField::Flags(v) => self.flags = Some(v),
            RadiotapField::Rate(v) => self.rate_500kbps = Some(v),
            RadiotapField::Channel(v) => self.channel = Some(v),
            RadiotapField::DbmAntennaSignal(v) => self.dbm_signal = Some(v),
            RadiotapField::DbmAntennaNoise(v) => self.dbm_noise = Some(v),
            RadiotapField::Antenna(v) => self.antenna = Some(v),
            RadiotapField::RxFlags(v) => self.rx_flags = Some(v),
            RadiotapField::TxFlags(v) => self.tx_flags = Some(v),
            RadiotapField::Mcs(v) => self.mcs = Some(v),
            RadiotapField::Vht(v) => self.vht = Some(v),
            // Unreachable: `parse` rejected every other present bit before walking.
            _ => {}
        }
    }

    /// The present word this header carries.
    pub fn present(&self) -> u32 {
        let bits = [
            (self.tsft.is_some(), bit::TSFT),
            (self.flags.is_some(), bit::FLAGS),
            (self.rate_500kbps.is_some(), bit::RATE),
            (self.channel.is_some(), bit::CHANNEL),
            (self.dbm_signal.is_some(), bit::DBM_ANTSIGNAL),
            (self.dbm_noise.is_some(), bit::DBM_ANTNOISE),
            (self.antenna.is_some(), bit::ANTENNA),
            (self.rx_flags.is_some(), bit::RX_FLAGS),
            (self.tx_flags.is_some(), bit::TX_FLAGS),
            (self.mcs.is_some(), bit::MCS),
            (self.vht.is_some(), bit::VHT),
        ];
        bits.iter().filter(|(on, _)| *on).fold(0, |acc, (_, b)| acc | (1 << b))
    }

    /// Header length in octets (`it_len`).
    pub fn buffer_len(&self) -> usize {
        let mut w = Layout { pos: 8 };
        for b in 0..32 {
            if self.present() & (1 << b) != 0 {
                w.place(b);
            }
        }
        w.pos
    }

    /// Writes the header into the start of `rt`, which must hold at least `buffer_len()`
    /// octets; the payload after it is not touched.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, rt: &mut Radiotap<T>) {
        let len = self.buffer_len();
        let present = self.present();
        let out = &mut rt.buffer.as_mut()[..len];
        out.fill(0);
        put_le16(&mut out[2..4], len as u16); // at most MAX_LEN
        put_le32(&mut out[4..8], present);
        let mut w = Layout { pos: 8 };
        for b in 0..32 {
            if present & (1 << b) != 0 {
                let at = w.place(b);
                self.write_field(b, &mut out[at..]);
            }
        }
    }

    fn write_field(&self, b: u32, out: &mut [u8]) {
        match b {
            bit::TSFT => put_le64(out, self.tsft.unwrap_or_default()),
            bit::FLAGS => out[0] = self.flags.unwrap_or_default().0,
            bit::RATE => out[0] = self.rate_500kbps.unwrap_or_default(),
            bit::CHANNEL => self.channel.unwrap_or_default().write(out),
            bit::DBM_ANTSIGNAL => out[0] = self.dbm_signal.unwrap_or_default().to_le_bytes()[0],
            bit::DBM_ANTNOISE => out[0] = self.dbm_noise.unwrap_or_default().to_le_bytes()[0],
            bit::ANTENNA => out[0] = self.antenna.unwrap_or_default(),
            bit::RX_FLAGS => put_le16(out, self.rx_flags.unwrap_or_default()),
            bit::TX_FLAGS => put_le16(out, self.tx_flags.unwrap_or_default()),
            bit::MCS => self.mcs.unwrap_or_default().write(out),
            bit::VHT => self.vht.unwrap_or_default().write(out),
            _ => {}
        }
    }
}

/// Field placement: the same alignment rule the reader applies.
struct Layout {
    pos: usize,
}

impl Layout {
    /// Places field `b` and returns its offset.
    fn place(&mut self, b: u32) -> usize {
        let (alignment, size) = field::layout(b).unwrap_or((1, 0));
        let at = (self.pos + alignment - 1) & !(alignment - 1);
        self.pos = at + size;
        at
    }
}
