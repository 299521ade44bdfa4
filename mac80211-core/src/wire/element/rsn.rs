//! The RSN element (802.11-2020 9.4.2.24).
//!
//! Layout, all little-endian:
//!
//! | field | octets |
//! |---|---|
//! | Version (must be 1) | 2 |
//! | Group Data Cipher Suite | 4 |
//! | Pairwise Cipher Suite Count *m*, List | 2 + 4*m* |
//! | AKM Suite Count *n*, List | 2 + 4*n* |
//! | RSN Capabilities | 2 |
//! | PMKID Count *s*, List | 2 + 16*s* |
//! | Group Management Cipher Suite | 4 |
//!
//! Every field after Version is optional, but only from the end: the element may stop after any
//! complete field, and an absent field takes its default (CCMP-128 group and pairwise cipher,
//! 802.1X AKM, zero capabilities, no PMKIDs, BIP-CMAC-128 group management cipher). [`Rsn`]
//! reports an absent field as `None` rather than inventing the default, so a caller can tell
//! "stopped early" from "said so", and re-emitting writes exactly the same prefix. A count of 0 is
//! legal. A field cut in the middle, or a count whose list runs past the end, is
//! [`ErrorKind::Truncated`]; a version other than 1 is [`ErrorKind::BadValue`]. Octets after the
//! Group Management Cipher Suite are kept raw ([`Rsn::trailing`]) for future fields.
//!
//! [`Rsn`] walks the body once to find the field boundaries and then reads lists lazily;
//! [`RsnRepr`] owns the values (with `Vec` lists) for building frames.

use super::cursor::{Reader, Writer};
use super::suite::{AkmSuite, AkmSuiteList, CipherSuite, CipherSuiteList};
use super::{Element, ElementId, ElementType, EmitElement};
use crate::wire::{Error, ErrorKind, Result};
use core::fmt;

/// The only RSN version defined.
pub const RSN_VERSION: u16 = 1;
/// Length of one PMKID.
pub const PMKID_LEN: usize = 16;

/// Reads a u16 count and that many 4-octet selectors.
#[inline]
pub(crate) fn read_selectors<'a>(
    r: &mut Reader<'a>,
    count_field: &'static str,
    list_field: &'static str,
) -> Result<&'a [u8]> {
    let count = usize::from(r.le16(count_field)?);
    r.take(count * 4, list_field)
}

/// RSN Capabilities (802.11-2020 9.4.2.24.4).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct RsnCapabilities(pub u16);

impl RsnCapabilities {
    /// Preauthentication supported (bit 0).
    pub const PREAUTH: u16 = 1 << 0;
    /// No Pairwise (bit 1).
    pub const NO_PAIRWISE: u16 = 1 << 1;
    /// Management Frame Protection Required (bit 6).
    pub const MFPR: u16 = 1 << 6;
    /// Management Frame Protection Capable (bit 7).
    pub const MFPC: u16 = 1 << 7;
    /// Joint Multi-band RSNA (bit 8).
    pub const JOINT_MULTIBAND: u16 = 1 << 8;
    /// PeerKey Enabled (bit 9).
    pub const PEERKEY: u16 = 1 << 9;
    /// SPP A-MSDU Capable (bit 10).
    pub const SPP_AMSDU_CAPABLE: u16 = 1 << 10;
    /// SPP A-MSDU Required (bit 11).
    pub const SPP_AMSDU_REQUIRED: u16 = 1 << 11;
    /// Protected Block Ack agreement Capable (bit 12).
    pub const PBAC: u16 = 1 << 12;
    /// Extended Key ID for Individually Addressed Frames (bit 13).
    pub const EXTENDED_KEY_ID: u16 = 1 << 13;
    /// Operating Channel Validation Capable (bit 14).
    pub const OCVC: u16 = 1 << 14;

    /// True when every bit of `mask` is set.
    #[inline]
    pub fn contains(self, mask: u16) -> bool {
        self.0 & mask == mask
    }

    /// A copy with the bits of `mask` set or cleared.
    #[must_use]
    pub fn with(self, mask: u16, on: bool) -> RsnCapabilities {
        RsnCapabilities(if on { self.0 | mask } else { self.0 & !mask })
    }

    /// Management frame protection required.
    pub fn mfpr(self) -> bool {
        self.contains(Self::MFPR)
    }

    /// Management frame protection capable.
    pub fn mfpc(self) -> bool {
        self.contains(Self::MFPC)
    }

    /// PTKSA Replay Counter subfield (bits 2-3), raw 0..=3.
    pub fn ptksa_replay_counter(self) -> u8 {
        ((self.0 >> 2) & 3) as u8
    }

    /// GTKSA Replay Counter subfield (bits 4-5), raw 0..=3.
    pub fn gtksa_replay_counter(self) -> u8 {
        ((self.0 >> 4) & 3) as u8
    }

    /// Number of PTKSA replay counters the raw subfield stands for (1, 2, 4 or 16).
    pub fn ptksa_replay_counters(self) -> u8 {
        replay_counters(self.ptksa_replay_counter())
    }

    /// Number of GTKSA replay counters the raw subfield stands for (1, 2, 4 or 16).
    pub fn gtksa_replay_counters(self) -> u8 {
        replay_counters(self.gtksa_replay_counter())
    }

    /// A copy with the PTKSA Replay Counter subfield set (masked to 2 bits).
    #[must_use]
    pub fn with_ptksa_replay_counter(self, raw: u8) -> RsnCapabilities {
        RsnCapabilities((self.0 & !0x000c) | (u16::from(raw & 3) << 2))
    }

    /// A copy with the GTKSA Replay Counter subfield set (masked to 2 bits).
    #[must_use]
    pub fn with_gtksa_replay_counter(self, raw: u8) -> RsnCapabilities {
        RsnCapabilities((self.0 & !0x0030) | (u16::from(raw & 3) << 4))
    }
}

fn replay_counters(raw: u8) -> u8 {
    [1, 2, 4, 16][usize::from(raw & 3)]
}

impl fmt::Debug for RsnCapabilities {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const NAMES: [(u16, &str); 11] = [
            (RsnCapabilities::PREAUTH, "PreAuth"),
            (RsnCapabilities::NO_PAIRWISE, "NoPairwise"),
            (RsnCapabilities::MFPR, "MFPR"),
            (RsnCapabilities::MFPC, "MFPC"),
            (RsnCapabilities::JOINT_MULTIBAND, "JointMultiBand"),
            (RsnCapabilities::PEERKEY, "PeerKey"),
            (RsnCapabilities::SPP_AMSDU_CAPABLE, "SppAmsduCapable"),
            (RsnCapabilities::SPP_AMSDU_REQUIRED, "SppAmsduRequired"),
            (RsnCapabilities::PBAC, "PBAC"),
            (RsnCapabilities::EXTENDED_KEY_ID, "ExtKeyId"),
            (RsnCapabilities::OCVC, "OCVC"),
        ];
        write!(
            f,
            "RsnCapabilities({:#06x}: ptksa={}, gtksa={}",
            self.0,
            self.ptksa_replay_counters(),
            self.gtksa_replay_counters()
        )?;
        for (_, name) in NAMES.iter().filter(|(m, _)| self.contains(*m)) {
            write!(f, " {name}")?;
        }
        f.write_str(")")
    }
}

/// A borrowed list of 16-octet PMKIDs.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct PmkidList<'a> {
    bytes: &'a [u8],
}

impl<'a> PmkidList<'a> {
    /// Number of PMKIDs.
    pub fn len(&self) -> usize {
        self.bytes.len() / PMKID_LEN
    }

    /// True for a count of 0.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }

    /// Iterates over the PMKIDs.
    pub fn iter(&self) -> impl Iterator<Item = &'a [u8; PMKID_LEN]> + 'a {
        let mut rest = self.bytes;
        core::iter::from_fn(move || {
            let (head, tail) = rest.split_first_chunk::<PMKID_LEN>()?;
            rest = tail;
            Some(head)
        })
    }
}

impl fmt::Debug for PmkidList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter().map(|p| Hex(p))).finish()
    }
}

struct Hex<'a>(&'a [u8]);

impl fmt::Debug for Hex<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

/// An RSN element as found in a frame.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rsn<'a> {
    body: &'a [u8],
    group_data_cipher: Option<CipherSuite>,
    pairwise: Option<CipherSuiteList<'a>>,
    akms: Option<AkmSuiteList<'a>>,
    capabilities: Option<RsnCapabilities>,
    pmkids: Option<PmkidList<'a>>,
    group_mgmt_cipher: Option<CipherSuite>,
    trailing: &'a [u8],
}

impl<'a> Rsn<'a> {
    /// Reads an element body, finding where each present field lies.
    #[inline]
    pub fn from_body(body: &'a [u8]) -> Result<Rsn<'a>> {
        let mut r = Reader::new(body);
        if r.le16("RSN version")? != RSN_VERSION {
            return Err(Error::new(ErrorKind::BadValue, "RSN version"));
        }
        let suite = |r: &mut Reader<'a>, f| r.array::<4>(f).map(|b| CipherSuite::from_bytes(*b));
        let group_data_cipher = r.optional(|r| suite(r, "RSN group data cipher suite"))?;
        // `read_selectors` returns whole 4-octet selectors, so the list constructors succeed.
        let pairwise = r.optional(|r| {
            read_selectors(r, "RSN pairwise suite count", "RSN pairwise suite list")
                .map(|bytes| CipherSuiteList::new(bytes).unwrap_or_default())
        })?;
        let akms = r.optional(|r| {
            read_selectors(r, "RSN AKM suite count", "RSN AKM suite list")
                .map(|bytes| AkmSuiteList::new(bytes).unwrap_or_default())
        })?;
        let capabilities = r.optional(|r| r.le16("RSN capabilities").map(RsnCapabilities))?;
        let pmkids = r.optional(|r| {
            let count = usize::from(r.le16("RSN PMKID count")?);
            r.take(count * PMKID_LEN, "RSN PMKID list").map(|bytes| PmkidList { bytes })
        })?;
        let group_mgmt_cipher = r.optional(|r| suite(r, "RSN group management cipher suite"))?;
        Ok(Rsn {
            body,
            group_data_cipher,
            pairwise,
            akms,
            capabilities,
            pmkids,
            group_mgmt_cipher,
            trailing: r.rest(),
        })
    }

    /// The whole body as read.
    #[inline]
    pub fn as_bytes(&self) -> &'a [u8] {
        self.body
    }

    /// Group Data Cipher Suite, if present.
    #[inline]
    pub fn group_data_cipher(&self) -> Option<CipherSuite> {
        self.group_data_cipher
    }

    /// Pairwise Cipher Suite List, if present (possibly empty).
    #[inline]
    pub fn pairwise_ciphers(&self) -> Option<CipherSuiteList<'a>> {
        self.pairwise
    }

    /// AKM Suite List, if present (possibly empty).
    #[inline]
    pub fn akm_suites(&self) -> Option<AkmSuiteList<'a>> {
        self.akms
    }

    /// RSN Capabilities, if present.
    #[inline]
    pub fn capabilities(&self) -> Option<RsnCapabilities> {
        self.capabilities
    }

    /// PMKID List, if present (possibly empty).
    #[inline]
    pub fn pmkids(&self) -> Option<PmkidList<'a>> {
        self.pmkids
    }

    /// Group Management Cipher Suite, if present.
    #[inline]
    pub fn group_mgmt_cipher(&self) -> Option<CipherSuite> {
        self.group_mgmt_cipher
    }

    /// Octets after the Group Management Cipher Suite (empty in 802.11-2020 elements).
    #[inline]
    pub fn trailing(&self) -> &'a [u8] {
        self.trailing
    }
}

impl<'a> ElementType<'a> for Rsn<'a> {
    const ID: ElementId = ElementId::Rsn;

    #[inline]
    fn parse(element: Element<'a>) -> Result<Self> {
        Rsn::from_body(element.body())
    }
}

impl EmitElement for Rsn<'_> {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Rsn
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.body.len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        buf.copy_from_slice(self.body)
    }
}

impl fmt::Debug for Rsn<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Rsn")
            .field("group", &self.group_data_cipher)
            .field("pairwise", &self.pairwise)
            .field("akm", &self.akms)
            .field("caps", &self.capabilities)
            .field("pmkids", &self.pmkids)
            .field("group_mgmt", &self.group_mgmt_cipher)
            .finish()
    }
}

/// An owned RSN element.
///
/// Fields are written in order up to the last one present. A `None` before a present field is
/// written as the standard's default for an absent field (CCMP-128, `[CCMP-128]`, `[802.1X]`,
/// zero capabilities, no PMKIDs), which means the same thing; such a repr does not round-trip
/// field for field, but [`RsnRepr::parse`] never produces one.
#[derive(Clone, PartialEq, Eq, Hash, Debug, Default)]
pub struct RsnRepr {
    /// Group Data Cipher Suite.
    pub group_data_cipher: Option<CipherSuite>,
    /// Pairwise Cipher Suite List.
    pub pairwise_ciphers: Option<Vec<CipherSuite>>,
    /// AKM Suite List.
    pub akm_suites: Option<Vec<AkmSuite>>,
    /// RSN Capabilities.
    pub capabilities: Option<RsnCapabilities>,
    /// PMKID List.
    pub pmkids: Option<Vec<[u8; PMKID_LEN]>>,
    /// Group Management Cipher Suite.
    pub group_mgmt_cipher: Option<CipherSuite>,
    /// Octets after the Group Management Cipher Suite, written after it.
    pub trailing: Vec<u8>,
}

impl RsnRepr {
    /// WPA2-Personal: CCMP-128 group and pairwise, PSK, zero capabilities. This is what
    /// hostapd sends for `wpa=2 wpa_key_mgmt=WPA-PSK rsn_pairwise=CCMP` without WMM.
    pub fn wpa2_psk_ccmp() -> RsnRepr {
        RsnRepr {
            group_data_cipher: Some(CipherSuite::Ccmp128),
            pairwise_ciphers: Some(vec![CipherSuite::Ccmp128]),
            akm_suites: Some(vec![AkmSuite::Psk]),
            capabilities: Some(RsnCapabilities(0)),
            ..RsnRepr::default()
        }
    }

    /// Reads a parsed RSN element.
    pub fn parse(rsn: &Rsn<'_>) -> Result<RsnRepr> {
        Ok(RsnRepr {
            group_data_cipher: rsn.group_data_cipher,
            pairwise_ciphers: rsn.pairwise.map(|l| l.iter().collect()),
            akm_suites: rsn.akms.map(|l| l.iter().collect()),
            capabilities: rsn.capabilities,
            pmkids: rsn.pmkids.map(|l| l.iter().copied().collect()),
            group_mgmt_cipher: rsn.group_mgmt_cipher,
            trailing: rsn.trailing.to_vec(),
        })
    }

    /// How many optional fields are written (0 = version only, 6 = through group management).
    fn depth(&self) -> usize {
        if self.group_mgmt_cipher.is_some() || !self.trailing.is_empty() {
            6
        } else if self.pmkids.is_some() {
            5
        } else if self.capabilities.is_some() {
            4
        } else if self.akm_suites.is_some() {
            3
        } else if self.pairwise_ciphers.is_some() {
            2
        } else {
            usize::from(self.group_data_cipher.is_some())
        }
    }

    /// Octets the body occupies.
    pub fn buffer_len(&self) -> usize {
        let d = self.depth();
        let list = |n: Option<usize>| 2 + 4 * n.unwrap_or(1);
        let mut len = 2;
        len += if d >= 1 { 4 } else { 0 };
        len += if d >= 2 { list(self.pairwise_ciphers.as_ref().map(Vec::len)) } else { 0 };
        len += if d >= 3 { list(self.akm_suites.as_ref().map(Vec::len)) } else { 0 };
        len += if d >= 4 { 2 } else { 0 };
        len += if d >= 5 { 2 + PMKID_LEN * self.pmkids.as_ref().map_or(0, Vec::len) } else { 0 };
        len + if d >= 6 { 4 + self.trailing.len() } else { 0 }
    }

    fn emit_to(&self, w: &mut Writer<'_>) {
        let d = self.depth();
        w.le16(RSN_VERSION);
        if d >= 1 {
            w.bytes(&self.group_data_cipher.unwrap_or(CipherSuite::Ccmp128).to_bytes());
        }
        if d >= 2 {
            let list = self.pairwise_ciphers.as_deref().unwrap_or(&[CipherSuite::Ccmp128]);
            w.le16(list.len() as u16);
            for s in list {
                w.bytes(&s.to_bytes());
            }
        }
        if d >= 3 {
            let list = self.akm_suites.as_deref().unwrap_or(&[AkmSuite::Ieee8021x]);
            w.le16(list.len() as u16);
            for s in list {
                w.bytes(&s.to_bytes());
            }
        }
        if d >= 4 {
            w.le16(self.capabilities.unwrap_or_default().0);
        }
        if d >= 5 {
            let list = self.pmkids.as_deref().unwrap_or(&[]);
            w.le16(list.len() as u16);
            for p in list {
                w.bytes(p);
            }
        }
        if d >= 6 {
            w.bytes(&self.group_mgmt_cipher.unwrap_or(CipherSuite::BipCmac128).to_bytes());
            w.bytes(&self.trailing);
        }
    }
}

impl EmitElement for RsnRepr {
    #[inline]
    fn element_id(&self) -> ElementId {
        ElementId::Rsn
    }
    #[inline]
    fn body_len(&self) -> usize {
        self.buffer_len()
    }
    #[inline]
    fn emit_body(&self, buf: &mut [u8]) {
        self.emit_to(&mut Writer::new(buf));
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::element::{Elements, push_element};
    use proptest::prelude::*;

    // The linux-anchor WPA2-PSK/CCMP example; also aircrack-ng__capture_wds-01.cap frame 8.
    static WPA2_PSK: [u8; 22] = [
        0x30, 0x14, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00,
        0x0f, 0xac, 0x02, 0x00, 0x00,
    ];
    // wlanpi-profiler__IntelAX210_Windows10_10-3d-1c-00-00-00_5.8GHz-anonymized.pcap frame 1
    // (association request): SAE, caps 0x00fc, one PMKID, BIP-CMAC-128.
    static AX210_SAE: [u8; 44] = [
        0x30, 0x2a, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x01, 0x00, 0x00,
        0x0f, 0xac, 0x08, 0xfc, 0x00, 0x01, 0x00, 0x06, 0x6c, 0x19, 0xd5, 0x5e, 0x94, 0x85, 0x45, 0x34, 0x37,
        0x34, 0x0f, 0xe5, 0xcd, 0x7b, 0x7e, 0x00, 0x0f, 0xac, 0x06,
    ];
    // aircrack-ng__MOM1.cap frame 1 (beacon): TKIP group, pairwise CCMP + TKIP, PSK.
    static MOM1: [u8; 26] = [
        0x30, 0x18, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x02, 0x02, 0x00, 0x00, 0x0f, 0xac, 0x04, 0x00, 0x0f, 0xac,
        0x02, 0x01, 0x00, 0x00, 0x0f, 0xac, 0x02, 0x00, 0x00,
    ];

    fn rsn(bytes: &[u8]) -> Rsn<'_> {
        Elements::new(bytes).get::<Rsn>().unwrap().unwrap()
    }

    #[test]
    fn deconstruct_wpa2_psk() {
        let r = rsn(&WPA2_PSK);
        assert_eq!(r.group_data_cipher(), Some(CipherSuite::Ccmp128));
        assert_eq!(r.pairwise_ciphers().unwrap().iter().collect::<Vec<_>>(), [CipherSuite::Ccmp128]);
        assert_eq!(r.akm_suites().unwrap().iter().collect::<Vec<_>>(), [AkmSuite::Psk]);
        assert_eq!(r.capabilities(), Some(RsnCapabilities(0)));
        assert_eq!((r.pmkids(), r.group_mgmt_cipher()), (None, None));
        assert!(r.trailing().is_empty());
        let names: Vec<String> = r.akm_suites().unwrap().iter().map(AkmSuite::to_selector_string).collect();
        assert_eq!(names, ["00-0f-ac:2"]);
    }

    #[test]
    fn construct_wpa2_psk() {
        let mut v = Vec::new();
        push_element(&mut v, &RsnRepr::wpa2_psk_ccmp()).unwrap();
        assert_eq!(v, WPA2_PSK);
    }

    #[test]
    fn deconstruct_sae_with_pmkid_and_bip() {
        let r = rsn(&AX210_SAE);
        assert!(r.akm_suites().unwrap().contains(AkmSuite::Sae));
        let caps = r.capabilities().unwrap();
        assert!(caps.mfpc() && caps.mfpr()); // 0xfc: 16 + 16 replay counters, MFPR, MFPC
        assert_eq!((caps.ptksa_replay_counters(), caps.gtksa_replay_counters()), (16, 16));
        let pmkids: Vec<_> = r.pmkids().unwrap().iter().collect();
        assert_eq!(pmkids.len(), 1);
        assert_eq!(pmkids[0][..2], [0x06, 0x6c]);
        assert_eq!(r.group_mgmt_cipher(), Some(CipherSuite::BipCmac128));
        let repr = RsnRepr::parse(&r).unwrap();
        let mut v = Vec::new();
        push_element(&mut v, &repr).unwrap();
        assert_eq!(v, AX210_SAE);
    }

    #[test]
    fn deconstruct_mixed_pairwise() {
        let r = rsn(&MOM1);
        assert_eq!(r.group_data_cipher(), Some(CipherSuite::Tkip));
        let p: Vec<_> = r.pairwise_ciphers().unwrap().iter().map(CipherSuite::to_selector_string).collect();
        assert_eq!(p, ["00-0f-ac:4", "00-0f-ac:2"]);
    }

    #[test]
    fn every_complete_prefix_parses_and_re_emits() {
        // Field boundaries of AX210_SAE's body: version, group, pairwise, AKM, caps, PMKIDs, mgmt.
        let body = &AX210_SAE[2..];
        let ends = [2, 6, 12, 18, 20, 38, 42];
        for cut in 0..=body.len() {
            let got = Rsn::from_body(&body[..cut]);
            if ends.contains(&cut) {
                let r = got.unwrap();
                let repr = RsnRepr::parse(&r).unwrap();
                let mut v = Vec::new();
                push_element(&mut v, &repr).unwrap();
                assert_eq!(&v[2..], &body[..cut], "cut at {cut}");
                let present = [
                    r.group_data_cipher().is_some(),
                    r.pairwise_ciphers().is_some(),
                    r.akm_suites().is_some(),
                    r.capabilities().is_some(),
                    r.pmkids().is_some(),
                    r.group_mgmt_cipher().is_some(),
                ];
                let n = ends.iter().position(|&e| e == cut).unwrap();
                assert_eq!(present.iter().filter(|&&p| p).count(), n);
            } else {
                assert_eq!(got.unwrap_err().kind(), ErrorKind::Truncated, "cut at {cut}");
            }
        }
    }

    #[test]
    fn counts_zero_overrun_and_version() {
        let r = Rsn::from_body(&[1, 0, 0, 0x0f, 0xac, 4, 0, 0, 0, 0]).unwrap();
        assert!(r.pairwise_ciphers().unwrap().is_empty() && r.akm_suites().unwrap().is_empty());
        let e = Rsn::from_body(&[1, 0, 0, 0x0f, 0xac, 4, 2, 0, 0, 0x0f, 0xac, 4]).unwrap_err();
        assert_eq!((e.kind(), e.field()), (ErrorKind::Truncated, "RSN pairwise suite list"));
        assert_eq!(Rsn::from_body(&[2, 0]).unwrap_err().kind(), ErrorKind::BadValue);
        assert_eq!(Rsn::from_body(&[1]).unwrap_err().kind(), ErrorKind::Truncated);
        let extra = Rsn::from_body(&[&AX210_SAE[2..], &[0xdd][..]].concat()).map(|r| r.trailing().to_vec());
        assert_eq!(extra.unwrap(), [0xdd]);
    }

    #[test]
    fn gaps_are_written_as_defaults() {
        let repr = RsnRepr {
            capabilities: Some(RsnCapabilities(0).with(RsnCapabilities::MFPC, true)),
            ..RsnRepr::default()
        };
        let mut v = Vec::new();
        push_element(&mut v, &repr).unwrap();
        let r = rsn(&v);
        assert_eq!(r.group_data_cipher(), Some(CipherSuite::Ccmp128));
        assert_eq!(r.pairwise_ciphers().unwrap().iter().collect::<Vec<_>>(), [CipherSuite::Ccmp128]);
        assert_eq!(r.akm_suites().unwrap().iter().collect::<Vec<_>>(), [AkmSuite::Ieee8021x]);
        assert_eq!(r.capabilities().unwrap().0, 0x0080);
        assert_eq!(RsnRepr::default().buffer_len(), 2);
    }

    #[test]
    fn capability_bits() {
        let c = RsnCapabilities(0)
            .with(RsnCapabilities::MFPR, true)
            .with_ptksa_replay_counter(3)
            .with_gtksa_replay_counter(1);
        assert!(c.mfpr() && !c.mfpc());
        assert_eq!((c.ptksa_replay_counter(), c.gtksa_replay_counter()), (3, 1));
        assert_eq!(c.0, 0x005c);
        assert_eq!(format!("{c:?}"), "RsnCapabilities(0x005c: ptksa=16, gtksa=2 MFPR)");
        assert_eq!(c.with(RsnCapabilities::MFPR, false).0, 0x001c);
    }

    fn repr() -> impl Strategy<Value = RsnRepr> {
        let cipher = any::<u32>().prop_map(CipherSuite::from);
        let akm = any::<u32>().prop_map(AkmSuite::from);
        (
            0..=7usize,
            cipher.clone(),
            proptest::collection::vec(cipher.clone(), 0..6),
            proptest::collection::vec(akm, 0..6),
            any::<u16>(),
            proptest::collection::vec(any::<[u8; 16]>(), 0..4),
            cipher,
            proptest::collection::vec(any::<u8>(), 1..8),
        )
            .prop_map(|(depth, g, p, a, c, k, m, t)| RsnRepr {
                group_data_cipher: (depth >= 1).then_some(g),
                pairwise_ciphers: (depth >= 2).then_some(p),
                akm_suites: (depth >= 3).then_some(a),
                capabilities: (depth >= 4).then_some(RsnCapabilities(c)),
                pmkids: (depth >= 5).then_some(k),
                group_mgmt_cipher: (depth >= 6).then_some(m),
                trailing: if depth >= 7 { t } else { Vec::new() },
            })
    }

    proptest! {
        #[test]
        fn round_trip(repr in repr()) {
            let mut v = Vec::new();
            push_element(&mut v, &repr).unwrap();
            prop_assert_eq!(v.len(), 2 + repr.buffer_len());
            let r = rsn(&v);
            let parsed = RsnRepr::parse(&r).unwrap();
            prop_assert_eq!(&parsed, &repr);
            let mut again = Vec::new();
            push_element(&mut again, &parsed).unwrap();
            prop_assert_eq!(again, v);
        }

        #[test]
        fn never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..=255)) {
            let mut b = bytes;
            if b.len() >= 2 && b[0] & 1 == 0 {
                // Make most inputs reach past the version check.
                b[0] = 1;
                b[1] = 0;
            }
            if let Ok(r) = Rsn::parse(Element::new(48, &b)) {
                let _ = format!("{r:?}");
                let _ = r.pairwise_ciphers().map(|l| l.iter().count());
                let _ = r.akm_suites().map(|l| l.iter().count());
                let _ = r.pmkids().map(|l| l.iter().count());
                let repr = RsnRepr::parse(&r).unwrap();
                let mut v = Vec::new();
                push_element(&mut v, &repr).unwrap();
                prop_assert_eq!(&v[2..], &b[..]);
            }
        }
    }
}
