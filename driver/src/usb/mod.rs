//! The MediaTek MT7601U USB dongle backend (`reference/usb-dongle.md`; Linux
//! `drivers/net/wireless/mediatek/mt7601u/`), layered as STYLE practice 9 asks:
//!
//! ```text
//! UsbRadio<T: UsbTransport>  ── implements Radio: bring-up, channel, filter, TX, RX, status
//!    │  registers, BBP/RF, MCU commands (radio::regio)
//!    ▼
//! proto                      ── sans-IO: descriptors, RX aggregates, MCU framing, firmware
//!    │
//! UsbTransport               ── control in/out, bulk out, MCU responses, RX stream
//!    ├── EmulatedDongle       in process, its radio on the simulated medium (CI)
//!    └── NusbTransport        a real dongle through usbfs (unverified: no dongle here)
//! ```
//!
//! What runs in CI is the driver against the emulator; no dongle is attached to these
//! machines, so the hardware path is unverified (docs/usb.md says what that means).

pub mod emulator;
pub mod nusb_transport;
pub mod proto;
pub mod radio;
pub mod transport;

pub use emulator::{DongleHandle, EmulatedDongle, Faults};
pub use radio::{UsbRadio, UsbRadioStats};
pub use transport::{UsbError, UsbTransport};
