//! The radio behind a new wiphy, opened before its soft-MAC is configured.
//!
//! A dongle is brought up first because it decides two things cfg80211 learns from the
//! driver at `wiphy_register` time: the permanent address (in its eFuse) and the channels it
//! may use (its EEPROM's country region). A simulated radio decides neither: it takes the
//! address plan's and the soft-MAC's full channel list, and joins the medium only once the
//! requested channel has been checked.

use super::backend::{BackendError, RadioBackend};
use hwsim::RadioConfig;
use mac80211_core::channel::{Band, Channel};
use mac80211_core::mac::Mac;
use mac80211_core::wire::MacAddr;
use softmac_driver::clock::Clock;
use softmac_driver::runner::{PhyHandle, Runner};
use softmac_driver::sim::{SimMedium, SimRadio};
use softmac_driver::usb::nusb_transport::NusbTransport;
use softmac_driver::usb::proto::firmware::Firmware;
use softmac_driver::usb::{EmulatedDongle, UsbRadio};
use std::path::Path;

/// Where Linux keeps the MT7601U firmware (Debian firmware-misc-nonfree, linux-firmware).
const FIRMWARE_PATH: &str = "/lib/firmware/mt7601u.bin";

/// A radio opened for a new wiphy.
pub enum Device {
    /// A simulated radio, added to the medium by [`Device::spawn`].
    Sim,
    /// An MT7601U emulated on the medium, brought up.
    Emulated(Box<UsbRadio<EmulatedDongle<SimRadio>>>),
    /// A real MT7601U, brought up.
    Usb(Box<UsbRadio<NusbTransport>>),
}

impl Device {
    /// Opens what `backend` names. An emulated dongle's eFuse holds `addr` and its radio sits
    /// at `config`'s position on `medium`.
    pub fn open(
        backend: &RadioBackend,
        medium: &SimMedium,
        config: &RadioConfig,
    ) -> Result<Device, BackendError> {
        match backend {
            RadioBackend::Hwsim => Ok(Device::Sim),
            RadioBackend::Mt7601uEmulated { firmware } => {
                let image = emulated_firmware(firmware.as_deref())?;
                let sim = medium.add_radio(*config).map_err(|e| BackendError::Host(e.to_string()))?;
                let (dongle, _handle) = EmulatedDongle::new(sim, config.addr);
                UsbRadio::open(dongle, image).map(|r| Device::Emulated(Box::new(r))).map_err(bring_up_failed)
            }
            RadioBackend::Mt7601uUsb { bus, address, firmware } => {
                let image = hardware_firmware(firmware.as_deref())?;
                let usb = NusbTransport::open(*bus, *address, false)
                    .map_err(|e| BackendError::Host(e.to_string()))?;
                UsbRadio::open(usb, image).map(|r| Device::Usb(Box::new(r))).map_err(bring_up_failed)
            }
        }
    }

    /// The address burnt into a real dongle; `None` when the caller chooses it.
    pub fn permanent_addr(&self) -> Option<MacAddr> {
        match self {
            Device::Usb(radio) => Some(softmac_driver::Radio::addr(radio.as_ref())),
            Device::Sim | Device::Emulated(_) => None,
        }
    }

    /// The channels the hardware allows, which replace the soft-MAC's; `None`: the soft-MAC's
    /// dual-band list.
    pub fn channels(&self) -> Option<Vec<Channel>> {
        match self {
            Device::Sim => None,
            Device::Emulated(radio) => Some(radio.channels()),
            Device::Usb(radio) => Some(radio.channels()),
        }
    }

    /// `backend` in `softmac list`.
    pub fn kind(&self) -> &'static str {
        match self {
            Device::Sim => "hwsim",
            Device::Emulated(_) | Device::Usb(_) => "mt7601u",
        }
    }

    /// Whether the radio is on the simulated medium (it has a position there).
    pub fn on_medium(&self) -> bool {
        !matches!(self, Device::Usb(_))
    }

    /// Starts the soft-MAC's runner over the radio; a simulated one joins the medium now.
    pub fn spawn(
        self,
        name: &str,
        mac: Mac,
        medium: &SimMedium,
        config: RadioConfig,
        clock: Clock,
    ) -> Result<PhyHandle, BackendError> {
        let spawned = match self {
            Device::Sim => {
                let sim = medium.add_radio(config).map_err(|e| BackendError::Host(e.to_string()))?;
                Runner::spawn_with_clock(name, mac, sim, clock)
            }
            Device::Emulated(radio) => Runner::spawn_with_clock(name, mac, *radio, clock),
            Device::Usb(radio) => Runner::spawn_with_clock(name, mac, *radio, clock),
        };
        spawned.map_err(|e| BackendError::Host(e.to_string()))
    }
}

/// Whether `backend` is 2.4 GHz only (the MT7601U is).
pub fn two_ghz_only(backend: &RadioBackend) -> bool {
    !matches!(backend, RadioBackend::Hwsim)
}

/// Whether `channel` is one a 2.4 GHz-only radio can use.
pub fn is_two_ghz(channel: &Channel) -> bool {
    channel.band() == Some(Band::Ghz2_4)
}

fn bring_up_failed(e: softmac_driver::RadioError) -> BackendError {
    BackendError::Host(format!("MT7601U bring-up: {e}"))
}

/// The firmware an emulated MT7601U is given: the file at `path` (checked like real firmware),
/// else a synthetic image of the real one's size (the emulator checks the format only).
fn emulated_firmware(path: Option<&Path>) -> Result<Firmware, BackendError> {
    match path {
        None => Ok(softmac_driver::usb::emulator::test_firmware()),
        Some(p) => read_firmware(p, ""),
    }
}

/// The firmware for a real dongle: `path`, else Linux's location, with what to do when absent.
fn hardware_firmware(path: Option<&Path>) -> Result<Firmware, BackendError> {
    let hint = "; install it (Debian: apt install firmware-misc-nonfree) or set firmware = PATH";
    read_firmware(path.unwrap_or(Path::new(FIRMWARE_PATH)), hint)
}

fn read_firmware(path: &Path, hint: &str) -> Result<Firmware, BackendError> {
    let bytes = std::fs::read(path)
        .map_err(|e| BackendError::Invalid(format!("MT7601U firmware {}: {e}{hint}", path.display())))?;
    Firmware::parse(&bytes).map_err(|e| BackendError::Invalid(format!("firmware {}: {e}", path.display())))
}
