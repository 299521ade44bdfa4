//! The EAPOL-Key frame (802.11-2020 12.7.2, Figure 12-32).
//!
//! After the four-octet EAPOL header, every multi-octet field is big-endian:
//!
//! | octets | field |
//! |---|---|
//! | 1 | Descriptor Type (2 RSN, 254 WPA) |
//! | 2 | Key Information ([`KeyInfo`]) |
//! | 2 | Key Length |
//! | 8 | Key Replay Counter |
//! | 32 | Key Nonce |
//! | 16 | EAPOL-Key IV |
//! | 8 | Key RSC |
//! | 8 | Reserved (Key ID in WPA) |
//! | *m* | Key MIC |
//! | 2 | Key Data Length |
//! | *n* | Key Data |
//!
//! The MIC length *m* is not in the frame: it follows from the negotiated AKM (16 octets for
//! most, 24 for Suite B 192-bit, 0 for FILS, which authenticates with AEAD instead; Table 12-8).
//! [`EapolKeyFrame`] therefore carries it as a parameter, 16 unless told otherwise.
//!
//! [`EapolKeyFrame`] spans the whole EAPOL PDU, header included, because the MIC is computed
//! over exactly those octets with the MIC field zeroed (12.7.2 h): [`EapolKeyFrame::zero_mic`]
//! zeroes it in place and hands back the octets to authenticate, and [`EapolKeyFrame::set_mic`]
//! writes the result.
//!
//! Contract: `check_len` verifies the body length against the buffer, the fixed fields against
//! the body length, and Key Data Length against what is left; after it no accessor panics.
//! [`EapolKeyRepr::parse`] also requires packet type EAPOL-Key (`BadValue`), an RSN or WPA
//! descriptor (`Unsupported`: other descriptors, such as the 802.1X RC4 one, have another
//! layout) and a body that ends with the Key Data (`BadLength`), so that re-emission is
//! byte-exact.

use super::super::bytes::{be16, be64, put_be16, put_be64};
use super::super::macros::open_enum;
use super::super::{Error, ErrorKind, Result};
use super::{EapolType, HEADER_LEN};
use core::fmt;
use core::ops::Range;

open_enum! {
    /// EAPOL-Key Descriptor Type (IEEE 802.1X-2020 Table 11-5).
    pub enum KeyDescriptorType(u8) {
        /// RC4 key descriptor (dynamic WEP; different layout, not decoded here).
        Rc4 = 1 => "RC4",
        /// IEEE 802.11 (RSN) key descriptor.
        Rsn = 2 => "IEEE 802.11",
        /// WPA key descriptor (pre-RSN; same layout as RSN).
        Wpa = 254 => "WPA",
    }
}

open_enum! {
    /// Key Descriptor Version, bits 0-2 of Key Information (802.11-2020 12.7.2 b.1).
    pub enum KeyDescriptorVersion(u8) {
        /// MIC and key wrap defined by the AKM (SAE, OWE, FILS, Suite B, ...).
        AkmDefined = 0 => "AKM-defined",
        /// HMAC-MD5 MIC and RC4 key wrap (WPA with TKIP).
        HmacMd5Rc4 = 1 => "HMAC-MD5/ARC4",
        /// HMAC-SHA1-128 MIC and NIST AES key wrap.
        HmacSha1Aes = 2 => "HMAC-SHA1-128/AES key wrap",
        /// AES-128-CMAC MIC and NIST AES key wrap.
        AesCmac = 3 => "AES-128-CMAC/AES key wrap",
    }
}

/// Key MIC length for most AKMs.
pub const MIC_LEN_DEFAULT: usize = 16;
/// Key MIC length for AKM 00-0F-AC:12 (Suite B 192-bit) and the SHA-384 FT/802.1X AKMs.
pub const MIC_LEN_SUITE_B_192: usize = 24;
/// Key MIC length for the FILS AKMs (the MIC field is absent).
pub const MIC_LEN_FILS: usize = 0;

/// Key Information (802.11-2020 Figure 12-33), a 16-bit field.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct KeyInfo(pub u16);

impl KeyInfo {
    /// Key Descriptor Version mask, bits 0-2.
    pub const VERSION_MASK: u16 = 0x0007;
    /// Key Type: 1 pairwise, 0 group.
    pub const PAIRWISE: u16 = 1 << 3;
    /// Key Index mask, bits 4-5 (WPA only; reserved in RSN).
    pub const KEY_INDEX_MASK: u16 = 0x0030;
    /// Install.
    pub const INSTALL: u16 = 1 << 6;
    /// Key Ack.
    pub const ACK: u16 = 1 << 7;
    /// Key MIC.
    pub const MIC: u16 = 1 << 8;
    /// Secure.
    pub const SECURE: u16 = 1 << 9;
    /// Error.
    pub const ERROR: u16 = 1 << 10;
    /// Request.
    pub const REQUEST: u16 = 1 << 11;
    /// Encrypted Key Data.
    pub const ENCRYPTED_KEY_DATA: u16 = 1 << 12;
    /// SMK Message (PeerKey, removed from the standard; reserved).
    pub const SMK_MESSAGE: u16 = 1 << 13;

    #[inline]
    fn bit(self, b: u16) -> bool {
        self.0 & b != 0
    }

    /// Key Descriptor Version.
    #[inline]
    pub fn descriptor_version(self) -> KeyDescriptorVersion {
        KeyDescriptorVersion::from((self.0 & Self::VERSION_MASK) as u8)
    }
    /// Key Type is pairwise.
    #[inline]
    pub fn pairwise(self) -> bool {
        self.bit(Self::PAIRWISE)
    }
    /// Key Index (WPA group messages).
    #[inline]
    pub fn key_index(self) -> u8 {
        ((self.0 & Self::KEY_INDEX_MASK) >> 4) as u8
    }
    /// Install.
    #[inline]
    pub fn install(self) -> bool {
        self.bit(Self::INSTALL)
    }
    /// Key Ack: the frame comes from the Authenticator and expects an answer.
    #[inline]
    pub fn ack(self) -> bool {
        self.bit(Self::ACK)
    }
    /// Key MIC: the MIC field is valid.
    #[inline]
    pub fn mic(self) -> bool {
        self.bit(Self::MIC)
    }
    /// Secure.
    #[inline]
    pub fn secure(self) -> bool {
        self.bit(Self::SECURE)
    }
    /// Error (Michael MIC failure report).
    #[inline]
    pub fn error(self) -> bool {
        self.bit(Self::ERROR)
    }
    /// Request.
    #[inline]
    pub fn request(self) -> bool {
        self.bit(Self::REQUEST)
    }
    /// Encrypted Key Data.
    #[inline]
    pub fn encrypted_key_data(self) -> bool {
        self.bit(Self::ENCRYPTED_KEY_DATA)
    }
    /// SMK Message.
    #[inline]
    pub fn smk_message(self) -> bool {
        self.bit(Self::SMK_MESSAGE)
    }

    /// Returns a copy with `bits` (constants of this type) set or cleared.
    #[inline]
    #[must_use]
    pub fn with(self, bits: u16, on: bool) -> KeyInfo {
        if on { KeyInfo(self.0 | bits) } else { KeyInfo(self.0 & !bits) }
    }

    /// Returns a copy with the given descriptor version.
    #[inline]
    #[must_use]
    pub fn with_descriptor_version(self, v: KeyDescriptorVersion) -> KeyInfo {
        KeyInfo((self.0 & !Self::VERSION_MASK) | (u16::from(v.value()) & Self::VERSION_MASK))
    }

    /// Returns a copy with the given key index (two bits).
    #[inline]
    #[must_use]
    pub fn with_key_index(self, index: u8) -> KeyInfo {
        KeyInfo((self.0 & !Self::KEY_INDEX_MASK) | ((u16::from(index) << 4) & Self::KEY_INDEX_MASK))
    }

    /// Which handshake message this is, from the bits and the Key Data length.
    ///
    /// Classification is by bits, not exact values, so WPA (descriptor version 1), RSN with
    /// version 2 or 3 and AKM-defined (version 0) shapes are all recognised: Key Ack marks the
    /// Authenticator's messages (MIC set: 3/4, clear: 1/4; group: 1/2); without Ack, pairwise
    /// frames are 4/4 when Key Data is empty, 2/4 otherwise (the RSNE or WPA IE): the Secure
    /// bit does not tell them apart, as 2/4 of a PTK rekey has it set and WPA's 4/4 does not. Requests come first; SMK (PeerKey) frames are [`KeyMessageKind::Unknown`].
    pub fn message_kind(self, key_data_len: usize) -> KeyMessageKind {
        if self.smk_message() {
            return KeyMessageKind::Unknown;
        }
        if self.request() {
            return KeyMessageKind::Request;
        }
        // A frame from the Supplicant is authenticated by a MIC or, for FILS, by AEAD key data.
        let authenticated = self.mic() || self.encrypted_key_data();
        match (self.pairwise(), self.ack()) {
            (true, true) if self.mic() => KeyMessageKind::Pairwise3,
            (true, true) => KeyMessageKind::Pairwise1,
            (true, false) if !authenticated => KeyMessageKind::Unknown,
            // Message 4 carries no Key Data. Secure alone does not tell: message 2 of a PTK
            // rekey is sent with Secure set (and its RSNE in Key Data).
            (true, false) if key_data_len == 0 => KeyMessageKind::Pairwise4,
            (true, false) => KeyMessageKind::Pairwise2,
            (false, true) => KeyMessageKind::Group1,
            (false, false) if authenticated => KeyMessageKind::Group2,
            (false, false) => KeyMessageKind::Unknown,
        }
    }
}

impl fmt::Debug for KeyInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyInfo({:#06x} {:?}", self.0, self.descriptor_version())?;
        f.write_str(if self.pairwise() { " Pairwise" } else { " Group" })?;
        if self.key_index() != 0 {
            write!(f, " Index={}", self.key_index())?;
        }
        for (bit, name) in [
            (Self::INSTALL, "Install"),
            (Self::ACK, "Ack"),
            (Self::MIC, "Mic"),
            (Self::SECURE, "Secure"),
            (Self::ERROR, "Error"),
            (Self::REQUEST, "Request"),
            (Self::ENCRYPTED_KEY_DATA, "EncKeyData"),
            (Self::SMK_MESSAGE, "Smk"),
        ] {
            if self.bit(bit) {
                write!(f, " {name}")?;
            }
        }
        f.write_str(")")
    }
}

/// The handshake message an EAPOL-Key frame is (802.11-2020 12.7.6, 12.7.7).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum KeyMessageKind {
    /// 4-way handshake message 1 (Authenticator → Supplicant, ANonce).
    Pairwise1,
    /// 4-way handshake message 2 (SNonce, RSNE, MIC).
    Pairwise2,
    /// 4-way handshake message 3 (install, encrypted GTK).
    Pairwise3,
    /// 4-way handshake message 4.
    Pairwise4,
    /// Group key handshake message 1.
    Group1,
    /// Group key handshake message 2.
    Group2,
    /// A Supplicant's request (rekey or Michael MIC failure report).
    Request,
    /// A combination of bits no handshake uses.
    Unknown,
}

/// Offset of the Key MIC field from the start of the EAPOL PDU (header included).
pub const MIC_OFFSET: usize = field::MIC;

/// Field offsets from the start of the EAPOL PDU; the MIC-dependent ones are computed.
mod field {
    use core::ops::Range;
    pub const DESCRIPTOR_TYPE: usize = 4;
    pub const KEY_INFO: Range<usize> = 5..7;
    pub const KEY_LENGTH: Range<usize> = 7..9;
    pub const REPLAY_COUNTER: Range<usize> = 9..17;
    pub const NONCE: Range<usize> = 17..49;
    pub const IV: Range<usize> = 49..65;
    pub const RSC: Range<usize> = 65..73;
    pub const KEY_ID: Range<usize> = 73..81;
    pub const MIC: usize = 81;
}

/// Octets of the EAPOL-Key body before the Key Data, without the MIC.
const FIXED_BODY_NO_MIC: usize = field::MIC - HEADER_LEN + 2;

/// A read/write view of an EAPOL PDU holding an EAPOL-Key frame.
#[derive(Clone, Copy, PartialEq, Eq)]
pub struct EapolKeyFrame<T: AsRef<[u8]>> {
    buffer: T,
    mic_len: usize,
}

impl<T: AsRef<[u8]>> EapolKeyFrame<T> {
    /// Wraps a buffer with a 16-octet MIC, without checking it.
    pub const fn new_unchecked(buffer: T) -> EapolKeyFrame<T> {
        Self::new_unchecked_with_mic(buffer, MIC_LEN_DEFAULT)
    }

    /// Wraps a buffer with a `mic_len`-octet MIC, without checking it.
    pub const fn new_unchecked_with_mic(buffer: T, mic_len: usize) -> EapolKeyFrame<T> {
        EapolKeyFrame { buffer, mic_len }
    }

    /// Wraps and checks a buffer with a 16-octet MIC.
    pub fn new_checked(buffer: T) -> Result<EapolKeyFrame<T>> {
        Self::new_checked_with_mic(buffer, MIC_LEN_DEFAULT)
    }

    /// Wraps and checks a buffer with a `mic_len`-octet MIC.
    pub fn new_checked_with_mic(buffer: T, mic_len: usize) -> Result<EapolKeyFrame<T>> {
        let f = Self::new_unchecked_with_mic(buffer, mic_len);
        f.check_len()?;
        Ok(f)
    }

    /// Checks the EAPOL body length, the fixed fields and the Key Data Length.
    pub fn check_len(&self) -> Result<()> {
        let len = self.buffer.as_ref().len();
        if len < HEADER_LEN {
            return Err(Error::new(ErrorKind::Truncated, "EAPOL header"));
        }
        if len < self.pdu_len() {
            return Err(Error::new(ErrorKind::Truncated, "EAPOL body"));
        }
        let Some(fixed) = FIXED_BODY_NO_MIC.checked_add(self.mic_len) else {
            return Err(Error::new(ErrorKind::BadLength, "EAPOL-Key MIC length"));
        };
        let body_len = usize::from(self.body_len());
        if body_len < fixed {
            return Err(Error::new(ErrorKind::BadLength, "EAPOL body shorter than EAPOL-Key fields"));
        }
        if usize::from(self.key_data_len()) > body_len - fixed {
            return Err(Error::new(ErrorKind::BadLength, "Key Data Length runs past the EAPOL body"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// The MIC length this view was made with.
    #[inline]
    pub fn mic_len(&self) -> usize {
        self.mic_len
    }

    #[inline]
    fn mic_range(&self) -> Range<usize> {
        field::MIC..field::MIC + self.mic_len
    }

    #[inline]
    fn key_data_len_range(&self) -> Range<usize> {
        let at = field::MIC + self.mic_len;
        at..at + 2
    }

    #[inline]
    fn key_data_range(&self) -> Range<usize> {
        let at = field::MIC + self.mic_len + 2;
        at..at + usize::from(self.key_data_len())
    }

    #[inline]
    fn array<const N: usize>(&self, r: Range<usize>) -> [u8; N] {
        let mut out = [0u8; N];
        out.copy_from_slice(&self.buffer.as_ref()[r]);
        out
    }

    /// EAPOL protocol version.
    #[inline]
    pub fn version(&self) -> u8 {
        self.buffer.as_ref()[0]
    }

    /// EAPOL packet type (EAPOL-Key for a well-formed frame).
    #[inline]
    pub fn packet_type(&self) -> EapolType {
        EapolType::from(self.buffer.as_ref()[1])
    }

    /// EAPOL Packet Body Length.
    #[inline]
    pub fn body_len(&self) -> u16 {
        be16(&self.buffer.as_ref()[2..4])
    }

    /// Length of the EAPOL PDU: header plus announced body.
    #[inline]
    pub fn pdu_len(&self) -> usize {
        HEADER_LEN + usize::from(self.body_len())
    }

    /// Descriptor Type.
    #[inline]
    pub fn descriptor_type(&self) -> KeyDescriptorType {
        KeyDescriptorType::from(self.buffer.as_ref()[field::DESCRIPTOR_TYPE])
    }

    /// Key Information.
    #[inline]
    pub fn key_info(&self) -> KeyInfo {
        KeyInfo(be16(&self.buffer.as_ref()[field::KEY_INFO]))
    }

    /// Key Length (length of the pairwise temporal key, in octets).
    #[inline]
    pub fn key_length(&self) -> u16 {
        be16(&self.buffer.as_ref()[field::KEY_LENGTH])
    }

    /// Key Replay Counter.
    #[inline]
    pub fn replay_counter(&self) -> u64 {
        be64(&self.buffer.as_ref()[field::REPLAY_COUNTER])
    }

    /// Key Nonce.
    #[inline]
    pub fn key_nonce(&self) -> [u8; 32] {
        self.array(field::NONCE)
    }

    /// EAPOL-Key IV.
    #[inline]
    pub fn key_iv(&self) -> [u8; 16] {
        self.array(field::IV)
    }

    /// Key RSC (octet 0 is the least significant octet of the PN/TSC).
    #[inline]
    pub fn key_rsc(&self) -> [u8; 8] {
        self.array(field::RSC)
    }

    /// Reserved field (Key ID in WPA).
    #[inline]
    pub fn key_id(&self) -> [u8; 8] {
        self.array(field::KEY_ID)
    }

    /// Key Data Length.
    #[inline]
    pub fn key_data_len(&self) -> u16 {
        be16(&self.buffer.as_ref()[self.key_data_len_range()])
    }

    /// Which handshake message this is (see [`KeyInfo::message_kind`]).
    #[inline]
    pub fn message_kind(&self) -> KeyMessageKind {
        self.key_info().message_kind(usize::from(self.key_data_len()))
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> EapolKeyFrame<&'a T> {
    /// Key MIC (`mic_len()` octets).
    #[inline]
    pub fn mic(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.mic_range()]
    }

    /// Key Data (possibly encrypted: see [`KeyInfo::encrypted_key_data`]).
    #[inline]
    pub fn key_data(&self) -> &'a [u8] {
        &self.buffer.as_ref()[self.key_data_range()]
    }

    /// The EAPOL PDU, header included.
    #[inline]
    pub fn pdu(&self) -> &'a [u8] {
        &self.buffer.as_ref()[..self.pdu_len()]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> EapolKeyFrame<T> {
    /// Sets the EAPOL protocol version.
    #[inline]
    pub fn set_version(&mut self, v: u8) {
        self.buffer.as_mut()[0] = v
    }
    /// Sets the EAPOL packet type.
    #[inline]
    pub fn set_packet_type(&mut self, t: EapolType) {
        self.buffer.as_mut()[1] = t.value()
    }
    /// Sets the EAPOL Packet Body Length.
    #[inline]
    pub fn set_body_len(&mut self, len: u16) {
        put_be16(&mut self.buffer.as_mut()[2..4], len)
    }
    /// Sets the Descriptor Type.
    #[inline]
    pub fn set_descriptor_type(&mut self, t: KeyDescriptorType) {
        self.buffer.as_mut()[field::DESCRIPTOR_TYPE] = t.value()
    }
    /// Sets Key Information.
    #[inline]
    pub fn set_key_info(&mut self, k: KeyInfo) {
        put_be16(&mut self.buffer.as_mut()[field::KEY_INFO], k.0)
    }
    /// Sets Key Length.
    #[inline]
    pub fn set_key_length(&mut self, len: u16) {
        put_be16(&mut self.buffer.as_mut()[field::KEY_LENGTH], len)
    }
    /// Sets the Key Replay Counter.
    #[inline]
    pub fn set_replay_counter(&mut self, c: u64) {
        put_be64(&mut self.buffer.as_mut()[field::REPLAY_COUNTER], c)
    }
    /// Sets the Key Nonce.
    #[inline]
    pub fn set_key_nonce(&mut self, n: &[u8; 32]) {
        self.buffer.as_mut()[field::NONCE].copy_from_slice(n)
    }
    /// Sets the EAPOL-Key IV.
    #[inline]
    pub fn set_key_iv(&mut self, iv: &[u8; 16]) {
        self.buffer.as_mut()[field::IV].copy_from_slice(iv)
    }
    /// Sets the Key RSC.
    #[inline]
    pub fn set_key_rsc(&mut self, rsc: &[u8; 8]) {
        self.buffer.as_mut()[field::RSC].copy_from_slice(rsc)
    }
    /// Sets the reserved / Key ID field.
    #[inline]
    pub fn set_key_id(&mut self, id: &[u8; 8]) {
        self.buffer.as_mut()[field::KEY_ID].copy_from_slice(id)
    }
    /// The Key MIC, mutable.
    #[inline]
    pub fn mic_mut(&mut self) -> &mut [u8] {
        let r = self.mic_range();
        &mut self.buffer.as_mut()[r]
    }
    /// Sets the Key MIC; `mic` must be `mic_len()` octets long (panics otherwise: a caller bug).
    #[inline]
    pub fn set_mic(&mut self, mic: &[u8]) {
        self.mic_mut().copy_from_slice(mic)
    }
    /// Zeroes the Key MIC and returns the PDU the MIC is computed over (12.7.2 h).
    pub fn zero_mic(&mut self) -> &[u8] {
        self.mic_mut().fill(0);
        let end = self.pdu_len();
        &self.buffer.as_ref()[..end]
    }
    /// Sets Key Data Length (Key Data moves with the MIC length, not with this value).
    #[inline]
    pub fn set_key_data_len(&mut self, len: u16) {
        let r = self.key_data_len_range();
        put_be16(&mut self.buffer.as_mut()[r], len)
    }
    /// Key Data, mutable (as long as Key Data Length says; decrypt in place here).
    #[inline]
    pub fn key_data_mut(&mut self) -> &mut [u8] {
        let r = self.key_data_range();
        &mut self.buffer.as_mut()[r]
    }
}

impl<T: AsRef<[u8]>> fmt::Debug for EapolKeyFrame<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.check_len() {
            Ok(()) => write!(
                f,
                "EapolKeyFrame({:?}, {:?}, {:?}, replay={}, key data {} bytes)",
                self.descriptor_type(),
                self.key_info(),
                self.message_kind(),
                self.replay_counter(),
                self.key_data_len()
            ),
            Err(e) => write!(f, "EapolKeyFrame(<{e}>)"),
        }
    }
}

/// High-level representation of an EAPOL-Key PDU (EAPOL header included).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct EapolKeyRepr<'a> {
    /// EAPOL protocol version.
    pub version: u8,
    /// Descriptor Type.
    pub descriptor_type: KeyDescriptorType,
    /// Key Information.
    pub key_info: KeyInfo,
    /// Key Length.
    pub key_length: u16,
    /// Key Replay Counter.
    pub replay_counter: u64,
    /// Key Nonce.
    pub key_nonce: [u8; 32],
    /// EAPOL-Key IV.
    pub key_iv: [u8; 16],
    /// Key RSC.
    pub key_rsc: [u8; 8],
    /// Reserved / Key ID.
    pub key_id: [u8; 8],
    /// Key MIC; its length is the MIC length of the frame.
    pub key_mic: &'a [u8],
    /// Key Data, as on the wire (possibly encrypted).
    pub key_data: &'a [u8],
}

impl<'a> EapolKeyRepr<'a> {
    /// Reads a checked EAPOL-Key PDU (see the module contract for what is rejected).
    pub fn parse<T: AsRef<[u8]> + ?Sized>(frame: &EapolKeyFrame<&'a T>) -> Result<EapolKeyRepr<'a>> {
        frame.check_len()?;
        if frame.packet_type() != EapolType::Key {
            return Err(Error::new(ErrorKind::BadValue, "EAPOL packet type is not EAPOL-Key"));
        }
        if !matches!(frame.descriptor_type(), KeyDescriptorType::Rsn | KeyDescriptorType::Wpa) {
            return Err(Error::new(ErrorKind::Unsupported, "EAPOL-Key descriptor type"));
        }
        let key_data = frame.key_data();
        if HEADER_LEN + FIXED_BODY_NO_MIC + frame.mic_len() + key_data.len() != frame.pdu_len() {
            return Err(Error::new(ErrorKind::BadLength, "EAPOL-Key body longer than its Key Data"));
        }
        Ok(EapolKeyRepr {
            version: frame.version(),
            descriptor_type: frame.descriptor_type(),
            key_info: frame.key_info(),
            key_length: frame.key_length(),
            replay_counter: frame.replay_counter(),
            key_nonce: frame.key_nonce(),
            key_iv: frame.key_iv(),
            key_rsc: frame.key_rsc(),
            key_id: frame.key_id(),
            key_mic: frame.mic(),
            key_data,
        })
    }

    /// Octets [`Self::emit`] writes: the whole EAPOL PDU.
    pub fn buffer_len(&self) -> usize {
        HEADER_LEN + FIXED_BODY_NO_MIC + self.key_mic.len() + self.key_data.len()
    }

    /// Writes the PDU into `frame`, which must hold `buffer_len()` octets. The view's MIC
    /// length is set to `key_mic.len()`; Key Data must not exceed what a 16-bit body length
    /// can describe.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, frame: &mut EapolKeyFrame<T>) {
        frame.mic_len = self.key_mic.len();
        frame.set_version(self.version);
        frame.set_packet_type(EapolType::Key);
        frame.set_body_len((self.buffer_len() - HEADER_LEN) as u16);
        frame.set_descriptor_type(self.descriptor_type);
        frame.set_key_info(self.key_info);
        frame.set_key_length(self.key_length);
        frame.set_replay_counter(self.replay_counter);
        frame.set_key_nonce(&self.key_nonce);
        frame.set_key_iv(&self.key_iv);
        frame.set_key_rsc(&self.key_rsc);
        frame.set_key_id(&self.key_id);
        frame.set_mic(self.key_mic);
        frame.set_key_data_len(self.key_data.len() as u16);
        frame.key_data_mut().copy_from_slice(self.key_data);
    }

    /// Which handshake message this is (see [`KeyInfo::message_kind`]).
    #[inline]
    pub fn message_kind(&self) -> KeyMessageKind {
        self.key_info.message_kind(self.key_data.len())
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::eapol::kde::{KdeType, KeyDataItem, KeyDataIter};
    use proptest::prelude::*;

    fn hex(s: &str) -> Vec<u8> {
        (0..s.len()).step_by(2).map(|i| u8::from_str_radix(&s[i..i + 2], 16).unwrap()).collect()
    }

    // The EAPOL PDUs (after LLC/SNAP) of the 4-way handshake in aircrack-ng__wpa2.eapol.cap,
    // frames 2 to 5: WPA2-PSK, descriptor version 2.
    const WPA2_M1: &str = "0103005f02008a00100000000000000001225854b0444de3af06d1492b852984f04cf6274c0e3218b8681756864db7a0\
        550000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
    const WPA2_M2: &str = "0103007502010a0010000000000000000159168bc3a5df18d71efb6423f340088dab9e1ba2bbc58659e07b3764b0de85\
        700000000000000000000000000000000000000000000000000000000000000000d5355382b8a9b806dcaf99cdaf564e\
        b6001630140100000fac040100000fac040100000fac020100";
    const WPA2_M3: &str = "010300970213ca00100000000000000002225854b0444de3af06d1492b852984f04cf6274c0e3218b8681756864db7a0\
        55192eeef7fd968ec80aee3dfb875e8222370000000000000000000000000000001e228672d2dee930714f688c574602\
        8d00383ca9185462eca4ab7ff51cd3a3e6179a8391f5ad824c9e09763794c680902ad3bf0703452fbb7c1f5f1ee9f5bb\
        d388ae559e78d27e6b121f";
    const WPA2_M4: &str = "0103005f02030a0010000000000000000200000000000000000000000000000000000000000000000000000000000000\
        0000000000000000000000000000000000000000000000000000000000000000009dc81ca6c4c729648de7f00b436335c80000";
    // aircrack-ng__n-02.cap frames 126 and 132: descriptor version 3 (AES-128-CMAC), 802.1X-2004.
    const CMAC_M1: &str = "0203005f02008b001000000000000000030218c7b64ecef40c4f15915fbceb19c8d62608387eb6b986d9599a8bd70dc8\
        5d0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
    const CMAC_M3: &str = "020300b70213cb001000000000000000040218c7b64ecef40c4f15915fbceb19c8d62608387eb6b986d9599a8bd70dc8\
        5d0000000000000000000000000000000000000000000000000000000000000000578ce8505cf1f054299feea362aac6\
        2a00582e09cd25683d452ad1bc92dffe0be5b022873e359dbb413b9d888c90266fe67a0fed2684a98e3bdddf70bbbc1d\
        21af00a0b8cade7814d09c105058a288c2df8ff57582a84d0e8b960b66612e71ad64afffa200e5f72ea120";
    // aircrack-ng__wpa-psk-linksys.cap frames 18, 19, 22, 23: WPA (descriptor 254, version 1).
    const WPA1_M1: &str = "0103005ffe008900200000000000000001579bfba6d15d24e1dbed0f45c2620927fa0f62df66c79b17001414ad08549c\
        0f0000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000";
    const WPA1_M2: &str = "01030079fe010900000000000000000001e8dfa16b8769957d8249a4ec68d2b7641d3782162ef0dc37b014cc48343e8d\
        d600000000000000000000000000000000000000000000000000000000000000006d45f3538ead8eca5598c260eefe6f\
        51001add180050f20101000050f20201000050f20201000050f2022a00";
    const WPA1_M3: &str = "01030077fe01c900200000000000000002579bfba6d15d24e1dbed0f45c2620927fa0f62df66c79b17001414ad08549c\
        0f00000000000000000000000000000000000000000000000000000000000000005b954c26e7a63c133dcfed919d67ba\
        c10018dd160050f20101000050f20201000050f20201000050f202";
    const WPA1_M4: &str = "0103005ffe01090000000000000000000200000000000000000000000000000000000000000000000000000000000000\
        00000000000000000000000000000000000000000000000000000000000000000002efe2071c6dbc6f81e733f8903aa25f0000";

    fn kind(h: &str) -> KeyMessageKind {
        let b = hex(h);
        EapolKeyFrame::new_checked(&b[..]).unwrap().message_kind()
    }

    #[test]
    fn deconstruct_wpa2_message_1() {
        let b = hex(WPA2_M1);
        let f = EapolKeyFrame::new_checked(&b[..]).unwrap();
        assert_eq!((f.version(), f.packet_type(), f.pdu_len()), (1, EapolType::Key, 99));
        assert_eq!(f.descriptor_type(), KeyDescriptorType::Rsn);
        let ki = f.key_info();
        assert_eq!(ki, KeyInfo(0x008a));
        assert_eq!(ki.descriptor_version(), KeyDescriptorVersion::HmacSha1Aes);
        assert!(ki.pairwise() && ki.ack() && !ki.mic() && !ki.secure() && !ki.install());
        assert_eq!(f.key_length(), 16);
        assert_eq!(f.replay_counter(), 1);
        assert_eq!(f.key_nonce()[..4], [0x22, 0x58, 0x54, 0xb0]);
        assert_eq!(f.mic(), &[0u8; 16]);
        assert_eq!(f.key_data_len(), 0);
        assert!(f.key_data().is_empty());
        assert_eq!(f.message_kind(), KeyMessageKind::Pairwise1);
    }

    #[test]
    fn deconstruct_wpa2_message_3() {
        let b = hex(WPA2_M3);
        let r = EapolKeyRepr::parse(&EapolKeyFrame::new_checked(&b[..]).unwrap()).unwrap();
        assert_eq!(r.key_info, KeyInfo(0x13ca));
        assert!(r.key_info.install() && r.key_info.encrypted_key_data() && r.key_info.secure());
        assert_eq!(r.replay_counter, 2);
        assert_eq!(r.key_mic[..4], [0x1e, 0x22, 0x86, 0x72]);
        assert_eq!(r.key_data.len(), 56);
        assert_eq!(r.message_kind(), KeyMessageKind::Pairwise3);
        assert_eq!(r.buffer_len(), b.len());
    }

    #[test]
    fn message_kinds_of_every_capture_shape() {
        use KeyMessageKind::*;
        let cases = [
            (WPA2_M1, Pairwise1),
            (WPA2_M2, Pairwise2),
            (WPA2_M3, Pairwise3),
            (WPA2_M4, Pairwise4),
            (CMAC_M1, Pairwise1),
            (CMAC_M3, Pairwise3),
            (WPA1_M1, Pairwise1),
            (WPA1_M2, Pairwise2),
            (WPA1_M3, Pairwise3),
            (WPA1_M4, Pairwise4),
        ];
        for (h, want) in cases {
            assert_eq!(kind(h), want, "{}", &h[..14]);
        }
        let b = hex(CMAC_M1);
        let f = EapolKeyFrame::new_checked(&b[..]).unwrap();
        assert_eq!(f.key_info().descriptor_version(), KeyDescriptorVersion::AesCmac);
        assert_eq!(f.version(), 2);
        // Group handshake (hostapd, version 2) and the WPA group shape with a key index.
        assert_eq!(KeyInfo(0x1382).message_kind(24), Group1);
        assert_eq!(KeyInfo(0x0302).message_kind(0), Group2);
        assert_eq!(KeyInfo(0x0391).message_kind(32), Group1);
        assert_eq!(KeyInfo(0x0391).key_index(), 1);
        assert_eq!(KeyInfo(0x0311).message_kind(0), Group2);
        // PTK rekey (wpa2-psk-linksys): 2/4 with Secure set and its RSNE; 4/4 empty.
        assert_eq!(KeyInfo(0x030a).message_kind(22), Pairwise2);
        assert_eq!(KeyInfo(0x030a).message_kind(0), Pairwise4);
        // Requests: rekey and Michael MIC failure report; SMK and bare bits are not handshakes.
        assert_eq!(KeyInfo(0x0b0a).message_kind(0), Request);
        assert_eq!(KeyInfo(0x0f01).message_kind(0), Request);
        assert_eq!(KeyInfo(0x2000).message_kind(0), Unknown);
        assert_eq!(KeyInfo(0x0008).message_kind(0), Unknown);
        assert_eq!(KeyInfo(0x0000).message_kind(0), Unknown);
    }

    #[test]
    fn key_data_of_message_2_is_the_rsne() {
        let b = hex(WPA2_M2);
        let f = EapolKeyFrame::new_checked(&b[..]).unwrap();
        let items: Vec<_> = KeyDataIter::new(f.key_data()).collect::<Result<_>>().unwrap();
        let [KeyDataItem::Element(rsne)] = items[..] else { panic!("{items:?}") };
        assert_eq!(rsne.raw_id(), 48);
        assert_eq!(KeyDataIter::new(f.key_data()).find_kde(KdeType::Gtk), None);
    }

    #[test]
    fn construct_every_capture_frame() {
        for h in [WPA2_M1, WPA2_M2, WPA2_M3, WPA2_M4, CMAC_M1, CMAC_M3, WPA1_M1, WPA1_M2, WPA1_M3, WPA1_M4] {
            let b = hex(h);
            let r = EapolKeyRepr::parse(&EapolKeyFrame::new_checked(&b[..]).unwrap()).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut EapolKeyFrame::new_unchecked(&mut out[..]));
            assert_eq!(out, b);
        }
    }

    #[test]
    fn mic_is_zeroed_and_set_in_place() {
        let mut b = hex(WPA2_M2);
        let mut f = EapolKeyFrame::new_checked(&mut b[..]).unwrap();
        let original: [u8; 16] = f.mic_mut().try_into().unwrap();
        let covered = f.zero_mic().to_vec();
        assert_eq!(covered.len(), 121);
        assert_eq!(&covered[81..97], &[0u8; 16]);
        f.set_mic(&original);
        assert_eq!(b, hex(WPA2_M2));
    }

    #[test]
    fn other_mic_lengths() {
        // A Suite B 192-bit shaped frame: 24-octet MIC, 3 octets of key data.
        let r = EapolKeyRepr {
            version: 2,
            descriptor_type: KeyDescriptorType::Rsn,
            key_info: KeyInfo(0x010a).with_descriptor_version(KeyDescriptorVersion::AkmDefined),
            key_length: 0,
            replay_counter: 7,
            key_nonce: [1; 32],
            key_iv: [0; 16],
            key_rsc: [0; 8],
            key_id: [0; 8],
            key_mic: &[0xee; 24],
            key_data: &[0x30, 0x01, 0x00],
        };
        let mut out = vec![0; r.buffer_len()];
        r.emit(&mut EapolKeyFrame::new_unchecked(&mut out[..]));
        assert_eq!(out.len(), 4 + 79 + 24 + 3);
        let f = EapolKeyFrame::new_checked_with_mic(&out[..], MIC_LEN_SUITE_B_192).unwrap();
        assert_eq!(EapolKeyRepr::parse(&f), Ok(r));
        // Read with the default MIC length, the Key Data Length lands in the MIC.
        assert!(EapolKeyRepr::parse(&EapolKeyFrame::new_unchecked(&out[..])).is_err());
        // FILS: no MIC field at all.
        let fils = EapolKeyRepr { key_mic: &[], ..r };
        let mut out = vec![0; fils.buffer_len()];
        fils.emit(&mut EapolKeyFrame::new_unchecked(&mut out[..]));
        let f = EapolKeyFrame::new_checked_with_mic(&out[..], MIC_LEN_FILS).unwrap();
        assert_eq!(EapolKeyRepr::parse(&f), Ok(fils));
    }

    #[test]
    fn length_errors() {
        let b = hex(WPA2_M2);
        let err = |b: &[u8]| EapolKeyFrame::new_checked(b).unwrap_err();
        assert_eq!(err(&b[..3]).kind(), ErrorKind::Truncated);
        assert_eq!(err(&b[..120]).kind(), ErrorKind::Truncated);
        // Body length too short for the fixed fields.
        let mut short = b.clone();
        short[3] = 78;
        assert_eq!(err(&short).kind(), ErrorKind::BadLength);
        // Key Data Length one past the body.
        let mut long = b.clone();
        long[98] = 23;
        assert_eq!(err(&long).kind(), ErrorKind::BadLength);
        // A huge MIC length neither overflows nor panics.
        assert!(EapolKeyFrame::new_checked_with_mic(&b[..], usize::MAX).is_err());
    }

    #[test]
    fn repr_is_strict_view_is_lenient() {
        // Trailing octets inside the body, after the Key Data.
        let mut b = hex(WPA2_M4);
        b[3] += 2;
        b.extend_from_slice(&[0, 0]);
        let f = EapolKeyFrame::new_checked(&b[..]).unwrap();
        assert_eq!(f.message_kind(), KeyMessageKind::Pairwise4);
        assert_eq!(EapolKeyRepr::parse(&f).unwrap_err().kind(), ErrorKind::BadLength);
        // Octets after the PDU are not part of it.
        let mut b = hex(WPA2_M4);
        b.extend_from_slice(&[0; 4]);
        let f = EapolKeyFrame::new_checked(&b[..]).unwrap();
        assert_eq!(f.pdu().len(), 99);
        assert!(EapolKeyRepr::parse(&f).is_ok());
        // Not EAPOL-Key; RC4 descriptor.
        let mut b = hex(WPA2_M4);
        b[1] = 0;
        assert_eq!(
            EapolKeyRepr::parse(&EapolKeyFrame::new_unchecked(&b[..])).unwrap_err().kind(),
            ErrorKind::BadValue
        );
        b[1] = 3;
        b[4] = 1;
        let e = EapolKeyRepr::parse(&EapolKeyFrame::new_unchecked(&b[..])).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Unsupported);
    }

    #[test]
    fn key_info_builders_and_debug() {
        let m3 = KeyInfo::default()
            .with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes)
            .with(KeyInfo::PAIRWISE | KeyInfo::INSTALL | KeyInfo::ACK | KeyInfo::MIC, true)
            .with(KeyInfo::SECURE | KeyInfo::ENCRYPTED_KEY_DATA, true);
        assert_eq!(m3, KeyInfo(0x13ca));
        assert_eq!(m3.with(KeyInfo::INSTALL, false), KeyInfo(0x138a));
        assert_eq!(KeyInfo(0).with_key_index(2), KeyInfo(0x0020));
        assert_eq!(
            format!("{m3:?}"),
            "KeyInfo(0x13ca HmacSha1Aes Pairwise Install Ack Mic Secure EncKeyData)"
        );
    }

    /// Every fixed field at random; MIC and Key Data are filled in by the test.
    fn arb_fixed() -> impl Strategy<Value = EapolKeyRepr<'static>> {
        let descriptor = prop_oneof![Just(KeyDescriptorType::Rsn), Just(KeyDescriptorType::Wpa)];
        let counters = (any::<u8>(), descriptor, any::<u16>(), any::<u16>(), any::<u64>());
        let octets = (any::<[u8; 32]>(), any::<[u8; 16]>(), any::<[u8; 8]>(), any::<[u8; 8]>());
        (counters, octets).prop_map(|((version, descriptor_type, ki, key_length, replay_counter), o)| {
            EapolKeyRepr {
                version,
                descriptor_type,
                key_info: KeyInfo(ki),
                key_length,
                replay_counter,
                key_nonce: o.0,
                key_iv: o.1,
                key_rsc: o.2,
                key_id: o.3,
                key_mic: &[],
                key_data: &[],
            }
        })
    }

    proptest! {
        #[test]
        fn round_trip(
            fixed in arb_fixed(),
            mic_len in prop_oneof![Just(0usize), Just(16), Just(24)],
            mic in any::<[u8; 24]>(),
            key_data in proptest::collection::vec(any::<u8>(), 0..80),
        ) {
            let r = EapolKeyRepr { key_mic: &mic[..mic_len], key_data: &key_data, ..fixed };
            let mut buf = vec![0u8; r.buffer_len()];
            r.emit(&mut EapolKeyFrame::new_unchecked(&mut buf[..]));
            let view = EapolKeyFrame::new_checked_with_mic(&buf[..], mic_len).unwrap();
            let parsed = EapolKeyRepr::parse(&view).unwrap();
            prop_assert_eq!(parsed, r);
            let mut again = vec![0u8; parsed.buffer_len()];
            parsed.emit(&mut EapolKeyFrame::new_unchecked(&mut again[..]));
            prop_assert_eq!(again, buf);
        }

        #[test]
        fn never_panics(
            mut bytes in proptest::collection::vec(any::<u8>(), 0..160),
            body_len in 0u16..160,
            mic_len in 0usize..40,
        ) {
            // Make the body length plausible half of the time so the deeper checks run.
            if bytes.len() >= 4 && body_len % 2 == 0 {
                bytes[2..4].copy_from_slice(&body_len.to_be_bytes());
            }
            let f = EapolKeyFrame::new_unchecked_with_mic(&bytes[..], mic_len);
            if f.check_len().is_ok() {
                let _ = (f.descriptor_type(), f.key_info(), f.key_length(), f.replay_counter());
                let _ = (f.key_nonce(), f.key_iv(), f.key_rsc(), f.key_id(), f.mic(), f.key_data(), f.pdu());
                let _ = f.message_kind();
                let _ = KeyDataIter::new(f.key_data()).count();
            }
            if let Ok(r) = EapolKeyRepr::parse(&f) {
                let mut out = vec![0u8; r.buffer_len()];
                r.emit(&mut EapolKeyFrame::new_unchecked(&mut out[..]));
                prop_assert_eq!(&out[..], &bytes[..out.len()]);
            }
            let _ = format!("{f:?}");
        }
    }
}
