//! EAPOL-Key messages as the handshakes send and read them (802.11-2020 12.7.2, 12.7.6.2-5,
//! 12.7.7.2-3).
//!
//! Every message we send is an RSN descriptor (type 2) with Key Descriptor Version 2
//! (HMAC-SHA1-128 MIC, AES key wrap), the only one AKM 2 with CCMP-128 uses, in an EAPOL
//! header of version 2 (802.1X-2004, hostapd's default `eapol_version`). A message with the
//! MIC bit is signed with the KCK after it is laid out, over the whole PDU with the MIC field
//! zero.
//!
//! On receive, [`Incoming::parse`] accepts only what these handshakes can use: an EAPOL-Key PDU
//! with the RSN descriptor and Key Descriptor Version 2. Everything else (WPA descriptors,
//! other versions, truncated frames) is `None` and dropped by the caller; the MIC is checked by
//! the state machine that knows the KCK.

use crate::crypto::{CryptoError, Key, MicAlgorithm, MicVerified, sign_eapol, verify_eapol};
use crate::wire::eapol::key::{
    EapolKeyFrame, EapolKeyRepr, KeyDescriptorType, KeyDescriptorVersion, KeyInfo,
};
use crate::wire::eapol::{EapolFrame, EapolType, HEADER_LEN, VERSION_2004};

/// Key Length of CCMP-128 in messages 1 and 3 (Table 12-8).
pub(crate) const CCMP_KEY_LEN: u16 = 16;
/// The MIC algorithm of Key Descriptor Version 2.
pub(crate) const MIC: MicAlgorithm = MicAlgorithm::HmacSha1;

/// Key Information with our descriptor version and the given bits.
pub(crate) fn key_info(bits: u16) -> KeyInfo {
    KeyInfo(bits).with_descriptor_version(KeyDescriptorVersion::HmacSha1Aes)
}

/// A message to lay out.
pub(crate) struct Outgoing<'a> {
    /// Key Information (descriptor version included).
    pub info: KeyInfo,
    /// Key Length (16 in messages 1 and 3, 0 otherwise).
    pub key_length: u16,
    /// Key Replay Counter.
    pub replay: u64,
    /// Key Nonce (zero when the message carries none).
    pub nonce: [u8; 32],
    /// Key RSC: the next PN of the GTK the message delivers.
    pub rsc: u64,
    /// Key Data, already wrapped when the Encrypted Key Data bit is set.
    pub key_data: &'a [u8],
}

impl Outgoing<'_> {
    /// The EAPOL PDU, signed with `kck` when the MIC bit is set.
    pub(crate) fn build(&self, kck: Option<&Key<16>>) -> Vec<u8> {
        let repr = EapolKeyRepr {
            version: VERSION_2004,
            descriptor_type: KeyDescriptorType::Rsn,
            key_info: self.info,
            key_length: self.key_length,
            replay_counter: self.replay,
            key_nonce: self.nonce,
            key_iv: [0; 16],
            key_rsc: self.rsc.to_le_bytes(),
            key_id: [0; 8],
            key_mic: &[0; 16],
            key_data: self.key_data,
        };
        let mut pdu = vec![0; repr.buffer_len()];
        repr.emit(&mut EapolKeyFrame::new_unchecked(&mut pdu[..]));
        if let (true, Some(kck)) = (self.info.mic(), kck) {
            // The buffer was laid out by `emit` just above: signing cannot meet a short frame.
            let signed = sign_eapol(MIC, kck, &mut pdu);
            debug_assert!(signed.is_ok(), "a freshly built EAPOL-Key PDU is signable");
        }
        pdu
    }
}

/// A received EAPOL-Key message these handshakes understand.
pub(crate) struct Incoming<'a> {
    /// The whole EAPOL PDU, for MIC checks.
    pub pdu: &'a [u8],
    /// Its fields.
    pub key: EapolKeyRepr<'a>,
}

impl<'a> Incoming<'a> {
    /// Parses an EAPOL PDU; `None` for anything but an RSN EAPOL-Key with version 2.
    pub(crate) fn parse(pdu: &'a [u8]) -> Option<Incoming<'a>> {
        let eapol = EapolFrame::new_checked(pdu).ok()?;
        if eapol.packet_type() != EapolType::Key {
            return None;
        }
        let pdu = &pdu[..HEADER_LEN + usize::from(eapol.body_len())];
        let frame = EapolKeyFrame::new_checked(pdu).ok()?;
        let key = EapolKeyRepr::parse(&frame).ok()?;
        let ours = key.descriptor_type == KeyDescriptorType::Rsn
            && key.key_info.descriptor_version() == KeyDescriptorVersion::HmacSha1Aes;
        ours.then_some(Incoming { pdu, key })
    }

    /// Checks the MIC with `kck`.
    pub(crate) fn verify(&self, kck: &Key<16>) -> Result<MicVerified, CryptoError> {
        verify_eapol(MIC, kck, self.pdu)
    }

    /// The Key RSC as a PN.
    pub(crate) fn rsc(&self) -> u64 {
        u64::from_le_bytes(self.key.key_rsc) & 0xffff_ffff_ffff
    }
}
