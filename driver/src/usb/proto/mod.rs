//! The MT7601U's USB protocol, sans-IO: numbers, register addresses, and the encoders and
//! decoders of everything that crosses the bus (MediaTek MT7601U; Linux
//! `drivers/net/wireless/mediatek/mt7601u/`, facts in `reference/usb-dongle.md`).
//!
//! Nothing here does I/O or keeps state across calls; the driver ([`super::radio`]) and the
//! emulated dongle ([`super::emulator`]) both speak through these functions. Every decoder is
//! total: it answers a typed [`ProtoError`] for octets that cannot be what they claim, never
//! panics.
//!
//! - [`desc`]: TXINFO and TXWI (TX descriptors), rate codes;
//! - [`eeprom`]: the EEPROM (eFuse) image, parsed into calibration and power settings, and its
//!   builder for the emulator;
//! - [`rx`]: RX aggregates (DMA info, RXINFO/RXWI, frame, FCE trailer), RSSI encoding;
//! - [`mcu`]: inband MCU command framing and responses;
//! - [`firmware`]: the firmware image format and its upload chunks;
//! - [`channel`]: the RF frequency plan of channels 1-14;
//! - [`regs`]: register addresses and fields;
//! - [`initvals`]: the vendor's register init tables.

pub mod channel;
pub mod desc;
pub mod eeprom;
pub mod firmware;
pub mod initvals;
pub mod mcu;
pub mod regs;
pub mod rx;

/// USB vendor:product IDs the Linux driver claims (`mt7601u_device_table`).
pub const USB_IDS: [(u16, u16); 17] = [
    (0x0b05, 0x17d3),
    (0x0e8d, 0x760a),
    (0x0e8d, 0x760b),
    (0x13d3, 0x3431),
    (0x13d3, 0x3434),
    (0x148f, 0x7601),
    (0x148f, 0x760a),
    (0x148f, 0x760b),
    (0x148f, 0x760c),
    (0x148f, 0x760d),
    (0x2001, 0x3d04),
    (0x2717, 0x4106),
    (0x2955, 0x0001),
    (0x2955, 0x1001),
    (0x2955, 0x1003),
    (0x2a5f, 0x1000),
    (0x7392, 0x7710),
];

/// Vendor control requests (`MT_VEND_*`).
pub mod vendor {
    /// Device mode: reset (wValue 1) or start the firmware (wValue 0x12, data = IVB).
    pub const DEV_MODE: u8 = 0x01;
    /// Write 16 bits (wValue) at a register offset (wIndex).
    pub const WRITE: u8 = 0x02;
    /// Read 32 bits at a register offset (wIndex).
    pub const MULTI_READ: u8 = 0x07;
    /// Write 16 bits of the FCE DMA address/length registers.
    pub const WRITE_FCE: u8 = 0x42;
    /// `DEV_MODE` wValue: reset.
    pub const MODE_RESET: u16 = 1;
    /// `DEV_MODE` wValue: start the firmware.
    pub const MODE_START_FW: u16 = 0x12;
}

/// Bulk OUT endpoints by position in the interface descriptor (not by address).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum OutEndpoint {
    /// MCU commands and firmware chunks.
    InbandCmd,
    /// The EDCA data queue for an access category: 0 BK, 1 BE, 2 VI, 3 VO.
    Edca(u8),
    /// HCCA (unused).
    Hcca,
}

/// Bulk IN endpoints by position.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum InEndpoint {
    /// Received frames, aggregated.
    PacketRx,
    /// MCU command responses.
    CmdResp,
}

/// Why octets from (or for) the device are not what they claim.
#[derive(Clone, PartialEq, Eq, Debug, thiserror::Error)]
pub enum ProtoError {
    /// Shorter than the structure needs.
    #[error("{0}: too short")]
    Truncated(&'static str),
    /// A length field disagrees with the buffer or the rules (multiple of 4, minimum...).
    #[error("{0}: bad length")]
    BadLength(&'static str),
    /// A field holds a value the protocol does not allow.
    #[error("{0}: bad value")]
    BadValue(&'static str),
}

/// Reads a little-endian u32 at `at`.
pub(crate) fn le32(buf: &[u8], at: usize, what: &'static str) -> Result<u32, ProtoError> {
    buf.get(at..at + 4)
        .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
        .ok_or(ProtoError::Truncated(what))
}

/// Rounds up to a multiple of 4.
pub(crate) fn round4(n: usize) -> usize {
    n.div_ceil(4) * 4
}
