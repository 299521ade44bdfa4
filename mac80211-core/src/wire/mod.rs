//! The 802.11 wire layer: zero-copy views and high-level representations.
//!
//! Every frame, field group and element has two levels, as smoltcp's `wire` module does:
//!
//! - A **view** `Foo<T: AsRef<[u8]>>` imbues a byte buffer with structure. `new_unchecked`
//!   wraps without looking; `check_len` verifies that every fixed field the accessors touch is
//!   present; `new_checked` does both. Getters read straight from the buffer; setters exist only
//!   when `T: AsMut<[u8]>`. Field positions live in a private `mod field`.
//! - A **representation** `FooRepr` holds the decoded values. `FooRepr::parse(&view)` validates
//!   semantics as well as lengths, `buffer_len()` says how many octets `emit` writes, and
//!   `emit(&mut view)` writes them. For every `Repr`, `parse(emit(r)) == r` and, for input that
//!   parsed, `emit(parse(b)) == b` byte for byte.
//!
//! # Panic contract
//!
//! Peer input never panics. After `check_len()` (or `new_checked`) has succeeded, no accessor of
//! that view panics, whatever the bytes are. Variable parts (element lists, A-MSDU subframes,
//! radiotap fields) are read by iterators that yield `Result` and stop after the first error.
//! Emitting into a buffer uses `new_unchecked`, never `new_checked`: a reused buffer holds stale
//! bytes that would make the check meaningless; the caller sizes it with `buffer_len()`, and an
//! emit into a buffer shorter than that panics (a caller bug, not peer input).
//!
//! # Errors
//!
//! [`Error`] is small and `Copy`: an [`ErrorKind`] plus a static description of the field that
//! failed, so a decoder can say *what* was wrong ("truncated: RSN pairwise suite list") without
//! allocating.
//!
//! Frames are handled without FCS everywhere except in [`fcs`].

#[allow(dead_code)] // a toolbox: not every width is used by every build
pub(crate) mod bytes;
pub(crate) mod macros;

pub mod addr;
pub mod amsdu;
pub mod avs;
pub mod ccmp;
pub mod codes;
pub mod ctrl;
pub mod data;
pub mod eapol;
pub mod element;
pub mod ethernet;
pub mod fc;
pub mod fcs;
pub mod frame;
pub mod header;
pub mod linktype;
pub mod llc;
pub mod mgmt;
pub mod prism;
pub mod radiotap;

pub use addr::MacAddr;
pub use amsdu::{AmsduIter, AmsduSubframe, AmsduWriter};
pub use ccmp::{CcmpHeader, CcmpHeaderRepr};
pub use codes::{AuthAlgorithm, ReasonCode, StatusCode};
pub use ctrl::CtrlRepr;
pub use data::DataRepr;
pub use eapol::{EapolFrame, EapolKeyFrame, EapolKeyRepr, EapolRepr, EapolType, KeyInfo, KeyMessageKind};
pub use element::{
    Element, ElementId, ElementIter, ElementLookup, ElementType, ElementWriter, Elements, EmitElement,
    ExtElementId,
};
pub use ethernet::{EtherType, EthernetFrame, EthernetRepr};
pub use fc::{CtrlSubtype, DataSubtype, ExtSubtype, FrameControl, FrameType, MgmtSubtype, Subtype};
pub use frame::FrameRepr;
pub use header::{
    AckPolicy, DsAddresses, Frame, HeaderLayout, HeaderRepr, HtControl, HtControlVariant, QosControl, SeqCtrl,
};
pub use linktype::{LinkType, RadioHeader, RadioSplit, split_radio_header};
pub use llc::{LlcSnap, LlcSnapRepr};
pub use mgmt::{CapabilityInfo, MgmtBody, MgmtRepr};
pub use radiotap::{Radiotap, RadiotapField, RadiotapInfo, RadiotapRepr};

use core::fmt;

/// What went wrong while reading or writing wire data.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub enum ErrorKind {
    /// The buffer ends before a field that must be there.
    Truncated,
    /// A length or count field disagrees with the data or with the standard's bounds.
    BadLength,
    /// A field holds a value the standard does not allow here.
    BadValue,
    /// The FCS does not match the frame.
    BadFcs,
    /// A valid construct this codec does not decode (for example protocol version 1).
    Unsupported,
    /// The output buffer is too small for what is being written.
    NoSpace,
}

impl ErrorKind {
    fn as_str(self) -> &'static str {
        match self {
            ErrorKind::Truncated => "truncated",
            ErrorKind::BadLength => "bad length",
            ErrorKind::BadValue => "bad value",
            ErrorKind::BadFcs => "bad FCS",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::NoSpace => "no space",
        }
    }
}

/// A wire error: its kind and the field it concerns.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug)]
pub struct Error {
    kind: ErrorKind,
    field: &'static str,
}

impl Error {
    /// An error of `kind` concerning `field` (a short human description, e.g. "RSN AKM list").
    pub const fn new(kind: ErrorKind, field: &'static str) -> Error {
        Error { kind, field }
    }

    /// The kind of error.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// The field the error concerns.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.kind.as_str(), self.field)
    }
}

impl std::error::Error for Error {}

/// Result of a wire operation.
pub type Result<T> = core::result::Result<T, Error>;
