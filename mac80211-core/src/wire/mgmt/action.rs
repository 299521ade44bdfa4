//! Action and Action No Ack bodies (802.11-2020 9.3.3.14, 9.3.3.15, 9.4.1.11, 9.6).
//!
//! An Action body is a Category octet and, for every category except the two vendor-specific
//! ones, an Action octet; what follows depends on both. [`Action`] views a body (after the
//! MAC header) and [`ActionBody`] is its representation. Typed here:
//!
//! | category | action | fields after Category and Action |
//! |---|---|---|
//! | Block Ack (3) | ADDBA Request (0) | Dialog Token (1), Block Ack Parameter Set (2), Block Ack Timeout (2), Starting Sequence Control (2), elements |
//! | Block Ack (3) | ADDBA Response (1) | Dialog Token (1), Status Code (2), Block Ack Parameter Set (2), Block Ack Timeout (2), elements |
//! | Block Ack (3) | DELBA (2) | DELBA Parameter Set (2), Reason Code (2), elements |
//! | SA Query (8) | Request (0), Response (1) | Transaction Identifier (2), elements (OCI) |
//!
//! Everything else, including unknown Block Ack and SA Query actions, is kept raw in
//! [`ActionBody::Other`]. A robust Action frame sent with the Protected Frame bit set is
//! encrypted: this module must not be given its body (the management dispatcher keeps it raw).
//! The optional trailing elements of typed frames must form an intact run for `parse` to
//! succeed, and are kept byte for byte.

use crate::wire::bytes::{le16, put_le16};
use crate::wire::header::SeqCtrl;
use crate::wire::macros::open_enum;
use crate::wire::{Elements, Error, ErrorKind, ReasonCode, Result, StatusCode};
use core::fmt;

open_enum! {
    /// Action frame category (802.11-2020 9.4.1.11, with 802.11ax/az/ba/be additions).
    pub enum ActionCategory(u8) {
        /// Spectrum Management.
        SpectrumMgmt = 0 => "Spectrum Management",
        /// QoS.
        Qos = 1 => "QoS",
        /// DLS (obsolete).
        Dls = 2 => "DLS",
        /// Block Ack.
        BlockAck = 3 => "Block Ack",
        /// Public.
        Public = 4 => "Public",
        /// Radio Measurement.
        RadioMeasurement = 5 => "Radio Measurement",
        /// Fast BSS Transition.
        FastBssTransition = 6 => "Fast BSS Transition",
        /// HT.
        Ht = 7 => "HT",
        /// SA Query.
        SaQuery = 8 => "SA Query",
        /// Protected Dual of Public Action.
        ProtectedDualOfPublic = 9 => "Protected Dual of Public Action",
        /// WNM.
        Wnm = 10 => "WNM",
        /// Unprotected WNM.
        UnprotectedWnm = 11 => "Unprotected WNM",
        /// TDLS.
        Tdls = 12 => "TDLS",
        /// Mesh.
        Mesh = 13 => "Mesh",
        /// Multihop.
        Multihop = 14 => "Multihop",
        /// Self Protected.
        SelfProtected = 15 => "Self Protected",
        /// DMG.
        Dmg = 16 => "DMG",
        /// WMM (Wi-Fi Alliance WMM specification).
        Wmm = 17 => "WMM",
        /// Fast Session Transfer.
        Fst = 18 => "FST",
        /// Robust AV Streaming.
        RobustAvStreaming = 19 => "Robust AV Streaming",
        /// Unprotected DMG.
        UnprotectedDmg = 20 => "Unprotected DMG",
        /// VHT.
        Vht = 21 => "VHT",
        /// Unprotected S1G.
        UnprotectedS1g = 22 => "Unprotected S1G",
        /// S1G.
        S1g = 23 => "S1G",
        /// Flow Control.
        FlowControl = 24 => "Flow Control",
        /// Control Response MCS Negotiation.
        CtrlRespMcsNegotiation = 25 => "Control Response MCS Negotiation",
        /// FILS.
        Fils = 26 => "FILS",
        /// CDMG.
        Cdmg = 27 => "CDMG",
        /// CMMG.
        Cmmg = 28 => "CMMG",
        /// GLK.
        Glk = 29 => "GLK",
        /// HE (802.11ax).
        He = 30 => "HE",
        /// Protected HE (802.11ax).
        ProtectedHe = 31 => "Protected HE",
        /// WUR (802.11ba).
        Wur = 32 => "WUR",
        /// Protected Fine Timing Measurement (802.11az).
        ProtectedFtm = 34 => "Protected FTM",
        /// EHT (802.11be).
        Eht = 36 => "EHT",
        /// Protected EHT (802.11be).
        ProtectedEht = 37 => "Protected EHT",
        /// Vendor-specific Protected.
        VendorSpecificProtected = 126 => "Vendor-specific Protected",
        /// Vendor-specific.
        VendorSpecific = 127 => "Vendor-specific",
    }
}

impl ActionCategory {
    /// True for the vendor-specific categories, whose body has no Action octet (an OUI follows
    /// the Category instead).
    pub fn is_vendor(self) -> bool {
        matches!(self, ActionCategory::VendorSpecific | ActionCategory::VendorSpecificProtected)
    }
}

open_enum! {
    /// Block Ack Action field values (802.11-2020 9.6.4.1).
    pub enum BlockAckAction(u8) {
        /// ADDBA Request.
        AddbaRequest = 0 => "ADDBA Request",
        /// ADDBA Response.
        AddbaResponse = 1 => "ADDBA Response",
        /// DELBA.
        Delba = 2 => "DELBA",
    }
}

open_enum! {
    /// SA Query Action field values (802.11-2020 9.6.9.1).
    pub enum SaQueryAction(u8) {
        /// SA Query Request.
        Request = 0 => "SA Query Request",
        /// SA Query Response.
        Response = 1 => "SA Query Response",
    }
}

/// Block Ack Parameter Set (802.11-2020 9.4.1.14).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct BlockAckParams(pub u16);

impl BlockAckParams {
    /// Builds from its subfields (TID masked to 4 bits, buffer size to 10 bits).
    pub fn new(amsdu_supported: bool, immediate: bool, tid: u8, buffer_size: u16) -> BlockAckParams {
        BlockAckParams(
            u16::from(amsdu_supported)
                | (u16::from(immediate) << 1)
                | (u16::from(tid & 0xf) << 2)
                | ((buffer_size & 0x3ff) << 6),
        )
    }
    /// A-MSDU Supported, bit 0.
    pub fn amsdu_supported(self) -> bool {
        self.0 & 1 != 0
    }
    /// Block Ack Policy, bit 1: true for immediate, false for delayed Block Ack.
    pub fn immediate(self) -> bool {
        self.0 & 2 != 0
    }
    /// TID, bits 2-5.
    pub fn tid(self) -> u8 {
        ((self.0 >> 2) & 0xf) as u8
    }
    /// Buffer Size, bits 6-15 (0 in a request means "no preference").
    pub fn buffer_size(self) -> u16 {
        self.0 >> 6
    }
}

impl fmt::Debug for BlockAckParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "BlockAckParams(amsdu={}, immediate={}, tid={}, buffer={})",
            self.amsdu_supported(),
            self.immediate(),
            self.tid(),
            self.buffer_size()
        )
    }
}

/// DELBA Parameter Set (802.11-2020 9.4.1.16).
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct DelbaParams(pub u16);

impl DelbaParams {
    /// Builds from its subfields (TID masked to 4 bits).
    pub fn new(initiator: bool, tid: u8) -> DelbaParams {
        DelbaParams((u16::from(initiator) << 11) | (u16::from(tid & 0xf) << 12))
    }
    /// Initiator, bit 11: the sender set up the agreement as originator.
    pub fn initiator(self) -> bool {
        self.0 & (1 << 11) != 0
    }
    /// TID, bits 12-15.
    pub fn tid(self) -> u8 {
        (self.0 >> 12) as u8
    }
}

impl fmt::Debug for DelbaParams {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "DelbaParams(initiator={}, tid={})", self.initiator(), self.tid())
    }
}

mod field {
    use core::ops::Range;
    pub const CATEGORY: usize = 0;
    pub const ACTION: usize = 1;
    /// Typed fields below are relative to the octet after the Action field.
    pub mod addba_req {
        use super::Range;
        pub const DIALOG_TOKEN: usize = 0;
        pub const PARAMS: Range<usize> = 1..3;
        pub const TIMEOUT: Range<usize> = 3..5;
        pub const SSC: Range<usize> = 5..7;
        pub const ELEMENTS: usize = 7;
    }
    pub mod addba_resp {
        use super::Range;
        pub const DIALOG_TOKEN: usize = 0;
        pub const STATUS: Range<usize> = 1..3;
        pub const PARAMS: Range<usize> = 3..5;
        pub const TIMEOUT: Range<usize> = 5..7;
        pub const ELEMENTS: usize = 7;
    }
    pub mod delba {
        use super::Range;
        pub const PARAMS: Range<usize> = 0..2;
        pub const REASON: Range<usize> = 2..4;
        pub const ELEMENTS: usize = 4;
    }
    pub mod sa_query {
        use super::Range;
        pub const TRANSACTION_ID: Range<usize> = 0..2;
        pub const ELEMENTS: usize = 2;
    }
}

/// A read/write view of an Action or Action No Ack body.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Action<T: AsRef<[u8]>> {
    buffer: T,
}

impl<T: AsRef<[u8]>> Action<T> {
    /// Wraps a body without checking it.
    pub const fn new_unchecked(buffer: T) -> Action<T> {
        Action { buffer }
    }

    /// Wraps a body and checks that the Category is present.
    pub fn new_checked(buffer: T) -> Result<Action<T>> {
        let a = Self::new_unchecked(buffer);
        a.check_len()?;
        Ok(a)
    }

    /// Checks that the Category is present. The Action octet is optional to the view:
    /// vendor-specific categories do not have one.
    pub fn check_len(&self) -> Result<()> {
        if self.buffer.as_ref().is_empty() {
            return Err(Error::new(ErrorKind::Truncated, "action category"));
        }
        Ok(())
    }

    /// Returns the underlying buffer.
    pub fn into_inner(self) -> T {
        self.buffer
    }

    /// Category.
    #[inline]
    pub fn category(&self) -> ActionCategory {
        ActionCategory::from(self.buffer.as_ref()[field::CATEGORY])
    }

    /// The Action octet; `None` for vendor-specific categories or when the body ends.
    #[inline]
    pub fn action(&self) -> Option<u8> {
        if self.category().is_vendor() { None } else { self.buffer.as_ref().get(field::ACTION).copied() }
    }
}

impl<'a, T: AsRef<[u8]> + ?Sized> Action<&'a T> {
    /// Everything after the Category and (when present) Action octets.
    #[inline]
    pub fn payload(&self) -> &'a [u8] {
        let at = 1 + usize::from(self.action().is_some());
        &self.buffer.as_ref()[at..]
    }
}

impl<T: AsRef<[u8]> + AsMut<[u8]>> Action<T> {
    /// Sets the Category.
    #[inline]
    pub fn set_category(&mut self, c: ActionCategory) {
        self.buffer.as_mut()[field::CATEGORY] = c.value()
    }
    /// Sets the Action octet (the body must have room for it).
    #[inline]
    pub fn set_action(&mut self, a: u8) {
        self.buffer.as_mut()[field::ACTION] = a
    }
    /// Everything from offset `at` on, mutable: `at` is 2 after an Action octet, 1 when the
    /// body has none (vendor-specific categories). The caller says which, because a buffer
    /// being written does not know yet.
    #[inline]
    pub fn payload_mut(&mut self, at: usize) -> &mut [u8] {
        &mut self.buffer.as_mut()[at..]
    }
}

/// ADDBA Request fields (after Category and Action).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AddbaReq<'a> {
    /// Dialog Token, echoed in the response.
    pub dialog_token: u8,
    /// Block Ack Parameter Set.
    pub params: BlockAckParams,
    /// Block Ack Timeout Value in TU (0: none).
    pub timeout: u16,
    /// Block Ack Starting Sequence Control.
    pub ssc: SeqCtrl,
    /// Optional elements (GCR Group Address, Multi-band, TCLAS, ADDBA Extension).
    pub elements: Elements<'a>,
}

/// ADDBA Response fields (after Category and Action).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct AddbaResp<'a> {
    /// Dialog Token of the request.
    pub dialog_token: u8,
    /// Status Code.
    pub status: StatusCode,
    /// Block Ack Parameter Set.
    pub params: BlockAckParams,
    /// Block Ack Timeout Value in TU.
    pub timeout: u16,
    /// Optional elements.
    pub elements: Elements<'a>,
}

/// DELBA fields (after Category and Action).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Delba<'a> {
    /// DELBA Parameter Set.
    pub params: DelbaParams,
    /// Reason Code.
    pub reason: ReasonCode,
    /// Optional elements (Multi-band, TCLAS).
    pub elements: Elements<'a>,
}

/// SA Query Request or Response fields (after Category and Action).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct SaQuery<'a> {
    /// Transaction Identifier, an opaque octet pair echoed by the response.
    pub transaction_id: [u8; 2],
    /// Optional elements (Operating Channel Information).
    pub elements: Elements<'a>,
}

fn truncated(what: &'static str) -> Error {
    Error::new(ErrorKind::Truncated, what)
}

fn checked_elements(buf: &[u8]) -> Result<Elements<'_>> {
    let e = Elements::new(buf);
    e.check()?;
    Ok(e)
}

impl<'a> AddbaReq<'a> {
    fn parse(p: &'a [u8]) -> Result<AddbaReq<'a>> {
        use field::addba_req as f;
        if p.len() < f::ELEMENTS {
            return Err(truncated("ADDBA request fixed fields"));
        }
        Ok(AddbaReq {
            dialog_token: p[f::DIALOG_TOKEN],
            params: BlockAckParams(le16(&p[f::PARAMS])),
            timeout: le16(&p[f::TIMEOUT]),
            ssc: SeqCtrl(le16(&p[f::SSC])),
            elements: checked_elements(&p[f::ELEMENTS..])?,
        })
    }

    fn emit(&self, p: &mut [u8]) {
        use field::addba_req as f;
        p[f::DIALOG_TOKEN] = self.dialog_token;
        put_le16(&mut p[f::PARAMS], self.params.0);
        put_le16(&mut p[f::TIMEOUT], self.timeout);
        put_le16(&mut p[f::SSC], self.ssc.0);
        copy_elements(&mut p[f::ELEMENTS..], &self.elements);
    }
}

impl<'a> AddbaResp<'a> {
    fn parse(p: &'a [u8]) -> Result<AddbaResp<'a>> {
        use field::addba_resp as f;
        if p.len() < f::ELEMENTS {
            return Err(truncated("ADDBA response fixed fields"));
        }
        Ok(AddbaResp {
            dialog_token: p[f::DIALOG_TOKEN],
            status: StatusCode::from(le16(&p[f::STATUS])),
            params: BlockAckParams(le16(&p[f::PARAMS])),
            timeout: le16(&p[f::TIMEOUT]),
            elements: checked_elements(&p[f::ELEMENTS..])?,
        })
    }

    fn emit(&self, p: &mut [u8]) {
        use field::addba_resp as f;
        p[f::DIALOG_TOKEN] = self.dialog_token;
        put_le16(&mut p[f::STATUS], self.status.value());
        put_le16(&mut p[f::PARAMS], self.params.0);
        put_le16(&mut p[f::TIMEOUT], self.timeout);
        copy_elements(&mut p[f::ELEMENTS..], &self.elements);
    }
}

impl<'a> Delba<'a> {
    fn parse(p: &'a [u8]) -> Result<Delba<'a>> {
        use field::delba as f;
        if p.len() < f::ELEMENTS {
            return Err(truncated("DELBA fixed fields"));
        }
        Ok(Delba {
            params: DelbaParams(le16(&p[f::PARAMS])),
            reason: ReasonCode::from(le16(&p[f::REASON])),
            elements: checked_elements(&p[f::ELEMENTS..])?,
        })
    }

    fn emit(&self, p: &mut [u8]) {
        use field::delba as f;
        put_le16(&mut p[f::PARAMS], self.params.0);
        put_le16(&mut p[f::REASON], self.reason.value());
        copy_elements(&mut p[f::ELEMENTS..], &self.elements);
    }
}

impl<'a> SaQuery<'a> {
    fn parse(p: &'a [u8]) -> Result<SaQuery<'a>> {
        use field::sa_query as f;
        if p.len() < f::ELEMENTS {
            return Err(truncated("SA Query transaction identifier"));
        }
        Ok(SaQuery {
            transaction_id: [p[f::TRANSACTION_ID.start], p[f::TRANSACTION_ID.start + 1]],
            elements: checked_elements(&p[f::ELEMENTS..])?,
        })
    }

    fn emit(&self, p: &mut [u8]) {
        use field::sa_query as f;
        p[f::TRANSACTION_ID].copy_from_slice(&self.transaction_id);
        copy_elements(&mut p[f::ELEMENTS..], &self.elements);
    }
}

fn copy_elements(dst: &mut [u8], e: &Elements<'_>) {
    let e = e.as_bytes();
    dst[..e.len()].copy_from_slice(e);
}

/// High-level representation of an Action or Action No Ack body.
///
/// `parse` produces a typed variant whenever category and action select one, so
/// [`ActionBody::Other`] never holds an ADDBA, DELBA or SA Query frame after parsing, and its
/// `action` is `None` exactly for vendor-specific categories (or a body that ends after the
/// Category).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum ActionBody<'a> {
    /// Block Ack, ADDBA Request.
    AddbaReq(AddbaReq<'a>),
    /// Block Ack, ADDBA Response.
    AddbaResp(AddbaResp<'a>),
    /// Block Ack, DELBA.
    Delba(Delba<'a>),
    /// SA Query Request.
    SaQueryReq(SaQuery<'a>),
    /// SA Query Response.
    SaQueryResp(SaQuery<'a>),
    /// Any other category or action, raw.
    Other {
        /// Category.
        category: ActionCategory,
        /// Action octet, absent for vendor-specific categories.
        action: Option<u8>,
        /// Everything after Category and Action.
        body: &'a [u8],
    },
}

impl<'a> ActionBody<'a> {
    /// Parses a body; fails if a typed frame's fixed fields are cut or its elements broken.
    pub fn parse<T: AsRef<[u8]> + ?Sized>(action: &Action<&'a T>) -> Result<ActionBody<'a>> {
        action.check_len()?;
        let category = action.category();
        let code = action.action();
        let p = action.payload();
        Ok(match (category, code) {
            (ActionCategory::BlockAck, Some(0)) => ActionBody::AddbaReq(AddbaReq::parse(p)?),
            (ActionCategory::BlockAck, Some(1)) => ActionBody::AddbaResp(AddbaResp::parse(p)?),
            (ActionCategory::BlockAck, Some(2)) => ActionBody::Delba(Delba::parse(p)?),
            (ActionCategory::SaQuery, Some(0)) => ActionBody::SaQueryReq(SaQuery::parse(p)?),
            (ActionCategory::SaQuery, Some(1)) => ActionBody::SaQueryResp(SaQuery::parse(p)?),
            (category, action) => ActionBody::Other { category, action, body: p },
        })
    }

    /// Category.
    pub fn category(&self) -> ActionCategory {
        match self {
            ActionBody::AddbaReq(_) | ActionBody::AddbaResp(_) | ActionBody::Delba(_) => {
                ActionCategory::BlockAck
            }
            ActionBody::SaQueryReq(_) | ActionBody::SaQueryResp(_) => ActionCategory::SaQuery,
            ActionBody::Other { category, .. } => *category,
        }
    }

    /// The Action octet, when the body has one.
    pub fn action(&self) -> Option<u8> {
        match self {
            ActionBody::AddbaReq(_) | ActionBody::SaQueryReq(_) => Some(0),
            ActionBody::AddbaResp(_) | ActionBody::SaQueryResp(_) => Some(1),
            ActionBody::Delba(_) => Some(2),
            ActionBody::Other { action, .. } => *action,
        }
    }

    /// The trailing elements of a typed frame; `None` for [`ActionBody::Other`].
    pub fn elements(&self) -> Option<Elements<'a>> {
        match self {
            ActionBody::AddbaReq(r) => Some(r.elements),
            ActionBody::AddbaResp(r) => Some(r.elements),
            ActionBody::Delba(r) => Some(r.elements),
            ActionBody::SaQueryReq(r) | ActionBody::SaQueryResp(r) => Some(r.elements),
            ActionBody::Other { .. } => None,
        }
    }

    fn payload_len(&self) -> usize {
        let fixed_plus = |fixed: usize, e: &Elements<'_>| fixed + e.as_bytes().len();
        match self {
            ActionBody::AddbaReq(r) => fixed_plus(field::addba_req::ELEMENTS, &r.elements),
            ActionBody::AddbaResp(r) => fixed_plus(field::addba_resp::ELEMENTS, &r.elements),
            ActionBody::Delba(r) => fixed_plus(field::delba::ELEMENTS, &r.elements),
            ActionBody::SaQueryReq(r) | ActionBody::SaQueryResp(r) => {
                fixed_plus(field::sa_query::ELEMENTS, &r.elements)
            }
            ActionBody::Other { body, .. } => body.len(),
        }
    }

    /// Octets `emit` writes.
    pub fn buffer_len(&self) -> usize {
        1 + usize::from(self.action().is_some()) + self.payload_len()
    }

    /// Writes the body into the start of `action`, which holds at least `buffer_len()` octets.
    pub fn emit<T: AsRef<[u8]> + AsMut<[u8]>>(&self, action: &mut Action<T>) {
        action.set_category(self.category());
        let mut at = 1;
        if let Some(code) = self.action() {
            action.set_action(code);
            at = 2;
        }
        let p = action.payload_mut(at);
        match self {
            ActionBody::AddbaReq(r) => r.emit(p),
            ActionBody::AddbaResp(r) => r.emit(p),
            ActionBody::Delba(r) => r.emit(p),
            ActionBody::SaQueryReq(r) | ActionBody::SaQueryResp(r) => r.emit(p),
            ActionBody::Other { body, .. } => p[..body.len()].copy_from_slice(body),
        }
    }
}

#[cfg(test)]
mod test {
    use super::*;
    use crate::wire::mgmt::testutil::{arb_elements, unhex};
    use proptest::prelude::*;

    // aircrack-ng__capture_wds-01.cap frame 26: ADDBA Request, TID 0, buffer 64, SSN 1.
    const ADDBA_REQ: &str = "030001031000001000";
    // aircrack-ng__capture_wds-01.cap frame 28: ADDBA Response, success.
    const ADDBA_RESP: &str = "030101000002100000";
    // aircrack-ng__pmkid-not-recognized.cap frame 1051: DELBA, initiator, TID 6, reason 39.
    const DELBA: &str = "030200682700";
    // aircrack-ng__capture_wds-01.cap frame 22: HT category, action 1 (SM power save).
    const HT_SMPS: &str = "070100";

    #[test]
    fn deconstruct_addba_request() {
        let body = unhex(ADDBA_REQ);
        let a = Action::new_checked(&body[..]).unwrap();
        assert_eq!(a.category(), ActionCategory::BlockAck);
        assert_eq!(a.action(), Some(BlockAckAction::AddbaRequest.value()));
        let ActionBody::AddbaReq(r) = ActionBody::parse(&a).unwrap() else { panic!("not ADDBA") };
        assert_eq!(r.dialog_token, 1);
        assert!(r.params.amsdu_supported() && r.params.immediate());
        assert_eq!((r.params.tid(), r.params.buffer_size()), (0, 64));
        assert_eq!(r.timeout, 0);
        assert_eq!((r.ssc.sequence(), r.ssc.fragment()), (1, 0));
        assert!(r.elements.as_bytes().is_empty());
    }

    #[test]
    fn deconstruct_addba_response_and_delba() {
        let body = unhex(ADDBA_RESP);
        let ActionBody::AddbaResp(r) = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap()
        else {
            panic!("not ADDBA response")
        };
        assert_eq!(r.status, StatusCode::Success);
        assert_eq!(r.params, BlockAckParams::new(false, true, 0, 64));

        let body = unhex(DELBA);
        let ActionBody::Delba(r) = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap()
        else {
            panic!("not DELBA")
        };
        assert!(r.params.initiator());
        assert_eq!(r.params.tid(), 6);
        assert_eq!(r.params, DelbaParams::new(true, 6));
        assert_eq!(r.reason, ReasonCode::from(39));
    }

    #[test]
    fn deconstruct_sa_query_and_others() {
        // SA Query Request, transaction ID 0x12 0x34, with an OCI element (ext 54... here raw).
        let body = unhex("080012340102aabb");
        let b = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap();
        let ActionBody::SaQueryReq(q) = b else { panic!("not SA Query") };
        assert_eq!(q.transaction_id, [0x12, 0x34]);
        assert_eq!(q.elements.iter().count(), 1);

        let body = unhex(HT_SMPS);
        let b = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(b, ActionBody::Other { category: ActionCategory::Ht, action: Some(1), body: &[0] });

        // Vendor-specific: OUI right after the category, no Action octet.
        let body = unhex("7f0017f20810");
        let b = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(b.action(), None);
        assert_eq!(
            b,
            ActionBody::Other { category: ActionCategory::VendorSpecific, action: None, body: &body[1..] }
        );

        // Unknown Block Ack action: raw.
        let body = unhex("0309aa");
        let b = ActionBody::parse(&Action::new_checked(&body[..]).unwrap()).unwrap();
        assert_eq!(
            b,
            ActionBody::Other { category: ActionCategory::BlockAck, action: Some(9), body: &[0xaa] }
        );
    }

    #[test]
    fn construct_byte_exact() {
        for hex in [ADDBA_REQ, ADDBA_RESP, DELBA, HT_SMPS, "080112340102aabb", "7f0017f20810", "05", "7e"] {
            let body = unhex(hex);
            let r = ActionBody::parse(&Action::new_unchecked(&body[..])).unwrap();
            let mut out = vec![0xa5; r.buffer_len()];
            r.emit(&mut Action::new_unchecked(&mut out[..]));
            assert_eq!(out, body, "{hex}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(Action::new_checked(&[][..]).unwrap_err().kind(), ErrorKind::Truncated);
        let body = unhex(ADDBA_REQ);
        for n in 2..body.len() {
            let a = Action::new_checked(&body[..n]).unwrap();
            assert_eq!(a.category(), ActionCategory::BlockAck);
            assert_eq!(ActionBody::parse(&a).unwrap_err().kind(), ErrorKind::Truncated, "{n}");
        }
        // DELBA followed by a broken element.
        let body = unhex("030200682700dd05");
        assert!(ActionBody::parse(&Action::new_unchecked(&body[..])).is_err());
        // SA Query with one octet of transaction ID.
        assert!(ActionBody::parse(&Action::new_unchecked(&[8u8, 1, 0][..])).is_err());
    }

    #[test]
    fn category_names() {
        assert_eq!(ActionCategory::from(34), ActionCategory::ProtectedFtm);
        assert_eq!(ActionCategory::from(3).to_string(), "Block Ack");
        assert_eq!(format!("{:?}", ActionCategory::from(200)), "Unknown(0xc8)");
    }

    fn arb_action<'a>(
        kind: u8,
        elems: &'a [u8],
        f: (u8, u16, u16, u16, [u8; 2]),
        raw: (u8, u8, &'a [u8]),
    ) -> ActionBody<'a> {
        let elements = Elements::new(elems);
        let (token, a, b, c, id) = f;
        match kind {
            0 => ActionBody::AddbaReq(AddbaReq {
                dialog_token: token,
                params: BlockAckParams(a),
                timeout: b,
                ssc: SeqCtrl(c),
                elements,
            }),
            1 => ActionBody::AddbaResp(AddbaResp {
                dialog_token: token,
                status: a.into(),
                params: BlockAckParams(b),
                timeout: c,
                elements,
            }),
            2 => ActionBody::Delba(Delba { params: DelbaParams(a), reason: b.into(), elements }),
            3 => ActionBody::SaQueryReq(SaQuery { transaction_id: id, elements }),
            4 => ActionBody::SaQueryResp(SaQuery { transaction_id: id, elements }),
            _ => {
                let (cat, act, body) = raw;
                // Keep Other canonical: not a typed (category, action) pair.
                let category = ActionCategory::from(if cat == 3 || cat == 8 { 4 } else { cat });
                let action = (!category.is_vendor()).then_some(act);
                ActionBody::Other { category, action, body }
            }
        }
    }

    proptest! {
        #[test]
        fn round_trip(
            kind in 0u8..6,
            elems in arb_elements(),
            f: (u8, u16, u16, u16, [u8; 2]),
            cat: u8,
            act: u8,
            raw in proptest::collection::vec(any::<u8>(), 0..16),
        ) {
            let r = arb_action(kind, &elems, f, (cat, act, &raw));
            let mut buf = vec![0; r.buffer_len()];
            r.emit(&mut Action::new_unchecked(&mut buf[..]));
            let parsed = ActionBody::parse(&Action::new_unchecked(&buf[..])).unwrap();
            prop_assert_eq!(parsed, r);
        }

        #[test]
        fn never_panics(cat in prop_oneof![Just(3u8), Just(8), Just(127), any::<u8>()],
                        bytes in proptest::collection::vec(any::<u8>(), 0..24)) {
            let mut bytes = bytes;
            if let Some(b) = bytes.first_mut() {
                *b = cat;
            }
            let a = Action::new_unchecked(&bytes[..]);
            if a.check_len().is_ok() {
                let _ = (a.category(), a.action(), a.payload());
            }
            if let Ok(r) = ActionBody::parse(&a) {
                let _ = r.elements().map(|e| e.iter().count());
                let mut out = vec![0; r.buffer_len()];
                r.emit(&mut Action::new_unchecked(&mut out[..]));
                prop_assert_eq!(out, bytes);
            }
        }
    }
}
